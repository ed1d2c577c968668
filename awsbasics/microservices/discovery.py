"""Service discovery (서비스 검색) with an AWS Cloud Map-style registry.

Services register their instances (an id and an address) under a namespace
(네임스페이스); ECS keeps the health status current, and discovery returns only
healthy instances, so callers never hold a hard-coded address:

    >>> registry = ServiceRegistry("shop.local")
    >>> registry.register("cart", "task-1", "10.0.1.10")
    >>> registry.register("cart", "task-2", "10.0.2.10")
    >>> registry.set_health("cart", "task-1", healthy=False)
    >>> registry.discover("cart")
    ('10.0.2.10',)

ECS Service Connect builds on the same Cloud Map namespace and adds a managed proxy
beside each task (retries, timeouts, metrics), the job the course gave App Mesh.

Source: https://docs.aws.amazon.com/cloud-map/latest/dg/what-is-cloud-map.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import EcsServiceError

__all__ = ["ServiceRegistry"]

_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9_.-]{0,126}[A-Za-z0-9])?")
_ADDRESS = re.compile(
    r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
)
_MAX_INSTANCES = 1000


def _name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if not _NAME.fullmatch(value):
        raise EcsServiceError(
            f"{what}={value[:40]!r}: 1 to 128 ASCII letters, digits, '.', '_' and '-', "
            "starting and ending with a letter or digit"
        )
    return value


@dataclass(frozen=True, slots=True)
class Instance:
    """One registered instance of a service: an id, an IPv4 address and its health."""

    service: str
    instance_id: str
    address: str
    healthy: bool = True


@dataclass(eq=False)
class ServiceRegistry(Rendered):
    """A namespace of services and their instances; every change validates first."""

    namespace: str
    _instances: dict[tuple[str, str], Instance] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        _name(self.namespace, "namespace")

    def register(self, service: str, instance_id: str, address: str, *, healthy: bool = True) -> None:
        """Register (or re-register) an instance under ``service``."""
        _name(service, "service")
        _name(instance_id, "instance_id")
        if not isinstance(address, str):
            raise TypeError(f"address must be str, not {type(address).__name__}")
        if not _ADDRESS.fullmatch(address):
            raise EcsServiceError(f"address={address[:40]!r}: an instance registers a dotted IPv4 address")
        if not isinstance(healthy, bool):
            raise TypeError(f"healthy must be bool, not {type(healthy).__name__}")
        if (service, instance_id) not in self._instances and len(self._instances) >= _MAX_INSTANCES:
            raise EcsServiceError(f"{_MAX_INSTANCES} instances already registered: this registry is small")
        self._instances[(service, instance_id)] = Instance(service, instance_id, address, healthy)

    def deregister(self, service: str, instance_id: str) -> None:
        """Remove an instance, as ECS does when a task stops."""
        self._get(service, instance_id)
        del self._instances[(service, instance_id)]

    def set_health(self, service: str, instance_id: str, *, healthy: bool) -> None:
        """Record a health-check result for one instance."""
        if not isinstance(healthy, bool):
            raise TypeError(f"healthy must be bool, not {type(healthy).__name__}")
        current = self._get(service, instance_id)
        self._instances[(service, instance_id)] = Instance(service, instance_id, current.address, healthy)

    def discover(self, service: str) -> tuple[str, ...]:
        """Addresses of the healthy instances of ``service`` (what DiscoverInstances returns)."""
        _name(service, "service")
        return tuple(i.address for (s, _), i in self._instances.items() if s == service and i.healthy)

    def _get(self, service: str, instance_id: str) -> Instance:
        _name(service, "service")
        _name(instance_id, "instance_id")
        try:
            return self._instances[(service, instance_id)]
        except KeyError:
            raise EcsServiceError(f"{instance_id!r} is not registered under {service!r} in {self.namespace}") from None

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [
            (f"{i.service}.{self.namespace}", i.instance_id, i.address, "healthy" if i.healthy else "unhealthy")
            for i in self._instances.values()
        ]

    def text(self) -> str:
        if not self._instances:
            return f"Namespace {self.namespace}: no instances registered"
        return f"Namespace {self.namespace}\n" + text_table(["name", "instance", "address", "health"], self.rows())

    def __repr__(self) -> str:
        return self.text()
