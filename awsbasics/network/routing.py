"""Routing inside a VPC: routes and the route tables that choose among them.

A route table (라우팅 테이블) holds an implicit ``local`` route for each of its
VPC's blocks plus the routes you add; the most specific matching route wins:

    >>> from awsbasics.network.vpc import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> igw = vpc.add_internet_gateway()
    >>> table = vpc.add_route_table("public")
    >>> _ = table.add_route("0.0.0.0/0", igw)
    >>> table.lookup("10.0.3.7"), table.lookup("203.0.113.9")
    (<Route 10.0.0.0/16 -> local>, <Route 0.0.0.0/0 -> igw (igw-...)>)

Source: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import VpcError
from awsbasics.network.cidr import Cidr
from awsbasics.network.gateways import (
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VpcEndpoint,
)
from awsbasics.network.ipv6 import Ipv6Cidr, is_ipv6

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC

__all__ = ["Route", "RouteTable"]

_ROUTE_COLUMNS = ("destination", "target", "kind", "state")


def _destination(destination) -> Cidr | Ipv6Cidr:
    """A route destination: an IPv4 or an IPv6 block."""
    if isinstance(destination, (Cidr, Ipv6Cidr)):
        return destination
    if isinstance(destination, str) and is_ipv6(destination):
        return Ipv6Cidr.parse(destination)
    return Cidr.parse(destination)


def _nests(outer: Cidr | Ipv6Cidr, inner: Cidr | Ipv6Cidr) -> bool:
    """Whether ``inner`` lies inside ``outer`` (blocks of two families never nest)."""
    if isinstance(outer, Cidr) and isinstance(inner, Cidr):
        return outer.contains(inner)
    return isinstance(outer, Ipv6Cidr) and isinstance(inner, Ipv6Cidr) and outer.contains(inner)


# What a route can send traffic to, besides the VPC itself ("local").
_RouteTarget = (
    InternetGateway | EgressOnlyInternetGateway | NatGateway | PeeringConnection | TransitGateway | VpcEndpoint
)


@dataclass(eq=False)
class Route:
    """One route: a destination (CIDR block, or a prefix list for a gateway endpoint) and a target."""

    destination: Cidr | Ipv6Cidr | str
    target: _RouteTarget | str  # a gateway/connection object, or "local"
    service: str | None = field(default=None, kw_only=True)  # set for a gateway endpoint's prefix-list route

    @property
    def target_id(self) -> str:
        return "local" if isinstance(self.target, str) else self.target.id

    @property
    def target_kind(self) -> str:
        if self.target == "local":
            return "local"
        return {
            InternetGateway: "internet gateway",
            EgressOnlyInternetGateway: "egress-only internet gateway",
            NatGateway: "NAT gateway",
            PeeringConnection: "peering connection",
            TransitGateway: "transit gateway",
            VpcEndpoint: "gateway endpoint",
        }[type(self.target)]

    @property
    def state(self) -> str:
        """``"blackhole"`` when the target is gone (a detached internet gateway), else ``"active"``."""
        if isinstance(self.target, InternetGateway) and not self.target.attached:
            return "blackhole"
        return "active"

    def text(self) -> str:
        name = "local" if isinstance(self.target, str) else f"{self.target.name} ({self.target_id})"
        return f"{self.destination} -> {name}" + (" [blackhole]" if self.state == "blackhole" else "")

    def __repr__(self) -> str:
        return f"<Route {self.text()}>"


@dataclass(eq=False)
class RouteTable(Rendered):
    """A VPC route table: an implicit ``local`` route per VPC block plus your routes.

    The most specific matching route wins (longest prefix match). Subnets not
    associated with a custom table use the VPC's main route table.
    """

    name: str
    vpc: VPC = field(kw_only=True)
    id: str = field(kw_only=True)
    is_main: bool = field(default=False, kw_only=True)
    _routes: list[Route] = field(default_factory=list, init=False)

    _view_ = "vpc.route_table_view"

    @property
    def routes(self) -> tuple[Route, ...]:
        blocks: list[Cidr | Ipv6Cidr] = [*self.vpc.cidr_blocks, *self.vpc.ipv6_cidr_blocks]
        local = [Route(block, "local") for block in blocks]
        return tuple(local + self._routes)

    @property
    def subnets(self) -> tuple:
        """Every subnet that uses this table, explicitly associated or (main table) implicitly."""
        return tuple(s for s in self.vpc.subnets if s.route_table is self)

    @property
    def explicit_subnets(self) -> tuple:
        """The subnets explicitly associated with this table; the main table also serves the others."""
        return tuple(s for s in self.vpc.subnets if self.vpc._associations.get(s.id) is self)

    def _target(self, target):
        if isinstance(target, str):
            found = self.vpc._find_target(target)
            if found is None:
                raise VpcError(
                    f"no gateway, NAT gateway, peering connection or transit gateway with id or name {target!r} in VPC {self.vpc.name}"
                )
            target = found
        if isinstance(target, InternetGateway):
            if target.vpc is not self.vpc or not target.attached:
                raise VpcError(f"internet gateway {target.id} is not attached to VPC {self.vpc.name}")
        elif isinstance(target, EgressOnlyInternetGateway):
            if target.vpc is not self.vpc:
                raise VpcError(
                    f"egress-only internet gateway {target.name} belongs to VPC {target.vpc.name}, not {self.vpc.name}"
                )
        elif isinstance(target, NatGateway):
            if target.vpc is not self.vpc:
                raise VpcError(f"NAT gateway {target.name} is in VPC {target.vpc.name}, not {self.vpc.name}")
        elif isinstance(target, PeeringConnection):
            if self.vpc not in target.vpcs:
                raise VpcError(f"peering connection {target.name} does not involve VPC {self.vpc.name}")
        elif isinstance(target, TransitGateway):
            if target.attachment_for(self.vpc) is None:
                raise VpcError(f"VPC {self.vpc.name} is not attached to transit gateway {target.name}; attach it first")
        elif isinstance(target, VpcEndpoint):
            raise VpcError(
                f"a gateway endpoint is not a route target you add by hand: create it with "
                f"add_gateway_endpoint({target.service!r}, route_tables=[...]) and it adds its prefix-list route"
            )
        else:
            raise TypeError(
                "a route target is an InternetGateway, EgressOnlyInternetGateway, NatGateway, PeeringConnection or "
                "TransitGateway "
                f"(or its id), not {type(target).__name__}"
            )
        return target

    def add_route(self, destination, target) -> Route:
        """Send traffic for ``destination`` to ``target`` (a gateway object or its id).

        Raises:
            VpcError: a route for that destination exists, the destination lies
                inside the VPC (the local route covers it), or the target does
                not belong to this VPC.
        """
        block = _destination(destination)
        target = self._target(target)
        if isinstance(block, Ipv6Cidr) and not isinstance(target, (InternetGateway, EgressOnlyInternetGateway)):
            raise VpcError(
                f"an IPv6 route ({block}) goes to an internet gateway or an egress-only internet gateway in this "
                f"model, not to a {self._kind_of(target)}"
            )
        if isinstance(target, EgressOnlyInternetGateway) and not isinstance(block, Ipv6Cidr):
            raise VpcError(
                f"an egress-only internet gateway carries IPv6 only; route an IPv6 block such as ::/0 to it, not {block} "
                "(IPv4 traffic out of a private subnet goes to a NAT gateway)"
            )
        vpc_blocks: list[Cidr | Ipv6Cidr] = [*self.vpc.cidr_blocks, *self.vpc.ipv6_cidr_blocks]
        for vpc_block in vpc_blocks:
            if _nests(vpc_block, block):
                raise VpcError(
                    f"{block} lies inside the VPC block {vpc_block}, which the local route covers; "
                    "routes more specific than local are only for network appliances, not modelled here"
                )
        if any(isinstance(r.destination, (Cidr, Ipv6Cidr)) and r.destination == block for r in self._routes):
            raise VpcError(
                f"route table {self.name} already has a route for {block}; remove it first (AWS: RouteAlreadyExists)"
            )
        route = Route(block, target)
        self._routes.append(route)
        return route

    @staticmethod
    def _kind_of(target) -> str:
        return Route("0.0.0.0/0", target).target_kind

    def remove_route(self, destination) -> None:
        """Delete the route for ``destination``; the local route cannot be deleted."""
        block = _destination(destination)
        if block in self.vpc.cidr_blocks or block in self.vpc.ipv6_cidr_blocks:
            raise VpcError(f"the local route for {block} cannot be deleted: it lets the VPC's subnets reach each other")
        for route in self._routes:
            if route.destination == block:
                self._routes.remove(route)
                return
        raise VpcError(f"route table {self.name} has no route for {block}")

    def associate(self, subnet) -> None:
        """Use this table for ``subnet`` (replacing its previous association)."""
        self.vpc._check_own(subnet, "subnet")
        self.vpc._associations[subnet.id] = self

    def disassociate(self, subnet) -> None:
        """Return ``subnet`` to the main route table."""
        self.vpc._check_own(subnet, "subnet")
        if self.vpc._associations.get(subnet.id) is not self:
            raise VpcError(f"subnet {subnet.name} is not explicitly associated with route table {self.name}")
        del self.vpc._associations[subnet.id]

    def lookup(self, address: str, *, service: str | None = None) -> Route | None:
        """The route that takes traffic for ``address`` (longest prefix match), or ``None``.

        ``service`` names the AWS service the address belongs to, so that a
        gateway endpoint's prefix-list route can match it.
        """
        if service is not None:
            for route in self._routes:
                if route.service == service:
                    return route
        family = Ipv6Cidr if is_ipv6(address) else Cidr
        matches = [
            (r.destination.prefix, r)
            for r in self.routes
            if isinstance(r.destination, family) and r.destination.contains(address)
        ]
        return max(matches, key=lambda match: match[0])[1] if matches else None

    def text(self) -> str:
        """One line naming the table and its subnets, then its routes."""
        rows = [(str(r.destination), r.target_id, r.target_kind, r.state) for r in self.routes]
        subnets = ", ".join(s.name for s in self.subnets) or "none"
        head = f"Route table {self.name} ({self.id}){' [main]' if self.is_main else ''}; subnets: {subnets}"
        return head + "\n" + text_table(_ROUTE_COLUMNS, rows)

    def __repr__(self) -> str:
        return f"<RouteTable {self.name} ({self.id}){' main' if self.is_main else ''}: {len(self.routes)} routes>"
