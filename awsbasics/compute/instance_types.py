"""EC2 instance type names: what ``m5d.2xlarge`` says, the families, and each series' size ladder.

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

Facts come from ``awsbasics/data/ec2.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
"""

from __future__ import annotations

import difflib
import re
import reprlib
from dataclasses import dataclass
from functools import cache

from awsbasics import data
from awsbasics._checks import require_str
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import InstanceTypeError

__all__ = ["InstanceType", "families_frame", "size_ladder"]

_PROCESSORS: dict[str, str] = data.value("ec2", "processor_letters")
_CAPABILITIES: dict[str, str] = data.value("ec2", "capability_letters")
_SMALL_SIZES: tuple[str, ...] = tuple(data.value("ec2", "size_order"))
_BOUNDS: dict = data.value("ec2", "library_bounds")
# Families whose whole purpose is local disks: they carry instance store without a 'd'.
_STORAGE_FAMILIES = frozenset({"i", "im", "is", "d", "h"})

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
