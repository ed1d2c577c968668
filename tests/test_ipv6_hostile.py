"""Hostile input for the IPv6, cost, example and failed-AZ additions of the network area.

Each call runs in a forked child with a memory and time limit (tests/_hostile.py) and must end in
an AwsRuleError subclass or a TypeError, quickly; failed changes leave the saved model unchanged.
"""

import re

import pytest
from _hostile import run_limited, run_on_model

from awsbasics.network import VPC, Ipv6Cidr, network_cost, reachability, s3_through_nat_vs_endpoint
from awsbasics.network.ipv6 import amazon_provided_block, format_ipv6, parse_ipv6

ALLOWED = {"CidrError", "VpcError", "TypeError"}


def _vpc():
    vpc = VPC("10.0.0.0/16", name="h", region="ap-northeast-2")
    vpc.assign_ipv6_cidr_block()
    subnet = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="a", ipv6_cidr="auto")
    vpc.add_instance("box", subnet, ipv6=True)
    return vpc


CASES = [
    ("parse 10**6 colons", lambda: Ipv6Cidr.parse(":" * 10**6), "too long"),
    ("parse 10**6 hex", lambda: parse_ipv6("f" * 10**6), "not an IPv6 address"),
    ("parse Arabic-Indic digits", lambda: Ipv6Cidr.parse("2001:db8::/\u0666\u0664"), "prefix after '/'"),
    ("parse full-width hex", lambda: Ipv6Cidr.parse("２００１:db8::/64"), "not one to four hex digits"),
    ("parse None", lambda: Ipv6Cidr.parse(None), "must be str"),
    ("parse bytes", lambda: parse_ipv6(b"::1"), "must be str"),
    ("prefix 10**30 digits", lambda: Ipv6Cidr.parse("::/" + "9" * 30), "prefix after '/'"),
    ("format -1", lambda: format_ipv6(-1), "from 0 to 2\\*\\*128"),
    ("format 2**200", lambda: format_ipv6(2**200), "from 0 to 2\\*\\*128"),
    ("format 1.5", lambda: format_ipv6(1.5), "must be int"),
    ("Ipv6Cidr(True, 64)", lambda: Ipv6Cidr(True, 64), "must be int"),
    ("subnet 10**30", lambda: Ipv6Cidr.parse("2001:db8::/56").subnet(10**30), "numbered 0 to 255"),
    ("subnet_count 200", lambda: Ipv6Cidr.parse("2001:db8::/56").subnet_count(200), "do not fit"),
    ("subnet 'x'", lambda: Ipv6Cidr.parse("2001:db8::/56").subnet("x"), "must be int"),
    ("address 2**70", lambda: Ipv6Cidr.parse("2001:db8::/64").address(2**70), "outside"),
    ("contains 5", lambda: Ipv6Cidr.parse("::/0").contains(5), "compare with"),
    ("amazon_provided_block None", lambda: amazon_provided_block(None), "seed must be str"),
    ("assign 5", lambda: _vpc().assign_ipv6_cidr_block(5), "must be str"),
    (
        "add_subnet ipv6_cidr 5",
        lambda: _vpc().add_subnet("10.0.1.0/24", az="ap-northeast-2a", ipv6_cidr=5),
        "must be str",
    ),
    (
        "add_instance ipv6='yes'",
        lambda: (lambda v: v.add_instance("x", v.subnets[0], ipv6="yes"))(_vpc()),
        "ipv6 must be True or False",
    ),
    ("eigw name 5", lambda: _vpc().add_egress_only_internet_gateway(5), "must be str|already has"),
    (
        "nat connectivity list",
        lambda: (lambda v: v.add_nat_gateway(v.subnets[0], connectivity=["private"]))(_vpc()),
        "connectivity must be str",
    ),
    (
        "reachability failed_azs range(10**12)",
        lambda: (lambda v: reachability(v, "box", "internet", port=443, failed_azs=range(10**12)))(_vpc()),
        "more than 64 zones",
    ),
    (
        "reachability failed_azs bytes",
        lambda: (lambda v: reachability(v, "box", "internet", port=1, failed_azs=b"a"))(_vpc()),
        "failed_azs must be a list",
    ),
    (
        "reachability ip_version 10**100",
        lambda: (lambda v: reachability(v, "box", "internet", port=1, ip_version=10**100))(_vpc()),
        "must be 4 or 6",
    ),
    ("network_cost 10**400", lambda: network_cost(_vpc(), nat_gb_per_month=10**400), "must be a number|between"),
    ("network_cost list", lambda: network_cost([_vpc()]), "takes a VPC"),
    ("s3 comparison -inf", lambda: s3_through_nat_vs_endpoint(float("-inf")), "between 0"),
    (
        "reachability_explorer None",
        lambda: __import__("awsbasics.widgets.network", fromlist=["x"]).reachability_explorer(None),
        "not iterable|must be",
    ),
    (
        "reachability_explorer port 0",
        lambda: __import__("awsbasics.widgets.network", fromlist=["x"]).reachability_explorer(_vpc(), port=0),
        "port 0 is outside 1-65535",
    ),
    (
        "from_aws huge IPv6 text",
        lambda: VPC.from_aws(
            vpcs=[
                {
                    "VpcId": "vpc-1",
                    "CidrBlock": "10.0.0.0/16",
                    "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "f" * 100_000}],
                }
            ]
        ),
        "too long",
    ),
    (
        "from_aws Ipv6 set not a list",
        lambda: VPC.from_aws(vpcs=[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Ipv6CidrBlockAssociationSet": "x"}]),
        "is str",
    ),
    (
        "from_aws eigw id",
        lambda: VPC.from_aws(
            vpcs=[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
            egress_only_internet_gateways=[{"EgressOnlyInternetGatewayId": 5}],
        ),
        "is int, not text",
    ),
]


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_quickly(call, message):
    kind, text = run_limited(call)
    assert kind in ALLOWED, f"{kind}: {text}"
    assert re.search(message, text), text


def _eigw_vpc():
    vpc = _vpc()
    vpc.add_egress_only_internet_gateway()
    return vpc


MUTATIONS = [
    ("a second EIGW", lambda v: v.add_egress_only_internet_gateway()),
    ("IPv4 route to the EIGW", lambda v: v.main_route_table.add_route("0.0.0.0/0", v.egress_only_internet_gateway)),
    (
        "IPv6 route to a peering connection",
        lambda v: v.main_route_table.add_route("2001:db8:ffff::/48", v.peer(VPC("10.9.0.0/16", name="other"))),
    ),
    (
        "a dual-stack subnet outside the block",
        lambda v: v.add_subnet("10.0.5.0/24", az="ap-northeast-2a", ipv6_cidr="2001:db8::/64"),
    ),
    (
        "a dual-stack subnet on a used /64",
        lambda v: v.add_subnet("10.0.5.0/24", az="ap-northeast-2a", ipv6_cidr=str(v.subnets[0].ipv6_cidr)),
    ),
    ("a /48 block", lambda v: v.assign_ipv6_cidr_block("2001:db8::/48")),
]


@pytest.mark.parametrize("change", [m[1] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_a_failed_change_leaves_the_model_unchanged(change):
    kind, names, message, unchanged = run_on_model(_eigw_vpc, lambda v: v.to_json(), change, seconds=10)
    assert "AwsRuleError" in names or kind == "TypeError", f"{kind}: {message}"
    if "peering" not in message:
        assert unchanged, message
