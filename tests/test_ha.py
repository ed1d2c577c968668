"""Chapter 06 engine: values derived by hand from the AWS documentation, cited per test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from awsbasics.errors import AlarmError, AvailabilityError, FlowLogError, Route53Error, ScalingError
from awsbasics.ha import (
    Alarm,
    AutoScalingGroup,
    Component,
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

# --- CloudWatch alarm: the user guide's missing-data tables -----------------------------------
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html, section
# "How alarm state is evaluated when data is missing": CloudWatch retrieves the 5 most recent
# datapoints; 0 = not breaching, X = breaching, - = missing; oldest first. Columns: MISSING, IGNORE,
# BREACHING, NOT BREACHING. "Retain" = Retain current state.
GUIDE_TABLE = [
    # first table: Datapoints to Alarm 3, Evaluation Periods 3
    (3, "0 - X - X", ("OK", "OK", "OK", "OK")),
    (3, "0 - - - -", ("OK", "OK", "OK", "OK")),
    (3, "- - - - -", ("INSUFFICIENT_DATA", "Retain", "ALARM", "OK")),
    (3, "0 X X - X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (3, "- - - - X", ("INSUFFICIENT_DATA", "Retain", "ALARM", "OK")),
    (3, "X - - - -", ("ALARM", "Retain", "ALARM", "OK")),
    # second table: 2 out of 3
    (2, "0 - X - X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (2, "0 0 X 0 X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (2, "0 - X - -", ("OK", "OK", "ALARM", "OK")),
    (2, "- - - - 0", ("OK", "OK", "ALARM", "OK")),
    (2, "- - - - X", ("INSUFFICIENT_DATA", "Retain", "ALARM", "OK")),
]
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")


def _points(pattern: str) -> list[float | None]:
    return [None if c == "-" else (90.0 if c == "X" else 10.0) for c in pattern.split()]


@pytest.mark.parametrize(("m", "pattern", "expected"), GUIDE_TABLE)
@pytest.mark.parametrize("column", range(4))
@pytest.mark.parametrize("current", ["OK", "ALARM", "INSUFFICIENT_DATA"])
def test_every_row_of_the_guides_missing_data_tables(m, pattern, expected, column, current):
    alarm = Alarm(
        50, evaluation_periods=3, datapoints_to_alarm=m, treat_missing_data=TREATMENTS[column], initial_state=current
    )
    want = current if expected[column] == "Retain" else expected[column]
    assert alarm.next_state(_points(pattern), current) == want
    # The five datapoints as a whole series end in the same state when nothing before them is retained.
    if expected[column] != "Retain":
        assert alarm.evaluate(_points(pattern))[-1] == want


def test_the_table_in_the_data_file_is_the_guides():
    from awsbasics import data

    rows = data.fact("ha", "missing_data_table")["rows"]
    assert [(r[0], r[2]) for r in rows] == [(m, p) for m, p, _ in GUIDE_TABLE]
    for row, (_, _, expected) in zip(rows, GUIDE_TABLE):
        assert tuple("Retain" if v == "Retain current state" else v for v in row[4:]) == expected


def test_ignore_keeps_the_state_across_a_gap():
    alarm = Alarm(50, evaluation_periods=1, treat_missing_data="ignore", evaluation_range=1)
    assert alarm.evaluate([90, None, None, 10, None]) == ["ALARM", "ALARM", "ALARM", "OK", "OK"]
    assert Alarm(50, evaluation_periods=1, treat_missing_data="ignore", initial_state="OK").evaluate([None]) == ["OK"]


def test_m_of_n_does_not_need_consecutive_datapoints():
    # AlarmThatSendsEmail: "The breaching data points do not have to be consecutive".
    alarm = Alarm(3, "GreaterThanOrEqualToThreshold", evaluation_periods=5, datapoints_to_alarm=3)
    assert alarm.evaluate([3, 0, 3, 0, 3])[-1] == "ALARM"
    assert alarm.evaluate([3, 0, 3, 0, 0])[-1] == "OK"


@pytest.mark.parametrize(
    ("op", "value", "breaches"),
    [
        ("GreaterThanThreshold", 50, False),
        ("GreaterThanOrEqualToThreshold", 50, True),
        ("LessThanThreshold", 50, False),
        ("LessThanOrEqualToThreshold", 50, True),
        ("LessThanThreshold", 49.9, True),
    ],
)
def test_comparison_operators(op, value, breaches):
    assert Alarm(50, op, evaluation_periods=1).evaluate([value]) == ["ALARM" if breaches else "OK"]


def test_evaluation_window_is_period_times_evaluation_periods():
    # "if you configure 3 out of 3 datapoints with a period of 10 minutes, the evaluation interval is 30 minutes"
    assert Alarm(1, period=600, evaluation_periods=3).evaluation_window_s == 1800
    assert Alarm(1, period=60, evaluation_periods=5, datapoints_to_alarm=4).evaluation_window_s == 300


@pytest.mark.parametrize("period", [10, 20, 30, 60, 120, 3600, 86400])
def test_periods_putmetricalarm_accepts(period):
    assert Alarm(1, period=period, evaluation_periods=1).period == period


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"period": 15}, r"period=15: PutMetricAlarm accepts 10, 20 or 30 seconds .* multiple of 60"),
        ({"period": 90}, r"period=90"),
        ({"period": 0}, r"period=0"),
        (
            {"period": 60, "evaluation_periods": 1441},
            r"60 x 1441 = 86460 s: PutMetricAlarm allows at most 86400 s \(1 day\)",
        ),
        ({"period": 3600, "evaluation_periods": 169}, r"at most 604800 s \(7 days\)"),
        ({"evaluation_periods": 0}, r"at least 1 period"),
        (
            {"evaluation_periods": 3, "datapoints_to_alarm": 4},
            r"datapoints_to_alarm=4: M is between 1 and evaluation_periods \(3\)",
        ),
        ({"treat_missing_data": "notbreaching"}, r"did you mean 'notBreaching'"),
        ({"initial_state": "PENDING"}, r"initial_state 'PENDING' is not one of OK, ALARM, INSUFFICIENT_DATA"),
        ({"evaluation_range": 2}, r"evaluation_range=2: CloudWatch retrieves at least evaluation_periods \(3\)"),
    ],
)
def test_putmetricalarm_rules(kwargs, pattern):
    options = {"evaluation_periods": 3, **kwargs}
    with pytest.raises(AlarmError, match=pattern):
        Alarm(50, **options)


def test_evaluation_range_default_follows_the_guide_example():
    assert Alarm(1, evaluation_periods=3).evaluation_range == 5  # "retrieves the 5 most recent data points"


def test_a_period_of_one_hour_allows_seven_days():
    assert Alarm(1, period=3600, evaluation_periods=168).evaluation_window_s == 604_800


def test_anomaly_operators_are_named_as_out_of_scope():
    with pytest.raises(AlarmError, match="anomaly detection band"):
        Alarm(1, "LessThanLowerThreshold", evaluation_periods=1)


@pytest.mark.parametrize("treat", TREATMENTS)
@pytest.mark.parametrize("seed", range(6))
def test_vectorized_matches_the_loop_oracle(treat, seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(50, 20, 400)
    values[rng.random(400) < rng.uniform(0.05, 0.7)] = np.nan
    n = int(rng.integers(1, 7))
    alarm = Alarm(
        55,
        evaluation_periods=n,
        datapoints_to_alarm=int(rng.integers(1, n + 1)),
        treat_missing_data=treat,
        initial_state=["OK", "ALARM", "INSUFFICIENT_DATA"][seed % 3],
        evaluation_range=n + int(rng.integers(0, 4)),
    )
    assert alarm.evaluate(values) == evaluate_per_datapoint(alarm, values)


def test_history_and_transitions():
    h = Alarm(50, evaluation_periods=2).history([60, 70, 10, None])
    assert h.states == ("INSUFFICIENT_DATA", "ALARM", "OK", "OK")
    assert h.transitions == (("INSUFFICIENT_DATA", "ALARM", 1), ("ALARM", "OK", 2))
    assert h.periods_in("OK") == 2
    assert "4 periods of 60 s: OK 2, ALARM 1, INSUFFICIENT_DATA 1; 2 state changes" in h.text()


def test_alarm_text_and_repr_round_trip():
    alarm = Alarm(80, "GreaterThanOrEqualToThreshold", period=300, evaluation_periods=3, datapoints_to_alarm=2)
    assert alarm.text().splitlines()[0] == (
        "ALARM when 2 of the last 3 300-second datapoints are at or above 80 (missing data: missing)"
    )
    assert eval(repr(alarm)) == alarm  # noqa: S307


# --- Step scaling: the Auto Scaling user guide's example ---------------------------------------
# https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html ("Step adjustments"):
# threshold 50, PercentChangeInCapacity, group of 10.
SCALE_OUT = StepScalingPolicy("PercentChangeInCapacity", [(0, 10, 0), (10, 20, 10), (20, None, 30)], threshold=50)
SCALE_IN = StepScalingPolicy("PercentChangeInCapacity", [(-10, 0, 0), (-20, -10, -10), (None, -20, -30)], threshold=50)


def test_the_guides_step_adjustment_sequence():
    capacity = 10
    capacity += SCALE_OUT.adjustment(60, capacity)  # "increases by 1 instance, to 11"
    assert capacity == 11
    capacity += SCALE_OUT.adjustment(70, capacity)  # "30 percent of 11 instances, 3.3 ... rounded down to 3" -> 14
    assert capacity == 14
    capacity += SCALE_IN.adjustment(40, capacity)  # "10 percent of 14 instances, 1.4 ... 1" -> 13
    assert capacity == 13
    capacity += SCALE_IN.adjustment(30, capacity)  # "30 percent of 13 instances, 3.9 ... 3" -> 10
    assert capacity == 10


@pytest.mark.parametrize(("metric", "change"), [(55, 0), (59.99, 0), (60, 1), (69.9, 1), (70, 3), (1000, 3)])
def test_scale_out_bounds_include_the_lower_and_exclude_the_upper(metric, change):
    assert SCALE_OUT.adjustment(metric, 10) == change


@pytest.mark.parametrize(("metric", "change"), [(45, 0), (40.01, 0), (40, -1), (30.01, -1), (30, -3), (0, -3)])
def test_scale_in_bounds_exclude_the_lower_and_include_the_upper(metric, change):
    assert SCALE_IN.adjustment(metric, 10) == change


def test_value_outside_every_step_changes_nothing():
    assert SCALE_OUT.adjustment(50, 10) == 0 and SCALE_OUT.adjustment(20, 10) == 0


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [(12.7, 12), (0.67, 1), (-0.58, -1), (-6.67, -6), (1.0, 1), (-1.0, -1), (0.0, 0), (3.3, 3), (-3.9, -3)],
)
def test_percent_rounding_as_documented(raw, rounded):
    # "12.7 is rounded to 12", ".67 is rounded to 1", "-.58 is rounded to -1", "-6.67 is rounded to -6".
    assert round_percent_change(raw) == rounded


def test_min_adjustment_magnitude():
    # "a policy that adds 25 percent ... minimum increment of 2 instances ... group with 4 instances ... 2 instances added"
    policy = StepScalingPolicy("PercentChangeInCapacity", [(0, None, 25)], threshold=80, min_adjustment_magnitude=2)
    assert policy.adjustment(90, 4) == 2
    assert policy.adjustment(90, 40) == 10


def test_change_and_exact_capacity():
    # ChangeInCapacity: "current capacity ... 3 and the adjustment is 5 ... total of 8"; ExactCapacity: "change ... to 5".
    assert StepScalingPolicy("ChangeInCapacity", [(0, None, 5)], threshold=1).adjustment(2, 3) == 5
    assert StepScalingPolicy("ExactCapacity", [(0, None, 5)], threshold=1).adjustment(2, 3) == 2


@pytest.mark.parametrize(
    ("steps", "kwargs", "pattern"),
    [
        ([(0, 10, 1), (5, None, 2)], {}, r"overlap"),
        ([(0, 10, 1), (15, None, 2)], {}, r"leave a gap"),
        ([(None, None, 1)], {}, r"can't both be null"),
        ([(None, 0, 1), (None, -5, 2)], {}, r"at most one step adjustment can have a null lower bound"),
        ([(0, None, 1), (5, None, 2)], {}, r"at most one step adjustment can have a null upper bound"),
        ([(-10, 0, -1)], {}, r"negative lower bound, so one step must have a null lower bound"),
        ([(0, 10, 1)], {}, r"positive upper bound, so one step must have a null upper bound"),
        ([(10, 5, 1)], {}, r"upper bound 5 must be greater than the lower bound 10"),
        ([(0, None, 1)], {"min_adjustment_magnitude": 2}, r"applies only to PercentChangeInCapacity"),
        ([(0, None, 1)], {"min_adjustment_magnitude": 0, "adjustment_type": "PercentChangeInCapacity"}, r"between 1"),
    ],
)
def test_step_adjustment_rules(steps, kwargs, pattern):
    adjustment_type = kwargs.pop("adjustment_type", "ChangeInCapacity")
    with pytest.raises(ScalingError, match=pattern):
        StepScalingPolicy(adjustment_type, steps, threshold=50, **kwargs)


def test_exact_capacity_needs_a_non_negative_adjustment():
    with pytest.raises(ScalingError, match="ExactCapacity needs a non-negative"):
        StepScalingPolicy("ExactCapacity", [(0, None, -1)], threshold=1)


def test_warmup_fallback_order():
    # consolidated-view-of-warm-up-and-cooldown-settings: EstimatedInstanceWarmup, else DefaultInstanceWarmup,
    # else DefaultCooldown (default 300 s).
    assert resolve_warmup(60, 120) == 60
    assert resolve_warmup(None, 120) == 120
    assert resolve_warmup(None, None) == 300
    assert resolve_warmup(None, None, 45) == 45
    assert resolve_warmup(None, 0) == 0  # "even if it is set to 0 seconds"


def test_target_tracking_is_proportional():
    policy = TargetTrackingPolicy("CPUUtilization", 50)
    assert policy.desired_capacity(90, 4) == 8
    assert policy.desired_capacity(50, 4) == 4
    assert policy.desired_capacity(10, 10) == 2


# --- The Auto Scaling simulation ----------------------------------------------------------------

DEMAND = bank_demand(days=3, seed=1)
GROUP = AutoScalingGroup(min_size=2, max_size=30, desired_capacity=2)
TRACK80 = [TargetTrackingPolicy("CPUUtilization", 80)]


def test_bank_demand_peaks_from_4_to_6_pm_and_is_deterministic():
    load = DEMAND.requests_per_second.reshape(3, 1440)
    assert np.array_equal(bank_demand(days=3, seed=1).requests_per_second, DEMAND.requests_per_second)
    assert not np.array_equal(bank_demand(days=3, seed=2).requests_per_second, DEMAND.requests_per_second)
    busiest_hour = load[0].reshape(24, 60).mean(axis=1).argmax()
    assert busiest_hour in (16, 17)


def test_the_group_never_leaves_min_and_max():
    run = simulate_scaling(
        DEMAND, AutoScalingGroup(min_size=3, max_size=6, desired_capacity=3), target_tracking=TRACK80
    )
    tl = run.timeline
    assert tl["desired"].between(3, 6).all() and tl["desired"].max() == 6
    assert run.unserved_share > 0  # max size 6 cannot carry the peak


def test_simulation_is_deterministic():
    a = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80)
    b = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80)
    assert a.timeline.equals(b.timeline)


def test_scale_in_is_cautious_and_scale_out_is_not():
    from awsbasics.ha.scaling import SCALE_IN_MINUTES

    tl = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80).timeline
    change = tl["desired"].diff()
    downs = np.flatnonzero(change < 0)
    assert len(downs) and (np.diff(downs) >= SCALE_IN_MINUTES).all()
    ups = np.flatnonzero(change > 0)
    assert (np.diff(ups) < SCALE_IN_MINUTES).any()  # scale out may act minute after minute


def test_a_scheduled_floor_for_the_peak_removes_unserved_load():
    plain = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80)
    scheduled = simulate_scaling(
        DEMAND,
        GROUP,
        target_tracking=TRACK80,
        scheduled=[ScheduledAction(15, 45, min_size=16), ScheduledAction(18, 30, min_size=2)],
    )
    assert plain.unserved_share > 0
    assert scheduled.unserved_share < plain.unserved_share
    assert scheduled.timeline["min_size"].iloc[16 * 60] == 16 and scheduled.timeline["min_size"].iloc[19 * 60] == 2


def test_predictive_forecast_needs_a_day_of_history():
    forecast = predictive_forecast(DEMAND)
    assert np.isnan(forecast[:1440]).all() and not np.isnan(forecast[1440:]).any()
    by_day = DEMAND.requests_per_second.reshape(3, 1440)
    assert forecast[2 * 1440 + 1000] == pytest.approx(by_day[:2, 1000].mean())


def test_more_capacity_wins_between_policies():
    both = simulate_scaling(
        DEMAND,
        GROUP,
        target_tracking=[TargetTrackingPolicy("CPUUtilization", 80), TargetTrackingPolicy("CPUUtilization", 40)],
    )
    only40 = simulate_scaling(DEMAND, GROUP, target_tracking=[TargetTrackingPolicy("CPUUtilization", 40)])
    assert both.timeline["desired"].max() == only40.timeline["desired"].max()


def test_simple_policy_waits_for_its_cooldown():
    alarm = Alarm(70, evaluation_periods=1)
    run = simulate_scaling(DEMAND, GROUP, simple_policies=[(alarm, SimpleScalingPolicy("ChangeInCapacity", 1))])
    ups = run.timeline.index[run.timeline["desired"].diff() > 0]
    gaps = np.diff(ups)
    assert (gaps >= 3 + 5).all()  # launch delay 3 min + default cooldown 300 s


def test_step_policy_in_the_simulator():
    run = simulate_scaling(
        DEMAND,
        GROUP,
        step_policies=[
            (
                Alarm(60, "GreaterThanOrEqualToThreshold", evaluation_periods=2),
                StepScalingPolicy(
                    "PercentChangeInCapacity",
                    [(0, 10, 10), (10, 20, 20), (20, None, 50)],
                    threshold=60,
                    min_adjustment_magnitude=1,
                ),
            ),
            (Alarm(40, "LessThanOrEqualToThreshold", evaluation_periods=10), SCALE_IN),
        ],
    )
    assert run.peak_capacity > 10


def test_az_outage_and_rebalancing():
    run = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80, az_outage=("a", 1000, 1100))
    texts = [a for _, a in run.activities]
    assert any(t.startswith("AZ a fails") for t in texts)
    assert any(t == "rebalance across AZs" for t in texts)


def test_run_text():
    run = simulate_scaling(DEMAND, GROUP, target_tracking=TRACK80)
    assert run.text().startswith("3 days: up to ")
    assert [r[0] for r in run.rows()] == [
        "days",
        "peak_in_service",
        "instance_hours",
        "cost_usd",
        "unserved_pct",
        "scaling_activities",
    ]


# --- Availability arithmetic -----------------------------------------------------------------


def test_series_parallel_and_downtime():
    web, db = Component("web", 0.99), Component("db", 0.995)
    assert series(web, db).availability == pytest.approx(0.98505)
    assert parallel(web, web).availability == pytest.approx(0.9999)
    assert multi_az(web, azs=3).availability == pytest.approx(0.999999)
    stack = series(multi_az(web, azs=2), multi_az(db, azs=2))
    assert multi_region(stack, regions=2).availability == pytest.approx(1 - (1 - stack.availability) ** 2)
    assert downtime(0.999).minutes_per_month == 43.8  # 0.001 x 730 h x 60
    assert downtime(0.9999).hours_per_year == 0.88  # 0.0001 x 8,760 h
    assert downtime(0.99).nines == 2


@pytest.mark.parametrize("value", [-0.1, 1.1, math.nan, math.inf])
def test_availability_is_a_probability(value):
    with pytest.raises(AvailabilityError, match="an availability is a fraction between 0 and 1"):
        Component("x", value)


# --- Route 53 ------------------------------------------------------------------------------------


def test_failover_time_is_detection_plus_ttl():
    # Health checks every 30 s (default) and 3 failures (default) -> 90 s, then the TTL.
    assert failover_time_s(HealthCheck(), ttl_s=60) == 150
    assert simulate_failover(HealthCheck(request_interval_s=10, failure_threshold=2), ttl_s=30).outage_s == 50


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [({"request_interval_s": 20}, "every 10 or 30 seconds"), ({"failure_threshold": 11}, "between 1 and 10")],
)
def test_health_check_rules(kwargs, pattern):
    with pytest.raises(Route53Error, match=pattern):
        HealthCheck(**kwargs)


def test_routing_policies():
    seoul = Record("www", "1.1.1.1", policy="latency", region="ap-northeast-2")
    frankfurt = Record("www", "2.2.2.2", policy="latency", region="eu-central-1")
    assert resolve([seoul, frankfurt], client="Busan").values == ("1.1.1.1",)
    assert resolve([seoul, frankfurt], client="Frankfurt").values == ("2.2.2.2",)
    assert resolve([seoul, frankfurt], client="Busan", unhealthy={"1.1.1.1"}).values == ("2.2.2.2",)
    geo = [
        Record("www", "1.1.1.1", policy="geolocation", location="KR"),
        Record("www", "9.9.9.9", policy="geolocation", location="*"),
    ]
    assert resolve(geo, client="Seoul").values == ("1.1.1.1",)
    assert resolve(geo, client="Sydney").values == ("9.9.9.9",)
    simple = [Record("www", "1.1.1.1"), Record("www", "2.2.2.2")]
    assert resolve(simple, client="Seoul", unhealthy={"1.1.1.1"}).values == ("1.1.1.1", "2.2.2.2")
    ip = [
        Record("www", "1.1.1.1", policy="ip-based", cidr="10.0.0.0/8"),
        Record("www", "2.2.2.2", policy="ip-based", cidr="10.1.0.0/16"),
    ]
    assert resolve(ip, client="Seoul", client_ip="10.1.2.3").values == ("2.2.2.2",)
    multi = [Record("www", f"10.0.0.{i}", policy="multivalue") for i in range(10)]
    assert len(resolve(multi, client="Seoul").values) == 8
    weighted = [
        Record("www", "1.1.1.1", policy="weighted", weight=1),
        Record("www", "2.2.2.2", policy="weighted", weight=0),
    ]
    assert {resolve(weighted, client="Seoul", seed=s).values for s in range(5)} == {("1.1.1.1",)}


def test_record_rules():
    with pytest.raises(Route53Error, match="a weighted record needs weight"):
        Record("www", "1.1.1.1", policy="weighted")
    with pytest.raises(Route53Error, match="not in the catalog"):
        Record("www", "1.1.1.1", policy="latency", region="ap-northeast-9")


# --- Logs ---------------------------------------------------------------------------------------


def test_flow_log_sample():
    logs = read_flow_logs()
    assert len(logs) == 31 and list(logs.columns[:14]) == [
        "version",
        "account-id",
        "interface-id",
        "srcaddr",
        "dstaddr",
        "srcport",
        "dstport",
        "protocol",
        "packets",
        "bytes",
        "start",
        "end",
        "action",
        "log-status",
    ]
    summary = flow_log_summary(logs).set_index("action")
    # Counted by hand in awsbasics/data/flow_logs_sample.json: 30 OK records, 11 REJECT, 1 NODATA.
    assert summary.loc["REJECT", "records"] == 11 and summary.loc["ACCEPT", "records"] == 19
    assert top_talkers(logs, n=1).iloc[0]["srcaddr"] == "10.0.1.25"
    assert rejected_ports(logs).iloc[0].to_dict() == {"dstport": 22, "protocol_name": "TCP", "records": 4, "sources": 2}


@pytest.mark.parametrize(
    ("line", "pattern"),
    [
        ("2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 ACCEPT", "has 13 fields; the default format has 14"),
        ("3 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 ACCEPT OK", "version '3'"),
        ("2 1 eni-1 1.1.1.1 2.2.2.2 x 2 6 1 1 1 1 ACCEPT OK", "srcport 'x' is not a whole number"),
        ("2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 DROP OK", "action is ACCEPT, REJECT"),
    ],
)
def test_flow_log_format_errors(line, pattern):
    with pytest.raises(FlowLogError, match=pattern):
        read_flow_logs([line])
