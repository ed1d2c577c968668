"""IAM policy documents: parsed, validated and compiled once.

``Policy.from_json`` accepts what AWS accepts (a Statement object or list,
Action and Resource as a string or a list, Version 2012-10-17, 2008-10-17 or
absent) and rejects what AWS rejects with a :class:`~awsbasics.errors.PolicyError`
whose ``path`` points into the document (``Statement[2].Condition.StringLike``).
Size quotas and risky patterns are :class:`Finding` objects, not errors.

    >>> p = Policy.from_json('{"Version": "2012-10-17", "Statement": '
    ...                      '{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}')
    >>> p.kind, len(p.statements), [f.code for f in p.findings]
    ('identity', 1, ['wildcard-resource'])

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
"""

from __future__ import annotations

import difflib
import json
import math
import re
import sys
from typing import Literal, overload

from awsbasics import data
from awsbasics._json import JsonObject, LongNumber, object_pairs
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.iam.conditions import Condition, parse_condition, split_operator
from awsbasics.iam.frozen import Frozen
from awsbasics.iam.lint import Finding, lint, lint_actions, lint_conditions, size_findings
from awsbasics.iam.paths import join, policy_error
from awsbasics.iam.principals import PrincipalSpec
from awsbasics.iam.statement import Statement, resource_pattern

__all__ = ["Policy", "Statement", "Finding", "KINDS", "VERSIONS", "CURRENT_VERSION"]

KINDS = ("identity", "resource", "scp", "boundary", "session", "rcp")
_IAM_KINDS = ("identity", "boundary", "session")  # policies IAM itself stores or STS receives
VERSIONS: tuple[str, ...] = tuple(data.value("iam", "policy_language_versions"))
CURRENT_VERSION = VERSIONS[0]  # the only version with policy variables
# Not an AWS quota: refuse longer text before json.loads, which takes seconds and much memory on megabytes.
DOCUMENT_MAX_CHARS: int = data.value("iam", "policy_document_max_chars")

_POLICY_KEYS = ("Version", "Id", "Statement")
_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_EFFECTS = ("Allow", "Deny")
_KIND_NAMES = {
    "identity": "an identity policy",
    "scp": "an SCP",
    "boundary": "a permissions boundary",
    "session": "a session policy",
    "rcp": "an RCP",
}
_WITH_PRINCIPAL = ("resource", "rcp")  # kinds whose statements carry a Principal
_IMPLIED_PRINCIPAL = {
    "identity": "the principal is the identity the policy is attached to",
    "boundary": "the principal is the user or role whose boundary it is",
    "session": "the principal is the session the policy was passed to",
    "scp": "an SCP applies to the principals of the accounts it is attached to",
}
_IAM_SID = re.compile(r"[0-9A-Za-z]*")
_ACTION = re.compile(r"[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+")
_CONDITION_KEY = re.compile(r"[^:\s]+:\S.*", re.DOTALL)
# IAM stores only tab, line feed, carriage return and U+0020..U+00FF.
_IAM_CHARACTER = re.compile(r"[\t\n\r\u0020-\u00ff]*")


def _reject_constant(name: str):
    raise policy_error("", f"{name} is not JSON: a policy holds strings, numbers, booleans, lists and objects")


def _long_number(path: str, digits: str):
    return policy_error(
        path,
        f"a number with {digits} digits is longer than the {sys.get_int_max_str_digits():,} "
        "digits Python converts; a policy number is a few digits",
    )


def _check_size(text: str) -> None:
    if len(text) > DOCUMENT_MAX_CHARS:
        raise policy_error(
            "",
            f"the document is {len(text):,} characters, more than this library's safety cap of "
            f"{DOCUMENT_MAX_CHARS:,} (not an AWS quota; every AWS policy quota is far smaller)",
        )


def _load_text(text: str) -> object:
    _check_size(text)  # before parsing: json.loads on megabytes stalls the kernel
    long_numbers = []

    def parse_int(digits: str):
        try:
            return int(digits)
        except ValueError:  # more digits than sys.get_int_max_str_digits()
            long_numbers.append(digits)
            return LongNumber(digits)

    try:
        document = json.loads(
            text, object_pairs_hook=object_pairs, parse_constant=_reject_constant, parse_int=parse_int
        )
    except json.JSONDecodeError as exc:
        raise policy_error("", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if long_numbers:
        _plain(document, "")  # raises the PolicyError with the number's path
    return document


def _plain(value, path: str):
    """A JSON-plain copy of a Python document; wrong Python kinds raise TypeError."""
    if isinstance(value, dict):
        copy = JsonObject()
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{join(path, '?')}: JSON object keys are str, not {type(key).__name__} ({key!r})")
            copy[key] = _plain(item, join(path, key))
        return copy
    if isinstance(value, (list, tuple)):
        return [_plain(item, join(path, i)) for i, item in enumerate(value)]
    if isinstance(value, LongNumber):
        raise _long_number(path, f"{len(value.lstrip('-')):,}")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        try:
            str(value)  # Python refuses to convert very long ints; later comparisons need the text
        except ValueError:
            raise _long_number(path, f"about {int(value.bit_length() * math.log10(2)):,}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise policy_error(path, f"{value!r} is not a JSON number")
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"{path or 'policy'}: {type(value).__name__} is not a JSON value ({value!r})")


def _strings(value, path: str):
    """Every key and string in a document, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield join(path, key), key
            yield from _strings(item, join(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, join(path, index))
    elif isinstance(value, str):
        yield path, value


def _string_list(raw, path: str, element: str) -> tuple[list[str], bool]:
    """A string or a non-empty list of strings; returns (values, was_list)."""
    if isinstance(raw, str):
        return [raw], False
    if isinstance(raw, list):
        if not raw:
            raise policy_error(path, f"{element} is an empty list; give at least one value")
        for index, item in enumerate(raw):
            if not isinstance(item, str):
                raise policy_error(join(path, index), f"{item!r} is not a string; {element} holds strings")
        return list(raw), True
    raise policy_error(path, f"{element} must be a string or a list of strings, not {json.dumps(raw)[:60]}")


class Policy(Frozen, Rendered):
    """A parsed, validated and compiled IAM policy document.

    Build one with :meth:`from_json`. ``kind`` is ``"identity"``, ``"resource"``,
    ``"scp"``, ``"boundary"`` or ``"session"``; ``statements`` are compiled
    :class:`Statement` objects; ``findings`` are size and style advice;
    :meth:`to_json` gives the document back as indented JSON.
    """

    __slots__ = (
        "kind",
        "name",
        "version",
        "id",
        "statements",
        "findings",
        "size_chars",
        "_document",
        "_by_service",
        "_any_service",
        "_by_action",
        "_unlisted",
    )
    kind: str
    name: str | None
    version: str | None  # one of VERSIONS, or None when the document has no Version
    id: str | None
    statements: tuple[Statement, ...]
    findings: tuple[Finding, ...]
    size_chars: int  # characters without white space, as IAM counts them for its quotas
    _document: JsonObject
    _by_service: dict[str, tuple[Statement, ...]]
    _any_service: tuple[Statement, ...]
    _by_action: dict[str, tuple[Statement, ...]]
    _unlisted: dict[str, tuple[Statement, ...]]

    def __init__(self, kind, name, version, policy_id, statements, findings, size_chars, document):
        # The action index: service prefix -> the statements that can match it, in order; and for
        # an action some statement lists without a wildcard, the statements that can match it
        # (those listing it, those with wildcards for its service, those for any service).
        generic = tuple(s for s in statements if s.services is None)
        by_service: dict[str, list] = {}
        wild: dict[str, list] = {}  # service -> statements whose actions for it hold a wildcard
        listing: dict[str, list] = {}  # lower-case action -> statements that list it literally
        for statement in statements:
            for service in statement.services or ():
                by_service.setdefault(service, []).append(statement)
                if statement.action_literals is None:
                    wild.setdefault(service, []).append(statement)
            for action in statement.action_literals or ():
                listing.setdefault(action, []).append(statement)

        def in_order(*groups) -> tuple:
            return tuple(sorted(set().union(*groups), key=lambda s: s.index))

        self._set(
            kind=kind,
            name=name,
            version=version,
            id=policy_id,
            statements=statements,
            findings=findings,
            size_chars=size_chars,
            _document=document,
            _any_service=generic,
            _by_service={service: in_order(found, generic) for service, found in by_service.items()},
            _by_action={
                action: in_order(found, wild.get(action.split(":", 1)[0], ()), generic)
                for action, found in listing.items()
            },
            _unlisted={service: in_order(found, generic) for service, found in wild.items()},
        )

    @classmethod
    def from_json(cls, text_or_dict, *, kind: str | None = None, name: str | None = None) -> Policy:
        """Parse and validate a policy from JSON text or a dict.

        Args:
            text_or_dict: the policy document, as JSON text or a dict.
            kind: ``"identity"``, ``"resource"``, ``"scp"``, ``"boundary"``,
                ``"session"``, or ``None`` to infer it (a policy whose statements
                have ``Principal``/``NotPrincipal`` is a resource policy).
            name: an optional label shown in decisions and displays.

        Raises:
            PolicyError: AWS would reject the document; ``error.path`` locates it.
            TypeError: ``text_or_dict`` is neither str nor dict (or holds a non-JSON value).

        >>> Policy.from_json({"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]})
        Traceback (most recent call last):
        ...
        awsbasics.errors.PolicyError: Statement[0].Effect: 'Permit' is not an effect: use "Allow" or "Deny"
        """
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be str, not {type(name).__name__}")
        if kind is not None:
            if not isinstance(kind, str):
                raise TypeError(f"kind must be str or None, not {type(kind).__name__}")
            if kind not in KINDS:
                raise ValueError(f"kind {kind!r} is not a policy kind; use one of {', '.join(KINDS)} or None")
        try:
            if isinstance(text_or_dict, str):
                document = _load_text(text_or_dict)
                text = text_or_dict
            elif isinstance(text_or_dict, dict):
                document = _plain(text_or_dict, "")
                text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
                _check_size(text)
            else:
                raise TypeError(f"a policy is JSON text (str) or a dict, not {type(text_or_dict).__name__}")
            return _build(document, text, kind, name)
        except RecursionError:
            raise policy_error("", "the document is nested too deeply to be a policy") from None

    def with_kind(self, kind: str) -> Policy:
        """The same document validated as another kind (e.g. an identity policy used as an SCP)."""
        return Policy.from_json(self._document, kind=kind, name=self.name)

    @property
    def document(self) -> dict:
        """A copy of the parsed JSON document."""
        return json.loads(json.dumps(self._document))

    def to_json(self) -> str:
        """The document as indented JSON.

        >>> print(Policy.from_json({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}).to_json())
        {
          "Statement": {
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*"
          }
        }
        """
        return json.dumps(self._document, indent=2, ensure_ascii=False)

    def candidates(self, service: str, action_lower: str | None = None) -> tuple[Statement, ...]:
        """The statements whose actions can match a lower-case service prefix, or one lower-case action (the action index).

        With ``action_lower`` (which must be of ``service``), statements that list only other
        actions of the service without wildcards are left out as well.
        """
        if action_lower is None:
            return self._by_service.get(service, self._any_service)
        found = self._by_action.get(action_lower)
        if found is not None:
            return found
        return self._unlisted.get(service, self._any_service)

    def __eq__(self, other):
        return isinstance(other, Policy) and (self.kind, self.name, self._document) == (
            other.kind,
            other.name,
            other._document,
        )

    def __hash__(self):
        return hash((self.kind, self.name, json.dumps(self._document, sort_keys=True)))

    def __repr__(self) -> str:
        named = f", name={self.name!r}" if self.name is not None else ""
        compact = json.dumps(self._document, separators=(",", ":"), ensure_ascii=False)
        return f"Policy.from_json({compact!r}, kind={self.kind!r}{named})"

    _view_ = "iam.policy_view"

    def text(self) -> str:
        """One line (name, kind, statements, size, findings), the findings, then the JSON."""
        label = f"{self.name} " if self.name else ""
        count = len(self.statements)
        lines = [
            f"{label}{self.kind} policy, {count} statement{'s' if count != 1 else ''}, "
            f"{self.size_chars} characters without white space, {len(self.findings)} findings"
        ]
        if self.findings:
            rows = [[f.code, f.subject or "(policy)", f.message] for f in self.findings]
            lines.append(text_table(["finding", "path", "message"], rows))
        lines.append(self.to_json())
        return "\n".join(lines)


def _infer_kind(document: dict) -> str:
    statements = document.get("Statement")
    items = statements if isinstance(statements, list) else [statements]
    for item in items:
        if isinstance(item, dict) and ("Principal" in item or "NotPrincipal" in item):
            return "resource"
    return "identity"


def _check_keys(obj: JsonObject, path: str, allowed: tuple, what: str) -> None:
    if obj.duplicate is not None:
        raise policy_error(
            join(path, obj.duplicate), f"{what} has the key {obj.duplicate!r} twice; each key may appear once"
        )
    for key in obj:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the elements are {', '.join(allowed)}"
            raise policy_error(join(path, key), f"{key!r} is not a {what} element{hint}")


def _build(document, text: str, kind: str | None, name: str | None) -> Policy:
    # Every object in a document is a JsonObject (_load_text's object_pairs hook, or _plain's copy).
    if not isinstance(document, JsonObject):
        raise policy_error("", "a policy is a JSON object with a Statement element")
    _check_keys(document, "", _POLICY_KEYS, "policy")
    kind = kind or _infer_kind(document)
    findings: list[Finding] = []
    version = document.get("Version")
    if "Version" in document and version not in VERSIONS:
        raise policy_error("Version", f'{version!r} is not a policy language version; use "{CURRENT_VERSION}"')
    variables = version == CURRENT_VERSION
    if version is None:
        findings.append(
            Finding(
                "no-version",
                "warning",
                "",
                f"no Version: AWS reads the policy with the older rules, "
                f'so policy variables such as ${{aws:username}} are literal text; add "Version": "{CURRENT_VERSION}"',
            )
        )
    elif not variables:
        findings.append(
            Finding(
                "old-version",
                "warning",
                "Version",
                f'{version} is the older policy language: policy variables are literal text; use "{CURRENT_VERSION}"',
            )
        )
    policy_id = document.get("Id")
    if "Id" in document:
        if not isinstance(policy_id, str):
            raise policy_error("Id", f"{policy_id!r} is not a string")
        if kind in _IAM_KINDS:
            findings.append(
                Finding(
                    "id-in-identity-policy",
                    "warning",
                    "Id",
                    "the grammar reserves Id for resource-based "
                    "policies; identity-based policies should not include it",
                )
            )
    if kind in _IAM_KINDS:
        for where, string in _strings(document, ""):
            if not _IAM_CHARACTER.fullmatch(string):
                bad = next(c for c in string if not _IAM_CHARACTER.fullmatch(c))
                raise policy_error(
                    where,
                    f"character {bad!r} (U+{ord(bad):04X}) is not allowed: IAM policies may hold only "
                    "tab, line feed, carriage return and U+0020 to U+00FF",
                )
    if "Statement" not in document:
        raise policy_error("", "a policy needs a Statement element")
    raw_statements = document["Statement"]
    if isinstance(raw_statements, dict):
        items = [(raw_statements, "Statement")]
    elif isinstance(raw_statements, list):
        if not raw_statements:
            raise policy_error("Statement", "Statement is an empty list; a policy needs at least one statement")
        items = [(item, f"Statement[{i}]") for i, item in enumerate(raw_statements)]
    else:
        raise policy_error("Statement", "Statement must be an object or a list of objects")
    sids: set = set()
    statements = tuple(
        _statement(raw, index, path, kind, variables, findings, sids) for index, (raw, path) in enumerate(items)
    )
    size_chars = sum(1 for c in text if not c.isspace())
    size_findings(kind, size_chars, len(text), findings)
    return Policy(kind, name, version, policy_id, statements, tuple(findings), size_chars, document)


def _statement(raw, index, path, kind, variables, findings, sids) -> Statement:
    if not isinstance(raw, JsonObject):
        raise policy_error(path, "a statement is a JSON object with Effect, Action and Resource")
    _check_keys(raw, path, _STATEMENT_KEYS, "statement")
    sid = raw.get("Sid")
    if "Sid" in raw:
        if not isinstance(sid, str):
            raise policy_error(join(path, "Sid"), f"{sid!r} is not a string")
        if kind in _IAM_KINDS:
            if not _IAM_SID.fullmatch(sid):
                raise policy_error(join(path, "Sid"), f"{sid!r}: an IAM Sid holds only letters A-Z, a-z and digits 0-9")
            if sid and sid in sids:
                raise policy_error(
                    join(path, "Sid"), f"Sid {sid!r} is used twice; Sids must be unique within an IAM policy"
                )
            sids.add(sid)
    effect = raw.get("Effect")
    if "Effect" not in raw:
        raise policy_error(path, 'a statement needs an Effect, "Allow" or "Deny"')
    if effect not in _EFFECTS:
        close = [e for e in _EFFECTS if isinstance(effect, str) and e.lower() == effect.lower()]
        hint = f"; effects are case-sensitive, did you mean {close[0]!r}?" if close else ""
        raise policy_error(join(path, "Effect"), f'{effect!r} is not an effect: use "Allow" or "Deny"{hint}')

    action_element = _one_of(raw, path, "Action", "NotAction", required=True)
    actions, _ = _string_list(raw[action_element], join(path, action_element), action_element)
    for i, action in enumerate(actions):
        if action != "*" and not _ACTION.fullmatch(action):
            where = (
                join(join(path, action_element), i)
                if isinstance(raw[action_element], list)
                else join(path, action_element)
            )
            raise policy_error(
                where,
                f"{action!r} is not an action: actions are service:ActionName, "
                'e.g. "s3:GetObject" (wildcards * and ? allowed), or "*"',
            )

    resource_element = _one_of(raw, path, "Resource", "NotResource", required=kind != "resource")
    resources: tuple = ()
    if resource_element is not None:
        values, was_list = _string_list(raw[resource_element], join(path, resource_element), resource_element)
        base = join(path, resource_element)
        resources = tuple(
            resource_pattern(v, join(base, i) if was_list else base, variables, findings) for i, v in enumerate(values)
        )
        if not variables:
            _literal_variables(values, base, findings)

    principal_element = _one_of(raw, path, "Principal", "NotPrincipal", required=kind in _WITH_PRINCIPAL)
    principal = None
    if kind == "rcp" and (principal_element == "NotPrincipal" or raw.get("Principal") != "*"):
        # https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
        raise policy_error(
            join(path, principal_element),
            'an RCP statement names its principal as "*" (every '
            "principal, inside or outside the organization); narrow it with a Condition such as "
            "aws:PrincipalOrgID, not with Principal or NotPrincipal",
        )
    if principal_element is not None:
        if kind not in _WITH_PRINCIPAL:
            raise policy_error(
                join(path, principal_element),
                f"{principal_element} is not allowed in {_KIND_NAMES[kind]}: {_IMPLIED_PRINCIPAL[kind]}",
            )
        try:
            principal, errors = PrincipalSpec.parse(raw[principal_element], join(path, principal_element))
        except ValueError as exc:
            raise policy_error(join(path, principal_element), str(exc)) from None
        if errors:
            raise policy_error(*errors[0])
        if principal.unique_ids:
            findings.append(
                Finding(
                    "principal-unique-id",
                    "info",
                    join(path, principal_element),
                    f"{sorted(principal.unique_ids)[0]} is a unique ID: AWS shows one when the user "
                    "or role a policy named was deleted; it matches no one",
                )
            )

    conditions = (
        _conditions(raw.get("Condition"), join(path, "Condition"), variables, findings) if "Condition" in raw else ()
    )
    statement = Statement(
        index=index,
        path=path,
        sid=sid,
        effect=effect,
        action_element=action_element,
        actions=tuple(actions),
        resource_element=resource_element,
        resources=resources,
        principal_element=principal_element,
        principal=principal,
        conditions=conditions,
        raw=raw,
    )
    lint(statement, kind, findings)
    lint_actions(statement, findings)
    lint_conditions(statement, findings)
    return statement


@overload
def _one_of(raw: dict, path: str, positive: str, negative: str, *, required: Literal[True]) -> str: ...
@overload
def _one_of(raw: dict, path: str, positive: str, negative: str, *, required: bool) -> str | None: ...
def _one_of(raw: dict, path: str, positive: str, negative: str, *, required: bool) -> str | None:
    if positive in raw and negative in raw:
        raise policy_error(path, f"a statement has either {positive} or {negative}, not both")
    if positive in raw:
        return positive
    if negative in raw:
        return negative
    if required:
        raise policy_error(path, f"a statement needs {positive} or {negative}")
    return None


def _literal_variables(values, path, findings) -> None:
    if any("${" in v for v in values):
        findings.append(
            Finding(
                "literal-variable",
                "warning",
                path,
                f'${{...}} is literal text here: policy variables need "Version": "{CURRENT_VERSION}"',
            )
        )


def _conditions(raw, path: str, variables: bool, findings: list) -> tuple[Condition, ...]:
    if not isinstance(raw, JsonObject):
        raise policy_error(path, 'Condition must be an object: {"Operator": {"key": value}}')
    if raw.duplicate is not None:
        raise policy_error(
            join(path, raw.duplicate), f"the operator {raw.duplicate!r} appears twice in one Condition block"
        )
    conditions = []
    for operator, block in raw.items():
        where = join(path, operator)
        try:
            split_operator(operator)
        except ValueError as exc:
            raise policy_error(where, str(exc)) from None
        if not isinstance(block, JsonObject):
            raise policy_error(
                where, f'{operator} must map condition keys to values, e.g. {{"aws:SourceIp": "203.0.113.0/24"}}'
            )
        if block.duplicate is not None:
            raise policy_error(
                join(where, block.duplicate), f"the key {block.duplicate!r} appears twice under {operator}"
            )
        for key, values in block.items():
            key_path = join(where, key)
            if not _CONDITION_KEY.fullmatch(key):
                raise policy_error(
                    key_path,
                    f"{key!r} is not a condition key: keys are prefaced by a service, "
                    'e.g. "aws:SourceIp" or "s3:prefix"',
                )
            try:
                conditions.append(parse_condition(operator, key, values, path=key_path, variables=variables))
            except ValueError as exc:
                raise policy_error(key_path, str(exc)) from None
            if not variables:
                texts = values if isinstance(values, list) else [values]
                _literal_variables([v for v in texts if isinstance(v, str)], key_path, findings)
    return tuple(conditions)
