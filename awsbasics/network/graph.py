"""The network as a graph: the node id and label of each model element, and the networkx graph of a model.

The ids are those of the VPC diagrams, so a path found by
:func:`~awsbasics.network.analyzer.reachability` can be drawn on them::

    >>> graph_node("internet")
    'internet'
"""

from __future__ import annotations

from collections.abc import Iterable

from awsbasics._node_id import node_id
from awsbasics.errors import VpcError
from awsbasics.network.gateways import (
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VpcEndpoint,
)
from awsbasics.network.vpc import VPC, NetworkInterface

__all__ = ["graph_node", "network_graph"]


def graph_node(obj) -> str:
    """The deterministic graph (and diagram) node id of a model element."""
    if obj == "internet":
        return "internet"
    if isinstance(obj, tuple) and obj[0] == "service":
        return node_id("service", obj[1])
    if isinstance(obj, NetworkInterface) and obj.instance is not None:
        obj = obj.instance
    kind = type(obj).__name__.lower()
    return node_id(kind, obj.id)


def _models(model) -> tuple[VPC, ...]:
    """The VPCs of a model given as one VPC or a collection of them (each id once)."""
    if isinstance(model, VPC):
        return (model,)
    if isinstance(model, (str, bytes)) or not isinstance(model, Iterable):
        raise TypeError(f"model must be a VPC or a collection of VPCs, not {type(model).__name__}")
    models = tuple(model)
    if not models or not all(isinstance(m, VPC) for m in models):
        raise TypeError("model must be a VPC or a non-empty collection of VPCs")
    ids = [m.id for m in models]
    if len(set(ids)) != len(ids):
        raise VpcError("two VPCs in the model have the same id; give them different names")
    return models


def _label(obj) -> str:
    """How a path or a graph names an element, e.g. ``"instance web"`` or ``"NAT gateway nat-a"``."""
    if obj == "internet":
        return "internet"
    if isinstance(obj, tuple):
        return f"service {obj[1]}"
    if isinstance(obj, NetworkInterface):
        if obj.instance is not None:
            return f"instance {obj.instance.name}"
        return {
            "nat_gateway": "NAT gateway",
            "interface_endpoint": "interface endpoint",
            "load_balancer": "load balancer node",
        }.get(obj.kind, "network interface") + f" {obj.name}"
    from awsbasics.network.elb import LoadBalancer

    names = {
        InternetGateway: "internet gateway",
        EgressOnlyInternetGateway: "egress-only internet gateway",
        NatGateway: "NAT gateway",
        PeeringConnection: "peering connection",
        TransitGateway: "transit gateway",
        VpcEndpoint: "endpoint",
        LoadBalancer: "load balancer",
    }
    return f"{names.get(type(obj), type(obj).__name__.lower())} {obj.name}"


def network_graph(model):
    """The model as a networkx ``DiGraph``: interfaces, subnets, gateways, connections, services.

    Nodes carry ``kind`` and ``label``; an edge from a subnet to a gateway
    carries the route's ``destination``. Node ids are those of the diagrams.
    """
    import networkx as nx

    models = _models(model)
    graph = nx.DiGraph()
    graph.add_node("internet", kind="internet", label="internet")
    for vpc in models:
        graph.add_node(node_id("vpc", vpc.id), kind="vpc", label=f"VPC {vpc.name}")
        for subnet in vpc.subnets:
            sid = node_id("subnet", subnet.id)
            graph.add_node(sid, kind="subnet", label=f"subnet {subnet.name}", public=subnet.is_public)
            graph.add_edge(node_id("vpc", vpc.id), sid)
            for route in subnet.route_table.routes:
                if route.target == "local":
                    continue
                target = route.target
                graph.add_node(graph_node(target), kind=type(target).__name__, label=_label(target))
                graph.add_edge(sid, graph_node(target), destination=str(route.destination))
        for interface in vpc.network_interfaces:
            nid = graph_node(interface)
            graph.add_node(nid, kind="interface", label=_label(interface))
            graph.add_edge(nid, node_id("subnet", interface.subnet.id))
        if vpc.internet_gateway is not None:
            gid = graph_node(vpc.internet_gateway)
            graph.add_node(gid, kind="InternetGateway", label=_label(vpc.internet_gateway))
            graph.add_edge(gid, "internet")
            graph.add_edge("internet", gid)
        for nat in vpc.nat_gateways:
            graph.add_node(graph_node(nat), kind="NatGateway", label=_label(nat))
            graph.add_edge(graph_node(nat), node_id("subnet", nat.subnet.id))
        for connection in vpc.peering_connections:
            graph.add_node(graph_node(connection), kind="PeeringConnection", label=_label(connection))
            graph.add_edge(graph_node(connection), node_id("vpc", connection.other(vpc).id))
        for hub in vpc.transit_gateways:
            graph.add_node(graph_node(hub), kind="TransitGateway", label=_label(hub))
            graph.add_edge(graph_node(hub), node_id("vpc", vpc.id))
        for endpoint in vpc.endpoints:
            service = ("service", endpoint.service)
            graph.add_node(graph_node(service), kind="service", label=_label(service))
            graph.add_node(graph_node(endpoint), kind="VpcEndpoint", label=_label(endpoint))
            graph.add_edge(graph_node(endpoint), graph_node(service))
    return graph
