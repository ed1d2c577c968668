"""Chapter 03 exercises: size a subnet, repair a VPC, secondary blocks, NAT, IPv6 and what a network costs.

Answers are computed by the library (``usable_addresses``, ``reachability``,
``network_cost``, the IPv6 block type), so a changed fact changes the answer.
Two are constructive: pick a subnet size for a host count, and repair a
broken VPC (:func:`broken_shop`) that :func:`reachability` then judges.
"""

from __future__ import annotations

from awsbasics.chapters._graded import choice, number
from awsbasics.chapters.exercise import Exercise, GradedExercise, instance_of
from awsbasics.errors import CidrError
from awsbasics.network.analyzer import INTERNET_HOST, reachability
from awsbasics.network.cidr import (
    RESERVED_ADDRESSES_PER_SUBNET,
    SUBNET_PREFIX_RANGE,
    usable_addresses,
    validate_secondary_cidr,
)
from awsbasics.network.costs import PRICES, network_cost
from awsbasics.network.ipv6 import SUBNET_PREFIX as IPV6_SUBNET_PREFIX
from awsbasics.network.ipv6 import VPC_PREFIX as IPV6_VPC_PREFIX
from awsbasics.network.ipv6 import Ipv6Cidr
from awsbasics.network.vpc import VPC

__all__ = ["exercises", "broken_shop", "HOSTS_NEEDED"]

REGION = "ap-northeast-2"
HOSTS_NEEDED = 2045  # addresses one subnet must hand out in the sizing exercise
_SSH = 22


# ----- 03-size-for-hosts -------------------------------------------------------------------------


def _smallest_prefix(hosts: int) -> int:
    """The longest prefix (smallest subnet) whose usable addresses still hold ``hosts``."""
    largest, smallest = SUBNET_PREFIX_RANGE
    return max(p for p in range(largest, smallest + 1) if usable_addresses(p) >= hosts)


def _parse_prefix(answer: object) -> int | None:
    """'/20', '20' or 20 as a prefix length; None for anything else."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, str):
        text = answer.strip().lstrip("/")
        if text.isascii() and text.isdigit() and len(text) <= 3:
            return int(text)
    return None


def _grade_prefix(prefix: int) -> tuple[bool, str]:
    largest, smallest = SUBNET_PREFIX_RANGE
    best = _smallest_prefix(HOSTS_NEEDED)
    if not largest <= prefix <= smallest:
        return False, (f"/{prefix} is not a subnet size AWS allows: subnets run from /{largest} to /{smallest}.")
    total, usable = 2 ** (32 - prefix), usable_addresses(prefix)
    if prefix == best:
        return True, (
            f"/{prefix} holds {total:,} addresses, {usable:,} usable after the {RESERVED_ADDRESSES_PER_SUBNET} "
            f"AWS keeps: enough for {HOSTS_NEEDED:,}, and /{prefix + 1} would not be."
        )
    if usable < HOSTS_NEEDED <= total:
        return False, (
            f"/{prefix} has {total:,} addresses, but AWS keeps {RESERVED_ADDRESSES_PER_SUBNET} of every "
            f"subnet (the first four and the last), so only {usable:,} are usable: {HOSTS_NEEDED - usable} "
            "short."
        )
    if usable < HOSTS_NEEDED:
        return False, (
            f"/{prefix} has only {total:,} addresses. Each bit fewer in the prefix doubles the block: "
            "count 2 to the power (32 - prefix)."
        )
    return False, (
        f"/{prefix} fits ({usable:,} usable) but is {2 ** (best - prefix)} times the size you need; the "
        "question asks for the smallest subnet that holds them, which keeps room for other subnets."
    )


# ----- 03-repair-shop ----------------------------------------------------------------------------


def broken_shop() -> VPC:
    """A two-AZ shop to repair in exercise 03-repair-shop.

    An ALB in two public subnets sends HTTPS to ``web-a`` and ``web-c`` in private
    subnets. Three things are wrong: the web servers' security group lets
    anyone in on port 80 and on SSH, and both private subnets leave through one
    NAT gateway in ``ap-northeast-2a``.
    """
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    public_a = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    public_c = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}c", name="public-c")
    app_a = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}a", name="app-a")
    app_c = vpc.add_subnet("10.0.32.0/20", az=f"{REGION}c", name="app-c")
    public = vpc.add_route_table("public")
    public.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    for subnet in (public_a, public_c):
        public.associate(subnet)
    private = vpc.add_route_table("private")
    private.add_route("0.0.0.0/0", vpc.add_nat_gateway(public_a, name="nat-a"))
    for subnet in (app_a, app_c):
        private.associate(subnet)
    alb_sg = vpc.add_security_group("alb-sg", description="HTTPS from the internet")
    alb_sg.allow_inbound(443, source="0.0.0.0/0")
    web_sg = vpc.add_security_group("web-sg", description="web servers")
    web_sg.allow_inbound(80, source="0.0.0.0/0")
    web_sg.allow_inbound(_SSH, source="0.0.0.0/0")
    web_a = vpc.add_instance("web-a", app_a, security_groups=[web_sg])
    web_c = vpc.add_instance("web-c", app_c, security_groups=[web_sg])
    alb = vpc.add_load_balancer("alb", subnets=[public_a, public_c], security_groups=[alb_sg])
    alb.add_listener(443, protocol="HTTPS", default=alb.add_target_group("web", port=80, targets=[web_a, web_c]))
    return vpc


def _find(vpc: VPC, name: str, pool: str):
    return next((item for item in getattr(vpc, pool) if item.name == name), None)


def _grade_shop(vpc: VPC) -> tuple[bool, str]:
    alb = _find(vpc, "alb", "load_balancers")
    webs = [_find(vpc, name, "instances") for name in ("web-a", "web-c")]
    if alb is None or None in webs:
        return (
            False,
            "Start from broken_shop() and repair it: the checks look up the load balancer alb and web-a, web-c.",
        )
    if not reachability(vpc, "internet", alb, port=443).reachable:
        return False, (
            "The shop is closed: the internet no longer reaches the load balancer on 443. Repair the web "
            "tier without touching what lets customers in."
        )
    for web in webs:
        for port in (80, _SSH):
            if reachability(vpc, "internet", web, port=port).reachable:
                return False, (
                    f"{web.name} answers the internet directly on port {port}. Web servers belong in private "
                    "subnets behind the load balancer, without a public address."
                )
        for group in web.security_groups:
            if group.evaluate("inbound", protocol="tcp", port=_SSH, address=INTERNET_HOST).allowed:
                return False, (
                    f"Security group {group.name} still lets anyone open SSH (port 22). Nobody needs it: "
                    "Systems Manager Session Manager opens a shell without an inbound port."
                )
            if group.evaluate("inbound", protocol="tcp", port=80, address=INTERNET_HOST).allowed:
                return False, (
                    f"Security group {group.name} allows port 80 from an address block that includes the "
                    "internet. Name the load balancer's security group as the source instead, so only "
                    "the load balancer can reach the web servers."
                )
        node = alb.interfaces[0]
        if not reachability(vpc, node, web, port=80).reachable:
            return False, (
                f"The load balancer can no longer reach {web.name} on port 80: allow port 80 from the "
                "load balancer's security group (a rule that names the group), not from nowhere."
            )
        if not reachability(vpc, web, "internet", port=443).reachable:
            return (
                False,
                f"{web.name} can no longer reach the internet for updates; it still needs a NAT gateway route.",
            )
    for zone in vpc.availability_zones:
        for web in webs:
            if web.az != zone and not reachability(vpc, web, "internet", port=443, failed_azs=[zone]).reachable:
                return False, (
                    f"If {zone} fails, {web.name} in {web.az} loses the internet: its subnet leaves through a "
                    f"NAT gateway in {zone}. One NAT gateway for every AZ is a single point of failure; give "
                    "each AZ its own NAT gateway and route each AZ's private subnet to it."
                )
    return True, (
        "Repaired: only the load balancer reaches the web servers, no SSH from anywhere, and each AZ leaves "
        "through its own NAT gateway, so losing one AZ leaves the other online."
    )


_SHOP_SOLUTION = (
    "alb_sg = shop.get('alb-sg'); web_sg = shop.get('web-sg'); revoke its two 0.0.0.0/0 rules "
    "(web_sg.revoke(rule) for each inbound rule), then web_sg.allow_inbound(80, source=alb_sg); "
    "nat_c = shop.add_nat_gateway(shop.get('public-c'), name='nat-c'); a route table app-c with "
    "0.0.0.0/0 -> nat_c, associated with app-c"
)


# ----- the other exercises -----------------------------------------------------------------------


def _allowed_secondary(primary: str, candidates: tuple[str, ...]) -> str:
    """The one candidate block AWS lets this VPC add (the exercise is built so there is one)."""
    allowed = []
    for candidate in candidates:
        try:
            validate_secondary_cidr(primary, candidate)
        except CidrError:
            continue
        allowed.append(candidate)
    (answer,) = allowed
    return answer


def _nat_routed_subnet_kind() -> str:
    """Whether a subnet whose only internet route goes to a NAT gateway is public or private."""
    vpc = VPC("10.0.0.0/16", name="exercise")
    public = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    app = vpc.add_subnet("10.0.1.0/24", az="az-a", name="app-a")
    vpc.main_route_table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    table = vpc.add_route_table("app")
    table.associate(app)
    table.add_route("0.0.0.0/0", vpc.add_nat_gateway(public))
    return "public" if app.is_public else "private"


def _nat_month(azs: int, gb: float) -> float:
    """A month of one public NAT gateway per AZ processing ``gb`` in all, computed by :func:`network_cost`."""
    vpc = VPC("10.0.0.0/16", name="exercise")
    table = vpc.add_route_table("public")
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    for i in range(azs):
        subnet = vpc.add_subnet(f"10.0.{i}.0/24", az=f"az-{i}")
        table.associate(subnet)
        vpc.add_nat_gateway(subnet)
    return round(network_cost(vpc, nat_gb_per_month=gb).total_usd, 2)


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 03, answers computed by the library."""
    best = _smallest_prefix(HOSTS_NEEDED)
    candidates = ("10.0.0.0/16", "192.168.0.0/16", "172.30.0.0/16", "169.254.0.0/16")
    primary = "172.31.0.0/16"
    ipv6_block = Ipv6Cidr.parse("2001:db8:1234:1a00::/56")
    ipv6_subnets = ipv6_block.subnet_count(IPV6_SUBNET_PREFIX)
    hours = PRICES["hours_per_month"]
    azs, gb = 3, 300
    nat_total = _nat_month(azs, gb)
    ipv4_part = round(azs * hours * PRICES["public_ipv4_usd_per_hour"], 2)
    gb_part = round(gb * PRICES["nat_gateway_usd_per_gb"], 2)
    return (
        GradedExercise(
            id="03-size-for-hosts",
            question=(
                f"Build it: a batch tier runs up to {HOSTS_NEEDED:,} workers in one subnet, one private IPv4 address "
                "each. What is the smallest subnet (the longest prefix) that holds them? Answer with a prefix "
                "such as /24, or check one with cidr.usable_addresses(...) first."
            ),
            answer=f"/{best}",
            explanation=(
                f"A /n subnet holds 2 to the power (32 - n) addresses, and AWS keeps "
                f"{RESERVED_ADDRESSES_PER_SUBNET} of them."
            ),
            hint_text="Find the first block size that is big enough, then remember the reserved addresses.",
            kind="exact",
            grade=_grade_prefix,
            parse=_parse_prefix,
            form=('.check("/24")', "a prefix length such as /24"),
        ),
        GradedExercise(
            id="03-repair-shop",
            question=(
                "Build it: shop = awsbasics.chapters.networking.broken_shop() is a two-AZ shop whose web servers sit "
                "in private subnets behind an ALB. Repair it so that only the load balancer reaches the web servers "
                "(by security group, not by address block), nobody can open SSH, the servers still reach the "
                "internet, and losing either AZ leaves the other AZ's server online. Then .check(shop)."
            ),
            answer=_SHOP_SOLUTION,
            explanation=(
                "reachability() judges the repaired VPC: internet -> ALB open, internet -> web closed, "
                "ALB -> web on 80 open, web -> internet open even with one AZ failed."
            ),
            hint_text=(
                "Three repairs: the web group's two rules from 0.0.0.0/0, its missing rule naming the ALB's "
                "group, and where app-c's 0.0.0.0/0 route goes."
            ),
            kind="exact",
            grade=_grade_shop,
            parse=instance_of(VPC),
            form=(".check(shop)", "the VPC you repaired"),
        ),
        choice(
            "03-secondary-block",
            f"A VPC's primary block is {primary}. Which of these blocks can it add as a secondary block?",
            candidates,
            _allowed_secondary(primary, candidates),
            {
                "10.0.0.0/16": (
                    "10.0.0.0/16 is a private range too, but a VPC whose primary block is in 172.16.0.0/12 "
                    "cannot add blocks from 10.0.0.0/8: AWS restricts mixing the RFC 1918 ranges."
                ),
                "192.168.0.0/16": (
                    "192.168.0.0/16 is private, but AWS restricts it for a VPC whose primary block is in 172.16.0.0/12."
                ),
                "169.254.0.0/16": (
                    "169.254.0.0/16 is link-local: AWS uses it for instance metadata and the Amazon "
                    "DNS server, so no VPC can use it."
                ),
            },
            explanation=(
                "A secondary block must come from a range AWS lets you combine with the primary one; the "
                "same /12 as the primary is fine as long as the blocks do not overlap."
            ),
            hint="Two choices are other private (RFC 1918) ranges, one is where instance metadata lives.",
        ),
        choice(
            "03-nat-subnet",
            (
                "A subnet's route table has the local route and 0.0.0.0/0 -> a NAT gateway (which sits in another, "
                "public subnet). Is this subnet public or private?"
            ),
            ("public", "private"),
            _nat_routed_subnet_kind(),
            {
                "public": (
                    "Its instances can open connections out, but that does not make it public: only a route to an "
                    "internet gateway does, and nothing on the internet can reach these instances."
                )
            },
            explanation=(
                "A subnet is public only when its route table sends traffic to an internet gateway. A route "
                "to a NAT gateway lets instances open connections out, but nothing on the internet can "
                "reach them."
            ),
            hint="Look at the target of the 0.0.0.0/0 route, not at its destination.",
        ),
        number(
            "03-ipv6-subnet-count",
            (
                f"A VPC's Amazon-provided IPv6 block is a /{IPV6_VPC_PREFIX} and each of its subnets gets a "
                f"/{IPV6_SUBNET_PREFIX}. How many dual-stack subnets can the block hold?"
            ),
            ipv6_subnets,
            {
                IPV6_SUBNET_PREFIX - IPV6_VPC_PREFIX: (
                    "That is the number of bits between the two prefixes; each bit "
                    "doubles the count, so raise 2 to that power."
                ),
                ipv6_subnets - RESERVED_ADDRESSES_PER_SUBNET: (
                    "The five reserved addresses are addresses inside each subnet, not subnets of the VPC block."
                ),
                2
                ** (128 - IPV6_SUBNET_PREFIX): "That is how many addresses one /64 subnet holds, not how many subnets.",
            },
            explanation=(
                f"A /{IPV6_VPC_PREFIX} leaves {IPV6_SUBNET_PREFIX - IPV6_VPC_PREFIX} bits before /"
                f"{IPV6_SUBNET_PREFIX}: 2 to that power subnets, each with 2^64 addresses."
            ),
            hint="Subtract the prefixes and raise 2 to the difference.",
        ),
        choice(
            "03-ipv6-route-target",
            (
                "A dual-stack app server in a private subnet must download updates over IPv6 but must never accept a "
                "connection the internet opens. Where should its subnet route ::/0?"
            ),
            ("an internet gateway", "a NAT gateway", "an egress-only internet gateway", "nowhere: IPv6 is private"),
            "an egress-only internet gateway",
            {
                "an internet gateway": (
                    "An IPv6 route to the internet gateway makes the subnet public for IPv6: any "
                    "host on the internet could open connections to its globally unique addresses."
                ),
                "a NAT gateway": (
                    "A NAT gateway translates private IPv4 addresses. IPv6 addresses in a VPC are already "
                    "globally unique, so there is nothing to translate; the outbound-only job falls to "
                    "another gateway."
                ),
                "nowhere: IPv6 is private": (
                    "VPC IPv6 addresses are public (globally unique); without a ::/0 route the "
                    "server cannot reach the internet at all."
                ),
            },
            explanation=(
                "An egress-only internet gateway is stateful: it lets IPv6 connections out and their replies "
                "back, and refuses every connection the internet opens."
            ),
            hint="You want for IPv6 what a NAT gateway gives IPv4, without any address translation.",
        ),
        number(
            "03-nat-monthly-cost",
            (
                f"One public NAT gateway in each of {azs} AZs runs for a {hours}-hour month and they process {gb} GB in "
                "all. What do they cost in us-east-1, counting their hours, the data they process and their public "
                "IPv4 addresses? (USD, to the cent; network_cost() can check a model you build.)"
            ),
            nat_total,
            {
                round(
                    nat_total - gb_part, 2
                ): "You left out the per-GB processing charge: a NAT gateway bills every GB.",
                round(nat_total - ipv4_part, 2): (
                    "You left out the Elastic IPs: since February 2024 every public IPv4 "
                    "address is charged by the hour, a NAT gateway's too."
                ),
                round(nat_total / azs + gb_part * (1 - 1 / azs), 2): (
                    "That is one NAT gateway; with one per AZ the hourly charges multiply, the GB do not."
                ),
            },
            explanation=(
                f"Hours: {azs} x {hours} x ${PRICES['nat_gateway_usd_per_hour']}; data: {gb} GB x "
                f"${PRICES['nat_gateway_usd_per_gb']}; addresses: {azs} x {hours} x "
                f"${PRICES['public_ipv4_usd_per_hour']}."
            ),
            hint="Three lines: gateway-hours, GB processed, public IPv4 address-hours.",
            tolerance=0.01,
        ),
    )
