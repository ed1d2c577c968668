"""IPv6 in the VPC model: the 128-bit block type, dual-stack subnets, egress-only gateways, rules, reachability.

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (an Amazon-provided
/56 per VPC, /64 subnets, five reserved addresses), https://docs.aws.amazon.com/vpc/latest/userguide/
egress-only-internet-gateway.html (IPv6 out and replies back, nothing in),
https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html (rule 101 for ::/0),
https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html (::/0 outbound in IPv6 VPCs).
"""

import ipaddress
import random

import pytest

from awsbasics.errors import CidrError, VpcError
from awsbasics.network import VPC, EgressOnlyInternetGateway, Ipv6Cidr, reachability
from awsbasics.network.ipv6 import amazon_provided_block, format_ipv6, is_ipv6, parse_ipv6

REGION = "ap-northeast-2"


# ----- the block type, against the stdlib oracle -------------------------------------------------


def test_format_and_parse_match_ipaddress():
    rng = random.Random(7)
    for i in range(2000):
        value = rng.getrandbits(128)
        if i % 3 == 0:
            value &= ~((1 << rng.randrange(128)) - 1)
        if i % 4 == 0:
            value &= 0xFFFF0000FFFF000000000000FFFF0000
        expected = ipaddress.IPv6Address(value)
        assert format_ipv6(value) == str(expected)
        assert parse_ipv6(expected.exploded) == value
        assert parse_ipv6(str(expected)) == value


def test_blocks_match_ipaddress():
    rng = random.Random(11)
    for _ in range(500):
        prefix = rng.randrange(129)
        network = rng.getrandbits(128) & ~((1 << (128 - prefix)) - 1)
        oracle = ipaddress.IPv6Network((network, prefix))
        block = Ipv6Cidr(network, prefix)
        assert str(block) == str(oracle)
        assert block.num_addresses == oracle.num_addresses
        assert block.last_address == str(oracle.broadcast_address)
        inside = format_ipv6(network + rng.randrange(oracle.num_addresses))
        assert block.contains(inside)


def test_parse_round_trips_and_names_the_network_for_host_bits():
    block = Ipv6Cidr.parse("2001:DB8:1234:1A00::/56")
    assert str(block) == "2001:db8:1234:1a00::/56"
    assert eval(repr(block)) == block
    with pytest.raises(
        CidrError,
        match=r"^2001:db8::1/64 has host bits set: the last 64 bits .* did you mean "
        r"2001:db8::/64\?$",
    ):
        Ipv6Cidr.parse("2001:db8::1/64")


@pytest.mark.parametrize(
    "text, message",
    [
        ("2001:db8::1::2/64", "uses '::' twice"),
        ("2001:db8:0:0:0:0:0:0:1/64", "has 9 groups"),
        ("2001:db8::g/64", "is not one to four hex digits"),
        ("2001:db8::/129", "/0 to /128"),
        ("::ffff:10.0.0.1/128", "IPv4-mapped"),
        ("2001:" * 40, "too long"),
    ],
)
def test_bad_text_is_refused(text, message):
    with pytest.raises(CidrError, match=message):
        Ipv6Cidr.parse(text)


def test_a_56_holds_256_subnets_of_64():
    block = Ipv6Cidr.parse("2001:db8:1234:1a00::/56")
    assert block.subnet_count(64) == 256
    assert str(block.subnet(0)) == "2001:db8:1234:1a00::/64"
    assert str(block.subnet(255)) == "2001:db8:1234:1aff::/64"
    assert block.subnet(1).usable_addresses == 2**64 - 5
    with pytest.raises(CidrError, match="numbered 0 to 255; not 256"):
        block.subnet(256)
    assert is_ipv6("::/0") and not is_ipv6("0.0.0.0/0")


def test_amazon_provided_blocks_are_deterministic_56s_in_the_documentation_prefix():
    block = amazon_provided_block("vpc-x")
    assert block == amazon_provided_block("vpc-x") and block.prefix == 56
    assert Ipv6Cidr.parse("2001:db8::/32").contains(block)


# ----- the model -------------------------------------------------------------------------------


def _dual_stack():
    """Public and private dual-stack subnets; the private one routes ::/0 to an egress-only gateway."""
    vpc = VPC("10.0.0.0/16", name="ds", region=REGION)
    vpc.assign_ipv6_cidr_block()
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a", ipv6_cidr="auto")
    private = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}a", name="private-a", ipv6_cidr="auto")
    igw = vpc.add_internet_gateway()
    table = vpc.add_route_table("public")
    table.associate(public)
    table.add_route("0.0.0.0/0", igw)
    table.add_route("::/0", igw)
    eigw = vpc.add_egress_only_internet_gateway()
    private_table = vpc.add_route_table("private")
    private_table.associate(private)
    private_table.add_route("::/0", eigw)
    group = vpc.add_security_group("web")
    group.allow_inbound(443, source="::/0")
    web = vpc.add_instance("web", public, security_groups=[group], ipv6=True)
    app = vpc.add_instance("app", private, security_groups=[group], ipv6=True)
    return vpc, web, app


def test_a_vpc_gets_a_56_and_subnets_get_64s_in_order():
    vpc, web, app = _dual_stack()
    block = vpc.ipv6_cidr
    assert block.prefix == 56 and vpc.ipv6_cidr_blocks == (block,)
    assert [s.ipv6_cidr for s in vpc.subnets] == [block.subnet(0), block.subnet(1)]
    assert all(s.is_dual_stack for s in vpc.subnets)
    # The first four addresses are reserved, as for IPv4: the first instance gets offset 4.
    assert web.ipv6_address == block.subnet(0).address(4)
    assert app.ipv6_address == block.subnet(1).address(4)


def test_an_ipv6_block_adds_the_default_acl_rule_101_and_the_default_group_rule():
    vpc = VPC("10.0.0.0/16")
    vpc.assign_ipv6_cidr_block()
    numbered = [(r.number, r.direction, r.cidr) for r in vpc.default_network_acl.rules if r.number is not None]
    assert numbered == [
        (100, "inbound", "0.0.0.0/0"),
        (101, "inbound", "::/0"),
        (100, "outbound", "0.0.0.0/0"),
        (101, "outbound", "::/0"),
    ]
    assert [r.peer for r in vpc.default_security_group.outbound()] == ["0.0.0.0/0", "::/0"]
    assert [r.peer for r in vpc.add_security_group("new").outbound()] == ["0.0.0.0/0", "::/0"]


def test_a_changed_default_acl_gets_no_ipv6_rule():
    vpc = VPC("10.0.0.0/16")
    vpc.default_network_acl.remove_rule(100, direction="inbound")
    vpc.assign_ipv6_cidr_block()
    assert [r.number for r in vpc.default_network_acl.entries("inbound")] == [None]
    assert [r.number for r in vpc.default_network_acl.entries("outbound")] == [100, 101, None]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda v: v.assign_ipv6_cidr_block("2001:db8::/48"), CidrError, r"a /48; an Amazon-provided .* /56"),
        (lambda v: v.subnets[0].assign_ipv6_cidr_block(), VpcError, r"already has IPv6 block"),
        (
            lambda v: v.add_subnet("10.0.2.0/24", az=f"{REGION}a", ipv6_cidr="2001:db8::/64"),
            CidrError,
            r"not inside the VPC's IPv6 blocks",
        ),
        (
            lambda v: v.add_subnet("10.0.2.0/24", az=f"{REGION}a", ipv6_cidr=str(v.ipv6_cidr.subnet(0))),
            CidrError,
            r"already subnet public-a's IPv6 block",
        ),
        (
            lambda v: v.add_subnet("10.0.2.0/24", az=f"{REGION}a", ipv6_cidr=str(v.ipv6_cidr.subnet(0, 60))),
            CidrError,
            r"a /60; a subnet .* /64",
        ),
        (lambda v: v.add_egress_only_internet_gateway(), VpcError, r"already has egress-only internet gateway"),
        (
            lambda v: v.get("private").add_route("0.0.0.0/0", v.egress_only_internet_gateway),
            VpcError,
            r"carries IPv6 only",
        ),
        (lambda v: v.get("private").add_route("::/0", v.internet_gateway), VpcError, r"already has a route for ::/0"),
        (
            lambda v: v.get("public").add_route(str(v.ipv6_cidr.subnet(3)), v.internet_gateway),
            VpcError,
            r"lies inside the VPC block",
        ),
        (
            lambda v: v.get("private").add_route("2001:db8:ffff::/48", v.add_nat_gateway(v.get("public-a"))),
            VpcError,
            r"an IPv6 route .* not to a NAT gateway",
        ),
        (
            lambda v: v.add_instance("x", v.add_subnet("10.0.9.0/24", az=f"{REGION}a", name="v4"), ipv6=True),
            VpcError,
            r"subnet v4 has no IPv6 block",
        ),
    ],
)
def test_ipv6_rules_are_enforced_without_changing_the_model(call, error, message):
    vpc, _web, _app = _dual_stack()
    before = vpc.to_json()
    with pytest.raises(error, match=message):
        call(vpc)
    if "nat" not in message.lower() and "v4" not in message:
        assert vpc.to_json() == before


def test_an_ipv4_only_vpc_refuses_ipv6_pieces():
    vpc = VPC("10.0.0.0/16", name="v4")
    with pytest.raises(VpcError, match="has no IPv6 block; an egress-only internet gateway carries IPv6 only"):
        vpc.add_egress_only_internet_gateway()
    with pytest.raises(VpcError, match="call assign_ipv6_cidr_block\\(\\) before a dual-stack subnet"):
        vpc.add_subnet("10.0.0.0/24", az="az-a", ipv6_cidr="auto")
    assert vpc.subnets == ()


def test_security_group_and_acl_rules_keep_the_families_apart():
    vpc, web, _app = _dual_stack()
    group = web.security_groups[0]
    assert group.evaluate("inbound", protocol="tcp", port=443, address="2001:db8:ffff::10").allowed
    assert not group.evaluate("inbound", protocol="tcp", port=443, address="192.0.2.10").allowed  # ::/0 only
    acl = vpc.add_network_acl("v6")
    acl.deny(90, direction="inbound", ports=443, cidr="2001:db8:ffff::/48")
    acl.allow(100, direction="inbound", ports=443, cidr="::/0")
    acl.allow(110, direction="inbound", ports=443, cidr="0.0.0.0/0")
    assert acl.evaluate("inbound", protocol="tcp", ports=443, address="2001:db8:ffff::10").rule.number == 90
    assert acl.evaluate("inbound", protocol="tcp", ports=443, address="2001:db8:aaaa::1").rule.number == 100
    assert acl.evaluate("inbound", protocol="tcp", ports=443, address="192.0.2.10").rule.number == 110
    assert [r.text() for r in acl.entries("inbound")][0] == "rule 90: deny tcp 443 from 2001:db8:ffff::/48"


# ----- reachability over IPv6 ------------------------------------------------------------------


def test_a_dual_stack_private_subnet_reaches_the_internet_through_the_egress_only_gateway():
    vpc, _web, app = _dual_stack()
    out = reachability(vpc, app, "internet", port=443, ip_version=6)
    assert out.reachable
    assert out.path_labels == ("instance app", "egress-only internet gateway eigw", "internet")
    assert out.verdict == "instance app -> internet tcp/443 over IPv6: reachable"


def test_the_internet_cannot_open_a_connection_to_it():
    vpc, _web, app = _dual_stack()
    result = reachability(vpc, "internet", app, port=443, ip_version=6)
    assert not result.reachable and result.reasons == ("EGRESS_ONLY",)


def test_a_public_dual_stack_subnet_is_reachable_over_ipv6_without_a_public_ipv4():
    vpc, web, _app = _dual_stack()
    assert reachability(vpc, "internet", web, port=443, ip_version=6).reachable
    assert reachability(vpc, "internet", web, port=443).reason == "NO_PUBLIC_IP"
    assert reachability(vpc, web, "internet", port=443, ip_version=6).reachable


def test_ipv6_between_instances_uses_the_local_ipv6_route():
    vpc, web, app = _dual_stack()
    result = reachability(vpc, web, app, port=443, ip_version=6)
    assert result.reachable
    assert f"to {vpc.ipv6_cidr} -> local" in result.hops[2].detail


def test_ipv6_acl_deny_and_missing_pieces_are_explained():
    vpc, _web, app = _dual_stack()
    acl = vpc.add_network_acl("strict")
    acl.allow(100, direction="outbound", ports=443, cidr="::/0")
    acl.associate(app.subnet)
    reply = reachability(vpc, app, "internet", port=443, ip_version=6)
    assert reply.reasons == ("NACL_RETURN_DENIED",)
    vpc.get("private").remove_route("::/0")
    assert reachability(vpc, app, "internet", port=443, ip_version=6).reason == "NO_ROUTE"
    v4 = vpc.add_instance("v4", app.subnet, security_groups=app.security_groups)
    assert reachability(vpc, v4, "internet", port=443, ip_version=6).reason == "NO_IPV6_ADDRESS"


def test_without_an_internet_gateway_the_egress_only_one_is_named():
    vpc = VPC("10.0.0.0/16", name="only-out")
    vpc.assign_ipv6_cidr_block()
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a", ipv6_cidr="auto")
    vpc.main_route_table.add_route("::/0", vpc.add_egress_only_internet_gateway())
    box = vpc.add_instance("box", subnet, ipv6=True)
    result = reachability(vpc, "internet", box, port=22, ip_version=6)
    assert result.reason == "NO_IGW" and "lets connections out, never in" in result.hops[0].detail
    assert reachability(vpc, box, "internet", port=443, ip_version=6).reachable


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"ip_version": 5}, VpcError, "must be 4 or 6"),
        ({"ip_version": "6"}, TypeError, "ip_version must be int"),
        ({"ip_version": True}, TypeError, "ip_version must be int"),
    ],
)
def test_ip_version_is_checked(kwargs, error, message):
    vpc, web, app = _dual_stack()
    with pytest.raises(error, match=message):
        reachability(vpc, web, app, port=443, **kwargs)


def test_ipv6_to_a_service_is_not_followed():
    vpc, web, _app = _dual_stack()
    with pytest.raises(VpcError, match="over IPv6 this model follows"):
        reachability(vpc, web, "s3", port=443, ip_version=6)


# ----- in and out of describe-* shapes ---------------------------------------------------------


def _responses(vpc):
    aws = vpc.to_aws()
    return dict(
        vpcs=aws["Vpcs"],
        subnets=aws["Subnets"],
        route_tables=aws["RouteTables"],
        internet_gateways=aws["InternetGateways"],
        nat_gateways=aws["NatGateways"],
        security_groups=aws["SecurityGroups"],
        network_acls=aws["NetworkAcls"],
        egress_only_internet_gateways=aws.get("EgressOnlyInternetGateways"),
    )


def test_to_aws_writes_the_ipv6_shapes_of_the_ec2_api():
    vpc, web, _app = _dual_stack()
    aws = vpc.to_aws()
    assert aws["Vpcs"][0]["Ipv6CidrBlockAssociationSet"] == [
        {"Ipv6CidrBlock": str(vpc.ipv6_cidr), "Ipv6CidrBlockState": {"State": "associated"}, "Ipv6Pool": "Amazon"}
    ]
    assert aws["Subnets"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"] == str(vpc.ipv6_cidr.subnet(0))
    private = next(t for t in aws["RouteTables"] if t["RouteTableId"] == vpc.get("private").id)
    eigw = vpc.egress_only_internet_gateway
    assert {"State": "active", "DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": eigw.id} in private[
        "Routes"
    ]
    assert {"State": "active", "DestinationIpv6CidrBlock": str(vpc.ipv6_cidr), "GatewayId": "local"} in private[
        "Routes"
    ]
    assert aws["EgressOnlyInternetGateways"] == [
        {
            "EgressOnlyInternetGatewayId": eigw.id,
            "Attachments": [{"VpcId": vpc.id, "State": "attached"}],
            "Tags": [{"Key": "Name", "Value": "eigw"}],
        }
    ]
    group = next(g for g in aws["SecurityGroups"] if g["GroupName"] == "web")
    assert group["IpPermissions"] == [
        {
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "IpRanges": [],
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            "UserIdGroupPairs": [],
        }
    ]
    default_acl = next(a for a in aws["NetworkAcls"] if a["IsDefault"])
    assert {
        "RuleNumber": 101,
        "Protocol": "-1",
        "RuleAction": "allow",
        "Egress": False,
        "Ipv6CidrBlock": "::/0",
    } in default_acl["Entries"]


def test_from_aws_keeps_ipv6_and_round_trips():
    vpc, _web, _app = _dual_stack()
    vpc.add_network_acl("v6").deny(90, direction="inbound", cidr="2001:db8:ffff::/48", protocol="all")
    back = VPC.from_aws(**_responses(vpc))
    assert back.import_notes == ()
    assert back.to_aws() == vpc.to_aws()
    assert back.ipv6_cidr == vpc.ipv6_cidr
    assert isinstance(back.egress_only_internet_gateway, EgressOnlyInternetGateway)


def test_a_saved_vpc_keeps_instance_ipv6_addresses():
    vpc, web, app = _dual_stack()
    again = VPC.from_json(vpc.to_json())
    assert again.to_dict() == vpc.to_dict()
    assert again.get("app").ipv6_address == app.ipv6_address
    # The next address handed out follows the restored ones.
    assert again.add_instance("more", again.get("private-a"), ipv6=True).ipv6_address == app.subnet.ipv6_cidr.address(5)


def test_a_saved_ipv6_address_outside_its_subnet_is_refused_with_its_path():
    vpc, _web, _app = _dual_stack()
    document = vpc.to_dict()
    document["instances"][0]["interfaces"][0]["ipv6_address"] = "2001:db8:ffff::1"
    with pytest.raises(
        VpcError,
        match=r"^instances\[0\]\.interfaces\[0\]\.ipv6_address: '2001:db8:ffff::1' is not "
        r"inside subnet public-a's IPv6 block",
    ):
        VPC.from_dict(document)


def test_an_older_saved_vpc_without_ipv6_still_loads():
    vpc = VPC("10.0.0.0/16", name="old")
    vpc.add_subnet("10.0.0.0/24", az="az-a")
    document = vpc.to_dict()
    assert "EgressOnlyInternetGateways" not in document["aws"]
    assert VPC.from_dict(document).to_dict() == document
