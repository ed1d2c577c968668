import re

import pytest

from awsbasics import data
from awsbasics.errors import AvailabilityZoneError, AwsRuleError, CapacityError, RegionError
from awsbasics.infra import (
    MIN_AZS_PER_REGION,
    AvailabilityZone,
    AzFailure,
    Region,
    az_failure,
    compare_regions,
    edge_locations,
    instances_for_static_stability,
    regions,
    regions_frame,
    spread,
    world_map,
    zone_types,
)

# --- the catalog (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)


def test_seoul_as_the_course_describes_it():
    seoul = Region.get("ap-northeast-2")
    assert seoul.name == "Asia Pacific (Seoul)"
    assert seoul.az_count == 4  # the 2020 course: four AZs; still four
    assert [z.name for z in seoul.availability_zones] == [
        "ap-northeast-2a",
        "ap-northeast-2b",
        "ap-northeast-2c",
        "ap-northeast-2d",
    ]


def test_n_virginia_has_six_azs():
    assert Region.get("us-east-1").az_count == 6


def test_every_region_has_at_least_the_documented_minimum():
    assert MIN_AZS_PER_REGION == 3
    assert data.fact("infra", "min_azs_per_region")["course_2020"] == 2
    for region in regions():
        assert region.az_count >= MIN_AZS_PER_REGION, region.code


def test_catalog_is_sorted_unique_and_well_formed():
    codes = [r.code for r in regions()]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    for region in regions():
        assert re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region.code)
        assert -90 <= region.latitude <= 90 and -180 <= region.longitude <= 180
        assert isinstance(region.opt_in, bool)


def test_regions_frame_has_units_in_column_names():
    frame = regions_frame()
    assert list(frame.columns)[:2] == ["code", "name"]
    assert "availability_zones" in frame.columns
    assert len(frame) == len(regions())


def test_repr_round_trips():
    seoul = Region.get("ap-northeast-2")
    assert eval(repr(seoul)) == seoul  # noqa: S307 - repr is an expression by design
    assert repr(AvailabilityZone.parse("us-east-1a")) == "AvailabilityZone('us-east-1a')"


def test_region_displays_table_diagram_and_text():
    bundle = Region.get("ap-northeast-2")._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Region ap-northeast-2 (Asia Pacific (Seoul)): 4 Availability Zones")
    assert "ap-northeast-2d" in bundle["text/plain"]
    html = bundle["text/html"]
    assert "<table" in html and "<svg" in html
    assert "<title>az_ap_northeast_2a</title>" in html


# --- errors name the value and the rule


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AP-NORTHEAST-2", r"'AP-NORTHEAST-2' is not a Region code: codes are lowercase area-direction-number"),
        ("seoul", r"'seoul' is not a Region code"),
        (
            "ap-northeast-2a",
            r"'ap-northeast-2a' is an Availability Zone name, not a Region code; its Region is 'ap-northeast-2'",
        ),
        ("ap-northeast-9", r"'ap-northeast-9' is not in the catalog of \d+ commercial AWS Regions; did you mean"),
        ("xx-nowhere-1", r"'xx-nowhere-1' is not in the catalog of \d+ commercial AWS Regions"),
    ],
)
def test_bad_region_codes(code, message):
    with pytest.raises(RegionError, match=message):
        Region.get(code)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ap-northeast-2e",
            r"'ap-northeast-2e' does not exist: Asia Pacific \(Seoul\) has 4 AZs, ap-northeast-2a to ap-northeast-2d",
        ),
        (
            "ap-northeast-2",
            r"'ap-northeast-2' is not an Availability Zone name: it is a Region code followed by one letter",
        ),
        ("xx-nowhere-1a", r"'xx-nowhere-1a': 'xx-nowhere-1' is not in the catalog"),
    ],
)
def test_bad_az_names(name, message):
    with pytest.raises(AvailabilityZoneError, match=message):
        AvailabilityZone.parse(name)


def test_az_knows_its_region():
    az = AvailabilityZone.parse("ap-northeast-2c")
    assert (az.region_code, az.letter, az.region.name) == ("ap-northeast-2", "c", "Asia Pacific (Seoul)")


@pytest.mark.parametrize("call", [lambda: Region.get(2), lambda: AvailabilityZone.parse(None), lambda: spread(1.5, 2)])
def test_wrong_kinds_are_type_errors(call):
    with pytest.raises(TypeError):
        call()


# --- AZ failure arithmetic


@pytest.mark.parametrize(
    ("instances", "azs", "expected"),
    [(10, 3, (4, 3, 3)), (12, 3, (4, 4, 4)), (2, 3, (1, 1, 0)), (0, 2, (0, 0)), (7, 1, (7,))],
)
def test_spread_is_even_with_extras_first(instances, azs, expected):
    assert spread(instances, azs) == expected


@pytest.mark.parametrize(
    ("instances", "azs", "failed", "surviving"),
    [(12, 3, 1, 8), (12, 2, 1, 6), (12, 4, 1, 9), (10, 3, 1, 6), (10, 3, 2, 3), (10, 3, 0, 10), (4, 4, 4, 0)],
)
def test_worst_case_survivors(instances, azs, failed, surviving):
    assert az_failure(instances, azs, failed=failed).surviving == surviving


def test_failure_summary_and_required_capacity():
    result = az_failure(12, 3, required=8, region="ap-northeast-2")
    assert result == AzFailure(12, 3, 1, 8, "ap-northeast-2")
    assert result.zone_names == ("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c")
    assert result.meets_required is True
    assert result.text() == (
        "12 instances over 3 AZs of ap-northeast-2 (4, 4, 4 per AZ); 1 AZ fails: 8 of 12 survive (67%), enough for the 8 required"
    )
    assert az_failure(12, 2, required=8).meets_required is False
    assert az_failure(12, 3).meets_required is None


def test_failure_diagram_marks_failed_azs_by_style_and_words():
    dot = az_failure(9, 3, region="ap-northeast-2").diagram().dot
    assert 'label="AZ ap-northeast-2a: FAILED\\n3 instances lost"' in dot
    assert "dashed" in dot
    assert 'label="AZ ap-northeast-2c: up\\n3 instances"' in dot


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"instances": -1, "azs": 3}, r"instances=-1: an instance count cannot be negative"),
        ({"instances": 3, "azs": 0}, r"azs=0: instances need at least one Availability Zone"),
        ({"instances": 3, "azs": 7}, r"azs=7: no Region has more than 6 Availability Zones"),
        (
            {"instances": 3, "azs": 5, "region": "ap-northeast-2"},
            r"azs=5: Asia Pacific \(Seoul\) \(ap-northeast-2\) has only 4",
        ),
        ({"instances": 3, "azs": 2, "failed": 3}, r"failed=3: between 0 and the 2 AZs in use can fail"),
        ({"instances": 3, "azs": 2, "required": -2}, r"required=-2: required capacity cannot be negative"),
    ],
)
def test_impossible_fleets(kwargs, message):
    with pytest.raises(CapacityError, match=message):
        az_failure(**kwargs)


def test_unknown_region_in_a_fleet_is_a_region_error():
    with pytest.raises(RegionError):
        az_failure(3, 2, region="nowhere")


@pytest.mark.parametrize(
    ("required", "azs", "failures", "fleet"),
    [(6, 3, 1, 9), (6, 2, 1, 12), (5, 3, 1, 8), (6, 6, 1, 8), (10, 3, 2, 30), (0, 3, 1, 0)],
)
def test_static_stability_fleet_is_the_smallest_that_survives(required, azs, failures, fleet):
    assert instances_for_static_stability(required, azs, failures=failures) == fleet
    assert az_failure(fleet, azs, failed=failures).surviving >= required
    if fleet:
        assert az_failure(fleet - 1, azs, failed=failures).surviving < required


@pytest.mark.parametrize("failures", [3, -1])
def test_static_stability_needs_a_surviving_az(failures):
    with pytest.raises(CapacityError, match=rf"failures={failures} of azs=3: at least one AZ must survive"):
        instances_for_static_stability(6, 3, failures=failures)


# --- edge locations and the map


def test_edge_locations_sample_includes_seoul():
    cities = {e.city for e in edge_locations()}
    assert "Seoul" in cities
    points = data.fact("infra", "points_of_presence")
    assert points["course_2020"] == 200 and points["value"] > points["course_2020"]


def test_world_map_is_offline_and_highlights():
    fig = world_map(highlight="ap-northeast-2")
    assert "http" not in fig.to_json()
    names = [t.name for t in fig.data]
    assert names[0] == "land" and "Region" in names
    with pytest.raises(RegionError):
        world_map(highlight="nowhere-1")


def test_all_errors_are_rule_errors():
    assert issubclass(CapacityError, AwsRuleError)


def test_opt_in_follows_the_documented_cut_over():
    # Regions launched on or after 2019-03-20 are disabled by default (manage-acct-regions).
    assert data.fact("infra", "opt_in_regions")["since"] == "2019-03-20"
    for region in regions():
        if region.launched is not None and region.launched >= 2020:
            assert region.opt_in, region.code
        if region.launched is not None and region.launched <= 2018:
            assert not region.opt_in, region.code


# --- usable AZs, zone types, Region comparison -------------------------------------------------------
# https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html lists
# three AZ IDs for us-west-1; newer accounts can use two of them (infra.json usable_az_counts).


def test_usable_azs_differ_from_listed_only_where_the_data_says():
    california = Region.get("us-west-1")
    assert (california.az_count, california.usable_az_count) == (3, 2)
    assert Region.get("ap-northeast-2").usable_az_count == 4
    assert "3 Availability Zones (2 usable by new accounts)" in california.text().splitlines()[0]
    assert all(r.usable_az_count == r.az_count for r in regions() if r.code != "us-west-1")


def test_az_failure_counts_usable_azs():
    assert az_failure(12, 2, region="us-west-1").surviving == 6
    with pytest.raises(
        CapacityError,
        match=r"^azs=3: US West \(N\. California\) \(us-west-1\) lists 3 Availability "
        r"Zones, but a new account can use only 2$",
    ):
        az_failure(12, 3, region="us-west-1")
    with pytest.raises(CapacityError, match=r"Asia Pacific \(Seoul\) \(ap-northeast-2\) has only 4 Availability Zones"):
        az_failure(12, 5, region="ap-northeast-2")


@pytest.mark.parametrize(
    ("failed", "text"),
    [
        (1, "6 instances over 3 AZs (2, 2, 2 per AZ); 1 AZ fails: 4 of 6 survive (67%)"),
        (2, "6 instances over 3 AZs (2, 2, 2 per AZ); 2 AZs fail: 2 of 6 survive (33%)"),
    ],
)
def test_az_failure_text_has_right_plurals(failed, text):
    assert az_failure(6, 3, failed=failed).text() == text
    assert az_failure(1, 1, failed=0).text().startswith("1 instance over 1 AZ (1 per AZ); 0 AZs fail")


def test_zone_types_table():
    """Local Zones, Wavelength Zones and Outposts each have a parent Region; edge locations have none."""
    table = zone_types()
    names = [row[0] for row in table.rows]
    assert names == ["Availability Zone", "Local Zone", "Wavelength Zone", "Outpost", "Edge location"]
    parents = dict(zip(names, (row[table.columns.index("parent")] for row in table.rows)))
    assert parents["Local Zone"] == parents["Wavelength Zone"] == "a parent Region"
    assert parents["Edge location"].startswith("none")
    html = table._repr_mimebundle_()["text/html"]
    assert "<caption>Where AWS runs infrastructure</caption>" in html and "로컬 영역" in html and "..." not in html
    assert list(table.to_frame().columns) == list(table.columns)


def test_compare_regions_from_seoul():
    """Great-circle distance between the catalog's city coordinates, light at 200 km/ms in fibre (a lower bound)."""
    c = compare_regions("ap-northeast-2", ["us-east-1", "ap-northeast-1", "ap-northeast-3"])
    assert [x.code for x in c.choices] == ["ap-northeast-3", "ap-northeast-1", "us-east-1"]
    osaka = c.choices[0]
    assert round(osaka.distance_km) == 829 and round(osaka.min_round_trip_ms, 1) == 8.3
    assert osaka.min_round_trip_ms == pytest.approx(2 * osaka.distance_km / 200)
    assert c.choices[1].wavelength_zones and not osaka.wavelength_zones  # Tokyo has Wavelength Zones
    assert c.choices[2].s3_standard_usd_per_gb_month == 0.023 and osaka.s3_standard_usd_per_gb_month is None
    assert c.columns[-1] == "s3_standard_usd_per_gb_month" and c.best.code == "ap-northeast-3"
    assert c.verdict == (
        "Nearest Region from ap-northeast-2: ap-northeast-3 (Asia Pacific (Osaka)), 829 km, at least 8.3 ms round trip."
    )
    rows = c.rows()
    assert rows[0][-1] == "not recorded" and rows[2][-1] == "0.023"


def test_compare_regions_puts_residency_first():
    c = compare_regions("ap-northeast-2", ["ap-northeast-1", "ap-south-1", "ap-south-2"], data_in="india")
    assert c.columns[-1] == "meets_residency"
    assert [(x.code, x.meets_residency, x.opt_in) for x in c.choices] == [
        ("ap-northeast-1", False, False),
        ("ap-south-2", True, True),
        ("ap-south-1", True, False),
    ]
    assert c.best.code == "ap-south-2"  # the nearest that keeps the data in India (opt-in is for the learner to weigh)
    assert [r[-1] for r in c.rows()] == ["no", "yes", "yes"]
    assert compare_regions("ap-northeast-2", ["ap-northeast-1"], data_in="Chile").best is None
    assert compare_regions("ap-northeast-2", ["ap-northeast-1"], data_in="Chile").verdict == (
        "No candidate Region that keeps data in Chile."
    )


def test_compare_regions_defaults_to_every_other_region_and_renders():
    c = compare_regions()
    assert len(c.choices) == len(regions()) - 1 and "ap-northeast-2" not in {x.code for x in c.choices}
    bundle = c._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Nearest Region from ap-northeast-2: ap-northeast-3")
    assert "<th>min_round_trip_ms</th>" in bundle["text/html"] and "None" not in bundle["text/html"]
    assert len(compare_regions(candidates=["ap-northeast-1", "ap-northeast-1"]).choices) == 1
