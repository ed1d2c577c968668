"""Read-only objects: attributes are set once, in ``__init__``.

>>> class Point(Frozen):
...     __slots__ = ("x",)
...     def __init__(self, x):
...         self._set(x=x)
>>> Point(1).x = 2
Traceback (most recent call last):
...
AttributeError: Point is immutable; build a new one instead
"""

from __future__ import annotations

__all__ = ["Frozen"]


class Frozen:
    """A slotted object whose attributes cannot change after ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable; build a new one instead")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable; build a new one instead")

    def _set(self, **values) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)
