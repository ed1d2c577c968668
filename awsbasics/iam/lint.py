"""Findings: size quotas a valid policy exceeds, and patterns the course advises against.

The course's advice: grant exactly what is needed (no ``*`` in Action or
Resource of an Allow), and do not allow by exclusion (Allow with NotAction,
NotResource or NotPrincipal). Quotas come from ``awsbasics/data/iam.json``.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics.iam.paths import join

__all__ = ["Finding", "lint", "size_findings", "MANAGED_POLICY_MAX_CHARS", "INLINE_POLICY_MAX_CHARS",
           "SESSION_POLICY_MAX_CHARS", "SCP_MAX_CHARS", "RCP_MAX_CHARS"]

MANAGED_POLICY_MAX_CHARS: int = data.value("iam", "managed_policy_max_chars")
INLINE_POLICY_MAX_CHARS: dict[str, int] = {
    "user": data.value("iam", "inline_user_policy_max_chars"),
    "group": data.value("iam", "inline_group_policy_max_chars"),
    "role": data.value("iam", "inline_role_policy_max_chars"),
}
SESSION_POLICY_MAX_CHARS: int = data.value("iam", "session_policy_max_chars")
SCP_MAX_CHARS: int = data.value("iam", "scp_max_chars")
RCP_MAX_CHARS: int = data.value("iam", "rcp_max_chars")


@dataclass(frozen=True, slots=True)
class Finding:
    """Advice about a valid policy: a size quota it exceeds, or a pattern to avoid.

    ``code`` is stable (``"wildcard-action"``), ``path`` points into the
    document, ``message`` says what and why.
    """

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def lint(statement, kind: str, findings: list) -> None:
    """Append the course's advice for one Allow statement (Deny statements may be as broad as needed)."""
    if statement.effect != "Allow":
        return
    path = statement.path
    if statement.action_element == "NotAction":
        findings.append(Finding("allow-not-action", join(path, "NotAction"),
                                "Allow with NotAction allows every action not listed, in every service, "
                                "including ones AWS adds later; list the actions to allow instead"))
    if statement.resource_element == "NotResource":
        findings.append(Finding("allow-not-resource", join(path, "NotResource"),
                                "Allow with NotResource allows every resource not listed, including new ones; "
                                "list the resources to allow instead"))
    if statement.principal_element == "NotPrincipal":
        findings.append(Finding("allow-not-principal", join(path, "NotPrincipal"),
                                "Allow with NotPrincipal allows everyone not listed, including anonymous users"))
    if kind not in ("identity", "resource", "session"):
        return  # SCPs and boundaries set maximums, where "*" is the usual starting point
    if statement.action_element == "Action":
        broad = [a for a in statement.actions if a == "*" or a.endswith(":*")]
        if broad:
            findings.append(Finding("wildcard-action", join(path, "Action"),
                                    f"Allow with Action {broad[0]!r} grants every action it covers; "
                                    "grant only the actions needed (least privilege)"))
    if statement.resource_element == "Resource" and any(r.text == "*" for r in statement.resources):
        findings.append(Finding("wildcard-resource", join(path, "Resource"),
                                "Allow with Resource \"*\" covers every resource; name the resources (ARNs) needed"))


def size_findings(kind: str, size_chars: int, text_chars: int, findings: list) -> None:
    """Size quotas: IAM does not count white space; Organizations counts what it stores."""
    if kind == "rcp":
        if text_chars > RCP_MAX_CHARS:
            findings.append(Finding("size-rcp", "", f"{text_chars:,} characters exceed the {RCP_MAX_CHARS:,}-character "
                                    "quota for an RCP (every character counts)"))
        return
    if kind == "scp":
        if text_chars > SCP_MAX_CHARS:
            findings.append(Finding("size-scp", "", f"{text_chars:,} characters exceed the {SCP_MAX_CHARS:,}-character "
                                    "quota for an SCP (white space outside quotes counts unless removed)"))
        return
    if kind == "session":
        if size_chars > SESSION_POLICY_MAX_CHARS:
            findings.append(Finding("size-session", "", f"{size_chars:,} characters exceed the "
                                    f"{SESSION_POLICY_MAX_CHARS:,}-character quota for session policies"))
        return
    if kind not in ("identity", "boundary"):
        return
    if size_chars > MANAGED_POLICY_MAX_CHARS:
        findings.append(Finding("size-managed", "", f"{size_chars:,} characters (without white space) exceed the "
                                f"{MANAGED_POLICY_MAX_CHARS:,}-character quota for a managed policy"))
    if kind == "identity":
        for entity, limit in INLINE_POLICY_MAX_CHARS.items():
            if size_chars > limit:
                findings.append(Finding(f"size-inline-{entity}", "", f"{size_chars:,} characters (without white space) "
                                        f"exceed the {limit:,}-character quota for all inline policies of an IAM {entity}"))
