"""The IAM policy simulator widget: edit a policy, choose a request, see the decision and its trace.

The principal is picked from modelled identities (an IAM user, a role session, the root
user, ...); the condition keys AWS derives from it (``aws:username``,
``aws:PrincipalArn``, ``aws:PrincipalAccount``, ``aws:PrincipalType``) are shown, not
typed: the context box holds only what a request itself can carry.
"""

from __future__ import annotations

import json

from awsbasics.display import escape, html_table
from awsbasics.display.iam import findings_html, rejection_html
from awsbasics.errors import AwsRuleError
from awsbasics.iam import PRINCIPAL_KEYS, Account, Policy, Request, assume_role, evaluate, parse_context
from awsbasics.iam.actions import actions_matching
from awsbasics.iam.policy import CURRENT_VERSION
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, refusal_html, show

DEFAULT_POLICY = {
    "Version": CURRENT_VERSION,
    "Statement": [
        {
            "Sid": "ReadReports",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
        },
        {
            "Sid": "WriteOwnFolder",
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:DeleteObject"],
            "Resource": "arn:aws:s3:::reports/${aws:username}/*",
        },
        {
            "Sid": "DenyDeleteOutsideOffice",
            "Effect": "Deny",
            "Action": "s3:DeleteObject",
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        },
    ],
}
DEFAULT_ACTIONS = (
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:DeleteBucket",
    "ec2:RunInstances",
)
CATALOG_SERVICES = ("s3", "ec2", "iam", "sts", "dynamodb", "sqs", "kms", "lambda")  # the chapters' services
DEFAULT_RESOURCE = "arn:aws:s3:::reports/alice/q1.csv"
DEFAULT_PRINCIPAL = "arn:aws:iam::111122223333:user/alice"
DEFAULT_CONTEXT = {"aws:SourceIp": "198.51.100.7"}
UNKNOWN = "(unknown principal)"


def catalog_actions() -> list[str]:
    """The simulator's action list: the usual actions first, then every catalog action of the chapters' services."""
    listed = list(DEFAULT_ACTIONS)
    for service in CATALOG_SERVICES:
        listed += sorted(a for a in actions_matching(f"{service}:*") if a not in listed)
    return listed


def default_principals() -> list:
    """The modelled identities the simulator offers: two IAM users, a role session and the root user.

    None has policies of its own, so the policy box alone decides what they may do.
    """
    account = Account("111122223333", name="dev")
    alice = account.add_user("alice")
    bob = account.add_user("bob")
    auditor = account.add_role(
        "Auditor",
        trust_policy={
            "Version": CURRENT_VERSION,
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": alice.arn}, "Action": "sts:AssumeRole"}],
        },
    )
    return [alice, bob, assume_role(alice, auditor, session_name="alice-audit"), account.root]


def _label(principal) -> str:
    return f"{principal.label} - {principal.arn}"


def _keys_html(principal, dropped) -> str:
    """The keys AWS derives from the chosen principal, and any typed ones it ignores."""
    if principal is None:
        body = '<p><em>Unknown principal: no principal keys are set; a Principal element matches only "*".</em></p>'
    else:
        rows = [
            [key, value if isinstance(value, str) else ", ".join(map(str, value))]
            for key, value in principal.derived_keys().items()
        ]
        body = "<p>Set by AWS from the principal's credentials (not typed):</p>" + html_table(
            ["condition key", "value"], rows
        )
    if dropped:
        body += (
            f"<p><em>Ignored from the context box: {escape(', '.join(dropped))} - AWS sets these from the "
            "principal, a request cannot choose them.</em></p>"
        )
    return body


def _text(document) -> str:
    if document is None:
        return ""
    if isinstance(document, Policy):
        return document.to_json()
    if isinstance(document, str):
        return document
    if isinstance(document, dict):
        return json.dumps(document, indent=2, ensure_ascii=False)
    raise TypeError(f"a policy is JSON text, a dict or a Policy, not {type(document).__name__}")


def _notes(text: str, kind: str) -> str:
    """Inline feedback under a policy box: the rule AWS would reject it for, or its findings."""
    if kind == "resource" and not text.strip():
        return findings_html(None)  # the resource-based policy is optional
    try:
        return findings_html(Policy.from_json(text, kind=kind))
    except AwsRuleError as exc:
        return rejection_html(exc)
    except (ValueError, TypeError, RecursionError) as exc:  # never let an observer raise
        return refusal_html(exc)


def iam_simulator(
    *,
    policy=None,
    resource_policy=None,
    actions=None,
    action: str | None = None,
    resource: str = DEFAULT_RESOURCE,
    principal: str | None = DEFAULT_PRINCIPAL,
    context=None,
    principals=None,
):
    """See ``awsbasics.widgets.iam_simulator``.

    Args:
        policy: the identity-based policy to start with (JSON text, dict or Policy); it is
            evaluated as one more policy attached to the chosen principal.
        resource_policy: an optional resource-based policy to start with.
        actions: the actions offered in the action list (default: every action of the
            chapters' services in the IAM action catalog, the common ones first).
        action: the action selected first (default: the first of ``actions``).
        resource: the resource ARN of the request.
        principal: the ARN of the principal selected first (``None``: unknown).
        context: condition keys the request carries (a dict); keys AWS derives from the
            principal are ignored, with a note.
        principals: the modelled identities to choose from (users, role sessions, root
            users; default: :func:`default_principals`).
    """
    import ipywidgets as widgets

    actions = catalog_actions() if actions is None else list(actions)
    if not actions or not all(isinstance(a, str) for a in actions):
        raise TypeError("actions is a non-empty list of action names such as 's3:GetObject'")
    if action is not None and action not in actions:
        actions.insert(0, action)
    start_context = DEFAULT_CONTEXT if context is None else context
    if not isinstance(start_context, dict):
        raise TypeError(f"context must be a dict of condition keys, not {type(start_context).__name__}")
    modelled = default_principals() if principals is None else list(principals)
    for item in modelled:
        if not callable(getattr(item, "derived_keys", None)) or not callable(
            getattr(item, "evaluation_policies", None)
        ):
            raise TypeError(
                f"principals holds modelled identities (User, RoleSession, RootUser), not {type(item).__name__}"
            )
    by_label = {_label(p): p for p in modelled}
    if principal is not None and not any(p.arn == principal for p in modelled):
        raise ValueError(
            f"principal {principal!r} is not one of the modelled identities: "
            f"{', '.join(p.arn for p in modelled) or 'none'}"
        )
    first = next((label for label, p in by_label.items() if p.arn == principal), UNKNOWN)
    style = {"description_width": "110px"}
    wide = widgets.Layout(width="95%")
    pick = control(
        widgets.Dropdown(
            options=actions,
            value=action or actions[0],
            description="action",
            style=style,
            layout=widgets.Layout(width="460px"),
        )
    )
    target = control(
        widgets.Text(value=resource, description="resource", continuous_update=False, style=style, layout=wide)
    )
    who = control(
        widgets.Dropdown(options=[*by_label, UNKNOWN], value=first, description="principal", style=style, layout=wide)
    )
    derived = widgets.HTML()
    derived.add_class("awsbasics-iam-principal-keys")
    keys = control(
        widgets.Textarea(
            value=json.dumps(start_context, indent=1),
            description="context keys",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="95%", height="70px"),
        )
    )
    identity_box = control(
        widgets.Textarea(
            value=_text(DEFAULT_POLICY if policy is None else policy),
            continuous_update=False,
            layout=widgets.Layout(width="95%", height="200px"),
        )
    )
    resource_box = control(
        widgets.Textarea(
            value=_text(resource_policy),
            continuous_update=False,
            placeholder=f'{{"Version": "{CURRENT_VERSION}", "Statement": [{{"Effect": '
            '"Allow", "Principal": {"AWS": "..."}, ...}]}',
            layout=widgets.Layout(width="95%", height="90px"),
        )
    )
    identity_notes = widgets.HTML()
    identity_notes.add_class("awsbasics-iam-findings")
    resource_notes = widgets.HTML()
    resource_notes.add_class("awsbasics-iam-findings")
    result = output_area()

    def typed_context() -> tuple[dict, list]:
        typed = parse_context(keys.value)
        dropped = [key for key in typed if key.lower() in PRINCIPAL_KEYS]
        return {k: v for k, v in typed.items() if k.lower() not in PRINCIPAL_KEYS}, dropped

    def decide() -> str:
        chosen = by_label.get(who.value)
        typed, _ = typed_context()
        box_policy = Policy.from_json(identity_box.value, kind="identity")
        resource_text = resource_box.value.strip()
        resource_policy = Policy.from_json(resource_text, kind="resource") if resource_text else None
        if chosen is None:
            request = Request(pick.value, target.value.strip(), context=typed)
            return html_of(evaluate(request, identity_policies=[box_policy], resource_policy=resource_policy))
        request = chosen.request(pick.value, target.value.strip(), context=typed)
        options = chosen.evaluation_policies()
        if "identity_policies" in options:  # the root user has none: the box does not apply to it
            options["identity_policies"] = (*options["identity_policies"], box_policy)
        return html_of(evaluate(request, resource_policy=resource_policy, **options))

    def update(_change=None):
        identity_notes.value = _notes(identity_box.value, "identity")
        resource_notes.value = _notes(resource_box.value, "resource")
        try:
            dropped = typed_context()[1]
        except (ValueError, TypeError, RecursionError):
            dropped = []
        derived.value = _keys_html(by_label.get(who.value), dropped)
        show(result, decide)

    for widget in (pick, target, who, keys, identity_box, resource_box):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox(
        [
            pick,
            target,
            who,
            derived,
            keys,
            widgets.HTML("<b>Identity-based policy</b> (attached to the principal; edit it and click outside the box)"),
            identity_box,
            identity_notes,
            widgets.HTML("<b>Resource-based policy</b> (optional, attached to the resource; it needs a Principal)"),
            resource_box,
            resource_notes,
            result,
        ]
    )
    box.add_class(WIDGET_CLASS)
    return box
