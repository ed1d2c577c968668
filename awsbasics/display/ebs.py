"""Tables, figures and diagrams for EBS volumes (chapter 02)."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "volume_facts",
    "volume_view",
    "burst_view",
    "credits_figure",
    "credit_balance_svg",
    "volumes_figure",
    "model_view",
    "model_diagram",
]


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def volume_facts(volume) -> list[tuple[str, str]]:
    """(property, value) rows describing a volume: the volume's own :meth:`facts`."""
    return list(volume.facts())


def volume_view(volume) -> dict[str, str]:
    """A Volume's rich view: its facts as a table under its performance line."""
    return {"text/html": html_table(["property", "value"], volume_facts(volume), caption=volume.performance)}


def burst_view(outcome) -> dict[str, str]:
    """A burst outcome: the demand in bold, what the volume does, and its credit balance when it has one."""
    html = (
        f"<p><b>{escape(_n(outcome.demand_iops))} IOPS wanted for {escape(outcome.minutes)} min</b>: "
        f"{escape(outcome.verdict)}</p>"
    )
    if outcome.credits is not None:
        html += credit_balance_svg(outcome.credits, bucket=outcome.volume.credit_bucket_size)
    return {"text/html": html}


def credits_figure(frame, *, title: str):
    """Demand and delivered IOPS (left axis) and the credit balance (right axis) over time."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    t = frame["t_s"].tolist()
    fig.add_trace(
        go.Scatter(
            x=t,
            y=frame["demand_iops"].tolist(),
            name="IOPS wanted",
            mode="lines",
            line={"color": PALETTE["grey"], "dash": "dash"},
            hovertemplate="t=%{x:,} s<br>wanted %{y:,.0f} IOPS<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=frame["delivered_iops"].tolist(),
            name="IOPS delivered",
            mode="lines",
            line={"color": PALETTE["blue"], "width": 2},
            hovertemplate="t=%{x:,} s<br>delivered %{y:,.0f} IOPS<extra></extra>",
        ),
        secondary_y=False,
    )
    if frame["credits"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=t,
                y=(frame["credits"] / 1e6).tolist(),
                name="credit balance",
                mode="lines",
                line={"color": PALETTE["orange"], "width": 2, "dash": "dot"},
                hovertemplate="t=%{x:,} s<br>%{y:.3f} million credits<extra></extra>",
            ),
            secondary_y=True,
        )
    fig.update_layout(title=title, template="plotly_white", height=420, legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(title_text="time (s)")
    fig.update_yaxes(title_text="IOPS", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text="I/O credits (millions)", rangemode="tozero", secondary_y=True)
    return fig


def credit_balance_svg(frame, *, bucket: float, width: int = 440, height: int = 150) -> str:
    """A small inline SVG line chart of a credit balance, for widgets (no JavaScript needed)."""
    left, right, top, bottom = 58, 10, 22, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    t = frame["t_s"].to_numpy(dtype=float)
    credits = frame["credits"].to_numpy(dtype=float)
    end = float(t[-1]) if len(t) else 1.0
    points = " ".join(
        f"{left + plot_w * x / end:.1f},{top + plot_h * (1 - y / bucket):.1f}" for x, y in zip(t, credits)
    )
    axis = PALETTE["grey"]
    return (
        f'<svg class="awsbasics-credit-plot" width="{width}" height="{height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>I/O credit balance over {_n(end)} s</title>'
        f'<text x="{left}" y="14" font-size="12">I/O credit balance (millions)</text>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{axis}"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{axis}"/>'
        f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end">{bucket / 1e6:g}</text>'
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end">0</text>'
        f'<text x="{left}" y="{height - 8}" font-size="11">0 s</text>'
        f'<text x="{left + plot_w}" y="{height - 8}" font-size="11" text-anchor="end">{escape(_n(end))} s</text>'
        f'<polyline fill="none" stroke="{PALETTE["orange"]}" stroke-width="2" points="{points}"/></svg>'
    )


def volumes_figure(frame, *, size_gib: int, iops: int):
    """Baseline and maximum IOPS and throughput per allowed type, on log axes."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    allowed = frame[frame["allowed"]]
    types = allowed["volume_type"].tolist()
    fig = make_subplots(rows=1, cols=2, subplot_titles=("IOPS", "throughput (MiB/s)"))
    series = (
        ("baseline", "baseline_iops", "baseline_throughput_mibps", PALETTE["blue"]),
        ("maximum (burst)", "max_iops", "max_throughput_mibps", PALETTE["orange"]),
    )
    for label, iops_col, mibps_col, colour in series:
        fig.add_trace(
            go.Bar(
                x=types,
                y=[int(v) for v in allowed[iops_col]],
                name=label,
                marker_color=colour,
                legendgroup=label,
                hovertemplate="%{x}: %{y:,} IOPS<extra>" + label + "</extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Bar(
                x=types,
                y=[float(v) for v in allowed[mibps_col]],
                name=label,
                marker_color=colour,
                legendgroup=label,
                showlegend=False,
                hovertemplate="%{x}: %{y:,.2f} MiB/s<extra>" + label + "</extra>",
            ),
            row=1,
            col=2,
        )
    left_out = [t for t in frame["volume_type"] if t not in types]
    note = f"; not allowed at this size: {', '.join(left_out)}" if left_out else ""
    fig.update_layout(
        title=f"EBS volume types at {size_gib:,} GiB ({iops:,} IOPS provisioned where a type takes IOPS){note}",
        barmode="group",
        template="plotly_white",
        height=440,
    )
    fig.update_yaxes(type="log", title_text="IOPS (log scale)", row=1, col=1)
    fig.update_yaxes(type="log", title_text="MiB/s (log scale)", row=1, col=2)
    fig.update_xaxes(title_text="volume type")
    return fig


_GRAPH = (
    'digraph {{\n  rankdir=TB; compound=true; fontname="Helvetica";\n'
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
)


def model_view(model) -> dict[str, str]:
    """An EBS model's rich view: its diagram."""
    return {"text/html": model_diagram(model).html()}


def model_diagram(model) -> Diagram:
    """Region > AZ clusters: instances as boxes, volumes as cylinders, snapshots as notes at Region level."""
    zones: dict[str, list[str]] = {}
    for inst in model.instances.values():
        zones.setdefault(inst.availability_zone, []).append(
            f"      {node_id('instance', inst.name)} [shape=box, style=filled, fillcolor={quote(PALETTE['sky_blue'])}, "
            f"label={quote('instance ' + inst.name + ('' if inst.nitro else f' ({inst.hypervisor})'))}];"
        )
    for name, vol in model.volumes.items():
        label = f"{name}\n{vol.volume_type} {vol.size_gib} GiB" + ("\nMulti-Attach" if vol.multi_attach else "")
        zones.setdefault(vol.availability_zone, []).append(
            f"      {node_id('volume', name)} [shape=cylinder, style=filled, fillcolor={quote(PALETTE['yellow'])}, "
            f"label={quote(label)}];"
        )
    regions: dict[str, list[str]] = {}
    region_of = model.region_by_zone
    for zone in sorted(zones):
        body = "\n".join(zones[zone])
        regions.setdefault(region_of[zone], []).append(
            f"    subgraph {node_id('cluster', zone)} {{\n      label={quote('AZ ' + zone)}; style=dashed; "
            f"color={quote(PALETTE['blue'])};\n{body}\n    }}"
        )
    for snap in model.snapshots.values():
        regions.setdefault(snap.region, []).append(
            f"    {node_id('snapshot', snap.name)} [shape=note, style=filled, fillcolor={quote('#eeeeee')}, "
            f"label={quote('snapshot ' + snap.name + chr(10) + snap.storage_note)}];"
        )
    clusters = "\n".join(
        f"  subgraph {node_id('cluster', region)} {{\n    label={quote('Region ' + region)}; style=rounded; "
        f"color={quote(PALETTE['blue'])}; penwidth=2;\n" + "\n".join(parts) + "\n  }"
        for region, parts in sorted(regions.items())
    )
    edges = [
        f'  {node_id("volume", vol)} -> {node_id("instance", inst)} [label="attached", dir=none, penwidth=2];'
        for vol, hosts in model.attachments.items()
        for inst in hosts
    ]
    edges += [
        f"  {node_id('volume', snap.source_volume)} -> {node_id('snapshot', snap.name)} "
        '[style=dashed, label="snapshot"];'
        for snap in model.snapshots.values()
        if snap.source_volume in model.volumes
    ]
    edges += [
        f'  {node_id("snapshot", snap)} -> {node_id("volume", vol)} [style=dashed, label="restore"];'
        for vol, snap in model.restored_from.items()
    ]
    return Diagram(_GRAPH.format(body=clusters + "\n" + "\n".join(edges) + "\n"), model.text().replace("\n", "; "))
