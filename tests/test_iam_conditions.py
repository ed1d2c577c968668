"""Condition operators and policy variables, each case citing the AWS page it comes from."""

import datetime as dt

import pytest

from awsbasics.iam import Policy, PolicyError, Request, evaluate

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
OPERATORS = IAM + "reference_policies_elements_condition_operators.html"
CONDITION = IAM + "reference_policies_elements_condition.html"
MULTIPLE = IAM + "reference_policies_condition-logic-multiple-context-keys-or-values.html"
SETS = IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
SET_EXAMPLES = IAM + "reference_policies_condition_examples-multi-valued-context-keys.html"
VARIABLES = IAM + "reference_policies_variables.html"
VERSION = IAM + "reference_policies_elements_version.html"


def policy_with(condition, *, version="2012-10-17", resource="*"):
    document = {
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource, "Condition": condition}]
    }
    if version:
        document["Version"] = version
    return Policy.from_json(document)


def decide(policy, context, resource="arn:aws:s3:::bucket/key"):
    return evaluate(Request("s3:GetObject", resource, context=context), identity_policies=[policy])


# (page, operator, key, policy values, request context, condition holds)
CASES = [
    # String: exact and case-sensitive; IgnoreCase; Like with * and ?; negated forms.
    (CONDITION, "StringEquals", "aws:username", "johndoe", {"aws:username": "johndoe"}, True),
    (CONDITION, "StringEquals", "aws:username", "johndoe", {"aws:username": "JohnDoe"}, False),
    (CONDITION, "StringEqualsIgnoreCase", "aws:username", "johndoe", {"aws:username": "JohnDoe"}, True),
    (OPERATORS, "StringNotEqualsIgnoreCase", "aws:username", "johndoe", {"aws:username": "JOHNDOE"}, False),
    (OPERATORS, "StringLike", "s3:prefix", ["", "home/"], {"s3:prefix": "home/"}, True),
    (OPERATORS, "StringLike", "s3:prefix", "home/*", {"s3:prefix": "home/notes.txt"}, True),
    (OPERATORS, "StringLike", "s3:prefix", "home/*", {"s3:prefix": "Home/notes.txt"}, False),
    (OPERATORS, "StringLike", "s3:prefix", "a?c", {"s3:prefix": "abc"}, True),
    (OPERATORS, "StringLike", "s3:prefix", "a?c", {"s3:prefix": "abbc"}, False),
    (OPERATORS, "StringNotLike", "s3:prefix", "home/*", {"s3:prefix": "tmp/x"}, True),
    (OPERATORS, "StringEquals", "aws:PrincipalTag/job-category", "iamuser-admin", {}, False),
    # Numeric: integers and decimals.
    (OPERATORS, "NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": "10"}, True),
    (OPERATORS, "NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": "11"}, False),
    (OPERATORS, "NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": 7}, True),
    (OPERATORS, "NumericEquals", "s3:max-keys", "10", {"s3:max-keys": "10.0"}, True),
    (OPERATORS, "NumericNotEquals", "s3:max-keys", "10", {"s3:max-keys": "9"}, True),
    (OPERATORS, "NumericLessThan", "s3:max-keys", 10, {"s3:max-keys": "10"}, False),
    (OPERATORS, "NumericGreaterThan", "s3:max-keys", "2.5", {"s3:max-keys": "3"}, True),
    (OPERATORS, "NumericGreaterThanEquals", "s3:max-keys", "3", {"s3:max-keys": "3"}, True),
    # Date: W3C ISO 8601 or epoch seconds.
    (
        OPERATORS,
        "DateGreaterThan",
        "aws:TokenIssueTime",
        "2020-01-01T00:00:01Z",
        {"aws:TokenIssueTime": "2020-06-01T12:00:00Z"},
        True,
    ),
    (
        OPERATORS,
        "DateGreaterThan",
        "aws:TokenIssueTime",
        "2020-01-01T00:00:01Z",
        {"aws:TokenIssueTime": "2019-12-31T23:59:59Z"},
        False,
    ),
    (OPERATORS, "DateGreaterThan", "aws:TokenIssueTime", "2020-01-01T00:00:01Z", {}, False),
    (OPERATORS, "DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", {"aws:CurrentTime": 1577836799}, True),
    (
        OPERATORS,
        "DateEquals",
        "aws:CurrentTime",
        "2020-01-01T09:00:00+09:00",
        {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
        True,
    ),
    (
        OPERATORS,
        "DateEquals",
        "aws:EpochTime",
        "1577836800",
        {"aws:EpochTime": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        True,
    ),
    (OPERATORS, "DateNotEquals", "aws:CurrentTime", "2020-01-01", {"aws:CurrentTime": "2020-01-02"}, True),
    (
        OPERATORS,
        "DateLessThanEquals",
        "aws:CurrentTime",
        "2020-01-01T00:00:00Z",
        {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
        True,
    ),
    (OPERATORS, "DateGreaterThanEquals", "aws:CurrentTime", "2020-01", {"aws:CurrentTime": "2019-12-31"}, False),
    # Bool: true or false.
    (OPERATORS, "Bool", "aws:SecureTransport", "false", {"aws:SecureTransport": False}, True),
    (OPERATORS, "Bool", "aws:SecureTransport", "false", {"aws:SecureTransport": "false"}, True),
    (OPERATORS, "Bool", "aws:SecureTransport", "true", {"aws:SecureTransport": "TRUE"}, True),
    (OPERATORS, "Bool", "aws:SecureTransport", True, {"aws:SecureTransport": "false"}, False),
    # Binary: byte for byte against the base-64 value in the policy (the page's placeholder "key"
    # gets a service prefix here: IAM requires one on every condition key).
    (OPERATORS, "BinaryEquals", "app:key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", {"app:key": b"BinaryValueInBase64"}, True),
    (
        OPERATORS,
        "BinaryEquals",
        "app:key",
        "QmluYXJ5VmFsdWVJbkJhc2U2NA==",
        {"app:key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="},
        True,
    ),
    (OPERATORS, "BinaryEquals", "app:key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", {"app:key": b"other"}, False),
    # IP address: CIDR, IPv4 and IPv6; no prefix means /32.
    (OPERATORS, "IpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "203.0.113.7"}, True),
    (OPERATORS, "IpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "198.51.100.1"}, False),
    (
        OPERATORS,
        "IpAddress",
        "aws:SourceIp",
        ["203.0.113.0/24", "2001:DB8:1234:5678::/64"],
        {"aws:SourceIp": "2001:db8:1234:5678::1"},
        True,
    ),
    (OPERATORS, "IpAddress", "aws:SourceIp", "203.0.113.5", {"aws:SourceIp": "203.0.113.5"}, True),
    (OPERATORS, "IpAddress", "aws:SourceIp", "203.0.113.5", {"aws:SourceIp": "203.0.113.6"}, False),
    (OPERATORS, "NotIpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "198.51.100.1"}, True),
    (OPERATORS, "IpAddress", "aws:SourceIp", "203.0.113.0/24", {}, False),  # e.g. through a VPC endpoint
    # ARN: each of the six colon-delimited parts checked separately; Equals and Like behave alike.
    (
        OPERATORS,
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:someservice:*:111122223333:finance/*",
        {"aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"},
        False,
    ),
    (
        OPERATORS,
        "StringLike",
        "aws:SourceArn",
        "arn:aws:someservice:*:111122223333:finance/*",
        {"aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"},
        True,
    ),
    (
        OPERATORS,
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:someservice:*:111122223333:finance/*",
        {"aws:SourceArn": "arn:aws:someservice:us-east-2:111122223333:finance/a:b"},
        True,
    ),
    (
        OPERATORS,
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-2:123456789012:TOPIC-ID",
        {"aws:SourceArn": "arn:aws:sns:us-east-2:123456789012:TOPIC-ID"},
        True,
    ),
    (
        OPERATORS,
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-2:123456789012:TOPIC-ID",
        {"aws:SourceArn": "arn:aws:sns:us-east-2:123456789012:topic-id"},
        False,
    ),
    (
        OPERATORS,
        "ArnNotLike",
        "aws:SourceArn",
        "arn:aws:sns:*:123456789012:*",
        {"aws:SourceArn": "arn:aws:sns:us-east-2:999999999999:t"},
        True,
    ),
    (
        OPERATORS,
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-?:123456789012:t",
        {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"},
        True,
    ),
    # Null: "true" means the key is absent, "false" that it is present.
    (OPERATORS, "Null", "aws:TokenIssueTime", "true", {}, True),
    (OPERATORS, "Null", "aws:TokenIssueTime", "true", {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}, False),
    (OPERATORS, "Null", "aws:TokenIssueTime", False, {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}, True),
    (OPERATORS, "Null", "aws:TokenIssueTime", "false", {}, False),
    # ...IfExists: a missing key makes the condition true.
    (OPERATORS, "StringLikeIfExists", "ec2:InstanceType", ["t1.*", "t2.*", "m3.*"], {}, True),
    (
        OPERATORS,
        "StringLikeIfExists",
        "ec2:InstanceType",
        ["t1.*", "t2.*", "m3.*"],
        {"ec2:InstanceType": "t2.micro"},
        True,
    ),
    (
        OPERATORS,
        "StringLikeIfExists",
        "ec2:InstanceType",
        ["t1.*", "t2.*", "m3.*"],
        {"ec2:InstanceType": "c5.large"},
        False,
    ),
    (OPERATORS, "StringNotEqualsIfExists", "aws:ResourceTag/team", "blue", {}, True),
    (OPERATORS, "BoolIfExists", "aws:MultiFactorAuthPresent", "false", {}, True),
    (OPERATORS, "NumericLessThanIfExists", "s3:max-keys", "10", {"s3:max-keys": "50"}, False),
    # A missing key: positive operators do not match, negated ones do.
    (OPERATORS, "StringNotLike", "s3:prefix", "home/*", {}, True),
    (OPERATORS, "ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:*:*", {}, True),
    (OPERATORS, "NumericNotEquals", "s3:max-keys", "10", {}, True),
    (OPERATORS, "NotIpAddress", "aws:SourceIp", "203.0.113.0/24", {}, True),
    (OPERATORS, "DateNotEquals", "aws:CurrentTime", "2020-01-01", {}, True),
    # Several values of one key are ORed; a negated operator's values are NORed.
    (MULTIPLE, "StringEquals", "aws:PrincipalTag/team", ["red", "blue"], {"aws:PrincipalTag/team": "blue"}, True),
    (MULTIPLE, "StringNotEquals", "aws:PrincipalTag/team", ["red", "blue"], {"aws:PrincipalTag/team": "blue"}, False),
    (MULTIPLE, "StringNotEquals", "aws:PrincipalTag/team", ["red", "blue"], {"aws:PrincipalTag/team": "green"}, True),
    # Set operators for multivalued keys.
    (
        SETS,
        "ForAllValues:StringLike",
        "dynamodb:requestedAttributes",
        ["PostDateTime", "Message", "Tags"],
        {"dynamodb:requestedAttributes": ["PostDateTime", "Message"]},
        True,
    ),
    (
        SETS,
        "ForAllValues:StringLike",
        "dynamodb:requestedAttributes",
        ["PostDateTime", "Message", "Tags"],
        {"dynamodb:requestedAttributes": ["PostDateTime", "UserName"]},
        False,
    ),
    (SETS, "ForAllValues:StringLike", "dynamodb:requestedAttributes", ["PostDateTime", "Message", "Tags"], {}, True),
    (
        SETS,
        "ForAllValues:StringLike",
        "dynamodb:requestedAttributes",
        ["PostDateTime"],
        {"dynamodb:requestedAttributes": []},
        True,
    ),
    (
        SETS,
        "ForAnyValue:StringLike",
        "dynamodb:requestedAttributes",
        ["ID", "PostDateTime"],
        {"dynamodb:requestedAttributes": ["UserName", "Message", "PostDateTime"]},
        True,
    ),
    (
        SETS,
        "ForAnyValue:StringLike",
        "dynamodb:requestedAttributes",
        ["ID", "PostDateTime"],
        {"dynamodb:requestedAttributes": ["UserName"]},
        False,
    ),
    (SETS, "ForAnyValue:StringLike", "dynamodb:requestedAttributes", ["ID", "PostDateTime"], {}, False),
    (SETS, "ForAnyValue:StringEquals", "aws:TagKeys", ["env"], {"aws:TagKeys": ""}, False),
    (SET_EXAMPLES, "ForAllValues:StringNotLike", "aws:TagKeys", "key1*", {"aws:TagKeys": ["key1:legal"]}, False),
    (
        SET_EXAMPLES,
        "ForAllValues:StringNotLike",
        "aws:TagKeys",
        "key1*",
        {"aws:TagKeys": ["key1:hr", "key1:personnel"]},
        False,
    ),
    (SET_EXAMPLES, "ForAllValues:StringNotLike", "aws:TagKeys", "key1*", {"aws:TagKeys": ["key2:audit"]}, True),
    (SET_EXAMPLES, "ForAllValues:StringNotLike", "aws:TagKeys", "key1*", {}, True),
    (OPERATORS, "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "env", {}, True),
    (SETS, "ForAnyValue:NumericGreaterThan", "app:sizes", "10", {"app:sizes": ["3", "12"]}, True),
    (SETS, "ForAllValues:NumericGreaterThan", "app:sizes", "10", {"app:sizes": ["3", "12"]}, False),
    # Condition key names are case-insensitive.
    (CONDITION, "IpAddress", "aws:SourceIP", "203.0.113.0/24", {"AWS:sourceip": "203.0.113.9"}, True),
]


@pytest.mark.parametrize(("page", "operator", "key", "values", "context", "holds"), CASES)
def test_condition_operator(page, operator, key, values, context, holds):
    decision = decide(policy_with({operator: {key: values}}), context)
    assert decision.allowed is holds, page
    assert decision.warnings == ()


@pytest.mark.parametrize(
    ("page", "operator", "values", "context_value", "noun"),
    [
        (OPERATORS, "NumericLessThan", "10", "abc", "number"),
        (OPERATORS, "NumericNotEquals", "10", "ten", "number"),
        (OPERATORS, "DateGreaterThan", "2020-01-01T00:00:00Z", "yesterday", "date"),
        (OPERATORS, "Bool", "true", "yes", "boolean"),
        (OPERATORS, "IpAddress", "203.0.113.0/24", "not-an-ip", "IPv4 or IPv6 address"),
        (OPERATORS, "NotIpAddress", "203.0.113.0/24", "999.1.1.1", "IPv4 or IPv6 address"),
        (OPERATORS, "ArnLike", "arn:aws:sns:*:*:*", "not-an-arn", "ARN"),
        (OPERATORS, "BinaryEquals", "QUJD", "***", "bytes or base-64"),
    ],
)
def test_a_value_the_operator_cannot_compare_does_not_match_and_warns(page, operator, values, context_value, noun):
    # Even a negated operator does not match: nothing unsupported passes as true.
    decision = decide(policy_with({operator: {"app:key": values}}), {"app:key": context_value})
    assert decision.decision == "ImplicitDeny", page
    (warning,) = decision.warnings
    assert warning.startswith(f"identity[0]: Statement[0].Condition.{operator}.app:key: context value")
    assert repr(context_value) in warning and noun in warning and "does not match" in warning


def test_multiple_operators_and_keys_are_anded():
    # MULTIPLE: operators ANDed; keys under one operator ANDed; values ORed.
    policy = policy_with(
        {
            "StringEquals": {"aws:PrincipalTag/team": ["red", "blue"], "aws:RequestedRegion": "eu-west-1"},
            "Bool": {"aws:SecureTransport": "true"},
        }
    )
    good = {"aws:PrincipalTag/team": "red", "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": True}
    assert decide(policy, good).allowed
    for key, value in [
        ("aws:PrincipalTag/team", "green"),
        ("aws:RequestedRegion", "us-east-1"),
        ("aws:SecureTransport", False),
    ]:
        assert not decide(policy, {**good, key: value}).allowed, key


def test_deny_with_negated_ifexists_still_denies_when_the_tag_is_missing():
    # OPERATORS, ...IfExists: "request is still denied even if the tag is missing".
    policy = Policy.from_json(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
                {
                    "Effect": "Deny",
                    "Action": "ec2:*",
                    "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:ResourceTag/team": "blue"}},
                },
            ],
        }
    )
    request = Request("ec2:StopInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1")
    assert evaluate(request, identity_policies=[policy]).decision == "ExplicitDeny"


def test_a_multivalued_key_without_a_set_operator_warns():
    decision = decide(policy_with({"StringEquals": {"aws:TagKeys": "env"}}), {"aws:TagKeys": ["team", "env"]})
    assert decision.allowed  # evaluated as "any value matches"
    assert "has 2 values but StringEquals has no ForAnyValue:/ForAllValues: set operator" in decision.warnings[0]


@pytest.mark.parametrize(
    ("operator", "message"),
    [
        ("StringLke", r"unknown condition operator 'StringLke'; did you mean 'StringLike'\?"),
        ("stringequals", r"unknown condition operator 'stringequals'; did you mean 'StringEquals'\?"),
        ("StringEqualsIfExist", r"unknown condition operator 'StringEqualsIfExist'"),
        ("NumericBetween", r"unknown condition operator 'NumericBetween'"),
        ("ForSomeValues:StringLike", r"unknown set operator 'ForSomeValues'"),
        ("ForAnyValues:StringLike", r"unknown set operator 'ForAnyValues'; did you mean 'ForAnyValue'\?"),
        ("NullIfExists", r"Null checks whether a key exists; it takes no IfExists"),
        ("ForAnyValue:Null", r"Null checks whether a key exists; it takes no IfExists and no set operator"),
    ],
)
def test_unknown_operators_are_rejected_at_parse_time(operator, message):
    # OPERATORS lists every operator; nothing else is treated as true.
    with pytest.raises(PolicyError, match=message) as caught:
        policy_with({operator: {"aws:username": "x"}})
    assert caught.value.path == f"Statement[0].Condition.{operator}"


@pytest.mark.parametrize(
    ("operator", "value", "message"),
    [
        ("NumericLessThan", "ten", r"'ten' is not a number"),
        ("NumericLessThan", "${aws:username}", r"policy variables cannot be used with Numeric operators"),
        ("NumericEquals", True, r"True is not a number"),
        ("DateGreaterThan", "tomorrow", r"'tomorrow' is not a date"),
        ("DateGreaterThan", "2020-13-01", r"'2020-13-01' is not a date"),
        ("DateLessThan", "${aws:CurrentTime}", r"policy variables cannot be used with Date operators"),
        ("Bool", "yes", r"'yes' is not a boolean"),
        ("IpAddress", "300.1.1.1/8", r"'300.1.1.1/8' is not an IPv4 or IPv6 address"),
        ("IpAddress", "${aws:SourceIp}", r"policy variables cannot be used with IpAddress operators"),
        ("BinaryEquals", "not base64!", r"'not base64!' is not bytes or base-64 text"),
        ("ArnLike", "my-topic", r"'my-topic' is not an ARN"),
        ("Null", "maybe", r"'maybe' is not true or false"),
        ("StringEquals", [], r"at least one value"),
        ("StringEquals", {"a": 1}, r"is not a string, number or boolean"),
        ("StringEquals", [None], r"value\[0\] None is not a string, number or boolean"),
    ],
)
def test_policy_values_are_checked_against_the_operator_family(operator, value, message):
    with pytest.raises(PolicyError, match=message) as caught:
        policy_with({operator: {"app:key": value}})
    assert caught.value.path == f"Statement[0].Condition.{operator}.app:key"


def test_condition_keys_need_a_service_prefix():
    with pytest.raises(PolicyError, match=r"'username' is not a condition key") as caught:
        policy_with({"StringEquals": {"username": "bob"}})
    assert caught.value.path == "Statement[0].Condition.StringEquals.username"


# --- policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)

HOME = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": ["arn:aws:s3:::mybucket/${aws:username}/*"],
        },
        {
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::mybucket",
            "Condition": {"StringLike": {"s3:prefix": ["${aws:username}/*"]}},
        },
    ],
}


@pytest.mark.parametrize(
    ("action", "resource", "context", "allowed"),
    [
        ("s3:GetObject", "arn:aws:s3:::mybucket/David/report.txt", {"aws:username": "David"}, True),
        ("s3:GetObject", "arn:aws:s3:::mybucket/David/report.txt", {"aws:username": "Adele"}, False),
        ("s3:GetObject", "arn:aws:s3:::mybucket/David/report.txt", {}, False),  # no value: matches nothing
        ("s3:ListBucket", "arn:aws:s3:::mybucket", {"aws:username": "David", "s3:prefix": "David/photos"}, True),
        ("s3:ListBucket", "arn:aws:s3:::mybucket", {"aws:username": "David", "s3:prefix": "Adele/photos"}, False),
    ],
)
def test_variables_in_resource_and_condition(action, resource, context, allowed):
    # VARIABLES, "Where you can use policy variables": the resource part of an ARN and string conditions.
    decision = evaluate(Request(action, resource, context=context), identity_policies=[Policy.from_json(HOME)])
    assert decision.allowed is allowed


@pytest.mark.parametrize("version", ["2008-10-17", None])
def test_variables_are_literal_text_before_2012_10_17(version):
    # VERSION: under 2008-10-17 (or with no Version) ${aws:username} is a literal string.
    document = {k: v for k, v in HOME.items() if k != "Version"}
    if version:
        document["Version"] = version
    policy = Policy.from_json(document)
    david = Request("s3:GetObject", "arn:aws:s3:::mybucket/David/x", context={"aws:username": "David"})
    literal = Request("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/x", context={"aws:username": "David"})
    assert not evaluate(david, identity_policies=[policy]).allowed
    assert evaluate(literal, identity_policies=[policy]).allowed
    assert "literal-variable" in {f.code for f in policy.findings}


def test_default_values():
    # VARIABLES, "Specifying default values": ${aws:userid, 'anonymous'}.
    policy = policy_with({}, resource="arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*")
    assert decide(policy, {}, "arn:aws:s3:::bucket/anonymous/a").allowed
    assert decide(policy, {"aws:userid": "AIDAEXAMPLE"}, "arn:aws:s3:::bucket/AIDAEXAMPLE/a").allowed
    assert not decide(policy, {"aws:userid": "AIDAEXAMPLE"}, "arn:aws:s3:::bucket/anonymous/a").allowed


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("a${*}b", "a*b", True),
        ("a${*}b", "axb", False),
        ("what${?}", "what?", True),
        ("what${?}", "whatx", False),
        ("cost${$}", "cost$", True),
        ("${*}*", "*anything", True),
    ],
)
def test_special_character_variables(pattern, value, matches):
    # VARIABLES, "Special characters": ${*}, ${?} and ${$} are the bare characters, not wildcards.
    assert decide(policy_with({"StringLike": {"app:key": pattern}}), {"app:key": value}).allowed is matches


def test_tag_variables():
    # VARIABLES, "Tags as policy variables": arn:aws:s3:::bucket/${aws:PrincipalTag/department}.
    policy = policy_with({}, resource="arn:aws:s3:::bucket/${aws:PrincipalTag/department}")
    assert decide(policy, {"aws:PrincipalTag/department": "hr"}, "arn:aws:s3:::bucket/hr").allowed
    assert not decide(policy, {"aws:PrincipalTag/department": "hr"}, "arn:aws:s3:::bucket/it").allowed


def test_variables_in_arn_and_bool_conditions():
    # OPERATORS: "You can use a policy variable with the ARN condition operator" (and with Bool).
    arn = policy_with({"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:${aws:username}"}})
    assert decide(arn, {"aws:username": "alerts", "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:alerts"}).allowed
    flag = policy_with({"Bool": {"aws:SecureTransport": "${app:expected}"}})
    assert decide(flag, {"app:expected": "true", "aws:SecureTransport": True}).allowed
    assert not decide(flag, {"app:expected": "false", "aws:SecureTransport": True}).allowed


def test_a_variable_with_no_value_matches_nothing_even_under_negation():
    # VARIABLES: a variable AWS cannot resolve matches no value; a negated operator NORs over values.
    positive = policy_with({"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}})
    negated = policy_with({"StringNotEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}})
    context = {"aws:PrincipalTag/team": "red"}
    assert not decide(positive, context).allowed
    assert decide(negated, context).allowed


def test_a_multivalued_key_cannot_be_a_variable():
    # SETS: "you can't use multivalued context keys as policy variables".
    policy = policy_with({}, resource="arn:aws:s3:::bucket/${aws:TagKeys}")
    decision = decide(policy, {"aws:TagKeys": ["a", "b"]}, "arn:aws:s3:::bucket/a")
    assert not decision.allowed
    assert "names a multivalued context key (2 values)" in decision.warnings[0]


def test_variable_names_are_case_insensitive():
    # VARIABLES: "Key names are case-insensitive".
    policy = policy_with({}, resource="arn:aws:s3:::bucket/${AWS:UserName}")
    assert decide(policy, {"aws:username": "carol"}, "arn:aws:s3:::bucket/carol").allowed
