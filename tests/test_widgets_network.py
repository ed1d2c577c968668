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


def test_the_reachability_explorer_shows_what_reachability_shows():
    from awsbasics.network import VPC, reachability
    from awsbasics.widgets.network import reachability_explorer

    vpc = VPC("10.0.0.0/16", name="w", region="ap-northeast-2")
    public = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="public-a")
    private = vpc.add_subnet("10.0.1.0/24", az="ap-northeast-2c", name="private-c")
    vpc.main_route_table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    table = vpc.add_route_table("private")
    table.associate(private)
    table.add_route("0.0.0.0/0", vpc.add_nat_gateway(public))
    app = vpc.add_instance("app", private)
    box = reachability_explorer(vpc)
    controls, output = _parts(box)
    expected = reachability(vpc, app, "internet", port=443)
    assert output.value == expected._repr_mimebundle_()["text/html"]
    controls["failed AZ"].value = "ap-northeast-2a"
    assert "AZ_UNAVAILABLE" in output.value  # its NAT gateway is in the failed AZ
    controls["IP version"].value = 6
    assert "Not allowed:</b>" in output.value or "NO_IPV6_ADDRESS" in output.value
    assert list(controls["failed AZ"].options) == ["none", "ap-northeast-2a", "ap-northeast-2c"]
