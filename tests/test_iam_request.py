"""Request contexts typed as JSON text: parse_context turns them into condition keys or names the rule broken."""

import datetime as dt
from decimal import Decimal

import pytest

from awsbasics.errors import AwsRuleError
from awsbasics.iam import Request, RequestError, parse_context
from awsbasics.iam.patterns import is_arn
from awsbasics.iam.request import CONTEXT_MAX_CHARS

# Condition keys are names to values: a string, number or boolean, or a list of them (multivalued keys).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
OBJECT = "arn:aws:s3:::reports/q1.csv"


def test_a_json_object_of_keys_becomes_a_request_context():
    text = (
        '{\n "aws:username": "alice",\n "aws:MultiFactorAuthAge": 300,\n "aws:SecureTransport": true,\n'
        ' "aws:TagKeys": ["team", "env"]\n}'
    )
    context = parse_context(text)
    assert context == {
        "aws:username": "alice",
        "aws:MultiFactorAuthAge": 300,
        "aws:SecureTransport": True,
        "aws:TagKeys": ["team", "env"],
    }
    assert Request("s3:GetObject", OBJECT, context=context).context["aws:TagKeys"] == ("team", "env")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_text_is_no_keys(text):
    assert parse_context(text) == {}


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '{"aws:username": "alice",}',
            r"^context: not valid JSON \(Expecting property name enclosed in double quotes, "
            r"line 1 column 26\); write an object such as \{",
        ),
        ('{\n "a:b": 1\n "c:d": 2\n}', r"^context: not valid JSON \(Expecting ',' delimiter, line 3 column 2\)"),
        ('["aws:username"]', r"^context: write a JSON object of condition keys, e\.g\. \{"),
        ('"alice"', r"^context: write a JSON object of condition keys"),
        (
            '{\n "aws:username": null\n}',
            r"^context line 2, key 'aws:username': null is not a context value; use a "
            r"string, a number, true or false, or a list of them$",
        ),
        ('{"k:a": {"a": 1}}', r"^context line 1, key 'k:a': an object is not a context value"),
        ('{"k:a": ["x", ["y"]]}', r"^context line 1, key 'k:a': a list inside a list is not a context value"),
        ('{"k:a": [null]}', r"^context line 1, key 'k:a': null is not a context value"),
        ('{"k:a": 1, "k:a": 2}', r"^context: the key 'k:a' appears twice; give each condition key once"),
        ('{"k:a": NaN}', r"^context: NaN is not a JSON number"),
        ('{"k:a": -Infinity}', r"^context: -Infinity is not a JSON number"),
        ('{"k:a": 1e400}', r"^context: '1e400' is too large for a number"),
    ],
)
def test_what_is_not_a_context_names_the_line_and_the_rule(text, message):
    with pytest.raises(RequestError, match=message):
        parse_context(text)


def test_hostile_texts_raise_a_rule_error_not_a_crash():
    with pytest.raises(RequestError, match=r"^context: nested too deeply"):
        parse_context('{"k:a": ' + "[" * 20_000 + "]" * 20_000 + "}")
    with pytest.raises(RequestError, match=r"^context: a number with more than [\d,]+ digits is not a context value"):
        parse_context('{"k:a": ' + "9" * 5_000 + "}")
    with pytest.raises(RequestError, match=r"key '.{3,}\.\.\..{3,}': null is not a context value"):
        parse_context('{"' + "k" * 10_000 + '": null}')  # the key is shortened in the message


def test_a_text_over_the_limit_is_refused_before_it_is_read():
    huge = '{"k:a": "' + "x" * CONTEXT_MAX_CHARS + '"}'
    with pytest.raises(
        RequestError,
        match=rf"^context: {len(huge):,} characters is more than the "
        rf"{CONTEXT_MAX_CHARS:,} parse_context reads",
    ):
        parse_context(huge)
    assert parse_context('{"k:a": "' + "x" * (CONTEXT_MAX_CHARS - 12) + '"}')["k:a"].startswith("xxx")


@pytest.mark.parametrize("value", [None, 42, b'{"k:a": 1}', {"k:a": 1}])
def test_only_text_is_parsed(value):
    with pytest.raises(TypeError, match=r"^context must be str, not "):
        parse_context(value)


def test_errors_are_rule_errors():
    assert issubclass(RequestError, AwsRuleError)


def test_a_key_given_twice_is_found_among_thousands():
    keys = ", ".join(f'"k:{i}": {i}' for i in range(5_000))
    assert len(parse_context("{" + keys + "}")) == 5_000
    with pytest.raises(RequestError, match=r"the key 'k:4999' appears twice"):
        parse_context("{" + keys + ', "k:4999": 0}')


# --- Request construction: the cheap checks decide exactly what the full ones did -----------------------
# (Request is built once per evaluation, so its checks take fast paths; these pin that nothing slips by.)
# Request elements: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
# ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html


class _Text(str):
    """A str subclass: accepted wherever text is, as isinstance(value, str) says."""


def test_request_derives_service_action_and_account():
    table = Request("DynamoDB:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/orders")
    assert (table.service, table.action_lower, table.resource_account) == (
        "dynamodb",
        "dynamodb:getitem",
        "111122223333",
    )
    assert Request("s3:GetObject", OBJECT).resource_account == ""  # S3 ARNs have no account segment
    assert Request("ec2:DescribeInstances", "*").resource_account == ""
    # The resource part keeps its own colons: the account is the fifth segment only.
    assert (
        Request("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/a:log-stream:b").resource_account
        == "111122223333"
    )


@pytest.mark.parametrize(
    "resource, accepted",
    [
        ("arn:aws:s3:::b", True),
        ("arn:aws:s3:::", True),
        ("arn:aws:s3:::b:c:d", True),
        ("arn::::::", True),
        ("arn:aws:s3::", False),
        ("arn:aws:s3:b", False),
        ("ARN:aws:s3:::b", False),
        ("aws:s3:::b:c", False),
        ("arn", False),
        ("", False),
        ("**", False),
    ],
)
def test_a_resource_is_accepted_exactly_when_is_arn_says_so(resource, accepted):
    assert is_arn(resource) is accepted
    if accepted:
        assert Request("s3:GetObject", resource).resource == resource
    else:
        with pytest.raises(RequestError, match=r"is not a resource: use its ARN"):
            Request("s3:GetObject", resource)


def test_text_subclasses_and_non_ascii_text_are_accepted():
    request = Request(
        _Text("s3:GetObject"),
        _Text("arn:aws:s3:::bücket/보고서.csv"),
        principal=_Text("arn:aws:iam::111122223333:user/alice"),
        context={_Text("aws:username"): _Text("앨리스")},
    )
    assert (request.service, request.resource, request.identity.kind) == (
        "s3",
        "arn:aws:s3:::bücket/보고서.csv",
        "user",
    )
    assert request.context_values == {"aws:username": ("앨리스",)}


@pytest.mark.parametrize(
    "kwargs, what",
    [
        ({"action": "s3:Get\ud800Object"}, r"^action 's3:Get\\ud800Object' holds a lone surrogate at position 6"),
        (
            {"resource": "arn:aws:s3:::b/\udfff"},
            r"^resource 'arn:aws:s3:::b/\\udfff' holds a lone surrogate at position 15",
        ),
        (
            {"principal": "arn:aws:iam::111122223333:user/\ud800"},
            r"^principal .* holds a lone surrogate at position 31",
        ),
        ({"context": {"aws:user\ud800": "x"}}, r"^context key 'aws:user\\ud800' holds a lone surrogate at position 8"),
    ],
)
def test_a_lone_surrogate_is_refused_wherever_it_is(kwargs, what):
    args = {"action": "s3:GetObject", "resource": OBJECT, **kwargs}
    with pytest.raises(RequestError, match=what):
        Request(args.pop("action"), args.pop("resource"), **args)


def test_context_values_of_every_accepted_kind_and_their_subclasses():
    class Stamp(dt.datetime):
        pass

    when = Stamp(2026, 1, 1, tzinfo=dt.UTC)
    context = {
        "a:s": _Text("x"),
        "a:b": True,
        "a:i": 3,
        "a:f": 0.5,
        "a:d": Decimal("1.5"),
        "a:t": when,
        "a:y": b"\x00",
        "a:l": ["x", 2, False],
        "a:e": [],
        "a:tuple": ("p", "q"),
    }
    request = Request("s3:GetObject", OBJECT, context=context)
    assert request.context_values == {
        "a:s": ("x",),
        "a:b": (True,),
        "a:i": (3,),
        "a:f": (0.5,),
        "a:d": (Decimal("1.5"),),
        "a:t": (when,),
        "a:y": (b"\x00",),
        "a:l": ("x", 2, False),
        "a:e": (),
        "a:tuple": ("p", "q"),
    }
    assert request.context["a:l"] == ("x", 2, False) and request.context["a:s"] == "x"


@pytest.mark.parametrize(
    "value, kind",
    [
        (None, "NoneType"),
        ({"x": 1}, "dict"),
        ({1, 2}, "set"),
        (["x", ["y"]], "list"),
        (["x", None], "NoneType"),
        (dt.date(2026, 1, 1), "date"),
    ],
)
def test_a_value_of_another_kind_is_a_type_error_naming_the_key(value, kind):
    with pytest.raises(TypeError, match=rf"^context\['k:a'\]: {kind} is not a context value"):
        Request("s3:GetObject", OBJECT, context={"k:a": value})


def test_a_duplicate_key_names_the_first_spelling_among_others():
    # Condition key names are case-insensitive:
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    with pytest.raises(RequestError, match=r"^context keys 'aws:SourceIp' and 'AWS:SOURCEIP' are the same key"):
        Request(
            "s3:GetObject",
            OBJECT,
            context={"aws:username": "a", "aws:SourceIp": "1.2.3.4", "k:x": 1, "AWS:SOURCEIP": "5.6.7.8"},
        )


def test_a_dict_subclass_is_a_context_and_the_caller_keeps_its_own_dict():
    class Keys(dict):
        pass

    given = Keys({"aws:username": "alice", "aws:TagKeys": ["a"]})
    request = Request("s3:GetObject", OBJECT, context=given)
    given["aws:username"] = "mallory"
    given["aws:TagKeys"].append("b")
    assert request.context == {"aws:username": "alice", "aws:TagKeys": ("a",)}
    assert request.context_values == {"aws:username": ("alice",), "aws:tagkeys": ("a",)}


def test_no_context_and_an_empty_context_are_the_same_read_only_nothing():
    bare, empty = Request("s3:GetObject", OBJECT), Request("s3:GetObject", OBJECT, context={})
    assert bare == empty and hash(bare) == hash(empty) and dict(bare.context) == {} and bare.context_values == {}
    with pytest.raises(TypeError):
        bare.context["k:a"] = 1  # the shared empty context cannot be filled through one request
    bare.context_values["k:a"] = ("x",)  # an internal dict, but never shared between requests
    assert Request("s3:GetObject", OBJECT).context_values == {}


def test_a_request_cannot_be_changed_after_it_is_built():
    request = Request("s3:GetObject", OBJECT)
    for name in ("action", "resource", "service", "identity", "context_values"):
        with pytest.raises(AttributeError, match=r"^Request is immutable; build a new one instead$"):
            setattr(request, name, "x")
    assert request.action == "s3:GetObject"


def test_ten_thousand_distinct_requests_each_keep_their_own_values():
    # The throughput benchmark's fresh figure builds this many distinct requests; none may share state.
    requests = [
        Request(
            "s3:GetObject",
            f"arn:aws:s3:::reports/{i}.csv",
            principal=f"arn:aws:iam::111122223333:user/u{i}",
            context={"aws:SourceIp": f"10.0.{i >> 8}.{i & 255}"},
        )
        for i in range(10_000)
    ]
    assert len(set(requests)) == 10_000
    assert requests[4321].context_values == {"aws:sourceip": ("10.0.16.225",)}
    assert requests[4321].identity.text == "arn:aws:iam::111122223333:user/u4321"
