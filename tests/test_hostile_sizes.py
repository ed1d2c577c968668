"""Hostile sizes get a rule error quickly, never a hang, a memory blow-up or a raw exception.

Each call runs in a child forked from the test process, with an address-space limit of
~1 GiB above what the process already maps (set in the child before the call) and a
2-second join timeout in the parent.
"""

import re

import pytest
from _hostile import run_limited

from awsbasics.errors import CapacityError, CidrError, LifecycleError, VpcError
from awsbasics.infra import az_failure, instances_for_static_stability, spread
from awsbasics.network.cidr import find_overlaps, format_address
from awsbasics.network.security import NetworkAcl
from awsbasics.network.vpc import VPC
from awsbasics.storage.ebs import Volume
from awsbasics.storage.lifecycle import Lifecycle, lifecycle_cost, random_inventory, simulate_inventory

_TIMEOUT_S = 2


def _acl() -> NetworkAcl:
    return VPC("10.0.0.0/16").add_network_acl("hostile")


def _cost(**kwargs):
    args = {"size_gb": 10, "object_count": 10, "months": 12, **kwargs}
    lifecycle = args.pop("lifecycle", Lifecycle(transitions=(("GLACIER", 90),)))
    return lifecycle_cost(lifecycle, **args)


CASES = [
    (
        "acl evaluate 'in'",
        lambda: _acl().evaluate("in", protocol="tcp", ports=80, address="192.0.2.1"),
        VpcError,
        r"direction 'in' must be 'inbound' or 'outbound'",
    ),
    (
        "acl reply ports 'in'",
        lambda: _acl().reply_port_coverage("in", address="192.0.2.1"),
        VpcError,
        r"direction 'in' must be 'inbound' or 'outbound'",
    ),
    ("acl entries 'out'", lambda: _acl().entries("out"), VpcError, r"direction 'out' must be 'inbound' or 'outbound'"),
    ("acl direction kind", lambda: _acl().entries(None), TypeError, r"direction must be str"),
    ("static stability 10**30", lambda: instances_for_static_stability(10**30, 3), None, r"^15{1}0{29}$"),
    (
        "az_failure 10**9 AZs",
        lambda: az_failure(1, 10**9),
        CapacityError,
        r"azs=1000000000: no Region has more than 6 Availability Zones",
    ),
    (
        "az_failure 10**9 AZs in Seoul",
        lambda: az_failure(1, 10**9, region="ap-northeast-2"),
        CapacityError,
        r"azs=1000000000: Asia Pacific \(Seoul\) \(ap-northeast-2\) has only 4",
    ),
    ("spread 10**9 AZs", lambda: spread(1, 10**9), CapacityError, r"azs=1000000000: no Region has more than 6"),
    (
        "lifecycle expiration 10**9",
        lambda: _cost(lifecycle=Lifecycle(expiration_days=10**9)),
        LifecycleError,
        r"expiration_days at day 1,000,000,000: this library prices rules of at most 36,500 days",
    ),
    (
        "lifecycle transition 10**9",
        lambda: _cost(lifecycle=Lifecycle(transitions=(("GLACIER", 10**9),))),
        LifecycleError,
        r"the GLACIER transition at day 1,000,000,000: .* at most 36,500 days",
    ),
    (
        "lifecycle months 10**6",
        lambda: _cost(months=10**6),
        LifecycleError,
        r"months=1000000: simulate 1 to 1,200 months",
    ),
    (
        "lifecycle months 10**30",
        lambda: _cost(months=10**30),
        LifecycleError,
        r"months=10{30}: simulate 1 to 1,200 months",
    ),
    (
        "inventory months 10**6",
        lambda: simulate_inventory(random_inventory(10, seed=1), Lifecycle(), months=10**6),
        LifecycleError,
        r"months=1000000: simulate 1 to 1,200 months",
    ),
    (
        "inventory expiration 10**9",
        lambda: simulate_inventory(random_inventory(10, seed=1), Lifecycle(expiration_days=10**9), months=1),
        LifecycleError,
        r"at most 36,500 days",
    ),
    (
        "overlaps 10**5 x /0",
        lambda: find_overlaps(["0.0.0.0/0"] * 10**5),
        CidrError,
        r"100,000 blocks give 4,999,950,000 overlapping pairs; this library lists at most 1,000,000",
    ),
    (
        "gp2 demand 10**400",
        lambda: Volume("gp2", 100).burst_seconds(10**400),
        CapacityError,
        r"demand_iops=\(an int of 1,329 bits\): a demand is a finite number of IOPS",
    ),
    (
        "gp2 demand inf",
        lambda: Volume("gp2", 100).burst_seconds(float("inf")),
        CapacityError,
        r"demand_iops=inf: a demand is a finite number",
    ),
    (
        "format_address(-1)",
        lambda: format_address(-1),
        CidrError,
        r"address -1: an IPv4 address is an integer from 0 to 4294967295",
    ),
    ("format_address(2**32)", lambda: format_address(2**32), CidrError, r"address 4294967296: an IPv4 address"),
    ("format_address('1')", lambda: format_address("1"), TypeError, r"an address must be int"),
]


@pytest.mark.parametrize(("call", "error", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_hostile_size_is_refused_quickly(call, error, message):
    kind, text = run_limited(call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    assert kind == ("returned" if error is None else error.__name__), text
    assert re.search(message, text), text


def test_ordinary_values_keep_their_results():
    assert instances_for_static_stability(10**30, 3) == 15 * 10**29
    assert [
        instances_for_static_stability(r, a, failures=f)
        for r, a, f in [(6, 3, 1), (6, 2, 1), (5, 3, 1), (6, 6, 1), (10, 3, 2), (0, 3, 1), (7, 4, 1), (100, 6, 2)]
    ] == [9, 12, 8, 8, 30, 0, 10, 150]
    assert spread(10, 6) == (2, 2, 2, 2, 1, 1)
    assert az_failure(12, 4, region="ap-northeast-2").surviving == 9
    assert format_address(0) == "0.0.0.0" and format_address(2**32 - 1) == "255.255.255.255"
    assert find_overlaps(["10.0.0.0/16", "10.1.0.0/16", "10.0.128.0/17", "10.0.0.0/8"]) == [
        (0, 2),
        (0, 3),
        (1, 3),
        (2, 3),
    ]
    assert len(find_overlaps(["0.0.0.0/0"] * 100)) == 4950
    assert Volume("gp2", 100).burst_seconds(10**9) == 2000.0  # above the maximum it bursts at the maximum
    assert Volume("gp2", 100).burst_seconds(1300) == 5400.0
    rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=3650)
    assert lifecycle_cost(rule, size_gb=1000, object_count=100_000, months=120).total_usd == pytest.approx(
        476.5384704589843, rel=1e-12
    )
    # The sample holds a few INTELLIGENT_TIERING objects, priced at their access tiers (unread since written).
    assert simulate_inventory(random_inventory(200, seed=3), rule, months=24).total_usd == pytest.approx(
        0.09795536971778421, rel=1e-12
    )
    acl = VPC("10.0.0.0/16").add_network_acl("ordinary")
    acl.allow(100, direction="outbound", ports=(1024, 65535))
    assert all(row["allowed"] for row in acl.reply_port_coverage("outbound", address="192.0.2.1"))


def test_largest_horizon_still_runs():
    limit = _cost(months=1200, lifecycle=Lifecycle(expiration_days=36_500))
    assert limit.months == 1200
