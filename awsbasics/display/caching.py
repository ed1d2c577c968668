"""Tables, figures and a diagram for chapter 08: cache runs, the hit-ratio curve and the CloudFront request path.

Every function reads what it shows from the object it is given; none decides a
TTL, a price or a hit.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = ["run_view", "curve_view", "curve_figure", "cdn_view", "cdn_diagram"]


def run_view(run) -> dict[str, str]:
    """One cache run: its measures and the one-line verdict."""
    table = html_table(["measure", "value"], run.rows(), caption="LRU cache run")
    return {"text/html": f'<div class="awsbasics-cache-run">{table}<p>{escape(run.verdict)}</p></div>'}


def curve_view(curve) -> dict[str, str]:
    """The curve's text table as HTML, with its verdict."""
    table = html_table(["capacity_objects", "hit_ratio"], curve.rows(), caption="LRU hit ratio by cache size")
    return {"text/html": f"{table}<p>{escape(curve.verdict)}</p>"}


def curve_figure(curve, *, marks=()):
    """Hit ratio (and origin requests) against cache size; ``marks`` highlights sizes."""
    import plotly.graph_objects as go

    sizes = curve.capacities.tolist()
    fig = go.Figure()
    fig.add_scatter(
        x=sizes,
        y=(100 * curve.hit_ratios).round(3).tolist(),
        mode="lines",
        name="hit ratio (%)",
        line={"color": PALETTE["blue"], "width": 2},
        hovertemplate="%{x:,} objects<br>%{y:.2f}% hits<extra></extra>",
    )
    for size in marks:
        fig.add_scatter(
            x=[size],
            y=[round(100 * curve.hit_ratio_at(size), 3)],
            mode="markers",
            name=f"{size:,} objects",
            marker={"color": PALETTE["vermillion"], "size": 10, "symbol": "diamond"},
            hovertemplate="%{x:,} objects<br>%{y:.2f}% hits<extra></extra>",
        )
    workload = curve.workload
    fig.update_layout(
        title=f"LRU hit ratio at every cache size ({workload.requests:,} requests, Zipf alpha {workload.alpha:g})",
        xaxis_title="cache capacity (objects, log scale)",
        yaxis_title="hit ratio (%)",
        xaxis_type="log",
        template="plotly_white",
        margin={"t": 60},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def cdn_view(run) -> dict[str, str]:
    """Each layer of the request path: what reached it and what it served."""
    table = html_table(run.COLUMNS, run.rows(), caption="CloudFront request path")
    return {"text/html": f"{table}<p><b>{escape(run.verdict)}</b></p>"}


def _node(name: str, label: str, *, shape: str, fill: str, style: str = "filled") -> str:
    return (
        f"    {node_id('cdn', name)} [shape={shape}, style={quote(style)}, fillcolor={quote(fill)}, "
        f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
    )


def cdn_diagram(run) -> Diagram:
    """User -> edge locations -> regional edge caches -> (Origin Shield) -> origin (web -> app -> cache/database)."""
    nodes, edges = [], []
    nodes.append(_node("users", f"Viewers\n{run.workload.requests:,} requests", shape="ellipse", fill="#ffffff"))
    previous, arriving = "users", run.workload.requests
    fills = [PALETTE["sky_blue"], "#cfe6f5", PALETTE["yellow"]]
    for index, layer in enumerate(run.layers):
        name = f"layer{index}"
        nodes.append(
            _node(
                name,
                f"{layer.caches} x {layer.name}\n{layer.capacity_objects:,} objects each\n"
                f"served {layer.hits:,} ({layer.hit_ratio:.0%})",
                shape="box",
                fill=fills[min(index, 2)],
                style="rounded,filled",
            )
        )
        label = "requests" if index == 0 else "misses"
        edges.append(
            f"  {node_id('cdn', previous)} -> {node_id('cdn', name)} [label={quote(f' {arriving:,} {label}')}];"
        )
        previous, arriving = name, layer.misses
    origin = [
        _node("web", f"Origin: web tier\n{run.origin_requests:,} requests", shape="box", fill=PALETTE["orange"]),
        _node("app", "App tier", shape="box", fill="#f6dca0"),
        _node(
            "cache", "ElastiCache\n(in-memory cache)", shape="box", fill=PALETTE["bluish_green"], style="rounded,filled"
        ),
        _node("db", "Database", shape="cylinder", fill="#f6dca0"),
    ]
    edges += [
        f"  {node_id('cdn', previous)} -> {node_id('cdn', 'web')} [label={quote(f' {arriving:,} misses')}];",
        f"  {node_id('cdn', 'web')} -> {node_id('cdn', 'app')};",
        f'  {node_id("cdn", "app")} -> {node_id("cdn", "cache")} [label=" read first"];',
        f'  {node_id("cdn", "app")} -> {node_id("cdn", "db")} [style=dashed, label=" on a cache miss"];',
    ]
    body = "\n".join(nodes) + (
        f'\n  subgraph {node_id("cluster", "origin")} {{\n    label="Origin (in an AWS Region)"; style=rounded; '
        f"color={quote(PALETTE['orange'])}; penwidth=2;\n" + "\n".join(origin) + "\n  }\n" + "\n".join(edges) + "\n"
    )
    dot = (
        'digraph {\n  rankdir=TB; fontname="Helvetica";\n  node [fontname="Helvetica", fontsize=11];\n'
        f'  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
    )
    return Diagram(dot, f"Request path: {run.verdict} {run.miss_path}")
