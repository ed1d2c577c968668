"""Fixed on-premises capacity against elastic cloud capacity, over one year of demand.

On-premises (온프레미스), capacity is bought up front in whole servers: a capital
expense (자본 비용) sized for the peak the business wants to serve, idle the rest
of the year (over-provisioning, 오버 프로비저닝). In the cloud, capacity follows
demand and is paid per hour, a variable expense (가변 비용); but it follows late,
by the time an alarm fires and an instance launches.

    >>> year = simulate_demand(seed=7)
    >>> fixed = fixed_capacity(year, servers=42)
    >>> fixed.days_short, fixed.total_usd
    (0, 56700.0)
    >>> elastic = elastic_capacity(year, launch_delay_hours=0)
    >>> elastic.days_short, elastic.total_usd < fixed.total_usd
    (0, True)

Prices: the On-Demand rate is the m5.xlarge list price in ``awsbasics/data/ec2.json``;
the on-premises server is a teaching assumption in ``awsbasics/data/economics.json``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.economics.demand import HOURS, MAX_SERVERS, YEAR, Demand, simulate_demand  # noqa: F401 - the doctests use it
from awsbasics.errors import CapacityPlanError

__all__ = [
    "CapacityPlan",
    "Comparison",
    "fixed_capacity",
    "elastic_capacity",
    "compare",
    "servers_for_days_served",
    "ON_DEMAND_USD_PER_HOUR",
    "PUBLIC_IPV4_USD_PER_HOUR",
    "ONPREM",
    "COMMITMENT_OPTIONS",
    "MAX_LAUNCH_DELAY_HOURS",
]


def _on_demand_rate() -> float:
    table = data.fact("ec2", "prices")
    return next(row[-1] for row in table["rows"] if row[0] == "On-Demand")


ON_DEMAND_USD_PER_HOUR: float = _on_demand_rate()
PUBLIC_IPV4_USD_PER_HOUR: float = data.value("economics", "public_ipv4_usd_per_hour")
ONPREM: dict = data.value("economics", "onprem_assumptions")
# The purchase options that trade a 1- or 3-year commitment for a lower rate.
COMMITMENT_OPTIONS: tuple[str, ...] = tuple(
    row[0] for row in data.fact("ec2", "purchase_options")["rows"] if row[2].startswith("1 or 3 years") and row[5]
)
MAX_LAUNCH_DELAY_HOURS = 7 * 24
MONTHS = 12

# The calendar month (0-11) of every hour of the year.
_MONTH_OF_HOUR = (
    np.arange(f"{YEAR}-01-01T00", f"{YEAR + 1}-01-01T00", dtype="datetime64[h]").astype("datetime64[M]").astype(int)
    % MONTHS
)


def _check_servers(value: object, what: str) -> int:
    value = require_int(value, what)
    if not 0 <= value <= MAX_SERVERS:
        raise CapacityPlanError(f"{what}={value}: a server count is between 0 and {MAX_SERVERS}")
    return value


def _check_demand(demand: object) -> Demand:
    if not isinstance(demand, Demand):
        raise TypeError(f"demand must be a Demand from simulate_demand(), not {type(demand).__name__}")
    return demand


@dataclass(frozen=True, slots=True, eq=False)
class CapacityPlan(Rendered):
    """Servers in place each hour of the year against the demand, and what they cost."""

    name: str
    demand: Demand
    capacity_servers: np.ndarray  # whole servers in place, per hour
    monthly_usd: tuple[float, ...]  # what one month of the year costs
    usd_per_server_hour: float  # one server for one hour, busy or idle
    upfront_usd: float = 0.0  # paid before the first hour (capital expense)

    @property
    def idle_server_hours(self) -> float:
        """Server-hours paid for but not used (over-provisioning)."""
        return float(np.maximum(self.capacity_servers - self.demand.hourly_servers, 0).sum())

    @property
    def unserved_server_hours(self) -> float:
        """Demand no server was there to serve: lost sales, slow pages."""
        return float(np.maximum(self.demand.hourly_servers - self.capacity_servers, 0).sum())

    @property
    def served_fraction(self) -> float:
        return 1 - self.unserved_server_hours / self.demand.total_server_hours

    @property
    def utilisation(self) -> float:
        """Share of the paid server-hours that served demand."""
        paid = float(self.capacity_servers.sum())
        return (paid - self.idle_server_hours) / paid if paid else 0.0

    @property
    def days_short(self) -> int:
        """Days with at least one hour of unserved demand."""
        short = self.demand.hourly_servers > self.capacity_servers
        return int(short.reshape(self.demand.days, 24).any(axis=1).sum())

    @property
    def daily_peak_servers(self) -> np.ndarray:
        """The most servers in place during each day."""
        return self.capacity_servers.reshape(self.demand.days, 24).max(axis=1)

    @property
    def total_usd(self) -> float:
        return round(sum(self.monthly_usd), 2)

    def rows(self) -> list[tuple[str, object]]:
        """(measure, value) pairs, units in the names: the plan's table."""
        return [
            ("most_servers", int(self.capacity_servers.max())),
            ("idle_server_hours", round(self.idle_server_hours)),
            ("unserved_server_hours", round(self.unserved_server_hours, 1)),
            ("days_short", self.days_short),
            ("demand_served_pct", round(100 * self.served_fraction, 2)),
            ("utilisation_pct", round(100 * self.utilisation, 1)),
            ("usd_per_server_hour", round(self.usd_per_server_hour, 4)),
            ("upfront_usd", round(self.upfront_usd)),
            ("year_usd", round(self.total_usd)),
        ]

    _view_ = "economics.plan_view"

    def text(self) -> str:
        return f"{self.name}\n" + text_table(["measure", "value"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def fixed_capacity(demand: Demand, *, servers: int) -> CapacityPlan:
    """``servers`` on-premises servers, bought up front and in place every hour of the year.

    The year's cost is the purchase spread over the server's life plus what it
    takes to run it (both teaching assumptions, :data:`ONPREM`).

    >>> plan = fixed_capacity(simulate_demand(seed=0), servers=2)
    >>> plan.upfront_usd, plan.monthly_usd[0]
    (6000.0, 225.0)

    Raises:
        CapacityPlanError: ``servers`` below 0 or above the model's limit.
    """
    _check_demand(demand)
    _check_servers(servers, "servers")
    per_month = ONPREM["server_price_usd"] / (ONPREM["lifetime_years"] * MONTHS) + ONPREM["running_usd_per_month"]
    capacity = np.full(HOURS, servers)
    capacity.setflags(write=False)
    return CapacityPlan(
        name=f"Fixed on-premises: {servers} servers bought up front",
        demand=demand,
        capacity_servers=capacity,
        monthly_usd=(servers * per_month,) * MONTHS,
        usd_per_server_hour=per_month * MONTHS / HOURS,
        upfront_usd=float(servers * ONPREM["server_price_usd"]),
    )


def elastic_capacity(
    demand: Demand,
    *,
    launch_delay_hours: int = 1,
    headroom_servers: int = 0,
    public_ipv4: bool = False,
) -> CapacityPlan:
    """On-Demand instances that follow demand, ``launch_delay_hours`` late.

    Each hour the fleet is what the demand of ``launch_delay_hours`` earlier
    needed, in whole instances, plus ``headroom_servers`` kept spare for the
    climb. The first hours start with what the first hour needs.

    >>> year = simulate_demand(seed=0)
    >>> late = elastic_capacity(year, launch_delay_hours=3)
    >>> int(late.capacity_servers[3]) == math.ceil(year.hourly_servers[0])
    True

    Raises:
        CapacityPlanError: a delay outside 0 to a week, or a negative headroom.
        TypeError: ``public_ipv4`` that is not a bool.
    """
    _check_demand(demand)
    launch_delay_hours = require_int(launch_delay_hours, "launch_delay_hours")
    _check_servers(headroom_servers, "headroom_servers")
    if not isinstance(public_ipv4, bool):
        raise TypeError(f"public_ipv4 must be bool, not {type(public_ipv4).__name__}")
    if not 0 <= launch_delay_hours <= MAX_LAUNCH_DELAY_HOURS:
        raise CapacityPlanError(
            f"launch_delay_hours={launch_delay_hours}: the delay is between 0 and "
            f"{MAX_LAUNCH_DELAY_HOURS} hours (one week)"
        )
    needed = np.ceil(demand.hourly_servers).astype(int)
    seen = np.concatenate([np.full(launch_delay_hours, needed[0]), needed[: HOURS - launch_delay_hours]])
    capacity = seen + headroom_servers
    capacity.setflags(write=False)
    rate = ON_DEMAND_USD_PER_HOUR + (PUBLIC_IPV4_USD_PER_HOUR if public_ipv4 else 0.0)
    monthly = np.bincount(_MONTH_OF_HOUR, weights=capacity * rate, minlength=MONTHS)
    ipv4 = ", public IPv4" if public_ipv4 else ""
    return CapacityPlan(
        name=(f"Elastic On-Demand: follows demand {launch_delay_hours} h late, {headroom_servers} spare{ipv4}"),
        demand=demand,
        capacity_servers=capacity,
        monthly_usd=tuple(round(float(m), 2) for m in monthly),
        usd_per_server_hour=rate,
    )


def servers_for_days_served(demand: Demand, *, days: int) -> int:
    """The fewest fixed servers that serve every hour of at least ``days`` days of the year.

    >>> year = simulate_demand(seed=0, base_servers=3, peak_servers=3)
    >>> servers_for_days_served(year, days=365) == math.ceil(year.hourly_servers.max())
    True

    Raises:
        CapacityPlanError: ``days`` outside 0 to the days of the year.
    """
    _check_demand(demand)
    days = require_int(days, "days")
    if not 0 <= days <= demand.days:
        raise CapacityPlanError(f"days={days}: between 0 and the {demand.days} days of the year")
    if days == 0:
        return 0
    # A day is served by N servers when N covers its busiest hour: take the days-th smallest peak.
    return math.ceil(np.sort(demand.daily_peak_servers)[days - 1])


@dataclass(frozen=True, slots=True, eq=False)
class Comparison(Rendered):
    """A fixed and an elastic plan for the same demand, side by side."""

    fixed: CapacityPlan
    elastic: CapacityPlan

    @property
    def demand(self) -> Demand:
        return self.fixed.demand

    @property
    def commitments(self) -> tuple[str, ...]:
        """Purchase options that make part of the elastic plan's cost fixed again."""
        return COMMITMENT_OPTIONS

    @property
    def saving_usd(self) -> float:
        """What the elastic plan saves over the fixed one in the year (negative: it costs more)."""
        return round(self.fixed.total_usd - self.elastic.total_usd, 2)

    def rows(self) -> list[tuple[str, object, object]]:
        return [(m, f, e) for (m, f), (_, e) in zip(self.fixed.rows(), self.elastic.rows())]

    def monthly_rows(self) -> list[tuple[str, float, float]]:
        """(month, fixed USD, elastic USD) for each month."""
        names = [dt.date(YEAR, m + 1, 1).strftime("%b") for m in range(MONTHS)]
        return [
            (n, round(f, 2), round(e, 2)) for n, f, e in zip(names, self.fixed.monthly_usd, self.elastic.monthly_usd)
        ]

    @property
    def verdict(self) -> str:
        """One sentence: who costs less, and who leaves demand unserved."""
        cheaper, dearer = (self.elastic, self.fixed) if self.saving_usd >= 0 else (self.fixed, self.elastic)
        kind = "elastic" if cheaper is self.elastic else "fixed"
        return (
            f"The {kind} plan costs USD {abs(self.saving_usd):,.0f} less over the year "
            f"(USD {cheaper.total_usd:,.0f} against USD {dearer.total_usd:,.0f}); "
            f"fixed is short on {self.fixed.days_short} days, elastic on {self.elastic.days_short}."
        )

    _view_ = "economics.comparison_view"

    def text(self) -> str:
        return (
            f"{self.fixed.name}  vs  {self.elastic.name}\n"
            + text_table(["measure", "fixed", "elastic"], self.rows())
            + f"\n{self.verdict}"
        )

    def figure(self):
        """Demand, fixed and elastic capacity at each day's busiest hour, over the year (plotly)."""
        return view("economics.capacity_figure")(self)

    def diagram(self):
        """Where each plan's money goes: capital expense against pay-per-hour (Graphviz)."""
        return view("economics.cost_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


def compare(
    demand: Demand,
    *,
    fixed_servers: int,
    launch_delay_hours: int = 1,
    headroom_servers: int = 0,
    public_ipv4: bool = False,
) -> Comparison:
    """Run :func:`fixed_capacity` and :func:`elastic_capacity` on the same demand.

    >>> compare(simulate_demand(seed=7), fixed_servers=12).fixed.days_short
    10
    """
    return Comparison(
        fixed_capacity(demand, servers=fixed_servers),
        elastic_capacity(
            demand, launch_delay_hours=launch_delay_hours, headroom_servers=headroom_servers, public_ipv4=public_ipv4
        ),
    )
