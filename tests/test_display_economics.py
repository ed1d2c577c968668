"""Chapter 00 display: the comparison's HTML, the capacity figure and the cost diagram."""

import pytest

from awsbasics.economics import compare, fixed_capacity, simulate_demand


@pytest.fixture(scope="module")
def result():
    return compare(simulate_demand(seed=7), fixed_servers=40, launch_delay_hours=0)


def test_comparison_html(result):
    html = result._repr_mimebundle_()["text/html"]
    assert (
        "<caption>Fixed on-premises: 40 servers bought up front vs Elastic On-Demand: follows demand 0 h late, 0 spare</caption>"
        in html
    )
    assert "<tr><td>year_usd</td><td>54000</td><td>13400</td></tr>" in html
    assert "<caption>Spend per month</caption>" in html
    assert "<tr><td>Jan</td><td>4500.0</td>" in html
    assert "<b>The elastic plan costs USD 40,600 less over the year" in html


def test_plan_html():
    plan = fixed_capacity(simulate_demand(seed=7), servers=2)
    bundle = plan._repr_mimebundle_()
    assert "<tr><td>upfront_usd</td><td>6000</td></tr>" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Fixed on-premises: 2 servers bought up front\nmeasure")


def test_capacity_figure(result):
    figure = result.figure().to_dict()
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["demand (busiest hour)", "fixed on-premises", "elastic (most in the day)"]
    assert figure["layout"]["title"]["text"] == "Demand and capacity in 2026: fixed servers vs elastic capacity"
    assert figure["layout"]["xaxis"]["title"]["text"] == "day (2026)"
    assert figure["layout"]["yaxis"]["title"]["text"] == "servers (busiest hour of the day)"
    demand, fixed, elastic = figure["data"]
    assert len(demand["x"]) == 365 and demand["x"][0] == "2026-01-01"
    assert set(fixed["y"]) == {40}
    assert fixed["line"]["color"] == "#E69F00" and elastic["line"]["color"] == "#0072B2"
    assert "%{y:.1f} servers" in demand["hovertemplate"]


def test_cost_diagram(result):
    diagram = result.diagram()
    assert 'label="Buy 40 servers up front\\nUSD 120,000 (capital expense)"' in diagram.dot
    assert 'label="Pay per instance-hour\\nUSD 0.192 (variable expense)"' in diagram.dot
    assert "Reserved Instance / Savings Plan" in diagram.dot
    assert diagram.dot.isascii()
    assert diagram.caption.startswith("On-premises pays USD 120,000 up front for 40 servers and uses 19% of them")
    assert '<figure class="awsbasics-diagram"' in diagram.html()
