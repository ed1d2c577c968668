"""Plain-text tables: the ``text/plain`` twin of an HTML table, for any layer's text view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from awsbasics.errors import AwsRuleError

__all__ = ["text_table"]


def text_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A fixed-width plain-text table.

    >>> print(text_table(["code", "azs"], [["ap-northeast-2", 4]]))
    code            azs
    ap-northeast-2  4
    """
    cells = [[str(c) for c in columns]] + [[str(v) for v in row] for row in rows]
    for number, row in enumerate(cells[1:]):
        if len(row) != len(columns):
            raise AwsRuleError(f"row {number} has {len(row)} cells but the table has {len(columns)} columns")
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)
