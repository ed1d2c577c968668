"""Request contexts typed as JSON text: parse_context turns them into condition keys or names the rule broken."""

import pytest

from awsbasics.errors import AwsRuleError
from awsbasics.iam import Request, RequestError, parse_context
from awsbasics.iam.request import CONTEXT_MAX_CHARS

# Condition keys are names to values: a string, number or boolean, or a list of them (multivalued keys).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
OBJECT = "arn:aws:s3:::reports/q1.csv"


def test_a_json_object_of_keys_becomes_a_request_context():
    text = '{\n "aws:username": "alice",\n "aws:MultiFactorAuthAge": 300,\n "aws:SecureTransport": true,\n' \
           ' "aws:TagKeys": ["team", "env"]\n}'
    context = parse_context(text)
    assert context == {"aws:username": "alice", "aws:MultiFactorAuthAge": 300, "aws:SecureTransport": True,
                       "aws:TagKeys": ["team", "env"]}
    assert Request("s3:GetObject", OBJECT, context=context).context["aws:TagKeys"] == ("team", "env")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_text_is_no_keys(text):
    assert parse_context(text) == {}


@pytest.mark.parametrize("text, message", [
    ('{"aws:username": "alice",}', r"^context: not valid JSON \(Expecting property name enclosed in double quotes, "
                                   r"line 1 column 26\); write an object such as \{"),
    ('{\n "a:b": 1\n "c:d": 2\n}', r"^context: not valid JSON \(Expecting ',' delimiter, line 3 column 2\)"),
    ('["aws:username"]', r"^context: write a JSON object of condition keys, e\.g\. \{"),
    ('"alice"', r"^context: write a JSON object of condition keys"),
    ('{\n "aws:username": null\n}', r"^context line 2, key 'aws:username': null is not a context value; use a "
                                    r"string, a number, true or false, or a list of them$"),
    ('{"k:a": {"a": 1}}', r"^context line 1, key 'k:a': an object is not a context value"),
    ('{"k:a": ["x", ["y"]]}', r"^context line 1, key 'k:a': a list inside a list is not a context value"),
    ('{"k:a": [null]}', r"^context line 1, key 'k:a': null is not a context value"),
    ('{"k:a": 1, "k:a": 2}', r"^context: the key 'k:a' appears twice; give each condition key once"),
    ('{"k:a": NaN}', r"^context: NaN is not a JSON number"),
    ('{"k:a": -Infinity}', r"^context: -Infinity is not a JSON number"),
    ('{"k:a": 1e400}', r"^context: '1e400' is too large for a number"),
])
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
    with pytest.raises(RequestError, match=rf"^context: {len(huge):,} characters is more than the "
                                           rf"{CONTEXT_MAX_CHARS:,} parse_context reads"):
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
