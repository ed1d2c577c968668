"""Restores, Intelligent-Tiering tiers and fees, S3 Standard volume tiers: values derived by hand from AWS pages."""

from __future__ import annotations

import pytest

from awsbasics.errors import InventoryError, LifecycleError
from awsbasics.storage.s3 import (
    Lifecycle,
    intelligent_tiering_monitoring_usd,
    intelligent_tiering_tier,
    lifecycle_cost,
    random_inventory,
    restore_cost,
    simulate_inventory,
    standard_storage_usd,
)


def test_deep_archive_bulk_restore_of_1000_gb():
    # Deep Archive Bulk: $0.0025/GB and $0.025 per 1,000 requests (cross-check pages in s3.json),
    # within 48 hours (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html)
    cost = restore_cost("DEEP_ARCHIVE", tier="Bulk", size_gb=1000, objects=1000)
    assert (cost.retrieval_usd, cost.request_usd, cost.total_usd, cost.hours) == (2.5, 0.025, 2.525, 48.0)
    # the temporary copy is billed as S3 Standard, reported apart: 1,000 GB x 0.023 / 30 per day
    assert cost.restored_copy_usd_per_day == pytest.approx(1000 * 0.023 / 30)
    assert "2.525" in cost.text()


def test_glacier_flexible_retrieval_tiers():
    # https://repost.aws/knowledge-center/s3-manage-data-retrieval : 15,000,000 objects, 102,400 GB, Standard
    # = 15,000,000 / 1000 * $0.05 + 102,400 * $0.01 = $750 + $1,024 = $1,774
    standard = restore_cost("GLACIER", tier="Standard", size_gb=102_400, objects=15_000_000)
    assert (standard.request_usd, standard.retrieval_usd, standard.total_usd, standard.hours) == (750, 1024, 1774, 5)
    bulk = restore_cost("GLACIER", tier="Bulk", size_gb=102_400, objects=15_000_000)
    assert (bulk.total_usd, bulk.hours) == (0, 12)  # Bulk is free from Flexible Retrieval (retrieval-options page)
    expedited = restore_cost("GLACIER", tier="Expedited", size_gb=1, objects=1000)
    assert (expedited.retrieval_usd, expedited.request_usd) == (0.03, 10.0)
    assert expedited.hours == pytest.approx(5 / 60)
    assert restore_cost("DEEP_ARCHIVE", tier="Standard", size_gb=1, objects=1).hours == 12


@pytest.mark.parametrize(
    "args, error, pattern",
    [
        (("DEEP_ARCHIVE",), {"tier": "Expedited"}, r"Standard, Bulk"),
        (("STANDARD",), {"tier": "Bulk"}, r"read directly"),
    ],
)
def test_restore_rules(args, error, pattern):
    with pytest.raises(LifecycleError, match=pattern):
        restore_cost(*args, size_gb=1, objects=1, **error)


def test_intelligent_tiering_tiers():
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html : under 128 KB never
    # monitored, Frequent Access; 30 days -> Infrequent Access; 90 days -> Archive Instant Access
    small = intelligent_tiering_tier(64, days_since_access=120)
    assert (small.tier, small.monitored) == ("FREQUENT_ACCESS", False)
    mb = intelligent_tiering_tier(1024, days_since_access=45)
    assert (mb.tier, mb.monitored) == ("INFREQUENT_ACCESS", True)
    assert intelligent_tiering_tier(1024, days_since_access=29).tier == "FREQUENT_ACCESS"
    assert intelligent_tiering_tier(1024, days_since_access=90).tier == "ARCHIVE_INSTANT_ACCESS"
    # optional tiers, 90-730 and 180-730 days (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Tiering.html)
    opt = {"archive_access_days": 120, "deep_archive_access_days": 200}
    assert intelligent_tiering_tier(1024, days_since_access=119, **opt).tier == "ARCHIVE_INSTANT_ACCESS"
    assert intelligent_tiering_tier(1024, days_since_access=120, **opt).tier == "ARCHIVE_ACCESS"
    assert intelligent_tiering_tier(1024, days_since_access=200, **opt).tier == "DEEP_ARCHIVE_ACCESS"
    assert intelligent_tiering_tier(64, days_since_access=900, **opt).tier == "FREQUENT_ACCESS"
    with pytest.raises(LifecycleError, match=r"90 to 730"):
        intelligent_tiering_tier(1024, days_since_access=1, archive_access_days=89)
    with pytest.raises(LifecycleError, match=r"180 to 730"):
        intelligent_tiering_tier(1024, days_since_access=1, deep_archive_access_days=731)
    with pytest.raises(LifecycleError, match=r"after Archive Access"):
        intelligent_tiering_tier(1024, days_since_access=1, archive_access_days=400, deep_archive_access_days=300)


def test_intelligent_tiering_monitoring_fee():
    # $0.0025 per 1,000 monitored objects per month (https://aws.amazon.com/s3/pricing/, in s3.json)
    assert intelligent_tiering_monitoring_usd(10_000_000, 512) == 25.0
    assert intelligent_tiering_monitoring_usd(10_000_000, 64) == 0.0
    # the same fee inside lifecycle_cost: 10,000,000 objects of 512 KB = 4,882.8125 GB
    rule = Lifecycle(transitions=(("INTELLIGENT_TIERING", 0),))
    cost = lifecycle_cost(rule, size_gb=10_000_000 * 512 / 1024**2, object_count=10_000_000, months=1)
    storage = 10_000_000 * 512 / 1024**2 * 0.023
    assert cost.monthly["INTELLIGENT_TIERING_usd"].item() == pytest.approx(storage + 25.0)


def test_standard_volume_tiers():
    # 600 TB = 614,400 GB: 51,200 x 0.023 + 460,800 x 0.022 + 102,400 x 0.021 = 1,177.60 + 10,137.60 + 2,150.40
    assert standard_storage_usd(600 * 1024) == pytest.approx(13_465.60)
    assert standard_storage_usd(50 * 1024) == pytest.approx(1_177.60)
    cost = lifecycle_cost(Lifecycle(), size_gb=600 * 1024, object_count=614_400, months=1)
    assert cost.total_usd == pytest.approx(13_465.60)
    small = lifecycle_cost(Lifecycle(), size_gb=1000, object_count=1000, months=1)
    assert small.total_usd == pytest.approx(23.0)


def test_lifecycle_cost_takes_the_retrieval_tier():
    rule = Lifecycle(transitions=(("DEEP_ARCHIVE", 0),))
    args = {"size_gb": 1000, "object_count": 1000, "months": 1, "retrieved_gb_per_month": 1000}
    assert lifecycle_cost(rule, **args).retrieval_usd == pytest.approx(20.0)  # Standard: $0.02/GB
    assert lifecycle_cost(rule, retrieval_tier="Bulk", **args).retrieval_usd == pytest.approx(2.5)  # $0.0025/GB
    with pytest.raises(LifecycleError, match=r"DEEP_ARCHIVE restores offer only Standard, Bulk"):
        lifecycle_cost(rule, retrieval_tier="Expedited", **args)


def test_engines_agree_with_tiers_and_retrieval_tier():
    table = random_inventory(2000, seed=3, storage_classes={"STANDARD": 1, "GLACIER": 1})
    rule = Lifecycle(transitions=(("GLACIER", 30),))
    fast = simulate_inventory(table, rule, months=6, retrieved_gb_per_month=5, retrieval_tier="Expedited")
    slow = simulate_inventory(
        table, rule, months=6, retrieved_gb_per_month=5, retrieval_tier="Expedited", engine="loop"
    )
    assert fast.total_usd == pytest.approx(slow.total_usd, rel=1e-12)


def test_bad_sizes():
    with pytest.raises(InventoryError):
        restore_cost("GLACIER", tier="Bulk", size_gb=-1, objects=1)
    with pytest.raises(InventoryError):
        intelligent_tiering_tier(float("nan"), days_since_access=1)
