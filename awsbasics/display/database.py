"""Tables, figures and diagrams for chapter 04: databases.

Every function reads what it shows from the object it is given (a capacity,
a failover outcome, a quorum, ...); none computes a capacity unit, a quorum or
a price, and none decides an AWS limit.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "capacity_view",
    "batch_view",
    "cost_view",
    "cost_figure",
    "throttling_view",
    "throttling_figure",
    "deployment_view",
    "outcome_view",
    "failover_diagram",
    "recovery_view",
    "recovery_figure",
    "quorum_view",
    "quorum_diagram",
    "subnet_group_view",
    "access_view",
    "responsibility_view",
    "service_map_view",
    "service_map_diagram",
]

_GRAPH = (
    'digraph {{\n  rankdir=TB; fontname="Helvetica"; newrank=true;\n'
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
)


def _with_verdict(table: str, verdict: str, css: str) -> dict[str, str]:
    return {"text/html": f'<div class="{css}">{table}<p><b>{escape(verdict)}</b></p></div>'}


def capacity_view(capacity) -> dict[str, str]:
    """A DynamoDB capacity: per-request units, consumed and to-provision units."""
    return _with_verdict(
        html_table(["measure", "value"], capacity.rows(), caption="DynamoDB capacity"),
        capacity.verdict,
        "awsbasics-capacity",
    )


def batch_view(batch) -> dict[str, str]:
    """A batch request: each item's units, and the total."""
    table = html_table(["item", "size_kb", batch.unit_name.lower()], batch.rows(), caption="Each item of the batch")
    return _with_verdict(table, batch.verdict, "awsbasics-batch")


def cost_view(cost) -> dict[str, str]:
    """On-demand against provisioned cost per month."""
    table = html_table(
        ["measure", "value"], cost.rows(), caption="A month of this workload (us-east-1 teaching prices)"
    )
    return _with_verdict(table, cost.verdict, "awsbasics-cost")


def cost_figure(cost):
    """Monthly cost by average utilisation: provisioned falls as utilisation rises, on-demand stays flat."""
    import plotly.graph_objects as go

    curve = cost.curve()
    x = [row[0] for row in curve]
    fig = go.Figure()
    fig.add_scatter(
        x=x,
        y=[row[1] for row in curve],
        name="provisioned",
        mode="lines+markers",
        line={"color": PALETTE["blue"], "width": 2},
        hovertemplate="%{x}% utilisation<br>USD %{y:,.2f} a month<extra>provisioned</extra>",
    )
    fig.add_scatter(
        x=x,
        y=[row[2] for row in curve],
        name="on-demand",
        mode="lines",
        line={"color": PALETTE["orange"], "width": 3, "dash": "dash"},
        hovertemplate="USD %{y:,.2f} a month<extra>on-demand</extra>",
    )
    fig.add_vline(
        x=round(100 * cost.break_even_utilisation, 1),
        line={"color": PALETTE["grey"], "dash": "dot"},
        annotation_text=f"break-even {cost.break_even_utilisation:.1%}",
    )
    fig.update_layout(
        title="DynamoDB monthly cost: provisioned by average utilisation vs on-demand",
        xaxis_title="average utilisation of provisioned capacity (%)",
        yaxis_title="USD per month (us-east-1 teaching prices)",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def throttling_view(throttling) -> dict[str, str]:
    return {"text/html": f'<p class="awsbasics-throttling"><b>{escape(throttling.verdict)}</b></p>'}


def throttling_figure(throttling):
    """Demand, served and throttled units per second, with the burst bucket on a second axis."""
    import plotly.graph_objects as go

    seconds = list(range(throttling.seconds))
    fig = go.Figure()
    fig.add_scatter(
        x=seconds,
        y=throttling.demand.round(1).tolist(),
        name="demand",
        mode="lines",
        line={"color": PALETTE["black"], "width": 1},
    )
    fig.add_scatter(
        x=seconds,
        y=throttling.served.round(1).tolist(),
        name="served",
        mode="lines",
        line={"color": PALETTE["bluish_green"], "width": 2},
    )
    fig.add_scatter(
        x=seconds,
        y=throttling.throttled.round(1).tolist(),
        name="throttled",
        mode="lines",
        fill="tozeroy",
        line={"color": PALETTE["vermillion"], "width": 1},
    )
    fig.add_scatter(
        x=seconds,
        y=throttling.burst_left.round(0).tolist(),
        name="saved burst capacity (units)",
        mode="lines",
        yaxis="y2",
        line={"color": PALETTE["sky_blue"], "dash": "dot"},
    )
    fig.add_hline(
        y=throttling.provisioned_units,
        line={"color": PALETTE["blue"], "dash": "dash"},
        annotation_text=f"provisioned {throttling.provisioned_units}",
    )
    fig.update_layout(
        title="A burst against provisioned capacity: burst capacity first, then throttling",
        xaxis_title="second",
        yaxis_title="capacity units per second",
        yaxis2={"title": "saved burst capacity (units)", "overlaying": "y", "side": "right"},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def deployment_view(d) -> dict[str, str]:
    caption = f"{d.name} ({d.engine}), {len(d.replicas)} read replicas"
    return {"text/html": html_table(["node", "role", "az", "serves_reads"], d.rows(), caption=caption)}


def outcome_view(outcome) -> dict[str, str]:
    """The verdict, who serves each endpoint, and each replica's lag."""
    endpoints = html_table(["endpoint", "served_by"], outcome.rows(), caption="Endpoints after the failure")
    lag = (
        html_table(["replica", "lag_s"], list(outcome.replica_lag_s.items()), caption="Replica lag")
        if outcome.replica_lag_s
        else ""
    )
    return {
        "text/html": (
            f'<div class="awsbasics-failover"><p><b>{escape(outcome.verdict)}</b></p>'
            f'<div style="display:flex; gap:2em; align-items:flex-start">{endpoints}{lag}</div></div>'
        )
    }


def failover_diagram(outcome) -> Diagram:
    """The deployment in its AZs: the writer bold, lost nodes dashed grey, replication edges labelled."""
    d = outcome.deployment
    lost = set(outcome.failed)
    writer = outcome.endpoints.get("writer")
    fills = {
        "primary": PALETTE["orange"],
        "standby": "#f6dca0",
        "readable standby": PALETTE["yellow"],
        "read replica": PALETTE["sky_blue"],
    }
    body = []
    for az in sorted({n.az for n in d.nodes}):
        lines = [f"  subgraph {node_id('cluster', az)} {{", f"    label={quote(az)}; style=dashed;"]
        for n in (n for n in d.nodes if n.az == az):
            if n.name in lost:
                style, fill, label = "dashed", "#eeeeee", f"{n.name}\n{n.role}\nFAILED"
            else:
                style, fill = ("filled,bold" if n.name == writer else "filled"), fills[n.role]
                label = f"{n.name}\n{n.role}" + ("\nwriter" if n.name == writer else "")
            lines.append(
                f"    {node_id('db', n.name)} [shape=box, style={quote(style)}, fillcolor={quote(fill)}, "
                f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
            )
        lines.append("  }")
        body.append("\n".join(lines))
    replication = d.facts["replication"]
    for n in d.standbys:
        body.append(f"  {node_id('db', d.primary.name)} -> {node_id('db', n.name)} [label={quote(' ' + replication)}];")
    for n in d.replicas:
        body.append(f'  {node_id("db", d.primary.name)} -> {node_id("db", n.name)} [style=dashed, label=" async"];')
    caption = (
        f"{d.name} across {len({n.az for n in d.nodes})} AZs after a {outcome.failure} failure: "
        f"{', '.join(outcome.failed)} lost (dashed); writer now {writer}."
    )
    return Diagram(_GRAPH.format(body="\n".join(body) + "\n"), caption)


def recovery_view(window) -> dict[str, str]:
    return _with_verdict(
        html_table(["measure", "value"], window.rows(), caption="Automated backups and snapshots"),
        window.verdict,
        "awsbasics-recovery",
    )


def recovery_figure(window):
    """The restorable window and the manual snapshots, on an axis of days ago (now at the right)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    if window.retention_days:
        fig.add_scatter(
            x=[-window.earliest_restorable_days_ago, -window.latest_restorable_minutes_ago / 1440],
            y=[1, 1],
            mode="lines",
            name="point-in-time restore window",
            line={"color": PALETTE["blue"], "width": 14},
            hovertemplate="%{x:.3f} days<extra>restorable</extra>",
        )
    if window.snapshot_days_ago:
        fig.add_scatter(
            x=[-s for s in window.snapshot_days_ago],
            y=[0.5] * len(window.snapshot_days_ago),
            mode="markers",
            name="manual snapshots",
            marker={"symbol": "diamond", "size": 14, "color": PALETTE["orange"]},
            hovertemplate="%{x} days<extra>snapshot</extra>",
        )
    fig.add_vline(x=0, line={"color": PALETTE["black"]}, annotation_text="now")
    lowest = max([window.earliest_restorable_days_ago or 0, *window.snapshot_days_ago, 1])
    fig.update_layout(
        title=f"What you can restore to: retention {window.retention_days} days",
        xaxis_title="days before now",
        xaxis={"range": [-1.1 * lowest, 0.05 * lowest]},
        yaxis={"visible": False, "range": [0, 1.5]},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 60},
        height=300,
    )
    return fig


def quorum_view(quorum) -> dict[str, str]:
    table = html_table(["copy", "az", "state"], quorum.rows(), caption="The six copies of one protection group")
    return {
        "text/html": (
            f'<div class="awsbasics-quorum"><p><b>{escape(quorum.verdict)}</b></p>'
            f"<p>{escape(quorum.repair)}</p>{table}</div>"
        )
    }


def quorum_diagram(quorum) -> Diagram:
    """Three AZ clusters of two copies each; lost copies dashed grey; the writer's quorum edges."""
    body = []
    rows = quorum.rows()
    for az in dict.fromkeys(az for _, az, _ in rows):
        lines = [f"  subgraph {node_id('cluster', az)} {{", f"    label={quote(az)}; style=dashed;"]
        for copy, _, state in (r for r in rows if r[1] == az):
            up = state == "up"
            label = quote(copy + "\n" + state)
            lines.append(
                f"    {node_id('copy', copy)} [shape=cylinder, style={quote('filled' if up else 'dashed')}, "
                f"fillcolor={quote(PALETTE['bluish_green'] if up else '#eeeeee')}, "
                f"label={label}, tooltip={quote(f'copy {copy} in {az}: {state}')}];"
            )
        lines.append("  }")
        body.append("\n".join(lines))
    writes = "writes OK" if quorum.can_write else "writes STOP"
    reads = "reads OK" if quorum.can_read else "reads STOP"
    writer_label = quote(f"Aurora writer\n{writes}, {reads}")
    body.append(
        f'  {node_id("aurora", "writer")} [shape=box, style="rounded,filled", fillcolor='
        f"{quote(PALETTE['orange'])}, label={writer_label}];"
    )
    for copy, _, state in rows:
        style = "solid" if state == "up" else "dotted"
        body.append(f"  {node_id('aurora', 'writer')} -> {node_id('copy', copy)} [style={style}, arrowsize=0.6];")
    down = [copy for copy, _, state in rows if state == "down"]
    caption = (
        f"Six copies in three AZs, {len(down)} down ({', '.join(down) or 'none'}, dashed): "
        f"{writes.lower()}, {reads.lower()}."
    )
    return Diagram(_GRAPH.format(body="\n".join(body) + "\n"), caption)


def subnet_group_view(group) -> dict[str, str]:
    return _with_verdict(
        html_table(["subnet", "cidr", "az", "kind"], group.rows(), caption=f"DB subnet group {group.name}"),
        group.verdict,
        "awsbasics-subnet-group",
    )


def access_view(access) -> dict[str, str]:
    return _with_verdict(
        html_table(["source", "reachable", "reason"], access.rows(), caption="Who can connect"),
        access.verdict,
        "awsbasics-db-access",
    )


def responsibility_view(table) -> dict[str, str]:
    rows = [[escape(cell) if cell != "AWS" else "<b>AWS</b>" for cell in row] for row in table.rows]
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return {
        "text/html": (
            f'<table class="awsbasics"><caption>Who does what</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
    }


def service_map_view(service_map) -> dict[str, str]:
    table = html_table(service_map.columns, service_map.rows, caption="Purpose-built databases")
    return {"text/html": f"{table}<p>Schema conversion: {escape(service_map.schema_conversion)}.</p>"}


def service_map_diagram(service_map) -> Diagram:
    """Kinds of database (ellipses) pointing to the AWS service for each (rounded boxes)."""
    body = [
        f"  {node_id('map', 'app')} [shape=box, style=filled, fillcolor={quote(PALETTE['grey'])}, "
        f'label="Your application"];'
    ]
    for service, kind, _korean, use in service_map.rows:
        kid, sid = node_id("kind", kind), node_id("svc", service)
        body.append(f"  {kid} [shape=ellipse, label={quote(kind)}];")
        body.append(
            f'  {sid} [shape=box, style="rounded,filled", fillcolor={quote(PALETTE["sky_blue"])}, '
            f"label={quote(service)}, tooltip={quote(use)}];"
        )
        body.append(f"  {node_id('map', 'app')} -> {kid};")
        body.append(f"  {kid} -> {sid};")
    caption = "Purpose-built databases: " + "; ".join(f"{kind} -> {service}" for service, kind, *_ in service_map.rows)
    return Diagram(_GRAPH.format(body="\n".join(dict.fromkeys(body)) + "\n"), caption)
