"""What the capstone architecture costs a month, line by line, from sourced prices.

:func:`monthly_estimate` prices a whole three-tier architecture described by
plain keyword arguments, in ``us-east-1`` or ``ap-northeast-2``, with the
Region's prices from :mod:`~awsbasics.capstone.prices` and the ALB's LCUs from
:mod:`~awsbasics.capstone.lcu`:

    >>> est = monthly_estimate(region="us-east-1", web_instance_type="m5.large", worker_instance_type="m5.large")
    >>> est.line("Elastic Load Balancing", "ALB hours").monthly_usd
    16.425
    >>> round(est.total_usd, 2) > 0
    True

A month is 730 hours, the month AWS's pricing calculator uses (data file
``ec2.json``, ``hours_per_month``). Prices are list prices read from the
sources named in ``awsbasics/data/pricing.json`` and the data files it refers
to: teaching estimates, not a quote. Where no price could be read for a Region,
the line is left out and named in :attr:`Estimate.unpriced` instead of guessed.

Sources: https://aws.amazon.com/elasticloadbalancing/pricing/ ,
https://docs.aws.amazon.com/pricing-calculator/latest/userguide/what-is-pricing-calculator.html
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.capstone.lcu import MAX_RATE, AlbLcus, _amount, _choice, _count, _flag, _viewer_amounts
from awsbasics.capstone.prices import (
    ALB_MIN_AZS,
    AZ_COUNTS,
    CLOUDFRONT_FREE,
    FIRST_TIER_GB,
    FREE_EGRESS_GB,
    HOURS_PER_MONTH,
    LAMBDA_FREE_TIER,
    REGIONS,
    VIEWER,
    _alb,
    _instance_types,
    _lambda_prices,
    _network_prices,
    _on_demand_usd,
    _rds_instance_usd,
    _rds_storage_usd,
    _s3_usd_per_gb,
    _savings_plan_usd,
    _sqs_prices,
    _storage_classes,
    _transfer_prices,
    _unverified,
)
from awsbasics.errors import EstimateError

__all__ = ["Estimate", "LineItem", "monthly_estimate"]

# This library's bounds, not AWS facts: far past any teaching architecture, so a typo is refused.
MAX_INSTANCES = 10_000
MAX_GB = 1e9
MAX_REQUESTS = 10**13
_COLUMNS = ("service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd")
_RDS_CLASS = "db.m7g.large"
UNVERIFIED_NOTE = "unverified: read on a secondary page, not the AWS pricing page (the data file's note names it)"


@dataclass(frozen=True, slots=True)
class LineItem:
    """One line of a monthly bill; ``verified`` is False when its unit price was read only on a secondary page."""

    service: str
    item: str
    quantity: float
    unit: str
    unit_price_usd: float
    verified: bool = True

    @property
    def monthly_usd(self) -> float:
        return round(self.quantity * self.unit_price_usd, 6)


@dataclass(frozen=True, slots=True)
class Estimate(Rendered):
    """A month of the architecture's charges in one Region; ``unpriced`` names what no source priced."""

    region: str
    lines: tuple[LineItem, ...]
    unpriced: tuple[str, ...]

    _view_ = "capstone.estimate_view"

    @property
    def total_usd(self) -> float:
        return round(sum(line.monthly_usd for line in self.lines), 6)

    @property
    def unverified_note(self) -> str:
        """What the ``*`` beside a unit price means."""
        return UNVERIFIED_NOTE

    @property
    def unverified(self) -> tuple[LineItem, ...]:
        """The lines whose unit price no primary source confirmed (their data notes say where it was read)."""
        return tuple(line for line in self.lines if not line.verified)

    def line(self, service: str, item: str) -> LineItem:
        """The line for ``service`` and ``item``; KeyError if the estimate has none."""
        for found in self.lines:
            if found.service == service and found.item == item:
                return found
        raise KeyError(f"no line {service!r} / {item!r} in this estimate")

    def by_service(self) -> dict[str, float]:
        """Monthly USD per service, in the order the lines appear."""
        totals: dict[str, float] = {}
        for line in self.lines:
            totals[line.service] = round(totals.get(line.service, 0.0) + line.monthly_usd, 6)
        return totals

    def rows(self) -> list[tuple[str, str, float, str, float, float]]:
        return [
            (line.service, line.item, line.quantity, line.unit, line.unit_price_usd, line.monthly_usd)
            for line in self.lines
        ]

    def shown_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """:meth:`rows` as text for a table: amounts rounded, an unverified unit price marked ``*``."""
        return [
            (s, i, f"{q:,.6g}", u, f"{p:g}" + ("" if line.verified else " *"), f"{m:,.2f}")
            for (s, i, q, u, p, m), line in zip(self.rows(), self.lines)
        ]

    def table(self) -> Any:
        """The lines as a DataFrame: service, item, quantity, unit, unit_price_usd, monthly_usd."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(_COLUMNS))

    def text(self) -> str:
        head = f"Monthly estimate in {self.region}: ${self.total_usd:,.2f} ({HOURS_PER_MONTH}-hour month, list prices)"
        body = text_table(_COLUMNS, self.shown_rows())
        tail = f"\n* {UNVERIFIED_NOTE}" if self.unverified else ""
        if self.unpriced:
            tail += "\nNot priced (no sourced price for this Region): " + "; ".join(self.unpriced)
        return f"{head}\n{body}{tail}"

    def figure(self) -> Any:
        """A bar chart of the monthly cost per service."""
        return view("capstone.estimate_figure")(self)

    def __repr__(self) -> str:
        return self.text()


class _Bill:
    """The lines and the unpriced items of one Region's month, as they are added."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.lines: list[LineItem] = []
        self.unpriced: list[str] = []

    def add(
        self,
        service: str,
        item: str,
        quantity: float,
        unit: str,
        rate: float | None,
        missing: str = "",
        *,
        unverified: bool = False,
    ) -> None:
        """A line at ``rate``, or ``missing`` named as unpriced when no source gave the rate."""
        if rate is not None:
            self.lines.append(LineItem(service, item, quantity, unit, rate, verified=not unverified))
        elif missing:
            self.unpriced.append(missing)
        else:  # every Region the estimate accepts has this price: its absence is a data error
            raise LookupError(f"the price data has no {service} {item!r} rate for {self.region}")

    def estimate(self) -> Estimate:
        return Estimate(self.region, tuple(self.lines), tuple(self.unpriced))


def _price_network(bill: _Bill, nat_gateways: int, nat_gb: float, addresses: int) -> None:
    network = _network_prices(bill.region) or {}
    hours = HOURS_PER_MONTH
    if nat_gateways:
        hourly, per_gb = network.get("nat_gateway_usd_per_hour"), network.get("nat_gateway_usd_per_gb")
        if hourly is None or (nat_gb and per_gb is None):
            bill.unpriced.append(f"NAT gateway hours and data processed ({nat_gateways} gateways)")
        else:
            bill.add(
                "Amazon VPC",
                "NAT gateway hours",
                nat_gateways * hours,
                "gateway-hours",
                hourly,
                unverified=_unverified("vpc", "network_prices", bill.region, "nat_gateway_usd_per_hour"),
            )
            if nat_gb:
                bill.add(
                    "Amazon VPC",
                    "NAT gateway data processed",
                    nat_gb,
                    "GB",
                    per_gb,
                    unverified=_unverified("vpc", "network_prices", bill.region, "nat_gateway_usd_per_gb"),
                )
    if addresses:
        bill.add(
            "Amazon VPC",
            "public IPv4 addresses",
            addresses * hours,
            "address-hours",
            network.get("public_ipv4_usd_per_hour"),
            f"public IPv4 addresses ({addresses})",
            unverified=_unverified("vpc", "network_prices", bill.region, "public_ipv4_usd_per_hour"),
        )
    bill.add("Amazon VPC", "S3 gateway endpoint", 1, "endpoint", data.value("pricing", "s3_gateway_endpoint"))


def _price_ec2(bill: _Bill, tiers: Iterable[tuple[str, str, int]], purchase: str) -> None:
    for tier, instance_type, count in tiers:
        if not count:
            continue
        if purchase == "on-demand":
            rate, label = _on_demand_usd(instance_type, bill.region), "On-Demand"
            doubtful = _unverified("ec2", "current_generation_prices", bill.region, instance_type)
        else:
            rate, label = _savings_plan_usd(instance_type, bill.region), "Compute Savings Plan, 1 year, No Upfront"
            doubtful = _unverified("pricing", "ec2_savings_plan_rates", bill.region, instance_type)
        bill.add(
            "Amazon EC2",
            f"{tier} tier {instance_type} ({label})",
            count * HOURS_PER_MONTH,
            "instance-hours",
            rate,
            f"EC2 {tier} tier: {count} x {instance_type} ({label})",
            unverified=doubtful,
        )


def _price_rds(bill: _Bill, multi_az: bool, storage_gb: float) -> None:
    deployment = "Multi-AZ" if multi_az else "Single-AZ"
    bill.add(
        "Amazon RDS",
        f"{_RDS_CLASS} PostgreSQL {deployment}",
        HOURS_PER_MONTH,
        "instance-hours",
        _rds_instance_usd(_RDS_CLASS, deployment, bill.region),
        f"RDS for PostgreSQL {_RDS_CLASS} {deployment} instance",
        unverified=_unverified("pricing", "rds_postgresql_instance_prices", bill.region, deployment),
    )
    if storage_gb:
        bill.add(
            "Amazon RDS",
            f"gp3 storage {deployment}",
            storage_gb,
            "GB-months",
            _rds_storage_usd(deployment, bill.region),
            f"RDS gp3 storage {deployment} ({storage_gb:,.6g} GB)",
            unverified=_unverified("pricing", "rds_gp3_storage_prices", bill.region, deployment),
        )


def _price_cloudfront(bill: _Bill, gb_out: dict[str, float], requests: dict[str, float]) -> None:
    # The always-free allowance is shared by all locations; spread it in proportion to use.
    total_gb, total_requests = sum(gb_out.values()), sum(requests.values())
    gb_share = max(0.0, 1 - CLOUDFRONT_FREE["free_data_transfer_gb_per_month"] / total_gb) if total_gb else 0.0
    request_share = max(0.0, 1 - CLOUDFRONT_FREE["free_requests_per_month"] / total_requests) if total_requests else 0.0
    for location, gb in gb_out.items():
        if gb:
            price = VIEWER[location]["usd_per_gb_first_10tb"]
            bill.add(
                "Amazon CloudFront",
                f"data out, {location}",
                gb * gb_share,
                "GB past the free tier",
                price,
                unverified=_unverified("pricing", "cloudfront_viewer_prices", "usd_per_gb_first_10tb", location),
            )
    for location, count in requests.items():
        if count:
            bill.add(
                "Amazon CloudFront",
                f"HTTPS requests, {location}",
                count * request_share / 10_000,
                "10,000 requests past the free tier",
                VIEWER[location]["https_usd_per_10k"],
                unverified=_unverified("pricing", "cloudfront_viewer_prices", "https_usd_per_10k", location),
            )


def _price_queue_and_functions(bill: _Bill, sqs: int, lambda_calls: int, lambda_gbs: float, architecture: str) -> None:
    sqs_prices = _sqs_prices(bill.region)
    if sqs:
        bill.add(
            "Amazon SQS",
            "standard queue requests",
            max(0, sqs - sqs_prices["free_requests_per_month"]) / 1e6 if sqs_prices else 0.0,
            "million requests past the free tier",
            sqs_prices["standard_usd_per_million"] if sqs_prices else None,
            f"SQS requests: {sqs:,.6g}",
        )
    lambda_prices = _lambda_prices(bill.region)
    if lambda_calls:
        bill.add(
            "AWS Lambda",
            "requests",
            max(0, lambda_calls - LAMBDA_FREE_TIER["requests"]) / 1e6,
            "million requests past the free tier",
            lambda_prices["request_usd_per_million"] if lambda_prices else None,
            f"Lambda requests: {lambda_calls:,.6g}",
            unverified=_lambda_unverified(bill.region, "request_usd_per_million"),
        )
    if lambda_gbs:
        bill.add(
            "AWS Lambda",
            f"duration ({architecture})",
            max(0.0, lambda_gbs - LAMBDA_FREE_TIER["gb_seconds"]),
            "GB-seconds past the free tier",
            lambda_prices[f"{architecture}_usd_per_gb_second"] if lambda_prices else None,
            f"Lambda GB-seconds: {lambda_gbs:,.6g}",
            unverified=_lambda_unverified(bill.region, f"{architecture}_usd_per_gb_second"),
        )


def _lambda_unverified(region: str, name: str) -> bool:
    return any(_unverified(file, "lambda_prices", region, name) for file in ("microservices", "pricing"))


def _price_transfer(bill: _Bill, egress: float, inter_az: float) -> None:
    transfer = _transfer_prices(bill.region) or {}
    if egress:
        bill.add(
            "Data transfer",
            "out to the internet",
            max(0.0, egress - FREE_EGRESS_GB),
            f"GB past the free {FREE_EGRESS_GB:g} GB",
            transfer.get("internet_out_usd_per_gb_first_10tb"),
            f"data transfer out to the internet (GB): {egress:,.6g}",
            unverified=_unverified(
                "pricing", "data_transfer_prices", bill.region, "internet_out_usd_per_gb_first_10tb"
            ),
        )
    if inter_az:
        bill.add(
            "Data transfer",
            "between AZs (out of one, into the other)",
            2 * inter_az,
            "GB-crossings",
            transfer.get("inter_az_usd_per_gb_each_direction"),
            f"data transfer between AZs (GB): {inter_az:,.6g}",
            unverified=_unverified(
                "pricing", "data_transfer_prices", bill.region, "inter_az_usd_per_gb_each_direction"
            ),
        )


def monthly_estimate(
    *,
    region: str,
    azs: int = 3,
    nat_gateways: int = 3,
    web_instance_type: str = "m7g.large",
    web_instances: int = 3,
    worker_instance_type: str = "m7g.large",
    worker_instances: int = 2,
    purchase: str = "on-demand",
    alb_lcus_per_hour: float | AlbLcus = 1.0,
    nat_processed_gb: float = 0.0,
    rds_multi_az: bool = True,
    rds_storage_gb: float = 100.0,
    s3_gb: float = 500.0,
    s3_storage_class: str = "STANDARD",
    cloudfront_gb_out: Mapping[str, float] | None = None,
    cloudfront_requests: Mapping[str, int] | None = None,
    sqs_requests: int = 0,
    lambda_requests: int = 0,
    lambda_gb_seconds: float = 0.0,
    lambda_architecture: str = "arm64",
    internet_egress_gb: float = 0.0,
    inter_az_gb: float = 0.0,
    public_ipv4_addresses: int | None = None,
) -> Estimate:
    """A month of the three-tier architecture's charges in ``region``, line by line.

    Args:
        region: ``"us-east-1"`` or ``"ap-northeast-2"``.
        azs: Availability Zones the VPC spans (an ALB needs 2 or more).
        nat_gateways: NAT gateways (the model places at most one per AZ).
        web_instance_type, web_instances, worker_instance_type, worker_instances: the EC2 tiers,
            running all month.
        purchase: ``"on-demand"`` or ``"savings-plan"`` (1-year No Upfront Compute Savings Plan).
        alb_lcus_per_hour: average LCUs an hour (a number, or an :class:`~awsbasics.capstone.AlbLcus`).
        nat_processed_gb: GB all NAT gateways process in the month.
        rds_multi_az: a Multi-AZ DB instance (one standby) instead of Single-AZ; db.m7g.large, PostgreSQL.
        rds_storage_gb, s3_gb, s3_storage_class: storage provisioned (RDS gp3) and stored (S3).
        cloudfront_gb_out, cloudfront_requests: per viewer location (``VIEWER_LOCATIONS``);
            CloudFront is priced by where the viewers are, not by Region.
        sqs_requests, lambda_requests, lambda_gb_seconds, lambda_architecture: the queue and functions.
        internet_egress_gb: GB sent from the Region to the internet (not through CloudFront).
        inter_az_gb: GB that cross between AZs in the Region (charged leaving one and entering the other).
        public_ipv4_addresses: public IPv4 addresses held all month (default: one per AZ for the
            ALB plus one per NAT gateway).

    >>> est = monthly_estimate(region="ap-northeast-2", web_instances=0, worker_instances=0)
    >>> est.unpriced    # no Seoul price for a Multi-AZ db.m7g.large was read
    ('RDS for PostgreSQL db.m7g.large Multi-AZ instance',)

    Raises:
        EstimateError: an unknown Region, instance type, storage class or viewer location; a count
            or amount out of range; a Multi-AZ database or an ALB over fewer than 2 AZs.
        TypeError: an argument of the wrong kind.
    """
    region = _choice(region, "region", REGIONS)
    azs = _count(
        azs,
        "azs",
        ALB_MIN_AZS,
        AZ_COUNTS[region],
        f"an ALB spans at least {ALB_MIN_AZS} AZs and {region} has {AZ_COUNTS[region]}",
    )
    nat_gateways = _count(nat_gateways, "nat_gateways", 0, azs, f"NAT gateways, at most one in each of the {azs} AZs")
    web_type = _choice(web_instance_type, "web_instance_type", _instance_types())
    worker_type = _choice(worker_instance_type, "worker_instance_type", _instance_types())
    web = _count(web_instances, "web_instances", 0, MAX_INSTANCES, "instances in the web tier")
    workers = _count(worker_instances, "worker_instances", 0, MAX_INSTANCES, "instances in the worker tier")
    purchase = _choice(purchase, "purchase", ("on-demand", "savings-plan"))
    if isinstance(alb_lcus_per_hour, AlbLcus):
        lcus = alb_lcus_per_hour.lcus
    else:
        lcus = _amount(alb_lcus_per_hour, "alb_lcus_per_hour", MAX_RATE)
    nat_gb = _amount(nat_processed_gb, "nat_processed_gb", MAX_GB)
    if nat_gb and not nat_gateways:
        raise EstimateError(f"nat_processed_gb={nat_gb:g} with no NAT gateway to process it")
    multi_az = _flag(rds_multi_az, "rds_multi_az")
    rds_gb = _amount(rds_storage_gb, "rds_storage_gb", MAX_GB)
    s3_amount = _amount(s3_gb, "s3_gb", MAX_GB)
    s3_class = _choice(s3_storage_class, "s3_storage_class", _storage_classes())
    cf_gb = _viewer_amounts(
        {} if cloudfront_gb_out is None else cloudfront_gb_out,
        "cloudfront_gb_out",
        integers=False,
        limit=FIRST_TIER_GB,
    )
    cf_requests = _viewer_amounts(
        {} if cloudfront_requests is None else cloudfront_requests,
        "cloudfront_requests",
        integers=True,
        limit=MAX_REQUESTS,
    )
    sqs = _count(sqs_requests, "sqs_requests", 0, MAX_REQUESTS, "SQS requests in a month")
    lambda_calls = _count(lambda_requests, "lambda_requests", 0, MAX_REQUESTS, "Lambda requests in a month")
    lambda_gbs = _amount(lambda_gb_seconds, "lambda_gb_seconds", MAX_GB * 1000)
    architecture = _choice(lambda_architecture, "lambda_architecture", ("arm64", "x86_64"))
    egress = _amount(internet_egress_gb, "internet_egress_gb", FIRST_TIER_GB + FREE_EGRESS_GB)
    inter_az = _amount(inter_az_gb, "inter_az_gb", MAX_GB)
    if public_ipv4_addresses is None:
        addresses = azs + nat_gateways
    else:
        addresses = _count(public_ipv4_addresses, "public_ipv4_addresses", 0, MAX_INSTANCES, "public IPv4 addresses")

    bill = _Bill(region)
    alb = _alb(region) or {}
    hours = HOURS_PER_MONTH
    bill.add(
        "Elastic Load Balancing",
        "ALB hours",
        hours,
        "load balancer-hours",
        alb.get("usd_per_hour"),
        "ALB hours",
        unverified=_unverified("pricing", "alb_prices", region, "usd_per_hour"),
    )
    bill.add(
        "Elastic Load Balancing",
        "ALB LCU-hours",
        lcus * hours,
        "LCU-hours",
        alb.get("usd_per_lcu_hour"),
        f"ALB LCU-hours ({lcus * hours:,.6g})",
        unverified=_unverified("pricing", "alb_prices", region, "usd_per_lcu_hour"),
    )
    _price_network(bill, nat_gateways, nat_gb, addresses)
    _price_ec2(bill, (("web", web_type, web), ("worker", worker_type, workers)), purchase)
    _price_rds(bill, multi_az, rds_gb)
    if s3_amount:
        rate = round(_s3_usd_per_gb(s3_class, region, s3_amount), 9)
        bill.add(
            "Amazon S3",
            f"{s3_class} storage",
            s3_amount,
            "GB-months",
            rate,
            unverified=_unverified("s3", "storage_prices", region, s3_class),
        )
    _price_cloudfront(bill, cf_gb, cf_requests)
    _price_queue_and_functions(bill, sqs, lambda_calls, lambda_gbs, architecture)
    _price_transfer(bill, egress, inter_az)
    return bill.estimate()
