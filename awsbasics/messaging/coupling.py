"""Tight against loose coupling: what a failed back tier does to the users of the front tier.

Tightly coupled (밀결합), the web tier calls the processing tier and waits: while
the processing tier is down or slow, every request beyond what it can take fails
at once. Loosely coupled (소결합) through a queue, the web tier stores the request
and answers; the backlog grows during the outage and drains after it, so the
failure costs time, not requests:

    >>> run = simulate_coupling(seed=1)
    >>> run.tight_failed > 0 == run.loose_failed
    True
    >>> run.loose_max_backlog > 0
    True

The queue's backlog follows Lindley's recursion ``b[t] = max(b[t-1] + a[t] - c[t], 0)``,
computed in one vectorized pass as ``S[t] - min(0, min(S[:t+1]))`` with ``S`` the
running sum of arrivals minus capacity; ``tests/test_messaging.py`` checks it against the loop.
Documentation: https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_prevent_interaction_failure_loosely_coupled_system.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from awsbasics._checks import require_int, require_number
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import WorkloadError

__all__ = ["CouplingRun", "simulate_coupling", "backlog", "MAX_SECONDS", "MAX_RATE"]

MAX_SECONDS = 6 * 3600  # the model runs at most six hours, one step per second
MAX_RATE = 10_000.0  # requests per second


def _check_seed(seed: object) -> int:
    seed = require_int(seed, "seed")
    if seed < 0:
        raise WorkloadError(f"seed={seed}: a seed is a non-negative integer")
    return seed


def _rate(value: object, what: str, *, allow_zero: bool = True) -> float:
    value = require_number(value, what)
    low_ok = value >= 0 if allow_zero else value > 0
    if not (math.isfinite(value) and low_ok and value <= MAX_RATE):
        bound = "0" if allow_zero else "above 0"
        raise WorkloadError(f"{what}={value}: a rate is {bound} to {MAX_RATE:,.0f} per second")
    return value


def backlog(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Messages waiting at the end of each step: Lindley's recursion, vectorized.

    >>> backlog(np.array([5, 5, 0, 0]), np.array([2, 2, 2, 2])).tolist()
    [3, 6, 4, 2]
    """
    for value, what in ((arrivals, "arrivals"), (capacity, "capacity")):
        if not isinstance(value, (np.ndarray, list, tuple)):
            raise TypeError(f"{what} must be an array of counts, not {type(value).__name__}")
        if len(value) > MAX_SECONDS:
            raise WorkloadError(f"{what} has {len(value):,} steps: the model runs at most {MAX_SECONDS:,}")
    a, c = np.asarray(arrivals), np.asarray(capacity)
    if a.shape != c.shape or a.ndim != 1 or a.dtype.kind not in "iu" or c.dtype.kind not in "iu":
        raise WorkloadError("arrivals and capacity are two one-dimensional integer arrays of the same length")
    if (a < 0).any() or (c < 0).any():
        raise WorkloadError("arrivals and capacity are counts: none may be negative")
    s = np.cumsum(a - c)
    return s - np.minimum(np.minimum.accumulate(s), 0)


@dataclass(frozen=True, slots=True, eq=False)
class CouplingRun(Rendered):
    """One seeded run of the same traffic through a tightly and a loosely coupled design."""

    seed: int
    arrivals: np.ndarray  # requests per second
    capacity: np.ndarray  # what the processing tier can take each second
    outage_start_s: int
    outage_seconds: int

    @property
    def seconds(self) -> int:
        return len(self.arrivals)

    @property
    def tight_served(self) -> np.ndarray:
        return np.minimum(self.arrivals, self.capacity)

    @property
    def tight_errors(self) -> np.ndarray:
        """Requests that failed each second: the caller waited on a tier that could not take them."""
        return self.arrivals - self.tight_served

    @property
    def tight_failed(self) -> int:
        return int(self.tight_errors.sum())

    @property
    def tight_failed_in_outage(self) -> int:
        return int(self.tight_errors[self.outage_start_s : self.outage_start_s + self.outage_seconds].sum())

    @property
    def queue_backlog(self) -> np.ndarray:
        return backlog(self.arrivals, self.capacity)

    @property
    def loose_processed(self) -> np.ndarray:
        b = self.queue_backlog
        previous = np.concatenate([[0], b[:-1]])
        return previous + self.arrivals - b

    @property
    def loose_failed(self) -> int:
        """Requests the loosely coupled design lost: none, as long as the backlog fits the retention period."""
        return 0

    @property
    def loose_max_backlog(self) -> int:
        return int(self.queue_backlog.max())

    @property
    def loose_max_wait_s(self) -> int:
        """The longest any request waited in the queue, in whole seconds."""
        done = np.cumsum(self.loose_processed)
        arrived = np.cumsum(self.arrivals)
        finished_at = np.searchsorted(done, arrived, side="left")
        waits = np.where(arrived > 0, finished_at - np.arange(self.seconds), 0)
        return int(waits.max()) if self.seconds else 0

    @property
    def loose_mean_wait_s(self) -> float:
        """Mean time in the queue per request (Little's law: backlog-seconds / requests)."""
        total = self.arrivals.sum()
        return float(self.queue_backlog.sum() / total) if total else 0.0

    @property
    def drained_at_s(self) -> int | None:
        """The first second after the outage when the backlog is empty again (None: not within the run)."""
        end = self.outage_start_s + self.outage_seconds
        empty = np.flatnonzero(self.queue_backlog[end:] == 0)
        return int(end + empty[0]) if empty.size else None

    def rows(self) -> list[tuple[str, object, object]]:
        total = int(self.arrivals.sum())
        return [
            ("requests", total, total),
            ("failed_requests", self.tight_failed, self.loose_failed),
            ("failed_pct", round(100 * self.tight_failed / total, 2) if total else 0.0, 0.0),
            ("max_backlog_messages", 0, self.loose_max_backlog),
            ("max_wait_s", 0, self.loose_max_wait_s),
            ("mean_wait_s", 0.0, round(self.loose_mean_wait_s, 2)),
        ]

    @property
    def verdict(self) -> str:
        drained = (
            f"drained {self.drained_at_s - self.outage_start_s - self.outage_seconds} s after the outage"
            if self.drained_at_s is not None
            else "not drained by the end of the run"
        )
        return (
            f"Tightly coupled, {self.tight_failed:,} requests failed ({self.tight_failed_in_outage:,} of them "
            f"during the {self.outage_seconds} s outage, the rest in peaks above capacity); "
            f"through a queue none failed: the backlog peaked at {self.loose_max_backlog:,} messages and "
            f"{drained} (longest wait {self.loose_max_wait_s} s)."
        )

    _view_ = "messaging.coupling_view"

    def text(self) -> str:
        return text_table(["measure", "tight", "loose (queue)"], self.rows()) + "\n" + self.verdict

    def figure(self):
        """Requests, failures and the queue's backlog, second by second (plotly)."""
        return view("messaging.coupling_figure")(self)

    def diagram(self):
        """The two designs side by side (Graphviz)."""
        return view("messaging.coupling_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def simulate_coupling(
    *,
    seed: int,
    seconds: int = 600,
    requests_per_second: float = 40.0,
    capacity_per_second: float = 50.0,
    outage_start_s: int = 120,
    outage_seconds: int = 90,
    degraded_capacity: float = 0.0,
) -> CouplingRun:
    """The same Poisson traffic through a tight and a loose design while the back tier fails.

    Args:
        seed: Seed of the arrivals.
        seconds: Length of the run (1 s steps, up to six hours).
        requests_per_second: Mean arrival rate.
        capacity_per_second: Requests the processing tier completes per second when healthy.
        outage_start_s, outage_seconds: When the processing tier fails, and for how long.
        degraded_capacity: Its capacity during the outage (0: down; above 0: slowed).

    Raises:
        WorkloadError: a negative or non-finite rate, a run outside 1 s to 6 h, an outage outside the run.
    """
    seed = _check_seed(seed)
    seconds = require_int(seconds, "seconds")
    if not 1 <= seconds <= MAX_SECONDS:
        raise WorkloadError(f"seconds={seconds}: the run is 1 to {MAX_SECONDS} seconds")
    rate = _rate(requests_per_second, "requests_per_second")
    capacity = _rate(capacity_per_second, "capacity_per_second")
    degraded = _rate(degraded_capacity, "degraded_capacity")
    outage_start_s = require_int(outage_start_s, "outage_start_s")
    outage_seconds = require_int(outage_seconds, "outage_seconds")
    if not (0 <= outage_start_s and 0 <= outage_seconds and outage_start_s + outage_seconds <= seconds):
        raise WorkloadError(
            f"outage from {outage_start_s} s for {outage_seconds} s: it must fit inside the {seconds} s run"
        )
    rng = np.random.default_rng(seed)
    arrivals = rng.poisson(rate, seconds).astype(np.int64)
    cap = np.full(seconds, int(round(capacity)), dtype=np.int64)
    cap[outage_start_s : outage_start_s + outage_seconds] = int(round(degraded))
    for array in (arrivals, cap):
        array.setflags(write=False)
    return CouplingRun(seed, arrivals, cap, outage_start_s, outage_seconds)
