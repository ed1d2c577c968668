"""Chapter 08 displays: exact fragments of the tables, the figure's data and the request-path diagram."""

import pytest

from awsbasics.caching import miss_ratio_curve, simulate_cdn, simulate_lru, zipf_workload
from awsbasics.display.caching import cdn_diagram, cdn_view, curve_figure, curve_view, run_view

W = zipf_workload(5_000, objects=500, seed=3)
CURVE = miss_ratio_curve(W)


def test_run_view_shows_the_measures_and_verdict():
    run = simulate_lru(W, capacity=50)
    html = run_view(run)["text/html"]
    assert "<caption>LRU cache run</caption>" in html
    assert f"<tr><td>hits</td><td>{run.hit_count}</td></tr>" in html
    assert f"<tr><td>origin_requests</td><td>{run.origin_requests}</td></tr>" in html
    assert "<tr><td>ttl_s</td><td>none</td></tr>" in html
    assert f"An LRU cache of 50 objects with no TTL serves {run.hit_ratio:.1%}" in html
    bundle = run._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and bundle["text/plain"] == run.text()


def test_curve_view_and_figure_read_the_curve():
    html = curve_view(CURVE)["text/html"]
    assert f"<tr><td>10</td><td>{CURVE.hit_ratio_at(10):.3f}</td></tr>" in html
    assert f"<tr><td>{CURVE.max_capacity}</td>" in html
    fig = curve_figure(CURVE, marks=(10,)).to_dict()
    line, mark = fig["data"]
    assert line["x"][:3] == [0, 1, 2] and len(line["x"]) == CURVE.max_capacity + 1
    assert line["y"][10] == pytest.approx(100 * CURVE.hit_ratio_at(10), abs=1e-3)
    assert mark["x"] == [10] and mark["name"] == "10 objects"
    assert fig["layout"]["xaxis"]["type"] == "log"
    assert fig["layout"]["title"]["text"] == "LRU hit ratio at every cache size (5,000 requests, Zipf alpha 0.9)"
    assert CURVE.figure().to_dict()["data"][0]["name"] == "hit ratio (%)"


def test_cdn_view_and_diagram():
    run = simulate_cdn(W, edge_capacity=20, regional_capacity=100, origin_shield=True, seed=2)
    html = cdn_view(run)["text/html"]
    edge = run.layers[0]
    assert f"<tr><td>edge location</td><td>4</td><td>20</td><td>5000</td><td>{edge.hits}</td>" in html
    assert "<th>served_pct</th>" in html and "<tr><td>Origin Shield</td><td>1</td><td>100</td>" in html
    diagram = cdn_diagram(run)
    assert 'label="Origin (in an AWS Region)"' in diagram.dot
    assert f"served {edge.hits:,}" in diagram.dot
    assert f'" {run.origin_requests:,} misses"' in diagram.dot
    assert "shape=cylinder" in diagram.dot and "ElastiCache" in diagram.dot
    assert diagram.text().startswith(f"Request path: CloudFront served {run.offload:.1%}")
    assert cdn_diagram(run).dot == diagram.dot  # deterministic node ids
    assert run.diagram().dot == diagram.dot
