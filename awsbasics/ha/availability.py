"""Availability arithmetic: components in series and in parallel, and the downtime a number allows.

A request that needs every part (web -> app -> database) is up only when all
of them are: multiply their availabilities (series). Redundant copies
(중복성) fail together only when every copy fails: one minus the product of
their unavailabilities (parallel). Both assume independent failures, which is
why the copies go in different Availability Zones or Regions:

    >>> web = Component("web server", 0.99)
    >>> round(series(web, Component("database", 0.995)).availability, 5)
    0.98505
    >>> round(multi_az(web, azs=2).availability, 6)
    0.9999
    >>> downtime(0.999).minutes_per_month
    43.8

A month is 730 hours (a 365-day year / 12), the month AWS prices use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import AvailabilityError

__all__ = [
    "Component",
    "Series",
    "Parallel",
    "series",
    "parallel",
    "multi_az",
    "multi_region",
    "downtime",
    "Downtime",
    "HOURS_PER_MONTH",
    "HOURS_PER_YEAR",
]

HOURS_PER_MONTH: int = data.value("ha", "hours_per_month")
HOURS_PER_YEAR: int = 12 * HOURS_PER_MONTH
_MAX_PARTS = 50
_MAX_NAME = 60


def _check_availability(value: object, what: str) -> float:
    number = require_number(value, what)
    if not (math.isfinite(number) and 0 <= number <= 1):
        raise AvailabilityError(f"{what}={value}: an availability is a fraction between 0 and 1 (99.9% is 0.999)")
    return number


class _Node(Rendered):
    """A part of a system with an availability; shows its downtime budget."""

    __slots__ = ()

    @property
    def availability(self) -> float:
        raise NotImplementedError

    @property
    def label(self) -> str:
        raise NotImplementedError

    @property
    def downtime(self) -> Downtime:
        return downtime(self.availability)

    def diagram(self):
        """The system as blocks: series left to right, parallel copies side by side."""
        return view("ha.availability_diagram")(self)

    _view_ = "ha.availability_view"

    def text(self) -> str:
        d = self.downtime
        return (
            f"{self.label}: availability {100 * self.availability:.4f}% - down {d.minutes_per_month:,.1f} min "
            f"a month, {d.hours_per_year:,.2f} h a year"
        )

    def __repr__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True, repr=False)
class Component(_Node):
    """One part with its own availability, e.g. ``Component("web", 0.99)``."""

    name: str
    part_availability: float

    def __post_init__(self):
        require_str(self.name, "name")
        if not 1 <= len(self.name) <= _MAX_NAME:
            raise AvailabilityError(f"a component name has 1 to {_MAX_NAME} characters, not {len(self.name)}")
        _check_availability(self.part_availability, "availability")

    @property
    def availability(self) -> float:
        return float(self.part_availability)

    @property
    def label(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return "component"

    @property
    def parts(self) -> tuple:
        return ()


def _check_parts(parts: tuple) -> tuple:
    if not 1 <= len(parts) <= _MAX_PARTS:
        raise AvailabilityError(f"{len(parts)} parts: a composition has 1 to {_MAX_PARTS}")
    for i, p in enumerate(parts):
        if not isinstance(p, _Node):
            raise TypeError(f"part {i} must be a Component, Series or Parallel, not {type(p).__name__}")
    return tuple(parts)


@dataclass(frozen=True, slots=True, repr=False)
class Series(_Node):
    """Parts that are all needed: availability is the product."""

    parts: tuple

    def __post_init__(self):
        object.__setattr__(self, "parts", _check_parts(tuple(self.parts)))

    @property
    def availability(self) -> float:
        return math.prod(p.availability for p in self.parts)

    @property
    def label(self) -> str:
        return " -> ".join(p.label for p in self.parts)

    @property
    def kind(self) -> str:
        return "series"


@dataclass(frozen=True, slots=True, repr=False)
class Parallel(_Node):
    """Redundant parts, any one of which is enough: one minus the product of the unavailabilities."""

    parts: tuple

    def __post_init__(self):
        object.__setattr__(self, "parts", _check_parts(tuple(self.parts)))

    @property
    def availability(self) -> float:
        return 1 - math.prod(1 - p.availability for p in self.parts)

    @property
    def label(self) -> str:
        return f"{len(self.parts)} x (" + " | ".join(dict.fromkeys(p.label for p in self.parts)) + ")"

    @property
    def kind(self) -> str:
        return "parallel"


def series(*parts) -> Series:
    """Parts a request passes through one after another."""
    return Series(parts)


def parallel(*parts) -> Parallel:
    """Redundant copies: the system is up while any copy is."""
    return Parallel(parts)


def multi_az(part, *, azs: int) -> Parallel:
    """``part`` copied into ``azs`` Availability Zones (independent failures assumed).

    >>> round(multi_az(Component("app", 0.99), azs=3).availability, 6)
    0.999999
    """
    azs = require_int(azs, "azs")
    if not 1 <= azs <= 6:
        raise AvailabilityError(f"azs={azs}: a Region offers 3 or more AZs; use 1 to 6 here")
    return Parallel((part,) * azs)


def multi_region(part, *, regions: int) -> Parallel:
    """``part`` (often a whole multi-AZ stack) copied into ``regions`` Regions."""
    regions = require_int(regions, "regions")
    if not 1 <= regions <= 10:
        raise AvailabilityError(f"regions={regions}: use 1 to 10")
    return Parallel((part,) * regions)


@dataclass(frozen=True, slots=True)
class Downtime(Rendered):
    """How much time an availability allows to be down."""

    availability: float

    @property
    def minutes_per_month(self) -> float:
        return round((1 - self.availability) * HOURS_PER_MONTH * 60, 2)

    @property
    def hours_per_year(self) -> float:
        return round((1 - self.availability) * HOURS_PER_YEAR, 2)

    @property
    def nines(self) -> float:
        """-log10 of the unavailability: 0.999 is 3 nines."""
        return round(-math.log10(1 - self.availability), 2) if self.availability < 1 else math.inf

    def text(self) -> str:
        return (
            f"{100 * self.availability:.4f}% available: {self.minutes_per_month:,.2f} minutes down a month, "
            f"{self.hours_per_year:,.2f} hours a year ({self.nines:g} nines)"
        )

    def __repr__(self) -> str:
        return self.text()


def downtime(availability: float) -> Downtime:
    """The downtime budget of an availability.

    >>> downtime(0.9999).minutes_per_month, downtime(0.99).hours_per_year
    (4.38, 87.6)
    """
    return Downtime(_check_availability(availability, "availability"))


def downtime_table(levels=(0.99, 0.999, 0.9999, 0.99999)) -> str:
    """A plain-text table of downtime budgets."""
    rows = [(f"{100 * a:g}%", downtime(a).minutes_per_month, downtime(a).hours_per_year) for a in levels]
    return text_table(["availability", "minutes_per_month", "hours_per_year"], rows)
