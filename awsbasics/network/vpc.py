"""The VPC aggregate: one isolated network and how it grows, part by part.

A VPC (가상 프라이빗 클라우드) is your isolated network in one Region. You carve
it into subnets (서브넷), one Availability Zone each; a route table (라우팅
테이블) decides where each subnet's traffic goes, and a subnet whose route
table sends traffic to an internet gateway is *public* — that is derived,
never set:

    >>> vpc = VPC("10.0.0.0/16", name="demo", region="ap-northeast-2")
    >>> public = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="public-a")
    >>> igw = vpc.add_internet_gateway()
    >>> rt = vpc.add_route_table("public")
    >>> rt.associate(public)
    >>> public.is_public
    False
    >>> _ = rt.add_route("0.0.0.0/0", igw)
    >>> public.is_public
    True
    >>> rt.remove_route("0.0.0.0/0")
    >>> public.is_public
    False

Every change validates first and raises :class:`~awsbasics.errors.VpcError`
(or :class:`~awsbasics.errors.CidrError` for address rules) without changing
the model. Ids are derived from names, so the same steps build the same model.

The parts live beside it: :mod:`~awsbasics.network.subnet`, :mod:`~awsbasics.network.routing`
(routes and route tables), :mod:`~awsbasics.network.interfaces` (network interfaces and
instances), :mod:`~awsbasics.network.gateways` and :mod:`~awsbasics.network.security`; this
module re-exports the first three.

Source: https://docs.aws.amazon.com/vpc/latest/userguide/how-it-works.html
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from typing import Protocol

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import CidrError, VpcError
from awsbasics.network.cidr import (
    RESERVED_ADDRESSES_PER_SUBNET,
    Cidr,
    find_overlaps,
    format_address,
    usable_addresses,
    validate_secondary_cidr,
    validate_vpc_cidr,
)
from awsbasics.network.gateways import (
    GATEWAY_ENDPOINT_SERVICES,
    EgressOnlyInternetGateway,
    ElasticIp,
    InternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VpcEndpoint,
    make_id,
)
from awsbasics.network.interfaces import Instance, NetworkInterface
from awsbasics.network.ipv6 import SUBNET_PREFIX as IPV6_SUBNET_PREFIX
from awsbasics.network.ipv6 import VPC_PREFIX as IPV6_VPC_PREFIX
from awsbasics.network.ipv6 import Ipv6Cidr, amazon_provided_block
from awsbasics.network.routing import Route, RouteTable, _RouteTarget
from awsbasics.network.security import (
    DEFAULT_ALLOW_RULE,
    NetworkAcl,
    SecurityGroup,
    ephemeral_ports,
)
from awsbasics.network.subnet import FIRST_HOST_OFFSET, Subnet

__all__ = [
    "VPC",
    "Subnet",
    "RouteTable",
    "Route",
    "Instance",
    "NetworkInterface",
    "ELASTIC_IP_QUOTA",
    "SECURITY_GROUPS_PER_INTERFACE",
    "VPC_QUOTAS",
    "VPCS_PER_REGION",
    "SUBNETS_PER_VPC",
    "IPV4_CIDR_BLOCKS_PER_VPC",
    "IPV6_CIDR_BLOCKS_PER_VPC",
    "NAT_CONNECTIVITY",
]

ELASTIC_IP_QUOTA: int = data.value("vpc", "elastic_ip_quota_per_region")
SECURITY_GROUPS_PER_INTERFACE: int = data.value("vpc", "security_groups_per_network_interface")
_IGWS_PER_VPC: int = data.value("vpc", "internet_gateways_per_vpc")
_RANGES = data.value("vpc", "documentation_ranges")
# The columns of VPC.subnet_table().
_SUBNET_COLUMNS = ("subnet", "az", "cidr", "kind", "route_table", "network_acl")
# A resource's name is its Name tag; AWS caps a tag value at 256 Unicode characters.
_MAX_NAME_CHARS: int = data.value("vpc", "tag_value_max_chars")
_MAX_DESCRIPTION_CHARS: int = data.value("vpc", "security_group_description_max_chars")
# The Amazon VPC quotas by key: {"name": AWS's name, "default", "adjustable", "adjustable_to", "quota_code"}.
_QUOTA_TABLE = data.fact("vpc", "vpc_quotas")
VPC_QUOTAS: dict[str, dict] = {row[0]: dict(zip(_QUOTA_TABLE["columns"][1:], row[1:])) for row in _QUOTA_TABLE["rows"]}
# Data only: the model keeps no account or Region registry, so nothing counts VPCs per Region.
VPCS_PER_REGION: int = VPC_QUOTAS["vpcs_per_region"]["default"]
SUBNETS_PER_VPC: int = VPC_QUOTAS["subnets_per_vpc"]["default"]
IPV4_CIDR_BLOCKS_PER_VPC: int = VPC_QUOTAS["ipv4_cidr_blocks_per_vpc"]["default"]
IPV6_CIDR_BLOCKS_PER_VPC: int = data.value("vpc", "ipv6_cidr_blocks_per_vpc")
_EIGWS_PER_VPC: int = data.value("vpc", "egress_only_internet_gateways_per_vpc")
_DEFAULT_IPV6_RULE: int = data.value("vpc", "default_network_acl_ipv6_rule")
_IPV6_EGRESS: str = data.value("vpc", "security_group_ipv6_egress")
# The connectivity types of a NAT gateway, with where each may sit and whether it has an Elastic IP.
NAT_CONNECTIVITY: tuple[str, ...] = tuple(row[0] for row in data.fact("vpc", "nat_gateway_connectivity")["rows"])


def _quota_text(key: str) -> str:
    """'the Amazon VPC quota 'Subnets per VPC' (default 200; adjustable ...)' for an error message."""
    quota = VPC_QUOTAS[key]
    if not quota["adjustable"]:
        how = "not adjustable"
    elif quota["adjustable_to"] is not None:
        how = f"adjustable up to {quota['adjustable_to']:,} through Service Quotas, code {quota['quota_code']}"
    else:
        how = f"adjustable through Service Quotas, code {quota['quota_code']}"
    return f"the Amazon VPC quota '{quota['name']}' (default {quota['default']:,}; {how})"


def _members(values: object, what: str) -> list:
    """The items of a list-like argument; a TypeError naming it for None, a str or a single object."""
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise TypeError(f"{what} must be a list, not {type(values).__name__}")
    return list(values)


def _name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if not value.strip():
        raise VpcError(f"{what} cannot be empty")
    if len(value) > _MAX_NAME_CHARS:
        raise VpcError(
            f"{what} {reprlib.repr(value)} is {len(value):,} characters; AWS tag values (a resource's "
            f"Name) hold at most {_MAX_NAME_CHARS}"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise VpcError(f"{what} {reprlib.repr(value)} holds a lone surrogate, which is not Unicode text") from None
    return value


class _Named(Protocol):
    """A resource of the VPC, found by its id or its name."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


# The classes _check_own() expects by what it is told to check.
_KINDS = {
    "subnet": Subnet,
    "network interface": NetworkInterface,
    "instance": Instance,
    "target instance": Instance,
    "route table": RouteTable,
    "security group": SecurityGroup,
    "network ACL": NetworkAcl,
    "Elastic IP": ElasticIp,
}


class VPC(Rendered):
    """A virtual private cloud: ``VPC("10.0.0.0/16", name="demo", region="ap-northeast-2")``.

    A new VPC has a main route table (local route only), a default network ACL
    that allows everything, and a default security group that allows traffic
    from its own members in and everything out.

    Args:
        cidr: The primary IPv4 block, /16 to /28.
        name: A name for display and lookups (default: the block).
        region: A Region code; when given, subnets must use its Availability Zones.

    The other modules of :mod:`awsbasics.network` change the model only through
    its internal API: ``_check_own``, ``_groups``, ``_check_free_address``,
    ``_new_interface``, ``_register``, ``_claim_address``, ``_claim_public_ip``
    ``_claim_elastic_ip`` and ``_associate_network_acl``.
    """

    _view_ = "vpc.vpc_view"

    def __init__(self, cidr, *, name: str | None = None, region: str | None = None):
        block = validate_vpc_cidr(cidr)
        if name is not None:
            _name(name, "VPC name")
        if region is not None:
            from awsbasics.infra import Region

            Region.get(region)
        self.name = name or str(block)
        self.region = region
        self.id = make_id("vpc", self.name, block, region or "")
        self._blocks = [block]
        self._ipv6_blocks: list[Ipv6Cidr] = []
        self._egress_only_gateways: list[EgressOnlyInternetGateway] = []
        self._subnets: list[Subnet] = []
        self._route_tables: list[RouteTable] = []
        self._associations: dict[str, RouteTable] = {}
        self._nacl_associations: dict[str, NetworkAcl] = {}
        self._network_acls: list[NetworkAcl] = []
        self._security_groups: list[SecurityGroup] = []
        self._interfaces: list[NetworkInterface] = []
        self._instances: list[Instance] = []
        self._internet_gateways: list[InternetGateway] = []
        self._nat_gateways: list[NatGateway] = []
        self._elastic_ips: list[ElasticIp] = []
        self._peerings: list[PeeringConnection] = []
        self._transit_gateways: list[TransitGateway] = []
        self._endpoints: list[VpcEndpoint] = []
        self._load_balancers: list = []
        self._counters: dict[str, int] = {}
        self._public_ips = 0
        self.import_notes: tuple[str, ...] = ()  # what from_aws() could not model
        self._route_tables.append(RouteTable("main", vpc=self, id=self._new_id("rtb"), is_main=True))
        acl = NetworkAcl("default", vpc=self, id=self._new_id("acl"), is_default=True)
        for direction in ("inbound", "outbound"):
            acl.allow(DEFAULT_ALLOW_RULE, direction=direction, protocol="all")
        self._network_acls.append(acl)
        group = SecurityGroup("default", vpc=self, id=self._new_id("sg"), description="default VPC security group")
        group.allow_inbound("all", protocol="all", source=group)
        group.allow_outbound("all", protocol="all", destination="0.0.0.0/0")
        self._security_groups.append(group)

    # ----- ids and lookups -------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return make_id(prefix, self.id, self._counters[prefix])

    def _check_own(self, obj, what: str) -> None:
        """Internal API: raise unless ``obj`` belongs to this VPC (a TypeError if it is not a ``what`` at all)."""
        kind = _KINDS.get(what)
        if kind is not None and not isinstance(obj, kind):
            article = "an" if kind.__name__[0] in "AEIOU" else "a"
            raise TypeError(f"{what} must be {article} {kind.__name__} of VPC {self.name}, not {type(obj).__name__}")
        if getattr(obj, "vpc", None) is not self:
            owner = getattr(obj, "vpc", None)
            where = f"VPC {owner.name} ({owner.id})" if owner is not None else "no VPC of this model"
            raise VpcError(
                f"{what} {getattr(obj, 'name', obj)!r} belongs to {where}, not to VPC {self.name} ({self.id})"
            )

    def _unique(self, items, name: str, what: str) -> None:
        if any(item.name == name for item in items):
            raise VpcError(f"VPC {self.name}: the {what} name {name!r} is taken; names are how this model finds things")

    def _find_target(self, key: str) -> _RouteTarget | None:
        candidates: list[_RouteTarget] = [
            *self._internet_gateways,
            *self._egress_only_gateways,
            *self._nat_gateways,
            *self._peerings,
            *self._transit_gateways,
        ]
        return next((c for c in candidates if key in (c.id, c.name)), None)

    def get(self, key: str):
        """Any resource of this VPC by id or name (subnets, instances, gateways, groups, ...)."""
        if not isinstance(key, str):
            raise TypeError(f"look resources up by id or name (str), not {type(key).__name__}")
        pools: list[Sequence[_Named]] = [
            self._instances,
            self._subnets,
            self._route_tables,
            self._security_groups,
            self._network_acls,
            self._internet_gateways,
            self._egress_only_gateways,
            self._nat_gateways,
            self._elastic_ips,
            self._peerings,
            self._transit_gateways,
            self._endpoints,
            self._load_balancers,
            self._interfaces,
        ]
        for pool in pools:
            for item in pool:
                if key in (item.id, item.name):
                    return item
        raise VpcError(f"VPC {self.name} has nothing with id or name {key!r}")

    # ----- address blocks and subnets -------------------------------------------------------

    @property
    def cidr(self) -> Cidr:
        """The primary block."""
        return self._blocks[0]

    @property
    def cidr_blocks(self) -> tuple[Cidr, ...]:
        return tuple(self._blocks)

    def add_cidr_block(self, cidr) -> Cidr:
        """Add a secondary block (AWS's association rules and the IPv4 CIDR blocks per VPC quota apply).

        Raises:
            CidrError: the block breaks an association rule (the message names it).
            VpcError: the VPC already has as many blocks as the default quota
                allows (the primary block counts).
        """
        block = validate_secondary_cidr(self.cidr, cidr, existing=self._blocks[1:])
        if len(self._blocks) >= IPV4_CIDR_BLOCKS_PER_VPC:
            raise VpcError(
                f"cannot add {block} to VPC {self.name}: it already has {len(self._blocks)} IPv4 CIDR blocks "
                f"(the primary counts), the limit of {_quota_text('ipv4_cidr_blocks_per_vpc')}"
            )
        self._blocks.append(block)
        return block

    # ----- IPv6 -----------------------------------------------------------------------------

    @property
    def ipv6_cidr_blocks(self) -> tuple[Ipv6Cidr, ...]:
        return tuple(self._ipv6_blocks)

    @property
    def ipv6_cidr(self) -> Ipv6Cidr | None:
        """The first IPv6 block, or ``None`` for an IPv4-only VPC."""
        return self._ipv6_blocks[0] if self._ipv6_blocks else None

    def assign_ipv6_cidr_block(self, cidr=None) -> Ipv6Cidr:
        """Associate an Amazon-provided /56 IPv6 block (``cidr`` only to restore a known one).

        The VPC's default network ACL gains rule 101 allowing all IPv6 traffic
        in and out (where that direction's default rule is unchanged), and its
        default security group an outbound rule for ``::/0``, as in AWS.

        Raises:
            VpcError: the IPv6 CIDR blocks per VPC quota is reached.
            CidrError: ``cidr`` is not a /56, or overlaps a block the VPC has.
        """
        if len(self._ipv6_blocks) >= IPV6_CIDR_BLOCKS_PER_VPC:
            raise VpcError(
                f"VPC {self.name} already has {len(self._ipv6_blocks)} IPv6 blocks, the default quota "
                f"'IPv6 CIDR blocks per VPC' ({IPV6_CIDR_BLOCKS_PER_VPC})"
            )
        if cidr is None:
            block = amazon_provided_block(f"{self.id}/{len(self._ipv6_blocks)}")
        else:
            block = Ipv6Cidr.parse(cidr)
            if block.prefix != IPV6_VPC_PREFIX:
                raise CidrError(
                    f"{block} is a /{block.prefix}; an Amazon-provided IPv6 block for a VPC is a "
                    f"/{IPV6_VPC_PREFIX}, and AWS chooses its range"
                )
        for other in self._ipv6_blocks:
            if other.overlaps(block):
                raise CidrError(f"{block} overlaps the VPC's IPv6 block {other}")
        first = not self._ipv6_blocks
        self._ipv6_blocks.append(block)
        if first:
            acl = self.default_network_acl
            for direction in ("inbound", "outbound"):
                numbered = [r for r in acl.entries(direction) if r.number is not None]
                unchanged = [(r.number, r.action, r.protocol, r.cidr) for r in numbered] == [
                    (DEFAULT_ALLOW_RULE, "allow", "all", "0.0.0.0/0")
                ]
                if unchanged:
                    acl.allow(_DEFAULT_IPV6_RULE, direction=direction, protocol="all", cidr="::/0")
            group = self.default_security_group
            if not any(r.direction == "outbound" and r.peer == _IPV6_EGRESS for r in group.rules):
                group.allow_outbound("all", protocol="all", destination=_IPV6_EGRESS)
        return block

    def _assign_subnet_ipv6(self, subnet: Subnet, cidr) -> Ipv6Cidr:
        """Internal API: give ``subnet`` a /64 of the VPC's IPv6 blocks."""
        self._check_own(subnet, "subnet")
        if not self._ipv6_blocks:
            raise VpcError(f"VPC {self.name} has no IPv6 block; call assign_ipv6_cidr_block() on the VPC first")
        if subnet.ipv6_cidr is not None:
            raise VpcError(f"subnet {subnet.name} already has IPv6 block {subnet.ipv6_cidr}")
        taken = [s.ipv6_cidr for s in self._subnets if s.ipv6_cidr is not None]
        if cidr is None:
            block = next(
                (
                    b.subnet(i)
                    for b in self._ipv6_blocks
                    for i in range(b.subnet_count(IPV6_SUBNET_PREFIX))
                    if b.subnet(i) not in taken
                ),
                None,
            )
            if block is None:
                raise VpcError(f"every /{IPV6_SUBNET_PREFIX} of VPC {self.name}'s IPv6 blocks is in use")
        else:
            block = Ipv6Cidr.parse(cidr)
            if block.prefix != IPV6_SUBNET_PREFIX:
                raise CidrError(
                    f"{block} is a /{block.prefix}; a subnet of an Amazon-provided IPv6 block is a "
                    f"/{IPV6_SUBNET_PREFIX}"
                )
            if not any(b.contains(block) for b in self._ipv6_blocks):
                blocks = ", ".join(str(b) for b in self._ipv6_blocks)
                raise CidrError(f"{block} is not inside the VPC's IPv6 blocks ({blocks})")
            holder = next((s for s in self._subnets if s.ipv6_cidr == block), None)
            if holder is not None:
                raise CidrError(f"{block} is already subnet {holder.name}'s IPv6 block; subnets cannot overlap")
        subnet.ipv6_cidr = block
        return block

    @property
    def egress_only_internet_gateway(self) -> EgressOnlyInternetGateway | None:
        return self._egress_only_gateways[0] if self._egress_only_gateways else None

    def add_egress_only_internet_gateway(self, name: str | None = None) -> EgressOnlyInternetGateway:
        """An egress-only internet gateway: route ``::/0`` to it from private dual-stack subnets.

        Raises:
            VpcError: the VPC has no IPv6 block, or already has one.
        """
        if not self._ipv6_blocks:
            raise VpcError(f"VPC {self.name} has no IPv6 block; an egress-only internet gateway carries IPv6 only")
        if len(self._egress_only_gateways) >= _EIGWS_PER_VPC:
            raise VpcError(
                f"VPC {self.name} already has egress-only internet gateway "
                f"{self._egress_only_gateways[0].name}; one serves every route table"
            )
        label = _name(name, "egress-only internet gateway name") if name is not None else "eigw"
        gateway = EgressOnlyInternetGateway(vpc=self, id=self._new_id("eigw"), name=label)
        self._egress_only_gateways.append(gateway)
        return gateway

    # ----- subnets ------------------------------------------------------------------------------

    @property
    def subnets(self) -> tuple[Subnet, ...]:
        return tuple(self._subnets)

    @property
    def availability_zones(self) -> tuple[str, ...]:
        return tuple(sorted({s.az for s in self._subnets}))

    def _check_az(self, az: object) -> str:
        az = _name(az, "az")
        if self.region is not None:
            from awsbasics.infra import AvailabilityZone

            zone = AvailabilityZone.parse(az)
            if not az.startswith(self.region):
                raise VpcError(
                    f"AZ {zone.name} is not in the VPC's Region {self.region}; a VPC spans the AZs of one Region"
                )
        return az

    def add_subnet(self, cidr, *, az: str, name: str | None = None, ipv6_cidr=None) -> Subnet:
        """A subnet in one AZ, inside one of the VPC's blocks, overlapping no other subnet.

        ``ipv6_cidr`` makes it dual-stack: a /64 of the VPC's IPv6 block, or
        ``"auto"`` for the first free one.

        Raises:
            CidrError: the block is malformed, outside /16-/28, outside the VPC,
                or overlaps another subnet (the message names it).
            VpcError: the AZ is not in the VPC's Region, the name is taken, or
                the VPC already has as many subnets as the default quota allows.
        """
        block = Cidr.parse(cidr)
        usable_addresses(block)  # raises outside the subnet sizes
        if len(self._subnets) >= SUBNETS_PER_VPC:
            raise VpcError(
                f"cannot add subnet {block} to VPC {self.name}: it already has {len(self._subnets):,} subnets, "
                f"the limit of {_quota_text('subnets_per_vpc')}"
            )
        if not any(vpc_block.contains(block) for vpc_block in self._blocks):
            blocks = ", ".join(str(b) for b in self._blocks)
            raise CidrError(f"subnet {block} is not inside the VPC's blocks ({blocks}); a subnet is a slice of its VPC")
        existing = [s.cidr for s in self._subnets]
        for i, j in find_overlaps(existing + [block]):
            if j == len(existing):
                other = self._subnets[i]
                raise CidrError(
                    f"subnet {block} overlaps subnet {other.name} ({other.cidr}); subnets of a VPC cannot overlap"
                )
        zone = self._check_az(az)
        label = name if name is not None else str(block)
        _name(label, "subnet name")
        self._unique(self._subnets, label, "subnet")
        if ipv6_cidr is not None and not self._ipv6_blocks:
            raise VpcError(
                f"VPC {self.name} has no IPv6 block; call assign_ipv6_cidr_block() before a dual-stack subnet"
            )
        if ipv6_cidr is not None and ipv6_cidr != "auto":
            Ipv6Cidr.parse(ipv6_cidr)  # raises before anything changes
        subnet = Subnet(vpc=self, id=self._new_id("subnet"), name=label, cidr=block, az=zone)
        if ipv6_cidr is not None:
            self._subnets.append(subnet)
            try:
                self._assign_subnet_ipv6(subnet, None if ipv6_cidr == "auto" else ipv6_cidr)
            except (VpcError, CidrError):
                self._subnets.remove(subnet)
                self._counters["subnet"] -= 1
                raise
            return subnet
        self._subnets.append(subnet)
        return subnet

    # ----- route tables -----------------------------------------------------------------------

    @property
    def route_tables(self) -> tuple[RouteTable, ...]:
        return tuple(self._route_tables)

    @property
    def main_route_table(self) -> RouteTable:
        return self._route_tables[0]

    def add_route_table(self, name: str) -> RouteTable:
        """A custom route table with only the local route; associate subnets with it."""
        _name(name, "route table name")
        self._unique(self._route_tables, name, "route table")
        table = RouteTable(name, vpc=self, id=self._new_id("rtb"))
        self._route_tables.append(table)
        return table

    # ----- internet gateway, Elastic IPs, NAT gateways --------------------------------------

    @property
    def internet_gateway(self) -> InternetGateway | None:
        """The attached internet gateway, if any."""
        return next((g for g in self._internet_gateways if g.attached), None)

    @property
    def internet_gateways(self) -> tuple[InternetGateway, ...]:
        """Every internet gateway created in this VPC, attached or detached."""
        return tuple(self._internet_gateways)

    def add_internet_gateway(self, name: str | None = None) -> InternetGateway:
        """Create and attach an internet gateway (one per VPC)."""
        attached = [g for g in self._internet_gateways if g.attached]
        if len(attached) >= _IGWS_PER_VPC:
            raise VpcError(
                f"VPC {self.name} already has internet gateway {attached[0].id}; a VPC can have only one attached"
            )
        label = _name(name, "internet gateway name") if name is not None else "igw"
        self._unique([g for g in self._internet_gateways if g.attached], label, "internet gateway")
        gateway = InternetGateway(vpc=self, id=self._new_id("igw"), name=label)
        self._internet_gateways.append(gateway)
        return gateway

    def detach_internet_gateway(self) -> InternetGateway:
        """Detach the internet gateway; routes to it stay, as blackholes, like in AWS."""
        gateway = self.internet_gateway
        if gateway is None:
            raise VpcError(f"VPC {self.name} has no attached internet gateway")
        if any(i.public_ip for i in self._interfaces):
            owners = ", ".join(i.name for i in self._interfaces if i.public_ip)
            raise VpcError(
                f"cannot detach internet gateway {gateway.id}: {owners} still use public addresses "
                "(AWS refuses while mapped public addresses exist); release them first"
            )
        gateway.attached = False
        return gateway

    @property
    def elastic_ips(self) -> tuple[ElasticIp, ...]:
        return tuple(self._elastic_ips)

    def allocate_elastic_ip(self, name: str | None = None) -> ElasticIp:
        """Allocate an Elastic IP; the default quota is 5 per Region.

        This model counts the Elastic IPs allocated through this VPC object
        (AWS counts all of an account's addresses in the Region).
        """
        if len(self._elastic_ips) >= ELASTIC_IP_QUOTA:
            raise VpcError(
                f"cannot allocate another Elastic IP: {len(self._elastic_ips)} are allocated and the default quota "
                f"is {ELASTIC_IP_QUOTA} per Region; release one or request a quota increase"
            )
        label = _name(name, "Elastic IP name") if name is not None else f"eip-{len(self._elastic_ips) + 1}"
        self._unique(self._elastic_ips, label, "Elastic IP")
        pool = Cidr.parse(_RANGES["elastic_ip_pool"])
        address = format_address(pool.network + 1 + len(self._elastic_ips))
        eip = ElasticIp(vpc=self, id=self._new_id("eipalloc"), name=label, public_ip=address)
        self._elastic_ips.append(eip)
        return eip

    def associate_elastic_ip(self, elastic_ip: ElasticIp, target) -> None:
        """Associate an Elastic IP with an instance (its primary interface) or a network interface."""
        self._check_own(elastic_ip, "Elastic IP")
        interface = target.primary_interface if isinstance(target, Instance) else target
        if not isinstance(interface, NetworkInterface):
            raise TypeError(
                f"associate an Elastic IP with an Instance or NetworkInterface, not {type(target).__name__}"
            )
        self._check_own(interface, "network interface")
        if elastic_ip.interface is not None:
            raise VpcError(
                f"Elastic IP {elastic_ip.public_ip} is already associated with {elastic_ip.interface.name}; "
                "an Elastic IP maps to one interface at a time (disassociate it first)"
            )
        if interface.elastic_ip is not None:
            raise VpcError(f"{interface.name} already has Elastic IP {interface.elastic_ip.public_ip}")
        elastic_ip.interface = interface
        interface.elastic_ip = elastic_ip

    def disassociate_elastic_ip(self, elastic_ip: ElasticIp) -> None:
        self._check_own(elastic_ip, "Elastic IP")
        if elastic_ip.interface is None:
            raise VpcError(f"Elastic IP {elastic_ip.public_ip} is not associated")
        if elastic_ip.interface.kind == "nat_gateway":
            raise VpcError(
                f"Elastic IP {elastic_ip.public_ip} belongs to a NAT gateway; delete the NAT gateway instead"
            )
        elastic_ip.interface.elastic_ip = None
        elastic_ip.interface = None

    @property
    def nat_gateways(self) -> tuple[NatGateway, ...]:
        return tuple(self._nat_gateways)

    def add_nat_gateway(self, subnet: Subnet, *, name: str | None = None, connectivity: str = "public") -> NatGateway:
        """A NAT gateway: ``connectivity="public"`` (default) or ``"private"``.

        A public NAT gateway sits in a public subnet with a newly allocated
        Elastic IP. A private one may sit in any subnet, has no Elastic IP and
        never reaches the internet (it serves other VPCs and on-premises networks).

        Raises:
            VpcError: a public NAT gateway in a private subnet (its route table has
                no route to an internet gateway), an unknown connectivity, or the
                Elastic IP quota is used up.
        """
        self._check_own(subnet, "subnet")
        if not isinstance(connectivity, str):
            raise TypeError(f"connectivity must be str, not {type(connectivity).__name__}")
        if connectivity not in NAT_CONNECTIVITY:
            raise VpcError(
                f"connectivity {connectivity!r:.40} is not a NAT gateway type: use "
                f"{' or '.join(repr(c) for c in NAT_CONNECTIVITY)}"
            )
        if connectivity == "private":
            label = _name(name, "NAT gateway name") if name is not None else f"nat-{subnet.name}"
            self._unique(self._nat_gateways, label, "NAT gateway")
            self._check_free_address(subnet)
            interface = self._new_interface(subnet, name=f"eni-{label}", security_groups=[], kind="nat_gateway")
            return self._register(
                NatGateway(
                    vpc=self,
                    id=self._new_id("nat"),
                    name=label,
                    subnet=subnet,
                    elastic_ip=None,
                    interface=interface,
                    connectivity="private",
                )
            )
        if not subnet.is_public:
            raise VpcError(
                f"NAT gateway needs a public subnet, but {subnet.name} is private (route table "
                f"{subnet.route_table.name} has no route to an internet gateway): a NAT gateway there could "
                "not reach the internet (NAT_IN_PRIVATE_SUBNET)"
            )
        label = _name(name, "NAT gateway name") if name is not None else f"nat-{subnet.name}"
        self._unique(self._nat_gateways, label, "NAT gateway")
        self._check_free_address(subnet)
        if len(self._elastic_ips) >= ELASTIC_IP_QUOTA:
            self.allocate_elastic_ip()  # raises the quota error before anything changes
        elastic_ip = self.allocate_elastic_ip(f"eip-{label}")
        interface = self._new_interface(subnet, name=f"eni-{label}", security_groups=[], kind="nat_gateway")
        return self._register(
            NatGateway(
                vpc=self, id=self._new_id("nat"), name=label, subnet=subnet, elastic_ip=elastic_ip, interface=interface
            )
        )

    # ----- security groups and network ACLs ------------------------------------------------

    @property
    def security_groups(self) -> tuple[SecurityGroup, ...]:
        return tuple(self._security_groups)

    @property
    def default_security_group(self) -> SecurityGroup:
        return self._security_groups[0]

    def add_security_group(self, name: str, *, description: str = "") -> SecurityGroup:
        """A new security group: no inbound rules, all outbound traffic allowed."""
        _name(name, "security group name")
        if not isinstance(description, str):
            raise TypeError(f"description must be str, not {type(description).__name__}")
        if len(description) > _MAX_DESCRIPTION_CHARS:
            raise VpcError(
                f"a security group description holds at most {_MAX_DESCRIPTION_CHARS} characters, "
                f"not {len(description):,}"
            )
        self._unique(self._security_groups, name, "security group")
        group = SecurityGroup(name, vpc=self, id=self._new_id("sg"), description=description)
        group.allow_outbound("all", protocol="all", destination="0.0.0.0/0")
        if self._ipv6_blocks:
            group.allow_outbound("all", protocol="all", destination=_IPV6_EGRESS)
        self._security_groups.append(group)
        return group

    @property
    def network_acls(self) -> tuple[NetworkAcl, ...]:
        return tuple(self._network_acls)

    @property
    def default_network_acl(self) -> NetworkAcl:
        return self._network_acls[0]

    def add_network_acl(self, name: str) -> NetworkAcl:
        """A custom network ACL: it denies everything until you add rules."""
        _name(name, "network ACL name")
        self._unique(self._network_acls, name, "network ACL")
        acl = NetworkAcl(name, vpc=self, id=self._new_id("acl"))
        self._network_acls.append(acl)
        return acl

    def _associate_network_acl(self, acl: NetworkAcl, subnet: Subnet) -> None:
        """Internal API: make ``acl`` the network ACL of ``subnet``."""
        self._check_own(subnet, "subnet")
        self._check_own(acl, "network ACL")
        if acl.is_default:
            self._nacl_associations.pop(subnet.id, None)
        else:
            self._nacl_associations[subnet.id] = acl

    # ----- instances and network interfaces ------------------------------------------------

    def _groups(self, security_groups) -> list[SecurityGroup]:
        """Internal API: this VPC's security groups (objects or names), checked against the quota."""
        if isinstance(security_groups, (SecurityGroup, str)):
            security_groups = (security_groups,)
        groups = [self.get(g) if isinstance(g, str) else g for g in _members(security_groups, "security_groups")]
        for group in groups:
            if not isinstance(group, SecurityGroup):
                raise TypeError(
                    f"security_groups holds SecurityGroup objects or their names, not {type(group).__name__}"
                )
            self._check_own(group, "security group")
        if len(groups) > SECURITY_GROUPS_PER_INTERFACE:
            raise VpcError(
                f"{len(groups)} security groups on one network interface exceed the default quota of "
                f"{SECURITY_GROUPS_PER_INTERFACE} ({_quota_text('security_groups_per_network_interface')})"
            )
        if len({g.id for g in groups}) != len(groups):
            raise VpcError("a security group is listed twice")
        return groups

    def _check_free_address(self, *subnets: Subnet) -> None:
        """Internal API: raise unless every subnet has an address left to hand out."""
        for subnet in subnets:
            subnet._check_free_address()

    def _new_interface(self, subnet, *, name, security_groups, kind, public_ip: bool = False) -> NetworkInterface:
        """Internal API: a new network interface with the next free address of ``subnet``.

        ``public_ip`` also gives it an auto-assigned public address.
        """
        interface = NetworkInterface(
            vpc=self,
            id=self._new_id("eni"),
            name=name,
            subnet=subnet,
            private_ip=subnet._allocate_address(),
            security_groups=list(security_groups),
            kind=kind,
        )
        if public_ip:
            interface.auto_public_ip = self._next_public_ip()
        self._interfaces.append(interface)
        return interface

    def _claim_address(self, interface: NetworkInterface, address: str) -> None:
        """Internal API: give an interface a known private address; later ones in its subnet follow it.

        Raises:
            CidrError: ``address`` is not an IPv4 address.
            VpcError: it is outside the subnet, one of the subnet's reserved
                addresses, or another interface's address.
        """
        subnet = interface.subnet
        if not subnet.cidr.contains(address):
            raise VpcError(f"address {address} of {interface.name} is not inside subnet {subnet.name} ({subnet.cidr})")
        offset = Cidr.parse(address + "/32").network - subnet.cidr.network
        if offset < FIRST_HOST_OFFSET or offset == subnet.cidr.num_addresses - 1:
            raise VpcError(
                f"address {address} is reserved in subnet {subnet.name} ({subnet.cidr}): AWS keeps its "
                f"first {RESERVED_ADDRESSES_PER_SUBNET - 1} and its last address"
            )
        holder = next((i for i in self._interfaces if i is not interface and i.private_ip == address), None)
        if holder is not None:
            raise VpcError(
                f"address {address} of {interface.name} is already {holder.name}'s; a private address "
                "belongs to one network interface"
            )
        interface.private_ip = address
        subnet._next_host = max(subnet._next_host, offset + 1)

    def _claim_public_ip(self, interface: NetworkInterface, address: str | None) -> None:
        """Internal API: give an interface a known auto-assigned public address; later ones follow it."""
        if address is not None:
            Cidr.parse(address + "/32")  # raises for text that is not an address
            if any(i is not interface and address in (i.auto_public_ip, i.public_ip) for i in self._interfaces):
                raise VpcError(f"public address {address} of {interface.name} is already in use in VPC {self.name}")
        interface.auto_public_ip = address
        pool = Cidr.parse(_RANGES["public_ip_pool"])
        if address and pool.contains(address):
            self._public_ips = max(self._public_ips, Cidr.parse(address + "/32").network - pool.network)

    def _claim_elastic_ip(self, elastic_ip: ElasticIp, address: str) -> None:
        """Internal API: give an Elastic IP a known public address (no other Elastic IP may hold it)."""
        Cidr.parse(address + "/32")  # raises for text that is not an address
        holder = next((e for e in self._elastic_ips if e is not elastic_ip and e.public_ip == address), None)
        if holder is not None:
            raise VpcError(f"Elastic IP address {address} is already {holder.name}'s; an address is allocated once")
        elastic_ip.public_ip = address

    def _register(self, obj):
        """Internal API: record a NAT gateway, peering connection, transit gateway or load balancer of this VPC.

        A NAT gateway's Elastic IP is associated with its interface here.
        """
        from awsbasics.network.elb import LoadBalancer

        if isinstance(obj, NatGateway):
            if obj.elastic_ip is not None:
                obj.elastic_ip.interface = obj.interface
                obj.interface.elastic_ip = obj.elastic_ip
            self._nat_gateways.append(obj)
        elif isinstance(obj, PeeringConnection):
            self._peerings.append(obj)
        elif isinstance(obj, TransitGateway):
            self._transit_gateways.append(obj)
        elif isinstance(obj, LoadBalancer):
            self._load_balancers.append(obj)
        else:
            raise TypeError(f"a VPC does not keep {type(obj).__name__} objects")
        return obj

    @property
    def instances(self) -> tuple[Instance, ...]:
        return tuple(self._instances)

    @property
    def network_interfaces(self) -> tuple[NetworkInterface, ...]:
        return tuple(self._interfaces)

    def add_instance(
        self,
        name: str,
        subnet: Subnet,
        *,
        security_groups=(),
        public_ip: bool = False,
        os: str = "linux",
        ipv6: bool = False,
    ) -> Instance:
        """An EC2 instance with one network interface in ``subnet``.

        Args:
            name: Unique within the VPC.
            subnet: Its subnet (and so its AZ).
            security_groups: Up to 5; none means the VPC's default group, as in AWS.
            public_ip: Give the instance an auto-assigned public IPv4 address.
            os: The kind of client it is, for its ephemeral ports (``"linux"``, ``"windows"``, ...).
            ipv6: Give the instance an IPv6 address from its (dual-stack) subnet's block.
        """
        _name(name, "instance name")
        self._check_own(subnet, "subnet")
        self._unique(self._instances, name, "instance")
        self._check_free_address(subnet)
        if not isinstance(public_ip, bool):
            raise TypeError(f"public_ip must be True or False, not {type(public_ip).__name__}")
        if not isinstance(ipv6, bool):
            raise TypeError(f"ipv6 must be True or False, not {type(ipv6).__name__}")
        if ipv6 and subnet.ipv6_cidr is None:
            raise VpcError(
                f"subnet {subnet.name} has no IPv6 block, so instance {name} cannot get an IPv6 address; "
                "give the subnet one with assign_ipv6_cidr_block()"
            )
        ephemeral_ports(os)  # raises for an unknown kind of client
        groups = self._groups(security_groups) or [self.default_security_group]
        instance = Instance(vpc=self, id=self._new_id("i"), name=name, os=os)
        interface = self._new_interface(
            subnet, name=f"eni-{name}", security_groups=groups, kind="instance", public_ip=public_ip
        )
        interface.instance = instance
        if ipv6:
            interface.ipv6_address = subnet._allocate_ipv6()
        instance.interfaces.append(interface)
        self._instances.append(instance)
        return instance

    def _next_public_ip(self) -> str:
        pool = Cidr.parse(_RANGES["public_ip_pool"])
        self._public_ips += 1
        return format_address(pool.network + self._public_ips)

    def add_network_interface(self, subnet: Subnet, *, name: str, security_groups=()) -> NetworkInterface:
        """A detached network interface (ENI) in ``subnet``; attach it with :meth:`attach_network_interface`."""
        _name(name, "network interface name")
        self._check_own(subnet, "subnet")
        self._unique(self._interfaces, name, "network interface")
        self._check_free_address(subnet)
        groups = self._groups(security_groups) or [self.default_security_group]
        return self._new_interface(subnet, name=name, security_groups=groups, kind="detached")

    def attach_network_interface(self, interface: NetworkInterface, instance: Instance) -> None:
        """Attach a detached interface to an instance in the same Availability Zone."""
        self._check_own(interface, "network interface")
        self._check_own(instance, "instance")
        if interface.instance is not None or interface.kind != "detached":
            raise VpcError(f"network interface {interface.name} is already in use ({interface.kind})")
        if interface.az != instance.az:
            raise VpcError(
                f"network interface {interface.name} is in {interface.az} but instance {instance.name} is in "
                f"{instance.az}; an interface attaches only to an instance in its own Availability Zone"
            )
        interface.kind = "instance"
        interface.instance = instance
        instance.interfaces.append(interface)

    # ----- peering, transit gateways, endpoints, load balancers ----------------------------

    @property
    def peering_connections(self) -> tuple[PeeringConnection, ...]:
        return tuple(self._peerings)

    def peer(self, other: VPC, *, name: str | None = None) -> PeeringConnection:
        """Peer with another VPC (requested and accepted at once); add routes on both sides.

        Raises:
            VpcError: the VPCs are the same, already peered, or their blocks overlap.
        """
        if not isinstance(other, VPC):
            raise TypeError(f"peer() takes a VPC, not {type(other).__name__}")
        if other is self:
            raise VpcError(f"VPC {self.name} cannot peer with itself")
        if any(other in p.vpcs for p in self._peerings):
            raise VpcError(f"VPCs {self.name} and {other.name} are already peered")
        mine, theirs = list(self._blocks), list(other.cidr_blocks)
        for i, j in find_overlaps(mine + theirs):
            if i < len(mine) <= j:
                raise VpcError(
                    f"cannot peer {self.name} ({mine[i]}) with {other.name} ({theirs[j - len(mine)]}): "
                    "their blocks overlap, and a peering connection needs distinct addresses on each side"
                )
        label = _name(name, "peering connection name") if name is not None else f"pcx-{self.name}-{other.name}"
        connection = PeeringConnection(id=make_id("pcx", self.id, other.id), name=label, requester=self, accepter=other)
        other._register(connection)
        return self._register(connection)

    @property
    def transit_gateways(self) -> tuple[TransitGateway, ...]:
        return tuple(self._transit_gateways)

    @property
    def endpoints(self) -> tuple[VpcEndpoint, ...]:
        return tuple(self._endpoints)

    def _service(self, service: object) -> str:
        service = _name(service, "service")
        return service.strip().lower().rsplit(".", 1)[-1]  # "com.amazonaws.<region>.s3" -> "s3"

    def add_gateway_endpoint(
        self, service: str, *, route_tables: Iterable[RouteTable], name: str | None = None
    ) -> VpcEndpoint:
        """A gateway endpoint (S3 or DynamoDB): adds a prefix-list route to each route table."""
        short = self._service(service)
        if short not in GATEWAY_ENDPOINT_SERVICES:
            raise VpcError(
                f"gateway endpoints exist only for {' and '.join(GATEWAY_ENDPOINT_SERVICES)}, not {service!r}; "
                "use add_interface_endpoint() for other services"
            )
        tables = _members(route_tables, "route_tables")
        if not tables:
            raise VpcError("a gateway endpoint needs at least one route table to add its route to")
        for table in tables:
            self._check_own(table, "route table")
            if any(r.service == short for r in table.routes):
                raise VpcError(f"route table {table.name} already routes {short} to a gateway endpoint")
        label = _name(name, "endpoint name") if name is not None else f"vpce-{short}"
        self._unique(self._endpoints, label, "endpoint")
        prefix_list = make_id("pl", self.region or "", short)[:11]
        endpoint = VpcEndpoint(
            vpc=self,
            id=self._new_id("vpce"),
            name=label,
            service=short,
            kind="gateway",
            prefix_list_id=prefix_list,
        )
        for table in tables:
            table._routes.append(Route(prefix_list, endpoint, service=short))
        self._endpoints.append(endpoint)
        return endpoint

    def add_interface_endpoint(
        self, service: str, *, subnets: Iterable[Subnet], security_groups=(), name: str | None = None
    ) -> VpcEndpoint:
        """An interface endpoint: one network interface in each given subnet (one per AZ)."""
        short = self._service(service)
        chosen = _members(subnets, "subnets")
        if not chosen:
            raise VpcError("an interface endpoint needs at least one subnet")
        for subnet in chosen:
            self._check_own(subnet, "subnet")
        zones = [s.az for s in chosen]
        if len(set(zones)) != len(zones):
            raise VpcError(f"an interface endpoint takes one subnet per Availability Zone, got AZs {zones}")
        groups = self._groups(security_groups) or [self.default_security_group]
        label = _name(name, "endpoint name") if name is not None else f"vpce-{short}"
        self._unique(self._endpoints, label, "endpoint")
        self._check_free_address(*chosen)
        endpoint = VpcEndpoint(vpc=self, id=self._new_id("vpce"), name=label, service=short, kind="interface")
        for subnet in chosen:
            endpoint.interfaces.append(
                self._new_interface(
                    subnet, name=f"eni-{label}-{subnet.name}", security_groups=groups, kind="interface_endpoint"
                )
            )
        self._endpoints.append(endpoint)
        return endpoint

    @property
    def load_balancers(self) -> tuple:
        return tuple(self._load_balancers)

    def add_load_balancer(
        self, name: str, *, kind: str = "application", subnets, scheme: str = "internet-facing", security_groups=None
    ):
        """An Application or Network Load Balancer; see :class:`awsbasics.network.elb.LoadBalancer`."""
        from awsbasics.network.elb import LoadBalancer

        _name(name, "load balancer name")
        self._unique(self._load_balancers, name, "load balancer")
        return self._register(
            LoadBalancer._create(self, name, kind=kind, subnets=subnets, scheme=scheme, security_groups=security_groups)
        )

    # ----- serialisation and import (awsbasics.network.vpc_io), display ---------------------

    def to_dict(self) -> dict:
        """The model as plain data (see :func:`awsbasics.network.vpc_io.to_dict`)."""
        from awsbasics.network import vpc_io

        return vpc_io.to_dict(self)

    def to_json(self) -> str:
        """The model as JSON text; :meth:`from_json` reads it back."""
        import json

        return json.dumps(self.to_dict(), indent=1, sort_keys=False)

    @classmethod
    def from_dict(cls, document: dict) -> VPC:
        """The model saved by :meth:`to_dict` (see :func:`awsbasics.network.vpc_io.from_dict`)."""
        from awsbasics.network import vpc_io

        return vpc_io.from_dict(cls, document)

    @classmethod
    def from_json(cls, text: str) -> VPC:
        """The model saved by :meth:`to_json` (see :func:`awsbasics.network.vpc_io.from_json`)."""
        from awsbasics.network import vpc_io

        return vpc_io.from_json(cls, text)

    @classmethod
    def from_aws(
        cls,
        *,
        vpcs,
        subnets=None,
        route_tables=None,
        internet_gateways=None,
        nat_gateways=None,
        security_groups=None,
        network_acls=None,
        vpc_id: str | None = None,
        egress_only_internet_gateways=None,
    ) -> VPC:
        """Build the model from ``aws ec2 describe-*`` output (boto3 response dicts or their lists).

        See :func:`awsbasics.network.vpc_io.from_aws`.
        """
        from awsbasics.network import vpc_io

        return vpc_io.from_aws(
            cls,
            vpcs=vpcs,
            subnets=subnets,
            route_tables=route_tables,
            internet_gateways=internet_gateways,
            nat_gateways=nat_gateways,
            security_groups=security_groups,
            network_acls=network_acls,
            vpc_id=vpc_id,
            egress_only_internet_gateways=egress_only_internet_gateways,
        )

    def to_aws(self) -> dict:
        """The model as ``describe-*`` response shapes (the fields the model keeps)."""
        from awsbasics.network import vpc_io

        return vpc_io.to_aws(self)

    def diagram(self, *others, highlight=None):
        """The VPC (and any peered or connected VPCs given) as a Graphviz diagram."""
        return view("vpc.vpc_diagram")((self, *others), highlight=highlight)

    @property
    def overview(self) -> str:
        """One line: blocks, Region, AZs, subnets (public and private), gateways and instances."""
        public = sum(s.is_public for s in self._subnets)
        parts = [
            f"{len(self.availability_zones)} AZ{'s' if len(self.availability_zones) != 1 else ''}",
            f"{len(self._subnets)} subnet{'s' if len(self._subnets) != 1 else ''} ({public} public, "
            f"{len(self._subnets) - public} private)",
        ]
        if self.internet_gateway:
            parts.append("an internet gateway")
        if self._egress_only_gateways:
            parts.append("an egress-only internet gateway")
        if self._nat_gateways:
            count = len(self._nat_gateways)
            parts.append(f"{count} NAT gateway{'s' if count != 1 else ''}")
        parts.append(f"{len(self._instances)} instance{'s' if len(self._instances) != 1 else ''}")
        where = f" in {self.region}" if self.region else ""
        blocks = ", ".join(str(b) for b in (*self._blocks, *self._ipv6_blocks))
        return f"VPC {self.name} ({self.id}) {blocks}{where}: " + ", ".join(parts)

    def subnet_table(self):
        """The subnets as rows: name, AZ, block, public/private, route table, network ACL."""
        return [
            (s.name, s.az, str(s.cidr), "public" if s.is_public else "private", s.route_table.name, s.network_acl.name)
            for s in self._subnets
        ]

    def text(self) -> str:
        """The overview line, then the subnet table."""
        rows = self.subnet_table()
        return self.overview + ("\n" + text_table(_SUBNET_COLUMNS, rows) if rows else "")

    def __repr__(self) -> str:
        return f"<{self.overview}>"
