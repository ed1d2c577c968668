"""Chapter 10 exercises: size a Fargate task, write a Retry policy, tune a rolling deployment, and more.

The three constructive exercises take what the learner builds (a task size, an ASL
``Retry`` list, a deployment setting), run it through :mod:`awsbasics.microservices`
and grade what it does; the feedback names the idea a wrong build reveals.
"""

from __future__ import annotations

import json

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics.chapters.exercise import Exercise, GradedExercise
from awsbasics.microservices import (
    CPU_UNITS_PER_VCPU,
    StateMachine,
    TaskDefinition,
    fails_then,
    fargate_sizes,
    lambda_concurrency,
    rolling_deployment,
)
from awsbasics.microservices.stepfunctions import WORKFLOW_TYPES

NEED_VCPU = 2
NEED_MEMORY_GB = 5
WAITS = [2.0, 4.0, 8.0]
DESIRED, ROOM = 6, 6


def _cheapest_task() -> tuple[int, int]:
    fits = [
        (c, m) for c, m in fargate_sizes("LINUX") if c >= NEED_VCPU * CPU_UNITS_PER_VCPU and m >= NEED_MEMORY_GB * 1024
    ]
    return min(fits, key=lambda p: TaskDefinition(cpu=p[0], memory_mib=p[1]).hourly_usd)


def _grade_task(best: tuple[int, int]):
    def grade(answer) -> tuple[bool, str]:
        if isinstance(answer, TaskDefinition):
            cpu, memory = answer.cpu, answer.memory_mib
        elif isinstance(answer, (tuple, list)) and len(answer) == 2:
            cpu, memory = answer
        else:
            return False, f"Answer with a pair (cpu, memory_mib) or a TaskDefinition, not {answer!r}."
        if isinstance(cpu, (int, float)) and not isinstance(cpu, bool) and 0 < cpu <= 16:
            return False, (
                f"cpu={cpu} looks like vCPUs. The task definition takes CPU units, as the API does: "
                f"1 vCPU is {CPU_UNITS_PER_VCPU} units."
            )
        if isinstance(memory, (int, float)) and not isinstance(memory, bool) and 0 < memory <= 120:
            return False, f"memory_mib={memory} looks like GB. Memory is in MiB: 1 GB is 1024 MiB."
        task = TaskDefinition(cpu=cpu, memory_mib=memory)
        if task.vcpu < NEED_VCPU or task.memory_gb < NEED_MEMORY_GB:
            return False, (
                f"{task.vcpu:g} vCPU and {task.memory_gb:g} GB is valid on Fargate but smaller than the "
                f"service needs ({NEED_VCPU} vCPU, {NEED_MEMORY_GB} GB)."
            )
        cheapest = TaskDefinition(cpu=best[0], memory_mib=best[1]).hourly_usd
        if task.hourly_usd > cheapest:
            return False, (
                f"Valid and big enough, but USD {task.hourly_usd:.5f} an hour: Fargate bills the size you "
                f"ask for, not what the container uses, so a smaller valid pair costs less "
                f"(USD {cheapest:.5f})."
            )
        return True, f"The smallest valid Fargate size that fits: USD {task.hourly_usd:.5f} an hour (us-east-1)."

    return grade


_RETRY_MACHINE = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "charge",
            "Next": "Done",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Notify"}],
        },
        "Notify": {"Type": "Pass", "End": True},
        "Done": {"Type": "Succeed"},
    },
}


def _grade_retry(answer) -> tuple[bool, str]:
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except json.JSONDecodeError:
            return False, 'That is not JSON: give the Retry list, e.g. [{"ErrorEquals": ["Busy"], ...}].'
    if not isinstance(answer, list):
        return False, "Retry is a list of retrier objects, even when there is only one."
    definition = json.loads(json.dumps(_RETRY_MACHINE))
    definition["States"]["Charge"]["Retry"] = answer
    machine = StateMachine.from_json(definition)
    run = machine.run({}, handlers={"charge": fails_then(["Busy"] * 5)})
    waits = [float(e.detail.split("waiting ")[1].split(" s")[0]) for e in run.history if e.type == "RetryScheduled"]
    caught = any(e.type == "CatchRouted" for e in run.history)
    said = f"Against a task failing with Busy every time, your retrier waited {waits or 'never'}."
    if waits == WAITS and caught:
        return True, f"{said} Then the catcher routed the error to Notify."
    if len(waits) > len(WAITS):
        return False, (
            f"{said} MaxAttempts counts retries, not the first attempt: three retries after "
            "the first failure is MaxAttempts 3."
        )
    if len(waits) == len(WAITS) and waits and len(set(waits)) == 1:
        return False, f"{said} With BackoffRate 1.0 every wait is the same; BackoffRate multiplies each wait."
    if waits and waits[0] != WAITS[0]:
        return False, f"{said} IntervalSeconds is the first wait; each later one is multiplied by BackoffRate."
    if not waits:
        return False, f"{said} A retrier applies only to the errors in its ErrorEquals: name Busy (or States.ALL)."
    return False, f"{said} Wanted {WAITS}: check MaxAttempts and BackoffRate (the defaults are 3 and 2.0)."


def _best_minimum() -> int:
    return next(
        m
        for m in range(100, -1, -1)
        if not rolling_deployment(
            desired_count=DESIRED, minimum_healthy_percent=m, maximum_percent=100, cluster_capacity_tasks=ROOM
        ).blocked
    )


def _grade_minimum(best: int):
    def grade(answer) -> tuple[bool, str]:
        if isinstance(answer, str) and answer.strip().isdigit():
            answer = int(answer)
        if not is_int(answer):
            return False, f"Answer with a whole percentage such as 50, not {answer!r}."
        run = rolling_deployment(
            desired_count=DESIRED, minimum_healthy_percent=int(answer), maximum_percent=100, cluster_capacity_tasks=ROOM
        )
        if run.blocked:
            return False, (
                f"With {answer}% at least {run.lower_limit} of {DESIRED} tasks must keep running, and the "
                "full cluster has no room to start a new one first: the deployment cannot move. Some old "
                "tasks must be allowed to stop."
            )
        if answer < best:
            return False, (
                f"It deploys, but it lets the service drop to {run.lower_limit} running tasks; a higher "
                "minimum still deploys and keeps more capacity serving during the update."
            )
        return True, (
            f"The highest minimum that still deploys: {run.lower_limit} tasks keep running, "
            f"{DESIRED - run.lower_limit} replaced at a time ({len(run.steps) - 1} steps)."
        )

    return grade


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 10, answers computed by the microservices engine."""
    best_task = _cheapest_task()
    best_minimum = _best_minimum()
    reserved_elsewhere, rps, duration = 700, 400, 1.2
    throttled = lambda_concurrency(rps, duration, account_limit=1000 - reserved_elsewhere).throttled_rps
    invoke = [
        "Only other AWS services, through events",
        "The console, the CLI, an SDK or a function URL, as well as events from other services",
        "Only API Gateway",
        "Only Step Functions",
    ]
    mesh = [
        "AWS App Mesh",
        "Amazon ECS Service Connect (Amazon VPC Lattice across VPCs and accounts)",
        "A Classic Load Balancer in front of every service",
        "Hard-coded task IP addresses in each service's configuration",
    ]
    workflow = [
        "Express: it is cheaper per execution",
        "Standard: an execution can run up to a year and runs exactly once",
        "Either: both run for up to a year",
        "Neither: Step Functions cannot wait for people",
    ]
    express_minutes = WORKFLOW_TYPES["EXPRESS"]["max_duration_s"] // 60
    return (
        GradedExercise(
            id="10-fargate-size",
            question=(
                f"Build it: a service needs at least {NEED_VCPU} vCPU and {NEED_MEMORY_GB} GB of memory on Fargate "
                "(Linux). Give the cheapest valid task size as (cpu, memory_mib), in the units the API takes."
            ),
            answer=f"({best_task[0]}, {best_task[1]})",
            explanation="Fargate takes only the CPU/memory pairs in AWS's table and bills the size you ask for.",
            hint_text="fargate_memory_options(cpu) lists the memory values one CPU size allows; 1 vCPU = 1024 units.",
            grade=_grade_task(best_task),
            form=(".check((1024, 2048))", "a pair (cpu_units, memory_mib) or a TaskDefinition"),
        ),
        GradedExercise(
            id="10-retry-policy",
            question=(
                "Build it: write the Retry list (a JSON list, or Python list) for a Task that fails with the error "
                "'Busy', so that it waits 2 s, 4 s and 8 s before three retries and then gives up (the state's "
                "catcher then routes the error to Notify)."
            ),
            answer='[{"ErrorEquals": ["Busy"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}]',
            explanation=(
                "A retrier waits IntervalSeconds before the first retry and multiplies the wait by "
                "BackoffRate each time, for MaxAttempts retries."
            ),
            hint_text="Three fields matter: IntervalSeconds (first wait), BackoffRate (multiplier), MaxAttempts.",
            grade=_grade_retry,
            form=('.check([{"ErrorEquals": ["Busy"], ...}])', "a Retry list (Python or JSON text)"),
        ),
        GradedExercise(
            id="10-minimum-healthy",
            question=(
                f"Build it: a service runs {DESIRED} tasks on a cluster with room for exactly {ROOM}, maximumPercent "
                "100. Choose the highest minimumHealthyPercent (a whole number) with which a rolling update can "
                "still complete."
            ),
            answer=best_minimum,
            explanation="A full cluster can start a new task only after an old one stops; the minimum decides how "
            "many may stop.",
            hint_text="Try rolling_deployment(desired_count=6, minimum_healthy_percent=m, maximum_percent=100, "
            "cluster_capacity_tasks=6).blocked for a few m.",
            grade=_grade_minimum(best_minimum),
            form=(".check(50)", "a whole percentage"),
        ),
        Exercise(
            id="10-reserved-throttling",
            question=(
                f"The account's concurrency quota is 1,000 and another function reserves {reserved_elsewhere}. A "
                f"function without reservation gets {rps} requests per second lasting {duration} s each. About how "
                "many requests per second are throttled?"
            ),
            answer=throttled,
            explanation=(
                "Reserved concurrency is taken out of the shared pool: the other functions share only what "
                "is left, and each needs requests per second x duration concurrent executions."
            ),
            hint_text="Pool left = quota - reserved. Served requests per second = pool / duration.",
            kind="number",
            tolerance=1,
        ),
        Exercise(
            id="10-invoke-directly",
            question="How can a Lambda function be invoked?",
            answer=invoke[1],
            choices=tuple(invoke),
            explanation=data.fact("microservices", "lambda_invocation")["changed"],
            hint_text="Think about `aws lambda invoke` and HTTPS function URLs.",
            kind="choice",
        ),
        Exercise(
            id="10-after-app-mesh",
            question=(
                "In 2026 a team running on ECS wants service-to-service discovery with retries, timeouts and "
                "traffic metrics, without writing that code. What should it use?"
            ),
            answer=mesh[1],
            choices=tuple(mesh),
            explanation=data.fact("microservices", "service_connect")["changed"],
            hint_text="Look at 'What changed since 2020'.",
            kind="choice",
        ),
        Exercise(
            id="10-workflow-type",
            question=(
                "An order workflow waits up to two days for a person to approve a refund, then charges a card "
                "exactly once. Which Step Functions workflow type fits?"
            ),
            answer=workflow[1],
            choices=tuple(workflow),
            explanation=(
                f"Express executions last at most {express_minutes} minutes and run at least once "
                "(asynchronous); Standard executions last up to a year and run exactly once."
            ),
            hint_text="Compare the maximum duration of each type with two days.",
            kind="choice",
        ),
    )
