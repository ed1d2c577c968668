"""An EBS volume: its type's limits checked when it is made, and the IOPS, throughput and cost it delivers.

    >>> v = Volume("gp2", 100)
    >>> v.baseline_iops, v.max_iops, v.burst_seconds()
    (300, 3000, 2000.0)
    >>> Volume("gp3", 500).baseline_iops, Volume("gp3", 500).baseline_throughput_mibps
    (3000, 125.0)
    >>> Volume("io1", 100, iops=5001)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    awsbasics.errors.EbsLimitError: io1 allows at most 50 IOPS per GiB: ... the most is 5,000 IOPS ...

https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from numbers import Real

from awsbasics import data
from awsbasics._checks import is_real, require_int
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import CapacityError, EbsLimitError
from awsbasics.storage.ebs._format import _duration, _n, _shown, _tib
from awsbasics.storage.ebs.catalog import (
    _CREDIT_MODELS,
    _GP2,
    _GP3,
    _IO1,
    _LIMITS,
    _NAMES,
    _PRICE_REGION,
    _PROVISIONED_IOPS_TYPES,
    GIB_PER_TIB,
    GP2_CREDIT_BUCKET,
    KIB_PER_MIB,
    MULTI_ATTACH_TYPES,
    VOLUME_TYPES,
    CreditModel,
    _prices,
)

__all__ = ["Volume"]


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
                f"{self.volume_type!r} is not an EBS volume type{hint} (types: {', '.join(VOLUME_TYPES)})"
            )
        # Integers of any integral kind (numpy's int64 too) are kept as plain ints.
        object.__setattr__(self, "size_gib", require_int(self.size_gib, "size_gib"))
        if self.iops is not None:
            object.__setattr__(self, "iops", require_int(self.iops, "iops"))
        if self.throughput_mibps is not None:
            object.__setattr__(self, "throughput_mibps", require_int(self.throughput_mibps, "throughput_mibps"))
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
        most = self._iops_limits()[1]
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
        ratio, iops = _GP3["max_throughput_mibps_per_iops"], self._required_iops
        most = self._gp3_throughput_limits()[1]
        if self.throughput_mibps > most:
            raise EbsLimitError(
                f"gp3 allows at most {ratio} MiB/s per provisioned IOPS: {_n(self.throughput_mibps)} MiB/s with "
                f"{_n(iops)} IOPS would be {self.throughput_mibps / iops:.4g} MiB/s per IOPS; with {_n(iops)} IOPS "
                f"the most is {_n(most)} MiB/s "
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
        return self._iops_limits()

    def _iops_limits(self) -> tuple[int, int]:
        """The provisioned IOPS range of gp3, io1 or io2 at this size."""
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
        return self._gp3_throughput_limits()

    def _gp3_throughput_limits(self) -> tuple[int, float]:
        """The throughput range of a gp3 volume with its provisioned IOPS."""
        most = min(float(_GP3["max_throughput_mibps"]), _GP3["max_throughput_mibps_per_iops"] * self._required_iops)
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
    def _required_iops(self) -> int:
        """The provisioned IOPS of gp3, io1 or io2 (io1/io2 require them, gp3 has a default)."""
        iops = self.provisioned_iops
        if iops is None:
            raise EbsLimitError(
                f"{self.volume_type} volumes have no provisioned IOPS; their IOPS follow from their size"
            )
        return iops

    @property
    def _required_throughput_mibps(self) -> int:
        """The provisioned throughput of a gp3 volume."""
        throughput = self.provisioned_throughput_mibps
        if throughput is None:
            raise EbsLimitError(f"{self.volume_type} volumes have no provisioned throughput; only gp3 has")
        return throughput

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
            return self._required_iops
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
            return self._required_iops
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
            return float(self._required_throughput_mibps)
        if kind == "io1":
            return _io1_throughput(self._required_iops)
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
            cost += _tiered_iops_cost(self._required_iops)
        elif self.provisioned_iops is not None:
            cost += max(0, self.provisioned_iops - price["included_iops"]) * price["price_usd_per_iops_month"]
        if self.provisioned_throughput_mibps is not None:
            extra = max(0, self.provisioned_throughput_mibps - price["included_throughput_mibps"])
            cost += extra * price["price_usd_per_mibps_month"]
        return round(cost, 2)

    def modify(
        self,
        *,
        volume_type: str | None = None,
        size_gib: int | None = None,
        iops: int | None = None,
        throughput_mibps: int | None = None,
    ) -> Volume:
        """Elastic Volumes: the same volume with a new type, size, IOPS or throughput.

        Unnamed settings are kept, except ``iops``/``throughput_mibps`` when the type
        changes (the new type's rules decide them).

        Raises:
            EbsLimitError: the new size is smaller (volumes only grow) or breaks a limit.
        """
        new_type = self.volume_type if volume_type is None else volume_type
        new_size = self.size_gib if size_gib is None else size_gib
        new_size = require_int(new_size, "size_gib")
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
            rows.append(
                (
                    "provisioned IOPS",
                    f"{_n(self._required_iops)}{given}; allowed at this size: "
                    f"{_n(self.iops_range[0])} to {_n(self.iops_range[1])}",
                )
            )
        if self.throughput_range_mibps is not None:
            given = "" if self.throughput_mibps is not None else " (default)"
            low_mibps, high_mibps = self.throughput_range_mibps
            rows.append(
                (
                    "provisioned throughput",
                    f"{_n(self._required_throughput_mibps)} MiB/s{given}; allowed "
                    f"with these IOPS: {_n(low_mibps)} to {_n(high_mibps)} MiB/s",
                )
            )
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
        rows.append(
            (
                "estimated cost",
                f"${self.monthly_cost_usd:,.2f} per month ({_PRICE_REGION} list price, a teaching estimate)",
            )
        )
        return rows

    def _burst_text(self) -> str:
        model = self.credit_model
        if model is CreditModel.IO_CREDITS:
            if self.max_iops <= self.baseline_iops:
                return f"none needed: the baseline is already at or above the {_n(_GP2['burst_iops'])} IOPS burst"
            return (
                f"{_n(self.max_iops)} IOPS for {_duration(self.burst_seconds())} from a full bucket "
                f"of {GP2_CREDIT_BUCKET / 1e6:g} million I/O credits"
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
        return (
            f"{self.volume_type} {_n(self.size_gib)} GiB: {_n(self.baseline_iops)} IOPS baseline{burst}, {mibps} MiB/s"
        )

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


def _io1_throughput(iops: int) -> float:
    """io1: up to 256 KiB per I/O (500 MiB/s cap) to 32,000 IOPS, then 16 KiB per provisioned IOPS."""
    if iops <= _IO1["large_io_iops_limit"]:
        return min(float(_IO1["large_io_max_throughput_mibps"]), iops * _IO1["large_io_size_kib"] / KIB_PER_MIB)
    return min(float(_IO1["max_throughput_mibps"]), iops * _IO1["small_io_size_kib"] / KIB_PER_MIB)


def _as_float(value: float | Real) -> float:
    """``float(value)``, or an infinity of its sign for a number too large for a float (10**400)."""
    try:
        return float(value)
    except OverflowError:
        return -math.inf if value < 0 else math.inf


def _demand_value(value: object) -> float:
    if not is_real(value):
        raise TypeError(f"demand_iops must be a number, not {type(value).__name__}")
    demand = _as_float(value)
    if not math.isfinite(demand) or demand < 0:
        raise CapacityError(f"demand_iops={_shown(value)}: a demand is a finite number of IOPS, 0 or more")
    return demand
