"""A CloudFormation template (템플릿) as a read-only mapping, written as YAML or JSON.

A template is a document with sections: ``AWSTemplateFormatVersion``,
``Description``, ``Parameters``, ``Resources`` (the only one required),
``Outputs``. Values that CloudFormation works out at deploy time are
*intrinsic functions*, kept here in their long form (``{"Ref": "Vpc"}``,
``{"Fn::GetAtt": ["Vpc", "DefaultSecurityGroup"]}``) and written by
:meth:`Template.to_yaml` in the short form people read (``!Ref Vpc``,
``!GetAtt Vpc.DefaultSecurityGroup``) through a PyYAML dumper:

    >>> t = Template({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
    ...     "Igw": {"Type": "AWS::EC2::InternetGateway"},
    ...     "Attach": {"Type": "AWS::EC2::VPCGatewayAttachment",
    ...                "Properties": {"VpcId": ref("Vpc"), "InternetGatewayId": ref("Igw")}}}})
    >>> print(t.to_yaml().splitlines()[-2])
          VpcId: !Ref Vpc
    >>> t["Resources"]["Vpc"]["Type"]
    'AWS::EC2::VPC'

Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics.errors import TemplateError

__all__ = [
    "Template",
    "ref",
    "get_att",
    "sub",
    "import_value",
    "logical_id",
    "FORMAT_VERSION",
    "SECTIONS",
    "INTRINSICS",
    "TEMPLATE_QUOTAS",
    "show_int",
]

FORMAT_VERSION = "2010-09-09"
# The top-level sections in the order CloudFormation's documentation lists them.
SECTIONS = (
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
)
# Intrinsic functions with their YAML short-form tag; the long form is the mapping key.
INTRINSICS = {
    "Ref": "!Ref",
    "Fn::GetAtt": "!GetAtt",
    "Fn::Sub": "!Sub",
    "Fn::ImportValue": "!ImportValue",
    "Fn::Select": "!Select",
    "Fn::GetAZs": "!GetAZs",
    "Fn::Join": "!Join",
    "Fn::If": "!If",
    "Fn::Equals": "!Equals",
    "Fn::Not": "!Not",
    "Fn::Split": "!Split",
    "Fn::FindInMap": "!FindInMap",
    "Fn::Base64": "!Base64",
    "Fn::Cidr": "!Cidr",
    "Condition": "!Condition",
}
TEMPLATE_QUOTAS: dict = {row[0]: row[1] for row in data.fact("iac", "cloudformation_quotas")["rows"]}
_MAX_LOGICAL_ID = TEMPLATE_QUOTAS["resource_name_chars"]
_LOGICAL_ID = re.compile(r"[A-Za-z0-9]+")


def ref(logical_id: str) -> dict:
    """``{"Ref": logical_id}``: a resource's id (or a parameter's value)."""
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict:
    """``{"Fn::GetAtt": [logical_id, attribute]}``: an attribute CloudFormation learns at deploy time."""
    return {"Fn::GetAtt": [logical_id, attribute]}


def sub(text: str) -> dict:
    """``{"Fn::Sub": text}``: text with ``${...}`` placeholders filled in at deploy time."""
    return {"Fn::Sub": text}


def import_value(export_name) -> dict:
    """``{"Fn::ImportValue": export_name}``: a value another stack exported."""
    return {"Fn::ImportValue": export_name}


def logical_id(*parts: str) -> str:
    """A CloudFormation logical id from model names: alphanumerics only, each part capitalised.

    >>> logical_id("Subnet", "public-a"), logical_id("SecurityGroup", "web_tier")
    ('SubnetPublicA', 'SecurityGroupWebTier')
    """
    words = []
    for part in parts:
        if not isinstance(part, str):
            raise TypeError(f"a logical id is built from names (str), not {type(part).__name__}")
        words += [w[:1].upper() + w[1:] for w in _LOGICAL_ID.findall(part)]
    text = "".join(words)
    if not text:
        raise TemplateError(f"{parts!r} hold no letters or digits; a logical id is alphanumeric (A-Za-z0-9)")
    return text[:_MAX_LOGICAL_ID]


def show_int(value: int) -> str:
    """An int for a message: its digits, or its size when it is too long to print."""
    return str(value) if value.bit_length() <= 128 else f"(an int of {value.bit_length():,} bits)"


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _dumper():
    """A PyYAML dumper that writes intrinsic functions in short form and keeps key order."""
    import yaml

    class Dumper(yaml.SafeDumper):
        analysis: Any  # PyYAML's Emitter keeps the current scalar's analysis here (PyYAML ships no types)

        def choose_scalar_style(self):
            # A short-form tag's argument may be plain (`!Ref Vpc`); PyYAML quotes every explicitly tagged scalar.
            event = self.event
            if event.tag and event.tag.startswith("!") and not event.style:
                if self.analysis is None:
                    self.analysis = self.analyze_scalar(event.value)
                analysis = self.analysis
                if (
                    not analysis.empty
                    and not analysis.multiline
                    and (
                        (self.flow_level and analysis.allow_flow_plain)
                        or (not self.flow_level and analysis.allow_block_plain)
                    )
                ):
                    return ""
            return super().choose_scalar_style()

    def represent_dict(dumper, value):
        if len(value) == 1:
            ((key, argument),) = value.items()
            tag = INTRINSICS.get(key)
            if tag is not None:
                if key == "Fn::GetAtt" and isinstance(argument, list) and all(isinstance(a, str) for a in argument):
                    return dumper.represent_scalar(tag, ".".join(argument))
                if isinstance(argument, list):
                    return dumper.represent_sequence(tag, argument, flow_style=_flat(argument))
                if isinstance(argument, dict):
                    return dumper.represent_mapping(tag, argument.items())
                return dumper.represent_scalar(tag, "" if argument is None else str(argument))
        return dumper.represent_mapping("tag:yaml.org,2002:map", value.items())

    Dumper.add_representer(dict, represent_dict)
    Dumper.ignore_aliases = lambda self, data: True
    return Dumper


def _loader():
    """A PyYAML safe loader that reads short-form intrinsics (``!Ref X``) as their long form."""
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            # An alias can expand a few lines into millions of nodes (a "billion laughs" document).
            if self.check_event(yaml.AliasEvent):
                raise TemplateError(
                    "the text uses a YAML alias (*name); this reader refuses anchors and aliases, "
                    "which can expand a short text into a huge document"
                )
            return super().compose_node(parent, index)

    def construct(tag_key):
        def build(loader, node):
            if isinstance(node, yaml.ScalarNode):
                value = loader.construct_scalar(node)
                if tag_key == "Fn::GetAtt":
                    value = value.split(".", 1)
            elif isinstance(node, yaml.SequenceNode):
                value = loader.construct_sequence(node, deep=True)
            else:
                value = loader.construct_mapping(node, deep=True)
            return {tag_key: value}

        return build

    for key, tag in INTRINSICS.items():
        Loader.add_constructor(tag, construct(key))
    # Dates and times stay text, as CloudFormation reads them (AWSTemplateFormatVersion: 2010-09-09).
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return Loader


def _flat(items: list) -> bool:
    """Write a short list of scalars and short-form calls inline: ``!Select [0, !GetAZs '']``."""
    return (
        all(
            not isinstance(i, (dict, list))
            or (
                isinstance(i, dict)
                and len(i) == 1
                and next(iter(i)) in INTRINSICS
                and not isinstance(next(iter(i.values())), (dict, list))
            )
            for i in items
        )
        and len(items) <= 4
    )


class Template(Mapping, Rendered):
    """A CloudFormation template: a read-only mapping of its sections.

    Build one with :func:`awsbasics.iac.to_cloudformation`; read it like a dict
    (nested mappings are read-only too) and write it with :meth:`to_yaml` or
    :meth:`to_json`. ``notes`` lists what the model holds that the template
    does not (and why).
    """

    _view_ = "iac.template_view"

    def __init__(self, document: Mapping, *, notes=(), sources: Mapping | None = None):
        if not isinstance(document, Mapping):
            raise TypeError(f"a template is a mapping of sections, not {type(document).__name__}")
        unknown = [k for k in document if k not in SECTIONS]
        if unknown:
            raise TemplateError(f"{unknown[0]!r} is not a template section; CloudFormation knows {', '.join(SECTIONS)}")
        if not isinstance(document.get("Resources"), Mapping) or not document["Resources"]:
            raise TemplateError("a template needs a Resources section with at least one resource")
        if len(document["Resources"]) > TEMPLATE_QUOTAS["resources_per_template"]:
            raise TemplateError(
                f"{len(document['Resources']):,} resources; a template declares at most "
                f"{TEMPLATE_QUOTAS['resources_per_template']}"
            )
        for key, resource in document["Resources"].items():
            if not isinstance(key, str) or not _LOGICAL_ID.fullmatch(key) or len(key) > _MAX_LOGICAL_ID:
                raise TemplateError(f"logical id {str(key)[:40]!r} must be 1 to {_MAX_LOGICAL_ID} letters and digits")
            if not isinstance(resource, Mapping) or not isinstance(resource.get("Type"), str):
                raise TemplateError(f"resource {key} must be a mapping with a Type such as 'AWS::EC2::VPC'")
            if not isinstance(resource.get("Properties", {}), Mapping):
                raise TemplateError(f"resource {key}: Properties must be a mapping")
        try:
            body = json.loads(json.dumps(_thaw(document), allow_nan=False))
        except RecursionError:
            raise TemplateError("the template is nested too deeply to be a CloudFormation template") from None
        except ValueError as exc:
            raise TemplateError(
                f"the template holds a value JSON cannot write ({exc}); NaN and Infinity are not template values"
            ) from None
        except TypeError as exc:
            raise TemplateError(f"the template holds a value that is not JSON ({exc})") from None
        self._document = {k: body[k] for k in SECTIONS if k in body}
        self._frozen = _freeze(self._document)
        self.notes: tuple[str, ...] = tuple(notes)
        # id(model) -> (model, logical id): which model became which resource, for stacks that import from this one
        self._sources = dict(sources or {})

    def logical_id_for(self, model) -> str | None:
        """The logical id the given model object became in this template, or None."""
        found = self._sources.get(id(model))
        return found[1] if found is not None and found[0] is model else None

    @classmethod
    def parse(cls, text: str) -> Template:
        """A template from YAML (short-form intrinsics allowed) or JSON text.

        >>> t = Template.parse("Resources: {Attach: {Type: 'AWS::EC2::VPCGatewayAttachment', "
        ...                    "Properties: {VpcId: !Ref Vpc, InternetGatewayId: !GetAtt Igw.InternetGatewayId}}}")
        >>> t.to_dict()["Resources"]["Attach"]["Properties"]
        {'VpcId': {'Ref': 'Vpc'}, 'InternetGatewayId': {'Fn::GetAtt': ['Igw', 'InternetGatewayId']}}

        Raises:
            TemplateError: text that is not YAML or JSON, or not a template (the message says where).
        """
        import yaml

        if not isinstance(text, str):
            raise TypeError(f"a template is YAML or JSON text, not {type(text).__name__}")
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > TEMPLATE_QUOTAS["template_s3_bytes"]:
            raise TemplateError(
                f"the template text is {size:,} bytes; CloudFormation reads at most "
                f"{TEMPLATE_QUOTAS['template_s3_bytes']:,}"
            )
        try:
            document = yaml.load(text, Loader=_loader())  # a SafeLoader subclass
        except RecursionError:
            raise TemplateError("the template text is nested too deeply") from None
        except yaml.YAMLError as exc:
            raise TemplateError(f"the text is not YAML or JSON: {str(exc)[:300]}") from None
        if not isinstance(document, dict):
            raise TemplateError(f"a template is a mapping of sections, not {type(document).__name__} text")
        return cls(document)

    def __getitem__(self, key):
        return self._frozen[key]

    def __iter__(self):
        return iter(self._frozen)

    def __len__(self) -> int:
        return len(self._frozen)

    @property
    def resources(self) -> Mapping:
        return self._frozen["Resources"]

    def resource_types(self) -> dict[str, int]:
        """How many resources of each type, by type name."""
        counts: dict[str, int] = {}
        for resource in self._document["Resources"].values():
            counts[resource["Type"]] = counts.get(resource["Type"], 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict:
        """A deep, mutable copy of the document (long-form intrinsics)."""
        return copy.deepcopy(self._document)

    def to_json(self, *, indent: int = 2) -> str:
        """The template as JSON (intrinsic functions in long form, as JSON templates write them)."""
        return json.dumps(self._document, indent=indent, ensure_ascii=False)

    def to_yaml(self) -> str:
        """The template as YAML with short-form intrinsic functions (``!Ref``, ``!GetAtt``, ``!Sub``, ...)."""
        import yaml

        return yaml.dump(
            self._document, Dumper=_dumper(), sort_keys=False, allow_unicode=True, default_flow_style=False, width=120
        )

    def with_policy(
        self, logical_id: str, *, deletion: str | None = None, update_replace: str | None = None
    ) -> Template:
        """A copy with a ``DeletionPolicy`` and/or ``UpdateReplacePolicy`` on one resource.

        >>> t = Template({"Resources": {"Logs": {"Type": "AWS::S3::Bucket"}}})
        >>> t.with_policy("Logs", deletion="Retain")["Resources"]["Logs"]["DeletionPolicy"]
        'Retain'
        """
        document = self.to_dict()
        if not isinstance(logical_id, str):
            raise TypeError(f"logical_id must be str, not {type(logical_id).__name__}")
        if logical_id not in document["Resources"]:
            raise TemplateError(f"the template has no resource {logical_id!r}")
        resource = document["Resources"][logical_id]
        for key, choice in (("DeletionPolicy", deletion), ("UpdateReplacePolicy", update_replace)):
            if choice is None:
                continue
            if not isinstance(choice, str):
                raise TypeError(f"{key} must be str, not {type(choice).__name__}")
            allowed = DELETION_POLICIES
            if choice not in allowed:
                raise TemplateError(f"{key} {choice!r} must be one of {', '.join(allowed)}")
            if choice == "Snapshot" and resource["Type"] not in SNAPSHOT_TYPES:
                raise TemplateError(
                    f"{key} Snapshot is not supported by {resource['Type']}; CloudFormation snapshots only "
                    f"{', '.join(SNAPSHOT_TYPES)}"
                )
            resource[key] = choice
        return Template(document, notes=self.notes, sources=self._sources)

    def with_tag(self, logical_id: str, key: str, value: str) -> Template:
        """A copy with one tag set on one resource (a tag change updates in place; a logical id change does not).

        >>> t = Template({"Resources": {"Web": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "vpc-1"}}}})
        >>> t.with_tag("Web", "team", "shop")["Resources"]["Web"]["Properties"]["Tags"][0]["Value"]
        'shop'
        """
        for name, text in (("logical_id", logical_id), ("key", key), ("value", value)):
            if not isinstance(text, str):
                raise TypeError(f"{name} must be str, not {type(text).__name__}")
        document = self.to_dict()
        if logical_id not in document["Resources"]:
            raise TemplateError(f"the template has no resource {logical_id!r}")
        if not key or len(key) > TAG_LIMITS["key_chars"] or len(value) > TAG_LIMITS["value_chars"]:
            raise TemplateError(
                f"tag {key[:20]!r}: a key is 1 to {TAG_LIMITS['key_chars']} characters and a value at "
                f"most {TAG_LIMITS['value_chars']}"
            )
        properties = document["Resources"][logical_id].setdefault("Properties", {})
        tags = [t for t in properties.get("Tags", []) if t.get("Key") != key]
        properties["Tags"] = tags + [{"Key": key, "Value": value}]
        return Template(document, notes=self.notes, sources=self._sources)

    def diagram(self):
        """The resources and their references as a Graphviz diagram."""
        from awsbasics._protocol import view

        return view("iac.template_diagram")(self)

    def regions(self) -> tuple[str, ...]:
        """The Regions its literal Availability Zone names belong to (empty when none is named)."""
        found = []
        for resource in self._document["Resources"].values():
            az = resource.get("Properties", {}).get("AvailabilityZone")
            if isinstance(az, str) and az[-1:].isalpha() and az[:-1] not in found:
                found.append(az[:-1])
        return tuple(found)

    def text(self) -> str:
        counts = ", ".join(f"{n} {t}" for t, n in self.resource_types().items())
        lines = [f"CloudFormation template: {len(self._document['Resources'])} resources ({counts})"]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines + ["", self.to_yaml()])

    def __repr__(self) -> str:
        return f"<Template: {len(self._document['Resources'])} resources>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Template) and other._document == self._document

    # Unhashable, as a mapping that compares by content; object's __hash__ is not None to mypy.
    __hash__ = None  # type: ignore[assignment]


# A bound of this library, not an AWS number: a template body of at most 1 MB holds far fewer values.
_MAX_NODES = 1_000_000


def _thaw(value, budget=None):
    """Plain dicts and lists from mappings and tuples (the frozen views a Template hands out).

    Shared sub-documents are copied each time they appear, so the count of values is capped
    before a small object graph can expand into a huge template.
    """
    budget = [_MAX_NODES] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise TemplateError(
            f"the template holds more than {_MAX_NODES:,} values; a template body of at most "
            f"{TEMPLATE_QUOTAS['template_s3_bytes']:,} bytes holds far fewer"
        )
    if isinstance(value, Mapping):
        return {k: _thaw(v, budget) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v, budget) for v in value]
    return value


DELETION_POLICIES: tuple[str, ...] = tuple(data.value("iac", "deletion_policies"))
SNAPSHOT_TYPES: tuple[str, ...] = tuple(data.value("iac", "snapshot_resource_types"))
TAG_LIMITS: dict = data.value("iac", "tag_limits")
