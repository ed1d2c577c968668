"""The IAM policy simulator widget: edit a policy, choose a request, see the decision and its trace."""

from __future__ import annotations

import json

from awsbasics.display.iam import findings_html, rejection_html
from awsbasics.errors import AwsRuleError
from awsbasics.iam import Policy, Request, evaluate, parse_context
from awsbasics.iam.policy import CURRENT_VERSION
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, refusal_html, show

DEFAULT_POLICY = {
    "Version": CURRENT_VERSION,
    "Statement": [
        {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]},
        {"Sid": "WriteOwnFolder", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::reports/${aws:username}/*"},
        {"Sid": "DenyDeleteOutsideOffice", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
    ],
}
DEFAULT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:DeleteBucket",
                   "ec2:RunInstances")
DEFAULT_RESOURCE = "arn:aws:s3:::reports/alice/q1.csv"
DEFAULT_PRINCIPAL = "arn:aws:iam::111122223333:user/alice"
DEFAULT_CONTEXT = {"aws:username": "alice", "aws:SourceIp": "198.51.100.7"}


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


def iam_simulator(*, policy=None, resource_policy=None, actions=DEFAULT_ACTIONS, action: str | None = None,
                  resource: str = DEFAULT_RESOURCE, principal: str | None = DEFAULT_PRINCIPAL, context=None):
    """See ``awsbasics.widgets.iam_simulator``.

    Args:
        policy: the identity-based policy to start with (JSON text, dict or Policy).
        resource_policy: an optional resource-based policy to start with.
        actions: the actions offered in the action list.
        action: the action selected first (default: the first of ``actions``).
        resource: the resource ARN of the request.
        principal: the requester's ARN (``None`` or empty: unknown).
        context: condition keys of the request (a dict).
    """
    import ipywidgets as widgets

    actions = list(actions)
    if not actions or not all(isinstance(a, str) for a in actions):
        raise TypeError("actions is a non-empty list of action names such as 's3:GetObject'")
    if action is not None and action not in actions:
        actions.insert(0, action)
    start_context = DEFAULT_CONTEXT if context is None else context
    if not isinstance(start_context, dict):
        raise TypeError(f"context must be a dict of condition keys, not {type(start_context).__name__}")
    style = {"description_width": "110px"}
    wide = widgets.Layout(width="95%")
    pick = control(widgets.Dropdown(options=actions, value=action or actions[0], description="action",
                                    style=style, layout=widgets.Layout(width="460px")))
    target = control(widgets.Text(value=resource, description="resource", continuous_update=False,
                                  style=style, layout=wide))
    who = control(widgets.Text(value=principal or "", description="principal", continuous_update=False,
                               placeholder="arn:aws:iam::111122223333:user/alice (empty: unknown)",
                               style=style, layout=wide))
    keys = control(widgets.Textarea(value=json.dumps(start_context, indent=1), description="context keys",
                                    continuous_update=False, style=style,
                                    layout=widgets.Layout(width="95%", height="70px")))
    identity_box = control(widgets.Textarea(value=_text(DEFAULT_POLICY if policy is None else policy),
                                            continuous_update=False,
                                            layout=widgets.Layout(width="95%", height="200px")))
    resource_box = control(widgets.Textarea(value=_text(resource_policy), continuous_update=False,
                                            placeholder=f'{{"Version": "{CURRENT_VERSION}", "Statement": [{{"Effect": '
                                                        '"Allow", "Principal": {"AWS": "..."}, ...}]}',
                                            layout=widgets.Layout(width="95%", height="90px")))
    identity_notes = widgets.HTML()
    identity_notes.add_class("awsbasics-iam-findings")
    resource_notes = widgets.HTML()
    resource_notes.add_class("awsbasics-iam-findings")
    result = output_area()

    def decide() -> str:
        request = Request(pick.value, target.value.strip(), principal=who.value.strip() or None,
                          context=parse_context(keys.value))
        resource_text = resource_box.value.strip()
        decision = evaluate(request, identity_policies=[Policy.from_json(identity_box.value, kind="identity")],
                            resource_policy=Policy.from_json(resource_text, kind="resource") if resource_text else None)
        return html_of(decision)

    def update(_change=None):
        identity_notes.value = _notes(identity_box.value, "identity")
        resource_notes.value = _notes(resource_box.value, "resource")
        show(result, decide)

    for widget in (pick, target, who, keys, identity_box, resource_box):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([
        pick, target, who, keys,
        widgets.HTML("<b>Identity-based policy</b> (attached to the principal; edit it and click outside the box)"),
        identity_box, identity_notes,
        widgets.HTML("<b>Resource-based policy</b> (optional, attached to the resource; it needs a Principal)"),
        resource_box, resource_notes, result,
    ])
    box.add_class(WIDGET_CLASS)
    return box
