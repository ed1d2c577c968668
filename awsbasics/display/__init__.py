"""Display layer: turns domain objects into text, HTML tables, SVG diagrams and figures.

Display functions only read properties of domain objects; they never compute
AWS rules. Every visual comes with a ``text/plain`` fallback that says the same
thing, and every user string is escaped before it lands in HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["PALETTE", "mimebundle", "html_table", "text_table", "safe_bundle", "escape", "setup_notebook"]

# Okabe & Ito's colour-blind-safe palette, the one palette every visual uses.
PALETTE = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}


def escape(text: object) -> str:
    """HTML-escape any value's ``str()``."""
    return html.escape(str(text), quote=True)


def mimebundle(text: str, *, html_body: str | None = None, **extra: str) -> dict[str, str]:
    """A Jupyter MIME bundle that always carries ``text/plain``.

    >>> mimebundle("Region ap-northeast-2", html_body="<b>Region</b>")
    {'text/plain': 'Region ap-northeast-2', 'text/html': '<b>Region</b>'}
    """
    bundle = {"text/plain": text}
    if html_body is not None:
        bundle["text/html"] = html_body
    bundle.update(extra)
    return bundle


def safe_bundle(build, fallback_text: str) -> dict[str, str]:
    """Call ``build()`` for a rich bundle; on any error degrade to plain text.

    A repr must never raise in a notebook: the learner still sees the text view
    and the reason the rich view is missing.
    """
    try:
        return build()
    except Exception as exc:  # noqa: BLE001 - a repr degrades, it does not raise
        return {"text/plain": f"{fallback_text}\n({type(exc).__name__}: {exc})"}


def html_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
) -> str:
    """A small escaped HTML table.

    >>> html_table(["code", "azs"], [["ap-northeast-2", 4]])
    '<table class="awsbasics"><thead><tr><th>code</th><th>azs</th></tr></thead><tbody><tr><td>ap-northeast-2</td><td>4</td></tr></tbody></table>'
    """
    parts = ['<table class="awsbasics">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def text_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A fixed-width plain-text table, the ``text/plain`` twin of :func:`html_table`.

    >>> print(text_table(["code", "azs"], [["ap-northeast-2", 4]]))
    code            azs
    ap-northeast-2  4
    """
    cells = [[str(c) for c in columns]] + [[str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def setup_notebook() -> None:
    """Render plotly figures with the offline ``plotly_mimetype`` renderer in this kernel.

    The chapters call it once, in their first cell: figures then carry their
    data as JSON and JupyterLab draws them with its bundled plotly.js, so no
    notebook output embeds or fetches plotly.js.
    """
    import plotly.io as pio

    pio.renderers.default = "plotly_mimetype"
