"""What a learner reads in the committed notebooks: whole table cells, objects that render, readable changes.

nbval checks that outputs are reproducible; this checks that they are readable:

* no table cell cut short with "..." (pandas truncates long cells unless told not to);
* no raw object repr such as ``<NatGateway ...>`` or ``<... object at 0x...>`` as a cell's
  result: every object a chapter shows renders itself;
* "what changed since 2020" tables show no ``None`` and no Python list or dict reprs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
LIVE = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json")

_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_RAW_REPR = re.compile(r"^<[A-Za-z_][\w.]*(?: [^\n]*)?>$|object at 0x[0-9a-f]+")
_PY_REPR = re.compile(r"\bNone\b|\[['\"]|\{['\"]")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _outputs(path: Path):
    """(cell index, cell source, output) for every code-cell output that is not a live widget or figure."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            if not any(mime in output.get("data", {}) for mime in LIVE):
                yield index, _text(cell["source"]), output


def _findings(path: Path) -> list[str]:
    found = []
    for index, source, output in _outputs(path):
        where = f"{path.name} cell {index}"
        data = output.get("data", {})
        html = _text(data.get("text/html", ""))
        if 'class="dataframe"' in html:
            cut = [c for c in _CELL.findall(html) if c.rstrip().endswith("...")]
            if cut:
                found.append(f"{where}: table cell cut short: {cut[0][-60:]!r}")
        plain = _text(data.get("text/plain", "")).strip()
        if output.get("output_type") == "execute_result" and _RAW_REPR.search(plain) and "text/html" not in data:
            found.append(f"{where}: raw repr as the result: {plain[:80]!r}")
        if "changes(" in source:
            for line in plain.splitlines() + [re.sub(r"<[^>]+>", " ", html)]:
                if _PY_REPR.search(line):
                    found.append(f"{where}: what-changed table shows a Python value: {line.strip()[:100]!r}")
                    break
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outputs_read_well(path):
    assert _findings(path) == []


def test_the_checks_can_fail(tmp_path):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "frame",
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "data": {
                            "text/html": '<table class="dataframe"><tr><td>a rule that goes on and on...</td></tr></table>',
                            "text/plain": "frame",
                        },
                    }
                ],
            },
            {
                "cell_type": "code",
                "source": "nat",
                "outputs": [
                    {"output_type": "execute_result", "data": {"text/plain": "<NatGateway nat-a in public-a>"}}
                ],
            },
            {
                "cell_type": "code",
                "source": "glossary.changes('02')",
                "outputs": [
                    {"output_type": "execute_result", "data": {"text/plain": "- sizes: 500 in 2020, None today"}}
                ],
            },
        ]
    }
    path = tmp_path / "99_bad.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    found = "\n".join(_findings(path))
    assert "cell 0: table cell cut short" in found
    assert "cell 1: raw repr as the result" in found
    assert "cell 2: what-changed table shows a Python value" in found
