"""Argument kind checks shared by the areas: one rule for every number a caller passes.

- An integer is a :class:`numbers.Integral` that is not a ``bool``: ``5`` and
  ``numpy.int64(5)`` are integers, ``True`` and ``5.0`` are not. It comes back as an ``int``.
- A real number is a :class:`numbers.Real` that is not a ``bool`` and is finite:
  ``2.5``, ``3`` and ``numpy.float64(2.5)`` are, ``True``, ``"2.5"``, NaN and infinity are not.
  It comes back as a ``float``.

A wrong Python kind is a ``TypeError``, never an AWS rule; a real number that is
NaN, infinite or too large for a float is a ValueError of the caller's choosing
(its area's :class:`~awsbasics.errors.AwsRuleError` subclass)::

    >>> import numpy as np
    >>> require_int(np.int64(100), "size_gib")
    100
    >>> require_int(True, "size_gib")
    Traceback (most recent call last):
    ...
    TypeError: size_gib must be int, not bool
    >>> require_real(float("nan"), "rate")
    Traceback (most recent call last):
    ...
    awsbasics.errors.AwsRuleError: rate=nan: give a finite number, not NaN or infinity
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import TypeGuard

from awsbasics.errors import AwsRuleError


def require_str(value: object, what: str) -> str:
    """``value`` if it is text; else a TypeError naming ``what``."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value


def is_int(value: object) -> TypeGuard[Integral]:
    """Whether ``value`` is an integer under the rule above (Integral, not bool)."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def is_real(value: object) -> TypeGuard[Real]:
    """Whether ``value`` is a real number of the right kind (Real, not bool); finiteness is not checked."""
    return isinstance(value, Real) and not isinstance(value, bool)


def require_int(value: object, what: str) -> int:
    """``value`` as an ``int`` if it is an integer (``numbers.Integral``, not a bool); else a TypeError."""
    if not is_int(value):
        raise TypeError(f"{what} must be int, not {type(value).__name__}")
    return int(value)


def require_seed(value: object, *, error: type[ValueError] = AwsRuleError) -> int:
    """A simulation's ``seed`` as an ``int`` from 0 to 2**64 - 1, the range a numpy ``Generator`` accepts.

    Raises:
        TypeError: not an integer.
        ValueError: ``error`` (the area's AwsRuleError subclass) for a seed out of that range.
    """
    seed = require_int(value, "seed")
    if not 0 <= seed < 2**64:
        shown = seed if seed.bit_length() <= 64 else f"(an int of {seed.bit_length():,} bits)"
        raise error(f"seed={shown}: a seed is 0 to 2**64 - 1 (a numpy Generator seed)")
    return seed


def require_real(value: object, what: str, *, error: type[ValueError] = AwsRuleError) -> float:
    """``value`` as a finite ``float`` if it is a real number (``numbers.Real``, not a bool).

    Raises:
        TypeError: not a real number (a bool, text, None, ...).
        ValueError: ``error`` (an area's AwsRuleError subclass) for NaN, infinity
            or an integer too large for a float; the message names ``what`` and the value.
    """
    if not is_real(value):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        bits = int(math.trunc(value)).bit_length()
        raise error(f"{what}=(an integer of {bits:,} bits): too large for a float; give a finite number") from None
    if not math.isfinite(number):
        raise error(f"{what}={number}: give a finite number, not NaN or infinity")
    return number


def require_number(value: object, what: str) -> float:
    """``value`` as a float if it is a real number (not a bool); else a TypeError naming ``what``.

    The kind half of the rule alone, for a caller that words the finite half itself
    (it checks :func:`math.isfinite` next, with its area's error and rule): NaN and
    infinity pass, and an int too large for a float raises OverflowError. Elsewhere
    :func:`require_real` applies the whole rule.
    """
    if not is_real(value):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    return float(value)
