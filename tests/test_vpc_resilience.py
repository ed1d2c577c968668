"""One NAT gateway per AZ, private NAT gateways, failed AZs and the shipped describe-* example.

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html (a NAT gateway is
created in one AZ; for zone independence create one per AZ and route each AZ to its own; a private
NAT gateway has no Elastic IP and cannot reach the internet),
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html (the example's shapes).
"""

import pytest

from awsbasics.errors import VpcError
from awsbasics.network import VPC, example_vpc, reachability
from awsbasics.network.example import example_describe_output

REGION = "ap-northeast-2"
A, C = f"{REGION}a", f"{REGION}c"


def _two_az(*, nat_per_az: bool):
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    public = [
        vpc.add_subnet("10.0.0.0/24", az=A, name="public-a"),
        vpc.add_subnet("10.0.1.0/24", az=C, name="public-c"),
    ]
    private = [vpc.add_subnet("10.0.16.0/20", az=A, name="app-a"), vpc.add_subnet("10.0.32.0/20", az=C, name="app-c")]
    table = vpc.add_route_table("public")
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    for subnet in public:
        table.associate(subnet)
    nats = [vpc.add_nat_gateway(s) for s in (public if nat_per_az else public[:1])]
    for subnet, zone in zip(private, "ac"):
        t = vpc.add_route_table(f"app-{zone}")
        t.associate(subnet)
        t.add_route("0.0.0.0/0", nats[0] if len(nats) == 1 else nats["ac".index(zone)])
    web = [vpc.add_instance(f"web-{z}", s) for z, s in zip("ac", private)]
    return vpc, web, nats


def test_each_az_leaves_through_its_own_nat_gateway():
    vpc, (web_a, web_c), (nat_a, nat_c) = _two_az(nat_per_az=True)
    assert f"NAT gateway {nat_a.name}" in reachability(vpc, web_a, "internet", port=443).path_labels
    assert f"NAT gateway {nat_c.name}" in reachability(vpc, web_c, "internet", port=443).path_labels


def test_one_shared_nat_gateway_is_a_single_point_of_failure():
    vpc, (web_a, web_c), _ = _two_az(nat_per_az=False)
    result = reachability(vpc, web_c, "internet", port=443, failed_azs=[A])
    assert result.reasons == ("AZ_UNAVAILABLE",)
    assert result.verdict == (f"instance web-c -> internet tcp/443 with {A} failed: NOT reachable (AZ_UNAVAILABLE)")


def test_with_one_nat_per_az_the_other_az_keeps_the_internet():
    vpc, (web_a, web_c), _ = _two_az(nat_per_az=True)
    assert reachability(vpc, web_c, "internet", port=443, failed_azs=[A]).reachable
    assert reachability(vpc, web_a, "internet", port=443, failed_azs=[A]).reason == "AZ_UNAVAILABLE"


def test_a_load_balancer_keeps_serving_from_the_surviving_az():
    vpc, (web_a, web_c), _ = _two_az(nat_per_az=True)
    alb_sg = vpc.add_security_group("alb")
    alb_sg.allow_inbound(443, source="0.0.0.0/0")
    alb = vpc.add_load_balancer("alb", subnets=[vpc.get("public-a"), vpc.get("public-c")], security_groups=[alb_sg])
    alb.add_listener(443, protocol="HTTPS", default=alb.add_target_group("web", targets=[web_a, web_c]))
    assert reachability(vpc, "internet", alb, port=443, failed_azs=[A]).reachable
    assert reachability(vpc, "internet", alb, port=443, failed_azs=[A, C]).reason == "AZ_UNAVAILABLE"


@pytest.mark.parametrize(
    "failed, error, message",
    [
        ("ap-northeast-2a", TypeError, "failed_azs must be a list"),
        ([5], TypeError, "holds AZ names"),
        (["us-east-1a"], VpcError, "not an AZ of the model"),
        (None, TypeError, "failed_azs must be a list"),
    ],
)
def test_failed_azs_are_checked(failed, error, message):
    vpc, (web_a, _), _ = _two_az(nat_per_az=True)
    with pytest.raises(error, match=message):
        reachability(vpc, web_a, "internet", port=443, failed_azs=failed)


def test_a_private_nat_gateway_has_no_elastic_ip_and_no_internet():
    vpc, (web_a, _), _ = _two_az(nat_per_az=True)
    private_nat = vpc.add_nat_gateway(vpc.get("app-a"), name="to-on-prem", connectivity="private")
    assert (private_nat.elastic_ip, private_nat.public_ip, private_nat.connectivity) == (None, None, "private")
    assert private_nat.text().endswith("; private NAT gateway, no Elastic IP")
    table = vpc.add_route_table("isolated")
    subnet = vpc.add_subnet("10.0.48.0/24", az=A, name="isolated-a")
    table.associate(subnet)
    table.add_route("0.0.0.0/0", private_nat)
    box = vpc.add_instance("box", subnet)
    assert reachability(vpc, box, "internet", port=443).reason == "NAT_PRIVATE"
    saved = VPC.from_json(vpc.to_json())
    assert saved.to_dict() == vpc.to_dict()
    assert saved.get("to-on-prem").connectivity == "private"


def test_nat_connectivity_is_checked():
    vpc, _, _ = _two_az(nat_per_az=True)
    with pytest.raises(VpcError, match="connectivity 'shared' is not a NAT gateway type: use 'public' or 'private'"):
        vpc.add_nat_gateway(vpc.get("public-a"), connectivity="shared")
    with pytest.raises(TypeError, match="connectivity must be str"):
        vpc.add_nat_gateway(vpc.get("public-a"), connectivity=None)
    with pytest.raises(VpcError, match="NAT gateway needs a public subnet"):
        vpc.add_nat_gateway(vpc.get("app-a"))


def test_the_shipped_example_reads_into_a_two_az_vpc():
    vpc = example_vpc()
    assert vpc.name == "shop-prod" and vpc.region == REGION
    assert vpc.availability_zones == (A, C)
    assert [(s.name, s.is_public, s.ipv6_cidr is not None) for s in vpc.subnets] == [
        ("public-a", True, True),
        ("public-c", True, True),
        ("app-a", False, True),
        ("app-c", False, True),
        ("db-a", False, False),
        ("db-c", False, False),
    ]
    assert sorted(n.subnet.name for n in vpc.nat_gateways) == ["public-a", "public-c"]
    assert vpc.egress_only_internet_gateway is not None
    # The gateway endpoint's prefix-list routes need describe-vpc-endpoints, which the example does not include.
    assert all("pl-" in note and "not modelled" in note for note in vpc.import_notes) and len(vpc.import_notes) == 2
    db = next(g for g in vpc.security_groups if g.name == "db")
    web = next(g for g in vpc.security_groups if g.name == "web")
    assert [r.text() for r in db.inbound()] == [f"allow tcp 5432 from {web.id}"]


def test_the_example_is_describe_output_with_fields_the_model_ignores():
    output = example_describe_output()
    assert set(output) == {
        "Vpcs",
        "Subnets",
        "RouteTables",
        "InternetGateways",
        "EgressOnlyInternetGateways",
        "NatGateways",
        "SecurityGroups",
        "NetworkAcls",
    }
    assert output["Subnets"][0]["AvailabilityZoneId"] == "apne2-az1"
    output["Vpcs"].clear()  # a copy: the shipped data is unchanged
    assert example_describe_output()["Vpcs"]
