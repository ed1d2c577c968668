"""Drift detection (드리프트 감지): does the network still match the template it came from?

Someone opens port 22 in the console, someone deletes a route: the stack's
template no longer describes what runs. CloudFormation's drift detection
compares each resource's actual configuration with the template and reports
IN_SYNC, MODIFIED (with the properties that differ) or DELETED. It only
*detects*; nothing is reverted. Here the actual state is the output of the
``aws ec2 describe-*`` calls (the shape ``VPC.from_aws`` reads)::

    >>> from awsbasics.network import VPC
    >>> from awsbasics.iac import detect_drift
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> web = vpc.add_security_group("web", description="web tier")
    >>> _ = web.allow_inbound(443, source="0.0.0.0/0")
    >>> actual = vpc.to_aws()                                   # what describe-* returns today
    >>> actual["SecurityGroups"][1]["IpPermissions"].append(
    ...     {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
    >>> report = detect_drift(vpc, actual)
    >>> report.status("SecurityGroupWeb"), report.drifted[0].properties[0].name
    ('MODIFIED', 'SecurityGroupIngress')

Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import TemplateError

__all__ = ["detect_drift", "DriftReport", "ResourceDrift", "PropertyDrift", "CHECKED_TYPES"]

_STATUSES = data.value("iac", "drift_statuses")
# The resource types the describe-* calls VPC.from_aws reads can show; others are NOT_CHECKED.
CHECKED_TYPES = frozenset(
    {
        "AWS::EC2::VPC",
        "AWS::EC2::VPCCidrBlock",
        "AWS::EC2::Subnet",
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::NatGateway",
        "AWS::EC2::EIP",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkAclEntry",
        "AWS::EC2::SubnetNetworkAclAssociation",
    }
)
_COLUMNS = ("logical_id", "type", "status", "property", "difference", "expected", "actual")
_ARGUMENTS = ("vpcs", "subnets", "route_tables", "internet_gateways", "nat_gateways", "security_groups", "network_acls")


@dataclass(frozen=True, slots=True)
class PropertyDrift:
    """One property that differs: ``difference`` is ADD, REMOVE or NOT_EQUAL."""

    name: str
    difference: str
    expected: object
    actual: object


@dataclass(frozen=True, slots=True)
class ResourceDrift:
    logical_id: str
    resource_type: str
    status: str
    properties: tuple[PropertyDrift, ...] = ()


@dataclass(frozen=True, slots=True)
class DriftReport(Rendered):
    """Drift per stack resource; ``drifted`` lists the MODIFIED and DELETED ones. Nothing is changed."""

    resources: tuple[ResourceDrift, ...]
    notes: tuple[str, ...] = ()

    _view_ = "iac.drift_view"

    def status(self, logical_id: str) -> str:
        for resource in self.resources:
            if resource.logical_id == logical_id:
                return resource.status
        raise KeyError(f"no resource {logical_id!r} in the stack")

    @property
    def drifted(self) -> tuple[ResourceDrift, ...]:
        return tuple(r for r in self.resources if r.status in ("MODIFIED", "DELETED"))

    @property
    def stack_status(self) -> str:
        """``DRIFTED`` if any resource drifted, else ``IN_SYNC``."""
        return "DRIFTED" if self.drifted else "IN_SYNC"

    @property
    def rows(self) -> list[tuple]:
        rows = []
        for r in self.resources:
            if r.properties:
                rows += [
                    (
                        r.logical_id,
                        r.resource_type,
                        r.status,
                        p.name,
                        p.difference,
                        _short(p.expected),
                        _short(p.actual),
                    )
                    for p in r.properties
                ]
            else:
                rows.append((r.logical_id, r.resource_type, r.status, "", "", "", ""))
        return rows

    @property
    def verdict(self) -> str:
        counts = {s: sum(r.status == s for r in self.resources) for s in _STATUSES["resource"]}
        return (
            f"stack {self.stack_status}: "
            + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            + " (drift detection reports; it reverts nothing)"
        )

    def text(self) -> str:
        drifted = [row for row in self.rows if row[2] in ("MODIFIED", "DELETED")]
        return self.verdict + ("\n" + text_table(_COLUMNS, drifted) if drifted else "")


def _short(value) -> str:
    if value is None:
        return "-"
    import json

    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return text


def _actual_model(actual, vpc_class):
    if isinstance(actual, vpc_class):
        return actual
    if not isinstance(actual, dict):
        raise TypeError(f"actual must be a VPC or a dict of describe-* responses, not {type(actual).__name__}")
    arguments = {}
    for key, value in actual.items():
        if not isinstance(key, str):
            raise TypeError(f"the keys of actual are describe-* names (str), not {type(key).__name__}")
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()
        if name not in _ARGUMENTS:
            raise TemplateError(
                f"{key!r} is not a describe-* response drift detection reads; use "
                f"{', '.join(_ARGUMENTS)} (or their response keys, e.g. 'SecurityGroups')"
            )
        arguments[name] = value
    if "vpcs" not in arguments:
        raise TemplateError("actual needs the describe-vpcs response ('Vpcs' or 'vpcs')")
    return vpc_class.from_aws(**arguments)


def detect_drift(model, actual) -> DriftReport:
    """Compare a VPC model (the template's intent) with its actual state (describe-* output or a VPC).

    Resource types the describe-* output cannot show (endpoints, load balancers)
    are NOT_CHECKED; resources that exist but are not in the template are not
    part of the stack, so they are not drift (as in CloudFormation).

    Raises:
        TemplateError: an unknown describe-* key, or no describe-vpcs response.
        VpcError: a describe-* document the VPC reader refuses (its message has the JSON path).
        TypeError: a model that is not a VPC.
    """
    from awsbasics.iac.export import to_cloudformation
    from awsbasics.network import VPC

    if not isinstance(model, VPC):
        raise TypeError(f"drift detection compares a VPC model, not {type(model).__name__}")
    current = _actual_model(actual, VPC)
    expected = to_cloudformation(model).to_dict()["Resources"]
    found = to_cloudformation(current).to_dict()["Resources"]
    results = []
    for lid, resource in expected.items():
        kind = resource["Type"]
        if kind not in CHECKED_TYPES:
            results.append(ResourceDrift(lid, kind, "NOT_CHECKED"))
            continue
        if lid not in found or found[lid]["Type"] != kind:
            results.append(ResourceDrift(lid, kind, "DELETED"))
            continue
        want, have = resource.get("Properties", {}), found[lid].get("Properties", {})
        diffs = []
        for name in sorted(want.keys() | have.keys()):
            if name == "Tags":
                continue
            if name not in have:
                diffs.append(PropertyDrift(name, "REMOVE", want[name], None))
            elif name not in want:
                diffs.append(PropertyDrift(name, "ADD", None, have[name]))
            elif want[name] != have[name]:
                diffs.append(PropertyDrift(name, "NOT_EQUAL", want[name], have[name]))
        results.append(ResourceDrift(lid, kind, "MODIFIED" if diffs else "IN_SYNC", tuple(diffs)))
    # A rule added by hand to a group that had none is a new resource here (a separate ingress resource):
    # CloudFormation sees it as a change to the group, so it is reported on the group.
    extra = sorted(set(found) - set(expected))
    notes = []
    for lid in extra:
        kind = found[lid]["Type"]
        if kind in ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"):
            group = found[lid]["Properties"]["GroupId"].get("Ref")
            for index, r in enumerate(results):
                if r.logical_id == group and r.status != "DELETED":
                    extra_prop = PropertyDrift(kind.rsplit("::", 1)[1], "ADD", None, found[lid]["Properties"])
                    results[index] = ResourceDrift(
                        r.logical_id, r.resource_type, "MODIFIED", r.properties + (extra_prop,)
                    )
        else:
            notes.append(f"{lid} ({kind}) exists but is not in the template: not part of the stack, so not drift")
    order = {s: i for i, s in enumerate(("DELETED", "MODIFIED", "IN_SYNC", "NOT_CHECKED"))}
    results.sort(key=lambda r: (order[r.status], r.logical_id))
    return DriftReport(tuple(results), tuple(notes + list(current.import_notes)))
