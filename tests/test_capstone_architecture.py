"""The capstone architecture: what image_service builds, its proofs, its stacks and the cost-vs-resilience numbers.

Expected values follow the engines' documented rules: a subnet and an instance per tier in each AZ;
one route to each AZ's own NAT gateway (or a shared one); security groups chained by group reference
(https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html); the SLA figures in
awsbasics/data/capstone.json (RDS Multi-AZ 99.95%, Single-DB 99.5%, ELB multi-AZ 99.99%, EC2 instance 99.5%).
"""

from __future__ import annotations

import math

import pytest

from awsbasics import data
from awsbasics.capstone import (
    Architecture,
    availability_model,
    cost_vs_resilience,
    image_service,
    least_privilege,
    prove_paths,
)
from awsbasics.capstone.checks import short_resource
from awsbasics.errors import EstimateError, PolicyError, RegionError, VpcError

SLA = {row[0]: row[1] for row in data.fact("capstone", "sla_availability")["rows"]}
NAT = data.value("capstone", "nat_gateway_availability")


@pytest.fixture(scope="module")
def arch() -> Architecture:
    return image_service()


def test_three_az_service_has_four_subnets_and_an_instance_per_tier_in_each_az(arch):
    assert arch.azs == ("us-east-1a", "us-east-1b", "us-east-1c")
    assert {tier: [s.name for s in subnets] for tier, subnets in arch.subnets.items()} == {
        "public": ["public-a", "public-b", "public-c"],
        "web": ["web-a", "web-b", "web-c"],
        "worker": ["worker-a", "worker-b", "worker-c"],
        "data": ["data-a", "data-b", "data-c"],
    }
    assert [s.is_public for s in arch.subnets["public"]] == [True] * 3
    assert not any(s.is_public for tier in ("web", "worker", "data") for s in arch.subnets[tier])
    assert [i.subnet.az for i in arch.instances["web"]] == list(arch.azs)


def test_one_nat_gateway_per_az_and_the_s3_endpoint_on_every_private_table(arch):
    assert [n.subnet.name for n in arch.nat_gateways] == ["public-a", "public-b", "public-c"]
    assert len(arch.s3_endpoint.route_tables) == 3


def test_a_shared_nat_gateway_serves_every_az():
    shared = image_service(nat_gateways=1)
    targets = {
        t.name: next(r.target.name for r in t.routes if str(r.destination) == "0.0.0.0/0")
        for t in shared.vpc.route_tables
        if t.name.startswith("private-")
    }
    assert targets == {"private-a": "nat-a", "private-b": "nat-a", "private-c": "nat-a"}


def test_groups_database_and_roles_carry_the_deployment(arch):
    assert (arch.web.desired_capacity, arch.workers.desired_capacity) == (6, 6)
    assert arch.web.target_group is not None and arch.workers.target_group is None
    assert arch.web.instance_profile_role is arch.roles["web"]
    assert arch.database.port == 5432 and arch.database.az == "us-east-1a"
    assert arch.buckets["uploads"].public_access_block.all_on and arch.buckets["content"].public_access_block.all_on
    assert arch.queues["jobs"].dead_letter_queue is arch.queues["dead-letter"]
    assert [s.name for s in arch.topic.subscriptions] == ["imagesvc-jobs"]
    assert arch.distribution is not None and arch.buckets["content"].policy is not None


def test_every_path_behaves_as_designed(arch):
    proof = prove_paths(arch)
    assert proof.ok and len(proof.checks) == 8
    assert proof.check("internet -> database :5432").result.reasons == ("NO_PUBLIC_IP",)
    assert proof.check("worker-a -> database :5432").result.reasons == ("SG_INBOUND_DENIED",)
    assert "endpoint vpce-s3" in proof.check("worker-a -> S3 :443").result.path_labels
    with pytest.raises(KeyError, match="no path"):
        proof.check("nowhere")


def test_opening_the_database_to_the_vpc_fails_the_proof():
    open_db = image_service()
    open_db.security_groups["db"].allow_inbound(5432, source="10.0.0.0/16")
    proof = prove_paths(open_db)
    assert not proof.ok
    assert [c.name for c in proof.checks if not c.ok] == ["worker-a -> database :5432"]


def test_roles_are_least_privilege(arch):
    check = least_privilege(arch)
    assert check.ok and check.excess == [] and check.missing == [] and check.findings == ()
    assert check.verdict.startswith("Least privilege holds: every tier can do the 8 requests")


def test_an_over_broad_worker_policy_is_caught(arch):
    broad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    check = least_privilege(arch, policies={"worker": broad})
    assert not check.ok
    assert ("worker", "s3:DeleteBucket", arch.buckets["uploads"].arn) in check.excess
    assert ("worker", "sqs:ReceiveMessage", arch.queue_arn()) in check.missing
    assert {f.code for f in check.findings} == {"wildcard-action", "wildcard-resource"}


def test_least_privilege_refuses_unknown_tiers_and_bad_policies(arch):
    with pytest.raises(KeyError, match="no tier 'db'"):
        least_privilege(arch, policies={"db": {}})
    with pytest.raises(PolicyError):
        least_privilege(arch, policies={"worker": {"Statement": "nope"}})
    with pytest.raises(TypeError):
        least_privilege(arch, policies=["worker"])


def test_short_resource_names():
    assert short_resource("arn:aws:sns:us-east-1:111122223333:uploads") == "sns:uploads"
    assert short_resource("*") == "*"


def test_availability_model_is_chapter_06_arithmetic():
    instance, alb, multi = (
        SLA["EC2 instance"],
        SLA["Load balancer across two or more AZs"],
        SLA["RDS Multi-AZ DB instance"],
    )
    per_az = 1 - (1 - NAT * instance) ** 3  # three independent (NAT -> instance) branches
    assert math.isclose(availability_model(azs=3, nat_gateways=3, multi_az=True).availability, alb * per_az * multi)
    shared = NAT * (1 - (1 - instance) ** 3)  # one NAT in series with all three instances
    single = SLA["RDS Single-AZ DB instance"]
    assert math.isclose(availability_model(azs=3, nat_gateways=1, multi_az=False).availability, alb * shared * single)


def test_cost_and_availability_move_together():
    low = cost_vs_resilience(region="us-east-1", azs=3, nat_gateways=1, multi_az=False)
    high = cost_vs_resilience(region="us-east-1", azs=3, nat_gateways=3, multi_az=True)
    prices = data.fact("vpc", "network_prices")["value"]  # https://aws.amazon.com/vpc/pricing/
    assert high.monthly_usd > low.monthly_usd and high.availability > low.availability
    with_two = cost_vs_resilience(region="us-east-1", azs=3, nat_gateways=2, multi_az=False)
    # one more NAT gateway: its hours and its public IPv4 address, 730 hours each
    step = 730 * (prices["nat_gateway_usd_per_hour"] + prices["public_ipv4_usd_per_hour"])
    assert with_two.monthly_usd - low.monthly_usd == pytest.approx(step, abs=0.01)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"azs": 1}, VpcError, r"azs=1: .*at least 2 AZs"),
        ({"region": "ap-northeast-2", "azs": 5}, VpcError, r"ap-northeast-2 has 4"),
        ({"nat_gateways": 4}, VpcError, r"nat_gateways=4: 0 to 3"),
        ({"name": "Image_Svc"}, VpcError, r"lowercase letters"),
        ({"region": "mars-1"}, RegionError, r"mars-1"),
        ({"multi_az": 1}, TypeError, r"multi_az must be True or False"),
    ],
)
def test_image_service_refuses(kwargs, error, message):
    with pytest.raises(error, match=message):
        image_service(**kwargs)


def test_cost_vs_resilience_refuses_an_unpriced_region_and_no_nat():
    with pytest.raises(EstimateError, match="no sourced prices"):
        cost_vs_resilience(region="eu-west-1", azs=3, nat_gateways=1, multi_az=True)
    with pytest.raises(EstimateError, match="nat_gateways=0"):
        cost_vs_resilience(region="us-east-1", azs=3, nat_gateways=0, multi_az=True)


def test_layered_stacks_split_network_and_application(arch):
    network, application = arch.stacks()
    types = {r["Type"] for r in network["Resources"].values()}
    assert "AWS::EC2::VPC" in types and "AWS::ElasticLoadBalancingV2::LoadBalancer" not in types
    app_types = {r["Type"] for r in application["Resources"].values()}
    assert {
        "AWS::AutoScaling::AutoScalingGroup",
        "AWS::RDS::DBInstance",
        "AWS::CloudFront::Distribution",
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::IAM::Role",
    } <= app_types
    assert "Fn::ImportValue" in application.to_json()


def test_architecture_renders_text_html_and_a_diagram(arch):
    bundle = arch._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Image service imagesvc in us-east-1: 3 AZs, 3 NAT gateway(s)")
    assert "<table" in bundle["text/html"]
    dot = arch.diagram().dot
    assert "cluster_az_us_east_1a" in dot and "NAT gateway nat-a" in dot and "RDS imagesvc-db\\nstandby" in dot
