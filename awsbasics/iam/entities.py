"""The identities an IAM account holds and the policies attached to them.

The root user, IAM users, groups, roles and role sessions, and managed policies
(AWS managed with :meth:`ManagedPolicy.aws`, customer managed from
:meth:`~awsbasics.iam.identities.Account.add_policy`) next to inline ones
(``put_inline_policy``, embedded in exactly one identity), with IAM's attachment
quotas. A user's effective permissions are its own policies plus those of its
groups; a role acts through a :class:`RoleSession`. An
:class:`~awsbasics.iam.identities.Account` creates them all.

    >>> from awsbasics.iam.identities import Account
    >>> ops = Account("111122223333").add_group("Ops")
    >>> ops.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    >>> [(m.name, m.kind) for m in ops.managed_policies]
    [('AmazonS3ReadOnlyAccess', 'AWS managed')]

Every decision comes from :func:`awsbasics.iam.evaluate`; a principal only
gathers the policies that apply to it and the condition keys AWS derives from it
(``aws:username``, ``aws:PrincipalArn``, ``aws:PrincipalAccount``, ``aws:PrincipalType``).

https://docs.aws.amazon.com/IAM/latest/UserGuide/id.html
"""

from __future__ import annotations

import difflib
import re
import reprlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import IdentityError
from awsbasics.iam.evaluation import Decision, evaluate
from awsbasics.iam.lint import INLINE_POLICY_MAX_CHARS
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

if TYPE_CHECKING:
    from awsbasics.iam.identities import Account
    from awsbasics.iam.role_assumption import AssumeRoleCheck

__all__ = [
    "ManagedPolicy",
    "RootUser",
    "User",
    "Group",
    "Role",
    "RoleSession",
    "GROUPS_PER_USER_MAX",
    "MANAGED_POLICIES_PER_IDENTITY",
    "ROLE_TRUST_POLICY_MAX_CHARS",
    "NAME_MAX_CHARS",
    "SESSION_DEFAULT_SECONDS",
    "MAX_SESSION_SETTING_RANGE",
    "PRINCIPAL_KEYS",
]

# Global condition keys AWS fills in from the principal that signed the request; a caller cannot set them.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties
PRINCIPAL_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:username",
        "aws:userid",
        "aws:PrincipalArn",
        "aws:PrincipalAccount",
        "aws:PrincipalType",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName",
    )
)

GROUPS_PER_USER_MAX: int = data.value("identity", "groups_per_user_max")
MANAGED_POLICIES_PER_IDENTITY: int = data.value("identity", "managed_policies_per_identity")
ROLE_TRUST_POLICY_MAX_CHARS: int = data.value("identity", "role_trust_policy_max_chars")
NAME_MAX_CHARS: dict[str, int] = data.value("identity", "name_max_chars")
_DURATION = data.value("identity", "role_session_duration_seconds")
SESSION_DEFAULT_SECONDS: int = _DURATION["default"]
MAX_SESSION_SETTING_RANGE: tuple[int, int] = (_DURATION["max_setting_min"], _DURATION["max_setting_max"])
_AWS_MANAGED: dict = data.value("identity", "aws_managed_policies")

# Inline policy names: any Basic Latin character except \ / * ? and white space.
_INLINE_NAME = re.compile(r"[!-~]+")
_INLINE_RESERVED = set("\\/*?")


def _policy_table(title: str, policies) -> str:
    """A title over a table of ``(how attached, policy)`` rows: the text view of an identity's policies."""
    if not policies:
        return f"{title}\n(no policies)"
    rows = [[how, policy.name or "(unnamed)", len(policy.statements)] for how, policy in policies]
    return f"{title}\n" + text_table(["attached as", "policy", "statements"], rows)


def _with_principal_keys(derived: dict, context) -> dict:
    """The request context: keys AWS derives from the principal, then the caller's own keys."""
    if context is None:
        return dict(derived)
    if not isinstance(context, dict):
        raise TypeError(f"context must be a dict of condition keys to values, not {type(context).__name__}")
    given = {key.lower() for key in context if isinstance(key, str)}
    merged = {key: value for key, value in derived.items() if key.lower() not in given}
    merged.update(context)
    return merged


# --- policies ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManagedPolicy:
    """A standalone policy: AWS managed (``owner="aws"``) or customer managed (owner = account ID).

    Build one with :meth:`aws` or :meth:`Account.add_policy`.
    """

    name: str
    policy: Policy
    owner: str

    @classmethod
    def aws(cls, name: str) -> ManagedPolicy:
        """One of the AWS managed policies shipped with the library, e.g. ``"AdministratorAccess"``.

        Raises:
            IdentityError: the library does not ship that policy (the message suggests the
                closest name and lists those it does).
            TypeError: ``name`` is not a str.
        """
        if not isinstance(name, str):
            raise TypeError(f"an AWS managed policy name must be str, not {type(name).__name__}")
        if name not in _AWS_MANAGED:
            probe = name[: NAME_MAX_CHARS["policy"] + 1].casefold()
            close = [
                known for known in sorted(_AWS_MANAGED) if probe and probe in known.casefold()
            ] or difflib.get_close_matches(probe, [known.casefold() for known in _AWS_MANAGED], n=1, cutoff=0.5)
            close = [next(k for k in _AWS_MANAGED if k.casefold() == c.casefold()) for c in close]
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise IdentityError(
                f"no AWS managed policy {reprlib.repr(name)} in awsbasics/data/identity.json; "
                f"{hint}shipped: {', '.join(sorted(_AWS_MANAGED))}"
            )
        return cls(name, Policy.from_json(_AWS_MANAGED[name], kind="identity", name=name), "aws")

    @property
    def aws_managed(self) -> bool:
        return self.owner == "aws"

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.owner}:policy/{self.name}"

    @property
    def kind(self) -> str:
        """``"AWS managed"`` or ``"customer managed"``."""
        return "AWS managed" if self.aws_managed else "customer managed"

    def __repr__(self) -> str:
        return f"<ManagedPolicy {self.arn} ({self.kind})>"


# --- identities --------------------------------------------------------------------------------


class _Identity:
    """What users, groups and roles share: managed and inline policies."""

    kind = ""

    def __init__(self, account: Account, name: str):
        self.account = account
        self.name = name
        self._managed: list[ManagedPolicy] = []
        self._inline: dict[str, Policy] = {}

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account.id}:{self.kind}/{self.name}"

    @property
    def managed_policies(self) -> tuple[ManagedPolicy, ...]:
        return tuple(self._managed)

    @property
    def inline_policies(self) -> dict[str, Policy]:
        return dict(self._inline)

    def attach_policy(self, managed: ManagedPolicy) -> None:
        """Attach a managed policy (AWS or customer managed).

        Raises:
            IdentityError: it is already attached, it belongs to another account, or the
                identity already has the quota of managed policies attached.
        """
        if not isinstance(managed, ManagedPolicy):
            raise TypeError(
                f"attach_policy takes a ManagedPolicy, not {type(managed).__name__}; "
                "use put_inline_policy for a policy document"
            )
        if not managed.aws_managed and managed.owner != self.account.id:
            raise IdentityError(
                f"{managed.arn} belongs to account {managed.owner}; a customer managed policy "
                f"can be attached only in its own account ({self.account.id})"
            )
        if any(m.arn == managed.arn for m in self._managed):
            raise IdentityError(f"{managed.arn} is already attached to {self.kind} {self.name}")
        if len(self._managed) >= MANAGED_POLICIES_PER_IDENTITY:
            raise IdentityError(
                f"{self.kind} {self.name} already has {len(self._managed)} managed policies attached, the default "
                f"quota of {MANAGED_POLICIES_PER_IDENTITY}; combine policies or request a quota increase"
            )
        self._managed.append(managed)

    def detach_policy(self, managed: ManagedPolicy) -> None:
        """Detach a managed policy; raises IdentityError if it is not attached."""
        if not isinstance(managed, ManagedPolicy):
            raise TypeError(f"detach_policy takes a ManagedPolicy, not {type(managed).__name__}")
        for index, attached in enumerate(self._managed):
            if attached.arn == getattr(managed, "arn", None):
                del self._managed[index]
                return
        raise IdentityError(f"{getattr(managed, 'arn', managed)!r} is not attached to {self.kind} {self.name}")

    def put_inline_policy(self, name: str, document) -> Policy:
        """Embed an inline policy (replacing one of the same name) and return it parsed.

        Raises:
            PolicyError: the document is not a valid identity-based policy.
            IdentityError: a bad policy name, or the inline policies of this identity would
                exceed IAM's aggregate size quota (white space not counted).
        """
        if not isinstance(name, str):
            raise TypeError(f"a policy name must be str, not {type(name).__name__}")
        if not _INLINE_NAME.fullmatch(name) or _INLINE_RESERVED & set(name) or len(name) > NAME_MAX_CHARS["policy"]:
            raise IdentityError(
                f"{reprlib.repr(name)} is not a valid inline policy name: 1 to {NAME_MAX_CHARS['policy']} Basic Latin characters "
                "without \\ / * ? or white space"
            )
        policy = Policy.from_json(document, kind="identity", name=f"{self.name}/{name} (inline)")
        others = sum(p.size_chars for key, p in self._inline.items() if key != name)
        limit = INLINE_POLICY_MAX_CHARS[self.kind]
        if others + policy.size_chars > limit:
            raise IdentityError(
                f"inline policy {name!r} has {policy.size_chars:,} characters; with the other inline policies of "
                f"{self.kind} {self.name} ({others:,}) that exceeds the {limit:,}-character quota for all inline "
                f"policies of an IAM {self.kind} (white space not counted); use a managed policy instead"
            )
        self._inline[name] = policy
        return policy

    def delete_inline_policy(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"a policy name must be str, not {type(name).__name__}")
        if name not in self._inline:
            raise IdentityError(f"{self.kind} {self.name} has no inline policy {name!r}")
        del self._inline[name]

    def own_policies(self) -> tuple[tuple[str, Policy], ...]:
        """``(how attached, policy)`` for this identity's own policies, managed first."""
        rows = [(f"{m.kind} {m.name}", m.policy) for m in self._managed]
        rows += [(f"inline {key}", policy) for key, policy in self._inline.items()]
        return tuple(rows)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.arn}>"


class _Principal:
    """A principal that makes requests: gathers its policies and evaluates with the engine."""

    if TYPE_CHECKING:  # each kind of principal defines these (as properties or attributes)

        @property
        def label(self) -> str: ...

        @property
        def arn(self) -> str: ...

        @property
        def account(self) -> Account: ...

    def evaluation_policies(self) -> dict:
        """The keyword arguments of :func:`awsbasics.iam.evaluate` that come from this principal."""
        raise NotImplementedError

    def principal_context(self) -> dict:
        """Global condition keys AWS sets from the principal."""
        raise NotImplementedError

    def derived_keys(self) -> dict:
        """The condition keys AWS sets from this principal (``aws:username``, ``aws:PrincipalArn``, ...).

        A request cannot choose them: they come from the credentials that signed it.
        """
        return dict(self.principal_context())

    def request(self, action: str, resource: str, *, context=None) -> Request:
        """The :class:`Request` this principal sends, with the keys AWS derives from it."""
        merged = _with_principal_keys(self.principal_context(), context)
        return Request(action, resource, principal=self.arn, context=merged)

    def evaluate(
        self,
        action: str,
        resource: str,
        *,
        context=None,
        resource_policy=None,
        scps=None,
        rcps=None,
        resource_account: str | None = None,
    ) -> Decision:
        """Evaluate one request from this principal with :func:`awsbasics.iam.evaluate`.

        Args:
            action: ``service:Action``.
            resource: the resource ARN, or ``"*"``.
            context: extra condition keys (they override the derived ones of the same name).
            resource_policy: the resource-based policy of the resource, if any.
            scps: Organizations SCPs (a list is one level, a list of lists several levels).
            rcps: Organizations RCPs of the resource's account (levels as for ``scps``).
            resource_account: the resource's account ID when its ARN does not hold it (S3);
                another account than this principal's makes the request cross-account.
        """
        return evaluate(
            self.request(action, resource, context=context),
            resource_policy=resource_policy,
            scps=scps,
            rcps=rcps,
            resource_account=resource_account,
            **self.evaluation_policies(),
        )

    def can(self, action: str, resource: str, **options) -> bool:
        """Whether :meth:`evaluate` allows the request."""
        return self.evaluate(action, resource, **options).allowed


class RootUser(_Principal):
    """The account root user: every permission, limited only by a Deny in a resource policy or an SCP."""

    def __init__(self, account: Account):
        self._account = account

    @property
    def account(self) -> Account:
        return self._account

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account.id}:root"

    @property
    def label(self) -> str:
        return f"root user ({self.account.id})"

    def evaluation_policies(self) -> dict:
        return {}  # identity-based policies cannot be attached to the root user

    def principal_context(self) -> dict:
        return {"aws:PrincipalArn": self.arn, "aws:PrincipalAccount": self.account.id, "aws:PrincipalType": "Account"}

    def __repr__(self) -> str:
        return f"<RootUser {self.arn}>"


class Group(_Identity):
    """An IAM user group: policies attached here apply to every member. Groups are not principals."""

    kind = "group"

    def __init__(self, account, name):
        super().__init__(account, name)
        self._users: list[User] = []

    @property
    def users(self) -> tuple[User, ...]:
        return tuple(self._users)

    def add_user(self, user: User) -> None:
        """Add a user of the same account.

        Raises:
            IdentityError: another account's user, already a member, or the user is
                already in the maximum number of groups.
        """
        if isinstance(user, Group):
            raise IdentityError(
                f"group {user.name} cannot be added to group {self.name}: "
                "IAM groups contain users only, never other groups"
            )
        if not isinstance(user, User):
            raise TypeError(f"add_user takes a User, not {type(user).__name__}")
        if user.account is not self.account:
            raise IdentityError(
                f"user {user.arn} is in another account; a group holds users of its own account ({self.account.id})"
            )
        if user in self._users:
            raise IdentityError(f"user {user.name} is already in group {self.name}")
        if len(user.groups) >= GROUPS_PER_USER_MAX:
            raise IdentityError(
                f"user {user.name} is already in {len(user.groups)} groups, the most an IAM user "
                f"can belong to ({GROUPS_PER_USER_MAX})"
            )
        self._users.append(user)
        user._groups.append(self)

    def remove_user(self, user: User) -> None:
        if not isinstance(user, User):
            raise TypeError(f"remove_user takes a User, not {type(user).__name__}")
        if user not in self._users:
            raise IdentityError(f"user {getattr(user, 'name', user)!r} is not in group {self.name}")
        self._users.remove(user)
        user._groups.remove(self)


class User(_Identity, _Principal, Rendered):
    """An IAM user: its own policies plus its groups' policies, optionally a permissions boundary."""

    kind = "user"
    _view_ = "identity.user_view"

    def __init__(self, account, name):
        super().__init__(account, name)
        self._groups: list[Group] = []
        self.permissions_boundary: ManagedPolicy | None = None
        self._boundary: Policy | None = None

    @property
    def label(self) -> str:
        return f"user {self.name}"

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(self._groups)

    def set_permissions_boundary(self, managed: ManagedPolicy | None) -> None:
        """Set (or with ``None`` remove) the managed policy that caps this user's permissions."""
        _set_boundary(self, managed)

    def effective_policies(self) -> tuple[tuple[str, Policy], ...]:
        """``(where it comes from, policy)``: the user's own policies, then each group's.

        A policy reached twice (attached to the user and to a group) is listed once.
        """
        rows, seen = [], set()
        sources = [("user", self.own_policies())] + [(f"group {g.name}", g.own_policies()) for g in self._groups]
        for owner, policies in sources:
            for how, policy in policies:
                if id(policy) not in seen:
                    seen.add(id(policy))
                    rows.append((f"{owner}: {how}", policy))
        return tuple(rows)

    def evaluation_policies(self) -> dict:
        return {
            "identity_policies": tuple(p for _, p in self.effective_policies()),
            "permissions_boundary": self._boundary,
        }

    def principal_context(self) -> dict:
        return {
            "aws:username": self.name,
            "aws:PrincipalArn": self.arn,
            "aws:PrincipalAccount": self.account.id,
            "aws:PrincipalType": "User",
        }

    def text(self) -> str:
        """Who the user is (ARN, groups, boundary), then the policies that apply to it."""
        groups = ", ".join(g.name for g in self._groups) or "none"
        boundary = f"; permissions boundary {self.permissions_boundary.name}" if self.permissions_boundary else ""
        return _policy_table(
            f"IAM user {self.name} ({self.arn}), groups: {groups}{boundary}", self.effective_policies()
        )


class Role(_Identity):
    """An IAM role: permission policies, a trust policy saying who may assume it, a session length."""

    kind = "role"

    def __init__(self, account, name, trust_policy, max_session_duration_seconds):
        super().__init__(account, name)
        self.trust_policy = _trust_policy(trust_policy, name)
        self.max_session_duration_seconds = _max_session(max_session_duration_seconds)
        self.permissions_boundary: ManagedPolicy | None = None
        self._boundary: Policy | None = None

    def update_trust_policy(self, document) -> None:
        """Replace the trust policy (validated first; nothing changes if it is rejected)."""
        self.trust_policy = _trust_policy(document, self.name)

    def set_permissions_boundary(self, managed: ManagedPolicy | None) -> None:
        """Set (or with ``None`` remove) the managed policy that caps this role's permissions."""
        _set_boundary(self, managed)

    def permission_policies(self) -> tuple[Policy, ...]:
        return tuple(p for _, p in self.own_policies())


def _set_boundary(identity, managed) -> None:
    if managed is not None and not isinstance(managed, ManagedPolicy):
        raise TypeError(f"a permissions boundary is a ManagedPolicy or None, not {type(managed).__name__}")
    # Parsed once as a boundary here, not on every evaluation.
    identity._boundary = None if managed is None else managed.policy.with_kind("boundary")
    identity.permissions_boundary = managed


def _trust_policy(document, role_name: str) -> Policy:
    policy = (
        document
        if isinstance(document, Policy)
        else Policy.from_json(document, kind="resource", name=f"trust policy of {role_name}")
    )
    if policy.kind != "resource":
        raise IdentityError(
            f"the trust policy of role {role_name} has no Principal: a trust policy is a "
            "resource-based policy that names who may assume the role"
        )
    if policy.size_chars > ROLE_TRUST_POLICY_MAX_CHARS:
        raise IdentityError(
            f"the trust policy of role {role_name} has {policy.size_chars:,} characters, over the "
            f"{ROLE_TRUST_POLICY_MAX_CHARS:,}-character quota for role trust policies"
        )
    return policy


def _max_session(seconds) -> int:
    if not is_int(seconds):
        raise TypeError(f"max_session_duration_seconds must be an int, not {type(seconds).__name__}")
    seconds = int(seconds)
    low, high = MAX_SESSION_SETTING_RANGE
    if not low <= seconds <= high:
        raise IdentityError(
            f"a maximum session duration of {seconds} s is outside {low} to {high} s "
            "(1 to 12 hours), the range a role allows"
        )
    return seconds


class RoleSession(_Principal, Rendered):
    """A role session: requests are evaluated with the role's policies and the session policy.

    Created by :func:`assume_role` (or an identity pool); ``principal`` is its
    ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`` ARN.
    """

    _view_ = "identity.session_view"

    def __init__(
        self,
        role: Role,
        session_name: str,
        *,
        session_policy: Policy | None,
        duration_seconds: int,
        source: str,
        extra_context: dict | None = None,
        check: AssumeRoleCheck | None = None,
    ):
        self.role = role
        self.session_name = session_name
        self.session_policy = session_policy
        self.duration_seconds = duration_seconds
        self.source = source
        self.check = check
        self._extra = dict(extra_context or {})

    @property
    def arn(self) -> str:
        return f"arn:aws:sts::{self.role.account.id}:assumed-role/{self.role.name}/{self.session_name}"

    @property
    def account(self) -> Account:
        return self.role.account

    @property
    def label(self) -> str:
        return f"role {self.role.name} (session {self.session_name})"

    def evaluation_policies(self) -> dict:
        return {
            "identity_policies": self.role.permission_policies(),
            "permissions_boundary": self.role._boundary,
            "session_policy": self.session_policy,
        }

    def principal_context(self) -> dict:
        # For a role session aws:PrincipalArn is the role's ARN, and there is no aws:username.
        return {
            "aws:PrincipalArn": self.role.arn,
            "aws:PrincipalAccount": self.role.account.id,
            "aws:PrincipalType": "AssumedRole",
            **self._extra,
        }

    def effective_policies(self) -> tuple[tuple[str, Policy], ...]:
        """``(how attached, policy)``: the role's own policies, then the session policy if one was passed."""
        rows = self.role.own_policies()
        if self.session_policy is not None:
            rows += (("session policy", self.session_policy),)
        return rows

    @property
    def overview(self) -> str:
        """One line: the session ARN, who assumed the role, for how long, and its policies."""
        policy = "with a session policy" if self.session_policy else "without a session policy"
        return (
            f"{self.arn}: role {self.role.name} assumed by {self.source} for {self.duration_seconds:,} s, "
            f"{len(self.role.permission_policies())} permission policies, {policy}"
        )

    def text(self) -> str:
        """The overview, then the policies its requests are evaluated with."""
        return _policy_table(self.overview, self.effective_policies())

    def __repr__(self) -> str:
        return f"<RoleSession {self.arn}>"
