"""Auto-checked exercises, and the exercise set of each chapter notebook.

An exercise checks what a learner types and answers with :class:`Feedback`: a
wrong answer gets the AWS rule the question tests, the answer itself appears
only in :meth:`Exercise.solution`::

    >>> from awsbasics.exercises import chapter
    >>> exercise = chapter("01")[0]
    >>> exercise.check(exercise.answer).correct
    True

The types live in :mod:`awsbasics.chapters.exercise`, beside the chapter
modules built of them; this module is where learners find them.
"""

from __future__ import annotations

import importlib

from awsbasics.chapters import MODULES
from awsbasics.chapters.exercise import KINDS, Exercise, Feedback, Note

__all__ = ["KINDS", "Exercise", "Feedback", "Note", "chapter"]


def chapter(chapter_id: str) -> tuple[Exercise, ...]:
    """The exercises of one chapter notebook, e.g. ``chapter("01")``.

    Raises:
        ValueError: no exercises exist for that chapter id (the message lists those that do).
    """
    if not isinstance(chapter_id, str):
        raise TypeError(f"chapter id must be str like '01', not {type(chapter_id).__name__}")
    if chapter_id not in MODULES:
        raise ValueError(f"no exercises for chapter {chapter_id!r}; chapters with exercises: {sorted(MODULES)}")
    return importlib.import_module(f"awsbasics.chapters.{MODULES[chapter_id]}").exercises()
