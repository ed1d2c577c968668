"""The CloudFormation exporters of RDS placement: DB subnet groups and DB instances.

A DB instance is exported with its password managed in AWS Secrets Manager
(``ManageMasterUserPassword``), encrypted storage, and ``Snapshot`` as its
deletion and update-replace policies, so deleting or replacing the stack keeps
a final snapshot. Its subnet group and security groups are references, so
they become ``Fn::ImportValue`` when another stack exports them. Registered by
:mod:`awsbasics.iac.export`.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbsubnetgroup.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from awsbasics.database.placement import DbInstance, DbSubnetGroup
    from awsbasics.iac.export import TemplateBuilder

__all__ = ["export_db_subnet_group", "export_db_instance"]

# DBInstanceIdentifier: 1-63 letters, digits or hyphens, a letter first, no hyphen last and no two in a row.
_IDENTIFIER = re.compile(r"[A-Za-z](?:[A-Za-z0-9]|-(?!-))*")
_IDENTIFIER_MAX = 63


def export_db_subnet_group(group: DbSubnetGroup, builder: TemplateBuilder) -> None:
    """Add a DB subnet group (its subnets by reference) to ``builder``."""
    if builder.has(group):
        return
    builder.add(
        "DbSubnetGroup",
        group.name,
        "AWS::RDS::DBSubnetGroup",
        {
            "DBSubnetGroupDescription": f"{group.name}: subnets in {len(group.azs)} Availability Zones",
            "SubnetIds": [builder.ref(s, what="subnet") for s in group.subnets],
        },
        model=group,
    )


def export_db_instance(db: DbInstance, builder: TemplateBuilder) -> None:
    """Add a DB instance (and its subnet group, if not yet here) to ``builder``."""
    if not builder.has(db.subnet_group):
        builder.export(db.subnet_group)
    properties: dict = {}
    name_ok = len(db.name) <= _IDENTIFIER_MAX and _IDENTIFIER.fullmatch(db.name) and not db.name.endswith("-")
    if name_ok:
        properties["DBInstanceIdentifier"] = db.name
    else:
        builder.note(
            f"DB instance {db.name!r} is not a valid DBInstanceIdentifier (1-63 letters, digits, hyphens, a "
            "letter first): CloudFormation names it"
        )
    properties.update(
        {
            "Engine": db.engine,
            "DBInstanceClass": db.instance_class,
            "AllocatedStorage": str(db.allocated_storage_gib),
            "MultiAZ": db.multi_az,
            "MasterUsername": db.master_username,
            "ManageMasterUserPassword": True,
            "StorageEncrypted": True,
            "DBSubnetGroupName": builder.ref(db.subnet_group, what="DB subnet group"),
            "Port": str(db.port),
            "PubliclyAccessible": False,
        }
    )
    groups = list(db.interface.security_groups)
    if groups:
        properties["VPCSecurityGroups"] = [builder.ref(g, what="security group") for g in groups]
    builder.add(
        "DbInstance",
        db.name,
        "AWS::RDS::DBInstance",
        properties,
        model=db,
        DeletionPolicy="Snapshot",
        UpdateReplacePolicy="Snapshot",
    )
