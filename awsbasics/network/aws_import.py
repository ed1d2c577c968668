"""Build the VPC model from what ``aws ec2 describe-*`` returns, and back.

:func:`from_aws` reads the responses of ``describe-vpcs``, ``describe-subnets``,
``describe-route-tables``, ``describe-internet-gateways``,
``describe-nat-gateways``, ``describe-security-groups`` and
``describe-network-acls`` — boto3 response dicts (``{"Vpcs": [...]}``) or just
their lists — and keeps AWS's ids and ``Name`` tags. :func:`to_aws` writes the
same shapes for the fields the model keeps, so a model round-trips::

    vpc = VPC.from_aws(vpcs=ec2.describe_vpcs(), subnets=ec2.describe_subnets(), ...)

What the model does not keep is listed in ``vpc.import_notes`` instead of being
dropped silently: IPv6 rules, routes to targets it does not model (network
interfaces, VPN gateways, peering connections and transit gateways whose other
side is not imported), prefix-list rules, and NACL rules for other protocols.

Source: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

from awsbasics.errors import VpcError
from awsbasics.network.cidr import Cidr
from awsbasics.network.gateways import NatGateway
from awsbasics.network.security import PROTOCOL_NUMBERS, NaclRule, SgRule
from awsbasics.network.vpc import VPC, RouteTable

__all__ = ["from_aws", "to_aws"]

_PROTOCOL_NAMES = {number: name for name, number in PROTOCOL_NUMBERS.items()}
_PROTOCOL_NAMES.update({name: name for name in PROTOCOL_NUMBERS})
_CATCH_ALL_RULE = 32767  # AWS lists the final '*' rule with this number


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
    from awsbasics.errors import AwsRuleError
    from awsbasics.infra import AvailabilityZone

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


def from_aws(*, vpcs, subnets=None, route_tables=None, internet_gateways=None, nat_gateways=None,
             security_groups=None, network_acls=None, vpc_id: str | None = None) -> VPC:
    """The VPC model of one VPC in ``describe-*`` responses.

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
    vpc = VPC(source["CidrBlock"], name=_name(source, vid), region=_region_of(subnet_items))
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
        _import_routes(vpc, by_id[item["RouteTableId"]], item, by_id, notes, gateways_only=True)
    for item in mine(_items(nat_gateways, "NatGateways")):
        if item.get("State") in ("deleted", "deleting", "failed"):
            continue
        _import_nat_gateway(vpc, item, by_id, notes)
    for item in tables:
        _import_routes(vpc, by_id[item["RouteTableId"]], item, by_id, notes, gateways_only=False)
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
        group._rules.clear()
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
        acl._rules.clear()
        by_id[acl.id] = acl
        for entry in item.get("Entries") or []:
            if entry["RuleNumber"] >= _CATCH_ALL_RULE:
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
    from awsbasics.network.serialize import claim_address

    interface = vpc._new_interface(subnet, name=f"eni-{name}", security_groups=(), kind="nat_gateway")
    if first.get("PrivateIp") and subnet.cidr.contains(first["PrivateIp"]):
        claim_address(interface, first["PrivateIp"])
    elif first.get("PrivateIp"):
        notes.append(f"NAT gateway {name}: private address {first['PrivateIp']} is outside its subnet "
                     f"{subnet.cidr}; the model gives it {interface.private_ip}")
    if first.get("NetworkInterfaceId"):
        interface.id = first["NetworkInterfaceId"]
    gateway = NatGateway(vpc=vpc, id=item["NatGatewayId"], name=name, subnet=subnet, elastic_ip=elastic_ip,
                         interface=interface)
    elastic_ip.interface = interface
    interface.elastic_ip = elastic_ip
    vpc._nat_gateways.append(gateway)
    by_id[gateway.id] = gateway


def _import_routes(vpc: VPC, table: RouteTable, item: dict, by_id: dict, notes: list, *, gateways_only: bool) -> None:
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


# ----- the other way -------------------------------------------------------------------------


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
        "RuleNumber": _CATCH_ALL_RULE if rule.number is None else rule.number,
        "Protocol": PROTOCOL_NUMBERS[rule.protocol],
        "RuleAction": rule.action,
        "Egress": rule.direction == "outbound",
        "CidrBlock": rule.cidr,
    }
    if rule.protocol in ("tcp", "udp"):
        entry["PortRange"] = {"From": rule.from_port, "To": rule.to_port}
    return entry


def _route(route) -> dict:
    from awsbasics.network.gateways import InternetGateway, PeeringConnection, TransitGateway, VpcEndpoint

    out = {"State": route.state}
    if isinstance(route.destination, Cidr):
        out["DestinationCidrBlock"] = str(route.destination)
    if route.target == "local":
        out["GatewayId"] = "local"
    elif isinstance(route.target, (InternetGateway, VpcEndpoint)):
        out["GatewayId"] = route.target.id
        if isinstance(route.target, VpcEndpoint):
            out["DestinationPrefixListId"] = route.destination
    elif isinstance(route.target, NatGateway):
        out["NatGatewayId"] = route.target.id
    elif isinstance(route.target, PeeringConnection):
        out["VpcPeeringConnectionId"] = route.target.id
    elif isinstance(route.target, TransitGateway):
        out["TransitGatewayId"] = route.target.id
    return out


def to_aws(vpc: VPC) -> dict:
    """The model as ``describe-*`` responses: ``{"Vpcs": [...], "Subnets": [...], ...}``."""
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
                + [{"Main": False, "RouteTableId": t.id, "SubnetId": s.id}
                   for s in vpc.subnets if vpc._associations.get(s.id) is t],
                "Tags": _tags(t.name, t.id),
            }
            for t in vpc.route_tables
        ],
        "InternetGateways": [
            {"InternetGatewayId": g.id, "Attachments": [{"VpcId": vid, "State": "available"}] if g.attached else [],
             "Tags": _tags(g.name, g.id)}
            for g in vpc._internet_gateways
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
