"""How many IAM policy evaluations per second, against moto's evaluator on the same requests?

Ours: ``awsbasics.iam.evaluate`` with a 10-statement identity policy parsed once.
Peer: ``moto.iam.access_control.IAMPolicy(policy_json).is_action_permitted(action, resource)``,
the evaluator moto uses for its own access control, built once from the same JSON.

Two figures, both measured in the same run against moto on the same policy:

- **reused**: ten ``Request`` objects built before timing, evaluated in turn (the
  evaluation alone); moto answers the same ten (action, resource) pairs.
- **fresh**: what a caller pays per question. Each evaluation builds a new
  ``Request(action, resource, principal=..., context=...)`` inside the timed loop,
  over ``--evaluations`` (at least 10^4) distinct requests: every one has its own
  resource (or action), principal and context values, all generated as plain
  strings before timing, so no cache of ours can answer a repeat. Moto answers the
  same (action, resource) pairs; it takes no principal or context, so that
  validation is work only ours does.

The script first checks that both engines agree on every request (the ten and all
the distinct ones), then times each figure (best of several repeats, interleaved
so drift on a busy machine hits both) and prints the rates and both ratios.
Target: the fresh figure at least 4x moto's rate.

The policy has no conditions: moto evaluates conditions differently (a false
condition is a deny there), so only actions and resources are compared; the
context values are carried and validated, never decisive.

Needs ``moto[iam]`` in the environment that runs it, e.g.
``python benchmarks/iam_throughput.py --evaluations 20000``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from awsbasics.iam import Policy, Request, evaluate  # noqa: E402

TARGET_RATIO = 4.0
ACCOUNT = "111122223333"

# Ten statements across several services, as an identity policy for a data team might read.
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadReports",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
        },
        {
            "Sid": "WriteStaging",
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:DeleteObject"],
            "Resource": "arn:aws:s3:::staging/*",
        },
        {"Sid": "DenyDeleteBucket", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        {
            "Sid": "Tables",
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
            "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders",
        },
        {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*", "Resource": f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-*"},
        {"Sid": "Describe", "Effect": "Allow", "Action": ["ec2:Describe*", "rds:Describe*"], "Resource": "*"},
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/*",
        },
        {
            "Sid": "Keys",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        {"Sid": "DenyIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"},
        {
            "Sid": "Functions",
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:etl-*",
        },
    ],
}

REQUESTS = [
    ("s3:GetObject", "arn:aws:s3:::reports/2026/q3.csv"),
    ("s3:PutObject", "arn:aws:s3:::staging/upload.csv"),
    ("s3:PutObject", "arn:aws:s3:::reports/overwrite.csv"),
    ("s3:DeleteBucket", "arn:aws:s3:::staging"),
    ("dynamodb:Query", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"),
    ("sqs:SendMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-nightly"),
    ("ec2:DescribeInstances", "*"),
    ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/new"),
    ("kms:Decrypt", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:report-builder"),
]

MIN_DISTINCT = 10_000
# Templates for the distinct requests: ``{i}`` makes each resource (or, for "*", the action's
# context) unique. They cover every statement and all three decisions.
_TEMPLATES = [
    ("s3:GetObject", "arn:aws:s3:::reports/2026/part-{i}.csv"),
    ("s3:ListBucket", "arn:aws:s3:::reports-{i}"),
    ("s3:PutObject", "arn:aws:s3:::staging/upload-{i}.csv"),
    ("s3:PutObject", "arn:aws:s3:::reports/overwrite-{i}.csv"),
    ("s3:DeleteObject", "arn:aws:s3:::staging/tmp/{i}"),
    ("s3:DeleteBucket", "arn:aws:s3:::staging-{i}"),
    ("dynamodb:Query", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"),
    ("dynamodb:Scan", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders-{{i}}"),
    ("sqs:SendMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-{{i}}"),
    ("sqs:ReceiveMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:other-{{i}}"),
    ("ec2:DescribeInstances", "*"),
    ("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-{{i:017x}}"),
    ("rds:DescribeDBInstances", f"arn:aws:rds:us-east-1:{ACCOUNT}:db:db-{{i}}"),
    ("logs:PutLogEvents", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/{{i}}:log-stream:main"),
    ("kms:Decrypt", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("kms:Encrypt", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{{i:08x}}-12ab-34cd-56ef-1234567890ab"),
    ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/new-{{i}}"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:etl-{{i}}"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:report-{{i}}"),
]


def distinct_requests(count: int) -> list[tuple[str, str, str, dict]]:
    """``count`` distinct ``(action, resource, principal, context)``, all plain strings.

    Principals alternate between IAM users and role sessions of the policy's account
    (a role session without a session policy is evaluated like its role's policy alone).
    """
    cases = []
    for i in range(count):
        action, resource = _TEMPLATES[i % len(_TEMPLATES)]
        principal = (
            f"arn:aws:iam::{ACCOUNT}:user/analyst-{i}"
            if i % 2
            else f"arn:aws:sts::{ACCOUNT}:assumed-role/DataTeam/session-{i}"
        )
        context = {
            "aws:SourceIp": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
            "aws:PrincipalTag/team": f"team-{i}",
            "aws:RequestedRegion": "us-east-1",
        }
        cases.append((action, resource.format(i=i), principal, context))
    return cases


def _moto_policy():
    try:
        from moto.iam.access_control import IAMPolicy, PermissionResult
    except ImportError as exc:
        raise SystemExit(f"moto is not installed ({exc}); install it with: pip install 'moto[iam]'") from None
    names = {
        PermissionResult.PERMITTED: "Allow",
        PermissionResult.DENIED: "ExplicitDeny",
        PermissionResult.NEUTRAL: "ImplicitDeny",
    }
    return IAMPolicy(json.dumps(POLICY)), names


def _rate(run, evaluations: int) -> float:
    """Evaluations per second of one timed run."""
    start = time.perf_counter()
    run(evaluations)
    return evaluations / (time.perf_counter() - start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--evaluations",
        type=int,
        default=20_000,
        help=f"evaluations per timed run; also the number of distinct fresh requests (at least {MIN_DISTINCT:,})",
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per engine (best is kept)")
    options = parser.parse_args(argv)
    if options.evaluations < MIN_DISTINCT:
        parser.error(
            f"--evaluations must be at least {MIN_DISTINCT:,}, so the fresh requests are that many distinct ones"
        )

    ours_policy = Policy.from_json(POLICY)
    requests = [Request(action, resource) for action, resource in REQUESTS]
    cases = distinct_requests(options.evaluations)
    assert len({(a, r, p, tuple(c.items())) for a, r, p, c in cases}) == len(cases)
    moto_policy, names = _moto_policy()
    policies = (ours_policy,)

    disagreements = []
    decisions: dict[str, int] = {}
    checked = [(r.action, r.resource, r) for r in requests]
    checked += [(a, r, Request(a, r, principal=p, context=c)) for a, r, p, c in cases]
    for index, (action, resource, request) in enumerate(checked):
        theirs = names[moto_policy.is_action_permitted(action, resource)]
        mine = evaluate(request, identity_policies=policies).decision
        if index >= len(requests):  # count the fresh ones only
            decisions[mine] = decisions.get(mine, 0) + 1
        if mine != theirs:
            disagreements.append(f"{action} {resource} ({request.principal}): awsbasics {mine}, moto {theirs}")
    if disagreements:
        print(
            f"The engines disagree on {len(disagreements)} requests, so the timing would compare different work:",
            *disagreements[:10],
            sep="\n  ",
        )
        return 1
    del checked  # the checked copies are not timed; the fresh loop builds its own

    count = len(requests)
    pairs = [(r.action, r.resource) for r in requests]
    fresh_pairs = [(a, r) for a, r, _, _ in cases]

    def ours_reused(n):
        for i in range(n):
            evaluate(requests[i % count], identity_policies=policies)

    def moto_reused(n):
        check = moto_policy.is_action_permitted
        for i in range(n):
            action, resource = pairs[i % count]
            check(action, resource)

    def ours_fresh(n):
        for action, resource, principal, context in cases[:n]:
            evaluate(Request(action, resource, principal=principal, context=context), identity_policies=policies)

    def moto_fresh(n):
        check = moto_policy.is_action_permitted
        for action, resource in fresh_pairs[:n]:
            check(action, resource)

    runs = {"ours_reused": ours_reused, "moto_reused": moto_reused, "ours_fresh": ours_fresh, "moto_fresh": moto_fresh}
    for run in runs.values():
        run(1000)  # warm up
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(options.repeats):  # interleaved, so drift on a busy machine hits all four
        for name, run in runs.items():
            rates[name].append(_rate(run, options.evaluations))
    best = {name: max(values) for name, values in rates.items()}
    reused_ratio = best["ours_reused"] / best["moto_reused"]
    fresh_ratio = best["ours_fresh"] / best["moto_fresh"]
    n = f"{options.evaluations:,}"
    print(
        f"policy: {len(POLICY['Statement'])} statements; {count} reused requests and {len(cases):,} distinct "
        "fresh ones, decisions agree (fresh: " + ", ".join(f"{k} {v:,}" for k, v in sorted(decisions.items())) + ")"
    )
    print(f"(a) reused: {count} prebuilt Requests, evaluation only")
    print(f"    awsbasics.iam.evaluate              {best['ours_reused']:12,.0f} evaluations/s")
    print(f"    moto IAMPolicy.is_action_permitted  {best['moto_reused']:12,.0f} evaluations/s")
    print(f"    ratio {reused_ratio:.2f}x")
    print(f"(b) fresh: Request(action, resource, principal=..., context=...) built per evaluation, {n} distinct")
    print(f"    awsbasics Request + evaluate        {best['ours_fresh']:12,.0f} evaluations/s")
    print(f"    moto IAMPolicy.is_action_permitted  {best['moto_fresh']:12,.0f} evaluations/s")
    print(f"    ratio {fresh_ratio:.2f}x (target: at least {TARGET_RATIO:.0f}x)")
    print("fresh figure meets the target" if fresh_ratio >= TARGET_RATIO else "fresh figure MISSES the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
