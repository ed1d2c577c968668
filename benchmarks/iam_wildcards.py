"""IAM wildcard matching: the linear matcher against the old backtracking regex translation.

Ours: ``awsbasics.iam.patterns.compile_wildcards`` (atomic-group regex, or an NFA
for ARN-segment wildcards). Peer: the translation the library used before, each
``*`` to ``.*`` and ``?`` to ``.`` in one plain regex, reimplemented here.
Two inputs: the pathological ``a*a*...*b`` against ``a`` repeated (at a size
where the old regex still finishes), and ordinary ARNs. Both must agree;
the script prints both times and the ratio (old / new).

``python benchmarks/iam_wildcards.py --stars 9 --length 32``
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from awsbasics.iam.patterns import arn_atoms, compile_wildcards, glob_atoms  # noqa: E402


def old_regex(pattern: str) -> re.Pattern:
    """The previous translation: one plain regex, which backtracks over every split of the text."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def best(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(label: str, pattern: str, texts: list[str], repeats: int) -> None:
    chunks = ((pattern, True),)
    atoms = arn_atoms(chunks, resource_element=True) if pattern.startswith("arn:") else glob_atoms(chunks)
    ours = compile_wildcards((atoms,))
    peer = old_regex(pattern)
    for text in texts:
        assert (ours.fullmatch(text) is not None) == (peer.fullmatch(text) is not None), (pattern, text)
    new_time = best(lambda: [ours.fullmatch(t) for t in texts], repeats)
    old_time = best(lambda: [peer.fullmatch(t) for t in texts], repeats)
    print(
        f"{label:<34} old {old_time * 1e3:10.3f} ms   new {new_time * 1e3:8.3f} ms   ratio {old_time / new_time:8.1f}x"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stars", type=int, default=9, help="stars in the pathological pattern")
    parser.add_argument("--length", type=int, default=32, help="characters in the pathological text")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    compare(f"a*x{args.stars}b vs {args.length} a", "a*" * args.stars + "b", ["a" * args.length], args.repeats)
    arns = [
        f"arn:aws:s3:::reports/{year}/q{q}/part-{n}.csv"
        for year in range(2020, 2027)
        for q in range(1, 5)
        for n in range(40)
    ]
    compare(f"ordinary ARNs x{len(arns)} (2 stars)", "arn:aws:s3:::reports/*/q?/*.csv", arns, args.repeats * 10)
    compare(f"ordinary ARNs x{len(arns)} (1 star)", "arn:aws:s3:::reports/*", arns, args.repeats * 10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
