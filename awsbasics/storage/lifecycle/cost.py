"""Pricing one batch of objects uploaded together: :func:`lifecycle_cost`.

    >>> rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)
    >>> cost = lifecycle_cost(rule, size_gb=1000, object_count=100_000, months=13)
    >>> round(cost.total_usd, 2), round(cost.transition_usd, 2)
    (85.26, 4.0)

Prices are list prices for us-east-1 and ap-northeast-2 (Seoul) from
``awsbasics/data/s3.json``: teaching estimates, not a bill.
https://aws.amazon.com/s3/pricing/
"""

from __future__ import annotations

from awsbasics._checks import require_int, require_real
from awsbasics.errors import InventoryError
from awsbasics.storage.lifecycle._arguments import (
    _MAX_OBJECT_BYTES,
    _MAX_PRICED_OBJECTS,
    _check_lifecycle,
    _check_months,
    _check_read_fraction,
    _check_retrieval,
    _check_rule_days,
    _check_tier,
)
from awsbasics.storage.lifecycle._numbers import _count
from awsbasics.storage.lifecycle.classes import _GB, _KB, _check_region
from awsbasics.storage.lifecycle.engines import _Objects, _simulate_numpy
from awsbasics.storage.lifecycle.result import LifecycleCost, _result
from awsbasics.storage.lifecycle.rules import Lifecycle

__all__ = ["lifecycle_cost"]


def lifecycle_cost(
    lifecycle: Lifecycle,
    *,
    size_gb: float,
    object_count: int,
    months: int,
    region: str = "us-east-1",
    retrieved_gb_per_month: float = 0.0,
    retrieval_tier: str = "Standard",
    read_fraction_per_month: float = 0.0,
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
        read_fraction_per_month: The share of objects read each month (0 to 1),
            at random. It drives S3 Intelligent-Tiering: objects of 128 KB or more
            move to its Infrequent Access tier after 30 days unread and to Archive
            Instant Access after 90, and back on a read; the bill uses the expected
            shares in each tier.

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
    size = require_real(size_gb, "size_gb", error=InventoryError)
    object_count = require_int(object_count, "object_count")
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
    read_fraction = _check_read_fraction(read_fraction_per_month)
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
    breakdown = _simulate_numpy(objects, lifecycle, months=months, region=region, read_fraction=read_fraction)
    description = f"{size_gb:,g} GB in {object_count:,} object(s) of {_size_text(per_object)}"
    return _result(
        breakdown,
        lifecycle,
        region=region,
        months=months,
        description=description,
        start_classes=["STANDARD"],
        retrieved_gb_per_month=retrieved,
        retrieval_tier=tier,
        object_count=object_count,
        read_fraction=read_fraction,
    )


def _size_text(size_bytes: float) -> str:
    for unit, scale in (("GB", _GB), ("MB", 1024**2), ("KB", _KB)):
        if size_bytes >= scale:
            return f"{size_bytes / scale:,.3g} {unit}"
    return f"{size_bytes:,.0f} bytes"
