"""What :func:`~awsbasics.network.analyzer.reachability` answers: the reason codes, each check (a hop), the verdict.

A :class:`Reachability` holds the hops of one connection, request and reply, and
reads its verdict from them; the codes are explained in
:mod:`awsbasics.network.analyzer`.

    >>> hop = Hop(1, "request", "subnet web", "subnet_web", "network ACL outbound", True, "ALLOWED", "rule 100")
    >>> hop.text()
    ' 1. ok      [request] subnet web - network ACL outbound: rule 100 (ALLOWED)'

Source: https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics._protocol import Rendered, view

__all__ = ["REASONS", "Hop", "Reachability"]

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
    "NO_IPV6_ADDRESS": "over IPv6, an end of the connection has no IPv6 address",
    "EGRESS_ONLY": "an egress-only internet gateway lets IPv6 connections out, never in",
    "NAT_PRIVATE": "a private NAT gateway has no Elastic IP and cannot reach the internet",
    "AZ_UNAVAILABLE": "the Availability Zone of a resource on the path has failed",
}


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
    ip_version: int = 4
    failed_azs: tuple[str, ...] = ()

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
        over = " over IPv6" if self.ip_version == 6 else ""
        failed = f" with {', '.join(self.failed_azs)} failed" if self.failed_azs else ""
        return f"{self.source} -> {self.destination} {self.protocol}/{self.port}{over}{failed}: {outcome}"

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
