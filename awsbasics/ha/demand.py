"""The load an Auto Scaling group answers: a minute-by-minute demand trace, the course's bank, and a forecast.

The course's example is a bank whose settlement traffic peaks from 4 to 6 pm;
:func:`bank_demand` draws such a trace, and :func:`predictive_forecast` predicts
each minute from the days before it, as predictive scaling needs::

    >>> week = bank_demand(days=3, seed=1)
    >>> week.days, bool(week.peak_rps > 1000)
    (3, True)

The trace's shape is a teaching model, not AWS data.
Source: https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-predictive-scaling.html
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from awsbasics._checks import require_int, require_number, require_seed
from awsbasics._protocol import Rendered
from awsbasics.errors import ScalingError

__all__ = ["DemandTrace", "bank_demand", "predictive_forecast", "MAX_DAYS"]

MINUTES_PER_DAY = 24 * 60
MAX_DAYS = 14
START = dt.date(2026, 3, 2)  # a Monday


@dataclass(frozen=True, slots=True, eq=False)
class DemandTrace(Rendered):
    """Requests per second, one value per minute, from midnight of ``start``."""

    requests_per_second: np.ndarray
    start: dt.date
    name: str

    def __post_init__(self):
        load = self.requests_per_second
        if not isinstance(load, np.ndarray) or load.ndim != 1 or load.dtype.kind not in "iuf":
            raise TypeError("requests_per_second must be a one-dimensional numeric numpy array")
        if len(load) % MINUTES_PER_DAY or not 1 <= len(load) // MINUTES_PER_DAY <= MAX_DAYS:
            raise ScalingError(f"{len(load):,} minutes: a trace is 1 to {MAX_DAYS} whole days of one-minute values")
        if not np.isfinite(load).all() or (load < 0).any():
            raise ScalingError("requests per second are finite and not negative")
        if not isinstance(self.start, dt.date) or not isinstance(self.name, str):
            raise TypeError("start must be a datetime.date and name a str")

    @property
    def days(self) -> int:
        return len(self.requests_per_second) // MINUTES_PER_DAY

    @property
    def peak_rps(self) -> float:
        return float(self.requests_per_second.max())

    def text(self) -> str:
        per_hour = self.requests_per_second[:MINUTES_PER_DAY].reshape(24, 60).mean(axis=1)
        busiest = int(per_hour.argmax())
        return (
            f"{self.name}: {self.days} days from {self.start} ({self.start:%A}), one value per minute; "
            f"peak {self.peak_rps:,.0f} requests/s; the first day's busiest hour starts at {busiest}:00"
        )

    def __repr__(self) -> str:
        return self.text()


def bank_demand(
    *,
    days: int = 7,
    seed: int,
    base_rps: float = 150,
    peak_rps: float = 1200,
    peak_start_hour: int = 16,
    peak_end_hour: int = 18,
) -> DemandTrace:
    """A bank's load: quiet nights, a business-day plateau and a settlement peak (default 4-6 pm).

    Weekends carry a third of a weekday's daytime load. Deterministic per ``seed``.

    >>> trace = bank_demand(days=1, seed=0)
    >>> int(trace.requests_per_second[17 * 60] > 3 * trace.requests_per_second[3 * 60])
    1

    Raises:
        ScalingError: days outside 1-14, negative or inverted loads, or a peak window out of the day.
    """
    seed = require_seed(seed, error=ScalingError)
    days = require_int(days, "days")
    if not 1 <= days <= MAX_DAYS:
        raise ScalingError(f"days={days}: the simulator runs 1 to {MAX_DAYS} days of one-minute datapoints")
    base, peak = require_number(base_rps, "base_rps"), require_number(peak_rps, "peak_rps")
    if not (math.isfinite(base) and math.isfinite(peak) and 0 <= base <= peak <= 1e6):
        raise ScalingError(f"base_rps={base_rps}, peak_rps={peak_rps}: 0 <= base <= peak <= 1,000,000 requests/s")
    peak_start_hour = require_int(peak_start_hour, "peak_start_hour")
    peak_end_hour = require_int(peak_end_hour, "peak_end_hour")
    if not 0 <= peak_start_hour < peak_end_hour <= 24:
        raise ScalingError(f"peak {peak_start_hour}-{peak_end_hour}: hours within the day, start before end")
    rng = np.random.default_rng(seed)
    hour = np.arange(MINUTES_PER_DAY) / 60
    business = 1 / (1 + np.exp(-(hour - 9) * 3)) - 1 / (1 + np.exp(-(hour - 19) * 2))  # 9:00-19:00 plateau
    # Settlement starts sharply on the hour (a few minutes' climb) and tails off after it ends.
    settle = 1 / (1 + np.exp(-(hour - peak_start_hour - 0.05) * 40)) - 1 / (1 + np.exp(-(hour - peak_end_hour) * 6))
    day = base + (peak - base) * (0.3 * business + 0.7 * settle.clip(0))
    weekday = np.array([(START + dt.timedelta(d)).weekday() < 5 for d in range(days)])
    scale = np.where(weekday, 1.0, 1 / 3)[:, None]
    load = base + (day[None, :] - base) * scale
    load = load * rng.normal(1.0, 0.04, size=load.shape)
    load = np.clip(load, 0, None).ravel()
    load.setflags(write=False)
    return DemandTrace(
        requests_per_second=load, start=START, name=f"Bank load ({peak_start_hour}:00-{peak_end_hour}:00 peak)"
    )


def predictive_forecast(demand: DemandTrace) -> np.ndarray:
    """A forecast of each minute: the mean load at that minute of the day over all earlier days.

    The first day has no forecast (NaN): like AWS's predictive scaling, it needs
    at least a day of history. A teaching stand-in for AWS's machine-learning model.

    >>> f = predictive_forecast(bank_demand(days=2, seed=0))
    >>> bool(np.isnan(f[0])), bool(f[24 * 60] > 0)
    (True, True)
    """
    if not isinstance(demand, DemandTrace):
        raise TypeError(f"demand must be a DemandTrace, not {type(demand).__name__}")
    by_day = demand.requests_per_second.reshape(demand.days, MINUTES_PER_DAY)
    past_sum = np.cumsum(by_day, axis=0) - by_day  # sum over earlier days
    counts = np.arange(demand.days)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        forecast = np.where(counts > 0, past_sum / np.maximum(counts, 1), np.nan)
    return forecast.ravel()
