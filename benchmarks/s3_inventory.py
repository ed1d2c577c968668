"""Inventory mode on 1,000,000 objects over 36 months against a per-object Python loop.

Ours: ``simulate_inventory(..., engine="numpy")`` on a made-up S3 Inventory
table of 10^6 objects (sizes around 512 KB, ages up to a year, mixed storage
classes) under the course's rule (Standard-IA at day 30, Glacier Flexible
Retrieval at day 90, expire at day 365), 36 months of 30 days, end to end
(checking the table included; making it is not timed).

Peer: the same call with ``engine="loop"``, a straightforward loop over the
objects that works out each object's stays and adds them up month by month.
It runs on a random sample of 10^4 objects of the same table and its time is
scaled linearly to 10^6 (x100): its work is the same for every object, so it
grows in proportion to their number. Both engines must agree on the sample.
Prints both times (best of several runs for ours) and the ratio.
Targets: at most 1 s for ours, at least 100x faster than the loop.
"""

from __future__ import annotations

import time

import numpy as np

from awsbasics.storage.s3 import Lifecycle, random_inventory, simulate_inventory

OBJECTS = 1_000_000
SAMPLE = 10_000
MONTHS = 36
RUNS = 3
TARGET_SECONDS = 1.0
TARGET_RATIO = 100.0
RULE = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)


def timed(function, *args, runs: int, **kwargs):
    """Best wall-clock time of ``runs`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    table = random_inventory(OBJECTS, seed=2026)
    sample = table.sample(n=SAMPLE, random_state=2026)
    # Warm up imports and caches so neither side pays for them.
    simulate_inventory(sample.head(10), RULE, months=MONTHS)
    simulate_inventory(sample.head(10), RULE, months=MONTHS, engine="loop")

    ours, full = timed(simulate_inventory, table, RULE, months=MONTHS, runs=RUNS)
    loop_sample, slow = timed(simulate_inventory, sample, RULE, months=MONTHS, engine="loop", runs=1)
    fast = simulate_inventory(sample, RULE, months=MONTHS)
    if not np.allclose(fast.monthly.to_numpy(), slow.monthly.to_numpy(), rtol=1e-9, atol=1e-12):
        raise SystemExit("the engines disagree on the sample")
    loop_scaled = loop_sample * OBJECTS / SAMPLE

    print(f"{OBJECTS:,} objects x {MONTHS} months, rule: {RULE.timeline}")
    print(f"total ${full.total_usd:,.2f} (both engines agree on the {SAMPLE:,}-object sample: ${fast.total_usd:,.4f})")
    print(f"awsbasics inventory mode (numpy), {OBJECTS:,} objects      {ours:8.3f} s  (best of {RUNS})")
    print(f"per-object Python loop, {SAMPLE:,} objects                 {loop_sample:8.3f} s")
    print(f"  scaled linearly x{OBJECTS // SAMPLE} to {OBJECTS:,} objects             {loop_scaled:8.1f} s")
    ratio = loop_scaled / ours
    meets = ours <= TARGET_SECONDS and ratio >= TARGET_RATIO
    print(
        f"ratio: {ratio:,.0f}x faster (targets: at most {TARGET_SECONDS:.0f} s and at least {TARGET_RATIO:.0f}x) "
        f"-> {'meets' if meets else 'MISSES'} the targets"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
