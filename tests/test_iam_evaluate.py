"""The single-account evaluation logic, each rule tested against the AWS page it comes from."""

import re

import pytest

from awsbasics.iam import DECISIONS, Decision, Flow, Match, Policy, PolicyError, Request, RequestError, Step, evaluate
from awsbasics.iam.evaluation import OUTCOME_NAMES

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
DENY_ALLOW = IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
SINGLE_ACCOUNT = IAM + "reference_policies_evaluation-logic_policy-eval-basics.html"
EVALUATION = IAM + "reference_policies_evaluation-logic.html"
ACTION = IAM + "reference_policies_elements_action.html"
NOTACTION = IAM + "reference_policies_elements_notaction.html"
RESOURCE = IAM + "reference_policies_elements_resource.html"
PRINCIPAL = IAM + "reference_policies_elements_principal.html"
NOTPRINCIPAL = IAM + "reference_policies_elements_notprincipal.html"
BOUNDARIES = IAM + "access_policies_boundaries.html"
SESSION = IAM + "access_policies.html#policies_session"
SCP_EVALUATION = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
FEDERATION_TOKEN = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html"

ACCOUNT = "111122223333"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Auditor"
ROLE_SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/Auditor/alice-session"
FEDERATED = f"arn:aws:sts::{ACCOUNT}:federated-user/bob"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
OBJECT = "arn:aws:s3:::reports/q1.csv"


def allow(action="s3:GetObject", resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="s3:GetObject", resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def policy(*statements, kind=None):
    return Policy.from_json({"Version": "2012-10-17", "Statement": list(statements)}, kind=kind)


def bucket_policy(principal, effect="Allow", action="s3:GetObject", element="Principal"):
    return policy({"Effect": effect, element: principal, "Action": action, "Resource": "arn:aws:s3:::reports/*"})


# --- the flow ----------------------------------------------------------------------------------

CARLOS_IDENTITY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowS3ListRead",
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation",
                "s3:GetAccountPublicAccessBlock",
                "s3:ListAccessPoints",
                "s3:ListAllMyBuckets",
            ],
            "Resource": "arn:aws:s3:::*",
        },
        {
            "Sid": "AllowS3Self",
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        },
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"},
    ],
}
CARLOS_BUCKET = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:user/carlossalazar"},
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        }
    ],
}


def test_the_documented_carlos_example():
    # SINGLE_ACCOUNT, "Example identity-based and resource-based policy evaluation": the Deny wins for the
    # logs bucket; for his own bucket both policies allow, and either alone would.
    carlos = "arn:aws:iam::123456789012:user/carlossalazar"
    logs = evaluate(
        Request("s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file.txt", principal=carlos),
        identity_policies=[CARLOS_IDENTITY],
        resource_policy=CARLOS_BUCKET,
    )
    assert logs.decision == "ExplicitDeny" and [m.sid for m in logs.matched] == ["DenyS3Logs"]
    own = Request("s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt", principal=carlos)
    both = evaluate(own, identity_policies=[CARLOS_IDENTITY], resource_policy=CARLOS_BUCKET)
    assert both.decision == "Allow"
    assert [m.policy for m in both.matched] == ["resource policy"]  # naming the user grants on its own
    assert {st.sid: status for st, status, _ in both.statuses("identity[0]")}["AllowS3Self"] == "applies"
    assert evaluate(own, identity_policies=[CARLOS_IDENTITY]).allowed
    assert evaluate(own, resource_policy=CARLOS_BUCKET).allowed


@pytest.mark.parametrize(
    ("action", "decision"),
    [
        ("iam:GetUser", "Allow"),
        ("iam:CreatePolicy", "ImplicitDeny"),
        ("iam:GetOrganizationsAccessReport", "ExplicitDeny"),
    ],
)
def test_explicit_and_implicit_deny(action, decision):
    # EVALUATION, "The difference between explicit and implicit denies" (AllowGetList / DenyReports).
    document = policy(
        {"Sid": "AllowGetList", **allow(["iam:Get*", "iam:List*"])}, {"Sid": "DenyReports", **deny("iam:*Report")}
    )
    result = evaluate(Request(action, f"arn:aws:iam::{ACCOUNT}:user/x"), identity_policies=[document])
    assert result.decision == decision
    assert result.allowed is (decision == "Allow")


def test_no_policy_is_an_implicit_deny():
    # DENY_ALLOW: "By default, all requests are implicitly denied".
    result = evaluate(Request("s3:GetObject", OBJECT, principal=USER))
    assert result.decision == "ImplicitDeny" and result.matched == ()
    assert result.trace[-1] == Step(
        "identity",
        "Identity-based policies",
        "ImplicitDeny",
        "no identity-based policies given, so nothing allows the request",
    )


@pytest.mark.parametrize(
    "place", ["identity_policies", "resource_policy", "permissions_boundary", "scps", "session_policy"]
)
def test_an_explicit_deny_in_any_policy_wins(place):
    # DENY_ALLOW, "Deny evaluation": one applicable Deny in any policy is final.
    allowing = policy(allow("s3:*"))
    denying = policy(allow("s3:*"), deny())
    kwargs = {
        "identity_policies": [allowing],
        "resource_policy": bucket_policy({"AWS": ROLE_SESSION}),
        "permissions_boundary": allowing,
        "scps": [allowing],
        "session_policy": allowing,
    }
    kwargs[place] = {
        "identity_policies": [allowing, denying],
        "resource_policy": bucket_policy({"AWS": ROLE_SESSION}, effect="Deny"),
        "scps": [denying],
    }.get(place, denying)
    result = evaluate(Request("s3:GetObject", OBJECT, principal=ROLE_SESSION), **kwargs)
    assert result.decision == "ExplicitDeny"
    assert [m.effect for m in result.matched] == ["Deny"]
    assert result.trace == (
        Step(
            "deny",
            "Deny evaluation",
            "ExplicitDeny",
            f"explicit Deny: {result.matched[0].policy} Statement[{result.matched[0].index}]",
        ),
    )


def test_trace_lists_the_documented_steps_in_order():
    # DENY_ALLOW: Deny evaluation, SCPs, resource-based, identity-based, boundaries, session policies.
    allowing = policy(allow("s3:*"))
    result = evaluate(
        Request("s3:GetObject", OBJECT, principal=ROLE_SESSION),
        identity_policies=[allowing],
        permissions_boundary=allowing,
        scps=[allowing],
        session_policy=allowing,
        resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:user/other"}),
    )
    assert [s.name for s in result.trace] == [
        "Deny evaluation",
        "Organizations SCPs",
        "Resource-based policy",
        "Identity-based policies",
        "Permissions boundary",
        "Session policy",
    ]
    assert [s.outcome for s in result.trace] == ["continue"] * 5 + ["Allow"]
    assert [m.policy for m in result.matched] == ["scp[0]", "identity[0]", "permissions boundary", "session policy"]
    assert str(result.trace[0]) == "Deny evaluation: no applicable Deny statement in any policy -> continue"


# --- actions and resources -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "pattern", "action", "matches"),
    [
        (ACTION, "iam:ListAccessKeys", "IAM:listaccesskeys", True),
        (ACTION, "IAM:listaccesskeys", "iam:ListAccessKeys", True),
        (ACTION, "s3:*", "s3:GetObject", True),
        (ACTION, "s3:*", "s3control:GetJob", False),
        (ACTION, "iam:*AccessKey*", "iam:CreateAccessKey", True),
        (ACTION, "iam:*AccessKey*", "iam:UpdateAccessKey", True),
        (ACTION, "iam:*AccessKey*", "iam:GetUser", False),
        (ACTION, "ec2:Describe?mages", "ec2:DescribeImages", True),
        (ACTION, "ec2:Describe?mages", "ec2:DescribeImages2", False),
        (ACTION, "*", "kms:Decrypt", True),
        (ACTION, "s*:Get*", "sqs:GetQueueUrl", True),
    ],
)
def test_actions_match_case_insensitively_with_wildcards(page, pattern, action, matches):
    result = evaluate(Request(action, "*"), identity_policies=[policy(allow(pattern))])
    assert result.allowed is matches, page


@pytest.mark.parametrize(
    ("action", "resource", "allowed"),
    [
        ("s3:GetObject", "arn:aws:s3:::bucket/key", True),
        ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/x", False),
        ("ec2:RunInstances", "*", True),
    ],
)
def test_not_action_with_allow(action, resource, allowed):
    # NOTACTION: "allows users to access every action in every AWS service except for IAM".
    result = evaluate(
        Request(action, resource),
        identity_policies=[policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})],
    )
    assert result.allowed is allowed


@pytest.mark.parametrize(
    ("context", "decision"),
    [
        ({"aws:MultiFactorAuthPresent": "false"}, "ExplicitDeny"),
        ({}, "ExplicitDeny"),
        ({"aws:MultiFactorAuthPresent": "true"}, "Allow"),
    ],
)
def test_not_action_with_deny_unless_mfa(context, decision):
    # NOTACTION, "DenyAllUsersNotUsingMFA" with BoolIfExists.
    document = policy(
        allow("*"),
        {
            "Sid": "DenyAllUsersNotUsingMFA",
            "Effect": "Deny",
            "NotAction": "iam:*",
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
    )
    request = Request("ec2:RunInstances", "*", context=context)
    assert evaluate(request, identity_policies=[document]).decision == decision
    assert evaluate(Request("iam:ListUsers", "*", context=context), identity_policies=[document]).allowed


@pytest.mark.parametrize(
    ("page", "pattern", "resource", "matches"),
    [
        (RESOURCE, f"arn:aws:iam::{ACCOUNT}:user/Bob", f"arn:aws:iam::{ACCOUNT}:user/Bob", True),
        (RESOURCE, f"arn:aws:iam::{ACCOUNT}:user/Bob", f"arn:aws:iam::{ACCOUNT}:user/bob", False),  # case-sensitive
        (RESOURCE, f"arn:aws:iam::{ACCOUNT}:user/accounting/*", f"arn:aws:iam::{ACCOUNT}:user/accounting/ana", True),
        (RESOURCE, f"arn:aws:iam::{ACCOUNT}:user/accounting/*", f"arn:aws:iam::{ACCOUNT}:user/sales/ana", False),
        (RESOURCE, "arn:aws:s3:::my_corporate_bucket/*", "arn:aws:s3:::my_corporate_bucket/a/b:c", True),
        (RESOURCE, "arn:aws:s3:::my_corporate_bucket/*", "arn:aws:s3:::my_corporate_bucket", False),
        (
            RESOURCE,
            "arn:aws:dynamodb:us-east-?:*:table/books_table",
            "arn:aws:dynamodb:us-east-2:1:table/books_table",
            True,
        ),
        (RESOURCE, "arn:aws:dynamodb:us-*-2:*:table/*", "arn:aws:dynamodb:us-east-2:1:table/t", True),
        # A * that ends a segment may match beyond the colon; inside a segment it may not.
        (
            RESOURCE,
            "arn:aws:someservice:*:111122223333:finance/*",
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
            True,
        ),
        (
            RESOURCE,
            "arn:aws:someservice:us*2:111122223333:finance/*",
            "arn:aws:someservice:us-east-2:999999999999:store:2:111122223333:finance/x",
            False,
        ),
        (RESOURCE, "*", "*", True),
        (RESOURCE, "arn:aws:s3:::*", "*", False),
    ],
)
def test_resources_match_case_sensitively_with_wildcards(page, pattern, resource, matches):
    result = evaluate(Request("svc:Act", resource), identity_policies=[policy(allow("*", pattern))])
    assert result.allowed is matches, page


def test_not_resource():
    # RESOURCE / NotResource: a Deny with NotResource protects all but the listed resources.
    document = policy(allow("s3:*"), {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::public/*"})
    assert evaluate(Request("s3:GetObject", "arn:aws:s3:::public/a"), identity_policies=[document]).allowed
    assert (
        evaluate(Request("s3:GetObject", "arn:aws:s3:::private/a"), identity_policies=[document]).decision
        == "ExplicitDeny"
    )


# --- resource-based policies -----------------------------------------------------------------------

NO_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}


@pytest.mark.parametrize(
    ("principal", "named", "kwargs", "decision"),
    [
        # IAM user named: not limited by an implicit deny in identity policies or a permissions boundary.
        (USER, USER, {}, "Allow"),
        (USER, USER, {"permissions_boundary": NO_S3}, "Allow"),
        # Role session named: not limited by identity policies, boundary or session policy.
        (ROLE_SESSION, ROLE_SESSION, {"permissions_boundary": NO_S3, "session_policy": NO_S3}, "Allow"),
        # Role ARN named: stands in for the identity allow, limited by a boundary or a session policy.
        (ROLE_SESSION, ROLE, {}, "Allow"),
        (ROLE_SESSION, f"arn:aws:iam::{ACCOUNT}:role/team/Auditor", {}, "Allow"),  # the path is not in the session ARN
        (ROLE_SESSION, ROLE, {"permissions_boundary": NO_S3}, "ImplicitDeny"),
        (ROLE_SESSION, ROLE, {"session_policy": NO_S3}, "ImplicitDeny"),
        # Federated user session named: granted directly to the session.
        (FEDERATED, FEDERATED, {"session_policy": NO_S3}, "Allow"),
        # Someone else named: the identity-based policies must allow.
        (USER, f"arn:aws:iam::{ACCOUNT}:user/mallory", {}, "ImplicitDeny"),
        (ROLE_SESSION, f"arn:aws:iam::{ACCOUNT}:role/Other", {}, "ImplicitDeny"),
    ],
)
def test_resource_policy_grants_by_principal_type(principal, named, kwargs, decision):
    # DENY_ALLOW, "Resource-based policies", the table of principal types within the same account.
    result = evaluate(
        Request("s3:GetObject", OBJECT, principal=principal), resource_policy=bucket_policy({"AWS": named}), **kwargs
    )
    assert result.decision == decision


def test_naming_the_account_delegates_to_identity_policies():
    # access_policies.html: "Because the policy grants trust only to the account, individual users in the
    # account must still be granted permissions".
    for named in (ACCOUNT, ROOT):
        bucket = bucket_policy({"AWS": named})
        request = Request("s3:GetObject", OBJECT, principal=USER)
        assert evaluate(request, resource_policy=bucket).decision == "ImplicitDeny"
        result = evaluate(request, resource_policy=bucket, identity_policies=[policy(allow())])
        assert result.allowed
        assert "naming only the account" in result.trace[2].found


@pytest.mark.parametrize("principal", [USER, ROLE_SESSION, None])
def test_everyone_principal_grants_within_the_account(principal):
    # PRINCIPAL, "All principals": "For IAM users and role principals within your account, no other
    # permissions are required"; "*" with Allow also grants anonymous (public) access.
    result = evaluate(Request("s3:GetObject", OBJECT, principal=principal), resource_policy=bucket_policy("*"))
    assert result.allowed


def test_service_principal():
    # PRINCIPAL, "AWS service principals".
    bucket = bucket_policy({"Service": "cloudtrail.amazonaws.com"}, action="s3:PutObject")
    assert evaluate(
        Request("s3:PutObject", OBJECT, principal="cloudtrail.amazonaws.com"), resource_policy=bucket
    ).allowed
    assert not evaluate(
        Request("s3:PutObject", OBJECT, principal="config.amazonaws.com"), resource_policy=bucket
    ).allowed


@pytest.mark.parametrize(
    ("listed", "principal", "decision"),
    [
        ([USER, ROOT], USER, "ImplicitDeny"),  # exempt: user and its account listed
        ([USER], USER, "ExplicitDeny"),  # account not listed: the account is denied
        ([ROLE_SESSION, ROLE, ROOT], ROLE_SESSION, "ImplicitDeny"),
        ([ROLE_SESSION, ROOT], ROLE_SESSION, "ExplicitDeny"),  # role not listed
        ([USER, ROOT], f"arn:aws:iam::{ACCOUNT}:user/mallory", "ExplicitDeny"),
    ],
)
def test_not_principal_with_deny(listed, principal, decision):
    # NOTPRINCIPAL, "NotPrincipal with Deny": list the principal, its role and its account.
    bucket = bucket_policy({"AWS": listed}, effect="Deny", element="NotPrincipal")
    assert evaluate(Request("s3:GetObject", OBJECT, principal=principal), resource_policy=bucket).decision == decision


def test_not_principal_deny_always_denies_a_principal_with_a_boundary():
    # BOUNDARIES: "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    # permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
    bucket = bucket_policy({"AWS": [USER, ROOT]}, effect="Deny", element="NotPrincipal")
    everything = policy(allow("*"))
    request = Request("s3:GetObject", OBJECT, principal=USER)
    assert evaluate(request, resource_policy=bucket, identity_policies=[everything]).decision == "Allow"
    assert (
        evaluate(
            request, resource_policy=bucket, identity_policies=[everything], permissions_boundary=everything
        ).decision
        == "ExplicitDeny"
    )


# --- SCPs, boundaries, session policies ---------------------------------------------------------------

FULL_ACCESS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
ONLY_EC2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}
ONLY_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


@pytest.mark.parametrize(
    ("scps", "decision"),
    [
        ([FULL_ACCESS], "Allow"),
        ([ONLY_EC2], "ImplicitDeny"),
        ([ONLY_EC2, ONLY_S3], "Allow"),  # one level: at least one SCP allows
        ([[FULL_ACCESS], [ONLY_S3], [ONLY_EC2, ONLY_S3]], "Allow"),  # root, OU, account: each level allows
        ([[FULL_ACCESS], [ONLY_EC2], [ONLY_S3]], "ImplicitDeny"),  # the OU level does not
    ],
)
def test_scp_levels(scps, decision):
    # SCP_EVALUATION: an explicit Allow at every level from the root through each OU to the account.
    result = evaluate(Request("s3:GetObject", OBJECT, principal=USER), identity_policies=[FULL_ACCESS], scps=scps)
    assert result.decision == decision
    if decision == "ImplicitDeny":
        assert result.trace[1].outcome == "ImplicitDeny"


def test_an_scp_allow_grants_nothing_by_itself():
    # EVALUATION, "Evaluating identity-based policies with Organizations SCPs": both must allow.
    result = evaluate(Request("s3:GetObject", OBJECT, principal=USER), scps=[FULL_ACCESS])
    assert result.decision == "ImplicitDeny"


def test_scp_level_labels():
    result = evaluate(Request("s3:GetObject", OBJECT), identity_policies=[FULL_ACCESS], scps=[[FULL_ACCESS], [ONLY_S3]])
    assert [label for label, _ in result.policies][:2] == ["scp[0][0]", "scp[1][0]"]
    assert [m.policy for m in result.matched][:2] == ["scp[0][0]", "scp[1][0]"]


@pytest.mark.parametrize(("action", "allowed"), [("iam:CreateUser", False), ("s3:PutObject", True)])
def test_boundary_intersects_identity_policies(action, allowed):
    # BOUNDARIES, the ShirleyRodriguez example: the boundary allows S3, CloudWatch and EC2 only.
    boundary = policy(allow(["s3:*", "cloudwatch:*", "ec2:*"]), kind="boundary")
    identity = policy(allow(["iam:CreateUser", "s3:PutObject"]))
    result = evaluate(Request(action, "*", principal=USER), identity_policies=[identity], permissions_boundary=boundary)
    assert result.allowed is allowed


def test_a_boundary_does_not_grant_on_its_own():
    # BOUNDARIES: "it limits the user's permissions but does not provide permissions on its own".
    result = evaluate(Request("s3:GetObject", OBJECT, principal=USER), permissions_boundary=FULL_ACCESS)
    assert result.decision == "ImplicitDeny"


@pytest.mark.parametrize(
    ("principal", "session_policy", "decision"),
    [
        (ROLE_SESSION, None, "Allow"),  # a role session without a session policy
        (ROLE_SESSION, ONLY_S3, "Allow"),
        (ROLE_SESSION, ONLY_EC2, "ImplicitDeny"),  # the intersection
        (FEDERATED, ONLY_S3, "Allow"),
        (FEDERATED, None, "ImplicitDeny"),  # a federated user session without one has no permissions
        (USER, None, "Allow"),  # not a session principal
    ],
)
def test_session_policies(principal, session_policy, decision):
    # DENY_ALLOW, "Session policies"; SESSION; FEDERATION_TOKEN ("if you do not pass any session policies,
    # then the resulting federated user session has no permissions").
    result = evaluate(
        Request("s3:GetObject", OBJECT, principal=principal), identity_policies=[ONLY_S3], session_policy=session_policy
    )
    assert result.decision == decision


def test_session_policy_limits_a_role_arn_grant_but_not_a_session_arn_grant():
    # SESSION: a resource policy naming the role is limited by the session policy; naming the session is not.
    request = Request("s3:GetObject", OBJECT, principal=ROLE_SESSION)
    assert not evaluate(request, resource_policy=bucket_policy({"AWS": ROLE}), session_policy=ONLY_EC2).allowed
    assert evaluate(request, resource_policy=bucket_policy({"AWS": ROLE_SESSION}), session_policy=ONLY_EC2).allowed


def test_root_user_has_full_access_unless_denied():
    # DENY_ALLOW: "all requests are implicitly denied with the exception of the AWS account root user".
    request = Request("iam:DeleteAccountPasswordPolicy", "*", principal=ROOT)
    assert evaluate(request).decision == "Allow"
    assert evaluate(request, scps=[ONLY_S3]).decision == "ImplicitDeny"  # SCPs limit member accounts' root users
    denying = bucket_policy({"AWS": ROOT}, effect="Deny", action="s3:*")
    assert evaluate(Request("s3:GetObject", OBJECT, principal=ROOT), resource_policy=denying).decision == "ExplicitDeny"
    assert evaluate(request).trace[-1].key == "root"


# --- what AWS does not allow ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "kwargs", "message"),
    [
        (
            USER,
            {"session_policy": ONLY_S3},
            r"session policies apply only to role sessions and federated user sessions",
        ),
        (ROOT, {"identity_policies": [ONLY_S3]}, r"identity_policies: the root user has no identity-based policies"),
        (ROOT, {"permissions_boundary": ONLY_S3}, r"permissions_boundary: the root user"),
        ("s3.amazonaws.com", {"identity_policies": [ONLY_S3]}, r"a service principal has no identity-based policies"),
        (USER, {"scps": []}, r"scps: an empty SCP level allows nothing"),
        (USER, {"scps": [[ONLY_S3], []]}, r"scps\[1\]: an empty SCP level"),
        (USER, {"identity_policies": [bucket_policy("*")]}, r"identity_policies\[0\]: resource policy given where"),
        (USER, {"resource_policy": policy(allow())}, r"resource_policy: identity policy given where a resource policy"),
        (USER, {"resource_policy": ONLY_S3}, r"resource_policy: Statement\[0\]: a statement needs Principal"),
    ],
)
def test_policies_in_places_aws_does_not_allow(principal, kwargs, message):
    with pytest.raises(PolicyError, match=message) as caught:
        evaluate(Request("s3:GetObject", OBJECT, principal=principal), **kwargs)
    assert caught.value.path in ("", "Statement[0]")


def test_a_policy_error_in_an_argument_keeps_its_document_path():
    broken = {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}]}
    with pytest.raises(
        PolicyError,
        match=r"^identity_policies\[0\]: Statement\[0\].Principal: Principal is not "
        r"allowed in an identity policy",
    ) as caught:
        evaluate(Request("s3:GetObject", OBJECT), identity_policies=[broken])
    assert caught.value.path == "Statement[0].Principal"


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            ("s3:GetObject", OBJECT),
            {"identity_policies": 3},
            TypeError,
            r"identity_policies must be a policy or a list",
        ),
        (
            ("s3:GetObject", OBJECT),
            {"identity_policies": [3]},
            TypeError,
            r"identity_policies\[0\]: a policy is a Policy",
        ),
        (("s3:GetObject", OBJECT), {"scps": [[FULL_ACCESS], FULL_ACCESS]}, TypeError, r"not a mix"),
    ],
)
def test_wrong_python_kinds(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        evaluate(Request(*args), **kwargs)
    with pytest.raises(TypeError, match="request must be a Request"):
        evaluate(("s3:GetObject", OBJECT))


def test_policies_may_be_given_as_text_or_dicts():
    text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}'
    for given in (text, ONLY_S3, Policy.from_json(text), [text], (ONLY_S3,)):
        assert evaluate(Request("s3:GetObject", OBJECT), identity_policies=given).allowed


# --- the request -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("GetObject", OBJECT), {}, r"'GetObject' is not an action: a request names one service:ActionName"),
        (("s3:Get*", OBJECT), {}, r"wildcards belong in policies, not requests"),
        (("s3:GetObject", "reports/q1.csv"), {}, r"'reports/q1.csv' is not a resource: use its ARN"),
        (
            ("s3:GetObject", OBJECT),
            {"principal": ROLE},
            r"is a role, and a role never makes a request itself.*"
            r"arn:aws:sts::111122223333:assumed-role/Auditor/SESSION-NAME",
        ),
        (("s3:GetObject", OBJECT), {"principal": "alice"}, r"'alice' is not a principal: use an IAM user ARN"),
        (
            ("s3:GetObject", OBJECT),
            {"context": {"aws:username": "a", "AWS:UserName": "b"}},
            r"'aws:username' and 'AWS:UserName' are the same key: condition key names are case-insensitive",
        ),
    ],
)
def test_malformed_requests(args, kwargs, message):
    with pytest.raises(RequestError, match=message):
        Request(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((3, OBJECT), {}, "action must be str, not int"),
        (("s3:GetObject", None), {}, "resource must be str, not NoneType"),
        (("s3:GetObject", OBJECT), {"principal": b"x"}, "principal must be str, not bytes"),
        (("s3:GetObject", OBJECT), {"context": [("a:b", 1)]}, "context must be a dict"),
        (("s3:GetObject", OBJECT), {"context": {"a:b": {"x": 1}}}, r"context\['a:b'\]: dict is not a context value"),
        (("s3:GetObject", OBJECT), {"context": {1: "x"}}, "a context key must be str, not int"),
    ],
)
def test_request_wrong_kinds_are_type_errors(args, kwargs, message):
    with pytest.raises(TypeError, match=re.escape(message) if "[" not in message else message):
        Request(*args, **kwargs)


def test_request_is_a_value():
    first = Request(
        "s3:GetObject", OBJECT, principal=USER, context={"aws:TagKeys": ["a", "b"], "aws:SecureTransport": True}
    )
    second = Request(
        "s3:GetObject", OBJECT, principal=USER, context={"aws:TagKeys": ["a", "b"], "aws:SecureTransport": True}
    )
    assert first == second and hash(first) == hash(second)
    assert first.context["aws:TagKeys"] == ("a", "b")
    assert eval(repr(first)) == first  # noqa: S307 - repr is an expression by design
    with pytest.raises(TypeError):
        first.context["x:y"] = 1


# --- the decision ------------------------------------------------------------------------------------


def test_decision_fields():
    document = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
            ],
        },
        name="Reports",
    )
    result = evaluate(Request("s3:GetObject", OBJECT, principal=USER), identity_policies=[document])
    assert isinstance(result, Decision) and result.decision in DECISIONS
    assert result.matched == (Match("identity[0] Reports", 0, "Read", "Allow", "Statement[0]"),)
    assert str(result.matched[0]) == "identity[0] Reports Statement[0] (Read): Allow"
    assert result.trace is result.trace  # built once, on first use
    assert result.policies == (("identity[0] Reports", document),)
    assert result.verdict == f"Allow: s3:GetObject on {OBJECT} by {USER}"
    assert result.text().startswith(result.verdict + "\nEvaluation:\n  1. Deny evaluation: ")
    assert repr(result) == f"<Decision Allow: s3:GetObject on {OBJECT} by {USER}>"
    ((statement, status, reason),) = result.statuses("identity[0] Reports")
    assert (statement.sid, status, reason) == ("Read", "deciding", None)
    with pytest.raises(KeyError, match="no policy labelled 'nope'"):
        result.statuses("nope")


def test_statuses_name_the_element_that_failed():
    document = policy(
        {"Sid": "A", **allow("ec2:*")},
        {"Sid": "B", **allow("s3:GetObject", "arn:aws:s3:::other/*")},
        {"Sid": "C", **allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalTag/team": "red"}})},
        {"Sid": "D", **allow("s3:GetObject")},
    )
    result = evaluate(
        Request("s3:GetObject", OBJECT, principal=USER, context={"aws:PrincipalTag/team": "blue"}),
        identity_policies=[document],
    )
    reasons = {st.sid: (status, reason) for st, status, reason in result.statuses("identity[0]")}
    assert reasons["A"] == ("no match", "action: s3:GetObject is not matched by Action [ec2:*]")
    assert reasons["B"] == ("no match", f"resource: {OBJECT} is not matched by Resource [arn:aws:s3:::other/*]")
    assert reasons["C"] == (
        "no match",
        "condition StringEquals aws:PrincipalTag/team: request value 'blue', policy ['red']",
    )
    assert reasons["D"] == ("deciding", None)
    bucket = bucket_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"})
    other = evaluate(Request("s3:GetObject", OBJECT, principal=USER), resource_policy=bucket)
    ((_, status, reason),) = other.statuses("resource policy")
    assert status == "no match" and reason.startswith(f"principal: {USER} is not named by Principal")


def test_allow_statements_that_did_not_decide_are_marked():
    document = policy({"Sid": "Yes", **allow()}, {"Sid": "No", **deny()})
    result = evaluate(Request("s3:GetObject", OBJECT), identity_policies=[document])
    statuses = {st.sid: status for st, status, _ in result.statuses("identity[0]")}
    assert statuses == {"Yes": "applies", "No": "deciding"}


def test_a_cross_account_request_needs_the_resource_side_too():
    # CROSS_ACCOUNT: "the principal's identity-based policy must allow ... the resource-based policy in the
    # trusting account must specify the principal of the trusted account": an identity Allow alone is not enough.
    result = evaluate(
        Request("sqs:SendMessage", "arn:aws:sqs:us-east-1:999999999999:queue", principal=USER),
        identity_policies=[policy(allow("sqs:*"))],
    )
    assert result.decision == "ImplicitDeny" and result.cross_account
    assert result.accounts == (ACCOUNT, "999999999999")
    assert result.trace[-1].key == "resource" and "both" in result.trace[-1].found


def test_the_action_index_reads_only_candidate_statements():
    document = policy(
        allow("s3:GetObject"),
        allow("ec2:*"),
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        allow("*"),
        allow("e*:Describe*"),
    )
    assert [s.index for s in document.candidates("s3")] == [0, 2, 3, 4]
    assert [s.index for s in document.candidates("ec2")] == [1, 2, 3, 4]
    assert [s.index for s in document.candidates("kms")] == [2, 3, 4]


def test_requests_and_decisions_are_read_only():
    request = Request("s3:GetObject", OBJECT)
    result = evaluate(request, identity_policies=[ONLY_S3])
    with pytest.raises(AttributeError, match="Request is immutable"):
        request.action = "s3:PutObject"
    with pytest.raises(AttributeError):
        result.decision = "Allow"
    assert result.slots == frozenset({"identity"})


def test_a_federated_principal_names_the_web_identity_provider():
    # A role's trust policy names the identity provider as a Federated principal; the
    # provider is the requester of sts:AssumeRoleWithWebIdentity.
    # https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
    trust = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                }
            ],
        }
    )
    role = "arn:aws:iam::111122223333:role/CognitoUsers"
    allowed = evaluate(
        Request("sts:AssumeRoleWithWebIdentity", role, principal="cognito-identity.amazonaws.com"),
        resource_policy=trust,
    )
    assert allowed.decision == "Allow"
    other = evaluate(
        Request("sts:AssumeRoleWithWebIdentity", role, principal="s3.amazonaws.com"), resource_policy=trust
    )
    assert other.decision == "ImplicitDeny"


# --- the flowchart a decision draws ----------------------------------------------------------------


def test_flow_is_the_documented_single_account_flow():
    # DENY_ALLOW: Deny evaluation, SCPs, resource-based policy, identity-based policies, boundary, session.
    flow = evaluate(Request("s3:GetObject", OBJECT, principal=USER), identity_policies=[ONLY_S3]).flow
    assert isinstance(flow, Flow)
    assert [key for key, _ in flow.questions] == ["deny", "scp", "resource", "identity", "boundary", "session"]
    assert dict(flow.questions)["boundary"] == "Permissions boundary\nallows?"
    assert flow.outcomes == tuple(OUTCOME_NAMES.items()) and {d for d, _ in flow.outcomes} == set(DECISIONS)
    assert OUTCOME_NAMES["ImplicitDeny"] == "Implicit Deny"
    assert flow.path == ("request", "deny", "scp", "resource", "identity", "boundary", "session", "Allow")
    # A user is no session principal: no session policy was given, so that step is drawn as none given.
    assert flow.skipped == {"scp", "resource", "boundary", "session"}
    assert ("scp", "resource", "yes / none") in flow.edges and not any("root" in e[:2] for e in flow.edges)
    assert ("deny", "ExplicitDeny", "yes") in flow.edges and len(flow.edges) == 13


def test_flow_of_an_explicit_deny_and_of_the_root_user():
    denied = evaluate(Request("s3:GetObject", OBJECT), identity_policies=[policy(deny())])
    assert denied.flow.path == ("request", "deny", "ExplicitDeny")
    assert denied.flow.skipped == frozenset()
    # DENY_ALLOW: the root user is allowed whatever passes the Deny and SCP steps.
    root = evaluate(Request("s3:GetObject", OBJECT, principal=ROOT), scps=[ONLY_S3]).flow
    assert root.path == ("request", "deny", "scp", "root", "Allow")
    assert "root" in dict(root.questions) and dict(root.questions)["root"] == "Root user?"
    assert ("scp", "root", "yes / none") in root.edges and ("scp", "resource", "yes / none") not in root.edges
    assert root.skipped == frozenset()


def test_flow_draws_a_given_session_policy_as_a_step():
    given = evaluate(
        Request("s3:GetObject", OBJECT, principal=ROLE_SESSION), identity_policies=[ONLY_S3], session_policy=ONLY_S3
    )
    assert "session" not in given.flow.skipped and given.flow.path[-2:] == ("session", "Allow")
    without = evaluate(Request("s3:GetObject", OBJECT, principal=ROLE_SESSION), identity_policies=[ONLY_S3])
    assert "session" in without.flow.skipped and without.decision == "Allow"
