"""Subnets: one slice of a VPC's address blocks in one Availability Zone.

A subnet (서브넷) hands out the addresses of its block to network interfaces,
keeping AWS's reserved ones, and is public exactly when its route table sends
traffic to an internet gateway:

    >>> from awsbasics.network.vpc import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> subnet = vpc.add_subnet("10.0.1.0/24", az="us-east-1a", name="app")
    >>> subnet.usable_addresses, subnet.route_table.name, subnet.is_public
    (251, 'main', False)

Source: https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics.errors import VpcError
from awsbasics.network.cidr import RESERVED_ADDRESSES_PER_SUBNET, Cidr, format_address, usable_addresses
from awsbasics.network.gateways import InternetGateway
from awsbasics.network.ipv6 import Ipv6Cidr

if TYPE_CHECKING:
    from awsbasics.network.interfaces import NetworkInterface
    from awsbasics.network.routing import RouteTable
    from awsbasics.network.security import NetworkAcl
    from awsbasics.network.vpc import VPC

__all__ = ["Subnet"]

# The first addresses of a subnet (network, router, DNS, reserved) are never handed out.
FIRST_HOST_OFFSET = RESERVED_ADDRESSES_PER_SUBNET - 1


@dataclass(eq=False, kw_only=True)
class Subnet:
    """A subnet: one block of the VPC in one Availability Zone."""

    vpc: VPC
    id: str
    name: str
    cidr: Cidr
    az: str
    ipv6_cidr: Ipv6Cidr | None = None
    _next_host: int = field(default=FIRST_HOST_OFFSET, init=False)  # offset of the next address to hand out
    _next_ipv6: int = field(default=FIRST_HOST_OFFSET, init=False)  # the same for the IPv6 block

    @property
    def is_dual_stack(self) -> bool:
        """True when the subnet has an IPv6 block beside its IPv4 one."""
        return self.ipv6_cidr is not None

    def assign_ipv6_cidr_block(self, cidr=None) -> Ipv6Cidr:
        """Give the subnet a /64 of the VPC's IPv6 block (``None``: the first free one).

        Raises:
            VpcError: the VPC has no IPv6 block, the subnet has one already, or no /64 is free.
            CidrError: ``cidr`` is not a /64 inside the VPC's IPv6 block, or another subnet uses it.
        """
        return self.vpc._assign_subnet_ipv6(self, cidr)

    def _allocate_ipv6(self) -> str:
        if self.ipv6_cidr is None:
            raise VpcError(f"subnet {self.name} has no IPv6 block; assign one with assign_ipv6_cidr_block() first")
        address = self.ipv6_cidr.address(self._next_ipv6)
        self._next_ipv6 += 1
        return address

    @property
    def route_table(self) -> RouteTable:
        """The explicitly associated route table, else the VPC's main route table."""
        return self.vpc._associations.get(self.id, self.vpc.main_route_table)

    @property
    def network_acl(self) -> NetworkAcl:
        return self.vpc._nacl_associations.get(self.id, self.vpc.default_network_acl)

    @property
    def is_public(self) -> bool:
        """True when the subnet's route table has an active route to an internet gateway."""
        return any(isinstance(r.target, InternetGateway) and r.state == "active" for r in self.route_table.routes)

    @property
    def usable_addresses(self) -> int:
        return usable_addresses(self.cidr)

    @property
    def interfaces(self) -> tuple[NetworkInterface, ...]:
        return tuple(i for i in self.vpc._interfaces if i.subnet is self)

    def _check_free_address(self) -> None:
        if self._next_host > self.cidr.num_addresses - 2:  # the last address is reserved too
            raise VpcError(
                f"subnet {self.name} ({self.cidr}) has no free address left: its "
                f"{self.usable_addresses} usable addresses are taken"
            )

    def _allocate_address(self) -> str:
        self._check_free_address()
        address = format_address(self.cidr.network + self._next_host)
        self._next_host += 1
        return address

    def __repr__(self) -> str:
        kind = "public" if self.is_public else "private"
        ipv6 = f" {self.ipv6_cidr}" if self.ipv6_cidr else ""
        return f"<Subnet {self.name} ({self.id}) {self.cidr}{ipv6} {self.az} {kind}>"
