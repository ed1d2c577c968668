"""Chapter 07: infrastructure as code (코드형 인프라) — models become CloudFormation templates.

    >>> from awsbasics.network import VPC
    >>> from awsbasics.iac import to_cloudformation
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> _ = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> print(to_cloudformation(vpc).to_yaml().splitlines()[-6])
          VpcId: !Ref VpcShop

Modules: :mod:`~awsbasics.iac.template` (the template and its YAML),
:mod:`~awsbasics.iac.export` (models to templates, the exporter registry),
:mod:`~awsbasics.iac.linter` (cfn-lint), :mod:`~awsbasics.iac.changes`
(change sets from the resource schemas), :mod:`~awsbasics.iac.stacks`
(layered stacks, exports and imports), :mod:`~awsbasics.iac.drift`,
:mod:`~awsbasics.iac.ssm` (Systems Manager Run Command rate control),
:mod:`~awsbasics.iac.manual` (environments built by hand) and
:mod:`~awsbasics.iac.cdk` (what a CDK construct synthesizes). cfn-lint loads
only when :func:`lint` or a change set needs it.
"""

import importlib

from awsbasics.errors import RunCommandError, StackError, TemplateError
from awsbasics.iac.export import (
    TemplateBuilder,
    exportable_types,
    exporter_for,
    register_exporter,
    to_cloudformation,
)
from awsbasics.iac.template import Template, get_att, import_value, logical_id, ref, sub

__all__ = [
    "Template",
    "TemplateBuilder",
    "to_cloudformation",
    "register_exporter",
    "exporter_for",
    "exportable_types",
    "ref",
    "get_att",
    "sub",
    "import_value",
    "logical_id",
    "TemplateError",
    "StackError",
    "RunCommandError",
    "lint",
    "LintReport",
    "LintFinding",
    "change_set",
    "ChangeSet",
    "ResourceChange",
    "replacement_properties",
    "Stack",
    "Deployment",
    "detect_drift",
    "DriftReport",
    "run_command",
    "RunCommandRun",
    "rate_control",
    "build_by_hand",
    "HandBuildRun",
    "cdk_vpc",
    "CdkExample",
]

_LAZY = {
    "lint": "linter",
    "LintReport": "linter",
    "LintFinding": "linter",
    "change_set": "changes",
    "ChangeSet": "changes",
    "ResourceChange": "changes",
    "replacement_properties": "changes",
    "Stack": "stacks",
    "Deployment": "stacks",
    "detect_drift": "drift",
    "DriftReport": "drift",
    "run_command": "ssm",
    "RunCommandRun": "ssm",
    "rate_control": "ssm",
    "build_by_hand": "manual",
    "HandBuildRun": "manual",
    "cdk_vpc": "cdk",
    "CdkExample": "cdk",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
