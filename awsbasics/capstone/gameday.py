"""A game day: lose one Availability Zone of the capstone architecture and watch each tier recover.

:func:`game_day` reuses the engines of earlier chapters instead of a model of
its own: chapter 06's :func:`~awsbasics.ha.simulate_scaling` loses the AZ's
instances of the web and worker Auto Scaling groups and launches replacements
in the AZs that remain (its launch delay); chapter 04's
:func:`~awsbasics.database.fail` fails the AZ under the RDS deployment;
chapter 09's :func:`~awsbasics.messaging.backlog` turns uploads and the
workers' remaining capacity into the queue backlog, minute by minute; chapter
06's series/parallel arithmetic judges the design against an availability target:

    >>> from awsbasics.capstone import image_service
    >>> day = game_day(image_service(), lost_az="us-east-1a", seed=1)
    >>> day.capacity("web")     # (before, right after, recovered) instances in service
    (6, 4, 6)
    >>> day.database.endpoints["writer"]
    'standby-b'
    >>> day.meets_target
    True

Sources: https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html ,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.capstone.architecture import GAME_DAY, SETTINGS, Architecture
from awsbasics.capstone.resilience import availability_model
from awsbasics.database import deployment, fail
from awsbasics.errors import AvailabilityError, AvailabilityZoneError
from awsbasics.ha import AutoScalingGroup, DemandTrace, simulate_scaling
from awsbasics.messaging import backlog

if TYPE_CHECKING:
    import pandas as pd

    from awsbasics.database.rds import FailoverOutcome
    from awsbasics.ha import Series

__all__ = ["GameDay", "game_day", "AVAILABILITY_TARGET", "MAX_MINUTES"]

AVAILABILITY_TARGET: float = data.value("capstone", "availability_target")
MAX_MINUTES = 720  # this library's bound: half a day after the failure
_DAY = 24 * 60
_START = dt.date(2026, 3, 2)
_RDS_AZS = ("az-a", "az-b", "az-c")  # chapter 04's deployments put the primary in az-a, standbys after it


@dataclass(frozen=True, slots=True, eq=False)
class GameDay(Rendered):
    """What losing one AZ did: capacity per tier by minute, the database failover, the queue backlog, the verdict."""

    architecture: Architecture
    lost_az: str
    fail_at_minute: int
    minutes: int
    seed: int
    timeline: pd.DataFrame  # minute, web_in_service, workers_in_service, uploads, worker_capacity, backlog
    database: FailoverOutcome  # chapter 04's outcome
    model: Series  # chapter 06's composition of the request path
    availability_target: float

    _view_ = "capstone.game_day_view"

    def capacity(self, tier: str) -> tuple[int, int, int]:
        """``(before, right after the failure, at the end)`` instances in service for ``"web"`` or ``"workers"``."""
        if tier not in ("web", "workers"):
            raise KeyError(f"tier {str(tier)[:20]!r}: use 'web' or 'workers'")
        column = self.timeline[f"{tier}_in_service"]
        return int(column.iloc[0]), int(column.iloc[self.fail_at_minute]), int(column.iloc[-1])

    def recovered_minute(self, tier: str) -> int | None:
        """Minutes after the failure until the tier is back to its capacity before (None if never, in the run)."""
        before, _, _ = self.capacity(tier)
        column = self.timeline[f"{tier}_in_service"].to_numpy()
        after = np.nonzero(column[self.fail_at_minute :] >= before)[0]
        return int(after[0]) if after.size else None

    @property
    def peak_backlog(self) -> int:
        return int(self.timeline["backlog"].max())

    @property
    def backlog_cleared_minute(self) -> int | None:
        """Minutes after the failure until the queue is empty again (None if it is not, in the run)."""
        column = self.timeline["backlog"].to_numpy()[self.fail_at_minute :]
        grew = np.nonzero(column > 0)[0]
        if not grew.size:
            return 0
        empty = np.nonzero(column[grew[0] :] == 0)[0]
        return int(grew[0] + empty[0]) if empty.size else None

    @property
    def availability(self) -> float:
        return self.model.availability

    @property
    def meets_target(self) -> bool:
        return self.availability >= self.availability_target

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for tier in ("web", "workers"):
            before, after, end = self.capacity(tier)
            back = self.recovered_minute(tier)
            rows.append(
                (tier, str(before), str(after), str(end), f"{back} min" if back is not None else "not in the run")
            )
        writer = self.database.endpoints["writer"]
        if self.database.downtime_s is None:
            down = "until someone acts"
        else:
            down = f"{self.database.downtime_s[0]}-{self.database.downtime_s[1]} s"
        rows.append(("database", "writer: primary", f"writer: {writer}", f"writer: {writer}", down))
        return rows

    @property
    def verdict(self) -> str:
        target = f"{100 * self.availability_target:g}%"
        judged = "meets" if self.meets_target else "misses"
        cleared = self.backlog_cleared_minute
        drained = (
            f"drained {cleared} min after the failure" if cleared is not None else "not drained by the end of the run"
        )
        return (
            f"Losing {self.lost_az}: the queue backlog peaks at {self.peak_backlog:,} images and is {drained}; "
            f"the request path is {100 * self.availability:.4f}% available by chapter 06's arithmetic, which "
            f"{judged} the {target} target."
        )

    def text(self) -> str:
        table = text_table(["tier", "before", "right_after", "at_the_end", "recovery"], self.rows())
        return f"{self.verdict}\n{table}\n{self.database.verdict}"

    def figure(self):
        """Instances in service per tier and the queue backlog, minute by minute (plotly)."""
        return view("capstone.game_day_figure")(self)

    def __repr__(self) -> str:
        return self.verdict


def _in_service(group: AutoScalingGroup, index: int, fail_at: int) -> np.ndarray:
    """Chapter 06's simulation of ``group`` losing its ``index``-th AZ at ``fail_at``, at a steady half load."""
    load = np.full(_DAY, group.desired_capacity * group.requests_per_instance * GAME_DAY["web_load_share"])
    demand = DemandTrace(load, _START, "steady load")
    run = simulate_scaling(demand, group, az_outage=(group.az_names[index], fail_at, _DAY - 1))
    return run.timeline["in_service"].to_numpy()


def game_day(
    arch: Architecture,
    *,
    lost_az: str,
    minutes: int = 60,
    seed: int = 0,
    availability_target: float = AVAILABILITY_TARGET,
) -> GameDay:
    """Lose ``lost_az`` and follow the service for ``minutes`` after the failure.

    Uploads arrive as a seeded Poisson stream (``uploads_per_minute`` in
    ``awsbasics/data/capstone.json``); each worker in service processes
    ``worker_images_per_minute``.

    Raises:
        AvailabilityZoneError: an AZ the architecture does not span.
        AvailabilityError: a target outside (0, 1), minutes outside 10-720, a negative seed.
        TypeError: arguments of the wrong kind.
    """
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must come from image_service(), not {type(arch).__name__}")
    lost_az = require_str(lost_az, "lost_az")
    if lost_az not in arch.azs:
        raise AvailabilityZoneError(f"lost_az={lost_az[:40]!r}: the architecture spans {', '.join(arch.azs)}")
    minutes = require_int(minutes, "minutes")
    if not 10 <= minutes <= MAX_MINUTES:
        raise AvailabilityError(f"minutes={minutes}: follow the service 10 to {MAX_MINUTES} minutes after the failure")
    seed = require_int(seed, "seed")
    if seed < 0:
        raise AvailabilityError(f"seed={seed}: a seed is a non-negative integer")
    target = require_number(availability_target, "availability_target")
    if not 0 < target < 1:
        raise AvailabilityError(
            f"availability_target={availability_target}: a fraction between 0 and 1 (99.9% is 0.999)"
        )
    index = arch.azs.index(lost_az)
    fail_at = GAME_DAY["fail_at_minute"]
    window = slice(0, fail_at + minutes + 1)
    web = _in_service(arch.web, index, fail_at)[window]
    workers = _in_service(arch.workers, index, fail_at)[window]
    rng = np.random.default_rng(seed)
    uploads = rng.poisson(GAME_DAY["uploads_per_minute"], web.size).astype(np.int64)
    capacity = (workers * GAME_DAY["worker_images_per_minute"]).astype(np.int64)
    waiting = backlog(uploads, capacity)

    import pandas as pd

    timeline = pd.DataFrame(
        {
            "minute": np.arange(web.size) - fail_at,
            "web_in_service": web.astype(int),
            "workers_in_service": workers.astype(int),
            "uploads": uploads,
            "worker_capacity": capacity,
            "backlog": waiting.astype(int),
        }
    )
    kind = "multi-az-instance" if arch.multi_az else "single-az"
    rds_az = _RDS_AZS[min(index, len(_RDS_AZS) - 1)] if index < 2 else "az-c"  # az-c holds no node of these two
    outcome = fail(deployment(kind, engine=SETTINGS["db_engine"]), "az", az=rds_az, seed=seed)
    model = availability_model(azs=len(arch.azs), nat_gateways=max(1, len(arch.nat_gateways)), multi_az=arch.multi_az)
    return GameDay(arch, lost_az, fail_at, minutes, seed, timeline, outcome, model, target)
