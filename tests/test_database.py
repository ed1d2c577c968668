"""Chapter 04 engines: DynamoDB capacity and cost, RDS backups and failover, Aurora quorum, DB placement.

Expected values are worked out by hand from the AWS pages cited beside them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from awsbasics.database import (
    BURST_SECONDS,
    ENGINES,
    batch_capacity,
    capacity_cost,
    default_retention_days,
    deployment,
    dynamodb_capacity,
    fail,
    purpose_built,
    recovery_window,
    responsibilities,
    simulate_throttling,
    storage_quorum,
)
from awsbasics.errors import AuroraQuorumError, DbSubnetGroupError, DynamoDbCapacityError, RdsConfigError, VpcError

# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html:
# reads round up to 4 KB (eventual 0.5 / strong 1 / transactional 2 units), writes round up to 1 KB
# (standard 1 / transactional 2), UpdateItem pays for the larger of the sizes before and after.
CAPACITY_CASES = [
    # (item KB, options, rcu, wcu, provisioned rcu, provisioned wcu)
    (6, {"reads_per_second": 10, "read_consistency": "strong"}, 20, 0, 20, 0),  # issue: 8 KB -> 2 units x 10
    (1.5, {"writes_per_second": 100}, 0, 200, 0, 200),  # issue: 2 KB -> 2 units x 100
    (6, {"reads_per_second": 10}, 10, 0, 10, 0),  # issue: 2 blocks x 0.5 x 10
    (2, {"reads_per_second": 1}, 0.5, 0, 1, 0),  # half a unit consumed, one whole unit provisioned
    (6, {"reads_per_second": 75}, 75, 0, 75, 0),
    (3, {"reads_per_second": 75}, 37.5, 0, 38, 0),
    (3.5, {"reads_per_second": 1, "read_consistency": "strong"}, 1, 0, 1, 0),  # the page's 3,500-byte example
    (8, {"reads_per_second": 1, "read_consistency": "transactional"}, 4, 0, 4, 0),  # pricing page: 8 KB -> 4
    (10, {"reads_per_second": 1, "read_consistency": "strong"}, 3, 0, 3, 0),  # 10 KB rounds to 12 KB
    (3, {"writes_per_second": 1, "transactional_writes": True}, 0, 6, 0, 6),  # pricing page: 3 KB -> 6 WCU
    (1, {"writes_per_second": 1}, 0, 1, 0, 1),
    (0.5, {"writes_per_second": 10, "item_size_before_kb": 3.2}, 0, 40, 0, 40),  # before is larger: 4 KB
    (3.2, {"writes_per_second": 10, "item_size_before_kb": 0.5}, 0, 40, 0, 40),  # after is larger
    (4, {"reads_per_second": 3, "writes_per_second": 2.5}, 1.5, 10, 2, 10),
]


@pytest.mark.parametrize(("size", "options", "rcu", "wcu", "p_rcu", "p_wcu"), CAPACITY_CASES)
def test_capacity_units_follow_the_documented_rounding(size, options, rcu, wcu, p_rcu, p_wcu):
    c = dynamodb_capacity(size, **options)
    assert (c.rcu, c.wcu, c.provisioned_rcu, c.provisioned_wcu) == (rcu, wcu, p_rcu, p_wcu)
    assert isinstance(c.provisioned_rcu, int) and isinstance(c.provisioned_wcu, int)


def test_capacity_matches_a_loop_over_single_requests():
    rng = np.random.default_rng(4)
    for _ in range(200):
        size = float(rng.uniform(0.01, 400))
        reads, writes = int(rng.integers(0, 50)), int(rng.integers(0, 50))
        consistency = ["eventual", "strong", "transactional"][int(rng.integers(0, 3))]
        c = dynamodb_capacity(size, reads_per_second=reads, writes_per_second=writes, read_consistency=consistency)
        per_read = math.ceil(size / 4) * {"eventual": 0.5, "strong": 1, "transactional": 2}[consistency]
        total = 0.0
        for _ in range(reads):
            total += per_read
        assert c.rcu == pytest.approx(total)
        assert c.wcu == writes * math.ceil(size)


def test_capacity_text_and_rows():
    c = dynamodb_capacity(3, reads_per_second=75)
    assert "37.5 RCU and 0 WCU consumed per second: provision 38 RCU and 0 WCU" in c.text()
    assert ("rcu_to_provision", 38) in c.rows()


def test_batch_rounds_each_item_on_its_own():
    # The page's example: BatchGetItem of 1.5 KB and 6.5 KB counts 4 KB + 8 KB = 12 KB, not 8 KB.
    batch = batch_capacity([1.5, 6.5], read_consistency="strong")
    assert batch.units == 3 and batch.units_if_summed_first == 2
    assert batch_capacity([1.5, 6.5]).units == 1.5
    assert batch_capacity([0.2, 0.2, 0.2], operation="write").units == 3
    assert "summing the sizes first would say 2" in batch.verdict


@pytest.mark.parametrize(
    ("sizes", "operation", "pattern"),
    [
        ([], "get", r"0 items: one BatchGetItem takes 1 to 100 items"),
        ([1] * 101, "get", r"101 items: one BatchGetItem takes 1 to 100"),
        ([1] * 26, "write", r"26 items: one BatchWriteItem takes 1 to 25"),
        ([1, 401], "get", r"item_sizes_kb\[1\]=401: .* at most 400 KB"),
        ([1], "scan", r"operation='scan'"),
    ],
)
def test_batch_errors(sizes, operation, pattern):
    with pytest.raises(DynamoDbCapacityError, match=pattern):
        batch_capacity(sizes, operation=operation)


def test_cost_break_even_and_cheaper_mode():
    # On-demand: USD 0.125 / million read units -> 1 unit/s for an hour = 3600 x 0.125e-6 = 0.00045 USD;
    # provisioned RCU-hour 0.00013 -> break-even utilisation 0.00013 / 0.00045 = 28.9% (writes: 0.00065/0.00225).
    c = dynamodb_capacity(1, reads_per_second=1000, writes_per_second=100)
    cost = capacity_cost(c, utilisation=0.5)
    assert cost.break_even_utilisation == pytest.approx(0.00013 / 0.00045)
    assert (cost.provisioned_rcu, cost.provisioned_wcu) == (1000, 200)  # eventual reads: 500 consumed
    assert cost.provisioned_usd == pytest.approx(round((1000 * 0.00013 + 200 * 0.00065) * 730, 2))
    assert cost.on_demand_usd == pytest.approx(round((500 * 0.125 + 100 * 0.625) / 1e6 * 3600 * 730, 2))
    assert cost.cheaper == "provisioned"
    assert capacity_cost(c, utilisation=0.2).cheaper == "on-demand"
    curve = cost.curve(3)
    assert [row[0] for row in curve] == [5.0, 50.0, 95.0] and curve[1][1] == cost.provisioned_usd


@pytest.mark.parametrize("utilisation", [0, 1.5, -0.1, float("nan")])
def test_cost_rejects_impossible_utilisation(utilisation):
    with pytest.raises(DynamoDbCapacityError, match=r"utilisation=.*above 0 and at most 1"):
        capacity_cost(dynamodb_capacity(1, reads_per_second=1), utilisation=utilisation)


def _bucket_oracle(demand, provisioned):
    cap, bucket, served = BURST_SECONDS * provisioned, BURST_SECONDS * provisioned, []
    for wanted in demand:
        if wanted <= provisioned:
            served.append(wanted)
            bucket = min(cap, bucket + provisioned - wanted)
        else:
            extra = min(wanted - provisioned, bucket)
            served.append(provisioned + extra)
            bucket -= extra
    return served


def test_throttling_spends_saved_capacity_then_throttles():
    t = simulate_throttling(provisioned_units=100, base_units=50, burst_units=300, seed=1)
    assert t.served.tolist() == pytest.approx(_bucket_oracle(t.demand.tolist(), 100))
    # 30,000 saved units cover about 30,000 / 200 = 150 s of a 300-unit burst that starts at 600 s.
    assert 740 <= t.first_throttled_second <= 760
    assert t.throttled[:600].sum() == 0
    small = simulate_throttling(provisioned_units=100, base_units=50, burst_units=140, seed=1)  # 600 s x ~40 < 30,000
    assert small.first_throttled_second is None and "No throttling" in small.verdict


def test_throttling_is_deterministic_per_seed():
    a, b = (simulate_throttling(provisioned_units=10, base_units=5, burst_units=30, seed=9) for _ in range(2))
    assert np.array_equal(a.demand, b.demand) and np.array_equal(a.served, b.served)
    c = simulate_throttling(provisioned_units=10, base_units=5, burst_units=30, seed=10)
    assert not np.array_equal(a.demand, c.demand)


# --- RDS -----------------------------------------------------------------------------------------


def test_engines_and_replica_limits():
    # CreateDBInstanceReadReplica: 15 per DB instance, except Db2 (3), Oracle (5), SQL Server (5).
    assert ENGINES == {"Db2": 3, "MariaDB": 15, "MySQL": 15, "Oracle": 5, "PostgreSQL": 15, "SQL Server": 5}
    assert len(deployment("single-az", engine="PostgreSQL", read_replicas=15).replicas) == 15
    with pytest.raises(RdsConfigError, match=r"read_replicas=6: RDS for Oracle allows 0 to 5"):
        deployment("single-az", engine="Oracle", read_replicas=6)
    with pytest.raises(RdsConfigError, match=r"a Multi-AZ DB cluster runs MySQL or PostgreSQL only"):
        deployment("multi-az-cluster", engine="Oracle")


def test_deployment_layout():
    d = deployment("multi-az-instance", read_replicas=2)
    assert d.rows() == [
        ("primary-a", "primary", "az-a", "yes"),
        ("standby-b", "standby", "az-b", "no"),
        ("replica-1", "read replica", "az-b", "yes"),
        ("replica-2", "read replica", "az-c", "yes"),
    ]
    cluster = deployment("multi-az-cluster")
    assert [n.role for n in cluster.readable_nodes] == ["primary", "readable standby", "readable standby"]


# Concepts.MultiAZ.Failover: Multi-AZ DB instance failover typically 60-120 s;
# FailoverDBCluster: Multi-AZ DB cluster failover typically under 35 s.
FAILOVER_CASES = [
    ("multi-az-instance", "primary", {}, (60, 120), 0.0, "standby-b"),
    ("multi-az-instance", "az", {}, (60, 120), 0.0, "standby-b"),
    ("multi-az-instance", "az", {"az": "az-b"}, (0, 0), 0.0, "primary-a"),
    ("multi-az-cluster", "primary", {}, (0, 35), 0.0, "standby-b"),
    ("single-az", "primary", {}, None, 0.0, "down"),
    ("single-az", "az", {}, None, 300.0, "down"),  # no replica: PITR, up to ~5 minutes lost
]


@pytest.mark.parametrize(("kind", "failure", "options", "downtime", "lost", "writer"), FAILOVER_CASES)
def test_failover_outcomes(kind, failure, options, downtime, lost, writer):
    out = fail(deployment(kind), failure, **options)
    assert (out.downtime_s, out.data_lost_s, out.endpoints["writer"]) == (downtime, lost, writer)


def test_single_az_with_replicas_loses_the_lag_of_the_promoted_replica():
    out = fail(deployment("single-az", read_replicas=3), "az", seed=5)
    assert out.data_lost_s == min(out.replica_lag_s.values()) > 0
    assert out.downtime_s is None and "Promote" in out.recovery


def test_replica_failure_keeps_writes_and_the_other_replicas():
    out = fail(deployment("multi-az-cluster", read_replicas=2), "replica", replica="replica-2")
    assert out.writes_survive and out.endpoints == {
        "writer": "primary-a",
        "reader": "standby-b, standby-c",
        "replica-1": "replica-1",
        "replica-2": "down",
    }


def test_replica_lag_is_deterministic_per_seed():
    d = deployment(read_replicas=4)
    assert fail(d, seed=3).replica_lag_s == fail(d, seed=3).replica_lag_s != fail(d, seed=4).replica_lag_s


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: fail(deployment(), "replica"), r"has no read replicas to fail"),
        (lambda: fail(deployment(), "az", az="az-d"), r"az='az-d': this deployment spans az-a, az-b, az-c"),
        (lambda: fail(deployment(), "disk"), r"failure='disk'"),
        (lambda: deployment("multi-az"), r"kind='multi-az'"),
        (lambda: deployment(engine="Aurora"), r"engine='Aurora': RDS engines are Db2, MariaDB"),
    ],
)
def test_rds_rule_errors(call, pattern):
    with pytest.raises(RdsConfigError, match=pattern):
        call()


def test_backup_defaults_differ_between_console_and_api():
    # USER_WorkingWithAutomatedBackups.BackupRetention: 7 days in the console, 1 day via API/CLI, 0-35 days.
    assert (default_retention_days("console"), default_retention_days("api")) == (7, 1)
    assert recovery_window(created_with="api").retention_days == 1
    with pytest.raises(RdsConfigError, match=r"retention_days=36: automated backups are kept 0 to 35 days"):
        recovery_window(36)


def test_recovery_window_answers_restore_questions():
    window = recovery_window(7, snapshot_days_ago=(30,))
    assert window.can_restore(6.5)[0] and window.can_restore(30)[0]
    assert window.can_restore(0.001) == (False, "too recent: the latest restorable time is about 5 minutes ago")
    assert window.can_restore(10) == (
        False,
        "not restorable to 10 days ago: the window covers 7 days; the nearest older manual snapshot is 30 days ago",
    )
    off = recovery_window(0)
    assert not off.can_restore(1)[0] and "Automated backups are off" in off.verdict


# --- Aurora --------------------------------------------------------------------------------------


def test_aurora_quorum_done_when_items():
    # Aurora under the hood: 6 copies over 3 AZs, write quorum 4/6, read quorum 3/6.
    one_az = storage_quorum(failed_azs=("az-a",))
    assert (one_az.can_read, one_az.can_write) == (True, True)
    az_plus_one = storage_quorum(failed_azs=("az-a",), failed_nodes=("c2",))
    assert (az_plus_one.can_read, az_plus_one.can_write) == (True, False)
    assert az_plus_one.copies_to_rebuild_for_writes == 1
    assert "Writes resume once 1 copy is rebuilt" in az_plus_one.repair


def test_aurora_quorum_matches_counting_for_every_failure_set():
    names = ["a1", "a2", "b1", "b2", "c1", "c2"]
    for mask in range(64):
        failed = [n for i, n in enumerate(names) if mask >> i & 1]
        q = storage_quorum(failed_nodes=failed)
        alive = 6 - len(failed)
        assert (q.can_read, q.can_write) == (alive >= 3, alive >= 4), failed


def test_aurora_quorum_lost_reads_need_a_restore():
    q = storage_quorum(failed_azs=("az-a", "az-b"))
    assert not q.can_read and "restore the cluster from its continuous backup" in q.repair


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"failed_azs": ("az-d",)}, AuroraQuorumError, r"failed_azs: 'az-d' is not one of az-a, az-b, az-c"),
        ({"failed_nodes": ("d1",)}, AuroraQuorumError, r"failed_nodes: 'd1' is not one of a1, a2, b1"),
        ({"failed_nodes": "a1"}, TypeError, r"failed_nodes must be a list or tuple of names, not str"),
    ],
)
def test_aurora_errors(options, error, pattern):
    with pytest.raises(error, match=pattern):
        storage_quorum(**options)


# --- catalog and placement -----------------------------------------------------------------------


def test_responsibility_table_queries():
    table = responsibilities()
    assert table.who("server hardware", "on_premises") == "you"
    assert table.who("server hardware", "db_on_ec2") == "AWS"
    assert table.count("on_premises", "you") == 10
    assert table.count("rds", "you") == 3 and table.count("dynamodb", "you") == 2
    assert table.query(model="dynamodb", who="you").rows == (
        ("schema, queries, indexes", "you"),
        ("access control (users, security groups)", "you"),
    )
    with pytest.raises(RdsConfigError, match=r"model='lambda'"):
        table.who("backups", "lambda")


def test_purpose_built_map_places_elasticache_and_neptune():
    kinds = {service: kind for service, kind, *_ in purpose_built().rows}
    assert kinds["Amazon ElastiCache"] == "in-memory" and kinds["Amazon Neptune"] == "graph"
    assert "DMS Schema Conversion" in purpose_built().schema_conversion


def _vpc():
    from awsbasics.network import VPC

    vpc = VPC("10.0.0.0/16", name="shop")
    public = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="public-a")
    a = vpc.add_subnet("10.0.10.0/24", az="ap-northeast-2a", name="db-a")
    b = vpc.add_subnet("10.0.11.0/24", az="ap-northeast-2b", name="db-b")
    table = vpc.add_route_table("public")
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    table.associate(public)
    return vpc, public, a, b


def test_db_subnet_group_needs_two_azs():
    from awsbasics.database import db_subnet_group

    vpc, public, a, b = _vpc()
    assert db_subnet_group(vpc, [a, b]).azs == ("ap-northeast-2a", "ap-northeast-2b")
    with pytest.raises(DbSubnetGroupError, match=r"subnets only in ap-northeast-2a: .* at least 2 Availability Zones"):
        db_subnet_group(vpc, [a, public])
    assert "public-a is public" in db_subnet_group(vpc, [public, b]).verdict


def test_web_tier_reaches_the_database_and_the_internet_does_not():
    from awsbasics.database import db_access, db_subnet_group, place_db_instance

    vpc, public, a, b = _vpc()
    web_sg = vpc.add_security_group("web")
    web_sg.allow_inbound(443, source="0.0.0.0/0")
    db_sg = vpc.add_security_group("db")
    db_sg.allow_inbound(3306, source=web_sg)
    web = vpc.add_instance("web", public, security_groups=[web_sg], public_ip=True)
    vpc.add_instance("admin", public, public_ip=True)  # found by its name below
    db = place_db_instance(
        db_subnet_group(vpc, [a, b]), name="orders-db", security_groups=[db_sg], az="ap-northeast-2b"
    )
    assert db.az == "ap-northeast-2b"
    access = db_access(db, sources=[web, "admin", "internet"])
    assert access.rows() == [
        ("web", "yes", "ALLOWED"),
        ("admin", "no", "SG_INBOUND_DENIED"),
        ("internet", "no", "NO_PUBLIC_IP"),
    ]
    assert access.verdict == "orders-db (port 3306): reachable from web; not from admin, internet."
    with pytest.raises(VpcError, match=r"name 'orders-db' is taken"):
        place_db_instance(db.subnet_group, name="orders-db")
    with pytest.raises(DbSubnetGroupError, match=r"az='ap-northeast-2c': DB subnet group default-db has subnets in"):
        place_db_instance(db.subnet_group, name="other", az="ap-northeast-2c")
