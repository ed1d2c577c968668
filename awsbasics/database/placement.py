"""DB instances inside the chapter 03 VPC model: a DB subnet group, security groups, and who can reach the database.

An RDS DB instance lives in a VPC: you give RDS a **DB subnet group** (subnets
in at least two AZs), RDS picks a subnet and puts the instance's network
interface there, and **security groups** decide who may connect. This module
builds on the public API of :mod:`awsbasics.network` only: the DB instance is
modelled as a network interface (ENI) that RDS owns, and reachability is the
chapter 03 :func:`~awsbasics.network.reachability`.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> a = vpc.add_subnet("10.0.10.0/24", az="ap-northeast-2a", name="db-a")
    >>> b = vpc.add_subnet("10.0.11.0/24", az="ap-northeast-2b", name="db-b")
    >>> group = db_subnet_group(vpc, [a, b], name="shop-db")
    >>> group.azs
    ('ap-northeast-2a', 'ap-northeast-2b')

Source: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import DbSubnetGroupError
from awsbasics.network import VPC, Subnet, reachability

__all__ = ["MIN_AZS", "DbSubnetGroup", "DbInstance", "DbAccess", "db_subnet_group", "place_db_instance", "db_access"]

MIN_AZS: int = data.value("database", "db_subnet_group")["min_azs"]
# This library's bound on the lists it checks at once, not an AWS quota (RDS sets its own quota on
# subnets per DB subnet group).
_MAX_SUBNETS = 200


@dataclass(frozen=True, slots=True, eq=False)
class DbSubnetGroup(Rendered):
    """Subnets of one VPC, in at least two AZs, that RDS may place DB instances in."""

    name: str
    vpc: VPC
    subnets: tuple[Subnet, ...]

    @property
    def azs(self) -> tuple[str, ...]:
        return tuple(sorted({s.az for s in self.subnets}))

    @property
    def public_subnets(self) -> tuple[Subnet, ...]:
        """Subnets with a route to an internet gateway: a database rarely belongs there."""
        return tuple(s for s in self.subnets if s.is_public)

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [(s.name, str(s.cidr), s.az, "public" if s.is_public else "private") for s in self.subnets]

    @property
    def verdict(self) -> str:
        warn = (
            f" Warning: {', '.join(s.name for s in self.public_subnets)} is public; keep databases in private subnets."
            if self.public_subnets
            else ""
        )
        return f"DB subnet group {self.name}: {len(self.subnets)} subnets in {len(self.azs)} AZs.{warn}"

    _view_ = "database.subnet_group_view"

    def text(self) -> str:
        return self.verdict + "\n" + text_table(["subnet", "cidr", "az", "kind"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def db_subnet_group(vpc: VPC, subnets, *, name: str = "default-db") -> DbSubnetGroup:
    """A DB subnet group: subnets of ``vpc`` covering at least two Availability Zones.

    Raises:
        DbSubnetGroupError: no subnets, a subnet of another VPC, the same subnet twice,
            or subnets in fewer than two AZs.
        TypeError: a VPC, subnet list or name of the wrong kind.
    """
    if not isinstance(vpc, VPC):
        raise TypeError(f"vpc must be a VPC, not {type(vpc).__name__}")
    require_str(name, "name")
    if not 1 <= len(name) <= 255:
        raise DbSubnetGroupError(f"name of {len(name):,} characters: a DB subnet group name has 1 to 255")
    if not isinstance(subnets, (list, tuple)):
        raise TypeError(f"subnets must be a list or tuple of Subnets, not {type(subnets).__name__}")
    if not 1 <= len(subnets) <= _MAX_SUBNETS:
        raise DbSubnetGroupError(
            f"{len(subnets):,} subnets: this library models a DB subnet group of 1 to {_MAX_SUBNETS} subnets"
        )
    for subnet in subnets:
        if not isinstance(subnet, Subnet):
            raise TypeError(f"subnets holds Subnets from vpc.add_subnet(), not {type(subnet).__name__}")
        if not any(subnet is own for own in vpc.subnets):
            raise DbSubnetGroupError(f"subnet {subnet.name} is not in VPC {vpc.name}: a DB subnet group uses one VPC")
    if len({id(s) for s in subnets}) != len(subnets):
        raise DbSubnetGroupError("the same subnet is listed twice")
    azs = {s.az for s in subnets}
    if len(azs) < MIN_AZS:
        raise DbSubnetGroupError(
            f"subnets only in {', '.join(sorted(azs))}: a DB subnet group needs subnets in at least {MIN_AZS} "
            "Availability Zones (DBSubnetGroupDoesNotCoverEnoughAZs), so a standby has somewhere to go"
        )
    return DbSubnetGroup(name, vpc, tuple(subnets))


@dataclass(frozen=True, slots=True, eq=False)
class DbInstance:
    """A DB instance placed in a subnet of its group: its network interface, port and AZ."""

    name: str
    subnet_group: DbSubnetGroup
    interface: object  # the network interface RDS put in the chosen subnet
    port: int

    @property
    def az(self) -> str:
        return self.interface.subnet.az

    @property
    def subnet(self):
        return self.interface.subnet

    def __repr__(self) -> str:
        return f"<DbInstance {self.name} {self.interface.private_ip}:{self.port} in {self.subnet.name} ({self.az})>"


def place_db_instance(
    subnet_group: DbSubnetGroup, *, name: str, security_groups=(), az: str | None = None, port: int = 3306
) -> DbInstance:
    """Put a DB instance's network interface in a subnet of the group (in ``az`` if given).

    Raises:
        DbSubnetGroupError: an AZ the group has no subnet in, or a port outside 1-65535.
        VpcError: what the VPC refuses (a taken name, a full subnet, a foreign security group).
        TypeError: arguments of the wrong kind.
    """
    if not isinstance(subnet_group, DbSubnetGroup):
        raise TypeError(f"subnet_group must come from db_subnet_group(), not {type(subnet_group).__name__}")
    require_str(name, "name")
    port = require_int(port, "port")
    if not 1 <= port <= 65535:
        raise DbSubnetGroupError(f"port={port}: a database listens on a port from 1 to 65535")
    if az is None:
        subnet = subnet_group.subnets[0]
    else:
        require_str(az, "az")
        subnet = next((s for s in subnet_group.subnets if s.az == az), None)
        if subnet is None:
            raise DbSubnetGroupError(
                f"az={az[:40]!r}: DB subnet group {subnet_group.name} has subnets in {', '.join(subnet_group.azs)} only"
            )
    interface = subnet_group.vpc.add_network_interface(subnet, name=name, security_groups=list(security_groups))
    return DbInstance(name, subnet_group, interface, port)


@dataclass(frozen=True, slots=True, eq=False)
class DbAccess(Rendered):
    """Who can open a connection to the database: one reachability check per source."""

    db: DbInstance
    results: tuple[tuple[str, object], ...]  # (source label, Reachability)

    def rows(self) -> list[tuple[str, str, str]]:
        return [(label, "yes" if r.reachable else "no", r.reason) for label, r in self.results]

    @property
    def verdict(self) -> str:
        yes = [label for label, r in self.results if r.reachable]
        no = [label for label, r in self.results if not r.reachable]
        return (
            f"{self.db.name} (port {self.db.port}): reachable from {', '.join(yes) or 'nobody'}; "
            f"not from {', '.join(no) or 'anyone else checked'}."
        )

    _view_ = "database.access_view"

    def text(self) -> str:
        return self.verdict + "\n" + text_table(["source", "reachable", "reason"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def db_access(db: DbInstance, *, sources) -> DbAccess:
    """Check each source (an instance, its name, or ``"internet"``) against the database's port.

    Raises:
        VpcError: an unknown source.
        TypeError: a database or source list of the wrong kind.
    """
    if not isinstance(db, DbInstance):
        raise TypeError(f"db must come from place_db_instance(), not {type(db).__name__}")
    if not isinstance(sources, (list, tuple)):
        raise TypeError(f"sources must be a list or tuple, not {type(sources).__name__}")
    if not 1 <= len(sources) <= _MAX_SUBNETS:
        raise DbSubnetGroupError(f"{len(sources):,} sources: check 1 to {_MAX_SUBNETS} at a time")
    results = []
    for source in sources:
        label = source if isinstance(source, str) else getattr(source, "name", repr(source))
        results.append((label, reachability(db.subnet_group.vpc, source, db.interface, port=db.port)))
    return DbAccess(db, tuple(results))
