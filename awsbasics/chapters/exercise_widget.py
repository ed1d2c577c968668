"""An exercise as a small widget: the question, an answer box, Check, Hint and Solution buttons, the feedback.

The widget checks exactly what :meth:`Exercise.check` checks: the answer box's text
goes to ``check`` as typed (a comma-separated list for a question that expects
names), so a learner gets the same feedback in the widget and in code::

    >>> from awsbasics.exercises import Exercise
    >>> exercise = Exercise("03-usable-28", "How many addresses of a /28 can instances use?", 11,
    ...                     "AWS reserves 5 addresses in every subnet.", "Count, then subtract.", kind="number")
    >>> form = exercise.widget()     # in a notebook, the last line of a cell shows it
    >>> form.answer.value = "16"
    >>> form.check_button.click()
    >>> "Not yet" in form.feedback.value
    True
    >>> form.answer.value = "11"
    >>> form.check_button.click()
    >>> "Correct" in form.feedback.value
    True

A constructive exercise whose answer is an object the learner builds (a VPC, a
``Lifecycle``) says so in the widget and is answered with ``.check(...)`` in code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from awsbasics.display import escape
from awsbasics.widgets._common import html_of

if TYPE_CHECKING:
    from awsbasics.chapters.exercise import Exercise

__all__ = ["EXERCISE_CLASS", "ANSWER_CLASS", "FEEDBACK_CLASS", "exercise_class", "exercise_widget"]

EXERCISE_CLASS = "awsbasics-exercise-widget"
ANSWER_CLASS = "awsbasics-exercise-answer"
FEEDBACK_CLASS = "awsbasics-exercise-feedback"


def exercise_class(exercise_id: str) -> str:
    """The CSS class that tells one exercise's form from the others on a page.

    >>> exercise_class("06-azs-for-four-nines")
    'awsbasics-exercise-06-azs-for-four-nines'
    """
    return "awsbasics-exercise-" + re.sub(r"[^A-Za-z0-9_-]", "-", exercise_id)


def _question_html(exercise: Exercise) -> str:
    options = "".join(f"<li>{escape(option)}</li>" for option in exercise._options)
    return f"<p><strong>Exercise {escape(exercise.id)}</strong>: {escape(exercise.question)}</p>" + (
        f'<ul style="list-style: none">{options}</ul>' if options else ""
    )


def _placeholder(exercise: Exercise) -> str:
    if exercise.kind == "choice":
        return "a letter, e.g. A"
    if isinstance(exercise._typed("a, b"), list):
        return "names separated by commas"
    return exercise._form[1]


def exercise_widget(exercise: Exercise, *, question: bool = True):
    """The exercise as an ipywidgets box; ``.answer``, ``.check_button`` and ``.feedback`` are its parts.

    ``question=False`` leaves the question out, for a page that shows the exercise itself just above.
    """
    import ipywidgets as widgets

    if exercise._built_kind is not None:
        return _built_in_code(exercise, exercise._built_kind, question)
    multiline = getattr(exercise, "grade", None) is not None
    box_type = widgets.Textarea if multiline else widgets.Text
    answer = box_type(placeholder=_placeholder(exercise), layout=widgets.Layout(width="100%"))
    answer.add_class(ANSWER_CLASS)
    example, form = exercise._form
    how = f"Type {form} and press Check, or call {example} in code."
    return _form_box(exercise, how, answer, question)


def _built_in_code(exercise: Exercise, kind: type, question: bool):
    """The form of an exercise answered with an object: no answer box, Check says how to answer in code."""
    how = f"Build a {kind.__name__} in a code cell, then call .check(...) with it; Check here says what it needs."
    return _form_box(exercise, how, None, question)


@cache
def _form_type() -> type:
    """A VBox whose plain-text view names its exercise (a saved notebook read without widgets shows that line)."""
    import ipywidgets as widgets

    class ExerciseForm(widgets.VBox):
        text_view = ""

        def __repr__(self) -> str:
            return self.text_view

    return ExerciseForm


def _form_box(exercise: Exercise, how: str, answer, question: bool):
    import ipywidgets as widgets

    check_button = widgets.Button(description="Check", button_style="primary")
    hint_button = widgets.Button(description="Hint")
    solution_button = widgets.Button(description="Solution")
    feedback = widgets.HTML()
    feedback.add_class(FEEDBACK_CLASS)

    def on_check(_button) -> None:
        typed = "" if answer is None else answer.value
        feedback.value = html_of(exercise.check(exercise._typed(typed)))

    def on_hint(_button) -> None:
        feedback.value = html_of(exercise.hint())

    def on_solution(_button) -> None:
        feedback.value = html_of(exercise.solution())

    check_button.on_click(on_check)
    hint_button.on_click(on_hint)
    solution_button.on_click(on_solution)
    parts = [widgets.HTML(_question_html(exercise))] if question else []
    parts.append(widgets.HTML(f"<em>{escape(how)}</em>"))
    parts += [] if answer is None else [answer]
    form_box = _form_type()([*parts, widgets.HBox([check_button, hint_button, solution_button]), feedback])
    form_box.text_view = f"Exercise {exercise.id}: answer form (Check, Hint, Solution)"
    form_box.add_class(EXERCISE_CLASS)
    form_box.add_class(exercise_class(exercise.id))
    form_box.answer, form_box.check_button, form_box.feedback = answer, check_button, feedback
    return form_box
