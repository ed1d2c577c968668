"""Made-up S3 Inventory-style tables for practice and benchmarks: :func:`random_inventory`."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping

from awsbasics._checks import is_int, require_int, require_real
from awsbasics.errors import InventoryError
from awsbasics.storage.lifecycle._arguments import _COUNTS, _MAX_OBJECT_BYTES
from awsbasics.storage.lifecycle._numbers import _count
from awsbasics.storage.lifecycle.classes import _CODES, _GB, _KB, STORAGE_CLASSES
from awsbasics.storage.lifecycle.inventory import _timestamp

__all__ = ["random_inventory"]


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

    count = require_int(count, "count")
    most = _COUNTS["max_random_inventory_objects"]
    if not 1 <= count <= most:
        raise InventoryError(
            f"count={_count(count)}: make 1 to {most:,} objects (this library's bound for a made-up "
            "inventory, not an AWS limit)"
        )
    if not is_int(seed):
        raise TypeError(f"seed must be int (the same seed gives the same table), not {type(seed).__name__}")
    if seed < 0:
        raise InventoryError(f"seed={seed}: a seed is a whole number, 0 or more")
    max_age_days = require_int(max_age_days, "max_age_days")
    oldest = _COUNTS["max_random_inventory_age_days"]
    if not 1 <= max_age_days <= oldest:
        raise InventoryError(f"max_age_days={_count(max_age_days)}: spread objects over 1 to {oldest:,} days")
    median = require_real(median_size_kb, "median_size_kb", error=InventoryError)
    if not 0 < median * _KB <= _MAX_OBJECT_BYTES:
        raise InventoryError(
            f"median_size_kb={median_size_kb}: a median object size is more than 0 KB and at most "
            f"{_MAX_OBJECT_BYTES // 1000**4} TB, the largest S3 object"
        )
    if storage_classes is None:
        weights = {"STANDARD": 0.8, "STANDARD_IA": 0.1, "INTELLIGENT_TIERING": 0.05, "GLACIER": 0.05}
    elif not isinstance(storage_classes, Mapping):
        raise TypeError(
            f"storage_classes must be a dict of storage class code -> weight, not {type(storage_classes).__name__}"
        )
    else:
        weights = dict(storage_classes)
    if not weights:
        raise InventoryError("storage_classes is empty; give at least one class a positive weight")
    unknown = [code for code in weights if code not in STORAGE_CLASSES]
    if unknown:
        raise InventoryError(
            f"storage class {reprlib.repr(unknown[0])} is not an S3 storage class code; use one of {', '.join(_CODES)}"
        )
    for code, weight in weights.items():
        if require_real(weight, f"the weight of {code}", error=InventoryError) < 0:
            raise InventoryError(f"the weight of {code} is {weight}; weights are 0 or more")
    if not sum(float(w) for w in weights.values()) > 0:
        raise InventoryError("every storage class weight is 0; give at least one class a positive weight")
    end = _timestamp(start, "start")
    rng = np.random.default_rng(int(seed))
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
            "storage_class": pd.Categorical.from_codes(picks, categories=pd.Index(codes)),
        }
    )
