"""The list prices the capstone estimate reads, Region by Region, from the data files.

Every price lives in ``awsbasics/data/*.json`` with its source; this module only
finds the one that belongs to a Region. A price no source gave for a Region is
``None`` here, never a guess, and :func:`~awsbasics.capstone.monthly_estimate`
names that line as unpriced. A fact carries its Region in a ``region`` field,
a ``region`` column, or a column named after the Region; a Region's own fact
sits beside the us-east-1 one under the same key with the Region appended
(``network_prices_ap_northeast_2`` beside ``network_prices``).

    >>> REGIONS
    ('us-east-1', 'ap-northeast-2')
    >>> _on_demand_usd("m7g.large", "ap-northeast-2")
    0.1003
    >>> _network_prices("ap-northeast-2")["nat_gateway_usd_per_hour"]
    0.059
    >>> _sqs_prices("ap-northeast-2") is None    # no Seoul SQS price was read
    True

The readers are the estimate's own (their inputs are checked there first); the
public names are the constants in ``__all__``.

Sources: awsbasics/data/pricing.json, vpc.json (network_prices), ec2.json,
messaging.json (sqs_prices), microservices.json (lambda_prices), s3.json.
"""

from __future__ import annotations

from typing import Any

from awsbasics import data

__all__ = ["HOURS_PER_MONTH", "REGIONS", "VIEWER_LOCATIONS"]

# The 730-hour month of AWS's pricing calculator (ec2.json hours_per_month cites it).
HOURS_PER_MONTH: int = data.value("ec2", "hours_per_month")
# The Regions the estimate has sourced prices for; others are refused, not guessed.
REGIONS: tuple[str, ...] = ("us-east-1", "ap-northeast-2")
# A fact with no Region of its own holds us-east-1 prices (DESIGN.md, data rules).
_DEFAULT_REGION = "us-east-1"

_CLOUDFRONT = data.fact("pricing", "cloudfront_viewer_prices")
VIEWER: dict[str, dict[str, Any]] = {row[0]: dict(zip(_CLOUDFRONT["columns"], row)) for row in _CLOUDFRONT["rows"]}
VIEWER_LOCATIONS: tuple[str, ...] = tuple(VIEWER)
CLOUDFRONT_FREE: dict[str, Any] = data.value("caching", "cloudfront_pricing")
AZ_COUNTS: dict[str, int] = {row[0]: row[6] for row in data.fact("infra", "regions")["rows"]}
ALB_MIN_AZS: int = data.value("vpc", "alb_min_azs")
TB_GB: int = data.fact("s3", "standard_price_tiers")["tb_gb"]
FIRST_TIER_GB = 10 * TB_GB  # data transfer and CloudFront are priced here in their first 10 TB tier only
FREE_EGRESS_GB: float = data.fact("pricing", "data_transfer_prices")["free_internet_out_gb_per_month"]
LAMBDA_FREE_TIER: dict[str, float] = data.fact("microservices", "lambda_prices")["free_tier"]


def _table(file: str, key: str) -> list[dict[str, Any]]:
    fact = data.fact(file, key)
    return [dict(zip(fact["columns"], row)) for row in fact["rows"]]


def _region_key(key: str, region: str) -> str:
    return f"{key}_{region.replace('-', '_')}"


def _regional_facts(file: str, key: str, region: str) -> list[dict[str, Any]]:
    """The fact under ``key`` and the Region's own fact beside it, those that exist."""
    found = []
    for name in (key, _region_key(key, region)):
        try:
            found.append(data.fact(file, name))
        except KeyError:
            continue
    return found


def _unverified(file: str, key: str, group: str, name: str) -> bool:
    """True when the fact under ``key`` (or its Regional sibling) lists ``name`` as unverified for ``group``.

    A fact whose price was read only on a secondary page says so in its note and in an
    ``unverified`` field, e.g. ``{"ap-northeast-2": ["usd_per_hour"]}``:

    >>> _unverified("pricing", "alb_prices", "ap-northeast-2", "usd_per_hour")
    True
    >>> _unverified("vpc", "network_prices", "us-east-1", "nat_gateway_usd_per_hour")
    False
    """
    for fact in _regional_facts(file, key, group):
        if name in fact.get("unverified", {}).get(group, ()):
            return True
    return False


def _regional_value(file: str, key: str, region: str) -> dict[str, Any] | None:
    """The ``value`` of the fact under ``key`` (or its Region's sibling) that holds ``region``'s prices."""
    for fact in _regional_facts(file, key, region):
        if fact.get("region", _DEFAULT_REGION) == region:
            return fact["value"]
    return None


def _region_row(rows: list[dict[str, Any]], region: str, **match: object) -> dict[str, Any] | None:
    """The first row for ``region`` whose columns equal ``match``; None if no source gave one."""
    for row in rows:
        if row.get("region") == region and all(row.get(k) == v for k, v in match.items()):
            return row
    return None


def _alb(region: str) -> dict[str, Any] | None:
    """ALB ``usd_per_hour`` and ``usd_per_lcu_hour`` in ``region``."""
    return _region_row(_table("pricing", "alb_prices"), region)


def _network_prices(region: str) -> dict[str, Any] | None:
    """NAT gateway and public IPv4 prices for ``region`` (vpc.json network_prices and its Regional siblings)."""
    for file in ("network", "vpc"):
        found = _regional_value(file, "network_prices", region)
        if found is not None:
            return found
    return None


def _instance_types() -> list[str]:
    """Every instance type with an On-Demand price in some Region."""
    names: set[str] = set()
    for region in REGIONS:
        for fact in _regional_facts("ec2", "current_generation_prices", region):
            names.update(row[0] for row in fact["rows"])
    return sorted(names)


def _on_demand_usd(instance_type: str, region: str) -> float | None:
    """Linux On-Demand USD an hour of ``instance_type`` in ``region``."""
    for fact in _regional_facts("ec2", "current_generation_prices", region):
        for row in fact["rows"]:
            entry = dict(zip(fact["columns"], row))
            if entry.get("instance_type") != instance_type:
                continue
            if entry.get(region) is not None:  # a column per Region
                return entry[region]
            if entry.get("region", fact.get("region")) == region and entry.get("usd_per_hour") is not None:
                return entry["usd_per_hour"]
    return None


def _savings_plan_usd(instance_type: str, region: str) -> float | None:
    """The effective hourly rate of a 1-year No Upfront Compute Savings Plan."""
    row = _region_row(
        _table("pricing", "ec2_savings_plan_rates"),
        region,
        instance_type=instance_type,
        plan="Compute Savings Plan",
        term_years=1,
        payment="No Upfront",
    )
    return row["usd_per_hour"] if row else None


def _rds_instance_usd(instance_class: str, deployment: str, region: str) -> float | None:
    """RDS for PostgreSQL On-Demand USD an hour, ``deployment`` being Single-AZ or Multi-AZ."""
    row = _region_row(
        _table("pricing", "rds_postgresql_instance_prices"),
        region,
        instance_class=instance_class,
        deployment=deployment,
    )
    return row["usd_per_hour"] if row else None


def _rds_storage_usd(deployment: str, region: str) -> float | None:
    """RDS gp3 USD per GB-month provisioned (Multi-AZ pays for the standby's storage too)."""
    row = _region_row(_table("pricing", "rds_gp3_storage_prices"), region, deployment=deployment)
    return row["usd_per_gb_month"] if row else None


def _storage_classes() -> list[str]:
    return [row[0] for row in data.fact("s3", "storage_prices")["rows"]]


def _s3_usd_per_gb(storage_class: str, region: str, gb: float) -> float:
    """Average USD per GB-month of ``gb`` in a storage class (S3 Standard in its volume tiers)."""
    if storage_class == "STANDARD":
        tiers = data.fact("s3", "standard_price_tiers")
        column = tiers["columns"].index(region)
        left, total, start = gb, 0.0, 0.0
        for row in tiers["rows"]:
            top = float("inf") if row[0] is None else row[0] * TB_GB
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


def _sqs_prices(region: str) -> dict[str, Any] | None:
    """SQS prices (``standard_usd_per_million``, ``free_requests_per_month``) for ``region``."""
    return _regional_value("messaging", "sqs_prices", region)


def _lambda_prices(region: str) -> dict[str, Any] | None:
    """Lambda request and GB-second prices for ``region`` (microservices.json, pricing.json)."""
    found = _regional_value("microservices", "lambda_prices", region)
    return found if found is not None else _regional_value("pricing", "lambda_prices", region)


def _transfer_prices(region: str) -> dict[str, Any] | None:
    """Data transfer out to the internet and between AZs, per GB, for ``region``."""
    return _region_row(_table("pricing", "data_transfer_prices"), region)
