"""ECS services (서비스): rolling deployments and task placement on a small cluster.

A service keeps ``desired_count`` tasks running. A rolling update replaces them in
steps bounded by two percentages of the desired count: at least
``minimum_healthy_percent`` (rounded up) stay RUNNING, at most ``maximum_percent``
(rounded down) are RUNNING or PENDING. On a cluster with no spare room and a
minimum of 100%, nothing can move:

    >>> rolling_deployment(desired_count=4).steps[1].action
    'start 4 new tasks'
    >>> rolling_deployment(desired_count=4, cluster_capacity_tasks=4).blocked
    True
    >>> rolling_deployment(desired_count=4, minimum_healthy_percent=50, cluster_capacity_tasks=4).blocked
    False

Placement strategies (spread, binpack, random) choose the container instance
for each new task (:func:`place_tasks`).

Sources: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html ,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import EcsServiceError
from awsbasics.microservices._util import choice, whole

__all__ = [
    "MAX_DESIRED_COUNT",
    "PLACEMENT_STRATEGIES",
    "ContainerInstance",
    "Deployment",
    "DeploymentStep",
    "Placement",
    "place_tasks",
    "rolling_deployment",
    "small_cluster",
]

_DEFAULTS = data.value("microservices", "deployment_defaults")
MAX_DESIRED_COUNT: int = data.value("microservices", "max_desired_count")
PLACEMENT_STRATEGIES: tuple[str, ...] = tuple(data.value("microservices", "placement_strategies"))
_MAX_PERCENT = 1000  # a teaching bound: above 10x the desired count changes nothing here
_MAX_INSTANCES = 1000
_MAX_UNITS = 10**7


@dataclass(frozen=True, slots=True)
class DeploymentStep:
    """One step of a rolling update: what the scheduler did and the tasks running after it."""

    step: int
    action: str
    old_tasks: int
    new_tasks: int

    @property
    def total_tasks(self) -> int:
        return self.old_tasks + self.new_tasks


@dataclass(frozen=True, slots=True)
class Deployment(Rendered):
    """A simulated rolling update of one ECS service."""

    desired_count: int
    minimum_healthy_percent: int
    maximum_percent: int
    cluster_capacity_tasks: int | None
    steps: tuple[DeploymentStep, ...]
    blocked: bool

    @property
    def lower_limit(self) -> int:
        """Tasks that must stay RUNNING: minimumHealthyPercent of the desired count, rounded up."""
        return math.ceil(self.desired_count * self.minimum_healthy_percent / 100)

    @property
    def upper_limit(self) -> int:
        """Tasks allowed RUNNING or PENDING: maximumPercent of the desired count, rounded down."""
        return self.desired_count * self.maximum_percent // 100

    @property
    def peak_tasks(self) -> int:
        return max(s.total_tasks for s in self.steps)

    @property
    def verdict(self) -> str:
        limits = (
            f"at least {self.lower_limit} and at most {self.upper_limit} tasks "
            f"(min {self.minimum_healthy_percent}%, max {self.maximum_percent}% of {self.desired_count})"
        )
        room = (
            "" if self.cluster_capacity_tasks is None else f" on a cluster with room for {self.cluster_capacity_tasks}"
        )
        if self.blocked:
            return (
                f"Blocked{room}: with {limits} the scheduler can neither start a new task nor stop an old one; "
                "lower minimumHealthyPercent or add capacity."
            )
        return f"Done in {len(self.steps) - 1} steps{room}, keeping {limits}; peak {self.peak_tasks} tasks."

    def rows(self) -> list[tuple[int, str, int, int, int]]:
        return [(s.step, s.action, s.old_tasks, s.new_tasks, s.total_tasks) for s in self.steps]

    _view_ = "microservices.deployment_view"

    def text(self) -> str:
        return (
            text_table(["step", "action", "old_tasks", "new_tasks", "total_tasks"], self.rows()) + "\n" + self.verdict
        )

    def figure(self):
        """Old and new tasks at each step (plotly, stacked bars)."""
        return view("microservices.deployment_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def rolling_deployment(
    *,
    desired_count: int,
    minimum_healthy_percent: int = _DEFAULTS["minimum_healthy_percent"],
    maximum_percent: int = _DEFAULTS["maximum_percent"],
    cluster_capacity_tasks: int | None = None,
) -> Deployment:
    """Replace ``desired_count`` old tasks with new ones, as a rolling update does.

    Each step the scheduler starts as many new tasks as the upper limit (and the
    cluster's room) allows; when it can start none, it stops old tasks down to the
    lower limit (or all of them once the new ones are in). New tasks are counted
    healthy as soon as they start.

    >>> [s.total_tasks for s in rolling_deployment(desired_count=4, minimum_healthy_percent=50,
    ...                                              maximum_percent=100).steps]
    [4, 2, 4, 2, 4]

    Raises:
        EcsServiceError: a desired count outside 1 to the service quota, a minimum outside
            0-100%, a maximum below 100% (the service could never reach its desired count),
            a cluster too small for the desired count.
    """
    whole(
        desired_count,
        "desired_count",
        EcsServiceError,
        low=1,
        high=MAX_DESIRED_COUNT,
        unit="tasks",
        rule="a service's desired count is",
    )
    whole(
        minimum_healthy_percent,
        "minimum_healthy_percent",
        EcsServiceError,
        low=0,
        high=100,
        unit="%",
        rule="a lower limit on RUNNING tasks is",
    )
    whole(
        maximum_percent,
        "maximum_percent",
        EcsServiceError,
        low=100,
        high=_MAX_PERCENT,
        unit="%",
        rule="to reach the desired count the maximum is",
    )
    if cluster_capacity_tasks is not None:
        whole(
            cluster_capacity_tasks,
            "cluster_capacity_tasks",
            EcsServiceError,
            low=desired_count,
            high=10 * MAX_DESIRED_COUNT,
            unit="tasks",
            rule="the cluster must at least hold the desired count:",
        )
    lower = math.ceil(desired_count * minimum_healthy_percent / 100)
    upper = desired_count * maximum_percent // 100
    limit = upper if cluster_capacity_tasks is None else min(upper, cluster_capacity_tasks)
    old, new = desired_count, 0
    steps = [DeploymentStep(0, "before: old task definition", old, new)]
    blocked = False
    while new < desired_count or old > 0:
        launch = min(desired_count - new, limit - (old + new))
        if launch > 0:
            new += launch
            steps.append(DeploymentStep(len(steps), f"start {launch} new task{'s' * (launch != 1)}", old, new))
            continue
        stop = min(old, old + new - lower)
        if stop > 0:
            old -= stop
            steps.append(DeploymentStep(len(steps), f"stop {stop} old task{'s' * (stop != 1)}", old, new))
            continue
        blocked = True
        break
    return Deployment(
        desired_count, minimum_healthy_percent, maximum_percent, cluster_capacity_tasks, tuple(steps), blocked
    )


@dataclass(frozen=True, slots=True)
class ContainerInstance:
    """An EC2 container instance (컨테이너 인스턴스) registered to a cluster: its AZ and what it offers."""

    name: str
    az: str
    cpu_units: int
    memory_mib: int

    def __post_init__(self):
        for field in ("name", "az"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise TypeError(f"{field} must be str, not {type(value).__name__}")
            if not value or len(value) > 255:
                raise EcsServiceError(f"{field}={value[:40]!r}: a name is 1 to 255 characters")
        whole(
            self.cpu_units,
            "cpu_units",
            EcsServiceError,
            low=1,
            high=_MAX_UNITS,
            unit="CPU units",
            rule="an instance offers",
        )
        whole(
            self.memory_mib,
            "memory_mib",
            EcsServiceError,
            low=1,
            high=_MAX_UNITS,
            unit="MiB",
            rule="an instance offers",
        )


def small_cluster(
    *, azs: int = 3, per_az: int = 2, cpu_units: int = 2048, memory_mib: int = 4096
) -> tuple[ContainerInstance, ...]:
    """``azs`` x ``per_az`` identical instances (m5.large-sized by default), named ``i-<az><n>``.

    >>> [i.name for i in small_cluster(azs=2, per_az=1)]
    ['i-a1', 'i-b1']
    """
    whole(azs, "azs", EcsServiceError, low=1, high=6, rule="a Region here has")
    whole(per_az, "per_az", EcsServiceError, low=1, high=50, rule="instances per AZ:")
    return tuple(
        ContainerInstance(f"i-{'abcdef'[a]}{n + 1}", f"us-east-1{'abcdef'[a]}", cpu_units, memory_mib)
        for a in range(azs)
        for n in range(per_az)
    )


@dataclass(frozen=True, slots=True, eq=False)
class Placement(Rendered):
    """Where each task went; tasks that fit nowhere are ``unplaced``."""

    strategy: str
    instances: tuple[ContainerInstance, ...]
    tasks_per_instance: tuple[int, ...]
    unplaced: int
    task_cpu: int
    task_memory_mib: int

    @property
    def tasks_per_az(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for inst, n in zip(self.instances, self.tasks_per_instance):
            out[inst.az] = out.get(inst.az, 0) + n
        return out

    @property
    def instances_used(self) -> int:
        return sum(1 for n in self.tasks_per_instance if n)

    @property
    def verdict(self) -> str:
        per_az = ", ".join(f"{az}: {n}" for az, n in self.tasks_per_az.items())
        missing = f"; {self.unplaced} could not be placed (no instance had room)" if self.unplaced else ""
        return (
            f"{self.strategy}: {sum(self.tasks_per_instance)} tasks on {self.instances_used} of "
            f"{len(self.instances)} instances (per AZ {per_az}){missing}."
        )

    def rows(self) -> list[tuple[str, str, int, int, int]]:
        return [
            (i.name, i.az, n, i.cpu_units - n * self.task_cpu, i.memory_mib - n * self.task_memory_mib)
            for i, n in zip(self.instances, self.tasks_per_instance)
        ]

    _view_ = "microservices.placement_view"

    def text(self) -> str:
        return (
            text_table(["instance", "az", "tasks", "free_cpu_units", "free_memory_mib"], self.rows())
            + "\n"
            + self.verdict
        )

    def figure(self):
        """Tasks per instance, grouped by AZ (plotly)."""
        return view("microservices.placement_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def place_tasks(
    count: int,
    *,
    strategy: str = "spread",
    instances=None,
    task_cpu: int = 512,
    task_memory_mib: int = 1024,
    seed: int = 0,
) -> Placement:
    """Place ``count`` identical tasks one by one with an ECS placement strategy.

    - ``spread``: the AZ with the fewest of these tasks, then its least-loaded instance
      (``attribute:ecs.availability-zone``, then ``instanceId``);
    - ``binpack``: the instance with the least free memory that still fits (fewest instances used);
    - ``random``: any instance that fits, drawn with ``numpy.random.default_rng(seed)``.

    >>> place_tasks(6, strategy="spread").tasks_per_az
    {'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2}
    >>> place_tasks(6, strategy="binpack").instances_used
    2

    Raises:
        EcsServiceError: an unknown strategy, a count outside 0-5,000, a task size of 0 or
            less, an empty or oversized cluster.
    """
    choice(strategy, "strategy", EcsServiceError, PLACEMENT_STRATEGIES)
    whole(count, "count", EcsServiceError, low=0, high=MAX_DESIRED_COUNT, unit="tasks", rule="place")
    whole(task_cpu, "task_cpu", EcsServiceError, low=1, high=_MAX_UNITS, unit="CPU units", rule="a task asks for")
    whole(
        task_memory_mib, "task_memory_mib", EcsServiceError, low=1, high=_MAX_UNITS, unit="MiB", rule="a task asks for"
    )
    seed = require_int(seed, "seed")
    if seed < 0:
        raise EcsServiceError(f"seed={seed}: a seed is a non-negative integer")
    cluster = small_cluster() if instances is None else instances
    if isinstance(cluster, (str, bytes)) or not hasattr(cluster, "__iter__"):
        raise TypeError(f"instances must be a sequence of ContainerInstance, not {type(cluster).__name__}")
    nodes = []
    for inst in cluster:
        if not isinstance(inst, ContainerInstance):
            raise TypeError(f"instances items must be ContainerInstance, not {type(inst).__name__}")
        nodes.append(inst)
        if len(nodes) > _MAX_INSTANCES:
            raise EcsServiceError(f"more than {_MAX_INSTANCES} instances: this library places on small clusters")
    if not nodes:
        raise EcsServiceError("no container instances: an EC2 cluster needs at least one to place tasks on")
    rng = np.random.default_rng(seed)
    free_cpu = np.array([i.cpu_units for i in nodes], dtype=np.int64)
    free_mem = np.array([i.memory_mib for i in nodes], dtype=np.int64)
    placed = np.zeros(len(nodes), dtype=np.int64)
    az_names = list(dict.fromkeys(i.az for i in nodes))
    az_of = np.array([az_names.index(i.az) for i in nodes], dtype=np.int64)
    az_count = np.zeros(len(az_names), dtype=np.int64)
    order = np.arange(len(nodes))
    unplaced = 0
    for _ in range(count):
        fits = np.flatnonzero((free_cpu >= task_cpu) & (free_mem >= task_memory_mib))
        if fits.size == 0:
            unplaced += 1
            continue
        keys: tuple[np.ndarray, ...] | None
        if strategy == "spread":
            # Fewest tasks in the AZ first, then on the instance, then the instance order.
            keys = (order[fits], placed[fits], az_count[az_of[fits]])
        elif strategy == "binpack":
            keys = (order[fits], free_mem[fits])
        else:
            keys = None
        chosen = int(rng.choice(fits)) if keys is None else int(fits[np.lexsort(keys)[0]])
        placed[chosen] += 1
        az_count[az_of[chosen]] += 1
        free_cpu[chosen] -= task_cpu
        free_mem[chosen] -= task_memory_mib
    return Placement(strategy, tuple(nodes), tuple(int(n) for n in placed), unplaced, task_cpu, task_memory_mib)
