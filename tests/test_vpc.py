"""The VPC model: subnets, route tables, gateways, filters, load balancers, and changes that refuse cleanly."""

import json

import pytest

from awsbasics import data
from awsbasics.errors import CidrError, VpcError
from awsbasics.network import VPC, TransitGateway
from awsbasics.network.security import ephemeral_ports, port_range

REGION = "ap-northeast-2"


@pytest.fixture
def vpc():
    return VPC("10.0.0.0/16", name="shop", region=REGION)


@pytest.fixture
def two_tier(vpc):
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    private = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}a", name="private-a")
    igw = vpc.add_internet_gateway()
    table = vpc.add_route_table("public")
    table.associate(public)
    table.add_route("0.0.0.0/0", igw)
    return vpc, public, private, igw, table


def test_a_new_vpc_has_main_table_default_acl_and_default_group(vpc):
    (local,) = vpc.main_route_table.routes
    assert (str(local.destination), local.target_id) == ("10.0.0.0/16", "local")
    acl = vpc.default_network_acl
    assert [r.text() for r in acl.rules] == [
        "rule 100: allow all traffic from 0.0.0.0/0",
        "rule *: deny all traffic from 0.0.0.0/0",
        "rule 100: allow all traffic to 0.0.0.0/0",
        "rule *: deny all traffic to 0.0.0.0/0",
    ]
    group = vpc.default_security_group
    assert [r.text() for r in group.rules] == [f"allow all traffic from {group.id}", "allow all traffic to 0.0.0.0/0"]
    fresh = vpc.add_security_group("web")
    assert fresh.inbound() == () and [r.text() for r in fresh.outbound()] == ["allow all traffic to 0.0.0.0/0"]
    assert vpc.add_network_acl("strict").entries("inbound")[0].text() == "rule *: deny all traffic from 0.0.0.0/0"


def test_ids_are_deterministic():
    def build():
        v = VPC("10.0.0.0/16", name="shop")
        s = v.add_subnet("10.0.1.0/24", az="az-a")
        return [v.id, s.id, v.add_instance("web", s).id, v.add_internet_gateway().id, v.main_route_table.id]

    first = build()
    assert first == build()
    assert len(set(first)) == len(first)
    assert first[0].startswith("vpc-0") and len(first[0]) == len("vpc-") + 17


def test_is_public_follows_the_route_table(two_tier):
    vpc, public, private, igw, table = two_tier
    assert public.is_public and not private.is_public
    table.remove_route("0.0.0.0/0")
    assert not public.is_public
    table.add_route("0.0.0.0/0", igw.id)  # a target may be given by id
    assert public.is_public
    table.disassociate(public)
    assert public.route_table is vpc.main_route_table and not public.is_public


def test_detached_internet_gateway_leaves_a_blackhole(two_tier):
    vpc, public, _, igw, table = two_tier
    vpc.detach_internet_gateway()
    (route,) = [r for r in table.routes if r.target is igw]
    assert route.state == "blackhole" and not public.is_public
    assert vpc.internet_gateway is None


def test_longest_prefix_match(two_tier):
    vpc, public, private, igw, table = two_tier
    nat = vpc.add_nat_gateway(public)
    table.add_route("192.0.2.0/24", nat)
    assert table.lookup("192.0.2.10").target is nat
    assert table.lookup("198.51.100.1").target is igw
    assert table.lookup("10.0.16.9").target == "local"


@pytest.mark.parametrize(
    ("cidr", "az", "error", "message"),
    [
        ("10.1.0.0/24", "ap-northeast-2a", CidrError, r"10\.1\.0\.0/24 is not inside the VPC's blocks"),
        ("10.0.0.0/29", "ap-northeast-2a", CidrError, r"smaller than /28"),
        ("10.0.0.128/25", "ap-northeast-2a", CidrError, r"overlaps subnet public-a \(10\.0\.0\.0/24\)"),
        ("10.0.1.0/24", "us-east-1a", VpcError, r"not in the VPC's Region ap-northeast-2"),
        ("10.0.1.0/24", "ap-northeast-2z", Exception, r"ap-northeast-2z"),
    ],
)
def test_invalid_subnets_are_refused_without_change(two_tier, cidr, az, error, message):
    vpc = two_tier[0]
    before = vpc.to_dict()
    with pytest.raises(error, match=message):
        vpc.add_subnet(cidr, az=az)
    assert vpc.to_dict() == before


@pytest.mark.parametrize(
    ("destination", "target", "message"),
    [
        ("0.0.0.0/0", "igw", r"already has a route for 0\.0\.0\.0/0"),
        ("10.0.5.0/24", "igw", r"lies inside the VPC block 10\.0\.0\.0/16"),
        ("192.0.2.0/24", "nat-nope", r"no gateway, NAT gateway, peering connection or transit gateway"),
    ],
)
def test_invalid_routes_are_refused(two_tier, destination, target, message):
    vpc, *_, table = two_tier
    before = vpc.to_dict()
    with pytest.raises(VpcError, match=message):
        table.add_route(destination, target)
    assert vpc.to_dict() == before


def test_local_route_cannot_be_removed(two_tier):
    table = two_tier[-1]
    with pytest.raises(VpcError, match="local route for 10.0.0.0/16 cannot be deleted"):
        table.remove_route("10.0.0.0/16")
    with pytest.raises(VpcError, match="has no route for 192.0.2.0/24"):
        table.remove_route("192.0.2.0/24")


def test_nat_gateway_needs_a_public_subnet_and_takes_an_elastic_ip(two_tier):
    vpc, public, private, *_ = two_tier
    with pytest.raises(
        VpcError, match=r"NAT gateway needs a public subnet, but private-a is private.*NAT_IN_PRIVATE_SUBNET"
    ):
        vpc.add_nat_gateway(private)
    assert vpc.elastic_ips == () and vpc.nat_gateways == ()
    nat = vpc.add_nat_gateway(public)
    assert nat.elastic_ip.interface is nat.interface and public.cidr.contains(nat.private_ip)
    assert len(vpc.elastic_ips) == 1


def test_elastic_ip_quota_is_five_per_region(two_tier):
    vpc, public, *_ = two_tier
    quota = data.value("vpc", "elastic_ip_quota_per_region")
    assert quota == 5
    for _ in range(quota - 1):
        vpc.allocate_elastic_ip()
    vpc.add_nat_gateway(public)  # the fifth address
    with pytest.raises(VpcError, match=r"5 are allocated and the default quota is 5 per Region"):
        vpc.allocate_elastic_ip()
    before = vpc.to_dict()
    with pytest.raises(VpcError, match="default quota is 5 per Region"):
        vpc.add_nat_gateway(public, name="second")
    assert vpc.to_dict() == before


# --- Amazon VPC quotas (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html;
# IPv4 CIDR blocks per VPC also on https://docs.aws.amazon.com/general/latest/gr/vpc-service.html)


def test_vpc_quotas_are_data_with_their_names():
    from awsbasics.network.vpc import IPV4_CIDR_BLOCKS_PER_VPC, SUBNETS_PER_VPC, VPC_QUOTAS, VPCS_PER_REGION

    assert (VPCS_PER_REGION, SUBNETS_PER_VPC, IPV4_CIDR_BLOCKS_PER_VPC) == (5, 200, 5)
    assert VPC_QUOTAS["ipv4_cidr_blocks_per_vpc"] == {
        "name": "IPv4 CIDR blocks per VPC",
        "default": 5,
        "adjustable": True,
        "adjustable_to": 50,
        "quota_code": "L-83CA0A9D",
    }
    assert VPC_QUOTAS["vpcs_per_region"]["name"] == "VPCs per Region"
    assert VPC_QUOTAS["subnets_per_vpc"]["name"] == "Subnets per VPC"
    # the quotas the model already had agree with their own facts
    assert VPC_QUOTAS["elastic_ips_per_region"]["default"] == data.value("vpc", "elastic_ip_quota_per_region")
    assert VPC_QUOTAS["security_groups_per_network_interface"]["default"] == data.value(
        "vpc", "security_groups_per_network_interface"
    )
    assert VPC_QUOTAS["security_groups_per_network_interface"]["adjustable_to"] == 16


def test_a_sixth_ipv4_block_is_refused_by_name(vpc):
    # The primary block and every secondary block count toward the default quota of 5.
    for block in ("10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"):
        vpc.add_cidr_block(block)
    assert len(vpc.cidr_blocks) == 5
    before = vpc.to_dict()
    with pytest.raises(
        VpcError,
        match=(
            r"^cannot add 10\.6\.0\.0/16 to VPC shop: it already has 5 IPv4 CIDR blocks \(the primary counts\), "
            r"the limit of the Amazon VPC quota 'IPv4 CIDR blocks per VPC' \(default 5; adjustable up to 50 through "
            r"Service Quotas, code L-83CA0A9D\)$"
        ),
    ):
        vpc.add_cidr_block("10.6.0.0/16")
    assert vpc.to_dict() == before


def test_the_slash_15_rule_checks_secondary_blocks_in_a_vpc():
    vpc = VPC("10.5.0.0/16", name="wide")
    vpc.add_cidr_block("10.1.0.0/16")
    with pytest.raises(CidrError, match=r"the VPC's block 10\.1\.0\.0/16 is from the 10\.0\.0\.0/15 range"):
        vpc.add_cidr_block("10.0.0.0/24")
    assert [str(b) for b in vpc.cidr_blocks] == ["10.5.0.0/16", "10.1.0.0/16"]


def test_the_201st_subnet_is_refused_by_name():
    vpc = VPC("10.0.0.0/16", name="many")
    for i in range(200):
        vpc.add_subnet(f"10.0.{i}.0/24", az="az-a")
    with pytest.raises(
        VpcError,
        match=(
            r"^cannot add subnet 10\.0\.200\.0/24 to VPC many: it already has 200 subnets, the limit of the Amazon VPC "
            r"quota 'Subnets per VPC' \(default 200; adjustable through Service Quotas, code L-407747CB\)$"
        ),
    ):
        vpc.add_subnet("10.0.200.0/24", az="az-a")
    assert len(vpc.subnets) == 200


def test_the_security_group_quota_error_names_it(two_tier):
    vpc, *_ = two_tier
    # The Elastic IP error already says the quota can be raised ("request a quota increase"); notebook 03 prints it.
    groups = [vpc.add_security_group(f"g{i}") for i in range(6)]
    with pytest.raises(VpcError, match=r"'Security groups per network interface' \(default 5; adjustable up to 16 "):
        vpc.add_instance("x", vpc.subnets[0], security_groups=groups)


def test_elastic_ip_maps_to_one_interface(two_tier):
    vpc, public, *_ = two_tier
    web, api = vpc.add_instance("web", public), vpc.add_instance("api", public)
    eip = vpc.allocate_elastic_ip("web-ip")
    vpc.associate_elastic_ip(eip, web)
    assert web.public_ip == eip.public_ip
    with pytest.raises(VpcError, match="already associated with eni-web"):
        vpc.associate_elastic_ip(eip, api)
    vpc.disassociate_elastic_ip(eip)
    assert web.public_ip is None


def test_instances_get_addresses_after_the_reserved_ones(two_tier):
    vpc, public, *_ = two_tier
    first = vpc.add_instance("web", public, public_ip=True)
    assert first.private_ip == "10.0.0.4"
    assert first.public_ip == "203.0.113.1"
    assert first.security_groups == (vpc.default_security_group,)
    assert first.ephemeral_ports == (32768, 61000)


def test_full_subnet_and_duplicate_names(vpc):
    tiny = vpc.add_subnet("10.0.0.0/28", az=f"{REGION}a", name="tiny")
    for i in range(11):
        vpc.add_instance(f"i{i}", tiny)
    with pytest.raises(VpcError, match=r"tiny \(10\.0\.0\.0/28\) has no free address left: its 11 usable"):
        vpc.add_instance("one-too-many", tiny)
    with pytest.raises(VpcError, match="the instance name 'i0' is taken"):
        vpc.add_instance("i0", tiny)


def test_network_interface_attaches_in_its_own_az(two_tier):
    vpc, public, _, *_ = two_tier
    other = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}b", name="public-b")
    web = vpc.add_instance("web", public)
    far = vpc.add_network_interface(other, name="far")
    with pytest.raises(VpcError, match="is in ap-northeast-2b but instance web is in ap-northeast-2a"):
        vpc.attach_network_interface(far, web)
    near = vpc.add_network_interface(public, name="near")
    vpc.attach_network_interface(near, web)
    assert web.interfaces[1] is near


def test_security_group_rules_and_quota(vpc):
    web, app = vpc.add_security_group("web"), vpc.add_security_group("app")
    rule = app.allow_inbound(8080, source=web)
    assert rule.peer == web.id and rule.text() == f"allow tcp 8080 from {web.id}"
    assert app.evaluate("inbound", protocol="tcp", port=8080, address="10.0.0.9", groups={web.id}).allowed
    assert not app.evaluate("inbound", protocol="tcp", port=8080, address="10.0.0.9", groups=set()).allowed
    with pytest.raises(VpcError, match="already has the rule 'allow tcp 8080"):
        app.allow_inbound(8080, source=web)
    subnet = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a")
    groups = [vpc.add_security_group(f"g{i}") for i in range(6)]
    with pytest.raises(VpcError, match="6 security groups on one network interface exceed the default quota of 5"):
        vpc.add_instance("crowded", subnet, security_groups=groups)


@pytest.mark.parametrize(
    ("number", "message"),
    [(0, "outside 1-32766"), (32767, "outside 1-32766"), (100, "already has inbound rule 100")],
)
def test_nacl_rule_numbers(vpc, number, message):
    acl = vpc.add_network_acl("strict")
    acl.allow(100, direction="inbound", ports=443)
    with pytest.raises(VpcError, match=message):
        acl.allow(number, direction="inbound", ports=80)


def test_nacl_first_match_wins_over_a_port_range(vpc):
    acl = vpc.add_network_acl("strict")
    acl.deny(90, direction="inbound", ports=(40000, 40010))
    acl.allow(100, direction="inbound", ports=(1024, 65535))
    verdict = acl.evaluate("inbound", protocol="tcp", ports=(32768, 61000), address="192.0.2.10")
    assert not verdict.allowed and verdict.rule.number == 90 and verdict.denied_ports == (40000, 40010)
    assert acl.evaluate("inbound", protocol="tcp", ports=(41000, 42000), address="192.0.2.10").allowed
    verdict = acl.evaluate("inbound", protocol="tcp", ports=80, address="192.0.2.10")
    assert not verdict.allowed and verdict.rule.number is None and "final * rule" in verdict.detail


@pytest.mark.parametrize(
    ("ports", "expected"), [(443, (443, 443)), ((1024, 65535), (1024, 65535)), ("all", (0, 65535))]
)
def test_port_range(ports, expected):
    assert port_range(ports) == expected


@pytest.mark.parametrize(("ports", "message"), [((80, 22), "runs backwards"), (70000, "outside 0-65535")])
def test_port_range_errors(ports, message):
    with pytest.raises(VpcError, match=message):
        port_range(ports)


def test_ephemeral_port_ranges_are_documented_values():
    assert ephemeral_ports("linux") == (32768, 61000)
    assert ephemeral_ports("windows") == (49152, 65535)
    assert ephemeral_ports("nat_gateway") == ephemeral_ports("any") == (1024, 65535)
    with pytest.raises(VpcError, match="unknown client kind 'beos'"):
        ephemeral_ports("beos")


def test_peering_refuses_overlap_and_duplicates():
    a, b, c = VPC("10.0.0.0/16", name="a"), VPC("10.1.0.0/16", name="b"), VPC("10.0.128.0/17", name="c")
    connection = a.peer(b)
    assert connection.other(a) is b and b.peering_connections == (connection,)
    with pytest.raises(VpcError, match="already peered"):
        b.peer(a)
    with pytest.raises(
        VpcError, match=r"cannot peer a \(10\.0\.0\.0/16\) with c \(10\.0\.128\.0/17\): their blocks overlap"
    ):
        a.peer(c)
    with pytest.raises(VpcError, match="cannot peer with itself"):
        a.peer(a)


def test_transit_gateway_propagates_and_refuses_overlap():
    hub = TransitGateway("hub", region=REGION)
    a, b = VPC("10.0.0.0/16", name="a", region=REGION), VPC("10.1.0.0/16", name="b", region=REGION)
    hub.attach(a)
    hub.attach(b)
    assert hub.lookup("10.1.2.3").attachment.vpc is b
    with pytest.raises(VpcError, match="overlaps 10.0.0.0/16 of an attached VPC"):
        hub.attach(VPC("10.0.0.0/20", name="clash", region=REGION))
    with pytest.raises(VpcError, match="is in us-east-1 but transit gateway hub is in ap-northeast-2"):
        hub.attach(VPC("10.9.0.0/16", name="far", region="us-east-1"))
    with pytest.raises(VpcError, match="already attached"):
        hub.attach(a)
    table = a.add_route_table("to-b")
    table.add_route("10.1.0.0/16", hub)
    with pytest.raises(VpcError, match="not attached to transit gateway hub"):
        VPC("10.7.0.0/16", name="x").main_route_table.add_route("10.1.0.0/16", hub)


def test_gateway_endpoints_only_for_s3_and_dynamodb(two_tier):
    vpc, public, private, igw, table = two_tier
    endpoint = vpc.add_gateway_endpoint("com.amazonaws.ap-northeast-2.s3", route_tables=[table])
    assert endpoint.service == "s3" and endpoint.route_tables == (table,)
    assert table.lookup("192.0.2.20", service="s3").target is endpoint
    with pytest.raises(VpcError, match="gateway endpoints exist only for s3 and dynamodb, not 'sqs'"):
        vpc.add_gateway_endpoint("sqs", route_tables=[table])
    interface = vpc.add_interface_endpoint("sqs", subnets=[private])
    assert interface.kind == "interface" and interface.subnets == (private,)


def test_load_balancers():
    vpc = VPC("10.0.0.0/16", name="lb")
    a = vpc.add_subnet("10.0.0.0/24", az="az-a")
    b = vpc.add_subnet("10.0.1.0/24", az="az-b")
    with pytest.raises(VpcError, match="needs subnets in at least 2 Availability Zones, got 1"):
        vpc.add_load_balancer("alb", subnets=[a])
    alb = vpc.add_load_balancer("alb", subnets=[a, b])
    assert alb.security_groups == (vpc.default_security_group,)
    web, api = alb.add_target_group("web"), alb.add_target_group("api")
    listener = alb.add_listener(80, protocol="HTTP", default=web)
    listener.add_rule(20, path="/api/*", target_group=api)
    listener.add_rule(10, host="admin.*", target_group=web)
    assert alb.route(80, host="shop.example", path="/api/cart") is api
    assert alb.route(80, host="admin.example", path="/api/cart") is web  # priority 10 first
    assert alb.route(80, path="/") is web
    with pytest.raises(VpcError, match="priority 10"):
        listener.add_rule(10, path="/x", target_group=api)
    with pytest.raises(VpcError, match="no static addresses"):
        alb.static_ips  # noqa: B018
    nlb = vpc.add_load_balancer("nlb", kind="network", subnets=[a])
    assert nlb.security_groups == () and set(nlb.static_ips) == {"az-a"}
    with pytest.raises(VpcError, match="layer 7 features"):
        nlb.add_listener(443, protocol="TCP", default=nlb.add_target_group("t")).add_rule(
            1, path="/", target_group=nlb.target_groups[0]
        )
    with pytest.raises(VpcError, match="protocol 'HTTP' is not one an network"):
        nlb.add_listener(80, protocol="HTTP", default=nlb.target_groups[0])
    guarded = vpc.add_load_balancer("nlb-sg", kind="network", subnets=[b], security_groups=["default"])
    assert guarded.security_groups == (vpc.default_security_group,)


def test_json_round_trip(two_tier):
    vpc, public, private, igw, table = two_tier
    nat = vpc.add_nat_gateway(public)
    private_table = vpc.add_route_table("private")
    private_table.associate(private)
    private_table.add_route("0.0.0.0/0", nat)
    app = vpc.add_security_group("app")
    app.allow_inbound(8080, source=vpc.default_security_group)
    acl = vpc.add_network_acl("private")
    acl.allow(100, direction="inbound", ports=(1024, 65535))
    acl.associate(private)
    web = vpc.add_instance("web", public, public_ip=True)
    vpc.associate_elastic_ip(vpc.allocate_elastic_ip("web-ip"), web)
    vpc.add_instance("api", private, security_groups=[app], os="windows")
    vpc.add_gateway_endpoint("s3", route_tables=[private_table])
    vpc.add_interface_endpoint("sqs", subnets=[private])
    b = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}b", name="public-b")
    alb = vpc.add_load_balancer("alb", subnets=[public, b])
    group = alb.add_target_group("web", targets=[web])
    alb.add_listener(80, protocol="HTTP", default=group).add_rule(5, path="/x/*", target_group=group)
    text = vpc.to_json()
    json.loads(text)
    loaded = VPC.from_json(text)
    assert loaded.to_dict() == vpc.to_dict()
    assert loaded.get("api").os == "windows" and loaded.subnets[0].is_public
    # The loaded model keeps allocating fresh addresses.
    assert loaded.add_instance("new", loaded.get("public-a")).private_ip not in {
        i.private_ip for i in vpc.network_interfaces
    }


def test_from_json_rejects_other_documents():
    with pytest.raises(VpcError, match="not a saved VPC"):
        VPC.from_dict({"format": "other"})
    with pytest.raises(TypeError):
        VPC.from_json({"format": "x"})


def test_wrong_kinds_are_type_errors(vpc):
    with pytest.raises(TypeError):
        vpc.add_subnet("10.0.0.0/24", az=3)
    with pytest.raises(TypeError):
        vpc.add_security_group("g").allow_inbound(80, source=42)
    with pytest.raises(TypeError):
        vpc.main_route_table.add_route("0.0.0.0/0", 42)
    with pytest.raises(TypeError):
        vpc.peer("10.1.0.0/16")


def test_reply_port_coverage_per_client(vpc):
    acl = vpc.add_network_acl("web")
    acl.deny(90, direction="outbound", ports=(40000, 40010))
    acl.allow(110, direction="outbound", ports=(32768, 65535))
    rows = {r["client"]: r for r in acl.reply_port_coverage("outbound", address="192.0.2.10")}
    assert rows["windows"]["allowed"] and rows["windows"]["denied_ranges"] == ()
    assert rows["linux"]["denied_ranges"] == ((40000, 40010),)
    assert rows["nat_gateway"]["denied_ranges"] == ((1024, 32767), (40000, 40010))


# --- the overview and text view, data-driven names and numbers


def test_overview_and_text(two_tier):
    vpc, public, private, igw, table = two_tier
    vpc.add_instance("web", public, public_ip=True)
    assert vpc.overview == (
        f"VPC shop ({vpc.id}) 10.0.0.0/16 in {REGION}: 1 AZ, 2 subnets (1 public, 1 private), "
        "an internet gateway, 1 instance"
    )
    assert repr(vpc) == f"<{vpc.overview}>"
    assert vpc.text().splitlines() == [
        vpc.overview,
        "subnet     az               cidr          kind     route_table  network_acl",
        "public-a   ap-northeast-2a  10.0.0.0/24   public   public       default",
        "private-a  ap-northeast-2a  10.0.16.0/20  private  main         default",
    ]
    empty = VPC("10.1.0.0/16", name="empty")
    assert empty.text() == f"VPC empty ({empty.id}) 10.1.0.0/16: 0 AZs, 0 subnets (0 public, 0 private), 0 instances"


def test_route_table_text_and_explicit_subnets(two_tier):
    vpc, public, private, igw, table = two_tier
    assert table.explicit_subnets == (public,) and vpc.main_route_table.explicit_subnets == ()
    assert vpc.main_route_table.subnets == (private,)
    assert table.text().splitlines() == [
        f"Route table public ({table.id}); subnets: public-a",
        "destination  target                 kind              state",
        "10.0.0.0/16  local                  local             active",
        f"0.0.0.0/0    {igw.id}  internet gateway  active",
    ]


def test_internet_gateways_lists_detached_ones_too(two_tier):
    vpc, public, private, igw, table = two_tier
    assert vpc.internet_gateways == (igw,)
    vpc.detach_internet_gateway()
    assert vpc.internet_gateway is None and vpc.internet_gateways == (igw,) and not igw.attached


def test_model_objects_compare_by_identity():
    # Two VPCs built by the same steps get the same ids, but they are different objects.
    first, second = (VPC("10.0.0.0/16", name="twin") for _ in range(2))
    a, b = (v.add_subnet("10.0.0.0/24", az="az-a", name="s") for v in (first, second))
    assert a.id == b.id and a != b and len({a, b}) == 2
    assert first.main_route_table.routes[0] != first.main_route_table.routes[0]


def test_catch_all_rule_number_and_service_names_come_from_data():
    from awsbasics.network.gateways import service_name
    from awsbasics.network.security import NACL_CATCH_ALL_RULE_NUMBER, NACL_RULE_NUMBERS

    # https://docs.aws.amazon.com/cli/latest/reference/ec2/describe-network-acls.html lists '*' as 32767
    assert NACL_CATCH_ALL_RULE_NUMBER == 32767 == NACL_RULE_NUMBERS["last"] + 1
    assert service_name("s3") == "Amazon S3" and service_name("dynamodb") == "Amazon DynamoDB"
    assert service_name("sqs") == "AWS service sqs"


def test_endpoint_and_load_balancer_names(two_tier):
    vpc, public, private, igw, table = two_tier
    assert vpc.add_gateway_endpoint("com.amazonaws.ap-northeast-2.s3", route_tables=[table]).service_name == "Amazon S3"
    other = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}c", name="public-c")
    assert vpc.add_load_balancer("alb", subnets=[public, other]).abbreviation == "ALB"
    assert vpc.add_load_balancer("nlb", kind="network", subnets=[public]).abbreviation == "NLB"


def test_internal_api_refuses_cleanly(two_tier):
    vpc, public, private, igw, table = two_tier
    with pytest.raises(TypeError, match=r"^a VPC does not keep Subnet objects$"):
        vpc._register(public)
    web = vpc.add_instance("web", public)
    with pytest.raises(
        VpcError, match=r"^address 10\.0\.16\.9 of eni-web is not inside subnet public-a \(10\.0\.0\.0/24\)$"
    ):
        vpc._claim_address(web.primary_interface, "10.0.16.9")
    assert web.private_ip == "10.0.0.4"
    vpc._claim_address(web.primary_interface, "10.0.0.50")
    assert web.private_ip == "10.0.0.50" and vpc.add_instance("next", public).private_ip == "10.0.0.51"


def test_gateways_and_interfaces_show_a_sentence_not_a_repr():
    vpc = VPC("10.0.0.0/16", name="shop")
    public = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="public-a")
    igw = vpc.add_internet_gateway()
    vpc.main_route_table.add_route("0.0.0.0/0", igw)
    nat = vpc.add_nat_gateway(public)
    assert igw._repr_mimebundle_() == {"text/plain": igw.text()}
    assert igw.text().startswith("internet gateway ") and igw.text().endswith(", attached to VPC shop")
    assert nat.text() == (
        f"NAT gateway {nat.name} ({nat.id}) in subnet public-a ({nat.az}): private {nat.private_ip}, Elastic IP {nat.public_ip}"
    )
    assert (
        nat.elastic_ip.text()
        == f"Elastic IP {nat.public_ip} ({nat.elastic_ip.id}), associated with {nat.interface.name}"
    )
    assert nat.interface.text().startswith(
        f"network interface {nat.interface.name} ({nat.interface.id}) in subnet public-a"
    )
