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

One concern per module:

- :mod:`.classes`: the storage class catalog and its list prices;
- :mod:`.rules`: :class:`Lifecycle` and the AWS lifecycle rules it keeps;
- :mod:`.engines`: the simulation (a vectorized engine and its loop oracle);
- :mod:`.result`: :class:`LifecycleCost`, the priced result; :mod:`.findings`: what drives the bill
  (as :class:`Finding` objects);
- :mod:`.cost`: :func:`lifecycle_cost` for one batch of objects;
- :mod:`.inventory`: :func:`simulate_inventory` for an S3 Inventory-style table;
- :mod:`.synthetic`: :func:`random_inventory`, a made-up table.

A month is 30 days here, a teaching simplification (AWS meters byte-hours
over calendar months). Prices are list prices for us-east-1 and
ap-northeast-2 (Seoul) from ``awsbasics/data/s3.json``, with their sources
and as-of dates: teaching estimates, not a bill.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
"""

from __future__ import annotations

from awsbasics._finding import SEVERITIES, Finding
from awsbasics.errors import InventoryError, LifecycleError, RegionError
from awsbasics.storage.lifecycle.classes import (
    PRICED_REGIONS,
    STORAGE_CLASSES,
    TRANSITION_TARGETS,
    StorageClass,
    standard_storage_usd,
    storage_classes_frame,
)
from awsbasics.storage.lifecycle.cost import lifecycle_cost
from awsbasics.storage.lifecycle.engines import DAYS_PER_MONTH
from awsbasics.storage.lifecycle.inventory import INVENTORY_COLUMNS, LAST_ACCESSED, simulate_inventory
from awsbasics.storage.lifecycle.result import LifecycleCost
from awsbasics.storage.lifecycle.rules import (
    MIN_TRANSITION_SIZE_KB,
    TRANSITION_SIZE_SETTINGS,
    Lifecycle,
    next_transition,
)
from awsbasics.storage.lifecycle.synthetic import random_inventory
from awsbasics.storage.lifecycle.tiering_choice import (
    INTELLIGENT_TIERING_RULE,
    TieringChoice,
    compare_intelligent_tiering,
)

__all__ = [
    "StorageClass",
    "STORAGE_CLASSES",
    "PRICED_REGIONS",
    "DAYS_PER_MONTH",
    "MIN_TRANSITION_SIZE_KB",
    "TRANSITION_TARGETS",
    "TRANSITION_SIZE_SETTINGS",
    "InventoryError",
    "LifecycleError",
    "Lifecycle",
    "LifecycleCost",
    "Finding",
    "SEVERITIES",
    "lifecycle_cost",
    "next_transition",
    "simulate_inventory",
    "random_inventory",
    "storage_classes_frame",
    "INVENTORY_COLUMNS",
    "LAST_ACCESSED",
    "standard_storage_usd",
    "TieringChoice",
    "compare_intelligent_tiering",
    "INTELLIGENT_TIERING_RULE",
    "RegionError",
]
