"""IAM Identity Center permission sets, instance profiles, Lambda execution roles and boundaries, against the AWS pages."""

import pytest

from awsbasics.errors import AccessDeniedError, IdentityError
from awsbasics.iam import (
    Account,
    IdentityCenter,
    InstanceProfile,
    ManagedPolicy,
    Organization,
    lambda_credentials,
    service_trust_policy,
)
from awsbasics.iam.identities import assume_role

PERMISSION_SETS = "https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html"
IC_ROLES = "https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html"
CREATE_PERMISSION_SET = "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html"
INSTANCE_PROFILES = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html"
)
LAMBDA_ROLE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"
BOUNDARIES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"
CROSS_ACCOUNT = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html"
)

REPORT = "arn:aws:s3:::reports/q1.csv"


@pytest.fixture
def setup():
    dev = Account("444455556666", name="dev")
    prod = Account("555566667777", name="prod")
    center = IdentityCenter("111111111111")
    center.add_group("Developers")
    jiwoo = center.add_user("jiwoo", display_name="Jiwoo Kim", groups=["Developers"])
    center.add_user("minsu")
    readers = center.add_permission_set("S3Reader", managed_policies=[ManagedPolicy.aws("AmazonS3ReadOnlyAccess")])
    admins = center.add_permission_set(
        "Admin", managed_policies=[ManagedPolicy.aws("AdministratorAccess")], session_duration_seconds=4 * 3600
    )
    return center, dev, prod, jiwoo, readers, admins


def test_a_permission_set_becomes_a_role_in_each_assigned_account(setup):
    # PERMISSION_SETS / IC_ROLES: "When you assign a permission set, IAM Identity Center creates corresponding
    # IAM Identity Center-controlled IAM roles in each account, and attaches the policies specified in the
    # permission set to those roles"; their names begin "AWSReservedSSO_".
    center, dev, prod, _, readers, _ = setup
    a = center.assign(center.group("Developers"), readers, dev)
    b = center.assign("jiwoo", readers, prod)
    assert (
        a.role.name.startswith("AWSReservedSSO_S3Reader_") and len(a.role.name) == len("AWSReservedSSO_S3Reader_") + 16
    )
    assert a.role.name == b.role.name and a.role is not b.role  # the same name, one role per account
    assert [m.name for m in a.role.managed_policies] == ["AmazonS3ReadOnlyAccess"]
    assert a.role.max_session_duration_seconds == 3600
    trust = a.role.trust_policy.document["Statement"][0]
    assert trust["Principal"]["Federated"].startswith("arn:aws:iam::444455556666:saml-provider/AWSSSO_")
    assert "sts:AssumeRoleWithSAML" in trust["Action"]


def test_a_person_signs_in_and_is_allowed_by_the_permission_set(setup):
    # PERMISSION_SETS: users "assume the role" through the access portal; requests use the set's policies.
    center, dev, _, _, readers, _ = setup
    center.assign(center.group("Developers"), readers, dev)
    session = center.sign_in("jiwoo", account=dev, permission_set="S3Reader")
    assert session.session_name == "jiwoo" and session.role.account is dev
    assert session.arn == f"arn:aws:sts::444455556666:assumed-role/{session.role.name}/jiwoo"
    assert session.evaluate("s3:GetObject", REPORT).decision == "Allow"
    assert session.evaluate("s3:PutObject", REPORT).decision == "ImplicitDeny"
    request = session.request("s3:GetObject", REPORT)
    assert request.context["aws:PrincipalArn"] == session.role.arn
    assert request.context["aws:PrincipalType"] == "AssumedRole"
    assert "aws:username" not in request.context  # a role session has no aws:username


def test_sign_in_needs_an_assignment(setup):
    center, dev, prod, _, readers, _ = setup
    center.assign("jiwoo", readers, dev)
    with pytest.raises(AccessDeniedError, match="offers: S3Reader in 444455556666"):
        center.sign_in("jiwoo", account=prod, permission_set="S3Reader")
    with pytest.raises(AccessDeniedError, match="offers: nothing"):
        center.sign_in("minsu", account=dev, permission_set="S3Reader")


def test_the_access_portal_lists_direct_and_group_assignments_once(setup):
    center, dev, prod, _, readers, admins = setup
    center.assign("jiwoo", readers, dev)
    center.assign(center.group("Developers"), readers, dev)
    center.assign(center.group("Developers"), admins, prod)
    shown = [(a.account_id, a.permission_set.name) for a in center.access_portal("jiwoo")]
    assert shown == [("444455556666", "S3Reader"), ("555566667777", "Admin")]
    assert center.sign_in("jiwoo", account=prod, permission_set="Admin").duration_seconds == 4 * 3600
    assert "jiwoo" not in center.text().split("\n", 1)[0]
    assert center.text().count("AWSReservedSSO_") == 3


def test_customer_managed_policies_are_named_and_must_exist_in_the_account(setup):
    # PERMISSION_SETS: customer managed policies are referenced by name in each account.
    center, dev, _, _, _, _ = setup
    named = center.add_permission_set("Reports", customer_managed_policy_names=["ReportsRead"])
    with pytest.raises(IdentityError, match="has no policy 'ReportsRead'"):
        center.assign("jiwoo", named, dev)
    assert not center.assignments and not dev.roles  # the refused assignment changed nothing
    dev.add_policy(
        "ReportsRead",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
        },
    )
    assert center.assign("jiwoo", named, dev).role.managed_policies[0].owner == dev.id


@pytest.mark.parametrize(
    "name, seconds, message",
    [
        ("a" * 33, 3600, "1 to 32"),  # CREATE_PERMISSION_SET: Name length 1 to 32
        ("bad name", 3600, "not a permission set name"),
        ("Short", 1800, "outside 3,600 to 43,200"),
        ("Long", 13 * 3600, "outside 3,600 to 43,200"),
    ],
)
def test_permission_set_rules(setup, name, seconds, message):
    center = setup[0]
    with pytest.raises(IdentityError, match=message):
        center.add_permission_set(name, session_duration_seconds=seconds)


def test_a_permission_set_boundary_caps_the_role(setup):
    # BOUNDARIES: the effective permissions are what both the identity policies and the boundary allow.
    center, dev, _, _, _, _ = setup
    boundary = dev.add_policy(
        "OnlyS3", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    )
    capped = center.add_permission_set(
        "CappedAdmin", managed_policies=[ManagedPolicy.aws("AdministratorAccess")], permissions_boundary=boundary
    )
    center.assign("jiwoo", capped, dev)
    session = center.sign_in("jiwoo", account=dev, permission_set="CappedAdmin")
    assert session.evaluate("s3:PutObject", REPORT).allowed
    assert session.evaluate("ec2:RunInstances", "*").trace[-1].key == "boundary"


def test_a_developer_creates_roles_only_within_a_boundary():
    # BOUNDARIES ("delegating responsibility to others"): iam:CreateRole is allowed only with the boundary
    # condition iam:PermissionsBoundary, so roles the developer creates cannot exceed the boundary.
    account = Account("444455556666")
    boundary_arn = "arn:aws:iam::444455556666:policy/DeveloperBoundary"
    dev = account.add_user("dev")
    dev.put_inline_policy(
        "CreateRolesWithinBoundary",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["iam:CreateRole", "iam:AttachRolePolicy"],
                    "Resource": "*",
                    "Condition": {"StringEquals": {"iam:PermissionsBoundary": boundary_arn}},
                }
            ],
        },
    )
    role = "arn:aws:iam::444455556666:role/app"
    assert dev.evaluate("iam:CreateRole", role, context={"iam:PermissionsBoundary": boundary_arn}).allowed
    assert dev.evaluate("iam:CreateRole", role).decision == "ImplicitDeny"
    other = "arn:aws:iam::444455556666:policy/AdministratorAccess"
    assert dev.evaluate("iam:CreateRole", role, context={"iam:PermissionsBoundary": other}).decision == "ImplicitDeny"


def test_an_instance_profile_gives_an_instance_the_role_credentials():
    # INSTANCE_PROFILES: an instance profile contains one role; EC2 (ec2.amazonaws.com) assumes it for the instance.
    account = Account("111122223333")
    role = account.add_role("WebServer", trust_policy=service_trust_policy("ec2.amazonaws.com"))
    role.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    profile = InstanceProfile("WebServer", role)
    assert profile.arn == "arn:aws:iam::111122223333:instance-profile/WebServer"
    session = profile.credentials("i-0abc1234def567890")
    assert session.source == "ec2.amazonaws.com" and session.check.trusted
    assert session.evaluate("s3:GetObject", REPORT).allowed
    with pytest.raises(IdentityError, match="at most 1 role"):
        InstanceProfile("Two", [role, role])
    with pytest.raises(IdentityError, match="not an instance ID"):
        profile.credentials("web-1")


def test_a_role_ec2_may_not_assume_gives_no_credentials():
    account = Account("111122223333")
    role = account.add_role("LambdaOnly", trust_policy=service_trust_policy("lambda.amazonaws.com"))
    with pytest.raises(AccessDeniedError, match="may not assume"):
        InstanceProfile("p", role).credentials("i-0abc1234")


def test_a_lambda_function_runs_with_its_execution_role():
    # LAMBDA_ROLE: the execution role's trust policy names lambda.amazonaws.com.
    account = Account("111122223333")
    role = account.add_role("thumbnailer-role", trust_policy=service_trust_policy("lambda.amazonaws.com"))
    session = lambda_credentials(role, "thumbnailer")
    assert session.arn == "arn:aws:sts::111122223333:assumed-role/thumbnailer-role/thumbnailer"
    with pytest.raises(IdentityError, match="not a Lambda function name"):
        lambda_credentials(role, "bad name")
    with pytest.raises(IdentityError, match="service principal"):
        service_trust_policy("ec2")


def test_a_cross_account_role_trust_needs_both_sides():
    # CROSS_ACCOUNT: the trust policy (trusting side) and the caller's identity policy (trusted side) must allow.
    tools = Account("111122223333", name="tools")
    prod = Account("555566667777", name="prod")
    deployer = prod.add_role(
        "Deployer",
        trust_policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}],
        },
    )
    ci = tools.add_user("ci")
    with pytest.raises(AccessDeniedError):
        assume_role(ci, deployer, session_name="ci")
    ci.put_inline_policy(
        "AssumeDeployer",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": deployer.arn}],
        },
    )
    session = assume_role(ci, deployer, session_name="ci")
    assert session.check.decision.cross_account


def test_organization_rcps_block_outsiders_from_member_buckets():
    # RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
    org = Organization(Account("111111111111", name="management"))
    data_account = Account("222222222222", name="data")
    org.add_account(data_account)
    org.attach_rcp(
        "Root",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "OnlyOurOrganization",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": org.id}},
                }
            ],
        },
        name="OrgOnly",
    )
    partner = Account("999999999999", name="partner").add_user("kim")
    partner.put_inline_policy(
        "Read", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    )
    bucket = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "999999999999"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::lake/*",
            }
        ],
    }
    outsider = org.evaluate(
        partner, "s3:GetObject", "arn:aws:s3:::lake/a.csv", resource_policy=bucket, resource_account=data_account.id
    )
    assert outsider.decision == "ExplicitDeny"
    without = partner.evaluate(
        "s3:GetObject", "arn:aws:s3:::lake/a.csv", resource_policy=bucket, resource_account=data_account.id
    )
    assert without.allowed  # the same request with no RCPs: both sides allow
    assert org.rcp_levels(org.management) is None and org.rcp_levels("999999999999") is None
    insider = data_account.add_user("analyst")
    insider.put_inline_policy(
        "Read", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    )
    assert org.evaluate(insider, "s3:GetObject", "arn:aws:s3:::lake/a.csv", resource_account=data_account.id).allowed
