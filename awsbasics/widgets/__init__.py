"""Interactive widgets (ipywidgets): controls -> the same public function -> its display.

Each factory returns an ipywidgets widget; ipywidgets is imported only when a
factory is called. Widgets hold no AWS rules: they call the functions a
learner can call and show the same display objects. An invalid combination
shows the rule it breaks instead of raising.

Every chapter widget carries the DOM class ``awsbasics-widget``; its controls
carry ``awsbasics-control`` and its result area ``awsbasics-output``.
"""

from __future__ import annotations

__all__ = [
    "cache_explorer",
    "change_set_explorer",
    "alarm_explorer",
    "availability_builder",
    "failover_explorer",
    "scaling_explorer",
    "az_failure_explorer",
    "capacity_explorer",
    "cost_resilience_explorer",
    "cidr_planner",
    "ebs_calculator",
    "fargate_sizer",
    "lambda_calculator",
    "failover_simulator",
    "iam_simulator",
    "lifecycle_designer",
    "quorum_simulator",
    "pipeline_explorer",
    "reachability_explorer",
]


def az_failure_explorer(*, region: str = "ap-northeast-2", instances: int = 12, azs: int = 3):
    """Spread instances over a Region's AZs, fail some, and watch the surviving capacity.

    Example:
        >>> from awsbasics.widgets import az_failure_explorer
        >>> w = az_failure_explorer(instances=9)     # doctest: +SKIP
    """
    from awsbasics.widgets.infra import az_failure_explorer as build

    return build(region=region, instances=instances, azs=azs)


def cache_explorer(
    *,
    capacity: int = 200,
    ttl_s: float | None = None,
    cache_key: str = "URL path only",
    objects: int = 5_000,
    requests: int = 50_000,
    alpha: float = 0.9,
    seed: int = 8,
):
    """Size an edge cache, give it a TTL, grow its cache key: watch the hit ratio, origin load and latency.

    Example:
        >>> from awsbasics.widgets import cache_explorer
        >>> w = cache_explorer(capacity=500)     # doctest: +SKIP
    """
    from awsbasics.widgets.caching import cache_explorer as build

    return build(
        capacity=capacity, ttl_s=ttl_s, cache_key=cache_key, objects=objects, requests=requests, alpha=alpha, seed=seed
    )


def change_set_explorer(
    *,
    subnet_cidr: str = "10.0.1.0/24",
    subnet_name: str = "public-a",
    port: int = 443,
    bucket_name: str = "shop-logs-2026",
    policy: str = "Delete",
):
    """Edit a subnet, a security group rule and a bucket; see the change set: what is modified, what is replaced.

    Example:
        >>> from awsbasics.widgets import change_set_explorer
        >>> w = change_set_explorer(policy="Retain")     # doctest: +SKIP
    """
    from awsbasics.widgets.iac import change_set_explorer as build

    return build(subnet_cidr=subnet_cidr, subnet_name=subnet_name, port=port, bucket_name=bucket_name, policy=policy)


def capacity_explorer(
    *,
    peak_servers: int = 40,
    fixed_servers: int = 40,
    launch_delay_hours: int = 1,
    headroom_servers: int = 0,
    seed: int = 7,
):
    """Move the holiday peak, the fixed servers and the launch delay; compare idle, unserved and cost.

    Example:
        >>> from awsbasics.widgets import capacity_explorer
        >>> w = capacity_explorer(fixed_servers=12)     # doctest: +SKIP
    """
    from awsbasics.widgets.economics import capacity_explorer as build

    return build(
        peak_servers=peak_servers,
        fixed_servers=fixed_servers,
        launch_delay_hours=launch_delay_hours,
        headroom_servers=headroom_servers,
        seed=seed,
    )


def failover_simulator(
    *,
    kind: str = "multi-az-instance",
    engine: str = "MySQL",
    read_replicas: int = 2,
    failure: str = "primary",
    seed: int = 0,
):
    """Pick an RDS deployment and fail its primary, an AZ or a replica: downtime, data lost, endpoints, lag.

    Example:
        >>> from awsbasics.widgets import failover_simulator
        >>> w = failover_simulator(kind="single-az")     # doctest: +SKIP
    """
    from awsbasics.widgets.database import failover_simulator as build

    return build(kind=kind, engine=engine, read_replicas=read_replicas, failure=failure, seed=seed)


def quorum_simulator(*, failed_azs: tuple[str, ...] = (), failed_nodes: tuple[str, ...] = ()):
    """Fail Aurora storage AZs and copies; see whether reads and writes keep their quorum and what repair does.

    Example:
        >>> from awsbasics.widgets import quorum_simulator
        >>> w = quorum_simulator(failed_azs=("az-a",))     # doctest: +SKIP
    """
    from awsbasics.widgets.database import quorum_simulator as build

    return build(failed_azs=failed_azs, failed_nodes=failed_nodes)


def ebs_calculator(**options):
    """EBS volume calculator: type, size, IOPS and throughput -> limits, burst and credits.

    Example:
        >>> from awsbasics.widgets import ebs_calculator
        >>> w = ebs_calculator()     # doctest: +SKIP
    """
    from awsbasics.widgets.ebs import ebs_calculator as build

    return build(**options)


def cidr_planner(**options):
    """Subnet planner: VPC CIDR, AZ count and tier sizes -> an address-space bar and the plan.

    Example:
        >>> from awsbasics.widgets import cidr_planner
        >>> w = cidr_planner()     # doctest: +SKIP
    """
    from awsbasics.widgets.network import cidr_planner as build

    return build(**options)


def reachability_explorer(model, *, port: int = 443):
    """Pick a source, a destination, a port, IPv4 or IPv6 and a failed AZ in a model: see ``reachability()`` answer.

    Example:
        >>> from awsbasics.network import example_vpc
        >>> from awsbasics.widgets import reachability_explorer
        >>> w = reachability_explorer(example_vpc())     # doctest: +SKIP
    """
    from awsbasics.widgets.network import reachability_explorer as build

    return build(model, port=port)


def lifecycle_designer(**options):
    """S3 lifecycle designer: transitions, expiration, data size -> findings and monthly cost.

    Example:
        >>> from awsbasics.widgets import lifecycle_designer
        >>> w = lifecycle_designer()     # doctest: +SKIP
    """
    from awsbasics.widgets.s3 import lifecycle_designer as build

    return build(**options)


def iam_simulator(**options):
    """IAM policy simulator: edit a policy, pick a request, see the decision and its trace.

    Example:
        >>> from awsbasics.widgets import iam_simulator
        >>> w = iam_simulator()     # doctest: +SKIP
    """
    from awsbasics.widgets.iam import iam_simulator as build

    return build(**options)


def availability_builder(
    *,
    web_copies: int = 1,
    app_copies: int = 1,
    db_copies: int = 1,
    regions: int = 1,
    web: float = 0.99,
    app: float = 0.99,
    db: float = 0.995,
):
    """Add web, app and database copies across AZs and Regions; watch availability and the downtime budget.

    Example:
        >>> from awsbasics.widgets import availability_builder
        >>> w = availability_builder(web_copies=2)     # doctest: +SKIP
    """
    from awsbasics.widgets.ha import availability_builder as build

    return build(
        web_copies=web_copies, app_copies=app_copies, db_copies=db_copies, regions=regions, web=web, app=app, db=db
    )


def alarm_explorer(
    *,
    values=(40, 75, None, 80, 85, None, None, 30, 90, None, None, None, 20, 95, 96),
    threshold: float = 70,
    evaluation_periods: int = 3,
    datapoints_to_alarm: int = 3,
    treat_missing_data: str = "missing",
):
    """Change N, M and the missing-data treatment of a CloudWatch alarm; see the state of every period.

    Example:
        >>> from awsbasics.widgets import alarm_explorer
        >>> w = alarm_explorer(evaluation_periods=5)     # doctest: +SKIP
    """
    from awsbasics.widgets.ha import alarm_explorer as build

    return build(
        values=list(values),
        threshold=threshold,
        evaluation_periods=evaluation_periods,
        datapoints_to_alarm=datapoints_to_alarm,
        treat_missing_data=treat_missing_data,
    )


def scaling_explorer(
    *, target_cpu: int = 80, scheduled_min: int = 0, predictive: bool = False, days: int = 5, seed: int = 1
):
    """Scale a group over the bank's week: target CPU, a scheduled floor for the 4-6 pm peak, predictive.

    Example:
        >>> from awsbasics.widgets import scaling_explorer
        >>> w = scaling_explorer(target_cpu=60)     # doctest: +SKIP
    """
    from awsbasics.widgets.ha import scaling_explorer as build

    return build(target_cpu=target_cpu, scheduled_min=scheduled_min, predictive=predictive, days=days, seed=seed)


def failover_explorer(*, request_interval_s: int = 30, failure_threshold: int = 3, ttl_s: int = 60):
    """Route 53 primary/secondary failover: health-check interval, failure threshold and TTL -> time on a dead site.

    Example:
        >>> from awsbasics.widgets import failover_explorer
        >>> w = failover_explorer(ttl_s=300)     # doctest: +SKIP
    """
    from awsbasics.widgets.ha import failover_explorer as build

    return build(request_interval_s=request_interval_s, failure_threshold=failure_threshold, ttl_s=ttl_s)


def lambda_calculator(
    *,
    memory_mb: int = 512,
    avg_duration_ms: int = 200,
    requests_per_second: float = 100.0,
    account_limit: int = 1000,
    architecture: str = "x86_64",
    free_tier: bool = False,
):
    """Lambda calculator: load, duration, memory, architecture -> concurrency needed, throttling and monthly cost.

    Example:
        >>> from awsbasics.widgets import lambda_calculator
        >>> w = lambda_calculator(requests_per_second=2000)     # doctest: +SKIP
    """
    from awsbasics.widgets.microservices import lambda_calculator as build

    return build(
        memory_mb=memory_mb,
        avg_duration_ms=avg_duration_ms,
        requests_per_second=requests_per_second,
        account_limit=account_limit,
        architecture=architecture,
        free_tier=free_tier,
    )


def fargate_sizer(*, cpu: int = 1024, memory_mib: int = 2048, operating_system: str = "LINUX"):
    """Fargate task sizer: CPU, memory and OS -> a valid task definition, or the rule the pair breaks.

    Example:
        >>> from awsbasics.widgets import fargate_sizer
        >>> w = fargate_sizer(cpu=256)     # doctest: +SKIP
    """
    from awsbasics.widgets.microservices import fargate_sizer as build

    return build(cpu=cpu, memory_mib=memory_mib, operating_system=operating_system)


def pipeline_explorer(
    *,
    burst_uploads_per_s: int = 30,
    target_backlog_per_instance: int = 30,
    max_instances: int = 40,
    warmup_s: int = 90,
    seed: int = 1,
):
    """Burst uploads through SNS and SQS to scaling workers; watch backlog, latency, instances and cost.

    Example:
        >>> from awsbasics.widgets import pipeline_explorer
        >>> w = pipeline_explorer(max_instances=20)     # doctest: +SKIP
    """
    from awsbasics.widgets.messaging import pipeline_explorer as build

    return build(
        burst_uploads_per_s=burst_uploads_per_s,
        target_backlog_per_instance=target_backlog_per_instance,
        max_instances=max_instances,
        warmup_s=warmup_s,
        seed=seed,
    )


def cost_resilience_explorer(*, region: str = "us-east-1", azs: int = 3, nat_gateways: int = 3, multi_az: bool = True):
    """One NAT gateway or one per AZ, Multi-AZ on or off, two to four AZs: watch monthly USD and availability move.

    Example:
        >>> from awsbasics.widgets import cost_resilience_explorer
        >>> w = cost_resilience_explorer(nat_gateways=1)     # doctest: +SKIP
    """
    from awsbasics.widgets.capstone import cost_resilience_explorer as build

    return build(region=region, azs=azs, nat_gateways=nat_gateways, multi_az=multi_az)
