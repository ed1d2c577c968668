"""Chapter 11's exercises: right answers pass, wrong ones name the misconception."""

from __future__ import annotations

import json

import pytest

from awsbasics import exercises


@pytest.fixture(scope="module")
def chapter():
    return {q.id: q for q in exercises.chapter("11")}


def test_seven_exercises_two_constructive(chapter):
    assert len(chapter) == 7
    assert sum(1 for q in chapter.values() if q.id in ("11-worker-policy", "11-nat-and-multi-az")) == 2


def test_worker_policy(chapter):
    q = chapter["11-worker-policy"]
    assert q.check(q.answer).correct
    broad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    wrong = q.check(broad)
    assert not wrong.correct and "s3:DeleteBucket" in wrong.message and "grants every action" in wrong.message
    solution = json.loads(q.answer)
    no_delete = {**solution, "Statement": [s for s in solution["Statement"] if "sqs:ReceiveMessage" not in s["Action"]]}
    missing = q.check(no_delete)
    assert not missing.correct and "a queue worker needs ReceiveMessage" in missing.message
    wide_put = json.loads(q.answer)
    for statement in wide_put["Statement"]:
        if statement["Action"] == ["s3:PutObject"]:
            statement["Resource"] = ["arn:aws:s3:::imagesvc-content-111122223333/*"]
    assert "write access belongs on the results prefix" in q.check(wide_put).message
    assert not q.check(42).correct


def test_nat_and_multi_az(chapter):
    q = chapter["11-nat-and-multi-az"]
    assert q.answer == "2, yes"
    assert q.check("2, yes").correct and q.check((2, True)).correct
    assert "each extra NAT gateway is billed" in q.check("3, yes").message
    assert "single point of failure in series" in q.check("3, no").message
    assert "One NAT gateway for three AZs" in q.check("1, yes").message
    assert "give 1 to 3" in q.check("5, yes").message
    assert not q.check("lots").correct


def test_choice_and_number_exercises(chapter):
    assert chapter["11-az-loss-four"].check(6).correct
    assert "a quarter of the instances" in chapter["11-az-loss-four"].check(4).message
    assert chapter["11-single-nat"].check("B").correct
    assert "zonal" in chapter["11-single-nat"].check("A").message
    assert chapter["11-free-plan"].check("B").correct
    assert "before 15 July 2025" in chapter["11-free-plan"].check("A").message
    assert chapter["11-teardown"].check("B").correct
    assert "refuses to delete" in chapter["11-teardown"].check("A").message
    assert chapter["11-db-rule"].check("A").correct
    assert "workers included" in chapter["11-db-rule"].check("B").message
