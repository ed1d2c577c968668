"""The lifecycle designer is thin: its choices and suggestions come from the lifecycle engine."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.storage.lifecycle import (  # noqa: E402
    MIN_TRANSITION_SIZE_KB,
    PRICED_REGIONS,
    TRANSITION_SIZE_SETTINGS,
    TRANSITION_TARGETS,
    Lifecycle,
    lifecycle_cost,
    next_transition,
)
from awsbasics.widgets import lifecycle_designer  # noqa: E402


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _by_description(box):
    found = {}
    for w in _walk(box):
        found.setdefault(getattr(w, "description", None), []).append(w)
    return found


def test_choices_come_from_the_engine():
    controls = _by_description(lifecycle_designer())
    assert controls["Region"][0].options == PRICED_REGIONS
    assert controls[f"objects under {MIN_TRANSITION_SIZE_KB} KB"][0].options == TRANSITION_SIZE_SETTINGS
    assert MIN_TRANSITION_SIZE_KB == 128
    assert all(pick.options == TRANSITION_TARGETS for pick in controls["move to"])


def test_added_transitions_are_the_engines_suggestions():
    box = lifecycle_designer(transitions=(("STANDARD_IA", 30),), expiration_days=None)
    add = _by_description(box)["add a transition"][0]
    add.click()
    add.click()
    controls = _by_description(box)
    rows = list(zip((p.value for p in controls["move to"]), (d.value for d in controls["on day"])))
    assert rows == [("STANDARD_IA", 30), ("ONEZONE_IA", 60), ("GLACIER_IR", 90)]
    assert rows[1:] == [next_transition(rows[:1]), next_transition(rows[:2])]


def test_the_figure_text_is_the_cost_statement():
    box = lifecycle_designer(size_gb=1000, object_count=100_000, months=13)
    plot = box.children[-1]
    expected = lifecycle_cost(
        Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365),
        size_gb=1000,
        object_count=100_000,
        months=13,
    )
    assert plot.outputs[0]["data"]["text/plain"] == expected.statement
