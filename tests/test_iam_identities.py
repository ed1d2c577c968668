"""IAM identities: root user, users, groups, roles, policy attachment rules and assuming roles."""

import re

import pytest

from awsbasics import data
from awsbasics.errors import AwsRuleError, PolicyError
from awsbasics.iam import Decision, Policy, evaluate
from awsbasics.iam.identities import (
    GROUPS_PER_USER_MAX,
    MANAGED_POLICIES_PER_IDENTITY,
    ROLE_TRUST_POLICY_MAX_CHARS,
    AccessDeniedError,
    Account,
    AssumeRoleCheck,
    IdentityError,
    ManagedPolicy,
    RoleSession,
    assume_role,
    check_assume_role,
)
from awsbasics.iam.lint import INLINE_POLICY_MAX_CHARS

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
QUOTAS = IAM + "reference_iam-quotas.html"
ASSUME_ROLE = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html"
ID = "111122223333"


def document(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*"):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def deny(action, resource="*"):
    return {"Effect": "Deny", "Action": action, "Resource": resource}


def trust(principal, action="sts:AssumeRole"):
    return document({"Effect": "Allow", "Principal": principal, "Action": action})


@pytest.fixture
def account():
    return Account(ID, name="dev")


# --- facts and constants -----------------------------------------------------------------------


def test_quotas_come_from_the_data_file():
    assert data.fact("identity", "groups_per_user_max")["source"] == QUOTAS
    assert GROUPS_PER_USER_MAX == 10
    assert MANAGED_POLICIES_PER_IDENTITY == 10
    assert data.value("identity", "managed_policies_per_identity_max") == 20
    assert ROLE_TRUST_POLICY_MAX_CHARS == 2048
    assert data.value("identity", "name_max_chars") == {
        "user": 64,
        "group": 128,
        "role": 64,
        "policy": 128,
        "role_session": 64,
        "instance profile": 128,
    }
    assert data.value("identity", "role_session_duration_seconds") == {
        "minimum": 900,
        "default": 3600,
        "max_setting_min": 3600,
        "max_setting_max": 43200,
        "role_chaining_max": 3600,
    }


def test_aws_managed_policies_are_the_published_documents():
    admin = ManagedPolicy.aws("AdministratorAccess")
    assert admin.arn == "arn:aws:iam::aws:policy/AdministratorAccess"
    assert admin.aws_managed and admin.kind == "AWS managed"
    assert admin.policy.document["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    reader = ManagedPolicy.aws("AmazonS3ReadOnlyAccess").policy
    assert reader.document["Statement"][0]["Action"] == [
        "s3:Get*",
        "s3:List*",
        "s3:Describe*",
        "s3-object-lambda:Get*",
        "s3-object-lambda:List*",
    ]
    with pytest.raises(IdentityError, match="no AWS managed policy 'PowerUserAccess'.*AdministratorAccess"):
        ManagedPolicy.aws("PowerUserAccess")


# --- account and names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, message",
    [
        ("11112222333", r"'11112222333' is not an AWS account ID: an account ID is exactly 12 digits"),
        ("1111-2222-3333", r"exactly 12 digits"),
    ],
)
def test_account_ids(bad, message):
    with pytest.raises(IdentityError, match=message):
        Account(bad)
    with pytest.raises(TypeError):
        Account(111122223333)


@pytest.mark.parametrize(
    "kind, name, ok",
    [
        ("user", "alice", True),
        ("user", "a.b+c=d,e@f_g-h", True),
        ("user", "a" * 64, True),
        ("user", "a" * 65, False),
        ("user", "alice smith", False),
        ("user", "", False),
        ("user", "ali/ce", False),
        ("group", "g" * 128, True),
        ("group", "g" * 129, False),
        ("role", "r" * 64, True),
        ("role", "r" * 65, False),
    ],
)
def test_names_follow_iam_rules(account, kind, name, ok):
    create = {
        "user": account.add_user,
        "group": account.add_group,
        "role": lambda n: account.add_role(n, trust_policy=trust({"AWS": ID})),
    }[kind]
    if ok:
        assert create(name).name == name
    else:
        with pytest.raises(
            IdentityError, match=rf"is not a valid {kind} name: IAM {kind} names are 1 to \d+ characters"
        ):
            create(name)


def test_names_are_unique_without_regard_to_case(account):
    account.add_group("ADMINS")
    with pytest.raises(IdentityError, match="a group named 'ADMINS' already exists; IAM group names are unique"):
        account.add_group("admins")
    assert account.group("Admins").name == "ADMINS"
    with pytest.raises(IdentityError, match=r"account 111122223333 has no user 'nobody' \(its users: none\)"):
        account.user("nobody")


# --- users and groups --------------------------------------------------------------------------


def test_a_new_user_has_no_permissions(account):
    alice = account.add_user("alice")
    decision = alice.evaluate("s3:GetObject", "arn:aws:s3:::b/k")
    assert decision.decision == "ImplicitDeny"
    assert decision.trace[-1].found == "no identity-based policies given, so nothing allows the request"


def test_effective_permissions_are_own_plus_groups(account):
    readers = account.add_group("Readers")
    readers.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    writers = account.add_group("Writers")
    writers.put_inline_policy("Write", document(allow("s3:PutObject", "arn:aws:s3:::b/*")))
    alice = account.add_user("alice", groups=["Readers", writers])
    alice.put_inline_policy("OwnHome", document(allow("s3:DeleteObject", "arn:aws:s3:::home/${aws:username}/*")))
    sources = [how for how, _ in alice.effective_policies()]
    assert sources == [
        "user: inline OwnHome",
        "group Readers: AWS managed AmazonS3ReadOnlyAccess",
        "group Writers: inline Write",
    ]
    assert alice.can("s3:GetObject", "arn:aws:s3:::b/k")
    assert alice.can("s3:PutObject", "arn:aws:s3:::b/k")
    assert alice.can("s3:DeleteObject", "arn:aws:s3:::home/alice/x")  # aws:username comes from the user
    assert not alice.can("s3:DeleteObject", "arn:aws:s3:::home/bob/x")
    readers.remove_user(alice)
    assert not alice.can("s3:GetObject", "arn:aws:s3:::b/k")


def test_the_same_policy_twice_is_listed_once(account):
    managed = account.add_policy("Read", document(allow("s3:GetObject")))
    group = account.add_group("G")
    group.attach_policy(managed)
    user = account.add_user("u", groups=["G"])
    user.attach_policy(managed)
    assert [how for how, _ in user.effective_policies()] == ["user: customer managed Read"]


def test_a_deny_in_a_group_wins_over_the_users_allow(account):
    account.add_group("NoDelete").put_inline_policy("Deny", document(deny("s3:DeleteBucket")))
    user = account.add_user("u", groups=["NoDelete"])
    user.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    decision = user.evaluate("s3:DeleteBucket", "arn:aws:s3:::b")
    assert decision.decision == "ExplicitDeny"
    assert [str(m) for m in decision.matched] == ["identity[1] NoDelete/Deny (inline) Statement[0]: Deny"]


def test_principal_keys_are_derived_and_can_be_overridden(account):
    user = account.add_user("alice")
    request = user.request("s3:GetObject", "*", context={"AWS:USERNAME": "mallory", "aws:SourceIp": "203.0.113.7"})
    assert request.principal == user.arn == "arn:aws:iam::111122223333:user/alice"
    assert dict(request.context) == {
        "aws:PrincipalArn": user.arn,
        "aws:PrincipalAccount": ID,
        "aws:PrincipalType": "User",
        "AWS:USERNAME": "mallory",
        "aws:SourceIp": "203.0.113.7",
    }


def test_group_rules(account):
    group = account.add_group("G")
    other = account.add_group("H")
    with pytest.raises(IdentityError, match="group H cannot be added to group G: IAM groups contain users only"):
        group.add_user(other)
    user = account.add_user("u", groups=[group])
    with pytest.raises(IdentityError, match="user u is already in group G"):
        group.add_user(user)
    foreign = Account("444455556666").add_user("x")
    with pytest.raises(IdentityError, match="is in another account"):
        group.add_user(foreign)
    with pytest.raises(TypeError):
        group.add_user("u")


def test_a_user_belongs_to_at_most_ten_groups(account):
    groups = [account.add_group(f"g{i}") for i in range(GROUPS_PER_USER_MAX + 1)]
    user = account.add_user("u", groups=groups[:GROUPS_PER_USER_MAX])
    with pytest.raises(
        IdentityError, match=r"user u is already in 10 groups, the most an IAM user can belong to \(10\)"
    ):
        groups[-1].add_user(user)
    assert len(user.groups) == 10 and user not in groups[-1].users
    with pytest.raises(IdentityError, match="11 groups given; an IAM user can be in at most 10"):
        account.add_user("v", groups=groups)
    with pytest.raises(IdentityError):
        account.user("v")  # nothing was created


def test_managed_policy_quota_and_duplicates(account):
    user = account.add_user("u")
    policies = [account.add_policy(f"P{i}", document(allow(f"s3:Get{i}"))) for i in range(11)]
    for policy in policies[:10]:
        user.attach_policy(policy)
    with pytest.raises(IdentityError, match="already has 10 managed policies attached, the default quota of 10"):
        user.attach_policy(policies[10])
    with pytest.raises(IdentityError, match="is already attached to user u"):
        user.attach_policy(policies[0])
    user.detach_policy(policies[0])
    user.attach_policy(policies[10])
    with pytest.raises(IdentityError, match="is not attached"):
        user.detach_policy(policies[0])
    with pytest.raises(TypeError, match="use put_inline_policy for a policy document"):
        user.attach_policy(document(allow("s3:*")))


def test_customer_managed_policies_stay_in_their_account(account):
    other = Account("444455556666")
    foreign = other.add_policy("Theirs", document(allow("s3:*")))
    assert foreign.arn == "arn:aws:iam::444455556666:policy/Theirs" and foreign.kind == "customer managed"
    with pytest.raises(
        IdentityError,
        match="belongs to account 444455556666; a customer managed policy can be attached only in its own account",
    ):
        account.add_user("u").attach_policy(foreign)


def test_managed_policy_size_quota(account):
    big = document(*[allow(f"s3:Action{i:04d}", f"arn:aws:s3:::bucket-{i:04d}/*") for i in range(120)])
    with pytest.raises(IdentityError, match=r"policy Big has [\d,]+ characters, over the 6,144-character quota"):
        account.add_policy("Big", big)


@pytest.mark.parametrize("kind", ["user", "group", "role"])
def test_inline_policies_share_an_aggregate_quota(account, kind):
    identity = {
        "user": lambda: account.add_user("x"),
        "group": lambda: account.add_group("x"),
        "role": lambda: account.add_role("x", trust_policy=trust({"AWS": ID})),
    }[kind]()
    limit = INLINE_POLICY_MAX_CHARS[kind]
    statements, size = [], 0
    while True:
        candidate = statements + [allow(f"s3:Get{len(statements):05d}", f"arn:aws:s3:::b{len(statements):05d}/*")]
        size = Policy.from_json(document(*candidate)).size_chars
        if size > limit // 2:
            break
        statements = candidate
    first = identity.put_inline_policy("First", document(*statements))
    second = identity.put_inline_policy("Second", document(*statements))
    assert first.size_chars + second.size_chars <= limit
    with pytest.raises(
        IdentityError,
        match=rf"that exceeds the {limit:,}-character quota for all inline policies "
        rf"of an IAM {kind}",
    ):
        identity.put_inline_policy("Third", document(*statements))
    assert set(identity.inline_policies) == {"First", "Second"}
    identity.delete_inline_policy("Second")  # deleting frees the space
    identity.put_inline_policy("Third", document(*statements))
    assert set(identity.inline_policies) == {"First", "Third"}


@pytest.mark.parametrize("name", ["has space", "a/b", "a*", "q?", "back\\slash", "", "é"])
def test_inline_policy_names(account, name):
    with pytest.raises(IdentityError, match="is not a valid inline policy name"):
        account.add_user("u").put_inline_policy(name, document(allow("s3:*")))


def test_inline_policies_are_validated_as_identity_policies(account):
    user = account.add_user("u")
    with pytest.raises(PolicyError, match=r"Statement\[0\]\.Effect"):
        user.put_inline_policy("Bad", {"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]})
    assert user.inline_policies == {}


def test_permissions_boundary_caps_a_user(account):
    user = account.add_user("u")
    user.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    user.set_permissions_boundary(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    assert user.can("s3:GetObject", "arn:aws:s3:::b/k")
    decision = user.evaluate("ec2:RunInstances", "*")
    assert decision.decision == "ImplicitDeny"
    assert decision.trace[-1].found == "the permissions boundary does not allow this request"
    user.set_permissions_boundary(None)
    assert user.can("ec2:RunInstances", "*")


# --- root user ---------------------------------------------------------------------------------


def test_root_user_is_allowed_unless_denied_by_a_resource_policy_or_an_scp(account):
    root = account.root
    assert root.arn == "arn:aws:iam::111122223333:root" and root.label == "root user (111122223333)"
    assert root.evaluate("s3:DeleteBucket", "arn:aws:s3:::b").decision == "Allow"
    assert root.principal_context()["aws:PrincipalType"] == "Account"
    bucket = document({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b"})
    assert root.evaluate("s3:DeleteBucket", "arn:aws:s3:::b", resource_policy=bucket).decision == "ExplicitDeny"
    scp = document(deny("s3:DeleteBucket"), allow("*"))
    assert root.evaluate("s3:DeleteBucket", "arn:aws:s3:::b", scps=[scp]).decision == "ExplicitDeny"
    assert data.value("identity", "root_user_tasks")[4] == "Close the AWS account"


# --- roles -------------------------------------------------------------------------------------


def test_trust_policy_rules(account):
    with pytest.raises(PolicyError, match=r"Statement\[0\]: a statement needs Principal or NotPrincipal"):
        account.add_role("R", trust_policy=document(allow("sts:AssumeRole")))
    identity_kind = Policy.from_json(document(allow("sts:AssumeRole")))
    with pytest.raises(IdentityError, match="the trust policy of role R has no Principal"):
        account.add_role("R", trust_policy=identity_kind)
    big = document(
        *[
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ID}:user/user{i:04d}"}, "Action": "sts:AssumeRole"}
            for i in range(40)
        ]
    )
    with pytest.raises(IdentityError, match=r"over the 2,048-character quota for role trust policies"):
        account.add_role("R", trust_policy=big)
    with pytest.raises(IdentityError, match="a maximum session duration of 1800 s is outside 3600 to 43200 s"):
        account.add_role("R", trust_policy=trust({"AWS": ID}), max_session_duration_seconds=1800)
    role = account.add_role("R", trust_policy=trust({"AWS": ID}))
    with pytest.raises(IdentityError):
        role.update_trust_policy(identity_kind)
    assert role.trust_policy.document == trust({"AWS": ID})  # unchanged


def test_trust_policy_naming_the_user_needs_no_identity_policy(account):
    alice = account.add_user("alice")
    role = account.add_role("Auditor", trust_policy=trust({"AWS": alice.arn}))
    check = check_assume_role(alice, role)
    assert isinstance(check, AssumeRoleCheck) and check.allowed and check.trusted
    assert check.decision.trace[2].outcome == "Allow"  # the resource-based policy grants directly


def test_trust_policy_naming_the_account_needs_an_identity_allow(account):
    alice = account.add_user("alice")
    role = account.add_role("Auditor", trust_policy=trust({"AWS": f"arn:aws:iam::{ID}:root"}))
    check = check_assume_role(alice, role)
    assert not check.allowed and check.trusted
    assert check.reason.endswith(
        "Identity-based policies - no identity-based policies given, so nothing allows the request"
    )
    alice.put_inline_policy("Assume", document(allow("sts:AssumeRole", role.arn)))
    assert check_assume_role(alice, role).allowed


def test_an_identity_allow_alone_cannot_assume_a_role(account):
    """The trust policy must allow the principal itself (the STS AssumeRole rule)."""
    alice, bob = account.add_user("alice"), account.add_user("bob")
    bob.put_inline_policy("AssumeAll", document(allow("sts:AssumeRole")))
    role = account.add_role("Auditor", trust_policy=trust({"AWS": alice.arn}))
    check = check_assume_role(bob, role)
    assert check.decision.decision == "Allow" and not check.trusted and not check.allowed
    with pytest.raises(AccessDeniedError, match="the role's trust policy does not name this principal") as caught:
        assume_role(bob, role, session_name="bob")
    assert isinstance(caught.value.decision, Decision)


def test_assume_role_gives_a_session_with_the_roles_permissions(account):
    alice = account.add_user("alice")
    role = account.add_role("Admin", trust_policy=trust({"AWS": alice.arn}), max_session_duration_seconds=7200)
    role.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    assert not alice.can("ec2:RunInstances", "*")
    session = assume_role(alice, role, session_name="alice-admin", duration_seconds=7200)
    assert isinstance(session, RoleSession)
    assert session.arn == "arn:aws:sts::111122223333:assumed-role/Admin/alice-admin"
    assert session.can("ec2:RunInstances", "*")
    assert session.principal_context() == {
        "aws:PrincipalArn": role.arn,
        "aws:PrincipalAccount": ID,
        "aws:PrincipalType": "AssumedRole",
    }
    assert session.overview == (
        "arn:aws:sts::111122223333:assumed-role/Admin/alice-admin: role Admin assumed by "
        "arn:aws:iam::111122223333:user/alice for 7,200 s, 1 permission policies, "
        "without a session policy"
    )


def test_a_session_policy_limits_the_session(account):
    alice = account.add_user("alice")
    role = account.add_role("Admin", trust_policy=trust({"AWS": alice.arn}))
    role.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    session = assume_role(alice, role, session_name="narrow", session_policy=document(allow("s3:GetObject")))
    assert session.can("s3:GetObject", "arn:aws:s3:::b/k")
    decision = session.evaluate("s3:PutObject", "arn:aws:s3:::b/k")
    assert decision.decision == "ImplicitDeny"
    assert decision.trace[-1].found == "the session policy does not allow this request"


def test_a_role_trusted_by_role_arn_lets_its_sessions_chain(account):
    alice = account.add_user("alice")
    first = account.add_role("First", trust_policy=trust({"AWS": alice.arn}))
    first.put_inline_policy("Chain", document(allow("sts:AssumeRole")))
    second = account.add_role("Second", trust_policy=trust({"AWS": first.arn}))
    session = assume_role(alice, first, session_name="one")
    chained = assume_role(session, second, session_name="two")
    assert chained.source == session.arn
    with pytest.raises(
        IdentityError, match="a session of 7200 s is outside 900 to 3600 s: role chaining is limited to one hour"
    ):
        assume_role(session, second, session_name="two", duration_seconds=7200)


def test_a_service_principal_can_assume_a_role_that_trusts_it(account):
    role = account.add_role("Ec2App", trust_policy=trust({"Service": "ec2.amazonaws.com"}))
    session = assume_role("ec2.amazonaws.com", role, session_name="i-0123456789")
    assert session.source == "ec2.amazonaws.com"
    with pytest.raises(AccessDeniedError, match="lambda.amazonaws.com may not assume"):
        assume_role("lambda.amazonaws.com", role, session_name="fn-1")


@pytest.mark.parametrize(
    "options, message",
    [
        ({"session_name": "a"}, r"'a' is not a valid role session name: 2 to 64 characters"),
        ({"session_name": "has space"}, "is not a valid role session name"),
        ({"session_name": "s" * 65}, "is not a valid role session name"),
        (
            {"session_name": "ok", "duration_seconds": 899},
            "a session of 899 s is outside 900 to 3600 s: the role's maximum session duration is 3600 s",
        ),
        ({"session_name": "ok", "duration_seconds": 3601}, "outside 900 to 3600 s"),
    ],
)
def test_assume_role_argument_rules(account, options, message):
    alice = account.add_user("alice")
    role = account.add_role("R", trust_policy=trust({"AWS": alice.arn}))
    with pytest.raises(IdentityError, match=message):
        assume_role(alice, role, **options)


def test_the_root_user_cannot_call_assume_role(account):
    role = account.add_role("R", trust_policy=trust({"AWS": ID}))
    with pytest.raises(
        IdentityError,
        match="is the root user: AssumeRole must be called with an IAM user's or a role session's credentials",
    ):
        assume_role(account.root, role, session_name="root")
    assert "root user's credentials cannot call it" in data.value("identity", "assume_role_callers")


def test_a_deny_in_the_trust_policy_wins(account):
    alice = account.add_user("alice")
    role = account.add_role(
        "R",
        trust_policy=document(
            {"Effect": "Allow", "Principal": {"AWS": ID}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": {"AWS": alice.arn}, "Action": "sts:AssumeRole"},
        ),
    )
    alice.put_inline_policy("Assume", document(allow("sts:AssumeRole")))
    check = check_assume_role(alice, role)
    assert check.decision.decision == "ExplicitDeny" and not check.allowed


def test_decisions_equal_a_direct_engine_call(account):
    """The identity model only gathers policies: the engine decides."""
    group = account.add_group("G")
    group.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    user = account.add_user("u", groups=["G"])
    user.put_inline_policy("Deny", document(deny("s3:GetObject", "arn:aws:s3:::secret/*")))
    for resource in ("arn:aws:s3:::public/a", "arn:aws:s3:::secret/a"):
        direct = evaluate(
            user.request("s3:GetObject", resource), identity_policies=[p for _, p in user.effective_policies()]
        )
        assert user.evaluate("s3:GetObject", resource).decision == direct.decision


def test_displays_have_text_and_html(account):
    user = account.add_user("alice", groups=[account.add_group("Readers")])
    user.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    bundle = user._repr_mimebundle_()
    assert bundle["text/plain"].startswith("IAM user alice (arn:aws:iam::111122223333:user/alice), groups: Readers")
    assert "<td>user: AWS managed AmazonS3ReadOnlyAccess</td>" in bundle["text/html"]
    role = account.add_role("R", trust_policy=trust({"AWS": user.arn}))
    check = check_assume_role(user, role)
    html = check._repr_mimebundle_()["text/html"]
    assert html.startswith("<p><strong>ALLOWED: arn:aws:iam::111122223333:user/alice may assume")
    assert "<svg" in html
    session = assume_role(user, role, session_name="s1")
    assert "no policies" in session._repr_mimebundle_()["text/plain"]


def test_text_views(account):
    readers = account.add_group("Readers")
    readers.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    user = account.add_user("alice", groups=["Readers"])
    lines = user.text().split("\n")
    assert lines[0] == "IAM user alice (arn:aws:iam::111122223333:user/alice), groups: Readers"
    assert lines[1].split() == ["attached", "as", "policy", "statements"]
    assert lines[2].split() == [
        "group",
        "Readers:",
        "AWS",
        "managed",
        "AmazonS3ReadOnlyAccess",
        "AmazonS3ReadOnlyAccess",
        "1",
    ]
    role = account.add_role("Auditor", trust_policy=trust({"AWS": user.arn}))
    role.put_inline_policy("ReadLogs", document(allow("logs:GetLogEvents")))
    check = check_assume_role(user, role)
    assert check.verdict == f"ALLOWED: {user.arn} may assume {role.arn}"
    assert check.text() == check.verdict + "\n" + check.decision.text()
    outsider = account.add_user("bob")
    assert check_assume_role(outsider, role).verdict.startswith(f"DENIED: {outsider.arn} may not assume {role.arn}")


def test_a_session_lists_the_policies_its_requests_are_evaluated_with(account):
    alice = account.add_user("alice")
    role = account.add_role("Admin", trust_policy=trust({"AWS": alice.arn}))
    role.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    narrow = assume_role(alice, role, session_name="narrow", session_policy=document(allow("s3:GetObject")))
    assert [how for how, _ in narrow.effective_policies()] == ["AWS managed AdministratorAccess", "session policy"]
    assert narrow.effective_policies()[1][1] is narrow.session_policy
    assert narrow.overview.endswith("1 permission policies, with a session policy")
    assert narrow.text().split("\n")[0] == narrow.overview
    assert narrow.text().split("\n")[-1].split() == ["session", "policy", "session", "policy", "of", "narrow", "1"]
    plain = assume_role(alice, role, session_name="plain")
    assert [how for how, _ in plain.effective_policies()] == ["AWS managed AdministratorAccess"]


def test_errors_are_rule_errors():
    assert issubclass(IdentityError, AwsRuleError) and issubclass(AccessDeniedError, AwsRuleError)
    assert re.match(r"^An IAM identity", IdentityError.__doc__)
