"""The capacity explorer: every control changes what the output shows."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import capacity_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_explorer_shows_the_comparison():
    box = capacity_explorer(fixed_servers=40, launch_delay_hours=0)
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == [
        "holiday peak (servers)",
        "fixed servers",
        "launch delay (hours)",
        "elastic headroom (servers)",
    ]
    assert "<tr><td>year_usd</td><td>54000</td><td>13400</td></tr>" in output.value


def test_every_control_changes_the_output():
    box = capacity_explorer()
    controls, output = _parts(box)
    seen = {output.value}
    for name, value in [
        ("holiday peak (servers)", 60),
        ("fixed servers", 12),
        ("launch delay (hours)", 3),
        ("elastic headroom (servers)", 2),
    ]:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)
    assert "Fixed on-premises: 12 servers" in output.value
    assert "follows demand 3 h late, 2 spare" in output.value


def test_fixed_servers_reach_the_cost():
    box = capacity_explorer(fixed_servers=40)
    controls, output = _parts(box)
    controls["fixed servers"].value = 20
    assert "<tr><td>upfront_usd</td><td>60000</td><td>0</td></tr>" in output.value
