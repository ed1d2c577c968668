"""The S3 lifecycle designer widget."""

from __future__ import annotations

from awsbasics.storage.lifecycle import (
    MIN_TRANSITION_SIZE_KB,
    PRICED_REGIONS,
    TRANSITION_SIZE_SETTINGS,
    TRANSITION_TARGETS,
    Lifecycle,
    lifecycle_cost,
    next_transition,
)
from awsbasics.widgets._common import WIDGET_CLASS, control, output_area, show

# Ten years: a bound for the day boxes, not an AWS limit.
_MAX_DAYS = 3650


def _figure_bundle(cost) -> dict:
    """The cost's figure as plotly's MIME bundle, with the summary as its text view."""
    import plotly.io as pio

    bundle = pio.renderers["plotly_mimetype"].to_mimebundle(cost.figure().to_dict())
    bundle["text/plain"] = cost.statement
    return bundle


def lifecycle_designer(
    *,
    transitions=(("STANDARD_IA", 30), ("GLACIER", 90)),
    expiration_days: int | None = 365,
    size_gb: float = 1000.0,
    object_count: int = 100_000,
    months: int = 24,
    region: str = "us-east-1",
    retrieved_gb_per_month: float = 0.0,
):
    """See ``awsbasics.widgets.lifecycle_designer``."""
    import math

    import ipywidgets as widgets

    from awsbasics.display.s3 import cost_html

    # The starting values must be valid (the same checks as the calculator's); later edits that
    # break a rule are shown, not raised. The controls' ranges always include the starting values.
    start = Lifecycle(transitions=transitions, expiration_days=expiration_days)
    lifecycle_cost(
        start,
        size_gb=size_gb,
        object_count=object_count,
        months=months,
        region=region,
        retrieved_gb_per_month=retrieved_gb_per_month,
    )
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="460px")
    exponent = math.log10(size_gb)
    size = control(
        widgets.FloatLogSlider(
            value=size_gb,
            base=10,
            min=min(0, math.floor(exponent)),
            max=max(6, math.ceil(exponent)),
            step=0.1,
            readout_format=",.0f",
            description="data stored (GB)",
            style=style,
            layout=layout,
        )
    )
    count = control(
        widgets.BoundedIntText(
            value=object_count, min=1, max=max(10**10, object_count), description="objects", style=style, layout=layout
        )
    )
    span = control(
        widgets.IntSlider(
            value=months, min=1, max=max(60, months), description="months simulated", style=style, layout=layout
        )
    )
    where = control(
        widgets.Dropdown(options=PRICED_REGIONS, value=region, description="Region", style=style, layout=layout)
    )
    reads = control(
        widgets.BoundedFloatText(
            value=retrieved_gb_per_month,
            min=0,
            max=max(10**7, retrieved_gb_per_month),
            description="GB read per month",
            style=style,
            layout=layout,
        )
    )
    small = control(
        widgets.Dropdown(
            options=TRANSITION_SIZE_SETTINGS,
            value=start.transition_default_minimum_object_size,
            description=f"objects under {MIN_TRANSITION_SIZE_KB} KB",
            style=style,
            layout=layout,
        )
    )
    expire = control(
        widgets.Checkbox(value=expiration_days is not None, description="expire objects", style=style, layout=layout)
    )
    expire_day = control(
        widgets.BoundedIntText(
            value=expiration_days or 365, min=1, max=_MAX_DAYS, description="expire on day", style=style, layout=layout
        )
    )
    rows_box = widgets.VBox()
    add = control(widgets.Button(description="add a transition", icon="plus"))
    result = output_area()
    plot = widgets.Output()
    rows: list[tuple] = []  # (row box, class dropdown, day box)

    def rule() -> Lifecycle:
        return Lifecycle(
            transitions=tuple((code.value, day.value) for _, code, day in rows),
            expiration_days=expire_day.value if expire.value else None,
            transition_default_minimum_object_size=small.value,
        )

    def update(_change=None):
        expire_day.disabled = not expire.value
        priced = {}

        def compute():
            cost = lifecycle_cost(
                rule(),
                size_gb=size.value,
                object_count=count.value,
                months=span.value,
                region=where.value,
                retrieved_gb_per_month=reads.value,
            )
            priced["cost"] = cost
            return cost_html(cost)

        show(result, compute)
        # The figure goes into the Output widget as plotly's own MIME bundle: rendered offline by
        # JupyterLab, and never published to the cell itself (Figure._ipython_display_ would be).
        if "cost" in priced:
            figure = _figure_bundle(priced["cost"])
            plot.outputs = ({"output_type": "display_data", "data": figure, "metadata": {}},)
        else:
            plot.outputs = ()

    def add_row(code: str, day: int) -> None:
        pick = control(
            widgets.Dropdown(
                options=TRANSITION_TARGETS, value=code, description="move to", layout=widgets.Layout(width="300px")
            )
        )
        when = control(
            widgets.BoundedIntText(
                value=day, min=0, max=_MAX_DAYS, description="on day", layout=widgets.Layout(width="180px")
            )
        )
        remove = control(widgets.Button(description="remove", icon="trash", layout=widgets.Layout(width="100px")))
        row = widgets.HBox([pick, when, remove])
        entry = (row, pick, when)
        rows.append(entry)

        def drop(_button):
            rows.remove(entry)
            rows_box.children = [r for r, _, _ in rows]
            update()

        remove.on_click(drop)
        pick.observe(update, names="value")
        when.observe(update, names="value")
        rows_box.children = [r for r, _, _ in rows]

    def add_next(_button):
        add_row(*next_transition([(code.value, day.value) for _, code, day in rows]))
        update()

    for code, day in start.transitions:
        add_row(code, day)
    add.on_click(add_next)
    for widget in (size, count, span, where, reads, small, expire, expire_day):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox(
        [
            size,
            count,
            span,
            where,
            reads,
            small,
            widgets.HTML("<b>Transitions</b> (days after each object's creation)"),
            rows_box,
            add,
            expire,
            expire_day,
            result,
            plot,
        ]
    )
    box.add_class(WIDGET_CLASS)
    return box
