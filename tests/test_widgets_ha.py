"""Chapter 06 widgets: every control changes what the output shows."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import alarm_explorer, availability_builder, failover_explorer, scaling_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def _each_control_changes(box, changes):
    controls, output = _parts(box)
    assert "awsbasics-widget" in box._dom_classes
    seen = {output.value}
    for name, value in changes:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)
    return output


def test_availability_builder():
    output = _each_control_changes(
        availability_builder(),
        [
            ("web servers (one per AZ)", 2),
            ("app servers (one per AZ)", 2),
            ("database copies (AZs)", 2),
            ("Regions", 2),
        ],
    )
    assert "available</b>: down" in output.value


def test_availability_builder_starts_with_the_single_stack():
    _, output = _parts(availability_builder())
    assert "<b>97.51995% available</b>" in output.value  # 0.99 x 0.99 x 0.995


def test_alarm_explorer():
    output = _each_control_changes(
        alarm_explorer(), [("evaluation periods (N)", 5), ("datapoints to alarm (M)", 2), ("missing data", "breaching")]
    )
    assert "ALARM when 2 of the last 5" in output.value


def test_alarm_explorer_shows_the_rule_broken():
    box = alarm_explorer()
    controls, output = _parts(box)
    controls["datapoints to alarm (M)"].value = 9
    assert "Not allowed" in output.value and "M is between 1 and evaluation_periods" in output.value


def test_scaling_explorer():
    output = _each_control_changes(
        scaling_explorer(days=2),
        [("target CPU (%)", 50), ("min size 15:45-18:30 (0 = none)", 16), ("predictive scaling", True)],
    )
    assert "instance-hours" in output.value


def test_failover_explorer():
    output = _each_control_changes(
        failover_explorer(), [("check every (s)", 10), ("failures in a row", 5), ("record TTL (s)", 300)]
    )
    assert "<tr><td>worst-case outage_s</td><td>350</td></tr>" in output.value
