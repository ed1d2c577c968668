"""AWS Step Functions: parse an Amazon States Language definition, draw it, and run it.

A state machine (a workflow, 워크플로) is JSON: ``StartAt`` and ``States``. The
simulator runs Pass, Task, Choice, Parallel, Map, Wait, Succeed and Fail states on a
simulated clock; Task states call Python functions you supply for their
``Resource``; Retry and Catch handle errors as the developer guide describes.

    >>> machine = StateMachine.from_json({
    ...     "StartAt": "Charge",
    ...     "States": {
    ...         "Charge": {"Type": "Task", "Resource": "charge", "End": True,
    ...                    "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}]},
    ...     },
    ... })
    >>> run = machine.run({"amount": 5}, handlers={"charge": fails_then(["Busy", "Busy"])})
    >>> run.status, [e.detail for e in run.history if e.type == "RetryScheduled"]
    ('SUCCEEDED', ['Busy: waiting 2 s (retry 1 of 3)', 'Busy: waiting 4 s (retry 2 of 3)'])

One module per concern:

- :mod:`~awsbasics.microservices.stepfunctions.machine`: the definition (parsing, validation, diagram);
- :mod:`~awsbasics.microservices.stepfunctions.execution`: the execution simulator and its history;
- :mod:`~awsbasics.microservices.stepfunctions.retry`: Task failures, retriers and their waits;
- :mod:`~awsbasics.microservices.stepfunctions.cost`: Standard and Express workflows and their monthly cost.

Sources: https://states-language.net/spec.html ,
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

from awsbasics.microservices.stepfunctions.cost import WORKFLOW_TYPES, WorkflowCost, workflow_cost
from awsbasics.microservices.stepfunctions.execution import HISTORY_LIMIT as HISTORY_LIMIT
from awsbasics.microservices.stepfunctions.execution import PAYLOAD_BYTES as PAYLOAD_BYTES
from awsbasics.microservices.stepfunctions.execution import Execution
from awsbasics.microservices.stepfunctions.execution import HistoryEvent as HistoryEvent
from awsbasics.microservices.stepfunctions.machine import STATE_NAME_MAX as STATE_NAME_MAX
from awsbasics.microservices.stepfunctions.machine import STATE_TYPES, StateMachine
from awsbasics.microservices.stepfunctions.retry import JITTER_STRATEGIES as JITTER_STRATEGIES
from awsbasics.microservices.stepfunctions.retry import (
    RETRY_DEFAULTS,
    Retrier,
    TaskFailure,
    fails_then,
    retry_intervals,
)

__all__ = [
    "RETRY_DEFAULTS",
    "STATE_TYPES",
    "WORKFLOW_TYPES",
    "Execution",
    "Retrier",
    "StateMachine",
    "TaskFailure",
    "WorkflowCost",
    "fails_then",
    "retry_intervals",
    "workflow_cost",
]
