"""The network widgets: the subnet planner and the reachability explorer."""

from __future__ import annotations

from awsbasics._checks import require_int
from awsbasics.errors import VpcError
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
    public_prefix = control(
        widgets.IntSlider(
            value=public, min=largest, max=smallest, description="public subnet /", style=style, layout=layout
        )
    )
    private_prefix = control(
        widgets.IntSlider(
            value=private, min=largest, max=smallest, description="private subnet /", style=style, layout=layout
        )
    )
    vpc = control(
        widgets.Text(value=vpc_cidr, description="VPC CIDR", continuous_update=False, style=style, layout=layout)
    )
    result = output_area()

    def update(_change=None):
        show(
            result,
            lambda: html_of(
                report(
                    plan(
                        vpc.value,
                        azs=zones.value,
                        tiers={"public": public_prefix.value, "private": private_prefix.value},
                    )
                )
            ),
        )

    for widget in (zones, public_prefix, private_prefix, vpc):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([zones, public_prefix, private_prefix, vpc, result])
    box.add_class(WIDGET_CLASS)
    return box


_NONE = "none"
_MAX_PORT = 65535


def reachability_explorer(model, *, port: int = 443):
    """Ask ``reachability()`` about any pair of a model: source, destination, port, IPv4/IPv6, a failed AZ.

    The choices come from the model (its instances, load balancers and AWS services with an
    endpoint, plus the internet); the answer is the same table ``reachability(...)`` shows.
    """
    import ipywidgets as widgets

    from awsbasics.network import VPC, reachability

    port = require_int(port, "port")
    if not 1 <= port <= _MAX_PORT:
        raise VpcError(f"port {port} is outside 1-{_MAX_PORT}, the destination ports reachability() follows")
    models = (model,) if isinstance(model, VPC) else tuple(model)
    instances = [(f"instance {i.name}", i) for m in models for i in m.instances]
    balancers = [(f"load balancer {b.name}", b) for m in models for b in m.load_balancers]
    services = sorted({e.service for m in models for e in m.endpoints})
    sources = [("internet", "internet"), *instances]
    destinations = [("internet", "internet"), *instances, *balancers, *((f"service {s}", s) for s in services)]
    zones = sorted({az for m in models for az in m.availability_zones})
    style = {"description_width": "120px"}
    layout = widgets.Layout(width="460px")
    source = control(
        widgets.Dropdown(
            options=sources,
            value=sources[min(1, len(sources) - 1)][1],
            description="source",
            style=style,
            layout=layout,
        )
    )
    destination = control(
        widgets.Dropdown(options=destinations, value="internet", description="destination", style=style, layout=layout)
    )
    port_box = control(
        widgets.BoundedIntText(value=port, min=1, max=65535, description="port", style=style, layout=layout)
    )
    version = control(
        widgets.Dropdown(
            options=[("IPv4", 4), ("IPv6", 6)], value=4, description="IP version", style=style, layout=layout
        )
    )
    failed = control(
        widgets.Dropdown(options=[_NONE, *zones], value=_NONE, description="failed AZ", style=style, layout=layout)
    )
    result = output_area()

    def update(_change=None):
        show(
            result,
            lambda: html_of(
                reachability(
                    models,
                    source.value,
                    destination.value,
                    port=port_box.value,
                    ip_version=version.value,
                    failed_azs=[] if failed.value == _NONE else [failed.value],
                )
            ),
        )

    for widget in (source, destination, port_box, version, failed):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([source, destination, port_box, version, failed, result])
    box.add_class(WIDGET_CLASS)
    return box
