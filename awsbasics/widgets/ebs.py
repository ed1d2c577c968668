"""The EBS volume calculator widget."""

from __future__ import annotations

from awsbasics.storage.ebs import (
    MAX_PROVISIONED_IOPS,
    MAX_PROVISIONED_THROUGHPUT_MIBPS,
    SIZE_RANGE_GIB,
    VOLUME_TYPES,
    Volume,
    burst_outcome,
)
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show


def ebs_calculator(
    *,
    volume_type: str = "gp2",
    size_gib: int = 100,
    iops: int = 0,
    throughput_mibps: int = 0,
    demand_iops: int = 3000,
    minutes: int = 60,
):
    """See ``awsbasics.widgets.ebs_calculator``."""
    import ipywidgets as widgets

    Volume(volume_type, size_gib, iops=iops or None, throughput_mibps=throughput_mibps or None)
    style = {"description_width": "170px"}
    layout = widgets.Layout(width="460px")
    kind = control(
        widgets.Dropdown(
            options=sorted(VOLUME_TYPES), value=volume_type, description="volume type", style=style, layout=layout
        )
    )
    size = control(
        widgets.BoundedIntText(
            value=size_gib,
            min=SIZE_RANGE_GIB[0],
            max=SIZE_RANGE_GIB[1],
            description="size (GiB)",
            style=style,
            layout=layout,
        )
    )
    provisioned = control(
        widgets.BoundedIntText(
            value=iops,
            min=0,
            max=MAX_PROVISIONED_IOPS,
            step=100,
            description="IOPS (0 = none/default)",
            style=style,
            layout=layout,
        )
    )
    throughput = control(
        widgets.BoundedIntText(
            value=throughput_mibps,
            min=0,
            max=MAX_PROVISIONED_THROUGHPUT_MIBPS,
            step=25,
            description="MiB/s (0 = default)",
            style=style,
            layout=layout,
        )
    )
    # The demand and its duration are the learner's workload, not AWS limits.
    demand = control(
        widgets.IntSlider(
            value=demand_iops, min=0, max=20000, step=100, description="IOPS wanted", style=style, layout=layout
        )
    )
    duration = control(
        widgets.IntSlider(value=minutes, min=1, max=120, description="for minutes", style=style, layout=layout)
    )
    result = output_area()

    def compute() -> str:
        volume = Volume(
            kind.value, size.value, iops=provisioned.value or None, throughput_mibps=throughput.value or None
        )
        return html_of(volume) + html_of(burst_outcome(volume, demand.value, minutes=duration.value))

    def update(_change=None):
        show(result, compute)

    for widget in (kind, size, provisioned, throughput, demand, duration):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([kind, size, provisioned, throughput, demand, duration, result])
    box.add_class(WIDGET_CLASS)
    return box
