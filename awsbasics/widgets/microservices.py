"""Chapter 10 widgets: the Lambda calculator and the Fargate task sizer."""

from __future__ import annotations

from awsbasics.display import escape
from awsbasics.microservices import (
    CPU_UNITS_PER_VCPU,
    LambdaFunction,
    TaskDefinition,
    fargate_memory_options,
    fargate_sizes,
    lambda_concurrency,
    lambda_cost,
)
from awsbasics.microservices.lambdas import ARCHITECTURES, MEMORY_MB, TIMEOUT_S
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

_SECONDS_PER_MONTH = 730 * 3600


def lambda_calculator(
    *,
    memory_mb: int,
    avg_duration_ms: int,
    requests_per_second: float,
    account_limit: int,
    architecture: str,
    free_tier: bool,
):
    """See ``awsbasics.widgets.lambda_calculator``."""
    import ipywidgets as widgets

    style = {"description_width": "190px"}
    layout = widgets.Layout(width="520px")
    rps = control(
        widgets.FloatLogSlider(
            value=requests_per_second,
            base=10,
            min=-1,
            max=4,
            step=0.05,
            description="requests per second",
            style=style,
            layout=layout,
        )
    )
    duration = control(
        widgets.IntSlider(
            value=avg_duration_ms,
            min=1,
            max=TIMEOUT_S["max"] * 1000,
            step=1,
            description="average duration (ms)",
            style=style,
            layout=layout,
        )
    )
    memory = control(
        widgets.IntSlider(
            value=memory_mb,
            min=MEMORY_MB["min"],
            max=MEMORY_MB["max"],
            step=MEMORY_MB["step"],
            description="memory (MB)",
            style=style,
            layout=layout,
        )
    )
    arch = control(
        widgets.Dropdown(
            options=list(ARCHITECTURES), value=architecture, description="architecture", style=style, layout=layout
        )
    )
    limit = control(
        widgets.IntText(value=account_limit, description="account concurrency quota", style=style, layout=layout)
    )
    free = control(
        widgets.Checkbox(value=free_tier, description="apply the monthly free tier", style=style, layout=layout)
    )
    result = output_area()

    def update(_change=None):
        def compute():
            function = LambdaFunction(memory_mb=memory.value, timeout_s=TIMEOUT_S["max"], architecture=arch.value)
            need = lambda_concurrency(rps.value, duration.value / 1000, account_limit=limit.value)
            cost = lambda_cost(
                function,
                requests_per_month=rps.value * _SECONDS_PER_MONTH,
                avg_duration_ms=duration.value,
                free_tier=free.value,
            )
            return f"<p>{escape(need.verdict)}</p>" + html_of(cost)

        show(result, compute)

    for widget in (rps, duration, memory, arch, limit, free):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([rps, duration, memory, arch, limit, free, result])
    box.add_class(WIDGET_CLASS)
    return box


def fargate_sizer(*, cpu: int, memory_mib: int, operating_system: str):
    """See ``awsbasics.widgets.fargate_sizer``."""
    import ipywidgets as widgets

    style = {"description_width": "150px"}
    layout = widgets.Layout(width="460px")
    cpus = sorted({c for c, _ in fargate_sizes("LINUX")})
    cpu_box = control(
        widgets.Dropdown(
            options=[(f"{c} ({c / CPU_UNITS_PER_VCPU:g} vCPU)", c) for c in cpus],
            value=cpu,
            description="task cpu (units)",
            style=style,
            layout=layout,
        )
    )
    top = max(m for _, m in fargate_sizes("LINUX"))
    memory = control(
        widgets.IntSlider(
            value=memory_mib, min=512, max=top, step=512, description="memory (MiB)", style=style, layout=layout
        )
    )
    system = control(
        widgets.Dropdown(
            options=["LINUX", "WINDOWS"],
            value=operating_system,
            description="operating system",
            style=style,
            layout=layout,
        )
    )
    result = output_area()

    def update(_change=None):
        def compute():
            task = TaskDefinition(cpu=cpu_box.value, memory_mib=memory.value, operating_system=system.value)
            options = fargate_memory_options(task.cpu, operating_system=task.operating_system)
            note = f"<p>Valid memory for {task.cpu} CPU units: {options[0]} to {options[-1]} MiB.</p>"
            return note + html_of(task)

        show(result, compute)

    for widget in (cpu_box, memory, system):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([cpu_box, memory, system, result])
    box.add_class(WIDGET_CLASS)
    return box
