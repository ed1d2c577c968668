"""JSON paths into a policy document, and the PolicyError that carries one.

>>> join(join("Statement", 2), "Condition")
'Statement[2].Condition'
>>> join("Condition.StringEquals", "aws:PrincipalTag/team name")
'Condition.StringEquals["aws:PrincipalTag/team name"]'
"""

from __future__ import annotations

import json
import re

from awsbasics.errors import PolicyError

__all__ = ["join", "policy_error"]

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_:/@+=,*?$-]+")


def join(path: str, key) -> str:
    """The path of ``key`` (a list index or an object key) inside ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not _PLAIN_KEY.fullmatch(key):
        return f"{path}[{json.dumps(key, ensure_ascii=True)}]"
    return f"{path}.{key}" if path else key


def policy_error(path: str, message: str) -> PolicyError:
    """A PolicyError whose message starts with ``path`` and whose ``.path`` is ``path``."""
    return PolicyError(f"{path}: {message}" if path else message, path)
