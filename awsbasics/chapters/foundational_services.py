"""Chapter 02 exercises, EC2 and EBS part: purchase break-even, stop/start, gp2 burst, io1 ratio."""

from __future__ import annotations

from awsbasics.compute import PRICED_INSTANCE_TYPE, compare_purchase_options, simulate_lifecycle
from awsbasics.exercises import Exercise
from awsbasics.storage.ebs import GP2_INITIAL_CREDITS, Volume

_LEFT_AFTER_STOP_START = {
    (True, True): "Both",
    (True, False): "Only the EBS data",
    (False, True): "Only the instance store data",
    (False, False): "Neither",
}


def exercises() -> tuple[Exercise, ...]:
    """The exercises of chapter 02's EC2 and EBS part, answers computed by the library."""
    plans = compare_purchase_options(hours_per_day=24).set_index("plan")
    reserved = "Standard RI, 1 year, No Upfront"
    last = simulate_lifecycle(["launch", "write", "stop", "start"], instance_type="m5d.large").iloc[-1]
    left = _LEFT_AFTER_STOP_START[(last["ebs_root_files"] > 0, last["instance_store_files"] > 0)]
    gp2 = Volume("gp2", 200)
    io1 = Volume("io1", 100, iops=100)
    return (
        Exercise(
            id="02-reserved-break-even",
            question=(
                f"An {PRICED_INSTANCE_TYPE} runs every day of the year. From how many hours a day does a "
                "1-year No Upfront Standard Reserved Instance cost less than On-Demand? "
                "(Use the chapter's us-east-1 prices.)"
            ),
            answer=float(plans.loc[reserved, "break_even_hours_per_day"]),
            explanation=(
                "A Reserved Instance bills every hour of its term whether the instance runs or not, "
                "while On-Demand bills only the hours used. It pays off once the hours used cost more "
                "On-Demand than the reservation costs for the whole day."
            ),
            hint_text="Divide the reservation's cost for 24 hours by the On-Demand price of one hour.",
            kind="number",
            tolerance=0.25,
        ),
        Exercise(
            id="02-stop-start",
            question=(
                "An m5d.large writes a file to its EBS root volume and one to its instance store. "
                "It is then stopped and started. Which files are still there?"
            ),
            answer=left,
            choices=tuple(_LEFT_AFTER_STOP_START.values()),
            explanation=(
                "Instance store disks belong to the host computer. A stopped instance gives up its host "
                "and may start on another one, so instance store data does not survive a stop; an EBS "
                "volume is network storage that exists apart from the instance."
            ),
            hint_text="Where does each disk physically live, and does the instance keep its host when stopped?",
            kind="choice",
        ),
        Exercise(
            id="02-gp2-burst",
            question=(
                f"A {gp2.size_gib} GiB gp2 volume starts with a full bucket of I/O credits and a "
                f"database asks it for {gp2.max_iops:,} IOPS without pause. For how many seconds can it "
                "deliver them?"
            ),
            answer=gp2.burst_seconds(),
            explanation=(
                f"gp2 earns credits at its baseline (3 IOPS per GiB) and spends one per I/O, so above "
                f"baseline the bucket of {GP2_INITIAL_CREDITS:,} credits drains at the demand minus the "
                "baseline, per second."
            ),
            hint_text="Work out the baseline IOPS first; the bucket pays only for the IOPS above it.",
            kind="number",
            tolerance=1,
        ),
        Exercise(
            id="02-io1-ratio",
            question="What is the most IOPS you can provision on a 100 GiB io1 volume?",
            answer=io1.iops_range[1],
            explanation=(
                "io1 limits provisioned IOPS to a fixed number per GiB of volume size, so a small volume "
                "cannot take the type's absolute maximum."
            ),
            hint_text="Look up io1's IOPS-per-GiB ratio and multiply by the size.",
            kind="number",
        ),
    )
