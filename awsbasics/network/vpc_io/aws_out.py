"""Writing a VPC model as ``aws ec2 describe-*`` responses: :func:`to_aws`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics.network.cidr import Cidr
from awsbasics.network.ipv6 import Ipv6Cidr, is_ipv6
from awsbasics.network.security import (
    NACL_CATCH_ALL_RULE_NUMBER,
    PROTOCOL_NUMBERS,
    NaclRule,
    SgRule,
)

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC

from awsbasics.network.vpc_io._common import (
    _TARGET_KEYS,
    _tags,
)

__all__ = ["to_aws"]


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
