"""Storage areas, one package or module each: ``ebs`` (EBS block volumes), ``s3`` (buckets and objects),
``lifecycle`` (storage classes, lifecycle rules and their cost) and ``tiering`` (restores, Intelligent-Tiering).

Each loads on first use, e.g. ``awsbasics.storage.ebs.Volume`` after ``import awsbasics``,
or ``from awsbasics.storage import ebs``; nothing is loaded until then.
"""

from __future__ import annotations

import importlib

_SUBMODULES = frozenset({"ebs", "lifecycle", "s3", "tiering"})

__all__ = sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
