"""Displays for IAM: the evaluation flowchart and policies with their deciding statements.

A :class:`~awsbasics.iam.Decision` shows as the AWS evaluation flowchart with
the path this request took drawn thick, then each policy's JSON with the
statements that decided it highlighted and, for every other statement, the
element that did not match (action, resource, principal or a condition key).
"""

from __future__ import annotations

import json

from awsbasics.display import PALETTE, escape, html_table, mimebundle, safe_bundle, text_table
from awsbasics.display.diagram import Diagram, node_id, quote, render_svg

__all__ = ["flowchart", "flowchart_dot", "decision_bundle", "decision_text", "policy_bundle", "policy_html"]

_OUTCOMES = {"ExplicitDeny": "Explicit Deny", "ImplicitDeny": "Implicit Deny", "Allow": "Allow"}
_QUESTIONS = {
    "deny": "Explicit Deny\nin any policy?",
    "scp": "Do the SCPs allow?\n(every level)",
    "root": "Root user?",
    "resource": "Resource-based policy\nallows the requester\ndirectly?",
    "identity": "Identity-based\npolicies allow?",
    "boundary": "Permissions boundary\nallows?",
    "session": "Session policy\nallows?",
}
# (from, to, label): the documented flow; the last three nodes are the outcomes.
_EDGES = [
    ("request", "deny", ""),
    ("deny", "ExplicitDeny", "yes"),
    ("deny", "scp", "no"),
    ("scp", "ImplicitDeny", "no"),
    ("scp", "resource", "yes / none"),
    ("resource", "Allow", "yes"),
    ("resource", "identity", "no"),
    ("identity", "ImplicitDeny", "no"),
    ("identity", "boundary", "yes"),
    ("boundary", "ImplicitDeny", "no"),
    ("boundary", "session", "yes / none"),
    ("session", "ImplicitDeny", "no"),
    ("session", "Allow", "yes / none"),
]
_ROOT_EDGES = [("scp", "root", "yes / none"), ("root", "Allow", "yes"), ("root", "resource", "no")]
_TAKEN = PALETTE["blue"]
_IDLE = PALETTE["grey"]
_FILL = {"Allow": PALETTE["bluish_green"], "ExplicitDeny": PALETTE["vermillion"], "ImplicitDeny": PALETTE["orange"]}
# Pale backgrounds for highlighted statements (the border and the label carry the meaning too).
_TINT = {"Allow": "rgba(0,158,115,0.16)", "Deny": "rgba(213,94,0,0.18)"}


def _taken_path(decision) -> list[str]:
    nodes = ["request"] + [step.key for step in decision.trace]
    return nodes + [decision.decision]


def flowchart_dot(decision) -> str:
    """DOT for the single-account evaluation flowchart with this decision's path drawn thick."""
    path = _taken_path(decision)
    taken_edges = set(zip(path, path[1:]))
    taken_nodes = set(path)
    steps = {step.key: step.outcome for step in decision.trace}
    if "session" in steps and "session" not in decision.slots:
        steps["session"] = "skipped"  # drawn as "none given"; the outcome is still the step's
    edges = list(_EDGES)
    if "root" in steps:
        edges = [e for e in edges if e[:2] != ("scp", "resource")] + _ROOT_EDGES
    lines = [
        "digraph {",
        '  rankdir=TB; fontname="Helvetica"; nodesep=0.35; ranksep=0.3;',
        '  node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
    ]
    r = decision.request
    request_label = f"Request\n{r.action}\n{_short(r.resource)}" + (f"\nby {_short(r.principal)}" if r.principal else "")
    lines.append(_node("request", request_label, "box", "rounded", "request" in taken_nodes, None))
    for key, question in _QUESTIONS.items():
        if key == "root" and "root" not in steps:
            continue
        label = question + ("\n(none given)" if steps.get(key) == "skipped" else "")
        style = "dashed" if steps.get(key) == "skipped" else "solid"
        lines.append(_node(key, label, "diamond", style, key in taken_nodes, None))
    for outcome, text in _OUTCOMES.items():
        fill = _FILL[outcome] if outcome == decision.decision else "#f4f4f4"
        lines.append(_node(outcome, text, "box", "filled,bold" if outcome == decision.decision else "filled",
                           outcome in taken_nodes, fill))
    for start, end, label in edges:
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
    attrs = [f"shape={shape}", f"label={quote(label)}", f"style={quote(style)}", f"color={quote(colour)}",
             f"penwidth={2.5 if taken else 1}", f"tooltip={quote(label.replace(chr(10), ' '))}"]
    if fill:
        attrs.append(f"fillcolor={quote(fill)}")
    return f"  {node_id('n', key)} [{', '.join(attrs)}];"


def flowchart(decision) -> Diagram:
    """The evaluation flowchart as a :class:`~awsbasics.display.diagram.Diagram`."""
    taken = " -> ".join(_QUESTIONS.get(k, k).split("\n")[0] for k in _taken_path(decision)[1:-1])
    summary = f"{decision.summary()} (path: {taken} -> {_OUTCOMES[decision.decision]})"
    return Diagram(flowchart_dot(decision), summary)


# --- text -------------------------------------------------------------------------------------


def decision_text(decision) -> str:
    """The plain-text twin of the HTML view: outcome, trace, deciding statements, warnings."""
    lines = [decision.summary(), "Evaluation:"]
    lines += [f"  {i}. {step}" for i, step in enumerate(decision.trace, 1)]
    if decision.matched:
        lines.append("Deciding statements:")
        lines += [f"  - {m}" for m in decision.matched]
    if decision.warnings:
        lines.append("Warnings:")
        lines += [f"  - {w}" for w in decision.warnings]
    for label, _ in decision.policies:
        lines.append(f"{label}:")
        for statement, status, reason in decision.statuses(label):
            detail = f" - {reason}" if reason else ""
            lines.append(f"  {statement.label} {statement.effect}: {status}{detail}")
    return "\n".join(lines)


# --- HTML -------------------------------------------------------------------------------------


def _statement_text(statement, indent: str, comma: bool) -> str:
    body = json.dumps(statement.raw, indent=2, ensure_ascii=False) + ("," if comma else "")
    return "\n".join(indent + line for line in body.split("\n"))


def _statement_block(statement, status: str, reason: str | None, indent: str, comma: bool) -> str:
    body = _statement_text(statement, indent, comma)
    if status == "deciding":
        note = f"{indent}// DECIDING: {statement.effect}"
        style = f"background:{_TINT[statement.effect]};border-left:4px solid " \
                f"{_FILL['Allow'] if statement.effect == 'Allow' else _FILL['ExplicitDeny']};"
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
        parts.append(escape(f'  {json.dumps(key)}: {json.dumps(document[key], ensure_ascii=False)},'))
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


def _decision_html(decision) -> str:
    try:
        diagram = f'<figure style="margin:0">{render_svg(flowchart_dot(decision))}</figure>'
    except Exception as exc:  # noqa: BLE001 - the policies still show without a renderer
        diagram = f"<p><em>Flowchart unavailable ({escape(type(exc).__name__)}: {escape(exc)})</em></p>"
    colour = _FILL[decision.decision]
    parts = [
        '<div class="awsbasics-iam-decision">',
        f'<p><strong style="color:{colour}">{escape(decision.decision)}</strong>: '
        f"{escape(decision.summary().split(': ', 1)[1])}</p>",
        diagram,
        "<ol>" + "".join(
            f"<li><strong>{escape(s.name)}</strong>: {escape(s.found)} &rarr; {escape(s.outcome)}</li>"
            for s in decision.trace
        ) + "</ol>",
    ]
    if decision.warnings:
        parts.append("<p><strong>Warnings</strong></p><ul>"
                     + "".join(f"<li>{escape(w)}</li>" for w in decision.warnings) + "</ul>")
    for label, policy in decision.policies:
        parts.append(f"<h4>{escape(label)}</h4>")
        parts.append(policy_html(policy, decision.statuses(label)))
    parts.append("</div>")
    return "".join(parts)


def decision_bundle(decision) -> dict[str, str]:
    """The MIME bundle of a Decision: text/plain always, HTML with the flowchart and policies."""
    text = safe_bundle(lambda: {"text/plain": decision_text(decision)}, decision.summary())["text/plain"]
    return safe_bundle(lambda: mimebundle(text, html_body=_decision_html(decision)), text)


def policy_bundle(policy) -> dict[str, str]:
    """The MIME bundle of a Policy: its summary, findings and JSON."""
    summary = policy.summary()
    rows = [[f.code, f.path or "(policy)", f.message] for f in policy.findings]

    def build():
        text = summary
        if rows:
            text += "\n" + text_table(["finding", "path", "message"], rows)
        text += "\n" + policy.text
        html = f"<p>{escape(summary)}</p>"
        if rows:
            html += html_table(["finding", "path", "message"], rows)
        html += policy_html(policy)
        return mimebundle(text, html_body=html)

    return safe_bundle(build, summary)
