"""VPC diagrams: clusters, styles that differ by more than colour, stable ids, a highlighted path."""

import re

import pytest

from awsbasics.display import PALETTE
from awsbasics.display.diagram import node_id
from awsbasics.display.vpc import (
    PRIVATE_STYLE,
    PUBLIC_STYLE,
    route_table_view,
    vpc_bundle,
    vpc_diagram,
    vpc_dot,
    vpc_view,
)
from awsbasics.network import VPC, reachability

REGION = "ap-northeast-2"


def _model(name="shop"):
    vpc = VPC("10.0.0.0/16", name=name, region=REGION)
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    private = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}c", name="private-c")
    igw = vpc.add_internet_gateway()
    table = vpc.add_route_table("public")
    table.associate(public)
    table.add_route("0.0.0.0/0", igw)
    nat = vpc.add_nat_gateway(public)
    private_table = vpc.add_route_table("private")
    private_table.associate(private)
    private_table.add_route("0.0.0.0/0", nat)
    vpc.add_instance("web", public, public_ip=True)
    vpc.add_instance("app", private)
    vpc.add_gateway_endpoint("s3", route_tables=[private_table])
    return vpc


def test_dot_has_region_vpc_az_and_subnet_clusters():
    vpc = _model()
    dot = vpc_dot(vpc)
    assert f"subgraph {node_id('cluster', 'region', REGION)}" in dot
    assert f"subgraph {node_id('cluster', node_id('vpc', vpc.id))}" in dot
    for zone in ("ap-northeast-2a", "ap-northeast-2c"):
        assert f'label="AZ {zone}"' in dot
    for subnet in vpc.subnets:
        assert f"subgraph {node_id('cluster', 'subnet', subnet.id)}" in dot


def test_public_and_private_subnets_differ_in_fill_border_and_text():
    assert PUBLIC_STYLE["fillcolor"] != PRIVATE_STYLE["fillcolor"]
    assert "bold" in PUBLIC_STYLE["style"] and "dashed" in PRIVATE_STYLE["style"]
    dot = vpc_dot(_model())
    # Each label line is padded with two spaces: text widths are estimated without font metrics.
    public = re.search(r'label="  public-a \(public\)  \\n  10\.0\.0\.0/24[^"]*"; ([^\n]*)', dot).group(1)
    private = re.search(r'label="  private-c \(private\)  \\n  10\.0\.16\.0/20[^"]*"; ([^\n]*)', dot).group(1)
    assert 'style="filled,bold"' in public and PUBLIC_STYLE["fillcolor"] in public
    assert 'style="filled,dashed"' in private and PRIVATE_STYLE["fillcolor"] in private


def test_shapes_by_kind_and_ascii_plain_labels():
    vpc = _model()
    dot = vpc_dot(vpc)
    nat = vpc.nat_gateways[0]
    assert re.search(rf"{node_id('natgateway', nat.id)} \[[^\]]*shape=\"ellipse\"", dot)
    assert re.search(rf"{node_id('internetgateway', vpc.internet_gateway.id)} \[[^\]]*shape=\"ellipse\"", dot)
    assert re.search(rf"{node_id('instance', vpc.get('web').id)} \[[^\]]*shape=\"box\"", dot)
    assert re.search(r"service_s3 \[[^\]]*shape=\"box\", style=\"rounded,filled\"", dot)
    assert dot.isascii() and "label=<" not in dot


def test_labels_stay_ascii_for_korean_names():
    vpc = VPC("10.0.0.0/16", name="서울")
    vpc.add_subnet("10.0.0.0/24", az="az-a", name="퍼블릭")
    assert vpc_dot(vpc).isascii()


def test_dot_is_deterministic_and_svg_is_stable():
    assert vpc_dot(_model()) == vpc_dot(_model())
    diagram = vpc_diagram(_model())
    svg = diagram.svg()
    assert svg == vpc_diagram(_model()).svg()
    assert svg.startswith("<svg") and "<title>internet</title>" in svg
    assert f"<title>{node_id('instance', _model().get('web').id)}</title>" in svg


def test_peering_and_transit_gateway_edges():
    from awsbasics.network import TransitGateway

    a, b = VPC("10.0.0.0/16", name="a"), VPC("10.1.0.0/16", name="b")
    connection = a.peer(b)
    hub = TransitGateway("hub")
    hub.attach(a)
    hub.attach(b)
    dot = vpc_dot((a, b))
    pid = node_id("peeringconnection", connection.id)
    assert dot.count(f"{pid} -> ") == 2 and "style=dashed" in dot
    assert dot.count(f"{node_id('transitgateway', hub.id)} -> ") == 2


def test_highlighted_path_and_blocked_hop():
    vpc = _model()
    app = vpc.get("app")
    ok = reachability(vpc, app, "internet", port=443)
    dot = vpc_dot(vpc, highlight=ok)
    assert ok.reachable and dot.count("penwidth=3, constraint=false") == len(ok.path) - 1
    assert f'color="{PALETTE["bluish_green"]}"' in dot
    vpc.get("public").remove_route("0.0.0.0/0")
    blocked = reachability(vpc, app, "internet", port=443)
    dot = vpc_dot(vpc, highlight=blocked)
    assert "BLOCKED: NAT_IN_PRIVATE_SUBNET" in dot and f'color="{PALETTE["vermillion"]}"' in dot
    diagram = blocked.diagram()
    assert diagram.caption.startswith("instance app -> internet tcp/443: NOT reachable (NAT_IN_PRIVATE_SUBNET)")
    assert "blocked at NAT gateway" in diagram.caption


def test_blocked_subnet_check_gets_a_marker():
    vpc = _model()
    strict = vpc.add_network_acl("strict")
    strict.associate(vpc.get("private-c"))
    result = reachability(vpc, "app", "internet", port=443)
    assert "BLOCKED: NACL_DENY" in vpc_dot(vpc, highlight=result)


@pytest.mark.parametrize("obj", ["vpc", "result", "table"])
def test_reprs_have_text_and_never_raise(obj, monkeypatch):
    vpc = _model()
    target = {"vpc": vpc, "result": reachability(vpc, "app", "internet", port=443), "table": vpc.main_route_table}[obj]
    bundle = target._repr_mimebundle_()
    assert bundle["text/plain"]
    from awsbasics.display import diagram as diagram_module

    monkeypatch.setattr(diagram_module, "_render_wasm", lambda dot: None)
    monkeypatch.setattr(diagram_module, "_render_system", lambda dot: None)
    assert target._repr_mimebundle_()["text/plain"]


def test_vpc_html_escapes_names():
    vpc = VPC("10.0.0.0/16", name="<b>x</b>")
    vpc.add_subnet("10.0.0.0/24", az="az-a", name="<script>")
    html = vpc._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_reply_port_figure_marks_denied_ranges():
    vpc = VPC("10.0.0.0/16", name="v")
    acl = vpc.add_network_acl("web")
    acl.allow(100, direction="outbound", ports=443)
    acl.allow(110, direction="outbound", ports=(32768, 65535))
    fig = acl.reply_port_figure("outbound")
    allowed, denied = fig.data
    assert allowed.name == "reply ports allowed" and denied.marker.pattern.shape == "x"
    assert allowed.marker.color == PALETTE["bluish_green"] and denied.marker.color == PALETTE["vermillion"]
    # Windows' 49152-65535 is wholly allowed; the NAT gateway's 1024-32767 is denied.
    assert (49152, 16384) in zip(allowed.base, allowed.x)
    assert (1024, 32767 - 1024 + 1) in zip(denied.base, denied.x)
    layout = fig.to_dict()["layout"]
    assert layout["title"]["text"].startswith("Network ACL web, outbound")
    assert "port number" in layout["xaxis"]["title"]["text"]
    assert layout["xaxis"]["range"] == [0, 65535]  # every TCP/UDP port number, from the engine
    assert "http" not in fig.to_json()


def test_vpc_view_shows_the_overview_and_the_subnet_table():
    vpc = _model()
    html = vpc_view(vpc)["text/html"]
    assert set(vpc_view(vpc)) == {"text/html"}
    assert html.startswith(
        f"<p>VPC shop ({vpc.id}) 10.0.0.0/16 in {REGION}: 2 AZs, 2 subnets (1 public, 1 private), "
        "an internet gateway, 1 NAT gateway, 2 instances</p>"
        '<table class="awsbasics"><thead><tr><th>subnet</th><th>az</th><th>cidr</th>'
    )
    assert (
        "<tr><td>public-a</td><td>ap-northeast-2a</td><td>10.0.0.0/24</td><td>public</td><td>public</td><td>default</td></tr>"
        in html
    )
    assert '<figure class="awsbasics-diagram"' in html
    assert vpc._repr_mimebundle_()["text/plain"] == vpc.text()
    assert vpc_bundle(vpc) == {"text/plain": vpc.text(), "text/html": html}


def test_route_table_view_is_captioned_with_its_subnets():
    vpc = _model()
    table = vpc.get("public")
    html = route_table_view(table)["text/html"]
    assert html.startswith(
        f'<table class="awsbasics"><caption>Route table public ({table.id}); subnets: public-a</caption>'
    )
    assert (
        f"<tr><td>0.0.0.0/0</td><td>{vpc.internet_gateway.id}</td><td>internet gateway</td><td>active</td></tr>" in html
    )
    assert table._repr_mimebundle_() == {"text/plain": table.text(), "text/html": html}


def test_service_and_load_balancer_labels_come_from_the_engine():
    vpc = _model()
    vpc.add_load_balancer("web-alb", subnets=[vpc.get("public-a"), vpc.add_subnet("10.0.1.0/24", az=f"{REGION}c")])
    dot = vpc_dot(vpc)
    assert 'label="Amazon S3\\n(AWS service)"' in dot
    assert 'label="ALB web-alb\\ninternet-facing"' in dot
    # A service reached without an endpoint is drawn from the highlighted path.
    bare = VPC("10.0.0.0/16", name="bare")
    subnet = bare.add_subnet("10.0.0.0/24", az="az-a")
    bare.main_route_table.add_route("0.0.0.0/0", bare.add_internet_gateway())
    result = reachability(bare, bare.add_instance("box", subnet, public_ip=True), "dynamodb", port=443)
    assert result.services == (("service_dynamodb", "Amazon DynamoDB"),)
    assert 'service_dynamodb [label="Amazon DynamoDB\\n(AWS service)"' in vpc_dot(bare, highlight=result)


def test_routes_are_listed_in_a_legend_not_on_the_edges():
    vpc = _model()
    dot = vpc_dot(vpc)
    legend = re.search(r'routes_\w+ \[label="([^"]*)"', dot).group(1)
    assert legend.split("\\n")[0] == "  Routes (table: destination -> target)  "
    assert "  public: 0.0.0.0/0 -> igw  " in legend.split("\\n")
    assert not re.search(r"-> \w+ \[ltail=[^\]]*label=", dot)  # route arrows carry no text


def test_ipv6_blocks_and_the_egress_only_gateway_are_drawn():
    vpc = VPC("10.0.0.0/16", name="ds", region=REGION)
    block = vpc.assign_ipv6_cidr_block()
    subnet = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="a", ipv6_cidr="auto")
    vpc.main_route_table.add_route("::/0", vpc.add_egress_only_internet_gateway())
    box = vpc.add_instance("box", subnet, ipv6=True)
    dot = vpc_dot(vpc)
    assert f'label="  VPC ds  \\n  10.0.0.0/16, {block}  "' in dot
    assert f'label="box\\n10.0.0.4\\n{box.ipv6_address}\\nSG: default"' in dot
    assert f"\\n  {subnet.ipv6_cidr}  \\n" in dot
    assert 'label="Egress-only IGW (IPv6 out)\\neigw"' in dot
    assert "  main: ::/0 -> eigw  " in dot


def test_peering_and_transit_gateways_sit_inside_their_region():
    a, b = VPC("10.0.0.0/16", name="a", region=REGION), VPC("10.1.0.0/16", name="b", region=REGION)
    a.peer(b)
    dot = vpc_dot((a, b))
    start = dot.index("subgraph cluster_region")
    node = re.search(r"\n    peeringconnection_\w+ \[label=", dot).start()
    region_end = dot.rindex("\n  }\n", 0, dot.index(" -> vpc_"))  # the Region cluster closes before the links
    assert start < node < region_end


def test_a_private_nat_gateway_is_labelled_without_an_elastic_ip():
    vpc = VPC("10.0.0.0/16", name="p")
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a")
    vpc.add_nat_gateway(subnet, name="inner", connectivity="private")
    assert 'label="NAT gateway\\ninner\\nprivate NAT, no EIP"' in vpc_dot(vpc)
