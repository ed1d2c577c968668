"""JSON parsing pieces shared by the strict document readers (IAM policies, saved VPCs).

``json.loads(text, object_pairs_hook=object_pairs)`` keeps every object's first
repeated key in ``.duplicate`` (plain ``json`` silently keeps the last value), so
the reader can refuse it with the key's path. A reader's ``parse_int`` returns a
:class:`LongNumber` for digits it will not convert, and reports it with its path
when it walks the document.

    >>> obj = json.loads('{"a": 1, "a": 2}', object_pairs_hook=object_pairs)
    >>> obj.duplicate, obj["a"]
    ('a', 2)
"""

from __future__ import annotations

import json  # noqa: F401 - the doctest uses it

__all__ = ["JsonObject", "LongNumber", "object_pairs"]


class JsonObject(dict):
    """A JSON object that remembers the first key it saw twice."""

    duplicate: str | None = None


def object_pairs(pairs) -> JsonObject:
    """``object_pairs_hook`` for ``json.loads``: a :class:`JsonObject` noting its first duplicate key."""
    obj = JsonObject()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


class LongNumber(str):
    """An integer's digits when a reader refuses to convert that many; reported later with its path."""
