"""CloudFront rules: how long a copy stays cached (TTL), what splits the cache (the cache key), what it costs.

A miss at an edge location goes to its regional edge cache and then to the
origin the cache behavior names, never to "the nearest origin"; see
:mod:`awsbasics.caching.cdn` for the layers.

    >>> effective_ttl(max_age_s=3600, default_ttl_s=300, max_ttl_s=300).ttl_s
    300
    >>> effective_ttl().ttl_s            # no Cache-Control from the origin: the default TTL
    86400
    >>> CacheKey(query_strings={"size": 3}, headers={"Accept-Language": 5}).variants
    15
    >>> invalidation_cost_usd(3_000)
    10.0

Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html ,
https://aws.amazon.com/cloudfront/pricing/ ,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.caching._checks import check_int, check_number, check_seed
from awsbasics.caching.workload import Workload
from awsbasics.errors import CloudFrontConfigError

__all__ = [
    "TtlDecision",
    "effective_ttl",
    "CacheKey",
    "CloudFrontCost",
    "cloudfront_cost",
    "invalidation_cost_usd",
    "TTL_DEFAULTS",
    "PRICING",
    "INVALIDATION",
    "MAX_TTL_LIMIT_S",
    "MAX_VARIANTS",
    "CACHE_KEY_EXAMPLES",
]

TTL_DEFAULTS: dict = data.value("caching", "cloudfront_ttl_defaults")
PRICING: dict = data.value("caching", "cloudfront_pricing")
INVALIDATION: dict = data.value("caching", "cloudfront_invalidation")
# The largest TTL CloudFront accepts in a cache behavior (CacheBehavior MaxTTL).
MAX_TTL_LIMIT_S: int = data.value("caching", "cloudfront_max_ttl_limit_s")
# Variants of one object the cache-key model multiplies out before the key space would overflow.
MAX_VARIANTS = 10**9
MAX_PATHS = 10**12
MAX_GB = 10**9
MAX_REQUESTS_PER_MONTH = 10**15


def _ttl(value: object, what: str) -> int:
    return check_int(value, what, 0, MAX_TTL_LIMIT_S, "CloudFront TTLs are whole seconds", CloudFrontConfigError)


@dataclass(frozen=True, slots=True)
class TtlDecision(Rendered):
    """How long CloudFront keeps one response, and the rule that decided it."""

    ttl_s: int
    rule: str

    def text(self) -> str:
        return f"CloudFront caches it for {self.ttl_s:,} s: {self.rule}"

    def __repr__(self) -> str:
        return self.text()


def effective_ttl(
    *,
    min_ttl_s: int = TTL_DEFAULTS["min_ttl_s"],
    default_ttl_s: int = TTL_DEFAULTS["default_ttl_s"],
    max_ttl_s: int = TTL_DEFAULTS["max_ttl_s"],
    max_age_s: int | None = None,
    s_maxage_s: int | None = None,
    no_cache: bool = False,
) -> TtlDecision:
    """The time CloudFront keeps an object at the edge, from the cache behavior's TTLs and the origin's headers.

    ``max_age_s``/``s_maxage_s`` are the origin's ``Cache-Control`` values (None: not sent);
    ``no_cache`` stands for ``no-cache``, ``no-store`` or ``private``.

    >>> effective_ttl(max_age_s=60, min_ttl_s=300, default_ttl_s=300).ttl_s
    300
    >>> effective_ttl(no_cache=True).ttl_s
    0

    Raises:
        CloudFrontConfigError: a TTL out of range, or minimum <= default <= maximum broken.
    """
    low, default, high = (
        _ttl(min_ttl_s, "min_ttl_s"),
        _ttl(default_ttl_s, "default_ttl_s"),
        _ttl(max_ttl_s, "max_ttl_s"),
    )
    if not low <= default <= high:
        raise CloudFrontConfigError(
            f"min_ttl_s={low}, default_ttl_s={default}, max_ttl_s={high}: a cache behavior needs "
            "minimum TTL <= default TTL <= maximum TTL"
        )
    if not isinstance(no_cache, bool):
        raise TypeError(f"no_cache must be bool, not {type(no_cache).__name__}")
    headers = {
        name: _ttl(v, name) for name, v in (("max_age_s", max_age_s), ("s_maxage_s", s_maxage_s)) if v is not None
    }
    if no_cache:
        if low > 0:
            return TtlDecision(low, "the origin says no-cache/no-store/private, but a minimum TTL above 0 wins")
        return TtlDecision(0, "the origin says no-cache/no-store/private and the minimum TTL is 0: not cached")
    if not headers:
        return TtlDecision(default, "the origin sent no max-age or s-maxage, so the default TTL applies")
    name = "s_maxage_s" if "s_maxage_s" in headers else "max_age_s"
    header = headers[name]
    said = "s-maxage" if name == "s_maxage_s" else "max-age"
    extra = " (s-maxage wins over max-age for CloudFront)" if len(headers) == 2 else ""
    if header > high:
        return TtlDecision(high, f"the origin's {said}={header} is above the maximum TTL, which caps it{extra}")
    if header < low:
        return TtlDecision(low, f"the origin's {said}={header} is below the minimum TTL, which raises it{extra}")
    return TtlDecision(header, f"the origin's {said}={header} lies between the minimum and maximum TTL{extra}")


def _values(mapping: object, what: str) -> dict[str, int]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{what} must be a mapping of name -> distinct values, not {type(mapping).__name__}")
    checked = {}
    for name, count in mapping.items():
        if not isinstance(name, str):
            raise TypeError(f"{what} names must be str, not {type(name).__name__}")
        if not name or len(name) > 256 or not name.isascii() or not name.isprintable() or " " in name:
            raise CloudFrontConfigError(
                f"{what} name {name[:40]!r}: a header, cookie or query string name is 1 to 256 printable ASCII "
                "characters without spaces"
            )
        checked[name] = check_int(
            count, f"{what}[{name!r}]", 1, MAX_VARIANTS, "the distinct values viewers send", CloudFrontConfigError
        )
    return checked


@dataclass(frozen=True, slots=True)
class CacheKey(Rendered):
    """What a cache policy puts in the cache key besides the URL path, with the distinct values each takes.

    Every distinct combination of included values is a separate cached copy:
    including a value the response does not depend on splits the cache for nothing.
    """

    query_strings: Mapping[str, int] = field(default_factory=dict)
    headers: Mapping[str, int] = field(default_factory=dict)
    cookies: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self):
        parts = {kind: _values(getattr(self, kind), kind) for kind in ("query_strings", "headers", "cookies")}
        variants = 1
        for values in parts.values():
            for count in values.values():
                variants *= count
        if variants > MAX_VARIANTS:
            raise CloudFrontConfigError(
                f"{variants:,} cached copies per object: this model splits an object into at most {MAX_VARIANTS:,}"
            )
        for kind, values in parts.items():
            object.__setattr__(self, kind, dict(values))

    @property
    def variants(self) -> int:
        """Cached copies of one object the key can make (the product of the distinct values)."""
        total = 1
        for values in (self.query_strings, self.headers, self.cookies):
            for count in values.values():
                total *= count
        return total

    def names(self) -> list[str]:
        return [*self.query_strings, *self.headers, *self.cookies]

    def apply(self, workload: Workload, *, seed: int) -> Workload:
        """The same requests, each for one copy of its object chosen uniformly among the key's variants."""
        if not isinstance(workload, Workload):
            raise TypeError(f"workload must be a Workload, not {type(workload).__name__}")
        check_seed(seed)
        if self.variants == 1:
            return workload
        variant = np.random.default_rng(seed).integers(0, self.variants, size=workload.requests)
        keys = workload.keys * self.variants + variant
        keys.setflags(write=False)
        return Workload(
            keys,
            workload.times_s,
            workload.objects * self.variants,
            workload.alpha,
            workload.requests_per_second,
            workload.seed,
        )

    def text(self) -> str:
        parts = [
            f"{kind.replace('_', ' ')}: " + ", ".join(f"{n} ({c})" for n, c in values.items())
            for kind, values in (
                ("query_strings", self.query_strings),
                ("headers", self.headers),
                ("cookies", self.cookies),
            )
            if values
        ]
        inside = "; ".join(parts) if parts else "the URL path only"
        return f"Cache key: {inside} -> {self.variants:,} cached copies per object"

    def __repr__(self) -> str:
        return self.text()


def invalidation_cost_usd(paths_per_month: int) -> float:
    """What a month's invalidation paths cost: the first 1,000 free, then a price per path.

    >>> invalidation_cost_usd(1_000), invalidation_cost_usd(1_001)
    (0.0, 0.005)
    """
    paths = check_int(
        paths_per_month, "paths_per_month", 0, MAX_PATHS, "invalidation paths in a month", CloudFrontConfigError
    )
    return round(max(0, paths - INVALIDATION["free_paths_per_month"]) * INVALIDATION["usd_per_path"], 6)


@dataclass(frozen=True, slots=True)
class CloudFrontCost(Rendered):
    """One month of CloudFront charges (teaching estimate, first-tier United States prices)."""

    data_transfer_out_usd: float
    requests_usd: float
    invalidation_usd: float
    origin_fetch_usd: float

    @property
    def total_usd(self) -> float:
        return round(self.data_transfer_out_usd + self.requests_usd + self.invalidation_usd + self.origin_fetch_usd, 2)

    def rows(self) -> list[tuple[str, float]]:
        return [
            ("data_transfer_out_usd", round(self.data_transfer_out_usd, 2)),
            ("requests_usd", round(self.requests_usd, 2)),
            ("invalidation_usd", round(self.invalidation_usd, 2)),
            ("origin_fetch_from_aws_usd", round(self.origin_fetch_usd, 2)),
            ("total_usd", self.total_usd),
        ]

    def text(self) -> str:
        return text_table(["charge", "usd_per_month"], self.rows())

    def __repr__(self) -> str:
        return self.text()


def cloudfront_cost(*, gb_out: float, requests: int, invalidation_paths: int = 0) -> CloudFrontCost:
    """A month's CloudFront bill for an AWS origin: data out and requests past the free tier, invalidations.

    >>> cloudfront_cost(gb_out=2048, requests=30_000_000).total_usd
    107.04

    Raises:
        CloudFrontConfigError: a negative or absurd amount.
    """
    gb = check_number(gb_out, "gb_out", 0, MAX_GB, "data transferred out in GB", CloudFrontConfigError)
    count = check_int(requests, "requests", 0, MAX_REQUESTS_PER_MONTH, "requests in a month", CloudFrontConfigError)
    billed_gb = max(0.0, gb - PRICING["free_data_transfer_gb_per_month"])
    billed_requests = max(0, count - PRICING["free_requests_per_month"])
    return CloudFrontCost(
        data_transfer_out_usd=billed_gb * PRICING["data_transfer_out_usd_per_gb"],
        requests_usd=billed_requests / 10_000 * PRICING["https_requests_usd_per_10k"],
        invalidation_usd=invalidation_cost_usd(invalidation_paths),
        origin_fetch_usd=PRICING["origin_fetch_from_aws_usd_per_gb"] * gb,
    )


# Cache keys of growing size for one product-image behavior, for the widget and the chapter.
CACHE_KEY_EXAMPLES: dict[str, CacheKey] = {
    "URL path only": CacheKey(),
    "+ size query string (3 values)": CacheKey(query_strings={"size": 3}),
    "+ Accept-Language header (5 values)": CacheKey(query_strings={"size": 3}, headers={"Accept-Language": 5}),
    "+ utm_source query string (20 values)": CacheKey(
        query_strings={"size": 3, "utm_source": 20}, headers={"Accept-Language": 5}
    ),
    "+ session cookie (1,000 values)": CacheKey(
        query_strings={"size": 3, "utm_source": 20}, headers={"Accept-Language": 5}, cookies={"session": 1_000}
    ),
}
