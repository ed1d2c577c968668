"""The lifecycle simulation: objects taken day by day through a rule, summed per storage class and month.

Two engines give the same :class:`_Breakdown`: :func:`_simulate_numpy`
(vectorized, the one the calculators use) and :func:`_simulate_loop` (one
object at a time in plain Python, kept as its oracle and for the benchmark).
Both bill what AWS bills: storage at each class's rate with its minimum
billable size and archive metadata overhead, one request per transition, and
the remaining days when an object leaves a class before its minimum storage
duration (early deletion).

A month is 30 days here, a teaching simplification (AWS meters byte-hours
over calendar months).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics.storage.lifecycle.classes import _CODES, _GB, _KB, STORAGE_CLASSES
from awsbasics.storage.lifecycle.rules import _ALLOWED, _SMALL_OBJECT_CLASSES, MIN_TRANSITION_SIZE_KB, Lifecycle

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DAYS_PER_MONTH"]

# A teaching simplification, not an AWS figure: AWS meters byte-hours per calendar month.
DAYS_PER_MONTH = 30

_OVERHEAD = data.value("s3", "archive_overhead_kb")
_MONITORING = data.fact("s3", "intelligent_tiering_monitoring")
_TIERING = data.fact("s3", "intelligent_tiering")
_IA_AFTER: int = _TIERING["infrequent_access_after_days"]
_AIA_AFTER: int = _TIERING["archive_instant_access_after_days"]
_TIER_PRICES = data.fact("s3", "intelligent_tiering_prices")
_IT = _CODES.index("INTELLIGENT_TIERING")


def _tier_steps(region: str) -> tuple[float, float]:
    """Intelligent-Tiering: (Infrequent - Frequent, Archive Instant - Infrequent) access tier prices, USD per GB-month."""
    column = _TIER_PRICES["columns"].index(region)
    price = {row[0]: row[column] for row in _TIER_PRICES["rows"]}
    return (
        price["INFREQUENT_ACCESS"] - price["FREQUENT_ACCESS"],
        price["ARCHIVE_INSTANT_ACCESS"] - price["INFREQUENT_ACCESS"],
    )


def _unread_shares(day, idle_at_entry, read_fraction: float):
    """Expected shares of Intelligent-Tiering objects unread for 30+ and 90+ days, ``day`` days into their stay.

    Each month a fraction ``read_fraction`` of the objects is read, at random and
    independently of the past, so an object goes ``m`` days unread with
    probability ``(1 - read_fraction) ** (m / 30)``. An object entering the class
    by a transition starts in Frequent Access with its clock at 0; one already in
    it carries ``idle_at_entry`` days without a read. Works on numpy arrays and
    on plain numbers alike.
    """
    import numpy as np

    unread = 1.0 - read_fraction
    shares = []
    for threshold in (_IA_AFTER, _AIA_AFTER):
        within = np.where(
            idle_at_entry + day >= threshold, unread ** (np.minimum(day, threshold) / DAYS_PER_MONTH), 0.0
        )
        shares.append(np.where(day >= threshold, unread ** (threshold / DAYS_PER_MONTH), within))
    return shares[0], shares[1]


@dataclass(frozen=True)
class _Objects:
    """Objects to simulate, as parallel numpy arrays (one entry per object, or per batch of equal objects)."""

    size_bytes: np.ndarray  # float64: the size of one object
    count: np.ndarray  # float64: how many identical objects the entry stands for
    age_days: np.ndarray  # int64: days since creation when the simulation starts
    class_index: np.ndarray  # int64: index into _CODES of the class the object is in at the start
    idle_days: np.ndarray | None = None  # int64: days since the last read at the start (None: since creation, the age)


@dataclass(frozen=True)
class _Breakdown:
    """What both engines return; every array is per storage class (rows, in _CODES order) and/or per month."""

    storage_usd: np.ndarray  # (classes, months)
    stored_gb_days: np.ndarray  # (classes, months)
    transitions_usd: np.ndarray  # (months,)
    early_usd: np.ndarray  # (classes, months)
    early_objects: np.ndarray  # (classes,) objects charged for early deletion
    overhead_usd: np.ndarray  # (classes,) archive metadata overhead within the horizon
    padding_usd: np.ndarray  # (classes,) billing objects up to the minimum billable size
    held_back_objects: float  # objects a transition skipped because they are under 128 KB


def _class_arrays(region: str):
    """Per-class constants as numpy arrays in _CODES order."""
    import numpy as np

    classes = list(STORAGE_CLASSES.values())
    standard_price = STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month(region)
    price = np.array([c.price_usd_per_gb_month(region) for c in classes])
    overhead = np.array(
        [
            (
                _OVERHEAD["class_rate_kb"] * c.price_usd_per_gb_month(region)
                + _OVERHEAD["standard_rate_kb"] * standard_price
            )
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


def _simulate_numpy(
    objects: _Objects, lifecycle: Lifecycle, *, months: int, region: str, read_fraction: float = 0.0
) -> _Breakdown:
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

    # Group the objects: key = (capped age, capped days unread in Intelligent-Tiering, start class, under 128 KB).
    # Days unread past 90 cannot change a timeline; they matter only to objects starting in Intelligent-Tiering.
    cap = max([int(c["min_days"].max()), *stage_days.tolist(), lifecycle.expiration_days or 0])
    under = objects.size_bytes < MIN_TRANSITION_SIZE_KB * _KB
    idle = objects.age_days if objects.idle_days is None else objects.idle_days
    idle = np.where(objects.class_index == _IT, np.minimum(idle, _AIA_AFTER), 0)
    key = ((np.minimum(objects.age_days, cap) * (_AIA_AFTER + 1) + idle) * k + objects.class_index) * 2 + under
    present, group = np.unique(key, return_inverse=True)
    count = _sum_by(group, objects.count, len(present))
    total_gb = _sum_by(group, objects.count * objects.size_bytes, len(present)) / _GB
    keep = count > 0
    present, count, total_gb = present[keep], count[keep], total_gb[keep]
    small = (present % 2).astype(bool)
    start_class = (present // 2) % k
    idle_start = (present // (2 * k)) % (_AIA_AFTER + 1)
    age = present // (2 * k * (_AIA_AFTER + 1))
    n = len(present)

    eligible = _eligible(lifecycle)[start_class]  # (groups, stages, large/small)
    takes = np.where(small[:, None], eligible[:, :, 1], eligible[:, :, 0])
    expire_at = (
        np.maximum(lifecycle.expiration_days - age, 0) if lifecycle.expiration_days is not None else np.full(n, never)
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

    def per_class_monthly(cls, lo, hi, weights):
        size = horizon + 1
        flat = _sum_by(cls * size + lo, weights, k * size) - _sum_by(cls * size + hi, weights, k * size)
        daily = np.cumsum(flat.reshape(k, size), axis=1)[:, :horizon]
        return _clean(daily.reshape(k, months, DAYS_PER_MONTH).sum(axis=2), float(np.abs(weights).sum()))

    # Intelligent-Tiering objects of 128 KB or more cost less as they go unread: on top of the Frequent
    # Access rate above, one day's price step for each of the first 90 days of a stay, then a constant step.
    tiering = kept & (cls == _IT) & ~tiny & (inside > 0)
    idle_entry = np.concatenate([idle_start] + [np.zeros(n, np.int64)] * (stays - 1))[tiering]
    t_lo, t_hi, t_gb = lo[tiering], hi[tiering], gb[tiering]
    days = np.arange(_AIA_AFTER)
    step_lo = np.concatenate([(t_lo[:, None] + days).ravel(), t_lo + _AIA_AFTER])
    step_hi = np.minimum(
        np.concatenate([(t_lo[:, None] + days + 1).ravel(), np.maximum(t_hi, t_lo + _AIA_AFTER)]),
        np.concatenate([np.repeat(t_hi, _AIA_AFTER), t_hi]),
    )
    step_lo = np.minimum(step_lo, step_hi)
    step_ia, step_aia = _tier_steps(region)
    ia_share, aia_share = _unread_shares(
        np.concatenate([np.tile(days, len(t_lo)), np.full(len(t_lo), _AIA_AFTER)]),
        np.concatenate([np.repeat(idle_entry, _AIA_AFTER), idle_entry]),
        read_fraction,
    )
    step_gb = np.concatenate([np.repeat(t_gb, _AIA_AFTER), t_gb])
    step_rate = step_gb * (ia_share * step_ia + aia_share * step_aia) / DAYS_PER_MONTH

    storage = per_class_monthly(
        np.concatenate([cls, np.full(len(step_lo), _IT)]),
        np.concatenate([lo, step_lo]),
        np.concatenate([hi, step_hi]),
        np.concatenate([rate, step_rate]),
    )
    stored = per_class_monthly(cls, lo, hi, np.where(kept, gb, 0.0))
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


def _simulate_loop(
    objects: _Objects, lifecycle: Lifecycle, *, months: int, region: str, read_fraction: float = 0.0
) -> _Breakdown:
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

    step_ia, step_aia = _tier_steps(region)
    idle_days = objects.age_days if objects.idle_days is None else objects.idle_days
    for size, count, age, first, idle in zip(
        objects.size_bytes.tolist(),
        objects.count.tolist(),
        objects.age_days.tolist(),
        objects.class_index.tolist(),
        idle_days.tolist(),
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
            if cls == _IT and not small:
                for day in range(begin, last):
                    ia, aia = _unread_shares(day - begin, idle if number == 0 else 0, read_fraction)
                    storage[cls][day // DAYS_PER_MONTH] += count * gb * (ia * step_ia + aia * step_aia) / DAYS_PER_MONTH
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
