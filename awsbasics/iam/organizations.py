"""AWS Organizations as a teaching model: accounts in OUs, SCPs and RCPs as guardrails, a landing zone.

SCPs never grant anything: a request from a member account needs an Allow at
every level of the SCPs (root, each OU on the way, the account) *and* in the
account's own policies. RCPs cap what anyone may do to the organization's
resources in the same level-by-level way. :func:`landing_zone` builds a small
multi-account layout.

    >>> org = landing_zone()
    >>> sorted(account.name for account in org.accounts)
    ['audit', 'dev', 'log-archive', 'management', 'prod']

https://docs.aws.amazon.com/organizations/latest/userguide/orgs_introduction.html
"""

from __future__ import annotations

import hashlib

from awsbasics import data
from awsbasics._checks import require_str
from awsbasics._protocol import Rendered, view
from awsbasics.errors import FederationError
from awsbasics.iam.entities import _Principal
from awsbasics.iam.evaluation import Decision
from awsbasics.iam.identities import Account
from awsbasics.iam.policy import Policy

__all__ = ["Organization", "OrganizationalUnit", "landing_zone"]

SCPS_PER_TARGET_MAX: int = data.value("identity", "scps_per_target_max")
OU_NESTING_MAX: int = data.value("identity", "ou_nesting_max")
FULL_AWS_ACCESS: dict = data.value("identity", "full_aws_access_scp")
RCP_FULL_AWS_ACCESS: dict = data.value("iam", "rcp_full_aws_access")


def _short_id(text: str, length: int, alphabet: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])


class OrganizationalUnit:
    """An OU (or the root): child OUs, member accounts and attached SCPs and RCPs."""

    def __init__(self, name: str, parent: OrganizationalUnit | None):
        self.name, self.parent = name, parent
        self.children: list[OrganizationalUnit] = []
        self.accounts: list[Account] = []
        self.scps: list[Policy] = []
        self.rcps: list[Policy] = []

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    def path(self) -> list[OrganizationalUnit]:
        return ([] if self.parent is None else self.parent.path()) + [self]

    def __repr__(self) -> str:
        return f"<OrganizationalUnit {self.name}: {len(self.accounts)} accounts, {len(self.scps)} SCPs>"


class Organization(Rendered):
    """AWS Organizations (teaching model): OUs, accounts and SCPs as guardrails.

    SCPs never grant anything: a request from a member account needs an Allow in
    the SCPs at every level (root, each OU on the way, the account) *and* in the
    account's own policies. The management account is not limited by SCPs.
    FullAWSAccess is attached to every new target, as AWS does.

    RCPs are the resource-side guardrail: they limit what *any* principal, inside
    the organization or not, may do to resources of member accounts (never the
    management account's); RCPFullAWSAccess is attached to every target. A
    principal of a member account carries ``aws:PrincipalOrgID`` = :attr:`id`.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
    """

    _view_ = "identity.organization_view"

    def __init__(self, management: Account):
        if not isinstance(management, Account):
            raise TypeError(f"management must be an Account, not {type(management).__name__}")
        self.management = management
        self.root = OrganizationalUnit("Root", None)
        self._ous = {"root": self.root}
        self._account_ou: dict[str, OrganizationalUnit] = {}
        self._account_scps: dict[str, list[Policy]] = {}
        self._accounts: dict[str, Account] = {}
        self._account_rcps: dict[str, list[Policy]] = {}
        self.id = "o-" + _short_id(f"organization/{management.id}", 10, "abcdefghijklmnopqrstuvwxyz0123456789")
        self.root.scps.append(self._full_access())
        self.root.rcps.append(self._rcp_full_access())
        self.add_account(management)

    @staticmethod
    def _full_access() -> Policy:
        return Policy.from_json(FULL_AWS_ACCESS, kind="scp", name="FullAWSAccess")

    @staticmethod
    def _rcp_full_access() -> Policy:
        return Policy.from_json(RCP_FULL_AWS_ACCESS, kind="rcp", name="RCPFullAWSAccess")

    def __repr__(self) -> str:
        return (
            f"<Organization management={self.management.id}: {len(self._accounts)} accounts, {len(self._ous) - 1} OUs>"
        )

    def ou(self, name: str) -> OrganizationalUnit:
        require_str(name, "an OU name")
        if name.lower() not in self._ous:
            raise FederationError(f"no OU {name!r}; OUs: {', '.join(o.name for o in self._ous.values())}")
        return self._ous[name.lower()]

    def add_ou(self, name: str, *, parent: str = "Root") -> OrganizationalUnit:
        """A new OU under ``parent`` (at most five levels below the root)."""
        require_str(name, "an OU name")
        above = self.ou(parent)
        if name.lower() in self._ous:
            raise FederationError(f"an OU named {name!r} already exists")
        if above.depth + 1 > OU_NESTING_MAX:
            raise FederationError(
                f"OU {name!r} would be {above.depth + 1} levels below the root; Organizations "
                f"nests OUs at most {OU_NESTING_MAX} levels deep"
            )
        unit = OrganizationalUnit(name, above)
        unit.scps.append(self._full_access())
        unit.rcps.append(self._rcp_full_access())
        above.children.append(unit)
        self._ous[name.lower()] = unit
        return unit

    def add_account(self, account: Account, *, ou: str = "Root") -> None:
        if not isinstance(account, Account):
            raise TypeError(f"account must be an Account, not {type(account).__name__}")
        if account.id in self._accounts:
            raise FederationError(f"account {account.id} is already in the organization")
        unit = self.ou(ou)
        unit.accounts.append(account)
        self._accounts[account.id] = account
        self._account_ou[account.id] = unit
        self._account_scps[account.id] = [self._full_access()]
        self._account_rcps[account.id] = [self._rcp_full_access()]

    @property
    def accounts(self) -> tuple[Account, ...]:
        return tuple(self._accounts.values())

    def _target(self, target, kind: str = "scp") -> list[Policy]:
        if isinstance(target, Account):
            target = target.id
        require_str(target, "target")
        per_account = self._account_scps if kind == "scp" else self._account_rcps
        if target in per_account:
            return per_account[target]
        unit = self.ou(target)
        return unit.scps if kind == "scp" else unit.rcps

    def attach_scp(self, target, document, *, name: str) -> Policy:
        """Attach an SCP to the root (``"Root"``), an OU (its name) or an account (an Account or its ID)."""
        return self._attach(target, document, name, "scp")

    def attach_rcp(self, target, document, *, name: str) -> Policy:
        """Attach an RCP (statements with ``"Principal": "*"``) to the root, an OU or an account.

        >>> org = Organization(Account("111111111111"))
        >>> org.attach_rcp("Root", {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
        ...     "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists":
        ...     {"aws:PrincipalOrgID": org.id}}}]}, name="OrgOnly").kind
        'rcp'
        """
        return self._attach(target, document, name, "rcp")

    def _attach(self, target, document, name, kind) -> Policy:
        policies = self._target(target, kind)
        policy = Policy.from_json(document, kind=kind, name=require_str(name, "name"))
        too_big = [f for f in policy.findings if f.code == f"size-{kind}"]
        if too_big:
            raise FederationError(f"{kind.upper()} {name}: {too_big[0].message}")
        if len(policies) >= SCPS_PER_TARGET_MAX:
            raise FederationError(
                f"{target!r} already has {len(policies)} {kind.upper()}s attached, the most "
                f"Organizations allows per root, OU or account ({SCPS_PER_TARGET_MAX})"
            )
        if any(p.name == name for p in policies):
            raise FederationError(f"an {kind.upper()} named {name!r} is already attached to {target!r}")
        policies.append(policy)
        return policy

    def detach_scp(self, target, name: str) -> None:
        """Detach an SCP by name; the last SCP of a target cannot be detached."""
        require_str(name, "name")
        scps = self._target(target)
        names = [str(p.name) for p in scps]
        if name not in names:
            raise FederationError(f"no SCP named {name!r} on {target!r}; attached: {', '.join(names)}")
        if len(scps) == 1:
            raise FederationError(
                f"{name!r} is the only SCP on {target!r}; every root, OU and account keeps at "
                "least one SCP attached (attach another before detaching it)"
            )
        del scps[names.index(name)]

    def rcp_levels(self, account) -> list[list[Policy]] | None:
        """The RCPs that apply to resources of an account, one list per level (root, OUs, account).

        ``None`` for the management account (RCPs do not affect its resources) and for
        an account outside the organization.
        """
        account_id = account.id if isinstance(account, Account) else require_str(account, "account")
        if account_id not in self._accounts or account_id == self.management.id:
            return None
        levels = [list(unit.rcps) for unit in self._account_ou[account_id].path()]
        return levels + [list(self._account_rcps[account_id])]

    def scp_levels(self, account) -> list[list[Policy]] | None:
        """The SCPs that apply to an account, one list per level (root, OUs, account).

        ``None`` for the management account: SCPs do not limit it.
        """
        account_id = account.id if isinstance(account, Account) else require_str(account, "account")
        if account_id not in self._accounts:
            raise FederationError(f"account {account_id} is not in the organization")
        if account_id == self.management.id:
            return None
        levels = [list(unit.scps) for unit in self._account_ou[account_id].path()]
        return levels + [list(self._account_scps[account_id])]

    def evaluate(
        self,
        principal,
        action: str,
        resource: str,
        *,
        context=None,
        resource_policy=None,
        resource_account: str | None = None,
    ) -> Decision:
        """Evaluate a request with the SCPs of the principal's account and the RCPs of the resource's account.

        A principal of a member account is limited by its account's SCPs and carries
        ``aws:PrincipalOrgID``; a principal of an account outside the organization has
        neither. ``resource_account`` (default: the principal's account) picks the RCPs.
        """
        if not isinstance(principal, _Principal):
            raise TypeError(f"principal must be a User, RoleSession or RootUser, not {type(principal).__name__}")
        inside = principal.account.id in self._accounts
        scps = self.scp_levels(principal.account) if inside else None
        target = principal.account.id if resource_account is None else resource_account
        rcps = self.rcp_levels(target) if isinstance(target, str) and target in self._accounts else None
        if inside:
            given = {k.lower() for k in (context or {}) if isinstance(k, str)}
            if "aws:principalorgid" not in given:
                context = {"aws:PrincipalOrgID": self.id, **(context or {})}
        return principal.evaluate(
            action,
            resource,
            context=context,
            resource_policy=resource_policy,
            scps=scps,
            rcps=rcps,
            resource_account=resource_account,
        )

    def diagram(self):
        """The organization as a Diagram: OUs as folders, accounts as boxes, SCP names beside them."""
        return view("identity.organization_diagram")(self)

    def text(self) -> str:
        """One line: the management account, how many member accounts and OUs, and whom SCPs limit."""
        return (
            f"Organization {self.id} with management account {self.management.id}: {len(self._accounts) - 1} "
            f"member accounts in {len(self._ous) - 1} OUs; SCPs and RCPs apply to member accounts only"
        )


_LANDING_ZONE_IDS = {
    "management": "111111111111",
    "log-archive": "222222222222",
    "audit": "333333333333",
    "dev": "444444444444",
    "prod": "555555555555",
}
_GLOBAL_SERVICES = ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*"]


def landing_zone(*, allowed_regions=("ap-northeast-2",)) -> Organization:
    """A small multi-account landing zone (teaching model of what AWS Control Tower sets up).

    Root -> Security OU (log-archive, audit accounts) and Workloads OU (dev, prod),
    with guardrail SCPs: no account may leave the organization or stop CloudTrail,
    and workload accounts may use only ``allowed_regions`` (global services excepted).
    """
    if isinstance(allowed_regions, str) or not all(isinstance(r, str) for r in allowed_regions):
        raise TypeError("allowed_regions is a list of Region codes")
    org = Organization(Account(_LANDING_ZONE_IDS["management"], name="management"))
    org.add_ou("Security")
    org.add_ou("Workloads")
    for name, ou in (("log-archive", "Security"), ("audit", "Security"), ("dev", "Workloads"), ("prod", "Workloads")):
        org.add_account(Account(_LANDING_ZONE_IDS[name], name=name), ou=ou)
    org.attach_scp(
        "Root",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyLeavingTheOrganization",
                    "Effect": "Deny",
                    "Action": "organizations:LeaveOrganization",
                    "Resource": "*",
                },
                {
                    "Sid": "ProtectCloudTrail",
                    "Effect": "Deny",
                    "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
                    "Resource": "*",
                },
            ],
        },
        name="Guardrails",
    )
    org.attach_scp(
        "Workloads",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyOtherRegions",
                    "Effect": "Deny",
                    "NotAction": _GLOBAL_SERVICES,
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": list(allowed_regions)}},
                }
            ],
        },
        name="RegionRestriction",
    )
    return org
