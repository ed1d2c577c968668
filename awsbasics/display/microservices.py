"""Tables, figures and the state-machine diagram for chapter 10 (microservices).

Every function reads what it shows from the object it is given (rows, verdicts,
arrays, states); none decides an AWS limit, price or rule.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "architecture_figure",
    "architecture_view",
    "break_even_figure",
    "break_even_view",
    "deployment_figure",
    "deployment_view",
    "execution_figure",
    "execution_view",
    "lambda_cost_view",
    "lambda_view",
    "placement_figure",
    "placement_view",
    "scaling_figure",
    "scaling_view",
    "state_machine_diagram",
    "state_machine_view",
    "task_definition_view",
    "throttle_figure",
    "throttle_view",
]

_LAYOUT = {"template": "plotly_white", "legend": {"orientation": "h", "y": -0.25}, "margin": {"t": 60}}


def _verdict(text: str) -> str:
    return f"<p><b>{escape(text)}</b></p>"


def task_definition_view(task) -> dict[str, str]:
    return {"text/html": html_table(["setting", "value"], task.rows(), caption="Task definition")}


def lambda_view(function) -> dict[str, str]:
    return {"text/html": html_table(["setting", "value"], function.rows(), caption="Lambda function")}


def lambda_cost_view(cost) -> dict[str, str]:
    caption = (
        f"Lambda cost for a month: {cost.function.memory_mb} MB {cost.function.architecture}, "
        f"{cost.avg_duration_ms:g} ms per request"
    )
    return {"text/html": html_table(["measure", "value"], cost.rows(), caption=caption)}


def deployment_view(deployment) -> dict[str, str]:
    table = html_table(
        ["step", "action", "old_tasks", "new_tasks", "total_tasks"],
        deployment.rows(),
        caption="Rolling update, step by step",
    )
    return {"text/html": _verdict(deployment.verdict) + table}


def deployment_figure(deployment):
    """Old and new tasks at each step, stacked, with the two limits as lines."""
    import plotly.graph_objects as go

    steps = [s.step for s in deployment.steps]
    fig = go.Figure()
    fig.add_bar(
        x=steps,
        y=[s.old_tasks for s in deployment.steps],
        name="old tasks",
        marker_color=PALETTE["grey"],
        hovertemplate="step %{x}: %{y} old<extra></extra>",
    )
    fig.add_bar(
        x=steps,
        y=[s.new_tasks for s in deployment.steps],
        name="new tasks",
        marker_color=PALETTE["blue"],
        hovertemplate="step %{x}: %{y} new<extra></extra>",
    )
    for value, name, colour in (
        (deployment.lower_limit, "minimum healthy", PALETTE["vermillion"]),
        (deployment.upper_limit, "maximum", PALETTE["orange"]),
    ):
        fig.add_scatter(
            x=steps,
            y=[value] * len(steps),
            name=f"{name} ({value})",
            mode="lines",
            line={"color": colour, "dash": "dash"},
        )
    fig.update_layout(
        title=f"Rolling update of {deployment.desired_count} tasks",
        barmode="stack",
        xaxis_title="step",
        yaxis_title="tasks (RUNNING or PENDING)",
        **_LAYOUT,
    )
    return fig


def placement_view(placement) -> dict[str, str]:
    table = html_table(
        ["instance", "az", "tasks", "free_cpu_units", "free_memory_mib"],
        placement.rows(),
        caption=f"Placement strategy: {placement.strategy}",
    )
    return {"text/html": _verdict(placement.verdict) + table}


def placement_figure(placement):
    import plotly.graph_objects as go

    colours = [
        PALETTE["blue"],
        PALETTE["orange"],
        PALETTE["bluish_green"],
        PALETTE["reddish_purple"],
        PALETTE["sky_blue"],
        PALETTE["vermillion"],
    ]
    fig = go.Figure()
    for k, az in enumerate(placement.tasks_per_az):
        rows = [r for r in placement.rows() if r[1] == az]
        fig.add_bar(
            x=[r[0] for r in rows],
            y=[r[2] for r in rows],
            name=az,
            marker_color=colours[k % len(colours)],
            hovertemplate="%{x}: %{y} tasks<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        title=f"Tasks per container instance ({placement.strategy})",
        xaxis_title="container instance",
        yaxis_title="tasks",
        **_LAYOUT,
    )
    return fig


def architecture_view(result) -> dict[str, str]:
    table = html_table(
        ["measure", "monolith", "microservices"],
        result.rows(),
        caption=f"Monolith vs microservices, {result.hot} at {result.hot_factor:g}x load",
    )
    return {"text/html": _verdict(result.verdict) + table}


def architecture_figure(result):
    import plotly.graph_objects as go

    hours = list(range(len(result.monolith_units)))
    fig = go.Figure()
    fig.add_scatter(
        x=hours,
        y=result.monolith_units.tolist(),
        name="monolith (whole copies)",
        mode="lines",
        line={"color": PALETTE["orange"], "width": 3, "shape": "hv", "dash": "dash"},
        hovertemplate="hour %{x}: %{y} units<extra>monolith</extra>",
    )
    fig.add_scatter(
        x=hours,
        y=result.microservices_units.tolist(),
        name="microservices (each service alone)",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 3, "shape": "hv"},
        hovertemplate="hour %{x}: %{y} units<extra>microservices</extra>",
    )
    fig.update_layout(
        title=f"Capacity needed when {result.hot} runs hot",
        xaxis_title="hour of the day",
        yaxis_title="capacity units (one component's worth)",
        **_LAYOUT,
    )
    return fig


def scaling_view(timeline) -> dict[str, str]:
    return {"text/html": _verdict(timeline.verdict)}


def scaling_figure(timeline):
    import plotly.graph_objects as go

    seconds = list(range(len(timeline.demand_concurrency)))
    fig = go.Figure()
    fig.add_scatter(
        x=seconds,
        y=timeline.demand_concurrency.tolist(),
        name="needed",
        mode="lines",
        line={"color": PALETTE["black"], "dash": "dot"},
    )
    fig.add_scatter(
        x=seconds,
        y=timeline.available_concurrency.tolist(),
        name="scaled to (up to the quota)",
        mode="lines",
        line={"color": PALETTE["orange"]},
    )
    fig.add_bar(x=seconds, y=timeline.served_concurrency.tolist(), name="served", marker_color=PALETTE["blue"])
    fig.add_bar(
        x=seconds, y=timeline.throttled_concurrency.tolist(), name="throttled", marker_color=PALETTE["vermillion"]
    )
    fig.update_layout(
        title=f"Lambda scaling to {int(timeline.demand_concurrency[0]):,} concurrent executions",
        barmode="stack",
        xaxis_title="seconds after the load arrives",
        yaxis_title="concurrent executions",
        **_LAYOUT,
    )
    return fig


def break_even_view(result) -> dict[str, str]:
    return {"text/html": _verdict(result.verdict)}


def break_even_figure(result):
    import plotly.graph_objects as go

    top = 2 * (result.break_even_rps or result.rps_per_task)
    rps = [round(top * k / 200, 4) for k in range(1, 201)]
    fig = go.Figure()
    fig.add_scatter(
        x=rps,
        y=[round(result.lambda_usd(r), 2) for r in rps],
        name="Lambda",
        mode="lines",
        line={"color": PALETTE["orange"], "width": 3},
        hovertemplate="%{x} req/s: USD %{y}<extra>Lambda</extra>",
    )
    fig.add_scatter(
        x=rps,
        y=[round(result.fargate_usd(r), 2) for r in rps],
        name="Fargate (always on)",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 3, "shape": "hv"},
        hovertemplate="%{x} req/s: USD %{y}<extra>Fargate</extra>",
    )
    fig.update_layout(
        title="Monthly cost of a steady load: Lambda vs Fargate",
        xaxis_title="requests per second",
        yaxis_title="USD per month (us-east-1 estimate)",
        **_LAYOUT,
    )
    return fig


def throttle_view(result) -> dict[str, str]:
    limits = html_table(
        ["limit", "rate_rps", "burst"],
        [(limit.name, limit.rate_rps, limit.burst) for limit in result.limits],
        caption="Token buckets",
    )
    return {"text/html": _verdict(result.verdict) + limits}


def throttle_figure(result):
    import plotly.graph_objects as go

    seconds = list(range(len(result.demand)))
    fig = go.Figure()
    fig.add_bar(x=seconds, y=result.served.tolist(), name="served", marker_color=PALETTE["blue"])
    fig.add_bar(x=seconds, y=result.throttled.tolist(), name="HTTP 429 (throttled)", marker_color=PALETTE["vermillion"])
    fig.update_layout(
        title="API Gateway throttling: requests per second",
        barmode="stack",
        xaxis_title="second",
        yaxis_title="requests",
        **_LAYOUT,
    )
    return fig


_SHAPES = {
    "Task": ("box", "rounded,filled", PALETTE["sky_blue"]),
    "Pass": ("box", "dashed,filled", "#ffffff"),
    "Choice": ("diamond", "filled", PALETTE["yellow"]),
    "Wait": ("hexagon", "filled", "#eeeeee"),
    "Succeed": ("doublecircle", "filled", PALETTE["bluish_green"]),
    "Fail": ("octagon", "filled", PALETTE["vermillion"]),
}


def _sid(prefix: str, name: str) -> str:
    return node_id("s", prefix, name) if prefix else node_id("s", name)


def _machine_body(machine, prefix: str, lines: list[str], indent: str) -> str:
    """DOT statements for one (sub-)machine; returns the id of its start node."""
    start = node_id("start", prefix or "top")
    lines.append(f'{indent}{start} [shape=point, width=0.15, tooltip="start"];')
    for name, state in machine.states.items():
        nid = _sid(prefix, name)
        kind = state["Type"]
        if kind in ("Parallel", "Map"):
            style = "rounded" if kind == "Parallel" else "rounded,dashed"
            lines.append(f"{indent}subgraph {node_id('cluster', prefix + name)} {{")
            lines.append(
                f"{indent}  label={quote(f'{name} ({kind})')}; style={quote(style)}; color={quote(PALETTE['blue'])};"
            )
            lines.append(
                f'{indent}  {nid} [shape=box, style="rounded,bold", label={quote(f"{kind}: {name}")}, '
                f"tooltip={quote(kind)}];"
            )
            for i, sub in enumerate(machine.branches(name)):
                sub_prefix = f"{prefix}{name}_{i}_"
                inner = _machine_body(sub, sub_prefix, lines, indent + "  ")
                lines.append(f"{indent}  {nid} -> {inner} [style=dotted, arrowhead=none];")
            lines.append(f"{indent}}}")
            continue
        shape, style, fill = _SHAPES[kind]
        label = name if kind not in ("Task", "Wait") else f"{name}\n({kind})"
        if kind == "Task" and "Retry" in state:
            label += "\nretry " + ", ".join(e for r in state["Retry"] for e in r["ErrorEquals"])
        lines.append(
            f"{indent}{nid} [shape={shape}, style={quote(style)}, fillcolor={quote(fill)}, "
            f"label={quote(label)}, tooltip={quote(kind + ' ' + name)}];"
        )
    lines.append(f"{indent}{start} -> {_sid(prefix, machine.start_at)};")
    for source, target, kind in machine.transitions():
        a, b = _sid(prefix, source), _sid(prefix, target)
        if kind == "next":
            lines.append(f"{indent}{a} -> {b};")
        elif kind == "default":
            lines.append(f'{indent}{a} -> {b} [style=dashed, label=" default"];')
        elif kind.startswith("choice"):
            lines.append(f"{indent}{a} -> {b} [label={quote(' ' + kind)}];")
        else:
            lines.append(
                f"{indent}{a} -> {b} [style=dotted, color={quote(PALETTE['vermillion'])}, label={quote(' ' + kind)}];"
            )
    return start


def state_machine_diagram(machine) -> Diagram:
    """States as shapes by type (Task rounded box, Choice diamond, Succeed double circle, Fail octagon,
    Parallel and Map as clusters); Next solid, Default dashed, Catch dotted."""
    lines: list[str] = []
    _machine_body(machine, "", lines, "  ")
    dot = (
        'digraph {\n  rankdir=TB; fontname="Helvetica";\n  node [fontname="Helvetica", fontsize=11];\n'
        '  edge [fontname="Helvetica", fontsize=9];\n' + "\n".join(lines) + "\n}\n"
    )
    kinds = sorted({s["Type"] for s in machine.states.values()})
    catches = sum(len(s.get("Catch", ())) for s in machine.states.values())
    caption = (
        f"State machine: {len(machine.states)} states ({', '.join(kinds)}) starting at {machine.start_at}; "
        f"{catches} catch route(s) drawn dotted."
    )
    return Diagram(dot, caption)


def state_machine_view(machine) -> dict[str, str]:
    table = html_table(["state", "type", "next"], machine.rows(), caption="States")
    return {"text/html": state_machine_diagram(machine).html() + table}


def execution_view(execution) -> dict[str, str]:
    table = html_table(["time_s", "event", "state", "detail"], execution.rows(), caption="Execution history")
    return {"text/html": _verdict(execution.verdict) + table}


def execution_figure(execution):
    """One horizontal bar per state visit (and retry wait) on the simulated clock."""
    import plotly.graph_objects as go

    colours = {
        "ok": PALETTE["blue"],
        "failed": PALETTE["vermillion"],
        "caught": PALETTE["orange"],
        "wait": PALETTE["grey"],
    }
    fig = go.Figure()
    for outcome, colour in colours.items():
        spans = [s for s in execution.spans if s.outcome == outcome]
        if not spans:
            continue
        fig.add_bar(
            y=[s.state for s in spans],
            x=[round(max(s.end_s - s.start_s, 0.05), 3) for s in spans],
            base=[s.start_s for s in spans],
            orientation="h",
            name=outcome,
            marker_color=colour,
            customdata=[[s.start_s, s.end_s] for s in spans],
            hovertemplate="%{y}: %{customdata[0]} s to %{customdata[1]} s<extra>%{fullData.name}</extra>",
        )
    order = list(dict.fromkeys(s.state for s in execution.spans))
    fig.update_layout(
        title=f"Execution timeline ({execution.status}, {execution.duration_s:g} s simulated)",
        xaxis_title="seconds since the execution started",
        yaxis_title="state",
        yaxis={"categoryorder": "array", "categoryarray": order[::-1]},
        barmode="overlay",
        **_LAYOUT,
    )
    return fig
