"""Chapter 04 widgets: every control of the failover and quorum simulators changes what the output shows."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import failover_simulator, quorum_simulator  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_failover_simulator_shows_diagram_and_outcome():
    box = failover_simulator()
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == ["deployment", "engine", "read replicas", "fail", "AZ (for 'az')"]
    assert 'figure class="awsbasics-diagram"' in output.value
    assert "<tr><td>writer</td><td>standby-b</td></tr>" in output.value


def test_every_failover_control_changes_the_output():
    box = failover_simulator()
    controls, output = _parts(box)
    seen = {output.value}
    for name, value in [
        ("deployment", "multi-az-cluster"),
        ("engine", "PostgreSQL"),
        ("read replicas", 4),
        ("fail", "az"),
        ("AZ (for 'az')", "az-b"),
    ]:
        controls[name].value = value
        assert output.value not in seen, name
        seen.add(output.value)


def test_engine_sets_the_replica_limit_and_rules_show_instead_of_raising():
    box = failover_simulator(kind="single-az", read_replicas=0)
    controls, output = _parts(box)
    controls["engine"].value = "Db2"
    assert controls["read replicas"].max == 3
    controls["fail"].value = "replica"
    assert "Not allowed" in output.value and "has no read replicas to fail" in output.value
    controls["deployment"].value = "multi-az-cluster"
    assert "a Multi-AZ DB cluster runs MySQL or PostgreSQL only" in output.value


def test_quorum_simulator_controls_change_the_output():
    box = quorum_simulator()
    controls, output = _parts(box)
    assert list(controls) == ["failed AZs", "failed copies"]
    assert "6 of 6 copies up" in output.value
    controls["failed AZs"].value = ("az-a",)
    assert "4 of 6 copies up (write quorum 4, read quorum 3): reads continue, writes continue." in output.value
    controls["failed copies"].value = ("c2",)
    assert "reads continue, writes stop." in output.value and 'figure class="awsbasics-diagram"' in output.value
