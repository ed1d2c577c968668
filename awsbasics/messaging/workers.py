"""A queue drained by an Auto Scaling group of workers that scales on backlog per instance.

This is the aggregate simulation beside :class:`~awsbasics.messaging.Queue`: it
follows every message (arrival, start, finish) but not receipt handles, so it
runs a million messages in seconds. The model:

* messages wait in one queue and start in arrival order on the first free worker;
* every ``evaluation_period_s`` the scaling policy reads the backlog (messages
  waiting, SQS's ApproximateNumberOfMessagesVisible) and sets the desired
  capacity to ``ceil(backlog / target_backlog_per_instance)`` within
  ``[min_instances, max_instances]`` (target tracking on backlog per instance,
  AWS's recommended metric for queue workers, without target tracking's gradual scale-in);
* a launched instance takes work ``warmup_s`` later; scale-in cancels warming
  instances first (latest first), then stops idle ones, then lets the busiest
  finish their message and stop;
* an instance is billed from launch to stop.

    >>> load = draw_workload(seed=3, messages=2000, rate_per_s=5, mean_service_s=2.0)
    >>> run = simulate_workers(load, ScalingPolicy(target_backlog_per_instance=10, max_instances=15))
    >>> run.stats()["messages"], run.stats()["peak_instances"]
    (2000, 15)

The same model written with SimPy lives in ``benchmarks/queue_simulation.py``; the tests
check that both give the same start time for every message.
Documentation: https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import WorkloadError

__all__ = [
    "ScalingPolicy",
    "Workload",
    "WorkerRun",
    "PipelineRun",
    "draw_workload",
    "simulate_workers",
    "simulate_pipeline",
    "acceptable_backlog_per_instance",
    "MAX_MESSAGES",
    "MAX_INSTANCES",
    "SQS_PRICES",
    "SNS_PRICES",
    "WORKER_USD_PER_HOUR",
]

MAX_MESSAGES = 2_000_000
MAX_INSTANCES = 1_000
MAX_EVALUATIONS = 1_000_000
MAX_SECONDS_SETTING = 3_600.0  # periods, warm-ups, service times: at most an hour each
SERVICE_SIGMA = 0.5  # spread of the lognormal processing time
SQS_PRICES: dict = data.value("messaging", "sqs_prices")
SNS_PRICES: dict = data.value("messaging", "sns_prices")
WORKER_INSTANCE = data.fact("ec2", "prices")["instance_type"]
WORKER_USD_PER_HOUR: float = next(r[-1] for r in data.fact("ec2", "prices")["rows"] if r[0] == "On-Demand")


def _positive(value: object, what: str, *, high: float = MAX_SECONDS_SETTING, zero: bool = False) -> float:
    value = require_number(value, what)
    ok = (value >= 0) if zero else (value > 0)
    if not (math.isfinite(value) and ok and value <= high):
        low = "0" if zero else "above 0"
        raise WorkloadError(f"{what}={value}: must be {low} and at most {high:,g}")
    return value


def acceptable_backlog_per_instance(*, acceptable_latency_s: float, mean_service_s: float) -> float:
    """AWS's target for backlog per instance: how long a message may wait / how long one takes.

    >>> acceptable_backlog_per_instance(acceptable_latency_s=10, mean_service_s=0.1)
    100.0
    """
    latency = _positive(acceptable_latency_s, "acceptable_latency_s", high=86_400)
    service = _positive(mean_service_s, "mean_service_s")
    return latency / service


@dataclass(frozen=True, slots=True)
class ScalingPolicy:
    """Target tracking on backlog per instance for the worker group.

    Raises:
        WorkloadError: a target that is not above 0, bounds in the wrong order or above
            the model's 1,000 instances, a period or warm-up outside its range.
    """

    target_backlog_per_instance: float
    min_instances: int = 1
    max_instances: int = 20
    evaluation_period_s: float = 60.0
    warmup_s: float = 90.0

    def __post_init__(self) -> None:
        _positive(self.target_backlog_per_instance, "target_backlog_per_instance", high=1e9)
        object.__setattr__(self, "min_instances", require_int(self.min_instances, "min_instances"))
        object.__setattr__(self, "max_instances", require_int(self.max_instances, "max_instances"))
        if not 1 <= self.min_instances <= self.max_instances <= MAX_INSTANCES:
            raise WorkloadError(
                f"min_instances={self.min_instances}, max_instances={self.max_instances}: need "
                f"1 <= min <= max <= {MAX_INSTANCES} (the model keeps at least one worker polling)"
            )
        _positive(self.evaluation_period_s, "evaluation_period_s")
        if self.evaluation_period_s < 1:
            raise WorkloadError(f"evaluation_period_s={self.evaluation_period_s}: at least 1 second")
        _positive(self.warmup_s, "warmup_s", zero=True)

    def desired(self, backlog: int) -> int:
        """The capacity the policy asks for at a given backlog."""
        wanted = math.ceil(backlog / self.target_backlog_per_instance)
        return min(max(wanted, self.min_instances), self.max_instances)


@dataclass(frozen=True, slots=True, eq=False)
class Workload:
    """Pre-drawn messages: arrival times (sorted) and processing times, in seconds."""

    arrival_s: np.ndarray
    service_s: np.ndarray

    @classmethod
    def from_arrays(cls, arrival_s, service_s) -> Workload:
        """Validate and freeze two arrays of equal length.

        Raises:
            WorkloadError: different lengths, none or too many messages, arrivals not sorted
                or negative, processing times not above 0 or not finite.
        """
        for value, what in ((arrival_s, "arrival_s"), (service_s, "service_s")):
            if not isinstance(value, (np.ndarray, list, tuple)):
                raise TypeError(f"{what} must be an array of numbers, not {type(value).__name__}")
            if len(value) > MAX_MESSAGES:
                raise WorkloadError(f"{what} has {len(value):,} messages: the model runs at most {MAX_MESSAGES:,}")
        try:
            arrival = np.array(arrival_s, dtype=np.float64)
            service = np.array(service_s, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError("arrival_s and service_s must hold numbers") from None
        if arrival.ndim != 1 or arrival.shape != service.shape or arrival.size == 0:
            raise WorkloadError("arrival_s and service_s are two one-dimensional arrays of the same, non-zero length")
        if not (np.isfinite(arrival).all() and np.isfinite(service).all()):
            raise WorkloadError("arrival and processing times must be finite")
        if arrival[0] < 0 or (np.diff(arrival) < 0).any():
            raise WorkloadError("arrival_s must be non-negative and sorted")
        if (service <= 0).any() or service.max() > MAX_SECONDS_SETTING:
            raise WorkloadError(f"processing times must be above 0 and at most {MAX_SECONDS_SETTING:,g} s")
        for array in (arrival, service):
            array.setflags(write=False)
        return cls(arrival, service)

    @property
    def messages(self) -> int:
        return int(self.arrival_s.size)


def draw_workload(
    *,
    seed: int,
    messages: int,
    rate_per_s: float,
    mean_service_s: float,
    burst_start_s: float = 0.0,
    burst_seconds: float = 0.0,
    burst_rate_per_s: float | None = None,
) -> Workload:
    """Poisson arrivals (a higher rate during an optional burst) and lognormal processing times.

    Arrival times come from unit-rate exponential gaps mapped through the inverse
    of the cumulative rate, so exactly ``messages`` arrive.

    Raises:
        WorkloadError: a rate or time outside its range, or a message count outside 1 to 2,000,000.
    """
    seed = require_int(seed, "seed")
    if seed < 0:
        raise WorkloadError(f"seed={seed}: a seed is a non-negative integer")
    messages = require_int(messages, "messages")
    if not 1 <= messages <= MAX_MESSAGES:
        raise WorkloadError(f"messages={messages}: the model runs 1 to {MAX_MESSAGES:,} messages")
    base = _positive(rate_per_s, "rate_per_s", high=1e6)
    burst = base if burst_rate_per_s is None else _positive(burst_rate_per_s, "burst_rate_per_s", high=1e6)
    b0 = _positive(burst_start_s, "burst_start_s", high=1e7, zero=True)
    b1 = b0 + _positive(burst_seconds, "burst_seconds", high=1e7, zero=True)
    service = _positive(mean_service_s, "mean_service_s")
    rng = np.random.default_rng(seed)
    e = np.cumsum(rng.exponential(1.0, messages))
    l0, l1 = base * b0, base * b0 + burst * (b1 - b0)
    arrival = np.where(e < l0, e / base, np.where(e < l1, b0 + (e - l0) / burst, b1 + (e - l1) / base))
    mu = math.log(service) - SERVICE_SIGMA**2 / 2  # the lognormal's mean is then mean_service_s
    svc = np.minimum(rng.lognormal(mu, SERVICE_SIGMA, messages), MAX_SECONDS_SETTING)
    return Workload.from_arrays(arrival, svc)


@dataclass(frozen=True, slots=True, eq=False)
class WorkerRun(Rendered):
    """Every message's start time, the policy's decisions, and the instance-seconds paid."""

    workload: Workload
    policy: ScalingPolicy
    start_s: np.ndarray
    eval_time_s: np.ndarray
    eval_backlog: np.ndarray
    eval_instances: np.ndarray  # desired capacity after each decision (warming included)
    instance_seconds: float
    end_s: float

    @property
    def wait_s(self) -> np.ndarray:
        return self.start_s - self.workload.arrival_s

    @property
    def latency_s(self) -> np.ndarray:
        """Upload to processed: wait plus processing."""
        return self.wait_s + self.workload.service_s

    def stats(self) -> dict[str, float]:
        """The run's statistics, the ones the SimPy peer must reproduce."""
        wait = self.wait_s
        initial = self.policy.min_instances
        return {
            "messages": self.workload.messages,
            "mean_wait_s": float(wait.mean()),
            "p95_wait_s": float(np.percentile(wait, 95)),
            "p99_wait_s": float(np.percentile(wait, 99)),
            "max_wait_s": float(wait.max()),
            "mean_latency_s": float(self.latency_s.mean()),
            "max_backlog": int(self.eval_backlog.max()) if self.eval_backlog.size else 0,
            "peak_instances": int(max(initial, self.eval_instances.max() if self.eval_instances.size else 0)),
            "instance_hours": self.instance_seconds / 3600,
            "end_s": self.end_s,
        }

    def rows(self) -> list[tuple[str, object]]:
        s = self.stats()
        return [
            ("messages", s["messages"]),
            ("mean_wait_s", round(s["mean_wait_s"], 1)),
            ("p95_wait_s", round(s["p95_wait_s"], 1)),
            ("max_wait_s", round(s["max_wait_s"], 1)),
            ("max_backlog_messages", s["max_backlog"]),
            ("peak_instances", s["peak_instances"]),
            ("instance_hours", round(s["instance_hours"], 2)),
        ]

    _view_ = "messaging.workers_view"

    def text(self) -> str:
        return (
            f"Workers scaling on backlog per instance (target {self.policy.target_backlog_per_instance:g}, "
            f"{self.policy.min_instances}-{self.policy.max_instances} instances)\n"
            + text_table(["measure", "value"], self.rows())
        )

    def figure(self):
        """Backlog and instances at each scaling evaluation (plotly)."""
        return view("messaging.workers_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def _check_evaluations(workload: Workload, policy: ScalingPolicy) -> None:
    # With at least one worker always in service the last message ends by the last arrival
    # plus all the processing; the policy evaluates once per period until then.
    bound = (float(workload.arrival_s[-1]) + float(workload.service_s.sum())) / policy.evaluation_period_s + 1
    if bound > MAX_EVALUATIONS:
        raise WorkloadError(
            f"this run could need {bound:,.0f} scaling evaluations, more than the model's {MAX_EVALUATIONS:,}: "
            "lengthen evaluation_period_s or shorten the workload"
        )


def simulate_workers(workload: Workload, policy: ScalingPolicy) -> WorkerRun:
    """Run ``workload`` through a worker group scaled by ``policy`` (event by event, exact).

    Raises:
        WorkloadError: a run that would need more than 1,000,000 scaling evaluations.
        TypeError: arguments of the wrong kind.
    """
    if not isinstance(workload, Workload):
        raise TypeError(f"workload must be a Workload, not {type(workload).__name__}")
    if not isinstance(policy, ScalingPolicy):
        raise TypeError(f"policy must be a ScalingPolicy, not {type(policy).__name__}")
    _check_evaluations(workload, policy)
    arrival = workload.arrival_s.tolist()
    service = workload.service_s.tolist()
    n = len(arrival)
    period, warmup = float(policy.evaluation_period_s), float(policy.warmup_s)
    heap = [0.0] * policy.min_instances  # when each worker is next free (or ready, if warming)
    pending: list[float] = []  # ready times of instances still warming, ascending
    launched_at_sum, stopped_at_sum = 0.0, 0.0
    starts = [0.0] * n
    times: list[float] = []
    backlogs: list[int] = []
    capacity: list[int] = []
    replace = heapq.heapreplace
    t_eval = period

    def evaluate(t: float, waiting: int) -> None:
        nonlocal heap, pending, launched_at_sum, stopped_at_sum
        pending = [r for r in pending if r > t]
        current = len(heap)
        desired = policy.desired(waiting)
        if desired > current:
            extra = desired - current
            for _ in range(extra):
                heapq.heappush(heap, t + warmup)
            pending.extend([t + warmup] * extra)
            launched_at_sum += t * extra
        elif desired < current:
            remove = current - desired
            values = list(heap)
            while remove and pending:  # cancel warming instances, latest first
                values.remove(pending.pop())
                stopped_at_sum += t
                remove -= 1
            if remove:
                idle = [v for v in values if v <= t]
                busy = sorted(v for v in values if v > t)
                drop_idle = min(remove, len(idle))
                stopped_at_sum += t * drop_idle
                remove -= drop_idle
                keep_busy = busy[: len(busy) - remove] if remove else busy
                stopped_at_sum += sum(busy[len(keep_busy) :])  # the busiest finish, then stop
                values = idle[drop_idle:] + keep_busy
            heap = values
            heapq.heapify(heap)
        times.append(t)
        backlogs.append(waiting)
        capacity.append(desired)

    i = 0
    while i < n:
        a = arrival[i]
        e = heap[0]
        start = a if a > e else e
        if start < t_eval:
            replace(heap, start + service[i])
            starts[i] = start
            i += 1
            continue
        evaluate(t_eval, bisect_right(arrival, t_eval, i) - i)
        t_eval += period
    finish = np.asarray(starts) + workload.service_s
    end = float(finish.max())
    while t_eval < end:
        evaluate(t_eval, 0)
        t_eval += period
    stopped_at_sum += end * len(heap)
    start_s = np.asarray(starts)
    start_s.setflags(write=False)
    return WorkerRun(
        workload,
        policy,
        start_s,
        np.asarray(times),
        np.asarray(backlogs, dtype=np.int64),
        np.asarray(capacity, dtype=np.int64),
        stopped_at_sum - launched_at_sum,
        end,
    )


@dataclass(frozen=True, slots=True, eq=False)
class PipelineRun(Rendered):
    """The course's image pipeline under a burst: upload -> S3 -> SNS -> SQS -> workers -> S3 -> CloudFront."""

    run: WorkerRun
    burst_start_s: float
    burst_seconds: float

    @property
    def uploads(self) -> int:
        return self.run.workload.messages

    def cost_rows(self) -> list[tuple[str, float, float]]:
        """(item, quantity, USD): workers, SQS requests, SNS publishes (us-east-1 teaching estimates)."""
        hours = self.run.instance_seconds / 3600
        sqs_requests = 3 * self.uploads  # SNS's send, the worker's receive and delete (no batching)
        return [
            (
                f"worker instance-hours ({WORKER_INSTANCE} On-Demand)",
                round(hours, 3),
                round(hours * WORKER_USD_PER_HOUR, 4),
            ),
            (
                "SQS requests (send, receive, delete)",
                sqs_requests,
                round(sqs_requests * SQS_PRICES["standard_usd_per_million"] / 1e6, 4),
            ),
            ("SNS publishes", self.uploads, round(self.uploads * SNS_PRICES["publish_usd_per_million"] / 1e6, 4)),
        ]

    @property
    def total_usd(self) -> float:
        return round(sum(row[2] for row in self.cost_rows()), 4)

    @property
    def verdict(self) -> str:
        s = self.run.stats()
        return (
            f"{self.uploads:,} uploads: backlog peaked at {s['max_backlog']:,} messages, the group grew to "
            f"{s['peak_instances']} instances, 95% of images were processed within "
            f"{np.percentile(self.run.latency_s, 95):.0f} s of upload; about USD {self.total_usd:.2f}."
        )

    _view_ = "messaging.pipeline_view"

    def text(self) -> str:
        return (
            self.run.text()
            + "\n"
            + text_table(["cost item", "quantity", "usd"], self.cost_rows())
            + "\n"
            + self.verdict
        )

    def figure(self):
        """Uploads, backlog and instances over time (plotly)."""
        return view("messaging.workers_figure")(self.run)

    def diagram(self):
        """The pipeline with this run's numbers (Graphviz)."""
        return view("messaging.pipeline_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def simulate_pipeline(
    *,
    seed: int,
    uploads: int = 12_000,
    uploads_per_s: float = 2.0,
    burst_uploads_per_s: float = 30.0,
    burst_start_s: float = 600.0,
    burst_seconds: float = 300.0,
    mean_processing_s: float = 2.0,
    target_backlog_per_instance: float = 30.0,
    min_instances: int = 5,
    max_instances: int = 40,
    warmup_s: float = 90.0,
    evaluation_period_s: float = 60.0,
) -> PipelineRun:
    """The image-processing pipeline under a burst of uploads, workers scaling on backlog.

    >>> run = simulate_pipeline(seed=1, uploads=3000)
    >>> run.run.stats()["messages"]
    3000

    Raises:
        WorkloadError: any rate, time or count outside its range.
    """
    policy = ScalingPolicy(target_backlog_per_instance, min_instances, max_instances, evaluation_period_s, warmup_s)
    workload = draw_workload(
        seed=seed,
        messages=uploads,
        rate_per_s=uploads_per_s,
        mean_service_s=mean_processing_s,
        burst_start_s=burst_start_s,
        burst_seconds=burst_seconds,
        burst_rate_per_s=burst_uploads_per_s,
    )
    return PipelineRun(simulate_workers(workload, policy), float(burst_start_s), float(burst_seconds))
