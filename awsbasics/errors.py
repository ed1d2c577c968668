"""Errors raised when input breaks an AWS rule or format.

Every error is a :class:`ValueError` subclass whose message quotes the offending
value, states the AWS rule, and where it can, the limit or the fix::

    >>> from awsbasics.errors import RegionError
    >>> issubclass(RegionError, ValueError)
    True

A Python object of the wrong kind (a list where text is expected) raises
:class:`TypeError` instead.
"""

from __future__ import annotations

__all__ = [
    "AwsRuleError",
    "RegionError",
    "AvailabilityZoneError",
    "CapacityError",
    "CapacityPlanError",
    "CidrError",
    "VpcError",
    "EbsLimitError",
    "InstanceTypeError",
    "InstanceStateError",
    "AttachmentError",
    "BucketNameError",
    "S3ObjectError",
    "InventoryError",
    "LifecycleError",
    "PolicyError",
    "RequestError",
    "IdentityError",
    "AccessDeniedError",
    "FederationError",
    "ExerciseError",
    "RendererUnavailableError",
]


class AwsRuleError(ValueError):
    """A value breaks an AWS rule or format."""


class RegionError(AwsRuleError):
    """An unknown or malformed Region code."""


class AvailabilityZoneError(AwsRuleError):
    """An unknown or malformed Availability Zone name."""


class CapacityError(AwsRuleError):
    """A capacity plan that cannot exist (negative instances, no AZs, ...)."""


class CapacityPlanError(AwsRuleError):
    """A demand curve or capacity plan that cannot be run (negative servers, a launch delay longer than a week)."""


class CidrError(AwsRuleError):
    """A CIDR block that is malformed or breaks a VPC/subnet sizing rule."""


class VpcError(AwsRuleError):
    """A VPC change that breaks an AWS networking rule."""


class EbsLimitError(AwsRuleError):
    """An EBS volume outside its type's size, IOPS or throughput limits."""


class InstanceTypeError(AwsRuleError):
    """A malformed or unknown EC2 instance type name."""


class InstanceStateError(AwsRuleError):
    """An instance action its current state does not allow (e.g. start a running instance)."""


class AttachmentError(AwsRuleError):
    """An EBS attach, detach or restore that breaks a placement rule (AZ, Multi-Attach, Region)."""


class BucketNameError(AwsRuleError):
    """An S3 bucket name that breaks a naming rule."""


class S3ObjectError(AwsRuleError):
    """An object key, size or version operation that S3 does not allow."""


class InventoryError(AwsRuleError):
    """An inventory table that does not describe S3 objects (missing column, bad size or class)."""


class LifecycleError(AwsRuleError):
    """An S3 lifecycle configuration that breaks a transition rule."""


class PolicyError(AwsRuleError):
    """An IAM policy document that AWS would reject."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path  # JSON path into the document, e.g. "Statement[2].Condition.StringLike"; "" = whole


class RequestError(AwsRuleError):
    """A request AWS could not receive (malformed action, resource or principal)."""


class IdentityError(AwsRuleError):
    """An IAM identity, attachment or role session that IAM or STS would reject."""


class AccessDeniedError(AwsRuleError):
    """A request AWS denies (AssumeRole, sign-in); ``decision`` holds the evaluation when there is one."""

    def __init__(self, message: str, decision=None):
        super().__init__(message)
        self.decision = decision


class FederationError(AwsRuleError):
    """A Cognito pool or Organizations setting that AWS would reject."""


class ExerciseError(AwsRuleError):
    """An exercise answer of a form the question cannot check."""


class RendererUnavailableError(RuntimeError):
    """No Graphviz renderer is available; the message says what to install."""
