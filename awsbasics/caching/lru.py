"""An LRU cache, simulated request by request, and its miss-ratio curve for every size in one pass.

A least-recently-used (LRU) cache evicts the object unused for the longest time
when it is full; a TTL (time to live) also drops a copy once it is older than
the TTL, so the next request goes to the origin again. :func:`simulate_lru`
runs one cache size (and TTL) request by request; it behaves exactly like
``cachetools.LRUCache`` (and, with a TTL, ``cachetools.TTLCache``), which the
tests check.

Sizing a cache asks the same question for every size. Mattson's stack
algorithm (1970) answers all sizes at once: a request hits in an LRU cache of
``c`` objects exactly when fewer than ``c`` distinct objects were requested
since the same object's previous request (its *stack distance*). So one pass
that measures each request's stack distance gives the whole hit-ratio curve.
:func:`stack_distances` measures them without a Python loop: the distance is
the number of positions between the two requests whose object is not requested
again before the second one, a range count that a wavelet matrix over the
"next request of the same object" array answers for all requests at once in
``O(n log n)`` numpy work.

    >>> from awsbasics.caching.workload import zipf_workload
    >>> w = zipf_workload(5_000, objects=500, seed=3)
    >>> curve = miss_ratio_curve(w)
    >>> [curve.hits_at(c) == simulate_lru(w, capacity=c).hit_count for c in (1, 10, 100)]
    [True, True, True]
    >>> stack_distances([7, 8, 7, 9, 8, 7]).tolist()
    [-1, -1, 1, -1, 2, 2]

Source (CloudFront edge caches evict rarely requested files before they expire):
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.caching._checks import check_int, check_number
from awsbasics.caching.workload import MAX_OBJECTS, MAX_REQUESTS, Workload
from awsbasics.errors import CacheConfigError

__all__ = [
    "CacheRun",
    "MissRatioCurve",
    "simulate_lru",
    "stack_distances",
    "miss_ratio_curve",
    "LATENCY_MS",
    "MAX_TTL_S",
]

LATENCY_MS: dict = data.value("caching", "latency_assumptions_ms")
# The longest TTL the simulation takes: CloudFront's largest Maximum TTL (100 years).
MAX_TTL_S = 3_153_600_000


def _check_workload(workload: object) -> Workload:
    if not isinstance(workload, Workload):
        raise TypeError(f"workload must be a Workload from zipf_workload(), not {type(workload).__name__}")
    return workload


def _lru_hits(keys: np.ndarray, times: np.ndarray, capacity: int, ttl_s: float | None) -> np.ndarray:
    """Per request: served from an LRU cache of ``capacity`` objects (copies live ``ttl_s``)."""
    hits = np.zeros(keys.size, dtype=bool)
    if capacity == 0:
        return hits
    cache: OrderedDict = OrderedDict()
    if ttl_s is None:
        for i, key in enumerate(keys.tolist()):
            if key in cache:
                cache.move_to_end(key)
                hits[i] = True
            else:
                if len(cache) >= capacity:
                    cache.popitem(last=False)
                cache[key] = None
        return hits
    # With a TTL every copy lives as long, so copies expire in the order they were fetched.
    fetched: deque = deque()
    for i, (key, now) in enumerate(zip(keys.tolist(), times.tolist())):
        expires = cache.get(key)
        if expires is not None and now < expires:
            cache.move_to_end(key)
            hits[i] = True
            continue
        while fetched and fetched[0][0] <= now:
            when, old = fetched.popleft()
            if cache.get(old) == when:  # not evicted or fetched again since
                del cache[old]
        if len(cache) >= capacity:
            cache.popitem(last=False)
        cache[key] = now + ttl_s
        fetched.append((now + ttl_s, key))
    return hits


@dataclass(frozen=True, slots=True, eq=False)
class CacheRun(Rendered):
    """One cache size (and TTL) run over a workload: which requests hit."""

    workload: Workload
    capacity: int
    ttl_s: float | None
    hits: np.ndarray  # bool per request

    @property
    def requests(self) -> int:
        return int(self.hits.size)

    @property
    def hit_count(self) -> int:
        return int(self.hits.sum())

    @property
    def hit_ratio(self) -> float:
        return self.hit_count / self.requests

    @property
    def origin_requests(self) -> int:
        """Requests the cache could not serve: each one goes to the origin."""
        return self.requests - self.hit_count

    @property
    def mean_latency_ms(self) -> float:
        """Mean response time with a hit served at the edge and a miss by the origin (teaching assumptions)."""
        return self.hit_ratio * LATENCY_MS["edge"] + (1 - self.hit_ratio) * LATENCY_MS["origin_web"]

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("capacity_objects", self.capacity),
            ("ttl_s", "none" if self.ttl_s is None else f"{self.ttl_s:g}"),
            ("requests", self.requests),
            ("hits", self.hit_count),
            ("hit_ratio_pct", round(100 * self.hit_ratio, 2)),
            ("origin_requests", self.origin_requests),
            ("mean_latency_ms", round(self.mean_latency_ms, 1)),
        ]

    @property
    def verdict(self) -> str:
        ttl = "no TTL" if self.ttl_s is None else f"a {self.ttl_s:g} s TTL"
        return (
            f"An LRU cache of {self.capacity:,} objects with {ttl} serves {self.hit_ratio:.1%} of "
            f"{self.requests:,} requests; {self.origin_requests:,} go to the origin."
        )

    _view_ = "caching.run_view"

    def text(self) -> str:
        return text_table(["measure", "value"], self.rows()) + f"\n{self.verdict}"

    def __repr__(self) -> str:
        return self.text()


def simulate_lru(workload: Workload, *, capacity: int, ttl_s: float | None = None) -> CacheRun:
    """Run an LRU cache of ``capacity`` objects over ``workload``, request by request.

    With ``ttl_s``, a copy fetched at time ``t`` serves requests before ``t + ttl_s``;
    a later request fetches it again (a miss).

    >>> from awsbasics.caching.workload import zipf_workload
    >>> w = zipf_workload(2_000, objects=300, seed=2)
    >>> simulate_lru(w, capacity=50).hit_count > simulate_lru(w, capacity=50, ttl_s=5).hit_count
    True

    Raises:
        CacheConfigError: a negative capacity, or a TTL that is not positive.
    """
    _check_workload(workload)
    check_int(capacity, "capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
    if ttl_s is not None:
        ttl_s = check_number(ttl_s, "ttl_s", 0, MAX_TTL_S, "a TTL in seconds", low_open=True)
    return CacheRun(workload, capacity, ttl_s, _lru_hits(workload.keys, workload.times_s, capacity, ttl_s))


def _prev_next(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each request, the index of the previous (-1: none) and next (n: none) request of the same key."""
    n = keys.size
    order = np.argsort(keys, kind="stable")
    same = keys[order[1:]] == keys[order[:-1]]
    prev = np.full(n, -1, dtype=np.int64)
    nxt = np.full(n, n, dtype=np.int64)
    prev[order[1:][same]] = order[:-1][same]
    nxt[order[:-1][same]] = order[1:][same]
    return prev, nxt


def _count_below_from(values: np.ndarray, starts: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """For each query q: how many ``values[j]``, ``j >= starts[q]``, are below ``limits[q]``.

    A wavelet matrix: each bit level stably splits the values into zeros then
    ones and keeps the count of zeros before every position; a query walks the
    levels from the top bit, counting a whole range of smaller values wherever
    its limit has a 1 bit. Every step is a numpy operation over all queries.
    """
    n = values.size
    bits = max(1, int(n).bit_length())
    dtype = np.int32 if n < 2**31 - 1 else np.int64
    current: np.ndarray = values.astype(dtype)
    low = starts.astype(dtype)
    high = np.full(starts.size, n, dtype=dtype)
    limits = limits.astype(dtype)
    count: np.ndarray = np.zeros(starts.size, dtype=dtype)
    zeros_before = np.empty(n + 1, dtype=dtype)
    zeros_before[0] = 0
    for bit in range(bits - 1, -1, -1):
        ones = ((current >> bit) & 1).astype(bool)
        np.cumsum(~ones, out=zeros_before[1:])
        zeros = zeros_before[n]
        current = np.concatenate((current[~ones], current[ones]))
        take = ((limits >> bit) & 1).astype(bool)
        low_zeros, high_zeros = zeros_before[low], zeros_before[high]
        count += np.where(take, high_zeros - low_zeros, 0).astype(dtype)
        low = np.where(take, zeros + (low - low_zeros), low_zeros).astype(dtype)
        high = np.where(take, zeros + (high - high_zeros), high_zeros).astype(dtype)
    return count.astype(np.int64)


def stack_distances(keys) -> np.ndarray:
    """Each request's LRU stack distance: distinct keys requested since the key's previous request.

    ``-1`` marks a first request (a miss at every size). A request hits in an
    LRU cache of ``c`` objects exactly when its distance is between 0 and ``c - 1``.

    >>> stack_distances([1, 1, 2, 1]).tolist()
    [-1, 0, -1, 1]

    Raises:
        CacheConfigError: more keys than the model runs, or negative keys.
        TypeError: keys that are not integers.
    """
    array = np.asarray(keys) if not isinstance(keys, np.ndarray) else keys
    if array.ndim != 1:
        raise TypeError(f"keys must be a one-dimensional sequence of ints, not an array of shape {array.shape}")
    if array.size > MAX_REQUESTS:
        raise CacheConfigError(f"{array.size:,} keys: the model measures at most {MAX_REQUESTS:,} requests")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"keys must be ints, not {array.dtype}")
    array = array.astype(np.int64, copy=False)
    if array.size and int(array.min()) < 0:
        raise CacheConfigError(f"key {int(array.min())}: keys are object ids from 0 up")
    n = array.size
    prev, nxt = _prev_next(array)
    again = np.flatnonzero(prev >= 0)
    distances = np.full(n, -1, dtype=np.int64)
    if again.size:
        before = prev[again]
        # Positions strictly between the two requests whose key comes back before the second one
        # are repeats; every other position there is a distinct key.
        repeats = _count_below_from(nxt, before + 1, again)
        distances[again] = (again - before - 1) - repeats
    return distances


@dataclass(frozen=True, slots=True, eq=False)
class MissRatioCurve(Rendered):
    """Hits of an LRU cache at every size 0..``max_capacity``, from one pass over the workload."""

    workload: Workload
    hits_by_capacity: np.ndarray  # hits_by_capacity[c]: hits of a cache of c objects
    distances: np.ndarray  # each request's stack distance (-1: first request)

    @property
    def max_capacity(self) -> int:
        """The size that holds every requested object: no larger cache hits more."""
        return int(self.hits_by_capacity.size - 1)

    @property
    def capacities(self) -> np.ndarray:
        return np.arange(self.hits_by_capacity.size)

    @property
    def hit_ratios(self) -> np.ndarray:
        return self.hits_by_capacity / self.workload.requests

    @property
    def miss_ratios(self) -> np.ndarray:
        return 1 - self.hit_ratios

    def hits_at(self, capacity: int) -> int:
        """Hits of an LRU cache of ``capacity`` objects (sizes past ``max_capacity`` hit as much)."""
        check_int(capacity, "capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
        return int(self.hits_by_capacity[min(capacity, self.max_capacity)])

    def run(self, capacity: int) -> CacheRun:
        """The run of an LRU cache of ``capacity`` objects (no TTL), read off the stack distances."""
        check_int(capacity, "capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
        hits = (self.distances >= 0) & (self.distances < capacity)
        return CacheRun(self.workload, capacity, None, hits)

    def hit_ratio_at(self, capacity: int) -> float:
        return self.hits_at(capacity) / self.workload.requests

    def capacity_for(self, hit_ratio: float) -> int | None:
        """The smallest cache that reaches ``hit_ratio``; None if no size does (first requests always miss)."""
        target = check_number(hit_ratio, "hit_ratio", 0, 1, "a hit ratio")
        reached = np.flatnonzero(self.hit_ratios >= target - 1e-12)
        return int(reached[0]) if reached.size else None

    @property
    def verdict(self) -> str:
        half = self.capacity_for(0.5 * self.hit_ratios[-1])
        if half is None:  # unreachable: holding every object reaches the full ratio
            half = self.max_capacity
        return (
            f"Holding all {self.max_capacity:,} requested objects serves {self.hit_ratios[-1]:.1%} of requests "
            f"(the rest are first requests); {half:,} objects ({half / self.max_capacity:.0%} of them) "
            f"already serve half of that."
        )

    _view_ = "caching.curve_view"

    def rows(self) -> list[tuple[int, str]]:
        """(capacity, hit ratio) at powers of ten and at the size that holds everything."""
        sizes = sorted({c for c in (1, 10, 100, 1_000, 10_000, 100_000) if c < self.max_capacity} | {self.max_capacity})
        return [(c, f"{self.hit_ratio_at(c):.3f}") for c in sizes]

    def text(self) -> str:
        return text_table(["capacity_objects", "hit_ratio"], self.rows()) + f"\n{self.verdict}"

    def figure(self):
        """The hit ratio against the cache size (plotly)."""
        return view("caching.curve_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def miss_ratio_curve(workload: Workload) -> MissRatioCurve:
    """Hits of an LRU cache at every size, from one pass of stack distances (Mattson's algorithm).

    >>> from awsbasics.caching.workload import zipf_workload
    >>> curve = miss_ratio_curve(zipf_workload(20_000, objects=1_000, seed=4))
    >>> curve.hits_at(0), curve.hits_at(10**6) == curve.hits_at(curve.max_capacity)
    (0, True)
    """
    _check_workload(workload)
    distances = stack_distances(workload.keys)
    seen = distances[distances >= 0]
    distinct = workload.requests - seen.size
    counts = np.bincount(seen, minlength=distinct)[:distinct]
    hits = np.concatenate(([0], np.cumsum(counts)))
    hits.setflags(write=False)
    distances.setflags(write=False)
    return MissRatioCurve(workload, hits, distances)
