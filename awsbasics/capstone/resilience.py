"""Cost against resilience: the same architecture choices priced and given an availability.

Three choices move both numbers: how many AZs the tiers span, how many NAT
gateways the private subnets share, and whether the database is Multi-AZ.
:func:`availability_model` composes the request path (ALB -> web tier behind its
NAT gateways -> database) with chapter 06's series/parallel arithmetic from
the SLA figures in ``awsbasics/data/capstone.json``; :func:`cost_vs_resilience`
prices the same choices with :func:`~awsbasics.capstone.monthly_estimate`:

    >>> one = cost_vs_resilience(region="us-east-1", nat_gateways=1, multi_az=False, azs=2)
    >>> three = cost_vs_resilience(region="us-east-1", nat_gateways=3, multi_az=True, azs=3)
    >>> three.monthly_usd > one.monthly_usd and three.availability > one.availability
    True

Resources in an AZ without its own NAT gateway route through another AZ's, so
that NAT gateway is in series with all of them: one NAT gateway is a single
point of failure for every AZ. Failures are assumed independent (chapter 06).

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html ,
https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/availability.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.capstone.architecture import GAME_DAY, SETTINGS
from awsbasics.capstone.estimate import REGIONS, Estimate, monthly_estimate
from awsbasics.errors import EstimateError
from awsbasics.ha import Component, Series, parallel, series

__all__ = [
    "SLA",
    "NAT_AVAILABILITY",
    "USAGE",
    "CostResilience",
    "availability_model",
    "cost_vs_resilience",
    "estimate_for",
]

SLA: dict[str, float] = {row[0]: row[1] for row in data.fact("capstone", "sla_availability")["rows"]}
NAT_AVAILABILITY: float = data.value("capstone", "nat_gateway_availability")
USAGE: dict = data.value("capstone", "usage")
_MAX_AZS = 6


def _choices(azs: object, nat_gateways: object, multi_az: object) -> tuple[int, int, bool]:
    azs = require_int(azs, "azs")
    if not 2 <= azs <= _MAX_AZS:
        raise EstimateError(f"azs={azs}: the service spans 2 to {_MAX_AZS} AZs (an ALB needs at least 2)")
    nat_gateways = require_int(nat_gateways, "nat_gateways")
    if not 1 <= nat_gateways <= azs:
        raise EstimateError(
            f"nat_gateways={nat_gateways}: 1 to {azs}; the web tier reaches SNS through a NAT gateway, "
            "at most one in each AZ"
        )
    if not isinstance(multi_az, bool):
        raise TypeError(f"multi_az must be True or False, not {type(multi_az).__name__}")
    return azs, nat_gateways, multi_az


def availability_model(*, azs: int, nat_gateways: int, multi_az: bool) -> Series:
    """The request path as chapter 06 composes it: ALB, web tier with its NAT gateways, database.

    >>> round(availability_model(azs=3, nat_gateways=3, multi_az=True).availability, 5)
    0.9994

    Raises:
        EstimateError: AZs outside 2-6, NAT gateways outside 1-azs.
        TypeError: arguments of the wrong kind.
    """
    azs, nat_gateways, multi_az = _choices(azs, nat_gateways, multi_az)
    alb = Component("ALB across AZs", SLA["Load balancer across two or more AZs"])
    instance = Component("web instance", SLA["EC2 instance"])
    groups = []
    for k in range(nat_gateways):
        served = sum(1 for i in range(azs) if i % nat_gateways == k)
        copies = parallel(*([instance] * served))
        groups.append(series(Component(f"NAT gateway {k + 1}", NAT_AVAILABILITY), copies))
    web = parallel(*groups)
    key = "RDS Multi-AZ DB instance" if multi_az else "RDS Single-AZ DB instance"
    database = Component(key, SLA[key])
    return series(alb, web, database)


def estimate_for(*, region: str, azs: int, nat_gateways: int, multi_az: bool, purchase: str = "on-demand") -> Estimate:
    """The month of the image service with these choices, from :data:`USAGE` and the sourced prices."""
    per_az_web, per_az_workers = GAME_DAY["web_instances_per_az"], GAME_DAY["worker_instances_per_az"]
    return monthly_estimate(
        region=region,
        azs=azs,
        nat_gateways=nat_gateways,
        web_instance_type=SETTINGS["instance_type"],
        web_instances=per_az_web * azs,
        worker_instance_type=SETTINGS["instance_type"],
        worker_instances=per_az_workers * azs,
        purchase=purchase,
        alb_lcus_per_hour=USAGE["alb_lcus_per_hour"],
        nat_processed_gb=USAGE["nat_processed_gb"],
        rds_multi_az=multi_az,
        rds_storage_gb=USAGE["rds_storage_gb"],
        s3_gb=USAGE["s3_gb"],
        cloudfront_gb_out=USAGE["cloudfront_gb_out"],
        cloudfront_requests=USAGE["cloudfront_requests"],
        sqs_requests=USAGE["sqs_requests"],
        inter_az_gb=USAGE["inter_az_gb"],
    )


@dataclass(frozen=True, slots=True, eq=False)
class CostResilience(Rendered):
    """One set of choices with both of its numbers: monthly USD and computed availability."""

    region: str
    azs: int
    nat_gateways: int
    multi_az: bool
    estimate: Estimate
    model: Series

    _view_ = "capstone.cost_resilience_view"

    @property
    def monthly_usd(self) -> float:
        return self.estimate.total_usd

    @property
    def availability(self) -> float:
        return self.model.availability

    @property
    def downtime_minutes_per_month(self) -> float:
        return self.model.downtime.minutes_per_month

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("Region", self.region),
            ("AZs", str(self.azs)),
            ("NAT gateways", str(self.nat_gateways)),
            ("database", "Multi-AZ" if self.multi_az else "Single-AZ"),
            ("monthly_usd", f"{self.monthly_usd:,.2f}"),
            ("availability_pct", f"{100 * self.availability:.4f}"),
            ("downtime_minutes_per_month", f"{self.downtime_minutes_per_month:,.1f}"),
        ]

    @property
    def verdict(self) -> str:
        return (
            f"{self.azs} AZs, {self.nat_gateways} NAT gateway(s), {'Multi-AZ' if self.multi_az else 'Single-AZ'} "
            f"database in {self.region}: ${self.monthly_usd:,.2f} a month, {100 * self.availability:.4f}% available "
            f"({self.downtime_minutes_per_month:,.1f} min of downtime a month)"
        )

    def text(self) -> str:
        tail = ("\nNot priced: " + "; ".join(self.estimate.unpriced)) if self.estimate.unpriced else ""
        return self.verdict + "\n" + text_table(["measure", "value"], self.rows()) + tail

    def __repr__(self) -> str:
        return self.verdict


def cost_vs_resilience(*, region: str, nat_gateways: int, multi_az: bool, azs: int) -> CostResilience:
    """Monthly USD (from :func:`monthly_estimate`) and availability (chapter 06) for the same choices.

    Raises:
        EstimateError: a Region without sourced prices, AZs outside 2-6 or beyond the Region's,
            NAT gateways outside 1-azs.
        TypeError: arguments of the wrong kind.
    """
    region = require_str(region, "region")
    if region not in REGIONS:
        raise EstimateError(f"region {region[:40]!r} has no sourced prices here: use one of {', '.join(REGIONS)}")
    azs, nat_gateways, multi_az = _choices(azs, nat_gateways, multi_az)
    model = availability_model(azs=azs, nat_gateways=nat_gateways, multi_az=multi_az)
    estimate = estimate_for(region=region, azs=azs, nat_gateways=nat_gateways, multi_az=multi_az)
    return CostResilience(region, azs, nat_gateways, multi_az, estimate, model)
