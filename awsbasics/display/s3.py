"""Views of S3 objects: a listing, a bucket's versions, a lifecycle timeline, a cost summary, the monthly cost figure.

These functions only read properties of :mod:`awsbasics.storage.s3` and
:mod:`awsbasics.storage.lifecycle` objects; the rules and the arithmetic live there.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table

__all__ = [
    "COLOURS",
    "PATTERNS",
    "listing_view",
    "bucket_view",
    "lifecycle_view",
    "cost_view",
    "lifecycle_html",
    "cost_html",
    "bucket_html",
    "monthly_cost_figure",
    "tiering_choice_view",
    "tiering_choice_figure",
]

# One colour per storage class, warm to cold down the waterfall; the three
# non-storage charges also carry a fill pattern so they read without colour.
COLOURS = {
    "STANDARD": PALETTE["blue"],
    "INTELLIGENT_TIERING": PALETTE["reddish_purple"],
    "STANDARD_IA": PALETTE["sky_blue"],
    "ONEZONE_IA": PALETTE["yellow"],
    "GLACIER_IR": PALETTE["bluish_green"],
    "GLACIER": PALETTE["orange"],
    "DEEP_ARCHIVE": PALETTE["grey"],
    "transitions": PALETTE["vermillion"],
    "early_deletion": PALETTE["black"],
    "retrieval": PALETTE["black"],
}
PATTERNS = {"transitions": "/", "early_deletion": "x", "retrieval": "."}
# Black text on the light fills, white on the dark ones.
_LIGHT = {PALETTE["sky_blue"], PALETTE["yellow"], PALETTE["grey"]}

_LABELS = {
    "transitions": "transition requests",
    "early_deletion": "early deletion",
    "retrieval": "retrieval",
}


def listing_view(listing) -> dict[str, str]:
    """A listing's rich view: its entries in a table under its one-line description."""
    line = listing.text().split("\n", 1)[0]
    return {"text/html": html_table(["name", "kind"], listing.rows, caption=line)}


def bucket_view(bucket) -> dict[str, str]:
    """A bucket's rich view: :func:`bucket_html`."""
    return {"text/html": bucket_html(bucket)}


def lifecycle_view(lifecycle) -> dict[str, str]:
    """A lifecycle rule's rich view: :func:`lifecycle_html`."""
    return {"text/html": lifecycle_html(lifecycle)}


def cost_view(cost) -> dict[str, str]:
    """A lifecycle cost's rich view: :func:`cost_html`."""
    return {"text/html": cost_html(cost)}


def lifecycle_html(lifecycle) -> str:
    """The rule as a row of coloured boxes, one per storage class, with the day each begins."""
    box = "display:inline-block;padding:0.2em 0.6em;margin:0 0.2em;border-radius:4px;"
    parts = []
    for code, day in lifecycle.stages:
        text_colour = "black" if COLOURS[code] in _LIGHT else "white"
        parts.append(
            f'<span style="{box}background:{COLOURS[code]};color:{text_colour}">'
            f"{escape(code)}<br><small>from day {day}</small></span>"
        )
    if lifecycle.expiration_days is not None:
        parts.append(
            f'<span style="{box}border:1px dashed {PALETTE["vermillion"]}">expire<br>'
            f"<small>day {lifecycle.expiration_days}</small></span>"
        )
    arrow = '<span aria-hidden="true">&rarr;</span>'
    return f'<div class="awsbasics-lifecycle"><p>{escape(lifecycle.text())}</p><div>{arrow.join(parts)}</div></div>'


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def cost_html(cost) -> str:
    """The summary line, the totals per charge and the findings of a LifecycleCost."""
    rows = [[charge, _usd(usd)] for charge, usd in cost.totals_frame().itertuples(index=False)]
    findings = "".join(f"<li>{escape(f)}</li>" for f in cost.findings)
    return (
        '<div class="awsbasics-s3-cost">'
        + lifecycle_html(cost.lifecycle)
        + f"<p>{escape(cost.statement)}</p>"
        + html_table(["charge", "usd"], rows, caption=f"Totals over {cost.months} months")
        + (f"<ul>{findings}</ul>" if findings else "")
        + "</div>"
    )


def bucket_html(bucket) -> str:
    """A bucket's versions as a table; delete markers are marked, current versions bold."""
    rows = []
    for key, version_id, latest, marker, size in bucket.rows:
        cells = [
            escape(key),
            escape(version_id),
            "yes" if latest else "",
            "delete marker" if marker else "",
            f"{size:,}",
        ]
        weight = "font-weight:bold;" if latest else ""
        colour = f"color:{PALETTE['grey']};" if marker else ""
        rows.append(f'<tr style="{weight}{colour}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("key", "version_id", "latest", "delete_marker", "size_bytes"))
    line = bucket.text().split("\n", 1)[0]
    return (
        f"<p>{escape(line)}</p>"
        f'<table class="awsbasics"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def monthly_cost_figure(cost):
    """A stacked-area plotly figure: USD per month by storage class, then the other charges.

    Components that cost nothing over the whole period are left out. Hovering a
    month shows each component's exact value in USD.

    Returns:
        plotly.graph_objects.Figure: one ``Scatter`` trace per component, stacked.
    """
    import plotly.graph_objects as go

    monthly = cost.monthly
    months = monthly.index.tolist()
    # Each month is one flat step centred on its number ("hvh"); a half-month of the first and last
    # values at either end makes those months as wide as the others. Hover names the month.
    x = [months[0] - 0.5, *months, months[-1] + 0.5]
    fig = go.Figure()
    for column in monthly.columns:
        if column == "total_usd" or not monthly[column].any():
            continue
        name = column.removesuffix("_usd")
        values = monthly[column].tolist()
        trace = {
            "x": x,
            "y": [values[0], *values, values[-1]],
            "customdata": [months[0], *months, months[-1]],
            "name": _LABELS.get(name, name),
            "mode": "lines",
            "stackgroup": "cost",
            "line": {"color": COLOURS[name], "width": 1, "shape": "hvh"},
            "fillcolor": COLOURS[name],
            "hovertemplate": f"{escape(_LABELS.get(name, name))}: $%{{y:,.4f}} in month %{{customdata}}<extra></extra>",
        }
        if name in PATTERNS:
            trace["fillpattern"] = {"shape": PATTERNS[name], "fgcolor": COLOURS[name], "bgcolor": "white"}
        fig.add_trace(go.Scatter(**trace))
    fig.update_layout(
        title={"text": f"Monthly S3 cost, {cost.region}<br><sup>{escape(cost.lifecycle.timeline)}</sup>"},
        xaxis={
            "title": {"text": f"month ({cost.days_per_month}-day months)"},
            "dtick": 1 if cost.months <= 24 else 3,
            "range": [x[0], x[-1]],
        },
        yaxis={"title": {"text": "cost (USD per month)"}, "rangemode": "tozero"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.2, "yanchor": "top", "traceorder": "normal"},
        height=420,
        margin={"l": 60, "r": 20, "t": 70, "b": 10},
    )
    return fig


def tiering_choice_view(choice) -> dict[str, str]:
    """A lifecycle-vs-Intelligent-Tiering comparison: its verdict, then the totals at each read fraction."""
    rows = [
        [f"{r.read_fraction:.0%}", f"${r.lifecycle_usd:,.2f}", f"${r.intelligent_tiering_usd:,.2f}", r.cheaper]
        for r in choice.table.itertuples()
    ]
    table = html_table(
        ["read in a month", "lifecycle rule (USD)", "Intelligent-Tiering (USD)", "cheaper"],
        rows,
        caption=choice.description,
    )
    return {"text/html": f"<p><b>{escape(choice.verdict)}</b></p>{table}"}


def tiering_choice_figure(choice):
    """Both totals against the monthly read fraction (solid vs dashed), the break-even as a dotted line."""
    import plotly.graph_objects as go

    x = [100 * f for f in choice.table["read_fraction"]]
    fig = go.Figure()
    for column, name, colour, dash in (
        ("lifecycle_usd", f"lifecycle rule: {choice.lifecycle.timeline}", COLOURS["STANDARD_IA"], "solid"),
        ("intelligent_tiering_usd", "Intelligent-Tiering", COLOURS["INTELLIGENT_TIERING"], "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=choice.table[column].tolist(),
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2},
                hovertemplate=f"{escape(name)}: $%{{y:,.2f}} at %{{x:.0f}}% read<extra></extra>",
            )
        )
    if choice.break_even is not None:
        fig.add_vline(
            x=100 * choice.break_even,
            line={"color": PALETTE["black"], "dash": "dot"},
            annotation_text=f"break-even {choice.break_even:.1%}",
        )
    fig.update_layout(
        title={"text": "Lifecycle rule or Intelligent-Tiering?<br><sup>" + escape(choice.verdict) + "</sup>"},
        xaxis={"title": {"text": "objects read in a month (%)"}},
        yaxis={"title": {"text": "total over the period (USD)"}},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
