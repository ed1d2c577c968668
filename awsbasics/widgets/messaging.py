"""The pipeline explorer: a burst of uploads through SNS, SQS and an Auto Scaling group of workers."""

from __future__ import annotations

from awsbasics.messaging import simulate_pipeline
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show


def pipeline_explorer(
    *, burst_uploads_per_s: int, target_backlog_per_instance: int, max_instances: int, warmup_s: int, seed: int
):
    """See ``awsbasics.widgets.pipeline_explorer``."""
    import ipywidgets as widgets

    style = {"description_width": "230px"}
    layout = widgets.Layout(width="560px")

    def slider(value, low, high, step, description):
        return control(
            widgets.IntSlider(
                value=value, min=low, max=high, step=step, description=description, style=style, layout=layout
            )
        )

    burst = slider(burst_uploads_per_s, 2, 60, 1, "burst (uploads per second)")
    target = slider(target_backlog_per_instance, 5, 200, 5, "target backlog per instance")
    most = slider(max_instances, 5, 100, 1, "max instances")
    warmup = slider(warmup_s, 0, 600, 30, "instance warm-up (s)")
    result = output_area()

    def update(_change=None):
        show(
            result,
            lambda: html_of(
                simulate_pipeline(
                    seed=seed,
                    burst_uploads_per_s=burst.value,
                    target_backlog_per_instance=target.value,
                    max_instances=most.value,
                    warmup_s=warmup.value,
                )
            ),
        )

    for widget in (burst, target, most, warmup):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([burst, target, most, warmup, result])
    box.add_class(WIDGET_CLASS)
    return box
