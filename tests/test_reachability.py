"""Reachability: every reason code, hop by hop, and the chapter's "done when" checks."""

import importlib

import pytest

from awsbasics.errors import VpcError
from awsbasics.network import VPC, TransitGateway, network_graph, reachability
from awsbasics.network.analyzer import REASONS

REGION = "ap-northeast-2"


def _two_tier():
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    private = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}a", name="private-a")
    igw = vpc.add_internet_gateway()
    public_rt = vpc.add_route_table("public")
    public_rt.associate(public)
    public_rt.add_route("0.0.0.0/0", igw)
    private_rt = vpc.add_route_table("private")
    private_rt.associate(private)
    web_sg = vpc.add_security_group("web")
    web_sg.allow_inbound(80, source="0.0.0.0/0")
    app_sg = vpc.add_security_group("app")
    app_sg.allow_inbound(8080, source=web_sg)
    web = vpc.add_instance("web", public, security_groups=[web_sg], public_ip=True)
    app = vpc.add_instance("app", private, security_groups=[app_sg])
    return vpc, public, private, public_rt, private_rt, web, app


def test_reason_codes_are_documented_in_the_module_docstring():
    doc = importlib.import_module("awsbasics.network.analyzer").__doc__
    for code in REASONS:
        assert f"\n{code} " in doc, code
    assert {
        "NO_ROUTE",
        "SG_INBOUND_DENIED",
        "SG_OUTBOUND_DENIED",
        "NACL_DENY",
        "NACL_RETURN_DENIED",
        "NO_PUBLIC_IP",
        "NO_IGW",
        "NAT_IN_PRIVATE_SUBNET",
        "PEERING_NOT_TRANSITIVE",
        "NO_ENDPOINT",
        "ALLOWED",
    } <= set(REASONS)


def test_removing_the_igw_route_makes_the_subnet_private_and_explains_each_hop():
    vpc, public, _, public_rt, _, web, _ = _two_tier()
    before = reachability(vpc, "internet", web, port=80)
    assert public.is_public and before.reachable and before.reason == "ALLOWED"
    assert [(h.direction, h.check, h.reason) for h in before.hops] == [
        ("request", "address translation", "ALLOWED"),
        ("request", "network ACL inbound", "ALLOWED"),
        ("request", "security group inbound", "ALLOWED"),
        ("reply", "security groups", "ALLOWED"),
        ("reply", "route table", "ALLOWED"),
        ("reply", "network ACL outbound", "ALLOWED"),
    ]
    public_rt.remove_route("0.0.0.0/0")
    after = reachability(vpc, "internet", web, port=80)
    assert not public.is_public
    assert not after.reachable and after.reasons == ("NO_ROUTE",)
    # The same hops, and exactly the route-table hop changed.
    changed = [(b.check, a.reason, a.detail) for b, a in zip(before.hops, after.hops) if b.allowed != a.allowed]
    assert len(after.hops) == len(before.hops) and len(changed) == 1
    check, reason, detail = changed[0]
    assert check == "route table" and reason == "NO_ROUTE"
    assert "subnet public-a is private" in detail and "route table public has no route" in detail
    assert "BLOCKED [reply] route table public" in after.explanation


def test_nacl_without_ephemeral_rule_blocks_the_reply_and_says_so():
    vpc, public, *_, web, _ = _two_tier()
    acl = vpc.add_network_acl("web-only")
    acl.allow(100, direction="inbound", ports=80)
    acl.allow(100, direction="outbound", ports=80)  # replies go to the client's ports, not 80
    acl.associate(public)
    result = reachability(vpc, "internet", web, port=80)
    assert result.reasons == ("NACL_RETURN_DENIED",)
    (hop,) = result.blocked
    assert (hop.direction, hop.check, hop.node) == ("reply", "network ACL outbound", "subnet public-a")
    assert "tcp 1024-65535" in hop.detail and "the final * rule denies" in hop.detail
    assert "stateless" in hop.detail and "ephemeral ports 1024-65535" in hop.detail
    acl.allow(110, direction="outbound", ports=(1024, 65535))
    assert reachability(vpc, "internet", web, port=80).reachable


def test_fixing_a_private_instance_step_by_step():
    vpc, public, private, _, private_rt, _, app = _two_tier()
    app.security_groups[0].revoke(app.security_groups[0].outbound()[0])
    acl = vpc.add_network_acl("private")
    acl.allow(100, direction="inbound", ports=8080, cidr="10.0.0.0/16")
    acl.allow(100, direction="outbound", protocol="all")
    acl.associate(private)
    first = reachability(vpc, app, "internet", port=443)
    assert first.reasons == ("SG_OUTBOUND_DENIED", "NO_ROUTE")
    assert "none exists yet" in first.blocked[-1].detail
    nat = vpc.add_nat_gateway(public)
    assert f"0.0.0.0/0 -> {nat.name}" in reachability(vpc, app, "internet", port=443).blocked[-1].detail
    private_rt.add_route("0.0.0.0/0", nat)
    third = reachability(vpc, app, "internet", port=443)
    assert third.reasons == ("SG_OUTBOUND_DENIED", "NACL_RETURN_DENIED")
    assert third.path_labels == ("instance app", f"NAT gateway {nat.name}", "internet gateway igw", "internet")
    app.security_groups[0].allow_outbound(443, destination="0.0.0.0/0")
    fourth = reachability(vpc, app, "internet", port=443)
    assert fourth.reasons == ("NACL_RETURN_DENIED",)
    assert "32768-61000" in fourth.blocked[0].detail  # Amazon Linux's ephemeral ports
    acl.allow(110, direction="inbound", ports=(1024, 65535))
    assert reachability(vpc, app, "internet", port=443).reachable


def test_nacl_deny_names_the_rule_number_or_the_star_rule():
    vpc, public, private, *_, web, app = _two_tier()
    acl = vpc.add_network_acl("guard")
    acl.deny(50, direction="inbound", ports=80, cidr="192.0.2.0/24")
    acl.allow(100, direction="inbound", ports=80)
    acl.associate(public)
    result = reachability(vpc, "internet", web, port=80)
    hop = result.blocked[0]
    assert (hop.reason, hop.check) == ("NACL_DENY", "network ACL inbound") and "rule 50 denies it" in hop.detail
    strict = vpc.add_network_acl("strict")
    strict.associate(private)
    outbound = reachability(vpc, app, web, port=80)
    hop = outbound.blocked[0]
    assert (hop.reason, hop.check) == ("NACL_DENY", "network ACL outbound") and "final * rule" in hop.detail


def test_security_group_chaining_and_denials():
    vpc, *_, web, app = _two_tier()
    assert reachability(vpc, web, app, port=8080).reachable
    assert reachability(vpc, "web", "app", port=22).reasons == ("SG_INBOUND_DENIED",)
    other = vpc.add_instance("other", app.subnet)
    assert reachability(vpc, other, app, port=8080).reasons == ("SG_INBOUND_DENIED",)


def test_same_subnet_traffic_skips_network_acls():
    vpc, public, *_, web, _ = _two_tier()
    vpc.add_network_acl("strict").associate(public)  # denies everything at the boundary
    peer = vpc.add_instance("peer", public, security_groups=[web.security_groups[0]])
    result = reachability(vpc, peer, web, port=80)
    assert result.reachable and not any("network ACL" in h.check for h in result.hops)


def test_no_public_ip_and_no_igw():
    vpc, public, *_, web, app = _two_tier()
    hidden = vpc.add_instance("hidden", public, security_groups=[web.security_groups[0]])
    assert reachability(vpc, "internet", hidden, port=80).reasons == ("NO_PUBLIC_IP",)
    assert reachability(vpc, hidden, "internet", port=443).reasons == ("NO_PUBLIC_IP",)
    lonely = VPC("10.9.0.0/16", name="lonely")
    box = lonely.add_instance("box", lonely.add_subnet("10.9.0.0/24", az="az-a"), public_ip=True)
    assert reachability(lonely, "internet", box, port=22).reasons == ("NO_IGW",)


def test_detached_internet_gateway_is_no_igw():
    vpc = VPC("10.0.0.0/16", name="v")
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a")
    vpc.main_route_table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    box = vpc.add_instance("box", subnet)
    vpc.detach_internet_gateway()
    assert reachability(vpc, box, "internet", port=443).reasons == ("NO_IGW",)


def test_nat_gateway_whose_subnet_became_private():
    vpc, public, _, public_rt, private_rt, _, app = _two_tier()
    nat = vpc.add_nat_gateway(public)
    private_rt.add_route("0.0.0.0/0", nat)
    public_rt.remove_route("0.0.0.0/0")
    result = reachability(vpc, app, "internet", port=443)
    assert result.reasons == ("NAT_IN_PRIVATE_SUBNET",)
    assert "a NAT gateway belongs in a public subnet" in result.blocked[0].detail


def _three_peered():
    a, b, c = (VPC(f"10.{i}.0.0/16", name=n, region=REGION) for i, n in enumerate("abc"))
    boxes = {}
    for vpc in (a, b, c):
        subnet = vpc.add_subnet(str(vpc.cidr).replace("/16", "/24"), az=f"{REGION}a")
        group = vpc.add_security_group("open")
        group.allow_inbound(5432, source="10.0.0.0/8")
        boxes[vpc.name] = vpc.add_instance(f"db-{vpc.name}", subnet, security_groups=[group])
    ab, bc = a.peer(b), b.peer(c)
    a.main_route_table.add_route("10.1.0.0/16", ab)
    b.main_route_table.add_route("10.0.0.0/16", ab)
    b.main_route_table.add_route("10.2.0.0/16", bc)
    c.main_route_table.add_route("10.1.0.0/16", bc)
    return (a, b, c), boxes, ab


def test_peering_works_both_ways_but_is_not_transitive():
    models, boxes, ab = _three_peered()
    direct = reachability(models, boxes["a"], boxes["b"], port=5432)
    assert direct.reachable and direct.path_labels == (
        "instance db-a",
        f"peering connection {ab.name}",
        "instance db-b",
    )
    no_route = reachability(models, boxes["a"], boxes["c"], port=5432)
    assert no_route.reasons == ("PEERING_NOT_TRANSITIVE",) and "a -> b -> c" in no_route.blocked[0].detail
    a = models[0]
    a.main_route_table.add_route("10.2.0.0/16", ab)  # try to go through b anyway
    through = reachability(models, boxes["a"], boxes["c"], port=5432)
    assert (
        through.reasons == ("PEERING_NOT_TRANSITIVE",)
        and "does not pass peering traffic on" in through.blocked[0].detail
    )


def test_peering_needs_a_return_route():
    (a, b, _), boxes, ab = _three_peered()
    b.main_route_table.remove_route("10.0.0.0/16")
    result = reachability((a, b), boxes["a"], boxes["b"], port=5432)
    assert result.reasons == ("NO_ROUTE",)
    assert result.blocked[0].direction == "reply" and "on this side too" in result.blocked[0].detail


def test_transit_gateway_connects_every_attached_vpc():
    hub = TransitGateway("hub", region=REGION)
    (a, b, c), boxes, _ = _three_peered()
    for vpc in (a, c):
        hub.attach(vpc)
    a.main_route_table.add_route("10.2.0.0/16", hub)
    result = reachability((a, b, c), boxes["a"], boxes["c"], port=5432)
    assert result.reasons == ("NO_ROUTE",) and result.blocked[0].direction == "reply"
    c.main_route_table.add_route("10.0.0.0/16", hub)
    result = reachability((a, b, c), boxes["a"], boxes["c"], port=5432)
    assert result.reachable and "transit gateway hub" in result.path_labels


def test_services_through_endpoints_the_internet_or_not_at_all():
    vpc, public, private, _, private_rt, _, app = _two_tier()
    assert reachability(vpc, app, "s3", port=443).reasons == ("NO_ENDPOINT",)
    vpc.add_gateway_endpoint("s3", route_tables=[private_rt])
    via_gateway = reachability(vpc, app, "s3", port=443)
    assert via_gateway.reachable and via_gateway.path_labels[-2:] == ("endpoint vpce-s3", "service s3")
    sqs = vpc.add_security_group("sqs-endpoint")
    sqs.allow_inbound(443, source="10.0.0.0/16")
    vpc.add_interface_endpoint("sqs", subnets=[private], security_groups=[sqs])
    assert reachability(vpc, app, "sqs", port=443).reachable
    assert reachability(vpc, app, "sqs", port=80).reasons == ("SG_INBOUND_DENIED",)
    nat = vpc.add_nat_gateway(public)
    private_rt.add_route("0.0.0.0/0", nat)
    assert reachability(vpc, app, "dynamodb", port=443).reachable  # no endpoint: through the NAT gateway


def test_load_balancer_from_the_internet():
    vpc, public, private, public_rt, *_ = _two_tier()
    public_b = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}c", name="public-b")
    lb_sg = vpc.add_security_group("lb")
    lb_sg.allow_inbound(443, source="0.0.0.0/0")
    alb = vpc.add_load_balancer("alb", subnets=[public, public_b], security_groups=[lb_sg])
    alb.add_listener(443, protocol="HTTPS", default=alb.add_target_group("web"))
    result = reachability(vpc, "internet", alb, port=443)
    assert result.reasons == ("NO_ROUTE",)  # public-b uses the main table: private, half the clients fail
    assert any("public-b is private" in h.detail for h in result.blocked)
    public_rt.associate(public_b)
    assert reachability(vpc, "internet", alb, port=443).reachable
    assert reachability(vpc, "internet", alb, port=80).reasons == ("NO_LISTENER", "SG_INBOUND_DENIED")
    internal = vpc.add_load_balancer("inside", kind="network", scheme="internal", subnets=[private])
    assert reachability(vpc, "internet", internal, port=443).reasons == ("NO_PUBLIC_IP",)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "nobody", "destination": "internet", "port": 80}, VpcError, "'nobody' is not an instance"),
        ({"source": "web", "destination": "internet", "port": 0}, VpcError, "outside 1-65535"),
        ({"source": "web", "destination": "internet", "port": 80, "protocol": "sctp"}, VpcError, "must be one of"),
        ({"source": "web", "destination": "web", "port": 80}, VpcError, "same interface"),
        ({"source": "s3", "destination": "web", "port": 80}, VpcError, "cannot be a source"),
        ({"source": "web", "destination": "internet", "port": "80"}, TypeError, "port must be int"),
    ],
)
def test_bad_questions_are_clear(kwargs, error, message):
    vpc = _two_tier()[0]
    with pytest.raises(error, match=message):
        reachability(vpc, **kwargs)


def test_the_package_exports_the_function_not_the_submodule():
    import awsbasics.network

    importlib.import_module("awsbasics.network.analyzer")
    assert callable(awsbasics.network.reachability) and awsbasics.network.reachability is reachability


def test_result_display_and_graph():
    vpc, *_, web, app = _two_tier()
    result = reachability(vpc, web, app, port=22)
    bundle = result._repr_mimebundle_()
    assert bundle["text/plain"] == result.explanation == result.text() == str(result)
    assert result.verdict == "instance web -> instance app tcp/22: NOT reachable (SG_INBOUND_DENIED)"
    assert result.explanation.splitlines()[:2] == [result.verdict, "path: instance web -> instance app"]
    assert bundle["text/html"].startswith(
        "<p><b>instance web -&gt; instance app tcp/22: NOT reachable (SG_INBOUND_DENIED)</b><br>"
        "path: instance web -&gt; instance app</p>"
        '<table class="awsbasics"><thead><tr><th>#</th><th>direction</th><th>where</th>'
    )
    assert "<td>BLOCKED</td><td>SG_INBOUND_DENIED</td>" in bundle["text/html"]
    graph = network_graph(vpc)
    assert graph.nodes["internet"]["kind"] == "internet"
    assert all(node in graph for node in result.path)
    public_subnet = [n for n, d in graph.nodes(data=True) if d.get("kind") == "subnet" and d["public"]]
    assert len(public_subnet) == 1


def test_services_on_the_path_carry_their_full_names():
    vpc, _, private, _, private_rt, _, app = _two_tier()
    vpc.add_gateway_endpoint("s3", route_tables=[private_rt])
    result = reachability(vpc, app, "s3", port=443)
    assert result.reachable and result.services == (("service_s3", "Amazon S3"),)
    assert result.path[-1] == "service_s3" and result.path_labels[-1] == "service s3"
    assert reachability(vpc, app, "web", port=80).services == ()
