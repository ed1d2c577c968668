"""Amazon API Gateway: the front door for Lambda and ECS, and how it throttles.

API Gateway throttles with token buckets: a bucket holds up to ``burst`` tokens and
refills at ``rate_rps`` tokens a second; each request takes one, and a request that
finds no token gets HTTP 429 Too Many Requests. The account has one bucket per
Region (10,000 requests/s, burst 5,000 by default, adjustable); a stage, a method
or a usage plan can add stricter buckets of its own. A request passes only when
every bucket on its way has a token.

    >>> result = simulate_throttling([16_000, 16_000, 8_000])
    >>> result.served.tolist(), result.throttled.tolist()
    ([15000, 10000, 8000], [1000, 6000, 0])

The simulation is per second: in a second a bucket can give what it holds plus
that second's refill; what is left (at most ``burst``) carries over. A teaching
approximation of AWS's continuous buckets: a full bucket absorbs a spike of
``burst`` requests above the steady rate, then only the rate gets through.

Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html ,
https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import is_int, require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import ApiThrottleError
from awsbasics.microservices._util import finite, whole

__all__ = [
    "ACCOUNT_LIMIT",
    "API_TYPES",
    "MAX_SECONDS",
    "ThrottleLimit",
    "ThrottleResult",
    "simulate_throttling",
    "spiky_demand",
]

_THROTTLE = data.value("microservices", "api_gateway_throttle")
API_TYPES: tuple[tuple[str, str], ...] = tuple(tuple(r) for r in data.fact("microservices", "api_types")["rows"])
MAX_SECONDS = 86_400  # one day of per-second steps
_MAX_RATE = 1e9


@dataclass(frozen=True, slots=True)
class ThrottleLimit:
    """One token bucket: a steady rate (tokens per second) and a burst (bucket size)."""

    name: str
    rate_rps: float
    burst: int

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be str, not {type(self.name).__name__}")
        if not self.name or len(self.name) > 100:
            raise ApiThrottleError(f"name={self.name[:40]!r}: a limit is named with 1 to 100 characters")
        object.__setattr__(
            self,
            "rate_rps",
            finite(
                self.rate_rps,
                f"{self.name} rate_rps",
                ApiThrottleError,
                low=0,
                high=_MAX_RATE,
                unit="req/s",
                rule="a steady rate is",
            ),
        )
        whole(
            self.burst,
            f"{self.name} burst",
            ApiThrottleError,
            low=0,
            high=int(_MAX_RATE),
            unit="requests",
            rule="a bucket holds",
        )


ACCOUNT_LIMIT = ThrottleLimit("account (Region)", float(_THROTTLE["rate_rps"]), _THROTTLE["burst"])


@dataclass(frozen=True, slots=True, eq=False)
class ThrottleResult(Rendered):
    """Per second: requests sent, served, and answered with 429; which limit ran out."""

    limits: tuple[ThrottleLimit, ...]
    demand: np.ndarray
    served: np.ndarray
    throttled: np.ndarray
    binding: tuple[str, ...]  # per second: the limit that ran out ("" when none did)

    @property
    def throttled_total(self) -> int:
        return int(self.throttled.sum())

    @property
    def throttled_share(self) -> float:
        total = int(self.demand.sum())
        return self.throttled_total / total if total else 0.0

    @property
    def verdict(self) -> str:
        if not self.throttled_total:
            return f"All {int(self.demand.sum()):,} requests served; no 429s."
        first = int(np.flatnonzero(self.throttled)[0])
        names = sorted({b for b in self.binding if b})
        return (
            f"{self.throttled_total:,} of {int(self.demand.sum()):,} requests ({self.throttled_share:.1%}) got "
            f"HTTP 429, the first in second {first}; limit reached: {', '.join(names)}."
        )

    def rows(self) -> list[tuple[int, int, int, int, str]]:
        return [
            (t, int(d), int(s), int(x), b or "-")
            for t, (d, s, x, b) in enumerate(zip(self.demand, self.served, self.throttled, self.binding))
        ]

    _view_ = "microservices.throttle_view"

    def text(self) -> str:
        limits = "; ".join(f"{limit.name}: {limit.rate_rps:,g} req/s, burst {limit.burst:,}" for limit in self.limits)
        shown = self.rows()[:10]
        more = f"\n... {len(self.demand) - 10} more seconds" if len(self.demand) > 10 else ""
        return (
            f"Token buckets - {limits}\n"
            + text_table(["second", "requests", "served", "http_429", "limit_reached"], shown)
            + more
            + "\n"
            + self.verdict
        )

    def figure(self):
        """Requests per second: served and throttled (plotly)."""
        return view("microservices.throttle_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def _check_demand(demand) -> np.ndarray:
    if isinstance(demand, (str, bytes, dict)) or not hasattr(demand, "__len__"):
        raise TypeError(f"demand must be a sequence of requests per second, not {type(demand).__name__}")
    if len(demand) > MAX_SECONDS:
        raise ApiThrottleError(f"{len(demand):,} seconds of demand: simulate at most {MAX_SECONDS:,} (one day)")
    if len(demand) == 0:
        raise ApiThrottleError("no demand: give at least one second of requests")
    values = []
    for k, v in enumerate(demand):
        if not is_int(v):
            raise TypeError(f"demand[{k}] must be a whole number of requests, not {type(v).__name__}")
        if not 0 <= int(v) <= _MAX_RATE:
            raise ApiThrottleError(f"demand[{k}]={v}: requests in a second are 0 to {_MAX_RATE:,.0f}")
        values.append(int(v))
    return np.array(values, dtype=np.int64)


def simulate_throttling(demand, *, limits=None) -> ThrottleResult:
    """Serve ``demand[t]`` requests in second ``t`` through token buckets, in order.

    ``limits`` defaults to the account's Regional bucket; pass extra :class:`ThrottleLimit`
    objects for a stage, a method or a usage plan (they apply on top of the account's).
    Every bucket starts full.

    >>> stage = ThrottleLimit("stage prod", 100, 50)
    >>> simulate_throttling([300, 0, 100], limits=[ACCOUNT_LIMIT, stage]).served.tolist()
    [150, 0, 100]

    Raises:
        ApiThrottleError: negative or non-whole demand, more than a day of seconds, bad limits.
    """
    requests = _check_demand(demand)
    buckets = (ACCOUNT_LIMIT,) if limits is None else limits
    if isinstance(buckets, ThrottleLimit) or not hasattr(buckets, "__iter__"):
        raise TypeError("limits must be a sequence of ThrottleLimit")
    buckets = tuple(buckets)
    if not buckets or len(buckets) > 10:
        raise ApiThrottleError(f"{len(buckets)} limits: give 1 to 10 token buckets")
    for b in buckets:
        if not isinstance(b, ThrottleLimit):
            raise TypeError(f"limits items must be ThrottleLimit, not {type(b).__name__}")
    tokens = [float(b.burst) for b in buckets]
    served = np.zeros(len(requests), dtype=np.int64)
    binding = []
    for t, wanted in enumerate(requests):
        # What each bucket holds plus this second's refill; what is left carries over, up to the burst.
        available = [int(tok + b.rate_rps) for b, tok in zip(buckets, tokens)]
        ok = min(int(wanted), *available)
        served[t] = ok
        tokens = [min(float(b.burst), tok + b.rate_rps - ok) for b, tok in zip(buckets, tokens)]
        binding.append(next((b.name for b, a in zip(buckets, available) if a == ok), "") if ok < wanted else "")
    throttled = requests - served
    for array in (requests, served, throttled):
        array.setflags(write=False)
    return ThrottleResult(buckets, requests, served, throttled, tuple(binding))


def spiky_demand(
    *,
    base_rps: int = 4000,
    spike_rps: int = 16000,
    spike_start_s: int = 20,
    spike_length_s: int = 10,
    seconds: int = 60,
    seed: int = 0,
) -> np.ndarray:
    """Requests per second around ``base_rps`` with a spike, seeded noise of about 5%.

    >>> spiky_demand(seed=1)[:3].tolist()
    [4069, 4164, 4066]
    """
    whole(seconds, "seconds", ApiThrottleError, low=1, high=MAX_SECONDS, unit="s", rule="simulate")
    for name, value in (("base_rps", base_rps), ("spike_rps", spike_rps)):
        whole(value, name, ApiThrottleError, low=0, high=int(_MAX_RATE), unit="req/s", rule="a request rate is")
    whole(spike_start_s, "spike_start_s", ApiThrottleError, low=0, high=seconds, unit="s", rule="the spike starts")
    whole(spike_length_s, "spike_length_s", ApiThrottleError, low=0, high=seconds, unit="s", rule="the spike lasts")
    seed = require_int(seed, "seed")
    whole(seed, "seed", ApiThrottleError, low=0, high=2**63 - 1, rule="a seed is")
    rng = np.random.default_rng(seed)
    level = np.full(seconds, float(base_rps))
    level[spike_start_s : spike_start_s + spike_length_s] = spike_rps
    return np.maximum(0, np.round(level * rng.normal(1.0, 0.05, size=seconds))).astype(np.int64)
