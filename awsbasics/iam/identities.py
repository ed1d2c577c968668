"""IAM identities in one account: the :class:`Account` that creates the root user, IAM users, groups, roles and policies.

An account keeps names unique the way IAM does (without regard to case) and
refuses a bad name, a taken name or an oversized policy before anything changes.
What it creates lives beside it: the identities and their policy attachments in
:mod:`awsbasics.iam.entities`, assuming a role in :mod:`awsbasics.iam.role_assumption`;
their public names are importable from here too. Policies come in three kinds of
attachment: AWS managed (:meth:`ManagedPolicy.aws`), customer managed
(:meth:`Account.add_policy`) and inline (``put_inline_policy``, embedded in
exactly one identity). A user's effective permissions are its own policies
plus those of its groups; a role is used through a session that
:func:`assume_role` creates after checking the role's trust policy.

    >>> account = Account("111122223333", name="dev")
    >>> readers = account.add_group("Readers")
    >>> readers.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    >>> alice = account.add_user("alice", groups=["Readers"])
    >>> alice.evaluate("s3:GetObject", "arn:aws:s3:::reports/q1.csv").decision
    'Allow'
    >>> alice.evaluate("s3:PutObject", "arn:aws:s3:::reports/q1.csv").decision
    'ImplicitDeny'

Every decision comes from :func:`awsbasics.iam.evaluate`.

https://docs.aws.amazon.com/IAM/latest/UserGuide/id.html
"""

from __future__ import annotations

import re
import reprlib

from awsbasics.errors import AccessDeniedError, IdentityError
from awsbasics.iam.entities import (
    GROUPS_PER_USER_MAX,
    MANAGED_POLICIES_PER_IDENTITY,
    MAX_SESSION_SETTING_RANGE,
    NAME_MAX_CHARS,
    PRINCIPAL_KEYS,
    ROLE_TRUST_POLICY_MAX_CHARS,
    SESSION_DEFAULT_SECONDS,
    Group,
    ManagedPolicy,
    Role,
    RoleSession,
    RootUser,
    User,
)
from awsbasics.iam.lint import MANAGED_POLICY_MAX_CHARS
from awsbasics.iam.policy import Policy
from awsbasics.iam.role_assumption import (
    ROLE_CHAINING_MAX_SECONDS,
    SESSION_MIN_SECONDS,
    AssumeRoleCheck,
    assume_role,
    check_assume_role,
)

__all__ = [
    "IdentityError",
    "AccessDeniedError",
    "ManagedPolicy",
    "Account",
    "RootUser",
    "User",
    "Group",
    "Role",
    "RoleSession",
    "AssumeRoleCheck",
    "assume_role",
    "check_assume_role",
    "GROUPS_PER_USER_MAX",
    "MANAGED_POLICIES_PER_IDENTITY",
    "ROLE_TRUST_POLICY_MAX_CHARS",
    "PRINCIPAL_KEYS",
    "NAME_MAX_CHARS",
    "SESSION_MIN_SECONDS",
    "SESSION_DEFAULT_SECONDS",
    "MAX_SESSION_SETTING_RANGE",
    "ROLE_CHAINING_MAX_SECONDS",
]

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_NAME = re.compile(r"[A-Za-z0-9+=,.@_-]+")


def _check_name(name, kind: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"a {kind} name must be str, not {type(name).__name__}")
    limit = NAME_MAX_CHARS[kind]
    if not _NAME.fullmatch(name) or len(name) > limit:
        raise IdentityError(
            f"{reprlib.repr(name)} is not a valid {kind} name: IAM {kind} names are 1 to {limit} characters of letters, digits "
            "and + = , . @ _ -"
        )
    return name


def _check_account(account_id) -> str:
    if not isinstance(account_id, str):
        raise TypeError(f"an account ID must be str (12 digits), not {type(account_id).__name__}")
    if not _ACCOUNT_ID.fullmatch(account_id):
        raise IdentityError(f"{reprlib.repr(account_id)} is not an AWS account ID: an account ID is exactly 12 digits")
    return account_id


# --- the account -------------------------------------------------------------------------------


class Account:
    """One AWS account: its root user and the IAM users, groups, roles and policies created in it.

    Names of users, groups and roles are unique without regard to case, as in IAM.
    """

    def __init__(self, account_id: str, *, name: str | None = None):
        self.id = _check_account(account_id)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"an account name must be str or None, not {type(name).__name__}")
        self.name = name or account_id
        self.root = RootUser(self)
        self._users: dict[str, User] = {}
        self._groups: dict[str, Group] = {}
        self._roles: dict[str, Role] = {}
        self._policies: dict[str, ManagedPolicy] = {}

    def __repr__(self) -> str:
        return (
            f"<Account {self.id} ({self.name}): {len(self._users)} users, {len(self._groups)} groups, "
            f"{len(self._roles)} roles>"
        )

    @staticmethod
    def _unique(table: dict, name: str, kind: str) -> None:
        if name.lower() in table:
            existing = table[name.lower()].name
            raise IdentityError(
                f"a {kind} named {existing!r} already exists; IAM {kind} names are unique in an "
                "account without regard to case"
            )

    def add_user(self, name: str, *, groups=()) -> User:
        """A new IAM user, with no permissions until a policy or a group grants some."""
        _check_name(name, "user")
        self._unique(self._users, name, "user")
        # Everything is checked before the account changes: a refused call creates no user.
        if isinstance(groups, (str, bytes)) or not isinstance(groups, (list, tuple, set, frozenset)):
            raise TypeError(f"groups must be a list of group names or Groups, not {type(groups).__name__}")
        if len(groups) > GROUPS_PER_USER_MAX:
            raise IdentityError(f"{len(groups)} groups given; an IAM user can be in at most {GROUPS_PER_USER_MAX}")
        members: list[Group] = []
        for given in groups:
            group = self.group(given) if isinstance(given, str) else given
            if isinstance(group, User):
                raise IdentityError(f"user {group.name} is not a group: a user's groups are IAM groups")
            if not isinstance(group, Group):
                raise TypeError(f"each group is a group name (str) or a Group, not {type(group).__name__}")
            if group.account is not self:
                raise IdentityError(f"{group!r} is not a group of account {self.id}")
            if group in members:
                raise IdentityError(f"group {group.name} is listed twice; a user is in a group once")
            members.append(group)
        user = User(self, name)
        self._users[name.lower()] = user
        for group in members:
            group.add_user(user)
        return user

    def add_group(self, name: str) -> Group:
        _check_name(name, "group")
        self._unique(self._groups, name, "group")
        group = Group(self, name)
        self._groups[name.lower()] = group
        return group

    def add_role(self, name: str, *, trust_policy, max_session_duration_seconds: int = SESSION_DEFAULT_SECONDS) -> Role:
        """A new role; ``trust_policy`` says who may assume it (a resource-based policy with a Principal)."""
        _check_name(name, "role")
        self._unique(self._roles, name, "role")
        role = Role(self, name, trust_policy, max_session_duration_seconds)
        self._roles[name.lower()] = role
        return role

    def add_policy(self, name: str, document) -> ManagedPolicy:
        """A customer managed policy of this account.

        Raises:
            IdentityError: a bad or taken name, or a document over the managed-policy size quota.
        """
        _check_name(name, "policy")
        self._unique(self._policies, name, "policy")
        policy = Policy.from_json(document, kind="identity", name=name)
        if policy.size_chars > MANAGED_POLICY_MAX_CHARS:
            raise IdentityError(
                f"policy {name} has {policy.size_chars:,} characters, over the "
                f"{MANAGED_POLICY_MAX_CHARS:,}-character quota for a managed policy"
            )
        managed = ManagedPolicy(name, policy, self.id)
        self._policies[name.lower()] = managed
        return managed

    def _lookup(self, table: dict, name: str, kind: str):
        if not isinstance(name, str):
            raise TypeError(f"a {kind} name must be str, not {type(name).__name__}")
        if name.lower() not in table:
            known = ", ".join(sorted(v.name for v in table.values())) or "none"
            raise IdentityError(f"account {self.id} has no {kind} {name!r} (its {kind}s: {known})")
        return table[name.lower()]

    def user(self, name: str) -> User:
        return self._lookup(self._users, name, "user")

    def group(self, name: str) -> Group:
        return self._lookup(self._groups, name, "group")

    def role(self, name: str) -> Role:
        return self._lookup(self._roles, name, "role")

    def policy(self, name: str) -> ManagedPolicy:
        return self._lookup(self._policies, name, "policy")

    @property
    def users(self) -> tuple[User, ...]:
        return tuple(self._users.values())

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(self._groups.values())

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(self._roles.values())
