"""AWS Lambda: function limits, concurrency, throttling and cost.

A function is configured with memory (128 to 10,240 MB in 1-MB steps), a timeout
(up to 900 s), ephemeral ``/tmp`` storage and an architecture. Concurrency is the
number of requests in flight: requests per second times their average duration.

    >>> lambda_concurrency(100, 0.5).needed
    50
    >>> lambda_concurrency(2000, 1.0).throttled
    True
    >>> max_reserved_concurrency(1000)
    900
    >>> LambdaFunction(memory_mb=127)
    Traceback (most recent call last):
    ...
    awsbasics.errors.LambdaConfigError: memory_mb=127 MB: function memory is 128 to 10,240 MB

Sources: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html ,
https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html ,
https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html , https://aws.amazon.com/lambda/pricing/
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from awsbasics import data
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import LambdaConfigError
from awsbasics.microservices._util import choice, finite, whole

if TYPE_CHECKING:
    from awsbasics.iam.identities import Role

__all__ = [
    "ARCHITECTURES",
    "DEFAULT_CONCURRENCY",
    "EPHEMERAL_STORAGE_MB",
    "FREE_TIER",
    "INVOCATION_METHODS",
    "MEMORY_MB",
    "PAYLOAD_MB",
    "PRICES",
    "SCALING_PER_10_S",
    "TIMEOUT_S",
    "UNRESERVED_MINIMUM",
    "BreakEven",
    "Concurrency",
    "LambdaCost",
    "LambdaFunction",
    "ScalingTimeline",
    "lambda_concurrency",
    "lambda_cost",
    "lambda_vs_fargate",
    "max_reserved_concurrency",
    "scaling_timeline",
]

MEMORY_MB: dict = data.value("microservices", "lambda_memory_mb")
TIMEOUT_S: dict = data.value("microservices", "lambda_timeout_s")
EPHEMERAL_STORAGE_MB: dict = data.value("microservices", "lambda_ephemeral_storage_mb")
ARCHITECTURES: tuple[str, ...] = tuple(data.value("microservices", "lambda_architectures"))
PAYLOAD_MB: dict = data.value("microservices", "lambda_payload_mb")
_CONCURRENCY = data.fact("microservices", "lambda_concurrency")
DEFAULT_CONCURRENCY: int = _CONCURRENCY["value"]
UNRESERVED_MINIMUM: int = _CONCURRENCY["unreserved_minimum"]
SCALING_PER_10_S: int = _CONCURRENCY["scaling_per_10_s"]
INVOCATION_METHODS: tuple[str, ...] = tuple(data.value("microservices", "lambda_invocation"))
PRICES: dict = data.value("microservices", "lambda_prices")
FREE_TIER: dict = data.fact("microservices", "lambda_prices")["free_tier"]
SECONDS_PER_MONTH = 730 * 3600  # the 730-hour month AWS price pages use
_MAX_RPS = 1e9
_MAX_ACCOUNT_LIMIT = 10**7  # far above "tens of thousands"; catches typos
_MAX_SECONDS = 3600
_MAX_REQUESTS = 1e15
_FUNCTION_NAME: dict = data.value("iac_resources", "lambda_function_name")
_NAME_PATTERN = re.compile(_FUNCTION_NAME["pattern"])


@dataclass(frozen=True, slots=True)
class LambdaFunction(Rendered):
    """A Lambda function's configuration, validated against the Lambda quotas.

    >>> LambdaFunction(memory_mb=129).memory_mb
    129
    >>> LambdaFunction(timeout_s=901)
    Traceback (most recent call last):
    ...
    awsbasics.errors.LambdaConfigError: timeout_s=901 s: a function runs for at most 900 s (15 minutes): 1 to 900 s

    ``name`` (optional) is the function name a template gives it; ``role`` (optional) is the
    :class:`~awsbasics.iam.Role` it runs as, which Lambda must be allowed to assume.

    >>> LambdaFunction(name="resize-images", memory_mb=512).name
    'resize-images'

    Raises:
        LambdaConfigError: memory, timeout or storage outside the quota, an unknown architecture,
            a function name Lambda refuses, a role whose trust policy does not let Lambda assume it.
        TypeError: a non-integer size or time, a role that is not an IAM Role.
    """

    memory_mb: int = MEMORY_MB["default"]
    timeout_s: int = TIMEOUT_S["default"]
    ephemeral_storage_mb: int = EPHEMERAL_STORAGE_MB["default"]
    architecture: str = "x86_64"
    name: str | None = None
    role: Role | None = None

    def __init__(
        self,
        *,
        memory_mb: int = MEMORY_MB["default"],
        timeout_s: int = TIMEOUT_S["default"],
        ephemeral_storage_mb: int = EPHEMERAL_STORAGE_MB["default"],
        architecture: str = "x86_64",
        name: str | None = None,
        role: Role | None = None,
    ):
        whole(
            memory_mb,
            "memory_mb",
            LambdaConfigError,
            low=MEMORY_MB["min"],
            high=MEMORY_MB["max"],
            unit="MB",
            rule="function memory is",
        )
        require = f"a function runs for at most {TIMEOUT_S['max']} s (15 minutes):"
        whole(
            timeout_s,
            "timeout_s",
            LambdaConfigError,
            low=TIMEOUT_S["min"],
            high=TIMEOUT_S["max"],
            unit="s",
            rule=require,
        )
        whole(
            ephemeral_storage_mb,
            "ephemeral_storage_mb",
            LambdaConfigError,
            low=EPHEMERAL_STORAGE_MB["min"],
            high=EPHEMERAL_STORAGE_MB["max"],
            unit="MB",
            rule="/tmp storage is",
        )
        choice(architecture, "architecture", LambdaConfigError, ARCHITECTURES)
        if name is not None:
            _check_function_name(name)
        if role is not None:
            _check_role(role)
        object.__setattr__(self, "memory_mb", memory_mb)
        object.__setattr__(self, "timeout_s", timeout_s)
        object.__setattr__(self, "ephemeral_storage_mb", ephemeral_storage_mb)
        object.__setattr__(self, "architecture", architecture)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "role", role)

    @property
    def memory_gb(self) -> float:
        return self.memory_mb / 1024

    @property
    def usd_per_gb_second(self) -> float:
        return PRICES[f"{self.architecture}_usd_per_gb_second"]

    def gb_seconds(self, duration_ms: float) -> float:
        """GB-seconds one invocation of ``duration_ms`` is billed for (duration rounded up to 1 ms)."""
        ms = finite(
            duration_ms,
            "duration_ms",
            LambdaConfigError,
            low=0,
            high=self.timeout_s * 1000,
            unit="ms",
            rule=f"an invocation lasts at most the timeout ({self.timeout_s} s):",
        )
        return self.memory_gb * math.ceil(ms) / 1000

    def rows(self) -> list[tuple[str, object]]:
        named: list[tuple[str, object]] = [("name", self.name)] if self.name is not None else []
        if self.role is not None:
            named.append(("role", self.role.name))
        return named + [
            ("memory_mb", self.memory_mb),
            ("timeout_s", self.timeout_s),
            ("ephemeral_storage_mb", self.ephemeral_storage_mb),
            ("architecture", self.architecture),
            ("usd_per_gb_second", f"{self.usd_per_gb_second:.10f}".rstrip("0")),
        ]

    _view_ = "microservices.lambda_view"

    def text(self) -> str:
        return "Lambda function\n" + text_table(["setting", "value"], self.rows())

    def __repr__(self) -> str:
        named = f"name={self.name!r}, " if self.name is not None else ""
        role = f", role=<Role {self.role.name}>" if self.role is not None else ""
        return (
            f"LambdaFunction({named}memory_mb={self.memory_mb}, timeout_s={self.timeout_s}, "
            f"ephemeral_storage_mb={self.ephemeral_storage_mb}, architecture={self.architecture!r}{role})"
        )


def _check_function_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"name must be str or None, not {type(name).__name__}")
    limit = _FUNCTION_NAME["max_length"]
    if not 1 <= len(name) <= limit or not _NAME_PATTERN.fullmatch(name):
        shown = name if len(name) <= 40 else name[:37] + "..."
        raise LambdaConfigError(
            f"name={shown!r}: a function name is 1 to {limit} letters, digits, hyphens and underscores"
        )
    return name


def _check_role(role: object) -> None:
    from awsbasics.iam.identities import Role

    if not isinstance(role, Role):
        raise TypeError(f"role must be an IAM Role (Account.add_role) or None, not {type(role).__name__}")
    service = _FUNCTION_NAME["assumed_by"]
    statements = role.trust_policy.document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    for statement in statements:
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        if statement.get("Effect") == "Allow" and service in services:
            return
    raise LambdaConfigError(
        f"role {role.name}: its trust policy does not let {service} assume it, so Lambda cannot run the "
        "function as this role (an execution role trusts lambda.amazonaws.com)"
    )


def _exact(value: float) -> Fraction:
    """A float as the decimal a learner typed (0.1 stays one tenth), so 0.1 x 30 is exactly 3."""
    return Fraction(repr(value))


def _check_account_limit(account_limit: object) -> int:
    return whole(
        account_limit,
        "account_limit",
        LambdaConfigError,
        low=0,
        high=_MAX_ACCOUNT_LIMIT,
        rule="an account's concurrency quota is",
    )


@dataclass(frozen=True, slots=True)
class Concurrency(Rendered):
    """Concurrency a steady load needs, against the account's (adjustable) concurrency quota."""

    requests_per_second: float
    avg_duration_s: float
    account_limit: int
    needed: int

    @property
    def throttled(self) -> bool:
        return self.needed > self.account_limit

    @property
    def served_rps(self) -> float:
        """Requests per second the quota can serve at this duration (all of them if not throttled)."""
        if not self.throttled:
            return self.requests_per_second
        return min(self.requests_per_second, self.account_limit / self.avg_duration_s)

    @property
    def throttled_rps(self) -> float:
        """Requests per second rejected with a throttling error (HTTP 429 for synchronous calls)."""
        return round(self.requests_per_second - self.served_rps, 6)

    @property
    def verdict(self) -> str:
        load = f"{self.requests_per_second:g} requests/s x {self.avg_duration_s:g} s"
        if self.throttled:
            return (
                f"{load} need {self.needed:,} concurrent executions, above the quota of "
                f"{self.account_limit:,}: about {self.throttled_rps:,.0f} requests/s are throttled. The quota "
                "is adjustable: ask for more, or make each request shorter."
            )
        return f"{load} need {self.needed:,} concurrent executions, within the quota of {self.account_limit:,}."

    def text(self) -> str:
        return self.verdict


def lambda_concurrency(requests_per_second: float, avg_duration_s: float, *, account_limit: int = 1000) -> Concurrency:
    """Concurrent executions a steady load needs: requests per second x average duration, rounded up.

    ``account_limit`` is the Regional concurrency quota (1,000 by default; an adjustable
    quota, lower on new accounts). Above it, Lambda throttles.

    >>> lambda_concurrency(0.1, 30).needed
    3

    Raises:
        LambdaConfigError: a negative or non-finite load, a duration above the 900 s timeout,
            a negative quota.
    """
    rps = finite(
        requests_per_second,
        "requests_per_second",
        LambdaConfigError,
        low=0,
        high=_MAX_RPS,
        unit="req/s",
        rule="a request rate is",
    )
    duration = finite(
        avg_duration_s,
        "avg_duration_s",
        LambdaConfigError,
        low=0,
        high=TIMEOUT_S["max"],
        unit="s",
        low_open=True,
        rule="an invocation lasts (up to the 900 s timeout)",
    )
    _check_account_limit(account_limit)
    needed = math.ceil(_exact(rps) * _exact(duration))
    return Concurrency(rps, duration, account_limit, needed)


def max_reserved_concurrency(account_limit: int) -> int:
    """The most concurrency one function can reserve: the quota minus the 100 kept unreserved.

    >>> max_reserved_concurrency(50)
    0

    Raises:
        LambdaConfigError: a negative quota.
    """
    _check_account_limit(account_limit)
    return max(0, account_limit - UNRESERVED_MINIMUM)


@dataclass(frozen=True, slots=True)
class LambdaCost(Rendered):
    """One month of a function's bill: requests and GB-seconds, with or without the free tier."""

    function: LambdaFunction
    requests: float
    avg_duration_ms: float
    gb_seconds: float
    request_usd: float
    compute_usd: float
    free_tier: bool

    @property
    def total_usd(self) -> float:
        return round(self.request_usd + self.compute_usd, 2)

    def rows(self) -> list[tuple[str, object]]:
        return [
            ("requests", f"{self.requests:,.0f}"),
            ("gb_seconds", f"{self.gb_seconds:,.1f}"),
            ("request_usd", round(self.request_usd, 2)),
            ("compute_usd", round(self.compute_usd, 2)),
            ("total_usd", self.total_usd),
            ("free_tier_applied", self.free_tier),
        ]

    _view_ = "microservices.lambda_cost_view"

    def text(self) -> str:
        head = (
            f"Lambda cost for a month: {self.function.memory_mb} MB {self.function.architecture}, "
            f"{self.avg_duration_ms:g} ms per request"
        )
        return head + "\n" + text_table(["measure", "value"], self.rows())


def lambda_cost(
    function: LambdaFunction, *, requests_per_month: float, avg_duration_ms: float, free_tier: bool = False
) -> LambdaCost:
    """A month's requests and duration charges (us-east-1 teaching estimate, first price tier).

    >>> round(lambda_cost(LambdaFunction(memory_mb=1024), requests_per_month=1_000_000,
    ...                   avg_duration_ms=1000).total_usd, 2)
    16.87

    Raises:
        LambdaConfigError: a negative request count, a duration above the function's timeout.
    """
    if not isinstance(function, LambdaFunction):
        raise TypeError(f"function must be a LambdaFunction, not {type(function).__name__}")
    requests = finite(
        requests_per_month,
        "requests_per_month",
        LambdaConfigError,
        low=0,
        high=_MAX_REQUESTS,
        rule="a monthly request count is",
    )
    if not isinstance(free_tier, bool):
        raise TypeError(f"free_tier must be bool, not {type(free_tier).__name__}")
    gbs = function.gb_seconds(avg_duration_ms) * requests
    billed_requests = max(0.0, requests - FREE_TIER["requests"]) if free_tier else requests
    billed_gbs = max(0.0, gbs - FREE_TIER["gb_seconds"]) if free_tier else gbs
    return LambdaCost(
        function,
        requests,
        float(avg_duration_ms),
        gbs,
        billed_requests / 1e6 * PRICES["request_usd_per_million"],
        billed_gbs * function.usd_per_gb_second,
        free_tier,
    )


@dataclass(frozen=True, slots=True, eq=False)
class ScalingTimeline(Rendered):
    """Second by second: demand, the concurrency Lambda has scaled to, and what is throttled."""

    requests_per_second: float
    avg_duration_s: float
    account_limit: int
    demand_concurrency: np.ndarray
    available_concurrency: np.ndarray
    served_concurrency: np.ndarray

    @property
    def throttled_concurrency(self) -> np.ndarray:
        return self.demand_concurrency - self.served_concurrency

    @property
    def seconds_to_serve_all(self) -> int | None:
        """First second at which nothing is throttled any more (None: never, the quota is too low)."""
        ok = np.flatnonzero(self.throttled_concurrency == 0)
        return int(ok[0]) if ok.size else None

    @property
    def verdict(self) -> str:
        need = int(self.demand_concurrency[0])
        when = self.seconds_to_serve_all
        if when is None:
            return (
                f"{need:,} concurrent executions needed; the quota of {self.account_limit:,} caps the "
                f"function, so {need - self.account_limit:,} stay throttled."
            )
        if when == 0:
            return f"{need:,} concurrent executions needed; Lambda serves them from the first second."
        return (
            f"{need:,} concurrent executions needed; scaling by {SCALING_PER_10_S:,} every 10 s, Lambda "
            f"serves them all after {when} s (throttling until then)."
        )

    _view_ = "microservices.scaling_view"

    def text(self) -> str:
        return self.verdict

    def figure(self):
        """Demand, available and served concurrency over time (plotly)."""
        return view("microservices.scaling_figure")(self)


def scaling_timeline(
    requests_per_second: float, avg_duration_s: float, *, account_limit: int = 1000, seconds: int = 60, warm: int = 0
) -> ScalingTimeline:
    """A sudden steady load from second 0: how fast one function's concurrency catches up.

    Lambda adds at most 1,000 execution environments every 10 seconds per function,
    refilled continuously (here: 100 a second), up to the account's quota; ``warm``
    environments (provisioned concurrency) are there from the start.

    >>> t = scaling_timeline(3000, 1.0, account_limit=5000)
    >>> int(t.available_concurrency[0]), t.seconds_to_serve_all
    (100, 29)

    Raises:
        LambdaConfigError: a load, duration, quota or length outside its range.
    """
    base = lambda_concurrency(requests_per_second, avg_duration_s, account_limit=account_limit)
    whole(seconds, "seconds", LambdaConfigError, low=1, high=_MAX_SECONDS, unit="s", rule="simulate")
    whole(warm, "warm", LambdaConfigError, low=0, high=account_limit, rule="warm environments are")
    t = np.arange(seconds)
    per_second = SCALING_PER_10_S / 10
    available = np.minimum(warm + per_second * (t + 1), account_limit).astype(np.int64)
    demand = np.full(seconds, base.needed, dtype=np.int64)
    served = np.minimum(demand, available)
    for array in (available, demand, served):
        array.setflags(write=False)
    return ScalingTimeline(base.requests_per_second, base.avg_duration_s, account_limit, demand, available, served)


@dataclass(frozen=True, slots=True)
class BreakEven(Rendered):
    """Lambda against always-on Fargate tasks for a steady load: where their monthly costs cross."""

    function: LambdaFunction
    avg_duration_ms: float
    task_usd_per_month: float
    rps_per_task: float
    lambda_usd_per_rps_month: float

    @property
    def break_even_rps(self) -> float | None:
        """Steady requests per second above which one task costs less than Lambda (None: Lambda always cheaper)."""
        rps = self.task_usd_per_month / self.lambda_usd_per_rps_month
        return round(rps, 3) if rps <= self.rps_per_task else None

    def lambda_usd(self, rps: float) -> float:
        return rps * self.lambda_usd_per_rps_month

    def fargate_usd(self, rps: float) -> float:
        return max(1, math.ceil(round(rps / self.rps_per_task, 9))) * self.task_usd_per_month

    @property
    def verdict(self) -> str:
        rps = self.break_even_rps
        if rps is None:
            return (
                f"Lambda stays cheaper at every load: one task's worth of traffic ({self.rps_per_task:g} "
                f"requests/s) costs less on Lambda than the task's USD {self.task_usd_per_month:,.2f} a month."
            )
        return (
            f"Above about {rps:g} requests/s of steady traffic one always-on task (USD "
            f"{self.task_usd_per_month:,.2f} a month) costs less than Lambda; below it, Lambda's pay-per-request "
            "wins."
        )

    _view_ = "microservices.break_even_view"

    def text(self) -> str:
        return self.verdict

    def figure(self):
        """Monthly cost against steady requests per second, Lambda and Fargate (plotly)."""
        return view("microservices.break_even_figure")(self)


def lambda_vs_fargate(
    function: LambdaFunction, task_definition, *, avg_duration_ms: float, rps_per_task: float
) -> BreakEven:
    """Where a steady load costs the same on Lambda and on always-on Fargate tasks (no free tier).

    Lambda's monthly cost grows in proportion to requests per second; Fargate's is one
    task's price for every ``rps_per_task`` requests per second (rounded up, at least one task).

    Raises:
        LambdaConfigError: a duration above the function's timeout, a task rate of 0 or less.
        TaskDefinitionError: a task Fargate does not price (EC2, Windows).
    """
    if not isinstance(function, LambdaFunction):
        raise TypeError(f"function must be a LambdaFunction, not {type(function).__name__}")
    if not hasattr(task_definition, "hourly_usd"):
        raise TypeError(f"task_definition must be a TaskDefinition, not {type(task_definition).__name__}")
    per_task = finite(
        rps_per_task,
        "rps_per_task",
        LambdaConfigError,
        low=0,
        high=_MAX_RPS,
        low_open=True,
        unit="req/s",
        rule="one task serves",
    )
    per_request = (
        function.gb_seconds(avg_duration_ms) * function.usd_per_gb_second + PRICES["request_usd_per_million"] / 1e6
    )
    return BreakEven(
        function, float(avg_duration_ms), task_definition.hourly_usd * 730, per_task, per_request * SECONDS_PER_MONTH
    )
