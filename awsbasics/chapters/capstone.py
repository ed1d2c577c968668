"""Chapter 11 exercises: write a tier's policy, choose resilience for a budget, read the game day and the guardrails.

The constructive exercises hand the learner's build to the capstone engines:
a worker policy goes through :func:`~awsbasics.capstone.least_privilege` (chapter
05's access matrix) and a NAT/Multi-AZ choice through
:func:`~awsbasics.capstone.cost_vs_resilience`. Every expected answer is
computed by the engines, so a changed price or SLA changes it.
"""

from __future__ import annotations

import json
import re

from awsbasics import data
from awsbasics.capstone import CostResilience, cost_vs_resilience, game_day, image_service, least_privilege
from awsbasics.chapters._graded import choice, number
from awsbasics.chapters.exercise import Exercise, GradedExercise
from awsbasics.errors import PolicyError
from awsbasics.iac import Deployment, Stack, StackError, to_cloudformation
from awsbasics.iam import Policy
from awsbasics.network import reachability

TARGET: float = data.value("capstone", "availability_target")
REGION = "us-east-1"
AZS = 3


# --- constructive 1: the worker role's policy -----------------------------------------------------


def _as_document(answer: object):
    if isinstance(answer, Policy):
        return answer.document
    if isinstance(answer, (str, dict)):
        return answer
    return None


def _grade_worker_policy(answer) -> tuple[bool, str]:
    arch = image_service()
    try:
        check = least_privilege(arch, policies={"worker": answer})
    except PolicyError as exc:
        raise PolicyError(f"AWS would reject this identity-based policy: {exc}") from None
    missing = [(a, r) for tier, a, r in check.missing if tier == "worker"]
    excess = [(a, r) for tier, a, r in check.excess if tier == "worker"]
    wildcards = [f for f in check.findings if f.code.startswith("wildcard")]
    if excess and wildcards:
        action, resource = next(((a, r) for a, r in excess if a == "s3:DeleteBucket"), excess[0])
        return False, (
            f"Too broad: {action} on {resource} is allowed. {wildcards[0].message}; a worker that can do "
            "everything in S3 can delete the buckets it was meant to fill."
        )
    if excess:
        action, resource = excess[0]
        if action in ("s3:DeleteObject", "s3:DeleteBucket", "s3:PutBucketPolicy") or resource == "*":
            why = 'an action wildcard (s3:*, *) or Resource "*" grants what nobody meant to give; list actions and ARNs'
        elif action == "s3:PutObject":
            why = "it may overwrite originals or the site's pages: write access belongs on the results prefix only"
        elif action == "s3:GetObject":
            why = "it reads more than the originals it processes: narrow the Resource to the originals prefix"
        else:
            why = "the worker only consumes the queue; sending, subscribing or deleting queues is another tier's job"
        return False, f"Too broad: {action} on {resource} is allowed, so {why}."
    if missing:
        action, resource = missing[0]
        if action.startswith("sqs:"):
            why = (
                "a queue worker needs ReceiveMessage, DeleteMessage (after processing), ChangeMessageVisibility "
                "(to extend a long job) and GetQueueAttributes on the queue's ARN; without DeleteMessage every "
                "image comes back after the visibility timeout and ends in the dead-letter queue"
            )
        elif action == "s3:GetObject":
            why = "GetObject acts on object keys (bucket ARN + /originals/*), not on the bucket ARN itself"
        else:
            why = "PutObject acts on object keys: name the results prefix of the content bucket (…/results/*)"
        return False, f"The worker cannot do {action} on {resource}: {why}."
    return True, check.verdict


def _worker_solution() -> str:
    arch = image_service()
    (_, document), *_ = arch.roles["worker"].own_policies()
    return json.dumps(document.document)


# --- constructive 2: NAT gateways and Multi-AZ for a target, at the lowest cost --------------------

_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[, ]\s*(yes|no|true|false|multi-az|single-az)\s*$", re.IGNORECASE)


def _parse_choice(answer: object) -> tuple[int, bool] | None:
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], bool):
        count = answer[0]
        return (count, answer[1]) if isinstance(count, int) and not isinstance(count, bool) else None
    if not isinstance(answer, str) or len(answer) > 40:
        return None
    match = _CHOICE.match(answer)
    if match is None:
        return None
    return int(match[1]), match[2].lower() in ("yes", "true", "multi-az")


def _options() -> dict[tuple[int, bool], CostResilience]:
    return {
        (n, m): cost_vs_resilience(region=REGION, azs=AZS, nat_gateways=n, multi_az=m)
        for n in range(1, AZS + 1)
        for m in (False, True)
    }


def _best(options: dict[tuple[int, bool], CostResilience]) -> tuple[int, bool]:
    meeting = [key for key, option in options.items() if option.availability >= TARGET]
    return min(meeting, key=lambda key: options[key].monthly_usd)


def _grade_resilience(value: tuple[int, bool]) -> tuple[bool, str]:
    nat, multi = value
    if not 1 <= nat <= AZS:
        return False, f"{nat} NAT gateways: give 1 to {AZS}, at most one in each AZ's public subnet."
    options = _options()
    picked = options[nat, multi]
    said = f"{picked.verdict}."
    best = _best(options)
    if picked.availability < TARGET:
        if not multi:
            return False, (
                f"{said} A Single-AZ database is a single point of failure in series with everything: "
                "no number of NAT gateways makes up for it."
            )
        return False, (
            f"{said} One NAT gateway for three AZs puts it in series with every web instance: "
            "losing its AZ cuts the others' outbound path too."
        )
    if (nat, multi) != best:
        return False, (
            f"{said} That meets {100 * TARGET:g}%, but {best[0]} NAT gateway(s) with a Multi-AZ database meet it "
            f"for ${options[best].monthly_usd:,.2f}: each extra NAT gateway is billed by the hour."
        )
    return True, f"{said} The cheapest choice that meets {100 * TARGET:g}%."


# --- computed facts for the choice exercises --------------------------------------------------------


def _single_nat_answer() -> str:
    arch = image_service(nat_gateways=1)
    lost = arch.azs[0]
    out = reachability(arch.vpc, arch.instances["web"][1], "internet", port=443, failed_azs=[lost])
    front = reachability(arch.vpc, "internet", arch.load_balancer, port=443, failed_azs=[lost])
    if front.reachable and not out.reachable:
        return (
            "They still serve requests through the ALB, but cannot reach SNS: their only NAT gateway was in the lost AZ"
        )
    return "They keep working normally"


def _teardown_refused() -> bool:
    arch = image_service()
    network = Stack("network", to_cloudformation(arch.vpc, export=True, skip=[arch.load_balancer]))
    app = Stack("app", to_cloudformation(arch.load_balancer, imports=[network]))
    cloud = Deployment()
    cloud.create(network)
    cloud.create(app)
    try:
        cloud.delete("network")
    except StackError:
        return True
    return False


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 11, answers computed by the capstone engines."""
    best = _best(_options())
    four = game_day(image_service(region="ap-northeast-2", azs=4, nat_gateways=4), lost_az="ap-northeast-2a")
    four_after = four.capacity("web")[1]
    single_nat = _single_nat_answer()
    nat_choices = (
        "They keep working normally",
        single_nat,
        "They fail too: an AZ failure stops every instance in the Region",
        "The ALB stops sending them requests",
    )
    free = data.value("pricing", "free_tier_2025")
    free_answer = (
        f"Credits of up to USD {free['credits_usd_at_sign_up'] + free['credits_usd_for_activities']} and a free "
        f"plan that ends after {free['free_plan_months']} months or when the credits run out"
    )
    free_choices = (
        "12 months of per-service free usage, such as 750 hours a month of a micro instance",
        free_answer,
        "Everything is free for a year as long as a budget alert is set",
        "Nothing: the Free Tier ended in 2025",
    )
    order_answer = (
        "Delete the application stack first, then the network stack" if _teardown_refused() else "Either order works"
    )
    order_choices = (
        "Delete the network stack first: it holds the VPC everything else runs in",
        order_answer,
        "Either order works",
        "Delete the S3 buckets by hand first, then the network stack",
    )
    return (
        GradedExercise(
            id="11-worker-policy",
            question=(
                "Build it: write the worker role's identity-based policy (JSON text or a dict). A worker receives "
                "jobs from the queue arn:aws:sqs:us-east-1:111122223333:imagesvc-jobs (and deletes them when done, "
                "or extends their visibility), reads originals from "
                "arn:aws:s3:::imagesvc-uploads-111122223333/originals/..., and writes results to "
                "arn:aws:s3:::imagesvc-content-111122223333/results/... . The engine runs it through the access "
                "matrix against what the worker needs and a set of requests it must not be able to make."
            ),
            answer=_worker_solution(),
            explanation="Least privilege: each tier's role names exactly the actions and the ARNs its tier uses.",
            hint_text=(
                "Three statements: four sqs: actions on the queue ARN; s3:GetObject on the originals prefix; "
                "s3:PutObject on the results prefix. Try capstone.least_privilege(arch, policies={'worker': ...})."
            ),
            grade=_grade_worker_policy,
            parse=_as_document,
            form=('.check(\'{"Version": "2012-10-17", "Statement": [...]}\')', "a policy as JSON text or a dict"),
        ),
        GradedExercise(
            id="11-nat-and-multi-az",
            question=(
                f"Build it: the service runs over {AZS} AZs of {REGION}. Choose how many NAT gateways (1 to {AZS}) "
                f"and whether the database is Multi-AZ so that the request path reaches {100 * TARGET:g}% at the "
                "lowest monthly cost. Answer as 'NAT count, yes/no' (yes = Multi-AZ), e.g. '3, no'. Try "
                "capstone.cost_vs_resilience(...) or the explorer first."
            ),
            answer=f"{best[0]}, {'yes' if best[1] else 'no'}",
            explanation=(
                "Availability and cost move together: the database is in series with everything, and a shared "
                "NAT gateway is in series with every AZ that routes through it."
            ),
            hint_text="Start from the Multi-AZ database, then remove NAT gateways while the target still holds.",
            grade=_grade_resilience,
            parse=_parse_choice,
            form=(".check('2, yes')", "a NAT gateway count and yes/no for Multi-AZ"),
        ),
        number(
            "11-az-loss-four",
            (
                "The same service in ap-northeast-2 over 4 AZs, 2 web instances per AZ, loses ap-northeast-2a. "
                "How many web instances are in service in the minute the AZ fails, before Auto Scaling replaces any?"
            ),
            four_after,
            {
                4: "That is half of 8: with 4 AZs one AZ holds a quarter of the instances, not half.",
                8: "The 2 instances in the failed AZ go down with it; replacements launch only after the launch delay.",
            },
            explanation="An AZ takes its share of every tier with it: 8 instances over 4 AZs lose 2.",
            hint=f"{four.capacity('web')[0]} instances spread evenly over 4 AZs; one AZ fails.",
        ),
        choice(
            "11-single-nat",
            "The service has one NAT gateway, in AZ a, shared by all three AZs. AZ a fails. What happens to the web instances in AZ b?",
            nat_choices,
            single_nat,
            {
                nat_choices[
                    0
                ]: "Their route table sends internet traffic to the NAT gateway in AZ a; a NAT gateway is zonal and fails with its AZ.",
                nat_choices[2]: "AZs fail independently: that is why the tiers are spread over several.",
                nat_choices[
                    3
                ]: "The ALB keeps sending requests to healthy targets in the AZs that remain; the inbound path does not use the NAT gateway.",
            },
            explanation="Inbound traffic comes through the ALB; outbound traffic (to SNS) needs the NAT gateway its route table names.",
            hint="Follow two paths separately: internet -> ALB -> web-b, and web-b -> SNS on the internet.",
        ),
        choice(
            "11-free-plan",
            "You open a new AWS account today to build this service by hand. What does the AWS Free Tier give it?",
            free_choices,
            free_answer,
            {
                free_choices[
                    0
                ]: "That was the 12-month free tier of accounts created before 15 July 2025 (the one the 2020 course knew).",
                free_choices[
                    2
                ]: "A budget alert warns you; it frees nothing. Usage beyond the credits is charged on a paid plan.",
                free_choices[
                    3
                ]: "It changed form on 15 July 2025; it did not end, and the always-free offers continue.",
            },
            explanation="Since 15 July 2025 new accounts get credits and a time-limited free plan instead of 12 months of per-service offers.",
            hint="What changed on 15 July 2025?",
        ),
        choice(
            "11-teardown",
            "You built the service as two stacks: network (exports the VPC, subnets and security groups) and application (imports them). In which order do you tear it down?",
            order_choices,
            order_answer,
            {
                order_choices[0]: "CloudFormation refuses to delete a stack whose exports another stack imports.",
                order_choices[
                    3
                ]: "Buckets are in the application stack; empty them, then delete that stack before the network stack.",
            },
            explanation="A stack that exports values cannot be deleted while another stack imports them: layers come down top first.",
            hint="Which stack uses the other's exports?",
        ),
        choice(
            "11-db-rule",
            "Which security group rule lets the web tier reach the PostgreSQL database on 5432 and nothing else reach it?",
            (
                "On the db group: inbound TCP 5432 from the web security group",
                "On the db group: inbound TCP 0-65535 from 10.0.0.0/16",
                "On the db group: inbound TCP 5432 from 0.0.0.0/0; the database has no public IP anyway",
                "On the web group: outbound TCP 5432 to the db security group, and nothing on the db group",
            ),
            "On the db group: inbound TCP 5432 from the web security group",
            {
                "On the db group: inbound TCP 0-65535 from 10.0.0.0/16": "Every instance in the VPC (workers included) could then reach every port of the database.",
                "On the db group: inbound TCP 5432 from 0.0.0.0/0; the database has no public IP anyway": "Defence in depth: one routing change or peering later and the database is open; allow the group that needs it.",
                "On the web group: outbound TCP 5432 to the db security group, and nothing on the db group": "The database's own group must allow the inbound connection; a group with no inbound rule admits nothing.",
            },
            explanation="Referencing a security group as the source admits exactly its members, on exactly the port given.",
            hint="Which group does the database's network interface carry, and what does it admit?",
        ),
    )
