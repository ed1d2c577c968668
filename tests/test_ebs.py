"""EBS volumes: every documented limit at its boundaries, gp2 credits, comparison, placement rules."""

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsbasics import data
from awsbasics.errors import AvailabilityZoneError, AwsRuleError, CapacityError, EbsLimitError
from awsbasics.storage.ebs import (
    DEFAULT_VOLUME_TYPE_API,
    DEFAULT_VOLUME_TYPE_CLOUDFORMATION,
    DEFAULT_VOLUME_TYPE_CONSOLE,
    GP2_INITIAL_CREDITS,
    MAX_PROVISIONED_IOPS,
    MAX_PROVISIONED_THROUGHPUT_MIBPS,
    MULTI_ATTACH_MAX_INSTANCES,
    SIZE_RANGE_GIB,
    VOLUME_TYPES,
    AttachmentError,
    CreditModel,
    EbsModel,
    Instance,
    Snapshot,
    Volume,
    burst_outcome,
    compare_volumes,
    credits_figure,
    simulate_credits,
    volumes_figure,
)

# --- the documented values the chapter relies on ---------------------------------------------


def test_the_default_volume_type_depends_on_who_creates_the_volume():
    # CreateVolume's VolumeType: "Default: gp2"
    # (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html), and AWS::EC2::Volume's
    # VolumeType: "Default: gp2" (CloudFormation template reference); the console picks gp3.
    assert (DEFAULT_VOLUME_TYPE_CONSOLE, DEFAULT_VOLUME_TYPE_API, DEFAULT_VOLUME_TYPE_CLOUDFORMATION) == (
        "gp3",
        "gp2",
        "gp2",
    )
    fact = data.fact("ebs", "default_volume_type")
    assert fact["source"] == "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html"
    assert "unconfirmed" in fact["note"]
    assert "CreateVolume API and CloudFormation" in data.fact("ebs", "volume_types")["changed"]


def test_gp2_100_gib_baseline_burst_and_burst_time():
    volume = Volume("gp2", 100)
    assert volume.baseline_iops == 300
    assert volume.max_iops == 3000
    assert volume.burst_seconds() == 2000.0
    assert GP2_INITIAL_CREDITS == 5_400_000


@pytest.mark.parametrize(
    ("size_gib", "baseline"),
    [
        (1, 100),
        (33, 100),
        (34, 102),
        (100, 300),
        (999, 2997),
        (1000, 3000),
        (5333, 15999),
        (5334, 16000),
        (16384, 16000),
    ],
)
def test_gp2_baseline_is_3_iops_per_gib_between_100_and_16000(size_gib, baseline):
    assert Volume("gp2", size_gib).baseline_iops == baseline


@pytest.mark.parametrize(
    ("size_gib", "max_iops", "seconds"),
    [
        (1, 3000, 5_400_000 / 2900),
        (100, 3000, 2000.0),
        (200, 3000, 2250.0),
        (999, 3000, 1_800_000.0),
        (1000, 3000, math.inf),
        (5334, 16000, math.inf),
    ],
)
def test_gp2_burst_only_below_1000_gib(size_gib, max_iops, seconds):
    volume = Volume("gp2", size_gib)
    assert volume.max_iops == max_iops
    assert volume.burst_seconds() == pytest.approx(seconds)


def test_gp2_burst_time_depends_on_the_demand():
    volume = Volume("gp2", 100)
    assert volume.burst_seconds(1300) == 5400.0
    assert volume.burst_seconds(300) == math.inf  # at baseline nothing is spent
    assert volume.burst_seconds(50_000) == 2000.0  # demand above the burst is served at the burst


@pytest.mark.parametrize(
    ("size_gib", "baseline_mibps", "max_mibps"),
    [
        (1, 25.0, 128.0),
        (100, 75.0, 128.0),
        (170, 127.5, 128.0),
        (171, 128.25, 250.0),
        (334, 250.0, 250.0),
        (16384, 250.0, 250.0),
    ],
)
def test_gp2_throughput_128_up_to_170_gib_then_250(size_gib, baseline_mibps, max_mibps):
    volume = Volume("gp2", size_gib)
    assert volume.baseline_throughput_mibps == baseline_mibps
    assert volume.max_throughput_mibps == max_mibps


def test_gp3_defaults_to_3000_iops_and_125_mibps_at_any_size():
    for size in (1, 100, 65536):
        volume = Volume("gp3", size)
        assert (volume.baseline_iops, volume.max_iops) == (3000, 3000)
        assert volume.baseline_throughput_mibps == volume.max_throughput_mibps == 125.0
        assert volume.burst_seconds() == math.inf


def test_gp3_limits_are_todays_and_keep_the_previous_ones():
    gp3 = data.fact("ebs", "gp3")
    assert gp3["value"]["max_iops"] == 80_000
    assert gp3["value"]["max_throughput_mibps"] == 2_000
    assert gp3["value"]["max_size_gib"] == 65_536
    assert gp3["previous"] == {
        "max_size_gib": 16_384,
        "max_iops": 16_000,
        "max_throughput_mibps": 1_000,
        "until": "2025-09",
    }


def test_gp3_cannot_exceed_its_maximum_iops():
    assert Volume("gp3", 160, iops=80_000).max_iops == 80_000
    with pytest.raises(EbsLimitError, match=r"gp3 volumes take 3,000 to 80,000 IOPS; iops=80,001 is above that"):
        Volume("gp3", 1000, iops=80_001)
    # The limit before September 2025 no longer applies.
    assert Volume("gp3", 100, iops=16_001).baseline_iops == 16_001


def test_io1_100_gib_cannot_exceed_5000_iops():
    assert Volume("io1", 100, iops=5000).baseline_iops == 5000
    with pytest.raises(
        EbsLimitError,
        match=r"io1 allows at most 50 IOPS per GiB: 5,001 IOPS on 100 GiB .* the most is 5,000 IOPS .*at least 101 GiB",
    ):
        Volume("io1", 100, iops=5001)


# --- every type at its size boundaries ----------------------------------------------------------

SIZES = {
    "gp2": (1, 16384),
    "gp3": (1, 65536),
    "io1": (4, 16384),
    "io2": (4, 65536),
    "st1": (125, 16384),
    "sc1": (125, 16384),
    "standard": (1, 1024),
}


def _make(kind, size):
    return Volume(kind, size, iops=100 if kind in ("io1", "io2") else None)


@pytest.mark.parametrize("kind", VOLUME_TYPES)
def test_smallest_and_largest_size_are_allowed(kind):
    low, high = SIZES[kind]
    assert _make(kind, low).size_range_gib == (low, high)
    assert _make(kind, high).size_gib == high


@pytest.mark.parametrize("kind", VOLUME_TYPES)
def test_one_gib_outside_the_size_range_is_refused(kind):
    low, high = SIZES[kind]
    with pytest.raises(
        EbsLimitError, match=rf"^{kind} volumes are {low:,} to {high:,} GiB .*size_gib={low - 1:,} is too small"
    ):
        _make(kind, low - 1)
    with pytest.raises(EbsLimitError, match=rf"size_gib={high + 1:,} is too large"):
        _make(kind, high + 1)


def test_hdd_minimum_size_changed_since_2020():
    fact = data.fact("ebs", "hdd_min_size_gib")
    # The course gives no HDD minimum; 500 GiB was AWS's own smallest size in 2020.
    assert (fact["value"], fact["aws_2020"], "course_2020" in fact) == (125, 500, False)
    assert Volume("st1", 125).size_gib == Volume("sc1", 125).size_gib == 125


# --- IOPS and throughput limits -------------------------------------------------------------------

VALID = [
    # (type, size, iops, throughput) -> (baseline_iops, max_iops, baseline MiB/s, max MiB/s)
    (("gp3", 1, 3000, 125), (3000, 3000, 125.0, 125.0)),
    (("gp3", 10, 5000, 1250), (5000, 5000, 1250.0, 1250.0)),
    (("gp3", 16, 8000, 2000), (8000, 8000, 2000.0, 2000.0)),
    (("gp3", 160, 80000, 2000), (80000, 80000, 2000.0, 2000.0)),
    (("gp3", 100, 3000, 750), (3000, 3000, 750.0, 750.0)),
    (("io1", 4, 100, None), (100, 100, 25.0, 25.0)),
    (("io1", 40, 2000, None), (2000, 2000, 500.0, 500.0)),
    (("io1", 640, 32000, None), (32000, 32000, 500.0, 500.0)),
    (("io1", 960, 48000, None), (48000, 48000, 750.0, 750.0)),
    (("io1", 1280, 64000, None), (64000, 64000, 1000.0, 1000.0)),
    (("io2", 4, 4000, None), (4000, 4000, 1024.0, 1024.0)),
    (("io2", 16, 15625, None), (15625, 15625, 4000.0, 4000.0)),
    (("io2", 256, 256000, None), (256000, 256000, 4000.0, 4000.0)),
    (("st1", 1024, None, None), (40, 250, 40.0, 250.0)),
    (("st1", 2048, None, None), (80, 500, 80.0, 500.0)),
    (("st1", 12800, None, None), (500, 500, 500.0, 500.0)),
    (("st1", 16384, None, None), (500, 500, 500.0, 500.0)),
    (("sc1", 1024, None, None), (12, 80, 12.0, 80.0)),
    (("sc1", 16384, None, None), (192, 250, 192.0, 250.0)),
    (("standard", 100, None, None), (100, 200, 40.0, 90.0)),
]


@pytest.mark.parametrize(("args", "expected"), VALID, ids=[f"{a[0]}-{a[1]}-{a[2]}-{a[3]}" for a, _ in VALID])
def test_documented_performance(args, expected):
    kind, size, iops, mibps = args
    volume = Volume(kind, size, iops=iops, throughput_mibps=mibps)
    got = (volume.baseline_iops, volume.max_iops, volume.baseline_throughput_mibps, volume.max_throughput_mibps)
    assert got == expected


INVALID = [
    (("gp3", 100, 2999, None), r"gp3 volumes take 3,000 to 80,000 IOPS; iops=2,999 is below that"),
    (
        ("gp3", 10, 5001, None),
        r"gp3 allows at most 500 IOPS per GiB: 5,001 IOPS on 10 GiB .* the most is 5,000 IOPS .*at least 11 GiB",
    ),
    (("gp3", 1, 3001, None), r"at 1 GiB the most is 3,000 IOPS"),
    (("gp3", 100, None, 124), r"gp3 volumes take 125 to 2,000 MiB/s; throughput_mibps=124 is below that"),
    (("gp3", 1000, 80000, 2001), r"gp3 volumes take 125 to 2,000 MiB/s; throughput_mibps=2,001 is above that"),
    (
        ("gp3", 100, None, 751),
        r"gp3 allows at most 0.25 MiB/s per provisioned IOPS: .*the most is 750 MiB/s .*at least 3,004 IOPS",
    ),
    (("gp3", 100, 4000, 1001), r"with 4,000 IOPS the most is 1,000 MiB/s"),
    (("io1", 100, None, None), r"io1 volumes need iops=\.\.\.: .*100 to 64,000 and at most 50 per GiB"),
    (("io1", 100, 99, None), r"io1 volumes take 100 to 64,000 IOPS; iops=99 is below that"),
    (("io1", 16384, 64001, None), r"io1 volumes take 100 to 64,000 IOPS; iops=64,001 is above that"),
    (("io1", 4, 201, None), r"io1 allows at most 50 IOPS per GiB: 201 IOPS on 4 GiB"),
    (
        ("io1", 100, 1000, 250),
        r"io1 volumes take no throughput_mibps \(got 250\): their throughput follows from their provisioned IOPS",
    ),
    (("io2", 100, None, None), r"io2 volumes need iops=\.\.\.: .*100 to 256,000 and at most 1,000 per GiB"),
    (("io2", 4, 4001, None), r"io2 allows at most 1,000 IOPS per GiB: 4,001 IOPS on 4 GiB .*at least 5 GiB"),
    (("io2", 65536, 256001, None), r"io2 volumes take 100 to 256,000 IOPS; iops=256,001 is above that"),
    (
        ("gp2", 100, 300, None),
        r"gp2 volumes take no iops \(got iops=300\): their IOPS follow from their size \(3 IOPS per GiB",
    ),
    (("gp2", 100, None, 250), r"gp2 volumes take no throughput_mibps .*only gp3 has provisioned throughput"),
    (("st1", 500, 500, None), r"st1 volumes take no iops"),
    (("sc1", 500, None, 100), r"sc1 volumes take no throughput_mibps"),
    (("standard", 10, 100, None), r"standard volumes take no iops"),
    (("gp4", 100, None, None), r"'gp4' is not an EBS volume type; did you mean 'gp3'\?"),
    (("ssd", 100, None, None), r"'ssd' is not an EBS volume type \(types: gp3, gp2, io2, io1, st1, sc1, standard\)"),
]


@pytest.mark.parametrize(("args", "message"), INVALID, ids=[f"{a[0]}-{a[1]}-{a[2]}-{a[3]}" for a, _ in INVALID])
def test_every_limit_is_enforced_with_the_rule_named(args, message):
    kind, size, iops, mibps = args
    with pytest.raises(EbsLimitError, match=message):
        Volume(kind, size, iops=iops, throughput_mibps=mibps)


def test_errors_are_aws_rule_errors_and_value_errors():
    with pytest.raises(AwsRuleError):
        Volume("io1", 100, iops=5001)
    with pytest.raises(ValueError):
        Volume("gp2", 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"volume_type": 2, "size_gib": 1}, "volume_type must be str"),
        ({"volume_type": "gp3", "size_gib": 1.5}, "size_gib must be int"),
        ({"volume_type": "gp3", "size_gib": True}, "size_gib must be int"),
        ({"volume_type": "gp3", "size_gib": 10, "iops": "3000"}, "iops must be int"),
        ({"volume_type": "gp3", "size_gib": 10, "throughput_mibps": 125.0}, "throughput_mibps must be int"),
        ({"volume_type": "io2", "size_gib": 10, "iops": 100, "multi_attach": "yes"}, "multi_attach must be bool"),
    ],
)
def test_wrong_python_types_are_type_errors(kwargs, message):
    with pytest.raises(TypeError, match=message):
        Volume(**kwargs)


def test_multi_attach_only_on_provisioned_iops_types():
    assert Volume("io1", 100, iops=1000, multi_attach=True).supports_multi_attach
    assert Volume("io2", 100, iops=1000, multi_attach=True).multi_attach
    with pytest.raises(EbsLimitError, match=r"gp3 volumes cannot use Multi-Attach: only io1 and io2"):
        Volume("gp3", 100, multi_attach=True)


def test_availability_zone_is_checked():
    assert Volume("gp3", 10, availability_zone="ap-northeast-2d").availability_zone == "ap-northeast-2d"
    with pytest.raises(AvailabilityZoneError, match="ap-northeast-2e"):
        Volume("gp3", 10, availability_zone="ap-northeast-2e")


def test_iops_and_throughput_ranges_at_a_size():
    assert Volume("gp3", 100).iops_range == (3000, 50000)
    assert Volume("gp3", 100).throughput_range_mibps == (125, 750.0)
    assert Volume("io1", 100, iops=100).iops_range == (100, 5000)
    assert Volume("io2", 1000, iops=100).iops_range == (100, 256000)
    assert Volume("gp2", 100).iops_range is None and Volume("st1", 500).throughput_range_mibps is None


@pytest.mark.parametrize(
    ("volume", "cost"),
    [
        (Volume("gp3", 100), 8.0),
        (Volume("gp3", 100, iops=4000, throughput_mibps=250), 18.0),
        (Volume("gp2", 100), 10.0),
        (Volume("io1", 100, iops=1000), 77.5),
        (Volume("st1", 1000), 45.0),
        (Volume("sc1", 1000), 15.0),
        (Volume("io2", 100, iops=32000), 2092.5),
        (Volume("io2", 100, iops=40000), 2456.5),
        (Volume("io2", 100, iops=100000), 4700.5),
    ],
)
def test_monthly_cost_estimate(volume, cost):
    assert volume.monthly_cost_usd == cost


def test_repr_round_trips():
    for volume in (
        Volume("gp2", 100),
        Volume("gp3", 100, iops=6000, throughput_mibps=250),
        Volume("io2", 100, iops=1000, availability_zone="us-east-1a", multi_attach=True),
    ):
        assert eval(repr(volume)) == volume  # noqa: S307 - the repr is this library's own


def test_volume_displays_a_table_with_a_text_twin():
    bundle = Volume("gp2", 100)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("gp2 100 GiB: 300 IOPS baseline, bursts to 3,000 IOPS, 75 to 128 MiB/s")
    assert "3,000 IOPS for 2,000 s (33.3 min) from a full bucket" in bundle["text/plain"]
    assert "<table" in bundle["text/html"]
    assert "no burst bucket" in Volume("gp3", 10)._repr_mimebundle_()["text/plain"]


# --- burst models, the numbers behind them, and what a demand gets --------------------------------


@pytest.mark.parametrize(
    ("volume", "model", "simulated"),
    [
        (Volume("gp2", 100), CreditModel.IO_CREDITS, True),
        (Volume("gp3", 100), CreditModel.NONE, True),
        (Volume("io1", 100, iops=1000), CreditModel.NONE, True),
        (Volume("io2", 100, iops=1000), CreditModel.NONE, True),
        (Volume("st1", 500), CreditModel.THROUGHPUT_CREDITS, False),
        (Volume("sc1", 500), CreditModel.THROUGHPUT_CREDITS, False),
        (Volume("standard", 100), CreditModel.BEST_EFFORT, False),
    ],
)
def test_each_type_has_its_credit_model(volume, model, simulated):
    assert volume.credit_model is model
    assert model.simulated is simulated


def test_gp2_burst_numbers_come_from_the_data():
    gp2 = data.value("ebs", "gp2")
    volume = Volume("gp2", 100)
    assert (volume.burst_iops, volume.credit_bucket_size) == (gp2["burst_iops"], gp2["credit_bucket_size"])
    assert (volume.burst_iops, volume.credit_bucket_size) == (3000, 5_400_000)
    for other in (Volume("gp3", 100), Volume("st1", 500), Volume("standard", 100)):
        assert (other.burst_iops, other.credit_bucket_size) == (None, None)


def test_the_largest_values_any_type_takes():
    assert SIZE_RANGE_GIB == (1, 65536)  # gp2/gp3/standard start at 1 GiB; gp3 and io2 reach 64 TiB
    assert MAX_PROVISIONED_IOPS == data.value("ebs", "io2")["max_iops"] == 256_000
    assert MAX_PROVISIONED_THROUGHPUT_MIBPS == data.value("ebs", "gp3")["max_throughput_mibps"] == 2000


@pytest.mark.parametrize(
    ("volume", "row"),
    [
        (Volume("gp2", 100), "3,000 IOPS for 2,000 s (33.3 min) from a full bucket of 5.4 million I/O credits"),
        (Volume("gp2", 1000), "none needed: the baseline is already at or above the 3,000 IOPS burst"),
        (Volume("gp2", 1), "3,000 IOPS for 1,862.07 s (31.0 min) from a full bucket of 5.4 million I/O credits"),
        (Volume("gp3", 10), "no burst bucket: it delivers its provisioned performance all the time"),
        (Volume("st1", 500), "to 122.07 MiB/s on throughput credits (not simulated here)"),
        (Volume("standard", 100), "best effort: about 100 IOPS on average, bursts of a few hundred"),
    ],
)
def test_the_burst_fact_of_each_model(volume, row):
    assert dict(volume.facts())["burst"] == row


def test_volume_text_is_its_line_then_its_facts():
    volume = Volume("gp3", 100, availability_zone="us-east-1a")
    lines = volume.text().splitlines()
    assert lines[0] == volume.performance == "gp3 100 GiB: 3,000 IOPS baseline, 125 MiB/s"
    assert lines[1].split() == ["property", "value"]
    assert re.split(r"\s{2,}", lines[-2]) == ["Availability Zone", "us-east-1a"]
    assert re.split(r"\s{2,}", lines[-1]) == [
        "estimated cost",
        "$8.00 per month (us-east-1 list price, a teaching estimate)",
    ]


def test_gp2_iops_rule_in_the_error_comes_from_the_data():
    with pytest.raises(EbsLimitError, match=r"their IOPS follow from their size \(3 IOPS per GiB, at least 100\)"):
        Volume("gp2", 100, iops=3000)


@pytest.mark.parametrize(
    ("volume", "demand", "minutes", "delivered", "seconds", "verdict"),
    [
        (
            Volume("gp2", 100),
            3000,
            60,
            3000,
            2000.0,
            "delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket is empty and it drops to its 300 IOPS baseline.",
        ),
        (
            Volume("gp2", 100),
            5000,
            60,
            3000,
            2000.0,
            "delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket is empty and it drops to its 300 IOPS baseline.",
        ),
        (
            Volume("gp2", 200),
            600,
            60,
            600,
            math.inf,
            "delivers 600 IOPS the whole time; the credit bucket never empties.",
        ),
        (
            Volume("gp2", 200),
            1600,
            10,
            1600,
            5400.0,
            "delivers 1,600 IOPS the whole time; a full bucket would last 5,400 s (90.0 min).",
        ),
        (Volume("gp3", 200), 1600, 10, 1600, None, "delivers 1,600 IOPS the whole time (no burst bucket)."),
        (Volume("io1", 100, iops=1000), 5000, 10, 1000, None, "delivers 1,000 IOPS the whole time (no burst bucket)."),
        (Volume("st1", 500), 3000, 60, None, None, "st1 bursts on throughput credits, not simulated here."),
        (Volume("standard", 100), 3000, 60, None, None, "standard bursts on best effort, not simulated here."),
    ],
)
def test_burst_outcome(volume, demand, minutes, delivered, seconds, verdict):
    outcome = burst_outcome(volume, demand, minutes=minutes)
    assert (outcome.delivered_iops, outcome.burst_seconds, outcome.verdict) == (delivered, seconds, verdict)
    assert outcome.text() == f"{demand:,} IOPS wanted for {minutes} min: {verdict}"
    if volume.credit_model is CreditModel.IO_CREDITS:
        # one row per 10 s of the demand, from a full bucket
        assert len(outcome.credits) == minutes * 6 and outcome.credits["demand_iops"].eq(demand).all()
    else:
        assert outcome.credits is None


def test_burst_outcome_matches_the_credit_simulation():
    outcome = burst_outcome(Volume("gp2", 100), 3000, minutes=60)
    assert outcome.credits.loc[outcome.credits["t_s"] == 2000, "credits"].item() == 0
    assert outcome.credits["delivered_iops"].iloc[-1] == 300


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            (Volume("gp2", 100), -1),
            {"minutes": 1},
            CapacityError,
            r"demand_iops=-1: a demand is a finite number of IOPS",
        ),
        ((Volume("gp2", 100), 3000), {"minutes": 0}, CapacityError, r"minutes=0: a demand lasts at least 1 minute"),
        ((Volume("gp2", 100), 3000), {"minutes": 1.5}, TypeError, r"minutes must be int, not float"),
        (("gp2", 3000), {"minutes": 1}, TypeError, r"volume must be a Volume, not str"),
    ],
)
def test_burst_outcome_rejects_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        burst_outcome(*args, **kwargs)


def test_compare_volumes_names_the_credit_model_as_text():
    table = compare_volumes(500).set_index("volume_type")
    assert table.loc[["gp2", "gp3", "st1", "standard"], "credit_model"].tolist() == [
        "I/O credits",
        "none",
        "throughput credits",
        "best effort",
    ]
    assert all(type(v) is str for v in table["credit_model"])


def test_modify_grows_but_never_shrinks():
    volume = Volume("gp2", 100, availability_zone="us-east-1a")
    bigger = volume.modify(volume_type="gp3", size_gib=200, iops=6000)
    assert (bigger.volume_type, bigger.size_gib, bigger.iops, bigger.availability_zone) == (
        "gp3",
        200,
        6000,
        "us-east-1a",
    )
    assert Volume("gp3", 100, iops=5000).modify(size_gib=120).iops == 5000
    with pytest.raises(
        EbsLimitError,
        match=r"size_gib=99 is smaller than the volume's 100 GiB: an EBS volume can grow but never shrink",
    ):
        volume.modify(size_gib=99)
    with pytest.raises(EbsLimitError, match="io1 volumes need iops"):
        volume.modify(volume_type="io1")


# --- gp2 credit simulation ------------------------------------------------------------------------


def test_simulate_credits_drains_the_bucket_then_falls_to_baseline():
    frame = simulate_credits(Volume("gp2", 100), [3000] * 2001)
    assert list(frame.columns) == ["t_s", "demand_iops", "delivered_iops", "credits"]
    assert frame["credits"].iloc[0] == 5_400_000 - 2700
    assert frame["delivered_iops"].iloc[1999] == 3000 and frame["credits"].iloc[1999] == 0
    assert frame["delivered_iops"].iloc[2000] == 300
    assert frame["t_s"].iloc[-1] == 2001


def test_simulate_credits_refills_at_the_baseline_rate_up_to_the_bucket():
    frame = simulate_credits(Volume("gp2", 100), [0] * 10, initial_credits=0)
    assert frame["credits"].tolist() == [300.0 * i for i in range(1, 11)]
    full = simulate_credits(Volume("gp2", 100), [0] * 3)
    assert full["credits"].max() == 5_400_000


def test_a_partly_empty_bucket_gives_a_partial_step():
    frame = simulate_credits(Volume("gp2", 100), [3000], initial_credits=1350)
    assert frame["delivered_iops"].item() == 300 + 1350
    assert frame["credits"].item() == 0


def test_longer_steps_give_the_same_burst_time():
    frame = simulate_credits(Volume("gp2", 100), [3000] * 300, seconds_per_step=10)
    empty = frame.loc[frame["credits"] == 0, "t_s"].iloc[0]
    assert empty == 2000


def test_fixed_performance_types_have_no_credits():
    frame = simulate_credits(Volume("gp3", 100, iops=4000), [1000, 5000])
    assert frame["delivered_iops"].tolist() == [1000.0, 4000.0]
    assert frame["credits"].isna().all()


@pytest.mark.parametrize("kind", ["st1", "sc1", "standard"])
def test_types_with_other_burst_models_are_not_simulated(kind):
    volume = Volume(kind, 500)
    with pytest.raises(EbsLimitError, match=rf"{kind} volumes burst on .* which this library does not simulate"):
        simulate_credits(volume, [100])
    with pytest.raises(EbsLimitError, match="does not simulate"):
        volume.burst_seconds()


@pytest.mark.parametrize(
    ("demand", "kwargs", "error", "message"),
    [
        ([-1], {}, CapacityError, r"demand_iops=-1: a demand is a finite number of IOPS, 0 or more"),
        ([float("nan")], {}, CapacityError, "finite"),
        ([100], {"seconds_per_step": 0}, CapacityError, r"seconds_per_step=0: a step must last"),
        ([100], {"initial_credits": 6_000_000}, CapacityError, r"a gp2 bucket holds 0 to 5,400,000 I/O credits"),
        (3000, {}, TypeError, "demand_iops must be a sequence"),
        (["3000"], {}, TypeError, "demand_iops must be a number"),
        ([100], {"seconds_per_step": "1"}, TypeError, "seconds_per_step must be a number"),
    ],
)
def test_simulation_inputs_are_checked(demand, kwargs, error, message):
    with pytest.raises(error, match=message):
        simulate_credits(Volume("gp2", 100), demand, **kwargs)


def test_simulation_wants_a_volume():
    with pytest.raises(TypeError, match="volume must be a Volume"):
        simulate_credits("gp2", [1])


@given(
    size=st.integers(min_value=1, max_value=999),
    demand=st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=200),
    start=st.integers(min_value=0, max_value=5_400_000),
)
def test_credit_bucket_invariants(size, demand, start):
    volume = Volume("gp2", size)
    frame = simulate_credits(volume, demand, initial_credits=start)
    assert (frame["credits"] >= 0).all() and (frame["credits"] <= 5_400_000).all()
    assert (frame["delivered_iops"] <= frame["demand_iops"].clip(upper=volume.max_iops) + 1e-9).all()
    assert (frame["delivered_iops"] >= frame["demand_iops"].clip(upper=volume.baseline_iops) - 1e-9).all()


@given(size=st.integers(min_value=1, max_value=999), demand=st.integers(min_value=1, max_value=5000))
def test_simulation_agrees_with_burst_seconds(size, demand):
    volume = Volume("gp2", size)
    seconds = volume.burst_seconds(demand)
    if math.isinf(seconds):
        assert demand <= volume.baseline_iops
        return
    steps = math.ceil(seconds) + 2
    frame = simulate_credits(volume, [demand] * steps)
    served = min(demand, volume.max_iops)
    full = frame["delivered_iops"] == served
    assert full.iloc[: math.floor(seconds)].all()
    assert not full.iloc[math.ceil(seconds) :].any()


# --- comparison and figures -----------------------------------------------------------------------


def test_compare_volumes_shows_every_type_and_why_one_is_refused():
    table = compare_volumes(100).set_index("volume_type")
    assert list(table.index) == list(VOLUME_TYPES)
    assert table.loc["gp2", "baseline_iops"] == 300 and table.loc["gp2", "burst_seconds"] == 2000.0
    assert table.loc["gp3", "baseline_iops"] == 3000 and table.loc["gp3", "monthly_cost_usd"] == 8.0
    assert not table.loc["st1", "allowed"]
    assert "st1 volumes are 125 to 16,384 GiB" in table.loc["st1", "rule"]
    assert compare_volumes(1000, iops=3000).set_index("volume_type")["allowed"].all()


def test_compare_volumes_applies_the_iops_ratio():
    table = compare_volumes(10, iops=3000).set_index("volume_type")
    assert not table.loc["io1", "allowed"] and "at most 50 IOPS per GiB" in table.loc["io1", "rule"]
    assert table.loc["io2", "allowed"]


def test_figures_are_titled_offline_plotly_figures():
    pytest.importorskip("plotly")
    figure = volumes_figure(500)
    assert "500 GiB" in figure.layout.title.text
    assert figure.layout.yaxis.type == "log"
    assert "http" not in figure.to_json()
    frame = simulate_credits(Volume("gp2", 100), [3000] * 50)
    credit = credits_figure(frame)
    assert [t.name for t in credit.data] == ["IOPS wanted", "IOPS delivered", "credit balance"]
    assert credit.layout.xaxis.title.text == "time (s)"


# --- AZ binding, Multi-Attach, snapshots ----------------------------------------------------------


@pytest.fixture
def model():
    m = EbsModel()
    m.add_instance("web-a", "ap-northeast-2a")
    m.add_instance("web-a2", "ap-northeast-2a")
    m.add_instance("web-b", "ap-northeast-2b")
    m.add_volume("data", Volume("gp3", 100, availability_zone="ap-northeast-2a"))
    return m


def test_a_volume_attaches_only_in_its_own_az(model):
    model.attach("data", "web-a")
    assert model.attachments == {"data": ("web-a",)}
    with pytest.raises(
        AttachmentError,
        match=r"volume 'data' is in ap-northeast-2a but instance 'web-b' is in ap-northeast-2b: .*snapshot",
    ):
        model.attach("data", "web-b")


def test_one_instance_at_a_time_without_multi_attach(model):
    model.attach("data", "web-a")
    with pytest.raises(
        AttachmentError,
        match=r"already attached to 'web-a': a volume attaches to one instance at a time unless .*io1 or io2",
    ):
        model.attach("data", "web-a2")
    assert model.attachments == {"data": ("web-a",)}
    model.detach("data", "web-a")
    model.attach("data", "web-a2")
    assert model.attachments == {"data": ("web-a2",)}


def test_multi_attach_up_to_16_nitro_instances():
    m = EbsModel()
    m.add_volume("shared", Volume("io2", 100, iops=3000, availability_zone="us-east-1a", multi_attach=True))
    for i in range(MULTI_ATTACH_MAX_INSTANCES + 1):
        m.add_instance(f"node{i}", "us-east-1a")
    for i in range(MULTI_ATTACH_MAX_INSTANCES):
        m.attach("shared", f"node{i}")
    assert len(m.attachments["shared"]) == 16
    with pytest.raises(AttachmentError, match="a Multi-Attach volume attaches to at most 16"):
        m.attach("shared", "node16")
    m.add_instance("old", "us-east-1a", nitro=False)
    m.detach("shared", "node0")
    with pytest.raises(AttachmentError, match="not built on the Nitro System"):
        m.attach("shared", "old")


def test_snapshots_move_data_between_azs_of_a_region(model):
    snap = model.snapshot("data", "nightly")
    assert snap.region == "ap-northeast-2"
    copy = model.restore("nightly", "data-b", availability_zone="ap-northeast-2b")
    assert copy.availability_zone == "ap-northeast-2b" and copy.size_gib == 100
    model.attach("data-b", "web-b")
    assert model.attachments == {"data-b": ("web-b",)}
    assert model.restored_from == {"data-b": "nightly"}
    assert "data-b (gp3 100 GiB) in ap-northeast-2b, restored from snapshot nightly: attached to web-b" in model.text()
    assert "snapshot_nightly -> volume_data_b" in model.diagram().dot


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"availability_zone": "us-east-1a"},
            r"snapshot 'nightly' is in Region ap-northeast-2, but us-east-1a is in us-east-1: .*copy it to us-east-1 first",
        ),
        (
            {"availability_zone": "ap-northeast-2b", "size_gib": 50},
            r"size_gib=50 is smaller than snapshot 'nightly' \(100 GiB\)",
        ),
    ],
)
def test_restore_rules(model, kwargs, message):
    model.snapshot("data", "nightly")
    with pytest.raises(AttachmentError, match=message):
        model.restore("nightly", "copy", **kwargs)
    assert "copy" not in model.volumes


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m: m.attach("nope", "web-a"), r"no volume named 'nope' \(volumes: data\)"),
        (lambda m: m.attach("data", "nope"), r"no instance named 'nope'"),
        (lambda m: m.detach("data", "web-a"), r"volume 'data' is not attached to 'web-a'"),
        (
            lambda m: m.add_volume("v", Volume("gp3", 1)),
            r"volume 'v' has no availability_zone: every EBS volume is created in one AZ",
        ),
        (lambda m: m.add_instance("data", "ap-northeast-2a"), r"the name 'data' is already used"),
        (lambda m: m.restore("nope", "x", availability_zone="ap-northeast-2a"), r"no snapshot named 'nope'"),
    ],
)
def test_model_mistakes_name_the_rule_and_change_nothing(model, call, message):
    before = (dict(model.instances), dict(model.volumes), model.attachments)
    with pytest.raises(AttachmentError, match=message):
        call(model)
    assert (dict(model.instances), dict(model.volumes), model.attachments) == before


def test_instances_snapshots_and_zones_say_what_the_diagram_draws(model):
    assert Instance("a", "us-east-1a").hypervisor == "Nitro"
    assert Instance("b", "us-east-1a", nitro=False).hypervisor == "Xen"
    assert Snapshot("s", "v", 1, "us-east-1").storage_note == "kept by EBS in S3"
    model.add_instance("far", "us-east-1a")
    assert model.region_by_zone == {
        "ap-northeast-2a": "ap-northeast-2",
        "ap-northeast-2b": "ap-northeast-2",
        "us-east-1a": "us-east-1",
    }
    assert EbsModel().text() == "empty model" and EbsModel().region_by_zone == {}


def test_model_instance_az_is_checked(model):
    with pytest.raises(AvailabilityZoneError):
        model.add_instance("x", "ap-northeast-2z")


def test_model_diagram_draws_azs_volumes_and_snapshots(model):
    model.attach("data", "web-a")
    model.snapshot("data", "nightly")
    diagram = model.diagram()
    assert "cluster_ap_northeast_2a" in diagram.dot and "shape=cylinder" in diagram.dot and "shape=note" in diagram.dot
    assert "volume_data -> instance_web_a" in diagram.dot
    assert diagram.dot.isascii()
    bundle = model._repr_mimebundle_()
    assert bundle["text/plain"] == model.text()
    assert model.text().splitlines() == [
        "data (gp3 100 GiB) in ap-northeast-2a: attached to web-a",
        "snapshot nightly of data in Region ap-northeast-2",
    ]
    assert "<svg" in bundle["text/html"]
