"""Chapter 10: microservices on AWS - ECS and Fargate, Lambda, API Gateway, Step Functions.

Each module is one concern:

- :mod:`~awsbasics.microservices.architecture`: monolith against microservices (scaling, failure isolation);
- :mod:`~awsbasics.microservices.ecs`: task definitions and the Fargate CPU/memory table;
- :mod:`~awsbasics.microservices.services`: rolling deployments and task placement;
- :mod:`~awsbasics.microservices.discovery`: a Cloud Map-style service registry;
- :mod:`~awsbasics.microservices.lambdas`: Lambda limits, concurrency, throttling and cost;
- :mod:`~awsbasics.microservices.apigateway`: API Gateway token-bucket throttling;
- :mod:`~awsbasics.microservices.asl` and :mod:`~awsbasics.microservices.stepfunctions`: Amazon States
  Language parsing, diagrams and an execution simulator.

    >>> from awsbasics.microservices import lambda_concurrency, TaskDefinition
    >>> lambda_concurrency(100, 0.5).needed, TaskDefinition(cpu=512, memory_mib=1024).vcpu
    (50, 0.5)
"""

from awsbasics.errors import (
    ApiThrottleError,
    EcsServiceError,
    LambdaConfigError,
    StateMachineError,
    TaskDefinitionError,
)
from awsbasics.microservices.apigateway import (
    ACCOUNT_LIMIT,
    API_TYPES,
    ThrottleLimit,
    ThrottleResult,
    simulate_throttling,
    spiky_demand,
)
from awsbasics.microservices.architecture import (
    CHARACTERISTICS,
    COMPONENTS,
    ArchitectureComparison,
    compare_architectures,
)
from awsbasics.microservices.discovery import ServiceRegistry
from awsbasics.microservices.ecs import (
    CPU_UNITS_PER_VCPU,
    LAUNCH_TYPES,
    MAX_CONTAINERS,
    NETWORK_MODES,
    ContainerDefinition,
    PortMapping,
    TaskDefinition,
    fargate_memory_options,
    fargate_sizes,
)
from awsbasics.microservices.lambdas import (
    DEFAULT_CONCURRENCY,
    INVOCATION_METHODS,
    PAYLOAD_MB,
    SCALING_PER_10_S,
    UNRESERVED_MINIMUM,
    BreakEven,
    Concurrency,
    LambdaCost,
    LambdaFunction,
    ScalingTimeline,
    lambda_concurrency,
    lambda_cost,
    lambda_vs_fargate,
    max_reserved_concurrency,
    scaling_timeline,
)
from awsbasics.microservices.services import (
    MAX_DESIRED_COUNT,
    PLACEMENT_STRATEGIES,
    ContainerInstance,
    Deployment,
    Placement,
    place_tasks,
    rolling_deployment,
    small_cluster,
)
from awsbasics.microservices.stepfunctions import (
    WORKFLOW_TYPES,
    Execution,
    Retrier,
    StateMachine,
    TaskFailure,
    WorkflowCost,
    fails_then,
    retry_intervals,
    workflow_cost,
)

__all__ = [
    "ACCOUNT_LIMIT",
    "API_TYPES",
    "CHARACTERISTICS",
    "COMPONENTS",
    "CPU_UNITS_PER_VCPU",
    "DEFAULT_CONCURRENCY",
    "INVOCATION_METHODS",
    "LAUNCH_TYPES",
    "MAX_CONTAINERS",
    "MAX_DESIRED_COUNT",
    "NETWORK_MODES",
    "PAYLOAD_MB",
    "PLACEMENT_STRATEGIES",
    "SCALING_PER_10_S",
    "UNRESERVED_MINIMUM",
    "WORKFLOW_TYPES",
    "ApiThrottleError",
    "ArchitectureComparison",
    "BreakEven",
    "Concurrency",
    "ContainerDefinition",
    "ContainerInstance",
    "Deployment",
    "EcsServiceError",
    "Execution",
    "LambdaConfigError",
    "LambdaCost",
    # Lambda
    "LambdaFunction",
    "Placement",
    "PortMapping",
    "Retrier",
    "ScalingTimeline",
    "ServiceRegistry",
    # Step Functions
    "StateMachine",
    "StateMachineError",
    # ECS
    "TaskDefinition",
    # errors
    "TaskDefinitionError",
    "TaskFailure",
    "ThrottleLimit",
    "ThrottleResult",
    "WorkflowCost",
    # architecture
    "compare_architectures",
    "fails_then",
    "fargate_memory_options",
    "fargate_sizes",
    "lambda_concurrency",
    "lambda_cost",
    "lambda_vs_fargate",
    "max_reserved_concurrency",
    "place_tasks",
    "retry_intervals",
    "rolling_deployment",
    "scaling_timeline",
    # API Gateway
    "simulate_throttling",
    "small_cluster",
    "spiky_demand",
    "workflow_cost",
]
