"""Amazon ECS task definitions (작업 정의): containers, CPU and memory, ports, launch type.

A task definition is the JSON document ECS runs a task (작업) from. Its task-level
``cpu`` is in CPU units as the API takes it (1024 units = 1 vCPU, so 256 = 0.25 vCPU)
and ``memory_mib`` in MiB. On Fargate only the pairs in AWS's table are valid; on EC2
the CPU can be anything from 0.25 to 192 vCPU.

    >>> TaskDefinition(cpu=256, memory_mib=512).vcpu
    0.25
    >>> TaskDefinition(cpu=1024, memory_mib=1024)
    Traceback (most recent call last):
    ...
    awsbasics.errors.TaskDefinitionError: memory_mib=1024 with cpu=1024 (1 vCPU) is not a Fargate size: for 1024 CPU units use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB

Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int, require_int
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import TaskDefinitionError
from awsbasics.microservices._util import choice, whole

__all__ = [
    "CPU_ARCHITECTURES",
    "CPU_UNITS_PER_VCPU",
    "LAUNCH_TYPES",
    "MAX_CONTAINERS",
    "NETWORK_MODES",
    "OPERATING_SYSTEMS",
    "ContainerDefinition",
    "PortMapping",
    "TaskDefinition",
    "fargate_memory_options",
    "fargate_sizes",
]

CPU_UNITS_PER_VCPU = 1024
LAUNCH_TYPES = ("FARGATE", "EC2")
OPERATING_SYSTEMS = ("LINUX", "WINDOWS")
CPU_ARCHITECTURES = ("X86_64", "ARM64")
NETWORK_MODES: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in data.value("microservices", "network_modes").items()
}
MAX_CONTAINERS: int = data.value("microservices", "containers_per_task_definition")
_EC2_CPU = data.value("microservices", "ec2_task_cpu_units")
_PLATFORMS = data.fact("microservices", "fargate_platform_versions")
PLATFORM_VERSIONS: tuple[str, ...] = ("LATEST", *_PLATFORMS["value"])
_MAX_MEMORY_MIB = 10**7  # a teaching bound far above any instance, so a typo is caught
_CONTAINER_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}")
_ECR_IMAGE = re.compile(r"^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/")
_MAX_TEXT = 1024


def _size_rows() -> list[dict]:
    table = data.fact("microservices", "fargate_task_sizes")
    return [dict(zip(table["columns"], row)) for row in table["rows"]]


def _memory_values(row: dict) -> tuple[int, ...]:
    if row["memory_values_mib"] is not None:
        return tuple(row["memory_values_mib"])
    return tuple(range(row["memory_from_mib"], row["memory_to_mib"] + 1, row["memory_step_mib"]))


_SIZES = {row["cpu_units"]: row for row in _size_rows()}


def _vcpu_text(cpu: int) -> str:
    vcpu = cpu / CPU_UNITS_PER_VCPU
    return f"{vcpu:g} vCPU"


def fargate_memory_options(cpu: int, *, operating_system: str = "LINUX") -> tuple[int, ...]:
    """The memory sizes (MiB) Fargate accepts with ``cpu`` CPU units.

    >>> fargate_memory_options(512)
    (1024, 2048, 3072, 4096)
    >>> fargate_memory_options(256, operating_system="WINDOWS")
    Traceback (most recent call last):
    ...
    awsbasics.errors.TaskDefinitionError: cpu=256 (0.25 vCPU) on Fargate with WINDOWS: valid cpu values are 1024, 2048, 4096 CPU units
    """
    choice(operating_system, "operating_system", TaskDefinitionError, OPERATING_SYSTEMS)
    if not is_int(cpu):
        raise TypeError(f"cpu must be int (CPU units, 1024 = 1 vCPU), not {type(cpu).__name__}")
    valid = [c for c, row in _SIZES.items() if operating_system in row["operating_systems"]]
    if cpu not in valid:
        shown = f"{cpu}" if abs(int(cpu)) < 10**12 else f"{cpu:.3e}"
        vcpu = f" ({_vcpu_text(int(cpu))})" if abs(int(cpu)) < 10**12 else ""
        raise TaskDefinitionError(
            f"cpu={shown}{vcpu} on Fargate with {operating_system}: valid cpu values are "
            f"{', '.join(map(str, valid))} CPU units"
        )
    return _memory_values(_SIZES[cpu])


def fargate_sizes(operating_system: str = "LINUX") -> list[tuple[int, int]]:
    """Every valid Fargate ``(cpu_units, memory_mib)`` pair for one operating system.

    >>> len(fargate_sizes("LINUX")), fargate_sizes("WINDOWS")[0]
    (74, (1024, 2048))
    """
    choice(operating_system, "operating_system", TaskDefinitionError, OPERATING_SYSTEMS)
    return [
        (cpu, memory)
        for cpu, row in _SIZES.items()
        if operating_system in row["operating_systems"]
        for memory in _memory_values(row)
    ]


@dataclass(frozen=True, slots=True)
class PortMapping:
    """A container port, and the host port it is reached on (``None``: the same, or chosen by ECS)."""

    container_port: int
    host_port: int | None = None
    protocol: str = "tcp"

    def __post_init__(self):
        whole(self.container_port, "container_port", TaskDefinitionError, low=0, high=65535, rule="a port is")
        if self.host_port is not None:
            whole(self.host_port, "host_port", TaskDefinitionError, low=0, high=65535, rule="a port is")
        choice(self.protocol, "protocol", TaskDefinitionError, ("tcp", "udp"))

    def to_aws(self) -> dict:
        out = {"containerPort": self.container_port, "protocol": self.protocol}
        if self.host_port is not None:
            out["hostPort"] = self.host_port
        return out


@dataclass(frozen=True, slots=True)
class ContainerDefinition:
    """One container of a task: its image (from ECR or another registry), a CPU share, memory and ports."""

    name: str
    image: str
    cpu: int = 0
    memory_mib: int | None = None
    port_mappings: tuple[PortMapping, ...] = ()
    essential: bool = True

    def __post_init__(self):
        for field in ("name", "image"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise TypeError(f"container {field} must be str, not {type(value).__name__}")
        if not _CONTAINER_NAME.fullmatch(self.name):
            shown = self.name if len(self.name) <= 40 else self.name[:40] + "..."
            raise TaskDefinitionError(
                f"container name {shown!r}: up to 255 letters (A-Z, a-z), numbers, hyphens and underscores"
            )
        if not self.image or len(self.image) > _MAX_TEXT or any(c.isspace() for c in self.image):
            raise TaskDefinitionError(
                f"container {self.name!r} image {self.image[:40]!r}: an image is a non-empty "
                f"repository URI without spaces, at most {_MAX_TEXT} characters"
            )
        whole(
            self.cpu,
            f"container {self.name!r} cpu",
            TaskDefinitionError,
            low=0,
            high=_EC2_CPU["max"],
            unit="CPU units",
            rule="a container CPU share is",
        )
        if self.memory_mib is not None:
            whole(
                self.memory_mib,
                f"container {self.name!r} memory_mib",
                TaskDefinitionError,
                low=1,
                high=_MAX_MEMORY_MIB,
                unit="MiB",
                rule="container memory is",
            )
        if not isinstance(self.essential, bool):
            raise TypeError(f"essential must be bool, not {type(self.essential).__name__}")
        if isinstance(self.port_mappings, (str, bytes)) or not hasattr(self.port_mappings, "__iter__"):
            raise TypeError(f"port_mappings must be a sequence of PortMapping, not {type(self.port_mappings).__name__}")
        ports = tuple(self.port_mappings)
        if len(ports) > 100:
            raise TaskDefinitionError(
                f"container {self.name!r} has {len(ports)} port mappings; this library takes at most 100"
            )
        for port in ports:
            if not isinstance(port, PortMapping):
                raise TypeError(f"port_mappings items must be PortMapping, not {type(port).__name__}")
        object.__setattr__(self, "port_mappings", ports)

    @property
    def registry(self) -> str:
        """Where the image comes from: Amazon ECR, Docker Hub, or another registry."""
        if _ECR_IMAGE.match(self.image):
            return "Amazon ECR"
        first = self.image.split("/", 1)[0]
        if "/" not in self.image or ("." not in first and ":" not in first and first != "localhost"):
            return "Docker Hub"
        return "other registry"

    def to_aws(self) -> dict:
        out = {"name": self.name, "image": self.image, "essential": self.essential, "cpu": self.cpu}
        if self.memory_mib is not None:
            out["memory"] = self.memory_mib
        if self.port_mappings:
            out["portMappings"] = [p.to_aws() for p in self.port_mappings]
        return out


@dataclass(frozen=True, slots=True)
class TaskDefinition(Rendered):
    """An ECS task definition, validated as RegisterTaskDefinition would for its launch type.

    Args:
        cpu: Task CPU in CPU units (1024 = 1 vCPU), as the API takes it.
        memory_mib: Task memory in MiB.
        launch_type: ``"FARGATE"`` (AWS runs the capacity) or ``"EC2"`` (your container instances).
        operating_system: ``"LINUX"`` or ``"WINDOWS"``.
        containers: :class:`ContainerDefinition` objects, at most 10.
        network_mode: ``None`` picks ``awsvpc`` (Fargate's only mode; also EC2's default here).
        platform_version: Fargate platform version, ``"LATEST"``, ``"1.4.0"`` or ``"1.3.0"``.
        cpu_architecture: ``"X86_64"`` or ``"ARM64"`` (Graviton).

    Raises:
        TaskDefinitionError: a CPU/memory pair Fargate does not offer (the message lists the valid
            memory values for that CPU), containers that ask for more than the task has, ports that
            clash or break the network mode's rule, too many containers.
        TypeError: arguments of the wrong Python kind.
    """

    cpu: int
    memory_mib: int
    launch_type: str = "FARGATE"
    operating_system: str = "LINUX"
    containers: tuple[ContainerDefinition, ...] = ()
    network_mode: str | None = None
    platform_version: str = "LATEST"
    cpu_architecture: str = "X86_64"

    def __init__(
        self,
        *,
        cpu: int,
        memory_mib: int,
        launch_type: str = "FARGATE",
        operating_system: str = "LINUX",
        containers=(),
        network_mode: str | None = None,
        platform_version: str = "LATEST",
        cpu_architecture: str = "X86_64",
    ):
        choice(launch_type, "launch_type", TaskDefinitionError, LAUNCH_TYPES)
        choice(operating_system, "operating_system", TaskDefinitionError, OPERATING_SYSTEMS)
        choice(cpu_architecture, "cpu_architecture", TaskDefinitionError, CPU_ARCHITECTURES)
        choice(platform_version, "platform_version", TaskDefinitionError, PLATFORM_VERSIONS)
        mode = (
            "awsvpc"
            if network_mode is None
            else choice(network_mode, "network_mode", TaskDefinitionError, NETWORK_MODES["EC2"])
        )
        if mode not in NETWORK_MODES[launch_type]:
            raise TaskDefinitionError(
                f"network_mode={mode!r} with launch_type={launch_type}: {launch_type} tasks use "
                f"{' or '.join(NETWORK_MODES[launch_type])}"
            )
        cpu, memory_mib = require_int(cpu, "cpu"), require_int(memory_mib, "memory_mib")
        if launch_type == "FARGATE":
            options = fargate_memory_options(cpu, operating_system=operating_system)
            if memory_mib not in options:
                shown = f"{memory_mib}" if abs(memory_mib) < 10**12 else f"{memory_mib:.3e}"
                raise TaskDefinitionError(
                    f"memory_mib={shown} with cpu={cpu} ({_vcpu_text(cpu)}) is not a Fargate size: for {cpu} CPU "
                    f"units use one of {', '.join(map(str, options))} MiB"
                )
            needed = _SIZES[cpu]["min_linux_platform_version"]
            resolved = _PLATFORMS["latest"] if platform_version == "LATEST" else platform_version
            if needed and tuple(map(int, resolved.split("."))) < tuple(map(int, needed.split("."))):
                raise TaskDefinitionError(
                    f"cpu={cpu} ({_vcpu_text(cpu)}) on Fargate needs Linux platform version {needed} or later, "
                    f"not {platform_version}"
                )
        else:
            whole(
                cpu,
                "cpu",
                TaskDefinitionError,
                low=_EC2_CPU["min"],
                high=_EC2_CPU["max"],
                unit="CPU units",
                rule="on EC2 the task CPU is",
            )
            whole(
                memory_mib,
                "memory_mib",
                TaskDefinitionError,
                low=1,
                high=_MAX_MEMORY_MIB,
                unit="MiB",
                rule="task memory is",
            )
        if isinstance(containers, (str, bytes, ContainerDefinition)) or not hasattr(containers, "__iter__"):
            raise TypeError(f"containers must be a sequence of ContainerDefinition, not {type(containers).__name__}")
        boxes = []
        for c in containers:
            if not isinstance(c, ContainerDefinition):
                raise TypeError(f"containers items must be ContainerDefinition, not {type(c).__name__}")
            boxes.append(c)
            if len(boxes) > MAX_CONTAINERS:
                raise TaskDefinitionError(
                    f"more than {MAX_CONTAINERS} containers: a task definition holds at most {MAX_CONTAINERS}"
                )
        self._check_containers(boxes, cpu, memory_mib, mode)
        for name, value in (
            ("cpu", cpu),
            ("memory_mib", memory_mib),
            ("launch_type", launch_type),
            ("operating_system", operating_system),
            ("containers", tuple(boxes)),
            ("network_mode", mode),
            ("platform_version", platform_version),
            ("cpu_architecture", cpu_architecture),
        ):
            object.__setattr__(self, name, value)

    @staticmethod
    def _check_containers(boxes: list, cpu: int, memory_mib: int, mode: str) -> None:
        names = [c.name for c in boxes]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise TaskDefinitionError(f"container name {duplicate!r} is used twice: names are unique in a task")
        if boxes and not any(c.essential for c in boxes):
            raise TaskDefinitionError("no essential container: a task needs at least one essential container")
        used_cpu = sum(c.cpu for c in boxes)
        if used_cpu > cpu:
            raise TaskDefinitionError(
                f"the containers ask for {used_cpu} CPU units but the task has {cpu}: container CPU shares fit "
                "inside the task CPU"
            )
        used_memory = sum(c.memory_mib or 0 for c in boxes)
        if used_memory > memory_mib:
            raise TaskDefinitionError(
                f"the containers ask for {used_memory} MiB but the task has {memory_mib} MiB: container memory "
                "fits inside the task memory"
            )
        seen: dict[tuple[int, str], str] = {}
        for c in boxes:
            for p in c.port_mappings:
                if mode in ("awsvpc", "host") and p.host_port not in (None, p.container_port):
                    raise TaskDefinitionError(
                        f"container {c.name!r} maps containerPort {p.container_port} to hostPort {p.host_port}: with "
                        f"network mode {mode} the hostPort is left out or equals the containerPort"
                    )
                if mode == "none":
                    raise TaskDefinitionError(
                        f"container {c.name!r} maps a port, but network mode none has no external connectivity"
                    )
                key = (p.host_port if mode == "bridge" and p.host_port else p.container_port, p.protocol)
                if mode == "bridge" and not p.host_port:
                    continue  # a dynamic host port never clashes
                if key in seen:
                    raise TaskDefinitionError(
                        f"port {key[0]}/{key[1]} is mapped by both {seen[key]!r} and {c.name!r}: a port is used "
                        "once per task"
                    )
                seen[key] = c.name

    @property
    def vcpu(self) -> float:
        return self.cpu / CPU_UNITS_PER_VCPU

    @property
    def memory_gb(self) -> float:
        return self.memory_mib / 1024

    @property
    def valid_memory_mib(self) -> tuple[int, ...]:
        """Memory values Fargate would accept with this CPU (empty on EC2, where any fits the instance)."""
        if self.launch_type != "FARGATE":
            return ()
        return fargate_memory_options(self.cpu, operating_system=self.operating_system)

    @property
    def hourly_usd(self) -> float:
        """On-Demand Fargate price of one task-hour (Linux, us-east-1 teaching estimate).

        >>> TaskDefinition(cpu=1024, memory_mib=2048).hourly_usd
        0.04937

        Raises:
            TaskDefinitionError: an EC2 task (you pay for the instances) or a Windows task (not priced here).
        """
        if self.launch_type != "FARGATE" or self.operating_system != "LINUX":
            raise TaskDefinitionError(
                f"{self.launch_type}/{self.operating_system}: this library prices Linux Fargate tasks only "
                "(EC2 tasks are paid through their instances)"
            )
        price = data.value("microservices", "fargate_prices")[self.cpu_architecture]
        return round(self.vcpu * price["usd_per_vcpu_hour"] + self.memory_gb * price["usd_per_gb_hour"], 6)

    def to_aws(self) -> dict:
        """The RegisterTaskDefinition request body (family left to you)."""
        return {
            "requiresCompatibilities": [self.launch_type],
            "networkMode": self.network_mode,
            "cpu": str(self.cpu),
            "memory": str(self.memory_mib),
            "runtimePlatform": {
                "operatingSystemFamily": self.operating_system,
                "cpuArchitecture": self.cpu_architecture,
            },
            "containerDefinitions": [c.to_aws() for c in self.containers],
        }

    def rows(self) -> list[tuple[str, object]]:
        rows = [
            ("launch_type", self.launch_type),
            ("cpu_units", f"{self.cpu} ({_vcpu_text(self.cpu)})"),
            ("memory_mib", self.memory_mib),
            ("operating_system", f"{self.operating_system}/{self.cpu_architecture}"),
            ("network_mode", self.network_mode),
            ("containers", ", ".join(f"{c.name} ({c.registry})" for c in self.containers) or "none yet"),
        ]
        if self.launch_type == "FARGATE" and self.operating_system == "LINUX":
            rows.append(("fargate_usd_per_hour", self.hourly_usd))
        return rows

    _view_ = "microservices.task_definition_view"

    def text(self) -> str:
        return "Task definition\n" + text_table(["setting", "value"], self.rows())

    def __repr__(self) -> str:
        return (
            f"TaskDefinition(cpu={self.cpu}, memory_mib={self.memory_mib}, launch_type={self.launch_type!r}, "
            f"operating_system={self.operating_system!r})"
        )
