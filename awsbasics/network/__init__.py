"""Networking: CIDR arithmetic and subnet planning (the VPC model builds on them).

    >>> from awsbasics.network import Cidr, usable_addresses
    >>> usable_addresses(Cidr.parse("10.0.0.0/24"))
    251
"""

from awsbasics.network.cidr import (
    Cidr,
    find_overlaps,
    reserved_addresses,
    split,
    usable_addresses,
)

__all__ = ["Cidr", "find_overlaps", "reserved_addresses", "split", "usable_addresses", "plan"]


def plan(vpc_cidr, *, azs, tiers):
    """Lay out subnets per AZ and tier; see :func:`awsbasics.network.planning.plan`."""
    from awsbasics.network.planning import plan as build

    return build(vpc_cidr, azs=azs, tiers=tiers)
