"""Proving the capstone architecture: the network paths that must (and must not) work, and least privilege.

:func:`prove_paths` runs chapter 03's :func:`~awsbasics.network.reachability` on
the paths the service needs (internet -> ALB -> web -> database; a worker ->
S3 through the gateway endpoint) and on those that must stay closed (internet
-> database, internet -> a worker, a worker -> the database).
:func:`least_privilege` runs chapter 05's :func:`~awsbasics.iam.access_matrix`
over each tier role and a set of probe requests, and lints the policies:

    >>> from awsbasics.capstone import image_service
    >>> arch = image_service()
    >>> prove_paths(arch).ok, least_privilege(arch).ok
    (True, True)
    >>> broad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    >>> check = least_privilege(arch, policies={"worker": broad})
    >>> check.ok, ("s3:DeleteBucket" in {row[1] for row in check.excess})
    (False, True)

Sources: https://docs.aws.amazon.com/vpc/latest/reachability/what-is-reachability-analyzer.html ,
https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics._finding import Finding
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.capstone.architecture import SETTINGS, Architecture
from awsbasics.iam import Policy, access_matrix
from awsbasics.network import reachability

if TYPE_CHECKING:
    import pandas as pd

    from awsbasics.network.analyzer import Reachability

__all__ = [
    "PathCheck",
    "PathProof",
    "LeastPrivilege",
    "prove_paths",
    "least_privilege",
    "short_resource",
    "PROBE_ACTIONS",
]

# Requests no tier of this service needs: a policy that allows any of them is wider than its tier.
PROBE_ACTIONS = (
    "s3:DeleteObject",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "sqs:SendMessage",
    "sqs:DeleteQueue",
    "sns:Subscribe",
    "iam:PassRole",
    "ec2:TerminateInstances",
)


def _architecture(arch: object) -> Architecture:
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must come from image_service(), not {type(arch).__name__}")
    return arch


# ---------------------------------------------------------------- reachability


@dataclass(frozen=True, slots=True, eq=False)
class PathCheck:
    """One path, whether it must be open, and what reachability found."""

    name: str
    must_work: bool
    result: Reachability

    @property
    def ok(self) -> bool:
        return bool(self.result.reachable) == self.must_work

    @property
    def explanation(self) -> str:
        """Why: the rule of the hop that blocked a closed path, or the verdict of an open one."""
        if self.result.reachable or not self.result.blocked:
            return self.result.verdict
        return self.result.blocked[0].detail


@dataclass(frozen=True, slots=True, eq=False)
class PathProof(Rendered):
    """The service's paths: each must work or must not, each with the rule that decided it."""

    checks: tuple[PathCheck, ...]

    _view_ = "capstone.paths_view"

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def check(self, name: str) -> PathCheck:
        """The check called ``name``; KeyError if there is none."""
        for found in self.checks:
            if found.name == name:
                return found
        raise KeyError(f"no path {name!r}; the paths are: {', '.join(c.name for c in self.checks)}")

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        return [
            (
                c.name,
                "must work" if c.must_work else "must not",
                "yes" if c.result.reachable else "no",
                "ok" if c.ok else "FAILS",
                ", ".join(c.result.reasons) if not c.result.reachable else " -> ".join(c.result.path_labels),
            )
            for c in self.checks
        ]

    @property
    def verdict(self) -> str:
        bad = [c.name for c in self.checks if not c.ok]
        if not bad:
            return f"All {len(self.checks)} paths behave as designed."
        return f"{len(bad)} of {len(self.checks)} paths do not behave as designed: {', '.join(bad)}."

    def text(self) -> str:
        return (
            self.verdict + "\n" + text_table(["path", "expected", "reachable", "check", "path_or_reason"], self.rows())
        )

    def __repr__(self) -> str:
        return self.text()


def prove_paths(arch: Architecture) -> PathProof:
    """Reachability for the paths that must work and those that must not, in the first AZ.

    Raises:
        TypeError: not an architecture from :func:`image_service`.
    """
    arch = _architecture(arch)
    vpc, alb = arch.vpc, arch.load_balancer
    web, worker = arch.instances["web"][0], arch.instances["worker"][0]
    db = arch.database.interface
    https, http, pg = SETTINGS["https_port"], SETTINGS["web_port"], SETTINGS["db_port"]
    paths = (
        ("internet -> ALB :443", True, "internet", alb, https),
        (f"ALB -> {web.name} :{http}", True, alb.interfaces[0], web, http),
        (f"{web.name} -> database :{pg}", True, web, db, pg),
        (f"{worker.name} -> S3 :443", True, worker, "s3", https),
        (f"internet -> database :{pg}", False, "internet", db, pg),
        (f"internet -> {worker.name} :22", False, "internet", worker, 22),
        (f"internet -> {web.name} :{http}", False, "internet", web, http),
        (f"{worker.name} -> database :{pg}", False, worker, db, pg),
    )
    return PathProof(
        tuple(
            PathCheck(name, must, reachability(vpc, source, target, port=port))
            for name, must, source, target, port in paths
        )
    )


# ---------------------------------------------------------------- least privilege


@dataclass(frozen=True, slots=True, eq=False)
class LeastPrivilege(Rendered):
    """Each tier role against what its tier needs: the access matrix, what is too much, what is missing."""

    matrix: pd.DataFrame  # the access_matrix rows that can occur
    needs: dict[str, tuple[tuple[str, str], ...]]
    labels: dict[str, str]  # tier -> principal label in the matrix
    findings: tuple[Finding, ...]  # policy lint findings

    _view_ = "capstone.least_privilege_view"

    def _cells(self, allowed: bool) -> list[tuple[str, str, str]]:
        found = []
        for tier, label in self.labels.items():
            needed = set(self.needs[tier])
            rows = self.matrix[self.matrix["principal"] == label]
            for action, resource, ok in zip(rows["action"], rows["resource"], rows["allowed"]):
                if bool(ok) == allowed and ((action, resource) in needed) != allowed:
                    found.append((tier, str(action), str(resource)))
        return found

    @property
    def excess(self) -> list[tuple[str, str, str]]:
        """(tier, action, resource) allowed although the tier does not need it."""
        return self._cells(True)

    @property
    def missing(self) -> list[tuple[str, str, str]]:
        """(tier, action, resource) the tier needs but is not allowed."""
        return self._cells(False)

    @property
    def ok(self) -> bool:
        return not self.excess and not self.missing

    def table(self):
        """The matrix pivoted: one row per (tier, action), one column per resource (Allow / ImplicitDeny / ...)."""
        frame = self.matrix.copy()
        frame["decision"] = frame["decision"].astype(str)
        frame["resource"] = [short_resource(str(r)) for r in frame["resource"]]
        frame["tier"] = frame["principal"].map({label: tier for tier, label in self.labels.items()})
        pivot = frame.pivot_table(
            index=["tier", "action"], columns="resource", values="decision", aggfunc="first", observed=True
        )
        return pivot.fillna("-").astype(str)

    @property
    def verdict(self) -> str:
        if self.ok:
            needed = sum(len(pairs) for pairs in self.needs.values())
            return (
                f"Least privilege holds: every tier can do the {needed} requests it needs and none of the "
                f"{len(self.matrix) - needed:,} other requests checked."
            )
        return (
            f"Not least privilege: {len(self.excess)} request(s) allowed that no tier needs, "
            f"{len(self.missing)} needed request(s) denied."
        )

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [("too much", *cell) for cell in self.excess] + [("missing", *cell) for cell in self.missing]

    def text(self) -> str:
        body = text_table(["problem", "tier", "action", "resource"], self.rows()) if self.rows() else ""
        lint = "".join(f"\n{f.text()}" for f in self.findings)
        return self.verdict + (f"\n{body}" if body else "") + lint

    def __repr__(self) -> str:
        return self.text()


def short_resource(arn: str) -> str:
    """A resource ARN as a table heading: ``bucket/key`` for S3, ``sqs:name`` / ``sns:name`` otherwise.

    >>> short_resource("arn:aws:sqs:us-east-1:111122223333:jobs"), short_resource("arn:aws:s3:::logs/a.txt")
    ('sqs:jobs', 'logs/a.txt')
    """
    if arn.startswith("arn:aws:s3:::"):
        return arn[len("arn:aws:s3:::") :]
    parts = arn.split(":")
    return f"{parts[2]}:{parts[-1]}" if arn.startswith("arn:") and len(parts) >= 6 else arn


def _resources(arch: Architecture) -> list[str]:
    uploads, content = arch.buckets["uploads"].arn, arch.buckets["content"].arn
    needed = [resource for pairs in arch.needs().values() for _, resource in pairs]
    extra = [uploads, content, f"{content}/index.html", arch.queue_arn("dead-letter"), "*"]
    return list(dict.fromkeys(needed + extra))


def least_privilege(arch: Architecture, *, policies: Mapping[str, object] | None = None) -> LeastPrivilege:
    """Check every tier role with :func:`~awsbasics.iam.access_matrix` against :meth:`Architecture.needs`.

    Args:
        arch: From :func:`image_service`.
        policies: ``tier -> policy`` (JSON text, a dict or a :class:`~awsbasics.iam.Policy`) to check
            in place of that tier role's own policies, e.g. a draft before it is attached.

    Raises:
        PolicyError: a policy AWS would reject.
        KeyError: a tier the architecture has no role for.
        TypeError: arguments of the wrong kind.
    """
    arch = _architecture(arch)
    if policies is not None and not isinstance(policies, Mapping):
        raise TypeError(f"policies must be a dict of tier -> policy, not {type(policies).__name__}")
    policies = dict(policies or {})
    for tier in policies:
        if tier not in arch.roles:
            raise KeyError(f"no tier {str(tier)[:40]!r}: the tiers with roles are {', '.join(arch.roles)}")
    labels: dict[str, str] = {}
    principals: dict[str, list[Policy]] = {}
    findings: list[Finding] = []
    for tier, role in arch.roles.items():
        label = f"{tier} tier (role {role.name})"
        if tier in policies:
            given = policies[tier]
            parsed = (
                given if isinstance(given, Policy) else Policy.from_json(given, kind="identity", name=f"{tier} draft")
            )
            chosen: tuple[Policy, ...] = (parsed,)
        else:
            chosen = role.permission_policies()
        labels[tier], principals[label] = label, list(chosen)
        findings.extend(
            Finding(f.code, f.severity, f"{role.name}: {f.subject}" if f.subject else role.name, f.message)
            for policy in chosen
            for f in policy.findings
        )
    needs = arch.needs()
    actions = list(dict.fromkeys([a for pairs in needs.values() for a, _ in pairs] + list(PROBE_ACTIONS)))
    matrix = access_matrix(principals, actions, _resources(arch))
    matrix = matrix[matrix["applies"]].reset_index(drop=True)
    return LeastPrivilege(matrix, needs, labels, tuple(findings))
