"""Widgets are thin: controls -> the same public function -> its display."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import az_failure_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_explorer_shows_the_same_result_as_the_function():
    box = az_failure_explorer(region="ap-northeast-2", instances=12, azs=3)
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert set(controls) == {"instances", "AZs used", "AZs that fail", "instances required", "Region"}
    assert "8 of 12 survive (67%), enough for the 8 required" in output.value
    assert "<svg" in output.value


def test_explorer_reacts_to_every_control():
    box = az_failure_explorer(region="ap-northeast-2", instances=12, azs=3)
    controls, output = _parts(box)
    controls["instances"].value = 9
    assert "6 of 9 survive" in output.value
    controls["AZs used"].value = 4
    assert "9 instances over 4 AZs of ap-northeast-2 (3, 2, 2, 2 per AZ)" in output.value
    controls["AZs that fail"].value = 2
    assert "2 AZs fail: 4 of 9 survive" in output.value


def test_region_change_limits_the_az_slider():
    box = az_failure_explorer(region="us-east-1", instances=12, azs=6)
    controls, output = _parts(box)
    assert controls["AZs used"].max == 6
    controls["Region"].value = "ap-northeast-2"
    assert controls["AZs used"].max == 4
    assert controls["AZs used"].value <= 4
    assert "12 instances over 4 AZs of ap-northeast-2 (3, 3, 3, 3 per AZ)" in output.value


def test_az_slider_counts_the_azs_an_account_can_use():
    """us-west-1 lists 3 AZ IDs but newer accounts can use 2 (aws-availability-zones.html; infra.json usable_az_counts)."""
    box = az_failure_explorer(region="us-west-1", instances=12, azs=3)
    controls, output = _parts(box)
    assert (controls["AZs used"].max, controls["AZs used"].value) == (2, 2)
    assert "12 instances over 2 AZs of us-west-1 (6, 6 per AZ); 1 AZ fails: 6 of 12 survive" in output.value


def test_a_broken_rule_is_shown_not_raised():
    box = az_failure_explorer(region="ap-northeast-2", instances=12, azs=3)
    controls, output = _parts(box)
    controls["instances required"].value = 13
    assert "NOT enough for the 13 required" in output.value


def test_bad_region_argument_is_a_rule_error():
    from awsbasics.errors import RegionError

    with pytest.raises(RegionError):
        az_failure_explorer(region="mars-1", instances=3, azs=2)
