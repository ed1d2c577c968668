"""Displays for IAM identities, Cognito tokens and Organizations.

Each view reads properties of the objects in ``awsbasics.iam.identities`` and
``awsbasics.iam.federation``; nothing here decides access.
"""

from __future__ import annotations

import json

from awsbasics.display import escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote
from awsbasics.display.iam import decision_view

__all__ = [
    "user_view",
    "session_view",
    "check_view",
    "tokens_view",
    "organization_view",
    "permission_set_view",
    "identity_center_view",
    "user_bundle",
    "session_bundle",
    "check_bundle",
    "tokens_bundle",
    "web_check_bundle",
    "organization_dot",
    "organization_diagram",
]


def _first_line(obj) -> str:
    return obj.text().split("\n", 1)[0]


def _policies_html(title: str, policies) -> dict[str, str]:
    rows = [[how, policy.name or "(unnamed)", len(policy.statements)] for how, policy in policies]
    table = html_table(["attached as", "policy", "statements"], rows) if rows else "<p><em>no policies</em></p>"
    return {"text/html": f"<p>{escape(title)}</p>{table}"}


def user_view(user) -> dict[str, str]:
    """An IAM user: who it is, then the policies that apply to it (own, then its groups')."""
    return _policies_html(_first_line(user), user.effective_policies())


def session_view(session) -> dict[str, str]:
    """A role session: who assumed the role, and the policies its requests are evaluated with."""
    return _policies_html(session.overview, session.effective_policies())


def check_view(check) -> dict[str, str]:
    """An AssumeRole or web-identity check: the verdict, then the evaluation's own view."""
    verdict = f"<p><strong>{escape(check.verdict)}</strong></p>"
    return {"text/html": verdict + decision_view(check.decision)["text/html"]}


def tokens_view(tokens) -> dict[str, str]:
    """The claims of the ID and access tokens, side by side."""
    id_claims = json.dumps(tokens.id_token, indent=2, ensure_ascii=False)
    access_claims = json.dumps(tokens.access_token, indent=2, ensure_ascii=False)
    return {
        "text/html": f"<p>{escape(_first_line(tokens))}</p><div style='display:flex;gap:1em'>"
        f"<div><strong>ID token claims</strong><pre>{escape(id_claims)}</pre></div>"
        f"<div><strong>Access token claims</strong><pre>{escape(access_claims)}</pre></div></div>"
    }


def permission_set_view(permission_set) -> dict[str, str]:
    """A permission set: its name and session length over the policies it provisions."""
    head, _, _ = permission_set.text().partition("\n")
    rows = [["AWS managed", m.name] for m in permission_set.managed_policies]
    rows += [
        ["customer managed (by name, must exist in the account)", n]
        for n in permission_set.customer_managed_policy_names
    ]
    if permission_set.inline_policy is not None:
        rows.append(["inline", f"{len(permission_set.inline_policy.statements)} statements"])
    if permission_set.permissions_boundary is not None:
        rows.append(["permissions boundary", permission_set.permissions_boundary.name])
    table = html_table(["policy", "name"], rows) if rows else "<p><em>no policies</em></p>"
    return {"text/html": f"<p>{escape(head)}</p>{table}"}


def identity_center_view(center) -> dict[str, str]:
    """An Identity Center instance: one row per account assignment and the role it became."""
    head, _, _ = center.text().partition("\n")
    rows = [[a.principal_name, a.permission_set.name, a.account_id, a.role.name] for a in center.assignments]
    table = (
        html_table(["assigned to", "permission set", "account", "role in the account"], rows)
        if rows
        else "<p><em>no account assignments</em></p>"
    )
    return {"text/html": f"<p>{escape(head)}</p>{table}"}


def _bundle(obj) -> dict[str, object]:
    """The object's MIME bundle (its own ``_repr_mimebundle_``)."""
    return obj._repr_mimebundle_()


# The names the bundles had before the display protocol, kept for old callers.
user_bundle = session_bundle = check_bundle = tokens_bundle = web_check_bundle = _bundle


# --- Organizations -----------------------------------------------------------------------------


def _scp_names(policies) -> str:
    return ", ".join(p.name or "(unnamed)" for p in policies)


def _rcp_line(policies) -> str:
    """A label line for RCPs beyond RCPFullAWSAccess (empty when only the default is attached)."""
    extra = [p.name or "(unnamed)" for p in policies if p.name != "RCPFullAWSAccess"]
    return f"\nRCPs: {', '.join(extra)}" if extra else ""


def organization_dot(org) -> str:
    """DOT for an organization: the root and OUs as folders, accounts as boxes, with their SCPs."""
    lines = [
        "digraph {",
        '  rankdir=TB; fontname="Helvetica"; nodesep=0.3; ranksep=0.45;',
        '  node [fontname="Helvetica", fontsize=10]; edge [color="#999999"];',
    ]

    def unit_node(unit) -> None:
        label = f"{unit.name}\nSCPs: {_scp_names(unit.scps)}{_rcp_line(getattr(unit, 'rcps', ()))}"
        lines.append(
            f'  {node_id("ou", unit.name)} [shape=folder, style=filled, fillcolor="#dbeaf7", '
            f'color="#0072B2", label={quote(label)}, tooltip={quote(label.replace(chr(10), " "))}];'
        )
        for account in unit.accounts:
            management = account.id == org.management.id
            levels = org.scp_levels(account)  # None: SCPs do not limit this account
            scps = "not limited by SCPs" if levels is None else f"SCPs: {_scp_names(levels[-1])}"
            kind = "management account" if management else "member account"
            rcp_levels = org.rcp_levels(account) if hasattr(org, "rcp_levels") else None
            rcps = _rcp_line(rcp_levels[-1]) if rcp_levels else ""
            label = f"{account.name} ({account.id})\n{kind}\n{scps}{rcps}"
            style = "filled,bold" if management else "filled"
            fill = "#fbe3c2" if management else "#ffffff"
            lines.append(
                f"  {node_id('acct', account.id)} [shape=box, style={quote(style)}, fillcolor={quote(fill)}, "
                f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
            )
            lines.append(f"  {node_id('ou', unit.name)} -> {node_id('acct', account.id)};")
        for child in unit.children:
            unit_node(child)
            lines.append(f"  {node_id('ou', unit.name)} -> {node_id('ou', child.name)};")

    unit_node(org.root)
    lines.append("}")
    return "\n".join(lines) + "\n"


def organization_diagram(org) -> Diagram:
    """The organization as a :class:`~awsbasics.display.diagram.Diagram` captioned with its text view."""
    return Diagram(organization_dot(org), org.text())


def organization_view(org) -> dict[str, str]:
    """An organization's rich view: its diagram."""
    return {"text/html": organization_diagram(org).html()}
