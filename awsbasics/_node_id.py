"""Deterministic ids for diagram nodes, shared by the engines that name hops and the diagrams that draw them."""

from __future__ import annotations

import re

__all__ = ["node_id"]


def node_id(*parts: object) -> str:
    """A deterministic DOT node id made from names.

    >>> node_id("az", "us-east-1a")
    'az_us_east_1a'
    """
    return "_".join(re.sub(r"[^0-9A-Za-z]+", "_", str(p)).strip("_") for p in parts)
