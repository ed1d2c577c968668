"""awsbasics: learn AWS architecture fundamentals by building and running them.

``import awsbasics`` is light: each area loads on first use, so numpy, pandas,
networkx and plotly are imported only when a feature needs them::

    >>> import awsbasics
    >>> awsbasics.infra.Region.get("ap-northeast-2").name
    'Asia Pacific (Seoul)'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Areas and helpers, loaded lazily (PEP 562) on first attribute access.
_SUBMODULES = frozenset(
    {
        "caching",
        "capstone",
        "compute",
        "data",
        "database",
        "display",
        "economics",
        "microservices",
        "messaging",
        "errors",
        "exercises",
        "glossary",
        "ha",
        "iac",
        "iam",
        "infra",
        "network",
        "storage",
        "widgets",
    }
)

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'awsbasics' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
