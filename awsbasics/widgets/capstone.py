"""The cost-vs-resilience explorer: AZs, NAT gateways, Multi-AZ and Region -> monthly USD and availability."""

from __future__ import annotations

from awsbasics.capstone import REGIONS, cost_vs_resilience
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

_MAX_AZS = 4  # the Regions priced here have at least 4 AZs; the model allows up to 6


def cost_resilience_explorer(*, region: str, azs: int, nat_gateways: int, multi_az: bool):
    """See ``awsbasics.widgets.cost_resilience_explorer``."""
    import ipywidgets as widgets

    style = {"description_width": "140px"}
    layout = widgets.Layout(width="420px")
    zones = control(
        widgets.IntSlider(
            value=azs, min=2, max=_MAX_AZS, description="AZs", style=style, layout=layout, continuous_update=False
        )
    )
    nats = control(
        widgets.IntSlider(
            value=nat_gateways,
            min=1,
            max=azs,
            description="NAT gateways",
            style=style,
            layout=layout,
            continuous_update=False,
        )
    )
    multi = control(widgets.Checkbox(value=multi_az, description="Multi-AZ database", style=style, layout=layout))
    where = control(
        widgets.Dropdown(options=list(REGIONS), value=region, description="Region", style=style, layout=layout)
    )
    result = output_area()

    def update(_change=None):
        nats.max = zones.value  # at most one NAT gateway per AZ; the slider follows the AZ count
        show(
            result,
            lambda: html_of(
                cost_vs_resilience(region=where.value, azs=zones.value, nat_gateways=nats.value, multi_az=multi.value)
            ),
        )

    for widget in (zones, nats, multi, where):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([zones, nats, multi, where, result])
    box.add_class(WIDGET_CLASS)
    return box
