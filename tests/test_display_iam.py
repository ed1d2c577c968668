"""Displays of IAM decisions and policies: flowchart with the taken path, annotated JSON, text twins."""

import re

import pytest

from awsbasics.display import iam as display_iam
from awsbasics.display.diagram import Diagram
from awsbasics.iam import Policy, Request, evaluate

USER = "arn:aws:iam::111122223333:user/alice"
OBJECT = "arn:aws:s3:::reports/<q1>.csv"

IDENTITY = Policy.from_json({"Version": "2012-10-17", "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
    {"Sid": "Ec2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
    {"Sid": "Team", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/team": "red"}}},
]}, name="Reader")
DENY_LOGS = Policy.from_json({"Version": "2012-10-17", "Statement": [
    {"Sid": "NoReports", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}]})


def allowed():
    return evaluate(Request("s3:GetObject", OBJECT, principal=USER, context={"aws:PrincipalTag/team": "blue"}),
                    identity_policies=[IDENTITY])


def denied():
    return evaluate(Request("s3:GetObject", OBJECT, principal=USER), identity_policies=[IDENTITY, DENY_LOGS])


def edge(dot, start, end):
    match = re.search(rf"  n_{start} -> n_{end} \[([^\]]*)\];", dot)
    assert match, (start, end)
    return match.group(1)


def test_flowchart_draws_the_taken_path_thick():
    dot = display_iam.flowchart_dot(allowed())
    for start, end in [("request", "deny"), ("deny", "scp"), ("scp", "resource"), ("resource", "identity"),
                       ("identity", "boundary"), ("boundary", "session"), ("session", "Allow")]:
        assert 'color="#0072B2"' in edge(dot, start, end) and "penwidth=3" in edge(dot, start, end)
    for start, end in [("deny", "ExplicitDeny"), ("identity", "ImplicitDeny"), ("resource", "Allow")]:
        attrs = edge(dot, start, end)
        assert 'color="#999999"' in attrs and "style=dashed" in attrs
    assert re.search(r'n_Allow \[shape=box, label="Allow", style="filled,bold"', dot)
    assert '(none given)' in dot  # SCPs, resource policy, boundary and session policy were not given
    assert dot.isascii()


def test_flowchart_for_an_explicit_deny_stops_at_the_first_step():
    dot = display_iam.flowchart_dot(denied())
    assert "penwidth=3" in edge(dot, "deny", "ExplicitDeny")
    assert "penwidth=3" not in edge(dot, "deny", "scp")


def test_flowchart_shows_the_root_user_step_only_for_the_root_user():
    root = evaluate(Request("s3:GetObject", OBJECT, principal="arn:aws:iam::111122223333:root"))
    dot = display_iam.flowchart_dot(root)
    assert "penwidth=3" in edge(dot, "scp", "root") and "penwidth=3" in edge(dot, "root", "Allow")
    assert "n_root" not in display_iam.flowchart_dot(allowed())


def test_flowchart_diagram_summary_names_the_path():
    diagram = denied().diagram()
    assert isinstance(diagram, Diagram) and diagram == display_iam.flowchart(denied())
    assert diagram.caption == f"ExplicitDeny: s3:GetObject on {OBJECT} by {USER} (path: Explicit Deny -> Explicit Deny)"


def test_decision_text_is_the_plain_twin():
    text = allowed()._repr_mimebundle_()["text/plain"]
    assert text.startswith(f"Allow: s3:GetObject on {OBJECT} by {USER}\nEvaluation:\n  1. Deny evaluation:")
    assert "Deciding statements:\n  - identity[0] Reader Statement[0] (Read): Allow" in text
    assert "  Statement[1] (Ec2) Allow: no match - action: s3:GetObject is not matched by Action [ec2:*]" in text
    assert ("  Statement[2] (Team) Allow: no match - condition StringEquals aws:PrincipalTag/team: "
            "request value 'blue', policy ['red']") in text


def test_decision_html_has_flowchart_trace_and_annotated_policies():
    html = allowed()._repr_mimebundle_()["text/html"]
    assert "<svg" in html and "<ol><li><strong>Deny evaluation</strong>" in html
    assert "<h4>identity[0] Reader</h4>" in html
    blocks = re.findall(r'<span class="awsbasics-iam-statement awsbasics-iam-([a-z-]+)" data-path="([^"]+)"', html)
    assert blocks == [("deciding", "Statement[0]"), ("no-match", "Statement[1]"), ("no-match", "Statement[2]")]
    assert "// DECIDING: Allow" in html
    assert "// no match - action: s3:GetObject is not matched by Action [ec2:*]" in html
    assert "condition StringEquals aws:PrincipalTag/team" in html
    # User strings are escaped everywhere.
    assert "<q1>" not in html and "&lt;q1&gt;" in html


def test_deny_blocks_and_not_deciding_allows_are_marked():
    html = denied()._repr_mimebundle_()["text/html"]
    assert "// DECIDING: Deny" in html and "rgba(213,94,0,0.18)" in html
    assert "// applies (Allow) but did not decide" in html


def test_policy_json_in_the_html_is_the_document():
    html = display_iam.policy_html(DENY_LOGS)
    text = re.sub(r"<[^>]+>", "", html).replace("&quot;", '"')
    assert text.startswith('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "NoReports"')
    assert text.endswith("  ]\n}")


def test_html_without_a_renderer_still_shows_the_policies(monkeypatch):
    def missing(dot):
        raise RuntimeError("no Graphviz here")

    monkeypatch.setattr(display_iam, "render_svg", missing)
    html = allowed()._repr_mimebundle_()["text/html"]
    assert "<svg" not in html and "Flowchart unavailable (RuntimeError: no Graphviz here)" in html
    assert "// DECIDING: Allow" in html


def test_a_broken_display_degrades_to_text(monkeypatch):
    decision = allowed()

    def broken(label):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(decision), "statuses", lambda self, label: broken(label))
    bundle = decision._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith(decision.summary())
    assert "(RuntimeError: boom)" in bundle["text/plain"]


@pytest.mark.parametrize("with_findings", [True, False])
def test_policy_bundle(with_findings):
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Public <b>", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::site/*"}]}
    if with_findings:
        document["Statement"][0]["Action"] = "s3:*"
    policy = Policy.from_json(document, name="Site")
    bundle = policy._repr_mimebundle_()
    findings = 1 if with_findings else 0
    assert bundle["text/plain"].startswith(
        f"Site resource policy, 1 statement, {policy.size_chars} characters without white space, {findings} findings")
    assert '"Sid": "Public <b>"' in bundle["text/plain"]
    html = bundle["text/html"]
    assert "Public &lt;b&gt;" in html and "Public <b>" not in html
    assert ("<table" in html) is with_findings
    assert ("wildcard-action" in bundle["text/plain"]) is with_findings
