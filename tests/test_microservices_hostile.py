"""Hostile input for every public chapter-10 function and constructor: a rule error or a TypeError, never a crash.

Inputs whose size drives allocation or a loop run in a child forked from the test process, with a
1 GiB address-space limit set in the child and a 2-second join timeout.
"""

from __future__ import annotations

import json
import multiprocessing

import pytest
from _hostile import limit_memory

from awsbasics.errors import (
    ApiThrottleError,
    EcsServiceError,
    LambdaConfigError,
    StateMachineError,
    TaskDefinitionError,
)
from awsbasics.microservices import (
    ContainerDefinition,
    ContainerInstance,
    LambdaFunction,
    PortMapping,
    Retrier,
    ServiceRegistry,
    StateMachine,
    TaskDefinition,
    TaskFailure,
    ThrottleLimit,
    compare_architectures,
    fails_then,
    fargate_memory_options,
    fargate_sizes,
    lambda_concurrency,
    lambda_cost,
    lambda_vs_fargate,
    max_reserved_concurrency,
    place_tasks,
    retry_intervals,
    rolling_deployment,
    scaling_timeline,
    simulate_throttling,
    small_cluster,
    spiky_demand,
    workflow_cost,
)

NAN, INF = float("nan"), float("inf")
ARABIC_SEVEN = "\u0667"  # an Arabic-Indic digit: str.isdigit() is True, int() accepts it; the API does not
HUGE = 10**30
SM = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
FN = LambdaFunction()
TASK = TaskDefinition(cpu=256, memory_mib=512)


def _registry():
    registry = ServiceRegistry("shop.local")
    registry.register("cart", "t1", "10.0.0.1")
    return registry


CASES = [
    # TaskDefinition / ContainerDefinition / PortMapping / Fargate sizes
    ("task cpu str", lambda: TaskDefinition(cpu="1024", memory_mib=2048), TypeError, r"cpu must be int"),
    ("task cpu float", lambda: TaskDefinition(cpu=1024.0, memory_mib=2048), TypeError, r"cpu must be int"),
    ("task cpu bool", lambda: TaskDefinition(cpu=True, memory_mib=2048), TypeError, r"cpu must be int"),
    (
        "task cpu negative",
        lambda: TaskDefinition(cpu=-1024, memory_mib=2048),
        TaskDefinitionError,
        r"cpu=-1024 \(-1 vCPU\) on Fargate with LINUX: valid cpu values are 256",
    ),
    (
        "task cpu huge",
        lambda: TaskDefinition(cpu=HUGE, memory_mib=2048),
        TaskDefinitionError,
        r"cpu=1\.000e\+30 on Fargate",
    ),
    (
        "task memory huge",
        lambda: TaskDefinition(cpu=1024, memory_mib=HUGE),
        TaskDefinitionError,
        r"memory_mib=1\.000e\+30 with cpu=1024",
    ),
    ("task memory nan", lambda: TaskDefinition(cpu=1024, memory_mib=NAN), TypeError, r"memory_mib must be int"),
    (
        "task launch type",
        lambda: TaskDefinition(cpu=256, memory_mib=512, launch_type="fargate"),
        TaskDefinitionError,
        r"launch_type='fargate': use one of FARGATE, EC2",
    ),
    (
        "task os unicode",
        lambda: TaskDefinition(cpu=256, memory_mib=512, operating_system="LİNUX"),
        TaskDefinitionError,
        r"operating_system='LİNUX'",
    ),
    (
        "task os empty",
        lambda: TaskDefinition(cpu=256, memory_mib=512, operating_system=""),
        TaskDefinitionError,
        r"operating_system=''",
    ),
    (
        "task platform",
        lambda: TaskDefinition(cpu=256, memory_mib=512, platform_version="2.0.0"),
        TaskDefinitionError,
        r"platform_version='2.0.0'",
    ),
    (
        "task containers str",
        lambda: TaskDefinition(cpu=256, memory_mib=512, containers="web"),
        TypeError,
        r"containers must be a sequence",
    ),
    (
        "task containers dicts",
        lambda: TaskDefinition(cpu=256, memory_mib=512, containers=[{"name": "w"}]),
        TypeError,
        r"ContainerDefinition, not dict",
    ),
    ("task positional", lambda: TaskDefinition(256, 512), TypeError, r"positional"),
    (
        "task ec2 memory 0",
        lambda: TaskDefinition(cpu=256, memory_mib=0, launch_type="EC2"),
        TaskDefinitionError,
        r"memory_mib=0 MiB: task memory is 1 to",
    ),
    (
        "container name non-ascii",
        lambda: ContainerDefinition("웹", "nginx"),
        TaskDefinitionError,
        r"container name '웹': up to 255 letters",
    ),
    (
        "container name huge",
        lambda: ContainerDefinition("a" * 10**6, "nginx"),
        TaskDefinitionError,
        r"container name 'a{40}\.\.\.'",
    ),
    ("container image empty", lambda: ContainerDefinition("w", ""), TaskDefinitionError, r"image ''"),
    (
        "container image huge",
        lambda: ContainerDefinition("w", "x" * 10**6),
        TaskDefinitionError,
        r"at most 1024 characters",
    ),
    (
        "container cpu negative",
        lambda: ContainerDefinition("w", "nginx", cpu=-1),
        TaskDefinitionError,
        r"container 'w' cpu=-1 CPU units",
    ),
    (
        "container memory nan",
        lambda: ContainerDefinition("w", "nginx", memory_mib=NAN),
        TypeError,
        r"memory_mib must be int",
    ),
    (
        "container ports dict",
        lambda: ContainerDefinition("w", "nginx", port_mappings={"80": 80}),
        TypeError,
        r"port_mappings items must be PortMapping, not str",
    ),
    (
        "container ports huge",
        lambda: ContainerDefinition("w", "nginx", port_mappings=[PortMapping(80)] * 10**4),
        TaskDefinitionError,
        r"10000 port mappings",
    ),
    ("port huge", lambda: PortMapping(65536), TaskDefinitionError, r"container_port=65,536: a port is 0 to 65,535"),
    ("port str", lambda: PortMapping("80"), TypeError, r"container_port must be int"),
    ("port protocol", lambda: PortMapping(80, protocol="http"), TaskDefinitionError, r"protocol='http'"),
    ("memory options float", lambda: fargate_memory_options(256.0), TypeError, r"cpu must be int"),
    ("memory options digit", lambda: fargate_memory_options(ARABIC_SEVEN), TypeError, r"cpu must be int"),
    ("sizes os", lambda: fargate_sizes("MACOS"), TaskDefinitionError, r"operating_system='MACOS'"),
    ("sizes os type", lambda: fargate_sizes(None), TypeError, r"operating_system must be str"),
    # services, placement, discovery, architecture
    ("deploy zero", lambda: rolling_deployment(desired_count=0), EcsServiceError, r"desired_count=0 tasks"),
    (
        "deploy huge",
        lambda: rolling_deployment(desired_count=HUGE),
        EcsServiceError,
        r"desired_count=1\.000e\+30 tasks: a service's desired count is 1 to 5,000",
    ),
    ("deploy float", lambda: rolling_deployment(desired_count=4.0), TypeError, r"desired_count must be int"),
    (
        "deploy min 101",
        lambda: rolling_deployment(desired_count=4, minimum_healthy_percent=101),
        EcsServiceError,
        r"minimum_healthy_percent=101 %: a lower limit on RUNNING tasks is 0 to 100",
    ),
    (
        "deploy max 99",
        lambda: rolling_deployment(desired_count=4, maximum_percent=99),
        EcsServiceError,
        r"maximum_percent=99 %: to reach the desired count the maximum is 100 to",
    ),
    (
        "deploy small cluster",
        lambda: rolling_deployment(desired_count=4, cluster_capacity_tasks=3),
        EcsServiceError,
        r"cluster_capacity_tasks=3 tasks: the cluster must at least hold the desired count",
    ),
    ("place strategy", lambda: place_tasks(1, strategy="SPREAD"), EcsServiceError, r"strategy='SPREAD'"),
    ("place count nan", lambda: place_tasks(NAN), TypeError, r"count must be int"),
    ("place negative", lambda: place_tasks(-1), EcsServiceError, r"count=-1 tasks"),
    ("place huge", lambda: place_tasks(HUGE), EcsServiceError, r"count=1\.000e\+30 tasks"),
    ("place empty cluster", lambda: place_tasks(1, instances=[]), EcsServiceError, r"no container instances"),
    ("place bad instances", lambda: place_tasks(1, instances="i-1"), TypeError, r"instances must be a sequence"),
    ("place seed", lambda: place_tasks(1, seed=-1), EcsServiceError, r"seed=-1"),
    ("place task cpu", lambda: place_tasks(1, task_cpu=0), EcsServiceError, r"task_cpu=0 CPU units"),
    ("instance az type", lambda: ContainerInstance("i", 3, 1, 1), TypeError, r"az must be str"),
    ("instance cpu huge", lambda: ContainerInstance("i", "a", HUGE, 1), EcsServiceError, r"cpu_units=1\.000e\+30"),
    ("cluster azs", lambda: small_cluster(azs=7), EcsServiceError, r"azs=7"),
    ("registry namespace", lambda: ServiceRegistry("shop local"), EcsServiceError, r"namespace='shop local'"),
    ("registry namespace type", lambda: ServiceRegistry(None), TypeError, r"namespace must be str"),
    (
        "registry address",
        lambda: _registry().register("cart", "t2", "10.0.0.256"),
        EcsServiceError,
        r"address='10.0.0.256'",
    ),
    (
        "registry address unicode digits",
        lambda: _registry().register("cart", "t2", f"10.0.0.{ARABIC_SEVEN}"),
        EcsServiceError,
        r"dotted IPv4 address",
    ),
    ("registry unknown", lambda: _registry().deregister("cart", "t9"), EcsServiceError, r"'t9' is not registered"),
    (
        "registry health type",
        lambda: _registry().set_health("cart", "t1", healthy="no"),
        TypeError,
        r"healthy must be bool",
    ),
    ("registry huge name", lambda: _registry().discover("c" * 10**6), EcsServiceError, r"service='c{40}'"),
    ("architecture hot", lambda: compare_architectures(hot="login"), EcsServiceError, r"hot='login'"),
    (
        "architecture factor nan",
        lambda: compare_architectures(hot_factor=NAN),
        EcsServiceError,
        r"hot_factor=nan: a finite number",
    ),
    (
        "architecture factor inf",
        lambda: compare_architectures(hot_factor=INF),
        EcsServiceError,
        r"hot_factor=inf: a finite number",
    ),
    ("architecture factor 0", lambda: compare_architectures(hot_factor=0), EcsServiceError, r"hot_factor=0"),
    ("architecture seed", lambda: compare_architectures(seed=1.5), TypeError, r"seed must be int"),
    # Lambda
    ("lambda memory str", lambda: LambdaFunction(memory_mb="512"), TypeError, r"memory_mb must be int"),
    ("lambda memory float", lambda: LambdaFunction(memory_mb=512.5), TypeError, r"memory_mb must be int"),
    (
        "lambda memory huge",
        lambda: LambdaFunction(memory_mb=HUGE),
        LambdaConfigError,
        r"memory_mb=1\.000e\+30 MB: function memory is 128 to 10,240 MB",
    ),
    ("lambda timeout 0", lambda: LambdaFunction(timeout_s=0), LambdaConfigError, r"timeout_s=0 s"),
    ("lambda timeout negative", lambda: LambdaFunction(timeout_s=-3), LambdaConfigError, r"timeout_s=-3 s"),
    (
        "lambda storage",
        lambda: LambdaFunction(ephemeral_storage_mb=10241),
        LambdaConfigError,
        r"ephemeral_storage_mb=10,241 MB",
    ),
    ("lambda arch", lambda: LambdaFunction(architecture="ARM64"), LambdaConfigError, r"architecture='ARM64'"),
    ("lambda positional", lambda: LambdaFunction(512), TypeError, r"positional"),
    ("concurrency nan", lambda: lambda_concurrency(NAN, 1), LambdaConfigError, r"requests_per_second=nan"),
    ("concurrency inf", lambda: lambda_concurrency(INF, 1), LambdaConfigError, r"requests_per_second=inf"),
    ("concurrency negative", lambda: lambda_concurrency(-1, 1), LambdaConfigError, r"requests_per_second=-1"),
    ("concurrency huge", lambda: lambda_concurrency(1e300, 1), LambdaConfigError, r"requests_per_second=1e\+300"),
    (
        "concurrency duration 0",
        lambda: lambda_concurrency(1, 0),
        LambdaConfigError,
        r"avg_duration_s=0 s: an invocation lasts \(up to the 900 s timeout\) above 0",
    ),
    ("concurrency duration 901", lambda: lambda_concurrency(1, 901), LambdaConfigError, r"avg_duration_s=901 s"),
    ("concurrency str", lambda: lambda_concurrency("100", 1), TypeError, r"requests_per_second must be a number"),
    ("concurrency digit", lambda: lambda_concurrency(ARABIC_SEVEN, 1), TypeError, r"must be a number"),
    (
        "concurrency limit negative",
        lambda: lambda_concurrency(1, 1, account_limit=-1),
        LambdaConfigError,
        r"account_limit=-1",
    ),
    (
        "concurrency limit float",
        lambda: lambda_concurrency(1, 1, account_limit=1000.0),
        TypeError,
        r"account_limit must be int",
    ),
    ("reserved negative", lambda: max_reserved_concurrency(-5), LambdaConfigError, r"account_limit=-5"),
    ("reserved huge", lambda: max_reserved_concurrency(HUGE), LambdaConfigError, r"account_limit=1\.000e\+30"),
    ("reserved none", lambda: max_reserved_concurrency(None), TypeError, r"account_limit must be int"),
    (
        "cost function type",
        lambda: lambda_cost("fn", requests_per_month=1, avg_duration_ms=1),
        TypeError,
        r"function must be a LambdaFunction",
    ),
    (
        "cost requests nan",
        lambda: lambda_cost(FN, requests_per_month=NAN, avg_duration_ms=1),
        LambdaConfigError,
        r"requests_per_month=nan",
    ),
    (
        "cost duration over timeout",
        lambda: lambda_cost(FN, requests_per_month=1, avg_duration_ms=3001),
        LambdaConfigError,
        r"duration_ms=3001 ms: an invocation lasts at most the timeout \(3 s\)",
    ),
    (
        "cost free tier str",
        lambda: lambda_cost(FN, requests_per_month=1, avg_duration_ms=1, free_tier="yes"),
        TypeError,
        r"free_tier must be bool",
    ),
    ("scaling warm above quota", lambda: scaling_timeline(1, 1, warm=2000), LambdaConfigError, r"warm=2,000"),
    (
        "break-even task type",
        lambda: lambda_vs_fargate(FN, "task", avg_duration_ms=1, rps_per_task=1),
        TypeError,
        r"task_definition must be a TaskDefinition",
    ),
    (
        "break-even rate 0",
        lambda: lambda_vs_fargate(FN, TASK, avg_duration_ms=1, rps_per_task=0),
        LambdaConfigError,
        r"rps_per_task=0 req/s",
    ),
    (
        "break-even windows",
        lambda: lambda_vs_fargate(
            FN, TaskDefinition(cpu=1024, memory_mib=2048, operating_system="WINDOWS"), avg_duration_ms=1, rps_per_task=1
        ),
        TaskDefinitionError,
        r"prices Linux Fargate tasks only",
    ),
    # API Gateway
    ("limit rate negative", lambda: ThrottleLimit("s", -1, 1), ApiThrottleError, r"s rate_rps=-1 req/s"),
    ("limit rate nan", lambda: ThrottleLimit("s", NAN, 1), ApiThrottleError, r"rate_rps=nan"),
    ("limit burst float", lambda: ThrottleLimit("s", 1, 1.5), TypeError, r"burst must be int"),
    ("limit name empty", lambda: ThrottleLimit("", 1, 1), ApiThrottleError, r"name=''"),
    ("limit name huge", lambda: ThrottleLimit("n" * 10**6, 1, 1), ApiThrottleError, r"1 to 100 characters"),
    ("throttle str", lambda: simulate_throttling("100"), TypeError, r"demand must be a sequence"),
    ("throttle empty", lambda: simulate_throttling([]), ApiThrottleError, r"no demand"),
    ("throttle float", lambda: simulate_throttling([1.5]), TypeError, r"demand\[0\] must be a whole number"),
    ("throttle negative", lambda: simulate_throttling([5, -1]), ApiThrottleError, r"demand\[1\]=-1"),
    ("throttle huge value", lambda: simulate_throttling([HUGE]), ApiThrottleError, r"demand\[0\]=10{30}"),
    (
        "throttle limits dict",
        lambda: simulate_throttling([1], limits=[{"rate": 1}]),
        TypeError,
        r"ThrottleLimit, not dict",
    ),
    ("throttle no limits", lambda: simulate_throttling([1], limits=[]), ApiThrottleError, r"0 limits"),
    ("spiky seconds", lambda: spiky_demand(seconds=0), ApiThrottleError, r"seconds=0 s"),
    ("spiky seed", lambda: spiky_demand(seed="1"), TypeError, r"seed must be int"),
    # Step Functions
    ("sm type", lambda: StateMachine.from_json(3), TypeError, r"JSON text or a dict"),
    ("sm not json", lambda: StateMachine.from_json("{'StartAt'"), StateMachineError, r"not JSON"),
    ("sm empty", lambda: StateMachine.from_json(""), StateMachineError, r"not JSON"),
    ("sm list", lambda: StateMachine.from_json("[]"), StateMachineError, r"a state machine is a JSON object"),
    (
        "sm object value",
        lambda: StateMachine.from_json({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, "Result": {1}}}}),
        TypeError,
        r"only JSON values",
    ),
    (
        "sm unknown top field",
        lambda: StateMachine.from_json({**SM, "Foo": 1}),
        StateMachineError,
        r"Foo: unknown field",
    ),
    (
        "sm nan timeout",
        lambda: StateMachine.from_json({**SM, "TimeoutSeconds": NAN}),
        StateMachineError,
        r"TimeoutSeconds=nan",
    ),
    (
        "sm jsonata",
        lambda: StateMachine.from_json({**SM, "QueryLanguage": "JSONata"}),
        StateMachineError,
        r"JSONata is not simulated",
    ),
    (
        "run handlers type",
        lambda: StateMachine.from_json(SM).run(handlers=[1]),
        TypeError,
        r"handlers must be a mapping",
    ),
    (
        "run input not json",
        lambda: StateMachine.from_json(SM).run({"a": {1, 2}}),
        StateMachineError,
        r"execution input must be JSON",
    ),
    (
        "run nan task seconds",
        lambda: StateMachine.from_json(SM).run(task_seconds=NAN),
        StateMachineError,
        r"task_seconds=nan",
    ),
    (
        "run type",
        lambda: StateMachine.from_json(SM).run(workflow_type="standard"),
        StateMachineError,
        r"workflow_type='standard'",
    ),
    ("run seed", lambda: StateMachine.from_json(SM).run(seed=-1), StateMachineError, r"seed=-1"),
    ("retrier errors", lambda: Retrier(()), StateMachineError, r"ErrorEquals is a non-empty list"),
    ("retrier attempts", lambda: Retrier(("E",), max_attempts=-1), StateMachineError, r"MaxAttempts=-1"),
    ("retrier backoff inf", lambda: Retrier(("E",), backoff_rate=INF), StateMachineError, r"BackoffRate=inf"),
    ("intervals max attempts str", lambda: retry_intervals(max_attempts="3"), TypeError, r"max_attempts must be int"),
    ("intervals backoff nan", lambda: retry_intervals(backoff_rate=NAN), StateMachineError, r"BackoffRate=nan"),
    (
        "intervals jitter",
        lambda: retry_intervals(jitter_strategy="full"),
        StateMachineError,
        r"JitterStrategy='full': FULL or NONE",
    ),
    ("intervals huge attempts", lambda: retry_intervals(max_attempts=HUGE), StateMachineError, r"MaxAttempts=10{30}"),
    ("fails_then str", lambda: fails_then("Busy"), TypeError, r"errors must be a list"),
    ("fails_then ints", lambda: fails_then([1]), TypeError, r"error names must be str"),
    ("task failure empty", lambda: TaskFailure(""), TypeError, r"TaskFailure needs an error name"),
    (
        "cost type",
        lambda: workflow_cost(
            workflow_type="Express", executions_per_month=1, transitions_per_execution=1, duration_s=1
        ),
        StateMachineError,
        r"workflow_type='Express'",
    ),
    (
        "cost runs negative",
        lambda: workflow_cost(
            workflow_type="STANDARD", executions_per_month=-1, transitions_per_execution=1, duration_s=1
        ),
        StateMachineError,
        r"executions_per_month=-1",
    ),
    (
        "cost duration inf",
        lambda: workflow_cost(
            workflow_type="STANDARD", executions_per_month=1, transitions_per_execution=1, duration_s=INF
        ),
        StateMachineError,
        r"duration_s=inf",
    ),
]


CASES += [
    # LambdaFunction name and role
    ("lambda name int", lambda: LambdaFunction(name=5), TypeError, r"name must be str or None"),
    ("lambda name empty", lambda: LambdaFunction(name=""), LambdaConfigError, r"name='': a function name is 1 to 64"),
    ("lambda name huge", lambda: LambdaFunction(name="f" * 10**6), LambdaConfigError, r"a function name is 1 to 64"),
    ("lambda name 65", lambda: LambdaFunction(name="f" * 65), LambdaConfigError, r"1 to 64"),
    ("lambda name hangul", lambda: LambdaFunction(name="함수"), LambdaConfigError, r"letters, digits, hyphens"),
    ("lambda name newline", lambda: LambdaFunction(name="f\n"), LambdaConfigError, r"1 to 64"),
    ("lambda role text", lambda: LambdaFunction(role="arn:aws:iam::1:role/x"), TypeError, r"role must be an IAM Role"),
    ("lambda role dict", lambda: LambdaFunction(role={}), TypeError, r"role must be an IAM Role"),
]


@pytest.mark.parametrize(("name", "call", "error", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_rule_error_or_a_type_error(name, call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def _child(call, queue):
    limit_memory()
    try:
        call()
        queue.put("returned")
    except (StateMachineError, ApiThrottleError, LambdaConfigError, EcsServiceError, TaskDefinitionError) as exc:
        queue.put(f"{type(exc).__name__}: {exc}")
    except BaseException as exc:  # noqa: BLE001 - report anything else to the parent
        queue.put(f"unexpected {type(exc).__name__}: {exc}")


def _deep(levels: int) -> str:
    return (
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Result": '
        + "[" * levels
        + "]" * levels
        + "}}}"
    )


def _map_run(items: int):
    machine = StateMachine.from_json(
        {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "End": True,
                    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                }
            },
        }
    )
    return machine.run(list(range(items)))


SIZED = [
    ("scaling 10**9 seconds", lambda: scaling_timeline(1, 1, seconds=10**9), r"LambdaConfigError: seconds="),
    ("throttling 10**6 seconds", lambda: simulate_throttling(range(10**6)), r"ApiThrottleError: 1,000,000 seconds"),
    ("spiky 10**9 seconds", lambda: spiky_demand(seconds=10**9), r"ApiThrottleError: seconds="),
    ("place 10**9 tasks", lambda: place_tasks(10**9), r"EcsServiceError: count=1,000,000,000 tasks"),
    (
        "place 5000 on a big cluster",
        lambda: place_tasks(5000, instances=small_cluster(azs=6, per_az=50, cpu_units=10**6, memory_mib=10**6)),
        r"^returned$",
    ),
    ("deploy 10**9", lambda: rolling_deployment(desired_count=10**9), r"EcsServiceError: desired_count="),
    (
        "deploy 5000 one at a time",
        lambda: rolling_deployment(
            desired_count=5000, minimum_healthy_percent=99, maximum_percent=100, cluster_capacity_tasks=5000
        ),
        r"^returned$",
    ),
    (
        "intervals 10**9",
        lambda: retry_intervals(max_attempts=10**8),
        r"StateMachineError: Retry\[0\].MaxAttempts=100000000",
    ),
    ("fails_then 10**7", lambda: fails_then(["E"] * 10**7), r"StateMachineError: 10,000,000 errors"),
    ("definition 10 MB", lambda: StateMachine.from_json(" " * 10**7), r"StateMachineError: a definition of"),
    ("definition nested 10**5", lambda: StateMachine.from_json(_deep(10**5)), r"StateMachineError: not JSON|nests"),
    ("definition nested 200", lambda: StateMachine.from_json(_deep(200)), r"StateMachineError: .*nests deeper"),
    (
        "definition 10**5 states",
        lambda: StateMachine.from_json(
            {"StartAt": "S0", "States": {f"S{i}": {"Type": "Pass", "End": True} for i in range(10**5)}}
        ),
        r"StateMachineError: .*larger than 1,048,576",
    ),
    (
        "definition 2,000 states",
        lambda: StateMachine.from_json(
            {"StartAt": "S0", "States": {f"S{i}": {"Type": "Pass", "End": True} for i in range(2000)}}
        ),
        r"StateMachineError: more than 1,000 states",
    ),
    ("map 10**6 items", lambda: _map_run(10**6), r"StateMachineError: execution input of 7,888,890 bytes: .* 256 KiB"),
    ("map 20,000 items", lambda: _map_run(20_000), r"StateMachineError: M maps 20,000 items: more than the 25,000"),
    (
        "task returns 10 MB",
        lambda: StateMachine.from_json(
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "t", "End": True}}}
        ).run(handlers={"t": lambda _: "x" * 10**7}),
        r"^returned$",
    ),
    (
        "pass loop",
        lambda: StateMachine.from_json({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "P"}}}).run(),
        r"StateMachineError: the execution would write more than 25,000",
    ),
    (
        "huge wait",
        lambda: StateMachine.from_json(
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 99_999_999, "End": True}}}
        ).run(),
        r"^returned$",
    ),
    (
        "retry forever",
        lambda: StateMachine.from_json(
            {
                "StartAt": "T",
                "States": {
                    "T": {
                        "Type": "Task",
                        "Resource": "t",
                        "End": True,
                        "Retry": [
                            {
                                "ErrorEquals": ["States.ALL"],
                                "MaxAttempts": 99_999_999,
                                "IntervalSeconds": 1,
                                "BackoffRate": 1.0,
                            }
                        ],
                    }
                },
            }
        ).run(handlers={"t": fails_then(["E"] * 10_000)}),
        r"StateMachineError: the execution would write more than 25,000",
    ),
    (
        "string matches",
        lambda: StateMachine.from_json(
            {
                "StartAt": "C",
                "States": {
                    "C": {
                        "Type": "Choice",
                        "Default": "D",
                        "Choices": [{"Variable": "$.s", "StringMatches": "a*" * 500 + "b", "Next": "D"}],
                    },
                    "D": {"Type": "Succeed"},
                },
            }
        ).run({"s": "a" * 100_000}),
        r"^returned$",
    ),
    (
        "registry 10**6",
        lambda: [registry.register("cart", f"t{i}", "10.0.0.1") for registry in [_registry()] for i in range(10**6)],
        r"EcsServiceError: 1000 instances already registered",
    ),
    (
        "template 10**5 fields",
        lambda: StateMachine.from_json(
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "End": True, "Parameters": {f"k{i}": [1] for i in range(10**5)}}},
            }
        ),
        r"StateMachineError: .*larger than 1,048,576",
    ),
    (
        "template 20,000 fields",
        lambda: StateMachine.from_json(
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "End": True, "Parameters": {f"k{i}": 1 for i in range(20_000)}}},
            }
        ),
        r"StateMachineError: .*more than 10,000 template nodes",
    ),
]


@pytest.mark.parametrize(("name", "call", "pattern"), SIZED, ids=[c[0] for c in SIZED])
def test_sized_inputs_finish_quickly_in_a_memory_limited_child(name, call, pattern):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(call, queue))
    child.start()
    child.join(2)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{name} did not finish within 2 s")
    outcome = queue.get(timeout=1)
    assert not outcome.startswith("unexpected"), outcome
    import re

    assert re.search(pattern, outcome), outcome


def test_hostile_json_text_round_trips_nothing_unexpected():
    text = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, "Comment": "\u0000\ud7ff"}}})
    assert StateMachine.from_json(text).run().status == "SUCCEEDED"
