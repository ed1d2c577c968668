"""The chapter 04 widgets: an RDS failover simulator and an Aurora storage-quorum simulator."""

from __future__ import annotations

from awsbasics.database import AZS, DEPLOYMENTS, ENGINES, FAILURES, NODES, deployment, fail, storage_quorum
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "150px"}


def failover_simulator(*, kind: str, engine: str, read_replicas: int, failure: str, seed: int):
    """See ``awsbasics.widgets.failover_simulator``."""
    import ipywidgets as widgets

    # Check the starting values with the engine first: a bad one raises its rule, not a widget trait error.
    start = deployment(kind, engine=engine, read_replicas=read_replicas)
    if failure != "replica" or start.replicas:  # a replica failure without replicas is shown, not raised
        fail(start, failure, seed=seed)

    def dropdown(options, value, description):
        return control(
            widgets.Dropdown(
                options=options, value=value, description=description, style=_STYLE, layout=widgets.Layout(**_LAYOUT)
            )
        )

    kinds = dropdown([(DEPLOYMENTS[k], k) for k in DEPLOYMENTS], kind, "deployment")
    engines = dropdown(list(ENGINES), engine, "engine")
    replicas = control(
        widgets.IntSlider(
            value=read_replicas,
            min=0,
            max=ENGINES[engine],
            description="read replicas",
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        )
    )
    failures = dropdown(list(FAILURES), failure, "fail")
    azs = dropdown(["az-a", "az-b", "az-c"], "az-a", "AZ (for 'az')")
    result = output_area()

    def update(_change=None):
        replicas.max = ENGINES[engines.value]  # the engine's own replica limit

        def render() -> str:
            outcome = fail(
                deployment(kinds.value, engine=engines.value, read_replicas=replicas.value),
                failures.value,
                az=azs.value if failures.value == "az" else None,
                seed=seed,
            )
            return outcome.diagram().html() + html_of(outcome)

        show(result, render)

    for widget in (kinds, engines, replicas, failures, azs):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([kinds, engines, replicas, failures, azs, result])
    box.add_class(WIDGET_CLASS)
    return box


def quorum_simulator(*, failed_azs: tuple[str, ...], failed_nodes: tuple[str, ...]):
    """See ``awsbasics.widgets.quorum_simulator``."""
    import ipywidgets as widgets

    storage_quorum(failed_azs=failed_azs, failed_nodes=failed_nodes)  # a bad starting value raises its rule

    az_pick = control(
        widgets.SelectMultiple(
            options=list(AZS),
            value=tuple(failed_azs),
            description="failed AZs",
            rows=len(AZS),
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        )
    )
    node_pick = control(
        widgets.SelectMultiple(
            options=list(NODES),
            value=tuple(failed_nodes),
            description="failed copies",
            rows=len(NODES),
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        )
    )
    result = output_area()

    def update(_change=None):
        def render() -> str:
            outcome = storage_quorum(failed_azs=az_pick.value, failed_nodes=node_pick.value)
            return outcome.diagram().html() + html_of(outcome)

        show(result, render)

    for widget in (az_pick, node_pick):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([az_pick, node_pick, result])
    box.add_class(WIDGET_CLASS)
    return box
