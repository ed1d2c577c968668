"""CloudWatch alarm evaluation on a year of one-minute datapoints against a per-datapoint loop.

Ours: ``Alarm.evaluate`` (numpy, vectorized) on 525,600 one-minute CPU
datapoints (a daily cycle plus noise, 5% of the minutes missing), for each of
the four missing-data treatments, a 3-of-5 alarm, end to end (converting the
values and building the list of states included).

Peer: ``evaluate_per_datapoint``, the same rule as a plain Python loop that
calls ``Alarm.next_state``'s logic once per period: the obvious way to write
it. It runs on the full year too, in the same process. Both must agree.
Prints both times (best of several runs for ours) and the ratio.
Target: well under 1 s for ours.
"""

from __future__ import annotations

import time

import numpy as np

from awsbasics.ha import Alarm, evaluate_per_datapoint

MINUTES = 525_600
RUNS = 3
TARGET_SECONDS = 1.0


def year_of_cpu(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    minute = np.arange(MINUTES)
    cpu = 45 + 25 * np.sin(2 * np.pi * (minute % 1440) / 1440 - np.pi / 2) + rng.normal(0, 8, MINUTES)
    cpu[rng.random(MINUTES) < 0.05] = np.nan
    return cpu


def main() -> None:
    values = year_of_cpu()
    print(f"{MINUTES:,} one-minute datapoints (one year), 3 of 5 datapoints to alarm, threshold 70")
    for treat in ("missing", "notBreaching", "breaching", "ignore"):
        alarm = Alarm(70, evaluation_periods=5, datapoints_to_alarm=3, treat_missing_data=treat)
        ours = []
        for _ in range(RUNS):
            start = time.perf_counter()
            states = alarm.evaluate(values)
            ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        oracle = evaluate_per_datapoint(alarm, values)
        loop = time.perf_counter() - start
        assert states == oracle, f"vectorized and loop disagree for {treat}"
        best = min(ours)
        print(
            f"  {treat:13s} vectorized {best:.3f} s   loop {loop:.2f} s   ratio {loop / best:,.0f}x   "
            f"{'OK' if best < TARGET_SECONDS else 'SLOWER THAN TARGET'} (target < {TARGET_SECONDS} s)"
        )


if __name__ == "__main__":
    main()
