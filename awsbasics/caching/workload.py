"""A skewed request workload: a few objects get most requests (Zipf popularity), seeded.

Web traffic is skewed: the home page and a few popular images are asked for all
the time, most objects rarely. A Zipf law models it: the object of popularity
rank ``r`` (1 = most popular) is requested with probability proportional to
``1 / r**alpha``. Requests arrive as a Poisson process (exponential gaps), so a
TTL can be measured in seconds.

    >>> w = zipf_workload(10_000, objects=1_000, alpha=0.9, seed=1)
    >>> len(w.keys), int(w.keys.min()) >= 0, int(w.keys.max()) < 1_000
    (10000, True, True)
    >>> round(w.top_share(0.01), 2)   # the top 1% of objects get about a third of requests
    0.31

Source (why caching pays off on such traffic): https://aws.amazon.com/caching/
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from awsbasics._protocol import Rendered
from awsbasics.caching._checks import check_int, check_number, check_seed

__all__ = ["Workload", "zipf_workload", "MAX_REQUESTS", "MAX_OBJECTS", "MAX_ALPHA", "MAX_REQUESTS_PER_SECOND"]

MAX_REQUESTS = 2_000_000
MAX_OBJECTS = 1_000_000
MAX_ALPHA = 3.0
MAX_REQUESTS_PER_SECOND = 1_000_000.0


@dataclass(frozen=True, slots=True, eq=False)
class Workload(Rendered):
    """Requests for objects: ``keys[i]`` was asked for at ``times_s[i]`` seconds."""

    keys: np.ndarray  # int64 object ids; 0 is the most popular object
    times_s: np.ndarray  # float64 arrival times, non-decreasing
    objects: int  # how many distinct objects the requests draw from
    alpha: float  # Zipf exponent: 0 is uniform, larger is more skewed
    requests_per_second: float
    seed: int

    @property
    def requests(self) -> int:
        return int(self.keys.size)

    @property
    def distinct_keys(self) -> int:
        """Distinct objects actually requested (the most any cache could need to hold)."""
        return int(np.unique(self.keys).size)

    @property
    def duration_s(self) -> float:
        return float(self.times_s[-1]) if self.requests else 0.0

    def top_share(self, fraction: float) -> float:
        """Share of requests that went to the most requested ``fraction`` of the objects."""
        fraction = check_number(fraction, "fraction", 0, 1, "a fraction of the objects")
        counts = np.sort(np.unique(self.keys, return_counts=True)[1])[::-1]  # never sized by `objects`
        top = max(1, int(round(fraction * self.objects)))
        return float(counts[:top].sum() / max(1, self.requests))

    def text(self) -> str:
        return (
            f"Zipf workload: {self.requests:,} requests for {self.objects:,} objects (alpha {self.alpha:g}, "
            f"seed {self.seed}) over {self.duration_s:,.0f} s; the top 1% of objects get "
            f"{self.top_share(0.01):.0%} of the requests"
        )

    def __repr__(self) -> str:
        return self.text()


def zipf_workload(
    requests: int,
    *,
    objects: int,
    alpha: float = 0.9,
    requests_per_second: float = 100.0,
    seed: int,
) -> Workload:
    """``requests`` requests whose objects follow a Zipf law, arriving at ``requests_per_second``.

    Raises:
        CacheConfigError: a size, exponent or rate outside the model's range.
        TypeError: an argument of the wrong kind.
    """
    check_int(requests, "requests", 1, MAX_REQUESTS, "a workload has 1 to 2,000,000 requests")
    check_int(objects, "objects", 1, MAX_OBJECTS, "a workload draws from 1 to 1,000,000 objects")
    alpha = check_number(alpha, "alpha", 0, MAX_ALPHA, "the Zipf exponent")
    rate = check_number(
        requests_per_second, "requests_per_second", 0, MAX_REQUESTS_PER_SECOND, "a request rate", low_open=True
    )
    check_seed(seed)
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, objects + 1, dtype=np.float64) ** alpha
    cumulative = np.cumsum(weights)
    cumulative /= cumulative[-1]
    keys = np.minimum(np.searchsorted(cumulative, rng.random(requests), side="right"), objects - 1).astype(np.int64)
    times = np.cumsum(rng.exponential(1.0 / rate, size=requests))
    keys.setflags(write=False)
    times.setflags(write=False)
    return Workload(keys, times, objects, alpha, rate, seed)
