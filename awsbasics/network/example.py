"""A shipped example of ``aws ec2 describe-*`` output: a two-AZ production VPC.

``example_vpc()`` reads it with :meth:`VPC.from_aws`, the same way you would
read your own account's output (``aws ec2 describe-vpcs > vpcs.json``, ...).

    >>> vpc = example_vpc()
    >>> vpc.overview.split(": ", 1)[1]
    '2 AZs, 6 subnets (2 public, 4 private), an internet gateway, an egress-only internet gateway, 2 NAT gateways, 0 instances'

Source of the shapes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
"""

from __future__ import annotations

import copy

from awsbasics import data

__all__ = ["EXAMPLE_RESPONSES", "example_describe_output", "example_vpc"]

# describe-* response key -> VPC.from_aws() argument
EXAMPLE_RESPONSES = {
    "Vpcs": "vpcs",
    "Subnets": "subnets",
    "RouteTables": "route_tables",
    "InternetGateways": "internet_gateways",
    "EgressOnlyInternetGateways": "egress_only_internet_gateways",
    "NatGateways": "nat_gateways",
    "SecurityGroups": "security_groups",
    "NetworkAcls": "network_acls",
}


def example_describe_output() -> dict:
    """The example's describe-* lists by response key (a copy you may change)."""
    return copy.deepcopy(data.load("vpc_example")["value"])


def example_vpc():
    """The example read into the model: ``VPC.from_aws(**lists)``; see ``.import_notes`` for what it skipped."""
    from awsbasics.network.vpc import VPC

    output = example_describe_output()
    return VPC.from_aws(**{argument: output[key] for key, argument in EXAMPLE_RESPONSES.items()})
