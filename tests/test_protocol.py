"""The display protocol: one ``_repr_mimebundle_``, include/exclude, text always, degrade not raise."""

from __future__ import annotations

import subprocess
import sys

import pytest

from awsbasics._bundle import Displayable, safe_bundle, select
from awsbasics._protocol import Rendered, view
from awsbasics.infra import AzFailure, Region


class _Shown(Displayable):
    built = 0

    def text(self):
        return "plain"

    def _rich_bundle(self):
        type(self).built += 1
        return {"text/html": "<b>rich</b>", "image/svg+xml": "<svg/>", "text/plain": "ignored"}


class _Broken(Displayable):
    def text(self):
        return "still here"

    def _rich_bundle(self):
        raise RuntimeError("no renderer")


class _NoText(Displayable):
    def text(self):
        raise KeyError("oops")


def test_bundle_carries_the_objects_text_and_its_rich_view():
    assert _Shown()._repr_mimebundle_() == {
        "text/plain": "plain",
        "text/html": "<b>rich</b>",
        "image/svg+xml": "<svg/>",
    }


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ({"text/html"}, None, {"text/plain", "text/html"}),
        (None, {"text/html"}, {"text/plain", "image/svg+xml"}),
        (None, {"text/plain", "text/html", "image/svg+xml"}, {"text/plain"}),
        ({"image/svg+xml"}, {"image/svg+xml"}, {"text/plain"}),
    ],
)
def test_include_and_exclude_are_honoured_and_text_always_stays(include, exclude, expected):
    assert set(_Shown()._repr_mimebundle_(include=include, exclude=exclude)) == expected


def test_a_rich_view_nobody_asked_for_is_never_built():
    _Shown.built = 0
    assert _Shown()._repr_mimebundle_(include={"text/plain"}) == {"text/plain": "plain"}
    assert _Shown.built == 0


def test_a_failing_rich_view_degrades_to_text_with_the_reason():
    assert _Broken()._repr_mimebundle_() == {
        "text/plain": "still here\n(rich view unavailable - RuntimeError: no renderer)"
    }


def test_a_failing_text_view_still_returns_a_bundle():
    assert _NoText()._repr_mimebundle_() == {"text/plain": "<_NoText>\n(rich view unavailable - KeyError: 'oops')"}


def test_select_and_safe_bundle_are_plain_functions():
    assert select({"text/plain": "t", "a/b": 1}, include=()) == {"text/plain": "t"}
    assert safe_bundle(lambda: {"text/plain": "ok"}, "fallback") == {"text/plain": "ok"}


def test_view_finds_display_functions_by_name():
    from awsbasics.display.infra import region_diagram

    assert view("infra.region_diagram") is region_diagram
    with pytest.raises(ValueError, match="'module.function'"):
        view("region_diagram")
    with pytest.raises(LookupError, match="no display function 'nope'"):
        view("infra.nope")


def test_an_engine_object_names_a_view_that_exists():
    region = Region.get("ap-northeast-2")
    assert isinstance(region, Rendered) and region._view_ == "infra.region_view"
    bundle = region._repr_mimebundle_()
    assert bundle["text/plain"] == region.text()
    assert bundle["text/plain"].startswith("Region ap-northeast-2 (Asia Pacific (Seoul)): 4 Availability Zones\n")
    assert bundle["text/html"].startswith("<p>Region ap-northeast-2 (Asia Pacific (Seoul)): 4 Availability Zones</p>")
    assert "<svg" in bundle["text/html"]
    failure = AzFailure(6, 3)
    assert failure._repr_mimebundle_()["text/plain"] == failure.text() == repr(failure)


def test_showing_text_only_loads_no_display_code():
    code = (
        "import sys; from awsbasics.infra import Region; "
        "Region.get('us-east-1')._repr_mimebundle_(include={'text/plain'}); "
        "print(sorted(m for m in sys.modules if m.startswith('awsbasics.display')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
