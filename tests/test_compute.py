"""EC2: instance type names, size ladders, purchase options and the stop/start simulation."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsbasics import data
from awsbasics.compute import (
    PRICED_INSTANCE_TYPE,
    SPOT_INTERRUPTION_NOTICE_S,
    USER_DATA_MAX_SIZE_KB,
    InstanceStateError,
    InstanceType,
    break_even_figure,
    compare_purchase_options,
    current_generations,
    families_frame,
    on_demand_usd_per_hour,
    purchase_options,
    simulate_lifecycle,
    size_ladder,
    storage_options,
)
from awsbasics.errors import AwsRuleError, CapacityError, InstanceTypeError

PARSED = [
    # name -> family, generation, attributes, option, size
    ("m5d.2xlarge", ("m", 5, "d", None, "2xlarge")),
    ("t3.micro", ("t", 3, "", None, "micro")),
    ("c7gn.16xlarge", ("c", 7, "gn", None, "16xlarge")),
    ("inf2.xlarge", ("inf", 2, "", None, "xlarge")),
    ("u-6tb1.metal", ("u", 1, "", "6tb1", "metal")),
    ("mac2.metal", ("mac", 2, "", None, "metal")),
    ("m7i-flex.large", ("m", 7, "i", "flex", "large")),
    ("u7i-12tb.224xlarge", ("u", 7, "i", "12tb", "224xlarge")),
    ("mac2-m2pro.metal", ("mac", 2, "", "m2pro", "metal")),
    ("c7i.metal-24xl", ("c", 7, "i", None, "metal-24xl")),
    ("x2iedn.xlarge", ("x", 2, "iedn", None, "xlarge")),
    ("is4gen.medium", ("is", 4, "gen", None, "medium")),
    ("im4gn.large", ("im", 4, "gn", None, "large")),
    ("trn1n.32xlarge", ("trn", 1, "n", None, "32xlarge")),
    ("hpc7g.16xlarge", ("hpc", 7, "g", None, "16xlarge")),
    ("dl2q.24xlarge", ("dl", 2, "q", None, "24xlarge")),
    ("vt1.3xlarge", ("vt", 1, "", None, "3xlarge")),
    ("gr6.4xlarge", ("gr", 6, "", None, "4xlarge")),
    ("a1.medium", ("a", 1, "", None, "medium")),
    ("t3.nano", ("t", 3, "", None, "nano")),
    ("mac-m4.metal", ("mac", None, "", "m4", "metal")),
]


@pytest.mark.parametrize(("name", "parts"), PARSED, ids=[n for n, _ in PARSED])
def test_real_names_parse(name, parts):
    t = InstanceType.parse(name)
    assert (t.family, t.generation, t.attributes, t.option, t.size) == parts
    assert str(t) == name
    assert eval(repr(t)) == t  # noqa: S307 - the repr is this library's own


INVALID = [
    ("M5.large", r"'M5.large': instance type names are lowercase with no spaces, e.g. 'm5.large'"),
    (" m5.large", r"lowercase with no spaces, e.g. 'm5.large'"),
    ("m5large", r"'m5large' is not an instance type: a name is <family><generation><attributes>.<size>"),
    ("t3.micro.x", r"is not an instance type"),
    (".large", r"is not an instance type"),
    ("m5.huge", r"'m5.huge': 'huge' is not an instance size; sizes are nano, micro, small, medium, large, xlarge"),
    ("m5.1xlarge", r"'1xlarge' is not an instance size"),
    ("q5.large", r"'q5.large': 'q' is not an EC2 instance family \(families: a, c, d, dl, f, g, gr, h, hpc"),
    ("mx5.large", r"'mx' is not an EC2 instance family; did you mean 'x'\?"),
    ("m5x.large", r"attribute letter\(s\) x mean nothing .* the attribute letters are a, b, d, e, g, i, n, q, z"),
    ("m.large", r"'m.large' has no generation number after the family 'm', e.g. 'm5.large'"),
    ("m0.large", r"is not <family><generation><attributes>"),
    ("m5-.large", r"'' after the hyphen is not a name option"),
]


@pytest.mark.parametrize(("name", "message"), INVALID, ids=[n for n, _ in INVALID])
def test_invalid_names_say_which_rule_they_break(name, message):
    with pytest.raises(InstanceTypeError, match=message):
        InstanceType.parse(name)


def test_instance_type_errors_are_rule_errors_and_wrong_kinds_type_errors():
    with pytest.raises(AwsRuleError):
        InstanceType.parse("x")
    with pytest.raises(TypeError, match="instance type must be str"):
        InstanceType.parse(5)


@pytest.mark.parametrize(
    ("name", "category", "processor", "store"),
    [
        ("t3.micro", "General purpose", None, False),
        ("c7gn.16xlarge", "Compute optimized", "AWS Graviton (Arm) processors", False),
        ("r7iz.large", "Memory optimized", "Intel processors", False),
        ("m5d.2xlarge", "General purpose", None, True),
        ("i4i.large", "Storage optimized", "Intel processors", True),
        ("h1.2xlarge", "Storage optimized", None, True),
        ("p5.48xlarge", "Accelerated computing", None, False),
        ("c5a.large", "Compute optimized", "AMD processors", False),
    ],
)
def test_family_table_and_letters(name, category, processor, store):
    t = InstanceType.parse(name)
    assert (t.category, t.processor, t.has_instance_store) == (category, processor, store)


def test_t_family_is_burstable_with_cpu_credits():
    t = InstanceType.parse("t3.micro")
    assert t.family_name == "Burstable performance"
    assert "CPU credits" in t.purpose


def test_capabilities_and_explain():
    t = InstanceType.parse("m7i-flex.large")
    assert t.capabilities == (data.value("ec2", "capability_letters")["flex"],)
    parts = InstanceType.parse("m5d.2xlarge").explain()
    assert parts[0] == ("family", "m", "General purpose (General purpose)")
    assert ("attribute", "d", "local NVMe instance store volumes") in parts
    assert parts[-1] == ("size", "2xlarge", "the instance size: 8 vCPUs, 32 GiB memory")
    bundle = InstanceType.parse("m5d.2xlarge")._repr_mimebundle_()
    assert bundle["text/plain"].startswith("m5d.2xlarge: General purpose (General purpose), with instance store")
    assert "<table" in bundle["text/html"]


def test_instance_type_text_is_its_line_then_the_explained_parts():
    lines = InstanceType.parse("t3.micro").text().splitlines()
    assert lines[0] == "t3.micro: Burstable performance (General purpose), EBS only"
    assert lines[1].split() == ["part", "value", "meaning"]
    assert lines[-1].split(maxsplit=2) == ["size", "micro", "the instance size: 2 vCPUs, 1 GiB memory"]


def test_instance_type_view_is_a_captioned_table():
    from awsbasics.display.compute import instance_type_view

    html = instance_type_view(InstanceType.parse("m5d.2xlarge"))["text/html"]
    assert html.startswith(
        '<table class="awsbasics"><caption>m5d.2xlarge: General purpose (General purpose), with instance store'
        "</caption><thead><tr><th>part</th><th>value</th><th>meaning</th></tr></thead>"
    )
    assert "<tr><td>attribute</td><td>d</td><td>local NVMe instance store volumes</td></tr>" in html


def test_specs_come_from_the_curated_table_only():
    assert (InstanceType.parse("m5.large").vcpus, InstanceType.parse("m5.large").memory_gib) == (2, 8)
    assert InstanceType.parse("c7gn.16xlarge").vcpus is None


@pytest.mark.parametrize(
    ("series", "first", "last", "gib_per_vcpu"),
    [
        ("t3", ("t3.nano", 2, 0.5), ("t3.2xlarge", 8, 32.0), None),
        ("m5", ("m5.large", 2, 8.0), ("m5.metal", 96, 384.0), 4.0),
        ("c5", ("c5.large", 2, 4.0), ("c5.24xlarge", 96, 192.0), 2.0),
        ("r5", ("r5.large", 2, 16.0), ("r5.24xlarge", 96, 768.0), 8.0),
    ],
)
def test_size_ladders(series, first, last, gib_per_vcpu):
    ladder = size_ladder(series)
    assert tuple(ladder.iloc[0][["instance_type", "vcpus", "memory_gib"]]) == first
    assert tuple(ladder.iloc[-1][["instance_type", "vcpus", "memory_gib"]]) == last
    if gib_per_vcpu is not None:
        assert (ladder["memory_gib_per_vcpu"] == gib_per_vcpu).all()


def test_size_ladder_of_an_unknown_series():
    with pytest.raises(
        InstanceTypeError, match=r"'m9' has no size ladder in the curated table; series with one: c5, m5, m5d, r5, t3"
    ):
        size_ladder("m9")


def test_families_frame_covers_the_course_families():
    frame = families_frame().set_index("family")
    for family in ("t", "m", "c", "r", "x", "i", "d", "h", "p", "g", "inf", "trn"):
        assert family in frame.index
    assert frame.loc["h", "category"] == "Storage optimized"


# --- purchase options -------------------------------------------------------------------------


def test_purchase_options_include_the_retired_scheduled_instances():
    options = purchase_options().set_index("option")
    assert set(options.index) == {
        "On-Demand",
        "Reserved Instance",
        "Savings Plan",
        "Spot Instance",
        "Dedicated Host",
        "Dedicated Instance",
        "Scheduled Instance",
    }
    assert not options.loc["Scheduled Instance", "offered"]
    assert options.drop(index="Scheduled Instance")["offered"].all()
    assert options.loc["Spot Instance", "interruptible"]
    assert data.fact("ec2", "scheduled_instances")["course_2020"] == "offered"


def test_spot_notice_and_user_data_facts():
    assert SPOT_INTERRUPTION_NOTICE_S == 120
    assert USER_DATA_MAX_SIZE_KB == 16


def test_prices_are_dated_us_east_1_teaching_estimates():
    prices = data.fact("ec2", "prices")
    assert prices["region"] == "us-east-1" and prices["instance_type"] == PRICED_INSTANCE_TYPE == "m5.xlarge"
    assert "teaching estimates" in prices["note"].lower()
    assert prices["as_of"]


def test_compare_purchase_options_all_year():
    table = compare_purchase_options().set_index("plan")
    assert table.loc["On-Demand", "cost_usd_per_year"] == 1681.92
    assert table.loc["Standard RI, 1 year, No Upfront", "cost_usd_per_year"] == 1051.2
    assert table.loc["Standard RI, 1 year, No Upfront", "savings_vs_on_demand_pct"] == 37.5
    assert table.loc["Standard RI, 3 years, All Upfront", "savings_vs_on_demand_pct"] == 63.5
    assert table.loc["Standard RI, 1 year, No Upfront", "break_even_hours_per_day"] == 15.0
    assert table.loc["Standard RI, 3 years, All Upfront", "break_even_hours_per_day"] == 8.75
    assert table.loc["Spot (price varies)", "interruptible"]
    assert pd.isna(table.loc["On-Demand", "break_even_hours_per_day"])


def test_part_time_use_makes_commitments_dearer():
    table = compare_purchase_options(hours_per_day=8, days_per_week=5)
    ordered = table["plan"].tolist()
    assert ordered[:2] == ["Spot (price varies)", "On-Demand"]
    on_demand = table.set_index("plan").loc["On-Demand"]
    assert on_demand["cost_usd_per_year"] == round(0.192 * 8 * 365 * 5 / 7, 2)
    reserved = table.set_index("plan").loc["Standard RI, 1 year, No Upfront"]
    assert reserved["cost_usd_per_year"] == 1051.2  # billed for every hour of the year
    assert reserved["break_even_hours_per_day"] == 21.0  # 15 h/day over 7 days is 21 h/day over 5


def test_instances_multiply_the_cost():
    one = compare_purchase_options().set_index("plan")["cost_usd_per_year"]
    three = compare_purchase_options(instances=3).set_index("plan")["cost_usd_per_year"]
    assert (three.round(2) == (one * 3).round(2)).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"hours_per_day": 25}, CapacityError, r"hours_per_day=25: a day has between 0 and 24 hours"),
        ({"hours_per_day": -1}, CapacityError, "a day has between 0 and 24"),
        ({"days_per_week": 8}, CapacityError, r"days_per_week=8: a week has between 0 and 7 days"),
        ({"instances": 0}, CapacityError, r"instances=0: compare at least one instance"),
        ({"hours_per_day": "8"}, TypeError, "hours_per_day must be a number"),
        ({"instances": 1.0}, TypeError, "instances must be int"),
    ],
)
def test_usage_pattern_is_checked(kwargs, error, message):
    with pytest.raises(error, match=message):
        compare_purchase_options(**kwargs)


def test_break_even_figure():
    figure = break_even_figure()
    names = [trace.name for trace in figure.data]
    assert "On-Demand" in names and len(names) == 10
    on_demand = next(t for t in figure.data if t.name == "On-Demand")
    assert list(on_demand.x) == list(range(25))
    assert on_demand.y[24] == 1681.92 and on_demand.y[0] == 0
    assert figure.layout.xaxis.title.text == "hours used per day (h)"
    assert list(figure.layout.xaxis.range) == [0, 24]
    prices = data.fact("ec2", "prices")
    assert figure.layout.title.text == (
        f"Yearly cost of {prices['instance_type']} by hours used per day (7 days a week, {prices['region']} list prices)"
    )
    # Every line its own colour and its own dash: told apart in colour and in grey.
    assert len({t.line.color.lower() for t in figure.data}) == len({t.line.dash for t in figure.data}) == 10
    dashes = {(t.name, t.line.dash) for t in figure.data}
    assert {
        ("On-Demand", "solid"),
        ("Compute Savings Plan, 1 year", "dash"),
        ("Compute Savings Plan, 3 years", "dot"),
    } <= dashes
    assert "http" not in figure.to_json()


@given(hours=st.floats(min_value=0, max_value=24), days=st.floats(min_value=0.5, max_value=7))
def test_a_commitment_wins_exactly_above_its_break_even(hours, days):
    table = compare_purchase_options(hours_per_day=hours, days_per_week=days).set_index("plan")
    on_demand = table.loc["On-Demand", "cost_usd_per_year"]
    for plan, row in table[table["term_years"] > 0].iterrows():
        if hours > row["break_even_hours_per_day"] + 0.01:
            assert row["cost_usd_per_year"] < on_demand, plan
        elif hours < row["break_even_hours_per_day"] - 0.01:
            assert row["cost_usd_per_year"] > on_demand, plan


# --- lifecycle: instance store vs EBS -----------------------------------------------------------


def test_stop_start_loses_instance_store_but_keeps_ebs():
    frame = simulate_lifecycle(["launch", "write", "reboot", "write", "stop", "start", "terminate"], seed=3)
    assert frame["state"].tolist() == ["running", "running", "running", "running", "stopped", "running", "terminated"]
    assert frame["ebs_root_files"].tolist() == [0, 1, 1, 2, 2, 2, 0]
    assert frame["instance_store_files"].tolist() == [0, 1, 1, 2, 0, 0, 0]
    assert frame["user_data_runs"].tolist() == [1] * 7
    hosts = frame["host"].tolist()
    assert hosts[0] == hosts[1] == hosts[2] == hosts[3]  # a reboot keeps the host
    assert hosts[4] == "-" and hosts[5] != hosts[0]  # a start may land anywhere


def test_lifecycle_is_deterministic_for_a_seed():
    actions = ["launch", "stop", "start", "stop", "start"]
    assert simulate_lifecycle(actions, seed=7).equals(simulate_lifecycle(actions, seed=7))
    hosts = {tuple(simulate_lifecycle(actions, seed=s)["host"]) for s in range(5)}
    assert len(hosts) > 1


def test_ebs_only_types_have_no_instance_store_column_values():
    frame = simulate_lifecycle(["launch", "write"], instance_type="m5.large")
    assert frame["instance_store_files"].isna().all()
    assert frame["ebs_root_files"].tolist() == [0, 1]


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        (["write"], r"step 1: cannot write before the instance is launched; begin with 'launch'"),
        (["launch", "launch"], r"step 2: the instance is already launched \(running\)"),
        (
            ["launch", "start"],
            r"step 2: cannot start an instance that is running; start needs an instance that is stopped",
        ),
        (["launch", "stop", "write"], r"step 3: cannot write an instance that is stopped"),
        (["launch", "terminate", "start"], r"step 3: cannot start a terminated instance; termination is permanent"),
        (
            ["launch", "hibernate"],
            r"step 2: 'hibernate' is not an action; use one of launch, write, reboot, stop, start, terminate",
        ),
    ],
)
def test_lifecycle_refuses_impossible_steps(actions, message):
    with pytest.raises(InstanceStateError, match=message):
        simulate_lifecycle(actions)


def test_lifecycle_argument_kinds():
    with pytest.raises(TypeError, match="actions must be a list"):
        simulate_lifecycle("launch")
    with pytest.raises(TypeError, match="seed must be int"):
        simulate_lifecycle(["launch"], seed="1")
    with pytest.raises(InstanceTypeError):
        simulate_lifecycle(["launch"], instance_type="m5")


# --- current generations: Graviton beside Intel (us-east-1 Linux On-Demand, ec2.json current_generation_prices;
# https://aws.amazon.com/ec2/pricing/on-demand/ read through the secondary sources the data file names) --------


def test_current_generations_put_graviton_beside_intel():
    table = current_generations("large")
    assert table["instance_type"].tolist() == ["m5.large", "m7i.large", "m7g.large", "m8g.large"]
    assert table["usd_per_hour"].tolist() == [0.096, 0.1008, 0.0816, 0.08976]
    assert table["architecture"].tolist() == ["x86_64", "x86_64", "arm64", "arm64"]
    assert (table["vcpus"] == 2).all() and (table["memory_gib"] == 8.0).all()
    assert table["usd_per_month"].tolist() == [70.08, 73.58, 59.57, 65.52]  # 730 hours a month


@pytest.mark.parametrize(
    ("name", "usd"),
    [
        ("m7g.large", 0.0816),
        ("m7g.xlarge", 0.1632),
        ("m7g.2xlarge", 0.3264),
        ("m7i.2xlarge", 0.4032),
        ("m8g.4xlarge", 0.71808),
        ("m5.16xlarge", 3.072),
    ],
)
def test_each_size_step_doubles_the_price(name, usd):
    assert on_demand_usd_per_hour(name) == usd


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("m6i.large", r"the price table covers m5, m7i, m7g, m8g, not m6i"),
        ("m7g.medium", r"'medium': the price table covers the sizes large, xlarge"),
        ("m7g.metal", r"'metal': the price table covers the sizes"),
        ("m7g", r"m7g"),
    ],
)
def test_prices_outside_the_table_are_refused(name, message):
    with pytest.raises(InstanceTypeError, match=message):
        on_demand_usd_per_hour(name)
    with pytest.raises(InstanceTypeError, match=r"the price table covers the sizes"):
        current_generations("nano")


def test_storage_options_compare_instance_store_ebs_efs_and_s3():
    """Instance store is lost on stop (InstanceStorage.html); an EBS volume lives in one AZ (ebs userguide);
    EFS is mounted by instances in every AZ (whatisefs.html); S3 is reached over HTTPS, never mounted."""
    table = storage_options()
    rows = {row[0]: dict(zip(table.columns, row)) for row in table.rows}
    assert list(rows) == ["Instance store", "Amazon EBS volume", "Amazon EFS file system", "Amazon S3 bucket"]
    assert rows["Instance store"]["after_stop"].startswith("lost")
    assert rows["Amazon EBS volume"]["lives_in"] == "one Availability Zone"
    assert "every AZ" in rows["Amazon EFS file system"]["shared_by"]
    assert "never mounted" in rows["Amazon S3 bucket"]["reached_by"]
    bundle = table._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Where an instance's data can live\nstorage")
    assert "<caption>Where an instance&#x27;s data can live</caption>" in bundle["text/html"]
    assert list(table.to_frame().columns) == list(table.columns)
