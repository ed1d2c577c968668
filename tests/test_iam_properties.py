"""Property tests: fuzzing Policy.from_json, and matching against small independent oracles."""

import ipaddress
import json
from decimal import Decimal
from fnmatch import fnmatchcase

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsbasics.iam import DECISIONS, KINDS, Policy, PolicyError, Request, evaluate

# --- arbitrary JSON: only PolicyError may escape ------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
kinds = st.sampled_from((None,) + KINDS)


def parses_or_policy_error(given, kind):
    try:
        policy = Policy.from_json(given, kind=kind)
    except PolicyError as error:
        assert isinstance(error.path, str)
        return None
    assert policy.kind in KINDS and policy.statements
    return policy


@given(json_values, kinds)
def test_any_json_text_parses_or_raises_policy_error(value, kind):
    parses_or_policy_error(json.dumps(value), kind)


@given(st.dictionaries(st.text(max_size=12), json_values, max_size=5), kinds)
def test_any_json_dict_parses_or_raises_policy_error(value, kind):
    parses_or_policy_error(value, kind)


@given(st.text(max_size=60), kinds)
def test_any_text_parses_or_raises_policy_error(text, kind):
    parses_or_policy_error(text, kind)


# --- policy-shaped documents: parse, then evaluate without surprises -------------------------------

ACTIONS = ["s3:GetObject", "s3:*", "*", "iam:*AccessKey*", "ec2:Describe?", "S3:getobject", "bad action", "s3", 7]
RESOURCES = [
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/${aws:username}/*",
    "arn:aws:*:::x",
    "arn:aws:s3:${aws:region}::b",
    "arn:aws:ec2:*:*:instance/*",
    "bucket",
    "arn:aws:s3",
]
PRINCIPALS = [
    "*",
    {"AWS": "111122223333"},
    {"AWS": "arn:aws:iam::111122223333:user/alice"},
    {"AWS": ["arn:aws:iam::111122223333:role/R", "arn:aws:sts::111122223333:assumed-role/R/s"]},
    {"Service": "s3.amazonaws.com"},
    {"AWS": "arn:aws:iam::*:user/x"},
    {"Group": "x"},
    "someone",
]
OPERATORS = [
    "StringEquals",
    "StringLike",
    "StringNotEqualsIfExists",
    "ForAnyValue:StringLike",
    "ForAllValues:StringNotLike",
    "NumericLessThan",
    "DateGreaterThan",
    "Bool",
    "BoolIfExists",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
    "ArnNotEquals",
    "Null",
    "NullIfExists",
    "StringLke",
    "ForAnyValue:Null",
]
KEYS = [
    "aws:username",
    "aws:SourceIp",
    "aws:TagKeys",
    "aws:CurrentTime",
    "s3:max-keys",
    "aws:SecureTransport",
    "aws:SourceArn",
    "nokey",
]
VALUES = [
    "alice",
    "home/*",
    "${aws:username}",
    "10",
    "2020-01-01T00:00:00Z",
    "true",
    "QUJD",
    "203.0.113.0/24",
    "arn:aws:sns:*:*:topic",
    10,
    True,
    "${*}",
    "2001:db8::/32",
]

conditions = st.dictionaries(
    st.sampled_from(OPERATORS),
    st.dictionaries(
        st.sampled_from(KEYS), st.sampled_from(VALUES) | st.lists(st.sampled_from(VALUES), max_size=3), max_size=2
    ),
    max_size=3,
)
one_or_list = lambda pool: st.sampled_from(pool) | st.lists(st.sampled_from(pool), max_size=3)  # noqa: E731
statements = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny", "Allow", "Deny", "allow"])},
    optional={
        "Sid": st.sampled_from(["A", "B", "A1", "has space"]),
        "Action": one_or_list(ACTIONS),
        "NotAction": one_or_list(ACTIONS),
        "Resource": one_or_list(RESOURCES),
        "NotResource": one_or_list(RESOURCES),
        "Principal": st.sampled_from(PRINCIPALS),
        "NotPrincipal": st.sampled_from(PRINCIPALS),
        "Condition": conditions,
    },
)
documents = st.fixed_dictionaries(
    {"Statement": st.lists(statements, min_size=1, max_size=4) | statements},
    optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17", "2012-10-18"])},
)
requests = st.builds(
    Request,
    st.sampled_from(["s3:GetObject", "S3:GETOBJECT", "iam:CreateAccessKey", "ec2:DescribeX", "kms:Decrypt"]),
    st.sampled_from(["arn:aws:s3:::bucket/alice/x", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "*"]),
    principal=st.sampled_from(
        [None, "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/R/s", "s3.amazonaws.com"]
    ),
    context=st.dictionaries(
        st.sampled_from(KEYS), st.sampled_from(VALUES) | st.lists(st.sampled_from(VALUES), max_size=2), max_size=4
    ),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents, kinds, requests)
def test_policy_shaped_documents_parse_or_fail_cleanly_and_evaluate(document, kind, request):
    policy = parses_or_policy_error(document, kind)
    if policy is None:
        return
    slot = {"resource": "resource_policy"}.get(policy.kind, "identity_policies")
    try:
        decision = evaluate(request, **{slot: [policy] if slot == "identity_policies" else policy})
    except PolicyError:
        return  # e.g. identity policies for a service principal, which AWS does not have
    assert decision.decision in DECISIONS
    assert decision.allowed is (decision.decision == "Allow")
    assert decision.trace and all(isinstance(w, str) for w in decision.warnings)
    for label, _ in decision.policies:
        decision.statuses(label)
    # Actions match case-insensitively.
    flipped = Request(
        request.action.swapcase(), request.resource, principal=request.principal, context=dict(request.context)
    )
    assert (
        evaluate(flipped, **{slot: [policy] if slot == "identity_policies" else policy}).decision == decision.decision
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents, requests)
def test_a_deny_everything_statement_always_wins(document, request):
    policy = parses_or_policy_error(document, "identity")
    deny_all = Policy.from_json({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})
    policies = [deny_all] + ([policy] if policy else [])
    if request.identity is not None and request.identity.kind == "service":
        return
    assert evaluate(request, identity_policies=policies).decision == "ExplicitDeny"


# --- matching against oracles --------------------------------------------------------------------

wild = st.text(alphabet="ab*?", min_size=1, max_size=6)
plain = st.text(alphabet="abAB", min_size=1, max_size=6)


@given(wild, wild, plain, plain)
def test_action_matching_is_a_case_insensitive_glob(service_pattern, name_pattern, service, name):
    pattern, action = f"{service_pattern}:{name_pattern}", f"{service}:{name}"
    policy = Policy.from_json({"Statement": {"Effect": "Allow", "Action": pattern, "Resource": "*"}})
    expected = fnmatchcase(action.lower(), pattern.lower())
    assert evaluate(Request(action, "*"), identity_policies=[policy]).allowed is expected


segment = st.text(alphabet="ab*?-", max_size=4)
value_segment = st.text(alphabet="ab-", max_size=4)


@given(
    st.lists(segment, min_size=4, max_size=4),
    st.text(alphabet="ab*?:/", max_size=6),
    st.lists(value_segment, min_size=4, max_size=4),
    st.text(alphabet="ab:/", max_size=6),
)
def test_arn_like_checks_each_segment_separately(pattern_parts, pattern_rest, value_parts, value_rest):
    pattern = "arn:" + ":".join(pattern_parts) + ":" + pattern_rest
    value = "arn:" + ":".join(value_parts) + ":" + value_rest
    expected = all(fnmatchcase(v, p) for v, p in zip(value.split(":", 5), pattern.split(":", 5)))
    policy = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {"ArnLike": {"aws:SourceArn": pattern}},
            },
        }
    )
    request = Request("s3:GetObject", "*", context={"aws:SourceArn": value})
    assert evaluate(request, identity_policies=[policy]).allowed is expected


@given(st.text(alphabet="ab*?/:", max_size=8), st.text(alphabet="ab/:", max_size=8))
def test_the_resource_part_of_an_arn_is_a_case_sensitive_glob(pattern_rest, value_rest):
    policy = Policy.from_json(
        {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": f"arn:aws:s3:::{pattern_rest}"}}
    )
    request = Request("s3:GetObject", f"arn:aws:s3:::{value_rest}")
    assert evaluate(request, identity_policies=[policy]).allowed is fnmatchcase(value_rest, pattern_rest)


@given(st.ip_addresses(v=4), st.integers(min_value=0, max_value=32), st.ip_addresses(v=4))
def test_ip_address_agrees_with_the_ipaddress_module(base, prefix, address):
    network = ipaddress.ip_network(f"{base}/{prefix}", strict=False)
    policy = Policy.from_json(
        {
            "Statement": {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"IpAddress": {"aws:SourceIp": str(network)}},
            }
        }
    )
    request = Request("s3:GetObject", "*", context={"aws:SourceIp": str(address)})
    assert evaluate(request, identity_policies=[policy]).allowed is (address in network)


numbers = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6)


@given(numbers, numbers)
def test_numeric_operators_agree_with_decimal_comparison(policy_value, request_value):
    checks = {
        "NumericLessThan": request_value < policy_value,
        "NumericGreaterThanEquals": request_value >= policy_value,
        "NumericEquals": request_value == policy_value,
        "NumericNotEquals": request_value != policy_value,
    }
    for operator, expected in checks.items():
        policy = Policy.from_json(
            {
                "Statement": {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {operator: {"s3:max-keys": str(policy_value)}},
                }
            }
        )
        request = Request("s3:ListBucket", "*", context={"s3:max-keys": str(Decimal(request_value))})
        assert evaluate(request, identity_policies=[policy]).allowed is expected, operator


# --- the identity-only shortcut: its decision and its lazily worked-out steps agree ----------------
#
# With identity policies only, evaluate() decides with a short rule and works out the documented steps
# only when the trace is read (Decision._walk raises AssertionError if they end elsewhere). Two inputs send
# the same request down the full path without changing its outcome, because each holds no Deny and its
# one statement (Allow * on *) applies to every request, so the step that reads it always passes:
# - a permissions boundary allowing everything: read (in evaluation._decide and _decide_cross) only after
#   the identity-based policies have allowed. A root user or a service principal may not have a boundary
#   (evaluation._check_principal refuses it), so for them only the second input is used;
# - one SCP level allowing everything (FullAWSAccess): its step comes before the root user's, the
#   resource-based policy's and the identity-based policies' steps and passes for every principal.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
# https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html

ALLOW_ALL = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
FORCING = {
    "permissions_boundary": Policy.from_json(ALLOW_ALL, kind="boundary"),
    "scps": [Policy.from_json(ALLOW_ALL, kind="scp", name="FullAWSAccess")],
}
FORCED_STEP = {"permissions_boundary": "boundary", "scps": "scp"}
FORCED_LABEL = {"permissions_boundary": "permissions boundary", "scps": "scp[0] FullAWSAccess"}
# The valid entries of the pools above, and a few more that match the requests below.
IDENTITY_ACTIONS = [a for a in ACTIONS if isinstance(a, str) and ":" in a and " " not in a] + [
    "*",
    "kms:Decrypt",
    "*:Describe*",
    "s?:Get*",
]
IDENTITY_RESOURCES = [r for r in RESOURCES if r == "*" or (r.count(":") >= 5 and "*" not in r.split(":")[2])] + [
    "arn:aws:s3:::bucket/alice/?",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
    "arn:aws:ec2:*:444455556666:instance/*",
]
# Condition operator -> values its family accepts (every value in VALUES is a string to the String family).
TYPED_VALUES = {
    "StringEquals": VALUES,
    "StringLike": VALUES,
    "StringNotEqualsIfExists": VALUES,
    "ForAnyValue:StringLike": VALUES,
    "ForAllValues:StringNotLike": VALUES,
    "NumericLessThan": ["10", 10],
    "DateGreaterThan": ["2020-01-01T00:00:00Z", 10],
    "Bool": ["true", True],
    "BoolIfExists": ["true", True],
    "BinaryEquals": ["QUJD"],
    "IpAddress": ["203.0.113.0/24", "2001:db8::/32"],
    "NotIpAddress": ["203.0.113.0/24"],
    "ArnLike": ["arn:aws:sns:*:*:topic"],
    "ArnNotEquals": ["arn:aws:sns:*:*:topic"],
    "Null": ["true", True],
}
CONDITION_KEYS = [k for k in KEYS if ":" in k]  # "nokey" is not a condition key
condition_entries = st.sampled_from(sorted(TYPED_VALUES)).flatmap(
    lambda operator: st.tuples(
        st.just(operator),
        st.dictionaries(
            st.sampled_from(CONDITION_KEYS), one_or_list(TYPED_VALUES[operator]).filter(bool), min_size=1, max_size=2
        ),
    )
)
identity_statements = st.builds(
    lambda effect, action, resource, condition: {"Effect": effect, **action, **resource, **condition},
    st.sampled_from(["Allow", "Deny"]),
    st.one_of(
        st.fixed_dictionaries({element: one_or_list(IDENTITY_ACTIONS).filter(bool)})
        for element in ("Action", "NotAction")
    ),
    st.one_of(
        st.fixed_dictionaries({element: one_or_list(IDENTITY_RESOURCES).filter(bool)})
        for element in ("Resource", "NotResource")
    ),
    st.just({})
    | st.lists(condition_entries, min_size=1, max_size=2, unique_by=lambda e: e[0]).map(
        lambda entries: {"Condition": dict(entries)}
    ),
)
identity_documents = st.fixed_dictionaries(
    {"Statement": st.lists(identity_statements, min_size=1, max_size=4)},
    optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"])},
)
shortcut_requests = st.builds(
    Request,
    st.sampled_from(["s3:GetObject", "S3:GETOBJECT", "iam:CreateAccessKey", "ec2:DescribeX", "kms:Decrypt"]),
    st.sampled_from(
        [
            "arn:aws:s3:::bucket/alice/x",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            "arn:aws:ec2:us-east-1:444455556666:instance/i-2",
            "*",
        ]
    ),
    principal=st.sampled_from(
        [
            None,
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::444455556666:user/kim",
            "arn:aws:sts::111122223333:assumed-role/R/s",
            "arn:aws:sts::111122223333:federated-user/bob",
            "arn:aws:iam::111122223333:root",
            "s3.amazonaws.com",
        ]
    ),
    context=st.dictionaries(
        st.sampled_from(KEYS), st.sampled_from(VALUES) | st.lists(st.sampled_from(VALUES), max_size=2), max_size=4
    ),
)


def _evaluate_or_error(request, policies, **extra):
    try:
        return evaluate(request, identity_policies=policies, **extra)
    except PolicyError as error:
        return str(error)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(
    st.lists(identity_documents, max_size=3),
    shortcut_requests,
    st.sampled_from([None, "111122223333", "444455556666"]),
)
def test_the_identity_only_shortcut_agrees_with_the_full_evaluation(documents, request, resource_account):
    policies = [Policy.from_json(document, kind="identity") for document in documents]
    accounts = {} if resource_account is None else {"resource_account": resource_account}
    shortcut = _evaluate_or_error(request, policies, **accounts)
    if not isinstance(shortcut, str):
        # Reading the lazily worked-out steps never raises (Decision._walk checks them against the decision).
        trace, matched, text = shortcut.trace, shortcut.matched, shortcut.text()
        assert trace[-1].outcome == shortcut.decision and shortcut.verdict in text
    kind = request.identity.kind if request.identity is not None else None
    for slot, policy in FORCING.items():
        if slot == "permissions_boundary" and kind in ("root", "service"):
            continue  # such a principal has no boundary: evaluate() refuses one
        full = _evaluate_or_error(request, policies, **{slot: policy}, **accounts)
        if isinstance(shortcut, str):  # a root user or a service principal given identity policies
            assert full == shortcut and kind in ("root", "service")
            continue
        assert not isinstance(full, str), full
        assert full.decision == shortcut.decision, slot
        # The same steps and deciding statements, but for the forcing policy's own step and statement.
        step = FORCED_STEP[slot]
        assert [s for s in trace if s.key != step] == [s for s in full.trace if s.key != step], slot
        assert matched == tuple(m for m in full.matched if m.policy != FORCED_LABEL[slot]), slot
