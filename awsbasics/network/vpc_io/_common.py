"""What every reader and writer of a VPC's data shares: the format, its bounds, JSON paths, values and errors."""

from __future__ import annotations

import json
import math
import re
import reprlib
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, overload

from awsbasics import data
from awsbasics._json import LongNumber
from awsbasics.errors import AwsRuleError, VpcError
from awsbasics.network.cidr import Cidr
from awsbasics.network.security import (
    PROTOCOL_NUMBERS,
)

if TYPE_CHECKING:
    from awsbasics.network.gateways import VpcEndpoint
    from awsbasics.network.vpc import NetworkInterface, RouteTable, Subnet


FORMAT = "awsbasics.vpc/1"
# This library's safety bounds on a document (not AWS quotas; see vpc.json's note).
DOCUMENT_LIMITS: dict = data.value("vpc", "saved_document_limits")
_MAX_CHARS: int = DOCUMENT_LIMITS["max_chars"]
_MAX_DEPTH: int = DOCUMENT_LIMITS["max_depth"]
_MAX_ITEMS: int = DOCUMENT_LIMITS["max_list_items"]
_PROTOCOL_NAMES = {number: name for name, number in PROTOCOL_NUMBERS.items()}
_PROTOCOL_NAMES.update({name: name for name in PROTOCOL_NUMBERS})
# The EC2 API's key for a route's target, by the model's target kind.
_TARGET_KEYS = {
    "internet gateway": "GatewayId",
    "egress-only internet gateway": "EgressOnlyInternetGatewayId",
    "gateway endpoint": "GatewayId",
    "NAT gateway": "NatGatewayId",
    "peering connection": "VpcPeeringConnectionId",
    "transit gateway": "TransitGatewayId",
}
_ROUTE_TARGET_KEYS = (
    "GatewayId",
    "NatGatewayId",
    "VpcPeeringConnectionId",
    "TransitGatewayId",
    "NetworkInterfaceId",
    "InstanceId",
    "VpcEndpointId",
    "LocalGatewayId",
    "CarrierGatewayId",
    "EgressOnlyInternetGatewayId",
    "CoreNetworkArn",
)
_PATH_KEY = re.compile(r"[A-Za-z0-9_-]+")
# The sections of a saved document and the keys of their items.
_DOCUMENT_KEYS = (
    "format",
    "name",
    "region",
    "aws",
    "elastic_ips",
    "instances",
    "network_interfaces",
    "endpoints",
    "load_balancers",
)
_INTERFACE_KEYS = ("id", "name", "subnet", "private_ip", "public_ip", "security_groups", "ipv6_address")


class _Repr(reprlib.Repr):
    """reprlib that shows a huge int by its size (Python refuses to print one of more than 4,300 digits)."""

    def repr_int(self, x, level):
        if x.bit_length() > 64:
            return f"<an int of {x.bit_length():,} bits>"
        return super().repr_int(x, level)


_REPR = _Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 6


def _show(value) -> str:
    """A short quote of a value for a message."""
    return _REPR.repr(value)


def _join(path: str, key) -> str:
    """The JSON path of ``key`` (a list index or an object key) inside ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not _PATH_KEY.fullmatch(key):
        return f"{path}[{json.dumps(key[:60], ensure_ascii=True)}]"
    return f"{path}.{key}" if path else key


def _error(path: str, message: str) -> VpcError:
    """A VpcError whose message starts with ``path`` and whose ``.path`` is ``path``."""
    return VpcError(f"{path}: {message}" if path else message, path)


@contextmanager
def _at(path: str):
    """Report a rule the model refuses while building ``path`` as a VpcError at that path."""
    try:
        yield
    except VpcError as exc:
        if exc.path is not None:
            raise
        raise _error(path, str(exc)) from None
    except (AwsRuleError, TypeError) as exc:  # a document value of the wrong kind is a document error
        raise _error(path, str(exc)) from None


_KIND_WORDS = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def _kind(value, kinds: tuple) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    return any(isinstance(value, k) for k in kinds if k is not bool)


def _field(item: dict, key: str, path: str, kinds, *, required: bool = True, default=None):
    """``item[key]`` if it is one of ``kinds``; a VpcError at its path if missing or of another kind."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    where = _join(path, key)
    if key not in item:
        if required:
            raise _error(where, f"this required field is missing ({' or '.join(_KIND_WORDS[k] for k in kinds)})")
        return default
    value = item[key]
    if not _kind(value, kinds):
        raise _error(
            where, f"{_show(value)} is {type(value).__name__}, not {' or '.join(_KIND_WORDS[k] for k in kinds)}"
        )
    return value


@overload
def _text(item: dict, key: str, path: str) -> str: ...
@overload
def _text(item: dict, key: str, path: str, *, required: bool, default: str | None = None) -> str | None: ...
def _text(item: dict, key: str, path: str, *, required: bool = True, default: str | None = None) -> str | None:
    """A non-empty string field."""
    value = _field(item, key, path, str, required=required, default=default)
    if isinstance(value, str) and not value.strip():
        raise _error(_join(path, key), "an empty string; give a value")
    return value


def _list(item: dict, key: str, path: str, *, required: bool = False) -> list:
    """A list field (missing or null is an empty list unless required), at most _MAX_ITEMS long."""
    kinds = list if required else (list, type(None))
    value = _field(item, key, path, kinds, required=required, default=None) or []
    if len(value) > _MAX_ITEMS:
        raise _error(
            _join(path, key),
            f"{len(value):,} items; this library reads at most {_MAX_ITEMS:,} per list "
            "(a safety bound, not an AWS quota)",
        )
    return value


def _objects(values: list, path: str, what: str) -> list[tuple[dict, str]]:
    """(item, path) for each item of a list that must hold objects."""
    out = []
    for index, value in enumerate(values):
        where = _join(path, index)
        if not isinstance(value, dict):
            raise _error(where, f"{_show(value)} is not an object; each item is {what}")
        out.append((value, where))
    return out


def _integer(item: dict, key: str, path: str, low: int, high: int, what: str) -> int:
    value = _field(item, key, path, int)
    if not low <= value <= high:
        raise _error(_join(path, key), f"{_show(value)} is outside {low}-{high}, {what}")
    return value


def _address(value: str, where: str) -> str:
    """An IPv4 address in its canonical dotted form."""
    try:
        block = Cidr.parse(f"{value}/32")
    except (AwsRuleError, TypeError):
        raise _error(where, f"{_show(value)} is not an IPv4 address (four numbers 0-255 separated by dots)") from None
    if str(block)[:-3] != value:
        raise _error(where, f"{_show(value)}: write the address as {str(block)[:-3]!r}")
    return value


def _resource_id(item: dict, key: str, path: str, prefix: str) -> str:
    """An AWS-style id (``prefix-`` then letters and digits)."""
    value = _text(item, key, path)
    if not re.fullmatch(rf"{re.escape(prefix)}-[0-9A-Za-z]{{1,64}}", value):
        raise _error(
            _join(path, key),
            f"{_show(value)} is not an id of this kind: it is '{prefix}-' followed by up to 64 letters and digits",
        )
    return value


class _Reader:
    """The state of one import: ids seen, resources by id, notes, and whether anything unmodelled is an error."""

    def __init__(self, *, strict: bool):
        self.strict = strict  # a saved document: what from_aws would note is an error
        self.ids: dict[str, str] = {}  # id -> the path that claimed it
        self.by_id: dict[str, object] = {}
        self.kinds: dict[str, str] = {}  # id -> "subnet", "sg", "rtb", ...
        self.notes: list[str] = []
        self.endpoint_routes: list[tuple] = []  # saved gateway endpoint routes, checked once the endpoints load

    def claim(self, value: str, where: str, obj=None, kind: str = "") -> str:
        if value in self.ids:
            raise _error(where, f"the id {value!r} is used twice (first at {self.ids[value]}); ids are unique")
        self.ids[value] = where
        if obj is not None:
            self.by_id[value], self.kinds[value] = obj, kind
        return value

    def has(self, value, kind: str) -> bool:
        return isinstance(value, str) and self.kinds.get(value) == kind

    def note(self, where: str, message: str) -> None:
        """What the model does not keep: a note from describe output, an error in a saved document."""
        if self.strict:
            raise _error(where, f"{message}; a saved VPC holds only what the model writes")
        self.notes.append(message)

    # What a kind holds: claim() records each object with its kind, so the kind names the type.
    @overload
    def ref(self, value: object, where: str, kind: Literal["subnet"], what: str) -> Subnet: ...
    @overload
    def ref(self, value: object, where: str, kind: Literal["rtb"], what: str) -> RouteTable: ...
    @overload
    def ref(self, value: object, where: str, kind: Literal["eni"], what: str) -> NetworkInterface: ...
    @overload
    def ref(self, value: object, where: str, kind: Literal["endpoint"], what: str) -> VpcEndpoint: ...
    @overload
    def ref(self, value: object, where: str, kind: str, what: str) -> object: ...
    def ref(self, value: object, where: str, kind: str, what: str) -> object:
        """The resource an id names; a VpcError if it names nothing of that kind."""
        if not isinstance(value, str):
            raise _error(where, f"{_show(value)} is {type(value).__name__}, not text (the id of {what})")
        if self.kinds.get(value) != kind:
            raise _error(where, f"{_show(value)} names no {what} in the document")
        return self.by_id[value]


def _check_plain(document, limit_chars: int) -> None:
    """Refuse a saved document that is not plain JSON data of a bounded size: first problem in document order."""
    stack = [(document, "", 0)]
    size = 0
    while stack:
        value, path, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise _error(
                path,
                f"nested more than {_MAX_DEPTH} levels deep; a saved VPC is a few levels deep "
                "(a safety bound, not an AWS quota)",
            )
        size += 1
        if isinstance(value, dict):
            duplicate = getattr(value, "duplicate", None)
            if duplicate is not None:
                raise _error(
                    _join(path, duplicate),
                    f"the key {duplicate!r} appears twice in one object; each key may appear once",
                )
            children = []
            for key, item in value.items():
                if not isinstance(key, str):
                    raise _error(path, f"the key {_show(key)} is {type(key).__name__}; JSON object keys are text")
                size += len(key)
                children.append((item, _join(path, key), depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(item, _join(path, i), depth + 1) for i, item in enumerate(value)]))
        elif isinstance(value, LongNumber):
            raise _error(path, f"a number of {len(value):,} digits; a saved VPC's numbers are ports and rule numbers")
        elif isinstance(value, str):
            size += len(value)
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            if value.bit_length() > 64:
                raise _error(path, f"{_show(value)}: a saved VPC's numbers are ports and rule numbers")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise _error(path, f"{value!r} is not a JSON number")
        else:
            raise _error(path, f"{type(value).__name__} is not a JSON value ({_show(value)})")
        if size > limit_chars:
            raise _error(
                path,
                f"the document holds more than {limit_chars:,} characters of data, this library's "
                "safety cap (not an AWS quota)",
            )


def _tags(name: str, id: str) -> list[dict]:
    return [] if name == id else [{"Key": "Name", "Value": name}]
