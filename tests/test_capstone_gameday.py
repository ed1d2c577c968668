"""The game day: one AZ lost, capacity per tier, the RDS failover, the queue backlog and the verdict.

Expected values follow the engines' rules: instances spread evenly over the AZs, so 3 AZs losing 1 keep
2/3 of each tier; chapter 06's AutoScalingGroup launches replacements that serve after launch_delay_s
(180 s, 3 minutes); a Multi-AZ DB instance fails over to its standby in 60-120 s with no committed write
lost (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html); the backlog is
Lindley's recursion (chapter 09).
"""

from __future__ import annotations

import numpy as np
import pytest

from awsbasics import data
from awsbasics.capstone import game_day, image_service
from awsbasics.errors import AvailabilityError, AvailabilityZoneError
from awsbasics.messaging import backlog

GAME = data.value("capstone", "game_day")
_MULTI_AZ = data.fact("database", "rds_multi_az")
FAILOVER = {row[0]: dict(zip(_MULTI_AZ["columns"], row)) for row in _MULTI_AZ["rows"]}


@pytest.fixture(scope="module")
def day():
    return game_day(image_service(), lost_az="us-east-1a", seed=3)


def test_three_azs_losing_one_keep_two_thirds_then_recover_after_the_launch_delay(day):
    for tier in ("web", "workers"):
        before, after, end = day.capacity(tier)
        assert (before, after, end) == (6, 4, 6)
        assert after == before * 2 // 3
        assert day.recovered_minute(tier) == 180 // 60


def test_multi_az_database_fails_over_to_the_standby_without_losing_writes(day):
    row = FAILOVER["Multi-AZ DB instance"]
    assert day.database.endpoints["writer"] == "standby-b"
    assert day.database.data_lost_s == 0
    assert day.database.downtime_s == (row["failover_seconds_low"], row["failover_seconds_high"])


def test_backlog_is_lindley_over_uploads_and_worker_capacity(day):
    t = day.timeline
    expected = backlog(t["uploads"].to_numpy(), (t["workers_in_service"] * GAME["worker_images_per_minute"]).to_numpy())
    assert np.array_equal(t["backlog"].to_numpy(), expected)
    assert t["backlog"].iloc[: GAME["fail_at_minute"]].eq(0).all()  # six workers keep up before the failure
    assert day.peak_backlog > 0 and day.backlog_cleared_minute is not None


def test_judged_against_the_target(day):
    assert day.availability_target == data.value("capstone", "availability_target")
    assert day.meets_target
    strict = game_day(image_service(), lost_az="us-east-1a", seed=3, availability_target=0.9999)
    assert not strict.meets_target


def test_single_az_database_is_down_until_someone_acts():
    cheap = game_day(image_service(multi_az=False, nat_gateways=1), lost_az="us-east-1a", seed=3)
    assert cheap.database.downtime_s is None and cheap.database.endpoints["writer"] == "down"
    assert not cheap.meets_target


def test_losing_an_az_without_the_primary_keeps_writes():
    other = game_day(image_service(), lost_az="us-east-1c", seed=3)
    assert other.database.endpoints["writer"] == "primary-a" and other.database.downtime_s == (0, 0)


def test_same_seed_same_run_and_figure_has_both_panels(day):
    again = game_day(image_service(), lost_az="us-east-1a", seed=3)
    assert again.timeline.equals(day.timeline)
    figure = day.figure().to_dict()
    assert [trace["name"] for trace in figure["data"]] == ["web tier", "worker tier", "images waiting"]


def test_text_and_html(day):
    bundle = day._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Losing us-east-1a: the queue backlog peaks at")
    assert "<table" in bundle["text/html"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lost_az": "us-east-1d"}, AvailabilityZoneError, r"spans us-east-1a, us-east-1b, us-east-1c"),
        ({"lost_az": "us-east-1a", "minutes": 5}, AvailabilityError, r"minutes=5"),
        ({"lost_az": "us-east-1a", "seed": -1}, AvailabilityError, r"seed=-1"),
        ({"lost_az": "us-east-1a", "availability_target": 1.0}, AvailabilityError, r"between 0 and 1"),
        ({"lost_az": 1}, TypeError, r"lost_az"),
    ],
)
def test_game_day_refuses(kwargs, error, message):
    with pytest.raises(error, match=message):
        game_day(image_service(), **kwargs)
