"""Amazon States Language (ASL): paths, payload templates and Choice rules, as the specification defines them.

Step Functions moves JSON between states. A *reference path* (``$.order.items[0]``)
names one node of a document; ``$$.`` paths read the context object. A payload
template (``Parameters``, ``ResultSelector``, ``ItemSelector``) copies its fields, and
a field whose name ends in ``.$`` takes the value its path selects.

    >>> get_path("$.order.items[1]", {"order": {"items": ["a", "b"]}})
    'b'
    >>> set_path("$.result", {"id": 7}, {"ok": True})
    {'id': 7, 'result': {'ok': True}}
    >>> apply_template({"id.$": "$.order.id", "source": "web"}, {"order": {"id": 42}})
    {'id': 42, 'source': 'web'}

This module supports reference paths (no wildcards or filters) and the Choice
operators listed in :data:`CHOICE_OPERATORS`; intrinsic functions
(``States.Format(...)``) and JSONata are not simulated and are rejected when a
definition is parsed, so nothing unsupported is silently ignored.

Spec: https://states-language.net/spec.html ;
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
"""

from __future__ import annotations

import copy
import re
from numbers import Real
from typing import TypeVar

from awsbasics._checks import is_real
from awsbasics.errors import StateMachineError

__all__ = [
    "CHOICE_OPERATORS",
    "TYPE_TESTS",
    "StatesFailure",
    "apply_template",
    "check_choice_rule",
    "check_template",
    "evaluate_choice_rule",
    "get_path",
    "parse_path",
    "set_path",
]

_MAX_PATH = 1024
_FIELD = re.compile(r"\.([^.\[\]\s'\"*?@()$]+)")
_QUOTED = re.compile(r"\['((?:[^'\\]|\\.)*)'\]")
_INDEX = re.compile(r"\[(0|[1-9][0-9]{0,8})\]")
_COMPARISONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
CHOICE_OPERATORS: tuple[str, ...] = (
    *(f"String{c}" for c in _COMPARISONS),
    *(f"String{c}Path" for c in _COMPARISONS),
    "StringMatches",
    *(f"Numeric{c}" for c in _COMPARISONS),
    *(f"Numeric{c}Path" for c in _COMPARISONS),
    "BooleanEquals",
    "BooleanEqualsPath",
)
TYPE_TESTS = ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean")
_MAX_TEMPLATE_NODES = 10_000


class StatesFailure(Exception):
    """An error raised inside an execution, named as Step Functions names it (``States.Runtime``, ``ErrorA``)."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause


def parse_path(text: object, where: str, *, context: bool = True) -> tuple[str, tuple]:
    """A reference path as ``(root, steps)``: root ``"$"`` or ``"$$"``, steps field names and indexes.

    >>> parse_path("$.a['b c'][2]", "InputPath")
    ('$', ('a', 'b c', 2))

    Raises:
        StateMachineError: text that is not a reference path; the error carries ``where``.
    """
    if not isinstance(text, str):
        raise StateMachineError(f"{where} must be a path string such as '$.field', not {type(text).__name__}", where)
    if len(text) > _MAX_PATH:
        raise StateMachineError(
            f"{where}: a path of {len(text):,} characters; this library reads at most {_MAX_PATH}", where
        )
    if text.startswith("$$"):
        if not context:
            raise StateMachineError(f"{where}={text!r}: the context object ($$) cannot be written to", where)
        root, rest = "$$", text[2:]
    elif text.startswith("$"):
        root, rest = "$", text[1:]
    else:
        raise StateMachineError(
            f"{where}={text[:60]!r}: a path starts with '$' (the input) or '$$' (the context)", where
        )
    steps: list = []
    position = 0
    while position < len(rest):
        for pattern, convert in ((_FIELD, str), (_QUOTED, lambda s: s.replace("\\'", "'")), (_INDEX, int)):
            match = pattern.match(rest, position)
            if match:
                steps.append(convert(match.group(1)))
                position = match.end()
                break
        else:
            raise StateMachineError(
                f"{where}={text[:60]!r}: not a reference path at {rest[position : position + 20]!r}; use .field, "
                "['field'] or [index] (wildcards, filters and '..' are not reference paths)",
                where,
            )
    if root == "$$" and not steps:
        raise StateMachineError(f"{where}={text!r}: name a field of the context object, e.g. $$.Execution.Input", where)
    return root, tuple(steps)


def _walk(document: object, steps: tuple, text: str) -> object:
    node = document
    for step in steps:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
        else:
            raise StatesFailure("States.Runtime", f"the path {text!r} found nothing in the input")
    return node


def get_path(text: str, document: object, context: dict | None = None) -> object:
    """The node ``text`` selects (a copy); ``States.Runtime`` when it selects nothing."""
    root, steps = parse_path(text, "path")
    base = (context or {}) if root == "$$" else document
    return copy.deepcopy(_walk(base, steps, text))


def set_path(text: str, document: object, value: object) -> object:
    """``document`` with ``value`` placed at reference path ``text`` (a copy; ``$`` replaces it).

    Missing objects on the way are created; a node on the way that is not an object
    fails with ``States.ResultPathMatchFailure``.
    """
    _root, steps = parse_path(text, "ResultPath", context=False)
    if not steps:
        return copy.deepcopy(value)
    if any(isinstance(s, int) for s in steps):
        raise StatesFailure("States.ResultPathMatchFailure", f"ResultPath {text!r} names array elements")
    out = copy.deepcopy(document)
    if not isinstance(out, dict):
        raise StatesFailure(
            "States.ResultPathMatchFailure",
            f"ResultPath {text!r} needs an object as the state input, not {type(out).__name__}",
        )
    node = out
    for step in steps[:-1]:
        child = node.setdefault(step, {})
        if not isinstance(child, dict):
            raise StatesFailure("States.ResultPathMatchFailure", f"ResultPath {text!r}: {step!r} is not an object")
        node = child
    node[steps[-1]] = copy.deepcopy(value)
    return out


def check_template(template: object, where: str) -> None:
    """Validate a payload template: every ``.$`` field holds a path; intrinsic functions are not simulated."""
    stack = [(template, where)]
    seen = 0
    while stack:
        node, at = stack.pop()
        seen += 1
        if seen > _MAX_TEMPLATE_NODES:
            raise StateMachineError(f"{where}: more than {_MAX_TEMPLATE_NODES:,} template nodes", where)
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith(".$"):
                    if isinstance(value, str) and value.startswith("States."):
                        raise StateMachineError(
                            f"{at}.{key}: intrinsic functions such as {value.split('(')[0]}() are not simulated by "
                            "this library",
                            f"{at}.{key}",
                        )
                    parse_path(value, f"{at}.{key}")
                else:
                    stack.append((value, f"{at}.{key}"))
        elif isinstance(node, list):
            stack.extend((v, f"{at}[{i}]") for i, v in enumerate(node))


def apply_template(template: object, document: object, context: dict | None = None) -> object:
    """Build a payload from ``template``: ``"name.$": path`` fields take what the path selects."""
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key.endswith(".$"):
                out[key[:-2]] = get_path(value, document, context)
            else:
                out[key] = apply_template(value, document, context)
        return out
    return copy.deepcopy(template)


def _string_matches(text: str, pattern: str) -> bool:
    """``*`` matches any run of characters, ``\\*`` a literal star; greedy two-pointer, no backtracking blow-up."""
    tokens: list = []  # chars and the STAR marker
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i + 1])
            i += 2
        elif pattern[i] == "*":
            tokens.append(None)
            i += 1
        else:
            tokens.append(pattern[i])
            i += 1
    t = p = 0
    star = mark = -1
    while t < len(text):
        if p < len(tokens) and tokens[p] is not None and tokens[p] == text[t]:
            t += 1
            p += 1
        elif p < len(tokens) and tokens[p] is None:
            star, mark = p, t
            p += 1
        elif star >= 0:
            p = star + 1
            mark += 1
            t = mark
        else:
            return False
    while p < len(tokens) and tokens[p] is None:
        p += 1
    return p == len(tokens)


_LOGIC = ("And", "Or", "Not")


def check_choice_rule(rule: object, where: str, *, top: bool, states: dict) -> None:
    """Validate one Choice rule (a data test or And/Or/Not); top-level rules need a ``Next`` that exists."""
    if not isinstance(rule, dict):
        raise StateMachineError(f"{where}: a choice rule is an object", where)
    if top:
        target = rule.get("Next")
        if not isinstance(target, str) or target not in states:
            raise StateMachineError(
                f"{where}.Next={target!r}: a top-level choice rule's Next names a state of this machine",
                f"{where}.Next",
            )
    elif "Next" in rule:
        raise StateMachineError(f"{where}.Next: only top-level choice rules have a Next", f"{where}.Next")
    keys = set(rule) - {"Next", "Comment"}
    logic = keys & set(_LOGIC)
    if logic:
        if len(keys) != 1:
            raise StateMachineError(f"{where}: a rule with {min(logic)} has no other test fields", where)
        op = logic.pop()
        if op == "Not":
            check_choice_rule(rule["Not"], f"{where}.Not", top=False, states=states)
            return
        items = rule[op]
        if not isinstance(items, list) or not items:
            raise StateMachineError(f"{where}.{op}: a non-empty list of choice rules", f"{where}.{op}")
        if len(items) > 100:
            raise StateMachineError(
                f"{where}.{op}: {len(items)} rules; this library reads at most 100", f"{where}.{op}"
            )
        for i, item in enumerate(items):
            check_choice_rule(item, f"{where}.{op}[{i}]", top=False, states=states)
        return
    if "Variable" not in rule:
        raise StateMachineError(f"{where}: a data-test rule has a Variable (a path) and one operator", where)
    parse_path(rule["Variable"], f"{where}.Variable")
    ops = keys - {"Variable"}
    if len(ops) != 1:
        raise StateMachineError(f"{where}: exactly one comparison operator, not {sorted(ops) or 'none'}", where)
    op = ops.pop()
    value = rule[op]
    at = f"{where}.{op}"
    if op in TYPE_TESTS:
        if not isinstance(value, bool):
            raise StateMachineError(f"{at}: {op} takes true or false", at)
    elif op not in CHOICE_OPERATORS:
        raise StateMachineError(
            f"{at}: unknown or unsupported operator {op!r}; this library evaluates "
            f"{', '.join(CHOICE_OPERATORS[:3])} ... and {', '.join(TYPE_TESTS)}",
            at,
        )
    elif op.endswith("Path"):
        parse_path(value, at)
    elif op.startswith("String") and not isinstance(value, str):
        raise StateMachineError(f"{at}: {op} compares with a string", at)
    elif op.startswith("Numeric") and not is_real(value):
        raise StateMachineError(f"{at}: {op} compares with a number", at)
    elif op.startswith("Boolean") and not isinstance(value, bool):
        raise StateMachineError(f"{at}: {op} compares with true or false", at)


def _compare(kind: str, op: str, left: object, right: object) -> bool:
    """``left <op> right`` for a String, Numeric or Boolean comparison; False when a side is of another kind."""
    if kind == "Boolean":
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if kind == "String" and isinstance(left, str) and isinstance(right, str):
        return _ordered(op, left, right)
    if kind == "Numeric" and is_real(left) and is_real(right):
        return _ordered(op, left, right)
    return False


_Ordered = TypeVar("_Ordered", str, Real)


def _ordered(op: str, left: _Ordered, right: _Ordered) -> bool:
    return {
        "Equals": left == right,
        "LessThan": left < right,
        "GreaterThan": left > right,
        "LessThanEquals": left <= right,
        "GreaterThanEquals": left >= right,
    }[op]


def evaluate_choice_rule(rule: dict, document: object, context: dict | None = None) -> bool:
    """Whether ``rule`` matches ``document`` (a validated rule; a type mismatch is simply false)."""
    if "And" in rule:
        return all(evaluate_choice_rule(r, document, context) for r in rule["And"])
    if "Or" in rule:
        return any(evaluate_choice_rule(r, document, context) for r in rule["Or"])
    if "Not" in rule:
        return not evaluate_choice_rule(rule["Not"], document, context)
    op = next(k for k in rule if k not in ("Variable", "Next", "Comment"))
    expected = rule[op]
    if op == "IsPresent":
        try:
            get_path(rule["Variable"], document, context)
            return expected
        except StatesFailure:
            return not expected
    value = get_path(rule["Variable"], document, context)
    if op in TYPE_TESTS:
        actual = {
            "IsNull": value is None,
            "IsNumeric": is_real(value),
            "IsString": isinstance(value, str),
            "IsBoolean": isinstance(value, bool),
        }[op]
        return actual == expected
    if op == "StringMatches":
        return isinstance(value, str) and _string_matches(value, expected)
    if op.endswith("Path"):
        expected = get_path(expected, document, context)
        op = op[:-4]
    kind = next(k for k in ("String", "Numeric", "Boolean") if op.startswith(k))
    return _compare(kind, op[len(kind) :], value, expected)
