"""MIME bundles for Jupyter: the one ``_repr_mimebundle_`` every awsbasics object uses.

A class inherits :class:`Displayable`, gives its plain-text view as ``text()``
and, if it has one, its rich view as ``_rich_bundle()`` (HTML, SVG, plotly
JSON, ...). The bundle always carries ``text/plain``, honours Jupyter's
``include``/``exclude`` (a rich view nobody asked for is never built), and a
rich view that fails degrades to the text view with the reason beneath it.

    >>> class Greeting(Displayable):
    ...     def text(self):
    ...         return "hello"
    ...     def _rich_bundle(self):
    ...         return {"text/html": "<b>hello</b>"}
    >>> Greeting()._repr_mimebundle_()
    {'text/plain': 'hello', 'text/html': '<b>hello</b>'}
    >>> Greeting()._repr_mimebundle_(include={"text/plain"})
    {'text/plain': 'hello'}
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

__all__ = ["Displayable", "safe_bundle", "select"]

TEXT = "text/plain"


def select(
    bundle: Mapping[str, object],
    include: Collection[str] | None = None,
    exclude: Collection[str] | None = None,
) -> dict[str, object]:
    """The entries of ``bundle`` that Jupyter asked for; ``text/plain`` is always kept.

    >>> select({"text/plain": "t", "text/html": "h", "image/svg+xml": "s"}, exclude={"text/html"})
    {'text/plain': 't', 'image/svg+xml': 's'}
    """
    return {
        mime: data
        for mime, data in bundle.items()
        if mime == TEXT or ((include is None or mime in include) and not (exclude and mime in exclude))
    }


def safe_bundle(build: Callable[[], Mapping[str, object]], fallback_text: str) -> dict[str, object]:
    """Call ``build()`` for a bundle; on any error degrade to ``fallback_text`` and the reason.

    A repr must never raise in a notebook: the learner still sees the text view
    and why the rich view is missing.

    >>> safe_bundle(lambda: 1 / 0, "a volume")
    {'text/plain': 'a volume\\n(rich view unavailable - ZeroDivisionError: division by zero)'}
    """
    try:
        return dict(build())
    except Exception as exc:  # noqa: BLE001 - a repr degrades, it does not raise
        return {TEXT: f"{fallback_text}\n(rich view unavailable - {type(exc).__name__}: {exc})"}


def _only_text_wanted(include: Collection[str] | None) -> bool:
    return include is not None and set(include) <= {TEXT}


class Displayable:
    """Base of everything that shows itself in Jupyter: ``text()`` plus an optional rich view."""

    __slots__ = ()

    def text(self) -> str:
        """The plain-text view: what ``print`` users, screen readers and GitHub see."""
        raise NotImplementedError(f"{type(self).__name__} gives no text view")

    def _rich_bundle(self) -> Mapping[str, object]:
        """MIME type -> data for the rich view; none by default."""
        return {}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, object]:
        text = str(safe_bundle(lambda: {TEXT: self.text()}, f"<{type(self).__name__}>")[TEXT])
        if _only_text_wanted(include):
            return {TEXT: text}

        def build() -> dict[str, object]:
            # The object's text() is its one text view, whatever the rich view carries.
            return {TEXT: text, **{mime: data for mime, data in self._rich_bundle().items() if mime != TEXT}}

        return select(safe_bundle(build, text), include, exclude)
