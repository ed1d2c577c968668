"""Chapter 00: why the cloud — fixed on-premises capacity against elastic capacity.

A commerce site's traffic spikes around Seollal and Chuseok. Bought servers
must be sized for the peak and sit idle the rest of the year; cloud capacity
follows demand (a little late) and is paid by the hour:

    >>> from awsbasics.economics import compare, simulate_demand
    >>> result = compare(simulate_demand(seed=7), fixed_servers=40, launch_delay_hours=1)
    >>> result.fixed.utilisation < 0.25 < result.elastic.utilisation
    True

Modules: :mod:`~awsbasics.economics.demand` (the year of demand),
:mod:`~awsbasics.economics.capacity` (fixed and elastic plans),
:mod:`~awsbasics.economics.tco` (the break-even utilisation).
"""

from awsbasics.economics.capacity import (
    COMMITMENT_OPTIONS,
    MAX_LAUNCH_DELAY_HOURS,
    ON_DEMAND_USD_PER_HOUR,
    ONPREM,
    PUBLIC_IPV4_USD_PER_HOUR,
    CapacityPlan,
    Comparison,
    compare,
    elastic_capacity,
    fixed_capacity,
    servers_for_days_served,
)
from awsbasics.economics.demand import MAX_SERVERS, Demand, holidays, simulate_demand
from awsbasics.economics.tco import break_even_utilisation, owned_usd_per_used_hour
from awsbasics.errors import CapacityPlanError

__all__ = [
    "Demand",
    "simulate_demand",
    "holidays",
    "CapacityPlan",
    "Comparison",
    "fixed_capacity",
    "elastic_capacity",
    "compare",
    "servers_for_days_served",
    "owned_usd_per_used_hour",
    "break_even_utilisation",
    "CapacityPlanError",
    "ON_DEMAND_USD_PER_HOUR",
    "PUBLIC_IPV4_USD_PER_HOUR",
    "ONPREM",
    "COMMITMENT_OPTIONS",
    "MAX_SERVERS",
    "MAX_LAUNCH_DELAY_HOURS",
]
