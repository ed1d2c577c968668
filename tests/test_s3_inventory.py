"""Inventory mode: the vectorized engine against the per-object loop, and inventory checks."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsbasics import data
from awsbasics.storage.lifecycle import (
    STORAGE_CLASSES,
    InventoryError,
    Lifecycle,
    engines,
    inventory,
    lifecycle_cost,
    random_inventory,
    simulate_inventory,
)

START = pd.Timestamp("2026-06-01", tz="UTC")
KB, GB = 1024, 1024**3
ALLOWED = data.value("s3", "lifecycle_transitions")
IA = ("STANDARD_IA", "ONEZONE_IA")
SETTINGS = ("all_storage_classes_128K", "varies_by_storage_class")


@st.composite
def lifecycles(draw):
    """Valid rules, built down the waterfall with the day gaps AWS requires."""
    transitions, current, day = [], "STANDARD", 0
    for _ in range(draw(st.integers(0, 3))):
        if not ALLOWED[current]:
            break
        target = draw(st.sampled_from(ALLOWED[current]))
        gap = 30 if current in IA else (1 if transitions else 0)
        day = day + draw(st.integers(gap, 150))
        if target in IA:
            day = max(day, 30)
        transitions.append((target, day))
        current = target
    expiration = draw(st.none() | st.integers(day + 1, day + 400))
    return Lifecycle(
        transitions=transitions,
        expiration_days=expiration,
        transition_default_minimum_object_size=draw(st.sampled_from(SETTINGS)),
    )


SIZES = st.sampled_from([0, 1, 100 * KB, 128 * KB - 1, 128 * KB, 129 * KB, 10 * 1024**2, 5 * GB]) | st.integers(
    0, 2 * GB
)


@st.composite
def inventories(draw):
    count = draw(st.integers(1, 8))
    ages = draw(st.lists(st.integers(0, 500), min_size=count, max_size=count))
    return pd.DataFrame(
        {
            "key": [f"k/{i}" for i in range(count)],
            "size": draw(st.lists(SIZES, min_size=count, max_size=count)),
            # An hour past the whole days, so each object's age is exactly its number of days.
            "last_modified": [START - pd.Timedelta(days=a, hours=1) for a in ages],
            "storage_class": draw(st.lists(st.sampled_from(list(STORAGE_CLASSES)), min_size=count, max_size=count)),
        }
    )


@given(inventories(), lifecycles(), st.integers(1, 18), st.sampled_from(["us-east-1", "ap-northeast-2"]))
def test_vectorized_inventory_equals_the_per_object_loop(table, rule, months, region):
    fast = simulate_inventory(table, rule, months=months, region=region, start=START, retrieved_gb_per_month=3)
    slow = simulate_inventory(
        table, rule, months=months, region=region, start=START, retrieved_gb_per_month=3, engine="loop"
    )
    pd.testing.assert_frame_equal(fast.monthly, slow.monthly, rtol=1e-9, atol=1e-12)
    pd.testing.assert_frame_equal(fast.stored_gb, slow.stored_gb, rtol=1e-9, atol=1e-9)

    objects, _, _ = inventory._inventory_arrays(table, start=START)
    a = engines._simulate_numpy(objects, rule, months=months, region=region)
    b = engines._simulate_loop(objects, rule, months=months, region=region)
    for name in ("early_objects", "overhead_usd", "padding_usd"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, atol=1e-12, err_msg=name)
    assert a.held_back_objects == b.held_back_objects


@given(lifecycles(), st.integers(1, 5), st.sampled_from([1, 64 * KB, 128 * KB, 3 * 1024**2]), st.integers(1, 30))
def test_a_batch_priced_alone_equals_the_same_objects_in_an_inventory(rule, count, size, months):
    batch = lifecycle_cost(rule, size_gb=size * count / GB, object_count=count, months=months)
    table = pd.DataFrame(
        {
            "key": [f"k{i}" for i in range(count)],
            "size": [size] * count,
            "last_modified": [START] * count,
            "storage_class": ["STANDARD"] * count,
        }
    )
    listed = simulate_inventory(table, rule, months=months, start=START)
    pd.testing.assert_frame_equal(batch.monthly, listed.monthly, rtol=1e-9, atol=1e-12)
    assert batch.findings == listed.findings


@given(inventories(), lifecycles(), st.integers(1, 12))
def test_totals_are_the_sum_of_their_parts(table, rule, months):
    cost = simulate_inventory(table, rule, months=months, start=START)
    assert (cost.monthly.to_numpy() >= 0).all()
    parts = cost.storage_usd + cost.transition_usd + cost.early_deletion_usd + cost.retrieval_usd
    assert cost.total_usd == pytest.approx(parts, rel=1e-12, abs=1e-15)


def _one(size, age, storage_class):
    return pd.DataFrame(
        {
            "key": ["x"],
            "size": [size],
            "last_modified": [START - pd.Timedelta(days=age)],
            "storage_class": [storage_class],
        }
    )


def test_an_object_past_a_transition_day_moves_on_the_first_day():
    rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)))
    cost = simulate_inventory(_one(GB, 100, "STANDARD"), rule, months=1, start=START)
    # Straight to GLACIER: one transition request, not two.
    assert cost.transition_usd == pytest.approx(0.03 / 1000)
    assert cost.by_storage_class_usd["STANDARD"] == 0
    assert cost.by_storage_class_usd["STANDARD_IA"] == 0


def test_an_object_past_expiration_is_deleted_on_the_first_day():
    rule = Lifecycle(transitions=(("GLACIER", 90),), expiration_days=365)
    cost = simulate_inventory(_one(GB, 400, "STANDARD"), rule, months=2, start=START)
    assert cost.total_usd == 0


def test_time_in_the_start_class_counts_from_last_modified():
    # Uploaded straight to STANDARD_IA 10 days ago; a new rule archives it now: 20 days are billed early.
    rule = Lifecycle(transitions=(("GLACIER", 0),))
    cost = simulate_inventory(_one(GB, 10, "STANDARD_IA"), rule, months=1, start=START)
    assert cost.early_deletion_usd == pytest.approx(0.0125 * 20 / 30)


def test_an_object_the_waterfall_cannot_move_stays():
    rule = Lifecycle(transitions=(("GLACIER_IR", 30),))
    cost = simulate_inventory(_one(GB, 0, "ONEZONE_IA"), rule, months=3, start=START)
    assert cost.transition_usd == 0
    assert cost.by_storage_class_usd == pytest.approx({"ONEZONE_IA": 3 * 0.01, "GLACIER_IR": 0.0})


def test_default_start_is_the_day_after_the_newest_object():
    table = _one(GB, 0, "STANDARD")
    table["last_modified"] = [pd.Timestamp("2026-03-04 15:00", tz="UTC")]
    cost = simulate_inventory(table, Lifecycle(), months=1)
    assert "from 2026-03-05" in cost.description


@pytest.mark.parametrize(
    "change, message",
    [
        ({"drop": "size"}, r"the inventory has no size column\(s\); an S3 Inventory-style table has key, size"),
        ({"size": [-1]}, r"row 0 has size -1 bytes; an S3 object holds 0 bytes to 50 TB"),
        ({"size": [51 * 1000**4]}, r"an S3 object holds 0 bytes to 50 TB"),
        ({"size": ["big"]}, r"the size column must hold numbers of bytes"),
        ({"storage_class": ["GLACIER_FLEXIBLE"]}, r"storage class 'GLACIER_FLEXIBLE' is not an S3 storage class code"),
        ({"storage_class": [None]}, r"storage class an empty value is not"),
        ({"key": [None]}, r"row 0 has no key"),
        ({"last_modified": [None]}, r"row 0 has no last_modified date"),
        (
            {"last_modified": [START + pd.Timedelta(days=1)]},
            r"row 0 was last modified after the simulation start 2026-06-01",
        ),
    ],
)
def test_inventory_problems_are_named(change, message):
    table = _one(GB, 3, "STANDARD")
    if "drop" in change:
        table = table.drop(columns=[change["drop"]])
    else:
        for column, values in change.items():
            table[column] = values
    with pytest.raises(InventoryError, match=message):
        simulate_inventory(table, Lifecycle(), months=1, start=START)


def test_inventory_arguments_are_checked():
    table = _one(GB, 3, "STANDARD")
    with pytest.raises(TypeError, match="inventory must be a pandas DataFrame"):
        simulate_inventory([1, 2], Lifecycle(), months=1)
    with pytest.raises(ValueError, match="engine='fast': use 'numpy' or 'loop'"):
        simulate_inventory(table, Lifecycle(), months=1, engine="fast")
    with pytest.raises(InventoryError, match="no rows"):
        simulate_inventory(table.iloc[:0], Lifecycle(), months=1)
    # a dict of columns works as well as a DataFrame
    assert simulate_inventory(table.to_dict("list"), Lifecycle(), months=1, start=START).total_usd > 0


def test_random_inventory_is_deterministic_for_a_seed():
    a, b = random_inventory(50, seed=11), random_inventory(50, seed=11)
    pd.testing.assert_frame_equal(a, b)
    assert not random_inventory(50, seed=12)["size"].equals(a["size"])
    assert set(a["storage_class"]) <= set(STORAGE_CLASSES)
    assert (a["last_modified"] < pd.Timestamp("2026-01-01", tz="UTC")).all()
    with pytest.raises(ValueError):
        random_inventory(0, seed=1)
    with pytest.raises(InventoryError):
        random_inventory(5, seed=1, storage_classes={"REDUCED_REDUNDANCY": 1.0})


def test_inventory_mode_on_a_larger_table_matches_the_loop():
    table = random_inventory(3000, seed=5)
    rule = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER_IR", 60), ("DEEP_ARCHIVE", 200)), expiration_days=400)
    fast = simulate_inventory(table, rule, months=24)
    slow = simulate_inventory(table, rule, months=24, engine="loop")
    pd.testing.assert_frame_equal(fast.monthly, slow.monthly, rtol=1e-9, atol=1e-12)
    assert fast.findings == slow.findings
    assert "are under 128 KB, so the lifecycle does not transition them" in fast.findings[0].message


def test_tiny_objects_that_expire_at_once_leave_no_negative_noise():
    # Found by hypothesis: daily rates of a few 1e-8 USD summed to -8e-23 in a month with nothing stored.
    table = pd.DataFrame(
        {
            "key": [f"k/{i}" for i in range(5)],
            "size": [0, 102400, 0, 0, 1],
            "last_modified": [START - pd.Timedelta(hours=1), START - pd.Timedelta(days=1, hours=1)]
            + [START - pd.Timedelta(hours=1)] * 3,
            "storage_class": ["STANDARD"] * 5,
        }
    )
    cost = simulate_inventory(table, Lifecycle(transitions=(), expiration_days=1), months=2, start=START)
    assert (cost.monthly.to_numpy() >= 0).all()
    assert cost.monthly.loc[2, "total_usd"] == 0.0


@given(
    inventories(),
    lifecycles(),
    st.integers(1, 8),
    st.sampled_from([0.0, 0.3, 1.0]),
    st.lists(st.one_of(st.none(), st.integers(0, 120)), min_size=1, max_size=1),
)
def test_intelligent_tiering_reads_give_the_same_bill_in_both_engines(table, rule, months, reads, unread):
    # Every object's last read is ``unread`` days before the start (capped by its age), or never.
    ages = (pd.Timestamp(START) - pd.to_datetime(table["last_modified"], utc=True)).dt.days
    days = unread[0]
    table = table.assign(
        last_accessed=[None if days is None else START - pd.Timedelta(days=min(days, a)) for a in ages]
    )
    fast = simulate_inventory(table, rule, months=months, start=START, read_fraction_per_month=reads)
    slow = simulate_inventory(table, rule, months=months, start=START, read_fraction_per_month=reads, engine="loop")
    pd.testing.assert_frame_equal(fast.monthly, slow.monthly, rtol=1e-9, atol=1e-12)
