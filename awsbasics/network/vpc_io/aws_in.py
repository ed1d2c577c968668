"""Reading ``aws ec2 describe-*`` responses into a VPC model: :func:`from_aws`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.errors import AwsRuleError, VpcError
from awsbasics.infra import AvailabilityZone
from awsbasics.network.gateways import NatGateway
from awsbasics.network.security import (
    NACL_CATCH_ALL_RULE_NUMBER,
)

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC, RouteTable

from awsbasics.network.vpc_io._common import (
    _MAX_ITEMS,
    _PROTOCOL_NAMES,
    _ROUTE_TARGET_KEYS,
    _TARGET_KEYS,
    _address,
    _at,
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

__all__ = ["from_aws"]


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


def _unique_name(existing, wanted: str, fallback: str) -> str:
    return fallback if any(e.name == wanted for e in existing) else wanted


def _region_of(subnets: list[tuple[dict, str]]) -> str | None:
    """The Region of the subnets' AZs (None if none names a real AZ); subnets of two Regions are refused."""
    region, first = None, None
    for item, path in subnets:
        zone = item.get("AvailabilityZone")
        if not isinstance(zone, str):
            continue
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
    ports: tuple[int, int] | str
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
    main_seen: str | None = None
    associated: dict[str, str] = {}
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
            table.associate(reader.ref(subnet_id, _join(place, "SubnetId"), "subnet", "subnet"))
    # Internet gateway routes first: whether a NAT gateway's subnet is public depends on them.
    for item, where in tables:
        table = reader.ref(item["RouteTableId"], _join(where, "RouteTableId"), "rtb", "route table")
        _import_routes(table, item, where, reader, detached, gateways_only=True)
    for item, where in _mine(lists["nat_gateways"], vid, reader, "NAT gateways"):
        nid = _resource_id(item, "NatGatewayId", where, "nat")
        if _field(item, "State", where, str, required=False, default="available") in ("deleted", "deleting", "failed"):
            continue
        _import_nat_gateway(vpc, item, nid, where, reader)
    for item, where in tables:
        table = reader.ref(item["RouteTableId"], _join(where, "RouteTableId"), "rtb", "route table")
        _import_routes(table, item, where, reader, detached, gateways_only=False)
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
    default_at: str | None = None
    associated: dict[str, str] = {}
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
            ports: tuple[int, int] | str = "all"
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
            acl.associate(reader.ref(subnet_id, _join(path, "SubnetId"), "subnet", "subnet"))


def _import_nat_gateway(vpc: VPC, item: dict, nid: str, where: str, reader: _Reader) -> None:
    subnet_id = _field(item, "SubnetId", where, str)
    if not reader.has(subnet_id, "subnet"):
        reader.note(_join(where, "SubnetId"), f"NAT gateway {nid}: its subnet {subnet_id} is not in the data")
        return
    subnet = reader.ref(subnet_id, _join(where, "SubnetId"), "subnet", "subnet")
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
        kind = reader.kinds.get(target_id) if target_id is not None else None
        target = reader.by_id.get(target_id) if target_id is not None and kind in ("igw", "nat", "eigw") else None
        if target is None:
            reader.note(
                path, f"route table {table.name}: route {destination} -> {target_id or 'an unmodelled target'} skipped"
            )
            continue
        with _at(path):
            table.add_route(destination, target)
