"""EC2: instance types, purchase options, machine images and user data, and where data lives.

An instance type name packs four facts into a few letters: ``m5d.2xlarge`` is the
general-purpose family ``m``, generation ``5``, with local instance store
(``d``), in size ``2xlarge``. :meth:`InstanceType.parse` reads them::

    >>> t = InstanceType.parse("m5d.2xlarge")
    >>> t.family, t.generation, t.attributes, t.size
    ('m', 5, 'd', '2xlarge')
    >>> t.category, t.has_instance_store
    ('General purpose', True)
    >>> InstanceType.parse("u-6tb1.metal").option
    '6tb1'

How you pay for an instance is a separate choice: :func:`compare_purchase_options`
prices a usage pattern under On-Demand, Reserved Instances, Savings Plans and
Spot (us-east-1 list prices for one example type, teaching estimates), and
:func:`simulate_lifecycle` shows why instance store data is lost on stop/start
while an EBS volume keeps it.

Facts come from ``awsbasics/data/ec2.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
"""

from __future__ import annotations

import difflib
import random
import re
import reprlib
from dataclasses import dataclass
from functools import cache

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import CapacityError, InstanceStateError, InstanceTypeError

__all__ = [
    "InstanceType",
    "InstanceStateError",
    "families_frame",
    "size_ladder",
    "purchase_options",
    "current_generations",
    "storage_options",
    "StorageOptions",
    "on_demand_usd_per_hour",
    "compare_purchase_options",
    "break_even_figure",
    "simulate_lifecycle",
    "LIFECYCLE_ACTIONS",
    "SPOT_INTERRUPTION_NOTICE_S",
    "USER_DATA_MAX_SIZE_KB",
    "PRICED_INSTANCE_TYPE",
]


SPOT_INTERRUPTION_NOTICE_S: int = data.value("ec2", "spot_interruption_notice_s")
USER_DATA_MAX_SIZE_KB: int = data.fact("ec2", "user_data")["max_size_kb"]
PRICED_INSTANCE_TYPE: str = data.fact("ec2", "prices")["instance_type"]
_PRICE_REGION: str = data.fact("ec2", "prices")["region"]
_PROCESSORS: dict[str, str] = data.value("ec2", "processor_letters")
_CAPABILITIES: dict[str, str] = data.value("ec2", "capability_letters")
_SMALL_SIZES: tuple[str, ...] = tuple(data.value("ec2", "size_order"))
_BOUNDS: dict = data.value("ec2", "library_bounds")
# Families whose whole purpose is local disks: they carry instance store without a 'd'.
_STORAGE_FAMILIES = frozenset({"i", "im", "is", "d", "h"})

# Calendar constants (not AWS facts): what a usage pattern is measured in.
HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
DAYS_PER_YEAR = 365
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR

_SIZE = re.compile(r"nano|micro|small|medium|large|xlarge|(?:[2-9]|[1-9]\d+)xlarge|metal|metal-[1-9]\d*xl")
_BASE = re.compile(r"(?P<family>[a-z]+)(?:(?P<generation>[1-9]\d*)(?P<attributes>[a-z]*))?")
# High-memory names put the generation after the memory size: u-6tb1 is generation 1 with 6 TB.
_HIGH_MEMORY_OPTION = re.compile(r"(?P<memory>[1-9]\d*tb)(?P<generation>[1-9]\d*)")
_OPTION = re.compile(r"[a-z0-9]+")


@cache
def _families() -> dict[str, dict[str, str]]:
    table = data.fact("ec2", "instance_families")
    return {row[0]: dict(zip(table["columns"], row)) for row in table["rows"]}


@cache
def _size_table() -> dict[str, dict]:
    table = data.fact("ec2", "sizes")
    return {row[0]: dict(zip(table["columns"], row)) for row in table["rows"]}


@dataclass(frozen=True, slots=True)
class InstanceType(Rendered):
    """An EC2 instance type, e.g. ``InstanceType.parse("c7gn.16xlarge")``.

    ``family`` is the series letters (``c``), ``generation`` the number after
    them (``7``), ``attributes`` the letters after that (``gn``: Graviton,
    network optimized), ``option`` what follows a hyphen (``flex``, or the memory
    of a high-memory ``u-6tb1``), and ``size`` what follows the dot.
    """

    name: str
    family: str
    generation: int | None
    attributes: str
    option: str | None
    size: str

    @classmethod
    def parse(cls, name: str) -> InstanceType:
        """Read an instance type name.

        Raises:
            InstanceTypeError: the name does not follow the EC2 naming rules
                (unknown family or attribute letter, missing generation, bad size).
            TypeError: ``name`` is not a string.

        >>> InstanceType.parse("inf2.xlarge").family
        'inf'
        >>> InstanceType.parse("mac2.metal").size
        'metal'
        """
        name = require_str(name, "instance type")
        if len(name) > _BOUNDS["instance_type_name_max_chars"]:
            raise InstanceTypeError(
                f"{reprlib.repr(name)} has {len(name):,} characters; an instance type name is short, e.g. "
                f"'m5.large' (this library reads names of at most {_BOUNDS['instance_type_name_max_chars']})"
            )
        if not name.isascii():
            odd = next(ch for ch in name if not ch.isascii())
            raise InstanceTypeError(
                f"{name!r} holds {odd!r} (U+{ord(odd):04X}); instance type names use only ASCII lowercase letters, "
                "digits 0-9, '-' and '.'"
            )
        if name != name.strip() or name.lower() != name:
            raise InstanceTypeError(
                f"{name!r}: instance type names are lowercase with no spaces, e.g. {name.strip().lower()!r}"
            )
        prefix, dot, size = name.partition(".")
        if not dot or "." in size or not prefix:
            raise InstanceTypeError(
                f"{name!r} is not an instance type: a name is <family><generation>"
                "<attributes>.<size>, e.g. 'm5.large' or 't3.micro'"
            )
        if not _SIZE.fullmatch(size):
            raise InstanceTypeError(
                f"{name!r}: {size!r} is not an instance size; sizes are "
                f"{', '.join(_SMALL_SIZES)}, then 2xlarge, 4xlarge, ... and metal"
            )
        base, hyphen, option = prefix.partition("-")
        if hyphen and not _OPTION.fullmatch(option):
            raise InstanceTypeError(f"{name!r}: {option!r} after the hyphen is not a name option such as 'flex'")
        match = _BASE.fullmatch(base)
        if not match:
            raise InstanceTypeError(
                f"{name!r}: {base!r} is not <family><generation><attributes> such as 'm5d' or 'c7gn'"
            )
        family, attributes = match["family"], match["attributes"] or ""
        generation = int(match["generation"]) if match["generation"] else None
        if family not in _families():
            known = ", ".join(sorted(_families()))
            close = difflib.get_close_matches(family, _families(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InstanceTypeError(f"{name!r}: {family!r} is not an EC2 instance family{hint} (families: {known})")
        if generation is None:
            memory = _HIGH_MEMORY_OPTION.fullmatch(option) if hyphen else None
            if memory:
                generation = int(memory["generation"])
            elif not hyphen:
                raise InstanceTypeError(
                    f"{name!r} has no generation number after the family {family!r}, e.g. '{family}5.{size}'"
                )
        unknown = sorted({letter for letter in attributes if letter not in _PROCESSORS and letter not in _CAPABILITIES})
        if unknown:
            letters = ", ".join(sorted(set(_PROCESSORS) | {k for k in _CAPABILITIES if len(k) == 1}))
            raise InstanceTypeError(
                f"{name!r}: attribute letter(s) {', '.join(unknown)} mean nothing in an instance "
                f"type name; the attribute letters are {letters}"
            )
        return cls(name, family, generation, attributes, option if hyphen else None, size)

    @property
    def category(self) -> str:
        """The instance category, e.g. ``"Compute optimized"``."""
        return _families()[self.family]["category"]

    @property
    def family_name(self) -> str:
        """The family's name, e.g. ``"Burstable performance"`` for ``t``."""
        return _families()[self.family]["name"]

    @property
    def purpose(self) -> str:
        """What the family is for, in one phrase."""
        return _families()[self.family]["purpose"]

    @property
    def processor(self) -> str | None:
        """The processor the name states (``a`` AMD, ``g`` Graviton, ``i`` Intel), or None."""
        letters = [_PROCESSORS[letter] for letter in self.attributes if letter in _PROCESSORS]
        return letters[0] if letters else None

    @property
    def capabilities(self) -> tuple[str, ...]:
        """What the attribute letters and options add, e.g. local NVMe instance store."""
        found = [_CAPABILITIES[letter] for letter in self.attributes if letter in _CAPABILITIES]
        if self.option in _CAPABILITIES:
            found.append(_CAPABILITIES[self.option])
        return tuple(found)

    @property
    def has_instance_store(self) -> bool:
        """True for a ``d`` in the name and for the storage-optimized families with local disks."""
        return "d" in self.attributes or self.family in _STORAGE_FAMILIES

    @property
    def is_bare_metal(self) -> bool:
        return self.size.startswith("metal")

    @property
    def vcpus(self) -> int | None:
        """vCPUs from the curated size table (None for types outside it)."""
        row = _size_table().get(self.name)
        return row["vcpus"] if row else None

    @property
    def memory_gib(self) -> float | None:
        """Memory in GiB from the curated size table (None for types outside it)."""
        row = _size_table().get(self.name)
        return row["memory_gib"] if row else None

    def explain(self) -> list[tuple[str, str, str]]:
        """The name, part by part: (part, value, meaning)."""
        rows = [("family", self.family, f"{self.family_name} ({self.category})")]
        if self.generation is not None:
            rows.append(("generation", str(self.generation), "higher is newer"))
        for letter in self.attributes:
            meaning = _PROCESSORS.get(letter) or _CAPABILITIES[letter]
            rows.append(("attribute", letter, meaning))
        if self.option is not None:
            rows.append(("option", self.option, _CAPABILITIES.get(self.option, "a variant of the family")))
        size_meaning = "the whole physical server" if self.is_bare_metal else "the instance size"
        if self.vcpus is not None:
            size_meaning += f": {self.vcpus} vCPUs, {self.memory_gib:g} GiB memory"
        rows.append(("size", self.size, size_meaning))
        return rows

    _view_ = "compute.instance_type_view"

    def text(self) -> str:
        """One line (family, category, storage), then :meth:`explain` as a table."""
        store = "with instance store" if self.has_instance_store else "EBS only"
        line = f"{self.name}: {self.family_name} ({self.category}), {store}"
        return f"{line}\n{text_table(['part', 'value', 'meaning'], self.explain())}"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"InstanceType.parse({self.name!r})"


def families_frame():
    """The instance families as a pandas DataFrame (family, name, category, purpose, example)."""
    import pandas as pd

    table = data.fact("ec2", "instance_families")
    return pd.DataFrame(table["rows"], columns=table["columns"])


def size_ladder(series: str = "m5"):
    """One series' sizes from the curated table, smallest first.

    >>> size_ladder("t3")["memory_gib"].tolist()
    [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]

    Raises:
        InstanceTypeError: the series is not in the curated table (the message lists those that are).
    """
    import pandas as pd

    series = require_str(series, "series")
    rows = [
        (
            name,
            name.partition(".")[2],
            row["vcpus"],
            row["memory_gib"],
            row["memory_gib"] / row["vcpus"],
            row["instance_store"],
        )
        for name, row in _size_table().items()
        if name.partition(".")[0] == series
    ]
    if not rows:
        known = sorted({name.partition(".")[0] for name in _size_table()})
        raise InstanceTypeError(
            f"{series!r} has no size ladder in the curated table; series with one: {', '.join(known)}"
        )
    columns = ["instance_type", "size", "vcpus", "memory_gib", "memory_gib_per_vcpu", "instance_store"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["memory_gib"] = frame["memory_gib"].astype(float)
    return frame


_PRICED_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")


def _size_factor(size: str) -> int:
    """How many ``large`` sizes one ``size`` is: xlarge is 2, 4xlarge is 8."""
    if size not in _PRICED_SIZES:
        raise InstanceTypeError(f"{size!r:.40}: the price table covers the sizes {', '.join(_PRICED_SIZES)}")
    return 1 if size == "large" else 2 * int(size.removesuffix("xlarge") or 1)


def _generation_rows() -> dict[str, dict]:
    table = data.fact("ec2", "current_generation_prices")
    return {row[0].partition(".")[0]: dict(zip(table["columns"], row)) for row in table["rows"]}


def on_demand_usd_per_hour(name: str) -> float:
    """The us-east-1 Linux On-Demand price of an m5, m7i, m7g or m8g size (a teaching estimate).

    Within a family each size step doubles vCPUs, memory and price.

    >>> on_demand_usd_per_hour("m7g.2xlarge")
    0.3264

    Raises:
        InstanceTypeError: a malformed name, or a family or size outside the price table.
    """
    itype = InstanceType.parse(name)
    rows = _generation_rows()
    series = name.partition(".")[0]
    if series not in rows:
        raise InstanceTypeError(f"{name!r:.60}: the price table covers {', '.join(rows)}, not {series}")
    return round(rows[series]["usd_per_hour"] * _size_factor(itype.size), 6)


def current_generations(size: str = "large"):
    """Graviton (m7g, m8g) beside Intel (m7i) and the course-era m5, one size, us-east-1 Linux On-Demand.

    >>> current_generations("xlarge")["usd_per_hour"].tolist()
    [0.192, 0.2016, 0.1632, 0.17952]

    Raises:
        InstanceTypeError: a size outside the price table.
    """
    size = require_str(size, "size")
    factor = _size_factor(size)  # refused before pandas is loaded
    import pandas as pd

    hours = data.value("ec2", "hours_per_month")
    rows = [
        (
            f"{series}.{size}",
            row["processor"],
            row["architecture"],
            row["vcpus"] * factor,
            float(row["memory_gib"] * factor),
            round(row["usd_per_hour"] * factor, 6),
            round(row["usd_per_hour"] * factor * hours, 2),
        )
        for series, row in _generation_rows().items()
    ]
    columns = ["instance_type", "processor", "architecture", "vcpus", "memory_gib", "usd_per_hour", "usd_per_month"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True, slots=True)
class StorageOptions(Rendered):
    """Instance store, EBS, EFS and S3 side by side: what each is, where it lives, what survives."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    _view_ = "compute.storage_options_view"

    def to_frame(self):
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def text(self) -> str:
        return "Where an instance's data can live\n" + text_table(self.columns, self.rows)


def storage_options() -> StorageOptions:
    """The storage an EC2 workload can use: instance store, an EBS volume, an EFS file system, an S3 bucket.

    >>> [row[0] for row in storage_options().rows]
    ['Instance store', 'Amazon EBS volume', 'Amazon EFS file system', 'Amazon S3 bucket']
    """
    table = data.fact("ec2", "storage_options")
    return StorageOptions(tuple(table["columns"]), tuple(tuple(row) for row in table["rows"]))


def purchase_options():
    """The EC2 purchase options (구매 옵션) as a DataFrame, including the retired Scheduled Instances."""
    import pandas as pd

    table = data.fact("ec2", "purchase_options")
    return pd.DataFrame(table["rows"], columns=table["columns"])


def _bounded_number(value: object, what: str) -> float:
    """A number as a float; one too large for a float becomes inf (which the range checks refuse)."""
    try:
        return require_number(value, what)
    except OverflowError:
        return float("inf")


def _usage(hours_per_day: float, days_per_week: float, instances: int) -> float:
    hours = _bounded_number(hours_per_day, "hours_per_day")
    days = _bounded_number(days_per_week, "days_per_week")
    instances = require_int(instances, "instances")
    if not 0 <= hours <= HOURS_PER_DAY:
        raise CapacityError(
            f"hours_per_day={reprlib.repr(hours_per_day)}: a day has between 0 and {HOURS_PER_DAY} hours"
        )
    if not 0 <= days <= DAYS_PER_WEEK:
        raise CapacityError(
            f"days_per_week={reprlib.repr(days_per_week)}: a week has between 0 and {DAYS_PER_WEEK} days"
        )
    if not 1 <= instances <= _BOUNDS["instances_max"]:
        raise CapacityError(
            f"instances={reprlib.repr(instances)}: compare at least one instance and at most "
            f"{_BOUNDS['instances_max']:,} (this library's bound; EC2 limits running instances by "
            "a vCPU quota)"
        )
    return hours * DAYS_PER_YEAR * days / DAYS_PER_WEEK


def compare_purchase_options(*, hours_per_day: float = 24, days_per_week: float = 7, instances: int = 1):
    """Yearly cost of running instances under each purchase option, cheapest first.

    Prices are us-east-1 Linux list prices for one example type
    (:data:`PRICED_INSTANCE_TYPE`) from ``awsbasics/data/ec2.json``: teaching
    estimates. On-Demand and Spot bill only the hours used; a Reserved Instance
    or Savings Plan bills every hour of the year, used or not, so it wins only
    above its ``break_even_hours_per_day`` (on ``days_per_week`` days a week; above
    24 it never does).

    >>> table = compare_purchase_options(hours_per_day=24)
    >>> table.loc[table["plan"] == "Standard RI, 1 year, No Upfront", "break_even_hours_per_day"].item()
    15.0

    Raises:
        CapacityError: hours or days outside a day or week, or fewer than one instance.
        TypeError: a non-numeric argument.
    """
    import pandas as pd

    used_hours = _usage(hours_per_day, days_per_week, instances)
    days = float(days_per_week)
    prices = data.fact("ec2", "prices")
    rows = [dict(zip(prices["columns"], row)) for row in prices["rows"]]
    on_demand = next(r["effective_usd_per_hour"] for r in rows if r["option"] == "On-Demand")
    rows.append(
        {
            "option": "Spot Instance",
            "plan": "Spot (price varies)",
            "term_years": 0,
            "payment": "none",
            "effective_usd_per_hour": data.value("ec2", "spot_price_example"),
        }
    )
    table = []
    for row in rows:
        rate = row["effective_usd_per_hour"]
        committed = row["term_years"] > 0
        billed = HOURS_PER_YEAR if committed else used_hours
        cost = rate * billed * instances
        on_demand_cost = on_demand * used_hours * instances
        table.append(
            {
                "plan": row["plan"],
                "option": row["option"],
                "term_years": row["term_years"],
                "payment": row["payment"],
                "usd_per_hour": rate,
                "billed_hours_per_year": round(billed * instances, 1),
                "cost_usd_per_year": round(cost, 2),
                "savings_vs_on_demand_pct": round(100 * (1 - cost / on_demand_cost), 1) if on_demand_cost else None,
                "break_even_hours_per_day": (
                    round(rate * HOURS_PER_DAY * DAYS_PER_WEEK / (on_demand * days), 2) if committed and days else None
                ),
                "interruptible": row["option"] == "Spot Instance",
            }
        )
    frame = pd.DataFrame(table).sort_values(["cost_usd_per_year", "plan"], kind="stable").reset_index(drop=True)
    frame.attrs["instance_type"] = PRICED_INSTANCE_TYPE
    frame.attrs["hours_per_day"] = float(hours_per_day)
    return frame


def break_even_figure(*, days_per_week: float = 7, instances: int = 1):
    """A plotly figure: yearly cost against hours used per day, one line per purchase plan.

    Where a commitment's flat line crosses the rising On-Demand line is its break-even point.
    """
    _usage(0, days_per_week, instances)
    steps = range(0, HOURS_PER_DAY + 1)
    tables = {
        h: compare_purchase_options(hours_per_day=h, days_per_week=days_per_week, instances=instances) for h in steps
    }
    return view("compute.break_even_figure")(
        tables,
        instance_type=PRICED_INSTANCE_TYPE,
        region=_PRICE_REGION,
        days_per_week=days_per_week,
        instances=instances,
    )


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
    import pandas as pd

    kind = InstanceType.parse(instance_type)
    seed = require_int(seed, "seed")
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
    rng = random.Random(seed)
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
            host = f"host-{rng.randrange(16**4):04x}"
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
