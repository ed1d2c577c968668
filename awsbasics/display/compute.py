"""Views for the EC2 part of chapter 02: an instance type's name, part by part, and the break-even chart."""

from __future__ import annotations

from awsbasics.display import PALETTE, html_table

__all__ = ["instance_type_view", "break_even_figure", "storage_options_view"]

# Every line its own colour and its own dash, so no two plans look alike in colour or in grey.
# No commitment: On-Demand solid black, Spot long dash-dot; 1-year plans dashed, 3-year plans dotted
# patterns, each plan of a term with its own variant.
_LINE_COLOURS = (
    PALETTE["blue"],
    PALETTE["vermillion"],
    PALETTE["bluish_green"],
    PALETTE["reddish_purple"],
    PALETTE["sky_blue"],
    PALETTE["grey"],
    "#332288",
    "#882255",  # Tol's indigo and wine extend Okabe-Ito
)
_NO_TERM_DASHES = {"On-Demand": "solid", "Spot Instance": "longdashdot"}
_TERM_DASHES = {
    1: ("dash", "longdash", "12px,4px,4px,4px", "6px,6px"),
    3: ("dot", "dashdot", "2px,6px", "2px,3px,8px,3px"),
}


def instance_type_view(instance_type) -> dict[str, str]:
    """An instance type's rich view: its name explained part by part, under its one-line description."""
    line = instance_type.text().split("\n", 1)[0]
    return {"text/html": html_table(["part", "value", "meaning"], instance_type.explain(), caption=line)}


def break_even_figure(tables, *, instance_type: str, region: str, days_per_week: float, instances: int):
    """Yearly cost per plan against hours used per day, from ``{hours: compare_purchase_options(...)}``.

    Every line has its own colour and its own dash: On-Demand solid black, 1-year plans dashed,
    3-year plans dotted, each plan of a term a different variant.
    """
    import plotly.graph_objects as go

    hours = sorted(tables)
    plans = list(tables[hours[0]]["plan"].sort_values(kind="stable"))
    first = tables[hours[0]].set_index("plan")
    committed = [p for p in plans if int(first.loc[p, "term_years"]) > 0]
    colours = dict(zip(committed, _LINE_COLOURS * (len(committed) // len(_LINE_COLOURS) + 1)))
    fig = go.Figure()
    for plan in plans:
        rows = [tables[h].set_index("plan").loc[plan] for h in hours]
        option, term = rows[0]["option"], int(rows[0]["term_years"])
        if term == 0:
            colour = PALETTE["black"] if option == "On-Demand" else PALETTE["orange"]
            dash = _NO_TERM_DASHES.get(option, "dot")
        else:
            same_term = [p for p in committed if int(first.loc[p, "term_years"]) == term]
            styles = _TERM_DASHES.get(term, ("dashdot",))
            colour, dash = colours[plan], styles[same_term.index(plan) % len(styles)]
        fig.add_trace(
            go.Scatter(
                x=hours,
                y=[float(r["cost_usd_per_year"]) for r in rows],
                mode="lines",
                name=plan,
                line={"color": colour, "dash": dash, "width": 3 if option == "On-Demand" else 2},
                hovertemplate=f"{plan}<br>%{{x}} h/day: $%{{y:,.2f}} per year<extra></extra>",
            )
        )
    who = f"{instances} x {instance_type}" if instances > 1 else instance_type
    fig.update_layout(
        title=f"Yearly cost of {who} by hours used per day ({days_per_week:g} days a week, {region} list prices)",
        xaxis={"title": "hours used per day (h)", "range": [hours[0], hours[-1]], "dtick": 2},
        yaxis={"title": "cost per year (USD)", "rangemode": "tozero"},
        legend={"title": "purchase plan"},
        template="plotly_white",
        height=480,
    )
    return fig


def storage_options_view(table) -> dict[str, str]:
    """The storage comparison, whole (no cell cut short)."""
    return {"text/html": html_table(table.columns, table.rows, caption="Where an instance's data can live")}
