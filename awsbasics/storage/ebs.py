"""EBS: block volumes, their size/IOPS/throughput limits, gp2 burst credits, and AZ binding.

A :class:`Volume` is checked against every documented limit of its type when it
is made, and derives what it can deliver::

    >>> v = Volume("gp2", 100)
    >>> v.baseline_iops, v.max_iops, v.burst_seconds()
    (300, 3000, 2000.0)
    >>> Volume("gp3", 500).baseline_iops, Volume("gp3", 500).baseline_throughput_mibps
    (3000, 125.0)
    >>> Volume("io1", 100, iops=5001)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    awsbasics.errors.EbsLimitError: io1 allows at most 50 IOPS per GiB: ... the most is 5,000 IOPS ...

:func:`simulate_credits` runs a gp2 volume's I/O-credit bucket second by second,
:func:`burst_outcome` says what a volume delivers under a steady demand,
and :class:`EbsModel` attaches volumes to instances under the Availability Zone
and Multi-Attach rules, with snapshots to move data between AZs.

Limits come from ``awsbasics/data/ebs.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from numbers import Real

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import AttachmentError, CapacityError, EbsLimitError

__all__ = [
    "Volume",
    "CreditModel",
    "AttachmentError",
    "VOLUME_TYPES",
    "SIZE_RANGE_GIB",
    "MAX_PROVISIONED_IOPS",
    "MAX_PROVISIONED_THROUGHPUT_MIBPS",
    "simulate_credits",
    "burst_outcome",
    "BurstOutcome",
    "compare_volumes",
    "volumes_figure",
    "credits_figure",
    "EbsModel",
    "Instance",
    "Snapshot",
    "GP2_INITIAL_CREDITS",
    "MULTI_ATTACH_MAX_INSTANCES",
    "DEFAULT_VOLUME_TYPE_CONSOLE",
    "DEFAULT_VOLUME_TYPE_API",
    "DEFAULT_VOLUME_TYPE_CLOUDFORMATION",
]


VOLUME_TYPES: tuple[str, ...] = tuple(data.value("ebs", "volume_types"))
_LIMITS: dict[str, dict] = {name: data.value("ebs", name) for name in VOLUME_TYPES}
# "The default" volume type depends on who creates the volume: the console picks gp3, while a
# CreateVolume call or a CloudFormation AWS::EC2::Volume without VolumeType gets gp2.
_DEFAULT_TYPE = data.value("ebs", "default_volume_type")
DEFAULT_VOLUME_TYPE_CONSOLE: str = _DEFAULT_TYPE["console"]
DEFAULT_VOLUME_TYPE_API: str = _DEFAULT_TYPE["api"]
DEFAULT_VOLUME_TYPE_CLOUDFORMATION: str = _DEFAULT_TYPE["cloudformation"]
_GP2, _GP3, _IO1, _IO2 = (_LIMITS[t] for t in ("gp2", "gp3", "io1", "io2"))
GP2_INITIAL_CREDITS: int = _GP2["initial_credits"]
GP2_CREDIT_BUCKET: int = _GP2["credit_bucket_size"]
_MULTI_ATTACH = data.value("ebs", "multi_attach")
MULTI_ATTACH_TYPES: tuple[str, ...] = tuple(_MULTI_ATTACH["volume_types"])
MULTI_ATTACH_MAX_INSTANCES: int = _MULTI_ATTACH["max_instances"]
_PROVISIONED_IOPS_TYPES = ("gp3", "io1", "io2")
SIZE_RANGE_GIB: tuple[int, int] = (
    min(limits["min_size_gib"] for limits in _LIMITS.values()),
    max(limits["max_size_gib"] for limits in _LIMITS.values()),
)
"""The smallest and largest volume of any type, in GiB."""
MAX_PROVISIONED_IOPS: int = max(_LIMITS[t]["max_iops"] for t in _PROVISIONED_IOPS_TYPES)
"""The most IOPS any type lets you provision (io2 Block Express)."""
MAX_PROVISIONED_THROUGHPUT_MIBPS: int = _GP3["max_throughput_mibps"]
"""The most throughput you can provision; only gp3 takes a throughput setting."""
_PRICE_REGION: str = data.fact("ebs", "prices")["region"]
_NAMES = {
    "gp3": "General Purpose SSD",
    "gp2": "General Purpose SSD",
    "io2": "Provisioned IOPS SSD (Block Express)",
    "io1": "Provisioned IOPS SSD",
    "st1": "Throughput Optimized HDD",
    "sc1": "Cold HDD",
    "standard": "Magnetic (previous generation)",
}


class CreditModel(StrEnum):
    """How a volume type performs above its baseline, named as in the EBS volume type pages."""

    IO_CREDITS = "I/O credits"  # gp2: I/O credits and burst performance
    THROUGHPUT_CREDITS = "throughput credits"  # st1, sc1: throughput credits and burst performance
    NONE = "none"  # gp3, io1, io2: the provisioned performance, all the time
    BEST_EFFORT = "best effort"  # standard (magnetic): no guarantee

    @property
    def simulated(self) -> bool:
        """Whether :func:`simulate_credits` and :meth:`Volume.burst_seconds` model it.

        >>> CreditModel.IO_CREDITS.simulated, CreditModel.THROUGHPUT_CREDITS.simulated
        (True, False)
        """
        return self in (CreditModel.IO_CREDITS, CreditModel.NONE)


_CREDIT_MODELS = {
    "gp2": CreditModel.IO_CREDITS,
    "gp3": CreditModel.NONE,
    "io1": CreditModel.NONE,
    "io2": CreditModel.NONE,
    "st1": CreditModel.THROUGHPUT_CREDITS,
    "sc1": CreditModel.THROUGHPUT_CREDITS,
    "standard": CreditModel.BEST_EFFORT,
}
# Units, not AWS facts.
KIB_PER_MIB = 1024
GIB_PER_TIB = 1024


def _n(value: float) -> str:
    """A number as AWS writes it: thousands separators, no trailing .0 (a huge int is shortened)."""
    if isinstance(value, int) and abs(value) >= 10**18:
        return f"(an int of {len(str(abs(value))):,} digits)" if abs(value) < 10**4000 else \
            f"(an int of {value.bit_length():,} bits)"
    try:
        number = float(value)
    except OverflowError:
        return f"({type(value).__name__} too large for a float)"
    if not math.isfinite(number):
        return str(number)
    return f"{value:,.0f}" if number.is_integer() else f"{value:,.2f}"


def _duration(seconds: float) -> str:
    """Seconds, with minutes or hours beside them once they are long."""
    if math.isinf(seconds):
        return "unlimited"
    if seconds < 120:
        return f"{_n(seconds)} s"
    minutes = seconds / 60
    return f"{_n(seconds)} s ({minutes:,.1f} min)" if minutes < 120 else f"{_n(seconds)} s ({minutes / 60:,.1f} h)"


@cache
def _prices() -> dict[str, dict]:
    table = data.fact("ebs", "prices")
    return {row[0]: dict(zip(table["columns"], row)) for row in table["rows"]}


@dataclass(frozen=True, slots=True)
class Volume(Rendered):
    """An EBS volume: ``Volume("gp3", 100, iops=6000, throughput_mibps=250)``.

    Args:
        volume_type: ``gp3``, ``gp2``, ``io2``, ``io1``, ``st1``, ``sc1`` or ``standard``.
        size_gib: Size in GiB (whole GiB).
        iops: Provisioned IOPS: required for io1/io2, optional for gp3 (default
            3,000), refused for types whose IOPS follow from their size.
        throughput_mibps: Provisioned throughput, gp3 only (default 125 MiB/s).
        availability_zone: The AZ the volume lives in, e.g. ``"ap-northeast-2a"``.
        multi_attach: Enable Multi-Attach (io1 and io2 only).

    Raises:
        EbsLimitError: a size, IOPS, throughput or ratio outside the type's
            documented limits, or an option the type does not take; the message
            names the value, the rule and the limit.
        AvailabilityZoneError: ``availability_zone`` is not a real AZ.
        TypeError: a value of the wrong Python type.
    """

    volume_type: str
    size_gib: int
    iops: int | None = None
    throughput_mibps: int | None = None
    availability_zone: str | None = None
    multi_attach: bool = False

    def __post_init__(self):
        if not isinstance(self.volume_type, str):
            raise TypeError(f"volume_type must be str, not {type(self.volume_type).__name__}")
        if self.volume_type not in VOLUME_TYPES:
            close = difflib.get_close_matches(self.volume_type, VOLUME_TYPES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise EbsLimitError(
                f"{self.volume_type!r} is not an EBS volume type{hint} "
                f"(types: {', '.join(VOLUME_TYPES)})"
            )
        require_int(self.size_gib, "size_gib")
        if self.iops is not None:
            require_int(self.iops, "iops")
        if self.throughput_mibps is not None:
            require_int(self.throughput_mibps, "throughput_mibps")
        if not isinstance(self.multi_attach, bool):
            raise TypeError(f"multi_attach must be bool, not {type(self.multi_attach).__name__}")
        self._check_size()
        self._check_iops()
        self._check_throughput()
        if self.multi_attach and self.volume_type not in MULTI_ATTACH_TYPES:
            raise EbsLimitError(
                f"{self.volume_type} volumes cannot use Multi-Attach: only "
                f"{' and '.join(MULTI_ATTACH_TYPES)} (Provisioned IOPS SSD) volumes can attach to "
                "several instances at once"
            )
        if self.availability_zone is not None:
            from awsbasics.infra import AvailabilityZone

            AvailabilityZone.parse(self.availability_zone)

    # --- validation -----------------------------------------------------------------------

    @property
    def _limits(self) -> dict:
        return _LIMITS[self.volume_type]

    def _check_size(self) -> None:
        low, high = self._limits["min_size_gib"], self._limits["max_size_gib"]
        if not low <= self.size_gib <= high:
            raise EbsLimitError(
                f"{self.volume_type} volumes are {_n(low)} to {_n(high)} GiB ({_tib(high)}); "
                f"size_gib={_n(self.size_gib)} is {'too small' if self.size_gib < low else 'too large'}"
            )

    def _check_iops(self) -> None:
        kind, limits = self.volume_type, self._limits
        if kind not in _PROVISIONED_IOPS_TYPES:
            if self.iops is not None:
                why = (
                    f"their IOPS follow from their size ({_n(_GP2['iops_per_gib'])} IOPS per GiB, "
                    f"at least {_n(_GP2['min_iops'])})"
                    if kind == "gp2"
                    else "their performance follows from their size"
                )
                raise EbsLimitError(f"{kind} volumes take no iops (got iops={_n(self.iops)}): {why}")
            return
        if self.iops is None:
            if kind in ("io1", "io2"):
                raise EbsLimitError(
                    f"{kind} volumes need iops=...: a Provisioned IOPS SSD volume is created with the IOPS "
                    f"you provision, {_n(limits['min_iops'])} to {_n(limits['max_iops'])} and at most "
                    f"{_n(limits['max_iops_per_gib'])} per GiB"
                )
            return
        low, high = limits["min_iops"], limits["max_iops"]
        if not low <= self.iops <= high:
            raise EbsLimitError(
                f"{kind} volumes take {_n(low)} to {_n(high)} IOPS; iops={_n(self.iops)} is "
                f"{'below' if self.iops < low else 'above'} that"
            )
        most = self.iops_range[1]
        if self.iops > most:
            ratio = limits["max_iops_per_gib"]
            raise EbsLimitError(
                f"{kind} allows at most {_n(ratio)} IOPS per GiB: {_n(self.iops)} IOPS on {_n(self.size_gib)} GiB "
                f"would be {_n(self.iops / self.size_gib)} per GiB; at {_n(self.size_gib)} GiB the most is "
                f"{_n(most)} IOPS (or make the volume at least {_n(math.ceil(self.iops / ratio))} GiB)"
            )

    def _check_throughput(self) -> None:
        if self.throughput_mibps is None:
            return
        if self.volume_type != "gp3":
            why = (
                "their throughput follows from their provisioned IOPS"
                if self.volume_type in ("io1", "io2")
                else "their throughput follows from their size"
            )
            raise EbsLimitError(
                f"{self.volume_type} volumes take no throughput_mibps (got {_n(self.throughput_mibps)}): {why}; "
                "only gp3 has provisioned throughput"
            )
        low, high = _GP3["min_throughput_mibps"], _GP3["max_throughput_mibps"]
        if not low <= self.throughput_mibps <= high:
            raise EbsLimitError(
                f"gp3 volumes take {_n(low)} to {_n(high)} MiB/s; throughput_mibps={_n(self.throughput_mibps)} is "
                f"{'below' if self.throughput_mibps < low else 'above'} that"
            )
        ratio, iops = _GP3["max_throughput_mibps_per_iops"], self.provisioned_iops
        if self.throughput_mibps > self.throughput_range_mibps[1]:
            raise EbsLimitError(
                f"gp3 allows at most {ratio} MiB/s per provisioned IOPS: {_n(self.throughput_mibps)} MiB/s with "
                f"{_n(iops)} IOPS would be {self.throughput_mibps / iops:.4g} MiB/s per IOPS; with {_n(iops)} IOPS "
                f"the most is {_n(self.throughput_range_mibps[1])} MiB/s "
                f"(or provision at least {_n(math.ceil(self.throughput_mibps / ratio))} IOPS)"
            )

    # --- what the type allows at this size ------------------------------------------------

    @property
    def size_range_gib(self) -> tuple[int, int]:
        """The smallest and largest size of this type, in GiB."""
        return self._limits["min_size_gib"], self._limits["max_size_gib"]

    @property
    def iops_range(self) -> tuple[int, int] | None:
        """The IOPS you may provision at this size (gp3, io1, io2), or None for size-driven types."""
        if self.volume_type not in _PROVISIONED_IOPS_TYPES:
            return None
        limits = self._limits
        by_ratio = limits["max_iops_per_gib"] * self.size_gib
        # gp3's included 3,000 IOPS hold at any size; the ratio limits only what is provisioned above them.
        if self.volume_type == "gp3":
            by_ratio = max(limits["min_iops"], by_ratio)
        return limits["min_iops"], min(limits["max_iops"], by_ratio)

    @property
    def throughput_range_mibps(self) -> tuple[int, float] | None:
        """The throughput gp3 may provision with its IOPS, or None for other types."""
        if self.volume_type != "gp3":
            return None
        most = min(float(_GP3["max_throughput_mibps"]), _GP3["max_throughput_mibps_per_iops"] * self.provisioned_iops)
        return _GP3["min_throughput_mibps"], most

    @property
    def supports_multi_attach(self) -> bool:
        return self.volume_type in MULTI_ATTACH_TYPES

    # --- what the volume delivers ---------------------------------------------------------

    @property
    def name(self) -> str:
        """The type's name in the AWS documentation, e.g. ``"General Purpose SSD"``."""
        return _NAMES[self.volume_type]

    @property
    def media(self) -> str:
        return "SSD" if self.volume_type in ("gp2", "gp3", "io1", "io2") else "HDD"

    @property
    def credit_model(self) -> CreditModel:
        """How the type bursts: ``IO_CREDITS`` (gp2), ``THROUGHPUT_CREDITS`` (st1, sc1), ``NONE`` ...

        >>> Volume("gp2", 100).credit_model
        <CreditModel.IO_CREDITS: 'I/O credits'>
        """
        return _CREDIT_MODELS[self.volume_type]

    @property
    def burst_iops(self) -> int | None:
        """The IOPS a gp2 volume bursts to on I/O credits; None for types without an I/O credit bucket.

        >>> Volume("gp2", 100).burst_iops, Volume("gp3", 100).burst_iops
        (3000, None)
        """
        return _GP2["burst_iops"] if self.credit_model is CreditModel.IO_CREDITS else None

    @property
    def credit_bucket_size(self) -> int | None:
        """The most I/O credits a gp2 volume holds (its bucket starts full); None for other types.

        >>> Volume("gp2", 100).credit_bucket_size
        5400000
        """
        return GP2_CREDIT_BUCKET if self.credit_model is CreditModel.IO_CREDITS else None

    @property
    def provisioned_iops(self) -> int | None:
        """The IOPS you provision (gp3 defaults to its included 3,000); None for size-driven types."""
        if self.volume_type == "gp3":
            return self.iops if self.iops is not None else _GP3["default_iops"]
        return self.iops

    @property
    def provisioned_throughput_mibps(self) -> int | None:
        """gp3's provisioned throughput (default 125 MiB/s); None for other types."""
        if self.volume_type != "gp3":
            return None
        return self.throughput_mibps if self.throughput_mibps is not None else _GP3["default_throughput_mibps"]

    @property
    def _size_tib(self) -> float:
        return self.size_gib / GIB_PER_TIB

    @property
    def baseline_iops(self) -> int:
        """IOPS the volume sustains indefinitely (for st1/sc1: 1 MiB I/Os at baseline throughput)."""
        kind = self.volume_type
        if kind == "gp2":
            return min(max(_GP2["iops_per_gib"] * self.size_gib, _GP2["min_iops"]), _GP2["max_iops"])
        if kind in _PROVISIONED_IOPS_TYPES:
            return self.provisioned_iops
        if kind == "standard":
            return self._limits["average_iops"]
        return int(self.baseline_throughput_mibps * KIB_PER_MIB // self._limits["io_size_kib"])

    @property
    def max_iops(self) -> int:
        """The most IOPS this volume can deliver: gp2's burst below 1,000 GiB, else its baseline."""
        kind = self.volume_type
        if kind == "gp2":
            return max(self.baseline_iops, _GP2["burst_iops"])
        if kind in _PROVISIONED_IOPS_TYPES:
            return self.provisioned_iops
        if kind == "standard":
            return self._limits["max_iops"]
        by_throughput = int(self.max_throughput_mibps * KIB_PER_MIB // self._limits["io_size_kib"])
        return min(by_throughput, self._limits["max_iops"])

    @property
    def baseline_throughput_mibps(self) -> float:
        """MiB/s the volume sustains indefinitely."""
        kind, limits = self.volume_type, self._limits
        if kind == "gp2":
            return min(self._gp2_throughput_cap, self.baseline_iops * limits["max_io_size_kib"] / KIB_PER_MIB)
        if kind == "gp3":
            return float(self.provisioned_throughput_mibps)
        if kind == "io1":
            return _io1_throughput(self.iops)
        if kind == "io2":
            return min(float(limits["max_throughput_mibps"]), limits["throughput_mibps_per_iops"] * self.iops)
        if kind == "standard":
            return float(limits["min_throughput_mibps"])
        return min(float(limits["max_throughput_mibps"]), limits["baseline_mibps_per_tib"] * self._size_tib)

    @property
    def max_throughput_mibps(self) -> float:
        """The most MiB/s this volume can deliver (while burst credits last, for gp2, st1 and sc1)."""
        kind, limits = self.volume_type, self._limits
        if kind == "gp2":
            return min(self._gp2_throughput_cap, self.max_iops * limits["max_io_size_kib"] / KIB_PER_MIB)
        if kind in ("st1", "sc1"):
            return min(float(limits["max_throughput_mibps"]), limits["burst_mibps_per_tib"] * self._size_tib)
        if kind == "standard":
            return float(limits["max_throughput_mibps"])
        return self.baseline_throughput_mibps

    @property
    def _gp2_throughput_cap(self) -> float:
        small = self.size_gib <= _GP2["small_volume_size_gib"]
        return float(_GP2["small_volume_max_throughput_mibps"] if small else _GP2["max_throughput_mibps"])

    def burst_seconds(self, demand_iops: float | None = None) -> float:
        """Seconds a gp2 volume can run at ``demand_iops`` (default: its burst) from a full credit bucket.

        Credits drain at the demand above baseline: 5.4 million / (demand - baseline).
        ``math.inf`` when the volume never runs short: the demand is at or below its
        baseline, or (gp3, io1, io2) it has no bucket and delivers its maximum all the time.

        >>> Volume("gp2", 100).burst_seconds(), Volume("gp2", 100).burst_seconds(1300)
        (2000.0, 5400.0)
        >>> Volume("gp2", 1000).burst_seconds()
        inf

        Raises:
            EbsLimitError: for st1, sc1 and standard, whose burst model (throughput
                credits, magnetic best effort) this library does not simulate.
            CapacityError: a negative demand, or one that is not a finite number (nan, inf, 10**400).
        """
        self._require_credit_model("burst_seconds")
        if demand_iops is None:
            demand = float(self.max_iops)
        else:
            demand = _demand_value(demand_iops)
        if self.volume_type != "gp2":
            return math.inf
        spent_per_second = min(demand, self.max_iops) - self.baseline_iops
        return math.inf if spent_per_second <= 0 else GP2_CREDIT_BUCKET / spent_per_second

    def _require_credit_model(self, what: str) -> None:
        if not self.credit_model.simulated:
            raise EbsLimitError(
                f"{what} models gp2's I/O credits and the fixed-performance SSD types (gp3, io1, io2); "
                f"{self.volume_type} volumes burst on {self.credit_model}, which this library does not simulate"
            )

    @property
    def monthly_cost_usd(self) -> float:
        """A us-east-1 list-price estimate per month: storage plus provisioned IOPS and throughput."""
        price = _prices()[self.volume_type]
        cost = self.size_gib * price["price_usd_per_gb_month"]
        if self.volume_type == "io2":
            cost += _tiered_iops_cost(self.iops)
        elif self.provisioned_iops is not None:
            cost += max(0, self.provisioned_iops - price["included_iops"]) * price["price_usd_per_iops_month"]
        if self.provisioned_throughput_mibps is not None:
            extra = max(0, self.provisioned_throughput_mibps - price["included_throughput_mibps"])
            cost += extra * price["price_usd_per_mibps_month"]
        return round(cost, 2)

    def modify(self, *, volume_type: str | None = None, size_gib: int | None = None,
               iops: int | None = None, throughput_mibps: int | None = None) -> "Volume":
        """Elastic Volumes: the same volume with a new type, size, IOPS or throughput.

        Unnamed settings are kept, except ``iops``/``throughput_mibps`` when the type
        changes (the new type's rules decide them).

        Raises:
            EbsLimitError: the new size is smaller (volumes only grow) or breaks a limit.
        """
        new_type = self.volume_type if volume_type is None else volume_type
        new_size = self.size_gib if size_gib is None else size_gib
        require_int(new_size, "size_gib")
        if new_size < self.size_gib:
            raise EbsLimitError(
                f"size_gib={_n(new_size)} is smaller than the volume's {_n(self.size_gib)} GiB: an EBS volume "
                "can grow but never shrink; copy the data to a new, smaller volume instead"
            )
        keep = new_type == self.volume_type
        return Volume(
            new_type,
            new_size,
            iops=self.iops if iops is None and keep else iops,
            throughput_mibps=self.throughput_mibps if throughput_mibps is None and keep else throughput_mibps,
            availability_zone=self.availability_zone,
            multi_attach=self.multi_attach if new_type in MULTI_ATTACH_TYPES else False,
        )

    # --- display --------------------------------------------------------------------------

    _view_ = "ebs.volume_view"

    def facts(self) -> list[tuple[str, str]]:
        """(property, value) rows: limits, baseline and burst, burst time, cost."""
        low, high = self.size_range_gib
        rows = [
            ("volume type", f"{self.volume_type}: {self.name} ({self.media})"),
            ("size", f"{_n(self.size_gib)} GiB (this type: {_n(low)} to {_n(high)} GiB)"),
        ]
        if self.iops_range is not None:
            given = "" if self.iops is not None else " (default)"
            rows.append(("provisioned IOPS", f"{_n(self.provisioned_iops)}{given}; allowed at this size: "
                         f"{_n(self.iops_range[0])} to {_n(self.iops_range[1])}"))
        if self.throughput_range_mibps is not None:
            given = "" if self.throughput_mibps is not None else " (default)"
            low_mibps, high_mibps = self.throughput_range_mibps
            rows.append(("provisioned throughput", f"{_n(self.provisioned_throughput_mibps)} MiB/s{given}; allowed "
                         f"with these IOPS: {_n(low_mibps)} to {_n(high_mibps)} MiB/s"))
        rows += [
            ("baseline IOPS", _n(self.baseline_iops)),
            ("maximum IOPS", _n(self.max_iops)),
            ("baseline throughput", f"{_n(self.baseline_throughput_mibps)} MiB/s"),
            ("maximum throughput", f"{_n(self.max_throughput_mibps)} MiB/s"),
            ("burst", self._burst_text()),
            ("Multi-Attach", "supported" if self.supports_multi_attach else "not supported"),
        ]
        if self.availability_zone is not None:
            rows.append(("Availability Zone", self.availability_zone))
        rows.append(("estimated cost",
                     f"${self.monthly_cost_usd:,.2f} per month ({_PRICE_REGION} list price, a teaching estimate)"))
        return rows

    def _burst_text(self) -> str:
        model = self.credit_model
        if model is CreditModel.IO_CREDITS:
            if self.max_iops <= self.baseline_iops:
                return f"none needed: the baseline is already at or above the {_n(self.burst_iops)} IOPS burst"
            return (
                f"{_n(self.max_iops)} IOPS for {_duration(self.burst_seconds())} from a full bucket "
                f"of {self.credit_bucket_size / 1e6:g} million I/O credits"
            )
        if model is CreditModel.NONE:
            return "no burst bucket: it delivers its provisioned performance all the time"
        if model is CreditModel.THROUGHPUT_CREDITS:
            return f"to {_n(self.max_throughput_mibps)} MiB/s on throughput credits (not simulated here)"
        return f"best effort: about {_n(self.baseline_iops)} IOPS on average, bursts of a few hundred"

    @property
    def performance(self) -> str:
        """One line: type, size, baseline and maximum performance.

        >>> Volume("gp2", 100).performance
        'gp2 100 GiB: 300 IOPS baseline, bursts to 3,000 IOPS, 75 to 128 MiB/s'
        """
        burst = f", bursts to {_n(self.max_iops)} IOPS" if self.max_iops > self.baseline_iops else ""
        mibps = _n(self.baseline_throughput_mibps)
        if self.max_throughput_mibps > self.baseline_throughput_mibps:
            mibps += f" to {_n(self.max_throughput_mibps)}"
        return f"{self.volume_type} {_n(self.size_gib)} GiB: {_n(self.baseline_iops)} IOPS baseline{burst}, {mibps} MiB/s"

    def text(self) -> str:
        """The :attr:`performance` line, then the :meth:`facts` table."""
        return f"{self.performance}\n{text_table(['property', 'value'], self.facts())}"

    def __repr__(self) -> str:
        options = "".join(
            f", {name}={value!r}"
            for name, value in (
                ("iops", self.iops),
                ("throughput_mibps", self.throughput_mibps),
                ("availability_zone", self.availability_zone),
                ("multi_attach", self.multi_attach or None),
            )
            if value is not None
        )
        return f"Volume({self.volume_type!r}, {self.size_gib}{options})"


def _tiered_iops_cost(iops: int) -> float:
    """io2's monthly IOPS charge: each tier's price applies to the IOPS that fall in it."""
    cost, floor = 0.0, 0
    for ceiling, price in data.fact("ebs", "prices")["io2_iops_tiers"]["rows"]:
        top = iops if ceiling is None else min(iops, ceiling)
        cost += max(0, top - floor) * price
        if ceiling is None or iops <= ceiling:
            break
        floor = ceiling
    return cost


def _tib(gib: int) -> str:
    return f"{gib / GIB_PER_TIB:g} TiB" if gib >= GIB_PER_TIB else f"{gib} GiB"


def _io1_throughput(iops: int) -> float:
    """io1: up to 256 KiB per I/O (500 MiB/s cap) to 32,000 IOPS, then 16 KiB per provisioned IOPS."""
    if iops <= _IO1["large_io_iops_limit"]:
        return min(float(_IO1["large_io_max_throughput_mibps"]), iops * _IO1["large_io_size_kib"] / KIB_PER_MIB)
    return min(float(_IO1["max_throughput_mibps"]), iops * _IO1["small_io_size_kib"] / KIB_PER_MIB)


def _as_float(value: Real) -> float:
    """``float(value)``, or an infinity of its sign for a number too large for a float (10**400)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _shown(value: object) -> str:
    """The value for a message; an int too long to print in full is named by its size."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"(an int of {value.bit_length():,} bits)"
    return str(value)


def _demand_value(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"demand_iops must be a number, not {type(value).__name__}")
    demand = _as_float(value)
    if not math.isfinite(demand) or demand < 0:
        raise CapacityError(f"demand_iops={_shown(value)}: a demand is a finite number of IOPS, 0 or more")
    return demand


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
    if isinstance(seconds_per_step, bool) or not isinstance(seconds_per_step, Real):
        raise TypeError(f"seconds_per_step must be a number, not {type(seconds_per_step).__name__}")
    dt = _as_float(seconds_per_step)
    if not (math.isfinite(dt) and dt > 0):
        raise CapacityError(f"seconds_per_step={_shown(seconds_per_step)}: a step must last a finite time above 0 seconds")
    delivered = np.empty_like(demand)
    credits = np.full_like(demand, np.nan)
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
            return (f"delivers {_n(served)} IOPS the whole time; a full bucket would last {seconds:,.0f} s "
                    f"({minutes:,.1f} min).")
        return (f"delivers {_n(served)} IOPS for {seconds:,.0f} s ({minutes:,.1f} min), then the bucket is empty "
                f"and it drops to its {_n(volume.baseline_iops)} IOPS baseline.")

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
    require_int(minutes, "minutes")
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

    require_int(size_gib, "size_gib")
    require_int(iops, "iops")
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
        "volume_type", "name", "allowed", "baseline_iops", "max_iops", "baseline_throughput_mibps",
        "max_throughput_mibps", "burst_seconds", "credit_model", "monthly_cost_usd", "rule",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("baseline_iops", "max_iops"):
        frame[column] = frame[column].astype("Int64")
    frame.attrs["size_gib"] = size_gib
    return frame


def volumes_figure(size_gib: int, *, iops: int = 3000):
    """A plotly chart of :func:`compare_volumes`: baseline and maximum IOPS and throughput per type."""
    return view("ebs.volumes_figure")(compare_volumes(size_gib, iops=iops), size_gib=size_gib, iops=iops)


# --- placement: AZ binding, Multi-Attach, snapshots ----------------------------------------


@dataclass(frozen=True, slots=True)
class Instance:
    """An EC2 instance as EBS sees it: a name, an AZ and whether it is built on Nitro."""

    name: str
    availability_zone: str
    nitro: bool = True

    @property
    def hypervisor(self) -> str:
        """``"Nitro"``, or ``"Xen"`` for the older instance types built before the Nitro System."""
        return "Nitro" if self.nitro else "Xen"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A point-in-time copy of a volume, kept by EBS in S3 and usable anywhere in its Region."""

    name: str
    source_volume: str
    size_gib: int
    region: str

    @property
    def storage_note(self) -> str:
        """Where the snapshot's data lives: EBS keeps it in S3, not in any of your buckets."""
        return "kept by EBS in S3"


@dataclass
class EbsModel(Rendered):
    """Volumes, instances, attachments and snapshots, checked against the EBS placement rules.

    Every change validates first and changes nothing when it raises.

    >>> model = EbsModel()
    >>> model.add_instance("web-a", "ap-northeast-2a")
    >>> model.add_volume("data", Volume("gp3", 100, availability_zone="ap-northeast-2a"))
    >>> model.attach("data", "web-a")
    >>> model.attachments
    {'data': ('web-a',)}
    """

    instances: dict[str, Instance] = field(default_factory=dict)
    volumes: dict[str, Volume] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    restored_from: dict[str, str] = field(default_factory=dict)
    _attached: dict[str, list[str]] = field(default_factory=dict, repr=False)

    _view_ = "ebs.model_view"

    @property
    def region_by_zone(self) -> dict[str, str]:
        """Each Availability Zone of the model's instances and volumes -> its Region code."""
        from awsbasics.infra import AvailabilityZone

        zones = [i.availability_zone for i in self.instances.values()]
        zones += [v.availability_zone for v in self.volumes.values()]
        return {zone: AvailabilityZone.parse(zone).region_code for zone in sorted(set(zones))}

    @property
    def attachments(self) -> dict[str, tuple[str, ...]]:
        """Volume name -> the instances it is attached to."""
        return {name: tuple(hosts) for name, hosts in self._attached.items() if hosts}

    def _new_name(self, name: str, what: str) -> str:
        if not isinstance(name, str) or not name:
            raise TypeError(f"a {what} name must be a non-empty str")
        if name in self.instances or name in self.volumes or name in self.snapshots:
            raise AttachmentError(f"the name {name!r} is already used in this model; names must be unique")
        return name

    def add_instance(self, name: str, availability_zone: str, *, nitro: bool = True) -> None:
        """Add an instance in an AZ (checked against the Region catalog)."""
        from awsbasics.infra import AvailabilityZone

        self._new_name(name, "instance")
        AvailabilityZone.parse(availability_zone)
        self.instances[name] = Instance(name, availability_zone, nitro)

    def add_volume(self, name: str, volume: Volume) -> None:
        """Add a volume; it must say which AZ it lives in."""
        self._new_name(name, "volume")
        if not isinstance(volume, Volume):
            raise TypeError(f"volume must be a Volume, not {type(volume).__name__}")
        if volume.availability_zone is None:
            raise AttachmentError(
                f"volume {name!r} has no availability_zone: every EBS volume is created in one AZ, "
                "e.g. Volume('gp3', 100, availability_zone='ap-northeast-2a')"
            )
        self.volumes[name] = volume
        self._attached[name] = []

    def _volume(self, name: str) -> Volume:
        if name not in self.volumes:
            raise AttachmentError(f"no volume named {name!r} (volumes: {', '.join(self.volumes) or 'none'})")
        return self.volumes[name]

    def _instance(self, name: str) -> Instance:
        if name not in self.instances:
            raise AttachmentError(f"no instance named {name!r} (instances: {', '.join(self.instances) or 'none'})")
        return self.instances[name]

    def attach(self, volume: str, instance: str) -> None:
        """Attach a volume to an instance.

        Raises:
            AttachmentError: the instance is in another AZ; the volume is already
                attached elsewhere without Multi-Attach; Multi-Attach on a non-Nitro
                instance or beyond its instance limit; or it is already attached there.
        """
        vol, host = self._volume(volume), self._instance(instance)
        current = self._attached[volume]
        if vol.availability_zone != host.availability_zone:
            raise AttachmentError(
                f"volume {volume!r} is in {vol.availability_zone} but instance {instance!r} is in "
                f"{host.availability_zone}: an EBS volume attaches only to instances in its own "
                f"Availability Zone; snapshot it and create a volume from the snapshot in {host.availability_zone}"
            )
        if instance in current:
            raise AttachmentError(f"volume {volume!r} is already attached to {instance!r}")
        if current and not vol.multi_attach:
            raise AttachmentError(
                f"volume {volume!r} is already attached to {current[0]!r}: a volume attaches to one instance "
                f"at a time unless it is an {' or '.join(MULTI_ATTACH_TYPES)} volume with Multi-Attach enabled"
            )
        if vol.multi_attach:
            if not host.nitro:
                raise AttachmentError(
                    f"instance {instance!r} is not built on the Nitro System: Multi-Attach volumes attach "
                    "only to Nitro-based instances"
                )
            if len(current) >= MULTI_ATTACH_MAX_INSTANCES:
                raise AttachmentError(
                    f"volume {volume!r} is already attached to {len(current)} instances: a Multi-Attach "
                    f"volume attaches to at most {MULTI_ATTACH_MAX_INSTANCES}"
                )
        current.append(instance)

    def detach(self, volume: str, instance: str) -> None:
        """Detach a volume from an instance (its data stays on the volume)."""
        self._volume(volume)
        self._instance(instance)
        if instance not in self._attached[volume]:
            raise AttachmentError(f"volume {volume!r} is not attached to {instance!r}")
        self._attached[volume].remove(instance)

    def snapshot(self, volume: str, name: str) -> Snapshot:
        """Take a snapshot of a volume; it belongs to the volume's Region, not its AZ."""
        from awsbasics.infra import AvailabilityZone

        vol = self._volume(volume)
        self._new_name(name, "snapshot")
        region = AvailabilityZone.parse(vol.availability_zone).region_code
        snap = Snapshot(name, volume, vol.size_gib, region)
        self.snapshots[name] = snap
        return snap

    def restore(self, snapshot: str, volume: str, *, availability_zone: str, volume_type: str = "gp3",
                size_gib: int | None = None, iops: int | None = None, throughput_mibps: int | None = None) -> Volume:
        """Create a new volume from a snapshot in any AZ of the snapshot's Region.

        Raises:
            AttachmentError: the AZ is in another Region (copy the snapshot there first),
                or the new volume is smaller than the snapshot.
        """
        from awsbasics.infra import AvailabilityZone

        if snapshot not in self.snapshots:
            raise AttachmentError(f"no snapshot named {snapshot!r} (snapshots: {', '.join(self.snapshots) or 'none'})")
        snap = self.snapshots[snapshot]
        self._new_name(volume, "volume")
        zone = AvailabilityZone.parse(availability_zone)
        if zone.region_code != snap.region:
            raise AttachmentError(
                f"snapshot {snapshot!r} is in Region {snap.region}, but {availability_zone} is in {zone.region_code}: "
                f"a snapshot makes volumes in any AZ of its own Region; copy it to {zone.region_code} first"
            )
        size = snap.size_gib if size_gib is None else size_gib
        require_int(size, "size_gib")
        if size < snap.size_gib:
            raise AttachmentError(
                f"size_gib={_n(size)} is smaller than snapshot {snapshot!r} ({_n(snap.size_gib)} GiB): a volume made "
                "from a snapshot is at least the snapshot's size"
            )
        new = Volume(volume_type, size, iops=iops, throughput_mibps=throughput_mibps,
                     availability_zone=availability_zone)
        self.add_volume(volume, new)
        self.restored_from[volume] = snapshot
        return new

    def text(self) -> str:
        """One line per volume: where it lives and what it is attached to; one per snapshot."""
        lines = []
        for name, vol in self.volumes.items():
            hosts = self._attached[name]
            where = f"attached to {', '.join(hosts)}" if hosts else "not attached"
            origin = f", restored from snapshot {self.restored_from[name]}" if name in self.restored_from else ""
            lines.append(f"{name} ({vol.volume_type} {vol.size_gib} GiB) in {vol.availability_zone}{origin}: {where}")
        lines += [f"snapshot {s.name} of {s.source_volume} in Region {s.region}" for s in self.snapshots.values()]
        return "\n".join(lines) or "empty model"

    def diagram(self):
        """Region > AZ clusters with instances (boxes), volumes (cylinders) and snapshots."""
        return view("ebs.model_diagram")(self)
