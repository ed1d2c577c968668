"""The access matrix: who may do what, on which resource, for many principals at once.

Every cell is one call of :func:`awsbasics.iam.evaluate`. Policies are parsed
and compiled once (a principal's policies when it is prepared, resource
policies and SCPs before the loop), so a matrix of 50 principals x 200 actions
x 10 resources takes about a second.

    >>> from awsbasics.iam.identities import Account, ManagedPolicy
    >>> account = Account("111122223333")
    >>> reader = account.add_user("reader")
    >>> reader.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    >>> m = access_matrix([reader, account.root], ["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::logs/a"])
    >>> for row in m[["principal", "action", "decision"]].values.tolist():
    ...     print(row)
    ['user reader', 's3:GetObject', 'Allow']
    ['user reader', 's3:PutObject', 'ImplicitDeny']
    ['root user (111122223333)', 's3:GetObject', 'Allow']
    ['root user (111122223333)', 's3:PutObject', 'Allow']

Draw it with :func:`awsbasics.display.iam_matrix.access_heatmap`.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping

from awsbasics import data
from awsbasics.errors import RequestError
from awsbasics.iam.entities import _Principal, _with_principal_keys
from awsbasics.iam.evaluation import DECISIONS, evaluate
from awsbasics.iam.policy import Policy
from awsbasics.iam.request import Request

__all__ = ["access_matrix", "MATRIX_COLUMNS"]

MATRIX_COLUMNS = ("principal", "action", "resource", "decision", "allowed", "applies")
MATRIX_MAX_CELLS: int = data.value("iam", "access_matrix_max_cells")


def _policies(value, label: str) -> tuple[Policy, ...]:
    items = value if isinstance(value, (list, tuple)) else [value]
    parsed = []
    for index, item in enumerate(items):
        if isinstance(item, Policy):
            parsed.append(item)
        elif isinstance(item, (str, dict)):
            parsed.append(Policy.from_json(item, kind="identity", name=f"{label}[{index}]"))
        else:
            raise TypeError(
                f"principals[{label!r}]: a policy is a Policy, JSON text or a dict, not {type(item).__name__}"
            )
    return tuple(parsed)


def _prepare(principals, context) -> list[tuple[str, str | None, dict, dict]]:
    """``(label, principal ARN, evaluate() keyword arguments, request context)`` per principal."""
    if isinstance(principals, Mapping):
        entries = list(principals.items())
    elif isinstance(principals, (list, tuple)):
        entries = [(getattr(p, "label", None), p) for p in principals]
    else:
        raise TypeError(
            f"principals is a list of principals (User, RoleSession, RootUser) or a dict of "
            f"label -> policies, not {type(principals).__name__}"
        )
    if not entries:
        raise RequestError("principals is empty; give at least one principal")
    prepared: list[tuple[str, str | None, dict, dict]] = []
    seen: set[str] = set()
    for label, value in entries:
        if isinstance(value, _Principal):
            label = label if isinstance(label, str) else value.label
            row: tuple[str, str | None, dict, dict] = (
                label,
                value.arn,
                value.evaluation_policies(),
                _with_principal_keys(value.principal_context(), context),
            )
        elif label is not None and isinstance(label, str):
            row = (label, None, {"identity_policies": _policies(value, label)}, dict(context or {}))
        else:
            raise TypeError(
                f"{reprlib.repr(value)} is not a principal: use a User, RoleSession or RootUser, or a dict of "
                "label -> policies"
            )
        if row[0] in seen:
            raise RequestError(f"two principals are labelled {row[0]!r}; labels must be unique")
        seen.add(row[0])
        prepared.append(row)
    return prepared


def _strings(values, what: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise TypeError(f"{what} must be a list of strings, not {type(values).__name__}")
    if not values:
        raise RequestError(f"{what} is empty; give at least one")
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{what} holds strings, not {type(value).__name__} ({reprlib.repr(value)})")
    if len(set(values)) != len(values):
        raise RequestError(f"{what} lists a value twice; each row of the matrix must be unique")
    return list(values)


def _scps(scps):
    """SCPs parsed once, in the shape evaluate() takes (a level, or a list of levels)."""
    if scps is None:
        return None
    if isinstance(scps, (list, tuple)) and scps and all(isinstance(level, (list, tuple)) for level in scps):
        return [[p if isinstance(p, Policy) else Policy.from_json(p, kind="scp") for p in level] for level in scps]
    items = scps if isinstance(scps, (list, tuple)) else [scps]
    return [p if isinstance(p, Policy) else Policy.from_json(p, kind="scp") for p in items]


def access_matrix(principals, actions, resources=None, *, context=None, resource_policies=None, scps=None):
    """The decision for every (principal, action, resource), as a pandas DataFrame.

    Args:
        principals: a list of principals (:class:`~awsbasics.iam.identities.User`,
            ``RoleSession``, ``RootUser``), or a dict of label -> identity policies
            (a policy or a list; JSON text, dicts or :class:`Policy`) for principals
            without an ARN.
        actions: ``service:Action`` names.
        resources: resource ARNs; ``None`` means ``"*"`` (actions without a resource).
        context: condition keys added to every request.
        resource_policies: resource ARN -> its resource-based policy.
        scps: SCPs for every request, as :func:`awsbasics.iam.evaluate` takes them.

    Returns:
        One row per cell, principal-major, with columns ``principal``, ``action``,
        ``resource``, ``decision`` (categorical: Allow, ExplicitDeny, ImplicitDeny),
        ``allowed`` and ``applies``. A pair the Service Authorization Reference says
        cannot occur (``ec2:RunInstances`` on an S3 object) has ``applies`` False and
        no decision (missing), so it is never shown as allowed. Pivot it for a table:
        ``m.pivot(index="principal", columns="action", values="decision")``.

    Raises:
        RequestError: a malformed action, resource or context value.
        PolicyError: a policy AWS would reject.
        TypeError: an argument of the wrong kind.
    """
    import pandas as pd

    action_list = _strings(actions, "actions")
    resource_list = ["*"] if resources is None else _strings(resources, "resources")
    count = len(principals) if isinstance(principals, (Mapping, list, tuple)) else 0
    cells = count * len(action_list) * len(resource_list)
    if cells > MATRIX_MAX_CELLS:
        raise RequestError(
            f"{count:,} principals x {len(action_list):,} actions x {len(resource_list):,} resources "
            f"is {cells:,} cells; access_matrix evaluates at most {MATRIX_MAX_CELLS:,} (this library's "
            "bound): pick fewer actions or resources"
        )
    prepared = _prepare(principals, context)
    if resource_policies is not None and not isinstance(resource_policies, Mapping):
        raise TypeError(
            f"resource_policies must be a dict of resource ARN -> policy, not {type(resource_policies).__name__}"
        )
    by_resource: dict[str, Policy] = {}
    for arn, policy in (resource_policies or {}).items():
        if arn not in resource_list:
            raise RequestError(f"resource_policies names {reprlib.repr(arn)}, which is not one of the resources")
        by_resource[arn] = (
            policy if isinstance(policy, Policy) else Policy.from_json(policy, kind="resource", name=f"policy of {arn}")
        )
    levels = _scps(scps)

    applies = {(a, r): _can_occur(a, r) for a in action_list for r in resource_list}
    rows_principal, rows_action, rows_resource = [], [], []
    decisions: list[str | None] = []
    for label, arn, policies, request_context in prepared:
        for action in action_list:
            for resource in resource_list:
                request = Request(action, resource, principal=arn, context=request_context)
                if not applies[action, resource]:
                    decisions.append(None)
                    continue
                decisions.append(
                    evaluate(request, resource_policy=by_resource.get(resource), scps=levels, **policies).decision
                )
        count = len(action_list) * len(resource_list)
        rows_principal.extend([label] * count)
        rows_action.extend([a for a in action_list for _ in resource_list])
        rows_resource.extend(resource_list * len(action_list))
    frame = pd.DataFrame(
        {
            "principal": pd.Categorical(rows_principal, categories=[row[0] for row in prepared], ordered=True),
            "action": pd.Categorical(rows_action, categories=action_list, ordered=True),
            "resource": pd.Categorical(rows_resource, categories=resource_list, ordered=True),
            "decision": pd.Categorical(decisions, categories=list(DECISIONS)),
        }
    )
    frame["allowed"] = frame["decision"] == "Allow"
    frame["applies"] = [applies[a, r] for a, r in zip(rows_action, rows_resource)]
    return frame


def _can_occur(action: str, resource: str) -> bool:
    """Whether ``action`` can act on ``resource`` (an action the catalog does not know is given the benefit)."""
    from awsbasics.iam.actions import IamAction, UnknownActionError

    try:
        return IamAction.get(action).acts_on(resource)
    except UnknownActionError:
        return True
