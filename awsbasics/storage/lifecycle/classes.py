"""S3 storage classes: the catalog of classes with their rules and list prices.

Every S3 object has a storage class (스토리지 클래스); each class has a price per
GB-month, a minimum storage duration and billable size, and a retrieval fee::

    >>> STORAGE_CLASSES["GLACIER"].min_storage_days
    90
    >>> STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month("ap-northeast-2")
    0.025

Prices are list prices for the Regions in ``PRICED_REGIONS`` from
``awsbasics/data/s3.json``, with their sources and as-of dates.
https://aws.amazon.com/s3/pricing/
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from awsbasics import data
from awsbasics._checks import require_real
from awsbasics.errors import InventoryError, RegionError

__all__ = [
    "StorageClass",
    "STORAGE_CLASSES",
    "PRICED_REGIONS",
    "TRANSITION_TARGETS",
    "storage_classes_frame",
    "standard_storage_usd",
]

# S3 bills binary units: a KB is 1,024 bytes and a GB 1,024^3 bytes.
_KB = 1024
_GB = 1024**3


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


_TIERS = data.fact("s3", "standard_price_tiers")


def standard_storage_usd(gb: float, *, region: str = "us-east-1") -> float:
    """One month of ``gb`` GB-months in S3 Standard at AWS's volume tiers (first 50 TB, next 450 TB, over 500 TB).

    A TB is 1,024 GB, as AWS bills:

    >>> round(standard_storage_usd(600 * 1024), 2)   # 50 TB at 0.023 + 450 TB at 0.022 + 100 TB at 0.021
    13465.6
    """
    _check_region(region)
    amount = require_real(gb, "gb", error=InventoryError)
    if amount < 0:
        raise InventoryError(f"gb={gb}: a stored amount cannot be negative")
    column = _TIERS["columns"].index(region)
    total, floor = 0.0, 0.0
    for row in _TIERS["rows"]:
        ceiling = math.inf if row[0] is None else row[0] * _TIERS["tb_gb"]
        total += max(min(amount, ceiling) - floor, 0.0) * row[column]
        floor = ceiling
    return total
