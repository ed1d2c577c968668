"""Chapter 04 display: exact fragments of the tables, figures and diagrams."""

from __future__ import annotations

import pytest

from awsbasics.database import (
    batch_capacity,
    capacity_cost,
    deployment,
    dynamodb_capacity,
    fail,
    purpose_built,
    recovery_window,
    responsibilities,
    simulate_throttling,
    storage_quorum,
)
from awsbasics.display import database as show


def test_capacity_view_shows_units_and_verdict():
    html = show.capacity_view(dynamodb_capacity(6, reads_per_second=10, read_consistency="strong"))["text/html"]
    assert "<tr><td>rcu_consumed</td><td>20</td></tr>" in html
    assert "<tr><td>rcu_to_provision</td><td>20</td></tr>" in html
    assert "<b>20 RCU and 0 WCU consumed per second: provision 20 RCU and 0 WCU</b>" in html


def test_batch_view():
    html = show.batch_view(batch_capacity([1.5, 6.5], read_consistency="strong"))["text/html"]
    assert "<th>rcu</th>" in html and "<tr><td>2</td><td>6.5</td><td>2</td></tr>" in html


def test_cost_view_and_figure():
    cost = capacity_cost(dynamodb_capacity(1, reads_per_second=1000, writes_per_second=100), utilisation=0.5)
    html = show.cost_view(cost)["text/html"]
    assert "<tr><td>break_even_utilisation_pct</td><td>28.9</td></tr>" in html
    fig = show.cost_figure(cost).to_dict()
    assert [t["name"] for t in fig["data"]] == ["provisioned", "on-demand"]
    assert fig["data"][1]["y"][0] == cost.on_demand_usd
    assert fig["layout"]["xaxis"]["title"]["text"] == "average utilisation of provisioned capacity (%)"
    assert fig["layout"]["shapes"][0]["x0"] == 28.9


def test_throttling_figure():
    t = simulate_throttling(provisioned_units=100, base_units=50, burst_units=300, seed=1)
    fig = show.throttling_figure(t).to_dict()
    assert [d["name"] for d in fig["data"]] == ["demand", "served", "throttled", "saved burst capacity (units)"]
    assert len(fig["data"][0]["x"]) == 1800 and fig["data"][3]["yaxis"] == "y2"
    assert "Throttled from second" in show.throttling_view(t)["text/html"]


def test_deployment_and_outcome_views():
    d = deployment("multi-az-instance", read_replicas=1)
    assert "<tr><td>standby-b</td><td>standby</td><td>az-b</td><td>no</td></tr>" in show.deployment_view(d)["text/html"]
    out = fail(d, "primary", seed=2)
    html = show.outcome_view(out)["text/html"]
    assert "<tr><td>writer</td><td>standby-b</td></tr>" in html
    assert "writes are down for typically 60-120 s during the failover" in html
    assert "<caption>Replica lag</caption>" in html


def test_failover_diagram_marks_the_failed_node_and_the_writer():
    out = fail(deployment("multi-az-instance", read_replicas=1), "primary")
    dot = show.failover_diagram(out).dot
    assert 'db_primary_a [shape=box, style="dashed"' in dot and '"primary-a\\nprimary\\nFAILED"' in dot
    assert 'db_standby_b [shape=box, style="filled,bold"' in dot
    assert 'db_primary_a -> db_standby_b [label=" synchronous"];' in dot
    assert 'db_primary_a -> db_replica_1 [style=dashed, label=" async"];' in dot
    assert "subgraph cluster_az_a" in dot
    assert show.failover_diagram(out).caption == (
        "Multi-AZ DB instance across 2 AZs after a primary failure: primary-a lost (dashed); writer now standby-b."
    )


def test_recovery_view_and_figure():
    window = recovery_window(7, snapshot_days_ago=(20,))
    assert "<tr><td>retention_days</td><td>7</td></tr>" in show.recovery_view(window)["text/html"]
    fig = show.recovery_figure(window).to_dict()
    assert fig["data"][0]["x"] == [-7.0, pytest.approx(-5 / 1440)]
    assert fig["data"][1]["x"] == [-20.0]
    assert fig["layout"]["title"]["text"] == "What you can restore to: retention 7 days"


def test_quorum_view_and_diagram():
    q = storage_quorum(failed_azs=("az-a",), failed_nodes=("b1",))
    html = show.quorum_view(q)["text/html"]
    assert "<b>3 of 6 copies up (write quorum 4, read quorum 3): reads continue, writes stop.</b>" in html
    assert "<tr><td>b1</td><td>az-b</td><td>down</td></tr>" in html
    dot = show.quorum_diagram(q).dot
    assert 'copy_a1 [shape=cylinder, style="dashed"' in dot and 'copy_c1 [shape=cylinder, style="filled"' in dot
    assert '"Aurora writer\\nwrites STOP, reads OK"' in dot
    assert "aurora_writer -> copy_b1 [style=dotted" in dot
    assert show.quorum_diagram(q).caption == (
        "Six copies in three AZs, 3 down (a1, a2, b1, dashed): writes stop, reads ok."
    )


def test_responsibility_and_service_map():
    html = show.responsibility_view(responsibilities())["text/html"]
    assert (
        "<tr><td>server hardware</td><td>you</td><td><b>AWS</b></td><td><b>AWS</b></td><td><b>AWS</b></td></tr>" in html
    )
    diagram = show.service_map_diagram(purpose_built())
    assert 'kind_graph [shape=ellipse, label="graph"];' in diagram.dot
    assert "svc_Amazon_Neptune" in diagram.dot and "graph -> Amazon Neptune" in diagram.caption
    assert "Schema conversion: DMS Schema Conversion" in show.service_map_view(purpose_built())["text/html"]


def test_diagrams_render_to_svg():
    for diagram in (fail(deployment(), "az").diagram(), storage_quorum().diagram(), purpose_built().diagram()):
        assert diagram.svg().lstrip().startswith("<svg")


def test_user_strings_are_escaped():
    from awsbasics.database import db_subnet_group
    from awsbasics.network import VPC

    vpc = VPC("10.0.0.0/16", name="shop")
    a = vpc.add_subnet("10.0.1.0/24", az="az-a", name="a")
    b = vpc.add_subnet("10.0.2.0/24", az="az-b", name="b")
    html = show.subnet_group_view(db_subnet_group(vpc, [a, b], name="<script>x</script>"))["text/html"]
    assert "<script>" not in html and "DB subnet group &lt;script&gt;x&lt;/script&gt;" in html
