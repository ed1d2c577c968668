"""Principals: who makes a request, and whom a Principal element names.

A request's principal is an ARN: an IAM user, a role session
(``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION``), a federated user session,
the account root user, or an AWS service principal (``s3.amazonaws.com``).
A resource-based policy's ``Principal`` can name that principal directly, the
role a session came from, or the whole account; which one decides how the
evaluation logic treats the grant.

    >>> who = Identity.parse("arn:aws:sts::111122223333:assumed-role/Auditor/alice")
    >>> who.kind, who.account, who.role
    ('role-session', '111122223333', ('aws', '111122223333', 'Auditor'))

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Identity", "PrincipalSpec", "SESSION_KINDS"]

_IAM = re.compile(r"arn:(?P<partition>[a-z][a-z0-9-]*):iam::(?P<account>\d{12}):(?P<rest>.+)", re.ASCII)
_STS = re.compile(r"arn:(?P<partition>[a-z][a-z0-9-]*):sts::(?P<account>\d{12}):(?P<rest>.+)", re.ASCII)
# Both at once, for Identity.parse: partition, "iam" or "sts", account, and the rest.
_IAM_OR_STS = re.compile(r"arn:([a-z][a-z0-9-]*):(iam|sts)::(\d{12}):(.+)", re.ASCII).fullmatch
_ACCOUNT = re.compile(r"\d{12}", re.ASCII)
_SERVICE = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?")
# Unique IDs (AIDA..., AROA...) appear where a named user or role was deleted.
_UNIQUE_ID = re.compile(r"A[A-Z0-9]{15,127}")
SESSION_KINDS = ("role-session", "federated-user")
PRINCIPAL_KEYS = ("AWS", "Service", "Federated", "CanonicalUser")


@dataclass(frozen=True, slots=True)
class Identity:
    """The principal that makes a request, parsed from its ARN (or service name)."""

    text: str
    kind: str  # user, role-session, federated-user, root or service
    account: str | None = None
    partition: str | None = None
    role: tuple[str, str, str] | None = None  # (partition, account, role name) of a role session

    @classmethod
    def parse(cls, text: str) -> Identity:
        """Raises ValueError naming the accepted forms when ``text`` is none of them."""
        # One match reads partition, iam/sts, account and the rest; the forms are told apart in Python.
        # The result is built through the slot setters, as the frozen dataclass's own __init__
        # (object.__setattr__ per field) costs several times more. Request checks the usual forms
        # with its own single regex and calls this for the others (and for ``Request.identity``).
        match = _IAM_OR_STS(text)
        if match is not None:
            partition, service, account, rest = match.groups()
            if service == "iam":
                if rest.startswith("user/") and len(rest) > 5:
                    return _identity(cls, text, "user", account, partition, None)
                if rest == "root":
                    return _identity(cls, text, "root", account, partition, None)
                if rest.startswith("role/"):
                    name = rest.rsplit("/", 1)[-1]
                    raise ValueError(
                        f"{text!r} is a role, and a role never makes a request itself: a request comes from "
                        f"a role session, arn:{partition}:sts::{account}:assumed-role/{name}/SESSION-NAME"
                    )
            else:
                parts = rest.split("/")
                if parts[0] == "assumed-role" and len(parts) == 3 and parts[1] and parts[2]:
                    return _identity(cls, text, "role-session", account, partition, (partition, account, parts[1]))
                if parts[0] == "federated-user" and len(parts) == 2 and parts[1]:
                    return _identity(cls, text, "federated-user", account, partition, None)
        elif _SERVICE.fullmatch(text):
            return _identity(cls, text, "service", None, None, None)
        raise ValueError(
            f"{text!r} is not a principal: use an IAM user ARN (arn:aws:iam::111122223333:user/Bob), "
            "a role session ARN (arn:aws:sts::111122223333:assumed-role/RoleName/SessionName), "
            "a federated user ARN (arn:aws:sts::111122223333:federated-user/Name), "
            "the root user (arn:aws:iam::111122223333:root) or a service principal (s3.amazonaws.com)"
        )

    @property
    def is_session(self) -> bool:
        return self.kind in SESSION_KINDS


_SET_IDENTITY_FIELDS = tuple(
    Identity.__dict__[name].__set__ for name in ("text", "kind", "account", "partition", "role")
)


def _identity(cls: type[Identity], text: str, kind: str, account: str | None, partition: str | None, role) -> Identity:
    """An :class:`Identity` with its fields written through their slot descriptors (no checks: parse did them)."""
    identity = object.__new__(cls)
    set_text, set_kind, set_account, set_partition, set_role = _SET_IDENTITY_FIELDS
    set_text(identity, text)
    set_kind(identity, kind)
    set_account(identity, account)
    set_partition(identity, partition)
    set_role(identity, role)
    return identity


@dataclass(frozen=True, slots=True)
class PrincipalSpec:
    """The principals one ``Principal``/``NotPrincipal`` element names."""

    everyone: bool = False
    arns: frozenset = frozenset()  # users, role sessions, federated users: matched exactly
    roles: frozenset = frozenset()  # (partition, account, role name)
    accounts: frozenset = frozenset()
    services: frozenset = frozenset()
    federated: frozenset = frozenset()
    canonical_users: frozenset = frozenset()
    unique_ids: frozenset = frozenset()

    @classmethod
    def parse(cls, raw, path: str):
        """``(spec, errors)``: ``errors`` lists ``(path, message)`` for values AWS rejects.

        Raises:
            ValueError: the element is neither ``"*"`` nor an object of principal lists.
        """
        if raw == "*":
            return cls(everyone=True), []
        if not isinstance(raw, dict) or not raw:
            raise ValueError(
                f'{raw!r} is not a principal: use "*" or an object such as '
                '{"AWS": "arn:aws:iam::111122223333:user/Bob"} (keys AWS, Service, Federated, CanonicalUser)'
            )
        fields: dict[str, set] = {
            "arns": set(),
            "roles": set(),
            "accounts": set(),
            "services": set(),
            "federated": set(),
            "canonical_users": set(),
            "unique_ids": set(),
        }
        everyone = False
        errors = []
        for key, value in raw.items():
            where = f"{path}.{key}"
            if key not in PRINCIPAL_KEYS:
                errors.append((where, f"unknown principal type {key!r}; use one of {', '.join(PRINCIPAL_KEYS)}"))
                continue
            values = value if isinstance(value, list) else [value]
            if not values:
                errors.append((where, "an empty list names no principal"))
            for index, item in enumerate(values):
                item_path = f"{where}[{index}]" if isinstance(value, list) else where
                if not isinstance(item, str) or not item:
                    errors.append((item_path, f"{item!r} is not a principal string"))
                    continue
                if key == "AWS" and item == "*":
                    everyone = True
                    continue
                if "*" in item or "?" in item:
                    errors.append(
                        (
                            item_path,
                            f"{item!r}: you cannot use a wildcard to match part of a principal "
                            'name or ARN; use "*" for everyone, or a condition on aws:PrincipalArn',
                        )
                    )
                    continue
                problem = _add(key, item, fields)
                if problem:
                    errors.append((item_path, problem))
        return cls(everyone=everyone, **{k: frozenset(v) for k, v in fields.items()}), errors

    def grant(self, identity: Identity | None) -> str | None:
        """How this element names the requester: ``"direct"``, ``"role"``, ``"account"`` or ``None``."""
        if self.everyone:
            return "direct"
        if identity is None:
            return None
        # A web identity provider (Federated) is the requester of AssumeRoleWithWebIdentity.
        if identity.text in self.arns or identity.text in self.services or identity.text in self.federated:
            return "direct"
        if identity.role is not None and identity.role in self.roles:
            return "role"
        if identity.account is not None and identity.account in self.accounts:
            return "account"
        return None

    def excludes(self, identity: Identity | None) -> bool:
        """For ``NotPrincipal``: True only if every identity the requester has is listed.

        AWS may check the account, then the role, then the session, so a
        ``NotPrincipal`` must list each of them to exempt a role session.
        """
        if self.everyone:
            return True
        if identity is None:
            return False
        if identity.kind == "service":
            return identity.text in self.services or identity.text in self.federated
        listed = [identity.kind == "root" or identity.text in self.arns]
        if identity.role is not None:
            listed.append(identity.role in self.roles)
        if identity.account is not None:
            listed.append(identity.account in self.accounts)
        return all(listed)

    def text(self) -> str:
        """Whom the element names, for messages: ARNs, accounts, services, or everyone."""
        if self.everyone:
            return "everyone (*)"
        names = sorted(self.arns | self.accounts | self.services | self.federated | self.canonical_users)
        names += sorted(f"arn:{p}:iam::{a}:role/{n}" for p, a, n in self.roles)
        return ", ".join(names) if names else "nobody"


def _add(key: str, item: str, fields: dict) -> str | None:
    if key == "Service":
        fields["services"].add(item)
        return None
    if key == "Federated":
        fields["federated"].add(item)
        return None
    if key == "CanonicalUser":
        fields["canonical_users"].add(item)
        return None
    if _ACCOUNT.fullmatch(item):
        fields["accounts"].add(item)
        return None
    if _UNIQUE_ID.fullmatch(item):
        fields["unique_ids"].add(item)
        return None
    match = _IAM.fullmatch(item)
    if match:
        rest = match["rest"]
        if rest == "root":
            fields["accounts"].add(match["account"])
            return None
        if rest.startswith("user/") and len(rest) > 5:
            fields["arns"].add(item)
            return None
        if rest.startswith("role/") and len(rest) > 5:
            fields["roles"].add((match["partition"], match["account"], rest.rsplit("/", 1)[-1]))
            return None
    match = _STS.fullmatch(item)
    if match:
        parts = match["rest"].split("/")
        if (parts[0] == "assumed-role" and len(parts) == 3 and all(parts[1:])) or (
            parts[0] == "federated-user" and len(parts) == 2 and parts[1]
        ):
            fields["arns"].add(item)
            return None
    return (
        f"{item!r} is not an AWS principal: use an account ID (111122223333), "
        "arn:aws:iam::111122223333:root, a user or role ARN, a role session ARN "
        "(arn:aws:sts::111122223333:assumed-role/RoleName/SessionName) or a federated user ARN"
    )
