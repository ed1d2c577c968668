"""Chapter 05 exercises: build policies the IAM engine judges, and reason about who decides a request.

Two exercises are constructive: the learner writes a policy (JSON text or a dict)
and the engine evaluates it against requests that must be allowed and requests that
must not; the feedback names the misconception the first failing request reveals.
The others are choices whose expected answer is the engine's own decision, and each
wrong choice gets the misconception behind it. None repeats a case the notebook
evaluates.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from awsbasics.chapters._graded import pick_choice
from awsbasics.chapters.exercise import Exercise, GradedExercise, Note
from awsbasics.errors import PolicyError
from awsbasics.iam.evaluation import DECISIONS, evaluate
from awsbasics.iam.identities import Account, ManagedPolicy
from awsbasics.iam.identity_center import IdentityCenter
from awsbasics.iam.organizations import Organization
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

ACCOUNT = "111122223333"
ANALYTICS = "444455556666"
OUTSIDER = "999999999999"
BUCKET = "arn:aws:s3:::reports"
SHARED = "arn:aws:s3:::shared-reports"
_VERSION = "2012-10-17"


@dataclass(frozen=True, slots=True)
class TracedExercise(Exercise):
    """An exercise whose solution also shows the evaluation trace that decides it."""

    trace: tuple[str, ...] = ()

    def solution(self) -> Note:
        base = Exercise.solution(self)
        steps = " ".join(f"({i}) {step}." for i, step in enumerate(self.trace, 1))
        return Note("Solution", f"{base.body} The evaluation: {steps}" if steps else base.body)


def _doc(*statements) -> dict:
    return {"Version": _VERSION, "Statement": list(statements)}


def _trace(decision) -> tuple[str, ...]:
    return tuple(str(step) for step in decision.trace)


# --- choices whose every wrong answer has its own feedback --------------------------------------


def _choice(
    id: str,
    question: str,
    choices: tuple[str, ...],
    answer: str,
    wrong: dict[str, str],
    explanation: str,
    hint: str,
    trace: tuple[str, ...] = (),
) -> GradedExercise:
    """A choice question graded per choice: ``wrong`` maps each wrong choice to the misconception it reveals."""
    missing = set(choices) - set(wrong) - {answer}
    if missing or answer not in choices:
        raise ValueError(f"exercise {id}: every wrong choice needs feedback; missing {sorted(missing)}")

    def grade(value: str) -> tuple[bool, str]:
        if value == answer:
            return True, f"{value}: right. {explanation}"
        return False, f"{value}: {wrong[value]}"

    return TracedGraded(
        id=id,
        question=question,
        answer=answer,
        explanation=explanation,
        hint_text=hint,
        kind="choice",
        choices=choices,
        grade=grade,
        parse=pick_choice(choices),
        trace=trace,
    )


@dataclass(frozen=True, slots=True)
class TracedGraded(GradedExercise):
    """A graded exercise whose solution adds the evaluation trace that decides it."""

    trace: tuple[str, ...] = ()

    def solution(self) -> Note:
        base = Exercise.solution(self)
        steps = " ".join(f"({i}) {step}." for i, step in enumerate(self.trace, 1))
        return Note("Solution", f"{base.body} The evaluation: {steps}" if steps else base.body)


# --- constructive 1: a least-privilege identity policy -----------------------------------------

_LP_MUST_ALLOW = (
    ("s3:GetObject", f"{BUCKET}/2026/q3.csv"),
    ("s3:GetObject", f"{BUCKET}/2026/q4.csv"),
    ("s3:ListBucket", BUCKET),
)
_LP_MUST_DENY = (
    (
        "s3:PutObject",
        f"{BUCKET}/2026/q3.csv",
        "it may write reports: a wildcard action such as s3:* or s3:*Object "
        "grants writing too; list only the actions the task needs",
    ),
    (
        "s3:DeleteBucket",
        BUCKET,
        "it may delete the bucket: an action wildcard (s3:* or *) grants every action, "
        "including ones nobody meant to give; list the actions",
    ),
    (
        "s3:GetObject",
        f"{BUCKET}/2025/q4.csv",
        "it may read last year's reports: the resource is wider than the task (reports/* instead of reports/2026/*)",
    ),
    (
        "s3:GetObject",
        "arn:aws:s3:::payroll/2026/salaries.csv",
        'it may read the payroll bucket: Resource "*" or a bucket wildcard names every bucket; name the ARNs',
    ),
    ("ec2:TerminateInstances", "*", "it may terminate EC2 instances: the policy grants far more than S3 reads"),
)
_LP_SOLUTION = _doc(
    {"Sid": "ReadThisYearsReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET}/2026/*"},
    {"Sid": "ListTheBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET},
)


def _as_document(answer):
    """A learner's policy: JSON text or a dict (a Policy is accepted as its document)."""
    if isinstance(answer, Policy):
        return answer.document
    if isinstance(answer, (str, dict)):
        return answer
    return None


def _grade_least_privilege(answer) -> tuple[bool, str]:
    try:
        policy = Policy.from_json(answer, kind="identity")
    except PolicyError as exc:
        raise PolicyError(f"AWS would reject this identity-based policy: {exc}") from None
    user = "arn:aws:iam::111122223333:user/analyst"
    context = {"aws:username": "analyst"}
    for action, resource in _LP_MUST_ALLOW:
        if not evaluate(Request(action, resource, principal=user, context=context), identity_policies=[policy]).allowed:
            if action == "s3:ListBucket":
                why = (
                    "s3:ListBucket acts on the bucket itself (arn:aws:s3:::reports), not on its objects "
                    "(reports/*), so an object ARN does not match it"
                )
            else:
                why = (
                    "s3:GetObject acts on objects (arn:aws:s3:::reports/2026/...), so the Resource must name the "
                    "object keys, e.g. arn:aws:s3:::reports/2026/*; the bucket ARN alone matches no object"
                )
            return False, f"The analyst cannot do {action} on {resource}: {why}."
    for action, resource, why in _LP_MUST_DENY:
        if evaluate(Request(action, resource, principal=user, context=context), identity_policies=[policy]).allowed:
            return False, f"Too broad: {action} on {resource} is allowed, so {why}."
    broad = [f.message for f in policy.findings if f.code.startswith("wildcard")]
    note = f" (Still flagged: {broad[0]})" if broad else ""
    return True, (
        "Least privilege: every needed request is allowed and nothing else of the test set is. "
        f"Anything not allowed stays implicitly denied.{note}"
    )


# --- constructive 2: a cross-account bucket policy ----------------------------------------------

_ANALYST_ROLE = f"arn:aws:iam::{ANALYTICS}:role/Analyst"
_ANALYST = f"arn:aws:sts::{ANALYTICS}:assumed-role/Analyst/kim"
_INTERN = f"arn:aws:sts::{ANALYTICS}:assumed-role/Intern/lee"
_STRANGER = f"arn:aws:sts::{OUTSIDER}:assumed-role/Analyst/eve"
# Each of the analytics account's roles allows itself everything on the shared bucket: its side is generous,
# so the bucket policy (the trusting account's side) must do the narrowing.
_THEIR_SIDE = _doc({"Effect": "Allow", "Action": "s3:*", "Resource": [SHARED, f"{SHARED}/*"]})
_XA_CASES = (
    (_ANALYST, "s3:GetObject", f"{SHARED}/2026/q3.csv", True, ""),
    (
        _ANALYST,
        "s3:PutObject",
        f"{SHARED}/2026/q3.csv",
        False,
        "the bucket policy is account 111122223333's half of the decision: granting s3:* (or s3:*Object) lets the "
        "Analyst role write and delete too, since its own policy allows everything on the bucket",
    ),
    (
        _INTERN,
        "s3:GetObject",
        f"{SHARED}/2026/q3.csv",
        False,
        f"naming the account ({ANALYTICS} or its :root ARN) trusts every principal of that account whose own policy "
        "allows it, the Intern role too; name the Analyst role's ARN",
    ),
    (
        _STRANGER,
        "s3:GetObject",
        f"{SHARED}/2026/q3.csv",
        False,
        'a Principal of "*" lets any account in, including strangers whose own policies allow it',
    ),
)
_XA_SOLUTION = _doc(
    {
        "Sid": "AnalystsRead",
        "Effect": "Allow",
        "Principal": {"AWS": _ANALYST_ROLE},
        "Action": "s3:GetObject",
        "Resource": f"{SHARED}/*",
    }
)


def _grade_cross_account(answer) -> tuple[bool, str]:
    try:
        policy = Policy.from_json(answer, kind="resource")
    except PolicyError as exc:
        hint = " (a bucket policy names its Principal)" if "Principal" in str(exc) else ""
        raise PolicyError(f"AWS would reject this bucket policy{hint}: {exc}") from None
    for principal, action, resource, should, why in _XA_CASES:
        decision = evaluate(
            Request(action, resource, principal=principal),
            identity_policies=[_THEIR_SIDE],
            resource_policy=policy,
            resource_account=ACCOUNT,
        )
        if decision.allowed != should:
            who = principal.split(":", 5)[-1]
            if should:
                if not any(
                    status != "no match" and st.effect == "Allow"
                    for st, status, _ in decision.statuses(decision.policies[0][0])
                ):
                    reason = (
                        "no statement of the bucket policy applies to it: check that the Principal names the "
                        f"Analyst role ({_ANALYST_ROLE}) or its account, and that Resource names the objects "
                        f"({SHARED}/*), not only the bucket"
                    )
                else:
                    reason = "a Deny in the bucket policy applies to it"
                return False, f"{who} cannot read {resource} from account {ANALYTICS}: {reason}."
            return False, f"Too open: {action} by {who} is allowed; {why}."
    return True, (
        "Both sides allow only what they should: the Analyst role's own policy allows the read, and the "
        "bucket policy of account 111122223333 names exactly that role and that action."
    )


# --- engine-decided choices -------------------------------------------------------------------


def _identity_center_case():
    dev = Account(ANALYTICS, name="dev")
    center = IdentityCenter("111111111111")
    center.add_group("Developers")
    center.add_user("jiwoo", groups=["Developers"])
    center.add_permission_set("S3Reader", managed_policies=[ManagedPolicy.aws("AmazonS3ReadOnlyAccess")])
    center.assign(center.group("Developers"), "S3Reader", dev)
    session = center.sign_in("jiwoo", account=dev, permission_set="S3Reader")
    return session, session.evaluate("s3:PutObject", "arn:aws:s3:::builds/app.zip")


def _admin_without_bucket_policy():
    admin = Account(ANALYTICS).add_user("ops")
    admin.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    return admin.evaluate("s3:GetObject", "arn:aws:s3:::partner-exports/2026.csv", resource_account=OUTSIDER)


def _guardrail_for_outsiders():
    """Which guardrail type, attached in the organization, stops an outsider reading a member account's bucket."""
    org = Organization(Account("111111111111"))
    member = Account("222222222222", name="data")
    org.add_account(member)
    outsider = Account(OUTSIDER).add_user("eve")
    outsider.put_inline_policy("Read", _doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
    bucket = _doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/*"})
    guard = {
        "Effect": "Deny",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": org.id}},
    }
    org.attach_scp("Root", _doc(guard), name="OrgOnlySCP")
    after_scp = org.evaluate(
        outsider, "s3:GetObject", "arn:aws:s3:::lake/a.csv", resource_policy=bucket, resource_account=member.id
    )
    org.attach_rcp("Root", _doc({**guard, "Principal": "*"}), name="OrgOnlyRCP")
    after_rcp = org.evaluate(
        outsider, "s3:GetObject", "arn:aws:s3:::lake/a.csv", resource_policy=bucket, resource_account=member.id
    )
    return after_scp, after_rcp


def _boundary_case():
    account = Account(ACCOUNT)
    boundary = account.add_policy(
        "DataOnly", _doc({"Effect": "Allow", "Action": ["s3:*", "dynamodb:*"], "Resource": "*"})
    )
    dev = account.add_user("dev")
    dev.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    dev.set_permissions_boundary(boundary)
    requests = {
        "ec2:RunInstances on *": ("ec2:RunInstances", "*"),
        "iam:CreateUser on user/tmp": ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/tmp"),
        "s3:PutObject on reports/x.csv": ("s3:PutObject", f"{BUCKET}/x.csv"),
    }
    return {label: dev.evaluate(*request) for label, request in requests.items()}


def _deny_wins():
    account = Account(ACCOUNT)
    admins = account.add_group("Admins")
    admins.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    dana = account.add_user("dana", groups=["Admins"])
    dana.put_inline_policy("NoBucketDeletion", _doc({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}))
    return dana.evaluate("s3:DeleteBucket", BUCKET)


def exercises() -> tuple[Exercise, ...]:
    """The exercises of chapter 05; answers computed by the IAM engine."""
    session, put = _identity_center_case()
    cross = _admin_without_bucket_policy()
    after_scp, after_rcp = _guardrail_for_outsiders()
    boundary = _boundary_case()
    deny = _deny_wins()
    outcome = tuple(DECISIONS)

    sign_in_choices = (
        f"role {session.role.name} (a session named jiwoo)",
        "an IAM user named jiwoo in the dev account",
        "an IAM group named Developers in the dev account",
        "the dev account's root user",
    )
    guard_choices = (
        "an SCP",
        "an RCP",
        "a permissions boundary on each of our roles",
        'nothing: a bucket policy that allows "*" cannot be limited',
    )
    guard_answer = "an RCP" if after_rcp.decision == "ExplicitDeny" and after_scp.allowed else "an SCP"
    allowed = [label for label, decision in boundary.items() if decision.allowed]
    boundary_choices = (*boundary, "none of them")
    (boundary_answer,) = allowed or ["none of them"]

    return (
        GradedExercise(
            id="05-least-privilege",
            question=(
                "Build it: write the identity-based policy (JSON text or a dict) for an analyst who must read the "
                f"2026 reports ({BUCKET}/2026/...) and list the bucket ({BUCKET}), and nothing else. The engine "
                "evaluates it against requests that must be allowed and requests that must not (writing, deleting "
                "the bucket, older reports, another bucket, another service)."
            ),
            answer=json.dumps(_LP_SOLUTION),
            explanation="Least privilege: name exactly the actions and the resources the task needs.",
            hint_text=(
                "Two statements: s3:GetObject on the object keys under 2026/, and s3:ListBucket on the bucket "
                "ARN. Check your draft with awsbasics.iam.evaluate before answering."
            ),
            grade=_grade_least_privilege,
            parse=_as_document,
            form=('.check(\'{"Version": "2012-10-17", "Statement": [...]}\')', "a policy as JSON text or a dict"),
        ),
        GradedExercise(
            id="05-cross-account-bucket-policy",
            question=(
                f"Build it: the bucket {SHARED} lives in account {ACCOUNT}. Write its bucket policy (JSON text or a "
                f"dict) so that only the role Analyst of account {ANALYTICS} may read its objects. Every role of "
                f"{ANALYTICS} has an identity policy allowing s3:* on the bucket, so your policy is what narrows it. "
                f"The engine tries the Analyst's read and write, another role of {ANALYTICS}, and a role of a third "
                "account."
            ),
            answer=json.dumps(_XA_SOLUTION),
            explanation="Across accounts both sides must allow: the bucket policy is the trusting account's half.",
            hint_text=(
                'One Allow statement: Principal {"AWS": the Analyst role\'s ARN}, Action s3:GetObject, '
                f'Resource {SHARED}/*. Try it with evaluate(..., resource_account="{ACCOUNT}").'
            ),
            grade=_grade_cross_account,
            parse=_as_document,
            form=(
                '.check(\'{"Version": "2012-10-17", "Statement": [...]}\')',
                "a bucket policy as JSON text or a dict",
            ),
        ),
        _choice(
            id="05-identity-center-session",
            question=(
                "Jiwoo is a user of IAM Identity Center, in its group Developers, which has the permission set "
                "S3Reader (AmazonS3ReadOnlyAccess) assigned in the dev account. She signs in through the access "
                "portal and uploads a file to a bucket in dev. Whose policies does AWS evaluate for that request?"
            ),
            choices=sign_in_choices,
            answer=sign_in_choices[0] if session.role.name.startswith("AWSReservedSSO_") else sign_in_choices[1],
            wrong={
                sign_in_choices[1]: "Identity Center creates no IAM user for a person: the person signs in once and "
                "assumes a role in the account, with temporary credentials.",
                sign_in_choices[2]: "the identity source's groups are not IAM groups: a group only decides who gets a "
                "permission set; in the account, the permission set is a role.",
                sign_in_choices[3]: "nobody signs in as the root user through Identity Center; the root user is for "
                "the few tasks only it can do.",
            },
            explanation=(
                f"The permission set became the role {session.role.name} in dev; her request is that "
                f"role's session, and AmazonS3ReadOnlyAccess has no s3:PutObject, so it ends in "
                f"{put.decision}."
            ),
            hint="What does Identity Center create in an account when a permission set is assigned there?",
            trace=_trace(put),
        ),
        _choice(
            id="05-cross-account-admin",
            question=(
                f"User ops of account {ANALYTICS} has AdministratorAccess. The bucket partner-exports belongs to "
                f"account {OUTSIDER} and has no bucket policy. What is the decision for ops's s3:GetObject on one of "
                "its objects?"
            ),
            choices=outcome,
            answer=cross.decision,
            wrong={
                "Allow": "AdministratorAccess is only the trusted account's half. Across accounts the resource's "
                "account must allow too, with a bucket policy (or a role ops can assume there).",
                "ExplicitDeny": "nothing denies it explicitly: the bucket's account simply grants nothing, and "
                "nothing granted is an implicit deny.",
                "ImplicitDeny": "",
            },
            explanation="A cross-account request needs an Allow on both sides; without one from the resource's "
            "account it ends in an implicit deny.",
            hint="Two accounts take part. Which of them has said yes?",
            trace=_trace(cross),
        ),
        _choice(
            id="05-outside-guardrail",
            question=(
                'A member account\'s bucket policy allows s3:GetObject to Principal "*". Which guardrail, attached '
                "at the organization's root with a Deny unless aws:PrincipalOrgID is ours, stops a principal of "
                "another organization from reading it?"
            ),
            choices=guard_choices,
            answer=guard_answer,
            wrong={
                "an SCP": "SCPs limit the principals of our own member accounts; an outsider's request is not "
                "governed by our SCPs at all.",
                "a permissions boundary on each of our roles": "a boundary caps what our own users and roles may do; "
                "the outsider is neither.",
                guard_choices[3]: "an organization can cap resource policies centrally: that is what RCPs are for.",
                "an RCP": "",
            },
            explanation="RCPs limit what any principal, inside the organization or not, may do to the resources of "
            "member accounts; SCPs limit only the organization's own principals.",
            hint="One policy type is about our principals, one about our resources.",
            trace=_trace(after_rcp),
        ),
        _choice(
            id="05-boundary",
            question=(
                "A developer has AdministratorAccess and the permissions boundary DataOnly, which allows s3:* and "
                "dynamodb:* on *. Which of these requests is allowed?"
            ),
            choices=boundary_choices,
            answer=boundary_answer,
            wrong={
                **{
                    label: "a permissions boundary does not grant anything, and AdministratorAccess does not get "
                    "past it: a request must be allowed by the identity policy and by the boundary."
                    for label in boundary
                    if label != boundary_answer
                },
                "none of them": "the boundary is not a Deny: what both the boundary and AdministratorAccess allow "
                "is still allowed.",
            },
            explanation="Effective permissions are the intersection of the identity-based policies and the boundary.",
            hint="Allowed means: allowed by AdministratorAccess AND by DataOnly.",
            trace=_trace(boundary[boundary_answer]) if boundary_answer in boundary else (),
        ),
        _choice(
            id="05-deny-wins",
            question=(
                "User dana is in the Admins group, which has AdministratorAccess (Allow * on *). Dana also has an "
                f"inline policy that denies s3:DeleteBucket on *. What is the decision for her s3:DeleteBucket on "
                f"{BUCKET}?"
            ),
            choices=outcome,
            answer=deny.decision,
            wrong={
                "Allow": "an Allow never overrides a Deny: AWS looks for an applicable Deny first, in every policy, "
                "and an explicit Deny ends the evaluation.",
                "ImplicitDeny": "an implicit deny means nothing allowed it; here a statement denies it explicitly, "
                "which no Allow, SCP or resource policy can undo.",
                "ExplicitDeny": "",
            },
            explanation="An explicit Deny in any policy that applies wins over every Allow.",
            hint="Which step of the evaluation logic comes first?",
            trace=_trace(deny),
        ),
        _choice(
            id="05-workload-credentials",
            question=("An application on an EC2 instance must read one S3 bucket. How should it get AWS credentials?"),
            choices=(
                "an instance profile whose role allows s3:GetObject on that bucket",
                "an IAM user's access keys in the application's configuration file",
                "the root user's access keys, kept in an environment variable",
                'no credentials: a bucket policy allowing Principal "*"',
            ),
            answer="an instance profile whose role allows s3:GetObject on that bucket",
            wrong={
                "an IAM user's access keys in the application's configuration file": "long-term keys on a server can leak and must be rotated by hand; a role gives the instance "
                "temporary credentials that rotate by themselves.",
                "the root user's access keys, kept in an environment variable": "the root user should have no access keys at all: it can do everything in the account.",
                'no credentials: a bucket policy allowing Principal "*"': "that opens the bucket to everyone on the internet, not to one instance.",
            },
            explanation="Workloads on AWS get temporary credentials from a role: an instance profile for EC2, an "
            "execution role for Lambda.",
            hint="Which option has no long-term secret to leak?",
        ),
    )
