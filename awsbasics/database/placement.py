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

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.database.rds import ENGINES
from awsbasics.errors import DbSubnetGroupError, RdsConfigError
from awsbasics.network import VPC, Subnet, reachability
from awsbasics.network.vpc import NetworkInterface

if TYPE_CHECKING:
    from awsbasics.network.analyzer import Reachability

__all__ = [
    "MIN_AZS",
    "ENGINE_IDENTIFIERS",
    "DbSubnetGroup",
    "DbInstance",
    "DbAccess",
    "db_subnet_group",
    "place_db_instance",
    "db_access",
]

MIN_AZS: int = data.value("database", "db_subnet_group")["min_azs"]
_IDENTIFIERS = data.fact("database", "rds_engine_identifiers")
# Engine value of CreateDBInstance -> (engine family, smallest gp2/gp3 storage GiB, default port, longest user name)
ENGINE_IDENTIFIERS: dict[str, tuple[str, int, int, int]] = {
    row[0]: (row[1], row[2], row[3], row[4]) for row in _IDENTIFIERS["rows"] if row[1] in ENGINES
}
_INSTANCE_CLASS = re.compile(data.value("database", "rds_instance_class_pattern"))
_USERNAME = re.compile(data.value("database", "rds_master_username")["pattern"])
_MAX_STORAGE_GIB = 65536  # the largest gp2/gp3 AllocatedStorage of CreateDBInstance
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
    """A DB instance placed in a subnet of its group: its network interface, port and AZ.

    The keyword-only fields are what a template needs: the ``engine`` (a
    CreateDBInstance Engine value such as ``"mysql"`` or ``"postgres"``),
    ``instance_class``, ``multi_az`` (a standby in another AZ of the group),
    ``allocated_storage_gib`` and ``master_username``.
    """

    name: str
    subnet_group: DbSubnetGroup
    interface: NetworkInterface  # the network interface RDS put in the chosen subnet
    port: int
    engine: str = field(default="mysql", kw_only=True)
    instance_class: str = field(default="db.t4g.micro", kw_only=True)
    multi_az: bool = field(default=False, kw_only=True)
    allocated_storage_gib: int = field(default=20, kw_only=True)
    master_username: str = field(default="dbadmin", kw_only=True)

    @property
    def engine_family(self) -> str:
        """The engine as :data:`awsbasics.database.ENGINES` names it (``"MySQL"``, ``"PostgreSQL"``, ...)."""
        return ENGINE_IDENTIFIERS[self.engine][0]

    @property
    def az(self) -> str:
        return self.interface.subnet.az

    @property
    def subnet(self):
        return self.interface.subnet

    def __repr__(self) -> str:
        return f"<DbInstance {self.name} {self.interface.private_ip}:{self.port} in {self.subnet.name} ({self.az})>"


def _check_engine(value: object) -> str:
    """A CreateDBInstance Engine value; an engine family name (``"PostgreSQL"``) maps to its first one."""
    engine = require_str(value, "engine")
    if engine in ENGINE_IDENTIFIERS:
        return engine
    by_family = next((e for e, row in ENGINE_IDENTIFIERS.items() if row[0].lower() == engine.lower()), None)
    if by_family is not None:
        return by_family
    raise RdsConfigError(
        f"engine={engine[:40]!r}: RDS engines are {', '.join(ENGINE_IDENTIFIERS)} "
        f"({', '.join(ENGINES)}; Aurora is its own service)"
    )


def _check_options(
    engine: object, instance_class: object, multi_az: object, allocated_storage_gib: object, master_username: object
) -> tuple[str, str, bool, int, str]:
    engine_value = _check_engine(engine)
    family, min_storage, _, max_user = ENGINE_IDENTIFIERS[engine_value]
    klass = require_str(instance_class, "instance_class")
    if len(klass) > 64 or not _INSTANCE_CLASS.fullmatch(klass):
        raise RdsConfigError(
            f"instance_class={klass[:40]!r}: a DB instance class reads db.<family>.<size>, e.g. db.t4g.micro"
        )
    if not isinstance(multi_az, bool):
        raise TypeError(f"multi_az must be True or False, not {type(multi_az).__name__}")
    storage = require_int(allocated_storage_gib, "allocated_storage_gib")
    if not min_storage <= storage <= _MAX_STORAGE_GIB:
        raise RdsConfigError(
            f"allocated_storage_gib={storage}: RDS for {family} ({engine_value}) on General Purpose SSD takes "
            f"{min_storage} to {_MAX_STORAGE_GIB:,} GiB"
        )
    user = require_str(master_username, "master_username")
    if not 1 <= len(user) <= max_user or not _USERNAME.fullmatch(user):
        raise RdsConfigError(
            f"master_username={user[:40]!r}: for {engine_value} it is 1 to {max_user} letters, digits or "
            "underscores, starting with a letter"
        )
    return engine_value, klass, multi_az, storage, user


def place_db_instance(
    subnet_group: DbSubnetGroup,
    *,
    name: str,
    security_groups=(),
    az: str | None = None,
    port: int | None = None,
    engine: str = "mysql",
    instance_class: str = "db.t4g.micro",
    multi_az: bool = False,
    allocated_storage_gib: int = 20,
    master_username: str = "dbadmin",
) -> DbInstance:
    """Put a DB instance's network interface in a subnet of the group (in ``az`` if given).

    ``port`` defaults to the engine's (3306 for MySQL). The engine, class,
    Multi-AZ, storage and user name options are what a template writes.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> a = vpc.add_subnet("10.0.10.0/24", az="az-a", name="db-a")
    >>> b = vpc.add_subnet("10.0.11.0/24", az="az-b", name="db-b")
    >>> db = place_db_instance(db_subnet_group(vpc, [a, b]), name="orders", engine="postgres", multi_az=True)
    >>> db.port, db.engine_family
    (5432, 'PostgreSQL')

    Raises:
        DbSubnetGroupError: an AZ the group has no subnet in, or a port outside 1-65535.
        RdsConfigError: an unknown engine, a malformed instance class, storage below the
            engine's minimum, a user name the engine refuses.
        VpcError: what the VPC refuses (a taken name, a full subnet, a foreign security group).
        TypeError: arguments of the wrong kind.

    Sources: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html,
    https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html
    """
    if not isinstance(subnet_group, DbSubnetGroup):
        raise TypeError(f"subnet_group must come from db_subnet_group(), not {type(subnet_group).__name__}")
    require_str(name, "name")
    engine, instance_class, multi_az, storage, master_username = _check_options(
        engine, instance_class, multi_az, allocated_storage_gib, master_username
    )
    port = require_int(ENGINE_IDENTIFIERS[engine][2] if port is None else port, "port")
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
    return DbInstance(
        name,
        subnet_group,
        interface,
        port,
        engine=engine,
        instance_class=instance_class,
        multi_az=multi_az,
        allocated_storage_gib=storage,
        master_username=master_username,
    )


@dataclass(frozen=True, slots=True, eq=False)
class DbAccess(Rendered):
    """Who can open a connection to the database: one reachability check per source."""

    db: DbInstance
    results: tuple[tuple[str, Reachability], ...]  # (source label, its reachability)

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
