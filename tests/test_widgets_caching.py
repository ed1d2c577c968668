"""The cache explorer: every control changes the output, and its numbers are the engine's."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.caching import CACHE_KEY_EXAMPLES, miss_ratio_curve, simulate_lru, zipf_workload  # noqa: E402
from awsbasics.widgets import cache_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_explorer_shows_the_engine_numbers():
    box = cache_explorer(capacity=300, objects=1_000, requests=10_000, seed=3)
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == ["cache size (objects)", "TTL", "cache key"]
    hits = miss_ratio_curve(zipf_workload(10_000, objects=1_000, seed=3)).hits_at(300)
    assert f"<tr><td>hits</td><td>{hits}</td></tr>" in output.value
    assert "Cache key: the URL path only -&gt; 1 cached copies per object" in output.value


def test_every_control_changes_the_output():
    box = cache_explorer(objects=1_000, requests=10_000, seed=3)
    controls, output = _parts(box)
    seen = {output.value}
    for name, value in [
        ("cache size (objects)", 600),
        ("TTL", "60 s"),
        ("cache key", "+ Accept-Language header (5 values)"),
    ]:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)
    w = CACHE_KEY_EXAMPLES["+ Accept-Language header (5 values)"].apply(
        zipf_workload(10_000, objects=1_000, seed=3), seed=3
    )
    assert f"<tr><td>hits</td><td>{simulate_lru(w, capacity=600, ttl_s=60).hit_count}</td></tr>" in output.value
    assert "<tr><td>ttl_s</td><td>60</td></tr>" in output.value


def test_growing_key_lowers_the_hit_ratio():
    box = cache_explorer(capacity=300, objects=1_000, requests=10_000, seed=3)
    controls, output = _parts(box)
    ratios = []
    for name in CACHE_KEY_EXAMPLES:
        controls["cache key"].value = name
        row = output.value.split("<tr><td>hit_ratio_pct</td><td>")[1]
        ratios.append(float(row.split("<")[0]))
    assert ratios == sorted(ratios, reverse=True) and ratios[0] > ratios[-1]
