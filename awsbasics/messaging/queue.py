"""An Amazon SQS queue on a simulated clock: send, receive, change visibility, delete, advance.

A message (메시지) sent to a queue (메시지 대기열) is *visible* until a consumer
receives it; it is then *in flight* for the visibility timeout, during which no
other consumer gets it. The consumer deletes it when done; if it does not (it
crashed, or took too long), the message becomes visible again and is received
again, its receive count one higher. After ``max_receive_count`` receives, the
next receive moves it to the dead-letter queue instead:

    >>> dlq = Queue(name="images-dlq")
    >>> q = Queue(name="images", visibility_timeout=30, max_receive_count=2, dead_letter_queue=dlq)
    >>> _ = q.send("resize cat.jpg")
    >>> [m.receive_count for m in q.receive()]
    [1]
    >>> q.advance(31)                      # the consumer crashed: the timeout runs out
    >>> [m.receive_count for m in q.receive()]
    [2]
    >>> q.advance(31)
    >>> q.receive(), [m.body for m in dlq.snapshot().visible]
    ((), ['resize cat.jpg'])

Standard queues deliver at least once, in roughly the order sent; the model can
inject seeded duplicates and reordering to show why consumers must be idempotent.
FIFO queues deliver each message group in order, one batch in flight per group,
and drop a message whose deduplication ID was accepted in the last 5 minutes.

The semantics are checked against moto's SQS in ``tests/test_messaging_moto.py``.
Documentation: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Literal, overload

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import MessageError, QueueConfigError, ReceiptHandleError

__all__ = [
    "Queue",
    "Message",
    "QueueState",
    "MAX_MESSAGE_BYTES",
    "RETENTION_SECONDS",
    "VISIBILITY_TIMEOUT_SECONDS",
    "MAX_DELAY_SECONDS",
    "MAX_WAIT_SECONDS",
    "MAX_RECEIVE_MESSAGES",
    "IN_FLIGHT_MAX",
    "MAX_RECEIVE_COUNT",
    "DEDUPLICATION_INTERVAL_SECONDS",
]

MAX_MESSAGE_BYTES: int = data.value("messaging", "max_message_bytes")
MIN_MESSAGE_BYTES: int = data.value("messaging", "min_message_bytes")
RETENTION_SECONDS: dict = data.value("messaging", "retention_seconds")
VISIBILITY_TIMEOUT_SECONDS: dict = data.value("messaging", "visibility_timeout_seconds")
MAX_DELAY_SECONDS: int = data.value("messaging", "delay_seconds_max")
MAX_WAIT_SECONDS: int = data.value("messaging", "long_poll_max_wait_seconds")
MAX_RECEIVE_MESSAGES: int = data.value("messaging", "receive_max_messages")
IN_FLIGHT_MAX: dict = data.value("messaging", "in_flight_max")
MAX_RECEIVE_COUNT: dict = data.value("messaging", "max_receive_count")
DEDUPLICATION_INTERVAL_SECONDS: int = data.value("messaging", "deduplication_interval_seconds")
_ID_RULES: dict = data.value("messaging", "id_rules")
_QUEUE_NAME: dict = data.value("messaging", "queue_name")

# One character class built from the documented code point ranges; matching is linear.
_BAD_CHARACTER = re.compile(
    "[^"
    + "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in data.value("messaging", "message_characters")
    )
    + "]"
)
_ID_PATTERN = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]+")
_NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
# A simulated clock a learner would reach in no lesson: ten years, in seconds.
MAX_CLOCK_SECONDS = 10 * 365 * 86400


@overload
def _seconds(value: object, what: str, low: float, high: float, *, integer: Literal[True] = True) -> int: ...
@overload
def _seconds(value: object, what: str, low: float, high: float, *, integer: Literal[False]) -> float: ...
def _seconds(value: object, what: str, low: float, high: float, *, integer: bool = True) -> float:
    """A number of seconds within [low, high]; integers where SQS takes whole seconds."""
    number: float
    if integer:
        number = require_int(value, what)
    else:
        number = require_number(value, what)
        if not math.isfinite(number):
            raise QueueConfigError(f"{what}={number}: a number of seconds must be finite")
    if not low <= number <= high:
        raise QueueConfigError(f"{what}={number}: SQS allows {low:g} to {high:g} seconds")
    return number


def _check_id(value: object, what: str) -> str:
    value = require_str(value, what)
    limit = _ID_RULES["max_length"]
    if not 1 <= len(value) <= limit or not _ID_PATTERN.fullmatch(value):
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise MessageError(f"{what}={shown!r}: SQS takes 1 to {limit} characters, {_ID_RULES['characters']}")
    return value


class _Clock:
    """The simulated time, in seconds, shared by a queue and its dead-letter queue."""

    __slots__ = ("now",)

    def __init__(self) -> None:
        self.now = 0.0


class _Stored:
    """One stored copy of a message and its state (mutable; never handed to callers)."""

    __slots__ = (
        "message_id",
        "body",
        "group_id",
        "dedup_id",
        "sent_at",
        "available_at",
        "visible_at",
        "received_at",
        "receive_count",
        "receipt",
        "copy",
    )

    def __init__(self, message_id, body, group_id, dedup_id, sent_at, available_at, copy=0):
        self.message_id = message_id
        self.body = body
        self.group_id = group_id
        self.dedup_id = dedup_id
        self.sent_at = sent_at
        self.available_at = available_at  # end of the delay
        self.visible_at = available_at  # end of the current visibility timeout
        self.received_at = None
        self.receive_count = 0
        self.receipt = None
        self.copy = copy

    def state(self, now: float) -> str:
        if now < self.available_at:
            return "delayed"
        if self.receipt is not None and now < self.visible_at:
            return "in flight"
        return "visible"


@dataclass(frozen=True, slots=True)
class Message(Rendered):
    """A message as a consumer receives it: body, receipt handle and receive count."""

    message_id: str
    body: str
    receipt_handle: str | None
    receive_count: int
    group_id: str | None = None
    sent_at: float = 0.0

    def text(self) -> str:
        group = f", group {self.group_id}" if self.group_id else ""
        handle = f", receipt {self.receipt_handle}" if self.receipt_handle else ""
        return f"Message {self.message_id} {self.body!r}: received {self.receive_count}x{group}{handle}"

    def __repr__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True)
class QueueState(Rendered):
    """What a queue holds at one instant: visible, in-flight and delayed messages."""

    name: str
    now: float
    visible: tuple[Message, ...]
    in_flight: tuple[Message, ...]
    delayed: tuple[Message, ...]

    def bodies(self) -> dict[str, list[str]]:
        """Message bodies by state, each in send order."""
        return {
            "visible": [m.body for m in self.visible],
            "in_flight": [m.body for m in self.in_flight],
            "delayed": [m.body for m in self.delayed],
        }

    def rows(self) -> list[tuple[str, str, str, int]]:
        return [
            (m.message_id, m.body, state, m.receive_count)
            for state, messages in (("visible", self.visible), ("in flight", self.in_flight), ("delayed", self.delayed))
            for m in messages
        ]

    _view_ = "messaging.state_view"

    def text(self) -> str:
        head = (
            f"Queue {self.name} at t={self.now:g} s: {len(self.visible)} visible, "
            f"{len(self.in_flight)} in flight, {len(self.delayed)} delayed"
        )
        rows = self.rows()
        return head + ("\n" + text_table(["message_id", "body", "state", "receive_count"], rows) if rows else "")

    def __repr__(self) -> str:
        return self.text()


class Queue(Rendered):
    """An SQS queue (standard or FIFO) on a simulated clock.

    Args:
        fifo: A FIFO queue (ordered message groups, deduplication) instead of a standard one.
        visibility_timeout: Seconds a received message stays hidden (0 to 12 hours, default 30).
        max_receive_count: Receives after which the next receive moves a message to
            ``dead_letter_queue`` (the redrive policy); give both or neither.
        dead_letter_queue: A :class:`Queue` of the same type. It shares this queue's clock.
        retention_seconds: How long a message is kept, processed or not (60 s to 14 days, default 4 days).
        delay_seconds: Seconds a new message stays invisible (0 to 15 minutes).
        receive_wait_seconds: Default long-polling wait of :meth:`receive` (0 to 20).
        content_based_deduplication: FIFO only: a SHA-256 of the body is the deduplication ID.
        duplicate_rate: Standard only: the chance that a receive leaves a second copy of the
            message visible (SQS delivers *at least* once). Seeded.
        reorder: Standard only: receive visible messages in a seeded random order (best-effort ordering).
        seed: Seed of the duplicate and reorder injection.
        name: The queue name (FIFO names end in ``.fifo``).

    Raises:
        QueueConfigError: a setting outside the SQS limits, or a redrive policy SQS would refuse.

    >>> q = Queue(fifo=True, name="orders.fifo")
    >>> q.send("pay", group_id="order-1", deduplication_id="a")
    'orders.fifo-1'
    >>> q.send("pay again", group_id="order-1", deduplication_id="a")   # a retry within 5 minutes
    'orders.fifo-1'
    >>> len(q.snapshot().visible)
    1
    """

    _view_ = "messaging.queue_view"

    def __init__(
        self,
        *,
        fifo: bool = False,
        visibility_timeout: int = VISIBILITY_TIMEOUT_SECONDS["default"],
        max_receive_count: int | None = None,
        dead_letter_queue: Queue | None = None,
        retention_seconds: int = RETENTION_SECONDS["default"],
        delay_seconds: int = 0,
        receive_wait_seconds: int = 0,
        content_based_deduplication: bool = False,
        duplicate_rate: float = 0.0,
        reorder: bool = False,
        seed: int = 0,
        name: str | None = None,
    ) -> None:
        for flag, what in (
            (fifo, "fifo"),
            (content_based_deduplication, "content_based_deduplication"),
            (reorder, "reorder"),
        ):
            if not isinstance(flag, bool):
                raise TypeError(f"{what} must be bool, not {type(flag).__name__}")
        name = self._check_name(name, fifo)
        vt = VISIBILITY_TIMEOUT_SECONDS
        visibility_timeout = _seconds(visibility_timeout, "visibility_timeout", vt["min"], vt["max"])
        retention = RETENTION_SECONDS
        retention_seconds = _seconds(retention_seconds, "retention_seconds", retention["min"], retention["max"])
        delay_seconds = _seconds(delay_seconds, "delay_seconds", 0, MAX_DELAY_SECONDS)
        receive_wait_seconds = _seconds(receive_wait_seconds, "receive_wait_seconds", 0, MAX_WAIT_SECONDS)
        seed = require_int(seed, "seed")
        if seed < 0:
            raise QueueConfigError(f"seed={seed}: a seed is a non-negative integer")
        rate = require_number(duplicate_rate, "duplicate_rate")
        if not 0.0 <= rate <= 1.0:  # NaN fails this too
            raise QueueConfigError(f"duplicate_rate={duplicate_rate}: a probability is between 0 and 1")
        if fifo and (rate or reorder):
            raise QueueConfigError(
                "duplicate and reorder injection apply to standard queues only: a FIFO queue delivers "
                "each message once, in order within its group"
            )
        if content_based_deduplication and not fifo:
            raise QueueConfigError("content_based_deduplication applies to FIFO queues only")
        self._check_redrive(fifo, max_receive_count, dead_letter_queue)
        self.name = name
        self.fifo = fifo
        self.visibility_timeout = visibility_timeout
        self.max_receive_count = max_receive_count
        self.dead_letter_queue = dead_letter_queue
        self.retention_seconds = retention_seconds
        self.delay_seconds = delay_seconds
        self.receive_wait_seconds = receive_wait_seconds
        self.content_based_deduplication = content_based_deduplication
        self.duplicate_rate = rate
        self.reorder = reorder
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        self._clock: _Clock = dead_letter_queue._clock if dead_letter_queue is not None else _Clock()
        self._messages: dict[int, _Stored] = {}  # key: arrival sequence in this queue
        self._by_receipt: dict[str, int] = {}
        self._issued: set[str] = set()
        self._dedup: dict[str, tuple[float, str]] = {}
        self._sequence = 0
        self.deleted = 0
        self.expired = 0
        self.moved_to_dlq = 0
        self.duplicates_delivered = 0

    # -- validation -----------------------------------------------------------------------------

    @staticmethod
    def _check_name(name: object, fifo: bool) -> str:
        if name is None:
            return "queue.fifo" if fifo else "queue"
        name = require_str(name, "name")
        suffix = _QUEUE_NAME["fifo_suffix"]
        stem = name[: -len(suffix)] if name.endswith(suffix) else name
        if len(name) > _QUEUE_NAME["max_length"] or not _NAME_PATTERN.fullmatch(stem):
            shown = name if len(name) <= 40 else name[:37] + "..."
            raise QueueConfigError(
                f"queue name {shown!r}: up to {_QUEUE_NAME['max_length']} characters, alphanumerics, "
                f"hyphens and underscores (a FIFO queue adds {suffix})"
            )
        if fifo != name.endswith(suffix):
            raise QueueConfigError(
                f"queue name {name!r}: a FIFO queue's name ends in {suffix} and a standard queue's does not"
            )
        return name

    @staticmethod
    def _check_redrive(fifo: bool, max_receive_count: object, dlq: object) -> None:
        if (max_receive_count is None) != (dlq is None):
            raise QueueConfigError("a redrive policy needs both max_receive_count and dead_letter_queue (or neither)")
        if dlq is None:
            return
        if not isinstance(dlq, Queue):
            raise TypeError(f"dead_letter_queue must be a Queue, not {type(dlq).__name__}")
        max_receive_count = require_int(max_receive_count, "max_receive_count")
        low, high = MAX_RECEIVE_COUNT["min"], MAX_RECEIVE_COUNT["max"]
        if not low <= max_receive_count <= high:
            raise QueueConfigError(f"max_receive_count={max_receive_count}: SQS allows {low} to {high}")
        if dlq.fifo != fifo:
            kind = "FIFO" if fifo else "standard"
            raise QueueConfigError(
                f"the dead-letter queue of a {kind} queue must also be a {kind} queue, not {dlq.name}"
            )

    # -- the clock ------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """The simulated time in seconds, shared with the dead-letter queue."""
        return self._clock.now

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward (visibility timeouts run out, delays end, messages expire).

        Raises:
            QueueConfigError: a negative, infinite or NaN number of seconds, or a clock past ten years.
        """
        seconds = require_number(seconds, "seconds")
        if not (math.isfinite(seconds) and seconds >= 0):
            raise QueueConfigError(f"seconds={seconds}: the clock moves forward by a finite, non-negative time")
        if self._clock.now + seconds > MAX_CLOCK_SECONDS:
            raise QueueConfigError(f"seconds={seconds}: the simulated clock stops at {MAX_CLOCK_SECONDS} s (ten years)")
        self._clock.now += seconds

    def _expire(self) -> None:
        now = self._clock.now
        gone = [k for k, s in self._messages.items() if s.sent_at + self.retention_seconds <= now]
        for key in gone:
            self._forget(key)
            self.expired += 1

    def _forget(self, key: int) -> _Stored:
        stored = self._messages.pop(key)
        if stored.receipt is not None:
            self._by_receipt.pop(stored.receipt, None)
        return stored

    # -- send -----------------------------------------------------------------------------------

    def _check_body(self, body: object) -> str:
        body = require_str(body, "body")
        # Bound the work before encoding: a str's UTF-8 form has at least one byte per character.
        if len(body) > MAX_MESSAGE_BYTES or len(body.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
            raise MessageError(
                f"a message of {len(body.encode('utf-8', 'surrogatepass')):,} bytes: SQS takes at most "
                f"{MAX_MESSAGE_BYTES:,} bytes (1 MiB) per message; store the payload in S3 and send its key"
            )
        if len(body) < MIN_MESSAGE_BYTES:
            raise MessageError("an empty message: SQS takes at least 1 character")
        bad = _BAD_CHARACTER.search(body)
        if bad:
            raise MessageError(
                f"character U+{ord(bad.group()):04X} at position {bad.start()}: SQS accepts only "
                + data.fact("messaging", "message_characters")["display"]
            )
        return body

    def send(
        self,
        body: str,
        *,
        group_id: str | None = None,
        deduplication_id: str | None = None,
        delay_seconds: int | None = None,
    ) -> str:
        """Send one message; returns its message ID (the original's, for a FIFO duplicate).

        Args:
            body: The message text (1 byte to 1 MiB of XML, JSON or plain text).
            group_id: FIFO: the message group (required). Standard: accepted (fair queues), no ordering.
            deduplication_id: FIFO: the deduplication ID (required unless content-based deduplication).
            delay_seconds: Standard only: this message's delay, instead of the queue's.

        Raises:
            MessageError: a body or ID SQS would reject, or an ID missing on a FIFO queue.
            QueueConfigError: a per-message delay on a FIFO queue, or outside 0 to 15 minutes.
        """
        self._check_body(body)
        if group_id is not None:
            _check_id(group_id, "group_id")
        if deduplication_id is not None:
            _check_id(deduplication_id, "deduplication_id")
        if self.fifo:
            if group_id is None:
                raise MessageError(f"queue {self.name} is FIFO: every message needs a group_id")
            if deduplication_id is None:
                if not self.content_based_deduplication:
                    raise MessageError(
                        f"queue {self.name} is FIFO without content-based deduplication: "
                        "every message needs a deduplication_id"
                    )
                deduplication_id = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
            if delay_seconds is not None:
                raise QueueConfigError("FIFO queues take a delay per queue only, not per message")
        elif deduplication_id is not None:
            raise MessageError("deduplication_id applies to FIFO queues only")
        delay = (
            self.delay_seconds
            if delay_seconds is None
            else _seconds(delay_seconds, "delay_seconds", 0, MAX_DELAY_SECONDS)
        )
        self._expire()
        now = self._clock.now
        if self.fifo and deduplication_id is not None:  # a FIFO message always has one by now
            seen = self._dedup.get(deduplication_id)
            if seen is not None and now - seen[0] < DEDUPLICATION_INTERVAL_SECONDS:
                return seen[1]
        self._sequence += 1
        message_id = f"{self.name}-{self._sequence}"
        self._messages[self._sequence] = _Stored(message_id, body, group_id, deduplication_id, now, now + delay)
        if self.fifo and deduplication_id is not None:
            self._dedup[deduplication_id] = (now, message_id)
        return message_id

    def _accept_moved(self, stored: _Stored) -> None:
        """Take a message the source queue's redrive policy moved here."""
        self._sequence += 1
        stored.receipt = None
        stored.available_at = stored.visible_at = self._clock.now
        if self.fifo:
            # FIFO: the enqueue timestamp resets in the dead-letter queue; standard keeps the original.
            stored.sent_at = self._clock.now
        self._messages[self._sequence] = stored

    # -- receive --------------------------------------------------------------------------------

    @property
    def _in_flight_limit(self) -> int:
        return IN_FLIGHT_MAX["fifo" if self.fifo else "standard"]

    def _candidates(self) -> list[int]:
        now = self._clock.now
        keys = [k for k, s in self._messages.items() if s.state(now) == "visible"]
        if self.reorder and len(keys) > 1:
            keys = [keys[i] for i in self._rng.permutation(len(keys))]
        return keys

    def _next_change(self) -> float | None:
        """The next instant a delayed or in-flight message becomes visible, if any."""
        now = self._clock.now
        times = [
            s.available_at if now < s.available_at else s.visible_at
            for s in self._messages.values()
            if s.state(now) != "visible"
        ]
        return min(times) if times else None

    def receive(
        self,
        max_messages: int = 1,
        *,
        wait_seconds: int | None = None,
        visibility_timeout: int | None = None,
    ) -> tuple[Message, ...]:
        """Receive up to ``max_messages`` visible messages; each goes in flight.

        A message already received ``max_receive_count`` times is moved to the
        dead-letter queue instead. With ``wait_seconds`` > 0 (long polling) and
        nothing visible, the clock moves to the moment a message becomes visible,
        up to ``wait_seconds`` later.

        Raises:
            QueueConfigError: ``max_messages`` outside 1 to 10, a wait outside 0 to 20 s,
                a visibility timeout outside 0 to 12 h, or (standard queues) too many
                messages in flight (SQS's OverLimit).
        """
        max_messages = require_int(max_messages, "max_messages")
        if not 1 <= max_messages <= MAX_RECEIVE_MESSAGES:
            raise QueueConfigError(f"max_messages={max_messages}: SQS returns 1 to {MAX_RECEIVE_MESSAGES} per receive")
        wait = (
            self.receive_wait_seconds
            if wait_seconds is None
            else _seconds(wait_seconds, "wait_seconds", 0, MAX_WAIT_SECONDS)
        )
        vt = VISIBILITY_TIMEOUT_SECONDS
        timeout = (
            self.visibility_timeout
            if visibility_timeout is None
            else _seconds(visibility_timeout, "visibility_timeout", vt["min"], vt["max"])
        )
        deadline = self._clock.now + wait
        while True:
            got = self._receive_now(max_messages, timeout)
            if got or self._clock.now >= deadline:
                return got
            upcoming = self._next_change()
            if upcoming is None or upcoming > deadline:
                self._clock.now = deadline
                return ()
            self._clock.now = max(upcoming, self._clock.now)

    def _receive_now(self, max_messages: int, timeout: int) -> tuple[Message, ...]:
        self._expire()
        now = self._clock.now
        in_flight = sum(1 for s in self._messages.values() if s.state(now) == "in flight")
        if in_flight >= self._in_flight_limit:
            if self.fifo:
                return ()  # FIFO queues return nothing, without an error
            raise QueueConfigError(
                f"{in_flight:,} messages in flight: SQS allows about {self._in_flight_limit:,} "
                "(OverLimit); delete messages once they are processed"
            )
        blocked = {s.group_id for s in self._messages.values() if self.fifo and s.state(now) == "in flight"}
        got: list[Message] = []
        for key in self._candidates():
            stored = self._messages[key]
            if self.fifo and stored.group_id in blocked:
                continue
            dlq, most = self.dead_letter_queue, self.max_receive_count  # a redrive policy sets both or neither
            if dlq is not None and most is not None and stored.receive_count >= most:
                dlq._accept_moved(self._forget(key))
                self.moved_to_dlq += 1
                continue
            got.append(self._deliver(key, stored, timeout))
            if len(got) >= max_messages:
                break
        return tuple(got)

    def _deliver(self, key: int, stored: _Stored, timeout: int) -> Message:
        now = self._clock.now
        if stored.receipt is not None:
            self._by_receipt.pop(stored.receipt, None)
        stored.receive_count += 1
        stored.received_at = now
        stored.visible_at = now + timeout
        stored.receipt = f"{stored.message_id}.{stored.copy}.r{stored.receive_count}"
        self._by_receipt[stored.receipt] = key
        self._issued.add(stored.receipt)
        if self.duplicate_rate and self._rng.random() < self.duplicate_rate:
            # Another server still holds a copy: it stays visible and will be delivered too.
            self._sequence += 1
            twin = _Stored(
                stored.message_id, stored.body, stored.group_id, None, stored.sent_at, now, copy=stored.copy + 1
            )
            self._messages[self._sequence] = twin
            self.duplicates_delivered += 1
        return Message(
            stored.message_id, stored.body, stored.receipt, stored.receive_count, stored.group_id, stored.sent_at
        )

    # -- change visibility, delete ----------------------------------------------------------------

    def _lookup(self, receipt: object) -> tuple[int | None, str]:
        receipt = require_str(receipt, "receipt")
        if receipt not in self._issued:
            shown = receipt if len(receipt) <= 60 else receipt[:57] + "..."
            raise ReceiptHandleError(f"receipt handle {shown!r} was never issued by queue {self.name}")
        return self._by_receipt.get(receipt), receipt

    def change_visibility(self, receipt: str, seconds: int) -> None:
        """Set an in-flight message's visibility timeout to ``seconds`` from now (0: visible at once).

        Raises:
            ReceiptHandleError: an unknown or outdated receipt handle, or a message no longer in flight.
            QueueConfigError: ``seconds`` outside 0 to 12 hours, or beyond 12 hours after the receive.
        """
        vt = VISIBILITY_TIMEOUT_SECONDS
        _seconds(seconds, "seconds", vt["min"], vt["max"])
        key, receipt = self._lookup(receipt)
        self._expire()
        stored = self._messages.get(key) if key is not None else None
        if stored is None or stored.receipt != receipt:
            raise ReceiptHandleError(
                f"receipt handle {receipt!r}: the message was deleted, expired or received again since"
            )
        now = self._clock.now
        if stored.state(now) != "in flight":
            raise ReceiptHandleError(
                f"receipt handle {receipt!r}: the message is not in flight (its visibility timeout ran out)"
            )
        if stored.received_at is not None and now + seconds - stored.received_at > vt["max"]:
            raise QueueConfigError(
                f"seconds={seconds}: a message stays in flight at most {vt['max']} s (12 hours) after it was received"
            )
        stored.visible_at = now + seconds

    def delete(self, receipt: str) -> bool:
        """Delete the message a receipt handle names; False if an outdated handle deleted nothing.

        SQS accepts a delete with an older receipt handle of a message received
        again since, but may not delete it; the model never does.

        Raises:
            ReceiptHandleError: a receipt handle this queue never issued.
        """
        key, receipt = self._lookup(receipt)
        self._expire()
        stored = self._messages.get(key) if key is not None else None
        if key is None or stored is None or stored.receipt != receipt:
            return False
        self._forget(key)
        self.deleted += 1
        return True

    # -- views ----------------------------------------------------------------------------------

    def snapshot(self) -> QueueState:
        """The visible, in-flight and delayed messages now, in send order."""
        self._expire()
        now = self._clock.now
        groups: dict[str, list[Message]] = {"visible": [], "in flight": [], "delayed": []}
        for s in self._messages.values():
            groups[s.state(now)].append(
                Message(s.message_id, s.body, s.receipt, s.receive_count, s.group_id, s.sent_at)
            )
        return QueueState(
            self.name, now, tuple(groups["visible"]), tuple(groups["in flight"]), tuple(groups["delayed"])
        )

    def settings(self) -> list[tuple[str, object]]:
        """(setting, value) pairs, units in the names."""
        rows: list[tuple[str, object]] = [
            ("type", "FIFO" if self.fifo else "standard"),
            ("visibility_timeout_s", self.visibility_timeout),
            ("retention_s", self.retention_seconds),
            ("delay_s", self.delay_seconds),
            ("receive_wait_s", self.receive_wait_seconds),
        ]
        if self.dead_letter_queue is not None:
            rows.append(("redrive", f"to {self.dead_letter_queue.name} after {self.max_receive_count} receives"))
        if self.duplicate_rate or self.reorder:
            rows.append(("injection", f"duplicates {self.duplicate_rate:g}, reorder {self.reorder}, seed {self.seed}"))
        return rows

    def counts(self) -> dict[str, int]:
        """How many messages are visible, in flight, delayed; deleted, expired and dead-lettered so far."""
        state = self.snapshot()
        return {
            "visible": len(state.visible),
            "in_flight": len(state.in_flight),
            "delayed": len(state.delayed),
            "deleted": self.deleted,
            "expired": self.expired,
            "moved_to_dlq": self.moved_to_dlq,
        }

    def text(self) -> str:
        counts = self.counts()
        kind = "FIFO" if self.fifo else "standard"
        return (
            f"{kind} queue {self.name} at t={self.now:g} s: {counts['visible']} visible, "
            f"{counts['in_flight']} in flight, {counts['delayed']} delayed; {counts['deleted']} deleted, "
            f"{counts['moved_to_dlq']} moved to the dead-letter queue, {counts['expired']} expired"
        )

    def diagram(self):
        """The message lifecycle with this queue's numbers (Graphviz)."""
        return view("messaging.lifecycle_diagram")(self)

    def __repr__(self) -> str:
        return self.text()
