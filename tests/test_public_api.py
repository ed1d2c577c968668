"""Public names stay where they are: every ``__all__`` name as released, and DESIGN.md's contract.

``public_names.json`` lists, per module, the ``__all__`` the package had before its
display layer was reorganised; a refactor may add names, never lose one.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

RELEASED = json.loads((Path(__file__).with_name("public_names.json")).read_text(encoding="utf-8"))

# The API contract of DESIGN.md: (module, name, attributes the name must offer).
CONTRACT = [
    (
        "awsbasics.network.cidr",
        "Cidr",
        [
            "parse",
            "prefix",
            "num_addresses",
            "first_address",
            "last_address",
            "netmask",
            "contains",
            "overlaps",
            "subnets",
        ],
    ),
    ("awsbasics.network.cidr", "usable_addresses", []),
    ("awsbasics.network.cidr", "reserved_addresses", []),
    ("awsbasics.network.cidr", "split", []),
    ("awsbasics.network.cidr", "find_overlaps", []),
    ("awsbasics.network", "VPC", ["add_subnet", "add_internet_gateway", "add_nat_gateway", "add_route_table", "peer"]),
    ("awsbasics.network", "Subnet", ["is_public"]),
    ("awsbasics.network", "reachability", []),
    (
        "awsbasics.storage.ebs",
        "Volume",
        ["baseline_iops", "max_iops", "baseline_throughput_mibps", "max_throughput_mibps", "burst_seconds"],
    ),
    ("awsbasics.storage.ebs", "simulate_credits", []),
    ("awsbasics.storage.s3", "STORAGE_CLASSES", []),
    ("awsbasics.storage.s3", "Lifecycle", []),
    ("awsbasics.storage.s3", "simulate_inventory", []),
    ("awsbasics.storage.s3", "lifecycle_cost", []),
    ("awsbasics.storage.s3", "validate_bucket_name", []),
    ("awsbasics.storage.s3", "object_url", []),
    ("awsbasics.storage.s3", "BucketNameError", []),
    ("awsbasics.iam", "Policy", ["from_json"]),
    ("awsbasics.iam", "Request", []),
    ("awsbasics.iam", "evaluate", []),
    ("awsbasics.iam", "Decision", ["decision", "allowed", "trace", "matched", "warnings"]),
    ("awsbasics.infra", "Region", ["get"]),
    ("awsbasics.compute", "InstanceType", ["parse"]),
    ("awsbasics.widgets", "cidr_planner", []),
    ("awsbasics.widgets", "ebs_calculator", []),
    ("awsbasics.widgets", "lifecycle_designer", []),
    ("awsbasics.widgets", "iam_simulator", []),
    ("awsbasics.errors", "AwsRuleError", []),
]


@pytest.mark.parametrize(("module", "names"), sorted(RELEASED.items()))
def test_every_released_name_still_imports_from_its_module(module, names):
    loaded = importlib.import_module(module)
    missing = [n for n in names if not hasattr(loaded, n)]
    assert not missing, f"{module} lost {missing}"
    assert set(names) <= set(loaded.__all__), f"{module}.__all__ dropped {sorted(set(names) - set(loaded.__all__))}"


@pytest.mark.parametrize(("module", "name", "attributes"), CONTRACT, ids=[f"{m}.{n}" for m, n, _ in CONTRACT])
def test_design_contract_names(module, name, attributes):
    target = getattr(importlib.import_module(module), name)
    missing = [a for a in attributes if not hasattr(target, a)]
    assert not missing, f"{module}.{name} lacks {missing}"


def test_the_released_list_is_the_whole_package():
    # Guard against an empty or truncated list passing every check above.
    assert len(RELEASED) >= 40 and sum(map(len, RELEASED.values())) >= 350
    assert "Cidr" in RELEASED["awsbasics.network.cidr"] and "evaluate" in RELEASED["awsbasics.iam"]


def _packages():
    import pkgutil

    import awsbasics

    yield "awsbasics"
    for info in pkgutil.walk_packages(awsbasics.__path__, "awsbasics."):
        if info.ispkg:
            yield info.name


@pytest.mark.parametrize("package_name", list(_packages()))
def test_no_name_of_a_package_shadows_one_of_its_submodules(package_name):
    """``import awsbasics.iam.evaluation`` gives the module: no function of the package has a submodule's name."""
    import pkgutil
    import types

    package = importlib.import_module(package_name)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package_name}.{info.name}")
        exported = set(getattr(package, "__all__", ()))
        assert info.name not in exported or getattr(package, info.name) is module, (
            f"{package_name}.{info.name} is both a submodule and a public name of another kind"
        )
        assert isinstance(getattr(package, info.name), types.ModuleType), (
            f"{package_name}.{info.name} is shadowed by {getattr(package, info.name)!r}"
        )


AREAS = [
    "network",
    "storage.ebs",
    "storage.s3",
    "storage.lifecycle",
    "storage.tiering",
    "iam",
    "compute",
    "infra",
    "database",
    "ha",
    "iac",
    "caching",
    "messaging",
    "microservices",
    "economics",
    "capstone",
]


def _rule_errors_imported(area: str) -> set[str]:
    """The AwsRuleError subclasses the area's modules import from awsbasics.errors (the errors it raises)."""
    import ast

    from awsbasics import errors

    root = Path(__file__).resolve().parents[1] / "awsbasics" / Path(*area.split("."))
    files = [root.with_suffix(".py")] if root.with_suffix(".py").exists() else sorted(root.rglob("*.py"))
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "awsbasics.errors":
                for alias in node.names:
                    value = getattr(errors, alias.name, None)
                    if isinstance(value, type) and issubclass(value, errors.AwsRuleError):
                        found.add(alias.name)
    found.discard("AwsRuleError")
    return found


@pytest.mark.parametrize("area", AREAS)
def test_each_area_reexports_the_errors_it_raises(area):
    """``from awsbasics.<area> import <Error>`` works for every rule error the area's modules raise."""
    module = importlib.import_module(f"awsbasics.{area}")
    raised = _rule_errors_imported(area)
    assert raised, f"awsbasics.{area} raises no AwsRuleError? (the test reads its imports)"
    missing = sorted(name for name in raised if name not in getattr(module, "__all__", ()))
    assert not missing, f"awsbasics.{area} raises but does not export {missing}"
    for name in raised:
        assert getattr(module, name) is getattr(importlib.import_module("awsbasics.errors"), name)
