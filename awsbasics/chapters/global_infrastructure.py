"""Chapter 01 exercises: place a fleet that survives an AZ loss, choose a Region, read AZ IDs and zone types.

Two exercises are constructive: the learner places instances over a Region's
usable AZs, and chooses a Region under a data-residency rule; the engine
(:func:`~awsbasics.infra.az_failure`, :func:`~awsbasics.infra.compare_regions`)
grades what they built. Every expected answer is computed by the library, and
each likely wrong answer gets the misconception it reveals.
"""

from __future__ import annotations

from awsbasics.chapters._graded import choice, number
from awsbasics.chapters.exercise import Exercise, GradedExercise
from awsbasics.infra import Region, az_failure, compare_regions, instances_for_static_stability, spread

# The placement exercise: keep this many instances through the loss of any one AZ of Seoul.
PLACE_REGION = "ap-northeast-2"
PLACE_REQUIRED = 11
# The usable-AZ exercise: a new account spreads this fleet over every AZ of us-west-1 it can use.
USABLE_REGION = "us-west-1"
USABLE_FLEET = 10
# The static-stability exercise.
STABLE_REQUIRED = 10
STABLE_AZS = 2
# The Region-choice exercise: from Seoul, with the data kept in one country, enabled by default.
CHOICE_ORIGIN = "ap-northeast-2"
CHOICE_COUNTRY = "India"
_MAX_AZS_TYPED = 16

# Two accounts' AZ name -> AZ ID mappings in Seoul (accounts created before November 2025 in
# an older Region get their own mapping; the AZ ID names the physical AZ in every account).
ACCOUNT_A = {
    "ap-northeast-2a": "apne2-az1",
    "ap-northeast-2b": "apne2-az2",
    "ap-northeast-2c": "apne2-az3",
    "ap-northeast-2d": "apne2-az4",
}
ACCOUNT_B = {
    "ap-northeast-2a": "apne2-az3",
    "ap-northeast-2b": "apne2-az1",
    "ap-northeast-2c": "apne2-az4",
    "ap-northeast-2d": "apne2-az2",
}


def parse_placement(answer: object) -> tuple[int, ...] | None:
    """Instances per AZ, from a list of whole numbers or text such as ``"3, 3, 3, 3"``; None otherwise.

    >>> parse_placement("3, 3,3"), parse_placement([4, 4]), parse_placement("a, b")
    ((3, 3, 3), (4, 4), None)
    """
    if isinstance(answer, str):
        if len(answer) > 200:
            return None
        parts = [p.strip() for p in answer.replace(";", ",").split(",") if p.strip()]
        if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 6 for p in parts):
            return None
        answer = [int(p) for p in parts]
    if not isinstance(answer, (list, tuple)) or not answer or len(answer) > _MAX_AZS_TYPED:
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 100_000 for n in answer):
        return None
    return tuple(answer)


def _grade_placement(per_az: tuple[int, ...]) -> tuple[bool, str]:
    region = Region.get(PLACE_REGION)
    fleet = sum(per_az)
    best = instances_for_static_stability(PLACE_REQUIRED, region.usable_az_count)
    if len(per_az) > region.usable_az_count:
        return False, (
            f"You placed instances in {len(per_az)} AZs, but {region.name} has "
            f"{region.usable_az_count} that an account can use."
        )
    # The worst single-AZ loss takes out the fullest AZ.
    survivors = fleet - max(per_az)
    placed = ", ".join(str(n) for n in per_az)
    said = f"Your {fleet} instances ({placed} per AZ) keep {survivors} running when the fullest AZ fails."
    if survivors < PLACE_REQUIRED:
        if len(per_az) < region.usable_az_count:
            return False, (
                f"{said} With {len(per_az)} of the Region's {region.usable_az_count} AZs, each AZ holds "
                "a bigger share of the fleet, so its loss takes more with it. Spread wider, or add spares."
            )
        return False, (
            f"{said} Any AZ can be the one that fails: plan for the loss of the fullest one, so the "
            f"others alone must hold {PLACE_REQUIRED}."
        )
    if fleet > best:
        if len(per_az) < region.usable_az_count:
            return False, (
                f"{said} That is enough, but it pays for {fleet - PLACE_REQUIRED} spares. Using all "
                f"{region.usable_az_count} AZs makes each AZ's share smaller, so fewer spares cover its loss."
            )
        return False, (
            f"{said} That is enough, but an even spread needs fewer: the spares only have to replace "
            "the fullest AZ's share."
        )
    return True, (
        f"{said} That is the fewest that can work: over {len(per_az)} AZs the spares replace one AZ's "
        f"share, {fleet - PLACE_REQUIRED} instances."
    )


def parse_region(answer: object) -> str | None:
    """A Region code typed by the learner (spaces and case ignored); None if it is not text."""
    if not isinstance(answer, str) or len(answer) > 100:
        return None
    return answer.strip().lower()


def _grade_region(code: str) -> tuple[bool, str]:
    region = Region.get(code)  # a RegionError names the rule; the exercise shows it as feedback
    everything = compare_regions(CHOICE_ORIGIN, data_in=CHOICE_COUNTRY)
    allowed = [c for c in everything.choices if c.meets_residency and not c.opt_in]
    best = allowed[0]
    mine = next(c for c in everything.choices if c.code == region.code) if region.code != CHOICE_ORIGIN else None
    if mine is None:
        return False, (
            f"{region.code} is the origin, in {region.country}: the data must stay in {CHOICE_COUNTRY}, "
            "and residency comes before latency."
        )
    if not mine.meets_residency:
        return False, (
            f"{mine.code} is in {mine.country}. Data residency is a hard rule, not a trade-off: "
            f"only Regions in {CHOICE_COUNTRY} qualify, however close another one is."
        )
    if mine.opt_in:
        return False, (
            f"{mine.code} is in {CHOICE_COUNTRY}, but it is an opt-in Region, disabled until the account "
            "enables it. The question asks for one that works without that step."
        )
    if mine.code != best.code:
        return False, (
            f"{mine.code} keeps the data in {CHOICE_COUNTRY}, but it is {mine.distance_km:,.0f} km from "
            f"Seoul; another qualifying Region is {mine.distance_km - best.distance_km:,.0f} km closer. "
            "Try compare_regions() with data_in=...."
        )
    return True, (
        f"{mine.code} ({mine.name}) keeps the data in {CHOICE_COUNTRY}, needs no opt-in, and is the nearest "
        f"such Region: {mine.distance_km:,.0f} km, at least {mine.min_round_trip_ms:.0f} ms round trip."
    )


def _best_placement() -> tuple[int, ...]:
    region = Region.get(PLACE_REGION)
    return spread(instances_for_static_stability(PLACE_REQUIRED, region.usable_az_count), region.usable_az_count)


def _same_physical_az(name: str) -> str:
    """Account B's AZ name for the physical AZ that account A calls ``name``."""
    zone_id = ACCOUNT_A[name]
    return next(b_name for b_name, b_id in ACCOUNT_B.items() if b_id == zone_id)


def exercises() -> tuple[Exercise, ...]:
    """The six exercises of chapter 01, answers computed by the library."""
    usable = Region.get(USABLE_REGION)
    listed_spread = az_failure(USABLE_FLEET, usable.az_count)
    usable_answer = az_failure(USABLE_FLEET, usable.usable_az_count, region=usable.code).surviving
    stable = instances_for_static_stability(STABLE_REQUIRED, STABLE_AZS)
    best_region = compare_regions(CHOICE_ORIGIN, data_in=CHOICE_COUNTRY)
    best_region_code = next(c.code for c in best_region.choices if c.meets_residency and not c.opt_in)
    az_names = tuple(ACCOUNT_B)
    same = _same_physical_az("ap-northeast-2a")
    try_placement = _grade_placement(_best_placement())
    assert try_placement[0], try_placement  # the reference answer must pass its own grader
    zone_choices = (
        "An Availability Zone of the Region",
        "A Local Zone",
        "A Wavelength Zone",
        "An Outpost",
        "An edge location",
    )
    return (
        GradedExercise(
            id="01-place-fleet",
            question=(
                f"Build it: place a web tier in {Region.get(PLACE_REGION).name} ({PLACE_REGION}) so that "
                f"{PLACE_REQUIRED} instances keep running when any one AZ fails, with as few instances as possible. "
                'Answer with the number of instances in each AZ you use, e.g. "5, 5, 4" or [5, 5, 4].'
            ),
            answer=", ".join(str(n) for n in _best_placement()),
            explanation=(
                "Static stability: after the fullest AZ is lost, the other AZs must already hold the required "
                "capacity. The more AZs share the fleet, the smaller one AZ's share, and the fewer spares you need."
            ),
            hint_text="Region.get('ap-northeast-2').usable_az_count says how many AZs you can use. "
            "If n AZs share the fleet evenly, what fraction is left after one fails?",
            grade=_grade_placement,
            parse=parse_placement,
            form=('.check("5, 5, 4")', "instances per AZ, as a list of whole numbers"),
        ),
        number(
            id="01-usable-azs",
            question=(
                f"An account created this year spreads {USABLE_FLEET} instances evenly over every AZ it can use in "
                f"{usable.name} ({usable.code}). One of those AZs fails. How many instances keep running?"
            ),
            answer=usable_answer,
            wrong={
                listed_spread.surviving: (
                    f"That spreads the fleet over the {usable.az_count} AZs the Region lists. A new account can use "
                    f"only {usable.usable_az_count} of them there (Region.usable_az_count), so each AZ holds a "
                    "bigger share."
                ),
                USABLE_FLEET: "An AZ failure takes the instances inside that AZ with it: only the other AZs keep theirs.",
            },
            explanation=(
                "An even spread puts the same share in every AZ the account uses; an AZ failure takes out exactly "
                "that AZ's share. Count the AZs the account can use, not the ones the Region lists."
            ),
            hint="Check Region.get('us-west-1').usable_az_count before you divide.",
        ),
        number(
            id="01-static-stability",
            question=(
                f"A service needs {STABLE_REQUIRED} instances to carry its load and must keep them through the loss "
                f"of one AZ. It runs in {STABLE_AZS} AZs. What is the smallest fleet?"
            ),
            answer=stable,
            wrong={
                STABLE_REQUIRED: "With no spares, an AZ failure leaves fewer than the load needs.",
                instances_for_static_stability(STABLE_REQUIRED, 3): (
                    "That is the 50 % extra of the 3-AZ answer. With 2 AZs, one AZ alone must carry the whole load "
                    "after the other fails."
                ),
                STABLE_REQUIRED + 1: (
                    "One spare covers the loss of one instance, not of one AZ: the AZ that fails takes half of the "
                    "fleet with it."
                ),
            },
            explanation=(
                "To be statically stable, the AZs left after a failure must already hold the required capacity: "
                "with n AZs, the fleet is required x n / (n - 1), rounded up so it spreads evenly."
            ),
            hint=f"After one of {STABLE_AZS} AZs fails, how many instances must the remaining AZ hold by itself?",
        ),
        GradedExercise(
            id="01-region-choice",
            question=(
                f"Build it: a company in Seoul must keep its customer data in {CHOICE_COUNTRY}, wants the lowest "
                "latency from Seoul, and cannot wait for an opt-in Region to be enabled. Which Region code do you "
                "choose? (infra.compare_regions(...) compares candidates.)"
            ),
            answer=best_region_code,
            explanation=(
                "Of the course's four reasons, data residency is a rule, not a preference: filter by country first, "
                "then by what the account can use, then pick the lowest latency; price and services break ties."
            ),
            hint_text=f"compare_regions('ap-northeast-2', data_in='{CHOICE_COUNTRY}') sorts candidates by distance; "
            "mind the opt_in column.",
            grade=_grade_region,
            parse=parse_region,
            form=('.check("ap-northeast-1")', "a Region code"),
        ),
        choice(
            id="01-az-id",
            question=(
                "Two companies, each with an account created before November 2025, run in Seoul. Account A's "
                f"AZ IDs: {_mapping_text(ACCOUNT_A)}. Account B's: {_mapping_text(ACCOUNT_B)}. Which of account B's "
                "AZ names is the same physical AZ as account A's ap-northeast-2a?"
            ),
            choices=az_names,
            answer=same,
            wrong={
                "ap-northeast-2a": (
                    "The same letter is not the same place: in older Regions, accounts created before November 2025 "
                    "get their own mapping of letters to physical AZs. Compare AZ IDs, which name the physical AZ "
                    "in every account."
                ),
            },
            explanation="Find account A's AZ ID for ap-northeast-2a, then the name account B gives that AZ ID.",
            hint="Look up apne2-az? for account A's ap-northeast-2a first.",
        ),
        choice(
            id="01-zone-type",
            question=(
                "A factory must process sensor data on its own premises, with the same AWS APIs and tools it uses in "
                "the Region, because the data may not leave the site. Where does it run its EC2 instances?"
            ),
            choices=zone_choices,
            answer="An Outpost",
            wrong={
                "An Availability Zone of the Region": "An AZ is an AWS data centre: the data would leave the site.",
                "A Local Zone": (
                    "A Local Zone brings AWS closer to a metro area, but it is still an AWS site, not the factory."
                ),
                "A Wavelength Zone": (
                    "A Wavelength Zone sits in a telecom carrier's 5G network, for mobile devices; the data would "
                    "still leave the factory."
                ),
                "An edge location": (
                    "Edge locations run CloudFront, Route 53, WAF and Shield, not your EC2 instances."
                ),
            },
            explanation=(
                "Outposts are AWS racks or servers installed in your own site and managed from a parent Region: "
                "on-premises processing with AWS APIs."
            ),
            hint="Which option puts AWS hardware inside the customer's own building?",
        ),
    )


def _mapping_text(mapping: dict[str, str]) -> str:
    return ", ".join(f"{name[-1]} = {zone_id}" for name, zone_id in mapping.items())
