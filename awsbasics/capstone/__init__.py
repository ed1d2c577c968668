"""Chapter 11: the capstone — one architecture built, proven, priced and failed over end to end.

:func:`image_service` builds the course's image-processing service from the
library's own models (VPC, ALB, Auto Scaling tiers, RDS Multi-AZ, S3 behind
CloudFront, SNS -> SQS, IAM roles); :func:`prove_paths` and
:func:`least_privilege` check it with reachability and the access matrix;
:func:`game_day` loses an AZ; :func:`monthly_estimate` (and
:func:`estimate_for`, :func:`cost_vs_resilience`) prices it from sourced list
prices in ``us-east-1`` or ``ap-northeast-2``; :func:`review` files computed
findings under the six Well-Architected pillars; ``Architecture.stacks()``
exports it as layered CloudFormation stacks.

    >>> from awsbasics.capstone import monthly_estimate
    >>> one = monthly_estimate(region="us-east-1", nat_gateways=1, rds_multi_az=False)
    >>> three = monthly_estimate(region="us-east-1", nat_gateways=3, rds_multi_az=True)
    >>> three.total_usd > one.total_usd
    True

Modules: :mod:`~awsbasics.capstone.estimate` (the estimate), :mod:`~awsbasics.capstone.prices`
(the price facts per Region), :mod:`~awsbasics.capstone.lcu` (ALB capacity units),
:mod:`~awsbasics.capstone.architecture` (the image service built from the library's models),
:mod:`~awsbasics.capstone.checks` (reachability proofs and least privilege),
:mod:`~awsbasics.capstone.resilience` (cost against availability for the same choices),
:mod:`~awsbasics.capstone.gameday` (losing an AZ), :mod:`~awsbasics.capstone.well_architected`
(a Well-Architected-style review of computed findings).
"""

from awsbasics.capstone.architecture import TIERS, Architecture, image_service
from awsbasics.capstone.checks import LeastPrivilege, PathCheck, PathProof, least_privilege, prove_paths
from awsbasics.capstone.estimate import Estimate, LineItem, monthly_estimate
from awsbasics.capstone.gameday import AVAILABILITY_TARGET, GameDay, game_day
from awsbasics.capstone.lcu import LCU_DIMENSIONS, AlbLcus, alb_lcus
from awsbasics.capstone.prices import HOURS_PER_MONTH, REGIONS, VIEWER_LOCATIONS
from awsbasics.capstone.resilience import CostResilience, availability_model, cost_vs_resilience, estimate_for
from awsbasics.capstone.well_architected import PILLARS, ReviewRow, WellArchitectedReview, review
from awsbasics.errors import AvailabilityError, AvailabilityZoneError, EstimateError, VpcError

__all__ = [
    "AVAILABILITY_TARGET",
    "PILLARS",
    "TIERS",
    "Architecture",
    "CostResilience",
    "GameDay",
    "LeastPrivilege",
    "PathCheck",
    "PathProof",
    "ReviewRow",
    "WellArchitectedReview",
    "availability_model",
    "cost_vs_resilience",
    "estimate_for",
    "game_day",
    "image_service",
    "least_privilege",
    "prove_paths",
    "review",
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
    "AvailabilityError",
    "AvailabilityZoneError",
    "VpcError",
]
