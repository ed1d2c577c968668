"""The capacity explorer widget: fixed servers against elastic capacity over a year of demand."""

from __future__ import annotations

from awsbasics.economics import MAX_LAUNCH_DELAY_HOURS, compare, simulate_demand
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show


def capacity_explorer(
    *, peak_servers: int, fixed_servers: int, launch_delay_hours: int, headroom_servers: int, seed: int
):
    """See ``awsbasics.widgets.capacity_explorer``."""
    import ipywidgets as widgets

    style = {"description_width": "190px"}
    layout = widgets.Layout(width="500px")

    def slider(value, low, high, description):
        return control(
            widgets.IntSlider(value=value, min=low, max=high, description=description, style=style, layout=layout)
        )

    peak = slider(peak_servers, 10, 100, "holiday peak (servers)")
    fixed = slider(fixed_servers, 0, 100, "fixed servers")
    delay = slider(launch_delay_hours, 0, min(24, MAX_LAUNCH_DELAY_HOURS), "launch delay (hours)")
    headroom = slider(headroom_servers, 0, 20, "elastic headroom (servers)")
    result = output_area()

    def update(_change=None):
        show(
            result,
            lambda: html_of(
                compare(
                    simulate_demand(seed=seed, peak_servers=peak.value),
                    fixed_servers=fixed.value,
                    launch_delay_hours=delay.value,
                    headroom_servers=headroom.value,
                )
            ),
        )

    for widget in (peak, fixed, delay, headroom):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([peak, fixed, delay, headroom, result])
    box.add_class(WIDGET_CLASS)
    return box
