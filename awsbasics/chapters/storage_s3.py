"""Chapter 02 exercises on S3: bucket naming and the cost of leaving Standard-IA early."""

from __future__ import annotations

from awsbasics.chapters.exercise import Exercise
from awsbasics.errors import BucketNameError
from awsbasics.storage.s3 import BUCKET_NAME_RULES, STORAGE_CLASSES, Lifecycle, lifecycle_cost, validate_bucket_name


def _the_valid_name(candidates: tuple[str, ...]) -> str:
    """The one candidate S3 accepts as a bucket name (the exercise is built so there is one)."""
    valid = []
    for name in candidates:
        try:
            valid.append(validate_bucket_name(name))
        except BucketNameError:
            continue
    (answer,) = valid
    return answer


def exercises() -> tuple[Exercise, ...]:
    """The two S3 exercises of chapter 02, answers computed by the library."""
    names = ("Seoul_Logs", "logs..seoul", "192.168.10.20", "seoul-logs-2026")
    ia = STORAGE_CLASSES["STANDARD_IA"]
    rule = Lifecycle(transitions=(("STANDARD_IA", 30),), expiration_days=40)
    early = lifecycle_cost(rule, size_gb=300, object_count=300, months=2).early_deletion_usd
    return (
        Exercise(
            id="02-s3-bucket-name",
            question="Which of these can you use as the name of a new S3 bucket?",
            answer=_the_valid_name(names),
            choices=names,
            explanation=(
                f"A bucket name is {BUCKET_NAME_RULES['min_length']} to {BUCKET_NAME_RULES['max_length']} "
                "characters of lowercase letters, numbers, dots and hyphens, begins and "
                "ends with a letter or number, has no two dots in a row and must not look like an IP address."
            ),
            hint_text="Check each name for uppercase letters, underscores, '..' and the shape of an IP address.",
            kind="choice",
        ),
        Exercise(
            id="02-s3-early-deletion",
            question=(
                "A lifecycle rule moves 300 GB (300 objects of 1 GB) from S3 Standard to S3 Standard-IA on day 30 "
                f"and deletes them on day 40. Standard-IA costs ${ia.price_usd_per_gb_month('us-east-1')} per "
                "GB-month in us-east-1 (a month is 30 days). How many USD of early-deletion charge does the "
                "deletion cause?"
            ),
            answer=round(early, 2),
            explanation=(
                f"S3 Standard-IA bills every object for at least {ia.min_storage_days} days. Objects deleted "
                "after 10 days there pay the remaining days at the Standard-IA rate: GB x price per GB-month "
                "x remaining days / 30."
            ),
            hint_text="How many of Standard-IA's minimum days are left when the objects are deleted on day 40?",
            kind="number",
            tolerance=0.01,
        ),
    )
