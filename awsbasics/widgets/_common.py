"""Shared pieces of every widget: the result area and the rule-broken message."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape
from awsbasics.errors import AwsRuleError

WIDGET_CLASS = "awsbasics-widget"
CONTROL_CLASS = "awsbasics-control"
OUTPUT_CLASS = "awsbasics-output"


def control(widget):
    """Mark a control so tests and styles can find it."""
    widget.add_class(CONTROL_CLASS)
    return widget


def output_area():
    """An HTML widget that shows a result (or the rule a choice breaks)."""
    import ipywidgets as widgets

    area = widgets.HTML()
    area.add_class(OUTPUT_CLASS)
    return area


def show(area, compute) -> None:
    """Put ``compute()``'s HTML into ``area``; an AWS rule error is shown, not raised."""
    try:
        area.value = compute()
    except AwsRuleError as exc:
        area.value = (
            f'<p style="color:{PALETTE["vermillion"]}"><b>&#10007; Not allowed:</b> '
            f"{escape(exc)}</p>"
        )


def html_of(obj) -> str:
    """The HTML view of any object with a ``_repr_mimebundle_`` (text view as a fallback)."""
    bundle = obj._repr_mimebundle_()
    if "text/html" in bundle:
        return bundle["text/html"]
    return f"<pre>{escape(bundle['text/plain'])}</pre>"
