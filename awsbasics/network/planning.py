"""Subnet planning: lay out tiers of subnets over a VPC's Availability Zones.

    >>> course = plan("10.0.0.0/22", azs=2, tiers={"public": 24, "private": 24})
    >>> int(course.table["usable"].sum())     # the course's example: 4 x 251
    1004
    >>> [f.code for f in course.findings]
    ['RESERVED_ADDRESSES']

The plan allocates the largest subnets first (so no address is lost to
alignment), one subnet per tier in every AZ, and reviews the result against
the course's advice: prefer /24 or larger, give private tiers more addresses
than public ones, and use few large subnets, since each loses 5 addresses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._finding import Finding
from awsbasics._protocol import Rendered
from awsbasics.errors import CidrError
from awsbasics.infra import regions
from awsbasics.network.cidr import (
    ADDRESS_BITS,
    RESERVED_ADDRESSES_PER_SUBNET,
    Cidr,
    gaps,
    split,
    usable_addresses,
    validate_vpc_cidr,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["plan", "report", "max_azs", "Finding", "SubnetPlan", "PlanReport", "AddressBlock", "COLUMNS"]

COLUMNS = ["az", "tier", "cidr", "total", "reserved", "usable"]
_PREFERRED_PREFIX: int = data.value("network", "subnet_advice")["prefer_prefix_at_most"]
# This library's bounds, not AWS quotas: a tier or AZ label is a short printable name, and a plan
# lists at most this many tiers (each tier is one subnet per AZ, and a /16 VPC holds at most
# 4,096 of the smallest /28 subnets), so a pasted list is refused before anything is looped over.
MAX_LABEL_CHARS = 64
MAX_TIERS = 64


def max_azs() -> int:
    """The most Availability Zones any Region has: a plan spans 1 to this many.

    >>> max_azs() >= 3
    True
    """
    return max(region.az_count for region in regions())


def _label(value: object, what: str) -> str:
    """A tier or AZ name: non-empty printable text of at most :data:`MAX_LABEL_CHARS` characters."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    shown = value if len(value) <= MAX_LABEL_CHARS else value[:MAX_LABEL_CHARS] + "..."
    if not value.strip() or len(value) > MAX_LABEL_CHARS or not value.isprintable():
        raise CidrError(
            f"{what} {shown!r}: a name is 1 to {MAX_LABEL_CHARS} printable characters, e.g. 'public' or 'az-a'"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CidrError(f"{what} {shown!r}: a name cannot hold a lone surrogate (text that is not Unicode)") from None
    return value


def _az_names(azs: int | Sequence[str]) -> list[str]:
    if isinstance(azs, bool):
        raise TypeError("azs must be a number of AZs or a list of AZ names, not bool")
    if isinstance(azs, int):
        most = max_azs()
        if not 1 <= azs <= most:
            raise CidrError(f"azs={azs}: a plan spans 1 to {most} Availability Zones (the most any Region has)")
        return [f"az-{letter}" for letter in "abcdefghijklmnopqrstuvwxyz"[:azs]]
    if isinstance(azs, str) or not isinstance(azs, Sequence):
        raise TypeError("azs must be a number of AZs or a list of AZ names")
    if not azs:
        raise CidrError("azs=[]: list each Availability Zone once, at least one")
    most = max_azs()
    if len(azs) > most:
        raise CidrError(
            f"azs: {len(azs):,} names given; a plan spans 1 to {most} Availability Zones (the most any Region has)"
        )
    if not all(isinstance(a, str) for a in azs):
        raise TypeError("azs must be a number of AZs or a list of AZ names")
    names = [_label(a, "AZ name") for a in azs]
    if len(set(names)) != len(names):
        raise CidrError(f"azs={names!r}: list each Availability Zone once")
    return names


def _tier_prefixes(tiers: Mapping[str, int], vpc: Cidr) -> dict[str, int]:
    if not isinstance(tiers, Mapping):
        raise TypeError('tiers must be a dict of tier name to prefix, e.g. {"public": 24}')
    if not tiers:
        raise CidrError('tiers={}: a plan needs at least one tier, e.g. {"public": 24}')
    if len(tiers) > MAX_TIERS:
        raise CidrError(f"tiers: {len(tiers):,} tiers given; a plan lists at most {MAX_TIERS} (this library's bound)")
    for name, prefix in tiers.items():
        if not isinstance(name, str) or not is_int(prefix):
            raise TypeError(f"tier {name!r:.80}: names are text and prefixes are int, e.g. {{'public': 24}}")
        _label(name, "tier name")
        usable_addresses(int(prefix))  # raises outside the /16 to /28 subnet sizes
        if prefix < vpc.prefix:
            raise CidrError(f"tier {name!r}: a /{prefix} subnet is larger than the VPC {vpc} itself")
    return dict(tiers)


def plan(vpc_cidr: Cidr | str, *, azs: int | Sequence[str], tiers: Mapping[str, int]):
    """One subnet per tier in every AZ, as a table with review findings.

    Args:
        vpc_cidr: The VPC's block, /16 to /28.
        azs: How many AZs (named ``az-a``, ``az-b``, ...) or their names.
        tiers: Tier name to subnet prefix, e.g. ``{"public": 24, "private": 22}``.

    Returns:
        SubnetPlan: ``.table`` (a DataFrame with columns ``az, tier, cidr, total,
        reserved, usable``, one row per subnet by AZ then tier), ``.findings`` (the
        review, :class:`Finding` objects) and ``.unallocated`` (free blocks). It
        shows itself with an address-space bar, the table and the review.

    Raises:
        CidrError: an invalid VPC block or subnet size, or subnets that do not fit.
    """
    import pandas as pd

    vpc = validate_vpc_cidr(vpc_cidr)
    names = _az_names(azs)
    prefixes = _tier_prefixes(tiers, vpc)
    # Largest subnets first: then every block starts aligned and nothing is lost between them.
    wanted = [(tier, az) for tier in sorted(prefixes, key=lambda tier: prefixes[tier]) for az in names]
    needed = sum(1 << (ADDRESS_BITS - prefixes[tier]) for tier, _ in wanted)
    try:
        blocks = split(vpc, [prefixes[tier] for tier, _ in wanted])
    except CidrError:
        raise CidrError(
            f"the plan does not fit in {vpc}: {len(wanted)} subnets need {needed:,} addresses "
            f"but the VPC has {vpc.num_addresses:,}; use fewer AZs or tiers, smaller subnets, or a larger VPC"
        ) from None
    where = dict(zip(wanted, blocks))
    rows = [
        [az, tier, str(block), block.num_addresses, RESERVED_ADDRESSES_PER_SUBNET, usable_addresses(block)]
        for az in names
        for tier in prefixes
        for block in [where[(tier, az)]]
    ]
    free = tuple(gaps(vpc, blocks))
    return SubnetPlan(vpc, pd.DataFrame(rows, columns=COLUMNS), tuple(_review(vpc, prefixes, len(blocks), free)), free)


def _review(vpc: Cidr, prefixes: dict[str, int], subnets: int, free: tuple[Cidr, ...]) -> list[Finding]:
    findings = []
    for tier, prefix in prefixes.items():
        if prefix > _PREFERRED_PREFIX:
            findings.append(
                Finding(
                    "SMALL_SUBNET",
                    "warning",
                    tier,
                    f"tier {tier!r} uses /{prefix} subnets ({usable_addresses(prefix)} usable each); prefer "
                    f"/{_PREFERRED_PREFIX} or larger, since every subnet loses {RESERVED_ADDRESSES_PER_SUBNET} addresses",
                )
            )
    public = [p for t, p in prefixes.items() if "public" in t.lower()]
    private = [p for t, p in prefixes.items() if "private" in t.lower()]
    if public and private and max(private) > min(public):
        findings.append(
            Finding(
                "PRIVATE_SMALLER_THAN_PUBLIC",
                "warning",
                "tiers",
                "a private tier is smaller than a public one; most resources (databases, back ends, "
                "batch jobs) belong in private subnets, so give private tiers the larger blocks",
            )
        )
    reserved = subnets * RESERVED_ADDRESSES_PER_SUBNET
    findings.append(
        Finding(
            "RESERVED_ADDRESSES",
            "info",
            str(vpc),
            f"{subnets} subnets reserve {reserved} addresses ({reserved / vpc.num_addresses:.2%} of {vpc}); "
            "fewer, larger subnets reserve fewer",
        )
    )
    if free:
        spare = sum(block.num_addresses for block in free)
        findings.append(
            Finding(
                "UNALLOCATED",
                "info",
                str(vpc),
                f"{spare:,} addresses ({spare / vpc.num_addresses:.0%}) are left for future subnets: "
                + ", ".join(str(block) for block in free),
            )
        )
    return findings


@dataclass(frozen=True, slots=True)
class AddressBlock:
    """One stretch of a plan's address space: a subnet of a tier in an AZ, or a free block (``tier`` None)."""

    cidr: Cidr
    addresses: int
    reserved: int
    tier: str | None = None
    az: str | None = None


@dataclass(frozen=True, eq=False)
class SubnetPlan(Rendered):
    """A subnet plan: its table, the review findings and the blocks left free, shown with an address-space bar."""

    vpc_cidr: Cidr
    table: pd.DataFrame  # one row per subnet
    findings: tuple[Finding, ...]
    unallocated: tuple[Cidr, ...]

    _view_ = "cidr.plan_view"

    @property
    def tiers(self) -> tuple[str, ...]:
        """The tier names in the plan's order."""
        return tuple(dict.fromkeys(self.table["tier"]))

    @property
    def address_space(self) -> tuple[AddressBlock, ...]:
        """Every subnet and free block of the VPC, in address order.

        >>> [str(b.cidr) for b in plan("10.0.0.0/22", azs=1, tiers={"web": 24}).address_space]
        ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/23']
        """
        t = self.table
        blocks = [
            AddressBlock(Cidr.parse(c), int(total), int(reserved), tier, az)
            for az, tier, c, total, reserved in zip(t["az"], t["tier"], t["cidr"], t["total"], t["reserved"])
        ]
        blocks += [AddressBlock(block, block.num_addresses, 0) for block in self.unallocated]
        return tuple(sorted(blocks, key=lambda b: b.cidr))

    def text(self) -> str:
        usable = int(self.table["usable"].sum())
        count = len(self.table)
        lines = [
            f"Subnet plan for {self.vpc_cidr}: {count} subnet{'' if count == 1 else 's'}, {usable:,} usable addresses"
        ]
        lines.append(self.table.to_string(index=False))
        lines += [f"- {finding}" for finding in self.findings]
        return "\n".join(lines)


PlanReport = SubnetPlan  # the name a shown plan had when plan() returned a bare table


def report(subnet_plan: SubnetPlan) -> SubnetPlan:
    """The plan itself, which shows its address-space bar and findings (kept for ``report(plan(...))``)."""
    if not isinstance(subnet_plan, SubnetPlan):
        raise TypeError(f"report() takes the SubnetPlan that plan() returns, not {type(subnet_plan).__name__}")
    return subnet_plan
