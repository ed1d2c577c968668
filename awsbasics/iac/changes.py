"""Change sets (변경 세트): what updating a stack from one template to another would do.

For each resource a change set says Add, Modify or Remove, and for a
modification whether CloudFormation must **replace** it (create a new one with
a new id, then delete the old). That is decided by the resource type's schema:
a property listed in ``createOnlyProperties`` can only be set at creation, so
changing it replaces the resource. The schemas are the ones cfn-lint ships,
read at run time from its package data::

    >>> from awsbasics.network import VPC
    >>> from awsbasics.iac import change_set
    >>> def network(cidr, *, tag="web"):
    ...     vpc = VPC("10.0.0.0/16", name="shop")
    ...     vpc.add_subnet(cidr, az="az-a", name=tag)
    ...     return vpc
    >>> change_set(network("10.0.0.0/24"), network("10.0.1.0/24")).by_id("SubnetWeb").replacement
    'True'

A replaced resource gets a new physical id, so every resource whose
create-only property refers to it is replaced too. ``DeletionPolicy`` and
``UpdateReplacePolicy`` decide what happens to the old physical resource.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html,
https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
"""

from __future__ import annotations

import json
import reprlib
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import TemplateError
from awsbasics.iac.template import Template

__all__ = ["change_set", "ChangeSet", "ResourceChange", "replacement_properties", "ACTIONS"]

ACTIONS: tuple[str, ...] = tuple(data.value("iac", "change_set_actions")["actions"])
_SNAPSHOT_BY_DEFAULT = tuple(data.value("iac", "snapshot_by_default_types"))
_COLUMNS = ("logical_id", "type", "action", "replacement", "properties", "old_resource", "why")


def _schema_dir() -> Path:
    """cfn-lint's bundled schemas (``cfnlint/data/schemas``), found without importing cfn-lint."""
    spec = find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise TemplateError("cfn-lint is not installed; it ships the resource schemas a change set is read from")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"


@cache
def _provider(region: str) -> dict:
    path = _schema_dir() / "providers" / f"{region}.json"
    if not path.is_file():
        path = _schema_dir() / "providers" / "us-east-1.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _schema(resource_type: str, region: str) -> dict:
    digest = _provider(region).get(resource_type)
    if digest is None:
        raise TemplateError(
            f"{reprlib.repr(resource_type)} is not a resource type cfn-lint's schemas know for {reprlib.repr(region)}"
        )
    return json.loads((_schema_dir() / "resources" / f"{digest}.json").read_text(encoding="utf-8"))


def replacement_properties(resource_type: str, *, region: str = "us-east-1") -> tuple[str, ...]:
    """The create-only property paths of a resource type (changing one replaces the resource).

    >>> replacement_properties("AWS::EC2::Subnet")[:4]
    ('VpcId', 'AvailabilityZone', 'AvailabilityZoneId', 'CidrBlock')
    """
    if not isinstance(resource_type, str):
        raise TypeError(f"resource_type must be str such as 'AWS::EC2::Subnet', not {type(resource_type).__name__}")
    if not isinstance(region, str):
        raise TypeError(f"region must be str, not {type(region).__name__}")
    paths = _schema(resource_type, region).get("createOnlyProperties", [])
    return tuple(p.removeprefix("/properties/") for p in paths)


@dataclass(frozen=True, slots=True)
class ResourceChange:
    """One row of a change set."""

    logical_id: str
    resource_type: str
    action: str  # Add / Modify / Remove
    replacement: str | None  # "True" / "False" for Modify, None otherwise
    properties: tuple[str, ...]  # the properties (or attributes) that differ
    old_resource: str  # what happens to the old physical resource
    why: str  # the rule behind the replacement decision

    @property
    def replaces(self) -> bool:
        return self.replacement == "True"


@dataclass(frozen=True, slots=True)
class ChangeSet(Rendered):
    """The changes between two templates, resource by resource (unchanged resources are not listed)."""

    changes: tuple[ResourceChange, ...]
    region: str

    _view_ = "iac.change_set_view"

    def by_id(self, logical_id: str) -> ResourceChange:
        for change in self.changes:
            if change.logical_id == logical_id:
                return change
        listed = ", ".join(c.logical_id for c in self.changes) or "none"
        raise KeyError(f"no change for {logical_id!r} (changed: {listed})")

    @property
    def replacements(self) -> tuple[ResourceChange, ...]:
        return tuple(c for c in self.changes if c.replaces)

    @property
    def rows(self) -> list[tuple]:
        return [
            (
                c.logical_id,
                c.resource_type,
                c.action,
                c.replacement or "",
                ", ".join(c.properties),
                c.old_resource,
                c.why,
            )
            for c in self.changes
        ]

    @property
    def verdict(self) -> str:
        counts = {a: sum(c.action == a for c in self.changes) for a in ACTIONS}
        return (
            f"change set: {counts['Add']} to add, {counts['Modify']} to modify "
            f"({len(self.replacements)} by replacement), {counts['Remove']} to remove"
        )

    def text(self) -> str:
        return self.verdict + ("\n" + text_table(_COLUMNS, self.rows) if self.changes else "")


def _template(value, what: str) -> Template:
    if isinstance(value, Template):
        return value
    from awsbasics.iac.export import to_cloudformation

    try:
        return to_cloudformation(value)
    except TypeError:
        raise TypeError(f"{what} must be a Template or a model with an exporter, not {type(value).__name__}") from None


def _at(document, path: list[str]):
    for part in path:
        if not isinstance(document, dict) or part not in document:
            return None
        document = document[part]
    return document


def _refs(value) -> set[str]:
    """The logical ids a value refers to with Ref, Fn::GetAtt or ${...} in Fn::Sub."""
    found: set[str] = set()
    if isinstance(value, dict):
        if set(value) == {"Ref"} and isinstance(value["Ref"], str):
            found.add(value["Ref"])
        elif set(value) == {"Fn::GetAtt"} and isinstance(value["Fn::GetAtt"], list) and value["Fn::GetAtt"]:
            found.add(str(value["Fn::GetAtt"][0]))
        for item in value.values():
            found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def _fate(resource: dict, policy_key: str, *, replaced: bool) -> str:
    policy = resource.get(policy_key)
    if policy is None:
        policy = "Snapshot" if resource["Type"] in _SNAPSHOT_BY_DEFAULT else "Delete"
        source = "default"
    else:
        source = policy_key
    old = "the old one" if replaced else "it"
    if policy in ("Retain", "RetainExceptOnCreate"):
        return f"{old} is kept outside the stack, still billed ({source} {policy})"
    if policy == "Snapshot":
        return f"a final snapshot is kept, then {old} is deleted ({source} Snapshot)"
    return f"{old} is deleted ({source} Delete)"


def change_set(old, new, *, region: str = "us-east-1") -> ChangeSet:
    """Preview updating a stack from ``old`` to ``new`` (Templates, or models to export).

    Raises:
        TemplateError: a resource type cfn-lint's schemas do not know.
        TypeError: something that is neither a Template nor an exportable model.
    """
    if not isinstance(region, str):
        raise TypeError(f"region must be str, not {type(region).__name__}")
    before = _template(old, "old").to_dict()["Resources"]
    after = _template(new, "new").to_dict()["Resources"]
    changes: dict[str, ResourceChange] = {}
    replaced: dict[str, str] = {}
    modified: dict[str, list[str]] = {}
    for lid in sorted(after.keys() - before.keys()):
        changes[lid] = ResourceChange(lid, after[lid]["Type"], "Add", None, (), "", "new in the template")
    for lid in sorted(before.keys() - after.keys()):
        changes[lid] = ResourceChange(
            lid,
            before[lid]["Type"],
            "Remove",
            None,
            (),
            _fate(before[lid], "DeletionPolicy", replaced=False),
            "gone from the template",
        )
    for lid in sorted(before.keys() & after.keys()):
        a, b = before[lid], after[lid]
        if a["Type"] != b["Type"]:
            replaced[lid] = f"its type changes from {a['Type']} to {b['Type']}"
            modified[lid] = ["Type"]
            continue
        props_a, props_b = a.get("Properties", {}), b.get("Properties", {})
        changed = sorted(k for k in props_a.keys() | props_b.keys() if props_a.get(k) != props_b.get(k))
        attributes = sorted(k for k in (a.keys() | b.keys()) - {"Type", "Properties"} if a.get(k) != b.get(k))
        if not changed and not attributes:
            continue
        modified[lid] = changed + attributes
        create_only = replacement_properties(b["Type"], region=region)
        for path in create_only:
            parts = path.split("/")
            if parts[0] in changed and _at(props_a, parts) != _at(props_b, parts):
                replaced[lid] = f"{path} is create-only in the {b['Type']} schema"
                break
    # A replaced resource gets a new physical id: whatever refers to it in a create-only property is replaced too.
    growing = True
    while growing:
        growing = False
        for lid in sorted(before.keys() & after.keys()):
            if lid in replaced:
                continue
            props = after[lid].get("Properties", {})
            create_only = replacement_properties(after[lid]["Type"], region=region)
            for name, value in props.items():
                targets = _refs(value) & replaced.keys()
                if not targets:
                    continue
                target = min(targets)
                modified.setdefault(lid, [])
                if name not in modified[lid]:
                    modified[lid].append(name)
                if any(p.split("/")[0] == name for p in create_only):
                    replaced[lid] = f"{name} refers to {target}, which is replaced (new id), and {name} is create-only"
                    growing = True
                    break
    for lid, names in modified.items():
        resource = before[lid]
        if lid in replaced:
            changes[lid] = ResourceChange(
                lid,
                after[lid]["Type"],
                "Modify",
                "True",
                tuple(names),
                _fate(resource, "UpdateReplacePolicy", replaced=True),
                replaced[lid],
            )
        else:
            changes[lid] = ResourceChange(
                lid,
                after[lid]["Type"],
                "Modify",
                "False",
                tuple(names),
                "updated in place",
                "no create-only property changes",
            )
    order = {a: i for i, a in enumerate(ACTIONS)}
    ordered = sorted(changes.values(), key=lambda c: (order[c.action], c.logical_id))
    return ChangeSet(tuple(ordered), region)
