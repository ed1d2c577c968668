"""Display layer: turns domain objects into text, HTML tables, SVG diagrams and figures.

Display functions take domain objects (duck-typed: they only read properties)
or plain data, and return MIME bundles, diagrams or figures; they decide no
AWS fact and import no engine module at run time. Engine objects reach them
through the display protocol (:mod:`awsbasics._protocol`), which names a view
as ``"module.function"`` under this package. Every visual comes with a
``text/plain`` view that says the same thing, and every user string is escaped
before it lands in HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from awsbasics._bundle import safe_bundle
from awsbasics._text import text_table
from awsbasics.errors import AwsRuleError

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
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if html_body is not None and not isinstance(html_body, str):
        raise TypeError(f"html_body must be str or None, not {type(html_body).__name__}")
    for mime, data in extra.items():
        if not isinstance(data, (str, bytes, dict, list)):
            raise TypeError(f"{mime} data must be str, bytes or JSON (dict or list), not {type(data).__name__}")
    bundle = {"text/plain": text}
    if html_body is not None:
        bundle["text/html"] = html_body
    bundle.update(extra)
    return bundle


# This library's bound, not an AWS fact: a table drawn for a reader holds at most this many rows,
# so a list pasted by mistake is refused instead of building megabytes of HTML.
MAX_TABLE_ROWS = 100_000


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
    if isinstance(columns, (str, bytes)) or not isinstance(columns, Sequence):
        raise TypeError(f"columns must be a list of column names, not {type(columns).__name__}")
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise TypeError(f"rows must be a list of rows, not {type(rows).__name__}")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"caption must be str or None, not {type(caption).__name__}")
    parts = ['<table class="awsbasics">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for number, row in enumerate(rows):
        if number == MAX_TABLE_ROWS:
            raise AwsRuleError(
                f"rows: more than {MAX_TABLE_ROWS:,} rows; a table drawn for a reader holds at most "
                f"{MAX_TABLE_ROWS:,} (this library's bound)"
            )
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"row {number} must be a list of cells, not {type(row).__name__}")
        if len(row) != len(columns):
            raise AwsRuleError(f"row {number} has {len(row)} cells but the table has {len(columns)} columns")
        parts.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def setup_notebook() -> None:
    """Prepare this kernel for the chapters: offline plotly figures and tables shown whole.

    The chapters call it once, in their first cell. Figures use the
    ``plotly_mimetype`` renderer: they carry their data as JSON and JupyterLab
    draws them with its bundled plotly.js, so no output embeds or fetches
    plotly.js. DataFrames show every cell in full: a rule or a definition cut
    off with "..." teaches nothing.
    """
    import pandas as pd
    import plotly.io as pio

    pio.renderers.default = "plotly_mimetype"
    pd.set_option("display.max_colwidth", None)
