"""The string matching IAM policies use: wildcards, ARNs and policy variables.

A policy string is a :class:`Template`: literal text (where ``*`` and ``?`` are
wildcards) and, under ``"Version": "2012-10-17"``, policy variables such as
``${aws:username}``, ``${aws:userid, 'anonymous'}`` or the special ``${*}``,
``${?}`` and ``${$}``, which stand for those characters without their wildcard
meaning. Resolving a template against a request context gives *chunks*:
``(text, wild)`` pairs, where only ``wild`` text keeps wildcard meaning.

    >>> t = Template.parse("home/${aws:username}/*", variables=True)
    >>> t.resolve({"aws:username": ("bob",)})
    (('home/', True), ('bob', False), ('/*', True))
    >>> bool(compile_wildcards((glob_atoms(t.resolve({"aws:username": ("bob",)})),)).fullmatch("home/bob/a.txt"))
    True

Matching takes time linear in the text (times the pattern length), whatever the
pattern: ``a*a*a*a*b`` against thousands of ``a`` answers at once.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    # What compile_wildcards returns: a compiled regex, or the wrapper for patterns the NFA matches.
    Matcher: TypeAlias = "re.Pattern[str] | _Matchers"

__all__ = [
    "Template",
    "Variable",
    "glob_regex",
    "arn_regex",
    "compile_regex",
    "glob_atoms",
    "arn_atoms",
    "compile_wildcards",
    "is_arn",
    "value_text",
]

# ${name} or ${name, 'default'}; the name is a context key (case-insensitive).
_VARIABLE = re.compile(r"\$\{([^{}]*)\}")
_NAME_DEFAULT = re.compile(r"\s*([^,'{}$\s][^,'{}$]*?)\s*(?:,\s*'([^']*)'\s*)?")
# ${*}, ${?} and ${$} stand for the bare character, never a wildcard.
_SPECIAL = {"*": "*", "?": "?", "$": "$"}
ARN_PARTS = 6


@dataclass(frozen=True, slots=True)
class Variable:
    """One ``${key}`` or ``${key, 'default'}`` policy variable."""

    key: str
    default: str | None = None

    @property
    def key_lower(self) -> str:
        return self.key.lower()


@dataclass(frozen=True, slots=True)
class Template:
    """A policy string: literal text, special characters and policy variables.

    ``parts`` holds ``str`` (literal text, wildcards active), ``("char", c)``
    (a character from ``${*}``/``${?}``/``${$}``, wildcards inactive) and
    :class:`Variable` items.
    """

    text: str
    parts: tuple

    @classmethod
    def parse(cls, text: str, *, variables: bool) -> Template:
        """Split ``text`` into parts; with ``variables=False`` (Version 2008-10-17) ``${...}`` is literal."""
        if not variables or "${" not in text:
            return cls(text, (text,) if text else ())
        parts: list = []
        position = 0
        for match in _VARIABLE.finditer(text):
            inner = match.group(1)
            part: tuple[str, str] | Variable
            if inner in _SPECIAL:
                part = ("char", _SPECIAL[inner])
            else:
                named = _NAME_DEFAULT.fullmatch(inner)
                if named is None:
                    continue  # not a variable: stays literal text
                part = Variable(named.group(1), named.group(2))
            if match.start() > position:
                parts.append(text[position : match.start()])
            parts.append(part)
            position = match.end()
        if position < len(text):
            parts.append(text[position:])
        return cls(text, tuple(parts))

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(p for p in self.parts if isinstance(p, Variable))

    @property
    def is_static(self) -> bool:
        """True when no part depends on the request (no variables)."""
        return not any(isinstance(p, Variable) for p in self.parts)

    def chunks(self) -> tuple[tuple[str, bool], ...]:
        """The chunks of a static template (variables must be resolved first)."""
        return self.resolve({})

    def resolve(self, context, problems: list | None = None):
        """The chunks with every variable replaced, or ``None`` if one has no value.

        ``context`` maps lower-case keys to tuples of values. A variable whose key
        is absent takes its default, else the template resolves to nothing (AWS:
        a variable with no value matches nothing). A multivalued key cannot be a
        variable; that is reported in ``problems``.
        """
        chunks = []
        for part in self.parts:
            if isinstance(part, str):
                chunks.append((part, True))
            elif isinstance(part, Variable):
                values = context.get(part.key_lower)
                if not values:
                    if part.default is None:
                        return None
                    chunks.append((part.default, False))
                elif len(values) > 1:
                    if problems is not None:
                        problems.append(
                            f"${{{part.key}}} names a multivalued context key ({len(values)} values); "
                            "a policy variable takes a single value, so it has no value here"
                        )
                    return None
                else:
                    chunks.append((value_text(values[0]), False))
            else:
                chunks.append((part[1], False))
        return tuple(chunks)


def value_text(value) -> str:
    """A context or policy value as the string IAM compares (``True`` -> ``"true"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A wildcard pattern is a tuple of regex atoms, one per pattern character: an
# escaped literal, a "one" atom (? -> "." or "[^:]") or a "star" atom (* -> ".*" or
# "[^:]*"; "[^:]" keeps a wildcard inside one ARN segment). Atoms concatenate as
# tuples and are compiled by compile_wildcards into a matcher that never
# backtracks catastrophically.
_STARS = (".*", "[^:]*")
_ONES = (".", "[^:]")


def _atom(char: str, wild: bool, star: str = ".*", one: str = ".") -> str:
    if wild and char == "*":
        return star
    if wild and char == "?":
        return one
    return re.escape(char)


def glob_atoms(chunks) -> tuple[str, ...]:
    """Atoms for ``*``/``?`` wildcards in the wild chunks (``*`` any run, ``?`` one character).

    >>> glob_atoms((("a*?", True), ("b", False)))
    ('a', '.*', '.', 'b')
    """
    return tuple(_atom(char, wild) for text, wild in chunks for char in text)


def _characters(chunks):
    for text, wild in chunks:
        for char in text:
            yield char, wild


def arn_atoms(chunks, *, resource_element: bool) -> tuple[str, ...] | None:
    """Atoms matching an ARN pattern segment by segment, or ``None`` if not six segments.

    The first five colon-separated segments (arn, partition, service, region,
    account) match separately: a wildcard stays inside its segment. The
    resource segment is the rest of the ARN and may hold colons. In a
    ``Resource`` element a ``*`` that ends a segment may also match beyond the
    colon; in the ``Arn*`` condition operators it may not.
    """
    segments: list[list[tuple[str, bool]]] = [[]]
    for char, wild in _characters(chunks):
        if char == ":" and len(segments) < ARN_PARTS:
            segments.append([])
        else:
            segments[-1].append((char, wild))
    if len(segments) < ARN_PARTS:
        return None
    atoms: list[str] = []
    for index, segment in enumerate(segments):
        if index:
            atoms.append(":")
        last_segment = index == ARN_PARTS - 1
        for position, (char, wild) in enumerate(segment):
            ends_segment = position == len(segment) - 1
            star = ".*" if last_segment or (resource_element and ends_segment) else "[^:]*"
            atoms.append(_atom(char, wild, star, "." if last_segment else "[^:]"))
    return tuple(atoms)


def _literal_text(atoms) -> str | None:
    """The one text ``atoms`` match when they hold no wildcard (then a set lookup can stand in for the regex).

    >>> _literal_text(glob_atoms((("s3:getobject", True),))), _literal_text(glob_atoms((("s3:get*", True),)))
    ('s3:getobject', None)
    """
    if any(atom in _STARS or atom in _ONES for atom in atoms):
        return None
    return "".join(atom[-1] for atom in atoms)  # re.escape puts at most a backslash before a character


def _collapse(atoms) -> list[str]:
    """Runs of stars become one star (``.*`` if any of them is): same language, one quantifier."""
    out: list[str] = []
    for atom in atoms:
        if atom in _STARS and out and out[-1] in _STARS:
            out[-1] = ".*" if ".*" in (atom, out[-1]) else atom
        else:
            out.append(atom)
    return out


def _safe_source(atoms) -> str | None:
    """Regex source that cannot backtrack catastrophically, or ``None`` (the NFA matches it).

    One star backtracks at most once over the text. With several unrestricted
    stars, each segment between two stars matches at its leftmost place inside an
    atomic group (the classic greedy glob match: a later place is never needed,
    the next ``.*`` absorbs the difference), so the engine never revisits it.
    Stars restricted to one ARN segment break that argument: those go to the NFA.
    """
    atoms = _collapse(atoms)
    stars = [i for i, atom in enumerate(atoms) if atom in _STARS]
    if len(stars) <= 1:
        return "".join(atoms)
    if any(atoms[i] != ".*" for i in stars):
        return None
    out = ["".join(atoms[: stars[0]])]
    for left, right in zip(stars, stars[1:]):
        out.append(f"(?>.*?{''.join(atoms[left + 1 : right])})")
    out.append(".*" + "".join(atoms[stars[-1] + 1 :]))
    return "".join(out)


def glob_regex(chunks) -> str:
    """Regex source for ``*``/``?`` wildcards in the wild chunks, safe from catastrophic backtracking.

    >>> glob_regex((("a*b*c", True),))
    'a(?>.*?b).*c'
    """
    source = _safe_source(glob_atoms(chunks))
    # Glob atoms hold only unrestricted stars (".*"), so _safe_source always has a regex for them.
    assert source is not None
    return source


def arn_regex(chunks, *, resource_element: bool) -> str | None:
    """Regex source for :func:`arn_atoms` (may backtrack: the engine uses :func:`compile_wildcards`)."""
    atoms = arn_atoms(chunks, resource_element=resource_element)
    return None if atoms is None else "".join(_collapse(atoms))


@lru_cache(maxsize=4096)
def compile_regex(source: str, ignore_case: bool = False) -> re.Pattern:
    """A compiled, cached full-match pattern (``DOTALL``: a wildcard also matches newlines)."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(source, flags)


class _Nfa:
    """Full match by simulating the pattern's automaton: O(len(pattern) * len(text)), no backtracking."""

    __slots__ = ("steps",)

    def __init__(self, atoms):
        # (kind, char): kind 0 literal, 1 one character, 2 star; char ":" = cannot match a colon.
        self.steps = tuple(
            (2, ":" if a == "[^:]*" else "")
            if a in _STARS
            else (1, ":" if a == "[^:]" else "")
            if a in _ONES
            else (0, a[-1])  # re.escape puts at most a backslash before the character
            for a in _collapse(atoms)
        )

    def _close(self, states: set) -> set:
        # A star may match nothing: reaching it also reaches the next step (stars never follow stars).
        return states | {i + 1 for i in states if i < len(self.steps) and self.steps[i][0] == 2}

    def fullmatch(self, text: str) -> bool:
        steps, end = self.steps, len(self.steps)
        states = self._close({0})
        for char in text:
            after = set()
            for i in states:
                if i == end:
                    continue
                kind, value = steps[i]
                if kind == 0:
                    if value == char:
                        after.add(i + 1)
                elif char != ":" or not value:
                    after.add(i if kind == 2 else i + 1)
            if not after:
                return False
            states = self._close(after)
        return end in states


class _Matchers:
    """Several alternatives: one regex for the safe ones, an NFA for each of the others."""

    __slots__ = ("regex", "others")

    def __init__(self, regex, others):
        self.regex, self.others = regex, others

    def fullmatch(self, text: str) -> bool | None:
        """``True`` or ``None``, like ``re.Pattern.fullmatch`` (callers test ``is not None``)."""
        if self.regex is not None and self.regex.fullmatch(text) is not None:
            return True
        return True if any(nfa.fullmatch(text) for nfa in self.others) else None


@lru_cache(maxsize=4096)
def compile_wildcards(alternatives: tuple[tuple[str, ...], ...]) -> Matcher:
    """A cached matcher for any of ``alternatives`` (tuples of atoms); ``.fullmatch(text)`` is ``None`` on no match.

    Usually a compiled regex (fast); patterns that would need the NFA get a
    small wrapper. Either way the time is linear in the text.

    >>> bool(compile_wildcards((glob_atoms((("a*a*a*b", True),)),)).fullmatch("a" * 5000))
    False
    """
    safe, others = [], []
    for atoms in alternatives:
        source = _safe_source(atoms)
        if source is None:
            others.append(_Nfa(atoms))
        else:
            safe.append(source)
    regex = compile_regex("|".join(f"(?:{s})" for s in safe)) if safe else None
    if not others and regex is not None:
        return regex
    return _Matchers(regex, tuple(others))


def is_arn(text: str) -> bool:
    """True for ``arn:partition:service:region:account:resource`` (six colon-separated parts).

    >>> is_arn("arn:aws:s3:::bucket/key"), is_arn("bucket/key")
    (True, False)
    """
    return text.startswith("arn:") and text.count(":") >= ARN_PARTS - 1
