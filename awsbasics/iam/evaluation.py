"""The AWS policy evaluation logic for a request within a single account.

The steps, in the documented order:

1. **Deny evaluation** - an applicable ``Deny`` in any policy is final.
2. **Organizations RCPs** (when given) - the resource's account's resource control
   policies: every level must have an applicable ``Allow`` (``RCPFullAWSAccess`` by
   default); they apply only to the services that support them.
3. **Organizations SCPs** - every level (root, OU, account) must have an applicable
   ``Allow``; a flat list of SCPs is one level.
4. **Resource-based policy** - an ``Allow`` naming the requester itself (IAM user,
   role session, federated user session, service, or ``*``) grants on its own; one
   naming the session's *role* stands in for the identity-based allow but stays
   limited by a permissions boundary and a session policy; one naming only the
   account delegates to the identity-based policies.
5. **Identity-based policies** - at least one ``Allow``.
6. **Permissions boundary** - when present, must allow too.
7. **Session policy** - for a role or federated user session: when present, must
   allow; a federated user session without one has no permissions.

The account root user is allowed whatever passes steps 1 and 2.

    >>> from awsbasics.iam import Policy, Request
    >>> policy = Policy.from_json({"Version": "2012-10-17", "Statement": [
    ...     {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    ...     {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]})
    >>> evaluate(Request("s3:GetObject", "arn:aws:s3:::b"), identity_policies=[policy]).decision
    'Allow'
    >>> evaluate(Request("S3:deletebucket", "arn:aws:s3:::b"), identity_policies=[policy]).decision
    'ExplicitDeny'

**Cross-account requests** (the principal's account differs from the resource's)
follow the cross-account logic: the trusting side (the resource-based policy, or a
role's trust policy) must allow the principal or its account, *and* the trusted side
(the principal's identity-based policies, boundary, session policy and SCPs) must
allow too; an explicit Deny anywhere still wins.

    >>> bucket = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
    ...     "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Resource": "arn:aws:s3:::shared/*"}]}
    >>> reader = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
    ...     "Resource": "arn:aws:s3:::shared/*"}]}
    >>> read = Request("s3:GetObject", "arn:aws:s3:::shared/a.csv", principal="arn:aws:iam::444455556666:user/kim")
    >>> evaluate(read, identity_policies=[reader], resource_account="111122223333").decision
    'ImplicitDeny'
    >>> evaluate(read, identity_policies=[reader], resource_policy=bucket, resource_account="111122223333").decision
    'Allow'

The answer, a :class:`Decision` with the deciding statements, the trace and the
flowchart, is defined in :mod:`awsbasics.iam.decision`; this module decides.

Simplified here: KMS key policies (which must themselves allow the principal) and
a resource policy naming the IAM user behind a federated user session are not
modelled; within one account the general rule above applies to every resource policy.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from awsbasics import data
from awsbasics.errors import PolicyError, RequestError
from awsbasics.iam.decision import DECISIONS, OUTCOME_NAMES, Decision, Flow, Match, Step, _Source
from awsbasics.iam.paths import policy_error
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

__all__ = ["evaluate", "Decision", "Match", "Step", "Flow", "DECISIONS", "OUTCOME_NAMES", "RCP_SERVICES"]

# Service prefixes whose resources RCPs govern (the Organizations list, as read on its as-of date).
RCP_SERVICES: frozenset = frozenset(data.value("iam", "rcp_services"))
_ACCOUNT_ID = re.compile(r"[0-9]{12}", re.ASCII)

_make_source = tuple.__new__  # builds a _Source in one C call on the hot path


# --- input handling ---------------------------------------------------------------------------


def _coerce(item, kind: str, where: str) -> Policy:
    if isinstance(item, Policy):
        if (item.kind == "resource") != (kind == "resource"):
            expected = (
                "a resource policy (one with a Principal)"
                if kind == "resource"
                else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} policy (a policy with a Principal is a resource policy)"
            )
            raise policy_error("", f"{where}: {item.kind} policy given where {expected} belongs")
        return item
    if isinstance(item, (str, dict)):
        try:
            return Policy.from_json(item, kind=kind)
        except PolicyError as exc:
            error = PolicyError(f"{where}: {exc}")
            error.path = exc.path  # the place inside the document
            raise error from None
    raise TypeError(f"{where}: a policy is a Policy, JSON text or a dict, not {type(item).__name__}")


def _many(value, kind: str, where: str) -> list[Policy]:
    if type(value) in (list, tuple):
        for item in value:
            if type(item) is not Policy or item.kind == "resource":
                break
        else:
            return value  # the common case: policies already parsed
    if isinstance(value, (Policy, str, dict)):
        return [_coerce(value, kind, where)]
    if isinstance(value, (list, tuple)):
        return [_coerce(item, kind, f"{where}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{where} must be a policy or a list of policies, not {type(value).__name__}")


def _scp_levels(scps, kind: str = "scp") -> list[list[Policy]] | None:
    if scps is None:
        return None
    name = f"{kind}s"
    many = _many if kind == "scp" else _many_rcps
    if isinstance(scps, (list, tuple)) and scps and all(isinstance(level, (list, tuple)) for level in scps):
        levels = [many(level, kind, f"{name}[{i}]") for i, level in enumerate(scps)]
    elif isinstance(scps, (list, tuple)) and any(isinstance(level, (list, tuple)) for level in scps):
        raise TypeError(
            f"{name} is either a list of policies (one level) or a list of levels (lists of policies), not a mix"
        )
    else:
        levels = [many(scps, kind, name)]
    default = "FullAWSAccess" if kind == "scp" else "RCPFullAWSAccess"
    for i, level in enumerate(levels):
        if not level:
            where = f"{name}[{i}]" if len(levels) > 1 else name
            raise policy_error(
                "",
                f"{where}: an empty {kind.upper()} level allows nothing; AWS keeps at least one "
                f"{kind.upper()} attached to every root, OU and account ({default} by default)",
            )
    return levels


def _many_rcps(value, kind: str, where: str) -> list[Policy]:
    """RCPs: each item a Policy of kind ``rcp`` (or a document parsed as one)."""
    if isinstance(value, (Policy, str, dict)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{where} must be a policy or a list of policies, not {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        label = f"{where}[{i}]"
        if isinstance(item, Policy) and item.kind != "rcp":
            raise policy_error("", f"{label}: {item.kind} policy given where an RCP (kind 'rcp') belongs")
        out.append(item if isinstance(item, Policy) else _coerce(item, "rcp", label))
    return out


def _account_of(value, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a 12-digit account ID (str) or None, not {type(value).__name__}")
    if not _ACCOUNT_ID.fullmatch(value):
        raise RequestError(f"{what}={value[:40]!r} is not an AWS account ID: an account ID is exactly 12 digits")
    return value


def _check_principal(request: Request, identity, boundary, session) -> None:
    who = request.identity
    if who is None:
        return
    if session is not None and not who.is_session:
        what = "the root user" if who.kind == "root" else f"a {who.kind} principal"
        raise policy_error(
            "",
            f"session_policy: session policies apply only to role sessions and federated user "
            f"sessions; {request.principal} is {what}",
        )
    if who.kind in ("root", "service") and (identity or boundary is not None):
        what = "the root user" if who.kind == "root" else "a service principal"
        argument = "identity_policies" if identity else "permissions_boundary"
        raise policy_error(
            "",
            f"{argument}: {what} has no identity-based policies or permissions boundary; "
            "only resource-based policies and SCPs apply to it",
        )


# --- evaluation --------------------------------------------------------------------------------


def evaluate(
    request: Request,
    *,
    identity_policies=(),
    resource_policy=None,
    permissions_boundary=None,
    scps=None,
    session_policy=None,
    rcps=None,
    principal_account: str | None = None,
    resource_account: str | None = None,
) -> Decision:
    """Evaluate one request against the policies that apply to it, as AWS does.

    Args:
        request: the :class:`Request`.
        identity_policies: the principal's identity-based policies (user, group and role policies).
        resource_policy: the resource-based policy attached to the resource.
        permissions_boundary: the principal's permissions boundary.
        scps: Organizations SCPs: a list of policies is one level (at least one must
            allow); a list of lists is several levels (each must allow).
        session_policy: the session policy passed when the session was created.
        rcps: Organizations RCPs of the *resource's* account, levels as for ``scps``
            (``None``: the resource's account has none, e.g. it is the management account).
        principal_account: the principal's account ID (default: read from its ARN).
        resource_account: the resource's account ID (default: read from the resource ARN
            when it holds one; S3 bucket ARNs do not, so pass it for a bucket). When both
            accounts are known and differ, the cross-account logic applies.

    Each policy is a :class:`Policy`, JSON text or a dict (parsed as its slot's kind).

    Raises:
        PolicyError: a policy AWS would reject, or one in a place AWS does not allow.
        RequestError: an account ID that is not 12 digits, or a ``principal_account``
            that contradicts the principal's ARN.
        TypeError: an argument of the wrong Python kind.
    """
    if type(request) is not Request and not isinstance(request, Request):
        raise TypeError(f"request must be a Request, not {type(request).__name__}")
    # The usual call passes parsed identity policies only; _many checks anything else.
    identity: Sequence[Policy]
    if type(identity_policies) is tuple or type(identity_policies) is list:
        for policy in identity_policies:
            if type(policy) is not Policy or policy.kind == "resource":
                identity = _many(identity_policies, "identity", "identity_policies")
                break
        else:
            identity = identity_policies
    else:
        identity = _many(identity_policies, "identity", "identity_policies")
    resource = None if resource_policy is None else _coerce(resource_policy, "resource", "resource_policy")
    boundary = (
        None if permissions_boundary is None else _coerce(permissions_boundary, "boundary", "permissions_boundary")
    )
    session = None if session_policy is None else _coerce(session_policy, "session", "session_policy")
    levels = None if scps is None else _scp_levels(scps)
    rcp_levels: Sequence[Sequence[Policy]] | None = None if rcps is None else _scp_levels(rcps, "rcp")
    # The request's fields in one read (Request keeps them as one tuple, in request._FIELDS order).
    _, target, _, service, action, ra, _, kind, paccount = request._fields
    if principal_account is None and resource_account is None:
        # The hot path: accounts only from the ARNs (an S3 ARN has none, so most requests stop at the first test).
        accounts = (paccount, ra) if ra and paccount and ra != paccount and _ACCOUNT_ID.fullmatch(ra) else None
    else:
        accounts = _accounts(
            request,
            _account_of(principal_account, "principal_account"),
            _account_of(resource_account, "resource_account"),
        )
    # _check_principal refuses a session policy for a non-session and policies a root user or a
    # service principal cannot have; for any other request it has nothing to check.
    if kind is not None and (session is not None or kind == "root" or kind == "service"):
        _check_principal(request, identity, boundary, session)

    # Every policy is read for Deny statements; the Allow statements found are kept per slot.
    only_identity = levels is None and rcp_levels is None and resource is None and boundary is None and session is None
    if only_identity:
        if len(identity) == 1:  # the usual call
            sources = [_make_source(_Source, ("identity", (0,), identity[0]))]
        else:
            sources = [_make_source(_Source, ("identity", (i,), policy)) for i, policy in enumerate(identity)]
    else:
        sources = _sources(identity, resource, boundary, session, levels, rcp_levels)

    problems: list = []  # (source, text): what could not be compared
    allows: dict[str, list] = {}
    denies: list = []
    has_boundary = boundary is not None
    context = None  # the request's context_values, read only when a statement needs them
    for src in sources:
        local: list | None = None  # what could not be compared, for this policy's warnings
        # Policy.candidates(service, action), read from its index here to save a call per policy.
        policy = src.policy
        candidates = policy._by_action.get(action)
        if candidates is None:
            candidates = policy._unlisted.get(service, policy._any_service)
        for st in candidates:
            # The statement's own tests, inlined: this loop runs for every statement of every evaluation.
            if not st.action_hit(action):
                continue
            resource_hit = st.resource_hit
            if resource_hit is not None:
                if not resource_hit(target):
                    continue
            else:
                if context is None:
                    context = request.context_values
                if local is None:
                    local = []
                if not st.resource_matches(target, context, local):
                    continue
            grant = "identity" if st.principal is None else st.principal_grant(request.identity, boundary=has_boundary)
            if grant is None:
                continue
            if st.conditions:
                if context is None:
                    context = request.context_values
                if local is None:
                    local = []
                if not st.conditions_hold(context, local):
                    continue
            if st.effect == "Deny":
                denies.append((src, st))
            elif src.slot in allows:
                allows[src.slot].append((src, st, grant))
            else:
                allows[src.slot] = [(src, st, grant)]
        if local:
            problems.extend((src, text) for text in local)
    if rcp_levels is not None and service not in RCP_SERVICES:
        allows.pop("rcp", None)  # RCPs govern only some services; a Deny in one was still read above
        denies = [(src, st) for src, st in denies if src.slot != "rcp"]
        rcp_levels = ()
    found = (
        has_boundary,
        allows,
        denies,
        levels,
        resource is not None,
        bool(identity),
        session is not None,
        rcp_levels,
        accounts,
        problems,
    )
    if only_identity:
        # The steps (the trace) are worked out when first read. The decision they reach, when identity
        # policies are the only policies given: an explicit Deny wins; a cross-account request has no
        # resource-based policy to trust it; the root user is allowed; otherwise an identity-based
        # Allow is needed, and a federated user session without a session policy has no permissions.
        if denies:
            decision = "ExplicitDeny"
        elif accounts is not None:
            decision = "ImplicitDeny"
        elif kind == "root":
            decision = "Allow"
        elif "identity" not in allows or kind == "federated-user":
            decision = "ImplicitDeny"
        else:
            decision = "Allow"
        return Decision(decision, request, found, _decide, sources)
    decision, steps, deciding = _decide(request, *found[:9])
    return Decision(decision, request, found, (steps, deciding), sources)


def _sources(identity, resource, boundary, session, levels, rcp_levels) -> list[_Source]:
    """Every policy given, where it sits: RCPs, SCPs, the resource policy, identity policies, boundary, session."""
    sources: list[_Source] = []
    if rcp_levels is not None:
        flat = len(rcp_levels) == 1
        for li, level in enumerate(rcp_levels):
            for i, policy in enumerate(level):
                sources.append(_Source("rcp", (i,) if flat else (li, i), policy))
    if levels is not None:
        flat = len(levels) == 1
        for li, level in enumerate(levels):
            for i, policy in enumerate(level):
                sources.append(_Source("scp", (i,) if flat else (li, i), policy))
    if resource is not None:
        sources.append(_Source("resource", (), resource))
    for i, policy in enumerate(identity):
        sources.append(_Source("identity", (i,), policy))
    if boundary is not None:
        sources.append(_Source("boundary", (), boundary))
    if session is not None:
        sources.append(_Source("session", (), session))
    return sources


def _accounts(request: Request, principal_account, resource_account):
    """``(principal account, resource account)`` when both are known and differ, else ``None``."""
    who = request.identity
    if principal_account is not None and who is not None and who.account and who.account != principal_account:
        raise RequestError(
            f"principal_account={principal_account} contradicts the principal {request.principal}, "
            f"which belongs to account {who.account}"
        )
    principal_account = principal_account or (who.account if who is not None else None)
    if resource_account is None and _ACCOUNT_ID.fullmatch(request.resource_account):
        resource_account = request.resource_account
    if principal_account and resource_account and principal_account != resource_account:
        return principal_account, resource_account
    return None


def _decide(
    request,
    boundary,
    allows,
    denies,
    levels,
    has_resource,
    has_identity,
    has_session,
    rcp_levels=None,
    accounts=None,
) -> tuple[str, list, list | tuple]:
    """``(decision, steps, deciding)``: the documented steps, in order, each recorded for the trace."""
    steps: list = []
    deciding: list = []
    kind = request._fields[7]  # the principal's kind (None: no principal)

    if denies:
        steps.append(("deny", "ExplicitDeny", ("explicit Deny", denies)))
        return "ExplicitDeny", steps, denies
    steps.append(("deny", "continue", "no applicable Deny statement in any policy"))

    if rcp_levels is not None:
        if not rcp_levels:
            steps.append(("rcp", "continue", f"RCPs do not apply to {request.service} resources"))
        else:
            rcp_hits = [(s, st) for s, st, _ in allows.get("rcp", ())]
            for li in range(len(rcp_levels)):
                level_hits = [(s, st) for s, st in rcp_hits if len(rcp_levels) == 1 or s.position[0] == li]
                if not level_hits:
                    where = "the RCPs" if len(rcp_levels) == 1 else f"RCP level {li}"
                    steps.append(("rcp", "ImplicitDeny", f"no Allow in {where} for this request"))
                    return "ImplicitDeny", steps, ()
            steps.append(("rcp", "continue", ("Allow", rcp_hits)))
            deciding.extend(rcp_hits)

    if accounts is not None:
        return _decide_cross(
            request,
            boundary,
            allows,
            levels,
            has_resource,
            has_identity,
            has_session,
            accounts,
            steps,
            deciding,
        )

    if levels is None:
        steps.append(("scp", "skipped", "no SCPs given"))
    else:
        scp_hits = [(s, st) for s, st, _ in allows.get("scp", ())]
        for li in range(len(levels)):
            level_hits = [(s, st) for s, st in scp_hits if len(levels) == 1 or s.position[0] == li]
            if not level_hits:
                where = "the SCPs" if len(levels) == 1 else f"SCP level {li}"
                steps.append(("scp", "ImplicitDeny", f"no Allow in {where} for this request"))
                return "ImplicitDeny", steps, ()
        steps.append(("scp", "continue", ("Allow", scp_hits)))
        deciding.extend(scp_hits)

    if kind == "root":
        steps.append(("root", "Allow", "the account root user has full access unless a Deny or an SCP stops it"))
        return "Allow", steps, deciding

    role_grant: list = []
    if not has_resource:
        steps.append(("resource", "skipped", "no resource-based policy given"))
    else:
        hits = allows.get("resource", ())
        direct = [(s, st) for s, st, g in hits if g == "direct"]
        role_grant = [(s, st) for s, st, g in hits if g == "role"]
        account = [(s, st) for s, st, g in hits if g == "account"]
        if direct:
            steps.append(
                (
                    "resource",
                    "Allow",
                    (
                        "Allow naming the requester directly, so implicit denies in "
                        "identity policies, boundary and session policy do not apply",
                        direct,
                    ),
                )
            )
            return "Allow", steps, deciding + direct
        if role_grant:
            steps.append(
                (
                    "resource",
                    "continue",
                    (
                        "Allow naming the session's role: counts as the identity-based "
                        "allow, still limited by a boundary and a session policy",
                        role_grant,
                    ),
                )
            )
        elif account:
            steps.append(
                (
                    "resource",
                    "continue",
                    ("Allow naming only the account: the identity-based policies must allow", account),
                )
            )
        else:
            steps.append(("resource", "continue", "no Allow for this principal"))

    if role_grant:
        steps.append(("identity", "continue", "not required: the resource-based policy allows the role"))
        deciding.extend(role_grant)
    else:
        identity_hits = [(s, st) for s, st, _ in allows.get("identity", ())]
        if not identity_hits:
            steps.append(
                (
                    "identity",
                    "ImplicitDeny",
                    "no identity-based Allow for this request"
                    if has_identity
                    else "no identity-based policies given, so nothing allows the request",
                )
            )
            return "ImplicitDeny", steps, ()
        steps.append(("identity", "continue", ("Allow", identity_hits)))
        deciding.extend(identity_hits)

    if not boundary:
        steps.append(("boundary", "skipped", "no permissions boundary"))
    else:
        boundary_hits = [(s, st) for s, st, _ in allows.get("boundary", ())]
        if not boundary_hits:
            steps.append(("boundary", "ImplicitDeny", "the permissions boundary does not allow this request"))
            return "ImplicitDeny", steps, ()
        steps.append(("boundary", "continue", ("Allow", boundary_hits)))
        deciding.extend(boundary_hits)

    if has_session:
        session_hits = [(s, st) for s, st, _ in allows.get("session", ())]
        if not session_hits:
            steps.append(("session", "ImplicitDeny", "the session policy does not allow this request"))
            return "ImplicitDeny", steps, ()
        steps.append(("session", "Allow", ("Allow", session_hits)))
        deciding.extend(session_hits)
    elif kind == "federated-user":
        steps.append(
            ("session", "ImplicitDeny", "a federated user session without a session policy has no permissions")
        )
        return "ImplicitDeny", steps, ()
    elif kind == "role-session":
        steps.append(("session", "Allow", "role session without a session policy"))
    else:
        steps.append(("session", "Allow", "not a session principal" if kind is not None else "no session policy"))
    return "Allow", steps, deciding


def _scp_step(request, allows, levels, steps, deciding) -> bool:
    """The SCP step; False when it ends the evaluation in an implicit deny."""
    if levels is None:
        steps.append(("scp", "skipped", "no SCPs given"))
        return True
    scp_hits = [(s, st) for s, st, _ in allows.get("scp", ())]
    for li in range(len(levels)):
        level_hits = [(s, st) for s, st in scp_hits if len(levels) == 1 or s.position[0] == li]
        if not level_hits:
            where = "the SCPs" if len(levels) == 1 else f"SCP level {li}"
            steps.append(("scp", "ImplicitDeny", f"no Allow in {where} for this request"))
            return False
    steps.append(("scp", "continue", ("Allow", scp_hits)))
    deciding.extend(scp_hits)
    return True


def _decide_cross(
    request,
    boundary,
    allows,
    levels,
    has_resource,
    has_identity,
    has_session,
    accounts,
    steps,
    deciding,
) -> tuple[str, list, list | tuple]:
    """The cross-account logic: the trusting account's resource policy and the trusted account's policies must both allow."""
    kind = request._fields[7]  # the principal's kind
    mine, theirs = accounts

    def end(decision, found, key):
        steps.append((key, decision, found))
        return decision, steps, (() if decision != "Allow" else deciding)

    if not _scp_step(request, allows, levels, steps, deciding):
        return "ImplicitDeny", steps, ()
    if not has_resource:
        return end(
            "ImplicitDeny",
            f"cross-account request from account {mine} to a resource of account {theirs}: "
            "no resource-based policy (or trust policy) allows it, and both accounts must "
            "allow a cross-account request",
            "resource",
        )
    hits = [(s, st) for s, st, _ in allows.get("resource", ())]
    if not hits:
        return end(
            "ImplicitDeny",
            f"the resource-based policy of account {theirs} does not name this principal "
            f"or account {mine}; a cross-account request needs both sides to allow",
            "resource",
        )
    steps.append(
        (
            "resource",
            "continue",
            (f"Allow from the trusting account {theirs}; the trusted account {mine} must allow too", hits),
        )
    )
    deciding.extend(hits)
    if kind == "root":
        steps.append(
            (
                "root",
                "Allow",
                f"the root user of account {mine} has full access in its own account, so "
                "the trusted side allows unless an SCP stops it",
            )
        )
        return "Allow", steps, deciding
    identity_hits = [(s, st) for s, st, _ in allows.get("identity", ())]
    if not identity_hits:
        why = "no identity-based Allow" if has_identity else "no identity-based policies given"
        return end(
            "ImplicitDeny",
            f"{why} in account {mine}: even when the resource policy names the principal, "
            "a cross-account request needs the principal's own policies to allow it",
            "identity",
        )
    steps.append(("identity", "continue", ("Allow", identity_hits)))
    deciding.extend(identity_hits)
    if not boundary:
        steps.append(("boundary", "skipped", "no permissions boundary"))
    else:
        boundary_hits = [(s, st) for s, st, _ in allows.get("boundary", ())]
        if not boundary_hits:
            return end("ImplicitDeny", "the permissions boundary does not allow this request", "boundary")
        steps.append(("boundary", "continue", ("Allow", boundary_hits)))
        deciding.extend(boundary_hits)
    if has_session:
        session_hits = [(s, st) for s, st, _ in allows.get("session", ())]
        if not session_hits:
            return end("ImplicitDeny", "the session policy does not allow this request", "session")
        steps.append(("session", "Allow", ("Allow", session_hits)))
        deciding.extend(session_hits)
    elif kind == "federated-user":
        return end("ImplicitDeny", "a federated user session without a session policy has no permissions", "session")
    else:
        steps.append(
            (
                "session",
                "Allow",
                "role session without a session policy" if kind == "role-session" else "no session policy",
            )
        )
    return "Allow", steps, deciding
