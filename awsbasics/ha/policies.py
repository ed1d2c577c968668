"""Auto Scaling policies, each rule testable alone: step and simple scaling, target tracking, schedules, warm-up.

Step scaling (단계 조정) maps how far a metric is past its alarm threshold to
a change in capacity. The user guide's example, a group of 10 instances and a
breach threshold of 50:

    >>> out = StepScalingPolicy("PercentChangeInCapacity", [(0, 10, 0), (10, 20, 10), (20, None, 30)], threshold=50)
    >>> out.adjustment(60, 10), out.adjustment(70, 11)
    (1, 3)
    >>> scale_in = StepScalingPolicy("PercentChangeInCapacity", [(-10, 0, 0), (-20, -10, -10), (None, -20, -30)], threshold=50)
    >>> scale_in.adjustment(40, 14), scale_in.adjustment(30, 13)
    (-1, -3)

Percentages round as the guide says (:func:`round_percent_change`); the group,
not the policy, then keeps the result between its minimum and maximum size.

Sources: https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html,
https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StepAdjustment.html,
https://docs.aws.amazon.com/autoscaling/ec2/userguide/consolidated-view-of-warm-up-and-cooldown-settings.html
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import ScalingError

__all__ = [
    "StepScalingPolicy",
    "SimpleScalingPolicy",
    "TargetTrackingPolicy",
    "ScheduledAction",
    "round_percent_change",
    "resolve_warmup",
    "ADJUSTMENT_TYPES",
    "DEFAULT_COOLDOWN_S",
    "TARGET_METRICS",
    "MAX_CAPACITY",
]

ADJUSTMENT_TYPES: tuple[str, ...] = tuple(data.value("ha", "adjustment_types"))
DEFAULT_COOLDOWN_S: int = data.value("ha", "default_cooldown_s")
# The two metrics the simulator produces for target tracking (names as CloudWatch/ELB use them).
TARGET_METRICS = ("CPUUtilization", "RequestCountPerTarget")
# A model limit, not an AWS quota: the largest group the simulator runs.
MAX_CAPACITY = 1000
_MAX_STEPS = 20
_MAX_SECONDS = 7 * 24 * 3600


def round_percent_change(raw: float) -> int:
    """A fractional PercentChangeInCapacity result, rounded as Amazon EC2 Auto Scaling rounds it.

    >>> [round_percent_change(v) for v in (12.7, 0.67, -0.58, -6.67, 0.0)]
    [12, 1, -1, -6, 0]
    """
    raw = require_number(raw, "raw")
    if not math.isfinite(raw):
        raise ScalingError(f"{raw} is not a finite capacity change")
    if raw >= 1:
        return math.floor(raw)
    if raw > 0:
        return 1
    if raw == 0:
        return 0
    if raw > -1:
        return -1
    return math.ceil(raw)


def _check_capacity(value: object, what: str) -> int:
    value = require_int(value, what)
    if not 0 <= value <= MAX_CAPACITY:
        raise ScalingError(f"{what}={value}: a capacity is between 0 and {MAX_CAPACITY} instances in this model")
    return value


def _check_seconds(value: object, what: str, *, allow_none: bool = True) -> int | None:
    if value is None and allow_none:
        return None
    return _seconds(value, what)


def _seconds(value: object, what: str) -> int:
    seconds = require_int(value, what)
    if not 0 <= seconds <= _MAX_SECONDS:
        raise ScalingError(f"{what}={seconds}: seconds between 0 and {_MAX_SECONDS} (a week) in this model")
    return seconds


def _bound(value: object, what: str) -> float | None:
    if value is None:
        return None
    number = require_number(value, what)
    if not math.isfinite(number):
        raise ScalingError(f"{what}={value}: use None, not infinity, for an open bound (PutScalingPolicy)")
    return number


def _check_adjustment_type(adjustment_type: object) -> str:
    adjustment_type = require_str(adjustment_type, "adjustment_type")
    if adjustment_type not in ADJUSTMENT_TYPES:
        raise ScalingError(f"adjustment_type {adjustment_type[:60]!r} is not one of {', '.join(ADJUSTMENT_TYPES)}")
    return adjustment_type


def _change(adjustment_type: str, amount: int, current: int, min_magnitude: int | None) -> int:
    """Capacity change for one adjustment, before the group clamps it to min/max."""
    if adjustment_type == "ChangeInCapacity":
        return amount
    if adjustment_type == "ExactCapacity":
        return amount - current
    change = round_percent_change(current * amount / 100)
    if min_magnitude is not None and change != 0 and abs(change) < min_magnitude:
        change = int(math.copysign(min_magnitude, change))
    return change


@dataclass(frozen=True, slots=True, init=False)
class StepScalingPolicy(Rendered):
    """A step scaling policy: step adjustments keyed on how far the metric is past the alarm threshold.

    Args:
        adjustment_type: ``"ChangeInCapacity"``, ``"ExactCapacity"`` or ``"PercentChangeInCapacity"``.
        steps: ``(lower_bound, upper_bound, scaling_adjustment)`` triples, bounds relative to
            ``threshold`` as in the PutScalingPolicy API, ``None`` for an open bound.
        threshold: The breach threshold of the alarm that runs the policy.
        min_adjustment_magnitude: The smallest change a percentage may make (PercentChangeInCapacity only).

    Raises:
        ScalingError: steps that overlap, leave a gap, or break another StepAdjustment rule.
        TypeError: arguments of the wrong type.
    """

    adjustment_type: str
    steps: tuple[tuple[float | None, float | None, int], ...]
    threshold: float
    min_adjustment_magnitude: int | None

    def __init__(
        self, adjustment_type: str, steps: Sequence, *, threshold: float, min_adjustment_magnitude: int | None = None
    ):
        adjustment_type = _check_adjustment_type(adjustment_type)
        threshold = require_number(threshold, "threshold")
        if not math.isfinite(threshold):
            raise ScalingError(f"threshold={threshold}: an alarm threshold is a finite number")
        if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
            raise TypeError(
                f"steps must be a sequence of (lower, upper, adjustment) triples, not {type(steps).__name__}"
            )
        if not 1 <= len(steps) <= _MAX_STEPS:
            raise ScalingError(f"{len(steps)} step adjustments: a policy has between 1 and {_MAX_STEPS} in this model")
        parsed = []
        for i, step in enumerate(steps):
            if isinstance(step, (str, bytes)) or not isinstance(step, Sequence) or len(step) != 3:
                raise TypeError(f"steps[{i}] must be a (lower_bound, upper_bound, scaling_adjustment) triple")
            lower, upper = _bound(step[0], f"steps[{i}] lower bound"), _bound(step[1], f"steps[{i}] upper bound")
            amount = require_int(step[2], f"steps[{i}] scaling adjustment")
            if abs(amount) > 100 * MAX_CAPACITY:
                raise ScalingError(f"steps[{i}] scaling adjustment {amount} is beyond any group size")
            if lower is None and upper is None:
                raise ScalingError(f"steps[{i}]: the upper and lower bound can't both be null in one step adjustment")
            if lower is not None and upper is not None and upper <= lower:
                raise ScalingError(
                    f"steps[{i}]: the upper bound {upper:g} must be greater than the lower bound {lower:g}"
                )
            if adjustment_type == "ExactCapacity" and amount < 0:
                raise ScalingError(f"steps[{i}]: ExactCapacity needs a non-negative scaling adjustment, not {amount}")
            parsed.append((lower, upper, amount))
        ordered = sorted(parsed, key=lambda s: -math.inf if s[0] is None else s[0])
        if sum(s[0] is None for s in ordered) > 1:
            raise ScalingError("at most one step adjustment can have a null lower bound (negative infinity)")
        if sum(s[1] is None for s in ordered) > 1:
            raise ScalingError("at most one step adjustment can have a null upper bound (positive infinity)")
        for a, b in zip(ordered, ordered[1:]):
            if a[1] is None or b[0] is None or a[1] != b[0]:
                what = "overlap" if a[1] is None or b[0] is None or a[1] > b[0] else "leave a gap"
                raise ScalingError(
                    f"step ranges [{a[0]}, {a[1]}] and [{b[0]}, {b[1]}] {what}: "
                    "the ranges of a policy's step adjustments can't overlap or have a gap"
                )
        if ordered[0][0] is not None and ordered[0][0] < 0:
            raise ScalingError("a step has a negative lower bound, so one step must have a null lower bound")
        if ordered[-1][1] is not None and ordered[-1][1] > 0:
            raise ScalingError("a step has a positive upper bound, so one step must have a null upper bound")
        if min_adjustment_magnitude is not None:
            min_adjustment_magnitude = require_int(min_adjustment_magnitude, "min_adjustment_magnitude")
            if adjustment_type != "PercentChangeInCapacity":
                raise ScalingError(
                    f"min_adjustment_magnitude applies only to PercentChangeInCapacity, not {adjustment_type}"
                )
            if not 1 <= min_adjustment_magnitude <= MAX_CAPACITY:
                raise ScalingError(f"min_adjustment_magnitude={min_adjustment_magnitude}: between 1 and {MAX_CAPACITY}")
        object.__setattr__(self, "adjustment_type", adjustment_type)
        object.__setattr__(self, "steps", tuple(ordered))
        object.__setattr__(self, "threshold", threshold)
        object.__setattr__(self, "min_adjustment_magnitude", min_adjustment_magnitude)

    def step_for(self, metric_value: float) -> tuple[float | None, float | None, int] | None:
        """The step adjustment whose range holds ``metric_value``, or None.

        Above the threshold a range includes its lower bound and excludes its upper
        bound; at or below it, the reverse (StepAdjustment API).
        """
        value = require_number(metric_value, "metric_value")
        if not math.isfinite(value):
            raise ScalingError(f"metric_value={metric_value}: a CloudWatch metric value is finite")
        diff = value - self.threshold
        above = value > self.threshold
        for lower, upper, amount in self.steps:
            lo = lower is None or (diff >= lower if above else diff > lower)
            hi = upper is None or (diff < upper if above else diff <= upper)
            if lo and hi:
                return lower, upper, amount
        return None

    def adjustment(self, metric_value: float, current_capacity: int) -> int:
        """The change in capacity this policy asks for (the group then clamps it to min/max).

        0 when no step covers the value (the policy's alarm would not fire).

        >>> StepScalingPolicy("PercentChangeInCapacity", [(0, None, 25)], threshold=80,
        ...                   min_adjustment_magnitude=2).adjustment(90, 4)
        2
        >>> StepScalingPolicy("ExactCapacity", [(0, None, 6)], threshold=80).adjustment(95, 4)
        2
        """
        current = _check_capacity(current_capacity, "current_capacity")
        step = self.step_for(metric_value)
        if step is None:
            return 0
        return _change(self.adjustment_type, step[2], current, self.min_adjustment_magnitude)

    def rows(self) -> list[tuple[str, str, str, int]]:
        """(lower, upper, metric range, adjustment) per step."""

        def edge(b, default):
            return default if b is None else f"{self.threshold + b:g}"

        return [
            (
                ("null" if lo is None else f"{lo:g}"),
                ("null" if hi is None else f"{hi:g}"),
                f"{edge(lo, '-infinity')} to {edge(hi, '+infinity')}",
                amount,
            )
            for lo, hi, amount in self.steps
        ]

    _view_ = "ha.step_policy_view"

    def text(self) -> str:
        head = f"Step scaling ({self.adjustment_type}), threshold {self.threshold:g}"
        return head + "\n" + text_table(["lower_bound", "upper_bound", "metric_range", "adjustment"], self.rows())

    def __repr__(self) -> str:
        return (
            f"StepScalingPolicy({self.adjustment_type!r}, {list(self.steps)!r}, threshold={self.threshold:g}, "
            f"min_adjustment_magnitude={self.min_adjustment_magnitude!r})"
        )


@dataclass(frozen=True, slots=True)
class SimpleScalingPolicy:
    """One adjustment when its alarm fires, then a cooldown before it may act again.

    ``cooldown_s=None`` falls back to the group's default cooldown (300 s unless set).

    >>> SimpleScalingPolicy("ChangeInCapacity", 2).change(5)
    2
    """

    adjustment_type: str
    scaling_adjustment: int
    cooldown_s: int | None = None
    min_adjustment_magnitude: int | None = None

    def __post_init__(self):
        _check_adjustment_type(self.adjustment_type)
        object.__setattr__(self, "scaling_adjustment", require_int(self.scaling_adjustment, "scaling_adjustment"))
        if abs(self.scaling_adjustment) > 100 * MAX_CAPACITY:
            raise ScalingError(f"scaling_adjustment {self.scaling_adjustment} is beyond any group size")
        if self.adjustment_type == "ExactCapacity" and self.scaling_adjustment < 0:
            raise ScalingError("ExactCapacity needs a non-negative scaling adjustment")
        _check_seconds(self.cooldown_s, "cooldown_s")
        if self.min_adjustment_magnitude is not None:
            magnitude = require_int(self.min_adjustment_magnitude, "min_adjustment_magnitude")
            object.__setattr__(self, "min_adjustment_magnitude", magnitude)
            if self.adjustment_type != "PercentChangeInCapacity":
                raise ScalingError("min_adjustment_magnitude applies only to PercentChangeInCapacity")
            if not 1 <= self.min_adjustment_magnitude <= MAX_CAPACITY:
                raise ScalingError(f"min_adjustment_magnitude between 1 and {MAX_CAPACITY}")

    def change(self, current_capacity: int) -> int:
        """The capacity change when the policy runs at ``current_capacity``."""
        current = _check_capacity(current_capacity, "current_capacity")
        return _change(self.adjustment_type, self.scaling_adjustment, current, self.min_adjustment_magnitude)


@dataclass(frozen=True, slots=True)
class TargetTrackingPolicy:
    """Hold a metric near ``target_value``, like a thermostat (대상 추적).

    The capacity it asks for is proportional: the metric per instance falls as
    instances are added, so ``ceil(capacity * metric / target)`` brings it back.

    >>> TargetTrackingPolicy("CPUUtilization", 50).desired_capacity(90, 4)
    8
    """

    metric: str
    target_value: float
    disable_scale_in: bool = False
    estimated_instance_warmup_s: int | None = None

    def __post_init__(self):
        require_str(self.metric, "metric")
        if self.metric not in TARGET_METRICS:
            raise ScalingError(f"metric {self.metric[:60]!r}: the simulator tracks {', '.join(TARGET_METRICS)}")
        target = require_number(self.target_value, "target_value")
        if not math.isfinite(target) or target <= 0 or (self.metric == "CPUUtilization" and target > 100):
            raise ScalingError(
                f"target_value={self.target_value}: a target is above 0"
                + (" and at most 100 percent" if self.metric == "CPUUtilization" else "")
            )
        if not isinstance(self.disable_scale_in, bool):
            raise TypeError(f"disable_scale_in must be bool, not {type(self.disable_scale_in).__name__}")
        _check_seconds(self.estimated_instance_warmup_s, "estimated_instance_warmup_s")

    def desired_capacity(self, metric_value: float, current_capacity: int) -> int:
        """The capacity that would bring ``metric_value`` back to the target."""
        current = _check_capacity(current_capacity, "current_capacity")
        value = require_number(metric_value, "metric_value")
        if not math.isfinite(value) or value < 0:
            raise ScalingError(f"metric_value={metric_value}: a utilisation or request count is finite and >= 0")
        # Round the ratio first so float noise (0.1 * 3 / 0.1) cannot add an instance.
        return math.ceil(round(current * value / self.target_value, 9))


@dataclass(frozen=True, slots=True)
class ScheduledAction:
    """Set min, max and/or desired capacity every day at ``hour:minute`` (예약 조정).

    >>> ScheduledAction(15, 30, min_size=8).minute_of_day
    930
    """

    hour: int
    minute: int = 0
    min_size: int | None = None
    max_size: int | None = None
    desired_capacity: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "hour", require_int(self.hour, "hour"))
        object.__setattr__(self, "minute", require_int(self.minute, "minute"))
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ScalingError(f"{self.hour}:{self.minute}: a daily schedule runs at an hour 0-23 and minute 0-59")
        sizes = [(n, getattr(self, n)) for n in ("min_size", "max_size", "desired_capacity")]
        for name, value in sizes:
            if value is not None:
                _check_capacity(value, name)
        if all(v is None for _, v in sizes):
            raise ScalingError("a scheduled action sets at least one of min_size, max_size, desired_capacity")
        if self.min_size is not None and self.max_size is not None and self.min_size > self.max_size:
            raise ScalingError(f"min_size {self.min_size} is above max_size {self.max_size}")

    @property
    def minute_of_day(self) -> int:
        return self.hour * 60 + self.minute


def resolve_warmup(
    estimated_instance_warmup_s: int | None,
    default_instance_warmup_s: int | None,
    default_cooldown_s: int = DEFAULT_COOLDOWN_S,
) -> int:
    """The warm-up a policy's launches get: its own, else the group's default warm-up, else the default cooldown.

    >>> resolve_warmup(None, None), resolve_warmup(None, 120), resolve_warmup(60, 120)
    (300, 120, 60)
    """
    for value, name in (
        (estimated_instance_warmup_s, "estimated_instance_warmup_s"),
        (default_instance_warmup_s, "default_instance_warmup_s"),
    ):
        if value is not None:
            return _seconds(value, name)
    return _seconds(default_cooldown_s, "default_cooldown_s")
