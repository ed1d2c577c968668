"""The released names of saving and loading a VPC; they live in :mod:`awsbasics.network.vpc_io`.

Prefer ``vpc.to_dict()`` / ``VPC.from_dict(...)`` (or ``to_json`` / ``from_json``).
"""

from __future__ import annotations

from awsbasics.network.vpc import VPC
from awsbasics.network.vpc_io import FORMAT
from awsbasics.network.vpc_io import to_dict as vpc_to_dict

__all__ = ["vpc_to_dict", "vpc_from_dict", "claim_address", "FORMAT"]


def vpc_from_dict(document: dict) -> VPC:
    """``VPC.from_dict(document)``: rebuild a VPC from :func:`vpc_to_dict` data."""
    return VPC.from_dict(document)


def claim_address(interface, address: str) -> None:
    """Give an interface a known private address; later allocations in its subnet start after it."""
    interface.vpc._claim_address(interface, address)
