"""The subnet-planner widget."""

from __future__ import annotations

from awsbasics.network.cidr import SUBNET_PREFIX_RANGE
from awsbasics.network.planning import max_azs, plan, report
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show


def cidr_planner(*, vpc_cidr: str = "10.0.0.0/16", azs: int = 2, public: int = 24, private: int = 22):
    """See ``awsbasics.widgets.cidr_planner``."""
    import ipywidgets as widgets

    style = {"description_width": "150px"}
    layout = widgets.Layout(width="460px")
    largest, smallest = SUBNET_PREFIX_RANGE
    zones = control(widgets.IntSlider(value=azs, min=1, max=max_azs(), description="AZs", style=style, layout=layout))
    public_prefix = control(widgets.IntSlider(value=public, min=largest, max=smallest, description="public subnet /",
                                              style=style, layout=layout))
    private_prefix = control(widgets.IntSlider(value=private, min=largest, max=smallest, description="private subnet /",
                                               style=style, layout=layout))
    vpc = control(widgets.Text(value=vpc_cidr, description="VPC CIDR", continuous_update=False,
                               style=style, layout=layout))
    result = output_area()

    def update(_change=None):
        show(result, lambda: html_of(report(plan(
            vpc.value, azs=zones.value, tiers={"public": public_prefix.value, "private": private_prefix.value}
        ))))

    for widget in (zones, public_prefix, private_prefix, vpc):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([zones, public_prefix, private_prefix, vpc, result])
    box.add_class(WIDGET_CLASS)
    return box
