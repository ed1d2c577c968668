"""ElastiCache in front of a database: lazy loading against write-through, stale reads, the thundering herd.

Lazy loading (cache-aside) puts an item in the cache only after a read missed;
a later write to the database leaves the cached copy stale until its TTL ends.
Write-through also writes the cache on every database write: reads are fresh,
but every write costs a cache write, wanted or not.

    >>> lazy = simulate_strategy("lazy-loading", ttl_s=60, seed=1)
    >>> through = simulate_strategy("write-through", ttl_s=60, seed=1)
    >>> lazy.stale_reads > 0 == through.stale_reads
    True
    >>> thundering_herd(requests_per_second=1_000, recompute_s=0.2, seed=1).database_queries > 150
    True

Sources: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Strategies.html ,
https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SelectEngine.html
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.caching._checks import check_number, check_seed
from awsbasics.caching.lru import MAX_TTL_S
from awsbasics.caching.workload import zipf_workload
from awsbasics.errors import CacheConfigError

__all__ = [
    "STRATEGIES",
    "StrategyRun",
    "simulate_strategy",
    "HerdRun",
    "thundering_herd",
    "engines",
    "engines_for",
    "ENGINE_FEATURES",
]

STRATEGIES = ("lazy-loading", "write-through")
_ENGINES = data.fact("caching", "elasticache_engines")
ENGINE_FEATURES: tuple[str, ...] = tuple(row[0] for row in _ENGINES["rows"])
MAX_HERD_REQUESTS = 10_000_000


@dataclass(frozen=True, slots=True)
class StrategyRun(Rendered):
    """Counts from one caching strategy over a stream of reads and writes."""

    strategy: str
    ttl_s: float | None
    reads: int
    writes: int
    cache_hits: int
    stale_reads: int  # hits that returned an older version than the database held
    database_reads: int
    cache_writes: int

    @property
    def hit_ratio(self) -> float:
        return self.cache_hits / self.reads if self.reads else 0.0

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("strategy", self.strategy),
            ("ttl_s", "none" if self.ttl_s is None else f"{self.ttl_s:g}"),
            ("reads", self.reads),
            ("writes", self.writes),
            ("cache_hits", self.cache_hits),
            ("hit_ratio_pct", round(100 * self.hit_ratio, 1)),
            ("stale_reads", self.stale_reads),
            ("database_reads", self.database_reads),
            ("cache_writes", self.cache_writes),
        ]

    def text(self) -> str:
        return text_table(["measure", "value"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def simulate_strategy(
    strategy: str,
    *,
    requests: int = 20_000,
    keys: int = 1_000,
    write_fraction: float = 0.1,
    ttl_s: float | None = None,
    alpha: float = 0.9,
    requests_per_second: float = 100.0,
    seed: int,
) -> StrategyRun:
    """Run ``strategy`` ("lazy-loading" or "write-through") over Zipf reads and writes (a cache large enough for all keys).

    Raises:
        CacheConfigError: an unknown strategy, or a size, fraction or TTL out of range.
    """
    if not isinstance(strategy, str):
        raise TypeError(f"strategy must be str, not {type(strategy).__name__}")
    if strategy not in STRATEGIES:
        raise CacheConfigError(f"strategy {strategy[:40]!r}: use one of {', '.join(STRATEGIES)}")
    fraction = check_number(write_fraction, "write_fraction", 0, 1, "the share of requests that write")
    if ttl_s is not None:
        ttl_s = check_number(ttl_s, "ttl_s", 0, MAX_TTL_S, "a TTL in seconds", low_open=True)
    workload = zipf_workload(requests, objects=keys, alpha=alpha, requests_per_second=requests_per_second, seed=seed)
    is_write = np.random.default_rng([seed, 1]).random(requests) < fraction
    version = [0] * keys
    cached: dict[int, tuple[int, float]] = {}  # key -> (version, expires)
    hits = stale = db_reads = cache_writes = 0
    forever = float("inf")
    for key, now, write in zip(workload.keys.tolist(), workload.times_s.tolist(), is_write.tolist()):
        if write:
            version[key] += 1
            if strategy == "write-through":
                cached[key] = (version[key], forever if ttl_s is None else now + ttl_s)
                cache_writes += 1
            continue
        entry = cached.get(key)
        if entry is not None and now < entry[1]:
            hits += 1
            stale += entry[0] < version[key]
            continue
        db_reads += 1
        cached[key] = (version[key], forever if ttl_s is None else now + ttl_s)
        cache_writes += 1
    writes = int(is_write.sum())
    return StrategyRun(strategy, ttl_s, requests - writes, writes, hits, stale, db_reads, cache_writes)


@dataclass(frozen=True, slots=True)
class HerdRun(Rendered):
    """A hot key expires: the requests that arrive while it is being recomputed, and the queries they cause."""

    requests_per_second: float
    recompute_s: float
    single_flight: bool
    requests_while_missing: int
    database_queries: int

    def text(self) -> str:
        guard = (
            "one request recomputes, the rest wait (a lock / single flight)"
            if self.single_flight
            else ("every request that misses queries the database")
        )
        return (
            f"Hot key expired at {self.requests_per_second:,g} requests/s with a {self.recompute_s:g} s recompute: "
            f"{self.requests_while_missing:,} requests found it missing; {self.database_queries:,} database "
            f"queries ({guard})."
        )

    def __repr__(self) -> str:
        return self.text()


def thundering_herd(
    *, requests_per_second: float, recompute_s: float, single_flight: bool = False, seed: int
) -> HerdRun:
    """Requests (Poisson, seeded) for one hot key from its expiry until the first recompute refills it.

    Without protection every one of them misses and queries the database; with
    ``single_flight`` only the first does.

    Raises:
        CacheConfigError: a rate or recompute time out of range, or more than 10,000,000 expected requests.
    """
    rate = check_number(requests_per_second, "requests_per_second", 0, 1e7, "a request rate", low_open=True)
    window = check_number(recompute_s, "recompute_s", 0, 3600, "a recompute time in seconds", low_open=True)
    if not isinstance(single_flight, bool):
        raise TypeError(f"single_flight must be bool, not {type(single_flight).__name__}")
    check_seed(seed)
    if rate * window > MAX_HERD_REQUESTS:
        raise CacheConfigError(
            f"{rate:g} requests/s for {window:g} s: the model draws at most {MAX_HERD_REQUESTS:,} requests"
        )
    # The expiry is found by the first request after it; the key is missing until that request's recompute ends.
    arrivals = int(np.random.default_rng(seed).poisson(rate * window)) + 1
    return HerdRun(rate, window, single_flight, arrivals, 1 if single_flight else arrivals)


def engines() -> list[tuple]:
    """(feature, memcached, valkey_or_redis_oss) rows from the ElastiCache engine comparison."""
    return [tuple(row) for row in _ENGINES["rows"]]


def engines_for(*features: str) -> tuple[str, ...]:
    """The ElastiCache engines that offer every feature named (exact names from :data:`ENGINE_FEATURES`).

    >>> engines_for("publish/subscribe")
    ('Valkey or Redis OSS',)

    Raises:
        CacheConfigError: a feature name the comparison does not list.
    """
    names = {"memcached": "Memcached", "valkey_or_redis_oss": "Valkey or Redis OSS"}
    rows = {row[0]: row for row in _ENGINES["rows"]}
    for feature in features:
        if not isinstance(feature, str):
            raise TypeError(f"a feature must be str, not {type(feature).__name__}")
        if feature not in rows:
            raise CacheConfigError(f"feature {feature[:60]!r}: the comparison lists {', '.join(ENGINE_FEATURES)}")
    columns = _ENGINES["columns"][1:]
    return tuple(names[c] for i, c in enumerate(columns, start=1) if all(rows[f][i] for f in features))
