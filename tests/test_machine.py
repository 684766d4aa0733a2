"""The machine tables (csv, tsv, json) as a script reads them: every row as long as the header,
each column of one type, section keys that options never change, one kind of number per
measure; tsv written raw; and the small things people read in tables and notes."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.input.dataset import BUNDLED_DATASET
from tests.conftest import RELEASES
from tests.fixtures import figure, ref, release
from tests.helpers import REPORT_COMMANDS, WriteDataset, csv_rows, find_row, json_rows, run

CIFIT_2024 = RELEASES / "cifit-2024-fujian.json"
DATASETS = {"bundled": BUNDLED_DATASET, "cifit-2024": CIFIT_2024}

# The columns that hold numbers (or nothing); "valid" holds true or false; all others text.
NUMERIC = frozenset(
    {
        "value", "unit_mult", "low", "high", "share_percent", "average", "average_unit_mult",
        "reported", "computed", "computed_unit_mult", "computed_low", "computed_high",
        "year", "ordinal",
    }
)  # fmt: skip
BOOLEAN = frozenset({"valid"})
# Text that shows numbers (rounded, in the unit asked for): the only columns --unit and
# --decimals may change besides the numbers themselves.
WORDED_NUMBERS = frozenset({"note", "detail"})


def _commands(path: Path | str) -> list[tuple[str, ...]]:
    return [*((command, "-d", str(path)) for command in REPORT_COMMANDS), ("validate", str(path))]


CASES = [
    pytest.param(args, id=f"{name}-{args[0]}")
    for name, path in DATASETS.items()
    for args in _commands(path)
]
REPORT_CASES = [
    pytest.param(args, id=f"{name}-{args[0]}")
    for name, path in DATASETS.items()
    for args in _commands(path)
    if args[0] != "validate"
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
def test_every_row_has_the_header_and_numeric_columns_parse(args: tuple[str, ...]) -> None:
    for fmt, table in (("csv", _csv_table), ("tsv", _tsv_table)):
        header, *rows = table(_output(args, fmt))
        assert rows
        for row in rows:
            assert len(row) == len(header), (fmt, row)
            for key, text in zip(header, row, strict=True):
                if key in NUMERIC and text:
                    Decimal(text)  # a number, or nothing
                elif key in BOOLEAN:
                    assert text in ("true", "false")


@pytest.mark.parametrize("args", CASES)
def test_tsv_is_the_csv_table_written_raw(args: tuple[str, ...]) -> None:
    """TSV has no quoting: split on tabs, it is the very table the csv module reads."""
    tsv = _output(args, "tsv")
    assert _tsv_table(tsv) == _csv_table(_output(args, "csv"))
    assert '""' not in tsv


@pytest.mark.parametrize("args", CASES)
def test_json_columns_hold_one_type_each(args: tuple[str, ...]) -> None:
    document = json.loads(_output(args, "json"), parse_float=Decimal)
    for row in document["rows"]:
        assert list(row) == document["columns"]
        for key, value in row.items():
            if key in NUMERIC:
                assert value is None or type(value) in (int, Decimal), (key, value)
            elif key in BOOLEAN:
                assert type(value) is bool, (key, value)
            else:
                assert value is None or type(value) is str, (key, value)


@pytest.mark.parametrize("args", CASES)
def test_json_and_csv_carry_the_same_cells(args: tuple[str, ...]) -> None:
    def text(value: Any) -> str:
        if value is None:
            return ""
        if type(value) is bool:
            return "true" if value else "false"
        return str(value)

    document = json.loads(_output(args, "json"), parse_float=str, parse_int=str)
    raw = () if args[0] == "validate" else ("--no-formula-guard",)  # json has no guard
    header, *rows = _csv_table(_output(args, "csv", *raw))
    assert header == document["columns"]
    assert rows == [[text(value) for value in row.values()] for row in document["rows"]]


@pytest.mark.parametrize("args", REPORT_CASES)
def test_unit_and_decimals_change_numbers_only(args: tuple[str, ...]) -> None:
    """Sections, measures, figures and every other key column read the same whatever the
    unit and the decimals; only the numbers and the notes that show them change."""

    def keys(*options: str) -> list[dict[str, str]]:
        rows = csv_rows(_output(args, "csv", *options))
        return [{k: v for k, v in row.items() if k not in NUMERIC | WORDED_NUMBERS} for row in rows]

    plain = keys()
    assert plain
    for options in (("--unit", "yuan"), ("--unit", "yi"), ("--decimals", "0"), ("--decimals", "7")):
        assert keys(*options) == plain, options


@pytest.mark.parametrize("command", ["summary", "share", "growth"])
@pytest.mark.parametrize("path", [BUNDLED_DATASET, RELEASES], ids=["bundled", "releases"])
def test_one_measure_is_one_kind_of_number(command: str, path: Path | str) -> None:
    """A share, a growth rate, a change or an average of investment is not investment: every
    number of one measure is of one statistic, and in percent only if it is a rate."""
    result = run(command, "-d", path, "-f", "csv")
    assert result.exit_code == 0
    statistics: dict[tuple[str, str], set[str]] = {}
    for row in csv_rows(result.stdout):
        if not row["value"]:
            continue
        statistics.setdefault((row["release"], row["measure"]), set()).add(row["statistic"])
        assert (row["unit"] == "%") == (row["statistic"] in ("share", "growth")), row
    assert statistics
    assert all(len(found) == 1 for found in statistics.values()), statistics


def test_text_facts_and_figures_have_columns_of_their_own() -> None:
    rows = csv_rows(_output(("summary",), "csv"))
    name = find_row(rows, scope="fair", measure="name")
    assert (name["statistic"], name["value"], name["text"]) == (
        "fact",
        "",
        "Liaoning International Investment and Trade Fair",
    )
    edition = find_row(rows, scope="fair", measure="edition")
    assert (edition["value"], edition["text"]) == ("", "2022")
    words = find_row(rows, measure="products")  # printed in words only
    assert (words["statistic"], words["value"], words["text"]) == ("value", "", "thousands")
    projects = find_row(rows, scope="Dalian", measure="projects")
    assert (projects["value"], projects["text"]) == ("79", "")


def test_a_breakdown_says_which_rows_are_its_categories(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    # a category may be named anything, even like the rows that add them up
    document["dimensions"][0]["categories"][0]["name"] = "sum of parts"
    rows = csv_rows(_output(("breakdown", "-d", str(write_dataset(document))), "csv"))
    investment = [
        r for r in rows if r["dimension"] == "by project type" and r["measure"] == "investment"
    ]
    assert [(r["category"], r["row_type"], r["value"]) for r in investment] == [
        ("sum of parts", "category", "12.047"),
        ("domestic-funded", "category", "229.49"),
        ("sum of parts", "sum_of_parts", "241.537"),
        ("reported total", "reported_total", "241.537"),
    ]
    categories = [Decimal(r["value"]) for r in investment if r["row_type"] == "category"]
    assert sum(categories) == Decimal("241.537")
    # a breakdown that lists only some categories ends with the rest
    partial = csv_rows(_output(("breakdown", "-d", str(CIFIT_2024), "--by", "investor"), "csv"))
    assert [r["row_type"] for r in partial if r["measure"] == "projects (项目)"] == [
        "category", "category", "category", "sum_of_parts", "reported_total", "not_listed",
    ]  # fmt: skip


def test_validate_writes_valid_as_a_boolean(write_dataset: WriteDataset) -> None:
    bad = write_dataset("{}", "bad.json")
    args = ("validate", str(BUNDLED_DATASET), str(bad))
    rows = json_rows(run(*args, "-f", "json").stdout)
    assert [row["valid"] for row in rows[:2]] == [True, False]
    assert [row["valid"] for row in csv_rows(run(*args, "-f", "csv").stdout)][:2] == [
        "true",
        "false",
    ]
    table = run(*args, "-f", "table", env={"COLUMNS": "200"}).stdout
    assert re.search(r"fair2022\.json\s+yes\s", table)
    assert re.search(r"bad\.json\s+no\s", table)


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
