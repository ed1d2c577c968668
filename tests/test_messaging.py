"""The messaging engine: SQS rules from the documentation, SNS filter policies, the simulations and their peers."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from awsbasics.messaging import (
    MAX_MESSAGE_BYTES,
    FilterPolicyError,
    MessageError,
    Queue,
    QueueConfigError,
    ReceiptHandleError,
    ScalingPolicy,
    Topic,
    Workload,
    WorkloadError,
    backlog,
    draw_workload,
    matches,
    simulate_coupling,
    simulate_pipeline,
    simulate_workers,
)

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("queue_simulation", ROOT / "benchmarks" / "queue_simulation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- documented limits (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)


def test_defaults_are_the_documented_ones():
    q = Queue()
    assert q.visibility_timeout == 30  # default visibility timeout: 30 s
    assert q.retention_seconds == 4 * 86400  # retained 4 days by default
    assert MAX_MESSAGE_BYTES == 1024 * 1024  # 1 MiB since August 2025 (AWS Compute Blog)


def test_message_size_limit_is_one_mebibyte():
    q = Queue()
    q.send("x" * MAX_MESSAGE_BYTES)
    with pytest.raises(MessageError, match=r"1,048,577 bytes: SQS takes at most 1,048,576 bytes \(1 MiB\)"):
        q.send("x" * (MAX_MESSAGE_BYTES + 1))
    # Size is in UTF-8 bytes, not characters: 349,526 three-byte characters exceed 1 MiB.
    with pytest.raises(MessageError, match="1,048,578 bytes"):
        q.send("한" * 349_526)


@pytest.mark.parametrize("body, position", [("ok\x00no", 2), ("\x1f", 0), ("a\ufffeb", 1)])
def test_characters_outside_the_allowed_set_are_rejected(body, position):
    with pytest.raises(MessageError, match=rf"at position {position}: SQS accepts only #x9 \| #xA"):
        Queue().send(body)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"visibility_timeout": 43201}, r"visibility_timeout=43201: SQS allows 0 to 43200 seconds"),
        ({"retention_seconds": 59}, r"retention_seconds=59: SQS allows 60 to 1.2096e\+06 seconds"),
        ({"retention_seconds": 1_209_601}, r"SQS allows 60 to 1.2096e\+06 seconds"),
        ({"delay_seconds": 901}, r"delay_seconds=901: SQS allows 0 to 900 seconds"),
        ({"receive_wait_seconds": 21}, r"receive_wait_seconds=21: SQS allows 0 to 20 seconds"),
        ({"max_receive_count": 3}, r"needs both max_receive_count and dead_letter_queue"),
        ({"fifo": True, "name": "orders"}, r"a FIFO queue's name ends in .fifo"),
        ({"name": "a" * 81}, r"up to 80 characters"),
        ({"fifo": True, "duplicate_rate": 0.1}, r"standard queues only"),
        ({"content_based_deduplication": True}, r"FIFO queues only"),
    ],
)
def test_settings_outside_the_limits_name_the_limit(options, message):
    with pytest.raises(QueueConfigError, match=message):
        Queue(**options)


def test_redrive_needs_a_queue_of_the_same_type_and_a_count_in_range():
    with pytest.raises(QueueConfigError, match="dead-letter queue of a FIFO queue must also be a FIFO queue"):
        Queue(fifo=True, max_receive_count=3, dead_letter_queue=Queue())
    with pytest.raises(QueueConfigError, match="max_receive_count=1001: SQS allows 1 to 1000"):
        Queue(max_receive_count=1001, dead_letter_queue=Queue())


# -- the message lifecycle ------------------------------------------------------------------------------


def test_visibility_timeout_hides_then_returns_the_message():
    q = Queue(visibility_timeout=30)
    q.send("job")
    first = q.receive()[0]
    assert (first.receive_count, q.receive()) == (1, ())
    q.advance(29.9)
    assert q.receive() == ()
    q.advance(0.1)  # the timeout has run out: visible again, received a second time
    second = q.receive()[0]
    assert second.receive_count == 2 and second.receipt_handle != first.receipt_handle
    assert q.delete(first.receipt_handle) is False  # an outdated handle deletes nothing
    assert q.delete(second.receipt_handle) is True
    assert q.counts()["deleted"] == 1


def test_change_visibility_counts_from_now_and_stops_at_12_hours():
    q = Queue(visibility_timeout=60)
    q.send("job")
    m = q.receive()[0]
    q.advance(15)
    q.change_visibility(m.receipt_handle, 10)  # 10 s from now: visible at 25 s
    q.advance(9.5)
    assert q.receive() == ()
    q.advance(0.5)
    m2 = q.receive()[0]  # received at 25 s, in flight until 85 s
    q.advance(50)
    with pytest.raises(QueueConfigError, match=r"at most 43200 s \(12 hours\) after it was received"):
        q.change_visibility(m2.receipt_handle, 43200)
    q.change_visibility(m2.receipt_handle, 43100)
    with pytest.raises(ReceiptHandleError, match="received again since"):
        q.change_visibility(m.receipt_handle, 5)
    with pytest.raises(ReceiptHandleError, match="was never issued"):
        q.change_visibility("forged", 5)


def test_change_visibility_of_a_message_no_longer_in_flight_is_refused():
    q = Queue(visibility_timeout=5)
    q.send("job")
    m = q.receive()[0]
    q.advance(6)
    with pytest.raises(ReceiptHandleError, match="not in flight"):
        q.change_visibility(m.receipt_handle, 30)


def test_redrive_moves_the_message_on_the_receive_after_max_receive_count():
    # "When the ReceiveCount for a message exceeds the maxReceiveCount for a queue, SQS moves the
    # message to a dead-letter queue" (sqs-dead-letter-queues.html): with 3, consumers see it 3 times.
    dlq = Queue(name="dlq")
    q = Queue(visibility_timeout=10, max_receive_count=3, dead_letter_queue=dlq)
    q.send("poison")
    counts = []
    for _ in range(4):
        counts += [m.receive_count for m in q.receive()]
        q.advance(10)
    assert counts == [1, 2, 3]
    assert [(m.body, m.receive_count) for m in dlq.snapshot().visible] == [("poison", 3)]
    assert q.counts()["moved_to_dlq"] == 1


def test_retention_deletes_messages_processed_or_not():
    q = Queue(retention_seconds=60)
    q.send("old")
    q.advance(59.9)
    assert len(q.snapshot().visible) == 1
    q.advance(0.1)
    assert q.snapshot().visible == () and q.counts()["expired"] == 1


def test_dead_letter_retention_keeps_the_original_timestamp_on_standard_and_resets_on_fifo():
    for fifo, kept in ((False, False), (True, True)):
        suffix = ".fifo" if fifo else ""
        dlq = Queue(fifo=fifo, name="dlq" + suffix, retention_seconds=120)
        q = Queue(fifo=fifo, name="q" + suffix, visibility_timeout=50, max_receive_count=1, dead_letter_queue=dlq)
        q.send("m", **({"group_id": "g", "deduplication_id": "m"} if fifo else {}))
        q.receive()
        q.advance(100)
        assert q.receive() == ()  # moved to the dead-letter queue at t=100
        q.advance(30)  # t=130: 130 s after the send, 30 s after the move
        assert bool(dlq.snapshot().visible) is kept


def test_delay_hides_new_messages():
    q = Queue(delay_seconds=10)
    q.send("later")
    q.send("now", delay_seconds=0)
    assert [m.body for m in q.receive(10)] == ["now"]
    q.advance(10)
    assert [m.body for m in q.receive(10)] == ["later"]
    fifo = Queue(fifo=True, name="f.fifo")
    with pytest.raises(QueueConfigError, match="FIFO queues take a delay per queue only"):
        fifo.send("x", group_id="g", deduplication_id="x", delay_seconds=5)


def test_long_polling_waits_on_the_simulated_clock():
    q = Queue(delay_seconds=5)
    q.send("soon")
    assert q.receive(wait_seconds=0) == ()
    assert [m.body for m in q.receive(wait_seconds=20)] == ["soon"]
    assert q.now == 5
    assert q.receive(wait_seconds=20) == () and q.now == 25  # nothing came: the whole wait passes


def test_receive_takes_one_to_ten_messages():
    with pytest.raises(QueueConfigError, match="max_messages=11: SQS returns 1 to 10 per receive"):
        Queue().receive(11)


def test_fifo_groups_are_delivered_in_order_one_batch_at_a_time():
    q = Queue(fifo=True, name="o.fifo")
    for body, group in (("a1", "A"), ("b1", "B"), ("a2", "A")):
        q.send(body, group_id=group, deduplication_id=body)
    assert [m.body for m in q.receive(1)] == ["a1"]
    assert [m.body for m in q.receive(10)] == ["b1"]  # group A is blocked while a1 is in flight
    with pytest.raises(MessageError, match="every message needs a group_id"):
        q.send("x", deduplication_id="x")
    with pytest.raises(MessageError, match="every message needs a deduplication_id"):
        q.send("x", group_id="A")


def test_fifo_deduplication_lasts_five_minutes_even_after_delete():
    # "Amazon SQS continues tracking the deduplication ID even after the message has been received
    # and deleted" (using-messagededuplicationid-property.html).
    q = Queue(fifo=True, name="p.fifo")
    first = q.send("pay", group_id="g", deduplication_id="d")
    q.delete(q.receive()[0].receipt_handle)
    q.advance(299)
    assert q.send("pay", group_id="g", deduplication_id="d") == first
    assert q.snapshot().visible == ()
    q.advance(1)  # 300 s after the accepted send: a new message
    assert q.send("pay", group_id="g", deduplication_id="d") != first


def test_duplicate_and_reorder_injection_are_seeded():
    def run(seed):
        q = Queue(duplicate_rate=0.5, reorder=True, seed=seed)
        for i in range(20):
            q.send(f"m{i}")
        out = []
        while True:
            got = q.receive(10)
            if not got:
                return out, q.duplicates_delivered
            out += [m.body for m in got]
            for m in got:
                q.delete(m.receipt_handle)

    bodies, dupes = run(7)
    assert run(7) == (bodies, dupes)
    assert run(8) != (bodies, dupes)
    assert dupes > 0 and len(bodies) == 20 + dupes  # at-least-once: every message, some twice
    assert set(bodies) == {f"m{i}" for i in range(20)}
    assert bodies[:20] != [f"m{i}" for i in range(20)]  # best-effort order


def test_in_flight_limit_is_refused_on_standard_queues(monkeypatch):
    import awsbasics.messaging.queue as queue_module

    monkeypatch.setitem(queue_module.IN_FLIGHT_MAX, "standard", 2)
    q = Queue()
    for i in range(3):
        q.send(str(i))
    q.receive(2)
    with pytest.raises(QueueConfigError, match="OverLimit"):
        q.receive()


def test_text_and_repr():
    q = Queue(name="jobs")
    q.send("a")
    assert q.text() == (
        "standard queue jobs at t=0 s: 1 visible, 0 in flight, 0 delayed; 0 deleted, "
        "0 moved to the dead-letter queue, 0 expired"
    )
    assert repr(q.receive()[0]) == "Message jobs-1 'a': received 1x, receipt jobs-1.0.r1"


# -- SNS filter policies (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html)


@pytest.mark.parametrize(
    "policy, attributes, expected",
    [
        ({"kind": ["image"]}, {"kind": "image"}, True),
        ({"kind": ["image"]}, {"kind": "Image"}, False),  # case-sensitive
        ({"kind": ["image", "video"]}, {"kind": "video"}, True),
        ({"kind": ["image"]}, {}, False),
        ({"kind": [{"exists": False}]}, {}, True),
        ({"kind": [{"exists": True}]}, {"kind": "x"}, True),
        ({"kind": [{"prefix": "im"}]}, {"kind": "image"}, True),
        ({"kind": [{"anything-but": ["gif"]}]}, {"kind": "gif"}, False),
        ({"kind": [{"anything-but": ["gif"]}]}, {}, False),
        ({"size": [{"numeric": [">=", 0, "<", 10]}]}, {"size": 9.5}, True),
        ({"size": [{"numeric": [">=", 0, "<", 10]}]}, {"size": 10}, False),
        ({"size": [5]}, {"size": 5}, True),
        ({"size": [5]}, {"size": "5"}, False),
        ({"tags": ["red"]}, {"tags": ["blue", "red"]}, True),
        ({"kind": ["image"], "size": [{"numeric": ["<", 10]}]}, {"kind": "image", "size": 11}, False),
    ],
)
def test_filter_policy_matching(policy, attributes, expected):
    assert matches(policy, attributes) is expected


def test_filter_policy_limits():
    with pytest.raises(FilterPolicyError, match="6 keys: SNS allows at most 5"):
        Topic("t").subscribe("a@example.com", protocol="email", filter_policy={k: ["x"] for k in "abcdef"})
    too_many = {"a": list("abcdefghij"), "b": list("abcdefghij"), "c": list("ab")}  # 10 x 10 x 2 = 200
    with pytest.raises(FilterPolicyError, match="more than 150 combinations"):
        Topic("t").subscribe("a@example.com", protocol="email", filter_policy=too_many)


def test_topic_fans_out_to_matching_subscriptions_only():
    images, everything = Queue(name="images"), Queue(name="everything")
    topic = Topic("uploads")
    topic.subscribe(images, filter_policy={"kind": ["image"]})
    topic.subscribe(everything)
    topic.subscribe("fn", protocol="lambda", name="fn", filter_policy={"kind": ["video"]})
    pub = topic.publish("v1", attributes={"kind": "video"})
    assert pub.delivered_to == ("everything", "fn") and pub.filtered_out == ("images",)
    assert [m.body for m in everything.snapshot().visible] == ["v1"] and topic.inbox == {"fn": ["v1"]}
    with pytest.raises(QueueConfigError, match="a standard topic delivers only to standard queues"):
        topic.subscribe(Queue(fifo=True, name="f.fifo"))


# -- coupling ------------------------------------------------------------------------------------------


def _backlog_loop(arrivals, capacity):
    out, b = [], 0
    for a, c in zip(arrivals, capacity):
        b = max(b + a - c, 0)
        out.append(b)
    return out


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_vectorized_backlog_matches_the_loop(seed):
    rng = np.random.default_rng(seed)
    a, c = rng.poisson(5, 500), rng.poisson(5, 500)
    assert backlog(a, c).tolist() == _backlog_loop(a, c)


def test_coupling_run_by_hand():
    # 40 requests/s on a 50/s tier that is down for 90 s: the tight design fails every request of
    # the outage; the queue holds them and drains at 10/s spare capacity.
    run = simulate_coupling(seed=1)
    down = slice(run.outage_start_s, run.outage_start_s + run.outage_seconds)
    assert run.tight_failed_in_outage == int(run.arrivals[down].sum())
    peaks = np.maximum(run.arrivals - 50, 0)  # outside the outage, seconds above capacity fail too
    assert run.tight_failed == int(run.arrivals[down].sum()) + int(peaks.sum() - peaks[down].sum())
    assert run.loose_failed == 0
    assert run.loose_max_backlog == int(backlog(run.arrivals, run.capacity).max())
    assert run.loose_processed.sum() + run.queue_backlog[-1] == run.arrivals.sum()
    assert run.drained_at_s is not None and run.drained_at_s > down.stop
    assert simulate_coupling(seed=1).arrivals.tolist() == run.arrivals.tolist()
    assert simulate_coupling(seed=2).arrivals.tolist() != run.arrivals.tolist()


def test_coupling_max_wait_matches_a_per_request_loop():
    run = simulate_coupling(seed=4, seconds=300, outage_start_s=50, outage_seconds=60)
    arrived = [t for t, a in enumerate(run.arrivals) for _ in range(a)]
    done = [t for t, p in enumerate(run.loose_processed) for _ in range(p)]
    assert max(d - a for a, d in zip(arrived, done)) == run.loose_max_wait_s


# -- workers: the heap model against SimPy -------------------------------------------------------------


def test_workers_by_hand():
    # Two workers, one message a second for 4 s, each taking 3 s: starts 0, 1, then 3 and 4.
    load = Workload.from_arrays([0.0, 1.0, 2.0, 3.0], [3.0, 3.0, 3.0, 3.0])
    run = simulate_workers(load, ScalingPolicy(target_backlog_per_instance=100, min_instances=2, max_instances=2))
    assert run.start_s.tolist() == [0.0, 1.0, 3.0, 4.0]
    assert run.end_s == 7.0 and run.instance_seconds == 14.0
    assert run.stats()["max_wait_s"] == 1.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_workers_match_the_simpy_model_message_by_message(seed):
    pytest.importorskip("simpy")
    bench = _bench()
    load = draw_workload(
        seed=seed,
        messages=4000,
        rate_per_s=8,
        mean_service_s=1.0,
        burst_start_s=100,
        burst_seconds=120,
        burst_rate_per_s=40,
    )
    policy = ScalingPolicy(
        target_backlog_per_instance=10, min_instances=2, max_instances=30, evaluation_period_s=30, warmup_s=45
    )
    ours = simulate_workers(load, policy)
    theirs = bench.simpy_workers(load.arrival_s, load.service_s, policy)
    np.testing.assert_allclose(ours.start_s, theirs["start_s"], rtol=0, atol=1e-9)
    a, b = ours.stats(), bench.simpy_stats(theirs, load.arrival_s, load.service_s, policy)
    assert a.keys() == b.keys()
    for key in a:
        assert math.isclose(a[key], b[key], rel_tol=1e-12, abs_tol=1e-9), key
    assert [(t, bl, c) for t, bl, c in theirs["evaluations"]] == list(
        zip(ours.eval_time_s.tolist(), ours.eval_backlog.tolist(), ours.eval_instances.tolist())
    )
    assert a["peak_instances"] > policy.min_instances  # the scaling was exercised


def test_draw_workload_is_seeded_and_has_the_asked_mean():
    a = draw_workload(seed=5, messages=200_000, rate_per_s=10, mean_service_s=2.0)
    b = draw_workload(seed=5, messages=200_000, rate_per_s=10, mean_service_s=2.0)
    assert a.arrival_s.tolist() == b.arrival_s.tolist()
    assert abs(a.service_s.mean() - 2.0) < 0.02
    assert abs(a.arrival_s[-1] / 200_000 - 0.1) < 0.002


def test_pipeline_costs_come_from_the_sourced_prices():
    from awsbasics import data

    run = simulate_pipeline(seed=1, uploads=2000)
    rows = {item: usd for item, _, usd in run.cost_rows()}
    sqs = data.value("messaging", "sqs_prices")["standard_usd_per_million"]
    assert rows["SQS requests (send, receive, delete)"] == round(3 * 2000 * sqs / 1e6, 4)
    assert run.total_usd == round(sum(rows.values()), 4)


def test_scaling_policy_limits():
    with pytest.raises(WorkloadError, match="1 <= min <= max <= 1000"):
        ScalingPolicy(target_backlog_per_instance=10, min_instances=0)
    with pytest.raises(WorkloadError, match="target_backlog_per_instance=0.0"):
        ScalingPolicy(target_backlog_per_instance=0)
