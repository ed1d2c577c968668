"""IAM Identity Center (teaching model): people sign in once and work through roles.

**This is a teaching model, not an emulator.** It keeps what decides access and
leaves out the rest (no SAML or OIDC exchange, no MFA, no external identity
provider sync, no application assignments):

* an **identity source** holds :class:`DirectoryUser` and :class:`DirectoryGroup`
  objects (the people, not IAM users);
* a :class:`PermissionSet` is a template of policies (AWS managed, customer managed
  by name, inline, an optional permissions boundary) and a session duration;
* :meth:`IdentityCenter.assign` gives a user or group a permission set in an
  account; Identity Center then *provisions* an IAM role named
  ``AWSReservedSSO_<permission set>_<id>`` in that account with the set's policies;
* :meth:`IdentityCenter.sign_in` is what the AWS access portal does: it checks the
  assignment and returns a :class:`~awsbasics.iam.identities.RoleSession` of that
  role, so every request is evaluated by :func:`awsbasics.iam.evaluate` with the
  permission set's policies.

    >>> from awsbasics.iam.identities import Account, ManagedPolicy
    >>> dev = Account("444455556666", name="dev")
    >>> center = IdentityCenter(dev.id)
    >>> jiwoo = center.add_user("jiwoo")
    >>> readers = center.add_permission_set("ReadOnly", managed_policies=[ManagedPolicy.aws("AmazonS3ReadOnlyAccess")])
    >>> _ = center.assign(jiwoo, readers, dev)
    >>> session = center.sign_in("jiwoo", account=dev, permission_set="ReadOnly")
    >>> session.arn.startswith("arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_ReadOnly_")
    True
    >>> session.evaluate("s3:GetObject", "arn:aws:s3:::reports/q1.csv").decision
    'Allow'

https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html
"""

from __future__ import annotations

import hashlib
import re
import reprlib
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import AccessDeniedError, IdentityError
from awsbasics.iam.identities import Account, ManagedPolicy, Role, RoleSession
from awsbasics.iam.policy import Policy

__all__ = [
    "IdentityCenter",
    "DirectoryUser",
    "DirectoryGroup",
    "PermissionSet",
    "AccountAssignment",
    "PERMISSION_SET_NAME_MAX_CHARS",
    "PERMISSION_SET_SESSION_SECONDS",
    "ROLE_PREFIX",
]

_NAME = data.value("identity", "permission_set_name")
PERMISSION_SET_NAME_MAX_CHARS: int = _NAME["max_chars"]
_PERMISSION_SET_NAME = re.compile(_NAME["pattern"], re.ASCII)
PERMISSION_SET_SESSION_SECONDS: dict = data.value("identity", "permission_set_session_seconds")
_ROLES = data.value("identity", "identity_center_roles")
ROLE_PREFIX: str = _ROLES["role_prefix"]
_USER_NAME = re.compile(r"[\w+=,.@-]{1,128}", re.ASCII)  # this model's rule for directory names
_ACCOUNT_ID = re.compile(r"[0-9]{12}", re.ASCII)
_MAX_MEMBERS = 10_000  # this model's bound on users and groups, not an AWS quota


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def _check_str(value, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value


@dataclass(frozen=True, slots=True)
class DirectoryUser:
    """A person in the identity source (not an IAM user: it has no credentials in any account)."""

    user_name: str
    user_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class DirectoryGroup:
    """A group of the identity source; assigning a group assigns each of its members."""

    name: str
    group_id: str


@dataclass(frozen=True, slots=True)
class PermissionSet(Rendered):
    """A template of policies Identity Center provisions as a role in each account it is assigned to."""

    name: str
    arn: str
    managed_policies: tuple[ManagedPolicy, ...]
    customer_managed_policy_names: tuple[str, ...]
    inline_policy: Policy | None
    permissions_boundary: ManagedPolicy | None
    session_duration_seconds: int

    _view_ = "identity.permission_set_view"

    def role_name(self, instance_id: str) -> str:
        """The name of the role this set becomes in an account: ``AWSReservedSSO_<name>_<16 hex>``."""
        return f"{ROLE_PREFIX}{self.name}_{_digest(f'{instance_id}/{self.name}', 16)}"

    def text(self) -> str:
        """The set's name, session length and the policies it provisions."""
        rows = [["AWS managed", m.name] for m in self.managed_policies]
        rows += [
            ["customer managed (by name, must exist in the account)", name]
            for name in self.customer_managed_policy_names
        ]
        if self.inline_policy is not None:
            rows.append(["inline", f"{len(self.inline_policy.statements)} statements"])
        if self.permissions_boundary is not None:
            rows.append(["permissions boundary", self.permissions_boundary.name])
        hours = self.session_duration_seconds / 3600
        title = f"permission set {self.name}: sessions of {hours:g} h"
        return f"{title}\n" + (text_table(["policy", "name"], rows) if rows else "(no policies)")


@dataclass(frozen=True, slots=True)
class AccountAssignment:
    """Who (a user or group) gets which permission set in which account, and the role it became."""

    principal: DirectoryUser | DirectoryGroup
    permission_set: PermissionSet
    account_id: str
    role: Role

    @property
    def principal_name(self) -> str:
        if isinstance(self.principal, DirectoryUser):
            return f"user {self.principal.user_name}"
        return f"group {self.principal.name}"


class IdentityCenter(Rendered):
    """An IAM Identity Center instance: identity source, permission sets and account assignments.

    Args:
        management_account_id: the account the instance belongs to (the organization's
            management account or a delegated administrator); it names the instance.
    """

    _view_ = "identity.identity_center_view"

    def __init__(self, management_account_id: str):
        _check_str(management_account_id, "management_account_id")
        if not _ACCOUNT_ID.fullmatch(management_account_id):
            raise IdentityError(f"{reprlib.repr(management_account_id)} is not an AWS account ID: exactly 12 digits")
        self.instance_id = "ssoins-" + _digest(f"instance/{management_account_id}", 16)
        self.arn = f"arn:aws:sso:::instance/{self.instance_id}"
        self._users: dict[str, DirectoryUser] = {}
        self._groups: dict[str, DirectoryGroup] = {}
        self._members: dict[str, list[str]] = {}  # group name (folded) -> user names (folded)
        self._sets: dict[str, PermissionSet] = {}
        self._assignments: list[AccountAssignment] = []

    def __repr__(self) -> str:
        return (
            f"<IdentityCenter {self.instance_id}: {len(self._users)} users, {len(self._groups)} groups, "
            f"{len(self._sets)} permission sets, {len(self._assignments)} assignments>"
        )

    # --- the identity source ---------------------------------------------------------------------

    def add_user(self, user_name: str, *, display_name: str | None = None, groups=()) -> DirectoryUser:
        """A person in the identity source, optionally in existing groups (user names are unique, ignoring case)."""
        _check_str(user_name, "user_name")
        if not _USER_NAME.fullmatch(user_name):
            raise IdentityError(
                f"{reprlib.repr(user_name)} is not a user name this model accepts: 1 to 128 "
                "letters, digits and _ + = , . @ -"
            )
        if user_name.lower() in self._users:
            raise IdentityError(f"the identity source already has a user {user_name!r}")
        if display_name is not None:
            _check_str(display_name, "display_name")
        if isinstance(groups, (str, bytes)) or not isinstance(groups, (list, tuple)):
            raise TypeError(f"groups is a list of group names, not {type(groups).__name__}")
        folded = [self.group(g).name.lower() for g in groups]  # every group checked before anything changes
        if len(self._users) >= _MAX_MEMBERS:
            raise IdentityError(f"this model keeps at most {_MAX_MEMBERS:,} users")
        user = DirectoryUser(
            user_name, _uuid_like(f"{self.instance_id}/user/{user_name.lower()}"), display_name or user_name
        )
        self._users[user_name.lower()] = user
        for name in dict.fromkeys(folded):
            self._members[name].append(user_name.lower())
        return user

    def add_group(self, name: str) -> DirectoryGroup:
        """A group of the identity source."""
        _check_str(name, "name")
        if not _USER_NAME.fullmatch(name):
            raise IdentityError(
                f"{reprlib.repr(name)} is not a group name this model accepts: 1 to 128 letters, "
                "digits and _ + = , . @ -"
            )
        if name.lower() in self._groups:
            raise IdentityError(f"the identity source already has a group {name!r}")
        if len(self._groups) >= _MAX_MEMBERS:
            raise IdentityError(f"this model keeps at most {_MAX_MEMBERS:,} groups")
        group = DirectoryGroup(name, _uuid_like(f"{self.instance_id}/group/{name.lower()}"))
        self._groups[name.lower()] = group
        self._members[name.lower()] = []
        return group

    def user(self, user_name: str) -> DirectoryUser:
        _check_str(user_name, "user_name")
        if user_name.lower() not in self._users:
            known = ", ".join(u.user_name for u in self._users.values()) or "none"
            raise IdentityError(f"the identity source has no user {reprlib.repr(user_name)} (its users: {known})")
        return self._users[user_name.lower()]

    def group(self, name: str) -> DirectoryGroup:
        _check_str(name, "group name")
        if name.lower() not in self._groups:
            known = ", ".join(g.name for g in self._groups.values()) or "none"
            raise IdentityError(f"the identity source has no group {reprlib.repr(name)} (its groups: {known})")
        return self._groups[name.lower()]

    def groups_of(self, user: DirectoryUser | str) -> tuple[DirectoryGroup, ...]:
        name = self._principal(user, users_only=True).user_name.lower()
        return tuple(self._groups[g] for g, members in self._members.items() if name in members)

    # --- permission sets and assignments ---------------------------------------------------------

    def add_permission_set(
        self,
        name: str,
        *,
        managed_policies=(),
        customer_managed_policy_names=(),
        inline_policy=None,
        permissions_boundary: ManagedPolicy | None = None,
        session_duration_seconds: int = PERMISSION_SET_SESSION_SECONDS["default"],
    ) -> PermissionSet:
        """A permission set: policies for the role it becomes in each assigned account.

        Raises:
            IdentityError: a bad or taken name, a session duration outside 1 to 12 hours,
                a managed policy that is not AWS managed (customer managed policies are
                named, and must exist in each account the set is assigned to).
        """
        _check_str(name, "name")
        if not _PERMISSION_SET_NAME.fullmatch(name) or len(name) > PERMISSION_SET_NAME_MAX_CHARS:
            raise IdentityError(
                f"{reprlib.repr(name)} is not a permission set name: 1 to "
                f"{PERMISSION_SET_NAME_MAX_CHARS} letters, digits and _ + = , . @ -"
            )
        if name.lower() in self._sets:
            raise IdentityError(f"a permission set named {self._sets[name.lower()].name!r} already exists")
        if isinstance(managed_policies, (str, bytes, ManagedPolicy)) or not isinstance(managed_policies, (list, tuple)):
            raise TypeError("managed_policies is a list of ManagedPolicy.aws(...) policies")
        for managed in managed_policies:
            if not isinstance(managed, ManagedPolicy):
                raise TypeError(f"each managed policy is a ManagedPolicy, not {type(managed).__name__}")
            if not managed.aws_managed:
                raise IdentityError(
                    f"{managed.arn} is customer managed: a permission set names customer managed "
                    "policies (customer_managed_policy_names=...), which each account must hold"
                )
        if isinstance(customer_managed_policy_names, (str, bytes)) or not isinstance(
            customer_managed_policy_names, (list, tuple)
        ):
            raise TypeError("customer_managed_policy_names is a list of policy names")
        for policy_name in customer_managed_policy_names:
            _check_str(policy_name, "a customer managed policy name")
        if permissions_boundary is not None and not isinstance(permissions_boundary, ManagedPolicy):
            raise TypeError(
                f"permissions_boundary is a ManagedPolicy or None, not {type(permissions_boundary).__name__}"
            )
        seconds = session_duration_seconds
        if not is_int(seconds):
            raise TypeError(f"session_duration_seconds must be an int, not {type(seconds).__name__}")
        seconds = int(seconds)
        low, high = PERMISSION_SET_SESSION_SECONDS["minimum"], PERMISSION_SET_SESSION_SECONDS["maximum"]
        if not low <= seconds <= high:
            shown = f"{seconds:,}" if abs(seconds) < 10**15 else reprlib.repr(seconds)
            raise IdentityError(
                f"a session duration of {shown} s is outside {low:,} to {high:,} s (1 to 12 "
                "hours), the range a permission set allows"
            )
        inline = (
            None
            if inline_policy is None
            else (
                inline_policy
                if isinstance(inline_policy, Policy)
                else Policy.from_json(inline_policy, kind="identity", name=f"{name} (inline)")
            )
        )
        permission_set = PermissionSet(
            name,
            f"arn:aws:sso:::permissionSet/{self.instance_id}/ps-{_digest(name.lower(), 16)}",
            tuple(managed_policies),
            tuple(customer_managed_policy_names),
            inline,
            permissions_boundary,
            seconds,
        )
        self._sets[name.lower()] = permission_set
        return permission_set

    def permission_set(self, name: str) -> PermissionSet:
        _check_str(name, "permission set name")
        if name.lower() not in self._sets:
            known = ", ".join(p.name for p in self._sets.values()) or "none"
            raise IdentityError(f"no permission set {reprlib.repr(name)} (permission sets: {known})")
        return self._sets[name.lower()]

    def _principal(self, who, *, users_only: bool = False):
        if isinstance(who, DirectoryUser):
            return self.user(who.user_name)
        if isinstance(who, DirectoryGroup) and not users_only:
            return self.group(who.name)
        if isinstance(who, str):
            return self.user(who)
        what = "a DirectoryUser or a user name" if users_only else "a DirectoryUser, a DirectoryGroup or a user name"
        raise TypeError(f"expected {what}, not {type(who).__name__}")

    def assign(self, who, permission_set: PermissionSet | str, account: Account) -> AccountAssignment:
        """Give a user or group a permission set in an account, provisioning its role there.

        The role (``AWSReservedSSO_<set>_<id>``) gets the set's policies; customer managed
        policies are looked up by name in the account, as Identity Center does.

        Raises:
            IdentityError: the account lacks a named customer managed policy, or the
                assignment exists already.
        """
        principal = self._principal(who)
        if isinstance(permission_set, str):
            permission_set = self.permission_set(permission_set)
        if (
            not isinstance(permission_set, PermissionSet)
            or self._sets.get(permission_set.name.lower()) is not permission_set
        ):
            raise TypeError("permission_set is a PermissionSet of this Identity Center instance, or its name")
        if not isinstance(account, Account):
            raise TypeError(f"account must be an Account, not {type(account).__name__}")
        if any(
            a.principal == principal and a.permission_set is permission_set and a.account_id == account.id
            for a in self._assignments
        ):
            raise IdentityError(
                f"{type(principal).__name__} {getattr(principal, 'user_name', None) or principal.name} "
                f"already has {permission_set.name} in account {account.id}"
            )
        customer = [account.policy(name) for name in permission_set.customer_managed_policy_names]  # raises first
        role = self._provision(permission_set, account, customer)
        assignment = AccountAssignment(principal, permission_set, account.id, role)
        self._assignments.append(assignment)
        return assignment

    def _provision(self, permission_set: PermissionSet, account: Account, customer) -> Role:
        name = permission_set.role_name(self.instance_id)
        existing = next((r for r in account.roles if r.name == name), None)
        if existing is not None:
            return existing  # one role per permission set and account, shared by its assignments
        provider = f"arn:aws:iam::{account.id}:saml-provider/AWSSSO_{_digest(self.instance_id, 16)}_DO_NOT_DELETE"
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": provider},
                    "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                    "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
                }
            ],
        }
        role = account.add_role(
            name, trust_policy=trust, max_session_duration_seconds=permission_set.session_duration_seconds
        )
        for managed in (*permission_set.managed_policies, *customer):
            role.attach_policy(managed)
        if permission_set.inline_policy is not None:
            role.put_inline_policy("AwsSSOInlinePolicy", permission_set.inline_policy.document)
        if permission_set.permissions_boundary is not None:
            role.set_permissions_boundary(permission_set.permissions_boundary)
        return role

    @property
    def assignments(self) -> tuple[AccountAssignment, ...]:
        return tuple(self._assignments)

    def access_portal(self, user: DirectoryUser | str) -> tuple[AccountAssignment, ...]:
        """What the AWS access portal shows a user: each (account, permission set) reached directly or by a group."""
        person = self._principal(user, users_only=True)
        groups = set(self.groups_of(person))
        seen, rows = set(), []
        for a in self._assignments:
            if a.principal == person or a.principal in groups:
                key = (a.account_id, a.permission_set.name)
                if key not in seen:
                    seen.add(key)
                    rows.append(a)
        return tuple(rows)

    def sign_in(
        self, user: DirectoryUser | str, *, account: Account, permission_set: PermissionSet | str
    ) -> RoleSession:
        """Sign a person in to an account with a permission set: a session of the provisioned role.

        Raises:
            AccessDeniedError: the user has no assignment of that set in that account.
        """
        person = self._principal(user, users_only=True)
        if not isinstance(account, Account):
            raise TypeError(f"account must be an Account, not {type(account).__name__}")
        wanted = (
            permission_set.name
            if isinstance(permission_set, PermissionSet)
            else _check_str(permission_set, "permission_set")
        )
        match = next(
            (
                a
                for a in self.access_portal(person)
                if a.account_id == account.id and a.permission_set.name.lower() == wanted.lower()
            ),
            None,
        )
        if match is None:
            offered = ", ".join(f"{a.permission_set.name} in {a.account_id}" for a in self.access_portal(person))
            raise AccessDeniedError(
                f"{person.user_name} has no assignment of permission set {wanted!r} in account "
                f"{account.id}; the access portal offers: {offered or 'nothing'}"
            )
        return RoleSession(
            match.role,
            person.user_name,
            session_policy=None,
            duration_seconds=match.permission_set.session_duration_seconds,
            source=f"IAM Identity Center user {person.user_name} ({match.principal_name} assignment)",
            extra_context={"identitystore:UserId": person.user_id},
        )

    def text(self) -> str:
        """One line per assignment: who, which permission set, which account, which role."""
        title = (
            f"IAM Identity Center {self.instance_id}: {len(self._users)} users, {len(self._groups)} groups, "
            f"{len(self._sets)} permission sets"
        )
        if not self._assignments:
            return f"{title}\n(no account assignments)"
        rows = [[a.principal_name, a.permission_set.name, a.account_id, a.role.name] for a in self._assignments]
        return f"{title}\n" + text_table(["assigned to", "permission set", "account", "role in the account"], rows)


def _uuid_like(text: str) -> str:
    h = _digest(text, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
