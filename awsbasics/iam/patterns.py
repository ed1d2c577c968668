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
    >>> re.fullmatch(glob_regex(t.resolve({"aws:username": ("bob",)})), "home/bob/a.txt") is not None
    True

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Template", "Variable", "glob_regex", "arn_regex", "compile_regex", "is_arn", "value_text"]

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
    def parse(cls, text: str, *, variables: bool) -> "Template":
        """Split ``text`` into parts; with ``variables=False`` (Version 2008-10-17) ``${...}`` is literal."""
        if not variables or "${" not in text:
            return cls(text, (text,) if text else ())
        parts: list = []
        position = 0
        for match in _VARIABLE.finditer(text):
            inner = match.group(1)
            if inner in _SPECIAL:
                part = ("char", _SPECIAL[inner])
            else:
                named = _NAME_DEFAULT.fullmatch(inner)
                if named is None:
                    continue  # not a variable: stays literal text
                part = Variable(named.group(1), named.group(2))
            if match.start() > position:
                parts.append(text[position:match.start()])
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


def _glob_piece(text: str, wild: bool, star: str, one: str) -> str:
    if not wild:
        return re.escape(text)
    out = []
    for char in text:
        if char == "*":
            out.append(star)
        elif char == "?":
            out.append(one)
        else:
            out.append(re.escape(char))
    return "".join(out)


def glob_regex(chunks) -> str:
    """Regex source for ``*``/``?`` wildcards in the wild chunks (``*`` any run, ``?`` one character)."""
    return "".join(_glob_piece(text, wild, ".*", ".") for text, wild in chunks)


def _characters(chunks):
    for text, wild in chunks:
        for char in text:
            yield char, wild


def arn_regex(chunks, *, resource_element: bool) -> str | None:
    """Regex source matching an ARN pattern segment by segment, or ``None`` if not six segments.

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
    pieces = []
    for index, segment in enumerate(segments):
        last_segment = index == ARN_PARTS - 1
        out = []
        for position, (char, wild) in enumerate(segment):
            if wild and char == "*":
                ends_segment = position == len(segment) - 1
                out.append(".*" if last_segment or (resource_element and ends_segment) else "[^:]*")
            elif wild and char == "?":
                out.append("." if last_segment else "[^:]")
            else:
                out.append(re.escape(char))
        pieces.append("".join(out))
    return ":".join(pieces)


@lru_cache(maxsize=4096)
def compile_regex(source: str, ignore_case: bool = False) -> re.Pattern:
    """A compiled, cached full-match pattern (``DOTALL``: a wildcard also matches newlines)."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(source, flags)


def is_arn(text: str) -> bool:
    """True for ``arn:partition:service:region:account:resource`` (six colon-separated parts).

    >>> is_arn("arn:aws:s3:::bucket/key"), is_arn("bucket/key")
    (True, False)
    """
    return text.startswith("arn:") and text.count(":") >= ARN_PARTS - 1
