"""CloudTrail and VPC Flow Logs: who called which API, and which packets a VPC accepted or rejected.

A VPC flow log record in the default format (version 2) is one line of 14
space-separated fields. :func:`read_flow_logs` parses them with pandas; the
shipped sample is read from ``awsbasics/data`` without any network:

    >>> logs = read_flow_logs()
    >>> len(logs), sorted(logs["action"].dropna().unique())
    (31, ['ACCEPT', 'REJECT'])
    >>> rejected_ports(logs).iloc[0].to_dict()
    {'dstport': 22, 'protocol_name': 'TCP', 'records': 4, 'sources': 2}

A REJECT means a security group or network ACL of chapter 03 dropped the
traffic: the record does not say which (check both; traffic must pass both).

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html,
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics.errors import FlowLogError

__all__ = [
    "read_flow_logs",
    "flow_log_summary",
    "top_talkers",
    "rejected_ports",
    "cloudtrail_retention",
    "FLOW_LOG_FIELDS",
    "MAX_RECORDS",
]

FLOW_LOG_FIELDS: tuple[str, ...] = tuple(data.value("ha", "flow_log_default_fields"))
_CLOUDTRAIL = data.fact("ha", "cloudtrail")
MAX_RECORDS = 100_000  # a model limit: records per read
_MAX_LINE = 300  # a version-2 record is under 200 characters
_NUMERIC = ("version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end")
_PROTOCOLS = {1: "ICMP", 6: "TCP", 17: "UDP"}


def _lines(records: Sequence[str] | str | None) -> list[str]:
    if records is None:
        return list(data.load("flow_logs_sample")["value"])
    if isinstance(records, str):
        if len(records) > MAX_RECORDS * _MAX_LINE:
            raise FlowLogError(
                f"{len(records):,} characters: at most {MAX_RECORDS:,} records of {_MAX_LINE} characters"
            )
        records = records.splitlines()
    if not isinstance(records, Sequence):
        raise TypeError(f"records must be text or a sequence of lines, not {type(records).__name__}")
    if len(records) > MAX_RECORDS:
        raise FlowLogError(f"{len(records):,} records: this model reads at most {MAX_RECORDS:,} at a time")
    out = []
    for i, line in enumerate(records):
        if not isinstance(line, str):
            raise TypeError(f"record {i} must be str, not {type(line).__name__}")
        if len(line) > _MAX_LINE:
            raise FlowLogError(f"record {i} has {len(line)} characters; a version-2 record is far shorter")
        if line.strip():
            out.append(line.strip())
    return out


def read_flow_logs(records: Sequence[str] | str | None = None):
    """Flow log records in the default version-2 format as a pandas DataFrame.

    ``records`` is the log text or a list of lines; ``None`` reads the shipped
    sample. Numeric fields become nullable integers (``-`` becomes missing), and
    a ``protocol_name`` column names TCP, UDP and ICMP.

    Raises:
        FlowLogError: a line without 14 fields, a version other than 2, or a bad number or action.
    """
    lines = _lines(records)  # sizes first: nothing heavy is imported or allocated before they pass
    for i, line in enumerate(lines):
        fields = line.split()
        if len(fields) != len(FLOW_LOG_FIELDS):
            raise FlowLogError(
                f"record {i} has {len(fields)} fields; the default format has {len(FLOW_LOG_FIELDS)}: "
                + " ".join(FLOW_LOG_FIELDS)
            )
        if fields[0] != "2":
            raise FlowLogError(f"record {i} is version {fields[0][:10]!r}; the default format is version 2")
        for name, value in zip(FLOW_LOG_FIELDS, fields):
            if name in _NUMERIC and value != "-" and not (value.isascii() and value.isdigit() and len(value) <= 20):
                raise FlowLogError(f"record {i}: {name} {value[:20]!r} is not a whole number or '-'")
        if fields[12] not in ("ACCEPT", "REJECT", "-") or fields[13] not in ("OK", "NODATA", "SKIPDATA"):
            raise FlowLogError(
                f"record {i}: action is ACCEPT, REJECT or '-', log-status OK, NODATA or SKIPDATA "
                f"(got {fields[12][:10]!r}, {fields[13][:10]!r})"
            )
    import pandas as pd

    frame = pd.read_csv(
        io.StringIO("\n".join(lines)),
        sep=" ",
        header=None,
        names=list(FLOW_LOG_FIELDS),
        na_values=["-"],
        keep_default_na=False,
        dtype=str,
    )
    for name in _NUMERIC:
        frame[name] = pd.to_numeric(frame[name]).astype("Int64")
    frame["protocol_name"] = frame["protocol"].map(
        lambda p: _PROTOCOLS.get(int(p), str(int(p))) if pd.notna(p) else pd.NA
    )
    return frame


def _check_frame(frame) -> None:
    missing = [c for c in FLOW_LOG_FIELDS if c not in getattr(frame, "columns", ())]
    if missing:
        raise TypeError(f"expected a DataFrame from read_flow_logs(); missing columns {missing}")


def flow_log_summary(frame):
    """Records, packets and bytes per action (ACCEPT/REJECT); NODATA records are left out."""
    _check_frame(frame)
    rows = frame[frame["log-status"] == "OK"]
    return (
        rows.groupby("action")
        .agg(records=("action", "size"), packets=("packets", "sum"), bytes=("bytes", "sum"))
        .reset_index()
    )


def top_talkers(frame, *, n: int = 5):
    """The source addresses that sent the most bytes (accepted and rejected)."""
    _check_frame(frame)
    n = require_int(n, "n")
    if not 1 <= n <= 1000:
        raise FlowLogError(f"n={n}: between 1 and 1000")
    rows = frame[frame["log-status"] == "OK"]
    out = (
        rows.groupby("srcaddr")
        .agg(bytes=("bytes", "sum"), records=("srcaddr", "size"))
        .sort_values(["bytes", "srcaddr"], ascending=[False, True])
        .head(n)
        .reset_index()
    )
    out["bytes"] = out["bytes"].astype(int)
    return out


def rejected_ports(frame):
    """Destination ports of REJECTed traffic: how many records and distinct sources each."""
    _check_frame(frame)
    rows = frame[frame["action"] == "REJECT"]
    out = (
        rows.groupby(["dstport", "protocol_name"])
        .agg(records=("dstport", "size"), sources=("srcaddr", "nunique"))
        .reset_index()
        .sort_values(["records", "dstport"], ascending=[False, True])
        .reset_index(drop=True)
    )
    out["dstport"] = out["dstport"].astype(int)
    return out


def cloudtrail_retention() -> dict[str, object]:
    """What CloudTrail keeps without setup (Event history) against what needs a trail.

    >>> cloudtrail_retention()["event_history_days"]
    90
    """
    return {
        "event_history_days": _CLOUDTRAIL["days"],
        "event_history": "management events of the last 90 days in each Region, on by default, no charge",
        "trail": "delivers events to an S3 bucket you choose (and optionally CloudWatch Logs) for as long as you keep them; "
        "data events only when selected",
        "source": _CLOUDTRAIL["source"],
    }
