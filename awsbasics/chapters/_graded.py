"""Exercise builders whose wrong answers get the misconception they reveal.

A plain :class:`~awsbasics.chapters.exercise.Exercise` answers every wrong
answer with the same rule. These builders keep that rule for answers nobody
predicted, and name the misconception behind the ones a learner is likely to
give: a choice picked for the wrong reason, a number computed with a step left
out::

    >>> ex = choice("q", "Which is stateful?", ("Network ACL", "Security group"), "Security group",
    ...             {"Network ACL": "A network ACL checks the reply on its own: it keeps no state."},
    ...             explanation="Security groups track connections.", hint="Which one lets replies out?")
    >>> ex.check("A").message
    'You chose A) Network ACL. A network ACL checks the reply on its own: it keeps no state. Try .hint() for a nudge.'
    >>> ex.check("b").correct
    True
    >>> n = number("n", "2 + 2?", 4, {5: "One too many."}, explanation="Add them.", hint="Count.")
    >>> n.check("5").message
    'You answered 5. One too many. Try .hint() for a nudge.'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from awsbasics.chapters.exercise import _LETTERS, GradedExercise

__all__ = ["choice", "number", "parse_number", "pick_choice"]

_NUMBER_CHARS = 40


def parse_number(answer: object) -> float | None:
    """A learner's number (text with commas or a $ sign counts); None if it is not one.

    >>> parse_number("$1,250.5"), parse_number(True), parse_number("many")
    (1250.5, None, None)
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        value = float(answer) if abs(answer) < 1e300 else None
    elif isinstance(answer, str) and len(answer) <= _NUMBER_CHARS:
        try:
            value = float(answer.strip().replace(",", "").lstrip("$"))
        except ValueError:
            return None
    else:
        return None
    return value if value is not None and math.isfinite(value) else None


def pick_choice(choices: tuple[str, ...]) -> Callable[[object], str | None]:
    """A parse step: a letter (A, B, ...) or a choice's text (any case) -> the choice; None otherwise.

    >>> pick = pick_choice(("Security group", "Network ACL"))
    >>> pick("b"), pick(" security group "), pick("C")
    ('Network ACL', 'Security group', None)
    """
    letters = _LETTERS[: len(choices)]
    folded = [c.casefold() for c in choices]

    def parse(value: object) -> str | None:
        if not isinstance(value, str) or len(value) > 500:
            return None
        letter = value.strip().strip("().").upper()
        if len(letter) == 1 and letter in letters:
            return choices[letters.index(letter)]
        text = value.strip().casefold()
        return choices[folded.index(text)] if text in folded else None

    return parse


def choice(
    id: str,
    question: str,
    choices: tuple[str, ...],
    answer: str,
    wrong: Mapping[str, str],
    *,
    explanation: str,
    hint: str,
    right: str = "",
) -> GradedExercise:
    """A multiple-choice exercise with one message per wrong choice.

    ``wrong`` maps a choice's text to the misconception that choice reveals;
    a choice without its own message gets ``explanation``.
    """
    letters = _LETTERS[: len(choices)]

    def grade(picked: str) -> tuple[bool, str]:
        shown = f"{letters[choices.index(picked)]}) {picked}"
        if picked == answer:
            return True, f"You chose {shown}. That is right. {right or explanation}".strip()
        return False, f"You chose {shown}. {wrong.get(picked, explanation)}"

    return GradedExercise(
        id=id,
        question=question,
        answer=answer,
        explanation=explanation,
        hint_text=hint,
        kind="choice",
        choices=choices,
        grade=grade,
        parse=pick_choice(choices),
        form=('.check("A")', f"one of the letters {letters[0]}-{letters[-1]} or the text of a choice"),
    )


def number(
    id: str,
    question: str,
    answer: float,
    wrong: Mapping[float, str],
    *,
    explanation: str,
    hint: str,
    tolerance: float = 0,
) -> GradedExercise:
    """A numeric exercise with one message per predictable wrong number.

    ``wrong`` maps a number a learner reaches by a known mistake to that mistake;
    any other wrong number gets ``explanation``.
    """

    def near(value: float, target: float) -> bool:
        return abs(value - target) <= tolerance * (1 + 1e-9) or math.isclose(value, target)

    def grade(value: float) -> tuple[bool, str]:
        shown = f"{value:g}"
        if near(value, answer):
            return True, f"You answered {shown}. That is right. {explanation}"
        for guess, message in wrong.items():
            if not near(guess, answer) and near(value, guess):
                return False, f"You answered {shown}. {message}"
        return False, f"You answered {shown}, which is not it. {explanation}"

    return GradedExercise(
        id=id,
        question=question,
        answer=answer,
        explanation=explanation,
        hint_text=hint,
        kind="number",
        tolerance=tolerance,
        grade=grade,
        parse=parse_number,
        form=(".check(42)", "a number"),
    )
