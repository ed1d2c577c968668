"""How many IAM policy evaluations per second, against moto's evaluator on the same requests?

Ours: ``awsbasics.iam.evaluate`` with a 10-statement identity policy parsed once.
Peer: ``moto.iam.access_control.IAMPolicy(policy_json).is_action_permitted(action, resource)``,
the evaluator moto uses for its own access control, built once from the same JSON.
Both answer the same requests in the same run; the script first checks that they
agree on every request, then times each (best of several repeats, interleaved)
and prints both rates and the ratio. Target: ours at least 4x moto's rate.

The policy has no conditions: moto evaluates conditions differently (a false
condition is a deny there), so only actions and resources are compared.

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
        {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]},
        {"Sid": "WriteStaging", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::staging/*"},
        {"Sid": "DenyDeleteBucket", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        {"Sid": "Tables", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
         "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"},
        {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*", "Resource": f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-*"},
        {"Sid": "Describe", "Effect": "Allow", "Action": ["ec2:Describe*", "rds:Describe*"], "Resource": "*"},
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/*"},
        {"Sid": "Keys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
         "Resource": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
        {"Sid": "DenyIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"},
        {"Sid": "Functions", "Effect": "Allow", "Action": "lambda:InvokeFunction",
         "Resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:etl-*"},
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


def _moto_policy():
    try:
        from moto.iam.access_control import IAMPolicy, PermissionResult
    except ImportError as exc:
        raise SystemExit(f"moto is not installed ({exc}); install it with: pip install 'moto[iam]'") from None
    names = {PermissionResult.PERMITTED: "Allow", PermissionResult.DENIED: "ExplicitDeny",
             PermissionResult.NEUTRAL: "ImplicitDeny"}
    return IAMPolicy(json.dumps(POLICY)), names


def _rate(run, evaluations: int) -> float:
    """Evaluations per second of one timed run."""
    start = time.perf_counter()
    run(evaluations)
    return evaluations / (time.perf_counter() - start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluations", type=int, default=20_000, help="evaluations per timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per engine (best is kept)")
    options = parser.parse_args(argv)

    ours_policy = Policy.from_json(POLICY)
    requests = [Request(action, resource) for action, resource in REQUESTS]
    moto_policy, names = _moto_policy()

    disagreements = []
    for request in requests:
        theirs = names[moto_policy.is_action_permitted(request.action, request.resource)]
        mine = evaluate(request, identity_policies=(ours_policy,)).decision
        if mine != theirs:
            disagreements.append(f"{request.action} {request.resource}: awsbasics {mine}, moto {theirs}")
    if disagreements:
        print("The engines disagree, so the timing would compare different work:", *disagreements, sep="\n  ")
        return 1

    count = len(requests)
    policies = (ours_policy,)
    pairs = [(r.action, r.resource) for r in requests]

    def ours(n):
        for i in range(n):
            evaluate(requests[i % count], identity_policies=policies)

    def moto(n):
        check = moto_policy.is_action_permitted
        for i in range(n):
            action, resource = pairs[i % count]
            check(action, resource)

    ours(1000)  # warm caches
    moto(1000)
    ours_rates, moto_rates = [], []
    for _ in range(options.repeats):  # interleaved, so drift on a busy machine hits both
        ours_rates.append(_rate(ours, options.evaluations))
        moto_rates.append(_rate(moto, options.evaluations))
    ours_rate, moto_rate = max(ours_rates), max(moto_rates)
    ratio = ours_rate / moto_rate
    print(f"policy: {len(POLICY['Statement'])} statements; {count} requests, decisions agree")
    print(f"awsbasics.iam.evaluate              {ours_rate:12,.0f} evaluations/s")
    print(f"moto IAMPolicy.is_action_permitted  {moto_rate:12,.0f} evaluations/s")
    print(f"ratio {ratio:.2f}x (target: at least {TARGET_RATIO:.0f}x)")
    print("meets the target" if ratio >= TARGET_RATIO else "MISSES the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
