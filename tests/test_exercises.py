"""Auto-checked exercises: checking, feedback, hints, solutions and their display."""

import dataclasses
import re

import pytest

from awsbasics.display import PALETTE
from awsbasics.exercises import Exercise, Feedback, Note

RULE = "Stateful filters remember connections; stateless ones judge each packet alone."


def make(kind, answer, **options):
    return Exercise(
        id=f"t-{kind}",
        question="Question?",
        answer=answer,
        explanation=RULE,
        hint_text="Think about reply traffic.",
        kind=kind,
        **options,
    )


EXACT = make("exact", "NAT gateway")
BOOLEAN = make("exact", True)
NUMBER = make("number", 251)
THOUSANDS = make("number", 1004)
CLOSE = make("number", 0.5, tolerance=0.01)
FLOAT = make("number", 0.3)
SET = make("set", ["S3", "EBS"])
CHOICE = make("choice", "Security group", choices=["Network ACL", "Security group", "Route table"])


@pytest.mark.parametrize(
    "exercise, given, correct",
    [
        (EXACT, "NAT gateway", True),
        (EXACT, "  nat GATEWAY ", True),
        (EXACT, "Internet gateway", False),
        (BOOLEAN, True, True),
        (BOOLEAN, False, False),
        (NUMBER, 251, True),
        (NUMBER, 251.0, True),
        (NUMBER, " 251 ", True),
        (NUMBER, 256, False),
        (THOUSANDS, "1,004", True),
        (CLOSE, 0.505, True),
        (CLOSE, "0.49", True),
        (CLOSE, 0.52, False),
        (FLOAT, 0.1 + 0.2, True),
        (SET, ["ebs", " s3"], True),
        (SET, ("S3", "EBS"), True),
        (SET, {"EBS", "S3"}, True),
        (SET, ["S3"], False),
        (SET, ["S3", "EBS", "EFS"], False),
        (CHOICE, "B", True),
        (CHOICE, "b", True),
        (CHOICE, "(b)", True),
        (CHOICE, "security group", True),
        (CHOICE, "A", False),
        (CHOICE, "Network ACL", False),
    ],
)
def test_check(exercise, given, correct):
    feedback = exercise.check(given)
    assert isinstance(feedback, Feedback)
    assert feedback.correct is correct


def test_correct_message():
    assert NUMBER.check(251).message == "You answered 251. That is right."


@pytest.mark.parametrize(
    "exercise, given",
    [(EXACT, "Internet gateway"), (NUMBER, 256), (SET, ["S3"]), (CHOICE, "A")],
)
def test_wrong_answer_says_what_was_given_why_and_to_try_hint(exercise, given):
    message = exercise.check(given).message
    assert re.fullmatch(
        rf"You answered {re.escape(repr(given))}, which is not it\. {re.escape(RULE)} Try \.hint\(\) for a nudge\.",
        message,
    )
    assert str(exercise.answer) not in message


@pytest.mark.parametrize(
    "exercise, given, form",
    [
        (NUMBER, [251], r"a number, e\.g\. \.check\(42\)"),
        (NUMBER, "two hundred", r"a number, e\.g\. \.check\(42\)"),
        (NUMBER, True, r"a number"),
        (NUMBER, None, r"a number"),
        (SET, "S3", r"a list of names, in any order, e\.g\. \.check\(\[\"\.\.\.\", \"\.\.\.\"\]\)"),
        (SET, [1, 2], r"a list of names"),
        (SET, {"S3": 1}, r"a list of names"),
        (CHOICE, "D", r"one of the letters A-C or the text of a choice, e\.g\. \.check\(\"A\"\)"),
        (CHOICE, 2, r"one of the letters A-C"),
        (EXACT, 5, r"text, e\.g\. \.check\(\"\.\.\.\"\)"),
        (BOOLEAN, "yes", r"a bool, e\.g\. \.check\(\.\.\.\)"),
        (BOOLEAN, 1, r"a bool"),
    ],
)
def test_answer_of_the_wrong_form_explains_the_form(exercise, given, form):
    feedback = exercise.check(given)
    assert feedback.correct is False
    assert re.match(rf"You answered .+, but this question expects {form}", feedback.message)
    assert feedback.message.endswith("Try .hint() for a nudge.")


@pytest.mark.parametrize("exercise", [EXACT, BOOLEAN, NUMBER, SET, CHOICE])
@pytest.mark.parametrize("given", [None, object(), float("nan"), b"bytes", {"a": 1}, "", [[]]])
def test_check_never_raises(exercise, given):
    assert exercise.check(given).correct is False


@pytest.mark.parametrize(
    "options, error, pattern",
    [
        (dict(kind="fuzzy", answer="x"), ValueError, r"unknown check kind 'fuzzy'; use one of exact, number, set"),
        (dict(kind="choice", answer="Z", choices=["A", "B"]), ValueError, r"answer 'Z' is not one of the choices"),
        (dict(kind="choice", answer="A", choices=["A"]), ValueError, r"needs 2 to 26 choices"),
        (dict(kind="exact", answer="A", choices=["A", "B"]), ValueError, r"choices apply only to kind='choice'"),
        (dict(kind="number", answer="11"), ValueError, r"numeric answer .*answer='11'"),
        (dict(kind="number", answer=11, tolerance=-1), ValueError, r"tolerance >= 0"),
        (dict(kind="set", answer="S3"), ValueError, r"needs a list of strings as its answer, not 'S3'"),
        (dict(kind="set", answer=[1]), ValueError, r"list of strings"),
        (dict(kind="set", answer=5), ValueError, r"list of strings"),
        (dict(kind="exact", answer="x", question=None), TypeError, r"Exercise question must be a str, not NoneType"),
    ],
)
def test_building_an_exercise_wrongly_raises(options, error, pattern):
    fields = dict(id="x", question="Q?", explanation="Rule.", hint_text="Hint.") | options
    with pytest.raises(error, match=pattern):
        Exercise(**fields)


def test_exercise_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXACT.answer = "Internet gateway"
    assert SET.answer == ("S3", "EBS") and CHOICE.choices == ("Network ACL", "Security group", "Route table")
    assert make("set", {"S3", "EBS", "EFS"}).answer == ("EBS", "EFS", "S3")


@pytest.mark.parametrize(
    "correct, head, colour",
    [(True, "✓ Correct", PALETTE["bluish_green"]), (False, "✗ Not yet", PALETTE["orange"])],
)
def test_feedback_display(correct, head, colour):
    feedback = NUMBER.check(251 if correct else 256)
    bundle = feedback._repr_mimebundle_()
    assert bundle["text/plain"] == f"{head}: {feedback.message}"
    assert f'<strong style="color: {colour}">{head}</strong>' in bundle["text/html"]
    assert (RULE in bundle["text/plain"]) is not correct


def test_script_answer_is_escaped_in_html():
    bundle = EXACT.check("<script>alert(1)</script>")._repr_mimebundle_()
    assert "<script>" in bundle["text/plain"]
    assert "<script>" not in bundle["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bundle["text/html"]


def test_question_and_choices_are_escaped_in_html():
    ex = make("choice", "<b>", choices=["<b>", "<i>"])
    html = ex._repr_mimebundle_()["text/html"]
    assert "<b>" not in html and "<li>A) &lt;b&gt;</li>" in html


@pytest.mark.parametrize(
    "exercise, shown",
    [
        (EXACT, "NAT gateway"),
        (NUMBER, "251"),
        (CLOSE, "0.5 (give or take 0.01)"),
        (SET, "S3, EBS"),
        (CHOICE, "B) Security group"),
    ],
)
def test_solution_shows_the_answer_and_the_rule(exercise, shown):
    solution = exercise.solution()
    assert isinstance(solution, Note)
    bundle = solution._repr_mimebundle_()
    assert bundle["text/plain"] == f"Solution: {shown}. {RULE}"
    assert bundle["text/html"].startswith('<div class="awsbasics-note"><strong>Solution</strong>: ')


def test_hint_displays():
    assert EXACT.hint()._repr_mimebundle_() == {
        "text/plain": "Hint: Think about reply traffic.",
        "text/html": '<div class="awsbasics-note"><strong>Hint</strong>: Think about reply traffic.</div>',
    }


def test_choice_exercise_displays_question_choices_and_how_to_answer():
    text = CHOICE._repr_mimebundle_()["text/plain"]
    assert text.splitlines() == [
        "Exercise t-choice: Question?",
        "  A) Network ACL",
        "  B) Security group",
        "  C) Route table",
        'Answer with .check("A") (one of the letters A-C or the text of a choice). '
        "Stuck? Call .hint(), then .solution().",
    ]


@pytest.mark.parametrize(
    "exercise, how",
    [(NUMBER, r"\.check\(42\) \(a number\)"), (EXACT, r'\.check\("\.\.\."\) \(text\)')],
)
def test_exercise_display_does_not_reveal_the_answer(exercise, how):
    bundle = exercise._repr_mimebundle_()
    assert re.search(rf"Answer with {how}", bundle["text/plain"])
    assert str(exercise.answer) not in bundle["text/plain"] + bundle["text/html"]


def test_chapter_01_answers_follow_the_documented_facts():
    from awsbasics.exercises import chapter

    exercises = {e.id: e for e in chapter("01")}
    assert exercises["01-usable-azs"].answer == 5  # 10 instances over us-west-1's 2 usable AZs, one fails
    assert exercises["01-static-stability"].answer == 20  # keep 10 through one of 2 AZs failing
    assert exercises["01-zone-type"].answer == "An Outpost" and exercises["01-zone-type"].check("D").correct


def test_chapter_lookup_errors():
    from awsbasics.chapters import MODULES
    from awsbasics.exercises import chapter

    listed = re.escape(str(sorted(MODULES)))
    with pytest.raises(ValueError, match=rf"no exercises for chapter '99'; chapters with exercises: {listed}"):
        chapter("99")
    with pytest.raises(TypeError):
        chapter(1)


class _Hostile:
    """An answer whose comparison, repr and str all raise."""

    __hash__ = None

    def __eq__(self, other):
        raise RuntimeError("__eq__ raises")

    def __repr__(self):
        raise RuntimeError("__repr__ raises")

    def __str__(self):
        raise RuntimeError("__str__ raises")


class _HostileStr(str):
    """Text whose comparison and strip raise."""

    __hash__ = str.__hash__

    def __eq__(self, other):
        raise RuntimeError("__eq__ raises")

    def strip(self, *chars):
        raise RuntimeError("strip raises")


_HOSTILE_ANSWERS = [
    10**400,
    -(10**400),
    10**5000,
    float("nan"),
    float("inf"),
    float("-inf"),
    "x" * 10**6,
    "1" * 10**5,
    _Hostile(),
    _HostileStr("abc"),
    [_Hostile()],
    {_HostileStr("a")},
    b"11",
    None,
    object(),
    (1, 2),
    {"a": 1},
    "\ud800",
]
_KINDS = [
    Exercise("n", "How many?", 11, "Rule.", "Hint.", kind="number"),
    Exercise("x", "Which?", "abc", "Rule.", "Hint."),
    Exercise("s", "Which ones?", ["a", "b"], "Rule.", "Hint.", kind="set"),
    Exercise("c", "Pick one.", "B", "Rule.", "Hint.", kind="choice", choices=("A", "B")),
    Exercise("t", "Which pair?", (1, 2), "Rule.", "Hint."),
]


@pytest.mark.parametrize("exercise", _KINDS, ids=[e.kind + "-" + e.id for e in _KINDS])
@pytest.mark.parametrize("answer", _HOSTILE_ANSWERS, ids=range(len(_HOSTILE_ANSWERS)))
def test_check_never_raises_whatever_it_is_given(exercise, answer):
    feedback = exercise.check(answer)
    assert isinstance(feedback.correct, bool)
    assert len(feedback.message) < 1_000
    assert "Try .hint()" in feedback.message or feedback.correct


def test_hostile_numbers_are_not_correct_and_say_why():
    number = _KINDS[0]
    assert not number.check(float("nan")).correct
    assert "expects a number" in number.check(10**400).message
    assert "expects a number" in number.check(float("inf")).message
    assert "cannot be shown" in number.check(10**5000).message
    assert number.check(" 11 ").correct and number.check(11.0).correct
