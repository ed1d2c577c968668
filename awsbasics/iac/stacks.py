"""Layered stacks (스택): a network stack exports ids, an application stack imports them.

The course's "micro infrastructure" splits a system into templates by layer,
as microservices split an application: a network stack that changes rarely,
application stacks that change often. The network stack publishes its subnet
and security-group ids as Outputs with an ``Export`` name; the application
stack reads them with ``Fn::ImportValue``. CloudFormation then protects the
link: an export another stack imports cannot be deleted or changed::

    >>> from awsbasics.network import VPC
    >>> from awsbasics.iac import Deployment, Stack, to_cloudformation
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> a = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> b = vpc.add_subnet("10.0.1.0/24", az="az-b", name="public-b")
    >>> _ = vpc.add_internet_gateway()
    >>> alb = vpc.add_load_balancer("web", subnets=[a, b])
    >>> network = Stack("network", to_cloudformation(vpc, export=True, skip=[alb]))
    >>> app = Stack("app", to_cloudformation(alb, imports=[network]))
    >>> sorted(app.imports)[:2]
    ['network-SubnetPublicA', 'network-SubnetPublicB']
    >>> cloud = Deployment()
    >>> cloud.create(network); cloud.create(app)
    >>> cloud.delete("network")
    Traceback (most recent call last):
    ...
    awsbasics.errors.StackError: stack network cannot be deleted: Export network-SubnetPublicA cannot be deleted as it is in use by app (and 2 more exports); delete or update the importing stacks first

Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import StackError
from awsbasics.iac.template import TEMPLATE_QUOTAS, Template

__all__ = ["Stack", "Deployment"]

_NAME = re.compile(data.value("iac", "stack_name_pattern"))
_MAX_NAME = TEMPLATE_QUOTAS["stack_name_chars"]


def _resolve(value, stack_name: str) -> str | None:
    """An export or import name as a string: text, or ``Fn::Sub`` with ``${AWS::StackName}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        return value["Fn::Sub"].replace("${AWS::StackName}", stack_name)
    return None


def _imports(value, found: set[str]) -> None:
    if isinstance(value, dict):
        if set(value) == {"Fn::ImportValue"}:
            name = _resolve(value["Fn::ImportValue"], "")
            if name is not None:
                found.add(name)
            return
        for item in value.values():
            _imports(item, found)
    elif isinstance(value, list):
        for item in value:
            _imports(item, found)


@dataclass(frozen=True)
class Stack(Rendered):
    """A named stack built from one template: ``Stack("network", template)``."""

    name: str
    template: Template

    _view_ = "iac.stack_view"

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"a stack name must be str, not {type(self.name).__name__}")
        if not isinstance(self.template, Template):
            raise TypeError(f"template must be a Template, not {type(self.template).__name__}")
        if len(self.name) > _MAX_NAME or not _NAME.match(self.name):
            raise StackError(
                f"stack name {self.name[: _MAX_NAME + 1]!r} breaks the rule: a letter first, then letters, digits and "
                f"hyphens, at most {_MAX_NAME} characters"
            )

    @property
    def exports(self) -> dict[str, str]:
        """Export name -> the output that publishes it."""
        found = {}
        for key, output in self.template.to_dict().get("Outputs", {}).items():
            name = _resolve(output.get("Export", {}).get("Name"), self.name)
            if name is not None:
                found[name] = key
        return found

    @property
    def imports(self) -> frozenset[str]:
        """The export names this stack's template imports with ``Fn::ImportValue``."""
        found: set[str] = set()
        _imports(self.template.to_dict(), found)
        return frozenset(found)

    def export_for(self, model) -> str | None:
        """The export name under which this stack publishes a model's id, or None."""
        logical = self.template.logical_id_for(model)
        if logical is None:
            return None
        value = {"Fn::GetAtt": logical.split(".", 1)} if "." in logical else {"Ref": logical}
        for output in self.template.to_dict().get("Outputs", {}).values():
            if output.get("Value") == value and "Export" in output:
                return _resolve(output["Export"]["Name"], self.name)
        return None

    def text(self) -> str:
        return (
            f"stack {self.name}: {len(self.template.resources)} resources, {len(self.exports)} exports, "
            f"{len(self.imports)} imports"
        )


class Deployment(Rendered):
    """Stacks in one account and Region, with CloudFormation's rules for exports and imports."""

    _view_ = "iac.deployment_view"

    def __init__(self):
        self._stacks: dict[str, Stack] = {}

    @property
    def stacks(self) -> tuple[Stack, ...]:
        return tuple(self._stacks.values())

    def _exporters(self, *, without: str | None = None) -> dict[str, str]:
        return {
            export: stack.name for stack in self._stacks.values() if stack.name != without for export in stack.exports
        }

    def _check_imports(self, stack: Stack, exporters: dict[str, str]) -> None:
        missing = sorted(name for name in stack.imports if name not in exporters)
        if missing:
            raise StackError(
                f"stack {stack.name} cannot be created or updated: No export named {missing[0]} found "
                "(create the stack that exports it first)"
            )

    def _check_exports(self, stack: Stack, exporters: dict[str, str]) -> None:
        for name in stack.exports:
            if name in exporters:
                raise StackError(
                    f"stack {stack.name}: Export with name {name} is already exported by stack "
                    f"{exporters[name]}; export names are unique in an account and Region"
                )

    def create(self, stack: Stack) -> None:
        """Create a stack: its name is free, its imports exist, its export names are not taken."""
        if not isinstance(stack, Stack):
            raise TypeError(f"create takes a Stack, not {type(stack).__name__}")
        if stack.name in self._stacks:
            raise StackError(f"stack {stack.name} already exists; update it instead")
        exporters = self._exporters()
        self._check_imports(stack, exporters)
        self._check_exports(stack, exporters)
        self._stacks[stack.name] = stack

    def _in_use(self, names, *, by_other_than: str) -> list[tuple[str, str]]:
        return sorted(
            (export, other.name)
            for other in self._stacks.values()
            if other.name != by_other_than
            for export in other.imports
            if export in names
        )

    def update(self, stack: Stack) -> None:
        """Replace a stack's template; refused if it drops or changes an export another stack imports."""
        if not isinstance(stack, Stack):
            raise TypeError(f"update takes a Stack, not {type(stack).__name__}")
        if stack.name not in self._stacks:
            raise StackError(f"stack {stack.name} does not exist; create it first")
        old = self._stacks[stack.name]
        exporters = self._exporters(without=stack.name)
        self._check_imports(stack, exporters)
        self._check_exports(stack, exporters)
        old_outputs = old.template.to_dict().get("Outputs", {})
        new_outputs = stack.template.to_dict().get("Outputs", {})
        changed = {
            name
            for name, key in old.exports.items()
            if name not in stack.exports
            or old_outputs[key].get("Value") != new_outputs[stack.exports[name]].get("Value")
        }
        blocked = self._in_use(changed, by_other_than=stack.name)
        if blocked:
            export, user = blocked[0]
            raise StackError(
                f"stack {stack.name} cannot be updated: Cannot update or delete export {export} as it is "
                f"in use by {user}"
            )
        self._stacks[stack.name] = stack

    def delete(self, name: str) -> None:
        """Delete a stack; refused while another stack imports one of its exports."""
        if not isinstance(name, str):
            raise TypeError(f"name must be str, not {type(name).__name__}")
        if name not in self._stacks:
            raise StackError(f"stack {name} does not exist")
        blocked = self._in_use(set(self._stacks[name].exports), by_other_than=name)
        if blocked:
            export, user = blocked[0]
            more = f" (and {len(blocked) - 1} more exports)" if len(blocked) > 1 else ""
            raise StackError(
                f"stack {name} cannot be deleted: Export {export} cannot be deleted as it is in use by "
                f"{user}{more}; delete or update the importing stacks first"
            )
        del self._stacks[name]

    @property
    def links(self) -> list[tuple[str, str, str]]:
        """(importing stack, exporting stack, export name) for every import."""
        exporters = self._exporters()
        return sorted(
            (stack.name, exporters[name], name)
            for stack in self._stacks.values()
            for name in stack.imports
            if name in exporters
        )

    @property
    def rows(self) -> list[tuple]:
        return [(s.name, len(s.template.resources), len(s.exports), len(s.imports)) for s in self._stacks.values()]

    def text(self) -> str:
        if not self._stacks:
            return "no stacks"
        lines = [text_table(("stack", "resources", "exports", "imports"), self.rows)]
        lines += [f"{importer} imports {export} from {exporter}" for importer, exporter, export in self.links]
        return "\n".join(lines)

    def diagram(self):
        """The stacks and their imports as a Graphviz diagram."""
        from awsbasics._protocol import view

        return view("iac.deployment_diagram")(self)
