"""Chapter 02 exercises on S3: a lifecycle under a budget, a bucket policy, early deletion, bucket names.

Two exercises are constructive: a lifecycle rule the learner writes is priced by
:func:`~awsbasics.storage.s3.lifecycle_cost` against a budget and a retention
rule, and a bucket policy the learner writes is evaluated by the IAM engine
(:func:`awsbasics.iam.evaluate`) against requests that must be allowed and
requests that must be denied.
"""

from __future__ import annotations

import json

from awsbasics.chapters._graded import choice, number
from awsbasics.chapters.exercise import Exercise, GradedExercise, instance_of
from awsbasics.errors import BucketNameError
from awsbasics.iam import Policy, Request, evaluate
from awsbasics.storage.s3 import (
    BUCKET_NAME_RULES,
    STORAGE_CLASSES,
    Bucket,
    Lifecycle,
    lifecycle_cost,
    validate_bucket_name,
)

# The lifecycle exercise: a log archive with a read pattern, a retention rule and a budget.
LOG_GB = 5000
LOG_OBJECTS = 500_000
LOG_MONTHS = 14
STANDARD_DAYS = 30  # read heavily while new: stays in S3 Standard this long
MILLISECOND_DAYS = 180  # audits read it within milliseconds until this day
KEEP_DAYS = 365  # must be kept this long ...
DELETE_BY_DAYS = 400  # ... and deleted by this day
BUDGET_USD = 300.0  # for the whole period, us-east-1

# The bucket-policy exercise.
BUCKET = "seoul-uploads-2026"
ACCOUNT = "111122223333"
APP_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
ANALYTICS_ROLE = f"arn:aws:iam::{ACCOUNT}:role/analytics"
_APP = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/i-0abc"
_ANALYTICS = f"arn:aws:sts::{ACCOUNT}:assumed-role/analytics/job-7"
_OUTSIDER = "arn:aws:sts::444455556666:assumed-role/partner/s-1"
_UPLOAD = f"arn:aws:s3:::{BUCKET}/uploads/2026/photo.png"
_PRIVATE = f"arn:aws:s3:::{BUCKET}/config/keys.json"
_MAX_POLICY_CHARS = 20_000

# (who, action, resource, must be allowed, the misconception a wrong decision reveals)
POLICY_CASES = (
    (_APP, "s3:PutObject", _UPLOAD, True, "The app role must be able to write under uploads/."),
    (_APP, "s3:GetObject", _UPLOAD, True, "The app role must be able to read under uploads/."),
    (_ANALYTICS, "s3:GetObject", _UPLOAD, True, "The analytics role must be able to read under uploads/."),
    (
        _ANALYTICS,
        "s3:PutObject",
        _UPLOAD,
        False,
        "The analytics role can write: grant each principal only the actions it needs (least privilege), in a "
        "statement of its own.",
    ),
    (
        _APP,
        "s3:GetObject",
        _PRIVATE,
        False,
        "The app role can read config/keys.json: a Resource of bucket/* covers every key; end it at the prefix, "
        f"arn:aws:s3:::{BUCKET}/uploads/*.",
    ),
    (
        _APP,
        "s3:DeleteBucket",
        f"arn:aws:s3:::{BUCKET}",
        False,
        "The app role can delete the bucket: s3:* grants every S3 action, including ones nobody asked for.",
    ),
    (
        None,
        "s3:GetObject",
        _UPLOAD,
        False,
        "An anonymous request can read the uploads: Principal '*' makes the policy public, and Block Public Access "
        "(on for every new bucket) would refuse to save it. Name the roles' ARNs.",
    ),
    (
        _OUTSIDER,
        "s3:GetObject",
        _UPLOAD,
        False,
        "A role in another account can read the uploads: Principal '*' or an account-wide principal grants more than "
        "the two roles.",
    ),
)


def _stage_problems(lifecycle: Lifecycle) -> str | None:
    """The first access, durability or retention rule this lifecycle breaks, as feedback; None if none."""
    ms_classes = {code for code, c in STORAGE_CLASSES.items() if c.first_byte_latency == "milliseconds"}
    for storage_class, day in lifecycle.transitions:
        if day < STANDARD_DAYS:
            return (
                f"It moves objects to {storage_class} on day {day}, but the logs are read heavily for their "
                f"first {STANDARD_DAYS} days: infrequent-access classes charge for every GB read."
            )
        if storage_class == "ONEZONE_IA":
            return (
                "It uses S3 One Zone-IA, which keeps data in one AZ: an AZ loss could destroy logs that must be "
                "kept a year."
            )
        if day < MILLISECOND_DAYS and storage_class not in ms_classes:
            return (
                f"It moves objects to {storage_class} on day {day}, but audits must read them within "
                f"milliseconds until day {MILLISECOND_DAYS}; {storage_class} needs a restore that takes minutes "
                "to hours. S3 Glacier Instant Retrieval is the archive class with millisecond reads."
            )
    if lifecycle.expiration_days is None or lifecycle.expiration_days > DELETE_BY_DAYS:
        return (
            f"It keeps objects past day {DELETE_BY_DAYS}: the rule says delete them by then, and every day "
            "kept is billed. Add an expiration."
        )
    if lifecycle.expiration_days < KEEP_DAYS:
        return (
            f"It deletes objects on day {lifecycle.expiration_days}: the logs must be kept {KEEP_DAYS} days. "
            "Saving money by deleting early breaks the retention rule."
        )
    return None


def _grade_lifecycle(lifecycle: Lifecycle) -> tuple[bool, str]:
    problem = _stage_problems(lifecycle)
    if problem:
        return False, f"{lifecycle.timeline}: {problem}"
    cost = lifecycle_cost(lifecycle, size_gb=LOG_GB, object_count=LOG_OBJECTS, months=LOG_MONTHS)
    said = f"{lifecycle.timeline} costs ${cost.total_usd:,.2f} ({cost.statement})."
    if cost.total_usd <= BUDGET_USD:
        return True, f"{said} It meets every rule and the ${BUDGET_USD:,.0f} budget."
    if cost.early_deletion_usd > 0:
        return False, (
            f"{said} Over the ${BUDGET_USD:,.0f} budget, and ${cost.early_deletion_usd:,.2f} of it is "
            "early deletion: an object that leaves a class before its minimum storage duration pays the "
            "rest anyway."
        )
    return False, (
        f"{said} Over the ${BUDGET_USD:,.0f} budget: after the millisecond period, what must the logs "
        "still be? Only kept. Move them to the cheapest class that allows it."
    )


def parse_policy(answer: object) -> Policy | str | dict | None:
    """A bucket policy as a :class:`Policy`, JSON text or a dict; None for anything else.

    Text and dicts are parsed when graded, so a rule the policy breaks is shown as feedback.
    """
    if isinstance(answer, str) and len(answer) > _MAX_POLICY_CHARS:
        return None
    return answer if isinstance(answer, (Policy, str, dict)) else None


def _grade_policy(document: Policy | str | dict) -> tuple[bool, str]:
    # Attaching it to a new bucket runs S3's own checks: a PolicyError (not a valid policy) or a
    # BucketConfigError (a public policy under Block Public Access, another bucket's ARN) is the feedback.
    bucket = Bucket(BUCKET, region="ap-northeast-2")
    bucket.set_policy(document.document if isinstance(document, Policy) else document)
    policy = bucket.policy
    for who, action, resource, allowed, misconception in POLICY_CASES:
        decision = evaluate(Request(action, resource, principal=who), resource_policy=policy)
        if decision.allowed != allowed:
            asked = f"{'anonymous' if who is None else who.split('/')[-2]} {action} {resource.split(':::')[-1]}"
            return (
                False,
                f"Request {asked}: {decision.decision}, but it must be {'allowed' if allowed else 'denied'}. {misconception}",
            )
    return True, (
        f"All {len(POLICY_CASES)} requests get the decision they must: the app role reads and writes "
        "uploads/, the analytics role only reads them, and nobody else gets in."
    )


REFERENCE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AppReadWrite",
            "Effect": "Allow",
            "Principal": {"AWS": APP_ROLE},
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"arn:aws:s3:::{BUCKET}/uploads/*",
        },
        {
            "Sid": "AnalyticsRead",
            "Effect": "Allow",
            "Principal": {"AWS": ANALYTICS_ROLE},
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/uploads/*",
        },
    ],
}

REFERENCE_LIFECYCLE = Lifecycle(
    transitions=(("GLACIER_IR", STANDARD_DAYS), ("DEEP_ARCHIVE", MILLISECOND_DAYS)), expiration_days=KEEP_DAYS
)


def _name_rule(name: str) -> str:
    try:
        validate_bucket_name(name)
    except BucketNameError as error:
        return f"S3 refuses it: {error}."
    return "S3 accepts it."


def exercises() -> tuple[Exercise, ...]:
    """The four S3 exercises of chapter 02, answers computed by the library."""
    assert _grade_policy(Policy.from_json(REFERENCE_POLICY, kind="resource"))[0]
    assert _grade_lifecycle(REFERENCE_LIFECYCLE)[0]
    names = ("Logs_2026", "logs..seoul", "192.168.10.20", "2026-seoul-logs", "photos--x-s3")
    valid = [n for n in names if _name_rule(n) == "S3 accepts it."]
    glacier = STORAGE_CLASSES["GLACIER"]
    stay = Lifecycle(transitions=(("GLACIER", 30),), expiration_days=60)
    gb, objects = 600, 600
    stay_cost = lifecycle_cost(stay, size_gb=gb, object_count=objects, months=3)
    early, days_month = stay_cost.early_deletion_usd, stay_cost.days_per_month
    price = glacier.price_usd_per_gb_month("us-east-1")
    from_creation = gb * price * (glacier.min_storage_days - 60) / days_month
    bucket_policy: GradedExercise[Policy | str | dict] = GradedExercise(
        id="02-bucket-policy",
        question=(
            f"Build it: write the bucket policy of {BUCKET} (account {ACCOUNT}). The role {APP_ROLE} reads and "
            f"writes objects under uploads/; the role {ANALYTICS_ROLE} only reads them; nobody else, and nothing "
            "public. Check it with .check(policy_json_text_or_dict); the IAM engine evaluates "
            f"{len(POLICY_CASES)} requests against it."
        ),
        answer=json.dumps(REFERENCE_POLICY),
        explanation=(
            "A bucket policy is a resource-based policy: each statement names its principals (role ARNs, never "
            "'*' for private data), the actions each needs, and the object ARNs they apply to."
        ),
        hint_text=(
            f'Two Allow statements, one per role; Resource "arn:aws:s3:::{BUCKET}/uploads/*"; actions '
            "s3:GetObject and s3:PutObject."
        ),
        grade=_grade_policy,
        parse=parse_policy,
        form=(
            '.check(\'{"Version": "2012-10-17", "Statement": [...]}\')',
            "a bucket policy as JSON text or a dict",
        ),
    )
    return (
        GradedExercise(
            id="02-lifecycle-budget",
            question=(
                f"Build it: a bucket receives {LOG_GB:,} GB of logs in {LOG_OBJECTS:,} objects (us-east-1). They are "
                f"read heavily for {STANDARD_DAYS} days, audits must read them within milliseconds until day "
                f"{MILLISECOND_DAYS}, they must survive the loss of an AZ, be kept {KEEP_DAYS} days and be deleted "
                f"by day {DELETE_BY_DAYS}. Write an s3.Lifecycle(...) whose cost over {LOG_MONTHS} months stays within "
                f"${BUDGET_USD:,.0f}, then .check(your_rule)."
            ),
            answer=REFERENCE_LIFECYCLE,
            explanation=(
                "Each stage has a rule: where objects are read, a class with millisecond reads; where they are only "
                "kept, the cheapest archive; no stage shorter than its class's minimum; expire when retention ends."
            ),
            hint_text=(
                "s3.storage_classes_frame() lists first-byte latency and minimum days; price candidates with "
                f"s3.lifecycle_cost(rule, size_gb={LOG_GB}, object_count={LOG_OBJECTS}, months={LOG_MONTHS})."
            ),
            grade=_grade_lifecycle,
            parse=instance_of(Lifecycle),
            form=(".check(s3.Lifecycle(...))", "an s3.Lifecycle you build in code"),
        ),
        bucket_policy,
        number(
            id="02-glacier-early-deletion",
            question=(
                f"A lifecycle rule moves {gb} objects of 1 GB from S3 Standard to S3 Glacier Flexible Retrieval on "
                f"day 30 and expires them on day 60. Glacier Flexible Retrieval costs ${price} per GB-month in "
                "us-east-1 (a month is 30 days here). How many USD of early-deletion charge does the expiration cause?"
            ),
            answer=round(early, 2),
            wrong={
                0: (
                    f"Glacier Flexible Retrieval's minimum is {glacier.min_storage_days} days, not Standard-IA's 30: "
                    "30 days there is not enough."
                ),
                round(from_creation, 2): (
                    "That counts the objects' age from creation (60 days). The minimum counts the days spent in the "
                    "class itself, from the transition on day 30."
                ),
            },
            explanation=(
                f"An object that leaves Glacier Flexible Retrieval before {glacier.min_storage_days} days there pays "
                "the remaining days at its rate: GB x price per GB-month x remaining days / 30."
            ),
            hint=f"How many of the {glacier.min_storage_days} minimum days are left when the objects expire?",
            tolerance=0.01,
        ),
        choice(
            id="02-s3-bucket-name",
            question="Which of these can you use as the name of a new S3 bucket?",
            choices=names,
            answer=valid[0],
            wrong={n: _name_rule(n) for n in names if n not in valid},
            explanation=(
                f"A bucket name is {BUCKET_NAME_RULES['min_length']} to {BUCKET_NAME_RULES['max_length']} "
                "characters of lowercase letters, numbers, dots and hyphens, begins and ends with a letter or "
                "number, has no two dots in a row, does not look like an IP address and avoids reserved suffixes."
            ),
            hint="Check each name for uppercase letters, underscores, '..', the shape of an IP address and a suffix "
            "AWS keeps for its own features.",
        ),
    )
