"""Chapter 10 widgets: every control changes what the output shows; broken rules are shown, not raised."""

import pytest

from awsbasics.widgets import fargate_sizer, lambda_calculator

ipywidgets = pytest.importorskip("ipywidgets")


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_lambda_calculator_every_control_changes_the_output():
    box = lambda_calculator()
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert "20 concurrent executions, within the quota of 1,000" in output.value
    seen = {output.value}
    for name, value in [
        ("requests per second", 2000.0),
        ("average duration (ms)", 900),
        ("memory (MB)", 1024),
        ("architecture", "arm64"),
        ("account concurrency quota", 5000),
        ("apply the monthly free tier", True),
    ]:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)
    assert "1,800 concurrent executions, within the quota of 5,000" in output.value


def test_lambda_calculator_shows_throttling_and_rule_errors():
    box = lambda_calculator(requests_per_second=2000, avg_duration_ms=1000)
    controls, output = _parts(box)
    assert "above the quota of 1,000" in output.value
    controls["account concurrency quota"].value = -5
    assert "Not allowed:</b> account_limit=-5" in output.value


def test_fargate_sizer_shows_valid_sizes_and_the_rule_for_invalid_ones():
    box = fargate_sizer()
    controls, output = _parts(box)
    assert "Valid memory for 1024 CPU units: 2048 to 8192 MiB." in output.value
    controls["memory (MiB)"].value = 1024
    assert "is not a Fargate size: for 1024 CPU units use one of 2048, 3072" in output.value
    controls["task cpu (units)"].value = 512
    assert "Valid memory for 512 CPU units: 1024 to 4096 MiB." in output.value
    controls["task cpu (units)"].value = 256
    controls["operating system"].value = "WINDOWS"
    assert "on Fargate with WINDOWS: valid cpu values are 1024, 2048, 4096" in output.value
