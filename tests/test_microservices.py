"""Chapter 10 engine: ECS task sizes and deployments, Lambda limits and cost, API Gateway throttling, Step Functions.

Expected values are worked out by hand from the AWS pages cited beside each group.
"""

import math

import numpy as np
import pytest

from awsbasics.errors import (
    ApiThrottleError,
    AwsRuleError,
    EcsServiceError,
    LambdaConfigError,
    StateMachineError,
    TaskDefinitionError,
)
from awsbasics.microservices import (
    ACCOUNT_LIMIT,
    ContainerDefinition,
    LambdaFunction,
    PortMapping,
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
from awsbasics.microservices.asl import _string_matches

# --- Fargate sizes -------------------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html , typed from the page's table.
GB = 1024
AWS_TABLE = {
    256: ([512, 1 * GB, 2 * GB], {"LINUX"}),
    512: ([g * GB for g in range(1, 5)], {"LINUX"}),
    1024: ([g * GB for g in range(2, 9)], {"LINUX", "WINDOWS"}),
    2048: ([g * GB for g in range(4, 17)], {"LINUX", "WINDOWS"}),
    4096: ([g * GB for g in range(8, 31)], {"LINUX", "WINDOWS"}),
    8192: ([g * GB for g in range(16, 61, 4)], {"LINUX"}),
    16384: ([g * GB for g in range(32, 121, 8)], {"LINUX"}),
}
VALID = [(cpu, mem, os) for cpu, (mems, oses) in AWS_TABLE.items() for mem in mems for os in sorted(oses)]


@pytest.mark.parametrize(("cpu", "memory", "os"), VALID)
def test_every_valid_fargate_pair_is_accepted(cpu, memory, os):
    task = TaskDefinition(cpu=cpu, memory_mib=memory, operating_system=os)
    assert (task.cpu, task.memory_mib) == (cpu, memory)


def test_the_size_list_is_the_aws_table():
    assert set(fargate_sizes("LINUX")) == {(c, m) for c, m, os in VALID if os == "LINUX"}
    assert set(fargate_sizes("WINDOWS")) == {(c, m) for c, m, os in VALID if os == "WINDOWS"}
    assert len(fargate_sizes("LINUX")) == 3 + 4 + 7 + 13 + 23 + 12 + 12


@pytest.mark.parametrize(
    ("cpu", "memory"),
    [(256, 3072), (512, 512), (1024, 1024), (2048, 4500), (4096, 31744), (8192, 18432), (16384, 36864), (256, 1536)],
)
def test_a_pair_outside_the_table_names_the_valid_memory(cpu, memory):
    valid = ", ".join(map(str, AWS_TABLE[cpu][0]))
    with pytest.raises(TaskDefinitionError, match=rf"memory_mib={memory} with cpu={cpu} .* use one of {valid} MiB$"):
        TaskDefinition(cpu=cpu, memory_mib=memory)


def test_windows_needs_at_least_one_vcpu_and_has_no_8_or_16_vcpu():
    with pytest.raises(
        TaskDefinitionError,
        match=r"cpu=256 \(0.25 vCPU\) on Fargate with WINDOWS: valid cpu values "
        r"are 1024, 2048, 4096",
    ):
        TaskDefinition(cpu=256, memory_mib=512, operating_system="WINDOWS")
    with pytest.raises(TaskDefinitionError, match="WINDOWS"):
        fargate_memory_options(8192, operating_system="WINDOWS")


def test_the_largest_sizes_need_platform_1_4_0():
    TaskDefinition(cpu=8192, memory_mib=16384, platform_version="1.4.0")
    with pytest.raises(TaskDefinitionError, match=r"needs Linux platform version 1.4.0 or later, not 1.3.0"):
        TaskDefinition(cpu=16384, memory_mib=32768, platform_version="1.3.0")
    TaskDefinition(cpu=4096, memory_mib=8192, platform_version="1.3.0")


def test_ec2_takes_any_cpu_from_a_quarter_to_192_vcpu():
    assert TaskDefinition(cpu=300, memory_mib=700, launch_type="EC2", network_mode="bridge").cpu == 300
    with pytest.raises(
        TaskDefinitionError,
        match=r"^cpu=196,609 CPU units: on EC2 the task CPU is 256 to "
        r"196,608 CPU units$",
    ):
        TaskDefinition(cpu=196609, memory_mib=1024, launch_type="EC2")
    with pytest.raises(
        TaskDefinitionError,
        match=r"network_mode='bridge' with launch_type=FARGATE: FARGATE tasks use "
        r"awsvpc",
    ):
        TaskDefinition(cpu=256, memory_mib=512, network_mode="bridge")


def test_containers_fit_inside_the_task_and_ports_follow_the_network_mode():
    web = ContainerDefinition(
        "web",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1",
        cpu=256,
        memory_mib=512,
        port_mappings=(PortMapping(80),),
    )
    side = ContainerDefinition("log", "fluent/fluent-bit:3", cpu=256, memory_mib=256, essential=False)
    task = TaskDefinition(cpu=512, memory_mib=1024, containers=[web, side])
    assert [c.registry for c in task.containers] == ["Amazon ECR", "Docker Hub"]
    assert task.to_aws()["containerDefinitions"][0]["portMappings"] == [{"containerPort": 80, "protocol": "tcp"}]
    with pytest.raises(TaskDefinitionError, match=r"ask for 768 CPU units but the task has 512"):
        TaskDefinition(cpu=512, memory_mib=1024, containers=[web, ContainerDefinition("b", "b", cpu=512)])
    with pytest.raises(TaskDefinitionError, match=r"containerPort 80 to hostPort 8080: with network mode awsvpc"):
        TaskDefinition(
            cpu=256,
            memory_mib=512,
            containers=[ContainerDefinition("w", "nginx", port_mappings=(PortMapping(80, 8080),))],
        )
    bridge = TaskDefinition(
        cpu=512,
        memory_mib=1024,
        launch_type="EC2",
        network_mode="bridge",
        containers=[
            ContainerDefinition("a", "nginx", port_mappings=(PortMapping(80, 0),)),
            ContainerDefinition("b", "nginx", port_mappings=(PortMapping(80, 0),)),
        ],
    )
    assert len(bridge.containers) == 2  # dynamic host ports never clash
    with pytest.raises(TaskDefinitionError, match=r"port 80/tcp is mapped by both 'a' and 'b'"):
        TaskDefinition(
            cpu=256,
            memory_mib=512,
            containers=[
                ContainerDefinition("a", "nginx", port_mappings=(PortMapping(80),)),
                ContainerDefinition("b", "nginx", port_mappings=(PortMapping(80),)),
            ],
        )
    with pytest.raises(TaskDefinitionError, match=r"no essential container"):
        TaskDefinition(cpu=256, memory_mib=512, containers=[ContainerDefinition("a", "nginx", essential=False)])


def test_fargate_hourly_price():
    # https://aws.amazon.com/fargate/pricing/ : 1 vCPU x 0.04048 + 2 GB x 0.004445 = 0.04937
    assert TaskDefinition(cpu=1024, memory_mib=2048).hourly_usd == 0.04937
    # ARM64: 0.25 x 0.03238 + 0.5 x 0.00356 = 0.009875
    assert TaskDefinition(cpu=256, memory_mib=512, cpu_architecture="ARM64").hourly_usd == 0.009875
    with pytest.raises(TaskDefinitionError, match="prices Linux Fargate tasks only"):
        TaskDefinition(cpu=1024, memory_mib=2048, operating_system="WINDOWS").hourly_usd  # noqa: B018


# --- ECS services ---------------------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html : minimum rounded up,
# maximum rounded down; desiredCount 4 with 200% may start four new tasks before stopping the four old ones.


def test_default_rolling_update_starts_all_new_tasks_first():
    run = rolling_deployment(desired_count=4)
    assert [(s.old_tasks, s.new_tasks) for s in run.steps] == [(4, 0), (4, 4), (0, 4)]
    assert (run.lower_limit, run.upper_limit, run.peak_tasks, run.blocked) == (4, 8, 8, False)


def test_fifty_percent_minimum_stops_two_old_tasks_first():
    run = rolling_deployment(desired_count=4, minimum_healthy_percent=50, maximum_percent=100)
    assert [s.action for s in run.steps[1:]] == [
        "stop 2 old tasks",
        "start 2 new tasks",
        "stop 2 old tasks",
        "start 2 new tasks",
    ]


def test_rounding_of_the_limits():
    run = rolling_deployment(desired_count=3, minimum_healthy_percent=50, maximum_percent=150)
    assert (run.lower_limit, run.upper_limit) == (2, 4)  # ceil(1.5), floor(4.5)


def test_a_full_cluster_blocks_a_100_percent_minimum():
    run = rolling_deployment(desired_count=6, maximum_percent=100, cluster_capacity_tasks=6)
    assert run.blocked and run.verdict.startswith("Blocked on a cluster with room for 6")
    assert not rolling_deployment(
        desired_count=6, minimum_healthy_percent=83, maximum_percent=100, cluster_capacity_tasks=6
    ).blocked
    assert rolling_deployment(
        desired_count=6, minimum_healthy_percent=84, maximum_percent=100, cluster_capacity_tasks=6
    ).blocked


def _spread_oracle(count, instances, cpu, mem):
    free = [[i.cpu_units, i.memory_mib] for i in instances]
    placed = [0] * len(instances)
    for _ in range(count):
        fits = [k for k in range(len(instances)) if free[k][0] >= cpu and free[k][1] >= mem]
        if not fits:
            continue
        per_az = {}
        for k, inst in enumerate(instances):
            per_az[inst.az] = per_az.get(inst.az, 0) + placed[k]
        k = min(fits, key=lambda k: (per_az[instances[k].az], placed[k], k))
        placed[k] += 1
        free[k][0] -= cpu
        free[k][1] -= mem
    return placed


@pytest.mark.parametrize("count", [0, 1, 5, 13, 40])
def test_spread_matches_a_loop_oracle(count):
    cluster = small_cluster(azs=3, per_az=2)
    assert list(place_tasks(count, strategy="spread", instances=cluster).tasks_per_instance) == _spread_oracle(
        count, cluster, 512, 1024
    )


def test_binpack_fills_one_instance_before_the_next_and_reports_unplaced():
    result = place_tasks(10, strategy="binpack", task_cpu=512, task_memory_mib=1024)
    assert result.tasks_per_instance == (4, 4, 2, 0, 0, 0)
    full = place_tasks(30, strategy="binpack")
    assert full.unplaced == 6 and sum(full.tasks_per_instance) == 24


def test_random_placement_is_deterministic_per_seed():
    a = place_tasks(12, strategy="random", seed=3).tasks_per_instance
    assert a == place_tasks(12, strategy="random", seed=3).tasks_per_instance
    assert any(place_tasks(12, strategy="random", seed=s).tasks_per_instance != a for s in range(4, 10))


def test_cloud_map_registry_returns_only_healthy_instances():
    registry = ServiceRegistry("shop.local")
    registry.register("cart", "t1", "10.0.1.10")
    registry.register("cart", "t2", "10.0.2.10")
    registry.set_health("cart", "t1", healthy=False)
    assert registry.discover("cart") == ("10.0.2.10",)
    registry.deregister("cart", "t2")
    assert registry.discover("cart") == ()
    with pytest.raises(EcsServiceError, match=r"'t9' is not registered under 'cart' in shop.local"):
        registry.set_health("cart", "t9", healthy=True)


def _architecture_oracle(result):
    tasks = [[max(1, math.ceil(v / result.rps_per_unit)) for v in row] for row in result.load_rps.tolist()]
    copies = [max(col) for col in zip(*tasks)]
    return tasks, copies


def test_architecture_matches_a_loop_oracle_and_the_hot_component_drives_the_monolith():
    result = compare_architectures(hot="search", hot_factor=5, seed=4)
    tasks, copies = _architecture_oracle(result)
    assert result.service_tasks.tolist() == tasks and result.monolith_copies.tolist() == copies
    search = result.components.index("search")
    assert result.monolith_copies.tolist() == result.service_tasks[search].tolist()
    assert result.unit_hours[0] > 2 * result.unit_hours[1]
    assert result.blast_radius("cart") == {"monolith": 4, "microservices": 1}
    again = compare_architectures(hot="search", hot_factor=5, seed=4)
    assert np.array_equal(again.load_rps, result.load_rps)
    assert not np.array_equal(compare_architectures(seed=5).load_rps, result.load_rps)


# --- Lambda ---------------------------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html ,
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html


def test_issue_done_when_lambda_values():
    assert lambda_concurrency(100, 0.5).needed == 50
    assert not lambda_concurrency(100, 0.5).throttled
    busy = lambda_concurrency(2000, 1.0, account_limit=1000)
    assert busy.needed == 2000 and busy.throttled and busy.throttled_rps == 1000
    with pytest.raises(LambdaConfigError, match=r"timeout_s=901 s: .* 1 to 900 s"):
        LambdaFunction(timeout_s=901)
    with pytest.raises(LambdaConfigError, match=r"memory_mb=127 MB: function memory is 128 to 10,240 MB"):
        LambdaFunction(memory_mb=127)
    assert LambdaFunction(memory_mb=129).memory_mb == 129
    assert max_reserved_concurrency(1000) == 900


@pytest.mark.parametrize(
    ("rps", "duration", "needed"),
    [(0.1, 30, 3), (10, 0.7, 7), (3, 0.1, 1), (0, 5, 0), (1000, 0.001, 1), (333, 0.3, 100)],
)
def test_concurrency_is_exact_for_decimal_inputs(rps, duration, needed):
    assert lambda_concurrency(rps, duration).needed == needed


def test_reserved_concurrency_and_limits():
    assert max_reserved_concurrency(100) == 0 and max_reserved_concurrency(5000) == 4900
    assert LambdaFunction(memory_mb=10240, timeout_s=900, ephemeral_storage_mb=10240, architecture="arm64")
    with pytest.raises(LambdaConfigError, match=r"ephemeral_storage_mb=511 MB: /tmp storage is 512 to 10,240 MB"):
        LambdaFunction(ephemeral_storage_mb=511)
    with pytest.raises(LambdaConfigError, match=r"architecture='arm': use one of x86_64, arm64"):
        LambdaFunction(architecture="arm")


def test_lambda_cost_by_hand():
    # https://aws.amazon.com/lambda/pricing/ : 3M requests x 120 ms at 512 MB
    fn = LambdaFunction(memory_mb=512)
    cost = lambda_cost(fn, requests_per_month=3_000_000, avg_duration_ms=120)
    assert cost.gb_seconds == pytest.approx(3_000_000 * 0.5 * 0.12)  # 180,000 GB-s
    assert cost.request_usd == pytest.approx(0.60)
    assert cost.compute_usd == pytest.approx(180_000 * 0.0000166667)
    free = lambda_cost(fn, requests_per_month=3_000_000, avg_duration_ms=120, free_tier=True)
    assert free.request_usd == pytest.approx(0.40) and free.compute_usd == 0
    arm = lambda_cost(
        LambdaFunction(memory_mb=512, architecture="arm64"), requests_per_month=3_000_000, avg_duration_ms=120
    )
    assert arm.compute_usd == pytest.approx(180_000 * 0.0000133334)
    # Duration is billed in whole milliseconds, rounded up.
    assert fn.gb_seconds(1.2) == pytest.approx(0.5 * 0.002)


def test_scaling_timeline_adds_1000_every_10_seconds_up_to_the_quota():
    timeline = scaling_timeline(3000, 1.0, account_limit=5000, seconds=40)
    assert timeline.available_concurrency[:3].tolist() == [100, 200, 300]
    assert timeline.seconds_to_serve_all == 29
    capped = scaling_timeline(3000, 1.0, account_limit=1000)
    assert capped.seconds_to_serve_all is None and int(capped.throttled_concurrency[-1]) == 2000
    assert scaling_timeline(500, 1.0, warm=500).seconds_to_serve_all == 0


def test_break_even_against_fargate():
    fn = LambdaFunction(memory_mb=512)
    task = TaskDefinition(cpu=256, memory_mib=512)
    result = lambda_vs_fargate(fn, task, avg_duration_ms=100, rps_per_task=50)
    per_request = 0.5 * 0.1 * 0.0000166667 + 0.20 / 1e6
    expected = task.hourly_usd * 730 / (per_request * 730 * 3600)
    assert result.break_even_rps == round(expected, 3)
    assert result.lambda_usd(expected) == pytest.approx(result.fargate_usd(expected))
    cheap = lambda_vs_fargate(LambdaFunction(memory_mb=128), task, avg_duration_ms=1, rps_per_task=1)
    assert cheap.break_even_rps is None


# --- API Gateway ----------------------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html : 10,000 rps, bucket of 5,000.


def test_default_account_bucket():
    assert (ACCOUNT_LIMIT.rate_rps, ACCOUNT_LIMIT.burst) == (10_000, 5_000)


def test_token_bucket_by_hand():
    # Second 0: 5,000 held + 10,000 refill = 15,000 -> 1,000 throttled, empty; second 1: 10,000; second 2: 8,000 of
    # 10,000 used, 2,000 carried; second 3: 12,000 available.
    result = simulate_throttling([16_000, 16_000, 8_000, 12_000])
    assert result.served.tolist() == [15_000, 10_000, 8_000, 12_000]
    assert result.throttled.tolist() == [1_000, 6_000, 0, 0]
    assert result.binding == ("account (Region)", "account (Region)", "", "")


def test_a_stricter_stage_limit_binds_first():
    stage = ThrottleLimit("stage prod", 100, 50)
    result = simulate_throttling([300, 0, 100, 200], limits=[ACCOUNT_LIMIT, stage])
    assert result.served.tolist() == [150, 0, 100, 150]
    assert set(result.binding) == {"stage prod", ""}


def test_spiky_demand_is_deterministic_per_seed():
    assert spiky_demand(seed=2).tolist() == spiky_demand(seed=2).tolist()
    assert spiky_demand(seed=2).tolist() != spiky_demand(seed=3).tolist()


# --- Step Functions -------------------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html

WORKED = {
    "StartAt": "X",
    "States": {
        "X": {
            "Type": "Task",
            "Resource": "x",
            "Next": "Y",
            "Retry": [
                {"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5},
            ],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}],
        },
        "Y": {"Type": "Succeed"},
        "Z": {"Type": "Pass", "End": True},
    },
}


def _waits(execution):
    return [e.detail for e in execution.history if e.type == "RetryScheduled"]


def test_the_developer_guide_worked_example():
    # Errors ErrorA, ErrorB, ErrorC, ErrorB: waits of 1 s and 2 s (first retrier), 5 s (second retrier); the fourth
    # error matches the first retrier again, which has used its two attempts, so the Catch routes to Z.
    run = StateMachine.from_json(WORKED).run(handlers={"x": fails_then(["ErrorA", "ErrorB", "ErrorC", "ErrorB"])})
    assert _waits(run) == [
        "ErrorA: waiting 1 s (retry 1 of 2)",
        "ErrorB: waiting 2 s (retry 2 of 2)",
        "ErrorC: waiting 5 s (retry 1 of 3)",
    ]
    assert [e.detail for e in run.history if e.type == "CatchRouted"] == ["ErrorB -> Z"]
    assert run.status == "SUCCEEDED" and run.output == {"Error": "ErrorB", "Cause": "failure 4 of 4"}
    # 4 tries of 1 s plus 1 + 2 + 5 s of waits.
    assert run.duration_s == 12


@pytest.mark.parametrize(
    ("interval", "rate", "cap", "attempts", "expected"),
    [
        (1, 2.0, None, 3, (1.0, 2.0, 4.0)),
        (3, 2.0, 10, 4, (3.0, 6.0, 10.0, 10.0)),
        (2, 1.5, None, 3, (2.0, 3.0, 4.5)),
        (5, 1.0, None, 2, (5.0, 5.0)),
        (1, 3.0, 20, 5, (1.0, 3.0, 9.0, 20.0, 20.0)),
    ],
)
def test_retry_intervals_are_interval_times_backoff_power_capped(interval, rate, cap, attempts, expected):
    assert (
        retry_intervals(interval_seconds=interval, backoff_rate=rate, max_delay_seconds=cap, max_attempts=attempts)
        == expected
    )
    oracle = tuple(round(min(interval * rate**n, cap or math.inf), 3) for n in range(attempts))
    assert oracle == expected


def test_full_jitter_is_seeded_and_below_the_backoff():
    full = retry_intervals(interval_seconds=2, max_attempts=6, max_delay_seconds=30, jitter_strategy="FULL", seed=7)
    plain = retry_intervals(interval_seconds=2, max_attempts=6, max_delay_seconds=30)
    assert full == retry_intervals(
        interval_seconds=2, max_attempts=6, max_delay_seconds=30, jitter_strategy="FULL", seed=7
    )
    assert full != retry_intervals(
        interval_seconds=2, max_attempts=6, max_delay_seconds=30, jitter_strategy="FULL", seed=8
    )
    assert all(0 <= j <= p for j, p in zip(full, plain))


def _catching(catchers):
    return StateMachine.from_json(
        {
            "StartAt": "T",
            "States": {
                "T": {"Type": "Task", "Resource": "t", "End": True, "Catch": catchers},
                "A": {"Type": "Pass", "Result": "A", "End": True},
                "B": {"Type": "Pass", "Result": "B", "End": True},
                "C": {"Type": "Pass", "Result": "C", "End": True},
            },
        }
    )


@pytest.mark.parametrize(
    ("error", "route"), [("Timeouty", "A"), ("Declined", "B"), ("Other", "C"), ("ValueError", "C")]
)
def test_catch_routes_by_error_name_with_states_all_last(error, route):
    machine = _catching(
        [
            {"ErrorEquals": ["Timeouty"], "Next": "A"},
            {"ErrorEquals": ["Declined", "Fraud"], "Next": "B"},
            {"ErrorEquals": ["States.ALL"], "Next": "C"},
        ]
    )

    def handler(_):
        if error == "ValueError":
            raise ValueError("bad amount")
        raise TaskFailure(error)

    assert machine.run(handlers={"t": handler}).output == route


def test_states_all_must_be_alone_and_last():
    with pytest.raises(StateMachineError, match=r"States.ALL must appear alone .* last") as info:
        _catching([{"ErrorEquals": ["States.ALL"], "Next": "A"}, {"ErrorEquals": ["X"], "Next": "B"}])
    assert info.value.path == "States.T.Catch[0].ErrorEquals"
    with pytest.raises(StateMachineError, match=r"States.ALL must appear alone"):
        _catching([{"ErrorEquals": ["States.ALL", "X"], "Next": "A"}])


def test_states_task_failed_matches_handler_errors_but_not_timeouts():
    machine = StateMachine.from_json(
        {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "t",
                    "End": True,
                    "TimeoutSeconds": 1,
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "A"}],
                },
                "A": {"Type": "Pass", "End": True},
            },
        }
    )
    assert machine.run(handlers={"t": fails_then(["Boom"])}).status == "SUCCEEDED"
    slow = machine.run(handlers={"t": lambda x: x}, task_seconds=2)
    assert (slow.status, slow.error) == ("FAILED", "States.Timeout")


def test_input_and_output_processing_as_the_spec_defines():
    # InputPath selects $.order; Parameters builds {"id", "qty"}; the task doubles qty; ResultSelector keeps total;
    # ResultPath puts it at $.order.result inside the raw input; OutputPath returns $.order.
    machine = StateMachine.from_json(
        {
            "StartAt": "Price",
            "States": {
                "Price": {
                    "Type": "Task",
                    "Resource": "price",
                    "End": True,
                    "InputPath": "$.order",
                    "Parameters": {
                        "id.$": "$.id",
                        "qty.$": "$.lines[1].qty",
                        "currency": "KRW",
                        "exec.$": "$$.Execution.Input.who",
                    },
                    "ResultSelector": {"total.$": "$.total"},
                    "ResultPath": "$.order.result",
                    "OutputPath": "$.order",
                }
            },
        }
    )
    seen = []

    def price(task_input):
        seen.append(task_input)
        return {"total": task_input["qty"] * 2, "debug": "dropped"}

    run = machine.run({"who": "kim", "order": {"id": 9, "lines": [{"qty": 1}, {"qty": 4}]}}, handlers={"price": price})
    assert seen == [{"id": 9, "qty": 4, "currency": "KRW", "exec": "kim"}]
    assert run.output == {"id": 9, "lines": [{"qty": 1}, {"qty": 4}], "result": {"total": 8}}


def test_result_path_null_keeps_the_input_and_missing_paths_fail_with_states_runtime():
    keep = StateMachine.from_json(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "ResultPath": None, "End": True}}}
    )
    assert keep.run({"a": 1}).output == {"a": 1}
    missing = StateMachine.from_json(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.nope", "End": True}}}
    )
    run = missing.run({"a": 1})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    # States.Runtime is not caught even by States.ALL.
    guarded = StateMachine.from_json(
        {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "t",
                    "InputPath": "$.nope",
                    "End": True,
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}],
                },
                "A": {"Type": "Pass", "End": True},
            },
        }
    )
    assert guarded.run({}, handlers={"t": lambda x: x}).error == "States.Runtime"


CHOICE = {
    "StartAt": "C",
    "States": {
        "C": {
            "Type": "Choice",
            "Default": "Other",
            "Choices": [
                {
                    "And": [
                        {"Variable": "$.kind", "StringEquals": "card"},
                        {"Variable": "$.amount", "NumericGreaterThan": 100},
                    ],
                    "Next": "Big",
                },
                {"Variable": "$.kind", "StringMatches": "gift*", "Next": "Gift"},
                {"Not": {"Variable": "$.vip", "IsPresent": True}, "Next": "Plain"},
            ],
        },
        "Big": {"Type": "Pass", "Result": "Big", "End": True},
        "Gift": {"Type": "Pass", "Result": "Gift", "End": True},
        "Plain": {"Type": "Pass", "Result": "Plain", "End": True},
        "Other": {"Type": "Pass", "Result": "Other", "End": True},
    },
}


@pytest.mark.parametrize(
    ("doc", "route"),
    [
        ({"kind": "card", "amount": 150, "vip": 1}, "Big"),
        ({"kind": "card", "amount": 50, "vip": 1}, "Other"),
        ({"kind": "giftcard", "amount": 5}, "Gift"),
        ({"kind": "cash", "amount": "150"}, "Plain"),
        ({"kind": "cash", "vip": True}, "Other"),
    ],
)
def test_choice_rules(doc, route):
    assert StateMachine.from_json(CHOICE).run(doc).output == route


def test_no_choice_matched_fails():
    machine = StateMachine.from_json(
        {
            "StartAt": "C",
            "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": True, "Next": "D"}]},
                "D": {"Type": "Succeed"},
            },
        }
    )
    assert machine.run({"x": False}).error == "States.NoChoiceMatched"


def test_parallel_map_and_wait_on_the_simulated_clock():
    machine = StateMachine.from_json(
        {
            "StartAt": "Both",
            "States": {
                "Both": {
                    "Type": "Parallel",
                    "Next": "Each",
                    "ResultPath": "$.parts",
                    "Branches": [
                        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "a", "End": True}}},
                        {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.pause", "End": True}}},
                    ],
                },
                "Each": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "MaxConcurrency": 2,
                    "ResultPath": "$.done",
                    "End": True,
                    "ItemSelector": {"n.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                    "ItemProcessor": {
                        "StartAt": "Sq",
                        "States": {"Sq": {"Type": "Task", "Resource": "sq", "End": True}},
                    },
                },
            },
        }
    )
    run = machine.run(
        {"pause": 3, "items": [1, 2, 3]}, handlers={"a": lambda x: "a", "sq": lambda x: x["n"] ** 2 + x["i"]}
    )
    assert run.output["parts"] == ["a", {"pause": 3, "items": [1, 2, 3]}]
    assert run.output["done"] == [1, 5, 11]
    # Parallel: max(1 s task, 3 s wait) = 3 s; Map: two batches of 1 s tasks = 2 s.
    assert run.duration_s == 5


def test_fail_state_and_express_timeout():
    fail = StateMachine.from_json({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "Cause": "c"}}})
    assert (fail.run().status, fail.run().error, fail.run().cause) == ("FAILED", "Nope", "c")
    wait = StateMachine.from_json({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": True}}})
    assert wait.run(workflow_type="STANDARD").status == "SUCCEEDED"
    express = wait.run(workflow_type="EXPRESS")
    assert (express.status, express.error, express.duration_s) == ("TIMED_OUT", "States.Timeout", 300)


@pytest.mark.parametrize(
    ("definition", "path", "message"),
    [
        ({"StartAt": "A", "States": {}}, "States", "non-empty object"),
        ({"StartAt": "B", "States": {"A": {"Type": "Succeed"}}}, "StartAt", "StartAt names one of the states"),
        ({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Z"}}}, "States.A.Next", "Next names a state"),
        ({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A", "End": True}}}, "States.A", '"Next" or "End"'),
        ({"StartAt": "A", "States": {"A": {"Type": "Loop"}}}, "States.A.Type", "one of Pass, Task"),
        ({"StartAt": "A", "States": {"A": {"Type": "Succeed", "Next": "A"}}}, "States.A.Next", "has no field 'Next'"),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Task",
                        "Resource": "r",
                        "End": True,
                        "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}],
                    }
                },
            },
            "States.A.Retry[0].BackoffRate",
            "at least 1.0",
        ),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Task",
                        "Resource": "r",
                        "End": True,
                        "Retry": [{"ErrorEquals": ["E"], "MaxDelaySeconds": 0}],
                    }
                },
            },
            "States.A.Retry[0].MaxDelaySeconds",
            "integer from 1",
        ),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Task",
                        "Resource": "r",
                        "End": True,
                        "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "HALF"}],
                    }
                },
            },
            "States.A.Retry[0].JitterStrategy",
            "FULL or NONE",
        ),
        (
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, "InputPath": "$.a[*]"}}},
            "States.A.InputPath",
            "not a reference path",
        ),
        (
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "End": True, "Parameters": {"x.$": "States.Format('{}', $.a)"}}},
            },
            "States.A.Parameters.x.$",
            "intrinsic functions",
        ),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.a", "TimestampEquals": "2026-01-01T00:00:00Z", "Next": "A"}],
                    }
                },
            },
            "States.A.Choices[0].TimestampEquals",
            "unsupported operator",
        ),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Parallel",
                        "End": True,
                        "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Q"}}}],
                    }
                },
            },
            "States.A.Branches[0].States.B.Next",
            "Next names a state",
        ),
        (
            {"StartAt": "A", "States": {"A" * 81: {"Type": "Succeed"}, "A": {"Type": "Succeed"}}},
            "States." + "A" * 81,
            "1 to 80 characters",
        ),
    ],
)
def test_validation_errors_carry_a_json_path(definition, path, message):
    with pytest.raises(StateMachineError, match=message) as info:
        StateMachine.from_json(definition)
    assert info.value.path == path


def test_missing_handler_and_history_limit():
    machine = StateMachine.from_json(WORKED)
    with pytest.raises(StateMachineError, match=r"no handler for Task resource 'x'"):
        machine.run()
    loop = StateMachine.from_json({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "P"}}})
    with pytest.raises(StateMachineError, match=r"more than 25,000 history events"):
        loop.run()


def test_string_matches_wildcards_without_backtracking_blowup():
    assert _string_matches("log-2026.txt", "log-*.txt")
    assert _string_matches("a*b", "a\\*b") and not _string_matches("axb", "a\\*b")
    assert not _string_matches("a" * 5000, "a*" * 30 + "b")


def test_workflow_cost_by_hand():
    # https://aws.amazon.com/step-functions/pricing/
    standard = workflow_cost(
        workflow_type="STANDARD", executions_per_month=100_000, transitions_per_execution=5, duration_s=2
    )
    assert standard.usd == pytest.approx(500_000 / 1000 * 0.025)
    express = workflow_cost(
        workflow_type="EXPRESS",
        executions_per_month=1_000_000,
        transitions_per_execution=5,
        duration_s=0.25,
        memory_mb=100,
    )
    # 0.25 s rounds up to 0.3 s; 100 MB bills as 128 MB.
    assert express.usd == pytest.approx(1.00 + 1_000_000 * 0.125 * 0.3 * 0.00001667)
    with pytest.raises(StateMachineError, match=r"duration_s=301 s: one EXPRESS execution lasts from 0 to 300 s"):
        workflow_cost(workflow_type="EXPRESS", executions_per_month=1, transitions_per_execution=1, duration_s=301)


def test_execution_counts_retries_as_transitions():
    run = StateMachine.from_json(WORKED).run(handlers={"x": fails_then(["ErrorA", "ErrorB", "ErrorC", "ErrorB"])})
    assert run.state_transitions == 2 + 3  # X and Z entered, three retries
    assert run.cost(1000).usd == pytest.approx(5 * 1000 / 1000 * 0.025)


def test_every_rule_error_is_an_aws_rule_error():
    for error in (TaskDefinitionError, EcsServiceError, LambdaConfigError, ApiThrottleError, StateMachineError):
        assert issubclass(error, AwsRuleError)
