"""VPC diagrams: Region > VPC > AZ > subnet clusters, gateways, connections, a highlighted path.

Public subnets are drawn filled green with a bold solid border and the word
"public"; private subnets filled grey-blue with a dashed border and the word
"private", so the two differ in fill, border and text. Gateways and endpoints
are ellipses, instances boxes, AWS services and load balancers rounded boxes.
Route arrows carry no text: each route table's routes are listed in one
legend box ("Routes") inside its VPC, so no label piles on an edge. Peering
connections and transit gateways are drawn inside their Region.
Node ids derive from resource ids, so a model always renders the same DOT.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "vpc_dot",
    "vpc_diagram",
    "vpc_view",
    "vpc_bundle",
    "route_table_view",
    "reachability_view",
    "reply_port_figure",
    "network_cost_view",
    "endpoint_comparison_view",
    "PUBLIC_STYLE",
    "PRIVATE_STYLE",
]

PUBLIC_STYLE = {"style": "filled,bold", "fillcolor": "#DDF2EA", "color": PALETTE["bluish_green"], "penwidth": "2"}
PRIVATE_STYLE = {"style": "filled,dashed", "fillcolor": "#E4EEF6", "color": PALETTE["blue"], "penwidth": "1.5"}
_HEAD = (
    'digraph {{\n  rankdir=TB; compound=true; newrank=true; fontname="Helvetica"; nodesep=0.35;\n'
    '  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n{body}}}\n'
)


def _attrs(values: dict) -> str:
    return ", ".join(f"{key}={quote(value)}" for key, value in values.items())


class _Dot:
    def __init__(self, highlight):
        self.lines: list[str] = []
        self.nodes: set[str] = set()
        self.edges: set[tuple[str, str]] = set()
        self.highlight = highlight
        self.on_path = set(highlight.path) if highlight is not None else set()
        blocked = highlight.blocked[0] if highlight is not None and highlight.blocked else None
        self.blocked = blocked

    def node(self, nid: str, label: str, indent: str, **attrs) -> None:
        values = {"label": label, "tooltip": label.replace("\n", " "), **attrs}
        if nid in self.on_path:
            values["penwidth"] = "3"
            values["color"] = (
                PALETTE["vermillion"] if self.blocked and self.blocked.node_id == nid else PALETTE["orange"]
            )
        if self.blocked is not None and self.blocked.node_id == nid:
            values["label"] = f"{label}\nBLOCKED: {self.blocked.reason}"
            values["color"] = PALETTE["vermillion"]
            values["penwidth"] = "3"
        self.nodes.add(nid)
        self.lines.append(f"{indent}{nid} [{_attrs(values)}];")


_PAD = "  "


def _subnet_label(subnet) -> str:
    kind = "public" if subnet.is_public else "private"
    lines = [f"{subnet.name} ({kind})", str(subnet.cidr)]
    if getattr(subnet, "ipv6_cidr", None) is not None:
        lines.append(str(subnet.ipv6_cidr))
    lines.append(f"route table: {subnet.route_table.name}")
    # Padding: the renderer estimates text width without font metrics, so a bare label can touch its border.
    return "\n".join(f"{_PAD}{line}{_PAD}" for line in lines)


def _route_legend(vpc) -> str:
    """The routes of every route table a subnet uses, one line each (drawn as a legend, not on the edges)."""
    lines = ["Routes (table: destination -> target)"]
    for table in vpc.route_tables:
        if not table.subnets:
            continue
        for route in table.routes:
            if route.target == "local":
                continue
            destination = f"{route.service} ({route.destination})" if route.service else str(route.destination)
            state = " [blackhole]" if route.state == "blackhole" else ""
            lines.append(f"{table.name}: {destination} -> {route.target.name}{state}")
    return "\n".join(f"{_PAD}{line}{_PAD}" for line in lines) if len(lines) > 1 else ""


def _vpc_lines(dot: _Dot, vpc) -> None:
    vid = node_id("vpc", vpc.id)
    blocks = ", ".join(str(b) for b in (*vpc.cidr_blocks, *getattr(vpc, "ipv6_cidr_blocks", ())))
    dot.lines.append(f"  subgraph {node_id('cluster', vid)} {{")
    # Two short lines rather than one long one: a long label overflows most where widths are estimated.
    dot.lines.append(
        f"    label={quote(f'{_PAD}VPC {vpc.name}{_PAD}' + chr(10) + f'{_PAD}{blocks}{_PAD}')}; style=rounded; "
        f"color={quote(PALETTE['black'])}; penwidth=2; labeljust=l;"
    )
    dot.node(vid, "", "    ", shape="point", style="invis", width="0.01")
    gateway = vpc.internet_gateway
    if gateway is not None:
        dot.node(
            node_id("internetgateway", gateway.id),
            f"Internet gateway\n{gateway.name}",
            "    ",
            shape="ellipse",
            style="filled",
            fillcolor="#FFFFFF",
        )
    egress = getattr(vpc, "egress_only_internet_gateway", None)
    if egress is not None:
        dot.node(
            node_id("egressonlyinternetgateway", egress.id),
            f"Egress-only IGW (IPv6 out)\n{egress.name}",
            "    ",
            shape="ellipse",
            style="filled,dashed",
            fillcolor="#FFFFFF",
        )
    legend = _route_legend(vpc)
    if legend:
        dot.node(
            node_id("routes", vpc.id),
            legend,
            "    ",
            shape="note",
            style="filled",
            fillcolor="#FFFFFF",
            fontsize="9",
            margin="0.3,0.1",
        )
    for zone in vpc.availability_zones:
        dot.lines.append(f"    subgraph {node_id('cluster', vpc.id, 'az', zone)} {{")
        dot.lines.append(
            f"      label={quote('AZ ' + zone)}; style=dashed; color={quote(PALETTE['grey'])}; labeljust=l;"
        )
        for subnet in (s for s in vpc.subnets if s.az == zone):
            style = PUBLIC_STYLE if subnet.is_public else PRIVATE_STYLE
            dot.lines.append(f"      subgraph {node_id('cluster', 'subnet', subnet.id)} {{")
            dot.lines.append(f"        label={quote(_subnet_label(subnet))}; {_attrs(style).replace(', ', '; ')};")
            dot.node(node_id("subnet", subnet.id), "", "        ", shape="point", style="invis", width="0.01")
            for interface in subnet.interfaces:
                if interface.instance is not None and interface is interface.instance.primary_interface:
                    instance = interface.instance
                    public = f"\npublic {instance.public_ip}" if instance.public_ip else ""
                    ipv6 = getattr(instance, "ipv6_address", None)
                    public += f"\n{ipv6}" if ipv6 else ""
                    groups = ", ".join(g.name for g in instance.security_groups)
                    dot.node(
                        node_id("instance", instance.id),
                        f"{instance.name}\n{instance.private_ip}{public}\nSG: {groups}",
                        "        ",
                        shape="box",
                        style="filled",
                        fillcolor="#FFFFFF",
                    )
                elif interface.kind == "interface_endpoint":
                    dot.node(
                        node_id("networkinterface", interface.id),
                        f"endpoint ENI\n{interface.private_ip}",
                        "        ",
                        shape="ellipse",
                        style="filled,dashed",
                        fillcolor="#FFFFFF",
                    )
            for nat in (n for n in vpc.nat_gateways if n.subnet is subnet):
                address = f"EIP {nat.public_ip}" if nat.public_ip else "private NAT, no EIP"
                dot.node(
                    node_id("natgateway", nat.id),
                    f"NAT gateway\n{nat.name}\n{address}",
                    "        ",
                    shape="ellipse",
                    style="filled",
                    fillcolor="#FFFFFF",
                )
            dot.lines.append("      }")
        dot.lines.append("    }")
    for endpoint in (e for e in vpc.endpoints if e.kind == "gateway"):
        dot.node(
            node_id("vpcendpoint", endpoint.id),
            f"Gateway endpoint\n{endpoint.service}",
            "    ",
            shape="ellipse",
            style="filled",
            fillcolor="#FFFFFF",
        )
    for balancer in vpc.load_balancers:
        dot.node(
            node_id("loadbalancer", balancer.id),
            f"{balancer.abbreviation} {balancer.name}\n{balancer.scheme}",
            "    ",
            shape="box",
            style="rounded,filled",
            fillcolor=PALETTE["yellow"],
        )
    dot.lines.append("  }")


def _service_node(dot: _Dot, nid: str, name: str) -> None:
    dot.node(nid, f"{name}\n(AWS service)", "  ", shape="box", style="rounded,filled", fillcolor=PALETTE["sky_blue"])


def _edges(dot: _Dot, vpc, drawn_services: set[str]) -> None:
    for subnet in vpc.subnets:
        anchor = node_id("subnet", subnet.id)
        tail = node_id("cluster", "subnet", subnet.id)
        for route in subnet.route_table.routes:
            if route.target == "local":
                continue
            kind = type(route.target).__name__.lower()
            target = node_id(kind, route.target.id)
            if target not in dot.nodes:
                continue
            style = "dashed" if route.state == "blackhole" else "solid"
            edge = (anchor, target)
            if edge in dot.edges:  # one arrow per subnet and target; the legend lists every route
                continue
            dot.edges.add(edge)
            dot.lines.append(f"  {anchor} -> {target} [ltail={tail}, style={style}, color={quote(PALETTE['grey'])}];")
    gateway = vpc.internet_gateway
    if gateway is not None:
        dot.lines.append(f"  internet -> {node_id('internetgateway', gateway.id)} [dir=both, penwidth=1.5];")
    for endpoint in vpc.endpoints:
        service = node_id("service", endpoint.service)
        if service not in drawn_services:
            drawn_services.add(service)
            _service_node(dot, service, endpoint.service_name)
        sources = (
            [node_id("vpcendpoint", endpoint.id)]
            if endpoint.kind == "gateway"
            else [node_id("networkinterface", i.id) for i in endpoint.interfaces]
        )
        for source in sources:
            dot.lines.append(f"  {source} -> {service} [style=dashed];")
    for balancer in vpc.load_balancers:
        lb = node_id("loadbalancer", balancer.id)
        for subnet in balancer.subnets:
            dot.lines.append(
                f"  {lb} -> {node_id('subnet', subnet.id)} [lhead={node_id('cluster', 'subnet', subnet.id)}, "
                "style=dotted, arrowhead=none];"
            )
        for group in balancer.target_groups:
            for target in group.targets:
                dot.lines.append(f"  {lb} -> {node_id('instance', target.id)} [label={quote(group.name)}];")


def _as_models(models) -> tuple:
    """One VPC or several, as a tuple."""
    return tuple(models) if isinstance(models, (tuple, list)) else (models,)


def vpc_dot(models, *, highlight=None) -> str:
    """DOT source for one VPC or several (with their peering and transit gateway links)."""
    models = _as_models(models)
    dot = _Dot(highlight)
    dot.node("internet", "Internet", "  ", shape="ellipse", peripheries="2", style="filled", fillcolor="#FFFFFF")
    seen: set[str] = set()
    links: list[str] = []
    for region in sorted({m.region or "" for m in models}):
        indent = "    " if region else "  "
        if region:
            dot.lines.append(f"  subgraph {node_id('cluster', 'region', region)} {{")
            dot.lines.append(f"    label={quote('Region ' + region)}; style=rounded; color={quote(PALETTE['grey'])};")
        members = [m for m in models if (m.region or "") == region]
        for vpc in members:
            _vpc_lines(dot, vpc)
        # Peering connections and transit gateways of this Region's VPCs are drawn inside the Region.
        for vpc in members:
            for connection in vpc.peering_connections:
                if connection.id in seen or not all(v in models for v in connection.vpcs):
                    continue
                seen.add(connection.id)
                pid = node_id("peeringconnection", connection.id)
                dot.node(
                    pid,
                    f"Peering\n{connection.name}",
                    indent,
                    shape="ellipse",
                    style="filled,dashed",
                    fillcolor="#FFFFFF",
                )
                for side in connection.vpcs:
                    vid = node_id("vpc", side.id)
                    links.append(f"  {pid} -> {vid} [lhead={node_id('cluster', vid)}, dir=none, style=dashed];")
            for hub in vpc.transit_gateways:
                hid = node_id("transitgateway", hub.id)
                if hid not in dot.nodes:
                    dot.node(
                        hid,
                        f"Transit gateway\n{hub.name}",
                        indent,
                        shape="ellipse",
                        style="filled,bold",
                        fillcolor="#FFFFFF",
                    )
                vid = node_id("vpc", vpc.id)
                links.append(f"  {hid} -> {vid} [lhead={node_id('cluster', vid)}, dir=none, penwidth=2];")
        if region:
            dot.lines.append("  }")
    dot.lines.extend(links)
    services: set[str] = set()
    for vpc in models:
        _edges(dot, vpc, services)
    if highlight is not None:
        for nid, name in highlight.services:
            if nid not in dot.nodes:
                _service_node(dot, nid, name)
        path = [p for p in highlight.path if p in dot.nodes]
        colour = PALETTE["bluish_green"] if highlight.reachable else PALETTE["vermillion"]
        for step, (a, b) in enumerate(zip(path, path[1:]), start=1):
            dot.lines.append(
                f"  {a} -> {b} [color={quote(colour)}, penwidth=3, constraint=false, "
                f"label={quote(f'step {step}')}, fontcolor={quote(colour)}];"
            )
        if highlight.blocked and highlight.blocked[0].node_id.startswith("subnet_"):
            hop = highlight.blocked[0]
            dot.lines.append(
                f"  {hop.node_id} [shape=octagon, style=filled, fillcolor={quote(PALETTE['vermillion'])}, "
                f"fontcolor={quote('#FFFFFF')}, width=0.3, label={quote('BLOCKED: ' + hop.reason)}];"
            )
    return _HEAD.format(body="\n".join(dot.lines) + "\n")


def vpc_diagram(models, *, highlight=None) -> Diagram:
    """A :class:`~awsbasics.display.diagram.Diagram` of the model, optionally with a reachability path."""
    models = _as_models(models)
    if highlight is not None:
        caption = highlight.verdict + "; path: " + " -> ".join(highlight.path_labels)
        blocked = highlight.blocked
        if blocked:
            caption += f"; blocked at {blocked[0].node} ({blocked[0].check})"
    else:
        caption = "; ".join(m.overview for m in models)
    return Diagram(vpc_dot(models, highlight=highlight), caption)


_SUBNET_COLUMNS = ["subnet", "az", "cidr", "kind", "route_table", "network_acl"]
_ROUTE_COLUMNS = ["destination", "target", "kind", "state"]
_HOP_COLUMNS = ["#", "direction", "where", "check", "result", "reason", "detail"]


def vpc_view(vpc) -> dict[str, str]:
    """A VPC's rich view: its overview, subnet table and diagram (left out if it cannot be rendered)."""
    rows = vpc.subnet_table()
    figure = vpc_diagram(vpc)._repr_mimebundle_().get("text/html", "")
    table = html_table(_SUBNET_COLUMNS, rows) if rows else ""
    return {"text/html": f"<p>{escape(vpc.overview)}</p>{table}{figure}"}


def vpc_bundle(vpc) -> dict[str, str]:
    """A VPC's whole MIME bundle, text view and :func:`vpc_view` (its repr gives the same)."""
    return {"text/plain": vpc.text(), **vpc_view(vpc)}


def route_table_view(table) -> dict[str, str]:
    """A route table's rich view: its routes, captioned with its name and subnets."""
    rows = [(str(r.destination), r.target_id, r.target_kind, r.state) for r in table.routes]
    return {"text/html": html_table(_ROUTE_COLUMNS, rows, caption=table.text().split("\n", 1)[0])}


def reachability_view(result) -> dict[str, str]:
    """A reachability answer's rich view: the verdict, the path and a table of hops."""
    rows = [
        (h.number, h.direction, h.node, h.check, "ok" if h.allowed else "BLOCKED", h.reason, h.detail)
        for h in result.hops
    ]
    head = f"<p><b>{escape(result.verdict)}</b><br>path: {escape(' -> '.join(result.path_labels))}</p>"
    return {"text/html": head + html_table(_HOP_COLUMNS, rows)}


def reply_port_figure(acl, direction: str, rows: list[dict], *, port_axis: tuple[int, int]):
    """Each client's ephemeral port range as a bar on the ``port_axis`` (every port number): the part the ACL
    allows in green, a denied part in vermillion with a cross-hatch (told apart without colour too)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    names = [f"{r['client']} ({r['description']})" if len(r["description"]) < 40 else r["client"] for r in rows]
    for allowed, colour, pattern, label in (
        (True, PALETTE["bluish_green"], "", "allowed"),
        (False, PALETTE["vermillion"], "x", "denied"),
    ):
        segments = []
        for row, name in zip(rows, names):
            low, high = row["from_port"], row["to_port"]
            denied = list(row["denied_ranges"])
            if allowed:
                edges = [low - 1] + [p for d in denied for p in d] + [high + 1]
                parts = [
                    (edges[i] + 1, edges[i + 1] - 1)
                    for i in range(0, len(edges), 2)
                    if edges[i] + 1 <= edges[i + 1] - 1
                ]
            else:
                parts = denied
            segments += [(name, a, b, row["detail"]) for a, b in parts]
        fig.add_trace(
            go.Bar(
                y=[s[0] for s in segments],
                x=[s[2] - s[1] + 1 for s in segments],
                base=[s[1] for s in segments],
                orientation="h",
                name=f"reply ports {label}",
                marker={"color": colour, "pattern": {"shape": pattern}},
                customdata=[[s[1], s[2], s[3]] for s in segments],
                hovertemplate="%{y}<br>ports %{customdata[0]}-%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    fig.update_layout(
        title=f"Network ACL {acl.name}, {direction}: can replies reach each client's ephemeral ports?",
        xaxis={"title": "destination port of the reply (port number)", "range": list(port_axis)},
        yaxis={"title": "client", "autorange": "reversed"},
        barmode="overlay",
        template="plotly_white",
        height=380,
        legend={"title": "reply traffic"},
    )
    return fig


_COST_COLUMNS = ["item", "quantity", "unit", "usd_per_unit", "usd_per_month"]


def network_cost_view(cost) -> dict[str, str]:
    """A network cost's rich view: the total, then one row per line of the bill."""
    rows = [
        (item, f"{quantity:,.0f}", unit, f"{price:g}", f"{total:,.2f}")
        for item, quantity, unit, price, total in cost.rows()
    ]
    head = f"<p><b>{escape(cost.text().splitlines()[0])}</b></p>"
    return {"text/html": head + html_table(_COST_COLUMNS, rows)}


def endpoint_comparison_view(comparison) -> dict[str, str]:
    """The NAT-versus-gateway-endpoint comparison: one sentence and a two-row table."""
    rows = [(path, f"{price:g}", f"{total:,.2f}") for path, price, total in comparison.rows()]
    return {
        "text/html": f"<p>{escape(comparison.text())}</p>" + html_table(["path", "usd_per_gb", "usd_per_month"], rows)
    }
