"""Workloads get credentials from roles: EC2 instance profiles and Lambda execution roles.

Code running on AWS needs no access keys: the service assumes a role for it and
hands the workload temporary credentials. The role's trust policy must name the
service principal (``ec2.amazonaws.com``, ``lambda.amazonaws.com``); that check is
the same :func:`~awsbasics.iam.identities.assume_role` a person's call meets.

    >>> from awsbasics.iam.identities import Account
    >>> account = Account("111122223333")
    >>> role = account.add_role("WebServer", trust_policy=service_trust_policy("ec2.amazonaws.com"))
    >>> profile = InstanceProfile("WebServer", role)
    >>> session = profile.credentials("i-0abc1234def567890")
    >>> session.arn
    'arn:aws:sts::111122223333:assumed-role/WebServer/i-0abc1234def567890'

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html
https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
"""

from __future__ import annotations

import re
import reprlib

from awsbasics import data
from awsbasics.errors import IdentityError
from awsbasics.iam.identities import Role, RoleSession, _check_name, assume_role

__all__ = [
    "InstanceProfile",
    "lambda_credentials",
    "service_trust_policy",
    "EC2_SERVICE",
    "LAMBDA_SERVICE",
    "INSTANCE_PROFILE_ROLES_MAX",
]

EC2_SERVICE = "ec2.amazonaws.com"
LAMBDA_SERVICE = "lambda.amazonaws.com"
INSTANCE_PROFILE_ROLES_MAX: int = data.value("identity", "instance_profile_roles_max")
_INSTANCE_ID = re.compile(r"i-([0-9a-f]{8}|[0-9a-f]{17})", re.ASCII)
_FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


def service_trust_policy(service: str) -> dict:
    """The trust policy that lets an AWS service (``"ec2.amazonaws.com"``) assume a role."""
    if not isinstance(service, str):
        raise TypeError(f"service must be str, not {type(service).__name__}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com", service):
        raise IdentityError(f"{reprlib.repr(service)} is not a service principal such as 'ec2.amazonaws.com'")
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


class InstanceProfile:
    """An EC2 instance profile: the container that passes one role to an instance.

    Args:
        name: the profile's name (IAM name rules).
        role: the one role it holds.
    """

    def __init__(self, name: str, role: Role):
        _check_name(name, "instance profile")
        if isinstance(role, (list, tuple)):
            raise IdentityError(
                f"an instance profile holds at most {INSTANCE_PROFILE_ROLES_MAX} role; {len(role)} given"
            )
        if not isinstance(role, Role):
            raise TypeError(f"role must be a Role, not {type(role).__name__}")
        self.name, self.role = name, role

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.role.account.id}:instance-profile/{self.name}"

    def credentials(self, instance_id: str) -> RoleSession:
        """The role session whose temporary credentials an instance reads from its metadata.

        Raises:
            AccessDeniedError: the role's trust policy does not let EC2 assume it.
            IdentityError: not an instance ID (``i-`` and 8 or 17 hex digits).
        """
        if not isinstance(instance_id, str):
            raise TypeError(f"instance_id must be str, not {type(instance_id).__name__}")
        if not _INSTANCE_ID.fullmatch(instance_id):
            raise IdentityError(f"{reprlib.repr(instance_id)} is not an instance ID: i- and 8 or 17 hex digits")
        return assume_role(EC2_SERVICE, self.role, session_name=instance_id)

    def __repr__(self) -> str:
        return f"<InstanceProfile {self.arn} role={self.role.name}>"


def lambda_credentials(role: Role, function_name: str) -> RoleSession:
    """The session a Lambda function runs with: its execution role, assumed by Lambda.

    Raises:
        AccessDeniedError: the role's trust policy does not let Lambda assume it.
        IdentityError: not a function name (1 to 64 letters, digits, - and _).
    """
    if not isinstance(function_name, str):
        raise TypeError(f"function_name must be str, not {type(function_name).__name__}")
    if not _FUNCTION_NAME.fullmatch(function_name):
        raise IdentityError(
            f"{reprlib.repr(function_name)} is not a Lambda function name: 1 to 64 letters, digits, - and _"
        )
    if not isinstance(role, Role):
        raise TypeError(f"role must be a Role, not {type(role).__name__}")
    session_name = function_name if len(function_name) >= 2 else f"{function_name}-fn"
    return assume_role(LAMBDA_SERVICE, role, session_name=session_name)
