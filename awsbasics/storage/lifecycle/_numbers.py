"""Counts in lifecycle messages: readable however large the number."""

from __future__ import annotations

import reprlib


def _count(value: int) -> str:
    """An int with thousands separators, shortened when it is too long to read."""
    return f"{value:,}" if abs(value) < 10**18 else reprlib.repr(int(value))
