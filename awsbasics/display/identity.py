"""Displays for IAM identities, Cognito tokens and Organizations.

Each view reads properties of the objects in ``awsbasics.iam.identities`` and
``awsbasics.iam.federation``; nothing here decides access.
"""

from __future__ import annotations

import json

from awsbasics.display import escape, html_table, mimebundle, safe_bundle, text_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = ["user_bundle", "session_bundle", "check_bundle", "tokens_bundle", "web_check_bundle",
           "organization_dot", "organization_diagram"]

_POLICY_COLUMNS = ["attached as", "policy", "statements"]


def _policy_rows(rows) -> list[list[object]]:
    return [[how, policy.name or "(unnamed)", len(policy.statements)] for how, policy in rows]


def _table_bundle(title: str, rows, extra_text: str = "", extra_html: str = "") -> dict:
    def build():
        text = title + ("\n" + text_table(_POLICY_COLUMNS, rows) if rows else "\n(no policies)") + extra_text
        html = f"<p>{escape(title)}</p>" + (html_table(_POLICY_COLUMNS, rows) if rows else
                                            "<p><em>no policies</em></p>") + extra_html
        return mimebundle(text, html_body=html)

    return safe_bundle(build, title)


def user_bundle(user) -> dict:
    """An IAM user: its groups and the policies that apply to it (own, then its groups')."""
    groups = ", ".join(g.name for g in user.groups) or "none"
    boundary = f"; permissions boundary {user.permissions_boundary.name}" if user.permissions_boundary else ""
    title = f"IAM user {user.name} ({user.arn}), groups: {groups}{boundary}"
    return _table_bundle(title, _policy_rows(user.effective_policies()))


def session_bundle(session) -> dict:
    """A role session: who assumed the role, and the policies its requests are evaluated with."""
    rows = _policy_rows(session.role.own_policies())
    if session.session_policy is not None:
        rows.append(["session policy", session.session_policy.name or "(unnamed)",
                     len(session.session_policy.statements)])
    return _table_bundle(session.summary(), rows)


def check_bundle(check) -> dict:
    """An AssumeRole check: the verdict, then the evaluation's own view (flowchart and policies)."""
    verdict = ("ALLOWED: " if check.allowed else "DENIED: ") + check.reason

    def build():
        decision = check.decision._repr_mimebundle_()
        text = verdict + "\n" + decision["text/plain"]
        html = f"<p><strong>{escape(verdict)}</strong></p>" + decision.get("text/html", "")
        return mimebundle(text, html_body=html)

    return safe_bundle(build, verdict)


def web_check_bundle(check) -> dict:
    """A web-identity trust check: the verdict and the evaluation of the trust policy."""
    verdict = ("ALLOWED: " if check.allowed else "DENIED: ") + check.reason

    def build():
        decision = check.decision._repr_mimebundle_()
        return mimebundle(verdict + "\n" + decision["text/plain"],
                          html_body=f"<p><strong>{escape(verdict)}</strong></p>" + decision.get("text/html", ""))

    return safe_bundle(build, verdict)


def tokens_bundle(tokens) -> dict:
    """The claims of the ID and access tokens, side by side."""
    summary = tokens.summary()

    def build():
        id_claims = json.dumps(tokens.id_token, indent=2, ensure_ascii=False)
        access_claims = json.dumps(tokens.access_token, indent=2, ensure_ascii=False)
        text = f"{summary}\nID token claims:\n{id_claims}\nAccess token claims:\n{access_claims}"
        html = (f"<p>{escape(summary)}</p><div style='display:flex;gap:1em'>"
                f"<div><strong>ID token claims</strong><pre>{escape(id_claims)}</pre></div>"
                f"<div><strong>Access token claims</strong><pre>{escape(access_claims)}</pre></div></div>")
        return mimebundle(text, html_body=html)

    return safe_bundle(build, summary)


# --- Organizations -----------------------------------------------------------------------------


def _scp_names(policies) -> str:
    return ", ".join(p.name or "(unnamed)" for p in policies)


def organization_dot(org) -> str:
    """DOT for an organization: the root and OUs as folders, accounts as boxes, with their SCPs."""
    lines = [
        "digraph {",
        '  rankdir=TB; fontname="Helvetica"; nodesep=0.3; ranksep=0.45;',
        '  node [fontname="Helvetica", fontsize=10]; edge [color="#999999"];',
    ]

    def unit_node(unit) -> None:
        label = f"{unit.name}\nSCPs: {_scp_names(unit.scps)}"
        lines.append(f"  {node_id('ou', unit.name)} [shape=folder, style=filled, fillcolor=\"#dbeaf7\", "
                     f"color=\"#0072B2\", label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];")
        for account in unit.accounts:
            management = account.id == org.management.id
            scps = "not limited by SCPs" if management else f"SCPs: {_scp_names(org._account_scps[account.id])}"
            kind = "management account" if management else "member account"
            label = f"{account.name} ({account.id})\n{kind}\n{scps}"
            style = "filled,bold" if management else "filled"
            fill = "#fbe3c2" if management else "#ffffff"
            lines.append(f"  {node_id('acct', account.id)} [shape=box, style={quote(style)}, fillcolor={quote(fill)}, "
                         f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];")
            lines.append(f"  {node_id('ou', unit.name)} -> {node_id('acct', account.id)};")
        for child in unit.children:
            unit_node(child)
            lines.append(f"  {node_id('ou', unit.name)} -> {node_id('ou', child.name)};")

    unit_node(org.root)
    lines.append("}")
    return "\n".join(lines) + "\n"


def organization_diagram(org) -> Diagram:
    """The organization as a :class:`~awsbasics.display.diagram.Diagram` with a one-line summary."""
    members = len(org.accounts) - 1
    ous = sum(1 for _ in _walk(org.root)) - 1
    summary = (f"Organization with management account {org.management.id}: {members} member accounts in "
               f"{ous} OUs; SCPs apply to member accounts only")
    return Diagram(organization_dot(org), summary)


def _walk(unit):
    yield unit
    for child in unit.children:
        yield from _walk(child)
