"""The request path through CloudFront: edge locations, regional edge caches, Origin Shield, the origin.

A viewer's request reaches an edge location (a point of presence). On a miss
the edge asks its regional edge cache, a larger cache shared by several edge
locations; on a miss there it goes to the origin the cache behavior names
(through Origin Shield, one more shared cache in one Region, when enabled).
Inside the origin a web tier, an app tier and a database answer, and an
in-memory cache such as ElastiCache can spare the database. :func:`simulate_cdn`
runs each layer as an LRU cache over the requests the layer below could not
serve, and counts what each layer saves.

    >>> from awsbasics.caching.workload import zipf_workload
    >>> w = zipf_workload(20_000, objects=5_000, seed=1)
    >>> plain = simulate_cdn(w, edge_capacity=200, regional_capacity=1_000, seed=1)
    >>> shielded = simulate_cdn(w, edge_capacity=200, regional_capacity=1_000, origin_shield=True, seed=1)
    >>> shielded.origin_requests < plain.origin_requests
    True

Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowCloudFrontWorks.html ,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.caching._checks import check_int, check_number, check_seed
from awsbasics.caching.lru import LATENCY_MS, MAX_TTL_S, _check_workload, _lru_hits
from awsbasics.caching.workload import MAX_OBJECTS, Workload

__all__ = ["Layer", "CdnRun", "simulate_cdn", "MISS_PATH", "MAX_EDGE_LOCATIONS"]

MISS_PATH: str = data.value("caching", "cloudfront_miss_path")
MAX_EDGE_LOCATIONS = 64
MAX_REGIONAL_CACHES = 16


@dataclass(frozen=True, slots=True)
class Layer:
    """One cache layer of the path: how many caches it has, what reached it and what it served."""

    name: str
    caches: int
    capacity_objects: int
    requests: int
    hits: int
    latency_ms: float  # time to a response served by this layer (teaching assumption)

    @property
    def hit_ratio(self) -> float:
        return self.hits / self.requests if self.requests else 0.0

    @property
    def misses(self) -> int:
        return self.requests - self.hits


@dataclass(frozen=True, slots=True, eq=False)
class CdnRun(Rendered):
    """A workload through edge locations, regional edge caches, optional Origin Shield, to the origin."""

    workload: Workload
    layers: tuple[Layer, ...]
    origin_shield: bool
    ttl_s: float | None

    @property
    def origin_requests(self) -> int:
        return self.layers[-1].misses

    @property
    def offload(self) -> float:
        """Share of viewer requests CloudFront served without the origin."""
        return 1 - self.origin_requests / self.workload.requests

    @property
    def mean_latency_ms(self) -> float:
        served = [(layer.hits, layer.latency_ms) for layer in self.layers]
        served.append((self.origin_requests, LATENCY_MS["origin_web"]))
        return sum(n * ms for n, ms in served) / self.workload.requests

    @property
    def miss_path(self) -> str:
        return MISS_PATH

    def rows(self) -> list[tuple]:
        rows: list[tuple] = [
            (
                layer.name,
                layer.caches,
                layer.capacity_objects,
                layer.requests,
                layer.hits,
                round(100 * layer.hit_ratio, 1),
                layer.latency_ms,
            )
            for layer in self.layers
        ]
        rows.append(("origin", 1, "", self.origin_requests, self.origin_requests, 100.0, LATENCY_MS["origin_web"]))
        return rows

    COLUMNS = ("layer", "caches", "capacity_objects_each", "requests", "served", "served_pct", "latency_ms")

    @property
    def verdict(self) -> str:
        return (
            f"CloudFront served {self.offload:.1%} of {self.workload.requests:,} requests; "
            f"{self.origin_requests:,} reached the origin; mean latency {self.mean_latency_ms:.0f} ms "
            "(teaching latencies)."
        )

    _view_ = "caching.cdn_view"

    def text(self) -> str:
        return text_table(self.COLUMNS, self.rows()) + f"\n{self.verdict}"

    def diagram(self):
        """The request path with the requests each layer received and served (Graphviz)."""
        return view("caching.cdn_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def _layer(name, groups, keys, times, capacity, ttl_s, latency, caches):
    """Run one LRU cache per group; return the layer and the mask of requests it missed."""
    missed = np.zeros(keys.size, dtype=bool)
    for members in groups:
        missed[members] = ~_lru_hits(keys[members], times[members], capacity, ttl_s)
    return Layer(name, caches, capacity, int(keys.size), int((~missed).sum()), latency), missed


def simulate_cdn(
    workload: Workload,
    *,
    edge_capacity: int,
    regional_capacity: int,
    edge_locations: int = 4,
    regional_caches: int = 2,
    origin_shield: bool = False,
    shield_capacity: int | None = None,
    ttl_s: float | None = None,
    seed: int,
) -> CdnRun:
    """Route each request to a random edge location (seeded) and run every cache layer as an LRU cache.

    Edge location ``e`` uses regional edge cache ``e % regional_caches``. With
    ``origin_shield`` every regional cache's misses go through one more cache
    (``shield_capacity`` objects, default the regional capacity) before the origin.

    Raises:
        CacheConfigError: a capacity, count or TTL outside the model's range.
    """
    _check_workload(workload)
    check_int(edge_capacity, "edge_capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
    check_int(regional_capacity, "regional_capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
    check_int(edge_locations, "edge_locations", 1, MAX_EDGE_LOCATIONS, "the model runs 1 to 64 edge locations")
    check_int(regional_caches, "regional_caches", 1, MAX_REGIONAL_CACHES, "the model runs 1 to 16 regional edge caches")
    if not isinstance(origin_shield, bool):
        raise TypeError(f"origin_shield must be bool, not {type(origin_shield).__name__}")
    if shield_capacity is None:
        shield_capacity = regional_capacity
    check_int(shield_capacity, "shield_capacity", 0, MAX_OBJECTS, "a cache holds 0 to 1,000,000 objects")
    if ttl_s is not None:
        ttl_s = check_number(ttl_s, "ttl_s", 0, MAX_TTL_S, "a TTL in seconds", low_open=True)
    check_seed(seed)
    keys, times = workload.keys, workload.times_s
    edge_of = np.random.default_rng(seed).integers(0, edge_locations, size=workload.requests)
    edge, edge_missed = _layer(
        "edge location",
        [np.flatnonzero(edge_of == e) for e in range(edge_locations)],
        keys,
        times,
        edge_capacity,
        ttl_s,
        LATENCY_MS["edge"],
        edge_locations,
    )
    rest = np.flatnonzero(edge_missed)
    regional_of = edge_of[rest] % regional_caches
    regional, regional_missed = _layer(
        "regional edge cache",
        [np.flatnonzero(regional_of == r) for r in range(regional_caches)],
        keys[rest],
        times[rest],
        regional_capacity,
        ttl_s,
        LATENCY_MS["regional_edge_cache"],
        regional_caches,
    )
    layers = [edge, regional]
    if origin_shield:
        rest = rest[regional_missed]
        shield, _ = _layer(
            "Origin Shield",
            [np.arange(rest.size)],
            keys[rest],
            times[rest],
            shield_capacity,
            ttl_s,
            LATENCY_MS["origin_shield"],
            1,
        )
        layers.append(shield)
    return CdnRun(workload, tuple(layers), origin_shield, ttl_s)
