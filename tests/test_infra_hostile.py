"""Hostile input for the global-infrastructure engine and the economics chapter.

Region/AvailabilityZone lookups, ``regions_frame``, ``world_map(highlight=...)``, ``spread``,
``az_failure``, ``instances_for_static_stability`` and every public function of
``awsbasics.economics``: a rule error or a TypeError naming the argument, quickly. Sized inputs
run in a forked, memory-limited child (``_hostile.run_limited``).
"""

import re

import pytest
from _hostile import run_limited

from awsbasics import economics as econ
from awsbasics.errors import AvailabilityZoneError, CapacityError, CapacityPlanError, RegionError
from awsbasics.infra import (
    AvailabilityZone,
    Region,
    az_failure,
    compare_regions,
    instances_for_static_stability,
    regions_frame,
    spread,
    world_map,
    zone_types,
)

BIG = 10**400
LONG = "x" * 10**6
SURROGATE = "\ud800"
NAN, INF = float("nan"), float("inf")
DEMAND = econ.simulate_demand(seed=0)

BAD_TEXT = [1, b"ap-northeast-2", ["ap-northeast-2"]]
BAD_CODES = [
    "",
    LONG,
    SURROGATE,
    "mars-east-9",
    "AP-NORTHEAST-2",
    "ap-northeast-2 ",
    "ap-northeast-\u0662",
    "ap-northeast-2a",
]

CASES = []
for value in BAD_TEXT:
    CASES += [
        (f"Region.get {value!r}", lambda v=value: Region.get(v), TypeError, r"Region code must be str"),
        (
            f"AZ.parse {value!r}",
            lambda v=value: AvailabilityZone.parse(v),
            TypeError,
            r"Availability Zone name must be str",
        ),
        (f"world_map {value!r}", lambda v=value: world_map(highlight=v), TypeError, r"Region code must be str"),
        (
            f"az_failure region {value!r}",
            lambda v=value: az_failure(3, 2, region=v),
            TypeError,
            r"Region code must be str",
        ),
    ]
for value in BAD_CODES:
    CASES += [
        (f"Region.get {value!r:.30}", lambda v=value: Region.get(v), RegionError, r"Region|Availability Zone"),
        (f"world_map {value!r:.30}", lambda v=value: world_map(highlight=v), RegionError, r"Region|Availability Zone"),
    ]
CASES += [
    ("Region.get None", lambda: Region.get(None), TypeError, r"Region code must be str"),
    ("AZ.parse None", lambda: AvailabilityZone.parse(None), TypeError, r"Availability Zone name must be str"),
    ("Region.get long code-shaped", lambda: Region.get("aa-" + "a" * 10**6 + "-1"), RegionError, r"not in the catalog"),
    ("AZ.parse empty", lambda: AvailabilityZone.parse(""), AvailabilityZoneError, r"not an Availability Zone name"),
    ("AZ.parse long", lambda: AvailabilityZone.parse(LONG), AvailabilityZoneError, r"not an Availability Zone name"),
    ("AZ.parse surrogate", lambda: AvailabilityZone.parse(SURROGATE), AvailabilityZoneError, r"not an Availability"),
    (
        "AZ.parse region code",
        lambda: AvailabilityZone.parse("ap-northeast-2"),
        AvailabilityZoneError,
        r"not an Availability",
    ),
    ("AZ.parse letter z", lambda: AvailabilityZone.parse("ap-northeast-2z"), AvailabilityZoneError, r"does not exist"),
    (
        "AZ.parse arabic digit",
        lambda: AvailabilityZone.parse("ap-northeast-\u0662a"),
        AvailabilityZoneError,
        r"not an Availability Zone name",
    ),
    ("AZ.parse unknown region", lambda: AvailabilityZone.parse("mars-east-9a"), AvailabilityZoneError, r"mars-east-9"),
    (
        "world_map edges None",
        lambda: world_map(show_edge_locations=None),
        TypeError,
        r"show_edge_locations must be bool",
    ),
    ("world_map edges int", lambda: world_map(show_edge_locations=1), TypeError, r"show_edge_locations must be bool"),
    (
        "world_map edges str",
        lambda: world_map(show_edge_locations="no"),
        TypeError,
        r"show_edge_locations must be bool",
    ),
]
NUMBERS = [
    (None, TypeError),
    (1.5, TypeError),
    (NAN, TypeError),
    (INF, TypeError),
    (True, TypeError),
    ("3", TypeError),
    ("\u0663", TypeError),
]
for value, error in NUMBERS:
    CASES += [
        (f"spread instances {value!r}", lambda v=value: spread(v, 3), error, r"instances must be int"),
        (f"spread azs {value!r}", lambda v=value: spread(3, v), error, r"azs must be int"),
        (f"az_failure failed {value!r}", lambda v=value: az_failure(3, 2, failed=v), error, r"failed must be int"),
        (
            f"az_failure required {value!r}",
            lambda v=value: az_failure(3, 2, required=v) if v is not None else spread(3, v),
            error,
            r"required must be int|azs must be int",
        ),
        (
            f"static stability required {value!r}",
            lambda v=value: instances_for_static_stability(v, 3),
            error,
            r"required",
        ),
        (
            f"static stability failures {value!r}",
            lambda v=value: instances_for_static_stability(3, 3, failures=v),
            error,
            r"failures must be int",
        ),
    ]
CASES += [
    ("spread negative", lambda: spread(-1, 3), CapacityError, r"instances=-1"),
    ("spread 0 azs", lambda: spread(3, 0), CapacityError, r"azs=0"),
    ("spread huge azs", lambda: spread(3, BIG), CapacityError, r"no Region has more than"),
    ("az_failure huge azs", lambda: az_failure(1, 10**9), CapacityError, r"no Region has more than"),
    ("az_failure azs beyond region", lambda: az_failure(3, 9, region="ap-northeast-2"), CapacityError, r"has only"),
    ("az_failure failed > azs", lambda: az_failure(3, 2, failed=3), CapacityError, r"failed=3"),
    ("az_failure failed negative", lambda: az_failure(3, 2, failed=-1), CapacityError, r"failed=-1"),
    ("az_failure required negative", lambda: az_failure(3, 2, required=-1), CapacityError, r"required=-1"),
    ("static stability huge azs", lambda: instances_for_static_stability(3, BIG), CapacityError, r"no Region"),
    ("static stability all fail", lambda: instances_for_static_stability(3, 3, failures=3), CapacityError, r"survive"),
    ("static stability negative", lambda: instances_for_static_stability(-1, 3), CapacityError, r"required=-1"),
]

# ----- compare_regions, zone_types, usable AZs ----------------------------------------------------
for value in (None, 1, b"ap-northeast-2", ["ap-northeast-2"]):
    CASES.append(
        (f"compare origin {value!r}", lambda v=value: compare_regions(v), TypeError, r"Region code must be str")
    )
    CASES.append(
        (
            f"compare data_in {value!r}",
            lambda v=value: compare_regions(data_in=v) if v is not None else compare_regions(candidates=[v]),
            TypeError,
            r"data_in must be str|Region code must be str",
        )
    )
for value in ("ap-northeast-1", 5, {"ap-northeast-1"}, iter(["ap-northeast-1"]), b"x"):
    CASES.append(
        (
            f"compare candidates {type(value).__name__}",
            lambda v=value: compare_regions(candidates=v),
            TypeError,
            r"candidates must be a list of Region codes",
        )
    )
for value in BAD_CODES:
    CASES.append(
        (
            f"compare candidate {value!r:.30}",
            lambda v=value: compare_regions(candidates=[v]),
            RegionError,
            r"Region|Availability Zone",
        )
    )
CASES += [
    (
        "compare huge candidate list",
        lambda: compare_regions(candidates=["ap-northeast-1"] * 10**6),
        CapacityError,
        r"at most 100 Regions",
    ),
    ("compare origin AZ name", lambda: compare_regions("ap-northeast-2a"), RegionError, r"Availability Zone name"),
    ("compare long data_in", lambda: compare_regions(candidates=["ap-northeast-1"], data_in=LONG).best, None, None),
    ("zone_types extra arg", lambda: zone_types("x"), TypeError, r"positional argument"),
    (
        "az_failure beyond usable AZs",
        lambda: az_failure(12, 3, region="us-west-1"),
        CapacityError,
        r"lists 3 Availability Zones, but a new account can use only 2",
    ),
]

# ----- economics ----------------------------------------------------------------------------------
for value in (None, "3", True, [], DEMAND):
    CASES += [
        (f"simulate seed {value!r:.20}", lambda v=value: econ.simulate_demand(seed=v), TypeError, r"seed must be int"),
        (f"fixed servers {value!r:.20}", lambda v=value: econ.fixed_capacity(DEMAND, servers=v), TypeError, r"servers"),
        (
            f"elastic delay {value!r:.20}",
            lambda v=value: econ.elastic_capacity(DEMAND, launch_delay_hours=v),
            TypeError,
            r"launch_delay_hours",
        ),
        (f"days {value!r:.20}", lambda v=value: econ.servers_for_days_served(DEMAND, days=v), TypeError, r"days"),
    ]
for value in (None, "x", 1, [1.0] * 8760):
    CASES += [
        (
            f"fixed demand {value!r:.20}",
            lambda v=value: econ.fixed_capacity(v, servers=3),
            TypeError,
            r"demand must be",
        ),
        (
            f"compare demand {value!r:.20}",
            lambda v=value: econ.compare(v, fixed_servers=3),
            TypeError,
            r"demand must be",
        ),
    ]
for value in (None, "1", [], "\u0663"):
    CASES += [
        (f"simulate base {value!r}", lambda v=value: econ.simulate_demand(base_servers=v), TypeError, r"base_servers"),
        (
            f"elastic ipv4 {value!r}",
            lambda v=value: econ.elastic_capacity(DEMAND, public_ipv4=v),
            TypeError,
            r"public_ipv4",
        ),
    ]
TCO = {"server_price_usd": 3000, "lifetime_years": 4}
for name, value, error, pattern in [
    ("nan", NAN, CapacityPlanError, r"finite number"),
    ("inf", INF, CapacityPlanError, r"finite number"),
    ("-inf", -INF, CapacityPlanError, r"finite number"),
    ("10**400", BIG, CapacityPlanError, r"401 digits is too large"),
    ("-10**400", -BIG, CapacityPlanError, r"digits is too large"),
    ("10**30", 10**30, None, None),  # a float-sized int: refused by range or accepted, never OverflowError
    ("None", None, TypeError, r"must be a number"),
    ("str", "3", TypeError, r"must be a number"),
    ("bool", True, TypeError, r"must be a number"),
]:
    for key in ("server_price_usd", "lifetime_years", "running_usd_per_month", "utilisation"):
        args = TCO | {"utilisation": 0.5, key: value}
        CASES.append((f"owned {key}={name}", lambda a=args: econ.owned_usd_per_used_hour(**a), error, pattern))
    for key in ("server_price_usd", "lifetime_years", "running_usd_per_month", "cloud_usd_per_hour"):
        args = TCO | {"cloud_usd_per_hour": 0.2, key: value}
        CASES.append((f"break-even {key}={name}", lambda a=args: econ.break_even_utilisation(**a), error, pattern))
    for key in ("base_servers", "peak_servers"):
        CASES.append(
            (
                f"simulate {key}={name}",
                lambda k=key, v=value: econ.simulate_demand(**{k: v}),
                error or CapacityPlanError,
                pattern or r"servers' worth",
            )
        )
CASES += [
    (
        "owned tiny",
        lambda: econ.owned_usd_per_used_hour(server_price_usd=1e308, lifetime_years=1e-320, utilisation=1e-320),
        CapacityPlanError,
        r"too large or too close",
    ),
    (
        "break-even tiny",
        lambda: econ.break_even_utilisation(server_price_usd=1e308, lifetime_years=1e-320, cloud_usd_per_hour=1e-320),
        CapacityPlanError,
        r"too large",
    ),
    (
        "break-even huge",
        lambda: econ.break_even_utilisation(
            server_price_usd=1e308, lifetime_years=1e308, cloud_usd_per_hour=1e308, running_usd_per_month=1e308
        ),
        CapacityPlanError,
        r"too large",
    ),
    ("simulate negative seed", lambda: econ.simulate_demand(seed=-1), CapacityPlanError, r"seed=-1"),
    ("fixed servers huge", lambda: econ.fixed_capacity(DEMAND, servers=BIG), CapacityPlanError, r"between 0 and"),
    ("fixed servers negative", lambda: econ.fixed_capacity(DEMAND, servers=-1), CapacityPlanError, r"between 0 and"),
    (
        "elastic delay huge",
        lambda: econ.elastic_capacity(DEMAND, launch_delay_hours=BIG),
        CapacityPlanError,
        r"one week",
    ),
    (
        "elastic headroom huge",
        lambda: econ.elastic_capacity(DEMAND, headroom_servers=10**9),
        CapacityPlanError,
        r"between",
    ),
    ("days 366", lambda: econ.servers_for_days_served(DEMAND, days=366), CapacityPlanError, r"days=366"),
    ("days negative", lambda: econ.servers_for_days_served(DEMAND, days=-1), CapacityPlanError, r"days=-1"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused(call, error, pattern):
    kind, message = run_limited(call)
    if error is None:
        assert kind == "returned" or kind == "CapacityPlanError", (kind, message)
        return
    assert kind == error.__name__, (kind, message)
    assert re.search(pattern, message), message


def test_huge_exact_counts_stay_exact_and_quick():
    kind, message = run_limited(lambda: instances_for_static_stability(10**300, 3))
    assert kind == "returned" and message == str(15 * 10**299)
    kind, message = run_limited(lambda: az_failure(10**300, 3).surviving)
    assert kind == "returned" and message == str(2 * 10**300 // 3 + (1 if 10**300 % 3 == 2 else 0))


def test_regions_frame_is_the_catalog():
    frame = regions_frame()
    assert len(frame) == len(set(frame["code"])) > 10
    assert "availability_zones" in frame.columns
