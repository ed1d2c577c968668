"""Hostile input: wildcard patterns that make a backtracking regex explode, oversized documents, huge numbers.

Timing is checked in a forked child with a time limit (never as a wall-clock assert here):
the matcher must answer; how fast on this machine is the benchmark's business.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awsbasics.errors import PolicyError
from awsbasics.iam import Policy, Request, evaluate
from awsbasics.iam.patterns import arn_atoms, compile_wildcards, glob_atoms

LIMIT_SECONDS = 2.0


def glob_match(pattern: str, text: str) -> bool:
    return compile_wildcards((glob_atoms(((pattern, True),)),)).fullmatch(text) is not None


def oracle(pattern: str, text: str) -> bool:
    """fnmatch without its [...] classes: the IAM wildcard language."""
    return fnmatch.fnmatchcase(text, pattern.replace("[", "[[]").replace("]", "[]]"))


def _finishes(function, *args) -> bool:
    """Whether ``function(*args)`` returns (its asserts passing) within LIMIT_SECONDS in a forked child."""
    process = multiprocessing.get_context("fork").Process(target=function, args=args)
    process.start()
    process.join(LIMIT_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()
        return False
    return process.exitcode == 0


def _check_glob(pattern: str, text: str, expected: bool) -> None:
    assert glob_match(pattern, text) is expected


PATHOLOGICAL = [
    ("a*" * 10 + "b", "a" * 200, False),
    ("a*" * 20 + "b", "a" * 10_000, False),
    ("a*" * 20 + "a", "a" * 10_000, True),
    ("*?" * 30 + "b", "a" * 10_000, False),
    ("*?" * 30, "a" * 10_000, True),
    ("?" * 5_000 + "*b", "a" * 10_000, False),
    ("?" * 10_000, "a" * 10_000, True),
    ("*a*a*a*a*a*a*a*a*a*a*b*", "ab" * 5_000, True),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), PATHOLOGICAL)
def test_pathological_glob_answers_in_a_child_within_the_limit(pattern, text, expected):
    assert _finishes(_check_glob, pattern, text, expected)


def _check_policy(action_pattern: str, resource_pattern: str, condition_pattern: str, size: int) -> None:
    policy = Policy.from_json(
        {
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:Get*", action_pattern], "Resource": resource_pattern},
                {
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                        "StringLike": {"aws:username": condition_pattern},
                        "ArnLike": {"aws:SourceArn": "arn:aws:s3:*:*:" + condition_pattern},
                    },
                },
            ]
        }
    )
    long = "a" * size
    decision = evaluate(
        Request(
            action="s3:" + long,
            resource="arn:aws:s3:::" + long,
            context={"aws:username": long, "aws:SourceArn": "arn:aws:s3:a:b:" + long},
        ),
        identity_policies=[policy],
    )
    assert decision.decision == "ImplicitDeny"


def test_pathological_patterns_in_every_policy_element_answer_within_the_limit():
    hostile = "a*" * 15 + "b"
    assert _finishes(_check_policy, "s3:" + hostile, "arn:aws:s3:::" + hostile, hostile, 5_000)


def test_restricted_arn_wildcards_use_a_linear_matcher():
    # [^:]* stars (mid-segment in ARNs) cannot use the atomic regex; the NFA must still be linear.
    atoms = arn_atoms((("arn:aws:s3:" + "a*" * 15 + "b:*:x", True),), resource_element=True)
    assert _finishes(_check_arn, atoms, "arn:aws:s3:" + "a" * 5_000 + ":1:x", False)


def _check_arn(atoms, text, expected):
    assert (compile_wildcards((atoms,)).fullmatch(text) is not None) is expected


SYMBOLS = st.sampled_from("ab*?/:")


@given(st.text(SYMBOLS, max_size=12), st.text(st.sampled_from("ab/:*?"), max_size=14))
def test_glob_agrees_with_fnmatch(pattern, text):
    assert glob_match(pattern, text) is oracle(pattern, text)


@given(st.text(SYMBOLS, max_size=12), st.text(st.sampled_from("ab/:"), max_size=14), st.booleans())
@settings(max_examples=300)
def test_arn_matcher_agrees_with_the_backtracking_regex_on_small_input(resource, rest, resource_element):
    # The plain regex translation is the old, exact semantics; small sizes keep it fast.
    atoms = arn_atoms((("arn:" + resource, True),), resource_element=resource_element)
    if atoms is None:
        return
    text = "arn:" + rest
    old = re.fullmatch("".join(atoms), text, re.DOTALL) is not None
    assert (compile_wildcards((atoms,)).fullmatch(text) is not None) is old


def test_actions_stay_case_insensitive_and_resources_case_sensitive():
    policy = Policy.from_json(
        {"Statement": {"Effect": "Allow", "Action": "S3:get*Obj*", "Resource": "arn:aws:s3:::Bucket/*/*.csv"}}
    )
    assert (
        evaluate(
            Request(action="s3:GetObject", resource="arn:aws:s3:::Bucket/a/b.csv"), identity_policies=[policy]
        ).decision
        == "Allow"
    )
    assert (
        evaluate(
            Request(action="s3:GetObject", resource="arn:aws:s3:::bucket/a/b.csv"), identity_policies=[policy]
        ).decision
        == "ImplicitDeny"
    )


def test_an_oversized_document_is_refused_before_parsing():
    text = '{"Statement": []' + " " * 200_000 + "}"
    with pytest.raises(PolicyError, match=r"200,01\d characters, more than this library's safety cap of 100,000"):
        Policy.from_json(text)


def test_an_oversized_dict_is_refused_too():
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/" + "k" * 200_000}
    with pytest.raises(PolicyError, match=r"safety cap of 100,000 \(not an AWS quota"):
        Policy.from_json({"Statement": statement})


def test_a_number_too_long_for_python_is_a_policy_error_with_its_path():
    text = (
        '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", '
        '"Condition": {"NumericLessThan": {"s3:max-keys": ["1", ' + "9" * 5_000 + "]}}}}"
    )
    with pytest.raises(
        PolicyError,
        match=r"^Statement\.Condition\.NumericLessThan\.s3:max-keys\[1\]: "
        r"a number with 5,000 digits is longer than",
    ):
        Policy.from_json(text)


def test_a_python_int_too_long_to_convert_is_a_policy_error():
    document = {
        "Statement": {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*",
            "Condition": {"NumericLessThan": {"s3:max-keys": 10**6_000}},
        }
    }
    with pytest.raises(
        PolicyError,
        match=r"^Statement\.Condition\.NumericLessThan\.s3:max-keys: "
        r"a number with about 6,000 digits",
    ):
        Policy.from_json(document)
