"""Route 53 as a resolver: which record answers a client, given the routing policy and health checks.

Each :class:`Record` carries one routing policy. :func:`resolve` answers a
query from a client location the way that policy decides, skipping records
whose health check fails (simple routing has none):

    >>> seoul = Record("www", "203.0.113.10", policy="failover", role="PRIMARY", region="ap-northeast-2")
    >>> tokyo = Record("www", "198.51.100.20", policy="failover", role="SECONDARY", region="ap-northeast-1")
    >>> resolve([seoul, tokyo], client=(37.57, 126.98)).values
    ('203.0.113.10',)
    >>> resolve([seoul, tokyo], client=(37.57, 126.98), unhealthy={"203.0.113.10"}).values
    ('198.51.100.20',)

Failover is not instant: the health check must fail ``failure_threshold``
times ``request_interval_s`` apart, then resolvers keep the old answer for up
to the record's TTL (:func:`failover_time_s`). Latency and geoproximity use
great-circle distance to the Region's city (from :mod:`awsbasics.infra`) as a
stand-in for measured latency.

Sources: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy.html,
https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_number, require_seed, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import RegionError, Route53Error
from awsbasics.infra import Region

__all__ = [
    "Record",
    "HealthCheck",
    "Answer",
    "resolve",
    "failover_time_s",
    "simulate_failover",
    "ROUTING_POLICIES",
    "CLIENTS",
    "MAX_TTL_S",
]

ROUTING_POLICIES: tuple[str, ...] = tuple(data.value("ha", "routing_policies"))
MULTIVALUE_MAX: int = data.fact("ha", "routing_policies")["multivalue_max_records"]
_HC = data.value("ha", "health_check")
MAX_TTL_S = 2_147_483_647  # RFC 2181: a TTL is a 31-bit unsigned number of seconds
_MAX_RECORDS = 100
# Client locations for the examples: (latitude, longitude, continent, country). City coordinates.
CLIENTS = {
    "Seoul": (37.57, 126.98, "AS", "KR"),
    "Busan": (35.18, 129.08, "AS", "KR"),
    "Tokyo": (35.68, 139.69, "AS", "JP"),
    "Frankfurt": (50.11, 8.68, "EU", "DE"),
    "New York": (40.71, -74.01, "NA", "US"),
    "Sao Paulo": (-23.55, -46.63, "SA", "BR"),
    "Sydney": (-33.87, 151.21, "OC", "AU"),
}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a record set: a name, a value (an IP address) and its routing policy.

    ``weight`` for weighted, ``role`` (PRIMARY/SECONDARY) for failover, ``region``
    for latency and geoproximity, ``location`` (a continent or country code, or
    ``"*"`` for the default) for geolocation, ``cidr`` for IP-based routing,
    ``bias`` (-99..99) for geoproximity.
    """

    name: str
    value: str
    policy: str = "simple"
    ttl_s: int = 60
    weight: int | None = None
    role: str | None = None
    region: str | None = None
    location: str | None = None
    cidr: str | None = None
    bias: int = 0

    def __post_init__(self):
        require_str(self.name, "name")
        require_str(self.value, "value")
        if not 1 <= len(self.name) <= 253 or not 1 <= len(self.value) <= 4000:
            raise Route53Error("a record name has 1-253 characters and a value 1-4000")
        require_str(self.policy, "policy")
        if self.policy not in ROUTING_POLICIES:
            raise Route53Error(f"routing policy {self.policy[:40]!r} is not one of {', '.join(ROUTING_POLICIES)}")
        object.__setattr__(self, "ttl_s", require_int(self.ttl_s, "ttl_s"))
        if not 0 <= self.ttl_s <= MAX_TTL_S:
            raise Route53Error(f"ttl_s={self.ttl_s}: a TTL is 0 to {MAX_TTL_S} seconds")
        need = {
            "weighted": "weight",
            "failover": "role",
            "latency": "region",
            "geoproximity": "region",
            "geolocation": "location",
            "ip-based": "cidr",
        }.get(self.policy)
        if need and getattr(self, need) is None:
            raise Route53Error(f"a {self.policy} record needs {need}=...")
        if self.weight is not None:
            object.__setattr__(self, "weight", require_int(self.weight, "weight"))
            if not 0 <= self.weight <= 255:
                raise Route53Error(f"weight={self.weight}: Route 53 weights are 0 to 255")
        if self.role is not None and self.role not in ("PRIMARY", "SECONDARY"):
            raise Route53Error(f"failover role {str(self.role)[:20]!r} is PRIMARY or SECONDARY")
        if self.region is not None:
            require_str(self.region, "region")
            try:
                Region.get(self.region)
            except RegionError as exc:
                raise Route53Error(str(exc)) from None
        object.__setattr__(self, "bias", require_int(self.bias, "bias"))
        if not -99 <= self.bias <= 99:
            raise Route53Error(f"bias={self.bias}: geoproximity bias is -99 to 99")
        if self.cidr is not None:
            _parse_cidr(self.cidr)

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.region is None:
            return None
        r = Region.get(self.region)
        return r.latitude, r.longitude


def _region_coordinates(record: Record) -> tuple[float, float]:
    """Where a latency or geoproximity record's Region is (Record requires the region for them)."""
    coordinates = record.coordinates
    if coordinates is None:
        raise Route53Error(f"a {record.policy} record needs region=...")
    return coordinates


def _ip(text: str) -> int:
    text = require_str(text, "IP address")
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
        raise Route53Error(f"{text[:40]!r} is not a dotted IPv4 address")
    return int.from_bytes(bytes(int(p) for p in parts), "big")


def _parse_cidr(text: str) -> tuple[int, int]:
    text = require_str(text, "cidr")
    address, _, prefix = text.partition("/")
    if not (prefix.isascii() and prefix.isdigit() and 0 <= int(prefix) <= 32):
        raise Route53Error(f"{text[:40]!r} is not an IPv4 CIDR block like 10.0.0.0/16")
    return _ip(address), int(prefix)


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """A Route 53 health check: how often it asks and how many failures in a row mark the endpoint down."""

    request_interval_s: int = _HC["default_request_interval_s"]
    failure_threshold: int = _HC["default_failure_threshold"]

    def __post_init__(self):
        object.__setattr__(self, "request_interval_s", require_int(self.request_interval_s, "request_interval_s"))
        object.__setattr__(self, "failure_threshold", require_int(self.failure_threshold, "failure_threshold"))
        if self.request_interval_s not in _HC["request_interval_s"]:
            raise Route53Error(f"request_interval_s={self.request_interval_s}: Route 53 checks every 10 or 30 seconds")
        low, high = _HC["failure_threshold"]
        if not low <= self.failure_threshold <= high:
            raise Route53Error(f"failure_threshold={self.failure_threshold}: between {low} and {high}")

    @property
    def detection_s(self) -> int:
        return self.request_interval_s * self.failure_threshold


def failover_time_s(health_check: HealthCheck, *, ttl_s: int) -> int:
    """Worst-case seconds until clients use the secondary: detection (interval x threshold) plus the TTL.

    >>> failover_time_s(HealthCheck(), ttl_s=60)
    150
    >>> failover_time_s(HealthCheck(request_interval_s=10, failure_threshold=1), ttl_s=0)
    10
    """
    if not isinstance(health_check, HealthCheck):
        raise TypeError(f"health_check must be a HealthCheck, not {type(health_check).__name__}")
    ttl_s = require_int(ttl_s, "ttl_s")
    if not 0 <= ttl_s <= MAX_TTL_S:
        raise Route53Error(f"ttl_s={ttl_s}: a TTL is 0 to {MAX_TTL_S} seconds")
    return health_check.detection_s + ttl_s


@dataclass(frozen=True, slots=True)
class Answer(Rendered):
    """Route 53's answer to one query: the values returned and why."""

    query: str
    client: tuple[float, float]
    values: tuple[str, ...]
    reason: str

    def diagram(self):
        return view("ha.answer_diagram")(self)

    def text(self) -> str:
        return f"{self.query} -> {', '.join(self.values) or 'no answer'} ({self.reason})"

    def __repr__(self) -> str:
        return self.text()


def _client(client) -> tuple[tuple[float, float], str | None, str | None, str | None]:
    """(lat, lon), continent, country, ip from a client name, a (lat, lon) pair or a dict."""
    if isinstance(client, str):
        if client not in CLIENTS:
            raise Route53Error(f"unknown client location {client[:40]!r}; named ones: {', '.join(CLIENTS)}")
        lat, lon, continent, country = CLIENTS[client]
        return (lat, lon), continent, country, None
    if isinstance(client, tuple) and len(client) == 2:
        lat, lon = (require_number(v, "client coordinate") for v in client)
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise Route53Error(f"client {client}: latitude -90..90, longitude -180..180")
        return (lat, lon), None, None, None
    raise TypeError("client must be a named location (str) or a (latitude, longitude) pair")


def resolve(
    records: Sequence[Record], *, client, client_ip: str | None = None, unhealthy: Collection[str] = (), seed: int = 0
) -> Answer:
    """Answer a query for the records' name from ``client``, skipping ``unhealthy`` values.

    All records must share one name and one routing policy (as in a Route 53
    record set). ``seed`` picks the weighted answer and shuffles multivalue.

    Raises:
        Route53Error: mixed names or policies, or a setting the policy needs is missing.
    """
    if isinstance(records, (str, bytes)) or not isinstance(records, Sequence):
        raise TypeError(f"records must be a sequence of Record, not {type(records).__name__}")
    if not 1 <= len(records) <= _MAX_RECORDS:
        raise Route53Error(f"{len(records)} records: give 1 to {_MAX_RECORDS}")
    for i, r in enumerate(records):
        if not isinstance(r, Record):
            raise TypeError(f"records[{i}] must be a Record, not {type(r).__name__}")
    if len({r.name for r in records}) != 1 or len({r.policy for r in records}) != 1:
        raise Route53Error("records of one query share one name and one routing policy")
    seed = require_seed(seed, error=Route53Error)
    if isinstance(unhealthy, (str, bytes)) or not isinstance(unhealthy, Collection) or len(unhealthy) > _MAX_RECORDS:
        raise TypeError("unhealthy must be a collection of record values")
    position, continent, country, _ = _client(client)
    policy, name = records[0].policy, records[0].name
    healthy = [r for r in records if r.value not in unhealthy]
    rng = np.random.default_rng(seed)

    def answer(values, reason):
        return Answer(query=f"{name} ({policy})", client=position, values=tuple(values), reason=reason)

    if policy == "simple":  # no health checks: every value, healthy or not
        return answer([r.value for r in records], "simple routing returns every value and checks no health")
    if not healthy:
        return answer([], "every record is unhealthy")
    if policy == "failover":
        primary = [r for r in healthy if r.role == "PRIMARY"]
        chosen = primary or [r for r in healthy if r.role == "SECONDARY"]
        return answer([chosen[0].value], "primary healthy" if primary else "primary unhealthy: secondary answers")
    if policy == "weighted":
        weights = np.array([r.weight for r in healthy], dtype=float)
        if weights.sum() == 0:
            weights = np.ones(len(healthy))
        pick = healthy[int(rng.choice(len(healthy), p=weights / weights.sum()))]
        return answer([pick.value], f"weighted pick ({pick.weight} of {int(sum(r.weight or 0 for r in healthy))})")
    if policy in ("latency", "geoproximity"):

        def distance(r: Record) -> float:
            d = _km(position, _region_coordinates(r))
            return d * (1 - r.bias / 100) if policy == "geoproximity" else d  # bias grows or shrinks the area

        best = min(healthy, key=distance)
        return answer(
            [best.value], f"nearest Region {best.region} ({_km(position, _region_coordinates(best)):,.0f} km)"
        )
    if policy == "geolocation":
        for key in (country, continent, "*"):
            match = [r for r in healthy if r.location == key]
            if match:
                return answer([match[0].value], f"location match {key}")
        return answer([], "no record for the client's location and no default (*)")
    if policy == "multivalue":
        order = rng.permutation(len(healthy))[:MULTIVALUE_MAX]
        return answer([healthy[i].value for i in order], f"up to {MULTIVALUE_MAX} healthy values")
    # ip-based: the longest matching CIDR block
    if client_ip is None:
        raise Route53Error("IP-based routing needs client_ip=...")
    ip = _ip(client_ip)
    holder: Record | None = None
    longest = -1
    for r in healthy:
        if r.cidr is None:  # every ip-based record has one (Record checks it)
            continue
        network, prefix = _parse_cidr(r.cidr)
        mask = (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF
        if (ip & mask) == (network & mask) and prefix > longest:
            holder, longest = r, prefix
    if holder is None:
        return answer([], f"no CIDR block holds {client_ip}")
    return answer([holder.value], f"{client_ip} is in {holder.cidr}")


@dataclass(frozen=True, slots=True, eq=False)
class FailoverRun(Rendered):
    """The primary site fails at ``fail_at_s``: when the health check notices and when clients move."""

    health_check: HealthCheck
    ttl_s: int
    fail_at_s: int
    detected_at_s: int
    all_moved_at_s: int

    @property
    def outage_s(self) -> int:
        return self.all_moved_at_s - self.fail_at_s

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("primary fails", self.fail_at_s),
            ("health check marks it unhealthy", self.detected_at_s),
            ("last cached answer expires", self.all_moved_at_s),
            ("worst-case outage_s", self.outage_s),
        ]

    def figure(self):
        return view("ha.failover_figure")(self)

    _view_ = "ha.failover_view"

    def text(self) -> str:
        return (
            f"Failover: {self.health_check.failure_threshold} failed checks x {self.health_check.request_interval_s} s "
            f"+ TTL {self.ttl_s} s = up to {self.outage_s} s on the dead primary\n"
            + text_table(["event", "seconds"], self.rows())
        )

    def __repr__(self) -> str:
        return self.text()


def simulate_failover(health_check: HealthCheck | None = None, *, ttl_s: int = 60, fail_at_s: int = 0) -> FailoverRun:
    """Timeline of a primary/secondary failover.

    >>> simulate_failover(ttl_s=300).outage_s
    390
    """
    health_check = HealthCheck() if health_check is None else health_check
    total = failover_time_s(health_check, ttl_s=ttl_s)
    fail_at_s = require_int(fail_at_s, "fail_at_s")
    if not 0 <= fail_at_s <= 86_400:
        raise Route53Error(f"fail_at_s={fail_at_s}: 0 to 86,400 seconds")
    return FailoverRun(
        health_check=health_check,
        ttl_s=ttl_s,
        fail_at_s=fail_at_s,
        detected_at_s=fail_at_s + health_check.detection_s,
        all_moved_at_s=fail_at_s + total,
    )
