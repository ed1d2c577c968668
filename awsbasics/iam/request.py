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
import re
from decimal import Decimal
from types import MappingProxyType

from awsbasics._checks import require_str
from awsbasics.errors import RequestError
from awsbasics.iam.frozen import Frozen
from awsbasics.iam.patterns import is_arn
from awsbasics.iam.principals import Identity

__all__ = ["Request", "RequestError"]

_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9_.-]+")
_VALUE_TYPES = (str, bool, int, float, Decimal, dt.datetime, bytes)


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
        if not _ACTION.fullmatch(action):
            raise RequestError(
                f"{action!r} is not an action: a request names one service:ActionName, e.g. 's3:GetObject' "
                "(wildcards belong in policies, not requests)"
            )
        if resource != "*" and not is_arn(resource):
            raise RequestError(
                f"{resource!r} is not a resource: use its ARN (arn:partition:service:region:account-id:resource, "
                "e.g. arn:aws:s3:::bucket/key) or '*' for an action that takes no resource"
            )
        identity = None
        if principal is not None:
            require_str(principal, "principal")
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


def _normalize(context):
    if context is None:
        return MappingProxyType({}), {}
    if not isinstance(context, dict):
        raise TypeError(f"context must be a dict of condition keys to values, not {type(context).__name__}")
    given, values = {}, {}
    seen: dict[str, str] = {}
    for key, value in context.items():
        require_str(key, "a context key")
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
