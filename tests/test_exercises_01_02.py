"""Chapters 01 and 02: six or more exercises each, two or more built by the learner and graded by the engine,
and a wrong answer gets the misconception it reveals.

Facts behind the answers: Seoul has 4 AZs and us-west-1 gives new accounts 2 of its 3
(https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html); gp2 earns 3 IOPS
per GiB from a 5.4 million credit bucket (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html);
gp3 sells IOPS at $0.005 and MiB/s at $0.04 above 3,000 and 125 (https://aws.amazon.com/ebs/pricing/); Glacier
Flexible Retrieval's minimum is 90 days
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html); a bucket policy granting '*'
is public and BlockPublicPolicy refuses it
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
"""

import json

import pytest

from awsbasics.chapters.exercise import GradedExercise
from awsbasics.exercises import chapter
from awsbasics.iam import Policy
from awsbasics.storage import ebs
from awsbasics.storage.s3 import Lifecycle

ONE = {e.id: e for e in chapter("01")}
TWO = {e.id: e for e in chapter("02")}
BUCKET = "arn:aws:s3:::seoul-uploads-2026"


def _policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(principal, actions, resource):
    return {"Effect": "Allow", "Principal": principal, "Action": actions, "Resource": resource}


@pytest.mark.parametrize("exercises", [ONE, TWO], ids=["01", "02"])
def test_six_or_more_with_two_constructive(exercises):
    assert len(exercises) >= 6
    built = [e for e in exercises.values() if isinstance(e, GradedExercise) and e.question.startswith("Build it")]
    assert len(built) >= 2
    for exercise in exercises.values():
        assert exercise.check(exercise.answer).correct, exercise.id
        assert isinstance(exercise, GradedExercise), f"{exercise.id}: every exercise names the misconception"


def test_chapter_01_ids_and_answers():
    assert list(ONE) == [
        "01-place-fleet",
        "01-usable-azs",
        "01-static-stability",
        "01-region-choice",
        "01-az-id",
        "01-zone-type",
    ]
    assert ONE["01-place-fleet"].answer == "4, 4, 4, 3"  # keep 11 through the loss of any one of Seoul's 4 AZs
    assert ONE["01-usable-azs"].answer == 5  # 10 over us-west-1's 2 usable AZs
    assert ONE["01-static-stability"].answer == 20  # keep 10 through one of 2 AZs failing
    assert ONE["01-region-choice"].answer == "ap-south-1"  # India, no opt-in, nearest to Seoul
    assert ONE["01-az-id"].answer == "ap-northeast-2b"
    assert ONE["01-zone-type"].answer == "An Outpost"


@pytest.mark.parametrize(
    ("answer", "correct", "says"),
    [
        ("4, 4, 4, 3", True, "keep 11 running"),
        ([3, 4, 4, 4], True, "fewest that can work"),
        ("4, 4, 4", False, "With 3 of the Region's 4 AZs"),
        ("3, 3, 3, 3", False, "plan for the loss of the fullest one"),
        ("6, 6, 6", False, "pays for 7 spares"),
        ("4, 4, 4, 4", False, "an even spread needs fewer"),
        ("3, 3, 3, 3, 3", False, "has 4 that an account can use"),
        ("many", False, "instances per AZ, as a list of whole numbers"),
    ],
)
def test_place_fleet_grades_the_placement(answer, correct, says):
    feedback = ONE["01-place-fleet"].check(answer)
    assert feedback.correct is correct and says in feedback.message, feedback.message


@pytest.mark.parametrize(
    ("exercise", "answer", "says"),
    [
        ("01-usable-azs", 6, "the 3 AZs the Region lists"),
        ("01-usable-azs", 10, "takes the instances inside that AZ"),
        ("01-static-stability", 15, "the 50 % extra of the 3-AZ answer"),
        ("01-static-stability", 10, "With no spares"),
        ("01-static-stability", 11, "One spare covers the loss of one instance"),
        ("01-region-choice", "ap-south-2", "opt-in Region"),
        ("01-region-choice", "ap-northeast-1", "Data residency is a hard rule"),
        ("01-region-choice", "ap-northeast-2", "residency comes before latency"),
        ("01-region-choice", "mars-1", "not a Region code"),
        ("01-az-id", "A", "The same letter is not the same place"),
        ("01-zone-type", "B", "still an AWS site"),
        ("01-zone-type", "E", "not your EC2 instances"),
    ],
)
def test_chapter_01_wrong_answers_name_the_misconception(exercise, answer, says):
    feedback = ONE[exercise].check(answer)
    assert not feedback.correct and says in feedback.message, feedback.message


def test_chapter_02_ids_and_answers():
    assert list(TWO) == [
        "02-shared-storage",
        "02-pick-volume",
        "02-gp2-burst",
        "02-graviton",
        "02-lifecycle-budget",
        "02-bucket-policy",
        "02-glacier-early-deletion",
        "02-s3-bucket-name",
    ]
    assert TWO["02-pick-volume"].answer == "gp3 800 10000 500"  # 800 x 0.08 + 7,000 x 0.005 + 375 x 0.04 = $114
    assert TWO["02-gp2-burst"].answer == 2250  # 5,400,000 / (3,000 - 600)
    assert TWO["02-graviton"].answer == "m7i.2xlarge"
    assert TWO["02-glacier-early-deletion"].answer == 4.32  # 600 GB x $0.0036 x 60 / 30
    assert TWO["02-s3-bucket-name"].answer == "2026-seoul-logs"


@pytest.mark.parametrize(
    ("answer", "correct", "says"),
    [
        ("gp3 800 10000 500", True, "costs $114.00 a month"),
        (ebs.Volume("gp3", 800, iops=10000, throughput_mibps=500), True, "the least"),
        ("gp2 800", False, "the database needs 10,000 all the time"),
        ("gp2 3334", False, "IOPS and throughput are separate limits"),
        ("gp3 800 10000", False, "IOPS and throughput are separate limits"),
        ("io1 800 10000", False, "Provisioned IOPS volumes charge for every IOPS"),
        ("gp3 800 12000 500", False, "pays for more than it"),
        ("st1 800", False, "A database's small random I/O needs SSD"),
        ("gp3 700 10000 500", False, "cannot hold it"),
        ("gp3 800 10000 3000", False, "gp3 volumes take 125 to 2,000 MiB/s"),
    ],
)
def test_pick_volume_grades_the_volume(answer, correct, says):
    feedback = TWO["02-pick-volume"].check(answer)
    assert feedback.correct is correct and says in feedback.message, feedback.message


@pytest.mark.parametrize(
    ("transitions", "expire", "correct", "says"),
    [
        ((("GLACIER_IR", 30), ("DEEP_ARCHIVE", 180)), 365, True, "$281.16"),
        ((("STANDARD_IA", 30), ("GLACIER", 90)), 365, False, "needs a restore that takes minutes to hours"),
        ((("GLACIER_IR", 30),), 365, False, "Over the $300 budget"),
        ((("ONEZONE_IA", 30),), 365, False, "keeps data in one AZ"),
        ((("GLACIER_IR", 10),), 365, False, "read heavily for their first 30 days"),
        ((("GLACIER_IR", 30), ("DEEP_ARCHIVE", 180)), 300, False, "breaks the retention rule"),
        ((("GLACIER_IR", 30), ("DEEP_ARCHIVE", 180)), None, False, "Add an expiration"),
    ],
)
def test_lifecycle_budget_prices_the_rule(transitions, expire, correct, says):
    feedback = TWO["02-lifecycle-budget"].check(Lifecycle(transitions=transitions, expiration_days=expire))
    assert feedback.correct is correct and says in feedback.message, feedback.message
    assert "expects an s3.Lifecycle" in TWO["02-lifecycle-budget"].check("GLACIER_IR 30").message


APP, ANALYTICS = "arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/analytics"
UPLOADS = f"{BUCKET}/uploads/*"


@pytest.mark.parametrize(
    ("document", "correct", "says"),
    [
        (
            _policy(
                _allow({"AWS": APP}, ["s3:GetObject", "s3:PutObject"], UPLOADS),
                _allow({"AWS": ANALYTICS}, "s3:GetObject", UPLOADS),
            ),
            True,
            "All 8 requests",
        ),
        (_policy(_allow("*", "s3:GetObject", UPLOADS)), False, "BlockPublicPolicy is on"),
        (
            _policy(_allow({"AWS": [APP, ANALYTICS]}, ["s3:GetObject", "s3:PutObject"], UPLOADS)),
            False,
            "least privilege",
        ),
        (
            _policy(
                _allow({"AWS": APP}, ["s3:GetObject", "s3:PutObject"], f"{BUCKET}/*"),
                _allow({"AWS": ANALYTICS}, "s3:GetObject", UPLOADS),
            ),
            False,
            "a Resource of bucket/* covers every key",
        ),
        (
            _policy(
                _allow({"AWS": APP}, "s3:*", [BUCKET, UPLOADS]), _allow({"AWS": ANALYTICS}, "s3:GetObject", UPLOADS)
            ),
            False,
            "s3:* grants every S3 action",
        ),
        (_policy(_allow({"AWS": APP}, "s3:GetObject", "arn:aws:s3:::another-bucket/*")), False, "invalid resource"),
        (_policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": UPLOADS}), False, "needs Principal"),
        ("{not json", False, "not valid JSON"),
    ],
)
def test_bucket_policy_is_evaluated_by_the_iam_engine(document, correct, says):
    feedback = TWO["02-bucket-policy"].check(document)
    assert feedback.correct is correct and says in feedback.message, feedback.message


def test_bucket_policy_accepts_a_parsed_policy_and_a_dict():
    exercise = TWO["02-bucket-policy"]
    assert exercise.check(json.loads(exercise.answer)).correct
    assert exercise.check(Policy.from_json(exercise.answer, kind="resource")).correct


@pytest.mark.parametrize(
    ("exercise", "answer", "says"),
    [
        ("02-shared-storage", "B", "only among instances in its own AZ"),
        ("02-shared-storage", "D", "not mounted as a file system"),
        ("02-gp2-burst", 1800, "drains the bucket at the full demand"),
        ("02-gp2-burst", 9000, "divides by the baseline"),
        ("02-graviton", "A", "Arm CPU"),
        ("02-graviton", "C", "generation 5"),
        ("02-graviton", "E", "twice the size needed"),
        ("02-glacier-early-deletion", 0, "not Standard-IA's 30"),
        ("02-glacier-early-deletion", 2.16, "counts the objects' age from creation"),
        ("02-s3-bucket-name", "E", "reserved suffix '--x-s3'"),
        ("02-s3-bucket-name", "A", "lowercase letters"),
    ],
)
def test_chapter_02_wrong_answers_name_the_misconception(exercise, answer, says):
    feedback = TWO[exercise].check(answer)
    assert not feedback.correct and says in feedback.message, feedback.message


@pytest.mark.parametrize("exercise", [*ONE.values(), *TWO.values()], ids=lambda e: e.id)
def test_no_answer_hides_in_the_question_or_the_hint(exercise):
    shown = exercise.text() + exercise.hint().text()
    answer = str(exercise.answer)
    if len(answer) > 3 and exercise.kind != "choice":  # a choice is listed; short answers occur in any text
        assert answer not in shown, exercise.id
