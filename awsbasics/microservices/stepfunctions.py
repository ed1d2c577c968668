"""AWS Step Functions: parse an Amazon States Language definition, draw it, and run it.

A state machine (a workflow, 워크플로) is JSON: ``StartAt`` and ``States``. The
simulator runs Pass, Task, Choice, Parallel, Map, Wait, Succeed and Fail states on a
simulated clock; Task states call Python functions you supply for their
``Resource``; Retry and Catch handle errors as the developer guide describes.

    >>> machine = StateMachine.from_json({
    ...     "StartAt": "Charge",
    ...     "States": {
    ...         "Charge": {"Type": "Task", "Resource": "charge", "End": True,
    ...                    "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}]},
    ...     },
    ... })
    >>> run = machine.run({"amount": 5}, handlers={"charge": fails_then(["Busy", "Busy"])})
    >>> run.status, [e.detail for e in run.history if e.type == "RetryScheduled"]
    ('SUCCEEDED', ['Busy: waiting 2 s (retry 1 of 3)', 'Busy: waiting 4 s (retry 2 of 3)'])

Sources: https://states-language.net/spec.html ,
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import is_int, is_real, require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import StateMachineError
from awsbasics.microservices._util import choice, finite, whole
from awsbasics.microservices.asl import (
    StatesFailure,
    apply_template,
    check_choice_rule,
    check_template,
    evaluate_choice_rule,
    get_path,
    parse_path,
    set_path,
)

__all__ = [
    "RETRY_DEFAULTS",
    "STATE_TYPES",
    "WORKFLOW_TYPES",
    "Execution",
    "Retrier",
    "StateMachine",
    "TaskFailure",
    "WorkflowCost",
    "fails_then",
    "retry_intervals",
    "workflow_cost",
]

STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
_RETRY = data.fact("microservices", "step_functions_retry_defaults")
RETRY_DEFAULTS: dict = _RETRY["value"]
JITTER_STRATEGIES: tuple[str, ...] = tuple(_RETRY["jitter_strategies"])
_TYPES = data.fact("microservices", "step_functions_workflow_types")
WORKFLOW_TYPES: dict[str, dict] = {row[0]: dict(zip(_TYPES["columns"], row)) for row in _TYPES["rows"]}
_PRICES = data.fact("microservices", "step_functions_prices")
HISTORY_LIMIT: int = data.value("microservices", "step_functions_history_limit")
STATE_NAME_MAX: int = data.value("microservices", "state_name_max_length")
PAYLOAD_BYTES: int = data.value("microservices", "step_functions_payload_kib") * 1024
_MAX_STATES = 1000
_MAX_DEPTH = 32
_MAX_RETRY_FIELD = 99_999_999
_MAX_DELAY_FIELD = 31_622_400
_MAX_DEFINITION_CHARS = 1_048_576
_ALL = "States.ALL"
_TERMINAL_ERRORS = ("States.Runtime",)  # not retried or caught, even by States.ALL

_COMMON = {"Type", "Comment"}
_IO = {"InputPath", "OutputPath"}
_FLOW = {"Next", "End"}
_FIELDS = {
    "Pass": _COMMON | _IO | _FLOW | {"Result", "ResultPath", "Parameters"},
    "Task": _COMMON
    | _IO
    | _FLOW
    | {"Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "TimeoutSeconds"},
    "Choice": _COMMON | _IO | {"Choices", "Default"},
    "Wait": _COMMON | _IO | _FLOW | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"},
    "Succeed": _COMMON | _IO,
    "Fail": _COMMON | {"Error", "Cause"},
    "Parallel": _COMMON | _IO | _FLOW | {"Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"},
    "Map": _COMMON
    | _IO
    | _FLOW
    | {
        "Iterator",
        "ItemProcessor",
        "ItemsPath",
        "ItemSelector",
        "Parameters",
        "MaxConcurrency",
        "ResultSelector",
        "ResultPath",
        "Retry",
        "Catch",
    },
}


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
        top = _MAX_DELAY_FIELD if name == "MaxDelaySeconds" else _MAX_RETRY_FIELD
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


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One entry of an execution's history, on the simulated clock."""

    time_s: float
    type: str
    state: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class _Span:
    state: str
    start_s: float
    end_s: float
    outcome: str


class _Budget:
    def __init__(self, limit: int):
        self.limit = limit
        self.events: list[HistoryEvent] = []
        self.spans: list[_Span] = []
        self.transitions = 0

    def add(self, event: HistoryEvent) -> None:
        if len(self.events) >= self.limit:
            raise StateMachineError(
                f"the execution would write more than {self.limit:,} history events (the Standard workflow limit); "
                "look for a loop without an exit"
            )
        self.events.append(event)


def _depth(document: object) -> int:
    """Nesting depth of a JSON document, measured level by level without recursion (stops past 200)."""
    depth, level = 0, [document]
    while level and depth <= 200:
        depth += 1
        below: list = []
        for node in level:
            if isinstance(node, dict):
                below.extend(node.values())
            elif isinstance(node, list):
                below.extend(node)
        level = below
    return depth


class StateMachine(Rendered):
    """A validated ASL definition (JSONPath query language): states, transitions, retries and catchers.

    Build it with :meth:`from_json`; errors carry the JSON path of what is wrong
    (``StateMachineError.path``, e.g. ``"States.Charge.Retry[0].BackoffRate"``).
    """

    __slots__ = ("_prefix", "comment", "definition", "start_at", "states")
    _view_ = "microservices.state_machine_view"

    def __init__(self, definition: dict, *, _prefix: str = ""):
        self.definition = definition
        self._prefix = _prefix
        self.start_at: str = definition["StartAt"]
        self.states: dict[str, dict] = definition["States"]
        self.comment: str = definition.get("Comment", "")

    # -- parsing -------------------------------------------------------------------------------------------------
    @classmethod
    def from_json(cls, text_or_dict) -> StateMachine:
        """Parse and validate a definition given as JSON text or a dict.

        >>> StateMachine.from_json({"StartAt": "A", "States": {"A": {"Type": "Pass"}}})
        Traceback (most recent call last):
        ...
        awsbasics.errors.StateMachineError: States.A: a Pass state needs "Next" or "End": true
        """
        if isinstance(text_or_dict, str):
            if len(text_or_dict) > _MAX_DEFINITION_CHARS:
                raise StateMachineError(
                    f"a definition of {len(text_or_dict):,} characters: at most {_MAX_DEFINITION_CHARS:,} (1 MiB) here"
                )
            try:
                document = json.loads(text_or_dict)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise StateMachineError(f"not JSON: {str(exc)[:120]}") from None
        elif isinstance(text_or_dict, dict):
            if _depth(text_or_dict) > _MAX_DEPTH * 4:
                raise StateMachineError(f"the definition nests deeper than {_MAX_DEPTH * 4} levels")
            try:
                text = json.dumps(text_or_dict)
            except (TypeError, ValueError) as exc:
                raise TypeError(f"the definition must hold only JSON values: {exc}") from None
            if len(text) > _MAX_DEFINITION_CHARS:
                raise StateMachineError(f"the definition is larger than {_MAX_DEFINITION_CHARS:,} characters (1 MiB)")
            document = json.loads(text)
        else:
            raise TypeError(f"a definition is JSON text or a dict, not {type(text_or_dict).__name__}")
        if _depth(document) > _MAX_DEPTH * 4:
            raise StateMachineError(f"the definition nests deeper than {_MAX_DEPTH * 4} levels")
        if document.get("QueryLanguage", "JSONPath") != "JSONPath" if isinstance(document, dict) else False:
            raise StateMachineError(
                "QueryLanguage JSONata is not simulated by this library; use JSONPath", "QueryLanguage"
            )
        counter = [0]
        cls._check_machine(document, "", counter, depth=0, top=True)
        return cls(document)

    @classmethod
    def _check_machine(cls, document: object, where: str, counter: list, *, depth: int, top: bool) -> None:
        def at(key: str) -> str:
            return f"{where}.{key}" if where else key

        if not isinstance(document, dict):
            raise StateMachineError(f"{where or 'the definition'}: a state machine is a JSON object", where)
        if depth > _MAX_DEPTH:
            raise StateMachineError(f"{where}: Parallel and Map states nest more than {_MAX_DEPTH} deep", where)
        allowed = {"StartAt", "States", "Comment"} | (
            {"TimeoutSeconds", "Version", "QueryLanguage"} if top else {"ProcessorConfig"}
        )
        unknown = set(document) - allowed
        if unknown:
            name = min(unknown)
            raise StateMachineError(f"{at(name)}: unknown field {name!r}", at(name))
        states = document.get("States")
        if not isinstance(states, dict) or not states:
            raise StateMachineError(f"{at('States')}: a non-empty object of named states", at("States"))
        start = document.get("StartAt")
        if not isinstance(start, str) or start not in states:
            raise StateMachineError(
                f"{at('StartAt')}={start!r}: StartAt names one of the states ({', '.join(list(states)[:5])})",
                at("StartAt"),
            )
        if top and "TimeoutSeconds" in document:
            value = document["TimeoutSeconds"]
            if not is_int(value) or not 1 <= int(value) <= _MAX_RETRY_FIELD:
                raise StateMachineError(f"TimeoutSeconds={value!r}: a positive integer", "TimeoutSeconds")
        for name, state in states.items():
            counter[0] += 1
            if counter[0] > _MAX_STATES:
                raise StateMachineError(f"more than {_MAX_STATES:,} states: this library reads smaller machines")
            cls._check_state(name, state, at(f"States.{name}"), states, counter, depth)

    @classmethod
    def _check_state(cls, name: str, state: object, where: str, states: dict, counter: list, depth: int) -> None:
        if len(name) > STATE_NAME_MAX or not name:
            raise StateMachineError(
                f"{where}: a state name is 1 to {STATE_NAME_MAX} characters, not {len(name)}", where
            )
        if not isinstance(state, dict):
            raise StateMachineError(f"{where}: a state is a JSON object", where)
        kind = state.get("Type")
        if kind not in STATE_TYPES:
            raise StateMachineError(f"{where}.Type={kind!r}: one of {', '.join(STATE_TYPES)}", f"{where}.Type")
        unknown = set(state) - _FIELDS[kind]
        if unknown:
            field = min(unknown)
            raise StateMachineError(f"{where}.{field}: a {kind} state has no field {field!r}", f"{where}.{field}")
        if "Next" in _FIELDS[kind]:
            has_next, end = "Next" in state, state.get("End")
            if has_next == (end is True) or ("End" in state and end is not True):
                raise StateMachineError(f'{where}: a {kind} state needs "Next" or "End": true', where)
            if has_next and (not isinstance(state["Next"], str) or state["Next"] not in states):
                raise StateMachineError(
                    f"{where}.Next={state['Next']!r}: Next names a state of this machine", f"{where}.Next"
                )
        for field in ("InputPath", "OutputPath"):
            if state.get(field) is not None and field in state:
                parse_path(state[field], f"{where}.{field}")
        if "ResultPath" in state and state["ResultPath"] is not None:
            parse_path(state["ResultPath"], f"{where}.ResultPath", context=False)
        for field in ("Parameters", "ResultSelector", "ItemSelector"):
            if field in state:
                if not isinstance(state[field], dict):
                    raise StateMachineError(f"{where}.{field}: a payload template is a JSON object", f"{where}.{field}")
                check_template(state[field], f"{where}.{field}")
        if kind == "Task":
            resource = state.get("Resource")
            if not isinstance(resource, str) or not resource or len(resource) > 2048:
                raise StateMachineError(
                    f"{where}.Resource: a Task names its Resource (an ARN or a handler name)", f"{where}.Resource"
                )
            if "TimeoutSeconds" in state:
                value = state["TimeoutSeconds"]
                if not is_int(value) or not 1 <= int(value) <= _MAX_RETRY_FIELD:
                    raise StateMachineError(
                        f"{where}.TimeoutSeconds={value!r}: a positive integer", f"{where}.TimeoutSeconds"
                    )
        if kind == "Choice":
            rules = state.get("Choices")
            if not isinstance(rules, list) or not rules:
                raise StateMachineError(f"{where}.Choices: a non-empty list of choice rules", f"{where}.Choices")
            if len(rules) > 100:
                raise StateMachineError(
                    f"{where}.Choices: {len(rules)} rules; this library reads at most 100", f"{where}.Choices"
                )
            for i, rule in enumerate(rules):
                check_choice_rule(rule, f"{where}.Choices[{i}]", top=True, states=states)
            if "Default" in state and state["Default"] not in states:
                raise StateMachineError(
                    f"{where}.Default={state['Default']!r}: Default names a state of this machine", f"{where}.Default"
                )
        if kind == "Wait":
            given = [f for f in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath") if f in state]
            if len(given) != 1:
                raise StateMachineError(
                    f"{where}: a Wait state has exactly one of Seconds, SecondsPath, Timestamp, TimestampPath", where
                )
            field = given[0]
            if field in ("Timestamp", "TimestampPath"):
                raise StateMachineError(
                    f"{where}.{field}: this library simulates Seconds and SecondsPath waits", f"{where}.{field}"
                )
            if field == "Seconds":
                value = state["Seconds"]
                if not is_int(value) or not 0 <= int(value) <= _MAX_RETRY_FIELD:
                    raise StateMachineError(f"{where}.Seconds={value!r}: a non-negative integer", f"{where}.Seconds")
            else:
                parse_path(state["SecondsPath"], f"{where}.SecondsPath")
        if kind == "Fail":
            for field in ("Error", "Cause"):
                if field in state and not isinstance(state[field], str):
                    raise StateMachineError(f"{where}.{field}: a string", f"{where}.{field}")
        if "Retry" in state:
            retry = state["Retry"]
            if not isinstance(retry, list) or len(retry) > 100:
                raise StateMachineError(f"{where}.Retry: a list of at most 100 retriers", f"{where}.Retry")
            for i, raw in enumerate(retry):
                _parse_retrier(raw, f"{where}.Retry[{i}]", last=i == len(retry) - 1)
        if "Catch" in state:
            catch = state["Catch"]
            if not isinstance(catch, list) or len(catch) > 100:
                raise StateMachineError(f"{where}.Catch: a list of at most 100 catchers", f"{where}.Catch")
            for i, raw in enumerate(catch):
                at = f"{where}.Catch[{i}]"
                if not isinstance(raw, dict):
                    raise StateMachineError(f"{at}: a catcher is an object", at)
                unknown = set(raw) - {"ErrorEquals", "Next", "ResultPath", "Comment"}
                if unknown:
                    raise StateMachineError(f"{at}: unknown catcher field {min(unknown)!r}", at)
                _error_list(raw.get("ErrorEquals"), f"{at}.ErrorEquals", last=i == len(catch) - 1)
                if not isinstance(raw.get("Next"), str) or raw["Next"] not in states:
                    raise StateMachineError(
                        f"{at}.Next={raw.get('Next')!r}: Next names a state of this machine", f"{at}.Next"
                    )
                if raw.get("ResultPath") is not None:
                    parse_path(raw["ResultPath"], f"{at}.ResultPath", context=False)
        if kind == "Parallel":
            branches = state.get("Branches")
            if not isinstance(branches, list) or not branches or len(branches) > 100:
                raise StateMachineError(
                    f"{where}.Branches: a list of 1 to 100 branches (each StartAt + States)", f"{where}.Branches"
                )
            for i, branch in enumerate(branches):
                cls._check_machine(branch, f"{where}.Branches[{i}]", counter, depth=depth + 1, top=False)
        if kind == "Map":
            given = [f for f in ("ItemProcessor", "Iterator") if f in state]
            if len(given) != 1:
                raise StateMachineError(f"{where}: a Map state has one ItemProcessor (or the older Iterator)", where)
            cls._check_machine(state[given[0]], f"{where}.{given[0]}", counter, depth=depth + 1, top=False)
            if "ItemsPath" in state:
                parse_path(state["ItemsPath"], f"{where}.ItemsPath")
            if "MaxConcurrency" in state:
                value = state["MaxConcurrency"]
                if not is_int(value) or not 0 <= int(value) <= _MAX_RETRY_FIELD:
                    raise StateMachineError(
                        f"{where}.MaxConcurrency={value!r}: a non-negative integer (0 = no limit)",
                        f"{where}.MaxConcurrency",
                    )

    # -- introspection ---------------------------------------------------------------------------------------
    def branches(self, name: str) -> tuple[StateMachine, ...]:
        """The sub-machines of a Parallel or Map state (empty for other states)."""
        state = self.states[name]
        if state["Type"] == "Parallel":
            return tuple(StateMachine(b, _prefix=f"{self._prefix}{name}/{i}/") for i, b in enumerate(state["Branches"]))
        if state["Type"] == "Map":
            return (StateMachine(state.get("ItemProcessor") or state["Iterator"], _prefix=f"{self._prefix}{name}/"),)
        return ()

    def transitions(self) -> list[tuple[str, str, str]]:
        """``(from, to, kind)`` edges: ``next``, ``choice`` (with the rule index), ``default`` and ``catch``."""
        edges = []
        for name, state in self.states.items():
            if "Next" in state:
                edges.append((name, state["Next"], "next"))
            for i, rule in enumerate(state.get("Choices", ())):
                edges.append((name, rule["Next"], f"choice {i}"))
            if "Default" in state:
                edges.append((name, state["Default"], "default"))
            for catcher in state.get("Catch", ()):
                edges.append((name, catcher["Next"], "catch " + ", ".join(catcher["ErrorEquals"])))
        return edges

    def task_resources(self) -> set[str]:
        """Every Task ``Resource`` in the machine, branches and item processors included."""
        found = {s["Resource"] for s in self.states.values() if s["Type"] == "Task"}
        for name in self.states:
            for sub in self.branches(name):
                found |= sub.task_resources()
        return found

    def rows(self) -> list[tuple[str, str, str]]:
        out = []
        for name, state in self.states.items():
            after = state.get("Next", "(end)" if state.get("End") or state["Type"] in ("Succeed", "Fail") else "")
            extra = []
            if state["Type"] == "Choice":
                extra.append(f"{len(state['Choices'])} rules, default {state.get('Default', '(none)')}")
            if "Retry" in state:
                extra.append(f"{len(state['Retry'])} retriers")
            if "Catch" in state:
                extra.append(f"{len(state['Catch'])} catchers")
            if state["Type"] in ("Parallel", "Map"):
                extra.append(f"{len(self.branches(name))} branch(es)")
            out.append((name, state["Type"], ", ".join([after] * bool(after) + extra)))
        return out

    def text(self) -> str:
        return f"State machine starting at {self.start_at}: {len(self.states)} states\n" + text_table(
            ["state", "type", "next"], self.rows()
        )

    def diagram(self):
        """The state machine as a Graphviz diagram (states by type, Next, Choice, Catch edges)."""
        return view("microservices.state_machine_diagram")(self)

    def to_json(self) -> str:
        return json.dumps(self.definition, indent=2)

    def __repr__(self) -> str:
        return self.text()

    # -- execution -------------------------------------------------------------------------------------------
    def run(
        self,
        execution_input=None,
        *,
        handlers: Mapping[str, Callable] | None = None,
        seed: int = 0,
        task_seconds: float = 1.0,
        workflow_type: str = "STANDARD",
    ) -> Execution:
        """Run the machine on ``execution_input`` with a simulated clock.

        Args:
            execution_input: The JSON input (dict, list, str, number, bool or None; default ``{}``).
            handlers: ``Resource`` -> Python function taking the task's input and returning its
                result. Raise :class:`TaskFailure` (or any exception: its class name becomes the
                error name, as Lambda reports it) to fail the task.
            seed: Seeds the FULL-jitter retry delays.
            task_seconds: How long each Task invocation takes on the simulated clock.
            workflow_type: ``"STANDARD"`` (up to a year) or ``"EXPRESS"`` (up to five minutes).

        Raises:
            StateMachineError: a Task resource without a handler, input that is not JSON, a run
                that would exceed the history limit.
        """
        handlers = {} if handlers is None else handlers
        if not isinstance(handlers, Mapping):
            raise TypeError(f"handlers must be a mapping of Resource -> function, not {type(handlers).__name__}")
        missing = sorted(r for r in self.task_resources() if not callable(handlers.get(r)))
        if missing:
            raise StateMachineError(
                f"no handler for Task resource {missing[0]!r}: pass handlers={{{missing[0]!r}: function}}}}"
            )
        seed = require_int(seed, "seed")
        whole(seed, "seed", StateMachineError, low=0, high=2**63 - 1, rule="a seed is")
        seconds = finite(
            task_seconds, "task_seconds", StateMachineError, low=0, high=86_400, unit="s", rule="a task lasts"
        )
        choice(workflow_type, "workflow_type", StateMachineError, tuple(WORKFLOW_TYPES))
        try:
            text = json.dumps({} if execution_input is None else execution_input)
        except (TypeError, ValueError, RecursionError) as exc:
            raise StateMachineError(f"execution input must be JSON: {str(exc)[:100]}") from None
        if len(text.encode()) > PAYLOAD_BYTES:
            raise StateMachineError(
                f"execution input of {len(text.encode()):,} bytes: Step Functions takes at most "
                f"{PAYLOAD_BYTES // 1024} KiB"
            )
        document = json.loads(text)
        limit = WORKFLOW_TYPES[workflow_type]["max_duration_s"]
        if "TimeoutSeconds" in self.definition:
            limit = min(limit, self.definition["TimeoutSeconds"])
        runner = _Runner(
            handlers, np.random.default_rng(seed), seconds, _Budget(HISTORY_LIMIT), {"Execution": {"Input": document}}
        )
        runner.budget.add(HistoryEvent(0.0, "ExecutionStarted", "", f"{workflow_type} execution"))
        try:
            output, clock = runner.machine(self, document, 0.0)
            status, error, cause = "SUCCEEDED", None, None
        except StatesFailure as failure:
            output, clock = None, runner.failed_at
            status, error, cause = "FAILED", failure.error, failure.cause
        if clock > limit:
            status, error, cause, output = (
                "TIMED_OUT",
                "States.Timeout",
                (f"the execution ran {clock:g} s, more than the {limit:,} s this {workflow_type} execution may run"),
                None,
            )
            clock = float(limit)
        runner.budget.events.append(HistoryEvent(clock, f"Execution{status.title().replace('_', '')}", "", error or ""))
        return Execution(
            self,
            workflow_type,
            status,
            output,
            error,
            cause,
            clock,
            tuple(runner.budget.events),
            tuple(runner.budget.spans),
            runner.budget.transitions,
        )


class _Runner:
    """Walks a machine: one instance per execution, holding the clock's side effects."""

    def __init__(self, handlers, rng, task_seconds, budget, context):
        self.handlers, self.rng, self.task_seconds, self.budget, self.context = (
            handlers,
            rng,
            task_seconds,
            budget,
            context,
        )
        self.failed_at = 0.0

    def machine(self, machine: StateMachine, document: object, clock: float) -> tuple[object, float]:
        name = machine.start_at
        while True:
            state = machine.states[name]
            label = machine._prefix + name
            self.budget.transitions += 1
            self.budget.add(HistoryEvent(clock, f"{state['Type']}StateEntered", label))
            start = clock
            try:
                output, clock, following = self.state(machine, name, state, label, document, clock)
            except StatesFailure:
                self.budget.spans.append(_Span(label, start, self.failed_at, "failed"))
                raise
            shown = (
                "(end)"
                if following is None
                else following.replace("catch:", "") + (" (caught)" if following.startswith("catch:") else "")
            )
            self.budget.add(HistoryEvent(clock, f"{state['Type']}StateExited", label, shown))
            outcome = "caught" if following and following.startswith("catch:") else "ok"
            self.budget.spans.append(_Span(label, start, clock, outcome))
            if following is None:
                return output, clock
            name = following.removeprefix("catch:")
            document = output

    def _input(self, state: dict, document: object) -> object:
        if "InputPath" in state and state["InputPath"] is None:
            return {}
        return get_path(state.get("InputPath", "$"), document, self.context)

    def _output(self, state: dict, raw: object, result: object) -> object:
        if "ResultPath" in state and state["ResultPath"] is None:
            combined = raw
        else:
            combined = set_path(state.get("ResultPath", "$"), raw, result)
        if "OutputPath" in state and state["OutputPath"] is None:
            return {}
        return get_path(state.get("OutputPath", "$"), combined, self.context)

    def state(self, machine, name, state, label, raw, clock):
        kind = state["Type"]
        self.context["State"] = {"Name": name}
        try:
            if kind == "Fail":
                raise StatesFailure(state.get("Error", "States.Fail"), state.get("Cause", ""))
            effective = self._input(state, raw)
            if kind == "Succeed":
                return self._io_only(state, effective), clock, None
            if kind == "Choice":
                for rule in state["Choices"]:
                    if evaluate_choice_rule(rule, effective, self.context):
                        return self._io_only(state, effective), clock, rule["Next"]
                if "Default" not in state:
                    raise StatesFailure("States.NoChoiceMatched", f"no choice rule of {name} matched")
                return self._io_only(state, effective), clock, state["Default"]
            if kind == "Wait":
                wait = state.get("Seconds")
                if wait is None:
                    wait = get_path(state["SecondsPath"], effective, self.context)
                    if not is_real(wait) or not math.isfinite(wait) or wait < 0:
                        raise StatesFailure(
                            "States.Runtime", f"SecondsPath of {name} selected {wait!r}, not a non-negative number"
                        )
                return self._io_only(state, effective), clock + float(wait), self._next(state)
            if kind == "Pass":
                if "Parameters" in state:
                    effective = apply_template(state["Parameters"], effective, self.context)
                result = copy.deepcopy(state["Result"]) if "Result" in state else effective
                return self._output(state, raw, result), clock, self._next(state)
        except StatesFailure as failure:
            self.failed_at = clock
            self._fail_event(clock, label, failure)
            raise
        return self._with_retry(machine, name, state, label, raw, clock)

    def _io_only(self, state: dict, effective: object) -> object:
        if "OutputPath" in state and state["OutputPath"] is None:
            return {}
        return get_path(state.get("OutputPath", "$"), effective, self.context)

    @staticmethod
    def _next(state: dict) -> str | None:
        return state.get("Next")

    def _fail_event(self, clock, label, failure):
        self.budget.add(HistoryEvent(clock, "StateFailed", label, f"{failure.error}: {failure.cause}".rstrip(": ")))

    def _with_retry(self, machine, name, state, label, raw, clock):
        retriers = [
            _parse_retrier(r, "Retry", last=i == len(state.get("Retry", ())) - 1)
            for i, r in enumerate(state.get("Retry", ()))
        ]
        counts = [0] * len(retriers)
        while True:
            try:
                result, clock = self._work(machine, name, state, label, raw, clock)
                result = self._output(state, raw, result)
                return result, clock, self._next(state)
            except StatesFailure as failure:
                clock = self.failed_at
                self._fail_event(clock, label, failure)
                if failure.error in _TERMINAL_ERRORS:
                    raise
                k = next((i for i, r in enumerate(retriers) if _matches(r.error_equals, failure.error)), None)
                if k is not None and counts[k] < retriers[k].max_attempts:
                    counts[k] += 1
                    wait = retriers[k].delay(counts[k], self.rng)
                    self.budget.add(
                        HistoryEvent(
                            clock,
                            "RetryScheduled",
                            label,
                            f"{failure.error}: waiting {wait:g} s (retry {counts[k]} of {retriers[k].max_attempts})",
                        )
                    )
                    self.budget.spans.append(_Span(label + " (retry wait)", clock, clock + wait, "wait"))
                    self.budget.transitions += 1  # each retry is billed as a state transition
                    clock += wait
                    continue
                for catcher in state.get("Catch", ()):
                    if _matches(catcher["ErrorEquals"], failure.error):
                        error_output = {"Error": failure.error, "Cause": failure.cause}
                        if "ResultPath" in catcher and catcher["ResultPath"] is None:
                            caught = raw
                        else:
                            caught = set_path(catcher.get("ResultPath", "$"), raw, error_output)
                        self.budget.add(
                            HistoryEvent(clock, "CatchRouted", label, f"{failure.error} -> {catcher['Next']}")
                        )
                        return caught, clock, "catch:" + catcher["Next"]
                self.failed_at = clock
                raise

    def _work(self, machine, name, state, label, raw, clock):
        """Run the state's work once; returns (result after ResultSelector, clock) or raises StatesFailure."""
        try:
            effective = self._input(state, raw)
            template = state.get("Parameters")
            kind = state["Type"]
            if kind == "Task":
                task_input = apply_template(template, effective, self.context) if template else effective
                result, clock = self._task(state, label, task_input, clock)
            elif kind == "Parallel":
                task_input = apply_template(template, effective, self.context) if template else effective
                result, clock = self._parallel(machine, name, task_input, clock)
            else:
                result, clock = self._map(machine, name, state, effective, clock)
            if "ResultSelector" in state:
                result = apply_template(state["ResultSelector"], result, self.context)
            return result, clock
        except StatesFailure:
            self.failed_at = max(self.failed_at, clock)
            raise

    def _task(self, state, label, task_input, clock):
        resource = state["Resource"]
        self.budget.add(HistoryEvent(clock, "TaskScheduled", label, resource))
        end = clock + self.task_seconds
        timeout = state.get("TimeoutSeconds")
        if timeout is not None and self.task_seconds > timeout:
            self.failed_at = clock + timeout
            raise StatesFailure("States.Timeout", f"{resource} ran longer than TimeoutSeconds={timeout}")
        try:
            result = self.handlers[resource](copy.deepcopy(task_input))
        except TaskFailure as exc:
            self.failed_at = end
            raise StatesFailure(exc.error, exc.cause) from None
        except StateMachineError:
            raise
        except Exception as exc:  # noqa: BLE001 - a handler's exception is the task's error, as Lambda reports it
            self.failed_at = end
            raise StatesFailure(type(exc).__name__, str(exc)[:200]) from None
        try:
            text = json.dumps(result)
        except (TypeError, ValueError, RecursionError):
            self.failed_at = end
            raise StatesFailure("States.Runtime", f"{resource} returned a value that is not JSON") from None
        if len(text.encode()) > PAYLOAD_BYTES:
            self.failed_at = end
            raise StatesFailure(
                "States.DataLimitExceeded", f"{resource} returned more than {PAYLOAD_BYTES // 1024} KiB"
            )
        result = json.loads(text)
        self.budget.add(HistoryEvent(end, "TaskSucceeded", label, resource))
        return result, end

    def _parallel(self, machine, name, task_input, clock):
        outputs, ends = [], []
        for branch in machine.branches(name):
            output, end = self.machine(branch, copy.deepcopy(task_input), clock)
            outputs.append(output)
            ends.append(end)
        return outputs, max(ends)

    def _map(self, machine, name, state, effective, clock):
        items = get_path(state.get("ItemsPath", "$"), effective, self.context)
        if not isinstance(items, list):
            raise StatesFailure("States.Runtime", f"ItemsPath of {name} selected {type(items).__name__}, not an array")
        if 2 * len(items) + len(self.budget.events) > self.budget.limit:
            raise StateMachineError(
                f"{name} maps {len(items):,} items: more than the {self.budget.limit:,}-event history limit can record"
            )
        (processor,) = machine.branches(name)
        selector = state.get("ItemSelector", state.get("Parameters"))
        width = state.get("MaxConcurrency", 0) or len(items) or 1
        outputs, batch_start, batch_end = [], clock, clock
        for index, item in enumerate(items):
            if index and index % width == 0:
                batch_start = batch_end
            self.context["Map"] = {"Item": {"Index": index, "Value": item}}
            item_input = apply_template(selector, effective, self.context) if selector else item
            output, end = self.machine(processor, item_input, batch_start)
            self.context.pop("Map", None)
            outputs.append(output)
            batch_end = max(batch_end, end)
        return outputs, batch_end


def _matches(names, error: str) -> bool:
    if error in names:
        return True
    if _ALL in names:
        return error not in _TERMINAL_ERRORS
    return "States.TaskFailed" in names and not error.startswith("States.")


@dataclass(frozen=True, slots=True, eq=False)
class Execution(Rendered):
    """One simulated execution: status, output or error, and its history on the simulated clock."""

    machine: StateMachine
    workflow_type: str
    status: str
    output: object
    error: str | None
    cause: str | None
    duration_s: float
    history: tuple[HistoryEvent, ...]
    spans: tuple
    state_transitions: int

    @property
    def verdict(self) -> str:
        if self.status == "SUCCEEDED":
            return (
                f"SUCCEEDED in {self.duration_s:g} s (simulated) after {self.state_transitions} state "
                f"transitions; output {json.dumps(self.output)[:120]}"
            )
        return f"{self.status} after {self.duration_s:g} s: {self.error} - {self.cause}"

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [(f"{e.time_s:g}", e.type, e.state, e.detail) for e in self.history]

    _view_ = "microservices.execution_view"

    def text(self) -> str:
        return text_table(["time_s", "event", "state", "detail"], self.rows()) + "\n" + self.verdict

    def figure(self):
        """The execution history as a timeline: one bar per state visit and retry wait (plotly)."""
        return view("microservices.execution_figure")(self)

    def cost(self, executions_per_month: int, *, memory_mb: int = 64, free_tier: bool = False) -> WorkflowCost:
        """What ``executions_per_month`` runs like this one cost as this execution's workflow type."""
        return workflow_cost(
            workflow_type=self.workflow_type,
            executions_per_month=executions_per_month,
            transitions_per_execution=self.state_transitions,
            duration_s=self.duration_s,
            memory_mb=memory_mb,
            free_tier=free_tier,
        )

    def __repr__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True)
class WorkflowCost(Rendered):
    """A month of Step Functions charges for one workflow type (us-east-1 teaching estimate)."""

    workflow_type: str
    executions: int
    usd: float
    basis: str

    def text(self) -> str:
        return f"{self.workflow_type}: USD {self.usd:,.2f} a month for {self.executions:,} executions ({self.basis})"


def workflow_cost(
    *,
    workflow_type: str,
    executions_per_month: int,
    transitions_per_execution: int,
    duration_s: float,
    memory_mb: int = 64,
    free_tier: bool = False,
) -> WorkflowCost:
    """Standard (per state transition) or Express (per request and GB-second) pricing for a month.

    >>> workflow_cost(workflow_type="STANDARD", executions_per_month=100_000, transitions_per_execution=5,
    ...               duration_s=2).usd
    12.5
    >>> round(workflow_cost(workflow_type="EXPRESS", executions_per_month=100_000, transitions_per_execution=5,
    ...                     duration_s=2).usd, 4)
    0.3084

    Raises:
        StateMachineError: an Express duration above five minutes, negative counts.
    """
    choice(workflow_type, "workflow_type", StateMachineError, tuple(WORKFLOW_TYPES))
    runs = whole(
        executions_per_month, "executions_per_month", StateMachineError, low=0, high=10**12, rule="executions a month:"
    )
    steps = whole(
        transitions_per_execution,
        "transitions_per_execution",
        StateMachineError,
        low=1,
        high=10**6,
        rule="transitions per execution:",
    )
    limit = WORKFLOW_TYPES[workflow_type]["max_duration_s"]
    duration = finite(
        duration_s,
        "duration_s",
        StateMachineError,
        low=0,
        high=limit,
        unit="s",
        rule=f"one {workflow_type} execution lasts",
    )
    memory = whole(memory_mb, "memory_mb", StateMachineError, low=1, high=10**6, unit="MB", rule="memory is")
    if not isinstance(free_tier, bool):
        raise TypeError(f"free_tier must be bool, not {type(free_tier).__name__}")
    prices = _PRICES["value"]
    if workflow_type == "STANDARD":
        transitions = runs * steps
        billed = max(0, transitions - _PRICES["free_tier"]["standard_transitions"]) if free_tier else transitions
        return WorkflowCost(
            workflow_type,
            runs,
            billed / 1000 * prices["standard_usd_per_1000_transitions"],
            f"{transitions:,} state transitions",
        )
    chunk = _PRICES["express_memory_chunk_mb"]
    rounding = _PRICES["express_duration_round_ms"]
    billed_memory_gb = math.ceil(memory / chunk) * chunk / 1024
    billed_seconds = math.ceil(round(duration * 1000 / rounding, 9)) * rounding / 1000
    gb_seconds = runs * billed_memory_gb * billed_seconds
    usd = runs / 1e6 * prices["express_usd_per_million_requests"] + gb_seconds * prices["express_usd_per_gb_second"]
    return WorkflowCost(workflow_type, runs, usd, f"{runs:,} requests, {gb_seconds:,.1f} GB-seconds")
