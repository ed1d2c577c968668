"""Chapter 08: caching — CloudFront at the edge, ElastiCache in front of the database.

A request travels user -> edge location -> regional edge cache -> origin (web
-> app -> database); every layer that holds a copy saves the layers behind it.
The simulations run on a skewed (Zipf) workload, request by request, and the
LRU cache agrees exactly with ``cachetools``:

    >>> from awsbasics.caching import miss_ratio_curve, simulate_lru, zipf_workload
    >>> w = zipf_workload(10_000, objects=2_000, seed=8)
    >>> curve = miss_ratio_curve(w)                 # every cache size, one pass
    >>> curve.hits_at(200) == simulate_lru(w, capacity=200).hit_count
    True

Modules: :mod:`~awsbasics.caching.workload` (the requests),
:mod:`~awsbasics.caching.lru` (LRU simulation and the one-pass curve),
:mod:`~awsbasics.caching.cdn` (the CloudFront request path),
:mod:`~awsbasics.caching.cloudfront` (TTLs, cache key, prices),
:mod:`~awsbasics.caching.distribution` (a distribution with origin access control to S3),
:mod:`~awsbasics.caching.elasticache` (strategies, thundering herd, engines).
"""

from awsbasics.caching.cdn import MISS_PATH, CdnRun, Layer, simulate_cdn
from awsbasics.caching.cloudfront import (
    CACHE_KEY_EXAMPLES,
    INVALIDATION,
    PRICING,
    TTL_DEFAULTS,
    CacheKey,
    CloudFrontCost,
    TtlDecision,
    cloudfront_cost,
    effective_ttl,
    invalidation_cost_usd,
)
from awsbasics.caching.distribution import (
    CACHING_OPTIMIZED,
    ORIGIN_ACCESS_CONTROL,
    PRICE_CLASSES,
    VIEWER_PROTOCOL_POLICIES,
    Distribution,
)
from awsbasics.caching.elasticache import (
    ENGINE_FEATURES,
    STRATEGIES,
    HerdRun,
    StrategyRun,
    engines,
    engines_for,
    simulate_strategy,
    thundering_herd,
)
from awsbasics.caching.lru import LATENCY_MS, CacheRun, MissRatioCurve, miss_ratio_curve, simulate_lru, stack_distances
from awsbasics.caching.workload import MAX_OBJECTS, MAX_REQUESTS, Workload, zipf_workload
from awsbasics.errors import CacheConfigError, CloudFrontConfigError

__all__ = [
    "Workload",
    "zipf_workload",
    "CacheRun",
    "simulate_lru",
    "MissRatioCurve",
    "miss_ratio_curve",
    "stack_distances",
    "Layer",
    "CdnRun",
    "simulate_cdn",
    "TtlDecision",
    "effective_ttl",
    "CacheKey",
    "CloudFrontCost",
    "cloudfront_cost",
    "invalidation_cost_usd",
    "StrategyRun",
    "simulate_strategy",
    "HerdRun",
    "thundering_herd",
    "engines",
    "engines_for",
    "CacheConfigError",
    "CloudFrontConfigError",
    "LATENCY_MS",
    "MISS_PATH",
    "TTL_DEFAULTS",
    "PRICING",
    "INVALIDATION",
    "CACHE_KEY_EXAMPLES",
    "STRATEGIES",
    "ENGINE_FEATURES",
    "MAX_REQUESTS",
    "MAX_OBJECTS",
    "Distribution",
    "PRICE_CLASSES",
    "VIEWER_PROTOCOL_POLICIES",
    "ORIGIN_ACCESS_CONTROL",
    "CACHING_OPTIMIZED",
]
