"""Chapter 04: databases — who runs what, RDS backups and failover, Aurora's storage quorum, DynamoDB capacity.

    >>> from awsbasics.database import dynamodb_capacity, storage_quorum
    >>> dynamodb_capacity(6, reads_per_second=10, read_consistency="strong").rcu
    20.0
    >>> storage_quorum(failed_azs=("az-a",)).can_write
    True

Modules: :mod:`~awsbasics.database.catalog` (responsibilities, the purpose-built
map), :mod:`~awsbasics.database.rds` (engines, backups, failover),
:mod:`~awsbasics.database.aurora` (the six-copy quorum),
:mod:`~awsbasics.database.dynamodb` (capacity units, cost, throttling),
:mod:`~awsbasics.database.placement` (DB subnet groups in the chapter 03 VPC model;
loaded on first use, as it brings the VPC model with it).
"""

from awsbasics.database.aurora import AZS, NODES, STORAGE, QuorumOutcome, storage_quorum
from awsbasics.database.catalog import (
    MODELS,
    SCHEMA_CONVERSION,
    Responsibilities,
    ServiceMap,
    purpose_built,
    responsibilities,
)
from awsbasics.database.dynamodb import (
    BURST_SECONDS,
    DEFAULT_MODE,
    LIMITS,
    PRICES,
    READ_CONSISTENCIES,
    UNITS,
    BatchCapacity,
    CapacityCost,
    DynamoDbCapacity,
    Throttling,
    batch_capacity,
    capacity_cost,
    dynamodb_capacity,
    simulate_throttling,
)
from awsbasics.database.rds import (
    DEPLOYMENTS,
    ENGINES,
    FAILURES,
    LATEST_RESTORABLE_MINUTES,
    RETENTION,
    DbNode,
    Deployment,
    FailoverOutcome,
    RecoveryWindow,
    default_retention_days,
    deployment,
    fail,
    recovery_window,
)
from awsbasics.errors import AuroraQuorumError, DbSubnetGroupError, DynamoDbCapacityError, RdsConfigError

__all__ = [
    "dynamodb_capacity",
    "batch_capacity",
    "capacity_cost",
    "simulate_throttling",
    "DynamoDbCapacity",
    "BatchCapacity",
    "CapacityCost",
    "Throttling",
    "READ_CONSISTENCIES",
    "UNITS",
    "LIMITS",
    "PRICES",
    "BURST_SECONDS",
    "DEFAULT_MODE",
    "deployment",
    "fail",
    "recovery_window",
    "default_retention_days",
    "Deployment",
    "DbNode",
    "FailoverOutcome",
    "RecoveryWindow",
    "ENGINES",
    "DEPLOYMENTS",
    "FAILURES",
    "RETENTION",
    "LATEST_RESTORABLE_MINUTES",
    "storage_quorum",
    "QuorumOutcome",
    "STORAGE",
    "AZS",
    "NODES",
    "responsibilities",
    "purpose_built",
    "Responsibilities",
    "ServiceMap",
    "MODELS",
    "SCHEMA_CONVERSION",
    "db_subnet_group",
    "place_db_instance",
    "db_access",
    "DbSubnetGroup",
    "DbInstance",
    "DbAccess",
    "MIN_AZS",
    "DynamoDbCapacityError",
    "RdsConfigError",
    "AuroraQuorumError",
    "DbSubnetGroupError",
]

_LAZY = {
    name: "placement"
    for name in (
        "db_subnet_group",
        "place_db_instance",
        "db_access",
        "DbSubnetGroup",
        "DbInstance",
        "DbAccess",
        "MIN_AZS",
    )
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
