"""What a network costs: public IPv4 addresses, NAT gateways, and endpoints that avoid them.

Creating a VPC, subnets, route tables and security groups costs nothing.
The bill comes from a few things around them:

- every **public IPv4 address** (auto-assigned, Elastic IP in use or idle, on a
  NAT gateway or a load balancer node) is charged per hour since February
  2024; IPv6 addresses are free;
- a **NAT gateway** is charged per hour it exists *and* per GB it processes;
- a **gateway endpoint** for S3 or DynamoDB is free, so S3 traffic routed
  through one instead of a NAT gateway saves the per-GB charge — the real
  reason to add one.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> public = vpc.add_subnet("10.0.0.0/24", az="az-a")
    >>> vpc.main_route_table.add_route("0.0.0.0/0", vpc.add_internet_gateway()) and None
    >>> _ = vpc.add_nat_gateway(public)
    >>> cost = network_cost(vpc, nat_gb_per_month=100)
    >>> cost.public_ipv4_addresses, round(cost.total_usd, 2)
    (1, 41.0)
    >>> round(s3_through_nat_vs_endpoint(1000).savings_usd, 2)
    45.0

Prices are us-east-1 list prices from ``awsbasics/data/vpc.json``
(``network_prices``): teaching estimates, not a quote.

Sources: https://aws.amazon.com/vpc/pricing/,
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from awsbasics import data
from awsbasics._checks import require_int, require_number
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import VpcError

__all__ = [
    "PRICES",
    "CostLine",
    "NetworkCost",
    "EndpointComparison",
    "network_cost",
    "s3_through_nat_vs_endpoint",
    "reachability_analyzer_cost",
]

PRICES: dict = data.value("vpc", "network_prices")
_HOURS: int = PRICES["hours_per_month"]
_MAX_GB = 1e12  # a petabyte-scale month is 1e6 GB; far beyond that is a typo, not a plan
_COLUMNS = ("item", "quantity", "unit", "usd_per_unit", "usd_per_month")


def _amount(value: object, what: str, *, limit: float = _MAX_GB) -> float:
    try:
        number = require_number(value, what)
    except OverflowError:  # an int beyond any float
        bits = int(math.trunc(value)).bit_length() if isinstance(value, Real) else 0  # only a number overflows
        raise VpcError(f"{what} must be between 0 and {limit:,.0f}, not a {bits:,}-bit number") from None
    if not 0 <= number <= limit:
        raise VpcError(f"{what} {value!r} must be between 0 and {limit:,.0f}")
    return number


@dataclass(frozen=True, slots=True)
class CostLine:
    """One line of a bill: what, how many of which unit, at what price."""

    item: str
    quantity: float
    unit: str
    usd_per_unit: float

    @property
    def usd_per_month(self) -> float:
        return self.quantity * self.usd_per_unit


@dataclass(frozen=True)
class NetworkCost(Rendered):
    """A VPC's monthly network cost by line; ``total_usd`` is their sum."""

    vpc: str
    lines: tuple[CostLine, ...]
    public_ipv4_addresses: int
    nat_gateways: int

    _view_ = "vpc.network_cost_view"

    @property
    def total_usd(self) -> float:
        return sum(line.usd_per_month for line in self.lines)

    def rows(self) -> list[tuple]:
        """(item, quantity, unit, usd_per_unit, usd_per_month) per line."""
        return [
            (line.item, line.quantity, line.unit, line.usd_per_unit, round(line.usd_per_month, 2))
            for line in self.lines
        ]

    def text(self) -> str:
        head = f"Network cost of VPC {self.vpc}: ${self.total_usd:,.2f} a month (us-east-1 list prices)"
        rows = [(i, f"{q:,.0f}", u, f"{p:g}", f"{t:,.2f}") for i, q, u, p, t in self.rows()]
        return head + "\n" + text_table(_COLUMNS, rows)


def network_cost(vpc, *, nat_gb_per_month: float = 0.0, hours: float = _HOURS) -> NetworkCost:
    """The monthly cost of a VPC's public IPv4 addresses and NAT gateways.

    Args:
        vpc: The VPC model.
        nat_gb_per_month: GB the NAT gateways process in the month, all together.
        hours: Hours the resources exist (default: a 730-hour month).

    Counts every interface with a public IPv4 address (instances, NAT
    gateways, internet-facing load balancer nodes) and every Elastic IP not
    associated with one (idle addresses are charged too). Data transfer out
    to the internet is not included.
    """
    if not (hasattr(vpc, "network_interfaces") and hasattr(vpc, "nat_gateways")):
        raise TypeError(f"network_cost() takes a VPC, not {type(vpc).__name__}")
    gb = _amount(nat_gb_per_month, "nat_gb_per_month")
    hours = _amount(hours, "hours", limit=24 * 366)
    attached = sum(1 for i in vpc.network_interfaces if i.public_ip)
    idle = sum(1 for e in vpc.elastic_ips if e.interface is None)
    addresses = attached + idle
    nats = len(vpc.nat_gateways)
    if gb and not nats:
        raise VpcError(f"VPC {vpc.name} has no NAT gateway to process {gb:,.0f} GB")
    lines = (
        CostLine("public IPv4 addresses", addresses * hours, "address-hours", PRICES["public_ipv4_usd_per_hour"]),
        CostLine("NAT gateway hours", nats * hours, "gateway-hours", PRICES["nat_gateway_usd_per_hour"]),
        CostLine("NAT gateway data processed", gb, "GB", PRICES["nat_gateway_usd_per_gb"]),
    )
    return NetworkCost(vpc=vpc.name, lines=lines, public_ipv4_addresses=addresses, nat_gateways=nats)


@dataclass(frozen=True)
class EndpointComparison(Rendered):
    """S3 traffic through a NAT gateway versus through a gateway endpoint, per month."""

    gb_per_month: float
    through_nat_usd: float
    through_endpoint_usd: float

    _view_ = "vpc.endpoint_comparison_view"

    @property
    def savings_usd(self) -> float:
        return self.through_nat_usd - self.through_endpoint_usd

    def rows(self) -> list[tuple]:
        """(path, usd_per_gb, usd_per_month) for the two paths."""
        return [
            ("through a NAT gateway", PRICES["nat_gateway_usd_per_gb"], round(self.through_nat_usd, 2)),
            (
                "through an S3 gateway endpoint",
                PRICES["gateway_endpoint_usd_per_gb"],
                round(self.through_endpoint_usd, 2),
            ),
        ]

    def text(self) -> str:
        return (
            f"{self.gb_per_month:,.0f} GB of S3 traffic a month: ${self.through_nat_usd:,.2f} through a NAT gateway, "
            f"${self.through_endpoint_usd:,.2f} through a gateway endpoint; the endpoint saves "
            f"${self.savings_usd:,.2f} a month"
        )


def s3_through_nat_vs_endpoint(gb_per_month: float) -> EndpointComparison:
    """What ``gb_per_month`` of S3 traffic from private subnets costs through a NAT gateway and through a
    gateway endpoint (free). The NAT gateway's hourly charge is left out: it stays while other traffic needs it.

    >>> s3_through_nat_vs_endpoint(0).savings_usd
    0.0
    """
    gb = _amount(gb_per_month, "gb_per_month")
    return EndpointComparison(
        gb_per_month=gb,
        through_nat_usd=gb * PRICES["nat_gateway_usd_per_gb"],
        through_endpoint_usd=gb * PRICES["gateway_endpoint_usd_per_gb"],
    )


def reachability_analyzer_cost(analyses: int) -> float:
    """What ``analyses`` runs of VPC Reachability Analyzer cost (USD); ``reachability()`` here is free.

    >>> round(reachability_analyzer_cost(30), 2)
    3.0
    """
    analyses = require_int(analyses, "analyses")
    if not 0 <= analyses <= 10**9:
        raise VpcError(f"analyses {analyses} must be between 0 and 1,000,000,000")
    return analyses * PRICES["reachability_analyzer_usd_per_analysis"]
