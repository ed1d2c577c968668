"""Shared pieces of every widget: the result area and the rule-broken message."""

from __future__ import annotations

from awsbasics.display import PALETTE, escape

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


_MESSAGE_CHARS = 2_000  # a rule message is a sentence or two; anything longer is cut


def refusal_html(exc: BaseException) -> str:
    """The rule an error names, as the widget's red "Not allowed" line (the message escaped and cut short)."""
    if isinstance(exc, RecursionError):
        message = "the input is nested too deeply to read; AWS documents nest a few levels at most"
    else:
        message = str(exc) or type(exc).__name__
    if len(message) > _MESSAGE_CHARS:
        message = message[: _MESSAGE_CHARS - 3] + "..."
    return f'<p style="color:{PALETTE["vermillion"]}"><b>&#10007; Not allowed:</b> {escape(message)}</p>'


def show(area, compute) -> None:
    """Put ``compute()``'s HTML into ``area``; a rule broken is shown, never raised.

    An :class:`~awsbasics.errors.AwsRuleError` shows its rule; any other ``ValueError``
    or ``TypeError`` from a control's value (and a ``RecursionError`` from text nested
    too deeply) is shown the same way, so an observer never lets an error escape.
    """
    try:
        area.value = compute()
    except (ValueError, TypeError, RecursionError) as exc:  # AwsRuleError is a ValueError
        area.value = refusal_html(exc)


def html_of(obj) -> str:
    """The HTML view of any object with a ``_repr_mimebundle_`` (text view as a fallback)."""
    bundle = obj._repr_mimebundle_()
    if "text/html" in bundle:
        return bundle["text/html"]
    return f"<pre>{escape(bundle['text/plain'])}</pre>"
