"""Elastic Load Balancing (로드밸런서): Application and Network Load Balancers.

An **Application Load Balancer** (ALB) works at layer 7: its listeners take
HTTP/HTTPS and their rules pick a target group by host and path, in priority
order. An internet-facing ALB needs subnets in at least two Availability Zones.
A **Network Load Balancer** (NLB) works at layer 4 (TCP/UDP/TLS) and has one
static address per AZ. Since August 2023 an NLB can have security groups,
chosen when it is created.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> a = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> b = vpc.add_subnet("10.0.1.0/24", az="az-b", name="public-b")
    >>> alb = vpc.add_load_balancer("web", subnets=[a, b])
    >>> api, shop = alb.add_target_group("api"), alb.add_target_group("shop")
    >>> listener = alb.add_listener(80, protocol="HTTP", default=shop)
    >>> _ = listener.add_rule(10, path="/api/*", target_group=api)
    >>> alb.route(80, host="example.com", path="/api/orders").name
    'api'

Sources: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html,
https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics.errors import VpcError
from awsbasics.network.gateways import make_id

if TYPE_CHECKING:
    from awsbasics.network.vpc import VPC

__all__ = ["LoadBalancer", "Listener", "ListenerRule", "TargetGroup", "KINDS", "SCHEMES", "ALB_MIN_AZS"]

KINDS = ("application", "network")
SCHEMES = ("internet-facing", "internal")
ALB_MIN_AZS: int = data.value("vpc", "alb_min_azs")
_PROTOCOLS: dict = data.value("vpc", "load_balancer_listener_protocols")
_PRIORITIES: dict = data.value("vpc", "alb_rule_priorities")
_ABBREVIATIONS = {"application": "ALB", "network": "NLB"}
_MAX_PORT = 65535


def _port(port: object, what: str) -> int:
    """A TCP/UDP port a load balancer uses: an int 1-65535."""
    port = require_int(port, what)
    if not 1 <= port <= _MAX_PORT:
        raise VpcError(f"{what} {port} is outside 1-{_MAX_PORT}")
    return port


def _members(values: object, what: str) -> list:
    """The items of a list-like argument; a TypeError naming it for a str, None or a single object."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{what} must be a list, not {type(values).__name__}")
    return list(values)


@dataclass(eq=False)
class TargetGroup:
    """Targets (instances) a listener forwards to, on one port."""

    name: str
    id: str = field(kw_only=True)
    port: int = field(kw_only=True)
    targets: list = field(default_factory=list, kw_only=True)
    load_balancer: LoadBalancer | None = field(default=None, kw_only=True, repr=False)

    def _check_targets(self, instances, existing=()) -> None:
        """Raise unless every instance belongs to the load balancer's VPC and appears once."""
        seen = list(existing)
        for instance in instances:
            if self.load_balancer is not None:
                self.load_balancer.vpc._check_own(instance, "target instance")
            if any(instance is other for other in seen):
                raise VpcError(
                    f"{getattr(instance, 'name', instance)!r} is already a target of {self.name}; "
                    "a target group registers an instance once per port"
                )
            seen.append(instance)

    def register(self, *instances) -> None:
        """Add instances (of the load balancer's VPC) as targets."""
        self._check_targets(instances, self.targets)
        self.targets.extend(instances)

    def __repr__(self) -> str:
        return f"<TargetGroup {self.name}: {len(self.targets)} targets on port {self.port}>"


@dataclass(eq=False)
class ListenerRule:
    """An ALB listener rule: conditions on host and path (``*`` and ``?`` wildcards) and a target group."""

    priority: int
    host: str | None = field(kw_only=True)
    path: str | None = field(kw_only=True)
    target_group: TargetGroup = field(kw_only=True)

    def matches(self, *, host: str, path: str) -> bool:
        host_ok = self.host is None or fnmatch.fnmatchcase(host.lower(), self.host.lower())
        path_ok = self.path is None or fnmatch.fnmatchcase(path, self.path)
        return host_ok and path_ok

    def text(self) -> str:
        conditions = ([f"host {self.host}"] if self.host else []) + ([f"path {self.path}"] if self.path else [])
        return f"priority {self.priority}: {' and '.join(conditions)} -> {self.target_group.name}"

    def __repr__(self) -> str:
        return f"<ListenerRule {self.text()}>"


@dataclass(eq=False)
class Listener:
    """A listener: a protocol and port, rules (ALB) and a default target group."""

    load_balancer: LoadBalancer
    port: int = field(kw_only=True)
    protocol: str = field(kw_only=True)
    default: TargetGroup = field(kw_only=True)
    _rules: list[ListenerRule] = field(default_factory=list, init=False)

    @property
    def rules(self) -> tuple[ListenerRule, ...]:
        return tuple(sorted(self._rules, key=lambda r: r.priority))

    def add_rule(
        self, priority: int, *, target_group: TargetGroup, host: str | None = None, path: str | None = None
    ) -> ListenerRule:
        """A rule that sends matching requests to ``target_group`` (Application Load Balancers only).

        Raises:
            VpcError: on a Network Load Balancer, with no condition, or a priority
                outside 1-50000 or already used.
        """
        if self.load_balancer.kind != "application":
            raise VpcError(
                "listener rules with host and path conditions are layer 7 features of an Application Load "
                "Balancer; a Network Load Balancer forwards by port only"
            )
        priority = require_int(priority, "priority")
        if not _PRIORITIES["first"] <= priority <= _PRIORITIES["last"]:
            raise VpcError(f"priority {priority} is outside {_PRIORITIES['first']}-{_PRIORITIES['last']}")
        if any(r.priority == priority for r in self._rules):
            raise VpcError(f"listener {self.protocol}:{self.port} already has a rule with priority {priority}")
        if host is None and path is None:
            raise VpcError("a listener rule needs a host or path condition; the default action covers everything else")
        for value, what in ((host, "host"), (path, "path")):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{what} must be str, not {type(value).__name__}")
        self.load_balancer._check_group(target_group)
        rule = ListenerRule(priority, host=host, path=path, target_group=target_group)
        self._rules.append(rule)
        return rule

    def route(self, *, host: str = "", path: str = "/") -> tuple[TargetGroup, ListenerRule | None]:
        """The target group for a request, and the rule that chose it (``None`` for the default action)."""
        host = require_str(host, "host")
        path = require_str(path, "path")
        for rule in self.rules:
            if rule.matches(host=host, path=path):
                return rule.target_group, rule
        return self.default, None

    def __repr__(self) -> str:
        return f"<Listener {self.protocol}:{self.port} default -> {self.default.name}, {len(self._rules)} rules>"


@dataclass(eq=False, kw_only=True)
class LoadBalancer:
    """An Application (``kind="application"``) or Network (``kind="network"``) Load Balancer.

    Create it with :meth:`VPC.add_load_balancer`.
    """

    vpc: VPC
    id: str
    name: str
    kind: str
    scheme: str
    subnets: tuple
    security_groups: tuple
    interfaces: list = field(default_factory=list)
    target_groups: list[TargetGroup] = field(default_factory=list)
    _listeners: list[Listener] = field(default_factory=list, init=False)

    @classmethod
    def _create(cls, vpc, name: str, *, kind: str, subnets, scheme: str, security_groups) -> LoadBalancer:
        kind = require_str(kind, "kind")
        scheme = require_str(scheme, "scheme")
        if kind not in KINDS:
            raise VpcError(
                f"load balancer kind {kind!r} must be one of {', '.join(KINDS)} (Classic Load Balancers are the previous generation)"
            )
        if scheme not in SCHEMES:
            raise VpcError(f"scheme {scheme!r} must be one of {', '.join(SCHEMES)}")
        chosen = _members(subnets, "subnets")
        for subnet in chosen:
            vpc._check_own(subnet, "subnet")
        zones = [s.az for s in chosen]
        if len(set(zones)) != len(zones):
            raise VpcError(f"a load balancer takes one subnet per Availability Zone, got AZs {zones}")
        if not chosen:
            raise VpcError("a load balancer needs at least one subnet")
        if kind == "application" and len(zones) < ALB_MIN_AZS:
            raise VpcError(
                f"an Application Load Balancer needs subnets in at least {ALB_MIN_AZS} Availability Zones, "
                f"got {len(zones)} ({', '.join(zones)})"
            )
        if security_groups is None:
            # An ALB always has security groups (the default one if none is named); an NLB has
            # them only if chosen at creation.
            groups = [vpc.default_security_group] if kind == "application" else []
        else:
            groups = vpc._groups(security_groups)
            if kind == "application" and not groups:
                raise VpcError("an Application Load Balancer needs at least one security group")
        vpc._check_free_address(*chosen)
        balancer = cls(
            vpc=vpc,
            id=make_id("elb", vpc.id, name),
            name=name,
            kind=kind,
            scheme=scheme,
            subnets=tuple(chosen),
            security_groups=tuple(groups),
        )
        for subnet in chosen:
            balancer.interfaces.append(
                vpc._new_interface(
                    subnet,
                    name=f"eni-{name}-{subnet.az}",
                    security_groups=groups,
                    kind="load_balancer",
                    public_ip=scheme == "internet-facing",
                )
            )
        return balancer

    @property
    def abbreviation(self) -> str:
        """``"ALB"`` or ``"NLB"``."""
        return _ABBREVIATIONS[self.kind]

    @property
    def availability_zones(self) -> tuple[str, ...]:
        return tuple(s.az for s in self.subnets)

    @property
    def static_ips(self) -> dict[str, str]:
        """One address per AZ: a Network Load Balancer keeps it for life (public if internet-facing)."""
        if self.kind != "network":
            raise VpcError(
                "an Application Load Balancer has no static addresses: its node addresses change, so "
                "clients use its DNS name (use a Network Load Balancer for static IPs)"
            )
        return {i.az: (i.public_ip or i.private_ip) for i in self.interfaces}

    @property
    def listeners(self) -> tuple[Listener, ...]:
        return tuple(self._listeners)

    def add_target_group(self, name: str, *, port: int = 80, targets=()) -> TargetGroup:
        """A target group of instances (of this VPC) receiving on ``port`` (1-65535); each instance once."""
        name = require_str(name, "target group name")
        if not name.strip():
            raise VpcError("target group name cannot be empty")
        _port(port, "target group port")
        chosen = _members(targets, "targets")
        if any(g.name == name for g in self.target_groups):
            raise VpcError(f"load balancer {self.name} already has a target group {name!r}")
        group = TargetGroup(name, id=make_id("tg", self.id, name), port=port, load_balancer=self)
        group._check_targets(chosen)
        group.targets.extend(chosen)
        self.target_groups.append(group)
        return group

    def _check_group(self, group) -> None:
        if not isinstance(group, TargetGroup):
            raise TypeError(f"a target group must be a TargetGroup of this load balancer, not {type(group).__name__}")
        if group not in self.target_groups:
            raise VpcError(f"{getattr(group, 'name', group)!r} is not a target group of load balancer {self.name}")

    def add_listener(self, port: int, *, protocol: str, default: TargetGroup) -> Listener:
        """Listen on ``port``; requests no rule matches go to ``default``."""
        allowed = _PROTOCOLS[self.kind]
        protocol = require_str(protocol, "protocol")
        if protocol not in allowed:
            raise VpcError(
                f"protocol {protocol!r} is not one an {self.kind} load balancer listens with; use one of "
                f"{', '.join(allowed)}"
            )
        _port(port, "listener port")
        if any(listener.port == port for listener in self._listeners):
            raise VpcError(f"load balancer {self.name} already listens on port {port}")
        self._check_group(default)
        listener = Listener(self, port=port, protocol=protocol, default=default)
        self._listeners.append(listener)
        return listener

    def listener(self, port: int) -> Listener | None:
        require_int(port, "port")
        return next((listener for listener in self._listeners if listener.port == port), None)

    def route(self, port: int, *, host: str = "", path: str = "/") -> TargetGroup:
        """The target group that receives a request on ``port`` for ``host`` and ``path``."""
        listener = self.listener(port)
        if listener is None:
            raise VpcError(f"load balancer {self.name} has no listener on port {port}")
        return listener.route(host=host, path=path)[0]

    def __repr__(self) -> str:
        return f"<LoadBalancer {self.name} ({self.kind}, {self.scheme}) in {', '.join(self.availability_zones)}>"
