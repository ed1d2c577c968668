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
NO_IPV6_ADDRESS         over IPv6, an end of the connection has no IPv6 address (its subnet
                        is not dual-stack, or the instance was given none)
EGRESS_ONLY             over IPv6, the subnet's route to the internet goes to an egress-only
                        internet gateway, which lets connections out and never in
NAT_PRIVATE             a private NAT gateway has no Elastic IP and cannot reach the internet
AZ_UNAVAILABLE          the Availability Zone of a resource on the path has failed
                        (``failed_azs=``): zonal resources there carry nothing
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

The codes and result types live in :mod:`awsbasics.network.reachability_result`, the
node ids of a path and the model's networkx graph in :mod:`awsbasics.network.graph`;
both are re-exported here.

Simplifications: security groups and network ACLs are evaluated as AWS
documents them; Elastic IP quotas are counted per VPC object; a load
balancer is checked from the internet to its listener (targets are not
followed); AWS service endpoints and internet hosts are represented by one
documentation address each (RFC 5737), which any ``0.0.0.0/0`` rule covers.

Source: https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics.errors import VpcError
from awsbasics.network.gateways import (
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VpcEndpoint,
    service_name,
)
from awsbasics.network.graph import _label, _models, graph_node, network_graph
from awsbasics.network.reachability_result import REASONS, Hop, Reachability
from awsbasics.network.security import ephemeral_ports, port_range
from awsbasics.network.vpc import VPC, Instance, NetworkInterface

__all__ = ["REASONS", "Hop", "Reachability", "reachability", "network_graph", "graph_node"]


_RANGES = data.value("vpc", "documentation_ranges")
INTERNET_HOST: str = _RANGES["internet_host"]
INTERNET_HOST_V6: str = _RANGES["ipv6_internet_host"]
SERVICE_HOST: str = _RANGES["aws_service_host"]
_ANY_CLIENT = "any"
_PROTOCOLS = ("tcp", "udp", "icmp")
_MAX_FAILED_AZS = 64  # a bound on the argument's length (Regions have 2-6 AZs), checked before anything loops


# ----- resolving endpoints -------------------------------------------------------------------


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
        raise TypeError(
            f"{what} must be an Instance, NetworkInterface, LoadBalancer or a name, not {type(endpoint).__name__}"
        )
    if endpoint == "internet":
        return ("internet", None)
    found = [
        item
        for m in models
        for item in (*m.instances, *m.network_interfaces, *m.load_balancers)
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


# ----- the walk ------------------------------------------------------------------------------


class _Walk:
    def __init__(self, models, protocol: str, port: int, *, ip_version: int = 4, failed_azs=frozenset()):
        self.models = models
        self.protocol = protocol
        self.port = port
        self.ip_version = ip_version
        self.failed_azs = failed_azs
        self.hops: list[Hop] = []
        self.path: list = []

    def add(self, direction, obj, check, allowed, reason, detail, *, node=None) -> bool:
        where = node or _label(obj)
        self.hops.append(
            Hop(
                len(self.hops) + 1,
                direction,
                where,
                graph_node(obj),
                check,
                allowed,
                "ALLOWED" if allowed else reason,
                detail,
            )
        )
        return allowed

    def visit(self, obj) -> None:
        if not self.path or self.path[-1] is not obj:
            self.path.append(obj)

    # -- filters --

    def sg(self, direction, interface, *, address, groups, port=None) -> bool:
        port = self.port if port is None else port
        groups_text = ", ".join(g.name for g in interface.security_groups)
        if not interface.security_groups:
            return self.add(
                "request",
                interface,
                f"security groups {direction}",
                True,
                "ALLOWED",
                "no security groups on this interface: nothing is filtered here",
            )
        for group in interface.security_groups:
            verdict = group.evaluate(direction, protocol=self.protocol, port=port, address=address, groups=groups)
            if verdict.allowed:
                return self.add("request", interface, f"security group {direction}", True, "ALLOWED", verdict.detail)
        code = "SG_OUTBOUND_DENIED" if direction == "outbound" else "SG_INBOUND_DENIED"
        peer = "to" if direction == "outbound" else "from"
        return self.add(
            "request",
            interface,
            f"security group {direction}",
            False,
            code,
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
            detail = (
                f"{verdict.detail}. The reply goes to the client's ephemeral ports {low}-{high}; a network ACL "
                "is stateless, so it needs a rule that allows them"
            )
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
    walk.add(
        direction,
        subnet,
        what,
        True,
        "ALLOWED",
        f"route table {table.name} sends {address} to {route.text()}",
        node=f"route table {table.name}",
    )


def _no_route(walk, subnet, address, *, direction="request", hint="") -> None:
    table = subnet.route_table
    walk.add(
        direction,
        subnet,
        "route table",
        False,
        "NO_ROUTE",
        f"route table {table.name} has no route that matches {address}{hint}",
        node=f"route table {table.name}",
    )


def _failed(walk, interface, direction="request") -> bool:
    """A blocked hop (and True) when the interface's AZ has failed."""
    if interface.az in walk.failed_azs:
        walk.add(
            direction,
            interface,
            "Availability Zone",
            False,
            "AZ_UNAVAILABLE",
            f"{_label(interface)} is in {interface.az}, which has failed",
        )
        return True
    return False


def _no_ipv6(walk, interface) -> bool:
    """A blocked hop (and True) when an IPv6 walk meets an interface without an IPv6 address."""
    if walk.ip_version == 6 and not interface.ipv6_address:
        subnet = interface.subnet
        why = (
            f"subnet {subnet.name} has no IPv6 block"
            if subnet.ipv6_cidr is None
            else f"it was given none (its subnet {subnet.name} is dual-stack: add the instance with ipv6=True)"
        )
        walk.add(
            "request",
            interface,
            "IPv6 address",
            False,
            "NO_IPV6_ADDRESS",
            f"{_label(interface)} has no IPv6 address: {why}",
        )
        return True
    return False


def _blackhole(walk: _Walk, subnet, route) -> bool:
    """A blocked hop (and True) when ``route`` points to an internet gateway that is no longer attached."""
    if route.state != "blackhole":
        return False
    walk.add(
        "request",
        subnet,
        "route table",
        False,
        "NO_IGW",
        f"route {route.text()} points to an internet gateway that is no longer attached",
        node=f"route table {subnet.route_table.name}",
    )
    return True


def _ipv6_to_internet(walk: _Walk, source: NetworkInterface) -> None:
    """An IPv6 connection out to the internet: through an internet gateway or an egress-only one."""
    client = _client_ports(source)
    walk.sg("outbound", source, address=INTERNET_HOST_V6, groups=frozenset())
    walk.nacl("outbound", source.subnet, address=INTERNET_HOST_V6, ports=walk.port, reply=False)
    route = source.subnet.route_table.lookup(INTERNET_HOST_V6)
    if route is None:
        _no_route(
            walk,
            source.subnet,
            INTERNET_HOST_V6,
            hint="; an IPv6 subnet reaches the internet through a route ::/0 to an internet gateway "
            "(public) or to an egress-only internet gateway (outbound only)",
        )
        return
    if _blackhole(walk, source.subnet, route):
        return
    _route_hop(walk, source.subnet, route, INTERNET_HOST_V6)
    gateway = route.target
    walk.visit(gateway)
    if isinstance(gateway, EgressOnlyInternetGateway):
        walk.add(
            "request",
            gateway,
            "egress-only",
            True,
            "ALLOWED",
            f"egress-only internet gateway {gateway.name} lets {source.ipv6_address} open the connection and lets "
            "its replies back (it is stateful); no address translation: IPv6 addresses are globally unique",
        )
    else:
        walk.add(
            "request",
            gateway,
            "IPv6 forwarding",
            True,
            "ALLOWED",
            f"the internet gateway forwards {source.ipv6_address} as it is: IPv6 addresses are globally unique, "
            "so nothing is translated",
        )
    walk.visit("internet")
    walk.nacl("inbound", source.subnet, address=INTERNET_HOST_V6, ports=client, reply=True)


def _from_interface(walk: _Walk, source: NetworkInterface, dest) -> None:
    kind, target = dest
    vpc = source.vpc
    walk.visit(source)
    if _failed(walk, source):
        return
    client = _client_ports(source)
    if walk.ip_version == 6:
        if kind not in ("internet", "interface"):
            raise VpcError("over IPv6 this model follows connections to 'internet' and between interfaces only")
        if _no_ipv6(walk, source):
            return
        if kind == "internet":
            _ipv6_to_internet(walk, source)
            return
        if _no_ipv6(walk, target):
            return
    service = target if kind == "service" else None
    if kind == "service":
        interface_endpoint = next((e for e in vpc.endpoints if e.kind == "interface" and e.service == service), None)
        if interface_endpoint is not None:
            node = next(
                (i for i in interface_endpoint.interfaces if i.az == source.az), interface_endpoint.interfaces[0]
            )
            walk.add(
                "request",
                interface_endpoint,
                "DNS",
                True,
                "ALLOWED",
                f"private DNS resolves {service} to interface endpoint {interface_endpoint.name} at {node.private_ip}",
            )
            _to_interface(walk, source, node, client=client)
            walk.visit(("service", service))
            walk.add(
                "request",
                ("service", service),
                "endpoint",
                True,
                "ALLOWED",
                f"{interface_endpoint.name} carries the request to {service} inside the AWS network",
            )
            return
    if kind == "lb":
        balancer = target
        node = next((i for i in balancer.interfaces if i.az == source.az), balancer.interfaces[0])
        listener = balancer.listener(walk.port)
        if listener is None:
            _no_listener(walk, balancer)
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
            walk.add(
                "request",
                source.subnet,
                "route table",
                False,
                "NO_ENDPOINT",
                f"route table {source.subnet.route_table.name} has no route for {service}: add a VPC endpoint "
                "for it, or a route to the internet",
                node=f"route table {source.subnet.route_table.name}",
            )
        else:
            hint = _internet_hint(vpc)
            walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
            _no_route(walk, source.subnet, address, hint=hint)
        return
    if isinstance(route.target, VpcEndpoint):
        walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
        _route_hop(walk, source.subnet, route, f"{service} ({route.destination})")
        walk.visit(route.target)
        walk.add(
            "request",
            route.target,
            "gateway endpoint",
            True,
            "ALLOWED",
            f"gateway endpoint {route.target.name} delivers to {service} privately, without the internet",
        )
        walk.visit(("service", service))
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)
        return
    walk.nacl("outbound", source.subnet, address=address, ports=walk.port, reply=False)
    if _blackhole(walk, source.subnet, route):
        return
    _route_hop(walk, source.subnet, route, address)
    if isinstance(route.target, InternetGateway):
        gateway = route.target
        walk.visit(gateway)
        if not source.public_ip:
            walk.add(
                "request",
                gateway,
                "public address",
                False,
                "NO_PUBLIC_IP",
                f"{_label(source)} has no public IPv4 address or Elastic IP, so the internet gateway cannot "
                "translate its private address; give it one, or route through a NAT gateway",
            )
            return
        walk.add(
            "request",
            gateway,
            "address translation",
            True,
            "ALLOWED",
            f"the internet gateway translates {source.private_ip} to its public address {source.public_ip}",
        )
        walk.visit("internet" if kind == "internet" else ("service", service))
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)
    elif isinstance(route.target, NatGateway):
        _through_nat(walk, source, route.target, address=address, client=client, kind=kind, service=service)
    elif kind != "interface":
        walk.add(
            "request",
            route.target,
            "forwarding",
            False,
            "NO_ROUTE",
            f"{_label(route.target)} leads to other VPCs, not to {address}",
        )


def _internet_hint(vpc) -> str:
    nats = [n for n in vpc.nat_gateways if n.subnet.is_public]
    if nats:
        return f"; a private subnet reaches the internet through a NAT gateway: add a route 0.0.0.0/0 -> {nats[0].name}"
    if vpc.internet_gateway is None:
        return "; the VPC has no internet gateway either"
    return (
        "; a private subnet reaches the internet through a NAT gateway, which needs a public subnet "
        "(none exists yet in this VPC)"
    )


def _through_nat(walk, source, nat: NatGateway, *, address, client, kind, service) -> None:
    walk.visit(nat)
    nat_subnet = nat.subnet
    if nat.az in walk.failed_azs:
        walk.add(
            "request",
            nat,
            "Availability Zone",
            False,
            "AZ_UNAVAILABLE",
            f"NAT gateway {nat.name} lives in {nat.az}, which has failed; a NAT gateway is zonal, so every subnet "
            f"whose route table points at it loses the internet. One NAT gateway per AZ, each AZ's private "
            "subnets routed to their own, keeps the other AZs online",
        )
        return
    if nat.connectivity == "private":
        walk.add(
            "request",
            nat,
            "NAT gateway type",
            False,
            "NAT_PRIVATE",
            f"NAT gateway {nat.name} is a private NAT gateway: it has no Elastic IP and cannot reach the internet "
            "(it connects to other VPCs or on-premises networks); use a public NAT gateway for internet access",
        )
        return
    if nat_subnet is not source.subnet:
        walk.nacl("inbound", nat_subnet, address=source.private_ip, ports=walk.port, reply=False)
    route = nat_subnet.route_table.lookup(address, service=service)
    if route is None or not isinstance(route.target, InternetGateway) or route.state != "active":
        walk.add(
            "request",
            nat,
            "NAT gateway subnet",
            False,
            "NAT_IN_PRIVATE_SUBNET",
            f"NAT gateway {nat.name} is in {nat_subnet.name}, whose route table {nat_subnet.route_table.name} "
            f"has no route to an internet gateway for {address}: a NAT gateway belongs in a public subnet",
        )
        return
    walk.add(
        "request",
        nat,
        "address translation",
        True,
        "ALLOWED",
        f"NAT gateway {nat.name} replaces the source {source.private_ip} with its Elastic IP {nat.public_ip}",
    )
    walk.nacl("outbound", nat_subnet, address=address, ports=walk.port, reply=False)
    _route_hop(walk, nat_subnet, route, address)
    walk.visit(route.target)
    walk.visit("internet" if kind == "internet" else ("service", service))
    nat_ports = ephemeral_ports("nat_gateway")
    walk.nacl("inbound", nat_subnet, address=address, ports=nat_ports, reply=True)
    if nat_subnet is not source.subnet:
        walk.nacl("outbound", nat_subnet, address=source.private_ip, ports=client, reply=True)
        walk.nacl("inbound", source.subnet, address=address, ports=client, reply=True)


def _addr(walk, interface) -> str:
    """The interface's address in the walk's IP version."""
    return interface.ipv6_address if walk.ip_version == 6 else interface.private_ip


def _groups_of(interface) -> frozenset[str]:
    return frozenset(g.id for g in interface.security_groups)


def _to_interface(walk: _Walk, source: NetworkInterface, dest: NetworkInterface, *, client) -> None:
    """From one interface to another: same subnet, same VPC, or across peering / a transit gateway."""
    walk.sg("outbound", source, address=_addr(walk, dest), groups=_groups_of(dest))
    same_subnet = source.subnet is dest.subnet
    if not same_subnet:
        walk.nacl("outbound", source.subnet, address=_addr(walk, dest), ports=walk.port, reply=False)
    route = source.subnet.route_table.lookup(_addr(walk, dest))
    if route is None or route.state == "blackhole":
        path = _peering_path(walk.models, source.vpc, dest.vpc) if dest.vpc is not source.vpc else None
        if path and len(path) > 2:
            via = " -> ".join(m.name for m in path)
            walk.add(
                "request",
                source.subnet,
                "route table",
                False,
                "PEERING_NOT_TRANSITIVE",
                f"{dest.vpc.name} is reachable only through {via}; peering is not transitive: peer "
                f"{source.vpc.name} and {dest.vpc.name} directly or use a transit gateway",
                node=f"route table {source.subnet.route_table.name}",
            )
        else:
            _no_route(walk, source.subnet, _addr(walk, dest))
        return
    _route_hop(walk, source.subnet, route, _addr(walk, dest))
    if route.target == "local":
        if dest.vpc is not source.vpc:
            _no_route(walk, source.subnet, _addr(walk, dest))
            return
        _arrive(walk, source, dest, client=client, same_subnet=same_subnet)
        return
    if isinstance(route.target, PeeringConnection):
        connection = route.target
        other = connection.other(source.vpc)
        walk.visit(connection)
        if dest.vpc is not other:
            walk.add(
                "request",
                connection,
                "peering",
                False,
                "PEERING_NOT_TRANSITIVE",
                f"{connection.name} joins {source.vpc.name} and {other.name} only; {_addr(walk, dest)} is in "
                f"{dest.vpc.name}, and {other.name} does not pass peering traffic on",
            )
            return
        walk.add(
            "request",
            connection,
            "peering",
            True,
            "ALLOWED",
            f"{connection.name} carries the request from {source.vpc.name} to {other.name}",
        )
        _arrive(walk, source, dest, client=client, same_subnet=False, back_through=connection)
        return
    if isinstance(route.target, TransitGateway):
        hub = route.target
        walk.visit(hub)
        hub_route = hub.lookup(_addr(walk, dest))
        if hub_route is None or hub_route.attachment.vpc is not dest.vpc:
            walk.add(
                "request",
                hub,
                "transit gateway route table",
                False,
                "NO_ROUTE",
                f"transit gateway {hub.name} has no route to {dest.vpc.name} for {_addr(walk, dest)}",
            )
            return
        walk.add(
            "request",
            hub,
            "transit gateway route table",
            True,
            "ALLOWED",
            f"transit gateway {hub.name} sends {hub_route.destination} to its attachment for {dest.vpc.name}",
        )
        _arrive(walk, source, dest, client=client, same_subnet=False, back_through=hub)
        return
    # A NAT or internet gateway sends the request towards the internet, where a private address is not reachable.
    walk.visit(route.target)
    path = _peering_path(walk.models, source.vpc, dest.vpc) if dest.vpc is not source.vpc else None
    if path and len(path) > 2:
        via = " -> ".join(m.name for m in path)
        walk.add(
            "request",
            route.target,
            "forwarding",
            False,
            "PEERING_NOT_TRANSITIVE",
            f"{dest.vpc.name} is reachable only through {via}, and peering is not transitive, so the most "
            f"specific route sends {_addr(walk, dest)} to {_label(route.target)}, towards the internet",
        )
        return
    walk.add(
        "request",
        route.target,
        "forwarding",
        False,
        "NO_ROUTE",
        f"{_label(route.target)} leads to the internet, where the private address {_addr(walk, dest)} is not reachable",
    )


def _arrive(walk, source, dest, *, client, same_subnet, back_through=None) -> None:
    """The request enters the destination's subnet and interface; then the reply goes back."""
    if _failed(walk, dest):
        return
    if not same_subnet:
        walk.nacl("inbound", dest.subnet, address=_addr(walk, source), ports=walk.port, reply=False)
    walk.visit(dest)
    walk.sg("inbound", dest, address=_addr(walk, source), groups=_groups_of(source))
    walk.add(
        "reply",
        dest,
        "security groups",
        True,
        "ALLOWED",
        "security groups are stateful: the reply to an allowed request is allowed",
    )
    if back_through is not None:
        route = dest.subnet.route_table.lookup(_addr(walk, source))
        if route is None or route.target is not back_through:
            where = "no route" if route is None else f"only {route.text()}"
            walk.add(
                "reply",
                dest.subnet,
                "route table",
                False,
                "NO_ROUTE",
                f"route table {dest.subnet.route_table.name} has {where} for the reply to {_addr(walk, source)}; "
                f"add a route for {source.vpc.cidr} -> {back_through.name} on this side too",
                node=f"route table {dest.subnet.route_table.name}",
            )
        else:
            _route_hop(walk, dest.subnet, route, _addr(walk, source), direction="reply")
    if not same_subnet:
        walk.nacl("outbound", dest.subnet, address=_addr(walk, source), ports=client, reply=True)
        walk.nacl("inbound", source.subnet, address=_addr(walk, dest), ports=client, reply=True)


def _ipv6_from_internet(walk: _Walk, interface, *, client) -> None:
    """An IPv6 connection the internet opens: the subnet must route ::/0 to the internet gateway."""
    vpc = interface.vpc
    gateway = vpc.internet_gateway
    if gateway is None:
        extra = (
            f"; its egress-only internet gateway {vpc.egress_only_internet_gateway.name} lets connections out, never in"
            if vpc.egress_only_internet_gateway
            else ""
        )
        walk.add(
            "request",
            "internet",
            "internet gateway",
            False,
            "NO_IGW",
            f"VPC {vpc.name} has no attached internet gateway, so nothing on the internet can reach it{extra}",
        )
        return
    walk.visit(gateway)
    if _no_ipv6(walk, interface):
        return
    table = interface.subnet.route_table
    route = table.lookup(INTERNET_HOST_V6)
    if route is not None and isinstance(route.target, EgressOnlyInternetGateway):
        walk.add(
            "request",
            route.target,
            "egress-only",
            False,
            "EGRESS_ONLY",
            f"route table {table.name} sends IPv6 internet traffic to egress-only internet gateway "
            f"{route.target.name}, which lets connections out of subnet {interface.subnet.name} and refuses "
            "every connection the internet opens",
            node=f"route table {table.name}",
        )
        return
    if route is None or not isinstance(route.target, InternetGateway) or route.state != "active":
        found = "no route" if route is None else f"only {route.text()}"
        walk.add(
            "request",
            interface.subnet,
            "route table",
            False,
            "NO_ROUTE",
            f"route table {table.name} has {found} for ::/0 through the internet gateway, so subnet "
            f"{interface.subnet.name} is private for IPv6",
            node=f"route table {table.name}",
        )
        return
    walk.add(
        "request",
        gateway,
        "IPv6 forwarding",
        True,
        "ALLOWED",
        f"the internet gateway delivers to {interface.ipv6_address} as it is: IPv6 addresses are globally unique",
    )
    walk.nacl("inbound", interface.subnet, address=INTERNET_HOST_V6, ports=walk.port, reply=False)
    walk.visit(interface)
    if _failed(walk, interface):
        return
    walk.sg("inbound", interface, address=INTERNET_HOST_V6, groups=frozenset())
    walk.add(
        "reply",
        interface,
        "security groups",
        True,
        "ALLOWED",
        "security groups are stateful: the reply to an allowed request is allowed",
    )
    _route_hop(walk, interface.subnet, route, INTERNET_HOST_V6, direction="reply")
    walk.nacl("outbound", interface.subnet, address=INTERNET_HOST_V6, ports=client, reply=True)


def _from_internet(walk: _Walk, dest) -> None:
    kind, target = dest
    walk.visit("internet")
    client = ephemeral_ports(_ANY_CLIENT)
    if walk.ip_version == 6:
        if kind != "interface":
            raise VpcError(
                "over IPv6, from the internet this model follows connections to an instance or network interface only"
            )
        _ipv6_from_internet(walk, target, client=client)
        return
    if kind == "lb":
        _internet_to_balancer(walk, target, client=client)
        return
    if kind != "interface":
        raise VpcError("from the internet, the destination must be an instance, network interface or load balancer")
    interface = target
    vpc = interface.vpc
    gateway = vpc.internet_gateway
    if gateway is None:
        walk.add(
            "request",
            "internet",
            "internet gateway",
            False,
            "NO_IGW",
            f"VPC {vpc.name} has no attached internet gateway, so nothing on the internet can reach it",
        )
        return
    walk.visit(gateway)
    _internet_to_interface(walk, gateway, interface, client=client)


def _internet_to_interface(walk, gateway, interface, *, client, listener_check=None) -> None:
    if not interface.public_ip:
        walk.add(
            "request",
            gateway,
            "public address",
            False,
            "NO_PUBLIC_IP",
            f"{_label(interface)} has no public IPv4 address or Elastic IP, so no internet address maps to it",
        )
        return
    walk.add(
        "request",
        gateway,
        "address translation",
        True,
        "ALLOWED",
        f"the internet gateway maps {interface.public_ip} to {interface.private_ip}",
    )
    walk.nacl("inbound", interface.subnet, address=INTERNET_HOST, ports=walk.port, reply=False)
    walk.visit(interface)
    if _failed(walk, interface):
        return
    if listener_check is not None:
        listener_check()
    walk.sg("inbound", interface, address=INTERNET_HOST, groups=frozenset())
    walk.add(
        "reply",
        interface,
        "security groups",
        True,
        "ALLOWED",
        "security groups are stateful: the reply to an allowed request is allowed",
    )
    route = interface.subnet.route_table.lookup(INTERNET_HOST)
    table = interface.subnet.route_table
    if route is None or not isinstance(route.target, InternetGateway) or route.state != "active":
        found = "no route" if route is None else f"only {route.text()}"
        walk.add(
            "reply",
            interface.subnet,
            "route table",
            False,
            "NO_ROUTE",
            f"route table {table.name} has {found} back to {INTERNET_HOST} through the internet gateway, so "
            f"subnet {interface.subnet.name} is private and the reply cannot leave",
            node=f"route table {table.name}",
        )
    else:
        _route_hop(walk, interface.subnet, route, INTERNET_HOST, direction="reply")
    walk.nacl("outbound", interface.subnet, address=INTERNET_HOST, ports=client, reply=True)


def _no_listener(walk: _Walk, balancer) -> None:
    walk.add(
        "request",
        balancer,
        "listener",
        False,
        "NO_LISTENER",
        f"load balancer {balancer.name} has no listener on port {walk.port}",
    )


def _internet_to_balancer(walk, balancer, *, client) -> None:
    vpc = balancer.vpc
    if balancer.scheme != "internet-facing":
        walk.add(
            "request",
            "internet",
            "load balancer scheme",
            False,
            "NO_PUBLIC_IP",
            f"load balancer {balancer.name} is internal: it has only private addresses",
        )
        return
    gateway = vpc.internet_gateway
    if gateway is None:
        walk.add(
            "request",
            "internet",
            "internet gateway",
            False,
            "NO_IGW",
            f"VPC {vpc.name} has no attached internet gateway, so its load balancer is unreachable",
        )
        return
    walk.visit(gateway)
    walk.visit(balancer)
    listener = balancer.listener(walk.port)

    def listener_check():
        if listener is None:
            _no_listener(walk, balancer)
        else:
            walk.add(
                "request",
                balancer,
                "listener",
                True,
                "ALLOWED",
                f"listener {listener.protocol}:{listener.port} forwards to target group {listener.default.name}"
                + (" or a rule's group" if listener.rules else ""),
            )

    # DNS hands clients the address of any AZ's node, so every node must work; a failed AZ's node leaves DNS.
    nodes = [n for n in balancer.interfaces if n.az not in walk.failed_azs]
    if not nodes:
        walk.add(
            "request",
            balancer,
            "Availability Zone",
            False,
            "AZ_UNAVAILABLE",
            f"every AZ of load balancer {balancer.name} ({', '.join(n.az for n in balancer.interfaces)}) has failed",
        )
        return
    for node in nodes:
        _internet_to_interface(walk, gateway, node, client=client, listener_check=listener_check)


def reachability(
    model, source, destination, *, port: int, protocol: str = "tcp", ip_version: int = 4, failed_azs=()
) -> Reachability:
    """Follow a connection from ``source`` to ``destination`` and explain every check.

    Args:
        model: A VPC, or a collection of VPCs joined by peering or transit gateways.
        source: An instance (or its name), a network interface, or ``"internet"``.
        destination: An instance (or its name), a network interface, a load
            balancer, ``"internet"`` or an AWS service name such as ``"s3"``.
        port: The destination port (1-65535; ignored for ICMP).
        protocol: ``"tcp"``, ``"udp"`` or ``"icmp"``.
        ip_version: ``4`` (default) or ``6``: follow the connection over IPv6
            addresses (instances and the internet only).
        failed_azs: Availability Zones to treat as failed: instances, NAT
            gateways and load balancer nodes there carry nothing.

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
    port = require_int(port, "port")
    if not 1 <= port <= 65535:
        raise VpcError(f"port {port} is outside 1-65535")
    ip_version = require_int(ip_version, "ip_version")
    if ip_version not in (4, 6):
        raise VpcError(f"ip_version {ip_version} must be 4 or 6")
    if isinstance(failed_azs, (str, bytes)) or not isinstance(failed_azs, Iterable):
        raise TypeError(f"failed_azs must be a list of AZ names, not {type(failed_azs).__name__}")
    failed = tuple(itertools.islice(failed_azs, _MAX_FAILED_AZS + 1))  # read no more than could be valid
    if len(failed) > _MAX_FAILED_AZS:
        raise VpcError(f"failed_azs lists more than {_MAX_FAILED_AZS} zones; a Region has only a handful")
    zones = {az for m in models for az in m.availability_zones}
    for zone in failed:
        if not isinstance(zone, str):
            raise TypeError(f"failed_azs holds AZ names (str), not {type(zone).__name__}")
        if zone not in zones:
            raise VpcError(
                f"failed_azs names {zone!r:.60}, which is not an AZ of the model ({', '.join(sorted(zones))})"
            )
    src = _resolve(models, source, "source")
    dst = _resolve(models, destination, "destination")
    for _kind, obj in (src, dst):
        owner = getattr(obj, "vpc", None)
        if owner is not None and all(owner is not m for m in models):
            raise VpcError(f"{_label(obj)} belongs to VPC {owner.name}, which is not in the model")
    walk = _Walk(models, protocol, port, ip_version=ip_version, failed_azs=frozenset(failed))
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
        destination=_label(
            dst[1]
            if dst[0] not in ("internet", "service")
            else ("internet" if dst[0] == "internet" else ("service", dst[1]))
        ),
        protocol=protocol,
        port=port,
        hops=tuple(walk.hops),
        path=tuple(graph_node(p) for p in walk.path),
        path_labels=labels,
        models=models,
        services=tuple((graph_node(p), service_name(p[1])) for p in walk.path if isinstance(p, tuple)),
        ip_version=ip_version,
        failed_azs=failed,
    )
