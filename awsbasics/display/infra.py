"""Diagrams and figures for the global-infrastructure chapter."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "region_view",
    "region_diagram",
    "failure_view",
    "failure_diagram",
    "world_figure",
    "zone_types_view",
    "comparison_view",
]

_GRAPH = 'digraph {{\n  rankdir=TB; fontname="Helvetica";\n  node [fontname="Helvetica", fontsize=11];\n{body}}}\n'


def _cluster(name: str, label: str, body: list[str]) -> str:
    # AZ nodes have no edges between them, so dot lays them side by side in the cluster.
    lines = [
        f"  subgraph {node_id('cluster', name)} {{",
        f"    label={quote(label)}; style=rounded; color={quote(PALETTE['blue'])}; penwidth=2;",
        *body,
        "  }",
    ]
    return "\n".join(lines) + "\n"


def region_view(region) -> dict[str, str]:
    """A Region's rich view: its one-line description, a table of its AZs and its diagram."""
    line = region.text().split("\n", 1)[0]
    rows = [[z.name, region.code] for z in region.availability_zones]
    table = html_table(["availability_zone", "region"], rows)
    return {"text/html": f"<p>{escape(line)}</p>{table}{region_diagram(region).html()}"}


def region_diagram(region) -> Diagram:
    """A Region cluster holding one box per Availability Zone."""
    body = [
        f"    {node_id('az', z.name)} [shape=box, style=filled, fillcolor={quote(PALETTE['sky_blue'])}, "
        f"label={quote('AZ ' + z.name)}, tooltip={quote(z.name)}];"
        for z in region.availability_zones
    ]
    summary = f"Region {region.code} ({region.name}) contains {region.az_count} Availability Zones: " + ", ".join(
        z.name for z in region.availability_zones
    )
    label = f"Region {region.code}\n{region.name}"
    return Diagram(_GRAPH.format(body=_cluster(region.code, label, body)), summary)


def failure_diagram(failure) -> Diagram:
    """AZ boxes with instance counts; failed AZs are dashed, grey and marked FAILED."""
    body = []
    for index, (name, count) in enumerate(zip(failure.zone_names, failure.per_az)):
        nid = node_id("az", name)
        if index < failure.failed:
            label = f"AZ {name}: FAILED\n{count} instances lost"
            body.append(
                f'    {nid} [shape=box, style="dashed,filled", fillcolor={quote("#eeeeee")}, '
                f"color={quote(PALETTE['vermillion'])}, fontcolor={quote(PALETTE['grey'])}, "
                f"label={quote(label)}];"
            )
        else:
            label = f"AZ {name}: up\n{count} instances"
            body.append(
                f"    {nid} [shape=box, style=filled, fillcolor={quote(PALETTE['bluish_green'])}, "
                f"label={quote(label)}];"
            )
    title = f"Region {failure.region}" if failure.region else f"{failure.azs} Availability Zones"
    return Diagram(_GRAPH.format(body=_cluster("fleet", title, body)), failure.text())


def failure_view(failure) -> dict[str, str]:
    """An AZ failure's rich view: its diagram."""
    return {"text/html": failure_diagram(failure).html()}


def world_figure(regions, edge_locations=(), *, as_of: str, highlight: str | None = None):
    """Regions (marker size by AZ count) and edge locations on a world map."""
    from awsbasics.display.world import world_map

    points = [
        {
            "label": r.code,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "group": "Region",
            "size": 6 + 2 * r.az_count,
            "hover": f"{r.code}<br>{r.name}<br>{r.az_count} AZs",
        }
        for r in regions
    ]
    points += [
        {
            "label": e.city,
            "latitude": e.latitude,
            "longitude": e.longitude,
            "group": "Edge location (sample)",
            "size": 7,
            "hover": f"{e.city}, {e.country}<br>edge location",
        }
        for e in edge_locations
    ]
    title = f"AWS Regions (commercial, as of {as_of})"
    return world_map(points, title=title, highlight=highlight)


def zone_types_view(table) -> dict[str, str]:
    """The zone-type table, whole (no cell cut short)."""
    return {"text/html": html_table(table.columns, table.rows, caption="Where AWS runs infrastructure")}


def comparison_view(comparison) -> dict[str, str]:
    """A Region comparison: its verdict, then one row per candidate, nearest first."""
    return {"text/html": f"<p>{escape(comparison.verdict)}</p>" + html_table(comparison.columns, comparison.rows())}
