"""Number checks for the database area: a wrong kind is a TypeError, an impossible number an AWS rule error."""

from __future__ import annotations

import math
from numbers import Real

from awsbasics._checks import require_number


def real(value: object, what: str, error: type[ValueError]) -> float:
    """``value`` as a float; TypeError for a wrong kind, ``error`` for an int too large for a float."""
    try:
        return require_number(value, what)
    except OverflowError:
        bits = int(math.trunc(value)).bit_length() if isinstance(value, Real) else 0  # only a number overflows
        raise error(f"{what} is an integer of {bits:,} bits: far beyond any value this model accepts") from None
