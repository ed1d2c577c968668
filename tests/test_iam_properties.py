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
