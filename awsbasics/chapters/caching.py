"""Chapter 08 exercises: size an edge cache, design a cache key, and reason about TTLs, misses and engines.

The two constructive exercises take something the learner builds (a cache size,
a cache key) and run it through :mod:`awsbasics.caching`: the hit ratio the
engine measures grades the answer, and the feedback names the idea a wrong one
reveals.
"""

from __future__ import annotations

from awsbasics._checks import is_int
from awsbasics.caching import (
    INVALIDATION,
    CacheKey,
    effective_ttl,
    engines_for,
    invalidation_cost_usd,
    miss_ratio_curve,
    simulate_strategy,
    zipf_workload,
)
from awsbasics.chapters.exercise import Exercise, GradedExercise

SEED = 8
REQUESTS = 50_000
OBJECTS = 5_000
TARGET_HIT_PCT = 50
EDGE_CAPACITY = 500
KEY_NAMES = ("size", "utm_source", "Accept-Language", "session")
_KEY_PARTS = {
    "size": ("query_strings", 3),
    "utm_source": ("query_strings", 20),
    "Accept-Language": ("headers", 5),
    "session": ("cookies", 1_000),
}


def _whole_number(answer: object):
    if isinstance(answer, str) and answer.strip().replace(",", "").isdigit() and answer.strip().isascii():
        answer = int(answer.strip().replace(",", ""))
    if not is_int(answer) or not 0 <= int(answer) <= 10**6:
        return None
    return int(answer)


def _names(answer: object):
    if not isinstance(answer, (list, tuple, set, frozenset)) or not all(isinstance(a, str) for a in answer):
        return None
    folded = {name.casefold(): name for name in KEY_NAMES}
    if any(a.strip().casefold() not in folded for a in answer):
        return None
    return frozenset(folded[a.strip().casefold()] for a in answer)


def _edge_size(curve):
    best = curve.capacity_for(TARGET_HIT_PCT / 100)

    def grade(capacity: int) -> tuple[bool, str]:
        ratio = curve.hit_ratio_at(capacity)
        said = f"A cache of {capacity:,} objects serves {ratio:.1%} of the requests."
        if ratio < TARGET_HIT_PCT / 100:
            return False, (
                f"{said} Too small: a cache helps only while it holds the popular objects until they are asked for "
                "again; below that size LRU evicts them first and most requests go to the origin."
            )
        if capacity > best:
            return False, (
                f"{said} That meets the target, but a smaller cache does too: on a skewed workload the first objects "
                "cached are the popular ones, and every further object adds fewer hits (diminishing returns)."
            )
        return True, f"{said} The smallest LRU cache that reaches {TARGET_HIT_PCT}%, read off the one-pass curve."

    return best, grade


def _key_of(names) -> CacheKey:
    parts: dict[str, dict[str, int]] = {"query_strings": {}, "headers": {}, "cookies": {}}
    for name in names:
        kind, values = _KEY_PARTS[name]
        parts[kind][name] = values
    return CacheKey(**parts)


def _cache_key(workload):
    def hit_ratio(names) -> float:
        keyed = _key_of(names).apply(workload, seed=SEED)
        return miss_ratio_curve(keyed).hit_ratio_at(EDGE_CAPACITY)

    needed = frozenset({"size"})
    best_ratio = hit_ratio(needed)

    def grade(names) -> tuple[bool, str]:
        key = _key_of(names)
        if "size" not in names:
            return False, (
                f"Your key ({key.text()}) leaves out size, but the image differs by size: CloudFront would serve "
                "whichever size was cached first to everyone. A value the response depends on must be in the key."
            )
        extra = sorted(set(names) - needed)
        if extra:
            ratio = hit_ratio(names)
            return False, (
                f"Adding {', '.join(extra)} splits each image into {key.variants:,} cached copies and drops the edge "
                f"hit ratio from {best_ratio:.1%} to {ratio:.1%}, yet the image does not depend on "
                f"{'them' if len(extra) > 1 else 'it'}. Forward such values to the origin with an origin request "
                "policy if it needs them, but keep them out of the cache key."
            )
        return True, f"Only size: {key.variants} copies per image, and an edge hit ratio of {best_ratio:.1%}."

    return needed, grade


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 08, answers computed by the caching engine."""
    workload = zipf_workload(REQUESTS, objects=OBJECTS, seed=SEED)
    curve = miss_ratio_curve(workload)
    best_size, grade_size = _edge_size(curve)
    key_answer, grade_key = _cache_key(workload)
    ttl = effective_ttl(min_ttl_s=120, default_ttl_s=300, max_ttl_s=600, max_age_s=900, s_maxage_s=60)
    ttl_seconds = (900, 600, 300, 120, 60)
    ttl_choices = (
        "900 s: max-age",
        "600 s: the maximum TTL",
        "300 s: the default TTL",
        "120 s: the minimum TTL",
        "60 s: s-maxage",
    )
    ttl_answer = ttl_choices[ttl_seconds.index(ttl.ttl_s)]
    long_ttl = simulate_strategy("lazy-loading", ttl_s=60, seed=SEED)
    short_ttl = simulate_strategy("lazy-loading", ttl_s=5, seed=SEED)
    stale_word = "Fewer" if short_ttl.stale_reads < long_ttl.stale_reads else "More"
    db_word = "more" if short_ttl.database_reads > long_ttl.database_reads else "fewer"
    stale_choices = (
        "Fewer stale reads and more database reads",
        "Fewer stale reads and fewer database reads",
        "More stale reads and more database reads",
        "No change: the TTL only frees memory",
    )
    stale_answer = f"{stale_word} stale reads and {db_word} database reads"
    engine = " and ".join(
        engines_for("complex data types (lists, sets, sorted sets, hashes)", "Multi-AZ automatic failover")
    )
    paths = 4_200
    return (
        GradedExercise(
            id="08-edge-size",
            question=(
                f"Build it: on zipf_workload({REQUESTS:,}, objects={OBJECTS:,}, seed={SEED}), choose the smallest LRU "
                f"cache (in objects) that serves at least {TARGET_HIT_PCT}% of the requests. Try sizes with "
                "caching.miss_ratio_curve(...).hit_ratio_at(size), then answer with the size."
            ),
            answer=best_size,
            explanation="An LRU cache hits when it still holds the object from its last request.",
            hint_text="curve.capacity_for(0.5) finds it directly; check the sizes around it with hit_ratio_at.",
            kind="number",
            grade=grade_size,
            parse=_whole_number,
        ),
        GradedExercise(
            id="08-cache-key",
            question=(
                "Build it: a product image comes in three sizes chosen by the size query string; requests also carry "
                "a utm_source query string, an Accept-Language header and a session cookie. Which of "
                f"{', '.join(KEY_NAMES)} belong in the cache key? Answer with a list of names."
            ),
            answer=sorted(key_answer),
            explanation="The cache key holds exactly what the response depends on.",
            hint_text=(
                "For each name ask: would two requests that differ only in it need different bytes back? "
                f"Try caching.CacheKey(...).apply(workload, seed={SEED}) and compare hit ratios."
            ),
            kind="set",
            grade=grade_key,
            parse=_names,
        ),
        Exercise(
            id="08-miss-path",
            question="A viewer in Seoul requests an image that is not cached at the Seoul edge location. Where does the request go next?",
            answer="To its regional edge cache, and on a miss there to the origin the cache behavior names",
            choices=(
                "To the origin closest to the viewer",
                "To its regional edge cache, and on a miss there to the origin the cache behavior names",
                "To another edge location in Korea",
                "Back to the viewer with a 404 error",
            ),
            explanation=(
                "CloudFront does not pick origins by distance: each cache behavior names its origin. A miss "
                "passes through the regional edge cache (and Origin Shield, if enabled) on the way."
            ),
            hint_text="Count the cache layers between an edge location and the origin.",
            kind="choice",
        ),
        Exercise(
            id="08-ttl",
            question=(
                "A cache behavior has minimum TTL 120 s, default TTL 300 s and maximum TTL 600 s. The origin answers "
                "with Cache-Control: max-age=900, s-maxage=60. How long does CloudFront keep the object?"
            ),
            answer=ttl_answer,
            choices=ttl_choices,
            explanation=(
                "For CloudFront s-maxage wins over max-age, and the origin's value is used only inside "
                "[minimum TTL, maximum TTL]; the default TTL applies only when the origin sends no caching header."
            ),
            hint_text="Which header does a shared cache read first? Then: which bound does that value cross?",
            kind="choice",
        ),
        Exercise(
            id="08-invalidation",
            question=(
                f"A team invalidates {paths:,} individual file paths in one month. What do the invalidations cost, in "
                "USD? (prices in the data table above)"
            ),
            answer=invalidation_cost_usd(paths),
            explanation=(
                f"The first {INVALIDATION['free_paths_per_month']:,} paths a month cost nothing; each further path "
                f"costs USD {INVALIDATION['usd_per_path']}. Versioned file names avoid invalidations altogether."
            ),
            hint_text="Subtract the free paths, then multiply by the price per path.",
            kind="number",
            tolerance=0.01,
        ),
        Exercise(
            id="08-stale-reads",
            question=(
                "An application uses lazy loading with a 60-second TTL; 10% of its requests write. What happens when "
                "it cuts the TTL to 5 seconds?"
            ),
            answer=stale_answer,
            choices=stale_choices,
            explanation=(
                f"In the simulation the 5 s TTL served {short_ttl.stale_reads:,} stale reads against "
                f"{long_ttl.stale_reads:,} and made {short_ttl.database_reads:,} database reads against "
                f"{long_ttl.database_reads:,}: a shorter TTL drops stale copies sooner, and every dropped copy "
                "is one more miss that goes to the database."
            ),
            hint_text="A TTL ends both stale copies and fresh ones. What does each ending cost on the next read?",
            kind="choice",
        ),
        Exercise(
            id="08-engine",
            question=(
                "A game keeps a live leaderboard as a sorted set and must survive the loss of its primary cache node "
                "without losing the cache. Which ElastiCache engine fits?"
            ),
            answer=engine,
            choices=("Memcached", "Valkey or Redis OSS", "Either: all engines store the same data"),
            explanation=(
                "Memcached stores plain values, is multithreaded and simplest; sorted sets, replication and Multi-AZ "
                "failover (and snapshots, pub/sub) come with Valkey or Redis OSS."
            ),
            hint_text="Look at caching.engines(): which column has both features?",
            kind="choice",
        ),
    )
