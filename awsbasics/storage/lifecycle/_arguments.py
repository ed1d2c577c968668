"""Argument checks shared by the lifecycle calculators: months, rule days, retrieval, bounds."""

from __future__ import annotations

import reprlib

from awsbasics import data
from awsbasics._checks import require_int, require_real
from awsbasics.errors import LifecycleError
from awsbasics.storage.lifecycle._numbers import _count
from awsbasics.storage.lifecycle.rules import Lifecycle

_MAX_OBJECT_BYTES: int = data.value("s3", "max_object_size_tb") * 1000**4
# This library's simulation bound (not an AWS quota), checked before any array is sized by it.
_HORIZON: dict = data.value("s3", "lifecycle_simulation_horizon")
_COUNTS: dict = data.value("s3", "object_count_bounds")
_MAX_PRICED_OBJECTS: int = _COUNTS["max_priced_objects"]


def _check_months(months: object) -> int:
    months = require_int(months, "months")
    if not 1 <= months <= _HORIZON["max_months"]:
        raise LifecycleError(
            f"months={reprlib.repr(months)}: simulate 1 to {_HORIZON['max_months']:,} months "
            "(this library's simulation horizon, not an AWS limit)"
        )
    return int(months)


def _check_rule_days(lifecycle: Lifecycle) -> None:
    """Refuse rule days past the simulation bound before the engine sizes arrays by them."""
    limit = _HORIZON["max_rule_days"]
    for what, days in [
        *((f"the {code} transition", d) for code, d in lifecycle.transitions),
        ("expiration_days", lifecycle.expiration_days or 0),
    ]:
        if days > limit:
            raise LifecycleError(
                f"{what} at day {_count(days)}: this library prices rules of at most {limit:,} days "
                "(its simulation horizon, not an AWS limit)"
            )


def _check_retrieval(value: object) -> float:
    number = require_real(value, "retrieved_gb_per_month", error=LifecycleError)
    if number < 0:
        raise LifecycleError(f"retrieved_gb_per_month={value}: a volume read cannot be negative")
    return number


def _check_read_fraction(value: object) -> float:
    number = require_real(value, "read_fraction_per_month", error=LifecycleError)
    if not 0 <= number <= 1:
        raise LifecycleError(f"read_fraction_per_month={value}: give the share of objects read in a month, 0 to 1")
    return number


_RESTORE_TIERS: dict[str, dict[str, float]] = {}
for _row in data.fact("s3", "restore_tiers")["rows"]:
    _RESTORE_TIERS.setdefault(_row[0], {})[_row[1]] = _row[2]


def _check_tier(tier: object, lifecycle: Lifecycle) -> str:
    """A retrieval tier every archived class of the rule offers; LifecycleError names the one that does not."""
    if not isinstance(tier, str):
        raise TypeError(f"retrieval_tier must be str, not {type(tier).__name__}")
    known = sorted({t for tiers in _RESTORE_TIERS.values() for t in tiers})
    if tier not in known:
        raise LifecycleError(f"retrieval_tier={reprlib.repr(tier)}: restores use the {', '.join(known)} tiers")
    for code, _days in lifecycle.transitions:
        if code in _RESTORE_TIERS and tier not in _RESTORE_TIERS[code]:
            raise LifecycleError(
                f"retrieval_tier={tier!r}: {code} restores offer only {', '.join(_RESTORE_TIERS[code])}"
            )
    return tier


def _check_lifecycle(lifecycle: object) -> Lifecycle:
    if not isinstance(lifecycle, Lifecycle):
        raise TypeError(f"lifecycle must be a Lifecycle, not {type(lifecycle).__name__}")
    return lifecycle
