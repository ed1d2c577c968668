"""Load Balancer Capacity Units: how many LCUs an hour of Application Load Balancer traffic uses.

An ALB bills each hour it runs plus LCU-hours, and one hour's LCUs are the
largest of four dimensions, each divided by its size in one LCU
(``LCU_DIMENSIONS``, from ``awsbasics/data/pricing.json``):

    >>> alb_lcus(new_connections_per_s=50, active_connections_per_min=3_000,
    ...          processed_gb_per_hour=0.5, rule_evaluations_per_s=0, rules=0).lcus
    2.0

The argument checks at the bottom (amounts, counts, flags, choices and viewer-location maps,
each refused with an :class:`~awsbasics.errors.EstimateError` naming the value) are shared with
:mod:`~awsbasics.capstone.estimate`.

Source: https://aws.amazon.com/elasticloadbalancing/pricing/ (read through the
secondary copies pricing.json names).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from awsbasics import data
from awsbasics._checks import require_int, require_real, require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.capstone.prices import VIEWER, VIEWER_LOCATIONS
from awsbasics.errors import EstimateError

__all__ = ["LCU_DIMENSIONS", "AlbLcus", "alb_lcus"]

LCU_DIMENSIONS: dict[str, Any] = data.value("pricing", "alb_lcu_dimensions")

# This library's bounds, not AWS facts: far past any teaching architecture, so a typo is refused.
MAX_RATE = 1e9
MAX_RULES = 10_000


@dataclass(frozen=True, slots=True)
class AlbLcus(Rendered):
    """The LCUs one hour of ALB traffic uses, by dimension; the hour is billed at the largest."""

    by_dimension: tuple[tuple[str, float], ...]

    _view_ = "capstone.lcus_view"

    @property
    def lcus(self) -> float:
        """LCUs billed for the hour: the largest dimension."""
        return max(value for _, value in self.by_dimension)

    @property
    def dimension(self) -> str:
        """The dimension that decides the bill (the first of equals)."""
        return max(self.by_dimension, key=lambda pair: pair[1])[0]

    def rows(self) -> list[tuple[str, float]]:
        return [(name, round(value, 6)) for name, value in self.by_dimension]

    def text(self) -> str:
        head = f"{self.lcus:g} LCU for the hour, set by {self.dimension} (the largest of the four dimensions)"
        return head + "\n" + text_table(["dimension", "lcus"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def alb_lcus(
    *,
    new_connections_per_s: float,
    active_connections_per_min: float,
    processed_gb_per_hour: float,
    rule_evaluations_per_s: float,
    rules: int,
) -> AlbLcus:
    """The LCUs an hour of Application Load Balancer traffic uses (EC2 instance or IP targets).

    ``rule_evaluations_per_s`` counts every rule processed for every request
    (requests per second times ``rules``); the first 10 rules of each request
    are free, so only ``(rules - 10) / rules`` of them are billed.

    >>> alb_lcus(new_connections_per_s=5, active_connections_per_min=300, processed_gb_per_hour=0.1,
    ...          rule_evaluations_per_s=300, rules=60).dimension    # 5 req/s x 60 rules: 250 billed
    'rule_evaluations'

    Raises:
        EstimateError: a negative, non-finite or absurd rate; evaluations without rules.
    """
    new = _amount(new_connections_per_s, "new_connections_per_s", MAX_RATE)
    active = _amount(active_connections_per_min, "active_connections_per_min", MAX_RATE)
    gb = _amount(processed_gb_per_hour, "processed_gb_per_hour", MAX_RATE)
    evaluations = _amount(rule_evaluations_per_s, "rule_evaluations_per_s", MAX_RATE)
    count = _count(rules, "rules", 0, MAX_RULES, "rules processed per request")
    if evaluations and not count:
        raise EstimateError(
            f"rule_evaluations_per_s={evaluations:g} with rules=0: evaluations are requests x rules processed"
        )
    free = LCU_DIMENSIONS["free_rules_per_request"]
    billed = evaluations * max(0, count - free) / count if count else 0.0
    return AlbLcus(
        (
            ("new_connections", new / LCU_DIMENSIONS["new_connections_per_s"]),
            ("active_connections", active / LCU_DIMENSIONS["active_connections_per_min"]),
            ("processed_bytes", gb / LCU_DIMENSIONS["processed_gb_per_hour_ec2_targets"]),
            ("rule_evaluations", billed / LCU_DIMENSIONS["rule_evaluations_per_s"]),
        )
    )


# ---------------------------------------------------------------- argument checks (shared with the estimate)


def _amount(value: object, what: str, limit: float) -> float:
    """``value`` as a float from 0 to ``limit``; else an EstimateError naming ``what``."""
    number = require_real(value, what, error=EstimateError)
    if not 0 <= number <= limit:
        raise EstimateError(f"{what}={value!r}: give an amount from 0 to {limit:,.0f}")
    return number


def _count(value: object, what: str, low: int, high: int, rule: str) -> int:
    """``value`` as an int from ``low`` to ``high``; else an EstimateError stating ``rule``."""
    number = require_int(value, what)
    if not low <= number <= high:
        shown = f"(an int of {number.bit_length():,} bits)" if number.bit_length() > 64 else str(number)
        raise EstimateError(f"{what}={shown}: {rule} ({low:,} to {high:,})")
    return number


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be bool, not {type(value).__name__}")
    return value


def _choice(value: object, what: str, options: Iterable[str]) -> str:
    text = require_str(value, what)
    options = list(options)
    if text not in options:
        close = difflib.get_close_matches(text[:100], options, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise EstimateError(f"{what} {text[:40]!r} has no sourced price here: use one of {', '.join(options)}{hint}")
    return text


def _viewer_amounts(mapping: object, what: str, *, integers: bool, limit: float) -> dict[str, float]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{what} must be a mapping of viewer location -> amount, not {type(mapping).__name__}")
    if len(mapping) > len(VIEWER):
        raise EstimateError(f"{what} has {len(mapping):,} entries: there are {len(VIEWER)} viewer locations")
    amounts: dict[str, float] = {}
    for location, amount in mapping.items():
        name = _choice(location, f"{what} location", VIEWER_LOCATIONS)
        if integers:
            amounts[name] = _count(amount, f"{what}[{name!r}]", 0, int(limit), "requests in a month")
        else:
            amounts[name] = _amount(amount, f"{what}[{name!r}]", limit)
    return amounts
