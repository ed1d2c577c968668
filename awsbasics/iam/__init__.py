"""IAM policies: parse, validate, lint and evaluate them with the AWS evaluation logic.

    >>> from awsbasics.iam import Policy, Request, evaluate
    >>> policy = Policy.from_json({
    ...     "Version": "2012-10-17",
    ...     "Statement": [{"Sid": "OwnHome", "Effect": "Allow", "Action": "s3:GetObject",
    ...                    "Resource": "arn:aws:s3:::home/${aws:username}/*"}]})
    >>> request = Request("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt",
    ...                   context={"aws:username": "alice"})
    >>> decision = evaluate(request, identity_policies=[policy])
    >>> decision.decision, [str(m) for m in decision.matched]
    ('Allow', ['identity[0] Statement[0] (OwnHome): Allow'])

``Policy.from_json`` validates a document as AWS does (errors carry a JSON path,
advice comes as ``Policy.findings``); ``evaluate`` applies the documented
evaluation logic (explicit Deny, RCPs, SCPs, resource-based policy, identity-based
policies, permissions boundary, session policy), the cross-account logic when the
principal's and the resource's accounts differ (both sides must allow), and returns
a ``Decision`` (module ``decision``) with the deciding statements, a step-by-step
trace and warnings.

Not modelled: KMS key policies' own rules (a key policy must itself allow the
principal).

Around the engine: ``identities`` (an ``Account`` with its root user, IAM users,
groups and roles, which ``entities`` defines with their managed and inline policies;
``role_assumption``: ``assume_role`` checking a trust policy), ``matrix``
(``access_matrix``: every principal x action x resource) and ``federation`` (a teaching model of Cognito user and identity pools, and of
Organizations with SCPs and RCPs), ``identity_center`` (people signing in through
IAM Identity Center permission sets) and ``workloads`` (EC2 instance profiles and
Lambda execution roles). They gather policies and call ``evaluate``; they decide nothing.

The policy language (IAM JSON policy element reference):
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
"""

from awsbasics.errors import PolicyError, UnknownActionError
from awsbasics.iam.cognito import FederationError, IdentityPool, UserPool
from awsbasics.iam.evaluation import DECISIONS, RCP_SERVICES, Decision, Flow, Match, Step, evaluate
from awsbasics.iam.identities import (
    PRINCIPAL_KEYS,
    AccessDeniedError,
    Account,
    AssumeRoleCheck,
    Group,
    IdentityError,
    ManagedPolicy,
    Role,
    RoleSession,
    RootUser,
    User,
    assume_role,
    check_assume_role,
)
from awsbasics.iam.identity_center import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    IdentityCenter,
    PermissionSet,
)
from awsbasics.iam.matrix import access_matrix
from awsbasics.iam.organizations import Organization, landing_zone
from awsbasics.iam.policy import KINDS, VERSIONS, Finding, Policy, Statement
from awsbasics.iam.request import Request, RequestError, parse_context
from awsbasics.iam.workloads import InstanceProfile, lambda_credentials, service_trust_policy

__all__ = [
    "Policy",
    "Statement",
    "Finding",
    "Request",
    "RequestError",
    "parse_context",
    "Decision",
    "Match",
    "Step",
    "Flow",
    "evaluate",
    "PolicyError",
    "UnknownActionError",
    "KINDS",
    "VERSIONS",
    "DECISIONS",
    "Account",
    "RootUser",
    "User",
    "Group",
    "Role",
    "RoleSession",
    "ManagedPolicy",
    "assume_role",
    "check_assume_role",
    "AssumeRoleCheck",
    "IdentityError",
    "AccessDeniedError",
    "UserPool",
    "IdentityPool",
    "Organization",
    "landing_zone",
    "FederationError",
    "access_matrix",
    "RCP_SERVICES",
    "IdentityCenter",
    "DirectoryUser",
    "DirectoryGroup",
    "PermissionSet",
    "AccountAssignment",
    "InstanceProfile",
    "lambda_credentials",
    "service_trust_policy",
    "PRINCIPAL_KEYS",
]
