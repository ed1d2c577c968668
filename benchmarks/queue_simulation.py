"""10^6 messages through a queue drained by a scaling worker pool: awsbasics against SimPy.

The engine, :func:`awsbasics.messaging.simulate_workers`, is an event-by-event
model written as one pass over the messages with a heap of worker free times.
The peer, :func:`simpy_workers` below, is the same system written the usual
SimPy way: an arrival process putting messages in a ``simpy.Store``, one process
per worker taking them, a controller process that reads the backlog every
evaluation period and launches, cancels or drains workers. Both run on the same
pre-drawn arrival and processing-time arrays and must agree on every message's
start time and on the statistics (mean, p95, p99 and max wait, peak backlog,
peak instances, instance-hours). Prints both times (best of ``RUNS``) and the ratio.

Target: at least 5x.

    .venv-test/bin/python benchmarks/queue_simulation.py            # 10^6 messages
    .venv-test/bin/python benchmarks/queue_simulation.py 100000     # fewer
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

from awsbasics.messaging import ScalingPolicy, Workload, draw_workload, simulate_workers

MESSAGES = 1_000_000
RUNS = 2
TARGET = 5.0
# Warm-up is not a multiple of the period, so no instance becomes ready at the very instant
# the policy evaluates: simultaneous events are the one thing the two models could order differently.
POLICY = ScalingPolicy(
    target_backlog_per_instance=20, min_instances=4, max_instances=200, evaluation_period_s=60, warmup_s=90
)


def workload(messages: int, *, seed: int = 2026) -> Workload:
    """Steady uploads with two bursts' worth of traffic in the middle, 0.5 s mean processing."""
    return draw_workload(
        seed=seed,
        messages=messages,
        rate_per_s=40,
        mean_service_s=0.5,
        burst_start_s=messages / 40 / 3,
        burst_seconds=1800,
        burst_rate_per_s=200,
    )


def simpy_workers(arrival_s: np.ndarray, service_s: np.ndarray, policy: ScalingPolicy) -> dict:
    """The same scaling worker pool as a SimPy model; returns start times and the run's figures."""
    import simpy

    arrival = arrival_s.tolist()
    service = service_s.tolist()
    n = len(arrival)
    env = simpy.Environment()
    store = simpy.Store(env)
    starts = [0.0] * n
    done = env.event()
    finished = [0]
    workers: list[dict] = []
    evaluations: list[tuple[float, int, int]] = []

    def worker(w):
        if w["ready_at"] > env.now:
            yield env.timeout(w["ready_at"] - env.now)
        if w["stopped_at"] is not None:
            return  # cancelled while warming
        w["ready"] = True
        while True:
            w["get"] = store.get()
            index = yield w["get"]
            w["get"] = None
            starts[index] = env.now
            w["busy_until"] = env.now + service[index]
            yield env.timeout(service[index])
            w["busy_until"] = None
            finished[0] += 1
            if finished[0] == n:
                done.succeed()
            if w["draining"]:
                w["stopped_at"] = env.now
                return

    def launch(ready_at: float) -> None:
        w = {
            "launched_at": env.now,
            "ready_at": ready_at,
            "ready": ready_at <= env.now,
            "busy_until": None,
            "get": None,
            "draining": False,
            "stopped_at": None,
        }
        workers.append(w)
        env.process(worker(w))

    def source():
        for index in range(n):
            gap = arrival[index] - env.now
            if gap > 0:
                yield env.timeout(gap)
            store.put(index)

    def controller():
        while True:
            yield env.timeout(policy.evaluation_period_s)
            now = env.now
            waiting = len(store.items)
            live = [w for w in workers if not w["draining"] and w["stopped_at"] is None]
            desired = min(
                max(math.ceil(waiting / policy.target_backlog_per_instance), policy.min_instances), policy.max_instances
            )
            if desired > len(live):
                for _ in range(desired - len(live)):
                    launch(now + policy.warmup_s)
            elif desired < len(live):
                remove = len(live) - desired
                warming = sorted((w for w in live if w["ready_at"] > now), key=lambda w: w["ready_at"])
                while remove and warming:  # latest-ready first
                    warming.pop()["stopped_at"] = now
                    remove -= 1
                idle = [w for w in live if w["ready_at"] <= now and w["busy_until"] is None]
                for w in idle[:remove]:
                    w["get"].cancel()
                    w["stopped_at"] = now
                    w["draining"] = True
                remove -= min(remove, len(idle))
                busy = sorted((w for w in live if w["busy_until"] is not None), key=lambda w: w["busy_until"])
                for w in busy[len(busy) - remove :] if remove else []:
                    w["draining"] = True
            evaluations.append((now, waiting, desired))

    for _ in range(policy.min_instances):
        launch(0.0)
    env.process(source())
    env.process(controller())
    env.run(until=done)
    end = env.now
    instance_seconds = sum(
        (w["stopped_at"] if w["stopped_at"] is not None else end) - w["launched_at"] for w in workers
    )
    return {
        "start_s": np.asarray(starts),
        "evaluations": evaluations,
        "instance_seconds": instance_seconds,
        "end_s": end,
    }


def simpy_stats(result: dict, arrival_s: np.ndarray, service_s: np.ndarray, policy: ScalingPolicy) -> dict:
    """The SimPy run's statistics, computed as :meth:`WorkerRun.stats` computes them."""
    wait = result["start_s"] - arrival_s
    backlogs = [b for _, b, _ in result["evaluations"]]
    capacity = [c for _, _, c in result["evaluations"]]
    return {
        "messages": len(arrival_s),
        "mean_wait_s": float(wait.mean()),
        "p95_wait_s": float(np.percentile(wait, 95)),
        "p99_wait_s": float(np.percentile(wait, 99)),
        "max_wait_s": float(wait.max()),
        "mean_latency_s": float((wait + service_s).mean()),
        "max_backlog": int(max(backlogs)) if backlogs else 0,
        "peak_instances": int(max([policy.min_instances, *capacity])),
        "instance_hours": result["instance_seconds"] / 3600,
        "end_s": result["end_s"],
    }


def main(argv: list[str]) -> int:
    messages = int(argv[0]) if argv else MESSAGES
    load = workload(messages)
    ours = theirs = None
    ours_s = theirs_s = float("inf")
    for _ in range(RUNS):
        t0 = time.perf_counter()
        ours = simulate_workers(load, POLICY)
        ours_s = min(ours_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        theirs = simpy_workers(load.arrival_s, load.service_s, POLICY)
        theirs_s = min(theirs_s, time.perf_counter() - t0)
    a, b = ours.stats(), simpy_stats(theirs, load.arrival_s, load.service_s, POLICY)
    same_starts = np.allclose(ours.start_s, theirs["start_s"], rtol=0, atol=1e-6)
    same_stats = all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-6) for k in a)
    print(
        f"{messages:,} messages, {len(ours.eval_time_s):,} scaling evaluations, "
        f"peak {a['peak_instances']} instances, peak backlog {a['max_backlog']:,}"
    )
    for key in a:
        print(f"  {key:16s} awsbasics {a[key]:>16,.4f}   simpy {b[key]:>16,.4f}")
    print(f"same start time for every message: {same_starts}; same statistics: {same_stats}")
    print(
        f"awsbasics simulate_workers: {ours_s:.2f} s   SimPy model: {theirs_s:.2f} s   "
        f"ratio {theirs_s / ours_s:.1f}x (target {TARGET:g}x)"
    )
    return 0 if same_starts and same_stats else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
