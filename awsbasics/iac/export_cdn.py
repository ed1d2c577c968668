"""The CloudFormation exporter of a CloudFront distribution with origin access control (OAC) to an S3 bucket.

Three pieces: an ``AWS::CloudFront::OriginAccessControl`` (sign always,
SigV4, origin type s3), the ``AWS::CloudFront::Distribution`` whose S3 origin
uses it (and an empty ``OriginAccessIdentity``), and the bucket's
``AWS::S3::BucketPolicy`` with the statement that lets only this distribution
read the objects. A bucket has one policy, so when the bucket already exports
its own the statement joins it. Registered by :mod:`awsbasics.iac.export`.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-originaccesscontrol.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-distribution.html,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from awsbasics.errors import TemplateError
from awsbasics.iac.template import get_att, ref, sub

if TYPE_CHECKING:
    from awsbasics.caching.distribution import Distribution
    from awsbasics.iac.export import TemplateBuilder

__all__ = ["export_distribution"]


def _cache_policy(distribution: Distribution, builder: TemplateBuilder) -> str | dict:
    """The managed CachingOptimized policy id, or a policy of our own when the default TTL differs."""
    from awsbasics.caching.distribution import CACHING_OPTIMIZED as managed

    if distribution.uses_managed_cache_policy:
        return managed["id"]
    ttl = distribution.default_ttl_s
    policy = builder.add(
        "CachePolicy",
        distribution.name,
        "AWS::CloudFront::CachePolicy",
        {
            "CachePolicyConfig": {
                "Name": sub(f"${{AWS::StackName}}-{_safe_name(distribution.name)}"),
                "MinTTL": min(managed["min_ttl_s"], ttl),
                "DefaultTTL": ttl,
                "MaxTTL": max(managed["max_ttl_s"], ttl),
                "ParametersInCacheKeyAndForwardedToOrigin": {
                    "EnableAcceptEncodingGzip": True,
                    "EnableAcceptEncodingBrotli": True,
                    "HeadersConfig": {"HeaderBehavior": "none"},
                    "CookiesConfig": {"CookieBehavior": "none"},
                    "QueryStringsConfig": {"QueryStringBehavior": "none"},
                },
            }
        },
        tags=False,
    )
    builder.note(
        f"distribution {distribution.name}: default TTL {ttl:,} s differs from CachingOptimized's "
        f"{managed['default_ttl_s']:,} s, so the template declares its own cache policy with CachingOptimized's "
        "cache key"
    )
    return ref(policy)


def _safe_name(name: str) -> str:
    """A name with only the characters a cache policy or OAC name allows (letters, digits, hyphens, underscores)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name)[:40]


def _same_grant(statement: object, distribution: Distribution) -> bool:
    """Whether ``statement`` is this distribution's OAC statement, whatever distribution ARN it names."""
    if not isinstance(statement, dict):
        return False
    ours = distribution.origin_bucket_statement()
    return all(statement.get(key) == ours[key] for key in ("Effect", "Principal", "Action", "Resource")) and set(
        statement.get("Condition", {})
    ) == set(ours["Condition"])


def export_distribution(distribution: Distribution, builder: TemplateBuilder) -> None:
    """Add the OAC, the distribution and the bucket policy (exporting the bucket first if needed)."""
    from awsbasics.caching.distribution import ORIGIN_ACCESS_CONTROL as oac_facts

    bucket = distribution.origin
    if not builder.has(bucket):
        builder.export(bucket)
    bucket_id = builder.logical_id_of(bucket)
    if bucket_id is None:
        raise TemplateError(
            f"bucket {bucket.name} is skipped, but distribution {distribution.name} needs its domain name and "
            "policy: export the bucket in the same template"
        )
    oac = builder.add(
        "OriginAccessControl",
        distribution.name,
        "AWS::CloudFront::OriginAccessControl",
        {
            "OriginAccessControlConfig": {
                "Name": sub(f"${{AWS::StackName}}-{_safe_name(distribution.name)}"),
                "OriginAccessControlOriginType": oac_facts["origin_types"][0],
                "SigningBehavior": oac_facts["signing_behavior"],
                "SigningProtocol": oac_facts["signing_protocol"],
            }
        },
        tags=False,
    )
    origin_id = f"s3-{bucket.name}"
    config = {
        "Comment": distribution.name,
        "Enabled": True,
        "HttpVersion": "http2and3",
        "DefaultRootObject": "index.html",
        "PriceClass": distribution.price_class,
        "Origins": [
            {
                "Id": origin_id,
                "DomainName": get_att(bucket_id, "RegionalDomainName"),
                "OriginAccessControlId": get_att(oac, "Id"),
                "S3OriginConfig": {"OriginAccessIdentity": ""},
            }
        ],
        "DefaultCacheBehavior": {
            "TargetOriginId": origin_id,
            "ViewerProtocolPolicy": distribution.viewer_protocol_policy,
            "CachePolicyId": _cache_policy(distribution, builder),
            "Compress": distribution.compress,
            "AllowedMethods": ["GET", "HEAD"],
        },
    }
    did = builder.add(
        "Distribution",
        distribution.name,
        "AWS::CloudFront::Distribution",
        {"DistributionConfig": config},
        model=distribution,
    )
    statement = distribution.origin_bucket_statement(
        sub(f"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{did}}}")
    )
    statement["Resource"] = sub(f"${{{bucket_id}.Arn}}/*")
    # One BucketPolicy per bucket: join the policy the bucket exporter wrote, if any.
    existing = next(
        (
            r
            for r in builder.resources.values()
            if r["Type"] == "AWS::S3::BucketPolicy" and r["Properties"]["Bucket"] == ref(bucket_id)
        ),
        None,
    )
    if existing is not None:
        document = copy.deepcopy(existing["Properties"]["PolicyDocument"])
        statements = document.get("Statement", [])
        statements = [statements] if isinstance(statements, dict) else list(statements)
        # The model's bucket policy may already hold this distribution's statement with an example ARN
        # (origin_bucket_policy()); the template's statement, with the real ARN, takes its place.
        kept = [s for s in statements if not _same_grant(s, distribution)]
        if len(kept) < len(statements):
            builder.note(
                f"bucket {bucket.name}: its policy's statement for distribution {distribution.name} is written with "
                "the distribution's real ARN (${Distribution}) in place of the one in the model"
            )
        document["Statement"] = kept + [statement]
        existing["Properties"]["PolicyDocument"] = document
        return
    builder.add(
        "BucketPolicy",
        bucket.name,
        "AWS::S3::BucketPolicy",
        {"Bucket": ref(bucket_id), "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}},
        tags=False,
    )
