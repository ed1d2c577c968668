"""A compiled policy statement: what it matches, and why it does not match a request.

Actions match case-insensitively, resources case-sensitively, each with the
``*`` and ``?`` wildcards; in a resource ARN a wildcard stays inside its
colon-separated segment unless a ``*`` ends the segment.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""

from __future__ import annotations

from awsbasics.iam.frozen import Frozen
from awsbasics.iam.lint import Finding
from awsbasics.iam.paths import policy_error
from awsbasics.iam.patterns import Template, arn_atoms, compile_wildcards, glob_atoms

__all__ = ["Statement", "resource_pattern"]


class ResourcePattern(Frozen):
    """One Resource/NotResource ARN pattern, with policy variables in its resource part."""

    __slots__ = ("text", "static_atoms", "prefix_atoms", "template")

    def __init__(self, text: str, static_atoms: tuple | None, prefix_atoms: tuple | None, template):
        self._set(text=text, static_atoms=static_atoms, prefix_atoms=prefix_atoms, template=template)

    def regex(self, context, problems):
        """The pattern with its variables resolved (static patterns live in the statement's combined matcher)."""
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
    if template.is_static:
        return ResourcePattern(text, prefix_atoms + glob_atoms(template.chunks()), None, None)
    return ResourcePattern(text, None, prefix_atoms, template)


class Statement(Frozen):
    """One compiled statement: what it matches, and why it does not match a request."""

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
    )

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
        # Service prefixes this statement can match; None = any (NotAction, "*", "s*:...").
        services = set()
        for action in actions:
            service = action.split(":", 1)[0].lower() if ":" in action else "*"
            if "*" in service or "?" in service:
                services = None
                break
            services.add(service)
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
            _action_regex=compile_wildcards(patterns),
            _resource_regex=compile_wildcards(static) if static else None,
            _dynamic_resources=tuple(r for r in resources if r.static_atoms is None),
            services=None if action_element == "NotAction" or services is None else frozenset(services),
        )

    def __repr__(self) -> str:
        sid = f" {self.sid!r}" if self.sid else ""
        return f"<Statement {self.path}{sid}: {self.effect} {self.action_element}={list(self.actions)}>"

    @property
    def label(self) -> str:
        return f"{self.path} ({self.sid})" if self.sid else self.path

    def action_matches(self, action_lower: str) -> bool:
        hit = self._action_regex.fullmatch(action_lower) is not None
        return hit if self.action_element == "Action" else not hit

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
        if self.principal_grant(request.identity, boundary=boundary) is None:
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
