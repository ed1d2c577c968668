"""Hostile input for the capstone estimate: wrong kinds, NaN/inf, bools, huge and negative numbers, unknown names.

Each call runs in a child forked from the test process with ~1 GiB of extra address space
and a 2-second join timeout (tests/_hostile.py): every bad input ends in an EstimateError
(an AwsRuleError) naming the value and the rule, or a TypeError, at once.
"""

from __future__ import annotations

import re

import pytest
from _hostile import run_limited

from awsbasics.capstone import (
    EstimateError,
    alb_lcus,
    availability_model,
    cost_vs_resilience,
    estimate_for,
    game_day,
    image_service,
    least_privilege,
    monthly_estimate,
    prove_paths,
    review,
)
from awsbasics.errors import AvailabilityError, AvailabilityZoneError, PolicyError, VpcError

_TIMEOUT_S = 2
NAN, INF, HUGE = float("nan"), float("inf"), 10**400
OK_LCUS = {
    "new_connections_per_s": 1,
    "active_connections_per_min": 1,
    "processed_gb_per_hour": 1,
    "rule_evaluations_per_s": 0,
    "rules": 0,
}


def _lcus(**bad):
    return lambda: alb_lcus(**{**OK_LCUS, **bad})


def _est(**bad):
    return lambda: monthly_estimate(**{"region": "us-east-1", **bad})


CASES = [
    # alb_lcus
    (
        "lcus new nan",
        _lcus(new_connections_per_s=NAN),
        EstimateError,
        r"new_connections_per_s=nan: give a finite number",
    ),
    ("lcus new inf", _lcus(new_connections_per_s=INF), EstimateError, r"new_connections_per_s=inf"),
    ("lcus new -1", _lcus(new_connections_per_s=-1), EstimateError, r"new_connections_per_s=-1: give an amount from 0"),
    (
        "lcus new bool",
        _lcus(new_connections_per_s=True),
        TypeError,
        r"new_connections_per_s must be a number, not bool",
    ),
    (
        "lcus active str",
        _lcus(active_connections_per_min="3000"),
        TypeError,
        r"active_connections_per_min must be a number",
    ),
    (
        "lcus gb huge",
        _lcus(processed_gb_per_hour=HUGE),
        EstimateError,
        r"processed_gb_per_hour=\(an integer of 1,329 bits\)",
    ),
    (
        "lcus gb 1e300",
        _lcus(processed_gb_per_hour=1e300),
        EstimateError,
        r"processed_gb_per_hour=1e\+300: give an amount",
    ),
    ("lcus evaluations -5", _lcus(rule_evaluations_per_s=-5, rules=20), EstimateError, r"rule_evaluations_per_s=-5"),
    ("lcus rules float", _lcus(rules=10.0), TypeError, r"rules must be int, not float"),
    ("lcus rules bool", _lcus(rules=False), TypeError, r"rules must be int, not bool"),
    ("lcus rules -1", _lcus(rules=-1), EstimateError, r"rules=-1: rules processed per request \(0 to 10,000\)"),
    ("lcus rules huge", _lcus(rules=HUGE), EstimateError, r"rules=\(an int of 1,329 bits\)"),
    ("lcus evaluations, no rules", _lcus(rule_evaluations_per_s=1), EstimateError, r"with rules=0"),
    ("lcus positional", lambda: alb_lcus(1, 1, 1, 0, 0), TypeError, r"positional"),
    # monthly_estimate: the Region
    (
        "region unknown",
        _est(region="eu-west-1"),
        EstimateError,
        r"region 'eu-west-1' has no sourced price here: use one of",
    ),
    ("region near miss", _est(region="us-east-2"), EstimateError, r"did you mean 'us-east-1'"),
    ("region huge", _est(region="x" * 1_000_000), EstimateError, r"region 'x{40}' has no sourced price"),
    ("region int", _est(region=1), TypeError, r"region must be str, not int"),
    ("region None", _est(region=None), TypeError, r"region must be str, not NoneType"),
    # counts
    ("azs bool", _est(azs=True), TypeError, r"azs must be int, not bool"),
    ("azs 0", _est(azs=0), EstimateError, r"azs=0: an ALB spans at least 2 AZs"),
    ("azs huge", _est(azs=HUGE), EstimateError, r"azs=\(an int of 1,329 bits\)"),
    ("nat -1", _est(nat_gateways=-1), EstimateError, r"nat_gateways=-1"),
    ("nat float", _est(nat_gateways=1.0), TypeError, r"nat_gateways must be int"),
    ("web huge", _est(web_instances=10**12), EstimateError, r"web_instances=1000000000000: instances in the web tier"),
    ("workers -3", _est(worker_instances=-3), EstimateError, r"worker_instances=-3"),
    ("workers nan", _est(worker_instances=NAN), TypeError, r"worker_instances must be int, not float"),
    ("ipv4 huge", _est(public_ipv4_addresses=HUGE), EstimateError, r"public_ipv4_addresses=\(an int of 1,329 bits\)"),
    ("ipv4 bool", _est(public_ipv4_addresses=False), TypeError, r"public_ipv4_addresses must be int, not bool"),
    # names
    ("instance type unknown", _est(web_instance_type="m9z.large"), EstimateError, r"web_instance_type 'm9z.large'"),
    ("instance type int", _est(worker_instance_type=5), TypeError, r"worker_instance_type must be str"),
    ("purchase unknown", _est(purchase="spot"), EstimateError, r"purchase 'spot' has no sourced price here"),
    ("storage class unknown", _est(s3_storage_class="GLACIER_DEEP"), EstimateError, r"s3_storage_class 'GLACIER_DEEP'"),
    ("lambda arch unknown", _est(lambda_architecture="arm"), EstimateError, r"did you mean 'arm64'"),
    ("multi az str", _est(rds_multi_az="yes"), TypeError, r"rds_multi_az must be bool, not str"),
    ("multi az int", _est(rds_multi_az=1), TypeError, r"rds_multi_az must be bool, not int"),
    # amounts
    ("lcus per hour nan", _est(alb_lcus_per_hour=NAN), EstimateError, r"alb_lcus_per_hour=nan"),
    ("lcus per hour str", _est(alb_lcus_per_hour="1"), TypeError, r"alb_lcus_per_hour must be a number"),
    ("nat gb without nat", _est(nat_gateways=0, nat_processed_gb=10), EstimateError, r"no NAT gateway to process it"),
    ("rds storage -1", _est(rds_storage_gb=-1), EstimateError, r"rds_storage_gb=-1: give an amount from 0"),
    ("s3 inf", _est(s3_gb=INF), EstimateError, r"s3_gb=inf"),
    ("s3 bool", _est(s3_gb=True), TypeError, r"s3_gb must be a number, not bool"),
    ("egress past first tier", _est(internet_egress_gb=20_000), EstimateError, r"internet_egress_gb=20000"),
    ("inter az nan", _est(inter_az_gb=NAN), EstimateError, r"inter_az_gb=nan"),
    ("lambda gb-s -1", _est(lambda_gb_seconds=-1), EstimateError, r"lambda_gb_seconds=-1"),
    ("sqs float", _est(sqs_requests=1e6), TypeError, r"sqs_requests must be int, not float"),
    ("sqs huge", _est(sqs_requests=HUGE), EstimateError, r"sqs_requests=\(an int of 1,329 bits\)"),
    ("lambda requests -1", _est(lambda_requests=-1), EstimateError, r"lambda_requests=-1"),
    # CloudFront mappings
    ("cf list", _est(cloudfront_gb_out=[("japan", 1)]), TypeError, r"cloudfront_gb_out must be a mapping"),
    (
        "cf unknown location",
        _est(cloudfront_gb_out={"korea": 5}),
        EstimateError,
        r"cloudfront_gb_out location 'korea' has no sourced price here",
    ),
    ("cf location int", _est(cloudfront_gb_out={1: 5}), TypeError, r"cloudfront_gb_out location must be str"),
    ("cf gb nan", _est(cloudfront_gb_out={"japan": NAN}), EstimateError, r"cloudfront_gb_out\['japan'\]=nan"),
    (
        "cf gb past first tier",
        _est(cloudfront_gb_out={"japan": 20_000}),
        EstimateError,
        r"cloudfront_gb_out\['japan'\]=20000: give an amount from 0 to 10,240",
    ),
    ("cf requests float", _est(cloudfront_requests={"india": 1.5}), TypeError, r"must be int, not float"),
    ("cf requests -1", _est(cloudfront_requests={"india": -1}), EstimateError, r"cloudfront_requests\['india'\]=-1"),
    (
        "cf huge mapping",
        _est(cloudfront_requests={str(i): 1 for i in range(200_000)}),
        EstimateError,
        r"200,000 entries: there are 8 viewer locations",
    ),
]

# The architecture, its proofs, the game day, the review and cost against resilience.
_ARCH = image_service()
_GOOD = {"region": "us-east-1", "azs": 3, "nat_gateways": 3, "multi_az": True}


def _svc(**bad):
    return lambda: image_service(**bad)


def _cvr(**bad):
    return lambda: cost_vs_resilience(**{**_GOOD, **bad})


def _day(**bad):
    return lambda: game_day(_ARCH, **{"lost_az": "us-east-1a", **bad})


CASES += [
    ("service azs huge", _svc(azs=HUGE), VpcError, r"azs=\d+"),
    ("service azs bool", _svc(azs=True), TypeError, r"azs must be int"),
    ("service azs nan", _svc(azs=NAN), TypeError, r"azs must be int"),
    ("service nat -1", _svc(nat_gateways=-1), VpcError, r"nat_gateways=-1"),
    ("service name long", _svc(name="a" * 10**6), VpcError, r"name='a+'"),
    ("service name nul", _svc(name="img\x00svc"), VpcError, r"lowercase letters"),
    ("service region list", _svc(region=["us-east-1"]), TypeError, r"region"),
    ("service multi_az str", _svc(multi_az="yes"), TypeError, r"multi_az must be True or False"),
    ("cvr region unpriced", _cvr(region="x" * 10**6), EstimateError, r"no sourced prices"),
    ("cvr azs huge", _cvr(azs=HUGE), EstimateError, r"azs=\d+"),
    ("cvr nat 0", _cvr(nat_gateways=0), EstimateError, r"nat_gateways=0"),
    ("cvr multi_az int", _cvr(multi_az=1), TypeError, r"multi_az must be True or False"),
    ("model azs 7", lambda: availability_model(azs=7, nat_gateways=1, multi_az=True), EstimateError, r"azs=7"),
    (
        "estimate_for region",
        lambda: estimate_for(region="mars", azs=3, nat_gateways=1, multi_az=True),
        EstimateError,
        r"mars",
    ),
    ("paths not arch", lambda: prove_paths("vpc"), TypeError, r"image_service"),
    ("privilege not arch", lambda: least_privilege(None), TypeError, r"image_service"),
    ("privilege tier", lambda: least_privilege(_ARCH, policies={"x" * 10**6: {}}), KeyError, r"no tier"),
    ("privilege deep policy", lambda: least_privilege(_ARCH, policies={"worker": "[" * 10**5}), PolicyError, r"."),
    ("day az unknown", _day(lost_az="z" * 10**6), AvailabilityZoneError, r"lost_az="),
    ("day minutes huge", _day(minutes=HUGE), AvailabilityError, r"minutes=\d+"),
    ("day minutes bool", _day(minutes=True), TypeError, r"minutes must be int"),
    ("day seed nan", _day(seed=NAN), TypeError, r"seed must be int"),
    ("day target nan", _day(availability_target=NAN), AvailabilityError, r"availability_target=nan"),
    ("day target inf", _day(availability_target=INF), AvailabilityError, r"availability_target=inf"),
    ("day not arch", lambda: game_day("arch", lost_az="a"), TypeError, r"image_service"),
    ("review not arch", lambda: review(3), TypeError, r"image_service"),
    ("review templates dict", lambda: review(_ARCH, templates={}), TypeError, r"templates"),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_quickly_with_the_rule(call, error, message):
    kind, text = run_limited(call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    assert kind == error.__name__, text
    assert re.search(message, text), text


def test_largest_allowed_inputs_still_run_in_the_parent():
    est = monthly_estimate(
        region="us-east-1",
        web_instances=10_000,
        worker_instances=10_000,
        s3_gb=1e9,
        sqs_requests=10**13,
        cloudfront_gb_out={loc: 10_240 for loc in ("japan", "india")},
        internet_egress_gb=10_340,
        azs=6,
        nat_gateways=6,
    )
    assert est.total_usd > 0
    assert alb_lcus(
        new_connections_per_s=1e9,
        active_connections_per_min=0,
        processed_gb_per_hour=0,
        rule_evaluations_per_s=1e9,
        rules=10_000,
    ).lcus == pytest.approx(4e7)
