"""Chapter 03 exercises: CIDR blocks, subnet sizes, reserved addresses, secondary blocks."""

from __future__ import annotations

from awsbasics.errors import CidrError
from awsbasics.exercises import Exercise
from awsbasics.network.cidr import (
    RESERVED_ADDRESSES_PER_SUBNET,
    Cidr,
    reserved_addresses,
    usable_addresses,
    validate_secondary_cidr,
)


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


def exercises() -> tuple[Exercise, ...]:
    """The four exercises of chapter 03 (CIDR part), answers computed by the library."""
    router = next(address for address, purpose in reserved_addresses("10.0.2.0/23") if "router" in purpose)
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
            id="03-split-22",
            question="How many /24 subnets fit in a VPC whose block is 10.0.0.0/22?",
            answer=len(Cidr.parse("10.0.0.0/22").subnets(24)),
            explanation="Each bit added to the prefix halves the block: a /22 holds two /23s, and each /23 two /24s.",
            hint_text="Compare 2 to the power (32 - 22) with 2 to the power (32 - 24).",
            kind="number",
        ),
        Exercise(
            id="03-router-address",
            question="In the subnet 10.0.2.0/23, which address does AWS reserve for the VPC router?",
            answer=router,
            explanation=(
                "The reserved addresses are the network address, the VPC router (+1), the DNS server (+2), "
                "one for future use (+3) and the last address of the block."
            ),
            hint_text="Count from the subnet's first address, 10.0.2.0.",
            kind="exact",
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
    )
