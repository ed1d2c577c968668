"""Tables and a figure for chapter 11's cost estimate.

Every function reads the lines, totals and prices from the estimate it is
given; none looks up a price or decides what is billed.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table

__all__ = ["estimate_figure", "estimate_view", "lcus_view"]

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
    rows = [(s, i, f"{q:,.6g}", u, f"{p:g}", f"{m:,.2f}") for s, i, q, u, p, m in estimate.rows()]
    head = f"<p><b>{escape(estimate.text().splitlines()[0])}</b></p>"
    table = html_table(_COLUMNS, rows, caption=f"Monthly estimate, {estimate.region}")
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
