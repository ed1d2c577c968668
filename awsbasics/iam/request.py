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

    Every argument is checked here, when the request is built; ``identity`` (the
    parsed principal) and ``context_values`` (lower-case key -> tuple of values)
    are derived on first use.

    Raises:
        RequestError: the action, resource or principal is malformed.
        TypeError: a value of the wrong Python kind.
    """

    # A request is built for every evaluation, so its fields are written once, as one tuple
    # (one slot write instead of nine), and read through the properties below; the evaluation
    # unpacks the tuple itself. Order: see _FIELDS.
    __slots__ = ("_fields", "_identity", "_values")
    _fields: tuple[str, str, str | None, str, str, str, dict, str | None, str | None]
    _identity: Identity | None
    _values: dict[str, tuple]

    def __init__(self, action: str, resource: str, *, principal: str | None = None, context=None):
        # The checks are ordered cheapest first, and each fast path decides exactly what the full
        # check would: ``type(x) is str`` skips the call to require_str, ``isascii()`` (constant
        # time) skips encoding to find a lone surrogate, and one regex accepts the usual principals
        # (any other text goes to Identity.parse, which accepts it or names the rule it breaks).
        if type(action) is not str:
            require_str(action, "action")
        if type(resource) is not str:
            require_str(resource, "resource")
        if _ACTION_MATCH(action) is None:
            # The errors in their order: a lone surrogate in the action, then in the resource, then the form.
            _require_utf8(action, "action")
            _require_utf8(resource, "resource")
            raise RequestError(
                f"{reprlib.repr(action)} is not an action: a request names one service:ActionName, e.g. 's3:GetObject' "
                "(wildcards belong in policies, not requests)"
            )
        # The pattern is ASCII, so an action it accepts has no lone surrogate.
        if not resource.isascii():
            _require_utf8(resource, "resource")
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
        if principal is None:
            kind = principal_account = None
        else:
            if type(principal) is not str:
                require_str(principal, "principal")
            match = _USUAL_PRINCIPAL(principal)  # ASCII only: a principal it accepts has no lone surrogate
            if match is not None:
                last = match.lastindex or 0  # always set: every form ends in a group
                kind = _PRINCIPAL_KINDS[last]
                principal_account = match[1] if last < 4 else match[4]
            else:
                if not principal.isascii():
                    _require_utf8(principal, "principal")
                try:
                    identity = Identity.parse(principal)
                except ValueError as exc:
                    raise RequestError(str(exc)) from None
                kind, principal_account = identity.kind, identity.account
                _SET_IDENTITY(self, identity)
        if context is None:
            given = _NO_CONTEXT
        else:
            given = _checked_context(context)
        action_lower = action.lower()
        _SET_FIELDS(
            self,
            (
                action,
                resource,
                principal,
                action_lower[: action_lower.index(":")],
                action_lower,
                account,
                given,
                kind,
                principal_account,
            ),
        )

    @property
    def action(self) -> str:
        """The action as given, e.g. ``"s3:GetObject"``."""
        return self._fields[0]

    @property
    def resource(self) -> str:
        """The resource ARN, or ``"*"``."""
        return self._fields[1]

    @property
    def principal(self) -> str | None:
        """The principal's ARN (or service name) as given, or ``None``."""
        return self._fields[2]

    @property
    def service(self) -> str:
        """The action's service prefix in lower case, e.g. ``"s3"``."""
        return self._fields[3]

    @property
    def action_lower(self) -> str:
        """The action in lower case (actions match case-insensitively)."""
        return self._fields[4]

    @property
    def resource_account(self) -> str:
        """The account ID segment of the resource ARN (``""`` when it has none, or for ``"*"``)."""
        return self._fields[5]

    @property
    def context(self):
        """The context as given (read-only; list values as tuples)."""
        return MappingProxyType(self._fields[6])

    @property
    def identity(self) -> Identity | None:
        """The principal parsed (``None`` when no principal was given)."""
        try:
            return self._identity
        except AttributeError:  # not read yet: the principal was checked when the request was built
            principal = self._fields[2]
            identity = None if principal is None else Identity.parse(principal)
            _SET_IDENTITY(self, identity)
            return identity

    @property
    def context_values(self) -> dict:
        """Lower-case condition key -> tuple of values (the form the condition operators read)."""
        try:
            return self._values
        except AttributeError:  # not read yet: the context was checked when the request was built
            # In the checked context a tuple is always a list of values; any other value is one value.
            values = {key.lower(): v if type(v) is tuple else (v,) for key, v in self._fields[6].items()}
            _SET_VALUES(self, values)
            return values

    def __eq__(self, other):
        if not isinstance(other, Request):
            return NotImplemented
        mine, theirs = self._fields, other._fields
        return (mine[0], mine[1], mine[2], mine[6]) == (theirs[0], theirs[1], theirs[2], theirs[6])

    def __hash__(self):
        fields = self._fields
        return hash((fields[0], fields[1], fields[2], tuple(sorted(fields[6].items(), key=repr))))

    def __repr__(self) -> str:
        extra = ""
        if self.principal is not None:
            extra += f", principal={self.principal!r}"
        given = self._fields[6]
        if given:
            shown = {k: list(v) if isinstance(v, tuple) else v for k, v in given.items()}
            extra += f", context={shown!r}"
        return f"Request({self.action!r}, {self.resource!r}{extra})"


# The order of Request._fields, for readers of the tuple (the evaluation unpacks it in this order).
_FIELDS = (
    "action",
    "resource",
    "principal",
    "service",
    "action_lower",
    "resource_account",
    "context",
    "principal_kind",
    "principal_account",
)
# Slot descriptors' setters: one C call, where Frozen._set goes through keyword arguments and
# object.__setattr__ (several times slower on the construction hot path).
_SET_FIELDS = Request.__dict__["_fields"].__set__
_SET_IDENTITY = Request.__dict__["_identity"].__set__
_SET_VALUES = Request.__dict__["_values"].__set__
_NO_CONTEXT: dict = {}  # never changed, and shown only through a read-only view: one shared instance is safe
# The usual principals in ASCII, in one match: an IAM user or the root user (group 1 the account, 2 or 3
# the kind), a role session or a federated user (group 4 the account, 5 or 6 the kind). The forms are
# Identity.parse's, written out; a name is any ASCII but a line break (which its ``.+`` stops at), and a
# role or session name holds no ``/``. Other text (non-ASCII names too) goes to Identity.parse.
_NAME = r"[\x00-\x09\x0b-\x7f]"
_PART = r"[\x00-\x09\x0b-\x2e\x30-\x7f]"  # a name without "/"
_USUAL_PRINCIPAL = re.compile(
    rf"arn:[a-z][a-z0-9-]*:(?:iam::([0-9]{{12}}):(?:(user/{_NAME}+)|(root))"
    rf"|sts::([0-9]{{12}}):(?:(assumed-role/{_PART}+/{_PART}+)|(federated-user/{_PART}+)))"
).fullmatch
_PRINCIPAL_KINDS = (None, None, "user", "root", None, "role-session", "federated-user")


def _require_utf8(text: str, what: str) -> None:
    """A request travels as UTF-8: text with a lone surrogate (no UTF-8 form) cannot be sent."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestError(
            f"{what} {reprlib.repr(text)} holds a lone surrogate at position {exc.start}; a request "
            "is sent as UTF-8 text, which cannot carry it"
        ) from None


def _checked_context(context) -> dict:
    """A copy of the context, checked: condition keys (case-insensitive, each once) to accepted values.

    List values become tuples; a tuple in the copy is therefore always a list of values.
    """
    if type(context) is dict:
        # The common case, decided in one lean pass: ASCII str keys, each with one value of an exact
        # accepted type, no two keys alike. Anything else takes the full path below, which accepts
        # or refuses it by the same rules (and names the rule it breaks).
        lowered = {}
        for key, value in context.items():
            if type(key) is not str or type(value) not in _SCALAR_TYPES or not key.isascii():
                break
            lowered[key.lower()] = value
        else:
            if len(lowered) == len(context):
                return context.copy()
    return _checked_any_context(context)


def _checked_any_context(context) -> dict:
    """:func:`_checked_context` for any context: type checks, list values and case-insensitive duplicates."""
    if type(context) is not dict and not isinstance(context, dict):
        raise TypeError(f"context must be a dict of condition keys to values, not {type(context).__name__}")
    given: dict = {}
    seen: set = set()
    for key, value in context.items():
        if type(key) is not str:
            require_str(key, "a context key")
        if not key.isascii():
            _require_utf8(key, "context key")
        lower = key.lower()
        if lower in seen:
            first = next(k for k in given if k.lower() == lower)
            raise RequestError(
                f"context keys {first!r} and {key!r} are the same key: condition key names are case-insensitive"
            )
        seen.add(lower)
        kind = type(value)
        if kind in _SCALAR_TYPES:  # one value of an exact accepted type
            given[key] = value
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
    return given


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
