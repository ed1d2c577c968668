"""IAM identities in one account: the root user, IAM users, groups and roles, and their policies.

An :class:`Account` creates the identities, so names stay unique the way IAM
keeps them (without regard to case). Policies come in three kinds of
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

Every decision comes from :func:`awsbasics.iam.evaluate`; this module only
gathers the policies that apply to a principal and the condition keys AWS
derives from it (``aws:username``, ``aws:PrincipalArn``, ``aws:PrincipalAccount``,
``aws:PrincipalType``).

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
from awsbasics.errors import AccessDeniedError, IdentityError
from awsbasics.iam.evaluation import Decision, evaluate
from awsbasics.iam.lint import INLINE_POLICY_MAX_CHARS, MANAGED_POLICY_MAX_CHARS
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

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
SESSION_MIN_SECONDS: int = _DURATION["minimum"]
SESSION_DEFAULT_SECONDS: int = _DURATION["default"]
MAX_SESSION_SETTING_RANGE: tuple[int, int] = (_DURATION["max_setting_min"], _DURATION["max_setting_max"])
ROLE_CHAINING_MAX_SECONDS: int = _DURATION["role_chaining_max"]
_AWS_MANAGED: dict = data.value("identity", "aws_managed_policies")

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_NAME = re.compile(r"[A-Za-z0-9+=,.@_-]+")
# Inline policy names: any Basic Latin character except \ / * ? and white space.
_INLINE_NAME = re.compile(r"[!-~]+")
_INLINE_RESERVED = set("\\/*?")
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)


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


# --- assuming a role ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssumeRoleCheck(Rendered):
    """Whether a principal may assume a role: the engine's decision plus the trust-policy rule.

    ``decision`` evaluates ``sts:AssumeRole`` on the role with the caller's
    policies and the trust policy as the resource-based policy; ``trusted`` says
    whether the trust policy itself allows the caller (a role trust policy must,
    even when an identity-based policy allows ``sts:AssumeRole``).
    """

    decision: Decision
    trusted: bool

    _view_ = "identity.check_view"

    @property
    def allowed(self) -> bool:
        return self.decision.allowed and self.trusted

    @property
    def reason(self) -> str:
        r = self.decision.request
        if self.allowed:
            return f"{r.principal} may assume {r.resource}"
        if not self.decision.allowed:
            step = self.decision.trace[-1]
            return f"{r.principal} may not assume {r.resource}: {step.name} - {step.found}"
        return (
            f"{r.principal} may not assume {r.resource}: its identity-based policies allow sts:AssumeRole, "
            "but the role's trust policy does not name this principal (nor its account), and a trust "
            "policy must allow the principal itself"
        )

    @property
    def verdict(self) -> str:
        """``ALLOWED:`` or ``DENIED:`` and the reason."""
        return ("ALLOWED: " if self.allowed else "DENIED: ") + self.reason

    def text(self) -> str:
        """The verdict, then the evaluation of ``sts:AssumeRole``."""
        return f"{self.verdict}\n{self.decision.text()}"


def _caller_arn(principal) -> str:
    if isinstance(principal, str):
        return principal  # a service principal such as ec2.amazonaws.com
    if isinstance(principal, RootUser):
        raise IdentityError(
            f"{principal.arn} is the root user: AssumeRole must be called with an IAM user's or a "
            "role session's credentials, never the root user's"
        )
    if isinstance(principal, _Principal):
        return principal.arn
    raise TypeError(f"the caller is a User, a RoleSession or a service principal name, not {type(principal).__name__}")


def check_assume_role(principal, role: Role, *, context=None, scps=None) -> AssumeRoleCheck:
    """Evaluate ``sts:AssumeRole`` for ``principal`` on ``role`` without creating a session.

    Within one account the call is allowed when the trust policy names the
    principal itself, or names the account and the principal's identity-based
    policies allow ``sts:AssumeRole`` on the role; a Deny anywhere wins.

    Args:
        principal: a :class:`User`, a :class:`RoleSession` (role chaining) or a
            service principal name such as ``"ec2.amazonaws.com"``.
        role: the :class:`Role` to assume.
        context: extra condition keys for the trust policy's conditions.
        scps: SCPs of the caller's account, as :func:`awsbasics.iam.evaluate` takes them.

    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    """
    if not isinstance(role, Role):
        raise TypeError(f"role must be a Role, not {type(role).__name__}")
    arn = _caller_arn(principal)
    if isinstance(principal, str):
        request = Request("sts:AssumeRole", role.arn, principal=arn, context=context)
        decision = evaluate(request, resource_policy=role.trust_policy, scps=scps)
    else:
        decision = principal.evaluate(
            "sts:AssumeRole", role.arn, context=context, resource_policy=role.trust_policy, scps=scps
        )
    trust_label = next(label for label, policy in decision.policies if policy is role.trust_policy)
    trusted = any(
        status != "no match" and statement.effect == "Allow" for statement, status, _ in decision.statuses(trust_label)
    )
    return AssumeRoleCheck(decision, trusted)


def assume_role(
    principal,
    role: Role,
    *,
    session_name: str,
    session_policy=None,
    duration_seconds: int | None = None,
    context=None,
    scps=None,
) -> RoleSession:
    """Assume ``role`` as ``principal`` and return the :class:`RoleSession`.

    Args:
        principal: a :class:`User`, a :class:`RoleSession` (role chaining) or a service principal name.
        role: the :class:`Role`.
        session_name: 2 to 64 characters of letters, digits and ``_+=,.@-``.
        session_policy: an optional session policy: the session may do only what both
            the role's policies and this policy allow.
        duration_seconds: from 900 s up to the role's maximum session duration (one hour
            when omitted; at most one hour for role chaining).
        context: extra condition keys for the trust policy.
        scps: SCPs of the caller's account.

    Raises:
        AccessDeniedError: the evaluation denies ``sts:AssumeRole``; ``error.decision`` shows why.
        IdentityError: a bad session name or duration, the root user as caller, or a
            session policy over its size quota.

    >>> account = Account("111122223333")
    >>> role = account.add_role("Auditor", trust_policy={"Version": "2012-10-17", "Statement": [
    ...     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
    ...      "Action": "sts:AssumeRole"}]})
    >>> assume_role(account.add_user("alice"), role, session_name="alice").arn
    'arn:aws:sts::111122223333:assumed-role/Auditor/alice'
    """
    if not isinstance(session_name, str):
        raise TypeError(f"session_name must be str, not {type(session_name).__name__}")
    if not _SESSION_NAME.fullmatch(session_name):
        raise IdentityError(
            f"{reprlib.repr(session_name)} is not a valid role session name: 2 to "
            f"{NAME_MAX_CHARS['role_session']} characters of letters, digits and _ + = , . @ -"
        )
    chaining = isinstance(principal, RoleSession)
    if duration_seconds is None:
        duration_seconds = SESSION_DEFAULT_SECONDS
    if not is_int(duration_seconds):
        raise TypeError(f"duration_seconds must be an int, not {type(duration_seconds).__name__}")
    duration_seconds = int(duration_seconds)
    high = ROLE_CHAINING_MAX_SECONDS if chaining else role.max_session_duration_seconds
    if not SESSION_MIN_SECONDS <= duration_seconds <= high:
        why = (
            "role chaining is limited to one hour"
            if chaining
            else f"the role's maximum session duration is {role.max_session_duration_seconds} s"
        )
        raise IdentityError(f"a session of {duration_seconds} s is outside {SESSION_MIN_SECONDS} to {high} s: {why}")
    parsed_session = None
    if session_policy is not None:
        parsed_session = (
            session_policy
            if isinstance(session_policy, Policy)
            else Policy.from_json(session_policy, kind="session", name=f"session policy of {session_name}")
        )
        too_big = [f for f in parsed_session.findings if f.code == "size-session"]
        if too_big:
            raise IdentityError(f"session_policy: {too_big[0].message}")
    check = check_assume_role(principal, role, context=context, scps=scps)
    if not check.allowed:
        raise AccessDeniedError(check.reason, check.decision)
    source = principal if isinstance(principal, str) else principal.arn
    return RoleSession(
        role, session_name, session_policy=parsed_session, duration_seconds=duration_seconds, source=source, check=check
    )


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
