"""Lifecycle rule or S3 Intelligent-Tiering? The same data priced both ways, and the read rate where they cross.

A lifecycle rule moves objects on fixed days whatever happens to them, and every
read from an infrequent-access or archive class pays a retrieval fee. Intelligent-
Tiering moves each object by its own reads, charges no retrieval fee, and costs
a monitoring fee per object. Which is cheaper depends on how often the data is
read, so :func:`compare_intelligent_tiering` prices both over a range of
monthly read fractions and finds the break-even::

    >>> rule = Lifecycle(transitions=(("STANDARD_IA", 30),))
    >>> choice = compare_intelligent_tiering(rule, size_gb=1000, object_count=100_000, months=12)
    >>> 0 < choice.break_even < 1
    True

Both sides start in S3 Standard on day 0; Intelligent-Tiering is reached by a
rule that moves objects on day 0 (one transition request each), and reads are
spread at random over the objects. Request charges for the reads themselves are
the same either way and left out.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics.errors import LifecycleError
from awsbasics.storage.lifecycle.cost import lifecycle_cost
from awsbasics.storage.lifecycle.rules import Lifecycle

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TieringChoice", "compare_intelligent_tiering", "INTELLIGENT_TIERING_RULE"]

INTELLIGENT_TIERING_RULE = Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),))
_STEPS_MIN, _STEPS_MAX = 2, 100  # points on the read-fraction axis: a readable curve, a bounded amount of work
_BISECTIONS = 30  # halvings of the bracketing interval: the break-even to about 1e-9


@dataclass(frozen=True)
class TieringChoice(Rendered):
    """The cost of one data set under a lifecycle rule and under Intelligent-Tiering, by monthly read fraction.

    ``table`` is a DataFrame (``read_fraction``, ``lifecycle_usd``,
    ``intelligent_tiering_usd``, ``cheaper``); ``break_even`` is the read fraction
    where the two cost the same, or None when one is cheaper at every rate.
    """

    lifecycle: Lifecycle
    description: str
    table: pd.DataFrame
    break_even: float | None

    _view_ = "s3.tiering_choice_view"

    @property
    def verdict(self) -> str:
        """One sentence: which is cheaper, and from which read rate the other takes over."""
        first, last = self.table.iloc[0], self.table.iloc[-1]
        if self.break_even is None:
            winner = first["cheaper"]
            return f"{winner} is cheaper at every read rate from 0% to 100% of the objects a month."
        return (
            f"{first['cheaper']} is cheaper while fewer than {self.break_even:.1%} of the objects are read in a "
            f"month; above that, {last['cheaper']} is."
        )

    def figure(self):
        """Both totals against the monthly read fraction, with the break-even marked (plotly)."""
        return view("s3.tiering_choice_figure")(self)

    def text(self) -> str:
        return f"{self.description}\n{self.verdict}"


def compare_intelligent_tiering(
    lifecycle: Lifecycle,
    *,
    size_gb: float,
    object_count: int,
    months: int,
    region: str = "us-east-1",
    steps: int = 21,
) -> TieringChoice:
    """Price ``lifecycle`` and Intelligent-Tiering for the same data at ``steps`` read fractions from 0 to 1.

    The lifecycle side pays retrieval on what is read (``read fraction x size_gb``
    a month, through :func:`lifecycle_cost`); the Intelligent-Tiering side keeps
    read objects in its Frequent Access tier. The break-even is refined between
    the grid points where the cheaper side changes.

    Raises:
        LifecycleError: ``steps`` outside 2-100, or what :func:`lifecycle_cost` refuses.
        TypeError: arguments of the wrong kind.
    """
    import pandas as pd

    steps = require_int(steps, "steps")
    if not _STEPS_MIN <= steps <= _STEPS_MAX:
        raise LifecycleError(f"steps={steps}: price {_STEPS_MIN} to {_STEPS_MAX} read fractions")

    def gap(fraction: float) -> tuple[float, float, float]:
        rule = lifecycle_cost(
            lifecycle,
            size_gb=size_gb,
            object_count=object_count,
            months=months,
            region=region,
            retrieved_gb_per_month=fraction * size_gb,
        ).total_usd
        tiering = lifecycle_cost(
            INTELLIGENT_TIERING_RULE,
            size_gb=size_gb,
            object_count=object_count,
            months=months,
            region=region,
            read_fraction_per_month=fraction,
        ).total_usd
        return rule, tiering, rule - tiering

    fractions = [i / (steps - 1) for i in range(steps)]
    priced = [gap(f) for f in fractions]
    table = pd.DataFrame(
        {
            "read_fraction": fractions,
            "lifecycle_usd": [p[0] for p in priced],
            "intelligent_tiering_usd": [p[1] for p in priced],
        }
    )
    table["cheaper"] = ["Intelligent-Tiering" if p[2] > 0 else "the lifecycle rule" for p in priced]
    break_even = None
    for (low, (_, _, below)), (high, (_, _, above)) in zip(zip(fractions, priced), zip(fractions[1:], priced[1:])):
        if (below > 0) != (above > 0):
            for _ in range(_BISECTIONS):
                middle = (low + high) / 2
                if (gap(middle)[2] > 0) == (below > 0):
                    low = middle
                else:
                    high = middle
            break_even = (low + high) / 2
            break
    description = (
        f"{size_gb:,g} GB in {object_count:,} object(s), {region}, {months} months: "
        f"{lifecycle.timeline} vs INTELLIGENT_TIERING"
    )
    return TieringChoice(lifecycle, description, table, break_even)
