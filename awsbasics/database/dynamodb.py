"""DynamoDB capacity units: what a workload consumes, what to provision, what it costs, when it throttles.

A read of an item rounds the item up to 4 KB (1 KB = 1,024 bytes) and costs half
a unit eventually consistent, one unit strongly consistent, two units
transactional; a write rounds up to 1 KB and costs one unit, two transactional;
an update pays for the larger of the item before and after:

    >>> dynamodb_capacity(6, reads_per_second=10, read_consistency="strong").rcu
    20.0
    >>> dynamodb_capacity(1.5, writes_per_second=100).wcu
    200.0
    >>> c = dynamodb_capacity(6, reads_per_second=75)
    >>> c.rcu, c.provisioned_rcu
    (75.0, 75)
    >>> dynamodb_capacity(2, reads_per_second=1).rcu
    0.5

Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.database._numbers import real
from awsbasics.errors import DynamoDbCapacityError

__all__ = [
    "READ_CONSISTENCIES",
    "UNITS",
    "LIMITS",
    "PRICES",
    "BURST_SECONDS",
    "DEFAULT_MODE",
    "HOURS_PER_MONTH",
    "MAX_SIMULATED_SECONDS",
    "DynamoDbCapacity",
    "BatchCapacity",
    "CapacityCost",
    "Throttling",
    "dynamodb_capacity",
    "batch_capacity",
    "capacity_cost",
    "simulate_throttling",
]

UNITS: dict = data.value("database", "dynamodb_units")
LIMITS: dict = data.value("database", "dynamodb_limits")
PRICES: dict = data.value("database", "dynamodb_prices")
BURST_SECONDS: int = data.value("database", "dynamodb_burst_seconds")
DEFAULT_MODE: str = data.value("database", "dynamodb_default_mode")
READ_CONSISTENCIES: tuple[str, ...] = tuple(UNITS["read_units_per_request"])
HOURS_PER_MONTH = 730  # the month AWS pricing pages use: 365 x 24 / 12
MAX_SIMULATED_SECONDS = 24 * 3600
_MAX_RATE = 1e12  # requests (or units) per second: far above any table, small enough to stay exact


def _size_kb(value: object, what: str) -> Fraction:
    size = real(value, what, DynamoDbCapacityError)
    if not math.isfinite(size) or not 0 < size <= LIMITS["max_item_kb"]:
        raise DynamoDbCapacityError(
            f"{what}={value!r}: a DynamoDB item is larger than 0 and at most {LIMITS['max_item_kb']} KB"
        )
    return Fraction(size)


def _rate(value: object, what: str) -> Fraction:
    rate = real(value, what, DynamoDbCapacityError)
    if not math.isfinite(rate) or not 0 <= rate <= _MAX_RATE:
        raise DynamoDbCapacityError(f"{what}={value!r}: a request rate is a finite number from 0 to {_MAX_RATE:,.0f}")
    return Fraction(rate)


def _consistency(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"read_consistency must be str, not {type(value).__name__}")
    if value not in READ_CONSISTENCIES:
        raise DynamoDbCapacityError(
            f"read_consistency={value[:40]!r}: DynamoDB reads are {', '.join(map(repr, READ_CONSISTENCIES))}"
        )
    return value


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be True or False, not {type(value).__name__}")
    return value


def _read_units(size: Fraction | int, consistency: str) -> Fraction:
    """Units one read of an item of ``size`` KB consumes."""
    blocks = math.ceil(size / UNITS["read_unit_kb"])
    return blocks * Fraction(UNITS["read_units_per_request"][consistency])


def _write_units(size: Fraction | int, transactional: bool) -> int:
    """Units one write of an item of ``size`` KB consumes."""
    blocks = math.ceil(size / UNITS["write_unit_kb"])
    return blocks * UNITS["write_units_per_request"]["transactional" if transactional else "standard"]


def _number(value: Fraction) -> float | int:
    return int(value) if value.denominator == 1 else float(value)


@dataclass(frozen=True, slots=True)
class DynamoDbCapacity(Rendered):
    """Capacity units a steady workload consumes each second, and the whole units to provision."""

    item_size_kb: float
    reads_per_second: float
    writes_per_second: float
    read_consistency: str
    transactional_writes: bool
    item_size_before_kb: float | None
    read_units_per_request: float  # one read of one item
    write_units_per_request: int  # one write of one item
    rcu: float  # read units consumed per second (halves possible)
    wcu: float  # write units consumed per second

    @property
    def provisioned_rcu(self) -> int:
        """Whole read capacity units to provision for this traffic."""
        return math.ceil(Fraction(self.rcu))

    @property
    def provisioned_wcu(self) -> int:
        """Whole write capacity units to provision for this traffic."""
        return math.ceil(Fraction(self.wcu))

    @property
    def write_size_kb(self) -> float:
        """The size a write pays for: the larger of the item before and after an update."""
        return max(self.item_size_kb, self.item_size_before_kb or 0)

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("item_size_kb", self.item_size_kb),
            ("read_consistency", self.read_consistency),
            ("read_units_per_request", _number(Fraction(self.read_units_per_request))),
            ("reads_per_second", _number(Fraction(self.reads_per_second))),
            ("rcu_consumed", _number(Fraction(self.rcu))),
            ("rcu_to_provision", self.provisioned_rcu),
            ("write_size_kb", self.write_size_kb),
            ("transactional_writes", self.transactional_writes),
            ("write_units_per_request", self.write_units_per_request),
            ("writes_per_second", _number(Fraction(self.writes_per_second))),
            ("wcu_consumed", _number(Fraction(self.wcu))),
            ("wcu_to_provision", self.provisioned_wcu),
        ]

    @property
    def verdict(self) -> str:
        return (
            f"{_number(Fraction(self.rcu))} RCU and {_number(Fraction(self.wcu))} WCU consumed per second: "
            f"provision {self.provisioned_rcu} RCU and {self.provisioned_wcu} WCU"
        )

    _view_ = "database.capacity_view"

    def text(self) -> str:
        return "DynamoDB capacity\n" + text_table(["measure", "value"], self.rows()) + f"\n{self.verdict}"

    def __repr__(self) -> str:
        return self.text()


def dynamodb_capacity(
    item_size_kb: float,
    *,
    reads_per_second: float = 0,
    writes_per_second: float = 0,
    read_consistency: str = "eventual",
    transactional_writes: bool = False,
    item_size_before_kb: float | None = None,
) -> DynamoDbCapacity:
    """Read and write capacity units a steady workload consumes per second.

    Args:
        item_size_kb: The item's size in KB (1 KB = 1,024 bytes), above 0 and at most 400.
        reads_per_second: Reads of one item each (GetItem, or each item of a batch).
        writes_per_second: Writes of one item each (PutItem, UpdateItem, DeleteItem).
        read_consistency: ``"eventual"`` (half a unit per 4 KB, the default),
            ``"strong"`` (one unit) or ``"transactional"`` (two units).
        transactional_writes: Writes inside TransactWriteItems: two units per 1 KB.
        item_size_before_kb: For updates, the item's size before the update; the
            write pays for the larger of the two sizes.

    Returns:
        DynamoDbCapacity: ``.rcu``/``.wcu`` (consumed, halves possible) and
        ``.provisioned_rcu``/``.provisioned_wcu`` (whole units).

    Raises:
        DynamoDbCapacityError: a size outside (0, 400] KB, a negative or
            non-finite rate, or an unknown read consistency.
        TypeError: arguments of the wrong kind.

    >>> dynamodb_capacity(0.5, writes_per_second=10, item_size_before_kb=3.2, transactional_writes=True).wcu
    80.0

    Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
    """
    size = _size_kb(item_size_kb, "item_size_kb")
    before = None if item_size_before_kb is None else _size_kb(item_size_before_kb, "item_size_before_kb")
    reads = _rate(reads_per_second, "reads_per_second")
    writes = _rate(writes_per_second, "writes_per_second")
    consistency = _consistency(read_consistency)
    transactional = _flag(transactional_writes, "transactional_writes")
    per_read = _read_units(size, consistency)
    per_write = _write_units(max(size, before or 0), transactional)
    return DynamoDbCapacity(
        item_size_kb=float(size),
        reads_per_second=float(reads),
        writes_per_second=float(writes),
        read_consistency=consistency,
        transactional_writes=transactional,
        item_size_before_kb=None if before is None else float(before),
        read_units_per_request=float(per_read),
        write_units_per_request=per_write,
        rcu=float(reads * per_read),
        wcu=float(writes * per_write),
    )


@dataclass(frozen=True, slots=True)
class BatchCapacity(Rendered):
    """One batch request: each item rounded on its own, then added up."""

    operation: str  # "get" (BatchGetItem) or "write" (BatchWriteItem)
    item_sizes_kb: tuple[float, ...]
    read_consistency: str
    units_per_item: tuple[float, ...]

    @property
    def units(self) -> float:
        """Units the whole batch consumes."""
        return float(sum(Fraction(u) for u in self.units_per_item))

    @property
    def units_if_summed_first(self) -> float:
        """What adding the sizes *before* rounding would give: the mistake DynamoDB does not make."""
        total = sum(Fraction(s) for s in self.item_sizes_kb)
        if self.operation == "get":
            return float(_read_units(total, self.read_consistency))
        return float(_write_units(total, False))

    @property
    def unit_name(self) -> str:
        return "RCU" if self.operation == "get" else "WCU"

    def rows(self) -> list[tuple[int, float, object]]:
        return [
            (i + 1, s, _number(Fraction(u))) for i, (s, u) in enumerate(zip(self.item_sizes_kb, self.units_per_item))
        ]

    @property
    def verdict(self) -> str:
        return (
            f"Batch{'Get' if self.operation == 'get' else 'Write'}Item of {len(self.item_sizes_kb)} items: "
            f"{_number(Fraction(self.units))} {self.unit_name} (each item rounded up on its own; "
            f"summing the sizes first would say {_number(Fraction(self.units_if_summed_first))})"
        )

    _view_ = "database.batch_view"

    def text(self) -> str:
        return text_table(["item", "size_kb", f"{self.unit_name.lower()}"], self.rows()) + f"\n{self.verdict}"

    def __repr__(self) -> str:
        return self.text()


def batch_capacity(
    item_sizes_kb: Sequence[float], *, operation: str = "get", read_consistency: str = "eventual"
) -> BatchCapacity:
    """Units one BatchGetItem or BatchWriteItem consumes: each item as its own request.

    >>> batch_capacity([1.5, 6.5], read_consistency="strong").units
    3.0
    >>> batch_capacity([0.5, 0.5, 0.5], operation="write").units
    3.0

    Raises:
        DynamoDbCapacityError: an unknown operation, an empty batch, more items than
            the operation allows (100 gets, 25 writes), or a bad item size.
        TypeError: a batch that is not a list or tuple of numbers.
    """
    if not isinstance(operation, str):
        raise TypeError(f"operation must be str, not {type(operation).__name__}")
    if operation not in ("get", "write"):
        raise DynamoDbCapacityError(
            f"operation={operation[:40]!r}: a batch is 'get' (BatchGetItem) or 'write' (BatchWriteItem)"
        )
    consistency = _consistency(read_consistency)
    if not isinstance(item_sizes_kb, (list, tuple)):
        raise TypeError(f"item_sizes_kb must be a list or tuple of numbers, not {type(item_sizes_kb).__name__}")
    limit = LIMITS["batch_get_max_items" if operation == "get" else "batch_write_max_items"]
    if not 1 <= len(item_sizes_kb) <= limit:
        name = "BatchGetItem" if operation == "get" else "BatchWriteItem"
        raise DynamoDbCapacityError(f"{len(item_sizes_kb):,} items: one {name} takes 1 to {limit} items")
    sizes = [_size_kb(s, f"item_sizes_kb[{i}]") for i, s in enumerate(item_sizes_kb)]
    units = [_read_units(s, consistency) if operation == "get" else Fraction(_write_units(s, False)) for s in sizes]
    return BatchCapacity(operation, tuple(float(s) for s in sizes), consistency, tuple(float(u) for u in units))


@dataclass(frozen=True, slots=True)
class CapacityCost(Rendered):
    """On-demand against provisioned capacity for one workload, per month (us-east-1 teaching prices)."""

    capacity: DynamoDbCapacity
    utilisation: float  # average consumed / provisioned, for the provisioned table
    on_demand_usd: float
    provisioned_usd: float
    provisioned_rcu: int
    provisioned_wcu: int

    @property
    def break_even_utilisation(self) -> float:
        """Above this average utilisation, provisioned capacity costs less than on-demand."""
        return _break_even(self.capacity)

    @property
    def cheaper(self) -> str:
        return "provisioned" if self.provisioned_usd < self.on_demand_usd else "on-demand"

    def curve(self, steps: int = 19) -> list[tuple[float, float, float]]:
        """(utilisation %, provisioned USD, on-demand USD) from 5% to 95%: the break-even figure's data."""
        steps = require_int(steps, "steps")
        if not 2 <= steps <= 1000:
            raise DynamoDbCapacityError(f"steps={steps}: draw the curve with 2 to 1,000 points")
        shares = np.linspace(0.05, 0.95, steps)
        return [
            (round(100 * float(u), 2), _monthly_provisioned(self.capacity, float(u))[0], self.on_demand_usd)
            for u in shares
        ]

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("rcu_consumed", _number(Fraction(self.capacity.rcu))),
            ("wcu_consumed", _number(Fraction(self.capacity.wcu))),
            ("utilisation_pct", round(100 * self.utilisation, 1)),
            ("provisioned_rcu", self.provisioned_rcu),
            ("provisioned_wcu", self.provisioned_wcu),
            ("provisioned_usd_per_month", self.provisioned_usd),
            ("on_demand_usd_per_month", self.on_demand_usd),
            ("break_even_utilisation_pct", round(100 * self.break_even_utilisation, 1)),
        ]

    @property
    def verdict(self) -> str:
        return (
            f"At {self.utilisation:.0%} utilisation {self.cheaper} costs less: provisioned USD "
            f"{self.provisioned_usd:,.2f} vs on-demand USD {self.on_demand_usd:,.2f} a month; provisioned wins above "
            f"{self.break_even_utilisation:.1%} average utilisation"
        )

    _view_ = "database.cost_view"

    def text(self) -> str:
        return text_table(["measure", "value"], self.rows()) + f"\n{self.verdict}"

    def figure(self):
        """Monthly cost of both modes by utilisation, with the break-even (plotly)."""
        return view("database.cost_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def _on_demand_per_hour(capacity: DynamoDbCapacity) -> float:
    per_second = (
        capacity.rcu * PRICES["on_demand_usd_per_million_read_units"]
        + capacity.wcu * PRICES["on_demand_usd_per_million_write_units"]
    ) / 1e6
    return per_second * 3600


def _monthly_provisioned(capacity: DynamoDbCapacity, utilisation: float) -> tuple[float, int, int]:
    rcu = math.ceil(capacity.rcu / utilisation - 1e-9)
    wcu = math.ceil(capacity.wcu / utilisation - 1e-9)
    per_hour = rcu * PRICES["provisioned_usd_per_rcu_hour"] + wcu * PRICES["provisioned_usd_per_wcu_hour"]
    return round(per_hour * HOURS_PER_MONTH, 2), rcu, wcu


def _break_even(capacity: DynamoDbCapacity) -> float:
    on_demand = _on_demand_per_hour(capacity)
    if on_demand == 0:
        return 0.0
    provisioned_full = (
        capacity.rcu * PRICES["provisioned_usd_per_rcu_hour"] + capacity.wcu * PRICES["provisioned_usd_per_wcu_hour"]
    )
    return provisioned_full / on_demand


def capacity_cost(capacity: DynamoDbCapacity, *, utilisation: float = 0.7) -> CapacityCost:
    """A month of the workload in on-demand mode and in provisioned mode at an average utilisation.

    Provisioned capacity is paid per unit-hour whether used or not, so a table
    provisioned at twice its average use (50% utilisation) pays for twice what it
    uses; on-demand is paid per request.

    >>> cost = capacity_cost(dynamodb_capacity(1, reads_per_second=1000, writes_per_second=100), utilisation=0.5)
    >>> cost.cheaper, round(cost.break_even_utilisation, 3)
    ('provisioned', 0.289)

    Raises:
        DynamoDbCapacityError: a utilisation outside (0, 1].
        TypeError: ``capacity`` that is not from :func:`dynamodb_capacity`.
    """
    if not isinstance(capacity, DynamoDbCapacity):
        raise TypeError(f"capacity must come from dynamodb_capacity(), not {type(capacity).__name__}")
    share = real(utilisation, "utilisation", DynamoDbCapacityError)
    if not (math.isfinite(share) and 0 < share <= 1):
        raise DynamoDbCapacityError(
            f"utilisation={utilisation!r}: the share of provisioned capacity used, above 0 and at most 1"
        )
    provisioned, rcu, wcu = _monthly_provisioned(capacity, share)
    return CapacityCost(
        capacity, share, round(_on_demand_per_hour(capacity) * HOURS_PER_MONTH, 2), provisioned, rcu, wcu
    )


@dataclass(frozen=True, slots=True, eq=False)
class Throttling(Rendered):
    """Second by second: demanded units, what provisioned capacity plus burst served, and what was throttled."""

    provisioned_units: int
    demand: np.ndarray  # units demanded each second
    served: np.ndarray
    burst_left: np.ndarray  # unused capacity saved for bursts, after each second
    seed: int

    @property
    def throttled(self) -> np.ndarray:
        return self.demand - self.served

    @property
    def throttled_units(self) -> float:
        return round(float(self.throttled.sum()), 2)

    @property
    def first_throttled_second(self) -> int | None:
        hit = np.flatnonzero(self.throttled > 1e-9)
        return int(hit[0]) if hit.size else None

    @property
    def seconds(self) -> int:
        return len(self.demand)

    @property
    def verdict(self) -> str:
        if self.first_throttled_second is None:
            return (
                f"No throttling: {self.provisioned_units} provisioned units plus up to {BURST_SECONDS} s of saved "
                f"capacity covered every second (peak {self.demand.max():.0f} units/s)."
            )
        return (
            f"Throttled from second {self.first_throttled_second}: {self.throttled_units:,.0f} units refused "
            f"(ProvisionedThroughputExceededException) once the saved burst capacity ran out; "
            f"peak demand {self.demand.max():.0f} units/s against {self.provisioned_units} provisioned."
        )

    _view_ = "database.throttling_view"

    def text(self) -> str:
        return self.verdict

    def figure(self):
        """Demand, served and throttled units per second, and the burst bucket (plotly)."""
        return view("database.throttling_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def simulate_throttling(
    *,
    provisioned_units: int,
    base_units: float,
    burst_units: float,
    burst_start_s: int = 600,
    burst_length_s: int = 600,
    seconds: int = 1800,
    seed: int = 0,
) -> Throttling:
    """A provisioned table under a steady load with one burst, second by second.

    Unused capacity is saved, up to :data:`BURST_SECONDS` seconds of the
    provisioned rate, and spent when demand exceeds the provisioned rate; what
    neither covers is throttled. Demand has ±5% seeded noise. The table starts
    with a full burst bucket (it was idle before).

    >>> t = simulate_throttling(provisioned_units=100, base_units=50, burst_units=300, seed=1)
    >>> t.first_throttled_second is not None, t.seconds
    (True, 1800)

    Raises:
        DynamoDbCapacityError: negative or non-finite units, a burst outside the
            simulated time, or more than a day of seconds.
        TypeError: counts that are not ints.
    """
    provisioned_units, burst_start_s, burst_length_s, seconds, seed = (
        require_int(value, name)
        for name, value in (
            ("provisioned_units", provisioned_units),
            ("burst_start_s", burst_start_s),
            ("burst_length_s", burst_length_s),
            ("seconds", seconds),
            ("seed", seed),
        )
    )
    base = real(base_units, "base_units", DynamoDbCapacityError)
    burst = real(burst_units, "burst_units", DynamoDbCapacityError)
    if not 1 <= seconds <= MAX_SIMULATED_SECONDS:
        raise DynamoDbCapacityError(f"seconds={seconds}: simulate 1 to {MAX_SIMULATED_SECONDS:,} seconds (one day)")
    if not 1 <= provisioned_units <= _MAX_RATE:
        raise DynamoDbCapacityError(f"provisioned_units={provisioned_units}: a provisioned table has at least 1 unit")
    for name, value in (("base_units", base), ("burst_units", burst)):
        if not (math.isfinite(value) and 0 <= value <= _MAX_RATE):
            raise DynamoDbCapacityError(f"{name}={value!r}: units per second are a finite number of at least 0")
    if seed < 0:
        raise DynamoDbCapacityError(f"seed={seed}: a seed is a non-negative int")
    if not (0 <= burst_start_s < seconds and 0 <= burst_length_s <= seconds - burst_start_s):
        raise DynamoDbCapacityError(
            f"burst_start_s={burst_start_s}, burst_length_s={burst_length_s}: the burst must lie inside the "
            f"{seconds} simulated seconds"
        )
    level = np.full(seconds, base)
    level[burst_start_s : burst_start_s + burst_length_s] = burst
    demand = level * np.random.default_rng(seed).uniform(0.95, 1.05, seconds)
    cap = float(BURST_SECONDS * provisioned_units)
    bucket = cap
    served = np.empty(seconds)
    left = np.empty(seconds)
    for second, wanted in enumerate(demand):
        spare = provisioned_units - wanted
        if spare >= 0:
            served[second] = wanted
            bucket = min(cap, bucket + spare)
        else:
            used = min(-spare, bucket)
            served[second] = provisioned_units + used
            bucket -= used
        left[second] = bucket
    for array in (demand, served, left):
        array.setflags(write=False)
    return Throttling(provisioned_units, demand, served, left, seed)
