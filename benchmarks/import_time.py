"""How much does ``import awsbasics`` add to a fresh interpreter's start?

Peer: a bare ``python -c pass`` measured in the same run (and ``import json``
as a familiar stdlib yardstick). Prints medians, the added time and the ratio.
Target: ``import awsbasics`` adds at most 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 21
TARGET_S = 0.3


def median_start(code: str, runs: int = RUNS) -> float:
    """Median wall time of ``python -c code`` over ``runs`` fresh interpreters."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    subprocess.run([sys.executable, "-c", "import awsbasics"], check=True)  # warm the file cache
    bare = median_start("pass")
    stdlib = median_start("import json")
    ours = median_start("import awsbasics")
    first_use = median_start("import awsbasics; awsbasics.infra.Region.get('ap-northeast-2')")
    added = ours - bare
    print(f"python -c pass                      {bare * 1000:8.1f} ms")
    print(f"python -c 'import json'             {stdlib * 1000:8.1f} ms")
    print(f"python -c 'import awsbasics'        {ours * 1000:8.1f} ms")
    print(f"  + first Region lookup             {first_use * 1000:8.1f} ms")
    print(
        f"import awsbasics adds {added * 1000:.1f} ms over bare start "
        f"(ratio {ours / bare:.2f}x; target: at most {TARGET_S * 1000:.0f} ms added)"
    )
    verdict = "meets" if added <= TARGET_S else "MISSES"
    print(f"{verdict} the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
