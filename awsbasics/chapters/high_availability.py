"""Chapter 06 exercises: build an alarm and a step policy the engine grades, size redundancy, time a failover.

The constructive exercises take an object the learner builds (an
:class:`~awsbasics.ha.Alarm`, a :class:`~awsbasics.ha.StepScalingPolicy`, a
number of AZs), run it through :mod:`awsbasics.ha`, and name the misconception
a wrong build reveals. Every expected answer is computed by the engine.
"""

from __future__ import annotations

from awsbasics.chapters.exercise import Exercise, GradedExercise, instance_of, whole_number
from awsbasics.ha import (
    Alarm,
    Component,
    HealthCheck,
    StepScalingPolicy,
    failover_time_s,
    multi_az,
    round_percent_change,
)

# A CPU series, one datapoint a minute: two one-minute blips, a gap, then a real five-minute overload.
CPU = [35, 92, 40, 38, 95, 41, None, 39, 88, 91, 94, 97, 93, 45, 40]
SPIKE = range(8, 13)  # the sustained overload (periods 8-12)
BLIPS = (1, 4)
THRESHOLD = 85
STEP_THRESHOLD = 60
TARGET = 0.9999


def _grade_alarm(alarm: Alarm) -> tuple[bool, str]:
    if alarm.period != 60:
        return False, (
            f"Your alarm has a {alarm.period}-second period, but the datapoints arrive once a minute: "
            "the period is the time one datapoint covers."
        )
    states = alarm.evaluate(CPU)
    said = "States: " + " ".join(s[0] for s in states) + " (O=OK, A=ALARM, I=INSUFFICIENT_DATA)."
    if alarm.threshold != THRESHOLD or alarm.comparison not in (
        "GreaterThanThreshold",
        "GreaterThanOrEqualToThreshold",
    ):
        return False, (
            f"{said} The question fixes the threshold at {THRESHOLD} and fires when CPU is above it: "
            "change how many datapoints must breach, not the threshold."
        )
    if any(states[i] == "ALARM" for i in range(0, SPIKE.start)):
        return False, (
            f"{said} It fired before the overload: one breaching datapoint (a blip) is enough for "
            f"M={alarm.datapoints_to_alarm} of N={alarm.evaluation_periods}, or missing data counts as "
            "breaching. An alarm is meant to need a sustained breach."
        )
    if not any(states[i] == "ALARM" for i in SPIKE):
        return False, (
            f"{said} It never fired during the five-minute overload: M={alarm.datapoints_to_alarm} "
            f"breaching datapoints out of N={alarm.evaluation_periods} never happen inside it. A larger M "
            "is quieter but slower; it must still catch a real overload."
        )
    first = next(i for i in SPIKE if states[i] == "ALARM")
    if first - SPIKE.start > 2:
        return False, f"{said} It fires, but only {first - SPIKE.start + 1} minutes into the overload: fire sooner."
    return True, (
        f"{said} Quiet through both blips and the gap, ALARM {first - SPIKE.start + 1} minutes into the "
        f"overload: {alarm.verdict}."
    )


_PROBES = [(55, 10, 0), (60, 10, 0), (69.9, 10, 0), (70, 10, 2), (84, 20, 4), (85, 20, 10), (99, 7, 3), (75, 3, 1)]


def _grade_steps(policy: StepScalingPolicy) -> tuple[bool, str]:
    if policy.threshold != STEP_THRESHOLD:
        return False, (
            f"Your policy's threshold is {policy.threshold:g}; the alarm's is {STEP_THRESHOLD}. The "
            "threshold is the alarm's, and the step bounds are measured from it."
        )
    if policy.adjustment_type != "PercentChangeInCapacity":
        return False, "The question asks for percentages of the group: adjustment_type='PercentChangeInCapacity'."
    if any(lo is not None and lo >= STEP_THRESHOLD for lo, _, _ in policy.steps):
        return False, (
            "Your bounds look like metric values (70, 85). In the API, step bounds are relative to the "
            f"alarm threshold: 70 is {70 - STEP_THRESHOLD} above a threshold of {STEP_THRESHOLD}."
        )
    for metric, capacity, expected in _PROBES:
        got = policy.adjustment(metric, capacity)
        if got != expected:
            return False, (
                f"At CPU {metric} with {capacity} instances your policy changes capacity by {got}; the "
                f"specification gives {expected}. Check which step holds {metric} (above the threshold "
                "a step includes its lower bound and excludes its upper) and how a percentage of "
                f"{capacity} rounds."
            )
    return (
        True,
        "Every probe matches: bounds relative to the threshold, percentages rounded as Auto Scaling rounds them.",
    )


def _azs_for(target: float, part: Component) -> int:
    return next(n for n in range(1, 7) if multi_az(part, azs=n).availability >= target)


def _grade_azs(part: Component, best: int):
    def grade(azs: int) -> tuple[bool, str]:
        if not 1 <= azs <= 6:
            return False, f"{azs} AZs: use 1 to 6."
        got = multi_az(part, azs=azs).availability
        said = f"With {azs} copies the tier is {100 * got:.5f}% available."
        if got < TARGET:
            return False, (
                f"{said} Redundant copies fail together only when all of them fail: multiply the "
                f"unavailabilities ({1 - part.availability:g} per copy), not the availabilities."
            )
        if azs > best:
            return False, f"{said} That meets {100 * TARGET:g}%, but fewer copies would too; each costs money."
        return True, f"{said} The fewest copies that reach {100 * TARGET:g}%."

    return grade


def exercises() -> tuple[Exercise, ...]:
    """The eight exercises of chapter 06, answers computed by the ha engine."""
    reference_alarm = Alarm(THRESHOLD, evaluation_periods=3, datapoints_to_alarm=3)
    reference_steps = StepScalingPolicy(
        "PercentChangeInCapacity", [(0, 10, 0), (10, 25, 20), (25, None, 50)], threshold=STEP_THRESHOLD
    )
    _grade_steps(reference_steps)  # the reference must pass its own grader
    web = Component("web server", 0.98)
    best_azs = _azs_for(TARGET, web)
    pattern = ["X", "X", "-", "-", "-"]
    values = [THRESHOLD + 5 if c == "X" else None for c in pattern]
    missing_state = Alarm(THRESHOLD, evaluation_periods=3).next_state(values, "OK")
    small_group = round_percent_change(3 * -10 / 100)
    hc = HealthCheck(request_interval_s=10, failure_threshold=3)
    return (
        GradedExercise(
            id="06-build-alarm",
            question=(
                f"Build it: CPU once a minute is {CPU} (None = no datapoint). Create an Alarm with threshold "
                f"{THRESHOLD} (fires above it) and period 60 that stays quiet through the two one-minute blips "
                "and the gap, and goes to ALARM within the first three minutes of the five-minute overload. "
                "Try alarm.evaluate(...) first, then .check(your_alarm)."
            ),
            answer=reference_alarm,
            explanation="An alarm needs M of the last N datapoints to breach: that M out of N filters out blips.",
            hint_text="Choose evaluation_periods (N) and datapoints_to_alarm (M); a blip is one breaching datapoint.",
            kind="exact",
            grade=_grade_alarm,
            parse=instance_of(Alarm),
            form=(f".check(Alarm({THRESHOLD}, evaluation_periods=..., datapoints_to_alarm=...))", "an Alarm you built"),
        ),
        GradedExercise(
            id="06-build-steps",
            question=(
                f"Build it: an alarm fires when average CPU is at or above {STEP_THRESHOLD}. Write the "
                "StepScalingPolicy (PercentChangeInCapacity) that adds nothing below 70% CPU, 20% of the group "
                "from 70 up to 85, and 50% from 85 up, with bounds as the PutScalingPolicy API takes them."
            ),
            answer=reference_steps,
            explanation="Step bounds are relative to the alarm threshold, and percentages round as documented.",
            hint_text=f"A bound of 0 means the threshold itself ({STEP_THRESHOLD}); None means no bound.",
            kind="exact",
            grade=_grade_steps,
            parse=instance_of(StepScalingPolicy),
            form=(
                f".check(StepScalingPolicy('PercentChangeInCapacity', [(0, 10, 0), ...], threshold={STEP_THRESHOLD}))",
                "a StepScalingPolicy you built",
            ),
        ),
        GradedExercise(
            id="06-azs-for-four-nines",
            question=(
                f"Build it: one web server is {100 * web.availability:g}% available. How many copies, each in its own "
                f"AZ, does the web tier need to reach {100 * TARGET:g}%? Try ha.multi_az(...) first."
            ),
            answer=best_azs,
            explanation="Parallel copies are all down only when each is: unavailabilities multiply.",
            hint_text="The tier's unavailability is (1 - 0.98) raised to the number of copies.",
            kind="number",
            grade=_grade_azs(web, best_azs),
            parse=whole_number,
            form=(".check(3)", "a whole number"),
        ),
        Exercise(
            id="06-missing-data",
            question=(
                f"A 3-of-3 alarm (threshold {THRESHOLD}, missing data treated as missing) retrieves 5 datapoints, "
                "oldest first: breaching, breaching, missing, missing, missing. It was OK. What state does it go to?"
            ),
            answer=missing_state,
            choices=("OK", "ALARM", "INSUFFICIENT_DATA"),
            explanation=(
                "With too few real datapoints and all of them breaching, CloudWatch goes to ALARM when the oldest "
                "breaching datapoint is at least M periods old; missing data is not the same as good data."
            ),
            hint_text="Compare the guide's rows '- - - - X' and 'X - - - -': where is the breach, and how old is it?",
            kind="choice",
        ),
        Exercise(
            id="06-percent-rounding",
            question="A group of 3 instances runs a step adjustment of -10 percent (PercentChangeInCapacity). "
            "By how many instances does its capacity change?",
            answer=small_group,
            explanation="A fraction between 0 and -1 rounds to -1, not to 0: a policy that asks to scale in always does.",
            hint_text="10% of 3 is 0.3. Look up how a value between 0 and -1 is rounded.",
            kind="number",
        ),
        Exercise(
            id="06-failover-time",
            question=(
                f"A Route 53 health check asks every {hc.request_interval_s} s and needs "
                f"{hc.failure_threshold} failures in a row; the failover record's TTL is 120 s. At most how "
                "many seconds can a client keep reaching the dead primary after it fails?"
            ),
            answer=failover_time_s(hc, ttl_s=120),
            explanation="Failover is detection (interval x failure threshold) plus the time resolvers cache the old answer (TTL).",
            hint_text="Add the time to be marked unhealthy and the TTL.",
            kind="number",
        ),
        Exercise(
            id="06-cloudtrail-s3",
            question=(
                "Auditors ask who deleted an object from an S3 bucket seven months ago. The account has never "
                "configured CloudTrail. Where do you find it?"
            ),
            answer="Nowhere: Event history keeps 90 days of management events, and object deletions are data events a trail must have logged",
            choices=(
                "CloudTrail Event history, which keeps every API call",
                "The S3 bucket CloudTrail writes to by default",
                "Nowhere: Event history keeps 90 days of management events, and object deletions are data events a trail must have logged",
                "VPC Flow Logs",
            ),
            explanation=(
                "CloudTrail is on by default only as a 90-day Event history of management events; keeping "
                "events in S3, or logging data events such as S3 object deletions, needs a trail set up beforehand."
            ),
            hint_text="What does CloudTrail keep without any setup, and for how long?",
            kind="choice",
        ),
        Exercise(
            id="06-flow-log-reject",
            question=(
                "A flow log shows REJECT for inbound TCP port 22 from 192.0.2.55 to a web server. Which "
                "explanation fits chapter 03's rules?"
            ),
            answer="The security group has no rule allowing port 22 from that source, or a network ACL denies it; the record does not say which",
            choices=(
                "The security group allowed it, so the network ACL cannot have blocked it",
                "The security group has no rule allowing port 22 from that source, or a network ACL denies it; the record does not say which",
                "Flow logs record REJECT only for NACLs",
                "The instance's SSH server refused the connection",
            ),
            explanation=(
                "Traffic must pass both the network ACL and the security group; a REJECT in a flow log means "
                "one of them dropped it, and the log does not name which."
            ),
            hint_text="Does a security group win over a network ACL, or must traffic pass both?",
            kind="choice",
        ),
    )
