"""Condition operators: parsed once, evaluated against a request context.

Every operator family AWS documents is here (String, Numeric, Date, Bool,
Binary, IP address, ARN and the Null check), each with its ``...IfExists``
form and the ``ForAnyValue:``/``ForAllValues:`` set qualifiers. An operator
AWS does not know is a :class:`~awsbasics.errors.PolicyError` at parse time,
so nothing unsupported is silently treated as true.

    >>> c = parse_condition("StringLike", "s3:prefix", ["home/*"], path="Condition", variables=True)
    >>> c.evaluate({"s3:prefix": ("home/notes.txt",)}, [])
    True
    >>> c.evaluate({}, [])   # the key is absent: a positive operator does not match
    False

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import difflib
import ipaddress
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics.iam.frozen import Frozen
from awsbasics.iam.patterns import Template, arn_atoms, compile_wildcards, glob_atoms, value_text

if TYPE_CHECKING:
    from typing import TypeAlias

    from awsbasics.iam.patterns import Matcher

    # A policy value as its family compares it (Family.prepare/finish): text, a wildcard matcher, a
    # number or date (Decimal), a flag, bytes or a network; a Template while it holds policy variables.
    Prepared: TypeAlias = (
        "str | Matcher | Decimal | bool | bytes | ipaddress.IPv4Network | ipaddress.IPv6Network | Template"
    )

__all__ = ["Condition", "parse_condition", "OPERATORS", "QUALIFIERS", "UNCOMPARABLE"]

QUALIFIERS = ("ForAnyValue", "ForAllValues")
UNCOMPARABLE = object()  # a context value the operator cannot compare
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)  # ASCII digits only, as AWS reads them
# W3C profile of ISO 8601 (YYYY-MM-DD with optional time and zone); all digits = epoch seconds.
_DATE = re.compile(
    r"(\d{4})-(\d{2})(?:-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?",
    re.ASCII,
)
_EPOCH = re.compile(r"\d+", re.ASCII)
# No value can be longer than a whole policy document (this library's safety cap, see the data file).
_MAX_VALUE_CHARS: int = data.value("iam", "policy_document_max_chars")


class Family:
    """How one operator family reads policy values and compares context values."""

    name = ""
    noun = ""  # what a value must be, for messages ("a number ...")
    variables = False  # whether policy variables are allowed in its values

    def prepare(self, raw):
        """Policy value -> comparable form; ``None`` when the value is not of this family."""
        raise NotImplementedError

    def convert(self, value):
        """Context value -> comparable form, or :data:`UNCOMPARABLE`."""
        raise NotImplementedError

    def match(self, value, prepared) -> bool:
        """Whether a converted context value matches one prepared policy value."""
        raise NotImplementedError

    def finish(self, text: str, chunks):
        """A policy value after its variables are resolved (``None``: it matches nothing)."""
        raise NotImplementedError


def _scalar_text(raw) -> str | None:
    if isinstance(raw, (str, bool, int, float, Decimal)):
        return value_text(raw)
    return None


class StringFamily(Family):
    name, noun, variables = "String", "a string", True

    def __init__(self, *, ignore_case=False, like=False):
        self.ignore_case = ignore_case
        self.like = like

    def prepare(self, raw):
        text = _scalar_text(raw)
        if text is None:
            return None
        return self.finish(text, ((text, True),))

    def finish(self, text, chunks):
        if self.like:  # wildcards * and ?, case-sensitive
            return compile_wildcards((glob_atoms(chunks),))
        text = "".join(t for t, _ in chunks)
        return text.lower() if self.ignore_case else text

    def convert(self, value):
        text = _scalar_text(value)
        if text is None:
            return UNCOMPARABLE
        return text.lower() if self.ignore_case else text

    def match(self, value, prepared):
        return bool(prepared.fullmatch(value)) if self.like else value == prepared


class NumericFamily(Family):
    name, noun = "Numeric", "a number (integer or decimal)"

    def __init__(self, compare):
        self.compare = compare

    def prepare(self, raw):
        return _number(raw)

    def convert(self, value):
        number = _number(value)
        return UNCOMPARABLE if number is None else number

    def match(self, value, prepared):
        return self.compare(value, prepared)


def _number(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw) if Decimal(raw).is_finite() else None
    if isinstance(raw, float):
        return Decimal(repr(raw)) if raw == raw and raw not in (float("inf"), float("-inf")) else None
    if isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        return Decimal(raw.strip())
    return None


class DateFamily(Family):
    name, noun = "Date", "a date (W3C ISO 8601, e.g. 2020-01-01T00:00:00Z, or epoch seconds)"

    def __init__(self, compare):
        self.compare = compare

    def prepare(self, raw):
        return _epoch(raw)

    def convert(self, value):
        epoch = _epoch(value)
        return UNCOMPARABLE if epoch is None else epoch

    def match(self, value, prepared):
        return self.compare(value, prepared)


def _epoch(raw) -> Decimal | None:
    """Seconds since 1970-01-01T00:00:00Z; a naive ``datetime`` counts as UTC."""
    if isinstance(raw, dt.datetime):
        moment = raw if raw.tzinfo else raw.replace(tzinfo=dt.UTC)
        return Decimal(repr(moment.timestamp()))
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        return _number(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _EPOCH.fullmatch(text):
        return Decimal(text)
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        offset = dt.UTC
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            offset = dt.timezone(sign * dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        moment = dt.datetime(
            int(year), int(month), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=offset
        )
    except ValueError:
        return None
    return Decimal(int(moment.timestamp())) + (Decimal(fraction) if fraction else 0)


class BoolFamily(Family):
    name, noun, variables = "Bool", "a boolean (true or false)", True

    def prepare(self, raw):
        return _boolean(raw)

    def finish(self, text, chunks):
        return _boolean("".join(t for t, _ in chunks))

    def convert(self, value):
        flag = _boolean(value)
        return UNCOMPARABLE if flag is None else flag

    def match(self, value, prepared):
        return value == prepared


def _boolean(raw) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return None


class BinaryFamily(Family):
    name, noun = "Binary", "bytes or base-64 text"

    def prepare(self, raw):
        return _base64(raw)

    def convert(self, value):
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        data = _base64(value)
        return UNCOMPARABLE if data is None else data

    def match(self, value, prepared):
        return value == prepared


def _base64(raw) -> bytes | None:
    if not isinstance(raw, str):
        return None
    try:
        return base64.b64decode(raw.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


class IpFamily(Family):
    name, noun = "IpAddress", "an IPv4 or IPv6 address"

    def prepare(self, raw):
        if not isinstance(raw, str):
            return None
        try:
            # No prefix means one address (/32 or /128), as the docs say.
            return ipaddress.ip_network(raw.strip(), strict=False)
        except ValueError:
            return None

    def convert(self, value):
        if not isinstance(value, str):
            return UNCOMPARABLE
        try:
            return ipaddress.ip_address(value.strip())
        except ValueError:
            return UNCOMPARABLE

    def match(self, value, prepared):
        return value.version == prepared.version and value in prepared


class ArnFamily(Family):
    name, noun, variables = "Arn", "an ARN (arn:partition:service:region:account:resource)", True

    def prepare(self, raw):
        if not isinstance(raw, str) or not raw.startswith("arn:"):
            return None
        return self.finish(raw, ((raw, True),))

    def finish(self, text, chunks):
        # Each of the six colon-separated parts is matched separately.
        atoms = arn_atoms(chunks, resource_element=False)
        return None if atoms is None else compile_wildcards((atoms,))

    def match(self, value, prepared):
        return bool(prepared.fullmatch(value))

    def convert(self, value):
        if isinstance(value, str) and value.startswith("arn:") and value.count(":") >= 5:
            return value
        return UNCOMPARABLE


class NullFamily(Family):
    name, noun = "Null", "true or false"

    def prepare(self, raw):
        return _boolean(raw)


def _lt(a, b):
    return a < b


def _le(a, b):
    return a <= b


def _gt(a, b):
    return a > b


def _ge(a, b):
    return a >= b


def _eq(a, b):
    return a == b


def _relations(prefix: str, family_type) -> dict:
    return {
        f"{prefix}Equals": (family_type(_eq), False),
        f"{prefix}NotEquals": (family_type(_eq), True),
        f"{prefix}LessThan": (family_type(_lt), False),
        f"{prefix}LessThanEquals": (family_type(_le), False),
        f"{prefix}GreaterThan": (family_type(_gt), False),
        f"{prefix}GreaterThanEquals": (family_type(_ge), False),
    }


# Base operator -> (family, negated). A negated operator matches when no policy value matches (NOR).
OPERATORS: dict[str, tuple[Family, bool]] = {
    "StringEquals": (StringFamily(), False),
    "StringNotEquals": (StringFamily(), True),
    "StringEqualsIgnoreCase": (StringFamily(ignore_case=True), False),
    "StringNotEqualsIgnoreCase": (StringFamily(ignore_case=True), True),
    "StringLike": (StringFamily(like=True), False),
    "StringNotLike": (StringFamily(like=True), True),
    **_relations("Numeric", NumericFamily),
    **_relations("Date", DateFamily),
    "Bool": (BoolFamily(), False),
    "BinaryEquals": (BinaryFamily(), False),
    "IpAddress": (IpFamily(), False),
    "NotIpAddress": (IpFamily(), True),
    "ArnEquals": (ArnFamily(), False),
    "ArnLike": (ArnFamily(), False),
    "ArnNotEquals": (ArnFamily(), True),
    "ArnNotLike": (ArnFamily(), True),
    "Null": (NullFamily(), False),
}


def split_operator(operator: str) -> tuple[str | None, str, bool]:
    """``"ForAllValues:StringLikeIfExists"`` -> ``("ForAllValues", "StringLike", True)``.

    Raises:
        ValueError: the text names no operator AWS knows; the message says why.
    """
    qualifier, _, base = operator.rpartition(":")
    if qualifier and qualifier not in QUALIFIERS:
        close = difflib.get_close_matches(qualifier, QUALIFIERS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; the set operators are {' and '.join(QUALIFIERS)}"
        raise ValueError(f"unknown set operator {qualifier!r}{hint}")
    if_exists = base.endswith("IfExists") and base != "IfExists"
    name = base[: -len("IfExists")] if if_exists else base
    if name not in OPERATORS:
        close = difflib.get_close_matches(name, OPERATORS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown condition operator {operator!r}{hint}")
    if name == "Null" and (if_exists or qualifier):
        raise ValueError(f"{operator!r}: Null checks whether a key exists; it takes no IfExists and no set operator")
    return qualifier or None, name, if_exists


class Condition(Frozen):
    """One (operator, key, values) test of a statement's Condition block."""

    __slots__ = (
        "operator",
        "name",
        "qualifier",
        "if_exists",
        "key",
        "key_lower",
        "values",
        "path",
        "family",
        "negated",
        "_prepared",
        "_static",
        "_lookup",
    )
    operator: str
    name: str  # the base operator, e.g. "StringLike" for "ForAnyValue:StringLikeIfExists"
    qualifier: str | None  # "ForAnyValue", "ForAllValues" or None
    if_exists: bool
    key: str
    key_lower: str
    values: tuple
    path: str
    family: Family
    negated: bool
    _prepared: tuple[Prepared, ...]
    _static: bool
    _lookup: frozenset[Prepared] | None

    def __init__(self, operator, name, qualifier, if_exists, key, values, path, prepared):
        family, negated = OPERATORS[name]
        self._set(
            operator=operator,
            name=name,
            qualifier=qualifier,
            if_exists=if_exists,
            key=key,
            key_lower=key.lower(),
            values=values,
            path=path,
            family=family,
            negated=negated,
            _prepared=prepared,
            # Static values are compared without resolving anything per request.
            _static=all(not isinstance(p, Template) for p in prepared),
            # Equality against static values is a set lookup: 10^5 context values against 10^5
            # policy values stay linear instead of 10^10 comparisons.
            _lookup=_equality_set(family, prepared),
        )

    def __repr__(self) -> str:
        return f"Condition({self.operator!r}, {self.key!r}, {list(self.values)!r})"

    @property
    def templates(self) -> tuple[Template, ...]:
        """The values that hold policy variables, resolved per request."""
        return tuple(p for p in self._prepared if isinstance(p, Template))

    # --- evaluation -------------------------------------------------------------------------

    def evaluate(self, context, problems: list) -> bool:
        """Whether this condition holds for ``context`` (lower-case key -> tuple of values).

        ``problems`` collects why a value could not be compared.
        """
        values = context.get(self.key_lower)
        if self.name == "Null":
            absent = not values
            return any(flag is absent for flag in self._prepared)
        if self.qualifier is not None:
            if not values or values == ("",):  # an empty data set
                return True if (self.qualifier == "ForAllValues" or self.if_exists) else False
        elif values is None:
            # Absent key: ...IfExists matches; a negated operator matches; others do not.
            return self.if_exists or self.negated
        converted = []
        for value in values:
            item = self.family.convert(value)
            if item is UNCOMPARABLE:
                problems.append(
                    f"{self.path}: context value {value!r} of {self.key!r} is not {self.family.noun}, "
                    f"so {self.operator} cannot compare it and the condition does not match"
                )
                return False
            converted.append(item)
        policy_values = self._resolved(context, problems)
        if self.qualifier is None:
            if len(values) > 1:
                problems.append(
                    f"{self.path}: {self.key!r} has {len(values)} values but {self.operator} has no "
                    "ForAnyValue:/ForAllValues: set operator; evaluated as 'any value matches'"
                )
            hit = any(self._match_one(v, policy_values) for v in converted)
            return not hit if self.negated else hit
        results = (self._match_one(v, policy_values) != self.negated for v in converted)
        return all(results) if self.qualifier == "ForAllValues" else any(results)

    def _match_one(self, value, policy_values) -> bool:
        if self._lookup is not None and policy_values is self._prepared:
            return value in self._lookup
        match = self.family.match
        # A policy variable with no value (None) matches nothing.
        return any(prepared is not None and match(value, prepared) for prepared in policy_values)

    def _resolved(self, context, problems) -> tuple[Prepared | None, ...]:
        if self._static:
            return self._prepared
        resolved = []
        prepared: Prepared | None  # None: a policy variable without a value, which matches nothing
        for prepared in self._prepared:
            if isinstance(prepared, Template):
                chunks = prepared.resolve(context, problems)
                prepared = None if chunks is None else self.family.finish(prepared.text, chunks)
            resolved.append(prepared)
        return tuple(resolved)


def _equality_set(family: Family, prepared) -> frozenset | None:
    """The static prepared values as a set when the family matches by plain equality, else None."""
    if any(isinstance(p, Template) for p in prepared):
        return None
    exact = (
        (isinstance(family, StringFamily) and not family.like)
        or isinstance(family, (BoolFamily, BinaryFamily))
        or (isinstance(family, (NumericFamily, DateFamily)) and family.compare is _eq)
    )
    return frozenset(prepared) if exact else None


def parse_condition(operator: str, key: str, raw_values, *, path: str, variables: bool) -> Condition:
    """Validate one operator/key/values triple of a Condition block.

    Raises:
        ValueError: the operator is unknown or a value is not of its family
            (the caller turns it into a PolicyError with the JSON path).
    """
    if not isinstance(operator, str):
        raise TypeError(f"condition operator must be str, not {type(operator).__name__}")
    if not isinstance(key, str):
        raise TypeError(f"condition key must be str, not {type(key).__name__}")
    qualifier, name, if_exists = split_operator(operator)
    family, _ = OPERATORS[name]
    values = tuple(raw_values) if isinstance(raw_values, list) else (raw_values,)
    if not values:
        raise ValueError("a condition needs at least one value; an empty list matches nothing")
    prepared = []
    for index, raw in enumerate(values):
        where = f"[{index}]" if isinstance(raw_values, list) else ""
        if isinstance(raw, (dict, list)) or raw is None:
            raise ValueError(f"value{where} {raw!r:.200} is not a string, number or boolean")
        if isinstance(raw, str) and len(raw) > _MAX_VALUE_CHARS:
            raise ValueError(
                f"value{where} of {len(raw):,} characters is longer than a whole policy may be "
                f"({_MAX_VALUE_CHARS:,} characters, this library's safety cap)"
            )
        prepared.append(_prepare(family, name, raw, where, variables))
    return Condition(operator, name, qualifier, if_exists, key, values, path, tuple(prepared))


def _prepare(family: Family, name: str, raw, where: str, variables: bool):
    if family.variables and variables and isinstance(raw, str) and "${" in raw:
        template = Template.parse(raw, variables=True)
        if not template.is_static:
            return template  # resolved per request
        if template.parts != (raw,):  # only ${*}, ${?} or ${$}: resolve once
            prepared = family.finish(raw, template.chunks())
            if prepared is None:
                raise ValueError(f"value{where} {raw!r} is not {family.noun}")
            return prepared
    prepared = family.prepare(raw)
    if prepared is None:
        extra = ""
        if isinstance(raw, str) and "${" in raw and not family.variables:
            extra = f"; policy variables cannot be used with {family.name} operators"
        raise ValueError(f"value{where} {raw!r} is not {family.noun}{extra}")
    return prepared
