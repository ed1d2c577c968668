"""Hostile input for every public messaging function and constructor: each refuses with a clear error.

A wrong Python kind is a TypeError; a value SQS, SNS or the model would refuse is an
AwsRuleError subclass whose message names the rule. Inputs whose size drives allocation or
loops run in a forked child with a 1 GiB address-space limit and must be refused within 2 s.
"""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest
from _hostile import limit_memory

from awsbasics.errors import (
    AwsRuleError,
    FilterPolicyError,
    MessageError,
    QueueConfigError,
    ReceiptHandleError,
    WorkloadError,
)
from awsbasics.messaging import (
    Queue,
    ScalingPolicy,
    Topic,
    Workload,
    acceptable_backlog_per_instance,
    backlog,
    check_filter_policy,
    draw_workload,
    matches,
    simulate_coupling,
    simulate_pipeline,
    simulate_workers,
)

NAN, INF = float("nan"), float("inf")
HUGE = 10**30
ARABIC_SEVEN = "\u0667"  # a non-ASCII digit


def _queue():
    q = Queue()
    q.send("x")
    return q


def _fifo():
    return Queue(fifo=True, name="f.fifo")


def _topic():
    return Topic("t")


def _load():
    return Workload.from_arrays([0.0, 1.0], [1.0, 1.0])


POLICY = ScalingPolicy(target_backlog_per_instance=10)

CASES = [
    # Queue(...)
    ("Queue visibility str", lambda: Queue(visibility_timeout="30"), TypeError, "visibility_timeout must be int"),
    ("Queue visibility float", lambda: Queue(visibility_timeout=30.5), TypeError, "must be int"),
    ("Queue visibility negative", lambda: Queue(visibility_timeout=-1), QueueConfigError, "SQS allows 0 to 43200"),
    ("Queue visibility huge", lambda: Queue(visibility_timeout=HUGE), QueueConfigError, "SQS allows 0 to 43200"),
    ("Queue retention bool", lambda: Queue(retention_seconds=True), TypeError, "must be int"),
    ("Queue delay huge", lambda: Queue(delay_seconds=10**9), QueueConfigError, "0 to 900"),
    ("Queue fifo str", lambda: Queue(fifo="yes"), TypeError, "fifo must be bool"),
    (
        "Queue dlq wrong kind",
        lambda: Queue(max_receive_count=2, dead_letter_queue="dlq"),
        TypeError,
        "dead_letter_queue must be a Queue",
    ),
    (
        "Queue max receive 0",
        lambda: Queue(max_receive_count=0, dead_letter_queue=Queue()),
        QueueConfigError,
        "1 to 1000",
    ),
    ("Queue duplicate NaN", lambda: Queue(duplicate_rate=NAN), QueueConfigError, "probability"),
    ("Queue duplicate inf", lambda: Queue(duplicate_rate=INF), QueueConfigError, "probability"),
    ("Queue seed negative", lambda: Queue(seed=-1), QueueConfigError, "non-negative"),
    ("Queue name empty", lambda: Queue(name=""), QueueConfigError, "up to 80 characters"),
    ("Queue name Hangul", lambda: Queue(name="대기열"), QueueConfigError, "alphanumerics"),
    ("Queue name digit", lambda: Queue(name=ARABIC_SEVEN), QueueConfigError, "alphanumerics"),
    ("Queue name huge", lambda: Queue(name="q" * 100_000), QueueConfigError, "up to 80 characters"),
    ("Queue name bytes", lambda: Queue(name=b"q"), TypeError, "name must be str"),
    # send
    ("send bytes", lambda: _queue().send(b"x"), TypeError, "body must be str"),
    ("send empty", lambda: _queue().send(""), MessageError, "at least 1 character"),
    ("send NUL", lambda: _queue().send("\x00"), MessageError, "U\\+0000"),
    ("send surrogate", lambda: _queue().send("\ud800"), MessageError, "U\\+D800"),
    ("send dedup on standard", lambda: _queue().send("x", deduplication_id="d"), MessageError, "FIFO queues only"),
    (
        "send group too long",
        lambda: _fifo().send("x", group_id="g" * 129, deduplication_id="d"),
        MessageError,
        "1 to 128 characters",
    ),
    ("send group space", lambda: _fifo().send("x", group_id="a b", deduplication_id="d"), MessageError, "alphanumeric"),
    (
        "send group Hangul digit",
        lambda: _fifo().send("x", group_id=ARABIC_SEVEN, deduplication_id="d"),
        MessageError,
        "alphanumeric",
    ),
    ("send group int", lambda: _fifo().send("x", group_id=7, deduplication_id="d"), TypeError, "group_id must be str"),
    ("send delay negative", lambda: _queue().send("x", delay_seconds=-1), QueueConfigError, "0 to 900"),
    # receive
    ("receive 0", lambda: _queue().receive(0), QueueConfigError, "1 to 10"),
    ("receive huge", lambda: _queue().receive(HUGE), QueueConfigError, "1 to 10"),
    ("receive float", lambda: _queue().receive(1.0), TypeError, "max_messages must be int"),
    ("receive wait 21", lambda: _queue().receive(wait_seconds=21), QueueConfigError, "0 to 20"),
    ("receive visibility negative", lambda: _queue().receive(visibility_timeout=-5), QueueConfigError, "0 to 43200"),
    # change_visibility, delete
    ("change unknown", lambda: _queue().change_visibility("nope", 5), ReceiptHandleError, "never issued"),
    ("change huge handle", lambda: _queue().change_visibility("h" * 1_000_000, 5), ReceiptHandleError, "never issued"),
    ("change None", lambda: _queue().change_visibility(None, 5), TypeError, "receipt must be str"),
    ("change seconds NaN", lambda: _queue().change_visibility("x", NAN), TypeError, "seconds must be int"),
    ("change seconds huge", lambda: _queue().change_visibility("x", 43201), QueueConfigError, "0 to 43200"),
    ("delete unknown", lambda: _queue().delete(""), ReceiptHandleError, "never issued"),
    ("delete list", lambda: _queue().delete(["x"]), TypeError, "receipt must be str"),
    # advance
    ("advance negative", lambda: _queue().advance(-1), QueueConfigError, "forward"),
    ("advance NaN", lambda: _queue().advance(NAN), QueueConfigError, "finite"),
    ("advance inf", lambda: _queue().advance(INF), QueueConfigError, "finite"),
    ("advance huge", lambda: _queue().advance(HUGE), QueueConfigError, "ten years"),
    ("advance str", lambda: _queue().advance("5"), TypeError, "seconds must be a number"),
    # Topic, subscribe, publish, filter policies
    ("Topic empty", lambda: Topic(""), QueueConfigError, "1 to 256"),
    ("Topic Hangul", lambda: Topic("주제"), QueueConfigError, "alphanumerics"),
    ("Topic huge", lambda: Topic("t" * 100_000), QueueConfigError, "1 to 256"),
    ("Topic int", lambda: Topic(5), TypeError, "name must be str"),
    ("subscribe no protocol", lambda: _topic().subscribe("a@example.com"), QueueConfigError, "name its protocol"),
    ("subscribe unknown protocol", lambda: _topic().subscribe("x", protocol="pigeon"), QueueConfigError, "use one of"),
    ("subscribe int", lambda: _topic().subscribe(5, protocol="email"), TypeError, "endpoint must be str"),
    (
        "subscribe queue as email",
        lambda: _topic().subscribe(Queue(), protocol="email"),
        QueueConfigError,
        "protocol 'sqs'",
    ),
    (
        "subscribe policy list",
        lambda: _topic().subscribe(Queue(), filter_policy=["a"]),
        TypeError,
        "filter_policy must be a dict",
    ),
    ("policy empty", lambda: check_filter_policy({}), FilterPolicyError, "empty filter policy"),
    ("policy value not list", lambda: check_filter_policy({"a": "x"}), FilterPolicyError, "non-empty list"),
    (
        "policy unknown operator",
        lambda: check_filter_policy({"a": [{"suffix": "x"}]}),
        FilterPolicyError,
        "unknown operator 'suffix'",
    ),
    (
        "policy numeric NaN",
        lambda: check_filter_policy({"a": [{"numeric": [">", NAN]}]}),
        FilterPolicyError,
        "not a number",
    ),
    ("policy numeric huge", lambda: check_filter_policy({"a": [HUGE]}), FilterPolicyError, "-1e9 to 1e9"),
    (
        "policy numeric op",
        lambda: check_filter_policy({"a": [{"numeric": ["!=", 1]}]}),
        FilterPolicyError,
        "numeric operator",
    ),
    ("policy exists str", lambda: check_filter_policy({"a": [{"exists": "yes"}]}), FilterPolicyError, "true or false"),
    ("policy huge array", lambda: check_filter_policy({"a": ["x"] * 10**6}), FilterPolicyError, "150 combinations"),
    ("policy nested", lambda: check_filter_policy({"a": [{"b": {"c": ["x"]}}]}), FilterPolicyError, "unknown operator"),
    ("matches attributes list", lambda: matches(None, ["a"]), TypeError, "attributes must be a dict"),
    ("matches policy str", lambda: matches("policy", {}), TypeError, "filter_policy must be a dict"),
    ("publish bytes", lambda: _topic().publish(b"x"), TypeError, "message must be str"),
    ("publish attribute NaN", lambda: _topic().publish("x", attributes={"a": NAN}), MessageError, "finite Number"),
    (
        "publish too many attributes",
        lambda: _topic().publish("x", attributes={str(i): "v" for i in range(11)}),
        MessageError,
        "at most 10",
    ),
    # coupling
    ("coupling no seed", lambda: simulate_coupling(), TypeError, "seed"),
    ("coupling seed str", lambda: simulate_coupling(seed="1"), TypeError, "seed must be int"),
    ("coupling seed negative", lambda: simulate_coupling(seed=-1), WorkloadError, "non-negative"),
    ("coupling rate NaN", lambda: simulate_coupling(seed=1, requests_per_second=NAN), WorkloadError, "a rate is"),
    ("coupling rate huge", lambda: simulate_coupling(seed=1, requests_per_second=HUGE), WorkloadError, "a rate is"),
    ("coupling rate negative", lambda: simulate_coupling(seed=1, capacity_per_second=-1), WorkloadError, "a rate is"),
    (
        "coupling outage outside",
        lambda: simulate_coupling(seed=1, seconds=100, outage_start_s=90, outage_seconds=20),
        WorkloadError,
        "fit inside",
    ),
    ("backlog str", lambda: backlog("abc", "abc"), TypeError, "arrivals must be an array"),
    ("backlog floats", lambda: backlog([1.5], [1.0]), WorkloadError, "integer arrays"),
    ("backlog negative", lambda: backlog([-1], [1]), WorkloadError, "none may be negative"),
    # workers
    ("policy target 0", lambda: ScalingPolicy(target_backlog_per_instance=0), WorkloadError, "above 0"),
    ("policy target NaN", lambda: ScalingPolicy(target_backlog_per_instance=NAN), WorkloadError, "above 0"),
    ("policy target str", lambda: ScalingPolicy(target_backlog_per_instance="10"), TypeError, "must be a number"),
    (
        "policy max huge",
        lambda: ScalingPolicy(target_backlog_per_instance=1, max_instances=HUGE),
        WorkloadError,
        "<= 1000",
    ),
    (
        "policy period inf",
        lambda: ScalingPolicy(target_backlog_per_instance=1, evaluation_period_s=INF),
        WorkloadError,
        "evaluation_period_s",
    ),
    (
        "policy warmup negative",
        lambda: ScalingPolicy(target_backlog_per_instance=1, warmup_s=-1),
        WorkloadError,
        "warmup_s",
    ),
    ("workload unsorted", lambda: Workload.from_arrays([2.0, 1.0], [1.0, 1.0]), WorkloadError, "sorted"),
    ("workload empty", lambda: Workload.from_arrays([], []), WorkloadError, "non-zero length"),
    ("workload service 0", lambda: Workload.from_arrays([0.0], [0.0]), WorkloadError, "above 0"),
    ("workload NaN", lambda: Workload.from_arrays([NAN], [1.0]), WorkloadError, "finite"),
    ("workload strings", lambda: Workload.from_arrays(["a"], ["b"]), TypeError, "must hold numbers"),
    ("workload dict", lambda: Workload.from_arrays({}, {}), TypeError, "must be an array"),
    ("workload lengths", lambda: Workload.from_arrays([0.0, 1.0], [1.0]), WorkloadError, "same"),
    (
        "draw messages 0",
        lambda: draw_workload(seed=1, messages=0, rate_per_s=1, mean_service_s=1),
        WorkloadError,
        "1 to 2,000,000",
    ),
    (
        "draw rate inf",
        lambda: draw_workload(seed=1, messages=5, rate_per_s=INF, mean_service_s=1),
        WorkloadError,
        "rate_per_s",
    ),
    (
        "draw service huge",
        lambda: draw_workload(seed=1, messages=5, rate_per_s=1, mean_service_s=HUGE),
        WorkloadError,
        "mean_service_s",
    ),
    (
        "draw seed float",
        lambda: draw_workload(seed=1.0, messages=5, rate_per_s=1, mean_service_s=1),
        TypeError,
        "seed must be int",
    ),
    ("simulate wrong workload", lambda: simulate_workers([0.0], POLICY), TypeError, "workload must be a Workload"),
    (
        "simulate wrong policy",
        lambda: simulate_workers(_load(), {"target": 1}),
        TypeError,
        "policy must be a ScalingPolicy",
    ),
    ("pipeline uploads str", lambda: simulate_pipeline(seed=1, uploads="10"), TypeError, "messages must be int"),
    (
        "pipeline min above max",
        lambda: simulate_pipeline(seed=1, min_instances=50, max_instances=10),
        WorkloadError,
        "min <= max",
    ),
    (
        "acceptable latency 0",
        lambda: acceptable_backlog_per_instance(acceptable_latency_s=0, mean_service_s=1),
        WorkloadError,
        "acceptable_latency_s",
    ),
    (
        "acceptable NaN",
        lambda: acceptable_backlog_per_instance(acceptable_latency_s=10, mean_service_s=NAN),
        WorkloadError,
        "mean_service_s",
    ),
]


@pytest.mark.parametrize("name, call, error, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_the_rule(name, call, error, message):
    with pytest.raises(error, match=message):
        call()
    if issubclass(error, ValueError):
        assert issubclass(error, AwsRuleError)


def _limited(call, error, message) -> None:
    limit_memory()
    try:
        call()
    except error as exc:
        import re

        assert re.search(message, str(exc)), str(exc)
        return
    raise AssertionError("no error")


SIZED = [
    ("send 2 MiB body", lambda: Queue().send("x" * (2 * 1024 * 1024)), MessageError, "at most 1,048,576 bytes"),
    ("send 100 MiB body", lambda: Queue().send("x" * (100 * 1024 * 1024)), MessageError, "1 MiB"),
    ("coupling a year", lambda: simulate_coupling(seed=1, seconds=365 * 86400), WorkloadError, "1 to 21600 seconds"),
    ("coupling huge seconds", lambda: simulate_coupling(seed=1, seconds=HUGE), WorkloadError, "1 to 21600"),
    (
        "draw a billion",
        lambda: draw_workload(seed=1, messages=10**9, rate_per_s=1, mean_service_s=1),
        WorkloadError,
        "1 to 2,000,000",
    ),
    ("pipeline a trillion", lambda: simulate_pipeline(seed=1, uploads=10**12), WorkloadError, "1 to 2,000,000"),
    (
        "workload too long",
        lambda: Workload.from_arrays(np.zeros(3_000_000), np.ones(3_000_000)),
        WorkloadError,
        "at most 2,000,000",
    ),
    (
        "too many evaluations",
        lambda: simulate_workers(
            Workload.from_arrays(np.arange(2000.0) * 1e4, np.full(2000, 3600.0)),
            ScalingPolicy(target_backlog_per_instance=1, evaluation_period_s=1),
        ),
        WorkloadError,
        "scaling evaluations",
    ),
    (
        "backlog too long",
        lambda: backlog(np.zeros(10**6, dtype=int), np.zeros(10**6, dtype=int)),
        WorkloadError,
        "at most 21,600",
    ),
    ("huge receipt", lambda: Queue().delete("r" * 50_000_000), ReceiptHandleError, "never issued"),
]


@pytest.mark.parametrize("name, call, error, message", SIZED, ids=[c[0] for c in SIZED])
def test_sized_input_is_refused_in_a_limited_child_within_two_seconds(name, call, error, message):
    process = multiprocessing.get_context("fork").Process(target=_limited, args=(call, error, message))
    process.start()
    process.join(2.0)
    if process.is_alive():
        process.kill()
        process.join()
        pytest.fail(f"{name}: not refused within 2 s")
    assert process.exitcode == 0, name
