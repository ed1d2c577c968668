"""Cross-account evaluation and resource control policies, each rule tested against the AWS page it comes from."""

import pytest

from awsbasics.iam import Policy, PolicyError, Request, RequestError, evaluate
from awsbasics.iam.evaluation import RCP_SERVICES

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
CROSS_ACCOUNT = IAM + "reference_policies_evaluation-logic-cross-account.html"
DENY_ALLOW = IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
BOUNDARIES = IAM + "access_policies_boundaries.html"
RCPS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
RCP_EVALUATION = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"
RCP_SYNTAX = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"

TRUSTED = "444455556666"  # the principal's account
TRUSTING = "111122223333"  # the resource's account
KIM = f"arn:aws:iam::{TRUSTED}:user/kim"
KIM_SESSION = f"arn:aws:sts::{TRUSTED}:assumed-role/Analyst/kim"
OBJECT = "arn:aws:s3:::shared-reports/q1.csv"


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


READ = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-reports/*"})


def bucket(principal):
    return doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": principal},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::shared-reports/*",
        }
    )


RCP_FULL = doc({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
RCP_ORG_ONLY = doc(
    {
        "Sid": "OnlyOurOrganization",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-exampleorg1"}},
    }
)


def read(principal=KIM, context=None):
    return Request("s3:GetObject", OBJECT, principal=principal, context=context)


# --- both sides must allow (CROSS_ACCOUNT) -----------------------------------------------------------


@pytest.mark.parametrize(
    "identity, resource, expected",
    [
        ([READ], None, "ImplicitDeny"),  # identity side only
        ([], bucket(KIM), "ImplicitDeny"),  # resource side only: unlike within one account
        ([], bucket(TRUSTED), "ImplicitDeny"),  # naming the account delegates to its own policies
        ([READ], bucket(KIM), "Allow"),  # both
        ([READ], bucket(f"arn:aws:iam::{TRUSTED}:root"), "Allow"),
        ([READ], bucket(f"arn:aws:iam::{TRUSTING}:root"), "ImplicitDeny"),  # names the wrong account
    ],
)
def test_a_cross_account_request_needs_both_sides(identity, resource, expected):
    # CROSS_ACCOUNT: the trusting account's resource policy must name the principal (or its account) AND the
    # principal's identity-based policy must allow the access.
    decision = evaluate(read(), identity_policies=identity, resource_policy=resource, resource_account=TRUSTING)
    assert decision.decision == expected
    assert decision.cross_account and decision.accounts == (TRUSTED, TRUSTING)


def test_within_one_account_the_resource_policy_alone_is_enough():
    # DENY_ALLOW: within one account a resource policy naming the principal allows on its own; the same policy
    # across accounts does not (CROSS_ACCOUNT).
    same = evaluate(read(), resource_policy=bucket(KIM), resource_account=TRUSTED)
    assert same.decision == "Allow" and not same.cross_account


def test_an_explicit_deny_on_either_side_wins():
    # CROSS_ACCOUNT / DENY_ALLOW: an explicit deny in any applicable policy overrides every allow.
    denying = doc({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"})
    decision = evaluate(
        read(), identity_policies=[READ, denying], resource_policy=bucket(KIM), resource_account=TRUSTING
    )
    assert decision.decision == "ExplicitDeny"


def test_the_boundary_of_the_trusted_principal_still_applies():
    # BOUNDARIES + CROSS_ACCOUNT: the trusted side is the principal's full set of policies, boundary included.
    boundary = doc({"Effect": "Allow", "Action": "sqs:*", "Resource": "*"})
    decision = evaluate(
        read(),
        identity_policies=[READ],
        resource_policy=bucket(KIM),
        permissions_boundary=boundary,
        resource_account=TRUSTING,
    )
    assert decision.decision == "ImplicitDeny" and decision.trace[-1].key == "boundary"


def test_the_trace_shows_both_sides():
    decision = evaluate(read(), identity_policies=[READ], resource_policy=bucket(KIM), resource_account=TRUSTING)
    keys = [step.key for step in decision.trace]
    assert keys == ["deny", "scp", "resource", "identity", "boundary", "session"]
    assert f"trusting account {TRUSTING}" in decision.trace[2].found
    assert "(cross-account: 444455556666 -> 111122223333)" in decision.verdict
    flow = decision.flow
    assert ("resource", "ImplicitDeny", "no") in flow.edges and ("resource", "identity", "yes") in flow.edges
    assert flow.path == ("request", "deny", "scp", "resource", "identity", "boundary", "session", "Allow")
    assert all(a in dict.fromkeys(q for q, _ in flow.questions) or a == "request" for a, _, _ in flow.edges)
    root = evaluate(read(f"arn:aws:iam::{TRUSTED}:root"), resource_policy=bucket(TRUSTED), resource_account=TRUSTING)
    assert ("resource", "root", "yes") in root.flow.edges and root.flow.path[-2:] == ("root", "Allow")


def test_a_role_session_named_by_its_role_crosses_accounts():
    # CROSS_ACCOUNT: the resource policy can name IAM roles; a session of the role is that principal.
    decision = evaluate(
        read(KIM_SESSION),
        identity_policies=[READ],
        resource_policy=bucket(f"arn:aws:iam::{TRUSTED}:role/Analyst"),
        resource_account=TRUSTING,
    )
    assert decision.allowed


def test_a_role_trust_policy_is_the_trusting_side_of_assume_role():
    # CROSS_ACCOUNT: "In IAM, you can attach a resource-based policy to an IAM role to allow principals in other
    # accounts to assume that role" - the trust policy; the caller's identity policy must allow sts:AssumeRole too.
    role = f"arn:aws:iam::{TRUSTING}:role/Reader"
    trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TRUSTED}:root"}, "Action": "sts:AssumeRole"})
    assume = doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role})
    request = Request("sts:AssumeRole", role, principal=KIM)  # the account is read from the role's ARN
    assert evaluate(request, resource_policy=trust).decision == "ImplicitDeny"
    assert evaluate(request, identity_policies=[assume], resource_policy=trust).decision == "Allow"


def test_the_root_user_of_the_trusted_account_needs_only_the_resource_side():
    # DENY_ALLOW: the root user has full access in its own account; CROSS_ACCOUNT: the trusting side must allow.
    root = f"arn:aws:iam::{TRUSTED}:root"
    assert evaluate(read(root), resource_account=TRUSTING).decision == "ImplicitDeny"
    assert evaluate(read(root), resource_policy=bucket(TRUSTED), resource_account=TRUSTING).decision == "Allow"


def test_unknown_accounts_keep_the_single_account_logic():
    # An S3 object ARN holds no account: without resource_account nothing says the request crosses accounts.
    decision = evaluate(read(), identity_policies=[READ])
    assert decision.allowed and not decision.cross_account and decision.accounts is None


@pytest.mark.parametrize(
    "keyword, value, error",
    [
        ("resource_account", "1234", RequestError),
        ("principal_account", "12345678901x", RequestError),
        ("principal_account", TRUSTING, RequestError),  # contradicts the principal's own ARN
        ("resource_account", 111122223333, TypeError),
    ],
)
def test_account_arguments_are_checked(keyword, value, error):
    with pytest.raises(error):
        evaluate(read(), identity_policies=[READ], **{keyword: value})


def test_principal_account_alone_marks_an_unknown_principal():
    decision = evaluate(
        Request("s3:GetObject", OBJECT),
        identity_policies=[READ],
        resource_policy=bucket(TRUSTED),
        principal_account=TRUSTED,
        resource_account=TRUSTING,
    )
    assert decision.cross_account and decision.decision == "ImplicitDeny"  # an unknown principal matches no name


# --- resource control policies (RCPS, RCP_EVALUATION, RCP_SYNTAX) ----------------------------------------------


def test_rcp_full_aws_access_changes_nothing():
    # RCP_EVALUATION: RCPFullAWSAccess allows everything; RCPs grant nothing on their own (RCPS).
    decision = evaluate(
        read(), identity_policies=[READ], resource_policy=bucket(KIM), resource_account=TRUSTING, rcps=[RCP_FULL]
    )
    assert decision.allowed
    assert [step.key for step in decision.trace][:3] == ["deny", "rcp", "scp"]
    alone = evaluate(read(), rcps=[RCP_FULL])
    assert alone.decision == "ImplicitDeny"


def test_an_rcp_deny_blocks_a_principal_outside_the_organization():
    # RCPS: "Use an RCP when you need to restrict IAM principals that are external to your organization accounts
    # making requests to access resources within your organization's member accounts" - even when the bucket
    # policy and the outsider's own policies allow it.
    outsider = evaluate(
        read(),
        identity_policies=[READ],
        resource_policy=bucket(KIM),
        resource_account=TRUSTING,
        rcps=[[RCP_FULL], [RCP_FULL, RCP_ORG_ONLY]],
    )
    assert outsider.decision == "ExplicitDeny"
    assert any("OnlyOurOrganization" in str(m) for m in outsider.matched)
    insider = evaluate(
        read(context={"aws:PrincipalOrgID": "o-exampleorg1"}),
        identity_policies=[READ],
        resource_policy=bucket(KIM),
        resource_account=TRUSTING,
        rcps=[RCP_FULL, RCP_ORG_ONLY],
    )
    assert insider.allowed


def test_every_rcp_level_must_allow():
    # RCP_EVALUATION: as for SCPs, each level (root, OU, account) needs an Allow; removing RCPFullAWSAccess denies.
    only_deny = evaluate(
        read(),
        identity_policies=[READ],
        resource_policy=bucket(KIM),
        resource_account=TRUSTING,
        rcps=[[RCP_FULL], [RCP_ORG_ONLY]],
    )
    # RCP_ORG_ONLY does not apply to an insider, so level 1 has no Allow for it
    insider = evaluate(
        read(context={"aws:PrincipalOrgID": "o-exampleorg1"}),
        identity_policies=[READ],
        resource_policy=bucket(KIM),
        resource_account=TRUSTING,
        rcps=[[RCP_FULL], [RCP_ORG_ONLY]],
    )
    assert only_deny.decision == "ExplicitDeny"
    assert insider.decision == "ImplicitDeny" and insider.trace[-1].key == "rcp"
    with pytest.raises(PolicyError, match="RCPFullAWSAccess"):
        evaluate(read(), rcps=[[RCP_FULL], []])


def test_rcps_apply_only_to_the_services_that_support_them():
    # RCPS: "RCPs apply to resources of the following AWS services" - a deny-all RCP leaves EC2 alone.
    assert {"s3", "sts", "kms", "sqs", "secretsmanager"} <= RCP_SERVICES and "ec2" not in RCP_SERVICES
    deny_all = doc({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"})
    ec2 = Request("ec2:RunInstances", "*", principal=KIM)
    decision = evaluate(
        ec2, identity_policies=[doc({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})], rcps=[RCP_FULL, deny_all]
    )
    assert decision.allowed
    assert decision.trace[1].found == "RCPs do not apply to ec2 resources"


@pytest.mark.parametrize(
    "statement, message",
    [
        (
            {"Effect": "Deny", "Principal": {"AWS": TRUSTED}, "Action": "s3:*", "Resource": "*"},
            r'its principal as "\*"',
        ),
        ({"Effect": "Deny", "NotPrincipal": {"AWS": TRUSTED}, "Action": "s3:*", "Resource": "*"}, "Condition"),
        ({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}, "Principal"),
    ],
)
def test_rcp_syntax_names_every_principal(statement, message):
    # RCP_SYNTAX: an RCP's Principal is "*"; conditions narrow it.
    with pytest.raises(PolicyError, match=message):
        Policy.from_json(doc(statement), kind="rcp")


def test_an_rcp_slot_refuses_another_kind_of_policy():
    scp = Policy.from_json(doc({"Effect": "Allow", "Action": "*", "Resource": "*"}), kind="scp")
    with pytest.raises(PolicyError, match="RCP"):
        evaluate(read(), rcps=[scp])


def test_rcp_size_quota_is_a_finding():
    big = doc(
        *(
            {
                "Sid": f"S{i}",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:DeleteObject",
                "Resource": f"arn:aws:s3:::bucket-{i:04d}/*",
            }
            for i in range(80)
        )
    )
    assert any(f.code == "size-rcp" for f in Policy.from_json(big, kind="rcp").findings)
