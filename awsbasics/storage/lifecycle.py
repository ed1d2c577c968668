"""S3 storage classes, lifecycle rules, and what a rule costs month by month.

Every S3 object has a storage class (스토리지 클래스). A lifecycle
configuration (수명 주기) moves objects down the classes as they age and
deletes them at the end, counting days from each object's creation::

    >>> rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)
    >>> rule.timeline
    'STANDARD (day 0) -> STANDARD_IA (day 30) -> GLACIER (day 90) -> expire (day 365)'
    >>> cost = lifecycle_cost(rule, size_gb=1000, object_count=100_000, months=13)
    >>> round(cost.total_usd, 2), round(cost.transition_usd, 2)
    (85.26, 4.0)
    >>> Lifecycle(transitions=(("STANDARD_IA", 10),))
    Traceback (most recent call last):
    ...
    awsbasics.errors.LifecycleError: STANDARD_IA at day 10 breaks the lifecycle rule 'objects must be at least 30 days old before a transition to STANDARD_IA or ONEZONE_IA': move it to day 30 or later

:func:`lifecycle_cost` prices one batch of objects uploaded together;
:func:`simulate_inventory` prices every row of an S3 Inventory-style table
(vectorized with numpy). Both bill what AWS bills: storage at each class's
rate with its minimum billable size and archive metadata overhead,
one request per transition, the remaining days when an object leaves a class
before its minimum storage duration (early deletion), and per-GB retrieval.

A month is 30 days here, a teaching simplification (AWS meters byte-hours
over calendar months). Prices are list prices for us-east-1 and
ap-northeast-2 (Seoul) from ``awsbasics/data/s3.json``, with their sources
and as-of dates: teaching estimates, not a bill.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from types import MappingProxyType

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics.errors import InventoryError, LifecycleError, RegionError

__all__ = [
    "StorageClass",
    "STORAGE_CLASSES",
    "PRICED_REGIONS",
    "DAYS_PER_MONTH",
    "MIN_TRANSITION_SIZE_KB",
    "TRANSITION_TARGETS",
    "TRANSITION_SIZE_SETTINGS",
    "InventoryError",
    "Lifecycle",
    "LifecycleCost",
    "lifecycle_cost",
    "next_transition",
    "simulate_inventory",
    "random_inventory",
    "storage_classes_frame",
    "INVENTORY_COLUMNS",
    "standard_storage_usd",
]


# A teaching simplification, not an AWS figure: AWS meters byte-hours per calendar month.
DAYS_PER_MONTH = 30
# S3 bills binary units: a KB is 1,024 bytes and a GB 1,024^3 bytes.
_KB = 1024
_GB = 1024**3

INVENTORY_COLUMNS = ("key", "size", "last_modified", "storage_class")

_MIN_SIZE_FACT = data.fact("s3", "lifecycle_min_transition_size_kb")
MIN_TRANSITION_SIZE_KB: int = _MIN_SIZE_FACT["value"]
TRANSITION_SIZE_SETTINGS: tuple[str, ...] = tuple(_MIN_SIZE_FACT["settings"])
"""The values of TransitionDefaultMinimumObjectSize, AWS's default first."""
_DEFAULT_SIZE_SETTING: str = _MIN_SIZE_FACT["default"]
_SMALL_OBJECT_CLASSES = frozenset(_MIN_SIZE_FACT["archive_classes"])

_ALLOWED: dict[str, tuple[str, ...]] = {
    source: tuple(targets) for source, targets in data.value("s3", "lifecycle_transitions").items()
}
_IA_FACT = data.fact("s3", "lifecycle_infrequent_access_min_days")
_IA_MIN_AGE_DAYS: int = _IA_FACT["value"]
_IA_CLASSES: tuple[str, ...] = tuple(_IA_FACT["classes"])
_IA_STAY_DAYS: int = data.value("s3", "lifecycle_days_in_infrequent_access")
_OVERHEAD = data.value("s3", "archive_overhead_kb")
_MONITORING = data.fact("s3", "intelligent_tiering_monitoring")
_TIERING_IA_DAYS: int = data.fact("s3", "intelligent_tiering")["infrequent_access_after_days"]
# Transition and retrieval fees are stored for one Region and used for every Region.
_FEE_REGION: str = data.fact("s3", "transition_request_prices")["region"]
_MAX_OBJECT_BYTES: int = data.value("s3", "max_object_size_tb") * 1000**4
# This library's simulation bound (not an AWS quota), checked before any array is sized by it.
_HORIZON: dict = data.value("s3", "lifecycle_simulation_horizon")
_COUNTS: dict = data.value("s3", "object_count_bounds")
_MAX_PRICED_OBJECTS: int = _COUNTS["max_priced_objects"]


@dataclass(frozen=True, slots=True)
class StorageClass:
    """One S3 storage class with its rules and list prices, e.g. ``STORAGE_CLASSES["GLACIER"]``."""

    code: str
    name: str
    min_availability_zones: int
    min_storage_days: int
    min_billable_size_kb: int
    archived: bool
    first_byte_latency: str
    prices: tuple[tuple[str, float], ...]
    transition_usd_per_1000_requests: float | None
    retrieval_usd_per_gb: float

    def price_usd_per_gb_month(self, region: str = "us-east-1") -> float:
        """The storage list price in ``region``.

        >>> STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month("ap-northeast-2")
        0.025
        """
        _check_region(region)
        return dict(self.prices)[region]

    def __repr__(self) -> str:
        return f"STORAGE_CLASSES[{self.code!r}]"


def _table(key: str) -> dict[str, list]:
    table = data.fact("s3", key)
    return {row[0]: row[1:] for row in table["rows"]}


def _build_storage_classes() -> Mapping[str, StorageClass]:
    table = data.fact("s3", "storage_classes")
    price_table = data.fact("s3", "storage_prices")
    regions = price_table["columns"][1:]
    prices = _table("storage_prices")
    transitions = _table("transition_request_prices")
    retrievals = _table("retrieval_prices")
    classes = {}
    for row in table["rows"]:
        fields = dict(zip(table["columns"], row))
        code = fields["code"]
        classes[code] = StorageClass(
            **fields,
            prices=tuple(zip(regions, prices[code])),
            transition_usd_per_1000_requests=transitions[code][0] if code in transitions else None,
            retrieval_usd_per_gb=retrievals[code][0],
        )
    return MappingProxyType(classes)


STORAGE_CLASSES: Mapping[str, StorageClass] = _build_storage_classes()
"""The seven S3 storage classes by API code, in the order of the lifecycle waterfall."""

PRICED_REGIONS: tuple[str, ...] = tuple(data.fact("s3", "storage_prices")["columns"][1:])

_CODES = tuple(STORAGE_CLASSES)
TRANSITION_TARGETS: tuple[str, ...] = tuple(code for code in _CODES if code != "STANDARD")
"""The storage classes a lifecycle rule can move objects to, down the waterfall (never back to STANDARD)."""


def _check_region(region: object) -> str:
    from awsbasics.infra import Region

    if not isinstance(region, str):
        raise TypeError(f"region must be a Region code (str), not {type(region).__name__}")
    home = Region.get(region)
    if region not in PRICED_REGIONS:
        raise RegionError(
            f"{region!r} ({home.name}) has no S3 prices in awsbasics/data/s3.json; "
            f"prices are stored for {' and '.join(PRICED_REGIONS)}"
        )
    return region


def storage_classes_frame(*, region: str = "us-east-1"):
    """The storage classes as a pandas DataFrame, one row per class, with ``region``'s prices.

    >>> frame = storage_classes_frame(region="ap-northeast-2")
    >>> frame.loc[frame["code"] == "STANDARD_IA", "price_usd_per_gb_month"].item()
    0.0138
    """
    import pandas as pd

    _check_region(region)
    rows = [
        (
            c.code,
            c.name,
            c.price_usd_per_gb_month(region),
            c.min_storage_days,
            c.min_billable_size_kb,
            c.min_availability_zones,
            c.retrieval_usd_per_gb,
            c.transition_usd_per_1000_requests,
            c.first_byte_latency,
        )
        for c in STORAGE_CLASSES.values()
    ]
    columns = [
        "code",
        "name",
        "price_usd_per_gb_month",
        "min_storage_days",
        "min_billable_size_kb",
        "min_availability_zones",
        "retrieval_usd_per_gb",
        "transition_usd_per_1000_requests",
        "first_byte_latency",
    ]
    return pd.DataFrame(rows, columns=columns)


# --- lifecycle rules ---------------------------------------------------------------------------


def _broken(subject: str, rule: str, fix: str) -> LifecycleError:
    return LifecycleError(f"{subject} breaks the lifecycle rule '{rule}': {fix}")


def _whole_days(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{what} must be a whole number of days (int), not {type(value).__name__}")
    return int(value)


def _parse_transitions(transitions: object) -> tuple[tuple[str, int], ...]:
    if isinstance(transitions, (str, bytes)) or not isinstance(transitions, Sequence):
        raise TypeError(
            "transitions must be a sequence of (storage class, days) pairs, "
            'e.g. (("STANDARD_IA", 30), ("GLACIER", 90))'
        )
    parsed = []
    for item in transitions:
        if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) or len(item) != 2:
            raise TypeError(f"each transition is a (storage class, days) pair, not {item!r}")
        code, days = item
        if not isinstance(code, str):
            raise TypeError(f"a storage class is a code (str) such as 'GLACIER', not {type(code).__name__}")
        parsed.append((code, _whole_days(days, f"days of the {code} transition")))
    return tuple(parsed)


def _validate(transitions: tuple[tuple[str, int], ...], expiration_days: int | None, setting: str) -> None:
    """Raise :class:`LifecycleError` for the first AWS lifecycle rule the configuration breaks."""
    if setting not in TRANSITION_SIZE_SETTINGS:
        raise _broken(
            f"TransitionDefaultMinimumObjectSize={setting!r}",
            f"the setting is one of {', '.join(TRANSITION_SIZE_SETTINGS)}",
            f"use {_DEFAULT_SIZE_SETTING!r} (the default) or 'varies_by_storage_class'",
        )
    seen: dict[str, int] = {}
    for code, days in transitions:
        if code == "STANDARD":
            raise _broken(
                f"a transition to STANDARD at day {days}",
                "no lifecycle transition goes back to STANDARD",
                "objects start in STANDARD; to make an object STANDARD again, copy it",
            )
        if code not in STORAGE_CLASSES:
            raise _broken(
                f"a transition to {code!r}",
                f"transitions go to {', '.join(TRANSITION_TARGETS)}",
                "use one of those storage class codes",
            )
        if days < 0:
            raise _broken(f"{code} at day {days}", "transition days are 0 or more", "use day 0 or later")
        if code in seen:
            raise _broken(
                f"{code} at day {seen[code]} and again at day {days}",
                "one transition per storage class in a rule",
                "keep one of them",
            )
        seen[code] = days
        if code in _IA_CLASSES and days < _IA_MIN_AGE_DAYS:
            raise _broken(
                f"{code} at day {days}",
                f"objects must be at least {_IA_MIN_AGE_DAYS} days old before a transition to "
                f"{' or '.join(_IA_CLASSES)}",
                f"move it to day {_IA_MIN_AGE_DAYS} or later",
            )
    previous, previous_day = "STANDARD", 0
    for code, days in sorted(transitions, key=lambda t: t[1]):
        if previous != "STANDARD" and days == previous_day:
            raise _broken(
                f"{previous} and {code} both at day {days}",
                "each transition of a rule happens on its own day",
                "give the later storage class a later day",
            )
        if code not in _ALLOWED[previous]:
            allowed = ", ".join(_ALLOWED[previous]) or "nothing"
            raise _broken(
                f"{previous} (day {previous_day}) -> {code} (day {days})",
                f"supported lifecycle transitions: {previous} can move only to {allowed}",
                "order the transitions down the waterfall STANDARD -> " + " -> ".join(TRANSITION_TARGETS),
            )
        if previous in _IA_CLASSES and days - previous_day < _IA_STAY_DAYS:
            raise _broken(
                f"{previous} (day {previous_day}) -> {code} (day {days})",
                f"objects stay at least {_IA_STAY_DAYS} days in {previous} before the next transition",
                f"move {code} to day {previous_day + _IA_STAY_DAYS} or later",
            )
        previous, previous_day = code, days
    if expiration_days is not None:
        if expiration_days < 1:
            raise _broken(
                f"expiration at day {expiration_days}",
                "expiration days are a whole number, 1 or more",
                "use day 1 or later, or no expiration",
            )
        if transitions and expiration_days <= previous_day:
            raise _broken(
                f"expiration at day {expiration_days}",
                "expiration comes after the rule's last transition",
                f"expire after day {previous_day} ({previous}), or drop that transition",
            )


@dataclass(frozen=True, slots=True)
class Lifecycle(Rendered):
    """One S3 lifecycle rule for the current versions of objects.

    Args:
        transitions: ``(storage class, days)`` pairs: move objects to that
            class this many days after creation. Any order; they are kept
            sorted by day.
        expiration_days: Delete objects this many days after creation (None: never).
        transition_default_minimum_object_size: ``"all_storage_classes_128K"``
            (AWS's default: objects under 128 KB are never transitioned) or
            ``"varies_by_storage_class"`` (they may still go to GLACIER or
            DEEP_ARCHIVE).

    Raises:
        LifecycleError: the rule breaks an AWS lifecycle rule; the message names it.
        TypeError: days that are not whole numbers, or transitions that are not pairs.

    Example:
        >>> Lifecycle(transitions=[("GLACIER", 90), ("STANDARD_IA", 30)])
        Lifecycle(transitions=(('STANDARD_IA', 30), ('GLACIER', 90)))
        >>> Lifecycle(transitions=(("GLACIER", 30), ("STANDARD_IA", 60)))
        Traceback (most recent call last):
        ...
        awsbasics.errors.LifecycleError: GLACIER (day 30) -> STANDARD_IA (day 60) breaks the lifecycle rule 'supported lifecycle transitions: GLACIER can move only to DEEP_ARCHIVE': order the transitions down the waterfall STANDARD -> INTELLIGENT_TIERING -> STANDARD_IA -> ONEZONE_IA -> GLACIER_IR -> GLACIER -> DEEP_ARCHIVE
    """

    transitions: tuple[tuple[str, int], ...] = ()
    expiration_days: int | None = None
    transition_default_minimum_object_size: str = _DEFAULT_SIZE_SETTING

    def __post_init__(self):
        transitions = _parse_transitions(self.transitions)
        expiration = self.expiration_days
        if expiration is not None:
            expiration = _whole_days(expiration, "expiration_days")
        setting = self.transition_default_minimum_object_size
        if not isinstance(setting, str):
            raise TypeError(f"transition_default_minimum_object_size must be str, not {type(setting).__name__}")
        _validate(transitions, expiration, setting)
        object.__setattr__(self, "transitions", tuple(sorted(transitions, key=lambda t: t[1])))
        object.__setattr__(self, "expiration_days", expiration)

    @property
    def stages(self) -> tuple[tuple[str, int], ...]:
        """Where a new object is, from day 0: ``(("STANDARD", 0), ("STANDARD_IA", 30), ...)``."""
        return (("STANDARD", 0), *self.transitions)

    def storage_class_on(self, day: int) -> str | None:
        """The storage class of a large new object ``day`` days after creation (None once expired).

        >>> rule = Lifecycle(transitions=(("GLACIER", 90),), expiration_days=365)
        >>> rule.storage_class_on(89), rule.storage_class_on(90), rule.storage_class_on(365)
        ('STANDARD', 'GLACIER', None)
        """
        day = _whole_days(day, "day")
        if day < 0:
            raise LifecycleError(f"day={day}: an object's age is 0 days (the day it is created) or more")
        if self.expiration_days is not None and day >= self.expiration_days:
            return None
        return [code for code, start in self.stages if start <= day][-1]

    @property
    def timeline(self) -> str:
        """The rule as a timeline, e.g. ``'STANDARD (day 0) -> GLACIER (day 90) -> expire (day 365)'``."""
        parts = [f"{code} (day {day})" for code, day in self.stages]
        if self.expiration_days is not None:
            parts.append(f"expire (day {self.expiration_days})")
        return " -> ".join(parts)

    _view_ = "s3.lifecycle_view"

    def text(self) -> str:
        """``S3 lifecycle rule:`` and the :attr:`timeline`."""
        return f"S3 lifecycle rule: {self.timeline}"

    def to_aws(self, *, rule_id: str = "awsbasics-rule") -> dict:
        """The rule as the body of S3's PutBucketLifecycleConfiguration request (JSON form).

        >>> Lifecycle(transitions=(("GLACIER", 90),)).to_aws()["Rules"][0]["Transitions"]
        [{'Days': 90, 'StorageClass': 'GLACIER'}]
        """
        rule: dict = {"ID": rule_id, "Status": "Enabled", "Filter": {}}
        if self.transitions:
            rule["Transitions"] = [{"Days": days, "StorageClass": code} for code, days in self.transitions]
        if self.expiration_days is not None:
            rule["Expiration"] = {"Days": self.expiration_days}
        return {
            "Rules": [rule],
            "TransitionDefaultMinimumObjectSize": self.transition_default_minimum_object_size,
        }

    def __repr__(self) -> str:
        parts = []
        if self.transitions:
            parts.append(f"transitions={self.transitions!r}")
        if self.expiration_days is not None:
            parts.append(f"expiration_days={self.expiration_days!r}")
        if self.transition_default_minimum_object_size != _DEFAULT_SIZE_SETTING:
            parts.append(f"transition_default_minimum_object_size={self.transition_default_minimum_object_size!r}")
        return f"Lifecycle({', '.join(parts)})"


def next_transition(transitions=()) -> tuple[str, int]:
    """A transition to suggest after ``transitions`` (pairs in the order they were added).

    The first suggestion is the first infrequent-access class on the first day it
    is allowed; each later one is the next class down the waterfall, as many days
    after the last transition as an object must stay in an infrequent-access class.
    The suggestion is a starting point: :class:`Lifecycle` still judges the rule.

    >>> next_transition()
    ('STANDARD_IA', 30)
    >>> next_transition([("STANDARD_IA", 30), ("GLACIER", 90)])
    ('DEEP_ARCHIVE', 120)

    Raises:
        LifecycleError: the last transition is not to a class a lifecycle rule can move objects to.
        TypeError: transitions that are not (storage class, days) pairs.
    """
    parsed = _parse_transitions(transitions)
    if not parsed:
        return _IA_CLASSES[0], _IA_MIN_AGE_DAYS
    code, day = parsed[-1]
    if code not in TRANSITION_TARGETS:
        raise _broken(
            f"a transition to {code!r}",
            f"transitions go to {', '.join(TRANSITION_TARGETS)}",
            "use one of those storage class codes",
        )
    later = TRANSITION_TARGETS[TRANSITION_TARGETS.index(code) + 1:]
    return (later[0] if later else code), day + _IA_STAY_DAYS


# --- the cost engines --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Objects:
    """Objects to simulate, as parallel numpy arrays (one entry per object, or per batch of equal objects)."""

    size_bytes: object  # float64: the size of one object
    count: object  # float64: how many identical objects the entry stands for
    age_days: object  # int64: days since creation when the simulation starts
    class_index: object  # int64: index into _CODES of the class the object is in at the start


@dataclass(frozen=True)
class _Breakdown:
    """What both engines return; every array is per storage class (rows, in _CODES order) and/or per month."""

    storage_usd: object  # (classes, months)
    stored_gb_days: object  # (classes, months)
    transitions_usd: object  # (months,)
    early_usd: object  # (classes, months)
    early_objects: object  # (classes,) objects charged for early deletion
    overhead_usd: object  # (classes,) archive metadata overhead within the horizon
    padding_usd: object  # (classes,) billing objects up to the minimum billable size
    held_back_objects: float  # objects a transition skipped because they are under 128 KB


def _class_arrays(region: str):
    """Per-class constants as numpy arrays in _CODES order."""
    import numpy as np

    classes = list(STORAGE_CLASSES.values())
    standard_price = STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month(region)
    price = np.array([c.price_usd_per_gb_month(region) for c in classes])
    overhead = np.array(
        [
            (_OVERHEAD["class_rate_kb"] * c.price_usd_per_gb_month(region) + _OVERHEAD["standard_rate_kb"] * standard_price)
            * _KB
            / _GB
            if c.archived
            else 0.0
            for c in classes
        ]
    )
    return {
        "price": price,
        "min_bill_gb": np.array([c.min_billable_size_kb * _KB / _GB for c in classes]),
        "min_days": np.array([c.min_storage_days for c in classes]),
        # USD per object-month, on top of the per-GB price.
        "overhead": overhead,
        "monitoring": np.array(
            [_MONITORING["value"] / 1000 if c.code == "INTELLIGENT_TIERING" else 0.0 for c in classes]
        ),
        "transition": np.array([c.transition_usd_per_1000_requests or 0.0 for c in classes]) / 1000,
        "retrieval": np.array([c.retrieval_usd_per_gb for c in classes]),
    }


def _eligible(lifecycle: Lifecycle):
    """``eligible[from, stage, small]``: may an object in class ``from`` take lifecycle stage ``stage``?"""
    import numpy as np

    stages = lifecycle.transitions
    table = np.zeros((len(_CODES), len(stages), 2), dtype=bool)
    varies = lifecycle.transition_default_minimum_object_size == "varies_by_storage_class"
    for i, source in enumerate(_CODES):
        for j, (target, _days) in enumerate(stages):
            allowed = target in _ALLOWED[source]
            table[i, j, 0] = allowed
            table[i, j, 1] = allowed and varies and target in _SMALL_OBJECT_CLASSES
    return table


def _simulate_numpy(objects: _Objects, lifecycle: Lifecycle, *, months: int, region: str) -> _Breakdown:
    """The vectorized engine.

    Objects with the same start class, the same age and the same side of the
    128 KB line follow the same timeline, and every charge is linear in their
    count and total size, so they are first summed into groups (np.bincount).
    Ages past the rule's last day and every minimum duration cannot change a
    timeline, so they are capped there and the groups stay few. Each group's
    stay in each class is then a [start, end) interval of days whose cost is
    added as +rate at its start and -rate at its end; a running sum turns that
    into a daily cost. The work grows with objects + days, not objects x days.
    """
    import numpy as np

    k, horizon = len(_CODES), months * DAYS_PER_MONTH
    c = _class_arrays(region)
    never = np.int64(2**62)
    stage_codes = [_CODES.index(code) for code, _ in lifecycle.transitions]
    stage_days = np.array([days for _, days in lifecycle.transitions], dtype=np.int64)

    # Group the objects: key = (capped age, start class, under 128 KB).
    cap = max([int(c["min_days"].max()), *stage_days.tolist(), lifecycle.expiration_days or 0])
    under = objects.size_bytes < MIN_TRANSITION_SIZE_KB * _KB
    key = (np.minimum(objects.age_days, cap) * k + objects.class_index) * 2 + under
    width = (cap + 1) * k * 2
    group_count = _sum_by(key, objects.count, width)
    group_bytes = _sum_by(key, objects.count * objects.size_bytes, width)
    present = np.flatnonzero(group_count)
    count, total_gb = group_count[present], group_bytes[present] / _GB
    small = (present % 2).astype(bool)
    start_class = (present // 2) % k
    age = present // (2 * k)
    n = len(present)

    eligible = _eligible(lifecycle)[start_class]  # (groups, stages, large/small)
    takes = np.where(small[:, None], eligible[:, :, 1], eligible[:, :, 0])
    expire_at = (
        np.maximum(lifecycle.expiration_days - age, 0) if lifecycle.expiration_days is not None
        else np.full(n, never)
    )
    enter = np.where(takes, np.maximum(stage_days[None, :] - age[:, None], 0), never)
    # The end of each stay: the next stage the group takes, or its expiration.
    next_enter = np.full(n, never)
    ends = np.empty_like(enter)
    for j in range(len(stage_codes) - 1, -1, -1):
        ends[:, j] = np.minimum(next_enter, expire_at)
        next_enter = np.minimum(next_enter, enter[:, j])
    first_end = np.minimum(next_enter, expire_at)

    # Every stay: the start class from day 0, then each stage taken for a positive number of days.
    stays = len(stage_codes) + 1
    cls = np.concatenate([start_class] + [np.full(n, s) for s in stage_codes])
    start = np.concatenate([np.zeros(n, np.int64)] + [enter[:, j] for j in range(stays - 1)])
    end = np.concatenate([first_end] + [ends[:, j] for j in range(stays - 1)])
    # Days already spent in the class when the stay starts (the start class counts from creation).
    before = np.concatenate([age] + [np.zeros(n, np.int64)] * (stays - 1))
    kept = np.concatenate([np.ones(n, bool)] + [takes[:, j] & (ends[:, j] > enter[:, j]) for j in range(stays - 1)])
    gb, many, tiny = np.tile(total_gb, stays), np.tile(count, stays), np.tile(small, stays)

    # Objects under 128 KB are billed the class's minimum size (0 for classes without one).
    padded = tiny & (c["min_bill_gb"][cls] > 0)
    billable = np.where(padded, many * c["min_bill_gb"][cls], gb)
    storage_month = billable * c["price"][cls] + many * c["overhead"][cls]  # USD per month for the group
    monitoring = np.where(tiny, 0.0, many * c["monitoring"][cls])
    rate = np.where(kept, (storage_month + monitoring) / DAYS_PER_MONTH, 0.0)
    lo = np.minimum(start, horizon)
    hi = np.maximum(np.minimum(end, horizon), lo)
    inside = np.where(kept, hi - lo, 0)

    def per_class_monthly(weights):
        size = horizon + 1
        flat = _sum_by(cls * size + lo, weights, k * size) - _sum_by(cls * size + hi, weights, k * size)
        daily = np.cumsum(flat.reshape(k, size), axis=1)[:, :horizon]
        return _clean(daily.reshape(k, months, DAYS_PER_MONTH).sum(axis=2), float(np.abs(weights).sum()))

    storage = per_class_monthly(rate)
    stored = per_class_monthly(np.where(kept, gb, 0.0))
    overhead_usd = _sum_by(cls, many * c["overhead"][cls] * inside / DAYS_PER_MONTH, k)
    padding_usd = _sum_by(cls, (billable - gb) * c["price"][cls] * inside / DAYS_PER_MONTH, k)

    # One request per object per stage entered within the horizon (not for the start class).
    moved = kept & (np.arange(len(cls)) >= n) & (start < horizon)
    transitions = _sum_by(start[moved] // DAYS_PER_MONTH, many[moved] * c["transition"][cls[moved]], months)

    # Leaving a class before its minimum duration bills the remaining days.
    remaining = np.maximum(c["min_days"][cls] - (before + end - start), 0)
    charged = kept & (end < horizon) & (remaining > 0)
    early = _sum_by(
        cls[charged] * months + end[charged] // DAYS_PER_MONTH,
        storage_month[charged] * remaining[charged] / DAYS_PER_MONTH,
        k * months,
    ).reshape(k, months)
    early_objects = _sum_by(cls[charged], many[charged], k)

    held_back = float(count[(eligible[:, :, 0] & ~takes).any(axis=1)].sum())
    return _Breakdown(storage, stored, transitions, early, early_objects, overhead_usd, padding_usd, held_back)


def _sum_by(index, weights, length: int):
    """``weights`` summed per ``index`` into ``length`` float bins (np.bincount, float even when empty)."""
    import numpy as np

    return np.bincount(index, weights, length).astype(np.float64, copy=False)


def _clean(values, scale: float = 0.0):
    """Zero the rounding noise a running sum leaves where the true value is 0 (e.g. after expiration).

    The noise is relative to the largest value or to ``scale``, the size of the
    terms that were summed, whichever is larger: a month of tiny daily rates
    sums to less than one rate's rounding error.
    """
    import numpy as np

    noise = 1e-12 * max(float(np.abs(values).max(initial=0.0)), scale)
    return np.where(np.abs(values) <= noise, 0.0, values)


def _simulate_loop(objects: _Objects, lifecycle: Lifecycle, *, months: int, region: str) -> _Breakdown:
    """The straightforward engine: one object at a time, its stays, then month by month in Python."""
    import numpy as np

    k, horizon = len(_CODES), months * DAYS_PER_MONTH
    c = {name: values.tolist() for name, values in _class_arrays(region).items()}
    storage = [[0.0] * months for _ in range(k)]
    stored = [[0.0] * months for _ in range(k)]
    early = [[0.0] * months for _ in range(k)]
    transitions = [0.0] * months
    early_objects, overhead_usd, padding_usd = [0.0] * k, [0.0] * k, [0.0] * k
    held_back = 0.0
    varies = lifecycle.transition_default_minimum_object_size == "varies_by_storage_class"
    stages = [(_CODES.index(code), days) for code, days in lifecycle.transitions]
    expiration = lifecycle.expiration_days

    for size, count, age, first in zip(
        objects.size_bytes.tolist(), objects.count.tolist(), objects.age_days.tolist(), objects.class_index.tolist()
    ):
        gb = size / _GB
        small = size < MIN_TRANSITION_SIZE_KB * _KB
        expire_day = max(expiration - age, 0) if expiration is not None else None
        # Each stay: [class, first day, days spent in the class before that day, entered by a transition].
        stays = [[first, 0, age, False]]
        skipped = False
        for target, days in stages:
            if _CODES[target] not in _ALLOWED[_CODES[stays[-1][0]]]:
                continue
            if small and not (varies and _CODES[target] in _SMALL_OBJECT_CLASSES):
                skipped = True
                continue
            day = max(days - age, 0)
            if expire_day is not None and day >= expire_day:
                break
            if stays[-1][3] and stays[-1][1] == day:
                stays.pop()  # an object never sits a day in a class it passes through at once
            stays.append([target, day, 0, True])
        if skipped:
            held_back += count
        for number, (cls, begin, before, moved) in enumerate(stays):
            end = stays[number + 1][1] if number + 1 < len(stays) else expire_day
            billable = max(gb, c["min_bill_gb"][cls])
            per_month = billable * c["price"][cls] + c["overhead"][cls]
            monitoring = c["monitoring"][cls] if size >= _MONITORING["min_monitored_size_kb"] * _KB else 0.0
            last = horizon if end is None else min(end, horizon)
            for month in range(months):
                days_in = min(last, (month + 1) * DAYS_PER_MONTH) - max(begin, month * DAYS_PER_MONTH)
                if days_in > 0:
                    storage[cls][month] += count * (per_month + monitoring) * days_in / DAYS_PER_MONTH
                    stored[cls][month] += count * gb * days_in
            inside = max(last - begin, 0)
            overhead_usd[cls] += count * c["overhead"][cls] * inside / DAYS_PER_MONTH
            padding_usd[cls] += count * (billable - gb) * c["price"][cls] * inside / DAYS_PER_MONTH
            if moved and begin < horizon:
                transitions[begin // DAYS_PER_MONTH] += count * c["transition"][cls]
            if end is not None and end < horizon:
                remaining = c["min_days"][cls] - (before + end - begin)
                if remaining > 0:
                    early[cls][end // DAYS_PER_MONTH] += count * per_month * remaining / DAYS_PER_MONTH
                    early_objects[cls] += count
    return _Breakdown(
        np.array(storage),
        np.array(stored),
        np.array(transitions),
        np.array(early),
        np.array(early_objects),
        np.array(overhead_usd),
        np.array(padding_usd),
        held_back,
    )


_ENGINES = {"numpy": _simulate_numpy, "loop": _simulate_loop}


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LifecycleCost(Rendered):
    """What a lifecycle rule costs, month by month (a month is 30 days).

    ``monthly`` is a pandas DataFrame indexed by ``month`` (1, 2, ...) with a
    ``<CLASS>_usd`` column per storage class involved, then
    ``transitions_usd``, ``early_deletion_usd``, ``retrieval_usd`` and
    ``total_usd``. ``stored_gb`` holds the average GB stored in each class
    each month. ``findings`` are sentences on what drives the bill.
    """

    lifecycle: Lifecycle
    region: str
    months: int
    description: str
    monthly: object
    stored_gb: object
    findings: tuple[str, ...]

    @property
    def storage_usd(self) -> float:
        """Storage charges over the period, all classes."""
        return float(sum(self.by_storage_class_usd.values()))

    @property
    def by_storage_class_usd(self) -> dict[str, float]:
        """Storage charges over the period per storage class."""
        return {
            name.removesuffix("_usd"): float(self.monthly[name].sum())
            for name in self.monthly.columns
            if name.removesuffix("_usd") in STORAGE_CLASSES
        }

    @property
    def transition_usd(self) -> float:
        """Lifecycle transition requests over the period."""
        return float(self.monthly["transitions_usd"].sum())

    @property
    def early_deletion_usd(self) -> float:
        """Remaining days billed for objects that left a class before its minimum duration."""
        return float(self.monthly["early_deletion_usd"].sum())

    @property
    def retrieval_usd(self) -> float:
        """Per-GB retrieval fees over the period."""
        return float(self.monthly["retrieval_usd"].sum())

    @property
    def total_usd(self) -> float:
        """Everything over the period."""
        return float(self.monthly["total_usd"].sum())

    @property
    def days_per_month(self) -> int:
        """The days in one simulated month (:data:`DAYS_PER_MONTH`)."""
        return DAYS_PER_MONTH

    @property
    def statement(self) -> str:
        """One line: what was priced and the totals."""
        return (
            f"{self.description}, {self.region}, {self.months} months of {DAYS_PER_MONTH} days: "
            f"total ${self.total_usd:,.2f} = storage ${self.storage_usd:,.2f} + transitions "
            f"${self.transition_usd:,.2f} + early deletion ${self.early_deletion_usd:,.2f} + retrieval "
            f"${self.retrieval_usd:,.2f}"
        )

    def totals_frame(self):
        """The period's totals as a DataFrame: one row per storage class and charge."""
        import pandas as pd

        rows = [(f"storage: {code}", usd) for code, usd in self.by_storage_class_usd.items()]
        rows += [
            ("transitions", self.transition_usd),
            ("early deletion", self.early_deletion_usd),
            ("retrieval", self.retrieval_usd),
            ("total", self.total_usd),
        ]
        return pd.DataFrame(rows, columns=["charge", "usd"])

    def figure(self):
        """A stacked-area plotly figure of the monthly cost by storage class and charge."""
        return view("s3.monthly_cost_figure")(self)

    _view_ = "s3.cost_view"

    def text(self) -> str:
        """The :attr:`statement`, then one line per finding."""
        return self.statement + "".join(f"\n- {f}" for f in self.findings)

    def __repr__(self) -> str:
        return f"<LifecycleCost {self.statement}>"


def _result(breakdown: _Breakdown, lifecycle, *, region, months, description, start_classes, retrieved_gb_per_month,
            object_count: float, retrieval_tier: str = "Standard") -> LifecycleCost:
    import numpy as np
    import pandas as pd

    c = _class_arrays(region)
    breakdown = _tiered_standard(breakdown, region)
    involved = set(start_classes) | {code for code, _ in lifecycle.transitions}
    rows = [i for i, code in enumerate(_CODES) if code in involved]
    stored = breakdown.stored_gb_days
    total_stored = stored.sum(axis=0)
    share = np.divide(stored, total_stored, out=np.zeros_like(stored), where=total_stored > 0)
    fee = c["retrieval"].copy()
    for code, tiers in _RESTORE_TIERS.items():
        if retrieval_tier in tiers:
            fee[_CODES.index(code)] = tiers[retrieval_tier]
    retrieval = retrieved_gb_per_month * (share * fee[:, None]).sum(axis=0)

    monthly = pd.DataFrame(
        {f"{_CODES[i]}_usd": breakdown.storage_usd[i] for i in rows}, index=pd.RangeIndex(1, months + 1, name="month")
    )
    monthly["transitions_usd"] = breakdown.transitions_usd
    monthly["early_deletion_usd"] = breakdown.early_usd.sum(axis=0)
    monthly["retrieval_usd"] = retrieval
    monthly["total_usd"] = monthly.sum(axis=1)
    stored_gb = pd.DataFrame(
        {f"{_CODES[i]}_gb": stored[i] / DAYS_PER_MONTH for i in rows}, index=monthly.index
    )
    findings = _findings(breakdown, lifecycle, region=region, object_count=object_count)
    return LifecycleCost(lifecycle, region, months, description, monthly, stored_gb, findings)


_TIERS = data.fact("s3", "standard_price_tiers")


def standard_storage_usd(gb: float, *, region: str = "us-east-1") -> float:
    """One month of ``gb`` GB-months in S3 Standard at AWS's volume tiers (first 50 TB, next 450 TB, over 500 TB).

    A TB is 1,024 GB, as AWS bills:

    >>> round(standard_storage_usd(600 * 1024), 2)   # 50 TB at 0.023 + 450 TB at 0.022 + 100 TB at 0.021
    13465.6
    """
    _check_region(region)
    amount = _finite(gb, "gb", InventoryError)
    if amount < 0:
        raise InventoryError(f"gb={gb}: a stored amount cannot be negative")
    column = _TIERS["columns"].index(region)
    total, floor = 0.0, 0.0
    for row in _TIERS["rows"]:
        ceiling = math.inf if row[0] is None else row[0] * _TIERS["tb_gb"]
        total += max(min(amount, ceiling) - floor, 0.0) * row[column]
        floor = ceiling
    return total


def _tiered_standard(breakdown: _Breakdown, region: str) -> _Breakdown:
    """Reprice the STANDARD row at the volume tiers: each month's average GB stored sets the tier.

    S3 Standard has no minimum billable size and no archive overhead, so its storage
    charge is its GB-days times the first-tier price; both engines share this step.
    """
    import dataclasses

    import numpy as np

    row = _CODES.index("STANDARD")
    average_gb = breakdown.stored_gb_days[row] / DAYS_PER_MONTH
    if not (average_gb > _TIERS["rows"][0][0] * _TIERS["tb_gb"]).any():
        return breakdown
    storage = np.array(breakdown.storage_usd, dtype=float, copy=True)
    storage[row] = [standard_storage_usd(float(gb), region=region) for gb in average_gb]
    return dataclasses.replace(breakdown, storage_usd=storage)


def _usd(value: float) -> str:
    """Dollars to the cent; amounts that round to $0.00 but are not 0 say so."""
    return "under $0.01" if 0 < value < 0.005 else f"${value:,.2f}"


def _findings(b: _Breakdown, lifecycle: Lifecycle, *, region: str, object_count: float) -> tuple[str, ...]:
    notes = []
    if b.held_back_objects:
        notes.append(
            f"{b.held_back_objects:,.0f} of {object_count:,.0f} object(s) are under {MIN_TRANSITION_SIZE_KB} KB, "
            "so the lifecycle does not transition them (TransitionDefaultMinimumObjectSize = "
            f"{lifecycle.transition_default_minimum_object_size})."
        )
    for i, code in enumerate(_CODES):
        cls = STORAGE_CLASSES[code]
        if b.early_objects[i]:
            notes.append(
                f"{b.early_objects[i]:,.0f} object(s) leave {code} before its {cls.min_storage_days}-day minimum "
                f"storage duration: {_usd(b.early_usd[i].sum())} of early-deletion charge for the remaining days."
            )
        if b.padding_usd[i] > 0:
            notes.append(
                f"Objects under {cls.min_billable_size_kb} KB in {code} are billed as {cls.min_billable_size_kb} KB: "
                f"{_usd(b.padding_usd[i])} pays for bytes that are not there."
            )
        if b.overhead_usd[i] > 0:
            notes.append(
                f"Each object in {code} carries {_OVERHEAD['class_rate_kb'] + _OVERHEAD['standard_rate_kb']} KB of "
                f"metadata ({_OVERHEAD['class_rate_kb']} KB at the {code} rate, {_OVERHEAD['standard_rate_kb']} KB at "
                f"the STANDARD rate): {_usd(b.overhead_usd[i])} over the period."
            )
    if b.stored_gb_days[_CODES.index("INTELLIGENT_TIERING")].any():
        notes.append(
            "INTELLIGENT_TIERING is priced at its Frequent Access tier, an upper bound: objects left unread for "
            f"{_TIERING_IA_DAYS} days move to its cheaper tiers on their own."
        )
    if region != _FEE_REGION:
        notes.append(f"Transition and retrieval fees are {_FEE_REGION} list prices; storage uses {region}'s prices.")
    return tuple(notes)


# --- public calculators ------------------------------------------------------------------------


def _check_months(months: object) -> int:
    if isinstance(months, bool) or not isinstance(months, Integral):
        raise TypeError(f"months must be int, not {type(months).__name__}")
    if not 1 <= months <= _HORIZON["max_months"]:
        raise LifecycleError(
            f"months={reprlib.repr(months)}: simulate 1 to {_HORIZON['max_months']:,} months "
            "(this library's simulation horizon, not an AWS limit)"
        )
    return int(months)


def _check_rule_days(lifecycle: Lifecycle) -> None:
    """Refuse rule days past the simulation bound before the engine sizes arrays by them."""
    limit = _HORIZON["max_rule_days"]
    for what, days in [*((f"the {code} transition", d) for code, d in lifecycle.transitions),
                       ("expiration_days", lifecycle.expiration_days or 0)]:
        if days > limit:
            raise LifecycleError(
                f"{what} at day {_count(days)}: this library prices rules of at most {limit:,} days "
                "(its simulation horizon, not an AWS limit)"
            )


def _count(value: int) -> str:
    """An int with thousands separators, shortened when it is too long to read."""
    return f"{value:,}" if abs(value) < 10**18 else reprlib.repr(int(value))


def _finite(value: object, what: str, error: type) -> float:
    """``value`` as a finite float (a TypeError for a non-number, ``error`` for NaN, inf or too big a float)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise error(f"{what}=(an int of {int(value).bit_length():,} bits): too large to price; give a finite "
                    "amount") from None
    if not math.isfinite(number):
        raise error(f"{what}={value}: give a finite amount")
    return number


def _check_retrieval(value: object) -> float:
    number = _finite(value, "retrieved_gb_per_month", LifecycleError)
    if number < 0:
        raise LifecycleError(f"retrieved_gb_per_month={value}: a volume read cannot be negative")
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


def lifecycle_cost(
    lifecycle: Lifecycle,
    *,
    size_gb: float,
    object_count: int,
    months: int,
    region: str = "us-east-1",
    retrieved_gb_per_month: float = 0.0,
    retrieval_tier: str = "Standard",
) -> LifecycleCost:
    """Price a lifecycle rule for objects uploaded together into S3 Standard on day 0.

    Args:
        lifecycle: The rule.
        size_gb: Total data stored, in GB (2^30 bytes), spread evenly over the objects.
        object_count: How many objects (their size sets minimum-size billing, the
            128 KB transition limit, archive overhead and the request count).
        months: How many 30-day months to simulate.
        region: ``"us-east-1"`` or ``"ap-northeast-2"`` (the Regions with stored prices).
        retrieved_gb_per_month: GB read back each month, spread over the classes
            in proportion to what they hold, at each class's per-GB retrieval fee.
        retrieval_tier: The restore tier for what is read back from GLACIER and
            DEEP_ARCHIVE: ``"Standard"`` (default), ``"Bulk"`` or ``"Expedited"``
            (GLACIER only). Per-GB fees only; restore request fees are priced by
            :func:`awsbasics.storage.tiering.restore_cost`.

    Returns:
        LifecycleCost: ``.total_usd``, ``.storage_usd``, ``.transition_usd``,
        ``.early_deletion_usd``, ``.retrieval_usd`` and ``.monthly``.

    Raises:
        RegionError: a Region without stored S3 prices.
        InventoryError: a size or count that is not positive and finite, or more than 50 TB per object.
        LifecycleError: ``months`` outside 1-1,200 or a rule day past 36,500 (this
            library's simulation horizon, ``lifecycle_simulation_horizon`` in s3.json).
        TypeError: arguments of the wrong kind.

    Example:
        >>> rule = Lifecycle(transitions=(("STANDARD_IA", 30),), expiration_days=40)
        >>> cost = lifecycle_cost(rule, size_gb=30, object_count=30, months=2)
        >>> round(cost.early_deletion_usd, 4)   # 10 days in Standard-IA, so 20 more are billed
        0.25
    """
    import numpy as np

    _check_lifecycle(lifecycle)
    size = _finite(size_gb, "size_gb", InventoryError)
    if isinstance(object_count, bool) or not isinstance(object_count, Integral):
        raise TypeError(f"object_count must be int, not {type(object_count).__name__}")
    if not size > 0:
        raise InventoryError(f"size_gb={size_gb}: store a positive amount of data")
    if object_count < 1:
        raise InventoryError(f"object_count={_count(object_count)}: store at least one object")
    if object_count > _MAX_PRICED_OBJECTS:
        raise InventoryError(
            f"object_count={_count(object_count)}: this library prices at most {_MAX_PRICED_OBJECTS:,} objects "
            "(a bound that keeps the arithmetic exact in floating point, not an AWS limit)"
        )
    size_gb = size
    months = _check_months(months)
    _check_rule_days(lifecycle)
    region = _check_region(region)
    retrieved = _check_retrieval(retrieved_gb_per_month)
    tier = _check_tier(retrieval_tier, lifecycle)
    per_object = size_gb * _GB / object_count
    if per_object > _MAX_OBJECT_BYTES:
        raise InventoryError(
            f"{size_gb:,} GB in {object_count:,} object(s) is {per_object / 1000**4:,.1f} TB per object; "
            f"an S3 object holds at most {_MAX_OBJECT_BYTES // 1000**4} TB, so use more objects"
        )
    objects = _Objects(
        size_bytes=np.array([per_object]),
        count=np.array([float(object_count)]),
        age_days=np.array([0], dtype=np.int64),
        class_index=np.array([0], dtype=np.int64),
    )
    breakdown = _simulate_numpy(objects, lifecycle, months=months, region=region)
    description = f"{size_gb:,g} GB in {object_count:,} object(s) of {_size_text(per_object)}"
    return _result(
        breakdown, lifecycle, region=region, months=months, description=description,
        start_classes=["STANDARD"], retrieved_gb_per_month=retrieved, retrieval_tier=tier, object_count=object_count,
    )


def _size_text(size_bytes: float) -> str:
    for unit, scale in (("GB", _GB), ("MB", 1024**2), ("KB", _KB)):
        if size_bytes >= scale:
            return f"{size_bytes / scale:,.3g} {unit}"
    return f"{size_bytes:,.0f} bytes"


def _inventory_arrays(inventory, *, start) -> tuple[_Objects, list[str], object]:
    """Check an inventory table and turn it into arrays; :class:`InventoryError` names the bad rows."""
    import numpy as np
    import pandas as pd

    if isinstance(inventory, Mapping):
        columns = dict(inventory)
        if not all(isinstance(column, (list, tuple)) or hasattr(column, "__array__") for column in columns.values()):
            raise TypeError("a dict inventory maps each column name to a list of values, one per object")
        try:
            inventory = pd.DataFrame(columns)
        except ValueError as exc:  # columns of different lengths
            raise InventoryError(f"the inventory's columns do not line up ({exc}); give one value per object in "
                                 "every column") from None
    if not isinstance(inventory, pd.DataFrame):
        raise TypeError(f"inventory must be a pandas DataFrame (or a dict of columns), not {type(inventory).__name__}")
    missing = [name for name in INVENTORY_COLUMNS if name not in inventory.columns]
    if missing:
        raise InventoryError(
            f"the inventory has no {', '.join(missing)} column(s); an S3 Inventory-style table has "
            f"{', '.join(INVENTORY_COLUMNS)} (size in bytes)"
        )
    if len(inventory) == 0:
        raise InventoryError("the inventory has no rows; list at least one object")
    if inventory["key"].isna().any():
        row = inventory.index[inventory["key"].isna().to_numpy()][0]
        raise InventoryError(f"row {row!r} has no key; every S3 object has a key")

    size = inventory["size"]
    if not pd.api.types.is_numeric_dtype(size) or pd.api.types.is_bool_dtype(size):
        raise InventoryError(f"the size column must hold numbers of bytes, not {size.dtype}")
    sizes = size.to_numpy(dtype=np.float64)
    bad = ~((sizes >= 0) & (sizes <= _MAX_OBJECT_BYTES))
    if bad.any():
        row = inventory.index[bad][0]
        raise InventoryError(
            f"row {row!r} has size {float(sizes[bad][0]):,.0f} bytes; an S3 object holds 0 bytes to "
            f"{_MAX_OBJECT_BYTES // 1000**4} TB"
        )

    codes, uniques = pd.factorize(inventory["storage_class"], use_na_sentinel=True)
    unknown = [u for u in uniques if u not in STORAGE_CLASSES]
    if unknown or (codes < 0).any():
        shown = ", ".join(repr(u) for u in unknown[:3]) or "an empty value"
        raise InventoryError(
            f"storage class {shown} is not an S3 storage class code; use one of {', '.join(_CODES)}"
        )
    class_index = np.array([_CODES.index(u) for u in uniques], dtype=np.int64)[codes]

    try:
        modified = pd.to_datetime(inventory["last_modified"], utc=True)
        modified = modified.dt.as_unit("ns")  # out of pandas' nanosecond range (1677-2262): an error here
    except (ValueError, OverflowError, TypeError) as exc:  # includes pandas' parse and out-of-bounds errors
        raise InventoryError(f"the last_modified column holds a value that is not a date ({exc}); give dates or "
                             "ISO text such as '2026-01-01'") from None
    if modified.isna().any():
        row = inventory.index[modified.isna().to_numpy()][0]
        raise InventoryError(f"row {row!r} has no last_modified date")
    if start is None:
        start = modified.max().normalize() + pd.Timedelta(days=1)
    else:
        start = _timestamp(start, "start")
    age_ns = start.as_unit("ns").value - modified.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    if (age_ns < 0).any():
        row = inventory.index[age_ns < 0][0]
        raise InventoryError(f"row {row!r} was last modified after the simulation start {start.date()}")
    ages = age_ns // (86_400 * 10**9)
    objects = _Objects(sizes, np.ones(len(sizes)), ages.astype(np.int64), class_index)
    return objects, [str(u) for u in uniques], start


def simulate_inventory(
    inventory,
    lifecycle: Lifecycle,
    *,
    months: int,
    region: str = "us-east-1",
    start=None,
    retrieved_gb_per_month: float = 0.0,
    engine: str = "numpy",
    retrieval_tier: str = "Standard",
) -> LifecycleCost:
    """Apply a lifecycle rule to every object of an S3 Inventory-style table and price the result.

    Each object keeps its own age and storage class: at the simulation start the
    rule acts on it as AWS would on its first daily run (an object already past
    a transition day moves at once, one already past expiration is deleted at
    once), then day by day. Objects under 128 KB are not transitioned unless
    the rule says ``varies_by_storage_class``; an object leaving a class before
    its minimum duration (its time there counts from ``last_modified``) pays
    the remaining days.

    Args:
        inventory: A pandas DataFrame (or dict of columns) with ``key``,
            ``size`` (bytes), ``last_modified`` (dates) and ``storage_class``
            (API codes such as ``STANDARD_IA``).
        lifecycle: The rule to apply.
        months: How many 30-day months to simulate.
        region: ``"us-east-1"`` or ``"ap-northeast-2"``.
        start: The day the simulation starts (default: the day after the newest ``last_modified``).
        retrieved_gb_per_month: GB read back each month (see :func:`lifecycle_cost`).
        retrieval_tier: The restore tier for GLACIER and DEEP_ARCHIVE reads (see :func:`lifecycle_cost`).
        engine: ``"numpy"`` (vectorized) or ``"loop"`` (a plain per-object
            Python loop: the same result, far slower; kept for checking and
            for the benchmark).

    Returns:
        LifecycleCost: the same breakdown as :func:`lifecycle_cost`.

    Raises:
        InventoryError: a missing column, a size outside 0 bytes to 50 TB, an
            unknown storage class, or an object modified after ``start``.
        RegionError: a Region without stored S3 prices.
        LifecycleError: ``months`` or a rule day past the simulation horizon (see :func:`lifecycle_cost`).

    Example:
        >>> table = random_inventory(1000, seed=7)
        >>> rule = Lifecycle(transitions=(("GLACIER", 90),))
        >>> fast = simulate_inventory(table, rule, months=12)
        >>> slow = simulate_inventory(table, rule, months=12, engine="loop")
        >>> abs(fast.total_usd - slow.total_usd) < 1e-9
        True
    """
    _check_lifecycle(lifecycle)
    months = _check_months(months)
    _check_rule_days(lifecycle)
    region = _check_region(region)
    retrieved = _check_retrieval(retrieved_gb_per_month)
    tier = _check_tier(retrieval_tier, lifecycle)
    if not isinstance(engine, str):
        raise TypeError(f"engine must be str, not {type(engine).__name__}")
    if engine not in _ENGINES:
        raise LifecycleError(f"engine={reprlib.repr(engine)}: use 'numpy' or 'loop'")
    objects, classes, start = _inventory_arrays(inventory, start=start)
    breakdown = _ENGINES[engine](objects, lifecycle, months=months, region=region)
    count = len(objects.size_bytes)
    description = (
        f"inventory of {count:,} object(s), {objects.size_bytes.sum() / _GB:,.3g} GB, from {start.date()}"
    )
    return _result(
        breakdown, lifecycle, region=region, months=months, description=description,
        start_classes=classes, retrieved_gb_per_month=retrieved, retrieval_tier=tier, object_count=count,
    )


def _timestamp(value, what: str):
    """A UTC pandas Timestamp from a date, a datetime or ISO text; InventoryError if it is not one."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    if not isinstance(value, (str, dt.date, np.datetime64, pd.Timestamp)):
        raise TypeError(f"{what} must be a date (ISO text such as '2026-01-01', a date or a datetime), not "
                        f"{type(value).__name__}")
    try:
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            raise ValueError("not a time")
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        stamp.as_unit("ns")
    except (ValueError, OverflowError, TypeError) as exc:  # pandas' parse and out-of-bounds errors are ValueErrors
        raise InventoryError(f"{what}={reprlib.repr(value)} is not a date this library can use ({exc}); give ISO "
                             "text such as '2026-01-01' between the years 1678 and 2261") from None
    return stamp


def random_inventory(
    count: int,
    *,
    seed: int,
    start: str = "2026-01-01",
    max_age_days: int = 365,
    median_size_kb: float = 512.0,
    storage_classes: Mapping[str, float] | None = None,
):
    """A made-up S3 Inventory-style table, deterministic for a seed.

    Sizes are log-normal around ``median_size_kb`` (so some objects fall under
    128 KB), ``last_modified`` is spread over the ``max_age_days`` before
    ``start``, and storage classes are drawn with the given weights (default:
    mostly STANDARD, some STANDARD_IA, INTELLIGENT_TIERING and GLACIER).

    >>> table = random_inventory(3, seed=1)
    >>> list(table.columns)
    ['key', 'size', 'last_modified', 'storage_class']
    """
    import numpy as np
    import pandas as pd

    if isinstance(count, bool) or not isinstance(count, Integral):
        raise TypeError(f"count must be int, not {type(count).__name__}")
    most = _COUNTS["max_random_inventory_objects"]
    if not 1 <= count <= most:
        raise InventoryError(f"count={_count(count)}: make 1 to {most:,} objects (this library's bound for a made-up "
                             "inventory, not an AWS limit)")
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"seed must be int (the same seed gives the same table), not {type(seed).__name__}")
    if seed < 0:
        raise InventoryError(f"seed={seed}: a seed is a whole number, 0 or more")
    if isinstance(max_age_days, bool) or not isinstance(max_age_days, Integral):
        raise TypeError(f"max_age_days must be int, not {type(max_age_days).__name__}")
    oldest = _COUNTS["max_random_inventory_age_days"]
    if not 1 <= max_age_days <= oldest:
        raise InventoryError(f"max_age_days={_count(max_age_days)}: spread objects over 1 to {oldest:,} days")
    median = _finite(median_size_kb, "median_size_kb", InventoryError)
    if not 0 < median * _KB <= _MAX_OBJECT_BYTES:
        raise InventoryError(f"median_size_kb={median_size_kb}: a median object size is more than 0 KB and at most "
                             f"{_MAX_OBJECT_BYTES // 1000**4} TB, the largest S3 object")
    if storage_classes is None:
        weights = {"STANDARD": 0.8, "STANDARD_IA": 0.1, "INTELLIGENT_TIERING": 0.05, "GLACIER": 0.05}
    elif not isinstance(storage_classes, Mapping):
        raise TypeError(f"storage_classes must be a dict of storage class code -> weight, not "
                        f"{type(storage_classes).__name__}")
    else:
        weights = dict(storage_classes)
    if not weights:
        raise InventoryError("storage_classes is empty; give at least one class a positive weight")
    unknown = [code for code in weights if code not in STORAGE_CLASSES]
    if unknown:
        raise InventoryError(f"storage class {reprlib.repr(unknown[0])} is not an S3 storage class code; use one of "
                             f"{', '.join(_CODES)}")
    for code, weight in weights.items():
        if _finite(weight, f"the weight of {code}", InventoryError) < 0:
            raise InventoryError(f"the weight of {code} is {weight}; weights are 0 or more")
    if not sum(float(w) for w in weights.values()) > 0:
        raise InventoryError("every storage class weight is 0; give at least one class a positive weight")
    end = _timestamp(start, "start")
    rng = np.random.default_rng(seed)
    sizes = np.minimum(rng.lognormal(np.log(median * _KB), 2.0, count), 5 * _GB).astype(np.int64)
    seconds = rng.integers(1, max_age_days * 86_400, count)
    modified = end - pd.to_timedelta(seconds, unit="s")
    codes = list(weights)
    probabilities = np.array([weights[code] for code in codes], dtype=float)
    picks = rng.choice(len(codes), size=count, p=probabilities / probabilities.sum())
    return pd.DataFrame(
        {
            "key": [f"data/{i:07d}.bin" for i in range(count)],
            "size": sizes,
            "last_modified": modified,
            "storage_class": pd.Categorical.from_codes(picks, categories=codes),
        }
    )
