"""Chapter 04 exercises: provision DynamoDB capacity, build a DB subnet group, break Aurora's write quorum, and more.

The three constructive exercises take something the learner builds (a number of
units to provision, a set of subnets, a set of failed storage copies), run it
through :mod:`awsbasics.database` and grade what the engine says about it; the
feedback names the idea a wrong answer reveals.
"""

from __future__ import annotations

import math

from awsbasics.chapters.exercise import Exercise, GradedExercise, names, whole_number
from awsbasics.database import (
    DEPLOYMENTS,
    NODES,
    STORAGE,
    dynamodb_capacity,
    recovery_window,
    storage_quorum,
)
from awsbasics.database.placement import db_subnet_group
from awsbasics.errors import DbSubnetGroupError
from awsbasics.network import VPC

ITEM_KB = 7.5
READS_PER_SECOND = 40


def _grade_rcu(answer: int) -> tuple[bool, str]:
    need = dynamodb_capacity(ITEM_KB, reads_per_second=READS_PER_SECOND, read_consistency="strong")
    best = need.provisioned_rcu
    unrounded = math.ceil(ITEM_KB / 4 * READS_PER_SECOND)
    halved = dynamodb_capacity(ITEM_KB, reads_per_second=READS_PER_SECOND).provisioned_rcu
    per_kb = math.ceil(ITEM_KB) * READS_PER_SECOND
    if answer == best:
        return True, (
            f"{best} RCU: each {ITEM_KB} KB read rounds up to {need.read_units_per_request:g} units of 4 KB, "
            f"and a strongly consistent read pays the full unit."
        )
    if answer == unrounded:
        return False, (
            f"{answer} RCU divides the size by 4 KB without rounding up: DynamoDB rounds each item up to "
            "the next 4 KB, so a 7.5 KB item costs as much as an 8 KB one."
        )
    if answer == halved:
        return False, (
            f"{answer} RCU is the eventually consistent price: half a unit per 4 KB. These reads are "
            "strongly consistent and pay a whole unit per 4 KB."
        )
    if answer == per_kb:
        return False, f"{answer} RCU counts 1 KB blocks: 1 KB is the write unit; reads are counted in 4 KB."
    if answer > best:
        return False, (
            f"{answer} RCU serves the traffic, but fewer do too, and provisioned units are paid every hour "
            "whether used or not."
        )
    return False, f"{answer} RCU is too few: the table would throttle reads once its burst capacity ran out."


def _shop_vpc() -> VPC:
    vpc = VPC("10.0.0.0/16", name="shop")
    subnets = {
        name: vpc.add_subnet(cidr, az=az, name=name)
        for name, cidr, az in [
            ("public-a", "10.0.0.0/24", "ap-northeast-2a"),
            ("public-b", "10.0.1.0/24", "ap-northeast-2b"),
            ("private-a", "10.0.10.0/24", "ap-northeast-2a"),
            ("private-a2", "10.0.12.0/24", "ap-northeast-2a"),
            ("private-b", "10.0.11.0/24", "ap-northeast-2b"),
        ]
    }
    table = vpc.add_route_table("public")
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    table.associate(subnets["public-a"])
    table.associate(subnets["public-b"])
    return vpc


def _grade_subnet_group(names) -> tuple[bool, str]:
    vpc = _shop_vpc()
    by_name = {s.name: s for s in vpc.subnets}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        return False, f"{', '.join(map(repr, unknown))}: the VPC's subnets are {', '.join(by_name)}."
    try:
        group = db_subnet_group(vpc, [by_name[n] for n in names], name="shop-db")
    except DbSubnetGroupError as exc:
        return False, (
            f"RDS refuses it: {exc}. Two subnets in one AZ do not help: a Multi-AZ standby must sit in another AZ."
        )
    if group.public_subnets:
        return False, (
            f"RDS accepts it, but {', '.join(s.name for s in group.public_subnets)} routes to the internet "
            "gateway. RDS may place the database in any subnet of the group, so a public subnet puts it "
            "one setting (publicly accessible) away from the internet; keep the group private."
        )
    return True, f"A valid, private group: {group.verdict}"


def _grade_quorum(names) -> tuple[bool, str]:
    outcome = storage_quorum(failed_nodes=tuple(names))
    down = len(outcome.failed_nodes)
    if outcome.can_write:
        return False, (
            f"With {down} copies down, {len(outcome.alive)} still answer, enough for the write quorum of "
            f"{STORAGE['write_quorum']}. Aurora is built to keep writing through the loss of a whole AZ "
            "(two copies)."
        )
    if not outcome.can_read:
        return False, (
            f"With {down} copies down, only {len(outcome.alive)} answer: below the read quorum of "
            f"{STORAGE['read_quorum']}, so reads stop too."
        )
    return True, f"{outcome.verdict} {outcome.repair}"


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 04, answers computed by the database engine."""
    strong = dynamodb_capacity(ITEM_KB, reads_per_second=READS_PER_SECOND, read_consistency="strong")
    update = dynamodb_capacity(2.3, writes_per_second=50, transactional_writes=True, item_size_before_kb=0.7)
    api_window = recovery_window(created_with="api")
    restorable, _ = api_window.can_restore(2)
    days = api_window.retention_days
    verdict = (
        f"Yes: the API default keeps {days} days of backups"
        if restorable
        else f"No: without a retention setting the API keeps {days} day{'s' if days != 1 else ''} of backups"
    )
    restore_choices = (
        "Yes: automated backups keep 35 days by default",
        verdict,
        "Yes: a Multi-AZ standby keeps the old data",
        "No: point-in-time restore only works on Aurora",
    )
    deployments = (
        f"{DEPLOYMENTS['multi-az-instance']}, reports on the standby",
        f"{DEPLOYMENTS['multi-az-cluster']}, reports on the reader endpoint",
        f"{DEPLOYMENTS['single-az']} with 5 read replicas",
        f"{DEPLOYMENTS['single-az']}, a bigger instance class",
    )
    regions = (
        "Nothing: a DynamoDB table is not bound to a Region",
        "Add replicas in the other Regions: make it a global table",
        "Turn on DAX, which caches the table in every Region",
        "Create a read replica of the table in the other Region",
    )
    return (
        GradedExercise(
            id="04-provision-rcu",
            question=(
                f"Build it: a product page reads {ITEM_KB} KB items {READS_PER_SECOND} times a second with strongly "
                "consistent reads. How many whole RCU do you provision (no more than needed)? Try "
                "database.dynamodb_capacity(...) first, then answer with the number."
            ),
            answer=strong.provisioned_rcu,
            explanation="Reads round each item up to 4 KB; a strongly consistent read is one unit per 4 KB.",
            hint_text="How many 4 KB blocks does one item take? What does one strongly consistent read of one block cost?",
            kind="number",
            grade=_grade_rcu,
            parse=whole_number,
            form=(".check(12)", "a whole number"),
        ),
        GradedExercise(
            id="04-subnet-group",
            question=(
                "Build it: the shop VPC has subnets public-a and public-b (routed to an internet gateway), private-a "
                "and private-a2 (in ap-northeast-2a) and private-b (in ap-northeast-2b). Choose the subnets of the "
                'database\'s DB subnet group, e.g. .check(["...", "..."]).'
            ),
            answer=["private-a", "private-b"],
            explanation="A DB subnet group needs subnets in at least two AZs; a database belongs in private subnets.",
            hint_text="RDS checks the number of Availability Zones, not the number of subnets. Which subnets route to the internet?",
            kind="set",
            grade=_grade_subnet_group,
            parse=names,
            form=('.check(["a", "b"])', "a list of names"),
        ),
        GradedExercise(
            id="04-aurora-break-writes",
            question=(
                f"Build it: the storage copies of one Aurora protection group are {', '.join(NODES)} (two per AZ). "
                "Choose the fewest copies to fail so that reads still work but writes stop."
            ),
            answer=["a1", "a2", "b1"],
            explanation=(
                f"A write needs {STORAGE['write_quorum']} of {STORAGE['copies']} copies, a read "
                f"{STORAGE['read_quorum']}."
            ),
            hint_text="How many copies can go before fewer than 4 answer? And before fewer than 3 answer?",
            kind="set",
            grade=_grade_quorum,
            parse=names,
            form=('.check(["a", "b"])', "a list of names"),
        ),
        Exercise(
            id="04-readable-standby",
            question=(
                "Month-end reports overload your MySQL primary, and you want automatic failover in well under a "
                "minute. Which deployment gives both?"
            ),
            answer=deployments[1],
            choices=deployments,
            explanation=(
                "A Multi-AZ DB instance's standby serves no traffic at all; read replicas scale reads but do not fail "
                "over automatically; a Multi-AZ DB cluster has two standbys that serve reads and fail over in "
                "typically under 35 seconds."
            ),
            hint_text="Which kind of standby can you send queries to?",
            kind="choice",
        ),
        Exercise(
            id="04-restore-api-default",
            question=(
                "A DB instance was created with the AWS CLI without setting a backup retention period. A bad "
                "migration ran two days ago. Can you restore the database to just before it with point-in-time restore?"
            ),
            answer=verdict,
            choices=restore_choices,
            explanation=(
                f"Retention defaults to {days} day{'s' if days != 1 else ''} through the API and CLI "
                "(7 in the console); 35 days is the maximum, not the default."
            ),
            hint_text="The default retention depends on how the DB instance was created.",
            kind="choice",
        ),
        Exercise(
            id="04-update-wcu",
            question=(
                "Inside a transaction, UpdateItem grows an item from 0.7 KB to 2.3 KB, 50 times a second. How many "
                "write capacity units does that consume per second?"
            ),
            answer=update.wcu,
            explanation=(
                "An update pays for the larger of the item before and after, rounded up to 1 KB; a transactional "
                "write costs two units per 1 KB."
            ),
            hint_text="Which size counts, the old or the new? Round it up to whole KB, then think of the transaction.",
            kind="number",
        ),
        Exercise(
            id="04-global-table",
            question=(
                "Your DynamoDB table in Seoul (ap-northeast-2) must also serve reads and writes from Frankfurt with "
                "low latency. What do you do?"
            ),
            answer=regions[1],
            choices=regions,
            explanation=(
                "A DynamoDB table is regional; a global table replicates it to the Regions you add, where each replica "
                "takes reads and writes. DAX is a separate cache in one VPC, not replication."
            ),
            hint_text="Where does a table live, and what makes the same data live in a second Region?",
            kind="choice",
        ),
    )
