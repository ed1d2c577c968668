"""The exercise widget checks exactly what ``Exercise.check`` checks, and shows hint and solution."""

from __future__ import annotations

import pytest

from awsbasics.chapters.exercise import Exercise, GradedExercise, instance_of, names
from awsbasics.chapters.exercise_widget import ANSWER_CLASS, EXERCISE_CLASS, FEEDBACK_CLASS
from awsbasics.exercises import chapter

USABLE = Exercise(
    "03-usable-28",
    "How many addresses of a /28 can instances use?",
    11,
    "AWS reserves 5 addresses in every subnet.",
    "Count, then subtract.",
    kind="number",
)
ZONES = Exercise(
    "01-zones",
    "Which two AZs?",
    ["use1-az1", "use1-az2"],
    "AZ IDs name the same zone everywhere.",
    "Look at the IDs.",
    kind="set",
)


def _press(form, typed: str | None) -> str:
    if typed is not None:
        form.answer.value = typed
    form.check_button.click()
    return form.feedback.value


def test_wrong_then_right_changes_the_feedback():
    form = USABLE.widget()
    wrong = _press(form, "16")
    assert "Not yet" in wrong and "reserves 5 addresses" in wrong
    right = _press(form, "11")
    assert "Correct" in right and right != wrong


def test_the_widget_gives_the_same_feedback_as_check():
    form = USABLE.widget()
    assert _press(form, "13") == USABLE.check("13")._repr_mimebundle_()["text/html"]


def test_hint_and_solution_buttons_show_their_notes():
    form = USABLE.widget()
    hint_button, solution_button = form.children[-2].children[1:]
    hint_button.click()
    assert "Hint" in form.feedback.value and "Count, then subtract." in form.feedback.value
    solution_button.click()
    assert "Solution" in form.feedback.value and "11" in form.feedback.value


def test_a_names_question_reads_the_box_as_a_comma_separated_list():
    form = ZONES.widget()
    assert "Correct" in _press(form, " use1-az2 , use1-az1, ")
    assert "Not yet" in _press(form, "use1-az1")


def test_a_graded_names_exercise_reads_a_list_too():
    exercise = GradedExercise(
        "q",
        "Name two.",
        ("a", "b"),
        "Rule.",
        "Hint.",
        parse=names,
        grade=lambda got: (set(got) == {"a", "b"}, f"{len(got)} names given."),
    )
    form = exercise.widget()
    assert "Correct" in _press(form, "a, b")
    assert "1 names given." in _press(form, "a")


def test_an_exercise_answered_with_a_built_object_has_no_answer_box_and_says_how():
    exercise = GradedExercise(
        "q",
        "Build a dict.",
        {},
        "Rule.",
        "Hint.",
        parse=instance_of(dict),
        grade=lambda got: (True, "ok"),
        form=(".check(my_dict)", "a dict you built"),
    )
    form = exercise.widget()
    assert form.answer is None
    feedback = _press(form, None)
    assert "Not yet" in feedback and "a dict you built" in feedback
    assert "Build a dict in a code cell" in form.children[1].value
    assert "Build a dict in a code cell" in exercise.widget(question=False).children[0].value


def test_the_parts_carry_the_classes_the_browser_test_finds():
    form = USABLE.widget()
    assert EXERCISE_CLASS in form._dom_classes
    assert "awsbasics-exercise-03-usable-28" in form._dom_classes
    assert ANSWER_CLASS in form.answer._dom_classes
    assert FEEDBACK_CLASS in form.feedback._dom_classes


@pytest.mark.parametrize("chapter_id", ["00", "04", "06", "08", "09", "10"])
def test_every_exercise_of_a_chapter_builds_a_widget(chapter_id):
    for exercise in chapter(chapter_id):
        form = exercise.widget()
        assert exercise.id in form.children[0].value


def test_the_plain_text_view_of_the_widget_names_its_exercise_uncut():
    bundle = USABLE.widget()._repr_mimebundle_()
    assert bundle["text/plain"] == "Exercise 03-usable-28: answer form (Check, Hint, Solution)"


def test_without_the_question_the_form_starts_with_how_to_answer():
    form = USABLE.widget(question=False)
    assert "How many addresses" not in form.children[0].value
    assert form.children[0].value.startswith("<em>Type a number")
    assert "Correct" in _press(form, "11")
