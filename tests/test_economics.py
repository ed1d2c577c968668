"""Chapter 00 engine: a year of demand, fixed and elastic capacity, the TCO break-even."""

import math

import numpy as np
import pytest

from awsbasics import data, exercises
from awsbasics.economics import (
    ON_DEMAND_USD_PER_HOUR,
    PUBLIC_IPV4_USD_PER_HOUR,
    CapacityPlanError,
    break_even_utilisation,
    compare,
    elastic_capacity,
    fixed_capacity,
    holidays,
    owned_usd_per_used_hour,
    servers_for_days_served,
    simulate_demand,
)
from awsbasics.errors import AwsRuleError


@pytest.fixture(scope="module")
def year():
    return simulate_demand(seed=7)


# --- demand -----------------------------------------------------------------


def test_demand_is_deterministic_per_seed():
    a, b, c = simulate_demand(seed=3), simulate_demand(seed=3), simulate_demand(seed=4)
    assert np.array_equal(a.hourly_servers, b.hourly_servers)
    assert not np.array_equal(a.hourly_servers, c.hourly_servers)


def test_demand_without_a_rush_stays_inside_its_daily_band():
    flat = simulate_demand(seed=0, base_servers=10, peak_servers=10)
    # 0.4 .. 1.0 of the base, times noise clipped to +-9 %.
    assert flat.hourly_servers.min() >= 10 * 0.4 * 0.91 - 1e-9
    assert flat.hourly_servers.max() <= 10 * 1.0 * 1.09 + 1e-9
    assert flat.hourly_servers.shape == (8760,)
    assert not flat.hourly_servers.flags.writeable


def test_rush_days_are_two_lead_days_and_the_holidays():
    assert [(h[1], h[2].isoformat(), h[3].isoformat()) for h in holidays()] == [
        ("설날", "2026-02-16", "2026-02-18"),
        ("추석", "2026-09-24", "2026-09-26"),
    ]
    rush = [d.isoformat() for d in simulate_demand(seed=0).rush_days]
    assert rush == [
        "2026-02-14",
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-09-22",
        "2026-09-23",
        "2026-09-24",
        "2026-09-25",
        "2026-09-26",
    ]


def test_the_ten_busiest_days_are_the_rush_days(year):
    busiest = {year.dates[i] for i in np.argsort(year.daily_peak_servers)[-10:]}
    assert busiest == {d.isoformat() for d in year.rush_days}
    assert year.dates[0] == "2026-01-01" and year.dates[-1] == "2026-12-31"


def test_demand_text():
    assert simulate_demand(seed=7).text() == (
        "Hourly demand for 2026 (seed 7): mean 7.5, busiest hour 41.6 servers' worth of load "
        "(2026-02-16 20:00); 10 rush days around Seollal and Chuseok"
    )


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"seed": -1}, CapacityPlanError, r"seed=-1: a seed is a non-negative int"),
        ({"seed": 1.5}, TypeError, r"seed must be int, not float"),
        ({"seed": True}, TypeError, r"seed must be int, not bool"),
        ({"base_servers": 0}, CapacityPlanError, r"base_servers=0: demand must be above 0 and at most 10000"),
        ({"base_servers": "10"}, TypeError, r"base_servers must be a number, not str"),
        (
            {"base_servers": 20, "peak_servers": 10},
            CapacityPlanError,
            r"peak_servers=10: the holiday peak must be at least base_servers=20",
        ),
        ({"peak_servers": 10**9}, CapacityPlanError, r"at most 10000 servers' worth"),
    ],
)
def test_bad_demand_inputs(options, error, pattern):
    with pytest.raises(error, match=pattern):
        simulate_demand(**options)


# --- fixed capacity ------------------------------------------------------------


def test_fixed_cost_by_hand(year):
    # USD 3,000 over 4 years = 62.50 a month, plus 50 a month to run: 112.50 a server-month.
    plan = fixed_capacity(year, servers=40)
    assert plan.monthly_usd == (4500.0,) * 12
    assert plan.total_usd == 54000.0
    assert plan.upfront_usd == 120000.0
    assert plan.usd_per_server_hour == pytest.approx(1350 / 8760)


def test_fixed_measures_against_a_loop(year):
    plan = fixed_capacity(year, servers=12)
    idle = unserved = 0.0
    short_days = set()
    for hour, demand in enumerate(year.hourly_servers):
        idle += max(12 - demand, 0)
        unserved += max(demand - 12, 0)
        if demand > 12:
            short_days.add(hour // 24)
    assert plan.idle_server_hours == pytest.approx(idle)
    assert plan.unserved_server_hours == pytest.approx(unserved)
    assert plan.days_short == len(short_days) == 10
    assert plan.utilisation == pytest.approx((12 * 8760 - idle) / (12 * 8760))


def test_zero_servers_serve_nothing(year):
    plan = fixed_capacity(year, servers=0)
    assert plan.served_fraction == 0 and plan.utilisation == 0 and plan.days_short == 365


@pytest.mark.parametrize(
    ("servers", "error", "pattern"),
    [
        (-1, CapacityPlanError, r"servers=-1: a server count is between 0 and 10000"),
        (10_001, CapacityPlanError, r"servers=10001"),
        (4.0, TypeError, r"servers must be int, not float"),
    ],
)
def test_bad_fixed_plans(year, servers, error, pattern):
    with pytest.raises(error, match=pattern):
        fixed_capacity(year, servers=servers)


def test_plans_need_a_demand():
    with pytest.raises(TypeError, match=r"demand must be a Demand from simulate_demand\(\), not list"):
        fixed_capacity([1, 2], servers=1)


def test_servers_for_days_served(year):
    # 99 % of 365 days is 362: the busiest hour of the 362nd quietest day, rounded up.
    assert servers_for_days_served(year, days=362) == math.ceil(np.sort(year.daily_peak_servers)[361]) == 41
    assert fixed_capacity(year, servers=41).days_short == 3
    assert fixed_capacity(year, servers=40).days_short > 3
    assert servers_for_days_served(year, days=365) == math.ceil(year.hourly_servers.max())
    assert servers_for_days_served(year, days=0) == 0
    with pytest.raises(CapacityPlanError, match=r"days=366: between 0 and the 365 days of the year"):
        servers_for_days_served(year, days=366)


# --- elastic capacity ----------------------------------------------------------


def _elastic_loop(hourly, delay, headroom):
    """Oracle: hour by hour, the fleet is what demand needed ``delay`` hours earlier, plus spares."""
    fleet = []
    for hour in range(len(hourly)):
        seen = hourly[max(hour - delay, 0)] if hour >= delay else hourly[0]
        fleet.append(math.ceil(seen) + headroom)
    return fleet


@pytest.mark.parametrize(("delay", "headroom"), [(0, 0), (1, 0), (2, 3), (24, 1), (168, 0)])
def test_elastic_capacity_matches_a_loop(year, delay, headroom):
    plan = elastic_capacity(year, launch_delay_hours=delay, headroom_servers=headroom)
    expected = _elastic_loop(year.hourly_servers, delay, headroom)
    assert plan.capacity_servers.tolist() == expected
    assert plan.total_usd == pytest.approx(sum(expected) * ON_DEMAND_USD_PER_HOUR, abs=0.05)
    january = sum(expected[: 31 * 24]) * ON_DEMAND_USD_PER_HOUR
    assert plan.monthly_usd[0] == pytest.approx(january, abs=0.01)


def test_no_delay_serves_everything(year):
    plan = elastic_capacity(year, launch_delay_hours=0)
    assert plan.unserved_server_hours == 0 and plan.days_short == 0


def test_a_longer_delay_leaves_more_unserved(year):
    unserved = [elastic_capacity(year, launch_delay_hours=d).unserved_server_hours for d in range(5)]
    assert unserved == sorted(unserved) and unserved[0] == 0 < unserved[1]


def test_public_ipv4_adds_its_hourly_charge(year):
    plain, with_ip = elastic_capacity(year), elastic_capacity(year, public_ipv4=True)
    instance_hours = int(plain.capacity_servers.sum())
    assert with_ip.total_usd - plain.total_usd == pytest.approx(instance_hours * 0.005, abs=0.05)
    assert PUBLIC_IPV4_USD_PER_HOUR == data.value("economics", "public_ipv4_usd_per_hour") == 0.005


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"launch_delay_hours": -1}, CapacityPlanError, r"launch_delay_hours=-1: the delay is between 0 and 168"),
        ({"launch_delay_hours": 169}, CapacityPlanError, r"168 hours \(one week\)"),
        ({"launch_delay_hours": 1.5}, TypeError, r"launch_delay_hours must be int"),
        ({"headroom_servers": -2}, CapacityPlanError, r"headroom_servers=-2"),
        ({"public_ipv4": "yes"}, TypeError, r"public_ipv4 must be bool, not str"),
    ],
)
def test_bad_elastic_plans(year, options, error, pattern):
    with pytest.raises(error, match=pattern):
        elastic_capacity(year, **options)


def test_errors_are_rule_errors():
    assert issubclass(CapacityPlanError, AwsRuleError)


# --- comparison ----------------------------------------------------------------


def test_comparison_text(year):
    result = compare(year, fixed_servers=40, launch_delay_hours=0)
    text = result.text()
    assert text.splitlines()[0] == (
        "Fixed on-premises: 40 servers bought up front  vs  Elastic On-Demand: follows demand 0 h late, 0 spare"
    )
    assert "year_usd               54000   13400" in text
    assert "days_short             7       0" in text
    assert result.verdict == (
        "The elastic plan costs USD 40,600 less over the year (USD 13,400 against USD 54,000); "
        "fixed is short on 7 days, elastic on 0."
    )
    assert result.monthly_rows()[0][:2] == ("Jan", 4500.0)
    assert result.commitments == ("Reserved Instance", "Savings Plan")


def test_a_small_fixed_plan_can_be_cheaper(year):
    result = compare(year, fixed_servers=5)
    assert result.saving_usd < 0
    assert result.verdict.startswith("The fixed plan costs USD")


# --- total cost of ownership ---------------------------------------------------


def test_break_even_by_hand():
    # (3000 + 50 * 12 * 4) / (4 * 8760 * 0.192) = 5400 / 6727.68
    assert break_even_utilisation(
        server_price_usd=3000, lifetime_years=4, running_usd_per_month=50, cloud_usd_per_hour=0.192
    ) == pytest.approx(5400 / 6727.68)
    # At the break-even utilisation, owning and renting cost the same per busy hour.
    share = break_even_utilisation(
        server_price_usd=4000, lifetime_years=5, running_usd_per_month=30, cloud_usd_per_hour=0.2
    )
    assert share == pytest.approx(5800 / 8760)
    assert owned_usd_per_used_hour(
        server_price_usd=4000, lifetime_years=5, running_usd_per_month=30, utilisation=share
    ) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"server_price_usd": -1}, CapacityPlanError, r"costs cannot be negative"),
        ({"lifetime_years": 0}, CapacityPlanError, r"lifetime_years=0: a server is used for more than 0 years"),
        ({"cloud_usd_per_hour": 0}, CapacityPlanError, r"cloud_usd_per_hour=0: an hourly price is above 0"),
        ({"cloud_usd_per_hour": "0.1"}, TypeError, r"cloud_usd_per_hour must be a number, not str"),
    ],
)
def test_bad_break_even_inputs(options, error, pattern):
    arguments = {"server_price_usd": 3000, "lifetime_years": 4, "cloud_usd_per_hour": 0.192, **options}
    with pytest.raises(error, match=pattern):
        break_even_utilisation(**arguments)


@pytest.mark.parametrize("share", [0, 1.01, -0.5])
def test_utilisation_is_a_share(share):
    with pytest.raises(CapacityPlanError, match=rf"utilisation={share}: a share of the hours"):
        owned_usd_per_used_hour(server_price_usd=1, lifetime_years=1, utilisation=share)


# --- chapter 00 exercises ------------------------------------------------------


def test_chapter_00_has_six_exercises_two_built_by_the_learner():
    chapter = exercises.chapter("00")
    assert len(chapter) == 6
    assert sum(type(q).__name__ == "GradedExercise" for q in chapter) == 2
    for question in chapter:
        assert question.check(question.answer).correct


def test_fixed_plan_feedback_names_the_misconception():
    fixed_q = exercises.chapter("00")[0]
    assert fixed_q.answer == 41
    assert "sizes the site for a normal day" in fixed_q.check(12).message
    assert "size for the peak hour, not the typical one" in fixed_q.check(40).message
    assert "you sized for the busiest hour of the year" in fixed_q.check(42).message
    assert "servers=-3: a server count" in fixed_q.check(-3).message
    assert "expects a whole number" in fixed_q.check([41]).message
    assert fixed_q.check("41").correct


def test_headroom_feedback_names_the_misconception():
    headroom_q = exercises.chapter("00")[1]
    assert headroom_q.answer == 5
    assert "Elastic capacity is not instant" in headroom_q.check(4).message
    assert "spare servers are paid every hour" in headroom_q.check(6).message


def test_priced_exercises_follow_the_data():
    *_, mix, break_even, ipv4 = exercises.chapter("00")
    assert mix.answer.startswith("Commit the 8 always-on instances")
    assert break_even.answer == 66.2
    assert ipv4.answer == 876.0
    assert "Savings Plan" in mix.check("A").message
