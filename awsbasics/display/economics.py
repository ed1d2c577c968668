"""Tables, a figure and a diagram for chapter 00: fixed against elastic capacity.

Every function reads the numbers it shows from the plan or comparison it is
given; none computes a cost or decides a price.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = ["plan_view", "comparison_view", "capacity_figure", "cost_diagram"]

_GRAPH = (
    'digraph {{\n  rankdir=TB; fontname="Helvetica"; newrank=true;\n'
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
)


def plan_view(plan) -> dict[str, str]:
    """One plan: its name and a table of its measures."""
    table = html_table(["measure", "value"], plan.rows(), caption=plan.name)
    return {"text/html": table}


def comparison_view(comparison) -> dict[str, str]:
    """Both plans side by side, the spend per month, and the one-line verdict."""
    measures = html_table(
        ["measure", "fixed", "elastic"],
        comparison.rows(),
        caption=f"{comparison.fixed.name} vs {comparison.elastic.name}",
    )
    monthly = html_table(["month", "fixed_usd", "elastic_usd"], comparison.monthly_rows(), caption="Spend per month")
    return {
        "text/html": (
            f'<div class="awsbasics-comparison"><p><b>{escape(comparison.verdict)}</b></p>'
            f'<div style="display:flex; gap:2em; align-items:flex-start">{measures}{monthly}</div></div>'
        )
    }


def capacity_figure(comparison):
    """Demand and both plans' capacity at each day's busiest hour, over the year."""
    import plotly.graph_objects as go

    demand = comparison.demand
    dates = list(demand.dates)
    hover = "%{x}<br>%{y:.1f} servers<extra>%{fullData.name}</extra>"
    fig = go.Figure()
    fig.add_scatter(
        x=dates,
        y=demand.daily_peak_servers.round(2).tolist(),
        name="demand (busiest hour)",
        mode="lines",
        line={"color": PALETTE["black"], "width": 1.5},
        hovertemplate=hover,
    )
    fig.add_scatter(
        x=dates,
        y=comparison.fixed.daily_peak_servers.tolist(),
        name="fixed on-premises",
        mode="lines",
        line={"color": PALETTE["orange"], "width": 3, "dash": "dash"},
        hovertemplate=hover,
    )
    fig.add_scatter(
        x=dates,
        y=comparison.elastic.daily_peak_servers.tolist(),
        name="elastic (most in the day)",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 1.5, "shape": "hv"},
        hovertemplate=hover,
    )
    fig.update_layout(
        title=f"Demand and capacity in {demand.year}: fixed servers vs elastic capacity",
        xaxis_title=f"day ({demand.year})",
        yaxis_title="servers (busiest hour of the day)",
        hovermode="x unified",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def _node(name: str, label: str, *, shape: str, fill: str, style: str = "filled") -> str:
    return (
        f"    {node_id('cost', name)} [shape={shape}, style={quote(style)}, fillcolor={quote(fill)}, "
        f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
    )


def cost_diagram(comparison) -> Diagram:
    """Where the money goes: capital expense up front against pay per hour, and commitments."""
    fixed, elastic = comparison.fixed, comparison.elastic
    onprem = [
        _node(
            "buy",
            f"Buy {fixed.capacity_servers.max()} servers up front\nUSD {fixed.upfront_usd:,.0f} (capital expense)",
            shape="box",
            fill=PALETTE["orange"],
        ),
        _node(
            "fixed",
            f"Same capacity every hour\nUSD {fixed.total_usd:,.0f} a year\n{fixed.utilisation:.0%} of it used",
            shape="box",
            fill="#f6dca0",
        ),
    ]
    cloud = [
        _node(
            "rent",
            f"Pay per instance-hour\nUSD {elastic.usd_per_server_hour} (variable expense)",
            shape="box",
            fill=PALETTE["sky_blue"],
            style="rounded,filled",
        ),
        _node(
            "follow",
            f"Capacity follows demand\nUSD {elastic.total_usd:,.0f} a year\n{elastic.utilisation:.0%} of it used",
            shape="box",
            fill="#cfe6f5",
            style="rounded,filled",
        ),
        _node(
            "commit",
            "Commit to a baseline\n" + " / ".join(comparison.commitments) + "\n(fixed cost again, lower rate)",
            shape="box",
            fill="#ffffff",
            style="dashed",
        ),
    ]
    body = [
        f'  subgraph {node_id("cluster", "onprem")} {{\n    label="On-premises"; style=rounded; '
        f"color={quote(PALETTE['orange'])}; penwidth=2;\n" + "\n".join(onprem) + "\n  }",
        f'  subgraph {node_id("cluster", "cloud")} {{\n    label="Cloud (On-Demand)"; style=rounded; '
        f"color={quote(PALETTE['blue'])}; penwidth=2;\n" + "\n".join(cloud) + "\n  }",
        f"  {node_id('cost', 'buy')} -> {node_id('cost', 'fixed')};",
        f"  {node_id('cost', 'rent')} -> {node_id('cost', 'follow')};",
        f'  {node_id("cost", "follow")} -> {node_id("cost", "commit")} [style=dashed, label=" steady part"];',
    ]
    caption = (
        f"On-premises pays USD {fixed.upfront_usd:,.0f} up front for {fixed.capacity_servers.max()} servers "
        f"and uses {fixed.utilisation:.0%} of them; the cloud pays USD {elastic.usd_per_server_hour} per "
        f"instance-hour and uses {elastic.utilisation:.0%}; committing a steady baseline "
        f"({', '.join(comparison.commitments)}) makes that part a fixed cost again."
    )
    return Diagram(_GRAPH.format(body="\n".join(body) + "\n"), caption)
