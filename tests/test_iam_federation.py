"""Cognito user pools and identity pools, and Organizations with SCPs (the teaching model)."""

import datetime as dt
import re

import pytest

from awsbasics import data
from awsbasics.iam import Policy
from awsbasics.iam.cognito import (
    COGNITO_IDENTITY,
    CREDENTIALS_SECONDS,
    FederationError,
    IdentityPool,
    Tokens,
    UserPool,
    check_web_identity,
)
from awsbasics.iam.identities import AccessDeniedError, Account, ManagedPolicy, RoleSession
from awsbasics.iam.organizations import Organization, landing_zone

AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
ID = "111122223333"


@pytest.fixture
def pool():
    pool = UserPool("shop-users", region="ap-northeast-2")
    pool.add_group("staff", precedence=1)
    pool.add_user("jane", "correct horse", groups=["staff"], attributes={"email": "jane@example.com"})
    return pool


@pytest.fixture
def app(pool):
    return pool.add_app_client("web")


def test_facts():
    assert data.value("identity", "cognito_id_token_validity_seconds") == {
        "default": 3600,
        "minimum": 300,
        "maximum": 86400,
    }
    assert data.value("identity", "cognito_refresh_token_validity_seconds")["default"] == 30 * 24 * 3600
    assert CREDENTIALS_SECONDS == 3600
    change = data.fact("identity", "landing_zone_service")
    assert change["value"] == "AWS Control Tower" and "Account Vending Machine" in change["course_2020"]


# --- user pools ----------------------------------------------------------------------------------


def test_ids_are_deterministic(pool, app):
    again = UserPool("shop-users", region="ap-northeast-2")
    assert pool.id == again.id and re.fullmatch(r"ap-northeast-2_[A-Za-z0-9]{9}", pool.id)
    assert app.client_id == again.add_app_client("web").client_id and re.fullmatch(r"[a-z0-9]{26}", app.client_id)
    assert pool.issuer == f"https://cognito-idp.ap-northeast-2.amazonaws.com/{pool.id}"


def test_sign_in_returns_tokens_with_the_documented_claims(pool, app):
    tokens = pool.sign_in("jane", "correct horse", client=app, at=AT)
    assert isinstance(tokens, Tokens)
    claims = tokens.id_token
    now = int(AT.timestamp())
    assert claims["token_use"] == "id" and claims["aud"] == app.client_id and claims["iss"] == pool.issuer
    assert claims["cognito:username"] == "jane" and claims["email"] == "jane@example.com"
    assert claims["iat"] == claims["auth_time"] == now and claims["exp"] == now + 3600
    assert claims["cognito:groups"] == ["staff"] and "cognito:roles" not in claims
    assert tokens.access_token["token_use"] == "access" and tokens.access_token["client_id"] == app.client_id
    assert tokens.expires_at == AT + dt.timedelta(hours=1)
    assert tokens.text().startswith("tokens for jane from https://cognito-idp.ap-northeast-2.amazonaws.com/")
    first, rest = tokens.text().split("\n", 1)
    assert first.endswith(f"(app client {app.client_id}), groups: staff; ID and access tokens valid for 3,600 s")
    assert rest.startswith('ID token claims:\n{\n  "sub": ') and '\nAccess token claims:\n{\n  "sub": ' in rest


@pytest.mark.parametrize("username, password", [("jane", "wrong"), ("nobody", "correct horse"), ("JANE", "x")])
def test_wrong_credentials_get_one_message(pool, app, username, password):
    with pytest.raises(AccessDeniedError, match=r"^NotAuthorizedException: Incorrect username or password\.$"):
        pool.sign_in(username, password, client=app, at=AT)


def test_sign_in_needs_one_of_the_pools_app_clients(pool):
    other = UserPool("other").add_app_client("web")
    with pytest.raises(FederationError, match="is not an app client of user pool"):
        pool.sign_in("jane", "correct horse", client=other)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"id_token_validity_seconds": 299}, r"an ID token validity of 299 s is outside 300 to 86,400 s"),
        ({"id_token_validity_seconds": 86401}, "outside 300 to 86,400 s"),
        (
            {"refresh_token_validity_seconds": 3599},
            r"a refresh token validity of 3,599 s is outside 3,600 to 315,360,000 s",
        ),
    ],
)
def test_token_lifetimes_are_checked(pool, options, message):
    with pytest.raises(FederationError, match=message):
        pool.add_app_client("x", **options)


def test_user_pool_rules(pool):
    with pytest.raises(FederationError, match="user 'JANE' already exists"):
        pool.add_user("JANE", "pw")
    with pytest.raises(FederationError, match="has no group 'admins'; add it with add_group first"):
        pool.add_user("joe", "pw", groups=["admins"])
    with pytest.raises(FederationError, match="'us east' is not a Region code"):
        UserPool("p", region="us east")
    with pytest.raises(TypeError):
        pool.add_user("joe", 1234)


# --- identity pools ------------------------------------------------------------------------------


@pytest.fixture
def account():
    return Account(ID)


def shop(account, pool, app, *, guests=False):
    """An identity pool whose roles trust it, as the Cognito guide shows."""
    probe = IdentityPool(
        "shop",
        account=account,
        providers=[(pool, app)],
        authenticated_role=account.add_role(
            "Placeholder",
            trust_policy={
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": ID}, "Action": "sts:AssumeRole"}],
            },
        ),
    )
    signed_in = account.add_role("ShopUser", trust_policy=probe.trust_policy())
    signed_in.put_inline_policy(
        "OwnPrefix",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": f"arn:aws:s3:::uploads/${{{COGNITO_IDENTITY}:sub}}/*",
                }
            ],
        },
    )
    guest = account.add_role("ShopGuest", trust_policy=probe.trust_policy(authenticated=False))
    guest.put_inline_policy(
        "Catalog",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::catalog/*"}],
        },
    )
    return IdentityPool(
        "shop",
        account=account,
        providers=[(pool, app)],
        authenticated_role=signed_in,
        unauthenticated_role=guest if guests else None,
    )


def test_trust_policy_matches_the_cognito_guide(account, pool, app):
    identity_pool = shop(account, pool, app)
    assert re.fullmatch(r"ap-northeast-2:[0-9a-f-]{36}", identity_pool.id)
    statement = identity_pool.trust_policy()["Statement"][0]
    assert statement["Principal"] == {"Federated": "cognito-identity.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool.id},
        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
    }


def test_tokens_become_a_role_session_evaluated_with_the_roles_policies(account, pool, app):
    identity_pool = shop(account, pool, app)
    tokens = pool.sign_in("jane", "correct horse", client=app, at=AT)
    session = identity_pool.get_credentials(tokens, at=AT + dt.timedelta(minutes=5))
    assert isinstance(session, RoleSession)
    assert session.arn == f"arn:aws:sts::{ID}:assumed-role/ShopUser/CognitoIdentityCredentials"
    assert session.duration_seconds == 3600
    own = identity_pool.identity_id(tokens)
    assert session.principal_context()[f"{COGNITO_IDENTITY}:sub"] == own
    assert session.can("s3:PutObject", f"arn:aws:s3:::uploads/{own}/photo.jpg")
    assert not session.can("s3:PutObject", "arn:aws:s3:::uploads/someone-else/photo.jpg")
    check = identity_pool.check(tokens, at=AT)
    assert check.allowed and check.decision.decision == "Allow"


def test_guests_need_guest_access_and_get_the_guest_role(account, pool, app):
    with pytest.raises(AccessDeniedError, match="unauthenticated access is not supported for identity pool"):
        shop(account, pool, app).get_credentials(None)
    other = Account("444455556666")
    guest_pool = shop(other, pool, app, guests=True)
    session = guest_pool.get_credentials(None)
    assert session.role.name == "ShopGuest"
    assert session.can("s3:GetObject", "arn:aws:s3:::catalog/item.json")
    assert not session.can("s3:PutObject", "arn:aws:s3:::uploads/x/photo.jpg")


def test_tokens_are_checked(account, pool, app):
    identity_pool = shop(account, pool, app)
    tokens = pool.sign_in("jane", "correct horse", client=app, at=AT)
    with pytest.raises(AccessDeniedError, match=r"Invalid login token\. Token expired at 2026-11-30T10:00:00\+00:00"):
        identity_pool.get_credentials(tokens, at=AT + dt.timedelta(hours=1))
    stranger = UserPool("elsewhere")
    stranger_app = stranger.add_app_client("web")
    stranger.add_user("eve", "pw")
    foreign = stranger.sign_in("eve", "pw", client=stranger_app, at=AT)
    with pytest.raises(AccessDeniedError, match=r"Invalid login token\. Issuer .* is not a provider"):
        identity_pool.get_credentials(foreign, at=AT)
    second_app = pool.add_app_client("mobile")
    mobile = pool.sign_in("jane", "correct horse", client=second_app, at=AT)
    with pytest.raises(AccessDeniedError, match=r"App client .* is not configured"):
        identity_pool.get_credentials(mobile, at=AT)


def test_a_role_that_trusts_another_pool_is_denied(account, pool, app):
    identity_pool = shop(account, pool, app)
    elsewhere = IdentityPool(
        "other", account=account, providers=[(pool, app)], authenticated_role=identity_pool.authenticated_role
    )
    check = elsewhere.check(pool.sign_in("jane", "correct horse", client=app, at=AT), at=AT)
    assert not check.allowed
    assert check.reason.startswith(
        "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity on role ShopUser"
    )
    with pytest.raises(AccessDeniedError) as caught:
        elsewhere.get_credentials(pool.sign_in("jane", "correct horse", client=app, at=AT), at=AT)
    assert caught.value.decision is check.decision or caught.value.decision.decision == "ImplicitDeny"


def test_a_role_without_a_federated_statement_cannot_be_used(account):
    role = account.add_role(
        "Plain",
        trust_policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": ID}, "Action": "sts:AssumeRole"}],
        },
    )
    check = check_web_identity(role, {f"{COGNITO_IDENTITY}:aud": "x"})
    assert check.decision.decision == "ImplicitDeny" and not check.allowed
    assert "Not authorized to perform sts:AssumeRoleWithWebIdentity on role Plain" in check.reason
    assert check._repr_mimebundle_()["text/plain"].startswith("DENIED: AccessDenied")
    assert check.verdict == "DENIED: " + check.reason
    assert check.text() == check.verdict + "\n" + check.decision.text()


def test_preferred_role_from_the_token(account, pool, app):
    identity_pool = shop(account, pool, app)
    editors = account.add_role("Editors", trust_policy=identity_pool.trust_policy())
    pool.add_group("editors", role=editors, precedence=0)
    pool.add_user("ed", "pw", groups=["editors", "staff"])
    tokens = pool.sign_in("ed", "pw", client=app, at=AT)
    assert tokens.id_token["cognito:groups"] == ["editors", "staff"]
    assert tokens.id_token["cognito:preferred_role"] == editors.arn
    assert identity_pool.get_credentials(tokens, at=AT).role.name == "ShopUser"
    by_token = IdentityPool(
        "shop",
        account=account,
        providers=[(pool, app)],
        authenticated_role=identity_pool.authenticated_role,
        role_from_token=True,
    )
    assert by_token.get_credentials(tokens, at=AT).role.name == "Editors"


# --- Organizations -------------------------------------------------------------------------------


@pytest.fixture
def org():
    return landing_zone(allowed_regions=("ap-northeast-2",))


def member(org, name):
    return next(a for a in org.accounts if a.name == name)


def admin_of(account):
    user = account.add_user("admin")
    user.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    return user


def test_landing_zone_layout(org):
    assert [a.name for a in org.accounts] == ["management", "log-archive", "audit", "dev", "prod"]
    levels = org.scp_levels(member(org, "dev"))
    assert [[p.name for p in level] for level in levels] == [
        ["FullAWSAccess", "Guardrails"],
        ["FullAWSAccess", "RegionRestriction"],
        ["FullAWSAccess"],
    ]
    assert org.scp_levels(org.management) is None
    assert org.diagram().caption == (
        f"Organization {org.id} with management account 111111111111: 4 member "
        "accounts in 2 OUs; SCPs and RCPs apply to member accounts only"
    )
    html = org._repr_mimebundle_()["text/html"]
    assert html.startswith('<figure class="awsbasics-diagram"') and "<svg" in html
    # scp_scope: SCPs do not affect users or roles in the management account.
    assert org.text() == org.diagram().caption == org._repr_mimebundle_()["text/plain"]
    alone = Organization(Account("111111111111"))
    assert alone.text() == (
        f"Organization {alone.id} with management account 111111111111: 0 member accounts in "
        "0 OUs; SCPs and RCPs apply to member accounts only"
    )


@pytest.mark.parametrize("region, expected", [("ap-northeast-2", "Allow"), ("us-west-2", "ExplicitDeny")])
def test_region_guardrail(org, region, expected):
    admin = admin_of(member(org, "dev"))
    decision = org.evaluate(admin, "ec2:RunInstances", "*", context={"aws:RequestedRegion": region})
    assert decision.decision == expected


def test_global_services_are_exempt_from_the_region_guardrail(org):
    admin = admin_of(member(org, "prod"))
    assert org.evaluate(admin, "iam:CreateRole", "*", context={"aws:RequestedRegion": "us-east-1"}).allowed


def test_scps_limit_member_root_users_but_not_the_management_account(org):
    dev = member(org, "dev")
    denied = org.evaluate(dev.root, "cloudtrail:StopLogging", "*", context={"aws:RequestedRegion": "ap-northeast-2"})
    assert denied.decision == "ExplicitDeny"
    assert [str(m) for m in denied.matched] == ["scp[0][1] Guardrails Statement[1] (ProtectCloudTrail): Deny"]
    management_admin = admin_of(org.management)
    assert org.evaluate(management_admin, "cloudtrail:StopLogging", "*").allowed
    assert "do not affect users or roles in the management account" in data.value("identity", "scp_scope")


def test_scps_grant_nothing(org):
    log_archive = member(org, "log-archive")
    nobody = log_archive.add_user("nobody")
    assert org.evaluate(nobody, "s3:GetObject", "*").decision == "ImplicitDeny"


def test_removing_full_access_turns_the_scps_into_an_allow_list():
    org = Organization(Account("111111111111"))
    org.add_ou("Sandbox")
    sandbox = Account("999999999999", name="sandbox")
    org.add_account(sandbox, ou="Sandbox")
    org.attach_scp(
        "Sandbox",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*"], "Resource": "*"}],
        },
        name="OnlyS3",
    )
    org.detach_scp("Sandbox", "FullAWSAccess")
    admin = admin_of(sandbox)
    assert org.evaluate(admin, "s3:PutObject", "arn:aws:s3:::b/k").allowed
    decision = org.evaluate(admin, "ec2:RunInstances", "*")
    assert (
        decision.decision == "ImplicitDeny" and decision.trace[-1].found == "no Allow in SCP level 1 for this request"
    )


def test_organization_rules():
    org = Organization(Account("111111111111"))
    with pytest.raises(FederationError, match="is the only SCP on 'Root'; every root, OU and account keeps at least"):
        org.detach_scp("Root", "FullAWSAccess")
    for i in range(4):
        org.attach_scp(
            "Root",
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": f"s3:Delete{i}", "Resource": "*"}]},
            name=f"D{i}",
        )
    with pytest.raises(
        FederationError,
        match=r"already has 5 SCPs attached, the most Organizations allows per root, "
        r"OU or account \(5\)",
    ):
        org.attach_scp(
            "Root",
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:X", "Resource": "*"}]},
            name="D5",
        )
    parent = "Root"
    for depth in range(1, 6):
        org.add_ou(f"L{depth}", parent=parent)
        parent = f"L{depth}"
    with pytest.raises(FederationError, match="would be 6 levels below the root; Organizations nests OUs at most 5"):
        org.add_ou("L6", parent="L5")
    with pytest.raises(FederationError, match="account 111111111111 is already in the organization"):
        org.add_account(org.management)
    with pytest.raises(FederationError, match="no OU 'Nope'"):
        org.add_ou("X", parent="Nope")


def test_scp_documents_are_validated_as_scps():
    org = Organization(Account("111111111111"))
    policy = org.attach_scp(
        "Root",
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]},
        name="DenyAll",
    )
    assert isinstance(policy, Policy) and policy.kind == "scp"
