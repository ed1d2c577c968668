"""What the capstone architecture costs a month, line by line, from sourced prices.

An Application Load Balancer bills each hour it runs plus LCU-hours, where one
hour's LCUs are the largest of four dimensions (:func:`alb_lcus`).
:func:`monthly_estimate` prices a whole three-tier architecture described by
plain keyword arguments, in ``us-east-1`` or ``ap-northeast-2``:

    >>> alb_lcus(new_connections_per_s=50, active_connections_per_min=3_000,
    ...          processed_gb_per_hour=0.5, rule_evaluations_per_s=0, rules=0).lcus
    2.0
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

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_real, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import EstimateError

__all__ = [
    "HOURS_PER_MONTH",
    "LCU_DIMENSIONS",
    "REGIONS",
    "VIEWER_LOCATIONS",
    "AlbLcus",
    "Estimate",
    "LineItem",
    "alb_lcus",
    "monthly_estimate",
]

# The 730-hour month of AWS's pricing calculator (ec2.json hours_per_month cites it).
HOURS_PER_MONTH: int = data.value("ec2", "hours_per_month")
LCU_DIMENSIONS: dict = data.value("pricing", "alb_lcu_dimensions")
_CLOUDFRONT_FREE: dict = data.value("caching", "cloudfront_pricing")
_CLOUDFRONT = data.fact("pricing", "cloudfront_viewer_prices")
_VIEWER = {row[0]: dict(zip(_CLOUDFRONT["columns"], row)) for row in _CLOUDFRONT["rows"]}
VIEWER_LOCATIONS: tuple[str, ...] = tuple(_VIEWER)
# The Regions this estimate has sourced prices for; others are refused, not guessed.
REGIONS: tuple[str, ...] = ("us-east-1", "ap-northeast-2")
_AZ_COUNTS = {row[0]: row[6] for row in data.fact("infra", "regions")["rows"]}
_ALB_MIN_AZS: int = data.value("vpc", "alb_min_azs")
_TB_GB: int = data.fact("s3", "standard_price_tiers")["tb_gb"]
_FIRST_TIER_GB = 10 * _TB_GB  # data transfer and CloudFront are priced here in their first 10 TB tier only

# This library's bounds, not AWS facts: far past any teaching architecture, so a typo is refused.
MAX_INSTANCES = 10_000
MAX_GB = 1e9
MAX_REQUESTS = 10**13
MAX_RATE = 1e9
MAX_RULES = 10_000
_COLUMNS = ("service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd")


def _table(file: str, key: str) -> list[dict]:
    fact = data.fact(file, key)
    return [dict(zip(fact["columns"], row)) for row in fact["rows"]]


def _amount(value: object, what: str, limit: float = MAX_GB) -> float:
    number = require_real(value, what, error=EstimateError)
    if not 0 <= number <= limit:
        raise EstimateError(f"{what}={value!r}: give an amount from 0 to {limit:,.0f}")
    return number


def _count(value: object, what: str, low: int, high: int, rule: str) -> int:
    number = require_int(value, what)
    if not low <= number <= high:
        shown = f"(an int of {number.bit_length():,} bits)" if number.bit_length() > 64 else str(number)
        raise EstimateError(f"{what}={shown}: {rule} ({low:,} to {high:,})")
    return number


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be bool, not {type(value).__name__}")
    return value


def _choice(value: object, what: str, options) -> str:
    text = require_str(value, what)
    if text not in options:
        close = difflib.get_close_matches(text[:100], list(options), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise EstimateError(f"{what} {text[:40]!r} has no sourced price here: use one of {', '.join(options)}{hint}")
    return text


# ---------------------------------------------------------------- ALB capacity units


@dataclass(frozen=True, slots=True)
class AlbLcus(Rendered):
    """The LCUs one hour of ALB traffic uses, by dimension; the hour is billed at the largest."""

    by_dimension: tuple[tuple[str, float], ...]

    _view_ = "capstone.lcus_view"

    @property
    def lcus(self) -> float:
        """LCUs billed for the hour: the largest dimension."""
        return max(value for _, value in self.by_dimension)

    @property
    def dimension(self) -> str:
        """The dimension that decides the bill (the first of equals)."""
        return max(self.by_dimension, key=lambda pair: pair[1])[0]

    def rows(self) -> list[tuple[str, float]]:
        return [(name, round(value, 6)) for name, value in self.by_dimension]

    def text(self) -> str:
        head = f"{self.lcus:g} LCU for the hour, set by {self.dimension} (the largest of the four dimensions)"
        return head + "\n" + text_table(["dimension", "lcus"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def alb_lcus(
    *,
    new_connections_per_s: float,
    active_connections_per_min: float,
    processed_gb_per_hour: float,
    rule_evaluations_per_s: float,
    rules: int,
) -> AlbLcus:
    """The LCUs an hour of Application Load Balancer traffic uses (EC2 instance or IP targets).

    ``rule_evaluations_per_s`` counts every rule processed for every request
    (requests per second times ``rules``); the first 10 rules of each request
    are free, so only ``(rules - 10) / rules`` of them are billed.

    >>> alb_lcus(new_connections_per_s=5, active_connections_per_min=300, processed_gb_per_hour=0.1,
    ...          rule_evaluations_per_s=300, rules=60).dimension    # 5 req/s x 60 rules: 250 billed
    'rule_evaluations'

    Raises:
        EstimateError: a negative, non-finite or absurd rate; evaluations without rules.
    """
    new = _amount(new_connections_per_s, "new_connections_per_s", MAX_RATE)
    active = _amount(active_connections_per_min, "active_connections_per_min", MAX_RATE)
    gb = _amount(processed_gb_per_hour, "processed_gb_per_hour", MAX_RATE)
    evaluations = _amount(rule_evaluations_per_s, "rule_evaluations_per_s", MAX_RATE)
    count = _count(rules, "rules", 0, MAX_RULES, "rules processed per request")
    if evaluations and not count:
        raise EstimateError(
            f"rule_evaluations_per_s={evaluations:g} with rules=0: evaluations are requests x rules processed"
        )
    free = LCU_DIMENSIONS["free_rules_per_request"]
    billed = evaluations * max(0, count - free) / count if count else 0.0
    return AlbLcus(
        (
            ("new_connections", new / LCU_DIMENSIONS["new_connections_per_s"]),
            ("active_connections", active / LCU_DIMENSIONS["active_connections_per_min"]),
            ("processed_bytes", gb / LCU_DIMENSIONS["processed_gb_per_hour_ec2_targets"]),
            ("rule_evaluations", billed / LCU_DIMENSIONS["rule_evaluations_per_s"]),
        )
    )


# ---------------------------------------------------------------- the estimate


@dataclass(frozen=True, slots=True)
class LineItem:
    """One line of a monthly bill."""

    service: str
    item: str
    quantity: float
    unit: str
    unit_price_usd: float

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

    def rows(self) -> list[tuple]:
        return [
            (line.service, line.item, line.quantity, line.unit, line.unit_price_usd, line.monthly_usd)
            for line in self.lines
        ]

    def table(self):
        """The lines as a DataFrame: service, item, quantity, unit, unit_price_usd, monthly_usd."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(_COLUMNS))

    def text(self) -> str:
        head = f"Monthly estimate in {self.region}: ${self.total_usd:,.2f} ({HOURS_PER_MONTH}-hour month, list prices)"
        rows = [(s, i, f"{q:,.6g}", u, f"{p:g}", f"{m:,.2f}") for s, i, q, u, p, m in self.rows()]
        body = text_table(_COLUMNS, rows)
        tail = ("\nNot priced (no sourced price for this Region): " + "; ".join(self.unpriced)) if self.unpriced else ""
        return f"{head}\n{body}{tail}"

    def figure(self):
        """A bar chart of the monthly cost per service."""
        return view("capstone.estimate_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def _region_rows(rows: list[dict], region: str, **match) -> dict | None:
    for row in rows:
        if row.get("region") == region and all(row.get(k) == v for k, v in match.items()):
            return row
    return None


def _row(rows: list[dict], region: str) -> dict:
    """The row for ``region`` of a table every supported Region has."""
    found = _region_rows(rows, region)
    if found is None:
        raise LookupError(f"the price data has no row for {region}")
    return found


def _on_demand_usd(instance_type: str, region: str) -> float | None:
    fact = data.fact("ec2", "current_generation_prices")
    columns = fact["columns"]
    for row in fact["rows"]:
        entry = dict(zip(columns, row))
        if entry.get("instance_type") != instance_type:
            continue
        if region in entry and entry[region] is not None:  # a column per Region
            return entry[region]
        if entry.get("region", fact.get("region")) == region and entry.get("usd_per_hour") is not None:
            return entry["usd_per_hour"]
    return None


def _instance_types() -> list[str]:
    return sorted({row[0] for row in data.fact("ec2", "current_generation_prices")["rows"]})


def _savings_plan_usd(instance_type: str, region: str) -> float | None:
    row = _region_rows(
        _table("pricing", "ec2_savings_plan_rates"),
        region,
        instance_type=instance_type,
        plan="Compute Savings Plan",
        term_years=1,
        payment="No Upfront",
    )
    return row["usd_per_hour"] if row else None


def _network_prices(region: str) -> dict | None:
    """NAT gateway and public IPv4 prices for ``region`` from the network data, if a Region-matched fact exists."""
    for file, key in (("network", "network_prices"), ("vpc", "network_prices")):
        try:
            fact = data.fact(file, key)
        except KeyError:
            continue
        if fact.get("region") == region:
            return fact["value"]
    return None


def _s3_usd_per_gb(storage_class: str, region: str, gb: float) -> float:
    """Average USD per GB-month of ``gb`` in a storage class (S3 Standard in its volume tiers)."""
    if storage_class == "STANDARD":
        tiers = data.fact("s3", "standard_price_tiers")
        column = tiers["columns"].index(region)
        left, total, start = gb, 0.0, 0.0
        for row in tiers["rows"]:
            top = float("inf") if row[0] is None else row[0] * _TB_GB
            take = min(left, top - start)
            total += take * row[column]
            left -= take
            start = top
            if left <= 0:
                break
        return total / gb if gb else tiers["rows"][0][column]
    prices = data.fact("s3", "storage_prices")
    column = prices["columns"].index(region)
    return next(row[column] for row in prices["rows"] if row[0] == storage_class)


def _viewer_amounts(mapping: object, what: str, *, integers: bool, limit: float) -> dict[str, float]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{what} must be a mapping of viewer location -> amount, not {type(mapping).__name__}")
    if len(mapping) > len(_VIEWER):
        raise EstimateError(f"{what} has {len(mapping):,} entries: there are {len(_VIEWER)} viewer locations")
    amounts: dict[str, float] = {}
    for location, amount in mapping.items():
        name = _choice(location, f"{what} location", VIEWER_LOCATIONS)
        if integers:
            amounts[name] = _count(amount, f"{what}[{name!r}]", 0, int(limit), "requests in a month")
        else:
            amounts[name] = _amount(amount, f"{what}[{name!r}]", limit)
    return amounts


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
        alb_lcus_per_hour: average LCUs an hour (a number, or an :class:`AlbLcus`).
        nat_processed_gb: GB all NAT gateways process in the month.
        rds_multi_az: a Multi-AZ DB instance (one standby) instead of Single-AZ; db.m7g.large, PostgreSQL.
        rds_storage_gb, s3_gb, s3_storage_class: storage provisioned (RDS gp3) and stored (S3).
        cloudfront_gb_out, cloudfront_requests: per viewer location (:data:`VIEWER_LOCATIONS`);
            CloudFront is priced by where the viewers are, not by Region.
        sqs_requests, lambda_requests, lambda_gb_seconds, lambda_architecture: the queue and functions.
        internet_egress_gb: GB sent from the Region to the internet (not through CloudFront).
        inter_az_gb: GB that cross between AZs in the Region (charged leaving one and entering the other).
        public_ipv4_addresses: public IPv4 addresses held all month (default: one per AZ for the
            ALB plus one per NAT gateway).

    >>> est = monthly_estimate(region="ap-northeast-2", web_instances=0, worker_instances=0)
    >>> any("RDS" in item for item in est.unpriced)
    True

    Raises:
        EstimateError: an unknown Region, instance type, storage class or viewer location; a count
            or amount out of range; a Multi-AZ database or an ALB over fewer than 2 AZs.
        TypeError: an argument of the wrong kind.
    """
    region = _choice(region, "region", REGIONS)
    azs = _count(
        azs,
        "azs",
        _ALB_MIN_AZS,
        _AZ_COUNTS[region],
        f"an ALB spans at least {_ALB_MIN_AZS} AZs and {region} has {_AZ_COUNTS[region]}",
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
    nat_gb = _amount(nat_processed_gb, "nat_processed_gb")
    if nat_gb and not nat_gateways:
        raise EstimateError(f"nat_processed_gb={nat_gb:g} with no NAT gateway to process it")
    multi_az = _flag(rds_multi_az, "rds_multi_az")
    rds_gb = _amount(rds_storage_gb, "rds_storage_gb")
    s3_amount = _amount(s3_gb, "s3_gb")
    s3_class = _choice(
        s3_storage_class, "s3_storage_class", [row[0] for row in data.fact("s3", "storage_prices")["rows"]]
    )
    cf_gb = _viewer_amounts(
        {} if cloudfront_gb_out is None else cloudfront_gb_out,
        "cloudfront_gb_out",
        integers=False,
        limit=_FIRST_TIER_GB,
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
    free_egress = data.fact("pricing", "data_transfer_prices")["free_internet_out_gb_per_month"]
    egress = _amount(internet_egress_gb, "internet_egress_gb", _FIRST_TIER_GB + free_egress)
    inter_az = _amount(inter_az_gb, "inter_az_gb")
    if public_ipv4_addresses is None:
        addresses = azs + nat_gateways
    else:
        addresses = _count(public_ipv4_addresses, "public_ipv4_addresses", 0, MAX_INSTANCES, "public IPv4 addresses")

    hours = HOURS_PER_MONTH
    lines: list[LineItem] = []
    unpriced: list[str] = []

    alb = _row(_table("pricing", "alb_prices"), region)
    lines.append(LineItem("Elastic Load Balancing", "ALB hours", hours, "load balancer-hours", alb["usd_per_hour"]))
    lines.append(
        LineItem("Elastic Load Balancing", "ALB LCU-hours", lcus * hours, "LCU-hours", alb["usd_per_lcu_hour"])
    )

    network = _network_prices(region)
    if network is None:
        if nat_gateways:
            unpriced.append(f"NAT gateway hours and data processed ({nat_gateways} gateways)")
        if addresses:
            unpriced.append(f"public IPv4 addresses ({addresses})")
    else:
        if nat_gateways:
            lines.append(
                LineItem(
                    "Amazon VPC",
                    "NAT gateway hours",
                    nat_gateways * hours,
                    "gateway-hours",
                    network["nat_gateway_usd_per_hour"],
                )
            )
            if nat_gb:
                lines.append(
                    LineItem(
                        "Amazon VPC", "NAT gateway data processed", nat_gb, "GB", network["nat_gateway_usd_per_gb"]
                    )
                )
        if addresses:
            lines.append(
                LineItem(
                    "Amazon VPC",
                    "public IPv4 addresses",
                    addresses * hours,
                    "address-hours",
                    network["public_ipv4_usd_per_hour"],
                )
            )
    lines.append(
        LineItem("Amazon VPC", "S3 gateway endpoint", 1, "endpoint", data.value("pricing", "s3_gateway_endpoint"))
    )

    for tier, instance_type, count in (("web", web_type, web), ("worker", worker_type, workers)):
        if not count:
            continue
        if purchase == "on-demand":
            rate, label = _on_demand_usd(instance_type, region), "On-Demand"
        else:
            rate, label = _savings_plan_usd(instance_type, region), "Compute Savings Plan, 1 year, No Upfront"
        if rate is None:
            unpriced.append(f"EC2 {tier} tier: {count} x {instance_type} ({label})")
        else:
            lines.append(
                LineItem("Amazon EC2", f"{tier} tier {instance_type} ({label})", count * hours, "instance-hours", rate)
            )

    deployment = "Multi-AZ" if multi_az else "Single-AZ"
    instance = _region_rows(
        _table("pricing", "rds_postgresql_instance_prices"),
        region,
        instance_class="db.m7g.large",
        deployment=deployment,
    )
    storage = _region_rows(_table("pricing", "rds_gp3_storage_prices"), region, deployment=deployment)
    if instance is None:
        unpriced.append(f"RDS for PostgreSQL db.m7g.large {deployment} instance")
    else:
        lines.append(
            LineItem(
                "Amazon RDS", f"db.m7g.large PostgreSQL {deployment}", hours, "instance-hours", instance["usd_per_hour"]
            )
        )
    if rds_gb and storage is None:
        unpriced.append(f"RDS gp3 storage {deployment} ({rds_gb:,.6g} GB)")
    elif rds_gb and storage is not None:
        lines.append(
            LineItem("Amazon RDS", f"gp3 storage {deployment}", rds_gb, "GB-months", storage["usd_per_gb_month"])
        )

    if s3_amount:
        lines.append(
            LineItem(
                "Amazon S3",
                f"{s3_class} storage",
                s3_amount,
                "GB-months",
                round(_s3_usd_per_gb(s3_class, region, s3_amount), 9),
            )
        )

    # CloudFront: the always-free allowance is shared by all locations; spread it in proportion to use.
    total_gb, total_requests = sum(cf_gb.values()), sum(cf_requests.values())
    gb_share = max(0.0, 1 - _CLOUDFRONT_FREE["free_data_transfer_gb_per_month"] / total_gb) if total_gb else 0.0
    request_share = (
        max(0.0, 1 - _CLOUDFRONT_FREE["free_requests_per_month"] / total_requests) if total_requests else 0.0
    )
    for location, gb in cf_gb.items():
        if gb:
            lines.append(
                LineItem(
                    "Amazon CloudFront",
                    f"data out, {location}",
                    gb * gb_share,
                    "GB past the free tier",
                    _VIEWER[location]["usd_per_gb_first_10tb"],
                )
            )
    for location, requests in cf_requests.items():
        if requests:
            lines.append(
                LineItem(
                    "Amazon CloudFront",
                    f"HTTPS requests, {location}",
                    requests * request_share / 10_000,
                    "10,000 requests past the free tier",
                    _VIEWER[location]["https_usd_per_10k"],
                )
            )

    if region == "us-east-1":  # the SQS, Lambda and data transfer prices read are us-east-1's
        sqs_prices = data.value("messaging", "sqs_prices")
        if sqs:
            lines.append(
                LineItem(
                    "Amazon SQS",
                    "standard queue requests",
                    max(0, sqs - sqs_prices["free_requests_per_month"]) / 1e6,
                    "million requests past the free tier",
                    sqs_prices["standard_usd_per_million"],
                )
            )
        lambda_prices = data.fact("microservices", "lambda_prices")
        if lambda_calls:
            lines.append(
                LineItem(
                    "AWS Lambda",
                    "requests",
                    max(0, lambda_calls - lambda_prices["free_tier"]["requests"]) / 1e6,
                    "million requests past the free tier",
                    lambda_prices["value"]["request_usd_per_million"],
                )
            )
        if lambda_gbs:
            lines.append(
                LineItem(
                    "AWS Lambda",
                    f"duration ({architecture})",
                    max(0.0, lambda_gbs - lambda_prices["free_tier"]["gb_seconds"]),
                    "GB-seconds past the free tier",
                    lambda_prices["value"][f"{architecture}_usd_per_gb_second"],
                )
            )
        transfer = _row(_table("pricing", "data_transfer_prices"), region)
        if egress:
            lines.append(
                LineItem(
                    "Data transfer",
                    "out to the internet",
                    max(0.0, egress - free_egress),
                    "GB past the free 100 GB",
                    transfer["internet_out_usd_per_gb_first_10tb"],
                )
            )
        if inter_az:
            lines.append(
                LineItem(
                    "Data transfer",
                    "between AZs (out of one, into the other)",
                    2 * inter_az,
                    "GB-crossings",
                    transfer["inter_az_usd_per_gb_each_direction"],
                )
            )
    else:
        for what, amount in (
            ("SQS requests", sqs),
            ("Lambda requests", lambda_calls),
            ("Lambda GB-seconds", lambda_gbs),
            ("data transfer out to the internet (GB)", egress),
            ("data transfer between AZs (GB)", inter_az),
        ):
            if amount:
                unpriced.append(f"{what}: {amount:,.6g}")

    return Estimate(region, tuple(lines), tuple(unpriced))
