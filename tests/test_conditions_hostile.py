"""Hostile input for IAM condition operators: every operator family with hostile values.

``parse_condition`` raises ``ValueError`` (``Policy.from_json`` turns it into a ``PolicyError``
with the JSON path) or ``TypeError``; evaluation never raises and never hangs: a context value
the operator cannot compare makes the condition not match, with the reason in ``problems``.
Huge numbers, NaN, non-ASCII digits, malformed dates, IPs and ARNs, 10^5-value lists and deep
nesting; sized inputs run in a forked, memory-limited child (``_hostile.run_limited``).
"""

import json
import re

import pytest
from _hostile import run_limited

from awsbasics.errors import PolicyError
from awsbasics.iam.conditions import OPERATORS, parse_condition

BIG = 10**400
SURROGATE = "\ud800"


def _parse(operator, values, key="aws:Key"):
    return lambda: parse_condition(operator, key, values, path="Statement[0].Condition", variables=True)


NOT_A_VALUE = [None, {"a": 1}, [["x"]], [{"a": 1}], []]
FAMILY_BAD = {
    "NumericEquals": [
        "\u0663",
        "\u0663\u0663",
        "1e5",
        "0x10",
        "NaN",
        "Infinity",
        "",
        " ",
        "1,000",
        SURROGATE,
        float("nan"),
        float("inf"),
        "9" * 400 + "e9",
        "--1",
        "1.2.3",
    ],
    "DateLessThan": [
        "2020-13-45",
        "2020-02-30T25:61:61Z",
        "\u0662\u0660\u0662\u0660-01-01",
        "0000-01-01",
        "2020-01-01T00:00:00+99:99",
        "yesterday",
        "",
        SURROGATE,
        float("nan"),
        "2020-01-01T00:00:00ZZ",
    ],
    "Bool": ["yes", "1", "", "TRUE ", SURROGATE, 1, 0, 1.5],
    "BinaryEquals": ["not base64!", "QQ=", SURROGATE, "\u00e9", 1, True],
    "IpAddress": ["1.2.3.4/99", "::1/200", "1.2.3.4/-1", "256.0.0.1", "1.2.3", "", SURROGATE, "\u0661.2.3.4", 1],
    "ArnLike": ["arn:aws", "not-an-arn", "", SURROGATE, 1, True],
    "ArnEquals": ["arn:aws:s3", "arn", 3.5],
    "Null": ["maybe", "", 1, SURROGATE],
}

CASES = [
    (f"{op} {v!r:.40}", _parse(op, v), "ValueError", r"is not") for op, values in FAMILY_BAD.items() for v in values
]
CASES += [
    (f"{op} {v!r:.20}", _parse(op, v), "ValueError", r"not a string, number or boolean|at least one value")
    for op in ("StringEquals", "NumericEquals", "DateEquals", "IpAddress", "ArnLike")
    for v in NOT_A_VALUE
]
CASES += [
    (
        "operator None",
        lambda: parse_condition(None, "k", "x", path="C", variables=True),
        "TypeError",
        r"operator must be str",
    ),
    (
        "operator int",
        lambda: parse_condition(1, "k", "x", path="C", variables=True),
        "TypeError",
        r"operator must be str",
    ),
    (
        "key None",
        lambda: parse_condition("StringEquals", None, "x", path="C", variables=True),
        "TypeError",
        r"key must be str",
    ),
    (
        "key bytes",
        lambda: parse_condition("StringEquals", b"k", "x", path="C", variables=True),
        "TypeError",
        r"key must be str",
    ),
    ("operator empty", _parse("", "x"), "ValueError", r"unknown condition operator ''"),
    ("operator surrogate", _parse(SURROGATE, "x"), "ValueError", r"unknown condition operator"),
    ("operator long", _parse("x" * 10**6, "x"), "ValueError", r"unknown condition operator"),
    ("operator colons", _parse(":" * 10**5, "x"), "ValueError", r"unknown set operator"),
    (
        "operator nested qualifiers",
        _parse("ForAnyValue:" * 10**4 + "StringEquals", "x"),
        "ValueError",
        r"unknown set operator",
    ),
    ("operator IfExistsIfExists", _parse("StringEqualsIfExistsIfExists", "x"), "ValueError", r"did you mean"),
    ("Null with qualifier", _parse("ForAnyValue:Null", "true"), "ValueError", r"Null checks"),
    ("value longer than a policy", _parse("StringLike", "a*" * 10**5), "ValueError", r"longer than a whole policy"),
    ("value 10^6 chars", _parse("StringEquals", "x" * 10**6), "ValueError", r"longer than a whole policy"),
    ("10^5 values, one bad", _parse("NumericEquals", ["1"] * 10**5 + ["x"]), "ValueError", r"value\[100000\] 'x'"),
    ("variables in Numeric", _parse("NumericEquals", "${aws:username}"), "ValueError", r"policy variables cannot"),
]

# Values that parse: huge and long numbers stay exact Decimals; 10^5 values parse in time.
ACCEPTED = [
    ("huge int", _parse("NumericLessThan", BIG)),
    ("5000-digit text", _parse("NumericEquals", "1" * 5000)),
    ("10^4-digit epoch", _parse("DateEquals", "1" * 10**4)),
    ("far dates", _parse("DateGreaterThan", ["9999-12-31T23:59:59+23:59", "0001-01-01T00:00:00-23:59"])),
    ("10^5 values", _parse("ForAnyValue:StringEquals", [str(i) for i in range(10**5)])),
    ("pathological glob", _parse("StringLike", "a*" * 1000 + "b")),
    ("unclosed variables are literal text", _parse("StringEquals", "${" * 1000)),
]


@pytest.mark.parametrize(("call", "kind", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_condition_is_refused(call, kind, pattern):
    outcome, message = run_limited(call)
    assert outcome == kind, (outcome, message)
    assert re.search(pattern, message), message


@pytest.mark.parametrize("call", [c[1] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_hostile_but_valid_values_parse_in_time(call):
    outcome, message = run_limited(call)
    assert outcome == "returned", (outcome, message)


def _evaluate(operator, policy_values, context_values):
    condition = parse_condition(operator, "k", policy_values, path="C", variables=True)
    problems = []
    return condition.evaluate({"k": context_values}, problems), len(problems)


HOSTILE_CONTEXT = [
    (BIG,),
    (-BIG,),
    (float("nan"),),
    (float("inf"),),
    ("\u0663",),
    ("1" * 10**6,),
    (SURROGATE,),
    (None,),
    ({},),
    ([],),
    (b"\xff",),
    ("0001-01-01T00:00:00+23:00",),
    ("a" * 10**5,),
]
EVALUATED = [
    "NumericEquals",
    "NumericLessThan",
    "DateLessThan",
    "StringLike",
    "StringEqualsIgnoreCase",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
    "BinaryEquals",
    "Bool",
]
POLICY_VALUE = {
    "NumericEquals": "1",
    "NumericLessThan": "1",
    "DateLessThan": "2020-01-01",
    "StringLike": "a*a*a*a*b",
    "StringEqualsIgnoreCase": "X",
    "IpAddress": "10.0.0.0/8",
    "NotIpAddress": "10.0.0.0/8",
    "ArnLike": "arn:aws:s3:::*",
    "BinaryEquals": "QQ==",
    "Bool": "true",
}


@pytest.mark.parametrize("operator", EVALUATED)
def test_evaluation_never_raises_on_hostile_context_values(operator):
    for values in HOSTILE_CONTEXT:
        outcome, message = run_limited(lambda values=values: _evaluate(operator, POLICY_VALUE[operator], values))
        assert outcome == "returned", (operator, values[:1], outcome, message)
        assert message.startswith(("(True", "(False")), message


def test_uncomparable_context_values_do_not_match_and_say_why():
    matched, problems = _evaluate("NumericEquals", "3", ("\u0663",))
    assert (matched, problems) == (False, 1)
    matched, problems = _evaluate("NumericLessThan", "1", (float("nan"),))
    assert (matched, problems) == (False, 1)
    matched, problems = _evaluate("DateLessThan", "2020-01-01", ("2020-13-45",))
    assert (matched, problems) == (False, 1)
    # A huge number compares exactly, neither overflowing nor rounding.
    assert _evaluate("NumericLessThan", str(10**400), (10**400 - 1,)) == (True, 0)
    assert _evaluate("NumericEquals", "1" * 5000, ("1" * 5000,)) == (True, 0)


def test_equality_against_many_values_is_a_set_lookup():
    """10^5 context values against 10^5 policy values: linear, not 10^10 comparisons."""
    policy = [str(i) for i in range(10**5)]
    outcome, message = run_limited(lambda: _evaluate("ForAllValues:StringEquals", policy, tuple(policy) + ("x",)))
    assert (outcome, message) == ("returned", "(False, 0)")
    outcome, message = run_limited(lambda: _evaluate("ForAnyValue:NumericEquals", policy, ("99999.0",)))
    assert (outcome, message) == ("returned", "(True, 0)")
    # Set lookup keeps each family's equality: 1.0 equals 1, case folds only for IgnoreCase.
    assert _evaluate("NumericEquals", ["1", "2"], ("1.0",)) == (True, 0)
    assert _evaluate("StringEquals", ["A", "b"], ("a",)) == (False, 0)
    assert _evaluate("StringEqualsIgnoreCase", ["A", "b"], ("a",)) == (True, 0)
    assert _evaluate("StringNotEquals", ["A", "b"], ("b",)) == (False, 0)
    assert _evaluate("Bool", "true", (True,)) == (True, 0)


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_operator_rejects_a_nested_value_through_the_policy_as_a_policy_error(operator):
    from awsbasics.iam import Policy

    nested = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {operator: {"aws:Key": [[["x"]]]}},
            }
        ],
    }
    with pytest.raises(PolicyError, match=r"Condition"):
        Policy.from_json(json.dumps(nested))
