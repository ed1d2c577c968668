"""Federation: who signs in (Amazon Cognito) and under which guardrails (AWS Organizations).

The models live in :mod:`awsbasics.iam.cognito` and :mod:`awsbasics.iam.organizations`;
this module keeps their names together, where chapter 05 introduces them.
"""

from awsbasics.errors import FederationError
from awsbasics.iam.cognito import COGNITO_IDENTITY, TEACHING_MODEL, AppClient, IdentityPool, Tokens, UserPool
from awsbasics.iam.organizations import Organization, OrganizationalUnit, landing_zone

__all__ = [
    "FederationError",
    "UserPool",
    "AppClient",
    "Tokens",
    "IdentityPool",
    "Organization",
    "OrganizationalUnit",
    "landing_zone",
    "COGNITO_IDENTITY",
    "TEACHING_MODEL",
]
