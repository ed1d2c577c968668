"""Chapter 09: decoupling — SQS queues, SNS fan-out, and what a queue does for a system under load.

Tightly coupled tiers (밀결합) fail together; a queue between them (소결합)
turns a failure into a backlog that drains later:

    >>> from awsbasics.messaging import Queue, simulate_coupling
    >>> q = Queue(visibility_timeout=30)
    >>> _ = q.send("resize cat.jpg")
    >>> [m.body for m in q.receive()]
    ['resize cat.jpg']
    >>> simulate_coupling(seed=1).tight_failed > 0
    True

Modules: :mod:`~awsbasics.messaging.queue` (the SQS model on a simulated clock),
:mod:`~awsbasics.messaging.topic` (SNS topics, subscriptions, filter policies),
:mod:`~awsbasics.messaging.coupling` (tight against loose coupling under a failure),
:mod:`~awsbasics.messaging.workers` (an Auto Scaling group of workers scaling on
backlog per instance, and the course's image pipeline).
"""

from awsbasics.errors import FilterPolicyError, MessageError, QueueConfigError, ReceiptHandleError, WorkloadError
from awsbasics.messaging.coupling import CouplingRun, backlog, simulate_coupling
from awsbasics.messaging.queue import (
    DEDUPLICATION_INTERVAL_SECONDS,
    IN_FLIGHT_MAX,
    MAX_DELAY_SECONDS,
    MAX_MESSAGE_BYTES,
    MAX_RECEIVE_COUNT,
    MAX_RECEIVE_MESSAGES,
    MAX_WAIT_SECONDS,
    RETENTION_SECONDS,
    VISIBILITY_TIMEOUT_SECONDS,
    Message,
    Queue,
    QueueState,
)
from awsbasics.messaging.topic import (
    FILTER_POLICY_LIMITS,
    Publication,
    Subscription,
    Topic,
    check_filter_policy,
    matches,
)
from awsbasics.messaging.workers import (
    SNS_PRICES,
    SQS_PRICES,
    WORKER_USD_PER_HOUR,
    PipelineRun,
    ScalingPolicy,
    WorkerRun,
    Workload,
    acceptable_backlog_per_instance,
    draw_workload,
    simulate_pipeline,
    simulate_workers,
)

__all__ = [
    "Queue",
    "Message",
    "QueueState",
    "Topic",
    "Subscription",
    "Publication",
    "matches",
    "check_filter_policy",
    "CouplingRun",
    "simulate_coupling",
    "backlog",
    "ScalingPolicy",
    "Workload",
    "WorkerRun",
    "PipelineRun",
    "draw_workload",
    "simulate_workers",
    "simulate_pipeline",
    "acceptable_backlog_per_instance",
    "QueueConfigError",
    "MessageError",
    "ReceiptHandleError",
    "FilterPolicyError",
    "WorkloadError",
    "MAX_MESSAGE_BYTES",
    "RETENTION_SECONDS",
    "VISIBILITY_TIMEOUT_SECONDS",
    "MAX_DELAY_SECONDS",
    "MAX_WAIT_SECONDS",
    "MAX_RECEIVE_MESSAGES",
    "IN_FLIGHT_MAX",
    "MAX_RECEIVE_COUNT",
    "DEDUPLICATION_INTERVAL_SECONDS",
    "FILTER_POLICY_LIMITS",
    "SQS_PRICES",
    "SNS_PRICES",
    "WORKER_USD_PER_HOUR",
]
