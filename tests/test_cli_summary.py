"""`fairstats summary` through the CLI, in every format, parsed back into data."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats import __version__
from tests.helpers import WriteDataset, csv_rows, find_row, run, run_module

SIGNED = "Signed projects and investment"
LONG_TAIL = ("unit", "basis", "low", "high", "note")


def test_summary_table_shows_the_headline_figures() -> None:
    result = run("summary")
    assert result.exit_code == 0, result.stderr
    for text in ("Liao Fair 2022: summary", "241.537", "229.49", "42.4", "338.9", "1,053", "3.057"):
        assert text in result.stdout
    assert "computed" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_summary_delimited_round_trips(fmt: str, delimiter: str) -> None:
    result = run("summary", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(result.stdout, delimiter)
    assert list(rows[0]) == (
        [
            "delegation",
            "section",
            "subject",
            "measure",
            "value",
            "unit",
            "basis",
            "low",
            "high",
            "note",
        ]
    )
    projects = find_row(rows, section=SIGNED, subject="signed", measure="projects")
    assert (projects["delegation"], projects["value"], projects["basis"]) == (
        "Dalian",
        "79",
        "reported",
    )
    investment = find_row(rows, section=SIGNED, subject="signed", measure="investment")
    assert (investment["value"], investment["unit"]) == ("241.537", "CNY billion")
    average = find_row(rows, subject="average per project")
    assert average["basis"] == "computed"
    # 241.537 / 79, carried unrounded enough to recompute from
    assert Decimal(average["value"]) == Decimal("3.0574303797")
    share = find_row(rows, subject="share of Liaoning")
    assert (share["value"], share["unit"], share["basis"]) == ("42.4", "%", "reported")
    foreign = find_row(
        rows, section="Breakdown by project type", subject="foreign-funded", measure="investment"
    )
    assert foreign["value"] == "12.047"
    assert find_row(rows, measure="area")["value"] == "1053"
    # "900 million yuan": in billions, printed to the million
    assert find_row(rows, measure="contracted amount")["value"] == "0.900"


def test_summary_json_is_one_document_with_exact_numbers() -> None:
    result = run("summary", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout, parse_float=Decimal)
    assert document["title"] == "Liao Fair 2022: summary"
    rows = document["rows"]
    assert all(list(row) == document["columns"] for row in rows)
    assert find_row(rows, measure="projects", subject="signed")["value"] == 79
    assert find_row(rows, measure="investment", subject="signed")["value"] == Decimal("241.537")
    domestic = find_row(rows, subject="domestic-funded", measure="investment")
    assert str(domestic["value"]) == "229.49"
    assert find_row(rows, measure="name")["basis"] is None


def test_summary_markdown_is_a_pipe_table() -> None:
    result = run("summary", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Liao Fair 2022: summary\n")
    assert "## Dalian: Signed projects and investment" in result.stdout
    assert (
        "| signed                       | investment | 241.537 | CNY billion | reported |"
        in result.stdout
    )


def test_unit_converts_amounts_exactly() -> None:
    rows = csv_rows(run("summary", "-f", "csv", "--unit", "yi").stdout)
    investment = find_row(rows, section=SIGNED, subject="signed", measure="investment")
    assert (investment["value"], investment["unit"]) == ("2415.37", "CNY yi (10^8)")
    rows = csv_rows(run("summary", "-f", "csv", "--unit", "yuan").stdout)
    assert (
        find_row(rows, section=SIGNED, subject="signed", measure="investment")["value"]
        == "241537000000"
    )


def test_decimals_rounds_half_up_in_every_format() -> None:
    rows = csv_rows(run("summary", "-f", "csv", "--decimals", "1").stdout)
    assert find_row(rows, subject="average per project")["value"] == "3.1"
    assert find_row(rows, subject="signed", measure="investment")["value"] == "241.5"
    table = run("summary", "--decimals", "0").stdout
    assert " 242 " in table
    data = json.loads(run("summary", "-f", "json", "--decimals", "2").stdout)
    # 241.537 / 79 = 3.0574... -> 3.06; a reported figure never gains decimals: 42.4 stays
    assert str(find_row(data["rows"], subject="average per project")["value"]) == "3.06"
    assert str(find_row(data["rows"], subject="share of Liaoning")["value"]) == "42.4"
    markdown = run("summary", "-f", "markdown", "--decimals", "1").stdout
    assert re.search(r"\| average per project +\| investment \| +3\.1 \|", markdown)


def test_environment_variables_set_the_defaults(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["delegations"][0]["signed"]["projects"] = 80
    path = write_dataset(document)
    result = run("summary", env={"FAIRSTATS_FORMAT": "csv", "FAIRSTATS_DATA": str(path)})
    assert result.exit_code == 0, result.stderr
    assert find_row(csv_rows(result.stdout), subject="signed", measure="projects")["value"] == "80"
    # the option wins over the environment
    result = run("summary", "--format", "json", env={"FAIRSTATS_FORMAT": "csv"})
    assert json.loads(result.stdout)["title"] == "Liao Fair 2022: summary"


def test_several_delegations_and_the_delegation_option(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    second = json.loads(json.dumps(document["delegations"][0]))
    second["name"] = "Shenyang"
    second["signed"]["projects"] = 12
    document["delegations"].append(second)
    path = write_dataset(document)
    rows = csv_rows(run("summary", "-d", path, "-f", "csv").stdout)
    signed = [r for r in rows if r["subject"] == "signed" and r["measure"] == "projects"]
    assert [(r["delegation"], r["value"]) for r in signed] == [("Dalian", "79"), ("Shenyang", "12")]
    rows = csv_rows(run("summary", "-d", path, "-f", "csv", "--delegation", "Shenyang").stdout)
    assert {r["delegation"] for r in rows} == {"", "Shenyang"}
    result = run("summary", "-d", path, "--delegation", "Nowhere")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"fairstats: no delegation named 'Nowhere' in {path} (it has: Dalian, Shenyang)\n"
    )


def test_a_bad_dataset_is_one_line_and_exit_2(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["delegations"][0]["signed"]["projects"] = "79"
    path = write_dataset(document)
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f'fairstats: {path}: $.delegations[0].signed.projects: expected a whole number, got "79"\n'
    )


def test_usage_errors_exit_2() -> None:
    result = run("summary", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '-f' / '--format'" in result.stderr
    assert run("nonsense").exit_code == 2


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"fairstats {__version__}\n"


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    stdout = run_module("summary", "-f", "csv", cwd=tmp_path)
    assert find_row(csv_rows(stdout), subject="signed", measure="projects")["value"] == "79"


def test_reported_figures_are_written_as_printed_however_many_decimals(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    text = json.dumps(document).replace('"investment": 241.537', '"investment": 241.537000000001')
    rows = csv_rows(run("summary", "-d", write_dataset(text), "-f", "csv").stdout)
    assert find_row(rows, subject="signed", measure="investment")["value"] == "241.537000000001"


def test_unit_conversion_keeps_every_digit(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    big = "123456789012345678.123456789012"  # 30 significant digits, as many as a dataset may hold
    text = json.dumps(document).replace('"investment": 241.537', f'"investment": {big}')
    rows = csv_rows(run("summary", "-d", write_dataset(text), "-f", "csv", "--unit", "yuan").stdout)
    value = find_row(rows, subject="signed", measure="investment")["value"]
    assert value == "123456789012345678123456789.012"


def test_small_computed_values_keep_significant_digits(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["amount_unit"] = "wan"  # 241.537 wan = 0.00241537 billion
    path = write_dataset(document)
    table = run("summary", "-d", path, "--unit", "billion", env={"COLUMNS": "120"}).stdout
    # the average, 0.00241537 / 79 = 0.0000305743..., shows three significant digits, not 0.000
    assert "0.0000306" in table
