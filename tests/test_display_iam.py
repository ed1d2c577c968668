"""Displays of IAM decisions, policies, identities and organizations: flowchart, annotated JSON, views."""

import datetime as dt
import re

import pytest

from awsbasics.display import iam as display_iam
from awsbasics.display import identity as display_identity
from awsbasics.display.diagram import Diagram
from awsbasics.iam import (
    Account,
    Policy,
    PolicyError,
    Request,
    UserPool,
    assume_role,
    check_assume_role,
    evaluate,
    landing_zone,
)

USER = "arn:aws:iam::111122223333:user/alice"
OBJECT = "arn:aws:s3:::reports/<q1>.csv"

IDENTITY = Policy.from_json(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
            {"Sid": "Ec2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
            {
                "Sid": "Team",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "red"}},
            },
        ],
    },
    name="Reader",
)
DENY_LOGS = Policy.from_json(
    {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "NoReports", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}],
    }
)


def allowed():
    return evaluate(
        Request("s3:GetObject", OBJECT, principal=USER, context={"aws:PrincipalTag/team": "blue"}),
        identity_policies=[IDENTITY],
    )


def denied():
    return evaluate(Request("s3:GetObject", OBJECT, principal=USER), identity_policies=[IDENTITY, DENY_LOGS])


def edge(dot, start, end):
    match = re.search(rf"  n_{start} -> n_{end} \[([^\]]*)\];", dot)
    assert match, (start, end)
    return match.group(1)


def test_flowchart_draws_the_taken_path_thick():
    dot = display_iam.flowchart_dot(allowed())
    for start, end in [
        ("request", "deny"),
        ("deny", "scp"),
        ("scp", "resource"),
        ("resource", "identity"),
        ("identity", "boundary"),
        ("boundary", "session"),
        ("session", "Allow"),
    ]:
        assert 'color="#0072B2"' in edge(dot, start, end) and "penwidth=3" in edge(dot, start, end)
    for start, end in [("deny", "ExplicitDeny"), ("identity", "ImplicitDeny"), ("resource", "Allow")]:
        attrs = edge(dot, start, end)
        assert 'color="#999999"' in attrs and "style=dashed" in attrs
    assert re.search(r'n_Allow \[shape=box, label="Allow", style="filled,bold"', dot)
    assert "(none given)" in dot  # SCPs, resource policy, boundary and session policy were not given
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
    assert (
        "  Statement[2] (Team) Allow: no match - condition StringEquals aws:PrincipalTag/team: "
        "request value 'blue', policy ['red']"
    ) in text


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


def test_a_broken_rich_view_degrades_to_the_text_view(monkeypatch):
    decision = allowed()

    def broken(policy, statuses=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(display_iam, "policy_html", broken)
    bundle = decision._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"] == decision.text() + "\n(rich view unavailable - RuntimeError: boom)"


def test_views_return_only_the_rich_entries():
    decision = allowed()
    assert set(display_iam.decision_view(decision)) == {"text/html"}
    assert display_iam.decision_view(decision)["text/html"] == decision._repr_mimebundle_()["text/html"]
    # The names of the bundles before the display protocol still give the whole bundle.
    assert display_iam.decision_bundle(decision) == decision._repr_mimebundle_()
    assert display_iam.decision_text(decision) == decision.text()
    assert display_iam.policy_bundle(IDENTITY) == IDENTITY._repr_mimebundle_()


def test_flowchart_nodes_come_from_the_decisions_flow():
    dot = display_iam.flowchart_dot(allowed())
    assert 'n_identity [shape=diamond, label="Identity-based\\npolicies allow?", style="solid"' in dot
    assert 'n_scp [shape=diamond, label="Do the SCPs allow?\\n(every level)\\n(none given)", style="dashed"' in dot
    assert 'n_ImplicitDeny [shape=box, label="Implicit Deny", style="filled"' in dot
    assert 'n_request -> n_deny [label="", color="#0072B2"' in dot


def test_findings_html_for_the_policy_editor():
    policy = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::<b>/*"}],
        }
    )
    html = display_iam.findings_html(policy)
    assert html.startswith('<div style="color:#009E73"><b>&#10003; Valid</b>: identity policy, 1 statement, ')
    assert (
        '<div style="color:#E69F00"><b>Findings</b><ul><li><code>wildcard-action</code> Statement[0].Action: '
    ) in html
    assert "<b>/" not in html
    clean = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}],
        }
    )
    assert "Findings" not in display_iam.findings_html(clean)
    assert display_iam.findings_html(None) == (
        "<small><em>No resource-based policy: the request is decided by the identity-based policy.</em></small>"
    )


def test_rejection_html_escapes_the_rule():
    with pytest.raises(PolicyError) as caught:
        Policy.from_json({"Statement": [{"Effect": "<Permit>", "Action": "*", "Resource": "*"}]})
    html = display_iam.rejection_html(caught.value)
    assert html == (
        '<div style="color:#D55E00"><b>&#10007; AWS would reject this policy:</b> '
        "Statement[0].Effect: &#x27;&lt;Permit&gt;&#x27; is not an effect: use &quot;Allow&quot; or "
        "&quot;Deny&quot;</div>"
    )


@pytest.mark.parametrize("with_findings", [True, False])
def test_policy_bundle(with_findings):
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Public <b>",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::site/*",
            }
        ],
    }
    if with_findings:
        document["Statement"][0]["Action"] = "s3:*"
    policy = Policy.from_json(document, name="Site")
    bundle = policy._repr_mimebundle_()
    findings = 1 if with_findings else 0
    assert bundle["text/plain"].startswith(
        f"Site resource policy, 1 statement, {policy.size_chars} characters without white space, {findings} findings"
    )
    assert bundle["text/plain"] == policy.text() and bundle["text/plain"].endswith(policy.to_json())
    assert '"Sid": "Public <b>"' in bundle["text/plain"]
    html = bundle["text/html"]
    assert html.startswith(f"<p>Site resource policy, 1 statement, {policy.size_chars} characters without white ")
    assert "Public &lt;b&gt;" in html and "Public <b>" not in html
    assert ("<table" in html) is with_findings
    assert ("wildcard-action" in bundle["text/plain"]) is with_findings


# --- identities, tokens and organizations ------------------------------------------------------------


@pytest.fixture
def account():
    return Account("111122223333", name="dev")


def test_user_and_session_views_list_their_policies(account):
    user = account.add_user("alice")
    assert display_identity.user_view(user) == {
        "text/html": "<p>IAM user alice (arn:aws:iam::111122223333:user/alice), groups: none</p>"
        "<p><em>no policies</em></p>"
    }
    user.put_inline_policy(
        "Own<b>",
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]},
    )
    assert (
        "<tr><td>user: inline Own&lt;b&gt;</td><td>alice/Own&lt;b&gt; (inline)</td><td>1</td></tr>"
        in display_identity.user_view(user)["text/html"]
    )
    role = account.add_role(
        "Auditor",
        trust_policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": user.arn}, "Action": "sts:AssumeRole"}],
        },
    )
    session = assume_role(
        user,
        role,
        session_name="s1",
        session_policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        },
    )
    html = display_identity.session_view(session)["text/html"]
    assert html.startswith(f"<p>{session.overview}</p><table")
    assert "<tr><td>session policy</td><td>session policy of s1</td><td>1</td></tr>" in html
    assert display_identity.session_bundle(session) == session._repr_mimebundle_()


def test_check_view_is_the_verdict_over_the_decision(account):
    user = account.add_user("alice")
    role = account.add_role(
        "Auditor",
        trust_policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": user.arn}, "Action": "sts:AssumeRole"}],
        },
    )
    check = check_assume_role(account.add_user("bob"), role)
    html = display_identity.check_view(check)["text/html"]
    assert html == (f"<p><strong>{check.verdict}</strong></p>" + display_iam.decision_view(check.decision)["text/html"])
    assert html.startswith("<p><strong>DENIED: arn:aws:iam::111122223333:user/bob may not assume")


def test_tokens_view_shows_both_tokens_claims():
    pool = UserPool("shop-users", region="ap-northeast-2")
    app = pool.add_app_client("web")
    pool.add_user("jane", "pw", attributes={"email": "<jane>@example.com"})
    tokens = pool.sign_in("jane", "pw", client=app, at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    html = display_identity.tokens_view(tokens)["text/html"]
    assert html.startswith(f"<p>tokens for jane from {pool.issuer} (app client {app.client_id}), groups: none; ")
    assert "<strong>ID token claims</strong><pre>{\n  &quot;sub&quot;" in html
    assert "<strong>Access token claims</strong>" in html
    assert "&lt;jane&gt;@example.com" in html and "<jane>" not in html


def test_organization_diagram_reads_the_scps_from_the_organization():
    org = landing_zone(allowed_regions=("ap-northeast-2",))
    dot = display_identity.organization_dot(org)
    assert 'label="management (111111111111)\\nmanagement account\\nnot limited by SCPs"' in dot
    assert 'label="dev (444444444444)\\nmember account\\nSCPs: FullAWSAccess"' in dot
    assert 'label="Workloads\\nSCPs: FullAWSAccess, RegionRestriction"' in dot
    assert display_identity.organization_diagram(org).caption == org.text()
    assert display_identity.organization_view(org) == {"text/html": org.diagram().html()}


# --- Identity Center, cross-account and RCP views -------------------------------------------------


def test_identity_center_and_permission_set_views():
    from awsbasics.iam import Account, IdentityCenter, ManagedPolicy

    account = Account("444455556666")
    center = IdentityCenter("111111111111")
    center.add_user("sora")
    empty = center._repr_mimebundle_()
    assert "no account assignments" in empty["text/html"] and "(no account assignments)" in empty["text/plain"]
    permission_set = center.add_permission_set(
        "DataAnalyst", managed_policies=[ManagedPolicy.aws("AmazonS3ReadOnlyAccess")]
    )
    center.assign("sora", permission_set, account)
    html = center._repr_mimebundle_()["text/html"]
    assert "<td>user sora</td>" in html and "AWSReservedSSO_DataAnalyst_" in html and "444455556666" in html
    shown = permission_set._repr_mimebundle_()
    assert shown["text/plain"].startswith("permission set DataAnalyst: sessions of 1 h")
    assert "<td>AmazonS3ReadOnlyAccess</td>" in shown["text/html"]


def test_a_cross_account_decision_draws_both_sides():
    from awsbasics.iam import Request, evaluate

    read = Request("s3:GetObject", "arn:aws:s3:::shared/a.csv", principal="arn:aws:iam::444455556666:user/kim")
    allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    bucket = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "*"}
        ],
    }
    rcp = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    }
    decision = evaluate(
        read, identity_policies=[allow], resource_policy=bucket, rcps=[rcp], resource_account="111122223333"
    )
    html = decision._repr_mimebundle_()["text/html"]
    assert (
        "(cross-account: 444455556666 -&gt; 111122223333)" in html
        or "(cross-account: 444455556666 -> 111122223333)" in html
    )
    diagram = decision.diagram()
    assert "trusting account" in diagram.dot and "RCPs allow" in diagram.dot
