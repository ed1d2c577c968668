"""Chapter 02 exercises: storage for a shared workload, an EBS volume the engine grades, gp2 burst, Graviton.

The constructive exercise here takes an EBS volume the learner builds (an
:class:`~awsbasics.storage.ebs.Volume` or its short text form) and grades it
against a sustained IOPS and throughput need at least cost; the S3 ones
(:mod:`awsbasics.chapters.storage_s3`) grade a lifecycle rule against a budget
and a bucket policy with the IAM engine. Every expected answer is computed by
the library, and each likely wrong answer gets the misconception it reveals.
"""

from __future__ import annotations

from awsbasics.chapters import storage_s3
from awsbasics.chapters._graded import choice, number
from awsbasics.chapters.exercise import Exercise, GradedExercise
from awsbasics.compute import InstanceType, on_demand_usd_per_hour
from awsbasics.storage.ebs import GP2_INITIAL_CREDITS, Volume

# The volume exercise: sustained (not burst) IOPS and throughput for a database of this size.
NEED_SIZE_GIB = 800
NEED_IOPS = 10_000
NEED_THROUGHPUT_MIBPS = 500
_CANDIDATE_TYPES = ("gp3", "gp2", "io2", "io1", "st1", "sc1")
_MAX_TEXT = 200

# The gp2 burst exercise.
BURST_SIZE_GIB = 200

# The instance exercise: an x86-only program that needs this much, on a current (7th or later) generation.
NEED_VCPUS = 8
NEED_MEMORY_GIB = 32
INSTANCE_CHOICES = ("m7g.2xlarge", "m8g.2xlarge", "m5.2xlarge", "m7i.2xlarge", "m7i.4xlarge")


def parse_volume(answer: object) -> Volume | tuple | None:
    """A learner's volume: a :class:`Volume`, or text ``"type size [iops [throughput]]"`` read as a tuple.

    The tuple becomes a :class:`Volume` when graded, so a limit it breaks is shown as feedback.

    >>> parse_volume("gp3 800 10000 500")
    ('gp3', 800, 10000, 500)
    >>> parse_volume("a big disk") is None
    True
    """
    if isinstance(answer, Volume):
        return answer
    if not isinstance(answer, str) or len(answer) > _MAX_TEXT:
        return None
    parts = answer.replace(",", " ").split()
    if not 2 <= len(parts) <= 4 or parts[0].lower() not in _CANDIDATE_TYPES + ("standard",):
        return None
    if not all(p.isascii() and p.isdigit() and len(p) <= 7 for p in parts[1:]):
        return None
    numbers = [int(p) for p in parts[1:]] + [None, None]
    return (parts[0].lower(), numbers[0], numbers[1] or None, numbers[2] or None)


def _cheapest_volume() -> Volume:
    """The least monthly cost among volumes that meet the need: each type at its smallest sufficient setting."""
    options = []
    for kind in ("gp3", "io1", "io2"):
        throughput = NEED_THROUGHPUT_MIBPS if kind == "gp3" else None
        try:
            options.append(Volume(kind, NEED_SIZE_GIB, iops=NEED_IOPS, throughput_mibps=throughput))
        except ValueError:
            continue
    meets = [v for v in options if _meets(v)]
    return min(meets, key=lambda v: v.monthly_cost_usd)


def _meets(volume: Volume) -> bool:
    return (
        volume.size_gib >= NEED_SIZE_GIB
        and volume.baseline_iops >= NEED_IOPS
        and volume.baseline_throughput_mibps >= NEED_THROUGHPUT_MIBPS
    )


def _grade_volume(volume: Volume | tuple) -> tuple[bool, str]:
    if isinstance(volume, tuple):  # text form: building it checks every EBS limit (EbsLimitError is feedback)
        kind, size, iops, throughput = volume
        volume = Volume(kind, size, iops=iops, throughput_mibps=throughput)
    best = _cheapest_volume()
    said = f"Your {volume.performance} costs ${volume.monthly_cost_usd:,.2f} a month."
    if volume.size_gib < NEED_SIZE_GIB:
        return False, f"{said} The data needs {NEED_SIZE_GIB:,} GiB: a volume smaller than its data cannot hold it."
    if volume.media == "HDD":
        return False, (
            f"{said} HDD volumes are rated in MiB/s for large sequential I/O; they top out at "
            f"{volume.max_iops:,} IOPS, far below {NEED_IOPS:,}. A database's small random I/O needs SSD."
        )
    if volume.baseline_iops < NEED_IOPS:
        if volume.volume_type == "gp2" and volume.max_iops >= NEED_IOPS:
            return False, (
                f"{said} It reaches {NEED_IOPS:,} IOPS only while its credit bucket lasts: gp2's "
                f"baseline is {volume.baseline_iops:,}. The need is sustained, so count the baseline."
            )
        return False, (
            f"{said} Its baseline is {volume.baseline_iops:,} IOPS; the database needs {NEED_IOPS:,} all the time."
        )
    if volume.baseline_throughput_mibps < NEED_THROUGHPUT_MIBPS:
        return False, (
            f"{said} It delivers {volume.baseline_throughput_mibps:,.0f} MiB/s; the need is "
            f"{NEED_THROUGHPUT_MIBPS} MiB/s. IOPS and throughput are separate limits: meet both."
        )
    if volume.monthly_cost_usd > best.monthly_cost_usd + 0.005:
        if volume.volume_type in ("io1", "io2"):
            return False, (
                f"{said} It meets the need, but Provisioned IOPS volumes charge for every IOPS; gp3 "
                f"sells {NEED_IOPS:,} IOPS and {NEED_THROUGHPUT_MIBPS} MiB/s for less. io1/io2 pay off "
                "for higher IOPS, durability or Multi-Attach."
            )
        if volume.volume_type == "gp2":
            return False, (
                f"{said} Growing gp2 to raise its baseline buys {volume.size_gib:,} GiB you do not need; "
                "gp3 sells IOPS and throughput apart from size."
            )
        return False, (
            f"{said} It meets the need, but pays for more than it: provision only the size, IOPS and "
            "throughput asked for."
        )
    return True, (
        f"{said} That is the least a volume meeting {NEED_IOPS:,} IOPS and {NEED_THROUGHPUT_MIBPS} MiB/s "
        f"sustained on {NEED_SIZE_GIB:,} GiB costs."
    )


def _grade_instance_reason(name: str) -> str:
    itype = InstanceType.parse(name)
    price = on_demand_usd_per_hour(name)
    if "g" in itype.attributes:
        return (
            f"{name} has a Graviton ('g') processor, an Arm CPU: a program built only for x86 does not run on it, "
            f"however cheap (${price:.4f} an hour)."
        )
    if itype.generation is None or itype.generation < 7:
        return (
            f"{name} runs the program, but it is generation {itype.generation}; the question asks for the 7th "
            "generation or later."
        )
    return (
        f"{name} runs the program, but it is twice the size needed: ${price:.4f} an hour. Each size step "
        "doubles vCPUs, memory and price."
    )


def exercises() -> tuple[Exercise, ...]:
    """The eight exercises of chapter 02, answers computed by the library."""
    gp2 = Volume("gp2", BURST_SIZE_GIB)
    no_baseline = GP2_INITIAL_CREDITS / gp2.max_iops
    best_volume = _cheapest_volume()
    fits = [
        n
        for n in INSTANCE_CHOICES
        if "g" not in InstanceType.parse(n).attributes and (InstanceType.parse(n).generation or 0) >= 7
    ]
    best_instance = min(fits, key=on_demand_usd_per_hour)
    storage_choices = (
        "One gp3 EBS volume per server",
        "An io2 volume with Multi-Attach",
        "The instance store of each server",
        "An S3 bucket",
        "An Amazon EFS file system",
    )
    pick_volume: GradedExercise[Volume | tuple] = GradedExercise(
        id="02-pick-volume",
        question=(
            f"Build it: a database keeps {NEED_SIZE_GIB:,} GiB and needs {NEED_IOPS:,} IOPS and "
            f"{NEED_THROUGHPUT_MIBPS} MiB/s all the time, not in bursts. Create the EBS volume that meets this at "
            'the lowest monthly cost, as ebs.Volume(...) or as text "type size iops throughput".'
        ),
        answer=f"{best_volume.volume_type} {best_volume.size_gib} {best_volume.provisioned_iops} "
        f"{best_volume.provisioned_throughput_mibps}",
        explanation=(
            "Sustained need means baseline, not burst; IOPS and throughput are separate limits; and the cheapest "
            "volume provisions exactly what is needed on the type that prices it lowest."
        ),
        hint_text="Try ebs.compare_volumes(800) and the monthly_cost_usd of a few candidates; gp3 sells IOPS "
        "and MiB/s separately from size.",
        grade=_grade_volume,
        parse=parse_volume,
        form=('.check("gp3 800 3000 125")', 'an ebs.Volume or text "type size iops throughput"'),
    )
    return (
        choice(
            id="02-shared-storage",
            question=(
                "Ten web servers in three AZs of one Region must read and write the same files through an ordinary "
                "mounted file system, and the files must outlive any server. What do they use?"
            ),
            choices=storage_choices,
            answer="An Amazon EFS file system",
            wrong={
                "One gp3 EBS volume per server": (
                    "Each server would have its own copy: an EBS volume attaches to one instance, and writes on one "
                    "volume never reach the others."
                ),
                "An io2 volume with Multi-Attach": (
                    "Multi-Attach shares a volume only among instances in its own AZ (up to 16), and a normal file "
                    "system on it is corrupted by writers that do not coordinate."
                ),
                "The instance store of each server": (
                    "Instance store lives in one host and is lost when the instance stops; it is neither shared nor "
                    "lasting."
                ),
                "An S3 bucket": (
                    "S3 is object storage read and written whole through an API; it is not mounted as a file system "
                    "with in-place writes."
                ),
            },
            explanation=(
                "EFS is a Regional, elastic NFS file system that instances in every AZ mount at once; EBS and "
                "instance store are one instance's disks, and S3 is reached through its API."
            ),
            hint="Which of these is a file system that many instances in different AZs mount at the same time?",
        ),
        pick_volume,
        number(
            id="02-gp2-burst",
            question=(
                f"A {gp2.size_gib} GiB gp2 volume starts with a full bucket of I/O credits and a database asks it for "
                f"{gp2.max_iops:,} IOPS without pause. For how many seconds can it deliver them?"
            ),
            answer=gp2.burst_seconds(),
            wrong={
                no_baseline: (
                    "That drains the bucket at the full demand. The volume keeps earning its baseline while it "
                    "bursts, so the bucket pays only for the IOPS above the baseline."
                ),
                GP2_INITIAL_CREDITS / gp2.baseline_iops: (
                    "That divides by the baseline; the bucket drains at the demand minus the baseline."
                ),
            },
            explanation=(
                f"gp2 earns credits at its baseline (3 IOPS per GiB) and spends one per I/O, so above the baseline "
                f"the bucket of {GP2_INITIAL_CREDITS:,} credits drains at the demand minus the baseline, per second."
            ),
            hint="Work out the baseline IOPS first; the bucket pays only for the IOPS above it.",
            tolerance=1,
        ),
        choice(
            id="02-graviton",
            question=(
                f"A program ships only as an x86-64 binary. It needs {NEED_VCPUS} vCPUs and {NEED_MEMORY_GIB} GiB, "
                "On-Demand in us-east-1, on a 7th-generation or newer instance. Which instance type is cheapest?"
            ),
            choices=INSTANCE_CHOICES,
            answer=best_instance,
            wrong={name: _grade_instance_reason(name) for name in INSTANCE_CHOICES if name != best_instance},
            explanation=(
                "Read the name: the 'g' after the generation means a Graviton (Arm) processor, 'i' Intel; the "
                "generation is the digit; each size step doubles vCPUs, memory and price."
            ),
            hint="compute.current_generations('2xlarge') lists the prices; which processors run x86 code?",
        ),
        *storage_s3.exercises(),
    )
