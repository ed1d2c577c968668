"""One rule for numbers in every area (awsbasics._checks).

An integer is a ``numbers.Integral`` that is not a bool, so numpy's integers are
accepted and kept as plain ints; a real number is a ``numbers.Real`` that is not a
bool, and finite. A bool is a TypeError; NaN and infinity are the area's AwsRuleError.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

from awsbasics import economics as econ
from awsbasics._checks import is_int, is_real, require_int, require_real
from awsbasics.caching import zipf_workload
from awsbasics.database import deployment, dynamodb_capacity
from awsbasics.errors import (
    AlarmError,
    AvailabilityError,
    AwsRuleError,
    CacheConfigError,
    CapacityError,
    CapacityPlanError,
    DynamoDbCapacityError,
    InventoryError,
    LambdaConfigError,
    QueueConfigError,
)
from awsbasics.ha import Alarm, Component, multi_az
from awsbasics.messaging import Queue
from awsbasics.microservices import TaskDefinition, lambda_concurrency
from awsbasics.network import Cidr, Ipv6Cidr, split
from awsbasics.storage.ebs import Volume, compare_volumes, simulate_credits
from awsbasics.storage.lifecycle import Lifecycle, lifecycle_cost, random_inventory
from awsbasics.storage.tiering import intelligent_tiering_tier, restore_cost

NAN, INF = math.nan, math.inf

# --- the rule itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -3, 10**30, np.int64(7), np.uint8(7), np.int32(-2)])
def test_integers_of_any_integral_kind_come_back_as_int(value):
    assert is_int(value)
    result = require_int(value, "n")
    assert type(result) is int and result == int(value)


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 1.0, np.float64(1), "1", None, Fraction(1, 1)])
def test_everything_else_is_not_an_integer(value):
    assert not is_int(value)
    with pytest.raises(TypeError, match=r"n must be int, not "):
        require_int(value, "n")


@pytest.mark.parametrize("value", [0, 2.5, -1e300, np.float64(2.5), np.float32(0.5), np.int64(3), Fraction(1, 4)])
def test_finite_reals_of_any_kind_come_back_as_float(value):
    assert is_real(value)
    result = require_real(value, "x")
    assert type(result) is float and result == float(value)


@pytest.mark.parametrize("value", [True, np.bool_(False), "2.5", None, 1j, [1.0]])
def test_a_bool_or_a_non_number_is_a_type_error(value):
    with pytest.raises(TypeError, match=r"x must be a number, not "):
        require_real(value, "x")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (NAN, r"x=nan: give a finite number, not NaN or infinity"),
        (INF, r"x=inf: give a finite number"),
        (-INF, r"x=-inf: give a finite number"),
        (np.float64("nan"), r"x=nan: give a finite number"),
        (10**400, r"x=\(an integer of 1,329 bits\): too large for a float"),
    ],
)
def test_non_finite_reals_are_the_callers_rule_error(value, message):
    with pytest.raises(AwsRuleError, match=message):
        require_real(value, "x")
    with pytest.raises(InventoryError, match=message):
        require_real(value, "x", error=InventoryError)


# --- each area follows it -----------------------------------------------------------------------

I64, F64 = np.int64, np.float64

ACCEPTED = [
    ("ebs volume", lambda: Volume("gp3", I64(100), iops=I64(4000)), "Volume('gp3', 100, iops=4000)"),
    ("ebs comparison", lambda: compare_volumes(I64(100), iops=I64(3000)).attrs["size_gib"], "100"),
    (
        "lifecycle rule",
        lambda: Lifecycle(transitions=(("GLACIER", I64(90)),), expiration_days=I64(365)),
        "Lifecycle(transitions=(('GLACIER', 90),), expiration_days=365)",
    ),
    # 1 GB in S3 Standard for one 30-day month at the us-east-1 list price of $0.023 per GB-month.
    (
        "lifecycle cost",
        lambda: round(lifecycle_cost(Lifecycle(), size_gb=F64(1), object_count=I64(1), months=I64(1)).total_usd, 4),
        "0.023",
    ),
    ("random inventory", lambda: len(random_inventory(I64(3), seed=I64(1))), "3"),
    # S3 Intelligent-Tiering moves an object unread for 30 days to Infrequent Access
    # (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html).
    (
        "intelligent tiering",
        lambda: intelligent_tiering_tier(I64(1024), days_since_access=I64(45)).tier,
        "'INFREQUENT_ACCESS'",
    ),
    ("rds read replicas", lambda: len(deployment("single-az", read_replicas=I64(2)).nodes), "3"),
    # A strongly consistent read of up to 4 KB is one RCU, an eventually consistent one half
    # (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html).
    ("dynamodb", lambda: dynamodb_capacity(F64(4), reads_per_second=I64(10)).rcu, "5.0"),
    ("alarm", lambda: Alarm(F64(80), evaluation_periods=I64(3)).evaluation_window_s, "180"),
    ("multi-az", lambda: round(multi_az(Component("app", F64(0.99)), azs=I64(3)).availability, 6), "0.999999"),
    ("zipf workload", lambda: zipf_workload(I64(10), objects=I64(5), seed=I64(1)).requests, "10"),
    ("sqs queue", lambda: Queue(visibility_timeout=I64(30)).visibility_timeout, "30"),
    ("ecs task", lambda: TaskDefinition(cpu=I64(256), memory_mib=I64(512)).cpu, "256"),
    ("lambda concurrency", lambda: lambda_concurrency(F64(100), F64(0.5)).needed, "50"),
    ("economics", lambda: econ.simulate_demand(seed=I64(1)).seed, "1"),
    # A /16 holds 256 /24 subnets; a /56 holds 256 /64 subnets (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
    ("cidr subnets", lambda: len(Cidr.parse("10.0.0.0/16").subnets(I64(24))), "256"),
    ("cidr split", lambda: str(split("10.0.0.0/22", [I64(24)])[0]), "'10.0.0.0/24'"),
    ("cidr fields", lambda: Cidr(I64(167772160), I64(8)).prefix, "8"),
    ("ipv6 subnet", lambda: str(Ipv6Cidr.parse("2001:db8::/56").subnet(I64(1))), "'2001:db8:0:1::/64'"),
    # A role session lasts 900 s to the role's maximum (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
    ("iam role session", lambda: _role_session(I64(1800)), "1800"),
]


def _role_session(seconds):
    from awsbasics.iam import Account, assume_role

    account = Account("111122223333")
    role = account.add_role(
        "ops",
        trust_policy={
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}
            ],
        },
    )
    user = account.add_user("kim")
    user.put_inline_policy(
        "assume",
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role.arn}]},
    )
    session = assume_role(user, role, session_name="kim-session", duration_seconds=seconds)
    return session.duration_seconds


@pytest.mark.parametrize(("name", "call", "expected"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_numpy_numbers_are_accepted_and_kept_as_plain_python_numbers(name, call, expected):
    result = call()
    assert repr(result) == expected  # a plain int or float, never np.int64(...) in a repr


REFUSED = [
    ("ebs size bool", lambda: Volume("gp3", True), TypeError, r"size_gib must be int, not bool"),
    (
        "ebs step nan",
        lambda: simulate_credits(Volume("gp2", 100), [1], seconds_per_step=NAN),
        CapacityError,
        r"seconds_per_step=nan",
    ),
    (
        "lifecycle months bool",
        lambda: lifecycle_cost(Lifecycle(), size_gb=1, object_count=1, months=True),
        TypeError,
        r"months must be int, not bool",
    ),
    (
        "lifecycle size nan",
        lambda: lifecycle_cost(Lifecycle(), size_gb=NAN, object_count=1, months=1),
        InventoryError,
        r"size_gb=nan: give a finite number",
    ),
    (
        "lifecycle size inf",
        lambda: lifecycle_cost(Lifecycle(), size_gb=INF, object_count=1, months=1),
        InventoryError,
        r"size_gb=inf: give a finite number",
    ),
    (
        "restore size nan",
        lambda: restore_cost("GLACIER", tier="Bulk", size_gb=NAN, objects=1),
        InventoryError,
        r"size_gb=nan",
    ),
    ("rds replicas bool", lambda: deployment("single-az", read_replicas=True), TypeError, r"read_replicas must be int"),
    ("dynamodb size bool", lambda: dynamodb_capacity(True, reads_per_second=1), TypeError, r"item_size_kb must be a"),
    (
        "dynamodb size nan",
        lambda: dynamodb_capacity(NAN, reads_per_second=1),
        DynamoDbCapacityError,
        r"item_size_kb=nan",
    ),
    (
        "dynamodb rate inf",
        lambda: dynamodb_capacity(4, reads_per_second=INF),
        DynamoDbCapacityError,
        r"reads_per_second=inf: a request rate is a finite number",
    ),
    ("alarm periods bool", lambda: Alarm(80, evaluation_periods=True), TypeError, r"evaluation_periods must be int"),
    ("alarm threshold nan", lambda: Alarm(NAN, evaluation_periods=1), AlarmError, r"threshold=nan"),
    ("alarm threshold huge", lambda: Alarm(10**400, evaluation_periods=1), AlarmError, r"too large for a float"),
    ("availability inf", lambda: multi_az(Component("app", INF), azs=2), AvailabilityError, r"availability=inf"),
    ("zipf requests bool", lambda: zipf_workload(True, objects=5, seed=1), TypeError, r"requests must be int"),
    ("zipf alpha nan", lambda: zipf_workload(10, objects=5, seed=1, alpha=NAN), CacheConfigError, r"alpha=nan"),
    ("sqs timeout bool", lambda: Queue(visibility_timeout=True), TypeError, r"visibility_timeout must be int"),
    ("sqs duplicate nan", lambda: Queue(duplicate_rate=NAN), QueueConfigError, r"duplicate_rate=nan"),
    ("ecs cpu bool", lambda: TaskDefinition(cpu=True, memory_mib=512), TypeError, r"cpu must be int"),
    ("lambda rate nan", lambda: lambda_concurrency(NAN, 0.5), LambdaConfigError, r"requests_per_second=nan"),
    ("lambda duration inf", lambda: lambda_concurrency(100, INF), LambdaConfigError, r"avg_duration_s=inf"),
    ("economics seed bool", lambda: econ.simulate_demand(seed=True), TypeError, r"seed must be int"),
    ("economics base nan", lambda: econ.simulate_demand(base_servers=NAN), CapacityPlanError, r"base_servers=nan"),
]


@pytest.mark.parametrize(("name", "call", "error", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bools_and_non_finite_numbers_are_refused_in_every_area(name, call, error, message):
    with pytest.raises(error, match=message) as caught:
        call()
    if error is not TypeError:
        assert isinstance(caught.value, AwsRuleError)
