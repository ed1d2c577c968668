"""Step Functions state machines: parse and validate an Amazon States Language definition, describe and draw it.

A state machine (a workflow, 워크플로) is JSON: ``StartAt`` and ``States``. Parsing
checks every field the way the States Language specification states it, and an
error carries the JSON path of what is wrong:

    >>> machine = StateMachine.from_json({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    >>> machine.transitions(), machine.task_resources()
    ([], set())

Running one is :meth:`StateMachine.run` (the simulator lives in
:mod:`~awsbasics.microservices.stepfunctions.execution`).

Source: https://states-language.net/spec.html
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import StateMachineError
from awsbasics.microservices.asl import check_choice_rule, check_template, parse_path
from awsbasics.microservices.stepfunctions.execution import Execution, _execute
from awsbasics.microservices.stepfunctions.retry import _MAX_INTEGER_FIELD, _error_list, _parse_retrier

__all__ = ["STATE_NAME_MAX", "STATE_TYPES", "StateMachine"]

STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
STATE_NAME_MAX: int = data.value("microservices", "state_name_max_length")
_MAX_STATES = 1000
_MAX_DEPTH = 32
_MAX_DEFINITION_CHARS = 1_048_576

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
            if not is_int(value) or not 1 <= int(value) <= _MAX_INTEGER_FIELD:
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
                if not is_int(value) or not 1 <= int(value) <= _MAX_INTEGER_FIELD:
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
                if not is_int(value) or not 0 <= int(value) <= _MAX_INTEGER_FIELD:
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
                if not is_int(value) or not 0 <= int(value) <= _MAX_INTEGER_FIELD:
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
        return _execute(
            self,
            execution_input,
            handlers=handlers,
            seed=seed,
            task_seconds=task_seconds,
            workflow_type=workflow_type,
        )
