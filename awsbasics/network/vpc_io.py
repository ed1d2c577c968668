"""A VPC model in and out: ``aws ec2 describe-*`` shapes and saved JSON documents.

The one door for a VPC's data. Call it through the model's methods:
``VPC.from_aws(...)`` and ``vpc.to_aws()`` read and write the responses of
``describe-vpcs``, ``describe-subnets``, ``describe-route-tables``,
``describe-internet-gateways``, ``describe-egress-only-internet-gateways``, ``describe-nat-gateways``,
``describe-security-groups`` and ``describe-network-acls`` — boto3 response
dicts (``{"Vpcs": [...]}``) or just their lists — keeping AWS's ids and
``Name`` tags, so a model round-trips::

    vpc = VPC.from_aws(vpcs=ec2.describe_vpcs(), subnets=ec2.describe_subnets(), ...)

What the model does not keep is listed in ``vpc.import_notes`` instead of being
dropped silently: routes to targets it does not model (network
interfaces, VPN gateways, peering connections and transit gateways whose other
side is not imported), prefix-list rules, NACL rules for other protocols, and
references to resources the responses given do not list.

``vpc.to_dict()`` / ``VPC.from_dict(...)`` (and ``to_json`` / ``from_json``)
save the whole model: the network part in the ``describe-*`` shapes (so a
saved model reads like AWS output), then instances, extra network interfaces,
Elastic IPs, endpoints and load balancers in their own sections. Peering
connections and transit gateways join several VPCs and are not part of one
VPC's document (their routes are listed in ``import_notes`` when it loads).

Documents are read defensively: JSON text is capped in size before it is
parsed (a library bound in ``awsbasics/data/vpc.json``), and a malformed or
nonsensical document — a missing or mistyped field, a duplicate key or id, a
NaN, nesting deeper than a saved VPC has, an unknown Region, an address that is
not an address, a reference to an id the document does not hold — raises a
:class:`~awsbasics.errors.VpcError` whose message starts with the JSON path of
the first problem (also in ``error.path``). A saved document holds only what
the model writes, so where :func:`from_aws` notes what it cannot model,
:func:`from_dict` refuses it. Nothing in a document is ever executed.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> _ = vpc.add_instance("web", vpc.add_subnet("10.0.0.0/24", az="az-a"))
    >>> VPC.from_json(vpc.to_json()).to_dict() == vpc.to_dict()
    True
    >>> VPC.from_json('{"format": "awsbasics.vpc/1", "region": "mars-east-9"}')
    Traceback (most recent call last):
    ...
    awsbasics.errors.VpcError: region: 'mars-east-9' is not a Region code: codes are lowercase area-direction-number, e.g. 'ap-northeast-2' (Seoul) or 'us-east-1'

This module reads and changes the model only through its public methods and
its documented internal API; it does not import :mod:`awsbasics.network.vpc`
(the model imports it when asked to load or save), so the readers take the
model's class as their first argument.

Source: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

import json
import math
import re
import reprlib
from contextlib import contextmanager
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._json import LongNumber, object_pairs
from awsbasics.errors import AwsRuleError, VpcError
from awsbasics.infra import AvailabilityZone, Region
from awsbasics.network.cidr import Cidr
from awsbasics.network.gateways import NatGateway
from awsbasics.network.ipv6 import Ipv6Cidr, is_ipv6
from awsbasics.network.security import (
    NACL_CATCH_ALL_RULE_NUMBER,
    PROTOCOL_NUMBERS,
    NaclRule,
    SgRule,
)

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC, RouteTable

__all__ = ["DOCUMENT_LIMITS", "FORMAT", "from_aws", "from_dict", "from_json", "to_aws", "to_dict"]

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


# ----- paths, values and errors ----------------------------------------------------------------


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
    error = VpcError(f"{path}: {message}" if path else message)
    error.path = path
    return error


@contextmanager
def _at(path: str):
    """Report a rule the model refuses while building ``path`` as a VpcError at that path."""
    try:
        yield
    except VpcError as exc:
        if getattr(exc, "path", None) is not None:
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


def _text(item: dict, key: str, path: str, *, required: bool = True, default=None) -> str | None:
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

    def ref(self, value, where: str, kind: str, what: str):
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


# ----- reading describe-* responses ------------------------------------------------------------


def _items(response, key: str, argument: str, root: str) -> list[tuple[dict, str]]:
    """(item, path) for each item of one describe response (or its list); ``argument`` names the parameter."""
    if response is None:
        return []
    path = f"{root}{key}"
    if isinstance(response, dict):
        if key not in response:
            keys = sorted(str(k) for k in response)
            raise _error(root.rstrip("."), f"expected the {key!r} list of a describe response, got keys {_show(keys)}")
        response = response[key]
        if not isinstance(response, list):
            raise _error(path, f"{_show(response)} is not a list")
    elif not isinstance(response, list):
        raise TypeError(f"{argument} must be a describe response (dict) or its list, not {type(response).__name__}")
    return _objects(response, path, f"one {key[:-1]} of a describe response")


def _mine(items, vid: str, reader: _Reader, what: str) -> list[tuple[dict, str]]:
    """The items of this VPC; in a saved document every item must be."""
    out = []
    for item, path in items:
        owner = item.get("VpcId")
        if owner == vid:
            out.append((item, path))
        elif reader.strict:
            raise _error(
                _join(path, "VpcId"),
                f"{_show(owner)} is not the saved VPC {vid!r}; a saved VPC holds only its own {what}",
            )
    if len(out) > _MAX_ITEMS:
        raise _error(
            items[0][1].rsplit("[", 1)[0],
            f"{len(out):,} {what} in one VPC; this library reads at most "
            f"{_MAX_ITEMS:,} (a safety bound, not an AWS quota)",
        )
    return out


def _name(item: dict, fallback: str, path: str) -> str:
    """The Name tag's value, else ``fallback``."""
    for tag, where in _objects(_list(item, "Tags", path), _join(path, "Tags"), "a tag with Key and Value"):
        if tag.get("Key") == "Name":
            value = _field(tag, "Value", where, (str, type(None)), required=False)
            if value and value.strip():
                return value
    return fallback


def _tags(name: str, id: str) -> list[dict]:
    return [] if name == id else [{"Key": "Name", "Value": name}]


def _unique_name(existing, wanted: str, fallback: str) -> str:
    return fallback if any(e.name == wanted for e in existing) else wanted


def _region_of(subnets: list[tuple[dict, str]]) -> str | None:
    """The Region of the subnets' AZs (None if none names a real AZ); subnets of two Regions are refused."""
    region, first = None, None
    for item, path in subnets:
        zone = item.get("AvailabilityZone")
        try:
            name = AvailabilityZone.parse(zone).name
        except (AwsRuleError, TypeError):
            continue
        if region is None:
            region, first = name[:-1], path
        elif name[:-1] != region:
            raise _error(
                _join(path, "AvailabilityZone"),
                f"{name!r} is in {name[:-1]}, but {first} is in {region}; a VPC and its subnets are in one Region",
            )
    return region


def _sg_rules(permission: dict, path: str, reader: _Reader, group_name: str) -> list[tuple]:
    """(protocol, ports, peer, path) for each peer of one IpPermissions entry."""
    raw = _field(permission, "IpProtocol", path, (str, int))
    protocol = _PROTOCOL_NAMES.get(str(raw))
    if protocol is None:
        reader.note(_join(path, "IpProtocol"), f"security group {group_name}: skipped a rule for protocol {_show(raw)}")
        return []
    if protocol in ("tcp", "udp"):
        ports = (_field(permission, "FromPort", path, int), _field(permission, "ToPort", path, int))
    else:
        ports = "all"
    peers = []
    for entry, where in _objects(_list(permission, "IpRanges", path), _join(path, "IpRanges"), "an object with CidrIp"):
        peers.append((_text(entry, "CidrIp", where), _join(where, "CidrIp")))
    pairs = _join(path, "UserIdGroupPairs")
    for entry, where in _objects(_list(permission, "UserIdGroupPairs", path), pairs, "an object with GroupId"):
        group_id = _resource_id(entry, "GroupId", where, "sg")
        if not reader.has(group_id, "sg"):
            reader.note(
                _join(where, "GroupId"),
                f"security group {group_name}: skipped a rule for group {group_id}, which is not in the data",
            )
            continue
        peers.append((group_id, _join(where, "GroupId")))
    ranges = _join(path, "Ipv6Ranges")
    for entry, where in _objects(_list(permission, "Ipv6Ranges", path), ranges, "an object with CidrIpv6"):
        peers.append((_text(entry, "CidrIpv6", where), _join(where, "CidrIpv6")))
    if _list(permission, "PrefixListIds", path):
        reader.note(path, f"security group {group_name}: prefix-list peers are not modelled")
    return [(protocol, ports, peer, where) for peer, where in peers]


def from_aws(
    vpc_class: type[VPC],
    *,
    vpcs,
    subnets=None,
    route_tables=None,
    internet_gateways=None,
    nat_gateways=None,
    security_groups=None,
    network_acls=None,
    vpc_id: str | None = None,
    egress_only_internet_gateways=None,
) -> VPC:
    """The model (a ``vpc_class``) of one VPC in ``describe-*`` responses; call it as ``VPC.from_aws(...)``.

    Args:
        vpcs: ``describe-vpcs`` output.
        vpc_id: Which VPC to build; needed when the response lists several
            (e.g. an account's default VPC beside yours).
        subnets, route_tables, internet_gateways, nat_gateways, security_groups,
        network_acls, egress_only_internet_gateways: The other ``describe-*``
            outputs (optional). IPv6 blocks of the VPC and its subnets, IPv6
            routes, security group and network ACL rules are kept.

    Raises:
        VpcError: no such VPC, several without ``vpc_id``, or data that is
            malformed or breaks a rule the model checks; the message starts
            with the path of the problem (``Subnets[2].CidrBlock``), also in
            ``error.path``.
        TypeError: an argument is not a describe response, its list or ``None``.
    """
    responses = {
        "vpcs": vpcs,
        "subnets": subnets,
        "route_tables": route_tables,
        "internet_gateways": internet_gateways,
        "nat_gateways": nat_gateways,
        "security_groups": security_groups,
        "network_acls": network_acls,
        "egress_only_internet_gateways": egress_only_internet_gateways,
    }
    if vpc_id is not None and not isinstance(vpc_id, str):
        raise TypeError(f"vpc_id must be str or None, not {type(vpc_id).__name__}")
    try:
        return _build(vpc_class, responses, vpc_id=vpc_id, reader=_Reader(strict=False), root="", region=None)
    except RecursionError:
        raise _error("", "the data is nested too deeply to be describe output") from None


_KEYS = {
    "vpcs": "Vpcs",
    "subnets": "Subnets",
    "route_tables": "RouteTables",
    "internet_gateways": "InternetGateways",
    "nat_gateways": "NatGateways",
    "security_groups": "SecurityGroups",
    "network_acls": "NetworkAcls",
}
# Lists a response or a saved document may leave out (older saved documents have none).
_OPTIONAL_KEYS = {"egress_only_internet_gateways": "EgressOnlyInternetGateways"}


def _build(vpc_class, responses: dict, *, vpc_id, reader: _Reader, root: str, region: str | None) -> VPC:
    lists = {arg: _items(responses.get(arg), key, arg, root) for arg, key in {**_KEYS, **_OPTIONAL_KEYS}.items()}
    all_vpcs = lists["vpcs"]
    if vpc_id is None:
        if len(all_vpcs) != 1:
            ids = _show([str(v.get("VpcId", "?")) for v, _ in all_vpcs]) if all_vpcs else "none"
            raise _error(
                f"{root}Vpcs",
                f"the response lists {len(all_vpcs)} VPCs ({ids}); pass vpc_id= to choose one"
                if not reader.strict
                else f"a saved VPC lists exactly one VPC, not {len(all_vpcs)}",
            )
        source, path = all_vpcs[0]
    else:
        found = [(v, p) for v, p in all_vpcs if v.get("VpcId") == vpc_id]
        if not found:
            raise VpcError(f"no VPC {vpc_id!r} in the describe-vpcs response")
        source, path = found[0]
    vid = _resource_id(source, "VpcId", path, "vpc")
    reader.claim(vid, _join(path, "VpcId"))
    subnet_items = _mine(lists["subnets"], vid, reader, "subnets")
    inferred = _region_of(subnet_items)  # a saved Region wins; add_subnet() then checks every AZ against it
    cidr = _text(source, "CidrBlock", path)
    with _at(path):
        vpc = vpc_class(cidr, name=_name(source, vid, path), region=region or inferred)
    vpc.id = vid
    associations = _join(path, "CidrBlockAssociationSet")
    for association, where in _objects(
        _list(source, "CidrBlockAssociationSet", path), associations, "an object with CidrBlock"
    ):
        block = _text(association, "CidrBlock", where)
        state = _field(association, "CidrBlockState", where, (dict, type(None)), required=False) or {}
        if (
            _field(state, "State", _join(where, "CidrBlockState"), str, required=False, default="associated")
            != "associated"
        ):
            continue
        if block != str(vpc.cidr):
            with _at(_join(where, "CidrBlock")):
                vpc.add_cidr_block(block)
    for block, where in _ipv6_associations(source, path):
        with _at(where):
            vpc.assign_ipv6_cidr_block(block)

    by_id = reader.by_id
    for item, where in subnet_items:
        sid = _resource_id(item, "SubnetId", where, "subnet")
        name = _unique_name(vpc.subnets, _name(item, sid, where), sid)
        block, zone = _text(item, "CidrBlock", where), _text(item, "AvailabilityZone", where)
        with _at(where):
            subnet = vpc.add_subnet(block, az=zone, name=name)
        subnet.id = reader.claim(sid, _join(where, "SubnetId"), subnet, "subnet")
        for ipv6_block, place in _ipv6_associations(item, where):
            with _at(place):
                subnet.assign_ipv6_cidr_block(ipv6_block)

    detached = set()
    for item, where in lists["internet_gateways"]:
        gid = _resource_id(item, "InternetGatewayId", where, "igw")
        attachments = _objects(
            _list(item, "Attachments", where), _join(where, "Attachments"), "an object with VpcId and State"
        )
        if any(a.get("VpcId") == vid and a.get("State") in ("available", "attached") for a, _ in attachments):
            with _at(where):
                gateway = vpc.add_internet_gateway(_name(item, gid, where))
            gateway.id = reader.claim(gid, _join(where, "InternetGatewayId"), gateway, "igw")
        elif reader.strict and attachments:
            raise _error(
                _join(where, "Attachments"),
                f"internet gateway {gid} is not attached to {vid}; a saved VPC holds only its own",
            )
        else:
            detached.add(gid)

    for item, where in lists["egress_only_internet_gateways"]:
        gid = _resource_id(item, "EgressOnlyInternetGatewayId", where, "eigw")
        attachments = _objects(
            _list(item, "Attachments", where), _join(where, "Attachments"), "an object with VpcId and State"
        )
        if any(a.get("VpcId") == vid and a.get("State") in ("attached", "available") for a, _ in attachments):
            with _at(where):
                gateway = vpc.add_egress_only_internet_gateway(_name(item, gid, where))
            gateway.id = reader.claim(gid, _join(where, "EgressOnlyInternetGatewayId"), gateway, "eigw")
        elif reader.strict:
            raise _error(
                _join(where, "Attachments"),
                f"egress-only internet gateway {gid} is not attached to {vid}; a saved VPC holds only its own",
            )

    _import_security_groups(vpc, _mine(lists["security_groups"], vid, reader, "security groups"), reader)
    _import_network_acls(vpc, _mine(lists["network_acls"], vid, reader, "network ACLs"), reader)

    tables = _mine(lists["route_tables"], vid, reader, "route tables")
    main_seen, associated = None, {}
    for item, where in tables:
        tid = _resource_id(item, "RouteTableId", where, "rtb")
        entries = _objects(
            _list(item, "Associations", where), _join(where, "Associations"), "an object with Main or SubnetId"
        )
        main = any(_field(a, "Main", p, bool, required=False, default=False) for a, p in entries)
        name = _name(item, tid, where)
        if main:
            if main_seen is not None:
                raise _error(
                    _join(where, "Associations"), f"{main_seen} is already the main route table; a VPC has one"
                )
            main_seen = where
            table = vpc.main_route_table
            table.name = name
        else:
            with _at(where):
                table = vpc.add_route_table(_unique_name(vpc.route_tables, name, tid))
        table.id = reader.claim(tid, _join(where, "RouteTableId"), table, "rtb")
        for association, place in entries:
            subnet_id = _field(association, "SubnetId", place, (str, type(None)), required=False)
            if subnet_id is None:
                continue
            if not reader.has(subnet_id, "subnet"):
                reader.note(
                    _join(place, "SubnetId"), f"route table {table.name}: its subnet {subnet_id} is not in the data"
                )
                continue
            if subnet_id in associated:
                raise _error(
                    _join(place, "SubnetId"),
                    f"subnet {subnet_id} is already associated at "
                    f"{associated[subnet_id]}; a subnet has one route table",
                )
            associated[subnet_id] = place
            table.associate(by_id[subnet_id])
    # Internet gateway routes first: whether a NAT gateway's subnet is public depends on them.
    for item, where in tables:
        _import_routes(by_id[item["RouteTableId"]], item, where, reader, detached, gateways_only=True)
    for item, where in _mine(lists["nat_gateways"], vid, reader, "NAT gateways"):
        nid = _resource_id(item, "NatGatewayId", where, "nat")
        if _field(item, "State", where, str, required=False, default="available") in ("deleted", "deleting", "failed"):
            continue
        _import_nat_gateway(vpc, item, nid, where, reader)
    for item, where in tables:
        _import_routes(by_id[item["RouteTableId"]], item, where, reader, detached, gateways_only=False)
    # The main route table, default network ACL and default group the data did not list keep the ids the
    # model made up; a saved document always lists them.
    for obj, what, key in (
        (vpc.main_route_table, "main route table (an association with Main true)", "RouteTables"),
        (vpc.default_network_acl, "default network ACL (IsDefault true)", "NetworkAcls"),
        (vpc.default_security_group, "default security group (GroupName 'default')", "SecurityGroups"),
    ):
        if reader.by_id.get(obj.id) is obj:
            continue
        if reader.strict:
            raise _error(f"{root}{key}", f"no {what}; a VPC always has one and a saved VPC lists it")
        if obj.id in reader.ids:
            raise _error(
                reader.ids[obj.id],
                f"the id {obj.id!r} is the one this model gives the {what.split(' (')[0]} "
                "the data does not list; give the resource another id",
            )
    vpc.import_notes = tuple(reader.notes)
    return vpc


def _ipv6_associations(item: dict, path: str) -> list[tuple[str, str]]:
    """(block, path) of each associated IPv6 block in an ``Ipv6CidrBlockAssociationSet``."""
    out = []
    key = "Ipv6CidrBlockAssociationSet"
    for association, where in _objects(_list(item, key, path), _join(path, key), "an object with Ipv6CidrBlock"):
        state = _field(association, "Ipv6CidrBlockState", where, (dict, type(None)), required=False) or {}
        if (
            _field(state, "State", _join(where, "Ipv6CidrBlockState"), str, required=False, default="associated")
            != "associated"
        ):
            continue
        out.append((_text(association, "Ipv6CidrBlock", where), _join(where, "Ipv6CidrBlock")))
    return out


def _import_security_groups(vpc: VPC, items: list[tuple[dict, str]], reader: _Reader) -> None:
    groups, default_at = [], None
    for item, where in items:
        gid = _resource_id(item, "GroupId", where, "sg")
        name = _text(item, "GroupName", where)
        description = _field(item, "Description", where, str, required=False, default="")
        if name == "default":
            if default_at is not None:
                raise _error(_join(where, "GroupName"), f"{default_at} is already the default group; a VPC has one")
            default_at = where
            group = vpc.default_security_group
        else:
            if any(g.name == name for g in vpc.security_groups):
                raise _error(
                    _join(where, "GroupName"),
                    f"the group name {name!r} is used twice; AWS keeps group names unique within a VPC",
                )
            with _at(where):
                group = vpc.add_security_group(name, description=description)
        group.id = reader.claim(gid, _join(where, "GroupId"), group, "sg")
        group.description = description or group.description
        for rule in group.rules:  # the response lists every rule the group has, its defaults too
            group.revoke(rule)
        groups.append((group, item, where))
    for group, item, where in groups:
        for key, method, peer_key in (
            ("IpPermissions", group.allow_inbound, "source"),
            ("IpPermissionsEgress", group.allow_outbound, "destination"),
        ):
            permissions = _join(where, key)
            for permission, path in _objects(_list(item, key, where), permissions, "an IpPermissions entry"):
                for protocol, ports, peer, place in _sg_rules(permission, path, reader, group.name):
                    with _at(place):
                        method(ports, protocol=protocol, **{peer_key: peer})


def _import_network_acls(vpc: VPC, items: list[tuple[dict, str]], reader: _Reader) -> None:
    default_at, associated = None, {}
    for item, where in items:
        aid = _resource_id(item, "NetworkAclId", where, "acl")
        if _field(item, "IsDefault", where, bool, required=False, default=False):
            if default_at is not None:
                raise _error(
                    _join(where, "IsDefault"), f"{default_at} is already the default network ACL; a VPC has one"
                )
            default_at = where
            acl = vpc.default_network_acl
            acl.name = _name(item, "default", where)
        else:
            with _at(where):
                acl = vpc.add_network_acl(_unique_name(vpc.network_acls, _name(item, aid, where), aid))
        acl.id = reader.claim(aid, _join(where, "NetworkAclId"), acl, "acl")
        for rule in acl.rules:  # the response lists every rule the ACL has, its defaults too
            if rule.number is not None:
                acl.remove_rule(rule.number, direction=rule.direction)
        for entry, path in _objects(_list(item, "Entries", where), _join(where, "Entries"), "a network ACL entry"):
            number = _field(entry, "RuleNumber", path, int)
            egress = _field(entry, "Egress", path, bool)
            action = _field(entry, "RuleAction", path, str)
            if number == NACL_CATCH_ALL_RULE_NUMBER:
                if action != "deny":
                    raise _error(
                        _join(path, "RuleAction"),
                        f"{_show(action)}: rule {number} is the final * rule, which always denies",
                    )
                continue
            raw = _field(entry, "Protocol", path, (str, int))
            protocol = _PROTOCOL_NAMES.get(str(raw))
            if protocol is None:
                reader.note(
                    _join(path, "Protocol"),
                    f"network ACL {acl.name}: rule {number} for protocol {_show(raw)} is not modelled",
                )
                continue
            ports = "all"
            port_range = _field(entry, "PortRange", path, (dict, type(None)), required=False)
            if protocol in ("tcp", "udp") and port_range:
                where_ports = _join(path, "PortRange")
                ports = (_field(port_range, "From", where_ports, int), _field(port_range, "To", where_ports, int))
            cidr = _text(
                entry, "Ipv6CidrBlock" if "CidrBlock" not in entry and "Ipv6CidrBlock" in entry else "CidrBlock", path
            )
            with _at(path):
                acl.add_rule(
                    number,
                    direction="outbound" if egress else "inbound",
                    action=action,
                    ports=ports,
                    protocol=protocol,
                    cidr=cidr,
                )
        for association, path in _objects(
            _list(item, "Associations", where), _join(where, "Associations"), "an object with SubnetId"
        ):
            subnet_id = _field(association, "SubnetId", path, str)
            if not reader.has(subnet_id, "subnet"):
                reader.note(
                    _join(path, "SubnetId"), f"network ACL {acl.name}: its subnet {subnet_id} is not in the data"
                )
                continue
            if subnet_id in associated:
                raise _error(
                    _join(path, "SubnetId"),
                    f"subnet {subnet_id} is already associated at "
                    f"{associated[subnet_id]}; a subnet has one network ACL",
                )
            associated[subnet_id] = path
            acl.associate(reader.by_id[subnet_id])


def _import_nat_gateway(vpc: VPC, item: dict, nid: str, where: str, reader: _Reader) -> None:
    subnet_id = _field(item, "SubnetId", where, str)
    if not reader.has(subnet_id, "subnet"):
        reader.note(_join(where, "SubnetId"), f"NAT gateway {nid}: its subnet {subnet_id} is not in the data")
        return
    subnet = reader.by_id[subnet_id]
    addresses = _objects(
        _list(item, "NatGatewayAddresses", where),
        _join(where, "NatGatewayAddresses"),
        "an object with AllocationId, PublicIp and PrivateIp",
    )
    first, path = addresses[0] if addresses else ({}, _join(where, "NatGatewayAddresses"))
    name = _unique_name(vpc.nat_gateways, _name(item, nid, where), nid)
    public_ip = _field(first, "PublicIp", path, (str, type(None)), required=False)
    private_ip = _field(first, "PrivateIp", path, (str, type(None)), required=False)
    allocation = _field(first, "AllocationId", path, (str, type(None)), required=False)
    interface_id = _field(first, "NetworkInterfaceId", path, (str, type(None)), required=False)
    if public_ip:
        _address(public_ip, _join(path, "PublicIp"))
    if private_ip:
        _address(private_ip, _join(path, "PrivateIp"))
    if allocation:
        _resource_id(first, "AllocationId", path, "eipalloc")
    if interface_id:
        _resource_id(first, "NetworkInterfaceId", path, "eni")
    connectivity = _field(item, "ConnectivityType", where, str, required=False, default="public")
    if connectivity not in ("public", "private"):
        raise _error(_join(where, "ConnectivityType"), f"{_show(connectivity)} is not 'public' or 'private'")
    if connectivity == "private" and (public_ip or allocation):
        raise _error(path, "a private NAT gateway has no Elastic IP, but this one lists one")
    # AWS lets a public NAT gateway sit in a private subnet (it then cannot reach the
    # internet); the import keeps it, and reachability reports NAT_IN_PRIVATE_SUBNET.
    with _at(where):
        vpc._check_free_address(subnet)
        elastic_ip = (
            vpc.allocate_elastic_ip(_unique_name(vpc.elastic_ips, f"eip-{name}", f"eip-{nid}"))
            if connectivity == "public"
            else None
        )
    if public_ip and elastic_ip is not None:
        with _at(_join(path, "PublicIp")):
            vpc._claim_elastic_ip(elastic_ip, public_ip)
    if allocation and elastic_ip is not None:
        elastic_ip.id = reader.claim(allocation, _join(path, "AllocationId"), elastic_ip, "eip")
    interface = vpc._new_interface(subnet, name=f"eni-{name}", security_groups=[], kind="nat_gateway")
    if private_ip and subnet.cidr.contains(private_ip):
        with _at(_join(path, "PrivateIp")):
            vpc._claim_address(interface, private_ip)
    elif private_ip:
        reader.note(
            _join(path, "PrivateIp"),
            f"NAT gateway {name}: private address {private_ip} is outside its "
            f"subnet {subnet.cidr}; the model gives it {interface.private_ip}",
        )
    if interface_id:
        interface.id = reader.claim(interface_id, _join(path, "NetworkInterfaceId"), interface, "eni")
    gateway = vpc._register(
        NatGateway(
            vpc=vpc,
            id=nid,
            name=name,
            subnet=subnet,
            elastic_ip=elastic_ip,
            interface=interface,
            connectivity=connectivity,
        )
    )
    reader.claim(nid, _join(where, "NatGatewayId"), gateway, "nat")


def _import_routes(
    table: RouteTable, item: dict, where: str, reader: _Reader, detached: set, *, gateways_only: bool
) -> None:
    for route, path in _objects(_list(item, "Routes", where), _join(where, "Routes"), "a route"):
        destination = _field(route, "DestinationCidrBlock", path, (str, type(None)), required=False) or _field(
            route, "DestinationIpv6CidrBlock", path, (str, type(None)), required=False
        )
        targets = {k: _field(route, k, path, (str, type(None)), required=False) for k in _ROUTE_TARGET_KEYS}
        gateway = targets["GatewayId"]
        if gateway == "local":
            continue
        is_igw = bool(gateway and gateway.startswith("igw-"))
        if gateways_only != is_igw:
            continue
        key, target_id = next(((k, v) for k, v in targets.items() if v and k in _TARGET_KEYS.values()), (None, None))
        if destination is None:
            prefix_list = _field(route, "DestinationPrefixListId", path, (str, type(None)), required=False)
            if prefix_list and gateway and gateway.startswith("vpce-") and reader.strict:
                reader.endpoint_routes.append((table, gateway, prefix_list, path))  # checked once endpoints load
                continue
            reader.note(path, f"route table {table.name}: route to {prefix_list} is not modelled")
            continue
        if key in ("VpcPeeringConnectionId", "TransitGatewayId") or (is_igw and gateway in detached):
            # Not part of one VPC's document (another VPC's side), or a detached gateway: kept as a note.
            reader.notes.append(f"route table {table.name}: route {destination} -> {target_id} skipped")
            continue
        target = reader.by_id.get(target_id) if reader.kinds.get(target_id) in ("igw", "nat", "eigw") else None
        if target is None:
            reader.note(
                path, f"route table {table.name}: route {destination} -> {target_id or 'an unmodelled target'} skipped"
            )
            continue
        with _at(path):
            table.add_route(destination, target)


# ----- writing describe-* responses ------------------------------------------------------------


def _permission(rule: SgRule) -> dict:
    permission: dict = {"IpProtocol": PROTOCOL_NUMBERS["all"] if rule.protocol == "all" else rule.protocol}
    if rule.protocol in ("tcp", "udp"):
        permission.update(FromPort=rule.from_port, ToPort=rule.to_port)
    if rule.peer.startswith("sg-"):
        permission.update(IpRanges=[], UserIdGroupPairs=[{"GroupId": rule.peer}])
    elif is_ipv6(rule.peer):
        permission.update(IpRanges=[], Ipv6Ranges=[{"CidrIpv6": rule.peer}], UserIdGroupPairs=[])
    else:
        permission.update(IpRanges=[{"CidrIp": rule.peer}], UserIdGroupPairs=[])
    return permission


def _entry(rule: NaclRule) -> dict:
    entry = {
        "RuleNumber": NACL_CATCH_ALL_RULE_NUMBER if rule.number is None else rule.number,
        "Protocol": PROTOCOL_NUMBERS[rule.protocol],
        "RuleAction": rule.action,
        "Egress": rule.direction == "outbound",
        ("Ipv6CidrBlock" if is_ipv6(rule.cidr) else "CidrBlock"): rule.cidr,
    }
    if rule.protocol in ("tcp", "udp"):
        entry["PortRange"] = {"From": rule.from_port, "To": rule.to_port}
    return entry


def _route(route) -> dict:
    out = {"State": route.state}
    if isinstance(route.destination, Cidr):
        out["DestinationCidrBlock"] = str(route.destination)
    elif isinstance(route.destination, Ipv6Cidr):
        out["DestinationIpv6CidrBlock"] = str(route.destination)
    if route.target == "local":
        out["GatewayId"] = "local"
    else:
        out[_TARGET_KEYS[route.target_kind]] = route.target.id
        if route.service is not None:  # a gateway endpoint's route goes to its prefix list
            out["DestinationPrefixListId"] = route.destination
    return out


def _nat(n, vid: str) -> dict:
    if n.connectivity == "private":
        addresses = [{"PrivateIp": n.private_ip, "NetworkInterfaceId": n.interface.id}]
    else:
        addresses = [
            {
                "AllocationId": n.elastic_ip.id,
                "PublicIp": n.public_ip,
                "PrivateIp": n.private_ip,
                "NetworkInterfaceId": n.interface.id,
            }
        ]
    out = {
        "NatGatewayId": n.id,
        "VpcId": vid,
        "SubnetId": n.subnet.id,
        "State": "available",
        "NatGatewayAddresses": addresses,
        "Tags": _tags(n.name, n.id),
    }
    if n.connectivity == "private":
        out["ConnectivityType"] = "private"
    return out


def to_aws(vpc: VPC) -> dict:
    """The model as ``describe-*`` responses: ``{"Vpcs": [...], "Subnets": [...], ...}``; call it as ``vpc.to_aws()``."""
    vid = vpc.id
    main = vpc.main_route_table
    out = {
        "Vpcs": [
            {
                "VpcId": vid,
                "CidrBlock": str(vpc.cidr),
                "CidrBlockAssociationSet": [
                    {"CidrBlock": str(b), "CidrBlockState": {"State": "associated"}} for b in vpc.cidr_blocks
                ],
                **(
                    {
                        "Ipv6CidrBlockAssociationSet": [
                            {
                                "Ipv6CidrBlock": str(b),
                                "Ipv6CidrBlockState": {"State": "associated"},
                                "Ipv6Pool": "Amazon",
                            }
                            for b in vpc.ipv6_cidr_blocks
                        ]
                    }
                    if vpc.ipv6_cidr_blocks
                    else {}
                ),
                "Tags": _tags(vpc.name, vid),
            }
        ],
        "Subnets": [
            {
                "SubnetId": s.id,
                "VpcId": vid,
                "CidrBlock": str(s.cidr),
                "AvailabilityZone": s.az,
                **(
                    {
                        "Ipv6CidrBlockAssociationSet": [
                            {"Ipv6CidrBlock": str(s.ipv6_cidr), "Ipv6CidrBlockState": {"State": "associated"}}
                        ]
                    }
                    if s.ipv6_cidr is not None
                    else {}
                ),
                "Tags": _tags(s.name, s.id),
            }
            for s in vpc.subnets
        ],
        "RouteTables": [
            {
                "RouteTableId": t.id,
                "VpcId": vid,
                "Routes": [_route(r) for r in t.routes],
                "Associations": ([{"Main": True, "RouteTableId": t.id}] if t is main else [])
                + [{"Main": False, "RouteTableId": t.id, "SubnetId": s.id} for s in t.explicit_subnets],
                "Tags": _tags(t.name, t.id),
            }
            for t in vpc.route_tables
        ],
        "InternetGateways": [
            {
                "InternetGatewayId": g.id,
                "Attachments": [{"VpcId": vid, "State": "available"}] if g.attached else [],
                "Tags": _tags(g.name, g.id),
            }
            for g in vpc.internet_gateways
        ],
        "NatGateways": [_nat(n, vid) for n in vpc.nat_gateways],
        "SecurityGroups": [
            {
                "GroupId": g.id,
                "GroupName": g.name,
                "Description": g.description,
                "VpcId": vid,
                "IpPermissions": [_permission(r) for r in g.inbound()],
                "IpPermissionsEgress": [_permission(r) for r in g.outbound()],
            }
            for g in vpc.security_groups
        ],
        "NetworkAcls": [
            {
                "NetworkAclId": a.id,
                "VpcId": vid,
                "IsDefault": a.is_default,
                "Entries": [_entry(r) for r in a.rules],
                "Associations": [{"NetworkAclId": a.id, "SubnetId": s.id} for s in a.subnets],
                "Tags": _tags(a.name, a.id),
            }
            for a in vpc.network_acls
        ],
    }
    if vpc.egress_only_internet_gateway is not None:
        gateway = vpc.egress_only_internet_gateway
        out["EgressOnlyInternetGateways"] = [
            {
                "EgressOnlyInternetGatewayId": gateway.id,
                "Attachments": [{"VpcId": vid, "State": "attached"}],
                "Tags": _tags(gateway.name, gateway.id),
            }
        ]
    return out


# ----- saved documents ---------------------------------------------------------------------------


def _interface(interface) -> dict:
    out = {
        "id": interface.id,
        "name": interface.name,
        "subnet": interface.subnet.id,
        "private_ip": interface.private_ip,
        "public_ip": interface.auto_public_ip,
        "security_groups": [g.id for g in interface.security_groups],
    }
    if interface.ipv6_address is not None:
        out["ipv6_address"] = interface.ipv6_address
    return out


def to_dict(vpc: VPC) -> dict:
    """The whole VPC as JSON-ready data; call it as ``vpc.to_dict()``."""
    nat_ips = {n.elastic_ip.id for n in vpc.nat_gateways if n.elastic_ip is not None}
    instance_interfaces = {i.id for inst in vpc.instances for i in inst.interfaces}
    return {
        "format": FORMAT,
        "name": vpc.name,
        "region": vpc.region,
        "aws": to_aws(vpc),
        "elastic_ips": [
            {"id": e.id, "name": e.name, "public_ip": e.public_ip, "interface": e.interface.id if e.interface else None}
            for e in vpc.elastic_ips
            if e.id not in nat_ips
        ],
        "instances": [
            {"id": i.id, "name": i.name, "os": i.os, "interfaces": [_interface(n) for n in i.interfaces]}
            for i in vpc.instances
        ],
        "network_interfaces": [
            _interface(n) for n in vpc.network_interfaces if n.kind == "detached" and n.id not in instance_interfaces
        ],
        "endpoints": [
            {
                "id": e.id,
                "name": e.name,
                "service": e.service,
                "kind": e.kind,
                "route_tables": [t.id for t in e.route_tables],
                "interfaces": [_interface(n) for n in e.interfaces],
            }
            for e in vpc.endpoints
        ],
        "load_balancers": [
            {
                "id": b.id,
                "name": b.name,
                "kind": b.kind,
                "scheme": b.scheme,
                "subnets": [s.id for s in b.subnets],
                "security_groups": [g.id for g in b.security_groups],
                "interfaces": [_interface(n) for n in b.interfaces],
                "target_groups": [
                    {"name": g.name, "port": g.port, "targets": [t.id for t in g.targets]} for g in b.target_groups
                ],
                "listeners": [
                    {
                        "port": listener.port,
                        "protocol": listener.protocol,
                        "default": listener.default.name,
                        "rules": [
                            {
                                "priority": r.priority,
                                "host": r.host,
                                "path": r.path,
                                "target_group": r.target_group.name,
                            }
                            for r in listener.rules
                        ],
                    }
                    for listener in b.listeners
                ],
            }
            for b in vpc.load_balancers
        ],
    }


def _restore(interface, saved: dict, where: str, reader: _Reader) -> None:
    """Give a recreated interface its saved id and addresses."""
    interface.id = reader.claim(_resource_id(saved, "id", where, "eni"), _join(where, "id"), interface, "eni")
    public_ip = _field(saved, "public_ip", where, (str, type(None)))
    private_ip = _field(saved, "private_ip", where, str)
    if public_ip is not None:
        _address(public_ip, _join(where, "public_ip"))
    _address(private_ip, _join(where, "private_ip"))
    with _at(_join(where, "public_ip")):
        interface.vpc._claim_public_ip(interface, public_ip)
    with _at(_join(where, "private_ip")):
        interface.vpc._claim_address(interface, private_ip)
    ipv6 = _field(saved, "ipv6_address", where, (str, type(None)), required=False)
    if ipv6 is not None:
        place = _join(where, "ipv6_address")
        subnet = interface.subnet
        try:
            offset = Ipv6Cidr.parse(ipv6 + "/128").network - subnet.ipv6_cidr.network if subnet.ipv6_cidr else -1
        except (AwsRuleError, TypeError):
            raise _error(place, f"{_show(ipv6)} is not an IPv6 address") from None
        if subnet.ipv6_cidr is None or not 0 <= offset < subnet.ipv6_cidr.num_addresses:
            raise _error(place, f"{_show(ipv6)} is not inside subnet {subnet.name}'s IPv6 block {subnet.ipv6_cidr}")
        holder = next(
            (i for i in interface.vpc.network_interfaces if i is not interface and i.ipv6_address == ipv6), None
        )
        if holder is not None:
            raise _error(place, f"{ipv6} is already {holder.name}'s; an address belongs to one network interface")
        interface.ipv6_address = ipv6
        subnet._next_ipv6 = max(subnet._next_ipv6, offset + 1)


def _saved_interface(saved, where: str, reader: _Reader) -> tuple[object, list]:
    """The subnet and security groups of one saved interface (checked, nothing built)."""
    _keys(saved, where, _INTERFACE_KEYS, "a saved network interface")
    _text(saved, "name", where)
    subnet = reader.ref(_field(saved, "subnet", where, str), _join(where, "subnet"), "subnet", "subnet")
    groups_at = _join(where, "security_groups")
    groups = [
        reader.ref(g, _join(groups_at, i), "sg", "security group")
        for i, g in enumerate(_list(saved, "security_groups", where, required=True))
    ]
    return subnet, groups


def _keys(item: dict, where: str, allowed: tuple, what: str) -> None:
    for key in item:
        if key not in allowed:
            raise _error(_join(where, key), f"{_show(key)} is not a field of {what} (fields: {', '.join(allowed)})")


def _section(document: dict, key: str, what: str, fields: tuple) -> list[tuple[dict, str]]:
    items = _objects(_list(document, key, ""), key, what)
    for item, where in items:
        _keys(item, where, fields, what)
    return items


def from_dict(vpc_class: type[VPC], document: dict) -> VPC:
    """Rebuild a VPC (a ``vpc_class``) from :func:`to_dict` data; call it as ``VPC.from_dict(document)``.

    Raises:
        VpcError: the document is not a saved VPC, is malformed (a missing or
            mistyped field, a duplicate id, a reference to an id it does not
            hold, more than the library's size bounds), or breaks a rule of the
            model. The message starts with the JSON path of the first problem,
            also in ``error.path``.
        TypeError: ``document`` is not a dict.
    """
    if not isinstance(document, dict):
        raise TypeError(f"a saved VPC is a dict, not {type(document).__name__}")
    try:
        _check_plain(document, _MAX_CHARS)
        return _load(vpc_class, document)
    except RecursionError:
        raise _error("", "the document is nested too deeply to be a saved VPC") from None


def _load(vpc_class: type[VPC], document: dict) -> VPC:
    if document.get("format") != FORMAT:
        raise _error(
            "format" if "format" in document else "",
            f"not a saved VPC: expected format {FORMAT!r}, got {_show(document.get('format'))}",
        )
    _keys(document, "", _DOCUMENT_KEYS, "a saved VPC")
    region = _field(document, "region", "", (str, type(None)), required=False)
    if region is not None:
        with _at("region"):
            Region.get(region)
    aws = _field(document, "aws", "", dict)
    for key in aws:
        if key not in _KEYS.values() and key not in _OPTIONAL_KEYS.values():
            raise _error(
                _join("aws", key), f"{_show(key)} is not a describe list of a saved VPC ({', '.join(_KEYS.values())})"
            )
    responses = {arg: _field(aws, key, "aws", list) for arg, key in _KEYS.items()}
    responses.update({arg: _field(aws, key, "aws", list, required=False) for arg, key in _OPTIONAL_KEYS.items()})
    reader = _Reader(strict=True)
    vpc = _build(vpc_class, responses, vpc_id=None, reader=reader, root="aws.", region=region)
    name = _text(document, "name", "", required=False)
    if name is not None and name != vpc.name:
        raise _error("name", f"{_show(name)} is not the name the VPC's Name tag gives ({vpc.name!r})")

    for item, where in _section(document, "instances", "a saved instance", ("id", "name", "os", "interfaces")):
        interfaces = _objects(
            _list(item, "interfaces", where, required=True), _join(where, "interfaces"), "a saved network interface"
        )
        if not interfaces:
            raise _error(_join(where, "interfaces"), "an empty list; an instance has a primary network interface")
        (first, first_at), *extra = interfaces
        subnet, groups = _saved_interface(first, first_at, reader)
        name, os = _text(item, "name", where), _text(item, "os", where)
        with _at(where):
            instance = vpc.add_instance(name, subnet, security_groups=groups, os=os)
        instance.id = reader.claim(_resource_id(item, "id", where, "i"), _join(where, "id"), instance, "instance")
        _restore(instance.primary_interface, first, first_at, reader)
        for saved, saved_at in extra:
            subnet, groups = _saved_interface(saved, saved_at, reader)
            with _at(saved_at):
                interface = vpc.add_network_interface(subnet, name=saved["name"], security_groups=groups)
            _restore(interface, saved, saved_at, reader)
            with _at(saved_at):
                vpc.attach_network_interface(interface, instance)
    for saved, where in _section(document, "network_interfaces", "a saved network interface", _INTERFACE_KEYS):
        subnet, groups = _saved_interface(saved, where, reader)
        with _at(where):
            interface = vpc.add_network_interface(subnet, name=saved["name"], security_groups=groups)
        _restore(interface, saved, where, reader)
    for item, where in _section(
        document, "elastic_ips", "a saved Elastic IP", ("id", "name", "public_ip", "interface")
    ):
        eid = _resource_id(item, "id", where, "eipalloc")
        name = _text(item, "name", where)
        public_ip = _address(_field(item, "public_ip", where, str), _join(where, "public_ip"))
        target = _field(item, "interface", where, (str, type(None)))
        with _at(where):
            eip = vpc.allocate_elastic_ip(name)
        eip.id = reader.claim(eid, _join(where, "id"), eip, "eip")
        with _at(_join(where, "public_ip")):
            vpc._claim_elastic_ip(eip, public_ip)
        if target is not None:
            interface = reader.ref(target, _join(where, "interface"), "eni", "network interface")
            with _at(_join(where, "interface")):
                vpc.associate_elastic_ip(eip, interface)
    for item, where in _section(
        document, "endpoints", "a saved endpoint", ("id", "name", "service", "kind", "route_tables", "interfaces")
    ):
        kind, service, name = _text(item, "kind", where), _text(item, "service", where), _text(item, "name", where)
        tables_at, interfaces_at = _join(where, "route_tables"), _join(where, "interfaces")
        tables = [
            reader.ref(t, _join(tables_at, i), "rtb", "route table")
            for i, t in enumerate(_list(item, "route_tables", where, required=True))
        ]
        interfaces = _objects(
            _list(item, "interfaces", where, required=True), interfaces_at, "a saved network interface"
        )
        if kind == "gateway":
            if interfaces:
                raise _error(interfaces_at, "a gateway endpoint has no network interfaces")
            with _at(where):
                endpoint = vpc.add_gateway_endpoint(service, route_tables=tables, name=name)
        elif kind == "interface":
            if tables:
                raise _error(tables_at, "an interface endpoint is reached through its interfaces, not route tables")
            saved = [_saved_interface(s, p, reader) for s, p in interfaces]
            groups = saved[0][1] if saved else ()
            if any(g != groups for _, g in saved):
                raise _error(interfaces_at, "an interface endpoint's interfaces share its security groups")
            with _at(where):
                endpoint = vpc.add_interface_endpoint(
                    service, subnets=[s for s, _ in saved], security_groups=groups, name=name
                )
            for interface, (saved_item, saved_at) in zip(endpoint.interfaces, interfaces):
                _restore(interface, saved_item, saved_at, reader)
        else:
            raise _error(_join(where, "kind"), f"{_show(kind)} is not an endpoint kind: 'gateway' or 'interface'")
        endpoint.id = reader.claim(_resource_id(item, "id", where, "vpce"), _join(where, "id"), endpoint, "endpoint")
    for table, gateway, prefix_list, path in reader.endpoint_routes:
        endpoint = reader.by_id.get(gateway) if reader.has(gateway, "endpoint") else None
        if endpoint is None or table not in endpoint.route_tables or endpoint.prefix_list_id != prefix_list:
            raise _error(
                path,
                f"a route to {_show(prefix_list)} through {_show(gateway)}, which no saved gateway "
                "endpoint of this route table adds",
            )
    lb_fields = (
        "id",
        "name",
        "kind",
        "scheme",
        "subnets",
        "security_groups",
        "interfaces",
        "target_groups",
        "listeners",
    )
    for item, where in _section(document, "load_balancers", "a saved load balancer", lb_fields):
        _load_balancer(vpc, item, where, reader)
    vpc.import_notes = tuple(reader.notes)
    return vpc


def _load_balancer(vpc: VPC, item: dict, where: str, reader: _Reader) -> None:
    name, kind, scheme = _text(item, "name", where), _text(item, "kind", where), _text(item, "scheme", where)
    subnets_at, groups_at = _join(where, "subnets"), _join(where, "security_groups")
    subnets = [
        reader.ref(s, _join(subnets_at, i), "subnet", "subnet")
        for i, s in enumerate(_list(item, "subnets", where, required=True))
    ]
    groups = [
        reader.ref(g, _join(groups_at, i), "sg", "security group")
        for i, g in enumerate(_list(item, "security_groups", where, required=True))
    ]
    interfaces_at = _join(where, "interfaces")
    interfaces = _objects(_list(item, "interfaces", where, required=True), interfaces_at, "a saved network interface")
    if len(interfaces) != len(subnets):
        raise _error(
            interfaces_at,
            f"{len(interfaces)} interfaces for {len(subnets)} subnets; a load balancer has one "
            "interface in each of its subnets",
        )
    for (saved, saved_at), subnet in zip(interfaces, subnets):
        if _saved_interface(saved, saved_at, reader)[0] is not subnet:
            raise _error(
                _join(saved_at, "subnet"),
                f"{_show(saved.get('subnet'))} is not {subnet.id}, the subnet at "
                "the same place in the load balancer's subnets",
            )
    with _at(where):
        balancer = vpc.add_load_balancer(name, kind=kind, scheme=scheme, subnets=subnets, security_groups=groups)
    balancer.id = reader.claim(_resource_id(item, "id", where, "elb"), _join(where, "id"), balancer, "lb")
    for interface, (saved, saved_at) in zip(balancer.interfaces, interfaces):
        _restore(interface, saved, saved_at, reader)
    target_groups = {}
    groups_at = _join(where, "target_groups")
    for group, path in _objects(_list(item, "target_groups", where, required=True), groups_at, "a saved target group"):
        _keys(group, path, ("name", "port", "targets"), "a saved target group")
        targets_at = _join(path, "targets")
        targets = [
            reader.ref(t, _join(targets_at, i), "instance", "instance")
            for i, t in enumerate(_list(group, "targets", path, required=True))
        ]
        group_name = _text(group, "name", path)
        port = _field(group, "port", path, int)
        with _at(path):
            target_groups[group_name] = balancer.add_target_group(group_name, port=port, targets=targets)
    listeners_at = _join(where, "listeners")
    for saved, path in _objects(_list(item, "listeners", where, required=True), listeners_at, "a saved listener"):
        _keys(saved, path, ("port", "protocol", "default", "rules"), "a saved listener")
        default = _text(saved, "default", path)
        if default not in target_groups:
            raise _error(_join(path, "default"), f"{_show(default)} names no target group of this load balancer")
        port, protocol = _field(saved, "port", path, int), _text(saved, "protocol", path)
        with _at(path):
            listener = balancer.add_listener(port, protocol=protocol, default=target_groups[default])
        for rule, place in _objects(_list(saved, "rules", path, required=True), _join(path, "rules"), "a saved rule"):
            _keys(rule, place, ("priority", "host", "path", "target_group"), "a saved listener rule")
            group_name = _text(rule, "target_group", place)
            if group_name not in target_groups:
                raise _error(
                    _join(place, "target_group"), f"{_show(group_name)} names no target group of this load balancer"
                )
            priority = _field(rule, "priority", place, int)
            host = _field(rule, "host", place, (str, type(None)))
            rule_path = _field(rule, "path", place, (str, type(None)))
            with _at(place):
                listener.add_rule(priority, host=host, path=rule_path, target_group=target_groups[group_name])


# ----- JSON text ---------------------------------------------------------------------------------


def _reject_constant(name: str):
    raise _error("", f"{name} is not JSON: a saved VPC holds strings, numbers, booleans, lists and objects")


def _parse_int(digits: str):
    if len(digits) > 20:  # far beyond any port or rule number; _check_plain reports it with its path
        return LongNumber(digits)
    return int(digits)


def from_json(vpc_class: type[VPC], text: str) -> VPC:
    """A VPC (a ``vpc_class``) from :meth:`VPC.to_json` text; call it as ``VPC.from_json(text)``.

    The text is refused above this library's size cap before it is parsed;
    duplicate keys, ``NaN`` and nesting deeper than a saved VPC has are refused
    with their path.

    Raises:
        VpcError: see :func:`from_dict`; also text that is not JSON.
        TypeError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"from_json() takes JSON text, not {type(text).__name__}")
    if len(text) > _MAX_CHARS:
        raise _error(
            "",
            f"the text is {len(text):,} characters, more than this library's safety cap of "
            f"{_MAX_CHARS:,} for a saved VPC (not an AWS quota)",
        )
    try:
        document = json.loads(
            text, object_pairs_hook=object_pairs, parse_constant=_reject_constant, parse_int=_parse_int
        )
    except json.JSONDecodeError as exc:
        raise _error("", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise _error("", f"the JSON is nested too deeply to be a saved VPC (at most {_MAX_DEPTH} levels)") from None
    if not isinstance(document, dict):
        raise _error("", f"a saved VPC is a JSON object, not {type(document).__name__}")
    return from_dict(vpc_class, document)
