"""The IAM simulator is thin: controls -> Policy.from_json, Request, evaluate -> the Decision's view."""

import html
import json
import re

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.iam import Policy, evaluate  # noqa: E402
from awsbasics.widgets import iam_simulator  # noqa: E402
from awsbasics.widgets.iam import (  # noqa: E402
    DEFAULT_CONTEXT,
    DEFAULT_POLICY,
    DEFAULT_PRINCIPAL,
    DEFAULT_RESOURCE,
    UNKNOWN,
    default_principals,
)

# The condition keys AWS derives from the principal:
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    notes = [w for w in box.children if "awsbasics-iam-findings" in w._dom_classes]
    return controls, output, notes


def _text(markup):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_layout_and_first_view():
    box = iam_simulator()
    assert "awsbasics-widget" in box._dom_classes
    controls, output, notes = _parts(box)
    kinds = [type(c).__name__ for c in controls]
    assert kinds == ["Dropdown", "Text", "Dropdown", "Textarea", "Textarea", "Textarea"]
    assert [c.description for c in controls[:4]] == ["action", "resource", "principal", "context keys"]
    text = _text(output.value)
    assert text.startswith(f" Allow : s3:GetObject on {DEFAULT_RESOURCE} by {DEFAULT_PRINCIPAL}")
    assert "<svg" in output.value and "awsbasics-iam-deciding" in output.value
    assert _text(notes[0].value).startswith(" ✓ Valid : identity policy, 3 statements")
    assert "No resource-based policy" in notes[1].value


def test_output_is_the_decisions_own_view():
    box = iam_simulator()
    _, output, _ = _parts(box)
    alice = default_principals()[0]
    request = alice.request("s3:GetObject", DEFAULT_RESOURCE, context=DEFAULT_CONTEXT)
    assert request.context["aws:username"] == "alice" and request.principal == DEFAULT_PRINCIPAL
    decision = evaluate(
        request, identity_policies=[Policy.from_json(json.dumps(DEFAULT_POLICY, indent=2), kind="identity")]
    )
    assert output.value == decision._repr_mimebundle_()["text/html"]


def test_first_control_changes_the_output_text():
    box = iam_simulator()
    controls, output, _ = _parts(box)
    before = _text(output.value)
    first = controls[0]
    first.value = first.options[(first.options.index(first.value) + 1) % len(first.options)]
    assert _text(output.value) != before


@pytest.mark.parametrize(
    "action, context, expected",
    [
        ("s3:PutObject", DEFAULT_CONTEXT, "Allow"),
        ("s3:DeleteObject", DEFAULT_CONTEXT, "ExplicitDeny"),  # outside the office network
        ("s3:DeleteObject", {"aws:SourceIp": "203.0.113.9"}, "Allow"),
        ("s3:PutObject", {"aws:username": "bob"}, "Allow"),  # a typed aws:username is ignored: the principal is alice
        ("ec2:RunInstances", DEFAULT_CONTEXT, "ImplicitDeny"),
    ],
)
def test_decisions_follow_the_controls(action, context, expected):
    box = iam_simulator()
    controls, output, _ = _parts(box)
    controls[3].value = json.dumps(context)
    controls[0].value = action
    assert _text(output.value).startswith(f" {expected} : {action}")


def test_policy_errors_and_findings_show_inline():
    box = iam_simulator()
    controls, output, notes = _parts(box)
    controls[4].value = '{"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}'
    assert "AWS would reject this policy: Statement[0].Effect: 'Permit' is not an effect" in _text(notes[0].value)
    assert "Not allowed:" in _text(output.value)
    controls[4].value = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
    findings = _text(notes[0].value)
    assert "wildcard-action" in findings and "wildcard-resource" in findings
    assert _text(output.value).startswith(" Allow :")
    controls[4].value = "{not json"
    assert "not valid JSON" in _text(notes[0].value)


def test_resource_policy_box():
    box = iam_simulator(
        policy={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}
    )
    controls, output, notes = _parts(box)
    assert _text(output.value).startswith(" ImplicitDeny : s3:GetObject")
    controls[5].value = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": DEFAULT_PRINCIPAL},
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::reports/*",
                }
            ],
        }
    )
    assert _text(output.value).startswith(" Allow : s3:GetObject")
    assert "✓ Valid : resource policy" in _text(notes[1].value)
    controls[5].value = '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'
    assert "needs Principal" in _text(notes[1].value) and "Not allowed:" in _text(output.value)


@pytest.mark.parametrize(
    "index, value, message",
    [
        (1, "bucket/key", "is not a resource: use its ARN"),
        (3, "{", "context: not valid JSON"),
        (3, "[1]", "context: write a JSON object"),
        (3, '{"aws:username": null}', "null is not a context value"),
        (3, '{"k": {"a": 1}}', "is not a context value"),
        (3, '{"k:a": 1, "k:a": 2}', "the key 'k:a' appears twice"),
        (3, "[" * 200_000, "characters is more than the 100,000 parse_context reads"),
    ],
)
def test_invalid_input_shows_the_rule_instead_of_raising(index, value, message):
    box = iam_simulator()
    controls, output, _ = _parts(box)
    controls[index].value = value
    assert "Not allowed:" in _text(output.value)
    assert message in _text(output.value)


def test_empty_principal_means_unknown():
    box = iam_simulator()
    controls, output, _ = _parts(box)
    controls[2].value = UNKNOWN
    assert _text(output.value).startswith(f" Allow : s3:GetObject on {DEFAULT_RESOURCE} ")
    assert " by " not in _text(output.value).split("n_request")[0]


def _keys(box):
    return next(w for w in box.children if "awsbasics-iam-principal-keys" in w._dom_classes)


def test_the_principal_keys_come_from_the_chosen_identity():
    box = iam_simulator()
    controls, output, _ = _parts(box)
    assert [o.split(" - ")[0] for o in controls[2].options] == [
        "user alice",
        "user bob",
        "role Auditor (session alice-audit)",
        "root user (111122223333)",
        UNKNOWN,
    ]
    shown = _text(_keys(box).value)
    assert "aws:username alice" in shown and "aws:PrincipalType User" in shown
    controls[2].value = controls[2].options[1]  # bob: his own folder only
    controls[0].value = "s3:PutObject"
    assert _text(output.value).startswith(" ImplicitDeny : s3:PutObject")  # reports/alice/... is not bob's
    controls[2].value = controls[2].options[2]  # a role session has no aws:username
    shown = _text(_keys(box).value)
    assert "aws:username" not in shown and "aws:PrincipalType AssumedRole" in shown
    assert "aws:PrincipalArn arn:aws:iam::111122223333:role/Auditor" in shown
    controls[3].value = '{"aws:username": "alice", "aws:SourceIp": "198.51.100.7"}'
    assert "Ignored from the context box: aws:username" in _text(_keys(box).value)


def test_the_root_user_is_not_limited_by_the_policy_box():
    box = iam_simulator()
    controls, output, _ = _parts(box)
    controls[2].value = controls[2].options[3]
    controls[0].value = "s3:DeleteBucket"
    assert _text(output.value).startswith(" Allow : s3:DeleteBucket")


def test_principals_must_be_modelled():
    with pytest.raises(ValueError, match="not one of the modelled identities"):
        iam_simulator(principal="arn:aws:iam::999999999999:user/eve")
    with pytest.raises(TypeError, match="modelled identities"):
        iam_simulator(principals=["arn:aws:iam::111122223333:user/alice"])
    chosen = default_principals()[1:2]
    box = iam_simulator(principals=chosen, principal=chosen[0].arn)
    assert _parts(box)[0][2].value.startswith("user bob")


def test_options():
    box = iam_simulator(actions=["sqs:SendMessage"], action="sqs:ReceiveMessage", context={})
    controls, output, _ = _parts(box)
    assert list(controls[0].options) == ["sqs:ReceiveMessage", "sqs:SendMessage"]
    assert _text(output.value).startswith(" ImplicitDeny : sqs:ReceiveMessage")
    with pytest.raises(TypeError):
        iam_simulator(actions=[])
    with pytest.raises(TypeError):
        iam_simulator(context="aws:username=alice")
    with pytest.raises(TypeError):
        iam_simulator(policy=42)


@pytest.mark.parametrize(
    "index, value, message",
    [
        (3, "[" * 50_000, "nested too deeply"),
        (3, '{"k": ' + "1" * 5_000 + "}", "more than 4,300 digits"),
        (3, '{"k": NaN}', "context"),
        (1, "arn:aws:s3:::\ud800" + "a" * 3_000, "lone surrogate"),
        (4, "[" * 50_000, "nested too deeply"),
        (4, "x" * 200_000, ""),
        (5, '{"Statement": 1e999}', ""),
    ],
)
def test_hostile_text_in_any_box_never_escapes_the_observer(index, value, message):
    box = iam_simulator()
    controls, output, notes = _parts(box)
    controls[index].value = value  # an escaping exception would fail the test here
    shown = _text(output.value) + " ".join(_text(n.value) for n in notes)
    assert "Not allowed:" in _text(output.value) or "reject" in shown
    assert message in shown


def test_pathological_wildcards_are_answered_at_once():
    import time

    pattern = "a*" * 9 + "b"
    box = iam_simulator()
    controls, output, _ = _parts(box)
    controls[3].value = json.dumps({"aws:username": "a" * 200})
    controls[1].value = "arn:aws:s3:::" + "a" * 200
    started = time.monotonic()
    controls[4].value = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Pathological",
                    "Effect": "Allow",
                    "Action": "s3:" + pattern,
                    "Resource": "arn:aws:s3:::" + pattern,
                    "Condition": {"StringLike": {"aws:username": pattern}},
                }
            ],
        }
    )
    assert time.monotonic() - started < 5
    assert _text(output.value).startswith(" ImplicitDeny")


def test_show_turns_value_type_and_recursion_errors_into_the_rule():
    from awsbasics.widgets._common import output_area, show

    area = output_area()
    for error in (ValueError("bad <value>"), TypeError("count must be int"), RecursionError("deep")):

        def fail(error=error):
            raise error

        show(area, fail)
        assert "Not allowed:" in area.value and "<value>" not in area.value
    show(area, lambda: (_ for _ in ()).throw(ValueError("x" * 10_000)))
    assert len(area.value) < 2_500
    with pytest.raises(KeyError):  # a bug, not a rule: still raised
        show(area, lambda: {}["missing"])


def test_the_action_list_comes_from_the_action_catalog():
    """The simulator offers real action names only (Service Authorization Reference via the action catalog)."""
    from awsbasics.iam.actions import is_action

    box = iam_simulator()
    options = list(_parts(box)[0][0].options)
    assert options[:2] == ["s3:GetObject", "s3:PutObject"]
    assert {"dynamodb:GetItem", "kms:Decrypt", "sts:AssumeRole", "lambda:InvokeFunction"} <= set(options)
    assert len(options) > 1000 and len(set(options)) == len(options)
    assert all(is_action(a) for a in options[::50])
