"""Chapter 01 exercises: Regions, Availability Zones, edge locations, AZ failure."""

from __future__ import annotations

from awsbasics import data
from awsbasics.chapters.exercise import Exercise
from awsbasics.infra import MIN_AZS_PER_REGION, Region, az_failure, instances_for_static_stability


def exercises() -> tuple[Exercise, ...]:
    """The four exercises of chapter 01, answers computed by the library."""
    seoul = Region.get("ap-northeast-2")
    edge = data.value("infra", "edge_services")
    return (
        Exercise(
            id="01-seoul-az-failure",
            question=(
                f"A web tier of 12 instances is spread evenly over all {seoul.az_count} AZs of "
                f"{seoul.name}. One AZ fails. How many instances keep running?"
            ),
            answer=az_failure(12, seoul.az_count, region=seoul.code).surviving,
            explanation=(
                "An even spread puts the same share of the fleet in every AZ, and an AZ failure "
                "takes out exactly the instances inside that AZ; the others keep running."
            ),
            hint_text="Divide the fleet by the number of AZs to get one AZ's share, then take it away.",
            kind="number",
        ),
        Exercise(
            id="01-static-stability",
            question=(
                "A service needs 10 instances to carry its load and must keep them through the "
                "loss of one AZ. It runs in 2 AZs. What is the smallest fleet?"
            ),
            answer=instances_for_static_stability(10, 2),
            explanation=(
                "To be statically stable, the AZs left after a failure must already hold the "
                "required capacity. With 2 AZs, one AZ alone must carry everything."
            ),
            hint_text="After one of 2 AZs fails, how many instances must the remaining AZ hold?",
            kind="number",
        ),
        Exercise(
            id="01-edge-service",
            question="Which of these services runs at edge locations rather than inside a Region's AZs?",
            answer="Amazon CloudFront",
            choices=("Amazon EBS", "Amazon CloudFront", "Amazon RDS", "Amazon VPC"),
            explanation=(
                "Edge locations (points of presence) run AWS's global services close to users: "
                + ", ".join(edge)
                + ". Volumes, databases and networks live in a Region."
            ),
            hint_text="Which one is a content delivery network (CDN)?",
            kind="choice",
        ),
        Exercise(
            id="01-min-azs",
            question="What is the smallest number of Availability Zones an AWS Region has today?",
            answer=MIN_AZS_PER_REGION,
            explanation=(
                "The 2020 course notes say at least two, but that has changed: AWS's Availability "
                "Zones page now states a minimum for every Region. Check the chapter's "
                "'What changed since 2020' table."
            ),
            hint_text="Look at the smallest value in the catalog's availability_zones column.",
            kind="number",
        ),
    )
