"""The priced result of a lifecycle simulation: :class:`LifecycleCost`, month by month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics._finding import Finding
from awsbasics._protocol import Rendered, view
from awsbasics.storage.lifecycle._arguments import _RESTORE_TIERS
from awsbasics.storage.lifecycle.classes import _CODES, _TIERS, STORAGE_CLASSES, standard_storage_usd
from awsbasics.storage.lifecycle.engines import DAYS_PER_MONTH, _Breakdown, _class_arrays
from awsbasics.storage.lifecycle.findings import _findings
from awsbasics.storage.lifecycle.rules import Lifecycle

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LifecycleCost"]


@dataclass(frozen=True, eq=False)
class LifecycleCost(Rendered):
    """What a lifecycle rule costs, month by month (a month is 30 days).

    ``monthly`` is a pandas DataFrame indexed by ``month`` (1, 2, ...) with a
    ``<CLASS>_usd`` column per storage class involved, then
    ``transitions_usd``, ``early_deletion_usd``, ``retrieval_usd`` and
    ``total_usd``. ``stored_gb`` holds the average GB stored in each class
    each month. ``findings`` are :class:`~awsbasics._finding.Finding` objects on what drives
    the bill (``str(finding)`` is its sentence).
    """

    lifecycle: Lifecycle
    region: str
    months: int
    description: str
    monthly: pd.DataFrame
    stored_gb: pd.DataFrame
    findings: tuple[Finding, ...]

    @property
    def storage_usd(self) -> float:
        """Storage charges over the period, all classes."""
        return float(sum(self.by_storage_class_usd.values()))

    @property
    def by_storage_class_usd(self) -> dict[str, float]:
        """Storage charges over the period per storage class."""
        return {
            name.removesuffix("_usd"): float(self.monthly[name].sum())
            for name in self.monthly.columns
            if name.removesuffix("_usd") in STORAGE_CLASSES
        }

    @property
    def transition_usd(self) -> float:
        """Lifecycle transition requests over the period."""
        return float(self.monthly["transitions_usd"].sum())

    @property
    def early_deletion_usd(self) -> float:
        """Remaining days billed for objects that left a class before its minimum duration."""
        return float(self.monthly["early_deletion_usd"].sum())

    @property
    def retrieval_usd(self) -> float:
        """Per-GB retrieval fees over the period."""
        return float(self.monthly["retrieval_usd"].sum())

    @property
    def total_usd(self) -> float:
        """Everything over the period."""
        return float(self.monthly["total_usd"].sum())

    @property
    def days_per_month(self) -> int:
        """The days in one simulated month (:data:`DAYS_PER_MONTH`)."""
        return DAYS_PER_MONTH

    @property
    def statement(self) -> str:
        """One line: what was priced and the totals."""
        return (
            f"{self.description}, {self.region}, {self.months} months of {DAYS_PER_MONTH} days: "
            f"total ${self.total_usd:,.2f} = storage ${self.storage_usd:,.2f} + transitions "
            f"${self.transition_usd:,.2f} + early deletion ${self.early_deletion_usd:,.2f} + retrieval "
            f"${self.retrieval_usd:,.2f}"
        )

    def totals_frame(self):
        """The period's totals as a DataFrame: one row per storage class and charge."""
        import pandas as pd

        rows = [(f"storage: {code}", usd) for code, usd in self.by_storage_class_usd.items()]
        rows += [
            ("transitions", self.transition_usd),
            ("early deletion", self.early_deletion_usd),
            ("retrieval", self.retrieval_usd),
            ("total", self.total_usd),
        ]
        return pd.DataFrame(rows, columns=["charge", "usd"])

    def figure(self):
        """A stacked-area plotly figure of the monthly cost by storage class and charge."""
        return view("s3.monthly_cost_figure")(self)

    _view_ = "s3.cost_view"

    def text(self) -> str:
        """The :attr:`statement`, then one line per finding."""
        return self.statement + "".join(f"\n- {f}" for f in self.findings)

    def __repr__(self) -> str:
        return f"<LifecycleCost {self.statement}>"


def _result(
    breakdown: _Breakdown,
    lifecycle,
    *,
    region,
    months,
    description,
    start_classes,
    retrieved_gb_per_month,
    object_count: float,
    retrieval_tier: str = "Standard",
    read_fraction: float = 0.0,
) -> LifecycleCost:
    import numpy as np
    import pandas as pd

    c = _class_arrays(region)
    breakdown = _tiered_standard(breakdown, region)
    involved = set(start_classes) | {code for code, _ in lifecycle.transitions}
    rows = [i for i, code in enumerate(_CODES) if code in involved]
    stored = breakdown.stored_gb_days
    total_stored = stored.sum(axis=0)
    share = np.divide(stored, total_stored, out=np.zeros_like(stored), where=total_stored > 0)
    fee = c["retrieval"].copy()
    for code, tiers in _RESTORE_TIERS.items():
        if retrieval_tier in tiers:
            fee[_CODES.index(code)] = tiers[retrieval_tier]
    retrieval = retrieved_gb_per_month * (share * fee[:, None]).sum(axis=0)

    monthly = pd.DataFrame(
        {f"{_CODES[i]}_usd": breakdown.storage_usd[i] for i in rows}, index=pd.RangeIndex(1, months + 1, name="month")
    )
    monthly["transitions_usd"] = breakdown.transitions_usd
    monthly["early_deletion_usd"] = breakdown.early_usd.sum(axis=0)
    monthly["retrieval_usd"] = retrieval
    monthly["total_usd"] = monthly.sum(axis=1)
    stored_gb = pd.DataFrame({f"{_CODES[i]}_gb": stored[i] / DAYS_PER_MONTH for i in rows}, index=monthly.index)
    findings = _findings(breakdown, lifecycle, region=region, object_count=object_count, read_fraction=read_fraction)
    return LifecycleCost(lifecycle, region, months, description, monthly, stored_gb, findings)


def _tiered_standard(breakdown: _Breakdown, region: str) -> _Breakdown:
    """Reprice the STANDARD row at the volume tiers: each month's average GB stored sets the tier.

    S3 Standard has no minimum billable size and no archive overhead, so its storage
    charge is its GB-days times the first-tier price; both engines share this step.
    """
    import dataclasses

    import numpy as np

    row = _CODES.index("STANDARD")
    average_gb = breakdown.stored_gb_days[row] / DAYS_PER_MONTH
    if not (average_gb > _TIERS["rows"][0][0] * _TIERS["tb_gb"]).any():
        return breakdown
    storage = np.array(breakdown.storage_usd, dtype=float, copy=True)
    storage[row] = [standard_storage_usd(float(gb), region=region) for gb in average_gb]
    return dataclasses.replace(breakdown, storage_usd=storage)
