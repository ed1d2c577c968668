"""Networking: CIDR arithmetic, subnet planning, the VPC model and reachability.

    >>> from awsbasics.network import Cidr, usable_addresses
    >>> usable_addresses(Cidr.parse("10.0.0.0/24"))
    251
    >>> from awsbasics.network import VPC
    >>> VPC("10.0.0.0/16", name="demo").main_route_table.routes
    (<Route 10.0.0.0/16 -> local>,)

The VPC model (:mod:`awsbasics.network.vpc`, ``security``, ``gateways``,
``elb``) and :func:`reachability` load on first use.
"""

import sys
import types

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
]

# Where each lazily loaded name lives (PEP 562), so `import awsbasics.network` stays light.
_LAZY = {
    "VPC": "vpc",
    "Subnet": "vpc",
    "RouteTable": "vpc",
    "Route": "vpc",
    "Instance": "vpc",
    "NetworkInterface": "vpc",
    "SecurityGroup": "security",
    "NetworkAcl": "security",
    "InternetGateway": "gateways",
    "NatGateway": "gateways",
    "ElasticIp": "gateways",
    "PeeringConnection": "gateways",
    "TransitGateway": "gateways",
    "VpcEndpoint": "gateways",
    "LoadBalancer": "elb",
    "reachability": "reachability",
    "network_graph": "reachability",
    "REASONS": "reachability",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """This package, whose ``reachability`` stays the function when its submodule loads."""

    def __setattr__(self, name, value):
        # Importing the submodule awsbasics.network.reachability binds the submodule to the
        # package under the function's name; keep the function, which is the public API.
        if name == "reachability" and isinstance(value, types.ModuleType):
            value = value.reachability
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def plan(vpc_cidr, *, azs, tiers):
    """Lay out subnets per AZ and tier; see :func:`awsbasics.network.planning.plan`."""
    from awsbasics.network.planning import plan as build

    return build(vpc_cidr, azs=azs, tiers=tiers)
