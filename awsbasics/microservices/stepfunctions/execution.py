"""The Step Functions execution simulator: run a state machine on a simulated clock.

Task states call the Python functions given for their ``Resource``; every state
entered and exited, every retry and catch, lands in the execution's history, as
:meth:`~awsbasics.microservices.stepfunctions.StateMachine.run` shows:

    >>> from awsbasics.microservices.stepfunctions import StateMachine
    >>> machine = StateMachine.from_json({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    >>> [event.type for event in machine.run({"n": 1}).history]
    ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']

Sources: https://states-language.net/spec.html ,
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from awsbasics import data
from awsbasics._checks import is_real, require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import StateMachineError
from awsbasics.microservices._util import choice, finite, whole
from awsbasics.microservices.asl import StatesFailure, apply_template, evaluate_choice_rule, get_path, set_path
from awsbasics.microservices.stepfunctions.cost import WORKFLOW_TYPES, WorkflowCost, workflow_cost
from awsbasics.microservices.stepfunctions.retry import _TERMINAL_ERRORS, TaskFailure, _matches, _parse_retrier

if TYPE_CHECKING:
    from awsbasics.microservices.stepfunctions.machine import StateMachine

__all__ = ["HISTORY_LIMIT", "PAYLOAD_BYTES", "Execution", "HistoryEvent"]

HISTORY_LIMIT: int = data.value("microservices", "step_functions_history_limit")
PAYLOAD_BYTES: int = data.value("microservices", "step_functions_payload_kib") * 1024


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


def _execute(
    machine: StateMachine,
    execution_input=None,
    *,
    handlers: Mapping[str, Callable] | None = None,
    seed: int = 0,
    task_seconds: float = 1.0,
    workflow_type: str = "STANDARD",
) -> Execution:
    """Run ``machine`` on ``execution_input``: the body of :meth:`StateMachine.run`, which documents it."""
    handlers = {} if handlers is None else handlers
    if not isinstance(handlers, Mapping):
        raise TypeError(f"handlers must be a mapping of Resource -> function, not {type(handlers).__name__}")
    missing = sorted(r for r in machine.task_resources() if not callable(handlers.get(r)))
    if missing:
        raise StateMachineError(
            f"no handler for Task resource {missing[0]!r}: pass handlers={{{missing[0]!r}: function}}}}"
        )
    seed = require_int(seed, "seed")
    whole(seed, "seed", StateMachineError, low=0, high=2**63 - 1, rule="a seed is")
    seconds = finite(task_seconds, "task_seconds", StateMachineError, low=0, high=86_400, unit="s", rule="a task lasts")
    choice(workflow_type, "workflow_type", StateMachineError, tuple(WORKFLOW_TYPES))
    try:
        text = json.dumps({} if execution_input is None else execution_input)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StateMachineError(f"execution input must be JSON: {str(exc)[:100]}") from None
    if len(text.encode()) > PAYLOAD_BYTES:
        raise StateMachineError(
            f"execution input of {len(text.encode()):,} bytes: Step Functions takes at most {PAYLOAD_BYTES // 1024} KiB"
        )
    document = json.loads(text)
    limit = WORKFLOW_TYPES[workflow_type]["max_duration_s"]
    if "TimeoutSeconds" in machine.definition:
        limit = min(limit, machine.definition["TimeoutSeconds"])
    runner = _Runner(
        handlers, np.random.default_rng(seed), seconds, _Budget(HISTORY_LIMIT), {"Execution": {"Input": document}}
    )
    runner.budget.add(HistoryEvent(0.0, "ExecutionStarted", "", f"{workflow_type} execution"))
    try:
        output, clock = runner.machine(machine, document, 0.0)
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
        machine,
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
