"""Views for the EC2 part of chapter 02: an instance type's name, part by part, and the break-even chart."""

from __future__ import annotations

from awsbasics.display import PALETTE, html_table

__all__ = ["instance_type_view", "break_even_figure"]

# One colour per purchase option, line style per term: told apart without colour too.
_OPTION_COLOURS = {
    "On-Demand": PALETTE["black"],
    "Reserved Instance": PALETTE["blue"],
    "Savings Plan": PALETTE["bluish_green"],
    "Spot Instance": PALETTE["orange"],
}
_DASHES = ("solid", "dash", "dot", "dashdot")


def instance_type_view(instance_type) -> dict[str, str]:
    """An instance type's rich view: its name explained part by part, under its one-line description."""
    line = instance_type.text().split("\n", 1)[0]
    return {"text/html": html_table(["part", "value", "meaning"], instance_type.explain(), caption=line)}


def break_even_figure(tables, *, instance_type: str, region: str, days_per_week: float, instances: int):
    """Yearly cost per plan against hours used per day, from ``{hours: compare_purchase_options(...)}``.

    Longer terms get sparser dashes: no term solid, then one dash style per term, shortest first.
    """
    import plotly.graph_objects as go

    hours = sorted(tables)
    plans = list(tables[hours[0]]["plan"].sort_values(kind="stable"))
    terms = sorted({int(t) for t in tables[hours[0]]["term_years"]})
    fig = go.Figure()
    for plan in plans:
        rows = [tables[h].set_index("plan").loc[plan] for h in hours]
        option, term = rows[0]["option"], int(rows[0]["term_years"])
        fig.add_trace(
            go.Scatter(
                x=hours,
                y=[float(r["cost_usd_per_year"]) for r in rows],
                mode="lines",
                name=plan,
                line={"color": _OPTION_COLOURS[option], "dash": _DASHES[terms.index(term)],
                      "width": 3 if option == "On-Demand" else 2},
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
