"""Findings: size quotas a valid policy exceeds, and patterns the course and AWS advise against.

The course's advice: grant exactly what is needed (no ``*`` in Action or
Resource of an Allow), and do not allow by exclusion (Allow with NotAction,
NotResource or NotPrincipal). Beside it, three traps AWS documents: an action
the Service Authorization Reference does not list (a typo allows or denies
nothing), ``ForAllValues:`` on a key that may be absent (true when it is), and
a policy variable that may have no value where "no match" turns into a match
(``NotResource``, a negated operator). Quotas come from ``awsbasics/data/iam.json``.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

from awsbasics import data
from awsbasics._finding import Finding
from awsbasics.iam.paths import join
from awsbasics.iam.patterns import Variable

__all__ = [
    "Finding",
    "lint",
    "lint_actions",
    "lint_conditions",
    "size_findings",
    "MANAGED_POLICY_MAX_CHARS",
    "INLINE_POLICY_MAX_CHARS",
    "SESSION_POLICY_MAX_CHARS",
    "SCP_MAX_CHARS",
    "RCP_MAX_CHARS",
]

MANAGED_POLICY_MAX_CHARS: int = data.value("iam", "managed_policy_max_chars")
INLINE_POLICY_MAX_CHARS: dict[str, int] = {
    "user": data.value("iam", "inline_user_policy_max_chars"),
    "group": data.value("iam", "inline_group_policy_max_chars"),
    "role": data.value("iam", "inline_role_policy_max_chars"),
}
SESSION_POLICY_MAX_CHARS: int = data.value("iam", "session_policy_max_chars")
SCP_MAX_CHARS: int = data.value("iam", "scp_max_chars")
RCP_MAX_CHARS: int = data.value("iam", "rcp_max_chars")


def lint(statement, kind: str, findings: list) -> None:
    """Append the course's advice for one Allow statement (Deny statements may be as broad as needed)."""
    if statement.effect != "Allow":
        return
    path = statement.path
    if statement.action_element == "NotAction":
        findings.append(
            Finding(
                "allow-not-action",
                "warning",
                join(path, "NotAction"),
                "Allow with NotAction allows every action not listed, in every service, "
                "including ones AWS adds later; list the actions to allow instead",
            )
        )
    if statement.resource_element == "NotResource":
        findings.append(
            Finding(
                "allow-not-resource",
                "warning",
                join(path, "NotResource"),
                "Allow with NotResource allows every resource not listed, including new ones; "
                "list the resources to allow instead",
            )
        )
    if statement.principal_element == "NotPrincipal":
        findings.append(
            Finding(
                "allow-not-principal",
                "warning",
                join(path, "NotPrincipal"),
                "Allow with NotPrincipal allows everyone not listed, including anonymous users",
            )
        )
    if kind not in ("identity", "resource", "session"):
        return  # SCPs and boundaries set maximums, where "*" is the usual starting point
    if statement.action_element == "Action":
        broad = [a for a in statement.actions if a == "*" or a.endswith(":*")]
        if broad:
            findings.append(
                Finding(
                    "wildcard-action",
                    "warning",
                    join(path, "Action"),
                    f"Allow with Action {broad[0]!r} grants every action it covers; "
                    "grant only the actions needed (least privilege)",
                )
            )
    if statement.resource_element == "Resource" and any(r.text == "*" for r in statement.resources):
        findings.append(
            Finding(
                "wildcard-resource",
                "warning",
                join(path, "Resource"),
                'Allow with Resource "*" covers every resource; name the resources (ARNs) needed',
            )
        )


SUGGESTIONS_PER_STATEMENT = 10  # "did you mean" compares against a whole service's actions: done for the first few


def lint_actions(statement, findings: list) -> None:
    """Flag action names (and action patterns) that match no action of the Service Authorization Reference."""
    from awsbasics.iam.actions import actions_matching, is_action, is_service, suggest_action

    path = join(statement.path, statement.action_element)
    suggestions_left = SUGGESTIONS_PER_STATEMENT  # "did you mean" is looked up for the first few unknown names
    for action in statement.actions:
        if action == "*":
            continue
        service, _, name = action.partition(":")
        if not is_service(service):
            findings.append(
                Finding(
                    "unknown-action",
                    "warning",
                    path,
                    f"{action!r}: no AWS service has the prefix {service!r}, so this matches no action",
                )
            )
            continue
        if "*" in name or "?" in name:
            if not actions_matching(action):
                findings.append(
                    Finding("unknown-action", "warning", path, f"{action!r} matches no action of {service}")
                )
            continue
        if is_action(action):
            continue
        hint = suggest_action(action) if suggestions_left > 0 else None
        suggestions_left -= 1
        findings.append(
            Finding(
                "unknown-action",
                "warning",
                path,
                f"{action!r} is not an action of {service} in the Service Authorization Reference, so "
                f"it {'allows' if statement.effect == 'Allow' else 'denies'} nothing"
                + (f"; did you mean {hint!r}?" if hint else ""),
            )
        )


def lint_conditions(statement, findings: list) -> None:
    """``ForAllValues:`` on a key that may be absent, and variables that may have no value where that matches."""
    if statement.effect == "Allow":
        guarded = {
            c.key_lower
            for c in statement.conditions
            if c.name == "Null" and all(str(v).lower() == "false" for v in c.values)
        }
        for condition in statement.conditions:
            if condition.qualifier == "ForAllValues" and condition.key_lower not in guarded:
                findings.append(
                    Finding(
                        "forallvalues-absent-key",
                        "warning",
                        condition.path,
                        f"ForAllValues: is true when the request has no {condition.key} at all, so this Allow also "
                        f'applies to requests without it; add "Null": {{"{condition.key}": "false"}} or use '
                        "ForAnyValue:",
                    )
                )
    places = []
    if statement.resource_element == "NotResource":
        places += [(join(statement.path, "NotResource"), r.template) for r in statement.resources if r.template]
    for condition in statement.conditions:
        if condition.negated:
            places += [(condition.path, v) for v in condition.templates]
    for path, template in places:
        missing = [p.key for p in template.parts if isinstance(p, Variable) and p.default is None]
        if missing:
            findings.append(
                Finding(
                    "variable-without-value",
                    "warning",
                    path,
                    f"${{{missing[0]}}} has no default: in a request without {missing[0]} it matches nothing, and here "
                    "(NotResource or a negated operator) matching nothing makes the statement apply; give a default, "
                    f"e.g. ${{{missing[0]}, 'none'}}",
                )
            )


def size_findings(kind: str, size_chars: int, text_chars: int, findings: list) -> None:
    """Size quotas: IAM does not count white space; Organizations counts what it stores."""
    if kind == "rcp":
        if text_chars > RCP_MAX_CHARS:
            findings.append(
                Finding(
                    "size-rcp",
                    "error",
                    "",
                    f"{text_chars:,} characters exceed the {RCP_MAX_CHARS:,}-character "
                    "quota for an RCP (every character counts)",
                )
            )
        return
    if kind == "scp":
        if text_chars > SCP_MAX_CHARS:
            findings.append(
                Finding(
                    "size-scp",
                    "error",
                    "",
                    f"{text_chars:,} characters exceed the {SCP_MAX_CHARS:,}-character "
                    "quota for an SCP (white space outside quotes counts unless removed)",
                )
            )
        return
    if kind == "session":
        if size_chars > SESSION_POLICY_MAX_CHARS:
            findings.append(
                Finding(
                    "size-session",
                    "error",
                    "",
                    f"{size_chars:,} characters exceed the "
                    f"{SESSION_POLICY_MAX_CHARS:,}-character quota for session policies",
                )
            )
        return
    if kind not in ("identity", "boundary"):
        return
    if size_chars > MANAGED_POLICY_MAX_CHARS:
        findings.append(
            Finding(
                "size-managed",
                "error",
                "",
                f"{size_chars:,} characters (without white space) exceed the "
                f"{MANAGED_POLICY_MAX_CHARS:,}-character quota for a managed policy",
            )
        )
    if kind == "identity":
        for entity, limit in INLINE_POLICY_MAX_CHARS.items():
            if size_chars > limit:
                findings.append(
                    Finding(
                        f"size-inline-{entity}",
                        "error",
                        "",
                        f"{size_chars:,} characters (without white space) "
                        f"exceed the {limit:,}-character quota for all inline policies of an IAM {entity}",
                    )
                )
