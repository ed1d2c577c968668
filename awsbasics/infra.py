"""Global infrastructure: Regions, Availability Zones and edge locations.

A Region (리전) is a named geographic area; it holds several Availability
Zones (가용 영역), each one or more data centres with their own power, cooling
and networking, so that a failure in one AZ leaves the others running. Edge
locations (엣지 로케이션) sit outside the Regions and serve CloudFront,
Route 53, WAF and Shield close to users.

    >>> seoul = Region.get("ap-northeast-2")
    >>> seoul.name, seoul.az_count
    ('Asia Pacific (Seoul)', 4)
    >>> az_failure(12, 3).surviving
    8

Facts (the Region catalog, minimum AZs per Region, edge counts) come from
``awsbasics/data/infra.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import AvailabilityZoneError, CapacityError, RegionError

__all__ = [
    "Region",
    "AvailabilityZone",
    "EdgeLocation",
    "AzFailure",
    "regions",
    "edge_locations",
    "regions_frame",
    "world_map",
    "spread",
    "az_failure",
    "instances_for_static_stability",
    "zone_types",
    "ZoneTypes",
    "compare_regions",
    "RegionChoice",
    "RegionComparison",
    "MIN_AZS_PER_REGION",
    "RegionError",
    "AvailabilityZoneError",
    "CapacityError",
]

MIN_AZS_PER_REGION: int = data.value("infra", "min_azs_per_region")

# Region codes read area-direction-number ("ap-northeast-2"); an AZ name adds one letter.
_REGION_CODE = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+", re.ASCII)  # ASCII digits only, as AWS writes them
_AZ_NAME = re.compile(r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)(?P<letter>[a-z])", re.ASCII)


@dataclass(frozen=True, slots=True)
class Region(Rendered):
    """An AWS Region from the dated catalog, e.g. ``Region.get("ap-northeast-2")``."""

    code: str
    name: str
    city: str
    country: str
    latitude: float
    longitude: float
    az_count: int
    opt_in: bool
    launched: int | None

    @classmethod
    def get(cls, code: str) -> Region:
        """The catalog Region with this code.

        Raises:
            RegionError: the code is malformed or not a commercial Region.
        """
        code = require_str(code, "Region code")
        catalog = _catalog()
        if code in catalog:
            return catalog[code]
        if _AZ_NAME.fullmatch(code) and code[:-1] in catalog:
            raise RegionError(
                f"{code!r:.100} is an Availability Zone name, not a Region code; its Region is {code[:-1]!r}"
            )
        if not _REGION_CODE.fullmatch(code):
            raise RegionError(
                f"{code!r:.100} is not a Region code: codes are lowercase "
                "area-direction-number, e.g. 'ap-northeast-2' (Seoul) or 'us-east-1'"
            )
        close = difflib.get_close_matches(code, catalog, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RegionError(f"{code!r:.100} is not in the catalog of {len(catalog)} commercial AWS Regions{hint}")

    @property
    def availability_zones(self) -> tuple[AvailabilityZone, ...]:
        """The Region's AZs, lettered a, b, c, ... (letters map per account in older Regions)."""
        return tuple(AvailabilityZone(self.code + chr(ord("a") + i)) for i in range(self.az_count))

    @property
    def usable_az_count(self) -> int:
        """How many of the listed AZs a new account can use (fewer than ``az_count`` in us-west-1).

        >>> Region.get("us-west-1").az_count, Region.get("us-west-1").usable_az_count
        (3, 2)
        """
        return data.value("infra", "usable_az_counts").get(self.code, self.az_count)

    _view_ = "infra.region_view"

    def diagram(self):
        """A Region -> AZ diagram."""
        return view("infra.region_diagram")(self)

    def text(self) -> str:
        """One line on the Region, then a table of its AZs."""
        opt = ", opt-in" if self.opt_in else ""
        usable = f" ({self.usable_az_count} usable by new accounts)" if self.usable_az_count < self.az_count else ""
        rows = [[z.name, self.code] for z in self.availability_zones]
        return f"Region {self.code} ({self.name}): {self.az_count} Availability Zones{usable}{opt}\n" + text_table(
            ["availability_zone", "region"], rows
        )

    def __repr__(self) -> str:
        return f"Region.get({self.code!r})"


@dataclass(frozen=True, slots=True)
class AvailabilityZone:
    """One Availability Zone, named by its Region code plus a letter (``ap-northeast-2a``)."""

    name: str

    @classmethod
    def parse(cls, name: str) -> AvailabilityZone:
        """Validate an AZ name against the Region catalog.

        Raises:
            AvailabilityZoneError: malformed name, unknown Region, or a letter
                beyond the Region's AZ count.
        """
        name = require_str(name, "Availability Zone name")
        match = _AZ_NAME.fullmatch(name)
        if not match:
            raise AvailabilityZoneError(
                f"{name!r:.100} is not an Availability Zone name: it is a Region code "
                "followed by one letter, e.g. 'ap-northeast-2a'"
            )
        try:
            region = Region.get(match["region"])
        except RegionError as exc:
            raise AvailabilityZoneError(f"{name!r:.100}: {exc}") from None
        zones = region.availability_zones
        if cls(name) not in zones:
            raise AvailabilityZoneError(
                f"{name!r:.100} does not exist: {region.name} has {region.az_count} AZs, "
                f"{zones[0].name} to {zones[-1].name}"
            )
        return cls(name)

    @property
    def region_code(self) -> str:
        return self.name[:-1]

    @property
    def letter(self) -> str:
        return self.name[-1]

    @property
    def region(self) -> Region:
        return Region.get(self.region_code)

    def __repr__(self) -> str:
        return f"AvailabilityZone({self.name!r})"


@dataclass(frozen=True, slots=True)
class EdgeLocation:
    """A city with CloudFront edge locations (a point of presence, PoP)."""

    city: str
    country: str
    latitude: float
    longitude: float


@cache
def _catalog() -> dict[str, Region]:
    table = data.fact("infra", "regions")
    return {row[0]: Region(**dict(zip(table["columns"], row))) for row in table["rows"]}


def regions() -> tuple[Region, ...]:
    """Every commercial Region in the catalog, sorted by code."""
    return tuple(_catalog().values())


@cache
def edge_locations() -> tuple[EdgeLocation, ...]:
    """A curated sample of edge-location cities (for the map, not the full list)."""
    table = data.fact("infra", "edge_locations")
    return tuple(EdgeLocation(**dict(zip(table["columns"], row))) for row in table["rows"])


def regions_frame():
    """The Region catalog as a pandas DataFrame (one row per Region)."""
    import pandas as pd

    table = data.fact("infra", "regions")
    return pd.DataFrame(table["rows"], columns=table["columns"]).rename(columns={"az_count": "availability_zones"})


def world_map(*, highlight: str | None = None, show_edge_locations: bool = True):
    """A plotly world map of the Regions (and sample edge locations), drawn offline."""
    if highlight is not None:
        Region.get(highlight)
    if not isinstance(show_edge_locations, bool):
        raise TypeError(f"show_edge_locations must be bool, not {type(show_edge_locations).__name__}")
    return view("infra.world_figure")(
        regions(),
        edge_locations() if show_edge_locations else (),
        as_of=data.fact("infra", "regions")["as_of"],
        highlight=highlight,
    )


def spread(instances: int, azs: int) -> tuple[int, ...]:
    """Spread instances over AZs as evenly as possible, extras to the first AZs.

    This is how an Auto Scaling group balances a fleet across its AZs.

    >>> spread(10, 3)
    (4, 3, 3)
    """
    require_int(instances, "instances")
    require_int(azs, "azs")
    if instances < 0:
        raise CapacityError(f"instances={instances}: an instance count cannot be negative")
    if azs < 1:
        raise CapacityError(f"azs={azs}: instances need at least one Availability Zone")
    _check_az_count(azs, None)
    base, extra = divmod(instances, azs)
    return tuple(base + (1 if i < extra else 0) for i in range(azs))


@dataclass(frozen=True, slots=True)
class AzFailure(Rendered):
    """What is left when ``failed`` of ``azs`` Availability Zones go down.

    The AZs that fail are the first ones, which hold the most instances: the
    worst case. ``required`` is the capacity the service needs to keep running.
    """

    instances: int
    azs: int
    failed: int = 1
    required: int | None = None
    region: str | None = None

    @property
    def zone_names(self) -> tuple[str, ...]:
        """Real AZ names when a Region is given (``ap-northeast-2a``), else ``a``, ``b``, ..."""
        return tuple(f"{self.region or ''}{chr(ord('a') + i)}" for i in range(self.azs))

    @property
    def per_az(self) -> tuple[int, ...]:
        return spread(self.instances, self.azs)

    @property
    def lost(self) -> int:
        return sum(self.per_az[: self.failed])

    @property
    def surviving(self) -> int:
        return self.instances - self.lost

    @property
    def surviving_fraction(self) -> float:
        return self.surviving / self.instances if self.instances else 0.0

    @property
    def meets_required(self) -> bool | None:
        return None if self.required is None else self.surviving >= self.required

    _view_ = "infra.failure_view"

    def text(self) -> str:
        """One line: what survives, and whether it is enough."""
        per_az = ", ".join(str(n) for n in self.per_az)
        text = (
            f"{_plural(self.instances, 'instance')} over {_plural(self.azs, 'AZ')}"
            f"{' of ' + self.region if self.region else ''} ({per_az} per AZ); "
            f"{_plural(self.failed, 'AZ')} {'fails' if self.failed == 1 else 'fail'}: "
            f"{self.surviving} of {self.instances} survive ({self.surviving_fraction:.0%})"
        )
        if self.required is not None:
            verdict = "enough" if self.meets_required else "NOT enough"
            text += f", {verdict} for the {self.required} required"
        return text

    def diagram(self):
        """AZ boxes with their instances; failed AZs drawn dashed and crossed out."""
        return view("infra.failure_diagram")(self)

    def __repr__(self) -> str:
        return self.text()


@cache
def _most_azs() -> int:
    return max(r.az_count for r in regions())


def _plural(count: int, noun: str) -> str:
    """``1 AZ``, ``2 AZs``, ``1 instance``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _check_az_count(azs: int, region: str | None) -> None:
    """Refuse more AZs than ``region`` lets an account use (or any Region has), before anything is spread."""
    if region is not None:
        home = Region.get(region)
        if azs > home.usable_az_count:
            listed = (
                f"lists {home.az_count} Availability Zones, but a new account can use only {home.usable_az_count}"
                if home.usable_az_count < home.az_count
                else f"has only {home.az_count} Availability Zones"
            )
            raise CapacityError(f"azs={azs}: {home.name} ({home.code}) {listed}")
    most = _most_azs()
    if azs > most:
        raise CapacityError(f"azs={azs}: no Region has more than {most} Availability Zones")


def az_failure(
    instances: int,
    azs: int,
    *,
    failed: int = 1,
    required: int | None = None,
    region: str | None = None,
) -> AzFailure:
    """Spread ``instances`` over ``azs`` AZs, fail the ``failed`` fullest, count survivors.

    >>> az_failure(6, 2).surviving, az_failure(6, 3).surviving
    (3, 4)

    Raises:
        CapacityError: negative counts, no AZs, more AZs than the Region (or
            any Region) has, or more failed AZs than there are.
        RegionError: ``region`` is not a Region code.
    """
    require_int(instances, "instances")
    require_int(azs, "azs")
    require_int(failed, "failed")
    _check_az_count(azs, region)  # before spread() builds one count per AZ
    spread(instances, azs)
    if not 0 <= failed <= azs:
        raise CapacityError(f"failed={failed}: between 0 and the {azs} AZs in use can fail")
    if required is not None:
        require_int(required, "required")
        if required < 0:
            raise CapacityError(f"required={required}: required capacity cannot be negative")
    return AzFailure(instances, azs, failed, required, region)


def instances_for_static_stability(required: int, azs: int, *, failures: int = 1) -> int:
    """The smallest fleet, spread over ``azs`` AZs, that keeps ``required`` after losing ``failures``.

    Designing for an AZ loss means over-provisioning by about ``azs / (azs - failures)``:
    more AZs, less spare capacity.

    >>> instances_for_static_stability(6, 3)
    9
    >>> instances_for_static_stability(6, 2)
    12
    >>> instances_for_static_stability(5, 3)
    8

    Raises:
        CapacityError: ``failures`` leaves no AZ, or a count is negative.
    """
    require_int(required, "required")
    require_int(azs, "azs")
    require_int(failures, "failures")
    if required < 0:
        raise CapacityError(f"required={required}: required capacity cannot be negative")
    if failures < 0 or failures >= azs:
        raise CapacityError(
            f"failures={failures} of azs={azs}: at least one AZ must survive, "
            "so failures must be at least 0 and fewer than azs"
        )
    _check_az_count(azs, None)

    def surviving(fleet: int) -> int:  # spread(fleet, azs) minus its ``failures`` fullest AZs
        base, extra = divmod(fleet, azs)
        return fleet - failures * base - min(failures, extra)

    # The survivors are at most a (azs - failures) / azs share of the fleet: start there, in
    # exact integers (ceil division). azs * ceil(required / survivors) always suffices and is
    # less than azs above the start, so the loop runs fewer than azs times.
    fleet = -(-required * azs // (azs - failures))
    while surviving(fleet) < required:
        fleet += 1
    return fleet


@dataclass(frozen=True, slots=True)
class ZoneTypes(Rendered):
    """Where AWS runs infrastructure: AZs, Local Zones, Wavelength Zones, Outposts and edge locations."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    _view_ = "infra.zone_types_view"

    def to_frame(self):
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def text(self) -> str:
        return "Where AWS runs infrastructure\n" + text_table(self.columns, self.rows)


def zone_types() -> ZoneTypes:
    """Availability Zones, Local Zones, Wavelength Zones, Outposts and edge locations side by side.

    >>> [row[0] for row in zone_types().rows][:3]
    ['Availability Zone', 'Local Zone', 'Wavelength Zone']
    """
    table = data.fact("infra", "zone_types")
    return ZoneTypes(tuple(table["columns"]), tuple(tuple(row) for row in table["rows"]))


_MAX_CANDIDATES = 100  # more than the catalog holds; refused before any distance is computed


def _distance_km(a: Region, b: Region) -> float:
    """Great-circle (haversine) distance between two Region cities."""
    import math

    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * data.value("infra", "earth_radius_km") * math.asin(min(1.0, math.sqrt(h)))


def _s3_standard_prices() -> dict[str, float]:
    table = data.fact("s3", "storage_prices")
    row = next(r for r in table["rows"] if r[0] == "STANDARD")
    return dict(zip(table["columns"][1:], row[1:]))


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """One candidate Region seen from an origin: the course's four reasons as numbers."""

    code: str
    name: str
    country: str
    distance_km: float
    min_round_trip_ms: float
    usable_azs: int
    opt_in: bool
    wavelength_zones: bool
    s3_standard_usd_per_gb_month: float | None
    meets_residency: bool | None


@dataclass(frozen=True, slots=True)
class RegionComparison(Rendered):
    """Candidate Regions compared from one origin Region, nearest first."""

    origin: str
    data_in: str | None
    choices: tuple[RegionChoice, ...]

    _COLUMNS = (
        "region",
        "name",
        "country",
        "distance_km",
        "min_round_trip_ms",
        "usable_azs",
        "opt_in",
        "wavelength_zones",
        "s3_standard_usd_per_gb_month",
    )

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns; ``meets_residency`` only when a country was asked for."""
        return self._COLUMNS + (("meets_residency",) if self.data_in is not None else ())

    _view_ = "infra.comparison_view"

    @property
    def best(self) -> RegionChoice | None:
        """The nearest candidate that keeps the data where it must stay (None if none does)."""
        return next((c for c in self.choices if c.meets_residency is not False), None)

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text cells (no missing values: an unrecorded price says so)."""
        return [
            (
                c.code,
                c.name,
                c.country,
                f"{c.distance_km:,.0f}",
                f"{c.min_round_trip_ms:.1f}",
                str(c.usable_azs),
                "yes" if c.opt_in else "no",
                "yes" if c.wavelength_zones else "no",
                "not recorded" if c.s3_standard_usd_per_gb_month is None else f"{c.s3_standard_usd_per_gb_month:.3f}",
            )
            + (() if c.meets_residency is None else ("yes" if c.meets_residency else "no",))
            for c in self.choices
        ]

    def to_frame(self):
        """The comparison as a pandas DataFrame, one row per candidate."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(self.columns))

    @property
    def verdict(self) -> str:
        where = f" that keeps data in {self.data_in}" if self.data_in else ""
        if self.best is None:
            return f"No candidate Region{where}."
        return (
            f"Nearest Region{where} from {self.origin}: {self.best.code} ({self.best.name}), "
            f"{self.best.distance_km:,.0f} km, at least {self.best.min_round_trip_ms:.1f} ms round trip."
        )

    def text(self) -> str:
        return f"{self.verdict}\n" + text_table(self.columns, self.rows())


def compare_regions(origin: str = "ap-northeast-2", candidates=None, *, data_in: str | None = None) -> RegionComparison:
    """Compare candidate Regions from ``origin`` by the course's four reasons to choose a Region.

    Latency: great-circle distance between the Region cities and the round trip light
    needs in fibre over it (a lower bound). Data residency: the Region's country, checked
    against ``data_in``. Services: usable AZs and whether Wavelength Zones hang off the
    Region. Price: S3 Standard per GB-month where the library records it.

    >>> c = compare_regions("ap-northeast-2", ["ap-northeast-1", "ap-northeast-3"], data_in="Japan")
    >>> c.best.code, round(c.best.min_round_trip_ms, 1)
    ('ap-northeast-3', 8.3)

    Raises:
        RegionError: an unknown Region code.
        CapacityError: more candidates than the catalog holds.
        TypeError: candidates that are not a list of codes, or a ``data_in`` that is not text.
    """
    home = Region.get(origin)
    if candidates is None:
        codes = [r.code for r in regions() if r.code != home.code]
    else:
        if isinstance(candidates, (str, bytes)) or not isinstance(candidates, (list, tuple)):
            raise TypeError(f"candidates must be a list of Region codes, not {type(candidates).__name__}")
        if len(candidates) > _MAX_CANDIDATES:
            raise CapacityError(f"{len(candidates)} candidates: compare at most {_MAX_CANDIDATES} Regions at once")
        codes = list(candidates)
    if data_in is not None:
        data_in = require_str(data_in, "data_in")
    prices = _s3_standard_prices()
    wavelength = set(data.value("infra", "wavelength_parent_regions"))
    speed = data.value("infra", "fibre_km_per_ms")
    found = []
    for code in dict.fromkeys(codes):
        region = Region.get(code)
        km = _distance_km(home, region)
        found.append(
            RegionChoice(
                code=region.code,
                name=region.name,
                country=region.country,
                distance_km=km,
                min_round_trip_ms=2 * km / speed,
                usable_azs=region.usable_az_count,
                opt_in=region.opt_in,
                wavelength_zones=region.code in wavelength,
                s3_standard_usd_per_gb_month=prices.get(region.code),
                meets_residency=None if data_in is None else region.country.casefold() == data_in.casefold(),
            )
        )
    found.sort(key=lambda c: (c.distance_km, c.code))
    return RegionComparison(home.code, data_in, tuple(found))
