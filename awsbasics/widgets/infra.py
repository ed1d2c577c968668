"""The AZ-failure explorer widget."""

from __future__ import annotations

from awsbasics.infra import Region, az_failure, regions
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show


def az_failure_explorer(*, region: str, instances: int, azs: int):
    """See ``awsbasics.widgets.az_failure_explorer``."""
    import ipywidgets as widgets

    home = Region.get(region)
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="460px")
    count = control(
        widgets.IntSlider(value=instances, min=0, max=60, description="instances", style=style, layout=layout)
    )
    zones = control(
        widgets.IntSlider(
            value=min(azs, home.usable_az_count),
            min=1,
            max=home.usable_az_count,
            description="AZs used",
            style=style,
            layout=layout,
        )
    )
    failed = control(
        widgets.IntSlider(value=1, min=0, max=zones.value, description="AZs that fail", style=style, layout=layout)
    )
    required = control(
        widgets.IntSlider(
            value=instances * 2 // 3, min=0, max=60, description="instances required", style=style, layout=layout
        )
    )
    where = control(
        widgets.Dropdown(
            options=[(f"{r.code} {r.name}", r.code) for r in regions()],
            value=home.code,
            description="Region",
            style=style,
            layout=layout,
        )
    )
    result = output_area()

    def update(_change=None):
        zones.max = Region.get(where.value).usable_az_count  # the AZs an account can use, not those listed
        failed.max = zones.value
        show(
            result,
            lambda: html_of(
                az_failure(count.value, zones.value, failed=failed.value, required=required.value, region=where.value)
            ),
        )

    for widget in (count, zones, failed, required, where):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([count, zones, failed, required, where, result])
    box.add_class(WIDGET_CLASS)
    return box
