"""The released names of the ``describe-*`` reader and writer; both live in :mod:`awsbasics.network.vpc_io`.

Prefer ``VPC.from_aws(...)`` and ``vpc.to_aws()``.
"""

from __future__ import annotations

from awsbasics.network.vpc import VPC
from awsbasics.network.vpc_io import to_aws

__all__ = ["from_aws", "to_aws"]


def from_aws(**describe) -> VPC:
    """``VPC.from_aws(**describe)``: the model of one VPC in ``describe-*`` responses."""
    return VPC.from_aws(**describe)
