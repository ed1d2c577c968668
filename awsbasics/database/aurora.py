"""Aurora storage: six copies in three AZs, a write quorum of four and a read quorum of three.

Every 10 GB piece of an Aurora cluster volume is kept as six copies, two in
each of three Availability Zones. A write is durable once four copies have it;
a read (and the repair of a lost copy) needs three. So losing a whole AZ keeps
both; losing an AZ and one more copy keeps reads but stops writes until a copy
is rebuilt:

    >>> storage_quorum(failed_azs=("az-a",)).can_write
    True
    >>> q = storage_quorum(failed_azs=("az-a",), failed_nodes=("b1",))
    >>> q.can_read, q.can_write
    (True, False)

Sources: https://aws.amazon.com/blogs/database/amazon-aurora-under-the-hood-quorum-and-correlated-failure/,
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Overview.StorageReliability.html
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import AuroraQuorumError

__all__ = ["STORAGE", "AZS", "NODES", "QuorumOutcome", "storage_quorum"]

STORAGE: dict = data.value("database", "aurora_storage")
AZS: tuple[str, ...] = tuple(f"az-{chr(ord('a') + i)}" for i in range(STORAGE["azs"]))
# Storage nodes (copies) by name: "a1", "a2" in az-a, and so on.
NODES: dict[str, str] = {f"{az[-1]}{i + 1}": az for az in AZS for i in range(STORAGE["copies_per_az"])}


def _names(values: object, what: str, known: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple, set, frozenset)):
        raise TypeError(f"{what} must be a list or tuple of names, not {type(values).__name__}")
    known = tuple(known)
    if len(values) > len(known):
        raise AuroraQuorumError(f"{what}: {len(values):,} names, but there are only {len(known)}: {', '.join(known)}")
    names = []
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{what} holds names (str), not {type(value).__name__}")
        if value not in known:
            raise AuroraQuorumError(f"{what}: {value[:40]!r} is not one of {', '.join(known)}")
        names.append(value)
    return tuple(sorted(set(names)))


@dataclass(frozen=True, slots=True)
class QuorumOutcome(Rendered):
    """Which of the six copies are down, and whether reads and writes still reach their quorum."""

    failed_azs: tuple[str, ...]
    failed_nodes: tuple[str, ...]  # every copy down, including those of failed AZs

    @property
    def alive(self) -> tuple[str, ...]:
        return tuple(n for n in NODES if n not in self.failed_nodes)

    @property
    def can_read(self) -> bool:
        return len(self.alive) >= STORAGE["read_quorum"]

    @property
    def can_write(self) -> bool:
        return len(self.alive) >= STORAGE["write_quorum"]

    @property
    def copies_to_rebuild_for_writes(self) -> int:
        """Copies to rebuild before writes resume."""
        return max(0, STORAGE["write_quorum"] - len(self.alive))

    @property
    def repair(self) -> str:
        """What repair does and what it gives back."""
        lost = len(self.failed_nodes)
        if not lost:
            return "All six copies are healthy."
        if not self.can_read:
            return (
                f"Only {len(self.alive)} copies survive, fewer than the read quorum of {STORAGE['read_quorum']}: "
                "this piece of the volume cannot be read or repaired from its copies; restore the cluster "
                "from its continuous backup in Amazon S3."
            )
        where = f" (in AZs other than {', '.join(self.failed_azs)})" if self.failed_azs else ""
        resume = (
            "Writes never stopped."
            if self.can_write
            else f"Writes resume once {self.copies_to_rebuild_for_writes} copy is rebuilt and 4 copies answer."
        )
        return (
            f"Aurora copies the data from a surviving copy (a read quorum of {STORAGE['read_quorum']} is "
            f"available) onto {lost} new storage nodes{where}. {resume}"
        )

    def rows(self) -> list[tuple[str, str, str]]:
        return [(n, az, "down" if n in self.failed_nodes else "up") for n, az in NODES.items()]

    @property
    def verdict(self) -> str:
        reads = "reads continue" if self.can_read else "reads stop"
        writes = "writes continue" if self.can_write else "writes stop"
        return (
            f"{len(self.alive)} of {STORAGE['copies']} copies up (write quorum {STORAGE['write_quorum']}, "
            f"read quorum {STORAGE['read_quorum']}): {reads}, {writes}."
        )

    _view_ = "database.quorum_view"

    def text(self) -> str:
        return f"{self.verdict}\n{self.repair}\n" + text_table(["copy", "az", "state"], self.rows())

    def diagram(self):
        """The six copies in their three AZs, lost ones dashed (Graphviz)."""
        return view("database.quorum_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def storage_quorum(*, failed_azs: Iterable[str] = (), failed_nodes: Iterable[str] = ()) -> QuorumOutcome:
    """Fail whole AZs and/or single storage nodes of one protection group, and check both quorums.

    Node names are ``a1``, ``a2`` (in ``az-a``), ``b1``, ``b2``, ``c1``, ``c2``.

    >>> storage_quorum(failed_nodes=("a1", "b1", "c1")).verdict
    '3 of 6 copies up (write quorum 4, read quorum 3): reads continue, writes stop.'

    Raises:
        AuroraQuorumError: an unknown AZ or node name, or more names than exist.
        TypeError: names that are not a list or tuple of text.
    """
    azs = _names(failed_azs, "failed_azs", AZS)
    nodes = set(_names(failed_nodes, "failed_nodes", NODES))
    nodes |= {n for n, az in NODES.items() if az in azs}
    return QuorumOutcome(azs, tuple(n for n in NODES if n in nodes))
