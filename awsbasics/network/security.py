"""Security groups (보안 그룹) and network ACLs (네트워크 ACL): the two filters of a VPC.

A **security group** sits on a network interface. It is *stateful* (replies to
allowed traffic pass without a rule), holds *allow* rules only, and a rule's
peer is a CIDR block or another security group (chaining). A new group allows
nothing in and everything out.

A **network ACL** sits on a subnet boundary. It is *stateless* (replies need
their own rule, usually the ephemeral ports 1024-65535), holds numbered *allow*
and *deny* rules evaluated from the lowest number, and ends with the ``*`` rule
that denies everything else. AWS evaluates both: traffic must pass the network
ACL of every subnet it crosses *and* the security groups.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> web = vpc.add_security_group("web")
    >>> web.allow_inbound(443, source="0.0.0.0/0")
    SgRule(direction='inbound', protocol='tcp', from_port=443, to_port=443, peer='0.0.0.0/0', description='')
    >>> web.evaluate("inbound", protocol="tcp", port=443, address="192.0.2.10").allowed
    True

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html,
https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import view
from awsbasics.errors import CidrError, VpcError
from awsbasics.network.cidr import Cidr
from awsbasics.network.ipv6 import Ipv6Cidr, is_ipv6

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC

__all__ = [
    "PROTOCOLS",
    "DIRECTIONS",
    "SgRule",
    "SecurityGroup",
    "NaclRule",
    "NetworkAcl",
    "Verdict",
    "port_range",
    "ephemeral_ports",
    "NACL_RULE_NUMBERS",
    "NACL_CATCH_ALL_RULE_NUMBER",
    "EPHEMERAL_PORTS",
]

PROTOCOLS = ("tcp", "udp", "icmp", "all")
DIRECTIONS = ("inbound", "outbound")
# IANA protocol numbers, as the EC2 API writes them ("-1" is every protocol).
PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1", "all": "-1"}
_MAX_PORT = 65535
NACL_RULE_NUMBERS: dict = data.value("vpc", "nacl_rule_numbers")
# The rule number DescribeNetworkAcls reports for the final '*' rule (NaclRule.number None here).
NACL_CATCH_ALL_RULE_NUMBER: int = data.value("vpc", "nacl_catch_all_rule_number")
EPHEMERAL_PORTS: tuple[int, int] = tuple(data.value("vpc", "ephemeral_ports").values())
DEFAULT_ALLOW_RULE: int = data.value("vpc", "default_network_acl_allow_rule")


def block_text(block: object) -> str:
    """The canonical text of an IPv4 or IPv6 block (``"::/0"``, ``"10.0.0.0/16"``)."""
    if isinstance(block, (Cidr, Ipv6Cidr)):
        return str(block)
    block = require_str(block, "a CIDR block")
    return str(Ipv6Cidr.parse(block)) if is_ipv6(block) else str(Cidr.parse(block))


def check_address(address: object) -> str:
    """``address`` if it is one IPv4 or IPv6 address (not a block); else CidrError or TypeError."""
    address = require_str(address, "address")
    try:
        if "/" in address:
            raise CidrError("a block, not one address")
        if is_ipv6(address):
            Ipv6Cidr.parse(address + "/128")
        else:
            Cidr.parse(address + "/32")
    except CidrError as error:
        raise CidrError(f"{reprlib.repr(address)} is not one IPv4 or IPv6 address ({error})") from None
    return address


def block_contains(block: str, address: str) -> bool:
    """Whether the block (text) holds the address; blocks of one family never hold the other's addresses."""
    if is_ipv6(block) != is_ipv6(address):
        return False
    return (Ipv6Cidr if is_ipv6(block) else Cidr).parse(block).contains(address)


def _protocol(protocol: object) -> str:
    if not isinstance(protocol, str):
        raise TypeError(f"protocol must be str such as 'tcp', not {type(protocol).__name__}")
    name = protocol.strip().lower()
    by_number = {number: name for name, number in PROTOCOL_NUMBERS.items()}
    name = by_number.get(name, name)
    if name not in PROTOCOLS:
        raise VpcError(f"protocol {protocol!r} is not one this model knows: use one of {', '.join(PROTOCOLS)}")
    return name


def _direction(direction: object) -> str:
    """``direction`` if it is 'inbound' or 'outbound'; else a VpcError naming both."""
    if not isinstance(direction, str):
        raise TypeError(f"direction must be str such as 'inbound', not {type(direction).__name__}")
    if direction not in DIRECTIONS:
        raise VpcError(f"direction {direction!r} must be 'inbound' or 'outbound'")
    return direction


def port_range(ports: object, *, protocol: str = "tcp") -> tuple[int, int]:
    """``(from_port, to_port)`` for a port, a ``(from, to)`` pair or ``"all"``.

    >>> port_range(443), port_range((1024, 65535)), port_range("all")
    ((443, 443), (1024, 65535), (0, 65535))

    Raises:
        VpcError: a port outside 0-65535 or a range that runs backwards.
    """
    if _protocol(protocol) in ("all", "icmp") or ports in ("all", None):
        return (0, _MAX_PORT)
    if isinstance(ports, bool):
        raise TypeError("ports must be an int, a (from, to) pair or 'all', not bool")
    if isinstance(ports, int):
        low = high = ports
    elif (
        isinstance(ports, (tuple, list))
        and len(ports) == 2
        and all(isinstance(p, int) and not isinstance(p, bool) for p in ports)
    ):
        low, high = ports
    else:
        raise TypeError(f"ports must be an int, a (from, to) pair or 'all', not {ports!r}")
    if not 0 <= low <= _MAX_PORT or not 0 <= high <= _MAX_PORT:
        raise VpcError(f"port range {low}-{high} is outside 0-{_MAX_PORT}, the TCP/UDP port numbers")
    if low > high:
        raise VpcError(f"port range {low}-{high} runs backwards; write the lower port first ({high}-{low})")
    return (low, high)


def ephemeral_ports(client: str = "any") -> tuple[int, int]:
    """The source-port range a kind of client uses (AWS's list), e.g. ``"linux"``.

    >>> ephemeral_ports("linux"), ephemeral_ports("nat_gateway")
    ((32768, 61000), (1024, 65535))
    """
    client = require_str(client, "client")
    rows = {row[0]: (row[1], row[2]) for row in data.fact("vpc", "ephemeral_port_ranges")["rows"]}
    if client not in rows:
        raise VpcError(f"unknown client kind {client!r}; AWS lists ephemeral ports for {', '.join(rows)}")
    return rows[client]


def _ports_text(protocol: str, low: int, high: int) -> str:
    if protocol == "all":
        return "all traffic"
    if protocol == "icmp":
        return "icmp"
    if (low, high) == (0, _MAX_PORT):
        return f"{protocol} all ports"
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


def _protocol_matches(rule_protocol: str, protocol: str) -> bool:
    return rule_protocol == "all" or rule_protocol == protocol


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one filter: ``allowed``, the rule that decided, and a sentence."""

    allowed: bool
    rule: SgRule | NaclRule | None  # the rule that decided, or None (nothing allowed it / the * rule)
    detail: str
    denied_ports: tuple[int, int] | None = None  # the first denied sub-range of a port range
    denied_ranges: tuple[tuple[int, int], ...] = ()  # every denied sub-range, in port order


@dataclass(frozen=True, slots=True)
class SgRule:
    """One security group rule: it allows, never denies. ``peer`` is a CIDR or a group id."""

    direction: str
    protocol: str
    from_port: int
    to_port: int
    peer: str
    description: str = ""

    def text(self) -> str:
        word = "from" if self.direction == "inbound" else "to"
        return f"allow {_ports_text(self.protocol, self.from_port, self.to_port)} {word} {self.peer}"


@dataclass(eq=False)
class SecurityGroup:
    """A stateful, allow-only firewall on network interfaces.

    Create one with :meth:`VPC.add_security_group`; add rules with
    :meth:`allow_inbound` / :meth:`allow_outbound`, remove them with
    :meth:`revoke`.
    """

    name: str
    vpc: VPC = field(kw_only=True)
    id: str = field(kw_only=True)
    description: str = field(default="", kw_only=True)
    _rules: list[SgRule] = field(default_factory=list, init=False)

    @property
    def rules(self) -> tuple[SgRule, ...]:
        return tuple(self._rules)

    def inbound(self) -> tuple[SgRule, ...]:
        return tuple(r for r in self._rules if r.direction == "inbound")

    def outbound(self) -> tuple[SgRule, ...]:
        return tuple(r for r in self._rules if r.direction == "outbound")

    def _reachable_groups(self) -> list:
        """The groups a rule may name: this VPC's, and those of VPCs peered or on a shared transit gateway."""
        vpcs = [self.vpc]
        vpcs += [p.other(self.vpc) for p in self.vpc.peering_connections]
        vpcs += [a.vpc for tgw in self.vpc.transit_gateways for a in tgw.attachments]
        groups = [self]
        for vpc in dict.fromkeys(vpcs):
            groups += [g for g in vpc.security_groups if g is not self]
        return groups

    def _peer(self, peer: object) -> str:
        if isinstance(peer, SecurityGroup):
            if peer is not self and all(peer is not g for g in self._reachable_groups()):
                raise VpcError(
                    f"security group {peer.name} ({peer.id}) is in VPC {peer.vpc.name}, which is not this VPC or "
                    f"one peered with it or on a shared transit gateway; a rule can name only such groups"
                )
            return peer.id
        if isinstance(peer, (Cidr, Ipv6Cidr)):
            return str(peer)
        if not isinstance(peer, str):
            raise TypeError(f"a rule's peer is CIDR text or a SecurityGroup, not {type(peer).__name__}")
        if peer.startswith("sg-"):
            if all(peer != g.id for g in self._reachable_groups()):
                raise VpcError(
                    f"{reprlib.repr(peer)} names no security group of VPC {self.vpc.name} (or of a VPC connected "
                    "to it); AWS refuses a rule for a group it cannot find (InvalidGroup.NotFound)"
                )
            return peer
        return block_text(peer)

    def _rule(self, direction, ports, protocol, peer, description) -> SgRule:
        _direction(direction)
        name = _protocol(protocol)
        low, high = port_range(ports, protocol=name)
        if not isinstance(description, str):
            raise TypeError(f"description must be str, not {type(description).__name__}")
        return SgRule(direction, name, low, high, self._peer(peer), description)

    def _add(self, rule: SgRule) -> SgRule:
        if rule in self._rules:
            raise VpcError(
                f"security group {self.name} already has the rule '{rule.text()}' ({rule.direction}); "
                "AWS refuses a duplicate rule"
            )
        self._rules.append(rule)
        return rule

    def allow_inbound(self, ports, *, source, protocol: str = "tcp", description: str = "") -> SgRule:
        """Allow traffic in on ``ports`` from a CIDR block or from members of another group."""
        return self._add(self._rule("inbound", ports, protocol, source, description))

    def allow_outbound(self, ports, *, destination, protocol: str = "tcp", description: str = "") -> SgRule:
        """Allow traffic out on ``ports`` to a CIDR block or to members of another group."""
        return self._add(self._rule("outbound", ports, protocol, destination, description))

    def revoke(self, rule: SgRule) -> None:
        """Remove one rule (e.g. the default allow-all outbound rule)."""
        if not isinstance(rule, SgRule):
            raise TypeError(f"rule must be an SgRule (one of the group's .rules), not {type(rule).__name__}")
        if rule not in self._rules:
            raise VpcError(f"security group {self.name} has no rule {rule.text()!r} ({rule.direction})")
        self._rules.remove(rule)

    def evaluate(self, direction: str, *, protocol: str, port: int, address: str, groups=frozenset()) -> Verdict:
        """Whether a rule allows traffic with a peer at ``address`` (member of ``groups``, a set of group ids)."""
        _direction(direction)
        name = _protocol(protocol)
        require_int(port, "port")
        if not 0 <= port <= _MAX_PORT:
            raise VpcError(f"port {port} is outside 0-{_MAX_PORT}, the TCP/UDP port numbers")
        check_address(address)  # an address, not a block or other text
        if isinstance(groups, (str, bytes)) or not isinstance(groups, (set, frozenset, list, tuple)):
            raise TypeError(f"groups must be a set of security group ids, not {type(groups).__name__}")
        if not all(isinstance(g, str) for g in groups):
            raise TypeError("groups must hold security group ids (str)")
        for rule in self._rules:
            if rule.direction != direction or not _protocol_matches(rule.protocol, name):
                continue
            if name in ("tcp", "udp") and rule.protocol != "all" and not rule.from_port <= port <= rule.to_port:
                continue
            peer_matches = rule.peer in groups if rule.peer.startswith("sg-") else block_contains(rule.peer, address)
            if peer_matches:
                return Verdict(True, rule, f"security group {self.name} ({self.id}): {rule.text()}")
        return Verdict(False, None, f"security group {self.name} ({self.id}) has no {direction} rule that allows it")

    def __repr__(self) -> str:
        return f"<SecurityGroup {self.name} ({self.id}) in {self.vpc.name}: {len(self._rules)} rules>"


@dataclass(frozen=True, slots=True)
class NaclRule:
    """One numbered network ACL rule: ``number`` (``None`` is the final ``*`` rule), allow or deny."""

    number: int | None
    direction: str
    action: str
    protocol: str
    from_port: int
    to_port: int
    cidr: str

    @property
    def label(self) -> str:
        return "*" if self.number is None else str(self.number)

    def text(self) -> str:
        word = "from" if self.direction == "inbound" else "to"
        return f"rule {self.label}: {self.action} {_ports_text(self.protocol, self.from_port, self.to_port)} {word} {self.cidr}"


def _rule_number(rule: NaclRule) -> int:
    """The rule's number, with the ``*`` rule last (DescribeNetworkAcls numbers it 32767)."""
    return NACL_CATCH_ALL_RULE_NUMBER if rule.number is None else rule.number


def _catch_all(direction: str) -> NaclRule:
    return NaclRule(None, direction, "deny", "all", 0, _MAX_PORT, "0.0.0.0/0")


@dataclass(eq=False)
class NetworkAcl:
    """A stateless, numbered list of allow and deny rules on a subnet boundary.

    Create one with :meth:`VPC.add_network_acl` (it denies everything until you
    add rules) and attach it with :meth:`associate`.
    """

    name: str
    vpc: VPC = field(kw_only=True)
    id: str = field(kw_only=True)
    is_default: bool = field(default=False, kw_only=True)
    _rules: list[NaclRule] = field(default_factory=list, init=False)

    @property
    def rules(self) -> tuple[NaclRule, ...]:
        """Numbered rules by direction then number, each direction ending with its ``*`` rule."""
        ordered = []
        for direction in DIRECTIONS:
            ordered += sorted((r for r in self._rules if r.direction == direction), key=_rule_number)
            ordered.append(_catch_all(direction))
        return tuple(ordered)

    def entries(self, direction: str) -> tuple[NaclRule, ...]:
        _direction(direction)
        return tuple(r for r in self.rules if r.direction == direction)

    def add_rule(
        self, number: int, *, direction: str, action: str, ports="all", protocol: str = "tcp", cidr: str = "0.0.0.0/0"
    ) -> NaclRule:
        """Add a numbered rule; lower numbers are evaluated first.

        Raises:
            VpcError: a number outside 1-32766 or already used in that direction,
                an unknown action or direction.
        """
        number = require_int(number, "rule number")
        first, last = NACL_RULE_NUMBERS["first"], NACL_RULE_NUMBERS["last"]
        if not first <= number <= last:
            raise VpcError(f"rule number {number} is outside {first}-{last}, the numbers a network ACL rule can use")
        _direction(direction)
        action = require_str(action, "action")
        if action not in ("allow", "deny"):
            raise VpcError(f"action {reprlib.repr(action)} must be 'allow' or 'deny'")
        name = _protocol(protocol)
        low, high = port_range(ports, protocol=name)
        if any(r.number == number and r.direction == direction for r in self._rules):
            raise VpcError(
                f"network ACL {self.name} already has {direction} rule {number}; "
                "each direction's rule numbers are unique (remove it first or pick another number)"
            )
        rule = NaclRule(number, direction, action, name, low, high, block_text(cidr))
        self._rules.append(rule)
        return rule

    def allow(self, number: int, *, direction: str, ports="all", protocol: str = "tcp", cidr: str = "0.0.0.0/0"):
        """Shorthand for :meth:`add_rule` with ``action="allow"``."""
        return self.add_rule(number, direction=direction, action="allow", ports=ports, protocol=protocol, cidr=cidr)

    def deny(self, number: int, *, direction: str, ports="all", protocol: str = "tcp", cidr: str = "0.0.0.0/0"):
        """Shorthand for :meth:`add_rule` with ``action="deny"``."""
        return self.add_rule(number, direction=direction, action="deny", ports=ports, protocol=protocol, cidr=cidr)

    def remove_rule(self, number: int, *, direction: str) -> None:
        """Delete a numbered rule (the ``*`` rule cannot be deleted)."""
        require_int(number, "rule number")
        _direction(direction)
        for rule in self._rules:
            if rule.number == number and rule.direction == direction:
                self._rules.remove(rule)
                return
        raise VpcError(f"network ACL {self.name} has no {direction} rule {number}")

    def associate(self, subnet) -> None:
        """Make this the subnet's network ACL (each subnet has exactly one)."""
        self.vpc._associate_network_acl(self, subnet)

    @property
    def subnets(self) -> tuple:
        return tuple(s for s in self.vpc.subnets if s.network_acl is self)

    def evaluate(self, direction: str, *, protocol: str, ports, address: str) -> Verdict:
        """The first matching rule for traffic with a peer at ``address`` on a port or port range.

        For a range (return traffic to ephemeral ports), the whole range must
        be allowed; otherwise the verdict names the first denied sub-range and
        the rule that denies it.
        """
        name = _protocol(protocol)
        low, high = port_range(ports, protocol=name)
        check_address(address)  # an IPv4 or IPv6 address, whatever the rules hold
        cursor, deciding = low, []
        rules = [
            r
            for r in self.entries(direction)
            if _protocol_matches(r.protocol, name) and (r.number is None or block_contains(r.cidr, address))
        ]
        while cursor <= high:
            # The first rule (by number) covering ``cursor``; it decides up to its end or
            # until an earlier-numbered rule starts matching.
            for index, rule in enumerate(rules):
                if rule.protocol in ("all", "icmp") or name == "icmp" or rule.from_port <= cursor <= rule.to_port:
                    end = high if (rule.protocol in ("all", "icmp") or name == "icmp") else min(rule.to_port, high)
                    for earlier in rules[:index]:
                        if earlier.protocol not in ("all", "icmp") and cursor < earlier.from_port <= end:
                            end = earlier.from_port - 1
                    deciding.append((cursor, end, rule))
                    cursor = end + 1
                    break
        denied = [(a, b, r) for a, b, r in deciding if r.action == "deny"]
        what = _ports_text(name, low, high)
        if not denied:
            rule = deciding[0][2]
            used = ", ".join(dict.fromkeys(r.label for _, _, r in deciding))
            return Verdict(True, rule, f"network ACL {self.name} ({self.id}) {direction} rule {used} allows {what}")
        a, b, rule = denied[0]
        part = "" if (a, b) == (low, high) else f" (ports {a}-{b} of it)"
        why = (
            "the final * rule denies what no numbered rule allows"
            if rule.number is None
            else f"rule {rule.number} denies it"
        )
        return Verdict(
            False,
            rule,
            f"network ACL {self.name} ({self.id}) {direction}: {what}{part} - {why}",
            denied_ports=(a, b),
            denied_ranges=tuple((x, y) for x, y, _ in denied),
        )

    def reply_port_coverage(self, direction: str, *, address: str, protocol: str = "tcp") -> list[dict]:
        """For each kind of client AWS lists, whether this ACL lets replies reach its ephemeral ports.

        Replies to a client travel to its ephemeral ports, so this is the
        check a stateless ACL must pass for return traffic with a peer at
        ``address``. Each row: ``client``, ``from_port``, ``to_port``,
        ``allowed``, ``denied_ranges`` and the ``detail`` sentence.
        """
        _direction(direction)
        rows = []
        for client, low, high, description in data.fact("vpc", "ephemeral_port_ranges")["rows"]:
            verdict = self.evaluate(direction, protocol=protocol, ports=(low, high), address=address)
            rows.append(
                {
                    "client": client,
                    "description": description,
                    "from_port": low,
                    "to_port": high,
                    "allowed": verdict.allowed,
                    "denied_ranges": verdict.denied_ranges,
                    "detail": verdict.detail,
                }
            )
        return rows

    def reply_port_figure(self, direction: str = "outbound", *, address: str = "0.0.0.0"):
        """A plotly figure of :meth:`reply_port_coverage`: each client's ports, allowed or denied."""
        figure = view("vpc.reply_port_figure")
        return figure(self, direction, self.reply_port_coverage(direction, address=address), port_axis=(0, _MAX_PORT))

    def __repr__(self) -> str:
        kind = "default " if self.is_default else ""
        return f"<{kind}NetworkAcl {self.name} ({self.id}) in {self.vpc.name}: {len(self._rules)} numbered rules>"
