"""Every AWS fact carries a source URL and an as-of date."""

import json
import re
from importlib import resources

import pytest

from awsbasics import data

DATA_FILES = sorted(
    p.name[: -len(".json")] for p in resources.files("awsbasics.data").iterdir() if p.name.endswith(".json")
)
AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
URL = re.compile(r"^https://[^\s]+$")


def _facts(name):
    document = data.load(name)
    if "source" in document:  # a single-source document, e.g. a data set
        yield name, document
        return
    yield from document.items()


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_fact_has_source_and_as_of(name):
    for key, fact in _facts(name):
        assert isinstance(fact, dict), f"{name}.{key} is not a fact object"
        # The glossary's source is the course notes (terminology), not a web page.
        if name != "glossary":
            assert URL.match(fact.get("source", "")), f"{name}.{key} has no https source"
        assert fact.get("source"), f"{name}.{key} has no source"
        assert AS_OF.match(fact.get("as_of", "")), f"{name}.{key} has no YYYY-MM as_of"
        assert ("value" in fact) or ("rows" in fact) or name in {"world_outline", "glossary"}, (
            f"{name}.{key} has neither value nor rows"
        )


@pytest.mark.parametrize("name", DATA_FILES)
def test_course_2020_values_say_what_changed(name):
    for key, fact in _facts(name):
        if "course_2020" in fact:
            assert fact.get("changed"), f"{name}.{key} keeps a 2020 value without saying what changed"


@pytest.mark.parametrize("name", DATA_FILES)
def test_tables_are_rectangular(name):
    for key, fact in _facts(name):
        if "rows" in fact and "columns" in fact:
            assert all(len(row) == len(fact["columns"]) for row in fact["rows"]), f"{name}.{key}"


def test_loader_errors_are_clear():
    with pytest.raises(KeyError, match="no data file 'nope'"):
        data.load("nope")
    with pytest.raises(KeyError, match="no fact 'nope' in awsbasics/data/infra.json"):
        data.fact("infra", "nope")
    with pytest.raises(TypeError):
        data.load(3)


def test_files_are_plain_json():
    for name in DATA_FILES:
        text = resources.files("awsbasics.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
        json.loads(text)
