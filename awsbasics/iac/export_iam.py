"""The CloudFormation exporters of IAM models: roles (with instance profiles), managed policies, an account's roles.

Registered by :mod:`awsbasics.iac.export`.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_IAM.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.iac.template import ref, sub

if TYPE_CHECKING:
    from awsbasics.iac.export import TemplateBuilder

__all__ = ["export_role", "export_managed_policy", "export_account"]


def _aws_managed_arn(name: str) -> dict:
    return sub(f"arn:${{AWS::Partition}}:iam::aws:policy/{name}")


def export_managed_policy(managed, builder: TemplateBuilder) -> None:
    """Add a customer managed policy to ``builder`` (AWS managed ones are referred to by ARN)."""
    if managed.aws_managed:
        builder.note(f"{managed.name} is an AWS managed policy: roles refer to its ARN, nothing is created")
        return
    if builder.has(managed):
        return
    builder.add(
        "ManagedPolicy",
        managed.name,
        "AWS::IAM::ManagedPolicy",
        {"ManagedPolicyName": managed.name, "PolicyDocument": managed.policy.document},
        model=managed,
        tags=False,
    )


def export_role(role, builder: TemplateBuilder) -> None:
    """Add ``role`` (with an instance profile when EC2 may assume it) and its policies to ``builder``."""
    arns = []
    for managed in role.managed_policies:
        if managed.aws_managed:
            arns.append(_aws_managed_arn(managed.name))
        else:
            if not builder.has(managed):
                export_managed_policy(managed, builder)
            arns.append(builder.ref(managed))
    properties: dict = {"RoleName": role.name, "AssumeRolePolicyDocument": role.trust_policy.document}
    if arns:
        properties["ManagedPolicyArns"] = arns
    inline = role.inline_policies
    if inline:
        properties["Policies"] = [
            {"PolicyName": name, "PolicyDocument": policy.document} for name, policy in inline.items()
        ]
    from awsbasics.iam.identities import SESSION_DEFAULT_SECONDS

    if role.max_session_duration_seconds != SESSION_DEFAULT_SECONDS:
        properties["MaxSessionDuration"] = role.max_session_duration_seconds
    if role.permissions_boundary is not None:
        boundary = role.permissions_boundary
        if boundary.aws_managed:
            properties["PermissionsBoundary"] = _aws_managed_arn(boundary.name)
        else:
            if not builder.has(boundary):
                export_managed_policy(boundary, builder)
            properties["PermissionsBoundary"] = builder.ref(boundary)
    rid = builder.add("Role", role.name, "AWS::IAM::Role", properties, model=role, tags=False)
    if _trusts_ec2(role.trust_policy.document):
        builder.add(
            "InstanceProfile",
            role.name,
            "AWS::IAM::InstanceProfile",
            {"InstanceProfileName": role.name, "Roles": [ref(rid)]},
            tags=False,
        )


def _trusts_ec2(document: dict) -> bool:
    """Whether a trust policy lets EC2 assume the role (then instances need an instance profile to carry it)."""
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        if "ec2.amazonaws.com" in services:
            return True
    return False


def export_account(account, builder: TemplateBuilder) -> None:
    """Add an account's roles (with their policies) to ``builder``; users and groups are noted, not exported."""
    for role in account.roles:
        builder.export(role)
    if account.users or account.groups:
        builder.note(
            f"account {account.id}: {len(account.users)} user(s) and {len(account.groups)} group(s) are not "
            "exported (people sign in through IAM Identity Center or federation, not stacks)"
        )
