"""The EBS calculator is thin: controls -> Volume and simulate_credits -> their display."""

import re

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.errors import EbsLimitError  # noqa: E402
from awsbasics.storage.ebs import Volume  # noqa: E402
from awsbasics.widgets import ebs_calculator  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def _text(output):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", output.value))


def test_calculator_shows_the_volume_and_its_burst():
    box = ebs_calculator()
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == [
        "volume type",
        "size (GiB)",
        "IOPS (0 = none/default)",
        "MiB/s (0 = default)",
        "IOPS wanted",
        "for minutes",
    ]
    text = _text(output)
    assert Volume("gp2", 100).performance in text
    assert (
        "delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket is empty and it drops to its 300 IOPS baseline"
        in text
    )
    assert 'class="awsbasics-credit-plot"' in output.value and "<polyline" in output.value


def test_first_control_changes_the_output_text():
    box = ebs_calculator()
    first = next(w for w in box.children if "awsbasics-control" in w._dom_classes)
    _, output = _parts(box)
    before = _text(output)
    first.value = first.options[(first.options.index(first.value) + 1) % len(first.options)]
    assert _text(output) != before


def test_calculator_reacts_to_every_control():
    box = ebs_calculator()
    controls, output = _parts(box)
    controls["size (GiB)"].value = 200
    assert "gp2 200 GiB: 600 IOPS baseline" in _text(output)
    assert "for 2,250 s" in _text(output)
    controls["IOPS wanted"].value = 600
    assert "the credit bucket never empties" in _text(output)
    controls["IOPS wanted"].value = 1600
    controls["for minutes"].value = 10
    assert "a full bucket would last 5,400 s (90.0 min)" in _text(output)
    controls["volume type"].value = "gp3"
    assert "gp3 200 GiB: 3,000 IOPS baseline, 125 MiB/s" in _text(output)
    assert "delivers 1,600 IOPS the whole time (no burst bucket)" in _text(output)
    controls["IOPS (0 = none/default)"].value = 6000
    controls["MiB/s (0 = default)"].value = 500
    assert "gp3 200 GiB: 6,000 IOPS baseline, 500 MiB/s" in _text(output)


def test_a_broken_rule_is_shown_not_raised():
    box = ebs_calculator(volume_type="io1", size_gib=100, iops=5000)
    controls, output = _parts(box)
    assert "io1 100 GiB: 5,000 IOPS baseline" in _text(output)
    controls["IOPS (0 = none/default)"].value = 5001
    assert "Not allowed:" in _text(output)
    assert "io1 allows at most 50 IOPS per GiB" in _text(output)
    controls["volume type"].value = "st1"
    assert "st1 volumes are 125 to 16,384 GiB" in _text(output)
    controls["size (GiB)"].value = 500
    controls["IOPS (0 = none/default)"].value = 0
    assert "st1 bursts on throughput credits, not simulated here" in _text(output)


def test_bad_starting_values_are_rule_errors():
    with pytest.raises(EbsLimitError, match="io1 volumes need iops"):
        ebs_calculator(volume_type="io1")


def test_control_ranges_are_the_engines_limits():
    from awsbasics.storage.ebs import MAX_PROVISIONED_IOPS, MAX_PROVISIONED_THROUGHPUT_MIBPS, SIZE_RANGE_GIB

    controls, _ = _parts(ebs_calculator())
    assert (controls["size (GiB)"].min, controls["size (GiB)"].max) == SIZE_RANGE_GIB == (1, 65536)
    assert controls["IOPS (0 = none/default)"].max == MAX_PROVISIONED_IOPS == 256_000
    assert controls["MiB/s (0 = default)"].max == MAX_PROVISIONED_THROUGHPUT_MIBPS == 2000


def test_the_burst_line_is_the_engines_outcome():
    from awsbasics.storage.ebs import burst_outcome

    controls, output = _parts(ebs_calculator())
    controls["size (GiB)"].value = 50
    outcome = burst_outcome(Volume("gp2", 50), 3000, minutes=60)
    assert f"3,000 IOPS wanted for 60 min : {outcome.verdict}" in _text(output)
