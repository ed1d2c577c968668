"""Hostile input for every public function of chapter 04: wrong kinds, impossible numbers, huge sizes.

Each bad input raises an AwsRuleError subclass or a TypeError with a message that says why.
Inputs whose size drives allocation or a loop run in a child forked from the test process,
with an address-space limit (~1 GiB above what the process maps) and a 2-second join timeout.
"""

from __future__ import annotations

import re

import pytest
from _hostile import run_limited

from awsbasics.database import (
    batch_capacity,
    capacity_cost,
    db_access,
    db_subnet_group,
    default_retention_days,
    deployment,
    dynamodb_capacity,
    fail,
    place_db_instance,
    purpose_built,
    recovery_window,
    responsibilities,
    simulate_throttling,
    storage_quorum,
)
from awsbasics.errors import AuroraQuorumError, DbSubnetGroupError, DynamoDbCapacityError, RdsConfigError

NAN, INF = float("nan"), float("inf")
HUGE_TEXT = "x" * 1_000_000
ARABIC_FIVE = "\u0665"  # a non-ASCII digit


def _vpc_group():
    from awsbasics.network import VPC

    vpc = VPC("10.0.0.0/16", name="hostile")
    a = vpc.add_subnet("10.0.1.0/24", az="az-a", name="a")
    b = vpc.add_subnet("10.0.2.0/24", az="az-b", name="b")
    return vpc, a, b, db_subnet_group(vpc, [a, b])


def _db():
    return place_db_instance(_vpc_group()[3], name="db")


def _other_vpc_subnet():
    from awsbasics.network import VPC

    other = VPC("10.1.0.0/16", name="other")
    return other.add_subnet("10.1.1.0/24", az="az-c", name="c")


CAP = dynamodb_capacity(1, reads_per_second=1)

CASES = [
    # dynamodb_capacity
    ("size str", lambda: dynamodb_capacity("4"), TypeError, r"item_size_kb must be a number, not str"),
    ("size non-ascii digit", lambda: dynamodb_capacity(ARABIC_FIVE), TypeError, r"must be a number, not str"),
    ("size bool", lambda: dynamodb_capacity(True), TypeError, r"must be a number, not bool"),
    (
        "size 0",
        lambda: dynamodb_capacity(0),
        DynamoDbCapacityError,
        r"item_size_kb=0: .* larger than 0 and at most 400 KB",
    ),
    ("size negative", lambda: dynamodb_capacity(-1), DynamoDbCapacityError, r"item_size_kb=-1"),
    ("size nan", lambda: dynamodb_capacity(NAN), DynamoDbCapacityError, r"item_size_kb=nan"),
    ("size inf", lambda: dynamodb_capacity(INF), DynamoDbCapacityError, r"item_size_kb=inf"),
    ("size 401", lambda: dynamodb_capacity(401), DynamoDbCapacityError, r"at most 400 KB"),
    ("size 10**30", lambda: dynamodb_capacity(10**30), DynamoDbCapacityError, r"at most 400 KB"),
    (
        "size 10**400",
        lambda: dynamodb_capacity(10**400),
        DynamoDbCapacityError,
        r"item_size_kb is an integer of 1,329 bits: far beyond",
    ),
    (
        "reads 10**5000",
        lambda: dynamodb_capacity(1, reads_per_second=10**5000),
        DynamoDbCapacityError,
        r"reads_per_second is an integer of",
    ),
    (
        "lag 10**400",
        lambda: fail(deployment(), mean_replica_lag_s=10**400),
        RdsConfigError,
        r"mean_replica_lag_s is an integer",
    ),
    (
        "utilisation 10**400",
        lambda: capacity_cost(CAP, utilisation=10**400),
        DynamoDbCapacityError,
        r"utilisation is an integer",
    ),
    (
        "reads negative",
        lambda: dynamodb_capacity(1, reads_per_second=-1),
        DynamoDbCapacityError,
        r"reads_per_second=-1: a request rate is a finite number",
    ),
    ("reads inf", lambda: dynamodb_capacity(1, reads_per_second=INF), DynamoDbCapacityError, r"reads_per_second=inf"),
    (
        "writes nan",
        lambda: dynamodb_capacity(1, writes_per_second=NAN),
        DynamoDbCapacityError,
        r"writes_per_second=nan",
    ),
    (
        "writes 1e300",
        lambda: dynamodb_capacity(1, writes_per_second=1e300),
        DynamoDbCapacityError,
        r"writes_per_second=1e\+300",
    ),
    (
        "writes list",
        lambda: dynamodb_capacity(1, writes_per_second=[1]),
        TypeError,
        r"writes_per_second must be a number",
    ),
    (
        "consistency unknown",
        lambda: dynamodb_capacity(1, read_consistency="STRONG"),
        DynamoDbCapacityError,
        r"read_consistency='STRONG': DynamoDB reads are 'eventual', 'strong', 'transactional'",
    ),
    (
        "consistency huge",
        lambda: dynamodb_capacity(1, read_consistency=HUGE_TEXT),
        DynamoDbCapacityError,
        r"read_consistency='x{40}': ",
    ),
    (
        "consistency empty",
        lambda: dynamodb_capacity(1, read_consistency=""),
        DynamoDbCapacityError,
        r"read_consistency=''",
    ),
    (
        "consistency None",
        lambda: dynamodb_capacity(1, read_consistency=None),
        TypeError,
        r"read_consistency must be str",
    ),
    (
        "transactional int",
        lambda: dynamodb_capacity(1, transactional_writes=1),
        TypeError,
        r"transactional_writes must be True or False, not int",
    ),
    ("before 0", lambda: dynamodb_capacity(1, item_size_before_kb=0), DynamoDbCapacityError, r"item_size_before_kb=0"),
    (
        "before str",
        lambda: dynamodb_capacity(1, item_size_before_kb="1"),
        TypeError,
        r"item_size_before_kb must be a number",
    ),
    # batch_capacity
    ("batch not a list", lambda: batch_capacity("1,2"), TypeError, r"item_sizes_kb must be a list or tuple"),
    ("batch generator", lambda: batch_capacity(x for x in [1]), TypeError, r"must be a list or tuple"),
    ("batch item nan", lambda: batch_capacity([1, NAN]), DynamoDbCapacityError, r"item_sizes_kb\[1\]=nan"),
    ("batch item str", lambda: batch_capacity([1, "2"]), TypeError, r"item_sizes_kb\[1\] must be a number"),
    ("batch empty", lambda: batch_capacity([]), DynamoDbCapacityError, r"0 items: one BatchGetItem takes 1 to 100"),
    ("batch op", lambda: batch_capacity([1], operation=HUGE_TEXT), DynamoDbCapacityError, r"operation='x{40}'"),
    ("batch op kind", lambda: batch_capacity([1], operation=1), TypeError, r"operation must be str"),
    ("batch consistency", lambda: batch_capacity([1], read_consistency="weak"), DynamoDbCapacityError, r"'weak'"),
    # capacity_cost and its curve
    ("cost kind", lambda: capacity_cost({"rcu": 1}), TypeError, r"capacity must come from dynamodb_capacity\(\)"),
    ("cost utilisation str", lambda: capacity_cost(CAP, utilisation="0.5"), TypeError, r"utilisation must be a number"),
    ("cost utilisation inf", lambda: capacity_cost(CAP, utilisation=INF), DynamoDbCapacityError, r"utilisation=inf"),
    ("cost utilisation 0", lambda: capacity_cost(CAP, utilisation=0), DynamoDbCapacityError, r"utilisation=0"),
    (
        "curve steps 1",
        lambda: capacity_cost(CAP).curve(1),
        DynamoDbCapacityError,
        r"steps=1: draw the curve with 2 to 1,000",
    ),
    ("curve steps float", lambda: capacity_cost(CAP).curve(2.5), TypeError, r"steps must be int"),
    # simulate_throttling
    (
        "throttle provisioned 0",
        lambda: simulate_throttling(provisioned_units=0, base_units=1, burst_units=1),
        DynamoDbCapacityError,
        r"provisioned_units=0: a provisioned table has at least 1 unit",
    ),
    (
        "throttle provisioned float",
        lambda: simulate_throttling(provisioned_units=1.5, base_units=1, burst_units=1),
        TypeError,
        r"provisioned_units must be int",
    ),
    (
        "throttle base nan",
        lambda: simulate_throttling(provisioned_units=1, base_units=NAN, burst_units=1),
        DynamoDbCapacityError,
        r"base_units=nan",
    ),
    (
        "throttle burst negative",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=-5),
        DynamoDbCapacityError,
        r"burst_units=-5",
    ),
    (
        "throttle seed negative",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=1, seed=-1),
        DynamoDbCapacityError,
        r"seed=-1: a seed is a non-negative int",
    ),
    (
        "throttle seed str",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=1, seed="1"),
        TypeError,
        r"seed must be int",
    ),
    (
        "throttle burst outside",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=1, burst_start_s=1800),
        DynamoDbCapacityError,
        r"burst_start_s=1800, burst_length_s=600: the burst must lie inside the 1800 simulated seconds",
    ),
    # deployment and fail
    ("deployment kind", lambda: deployment(HUGE_TEXT), RdsConfigError, r"kind='x{40}': a deployment is one of"),
    ("deployment kind None", lambda: deployment(None), TypeError, r"kind must be str"),
    ("deployment engine", lambda: deployment(engine="mysql"), RdsConfigError, r"engine='mysql': RDS engines are"),
    (
        "deployment replicas negative",
        lambda: deployment(read_replicas=-1),
        RdsConfigError,
        r"read_replicas=-1: RDS for MySQL allows 0 to 15",
    ),
    (
        "deployment replicas huge",
        lambda: deployment(read_replicas=10**18),
        RdsConfigError,
        r"read_replicas=1000000000000000000",
    ),
    ("deployment replicas float", lambda: deployment(read_replicas=2.0), TypeError, r"read_replicas must be int"),
    ("fail kind", lambda: fail("multi-az"), TypeError, r"deployment must come from deployment\(\)"),
    ("fail failure", lambda: fail(deployment(), ""), RdsConfigError, r"failure='': fail one of"),
    ("fail seed", lambda: fail(deployment(), seed=-3), RdsConfigError, r"seed=-3"),
    ("fail seed bool", lambda: fail(deployment(), seed=True), TypeError, r"seed must be int"),
    ("fail lag nan", lambda: fail(deployment(), mean_replica_lag_s=NAN), RdsConfigError, r"mean_replica_lag_s=nan"),
    ("fail az kind", lambda: fail(deployment(), "az", az=1), TypeError, r"az must be str"),
    (
        "fail replica unknown",
        lambda: fail(deployment(read_replicas=1), "replica", replica="replica-9"),
        RdsConfigError,
        r"replica='replica-9': the replicas are replica-1",
    ),
    # backups
    (
        "retention default source",
        lambda: default_retention_days("cli"),
        RdsConfigError,
        r"created_with='cli': a DB instance is created with 'console' or 'api'",
    ),
    ("retention default kind", lambda: default_retention_days(7), TypeError, r"created_with must be str"),
    ("retention 36", lambda: recovery_window(36), RdsConfigError, r"retention_days=36"),
    ("retention negative", lambda: recovery_window(-1), RdsConfigError, r"retention_days=-1"),
    ("retention float", lambda: recovery_window(7.0), TypeError, r"retention_days must be int"),
    (
        "snapshots not a list",
        lambda: recovery_window(7, snapshot_days_ago=3),
        TypeError,
        r"snapshot_days_ago must be a list",
    ),
    (
        "snapshot in future",
        lambda: recovery_window(7, snapshot_days_ago=(-1,)),
        RdsConfigError,
        r"snapshot_days_ago\[0\]=-1",
    ),
    (
        "snapshot nan",
        lambda: recovery_window(7, snapshot_days_ago=(NAN,)),
        RdsConfigError,
        r"snapshot_days_ago\[0\]=nan",
    ),
    ("can_restore negative", lambda: recovery_window(7).can_restore(-2), RdsConfigError, r"days_ago=-2"),
    ("can_restore str", lambda: recovery_window(7).can_restore("2"), TypeError, r"days_ago must be a number"),
    # Aurora
    (
        "quorum az unknown",
        lambda: storage_quorum(failed_azs=("us-east-1a",)),
        AuroraQuorumError,
        r"'us-east-1a' is not one of",
    ),
    (
        "quorum node kind",
        lambda: storage_quorum(failed_nodes=(1,)),
        TypeError,
        r"failed_nodes holds names \(str\), not int",
    ),
    (
        "quorum node huge name",
        lambda: storage_quorum(failed_nodes=(HUGE_TEXT,)),
        AuroraQuorumError,
        r"'x{40}' is not one of",
    ),
    ("quorum dict", lambda: storage_quorum(failed_azs={"az-a": 1}), TypeError, r"failed_azs must be a list or tuple"),
    # catalog
    ("who task", lambda: responsibilities().who("coffee", "rds"), RdsConfigError, r"task='coffee'"),
    ("who model kind", lambda: responsibilities().who("backups", 3), TypeError, r"model must be str"),
    ("query who", lambda: responsibilities().query(who="aws"), RdsConfigError, r"who='aws': one of 'you', 'AWS'"),
    ("query model huge", lambda: responsibilities().query(model=HUGE_TEXT), RdsConfigError, r"model='x{40}'"),
    # placement
    ("group vpc kind", lambda: db_subnet_group("vpc-1", []), TypeError, r"vpc must be a VPC, not str"),
    (
        "group subnets kind",
        lambda: db_subnet_group(_vpc_group()[0], "a,b"),
        TypeError,
        r"subnets must be a list or tuple",
    ),
    (
        "group empty",
        lambda: db_subnet_group(_vpc_group()[0], []),
        DbSubnetGroupError,
        r"0 subnets: this library models a DB subnet group of 1 to",
    ),
    (
        "group foreign subnet",
        lambda: db_subnet_group(_vpc_group()[0], [_other_vpc_subnet()]),
        DbSubnetGroupError,
        r"subnet c is not in VPC hostile",
    ),
    (
        "group duplicate",
        lambda: (lambda v: db_subnet_group(v[0], [v[1], v[1], v[2]]))(_vpc_group()),
        DbSubnetGroupError,
        r"the same subnet is listed twice",
    ),
    (
        "group one az",
        lambda: (lambda v: db_subnet_group(v[0], [v[1]]))(_vpc_group()),
        DbSubnetGroupError,
        r"subnets only in az-a: a DB subnet group needs subnets in at least 2",
    ),
    (
        "group name empty",
        lambda: (lambda v: db_subnet_group(v[0], [v[1], v[2]], name=""))(_vpc_group()),
        DbSubnetGroupError,
        r"name of 0 characters",
    ),
    (
        "group name huge",
        lambda: (lambda v: db_subnet_group(v[0], [v[1], v[2]], name=HUGE_TEXT))(_vpc_group()),
        DbSubnetGroupError,
        r"name of 1,000,000 characters",
    ),
    ("group subnet kind", lambda: db_subnet_group(_vpc_group()[0], ["a"]), TypeError, r"subnets holds Subnets"),
    (
        "place kind",
        lambda: place_db_instance("group", name="db"),
        TypeError,
        r"subnet_group must come from db_subnet_group",
    ),
    ("place port 0", lambda: place_db_instance(_vpc_group()[3], name="db", port=0), DbSubnetGroupError, r"port=0"),
    (
        "place port huge",
        lambda: place_db_instance(_vpc_group()[3], name="db", port=10**9),
        DbSubnetGroupError,
        r"port=1000000000",
    ),
    ("place name kind", lambda: place_db_instance(_vpc_group()[3], name=5), TypeError, r"name must be str"),
    ("place az", lambda: place_db_instance(_vpc_group()[3], name="db", az="az-z"), DbSubnetGroupError, r"az='az-z'"),
    ("access kind", lambda: db_access("db", sources=["internet"]), TypeError, r"db must come from place_db_instance"),
    (
        "access sources kind",
        lambda: db_access(_db(), sources="internet"),
        TypeError,
        r"sources must be a list or tuple",
    ),
    ("access empty", lambda: db_access(_db(), sources=[]), DbSubnetGroupError, r"0 sources: check 1 to"),
]


CASES += [
    # place_db_instance: the options a template writes
    (
        "place engine unknown",
        lambda: place_db_instance(_vpc_group()[3], name="db", engine="aurora-mysql"),
        RdsConfigError,
        r"engine='aurora-mysql': RDS engines are",
    ),
    (
        "place engine int",
        lambda: place_db_instance(_vpc_group()[3], name="db", engine=5),
        TypeError,
        r"engine must be str",
    ),
    (
        "place engine huge",
        lambda: place_db_instance(_vpc_group()[3], name="db", engine=HUGE_TEXT),
        RdsConfigError,
        r"engine='x{40}'",
    ),
    (
        "place class malformed",
        lambda: place_db_instance(_vpc_group()[3], name="db", instance_class="db..micro"),
        RdsConfigError,
        r"db.<family>.<size>",
    ),
    (
        "place class huge",
        lambda: place_db_instance(_vpc_group()[3], name="db", instance_class="db.t4g." + HUGE_TEXT),
        RdsConfigError,
        r"db.<family>.<size>",
    ),
    (
        "place class none",
        lambda: place_db_instance(_vpc_group()[3], name="db", instance_class=None),
        TypeError,
        r"instance_class must be str",
    ),
    (
        "place multi_az int",
        lambda: place_db_instance(_vpc_group()[3], name="db", multi_az=1),
        TypeError,
        r"multi_az must be True or False",
    ),
    (
        "place storage nan",
        lambda: place_db_instance(_vpc_group()[3], name="db", allocated_storage_gib=NAN),
        TypeError,
        r"allocated_storage_gib must be int",
    ),
    (
        "place storage huge",
        lambda: place_db_instance(_vpc_group()[3], name="db", allocated_storage_gib=10**400),
        RdsConfigError,
        r"20 to 65,536 GiB",
    ),
    (
        "place storage non-ascii",
        lambda: place_db_instance(_vpc_group()[3], name="db", allocated_storage_gib=ARABIC_FIVE),
        TypeError,
        r"allocated_storage_gib must be int",
    ),
    (
        "place user long",
        lambda: place_db_instance(_vpc_group()[3], name="db", master_username="a" * 17),
        RdsConfigError,
        r"for mysql it is 1 to 16",
    ),
    (
        "place user empty",
        lambda: place_db_instance(_vpc_group()[3], name="db", master_username=""),
        RdsConfigError,
        r"master_username=''",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_the_rule(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_purpose_built_takes_no_input():
    with pytest.raises(TypeError):
        purpose_built("all")  # type: ignore[call-arg]


# --- sizes that drive allocation or loops: refused quickly in a memory-limited child ---------------

_TIMEOUT_S = 2


SIZES = [
    (
        "batch 10**6 items",
        lambda: batch_capacity([1] * 10**6),
        DynamoDbCapacityError,
        r"1,000,000 items: one BatchGetItem takes 1 to 100",
    ),
    (
        "batch write 10**6 items",
        lambda: batch_capacity([1] * 10**6, operation="write"),
        DynamoDbCapacityError,
        r"1,000,000 items: one BatchWriteItem takes 1 to 25",
    ),
    (
        "throttling 10**9 seconds",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=1, seconds=10**9),
        DynamoDbCapacityError,
        r"seconds=1000000000: simulate 1 to 86,400 seconds",
    ),
    (
        "throttling 10**30 seconds",
        lambda: simulate_throttling(provisioned_units=1, base_units=1, burst_units=1, seconds=10**30),
        DynamoDbCapacityError,
        r"seconds=10{30}: simulate 1 to 86,400",
    ),
    (
        "throttling 10**30 units",
        lambda: simulate_throttling(provisioned_units=10**30, base_units=1, burst_units=1),
        DynamoDbCapacityError,
        r"provisioned_units=10{30}",
    ),
    ("curve 10**9 steps", lambda: capacity_cost(CAP).curve(10**9), DynamoDbCapacityError, r"steps=1000000000"),
    ("replicas 10**12", lambda: deployment(read_replicas=10**12), RdsConfigError, r"read_replicas=1000000000000"),
    (
        "snapshots 10**6",
        lambda: recovery_window(7, snapshot_days_ago=[1] * 10**6),
        RdsConfigError,
        r"1,000,000 manual snapshots: RDS allows 100 per Region",
    ),
    (
        "failed nodes 10**6",
        lambda: storage_quorum(failed_nodes=["a1"] * 10**6),
        AuroraQuorumError,
        r"failed_nodes: 1,000,000 names, but there are only 6",
    ),
    (
        "subnets 10**6",
        lambda: db_subnet_group(_vpc_group()[0], [None] * 10**6),
        DbSubnetGroupError,
        r"1,000,000 subnets: this library models a DB subnet group of 1 to 200",
    ),
    (
        "sources 10**6",
        lambda: db_access(_db(), sources=["internet"] * 10**6),
        DbSubnetGroupError,
        r"1,000,000 sources: check 1 to 200",
    ),
    (
        "largest throttling run",
        lambda: (
            simulate_throttling(
                provisioned_units=10, base_units=5, burst_units=40, burst_start_s=0, seconds=86_400
            ).seconds
        ),
        None,
        r"^86400$",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in SIZES], ids=[c[0] for c in SIZES])
def test_hostile_size_is_refused_quickly(call, error, message):
    kind, text = run_limited(call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    assert kind == ("returned" if error is None else error.__name__), text
    assert re.search(message, text), text


def test_widget_factories_refuse_bad_starting_values():
    pytest.importorskip("ipywidgets")
    from awsbasics.widgets import failover_simulator, quorum_simulator

    with pytest.raises(RdsConfigError, match=r"kind='nope'"):
        failover_simulator(kind="nope")
    with pytest.raises(RdsConfigError, match=r"failure='disk'"):
        failover_simulator(failure="disk")
    with pytest.raises(TypeError, match=r"seed must be int"):
        failover_simulator(seed="0")
    with pytest.raises(AuroraQuorumError, match=r"'az-q' is not one of"):
        quorum_simulator(failed_azs=("az-q",))
    with pytest.raises(TypeError, match=r"failed_nodes must be a list or tuple"):
        quorum_simulator(failed_nodes="a1")
