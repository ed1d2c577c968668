"""The CloudFormation exporters of compute models: Lambda functions and Auto Scaling groups (with launch templates).

A function becomes an ``AWS::Lambda::Function`` with an inline placeholder
handler and, when the model names no role, an execution role trusted by
Lambda with the AWS managed ``AWSLambdaBasicExecutionRole``. A deployed Auto
Scaling group becomes an ``AWS::EC2::LaunchTemplate`` (the newest Amazon Linux
2023 AMI through a Systems Manager dynamic reference, IMDSv2 required) and an
``AWS::AutoScaling::AutoScalingGroup`` in the model's subnets; the subnets,
security groups and target group are references, so they become
``Fn::ImportValue`` when a network stack exports them. Registered by
:mod:`awsbasics.iac.export`.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-launchtemplate.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-autoscalinggroup.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics.errors import TemplateError
from awsbasics.iac.template import get_att, ref, sub

if TYPE_CHECKING:
    from awsbasics.ha.scaling import AutoScalingGroup
    from awsbasics.iac.export import TemplateBuilder
    from awsbasics.messaging.queue import Queue
    from awsbasics.microservices.lambdas import LambdaFunction

__all__ = ["export_lambda_function", "export_auto_scaling_group", "export_sqs_event_source"]

RUNTIME: str = data.value("iac_resources", "lambda_runtime")
_BASIC_ROLE: str = data.value("iac_resources", "lambda_basic_execution_policy")
_SQS_SOURCE: dict = data.value("iac_resources", "lambda_sqs_event_source")
_AMI_PARAMETER: str = data.value("iac_resources", "amazon_linux_ami_parameter")
_IMDS: dict = data.value("iac_resources", "imdsv2_required")
_GRACE_S: int = data.value("iac_resources", "elb_health_check_grace_s")
_PLACEHOLDER = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'placeholder'}\n"


def _function_name(function: LambdaFunction) -> str:
    return function.name if function.name is not None else "Function"


def _execution_role_id(function: LambdaFunction, builder: TemplateBuilder) -> str:
    """The logical id of the function's generated execution role (created here once)."""
    name = _function_name(function)
    return builder.add(
        "ExecutionRole",
        name,
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": [sub(f"arn:${{AWS::Partition}}:iam::aws:policy/service-role/{_BASIC_ROLE}")],
        },
        tags=False,
    )


def export_lambda_function(function: LambdaFunction, builder: TemplateBuilder) -> None:
    """Add ``function`` (and, when it names no role, an execution role for it) to ``builder``.

    The code is an inline placeholder (``Code.ZipFile``): the model holds the
    configuration, not the program.
    """
    if function.role is not None:
        if not builder.has(function.role):
            builder.export(function.role)
        role_id = builder.logical_id_of(function.role)
        if role_id is None:
            raise TemplateError(
                f"role {function.role.name} of function {_function_name(function)} is skipped: a function's "
                "execution role is exported in the same template"
            )
    else:
        role_id = _execution_role_id(function, builder)
    role_arn = get_att(role_id, "Arn")
    properties: dict = {}
    if function.name is not None:
        properties["FunctionName"] = function.name
    properties.update(
        {
            "Runtime": RUNTIME,
            "Handler": "index.handler",
            "Code": {"ZipFile": _PLACEHOLDER},
            "Role": role_arn,
            "MemorySize": function.memory_mb,
            "Timeout": function.timeout_s,
            "EphemeralStorage": {"Size": function.ephemeral_storage_mb},
            "Architectures": [function.architecture],
        }
    )
    builder.add(
        "Function",
        _function_name(function),
        "AWS::Lambda::Function",
        properties,
        model=function,
        tags=function.name is not None,
    )
    builder.note(
        f"function {_function_name(function)}: its code is an inline placeholder handler; deploy the real "
        "package (S3 or an image) in its place"
    )


def export_sqs_event_source(
    function: LambdaFunction, queue: Queue, builder: TemplateBuilder, *, batch_size: int | None = None
) -> str:
    """Let ``queue`` invoke ``function``: an ``AWS::Lambda::EventSourceMapping`` (both exported here if needed).

    The generated execution role (or the model's role, if exported here) gets the
    SQS actions Lambda needs to poll. Returns the mapping's logical id.

    Raises:
        TemplateError: a batch size outside 1 to 10 for a FIFO queue or 1 to 10,000 for a standard one.
    """
    from awsbasics._checks import require_int

    size = _SQS_SOURCE["batch_size_default"] if batch_size is None else require_int(batch_size, "batch_size")
    limit = 10 if queue.fifo else 10_000
    if not 1 <= size <= limit:
        raise TemplateError(
            f"batch_size={size}: an SQS event source takes 1 to {limit:,} messages per batch "
            f"({'FIFO' if queue.fifo else 'standard'} queue)"
        )
    if not builder.has(function):
        builder.export(function)
    if not builder.has(queue):
        builder.export(queue)
    fid = builder.logical_id_of(function)
    qid = builder.logical_id_of(queue)
    if fid is None or qid is None:
        raise TemplateError("the function and the queue of an event source mapping must be in this template")
    role_arn = builder.resources[fid]["Properties"]["Role"]
    role_id = role_arn["Fn::GetAtt"][0] if isinstance(role_arn, dict) and "Fn::GetAtt" in role_arn else None
    role = builder.resources.get(role_id) if role_id else None
    if role is not None and role["Type"] == "AWS::IAM::Role":
        policies = role["Properties"].setdefault("Policies", [])
        policies.append(
            {
                "PolicyName": f"poll-{queue.name}",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": list(_SQS_SOURCE["actions"]), "Resource": get_att(qid, "Arn")}
                    ],
                },
            }
        )
    return builder.add(
        "EventSourceMapping",
        f"{_function_name(function)}-{queue.name}",
        "AWS::Lambda::EventSourceMapping",
        {"FunctionName": ref(fid), "EventSourceArn": get_att(qid, "Arn"), "BatchSize": size, "Enabled": True},
        tags=False,
    )


def _instance_profile(role, builder: TemplateBuilder) -> dict:
    """``Fn::GetAtt [<profile>, Arn]`` of the instance profile the role exporter made for ``role``."""
    if not builder.has(role):
        builder.export(role)
    role_id = builder.logical_id_of(role)
    if role_id is None:
        raise TemplateError(f"role {role.name} is skipped: an instance profile's role is exported in the same template")
    for logical, resource in builder.resources.items():
        if resource["Type"] == "AWS::IAM::InstanceProfile" and resource["Properties"]["Roles"] == [ref(role_id)]:
            return get_att(logical, "Arn")
    raise TemplateError(f"role {role.name} has no instance profile in this template (does it trust EC2?)")


def export_auto_scaling_group(group: AutoScalingGroup, builder: TemplateBuilder) -> None:
    """Add a deployed Auto Scaling group to ``builder``: its launch template and the group.

    Raises:
        TemplateError: a group with no subnets (a simulation-only group has nowhere to launch).
    """
    if not group.subnets:
        raise TemplateError(
            "an Auto Scaling group exports with its subnets: give AutoScalingGroup(..., subnets=(...), azs=N)"
        )
    name = group.name or "Group"
    data_: dict = {
        "ImageId": f"{{{{resolve:ssm:{_AMI_PARAMETER}}}}}",
        "InstanceType": group.instance_type,
        "MetadataOptions": dict(_IMDS),
    }
    if group.security_groups:
        data_["SecurityGroupIds"] = [builder.ref(g, what="security group") for g in group.security_groups]
    if group.instance_profile_role is not None:
        data_["IamInstanceProfile"] = {"Arn": _instance_profile(group.instance_profile_role, builder)}
    lt = builder.add("LaunchTemplate", name, "AWS::EC2::LaunchTemplate", {"LaunchTemplateData": data_}, tags=False)
    properties: dict = {
        "MinSize": str(group.min_size),
        "MaxSize": str(group.max_size),
        "DesiredCapacity": str(group.desired_capacity),
        "VPCZoneIdentifier": [builder.ref(s, what="subnet") for s in group.subnets],
        "LaunchTemplate": {"LaunchTemplateId": ref(lt), "Version": get_att(lt, "LatestVersionNumber")},
    }
    if group.name is not None:
        properties["AutoScalingGroupName"] = group.name
    if group.target_group is not None:
        properties["TargetGroupARNs"] = [builder.ref(group.target_group, what="target group")]
        properties["HealthCheckType"] = "ELB"
        properties["HealthCheckGracePeriod"] = _GRACE_S
    if group.default_instance_warmup_s is not None:
        properties["DefaultInstanceWarmup"] = group.default_instance_warmup_s
    builder.add(
        "AutoScalingGroup",
        name,
        "AWS::AutoScaling::AutoScalingGroup",
        properties,
        model=group,
        tags=False,
    )
