"""Where an EC2 instance's data can live: instance store, EBS, EFS and S3 side by side.

    >>> storage_options().rows[0][0]
    'Instance store'

The table comes from ``awsbasics/data/ec2.json`` with its source and as-of date.
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Storage.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table

__all__ = ["StorageOptions", "storage_options"]


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
