"""Step Functions error handling: Task failures, retriers and the waits between retries.

A state's ``Retry`` list holds retriers; the first whose ``ErrorEquals`` names the
error decides whether (and after how long) the state runs again, the wait growing
by ``BackoffRate`` up to ``MaxDelaySeconds``:

    >>> retry_intervals(interval_seconds=2, max_attempts=3)
    (2.0, 4.0, 8.0)

Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import is_int, is_real, require_int
from awsbasics.errors import StateMachineError
from awsbasics.microservices._util import whole

__all__ = ["JITTER_STRATEGIES", "RETRY_DEFAULTS", "Retrier", "TaskFailure", "fails_then", "retry_intervals"]

_RETRY = data.fact("microservices", "step_functions_retry_defaults")
RETRY_DEFAULTS: dict = _RETRY["value"]
JITTER_STRATEGIES: tuple[str, ...] = tuple(_RETRY["jitter_strategies"])
# The largest integer ASL fields (IntervalSeconds, MaxAttempts, TimeoutSeconds, ...) this library reads.
_MAX_INTEGER_FIELD = 99_999_999
_MAX_DELAY_FIELD = 31_622_400
_ALL = "States.ALL"
_TERMINAL_ERRORS = ("States.Runtime",)  # not retried or caught, even by States.ALL


class TaskFailure(Exception):
    """Raise from a Task handler to fail the task with a Step Functions error name and a cause."""

    def __init__(self, error: str, cause: str = ""):
        if not isinstance(error, str) or not error:
            raise TypeError("TaskFailure needs an error name (str), e.g. TaskFailure('PaymentDeclined')")
        super().__init__(error)
        self.error = error
        self.cause = cause


def fails_then(errors, result=None) -> Callable[[object], object]:
    """A Task handler that raises the named errors one call after another, then succeeds.

    It returns ``result`` (or its input when ``result`` is None) once the errors are used up.

    >>> handler = fails_then(["Busy"], result={"ok": True})
    >>> try:
    ...     handler({})
    ... except TaskFailure as exc:
    ...     print(exc.error)
    Busy
    >>> handler({})
    {'ok': True}
    """
    if isinstance(errors, str) or not hasattr(errors, "__iter__"):
        raise TypeError("errors must be a list of error names, e.g. ['Busy', 'Busy']")
    names = list(errors)
    if len(names) > 10_000:
        raise StateMachineError(f"{len(names):,} errors: a handler script holds at most 10,000")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"error names must be str, not {type(name).__name__}")
    calls = {"n": 0}

    def handler(payload):
        calls["n"] += 1
        if calls["n"] <= len(names):
            raise TaskFailure(names[calls["n"] - 1], f"failure {calls['n']} of {len(names)}")
        return copy.deepcopy(payload if result is None else result)

    return handler


@dataclass(frozen=True, slots=True)
class Retrier:
    """One entry of a state's ``Retry`` list, with the developer guide's defaults filled in."""

    error_equals: tuple[str, ...]
    interval_seconds: int = RETRY_DEFAULTS["interval_seconds"]
    max_attempts: int = RETRY_DEFAULTS["max_attempts"]
    backoff_rate: float = RETRY_DEFAULTS["backoff_rate"]
    max_delay_seconds: int | None = None
    jitter_strategy: str = "NONE"

    def __post_init__(self):
        raw = {
            "ErrorEquals": list(self.error_equals) if isinstance(self.error_equals, (list, tuple)) else None,
            "IntervalSeconds": self.interval_seconds,
            "MaxAttempts": self.max_attempts,
            "BackoffRate": self.backoff_rate,
            "JitterStrategy": self.jitter_strategy,
        }
        if self.max_delay_seconds is not None:
            raw["MaxDelaySeconds"] = self.max_delay_seconds
        fields = _retrier_fields(raw, "Retrier", last=True)  # raises StateMachineError naming the field
        object.__setattr__(self, "error_equals", fields[0])
        object.__setattr__(self, "backoff_rate", fields[3])

    def delay(self, retry_number: int, rng: np.random.Generator | None = None) -> float:
        """Seconds before retry ``retry_number`` (1 = first retry): interval x backoff^(n-1), capped, jittered.

        >>> [Retrier(("E",), interval_seconds=3, backoff_rate=2.0, max_delay_seconds=10).delay(n) for n in (1, 2, 3)]
        [3.0, 6.0, 10.0]
        """
        base = self.interval_seconds * self.backoff_rate ** (retry_number - 1)
        if self.max_delay_seconds is not None:
            base = min(base, float(self.max_delay_seconds))
        if self.jitter_strategy == "FULL":
            if rng is None:
                raise StateMachineError("FULL jitter draws a random delay: pass a numpy Generator (run(..., seed=))")
            base = float(rng.uniform(0.0, base))
        return round(float(base), 3)

    def to_aws(self) -> dict:
        out = {
            "ErrorEquals": list(self.error_equals),
            "IntervalSeconds": self.interval_seconds,
            "MaxAttempts": self.max_attempts,
            "BackoffRate": self.backoff_rate,
        }
        if self.max_delay_seconds is not None:
            out["MaxDelaySeconds"] = self.max_delay_seconds
        if self.jitter_strategy != "NONE":
            out["JitterStrategy"] = self.jitter_strategy
        return out


def _error_list(value: object, where: str, *, last: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise StateMachineError(f"{where}: ErrorEquals is a non-empty list of error names", where)
    if len(value) > 100:
        raise StateMachineError(f"{where}: {len(value)} error names; this library reads at most 100", where)
    if _ALL in value and (len(value) != 1 or not last):
        raise StateMachineError(
            f"{where}: States.ALL must appear alone in its ErrorEquals and in the last retrier or catcher", where
        )
    return tuple(value)


def _parse_retrier(raw: object, where: str, *, last: bool) -> Retrier:
    return Retrier(*_retrier_fields(raw, where, last=last))


def _retrier_fields(raw: object, where: str, *, last: bool) -> tuple:
    """Validated retrier fields in :class:`Retrier` order; StateMachineError names the bad field."""
    if not isinstance(raw, dict):
        raise StateMachineError(f"{where}: a retrier is an object", where)
    unknown = set(raw) - {
        "ErrorEquals",
        "IntervalSeconds",
        "MaxAttempts",
        "BackoffRate",
        "MaxDelaySeconds",
        "JitterStrategy",
        "Comment",
    }
    if unknown:
        raise StateMachineError(f"{where}: unknown retrier field {min(unknown)!r}", where)
    errors = _error_list(raw.get("ErrorEquals"), f"{where}.ErrorEquals", last=last)

    def integer(name, low, default):
        value = raw.get(name, default)
        if value is None:
            return None
        top = _MAX_DELAY_FIELD if name == "MaxDelaySeconds" else _MAX_INTEGER_FIELD
        if not is_int(value) or not low <= value <= top:
            raise StateMachineError(f"{where}.{name}={value!r}: an integer from {low} to {top:,}", f"{where}.{name}")
        return int(value)

    backoff = raw.get("BackoffRate", RETRY_DEFAULTS["backoff_rate"])
    if not is_real(backoff) or not math.isfinite(backoff) or backoff < 1.0 or not backoff <= 1e6:
        raise StateMachineError(
            f"{where}.BackoffRate={backoff!r}: a number of at least 1.0 (1.0 keeps the interval constant)",
            f"{where}.BackoffRate",
        )
    jitter = raw.get("JitterStrategy", "NONE")
    if jitter not in JITTER_STRATEGIES:
        raise StateMachineError(f"{where}.JitterStrategy={jitter!r}: FULL or NONE", f"{where}.JitterStrategy")
    return (
        errors,
        integer("IntervalSeconds", 1, RETRY_DEFAULTS["interval_seconds"]),
        integer("MaxAttempts", 0, RETRY_DEFAULTS["max_attempts"]),
        float(backoff),
        integer("MaxDelaySeconds", 1, None),
        jitter,
    )


def retry_intervals(
    *,
    interval_seconds: int = RETRY_DEFAULTS["interval_seconds"],
    max_attempts: int = RETRY_DEFAULTS["max_attempts"],
    backoff_rate: float = RETRY_DEFAULTS["backoff_rate"],
    max_delay_seconds: int | None = None,
    jitter_strategy: str = "NONE",
    seed: int = 0,
) -> tuple[float, ...]:
    """The wait before each retry a retrier allows, in seconds.

    >>> retry_intervals(interval_seconds=1, max_attempts=5, backoff_rate=2.0, max_delay_seconds=5)
    (1.0, 2.0, 4.0, 5.0, 5.0)

    Raises:
        StateMachineError: a field outside the range ASL allows (or above 10,000 attempts,
            this function's own bound, since it lists every wait).
    """
    interval_seconds = require_int(interval_seconds, "interval_seconds")
    max_attempts = require_int(max_attempts, "max_attempts")
    if max_delay_seconds is not None:
        max_delay_seconds = require_int(max_delay_seconds, "max_delay_seconds")
    raw = {
        "ErrorEquals": [_ALL],
        "IntervalSeconds": interval_seconds,
        "MaxAttempts": max_attempts,
        "BackoffRate": backoff_rate,
        "JitterStrategy": jitter_strategy,
    }
    if max_delay_seconds is not None:
        raw["MaxDelaySeconds"] = max_delay_seconds
    seed = require_int(seed, "seed")
    whole(seed, "seed", StateMachineError, low=0, high=2**63 - 1, rule="a seed is")
    retrier = _parse_retrier(raw, "Retry[0]", last=True)
    whole(max_attempts, "max_attempts", StateMachineError, low=0, high=10_000, rule="list the waits of")
    rng = np.random.default_rng(seed)
    return tuple(retrier.delay(n, rng) for n in range(1, max_attempts + 1))


def _matches(names, error: str) -> bool:
    if error in names:
        return True
    if _ALL in names:
        return error not in _TERMINAL_ERRORS
    return "States.TaskFailed" in names and not error.startswith("States.")
