"""Save a VPC model as plain data (JSON) and load it back.

The network part is stored in the ``describe-*`` shapes of
:func:`awsbasics.network.aws_import.to_aws` (so a saved model reads like AWS
output); instances, extra network interfaces, Elastic IPs, endpoints and load
balancers follow in their own sections. Peering connections and transit
gateways join several VPCs and are not part of one VPC's document.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> _ = vpc.add_instance("web", vpc.add_subnet("10.0.0.0/24", az="az-a"))
    >>> VPC.from_json(vpc.to_json()).to_dict() == vpc.to_dict()
    True
"""

from __future__ import annotations

from awsbasics import data
from awsbasics.errors import VpcError
from awsbasics.network.cidr import Cidr

__all__ = ["vpc_to_dict", "vpc_from_dict", "claim_address", "FORMAT"]

FORMAT = "awsbasics.vpc/1"
_RANGES = data.value("vpc", "documentation_ranges")


def _interface(interface) -> dict:
    return {
        "id": interface.id,
        "name": interface.name,
        "subnet": interface.subnet.id,
        "private_ip": interface.private_ip,
        "public_ip": interface.auto_public_ip,
        "security_groups": [g.id for g in interface.security_groups],
    }


def vpc_to_dict(vpc) -> dict:
    """The whole VPC as JSON-ready data."""
    from awsbasics.network.aws_import import to_aws

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
    interface.auto_public_ip = saved["public_ip"]
    claim_address(interface, saved["private_ip"])
    if saved["public_ip"]:
        pool = Cidr.parse(_RANGES["public_ip_pool"])
        if pool.contains(saved["public_ip"]):
            offset = Cidr.parse(saved["public_ip"] + "/32").network - pool.network
            interface.vpc._public_ips = max(interface.vpc._public_ips, offset)


def claim_address(interface, address: str) -> None:
    """Give an interface a known private address; later allocations in its subnet start after it."""
    subnet = interface.subnet
    if not subnet.cidr.contains(address):
        raise VpcError(f"address {address} of {interface.name} is not inside subnet {subnet.name} ({subnet.cidr})")
    interface.private_ip = address
    offset = Cidr.parse(address + "/32").network - subnet.cidr.network
    subnet._next_host = max(subnet._next_host, offset + 1)


def vpc_from_dict(document: dict):
    """Rebuild a VPC from :func:`vpc_to_dict` data.

    Raises:
        VpcError: the document is not a saved VPC, or breaks a rule of the model.
    """
    from awsbasics.network.aws_import import from_aws

    if not isinstance(document, dict):
        raise TypeError(f"a saved VPC is a dict, not {type(document).__name__}")
    if document.get("format") != FORMAT:
        raise VpcError(f"not a saved VPC: expected format {FORMAT!r}, got {document.get('format')!r}")
    aws = document["aws"]
    vpc = from_aws(vpcs=aws["Vpcs"], subnets=aws["Subnets"], route_tables=aws["RouteTables"],
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
