"""Chapter 11: the capstone — one architecture built, proven, priced and failed over end to end.

This package prices the architecture: :func:`monthly_estimate` turns a plain
description (AZs, NAT gateways, the EC2 tiers and how they are bought, an RDS
Multi-AZ database, S3, CloudFront by viewer location, SQS, Lambda, data
transfer, public IPv4 addresses) into a month of line items from sourced list
prices, in ``us-east-1`` or ``ap-northeast-2``; :func:`alb_lcus` applies the
ALB's largest-dimension rule to an hour of traffic.

    >>> from awsbasics.capstone import monthly_estimate
    >>> one = monthly_estimate(region="us-east-1", nat_gateways=1, rds_multi_az=False)
    >>> three = monthly_estimate(region="us-east-1", nat_gateways=3, rds_multi_az=True)
    >>> three.total_usd > one.total_usd
    True

Modules: :mod:`~awsbasics.capstone.estimate` (prices, LCUs, the estimate).
"""

from awsbasics.capstone.estimate import (
    HOURS_PER_MONTH,
    LCU_DIMENSIONS,
    REGIONS,
    VIEWER_LOCATIONS,
    AlbLcus,
    Estimate,
    LineItem,
    alb_lcus,
    monthly_estimate,
)
from awsbasics.errors import EstimateError

__all__ = [
    "HOURS_PER_MONTH",
    "LCU_DIMENSIONS",
    "REGIONS",
    "VIEWER_LOCATIONS",
    "AlbLcus",
    "Estimate",
    "EstimateError",
    "LineItem",
    "alb_lcus",
    "monthly_estimate",
]
