"""A VPC model in and out: ``aws ec2 describe-*`` shapes and saved JSON documents.

The one door for a VPC's data. Call it through the model's methods:
``VPC.from_aws(...)`` and ``vpc.to_aws()`` read and write the responses of
``describe-vpcs``, ``describe-subnets``, ``describe-route-tables``,
``describe-internet-gateways``, ``describe-nat-gateways``,
``describe-security-groups`` and ``describe-network-acls`` — boto3 response
dicts (``{"Vpcs": [...]}``) or just their lists — keeping AWS's ids and
``Name`` tags, so a model round-trips::

    vpc = VPC.from_aws(vpcs=ec2.describe_vpcs(), subnets=ec2.describe_subnets(), ...)

What the model does not keep is listed in ``vpc.import_notes`` instead of being
dropped silently: IPv6 rules, routes to targets it does not model (network
interfaces, VPN gateways, peering connections and transit gateways whose other
side is not imported), prefix-list rules, and NACL rules for other protocols.

``vpc.to_dict()`` / ``VPC.from_dict(...)`` (and ``to_json`` / ``from_json``)
save the whole model: the network part in the ``describe-*`` shapes (so a
saved model reads like AWS output), then instances, extra network interfaces,
Elastic IPs, endpoints and load balancers in their own sections. Peering
connections and transit gateways join several VPCs and are not part of one
VPC's document.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> _ = vpc.add_instance("web", vpc.add_subnet("10.0.0.0/24", az="az-a"))
    >>> VPC.from_json(vpc.to_json()).to_dict() == vpc.to_dict()
    True

This module reads and changes the model only through its public methods and
its documented internal API; it does not import :mod:`awsbasics.network.vpc`
(the model imports it when asked to load or save), so the readers take the
model's class as their first argument.

Source: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.errors import AwsRuleError, VpcError
from awsbasics.infra import AvailabilityZone
from awsbasics.network.cidr import Cidr
from awsbasics.network.gateways import NatGateway
from awsbasics.network.security import NACL_CATCH_ALL_RULE_NUMBER, PROTOCOL_NUMBERS, NaclRule, SgRule

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC, RouteTable

__all__ = ["from_aws", "to_aws", "from_dict", "to_dict", "FORMAT"]

FORMAT = "awsbasics.vpc/1"
_PROTOCOL_NAMES = {number: name for name, number in PROTOCOL_NUMBERS.items()}
_PROTOCOL_NAMES.update({name: name for name in PROTOCOL_NUMBERS})
# The EC2 API's key for a route's target, by the model's target kind.
_TARGET_KEYS = {
    "internet gateway": "GatewayId",
    "gateway endpoint": "GatewayId",
    "NAT gateway": "NatGatewayId",
    "peering connection": "VpcPeeringConnectionId",
    "transit gateway": "TransitGatewayId",
}


# ----- reading describe-* responses ------------------------------------------------------------


def _items(response, key: str) -> list[dict]:
    if response is None:
        return []
    if isinstance(response, dict):
        if key not in response:
            raise VpcError(f"expected the {key!r} list of a describe response, got keys {sorted(response)}")
        response = response[key]
    if not isinstance(response, list) or not all(isinstance(i, dict) for i in response):
        raise TypeError(f"{key} must be a describe response or a list of dicts")
    return response


def _name(item: dict, fallback: str) -> str:
    for tag in item.get("Tags") or []:
        if tag.get("Key") == "Name" and tag.get("Value"):
            return tag["Value"]
    return fallback


def _tags(name: str, id: str) -> list[dict]:
    return [] if name == id else [{"Key": "Name", "Value": name}]


def _unique_name(existing, wanted: str, fallback: str) -> str:
    return fallback if any(e.name == wanted for e in existing) else wanted


def _region_of(subnets: list[dict]) -> str | None:
    for subnet in subnets:
        zone = subnet.get("AvailabilityZone", "")
        try:
            return AvailabilityZone.parse(zone).name[:-1]
        except AwsRuleError:
            return None
    return None


def _sg_rules(permission: dict, notes: list, group_name: str) -> list[tuple]:
    """(protocol, ports, peer) for each peer of one IpPermissions entry."""
    protocol = _PROTOCOL_NAMES.get(str(permission.get("IpProtocol")))
    if protocol is None:
        notes.append(f"security group {group_name}: skipped a rule for protocol {permission.get('IpProtocol')}")
        return []
    if protocol in ("tcp", "udp"):
        ports = (permission["FromPort"], permission["ToPort"])
    else:
        ports = "all"
    peers = [r["CidrIp"] for r in permission.get("IpRanges") or []]
    peers += [p["GroupId"] for p in permission.get("UserIdGroupPairs") or []]
    if permission.get("Ipv6Ranges") or permission.get("PrefixListIds"):
        notes.append(f"security group {group_name}: IPv6 and prefix-list peers are not modelled")
    return [(protocol, ports, peer) for peer in peers]


def from_aws(vpc_class: type[VPC], *, vpcs, subnets=None, route_tables=None, internet_gateways=None,
             nat_gateways=None, security_groups=None, network_acls=None, vpc_id: str | None = None) -> VPC:
    """The model (a ``vpc_class``) of one VPC in ``describe-*`` responses; call it as ``VPC.from_aws(...)``.

    Args:
        vpcs: ``describe-vpcs`` output.
        vpc_id: Which VPC to build; needed when the response lists several
            (e.g. an account's default VPC beside yours).
        subnets, route_tables, internet_gateways, nat_gateways, security_groups,
        network_acls: The other ``describe-*`` outputs (optional).

    Raises:
        VpcError: no such VPC, several without ``vpc_id``, or data that breaks
            a rule the model checks (the message says which).
    """
    all_vpcs = _items(vpcs, "Vpcs")
    if vpc_id is None:
        if len(all_vpcs) != 1:
            ids = ", ".join(v.get("VpcId", "?") for v in all_vpcs) or "none"
            raise VpcError(f"the response lists {len(all_vpcs)} VPCs ({ids}); pass vpc_id= to choose one")
        source = all_vpcs[0]
    else:
        source = next((v for v in all_vpcs if v.get("VpcId") == vpc_id), None)
        if source is None:
            raise VpcError(f"no VPC {vpc_id!r} in the describe-vpcs response")
    vid = source["VpcId"]
    mine = lambda items: [i for i in items if i.get("VpcId") == vid]  # noqa: E731
    subnet_items = mine(_items(subnets, "Subnets"))
    notes: list[str] = []
    vpc = vpc_class(source["CidrBlock"], name=_name(source, vid), region=_region_of(subnet_items))
    vpc.id = vid
    for association in source.get("CidrBlockAssociationSet") or []:
        state = (association.get("CidrBlockState") or {}).get("State", "associated")
        if association["CidrBlock"] != source["CidrBlock"] and state == "associated":
            vpc.add_cidr_block(association["CidrBlock"])

    by_id = {}
    for item in subnet_items:
        name = _unique_name(vpc.subnets, _name(item, item["SubnetId"]), item["SubnetId"])
        subnet = vpc.add_subnet(item["CidrBlock"], az=item["AvailabilityZone"], name=name)
        subnet.id = item["SubnetId"]
        by_id[subnet.id] = subnet

    for item in _items(internet_gateways, "InternetGateways"):
        if any(a.get("VpcId") == vid and a.get("State") in ("available", "attached") for a in item.get("Attachments") or []):
            gateway = vpc.add_internet_gateway(_name(item, item["InternetGatewayId"]))
            gateway.id = item["InternetGatewayId"]
            by_id[gateway.id] = gateway

    _import_security_groups(vpc, mine(_items(security_groups, "SecurityGroups")), by_id, notes)
    _import_network_acls(vpc, mine(_items(network_acls, "NetworkAcls")), by_id, notes)

    tables = mine(_items(route_tables, "RouteTables"))
    for item in tables:
        main = any(a.get("Main") for a in item.get("Associations") or [])
        name = _name(item, item["RouteTableId"])
        if main:
            table = vpc.main_route_table
            table.name = name
        else:
            table = vpc.add_route_table(_unique_name(vpc.route_tables, name, item["RouteTableId"]))
        table.id = item["RouteTableId"]
        by_id[table.id] = table
        for association in item.get("Associations") or []:
            if association.get("SubnetId") in by_id:
                table.associate(by_id[association["SubnetId"]])
    # Internet gateway routes first: whether a NAT gateway's subnet is public depends on them.
    for item in tables:
        _import_routes(by_id[item["RouteTableId"]], item, by_id, notes, gateways_only=True)
    for item in mine(_items(nat_gateways, "NatGateways")):
        if item.get("State") in ("deleted", "deleting", "failed"):
            continue
        _import_nat_gateway(vpc, item, by_id, notes)
    for item in tables:
        _import_routes(by_id[item["RouteTableId"]], item, by_id, notes, gateways_only=False)
    vpc.import_notes = tuple(notes)
    return vpc


def _import_security_groups(vpc: VPC, items: list[dict], by_id: dict, notes: list) -> None:
    groups = []
    for item in items:
        if item.get("GroupName") == "default":
            group = vpc.default_security_group
        else:
            group = vpc.add_security_group(_unique_name(vpc.security_groups, item["GroupName"], item["GroupId"]),
                                           description=item.get("Description", ""))
        group.id = item["GroupId"]
        group.description = item.get("Description", group.description)
        for rule in group.rules:  # the response lists every rule the group has, its defaults too
            group.revoke(rule)
        by_id[group.id] = group
        groups.append((group, item))
    for group, item in groups:
        for permission in item.get("IpPermissions") or []:
            for protocol, ports, peer in _sg_rules(permission, notes, group.name):
                group.allow_inbound(ports, source=peer, protocol=protocol)
        for permission in item.get("IpPermissionsEgress") or []:
            for protocol, ports, peer in _sg_rules(permission, notes, group.name):
                group.allow_outbound(ports, destination=peer, protocol=protocol)


def _import_network_acls(vpc: VPC, items: list[dict], by_id: dict, notes: list) -> None:
    for item in items:
        if item.get("IsDefault"):
            acl = vpc.default_network_acl
            acl.name = _name(item, "default")
        else:
            acl = vpc.add_network_acl(_unique_name(vpc.network_acls, _name(item, item["NetworkAclId"]), item["NetworkAclId"]))
        acl.id = item["NetworkAclId"]
        for rule in acl.rules:  # the response lists every rule the ACL has, its defaults too
            if rule.number is not None:
                acl.remove_rule(rule.number, direction=rule.direction)
        by_id[acl.id] = acl
        for entry in item.get("Entries") or []:
            if entry["RuleNumber"] >= NACL_CATCH_ALL_RULE_NUMBER:
                continue
            if "CidrBlock" not in entry:
                notes.append(f"network ACL {acl.name}: IPv6 rule {entry['RuleNumber']} is not modelled")
                continue
            protocol = _PROTOCOL_NAMES.get(str(entry["Protocol"]))
            if protocol is None:
                notes.append(f"network ACL {acl.name}: rule {entry['RuleNumber']} for protocol {entry['Protocol']} is not modelled")
                continue
            ports = "all"
            if protocol in ("tcp", "udp") and entry.get("PortRange"):
                ports = (entry["PortRange"]["From"], entry["PortRange"]["To"])
            acl.add_rule(entry["RuleNumber"], direction="outbound" if entry["Egress"] else "inbound",
                         action=entry["RuleAction"], ports=ports, protocol=protocol, cidr=entry["CidrBlock"])
        for association in item.get("Associations") or []:
            if association.get("SubnetId") in by_id:
                acl.associate(by_id[association["SubnetId"]])


def _import_nat_gateway(vpc: VPC, item: dict, by_id: dict, notes: list) -> None:
    subnet = by_id.get(item.get("SubnetId"))
    if subnet is None:
        notes.append(f"NAT gateway {item['NatGatewayId']}: its subnet {item.get('SubnetId')} is not in the data")
        return
    addresses = item.get("NatGatewayAddresses") or [{}]
    first = addresses[0]
    name = _name(item, item["NatGatewayId"])
    # AWS lets a public NAT gateway sit in a private subnet (it then cannot reach the
    # internet); the import keeps it, and reachability reports NAT_IN_PRIVATE_SUBNET.
    elastic_ip = vpc.allocate_elastic_ip(f"eip-{name}")
    if first.get("PublicIp"):
        elastic_ip.public_ip = first["PublicIp"]
    if first.get("AllocationId"):
        elastic_ip.id = first["AllocationId"]
    interface = vpc._new_interface(subnet, name=f"eni-{name}", security_groups=[], kind="nat_gateway")
    if first.get("PrivateIp") and subnet.cidr.contains(first["PrivateIp"]):
        vpc._claim_address(interface, first["PrivateIp"])
    elif first.get("PrivateIp"):
        notes.append(f"NAT gateway {name}: private address {first['PrivateIp']} is outside its subnet "
                     f"{subnet.cidr}; the model gives it {interface.private_ip}")
    if first.get("NetworkInterfaceId"):
        interface.id = first["NetworkInterfaceId"]
    gateway = vpc._register(NatGateway(vpc=vpc, id=item["NatGatewayId"], name=name, subnet=subnet,
                                       elastic_ip=elastic_ip, interface=interface))
    by_id[gateway.id] = gateway


def _import_routes(table: RouteTable, item: dict, by_id: dict, notes: list, *, gateways_only: bool) -> None:
    for route in item.get("Routes") or []:
        destination = route.get("DestinationCidrBlock")
        gateway = route.get("GatewayId")
        if gateway == "local" or destination is None:
            if destination is None and not gateways_only:
                notes.append(f"route table {table.name}: route to {route.get('DestinationPrefixListId') or route.get('DestinationIpv6CidrBlock')} is not modelled")
            continue
        is_igw = bool(gateway and gateway.startswith("igw-"))
        if gateways_only != is_igw:
            continue
        target_id = gateway or route.get("NatGatewayId") or route.get("VpcPeeringConnectionId") or route.get("TransitGatewayId")
        target = by_id.get(target_id)
        if target is None:
            notes.append(f"route table {table.name}: route {destination} -> {target_id or 'an unmodelled target'} skipped")
            continue
        table.add_route(destination, target)


# ----- writing describe-* responses ------------------------------------------------------------


def _permission(rule: SgRule) -> dict:
    permission: dict = {"IpProtocol": PROTOCOL_NUMBERS["all"] if rule.protocol == "all" else rule.protocol}
    if rule.protocol in ("tcp", "udp"):
        permission.update(FromPort=rule.from_port, ToPort=rule.to_port)
    if rule.peer.startswith("sg-"):
        permission.update(IpRanges=[], UserIdGroupPairs=[{"GroupId": rule.peer}])
    else:
        permission.update(IpRanges=[{"CidrIp": rule.peer}], UserIdGroupPairs=[])
    return permission


def _entry(rule: NaclRule) -> dict:
    entry = {
        "RuleNumber": NACL_CATCH_ALL_RULE_NUMBER if rule.number is None else rule.number,
        "Protocol": PROTOCOL_NUMBERS[rule.protocol],
        "RuleAction": rule.action,
        "Egress": rule.direction == "outbound",
        "CidrBlock": rule.cidr,
    }
    if rule.protocol in ("tcp", "udp"):
        entry["PortRange"] = {"From": rule.from_port, "To": rule.to_port}
    return entry


def _route(route) -> dict:
    out = {"State": route.state}
    if isinstance(route.destination, Cidr):
        out["DestinationCidrBlock"] = str(route.destination)
    if route.target == "local":
        out["GatewayId"] = "local"
    else:
        out[_TARGET_KEYS[route.target_kind]] = route.target.id
        if route.service is not None:  # a gateway endpoint's route goes to its prefix list
            out["DestinationPrefixListId"] = route.destination
    return out


def to_aws(vpc: VPC) -> dict:
    """The model as ``describe-*`` responses: ``{"Vpcs": [...], "Subnets": [...], ...}``; call it as ``vpc.to_aws()``."""
    vid = vpc.id
    main = vpc.main_route_table
    return {
        "Vpcs": [{
            "VpcId": vid,
            "CidrBlock": str(vpc.cidr),
            "CidrBlockAssociationSet": [{"CidrBlock": str(b), "CidrBlockState": {"State": "associated"}}
                                        for b in vpc.cidr_blocks],
            "Tags": _tags(vpc.name, vid),
        }],
        "Subnets": [
            {"SubnetId": s.id, "VpcId": vid, "CidrBlock": str(s.cidr), "AvailabilityZone": s.az,
             "Tags": _tags(s.name, s.id)}
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
            {"InternetGatewayId": g.id, "Attachments": [{"VpcId": vid, "State": "available"}] if g.attached else [],
             "Tags": _tags(g.name, g.id)}
            for g in vpc.internet_gateways
        ],
        "NatGateways": [
            {
                "NatGatewayId": n.id, "VpcId": vid, "SubnetId": n.subnet.id, "State": "available",
                "NatGatewayAddresses": [{"AllocationId": n.elastic_ip.id, "PublicIp": n.public_ip,
                                         "PrivateIp": n.private_ip, "NetworkInterfaceId": n.interface.id}],
                "Tags": _tags(n.name, n.id),
            }
            for n in vpc.nat_gateways
        ],
        "SecurityGroups": [
            {"GroupId": g.id, "GroupName": g.name, "Description": g.description, "VpcId": vid,
             "IpPermissions": [_permission(r) for r in g.inbound()],
             "IpPermissionsEgress": [_permission(r) for r in g.outbound()]}
            for g in vpc.security_groups
        ],
        "NetworkAcls": [
            {"NetworkAclId": a.id, "VpcId": vid, "IsDefault": a.is_default,
             "Entries": [_entry(r) for r in a.rules],
             "Associations": [{"NetworkAclId": a.id, "SubnetId": s.id} for s in a.subnets],
             "Tags": _tags(a.name, a.id)}
            for a in vpc.network_acls
        ],
    }


# ----- saved documents ---------------------------------------------------------------------------


def _interface(interface) -> dict:
    return {
        "id": interface.id,
        "name": interface.name,
        "subnet": interface.subnet.id,
        "private_ip": interface.private_ip,
        "public_ip": interface.auto_public_ip,
        "security_groups": [g.id for g in interface.security_groups],
    }


def to_dict(vpc: VPC) -> dict:
    """The whole VPC as JSON-ready data; call it as ``vpc.to_dict()``."""
    nat_ips = {n.elastic_ip.id for n in vpc.nat_gateways}
    instance_interfaces = {i.id for inst in vpc.instances for i in inst.interfaces}
    return {
        "format": FORMAT,
        "name": vpc.name,
        "region": vpc.region,
        "aws": to_aws(vpc),
        "elastic_ips": [
            {"id": e.id, "name": e.name, "public_ip": e.public_ip, "interface": e.interface.id if e.interface else None}
            for e in vpc.elastic_ips if e.id not in nat_ips
        ],
        "instances": [
            {"id": i.id, "name": i.name, "os": i.os, "interfaces": [_interface(n) for n in i.interfaces]}
            for i in vpc.instances
        ],
        "network_interfaces": [
            _interface(n) for n in vpc.network_interfaces if n.kind == "detached" and n.id not in instance_interfaces
        ],
        "endpoints": [
            {"id": e.id, "name": e.name, "service": e.service, "kind": e.kind,
             "route_tables": [t.id for t in e.route_tables],
             "interfaces": [_interface(n) for n in e.interfaces]}
            for e in vpc.endpoints
        ],
        "load_balancers": [
            {
                "id": b.id, "name": b.name, "kind": b.kind, "scheme": b.scheme,
                "subnets": [s.id for s in b.subnets],
                "security_groups": [g.id for g in b.security_groups],
                "interfaces": [_interface(n) for n in b.interfaces],
                "target_groups": [{"name": g.name, "port": g.port, "targets": [t.id for t in g.targets]}
                                  for g in b.target_groups],
                "listeners": [
                    {"port": l.port, "protocol": l.protocol, "default": l.default.name,
                     "rules": [{"priority": r.priority, "host": r.host, "path": r.path,
                                "target_group": r.target_group.name} for r in l.rules]}
                    for l in b.listeners
                ],
            }
            for b in vpc.load_balancers
        ],
    }


def _restore(interface, saved: dict) -> None:
    """Give a recreated interface its saved id and addresses."""
    interface.id = saved["id"]
    interface.vpc._claim_public_ip(interface, saved["public_ip"])
    interface.vpc._claim_address(interface, saved["private_ip"])


def from_dict(vpc_class: type[VPC], document: dict) -> VPC:
    """Rebuild a VPC (a ``vpc_class``) from :func:`to_dict` data; call it as ``VPC.from_dict(document)``.

    Raises:
        VpcError: the document is not a saved VPC, or breaks a rule of the model.
    """
    if not isinstance(document, dict):
        raise TypeError(f"a saved VPC is a dict, not {type(document).__name__}")
    if document.get("format") != FORMAT:
        raise VpcError(f"not a saved VPC: expected format {FORMAT!r}, got {document.get('format')!r}")
    aws = document["aws"]
    vpc = from_aws(vpc_class, vpcs=aws["Vpcs"], subnets=aws["Subnets"], route_tables=aws["RouteTables"],
                   internet_gateways=aws["InternetGateways"], nat_gateways=aws["NatGateways"],
                   security_groups=aws["SecurityGroups"], network_acls=aws["NetworkAcls"])
    if document.get("region") is not None and vpc.region is None:
        vpc.region = document["region"]
    find = vpc.get
    groups = lambda saved: [find(g) for g in saved["security_groups"]]  # noqa: E731
    for item in document.get("instances", []):
        first, *extra = item["interfaces"]
        instance = vpc.add_instance(item["name"], find(first["subnet"]), security_groups=groups(first), os=item["os"])
        instance.id = item["id"]
        _restore(instance.primary_interface, first)
        for saved in extra:
            interface = vpc.add_network_interface(find(saved["subnet"]), name=saved["name"],
                                                  security_groups=groups(saved))
            _restore(interface, saved)
            vpc.attach_network_interface(interface, instance)
    for saved in document.get("network_interfaces", []):
        _restore(vpc.add_network_interface(find(saved["subnet"]), name=saved["name"], security_groups=groups(saved)), saved)
    for item in document.get("elastic_ips", []):
        eip = vpc.allocate_elastic_ip(item["name"])
        eip.id, eip.public_ip = item["id"], item["public_ip"]
        if item["interface"]:
            vpc.associate_elastic_ip(eip, find(item["interface"]))
    for item in document.get("endpoints", []):
        if item["kind"] == "gateway":
            tables = [find(t) for t in item["route_tables"]]
            endpoint = vpc.add_gateway_endpoint(item["service"], route_tables=tables, name=item["name"])
        else:
            endpoint = vpc.add_interface_endpoint(
                item["service"], subnets=[find(n["subnet"]) for n in item["interfaces"]],
                security_groups=groups(item["interfaces"][0]) if item["interfaces"] else (), name=item["name"])
            for interface, saved in zip(endpoint.interfaces, item["interfaces"]):
                _restore(interface, saved)
        endpoint.id = item["id"]
    for item in document.get("load_balancers", []):
        balancer = vpc.add_load_balancer(item["name"], kind=item["kind"], scheme=item["scheme"],
                                         subnets=[find(s) for s in item["subnets"]],
                                         security_groups=[find(g) for g in item["security_groups"]])
        balancer.id = item["id"]
        for interface, saved in zip(balancer.interfaces, item["interfaces"]):
            _restore(interface, saved)
        target_groups = {}
        for group in item["target_groups"]:
            target_groups[group["name"]] = balancer.add_target_group(
                group["name"], port=group["port"], targets=[find(t) for t in group["targets"]])
        for saved in item["listeners"]:
            listener = balancer.add_listener(saved["port"], protocol=saved["protocol"],
                                             default=target_groups[saved["default"]])
            for rule in saved["rules"]:
                listener.add_rule(rule["priority"], host=rule["host"], path=rule["path"],
                                  target_group=target_groups[rule["target_group"]])
    # from_aws() noted the gateway endpoints' prefix-list routes, which the endpoints above re-created.
    vpc.import_notes = ()
    return vpc
