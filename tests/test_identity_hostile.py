"""Hostile input for IAM identities, Cognito and Organizations: a rule error or a TypeError, never more.

Every row of ``CASES`` builds a small model, snapshots it, makes one bad call and reports, from a
child forked from this test process (so the package is already imported), what the call raised
and whether the model is unchanged. The child gets an address-space limit of its current size
+ 1 GiB and the parent a join timeout, as in ``tests/test_hostile_sizes.py``: a hang or a memory
blow-up fails the row instead of the run. The hypothesis tests build random policy JSON from a
small grammar of valid and invalid pieces: each document ends in a ``Policy`` or a ``PolicyError``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import resource

import pytest
from _hostile import address_space_now, run_on_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsbasics.errors import (
    AccessDeniedError,
    AwsRuleError,
    FederationError,
    IdentityError,
    PolicyError,
    RequestError,
)
from awsbasics.iam import Policy, Request, access_matrix, evaluate, parse_context
from awsbasics.iam.cognito import IdentityPool, UserPool
from awsbasics.iam.identities import Account, ManagedPolicy, assume_role
from awsbasics.iam.organizations import Organization, landing_zone

_LIMIT_BYTES = 1 << 30
_TIMEOUT_S = 2
# The README's test command runs a quick sweep; AWSBASICS_HOSTILE_EXAMPLES=2000 runs a larger one locally.
_EXAMPLES = int(os.environ.get("AWSBASICS_HOSTILE_EXAMPLES", "60"))

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole"}
    ],
}
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def _account() -> Account:
    account = Account("111122223333", name="dev")
    account.add_group("devs")
    account.add_group("ops")
    alice = account.add_user("alice", groups=["devs"])
    alice.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    alice.put_inline_policy("read", READ)
    account.add_role("Auditor", trust_policy=TRUST)
    return account


def _account_state(account: Account):
    return (
        sorted(
            (
                u.name,
                tuple(g.name for g in u.groups),
                tuple(m.arn for m in u.managed_policies),
                tuple(u.inline_policies),
                u.permissions_boundary,
            )
            for u in account.users
        ),
        sorted(
            (g.name, tuple(u.name for u in g.users), tuple(m.arn for m in g.managed_policies)) for g in account.groups
        ),
        sorted((r.name, r.trust_policy.to_json(), r.max_session_duration_seconds) for r in account.roles),
        sorted(account._policies),
    )


def _pool() -> UserPool:
    pool = UserPool("shop-users", region="ap-northeast-2")
    pool.add_app_client("web")
    pool.add_group("staff", precedence=1)
    pool.add_user("jane", "correct horse", groups=["staff"], attributes={"email": "jane@example.com"})
    return pool


def _pool_state(pool: UserPool):
    return (
        sorted(
            (k, u.username, u.sub, tuple(sorted(u.attributes.items())), tuple(u.groups)) for k, u in pool._users.items()
        ),
        sorted(pool._groups),
        sorted((c.name, c.client_id, c.id_token_validity_seconds) for c in pool._clients.values()),
    )


def _org() -> Organization:
    return landing_zone()


def _deep_org() -> Organization:
    """A landing zone with OUs nested the five levels Organizations allows and five SCPs on Workloads."""
    org = landing_zone()
    for level in range(5):
        org.add_ou(f"L{level}", parent="Root" if level == 0 else f"L{level - 1}")
    for index in range(3):
        org.attach_scp("Workloads", READ, name=f"extra{index}")
    return org


def _org_state(org: Organization):
    return (
        sorted(
            (name, tuple(p.name for p in unit.scps), tuple(a.id for a in unit.accounts))
            for name, unit in org._ous.items()
        ),
        sorted((account, tuple(p.name for p in scps)) for account, scps in org._account_scps.items()),
    )


def _no_model():
    return None


def _nothing(_model):
    return None


ACCOUNT = (_account, _account_state)
POOL = (_pool, _pool_state)
ORG = (_org, _org_state)
DEEP_ORG = (_deep_org, _org_state)
NONE = (_no_model, _nothing)
HUGE = 10**400
LONG = "a" * 1_000_000

# (id, (build, snapshot), call(model), error, message pattern)
CASES = [
    # --- Account and its identities ---
    (
        "add_user twice the same group",
        ACCOUNT,
        lambda a: a.add_user("bob", groups=["devs", "devs"]),
        IdentityError,
        r"group devs is listed twice",
    ),
    (
        "add_user unknown group after a good one",
        ACCOUNT,
        lambda a: a.add_user("bob", groups=["devs", "nope"]),
        IdentityError,
        r"has no group 'nope'",
    ),
    (
        "add_user groups as one str",
        ACCOUNT,
        lambda a: a.add_user("bob", groups="devs"),
        TypeError,
        r"groups must be a list",
    ),
    ("add_user 11 groups", ACCOUNT, lambda a: a.add_user("bob", groups=["devs"] * 11), IdentityError, r"at most 10"),
    (
        "add_user group of None",
        ACCOUNT,
        lambda a: a.add_user("bob", groups=[None]),
        TypeError,
        r"each group is a group name",
    ),
    ("add_user taken name", ACCOUNT, lambda a: a.add_user("ALICE"), IdentityError, r"already exists"),
    ("add_user huge name", ACCOUNT, lambda a: a.add_user(LONG), IdentityError, r"not a valid user name"),
    ("add_user non-ASCII name", ACCOUNT, lambda a: a.add_user("b\u00f6b"), IdentityError, r"not a valid user name"),
    ("add_user name None", ACCOUNT, lambda a: a.add_user(None), TypeError, r"user name must be str"),
    ("add_group surrogate", ACCOUNT, lambda a: a.add_group("\ud800"), IdentityError, r"not a valid group name"),
    (
        "add_role trust of 10**5 nesting",
        ACCOUNT,
        lambda a: a.add_role("deep", trust_policy="[" * 100_000),
        PolicyError,
        r".",
    ),
    (
        "add_role session 10**400",
        ACCOUNT,
        lambda a: a.add_role("long", trust_policy=TRUST, max_session_duration_seconds=HUGE),
        IdentityError,
        r"outside 3600 to 43200",
    ),
    ("add_policy 10 MB document", ACCOUNT, lambda a: a.add_policy("big", "x" * 10_000_000), PolicyError, r"."),
    (
        "add_policy huge number",
        ACCOUNT,
        lambda a: a.add_policy(
            "num",
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", '
            '"Resource": "*", "Condition": {"NumericLessThan": {"k": ' + "9" * 5000 + "}}}]}",
        ),
        PolicyError,
        r".",
    ),
    ("Account id not 12 digits", NONE, lambda _: Account("12345"), IdentityError, r"exactly 12 digits"),
    ("Account id Arabic-Indic digits", NONE, lambda _: Account("\u0661" * 12), IdentityError, r"exactly 12 digits"),
    ("Account name list", NONE, lambda _: Account("111122223333", name=["x"]), TypeError, r"account name must be str"),
    (
        "ManagedPolicy.aws unknown",
        NONE,
        lambda _: ManagedPolicy.aws("Admin"),
        IdentityError,
        r"did you mean 'AdministratorAccess'",
    ),
    ("ManagedPolicy.aws huge", NONE, lambda _: ManagedPolicy.aws(LONG), IdentityError, r"no AWS managed policy"),
    ("ManagedPolicy.aws None", NONE, lambda _: ManagedPolicy.aws(None), TypeError, r"must be str"),
    (
        "attach_policy a dict",
        ACCOUNT,
        lambda a: a.user("alice").attach_policy(READ),
        TypeError,
        r"attach_policy takes a ManagedPolicy",
    ),
    (
        "attach_policy twice",
        ACCOUNT,
        lambda a: a.user("alice").attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess")),
        IdentityError,
        r"already attached",
    ),
    (
        "detach_policy a str",
        ACCOUNT,
        lambda a: a.user("alice").detach_policy("AmazonS3ReadOnlyAccess"),
        TypeError,
        r"detach_policy takes a ManagedPolicy",
    ),
    (
        "put_inline_policy bad document keeps the old one",
        ACCOUNT,
        lambda a: a.user("alice").put_inline_policy("read", {"Statement": [{"Effect": "Permit"}]}),
        PolicyError,
        r".",
    ),
    (
        "delete_inline_policy list",
        ACCOUNT,
        lambda a: a.user("alice").delete_inline_policy(["read"]),
        TypeError,
        r"policy name must be str",
    ),
    (
        "group add_user a group",
        ACCOUNT,
        lambda a: a.group("devs").add_user(a.group("ops")),
        IdentityError,
        r"contain users only",
    ),
    (
        "group remove_user None",
        ACCOUNT,
        lambda a: a.group("devs").remove_user(None),
        TypeError,
        r"remove_user takes a User",
    ),
    (
        "set_permissions_boundary dict",
        ACCOUNT,
        lambda a: a.user("alice").set_permissions_boundary(READ),
        TypeError,
        r"permissions boundary is a ManagedPolicy",
    ),
    (
        "update_trust_policy invalid keeps the old",
        ACCOUNT,
        lambda a: a.role("Auditor").update_trust_policy({"Statement": []}),
        PolicyError,
        r".",
    ),
    (
        "assume_role session name huge",
        ACCOUNT,
        lambda a: assume_role(a.user("alice"), a.role("Auditor"), session_name=LONG),
        IdentityError,
        r"not a valid role session name",
    ),
    (
        "assume_role duration 10**400",
        ACCOUNT,
        lambda a: assume_role(a.user("alice"), a.role("Auditor"), session_name="s", duration_seconds=HUGE),
        IdentityError,
        r".",
    ),
    (
        "assume_role as root",
        ACCOUNT,
        lambda a: assume_role(a.root, a.role("Auditor"), session_name="root"),
        IdentityError,
        r"root user",
    ),
    (
        "assume_role role None",
        ACCOUNT,
        lambda a: assume_role(a.user("alice"), None, session_name="ss"),
        (TypeError, AttributeError),
        r".",
    ),
    ("user.evaluate action None", ACCOUNT, lambda a: a.user("alice").evaluate(None, "*"), TypeError, r"."),
    (
        "user.evaluate context list",
        ACCOUNT,
        lambda a: a.user("alice").evaluate("s3:GetObject", "*", context=[1]),
        TypeError,
        r"context must be a dict",
    ),
    ("account lookup of a list", ACCOUNT, lambda a: a.user(["alice"]), TypeError, r"user name must be str"),
    # --- Cognito user pools ---
    (
        "add_user attribute sub",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"sub": "someone-else"}),
        FederationError,
        r"'sub' is a reserved token claim",
    ),
    (
        "add_user attribute exp",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"exp": 4102444800}),
        FederationError,
        r"'exp' is a reserved token claim",
    ),
    (
        "add_user attribute cognito:preferred_role",
        POOL,
        lambda p: p.add_user(
            "eve", "pw", attributes={"cognito:preferred_role": "arn:aws:iam::111122223333:role/Admin"}
        ),
        FederationError,
        r"'cognito:preferred_role' is a reserved token claim",
    ),
    (
        "add_user attribute cognito:groups",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"cognito:groups": ["admins"]}),
        FederationError,
        r"reserved token claim",
    ),
    (
        "add_user attribute iss",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"iss": "https://evil"}),
        FederationError,
        r"reserved token claim",
    ),
    (
        "add_user attribute value dict",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"custom:x": {}}),
        TypeError,
        r"a value is str, bool or int",
    ),
    (
        "add_user attribute value 1 MB",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={"custom:x": LONG}),
        FederationError,
        r"longer than the 2,048",
    ),
    (
        "add_user 10**5 attributes",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes={f"custom:{i}": "x" for i in range(100_000)}),
        FederationError,
        r"at most 50",
    ),
    (
        "add_user attributes list",
        POOL,
        lambda p: p.add_user("eve", "pw", attributes=["email"]),
        TypeError,
        r"attributes must be a dict",
    ),
    (
        "add_user groups str",
        POOL,
        lambda p: p.add_user("eve", "pw", groups="staff"),
        TypeError,
        r"groups must be a list",
    ),
    (
        "add_user group twice",
        POOL,
        lambda p: p.add_user("eve", "pw", groups=["staff", "staff"]),
        FederationError,
        r"listed twice",
    ),
    (
        "add_user unknown group",
        POOL,
        lambda p: p.add_user("eve", "pw", groups=["admins"]),
        FederationError,
        r"has no group 'admins'",
    ),
    ("add_user password 1 MB", POOL, lambda p: p.add_user("eve", LONG), FederationError, r"longer than the 256"),
    ("add_user existing name", POOL, lambda p: p.add_user("JANE", "pw"), FederationError, r"already exists"),
    ("add_user surrogate name", POOL, lambda p: p.add_user("\ud800", "pw"), FederationError, r"not a user name"),
    (
        "add_group precedence -1",
        POOL,
        lambda p: p.add_group("admins", precedence=-1),
        FederationError,
        r"precedence=-1",
    ),
    (
        "add_group precedence 10**400",
        POOL,
        lambda p: p.add_group("admins", precedence=HUGE),
        FederationError,
        r"precedence=",
    ),
    (
        "add_group precedence float",
        POOL,
        lambda p: p.add_group("admins", precedence=1.5),
        TypeError,
        r"precedence must be int",
    ),
    ("add_group role str", POOL, lambda p: p.add_group("admins", role="Admin"), TypeError, r"role must be a Role"),
    (
        "add_app_client same name",
        POOL,
        lambda p: p.add_app_client("web"),
        FederationError,
        r"already has an app client named 'web'",
    ),
    (
        "add_app_client validity 10**400",
        POOL,
        lambda p: p.add_app_client("m", id_token_validity_seconds=HUGE),
        FederationError,
        r"outside 300 to 86,400",
    ),
    (
        "sign_in wrong client",
        POOL,
        lambda p: p.sign_in("jane", "correct horse", client=UserPool("other").add_app_client("web")),
        FederationError,
        r"not an app client",
    ),
    (
        "sign_in wrong password",
        POOL,
        lambda p: p.sign_in("jane", "nope", client=next(iter(p._clients.values()))),
        AccessDeniedError,
        r"Incorrect username or password",
    ),
    (
        "sign_in at a str",
        POOL,
        lambda p: p.sign_in("jane", "correct horse", client=next(iter(p._clients.values())), at="now"),
        TypeError,
        r"at must be a datetime",
    ),
    (
        "UserPool region mars",
        NONE,
        lambda _: UserPool("x", region="mars-east-9x"),
        FederationError,
        r"not a Region code",
    ),
    (
        "IdentityPool region 1 MB",
        ACCOUNT,
        lambda a: IdentityPool("p", account=a, region=LONG, authenticated_role=a.role("Auditor")),
        FederationError,
        r"not a Region code",
    ),
    (
        "IdentityPool providers of str",
        ACCOUNT,
        lambda a: IdentityPool("p", account=a, providers="pool", authenticated_role=a.role("Auditor")),
        TypeError,
        r"providers is a list",
    ),
    (
        "IdentityPool role_from_token str",
        ACCOUNT,
        lambda a: IdentityPool("p", account=a, authenticated_role=a.role("Auditor"), role_from_token="yes"),
        TypeError,
        r"role_from_token must be True or False",
    ),
    # --- Organizations ---
    ("add_ou a sixth level", DEEP_ORG, lambda o: o.add_ou("L5", parent="L4"), FederationError, r"at most 5 levels"),
    (
        "attach_scp a sixth",
        DEEP_ORG,
        lambda o: o.attach_scp("Workloads", READ, name="extra9"),
        FederationError,
        r"the most Organizations allows",
    ),
    (
        "add_ou a name taken in another case",
        DEEP_ORG,
        lambda o: o.add_ou("security"),
        FederationError,
        r"already exists",
    ),
    ("attach_scp unknown OU", ORG, lambda o: o.attach_scp("Nowhere", READ, name="x"), FederationError, r"no OU"),
    ("detach_scp last", ORG, lambda o: o.detach_scp("Security", "FullAWSAccess"), FederationError, r"only SCP"),
    ("detach_scp name None", ORG, lambda o: o.detach_scp("Root", None), TypeError, r"name must be str"),
    ("add_account twice", ORG, lambda o: o.add_account(o.management), FederationError, r"already in"),
    (
        "landing_zone regions str",
        NONE,
        lambda _: landing_zone(allowed_regions="ap-northeast-2"),
        TypeError,
        r"list of Region codes",
    ),
    # --- requests, evaluation, the matrix ---
    (
        "Request action with a space, 1 MB",
        NONE,
        lambda _: Request("s3:" + LONG + " x", "*"),
        RequestError,
        r"is not an action",
    ),
    (
        "Request resource 1 MB not an ARN",
        NONE,
        lambda _: Request("s3:GetObject", LONG),
        RequestError,
        r"is not a resource",
    ),
    ("Request resource None", NONE, lambda _: Request("s3:GetObject", None), TypeError, r"."),
    ("parse_context 10**5 brackets", NONE, lambda _: parse_context("[" * 100_000), RequestError, r"nested too deeply"),
    (
        "parse_context 5,000 digits",
        NONE,
        lambda _: parse_context('{"k": ' + "1" * 5000 + "}"),
        RequestError,
        r"more than 4,300 digits",
    ),
    ("parse_context NaN", NONE, lambda _: parse_context('{"k": NaN}'), RequestError, r"."),
    (
        "evaluate policy list of str",
        NONE,
        lambda _: evaluate(Request("s3:GetObject", "*"), identity_policies="x"),
        (TypeError, PolicyError),
        r".",
    ),
    (
        "access_matrix 10**6 cells",
        ACCOUNT,
        lambda a: access_matrix(
            [a.user("alice")], [f"s3:A{i}" for i in range(1000)], [f"arn:aws:s3:::b/{i}" for i in range(1000)]
        ),
        RequestError,
        r"1,000,000 cells; access_matrix evaluates at most 200,000",
    ),
    (
        "access_matrix resource policy for another resource",
        ACCOUNT,
        lambda a: access_matrix(
            [a.user("alice")], ["s3:GetObject"], ["arn:aws:s3:::b/1"], resource_policies={"arn:aws:s3:::other": READ}
        ),
        RequestError,
        r"not one of the resources",
    ),
    (
        "access_matrix empty actions",
        ACCOUNT,
        lambda a: access_matrix([a.user("alice")], []),
        RequestError,
        r"actions is empty",
    ),
]


@pytest.mark.parametrize(
    ("model", "call", "error", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_identity_input_is_refused_and_changes_nothing(model, call, error, message):
    kind, mro, text, unchanged = run_on_model(*model, call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    expected = error if isinstance(error, tuple) else (error,)
    assert any(e.__name__ in mro for e in expected), f"{kind}: {text}"
    assert kind not in ("RecursionError", "MemoryError", "KeyError", "IndexError", "OverflowError"), text
    assert re.search(message, text), text
    assert unchanged, f"the refused call changed the model ({kind}: {text})"


def test_the_table_covers_enough_rows():
    assert len(CASES) >= 30


def test_reserved_claims_cannot_take_over_a_token():
    pool = _pool()
    client = next(iter(pool._clients.values()))
    tokens = pool.sign_in("jane", "correct horse", client=client)
    claims = tokens.id_token
    assert claims["cognito:username"] == "jane" and claims["exp"] - claims["iat"] == 3600
    assert claims["email"] == "jane@example.com"
    for name in (
        "sub",
        "exp",
        "iat",
        "aud",
        "iss",
        "token_use",
        "auth_time",
        "cognito:username",
        "cognito:roles",
        "cognito:preferred_role",
        "cognito:groups",
        "identities",
        "nonce",
        "jti",
    ):
        with pytest.raises(FederationError, match="reserved token claim"):
            pool.add_user("mallory", "pw", attributes={"email": "m@example.com", name: "x"})
    assert "mallory" not in pool._users
    pool.add_user("mallory", "pw", attributes={"custom:team": "red", "email_verified": True})


def test_failed_add_user_leaves_no_user_and_no_membership():
    account = _account()
    with pytest.raises(IdentityError):
        account.add_user("bob", groups=["devs", "devs"])
    with pytest.raises(IdentityError, match="no user 'bob'"):
        account.user("bob")
    assert [u.name for u in account.group("devs").users] == ["alice"]
    bob = account.add_user("bob", groups=["devs", account.group("ops")])
    assert [g.name for g in bob.groups] == ["devs", "ops"]


# --- random policy JSON from a small grammar -------------------------------------------------

_TEXT = st.one_of(
    st.sampled_from(
        [
            "*",
            "s3:GetObject",
            "s3:Get*",
            "iam:*",
            "arn:aws:s3:::b/*",
            "a*a*a*a*a*a*a*a*a*b",
            "",
            "arn:aws:s3:::" + "a" * 300,
            "${aws:username}",
            "?",
            "ec2:*Instance?",
        ]
    ),
    st.text(max_size=20),
)
_NUMBER = st.one_of(st.integers(min_value=-(10**6), max_value=10**6), st.floats(allow_nan=True), st.just(10**30))
_SCALAR = st.one_of(_TEXT, _NUMBER, st.booleans(), st.none())
_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3), st.dictionaries(_TEXT, _SCALAR, max_size=2))
_CONDITION = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "StringLike",
                "StringEquals",
                "ArnLike",
                "NumericLessThan",
                "Bool",
                "IpAddress",
                "DateGreaterThan",
                "ForAnyValue:StringLike",
                "StringLikeIfExists",
                "Nope",
            ]
        ),
        st.text(max_size=8),
    ),
    st.one_of(
        st.dictionaries(st.sampled_from(["aws:username", "aws:SourceIp", "s3:prefix", "k"]), _VALUE, max_size=2),
        _SCALAR,
    ),
    max_size=2,
)
_STATEMENT = st.fixed_dictionaries(
    {},
    optional={
        "Sid": st.one_of(st.sampled_from(["A", "B1", ""]), _SCALAR),
        "Effect": st.one_of(st.sampled_from(["Allow", "Deny"]), _SCALAR),
        "Action": st.one_of(_TEXT, st.lists(_TEXT, max_size=3), _SCALAR),
        "NotAction": st.one_of(_TEXT, st.lists(_TEXT, max_size=2)),
        "Resource": st.one_of(_TEXT, st.lists(_TEXT, max_size=3), _SCALAR),
        "NotResource": _TEXT,
        "Principal": st.one_of(st.just("*"), st.just({"AWS": "arn:aws:iam::111122223333:root"}), _VALUE),
        "Condition": st.one_of(_CONDITION, _SCALAR),
        "Extra": _SCALAR,
    },
)
_DOCUMENT = st.fixed_dictionaries(
    {},
    optional={
        "Version": st.one_of(st.sampled_from(["2012-10-17", "2008-10-17", "2020-01-01"]), _SCALAR),
        "Id": _SCALAR,
        "Statement": st.one_of(_STATEMENT, st.lists(_STATEMENT, max_size=3), _SCALAR),
    },
)


def _parse_in_child(text: str, connection) -> None:
    limit = address_space_now() + _LIMIT_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        policy = Policy.from_json(text)
        request = Request("s3:GetObject", "arn:aws:s3:::" + "a" * 300, context={"aws:username": "a" * 300})
        evaluate(
            request,
            identity_policies=[policy] if policy.kind != "resource" else [],
            resource_policy=policy if policy.kind == "resource" else None,
        )
    except PolicyError:
        connection.send("PolicyError")
    except BaseException as exc:
        connection.send(f"{type(exc).__name__}: {str(exc)[:300]}")
    else:
        connection.send("Policy")
    connection.close()


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_DOCUMENT)
def test_random_policy_json_is_a_policy_or_a_policy_error(document):
    text = json.dumps(document, allow_nan=True)
    try:
        result = Policy.from_json(text)
    except PolicyError:
        return
    except AwsRuleError as exc:  # pragma: no cover - a different rule error is still a failure here
        pytest.fail(f"{type(exc).__name__} instead of PolicyError: {exc}")
    assert isinstance(result, Policy)


@settings(max_examples=max(15, _EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_DOCUMENT)
def test_random_policy_json_evaluates_quickly_in_a_limited_child(document):
    text = json.dumps(document, allow_nan=True)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_parse_in_child, args=(text, sender))
    child.start()
    sender.close()
    child.join(_TIMEOUT_S)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"parsing and evaluating {text[:200]!r} was still running after {_TIMEOUT_S} s")
    outcome = receiver.recv()
    assert outcome in ("Policy", "PolicyError"), outcome
