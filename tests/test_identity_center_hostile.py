"""Hostile input for Identity Center, workloads and the cross-account and RCP inputs of evaluate.

Each row builds a small model, makes one bad call in a forked, memory-limited child
(tests/_hostile.py) and checks it raised a rule error or a TypeError naming the problem,
within the time limit, leaving the model unchanged.
"""

from __future__ import annotations

import re

import pytest
from _hostile import run_on_model

from awsbasics.errors import AccessDeniedError, IdentityError, PolicyError, RequestError
from awsbasics.iam import (
    Account,
    IdentityCenter,
    InstanceProfile,
    ManagedPolicy,
    Organization,
    Request,
    evaluate,
    lambda_credentials,
    service_trust_policy,
)

LONG = "a" * 1_000_000
HUGE = 10**400
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def _center():
    center = IdentityCenter("111111111111")
    center.add_group("Developers")
    center.add_user("jiwoo", groups=["Developers"])
    center.add_permission_set("S3Reader", managed_policies=[ManagedPolicy.aws("AmazonS3ReadOnlyAccess")])
    center._test_account = Account("444455556666")
    return center


def _center_state(center):
    return (
        sorted(center._users),
        sorted(center._groups),
        sorted((k, tuple(v)) for k, v in center._members.items()),
        sorted(center._sets),
        len(center._assignments),
        len(center._test_account.roles),
    )


def _org():
    org = Organization(Account("111111111111"))
    org.add_account(Account("222222222222"))
    return org


def _org_state(org):
    return (
        sorted((n, tuple(p.name for p in u.rcps)) for n, u in org._ous.items()),
        sorted((a, tuple(p.name for p in r)) for a, r in org._account_rcps.items()),
    )


def _role():
    account = Account("111122223333")
    return account.add_role("WebServer", trust_policy=service_trust_policy("ec2.amazonaws.com"))


def _role_state(role):
    return (role.name, role.trust_policy.to_json(), len(role.account.roles))


def _none():
    return None


def _nothing(_):
    return None


CENTER = (_center, _center_state)
ORG = (_org, _org_state)
ROLE = (_role, _role_state)
NONE = (_none, _nothing)
GET = Request("s3:GetObject", "arn:aws:s3:::b/k", principal="arn:aws:iam::444455556666:user/kim")

CASES = [
    ("IdentityCenter account of 11 digits", NONE, lambda _: IdentityCenter("12345678901"), IdentityError, "12 digits"),
    ("IdentityCenter account int", NONE, lambda _: IdentityCenter(111111111111), TypeError, "must be str"),
    ("add_user huge name", CENTER, lambda c: c.add_user(LONG), IdentityError, "not a user name"),
    ("add_user taken ignoring case", CENTER, lambda c: c.add_user("JIWOO"), IdentityError, "already has a user"),
    ("add_user unknown group", CENTER, lambda c: c.add_user("minsu", groups=["Ops"]), IdentityError, "no group 'Ops'"),
    ("add_user groups as str", CENTER, lambda c: c.add_user("minsu", groups="Developers"), TypeError, "list of group"),
    ("add_group surrogate", CENTER, lambda c: c.add_group("\ud800"), IdentityError, "not a group name"),
    ("add_permission_set 33 chars", CENTER, lambda c: c.add_permission_set("P" * 33), IdentityError, "1 to 32"),
    (
        "add_permission_set huge duration",
        CENTER,
        lambda c: c.add_permission_set("P", session_duration_seconds=HUGE),
        IdentityError,
        "outside",
    ),
    (
        "add_permission_set duration float",
        CENTER,
        lambda c: c.add_permission_set("P", session_duration_seconds=3600.0),
        TypeError,
        "must be an int",
    ),
    (
        "add_permission_set customer managed object",
        CENTER,
        lambda c: c.add_permission_set("P", managed_policies=[c._test_account.add_policy("X", READ)]),
        IdentityError,
        "customer managed",
    ),
    (
        "add_permission_set policies as one",
        CENTER,
        lambda c: c.add_permission_set("P", managed_policies=ManagedPolicy.aws("AdministratorAccess")),
        TypeError,
        "list of ManagedPolicy",
    ),
    (
        "add_permission_set bad inline",
        CENTER,
        lambda c: c.add_permission_set("P", inline_policy={"Statement": [{"Effect": "Permit"}]}),
        PolicyError,
        ".",
    ),
    ("add_permission_set taken", CENTER, lambda c: c.add_permission_set("s3reader"), IdentityError, "already exists"),
    (
        "assign unknown set",
        CENTER,
        lambda c: c.assign("jiwoo", "Nope", c._test_account),
        IdentityError,
        "no permission set",
    ),
    (
        "assign to a non-account",
        CENTER,
        lambda c: c.assign("jiwoo", "S3Reader", "444455556666"),
        TypeError,
        "must be an Account",
    ),
    ("assign to None", CENTER, lambda c: c.assign(None, "S3Reader", c._test_account), TypeError, "expected"),
    (
        "sign_in without assignment",
        CENTER,
        lambda c: c.sign_in("jiwoo", account=c._test_account, permission_set="S3Reader"),
        AccessDeniedError,
        "no assignment",
    ),
    (
        "sign_in a group",
        CENTER,
        lambda c: c.sign_in(c.group("Developers"), account=c._test_account, permission_set="S3Reader"),
        TypeError,
        "DirectoryUser or a user name",
    ),
    ("InstanceProfile bad name", ROLE, lambda r: InstanceProfile(LONG, r), IdentityError, "not a valid"),
    ("InstanceProfile role None", ROLE, lambda r: InstanceProfile("p", None), TypeError, "must be a Role"),
    (
        "InstanceProfile huge instance id",
        ROLE,
        lambda r: InstanceProfile("p", r).credentials(LONG),
        IdentityError,
        "not an instance ID",
    ),
    ("lambda_credentials untrusted", ROLE, lambda r: lambda_credentials(r, "fn"), AccessDeniedError, "may not assume"),
    (
        "lambda_credentials huge name",
        ROLE,
        lambda r: lambda_credentials(r, LONG),
        IdentityError,
        "not a Lambda function name",
    ),
    (
        "service_trust_policy arn",
        NONE,
        lambda _: service_trust_policy("arn:aws:iam::1:root"),
        IdentityError,
        "service principal",
    ),
    ("attach_rcp without Principal", ORG, lambda o: o.attach_rcp("Root", READ, name="bad"), PolicyError, "Principal"),
    ("attach_rcp huge document", ORG, lambda o: o.attach_rcp("Root", "x" * 10_000_000, name="big"), PolicyError, "."),
    ("attach_rcp unknown OU", ORG, lambda o: o.attach_rcp("Nope", READ, name="n"), Exception, "no OU"),
    (
        "Organization.evaluate resource_account int",
        ORG,
        lambda o: o.evaluate(o.management.root, "s3:GetObject", "arn:aws:s3:::b/k", resource_account=222222222222),
        TypeError,
        "12-digit account ID",
    ),
    (
        "Organization.evaluate resource_account text",
        ORG,
        lambda o: o.evaluate(o.management.root, "s3:GetObject", "arn:aws:s3:::b/k", resource_account="acct-2"),
        RequestError,
        "12 digits",
    ),
    (
        "user.evaluate resource_account huge",
        ROLE,
        lambda r: r.account.root.evaluate("s3:GetObject", "arn:aws:s3:::b/k", resource_account=LONG),
        RequestError,
        "12 digits",
    ),
    (
        "evaluate resource_account huge",
        NONE,
        lambda _: evaluate(GET, identity_policies=[READ], resource_account=LONG),
        RequestError,
        "12 digits",
    ),
    (
        "evaluate principal_account contradicts",
        NONE,
        lambda _: evaluate(GET, principal_account="111122223333"),
        RequestError,
        "contradicts",
    ),
    ("evaluate rcps of identity policies", NONE, lambda _: evaluate(GET, rcps=[READ]), PolicyError, "Principal"),
    ("evaluate rcps set", NONE, lambda _: evaluate(GET, rcps={1}), TypeError, "list of policies"),
    ("evaluate rcps empty level", NONE, lambda _: evaluate(GET, rcps=[[], []]), PolicyError, "RCPFullAWSAccess"),
]


@pytest.mark.parametrize("name, model, call, error, message", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_cleanly(name, model, call, error, message):
    kind, mro, text, unchanged = run_on_model(*model, call)
    assert kind != "timeout", "the call was still running after the time limit"
    assert error.__name__ in mro, f"{kind}: {text}"
    assert kind not in ("RecursionError", "MemoryError", "KeyError", "IndexError", "OverflowError"), text
    assert re.search(message, text), text
    assert unchanged, f"the refused call changed the model ({kind}: {text})"
