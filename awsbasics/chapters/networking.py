"""Chapter 03 exercises: subnet sizes, secondary blocks, public subnets, and a blocked reply."""

from __future__ import annotations

from awsbasics.errors import CidrError
from awsbasics.chapters.exercise import Exercise
from awsbasics.network.cidr import (
    RESERVED_ADDRESSES_PER_SUBNET,
    usable_addresses,
    validate_secondary_cidr,
)
from awsbasics.network.reachability import reachability
from awsbasics.network.security import EPHEMERAL_PORTS
from awsbasics.network.vpc import VPC


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


_WEB_ONLY_RULES = "inbound rule 100 allows TCP 80 from 0.0.0.0/0 and outbound rule 100 allows TCP 80 to 0.0.0.0/0"


def _web_only_nacl_reason() -> str:
    """The reason code for a web server whose subnet's network ACL opens only port 80 both ways."""
    vpc = VPC("10.0.0.0/16", name="exercise")
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    vpc.main_route_table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    group = vpc.add_security_group("web")
    group.allow_inbound(80, source="0.0.0.0/0")
    web = vpc.add_instance("web", subnet, security_groups=[group], public_ip=True)
    acl = vpc.add_network_acl("web-only")
    acl.allow(100, direction="inbound", ports=80)
    acl.allow(100, direction="outbound", ports=80)
    acl.associate(subnet)
    return reachability(vpc, "internet", web, port=80).reason


def exercises() -> tuple[Exercise, ...]:
    """The four exercises of chapter 03, answers computed by the library."""
    codes = ("SG_INBOUND_DENIED", "NACL_DENY", "NACL_RETURN_DENIED", "NO_ROUTE")
    candidates = ("192.168.0.0/16", "172.16.0.0/16", "100.64.0.0/16", "169.254.0.0/16")
    return (
        Exercise(
            id="03-usable-28",
            question="How many addresses of a /28 subnet can you give to instances?",
            answer=usable_addresses(28),
            explanation=(
                f"AWS reserves {RESERVED_ADDRESSES_PER_SUBNET} addresses in every subnet: the first four "
                "and the last. Count the addresses of the block, then take the reserved ones away."
            ),
            hint_text="A /28 keeps 32 - 28 = 4 bits for hosts: 2 to the power 4 addresses.",
            kind="number",
        ),
        Exercise(
            id="03-secondary-block",
            question="A VPC's primary block is 10.0.0.0/16. Which of these blocks can it add as a secondary block?",
            answer=_allowed_secondary("10.0.0.0/16", candidates),
            choices=candidates,
            explanation=(
                "A VPC whose primary block is in 10.0.0.0/8 cannot add blocks from the other private (RFC 1918) "
                "ranges, and no VPC can use the link-local range; blocks from 100.64.0.0/10 are allowed."
            ),
            hint_text="Two choices are other private ranges, one is where instance metadata lives.",
            kind="choice",
        ),
        Exercise(
            id="03-nat-subnet",
            question=(
                "A subnet's route table has the local route and 0.0.0.0/0 -> a NAT gateway (which sits in another, "
                "public subnet). Is this subnet public or private?"
            ),
            answer=_nat_routed_subnet_kind(),
            choices=("public", "private"),
            explanation=(
                "A subnet is public only when its route table sends traffic to an internet gateway. A route to a "
                "NAT gateway lets instances open connections out, but nothing on the internet can reach them."
            ),
            hint_text="Look at the target of the 0.0.0.0/0 route, not at its destination.",
            kind="choice",
        ),
        Exercise(
            id="03-nacl-reply",
            question=(
                "A web server has a public address and a security group that allows TCP 80 from anywhere. Its "
                f"subnet's network ACL: {_WEB_ONLY_RULES}; nothing else. Which reason code does reachability() "
                "give for internet -> web server on port 80?"
            ),
            answer=_web_only_nacl_reason(),
            choices=codes,
            explanation=(
                "Network ACLs are stateless: the reply leaves the subnet towards the client's ephemeral port "
                f"({EPHEMERAL_PORTS[0]}-{EPHEMERAL_PORTS[1]}), not port 80, so it needs an outbound rule of its own. "
                "Security groups are stateful and let the reply out."
            ),
            hint_text="The request gets in. Which port does the reply go to?",
            kind="choice",
        ),
    )
