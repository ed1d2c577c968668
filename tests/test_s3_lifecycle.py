"""S3 storage classes, lifecycle rules and what they cost (awsbasics.storage.lifecycle)."""

import json
import re

import pytest

from awsbasics import data
from awsbasics.errors import LifecycleError, RegionError
from awsbasics.storage.lifecycle import (
    DAYS_PER_MONTH,
    STORAGE_CLASSES,
    TRANSITION_SIZE_SETTINGS,
    TRANSITION_TARGETS,
    Finding,
    InventoryError,
    Lifecycle,
    lifecycle_cost,
    next_transition,
    simulate_inventory,
    storage_classes_frame,
)

COURSE = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)


# --- storage classes -------------------------------------------------------------------------


def test_storage_classes_are_the_api_codes_in_waterfall_order():
    assert list(STORAGE_CLASSES) == [
        "STANDARD",
        "INTELLIGENT_TIERING",
        "STANDARD_IA",
        "ONEZONE_IA",
        "GLACIER_IR",
        "GLACIER",
        "DEEP_ARCHIVE",
    ]


@pytest.mark.parametrize(
    "code, min_days, min_kb, azs, archived",
    [
        ("STANDARD", 0, 0, 3, False),
        ("INTELLIGENT_TIERING", 0, 0, 3, False),
        ("STANDARD_IA", 30, 128, 3, False),
        ("ONEZONE_IA", 30, 128, 1, False),
        ("GLACIER_IR", 90, 128, 3, False),
        ("GLACIER", 90, 0, 3, True),
        ("DEEP_ARCHIVE", 180, 0, 3, True),
    ],
)
def test_documented_minimums_and_zones(code, min_days, min_kb, azs, archived):
    cls = STORAGE_CLASSES[code]
    assert (cls.min_storage_days, cls.min_billable_size_kb, cls.min_availability_zones, cls.archived) == (
        min_days,
        min_kb,
        azs,
        archived,
    )


@pytest.mark.parametrize(
    "code, us_east_1, seoul",
    [
        ("STANDARD", 0.023, 0.025),
        ("INTELLIGENT_TIERING", 0.023, 0.025),
        ("STANDARD_IA", 0.0125, 0.0138),
        ("ONEZONE_IA", 0.01, 0.011),
        ("GLACIER_IR", 0.004, 0.005),
        ("GLACIER", 0.0036, 0.0045),
        ("DEEP_ARCHIVE", 0.00099, 0.002),
    ],
)
def test_list_prices_in_both_regions(code, us_east_1, seoul):
    cls = STORAGE_CLASSES[code]
    assert cls.price_usd_per_gb_month("us-east-1") == us_east_1
    assert cls.price_usd_per_gb_month("ap-northeast-2") == seoul


def test_transition_and_retrieval_prices():
    transition = {c: s.transition_usd_per_1000_requests for c, s in STORAGE_CLASSES.items()}
    assert transition == {
        "STANDARD": None,
        "INTELLIGENT_TIERING": 0.01,
        "STANDARD_IA": 0.01,
        "ONEZONE_IA": 0.01,
        "GLACIER_IR": 0.02,
        "GLACIER": 0.03,
        "DEEP_ARCHIVE": 0.05,
    }
    assert STORAGE_CLASSES["GLACIER_IR"].retrieval_usd_per_gb == 0.03
    assert STORAGE_CLASSES["STANDARD"].retrieval_usd_per_gb == 0.0


def test_prices_exist_only_for_two_regions():
    with pytest.raises(
        RegionError, match=r"'eu-west-1' \(Europe \(Ireland\)\) has no S3 prices.*us-east-1 and ap-northeast-2"
    ):
        STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month("eu-west-1")
    with pytest.raises(RegionError):
        lifecycle_cost(COURSE, size_gb=1, object_count=1, months=1, region="mars-1")


def test_the_128_kb_thresholds_agree():
    # The vectorized engine groups objects by one "under 128 KB" flag; that is exact only while the
    # transition limit, the monitoring limit and every minimum billable size use the same 128 KB.
    limit = data.value("s3", "lifecycle_min_transition_size_kb")
    assert data.fact("s3", "intelligent_tiering_monitoring")["min_monitored_size_kb"] == limit
    assert {c.min_billable_size_kb for c in STORAGE_CLASSES.values()} <= {0, limit}


def test_storage_classes_frame():
    frame = storage_classes_frame(region="ap-northeast-2")
    assert frame.shape == (7, 9)
    assert frame.loc[frame["code"] == "GLACIER", "name"].item() == "S3 Glacier Flexible Retrieval"
    assert frame["price_usd_per_gb_month"].tolist()[0] == 0.025
    assert repr(STORAGE_CLASSES["GLACIER"]) == "STORAGE_CLASSES['GLACIER']"


# --- lifecycle validation ----------------------------------------------------------------------

RULES = [
    (
        {"transitions": (("STANDARD_IA", 29),)},
        r"STANDARD_IA at day 29 breaks the lifecycle rule 'objects must be at least 30 days old before a transition to STANDARD_IA or ONEZONE_IA': move it to day 30",
    ),
    ({"transitions": (("ONEZONE_IA", 0),)}, r"ONEZONE_IA at day 0 .*at least 30 days old"),
    (
        {"transitions": (("STANDARD_IA", 30), ("GLACIER", 59))},
        r"STANDARD_IA \(day 30\) -> GLACIER \(day 59\) breaks the lifecycle rule 'objects stay at least 30 days in STANDARD_IA before the next transition': move GLACIER to day 60",
    ),
    ({"transitions": (("ONEZONE_IA", 40), ("DEEP_ARCHIVE", 50))}, r"at least 30 days in ONEZONE_IA"),
    (
        {"transitions": (("GLACIER", 30), ("STANDARD_IA", 60))},
        r"'supported lifecycle transitions: GLACIER can move only to DEEP_ARCHIVE'",
    ),
    (
        {"transitions": (("INTELLIGENT_TIERING", 0), ("STANDARD_IA", 30))},
        r"supported lifecycle transitions: INTELLIGENT_TIERING can move only to ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
    ),
    ({"transitions": (("ONEZONE_IA", 30), ("GLACIER_IR", 90))}, r"ONEZONE_IA can move only to GLACIER, DEEP_ARCHIVE"),
    ({"transitions": (("DEEP_ARCHIVE", 10), ("GLACIER", 20))}, r"DEEP_ARCHIVE can move only to nothing"),
    ({"transitions": (("STANDARD", 10),)}, r"'no lifecycle transition goes back to STANDARD'"),
    (
        {"transitions": (("GLACIER_FLEX", 10),)},
        r"a transition to 'GLACIER_FLEX' breaks the lifecycle rule 'transitions go to INTELLIGENT_TIERING, STANDARD_IA",
    ),
    ({"transitions": (("GLACIER", -1),)}, r"'transition days are 0 or more'"),
    (
        {"transitions": (("GLACIER", 90), ("GLACIER", 120))},
        r"GLACIER at day 90 and again at day 120 breaks the lifecycle rule 'one transition per storage class in a rule'",
    ),
    (
        {"transitions": (("GLACIER_IR", 0), ("GLACIER", 0))},
        r"GLACIER_IR and GLACIER both at day 0 .*'each transition of a rule happens on its own day'",
    ),
    (
        {"expiration_days": 0},
        r"expiration at day 0 breaks the lifecycle rule 'expiration days are a whole number, 1 or more'",
    ),
    (
        {"transitions": (("GLACIER", 90),), "expiration_days": 90},
        r"'expiration comes after the rule's last transition': expire after day 90 \(GLACIER\)",
    ),
    (
        {"transition_default_minimum_object_size": "none"},
        r"TransitionDefaultMinimumObjectSize='none' breaks the lifecycle rule 'the setting is one of all_storage_classes_128K, varies_by_storage_class'",
    ),
]


@pytest.mark.parametrize("kwargs, message", RULES)
def test_each_broken_rule_is_named(kwargs, message):
    with pytest.raises(LifecycleError, match=message):
        Lifecycle(**kwargs)


@pytest.mark.parametrize(
    "transitions, expiration",
    [
        ((), None),
        ((), 1),
        ((("STANDARD_IA", 30),), 31),
        ((("STANDARD_IA", 30), ("GLACIER", 60)), 365),
        ((("INTELLIGENT_TIERING", 0), ("DEEP_ARCHIVE", 1)), None),
        (
            (
                ("STANDARD_IA", 30),
                ("INTELLIGENT_TIERING", 60),
                ("ONEZONE_IA", 90),
                ("GLACIER", 120),
                ("DEEP_ARCHIVE", 121),
            ),
            None,
        ),
        ((("GLACIER_IR", 0), ("GLACIER", 90), ("DEEP_ARCHIVE", 180)), 3650),
        ((("ONEZONE_IA", 30), ("GLACIER", 60)), None),
    ],
)
def test_valid_rules(transitions, expiration):
    rule = Lifecycle(transitions=transitions, expiration_days=expiration)
    assert rule.transitions == tuple(sorted(transitions, key=lambda t: t[1]))
    assert eval(repr(rule)) == rule  # noqa: S307 - repr round-trips


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"transitions": "GLACIER"}, TypeError),
        ({"transitions": ("GLACIER", 90)}, TypeError),
        ({"transitions": ((90, "GLACIER"),)}, TypeError),
        ({"transitions": (("GLACIER", 90.0),)}, TypeError),
        ({"transitions": (("GLACIER", True),)}, TypeError),
        ({"expiration_days": "365"}, TypeError),
        ({"transition_default_minimum_object_size": 128}, TypeError),
    ],
)
def test_wrong_kinds_are_type_errors(kwargs, error):
    with pytest.raises(error):
        Lifecycle(**kwargs)


def test_transitions_are_kept_in_day_order_and_describe_the_timeline():
    rule = Lifecycle(transitions=[("GLACIER", 90), ("STANDARD_IA", 30)], expiration_days=365)
    assert rule == COURSE
    assert rule.stages == (("STANDARD", 0), ("STANDARD_IA", 30), ("GLACIER", 90))
    assert rule.timeline == "STANDARD (day 0) -> STANDARD_IA (day 30) -> GLACIER (day 90) -> expire (day 365)"
    assert [rule.storage_class_on(d) for d in (0, 29, 30, 89, 90, 364, 365)] == [
        "STANDARD",
        "STANDARD",
        "STANDARD_IA",
        "STANDARD_IA",
        "GLACIER",
        "GLACIER",
        None,
    ]
    assert repr(Lifecycle()) == "Lifecycle()"


def test_transition_targets_and_size_settings_come_from_the_rules():
    assert TRANSITION_TARGETS == (
        "INTELLIGENT_TIERING",
        "STANDARD_IA",
        "ONEZONE_IA",
        "GLACIER_IR",
        "GLACIER",
        "DEEP_ARCHIVE",
    )
    fact = data.fact("s3", "lifecycle_min_transition_size_kb")
    assert (
        TRANSITION_SIZE_SETTINGS == tuple(fact["settings"]) == ("all_storage_classes_128K", "varies_by_storage_class")
    )
    assert TRANSITION_SIZE_SETTINGS[0] == fact["default"] == Lifecycle().transition_default_minimum_object_size


@pytest.mark.parametrize(
    ("transitions", "suggested"),
    [
        ((), ("STANDARD_IA", 30)),  # the first infrequent-access class, on the first day it is allowed
        ([("STANDARD_IA", 30)], ("ONEZONE_IA", 60)),  # 30 days in Standard-IA before the next move
        ([("GLACIER", 90), ("STANDARD_IA", 30)], ("ONEZONE_IA", 60)),  # the last one added, not the latest day
        ([("GLACIER_IR", 100)], ("GLACIER", 130)),
        ([("DEEP_ARCHIVE", 180)], ("DEEP_ARCHIVE", 210)),  # nothing below the bottom of the waterfall
    ],
)
def test_next_transition_suggests_the_next_class_down(transitions, suggested):
    assert next_transition(transitions) == suggested


def test_next_transition_rejects_what_is_not_a_transition():
    with pytest.raises(
        LifecycleError, match=r"a transition to 'STANDARD' breaks the lifecycle rule 'transitions go to "
    ):
        next_transition([("STANDARD", 30)])
    with pytest.raises(TypeError, match="each transition is a"):
        next_transition(["GLACIER"])
    with pytest.raises(TypeError, match="whole number of days"):
        next_transition([("GLACIER", 1.5)])


def test_to_aws_is_a_put_bucket_lifecycle_configuration_body():
    body = COURSE.to_aws(rule_id="course")
    assert body == {
        "Rules": [
            {
                "ID": "course",
                "Status": "Enabled",
                "Filter": {},
                "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}],
                "Expiration": {"Days": 365},
            }
        ],
        "TransitionDefaultMinimumObjectSize": "all_storage_classes_128K",
    }
    json.dumps(body)


def test_lifecycle_displays_itself():
    bundle = COURSE._repr_mimebundle_()
    assert bundle["text/plain"] == COURSE.text() == "S3 lifecycle rule: " + COURSE.timeline
    assert "STANDARD_IA<br><small>from day 30</small>" in bundle["text/html"]
    assert "expire<br><small>day 365</small>" in bundle["text/html"]


# --- lifecycle cost ----------------------------------------------------------------------------


def test_the_course_worked_example_by_hand():
    # The course's rule, Standard -> Standard-IA at day 30 -> Glacier Flexible Retrieval at day 90 ->
    # expire at day 365, for 1,000 GB in 100,000 objects of 0.01 GB in us-east-1, over 13 months
    # (390 days, so the whole life of the objects). A month is 30 days; a KB is 1/1,048,576 GB.
    #   STANDARD,    days   0-30:  1,000 GB x $0.023  x  30/30                = $23.00
    #   STANDARD_IA, days  30-90:  1,000 GB x $0.0125 x  60/30                = $25.00
    #   GLACIER,     days 90-365:  1,000 GB x $0.0036 x 275/30                = $33.00
    #     archive overhead, 32 KB per object at the GLACIER rate:
    #       100,000 x 32 KB = 3.0517578125 GB x $0.0036 x 275/30           = $0.1007080078125
    #     and 8 KB per object at the STANDARD rate:
    #       100,000 x 8 KB = 0.762939453125 GB x $0.023 x 275/30           = $0.16085306803385416...
    #   transitions: 100,000 to STANDARD_IA x $0.01/1,000 = $1.00, 100,000 to GLACIER x $0.03/1,000 = $3.00
    #   early deletion: none (60 days in STANDARD_IA >= 30, 275 days in GLACIER >= 90)
    #   total = 23 + 25 + 33 + 0.1007080078125 + 0.16085306803385416 + 1 + 3 = $85.26156107584635
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=13, region="us-east-1")
    assert cost.by_storage_class_usd == pytest.approx(
        {"STANDARD": 23.0, "STANDARD_IA": 25.0, "GLACIER": 33.0 + 0.1007080078125 + 0.16085306803385416}, rel=1e-12
    )
    assert cost.transition_usd == pytest.approx(4.0, rel=1e-12)
    assert cost.early_deletion_usd == 0
    assert cost.retrieval_usd == 0
    assert cost.total_usd == pytest.approx(85.26156107584635, rel=1e-12)
    assert cost.storage_usd == pytest.approx(81.26156107584635, rel=1e-12)


def test_the_course_example_month_by_month():
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=14)
    monthly = cost.monthly
    assert list(monthly.columns) == [
        "STANDARD_usd",
        "STANDARD_IA_usd",
        "GLACIER_usd",
        "transitions_usd",
        "early_deletion_usd",
        "retrieval_usd",
        "total_usd",
    ]
    assert monthly.index.name == "month" and list(monthly.index) == list(range(1, 15))
    assert monthly.loc[1, "STANDARD_usd"] == pytest.approx(23.0)
    assert monthly.loc[2, "transitions_usd"] == pytest.approx(1.0)  # day 30 is in month 2
    assert monthly.loc[4, "transitions_usd"] == pytest.approx(3.0)  # day 90 is in month 4
    assert monthly.loc[2:3, "STANDARD_IA_usd"].tolist() == pytest.approx([12.5, 12.5])
    # Expiration on day 365: month 13 (days 360-389) holds 5 days of GLACIER, month 14 nothing.
    glacier_day = (1000 * 0.0036 + 100_000 * (32 * 0.0036 + 8 * 0.023) / 1024**2) / 30
    assert monthly.loc[13, "GLACIER_usd"] == pytest.approx(5 * glacier_day)
    assert monthly.loc[14, "total_usd"] == 0
    assert cost.stored_gb.loc[3, "STANDARD_IA_gb"] == pytest.approx(1000)
    assert cost.stored_gb.loc[13, "GLACIER_gb"] == pytest.approx(1000 * 5 / 30)
    assert cost.total_usd == pytest.approx(monthly["total_usd"].sum())


def test_early_deletion_from_standard_ia_after_10_days_bills_20_more_days():
    rule = Lifecycle(transitions=(("STANDARD_IA", 30),), expiration_days=40)
    cost = lifecycle_cost(rule, size_gb=30, object_count=30, months=2)
    # 10 days in STANDARD_IA, then 30 - 10 = 20 more days billed: 30 GB x $0.0125 x 20/30 = $0.25
    assert cost.early_deletion_usd == pytest.approx(30 * 0.0125 * 20 / 30, rel=1e-12)
    assert cost.by_storage_class_usd["STANDARD_IA"] == pytest.approx(30 * 0.0125 * 10 / 30, rel=1e-12)
    assert cost.monthly.loc[2, "early_deletion_usd"] == pytest.approx(0.25)  # day 40 is in month 2
    early = cost.findings[0]
    assert (early.code, early.severity, early.subject) == ("early-deletion", "warning", "STANDARD_IA")
    assert "30 object(s) leave STANDARD_IA before its 30-day minimum storage duration: $0.25" in early.message


@pytest.mark.parametrize("code, min_days", [("GLACIER_IR", 90), ("GLACIER", 90), ("DEEP_ARCHIVE", 180)])
def test_early_deletion_from_the_glacier_classes(code, min_days):
    rule = Lifecycle(transitions=((code, 0),), expiration_days=30)
    cost = lifecycle_cost(rule, size_gb=1024, object_count=1, months=3)
    price = STORAGE_CLASSES[code].price_usd_per_gb_month("us-east-1")
    overhead = (32 * price + 8 * 0.023) / 1024**2 if STORAGE_CLASSES[code].archived else 0.0
    assert cost.early_deletion_usd == pytest.approx((1024 * price + overhead) * (min_days - 30) / DAYS_PER_MONTH)


def test_no_early_deletion_when_the_horizon_ends_first():
    rule = Lifecycle(transitions=(("STANDARD_IA", 30),), expiration_days=40)
    assert lifecycle_cost(rule, size_gb=30, object_count=30, months=1).early_deletion_usd == 0


def test_objects_under_128_kb_are_not_transitioned_by_default():
    rule = Lifecycle(transitions=(("GLACIER", 30),))
    size_gb = 1000 * 64 / 1024**2  # 1,000 objects of 64 KB
    cost = lifecycle_cost(rule, size_gb=size_gb, object_count=1000, months=3)
    assert cost.by_storage_class_usd["GLACIER"] == 0
    assert cost.transition_usd == 0
    assert cost.by_storage_class_usd["STANDARD"] == pytest.approx(size_gb * 0.023 * 3)
    assert cost.findings[0].code == "small-objects-not-transitioned" and cost.findings[0].severity == "info"
    assert cost.findings[0].message.startswith(
        "1,000 of 1,000 object(s) are under 128 KB, so the lifecycle does not transition"
    )

    varies = Lifecycle(transitions=(("GLACIER", 30),), transition_default_minimum_object_size="varies_by_storage_class")
    moved = lifecycle_cost(varies, size_gb=size_gb, object_count=1000, months=3)
    assert moved.transition_usd == pytest.approx(1000 * 0.03 / 1000)
    assert moved.by_storage_class_usd["GLACIER"] > 0
    # ...but not to classes other than the two archive classes.
    ia = Lifecycle(transitions=(("STANDARD_IA", 30),), transition_default_minimum_object_size="varies_by_storage_class")
    assert lifecycle_cost(ia, size_gb=size_gb, object_count=1000, months=3).transition_usd == 0


def test_exactly_128_kb_is_transitioned():
    rule = Lifecycle(transitions=(("STANDARD_IA", 30),))
    cost = lifecycle_cost(rule, size_gb=128 / 1024**2, object_count=1, months=2)
    assert cost.transition_usd == pytest.approx(0.01 / 1000)


def test_small_objects_in_standard_ia_are_billed_as_128_kb():
    table = {"key": ["a.txt"], "size": [1024], "last_modified": ["2026-01-01"], "storage_class": ["STANDARD_IA"]}
    cost = simulate_inventory(table, Lifecycle(), months=1, start="2026-06-01")
    assert cost.by_storage_class_usd["STANDARD_IA"] == pytest.approx(128 / 1024**2 * 0.0125)
    padded = [f for f in cost.findings if f.code == "minimum-billable-size"]
    assert [f.subject for f in padded] == ["STANDARD_IA"] and "billed as 128 KB" in padded[0].message


def test_deep_archive_overhead_can_outweigh_tiny_data():
    rule = Lifecycle(
        transitions=(("DEEP_ARCHIVE", 0),), transition_default_minimum_object_size="varies_by_storage_class"
    )
    cost = lifecycle_cost(rule, size_gb=1_000_000 * 1 / 1024**2, object_count=1_000_000, months=1)  # 1 KB objects
    data_usd = 1_000_000 / 1024**2 * 0.00099
    overhead_usd = 1_000_000 * (32 * 0.00099 + 8 * 0.023) / 1024**2
    assert cost.by_storage_class_usd["DEEP_ARCHIVE"] == pytest.approx(data_usd + overhead_usd)
    assert overhead_usd > 100 * data_usd


def test_intelligent_tiering_adds_monitoring_for_objects_of_128_kb_or_more():
    rule = Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),))
    large = lifecycle_cost(rule, size_gb=1000, object_count=1000, months=1)
    assert large.by_storage_class_usd["INTELLIGENT_TIERING"] == pytest.approx(1000 * 0.023 + 1000 * 0.0025 / 1000)
    assert any(f.code == "intelligent-tiering-access" and "Frequent, Infrequent" in f.message for f in large.findings)


def test_retrieval_follows_where_the_data_is():
    rule = Lifecycle(transitions=(("GLACIER_IR", 30),))
    cost = lifecycle_cost(rule, size_gb=100, object_count=100, months=3, retrieved_gb_per_month=10)
    # month 1 in STANDARD (free), months 2-3 in GLACIER_IR at $0.03 per GB.
    assert cost.monthly["retrieval_usd"].tolist() == pytest.approx([0.0, 0.3, 0.3])
    assert cost.retrieval_usd == pytest.approx(0.6)


def test_seoul_prices_and_the_simplification_note():
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=1000, months=1, region="ap-northeast-2")
    assert cost.total_usd == pytest.approx(1000 * 0.025)
    assert cost.findings[-1] == Finding(
        "fee-region",
        "info",
        "ap-northeast-2",
        "Transition and retrieval fees are us-east-1 list prices; storage uses ap-northeast-2's prices.",
    )


def test_no_rule_keeps_everything_in_standard():
    cost = lifecycle_cost(Lifecycle(), size_gb=10, object_count=10, months=12)
    assert list(cost.monthly.columns)[0] == "STANDARD_usd"
    assert cost.total_usd == pytest.approx(10 * 0.023 * 12)
    assert cost.findings == ()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"size_gb": 0}, ValueError, r"size_gb=0: store a positive amount"),
        ({"size_gb": "1"}, TypeError, r"size_gb must be a number"),
        ({"object_count": 0}, ValueError, r"object_count=0"),
        ({"object_count": 1.5}, TypeError, r"object_count must be int"),
        ({"months": 0}, LifecycleError, r"months=0: simulate 1 to 1,200 months"),
        ({"months": 1201}, LifecycleError, r"months=1201: simulate 1 to 1,200 months"),
        ({"months": 2.0}, TypeError, r"months must be int"),
        ({"retrieved_gb_per_month": -1}, ValueError, r"cannot be negative"),
        ({"region": 1}, TypeError, r"region must be a Region code"),
        ({"size_gb": 10**6, "object_count": 1}, InventoryError, r"an S3 object holds at most 50 TB"),
    ],
)
def test_calculator_arguments_are_checked(kwargs, error, message):
    args = {"size_gb": 10, "object_count": 10, "months": 1, **kwargs}
    with pytest.raises(error, match=message):
        lifecycle_cost(COURSE, **args)
    with pytest.raises(TypeError, match="lifecycle must be a Lifecycle"):
        lifecycle_cost({"transitions": ()}, size_gb=1, object_count=1, months=1)


def test_cost_displays_summary_totals_and_findings():
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=13)
    bundle = cost._repr_mimebundle_()
    assert bundle["text/plain"].startswith(
        "1,000 GB in 100,000 object(s) of 10.2 MB, us-east-1, 13 months of 30 days: total $85.26 = storage $81.26 "
        "+ transitions $4.00 + early deletion $0.00 + retrieval $0.00"
    )
    assert "<td>storage: GLACIER</td><td>$33.26</td>" in bundle["text/html"]
    assert "<li>Each object in GLACIER carries 40 KB of metadata" in bundle["text/html"]
    assert cost.totals_frame()["charge"].tolist()[-1] == "total"
    assert repr(cost).startswith("<LifecycleCost 1,000 GB")


def test_cost_text_is_the_statement_then_the_findings():
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=13)
    assert cost.statement == (
        "1,000 GB in 100,000 object(s) of 10.2 MB, us-east-1, 13 months of 30 days: total $85.26 = storage $81.26 "
        "+ transitions $4.00 + early deletion $0.00 + retrieval $0.00"
    )
    assert cost.text() == cost.statement + "".join(f"\n- {f}" for f in cost.findings)
    assert cost._repr_mimebundle_()["text/plain"] == cost.text()
    assert cost.days_per_month == DAYS_PER_MONTH == 30


def test_intelligent_tiering_finding_names_the_days_from_the_data():
    tiering = Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),))
    cost = lifecycle_cost(tiering, size_gb=10, object_count=10, months=2)
    days = data.fact("s3", "intelligent_tiering")["infrequent_access_after_days"]
    assert days == 30
    assert (
        "With 0% of the objects read each month, INTELLIGENT_TIERING objects of 128 KB or more are priced at the "
        "expected mix of its Frequent, Infrequent (after 30 days unread) and Archive Instant Access (after 90 days) "
        "tiers; smaller objects stay in Frequent Access."
    ) in [f.message for f in cost.findings]


def test_monthly_cost_figure():
    from awsbasics.display import PALETTE
    from awsbasics.display.s3 import COLOURS

    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=13)
    fig = cost.figure()
    assert [t.name for t in fig.data] == ["STANDARD", "STANDARD_IA", "GLACIER", "transition requests"]
    assert all(t.stackgroup == "cost" for t in fig.data)
    assert fig.layout.title.text == (
        "Monthly S3 cost, us-east-1<br><sup>STANDARD (day 0) -&gt; STANDARD_IA (day 30) -&gt; GLACIER (day 90) "
        "-&gt; expire (day 365)</sup>"
    )
    assert fig.data[0].line.shape == "hvh"
    assert fig.layout.xaxis.title.text == "month (30-day months)"
    assert fig.layout.yaxis.title.text == "cost (USD per month)"
    assert fig.data[0].line.color == PALETTE["blue"] and fig.data[3].fillcolor == COLOURS["transitions"]
    assert fig.data[3].fillpattern.shape == "/"
    # one point per month, plus half a month of the first and last values at the ends
    assert list(fig.data[0].x) == [0.5, *range(1, 14), 13.5]
    assert list(fig.data[0].customdata) == [1, *range(1, 14), 13]
    assert list(fig.data[0].y[:3]) == pytest.approx([23.0, 23.0, 0.0])
    assert fig.data[0].hovertemplate == "STANDARD: $%{y:,.4f} in month %{customdata}<extra></extra>"
    assert set(COLOURS.values()) <= set(PALETTE.values())
    assert not re.search(r"https?://", fig.to_json())


# S3 Intelligent-Tiering access tiers (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html):
# Frequent Access until 30 consecutive days without access, Infrequent Access until 90, then Archive Instant Access;
# us-east-1 tier prices 0.023 / 0.0125 / 0.004 per GB-month (https://aws.amazon.com/s3/pricing/), monitoring
# 0.0025 per 1,000 objects of 128 KB or more.
TIERING = Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),))
MONITOR = 1000 * 0.0025 / 1000  # 1,000 objects a month


def test_unread_intelligent_tiering_steps_down_at_30_and_90_days():
    cost = lifecycle_cost(TIERING, size_gb=1000, object_count=1000, months=4)
    by_month = cost.monthly["INTELLIGENT_TIERING_usd"].tolist()
    assert by_month == pytest.approx(
        [1000 * 0.023 + MONITOR, 1000 * 0.0125 + MONITOR, 1000 * 0.0125 + MONITOR, 1000 * 0.004 + MONITOR]
    )


def test_objects_read_half_the_months_spread_over_the_tiers():
    cost = lifecycle_cost(TIERING, size_gb=1000, object_count=1000, months=5, read_fraction_per_month=0.5)
    # From day 90 on: half unread for 30+ days, an eighth for 90+ days (0.5 ** 3).
    month5 = 1000 * (0.5 * 0.023 + (0.5 - 0.125) * 0.0125 + 0.125 * 0.004) + MONITOR
    assert cost.monthly["INTELLIGENT_TIERING_usd"].iloc[4] == pytest.approx(month5)
    # Day 30 to 89: an object is in Infrequent Access when it went unread since day 0 up to today and for 30 days.
    month2 = sum(1000 * (0.023 + 0.5 ** (min(d, 30) / 30) * (0.0125 - 0.023)) for d in range(30, 60)) / 30 + MONITOR
    assert cost.monthly["INTELLIGENT_TIERING_usd"].iloc[1] == pytest.approx(month2)


def test_objects_read_every_day_stay_in_frequent_access():
    cost = lifecycle_cost(TIERING, size_gb=1000, object_count=1000, months=4, read_fraction_per_month=1)
    assert cost.by_storage_class_usd["INTELLIGENT_TIERING"] == pytest.approx(4 * (1000 * 0.023 + MONITOR))


def test_inventory_objects_in_intelligent_tiering_follow_their_last_read():
    from awsbasics.storage.lifecycle import simulate_inventory

    mib, kib = 1024**2, 1024
    table = {
        "key": ["small", "unread-45-days", "never-read", "read-yesterday"],
        "size": [64 * kib, mib, mib, mib],
        "last_modified": ["2026-01-01"] * 4,
        "storage_class": ["INTELLIGENT_TIERING"] * 4,
        "last_accessed": [None, "2026-10-17", None, "2026-11-30"],
    }
    cost = simulate_inventory(table, Lifecycle(expiration_days=3650), months=1, start="2026-12-01")
    gb = mib / 1024**3
    # Month 1 (days 0-29), nobody reads: the 64 KB object is unmonitored in Frequent Access; the one unread for 45
    # days is in Infrequent Access (Archive Instant Access would come on day 45); the one never read since January is
    # past 90 days; the one read yesterday reaches Infrequent Access on day 29.
    expected = (
        64 * kib / 1024**3 * 0.023 + gb * 0.0125 + gb * 0.004 + gb * (29 * 0.023 + 1 * 0.0125) / 30 + 3 * 0.0025 / 1000
    )
    assert cost.by_storage_class_usd["INTELLIGENT_TIERING"] == pytest.approx(expected)
    loop = simulate_inventory(table, Lifecycle(expiration_days=3650), months=1, start="2026-12-01", engine="loop")
    assert loop.by_storage_class_usd["INTELLIGENT_TIERING"] == pytest.approx(expected)


def test_a_last_read_before_the_write_is_refused():
    from awsbasics.errors import InventoryError
    from awsbasics.storage.lifecycle import simulate_inventory

    table = {
        "key": ["a"],
        "size": [1],
        "last_modified": ["2026-05-01"],
        "storage_class": ["INTELLIGENT_TIERING"],
        "last_accessed": ["2026-04-01"],
    }
    with pytest.raises(InventoryError, match="last read before it was written"):
        simulate_inventory(table, Lifecycle(expiration_days=10), months=1, start="2026-06-01")


def test_lifecycle_rule_versus_intelligent_tiering_has_a_break_even_read_rate():
    rule = Lifecycle(transitions=(("STANDARD_IA", 30),))
    fixed = lifecycle_cost(rule, size_gb=1000, object_count=1000, months=12, retrieved_gb_per_month=0)
    cold = lifecycle_cost(TIERING, size_gb=1000, object_count=1000, months=12)
    warm = lifecycle_cost(TIERING, size_gb=1000, object_count=1000, months=12, read_fraction_per_month=0.9)
    assert cold.total_usd < fixed.total_usd < warm.total_usd


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), float("inf")])
def test_read_fraction_is_a_share(bad):
    with pytest.raises(LifecycleError, match="read_fraction_per_month"):
        lifecycle_cost(TIERING, size_gb=1, object_count=1, months=1, read_fraction_per_month=bad)
    with pytest.raises(TypeError):
        lifecycle_cost(TIERING, size_gb=1, object_count=1, months=1, read_fraction_per_month=True)


def test_lifecycle_or_intelligent_tiering_for_unread_data():
    from awsbasics.storage.lifecycle import compare_intelligent_tiering

    rule = Lifecycle(transitions=(("STANDARD_IA", 30),))
    choice = compare_intelligent_tiering(rule, size_gb=1000, object_count=100_000, months=12, steps=11)
    unread = choice.table.iloc[0]
    # Rule: a month of Standard, 11 of Standard-IA, 100,000 transitions at $0.01 per 1,000.
    assert unread["lifecycle_usd"] == pytest.approx(1000 * 0.023 + 11 * 1000 * 0.0125 + 1.0)
    # Intelligent-Tiering unread: Frequent (month 1), Infrequent (2-3), Archive Instant (4-12), monitoring, transitions.
    assert unread["intelligent_tiering_usd"] == pytest.approx(
        1000 * (0.023 + 2 * 0.0125 + 9 * 0.004) + 12 * 100_000 * 0.0025 / 1000 + 1.0
    )
    assert unread["cheaper"] == "Intelligent-Tiering"
    # At the break-even both sides cost the same; past it the rule wins.
    at = choice.break_even
    rule_cost = lifecycle_cost(
        rule, size_gb=1000, object_count=100_000, months=12, retrieved_gb_per_month=at * 1000
    ).total_usd
    tiering = lifecycle_cost(
        Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),)),
        size_gb=1000,
        object_count=100_000,
        months=12,
        read_fraction_per_month=at,
    ).total_usd
    assert rule_cost == pytest.approx(tiering, rel=1e-6)
    assert choice.table.iloc[-1]["cheaper"] == "the lifecycle rule"
    assert choice.verdict.startswith("Intelligent-Tiering is cheaper while fewer than")
    assert any(a.text.startswith("break-even") for a in choice.figure().layout.annotations)


@pytest.mark.parametrize("steps", [1, 101, 0])
def test_tiering_comparison_steps_are_bounded(steps):
    from awsbasics.storage.lifecycle import compare_intelligent_tiering

    with pytest.raises(LifecycleError, match="steps="):
        compare_intelligent_tiering(
            Lifecycle(transitions=(("GLACIER", 90),)), size_gb=1, object_count=1, months=1, steps=steps
        )
