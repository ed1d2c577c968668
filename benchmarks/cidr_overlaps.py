"""``find_overlaps`` on 100,000 random blocks (/16 to /28, given as text) against a stdlib peer.

Peer: the standard library's ``ipaddress`` parses the same strings, sorts the
networks and sweeps them with a stack of open blocks, the usual way to find
nested CIDR blocks in plain Python. Both must find the same pairs. Prints
both times (best of several runs) and the ratio. Target: at least 20x.
"""

from __future__ import annotations

import ipaddress
import random
import time

from awsbasics.network.cidr import find_overlaps

BLOCKS = 100_000
RUNS = 5
TARGET = 20.0


def random_blocks(count: int, *, seed: int) -> list[str]:
    """``count`` random aligned blocks with prefixes /16 to /28, as text."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        prefix = rng.randint(16, 28)
        network = rng.getrandbits(32) & ~((1 << (32 - prefix)) - 1)
        texts.append(f"{network >> 24}.{network >> 16 & 255}.{network >> 8 & 255}.{network & 255}/{prefix}")
    return texts


def stdlib_overlaps(texts: list[str]) -> list[tuple[int, int]]:
    """The peer: ipaddress parses; integers sort; a stack sweeps the nested blocks."""
    networks = [ipaddress.ip_network(t) for t in texts]
    starts = [int(n.network_address) for n in networks]
    ends = [int(n.broadcast_address) for n in networks]
    prefixes = [n.prefixlen for n in networks]
    order = sorted(range(len(networks)), key=lambda i: (starts[i], prefixes[i]))
    pairs, open_blocks = [], []  # indexes of the blocks that contain the current start
    for index in order:
        start = starts[index]
        while open_blocks and ends[open_blocks[-1]] < start:
            open_blocks.pop()
        pairs.extend((min(o, index), max(o, index)) for o in open_blocks)
        open_blocks.append(index)
    return sorted(pairs)


def best_time(function, texts) -> tuple[float, list]:
    best, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function(texts)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    texts = random_blocks(BLOCKS, seed=2020)
    ours, our_pairs = best_time(find_overlaps, texts)
    peer, peer_pairs = best_time(stdlib_overlaps, texts)
    if our_pairs != peer_pairs:
        raise SystemExit(f"results differ: {len(our_pairs)} pairs vs {len(peer_pairs)} from the peer")
    print(f"{BLOCKS:,} blocks, {len(our_pairs):,} overlapping pairs (both agree)")
    print(f"awsbasics find_overlaps      {ours * 1000:8.1f} ms")
    print(f"stdlib ipaddress sweep       {peer * 1000:8.1f} ms")
    ratio = peer / ours
    print(
        f"ratio: {ratio:.1f}x faster (target: at least {TARGET:.0f}x) -> {'meets' if ratio >= TARGET else 'MISSES'} the target"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
