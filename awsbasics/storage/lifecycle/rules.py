"""A lifecycle rule (수명 주기) and the AWS rules it must keep.

A lifecycle configuration moves objects down the storage classes as they age
and deletes them at the end, counting days from each object's creation::

    >>> rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)
    >>> rule.timeline
    'STANDARD (day 0) -> STANDARD_IA (day 30) -> GLACIER (day 90) -> expire (day 365)'
    >>> Lifecycle(transitions=(("STANDARD_IA", 10),))
    Traceback (most recent call last):
    ...
    awsbasics.errors.LifecycleError: STANDARD_IA at day 10 breaks the lifecycle rule 'objects must be at least 30 days old before a transition to STANDARD_IA or ONEZONE_IA': move it to day 30 or later

https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered
from awsbasics.errors import LifecycleError
from awsbasics.storage.lifecycle.classes import STORAGE_CLASSES, TRANSITION_TARGETS

__all__ = [
    "MIN_TRANSITION_SIZE_KB",
    "TRANSITION_SIZE_SETTINGS",
    "Lifecycle",
    "next_transition",
]

_MIN_SIZE_FACT = data.fact("s3", "lifecycle_min_transition_size_kb")
MIN_TRANSITION_SIZE_KB: int = _MIN_SIZE_FACT["value"]
TRANSITION_SIZE_SETTINGS: tuple[str, ...] = tuple(_MIN_SIZE_FACT["settings"])
"""The values of TransitionDefaultMinimumObjectSize, AWS's default first."""
_DEFAULT_SIZE_SETTING: str = _MIN_SIZE_FACT["default"]
_SMALL_OBJECT_CLASSES = frozenset(_MIN_SIZE_FACT["archive_classes"])

_ALLOWED: dict[str, tuple[str, ...]] = {
    source: tuple(targets) for source, targets in data.value("s3", "lifecycle_transitions").items()
}
_IA_FACT = data.fact("s3", "lifecycle_infrequent_access_min_days")
_IA_MIN_AGE_DAYS: int = _IA_FACT["value"]
_IA_CLASSES: tuple[str, ...] = tuple(_IA_FACT["classes"])
_IA_STAY_DAYS: int = data.value("s3", "lifecycle_days_in_infrequent_access")


def _broken(subject: str, rule: str, fix: str) -> LifecycleError:
    return LifecycleError(f"{subject} breaks the lifecycle rule '{rule}': {fix}")


def _whole_days(value: object, what: str) -> int:
    if not is_int(value):
        raise TypeError(f"{what} must be a whole number of days (int), not {type(value).__name__}")
    return int(value)


def _parse_transitions(transitions: object) -> tuple[tuple[str, int], ...]:
    if isinstance(transitions, (str, bytes)) or not isinstance(transitions, Sequence):
        raise TypeError(
            'transitions must be a sequence of (storage class, days) pairs, e.g. (("STANDARD_IA", 30), ("GLACIER", 90))'
        )
    parsed = []
    for item in transitions:
        if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) or len(item) != 2:
            raise TypeError(f"each transition is a (storage class, days) pair, not {item!r}")
        code, days = item
        if not isinstance(code, str):
            raise TypeError(f"a storage class is a code (str) such as 'GLACIER', not {type(code).__name__}")
        parsed.append((code, _whole_days(days, f"days of the {code} transition")))
    return tuple(parsed)


def _validate(transitions: tuple[tuple[str, int], ...], expiration_days: int | None, setting: str) -> None:
    """Raise :class:`LifecycleError` for the first AWS lifecycle rule the configuration breaks."""
    if setting not in TRANSITION_SIZE_SETTINGS:
        raise _broken(
            f"TransitionDefaultMinimumObjectSize={setting!r}",
            f"the setting is one of {', '.join(TRANSITION_SIZE_SETTINGS)}",
            f"use {_DEFAULT_SIZE_SETTING!r} (the default) or 'varies_by_storage_class'",
        )
    seen: dict[str, int] = {}
    for code, days in transitions:
        if code == "STANDARD":
            raise _broken(
                f"a transition to STANDARD at day {days}",
                "no lifecycle transition goes back to STANDARD",
                "objects start in STANDARD; to make an object STANDARD again, copy it",
            )
        if code not in STORAGE_CLASSES:
            raise _broken(
                f"a transition to {code!r}",
                f"transitions go to {', '.join(TRANSITION_TARGETS)}",
                "use one of those storage class codes",
            )
        if days < 0:
            raise _broken(f"{code} at day {days}", "transition days are 0 or more", "use day 0 or later")
        if code in seen:
            raise _broken(
                f"{code} at day {seen[code]} and again at day {days}",
                "one transition per storage class in a rule",
                "keep one of them",
            )
        seen[code] = days
        if code in _IA_CLASSES and days < _IA_MIN_AGE_DAYS:
            raise _broken(
                f"{code} at day {days}",
                f"objects must be at least {_IA_MIN_AGE_DAYS} days old before a transition to "
                f"{' or '.join(_IA_CLASSES)}",
                f"move it to day {_IA_MIN_AGE_DAYS} or later",
            )
    previous, previous_day = "STANDARD", 0
    for code, days in sorted(transitions, key=lambda t: t[1]):
        if previous != "STANDARD" and days == previous_day:
            raise _broken(
                f"{previous} and {code} both at day {days}",
                "each transition of a rule happens on its own day",
                "give the later storage class a later day",
            )
        if code not in _ALLOWED[previous]:
            allowed = ", ".join(_ALLOWED[previous]) or "nothing"
            raise _broken(
                f"{previous} (day {previous_day}) -> {code} (day {days})",
                f"supported lifecycle transitions: {previous} can move only to {allowed}",
                "order the transitions down the waterfall STANDARD -> " + " -> ".join(TRANSITION_TARGETS),
            )
        if previous in _IA_CLASSES and days - previous_day < _IA_STAY_DAYS:
            raise _broken(
                f"{previous} (day {previous_day}) -> {code} (day {days})",
                f"objects stay at least {_IA_STAY_DAYS} days in {previous} before the next transition",
                f"move {code} to day {previous_day + _IA_STAY_DAYS} or later",
            )
        previous, previous_day = code, days
    if expiration_days is not None:
        if expiration_days < 1:
            raise _broken(
                f"expiration at day {expiration_days}",
                "expiration days are a whole number, 1 or more",
                "use day 1 or later, or no expiration",
            )
        if transitions and expiration_days <= previous_day:
            raise _broken(
                f"expiration at day {expiration_days}",
                "expiration comes after the rule's last transition",
                f"expire after day {previous_day} ({previous}), or drop that transition",
            )


@dataclass(frozen=True, slots=True)
class Lifecycle(Rendered):
    """One S3 lifecycle rule for the current versions of objects.

    Args:
        transitions: ``(storage class, days)`` pairs: move objects to that
            class this many days after creation. Any order; they are kept
            sorted by day.
        expiration_days: Delete objects this many days after creation (None: never).
        transition_default_minimum_object_size: ``"all_storage_classes_128K"``
            (AWS's default: objects under 128 KB are never transitioned) or
            ``"varies_by_storage_class"`` (they may still go to GLACIER or
            DEEP_ARCHIVE).

    Raises:
        LifecycleError: the rule breaks an AWS lifecycle rule; the message names it.
        TypeError: days that are not whole numbers, or transitions that are not pairs.

    Example:
        >>> Lifecycle(transitions=[("GLACIER", 90), ("STANDARD_IA", 30)])
        Lifecycle(transitions=(('STANDARD_IA', 30), ('GLACIER', 90)))
        >>> Lifecycle(transitions=(("GLACIER", 30), ("STANDARD_IA", 60)))
        Traceback (most recent call last):
        ...
        awsbasics.errors.LifecycleError: GLACIER (day 30) -> STANDARD_IA (day 60) breaks the lifecycle rule 'supported lifecycle transitions: GLACIER can move only to DEEP_ARCHIVE': order the transitions down the waterfall STANDARD -> INTELLIGENT_TIERING -> STANDARD_IA -> ONEZONE_IA -> GLACIER_IR -> GLACIER -> DEEP_ARCHIVE
    """

    transitions: tuple[tuple[str, int], ...] = ()
    expiration_days: int | None = None
    transition_default_minimum_object_size: str = _DEFAULT_SIZE_SETTING

    def __post_init__(self):
        transitions = _parse_transitions(self.transitions)
        expiration = self.expiration_days
        if expiration is not None:
            expiration = _whole_days(expiration, "expiration_days")
        setting = self.transition_default_minimum_object_size
        if not isinstance(setting, str):
            raise TypeError(f"transition_default_minimum_object_size must be str, not {type(setting).__name__}")
        _validate(transitions, expiration, setting)
        object.__setattr__(self, "transitions", tuple(sorted(transitions, key=lambda t: t[1])))
        object.__setattr__(self, "expiration_days", expiration)

    @property
    def stages(self) -> tuple[tuple[str, int], ...]:
        """Where a new object is, from day 0: ``(("STANDARD", 0), ("STANDARD_IA", 30), ...)``."""
        return (("STANDARD", 0), *self.transitions)

    def storage_class_on(self, day: int) -> str | None:
        """The storage class of a large new object ``day`` days after creation (None once expired).

        >>> rule = Lifecycle(transitions=(("GLACIER", 90),), expiration_days=365)
        >>> rule.storage_class_on(89), rule.storage_class_on(90), rule.storage_class_on(365)
        ('STANDARD', 'GLACIER', None)
        """
        day = _whole_days(day, "day")
        if day < 0:
            raise LifecycleError(f"day={day}: an object's age is 0 days (the day it is created) or more")
        if self.expiration_days is not None and day >= self.expiration_days:
            return None
        return [code for code, start in self.stages if start <= day][-1]

    @property
    def timeline(self) -> str:
        """The rule as a timeline, e.g. ``'STANDARD (day 0) -> GLACIER (day 90) -> expire (day 365)'``."""
        parts = [f"{code} (day {day})" for code, day in self.stages]
        if self.expiration_days is not None:
            parts.append(f"expire (day {self.expiration_days})")
        return " -> ".join(parts)

    _view_ = "s3.lifecycle_view"

    def text(self) -> str:
        """``S3 lifecycle rule:`` and the :attr:`timeline`."""
        return f"S3 lifecycle rule: {self.timeline}"

    def to_aws(self, *, rule_id: str = "awsbasics-rule") -> dict:
        """The rule as the body of S3's PutBucketLifecycleConfiguration request (JSON form).

        >>> Lifecycle(transitions=(("GLACIER", 90),)).to_aws()["Rules"][0]["Transitions"]
        [{'Days': 90, 'StorageClass': 'GLACIER'}]
        """
        rule: dict = {"ID": rule_id, "Status": "Enabled", "Filter": {}}
        if self.transitions:
            rule["Transitions"] = [{"Days": days, "StorageClass": code} for code, days in self.transitions]
        if self.expiration_days is not None:
            rule["Expiration"] = {"Days": self.expiration_days}
        return {
            "Rules": [rule],
            "TransitionDefaultMinimumObjectSize": self.transition_default_minimum_object_size,
        }

    def __repr__(self) -> str:
        parts = []
        if self.transitions:
            parts.append(f"transitions={self.transitions!r}")
        if self.expiration_days is not None:
            parts.append(f"expiration_days={self.expiration_days!r}")
        if self.transition_default_minimum_object_size != _DEFAULT_SIZE_SETTING:
            parts.append(f"transition_default_minimum_object_size={self.transition_default_minimum_object_size!r}")
        return f"Lifecycle({', '.join(parts)})"


def next_transition(transitions=()) -> tuple[str, int]:
    """A transition to suggest after ``transitions`` (pairs in the order they were added).

    The first suggestion is the first infrequent-access class on the first day it
    is allowed; each later one is the next class down the waterfall, as many days
    after the last transition as an object must stay in an infrequent-access class.
    The suggestion is a starting point: :class:`Lifecycle` still judges the rule.

    >>> next_transition()
    ('STANDARD_IA', 30)
    >>> next_transition([("STANDARD_IA", 30), ("GLACIER", 90)])
    ('DEEP_ARCHIVE', 120)

    Raises:
        LifecycleError: the last transition is not to a class a lifecycle rule can move objects to.
        TypeError: transitions that are not (storage class, days) pairs.
    """
    parsed = _parse_transitions(transitions)
    if not parsed:
        return _IA_CLASSES[0], _IA_MIN_AGE_DAYS
    code, day = parsed[-1]
    if code not in TRANSITION_TARGETS:
        raise _broken(
            f"a transition to {code!r}",
            f"transitions go to {', '.join(TRANSITION_TARGETS)}",
            "use one of those storage class codes",
        )
    later = TRANSITION_TARGETS[TRANSITION_TARGETS.index(code) + 1 :]
    return (later[0] if later else code), day + _IA_STAY_DAYS
