"""The display protocol: how an engine object shows itself without importing the display layer.

An engine class inherits :class:`Rendered`, gives its plain-text view as
``text()`` and names its rich view in ``_view_`` as ``"module.function"``
under :mod:`awsbasics.display` (``"infra.region_view"`` is
``awsbasics.display.infra.region_view``). The view function takes the object,
reads its properties and returns MIME type -> data; it decides no AWS fact.
Other visuals an object offers (``.diagram()``, ``.figure()``) are found the
same way with :func:`view`. This module is the only one below the display
layer that reaches it, and only when a view is asked for, so the engines
import no display code and ``import awsbasics`` stays light.

    >>> from awsbasics.infra import Region
    >>> Region.get("ap-northeast-2")._repr_mimebundle_(include={"text/plain"})["text/plain"].splitlines()[0]
    'Region ap-northeast-2 (Asia Pacific (Seoul)): 4 Availability Zones'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from awsbasics._bundle import Displayable

__all__ = ["Rendered", "view"]

_DISPLAY_PACKAGE = "awsbasics.display"


def view(name: str) -> Callable[..., Any]:
    """The display function named ``"module.function"`` under :mod:`awsbasics.display`."""
    module, _, function = name.rpartition(".")
    if not module or not function:
        raise ValueError(f"a view is named 'module.function' under {_DISPLAY_PACKAGE}, not {name!r}")
    found = getattr(importlib.import_module(f"awsbasics.display.{module}"), function, None)
    if not callable(found):
        raise LookupError(f"{_DISPLAY_PACKAGE}.{module} has no display function {function!r}")
    return found


class Rendered(Displayable):
    """An engine object: ``text()`` is its plain view, ``_view_`` names its rich one."""

    __slots__ = ()
    _view_: ClassVar[str | None] = None

    def _rich_bundle(self) -> Mapping[str, object]:
        return view(self._view_)(self) if self._view_ else {}
