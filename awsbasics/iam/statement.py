"""A compiled policy statement: what it matches, and why it does not match a request.

Actions match case-insensitively, resources case-sensitively, each with the
``*`` and ``?`` wildcards; in a resource ARN a wildcard stays inside its
colon-separated segment unless a ``*`` ends the segment.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from awsbasics.iam.frozen import Frozen
from awsbasics.iam.lint import Finding
from awsbasics.iam.paths import policy_error
from awsbasics.iam.patterns import Template, _literal_text, arn_atoms, compile_wildcards, glob_atoms

if TYPE_CHECKING:
    from awsbasics.iam.conditions import Condition
    from awsbasics.iam.patterns import Matcher
    from awsbasics.iam.principals import PrincipalSpec

__all__ = ["Statement", "resource_pattern"]


class ResourcePattern(Frozen):
    """One Resource/NotResource ARN pattern, with policy variables in its resource part."""

    __slots__ = ("text", "static_atoms", "prefix_atoms", "template")
    text: str
    static_atoms: tuple[str, ...] | None  # the whole pattern's atoms; None when it holds policy variables
    prefix_atoms: tuple[str, ...] | None  # with template: the atoms of the five segments before the resource
    template: Template | None  # the resource part, when it holds policy variables

    def __init__(
        self,
        text: str,
        static_atoms: tuple[str, ...] | None,
        prefix_atoms: tuple[str, ...] | None,
        template: Template | None,
    ):
        self._set(text=text, static_atoms=static_atoms, prefix_atoms=prefix_atoms, template=template)

    def regex(self, context, problems):
        """The pattern with its variables resolved (static patterns live in the statement's combined matcher)."""
        # Only a pattern with policy variables (static_atoms is None) is resolved, and it has both.
        assert self.template is not None and self.prefix_atoms is not None
        chunks = self.template.resolve(context, problems)
        if chunks is None:
            return None  # a variable with no value: this ARN matches nothing
        return compile_wildcards((self.prefix_atoms + glob_atoms(chunks),))


def resource_pattern(text: str, path: str, variables: bool, findings: list) -> ResourcePattern:
    if text == "*":
        return ResourcePattern(text, (".*",), None, None)
    parts = text.split(":", 5)
    if not text.startswith("arn:") or len(parts) < 6:
        raise policy_error(
            path, f'Resource {text!r} must be "*" or an ARN, arn:partition:service:region:account-id:resource'
        )
    if not parts[1] or not parts[2]:
        raise policy_error(path, f"Resource {text!r} needs a partition and a service, e.g. arn:aws:s3:::bucket")
    if "*" in parts[2] or "?" in parts[2]:
        raise policy_error(path, f"Resource {text!r}: a wildcard cannot stand for the service segment ({parts[2]!r})")
    prefix = ":".join(parts[:5])
    if variables and "${" in prefix and not Template.parse(prefix, variables=True).is_static:
        findings.append(
            Finding(
                "variable-in-arn-prefix",
                "warning",
                path,
                f"{text!r}: policy variables work only in the resource part of an ARN (after the fifth colon); "
                "here they stay literal text",
            )
        )
    template = Template.parse(parts[5], variables=variables)
    prefix_atoms = arn_atoms(((prefix + ":", True),), resource_element=True)
    assert prefix_atoms is not None  # five segments and a colon: arn_atoms always finds the sixth
    if template.is_static:
        return ResourcePattern(text, prefix_atoms + glob_atoms(template.chunks()), None, None)
    return ResourcePattern(text, None, prefix_atoms, template)


class Statement(Frozen):
    """One compiled statement: what it matches, and why it does not match a request.

    Besides the methods, two tests for the evaluation's hot loop: ``action_hit(action_lower)``
    is truthy when the Action (or NotAction) element lets the action through, and
    ``resource_hit(resource)``, when not ``None``, is truthy when the Resource element
    matches (set only for a Resource element without policy variables; otherwise use
    :meth:`resource_matches`). ``action_literals`` is the set of lower-case actions of an
    Action element without wildcards (``None`` otherwise), for the policy's action index.
    """

    __slots__ = (
        "index",
        "path",
        "sid",
        "effect",
        "action_element",
        "actions",
        "resource_element",
        "resources",
        "principal_element",
        "principal",
        "conditions",
        "raw",
        "_action_regex",
        "_resource_regex",
        "_dynamic_resources",
        "services",
        "action_literals",
        "action_hit",
        "resource_hit",
    )
    index: int
    path: str
    sid: str | None
    effect: str  # "Allow" or "Deny"
    action_element: str  # "Action" or "NotAction"
    actions: tuple[str, ...]
    resource_element: str | None  # "Resource", "NotResource", or None (a resource policy without one)
    resources: tuple[ResourcePattern, ...]
    principal_element: str | None
    principal: PrincipalSpec | None
    conditions: tuple[Condition, ...]
    raw: dict
    _action_regex: Matcher
    _resource_regex: Matcher | None  # the Resource patterns without policy variables, if any
    _dynamic_resources: tuple[ResourcePattern, ...]  # the patterns with policy variables
    services: frozenset[str] | None
    action_literals: frozenset[str] | None
    action_hit: Callable[[str], object]
    resource_hit: Callable[[str], object] | None

    def __init__(
        self,
        *,
        index,
        path,
        sid,
        effect,
        action_element,
        actions,
        resource_element,
        resources,
        principal_element,
        principal,
        conditions,
        raw,
    ):
        # Actions match case-insensitively: compare lower-case text.
        patterns = tuple(glob_atoms(((a.lower(), True),)) for a in actions)
        static = tuple(r.static_atoms for r in resources if r.static_atoms is not None)
        dynamic = tuple(r for r in resources if r.static_atoms is None)
        # Service prefixes this statement can match; None = any (NotAction, "*", "s*:...").
        named: set[str] = set()
        services: set[str] | None = named
        for action in actions:
            service = action.split(":", 1)[0].lower() if ":" in action else "*"
            if "*" in service or "?" in service:
                services = None
                break
            named.add(service)
        action_regex = compile_wildcards(patterns)
        resource_regex = compile_wildcards(static) if static else None
        literals = _literals(patterns)  # the actions when none holds a wildcard (lower case)
        self._set(
            index=index,
            path=path,
            sid=sid,
            effect=effect,
            action_element=action_element,
            actions=actions,
            resource_element=resource_element,
            resources=resources,
            principal_element=principal_element,
            principal=principal,
            conditions=conditions,
            raw=raw,
            _action_regex=action_regex,
            _resource_regex=resource_regex,
            _dynamic_resources=dynamic,
            services=None if action_element == "NotAction" or services is None else frozenset(services),
            action_literals=literals if action_element == "Action" else None,
            action_hit=_action_test(literals, action_regex, negate=action_element == "NotAction"),
            resource_hit=_resource_test(static, resource_regex)
            if resource_element == "Resource" and not dynamic
            else None,
        )

    def __repr__(self) -> str:
        sid = f" {self.sid!r}" if self.sid else ""
        return f"<Statement {self.path}{sid}: {self.effect} {self.action_element}={list(self.actions)}>"

    @property
    def label(self) -> str:
        return f"{self.path} ({self.sid})" if self.sid else self.path

    def action_matches(self, action_lower: str) -> bool:
        return bool(self.action_hit(action_lower))

    def resource_matches(self, resource: str, context, problems) -> bool:
        if self.resource_element is None:
            return True  # a resource-based policy without Resource covers its own resource
        hit = self._resource_regex is not None and self._resource_regex.fullmatch(resource) is not None
        if not hit:
            for pattern in self._dynamic_resources:
                regex = pattern.regex(context, problems)
                if regex is not None and regex.fullmatch(resource):
                    hit = True
                    break
        return hit if self.resource_element == "Resource" else not hit

    def principal_grant(self, identity, *, boundary: bool) -> str | None:
        """How the Principal element names the requester (``None``: the statement does not apply).

        Without a Principal element (identity-type policies) the grant is ``"identity"``.
        """
        if self.principal is None:
            return "identity"
        if self.principal_element == "Principal":
            return self.principal.grant(identity)
        # A Deny with NotPrincipal always applies to a principal with a permissions boundary.
        if boundary and self.effect == "Deny":
            return "direct"
        return None if self.principal.excludes(identity) else "direct"

    def conditions_hold(self, context, problems) -> bool:
        for condition in self.conditions:
            if not condition.evaluate(context, problems):
                return False
        return True

    def explain(self, request, *, boundary: bool = False) -> str | None:
        """Why this statement does not apply to ``request`` (``None`` if it applies).

        Names the first element that fails: action, resource, principal, or condition operator and key.
        """
        problems: list = []
        if not self.action_matches(request.action.lower()):
            listed = ", ".join(self.actions)
            if self.action_element == "Action":
                return f"action: {request.action} is not matched by Action [{listed}]"
            return f"action: {request.action} is excluded by NotAction [{listed}]"
        if not self.resource_matches(request.resource, request.context_values, problems):
            listed = ", ".join(r.text for r in self.resources)
            if self.resource_element == "Resource":
                return f"resource: {request.resource} is not matched by Resource [{listed}]"
            return f"resource: {request.resource} is excluded by NotResource [{listed}]"
        if self.principal is not None and self.principal_grant(request.identity, boundary=boundary) is None:
            who = request.principal or "an anonymous principal"
            if self.principal_element == "Principal":
                return f"principal: {who} is not named by Principal ({self.principal.text()})"
            return f"principal: {who} is listed in NotPrincipal ({self.principal.text()})"
        for condition in self.conditions:
            if not condition.evaluate(request.context_values, problems):
                value = request.context_values.get(condition.key_lower)
                seen = "absent" if value is None else ", ".join(repr(v) for v in value)
                return (
                    f"condition {condition.operator} {condition.key}: request value {seen}, "
                    f"policy {list(condition.values)}"
                )
        return None


def _literals(alternatives) -> frozenset[str] | None:
    """The texts of ``alternatives`` (tuples of atoms) when none holds a wildcard, else ``None``."""
    texts = set()
    for atoms in alternatives:
        text = _literal_text(atoms)
        if text is None:
            return None
        texts.add(text)
    return frozenset(texts)


def _action_test(literals, regex, *, negate: bool):
    """``action_hit``: a set lookup when every action is literal (the usual case), else the regex."""
    test = literals.__contains__ if literals is not None else regex.fullmatch
    if negate:
        return lambda action_lower: not test(action_lower)
    return test


def _resource_test(static, regex):
    """``resource_hit`` for a Resource element of static patterns: a set lookup when all are literal."""
    if regex is None:
        return _never
    literals = _literals(static)
    return literals.__contains__ if literals is not None else regex.fullmatch


def _never(_resource: str) -> bool:
    return False
