"""Monolith (모놀리식 아키텍처) against microservices (마이크로서비스): scaling and failure isolation.

A shop has a few components (catalog, cart, search, payments). In a monolith every
copy of the application carries all of them, so when one component gets hot the
whole application is copied to serve it. Split into services, only the hot service
grows. Capacity is counted in *units*: one component's worth of CPU and memory.

    >>> result = compare_architectures(hot="search", hot_factor=5, seed=0)
    >>> result.monolith_units_peak > result.microservices_units_peak
    True
    >>> result.blast_radius("search")
    {'monolith': 4, 'microservices': 1}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import EcsServiceError
from awsbasics.microservices._util import finite, whole

__all__ = ["CHARACTERISTICS", "COMPONENTS", "ArchitectureComparison", "compare_architectures"]

COMPONENTS = ("catalog", "cart", "search", "payments")
HOURS = 24
# The course's characteristics of microservices, in our words (chapter 10 of the 2020 notes).
CHARACTERISTICS = (
    ("small, independent services (소규모의 독립적인 서비스)", "each owns one capability and its data"),
    ("well-defined APIs (잘 정의된 API)", "services talk only through published interfaces"),
    ("independent deployment (독립적으로 실행)", "a change ships without redeploying the others"),
    ("independent scaling", "only the busy service gets more tasks"),
    ("small owning teams (소규모 팀)", "one team builds and runs each service"),
    ("needs supporting tech (서비스 검색, 서비스 메시)", "service discovery, traffic control, an orchestrator"),
)


@dataclass(frozen=True, slots=True, eq=False)
class ArchitectureComparison(Rendered):
    """Hourly load per component, and the capacity each architecture needs for it."""

    components: tuple[str, ...]
    hot: str
    hot_factor: float
    rps_per_unit: float
    load_rps: np.ndarray  # components x hours
    service_tasks: np.ndarray  # components x hours: tasks of each service (1 unit each)
    monolith_copies: np.ndarray  # hours: copies of the whole application (len(components) units each)

    @property
    def monolith_units(self) -> np.ndarray:
        return self.monolith_copies * len(self.components)

    @property
    def microservices_units(self) -> np.ndarray:
        return self.service_tasks.sum(axis=0)

    @property
    def monolith_units_peak(self) -> int:
        return int(self.monolith_units.max())

    @property
    def microservices_units_peak(self) -> int:
        return int(self.microservices_units.max())

    @property
    def unit_hours(self) -> tuple[int, int]:
        """Capacity-unit-hours over the day: (monolith, microservices)."""
        return int(self.monolith_units.sum()), int(self.microservices_units.sum())

    def blast_radius(self, failing: str) -> dict[str, int]:
        """Components that stop when ``failing`` crashes: all of them in a monolith, one as a service."""
        if failing not in self.components:
            raise EcsServiceError(f"failing={failing!r}: not a component; use one of {', '.join(self.components)}")
        return {"monolith": len(self.components), "microservices": 1}

    def rows(self) -> list[tuple[str, object, object]]:
        mono, micro = self.unit_hours
        return [
            ("peak_capacity_units", self.monolith_units_peak, self.microservices_units_peak),
            ("capacity_unit_hours_per_day", mono, micro),
            (f"components_down_if_{self.hot}_crashes", len(self.components), 1),
            ("deploy_a_change_to_one_component", "redeploy everything", "redeploy one service"),
        ]

    @property
    def verdict(self) -> str:
        mono, micro = self.unit_hours
        return (
            f"With {self.hot} at {self.hot_factor:g}x load, the monolith copies all {len(self.components)} "
            f"components to keep up: {mono:,} capacity-unit-hours a day against {micro:,} for services "
            f"that scale alone ({mono / micro:.1f}x)."
        )

    _view_ = "microservices.architecture_view"

    def text(self) -> str:
        return text_table(["measure", "monolith", "microservices"], self.rows()) + "\n" + self.verdict

    def figure(self):
        """Capacity units needed each hour, monolith against microservices (plotly)."""
        return view("microservices.architecture_figure")(self)

    def __repr__(self) -> str:
        return self.text()


def compare_architectures(
    *,
    hot: str = "search",
    hot_factor: float = 5.0,
    base_rps: float = 100.0,
    rps_per_unit: float = 50.0,
    seed: int = 0,
) -> ArchitectureComparison:
    """A day of hourly load on four components, one of them ``hot_factor`` times busier.

    Each component's load follows a daily curve with seeded noise; one unit serves
    ``rps_per_unit`` requests per second of one component. A service needs
    ``ceil(load / rps_per_unit)`` tasks; the monolith needs as many whole copies as its
    busiest component does.

    Raises:
        EcsServiceError: an unknown component, a factor outside 1-100, a load or unit rate
            outside its range.
    """
    if not isinstance(hot, str):
        raise TypeError(f"hot must be str, not {type(hot).__name__}")
    if hot not in COMPONENTS:
        raise EcsServiceError(f"hot={hot[:40]!r}: not a component; use one of {', '.join(COMPONENTS)}")
    factor = finite(hot_factor, "hot_factor", EcsServiceError, low=1, high=100, rule="a load multiplier is")
    base = finite(
        base_rps, "base_rps", EcsServiceError, low=0, high=1e6, low_open=True, unit="req/s", rule="base load is"
    )
    per_unit = finite(
        rps_per_unit,
        "rps_per_unit",
        EcsServiceError,
        low=0,
        high=1e6,
        low_open=True,
        unit="req/s",
        rule="one unit serves",
    )
    seed = require_int(seed, "seed")
    whole(seed, "seed", EcsServiceError, low=0, high=2**63 - 1, rule="a seed is")
    rng = np.random.default_rng(seed)
    hours = np.arange(HOURS)
    daily = 0.6 + 0.4 * np.sin((hours - 6) / HOURS * 2 * np.pi).clip(min=-0.5)
    noise = rng.normal(1.0, 0.08, size=(len(COMPONENTS), HOURS)).clip(0.7, 1.3)
    scale = np.array([factor if c == hot else 1.0 for c in COMPONENTS])[:, None]
    load = np.round(base * daily[None, :] * noise * scale, 1)
    tasks = np.ceil(load / per_unit).astype(np.int64).clip(min=1)
    copies = tasks.max(axis=0)
    for array in (load, tasks, copies):
        array.setflags(write=False)
    return ArchitectureComparison(COMPONENTS, hot, factor, per_unit, load, tasks, copies)
