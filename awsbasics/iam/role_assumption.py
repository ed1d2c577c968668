"""Assuming an IAM role: the check of ``sts:AssumeRole`` against the role's trust policy, and the session it creates.

:func:`check_assume_role` evaluates ``sts:AssumeRole`` with the caller's
policies and the role's trust policy as the resource-based policy, and adds the
rule that a trust policy must allow the caller itself; :func:`assume_role` also
checks the session name, duration (role chaining: at most one hour) and session
policy, then returns a :class:`~awsbasics.iam.entities.RoleSession`.

    >>> from awsbasics.iam.identities import Account
    >>> account = Account("111122223333")
    >>> role = account.add_role("Deployer", trust_policy={"Version": "2012-10-17", "Statement": [
    ...     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    ...      "Action": "sts:AssumeRole"}]})
    >>> check = check_assume_role(account.add_user("bob"), role)
    >>> check.trusted, check.allowed  # the trust policy names the account: bob's own policies must allow too
    (True, False)

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered
from awsbasics.errors import AccessDeniedError, IdentityError
from awsbasics.iam.entities import NAME_MAX_CHARS, SESSION_DEFAULT_SECONDS, Role, RoleSession, RootUser, _Principal
from awsbasics.iam.evaluation import Decision, evaluate
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

__all__ = [
    "AssumeRoleCheck",
    "assume_role",
    "check_assume_role",
    "SESSION_MIN_SECONDS",
    "ROLE_CHAINING_MAX_SECONDS",
]

_DURATION = data.value("identity", "role_session_duration_seconds")
SESSION_MIN_SECONDS: int = _DURATION["minimum"]
ROLE_CHAINING_MAX_SECONDS: int = _DURATION["role_chaining_max"]
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)


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

    >>> from awsbasics.iam.identities import Account
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
