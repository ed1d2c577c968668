"""A world map of AWS locations that renders fully offline.

Plotly's geographic traces (``Scattergeo``, ``Choropleth``, ``layout.geo``)
fetch their basemap from a CDN when the figure is viewed, so a notebook opened
without internet would show markers floating on nothing. This module draws the
land itself instead: Natural Earth 1:110m country outlines (public domain,
shipped as ``awsbasics/data/world_outline.json``) become one ordinary
``Scatter`` line trace, with longitude on x and latitude on y (an
equirectangular map, one degree as wide as it is tall).

    >>> from awsbasics.display.world import world_map
    >>> seoul = {"label": "ap-northeast-2", "latitude": 37.6, "longitude": 127.0,
    ...          "group": "Region", "size": 10, "hover": "ap-northeast-2: Seoul, 4 AZs"}
    >>> len(world_map([seoul], title="AWS Regions").data)  # basemap + one group
    2
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache
from numbers import Real

from awsbasics.data import load
from awsbasics.display import PALETTE

__all__ = ["basemap_trace", "world_map", "GROUP_COLOURS", "GROUP_SYMBOLS"]

# Groups are told apart by colour *and* symbol, so the map reads without colour.
# Colours follow the palette's order; grey is the land and black the highlight,
# so neither marks a group. Yellow comes last: it is faint on white.
GROUP_COLOURS = tuple(
    PALETTE[name] for name in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow")
)
# One more symbol than colours, so the (colour, symbol) pairs stay distinct
# for many more groups than a map can usefully show.
GROUP_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "cross", "x", "star", "pentagon")

_POINT_KEYS = ("label", "latitude", "longitude", "group", "size", "hover")
_HIGHLIGHT_COLOUR = PALETTE["black"]
_LAND_COLOUR = PALETTE["grey"]
# The map's visible latitudes: Antarctica (not shipped) and the high Arctic
# would only stretch the map without holding any AWS location.
_X_RANGE = (-180, 180)
_Y_RANGE = (-60, 85)


@cache
def _basemap_xy() -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    """Longitudes and latitudes of every outline ring, rings separated by ``None``."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in load("world_outline")["rings"]:
        if xs:
            xs.append(None)
            ys.append(None)
        for lon, lat in ring:
            xs.append(lon)
            ys.append(lat)
    return tuple(xs), tuple(ys)


def basemap_trace():
    """The land as one grey line trace: Natural Earth 1:110m country outlines.

    Rings are joined into a single trace with ``None`` between them (plotly
    breaks the line at a gap), so the whole basemap costs one trace. It takes
    no hover and has no legend entry.

    Returns:
        plotly.graph_objects.Scatter: x = longitude, y = latitude, in degrees.

    Example:
        >>> trace = basemap_trace()
        >>> trace.name, trace.hoverinfo, None in trace.x
        ('land', 'skip', True)
    """
    import plotly.graph_objects as go

    xs, ys = _basemap_xy()
    return go.Scatter(
        x=list(xs),
        y=list(ys),
        mode="lines",
        line={"color": _LAND_COLOUR, "width": 0.7},
        name="land",
        hoverinfo="skip",
        showlegend=False,
    )


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _validated(points: object) -> list[Mapping]:
    """The points as a list, after checking every kind, key and range."""
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence):
        raise TypeError(f"points must be a sequence (e.g. a list) of dicts, not {type(points).__name__}")
    checked = []
    for index, point in enumerate(points):
        if not isinstance(point, Mapping):
            raise TypeError(
                f"points[{index}] must be a dict with keys {', '.join(_POINT_KEYS)}, not {type(point).__name__}"
            )
        missing = [key for key in _POINT_KEYS if key not in point]
        if missing:
            raise ValueError(f"points[{index}] is missing {', '.join(missing)}")
        label = point["label"]
        if not isinstance(label, str):
            raise TypeError(f"points[{index}] label must be str, not {type(label).__name__}")
        for key in ("group", "hover"):
            if not isinstance(point[key], str):
                raise TypeError(f"{key} of {label!r} must be str, not {type(point[key]).__name__}")
        for key in ("latitude", "longitude", "size"):
            if not _is_number(point[key]):
                kind = type(point[key]).__name__
                raise TypeError(f"{key} of {label!r} must be a number, not {kind}")
        for key, limit in (("latitude", 90), ("longitude", 180)):
            degrees = point[key]
            if not -limit <= degrees <= limit:  # also rejects NaN
                raise ValueError(f"{key} of {label!r} is {degrees}, outside -{limit}..{limit} degrees")
        size = point["size"]
        if not (size > 0 and math.isfinite(size)):
            raise ValueError(f"size of {label!r} is {size}; a marker size must be positive (px)")
        checked.append(point)
    return checked


def world_map(points, *, title, highlight=None):
    """A world map with one marker per point, drawn offline on :func:`basemap_trace`.

    Each ``group`` becomes one legend entry and one trace, in the order groups
    first appear; groups differ in colour (Okabe-Ito: blue, orange, bluish
    green, vermillion, ...) and in symbol (circle, diamond, square, ...).
    Hovering a marker shows its ``hover`` text exactly as given.

    Args:
        points: A sequence of dicts, each with ``label`` (str), ``latitude``
            and ``longitude`` (degrees), ``group`` (str, the legend entry, e.g.
            ``"Region"`` or ``"Edge location"``), ``size`` (marker size in px)
            and ``hover`` (str, the exact values to show on hover).
        title: The figure title.
        highlight: Optional label of the point(s) to single out with a black
            outline and a text label, e.g. the Region a chapter is about.

    Returns:
        plotly.graph_objects.Figure: the basemap trace, then one trace per group.

    Raises:
        TypeError: ``points`` is not a sequence of dicts, or a value has the
            wrong kind (label/group/hover not text, coordinates not numbers).
        ValueError: a key is missing, a latitude is outside -90..90 or a
            longitude outside -180..180 degrees (the message names the label
            and the value), a size is not positive, or ``highlight`` names no
            point.

    Example:
        >>> fig = world_map(
        ...     [{"label": "us-east-1", "latitude": 38.9, "longitude": -77.4,
        ...       "group": "Region", "size": 10, "hover": "us-east-1: N. Virginia"}],
        ...     title="AWS Regions", highlight="us-east-1")
        >>> [trace.name for trace in fig.data]
        ['land', 'Region']
    """
    import plotly.graph_objects as go

    if not isinstance(title, str):
        raise TypeError(f"title must be str, not {type(title).__name__}")
    if highlight is not None and not isinstance(highlight, str):
        raise TypeError(f"highlight must be a label (str) or None, not {type(highlight).__name__}")
    checked = _validated(points)
    if highlight is not None and not any(p["label"] == highlight for p in checked):
        raise ValueError(f"highlight {highlight!r} is not the label of any point")

    groups: dict[str, list[Mapping]] = {}
    for point in checked:
        groups.setdefault(point["group"], []).append(point)

    fig = go.Figure(basemap_trace())
    for number, (group, members) in enumerate(groups.items()):
        # The highlighted marker goes last: it is drawn on top of its group,
        # and the legend icon (drawn from the first marker) stays plain.
        members = sorted(members, key=lambda p: p["label"] == highlight)
        marked = [p["label"] == highlight for p in members]
        trace = {
            "x": [p["longitude"] for p in members],
            "y": [p["latitude"] for p in members],
            "name": group,
            "mode": "markers",
            "marker": {
                "color": GROUP_COLOURS[number % len(GROUP_COLOURS)],
                "symbol": GROUP_SYMBOLS[number % len(GROUP_SYMBOLS)],
                "size": [p["size"] for p in members],
                # plotly fades markers of varying size to 0.7; keep the exact palette colour
                "opacity": 1,
                "line": {
                    "color": [_HIGHLIGHT_COLOUR if m else "white" for m in marked],
                    "width": [2 if m else 0.5 for m in marked],
                },
            },
            "hovertext": [p["hover"] for p in members],
            "hoverinfo": "text",
        }
        if any(marked):
            trace["mode"] = "markers+text"
            trace["text"] = [p["label"] if m else "" for p, m in zip(members, marked)]
            trace["textposition"] = "top center"
            trace["textfont"] = {"color": _HIGHLIGHT_COLOUR, "size": 12}
        fig.add_trace(go.Scatter(**trace))

    axis = {
        "showgrid": False,
        "zeroline": False,
        "showline": True,
        "linecolor": _LAND_COLOUR,
        "mirror": True,
        "ticks": "outside",
        # Shrink the plot area, not widen the ranges, to keep degrees square.
        "constrain": "domain",
    }
    fig.update_layout(
        title={"text": title},
        xaxis={
            **axis,
            "title": {"text": "longitude (degrees)"},
            "range": list(_X_RANGE),
            "dtick": 60,
        },
        yaxis={
            **axis,
            "title": {"text": "latitude (degrees)"},
            "range": list(_Y_RANGE),
            "dtick": 30,
            "scaleanchor": "x",
            "scaleratio": 1,
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.18, "yanchor": "top"},
        height=420,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return fig
