"""Saving and loading a whole VPC model: :func:`to_dict`, :func:`from_dict` and :func:`from_json`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from awsbasics._json import LongNumber, object_pairs
from awsbasics.errors import AwsRuleError
from awsbasics.infra import Region
from awsbasics.network.ipv6 import Ipv6Cidr

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC, Subnet

from awsbasics.network.vpc_io._common import (
    _DOCUMENT_KEYS,
    _INTERFACE_KEYS,
    _MAX_CHARS,
    _MAX_DEPTH,
    FORMAT,
    _address,
    _at,
    _check_plain,
    _error,
    _field,
    _join,
    _list,
    _objects,
    _Reader,
    _resource_id,
    _show,
    _text,
)
from awsbasics.network.vpc_io.aws_in import _KEYS, _OPTIONAL_KEYS, _build
from awsbasics.network.vpc_io.aws_out import to_aws

__all__ = ["to_dict", "from_dict", "from_json"]


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


def _saved_interface(saved, where: str, reader: _Reader) -> tuple[Subnet, list]:
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
            members = [_saved_interface(s, p, reader) for s, p in interfaces]
            shared = members[0][1] if members else ()
            if any(g != shared for _, g in members):
                raise _error(interfaces_at, "an interface endpoint's interfaces share its security groups")
            with _at(where):
                endpoint = vpc.add_interface_endpoint(
                    service, subnets=[s for s, _ in members], security_groups=shared, name=name
                )
            for interface, (saved_item, saved_at) in zip(endpoint.interfaces, interfaces):
                _restore(interface, saved_item, saved_at, reader)
        else:
            raise _error(_join(where, "kind"), f"{_show(kind)} is not an endpoint kind: 'gateway' or 'interface'")
        endpoint.id = reader.claim(_resource_id(item, "id", where, "vpce"), _join(where, "id"), endpoint, "endpoint")
    for table, gateway, prefix_list, path in reader.endpoint_routes:
        routed = reader.ref(gateway, path, "endpoint", "endpoint") if reader.has(gateway, "endpoint") else None
        if routed is None or table not in routed.route_tables or routed.prefix_list_id != prefix_list:
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
