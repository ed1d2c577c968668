"""Course terminology (Korean <-> English) and what changed since the 2020 course.

Each chapter lists the terms the July 2020 course uses, with the English term
AWS uses and a one-sentence definition of our own, in English and in Korean:

    >>> from awsbasics.glossary import chapter_terms, lookup
    >>> lookup("가용 영역").en
    'Availability Zone'
    >>> lookup("security GROUP").ko
    '보안 그룹'
    >>> chapter_terms("01").title
    'Global infrastructure'

:func:`changes` collects, from every ``awsbasics/data/*.json`` file, the facts
that keep a ``"course_2020"`` value beside today's, so a chapter can say what
AWS has changed since the course was written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from awsbasics import data
from awsbasics._bundle import Displayable
from awsbasics._text import text_table
from awsbasics.display import escape, html_table

__all__ = ["Term", "Glossary", "Change", "Changes", "chapter_terms", "lookup", "all_terms", "changes"]

# Data files whose facts carry no "chapter" key belong to the chapter of their area.
FILE_CHAPTERS = {
    "economics": "00",
    "infra": "01",
    "compute": "02",
    "ec2": "02",
    "ebs": "02",
    "s3": "02",
    "network": "03",
    "vpc": "03",
    "database": "04",
    "iam": "05",
    "identity": "05",
    "ha": "06",
    "iac": "07",
    "caching": "08",
    "messaging": "09",
    "microservices": "10",
}


_TERM_COLUMNS = ("korean", "english", "definition", "definition_ko")
_TERM_HEADINGS = ("korean", "english", "definition", "정의 (Korean)")


@dataclass(frozen=True, slots=True)
class Term:
    """One course term: Korean as the course writes it, English as AWS writes it, defined in both.

    ``ko`` is the one Korean term the chapters use for the concept, in headings, prose and here.
    """

    ko: str
    en: str
    definition: str
    aws_doc: str | None = None
    definition_ko: str = ""


@dataclass(frozen=True, slots=True)
class Glossary(Displayable):
    """The terms of one chapter, displayed as a ko/en table."""

    chapter: str
    title: str
    title_ko: str
    terms: tuple[Term, ...]

    @property
    def _caption(self) -> str:
        return f"Chapter {self.chapter}: {self.title} ({self.title_ko})"

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(t.ko, t.en, t.definition, t.definition_ko) for t in self.terms]

    def to_frame(self):
        """The terms as a pandas DataFrame: ``korean``, ``english``, ``definition``, ``definition_ko``."""
        import pandas as pd

        return pd.DataFrame(self._rows(), columns=list(_TERM_COLUMNS))

    def text(self) -> str:
        return f"{self._caption}\n{text_table(_TERM_HEADINGS, self._rows())}"

    def _rich_bundle(self) -> dict[str, str]:
        return {"text/html": html_table(_TERM_HEADINGS, self._rows(), caption=self._caption)}


@dataclass(frozen=True, slots=True)
class Change:
    """One fact whose value today differs from what the 2020 course says.

    ``quote`` is the course's own words (a few Korean words) and ``section`` the
    course section they come from; both are empty when the course is silent.
    """

    fact: str
    course_2020: str
    today: str
    changed: str
    source: str
    as_of: str
    quote: str = ""
    section: str = ""

    @property
    def course_said(self) -> str:
        """The course's value with its own words and section, e.g. ``2 ("리전은 ..." (리전))``."""
        if not self.quote:
            return self.course_2020
        where = f", {self.section}" if self.section else ""
        return f'{self.course_2020} (course: "{self.quote}"{where})'


@dataclass(frozen=True, slots=True)
class Changes(Displayable):
    """A chapter's "what changed since the 2020 course" list."""

    chapter: str
    rows: tuple[Change, ...]

    def to_frame(self):
        """The changes as a pandas DataFrame, one row per fact."""
        import pandas as pd

        columns = ["fact", "course_2020", "today", "what_changed", "source", "as_of"]
        return pd.DataFrame(
            [(c.fact, c.course_said, c.today, c.changed, c.source, c.as_of) for c in self.rows],
            columns=columns,
        )

    def text(self) -> str:
        if not self.rows:
            return f"No changes recorded for chapter {self.chapter}."
        lines = [f"What changed since the July 2020 course (chapter {self.chapter}):"]
        lines += [
            f"- {c.fact}: {c.course_2020} in 2020, {c.today} today. {c.changed} "
            + (f'The course: "{c.quote}" ({c.section}). ' if c.quote else "")
            + f"(source: {c.source}, as of {c.as_of})"
            for c in self.rows
        ]
        return "\n".join(lines)

    def _html(self) -> str:
        if not self.rows:
            return f"<p>{escape(self.text())}</p>"
        head = "".join(f"<th>{h}</th>" for h in ("fact", "course 2020", "today", "what changed", "source", "as of"))
        body = "".join(
            "<tr>"
            + f"<td>{escape(c.fact)}</td><td>{_course_cell(c)}</td>"
            + "".join(f"<td>{escape(v)}</td>" for v in (c.today, c.changed))
            + f"<td>{_link(c.source)}</td><td>{escape(c.as_of)}</td></tr>"
            for c in self.rows
        )
        caption = f"What changed since the July 2020 course (chapter {escape(self.chapter)})"
        return (
            f'<table class="awsbasics"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _rich_bundle(self) -> dict[str, str]:
        return {"text/html": self._html()}


def _course_cell(change: Change) -> str:
    """The course's value, then its own words in Korean and the section they are from."""
    if not change.quote:
        return escape(change.course_2020)
    where = f" ({escape(change.section)})" if change.section else ""
    return (
        f'{escape(change.course_2020)}<br><span lang="ko">&ldquo;{escape(change.quote)}&rdquo;</span>'
        f"<small>{where}</small>"
    )


def _link(url: str) -> str:
    """An escaped link for web addresses; anything else (e.g. ``javascript:``) stays text."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(url)}</a>'
    return escape(url)


@cache
def _glossaries() -> dict[str, Glossary]:
    chapters = data.load("glossary")["chapters"]
    return {
        chapter: Glossary(
            chapter=chapter,
            title=entry["title"],
            title_ko=entry["title_ko"],
            terms=tuple(Term(**term) for term in entry["terms"]),
        )
        for chapter, entry in chapters.items()
    }


def _check_chapter(chapter: str) -> str:
    if not isinstance(chapter, str):
        raise TypeError(f"chapter must be a str such as '01', not {type(chapter).__name__}")
    if chapter not in _glossaries():
        valid = ", ".join(_glossaries())
        raise ValueError(f"unknown chapter {chapter!r}; valid chapter ids are {valid}")
    return chapter


def chapter_terms(chapter: str) -> Glossary:
    """The course terms of one chapter.

    Args:
        chapter: A chapter id, "00" to "10".

    Raises:
        ValueError: for an unknown chapter id (the message lists the valid ones).
        TypeError: if ``chapter`` is not a string.

    >>> [t.en for t in chapter_terms("01").terms][:3]
    ['Global infrastructure', 'Region', 'Availability Zone']
    """
    return _glossaries()[_check_chapter(chapter)]


def all_terms() -> tuple[Term, ...]:
    """Every term of every chapter, in chapter order."""
    return tuple(term for glossary in _glossaries().values() for term in glossary.terms)


def _key(text: str) -> str:
    # Spacing varies in Korean (보안그룹 / 보안 그룹) and case in English.
    return "".join(text.split()).casefold()


@cache
def _index() -> dict[str, Term]:
    # Built in reverse so that a name used in two chapters finds the earlier one.
    return {_key(name): t for t in reversed(all_terms()) for name in (t.en, t.ko)}


def lookup(term: str) -> Term:
    """Find a term by its Korean or English name, across all chapters.

    Spaces are ignored and English is matched case-insensitively.

    Raises:
        ValueError: if no term matches; the message suggests close names.
        TypeError: if ``term`` is not a string.

    >>> lookup("region").ko
    '리전'
    """
    if not isinstance(term, str):
        raise TypeError(f"term must be a str, not {type(term).__name__}")
    if _key(term) in _index():
        return _index()[_key(term)]
    names = [name for t in all_terms() for name in (t.en, t.ko)]
    close = difflib.get_close_matches(term, names, n=3)
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"no glossary term {term!r}{suggestion}")


def _fact_files() -> list[str]:
    """Names of the JSON data files, e.g. ``["glossary", "infra"]``."""
    files = resources.files("awsbasics.data").iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


def changes(chapter: str) -> Changes:
    """The facts of one chapter that AWS has changed since the 2020 course.

    Built from every data file's facts that carry a ``"course_2020"`` value; a
    fact belongs to its ``"chapter"`` key, or else to its file's area
    (:data:`FILE_CHAPTERS`). A fact is named by its ``"label"`` (else its key,
    spaced); today's value is its ``"display"``, its ``"value"`` or the names in
    its table, and lists read as text, not as Python reprs.

    Raises:
        ValueError: for an unknown chapter id.
        TypeError: if ``chapter`` is not a string.
    """
    _check_chapter(chapter)
    rows = [
        Change(
            fact=entry.get("label", entry["fact"].replace("_", " ")),
            course_2020=_readable(entry["course_2020"]),
            today=_readable(_today(entry)),
            changed=entry.get("changed", ""),
            source=entry.get("source", ""),
            as_of=entry.get("as_of", ""),
            quote=_readable(entry.get("course_quote", "")),
            section=_readable(entry.get("course_section", "")),
        )
        for name in _fact_files()
        for entry in data.changes(name)
        if entry.get("chapter", FILE_CHAPTERS.get(name)) == chapter
    ]
    return Changes(chapter=chapter, rows=tuple(rows))


def _today(entry: dict) -> object:
    """A fact's value today: its ``display`` text, its ``value``, or the names in its table."""
    if "display" in entry or "value" in entry:
        return entry.get("display", entry.get("value"))
    columns = entry.get("columns", ())
    if "name" in columns:
        return [row[columns.index("name")] for row in entry.get("rows", ())]
    return ""


def _readable(value: object) -> str:
    """A data value as a learner reads it: lists joined, no Python reprs.

    >>> _readable(["explicit deny", "explicit allow"]), _readable(None), _readable(125)
    ('explicit deny, explicit allow', '', '125')
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_readable(v)}" for k, v in value.items())
    return str(value)
