"""The access matrix as a plotly heatmap: principals down, actions (on resources) across.

Colours follow the decision view: Allow bluish green, explicit Deny vermillion,
implicit deny orange. Hovering a cell shows its principal, action, resource and
decision exactly.
"""

from __future__ import annotations

from awsbasics.display import PALETTE

__all__ = ["access_heatmap", "DECISION_COLOURS"]

DECISION_COLOURS = {
    "Allow": PALETTE["bluish_green"],
    "ExplicitDeny": PALETTE["vermillion"],
    "ImplicitDeny": PALETTE["orange"],
}
_ORDER = ("ExplicitDeny", "ImplicitDeny", "Allow")  # z = 0, 1, 2
_NO_DECISION = "cannot occur (the action does not act on this resource type)"


def access_heatmap(matrix, *, title: str | None = None):
    """A ``plotly.graph_objects.Figure`` of an :func:`~awsbasics.iam.matrix.access_matrix` frame.

    Columns are the actions when the matrix has one resource, else
    ``action @ resource`` pairs in the matrix's order.
    """
    import numpy as np
    import plotly.graph_objects as go

    missing = {"principal", "action", "resource", "decision", "allowed"} - set(getattr(matrix, "columns", ()))
    # A pair that cannot occur has no decision: a blank cell, "cannot occur" on hover.
    if missing:
        raise TypeError(f"access_heatmap takes the DataFrame access_matrix returns; missing columns {sorted(missing)}")
    principals = list(dict.fromkeys(matrix["principal"]))
    actions = list(dict.fromkeys(matrix["action"]))
    resources = list(dict.fromkeys(matrix["resource"]))
    single = len(resources) == 1
    columns = actions if single else [f"{a} @ {r}" for a in actions for r in resources]
    # access_matrix is principal-major, then action, then resource: a plain reshape lays it out.
    shape = (len(principals), len(columns))
    codes = {name: index for index, name in enumerate(_ORDER)}
    decisions = matrix["decision"].astype(object).where(matrix["decision"].notna(), _NO_DECISION).to_numpy()
    z = np.array([codes.get(d, np.nan) for d in decisions], dtype=float).reshape(shape)
    text = decisions.astype(str).reshape(shape)
    resource_text = matrix["resource"].astype(str).to_numpy().reshape(shape)
    action_text = matrix["action"].astype(str).to_numpy().reshape(shape)
    scale = []
    for index, name in enumerate(_ORDER):
        low, high = index / len(_ORDER), (index + 1) / len(_ORDER)
        scale += [[low, DECISION_COLOURS[name]], [high, DECISION_COLOURS[name]]]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=principals,
            zmin=-0.5,
            zmax=len(_ORDER) - 0.5,
            colorscale=scale,
            xgap=1,
            ygap=1,
            customdata=np.dstack([action_text, resource_text, text]),
            hovertemplate="principal: %{y}<br>action: %{customdata[0]}<br>resource: %{customdata[1]}"
            "<br>decision: %{customdata[2]}<extra></extra>",
            colorbar={"title": {"text": "decision"}, "tickvals": list(range(len(_ORDER))), "ticktext": list(_ORDER)},
        )
    )
    allowed = int(matrix["allowed"].sum())
    figure.update_layout(
        title={"text": title or f"Access matrix: {allowed:,} of {len(matrix):,} requests allowed"},
        xaxis={"title": {"text": "action" if single else "action @ resource"}, "tickangle": -45},
        yaxis={"title": {"text": "principal"}, "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=max(300, 40 * len(principals) + 200),
    )
    return figure
