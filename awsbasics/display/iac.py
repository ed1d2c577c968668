"""Views, a diagram and a figure for chapter 07: templates, lint reports, change sets, stacks, drift, Run Command.

Every function reads what it shows from the object it is given; none decides
whether a change replaces a resource or whether a command stops.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "template_view",
    "lint_view",
    "change_set_view",
    "stack_view",
    "deployment_view",
    "deployment_diagram",
    "template_diagram",
    "drift_view",
    "run_command_view",
    "run_command_figure",
    "hand_build_view",
    "cdk_view",
]

_PRE = (
    '<pre style="max-height:28em;overflow:auto;font-size:12px;background:#f7f7f7;padding:6px;white-space:pre">{}</pre>'
)


def _notes(notes) -> str:
    if not notes:
        return ""
    return "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"


def template_view(template) -> dict[str, str]:
    """Resource counts by type, notes on what the template leaves out, then the YAML."""
    counts = html_table(
        ["resource_type", "count"],
        list(template.resource_types().items()),
        caption=f"CloudFormation template: {len(template.resources)} resources",
    )
    body = counts + _notes(template.notes) + _PRE.format(escape(template.to_yaml()))
    return {"text/html": f'<div class="awsbasics-template">{body}</div>'}


def lint_view(report) -> dict[str, str]:
    colour = PALETTE["bluish_green"] if report.ok else PALETTE["vermillion"]
    mark = "&#10003;" if report.ok else "&#10007;"
    head = f'<p style="color:{colour}"><b>{mark} {escape(report.verdict)}</b></p>'
    table = html_table(["rule", "level", "path", "message"], report.rows) if report.findings else ""
    return {"text/html": head + table}


def change_set_view(change_set) -> dict[str, str]:
    rows = list(change_set.rows)
    table = (
        html_table(
            ["logical_id", "type", "action", "replacement", "properties", "old_resource", "why"],
            rows,
            caption="change set preview",
        )
        if rows
        else "<p>no changes</p>"
    )
    return {"text/html": f"<p><b>{escape(change_set.verdict)}</b></p>{table}"}


def stack_view(stack) -> dict[str, str]:
    exports = (
        html_table(["export_name", "output"], sorted(stack.exports.items()), caption="exports") if stack.exports else ""
    )
    imports = (
        html_table(["imported_export"], [(name,) for name in sorted(stack.imports)], caption="imports")
        if stack.imports
        else ""
    )
    return {"text/html": f"<p><b>{escape(stack.text())}</b></p>{exports}{imports}"}


def deployment_view(deployment) -> dict[str, str]:
    if not deployment.stacks:
        return {"text/html": "<p>no stacks</p>"}
    table = html_table(["stack", "resources", "exports", "imports"], deployment.rows, caption="stacks")
    links = (
        html_table(["importing_stack", "exporting_stack", "export_name"], deployment.links, caption="imports")
        if deployment.links
        else ""
    )
    return {"text/html": table + links}


def _dot(body: str) -> str:
    return (
        'digraph {\n  rankdir=TB; fontname="Helvetica";\n  node [fontname="Helvetica", fontsize=11];\n'
        f'  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
    )


def deployment_diagram(deployment) -> Diagram:
    """Stacks as boxes (their exports listed), an arrow from each importing stack to the stack it imports from."""
    lines = []
    for stack in deployment.stacks:
        exports = sorted(stack.exports)
        shown = exports[:6] + ([f"... {len(exports) - 6} more"] if len(exports) > 6 else [])
        label = f"stack {stack.name}\n{len(stack.template.resources)} resources" + (
            "\nexports:\n" + "\n".join(shown) if shown else ""
        )
        fill = PALETTE["sky_blue"] if exports else PALETTE["yellow"]
        lines.append(
            f'  {node_id("stack", stack.name)} [shape=box, style="rounded,filled", fillcolor={quote(fill)}, '
            f"label={quote(label)}, tooltip={quote('stack ' + stack.name)}];"
        )
    pairs: dict[tuple[str, str], int] = {}
    for importer, exporter, _export in deployment.links:
        pairs[(importer, exporter)] = pairs.get((importer, exporter), 0) + 1
    for (importer, exporter), count in sorted(pairs.items()):
        lines.append(
            f"  {node_id('stack', importer)} -> {node_id('stack', exporter)} "
            f"[label={quote(f' Fn::ImportValue x{count}')}, style=dashed];"
        )
    caption = f"{len(deployment.stacks)} stacks; " + (
        "; ".join(f"{i} imports {n} value(s) from {e}" for (i, e), n in sorted(pairs.items())) or "no imports"
    )
    return Diagram(_dot("\n".join(lines) + "\n"), caption)


_KIND_SHAPES = {
    "AWS::EC2::VPC": ("box", "rounded,filled,bold", PALETTE["grey"]),
    "AWS::EC2::Subnet": ("box", "filled", PALETTE["sky_blue"]),
    "AWS::EC2::InternetGateway": ("ellipse", "filled", PALETTE["orange"]),
    "AWS::EC2::NatGateway": ("ellipse", "filled", PALETTE["yellow"]),
    "AWS::EC2::SecurityGroup": ("hexagon", "filled", PALETTE["reddish_purple"]),
    "AWS::EC2::RouteTable": ("note", "filled", "#dddddd"),
}


def template_diagram(template) -> Diagram:
    """Resources as nodes, an arrow from each resource to those it refers to (Ref, GetAtt) or waits for (DependsOn)."""
    document = template.to_dict()["Resources"]
    lines = []
    for lid, resource in document.items():
        shape, style, fill = _KIND_SHAPES.get(resource["Type"], ("box", "rounded,filled", "#ffffff"))
        label = f"{lid}\n{resource['Type'].removeprefix('AWS::')}"
        lines.append(
            f"  {node_id('res', lid)} [shape={shape}, style={quote(style)}, fillcolor={quote(fill)}, "
            f"label={quote(label)}, tooltip={quote(lid)}];"
        )
    edges = 0
    for lid, resource in document.items():
        for target in sorted(_refs(resource.get("Properties", {})) & document.keys()):
            lines.append(f"  {node_id('res', lid)} -> {node_id('res', target)};")
            edges += 1
        depends = resource.get("DependsOn", [])
        for target in [depends] if isinstance(depends, str) else depends:
            lines.append(f'  {node_id("res", lid)} -> {node_id("res", target)} [style=dashed, label=" DependsOn"];')
            edges += 1
    return Diagram(
        _dot("\n".join(lines) + "\n"),
        f"{len(document)} resources, {edges} references (solid: Ref/GetAtt, dashed: DependsOn)",
    )


def _refs(value) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            found.add(str(value["Ref"]))
        elif set(value) == {"Fn::GetAtt"} and value["Fn::GetAtt"]:
            found.add(str(value["Fn::GetAtt"][0]))
        for item in value.values():
            found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def drift_view(report) -> dict[str, str]:
    colour = PALETTE["bluish_green"] if report.stack_status == "IN_SYNC" else PALETTE["vermillion"]
    head = f'<p style="color:{colour}"><b>{escape(report.verdict)}</b></p>'
    table = html_table(
        ["logical_id", "type", "status", "property", "difference", "expected", "actual"],
        report.rows,
        caption="drift by resource",
    )
    return {"text/html": head + table + _notes(report.notes)}


def run_command_view(run) -> dict[str, str]:
    table = html_table(
        ["step", "running", "succeeded", "failed", "not_sent", "stopped"],
        run.timeline,
        caption="Run Command, step by step",
    )
    return {"text/html": f"<p><b>{escape(run.verdict)}</b></p>{table}"}


def run_command_figure(run):
    """Targets running, succeeded, failed and never sent at each step; a line where sending stopped."""
    import plotly.graph_objects as go

    steps = [row[0] for row in run.timeline]
    fig = go.Figure()
    series = (
        ("running", 1, PALETTE["sky_blue"], "solid"),
        ("succeeded", 2, PALETTE["bluish_green"], "solid"),
        ("failed", 3, PALETTE["vermillion"], "dash"),
        ("never sent", 4, PALETTE["grey"], "dot"),
    )
    for name, column, colour, dash in series:
        fig.add_scatter(
            x=steps,
            y=[row[column] for row in run.timeline],
            mode="lines+markers",
            name=name,
            line={"color": colour, "dash": dash, "width": 2},
            hovertemplate=f"step %{{x}}<br>%{{y}} targets {name}<extra></extra>",
        )
    if run.stopped:
        fig.add_vline(
            x=run.stopped_at,
            line={"color": PALETTE["black"], "dash": "dash"},
            annotation_text=f"error {run.error_threshold + 1}: stop sending",
        )
    fig.add_hline(
        y=run.error_threshold,
        line={"color": PALETTE["vermillion"], "dash": "dot", "width": 1},
        annotation_text=f"MaxErrors = {run.error_threshold}",
    )
    fig.update_layout(
        title=(
            f"Run Command on {run.targets} targets: MaxConcurrency {run.max_concurrency}, MaxErrors {run.max_errors}"
        ),
        xaxis_title="step (one invocation takes 1 to 3 steps)",
        yaxis_title="targets",
        template="plotly_white",
        margin={"t": 60},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def hand_build_view(run) -> dict[str, str]:
    table = (
        html_table(
            ["environment", "logical_id", "mistake", "property", "intended", "built"],
            run.rows,
            caption="differences from the template",
        )
        if run.mistakes
        else "<p>no differences</p>"
    )
    return {"text/html": f"<p><b>{escape(run.verdict)}</b></p>{table}"}


def cdk_view(example) -> dict[str, str]:
    cell = '<div style="flex:1;min-width:320px"><p><b>{}</b></p>' + _PRE + "</div>"
    body = (
        f"<p><b>{escape(example.verdict)}</b></p>"
        '<div style="display:flex;gap:12px;flex-wrap:wrap">'
        + cell.format("CDK construct (Python)", escape(example.code))
        + cell.format("CloudFormation template", escape(example.template.to_yaml()))
        + "</div>"
    )
    return {"text/html": body}
