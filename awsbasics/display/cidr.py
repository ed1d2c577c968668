"""HTML views of CIDR blocks: the bit view and a plan's address-space bar."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape

__all__ = ["bit_view_html", "address_space_html", "plan_html"]

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


def address_space_html(table) -> str:
    """A bar of the VPC's address space: each subnet's usable part by tier, its reserved part, free space.

    Reserved addresses get a minimum width so they stay visible in large subnets.
    """
    from awsbasics.network.cidr import Cidr

    vpc = Cidr.parse(table.attrs["vpc_cidr"])
    colours = [PALETTE[name] for name in ("blue", "bluish_green", "reddish_purple", "sky_blue", "yellow")]
    tier_colour = {tier: colours[i % len(colours)] for i, tier in enumerate(dict.fromkeys(table["tier"]))}
    segments = [
        (Cidr.parse(c), f"{tier} {az}", tier_colour[tier], reserved)
        for az, tier, c, reserved in zip(table["az"], table["tier"], table["cidr"], table["reserved"])
    ]
    segments += [(Cidr.parse(c), "unallocated", None, 0) for c in table.attrs["unallocated"]]
    parts = []
    for block, label, colour, reserved in sorted(segments, key=lambda s: s[0]):
        share = 100 * block.num_addresses / vpc.num_addresses
        title = escape(f"{block} {label}: {block.num_addresses:,} addresses")
        if colour is None:
            parts.append(f'<div title="{title}" style="width:{share}%;background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fff 4px,#fff 8px)"></div>')
            continue
        parts.append(
            f'<div title="{title}" style="width:{share}%;display:flex;border-right:1px solid white">'
            f'<div style="flex:1;background:{colour}"></div>'
            f'<div style="width:max(3px,{100 * reserved / block.num_addresses}%);background:{PALETTE["vermillion"]}"></div></div>'
        )
    legend = " ".join(
        f'<span style="display:inline-block;width:0.8em;height:0.8em;background:{c}"></span> {escape(t)}'
        for t, c in tier_colour.items()
    )
    legend += f' <span style="display:inline-block;width:0.8em;height:0.8em;background:{PALETTE["vermillion"]}"></span> reserved by AWS'
    legend += ' <span style="display:inline-block;width:0.8em;height:0.8em;background:#eee;border:1px solid #ccc"></span> unallocated'
    return (
        f'<div class="awsbasics-address-space"><div style="display:flex;height:1.6em;border:1px solid #999">'
        f'{"".join(parts)}</div><small>{escape(vpc)}: {legend}</small></div>'
    )


def plan_html(table, findings_text: list[str]) -> str:
    """The address-space bar, the plan table and its findings."""
    items = "".join(f"<li>{escape(text)}</li>" for text in findings_text)
    return (
        address_space_html(table)
        + table.to_html(index=False, escape=True, classes="awsbasics")
        + (f"<p><b>Review</b></p><ul>{items}</ul>" if items else "")
    )
