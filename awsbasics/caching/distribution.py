"""A CloudFront distribution in front of a private S3 bucket, reached through origin access control (OAC).

The bucket stays private (Block Public Access on); CloudFront signs its
requests to the bucket (SigV4), and the bucket policy allows the CloudFront
service principal to read objects only on behalf of this one distribution
(``AWS:SourceArn``). Viewers therefore reach the objects through CloudFront
and never directly:

    >>> from awsbasics.storage.s3 import Bucket
    >>> site = Distribution(Bucket("seoul-site-2026"), name="site", price_class="PriceClass_200")
    >>> site.origin_domain
    'seoul-site-2026.s3.us-east-1.amazonaws.com'
    >>> statement = site.origin_bucket_policy().document["Statement"][0]
    >>> statement["Principal"], statement["Action"], statement["Resource"]
    ({'Service': 'cloudfront.amazonaws.com'}, 's3:GetObject', 'arn:aws:s3:::seoul-site-2026/*')

Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.caching._checks import check_int
from awsbasics.errors import CloudFrontConfigError

if TYPE_CHECKING:
    from awsbasics.iam import Policy
    from awsbasics.storage.s3 import Bucket

__all__ = [
    "Distribution",
    "PRICE_CLASSES",
    "VIEWER_PROTOCOL_POLICIES",
    "ORIGIN_ACCESS_CONTROL",
    "CACHING_OPTIMIZED",
    "EXAMPLE_DISTRIBUTION_ARN",
]

PRICE_CLASSES: dict[str, str] = {row[0]: row[1] for row in data.fact("caching", "cloudfront_price_classes")["rows"]}
VIEWER_PROTOCOL_POLICIES: tuple[str, ...] = tuple(data.value("caching", "cloudfront_viewer_protocol_policies"))
ORIGIN_ACCESS_CONTROL: dict = data.value("caching", "cloudfront_origin_access_control")
CACHING_OPTIMIZED: dict = data.value("caching", "cloudfront_caching_optimized")
_MAX_TTL_S: int = data.value("caching", "cloudfront_max_ttl_limit_s")
_MAX_NAME: int = data.value("caching", "cloudfront_comment_max_chars")
# The distribution ARN is known only once CloudFront creates it; this is the form the CloudFront guide shows.
EXAMPLE_DISTRIBUTION_ARN = "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"
_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:cloudfront::\d{12}:distribution/[A-Z0-9]{1,64}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")


@dataclass(frozen=True, slots=True, eq=False)
class Distribution(Rendered):
    """A CloudFront distribution whose one origin is a private S3 bucket behind origin access control.

    Args:
        origin: The :class:`~awsbasics.storage.s3.Bucket` CloudFront reads from (OAC applies to S3 origins).
        name: The distribution's name in this model (its comment in a template): 1 to 128 letters,
            digits, spaces, dots, hyphens and underscores.
        price_class: ``PriceClass_100``, ``PriceClass_200`` or ``PriceClass_All`` (which edge locations serve).
        default_ttl_s: Seconds an object stays cached when the origin sends no Cache-Control.
        viewer_protocol_policy: ``allow-all``, ``https-only`` or ``redirect-to-https``.
        compress: Let CloudFront compress responses (gzip, Brotli).

    Raises:
        CloudFrontConfigError: a domain-name origin (not an S3 bucket), an unknown price class or viewer
            protocol policy, a TTL out of bounds, a bad name.
        TypeError: arguments of the wrong kind.
    """

    origin: Bucket
    name: str = field(kw_only=True)
    price_class: str = field(default="PriceClass_All", kw_only=True)
    default_ttl_s: int = field(default=CACHING_OPTIMIZED["default_ttl_s"], kw_only=True)
    viewer_protocol_policy: str = field(default="redirect-to-https", kw_only=True)
    compress: bool = field(default=True, kw_only=True)

    def __post_init__(self) -> None:
        from awsbasics.storage.s3 import Bucket

        if isinstance(self.origin, str):
            raise CloudFrontConfigError(
                f"origin {self.origin[:40]!r} is a domain name: origin access control here covers S3 bucket "
                "origins, so pass the Bucket itself"
            )
        if not isinstance(self.origin, Bucket):
            raise TypeError(f"origin must be an S3 Bucket, not {type(self.origin).__name__}")
        if not isinstance(self.name, str):
            raise TypeError(f"name must be str, not {type(self.name).__name__}")
        if not 1 <= len(self.name) <= _MAX_NAME or not _NAME.fullmatch(self.name):
            raise CloudFrontConfigError(
                f"name {self.name[:40]!r}: 1 to {_MAX_NAME} letters, digits, spaces, dots, hyphens and "
                "underscores, starting with a letter or digit (it becomes the distribution's comment)"
            )
        for value, what, allowed in (
            (self.price_class, "price_class", tuple(PRICE_CLASSES)),
            (self.viewer_protocol_policy, "viewer_protocol_policy", VIEWER_PROTOCOL_POLICIES),
        ):
            if not isinstance(value, str):
                raise TypeError(f"{what} must be str, not {type(value).__name__}")
            if value not in allowed:
                raise CloudFrontConfigError(f"{what}={value[:40]!r}: CloudFront takes {', '.join(allowed)}")
        check_int(
            self.default_ttl_s,
            "default_ttl_s",
            0,
            _MAX_TTL_S,
            "CloudFront TTLs are whole seconds",
            CloudFrontConfigError,
        )
        if not isinstance(self.compress, bool):
            raise TypeError(f"compress must be True or False, not {type(self.compress).__name__}")

    @property
    def origin_domain(self) -> str:
        """The bucket's Regional domain name, the origin CloudFront connects to."""
        return f"{self.origin.name}.s3.{self.origin.region}.amazonaws.com"

    @property
    def edge_locations(self) -> str:
        """Where the price class serves viewers from."""
        return PRICE_CLASSES[self.price_class]

    @property
    def uses_managed_cache_policy(self) -> bool:
        """True when the default TTL is CachingOptimized's, so the managed policy fits as it is."""
        return self.default_ttl_s == CACHING_OPTIMIZED["default_ttl_s"]

    def origin_bucket_statement(self, distribution_arn: str | dict = EXAMPLE_DISTRIBUTION_ARN) -> dict:
        """The bucket-policy statement that lets this distribution (and only it) read the bucket's objects.

        ``distribution_arn`` may be a template expression (a dict) when a template builds it.
        """
        oac = ORIGIN_ACCESS_CONTROL
        return {
            "Sid": "AllowCloudFrontServicePrincipalReadOnly",
            "Effect": "Allow",
            "Principal": {"Service": oac["principal"]},
            "Action": oac["action"],
            "Resource": f"{self.origin.arn}/*",
            "Condition": {oac["operator"]: {oac["key"]: distribution_arn}},
        }

    def origin_bucket_policy(self, *, distribution_arn: str = EXAMPLE_DISTRIBUTION_ARN) -> Policy:
        """The bucket policy granting ``cloudfront.amazonaws.com`` ``s3:GetObject`` for this distribution.

        Raises:
            CloudFrontConfigError: ``distribution_arn`` is not a CloudFront distribution ARN.
        """
        if not isinstance(distribution_arn, str):
            raise TypeError(f"distribution_arn must be str, not {type(distribution_arn).__name__}")
        if len(distribution_arn) > 200 or not _ARN.fullmatch(distribution_arn):
            raise CloudFrontConfigError(
                f"distribution_arn={distribution_arn[:60]!r}: a distribution ARN reads "
                "arn:aws:cloudfront::<12-digit account>:distribution/<ID>"
            )
        from awsbasics.iam import Policy

        document = {"Version": "2012-10-17", "Statement": [self.origin_bucket_statement(distribution_arn)]}
        return Policy.from_json(document, kind="resource", name=f"{self.origin.name} bucket policy for {self.name}")

    def rows(self) -> list[tuple[str, str]]:
        cache = (
            "managed CachingOptimized"
            if self.uses_managed_cache_policy
            else f"own cache policy (default TTL {self.default_ttl_s:,} s)"
        )
        return [
            ("origin", f"S3 bucket {self.origin.name} ({self.origin_domain})"),
            ("origin_access", "origin access control, SigV4, signs always"),
            ("price_class", f"{self.price_class}: {self.edge_locations}"),
            ("viewer_protocol_policy", self.viewer_protocol_policy),
            ("default_ttl_s", f"{self.default_ttl_s:,}"),
            ("cache_policy", cache),
            ("compress", "yes" if self.compress else "no"),
        ]

    def text(self) -> str:
        return (
            f"CloudFront distribution {self.name}: S3 origin {self.origin.name} behind origin access control\n"
            + text_table(["setting", "value"], self.rows())
        )

    def __repr__(self) -> str:
        return (
            f"Distribution(Bucket({self.origin.name!r}), name={self.name!r}, price_class={self.price_class!r}, "
            f"default_ttl_s={self.default_ttl_s}, viewer_protocol_policy={self.viewer_protocol_policy!r}, "
            f"compress={self.compress})"
        )
