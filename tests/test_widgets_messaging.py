"""The pipeline explorer: every control changes what the output shows."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import pipeline_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_explorer_shows_the_pipeline_run():
    box = pipeline_explorer()
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == [
        "burst (uploads per second)",
        "target backlog per instance",
        "max instances",
        "instance warm-up (s)",
    ]
    assert "12,000 uploads: backlog peaked at" in output.value
    assert "Cost of this run (us-east-1 teaching estimate)" in output.value


def test_every_control_changes_the_output():
    box = pipeline_explorer()
    controls, output = _parts(box)
    seen = {output.value}
    for name, value in [
        ("burst (uploads per second)", 10),
        ("target backlog per instance", 100),
        ("max instances", 10),
        ("instance warm-up (s)", 300),
    ]:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)
    assert "target 100" in output.value and "5-10 instances" in output.value
