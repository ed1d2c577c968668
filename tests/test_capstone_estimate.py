"""The capstone cost estimate, checked against values worked by hand from the cited prices.

Prices (awsbasics/data/pricing.json and the files it refers to):
- ALB: USD 0.0225 an hour and 0.008 per LCU-hour in both Regions; one LCU is 25 new
  connections/s, 3,000 active connections/min, 1 GB/h to EC2 targets or 1,000 billed rule
  evaluations/s, the first 10 rules of a request free
  (https://aws.amazon.com/elasticloadbalancing/pricing/, read through secondary copies).
- A month is 730 hours (https://docs.aws.amazon.com/pricing-calculator/latest/userguide/what-is-pricing-calculator.html).
- NAT gateway 0.045 an hour and per GB, public IPv4 0.005 an hour (vpc.json network_prices, us-east-1).
- EC2 On-Demand m7g.large 0.0816, m5.large 0.096; 1-year No Upfront Compute Savings Plan m5.large 0.061
  (ec2.json, pricing.json ec2_savings_plan_rates).
- RDS for PostgreSQL db.m7g.large 0.168 Single-AZ / 0.337 Multi-AZ an hour; gp3 0.115 / 0.23 per GB-month.
- S3 Standard 0.023 (us-east-1) and 0.025 (ap-northeast-2) per GB-month in the first 50 TB, 0.022 in the next 450 TB.
- CloudFront first 10 TB per GB: North America 0.085, Japan 0.114, Asia Pacific (incl. South Korea) 0.12;
  HTTPS per 10,000 requests 0.01 (North America), 0.012 (Asia Pacific); 1 TB and 10 million requests a month free
  (https://aws.amazon.com/cloudfront/pricing/).
- SQS standard 0.40 per million past 1 million free; Lambda 0.20 per million requests past 1 million, 0.0000166667
  (x86_64) / 0.0000133334 (arm64) per GB-second past 400,000.
- Data transfer out 0.09 per GB past 100 GB free; between AZs 0.01 per GB in each direction.

Asia Pacific (Seoul), all unverified against the AWS pages (read in secondary copies of the AWS
Price List offer files for ap-northeast-2; see each fact's note):
- NAT gateway 0.059 an hour and 0.059 per GB, public IPv4 0.005 an hour (vpc.json network_prices_ap_northeast_2).
- EC2 On-Demand m7g.large 0.1003, m7i.large 0.1239 (ec2.json current_generation_prices_ap_northeast_2).
- RDS for PostgreSQL db.m7g.large Single-AZ 0.2344 an hour; no Multi-AZ price was read. gp3 0.131 Single-AZ,
  0.262 Multi-AZ per GB-month (pricing.json).
- Data transfer out 0.126 per GB past 100 GB free; between AZs 0.01 per GB in each direction (pricing.json).
- Lambda 0.20 per million requests, 0.0000133334 (arm64) per GB-second (pricing.json lambda_prices_ap_northeast_2).
- No Seoul SQS price was read.
"""

from __future__ import annotations

import pytest

from awsbasics.capstone import (
    HOURS_PER_MONTH,
    REGIONS,
    VIEWER_LOCATIONS,
    AlbLcus,
    Estimate,
    EstimateError,
    alb_lcus,
    estimate_for,
    monthly_estimate,
)
from awsbasics.errors import AwsRuleError

QUIET = {
    "web_instances": 0,
    "worker_instances": 0,
    "nat_gateways": 0,
    "public_ipv4_addresses": 0,
    "s3_gb": 0,
    "rds_storage_gb": 0,
}


def _line(estimate: Estimate, service: str, item: str) -> float:
    return estimate.line(service, item).monthly_usd


def test_a_month_is_730_hours():
    assert HOURS_PER_MONTH == 730
    assert REGIONS == ("us-east-1", "ap-northeast-2")


# ---------------------------------------------------------------- LCUs


def test_each_dimension_divides_by_its_lcu_size():
    lcus = alb_lcus(
        new_connections_per_s=50,
        active_connections_per_min=1_500,
        processed_gb_per_hour=0.25,
        rule_evaluations_per_s=0,
        rules=0,
    )
    assert dict(lcus.by_dimension) == {
        "new_connections": 2.0,
        "active_connections": 0.5,
        "processed_bytes": 0.25,
        "rule_evaluations": 0.0,
    }
    assert lcus.lcus == 2.0 and lcus.dimension == "new_connections"


def test_first_ten_rules_are_free():
    # 5 requests/s, 60 rules processed each: 300 evaluations/s, (60 - 10) x 5 = 250 billed -> 0.25 LCU.
    lcus = alb_lcus(
        new_connections_per_s=5,
        active_connections_per_min=300,
        processed_gb_per_hour=0.1,
        rule_evaluations_per_s=300,
        rules=60,
    )
    assert dict(lcus.by_dimension)["rule_evaluations"] == pytest.approx(0.25)
    assert lcus.lcus == pytest.approx(0.25) and lcus.dimension == "rule_evaluations"
    # Ten rules or fewer: no rule evaluation is billed.
    assert (
        alb_lcus(
            new_connections_per_s=0,
            active_connections_per_min=0,
            processed_gb_per_hour=0,
            rule_evaluations_per_s=10_000,
            rules=10,
        ).lcus
        == 0.0
    )


def test_processed_bytes_decide_a_heavy_hour():
    lcus = alb_lcus(
        new_connections_per_s=25,
        active_connections_per_min=3_000,
        processed_gb_per_hour=3,
        rule_evaluations_per_s=0,
        rules=0,
    )
    assert lcus.lcus == 3.0 and lcus.dimension == "processed_bytes"
    assert lcus.text().startswith("3 LCU for the hour, set by processed_bytes")
    assert "ALB LCUs for one hour" in lcus._repr_mimebundle_()["text/html"]


def test_evaluations_without_rules_are_refused():
    with pytest.raises(EstimateError, match=r"rule_evaluations_per_s=5 with rules=0"):
        alb_lcus(
            new_connections_per_s=0,
            active_connections_per_min=0,
            processed_gb_per_hour=0,
            rule_evaluations_per_s=5,
            rules=0,
        )


# ---------------------------------------------------------------- ALB, NAT, IPv4


@pytest.mark.parametrize("region", ["us-east-1", "ap-northeast-2"])
def test_an_alb_at_one_lcu_for_a_month(region):
    est = monthly_estimate(region=region, alb_lcus_per_hour=1, **QUIET)
    assert _line(est, "Elastic Load Balancing", "ALB hours") == pytest.approx(730 * 0.0225)  # 16.425
    assert _line(est, "Elastic Load Balancing", "ALB LCU-hours") == pytest.approx(730 * 0.008)  # 5.84
    assert est.by_service()["Elastic Load Balancing"] == pytest.approx(22.265)


def test_lcus_object_is_accepted():
    lcus = alb_lcus(
        new_connections_per_s=50,
        active_connections_per_min=0,
        processed_gb_per_hour=0,
        rule_evaluations_per_s=0,
        rules=0,
    )
    est = monthly_estimate(region="us-east-1", alb_lcus_per_hour=lcus, **QUIET)
    assert _line(est, "Elastic Load Balancing", "ALB LCU-hours") == pytest.approx(2 * 730 * 0.008)  # 11.68


def test_nat_gateways_and_public_addresses_in_us_east_1():
    est = monthly_estimate(
        region="us-east-1", azs=3, nat_gateways=3, nat_processed_gb=1_000, web_instances=0, worker_instances=0
    )
    assert _line(est, "Amazon VPC", "NAT gateway hours") == pytest.approx(3 * 730 * 0.045)  # 98.55
    assert _line(est, "Amazon VPC", "NAT gateway data processed") == pytest.approx(45.0)
    # Default addresses: one per AZ for the ALB's nodes and one per NAT gateway = 6.
    assert _line(est, "Amazon VPC", "public IPv4 addresses") == pytest.approx(6 * 730 * 0.005)  # 21.9
    assert _line(est, "Amazon VPC", "S3 gateway endpoint") == 0.0


def test_cost_and_resilience_move_together():
    one = monthly_estimate(region="us-east-1", nat_gateways=1, rds_multi_az=False)
    three = monthly_estimate(region="us-east-1", nat_gateways=3, rds_multi_az=True)
    # 2 more NAT gateways (2 x 730 x 0.045 = 65.70) and their addresses (2 x 730 x 0.005 = 7.30),
    # the standby (730 x (0.337 - 0.168) = 123.37) and its storage (100 x (0.23 - 0.115) = 11.50).
    assert three.total_usd - one.total_usd == pytest.approx(65.70 + 7.30 + 123.37 + 11.50)


# ---------------------------------------------------------------- EC2


def test_on_demand_instances():
    est = monthly_estimate(region="us-east-1", web_instances=3, worker_instances=2)
    assert _line(est, "Amazon EC2", "web tier m7g.large (On-Demand)") == pytest.approx(3 * 730 * 0.0816)  # 178.704
    assert _line(est, "Amazon EC2", "worker tier m7g.large (On-Demand)") == pytest.approx(2 * 730 * 0.0816)  # 119.136


def test_savings_plan_discounts_the_on_demand_rate():
    on_demand = monthly_estimate(region="us-east-1", web_instance_type="m5.large", web_instances=2, worker_instances=0)
    plan = monthly_estimate(
        region="us-east-1", web_instance_type="m5.large", web_instances=2, worker_instances=0, purchase="savings-plan"
    )
    assert _line(on_demand, "Amazon EC2", "web tier m5.large (On-Demand)") == pytest.approx(2 * 730 * 0.096)  # 140.16
    label = "web tier m5.large (Compute Savings Plan, 1 year, No Upfront)"
    assert _line(plan, "Amazon EC2", label) == pytest.approx(2 * 730 * 0.061)  # 89.06


def test_a_rate_no_source_gives_is_left_unpriced_not_guessed():
    est = monthly_estimate(region="us-east-1", purchase="savings-plan", web_instances=3, worker_instances=0)
    assert "EC2 web tier: 3 x m7g.large (Compute Savings Plan, 1 year, No Upfront)" in est.unpriced
    assert not [line for line in est.lines if line.service == "Amazon EC2"]


# ---------------------------------------------------------------- RDS and S3


def test_rds_multi_az_pays_for_the_standby():
    multi = monthly_estimate(region="us-east-1", rds_multi_az=True, **{**QUIET, "rds_storage_gb": 100})
    single = monthly_estimate(region="us-east-1", rds_multi_az=False, **{**QUIET, "rds_storage_gb": 100})
    assert _line(multi, "Amazon RDS", "db.m7g.large PostgreSQL Multi-AZ") == pytest.approx(730 * 0.337)  # 246.01
    assert _line(multi, "Amazon RDS", "gp3 storage Multi-AZ") == pytest.approx(23.0)
    assert _line(single, "Amazon RDS", "db.m7g.large PostgreSQL Single-AZ") == pytest.approx(730 * 0.168)  # 122.64
    assert _line(single, "Amazon RDS", "gp3 storage Single-AZ") == pytest.approx(11.5)


def test_s3_standard_by_region_and_volume_tier():
    east = monthly_estimate(region="us-east-1", **{**QUIET, "s3_gb": 500})
    seoul = monthly_estimate(region="ap-northeast-2", **{**QUIET, "s3_gb": 500})
    assert _line(east, "Amazon S3", "STANDARD storage") == pytest.approx(11.5)
    assert _line(seoul, "Amazon S3", "STANDARD storage") == pytest.approx(12.5)
    # 60 TB: 50 TB at 0.023 and 10 TB at 0.022, a TB being 1,024 GB.
    big = monthly_estimate(region="us-east-1", **{**QUIET, "s3_gb": 60 * 1024})
    assert _line(big, "Amazon S3", "STANDARD storage") == pytest.approx(
        50 * 1024 * 0.023 + 10 * 1024 * 0.022
    )  # 1402.88
    ia = monthly_estimate(region="us-east-1", **{**QUIET, "s3_gb": 1000, "s3_storage_class": "STANDARD_IA"})
    assert _line(ia, "Amazon S3", "STANDARD_IA storage") == pytest.approx(12.5)


# ---------------------------------------------------------------- CloudFront, SQS, Lambda, data transfer


def test_cloudfront_is_priced_by_viewer_location_past_the_free_tier():
    est = monthly_estimate(
        region="us-east-1",
        cloudfront_gb_out={"asia_pacific": 2048},
        cloudfront_requests={"asia_pacific": 30_000_000},
        **QUIET,
    )
    assert _line(est, "Amazon CloudFront", "data out, asia_pacific") == pytest.approx((2048 - 1024) * 0.12)  # 122.88
    assert _line(est, "Amazon CloudFront", "HTTPS requests, asia_pacific") == pytest.approx(2_000 * 0.012)  # 24.0
    # The same traffic from North American viewers costs less, whatever the Region.
    here = monthly_estimate(region="ap-northeast-2", cloudfront_gb_out={"north_america": 2048}, **QUIET)
    assert _line(here, "Amazon CloudFront", "data out, north_america") == pytest.approx(1024 * 0.085)  # 87.04


def test_cloudfront_free_tier_is_shared_in_proportion():
    est = monthly_estimate(region="us-east-1", cloudfront_gb_out={"north_america": 1500, "japan": 500}, **QUIET)
    share = 1 - 1024 / 2000
    assert _line(est, "Amazon CloudFront", "data out, north_america") == pytest.approx(1500 * share * 0.085)  # 62.22
    assert _line(est, "Amazon CloudFront", "data out, japan") == pytest.approx(500 * share * 0.114)  # 27.816
    inside = monthly_estimate(region="us-east-1", cloudfront_gb_out={"europe": 1000}, **QUIET)
    assert _line(inside, "Amazon CloudFront", "data out, europe") == 0.0


def test_queue_functions_and_data_transfer_in_us_east_1():
    est = monthly_estimate(
        region="us-east-1",
        sqs_requests=5_000_000,
        lambda_requests=3_000_000,
        lambda_gb_seconds=1_000_000,
        internet_egress_gb=600,
        inter_az_gb=100,
        **QUIET,
    )
    assert _line(est, "Amazon SQS", "standard queue requests") == pytest.approx(1.6)
    assert _line(est, "AWS Lambda", "requests") == pytest.approx(0.4)
    assert _line(est, "AWS Lambda", "duration (arm64)") == pytest.approx(600_000 * 0.0000133334)  # 8.00
    assert _line(est, "Data transfer", "out to the internet") == pytest.approx(500 * 0.09)  # 45.0
    assert _line(est, "Data transfer", "between AZs (out of one, into the other)") == pytest.approx(2.0)
    x86 = monthly_estimate(region="us-east-1", lambda_gb_seconds=1_000_000, lambda_architecture="x86_64", **QUIET)
    assert _line(x86, "AWS Lambda", "duration (x86_64)") == pytest.approx(600_000 * 0.0000166667)  # 10.00


def test_seoul_lines_without_a_read_price_are_named_not_guessed():
    est = monthly_estimate(region="ap-northeast-2", sqs_requests=5_000_000, internet_egress_gb=600)
    # No Seoul price was read for a Multi-AZ db.m7g.large or for SQS: named, not guessed.
    assert est.unpriced == ("RDS for PostgreSQL db.m7g.large Multi-AZ instance", "SQS requests: 5e+06")
    assert not [line for line in est.lines if line.service == "Amazon SQS"]
    assert "Not priced" in est.text() and "Not priced" in est._repr_mimebundle_()["text/html"]
    # Types and purchase options with no Seoul rate are named too.
    m5 = monthly_estimate(region="ap-northeast-2", web_instance_type="m5.large", web_instances=2, worker_instances=0)
    assert "EC2 web tier: 2 x m5.large (On-Demand)" in m5.unpriced
    plan = monthly_estimate(region="ap-northeast-2", purchase="savings-plan", web_instances=1, worker_instances=0)
    assert "EC2 web tier: 1 x m7g.large (Compute Savings Plan, 1 year, No Upfront)" in plan.unpriced


def test_seoul_nat_gateways_and_public_addresses():
    est = monthly_estimate(
        region="ap-northeast-2", azs=3, nat_gateways=3, nat_processed_gb=1_000, web_instances=0, worker_instances=0
    )
    assert _line(est, "Amazon VPC", "NAT gateway hours") == pytest.approx(3 * 730 * 0.059)  # 129.21
    assert _line(est, "Amazon VPC", "NAT gateway data processed") == pytest.approx(1_000 * 0.059)  # 59.0
    assert _line(est, "Amazon VPC", "public IPv4 addresses") == pytest.approx(6 * 730 * 0.005)  # 21.9


def test_seoul_instances_and_database():
    est = monthly_estimate(region="ap-northeast-2", web_instances=3, worker_instances=2, rds_multi_az=False)
    assert _line(est, "Amazon EC2", "web tier m7g.large (On-Demand)") == pytest.approx(3 * 730 * 0.1003)  # 219.657
    assert _line(est, "Amazon EC2", "worker tier m7g.large (On-Demand)") == pytest.approx(2 * 730 * 0.1003)  # 146.438
    assert _line(est, "Amazon RDS", "db.m7g.large PostgreSQL Single-AZ") == pytest.approx(730 * 0.2344)  # 171.112
    assert _line(est, "Amazon RDS", "gp3 storage Single-AZ") == pytest.approx(100 * 0.131)  # 13.1
    intel = monthly_estimate(
        region="ap-northeast-2", web_instance_type="m7i.large", web_instances=1, worker_instances=0
    )
    assert _line(intel, "Amazon EC2", "web tier m7i.large (On-Demand)") == pytest.approx(730 * 0.1239)  # 90.447
    multi = monthly_estimate(region="ap-northeast-2", rds_multi_az=True, **{**QUIET, "rds_storage_gb": 100})
    assert _line(multi, "Amazon RDS", "gp3 storage Multi-AZ") == pytest.approx(100 * 0.262)  # 26.2


def test_seoul_functions_and_data_transfer():
    est = monthly_estimate(
        region="ap-northeast-2",
        lambda_requests=3_000_000,
        lambda_gb_seconds=1_000_000,
        internet_egress_gb=600,
        inter_az_gb=100,
        **QUIET,
    )
    assert _line(est, "AWS Lambda", "requests") == pytest.approx(2 * 0.20)  # 0.4
    assert _line(est, "AWS Lambda", "duration (arm64)") == pytest.approx(600_000 * 0.0000133334)  # 8.00
    assert _line(est, "Data transfer", "out to the internet") == pytest.approx(500 * 0.126)  # 63.0
    assert _line(est, "Data transfer", "between AZs (out of one, into the other)") == pytest.approx(2 * 100 * 0.01)
    assert est.unpriced == ("RDS for PostgreSQL db.m7g.large Multi-AZ instance",)


def test_the_capstone_month_in_both_regions():
    """The chapter's image service (3 AZs, 3 NAT gateways, Multi-AZ): every Seoul line from its unit price."""
    east = estimate_for(region="us-east-1", azs=3, nat_gateways=3, multi_az=True)
    seoul = estimate_for(region="ap-northeast-2", azs=3, nat_gateways=3, multi_az=True)
    assert east.unpriced == ()
    assert east.total_usd == pytest.approx(1442.19, abs=0.005)
    # capstone.json: 2 web and 2 worker instances in each of the 3 AZs; usage of 2 LCUs an hour, 200 GB
    # through NAT, 100 GB of RDS storage, 2,000 GB in S3, 8 million SQS requests, 300 GB between AZs.
    expected = {
        ("Elastic Load Balancing", "ALB hours"): 730 * 0.0225,  # 16.425
        ("Elastic Load Balancing", "ALB LCU-hours"): 2 * 730 * 0.008,  # 11.68
        ("Amazon VPC", "NAT gateway hours"): 3 * 730 * 0.059,  # 129.21
        ("Amazon VPC", "NAT gateway data processed"): 200 * 0.059,  # 11.8
        ("Amazon VPC", "public IPv4 addresses"): (3 + 3) * 730 * 0.005,  # 21.9
        ("Amazon VPC", "S3 gateway endpoint"): 0.0,
        ("Amazon EC2", "web tier m7g.large (On-Demand)"): 6 * 730 * 0.1003,  # 439.314
        ("Amazon EC2", "worker tier m7g.large (On-Demand)"): 6 * 730 * 0.1003,  # 439.314
        ("Amazon RDS", "gp3 storage Multi-AZ"): 100 * 0.262,  # 26.2
        ("Amazon S3", "STANDARD storage"): 2_000 * 0.025,  # 50.0
        ("Data transfer", "between AZs (out of one, into the other)"): 2 * 300 * 0.01,  # 6.0
    }
    for (service, item), usd in expected.items():
        assert _line(seoul, service, item) == pytest.approx(usd), item
    # CloudFront is priced by viewer location, so its lines are the same from either Region.
    cloudfront = east.by_service()["Amazon CloudFront"]
    assert seoul.by_service()["Amazon CloudFront"] == pytest.approx(cloudfront)
    assert seoul.total_usd == pytest.approx(sum(expected.values()) + cloudfront)  # 1397.86
    assert seoul.unpriced == ("RDS for PostgreSQL db.m7g.large Multi-AZ instance", "SQS requests: 8e+06")


# ---------------------------------------------------------------- the result object


def test_estimate_table_text_and_figure_agree():
    est = monthly_estimate(region="us-east-1")
    frame = est.table()
    assert list(frame.columns) == ["service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd"]
    assert frame["monthly_usd"].sum() == pytest.approx(est.total_usd)
    assert (
        est.text().splitlines()[0]
        == f"Monthly estimate in us-east-1: ${est.total_usd:,.2f} (730-hour month, list prices)"
    )
    bars = est.figure().to_dict()["data"][0]
    assert sum(bars["x"]) == pytest.approx(est.total_usd, abs=0.05)
    assert set(bars["y"]) == set(est.by_service())
    with pytest.raises(KeyError, match="no line"):
        est.line("Amazon EC2", "nope")
    with pytest.raises(AttributeError):
        est.region = "ap-northeast-2"  # frozen


def test_viewer_locations_and_rules():
    assert "asia_pacific" in VIEWER_LOCATIONS and len(VIEWER_LOCATIONS) == 8
    with pytest.raises(EstimateError, match=r"an ALB spans at least 2 AZs and us-east-1 has 6"):
        monthly_estimate(region="us-east-1", azs=1)
    with pytest.raises(EstimateError, match=r"ap-northeast-2 has 4"):
        monthly_estimate(region="ap-northeast-2", azs=5)
    with pytest.raises(EstimateError, match=r"NAT gateways, at most one in each of the 2 AZs"):
        monthly_estimate(region="us-east-1", azs=2, nat_gateways=3)
    with pytest.raises(EstimateError, match=r"did you mean 'ap-northeast-2'"):
        monthly_estimate(region="ap-northeast-1")
    assert issubclass(EstimateError, AwsRuleError)
    assert isinstance(
        alb_lcus(
            new_connections_per_s=0,
            active_connections_per_min=0,
            processed_gb_per_hour=0,
            rule_evaluations_per_s=0,
            rules=0,
        ),
        AlbLcus,
    )


def test_lines_priced_from_secondary_pages_are_marked_unverified():
    """A price the data lists under ``unverified`` carries a ``*`` in the estimate; a primary-source one does not.

    us-east-1 NAT gateway prices were read from the VPC pricing page's own example (vpc.json network_prices);
    the Seoul NAT gateway rate only in a secondary catalog (network_prices_ap_northeast_2, unverified).
    """
    virginia = monthly_estimate(region="us-east-1", nat_processed_gb=10)
    seoul = monthly_estimate(region="ap-northeast-2", nat_processed_gb=10)
    assert virginia.line("Amazon VPC", "NAT gateway hours").verified
    assert not seoul.line("Amazon VPC", "NAT gateway hours").verified
    assert not seoul.line("Amazon VPC", "NAT gateway data processed").verified
    assert seoul.line("Amazon VPC", "S3 gateway endpoint").verified
    assert seoul.line("Amazon VPC", "NAT gateway hours") in seoul.unverified
    row = next(
        line for line in seoul.text().splitlines() if line.startswith("Amazon VPC") and "NAT gateway hours" in line
    )
    assert "0.059 *" in row
    assert "* unverified" in seoul.text()
