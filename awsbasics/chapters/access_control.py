"""Chapter 05 exercises: "will this request be allowed?", answered by the IAM engine.

Each question builds a small account with :mod:`awsbasics.iam.identities` (or a
landing zone with :mod:`awsbasics.iam.federation`) and evaluates one request;
the expected answer is the engine's decision. A wrong answer gets the rule the
question tests; ``solution()`` adds the evaluation trace that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics.chapters.exercise import Exercise, Note
from awsbasics.iam.evaluate import DECISIONS
from awsbasics.iam.federation import landing_zone
from awsbasics.iam.identities import Account, ManagedPolicy, check_assume_role

ACCOUNT = "111122223333"
BUCKET = "arn:aws:s3:::reports"


@dataclass(frozen=True, slots=True)
class TracedExercise(Exercise):
    """An exercise whose solution also shows the evaluation trace that decides it."""

    trace: tuple[str, ...] = ()

    def solution(self) -> Note:
        base = Exercise.solution(self)
        steps = " ".join(f"({i}) {step}." for i, step in enumerate(self.trace, 1))
        return Note("Solution", f"{base.body} The evaluation: {steps}" if steps else base.body)


def _statement(effect: str, action: str, resource: str = "*") -> dict:
    return {"Effect": effect, "Action": action, "Resource": resource}


def _deny_wins():
    account = Account(ACCOUNT)
    admins = account.create_group("Admins")
    admins.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    dana = account.create_user("dana", groups=["Admins"])
    dana.put_inline_policy("NoBucketDeletion", {"Version": "2012-10-17",
                                                "Statement": [_statement("Deny", "s3:DeleteBucket")]})
    return dana.evaluate("s3:DeleteBucket", BUCKET)


def _nothing_allows():
    account = Account(ACCOUNT)
    reader = account.create_user("reader")
    reader.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    return reader.evaluate("s3:PutObject", f"{BUCKET}/2026/q4.csv")


def _trust_policy():
    account = Account(ACCOUNT)
    alice = account.create_user("alice")
    bob = account.create_user("bob")
    bob.put_inline_policy("AssumeAnyRole", {"Version": "2012-10-17",
                                            "Statement": [_statement("Allow", "sts:AssumeRole")]})
    role = account.create_role("Auditor", trust_policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": alice.arn}, "Action": "sts:AssumeRole"}]})
    return check_assume_role(bob, role)


def _scp_region():
    org = landing_zone(allowed_regions=("ap-northeast-2",))
    dev = next(a for a in org.accounts if a.name == "dev")
    admin = dev.create_user("admin")
    admin.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    return org.evaluate(admin, "ec2:RunInstances", "*", context={"aws:RequestedRegion": "us-west-2"})


def _trace(decision) -> tuple[str, ...]:
    return tuple(str(step) for step in decision.trace)


def exercises() -> tuple[Exercise, ...]:
    """The four exercises of chapter 05, answers computed by the IAM engine."""
    deny, implicit, trust, scp = _deny_wins(), _nothing_allows(), _trust_policy(), _scp_region()
    choices = tuple(DECISIONS)
    return (
        TracedExercise(
            id="05-deny-wins",
            question=(
                "User dana is in the Admins group, which has the AWS managed policy AdministratorAccess "
                "(Allow * on *). Dana also has an inline policy that denies s3:DeleteBucket on *. "
                f"What is the decision for dana's s3:DeleteBucket on {BUCKET}?"
            ),
            answer=deny.decision,
            choices=choices,
            explanation=(
                "AWS first looks for an applicable Deny in every policy that applies (the user's own and "
                "its groups'); an explicit Deny ends the evaluation, whatever any Allow says."
            ),
            hint_text="Which step of the evaluation logic comes first?",
            kind="choice",
            trace=_trace(deny),
        ),
        TracedExercise(
            id="05-nothing-allows",
            question=(
                "User reader has only the AWS managed policy AmazonS3ReadOnlyAccess (Allow s3:Get*, s3:List*, "
                "s3:Describe* on *). No policy mentions s3:PutObject. What is the decision for reader's "
                f"s3:PutObject on {BUCKET}/2026/q4.csv?"
            ),
            answer=implicit.decision,
            choices=choices,
            explanation=(
                "Every request starts denied. Without an explicit Deny the request still needs an Allow that "
                "matches both its action and its resource; with none it ends in an implicit deny, which is a "
                "different outcome from an explicit Deny: adding a matching Allow would change it, while nothing "
                "overrides an explicit Deny."
            ),
            hint_text="Is there a Deny statement? Is there an Allow statement that matches the action?",
            kind="choice",
            trace=_trace(implicit),
        ),
        TracedExercise(
            id="05-trust-policy",
            question=(
                "User bob has an inline policy that allows sts:AssumeRole on every resource. Role Auditor's "
                "trust policy allows sts:AssumeRole for user alice only (same account). Can bob assume Auditor?"
            ),
            answer="yes" if trust.allowed else "no",
            choices=("yes", "no"),
            explanation=(
                "A role's trust policy is a resource-based policy that must itself allow the caller, by naming "
                "the caller or the caller's account; an identity-based Allow for sts:AssumeRole is not enough "
                "on its own."
            ),
            hint_text="Two policies take part: bob's identity policy and the role's trust policy. Which names bob?",
            kind="choice",
            trace=_trace(trust.decision) + ((trust.reason,) if not trust.trusted else ()),
        ),
        TracedExercise(
            id="05-scp-region",
            question=(
                "In a landing zone, the Workloads OU has an SCP that denies every action except global "
                "services when aws:RequestedRegion is not ap-northeast-2. An IAM user in the dev account "
                "(in Workloads) has AdministratorAccess. What is the decision for ec2:RunInstances with "
                "aws:RequestedRegion us-west-2?"
            ),
            answer=scp.decision,
            choices=choices,
            explanation=(
                "SCPs are guardrails: they grant nothing, and a Deny in an SCP applies to every IAM user and "
                "role of the member accounts below it (their root users too), whatever their own policies allow."
            ),
            hint_text="Does the Deny in the SCP match this request's action and its Region?",
            kind="choice",
            trace=_trace(scp),
        ),
    )
