"""The exercise type the chapters are built of: a question, a check that explains a wrong answer, a hint and a solution.

An exercise checks what a learner types and answers with :class:`Feedback`.
A wrong answer gets the AWS rule the question tests (so write ``explanation``
as the rule, not the answer); the answer itself appears only in
:meth:`Exercise.solution`. Answers of a form the question cannot check (a list
where a number is expected) get feedback too, never an exception::

    >>> from awsbasics.chapters.exercise import Exercise
    >>> ex = Exercise(
    ...     id="03-usable-28",
    ...     question="How many addresses in a /28 subnet can you give to instances?",
    ...     answer=11,
    ...     explanation="AWS reserves 5 addresses in every subnet: the first four and the last.",
    ...     hint_text="Count the addresses in a /28, then take away the reserved ones.",
    ...     kind="number",
    ... )
    >>> print(ex.check(16).message)
    You answered 16, which is not it. AWS reserves 5 addresses in every subnet: the first four and the last. Try .hint() for a nudge.
    >>> ex.check("11").correct
    True
    >>> print(ex.check([11]).message)
    You answered [11], but this question expects a number, e.g. .check(42). Try .hint() for a nudge.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeGuard, TypeVar, cast

from awsbasics._bundle import Displayable
from awsbasics._checks import is_int
from awsbasics.display import PALETTE, escape
from awsbasics.errors import AwsRuleError, ExerciseError

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = [
    "KINDS",
    "Exercise",
    "Feedback",
    "GradedExercise",
    "InstanceOf",
    "Note",
    "whole_number",
    "names",
    "instance_of",
]

KINDS = ("exact", "number", "set", "choice")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _is_number(value: object) -> TypeIs[numbers.Real]:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_names(value: object) -> TypeGuard[Collection[str]]:
    return isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value)


def _fold(text: str) -> str:
    return str.casefold(str.strip(text))


_SHOWN_CHARS = 80
_NUMBER_CHARS = 100  # a typed number longer than this is not a number a question expects


def _shown(answer: object) -> str:
    """A short repr of an answer for a message; never raises, even for an object whose repr does."""
    try:
        shown = reprlib.repr(answer)
    except Exception:
        return f"an answer of type {type(answer).__name__} that cannot be shown"
    return shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 3] + "..."


@dataclass(frozen=True, slots=True)
class Feedback(Displayable):
    """The result of checking one answer: ``correct`` and a message saying why."""

    correct: bool
    message: str

    @property
    def _mark(self) -> tuple[str, str, str]:
        if self.correct:
            return "✓", "Correct", PALETTE["bluish_green"]
        return "✗", "Not yet", PALETTE["orange"]

    def text(self) -> str:
        symbol, word, _ = self._mark
        return f"{symbol} {word}: {self.message}"

    def _rich_bundle(self) -> dict[str, str]:
        symbol, word, colour = self._mark
        return {
            "text/html": (
                f'<div class="awsbasics-feedback" style="border-left: 4px solid {colour}; padding: 0.25em 0.75em">'
                f'<strong style="color: {colour}">{symbol} {word}</strong>: {escape(self.message)}</div>'
            )
        }


@dataclass(frozen=True, slots=True)
class Note(Displayable):
    """A titled piece of text, such as a hint or a solution, that displays itself."""

    title: str
    body: str

    def text(self) -> str:
        return f"{self.title}: {self.body}"

    def _rich_bundle(self) -> dict[str, str]:
        return {
            "text/html": f'<div class="awsbasics-note"><strong>{escape(self.title)}</strong>: {escape(self.body)}</div>'
        }


@dataclass(frozen=True, slots=True)
class Exercise(Displayable):
    """One question with its expected answer and how to check it.

    Args:
        id: A short stable name, e.g. ``"03-usable-28"``.
        question: The question as the learner reads it.
        answer: The expected answer: text (``"exact"``), a number (``"number"``),
            a collection of names (``"set"``) or the text of one choice (``"choice"``).
        explanation: The AWS rule the question tests, shown with a wrong answer.
        hint_text: A nudge that does not give the answer away.
        kind: How answers are compared: ``"exact"`` (text ignoring case and
            surrounding spaces; other values by type and ``==``), ``"number"`` (within
            ``tolerance``), ``"set"`` (any order, ignoring case) or ``"choice"``
            (a letter ``"A"``, ``"B"``, ... or a choice's text).
        choices: The options of a ``"choice"`` question, in display order.
        tolerance: The absolute difference a ``"number"`` answer may have.

    Raises:
        ValueError: an unknown kind, or an answer that does not fit its kind
            (a choice answer missing from ``choices``, a non-numeric number answer).
        TypeError: a question, explanation, hint or id that is not text.
    """

    id: str
    question: str
    answer: object
    explanation: str
    hint_text: str
    kind: str = "exact"
    choices: tuple[str, ...] = ()
    tolerance: float = 0

    def __post_init__(self):
        for name in ("id", "question", "explanation", "hint_text", "kind"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Exercise {name} must be a str, not {type(getattr(self, name)).__name__}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown check kind {self.kind!r}; use one of {', '.join(KINDS)}")
        object.__setattr__(self, "choices", tuple(self.choices))
        if self.choices and self.kind != "choice":
            raise ValueError(f"choices apply only to kind='choice', not kind={self.kind!r}")
        if self.kind == "number":
            if not (_is_number(self.answer) and _is_number(self.tolerance) and self.tolerance >= 0):
                raise ValueError(
                    f"a 'number' exercise needs a numeric answer and a tolerance >= 0, "
                    f"not answer={self.answer!r}, tolerance={self.tolerance!r}"
                )
        if self.kind == "set":
            if not _is_names(self.answer):
                raise ValueError(f"a 'set' exercise needs a list of strings as its answer, not {self.answer!r}")
            # A set has no order of its own; sorting keeps the solution's text stable.
            names = sorted(self.answer) if isinstance(self.answer, (set, frozenset)) else self.answer
            object.__setattr__(self, "answer", tuple(names))
        if self.kind == "choice":
            if not 2 <= len(self.choices) <= len(_LETTERS) or not all(isinstance(c, str) for c in self.choices):
                raise ValueError(f"a 'choice' exercise needs 2 to {len(_LETTERS)} choices, all text")
            if self.answer not in self.choices:
                raise ValueError(f"answer {self.answer!r} is not one of the choices {list(self.choices)}")

    @property
    def _letters(self) -> str:
        return _LETTERS[: len(self.choices)]

    @property
    def _form(self) -> tuple[str, str]:
        """How to answer: (an example call, a description of the expected form)."""
        return self._kind_form()

    def _kind_form(self) -> tuple[str, str]:
        """The form this exercise's kind expects (a subclass may name another in ``_form``)."""
        if self.kind == "number":
            return ".check(42)", "a number"
        if self.kind == "set":
            return '.check(["...", "..."])', "a list of names, in any order"
        if self.kind == "choice":
            return '.check("A")', f"one of the letters {self._letters[0]}-{self._letters[-1]} or the text of a choice"
        if isinstance(self.answer, str):
            return '.check("...")', "text"
        return ".check(...)", f"a {type(self.answer).__name__}"

    def _comparable(self, value: object) -> object:
        """``value`` in the form this kind compares; :class:`ExerciseError` if it has no such form."""
        if self.kind == "number":
            if _is_number(value):
                try:
                    return float(value)
                except OverflowError:  # an int beyond any float, e.g. 10**400
                    raise ExerciseError(self._form[1]) from None
            if isinstance(value, str):
                if len(value) > _NUMBER_CHARS:
                    raise ExerciseError(self._form[1])
                try:
                    return float(str.replace(str.strip(value), ",", ""))
                except ValueError:
                    pass
        elif self.kind == "set":
            if _is_names(value):
                return {_fold(v) for v in value}
        elif self.kind == "choice":
            if isinstance(value, str):
                letter = value.strip().strip("().").upper()
                if len(letter) == 1 and letter in self._letters:
                    return self._letters.index(letter)
                folded = [_fold(c) for c in self.choices]
                if _fold(value) in folded:
                    return folded.index(_fold(value))
        elif isinstance(self.answer, str):
            if isinstance(value, str):
                return _fold(value)
        elif type(value) is type(self.answer):
            return value
        raise ExerciseError(self._form[1])

    def check(self, answer: object) -> Feedback:
        """Check a learner's answer; never raises, whatever its form.

        >>> Exercise("q", "Which is stateful?", "Security group", "Rule.", "Hint.",
        ...          kind="choice", choices=("Network ACL", "Security group")).check("b").correct
        True
        """
        given = _shown(answer)
        example, form = self._form
        unusable = Feedback(
            False, f"You answered {given}, but this question expects {form}, e.g. {example}. Try .hint() for a nudge."
        )
        try:
            value = self._comparable(answer)
            expected = self._comparable(self.answer)
            if self.kind == "number":
                if not (isinstance(value, float) and isinstance(expected, float)):
                    return unusable  # _comparable gives a float for every number it accepts
                if not math.isfinite(value):
                    return unusable
                # Float noise (0.5 - 0.49 > 0.01) must not fail an answer on the tolerance boundary.
                correct = abs(value - expected) <= self.tolerance * (1 + 1e-9) or math.isclose(value, expected)
            else:
                correct = bool(value == expected)
        except (ExerciseError, ArithmeticError, ValueError, TypeError, RecursionError, MemoryError):
            return unusable
        except Exception:  # an answer object whose __eq__ or __bool__ raises: it cannot be checked
            return unusable
        if correct:
            return Feedback(True, f"You answered {given}. That is right.")
        return Feedback(False, f"You answered {given}, which is not it. {self.explanation} Try .hint() for a nudge.")

    def _typed(self, text: str) -> object:
        """What text typed in the widget's answer box means here: names for a ``"set"`` question, else the text."""
        if self.kind == "set":
            return _split_names(text)
        return text

    @property
    def _built_kind(self) -> type | None:
        """The type of object the learner builds in code to answer, or None when the answer can be typed."""
        return None

    def widget(self, *, question: bool = True):
        """The exercise as a small widget: an answer box, Check, Hint and Solution buttons, and the feedback.

        ``question=False`` leaves the question out, for a page that shows the exercise just above.
        """
        from awsbasics.chapters.exercise_widget import exercise_widget

        return exercise_widget(self, question=question)

    def hint(self) -> Note:
        """A nudge towards the answer."""
        return Note("Hint", self.hint_text)

    def solution(self) -> Note:
        """The answer, with the rule that explains it."""
        if self.kind == "choice":
            shown = f"{self._letters[self.choices.index(self.answer)]}) {self.answer}"
        elif self.kind == "set" and _is_names(self.answer):
            shown = ", ".join(self.answer)
        elif self.kind == "number" and self.tolerance:
            shown = f"{self.answer} (give or take {self.tolerance})"
        else:
            shown = str(self.answer)
        return Note("Solution", f"{shown}. {self.explanation}")

    @property
    def _options(self) -> list[str]:
        return [f"{letter}) {choice}" for letter, choice in zip(self._letters, self.choices)]

    @property
    def _how(self) -> str:
        example, form = self._form
        return f"Answer with {example} ({form}). Stuck? Call .hint(), then .solution()."

    def text(self) -> str:
        return "\n".join([f"Exercise {self.id}: {self.question}", *(f"  {o}" for o in self._options), self._how])

    def _rich_bundle(self) -> dict[str, str]:
        items = "".join(f"<li>{escape(o)}</li>" for o in self._options)
        return {
            "text/html": (
                f'<div class="awsbasics-exercise"><p><strong>Exercise {escape(self.id)}</strong>: '
                f"{escape(self.question)}</p>"
                + (f'<ul style="list-style: none">{items}</ul>' if items else "")
                + f"<p><em>{escape(self._how)}</em></p></div>"
            )
        }


def _split_names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def whole_number(answer: object) -> int | None:
    """A learner's whole number (ASCII digit text counts, commas allowed); None if it is not one.

    >>> whole_number("1,024"), whole_number(True), whole_number(2.5)
    (1024, None, None)
    """
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        answer = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if not is_int(answer):
        return None
    return int(answer)


def names(answer: object) -> tuple[str, ...] | None:
    """A learner's list of names as a tuple; None if it is not a list of text.

    >>> names(["a", "b"]), names("a")
    (('a', 'b'), None)
    """
    if isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(a, str) for a in answer):
        return tuple(answer)
    return None


_Built = TypeVar("_Built")


@dataclass(frozen=True, slots=True)
class InstanceOf(Generic[_Built]):
    """A parse step that accepts only objects of ``kind`` (something the learner built in code)."""

    kind: type[_Built]

    def __call__(self, answer: object) -> _Built | None:
        return answer if isinstance(answer, self.kind) else None


def instance_of(kind: type[_Built]) -> InstanceOf[_Built]:
    """A parse step that accepts only objects of ``kind`` (something the learner built).

    >>> instance_of(int)(3), instance_of(int)("3")
    (3, None)
    """
    return InstanceOf(kind)


_Value = TypeVar("_Value")


@dataclass(frozen=True, slots=True)
class GradedExercise(Exercise, Generic[_Value]):
    """A constructive exercise: the learner builds something and the engine runs and grades it.

    ``parse`` turns the answer into what ``grade`` takes, or None when it has the
    wrong form (:func:`whole_number`, :func:`names`, :func:`instance_of`);
    ``grade(value)`` returns ``(correct, message)``, the message naming the
    misconception a wrong answer reveals. A rule the learner's build breaks
    (an ``AwsRuleError``, or a ``TypeError``) is the feedback. ``form`` is
    (example call, description of the answer) when the kind's own does not fit.
    ``answer`` is one best answer, shown only by :meth:`solution`.

    >>> ex = GradedExercise("q", "Pick an even number.", 2, "Even numbers divide by 2.", "Try 2.",
    ...                     grade=lambda n: (n % 2 == 0, f"{n} is {'even' if n % 2 == 0 else 'odd'}."),
    ...                     parse=whole_number, form=(".check(4)", "a whole number"))
    >>> ex.check("3").message
    '3 is odd. Try .hint() for a nudge.'
    >>> ex.check([3]).correct
    False
    """

    grade: Callable[[_Value], tuple[bool, str]] | None = None
    parse: Callable[[object], _Value | None] | None = None
    form: tuple[str, str] | None = None

    @property
    def _form(self) -> tuple[str, str]:
        return self.form or self._kind_form()

    def _typed(self, text: str) -> object:
        return _split_names(text) if self.parse is names else Exercise._typed(self, text)

    @property
    def _built_kind(self) -> type | None:
        return self.parse.kind if isinstance(self.parse, InstanceOf) else None

    def check(self, answer: object) -> Feedback:
        try:
            # Without a parse step, grade takes the answer as given.
            value = self.parse(answer) if self.parse else cast("_Value", answer)
        except Exception:  # noqa: BLE001 - an answer that cannot even be read has the wrong form
            value = None
        if value is None:
            example, form = self._form
            return Feedback(
                False,
                f"You answered {_shown(answer)}, but this question expects {form}, e.g. "
                f"{example}. Try .hint() for a nudge.",
            )
        try:
            if self.grade is None:
                raise TypeError("this exercise has no grade function")
            correct, message = self.grade(value)
        except (AwsRuleError, TypeError) as exc:
            return Feedback(False, f"{exc}. Try .hint() for a nudge.")
        return Feedback(correct, message if correct else f"{message} Try .hint() for a nudge.")
