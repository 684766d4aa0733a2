"""The machine tables (csv, tsv, json) as a script reads them, and the small things people
read in tables and notes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fairstats.dataset import BUNDLED_DATASET
from tests.conftest import RELEASES
from tests.fixtures import figure, ref, release
from tests.helpers import WriteDataset, csv_rows, find_row, run

REPORT_COMMANDS = ("summary", "breakdown", "share", "growth", "check")
CIFIT_2024 = RELEASES / "cifit-2024-fujian.json"
DATASETS = {"bundled": BUNDLED_DATASET, "cifit-2024": CIFIT_2024}


def _commands(path: Path | str) -> list[tuple[str, ...]]:
    return [*((command, "-d", str(path)) for command in REPORT_COMMANDS), ("validate", str(path))]


CASES = [
    pytest.param(args, id=f"{name}-{args[0]}")
    for name, path in DATASETS.items()
    for args in _commands(path)
]


def _output(args: tuple[str, ...], fmt: str, *options: str) -> str:
    result = run(*args, "-f", fmt, *options)
    assert result.exit_code in (0, 1), result.stderr  # 1: check found an inconsistency
    return result.stdout


def _csv_table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _tsv_table(text: str) -> list[list[str]]:
    assert text.endswith("\n")
    return [line.split("\t") for line in text[:-1].split("\n")]


@pytest.mark.parametrize("args", CASES)
def test_tsv_is_the_csv_table_written_raw(args: tuple[str, ...]) -> None:
    """TSV has no quoting: split on tabs, it is the very table the csv module reads."""
    tsv = _output(args, "tsv")
    assert _tsv_table(tsv) == _csv_table(_output(args, "csv"))
    assert '""' not in tsv


# The formula guard ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_a_lone_dash_is_not_a_formula(fmt: str) -> None:
    text = Path(BUNDLED_DATASET).read_text(encoding="utf-8")
    result = run("validate", "-", "-f", fmt, input=text)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split("\t" if fmt == "tsv" else ",")[0] == "-"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_tsv_and_csv_guard_formulas_alike(
    write_dataset: WriteDataset, document: dict[str, Any], fmt: str
) -> None:
    document["scopes"][1]["name"] = '-2+3 "quoted"'
    path = str(write_dataset(document))
    rows = csv_rows(_output(("summary", "-d", path), fmt), "\t" if fmt == "tsv" else ",")
    guarded = find_row(rows, measure="projects", statistic="value", scope='\'-2+3 "quoted"')
    assert guarded["value"] == "79"


# What people read --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_verdicts_are_words_for_people_and_codes_for_scripts(fmt: str) -> None:
    args = ("check", "-d", str(CIFIT_2024))
    shown = run(*args, "-f", fmt, env={"COLUMNS": "250"}).stdout
    assert "not testable" in shown
    assert "not_testable" not in shown
    ciie = run("check", "-d", str(RELEASES / "ciie-2018.json"), "-f", fmt, env={"COLUMNS": "250"})
    assert "within rounding" in ciie.stdout
    verdicts = {row["verdict"] for row in csv_rows(run(*args, "-f", "csv").stdout)}
    assert "not_testable" in verdicts


def _growth_release(percent: str) -> str:
    document = release(
        figures=[figure("all", "projects", 80), figure("all", "investment", 100)],
        relations=[
            {"type": "growth", "of": ref("all", "projects"), "percent": 0},
            {"type": "growth", "of": ref("all", "investment"), "percent": 0},
        ],
    )
    # the rates as a file may write them
    return json.dumps(document).replace('"percent": 0', f'"percent": {percent}')


@pytest.mark.parametrize(
    ("percent", "projects", "investment"),
    [
        ("-20", "80 / (1 - 20%)", "100 / (1 - 20%)"),
        ("1E+2", "80 / (1 + 100%)", "100 / (1 + 100%)"),
        ("-0.0", "80 / (1 + 0.0%)", "100 / (1 + 0.0%)"),
    ],
)
def test_formulas_show_a_fall_as_a_subtraction_and_numbers_in_digits(
    write_dataset: WriteDataset, percent: str, projects: str, investment: str
) -> None:
    path = write_dataset(_growth_release(percent))
    rows = csv_rows(_output(("growth", "-d", str(path)), "csv"))
    implied = [row for row in rows if row["basis"] == "implied"]
    assert [row["note"].split(";")[0] for row in implied] == [projects, investment]
    check = csv_rows(_output(("check", "-d", str(path)), "csv"))
    details = " ".join(row["detail"] for row in check)
    assert "+ -" not in details
    assert not re.search(r"\dE[+-]?\d", details)


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (("share",), True),  # Liaoning's total, implied by 42.4%
        (("share", "-d", str(RELEASES / "cifit-2025-fujian.json")), False),
        (("growth",), True),  # the previous edition's counts
        (("growth", "-d", str(RELEASES / "ciie-2021-reuters.json")), False),
    ],
)
def test_the_footnote_on_implied_values_only_where_one_is_implied(
    args: tuple[str, ...], note: bool
) -> None:
    document = json.loads(_output(args, "json"))
    implied = [row for row in document["rows"] if row["basis"] == "implied"]
    assert bool(implied) == note
    about = [text for text in document["footnotes"] if "mplied" in text]
    assert bool(about) == note


def _zero_release() -> str:
    document = release(
        scopes=[{"id": "all", "name": "All"}, {"id": "a", "name": "A", "within": "all"}],
        figures=[
            figure("all", "projects", 80),
            figure("all", "investment", 100.0),
            figure("a", "investment", 0.0),
        ],
        relations=[
            {"type": "share", "part": ref("a", "investment"), "whole": ref("all"), "percent": 0},
            {"type": "growth", "of": ref("all", "investment"), "percent": 0},
            {"type": "growth", "of": ref("all", "projects"), "percent": 1},
        ],
    )
    return (
        json.dumps(document)
        .replace('"percent": 0}', '"percent": -0.0}')
        .replace('"percent": 1}', '"percent": -0.004}')
    )


NEGATIVE_ZERO = re.compile(r"(?<![\d.])-0(?:\.0*)?(?![\d.])")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "markdown"])
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_no_negative_zero_in_any_format(
    write_dataset: WriteDataset, command: str, fmt: str
) -> None:
    """A share of nothing, a growth of -0.0 and one that rounds to zero all print as zero."""
    path = write_dataset(_zero_release())
    for options in ((), ("--decimals", "0"), ("--decimals", "2")):
        shown = _output((command, "-d", str(path)), fmt, *options)
        assert not NEGATIVE_ZERO.search(shown), (options, NEGATIVE_ZERO.findall(shown))
