"""Hostile input for every public function and constructor of awsbasics.ha.

Each row: a call that must raise an AwsRuleError subclass or TypeError whose message matches.
Inputs whose size drives allocation or loops run in a forked child with a 1 GiB address-space
limit and must finish within 2 s.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Sequence

import numpy as np
import pytest
from _hostile import limit_memory

from awsbasics.errors import AlarmError, AvailabilityError, AwsRuleError, FlowLogError, Route53Error, ScalingError
from awsbasics.ha import (
    Alarm,
    AutoScalingGroup,
    Component,
    DemandTrace,
    HealthCheck,
    Record,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    bank_demand,
    downtime,
    evaluate_per_datapoint,
    failover_time_s,
    flow_log_summary,
    multi_az,
    multi_region,
    parallel,
    predictive_forecast,
    read_flow_logs,
    rejected_ports,
    resolve,
    resolve_warmup,
    round_percent_change,
    series,
    simulate_failover,
    simulate_scaling,
    top_talkers,
)
from awsbasics.ha.alarm import MAX_DATAPOINTS

A = Alarm(50, evaluation_periods=3)
STEP = StepScalingPolicy("ChangeInCapacity", [(0, None, 1)], threshold=50)
DEMAND = bank_demand(days=1, seed=0)
GROUP = AutoScalingGroup(min_size=1, max_size=5, desired_capacity=1)
WEB = Component("web", 0.99)
REC = Record("www", "1.1.1.1")
HUGE = 10**400
BIG_TEXT = "x" * 100_000

CASES = [
    # Alarm
    ("alarm threshold str", lambda: Alarm("50", evaluation_periods=1), TypeError, "threshold must be a number"),
    ("alarm threshold arabic digit", lambda: Alarm("٥", evaluation_periods=1), TypeError, "threshold must be a number"),
    ("alarm threshold nan", lambda: Alarm(math.nan, evaluation_periods=1), AlarmError, "finite number"),
    ("alarm threshold inf", lambda: Alarm(math.inf, evaluation_periods=1), AlarmError, "finite number"),
    (
        "alarm threshold huge int",
        lambda: Alarm(HUGE, evaluation_periods=1),
        (AlarmError, OverflowError, TypeError),
        "finite|too large|int",
    ),
    ("alarm threshold bool", lambda: Alarm(True, evaluation_periods=1), TypeError, "threshold must be a number"),
    ("alarm comparison unknown", lambda: Alarm(1, "Bigger", evaluation_periods=1), AlarmError, "not one of"),
    ("alarm comparison huge", lambda: Alarm(1, BIG_TEXT, evaluation_periods=1), AlarmError, "not one of"),
    ("alarm comparison empty", lambda: Alarm(1, "", evaluation_periods=1), AlarmError, "not one of"),
    ("alarm comparison int", lambda: Alarm(1, 3, evaluation_periods=1), TypeError, "comparison must be str"),
    ("alarm period negative", lambda: Alarm(1, period=-60, evaluation_periods=1), AlarmError, "period=-60"),
    ("alarm period float", lambda: Alarm(1, period=60.0, evaluation_periods=1), TypeError, "period must be int"),
    ("alarm period huge", lambda: Alarm(1, period=HUGE * 60, evaluation_periods=1), AlarmError, "at most 604800"),
    ("alarm N negative", lambda: Alarm(1, evaluation_periods=-1), AlarmError, "at least 1 period"),
    ("alarm N huge", lambda: Alarm(1, evaluation_periods=10**9), AlarmError, "at most 86400"),
    ("alarm N str", lambda: Alarm(1, evaluation_periods="3"), TypeError, "evaluation_periods must be int"),
    ("alarm M zero", lambda: Alarm(1, evaluation_periods=3, datapoints_to_alarm=0), AlarmError, "M is between 1"),
    (
        "alarm treat unknown",
        lambda: Alarm(1, evaluation_periods=1, treat_missing_data="zero"),
        AlarmError,
        "treat_missing_data",
    ),
    ("alarm state unicode", lambda: Alarm(1, evaluation_periods=1, initial_state="경보"), AlarmError, "initial_state"),
    (
        "alarm range huge",
        lambda: Alarm(1, evaluation_periods=1, evaluation_range=10**9),
        AlarmError,
        "evaluation_range",
    ),
    ("evaluate str", lambda: A.evaluate("1,2,3"), TypeError, "sequence of numbers"),
    ("evaluate generator", lambda: A.evaluate(x for x in [1]), TypeError, "sequence of numbers"),
    ("evaluate strings", lambda: A.evaluate(["1", "2"]), TypeError, "numbers or None"),
    ("evaluate mixed", lambda: A.evaluate([1, "2"]), TypeError, "number"),
    ("evaluate bools", lambda: A.evaluate([True, None]), TypeError, "a number or None"),
    ("evaluate inf", lambda: A.evaluate([1.0, math.inf]), AlarmError, "infinite"),
    ("evaluate 2d", lambda: A.evaluate([[1, 2], [3, 4]]), TypeError, "one-dimensional"),
    ("evaluate complex", lambda: A.evaluate([1j]), TypeError, "numbers or None"),
    ("next_state bad state", lambda: A.next_state([1], "FINE"), AlarmError, "current_state"),
    ("next_state int state", lambda: A.next_state([1], 0), TypeError, "current_state must be str"),
    ("oracle not alarm", lambda: evaluate_per_datapoint("alarm", [1]), TypeError, "alarm must be an Alarm"),
    ("history str", lambda: A.history("abc"), TypeError, "sequence of numbers"),
    # policies
    (
        "step type unknown",
        lambda: StepScalingPolicy("Percent", [(0, None, 1)], threshold=1),
        ScalingError,
        "adjustment_type",
    ),
    ("step steps str", lambda: StepScalingPolicy("ChangeInCapacity", "0,,1", threshold=1), TypeError, "steps must be"),
    ("step empty", lambda: StepScalingPolicy("ChangeInCapacity", [], threshold=1), ScalingError, "between 1 and 20"),
    (
        "step too many",
        lambda: StepScalingPolicy("ChangeInCapacity", [(i, i + 1, 1) for i in range(10_000)], threshold=1),
        ScalingError,
        "between 1 and 20",
    ),
    ("step pair", lambda: StepScalingPolicy("ChangeInCapacity", [(0, 1)], threshold=1), TypeError, "triple"),
    (
        "step inf bound",
        lambda: StepScalingPolicy("ChangeInCapacity", [(0, math.inf, 1)], threshold=1),
        ScalingError,
        "use None",
    ),
    (
        "step nan bound",
        lambda: StepScalingPolicy("ChangeInCapacity", [(math.nan, None, 1)], threshold=1),
        ScalingError,
        "use None",
    ),
    (
        "step float amount",
        lambda: StepScalingPolicy("ChangeInCapacity", [(0, None, 1.5)], threshold=1),
        TypeError,
        "must be int",
    ),
    (
        "step huge amount",
        lambda: StepScalingPolicy("ChangeInCapacity", [(0, None, HUGE)], threshold=1),
        ScalingError,
        "beyond any group size",
    ),
    (
        "step threshold nan",
        lambda: StepScalingPolicy("ChangeInCapacity", [(0, None, 1)], threshold=math.nan),
        ScalingError,
        "finite",
    ),
    (
        "step threshold positional",
        lambda: StepScalingPolicy("ChangeInCapacity", [(0, None, 1)], 5),
        TypeError,
        "positional|threshold",
    ),
    ("adjustment metric nan", lambda: STEP.adjustment(math.nan, 3), ScalingError, "finite"),
    ("adjustment metric str", lambda: STEP.adjustment("90", 3), TypeError, "metric_value must be a number"),
    ("adjustment capacity negative", lambda: STEP.adjustment(90, -1), ScalingError, "current_capacity=-1"),
    ("adjustment capacity huge", lambda: STEP.adjustment(90, HUGE), ScalingError, "current_capacity"),
    ("adjustment capacity float", lambda: STEP.adjustment(90, 3.0), TypeError, "current_capacity must be int"),
    ("round inf", lambda: round_percent_change(math.inf), ScalingError, "not a finite"),
    ("round str", lambda: round_percent_change("1.5"), TypeError, "raw must be a number"),
    ("simple bad type", lambda: SimpleScalingPolicy("Exact", 1), ScalingError, "adjustment_type"),
    (
        "simple cooldown negative",
        lambda: SimpleScalingPolicy("ChangeInCapacity", 1, cooldown_s=-1),
        ScalingError,
        "cooldown_s=-1",
    ),
    (
        "simple cooldown huge",
        lambda: SimpleScalingPolicy("ChangeInCapacity", 1, cooldown_s=HUGE),
        ScalingError,
        "cooldown_s",
    ),
    (
        "target metric unknown",
        lambda: TargetTrackingPolicy("MemoryUtilization", 50),
        ScalingError,
        "tracks CPUUtilization",
    ),
    ("target cpu over 100", lambda: TargetTrackingPolicy("CPUUtilization", 150), ScalingError, "at most 100"),
    ("target nan", lambda: TargetTrackingPolicy("CPUUtilization", math.nan), ScalingError, "above 0"),
    (
        "target scale-in flag",
        lambda: TargetTrackingPolicy("CPUUtilization", 50, disable_scale_in="no"),
        TypeError,
        "disable_scale_in must be bool",
    ),
    ("scheduled hour 24", lambda: ScheduledAction(24, min_size=1), ScalingError, "hour 0-23"),
    ("scheduled nothing", lambda: ScheduledAction(1), ScalingError, "at least one of"),
    ("scheduled min over max", lambda: ScheduledAction(1, min_size=5, max_size=2), ScalingError, "above max_size"),
    ("scheduled unicode hour", lambda: ScheduledAction("١", min_size=1), TypeError, "hour must be int"),
    ("warmup negative", lambda: resolve_warmup(-5, None), ScalingError, "estimated_instance_warmup_s=-5"),
    ("warmup huge", lambda: resolve_warmup(None, HUGE), ScalingError, "default_instance_warmup_s"),
    # simulation
    ("demand days zero", lambda: bank_demand(days=0, seed=0), ScalingError, "1 to 14 days"),
    ("demand days huge", lambda: bank_demand(days=10**9, seed=0), ScalingError, "1 to 14 days"),
    ("demand seed str", lambda: bank_demand(seed="1"), TypeError, "seed must be int"),
    ("demand seed negative", lambda: bank_demand(seed=-1), ScalingError, "seed=-1: a seed is"),
    ("demand seed missing", lambda: bank_demand(), TypeError, "seed"),
    ("demand load inverted", lambda: bank_demand(seed=0, base_rps=10, peak_rps=5), ScalingError, "base <= peak"),
    ("demand load inf", lambda: bank_demand(seed=0, peak_rps=math.inf), ScalingError, "base <= peak"),
    (
        "demand peak window",
        lambda: bank_demand(seed=0, peak_start_hour=18, peak_end_hour=16),
        ScalingError,
        "start before end",
    ),
    (
        "group desired out of range",
        lambda: AutoScalingGroup(min_size=2, max_size=5, desired_capacity=9),
        ScalingError,
        "between min_size=2 and max_size=5",
    ),
    ("group huge", lambda: AutoScalingGroup(min_size=0, max_size=HUGE, desired_capacity=1), ScalingError, "max_size"),
    (
        "group azs zero",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, azs=0),
        ScalingError,
        "1 to 6",
    ),
    (
        "group rpi zero",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, requests_per_instance=0),
        ScalingError,
        "above 0",
    ),
    ("simulate demand list", lambda: simulate_scaling([1, 2], GROUP), TypeError, "DemandTrace"),
    ("simulate group dict", lambda: simulate_scaling(DEMAND, {}), TypeError, "AutoScalingGroup"),
    (
        "simulate tracking wrong",
        lambda: simulate_scaling(DEMAND, GROUP, target_tracking=[STEP]),
        TypeError,
        "TargetTrackingPolicy",
    ),
    ("simulate step pair wrong", lambda: simulate_scaling(DEMAND, GROUP, step_policies=[STEP]), TypeError, "pair"),
    (
        "simulate alarm period",
        lambda: simulate_scaling(DEMAND, GROUP, step_policies=[(Alarm(1, period=300, evaluation_periods=1), STEP)]),
        ScalingError,
        "period=60",
    ),
    (
        "simulate too many",
        lambda: simulate_scaling(DEMAND, GROUP, scheduled=[ScheduledAction(1, min_size=1)] * 10_000),
        ScalingError,
        "at most 20",
    ),
    (
        "simulate predictive str",
        lambda: simulate_scaling(DEMAND, GROUP, predictive="yes"),
        TypeError,
        "predictive must be bool",
    ),
    (
        "simulate outage az",
        lambda: simulate_scaling(DEMAND, GROUP, az_outage=("z", 1, 2)),
        ScalingError,
        "not one of the group's AZs",
    ),
    (
        "simulate outage minutes",
        lambda: simulate_scaling(DEMAND, GROUP, az_outage=("a", 5, 10**9)),
        ScalingError,
        "within the run",
    ),
    ("forecast list", lambda: predictive_forecast([1, 2]), TypeError, "DemandTrace"),
    ("trace not whole days", lambda: DemandTrace(np.zeros(100), DEMAND.start, "x"), ScalingError, "whole days"),
    ("trace negative", lambda: DemandTrace(-np.ones(1440), DEMAND.start, "x"), ScalingError, "not negative"),
    ("trace list", lambda: DemandTrace([1.0] * 1440, DEMAND.start, "x"), TypeError, "numpy array"),
    # availability
    ("component negative", lambda: Component("x", -0.5), AvailabilityError, "between 0 and 1"),
    ("component percent", lambda: Component("x", 99.9), AvailabilityError, "99.9% is 0.999"),
    ("component name empty", lambda: Component("", 0.9), AvailabilityError, "1 to 60 characters"),
    ("component name huge", lambda: Component(BIG_TEXT, 0.9), AvailabilityError, "1 to 60 characters"),
    ("component name int", lambda: Component(3, 0.9), TypeError, "name must be str"),
    ("series empty", lambda: series(), AvailabilityError, "1 to 50"),
    ("series too many", lambda: series(*([WEB] * 100_000)), AvailabilityError, "1 to 50"),
    ("parallel wrong part", lambda: parallel(WEB, 0.99), TypeError, "must be a Component"),
    ("multi_az huge", lambda: multi_az(WEB, azs=10**9), AvailabilityError, "1 to 6"),
    ("multi_region zero", lambda: multi_region(WEB, regions=0), AvailabilityError, "1 to 10"),
    ("downtime str", lambda: downtime("0.999"), TypeError, "availability must be a number"),
    ("downtime inf", lambda: downtime(math.inf), AvailabilityError, "between 0 and 1"),
    # Route 53
    ("record policy unknown", lambda: Record("www", "1.1.1.1", policy="random"), Route53Error, "not one of"),
    ("record ttl negative", lambda: Record("www", "1.1.1.1", ttl_s=-1), Route53Error, "a TTL is 0"),
    ("record ttl huge", lambda: Record("www", "1.1.1.1", ttl_s=HUGE), Route53Error, "a TTL is 0"),
    ("record name huge", lambda: Record(BIG_TEXT, "1.1.1.1"), Route53Error, "1-253"),
    ("record weight big", lambda: Record("www", "1", policy="weighted", weight=256), Route53Error, "0 to 255"),
    ("record role", lambda: Record("www", "1", policy="failover", role="MAIN"), Route53Error, "PRIMARY or SECONDARY"),
    (
        "record cidr arabic",
        lambda: Record("www", "1", policy="ip-based", cidr="١٠.0.0.0/8"),
        Route53Error,
        "dotted IPv4",
    ),
    ("health interval", lambda: HealthCheck(request_interval_s=0), Route53Error, "10 or 30"),
    ("health threshold float", lambda: HealthCheck(failure_threshold=3.0), TypeError, "must be int"),
    ("resolve empty", lambda: resolve([], client="Seoul"), Route53Error, "give 1 to 100"),
    ("resolve seed negative", lambda: resolve([REC], client="Seoul", seed=-1), Route53Error, "seed=-1"),
    ("resolve client unknown", lambda: resolve([REC], client="Atlantis"), Route53Error, "unknown client location"),
    ("resolve client coords", lambda: resolve([REC], client=(100.0, 0.0)), Route53Error, "latitude -90..90"),
    ("resolve client nan", lambda: resolve([REC], client=(math.nan, 0.0)), Route53Error, "latitude"),
    ("resolve client list", lambda: resolve([REC], client=[1, 2]), TypeError, "named location"),
    ("resolve mixed", lambda: resolve([REC, Record("api", "2.2.2.2")], client="Seoul"), Route53Error, "share one name"),
    (
        "resolve ip arabic",
        lambda: resolve(
            [Record("www", "1", policy="ip-based", cidr="10.0.0.0/8")], client="Seoul", client_ip="١.١.١.١"
        ),
        Route53Error,
        "dotted IPv4",
    ),
    ("resolve unhealthy str", lambda: resolve([REC], client="Seoul", unhealthy="1.1.1.1"), TypeError, "collection"),
    ("failover ttl negative", lambda: failover_time_s(HealthCheck(), ttl_s=-1), Route53Error, "a TTL is 0"),
    ("failover not hc", lambda: failover_time_s(30, ttl_s=1), TypeError, "HealthCheck"),
    ("simulate failover huge", lambda: simulate_failover(fail_at_s=HUGE), Route53Error, "0 to 86,400"),
    # logs
    ("flow logs int", lambda: read_flow_logs(3), TypeError, "text or a sequence"),
    ("flow logs non-str line", lambda: read_flow_logs([b"2 1"]), TypeError, "must be str"),
    (
        "flow logs arabic digits",
        lambda: read_flow_logs(["2 1 eni-1 1.1.1.1 2.2.2.2 ٣ 2 6 1 1 1 1 ACCEPT OK"]),
        FlowLogError,
        "not a whole number",
    ),
    ("flow logs long line", lambda: read_flow_logs(["2 " + BIG_TEXT]), FlowLogError, "characters"),
    ("flow logs empty field count", lambda: read_flow_logs(["2"]), FlowLogError, "has 1 fields"),
    ("summary not frame", lambda: flow_log_summary([1, 2]), TypeError, "read_flow_logs"),
    ("talkers n zero", lambda: top_talkers(read_flow_logs(), n=0), FlowLogError, "between 1 and 1000"),
    ("rejected not frame", lambda: rejected_ports("logs"), TypeError, "read_flow_logs"),
]


def _subnets(*zones, name="shop"):
    from awsbasics.network import VPC

    vpc = VPC("10.0.0.0/16", name=name)
    return tuple(vpc.add_subnet(f"10.0.{i}.0/24", az=z, name=f"s{i}") for i, z in enumerate(zones))


CASES += [
    # AutoScalingGroup: the fields of a deployed group
    (
        "group name int",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, name=5),
        TypeError,
        "name must be str",
    ),
    (
        "group name huge",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, name=BIG_TEXT),
        ScalingError,
        "1 to 255",
    ),
    (
        "group name empty",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, name=""),
        ScalingError,
        "1 to 255",
    ),
    (
        "group subnets str",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, subnets="subnet-1"),
        TypeError,
        "subnets must be a tuple or list",
    ),
    (
        "group subnets huge",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, subnets=[None] * 10**6),
        ScalingError,
        "at most 200",
    ),
    (
        "group subnets twice",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, azs=1, subnets=_subnets("a") * 2),
        ScalingError,
        "listed twice",
    ),
    (
        "group subnets two vpcs",
        lambda: AutoScalingGroup(
            min_size=1, max_size=2, desired_capacity=1, azs=2, subnets=_subnets("a") + _subnets("b", name="x")
        ),
        ScalingError,
        "in 2 VPCs",
    ),
    (
        "group azs disagree",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, azs=3, subnets=_subnets("a", "b")),
        ScalingError,
        r"azs=3 but the subnets \(s0, s1\) are in 2",
    ),
    (
        "group instance type int",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, instance_type=3),
        TypeError,
        "instance_type must be str",
    ),
    (
        "group instance type huge",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, instance_type=BIG_TEXT),
        AwsRuleError,
        "instance",
    ),
    (
        "group security groups dict",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, security_groups={}),
        TypeError,
        "security_groups must be a tuple or list",
    ),
    (
        "group security group text",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, security_groups=("sg-1",)),
        TypeError,
        r"security_groups\[0\] must be a SecurityGroup",
    ),
    (
        "group target group text",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, target_group="tg"),
        TypeError,
        "target_group must be a TargetGroup",
    ),
    (
        "group role text",
        lambda: AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, instance_profile_role="role"),
        TypeError,
        "instance_profile_role must be an IAM Role",
    ),
]


@pytest.mark.parametrize(("name", "call", "error", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_with_the_rule(name, call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


# --- inputs whose size drives allocation or loops: a forked child, 1 GiB, 2 s -------------------


def _run_limited(function) -> None:
    limit_memory()
    function()


def _finishes(function) -> bool:
    process = multiprocessing.get_context("fork").Process(target=_run_limited, args=(function,))
    process.start()
    process.join(2)
    if process.is_alive():
        process.kill()
        process.join()
        return False
    return process.exitcode == 0


class _Huge(Sequence):
    """A sequence that claims to be enormous: must be refused before anything is allocated."""

    def __len__(self):
        return 10**12

    def __getitem__(self, i):
        return 1.0


def _expect(error, pattern, call):
    def check():
        with pytest.raises(error, match=pattern):
            call()

    return check


SIZED = [
    ("evaluate claims 10**12 values", _expect(AlarmError, "at most", lambda: A.evaluate(_Huge()))),
    ("evaluate one over the limit", _expect(AlarmError, "at most", lambda: A.evaluate([1.0] * (MAX_DATAPOINTS + 1)))),
    ("flow logs claims 10**12 lines", _expect(FlowLogError, "at most", lambda: read_flow_logs(_Huge()))),
    ("flow logs huge text", _expect(FlowLogError, "characters", lambda: read_flow_logs("x" * (100_000 * 300 + 1)))),
    (
        "many steps",
        _expect(
            ScalingError, "between 1 and 20", lambda: StepScalingPolicy("ChangeInCapacity", _HugeSteps(), threshold=1)
        ),
    ),
    ("series of 10**6", _expect(AvailabilityError, "1 to 50", lambda: series(*([WEB] * 10**6)))),
    (
        "trace of a year refused",
        _expect(ScalingError, "whole days", lambda: DemandTrace(np.zeros(525_600), DEMAND.start, "x")),
    ),
    ("evaluate at the limit answers", lambda: A.evaluate(np.tile([1.0, np.nan], MAX_DATAPOINTS // 2))),
]


class _HugeSteps(_Huge):
    pass


@pytest.mark.parametrize(("name", "check"), SIZED, ids=[s[0] for s in SIZED])
def test_size_driven_inputs_finish_in_a_limited_child(name, check):
    assert _finishes(check)
