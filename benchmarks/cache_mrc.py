"""The one-pass LRU miss-ratio curve for 10^6 requests against ``cachetools.LRUCache`` run at 20 sizes.

Workload: ``zipf_workload(1_000_000, objects=100_000, alpha=0.9, seed=1)``.
Ours: ``miss_ratio_curve`` (stack distances for every request, vectorized with
numpy, then a histogram) gives the hits of every cache size at once. Peer:
``cachetools.LRUCache`` driven request by request, once per size, at 20 sizes
from 1 to 100,000 objects (geometric). Both must give the same hits at every
size. Prints both times (ours: best of 3; the peer: one pass per size, summed)
and the ratio. Target: at least 20x. Needs ``cachetools`` (a test dependency).
"""

from __future__ import annotations

import time

import cachetools
import numpy as np

from awsbasics.caching import miss_ratio_curve, zipf_workload

REQUESTS = 1_000_000
OBJECTS = 100_000
SIZES = 20
RUNS = 3
TARGET = 20.0


def peer_hits(keys: list[int], size: int) -> int:
    """Hits of a cachetools LRU cache of ``size`` objects, request by request."""
    cache = cachetools.LRUCache(maxsize=size)
    hits = 0
    for key in keys:
        if key in cache:
            cache[key]
            hits += 1
        else:
            cache[key] = True
    return hits


def main() -> None:
    workload = zipf_workload(REQUESTS, objects=OBJECTS, alpha=0.9, seed=1)
    sizes = sorted({int(s) for s in np.geomspace(1, OBJECTS, SIZES).round()})
    ours = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        curve = miss_ratio_curve(workload)
        ours = min(ours, time.perf_counter() - start)
    keys = workload.keys.tolist()
    start = time.perf_counter()
    peer = {size: peer_hits(keys, size) for size in sizes}
    peer_s = time.perf_counter() - start
    mismatched = [s for s in sizes if peer[s] != curve.hits_at(s)]
    assert not mismatched, f"hits differ from cachetools at sizes {mismatched}"
    ratio = peer_s / ours
    print(f"{REQUESTS:,} requests over {OBJECTS:,} objects; {len(sizes)} sizes from {sizes[0]:,} to {sizes[-1]:,}")
    print(f"hits equal to cachetools.LRUCache at all {len(sizes)} sizes")
    print(f"one-pass curve (every size):  {ours:8.3f} s  (best of {RUNS})")
    print(f"cachetools at {len(sizes)} sizes:       {peer_s:8.3f} s")
    print(f"ratio: {ratio:.1f}x  (target at least {TARGET:.0f}x: {'met' if ratio >= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
