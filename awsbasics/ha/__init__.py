"""Chapter 06: high availability (고가용성) — availability arithmetic, CloudWatch alarms, Auto Scaling, Route 53, logs.

    >>> from awsbasics.ha import Alarm, StepScalingPolicy, series, parallel, Component
    >>> Alarm(70, evaluation_periods=3, datapoints_to_alarm=2).evaluate([80, 60, 90])
    ['INSUFFICIENT_DATA', 'OK', 'ALARM']
    >>> round(parallel(Component("web", 0.99), Component("web", 0.99)).availability, 6)
    0.9999

Modules: :mod:`~awsbasics.ha.availability` (series, parallel, downtime budgets),
:mod:`~awsbasics.ha.alarm` (CloudWatch alarm evaluation),
:mod:`~awsbasics.ha.policies` (step, simple, target tracking, scheduled),
:mod:`~awsbasics.ha.demand` (demand traces and the predictive forecast),
:mod:`~awsbasics.ha.scaling` (an Auto Scaling group over a demand trace),
:mod:`~awsbasics.ha.route53` (routing policies, health checks, failover time),
:mod:`~awsbasics.ha.logs` (CloudTrail and VPC Flow Logs).
"""

from awsbasics.errors import AlarmError, AvailabilityError, FlowLogError, RegionError, Route53Error, ScalingError
from awsbasics.ha.alarm import (
    COMPARISONS,
    MAX_DATAPOINTS,
    STATES,
    TREATMENTS,
    Alarm,
    AlarmHistory,
    evaluate_per_datapoint,
)
from awsbasics.ha.availability import (
    Component,
    Downtime,
    Parallel,
    Series,
    downtime,
    multi_az,
    multi_region,
    parallel,
    series,
)
from awsbasics.ha.demand import DemandTrace, bank_demand, predictive_forecast
from awsbasics.ha.logs import (
    FLOW_LOG_FIELDS,
    cloudtrail_retention,
    flow_log_summary,
    read_flow_logs,
    rejected_ports,
    top_talkers,
)
from awsbasics.ha.policies import (
    ADJUSTMENT_TYPES,
    DEFAULT_COOLDOWN_S,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    resolve_warmup,
    round_percent_change,
)
from awsbasics.ha.route53 import (
    ROUTING_POLICIES,
    Answer,
    HealthCheck,
    Record,
    failover_time_s,
    resolve,
    simulate_failover,
)
from awsbasics.ha.scaling import AutoScalingGroup, ScalingRun, simulate_scaling

__all__ = [
    "Component",
    "Series",
    "Parallel",
    "series",
    "parallel",
    "multi_az",
    "multi_region",
    "downtime",
    "Downtime",
    "Alarm",
    "AlarmHistory",
    "evaluate_per_datapoint",
    "COMPARISONS",
    "TREATMENTS",
    "STATES",
    "MAX_DATAPOINTS",
    "StepScalingPolicy",
    "SimpleScalingPolicy",
    "TargetTrackingPolicy",
    "ScheduledAction",
    "round_percent_change",
    "resolve_warmup",
    "ADJUSTMENT_TYPES",
    "DEFAULT_COOLDOWN_S",
    "DemandTrace",
    "bank_demand",
    "AutoScalingGroup",
    "simulate_scaling",
    "predictive_forecast",
    "ScalingRun",
    "Record",
    "HealthCheck",
    "Answer",
    "resolve",
    "failover_time_s",
    "simulate_failover",
    "ROUTING_POLICIES",
    "read_flow_logs",
    "flow_log_summary",
    "top_talkers",
    "rejected_ports",
    "cloudtrail_retention",
    "FLOW_LOG_FIELDS",
    "AvailabilityError",
    "AlarmError",
    "ScalingError",
    "Route53Error",
    "FlowLogError",
    "RegionError",
]
