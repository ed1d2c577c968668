"""Chapter 06 display: exact fragments of the HTML, diagrams and figures."""

from awsbasics.display import ha as d
from awsbasics.ha import (
    Alarm,
    AutoScalingGroup,
    Component,
    Record,
    StepScalingPolicy,
    TargetTrackingPolicy,
    bank_demand,
    multi_az,
    resolve,
    series,
    simulate_failover,
    simulate_scaling,
)


def test_alarm_views():
    alarm = Alarm(80, "GreaterThanOrEqualToThreshold", evaluation_periods=3, datapoints_to_alarm=2)
    html = alarm._repr_mimebundle_()["text/html"]
    assert "<b>ALARM when 2 of the last 3 60-second datapoints are at or above 80 (missing data: missing)</b>" in html
    assert "<tr><td>evaluation_window_s</td><td>180</td></tr>" in html
    history = alarm.history([90, None, 95, 10])
    html = history._repr_mimebundle_()["text/html"]
    # 2 of 3, missing: the lone 90 is 2 periods old at period 1, so ALARM already (guide's last-row rule).
    assert "<tr><td>ALARM</td><td>3</td></tr>" in html
    assert "<tr><td>1</td><td>INSUFFICIENT_DATA</td><td>ALARM</td></tr>" in html


def test_alarm_figure_colours_each_state():
    fig = Alarm(50, evaluation_periods=1).history([60, None, 40]).figure().to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names == ["datapoint", "OK", "ALARM", "INSUFFICIENT_DATA"]
    assert fig["data"][0]["y"] == (60.0, None, 40.0) or list(fig["data"][0]["y"]) == [60.0, None, 40.0]
    # N = 1: the gap at period 1 is filled by the most recent real datapoint in the range (60).
    assert list(fig["data"][2]["x"]) == [0, 1] and list(fig["data"][1]["x"]) == [2]
    assert fig["layout"]["xaxis"]["title"]["text"] == "period (60 s each)"


def test_step_policy_view_shows_absolute_ranges():
    policy = StepScalingPolicy("PercentChangeInCapacity", [(0, 10, 0), (10, None, 30)], threshold=50)
    html = policy._repr_mimebundle_()["text/html"]
    assert "<tr><td>10</td><td>null</td><td>60 to +infinity</td><td>30</td></tr>" in html


def test_availability_view_and_diagram():
    system = series(multi_az(Component("web", 0.99), azs=2), Component("db", 0.995))
    html = system._repr_mimebundle_()["text/html"]
    assert "<tr><td>downtime_minutes_per_month</td><td>" in html
    diagram = system.diagram()
    assert "cluster" in diagram.dot and "any 1 of 2" in diagram.dot and "rankdir=LR" in diagram.dot
    assert diagram.text().startswith("2 x (web) -> db: 99.4900% available")
    assert diagram.dot == series(multi_az(Component("web", 0.99), azs=2), Component("db", 0.995)).diagram().dot


def test_scaling_view_and_figure():
    run = simulate_scaling(
        bank_demand(days=1, seed=1),
        AutoScalingGroup(min_size=2, max_size=20, desired_capacity=2),
        target_tracking=[TargetTrackingPolicy("CPUUtilization", 70)],
    )
    html = run._repr_mimebundle_()["text/html"]
    assert "<tr><td>days</td><td>1</td></tr>" in html
    fig = run.figure().to_dict()
    assert [t["name"] for t in fig["data"]] == [
        "load (instances at 100% CPU)",
        "desired capacity",
        "in service",
        "unserved requests/s",
        "cost so far (USD)",
    ]
    assert fig["layout"]["yaxis"]["title"]["text"] == "instances"


def test_route53_diagram_and_failover():
    answer = resolve([Record("www", "1.1.1.1")], client="Seoul")
    assert "Route 53: www (simple)" in answer.diagram().dot
    run = simulate_failover(ttl_s=60)
    assert "<tr><td>worst-case outage_s</td><td>150</td></tr>" in run._repr_mimebundle_()["text/html"]
    fig = run.figure().to_dict()
    assert [b["x"][0] for b in fig["data"]] == [0, 90, 60, 60]


def test_display_module_decides_no_fact():
    import inspect

    source = inspect.getsource(d)
    assert "import awsbasics.ha" not in source and "from awsbasics.ha" not in source
