"""Chapter 10 display: tables, verdicts, figures and the state-machine diagram, as exact fragments."""

import pytest

from awsbasics.microservices import (
    LambdaFunction,
    StateMachine,
    TaskDefinition,
    compare_architectures,
    fails_then,
    lambda_cost,
    lambda_vs_fargate,
    place_tasks,
    rolling_deployment,
    scaling_timeline,
    simulate_throttling,
)

MACHINE = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Default": "Charge",
            "Choices": [{"Variable": "$.amount", "NumericGreaterThan": 100, "Next": "Reject"}],
        },
        "Reject": {"Type": "Fail", "Error": "TooBig"},
        "Charge": {
            "Type": "Task",
            "Resource": "charge",
            "Next": "Done",
            "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Reject"}],
        },
        "Done": {"Type": "Succeed"},
    },
}


def test_task_definition_html():
    html = TaskDefinition(cpu=1024, memory_mib=2048)._repr_mimebundle_()["text/html"]
    assert "<caption>Task definition</caption>" in html
    assert "<tr><td>cpu_units</td><td>1024 (1 vCPU)</td></tr>" in html
    assert "<tr><td>fargate_usd_per_hour</td><td>0.04937</td></tr>" in html


def test_lambda_views():
    assert "<tr><td>memory_mb</td><td>128</td></tr>" in LambdaFunction()._repr_mimebundle_()["text/html"]
    cost = lambda_cost(LambdaFunction(memory_mb=1024), requests_per_month=1_000_000, avg_duration_ms=1000)
    html = cost._repr_mimebundle_()["text/html"]
    assert "<tr><td>total_usd</td><td>16.87</td></tr>" in html
    assert "1024 MB x86_64, 1000 ms per request" in html


def test_deployment_view_and_figure():
    run = rolling_deployment(desired_count=4, minimum_healthy_percent=50, maximum_percent=100)
    html = run._repr_mimebundle_()["text/html"]
    assert "<tr><td>1</td><td>stop 2 old tasks</td><td>2</td><td>0</td><td>2</td></tr>" in html
    assert "<b>Done in 4 steps" in html
    fig = run.figure().to_dict()
    assert [t["name"] for t in fig["data"]] == ["old tasks", "new tasks", "minimum healthy (2)", "maximum (4)"]
    assert fig["layout"]["title"]["text"] == "Rolling update of 4 tasks"
    assert fig["layout"]["yaxis"]["title"]["text"] == "tasks (RUNNING or PENDING)"


def test_placement_and_architecture_figures():
    fig = place_tasks(6)._repr_mimebundle_()["text/html"]
    assert "<tr><td>i-a1</td><td>us-east-1a</td><td>1</td><td>1536</td><td>3072</td></tr>" in fig
    placement = place_tasks(6).figure().to_dict()
    assert [t["name"] for t in placement["data"]] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    arch = compare_architectures(seed=0)
    data = arch.figure().to_dict()["data"]
    assert data[0]["name"] == "monolith (whole copies)" and data[0]["line"]["color"] == "#E69F00"
    assert data[1]["y"] == arch.microservices_units.tolist()
    assert "<td>components_down_if_search_crashes</td><td>4</td><td>1</td>" in arch._repr_mimebundle_()["text/html"]


def test_scaling_break_even_and_throttle():
    timeline = scaling_timeline(3000, 1.0, account_limit=5000, seconds=40)
    assert "serves them all after 29 s" in timeline._repr_mimebundle_()["text/html"]
    assert [t["name"] for t in timeline.figure().to_dict()["data"]] == [
        "needed",
        "scaled to (up to the quota)",
        "served",
        "throttled",
    ]
    even = lambda_vs_fargate(
        LambdaFunction(memory_mb=512), TaskDefinition(cpu=256, memory_mib=512), avg_duration_ms=100, rps_per_task=50
    )
    assert even.figure().to_dict()["layout"]["yaxis"]["title"]["text"] == "USD per month (us-east-1 estimate)"
    result = simulate_throttling([16_000, 16_000, 8_000])
    html = result._repr_mimebundle_()["text/html"]
    assert "<b>7,000 of 40,000 requests (17.5%) got HTTP 429, the first in second 0" in html
    assert "<tr><td>account (Region)</td><td>10000.0</td><td>5000</td></tr>" in html
    assert result.figure().to_dict()["data"][1]["y"] == [1000, 6000, 0]
    assert "second  requests  served  http_429  limit_reached" in result.text()


def test_state_machine_diagram():
    machine = StateMachine.from_json(MACHINE)
    diagram = machine.diagram()
    assert "s_Check [shape=diamond" in diagram.dot
    assert 's_Charge [shape=box, style="rounded,filled"' in diagram.dot
    assert 'label="Charge\\n(Task)\\nretry Busy"' in diagram.dot
    assert "s_Done [shape=doublecircle" in diagram.dot and "s_Reject [shape=octagon" in diagram.dot
    assert 's_Check -> s_Reject [label=" choice 0"];' in diagram.dot
    assert 's_Check -> s_Charge [style=dashed, label=" default"];' in diagram.dot
    assert 's_Charge -> s_Reject [style=dotted, color="#D55E00", label=" catch States.ALL"];' in diagram.dot
    assert diagram.dot.isascii()
    assert diagram.caption == (
        "State machine: 4 states (Choice, Fail, Succeed, Task) starting at Check; 1 catch route(s) drawn dotted."
    )
    html = machine._repr_mimebundle_()["text/html"]
    assert '<figure class="awsbasics-diagram"' in html and "<caption>States</caption>" in html


def test_nested_states_draw_as_clusters():
    machine = StateMachine.from_json(
        {
            "StartAt": "Both",
            "States": {
                "Both": {
                    "Type": "Parallel",
                    "End": True,
                    "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}],
                }
            },
        }
    )
    dot = machine.diagram().dot
    assert "subgraph cluster_Both {" in dot
    assert 's_Both_0_A [shape=box, style="dashed,filled"' in dot


def test_execution_history_and_timeline():
    run = StateMachine.from_json(MACHINE).run({"amount": 5}, handlers={"charge": fails_then(["Busy"])})
    html = run._repr_mimebundle_()["text/html"]
    assert "<tr><td>1</td><td>RetryScheduled</td><td>Charge</td><td>Busy: waiting 2 s (retry 1 of 3)</td></tr>" in html
    assert "<b>SUCCEEDED in 4 s (simulated) after 4 state transitions" in html
    fig = run.figure().to_dict()
    assert [t["name"] for t in fig["data"]] == ["ok", "wait"]
    assert fig["data"][1]["y"] == ["Charge (retry wait)"] and fig["data"][1]["base"] == [1.0]
    assert fig["layout"]["xaxis"]["title"]["text"] == "seconds since the execution started"


@pytest.mark.parametrize(
    "obj",
    [
        TaskDefinition(cpu=256, memory_mib=512),
        LambdaFunction(),
        rolling_deployment(desired_count=2),
        simulate_throttling([1, 2]),
        StateMachine.from_json(MACHINE),
    ],
)
def test_text_plain_is_always_there(obj):
    assert obj._repr_mimebundle_(include={"text/plain"}).keys() == {"text/plain"}
