"""The storage packages keep one concern per module and one public face per package."""

import importlib
import pkgutil
import subprocess
import sys

import pytest

PACKAGES = ["awsbasics.storage.ebs", "awsbasics.storage.lifecycle"]
# A module longer than this is read as mixing concerns (a reviewer's rule of thumb, not a hard limit).
MAX_LINES = 600


def _submodules(package: str) -> list[str]:
    loaded = importlib.import_module(package)
    return [f"{package}.{info.name}" for info in pkgutil.iter_modules(loaded.__path__)]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_names_its_one_concern_and_stays_short(package):
    modules = _submodules(package)
    assert len(modules) >= 5
    for name in modules:
        module = importlib.import_module(name)
        assert module.__doc__ and module.__doc__.strip(), f"{name} has no docstring"
        with open(module.__file__, encoding="utf-8") as source:
            assert sum(1 for _ in source) <= MAX_LINES, f"{name} is over {MAX_LINES} lines"


@pytest.mark.parametrize("package", PACKAGES)
def test_the_package_re_exports_every_public_name_of_its_modules(package):
    loaded = importlib.import_module(package)
    for name in _submodules(package):
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", []):
            assert public in loaded.__all__, f"{package} does not export {name}.{public}"
            assert getattr(loaded, public) is getattr(module, public)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_public_name_shadows_a_submodule(package):
    # `import awsbasics.storage.ebs.volume` must give the module, never a function of the same name.
    loaded = importlib.import_module(package)
    short = {name.rpartition(".")[2] for name in _submodules(package)}
    assert not short & set(loaded.__all__)
    for name in _submodules(package):
        assert importlib.import_module(name).__name__ == name


@pytest.mark.parametrize("module", ["ebs", "lifecycle", "s3", "tiering"])
def test_storage_modules_are_reachable_from_the_top_package(module):
    code = f"import awsbasics; m = awsbasics.storage.{module}; print(m.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"awsbasics.storage.{module}"


def test_the_storage_package_loads_nothing_until_asked():
    code = "import sys, awsbasics.storage; print(sorted(m for m in sys.modules if m.startswith('awsbasics.storage.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_unknown_storage_attribute_is_an_attribute_error():
    import awsbasics.storage

    with pytest.raises(AttributeError, match="no attribute 'glacier'"):
        awsbasics.storage.glacier  # noqa: B018
