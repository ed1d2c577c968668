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
from awsbasics.iam.principals import Identity

__all__ = ["Request", "RequestError", "parse_context", "CONTEXT_MAX_CHARS"]

_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9_.-]+")
_ACTION_MATCH = _ACTION.fullmatch
_VALUE_TYPES = (str, bool, int, float, Decimal, dt.datetime, bytes)
_SCALAR_TYPES = frozenset(_VALUE_TYPES)  # exact types: a set lookup; subclasses take the isinstance path
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

    __slots__ = (
        "action",
        "resource",
        "principal",
        "identity",
        "service",
        "action_lower",
        "resource_account",
        "context_values",
        "_context",
    )

    def __init__(self, action: str, resource: str, *, principal: str | None = None, context=None):
        # The hot path of every evaluation, so the checks below are ordered cheapest first and
        # each fast path decides exactly what the full check would: ``type(x) is str`` skips the
        # call to require_str, ``isascii()`` (constant time) skips encoding to find a lone
        # surrogate, and the attributes are written through their slot descriptors.
        if type(action) is not str:
            require_str(action, "action")
        if type(resource) is not str:
            require_str(resource, "resource")
        if not action.isascii():
            _require_utf8(action, "action")
        if not resource.isascii():
            _require_utf8(resource, "resource")
        if _ACTION_MATCH(action) is None:
            raise RequestError(
                f"{reprlib.repr(action)} is not an action: a request names one service:ActionName, e.g. 's3:GetObject' "
                "(wildcards belong in policies, not requests)"
            )
        if resource == "*":
            account = ""
        else:
            # The rule of patterns.is_arn (``arn:`` and at least five colons), read in one split.
            parts = resource.split(":", 5)
            if len(parts) < 6 or parts[0] != "arn":
                raise RequestError(
                    f"{reprlib.repr(resource)} is not a resource: use its ARN (arn:partition:service:region:account-id:"
                    "resource, e.g. arn:aws:s3:::bucket/key) or '*' for an action that takes no resource"
                )
            account = parts[4]
        identity = None
        if principal is not None:
            if type(principal) is not str:
                require_str(principal, "principal")
            if not principal.isascii():
                _require_utf8(principal, "principal")
            try:
                identity = Identity.parse(principal)
            except ValueError as exc:
                raise RequestError(str(exc)) from None
        if context is None:
            given, values = _NO_CONTEXT, {}
        else:
            given, values = _normalize(context)
        action_lower = action.lower()
        _SET_ACTION(self, action)
        _SET_RESOURCE(self, resource)
        _SET_PRINCIPAL(self, principal)
        _SET_IDENTITY(self, identity)
        _SET_SERVICE(self, action_lower[: action_lower.index(":")])
        _SET_ACTION_LOWER(self, action_lower)
        _SET_RESOURCE_ACCOUNT(self, account)
        _SET_CONTEXT(self, given)
        _SET_CONTEXT_VALUES(self, values)

    @property
    def context(self):
        """The context as given (read-only; list values as tuples)."""
        return self._context

    def __eq__(self, other):
        if not isinstance(other, Request):
            return NotImplemented
        return (self.action, self.resource, self.principal, dict(self._context)) == (
            other.action,
            other.resource,
            other.principal,
            dict(other._context),
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


# Slot descriptors' setters: one C call per attribute, where Frozen._set goes through keyword
# arguments and object.__setattr__ (several times slower on the construction hot path).
(
    _SET_ACTION,
    _SET_RESOURCE,
    _SET_PRINCIPAL,
    _SET_IDENTITY,
    _SET_SERVICE,
    _SET_ACTION_LOWER,
    _SET_RESOURCE_ACCOUNT,
    _SET_CONTEXT,
    _SET_CONTEXT_VALUES,
) = (
    Request.__dict__[name].__set__
    for name in (
        "action",
        "resource",
        "principal",
        "identity",
        "service",
        "action_lower",
        "resource_account",
        "_context",
        "context_values",
    )
)
_NO_CONTEXT = MappingProxyType({})  # read-only and empty: one shared instance is safe


def _require_utf8(text: str, what: str) -> None:
    """A request travels as UTF-8: text with a lone surrogate (no UTF-8 form) cannot be sent."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestError(
            f"{what} {reprlib.repr(text)} holds a lone surrogate at position {exc.start}; a request "
            "is sent as UTF-8 text, which cannot carry it"
        ) from None


def _normalize(context):
    """``(given, values)``: the context read-only as given, and lower-case key -> tuple of values."""
    if type(context) is not dict and not isinstance(context, dict):
        raise TypeError(f"context must be a dict of condition keys to values, not {type(context).__name__}")
    given, values = {}, {}
    for key, value in context.items():
        if type(key) is not str:
            require_str(key, "a context key")
        if not key.isascii():
            _require_utf8(key, "context key")
        lower = key.lower()
        if lower in values:
            first = next(k for k in given if k.lower() == lower)
            raise RequestError(
                f"context keys {first!r} and {key!r} are the same key: condition key names are case-insensitive"
            )
        kind = type(value)
        if kind in _SCALAR_TYPES:  # the common case: one value of an exact accepted type
            given[key] = value
            values[lower] = (value,)
            continue
        several = kind is list or kind is tuple or isinstance(value, (list, tuple))
        items = tuple(value) if several else (value,)
        for item in items:
            if type(item) not in _SCALAR_TYPES and not isinstance(item, _VALUE_TYPES):
                raise TypeError(
                    f"context[{key!r}]: {type(item).__name__} is not a context value "
                    "(use str, bool, int, float, datetime or bytes, or a list of them)"
                )
        given[key] = items if several else value
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
        raise RequestError(
            f"context: {len(text):,} characters is more than the {CONTEXT_MAX_CHARS:,} parse_context "
            f"reads; a request context is a few condition keys such as {_CONTEXT_EXAMPLE}"
        )
    if not text.strip():
        return {}
    try:
        value = json.loads(text, object_pairs_hook=_context_object, parse_constant=_not_a_number, parse_float=_finite)
    except RequestError:
        raise
    except json.JSONDecodeError as exc:
        raise RequestError(
            f"context: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); write an "
            f"object such as {_CONTEXT_EXAMPLE}"
        ) from None
    except RecursionError:
        raise RequestError(
            "context: nested too deeply; a context value is a string, a number, true or false, or a list of them"
        ) from None
    except ValueError:  # an integer with more digits than Python converts
        raise RequestError(
            f"context: a number with more than {sys.get_int_max_str_digits():,} digits is not a "
            "context value; use a string, a number, true or false, or a list of them"
        ) from None
    if not isinstance(value, dict):
        raise RequestError(f"context: write a JSON object of condition keys, e.g. {_CONTEXT_EXAMPLE}")
    for key, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            if one is None or isinstance(one, (dict, list)):
                kind = "null" if one is None else "an object" if isinstance(one, dict) else "a list inside a list"
                raise RequestError(
                    f"context{_line_of(text, key)}, key {reprlib.repr(key)}: {kind} is not a context "
                    "value; use a string, a number, true or false, or a list of them"
                )
    return value


def _context_object(pairs) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise RequestError(
                f"context: the key {reprlib.repr(key)} appears twice; give each condition key once, "
                "with a list for several values"
            )
        found[key] = value
    return found


def _not_a_number(name: str):
    raise RequestError(
        f"context: {name} is not a JSON number; a context value is a string, a finite number, true or false"
    )


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise RequestError(
            f"context: {reprlib.repr(text)} is too large for a number; a context value is a finite number"
        )
    return number


def _line_of(text: str, key: str) -> str:
    """`` line N`` where ``key`` first appears in ``text`` (empty when it is written with escapes)."""
    at = text.find(json.dumps(key, ensure_ascii=False))
    return "" if at < 0 else f" line {text.count(chr(10), 0, at) + 1}"
