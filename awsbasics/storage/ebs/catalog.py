"""EBS volume types: their limits, names, credit models and list prices, from ``awsbasics/data/ebs.json``.

    >>> VOLUME_TYPES
    ('gp3', 'gp2', 'io2', 'io1', 'st1', 'sc1', 'standard')
    >>> GP2_INITIAL_CREDITS
    5400000

https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from awsbasics import data

__all__ = [
    "VOLUME_TYPES",
    "CreditModel",
    "SIZE_RANGE_GIB",
    "MAX_PROVISIONED_IOPS",
    "MAX_PROVISIONED_THROUGHPUT_MIBPS",
    "GP2_INITIAL_CREDITS",
    "GP2_CREDIT_BUCKET",
    "MULTI_ATTACH_TYPES",
    "MULTI_ATTACH_MAX_INSTANCES",
    "DEFAULT_VOLUME_TYPE_CONSOLE",
    "DEFAULT_VOLUME_TYPE_API",
    "DEFAULT_VOLUME_TYPE_CLOUDFORMATION",
    "KIB_PER_MIB",
    "GIB_PER_TIB",
]


VOLUME_TYPES: tuple[str, ...] = tuple(data.value("ebs", "volume_types"))
_LIMITS: dict[str, dict] = {name: data.value("ebs", name) for name in VOLUME_TYPES}
# "The default" volume type depends on who creates the volume: the console picks gp3, while a
# CreateVolume call or a CloudFormation AWS::EC2::Volume without VolumeType gets gp2.
_DEFAULT_TYPE = data.value("ebs", "default_volume_type")
DEFAULT_VOLUME_TYPE_CONSOLE: str = _DEFAULT_TYPE["console"]
DEFAULT_VOLUME_TYPE_API: str = _DEFAULT_TYPE["api"]
DEFAULT_VOLUME_TYPE_CLOUDFORMATION: str = _DEFAULT_TYPE["cloudformation"]
_GP2, _GP3, _IO1, _IO2 = (_LIMITS[t] for t in ("gp2", "gp3", "io1", "io2"))
GP2_INITIAL_CREDITS: int = _GP2["initial_credits"]
GP2_CREDIT_BUCKET: int = _GP2["credit_bucket_size"]
_MULTI_ATTACH = data.value("ebs", "multi_attach")
MULTI_ATTACH_TYPES: tuple[str, ...] = tuple(_MULTI_ATTACH["volume_types"])
MULTI_ATTACH_MAX_INSTANCES: int = _MULTI_ATTACH["max_instances"]
_PROVISIONED_IOPS_TYPES = ("gp3", "io1", "io2")
SIZE_RANGE_GIB: tuple[int, int] = (
    min(limits["min_size_gib"] for limits in _LIMITS.values()),
    max(limits["max_size_gib"] for limits in _LIMITS.values()),
)
"""The smallest and largest volume of any type, in GiB."""
MAX_PROVISIONED_IOPS: int = max(_LIMITS[t]["max_iops"] for t in _PROVISIONED_IOPS_TYPES)
"""The most IOPS any type lets you provision (io2 Block Express)."""
MAX_PROVISIONED_THROUGHPUT_MIBPS: int = _GP3["max_throughput_mibps"]
"""The most throughput you can provision; only gp3 takes a throughput setting."""
_PRICE_REGION: str = data.fact("ebs", "prices")["region"]
_NAMES = {
    "gp3": "General Purpose SSD",
    "gp2": "General Purpose SSD",
    "io2": "Provisioned IOPS SSD (Block Express)",
    "io1": "Provisioned IOPS SSD",
    "st1": "Throughput Optimized HDD",
    "sc1": "Cold HDD",
    "standard": "Magnetic (previous generation)",
}


class CreditModel(StrEnum):
    """How a volume type performs above its baseline, named as in the EBS volume type pages."""

    IO_CREDITS = "I/O credits"  # gp2: I/O credits and burst performance
    THROUGHPUT_CREDITS = "throughput credits"  # st1, sc1: throughput credits and burst performance
    NONE = "none"  # gp3, io1, io2: the provisioned performance, all the time
    BEST_EFFORT = "best effort"  # standard (magnetic): no guarantee

    @property
    def simulated(self) -> bool:
        """Whether :func:`simulate_credits` and :meth:`Volume.burst_seconds` model it.

        >>> CreditModel.IO_CREDITS.simulated, CreditModel.THROUGHPUT_CREDITS.simulated
        (True, False)
        """
        return self in (CreditModel.IO_CREDITS, CreditModel.NONE)


_CREDIT_MODELS = {
    "gp2": CreditModel.IO_CREDITS,
    "gp3": CreditModel.NONE,
    "io1": CreditModel.NONE,
    "io2": CreditModel.NONE,
    "st1": CreditModel.THROUGHPUT_CREDITS,
    "sc1": CreditModel.THROUGHPUT_CREDITS,
    "standard": CreditModel.BEST_EFFORT,
}
# Units, not AWS facts.
KIB_PER_MIB = 1024
GIB_PER_TIB = 1024


@cache
def _prices() -> dict[str, dict]:
    table = data.fact("ebs", "prices")
    return {row[0]: dict(zip(table["columns"], row)) for row in table["rows"]}
