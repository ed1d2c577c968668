"""Who runs what (on premises, a database on EC2, RDS, DynamoDB) and the purpose-built database map.

    >>> table = responsibilities()
    >>> table.who("backups", "db_on_ec2"), table.who("backups", "rds")
    ('you', 'AWS')
    >>> [row[0] for row in table.query(model="rds", who="you").rows][:2]
    ['scaling capacity', 'schema, queries, indexes']
    >>> "Amazon Neptune" in [s for s, *_ in purpose_built().rows]
    True

Sources: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Welcome.html,
https://docs.aws.amazon.com/whitepapers/latest/aws-overview/database.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import RdsConfigError

__all__ = ["MODELS", "Responsibilities", "ServiceMap", "responsibilities", "purpose_built", "SCHEMA_CONVERSION"]

_TABLE = data.fact("database", "responsibilities")
MODELS: tuple[str, ...] = tuple(_TABLE["columns"][1:])
SCHEMA_CONVERSION: str = data.value("database", "dms_schema_conversion")
_WHO = ("you", "AWS")


def _choice(value: object, what: str, allowed: tuple[str, ...]) -> str:
    value = require_str(value, what)
    if value not in allowed:
        raise RdsConfigError(f"{what}={value[:40]!r}: one of {', '.join(map(repr, allowed))}")
    return value


@dataclass(frozen=True, slots=True)
class Responsibilities(Rendered):
    """A table of tasks and, for each way of running a database, who does them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(r[0] for r in self.rows)

    def who(self, task: str, model: str) -> str:
        """``"you"`` or ``"AWS"`` for one task in one model."""
        _choice(task, "task", self.tasks)
        _choice(model, "model", MODELS)
        row = self.rows[self.tasks.index(task)]
        return row[self.columns.index(model)]

    def query(self, *, model: str | None = None, who: str | None = None) -> Responsibilities:
        """Only the tasks that ``who`` does in ``model`` (either may be omitted); a table again."""
        columns = self.columns if model is None else ("task", _choice(model, "model", MODELS))
        if who is not None:
            _choice(who, "who", _WHO)
        keep = []
        for row in self.rows:
            cells = dict(zip(self.columns, row))
            picked = tuple(cells[c] for c in columns)
            if who is None or who in picked[1:]:
                keep.append(picked)
        return Responsibilities(tuple(columns), tuple(keep))

    def count(self, model: str, who: str) -> int:
        """How many tasks ``who`` does in ``model``."""
        return len(self.query(model=model, who=who).rows)

    _view_ = "database.responsibility_view"

    def text(self) -> str:
        return text_table(self.columns, self.rows)

    def __repr__(self) -> str:
        return self.text()


def responsibilities() -> Responsibilities:
    """Who does each database task on premises, on EC2, on RDS and on DynamoDB (from the sourced data)."""
    return Responsibilities(tuple(_TABLE["columns"]), tuple(tuple(r) for r in _TABLE["rows"]))


@dataclass(frozen=True, slots=True)
class ServiceMap(Rendered):
    """The purpose-built database services the course names, by kind of database."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    schema_conversion: str

    _view_ = "database.service_map_view"

    def text(self) -> str:
        return text_table(self.columns, self.rows) + f"\nSchema conversion: {self.schema_conversion}."

    def diagram(self):
        """The map as a diagram: kinds of database and the service for each (Graphviz)."""
        return view("database.service_map_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def purpose_built() -> ServiceMap:
    """The database services of the course placed in the purpose-built map, with DMS and schema conversion."""
    table = data.fact("database", "purpose_built")
    return ServiceMap(tuple(table["columns"]), tuple(tuple(r) for r in table["rows"]), SCHEMA_CONVERSION)
