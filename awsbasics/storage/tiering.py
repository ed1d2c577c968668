"""Restoring archived S3 objects, and where S3 Intelligent-Tiering keeps an object.

An object in S3 Glacier Flexible Retrieval (GLACIER) or S3 Glacier Deep Archive
(DEEP_ARCHIVE) must be restored (복원) before it can be read. The retrieval tier
sets the price and the wait::

    >>> cost = restore_cost("DEEP_ARCHIVE", tier="Bulk", size_gb=1000, objects=1000)
    >>> cost.retrieval_usd, cost.request_usd, cost.total_usd, cost.hours
    (2.5, 0.025, 2.525, 48.0)

S3 Intelligent-Tiering moves each object of 128 KB or more between access tiers by
the days since it was last read; smaller objects are not monitored and stay in
Frequent Access::

    >>> intelligent_tiering_tier(1024, days_since_access=45).tier
    'INFREQUENT_ACCESS'
    >>> intelligent_tiering_tier(64, days_since_access=120)
    TieringState(tier='FREQUENT_ACCESS', monitored=False)

Facts and prices come from ``awsbasics/data/s3.json`` (``restore_tiers``,
``intelligent_tiering``, ``intelligent_tiering_monitoring``) with their sources.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_real
from awsbasics._protocol import Rendered
from awsbasics.errors import InventoryError, LifecycleError
from awsbasics.storage.lifecycle._arguments import _MAX_PRICED_OBJECTS as _MAX_OBJECTS
from awsbasics.storage.lifecycle._numbers import _count
from awsbasics.storage.lifecycle.classes import STORAGE_CLASSES, _check_region
from awsbasics.storage.lifecycle.engines import DAYS_PER_MONTH

__all__ = [
    "RESTORE_TIERS",
    "RestoreCost",
    "restore_cost",
    "INTELLIGENT_TIERING_TIERS",
    "TieringState",
    "intelligent_tiering_tier",
    "intelligent_tiering_monitoring_usd",
    "InventoryError",
    "LifecycleError",
]

_KB_PER_GB = 1024**2
_RESTORE = data.fact("s3", "restore_tiers")
_FEE_REGION: str = _RESTORE["region"]
RESTORE_TIERS: dict[str, dict[str, dict]] = {}
"""``RESTORE_TIERS[class][tier]``: ``usd_per_gb``, ``usd_per_1000_requests``, ``within_minutes``, ``time``."""
for _row in _RESTORE["rows"]:
    _fields = dict(zip(_RESTORE["columns"], _row))
    RESTORE_TIERS.setdefault(_fields.pop("storage_class"), {})[_fields.pop("tier")] = _fields

_TIERING = data.fact("s3", "intelligent_tiering")
_MONITORING = data.fact("s3", "intelligent_tiering_monitoring")
_MIN_MONITORED_KB: int = _MONITORING["min_monitored_size_kb"]
_IA_DAYS: int = _TIERING["infrequent_access_after_days"]
_AIA_DAYS: int = _TIERING["archive_instant_access_after_days"]
_OPTIONAL: dict = _TIERING["optional_tiers"]
_MAX_OBJECT_KB: float = data.value("s3", "max_object_size_tb") * 1000**4 / 1024

INTELLIGENT_TIERING_TIERS: tuple[str, ...] = (
    "FREQUENT_ACCESS",
    "INFREQUENT_ACCESS",
    "ARCHIVE_INSTANT_ACCESS",
    "ARCHIVE_ACCESS",
    "DEEP_ARCHIVE_ACCESS",
)
"""The access tiers of S3 Intelligent-Tiering, warm to cold; the last two are optional and need a restore."""


@dataclass(frozen=True, slots=True)
class RestoreCost(Rendered):
    """What one restore of archived objects costs and how long it takes (``restore_cost``)."""

    storage_class: str
    tier: str
    size_gb: float
    objects: int
    region: str
    retrieval_usd: float
    request_usd: float
    hours: float
    time: str
    restored_copy_usd_per_day: float

    @property
    def total_usd(self) -> float:
        """Retrieval plus requests; the temporary restored copy's storage is not included."""
        return round(self.retrieval_usd + self.request_usd, 10)

    def text(self) -> str:
        """One line on the restore, its price and wait, then the copy's storage."""
        return (
            f"{self.tier} restore of {self.size_gb:,g} GB in {self.objects:,} object(s) from {self.storage_class} "
            f"({self.region}): ${self.total_usd:,.4g} = retrieval ${self.retrieval_usd:,.4g} + requests "
            f"${self.request_usd:,.4g}; ready {self.time} (at most {self.hours:g} h). The temporary copy is billed "
            f"as S3 Standard on top: ${self.restored_copy_usd_per_day:,.4g} per day it is kept."
        )


def restore_cost(
    storage_class: str, *, tier: str, size_gb: float, objects: int, region: str = "us-east-1"
) -> RestoreCost:
    """Price restoring ``size_gb`` in ``objects`` archived objects with one retrieval tier.

    Args:
        storage_class: ``"GLACIER"`` (Flexible Retrieval) or ``"DEEP_ARCHIVE"``.
        tier: ``"Expedited"`` (GLACIER only), ``"Standard"`` or ``"Bulk"``.
        size_gb: GB restored (2^30 bytes).
        objects: Objects restored: one restore request each.
        region: A Region with stored S3 prices. Retrieval fees are us-east-1's for every
            Region (a simplification); the restored copy uses the Region's S3 Standard price.

    Returns:
        RestoreCost: ``.retrieval_usd`` (per GB), ``.request_usd`` (per 1,000 requests),
        ``.total_usd`` (their sum), ``.hours`` (the typical longest wait) and, separately,
        ``.restored_copy_usd_per_day`` (the temporary copy in S3 Standard, not in the total).

    Raises:
        LifecycleError: a class that needs no restore, or a tier the class does not offer.
        InventoryError: a size or object count that is negative, not finite, or more objects
            than bytes.
        RegionError: a Region without stored S3 prices.
        TypeError: arguments of the wrong kind.
    """
    if not isinstance(storage_class, str):
        raise TypeError(f"storage_class must be a storage class code (str), not {type(storage_class).__name__}")
    if not isinstance(tier, str):
        raise TypeError(f"tier must be str, not {type(tier).__name__}")
    if storage_class not in RESTORE_TIERS:
        plain = storage_class in STORAGE_CLASSES
        raise LifecycleError(
            f"storage_class={reprlib.repr(storage_class)}: only archived classes are restored "
            f"({' and '.join(RESTORE_TIERS)})" + ("; objects in it are read directly" if plain else "")
        )
    tiers = RESTORE_TIERS[storage_class]
    if tier not in tiers:
        raise LifecycleError(f"tier={reprlib.repr(tier)}: {storage_class} restores use the {', '.join(tiers)} tier(s)")
    size = require_real(size_gb, "size_gb", error=InventoryError)
    if size < 0:
        raise InventoryError(f"size_gb={size_gb}: a restore cannot bring back a negative amount of data")
    count = require_int(objects, "objects")
    if count < 0:
        raise InventoryError(f"objects={_count(count)}: restore 0 or more objects")
    if count == 0 and size > 0:
        raise InventoryError(f"size_gb={size_gb} in objects=0: data is restored in objects, so give at least one")
    if count > _MAX_OBJECTS:
        raise InventoryError(
            f"objects={_count(count)}: this library prices at most {_MAX_OBJECTS:,} objects (a bound "
            "that keeps the arithmetic exact in floating point, not an AWS limit)"
        )
    region = _check_region(region)
    fees = tiers[tier]
    retrieval = round(size * fees["usd_per_gb"], 10)
    requests = round(count / 1000 * fees["usd_per_1000_requests"], 10)
    copy_per_day = size * STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month(region) / DAYS_PER_MONTH
    return RestoreCost(
        storage_class,
        tier,
        size,
        count,
        region,
        retrieval,
        requests,
        fees["within_minutes"] / 60,
        fees["time"],
        copy_per_day,
    )


@dataclass(frozen=True, slots=True)
class TieringState:
    """Where Intelligent-Tiering keeps an object: the access ``tier`` and whether it is ``monitored``."""

    tier: str
    monitored: bool


def _optional_days(value: object, name: str, tier: str) -> int | None:
    if value is None:
        return None
    days = require_int(value, name)
    low, high = _OPTIONAL[tier]["min_days"], _OPTIONAL[tier]["max_days"]
    if not low <= days <= high:
        raise LifecycleError(
            f"{name}={reprlib.repr(value)} breaks the Intelligent-Tiering rule '{tier} is set to {low} to {high} "
            f"consecutive days without access'"
        )
    return days


def intelligent_tiering_tier(
    object_size_kb: float,
    *,
    days_since_access: int,
    archive_access_days: int | None = None,
    deep_archive_access_days: int | None = None,
) -> TieringState:
    """The Intelligent-Tiering access tier of one object, and whether it is monitored.

    Objects under 128 KB are not monitored (no monitoring fee) and always stay in
    Frequent Access. Larger objects move to Infrequent Access after 30 consecutive
    days without access and to Archive Instant Access after 90, with no retrieval
    fee; if the bucket opts in, to Archive Access after ``archive_access_days``
    (90-730) and to Deep Archive Access after ``deep_archive_access_days`` (180-730),
    from which they must be restored. Any access brings an object back to Frequent
    Access, so ``days_since_access`` counts from the last read (or upload).

    >>> intelligent_tiering_tier(512, days_since_access=200, archive_access_days=90,
    ...                          deep_archive_access_days=180).tier
    'DEEP_ARCHIVE_ACCESS'

    Raises:
        InventoryError: a size that is negative, not finite or over 50 TB.
        LifecycleError: negative days, or opt-in days outside their range or out of order.
        TypeError: arguments of the wrong kind.
    """
    size = require_real(object_size_kb, "object_size_kb", error=InventoryError)
    if not 0 <= size <= _MAX_OBJECT_KB:
        raise InventoryError(f"object_size_kb={object_size_kb}: an S3 object holds 0 bytes to 50 TB")
    days = require_int(days_since_access, "days_since_access")
    if days < 0:
        raise LifecycleError(f"days_since_access={_count(days)}: days since the last access are 0 or more")
    archive = _optional_days(archive_access_days, "archive_access_days", "ARCHIVE_ACCESS")
    deep = _optional_days(deep_archive_access_days, "deep_archive_access_days", "DEEP_ARCHIVE_ACCESS")
    if archive is not None and deep is not None and deep <= archive:
        raise LifecycleError(
            f"deep_archive_access_days={deep} with archive_access_days={archive} breaks the Intelligent-Tiering "
            "rule 'Deep Archive Access comes after Archive Access': give it more days"
        )
    if size < _MIN_MONITORED_KB:
        return TieringState("FREQUENT_ACCESS", False)
    tier = "FREQUENT_ACCESS"
    for threshold, name in (
        (_IA_DAYS, "INFREQUENT_ACCESS"),
        (_AIA_DAYS, "ARCHIVE_INSTANT_ACCESS"),
        (archive, "ARCHIVE_ACCESS"),
        (deep, "DEEP_ARCHIVE_ACCESS"),
    ):
        if threshold is not None and days >= threshold:
            tier = name
    return TieringState(tier, True)


def intelligent_tiering_monitoring_usd(object_count: int, object_size_kb: float) -> float:
    """The monthly monitoring and automation fee for ``object_count`` objects of ``object_size_kb``.

    >>> intelligent_tiering_monitoring_usd(10_000_000, 512)
    25.0
    >>> intelligent_tiering_monitoring_usd(10_000_000, 64)   # under 128 KB: not monitored
    0.0
    """
    count = require_int(object_count, "object_count")
    if not 0 <= count <= _MAX_OBJECTS:
        raise InventoryError(
            f"object_count={_count(count)}: count 0 to {_MAX_OBJECTS:,} objects (this library's "
            "bound, not an AWS limit)"
        )
    size = require_real(object_size_kb, "object_size_kb", error=InventoryError)
    if not 0 <= size <= _MAX_OBJECT_KB:
        raise InventoryError(f"object_size_kb={object_size_kb}: an S3 object holds 0 bytes to 50 TB")
    if size < _MIN_MONITORED_KB:
        return 0.0
    return round(count / 1000 * _MONITORING["value"], 10)
