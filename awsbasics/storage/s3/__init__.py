"""S3: buckets and their names, objects, keys and URLs, the folder illusion, versioning, and storage cost.

S3 stores objects (객체) in buckets (버킷). A bucket name is unique across
AWS, so it follows strict rules; an object is found by its bucket, its key
and, with versioning (버전 관리) on, a version ID::

    >>> validate_bucket_name("seoul-logs-2026")
    'seoul-logs-2026'
    >>> validate_bucket_name("My_Bucket")
    Traceback (most recent call last):
    ...
    awsbasics.errors.BucketNameError: 'My_Bucket' breaks the bucket naming rule 'bucket names use only lowercase letters, numbers, dots (.) and hyphens (-)': it contains 'B', 'M', '_'; use lowercase letters and hyphens instead
    >>> object_url("examples", "userimg/2020-07-28/test.png", region="ap-northeast-2")
    'https://examples.s3.ap-northeast-2.amazonaws.com/userimg/2020-07-28/test.png'

Keys are flat strings: "folders" are only shared prefixes (:func:`list_objects`).
:class:`Bucket` simulates puts, overwrites, delete markers and restores, and
shows that every version is billed. Storage classes (스토리지 클래스), lifecycle
rules (수명 주기) and their cost live in :mod:`awsbasics.storage.lifecycle` and
are re-exported here: ``STORAGE_CLASSES``, ``Lifecycle``, ``lifecycle_cost``,
``simulate_inventory``.

One module per concern:

- :mod:`~awsbasics.storage.s3.names`: bucket names, object keys, URLs and listings;
- :mod:`~awsbasics.storage.s3.bucket`: the bucket model (versions, Block Public Access, policy, lifecycle rule).

Rules and limits come from ``awsbasics/data/s3.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""

from __future__ import annotations

from awsbasics.errors import BucketConfigError, BucketNameError, S3ObjectError
from awsbasics.storage.lifecycle import (
    DAYS_PER_MONTH,
    INVENTORY_COLUMNS,
    MIN_TRANSITION_SIZE_KB,
    PRICED_REGIONS,
    STORAGE_CLASSES,
    TRANSITION_SIZE_SETTINGS,
    TRANSITION_TARGETS,
    InventoryError,
    Lifecycle,
    LifecycleCost,
    StorageClass,
    TieringChoice,
    compare_intelligent_tiering,
    lifecycle_cost,
    next_transition,
    random_inventory,
    simulate_inventory,
    standard_storage_usd,
    storage_classes_frame,
)
from awsbasics.storage.s3.bucket import MAX_OBJECT_SIZE_TB, Bucket, ObjectVersion, PublicAccessBlock
from awsbasics.storage.s3.names import (
    BUCKET_NAME_RULES,
    MAX_KEY_LENGTH_BYTES,
    ListResult,
    bucket_names_frame,
    list_objects,
    object_url,
    validate_bucket_name,
    validate_key,
)
from awsbasics.storage.tiering import (
    INTELLIGENT_TIERING_TIERS,
    RESTORE_TIERS,
    RestoreCost,
    TieringState,
    intelligent_tiering_monitoring_usd,
    intelligent_tiering_tier,
    restore_cost,
)

__all__ = [
    "S3ObjectError",
    "BucketConfigError",
    "PublicAccessBlock",
    "validate_bucket_name",
    "bucket_names_frame",
    "validate_key",
    "object_url",
    "ListResult",
    "list_objects",
    "ObjectVersion",
    "Bucket",
    "BUCKET_NAME_RULES",
    "MAX_KEY_LENGTH_BYTES",
    "MAX_OBJECT_SIZE_TB",
    # storage classes, lifecycle rules and their cost (awsbasics.storage.lifecycle)
    "StorageClass",
    "STORAGE_CLASSES",
    "PRICED_REGIONS",
    "DAYS_PER_MONTH",
    "MIN_TRANSITION_SIZE_KB",
    "TRANSITION_TARGETS",
    "TRANSITION_SIZE_SETTINGS",
    "INVENTORY_COLUMNS",
    "InventoryError",
    "Lifecycle",
    "LifecycleCost",
    "lifecycle_cost",
    "compare_intelligent_tiering",
    "TieringChoice",
    "next_transition",
    "simulate_inventory",
    "random_inventory",
    "storage_classes_frame",
    "standard_storage_usd",
    # restores and Intelligent-Tiering (awsbasics.storage.tiering)
    "RESTORE_TIERS",
    "RestoreCost",
    "restore_cost",
    "INTELLIGENT_TIERING_TIERS",
    "TieringState",
    "intelligent_tiering_tier",
    "intelligent_tiering_monitoring_usd",
    "BucketNameError",
]
