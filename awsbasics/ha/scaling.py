"""An Auto Scaling group run minute by minute against a demand trace: dynamic, scheduled and predictive scaling.

The course's example is a bank whose settlement traffic peaks from 4 to 6 pm.
The group keeps between ``min_size`` and ``max_size`` instances and works
towards its desired capacity (원하는 용량); policies move that desired capacity:

    >>> week = bank_demand(days=3, seed=1)
    >>> group = AutoScalingGroup(min_size=2, max_size=20, desired_capacity=2)
    >>> run = simulate_scaling(week, group, target_tracking=[TargetTrackingPolicy("CPUUtilization", 50)])
    >>> bool(run.timeline["in_service"].max() > 2), 0 <= run.unserved_share < 0.05
    (True, True)

Model assumptions (not AWS facts): one instance serves ``requests_per_instance``
requests per second at 100% CPU; a launched instance serves after
``launch_delay_s``; target tracking scales in only after its metric has asked
for less for ``SCALE_IN_MINUTES`` minutes in a row. The rules are AWS's:
min/max clamping, the largest capacity wins among policies, warm-up fallback,
the default cooldown for simple policies, no scale-in during a scale-out.

Sources: https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scale-based-on-demand.html,
https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import ScalingError
from awsbasics.ha.alarm import Alarm
from awsbasics.ha.demand import MAX_DAYS, MINUTES_PER_DAY, DemandTrace, bank_demand, predictive_forecast
from awsbasics.ha.policies import (
    DEFAULT_COOLDOWN_S,
    MAX_CAPACITY,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    resolve_warmup,
)

if TYPE_CHECKING:
    import pandas as pd

    from awsbasics.iam.identities import Role
    from awsbasics.network.elb import TargetGroup
    from awsbasics.network.security import SecurityGroup
    from awsbasics.network.vpc import Subnet

__all__ = [
    "DemandTrace",
    "bank_demand",
    "AutoScalingGroup",
    "simulate_scaling",
    "predictive_forecast",
    "ScalingRun",
    "ON_DEMAND_USD_PER_HOUR",
    "SCALE_IN_MINUTES",
    "MAX_DAYS",
]

SCALE_IN_MINUTES = 15  # teaching assumption: how long target tracking waits before it scales in


def _on_demand_rate() -> float:
    table = data.fact("ec2", "prices")
    return next(row[-1] for row in table["rows"] if row[0] == "On-Demand")


ON_DEMAND_USD_PER_HOUR: float = _on_demand_rate()


@dataclass(frozen=True, slots=True)
class AutoScalingGroup:
    """An Auto Scaling group (Auto Scaling 그룹): sizes, AZs and the timing its launches take.

    ``launch_delay_s`` and ``requests_per_instance`` are model assumptions;
    the warm-up and cooldown defaults are AWS's.

    The keyword-only fields describe a deployed group (what a template needs):
    ``subnets`` (of one VPC, covering exactly ``azs`` Availability Zones),
    ``instance_type``, ``security_groups`` of that VPC, a load balancer's
    ``target_group`` and ``instance_profile_role``, an IAM role EC2 may assume.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> a = vpc.add_subnet("10.0.1.0/24", az="az-a", name="app-a")
    >>> AutoScalingGroup(min_size=2, max_size=4, desired_capacity=2, azs=2, subnets=(a,))
    Traceback (most recent call last):
    ...
    awsbasics.errors.ScalingError: azs=2 but the subnets (app-a) are in 1 Availability Zone (az-a): a group launches into the AZs of its subnets, so give azs=1 or add subnets in other AZs

    Sources: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html,
    https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-in-vpc.html
    """

    min_size: int
    max_size: int
    desired_capacity: int
    azs: int = 3
    default_instance_warmup_s: int | None = None
    default_cooldown_s: int = DEFAULT_COOLDOWN_S
    launch_delay_s: int = 180
    requests_per_instance: float = 100.0
    name: str | None = field(default=None, kw_only=True)
    subnets: tuple[Subnet, ...] = field(default=(), kw_only=True)
    instance_type: str = field(default="t3.micro", kw_only=True)
    security_groups: tuple[SecurityGroup, ...] = field(default=(), kw_only=True)
    target_group: TargetGroup | None = field(default=None, kw_only=True)
    instance_profile_role: Role | None = field(default=None, kw_only=True)

    def __post_init__(self):
        for name in ("min_size", "max_size", "desired_capacity"):
            value = require_int(getattr(self, name), name)
            if not 0 <= value <= MAX_CAPACITY:
                raise ScalingError(f"{name}={value}: between 0 and {MAX_CAPACITY} instances in this model")
        if not self.min_size <= self.desired_capacity <= self.max_size:
            raise ScalingError(
                f"desired_capacity={self.desired_capacity} must be between min_size={self.min_size} "
                f"and max_size={self.max_size}"
            )
        object.__setattr__(self, "azs", require_int(self.azs, "azs"))
        if not 1 <= self.azs <= 6:
            raise ScalingError(f"azs={self.azs}: a group spans 1 to 6 Availability Zones of a Region here")
        for name in ("default_instance_warmup_s", "default_cooldown_s", "launch_delay_s"):
            value = getattr(self, name)
            if value is None and name == "default_instance_warmup_s":
                continue
            value = require_int(value, name)
            if not 0 <= value <= 3600:
                raise ScalingError(f"{name}={value}: between 0 and 3600 seconds in this model")
        rpi = require_number(self.requests_per_instance, "requests_per_instance")
        if not (math.isfinite(rpi) and 0 < rpi <= 1e6):
            raise ScalingError(f"requests_per_instance={self.requests_per_instance}: above 0 and at most 1,000,000")
        self._check_deployment()

    def _check_deployment(self) -> None:
        """Validate the deployment fields (name, subnets, instance type, groups, target group, role)."""
        if self.name is not None:
            if not isinstance(self.name, str):
                raise TypeError(f"name must be str or None, not {type(self.name).__name__}")
            if not 1 <= len(self.name) <= _NAME_MAX:
                raise ScalingError(f"name of {len(self.name):,} characters: a group name has 1 to {_NAME_MAX}")
        if not isinstance(self.instance_type, str):
            raise TypeError(f"instance_type must be str, not {type(self.instance_type).__name__}")
        from awsbasics.compute import InstanceType

        InstanceType.parse(self.instance_type)  # InstanceTypeError names the unknown family or size
        subnets = _models(self.subnets, "subnets")
        groups = _models(self.security_groups, "security_groups")
        object.__setattr__(self, "subnets", subnets)
        object.__setattr__(self, "security_groups", groups)
        from awsbasics.network.elb import TargetGroup
        from awsbasics.network.security import SecurityGroup
        from awsbasics.network.vpc import Subnet

        for i, subnet in enumerate(subnets):
            if not isinstance(subnet, Subnet):
                raise TypeError(f"subnets[{i}] must be a Subnet (vpc.add_subnet), not {type(subnet).__name__}")
        for i, group in enumerate(groups):
            if not isinstance(group, SecurityGroup):
                raise TypeError(
                    f"security_groups[{i}] must be a SecurityGroup (vpc.add_security_group), not {type(group).__name__}"
                )
        if self.target_group is not None and not isinstance(self.target_group, TargetGroup):
            raise TypeError(f"target_group must be a TargetGroup or None, not {type(self.target_group).__name__}")
        if self.instance_profile_role is not None:
            _check_ec2_role(self.instance_profile_role)
        if not subnets:
            if groups or self.target_group is not None:
                raise ScalingError("security_groups and target_group belong to a deployed group: give its subnets too")
            return
        if len({id(s) for s in subnets}) != len(subnets):
            raise ScalingError("the same subnet is listed twice in subnets")
        vpcs = {id(s.vpc): s.vpc for s in subnets}
        if len(vpcs) > 1:
            names = ", ".join(f"{s.name} ({s.vpc.name})" for s in subnets)
            raise ScalingError(
                f"subnets {names} are in {len(vpcs)} VPCs: an Auto Scaling group's subnets share one VPC"
            )
        vpc = subnets[0].vpc
        zones = sorted({s.az for s in subnets})
        if len(zones) != self.azs:
            plural = "" if len(zones) == 1 else "s"
            raise ScalingError(
                f"azs={self.azs} but the subnets ({', '.join(s.name for s in subnets)}) are in {len(zones)} "
                f"Availability Zone{plural} ({', '.join(zones)}): a group launches into the AZs of its subnets, so "
                f"give azs={len(zones)} or add subnets in other AZs"
            )
        for group in groups:
            if group.vpc is not vpc:
                raise ScalingError(
                    f"security group {group.name} is in VPC {group.vpc.name}, not {vpc.name}: a launch template's "
                    "security groups belong to the VPC of the group's subnets"
                )
        target = self.target_group
        balancer = target.load_balancer if target is not None else None
        if target is not None and balancer is not None and balancer.vpc is not vpc:
            raise ScalingError(
                f"target group {target.name} is in VPC {balancer.vpc.name}, not {vpc.name}: instance "
                "targets are in the target group's VPC"
            )

    @property
    def az_names(self) -> tuple[str, ...]:
        return tuple("abcdef"[: self.azs])


_NAME_MAX = 255  # AutoScalingGroupName: 1 to 255 characters (CreateAutoScalingGroup API reference)
_MAX_LISTED = 200  # this library's bound on subnets / security groups of one group, not an AWS quota


def _models(values: object, what: str) -> tuple:
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, (list, tuple)):
        raise TypeError(f"{what} must be a tuple or list, not {type(values).__name__}")
    if len(values) > _MAX_LISTED:
        raise ScalingError(f"{len(values):,} {what}: this library takes at most {_MAX_LISTED}")
    return tuple(values)


def _check_ec2_role(role: object) -> None:
    """An instance profile's role must be one EC2 may assume (its trust policy names ec2.amazonaws.com)."""
    from awsbasics.iam.identities import Role

    if not isinstance(role, Role):
        raise TypeError(f"instance_profile_role must be an IAM Role (Account.add_role), not {type(role).__name__}")
    statements = role.trust_policy.document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    for statement in statements:
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        if statement.get("Effect") == "Allow" and "ec2.amazonaws.com" in services:
            return
    raise ScalingError(
        f"role {role.name}: its trust policy does not let ec2.amazonaws.com assume it, so instances cannot "
        "carry it in an instance profile"
    )


@dataclass
class _Instance:
    az: str
    launched: int
    ready: int  # minute it enters InService and serves
    warm: int  # minute its metrics count (warm-up over)
    rebalance: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class ScalingRun(Rendered):
    """One simulated run: a minute-by-minute timeline, cost and unserved load."""

    demand: DemandTrace
    group: AutoScalingGroup
    timeline: pd.DataFrame  # one row per minute
    activities: tuple[tuple[int, str], ...] = field(default=())

    @property
    def unserved_share(self) -> float:
        """Share of the requests no in-service instance could take."""
        total = float(self.timeline["load_rps"].sum())
        return float(self.timeline["unserved_rps"].sum()) / total if total else 0.0

    @property
    def instance_hours(self) -> float:
        """Instance-hours paid for, launching instances included."""
        return float(self.timeline["running"].sum()) / 60

    @property
    def cost_usd(self) -> float:
        return round(self.instance_hours * ON_DEMAND_USD_PER_HOUR, 2)

    @property
    def peak_capacity(self) -> int:
        return int(self.timeline["in_service"].max())

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("days", self.demand.days),
            ("peak_in_service", self.peak_capacity),
            ("instance_hours", round(self.instance_hours, 1)),
            ("cost_usd", self.cost_usd),
            ("unserved_pct", round(100 * self.unserved_share, 3)),
            ("scaling_activities", len(self.activities)),
        ]

    @property
    def verdict(self) -> str:
        return (
            f"{self.demand.days} days: up to {self.peak_capacity} instances in service, "
            f"{self.instance_hours:,.0f} instance-hours (USD {self.cost_usd:,.2f}), "
            f"{100 * self.unserved_share:.2f}% of requests unserved"
        )

    def figure(self):
        """Demand, capacity, desired capacity, unserved load and cost on one timeline (plotly)."""
        return view("ha.scaling_figure")(self)

    _view_ = "ha.scaling_view"

    def text(self) -> str:
        return self.verdict + "\n" + text_table(["measure", "value"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def _minutes(seconds: int) -> int:
    return math.ceil(seconds / 60)


def _pairs(items: object, policy_type: type, what: str) -> list:
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise TypeError(f"{what} must be a sequence of (Alarm, {policy_type.__name__}) pairs")
    out = []
    for i, item in enumerate(items):
        if not (
            isinstance(item, Sequence)
            and len(item) == 2
            and isinstance(item[0], Alarm)
            and isinstance(item[1], policy_type)
        ):
            raise TypeError(f"{what}[{i}] must be an (Alarm, {policy_type.__name__}) pair")
        if item[0].period != 60:
            raise ScalingError(f"{what}[{i}]: the simulator steps one minute, so its alarms use period=60")
        out.append(tuple(item))
    return out


def _typed(items: object, kind: type, what: str) -> list:
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise TypeError(f"{what} must be a sequence of {kind.__name__}")
    if len(items) > 20:
        raise ScalingError(f"{len(items)} {what}: at most 20 in this model")
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise TypeError(f"{what}[{i}] must be a {kind.__name__}, not {type(item).__name__}")
    return list(items)


def simulate_scaling(
    demand: DemandTrace,
    group: AutoScalingGroup,
    *,
    target_tracking: Sequence[TargetTrackingPolicy] = (),
    step_policies: Sequence[tuple[Alarm, StepScalingPolicy]] = (),
    simple_policies: Sequence[tuple[Alarm, SimpleScalingPolicy]] = (),
    scheduled: Sequence[ScheduledAction] = (),
    predictive: bool = False,
    predictive_target_cpu: float = 50.0,
    az_outage: tuple[str, int, int] | None = None,
) -> ScalingRun:
    """Run ``group`` against ``demand``, one minute at a time.

    Args:
        demand: The load, e.g. :func:`bank_demand`.
        group: Sizes, AZs, warm-up, cooldown, launch delay, requests per instance.
        target_tracking: Target tracking policies (scale out if any asks, scale in only if all do).
        step_policies: ``(Alarm, StepScalingPolicy)`` pairs on average CPU utilisation.
        simple_policies: ``(Alarm, SimpleScalingPolicy)`` pairs; each waits out its cooldown.
        scheduled: Daily scheduled actions.
        predictive: Raise capacity ahead of :func:`predictive_forecast` (needs a day of history).
        predictive_target_cpu: The CPU utilisation the forecast capacity aims for.
        az_outage: ``(az_letter, first_minute, last_minute)``: that AZ's instances fail; when it
            returns, the group rebalances across AZs.

    Raises:
        ScalingError: an input that breaks an Auto Scaling rule or the model's limits.
        TypeError: inputs of the wrong type.
    """
    import pandas as pd

    if not isinstance(demand, DemandTrace):
        raise TypeError(f"demand must be a DemandTrace, not {type(demand).__name__}")
    if not isinstance(group, AutoScalingGroup):
        raise TypeError(f"group must be an AutoScalingGroup, not {type(group).__name__}")
    tracking = _typed(target_tracking, TargetTrackingPolicy, "target_tracking")
    steps = _pairs(step_policies, StepScalingPolicy, "step_policies")
    simples = _pairs(simple_policies, SimpleScalingPolicy, "simple_policies")
    schedule = _typed(scheduled, ScheduledAction, "scheduled")
    if not isinstance(predictive, bool):
        raise TypeError(f"predictive must be bool, not {type(predictive).__name__}")
    target_cpu = require_number(predictive_target_cpu, "predictive_target_cpu")
    if not (math.isfinite(target_cpu) and 0 < target_cpu <= 100):
        raise ScalingError(f"predictive_target_cpu={predictive_target_cpu}: a CPU target above 0 and at most 100")
    steps_total = len(demand.requests_per_second)
    outage = None
    if az_outage is not None:
        if not (isinstance(az_outage, tuple) and len(az_outage) == 3 and isinstance(az_outage[0], str)):
            raise TypeError("az_outage must be (az_letter, first_minute, last_minute)")
        letter, first, last = az_outage
        first = require_int(first, "az_outage first_minute")
        last = require_int(last, "az_outage last_minute")
        if letter not in group.az_names:
            raise ScalingError(f"az_outage AZ {letter[:10]!r} is not one of the group's AZs {group.az_names}")
        if not 0 <= first <= last < steps_total:
            raise ScalingError(f"az_outage minutes {first}-{last}: within the run's 0-{steps_total - 1}")
        if group.azs == 1:
            raise ScalingError("an AZ outage in a one-AZ group takes the whole group down: give it 2 or more AZs")
        outage = (letter, first, last)

    rpi = group.requests_per_instance
    delay = _minutes(group.launch_delay_s)
    default_warm = _minutes(resolve_warmup(None, group.default_instance_warmup_s, group.default_cooldown_s))
    forecast_cap = None
    if predictive:
        forecast = predictive_forecast(demand)
        wanted = np.ceil(forecast / (rpi * target_cpu / 100))
        lead = np.concatenate([wanted[delay:], np.full(delay, np.nan)])  # launch ahead of the load
        forecast_cap = np.where(np.isnan(lead), -1, lead).astype(int)

    load = demand.requests_per_second
    min_size, max_size, desired = group.min_size, group.max_size, group.desired_capacity
    instances = [
        _Instance(az=group.az_names[i % group.azs], launched=-delay - default_warm, ready=-default_warm, warm=0)
        for i in range(desired)
    ]
    cpu_history: list[float] = []
    step_states = [alarm.initial_state for alarm, _ in steps]
    simple_states = [alarm.initial_state for alarm, _ in simples]
    cooldown_until = [0] * len(simples)
    below_for = 0
    activities: list[tuple[int, str]] = []
    columns = {
        k: np.zeros(steps_total)
        for k in (
            "load_rps",
            "in_service",
            "warming",
            "pending",
            "running",
            "desired",
            "min_size",
            "max_size",
            "cpu_pct",
            "unserved_rps",
        )
    }

    def up_azs(t: int) -> tuple[str, ...]:
        if outage and outage[1] <= t <= outage[2]:
            return tuple(a for a in group.az_names if a != outage[0])
        return group.az_names

    def launch(t: int, count: int, warm_minutes: int, *, rebalance: bool = False) -> None:
        for _ in range(count):
            counts = {a: sum(1 for i in instances if i.az == a) for a in up_azs(t)}
            az = min(counts, key=lambda a: (counts[a], a))
            instances.append(
                _Instance(az=az, launched=t, ready=t + delay, warm=t + delay + warm_minutes, rebalance=rebalance)
            )

    def terminate(count: int) -> None:
        for _ in range(count):
            counts = {a: sum(1 for i in instances if i.az == a) for a in group.az_names}
            az = max(counts, key=lambda a: (counts[a], a))
            victims = [i for i in instances if i.az == az]
            instances.remove(max(victims, key=lambda i: i.launched))  # newest in the fullest AZ

    for t in range(steps_total):
        minute_of_day = t % MINUTES_PER_DAY
        for action in schedule:
            if action.minute_of_day == minute_of_day:
                min_size = action.min_size if action.min_size is not None else min_size
                max_size = action.max_size if action.max_size is not None else max_size
                min_size = min(min_size, max_size)
                if action.desired_capacity is not None:
                    desired = action.desired_capacity
                activities.append((t, f"scheduled action {action.hour:02d}:{action.minute:02d}"))
        if outage and t == outage[1]:
            lost = [i for i in instances if i.az == outage[0]]
            for i in lost:
                instances.remove(i)
            activities.append((t, f"AZ {outage[0]} fails: {len(lost)} instances lost"))
        if forecast_cap is not None and forecast_cap[t] > desired:
            desired = int(forecast_cap[t])

        serving = [i for i in instances if i.ready <= t]
        n_in = len(serving)
        n_warm = sum(1 for i in serving if i.warm <= t)
        capacity_rps = n_in * rpi
        lt = float(load[t])
        cpu = min(100.0, 100.0 * lt / capacity_rps) if capacity_rps else (100.0 if lt > 0 else 0.0)
        per_target = lt * 60 / n_in if n_in else lt * 60
        cpu_history.append(cpu)
        scaling_out = any(i.warm > t for i in instances)  # launches not yet warmed up
        proposals: list[tuple[int, int]] = []  # (capacity, warm-up minutes of its launches)

        if tracking and n_in:
            wants = [
                (
                    p.desired_capacity(cpu if p.metric == "CPUUtilization" else per_target, n_in),
                    _minutes(
                        resolve_warmup(
                            p.estimated_instance_warmup_s, group.default_instance_warmup_s, group.default_cooldown_s
                        )
                    ),
                    p,
                )
                for p in tracking
            ]
            outs = [(w, m) for w, m, _ in wants if w > desired]
            if outs:
                proposals.append(max(outs))
                below_for = 0
            else:
                enabled = [w for w, _, p in wants if not p.disable_scale_in]
                if enabled and len(enabled) == len(wants) and all(w < desired for w in enabled):
                    below_for += 1
                    if below_for >= SCALE_IN_MINUTES and not scaling_out:
                        proposals.append((max(enabled), default_warm))
                        below_for = 0  # the next scale-in waits its turn again
                else:
                    below_for = 0

        recent = cpu_history[-max((a.evaluation_range for a, _ in steps + simples), default=1) :]
        for k, (alarm, policy) in enumerate(steps):
            step_states[k] = alarm.next_state(recent, step_states[k])
            if step_states[k] == "ALARM":
                grow = policy.adjustment(cpu, n_warm)  # scaling out: warming instances do not count yet
                shrink = policy.adjustment(cpu, len(instances))  # scaling in: every instance counts
                if grow > 0:
                    proposals.append((max(desired, n_warm + grow), default_warm))
                elif shrink < 0 and not scaling_out:
                    proposals.append((min(desired, len(instances) + shrink), default_warm))
        for k, (alarm, policy) in enumerate(simples):
            simple_states[k] = alarm.next_state(recent, simple_states[k])
            if simple_states[k] == "ALARM" and t >= cooldown_until[k]:
                change = policy.change(len(instances))
                if change:
                    proposals.append((len(instances) + change, default_warm))
                    cooldown = policy.cooldown_s if policy.cooldown_s is not None else group.default_cooldown_s
                    cooldown_until[k] = t + delay + _minutes(cooldown)

        warm_minutes = default_warm
        if proposals:
            ups = [p for p in proposals if p[0] > desired]
            chosen = max(ups) if ups else max(proposals)  # the largest capacity wins, out and in
            if chosen[0] != desired:
                activities.append((t, f"desired {desired} -> {chosen[0]}"))
            desired, warm_minutes = chosen
        desired = max(min_size, min(max_size, desired))

        regular = [i for i in instances if not i.rebalance]
        if len(regular) < desired:
            launch(t, desired - len(regular), warm_minutes)
        elif len(regular) > desired and not scaling_out:
            terminate(len(regular) - desired)
        # AZ rebalancing: launch in the emptiest healthy AZ first, then terminate in the fullest.
        for i in [i for i in instances if i.rebalance and i.ready <= t]:
            i.rebalance = False
            terminate(1)
        counts = [sum(1 for i in instances if i.az == a) for a in up_azs(t)]
        if (
            len(up_azs(t)) == group.azs
            and counts
            and max(counts) - min(counts) > 1
            and not any(i.rebalance for i in instances)
        ):
            launch(t, 1, default_warm, rebalance=True)
            activities.append((t, "rebalance across AZs"))

        columns["load_rps"][t] = lt
        columns["in_service"][t] = n_in
        columns["warming"][t] = n_in - n_warm
        columns["pending"][t] = sum(1 for i in instances if i.ready > t)
        columns["running"][t] = len(instances)
        columns["desired"][t] = desired
        columns["min_size"][t] = min_size
        columns["max_size"][t] = max_size
        columns["cpu_pct"][t] = cpu
        columns["unserved_rps"][t] = max(0.0, lt - capacity_rps)

    frame = pd.DataFrame(columns)
    for name in ("in_service", "warming", "pending", "running", "desired", "min_size", "max_size"):
        frame[name] = frame[name].astype(int)
    frame.insert(0, "time", pd.date_range(pd.Timestamp(demand.start), periods=steps_total, freq="min"))
    frame["cost_usd"] = (frame["running"].cumsum() / 60 * ON_DEMAND_USD_PER_HOUR).round(2)
    return ScalingRun(demand=demand, group=group, timeline=frame, activities=tuple(activities))
