"""Displays for IAM: the evaluation flowchart and policies with their deciding statements.

A :class:`~awsbasics.iam.Decision` shows as the AWS evaluation flowchart with
the path this request took drawn thick, then each policy's JSON with the
statements that decided it highlighted and, for every other statement, the
element that did not match (action, resource, principal or a condition key).
"""

from __future__ import annotations

import json

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote, render_svg

__all__ = [
    "flowchart",
    "flowchart_dot",
    "decision_view",
    "decision_bundle",
    "decision_text",
    "policy_view",
    "policy_bundle",
    "policy_html",
    "findings_html",
    "rejection_html",
]

_TAKEN = PALETTE["blue"]
_IDLE = PALETTE["grey"]
_FILL = {"Allow": PALETTE["bluish_green"], "ExplicitDeny": PALETTE["vermillion"], "ImplicitDeny": PALETTE["orange"]}
# Pale backgrounds and borders for deciding statements, by effect (the label carries the meaning too).
_TINT = {"Allow": "rgba(0,158,115,0.16)", "Deny": "rgba(213,94,0,0.18)"}
_BORDER = {"Allow": _FILL["Allow"], "Deny": _FILL["ExplicitDeny"]}


def flowchart_dot(decision) -> str:
    """DOT for the single-account evaluation flowchart with this decision's path drawn thick."""
    flow = decision.flow
    taken_edges = set(zip(flow.path, flow.path[1:]))
    taken_nodes = set(flow.path)
    lines = [
        "digraph {",
        '  rankdir=TB; fontname="Helvetica"; nodesep=0.35; ranksep=0.3;',
        '  node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
    ]
    r = decision.request
    request_label = f"Request\n{r.action}\n{_short(r.resource)}" + (
        f"\nby {_short(r.principal)}" if r.principal else ""
    )
    lines.append(_node("request", request_label, "box", "rounded", "request" in taken_nodes, None))
    for key, question in flow.questions:
        skipped = key in flow.skipped
        label = question + ("\n(none given)" if skipped else "")
        lines.append(_node(key, label, "diamond", "dashed" if skipped else "solid", key in taken_nodes, None))
    for outcome, name in flow.outcomes:
        chosen = outcome == decision.decision
        lines.append(
            _node(
                outcome,
                name,
                "box",
                "filled,bold" if chosen else "filled",
                outcome in taken_nodes,
                _FILL[outcome] if chosen else "#f4f4f4",
            )
        )
    for start, end, label in flow.edges:
        taken = (start, end) in taken_edges
        colour = _TAKEN if taken else _IDLE
        width = 3 if taken else 1
        lines.append(
            f"  {node_id('n', start)} -> {node_id('n', end)} [label={quote(label)}, color={quote(colour)}, "
            f"fontcolor={quote(colour)}, penwidth={width}{'' if taken else ', style=dashed'}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _node(key, label, shape, style, taken, fill) -> str:
    colour = _TAKEN if taken else _IDLE
    attrs = [
        f"shape={shape}",
        f"label={quote(label)}",
        f"style={quote(style)}",
        f"color={quote(colour)}",
        f"penwidth={2.5 if taken else 1}",
        f"tooltip={quote(label.replace(chr(10), ' '))}",
    ]
    if fill:
        attrs.append(f"fillcolor={quote(fill)}")
    return f"  {node_id('n', key)} [{', '.join(attrs)}];"


def flowchart(decision) -> Diagram:
    """The evaluation flowchart as a :class:`~awsbasics.display.diagram.Diagram`."""
    flow = decision.flow
    questions, outcomes = dict(flow.questions), dict(flow.outcomes)
    taken = " -> ".join(questions.get(k, k).split("\n")[0] for k in flow.path[1:-1])
    return Diagram(flowchart_dot(decision), f"{decision.verdict} (path: {taken} -> {outcomes[decision.decision]})")


def decision_text(decision) -> str:
    """The plain-text view of a Decision (its ``text()``), kept for old callers."""
    return decision.text()


# --- HTML -------------------------------------------------------------------------------------


def _statement_text(statement, indent: str, comma: bool) -> str:
    body = json.dumps(statement.raw, indent=2, ensure_ascii=False) + ("," if comma else "")
    return "\n".join(indent + line for line in body.split("\n"))


def _statement_block(statement, status: str, reason: str | None, indent: str, comma: bool) -> str:
    body = _statement_text(statement, indent, comma)
    if status == "deciding":
        note = f"{indent}// DECIDING: {statement.effect}"
        style = f"background:{_TINT[statement.effect]};border-left:4px solid {_BORDER[statement.effect]};"
    elif status == "applies":
        note = f"{indent}// applies ({statement.effect}) but did not decide"
        style = f"border-left:4px dashed {_IDLE};"
    else:
        note = f"{indent}// no match - {reason}"
        style = "border-left:4px solid transparent;color:#555;"
    return (
        f'<span class="awsbasics-iam-statement awsbasics-iam-{status.replace(" ", "-")}" '
        f'data-path="{escape(statement.path)}" style="display:block;{style}">'
        f'<span class="awsbasics-iam-note" style="font-style:italic;color:#333">{escape(note)}</span>\n'
        f"{escape(body)}</span>"
    )


def policy_html(policy, statuses=None) -> str:
    """A policy's JSON in a ``<pre>``, one block per statement, annotated when ``statuses`` is given.

    ``statuses`` is what :meth:`Decision.statuses` returns for this policy.
    """
    document = policy.document
    by_statement = {id(st): (status, reason) for st, status, reason in statuses or ()}
    parts = ["{"]
    keys = [k for k in document if k != "Statement"]
    for key in keys:
        parts.append(escape(f"  {json.dumps(key)}: {json.dumps(document[key], ensure_ascii=False)},"))
    as_list = isinstance(document["Statement"], list)
    parts.append(escape('  "Statement": [') if as_list else escape('  "Statement":'))
    indent = "    " if as_list else "  "
    last = len(policy.statements) - 1
    for number, statement in enumerate(policy.statements):
        status, reason = by_statement.get(id(statement), ("", None))
        comma = as_list and number < last
        if status:
            parts.append(_statement_block(statement, status, reason, indent, comma))
        else:
            parts.append(escape(_statement_text(statement, indent, comma)))
    if as_list:
        parts.append("  ]")
    parts.append("}")
    # A statement block is display:block, so it ends its own line.
    html = "".join(part if part.startswith("<span") else part + "\n" for part in parts)
    return '<pre class="awsbasics-iam-policy" style="font-size:12px;line-height:1.35">' + html.rstrip("\n") + "</pre>"


def decision_view(decision) -> dict[str, str]:
    """A Decision's rich view: verdict, flowchart, numbered trace, warnings, annotated policies."""
    try:
        diagram = f'<figure style="margin:0">{render_svg(flowchart_dot(decision))}</figure>'
    except Exception as exc:  # noqa: BLE001 - the policies still show without a renderer
        diagram = f"<p><em>Flowchart unavailable ({escape(type(exc).__name__)}: {escape(exc)})</em></p>"
    colour = _FILL[decision.decision]
    parts = [
        '<div class="awsbasics-iam-decision">',
        f'<p><strong style="color:{colour}">{escape(decision.decision)}</strong>: '
        f"{escape(decision.verdict.split(': ', 1)[1])}</p>",
        diagram,
        "<ol>"
        + "".join(
            f"<li><strong>{escape(s.name)}</strong>: {escape(s.found)} &rarr; {escape(s.outcome)}</li>"
            for s in decision.trace
        )
        + "</ol>",
    ]
    if decision.warnings:
        parts.append(
            "<p><strong>Warnings</strong></p><ul>"
            + "".join(f"<li>{escape(w)}</li>" for w in decision.warnings)
            + "</ul>"
        )
    for label, policy in decision.policies:
        parts.append(f"<h4>{escape(label)}</h4>")
        parts.append(policy_html(policy, decision.statuses(label)))
    parts.append("</div>")
    return {"text/html": "".join(parts)}


def decision_bundle(decision) -> dict[str, object]:
    """A Decision's MIME bundle (its own ``_repr_mimebundle_``), kept for old callers."""
    return decision._repr_mimebundle_()


def _finding_rows(policy) -> list[list[str]]:
    return [[f.code, f.subject or "(policy)", f.message] for f in policy.findings]


def policy_view(policy) -> dict[str, str]:
    """A Policy's rich view: its first text line, a table of its findings, its JSON."""
    rows = _finding_rows(policy)
    html = f"<p>{escape(policy.text().split(chr(10), 1)[0])}</p>"
    if rows:
        html += html_table(["finding", "path", "message"], rows)
    return {"text/html": html + policy_html(policy)}


def policy_bundle(policy) -> dict[str, object]:
    """A Policy's MIME bundle (its own ``_repr_mimebundle_``), kept for old callers."""
    return policy._repr_mimebundle_()


def findings_html(policy) -> str:
    """Feedback under a policy editor: valid, its first text line, then its findings.

    ``None`` is the optional resource-based policy left empty.
    """
    if policy is None:
        return "<small><em>No resource-based policy: the request is decided by the identity-based policy.</em></small>"
    head = (
        f'<div style="color:{PALETTE["bluish_green"]}"><b>&#10003; Valid</b>: '
        f"{escape(policy.text().split(chr(10), 1)[0])}</div>"
    )
    if not policy.findings:
        return head
    items = "".join(
        f"<li><code>{escape(code)}</code> {escape(path)}: {escape(message)}</li>"
        for code, path, message in _finding_rows(policy)
    )
    return head + f'<div style="color:{PALETTE["orange"]}"><b>Findings</b><ul>{items}</ul></div>'


def rejection_html(error) -> str:
    """Feedback under a policy editor: the rule AWS would reject it for (the message starts with its JSON path)."""
    return (
        f'<div style="color:{PALETTE["vermillion"]}"><b>&#10007; AWS would reject this policy:</b> '
        f"{escape(error)}</div>"
    )
