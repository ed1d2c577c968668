"""A year of hourly demand for a Korean commerce site, with its holiday rush.

Traffic (트래픽) follows a daily rhythm (quiet at 08:00, busiest at 20:00) and
climbs to a rush before and over Seollal (설날) and Chuseok (추석), the two
three-day holidays of 2026. Demand is measured in *servers' worth of load*:
3.5 means three and a half servers would be busy that hour.

    >>> year = simulate_demand(seed=7, base_servers=10, peak_servers=40)
    >>> len(year.hourly_servers), year.year
    (8760, 2026)
    >>> [d.isoformat() for d in year.rush_days][:3]
    ['2026-02-14', '2026-02-15', '2026-02-16']

Holiday dates come from ``awsbasics/data/economics.json`` (a calendar fact).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from numbers import Real

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number
from awsbasics._protocol import Rendered
from awsbasics.errors import CapacityPlanError

__all__ = ["Demand", "simulate_demand", "holidays", "finite_number", "YEAR", "HOURS", "MAX_SERVERS", "RUSH_LEAD_DAYS"]

YEAR = 2026
HOURS = 365 * 24
MAX_SERVERS = 10_000
# Gift shopping starts before the holiday: demand climbs over these days, holds
# through the holiday and falls back after the last holiday evening.
RUSH_LEAD_DAYS = 2
_BUSIEST_HOUR = 20
_FALL_HOURS = 3  # the rush ends between 21:00 and midnight of the last holiday
_NOISE = 0.03  # hour-to-hour noise, as a fraction of the expected demand (clipped at 3 sigma)


@cache
def holidays() -> tuple[tuple[str, str, dt.date, dt.date], ...]:
    """(English name, Korean name, first day, last day) of each holiday in :data:`YEAR`."""
    table = data.fact("economics", f"korean_holidays_{YEAR}")
    return tuple(
        (name, korean, dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        for name, korean, first, last in table["rows"]
    )


@dataclass(frozen=True, slots=True, eq=False)
class Demand(Rendered):
    """Hourly demand over one year, in servers' worth of load (read-only array)."""

    hourly_servers: np.ndarray
    seed: int
    base_servers: float
    peak_servers: float
    year: int = YEAR

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, 1, 1)

    @property
    def days(self) -> int:
        return len(self.hourly_servers) // 24

    @property
    def dates(self) -> tuple[str, ...]:
        """Every day of the year as ``YYYY-MM-DD``."""
        first = self.start.date()
        return tuple((first + dt.timedelta(days=i)).isoformat() for i in range(self.days))

    @property
    def daily_peak_servers(self) -> np.ndarray:
        """The busiest hour of each day."""
        return self.hourly_servers.reshape(self.days, 24).max(axis=1)

    @property
    def rush_days(self) -> tuple[dt.date, ...]:
        """The days of the holiday rush: the lead days and the holidays themselves."""
        lead = dt.timedelta(days=RUSH_LEAD_DAYS)
        return tuple(
            first - lead + dt.timedelta(days=i)
            for _, _, first, last in holidays()
            for i in range((last - first).days + 1 + RUSH_LEAD_DAYS)
        )

    @property
    def total_server_hours(self) -> float:
        return float(self.hourly_servers.sum())

    def text(self) -> str:
        peak = int(self.hourly_servers.argmax())
        when = self.start + dt.timedelta(hours=peak)
        return (
            f"Hourly demand for {self.year} (seed {self.seed}): "
            f"mean {self.hourly_servers.mean():.1f}, busiest hour {self.hourly_servers[peak]:.1f} "
            f"servers' worth of load ({when:%Y-%m-%d %H:00}); "
            f"{len(self.rush_days)} rush days around Seollal and Chuseok"
        )

    def __repr__(self) -> str:
        return self.text()


def finite_number(value: object, what: str) -> float:
    """``value`` as a finite float: a TypeError for the wrong kind, a CapacityPlanError for NaN, inf or too large."""
    try:
        number = require_number(value, what)
    except OverflowError:  # an int beyond float's range (about 1.8e308)
        # abs(value) < 10**4000, written with the comparisons a numbers.Real has
        small = isinstance(value, Real) and value < 10**4000 and not value <= -(10**4000)
        digits = len(str(abs(value))) if small and isinstance(value, Real) else "thousands of"
        raise CapacityPlanError(f"{what}: a number of {digits} digits is too large for this model") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CapacityPlanError(f"{what}={value!r}: a finite number is needed, not NaN or infinity")
    return number


def _rush_multiplier(peak_factor: float) -> np.ndarray:
    """Per hour: 1 on a normal day, rising linearly to ``peak_factor`` over the lead days."""
    start = dt.date(YEAR, 1, 1)
    # Piecewise-linear knots (hour, multiplier) through both rushes.
    knots_h, knots_m = [0], [1.0]
    for _, _, first, last in holidays():
        rise = (first - start).days * 24
        fall = ((last - start).days + 1) * 24
        knots_h += [rise - RUSH_LEAD_DAYS * 24, rise, fall - _FALL_HOURS, fall]
        knots_m += [1.0, peak_factor, peak_factor, 1.0]
    knots_h.append(HOURS)
    knots_m.append(1.0)
    return np.interp(np.arange(HOURS), knots_h, knots_m)


def simulate_demand(*, seed: int = 0, base_servers: float = 10, peak_servers: float = 40) -> Demand:
    """A seeded, deterministic year (2026) of hourly demand with a Seollal and a Chuseok rush.

    Args:
        seed: Seeds the hour-to-hour noise; the same seed gives the same year.
        base_servers: Load at the busiest hour of a normal day, in servers' worth.
        peak_servers: Load at the busiest hour of a holiday, in servers' worth.

    Raises:
        CapacityPlanError: a negative seed, ``base_servers`` not above 0, a peak
            below the base, or more than :data:`MAX_SERVERS` servers.
        TypeError: a seed that is not an int, or a size that is not a number.

    >>> year = simulate_demand(seed=1, base_servers=2, peak_servers=2)
    >>> bool(year.hourly_servers.max() <= 2 * 1.09)
    True
    """
    seed = require_int(seed, "seed")
    base = finite_number(base_servers, "base_servers")
    peak = finite_number(peak_servers, "peak_servers")
    if seed < 0:
        raise CapacityPlanError(f"seed={seed}: a seed is a non-negative int")
    if not 0 < base <= MAX_SERVERS:
        raise CapacityPlanError(
            f"base_servers={base_servers}: demand must be above 0 and at most {MAX_SERVERS} servers' worth"
        )
    if not base <= peak <= MAX_SERVERS:
        raise CapacityPlanError(
            f"peak_servers={peak_servers}: the holiday peak must be at least base_servers={base_servers} "
            f"and at most {MAX_SERVERS} servers' worth"
        )
    hour_of_day = np.arange(HOURS) % 24
    # 0.4 at the quietest hour, 1.0 at the busiest.
    daily = 0.7 + 0.3 * np.cos(2 * np.pi * (hour_of_day - _BUSIEST_HOUR) / 24)
    noise = np.clip(np.random.default_rng(seed).normal(1.0, _NOISE, HOURS), 1 - 3 * _NOISE, 1 + 3 * _NOISE)
    hourly = base * daily * _rush_multiplier(peak / base) * noise
    hourly.setflags(write=False)
    return Demand(hourly, seed, base, peak)
