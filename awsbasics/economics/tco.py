"""Total cost of ownership: when does owning a server cost less than renting one by the hour?

An owned server costs the same whether it is busy or idle, so its price per
*useful* hour falls as its utilisation rises; an On-Demand instance that runs
only when needed costs the same per useful hour at any utilisation. The
break-even utilisation is where the two meet.

https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/aws-pricing-overview.html
"""

from __future__ import annotations

import math

from awsbasics.economics.demand import finite_number
from awsbasics.errors import CapacityPlanError

__all__ = ["owned_usd_per_used_hour", "break_even_utilisation", "HOURS_PER_YEAR"]

HOURS_PER_YEAR = 365 * 24


def _lifetime_cost(server_price_usd, lifetime_years, running_usd_per_month) -> tuple[float, float]:
    """(USD over the server's life, hours in its life), checked."""
    price = finite_number(server_price_usd, "server_price_usd")
    years = finite_number(lifetime_years, "lifetime_years")
    running = finite_number(running_usd_per_month, "running_usd_per_month")
    if price < 0 or running < 0:
        raise CapacityPlanError(
            f"server_price_usd={server_price_usd}, running_usd_per_month={running_usd_per_month}: costs cannot be negative"
        )
    if years <= 0:
        raise CapacityPlanError(f"lifetime_years={lifetime_years}: a server is used for more than 0 years")
    return price + running * 12 * years, years * HOURS_PER_YEAR


def owned_usd_per_used_hour(
    *, server_price_usd: float, lifetime_years: float, utilisation: float, running_usd_per_month: float = 0.0
) -> float:
    """What one *busy* hour of an owned server costs, at a given utilisation (0 to 1).

    >>> owned_usd_per_used_hour(server_price_usd=8760, lifetime_years=1, utilisation=0.5)
    2.0

    Raises:
        CapacityPlanError: a negative cost, a lifetime of 0 years, or a utilisation outside (0, 1].
    """
    total, hours = _lifetime_cost(server_price_usd, lifetime_years, running_usd_per_month)
    used = finite_number(utilisation, "utilisation")
    if not 0 < used <= 1:
        raise CapacityPlanError(f"utilisation={utilisation}: a share of the hours, above 0 and at most 1")
    return _ratio(total, hours * used, f"utilisation={utilisation}, lifetime_years={lifetime_years}")


def break_even_utilisation(
    *, server_price_usd: float, lifetime_years: float, cloud_usd_per_hour: float, running_usd_per_month: float = 0.0
) -> float:
    """The utilisation above which owning a server costs less per busy hour than renting it.

    A value above 1 means renting is cheaper even for a server busy every hour.

    >>> round(break_even_utilisation(server_price_usd=3000, lifetime_years=4,
    ...                              running_usd_per_month=50, cloud_usd_per_hour=0.192), 4)
    0.8027

    Raises:
        CapacityPlanError: a negative cost, a lifetime of 0 years, or a cloud price not above 0.
    """
    total, hours = _lifetime_cost(server_price_usd, lifetime_years, running_usd_per_month)
    rate = finite_number(cloud_usd_per_hour, "cloud_usd_per_hour")
    if rate <= 0:
        raise CapacityPlanError(f"cloud_usd_per_hour={cloud_usd_per_hour}: an hourly price is above 0")
    return _ratio(total, hours * rate, f"cloud_usd_per_hour={cloud_usd_per_hour}, lifetime_years={lifetime_years}")


def _ratio(total: float, per: float, what: str) -> float:
    """``total / per``, refused when float arithmetic cannot give a finite answer (values near 0 or 1e308)."""
    result = total / per if per > 0 else math.inf
    if not math.isfinite(total) or not math.isfinite(result):
        raise CapacityPlanError(
            f"{what}: the costs and hours are too large or too close to 0 to divide; use values of a real server"
        )
    return result
