"""Step Functions workflow types, Standard and Express, and what a month of executions costs.

Standard workflows are billed per state transition, Express workflows per request
and per GB-second of duration (us-east-1 list prices, a teaching estimate):

    >>> WORKFLOW_TYPES["EXPRESS"]["max_duration_s"]
    300

Sources: https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html ,
https://aws.amazon.com/step-functions/pricing/
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics.errors import StateMachineError
from awsbasics.microservices._util import choice, finite, whole

__all__ = ["WORKFLOW_TYPES", "WorkflowCost", "workflow_cost"]

_TYPES = data.fact("microservices", "step_functions_workflow_types")
WORKFLOW_TYPES: dict[str, dict] = {row[0]: dict(zip(_TYPES["columns"], row)) for row in _TYPES["rows"]}
_PRICES = data.fact("microservices", "step_functions_prices")


@dataclass(frozen=True, slots=True)
class WorkflowCost(Rendered):
    """A month of Step Functions charges for one workflow type (us-east-1 teaching estimate)."""

    workflow_type: str
    executions: int
    usd: float
    basis: str

    def text(self) -> str:
        return f"{self.workflow_type}: USD {self.usd:,.2f} a month for {self.executions:,} executions ({self.basis})"


def workflow_cost(
    *,
    workflow_type: str,
    executions_per_month: int,
    transitions_per_execution: int,
    duration_s: float,
    memory_mb: int = 64,
    free_tier: bool = False,
) -> WorkflowCost:
    """Standard (per state transition) or Express (per request and GB-second) pricing for a month.

    >>> workflow_cost(workflow_type="STANDARD", executions_per_month=100_000, transitions_per_execution=5,
    ...               duration_s=2).usd
    12.5
    >>> round(workflow_cost(workflow_type="EXPRESS", executions_per_month=100_000, transitions_per_execution=5,
    ...                     duration_s=2).usd, 4)
    0.3084

    Raises:
        StateMachineError: an Express duration above five minutes, negative counts.
    """
    choice(workflow_type, "workflow_type", StateMachineError, tuple(WORKFLOW_TYPES))
    runs = whole(
        executions_per_month, "executions_per_month", StateMachineError, low=0, high=10**12, rule="executions a month:"
    )
    steps = whole(
        transitions_per_execution,
        "transitions_per_execution",
        StateMachineError,
        low=1,
        high=10**6,
        rule="transitions per execution:",
    )
    limit = WORKFLOW_TYPES[workflow_type]["max_duration_s"]
    duration = finite(
        duration_s,
        "duration_s",
        StateMachineError,
        low=0,
        high=limit,
        unit="s",
        rule=f"one {workflow_type} execution lasts",
    )
    memory = whole(memory_mb, "memory_mb", StateMachineError, low=1, high=10**6, unit="MB", rule="memory is")
    if not isinstance(free_tier, bool):
        raise TypeError(f"free_tier must be bool, not {type(free_tier).__name__}")
    prices = _PRICES["value"]
    if workflow_type == "STANDARD":
        transitions = runs * steps
        billed = max(0, transitions - _PRICES["free_tier"]["standard_transitions"]) if free_tier else transitions
        return WorkflowCost(
            workflow_type,
            runs,
            billed / 1000 * prices["standard_usd_per_1000_transitions"],
            f"{transitions:,} state transitions",
        )
    chunk = _PRICES["express_memory_chunk_mb"]
    rounding = _PRICES["express_duration_round_ms"]
    billed_memory_gb = math.ceil(memory / chunk) * chunk / 1024
    billed_seconds = math.ceil(round(duration * 1000 / rounding, 9)) * rounding / 1000
    gb_seconds = runs * billed_memory_gb * billed_seconds
    usd = runs / 1e6 * prices["express_usd_per_million_requests"] + gb_seconds * prices["express_usd_per_gb_second"]
    return WorkflowCost(workflow_type, runs, usd, f"{runs:,} requests, {gb_seconds:,.1f} GB-seconds")
