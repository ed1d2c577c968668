"""Tests for awsbasics.display.world: the offline world map."""

from __future__ import annotations

import math
import re
from importlib import resources
from numbers import Real

import pytest

from awsbasics.data import load
from awsbasics.display import PALETTE
from awsbasics.display.world import GROUP_COLOURS, GROUP_SYMBOLS, basemap_trace, world_map


def point(label, latitude=37.6, longitude=127.0, *, group="Region", size=10, hover=None):
    return {
        "label": label,
        "latitude": latitude,
        "longitude": longitude,
        "group": group,
        "size": size,
        "hover": hover if hover is not None else f"{label}: {latitude}, {longitude}",
    }


POINTS = [
    point("us-east-1", 38.9, -77.4),
    point("Seattle", 47.6, -122.3, group="Edge location", size=6),
    point("ap-northeast-2", 37.6, 127.0, hover="ap-northeast-2<br>Seoul, 4 AZs"),
    point("Seoul", 37.5, 127.0, group="Edge location", size=6),
    point("Lagos", 6.5, 3.4, group="Regional edge cache", size=8),
]


def group_traces(fig):
    return [trace for trace in fig.data if trace.name != "land"]


# --- data file ---------------------------------------------------------------


def test_outline_is_sourced():
    doc = load("world_outline")
    assert doc["source"].startswith("https://www.naturalearthdata.com/")
    assert "public domain" in doc["license"].lower()
    assert re.fullmatch(r"\d{4}-\d{2}", doc["as_of"])
    assert doc["via"]


def test_outline_coordinates_in_range():
    rings = load("world_outline")["rings"]
    assert len(rings) > 100
    for ring in rings:
        assert len(ring) >= 4
        assert ring[0] == ring[-1]  # closed
        for lon, lat in ring:
            assert isinstance(lon, Real) and isinstance(lat, Real)
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_outline_file_is_small():
    path = resources.files("awsbasics.data").joinpath("world_outline.json")
    assert len(path.read_bytes()) < 250_000


# --- basemap -----------------------------------------------------------------


def test_basemap_trace_is_one_line_with_gaps():
    trace = basemap_trace()
    assert trace.type == "scatter"
    assert trace.mode == "lines"
    assert trace.name == "land"
    assert trace.hoverinfo == "skip"
    assert trace.showlegend is False
    assert trace.line.color == PALETTE["grey"]
    assert trace.line.width <= 1
    xs, ys = list(trace.x), list(trace.y)
    assert len(xs) == len(ys)
    gaps = [i for i, x in enumerate(xs) if x is None]
    assert gaps == [i for i, y in enumerate(ys) if y is None]
    assert len(gaps) == len(load("world_outline")["rings"]) - 1
    for value in xs + ys:
        if value is not None:
            assert isinstance(value, Real) and not isinstance(value, bool)
            assert math.isfinite(value)


def test_basemap_trace_is_a_fresh_object():
    assert basemap_trace() is not basemap_trace()


# --- world_map ---------------------------------------------------------------


def test_one_trace_per_group_in_first_seen_order_plus_basemap():
    fig = world_map(POINTS, title="AWS locations")
    assert fig.data[0].name == "land"
    assert [t.name for t in group_traces(fig)] == ["Region", "Edge location", "Regional edge cache"]
    assert all(t.type == "scatter" for t in fig.data)
    region = group_traces(fig)[0]
    assert list(region.x) == [-77.4, 127.0]
    assert list(region.y) == [38.9, 37.6]
    assert list(region.marker.size) == [10, 10]


def test_groups_differ_in_colour_and_symbol():
    traces = group_traces(world_map(POINTS, title="x"))
    colours = [t.marker.color for t in traces]
    symbols = [t.marker.symbol for t in traces]
    assert colours == [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"]]
    assert symbols == ["circle", "diamond", "square"]
    assert len(set(colours)) == len(set(symbols)) == 3


def test_many_groups_keep_distinct_colour_symbol_pairs():
    points = [point(f"p{i}", group=f"g{i}") for i in range(len(GROUP_COLOURS) + 2)]
    traces = group_traces(world_map(points, title="x"))
    pairs = {(t.marker.color, t.marker.symbol) for t in traces}
    assert len(pairs) == len(traces)
    assert set(GROUP_SYMBOLS) >= {t.marker.symbol for t in traces}


def test_hover_texts_are_carried_exactly():
    fig = world_map(POINTS, title="x")
    region, edge, cache = group_traces(fig)
    assert list(region.hovertext) == ["us-east-1: 38.9, -77.4", "ap-northeast-2<br>Seoul, 4 AZs"]
    assert list(edge.hovertext) == ["Seattle: 47.6, -122.3", "Seoul: 37.5, 127.0"]
    assert region.hoverinfo == "text"


def test_without_highlight_there_are_no_text_labels():
    for trace in group_traces(world_map(POINTS, title="x")):
        assert trace.mode == "markers"
        assert trace.text is None


def test_highlight_adds_outline_and_text_label():
    fig = world_map(POINTS, title="x", highlight="ap-northeast-2")
    region, edge, _ = group_traces(fig)
    assert "text" in region.mode
    labels = dict(zip(region.hovertext, region.text))
    assert labels["ap-northeast-2<br>Seoul, 4 AZs"] == "ap-northeast-2"
    assert labels["us-east-1: 38.9, -77.4"] == ""
    index = list(region.text).index("ap-northeast-2")
    assert region.marker.line.color[index] == PALETTE["black"]
    assert region.marker.line.width[index] > max(w for i, w in enumerate(region.marker.line.width) if i != index)
    # coordinates, sizes and hover stay aligned after the highlighted marker moves last
    assert (region.x[index], region.y[index]) == (127.0, 37.6)
    # other groups are untouched
    assert edge.mode == "markers" and edge.text is None


def test_layout():
    fig = world_map(POINTS, title="AWS Regions")
    layout = fig.layout
    assert layout.title.text == "AWS Regions"
    assert layout.xaxis.title.text == "longitude (degrees)"
    assert layout.yaxis.title.text == "latitude (degrees)"
    assert tuple(layout.xaxis.range) == (-180, 180)
    assert tuple(layout.yaxis.range) == (-60, 85)
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1
    assert layout.xaxis.showgrid is False and layout.yaxis.showgrid is False
    assert layout.plot_bgcolor == "white"
    assert layout.legend.orientation == "h"
    assert layout.height == 420


def test_figure_needs_no_network():
    fig = world_map(POINTS, title="x", highlight="Seoul")
    text = fig.to_json()
    assert "http" not in text
    geo_types = {"scattergeo", "choropleth", "scattermapbox", "scattermap"}
    assert not any(t.type in geo_types for t in fig.data)
    assert "geo" not in fig.to_dict()["layout"]


def test_empty_points_give_just_the_basemap():
    fig = world_map([], title="nothing yet")
    assert [t.name for t in fig.data] == ["land"]


def test_tuple_of_mappings_is_accepted():
    assert len(world_map(tuple(POINTS[:1]), title="x").data) == 2


# --- validation --------------------------------------------------------------


@pytest.mark.parametrize(
    "points",
    [
        "us-east-1",
        b"us-east-1",
        None,
        42,
        {"label": "us-east-1"},
        {point("us-east-1")["label"]},
        ["us-east-1"],
        [point("us-east-1"), ("us-west-2", 45.8, -119.7)],
    ],
)
def test_points_must_be_a_sequence_of_mappings(points):
    with pytest.raises(TypeError, match="points"):
        world_map(points, title="x")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"label": 7}, r"label must be str, not int"),
        ({"group": None}, r"group of 'p' must be str"),
        ({"hover": 1.5}, r"hover of 'p' must be str"),
        ({"latitude": "37.6"}, r"latitude of 'p' must be a number, not str"),
        ({"longitude": True}, r"longitude of 'p' must be a number, not bool"),
        ({"size": None}, r"size of 'p' must be a number"),
    ],
)
def test_wrong_kinds_raise_type_error(bad, message):
    with pytest.raises(TypeError, match=message):
        world_map([{**point("p"), **bad}], title="x")


@pytest.mark.parametrize(
    "latitude, longitude, message",
    [
        (95.0, 0.0, r"latitude of 'far-north' is 95\.0, outside -90\.\.90 degrees"),
        (-90.5, 0.0, r"latitude of 'far-north' is -90\.5"),
        (0.0, 181, r"longitude of 'far-north' is 181, outside -180\.\.180 degrees"),
        (0.0, -200.0, r"longitude of 'far-north' is -200\.0"),
        (float("nan"), 0.0, r"latitude of 'far-north' is nan"),
    ],
)
def test_out_of_range_coordinates_name_label_and_value(latitude, longitude, message):
    with pytest.raises(ValueError, match=message):
        world_map([point("far-north", latitude, longitude)], title="x")


@pytest.mark.parametrize("latitude, longitude", [(90, 180), (-90, -180), (0, 0)])
def test_edge_coordinates_are_accepted(latitude, longitude):
    world_map([point("edge", latitude, longitude)], title="x")


def test_missing_key_is_named():
    bad = point("p")
    del bad["hover"]
    with pytest.raises(ValueError, match=r"points\[0\] is missing hover"):
        world_map([bad], title="x")


@pytest.mark.parametrize("size", [0, -3, float("inf")])
def test_size_must_be_positive(size):
    with pytest.raises(ValueError, match="size of 'p'"):
        world_map([point("p", size=size)], title="x")


def test_unknown_highlight_is_an_error_not_a_silent_no_op():
    with pytest.raises(ValueError, match=r"highlight 'eu-west-9' is not the label of any point"):
        world_map(POINTS, title="x", highlight="eu-west-9")


def test_highlight_and_title_kinds():
    with pytest.raises(TypeError, match="highlight"):
        world_map(POINTS, title="x", highlight=["us-east-1"])
    with pytest.raises(TypeError, match="title"):
        world_map(POINTS, title=None)
