"""Chapter 05 exercises: the constructive ones are graded by the engine, every wrong answer names its misconception."""

import json

import pytest

from awsbasics.chapters.access_control import _LP_SOLUTION, _XA_SOLUTION
from awsbasics.exercises import chapter

EVALUATION = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
CROSS_ACCOUNT = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html"
)
S3_ACTIONS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html"


@pytest.fixture(scope="module")
def exercises():
    return {e.id: e for e in chapter("05")}


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def test_six_or_more_two_constructive(exercises):
    assert len(exercises) >= 6
    constructive = [e for e in exercises.values() if e.kind not in ("choice",)]
    assert [e.id for e in constructive] == ["05-least-privilege", "05-cross-account-bucket-policy"]


@pytest.mark.parametrize("answer", [_LP_SOLUTION, json.dumps(_LP_SOLUTION)])
def test_least_privilege_solution_passes(exercises, answer):
    assert exercises["05-least-privilege"].check(answer).correct


@pytest.mark.parametrize(
    "statements, fragment",
    [
        # S3_ACTIONS: ListBucket's resource type is the bucket, GetObject's the object.
        ([{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}], "acts on the bucket itself"),
        (
            [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"},
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"},
            ],
            "acts on objects",
        ),
        (
            [
                {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/2026/*"],
                }
            ],
            "may write reports",
        ),
        (
            [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
                }
            ],
            "last year's reports",
        ),
        ([{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}], "last year's reports"),
        ([{"Effect": "Allow", "Action": "*", "Resource": "*"}], "may write reports"),
        ([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}], "would reject"),
    ],
)
def test_least_privilege_feedback_names_the_misconception(exercises, statements, fragment):
    feedback = exercises["05-least-privilege"].check(doc(*statements))
    assert not feedback.correct and fragment in feedback.message, feedback.message


@pytest.mark.parametrize("answer", [_XA_SOLUTION, json.dumps(_XA_SOLUTION)])
def test_cross_account_solution_passes(exercises, answer):
    assert exercises["05-cross-account-bucket-policy"].check(answer).correct


def _bucket(principal, action="s3:GetObject", resource="arn:aws:s3:::shared-reports/*"):
    return doc({"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource})


@pytest.mark.parametrize(
    "answer, fragment",
    [
        # CROSS_ACCOUNT: naming the account trusts its administrators to delegate; "*" trusts everyone.
        (_bucket("*"), "the Intern role too"),
        (_bucket({"AWS": "444455556666"}), "the Intern role too"),
        (_bucket({"AWS": "arn:aws:iam::444455556666:role/Analyst"}, action="s3:*"), "write and delete too"),
        (
            _bucket({"AWS": "arn:aws:iam::444455556666:role/Analyst"}, resource="arn:aws:s3:::shared-reports"),
            "names the objects",
        ),
        (_bucket({"AWS": "arn:aws:iam::111122223333:role/Analyst"}), "no statement of the bucket policy applies"),
        (doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}), "names its Principal"),
    ],
)
def test_cross_account_feedback_names_the_misconception(exercises, answer, fragment):
    feedback = exercises["05-cross-account-bucket-policy"].check(answer)
    assert not feedback.correct and fragment in feedback.message, feedback.message


def test_every_wrong_choice_has_its_own_feedback(exercises):
    for exercise in exercises.values():
        if exercise.kind != "choice":
            continue
        messages = set()
        for letter, choice in zip("ABCD", exercise.choices):
            feedback = exercise.check(letter)
            assert feedback.correct == (choice == exercise.answer), exercise.id
            assert exercise.check(choice).message == feedback.message
            if not feedback.correct:
                messages.add(feedback.message)
        assert len(messages) == len(exercise.choices) - 1, exercise.id  # one message per misconception


def test_answers_come_from_the_engine(exercises):
    # EVALUATION / CROSS_ACCOUNT: the engine's decisions, not typed constants.
    assert exercises["05-cross-account-admin"].answer == "ImplicitDeny"
    assert exercises["05-deny-wins"].answer == "ExplicitDeny"
    assert exercises["05-outside-guardrail"].answer == "an RCP"
    assert exercises["05-boundary"].answer == "s3:PutObject on reports/x.csv"
    assert exercises["05-identity-center-session"].answer.startswith("role AWSReservedSSO_S3Reader_")
    assert "Deny evaluation" in exercises["05-cross-account-admin"].solution().body


@pytest.mark.parametrize("answer", [None, 42, 10**400, [1], "x" * 10**6, "\ud800", "{not json", b"{}", {"a": 1}])
def test_hostile_answers_get_feedback_not_exceptions(exercises, answer):
    for exercise in exercises.values():
        feedback = exercise.check(answer)
        assert not feedback.correct and "Try .hint()" in feedback.message and len(feedback.message) < 2_000
