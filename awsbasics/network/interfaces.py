"""Network interfaces and the EC2 instances that own them.

An elastic network interface (ENI, 탄력적 네트워크 인터페이스) holds a private
address of its subnet, optionally a public one, and the security groups that
filter its traffic; an instance's first interface is its primary one:

    >>> from awsbasics.network.vpc import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> subnet = vpc.add_subnet("10.0.1.0/24", az="us-east-1a", name="app")
    >>> web = vpc.add_instance("web", subnet)
    >>> web.private_ip, web.primary_interface.name, web.ephemeral_ports
    ('10.0.1.4', 'eni-web', (32768, 61000))

Source: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awsbasics._protocol import Rendered
from awsbasics.network.security import ephemeral_ports

if TYPE_CHECKING:
    from awsbasics.network.gateways import ElasticIp
    from awsbasics.network.security import SecurityGroup
    from awsbasics.network.subnet import Subnet
    from awsbasics.network.vpc import VPC

__all__ = ["Instance", "NetworkInterface"]


@dataclass(eq=False, kw_only=True)
class NetworkInterface(Rendered):
    """An elastic network interface (ENI, 탄력적 네트워크 인터페이스): addresses and security groups in one subnet."""

    vpc: VPC
    id: str
    name: str
    subnet: Subnet
    private_ip: str
    security_groups: list[SecurityGroup]
    kind: str  # "instance", "nat_gateway", "interface_endpoint", "load_balancer", "detached"
    auto_public_ip: str | None = None
    elastic_ip: ElasticIp | None = None
    instance: Instance | None = None
    ipv6_address: str | None = None  # from the subnet's IPv6 block; reachable from the internet only via an IGW route

    @property
    def public_ip(self) -> str | None:
        """The Elastic IP if one is associated, else the auto-assigned public address, else ``None``."""
        return self.elastic_ip.public_ip if self.elastic_ip else self.auto_public_ip

    @property
    def az(self) -> str:
        return self.subnet.az

    def text(self) -> str:
        public = f", public {self.public_ip}" if self.public_ip else ", no public address"
        ipv6 = f", IPv6 {self.ipv6_address}" if self.ipv6_address else ""
        return (
            f"network interface {self.name} ({self.id}) in subnet {self.subnet.name}: "
            f"private {self.private_ip}{public}{ipv6}"
        )

    def __repr__(self) -> str:
        public = f", public {self.public_ip}" if self.public_ip else ""
        return f"<NetworkInterface {self.name} ({self.id}) {self.private_ip}{public} in {self.subnet.name}>"


@dataclass(eq=False, kw_only=True)
class Instance:
    """An EC2 instance: a name and its network interfaces (the first is primary)."""

    vpc: VPC
    id: str
    name: str
    os: str
    interfaces: list[NetworkInterface] = field(default_factory=list)

    @property
    def primary_interface(self) -> NetworkInterface:
        return self.interfaces[0]

    @property
    def subnet(self):
        return self.primary_interface.subnet

    @property
    def az(self) -> str:
        return self.subnet.az

    @property
    def private_ip(self) -> str:
        return self.primary_interface.private_ip

    @property
    def public_ip(self) -> str | None:
        return self.primary_interface.public_ip

    @property
    def ipv6_address(self) -> str | None:
        return self.primary_interface.ipv6_address

    @property
    def security_groups(self) -> tuple[SecurityGroup, ...]:
        return tuple(self.primary_interface.security_groups)

    @property
    def ephemeral_ports(self) -> tuple[int, int]:
        """The source ports this instance's operating system uses for connections it opens."""
        return ephemeral_ports(self.os)

    def __repr__(self) -> str:
        public = f", public {self.public_ip}" if self.public_ip else ""
        return f"<Instance {self.name} ({self.id}) {self.private_ip}{public} in {self.subnet.name}>"
