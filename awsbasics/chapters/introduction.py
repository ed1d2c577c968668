"""Chapter 00 exercises: size fixed capacity, give elastic capacity its headroom, and price the trade-offs.

The two constructive exercises take a plan from the learner (a server count, a
headroom), run it through :mod:`awsbasics.economics` and grade what it does to
the year's demand; the feedback names the idea a wrong plan reveals.
"""

from __future__ import annotations

from awsbasics import data
from awsbasics.chapters.exercise import Exercise, GradedExercise, whole_number
from awsbasics.economics import (
    COMMITMENT_OPTIONS,
    ON_DEMAND_USD_PER_HOUR,
    ONPREM,
    PUBLIC_IPV4_USD_PER_HOUR,
    break_even_utilisation,
    elastic_capacity,
    fixed_capacity,
    servers_for_days_served,
    simulate_demand,
)
from awsbasics.economics.tco import HOURS_PER_YEAR

SEED = 7
TARGET_DAYS_PCT = 99
DELAY_HOURS = 2
TARGET_SERVED_PCT = 99.9


def _fixed_for_days(demand, days_needed: int):
    best = servers_for_days_served(demand, days=days_needed)
    allowed_short = demand.days - days_needed

    def grade(servers: int) -> tuple[bool, str]:
        plan = fixed_capacity(demand, servers=servers)
        served = demand.days - plan.days_short
        said = f"With {servers} servers the site is short on {plan.days_short} days ({served} of {demand.days} served)."
        if plan.days_short >= len(demand.rush_days):
            return False, (
                f"{said} That sizes the site for a normal day. {TARGET_DAYS_PCT}% of {demand.days} days leaves only "
                f"{allowed_short} days you may miss, fewer than the {len(demand.rush_days)} rush days: a percentage "
                "target does not let you ignore a peak that lasts longer than the slack."
            )
        if served < days_needed:
            return False, (
                f"{said} The target allows {allowed_short}. A day is served only if its busiest hour is, and the "
                f"busiest holiday hours still run above {servers} servers: size for the peak hour, not the typical one."
            )
        if servers > best:
            return False, (
                f"{said} That meets the target, but fewer servers would too: you sized for the busiest hour of the "
                f"year, and every extra server is paid for {plan.demand.days} days to stand idle "
                f"({plan.idle_server_hours:,.0f} idle server-hours here)."
            )
        return True, (
            f"{said} The smallest plan that meets the target; still only {plan.utilisation:.0%} of its "
            f"server-hours do work, for USD {plan.total_usd:,.0f} a year."
        )

    return best, grade


def _headroom_for_served(demand, delay: int, target_pct: float):
    def served_pct(headroom: int) -> float:
        return 100 * elastic_capacity(demand, launch_delay_hours=delay, headroom_servers=headroom).served_fraction

    best = next(h for h in range(0, 100) if served_pct(h) >= target_pct)

    def grade(headroom: int) -> tuple[bool, str]:
        plan = elastic_capacity(demand, launch_delay_hours=delay, headroom_servers=headroom)
        pct = 100 * plan.served_fraction
        said = f"With {headroom} spare servers the fleet serves {pct:.3f}% of the demand (USD {plan.total_usd:,.0f} a year)."
        if pct < target_pct:
            return False, (
                f"{said} Elastic capacity is not instant: each hour the fleet is what demand needed {delay} hours "
                "earlier, so while demand climbs (every evening, and before each holiday) it runs short unless "
                "spare servers cover the climb."
            )
        if headroom > best:
            return False, (
                f"{said} That meets the target, but spare servers are paid every hour of the year: "
                "a smaller headroom does it too."
            )
        return True, f"{said} The smallest headroom that meets the target."

    return best, grade


def _cheapest_mix(base: int, extra: int, extra_hours: int) -> tuple[tuple[str, ...], str]:
    """The choices of the commitment question and the cheapest one, priced with the sourced rates."""
    rows = data.fact("ec2", "prices")["rows"]
    committed = next(row[-1] for row in rows if row[1] == "Compute Savings Plan, 3 years")
    onprem_year = ONPREM["server_price_usd"] / ONPREM["lifetime_years"] + 12 * ONPREM["running_usd_per_month"]
    costs = {
        "All of it On-Demand": (base * HOURS_PER_YEAR + extra * extra_hours) * ON_DEMAND_USD_PER_HOUR,
        f"Commit the {base} always-on instances for 3 years, run the rush On-Demand": (
            base * HOURS_PER_YEAR * committed + extra * extra_hours * ON_DEMAND_USD_PER_HOUR
        ),
        f"Commit all {base + extra} instances for 3 years": (base + extra) * HOURS_PER_YEAR * committed,
        f"Buy {base + extra} servers for the data centre": (base + extra) * onprem_year,
    }
    return tuple(costs), min(costs, key=lambda name: costs[name])


def exercises() -> tuple[Exercise, ...]:
    """The six exercises of chapter 00, answers computed by the economics engine."""
    demand = simulate_demand(seed=SEED)
    days_needed = -(-demand.days * TARGET_DAYS_PCT // 100)  # ceiling: "at least 99% of days"
    best_fixed, grade_fixed = _fixed_for_days(demand, days_needed)
    best_headroom, grade_headroom = _headroom_for_served(demand, DELAY_HOURS, TARGET_SERVED_PCT)
    mix_choices, mix_answer = _cheapest_mix(base=8, extra=30, extra_hours=240)
    planning = [
        "Nothing: cloud capacity is unlimited and appears the moment you ask",
        "Check the account's On-Demand vCPU quota and raise it, and reserve the capacity for those days",
        "Buy the servers now so they are ready",
        "Turn Auto Scaling off so the bill cannot grow",
    ]
    return (
        GradedExercise(
            id="00-fixed-99-days",
            question=(
                f"Build it: with simulate_demand(seed={SEED}) (base 10, holiday peak 40), choose the fewest fixed "
                f"servers that serve every hour of at least {TARGET_DAYS_PCT}% of the days of {demand.year}. "
                "Try plans with economics.fixed_capacity(...) first, then answer with the server count."
            ),
            answer=best_fixed,
            explanation="A day counts as served when the servers cover its busiest hour.",
            hint_text=(
                f"{TARGET_DAYS_PCT}% of {demand.days} days: how many days may you miss? Compare that with the number "
                "of rush days, then look at fixed_capacity(...).days_short for a few server counts."
            ),
            kind="number",
            parse=whole_number,
            form=(".check(12)", "a whole number"),
            grade=grade_fixed,
        ),
        GradedExercise(
            id="00-headroom",
            question=(
                f"Build it: the same demand, served by elastic capacity that arrives {DELAY_HOURS} hours late. "
                f"Choose the fewest spare servers (headroom_servers) that serve at least {TARGET_SERVED_PCT}% of the "
                "year's demand."
            ),
            answer=best_headroom,
            explanation="Headroom is capacity kept ahead of demand to cover the climb while new instances launch.",
            hint_text=(
                f"Try elastic_capacity(demand, launch_delay_hours={DELAY_HOURS}, headroom_servers=h).served_fraction "
                "for h = 0, 1, 2, ..."
            ),
            kind="number",
            parse=whole_number,
            form=(".check(12)", "a whole number"),
            grade=grade_headroom,
        ),
        Exercise(
            id="00-capacity-planning",
            question=(
                "Your shop expects Chuseok to need 300 more instances of one type in the Seoul Region for three days. "
                "What do you do beforehand?"
            ),
            answer=planning[1],
            choices=tuple(planning),
            explanation=(
                "Elastic does not mean unlimited: "
                + data.value("economics", "capacity_planning")
                + " Capacity planning (용량 추정) moved from buying hardware to quotas and reservations."
            ),
            hint_text="What can make a launch fail even though you are willing to pay for it?",
            kind="choice",
        ),
        Exercise(
            id="00-commitment-mix",
            question=(
                "Eight instances run every hour of the year; the holiday rush adds 30 more for 240 hours. "
                "Which plan costs the least (prices: On-Demand and a 3-year Compute Savings Plan for m5.xlarge)?"
            ),
            answer=mix_answer,
            choices=mix_choices,
            explanation=(
                "A commitment (" + ", ".join(COMMITMENT_OPTIONS) + ") is paid every hour of its term, used or not: it "
                "turns that part of the bill back into a fixed cost. It pays off for what runs all the time, "
                "and loses money on capacity that runs a few days a year."
            ),
            hint_text="Price each plan per hour it is paid for, not per hour it is used.",
            kind="choice",
        ),
        Exercise(
            id="00-break-even",
            question=(
                "A server costs USD 4,000, is used for 5 years and costs USD 30 a month to run; renting the same "
                "capacity costs USD 0.20 an hour. Above what utilisation, in percent, does owning cost less per busy "
                "hour? (within 1 percentage point)"
            ),
            answer=round(
                100
                * break_even_utilisation(
                    server_price_usd=4000, lifetime_years=5, running_usd_per_month=30, cloud_usd_per_hour=0.20
                ),
                1,
            ),
            explanation=(
                "An owned server is paid for every hour of its life, busy or idle; a rented one only while it "
                "runs. Owning wins only when the server is busy most of the time."
            ),
            hint_text="Total cost of owning over the server's life, divided by what renting every hour of that life costs.",
            kind="number",
            tolerance=1,
        ),
        Exercise(
            id="00-public-ipv4",
            question=(
                "Twenty instances, each with a public IPv4 address, run every hour of a 365-day year. How many USD "
                "does the public IPv4 charge add to the year's bill?"
            ),
            answer=round(20 * HOURS_PER_YEAR * PUBLIC_IPV4_USD_PER_HOUR, 2),
            explanation=(
                "Cloud prices do not only fall: since February 2024 AWS charges for every public IPv4 address by the "
                "hour, attached to a running instance or not."
            ),
            hint_text="Addresses x hours in the year x the hourly charge in the 'What changed since 2020' table.",
            kind="number",
            tolerance=1,
        ),
    )
