"""Reachability with an explanation: can traffic get from here to there, and why not?

:func:`reachability` follows one connection (a request and its reply) through
a VPC, or several VPCs joined by peering or a transit gateway, the way AWS
forwards it: the source's security groups, the network ACL of every subnet
boundary crossed, each route table's longest-prefix match, gateways, and the
destination's network ACL and security groups — then the reply, which
stateless network ACLs must allow again, on the client's ephemeral ports.

Every check becomes a :class:`Hop` with a stable reason code:

======================  ==================================================================
code                    meaning
======================  ==================================================================
ALLOWED                 the check passed (the hop names the rule or route that allowed it)
NO_ROUTE                no route matches the destination in the route table that decides
                        (for a reply: no route back, e.g. a subnet without a route to the
                        internet gateway, which makes it private)
NO_IGW                  the VPC has no attached internet gateway, or the route points to a
                        detached one (a blackhole route)
NO_PUBLIC_IP            traffic through the internet gateway needs a public IPv4 address or
                        an Elastic IP on the interface (or an internet-facing load balancer)
NAT_IN_PRIVATE_SUBNET   the NAT gateway's own subnet has no route to an internet gateway
SG_OUTBOUND_DENIED      no outbound rule of the source's security groups allows the traffic
SG_INBOUND_DENIED       no inbound rule of the destination's security groups allows it
NACL_DENY               a network ACL rule denies the request where it crosses a subnet
                        boundary, inbound or outbound; the hop names the rule number or the
                        final ``*`` rule
NACL_RETURN_DENIED      a network ACL denies the reply: network ACLs are stateless, so the
                        reply to the client's ephemeral ports needs its own allow rule
PEERING_NOT_TRANSITIVE  the destination lies beyond a peered VPC; a peering connection only
                        carries traffic between its own two VPCs
NO_ENDPOINT             an AWS service is reachable neither through a VPC endpoint nor
                        through the internet
NO_LISTENER             the load balancer has no listener on the port
======================  ==================================================================

Sources and destinations are instances (or their names), network interfaces,
``"internet"``, an AWS service name such as ``"s3"`` (destination only) and a
load balancer (destination only).

    >>> from awsbasics.network import VPC, reachability
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> subnet = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> web_sg = vpc.add_security_group("web")
    >>> _ = web_sg.allow_inbound(80, source="0.0.0.0/0")
    >>> web = vpc.add_instance("web", subnet, security_groups=[web_sg], public_ip=True)
    >>> reachability(vpc, "internet", web, port=80).reason
    'NO_IGW'
    >>> rt = vpc.main_route_table
    >>> _ = rt.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    >>> reachability(vpc, "internet", web, port=80).reachable
    True

Simplifications: security groups and network ACLs are evaluated as AWS
documents them; Elastic IP quotas are counted per VPC object; a load
balancer is checked from the internet to its listener (targets are not
followed); AWS service endpoints and internet hosts are represented by one
documentation address each (RFC 5737), which any ``0.0.0.0/0`` rule covers.

Source: https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from awsbasics import data
from awsbasics._node_id import node_id
from awsbasics._protocol import Rendered, view
from awsbasics.errors import VpcError
from awsbasics.network.gateways import (
    InternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VpcEndpoint,
    service_name,
)
from awsbasics.network.security import ephemeral_ports, port_range
from awsbasics.network.vpc import VPC, Instance, NetworkInterface

__all__ = ["REASONS", "Hop", "Reachability", "reachability", "network_graph", "graph_node"]

REASONS = {
    "ALLOWED": "the check passed",
    "NO_ROUTE": "no route matches the destination (or the reply) in the route table that decides",
    "NO_IGW": "the VPC has no attached internet gateway, or the route points to a detached one",
    "NO_PUBLIC_IP": "traffic through the internet gateway needs a public IPv4 address or Elastic IP",
    "NAT_IN_PRIVATE_SUBNET": "the NAT gateway's own subnet has no route to an internet gateway",
    "SG_OUTBOUND_DENIED": "no outbound rule of the source's security groups allows the traffic",
    "SG_INBOUND_DENIED": "no inbound rule of the destination's security groups allows the traffic",
    "NACL_DENY": "a network ACL rule (numbered or the final *) denies the request at a subnet boundary",
    "NACL_RETURN_DENIED": "a network ACL denies the reply: stateless, it must allow the client's ephemeral ports",
    "PEERING_NOT_TRANSITIVE": "the destination lies beyond a peered VPC; peering connections do not pass traffic on",
    "NO_ENDPOINT": "the AWS service is reachable neither through a VPC endpoint nor through the internet",
    "NO_LISTENER": "the load balancer has no listener on the port",
}

_RANGES = data.value("vpc", "documentation_ranges")
INTERNET_HOST: str = _RANGES["internet_host"]
SERVICE_HOST: str = _RANGES["aws_service_host"]
_ANY_CLIENT = "any"
_PROTOCOLS = ("tcp", "udp", "icmp")


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


@dataclass(frozen=True, slots=True)
class Hop:
    """One check along the way: what was checked, where, and the rule or route that decided."""

    number: int
    direction: str  # "request" or "reply"
    node: str  # the element checked, e.g. "subnet private-a"
    node_id: str
    check: str  # e.g. "network ACL inbound"
    allowed: bool
    reason: str
    detail: str

    def text(self) -> str:
        mark = "ok     " if self.allowed else "BLOCKED"
        return f"{self.number:>2}. {mark} [{self.direction}] {self.node} - {self.check}: {self.detail} ({self.reason})"


@dataclass(frozen=True)
class Reachability(Rendered):
    """The answer of :func:`reachability`: ``reachable``, the ``path`` and each hop's ``explanation``."""

    source: str
    destination: str
    protocol: str
    port: int
    hops: tuple[Hop, ...]
    path: tuple[str, ...]  # graph node ids the request passes, source first
    path_labels: tuple[str, ...]
    models: tuple = ()
    services: tuple[tuple[str, str], ...] = ()  # (node id, full name) of each AWS service on the path

    @property
    def reachable(self) -> bool:
        return bool(self.hops) and all(h.allowed for h in self.hops)

    @property
    def blocked(self) -> tuple[Hop, ...]:
        return tuple(h for h in self.hops if not h.allowed)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reason codes of the blocked hops, in order (``("ALLOWED",)`` when reachable)."""
        return tuple(dict.fromkeys(h.reason for h in self.blocked)) or ("ALLOWED",)

    @property
    def reason(self) -> str:
        """The first blocking reason code, or ``"ALLOWED"``."""
        return self.reasons[0]

    @property
    def verdict(self) -> str:
        """One line: source, destination, protocol and port, and whether it is reachable (or the reasons not)."""
        outcome = "reachable" if self.reachable else f"NOT reachable ({', '.join(self.reasons)})"
        return f"{self.source} -> {self.destination} {self.protocol}/{self.port}: {outcome}"

    @property
    def explanation(self) -> str:
        """The verdict, the path, and one line per hop."""
        lines = [self.verdict, "path: " + " -> ".join(self.path_labels)]
        lines += [h.text() for h in self.hops]
        return "\n".join(lines)

    _view_ = "vpc.reachability_view"

    def text(self) -> str:
        """The :attr:`explanation`."""
        return self.explanation

    def __str__(self) -> str:
        return self.explanation

    def diagram(self):
        """The VPC diagram with this path highlighted and the blocking hop marked."""
        return view("vpc.vpc_diagram")(self.models, highlight=self)


# ----- resolving endpoints -------------------------------------------------------------------


def _models(model) -> tuple[VPC, ...]:
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


def _known_services(models) -> set[str]:
    services = set(data.value("vpc", "gateway_endpoint_services"))
    services |= {e.service for m in models for e in m.endpoints}
    return services


def _resolve(models, endpoint, what: str):
    """("instance", interface) | ("internet", None) | ("service", name) | ("lb", balancer)."""
    from awsbasics.network.elb import LoadBalancer

    if isinstance(endpoint, Instance):
        return ("interface", endpoint.primary_interface)
    if isinstance(endpoint, NetworkInterface):
        return ("interface", endpoint)
    if isinstance(endpoint, LoadBalancer):
        return ("lb", endpoint)
    if not isinstance(endpoint, str):
        raise TypeError(f"{what} must be an Instance, NetworkInterface, LoadBalancer or a name, not {type(endpoint).__name__}")
    if endpoint == "internet":
        return ("internet", None)
    found = [
        item for m in models for item in (*m.instances, *m.network_interfaces, *m.load_balancers)
        if endpoint in (item.id, item.name)
    ]
    if len(found) > 1:
        raise VpcError(f"{what} {endpoint!r:.100} names {len(found)} things in the model; pass the object instead")
    if found:
        return _resolve(models, found[0], what)
    service = endpoint.strip().lower().rsplit(".", 1)[-1]
    if service in _known_services(models):
        return ("service", service)
    raise VpcError(
        f"{what} {endpoint!r:.100} is not an instance, network interface or load balancer of the model, "
        f"'internet', or an AWS service ({', '.join(sorted(_known_services(models)))})"
    )


def _label(obj) -> str:
    if obj == "internet":
        return "internet"
    if isinstance(obj, tuple):
        return f"service {obj[1]}"
    if isinstance(obj, NetworkInterface):
        if obj.instance is not None:
            return f"instance {obj.instance.name}"
        return {"nat_gateway": "NAT gateway", "interface_endpoint": "interface endpoint",
                "load_balancer": "load balancer node"}.get(obj.kind, "network interface") + f" {obj.name}"
    from awsbasics.network.elb import LoadBalancer

    names = {InternetGateway: "internet gateway", NatGateway: "NAT gateway", PeeringConnection: "peering connection",
             TransitGateway: "transit gateway", VpcEndpoint: "endpoint", LoadBalancer: "load balancer"}
    return f"{names.get(type(obj), type(obj).__name__.lower())} {obj.name}"


# ----- the walk ------------------------------------------------------------------------------


class _Walk:
    def __init__(self, models, protocol: str, port: int):
        self.models = models
        self.protocol = protocol
        self.port = port
        self.hops: list[Hop] = []
        self.path: list = []

    def add(self, direction, obj, check, allowed, reason, detail, *, node=None) -> bool:
        where = node or _label(obj)
        self.hops.append(Hop(len(self.hops) + 1, direction, where, graph_node(obj), check, allowed,
                             "ALLOWED" if allowed else reason, detail))
        return allowed

    def visit(self, obj) -> None:
        if not self.path or self.path[-1] is not obj:
            self.path.append(obj)

    # -- filters --

    def sg(self, direction, interface, *, address, groups, port=None) -> bool:
        port = self.port if port is None else port
        groups_text = ", ".join(g.name for g in interface.security_groups)
        if not interface.security_groups:
            return self.add("request", interface, f"security groups {direction}", True, "ALLOWED",
                            "no security groups on this interface: nothing is filtered here")
        for group in interface.security_groups:
            verdict = group.evaluate(direction, protocol=self.protocol, port=port, address=address, groups=groups)
            if verdict.allowed:
                return self.add("request", interface, f"security group {direction}", True, "ALLOWED", verdict.detail)
        code = "SG_OUTBOUND_DENIED" if direction == "outbound" else "SG_INBOUND_DENIED"
        peer = "to" if direction == "outbound" else "from"
        return self.add(
            "request", interface, f"security group {direction}", False, code,
            f"no {direction} rule of {groups_text} allows {self.protocol}/{port} {peer} {address}; "
            "security groups only allow, so anything not allowed is denied",
        )

    def nacl(self, direction, subnet, *, address, ports, reply: bool) -> bool:
        acl = subnet.network_acl
        verdict = acl.evaluate(direction, protocol=self.protocol, ports=ports, address=address)
        check = f"network ACL {direction}"
        node = f"subnet {subnet.name}"
        if verdict.allowed:
            return self.add("reply" if reply else "request", subnet, check, True, "ALLOWED", verdict.detail, node=node)
        if reply:
            low, high = port_range(ports, protocol=self.protocol)
            detail = (f"{verdict.detail}. The reply goes to the client's ephemeral ports {low}-{high}; a network ACL "
                      "is stateless, so it needs a rule that allows them")
            return self.add("reply", subnet, check, False, "NACL_RETURN_DENIED", detail, node=node)
        return self.add("request", subnet, check, False, "NACL_DENY", verdict.detail, node=node)


def _client_ports(interface) -> tuple[int, int]:
    if interface is not None and interface.instance is not None:
        return interface.instance.ephemeral_ports
    return ephemeral_ports(_ANY_CLIENT)


def _peering_path(models, start: VPC, goal: VPC) -> list[VPC] | None:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(m.id for m in models)
    for m in models:
        for connection in m.peering_connections:
            graph.add_edge(connection.requester.id, connection.accepter.id)
    if start.id in graph and goal.id in graph and nx.has_path(graph, start.id, goal.id):
        by_id = {m.id: m for m in models}
        return [by_id[i] for i in nx.shortest_path(graph, start.id, goal.id)]
    return None


def _route_hop(walk: _Walk, subnet, route, address: str, *, direction="request", what="route table") -> None:
    table = subnet.route_table
    walk.add(direction, subnet, what, True, "ALLOWED",
             f"route table {table.name} sends {address} to {route.text()}", node=f"route table {table.name}")


def _no_route(walk, subnet, address, *, direction="request", hint="") -> None:
    table = subnet.route_table
    walk.add(direction, subnet, "route table", False, "NO_ROUTE",
             f"route table {table.name} has no route that matches {address}{hint}", node=f"route table {table.name}")


def _from_interface(walk: _Walk, source: NetworkInterface, dest) -> None:
    kind, target = dest
    vpc = source.vpc
    walk.visit(source)
    client = _client_ports(source)
    service = target if kind == "service" else None
    if kind == "service":
        interface_endpoint = next((e for e in vpc.endpoints if e.kind == "interface" and e.service == service), None)
        if interface_endpoint is not None:
            node = next((i for i in interface_endpoint.interfaces if i.az == source.az), interface_endpoint.interfaces[0])
            walk.add("request", interface_endpoint, "DNS", True, "ALLOWED",
                     f"private DNS resolves {service} to interface endpoint {interface_endpoint.name} at {node.private_ip}")
            _to_interface(walk, source, node, client=client)
            walk.visit(("service", service))
            walk.add("request", ("service", service), "endpoint", True, "ALLOWED",
                     f"{interface_endpoint.name} carries the request to {service} inside the AWS network")
            return
    if kind == "lb":
        balancer = target
        node = next((i for i in balancer.interfaces if i.az == source.az), balancer.interfaces[0])
        listener = balancer.listener(walk.port)
        if listener is None:
            walk.add("request", balancer, "listener", False, "NO_LISTENER",
                     f"load balancer {balancer.name} has no listener on port {walk.port}")
            return
        _to_interface(walk, source, node, client=client)
        walk.visit(balancer)
        return
    if kind == "interface":
        _to_interface(walk, source, target, client=client)
        return
    address = INTERNET_HOST if kind == "internet" else SERVICE_HOST
    walk.sg("outbound", source, address=address, groups=frozenset())
    route = source.subnet.route_table.lookup(address, service=service)
    if route is None:
        if kind == "service":
            walk.add("request", source.subnet, "route table", False, "NO_ENDPOINT",
                     f"route table {source.subnet.route_table.name} has no route for {service}: add a VPC endpoint "
                     "for it, or a route to the internet", node=f"route table {source.subnet.route_table.name}")
        else:
            hint = _internet_hint(vpc)
            walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
            _no_route(walk, source.subnet, address, hint=hint)
        return
    if isinstance(route.target, VpcEndpoint):
        walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
        _route_hop(walk, source.subnet, route, f"{service} ({route.destination})")
        walk.visit(route.target)
        walk.add("request", route.target, "gateway endpoint", True, "ALLOWED",
                 f"gateway endpoint {route.target.name} delivers to {service} privately, without the internet")
        walk.visit(("service", service))
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)
        return
    walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
    if route.state == "blackhole":
        walk.add("request", source.subnet, "route table", False, "NO_IGW",
                 f"route {route.text()} points to an internet gateway that is no longer attached",
                 node=f"route table {source.subnet.route_table.name}")
        return
    _route_hop(walk, source.subnet, route, address)
    if isinstance(route.target, InternetGateway):
        gateway = route.target
        walk.visit(gateway)
        if not source.public_ip:
            walk.add("request", gateway, "public address", False, "NO_PUBLIC_IP",
                     f"{_label(source)} has no public IPv4 address or Elastic IP, so the internet gateway cannot "
                     "translate its private address; give it one, or route through a NAT gateway")
            return
        walk.add("request", gateway, "address translation", True, "ALLOWED",
                 f"the internet gateway translates {source.private_ip} to its public address {source.public_ip}")
        walk.visit("internet" if kind == "internet" else ("service", service))
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)
    elif isinstance(route.target, NatGateway):
        _through_nat(walk, source, route.target, address=address, client=client, kind=kind, service=service)
    elif kind != "interface":
        walk.add("request", route.target, "forwarding", False, "NO_ROUTE",
                 f"{_label(route.target)} leads to other VPCs, not to {address}")


def _internet_hint(vpc) -> str:
    nats = [n for n in vpc.nat_gateways if n.subnet.is_public]
    if nats:
        return f"; a private subnet reaches the internet through a NAT gateway: add a route 0.0.0.0/0 -> {nats[0].name}"
    if vpc.internet_gateway is None:
        return "; the VPC has no internet gateway either"
    return ("; a private subnet reaches the internet through a NAT gateway, which needs a public subnet "
            "(none exists yet in this VPC)")


def _through_nat(walk, source, nat: NatGateway, *, address, client, kind, service) -> None:
    walk.visit(nat)
    nat_subnet = nat.subnet
    if nat_subnet is not source.subnet:
        walk.nacl("inbound", nat_subnet, address=source.private_ip, ports=walk.port, reply=False)
    route = nat_subnet.route_table.lookup(address, service=service)
    if route is None or not isinstance(route.target, InternetGateway) or route.state != "active":
        walk.add("request", nat, "NAT gateway subnet", False, "NAT_IN_PRIVATE_SUBNET",
                 f"NAT gateway {nat.name} is in {nat_subnet.name}, whose route table {nat_subnet.route_table.name} "
                 f"has no route to an internet gateway for {address}: a NAT gateway belongs in a public subnet")
        return
    walk.add("request", nat, "address translation", True, "ALLOWED",
             f"NAT gateway {nat.name} replaces the source {source.private_ip} with its Elastic IP {nat.public_ip}")
    walk.nacl("outbound", nat_subnet, address=address, ports=walk.port, reply=False)
    _route_hop(walk, nat_subnet, route, address)
    walk.visit(route.target)
    walk.visit("internet" if kind == "internet" else ("service", service))
    nat_ports = ephemeral_ports("nat_gateway")
    walk.nacl("inbound", nat_subnet, address=address, ports=nat_ports, reply=True)
    if nat_subnet is not source.subnet:
        walk.nacl("outbound", nat_subnet, address=source.private_ip, ports=client, reply=True)
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)


def _groups_of(interface) -> frozenset[str]:
    return frozenset(g.id for g in interface.security_groups)


def _to_interface(walk: _Walk, source: NetworkInterface, dest: NetworkInterface, *, client) -> None:
    """From one interface to another: same subnet, same VPC, or across peering / a transit gateway."""
    walk.sg("outbound", source, address=dest.private_ip, groups=_groups_of(dest))
    same_subnet = source.subnet is dest.subnet
    if not same_subnet:
        walk.nacl("outbound", source.subnet, address=dest.private_ip, ports=walk.port, reply=False)
    route = source.subnet.route_table.lookup(dest.private_ip)
    if route is None or route.state == "blackhole":
        path = _peering_path(walk.models, source.vpc, dest.vpc) if dest.vpc is not source.vpc else None
        if path and len(path) > 2:
            via = " -> ".join(m.name for m in path)
            walk.add("request", source.subnet, "route table", False, "PEERING_NOT_TRANSITIVE",
                     f"{dest.vpc.name} is reachable only through {via}; peering is not transitive: peer "
                     f"{source.vpc.name} and {dest.vpc.name} directly or use a transit gateway",
                     node=f"route table {source.subnet.route_table.name}")
        else:
            _no_route(walk, source.subnet, dest.private_ip)
        return
    _route_hop(walk, source.subnet, route, dest.private_ip)
    if route.target == "local":
        if dest.vpc is not source.vpc:
            _no_route(walk, source.subnet, dest.private_ip)
            return
        _arrive(walk, source, dest, client=client, same_subnet=same_subnet)
        return
    if isinstance(route.target, PeeringConnection):
        connection = route.target
        other = connection.other(source.vpc)
        walk.visit(connection)
        if dest.vpc is not other:
            walk.add("request", connection, "peering", False, "PEERING_NOT_TRANSITIVE",
                     f"{connection.name} joins {source.vpc.name} and {other.name} only; {dest.private_ip} is in "
                     f"{dest.vpc.name}, and {other.name} does not pass peering traffic on")
            return
        walk.add("request", connection, "peering", True, "ALLOWED",
                 f"{connection.name} carries the request from {source.vpc.name} to {other.name}")
        _arrive(walk, source, dest, client=client, same_subnet=False, back_through=connection)
        return
    if isinstance(route.target, TransitGateway):
        hub = route.target
        walk.visit(hub)
        hub_route = hub.lookup(dest.private_ip)
        if hub_route is None or hub_route.attachment.vpc is not dest.vpc:
            walk.add("request", hub, "transit gateway route table", False, "NO_ROUTE",
                     f"transit gateway {hub.name} has no route to {dest.vpc.name} for {dest.private_ip}")
            return
        walk.add("request", hub, "transit gateway route table", True, "ALLOWED",
                 f"transit gateway {hub.name} sends {hub_route.destination} to its attachment for {dest.vpc.name}")
        _arrive(walk, source, dest, client=client, same_subnet=False, back_through=hub)
        return
    # A NAT or internet gateway sends the request towards the internet, where a private address is not reachable.
    walk.visit(route.target)
    path = _peering_path(walk.models, source.vpc, dest.vpc) if dest.vpc is not source.vpc else None
    if path and len(path) > 2:
        via = " -> ".join(m.name for m in path)
        walk.add("request", route.target, "forwarding", False, "PEERING_NOT_TRANSITIVE",
                 f"{dest.vpc.name} is reachable only through {via}, and peering is not transitive, so the most "
                 f"specific route sends {dest.private_ip} to {_label(route.target)}, towards the internet")
        return
    walk.add("request", route.target, "forwarding", False, "NO_ROUTE",
             f"{_label(route.target)} leads to the internet, where the private address {dest.private_ip} is not reachable")


def _arrive(walk, source, dest, *, client, same_subnet, back_through=None) -> None:
    """The request enters the destination's subnet and interface; then the reply goes back."""
    if not same_subnet:
        walk.nacl("inbound", dest.subnet, address=source.private_ip, ports=walk.port, reply=False)
    walk.visit(dest)
    walk.sg("inbound", dest, address=source.private_ip, groups=_groups_of(source))
    walk.add("reply", dest, "security groups", True, "ALLOWED",
             "security groups are stateful: the reply to an allowed request is allowed")
    if back_through is not None:
        route = dest.subnet.route_table.lookup(source.private_ip)
        if route is None or route.target is not back_through:
            where = "no route" if route is None else f"only {route.text()}"
            walk.add("reply", dest.subnet, "route table", False, "NO_ROUTE",
                     f"route table {dest.subnet.route_table.name} has {where} for the reply to {source.private_ip}; "
                     f"add a route for {source.vpc.cidr} -> {back_through.name} on this side too",
                     node=f"route table {dest.subnet.route_table.name}")
        else:
            _route_hop(walk, dest.subnet, route, source.private_ip, direction="reply")
    if not same_subnet:
        walk.nacl("outbound", dest.subnet, address=source.private_ip, ports=client, reply=True)
        walk.nacl("inbound", source.subnet, address=dest.private_ip, ports=client, reply=True)


def _from_internet(walk: _Walk, dest) -> None:
    kind, target = dest
    walk.visit("internet")
    client = ephemeral_ports(_ANY_CLIENT)
    if kind == "lb":
        _internet_to_balancer(walk, target, client=client)
        return
    if kind != "interface":
        raise VpcError("from the internet, the destination must be an instance, network interface or load balancer")
    interface = target
    vpc = interface.vpc
    gateway = vpc.internet_gateway
    if gateway is None:
        walk.add("request", "internet", "internet gateway", False, "NO_IGW",
                 f"VPC {vpc.name} has no attached internet gateway, so nothing on the internet can reach it")
        return
    walk.visit(gateway)
    _internet_to_interface(walk, gateway, interface, client=client)


def _internet_to_interface(walk, gateway, interface, *, client, listener_check=None) -> None:
    if not interface.public_ip:
        walk.add("request", gateway, "public address", False, "NO_PUBLIC_IP",
                 f"{_label(interface)} has no public IPv4 address or Elastic IP, so no internet address maps to it")
        return
    walk.add("request", gateway, "address translation", True, "ALLOWED",
             f"the internet gateway maps {interface.public_ip} to {interface.private_ip}")
    walk.nacl("inbound", interface.subnet, address=INTERNET_HOST, ports=walk.port, reply=False)
    walk.visit(interface)
    if listener_check is not None:
        listener_check()
    walk.sg("inbound", interface, address=INTERNET_HOST, groups=frozenset())
    walk.add("reply", interface, "security groups", True, "ALLOWED",
             "security groups are stateful: the reply to an allowed request is allowed")
    route = interface.subnet.route_table.lookup(INTERNET_HOST)
    table = interface.subnet.route_table
    if route is None or not isinstance(route.target, InternetGateway) or route.state != "active":
        found = "no route" if route is None else f"only {route.text()}"
        walk.add("reply", interface.subnet, "route table", False, "NO_ROUTE",
                 f"route table {table.name} has {found} back to {INTERNET_HOST} through the internet gateway, so "
                 f"subnet {interface.subnet.name} is private and the reply cannot leave",
                 node=f"route table {table.name}")
    else:
        _route_hop(walk, interface.subnet, route, INTERNET_HOST, direction="reply")
    walk.nacl("outbound", interface.subnet, address=INTERNET_HOST, ports=client, reply=True)


def _internet_to_balancer(walk, balancer, *, client) -> None:
    vpc = balancer.vpc
    if balancer.scheme != "internet-facing":
        walk.add("request", "internet", "load balancer scheme", False, "NO_PUBLIC_IP",
                 f"load balancer {balancer.name} is internal: it has only private addresses")
        return
    gateway = vpc.internet_gateway
    if gateway is None:
        walk.add("request", "internet", "internet gateway", False, "NO_IGW",
                 f"VPC {vpc.name} has no attached internet gateway, so its load balancer is unreachable")
        return
    walk.visit(gateway)
    walk.visit(balancer)
    listener = balancer.listener(walk.port)

    def listener_check():
        if listener is None:
            walk.add("request", balancer, "listener", False, "NO_LISTENER",
                     f"load balancer {balancer.name} has no listener on port {walk.port}")
        else:
            walk.add("request", balancer, "listener", True, "ALLOWED",
                     f"listener {listener.protocol}:{listener.port} forwards to target group {listener.default.name}"
                     + (" or a rule's group" if listener.rules else ""))

    # DNS hands clients the address of any AZ's node, so every node must work.
    for node in balancer.interfaces:
        _internet_to_interface(walk, gateway, node, client=client, listener_check=listener_check)


def reachability(model, source, destination, *, port: int, protocol: str = "tcp") -> Reachability:
    """Follow a connection from ``source`` to ``destination`` and explain every check.

    Args:
        model: A VPC, or a collection of VPCs joined by peering or transit gateways.
        source: An instance (or its name), a network interface, or ``"internet"``.
        destination: An instance (or its name), a network interface, a load
            balancer, ``"internet"`` or an AWS service name such as ``"s3"``.
        port: The destination port (1-65535; ignored for ICMP).
        protocol: ``"tcp"``, ``"udp"`` or ``"icmp"``.

    Returns:
        Reachability: ``.reachable``, ``.path``, ``.hops``, ``.reason`` and ``.explanation``.

    Raises:
        VpcError: an unknown source or destination, or a pair this model cannot follow.
        TypeError: arguments of the wrong kind.
    """
    models = _models(model)
    if not isinstance(protocol, str) or protocol.lower() not in _PROTOCOLS:
        raise VpcError(f"protocol {protocol!r:.100} must be one of {', '.join(_PROTOCOLS)}")
    protocol = protocol.lower()
    if isinstance(port, bool) or not isinstance(port, int):
        raise TypeError(f"port must be int, not {type(port).__name__}")
    if not 1 <= port <= 65535:
        raise VpcError(f"port {port} is outside 1-65535")
    src = _resolve(models, source, "source")
    dst = _resolve(models, destination, "destination")
    for _kind, obj in (src, dst):
        owner = getattr(obj, "vpc", None)
        if owner is not None and all(owner is not m for m in models):
            raise VpcError(f"{_label(obj)} belongs to VPC {owner.name}, which is not in the model")
    walk = _Walk(models, protocol, port)
    if src[0] == "internet":
        _from_internet(walk, dst)
    elif src[0] == "interface":
        if dst[0] == "interface" and dst[1] is src[1]:
            raise VpcError("source and destination are the same interface")
        _from_interface(walk, src[1], dst)
    else:
        raise VpcError(f"a {src[0]} cannot be a source here: start from an instance, a network interface or 'internet'")
    labels = tuple(_label(p) for p in walk.path)
    return Reachability(
        source=_label(src[1] if src[0] != "internet" else "internet"),
        destination=_label(dst[1] if dst[0] not in ("internet", "service") else ("internet" if dst[0] == "internet" else ("service", dst[1]))),
        protocol=protocol,
        port=port,
        hops=tuple(walk.hops),
        path=tuple(graph_node(p) for p in walk.path),
        path_labels=labels,
        models=models,
        services=tuple((graph_node(p), service_name(p[1])) for p in walk.path if isinstance(p, tuple)),
    )


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
