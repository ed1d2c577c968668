"""Why not by hand: environments built by hand drift apart; from one template they do not.

The course lists what goes wrong when people change infrastructure by hand:
it does not scale, there is no version control, no audit trail, and the
environments end up inconsistent. This simulation builds the same template
into several environments "by hand": at every resource a person may forget
the step or type a value differently. The same template deployed by
CloudFormation builds every environment identically::

    >>> from awsbasics.network import VPC
    >>> from awsbasics.iac import build_by_hand, to_cloudformation
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> for i, az in enumerate(("az-a", "az-b")):
    ...     _ = vpc.add_subnet(f"10.0.{i}.0/24", az=az, name=f"public-{az[-1]}")
    >>> run = build_by_hand(to_cloudformation(vpc), environments=("dev", "prod"), mistake_rate=0.3, seed=3)
    >>> run.consistent, run.from_template_consistent
    (False, True)

Source: https://docs.aws.amazon.com/whitepapers/latest/introduction-devops-aws/infrastructure-as-code.html
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_number, require_seed
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import TemplateError
from awsbasics.iac.template import Template

__all__ = ["build_by_hand", "HandBuildRun", "RISKS"]

RISKS: tuple[str, ...] = tuple(data.value("iac", "manual_change_risks"))
_COLUMNS = ("environment", "logical_id", "mistake", "property", "intended", "built")
_MAX_ENVIRONMENTS = 10  # a bound of this simulation, not an AWS number


@dataclass(frozen=True)
class HandBuildRun(Rendered):
    """Environments built by hand from one template, and how each differs from it."""

    environments: tuple[str, ...]
    resources: int
    mistakes: tuple[
        tuple, ...
    ]  # (environment, logical id, "forgotten" | "typed differently", property, intended, built)
    mistake_rate: float
    seed: int

    _view_ = "iac.hand_build_view"

    def differences(self, environment: str) -> tuple[tuple, ...]:
        if environment not in self.environments:
            raise KeyError(f"no environment {environment!r} (built: {', '.join(self.environments)})")
        return tuple(m for m in self.mistakes if m[0] == environment)

    @property
    def consistent(self) -> bool:
        """Whether every hand-built environment came out as the template says (so all alike)."""
        return not self.mistakes

    @property
    def from_template_consistent(self) -> bool:
        """Built from the template, every environment is the template: always True."""
        return True

    @property
    def rows(self) -> list[tuple]:
        return [tuple(_cell(v) for v in m) for m in self.mistakes]

    @property
    def verdict(self) -> str:
        per = ", ".join(f"{env}: {len(self.differences(env))}" for env in self.environments)
        return (
            f"{self.resources} resources built by hand in {len(self.environments)} environments "
            f"(mistake rate {self.mistake_rate:.0%} per step): differences from the template {per}; "
            "from the template: 0 in every environment"
        )

    def text(self) -> str:
        return self.verdict + ("\n" + text_table(_COLUMNS, self.rows) if self.mistakes else "")


def _cell(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _mistype(value):
    """A plausible typo: a port one off, a CIDR block in the next range, a name with a suffix."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        parts = value.split(".")
        if len(parts) == 4 and "/" in parts[3] and parts[2].isdigit():
            return ".".join(parts[:2] + [str((int(parts[2]) + 1) % 256)] + parts[3:])
        return value + "-2"
    return None


def build_by_hand(
    template: Template, *, environments=("dev", "prod"), mistake_rate: float = 0.05, seed: int
) -> HandBuildRun:
    """Build ``template`` by hand in each environment; each step may be forgotten or mistyped.

    Args:
        template: What every environment should be.
        environments: Environment names (at most 10).
        mistake_rate: The chance of a mistake at one resource (half forgotten, half mistyped).
        seed: Seeds the numpy Generator.
    """
    import numpy as np

    if not isinstance(template, Template):
        raise TypeError(f"template must be a Template, not {type(template).__name__}")
    if isinstance(environments, (str, bytes)) or not hasattr(environments, "__iter__"):
        raise TypeError(f"environments must be a list of names, not {type(environments).__name__}")
    envs = tuple(itertools.islice(environments, _MAX_ENVIRONMENTS + 1))
    if not envs or len(envs) > _MAX_ENVIRONMENTS:
        raise TemplateError(
            f"{len(envs)}{'+' if len(envs) > _MAX_ENVIRONMENTS else ''} environments: this "
            f"simulation builds 1 to {_MAX_ENVIRONMENTS}"
        )
    if not all(isinstance(e, str) and e for e in envs) or len(set(envs)) != len(envs):
        raise TypeError("environment names are distinct, non-empty str")
    rate = require_number(mistake_rate, "mistake_rate")
    if not 0.0 <= rate <= 1.0:
        raise TemplateError(f"mistake_rate={mistake_rate} is a probability, from 0 to 1")
    seed = require_seed(seed, error=TemplateError)
    rng = np.random.default_rng(seed)
    resources = template.to_dict()["Resources"]
    mistakes = []
    for env in envs:
        for lid in sorted(resources):
            draw = rng.random()
            if draw >= rate:
                continue
            properties = resources[lid].get("Properties", {})
            scalars = [k for k, v in properties.items() if _mistype(v) is not None]
            if draw < rate / 2 or not scalars:
                mistakes.append((env, lid, "forgotten", "", resources[lid]["Type"], "missing"))
            else:
                name = scalars[int(rng.integers(len(scalars)))]
                mistakes.append((env, lid, "typed differently", name, properties[name], _mistype(properties[name])))
    return HandBuildRun(envs, len(resources), tuple(mistakes), rate, seed)
