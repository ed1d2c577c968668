"""Gateways and connections of a VPC: internet and NAT gateways, Elastic IPs,
peering connections, transit gateways and VPC endpoints.

- An **internet gateway** (인터넷 게이트웨이) joins a VPC to the internet; a
  subnet whose route table sends traffic to it is public.
- A **NAT gateway** (NAT 게이트웨이) lets private subnets open connections out.
  A *public* one lives in a public subnet with an **Elastic IP address** (탄력적
  IP 주소); a *private* one has no Elastic IP and reaches other VPCs or
  on-premises networks, never the internet.
- An **egress-only internet gateway** lets IPv6 traffic out (and its replies
  back) and refuses connections the internet opens: IPv6's stand-in for NAT.
- A **peering connection** (VPC 피어링) joins two VPCs whose blocks do not
  overlap; it is not transitive.
- A **transit gateway** is a hub that many VPCs attach to, with its own route table.
- A **VPC endpoint** (VPC 엔드포인트) reaches an AWS service privately: a
  gateway endpoint (S3, DynamoDB) through route tables, an interface endpoint
  through network interfaces in your subnets.

    >>> from awsbasics.network import VPC, TransitGateway
    >>> hub = TransitGateway("hub")
    >>> a, b = VPC("10.0.0.0/16", name="a"), VPC("10.1.0.0/16", name="b")
    >>> _ = hub.attach(a), hub.attach(b)
    >>> [(str(r.destination), r.attachment.vpc.name) for r in hub.routes]
    [('10.0.0.0/16', 'a'), ('10.1.0.0/16', 'b')]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics.errors import VpcError
from awsbasics.network.cidr import Cidr, find_overlaps

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC, NetworkInterface, Subnet

__all__ = [
    "InternetGateway",
    "EgressOnlyInternetGateway",
    "NatGateway",
    "ElasticIp",
    "PeeringConnection",
    "TransitGateway",
    "TransitGatewayAttachment",
    "TransitGatewayRoute",
    "VpcEndpoint",
    "make_id",
    "service_name",
    "TGW_ATTACHMENTS",
    "GATEWAY_ENDPOINT_SERVICES",
]

TGW_ATTACHMENTS: int = data.value("vpc", "transit_gateway_attachments")
GATEWAY_ENDPOINT_SERVICES: tuple[str, ...] = tuple(data.value("vpc", "gateway_endpoint_services"))
_SERVICE_NAMES: dict[str, str] = data.value("vpc", "service_names")


def service_name(service: str) -> str:
    """The full name of an AWS service given by its endpoint name.

    >>> service_name("s3"), service_name("sqs")
    ('Amazon S3', 'AWS service sqs')
    """
    return _SERVICE_NAMES.get(service, f"AWS service {service}")


def _check_vpc(vpc: object, what: str) -> None:
    """A TypeError naming ``what`` unless ``vpc`` is a VPC model (duck-typed: this module cannot import it)."""
    if not (hasattr(vpc, "cidr_blocks") and hasattr(vpc, "_register") and hasattr(vpc, "peering_connections")):
        raise TypeError(f"{what} must be a VPC, not {type(vpc).__name__}")


def make_id(prefix: str, *parts: object) -> str:
    """A deterministic AWS-style id: the prefix and 17 hex digits derived from ``parts``.

    >>> make_id("vpc", "demo", "10.0.0.0/16")
    'vpc-0afc219d12fbdcaf5'
    """
    digest = hashlib.sha256("/".join(str(p) for p in (prefix, *parts)).encode("utf-8")).hexdigest()
    return f"{prefix}-0{digest[:16]}"


@dataclass(eq=False, kw_only=True)
class InternetGateway(Rendered):
    """An internet gateway; at most one is attached to a VPC."""

    vpc: VPC
    id: str
    name: str
    attached: bool = True

    def text(self) -> str:
        state = "attached to" if self.attached else "detached from"
        return f"internet gateway {self.name} ({self.id}), {state} VPC {self.vpc.name}"

    def __repr__(self) -> str:
        state = "attached to" if self.attached else "detached from"
        return f"<InternetGateway {self.name} ({self.id}) {state} {self.vpc.name}>"


@dataclass(eq=False, kw_only=True)
class EgressOnlyInternetGateway(Rendered):
    """An egress-only internet gateway: IPv6 out and replies back; nothing the internet opens gets in.

    Source: https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
    """

    vpc: VPC
    id: str
    name: str

    def text(self) -> str:
        return f"egress-only internet gateway {self.name} ({self.id}) of VPC {self.vpc.name}: IPv6 out, replies back in"

    def __repr__(self) -> str:
        return f"<EgressOnlyInternetGateway {self.name} ({self.id}) in {self.vpc.name}>"


@dataclass(eq=False, kw_only=True)
class ElasticIp(Rendered):
    """A static public IPv4 address held by the account until released."""

    vpc: VPC
    id: str
    name: str
    public_ip: str
    interface: NetworkInterface | None = None  # the interface it is associated with, if any

    @property
    def associated(self) -> bool:
        return self.interface is not None

    def text(self) -> str:
        where = f"associated with {self.interface.name}" if self.interface else "not associated"
        return f"Elastic IP {self.public_ip} ({self.id}), {where}"

    def __repr__(self) -> str:
        where = f"on {self.interface.name}" if self.interface else "not associated"
        return f"<ElasticIp {self.public_ip} ({self.id}) {where}>"


@dataclass(eq=False, kw_only=True)
class NatGateway(Rendered):
    """A NAT gateway in a subnet with a private address there.

    ``connectivity`` is ``"public"`` (an Elastic IP; reaches the internet
    through the internet gateway) or ``"private"`` (no Elastic IP; reaches
    other VPCs and on-premises networks only).
    """

    vpc: VPC
    id: str
    name: str
    subnet: Subnet
    elastic_ip: ElasticIp | None
    interface: NetworkInterface  # its interface in the subnet
    connectivity: str = "public"

    @property
    def private_ip(self) -> str:
        return self.interface.private_ip

    @property
    def public_ip(self) -> str | None:
        return self.elastic_ip.public_ip if self.elastic_ip is not None else None

    @property
    def az(self) -> str:
        return self.subnet.az

    def text(self) -> str:
        where = f"NAT gateway {self.name} ({self.id}) in subnet {self.subnet.name} ({self.subnet.az}): private {self.private_ip}"
        if self.connectivity == "private":
            return where + "; private NAT gateway, no Elastic IP"
        return where + f", Elastic IP {self.public_ip}"

    def __repr__(self) -> str:
        kind = self.public_ip if self.connectivity == "public" else "private"
        return f"<NatGateway {self.name} ({self.id}) in {self.subnet.name}, {kind}>"


@dataclass(eq=False, kw_only=True)
class PeeringConnection:
    """A peering connection between two VPCs (both sides still need routes)."""

    id: str
    name: str
    requester: VPC
    accepter: VPC

    @property
    def vpcs(self) -> tuple:
        return (self.requester, self.accepter)

    def other(self, vpc):
        """The VPC on the other side of ``vpc``."""
        _check_vpc(vpc, "vpc")
        if vpc is self.requester:
            return self.accepter
        if vpc is self.accepter:
            return self.requester
        raise VpcError(f"VPC {vpc.name} is not a side of peering connection {self.name}")

    def __repr__(self) -> str:
        return f"<PeeringConnection {self.name} ({self.id}): {self.requester.name} <-> {self.accepter.name}>"


@dataclass(eq=False, kw_only=True)
class TransitGatewayAttachment:
    """One VPC attached to a transit gateway."""

    id: str
    transit_gateway: TransitGateway
    vpc: VPC

    def __repr__(self) -> str:
        return f"<TransitGatewayAttachment {self.id}: {self.vpc.name} on {self.transit_gateway.name}>"


@dataclass(eq=False)
class TransitGatewayRoute:
    """A route of the transit gateway's route table: a block and the attachment that takes it."""

    destination: Cidr
    attachment: TransitGatewayAttachment
    propagated: bool = field(kw_only=True)

    def __repr__(self) -> str:
        kind = "propagated" if self.propagated else "static"
        return f"<TransitGatewayRoute {self.destination} -> {self.attachment.vpc.name} ({kind})>"


class TransitGateway:
    """A regional hub: VPCs attach to it, and its route table sends each block to an attachment.

    Attaching a VPC propagates its blocks into the route table (AWS's default
    association and propagation); :meth:`add_route` adds a static route.
    """

    def __init__(self, name: str, *, region: str | None = None, id: str | None = None):
        if not isinstance(name, str) or not name:
            raise TypeError("a transit gateway needs a name (non-empty str)")
        if region is not None:
            from awsbasics.infra import Region

            Region.get(region)  # RegionError for an unknown code
        if id is not None and (not isinstance(id, str) or not id.startswith("tgw-")):
            raise TypeError(f"id must be a transit gateway id str ('tgw-...'), not {id!r:.60}")
        self.name = name
        self.region = region
        self.id = id or make_id("tgw", name, region or "")
        self._attachments: list[TransitGatewayAttachment] = []
        self._static: list[TransitGatewayRoute] = []

    @property
    def attachments(self) -> tuple[TransitGatewayAttachment, ...]:
        return tuple(self._attachments)

    def attachment_for(self, vpc) -> TransitGatewayAttachment | None:
        return next((a for a in self._attachments if a.vpc is vpc), None)

    def attach(self, vpc) -> TransitGatewayAttachment:
        """Attach a VPC and propagate its blocks.

        Raises:
            VpcError: the VPC is already attached, is in another Region, its
                blocks overlap an attached VPC's, or the attachment quota is reached.
        """
        _check_vpc(vpc, "vpc")
        if self.attachment_for(vpc) is not None:
            raise VpcError(
                f"VPC {vpc.name} is already attached to {self.name}; a transit gateway has one attachment per VPC"
            )
        if self.region and vpc.region and self.region != vpc.region:
            raise VpcError(
                f"VPC {vpc.name} is in {vpc.region} but transit gateway {self.name} is in {self.region}; "
                "attach VPCs of the same Region (join Regions with transit gateway peering)"
            )
        if len(self._attachments) >= TGW_ATTACHMENTS:
            raise VpcError(f"transit gateway {self.name} already has {TGW_ATTACHMENTS:,} attachments, its quota")
        blocks = [b for a in self._attachments for b in a.vpc.cidr_blocks]
        mine = list(vpc.cidr_blocks)
        clashes = [(i, j) for i, j in find_overlaps(blocks + mine) if i < len(blocks) <= j]
        if clashes:
            i, j = clashes[0]
            raise VpcError(
                f"VPC {vpc.name} block {mine[j - len(blocks)]} overlaps {blocks[i]} of an attached VPC; "
                "a transit gateway cannot route between overlapping blocks"
            )
        attachment = TransitGatewayAttachment(id=make_id("tgw-attach", self.id, vpc.id), transit_gateway=self, vpc=vpc)
        self._attachments.append(attachment)
        vpc._register(self)
        return attachment

    def add_route(self, destination, target) -> TransitGatewayRoute:
        """A static route to an attachment (or to the attached VPC itself)."""
        block = Cidr.parse(destination)
        if not isinstance(target, TransitGatewayAttachment):
            _check_vpc(target, "target (an attachment or an attached VPC)")
        attachment = target if isinstance(target, TransitGatewayAttachment) else self.attachment_for(target)
        if attachment is None or attachment.transit_gateway is not self:
            raise VpcError(f"{target!r} is not attached to transit gateway {self.name}")
        if any(r.destination == block for r in self.routes):
            raise VpcError(f"transit gateway {self.name} already has a route for {block}")
        route = TransitGatewayRoute(block, attachment, propagated=False)
        self._static.append(route)
        return route

    @property
    def routes(self) -> tuple[TransitGatewayRoute, ...]:
        propagated = [
            TransitGatewayRoute(block, a, propagated=True) for a in self._attachments for block in a.vpc.cidr_blocks
        ]
        return tuple(self._static + propagated)

    def lookup(self, address: str) -> TransitGatewayRoute | None:
        """The most specific route for an address, or ``None``."""
        matches = [r for r in self.routes if r.destination.contains(address)]
        return max(matches, key=lambda r: r.destination.prefix) if matches else None

    def __repr__(self) -> str:
        return f"<TransitGateway {self.name} ({self.id}): {len(self._attachments)} attachments>"


@dataclass(eq=False, kw_only=True)
class VpcEndpoint:
    """A private entry point to an AWS service: ``kind`` is ``"gateway"`` or ``"interface"``."""

    vpc: VPC
    id: str
    name: str
    service: str
    kind: str
    prefix_list_id: str | None = None
    interfaces: list = field(default_factory=list)  # interface endpoints: one network interface per subnet

    @property
    def service_name(self) -> str:
        """The service's full name, e.g. ``"Amazon S3"`` for ``s3``."""
        return service_name(self.service)

    @property
    def route_tables(self) -> tuple:
        return tuple(t for t in self.vpc.route_tables if any(r.target is self for r in t.routes))

    @property
    def subnets(self) -> tuple:
        return tuple(i.subnet for i in self.interfaces)

    def __repr__(self) -> str:
        return f"<VpcEndpoint {self.name} ({self.id}): {self.kind} endpoint for {self.service}>"
