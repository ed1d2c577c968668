"""How EBS messages and views write numbers, durations and sizes."""

from __future__ import annotations

import math

from awsbasics.storage.ebs.catalog import GIB_PER_TIB


def _n(value: float) -> str:
    """A number as AWS writes it: thousands separators, no trailing .0 (a huge int is shortened)."""
    if isinstance(value, int) and abs(value) >= 10**18:
        return (
            f"(an int of {len(str(abs(value))):,} digits)"
            if abs(value) < 10**4000
            else f"(an int of {value.bit_length():,} bits)"
        )
    try:
        number = float(value)
    except OverflowError:
        return f"({type(value).__name__} too large for a float)"
    if not math.isfinite(number):
        return str(number)
    return f"{value:,.0f}" if number.is_integer() else f"{value:,.2f}"


def _duration(seconds: float) -> str:
    """Seconds, with minutes or hours beside them once they are long."""
    if math.isinf(seconds):
        return "unlimited"
    if seconds < 120:
        return f"{_n(seconds)} s"
    minutes = seconds / 60
    return f"{_n(seconds)} s ({minutes:,.1f} min)" if minutes < 120 else f"{_n(seconds)} s ({minutes / 60:,.1f} h)"


def _tib(gib: int) -> str:
    return f"{gib / GIB_PER_TIB:g} TiB" if gib >= GIB_PER_TIB else f"{gib} GiB"


def _shown(value: object) -> str:
    """The value for a message; an int too long to print in full is named by its size."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"(an int of {value.bit_length():,} bits)"
    return str(value)
