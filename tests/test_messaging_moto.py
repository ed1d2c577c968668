"""The SQS model against moto's SQS: the same scripts give the same messages in the same states.

Each script is a list of steps (send, receive, change visibility, delete, advance the
clock). It runs on :class:`awsbasics.messaging.Queue` and, with the wall clock frozen by
freezegun, on moto's SQS through boto3. After every step both must hold the same visible,
in-flight and delayed messages (bodies and receive counts, in send order) and the same
dead-lettered messages, and every receive must return the same bodies and receive counts.

Kept out of the scripts, because moto does not model them (or models them differently):
duplicate and reorder injection (moto has none), long polling (moto waits on the wall
clock), retention expiry (moto leaves expired messages in the queue and counts them as
received), stale receipt handles (moto still deletes with an old handle; SQS may not),
changing the visibility of a message no longer in flight (SQS refuses; moto accepts),
deduplication after the first message was deleted (SQS keeps the ID for 5 minutes; moto
forgets it with the message), and clock advances that land exactly on a timeout's end
(moto counts a message visible only strictly after it).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

moto = pytest.importorskip("moto")
freezegun = pytest.importorskip("freezegun")
boto3 = pytest.importorskip("boto3")

from awsbasics.messaging import Queue  # noqa: E402

REGION = "us-east-1"
START = dt.datetime(2026, 1, 5, 9, 0, 0)


class MotoQueue:
    """A moto SQS queue (and optional dead-letter queue) driven through boto3."""

    def __init__(
        self,
        client,
        frozen,
        *,
        fifo=False,
        visibility_timeout=30,
        max_receive_count=None,
        delay_seconds=0,
        content_based_deduplication=False,
    ):
        self.client, self.frozen = client, frozen
        suffix = ".fifo" if fifo else ""
        base = {"VisibilityTimeout": str(visibility_timeout), "DelaySeconds": str(delay_seconds)}
        if fifo:
            base["FifoQueue"] = "true"
            if content_based_deduplication:
                base["ContentBasedDeduplication"] = "true"
        self.dlq_url = None
        if max_receive_count is not None:
            dlq_attrs = {"FifoQueue": "true"} if fifo else {}
            self.dlq_url = client.create_queue(QueueName="dlq" + suffix, Attributes=dlq_attrs)["QueueUrl"]
            arn = client.get_queue_attributes(QueueUrl=self.dlq_url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            base["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": max_receive_count})
        self.url = client.create_queue(QueueName="q" + suffix, Attributes=base)["QueueUrl"]

    def send(self, body, **kw):
        args = {"QueueUrl": self.url, "MessageBody": body}
        if kw.get("group_id"):
            args["MessageGroupId"] = kw["group_id"]
        if kw.get("deduplication_id"):
            args["MessageDeduplicationId"] = kw["deduplication_id"]
        if kw.get("delay_seconds") is not None:
            args["DelaySeconds"] = kw["delay_seconds"]
        self.client.send_message(**args)

    def receive(self, n, visibility_timeout=None):
        args = {"QueueUrl": self.url, "MaxNumberOfMessages": n, "AttributeNames": ["All"], "WaitTimeSeconds": 0}
        if visibility_timeout is not None:
            args["VisibilityTimeout"] = visibility_timeout
        got = self.client.receive_message(**args).get("Messages", [])
        return [(m["Body"], int(m["Attributes"]["ApproximateReceiveCount"]), m["ReceiptHandle"]) for m in got]

    def change_visibility(self, receipt, seconds):
        self.client.change_message_visibility(QueueUrl=self.url, ReceiptHandle=receipt, VisibilityTimeout=seconds)

    def delete(self, receipt):
        self.client.delete_message(QueueUrl=self.url, ReceiptHandle=receipt)

    def advance(self, seconds):
        self.frozen.tick(dt.timedelta(seconds=seconds))

    @staticmethod
    def _states(url):
        from moto.sqs.models import sqs_backends

        backend = sqs_backends["123456789012"][REGION]
        queue = next(q for q in backend.queues.values() if url.endswith("/" + q.name))
        out = {"visible": [], "in_flight": [], "delayed": []}
        for m in queue._messages:
            state = "delayed" if m.delayed else ("visible" if m.visible else "in_flight")
            out[state].append((m.body, m.approximate_receive_count))
        return out

    def states(self):
        dlq = self._states(self.dlq_url) if self.dlq_url else None
        return self._states(self.url), dlq


class ModelQueue:
    """The awsbasics Queue behind the same small interface."""

    def __init__(
        self,
        *,
        fifo=False,
        visibility_timeout=30,
        max_receive_count=None,
        delay_seconds=0,
        content_based_deduplication=False,
    ):
        suffix = ".fifo" if fifo else ""
        self.dlq = Queue(fifo=fifo, name="dlq" + suffix) if max_receive_count is not None else None
        self.queue = Queue(
            fifo=fifo,
            name="q" + suffix,
            visibility_timeout=visibility_timeout,
            max_receive_count=max_receive_count,
            dead_letter_queue=self.dlq,
            delay_seconds=delay_seconds,
            content_based_deduplication=content_based_deduplication,
        )

    def send(self, body, **kw):
        self.queue.send(body, **kw)

    def receive(self, n, visibility_timeout=None):
        return [
            (m.body, m.receive_count, m.receipt_handle)
            for m in self.queue.receive(n, visibility_timeout=visibility_timeout)
        ]

    def change_visibility(self, receipt, seconds):
        self.queue.change_visibility(receipt, seconds)

    def delete(self, receipt):
        assert self.queue.delete(receipt)

    def advance(self, seconds):
        self.queue.advance(seconds)

    @staticmethod
    def _states(queue):
        s = queue.snapshot()
        return {
            key: [(m.body, m.receive_count) for m in messages]
            for key, messages in (("visible", s.visible), ("in_flight", s.in_flight), ("delayed", s.delayed))
        }

    def states(self):
        return self._states(self.queue), (self._states(self.dlq) if self.dlq else None)


def run_script(target, script):
    """Run the steps; returns what each receive returned and the states after each step."""
    received, trace, handles = [], [], {}
    for step in script:
        op, *args = step
        if op == "send":
            body, kw = args[0], (args[1] if len(args) > 1 else {})
            target.send(body, **kw)
        elif op == "receive":
            n, kw = args[0], (args[1] if len(args) > 1 else {})
            got = target.receive(n, **kw)
            for body, _, handle in got:
                handles[body] = handle  # the latest handle of each body
            received.append([(b, c) for b, c, _ in got])
        elif op == "change":
            target.change_visibility(handles[args[0]], args[1])
        elif op == "delete":
            target.delete(handles[args[0]])
        elif op == "advance":
            target.advance(args[0])
        trace.append((op, target.states()))
    return received, trace


STANDARD = [
    ("send", "a"),
    ("send", "b"),
    ("send", "c"),
    ("receive", 2),
    ("advance", 10.5),
    ("delete", "a"),
    ("receive", 10),
    ("advance", 20.2),  # b's 30 s timeout has run out
    ("receive", 1),
    ("change", "b", 5),
    ("advance", 6.1),
    ("receive", 3),
    ("change", "c", 0),
    ("advance", 0.5),  # moto makes a message visible only strictly after its timeout's end
    ("receive", 1, {"visibility_timeout": 100}),
    ("advance", 40.3),
    ("delete", "b"),
    ("receive", 10),
]

REDRIVE = [
    ("send", "poison"),
    ("send", "good"),
    ("receive", 1),
    ("advance", 30.5),
    ("receive", 1),
    ("advance", 30.5),  # poison received twice (maxReceiveCount 2)
    ("receive", 10),  # poison moves to the DLQ; good is received
    ("delete", "good"),
    ("advance", 1.5),
    ("receive", 10),
]

DELAYED = [
    ("send", "late"),
    ("send", "later", {"delay_seconds": 40}),
    ("receive", 10),
    ("advance", 20.5),
    ("receive", 10),
    ("advance", 20.5),
    ("receive", 10),
]

FIFO = [
    ("send", "a1", {"group_id": "A", "deduplication_id": "a1"}),
    ("send", "b1", {"group_id": "B", "deduplication_id": "b1"}),
    ("send", "a2", {"group_id": "A", "deduplication_id": "a2"}),
    ("send", "a1-retry", {"group_id": "A", "deduplication_id": "a1"}),  # dropped: same ID within 5 minutes
    ("receive", 1),  # a1: group A is now blocked
    ("receive", 10),  # b1 only
    ("delete", "b1"),
    ("advance", 31.5),  # a1's timeout runs out
    ("receive", 10),  # a1 again, then a2 in the same call
    ("delete", "a1"),
    ("delete", "a2"),
    ("send", "b2", {"group_id": "B", "deduplication_id": "b2"}),
    ("advance", 301.0),
    ("send", "a1-late", {"group_id": "A", "deduplication_id": "a1"}),  # accepted: 5 minutes later
    ("receive", 10),
]

FIFO_REDRIVE = [
    ("send", "x", {"group_id": "G", "deduplication_id": "x"}),
    ("send", "y", {"group_id": "G", "deduplication_id": "y"}),
    ("receive", 1),
    ("advance", 10.5),
    ("receive", 1),
    ("advance", 10.5),
    ("receive", 1),  # x moves to the FIFO dead-letter queue; y is received
    ("delete", "y"),
]

CONTENT_DEDUP = [
    ("send", "same body", {"group_id": "G"}),
    ("send", "same body", {"group_id": "G"}),
    ("send", "other body", {"group_id": "G"}),
    ("receive", 10),
]

SCRIPTS = {
    "standard": ({}, STANDARD),
    "redrive": ({"max_receive_count": 2}, REDRIVE),
    "delay": ({"delay_seconds": 15}, DELAYED),
    "fifo": ({"fifo": True}, FIFO),
    "fifo-redrive": ({"fifo": True, "visibility_timeout": 10, "max_receive_count": 2}, FIFO_REDRIVE),
    "content-dedup": ({"fifo": True, "content_based_deduplication": True}, CONTENT_DEDUP),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_script_gives_the_same_states_in_the_model_and_in_moto(name):
    options, script = SCRIPTS[name]
    model_received, model_trace = run_script(ModelQueue(**options), script)
    with freezegun.freeze_time(START) as frozen, moto.mock_aws():
        client = boto3.client("sqs", region_name=REGION)
        moto_received, moto_trace = run_script(MotoQueue(client, frozen, **options), script)
    assert model_received == moto_received
    for step, ((op, ours), (_, theirs)) in enumerate(zip(model_trace, moto_trace)):
        if script[step][:1] == ("change",) and script[step][2] == 0:
            continue  # at that very instant moto still counts the message in flight (see the module docstring)
        assert ours == theirs, f"{name}: step {step} ({op}) differs"


def test_scripts_exercise_every_state():
    """The comparison is only as good as the scripts: together they reach every state and operation."""
    seen = set()
    for options, script in SCRIPTS.values():
        _, trace = run_script(ModelQueue(**options), script)
        for op, (queue, dlq) in trace:
            seen.add(op)
            seen.update(k for k, v in queue.items() if v)
            if dlq and dlq["visible"]:
                seen.add("dead-lettered")
    assert {
        "send",
        "receive",
        "change",
        "delete",
        "advance",
        "visible",
        "in_flight",
        "delayed",
        "dead-lettered",
    } <= seen
