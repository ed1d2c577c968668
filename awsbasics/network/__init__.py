"""Networking: CIDR arithmetic, subnet planning, the VPC model and reachability.

    >>> from awsbasics.network import Cidr, usable_addresses
    >>> usable_addresses(Cidr.parse("10.0.0.0/24"))
    251
    >>> from awsbasics.network import VPC
    >>> VPC("10.0.0.0/16", name="demo").main_route_table.routes
    (<Route 10.0.0.0/16 -> local>,)

The VPC model (:mod:`awsbasics.network.vpc` with ``subnet``, ``routing``, ``interfaces``,
``security``, ``gateways`` and ``elb``), :func:`reachability` (in
:mod:`awsbasics.network.analyzer`, its result types in ``reachability_result``) and
:func:`network_graph` (in :mod:`awsbasics.network.graph`) load on first use.
"""

from awsbasics.errors import CidrError, VpcError
from awsbasics.network.cidr import (
    Cidr,
    find_overlaps,
    reserved_addresses,
    split,
    usable_addresses,
)

__all__ = [
    "Cidr",
    "find_overlaps",
    "reserved_addresses",
    "split",
    "usable_addresses",
    "plan",
    "SubnetPlan",
    "VPC",
    "Subnet",
    "RouteTable",
    "Route",
    "Instance",
    "NetworkInterface",
    "SecurityGroup",
    "NetworkAcl",
    "InternetGateway",
    "NatGateway",
    "ElasticIp",
    "PeeringConnection",
    "TransitGateway",
    "VpcEndpoint",
    "LoadBalancer",
    "reachability",
    "network_graph",
    "REASONS",
    "Ipv6Cidr",
    "EgressOnlyInternetGateway",
    "network_cost",
    "s3_through_nat_vs_endpoint",
    "reachability_analyzer_cost",
    "example_vpc",
    "CidrError",
    "VpcError",
]

# Where each lazily loaded name lives (PEP 562), so `import awsbasics.network` stays light.
_LAZY = {
    "VPC": "vpc",
    "Subnet": "subnet",
    "RouteTable": "routing",
    "Route": "routing",
    "Instance": "interfaces",
    "NetworkInterface": "interfaces",
    "SecurityGroup": "security",
    "NetworkAcl": "security",
    "InternetGateway": "gateways",
    "NatGateway": "gateways",
    "ElasticIp": "gateways",
    "PeeringConnection": "gateways",
    "TransitGateway": "gateways",
    "VpcEndpoint": "gateways",
    "LoadBalancer": "elb",
    "reachability": "analyzer",
    "network_graph": "graph",
    "REASONS": "reachability_result",
    "Ipv6Cidr": "ipv6",
    "EgressOnlyInternetGateway": "gateways",
    "network_cost": "costs",
    "s3_through_nat_vs_endpoint": "costs",
    "reachability_analyzer_cost": "costs",
    "example_vpc": "example",
    "SubnetPlan": "planning",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plan(vpc_cidr, *, azs, tiers):
    """Lay out subnets per AZ and tier, as a :class:`~awsbasics.network.planning.SubnetPlan`; see
    :func:`awsbasics.network.planning.plan`."""
    from awsbasics.network.planning import plan as build

    return build(vpc_cidr, azs=azs, tiers=tiers)
