"""The cache explorer widget: cache size, TTL and cache key -> hit ratio, origin requests and latency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.caching import CACHE_KEY_EXAMPLES, miss_ratio_curve, simulate_lru, zipf_workload
from awsbasics.display import escape
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

if TYPE_CHECKING:
    from awsbasics.caching import MissRatioCurve

# TTL choices offered by the dropdown (seconds; None keeps copies until evicted).
_TTLS = {"no TTL (until evicted)": None, "10 s": 10.0, "60 s": 60.0, "300 s": 300.0}


def cache_explorer(
    *, capacity: int, ttl_s: float | None, cache_key: str, objects: int, requests: int, alpha: float, seed: int
):
    """See ``awsbasics.widgets.cache_explorer``."""
    import ipywidgets as widgets

    style = {"description_width": "160px"}
    layout = widgets.Layout(width="520px")
    base = zipf_workload(requests, objects=objects, alpha=alpha, seed=seed)
    ttl_label = next((k for k, v in _TTLS.items() if v == ttl_s), None)
    if ttl_label is None:
        ttl_label = f"{ttl_s:g} s"
        _choices = {**_TTLS, ttl_label: ttl_s}
    else:
        _choices = dict(_TTLS)
    size = control(
        widgets.IntSlider(
            value=capacity,
            min=0,
            max=objects,
            step=max(1, objects // 500),
            description="cache size (objects)",
            style=style,
            layout=layout,
            continuous_update=False,
        )
    )
    ttl = control(
        widgets.Dropdown(options=list(_choices), value=ttl_label, description="TTL", style=style, layout=layout)
    )
    key = control(
        widgets.Dropdown(
            options=list(CACHE_KEY_EXAMPLES), value=cache_key, description="cache key", style=style, layout=layout
        )
    )
    result = output_area()
    curves: dict[str, MissRatioCurve] = {}

    def update(_change=None):
        def compute() -> str:
            cache_key = CACHE_KEY_EXAMPLES[key.value]
            workload = cache_key.apply(base, seed=seed)
            if _choices[ttl.value] is not None:
                run = simulate_lru(workload, capacity=size.value, ttl_s=_choices[ttl.value])
            else:
                # Without a TTL the one-pass curve answers every size instantly.
                if key.value not in curves:
                    curves[key.value] = miss_ratio_curve(workload)
                run = curves[key.value].run(size.value)
            return f"<p>{escape(cache_key.text())}</p>" + html_of(run)

        show(result, compute)

    for widget in (size, ttl, key):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([size, ttl, key, result])
    box.add_class(WIDGET_CLASS)
    return box
