"""Chapter 02 exercises: instance store vs EBS across stop/start, gp2 burst, and two on S3."""

from __future__ import annotations

from awsbasics import data
from awsbasics.chapters import storage_s3
from awsbasics.chapters.exercise import Exercise
from awsbasics.compute import simulate_lifecycle
from awsbasics.storage.ebs import GP2_INITIAL_CREDITS, Volume

_LEFT_AFTER_STOP_START = {
    (True, True): "Both",
    (True, False): "Only the EBS data",
    (False, True): "Only the instance store data",
    (False, False): "Neither",
}


def exercises() -> tuple[Exercise, ...]:
    """The four exercises of chapter 02, answers computed by the library."""
    last = simulate_lifecycle(["launch", "write", "stop", "start"], instance_type="m5d.large").iloc[-1]
    left = _LEFT_AFTER_STOP_START[(last["ebs_root_files"] > 0, last["instance_store_files"] > 0)]
    gp2 = Volume("gp2", 200)
    return (
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
                f"gp2 earns credits at its baseline ({data.value('ebs', 'gp2')['iops_per_gib']} IOPS per GiB) "
                "and spends one per I/O, so above "
                f"baseline the bucket of {GP2_INITIAL_CREDITS:,} credits drains at the demand minus the "
                "baseline, per second."
            ),
            hint_text="Work out the baseline IOPS first; the bucket pays only for the IOPS above it.",
            kind="number",
            tolerance=1,
        ),
        *storage_s3.exercises(),
    )
