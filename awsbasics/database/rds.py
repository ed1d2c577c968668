"""RDS: engines, automated backups and point-in-time recovery, and what a failure does to each deployment.

High availability and read scaling are different tools. A **Multi-AZ DB
instance** keeps one synchronous standby that serves nothing until it takes
over; a **Multi-AZ DB cluster** keeps two standbys in two more AZs that also
serve reads; **read replicas** copy asynchronously, serve reads, and lag:

    >>> d = deployment("multi-az-instance", engine="MySQL", read_replicas=2)
    >>> out = fail(d, "primary", seed=1)
    >>> out.downtime_s, out.data_lost_s
    ((60, 120), 0.0)
    >>> out.endpoints["writer"]
    'standby-b'

Sources: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.database._numbers import real
from awsbasics.errors import RdsConfigError

__all__ = [
    "ENGINES",
    "DEPLOYMENTS",
    "FAILURES",
    "RETENTION",
    "LATEST_RESTORABLE_MINUTES",
    "DbNode",
    "Deployment",
    "FailoverOutcome",
    "RecoveryWindow",
    "deployment",
    "fail",
    "default_retention_days",
    "recovery_window",
]

ENGINES: dict[str, int] = {row[0]: row[1] for row in data.fact("database", "rds_engines")["rows"]}
_MULTI_AZ = {
    row[0]: dict(zip(data.fact("database", "rds_multi_az")["columns"], row))
    for row in data.fact("database", "rds_multi_az")["rows"]
}
# Short names a learner types -> the deployment names the RDS documentation uses.
DEPLOYMENTS: dict[str, str] = {
    "single-az": "Single-AZ DB instance",
    "multi-az-instance": "Multi-AZ DB instance",
    "multi-az-cluster": "Multi-AZ DB cluster",
}
_CLUSTER_ENGINES: tuple[str, ...] = tuple(data.value("database", "multi_az_cluster_engines"))
FAILURES = ("primary", "az", "replica")
RETENTION: dict = data.value("database", "rds_backup_retention")
LATEST_RESTORABLE_MINUTES: int = data.value("database", "rds_pitr")["latest_restorable_minutes"]
_AZS = ("az-a", "az-b", "az-c")
_MAX_LAG_S = 3600.0


@dataclass(frozen=True, slots=True)
class DbNode:
    """One DB instance of a deployment: its name, role and AZ."""

    name: str
    role: str  # "primary", "standby", "readable standby", "read replica"
    az: str


@dataclass(frozen=True, slots=True)
class Deployment(Rendered):
    """An RDS deployment: the primary, its standbys and its read replicas, placed in AZs."""

    kind: str  # a key of DEPLOYMENTS
    engine: str
    nodes: tuple[DbNode, ...]

    @property
    def name(self) -> str:
        return DEPLOYMENTS[self.kind]

    @property
    def facts(self) -> dict:
        """The documented facts of this kind of deployment (standbys, readable, failover time)."""
        return _MULTI_AZ[self.name]

    @property
    def primary(self) -> DbNode:
        return self.nodes[0]

    @property
    def standbys(self) -> tuple[DbNode, ...]:
        return tuple(n for n in self.nodes if "standby" in n.role)

    @property
    def replicas(self) -> tuple[DbNode, ...]:
        return tuple(n for n in self.nodes if n.role == "read replica")

    @property
    def max_read_replicas(self) -> int:
        return ENGINES[self.engine]

    @property
    def readable_nodes(self) -> tuple[DbNode, ...]:
        """Nodes that answer read queries: the primary, readable standbys and read replicas."""
        return tuple(n for n in self.nodes if n.role != "standby")

    def rows(self) -> list[tuple[str, str, str, str]]:
        readable = {n.name for n in self.readable_nodes}
        return [(n.name, n.role, n.az, "yes" if n.name in readable else "no") for n in self.nodes]

    _view_ = "database.deployment_view"

    def text(self) -> str:
        return f"{self.name} ({self.engine}), {len(self.replicas)} read replicas\n" + text_table(
            ["node", "role", "az", "serves_reads"], self.rows()
        )

    def __repr__(self) -> str:
        return self.text()


def deployment(kind: str = "multi-az-instance", *, engine: str = "MySQL", read_replicas: int = 0) -> Deployment:
    """Lay out a deployment: the primary in az-a, standbys in the next AZs, replicas spread over all three.

    >>> [n.az for n in deployment("multi-az-cluster", engine="PostgreSQL").nodes]
    ['az-a', 'az-b', 'az-c']

    Raises:
        RdsConfigError: an unknown kind or engine, a Multi-AZ DB cluster on an engine
            other than MySQL or PostgreSQL, or more read replicas than the engine allows.
        TypeError: arguments of the wrong kind.
    """
    kind = require_str(kind, "kind")
    engine = require_str(engine, "engine")
    read_replicas = require_int(read_replicas, "read_replicas")
    if kind not in DEPLOYMENTS:
        raise RdsConfigError(f"kind={kind[:40]!r}: a deployment is one of {', '.join(map(repr, DEPLOYMENTS))}")
    if engine not in ENGINES:
        raise RdsConfigError(
            f"engine={engine[:40]!r}: RDS engines are {', '.join(ENGINES)} (Aurora is its own service)"
        )
    if kind == "multi-az-cluster" and engine not in _CLUSTER_ENGINES:
        raise RdsConfigError(f"engine={engine!r}: a Multi-AZ DB cluster runs {' or '.join(_CLUSTER_ENGINES)} only")
    limit = ENGINES[engine]
    if not 0 <= read_replicas <= limit:
        raise RdsConfigError(
            f"read_replicas={read_replicas}: RDS for {engine} allows 0 to {limit} read replicas per DB instance"
        )
    standby_role = "readable standby" if _MULTI_AZ[DEPLOYMENTS[kind]]["standby_readable"] else "standby"
    standbys = [
        DbNode(f"standby-{az[-1]}", standby_role, az) for az in _AZS[1 : 1 + _MULTI_AZ[DEPLOYMENTS[kind]]["standbys"]]
    ]
    replicas = [DbNode(f"replica-{i + 1}", "read replica", _AZS[(i + 1) % len(_AZS)]) for i in range(read_replicas)]
    return Deployment(kind, engine, (DbNode("primary-a", "primary", "az-a"), *standbys, *replicas))


@dataclass(frozen=True, slots=True)
class FailoverOutcome(Rendered):
    """What one failure does: downtime, data lost (RPO), who serves each endpoint, and replica lag."""

    deployment: Deployment
    failure: str
    failed: tuple[str, ...]  # node names lost
    downtime_s: tuple[int, int] | None  # documented (low, high) for writes; None = no documented figure
    data_lost_s: float  # committed writes lost, in seconds of traffic
    endpoints: dict[str, str]  # endpoint -> node serving it, or "down"
    replica_lag_s: dict[str, float]  # replica -> seconds behind the primary
    recovery: str  # what restores service
    seed: int

    @property
    def writes_survive(self) -> bool:
        """Writes keep working without any outage."""
        return self.downtime_s == (0, 0)

    @property
    def verdict(self) -> str:
        if self.downtime_s is None:
            down = "writes are down until you act (no documented recovery time)"
        elif self.downtime_s == (0, 0):
            down = "writes continue without interruption"
        elif self.downtime_s[0] == 0:
            down = f"writes are down for typically under {self.downtime_s[1]} s during the failover"
        else:
            down = f"writes are down for typically {self.downtime_s[0]}-{self.downtime_s[1]} s during the failover"
        return (
            f"{self.deployment.name} ({self.deployment.engine}), {self.failure} failure ({', '.join(self.failed)} lost): {down}; "
            f"{self.data_lost_s:g} s of committed writes lost. {self.recovery}"
        )

    def rows(self) -> list[tuple[str, str]]:
        return list(self.endpoints.items())

    _view_ = "database.outcome_view"

    def text(self) -> str:
        lag = "".join(f"\n  {name}: {lag:.2f} s behind" for name, lag in self.replica_lag_s.items())
        return (
            self.verdict
            + "\n"
            + text_table(["endpoint", "served_by"], self.rows())
            + (f"\nreplica lag:{lag}" if lag else "")
        )

    def diagram(self):
        """The deployment across its AZs with the failed nodes struck out (Graphviz)."""
        return view("database.failover_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def fail(
    deployment: Deployment,
    failure: str = "primary",
    *,
    az: str | None = None,
    replica: str | None = None,
    seed: int = 0,
    mean_replica_lag_s: float = 1.0,
) -> FailoverOutcome:
    """Fail the primary, a whole AZ, or one read replica, and see what the deployment does.

    Replica lag is drawn per replica from a seeded exponential distribution with
    mean ``mean_replica_lag_s`` (a teaching assumption, not an AWS figure: real lag
    depends on write load and instance size).

    Args:
        deployment: From :func:`deployment`.
        failure: ``"primary"`` (its host fails), ``"az"`` (a whole AZ is lost) or ``"replica"``.
        az: The AZ to lose for ``"az"`` (default: the primary's).
        replica: The replica to lose for ``"replica"`` (default: the first).
        seed: Seeds the replica lag.

    Raises:
        RdsConfigError: an unknown failure, AZ or replica, or a replica failure with no replicas.
        TypeError: arguments of the wrong kind.
    """
    if not isinstance(deployment, Deployment):
        raise TypeError(f"deployment must come from deployment(), not {type(deployment).__name__}")
    failure = require_str(failure, "failure")
    seed = require_int(seed, "seed")
    mean_lag = real(mean_replica_lag_s, "mean_replica_lag_s", RdsConfigError)
    if failure not in FAILURES:
        raise RdsConfigError(f"failure={failure[:40]!r}: fail one of {', '.join(map(repr, FAILURES))}")
    if seed < 0:
        raise RdsConfigError(f"seed={seed}: a seed is a non-negative int")
    if not (math.isfinite(mean_lag) and 0 <= mean_lag <= _MAX_LAG_S):
        raise RdsConfigError(f"mean_replica_lag_s={mean_replica_lag_s!r}: a lag from 0 to {_MAX_LAG_S:,.0f} seconds")
    if failure == "az":
        az = deployment.primary.az if az is None else require_str(az, "az")
        if az not in _AZS:
            raise RdsConfigError(f"az={az[:40]!r}: this deployment spans {', '.join(_AZS)}")
        failed = tuple(n.name for n in deployment.nodes if n.az == az)
    elif failure == "replica":
        if not deployment.replicas:
            raise RdsConfigError("failure='replica': this deployment has no read replicas to fail")
        replica = deployment.replicas[0].name if replica is None else require_str(replica, "replica")
        if replica not in {n.name for n in deployment.replicas}:
            raise RdsConfigError(
                f"replica={replica[:40]!r}: the replicas are {', '.join(n.name for n in deployment.replicas)}"
            )
        failed = (replica,)
    else:
        failed = (deployment.primary.name,)
    lags = np.random.default_rng(seed).exponential(mean_lag, len(deployment.replicas)) if deployment.replicas else ()
    lag = {n.name: round(float(x), 2) for n, x in zip(deployment.replicas, lags)}
    return _outcome(deployment, failure, failed, lag, seed)


def _outcome(d: Deployment, failure: str, failed: tuple[str, ...], lag: dict[str, float], seed: int) -> FailoverOutcome:
    lost = set(failed)
    alive_standbys = [n for n in d.standbys if n.name not in lost]
    live_replicas = [n for n in d.replicas if n.name not in lost]
    primary_lost = d.primary.name in lost
    facts = d.facts
    if not primary_lost:
        writer, downtime, data_lost = d.primary.name, (0, 0), 0.0
        recovery = "RDS replaces the lost nodes in the background." if lost else "Nothing to recover."
    elif alive_standbys:
        writer = alive_standbys[0].name
        downtime = (facts["failover_seconds_low"], facts["failover_seconds_high"])
        data_lost = 0.0  # synchronous (instance) or semisynchronous acknowledged by a reader (cluster)
        recovery = (
            f"RDS promotes {writer} automatically; the same endpoint name now points to it, "
            "and a new standby is created. Read replicas follow the new primary."
        )
    elif failure == "primary":
        # Single-AZ: the host failed, the storage volume did not; RDS recovers the instance in place.
        writer, downtime, data_lost = "down", None, 0.0
        recovery = (
            "With no standby, RDS must recover the instance on new hardware; its storage survives, "
            "so no data is lost, but the outage lasts until that finishes."
        )
    elif live_replicas:
        best = min(live_replicas, key=lambda n: lag[n.name])
        writer, downtime, data_lost = "down", None, lag[best.name]
        recovery = (
            f"The AZ took the primary and its storage. Promote {best.name} by hand (it becomes a "
            f"standalone DB instance, losing what it had not yet copied) and point the application at it."
        )
    else:
        writer, downtime, data_lost = "down", None, float(LATEST_RESTORABLE_MINUTES * 60)
        recovery = (
            "The AZ took the primary and its storage. Restore to the latest restorable time into another "
            f"AZ (a new DB instance): up to about {LATEST_RESTORABLE_MINUTES} minutes of writes are lost."
        )
    endpoints = {"writer": writer}
    if d.kind == "multi-az-cluster":
        readers = [n.name for n in d.standbys if n.name not in lost and n.name != writer]
        endpoints["reader"] = ", ".join(readers) if readers else writer
    for node in d.replicas:
        endpoints[node.name] = "down" if node.name in lost else node.name
    return FailoverOutcome(d, failure, failed, downtime, data_lost, endpoints, lag, recovery, seed)


def default_retention_days(created_with: str) -> int:
    """Automated-backup retention when you do not set it: ``"console"`` or ``"api"`` (also the CLI).

    >>> default_retention_days("console"), default_retention_days("api")
    (7, 1)
    """
    created_with = require_str(created_with, "created_with")
    if created_with not in ("console", "api"):
        raise RdsConfigError(
            f"created_with={created_with[:40]!r}: a DB instance is created with 'console' or 'api' (API, CLI, SDKs)"
        )
    return RETENTION["default_console_days" if created_with == "console" else "default_api_days"]


@dataclass(frozen=True, slots=True)
class RecoveryWindow(Rendered):
    """Where you can restore to: the point-in-time window of automated backups, plus manual snapshots."""

    retention_days: int
    created_with: str | None  # how the retention was chosen, None = set explicitly
    snapshot_days_ago: tuple[float, ...]  # manual snapshots, kept until deleted

    @property
    def earliest_restorable_days_ago(self) -> float | None:
        return float(self.retention_days) if self.retention_days else None

    @property
    def latest_restorable_minutes_ago(self) -> int | None:
        return LATEST_RESTORABLE_MINUTES if self.retention_days else None

    def can_restore(self, days_ago: float) -> tuple[bool, str]:
        """Whether the database can be brought back as it was ``days_ago`` days ago, and how."""
        when = real(days_ago, "days_ago", RdsConfigError)
        if not (math.isfinite(when) and when >= 0):
            raise RdsConfigError(f"days_ago={days_ago!r}: a time in the past, 0 or more days ago")
        if self.retention_days and LATEST_RESTORABLE_MINUTES / 1440 <= when <= self.retention_days:
            return True, f"point-in-time restore: {when:g} days ago is inside the {self.retention_days}-day window"
        exact = [s for s in self.snapshot_days_ago if math.isclose(s, when)]
        if exact:
            return True, f"restore the manual snapshot taken {when:g} days ago"
        if when < LATEST_RESTORABLE_MINUTES / 1440 and self.retention_days:
            return False, f"too recent: the latest restorable time is about {LATEST_RESTORABLE_MINUTES} minutes ago"
        older = [s for s in self.snapshot_days_ago if s > when]
        hint = f"; the nearest older manual snapshot is {min(older):g} days ago" if older else ""
        window = f"the window covers {self.retention_days} days" if self.retention_days else "automated backups are off"
        return False, f"not restorable to {when:g} days ago: {window}{hint}"

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("retention_days", self.retention_days),
            ("chosen_by", f"default ({self.created_with})" if self.created_with else "you"),
            ("earliest_restorable_days_ago", self.earliest_restorable_days_ago if self.retention_days else "none"),
            ("latest_restorable_minutes_ago", self.latest_restorable_minutes_ago if self.retention_days else "none"),
            ("manual_snapshots_days_ago", ", ".join(f"{s:g}" for s in self.snapshot_days_ago) or "none"),
        ]

    @property
    def verdict(self) -> str:
        if not self.retention_days:
            return "Automated backups are off (retention 0): only manual snapshots can be restored."
        days = "1 day" if self.retention_days == 1 else f"{self.retention_days} days"
        return (
            f"Restore to any second from {days} ago up to about "
            f"{LATEST_RESTORABLE_MINUTES} minutes ago; manual snapshots stay until you delete them."
        )

    _view_ = "database.recovery_view"

    def text(self) -> str:
        return text_table(["measure", "value"], self.rows()) + f"\n{self.verdict}"

    def figure(self):
        """The restore window and the snapshots on a timeline of days ago (plotly)."""
        return view("database.recovery_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def recovery_window(
    retention_days: int | None = None, *, created_with: str = "console", snapshot_days_ago: tuple[float, ...] = ()
) -> RecoveryWindow:
    """The point-in-time recovery window for a retention period (default: what ``created_with`` gives).

    >>> recovery_window(created_with="api").can_restore(3)[0]
    False
    >>> recovery_window(14, snapshot_days_ago=(30,)).can_restore(30)
    (True, 'restore the manual snapshot taken 30 days ago')

    Raises:
        RdsConfigError: a retention outside 0-35 days, or a snapshot time that is not in the past.
        TypeError: arguments of the wrong kind.
    """
    default = default_retention_days(created_with)
    if retention_days is None:
        retention, chosen = default, created_with
    else:
        retention_days = require_int(retention_days, "retention_days")
        retention, chosen = retention_days, None
        if not RETENTION["min_days"] <= retention <= RETENTION["max_days"]:
            raise RdsConfigError(
                f"retention_days={retention}: automated backups are kept {RETENTION['min_days']} to "
                f"{RETENTION['max_days']} days (0 turns them off)"
            )
    if not isinstance(snapshot_days_ago, (list, tuple)):
        raise TypeError(f"snapshot_days_ago must be a list or tuple of numbers, not {type(snapshot_days_ago).__name__}")
    if len(snapshot_days_ago) > RETENTION["manual_snapshots_per_region"]:
        raise RdsConfigError(
            f"{len(snapshot_days_ago):,} manual snapshots: RDS allows {RETENTION['manual_snapshots_per_region']} per Region"
        )
    snaps = []
    for i, value in enumerate(snapshot_days_ago):
        days = real(value, f"snapshot_days_ago[{i}]", RdsConfigError)
        if not (math.isfinite(days) and 0 <= days <= 36_500):
            raise RdsConfigError(f"snapshot_days_ago[{i}]={value!r}: a snapshot taken 0 to 36,500 days ago")
        snaps.append(days)
    return RecoveryWindow(retention, chosen, tuple(sorted(snaps)))
