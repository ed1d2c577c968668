"""Systems Manager Run Command (명령 실행) rate control: how fast a command spreads over a fleet.

Run Command sends one command (a patch, a restart) to many managed nodes. Two
settings keep a bad command from breaking the whole fleet:

* ``MaxConcurrency`` — how many targets run it at the same time (a number, or
  a percentage of the targets);
* ``MaxErrors`` — how many may fail before Systems Manager stops sending it to
  more targets: with 3 it stops at the fourth error. Targets already running
  finish (and may fail too), so the final count can pass the threshold.

This simulation fills free slots up to the concurrency as invocations finish::

    >>> run = run_command(20, max_concurrency="5", max_errors="1", failure_rate=0.3, seed=7)
    >>> run.concurrency, run.error_threshold, run.stopped
    (5, 1, True)
    >>> run.failed > run.error_threshold, run.succeeded + run.failed + run.not_sent == 20
    (True, True)

Sources: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html,
https://docs.aws.amazon.com/systems-manager/latest/userguide/send-commands-velocity.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int, require_int, require_number, require_seed
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import RunCommandError
from awsbasics.iac.template import show_int

__all__ = ["run_command", "rate_control", "RunCommandRun", "RATE_CONTROLS", "MAX_TARGETS"]

RATE_CONTROLS: dict = data.value("iac", "run_command_rate_controls")
_CONCURRENCY = re.compile(RATE_CONTROLS["max_concurrency_pattern"])
_ERRORS = re.compile(RATE_CONTROLS["max_errors_pattern"])
# A bound of this simulation (not an AWS number): one row per target per step stays small.
MAX_TARGETS = 10_000
_MAX_STEPS_PER_INVOCATION = 3
_COLUMNS = ("step", "running", "succeeded", "failed", "not_sent", "stopped")


def _setting(value, pattern: re.Pattern, what: str, targets: int, *, minimum: int) -> int:
    if not (is_int(value) or isinstance(value, str)):
        raise TypeError(f"{what} is a number or a percentage text such as '10%', not {type(value).__name__}")
    text = str(value)
    if len(text) > RATE_CONTROLS["max_chars"] or not pattern.match(text):
        raise RunCommandError(
            f"{what} {text[:20]!r} breaks the SendCommand rule: a whole number"
            f"{' (1 or more)' if minimum else ''} or a percentage from {minimum or 0}% to 100%, e.g. '10' or '10%'"
        )
    if text.endswith("%"):
        # Rounding of a fractional share is unverified (see awsbasics/data/iac.json): round down.
        return max(minimum, int(text[:-1]) * targets // 100)
    return int(text)


def rate_control(targets: int, *, max_concurrency="50", max_errors="0") -> tuple[int, int]:
    """``(targets at once, errors allowed)`` for a fleet of ``targets``, from the two settings.

    >>> rate_control(50, max_concurrency="10%", max_errors="10%")
    (5, 5)
    >>> rate_control(50)                      # the SendCommand defaults: 50 at once, stop at the first error
    (50, 0)
    """
    require_int(targets, "targets")
    if not 1 <= targets <= MAX_TARGETS:
        raise RunCommandError(f"targets={show_int(targets)}: this simulation runs 1 to {MAX_TARGETS:,} targets")
    concurrency = _setting(max_concurrency, _CONCURRENCY, "MaxConcurrency", targets, minimum=1)
    errors = _setting(max_errors, _ERRORS, "MaxErrors", targets, minimum=0)
    return concurrency, errors


@dataclass(frozen=True)
class RunCommandRun(Rendered):
    """One simulated Run Command: per-target outcome and a step-by-step timeline."""

    targets: int
    concurrency: int
    error_threshold: int
    max_concurrency: str
    max_errors: str
    statuses: tuple[str, ...]  # per target: Success, Failed or NotSent
    timeline: tuple[tuple, ...]  # (step, running, succeeded, failed, not_sent, stopped)
    stopped_at: int | None  # the step at which sending stopped, or None
    seed: int

    _view_ = "iac.run_command_view"

    @property
    def succeeded(self) -> int:
        return self.statuses.count("Success")

    @property
    def failed(self) -> int:
        return self.statuses.count("Failed")

    @property
    def not_sent(self) -> int:
        return self.statuses.count("NotSent")

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None

    @property
    def steps(self) -> int:
        return len(self.timeline) - 1

    @property
    def verdict(self) -> str:
        how = (
            f"stopped sending at step {self.stopped_at} after error {self.error_threshold + 1}"
            if self.stopped
            else "sent to every target"
        )
        return (
            f"Run Command on {self.targets} targets (MaxConcurrency {self.max_concurrency} = {self.concurrency} at "
            f"once, MaxErrors {self.max_errors} = {self.error_threshold}): {self.succeeded} succeeded, "
            f"{self.failed} failed, {self.not_sent} never sent; {how}"
        )

    def text(self) -> str:
        return self.verdict + "\n" + text_table(_COLUMNS, [tuple(row) for row in self.timeline])

    def figure(self):
        from awsbasics._protocol import view

        return view("iac.run_command_figure")(self)


def run_command(
    targets: int, *, max_concurrency="50", max_errors="0", failure_rate: float = 0.1, seed: int
) -> RunCommandRun:
    """Simulate one Run Command over ``targets`` managed nodes, some of which fail.

    Args:
        targets: How many nodes the command targets (1 to :data:`MAX_TARGETS`).
        max_concurrency: ``MaxConcurrency``: a number ("10") or a percentage ("10%").
        max_errors: ``MaxErrors``: a number ("0" stops at the first error) or a percentage.
        failure_rate: The chance that one node's invocation fails (0 to 1).
        seed: Seeds the numpy Generator that picks failing nodes and run times (1 to 3 steps).

    Raises:
        RunCommandError: a setting SendCommand would reject, or a target count outside the simulation's range.
    """
    import numpy as np

    concurrency, threshold = rate_control(targets, max_concurrency=max_concurrency, max_errors=max_errors)
    rate = require_number(failure_rate, "failure_rate")
    if not 0.0 <= rate <= 1.0:
        raise RunCommandError(f"failure_rate={failure_rate} is a probability, from 0 to 1")
    seed = require_seed(seed, error=RunCommandError)
    rng = np.random.default_rng(seed)
    fails = rng.random(targets) < rate
    durations = rng.integers(1, _MAX_STEPS_PER_INVOCATION + 1, size=targets)
    statuses = ["Pending"] * targets
    running: dict[int, int] = {}  # target -> step it finishes
    queue = 0
    errors = succeeded = 0
    stopped_at = None
    timeline = [(0, 0, 0, 0, 0, False)]
    step = 0
    while True:
        step += 1
        for target, end in list(running.items()):
            if end == step - 1:
                del running[target]
                if fails[target]:
                    statuses[target] = "Failed"
                    errors += 1
                else:
                    statuses[target] = "Success"
                    succeeded += 1
        if stopped_at is None and errors > threshold:
            stopped_at = step
        if stopped_at is None:
            while queue < targets and len(running) < concurrency:
                running[queue] = step + int(durations[queue]) - 1
                statuses[queue] = "InProgress"
                queue += 1
        not_sent = targets - queue if stopped_at is not None else 0
        timeline.append((step, len(running), succeeded, errors, not_sent, stopped_at is not None))
        if not running and (queue == targets or stopped_at is not None):
            break
    final = tuple("NotSent" if s == "Pending" else s for s in statuses)
    return RunCommandRun(
        targets, concurrency, threshold, str(max_concurrency), str(max_errors), final, tuple(timeline), stopped_at, seed
    )
