"""The JSON Schema and the loader agree: what one accepts the other does, what the schema can
express it refuses as the loader does, and `schema` prints the committed file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fairstats.dataset import BUNDLED_SCHEMA, problems_of
from tests.conftest import RELEASES, ROOT
from tests.helpers import WriteDataset, run
from tests.test_reader import BAD_CONTENT, Change

SCHEMA = json.loads((ROOT / "schema" / "fairstats-dataset.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# What a JSON Schema cannot say: references between entries, and rules that depend on another
# entry (a measure's kind), on the whole tree or on a number's digits.
BEYOND_A_SCHEMA = {
    "unknown scope",
    "unknown measure",
    "relation about an unknown scope",
    "within an unknown scope",
    "a scope within itself",
    "a cycle of scopes",
    "a count with decimals",
    "an unknown source",
    "a share of itself",
    "a previous edition not before",
    "a category named like a scope",
    "items of an amount",
    "a zero with an enormous exponent",
    "a breakdown of an unknown scope",
    "an average over an amount",
    "a count in dollars",
    "a rank among itself",
}


def test_the_schema_is_valid_and_accepts_every_shipped_file() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for path in [ROOT / "data" / "fair2022.json", *sorted(RELEASES.glob("*.json"))]:
        VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))


def test_schema_prints_the_committed_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert result.stdout == Path(BUNDLED_SCHEMA).read_text(encoding="utf-8")


def test_every_case_beyond_a_schema_is_a_bad_file_case() -> None:
    assert {name for name, _, _ in BAD_CONTENT} >= BEYOND_A_SCHEMA


@pytest.mark.parametrize(
    "change",
    [change for name, change, _ in BAD_CONTENT if name not in BEYOND_A_SCHEMA],
    ids=[name for name, _, _ in BAD_CONTENT if name not in BEYOND_A_SCHEMA],
)
def test_the_schema_refuses_what_the_loader_refuses(
    bundled_document: dict[str, Any], change: Change
) -> None:
    document = copy.deepcopy(bundled_document)
    change(document)
    document = json.loads(json.dumps(document, default=float))
    assert not VALIDATOR.is_valid(document)


def every_field() -> dict[str, Any]:
    """A document that uses every field the format has, each in a valid way."""
    return {
        "$schema": "fairstats-dataset.schema.json",
        "schema_version": 2,
        "fair": {
            "id": "fair", "name": "A Fair", "short_name": "AF", "year": 2024, "ordinal": 3,
            "previous_year": 2022, "city": "Xiamen", "start_date": "2024-09-08",
            "end_date": "2024-09-11", "sponsors": ["A ministry"],
        },
        "sources": [
            {"id": "a", "title": "T", "publisher": "P", "published": "2024-09-09T10:00",
             "url": "https://example.org/a", "language": "en"},
            {"id": "b", "publisher": "Q"},
        ],
        "measures": [
            {"id": "projects", "name": "projects", "kind": "count", "item": "project"},
            {"id": "investment", "name": "investment", "kind": "amount", "unit": "CNY",
             "scale": "yi", "per": "projects"},
            {"id": "area", "name": "area", "kind": "other", "unit": "m²", "scale": "wan"},
        ],
        "scopes": [
            {"id": "all", "name": "All"},
            {"id": "city", "name": "City", "within": "all"},
            {"id": "other-city", "name": "Other city", "within": "all"},
        ],
        "dimensions": [
            {"id": "type", "name": "by type", "of": "all", "complete": False,
             "categories": [{"id": "a-type", "name": "A type"}]},
        ],
        "figures": [
            {"scope": "all", "measure": "projects", "value": 50, "listing": "examples",
             "items": ["One"], "where": "body", "note": "n", "source": "a"},
            {"scope": "all", "measure": "investment", "value": 100, "unit": "USD",
             "scale": "billion", "qualifier": "about", "edition": "previous"},
            {"scope": "city", "measure": "area", "text": "large"},
            {"scope": "all", "measure": "investment", "value": 10, "edition": {"year": 2022}},
            {"scope": "all", "measure": "investment", "value": 10, "edition": {"ordinal": 1}},
        ],
        "relations": [
            {"type": "share", "part": {"scope": "city", "measure": "projects"},
             "whole": {"scope": ["all", "other-city"], "edition": "this"}, "percent": 20,
             "qualifier": "exact", "source": "b", "where": "w", "note": "n"},
            {"type": "growth", "of": {"scope": "all", "measure": "investment", "unit": "CNY"},
             "base": {"year": 2022}, "percent": -2.5},
            {"type": "growth", "of": {"scope": "all", "measure": "investment"},
             "change": 3, "scale": "million"},
            {"type": "average", "scope": "all", "amount": "investment", "count": "projects",
             "value": 2, "edition": "this", "unit": "CNY", "scale": "yi",
             "qualifier": "more_than"},
            {"type": "record", "of": {"scope": "all", "measure": "investment"}},
            {"type": "rank", "of": {"scope": "city", "measure": "projects"}, "rank": 1,
             "among": ["other-city"]},
        ],
        "lists": [{"scope": "all", "name": "focus industries", "listing": "complete",
                   "items": ["x"]}],
        "notes": [{"scope": "all", "text": "a remark"}, {"text": "another"}],
    }  # fmt: skip


def test_every_field_of_the_schema_loads(write_dataset: WriteDataset) -> None:
    document = every_field()
    VALIDATOR.validate(document)
    assert problems_of(str(write_dataset(document))) == []


def objects(schema: Any, path: str = "$") -> list[str]:
    """The paths of every object in a document (so that a test can add a field to each)."""
    if isinstance(schema, dict):
        found = [path]
        for key, value in schema.items():
            found += objects(value, f"{path}.{key}")
        return found
    if isinstance(schema, list):
        return [p for index, value in enumerate(schema) for p in objects(value, f"{path}[{index}]")]
    return []


def _at(document: Any, path: str) -> Any:
    node = document
    for part in path.replace("[", ".[").split(".")[1:]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


@pytest.mark.parametrize("path", objects(every_field()))
def test_an_unknown_field_is_refused_by_both_everywhere(
    write_dataset: WriteDataset, path: str
) -> None:
    document = every_field()
    _at(document, path)["surprise"] = 1
    assert not VALIDATOR.is_valid(document)
    problems = problems_of(str(write_dataset(document)))
    assert [p.message for p in problems] == ['unknown field "surprise"']
    assert problems[0].json_path == path
