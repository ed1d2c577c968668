"""The EC2 instance lifecycle: launch, reboot, stop/start and terminate, and what each does to the data.

:func:`simulate_lifecycle` shows why instance store data is lost on stop/start
while an EBS volume keeps it, and that user data runs once, at launch.

Facts come from ``awsbasics/data/ec2.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
"""

from __future__ import annotations

import reprlib

from awsbasics import data
from awsbasics._checks import require_seed
from awsbasics.compute.instance_types import InstanceType
from awsbasics.errors import InstanceStateError

__all__ = ["LIFECYCLE_ACTIONS", "USER_DATA_MAX_SIZE_KB", "simulate_lifecycle"]

USER_DATA_MAX_SIZE_KB: int = data.fact("ec2", "user_data")["max_size_kb"]
_BOUNDS: dict = data.value("ec2", "library_bounds")


LIFECYCLE_ACTIONS = ("launch", "write", "reboot", "stop", "start", "terminate")
_ALLOWED: dict[str, set[str | None]] = {
    "launch": {None},
    "write": {"running"},
    "reboot": {"running"},
    "stop": {"running"},
    "start": {"stopped"},
    "terminate": {"running", "stopped"},
}
_NOTES = {
    "launch": "first boot on a host: user data runs once",
    "write": "one file written to the EBS root volume and, if present, the instance store",
    "reboot": "same host: both disks keep their data; user data does not run again",
    "stop": "the instance gives up its host: instance store data is lost, the EBS volume keeps its data",
    "start": "a new host: the EBS volume reattaches with its data; a fresh, empty instance store",
    "terminate": "the root EBS volume is deleted (DeleteOnTermination) and the instance store is gone",
}


def _refusal(action: str, state: str | None) -> str:
    """Why ``action`` is not allowed in ``state``, as the EC2 lifecycle rule."""
    if action == "launch":
        return f"the instance is already launched ({state}); launch creates an instance once"
    if state is None:
        return f"cannot {action} before the instance is launched; begin with 'launch'"
    if state == "terminated":
        return f"cannot {action} a terminated instance; termination is permanent"
    needed = " or ".join(sorted(s for s in _ALLOWED[action] if s is not None))
    return f"cannot {action} an instance that is {state}; {action} needs an instance that is {needed}"


def simulate_lifecycle(actions, *, instance_type: str = "m5d.large", seed: int = 0):
    """Walk an instance through launch, writes, reboot, stop/start and terminate.

    Each row shows the instance state, the physical host it runs on (a stopped
    instance may start on another host, drawn with ``seed``), how many times user
    data has run, and the files on its EBS root volume and on its instance store
    (``<NA>`` when the type has none).

    >>> frame = simulate_lifecycle(["launch", "write", "stop", "start"], seed=1)
    >>> frame[["action", "ebs_root_files", "instance_store_files"]].values.tolist()
    [['launch', 0, 0], ['write', 1, 1], ['stop', 1, 0], ['start', 1, 0]]

    Raises:
        InstanceStateError: an action the current state does not allow, e.g.
            ``start`` while running or anything before ``launch``.
        InstanceTypeError: ``instance_type`` is not a valid name.
    """
    import numpy as np
    import pandas as pd

    kind = InstanceType.parse(instance_type)
    seed = require_seed(seed, error=InstanceStateError)
    if isinstance(actions, (str, bytes)) or not isinstance(actions, (list, tuple)):
        raise TypeError(
            f"actions must be a list of action names such as ['launch', 'stop', 'start'], not {type(actions).__name__}"
        )
    if not all(isinstance(a, str) for a in actions):
        raise TypeError("actions must be a list of action names such as ['launch', 'stop', 'start']")
    if len(actions) > _BOUNDS["lifecycle_actions_max"]:
        raise InstanceStateError(
            f"{len(actions):,} actions given; this library walks at most "
            f"{_BOUNDS['lifecycle_actions_max']:,} (a bound of the simulation, not of EC2)"
        )
    rng = np.random.default_rng(seed)
    state, host, runs, ebs_files, store_files = None, None, 0, 0, 0
    rows = []
    for step, action in enumerate(actions, start=1):
        if action not in _ALLOWED:
            raise InstanceStateError(
                f"step {step}: {reprlib.repr(action)} is not an action; use one of {', '.join(LIFECYCLE_ACTIONS)}"
            )
        if state not in _ALLOWED[action]:
            raise InstanceStateError(f"step {step}: {_refusal(action, state)}")
        if action in ("launch", "start"):
            host = f"host-{int(rng.integers(16**4)):04x}"
            state = "running"
            store_files = 0
            runs += action == "launch"
        elif action == "write":
            ebs_files += 1
            store_files += 1
        elif action == "stop":
            state, host, store_files = "stopped", None, 0
        elif action == "terminate":
            state, host, ebs_files, store_files = "terminated", None, 0, 0
        rows.append(
            (
                step,
                action,
                state,
                host or "-",
                runs,
                ebs_files,
                store_files if kind.has_instance_store else pd.NA,
                _NOTES[action],
            )
        )
    columns = ["step", "action", "state", "host", "user_data_runs", "ebs_root_files", "instance_store_files", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["instance_store_files"] = frame["instance_store_files"].astype("Int64")
    return frame
