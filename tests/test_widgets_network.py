"""The subnet planner: its sliders span the engine's limits, and it shows what report(plan(...)) shows."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.network.planning import plan, report  # noqa: E402
from awsbasics.widgets import cidr_planner  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_sliders_span_the_documented_limits():
    controls, _ = _parts(cidr_planner())
    # Subnets are /16 to /28; the most AZs a Region has is 6 (us-east-1).
    for name in ("public subnet /", "private subnet /"):
        assert (controls[name].min, controls[name].max) == (16, 28)
    assert (controls["AZs"].min, controls["AZs"].max) == (1, 6)


def test_the_output_is_the_report_of_the_plan():
    box = cidr_planner(vpc_cidr="10.0.0.0/22", azs=2, public=24, private=24)
    controls, output = _parts(box)
    expected = report(plan("10.0.0.0/22", azs=2, tiers={"public": 24, "private": 24}))
    assert output.value == expected._repr_mimebundle_()["text/html"]
    assert output.value.startswith("<p>Subnet plan for 10.0.0.0/22: 4 subnets, 1,004 usable addresses</p>")
    controls["AZs"].value = 3
    assert "Not allowed:</b> the plan does not fit in 10.0.0.0/22: 6 subnets need 1,536 addresses" in output.value
