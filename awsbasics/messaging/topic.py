"""Amazon SNS topics: publish once, deliver to every subscription whose filter policy matches.

A topic fans a message out (팬아웃) to its subscriptions (구독): SQS queues,
Lambda functions, e-mail addresses, HTTPS endpoints. A subscription's filter
policy, matched against the message attributes, decides whether it gets the
message at all:

    >>> thumbs, audit = Queue(name="thumbnails"), Queue(name="audit")
    >>> topic = Topic("uploads")
    >>> _ = topic.subscribe(thumbs, filter_policy={"content_type": [{"prefix": "image/"}]})
    >>> _ = topic.subscribe(audit)
    >>> _ = topic.subscribe("ops@example.com", protocol="email", filter_policy={"size_mb": [{"numeric": [">", 100]}]})
    >>> publication = topic.publish("cat.jpg uploaded", attributes={"content_type": "image/jpeg", "size_mb": 3})
    >>> publication.delivered_to
    ('thumbnails', 'audit')

Filter policies here cover exact strings and numbers, ``prefix``,
``anything-but``, ``numeric`` and ``exists`` on message attributes (the default
scope). Documentation: https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import TypeGuard

from awsbasics import data
from awsbasics._checks import is_real, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import FilterPolicyError, MessageError, QueueConfigError
from awsbasics.messaging.queue import Queue

__all__ = [
    "Topic",
    "Subscription",
    "Publication",
    "matches",
    "check_filter_policy",
    "PROTOCOLS",
    "FILTER_POLICY_LIMITS",
]

FILTER_POLICY_LIMITS: dict = data.value("messaging", "filter_policy_limits")
PROTOCOLS = ("sqs", "lambda", "email", "https", "sms")
_NUMERIC_OPS = ("=", "<", "<=", ">", ">=")
_OPERATORS = ("prefix", "anything-but", "numeric", "exists")
_NUMERIC_LIMIT = 1e9  # numeric policy values range from -10^9 to 10^9
MAX_SUBSCRIPTIONS = 100  # the model's bound, far below SNS's quota, so a topic stays readable
MAX_ATTRIBUTES = 10  # SNS message attributes per message


def _is_number(value: object) -> TypeGuard[Real]:
    return is_real(value)


def _check_number(value: object, where: str) -> float:
    if not _is_number(value) or not math.isfinite(value) or abs(float(value)) > _NUMERIC_LIMIT:
        raise FilterPolicyError(f"{where}: {value!r} is not a number from -1e9 to 1e9")
    return float(value)


def _check_condition(condition: object, where: str) -> None:
    if isinstance(condition, str) or _is_number(condition):
        if _is_number(condition):
            _check_number(condition, where)
        return
    if not isinstance(condition, dict) or len(condition) != 1:
        raise FilterPolicyError(
            f'{where}: a condition is a string, a number or one operator object such as {{"prefix": "img"}}'
        )
    ((operator, operand),) = condition.items()
    if operator not in _OPERATORS:
        raise FilterPolicyError(f"{where}: unknown operator {operator!r}; use one of {', '.join(_OPERATORS)}")
    if operator == "prefix":
        if not isinstance(operand, str) or not operand:
            raise FilterPolicyError(f"{where}: prefix takes a non-empty string")
    elif operator == "exists":
        if not isinstance(operand, bool):
            raise FilterPolicyError(f"{where}: exists takes true or false")
    elif operator == "anything-but":
        values = operand if isinstance(operand, list) else [operand]
        if not values or len(values) > FILTER_POLICY_LIMITS["max_combinations"]:
            raise FilterPolicyError(f"{where}: anything-but takes 1 to 150 strings or numbers")
        for v in values:
            if not (isinstance(v, str) or _is_number(v)):
                raise FilterPolicyError(f"{where}: anything-but takes strings or numbers, not {v!r}")
            if _is_number(v):
                _check_number(v, where)
    else:  # numeric
        if not isinstance(operand, list) or len(operand) not in (2, 4):
            raise FilterPolicyError(f"{where}: numeric takes [op, value] or [op, value, op, value]")
        for op, value in zip(operand[::2], operand[1::2]):
            if op not in _NUMERIC_OPS:
                raise FilterPolicyError(f"{where}: numeric operator {op!r}; use one of {', '.join(_NUMERIC_OPS)}")
            _check_number(value, where)


def check_filter_policy(policy: object) -> dict:
    """``policy`` if SNS would accept it as a filter policy on message attributes.

    Raises:
        FilterPolicyError: more than 5 keys, more than 150 value combinations, an unknown operator.
        TypeError: a policy that is not a dict.

    >>> check_filter_policy({"kind": ["image", "video"], "size": [{"numeric": ["<", 10]}]})
    {'kind': ['image', 'video'], 'size': [{'numeric': ['<', 10]}]}
    """
    if not isinstance(policy, dict):
        raise TypeError(f"filter_policy must be a dict, not {type(policy).__name__}")
    if not policy:
        raise FilterPolicyError("an empty filter policy: leave it out to receive every message")
    if len(policy) > FILTER_POLICY_LIMITS["max_keys"]:
        raise FilterPolicyError(
            f"a filter policy with {len(policy)} keys: SNS allows at most {FILTER_POLICY_LIMITS['max_keys']}"
        )
    combinations = 1
    for key, conditions in policy.items():
        if not isinstance(key, str) or not key:
            raise FilterPolicyError(f"filter policy key {key!r}: a key is a non-empty attribute name")
        if not isinstance(conditions, list) or not conditions:
            raise FilterPolicyError(f"filter policy key {key!r}: its value is a non-empty list of conditions")
        combinations *= len(conditions)
        if combinations > FILTER_POLICY_LIMITS["max_combinations"]:
            raise FilterPolicyError(
                f"a filter policy whose value arrays multiply to more than "
                f"{FILTER_POLICY_LIMITS['max_combinations']} combinations: SNS refuses it"
            )
        for i, condition in enumerate(conditions):
            _check_condition(condition, f"filter policy {key}[{i}]")
    return policy


def _condition_matches(condition: object, present: bool, value: object) -> bool:
    if isinstance(condition, dict):
        ((operator, operand),) = condition.items()
        if operator == "exists":
            return present is operand
        if not present:
            return False
        values = value if isinstance(value, list) else [value]
        if operator == "prefix":
            return any(isinstance(v, str) and v.startswith(operand) for v in values)
        if operator == "anything-but":
            banned = operand if isinstance(operand, list) else [operand]
            return all(v not in banned for v in values)
        # numeric
        tests = list(zip(operand[::2], operand[1::2]))
        compare = {
            "=": lambda a, b: a == b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
        }
        return any(_is_number(v) and all(compare[op](v, bound) for op, bound in tests) for v in values)
    if not present:
        return False
    values = value if isinstance(value, list) else [value]
    if isinstance(condition, str):
        return any(isinstance(v, str) and v == condition for v in values)
    return any(_is_number(v) and v == condition for v in values)


def matches(policy: dict | None, attributes: dict) -> bool:
    """Whether a message with ``attributes`` passes ``policy`` (every key: any of its conditions).

    >>> matches({"kind": ["image"], "size": [{"numeric": ["<", 10]}]}, {"kind": "image", "size": 4})
    True
    >>> matches({"kind": [{"anything-but": ["video"]}]}, {"kind": "video"})
    False
    """
    if policy is not None:
        check_filter_policy(policy)
    attributes = _check_attributes(attributes)
    if policy is None:
        return True
    return all(
        any(_condition_matches(c, key in attributes, attributes.get(key)) for c in conditions)
        for key, conditions in policy.items()
    )


def _check_attributes(attributes: object) -> dict:
    if attributes is None:
        return {}
    if not isinstance(attributes, dict):
        raise TypeError(f"attributes must be a dict, not {type(attributes).__name__}")
    if len(attributes) > MAX_ATTRIBUTES:
        raise MessageError(f"{len(attributes)} message attributes: SNS and SQS take at most {MAX_ATTRIBUTES}")
    for key, value in attributes.items():
        if not isinstance(key, str) or not key:
            raise MessageError(f"message attribute name {key!r}: a name is non-empty text")
        ok = (
            isinstance(value, str)
            or (_is_number(value) and math.isfinite(value))
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        )
        if not ok:
            raise MessageError(
                f"message attribute {key!r}={value!r}: a value is a String, a finite Number or a String.Array"
            )
    return attributes


@dataclass(frozen=True, slots=True)
class Subscription:
    """One endpoint subscribed to a topic, with its optional filter policy."""

    name: str
    protocol: str
    endpoint: Queue | str  # a Queue for "sqs", else the address text
    filter_policy: dict | None = None


@dataclass(frozen=True, slots=True)
class Publication(Rendered):
    """What one publish did: for each subscription, delivered or filtered out."""

    topic: str
    message: str
    attributes: tuple[tuple[str, object], ...]
    outcomes: tuple[tuple[str, str, bool], ...]  # (subscription, protocol, delivered)

    @property
    def delivered_to(self) -> tuple[str, ...]:
        return tuple(name for name, _, delivered in self.outcomes if delivered)

    @property
    def filtered_out(self) -> tuple[str, ...]:
        return tuple(name for name, _, delivered in self.outcomes if not delivered)

    def rows(self) -> list[tuple[str, str, str]]:
        return [(name, protocol, "delivered" if ok else "filtered out") for name, protocol, ok in self.outcomes]

    _view_ = "messaging.publication_view"

    def text(self) -> str:
        attrs = ", ".join(f"{k}={v!r}" for k, v in self.attributes) or "no attributes"
        return (
            f"Published {self.message!r} ({attrs}) to topic {self.topic}: delivered to "
            f"{len(self.delivered_to)} of {len(self.outcomes)} subscriptions\n"
            + text_table(["subscription", "protocol", "outcome"], self.rows())
        )

    def __repr__(self) -> str:
        return self.text()


class Topic(Rendered):
    """An SNS standard topic: subscriptions, filter policies, publish.

    Raises:
        QueueConfigError: a topic name SNS would refuse (1 to 256 alphanumerics, hyphens, underscores).
    """

    _view_ = "messaging.topic_view"

    def __init__(self, name: str) -> None:
        name = require_str(name, "name")
        if not 1 <= len(name) <= 256 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
            shown = name if len(name) <= 40 else name[:37] + "..."
            raise QueueConfigError(f"topic name {shown!r}: 1 to 256 alphanumerics, hyphens and underscores")
        self.name = name
        self.subscriptions: list[Subscription] = []
        self.inbox: dict[str, list[str]] = {}  # non-queue endpoints: what each received
        self.published = 0

    def subscribe(
        self, endpoint, *, protocol: str | None = None, filter_policy: dict | None = None, name: str | None = None
    ) -> Subscription:
        """Subscribe a :class:`Queue` (protocol ``"sqs"``) or an address (``"lambda"``, ``"email"``, ...).

        Raises:
            FilterPolicyError: a filter policy SNS would refuse.
            QueueConfigError: a FIFO queue on this standard topic, an unknown protocol, too many subscriptions.
        """
        if isinstance(endpoint, Queue):
            if protocol not in (None, "sqs"):
                raise QueueConfigError(f"a Queue subscribes with protocol 'sqs', not {protocol!r}")
            if endpoint.fifo:
                raise QueueConfigError(
                    f"queue {endpoint.name} is FIFO: a standard topic delivers only to standard queues"
                )
            protocol, label = "sqs", endpoint.name
        else:
            endpoint = require_str(endpoint, "endpoint")
            if protocol is None:
                raise QueueConfigError(
                    f"endpoint {endpoint[:40]!r}: name its protocol, one of {', '.join(PROTOCOLS[1:])}"
                )
            protocol = require_str(protocol, "protocol")
            if protocol not in PROTOCOLS[1:]:
                raise QueueConfigError(f"protocol {protocol[:20]!r}: use one of {', '.join(PROTOCOLS)}")
            if not 1 <= len(endpoint) <= 256:
                raise QueueConfigError("an endpoint address is 1 to 256 characters")
            label = endpoint
        if filter_policy is not None:
            check_filter_policy(filter_policy)
        if name is not None:
            name = require_str(name, "name")
            label = name
        if len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            raise QueueConfigError(f"topic {self.name} has {MAX_SUBSCRIPTIONS} subscriptions, the model's limit")
        subscription = Subscription(label, protocol, endpoint, filter_policy)
        self.subscriptions.append(subscription)
        return subscription

    def publish(self, message: str, *, attributes: dict | None = None) -> Publication:
        """Publish ``message``; every subscription whose filter policy matches gets a copy.

        Raises:
            MessageError: a message or attributes SNS would refuse.
        """
        message = require_str(message, "message")
        attributes = _check_attributes(attributes)
        targets = []
        for sub in self.subscriptions:
            delivered = matches(sub.filter_policy, attributes)
            targets.append((sub, delivered))
            if delivered and isinstance(sub.endpoint, Queue):  # protocol "sqs"
                sub.endpoint._check_body(message)  # validate every copy before delivering any
        outcomes = []
        for sub, delivered in targets:
            if delivered:
                if isinstance(sub.endpoint, Queue):  # protocol "sqs"
                    sub.endpoint.send(message)
                else:
                    self.inbox.setdefault(sub.name, []).append(message)
            outcomes.append((sub.name, sub.protocol, delivered))
        self.published += 1
        return Publication(self.name, message, tuple(attributes.items()), tuple(outcomes))

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            (s.name, s.protocol, "all messages" if s.filter_policy is None else str(s.filter_policy))
            for s in self.subscriptions
        ]

    def text(self) -> str:
        return (
            f"SNS topic {self.name}: {len(self.subscriptions)} subscriptions, {self.published} published\n"
            + text_table(["subscription", "protocol", "filter_policy"], self.rows())
        )

    def diagram(self):
        """The fan-out: the topic, each subscription and its filter policy (Graphviz)."""
        return view("messaging.fanout_diagram")(self)

    def __repr__(self) -> str:
        return self.text()
