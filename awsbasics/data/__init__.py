"""AWS facts as JSON, each with its source URL and as-of date.

A fact is ``{"value": ..., "source": URL, "as_of": "YYYY-MM"}``; a table is
``{"columns": [...], "rows": [[...], ...], "source": URL, "as_of": "YYYY-MM"}``.
Where the July 2020 course states something different, the fact also carries
``"course_2020"`` (the old value) and ``"changed"`` (one sentence on what changed).

    >>> from awsbasics.data import fact
    >>> fact("infra", "min_azs_per_region")["value"] >= 3
    True
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["load", "fact", "value", "changes"]


@cache
def load(name: str) -> dict:
    """The parsed ``awsbasics/data/<name>.json`` document (cached; do not mutate)."""
    if not isinstance(name, str):
        raise TypeError(f"data file name must be str, not {type(name).__name__}")
    path = resources.files(__name__).joinpath(f"{name}.json")
    if not path.is_file():
        raise KeyError(f"no data file {name!r} in awsbasics/data")
    return json.loads(path.read_text(encoding="utf-8"))


def fact(name: str, key: str) -> dict:
    """One sourced fact or table from a data file."""
    document = load(name)
    if key not in document:
        raise KeyError(f"no fact {key!r} in awsbasics/data/{name}.json")
    return document[key]


def value(name: str, key: str):
    """The ``value`` of one sourced fact."""
    return fact(name, key)["value"]


def changes(name: str) -> list[dict]:
    """The facts of one data file that changed since the 2020 course."""
    return [
        {"fact": key, **entry}
        for key, entry in load(name).items()
        if isinstance(entry, dict) and "course_2020" in entry
    ]
