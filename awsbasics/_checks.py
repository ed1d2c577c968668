"""Argument kind checks shared by the areas: a wrong Python kind is a TypeError, never an AWS rule."""

from __future__ import annotations

from numbers import Real


def require_str(value: object, what: str) -> str:
    """``value`` if it is text; else a TypeError naming ``what``."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value


def require_int(value: object, what: str) -> int:
    """``value`` if it is an int (not a bool); else a TypeError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be int, not {type(value).__name__}")
    return value


def require_number(value: object, what: str) -> float:
    """``value`` as a float if it is a real number (not a bool); else a TypeError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    return float(value)
