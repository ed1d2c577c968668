"""Range checks of the caching area: a wrong kind is a TypeError, a value out of range a CacheConfigError."""

from __future__ import annotations

import math

from awsbasics._checks import is_int, is_real, require_int, require_real
from awsbasics.errors import CacheConfigError


def _shown(value: int) -> str:
    """An int as text, short even when it has thousands of digits."""
    return str(value) if value.bit_length() <= 128 else f"(an int of {value.bit_length():,} bits)"


def _bound(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def check_int(value: object, what: str, low: int, high: int, rule: str, error=CacheConfigError) -> int:
    """``value`` if it is an int in [low, high]; else TypeError (kind) or ``error`` naming the rule."""
    value = require_int(value, what)
    if not low <= value <= high:
        raise error(f"{what}={_shown(value)}: {rule} ({low:,} to {high:,})")
    return value


def check_number(
    value: object, what: str, low: float, high: float, rule: str, error=CacheConfigError, *, low_open: bool = False
) -> float:
    """``value`` as a finite float in [low, high] (``(low, high]`` with ``low_open``)."""
    if is_int(value) and int(value).bit_length() > 1000:
        raise error(f"{what}={_shown(int(value))}: {rule} is a finite number of ordinary size")
    if is_real(value) and not is_int(value) and not math.isfinite(value):
        raise error(f"{what}={float(value)!r}: {rule} is a finite number")
    number = require_real(value, what, error=error)
    shown = _shown(int(value)) if is_int(value) else repr(number)
    if number > high or number < low or (low_open and number == low):
        bounds = f"above {_bound(low)} and at most {_bound(high)}" if low_open else f"{_bound(low)} to {_bound(high)}"
        raise error(f"{what}={shown}: {rule} ({bounds})")
    return number


def check_seed(seed: object) -> int:
    """A simulation seed: an int from 0 to 2**63 - 1."""
    return check_int(seed, "seed", 0, 2**63 - 1, "a seed is a non-negative integer")
