"""The CloudFormation exporter of an S3 bucket: versioning, lifecycle rules, Block Public Access and its policy.

Registered by :mod:`awsbasics.iac.export`.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.iac.template import ref

if TYPE_CHECKING:
    from awsbasics.iac.export import TemplateBuilder

__all__ = ["export_bucket"]


def export_bucket(bucket, builder: TemplateBuilder) -> None:
    """Add ``bucket`` to ``builder``: versioning, lifecycle rules, Block Public Access and a bucket policy."""
    properties: dict = {"BucketName": bucket.name}
    if bucket.versioning == "Enabled":
        properties["VersioningConfiguration"] = {"Status": "Enabled"}
    lifecycle = bucket.lifecycle
    if lifecycle is not None:
        rule: dict = {"Id": "awsbasics-rule", "Status": "Enabled"}
        if lifecycle.transitions:
            rule["Transitions"] = [
                {"StorageClass": code, "TransitionInDays": days} for code, days in lifecycle.transitions
            ]
        if lifecycle.expiration_days is not None:
            rule["ExpirationInDays"] = lifecycle.expiration_days
        properties["LifecycleConfiguration"] = {
            "Rules": [rule],
            "TransitionDefaultMinimumObjectSize": lifecycle.transition_default_minimum_object_size,
        }
    properties["PublicAccessBlockConfiguration"] = bucket.public_access_block.to_aws()
    bid = builder.add("Bucket", bucket.name, "AWS::S3::Bucket", properties, model=bucket)
    if bucket.policy is not None:
        builder.add(
            "BucketPolicy",
            bucket.name,
            "AWS::S3::BucketPolicy",
            {"Bucket": ref(bid), "PolicyDocument": bucket.policy.document},
            tags=False,
        )
