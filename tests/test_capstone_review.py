"""The Well-Architected-style review: every row a Finding a library check computed, under one of six pillars.

Pillars from https://docs.aws.amazon.com/wellarchitected/latest/framework/the-pillars-of-the-framework.html
"""

from __future__ import annotations

import pytest

from awsbasics._finding import Finding
from awsbasics.capstone import PILLARS, image_service, review


def test_six_pillars():
    assert set(PILLARS) == {
        "operational excellence",
        "security",
        "reliability",
        "performance efficiency",
        "cost optimization",
        "sustainability",
    }


def test_the_designed_service_has_no_warnings_and_every_pillar_has_a_row():
    r = review(image_service())
    assert r.counts() == {"info": len(r.findings), "warning": 0, "error": 0}
    assert all(isinstance(f, Finding) for f in r.findings)
    assert {row.pillar for row in r.rows_} == set(PILLARS)
    codes = {f.code for f in r.findings}
    assert {"least-privilege", "paths-closed", "nat-per-az", "rds-multi-az", "target-met", "graviton"} <= codes


def test_the_cheap_design_is_warned_under_reliability_by_computed_checks():
    r = review(image_service(nat_gateways=1, multi_az=False))
    warned = [
        (row.pillar, row.finding.code, row.finding.subject, row.check)
        for row in r.rows_
        if row.finding.severity == "warning"
    ]
    assert warned == [
        ("reliability", "nat-shared", "us-east-1b", "network.reachability(failed_azs)"),
        ("reliability", "nat-shared", "us-east-1c", "network.reachability(failed_azs)"),
        ("reliability", "rds-single-az", "imagesvc-db", "database.fail"),
        ("reliability", "target-missed", "99.9% target", "ha.series/parallel"),
    ]


def test_an_open_database_is_a_security_error():
    arch = image_service()
    arch.security_groups["db"].allow_inbound(5432, source="10.0.0.0/16")
    r = review(arch)
    errors = [(row.pillar, row.finding.code, row.finding.subject) for row in r.rows_ if row.finding.severity == "error"]
    assert errors == [("security", "path-open", "worker-a -> database :5432")]


def test_table_pillar_and_refusals():
    r = review(image_service())
    assert list(r.table().columns) == ["pillar", "code", "severity", "subject", "message", "check"]
    assert [f.code for f in r.pillar("sustainability")] == ["graviton", "storage-tiering"]
    with pytest.raises(KeyError, match="pillar"):
        r.pillar("speed")
    with pytest.raises(TypeError):
        review("imagesvc")
    with pytest.raises(TypeError):
        review(image_service(), templates="network")


def test_cfn_lint_rows_when_templates_are_given():
    arch = image_service()
    network, application = arch.stacks()
    r = review(arch, templates=[("network", network), ("application", application)])
    lint = [(f.subject, f.severity) for f in r.pillar("operational excellence") if f.code == "cfn-lint"]
    assert lint == [("network", "info"), ("application", "info")]
