"""A request to AWS as the evaluation logic sees it: action, resource, principal, context.

    >>> r = Request("s3:GetObject", "arn:aws:s3:::bucket/key",
    ...             principal="arn:aws:iam::111122223333:user/alice",
    ...             context={"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["team", "env"]})
    >>> r.service, r.identity.kind, r.context["aws:TagKeys"]
    ('s3', 'user', ('team', 'env'))

A key not in ``context`` is absent from the request context, exactly as the
condition operators expect; nothing is derived from the principal.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import reprlib
import sys
from decimal import Decimal
from types import MappingProxyType

from awsbasics._checks import require_str
from awsbasics.errors import RequestError
from awsbasics.iam.frozen import Frozen
from awsbasics.iam.patterns import is_arn
from awsbasics.iam.principals import Identity

__all__ = ["Request", "RequestError", "parse_context", "CONTEXT_MAX_CHARS"]

_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9_.-]+")
_VALUE_TYPES = (str, bool, int, float, Decimal, dt.datetime, bytes)
# A guard of this library, not an AWS quota: a request context is a few keys, and a
# longer text is refused before it is parsed.
CONTEXT_MAX_CHARS = 100_000
_CONTEXT_EXAMPLE = '{"aws:username": "alice", "aws:SourceIp": "203.0.113.7"}'


class Request(Frozen):
    """One request: ``Request(action, resource, *, principal=None, context=None)``.

    Args:
        action: ``service:ActionName`` (``"s3:GetObject"``), matched case-insensitively.
        resource: the resource ARN (matched case-sensitively), or ``"*"`` for
            actions that take no resource.
        principal: the requester's ARN (IAM user, role session, federated user,
            root user) or a service principal; ``None`` leaves it unknown.
        context: condition keys (names are case-insensitive) to a value or a list
            of values (str, bool, number, datetime or bytes).

    Raises:
        RequestError: the action, resource or principal is malformed.
        TypeError: a value of the wrong Python kind.
    """

    __slots__ = ("action", "resource", "principal", "identity", "service", "action_lower",
                 "resource_account", "context_values", "_context")

    def __init__(self, action: str, resource: str, *, principal: str | None = None, context=None):
        require_str(action, "action")
        require_str(resource, "resource")
        _require_utf8(action, "action")
        _require_utf8(resource, "resource")
        if not _ACTION.fullmatch(action):
            raise RequestError(
                f"{reprlib.repr(action)} is not an action: a request names one service:ActionName, e.g. 's3:GetObject' "
                "(wildcards belong in policies, not requests)"
            )
        if resource != "*" and not is_arn(resource):
            raise RequestError(
                f"{reprlib.repr(resource)} is not a resource: use its ARN (arn:partition:service:region:account-id:resource, "
                "e.g. arn:aws:s3:::bucket/key) or '*' for an action that takes no resource"
            )
        identity = None
        if principal is not None:
            require_str(principal, "principal")
            _require_utf8(principal, "principal")
            try:
                identity = Identity.parse(principal)
            except ValueError as exc:
                raise RequestError(str(exc)) from None
        context_given, context_values = _normalize(context)
        self._set(
            action=action, resource=resource, principal=principal, identity=identity,
            service=action.lower().partition(":")[0], action_lower=action.lower(),
            resource_account=resource.split(":", 5)[4] if resource != "*" else "",
            _context=context_given, context_values=context_values,
        )

    @property
    def context(self):
        """The context as given (read-only; list values as tuples)."""
        return self._context

    def __eq__(self, other):
        if not isinstance(other, Request):
            return NotImplemented
        return (self.action, self.resource, self.principal, dict(self._context)) == (
            other.action, other.resource, other.principal, dict(other._context)
        )

    def __hash__(self):
        return hash((self.action, self.resource, self.principal, tuple(sorted(self._context.items(), key=repr))))

    def __repr__(self) -> str:
        extra = ""
        if self.principal is not None:
            extra += f", principal={self.principal!r}"
        if self._context:
            shown = {k: list(v) if isinstance(v, tuple) else v for k, v in self._context.items()}
            extra += f", context={shown!r}"
        return f"Request({self.action!r}, {self.resource!r}{extra})"


def _require_utf8(text: str, what: str) -> None:
    """A request travels as UTF-8: text with a lone surrogate (no UTF-8 form) cannot be sent."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestError(f"{what} {reprlib.repr(text)} holds a lone surrogate at position {exc.start}; a request "
                           "is sent as UTF-8 text, which cannot carry it") from None


def _normalize(context):
    if context is None:
        return MappingProxyType({}), {}
    if not isinstance(context, dict):
        raise TypeError(f"context must be a dict of condition keys to values, not {type(context).__name__}")
    given, values = {}, {}
    seen: dict[str, str] = {}
    for key, value in context.items():
        require_str(key, "a context key")
        _require_utf8(key, "context key")
        lower = key.lower()
        if lower in seen:
            raise RequestError(
                f"context keys {seen[lower]!r} and {key!r} are the same key: condition key names are case-insensitive"
            )
        seen[lower] = key
        items = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        for item in items:
            if not isinstance(item, _VALUE_TYPES):
                raise TypeError(
                    f"context[{key!r}]: {type(item).__name__} is not a context value "
                    "(use str, bool, int, float, datetime or bytes, or a list of them)"
                )
        given[key] = items if isinstance(value, (list, tuple)) else value
        values[lower] = items
    return MappingProxyType(given), values


def parse_context(text: str) -> dict:
    """A request context from JSON text: condition key -> a value or a list of values.

    Values are strings, numbers, true or false, or lists of them; an empty text
    is no keys. The result is what :class:`Request` takes as ``context``.

    >>> parse_context('{"aws:username": "alice", "aws:TagKeys": ["team", "env"]}')
    {'aws:username': 'alice', 'aws:TagKeys': ['team', 'env']}
    >>> parse_context('{"aws:username": null}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    awsbasics.errors.RequestError: context line 1, key 'aws:username': null is not a context value; use a string, ...

    Raises:
        RequestError: the text is not a JSON object of context values (the message
            names the line), has a key twice, or is longer than ``CONTEXT_MAX_CHARS``.
        TypeError: ``text`` is not a str.
    """
    require_str(text, "context")
    if len(text) > CONTEXT_MAX_CHARS:
        raise RequestError(f"context: {len(text):,} characters is more than the {CONTEXT_MAX_CHARS:,} parse_context "
                           f"reads; a request context is a few condition keys such as {_CONTEXT_EXAMPLE}")
    if not text.strip():
        return {}
    try:
        value = json.loads(text, object_pairs_hook=_context_object, parse_constant=_not_a_number,
                           parse_float=_finite)
    except RequestError:
        raise
    except json.JSONDecodeError as exc:
        raise RequestError(f"context: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); write an "
                           f"object such as {_CONTEXT_EXAMPLE}") from None
    except RecursionError:
        raise RequestError("context: nested too deeply; a context value is a string, a number, true or false, "
                           "or a list of them") from None
    except ValueError:  # an integer with more digits than Python converts
        raise RequestError(f"context: a number with more than {sys.get_int_max_str_digits():,} digits is not a "
                           "context value; use a string, a number, true or false, or a list of them") from None
    if not isinstance(value, dict):
        raise RequestError(f"context: write a JSON object of condition keys, e.g. {_CONTEXT_EXAMPLE}")
    for key, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            if one is None or isinstance(one, (dict, list)):
                kind = "null" if one is None else "an object" if isinstance(one, dict) else "a list inside a list"
                raise RequestError(f"context{_line_of(text, key)}, key {reprlib.repr(key)}: {kind} is not a context "
                                   "value; use a string, a number, true or false, or a list of them")
    return value


def _context_object(pairs) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise RequestError(f"context: the key {reprlib.repr(key)} appears twice; give each condition key once, "
                               "with a list for several values")
        found[key] = value
    return found


def _not_a_number(name: str):
    raise RequestError(f"context: {name} is not a JSON number; a context value is a string, a finite number, "
                       "true or false")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise RequestError(f"context: {reprlib.repr(text)} is too large for a number; a context value is a finite "
                           "number")
    return number


def _line_of(text: str, key: str) -> str:
    """`` line N`` where ``key`` first appears in ``text`` (empty when it is written with escapes)."""
    at = text.find(json.dumps(key, ensure_ascii=False))
    return "" if at < 0 else f" line {text.count(chr(10), 0, at) + 1}"
