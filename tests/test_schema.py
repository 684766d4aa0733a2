"""The JSON Schema, the model and the bundled file agree; `schema` and `validate` work."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fairstats import model
from fairstats.dataset import BUNDLED_DATASET, BUNDLED_SCHEMA, load_dataset
from fairstats.errors import DataError
from tests.helpers import WriteDataset, csv_rows, run
from tests.test_dataset import CONTENT_ERRORS, _set

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "fairstats-dataset.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def test_the_schema_is_valid_and_accepts_the_bundled_file(bundled_document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    VALIDATOR.validate(bundled_document)


def test_schema_command_prints_the_committed_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert (
        Path(BUNDLED_SCHEMA).read_bytes()
        == (ROOT / "schema" / "fairstats-dataset.schema.json").read_bytes()
    )


def _fields(cls: type) -> set[str]:
    return set(cls._fields)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("definition", "cls"),
    [
        (SCHEMA, model.Dataset),
        (SCHEMA["properties"]["fair"], model.Fair),
        (SCHEMA["properties"]["source"], model.Source),
        (SCHEMA["$defs"]["delegation"], model.Delegation),
        (SCHEMA["$defs"]["breakdown"], model.Breakdown),
        (SCHEMA["$defs"]["category"], model.Category),
        (SCHEMA["$defs"]["claim"], model.Claim),
        (SCHEMA["$defs"]["activity"], model.Activity),
    ],
)
def test_schema_properties_are_the_models_fields(definition: dict[str, Any], cls: type) -> None:
    """Every field of the model is a property of the schema, and the other way round."""
    properties = set(definition["properties"]) - {"$schema"}
    assert properties == _fields(cls) - {"file"}


def test_schema_figures_match_the_model() -> None:
    figure = SCHEMA["$defs"]["figure"]["properties"]
    assert set(figure) == (_fields(model.Figure) - {"named"}) | {"listing", "items"}
    assert figure["kind"]["enum"] == list(model.FIGURE_KINDS)
    assert SCHEMA["$defs"]["claim"]["properties"]["relation"]["enum"] == list(model.RELATIONS)


# What JSON Schema cannot say: a digit limit, and that a count is written without a decimal
# point (for JSON Schema 79.0 is an integer; fairstats reads it as a sign of a mistyped count).
BEYOND_THE_SCHEMA = {
    "$.schema_version: number out of range (a number with 41 digits)",
    "$.delegations[0].signed.projects: expected a whole number, got 79.0",
}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [case for case in CONTENT_ERRORS if case[2] not in BEYOND_THE_SCHEMA],
)
def test_the_schema_refuses_what_the_loader_refuses(
    bundled_document: dict[str, Any], path: tuple[Any, ...], value: Any, message: str
) -> None:
    document = _set(json.loads(json.dumps(bundled_document)), path, value)
    assert not VALIDATOR.is_valid(document), message


def test_validate_reports_each_file(write_dataset: WriteDataset, document: dict[str, Any]) -> None:
    document["fair"]["edition"] = "2022"
    bad = write_dataset(document)
    result = run("validate", BUNDLED_DATASET, bad, "--format", "csv")
    assert result.exit_code == 2
    rows = csv_rows(result.stdout)
    assert [(r["file"], r["valid"], r["place"], r["problem"]) for r in rows] == [
        (str(BUNDLED_DATASET), "yes", "", ""),
        (str(bad), "no", "$.fair.edition", 'expected a whole number, got "2022"'),
    ]


def test_validate_lists_every_problem_of_a_file(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["fair"]["edition"] = "2022"
    document["fair"]["city"] = 5
    document["extra"] = True
    dalian = document["delegations"][0]
    dalian["signed"]["projects"] = -1
    del dalian["region"]
    dalian["activities"][1]["figures"][0]["kind"] = "weight"
    bad = write_dataset(document)
    result = run("validate", bad, "--format", "json")
    assert result.exit_code == 2
    rows = json.loads(result.stdout)["rows"]
    assert [(r["valid"], r["place"], r["problem"]) for r in rows] == [
        ("no", "$", 'unknown field "extra"'),
        ("no", "$.fair.edition", 'expected a whole number, got "2022"'),
        ("no", "$.fair.city", "expected text, got 5"),
        ("no", "$.delegations[0]", 'missing required field "region"'),
    ]


def test_validate_reads_on_past_a_bad_part(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    dalian = document["delegations"][0]
    dalian["signed"]["projects"] = -1
    dalian["breakdowns"][0]["categories"][1]["name"] = "foreign-funded"
    dalian["activities"][1]["figures"][0]["kind"] = "weight"
    bad = write_dataset(document)
    rows = csv_rows(run("validate", bad, "--format", "csv").stdout)
    assert [r["place"] for r in rows] == [
        "$.delegations[0].breakdowns[0].categories[1]",
        "$.delegations[0].signed.projects",
        "$.delegations[0].activities[1].figures[0].kind",
    ]


def test_validate_a_syntax_error_is_one_row(write_dataset: WriteDataset) -> None:
    bad = write_dataset(b'{"a": ')
    rows = csv_rows(run("validate", bad, "--format", "csv").stdout)
    assert [(r["place"], r["problem"]) for r in rows] == [
        ("1:7", "unexpected end of file (expecting value)")
    ]


def test_validate_exits_0_when_every_file_is_valid() -> None:
    result = run("validate", BUNDLED_DATASET)
    assert result.exit_code == 0
    assert "yes" in result.stdout


def test_validate_needs_a_file() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument 'FILE...'" in result.stderr


NULLABLE = [
    ("delegations", 0, "focus_industries"),
    ("delegations", 0, "side_events"),
    ("delegations", 0, "breakdowns", 0, "label"),
    ("delegations", 0, "activities", 0, "figures", 0, "qualifier"),
    ("delegations", 0, "region_total", "projects"),
    ("delegations", 0, "reported_growth", "investment"),
]


@pytest.mark.parametrize("path", NULLABLE)
def test_an_optional_field_may_be_null_for_the_loader_and_the_schema(
    bundled_document: dict[str, Any], write_dataset: WriteDataset, path: tuple[Any, ...]
) -> None:
    document = _set(json.loads(json.dumps(bundled_document)), path, None)
    VALIDATOR.validate(document)
    load_dataset(write_dataset(document))


def test_a_measure_needs_a_unit_that_is_not_null(
    bundled_document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    path = ("delegations", 0, "activities", 0, "figures", 0, "unit")
    document = _set(json.loads(json.dumps(bundled_document)), path, None)
    assert not VALIDATOR.is_valid(document)
    file = write_dataset(document)
    with pytest.raises(DataError, match=r'a "measure" figure needs a "unit"'):
        load_dataset(file)
