"""Tables, figures and diagrams for chapter 06: availability, alarms, Auto Scaling, Route 53.

Every function reads what it shows from the object it is given; none decides
a threshold, a state or a capacity.
"""

from __future__ import annotations

import math

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "alarm_view",
    "alarm_history_view",
    "alarm_figure",
    "step_policy_view",
    "availability_view",
    "availability_diagram",
    "scaling_view",
    "scaling_figure",
    "answer_diagram",
    "failover_view",
    "failover_figure",
]

_GRAPH = (
    'digraph {{\n  rankdir={rankdir}; fontname="Helvetica"; newrank=true;\n'
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
)
STATE_COLOURS = {"OK": PALETTE["bluish_green"], "ALARM": PALETTE["vermillion"], "INSUFFICIENT_DATA": PALETTE["grey"]}


def alarm_view(alarm) -> dict[str, str]:
    """The alarm's settings and the sentence that says when it fires."""
    return {"text/html": f"<p><b>{escape(alarm.verdict)}</b></p>" + html_table(["setting", "value"], alarm.rows())}


def alarm_history_view(history) -> dict[str, str]:
    """Counts per state and the state changes."""
    rows = [(s, history.periods_in(s)) for s in STATE_COLOURS]
    changes = [(i, a, b) for a, b, i in history.transitions[:20]]
    return {
        "text/html": (
            f"<p><b>{escape(history.alarm.verdict)}</b><br>{escape(history.verdict)}</p>"
            '<div style="display:flex; gap:2em; align-items:flex-start">'
            + html_table(["state", "periods"], rows, caption="Periods per state")
            + html_table(["period", "from", "to"], changes, caption="State changes (first 20)")
            + "</div>"
        )
    }


def alarm_figure(history):
    """Datapoints against the threshold, each marker coloured by the state after that period."""
    import plotly.graph_objects as go

    alarm = history.alarm
    x = list(range(len(history.values)))
    values = [None if math.isnan(v) else float(v) for v in history.values]
    fig = go.Figure()
    fig.add_scatter(
        x=x,
        y=values,
        name="datapoint",
        mode="lines",
        line={"color": PALETTE["black"], "width": 1},
        connectgaps=False,
        hovertemplate="period %{x}<br>value %{y}<extra></extra>",
    )
    fig.add_hline(
        y=alarm.threshold,
        line={"color": PALETTE["orange"], "dash": "dash"},
        annotation_text=f"threshold {alarm.threshold:g}",
    )
    top = max([v for v in values if v is not None] + [alarm.threshold])
    for state, colour in STATE_COLOURS.items():
        idx = [i for i, s in enumerate(history.states) if s == state]
        fig.add_scatter(
            x=idx,
            y=[top * 1.08] * len(idx),
            name=state,
            mode="markers",
            marker={"color": colour, "symbol": "square", "size": 9},
            hovertemplate=f"period %{{x}}: {state}<extra></extra>",
        )
    fig.update_layout(
        title=f"Alarm: {alarm.datapoints_to_alarm} of {alarm.evaluation_periods} datapoints, "
        f"missing data treated as {alarm.treat_missing_data}",
        xaxis_title=f"period ({alarm.period} s each)",
        yaxis_title="metric value",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 60},
    )
    return fig


def step_policy_view(policy) -> dict[str, str]:
    """The step adjustments with their absolute metric ranges."""
    return {
        "text/html": html_table(
            ["lower_bound", "upper_bound", "metric_range", "adjustment"],
            policy.rows(),
            caption=f"Step scaling, {policy.adjustment_type}, threshold {policy.threshold:g}",
        )
    }


def availability_view(node) -> dict[str, str]:
    """Availability and the downtime it allows."""
    d = node.downtime
    rows = [
        ("availability_pct", round(100 * node.availability, 5)),
        ("downtime_minutes_per_month", d.minutes_per_month),
        ("downtime_hours_per_year", d.hours_per_year),
        ("nines", d.nines),
    ]
    return {"text/html": html_table(["measure", "value"], rows, caption=node.label)}


def availability_diagram(node) -> Diagram:
    """Series parts in a row; parallel copies stacked inside a dashed cluster."""
    lines: list[str] = []
    counter = [0]

    def build(part, prefix) -> tuple[str, str]:
        """DOT for ``part``; returns (first node, last node) ids to chain."""
        counter[0] += 1
        key = f"{prefix}{counter[0]}"
        if part.kind == "component":
            nid = node_id("ha", key)
            label = f"{part.label}\n{100 * part.availability:.3f}%"
            lines.append(
                f'  {nid} [shape=box, style="rounded,filled", fillcolor={quote(PALETTE["sky_blue"])}, '
                f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
            )
            return nid, nid
        if part.kind == "parallel":
            fork, join = node_id("ha", key, "in"), node_id("ha", key, "out")
            label = f"any 1 of {len(part.parts)}\n{100 * part.availability:.5f}%"
            lines.append(f'  {fork} [shape=circle, width=0.15, label="", style=filled, fillcolor=black];')
            lines.append(
                f'  {join} [shape=circle, width=0.15, label="", style=filled, fillcolor=black, xlabel={quote(label)}];'
            )
            lines.append(f"  subgraph {node_id('cluster', key)} {{ style=dashed; label={quote(label)};")
            for child in part.parts:
                first, last = build(child, key + "_")
                lines.append(f"  {fork} -> {first};\n  {last} -> {join};")
            lines.append("  }")
            return fork, join
        first, last = build(part.parts[0], key + "_")  # a series has at least one part
        for child in part.parts[1:]:
            a, last_of_child = build(child, key + "_")
            lines.append(f"  {last} -> {a};")
            last = last_of_child
        return first, last

    build(node, "n")
    caption = (
        f"{node.label}: {100 * node.availability:.4f}% available, "
        f"{node.downtime.minutes_per_month:,.1f} minutes down a month."
    )
    return Diagram(_GRAPH.format(rankdir="LR", body="\n".join(lines) + "\n"), caption)


def scaling_view(run) -> dict[str, str]:
    """The run's measures and its verdict."""
    return {"text/html": f"<p><b>{escape(run.verdict)}</b></p>" + html_table(["measure", "value"], run.rows())}


def scaling_figure(run, *, hours: int | None = None):
    """Load (in instances' worth), instances in service, desired capacity, unserved load and cost over time."""
    from plotly.subplots import make_subplots

    frame = run.timeline if hours is None else run.timeline.iloc[: hours * 60]
    step = max(1, len(frame) // 2500)  # keep the figure light: at most ~2,500 points per trace
    f = frame.iloc[::step]
    needed = (f["load_rps"] / run.group.requests_per_instance).round(2)
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.7, 0.3],
        vertical_spacing=0.06,
        specs=[[{}], [{"secondary_y": True}]],
    )
    fig.add_scatter(
        x=f["time"],
        y=needed,
        name="load (instances at 100% CPU)",
        mode="lines",
        line={"color": PALETTE["black"], "width": 1},
        row=1,
        col=1,
    )
    fig.add_scatter(
        x=f["time"],
        y=f["desired"],
        name="desired capacity",
        mode="lines",
        line={"color": PALETTE["orange"], "dash": "dot", "shape": "hv"},
        row=1,
        col=1,
    )
    fig.add_scatter(
        x=f["time"],
        y=f["in_service"],
        name="in service",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 2, "shape": "hv"},
        row=1,
        col=1,
    )
    fig.add_scatter(
        x=f["time"],
        y=f["unserved_rps"].round(1),
        name="unserved requests/s",
        mode="lines",
        line={"color": PALETTE["vermillion"]},
        fill="tozeroy",
        row=2,
        col=1,
    )
    fig.add_scatter(
        x=f["time"],
        y=f["cost_usd"],
        name="cost so far (USD)",
        mode="lines",
        line={"color": PALETTE["bluish_green"]},
        row=2,
        col=1,
        secondary_y=True,
    )
    fig.update_layout(
        title=f"Auto Scaling over {run.demand.days} days: {run.verdict}",
        template="plotly_white",
        hovermode="x unified",
        legend={"orientation": "h", "y": -0.15},
        margin={"t": 70},
        height=560,
    )
    fig.update_yaxes(title_text="instances", row=1, col=1)
    fig.update_yaxes(title_text="requests/s", row=2, col=1)
    fig.update_yaxes(title_text="USD", row=2, col=1, secondary_y=True)
    fig.update_xaxes(title_text="time (one value per minute)", row=2, col=1)
    return fig


def answer_diagram(answer) -> Diagram:
    """Client -> Route 53 -> the values it answered."""
    client, r53 = node_id("r53", "client"), node_id("r53", "resolver")
    lines = [
        f"  {client} [shape=box, label={quote('client ' + str(answer.client))}];",
        f'  {r53} [shape=box, style="rounded,filled", fillcolor={quote(PALETTE["yellow"])}, '
        f"label={quote('Route 53: ' + answer.query)}];",
        f'  {client} -> {r53} [label=" query"];',
    ]
    for value in answer.values:
        nid = node_id("r53", value)
        lines.append(f'  {nid} [shape=ellipse, label={quote(value)}];\n  {r53} -> {nid} [label=" answer"];')
    return Diagram(_GRAPH.format(rankdir="LR", body="\n".join(lines) + "\n"), answer.text())


def failover_view(run) -> dict[str, str]:
    return {"text/html": html_table(["event", "seconds"], run.rows(), caption="Primary/secondary failover")}


def failover_figure(run):
    """Which site clients reach over time: the primary until the last cached answer expires."""
    import plotly.graph_objects as go

    end = run.all_moved_at_s + max(60, run.outage_s // 4)
    fig = go.Figure()
    fig.add_bar(
        y=["clients"], x=[run.fail_at_s], orientation="h", name="primary up", marker_color=PALETTE["bluish_green"]
    )
    fig.add_bar(
        y=["clients"],
        x=[run.detected_at_s - run.fail_at_s],
        orientation="h",
        name="primary down, health check not yet failed",
        marker_color=PALETTE["vermillion"],
    )
    fig.add_bar(
        y=["clients"],
        x=[run.all_moved_at_s - run.detected_at_s],
        orientation="h",
        name="DNS answers secondary, resolvers still cache primary (TTL)",
        marker_color=PALETTE["orange"],
    )
    fig.add_bar(
        y=["clients"],
        x=[end - run.all_moved_at_s],
        orientation="h",
        name="all on secondary",
        marker_color=PALETTE["blue"],
    )
    fig.update_layout(
        barmode="stack",
        title=f"Failover: up to {run.outage_s} s on a dead primary",
        xaxis_title="seconds",
        template="plotly_white",
        height=320,
        legend={"orientation": "h", "y": -0.45, "yanchor": "top"},
        margin={"t": 50, "b": 120},
    )
    return fig
