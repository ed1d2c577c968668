"""Small argument checks shared by the microservices modules."""

from __future__ import annotations

import math

from awsbasics._checks import require_int, require_number

__all__ = ["choice", "finite", "whole"]


def whole(value: object, what: str, error: type, *, low: int, high: int, unit: str = "", rule: str = "") -> int:
    """``value`` as an int in ``[low, high]``; TypeError for a non-int, ``error`` (an AwsRuleError) outside."""
    value = require_int(value, what)
    if not low <= value <= high:
        shown = f"{value:,}" if abs(value) < 10**30 else f"{value:.3e}"
        suffix = f" {unit}" if unit else ""
        raise error(f"{what}={shown}{suffix}: {rule or 'allowed values are'} {low:,} to {high:,}{suffix}")
    return value


def finite(
    value: object,
    what: str,
    error: type,
    *,
    low: float = 0.0,
    high: float = math.inf,
    unit: str = "",
    rule: str = "",
    low_open: bool = False,
) -> float:
    """``value`` as a finite float in ``[low, high]`` (``(low, high]`` with ``low_open``)."""
    number = require_number(value, what)
    if math.isnan(number) or math.isinf(number):
        raise error(f"{what}={value!r}: a finite number is needed")
    below = number <= low if low_open else number < low
    if below or number > high:
        suffix = f" {unit}" if unit else ""
        bound = "above" if low_open else "from"
        top = "" if math.isinf(high) else f" to {high:,g}{suffix}"
        raise error(f"{what}={number:g}{suffix}: {rule or 'the value must be'} {bound} {low:,g}{top}")
    return number


def choice(value: object, what: str, error: type, options: tuple[str, ...]) -> str:
    """``value`` if it is one of ``options`` (exact spelling, as the AWS API takes it)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if value not in options:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise error(f"{what}={shown!r}: use one of {', '.join(options)}")
    return value
