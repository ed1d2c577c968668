"""EBS: block volumes, their size/IOPS/throughput limits, gp2 burst credits, and AZ binding.

A :class:`Volume` is checked against every documented limit of its type when it
is made, and derives what it can deliver::

    >>> v = Volume("gp2", 100)
    >>> v.baseline_iops, v.max_iops, v.burst_seconds()
    (300, 3000, 2000.0)
    >>> Volume("gp3", 500).baseline_iops, Volume("gp3", 500).baseline_throughput_mibps
    (3000, 125.0)
    >>> Volume("io1", 100, iops=5001)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    awsbasics.errors.EbsLimitError: io1 allows at most 50 IOPS per GiB: ... the most is 5,000 IOPS ...

:func:`simulate_credits` runs a gp2 volume's I/O-credit bucket second by second,
:func:`burst_outcome` says what a volume delivers under a steady demand,
and :class:`EbsModel` attaches volumes to instances under the Availability Zone
and Multi-Attach rules, with snapshots to move data between AZs.

Limits come from ``awsbasics/data/ebs.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html

One concern per module: :mod:`.catalog` (volume types and their limits),
:mod:`.volume` (:class:`Volume`), :mod:`.credits` (the gp2 credit bucket),
:mod:`.comparison` (every type side by side) and :mod:`.placement` (:class:`EbsModel`).
"""

from __future__ import annotations

from awsbasics.errors import AttachmentError, CapacityError, EbsLimitError
from awsbasics.storage.ebs.catalog import (
    DEFAULT_VOLUME_TYPE_API,
    DEFAULT_VOLUME_TYPE_CLOUDFORMATION,
    DEFAULT_VOLUME_TYPE_CONSOLE,
    GIB_PER_TIB,
    GP2_CREDIT_BUCKET,
    GP2_INITIAL_CREDITS,
    KIB_PER_MIB,
    MAX_PROVISIONED_IOPS,
    MAX_PROVISIONED_THROUGHPUT_MIBPS,
    MULTI_ATTACH_MAX_INSTANCES,
    MULTI_ATTACH_TYPES,
    SIZE_RANGE_GIB,
    VOLUME_TYPES,
    CreditModel,
)
from awsbasics.storage.ebs.comparison import compare_volumes, volumes_figure
from awsbasics.storage.ebs.credits import BurstOutcome, burst_outcome, credits_figure, simulate_credits
from awsbasics.storage.ebs.placement import EbsModel, Instance, Snapshot
from awsbasics.storage.ebs.volume import Volume

__all__ = [
    "Volume",
    "CreditModel",
    "AttachmentError",
    "CapacityError",
    "EbsLimitError",
    "VOLUME_TYPES",
    "SIZE_RANGE_GIB",
    "MAX_PROVISIONED_IOPS",
    "MAX_PROVISIONED_THROUGHPUT_MIBPS",
    "simulate_credits",
    "burst_outcome",
    "BurstOutcome",
    "compare_volumes",
    "volumes_figure",
    "credits_figure",
    "EbsModel",
    "Instance",
    "Snapshot",
    "GP2_INITIAL_CREDITS",
    "GP2_CREDIT_BUCKET",
    "MULTI_ATTACH_TYPES",
    "KIB_PER_MIB",
    "GIB_PER_TIB",
    "MULTI_ATTACH_MAX_INSTANCES",
    "DEFAULT_VOLUME_TYPE_CONSOLE",
    "DEFAULT_VOLUME_TYPE_API",
    "DEFAULT_VOLUME_TYPE_CLOUDFORMATION",
]
