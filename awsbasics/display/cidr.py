"""HTML views of CIDR blocks: the bit view and a plan's address-space bar."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape

__all__ = ["bit_view", "cidr_view", "plan_view", "bit_view_html", "address_space_html", "plan_html"]

_CELL = "display:inline-block;width:1.1em;text-align:center;font-family:monospace;margin:0 1px 1px 0;"


def bit_view_html(view) -> str:
    """The 32 bits as cells: network bits filled blue, host bits outlined orange and dashed."""

    def row(label: str, bits: str, dotted: str) -> str:
        cells = []
        for index, bit in enumerate(bits):
            if index and index % 8 == 0:
                cells.append('<span style="display:inline-block;width:0.6em">.</span>')
            if index < view.prefix:
                style = f"background:{PALETTE['blue']};color:white;border:1px solid {PALETTE['blue']};"
            else:
                style = f"background:white;color:black;border:1px dashed {PALETTE['orange']};"
            cells.append(f'<span style="{_CELL}{style}">{bit}</span>')
        return f'<div><span style="display:inline-block;width:5em">{label}</span>{"".join(cells)} <code>{dotted}</code></div>'

    lines = view.text().splitlines()
    return (
        '<div class="awsbasics-bits">'
        + row("address", view.address_bits, escape(lines[0].split()[-1]))
        + row("mask", view.mask_bits, escape(lines[1].split()[-1]))
        + f"<div><small>{escape(lines[2].strip())} (filled: network bits, dashed: host bits)</small></div></div>"
    )


def bit_view(view) -> dict[str, str]:
    """A bit view's rich view: its 32 bit cells."""
    return {"text/html": bit_view_html(view)}


def cidr_view(block) -> dict[str, str]:
    """A CIDR block's rich view: the bit view of its network address."""
    return bit_view(block.bits())


def address_space_html(report) -> str:
    """A bar of the VPC's address space: each subnet's usable part by tier, its reserved part, free space.

    Reserved addresses get a minimum width so they stay visible in large subnets.
    """
    vpc = report.vpc_cidr
    colours = [PALETTE[name] for name in ("blue", "bluish_green", "reddish_purple", "sky_blue", "yellow")]
    tier_colour = {tier: colours[i % len(colours)] for i, tier in enumerate(report.tiers)}
    parts = []
    for block in report.address_space:
        share = 100 * block.addresses / vpc.num_addresses
        label = f"{block.tier} {block.az}" if block.tier is not None else "unallocated"
        title = escape(f"{block.cidr} {label}: {block.addresses:,} addresses")
        if block.tier is None:
            parts.append(
                f'<div title="{title}" style="width:{share}%;background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fff 4px,#fff 8px)"></div>'
            )
            continue
        parts.append(
            f'<div title="{title}" style="width:{share}%;display:flex;border-right:1px solid white">'
            f'<div style="flex:1;background:{tier_colour[block.tier]}"></div>'
            f'<div style="width:max(3px,{100 * block.reserved / block.addresses}%);background:{PALETTE["vermillion"]}"></div></div>'
        )
    legend = " ".join(
        f'<span style="display:inline-block;width:0.8em;height:0.8em;background:{c}"></span> {escape(t)}'
        for t, c in tier_colour.items()
    )
    legend += f' <span style="display:inline-block;width:0.8em;height:0.8em;background:{PALETTE["vermillion"]}"></span> reserved by AWS'
    legend += ' <span style="display:inline-block;width:0.8em;height:0.8em;background:#eee;border:1px solid #ccc"></span> unallocated'
    return (
        f'<div class="awsbasics-address-space"><div style="display:flex;height:1.6em;border:1px solid #999">'
        f"{''.join(parts)}</div><small>{escape(vpc)}: {legend}</small></div>"
    )


def plan_html(report) -> str:
    """The address-space bar, the plan table and its findings."""
    items = "".join(f"<li>{escape(finding)}</li>" for finding in report.findings)
    return (
        address_space_html(report)
        + report.table.to_html(index=False, escape=True, classes="awsbasics")
        + (f"<p><b>Review</b></p><ul>{items}</ul>" if items else "")
    )


def plan_view(report) -> dict[str, str]:
    """A plan's rich view: its first line, then :func:`plan_html`."""
    line = report.text().split("\n", 1)[0]
    return {"text/html": f"<p>{escape(line)}</p>{plan_html(report)}"}
