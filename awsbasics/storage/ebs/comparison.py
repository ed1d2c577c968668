"""Every EBS volume type side by side at one size: :func:`compare_volumes` and its figure."""

from __future__ import annotations

from awsbasics._checks import require_int
from awsbasics._protocol import view
from awsbasics.errors import EbsLimitError
from awsbasics.storage.ebs.catalog import _NAMES, _PROVISIONED_IOPS_TYPES, VOLUME_TYPES
from awsbasics.storage.ebs.volume import Volume

__all__ = ["compare_volumes", "volumes_figure"]


def compare_volumes(size_gib: int, *, iops: int = 3000):
    """Every volume type at one size, side by side, with the rule that stops a type if one does.

    ``iops`` is provisioned on the types that take it (gp3, io1, io2); the others
    get what their size gives. A type that cannot be made at this size shows
    ``allowed=False`` and the rule in ``rule``.

    >>> table = compare_volumes(100)
    >>> table.set_index("volume_type").loc[["gp2", "gp3", "st1"], "allowed"].tolist()
    [True, True, False]
    """
    import pandas as pd

    size_gib = require_int(size_gib, "size_gib")
    iops = require_int(iops, "iops")
    rows = []
    for kind in VOLUME_TYPES:
        try:
            volume = Volume(kind, size_gib, iops=iops if kind in _PROVISIONED_IOPS_TYPES else None)
        except EbsLimitError as error:
            rows.append({"volume_type": kind, "name": _NAMES[kind], "allowed": False, "rule": str(error)})
            continue
        burst = volume.burst_seconds() if volume.credit_model.simulated else None
        rows.append(
            {
                "volume_type": kind,
                "name": volume.name,
                "allowed": True,
                "baseline_iops": volume.baseline_iops,
                "max_iops": volume.max_iops,
                "baseline_throughput_mibps": round(volume.baseline_throughput_mibps, 2),
                "max_throughput_mibps": round(volume.max_throughput_mibps, 2),
                "burst_seconds": burst,
                "credit_model": volume.credit_model.value,
                "monthly_cost_usd": volume.monthly_cost_usd,
                "rule": "",
            }
        )
    columns = [
        "volume_type",
        "name",
        "allowed",
        "baseline_iops",
        "max_iops",
        "baseline_throughput_mibps",
        "max_throughput_mibps",
        "burst_seconds",
        "credit_model",
        "monthly_cost_usd",
        "rule",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("baseline_iops", "max_iops"):
        frame[column] = frame[column].astype("Int64")
    frame.attrs["size_gib"] = size_gib
    return frame


def volumes_figure(size_gib: int, *, iops: int = 3000):
    """A plotly chart of :func:`compare_volumes`: baseline and maximum IOPS and throughput per type."""
    return view("ebs.volumes_figure")(compare_volumes(size_gib, iops=iops), size_gib=size_gib, iops=iops)
