"""What an EC2 instance costs: On-Demand prices by generation and size, and the purchase options compared.

How you pay for an instance is a separate choice from which type it is:
:func:`compare_purchase_options` prices a usage pattern under On-Demand, Reserved
Instances, Savings Plans and Spot (us-east-1 list prices for one example type,
teaching estimates), and :func:`break_even_figure` draws where each commitment
starts to pay off.

    >>> on_demand_usd_per_hour("m7g.large")
    0.0816

Prices come from ``awsbasics/data/ec2.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-purchasing-options.html
"""

from __future__ import annotations

import reprlib

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_str
from awsbasics._protocol import view
from awsbasics.compute.instance_types import InstanceType
from awsbasics.errors import CapacityError, InstanceTypeError

__all__ = [
    "on_demand_usd_per_hour",
    "current_generations",
    "purchase_options",
    "compare_purchase_options",
    "break_even_figure",
    "SPOT_INTERRUPTION_NOTICE_S",
    "PRICED_INSTANCE_TYPE",
]

SPOT_INTERRUPTION_NOTICE_S: int = data.value("ec2", "spot_interruption_notice_s")
PRICED_INSTANCE_TYPE: str = data.fact("ec2", "prices")["instance_type"]
_PRICE_REGION: str = data.fact("ec2", "prices")["region"]
_BOUNDS: dict = data.value("ec2", "library_bounds")

# Calendar constants (not AWS facts): what a usage pattern is measured in.
HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
DAYS_PER_YEAR = 365
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR

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
