"""Every docstring example in the package runs and prints what it shows (doctest, one module per test)."""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import awsbasics

MODULES = ["awsbasics", *(info.name for info in pkgutil.walk_packages(awsbasics.__path__, "awsbasics."))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    for test in finder.find(module, name):
        runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
