"""An S3 Inventory-style table: read into arrays, then every object priced by :func:`simulate_inventory`.

Each row of the table (key, size, last_modified, storage_class) keeps its own
age and class, and the rule acts on each as AWS would on its daily run.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping

from awsbasics.errors import InventoryError, LifecycleError
from awsbasics.storage.lifecycle._arguments import (
    _MAX_OBJECT_BYTES,
    _check_lifecycle,
    _check_months,
    _check_read_fraction,
    _check_retrieval,
    _check_rule_days,
    _check_tier,
)
from awsbasics.storage.lifecycle.classes import _CODES, _GB, STORAGE_CLASSES, _check_region
from awsbasics.storage.lifecycle.engines import _ENGINES, _Objects
from awsbasics.storage.lifecycle.result import LifecycleCost, _result
from awsbasics.storage.lifecycle.rules import Lifecycle

__all__ = ["INVENTORY_COLUMNS", "LAST_ACCESSED", "simulate_inventory"]

INVENTORY_COLUMNS = ("key", "size", "last_modified", "storage_class")
LAST_ACCESSED = "last_accessed"  # optional: when each object was last read (S3 Inventory does not report it)


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
            raise InventoryError(
                f"the inventory's columns do not line up ({exc}); give one value per object in every column"
            ) from None
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
        raise InventoryError(f"storage class {shown} is not an S3 storage class code; use one of {', '.join(_CODES)}")
    class_index = np.array([_CODES.index(u) for u in uniques], dtype=np.int64)[codes]

    try:
        modified = pd.to_datetime(inventory["last_modified"], utc=True)
        modified = modified.dt.as_unit("ns")  # out of pandas' nanosecond range (1677-2262): an error here
    except (ValueError, OverflowError, TypeError) as exc:  # includes pandas' parse and out-of-bounds errors
        raise InventoryError(
            f"the last_modified column holds a value that is not a date ({exc}); give dates or "
            "ISO text such as '2026-01-01'"
        ) from None
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
    idle = ages
    if LAST_ACCESSED in inventory.columns:
        idle = _days_unread(inventory, start, modified)
    objects = _Objects(sizes, np.ones(len(sizes)), ages.astype(np.int64), class_index, idle.astype(np.int64))
    return objects, [str(u) for u in uniques], start


def _days_unread(inventory, start, modified):
    """Days from each object's last read (or, with none given, its last_modified date) to ``start``."""
    import numpy as np
    import pandas as pd

    try:
        read = pd.to_datetime(inventory[LAST_ACCESSED], utc=True).dt.as_unit("ns")
    except (ValueError, OverflowError, TypeError) as exc:
        raise InventoryError(
            f"the {LAST_ACCESSED} column holds a value that is not a date ({exc}); give dates, or "
            "leave a cell empty for an object never read"
        ) from None
    read = read.fillna(modified)
    read_ns = read.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    if (read_ns < modified.to_numpy(dtype="datetime64[ns]").astype(np.int64)).any() or (read_ns > start.value).any():
        row = inventory.index[(read < modified).to_numpy() | (read_ns > start.value)][0]
        raise InventoryError(
            f"row {row!r} was last read before it was written or after the simulation start {start.date()}"
        )
    return (start.value - read_ns) // (86_400 * 10**9)


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
    read_fraction_per_month: float = 0.0,
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
            (API codes such as ``STANDARD_IA``); optionally ``last_accessed``
            (dates; empty for never read) for objects in Intelligent-Tiering,
            whose tier follows the days since the last read.
        lifecycle: The rule to apply.
        months: How many 30-day months to simulate.
        region: ``"us-east-1"`` or ``"ap-northeast-2"``.
        start: The day the simulation starts (default: the day after the newest ``last_modified``).
        retrieved_gb_per_month: GB read back each month (see :func:`lifecycle_cost`).
        retrieval_tier: The restore tier for GLACIER and DEEP_ARCHIVE reads (see :func:`lifecycle_cost`).
        read_fraction_per_month: The share of objects read each month, for Intelligent-Tiering
            (see :func:`lifecycle_cost`).
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
        >>> from awsbasics.storage.lifecycle import random_inventory
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
    read_fraction = _check_read_fraction(read_fraction_per_month)
    if not isinstance(engine, str):
        raise TypeError(f"engine must be str, not {type(engine).__name__}")
    if engine not in _ENGINES:
        raise LifecycleError(f"engine={reprlib.repr(engine)}: use 'numpy' or 'loop'")
    objects, classes, start = _inventory_arrays(inventory, start=start)
    breakdown = _ENGINES[engine](objects, lifecycle, months=months, region=region, read_fraction=read_fraction)
    count = len(objects.size_bytes)
    description = f"inventory of {count:,} object(s), {objects.size_bytes.sum() / _GB:,.3g} GB, from {start.date()}"
    return _result(
        breakdown,
        lifecycle,
        region=region,
        months=months,
        description=description,
        start_classes=classes,
        retrieved_gb_per_month=retrieved,
        retrieval_tier=tier,
        object_count=count,
        read_fraction=read_fraction,
    )


def _timestamp(value, what: str):
    """A UTC pandas Timestamp from a date, a datetime or ISO text; InventoryError if it is not one."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    if not isinstance(value, (str, dt.date, np.datetime64, pd.Timestamp)):
        raise TypeError(
            f"{what} must be a date (ISO text such as '2026-01-01', a date or a datetime), not {type(value).__name__}"
        )
    try:
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            raise ValueError("not a time")
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        stamp.as_unit("ns")
    except (ValueError, OverflowError, TypeError) as exc:  # pandas' parse and out-of-bounds errors are ValueErrors
        raise InventoryError(
            f"{what}={reprlib.repr(value)} is not a date this library can use ({exc}); give ISO "
            "text such as '2026-01-01' between the years 1678 and 2261"
        ) from None
    return stamp
