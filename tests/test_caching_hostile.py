"""Hostile input for every public caching function: wrong kinds, NaN/inf, huge and negative numbers, odd strings.

Each call runs in a child forked from the test process with ~1 GiB of extra address space
(set in the child) and a 2-second join timeout: a size that drives allocation or a loop must
be refused before any work, never hang or blow up memory.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from _hostile import run_limited

from awsbasics.caching import (
    CacheConfigError,
    CacheKey,
    CloudFrontConfigError,
    Distribution,
    cloudfront_cost,
    effective_ttl,
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

_TIMEOUT_S = 2
W = zipf_workload(1_000, objects=100, seed=1)
CURVE = miss_ratio_curve(W)
NAN, INF, HUGE = float("nan"), float("inf"), 10**400
ARABIC_TEN = "\u0661\u0660"  # Arabic-Indic digits "10"

CASES = [
    # zipf_workload
    ("workload requests str", lambda: zipf_workload("10", objects=5, seed=1), TypeError, r"requests must be int"),
    (
        "workload requests non-ascii",
        lambda: zipf_workload(ARABIC_TEN, objects=5, seed=1),
        TypeError,
        r"requests must be int",
    ),
    ("workload requests bool", lambda: zipf_workload(True, objects=5, seed=1), TypeError, r"requests must be int"),
    ("workload requests float", lambda: zipf_workload(10.0, objects=5, seed=1), TypeError, r"requests must be int"),
    (
        "workload requests huge",
        lambda: zipf_workload(HUGE, objects=5, seed=1),
        CacheConfigError,
        r"requests=\(an int of 1,329 bits\): a workload has 1 to 2,000,000 requests",
    ),
    (
        "workload requests 10**9",
        lambda: zipf_workload(10**9, objects=5, seed=1),
        CacheConfigError,
        r"requests=1000000000: a workload has 1 to 2,000,000",
    ),
    ("workload requests -1", lambda: zipf_workload(-1, objects=5, seed=1), CacheConfigError, r"requests=-1"),
    (
        "workload objects 10**12",
        lambda: zipf_workload(10, objects=10**12, seed=1),
        CacheConfigError,
        r"objects=1000000000000: a workload draws from 1 to 1,000,000 objects",
    ),
    ("workload objects 0", lambda: zipf_workload(10, objects=0, seed=1), CacheConfigError, r"objects=0"),
    (
        "workload alpha nan",
        lambda: zipf_workload(10, objects=5, alpha=NAN, seed=1),
        CacheConfigError,
        r"alpha=nan: the Zipf exponent is a finite number",
    ),
    ("workload alpha inf", lambda: zipf_workload(10, objects=5, alpha=INF, seed=1), CacheConfigError, r"alpha=inf"),
    (
        "workload alpha -1",
        lambda: zipf_workload(10, objects=5, alpha=-1, seed=1),
        CacheConfigError,
        r"alpha=-1: the Zipf exponent \(0 to 3\)",
    ),
    (
        "workload alpha str",
        lambda: zipf_workload(10, objects=5, alpha="0.9", seed=1),
        TypeError,
        r"alpha must be a number",
    ),
    (
        "workload rate 0",
        lambda: zipf_workload(10, objects=5, requests_per_second=0, seed=1),
        CacheConfigError,
        r"requests_per_second=0: a request rate \(above 0 and at most 1,000,000\)",
    ),
    (
        "workload rate huge",
        lambda: zipf_workload(10, objects=5, requests_per_second=HUGE, seed=1),
        CacheConfigError,
        r"requests_per_second=\(an int of 1,329 bits\)",
    ),
    ("workload seed -1", lambda: zipf_workload(10, objects=5, seed=-1), CacheConfigError, r"seed=-1: a seed is"),
    (
        "workload seed 2**64",
        lambda: zipf_workload(10, objects=5, seed=2**64),
        CacheConfigError,
        r"seed=18446744073709551616",
    ),
    ("workload seed str", lambda: zipf_workload(10, objects=5, seed="1"), TypeError, r"seed must be int"),
    ("workload seed None", lambda: zipf_workload(10, objects=5, seed=None), TypeError, r"seed must be int"),
    ("top_share 2", lambda: W.top_share(2), CacheConfigError, r"fraction=2: a fraction of the objects"),
    ("top_share nan", lambda: W.top_share(NAN), CacheConfigError, r"fraction=nan"),
    # simulate_lru
    ("lru workload list", lambda: simulate_lru([1, 2], capacity=1), TypeError, r"workload must be a Workload"),
    (
        "lru capacity huge",
        lambda: simulate_lru(W, capacity=HUGE),
        CacheConfigError,
        r"capacity=\(an int of 1,329 bits\)",
    ),
    (
        "lru capacity -5",
        lambda: simulate_lru(W, capacity=-5),
        CacheConfigError,
        r"capacity=-5: a cache holds 0 to 1,000,000",
    ),
    ("lru capacity str", lambda: simulate_lru(W, capacity="5"), TypeError, r"capacity must be int"),
    (
        "lru ttl nan",
        lambda: simulate_lru(W, capacity=5, ttl_s=NAN),
        CacheConfigError,
        r"ttl_s=nan: a TTL in seconds is a finite",
    ),
    ("lru ttl inf", lambda: simulate_lru(W, capacity=5, ttl_s=INF), CacheConfigError, r"ttl_s=inf"),
    ("lru ttl -1", lambda: simulate_lru(W, capacity=5, ttl_s=-1), CacheConfigError, r"ttl_s=-1"),
    ("lru ttl str", lambda: simulate_lru(W, capacity=5, ttl_s="60"), TypeError, r"ttl_s must be a number"),
    # stack_distances / miss_ratio_curve / curve methods
    (
        "distances 3M keys",
        lambda: stack_distances(np.zeros(3_000_000, dtype=np.int64)),
        CacheConfigError,
        r"3,000,000 keys: the model measures at most 2,000,000 requests",
    ),
    ("distances floats", lambda: stack_distances([1.5, 2.0]), TypeError, r"keys must be ints, not float64"),
    ("distances strings", lambda: stack_distances(["1", "2"]), TypeError, r"keys must be ints"),
    ("distances huge ints", lambda: stack_distances([10**30]), TypeError, r"keys must be ints, not object"),
    (
        "distances negative",
        lambda: stack_distances([1, -2]),
        CacheConfigError,
        r"key -2: keys are object ids from 0 up",
    ),
    ("distances 2-D", lambda: stack_distances([[1, 2]]), TypeError, r"one-dimensional"),
    ("curve of list", lambda: miss_ratio_curve([1, 2]), TypeError, r"workload must be a Workload"),
    ("hits_at huge", lambda: CURVE.hits_at(HUGE), CacheConfigError, r"capacity=\(an int of 1,329 bits\)"),
    ("hits_at -1", lambda: CURVE.hits_at(-1), CacheConfigError, r"capacity=-1"),
    ("run 10**12", lambda: CURVE.run(10**12), CacheConfigError, r"capacity=1000000000000"),
    ("capacity_for 1.5", lambda: CURVE.capacity_for(1.5), CacheConfigError, r"hit_ratio=1.5: a hit ratio \(0 to 1\)"),
    ("capacity_for str", lambda: CURVE.capacity_for("0.5"), TypeError, r"hit_ratio must be a number"),
    # simulate_cdn
    (
        "cdn workload",
        lambda: simulate_cdn(None, edge_capacity=1, regional_capacity=1, seed=1),
        TypeError,
        r"workload must be",
    ),
    (
        "cdn edges 10**9",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, edge_locations=10**9, seed=1),
        CacheConfigError,
        r"edge_locations=1000000000: the model runs 1 to 64 edge locations",
    ),
    (
        "cdn regional 0",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, regional_caches=0, seed=1),
        CacheConfigError,
        r"regional_caches=0",
    ),
    (
        "cdn edge capacity huge",
        lambda: simulate_cdn(W, edge_capacity=HUGE, regional_capacity=1, seed=1),
        CacheConfigError,
        r"edge_capacity=\(an int of 1,329 bits\)",
    ),
    (
        "cdn shield str",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, origin_shield="yes", seed=1),
        TypeError,
        r"origin_shield must be bool",
    ),
    (
        "cdn shield capacity -1",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, shield_capacity=-1, seed=1),
        CacheConfigError,
        r"shield_capacity=-1",
    ),
    (
        "cdn ttl nan",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, ttl_s=NAN, seed=1),
        CacheConfigError,
        r"ttl_s=nan",
    ),
    (
        "cdn seed float",
        lambda: simulate_cdn(W, edge_capacity=1, regional_capacity=1, seed=1.0),
        TypeError,
        r"seed must be int",
    ),
    # effective_ttl
    (
        "ttl min -1",
        lambda: effective_ttl(min_ttl_s=-1),
        CloudFrontConfigError,
        r"min_ttl_s=-1: CloudFront TTLs are whole seconds \(0 to 3,153,600,000\)",
    ),
    (
        "ttl max huge",
        lambda: effective_ttl(max_ttl_s=HUGE),
        CloudFrontConfigError,
        r"max_ttl_s=\(an int of 1,329 bits\)",
    ),
    ("ttl max-age float", lambda: effective_ttl(max_age_s=1.5), TypeError, r"max_age_s must be int"),
    ("ttl max-age non-ascii", lambda: effective_ttl(max_age_s=ARABIC_TEN), TypeError, r"max_age_s must be int"),
    ("ttl s-maxage -1", lambda: effective_ttl(s_maxage_s=-1), CloudFrontConfigError, r"s_maxage_s=-1"),
    (
        "ttl order",
        lambda: effective_ttl(default_ttl_s=100, max_ttl_s=50),
        CloudFrontConfigError,
        r"default_ttl_s=100, max_ttl_s=50: a cache behavior needs minimum TTL <= default TTL <= maximum TTL",
    ),
    ("ttl no_cache str", lambda: effective_ttl(no_cache="no-cache"), TypeError, r"no_cache must be bool"),
    # CacheKey
    ("key not a mapping", lambda: CacheKey(headers=["Accept"]), TypeError, r"headers must be a mapping"),
    ("key empty name", lambda: CacheKey(cookies={"": 2}), CloudFrontConfigError, r"cookies name '': a header, cookie"),
    (
        "key huge name",
        lambda: CacheKey(query_strings={"q" * 100_000: 2}),
        CloudFrontConfigError,
        r"1 to 256 printable ASCII",
    ),
    ("key hangul name", lambda: CacheKey(headers={"언어": 2}), CloudFrontConfigError, r"printable ASCII"),
    ("key name int", lambda: CacheKey(headers={3: 2}), TypeError, r"headers names must be str"),
    (
        "key values 0",
        lambda: CacheKey(headers={"Accept": 0}),
        CloudFrontConfigError,
        r"headers\['Accept'\]=0: the distinct values viewers send \(1 to 1,000,000,000\)",
    ),
    ("key values float", lambda: CacheKey(headers={"Accept": 2.0}), TypeError, r"must be int"),
    ("key values huge", lambda: CacheKey(cookies={"s": HUGE}), CloudFrontConfigError, r"\(an int of 1,329 bits\)"),
    (
        "key product huge",
        lambda: CacheKey(cookies={"a": 10**6, "b": 10**6}),
        CloudFrontConfigError,
        r"1,000,000,000,000 cached copies per object: this model splits an object into at most 1,000,000,000",
    ),
    (
        "key apply list",
        lambda: CacheKey(headers={"A": 2}).apply([1], seed=1),
        TypeError,
        r"workload must be a Workload",
    ),
    ("key apply seed", lambda: CacheKey(headers={"A": 2}).apply(W, seed=-3), CacheConfigError, r"seed=-3"),
    # prices
    ("invalidation -1", lambda: invalidation_cost_usd(-1), CloudFrontConfigError, r"paths_per_month=-1"),
    ("invalidation huge", lambda: invalidation_cost_usd(HUGE), CloudFrontConfigError, r"paths_per_month=\(an int of"),
    ("invalidation str", lambda: invalidation_cost_usd("5"), TypeError, r"paths_per_month must be int"),
    ("cost gb nan", lambda: cloudfront_cost(gb_out=NAN, requests=1), CloudFrontConfigError, r"gb_out=nan"),
    ("cost gb -1", lambda: cloudfront_cost(gb_out=-1, requests=1), CloudFrontConfigError, r"gb_out=-1"),
    ("cost requests float", lambda: cloudfront_cost(gb_out=1, requests=1.5), TypeError, r"requests must be int"),
    (
        "cost requests huge",
        lambda: cloudfront_cost(gb_out=1, requests=HUGE),
        CloudFrontConfigError,
        r"requests=\(an int",
    ),
    # ElastiCache
    (
        "strategy unknown",
        lambda: simulate_strategy("write-behind", seed=1),
        CacheConfigError,
        r"'write-behind': use one of",
    ),
    ("strategy huge name", lambda: simulate_strategy("x" * 100_000, seed=1), CacheConfigError, r"'x{40}': use one of"),
    ("strategy int", lambda: simulate_strategy(1, seed=1), TypeError, r"strategy must be str"),
    (
        "strategy requests huge",
        lambda: simulate_strategy("write-through", requests=10**9, seed=1),
        CacheConfigError,
        r"requests=1000000000: a workload has 1 to 2,000,000",
    ),
    (
        "strategy fraction 2",
        lambda: simulate_strategy("write-through", write_fraction=2, seed=1),
        CacheConfigError,
        r"write_fraction=2",
    ),
    ("strategy ttl inf", lambda: simulate_strategy("write-through", ttl_s=INF, seed=1), CacheConfigError, r"ttl_s=inf"),
    (
        "herd rate huge",
        lambda: thundering_herd(requests_per_second=HUGE, recompute_s=1, seed=1),
        CacheConfigError,
        r"requests_per_second=\(an int of 1,329 bits\)",
    ),
    (
        "herd product",
        lambda: thundering_herd(requests_per_second=1e7, recompute_s=3600, seed=1),
        CacheConfigError,
        r"the model draws at most 10,000,000 requests",
    ),
    (
        "herd recompute 0",
        lambda: thundering_herd(requests_per_second=10, recompute_s=0, seed=1),
        CacheConfigError,
        r"recompute_s=0",
    ),
    (
        "herd single flight str",
        lambda: thundering_herd(requests_per_second=10, recompute_s=1, single_flight="y", seed=1),
        TypeError,
        r"single_flight must be bool",
    ),
    ("engines unknown", lambda: engines_for("sharding"), CacheConfigError, r"feature 'sharding': the comparison lists"),
    ("engines int", lambda: engines_for(3), TypeError, r"a feature must be str"),
]


def _bucket():
    from awsbasics.storage.s3 import Bucket

    return Bucket("hostile-site-2026")


CASES += [
    # Distribution
    (
        "distribution origin text",
        lambda: Distribution("x" * 10**6, name="s"),
        CloudFrontConfigError,
        r"is a domain name",
    ),
    ("distribution origin none", lambda: Distribution(None, name="s"), TypeError, r"origin must be an S3 Bucket"),
    ("distribution name empty", lambda: Distribution(_bucket(), name=""), CloudFrontConfigError, r"1 to 128"),
    ("distribution name huge", lambda: Distribution(_bucket(), name="n" * 10**6), CloudFrontConfigError, r"1 to 128"),
    ("distribution name bytes", lambda: Distribution(_bucket(), name=b"s"), TypeError, r"name must be str"),
    (
        "distribution name hangul",
        lambda: Distribution(_bucket(), name="사이트"),
        CloudFrontConfigError,
        r"letters, digits",
    ),
    (
        "distribution price class",
        lambda: Distribution(_bucket(), name="s", price_class="PriceClass_all"),
        CloudFrontConfigError,
        r"price_class='PriceClass_all'",
    ),
    (
        "distribution price none",
        lambda: Distribution(_bucket(), name="s", price_class=None),
        TypeError,
        r"price_class must be str",
    ),
    (
        "distribution viewer",
        lambda: Distribution(_bucket(), name="s", viewer_protocol_policy="HTTPS-ONLY"),
        CloudFrontConfigError,
        r"viewer_protocol_policy='HTTPS-ONLY'",
    ),
    (
        "distribution ttl nan",
        lambda: Distribution(_bucket(), name="s", default_ttl_s=NAN),
        TypeError,
        r"default_ttl_s must be int",
    ),
    (
        "distribution ttl huge",
        lambda: Distribution(_bucket(), name="s", default_ttl_s=HUGE),
        CloudFrontConfigError,
        r"default_ttl_s=",
    ),
    (
        "distribution ttl non-ascii",
        lambda: Distribution(_bucket(), name="s", default_ttl_s=ARABIC_TEN),
        TypeError,
        r"default_ttl_s must be int",
    ),
    (
        "distribution compress",
        lambda: Distribution(_bucket(), name="s", compress=1),
        TypeError,
        r"compress must be True",
    ),
    (
        "bucket policy arn huge",
        lambda: Distribution(_bucket(), name="s").origin_bucket_policy(distribution_arn="a" * 10**6),
        CloudFrontConfigError,
        r"a distribution ARN reads",
    ),
    (
        "bucket policy arn int",
        lambda: Distribution(_bucket(), name="s").origin_bucket_policy(distribution_arn=5),
        TypeError,
        r"distribution_arn must be str",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_quickly_with_the_rule(call, error, message):
    kind, text = run_limited(call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    assert kind == error.__name__, text
    assert re.search(message, text), text


def test_largest_allowed_sizes_still_run_in_the_parent():
    assert simulate_lru(W, capacity=1_000_000).hit_count == CURVE.hits_at(CURVE.max_capacity)
    assert (
        effective_ttl(min_ttl_s=3_153_600_000, default_ttl_s=3_153_600_000, max_ttl_s=3_153_600_000).ttl_s
        == 3_153_600_000
    )
    assert CacheKey(cookies={"a": 10**9}).variants == 10**9
