"""Findings on a lifecycle bill: what drives it, one :class:`~awsbasics._finding.Finding` each.

Codes (stable, for programs to match):

- ``small-objects-not-transitioned`` (info): objects under 128 KB stay where they are;
- ``early-deletion`` (warning): objects leave a class before its minimum storage duration;
- ``minimum-billable-size`` (warning): small objects are billed as the class's minimum size;
- ``archive-overhead`` (info): archived objects carry metadata billed on top;
- ``intelligent-tiering-access`` (info): how the read pattern spreads Intelligent-Tiering over its tiers;
- ``fee-region`` (info): transition and retrieval fees come from another Region's price list.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
"""

from __future__ import annotations

from awsbasics import data
from awsbasics._finding import Finding
from awsbasics.storage.lifecycle.classes import _CODES, STORAGE_CLASSES
from awsbasics.storage.lifecycle.engines import _OVERHEAD, _Breakdown
from awsbasics.storage.lifecycle.rules import MIN_TRANSITION_SIZE_KB, Lifecycle

_TIERING = data.fact("s3", "intelligent_tiering")
# Transition and retrieval fees are stored for one Region and used for every Region.
_FEE_REGION: str = data.fact("s3", "transition_request_prices")["region"]


def _usd(value: float) -> str:
    """Dollars to the cent; amounts that round to $0.00 but are not 0 say so."""
    return "under $0.01" if 0 < value < 0.005 else f"${value:,.2f}"


def _findings(
    b: _Breakdown, lifecycle: Lifecycle, *, region: str, object_count: float, read_fraction: float = 0.0
) -> tuple[Finding, ...]:
    notes = []
    if b.held_back_objects:
        notes.append(
            Finding(
                "small-objects-not-transitioned",
                "info",
                "lifecycle rule",
                f"{b.held_back_objects:,.0f} of {object_count:,.0f} object(s) are under {MIN_TRANSITION_SIZE_KB} KB, "
                "so the lifecycle does not transition them (TransitionDefaultMinimumObjectSize = "
                f"{lifecycle.transition_default_minimum_object_size}).",
            )
        )
    for i, code in enumerate(_CODES):
        cls = STORAGE_CLASSES[code]
        if b.early_objects[i]:
            notes.append(
                Finding(
                    "early-deletion",
                    "warning",
                    code,
                    f"{b.early_objects[i]:,.0f} object(s) leave {code} before its {cls.min_storage_days}-day minimum "
                    f"storage duration: {_usd(b.early_usd[i].sum())} of early-deletion charge for the remaining days.",
                )
            )
        if b.padding_usd[i] > 0:
            notes.append(
                Finding(
                    "minimum-billable-size",
                    "warning",
                    code,
                    f"Objects under {cls.min_billable_size_kb} KB in {code} are billed as {cls.min_billable_size_kb} KB: "
                    f"{_usd(b.padding_usd[i])} pays for bytes that are not there.",
                )
            )
        if b.overhead_usd[i] > 0:
            notes.append(
                Finding(
                    "archive-overhead",
                    "info",
                    code,
                    f"Each object in {code} carries {_OVERHEAD['class_rate_kb'] + _OVERHEAD['standard_rate_kb']} KB of "
                    f"metadata ({_OVERHEAD['class_rate_kb']} KB at the {code} rate, {_OVERHEAD['standard_rate_kb']} KB at "
                    f"the STANDARD rate): {_usd(b.overhead_usd[i])} over the period.",
                )
            )
    if b.stored_gb_days[_CODES.index("INTELLIGENT_TIERING")].any():
        notes.append(
            Finding(
                "intelligent-tiering-access",
                "info",
                "INTELLIGENT_TIERING",
                f"With {read_fraction:.0%} of the objects read each month, INTELLIGENT_TIERING objects of "
                f"{MIN_TRANSITION_SIZE_KB} KB or more are priced at the expected mix of its Frequent, Infrequent (after "
                f"{_TIERING['infrequent_access_after_days']} days unread) and Archive Instant Access (after "
                f"{_TIERING['archive_instant_access_after_days']} days) tiers; smaller objects stay in Frequent Access.",
            )
        )
    if region != _FEE_REGION:
        notes.append(
            Finding(
                "fee-region",
                "info",
                region,
                f"Transition and retrieval fees are {_FEE_REGION} list prices; storage uses {region}'s prices.",
            )
        )
    return tuple(notes)
