"""The caching engine: LRU hits equal cachetools exactly, the one-pass curve equals per-size runs, CloudFront rules."""

import re

import numpy as np
import pytest

cachetools = pytest.importorskip("cachetools")

from awsbasics.caching import (  # noqa: E402
    CACHE_KEY_EXAMPLES,
    CacheConfigError,
    CacheKey,
    CloudFrontConfigError,
    cloudfront_cost,
    effective_ttl,
    engines,
    engines_for,
    invalidation_cost_usd,
    miss_ratio_curve,
    simulate_cdn,
    simulate_lru,
    simulate_strategy,
    stack_distances,
    thundering_herd,
    zipf_workload,
)


def cachetools_hits(keys, size, ttl=None, times=None):
    """Per-request hits of cachetools.LRUCache (or TTLCache on a driven clock), request by request."""
    if ttl is None:
        cache = cachetools.LRUCache(maxsize=size)
    else:
        clock = [0.0]
        cache = cachetools.TTLCache(maxsize=size, ttl=ttl, timer=lambda: clock[0])
    hits = []
    for i, key in enumerate(keys.tolist()):
        if ttl is not None:
            clock[0] = times[i]
        if key in cache:
            cache[key]
            hits.append(True)
        else:
            cache[key] = True
            hits.append(False)
    return np.array(hits, dtype=bool)


def stack_distances_loop(keys):
    """The oracle: an explicit LRU stack, most recent first."""
    stack, out = [], []
    for key in list(keys):
        if key in stack:
            out.append(stack.index(key))
            stack.remove(key)
        else:
            out.append(-1)
        stack.insert(0, key)
    return np.array(out, dtype=np.int64)


WORKLOAD = zipf_workload(40_000, objects=3_000, alpha=0.8, requests_per_second=50, seed=5)
CURVE = miss_ratio_curve(WORKLOAD)


@pytest.mark.parametrize("size", [1, 2, 3, 10, 57, 300, 1_000, 2_999, 3_000, 5_000])
def test_lru_hits_equal_cachetools_at_every_size(size):
    peer = cachetools_hits(WORKLOAD.keys, size)
    run = simulate_lru(WORKLOAD, capacity=size)
    assert np.array_equal(run.hits, peer)
    assert CURVE.hits_at(size) == int(peer.sum())
    assert np.array_equal(CURVE.run(size).hits, peer)


@pytest.mark.parametrize("size", [1, 10, 200, 3_000])
@pytest.mark.parametrize("ttl", [0.5, 5.0, 60.0, 1e6])
def test_ttl_lru_hits_equal_cachetools_ttlcache(size, ttl):
    peer = cachetools_hits(WORKLOAD.keys, size, ttl=ttl, times=WORKLOAD.times_s.tolist())
    assert np.array_equal(simulate_lru(WORKLOAD, capacity=size, ttl_s=ttl).hits, peer)


@pytest.mark.parametrize("seed", range(6))
def test_stack_distances_equal_the_loop_oracle(seed):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 1 + 10 * seed, size=500)
    assert np.array_equal(stack_distances(keys), stack_distances_loop(keys))


def test_stack_distances_small_cases_by_hand():
    # a b a c b a: a again after {b} -> 1; b again after {a, c} -> 2; a again after {c, b} -> 2.
    assert stack_distances([0, 1, 0, 2, 1, 0]).tolist() == [-1, -1, 1, -1, 2, 2]
    assert stack_distances([5, 5, 5]).tolist() == [-1, 0, 0]
    assert stack_distances([]).tolist() == []
    assert stack_distances([3]).tolist() == [-1]


def test_curve_is_monotone_and_ends_at_all_but_first_requests():
    hits = CURVE.hits_by_capacity
    assert hits[0] == 0 and np.all(np.diff(hits) >= 0)
    assert CURVE.max_capacity == WORKLOAD.distinct_keys
    assert hits[-1] == WORKLOAD.requests - WORKLOAD.distinct_keys
    assert CURVE.hits_at(10**6) == hits[-1]
    best = CURVE.capacity_for(0.5)
    assert CURVE.hit_ratio_at(best) >= 0.5 > CURVE.hit_ratio_at(best - 1)
    assert CURVE.capacity_for(1.0) is None  # first requests always miss


def test_workload_is_deterministic_per_seed():
    again = zipf_workload(40_000, objects=3_000, alpha=0.8, requests_per_second=50, seed=5)
    other = zipf_workload(40_000, objects=3_000, alpha=0.8, requests_per_second=50, seed=6)
    assert np.array_equal(again.keys, WORKLOAD.keys) and np.array_equal(again.times_s, WORKLOAD.times_s)
    assert not np.array_equal(other.keys, WORKLOAD.keys)
    assert WORKLOAD.keys.min() >= 0 and WORKLOAD.keys.max() < 3_000
    assert np.all(np.diff(WORKLOAD.times_s) >= 0)
    # Zipf: object 0 is the most requested.
    assert np.argmax(np.bincount(WORKLOAD.keys)) == 0
    with pytest.raises(ValueError):
        WORKLOAD.keys[0] = 1  # read-only


def test_ttl_lowers_hits_and_zero_capacity_never_hits():
    assert simulate_lru(WORKLOAD, capacity=0).hit_count == 0
    plain = simulate_lru(WORKLOAD, capacity=500)
    assert simulate_lru(WORKLOAD, capacity=500, ttl_s=5).hit_count < plain.hit_count
    assert plain.origin_requests == plain.requests - plain.hit_count
    # Latency: hits at the edge (10 ms), misses at the origin (150 ms), teaching assumptions in data/caching.json.
    assert plain.mean_latency_ms == pytest.approx(10 * plain.hit_ratio + 150 * (1 - plain.hit_ratio))


# effective TTL: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
@pytest.mark.parametrize(
    ("options", "ttl", "rule"),
    [
        ({}, 86400, "default TTL"),  # no header: the default TTL (24 h)
        ({"max_age_s": 3600}, 3600, "between the minimum and maximum"),
        ({"max_age_s": 3600, "default_ttl_s": 300, "max_ttl_s": 300}, 300, "maximum TTL, which caps it"),
        ({"max_age_s": 10, "min_ttl_s": 60, "default_ttl_s": 60}, 60, "below the minimum TTL"),
        ({"max_age_s": 100, "s_maxage_s": 900}, 900, "s-maxage wins"),
        ({"no_cache": True}, 0, "not cached"),
        ({"no_cache": True, "min_ttl_s": 30, "default_ttl_s": 30}, 30, "minimum TTL above 0 wins"),
    ],
)
def test_effective_ttl(options, ttl, rule):
    decision = effective_ttl(**options)
    assert decision.ttl_s == ttl
    assert rule in decision.rule


def test_cache_key_variants_and_split():
    assert CacheKey().variants == 1
    key = CacheKey(query_strings={"size": 3}, headers={"Accept-Language": 5}, cookies={"session": 10})
    assert key.variants == 150
    assert key.text() == (
        "Cache key: query strings: size (3); headers: Accept-Language (5); cookies: session (10) "
        "-> 150 cached copies per object"
    )
    keyed = key.apply(WORKLOAD, seed=1)
    assert np.array_equal(keyed.keys // 150, WORKLOAD.keys)
    assert CacheKey().apply(WORKLOAD, seed=1) is WORKLOAD
    ratios = [miss_ratio_curve(k.apply(WORKLOAD, seed=1)).hit_ratio_at(300) for k in CACHE_KEY_EXAMPLES.values()]
    assert ratios == sorted(ratios, reverse=True) and ratios[0] > 2 * ratios[-2]


def test_prices_from_the_pricing_pages():
    # https://aws.amazon.com/cloudfront/pricing/ : 1 TB and 10M requests free; USD 0.085/GB; USD 0.01 per 10,000 HTTPS.
    cost = cloudfront_cost(gb_out=2048, requests=30_000_000)
    assert cost.data_transfer_out_usd == pytest.approx(1024 * 0.085)
    assert cost.requests_usd == pytest.approx(20.0)
    assert cost.origin_fetch_usd == 0.0 and cost.total_usd == 107.04
    assert cloudfront_cost(gb_out=500, requests=1_000).total_usd == 0.0
    # https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/cloudfront.html : 1,000 free, USD 0.005 each.
    assert invalidation_cost_usd(0) == invalidation_cost_usd(1_000) == 0.0
    assert invalidation_cost_usd(4_200) == 16.0
    assert cloudfront_cost(gb_out=0, requests=0, invalidation_paths=3_000).total_usd == 10.0


def test_cdn_layers_and_origin_shield():
    w = zipf_workload(20_000, objects=5_000, seed=1)
    plain = simulate_cdn(w, edge_capacity=200, regional_capacity=1_000, seed=1)
    shield = simulate_cdn(w, edge_capacity=200, regional_capacity=1_000, origin_shield=True, seed=1)
    assert [layer.name for layer in plain.layers] == ["edge location", "regional edge cache"]
    assert [layer.name for layer in shield.layers][-1] == "Origin Shield"
    # Each layer sees exactly the misses of the layer before it.
    assert plain.layers[0].requests == 20_000 and plain.layers[1].requests == plain.layers[0].misses
    assert shield.layers[2].requests == shield.layers[1].misses
    assert shield.origin_requests < plain.origin_requests
    assert simulate_cdn(w, edge_capacity=200, regional_capacity=1_000, seed=1).rows() == plain.rows()
    # One edge location with the regional layer disabled is the plain LRU simulation.
    one = simulate_cdn(w, edge_capacity=300, regional_capacity=0, edge_locations=1, regional_caches=1, seed=3)
    assert one.layers[0].hits == simulate_lru(w, capacity=300).hit_count
    assert "the configured origin" not in plain.miss_path and "never picks an origin by distance" in plain.miss_path


def test_strategies_and_herd():
    lazy = simulate_strategy("lazy-loading", ttl_s=60, seed=2)
    through = simulate_strategy("write-through", ttl_s=60, seed=2)
    assert lazy.stale_reads > 0 and through.stale_reads == 0
    assert through.cache_writes == lazy.cache_writes - lazy.database_reads + through.database_reads + through.writes
    assert lazy.reads + lazy.writes == 20_000
    assert lazy.database_reads == lazy.reads - lazy.cache_hits
    herd = thundering_herd(requests_per_second=2_000, recompute_s=0.25, seed=4)
    guarded = thundering_herd(requests_per_second=2_000, recompute_s=0.25, single_flight=True, seed=4)
    assert herd.database_queries == herd.requests_while_missing > 400 and guarded.database_queries == 1
    assert thundering_herd(requests_per_second=2_000, recompute_s=0.25, seed=4) == herd


def test_engines_from_the_comparison_page():
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SelectEngine.html
    assert engines_for("publish/subscribe") == ("Valkey or Redis OSS",)
    assert engines_for("multithreaded: uses many cores of a large node") == ("Memcached",)
    assert engines_for("scale out and in by adding and removing nodes") == ("Memcached", "Valkey or Redis OSS")
    assert len(engines()) == 8


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: zipf_workload(0, objects=10, seed=1), CacheConfigError, r"requests=0: a workload has 1 to 2,000,000"),
        (lambda: simulate_lru(WORKLOAD, capacity=-1), CacheConfigError, r"capacity=-1: a cache holds"),
        (
            lambda: simulate_lru(WORKLOAD, capacity=5, ttl_s=0),
            CacheConfigError,
            r"ttl_s=0: a TTL in seconds \(above 0 and at most 3,153,600,000\)",
        ),
        (lambda: effective_ttl(min_ttl_s=10, default_ttl_s=5), CloudFrontConfigError, r"minimum TTL <= default TTL"),
        (lambda: CacheKey(headers={"Accept Language": 2}), CloudFrontConfigError, r"printable ASCII"),
        (lambda: simulate_strategy("write-back", seed=1), CacheConfigError, r"'write-back': use one of lazy-loading"),
    ],
)
def test_rule_errors_name_value_and_rule(call, error, message):
    with pytest.raises(error, match=message):
        call()
    assert issubclass(error, ValueError)


def test_texts():
    assert re.match(r"Zipf workload: 40,000 requests for 3,000 objects \(alpha 0.8, seed 5\)", WORKLOAD.text())
    assert "An LRU cache of 10 objects with no TTL serves" in simulate_lru(WORKLOAD, capacity=10).text()
    assert effective_ttl().text() == (
        "CloudFront caches it for 86,400 s: the origin sent no max-age or s-maxage, so the default TTL applies"
    )


def test_chapter_exercises_grade_by_the_engine():
    from awsbasics.exercises import chapter

    size, key, miss, ttl, invalidation, stale, engine = chapter("08")
    assert size.check(size.answer).correct and not size.check(size.answer - 1).correct
    assert "Too small" in size.check(10).message
    assert "diminishing returns" in size.check(size.answer + 100).message
    assert key.check(["size"]).correct and key.check(["SIZE "]).correct
    assert "leaves out size" in key.check(["utm_source"]).message
    assert "splits each image into 15 cached copies" in key.check(["size", "Accept-Language"]).message
    assert not key.check("size").correct and not key.check(["nope"]).correct
    assert ttl.answer == "120 s: the minimum TTL"  # s-maxage=60 wins, then the 120 s minimum raises it
    assert invalidation.answer == 16.0  # (4,200 - 1,000) x USD 0.005
    assert stale.answer == "Fewer stale reads and more database reads"
    assert engine.check("B").correct and miss.check("B").correct
