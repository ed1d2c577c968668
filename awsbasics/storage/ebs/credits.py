"""gp2 burst credits: the I/O-credit bucket simulated step by step, and what a steady demand gets.

    >>> from awsbasics.storage.ebs import Volume
    >>> burst_outcome(Volume("gp2", 100), 3000, minutes=60).verdict
    'delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket is empty and it drops to its 300 IOPS baseline.'

https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from awsbasics._checks import is_real, require_int
from awsbasics._protocol import Rendered, view
from awsbasics.errors import CapacityError, EbsLimitError
from awsbasics.storage.ebs._format import _n, _shown
from awsbasics.storage.ebs.catalog import GP2_CREDIT_BUCKET, GP2_INITIAL_CREDITS, CreditModel
from awsbasics.storage.ebs.volume import Volume, _as_float, _demand_value

__all__ = ["simulate_credits", "credits_figure", "BurstOutcome", "burst_outcome"]


def simulate_credits(volume: Volume, demand_iops, *, seconds_per_step: float = 1, initial_credits: float | None = None):
    """Run a volume's I/O-credit bucket through a demand series, one row per step.

    gp2 earns credits at its baseline rate and spends one per I/O: while demand is
    above baseline it drains ``demand - baseline`` credits a second and delivers up
    to its burst; an empty bucket holds it at baseline. The bucket starts full
    (5.4 million credits) unless ``initial_credits`` says otherwise. gp3, io1 and
    io2 have no bucket: they deliver up to their provisioned IOPS at every step
    (``credits`` is NaN).

    Args:
        volume: The :class:`Volume`.
        demand_iops: IOPS wanted in each step (a list, tuple or array of numbers >= 0).
        seconds_per_step: Length of one step in seconds.
        initial_credits: Credits at the start (gp2 only); default a full bucket.

    Returns:
        A DataFrame with ``t_s`` (end of the step), ``demand_iops``,
        ``delivered_iops`` (average over the step) and ``credits`` (at ``t_s``).

    >>> frame = simulate_credits(Volume("gp2", 100), [3000] * 2001)
    >>> frame["delivered_iops"].iloc[[0, 1999, 2000]].tolist()
    [3000.0, 3000.0, 300.0]

    Raises:
        EbsLimitError: st1, sc1 and standard volumes (throughput credits are not simulated).
        CapacityError: a negative demand or credit balance, or a step that is not positive.
        TypeError: ``volume`` is not a Volume or the demand is not a sequence of numbers.
    """
    import numpy as np
    import pandas as pd

    if not isinstance(volume, Volume):
        raise TypeError(f"volume must be a Volume, not {type(volume).__name__}")
    volume._require_credit_model("simulate_credits")
    if isinstance(demand_iops, (str, bytes)) or not hasattr(demand_iops, "__iter__"):
        raise TypeError("demand_iops must be a sequence of IOPS per step, e.g. [3000] * 600")
    demand = np.array([_demand_value(d) for d in demand_iops], dtype=float)
    if not is_real(seconds_per_step):
        raise TypeError(f"seconds_per_step must be a number, not {type(seconds_per_step).__name__}")
    dt = _as_float(seconds_per_step)
    if not (math.isfinite(dt) and dt > 0):
        raise CapacityError(
            f"seconds_per_step={_shown(seconds_per_step)}: a step must last a finite time above 0 seconds"
        )
    delivered = np.empty_like(demand)
    credits = np.full_like(demand, np.nan)
    if initial_credits is not None and not is_real(initial_credits):
        raise TypeError(f"initial_credits must be a number, not {type(initial_credits).__name__}")
    if volume.volume_type == "gp2":
        balance = _as_float(GP2_INITIAL_CREDITS if initial_credits is None else initial_credits)
        if not 0 <= balance <= GP2_CREDIT_BUCKET:
            raise CapacityError(
                f"initial_credits={_shown(initial_credits)}: a gp2 bucket holds 0 to {_n(GP2_CREDIT_BUCKET)} I/O credits"
            )
        base, burst = volume.baseline_iops, volume.max_iops
        for i, want in enumerate(demand):
            if want <= base:
                delivered[i] = want
                balance = min(GP2_CREDIT_BUCKET, balance + (base - want) * dt)
            else:
                target = min(want, burst)
                needed = (target - base) * dt
                if balance >= needed:
                    delivered[i], balance = target, balance - needed
                else:
                    delivered[i], balance = base + balance / dt, 0.0
            credits[i] = balance
    else:
        if initial_credits is not None:
            raise EbsLimitError(f"{volume.volume_type} volumes have no I/O credit bucket; leave initial_credits unset")
        delivered = np.minimum(demand, volume.max_iops)
    return pd.DataFrame(
        {
            "t_s": np.arange(1, len(demand) + 1) * dt,
            "demand_iops": demand,
            "delivered_iops": delivered,
            "credits": credits,
        }
    )


def credits_figure(frame, *, title: str = "gp2 I/O credit balance"):
    """A plotly figure of a :func:`simulate_credits` frame: IOPS wanted and delivered, and the credit balance."""
    return view("ebs.credits_figure")(frame, title=title)


# The credit plot samples the demand every few seconds: enough points for a smooth line.
_SECONDS_PER_STEP = 10
_SECONDS_PER_MINUTE = 60


@dataclass(frozen=True, eq=False)
class BurstOutcome(Rendered):
    """What a volume delivers under a steady demand; made by :func:`burst_outcome`.

    ``delivered_iops`` is None for the burst models this library does not simulate;
    ``burst_seconds`` (how long a full bucket lasts at this demand) and
    ``credits`` (the :func:`simulate_credits` frame) are None unless the volume
    bursts on I/O credits.
    """

    volume: Volume
    demand_iops: float
    minutes: int
    delivered_iops: float | None
    burst_seconds: float | None
    credits: object = field(repr=False)

    _view_ = "ebs.burst_view"

    @property
    def verdict(self) -> str:
        """What happens, in one sentence."""
        volume, served = self.volume, self.delivered_iops
        if served is None:
            return f"{volume.volume_type} bursts on {volume.credit_model}, not simulated here."
        if self.burst_seconds is None:
            return f"delivers {_n(served)} IOPS the whole time (no burst bucket)."
        seconds, minutes = self.burst_seconds, self.burst_seconds / _SECONDS_PER_MINUTE
        if math.isinf(seconds):
            return f"delivers {_n(served)} IOPS the whole time; the credit bucket never empties."
        if seconds >= self.minutes * _SECONDS_PER_MINUTE:
            return (
                f"delivers {_n(served)} IOPS the whole time; a full bucket would last {seconds:,.0f} s "
                f"({minutes:,.1f} min)."
            )
        return (
            f"delivers {_n(served)} IOPS for {seconds:,.0f} s ({minutes:,.1f} min), then the bucket is empty "
            f"and it drops to its {_n(volume.baseline_iops)} IOPS baseline."
        )

    def text(self) -> str:
        """The demand, then the :attr:`verdict`."""
        return f"{_n(self.demand_iops)} IOPS wanted for {self.minutes} min: {self.verdict}"


def burst_outcome(volume: Volume, demand_iops: float, *, minutes: int) -> BurstOutcome:
    """What ``volume`` delivers when ``demand_iops`` are asked of it for ``minutes``, from a full bucket.

    >>> burst_outcome(Volume("gp2", 100), 3000, minutes=60).verdict
    'delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket is empty and it drops to its 300 IOPS baseline.'
    >>> burst_outcome(Volume("gp3", 100), 5000, minutes=10).verdict
    'delivers 3,000 IOPS the whole time (no burst bucket).'

    Raises:
        CapacityError: a negative demand, or fewer than 1 minute.
        TypeError: ``volume`` is not a Volume, or a value of the wrong kind.
    """
    if not isinstance(volume, Volume):
        raise TypeError(f"volume must be a Volume, not {type(volume).__name__}")
    demand = _demand_value(demand_iops)
    minutes = require_int(minutes, "minutes")
    if minutes < 1:
        raise CapacityError(f"minutes={minutes}: a demand lasts at least 1 minute")
    if not volume.credit_model.simulated:
        return BurstOutcome(volume, demand_iops, minutes, None, None, None)
    served = min(demand, volume.max_iops)
    if volume.credit_model is not CreditModel.IO_CREDITS:
        return BurstOutcome(volume, demand_iops, minutes, served, None, None)
    steps = minutes * _SECONDS_PER_MINUTE // _SECONDS_PER_STEP
    frame = simulate_credits(volume, [demand] * steps, seconds_per_step=_SECONDS_PER_STEP)
    return BurstOutcome(volume, demand_iops, minutes, served, volume.burst_seconds(demand), frame)
