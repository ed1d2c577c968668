"""The EBS volume calculator widget."""

from __future__ import annotations

import math

from awsbasics.display import escape
from awsbasics.storage.ebs import GP2_CREDIT_BUCKET, VOLUME_TYPES, Volume, simulate_credits
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

# The credit plot samples the demand every few seconds: enough points for a smooth line.
_SECONDS_PER_STEP = 10
_SECONDS_PER_MINUTE = 60


def _burst_html(volume: Volume, demand_iops: int, minutes: int) -> str:
    """What the volume does under a steady demand, with the gp2 credit plot."""
    from awsbasics.display.ebs import credit_balance_svg

    heading = f"<p><b>{demand_iops:,} IOPS wanted for {minutes} min</b>: "
    if volume.credit_model in ("throughput credits", "best effort"):
        return heading + f"{escape(volume.volume_type)} bursts on {escape(volume.credit_model)}, not simulated here.</p>"
    steps = minutes * _SECONDS_PER_MINUTE // _SECONDS_PER_STEP
    frame = simulate_credits(volume, [demand_iops] * steps, seconds_per_step=_SECONDS_PER_STEP)
    served = min(demand_iops, volume.max_iops)
    if volume.credit_model == "none":
        return heading + f"delivers {served:,} IOPS the whole time (no burst bucket).</p>"
    seconds = volume.burst_seconds(demand_iops)
    if math.isinf(seconds):
        text = f"delivers {served:,} IOPS the whole time; the credit bucket never empties."
    elif seconds >= minutes * _SECONDS_PER_MINUTE:
        text = (f"delivers {served:,} IOPS the whole time; a full bucket would last {seconds:,.0f} s "
                f"({seconds / _SECONDS_PER_MINUTE:,.1f} min).")
    else:
        text = (f"delivers {served:,} IOPS for {seconds:,.0f} s ({seconds / _SECONDS_PER_MINUTE:,.1f} min), "
                f"then the bucket is empty and it drops to its {volume.baseline_iops:,} IOPS baseline.")
    return heading + escape(text) + "</p>" + credit_balance_svg(frame, bucket=GP2_CREDIT_BUCKET)


def ebs_calculator(*, volume_type: str = "gp2", size_gib: int = 100, iops: int = 0,
                   throughput_mibps: int = 0, demand_iops: int = 3000, minutes: int = 60):
    """See ``awsbasics.widgets.ebs_calculator``."""
    import ipywidgets as widgets

    Volume(volume_type, size_gib, iops=iops or None, throughput_mibps=throughput_mibps or None)
    style = {"description_width": "170px"}
    layout = widgets.Layout(width="460px")
    kind = control(widgets.Dropdown(options=sorted(VOLUME_TYPES), value=volume_type, description="volume type",
                                    style=style, layout=layout))
    size = control(widgets.BoundedIntText(value=size_gib, min=1, max=65536, description="size (GiB)",
                                          style=style, layout=layout))
    provisioned = control(widgets.BoundedIntText(value=iops, min=0, max=256000, step=100,
                                                 description="IOPS (0 = none/default)", style=style, layout=layout))
    throughput = control(widgets.BoundedIntText(value=throughput_mibps, min=0, max=4000, step=25,
                                                description="MiB/s (0 = default)", style=style, layout=layout))
    demand = control(widgets.IntSlider(value=demand_iops, min=0, max=20000, step=100,
                                       description="IOPS wanted", style=style, layout=layout))
    duration = control(widgets.IntSlider(value=minutes, min=1, max=120, description="for minutes",
                                         style=style, layout=layout))
    result = output_area()

    def compute() -> str:
        volume = Volume(kind.value, size.value, iops=provisioned.value or None,
                        throughput_mibps=throughput.value or None)
        return html_of(volume) + _burst_html(volume, demand.value, duration.value)

    def update(_change=None):
        show(result, compute)

    for widget in (kind, size, provisioned, throughput, demand, duration):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([kind, size, provisioned, throughput, demand, duration, result])
    box.add_class(WIDGET_CLASS)
    return box
