"""Interactive widgets (ipywidgets): controls -> the same public function -> its display.

Each factory returns an ipywidgets widget; ipywidgets is imported only when a
factory is called. Widgets hold no AWS rules: they call the functions a
learner can call and show the same display objects. An invalid combination
shows the rule it breaks instead of raising.

Every chapter widget carries the DOM class ``awsbasics-widget``; its controls
carry ``awsbasics-control`` and its result area ``awsbasics-output``.
"""

from __future__ import annotations

__all__ = ["az_failure_explorer", "capacity_explorer", "cidr_planner", "ebs_calculator", "iam_simulator", "lifecycle_designer"]


def az_failure_explorer(*, region: str = "ap-northeast-2", instances: int = 12, azs: int = 3):
    """Spread instances over a Region's AZs, fail some, and watch the surviving capacity.

    Example:
        >>> from awsbasics.widgets import az_failure_explorer
        >>> w = az_failure_explorer(instances=9)     # doctest: +SKIP
    """
    from awsbasics.widgets.infra import az_failure_explorer as build

    return build(region=region, instances=instances, azs=azs)


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

    return build(peak_servers=peak_servers, fixed_servers=fixed_servers, launch_delay_hours=launch_delay_hours,
                 headroom_servers=headroom_servers, seed=seed)


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
