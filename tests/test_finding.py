"""The one Finding type (awsbasics._finding) and the lifecycle findings that use it."""

import dataclasses

import pytest

from awsbasics._finding import SEVERITIES, Finding
from awsbasics.storage import lifecycle
from awsbasics.storage.lifecycle import Lifecycle, lifecycle_cost, random_inventory, simulate_inventory

EARLY = Finding("early-deletion", "warning", "STANDARD_IA", "30 objects leave STANDARD_IA early.")


def test_a_finding_shows_itself_through_the_display_protocol():
    assert EARLY.text() == "warning [early-deletion] STANDARD_IA: 30 objects leave STANDARD_IA early."
    assert EARLY._repr_mimebundle_() == {"text/plain": EARLY.text()}
    assert str(EARLY) == "30 objects leave STANDARD_IA early."  # prose: print() and f-strings
    assert Finding("fee-region", "info", "", "Fees are us-east-1 prices.").text() == (
        "info [fee-region]: Fees are us-east-1 prices."
    )


def test_a_finding_is_a_frozen_value():
    assert EARLY == Finding("early-deletion", "warning", "STANDARD_IA", "30 objects leave STANDARD_IA early.")
    assert len({EARLY, dataclasses.replace(EARLY)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        EARLY.code = "other"  # type: ignore[misc]


def test_severities_are_a_small_ordered_set():
    assert SEVERITIES == ("info", "warning", "error")
    ranked = sorted([Finding("a", s, "", "m") for s in ("warning", "error", "info")], key=lambda f: -f.rank)
    assert [f.severity for f in ranked] == ["error", "warning", "info"]


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (
            ("x", "fatal", "s", "m"),
            ValueError,
            r"severity='fatal': a finding's severity is one of info, warning, error",
        ),
        (("x", "WARNING", "s", "m"), ValueError, r"severity='WARNING'"),
        (("x", "w" * 10_000, "s", "m"), ValueError, r"severity='w{40}':"),
        (("", "info", "s", "m"), ValueError, r"non-empty code and message"),
        (("x", "info", "s", ""), ValueError, r"non-empty code and message"),
        ((None, "info", "s", "m"), TypeError, r"code must be str, not NoneType"),
        (("x", 1, "s", "m"), TypeError, r"severity must be str, not int"),
        (("x", "info", b"s", "m"), TypeError, r"subject must be str, not bytes"),
        (("x", "info", "s", ["m"]), TypeError, r"message must be str, not list"),
    ],
)
def test_a_malformed_finding_is_refused(fields, error, message):
    with pytest.raises(error, match=message):
        Finding(*fields)


# --- lifecycle findings -------------------------------------------------------------------------

CODES = {
    "small-objects-not-transitioned": "info",
    "early-deletion": "warning",
    "minimum-billable-size": "warning",
    "archive-overhead": "info",
    "intelligent-tiering-access": "info",
    "fee-region": "info",
}


def test_every_lifecycle_finding_is_a_finding_with_a_documented_code():
    table = random_inventory(2000, seed=3)
    rule = Lifecycle(
        transitions=(("STANDARD_IA", 30), ("GLACIER", 60)),
        expiration_days=90,
        transition_default_minimum_object_size="varies_by_storage_class",
    )
    cost = simulate_inventory(table, rule, months=6, region="ap-northeast-2")
    assert cost.findings and all(isinstance(f, Finding) for f in cost.findings)
    assert {(f.code, f.severity) for f in cost.findings} <= set(CODES.items())
    assert {f.code for f in cost.findings} >= {"early-deletion", "fee-region", "archive-overhead"}
    for code in CODES:
        assert f"``{code}`` ({CODES[code]})" in lifecycle.findings.__doc__


def test_the_cost_text_lists_each_finding_as_a_sentence():
    # Standard-IA bills at least 30 days; expiring on day 40 after moving on day 30 bills 20 more days
    # (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
    cost = lifecycle_cost(
        Lifecycle(transitions=(("STANDARD_IA", 30),), expiration_days=40), size_gb=30, object_count=30, months=2
    )
    (early,) = cost.findings
    assert cost.text().splitlines()[-1] == f"- {early.message}"
    assert early.subject == "STANDARD_IA" and early.severity == "warning"


def test_finding_is_exported_where_findings_are_returned():
    assert lifecycle.Finding is Finding and "Finding" in lifecycle.__all__
