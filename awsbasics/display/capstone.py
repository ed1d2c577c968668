"""Chapter 11's views: the architecture diagram, its proofs, the game day, the review, the estimate.

Every function reads what it shows from the object it is given (models,
check results, lines of a bill, a timeline); none decides an AWS rule, looks
up a price or computes an availability. Public subnets are drawn as chapter
03 draws them (filled green, bold border), private ones filled grey-blue with
a dashed border; gateways are ellipses, instances boxes, services rounded boxes.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote
from awsbasics.display.vpc import PRIVATE_STYLE, PUBLIC_STYLE

__all__ = [
    "estimate_figure",
    "estimate_view",
    "lcus_view",
    "architecture_view",
    "architecture_diagram",
    "paths_view",
    "least_privilege_view",
    "cost_resilience_view",
    "game_day_view",
    "game_day_figure",
    "review_view",
]

_COLUMNS = ["service", "item", "quantity", "unit", "unit_price_usd", "monthly_usd"]
_COLOURS = [
    PALETTE[name]
    for name in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "sky_blue",
        "reddish_purple",
        "yellow",
        "grey",
        "black",
    )
]


def estimate_view(estimate) -> dict[str, str]:
    """The total, one row per line of the bill, and what no source priced."""
    rows = estimate.shown_rows()
    head = f"<p><b>{escape(estimate.text().splitlines()[0])}</b></p>"
    table = html_table(_COLUMNS, rows, caption=f"Monthly estimate, {estimate.region}")
    if estimate.unverified:
        table += f"<p>* {escape(estimate.unverified_note)}</p>"
    missing = ""
    if estimate.unpriced:
        items = "".join(f"<li>{escape(item)}</li>" for item in estimate.unpriced)
        missing = f"<p>Not priced (no sourced price for this Region):</p><ul>{items}</ul>"
    return {"text/html": f'<div class="awsbasics-estimate">{head}{table}{missing}</div>'}


def estimate_figure(estimate):
    """Monthly USD per service as horizontal bars, largest on top."""
    import plotly.graph_objects as go

    totals = sorted(estimate.by_service().items(), key=lambda pair: pair[1])
    names = [name for name, _ in totals]
    values = [round(value, 2) for _, value in totals]
    fig = go.Figure()
    fig.add_bar(
        x=values,
        y=names,
        orientation="h",
        name="USD per month",
        marker={"color": [_COLOURS[i % len(_COLOURS)] for i in range(len(names))]},
        hovertemplate="%{y}<br>$%{x:,.2f} a month<extra></extra>",
    )
    fig.update_layout(
        title=f"Monthly estimate in {estimate.region}: ${estimate.total_usd:,.2f}",
        xaxis_title="USD per month",
        yaxis_title="service",
        template="plotly_white",
        margin={"t": 60, "l": 170},
        showlegend=False,
    )
    return fig


def lcus_view(lcus) -> dict[str, str]:
    """An hour's LCUs by dimension, and the one that sets the bill."""
    table = html_table(["dimension", "lcus"], lcus.rows(), caption="ALB LCUs for one hour")
    return {"text/html": f"{table}<p>{escape(lcus.text().splitlines()[0])}</p>"}


# ---------------------------------------------------------------- the architecture


def architecture_view(arch) -> dict[str, str]:
    """The headline and one row per part of the architecture."""
    head = f"<p><b>{escape(arch.text().splitlines()[0])}</b></p>"
    return {"text/html": head + html_table(["layer", "part", "detail"], arch.rows())}


def _attrs(values: dict) -> str:
    return ", ".join(f"{key}={quote(value)}" for key, value in values.items())


def _node(lines: list[str], nid: str, label: str, indent: str = "  ", **attrs: str) -> None:
    values = {"label": label, "tooltip": label.replace("\n", " "), **attrs}
    lines.append(f"{indent}{nid} [{_attrs(values)}];")


def architecture_diagram(arch) -> Diagram:
    """Region > VPC > AZ clusters with each AZ's subnets and what runs in them; S3, CloudFront, SNS, SQS outside."""
    box = {"shape": "box", "style": "filled", "fillcolor": "#FFFFFF"}
    service = {"shape": "box", "style": "rounded,filled", "fillcolor": PALETTE["sky_blue"]}
    gateway = {"shape": "ellipse", "style": "filled", "fillcolor": "#FFFFFF"}
    lines = [
        "digraph {",
        '  rankdir=TB; compound=true; newrank=true; fontname="Helvetica"; nodesep=0.3; ranksep=0.45;',
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    _node(
        lines, "users", "Users\n(upload, view)", shape="ellipse", peripheries="2", style="filled", fillcolor="#FFFFFF"
    )
    lines.append(f"  subgraph {node_id('cluster', 'region', arch.region)} {{")
    lines.append(f"    label={quote('Region ' + arch.region)}; style=rounded; color={quote(PALETTE['grey'])};")
    lines.append(f"    subgraph {node_id('cluster', 'vpc', arch.vpc.name)} {{")
    lines.append(
        f"      label={quote('VPC ' + arch.vpc.name + ' ' + str(arch.vpc.cidr))}; style=bold; color={quote(PALETTE['blue'])};"
    )
    _node(lines, "igw", "Internet gateway", "      ", **gateway)
    _node(lines, "alb", f"ALB {arch.load_balancer.name}\nHTTPS :443", "      ", **service)
    nat_azs = {nat.subnet.az: nat for nat in arch.nat_gateways}
    instances = {tier: {i.subnet.az: i for i in found} for tier, found in arch.instances.items()}
    per_az = {
        "web": arch.web.desired_capacity // max(1, arch.web.azs),
        "worker": arch.workers.desired_capacity // max(1, arch.workers.azs),
    }
    for tier_index, az in enumerate(arch.azs):
        lines.append(f"      subgraph {node_id('cluster', 'az', az)} {{")
        lines.append(f"        label={quote('AZ ' + az)}; style=dashed; color={quote(PALETTE['grey'])};")
        for tier in ("public", "web", "worker", "data"):
            subnet = next(s for s in arch.subnets[tier] if s.az == az)
            style = PUBLIC_STYLE if subnet.is_public else PRIVATE_STYLE
            kind = "public" if subnet.is_public else "private"
            lines.append(f"        subgraph {node_id('cluster', 'subnet', subnet.name)} {{")
            lines.append(
                f"          label={quote(f'{subnet.name} {subnet.cidr} ({kind})')}; {'; '.join(f'{k}={quote(v)}' for k, v in style.items())};"
            )
            inside = node_id("in", subnet.name)
            if tier == "public":
                nat = nat_azs.get(az)
                label = f"NAT gateway {nat.name}" if nat is not None else "no NAT gateway"
                _node(
                    lines,
                    inside,
                    label,
                    "          ",
                    **(gateway if nat is not None else {**gateway, "style": "dashed"}),
                )
            elif tier in ("web", "worker"):
                name = instances[tier][az].name
                _node(lines, inside, f"{name}\n{per_az[tier]} x {tier} instances", "          ", **box)
            else:
                role = (
                    "primary"
                    if arch.database.az == az
                    else ("standby" if arch.multi_az and tier_index == 1 else "no DB node")
                )
                label = f"RDS {arch.database.name}\n{role}"
                _node(
                    lines,
                    inside,
                    label,
                    "          ",
                    shape="cylinder",
                    style="filled",
                    fillcolor="#FFFFFF" if role != "no DB node" else "#F4F4F4",
                )
            lines.append("        }")
        lines.append("      }")
    _node(lines, "s3ep", "S3 gateway endpoint", "      ", **gateway)
    lines.append("    }")
    for key, bucket in arch.buckets.items():
        _node(
            lines,
            node_id("bucket", key),
            f"S3 {bucket.name}\n({key})",
            "    ",
            shape="folder",
            style="filled",
            fillcolor=PALETTE["yellow"],
        )
    _node(lines, "topic", f"SNS topic\n{arch.topic.name}", "    ", **service)
    _node(
        lines,
        "queue",
        f"SQS queue {arch.queues['jobs'].name}\nDLQ {arch.queues['dead-letter'].name}",
        "    ",
        **service,
    )
    lines.append("  }")
    cdn = getattr(arch.distribution, "name", None)
    _node(
        lines,
        "cdn",
        f"CloudFront {cdn}\n(Origin Access Control)" if cdn else "CloudFront\n(Origin Access Control)",
        **service,
    )
    first_web = node_id("in", next(s for s in arch.subnets["web"] if s.az == arch.azs[0]).name)
    first_worker = node_id("in", next(s for s in arch.subnets["worker"] if s.az == arch.azs[0]).name)
    first_db = node_id("in", next(s for s in arch.subnets["data"] if s.az == arch.database.az).name)
    edges = [
        ("users", "igw", "upload", "solid"),
        ("igw", "alb", "", "solid"),
        ("alb", first_web, ":80", "solid"),
        (first_web, first_db, ":5432", "solid"),
        (first_web, node_id("bucket", "uploads"), "put original", "dashed"),
        (first_web, "topic", "publish", "dashed"),
        ("topic", "queue", "fan-out", "solid"),
        ("queue", first_worker, "poll", "dashed"),
        (first_worker, "s3ep", "", "dotted"),
        ("s3ep", node_id("bucket", "content"), "put result", "dotted"),
        (node_id("bucket", "content"), "cdn", "origin (OAC)", "solid"),
        ("cdn", "users", "view", "solid"),
    ]
    for a, b, label, line_style in edges:
        extra = f", label={quote(' ' + label)}" if label else ""
        lines.append(f"  {a} -> {b} [style={line_style}{extra}];")
    lines.append("}")
    caption = (
        f"The image service over {len(arch.azs)} AZs of {arch.region}: users reach the ALB through the internet "
        f"gateway; web instances in private subnets store the original and publish to SNS; SQS feeds the workers, "
        f"which write results through the S3 gateway endpoint; CloudFront serves the content bucket. "
        f"{len(arch.nat_gateways)} NAT gateway(s); database {'Multi-AZ' if arch.multi_az else 'Single-AZ'}."
    )
    return Diagram("\n".join(lines) + "\n", caption)


# ---------------------------------------------------------------- proofs


def paths_view(proof) -> dict[str, str]:
    """Each path: expected, found, and the path or the reason it is closed."""
    table = html_table(
        ["path", "expected", "reachable", "check", "path_or_reason"], proof.rows(), caption="Reachability"
    )
    return {"text/html": f"<p><b>{escape(proof.verdict)}</b></p>{table}"}


def least_privilege_view(check) -> dict[str, str]:
    """The verdict, what is too much or missing, and the lint findings."""
    parts = [f"<p><b>{escape(check.verdict)}</b></p>"]
    if check.rows():
        parts.append(html_table(["problem", "tier", "action", "resource"], check.rows()))
    if check.findings:
        parts.append(
            html_table(
                ["code", "severity", "subject", "message"],
                [(f.code, f.severity, f.subject, f.message) for f in check.findings],
                caption="Policy lint",
            )
        )
    return {"text/html": "".join(parts)}


def cost_resilience_view(choice) -> dict[str, str]:
    """Both numbers side by side, then the estimate's lines."""
    head = (
        f'<div style="display:flex; gap:2em; align-items:baseline">'
        f'<div><span style="font-size:1.6em"><b>${choice.monthly_usd:,.2f}</b></span> a month</div>'
        f'<div><span style="font-size:1.6em"><b>{100 * choice.availability:.4f}%</b></span> available '
        f"({choice.downtime_minutes_per_month:,.1f} min down a month)</div></div>"
    )
    return {"text/html": f"<p>{escape(choice.verdict)}</p>{head}{estimate_view(choice.estimate)['text/html']}"}


# ---------------------------------------------------------------- game day


def game_day_view(day) -> dict[str, str]:
    """The verdict, capacity per tier and the database outcome."""
    table = html_table(
        ["tier", "before", "right_after", "at_the_end", "recovery"], day.rows(), caption=f"Losing {day.lost_az}"
    )
    return {"text/html": f"<p><b>{escape(day.verdict)}</b></p>{table}<p>{escape(day.database.verdict)}</p>"}


def game_day_figure(day):
    """Instances in service per tier (top) and the queue backlog (bottom), minute by minute."""
    from plotly.subplots import make_subplots

    t = day.timeline
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, subplot_titles=("Instances in service", "SQS backlog")
    )
    for column, name, colour, dash in (
        ("web_in_service", "web tier", PALETTE["blue"], "solid"),
        ("workers_in_service", "worker tier", PALETTE["orange"], "dash"),
    ):
        fig.add_scatter(
            x=t["minute"],
            y=t[column],
            mode="lines",
            name=name,
            line={"color": colour, "dash": dash, "shape": "hv"},
            hovertemplate="minute %{x}<br>%{y} instances<extra>" + name + "</extra>",
            row=1,
            col=1,
        )
    fig.add_scatter(
        x=t["minute"],
        y=t["backlog"],
        mode="lines",
        name="images waiting",
        line={"color": PALETTE["vermillion"]},
        fill="tozeroy",
        hovertemplate="minute %{x}<br>%{y:,} images<extra></extra>",
        row=2,
        col=1,
    )
    fig.add_vline(x=0, line={"color": PALETTE["grey"], "dash": "dot"})
    fig.update_yaxes(title_text="instances", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="images waiting", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="minutes after the AZ fails", row=2, col=1)
    fig.update_layout(title=f"Game day: losing {day.lost_az}", template="plotly_white", height=520, margin={"t": 80})
    return fig


# ---------------------------------------------------------------- review


def review_view(review) -> dict[str, str]:
    """One row per finding, grouped by pillar, with the check that produced it."""
    table = html_table(
        ["pillar", "code", "severity", "subject", "message", "check"], review.rows(), caption="Well-Architected review"
    )
    return {"text/html": f"<p><b>{escape(review.verdict)}</b></p>{table}"}
