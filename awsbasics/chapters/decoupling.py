"""Chapter 09 exercises: visibility timeouts, scaling on backlog, dead-letter queues, deduplication, fan-out.

The two constructive exercises take a setting from the learner (a visibility
timeout, a backlog-per-instance target), run it through :mod:`awsbasics.messaging`
and grade what it does; the feedback names the idea a wrong setting reveals.
Every other answer is computed by the engine, so a changed fact changes it.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from awsbasics import data
from awsbasics.chapters.exercise import Exercise, GradedExercise, whole_number
from awsbasics.messaging import (
    DEDUPLICATION_INTERVAL_SECONDS,
    MAX_MESSAGE_BYTES,
    Queue,
    Topic,
    simulate_pipeline,
)

PROCESSING_S = (12.5, 38.6, 8.0, 27.9, 35.4, 19.6)
RECOVERY_S = 90
PIPELINE = {"seed": 9, "max_instances": 100}
LATENCY_GOAL_S = 180
TARGETS = tuple(range(5, 205, 5))
MAX_RECEIVES = 4


def _visibility_run(timeout: int) -> tuple[int, bool]:
    """(messages processed twice, crashed consumer's message retried within RECOVERY_S) for a timeout."""
    twice = 0
    for seconds in PROCESSING_S:
        queue = Queue(visibility_timeout=timeout)
        queue.send("job")
        first = queue.receive()[0]
        queue.advance(seconds)  # the first consumer works ...
        if queue.receive():  # ... while a second consumer polls
            twice += 1
        if first.receipt_handle is not None:  # a received message always carries one
            queue.delete(first.receipt_handle)
    crashed = Queue(visibility_timeout=timeout)
    crashed.send("job")
    crashed.receive()  # this consumer dies without deleting
    crashed.advance(RECOVERY_S)
    return twice, bool(crashed.receive())


def _grade_visibility(timeout: int) -> tuple[bool, str]:
    twice, retried = _visibility_run(timeout)
    said = f"With a {timeout} s visibility timeout, {twice} of {len(PROCESSING_S)} jobs were processed twice"
    if twice:
        return False, (
            f"{said}: the timeout ran out while the first consumer was still working, so the message became "
            "visible and a second consumer took it. The visibility timeout is not how long a message waits in "
            "the queue; it must cover the longest processing time."
        )
    if not retried:
        return False, (
            f"{said}, but a crashed consumer's message stayed hidden for {timeout} s, longer than the "
            f"{RECOVERY_S} s allowed for a retry: the visibility timeout is also the delay before a failed "
            "message is tried again, so a very long one slows recovery."
        )
    return True, f"{said}, and a crashed consumer's message is retried within {RECOVERY_S} s."


@cache
def _pipeline_grid() -> dict[int, tuple[float, float]]:
    """Target -> (95th percentile latency in s, USD) for the exercise's pipeline."""
    grid = {}
    for target in TARGETS:
        run = simulate_pipeline(target_backlog_per_instance=target, **PIPELINE)
        grid[target] = (float(np.percentile(run.run.latency_s, 95)), run.total_usd)
    return grid


def _grade_target(target: int) -> tuple[bool, str]:
    run = simulate_pipeline(target_backlog_per_instance=target, **PIPELINE)
    p95 = float(np.percentile(run.run.latency_s, 95))
    usd = run.total_usd
    grid = _pipeline_grid()
    cheapest = min(cost for latency, cost in grid.values() if latency <= LATENCY_GOAL_S)
    said = (
        f"With a target of {target} messages per instance, 95% of images are done within {p95:.0f} s, "
        f"peak {run.run.stats()['peak_instances']} workers, USD {usd:.4f}."
    )
    if p95 > LATENCY_GOAL_S:
        return False, (
            f"{said} That misses the {LATENCY_GOAL_S} s goal: a high target lets each worker sit on a long "
            "backlog, so the group grows too little and too late. AWS's starting point is the acceptable latency "
            "divided by the time one message takes, and warm-up eats into that latency."
        )
    if usd > cheapest * 1.02:
        return False, (
            f"{said} That meets the goal, but a higher target meets it too for less: every extra instance is "
            "paid from launch, busy or not."
        )
    return True, f"{said} It meets the goal at close to the lowest cost."


def _dlq_deliveries(max_receive_count: int) -> int:
    dlq = Queue(name="poison-dlq")
    queue = Queue(name="poison", visibility_timeout=10, max_receive_count=max_receive_count, dead_letter_queue=dlq)
    queue.send("always fails")
    deliveries = 0
    while not dlq.snapshot().visible:
        deliveries += len(queue.receive())
        queue.advance(11)
    return deliveries


def _fifo_delivered() -> int:
    queue = Queue(fifo=True, name="payments.fifo")
    delivered = 0
    for at, action in ((0, "send"), (10, "consume"), (200, "send"), (210, "consume"), (400, "send"), (410, "consume")):
        queue.advance(at - queue.now)
        if action == "send":
            queue.send("charge order 42", group_id="order-42", deduplication_id="charge-42")
        else:
            for message in queue.receive():
                delivered += 1
                if message.receipt_handle is not None:  # a received message always carries one
                    queue.delete(message.receipt_handle)
    return delivered


def _filter_topic() -> tuple[Topic, set[str]]:
    topic = Topic("uploads")
    topic.subscribe(Queue(name="thumbnails"), filter_policy={"content_type": [{"prefix": "image/"}]})
    topic.subscribe(Queue(name="transcode"), filter_policy={"content_type": [{"prefix": "video/"}]})
    topic.subscribe(
        "big-files@example.com",
        protocol="email",
        name="big-files",
        filter_policy={"size_mb": [{"numeric": [">", 100]}]},
    )
    topic.subscribe(
        "arn:aws:lambda:us-east-1:123456789012:function:moderate",
        protocol="lambda",
        name="moderate",
        filter_policy={"content_type": [{"anything-but": ["image/gif"]}]},
    )
    topic.subscribe(Queue(name="audit"))
    publication = topic.publish("upload 991", attributes={"content_type": "image/gif", "size_mb": 150})
    return topic, set(publication.delivered_to)


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 09, answers computed by the messaging engine."""
    smallest_timeout = next(t for t in range(0, 3600) if _grade_visibility(t)[0])
    grid = _pipeline_grid()
    meeting = [t for t, (latency, _) in grid.items() if latency <= LATENCY_GOAL_S]
    best_target = max(meeting, key=lambda t: (-grid[t][1], t))
    deliveries = _dlq_deliveries(MAX_RECEIVES)
    fifo = _fifo_delivered()
    _, receivers = _filter_topic()
    size_kib = 600
    size_choices = (
        "Send it as it is: it fits in one SQS message",
        "Split it into three messages of 200 KB",
        "Store it in S3 and send the object key (the claim-check pattern), it is too large for SQS",
        "Compress it below 64 KB, the most SQS accepts",
    )
    size_answer = size_choices[0] if size_kib * 1024 <= MAX_MESSAGE_BYTES else size_choices[2]
    coupling_choices = (
        "Requests are accepted and wait in the queue until the processing tier is back; through a load balancer they fail",
        "A load balancer cannot spread requests over several instances; a queue can",
        "A queue makes each request faster to process",
        "Nothing: a load balancer already makes the call asynchronous",
    )
    return (
        GradedExercise(
            id="09-visibility-timeout",
            question=(
                f"Build it: consumers take {', '.join(f'{s:g}' for s in PROCESSING_S)} seconds for six jobs, and a job "
                f"whose consumer crashes must be retried within {RECOVERY_S} s. Choose a visibility timeout, in whole "
                "seconds, that processes no job twice and meets the retry goal. Try Queue(visibility_timeout=...) "
                "with receive, advance and receive again first."
            ),
            answer=smallest_timeout,
            explanation="The visibility timeout must outlast processing, and is also the delay before a retry.",
            hint_text="A second consumer gets the message once the timeout runs out. Compare the timeout with the "
            "longest job, and with the retry goal.",
            kind="number",
            parse=whole_number,
            form=(".check(30)", "a whole number"),
            grade=_grade_visibility,
        ),
        GradedExercise(
            id="09-backlog-target",
            question=(
                f"Build it: simulate_pipeline(seed={PIPELINE['seed']}, max_instances={PIPELINE['max_instances']}) "
                "runs the image pipeline through a burst of uploads (2 s per image on average). Choose the target "
                f"backlog per instance (a multiple of 5) so that 95% of images are processed within {LATENCY_GOAL_S} s "
                "of upload, at the lowest cost."
            ),
            answer=best_target,
            explanation="Backlog per instance = visible messages / instances; its target is the latency you accept "
            "divided by the time one message takes.",
            hint_text=(
                f"Start from {LATENCY_GOAL_S} s / 2 s per image, then compare "
                "np.percentile(run.run.latency_s, 95) and run.total_usd for a few targets around it."
            ),
            kind="number",
            parse=whole_number,
            form=(".check(30)", "a whole number"),
            grade=_grade_target,
        ),
        Exercise(
            id="09-dlq-deliveries",
            question=(
                f"A queue's redrive policy has maxReceiveCount {MAX_RECEIVES}. A poison message fails every time. "
                "How many times do consumers receive it before it is in the dead-letter queue?"
            ),
            answer=deliveries,
            explanation=(
                "SQS moves a message when its receive count would exceed maxReceiveCount: consumers see it "
                "maxReceiveCount times, and the next receive moves it instead of delivering it."
            ),
            hint_text="Count the receives: the move happens on the attempt after the last allowed one.",
            kind="number",
        ),
        Exercise(
            id="09-fifo-dedup",
            question=(
                "A producer retries the same payment into a FIFO queue with the same deduplication ID at 0 s, 200 s "
                "and 400 s; a consumer receives and deletes what it gets 10 s after each send. How many times is "
                "the payment delivered?"
            ),
            answer=fifo,
            explanation=(
                f"The {DEDUPLICATION_INTERVAL_SECONDS // 60}-minute deduplication interval counts from the send "
                "SQS accepted; a duplicate does not extend it, and deleting the message does not end it."
            ),
            hint_text="Which sends fall within 5 minutes of the first accepted one?",
            kind="number",
        ),
        Exercise(
            id="09-filter-policy",
            question=(
                "Topic 'uploads' has subscriptions: thumbnails (content_type prefix 'image/'), transcode "
                "(content_type prefix 'video/'), big-files (size_mb > 100), moderate (content_type anything-but "
                "'image/gif') and audit (no filter policy). Which receive a message with content_type='image/gif' "
                "and size_mb=150? Answer with their names."
            ),
            answer=sorted(receivers),
            explanation=(
                "Each subscription checks its own filter policy; a message goes to every subscription it matches "
                "(and to every one without a policy); anything-but excludes the listed values."
            ),
            hint_text="Check each subscription on its own: every key of its policy must match.",
            kind="set",
        ),
        Exercise(
            id="09-queue-vs-load-balancer",
            question=(
                "The course loosely couples tiers by putting a load balancer between them. The processing tier is "
                "down for two minutes. What does an SQS queue between the tiers give you that the load balancer does not?"
            ),
            answer=coupling_choices[0],
            choices=coupling_choices,
            explanation=(
                "A load balancer hides which server answers, but the caller still waits for an answer; a queue "
                "also decouples in time: " + data.value("messaging", "loose_coupling")
            ),
            hint_text="Who is waiting for an answer while the processing tier is down, in each design?",
            kind="choice",
        ),
        Exercise(
            id="09-message-size",
            question=(
                f"A producer needs to send a {size_kib} KB JSON document to workers through SQS. What do you do?"
            ),
            answer=size_answer,
            choices=size_choices,
            explanation=(
                f"An SQS message may be up to {MAX_MESSAGE_BYTES:,} bytes (1 MiB) since August 2025, up from "
                "256 KiB; larger payloads still go to S3 with only their key in the message. Each 64 KiB chunk "
                "is billed as one request."
            ),
            hint_text="Look up the current SQS message size limit; it changed in 2025.",
            kind="choice",
        ),
    )
