"""How long does the access matrix take for 50 principals x 200 actions x 10 resources?

Ours: ``awsbasics.iam.matrix.access_matrix`` on 50 IAM users (each with its own
inline policy, a customer managed policy and the managed policies of one of five
groups), 200 actions over ten services and 10 resources: 100,000 evaluations,
policies parsed once. Target: under 5 s.

Peers, in the same run, each timed on a sample of principals and scaled
linearly to the full matrix (their cost per cell does not depend on which cell):

* naive: the same engine, but every user's policy documents are parsed again for
  every evaluation (what a loop over ``evaluate(request, identity_policies=[json, ...])``
  does when nothing is compiled up front);
* moto (when importable): ``moto.iam.access_control.IAMPolicy.is_action_permitted``
  for each of the user's policies, built once per policy, combined as IAM does
  (any Deny wins, else any Allow). The script first checks that moto and ours
  agree on every sampled cell.

    python benchmarks/iam_access_matrix.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from awsbasics.iam import Policy, Request, evaluate  # noqa: E402
from awsbasics.iam.identities import Account  # noqa: E402
from awsbasics.iam.matrix import access_matrix  # noqa: E402

TARGET_SECONDS = 5.0
ACCOUNT = "111122223333"
SERVICES = {
    "s3": [
        "GetObject",
        "PutObject",
        "DeleteObject",
        "ListBucket",
        "GetBucketPolicy",
        "PutBucketPolicy",
        "DeleteBucket",
        "GetObjectTagging",
        "PutObjectAcl",
        "CreateBucket",
    ],
    "ec2": [
        "DescribeInstances",
        "RunInstances",
        "TerminateInstances",
        "StartInstances",
        "StopInstances",
        "CreateVolume",
        "DeleteVolume",
        "AttachVolume",
        "DescribeVolumes",
        "CreateSnapshot",
    ],
    "dynamodb": [
        "GetItem",
        "PutItem",
        "Query",
        "Scan",
        "DeleteItem",
        "UpdateItem",
        "DescribeTable",
        "CreateTable",
        "DeleteTable",
        "BatchGetItem",
    ],
    "sqs": [
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "CreateQueue",
        "DeleteQueue",
        "GetQueueAttributes",
        "SetQueueAttributes",
        "PurgeQueue",
        "ListQueues",
        "TagQueue",
    ],
    "lambda": [
        "InvokeFunction",
        "CreateFunction",
        "DeleteFunction",
        "GetFunction",
        "UpdateFunctionCode",
        "ListFunctions",
        "AddPermission",
        "RemovePermission",
        "PublishVersion",
        "TagResource",
    ],
    "iam": [
        "CreateUser",
        "DeleteUser",
        "AttachUserPolicy",
        "PutUserPolicy",
        "CreateRole",
        "DeleteRole",
        "PassRole",
        "GetUser",
        "ListUsers",
        "CreateAccessKey",
    ],
    "kms": [
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "CreateKey",
        "DescribeKey",
        "ScheduleKeyDeletion",
        "EnableKey",
        "DisableKey",
        "CreateGrant",
        "ListKeys",
    ],
    "logs": [
        "CreateLogGroup",
        "CreateLogStream",
        "PutLogEvents",
        "DeleteLogGroup",
        "DescribeLogGroups",
        "GetLogEvents",
        "FilterLogEvents",
        "PutRetentionPolicy",
        "TagLogGroup",
        "DescribeLogStreams",
    ],
    "sns": [
        "Publish",
        "Subscribe",
        "CreateTopic",
        "DeleteTopic",
        "ListTopics",
        "SetTopicAttributes",
        "GetTopicAttributes",
        "Unsubscribe",
        "TagResource",
        "ListSubscriptions",
    ],
    "cloudwatch": [
        "PutMetricData",
        "GetMetricData",
        "PutMetricAlarm",
        "DeleteAlarms",
        "DescribeAlarms",
        "ListMetrics",
        "GetDashboard",
        "PutDashboard",
        "DeleteDashboards",
        "SetAlarmState",
    ],
}
ACTIONS = [f"{service}:{name}" for service, names in SERVICES.items() for name in names]
# The second hundred are made-up "...V2" names (200 distinct actions); wildcards such as s3:Get* match
# them as they would match a real action.
ACTIONS = ACTIONS + [f"{a}V2" for a in ACTIONS][: 200 - len(ACTIONS)]
RESOURCES = (
    [f"arn:aws:s3:::team-{i}/data/file.csv" for i in range(4)]
    + [f"arn:aws:dynamodb:ap-northeast-2:{ACCOUNT}:table/orders-{i}" for i in range(3)]
    + [f"arn:aws:sqs:ap-northeast-2:{ACCOUNT}:jobs-{i}" for i in range(2)]
    + ["*"]
)
GROUP_POLICIES = {
    "Readers": [
        {
            "Effect": "Allow",
            "Action": ["s3:Get*", "s3:List*", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Describe*", "ec2:Describe*"],
            "Resource": "*",
        }
    ],
    "Writers": [
        {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::team-*/*"},
        {
            "Effect": "Allow",
            "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
            "Resource": f"arn:aws:sqs:ap-northeast-2:{ACCOUNT}:jobs-*",
        },
    ],
    "Operators": [
        {"Effect": "Allow", "Action": ["ec2:*", "cloudwatch:*", "logs:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": ["ec2:TerminateInstances", "logs:DeleteLogGroup"], "Resource": "*"},
    ],
    "Admins": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["iam:CreateAccessKey", "kms:ScheduleKeyDeletion"], "Resource": "*"},
    ],
    "Auditors": [
        {
            "Effect": "Allow",
            "Resource": "*",
            "Action": [
                "iam:Get*",
                "iam:List*",
                "kms:Describe*",
                "kms:List*",
                "logs:Describe*",
                "logs:Get*",
                "cloudwatch:Describe*",
            ],
        }
    ],
}


def _document(statements) -> dict:
    return {"Version": "2012-10-17", "Statement": statements}


def build_users(count: int):
    """``count`` users spread over five groups, each with an inline and a customer managed policy."""
    account = Account(ACCOUNT)
    groups = []
    for name, statements in GROUP_POLICIES.items():
        group = account.add_group(name)
        group.attach_policy(account.add_policy(f"{name}Policy", _document(statements)))
        groups.append(group)
    users = []
    for i in range(count):
        user = account.add_user(f"user{i:02d}", groups=[groups[i % len(groups)]])
        service = list(SERVICES)[i % len(SERVICES)]
        user.put_inline_policy(
            "Own",
            _document(
                [
                    {"Effect": "Allow", "Action": f"{service}:*", "Resource": RESOURCES[i % len(RESOURCES)]},
                    {"Effect": "Deny", "Action": f"{service}:Delete*", "Resource": "*"},
                ]
            ),
        )
        user.attach_policy(
            account.add_policy(
                f"Extra{i:02d}",
                _document(
                    [
                        {
                            "Effect": "Allow",
                            "Action": [ACTIONS[(7 * i + k) % len(ACTIONS)] for k in range(5)],
                            "Resource": RESOURCES[(3 * i) % len(RESOURCES)],
                        }
                    ]
                ),
            )
        )
        users.append(user)
    return users


def documents(user) -> list[dict]:
    return [policy.document for _, policy in user.effective_policies()]


def naive_seconds(users, sample: int, pairs) -> float:
    """Seconds for ``sample`` users' rows when every evaluation parses the documents again."""
    start = time.perf_counter()
    for user in users[:sample]:
        texts = [json.dumps(d) for d in documents(user)]
        for action, resource in pairs:
            request = Request(action, resource, principal=user.arn)
            evaluate(request, identity_policies=[Policy.from_json(t, kind="identity") for t in texts])
    return time.perf_counter() - start


def moto_rows(users, sample: int, pairs):
    """(seconds, decisions) for ``sample`` users with moto's evaluator, or None without moto."""
    try:
        from moto.iam.access_control import IAMPolicy, PermissionResult
    except ImportError:
        return None
    compiled = [[IAMPolicy(json.dumps(d)) for d in documents(user)] for user in users[:sample]]
    decisions = []
    start = time.perf_counter()
    for policies in compiled:
        for action, resource in pairs:
            results = [p.is_action_permitted(action, resource) for p in policies]
            if PermissionResult.DENIED in results:
                decisions.append("ExplicitDeny")
            elif PermissionResult.PERMITTED in results:
                decisions.append("Allow")
            else:
                decisions.append("ImplicitDeny")
    return time.perf_counter() - start, decisions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--principals", type=int, default=50)
    parser.add_argument("--sample", type=int, default=5, help="principals timed for the peers (scaled linearly)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of ours (best is kept)")
    options = parser.parse_args(argv)
    users = build_users(options.principals)
    cells = len(users) * len(ACTIONS) * len(RESOURCES)

    times = []
    for _ in range(options.repeats):
        start = time.perf_counter()
        matrix = access_matrix(users, ACTIONS, RESOURCES)
        times.append(time.perf_counter() - start)
    ours = min(times)
    counts = matrix["decision"].value_counts().to_dict()
    # Pairs the Service Authorization Reference rules out (ec2:RunInstances on an S3 object) get no decision; the
    # peers below are given only the pairs that can occur, while ours also pays for finding them.
    first = matrix[matrix["principal"] == matrix["principal"].iloc[0]]
    pairs = [(r.action, r.resource) for r in first.itertuples() if r.applies]
    print(
        f"{len(users)} principals x {len(ACTIONS)} actions x {len(RESOURCES)} resources = {cells:,} cells, "
        f"{len(users) * len(pairs):,} that can occur; decisions: {counts}"
    )
    print(f"awsbasics access_matrix (policies compiled once)  {ours:8.2f} s  ({cells / ours:,.0f} cells/s)")

    sample = min(options.sample, len(users))
    scale = len(users) / sample
    naive = naive_seconds(users, sample, pairs) * scale
    print(
        f"naive: parse the policies for every evaluation    {naive:8.2f} s  (measured on {sample} principals, "
        f"x{scale:g})   ratio {naive / ours:.1f}x"
    )
    moto = moto_rows(users, sample, pairs)
    if moto is None:
        print("moto is not installed: its evaluator was not timed (pip install 'moto[iam]')")
    else:
        seconds, theirs = moto
        occurring = matrix[matrix["applies"]]
        mine = occurring["decision"].astype(str).tolist()[: len(theirs)]
        disagree = sum(a != b for a, b in zip(mine, theirs))
        if disagree:
            print(f"moto and awsbasics disagree on {disagree} of {len(theirs)} sampled cells; not comparable")
            return 1
        print(
            f"moto IAMPolicy.is_action_permitted per policy     {seconds * scale:8.2f} s  (measured on {sample} "
            f"principals, x{scale:g}; decisions agree)   ratio {seconds * scale / ours:.1f}x"
        )
    verdict = "meets" if ours < TARGET_SECONDS else "MISSES"
    print(f"target: under {TARGET_SECONDS:.0f} s for ours -> {verdict} the target")
    return 0 if ours < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
