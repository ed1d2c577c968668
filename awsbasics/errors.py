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
    "BucketConfigError",
    "InventoryError",
    "LifecycleError",
    "PolicyError",
    "UnknownActionError",
    "RequestError",
    "IdentityError",
    "AccessDeniedError",
    "FederationError",
    "DynamoDbCapacityError",
    "RdsConfigError",
    "AuroraQuorumError",
    "DbSubnetGroupError",
    "ExerciseError",
    "AvailabilityError",
    "AlarmError",
    "ScalingError",
    "Route53Error",
    "FlowLogError",
    "TaskDefinitionError",
    "EcsServiceError",
    "LambdaConfigError",
    "ApiThrottleError",
    "StateMachineError",
    "CacheConfigError",
    "CloudFrontConfigError",
    "QueueConfigError",
    "MessageError",
    "ReceiptHandleError",
    "FilterPolicyError",
    "WorkloadError",
    "TemplateError",
    "StackError",
    "RunCommandError",
    "EstimateError",
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

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        # Where in a read document (network.vpc_io), e.g. "aws.Subnets[0].CidrBlock"; "" is the whole
        # document; None: the error comes from a model change, not from reading a document.
        self.path = path


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


class BucketConfigError(AwsRuleError):
    """A bucket setting S3 would reject (a lifecycle that is not a rule, a policy for another bucket, a public policy under Block Public Access)."""


class InventoryError(AwsRuleError):
    """An inventory table that does not describe S3 objects (missing column, bad size or class)."""


class LifecycleError(AwsRuleError):
    """An S3 lifecycle configuration that breaks a transition rule."""


class PolicyError(AwsRuleError):
    """An IAM policy document that AWS would reject."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path  # JSON path into the document, e.g. "Statement[2].Condition.StringLike"; "" = whole


class UnknownActionError(AwsRuleError):
    """An IAM action name the Service Authorization Reference does not list."""


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


class DynamoDbCapacityError(AwsRuleError):
    """A DynamoDB item size, request rate, capacity or price input that DynamoDB would not accept."""


class RdsConfigError(AwsRuleError):
    """An RDS engine, deployment, backup retention or failure that RDS does not offer."""


class AuroraQuorumError(AwsRuleError):
    """An Aurora storage node, AZ or failure set that does not exist in the six-copy volume."""


class DbSubnetGroupError(AwsRuleError):
    """A DB subnet group or DB placement that RDS would reject (fewer than two AZs, another VPC)."""


class ExerciseError(AwsRuleError):
    """An exercise answer of a form the question cannot check."""


class AvailabilityError(AwsRuleError):
    """An availability that is not a probability, or a system with no components."""


class AlarmError(AwsRuleError):
    """A CloudWatch alarm setting or metric value that PutMetricAlarm or PutMetricData would reject."""


class ScalingError(AwsRuleError):
    """An Auto Scaling group, scaling policy or scheduled action that Amazon EC2 Auto Scaling would reject."""


class Route53Error(AwsRuleError):
    """A Route 53 record, health check or query that Route 53 would reject."""


class FlowLogError(AwsRuleError):
    """A VPC flow log record that is not in the default version-2 format."""


class TaskDefinitionError(AwsRuleError):
    """An ECS task definition that RegisterTaskDefinition would reject (Fargate CPU/memory pair, ports, network mode)."""


class EcsServiceError(AwsRuleError):
    """An ECS service, deployment, placement or service-discovery setting that ECS or Cloud Map would reject."""


class LambdaConfigError(AwsRuleError):
    """A Lambda function setting, concurrency or load that Lambda would reject (memory, timeout, storage, quota)."""


class ApiThrottleError(AwsRuleError):
    """An API Gateway throttling limit or request load that cannot exist (negative rate, burst, demand)."""


class StateMachineError(AwsRuleError):
    """An Amazon States Language definition Step Functions would reject, or an input its execution cannot take."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path  # JSON path into the definition, e.g. "States.Charge.Retry[0].BackoffRate"; "" = whole


class CacheConfigError(AwsRuleError):
    """A cache simulation input that cannot exist (a negative size or TTL, an empty workload, more requests than the model runs)."""


class CloudFrontConfigError(AwsRuleError):
    """A CloudFront TTL, cache key or invalidation setting that CloudFront would reject."""


class QueueConfigError(AwsRuleError):
    """An SQS queue setting or operation SQS would reject (retention, visibility timeout, delay, redrive policy, batch size)."""


class MessageError(AwsRuleError):
    """An SQS message SQS would reject (empty or too large, a character outside the allowed set, a bad group or deduplication ID)."""


class ReceiptHandleError(AwsRuleError):
    """A receipt handle this queue never issued, or one for a message that is no longer in flight."""


class FilterPolicyError(AwsRuleError):
    """An SNS subscription filter policy SNS would reject (too many keys or combinations, an unknown operator)."""


class WorkloadError(AwsRuleError):
    """A messaging simulation input that cannot exist (a negative rate, an empty workload, more messages than the model runs)."""


class TemplateError(AwsRuleError):
    """A model or template CloudFormation would reject (a resource it cannot name, an unknown intrinsic or policy)."""


class StackError(AwsRuleError):
    """A stack operation CloudFormation refuses (an import of a missing export, deleting an export another stack imports)."""


class RunCommandError(AwsRuleError):
    """A Systems Manager Run Command rate control Systems Manager would reject (a concurrency or error threshold out of range)."""


class EstimateError(AwsRuleError):
    """A cost estimate input that cannot be priced (an unknown Region, instance type or viewer location, a negative or absurd amount)."""


class RendererUnavailableError(RuntimeError):
    """No Graphviz renderer is available; the message says what to install."""
