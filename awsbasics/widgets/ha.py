"""Chapter 06 widgets: build redundancy, tune an alarm, scale a group, time a failover."""

from __future__ import annotations

from awsbasics.display import escape
from awsbasics.ha import (
    STATES,
    TREATMENTS,
    Alarm,
    AutoScalingGroup,
    Component,
    HealthCheck,
    ScheduledAction,
    TargetTrackingPolicy,
    bank_demand,
    multi_az,
    multi_region,
    series,
    simulate_failover,
    simulate_scaling,
)
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

_STYLE = {"description_width": "200px"}


def _layout():
    import ipywidgets as widgets

    return widgets.Layout(width="520px")


def _slider(value, low, high, description, *, step=1):
    import ipywidgets as widgets

    return control(
        widgets.IntSlider(
            value=value, min=low, max=high, step=step, description=description, style=_STYLE, layout=_layout()
        )
    )


def _box(children):
    import ipywidgets as widgets

    box = widgets.VBox(children)
    box.add_class(WIDGET_CLASS)
    return box


def availability_builder(
    *, web_copies: int, app_copies: int, db_copies: int, regions: int, web: float, app: float, db: float
):
    """See ``awsbasics.widgets.availability_builder``."""
    web_n = _slider(web_copies, 1, 6, "web servers (one per AZ)")
    app_n = _slider(app_copies, 1, 6, "app servers (one per AZ)")
    db_n = _slider(db_copies, 1, 3, "database copies (AZs)")
    region_n = _slider(regions, 1, 3, "Regions")
    result = output_area()

    def update(_change=None):
        def compute():
            stack = series(
                multi_az(Component("web", web), azs=web_n.value),
                multi_az(Component("app", app), azs=app_n.value),
                multi_az(Component("db", db), azs=db_n.value),
            )
            system = multi_region(stack, regions=region_n.value) if region_n.value > 1 else stack
            d = system.downtime
            return (
                f"<p><b>{100 * system.availability:.5f}% available</b>: down "
                f"{d.minutes_per_month:,.2f} minutes a month, {d.hours_per_year:,.2f} hours a year "
                f"({d.nines:g} nines).</p>" + html_of(system)
            )

        show(result, compute)

    for w in (web_n, app_n, db_n, region_n):
        w.observe(update, names="value")
    update()
    return _box([web_n, app_n, db_n, region_n, result])


def alarm_explorer(
    *, values, threshold: float, evaluation_periods: int, datapoints_to_alarm: int, treat_missing_data: str
):
    """See ``awsbasics.widgets.alarm_explorer``."""
    import ipywidgets as widgets

    n = _slider(evaluation_periods, 1, 10, "evaluation periods (N)")
    m = _slider(datapoints_to_alarm, 1, 10, "datapoints to alarm (M)")
    treat = control(
        widgets.Dropdown(
            options=list(TREATMENTS),
            value=treat_missing_data,
            description="missing data",
            style=_STYLE,
            layout=_layout(),
        )
    )
    result = output_area()

    def update(_change=None):
        def compute():
            alarm = Alarm(
                threshold, evaluation_periods=n.value, datapoints_to_alarm=m.value, treat_missing_data=treat.value
            )
            states = alarm.evaluate(values)
            cells = "".join(
                f'<td title="{escape(s)}" style="background:{_COLOURS[s]}; color:white; text-align:center">'
                f"{'-' if v is None else escape(v)}</td>"
                for v, s in zip(values, states)
            )
            legend = " ".join(
                f'<span style="background:{c}; color:white; padding:0 4px">{s}</span>' for s, c in _COLOURS.items()
            )
            return (
                f"<p>{escape(alarm.verdict)}</p><table><tr>{cells}</tr></table><p>{legend}</p>"
                f"<p>{escape(alarm.history(values).verdict)}</p>"
            )

        show(result, compute)

    for w in (n, m, treat):
        w.observe(update, names="value")
    update()
    return _box([n, m, treat, result])


_COLOURS = dict(zip(STATES, ("#009E73", "#D55E00", "#999999")))


def scaling_explorer(*, target_cpu: int, scheduled_min: int, predictive: bool, days: int, seed: int):
    """See ``awsbasics.widgets.scaling_explorer``."""
    import ipywidgets as widgets

    target = _slider(target_cpu, 20, 95, "target CPU (%)", step=5)
    floor = _slider(scheduled_min, 0, 30, "min size 15:45-18:30 (0 = none)")
    predict = control(widgets.Checkbox(value=predictive, description="predictive scaling", style=_STYLE))
    result = output_area()
    demand = bank_demand(days=days, seed=seed)

    def update(_change=None):
        def compute():
            scheduled = (
                [ScheduledAction(15, 45, min_size=floor.value), ScheduledAction(18, 30, min_size=2)]
                if floor.value
                else []
            )
            run = simulate_scaling(
                demand,
                AutoScalingGroup(min_size=2, max_size=40, desired_capacity=2),
                target_tracking=[TargetTrackingPolicy("CPUUtilization", target.value)],
                scheduled=scheduled,
                predictive=predict.value,
                predictive_target_cpu=float(target.value),
            )
            return html_of(run)

        show(result, compute)

    for w in (target, floor, predict):
        w.observe(update, names="value")
    update()
    return _box([target, floor, predict, result])


def failover_explorer(*, request_interval_s: int, failure_threshold: int, ttl_s: int):
    """See ``awsbasics.widgets.failover_explorer``."""
    import ipywidgets as widgets

    interval = control(
        widgets.ToggleButtons(options=[10, 30], value=request_interval_s, description="check every (s)", style=_STYLE)
    )
    threshold = _slider(failure_threshold, 1, 10, "failures in a row")
    ttl = _slider(ttl_s, 0, 600, "record TTL (s)", step=10)
    result = output_area()

    def update(_change=None):
        show(
            result,
            lambda: html_of(
                simulate_failover(
                    HealthCheck(request_interval_s=interval.value, failure_threshold=threshold.value), ttl_s=ttl.value
                )
            ),
        )

    for w in (interval, threshold, ttl):
        w.observe(update, names="value")
    update()
    return _box([interval, threshold, ttl, result])
