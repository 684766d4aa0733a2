"""Whole outputs pinned: each command's output in each format is compared, byte for byte,
with its committed file in tests/golden/. After an intended change, `python -m tests.golden`
rewrites them and prints the numbers that moved (tested here too); and one report's numbers
are the same in every machine format, and rounded half-up in markdown."""

from __future__ import annotations

import io
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from fairstats.model.rounding import decimals_of, round_half_up
from tests.golden import (
    CHART_PYTHON,
    ENVIRONMENT,
    EXIT_CODES,
    GOLDEN,
    ROOT,
    Output,
    cases,
    changes,
    output,
    review,
)
from tests.helpers import REPORT_COMMANDS, csv_rows, markdown_texts, numbers_as_written, run

CASES = dict(cases())


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_the_committed_one(name: str) -> None:
    code, text = output(CASES[name])
    assert code == json.loads(EXIT_CODES.read_text(encoding="utf-8"))[name]
    with open(GOLDEN / name, encoding="utf-8", newline="") as committed:
        expected = committed.read()
    if "<svg" in expected and sys.version_info[:2] != CHART_PYTHON:
        pytest.skip(f"charts are drawn alike only on Python {'.'.join(map(str, CHART_PYTHON))}")
    assert text == expected, f"stale tests/golden/{name}: run python -m tests.golden"


def test_every_committed_output_is_a_case() -> None:
    committed = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.*")}
    assert committed - {EXIT_CODES.name} == set(CASES)
    assert set(json.loads(EXIT_CODES.read_text(encoding="utf-8"))) == set(CASES)


# The review that regenerating prints ----------------------------------------------------------

OLD_CSV = "scope,measure,value,text\ndalian,projects,79,\nfair,name,,Liao Fair\n"
NEW_CSV = "scope,measure,value,text\ndalian,projects,80,\nfair,name,,Liao Fair 2022\n"


def test_a_machine_format_shows_each_moved_number_by_row_and_column() -> None:
    assert changes("a/summary.csv", OLD_CSV, NEW_CSV) == [
        "row 1 (dalian, projects) value: 79 -> 80",
        "1 text cell changed",
    ]
    old, new = (text.replace(",", "\t") for text in (OLD_CSV, NEW_CSV))
    assert changes("a/summary.tsv", old, new)[0] == "row 1 (dalian, projects) value: 79 -> 80"
    document = '{"rows": [{"scope": "dalian", "low": 1.50, "high": 2}]}'
    assert changes("a/share.json", document, document.replace("1.50", "1.5")) == [
        "row 1 (dalian) low: 1.50 -> 1.5"
    ]
    assert changes("a/share.jsonl", "{}\n", "{}\n{}\n") == ["rows: 1 -> 2"]


def test_a_text_format_shows_the_numbers_of_each_changed_line() -> None:
    old = "Dalian\n  projects  79\n  investment  241.537\nend\n"
    new = "Dalian\n  projects  80\n  investment  241.537\nend\nmore\n"
    assert changes("a/summary.txt", old, new) == ["line 2: 79 -> 80", "line 5 added"]
    assert changes("a/summary.md", old, old.replace("Dalian", "Dalian city")) == [
        "line 1: same numbers, other text"
    ]
    assert changes("schema.json", '{"a": 1}\n', "") == ["line 1 removed"]


def committed_folder(tmp_path: Path, text: str, code: int) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "summary.csv").write_text(text, encoding="utf-8")
    (tmp_path / EXIT_CODES.name).write_text(json.dumps({"a/summary.csv": code}), encoding="utf-8")
    return tmp_path


def test_an_exit_code_changes_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = committed_folder(tmp_path, OLD_CSV, 0)
    fresh = {"a/summary.csv": Output(("summary", "-f", "csv"), 1, NEW_CSV)}
    assert review(fresh, folder) == 1
    shown = capsys.readouterr().out
    assert "exit code of `fairstats summary -f csv` (a/summary.csv): 0 -> 1\n" in shown
    assert "refused: an exit code would change" in shown
    assert (folder / "a" / "summary.csv").read_text(encoding="utf-8") == OLD_CSV  # nothing written

    assert review(fresh, folder, accept_exit_codes=True) == 0
    assert (folder / "a" / "summary.csv").read_text(encoding="utf-8") == NEW_CSV
    assert json.loads((folder / EXIT_CODES.name).read_text(encoding="utf-8")) == {
        "a/summary.csv": 1
    }


def test_check_writes_nothing_and_fails_on_any_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = committed_folder(tmp_path, OLD_CSV, 0)
    (folder / "gone.txt").write_text("a case that is gone\n", encoding="utf-8")
    fresh = {"a/summary.csv": Output(("summary",), 0, NEW_CSV)}
    assert review(fresh, folder, check=True) == 1
    assert (folder / "gone.txt").exists()
    assert (folder / "a" / "summary.csv").read_text(encoding="utf-8") == OLD_CSV
    shown = capsys.readouterr().out
    assert "a/summary.csv:\n  row 1 (dalian, projects) value: 79 -> 80\n" in shown
    assert shown.endswith("1 of 1 files changed, 0 added, 1 gone; 0 exit codes changed\n")

    assert review(fresh, folder) == 0  # an output that changed, at the same exit code
    assert not (folder / "gone.txt").exists()
    assert review(fresh, folder, check=True) == 0


# One report, one set of numbers, in every format -----------------------------------------------

SHOWN_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
RELEASE_DATA = [
    pytest.param((), id="bundled"),
    *(
        pytest.param(("-d", str(path)), id=path.stem)
        for path in sorted((ROOT / "data" / "releases").glob("*.json"))
    ),
]


def typed_numbers(rows: list[dict[str, Any]]) -> dict[tuple[int, str], str]:
    """The numbers of json-typed rows, by row and column, as their digits."""
    return {
        (index, column): str(value)
        for index, row in enumerate(rows)
        for column, value in row.items()
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    }


@pytest.mark.parametrize("data", RELEASE_DATA)
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_one_report_gives_the_same_numbers_in_every_format(
    command: str, data: tuple[str, ...]
) -> None:
    runs = {
        fmt: run(command, *data, "--format", fmt, env=ENVIRONMENT)
        for fmt in ("csv", "tsv", "json", "jsonl", "xlsx", "markdown")
    }
    assert len({result.exit_code for result in runs.values()}) == 1
    document = json.loads(runs["json"].stdout, parse_float=Decimal)
    numbers = typed_numbers(document["rows"])
    lines = [json.loads(line, parse_float=Decimal) for line in runs["jsonl"].stdout.splitlines()]
    assert typed_numbers(lines) == numbers
    # csv and tsv are untyped: each cell of a column that json types as numbers is one
    numeric = {column for _, column in numbers}
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = csv_rows(runs[fmt].stdout, delimiter)
        shown = {
            (index, column): row[column]
            for index, row in enumerate(rows)
            for column in numeric
            if row[column] != ""
        }
        assert shown == numbers, fmt
    # the workbook holds the digits in its XML; openpyxl would read them back as floats
    sheet = openpyxl.load_workbook(io.BytesIO(runs["xlsx"].stdout_bytes)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    written = {
        (coordinate_to_tuple(where)[0] - 2, header[coordinate_to_tuple(where)[1] - 1]): digits
        for where, digits in numbers_as_written(runs["xlsx"].stdout_bytes).items()
    }
    assert written == numbers
    # markdown, for people, shows each value in its section rounded half-up to the decimals
    # it shows (interval ends, rounded outward, are not values)
    by_section: dict[str, set[Decimal]] = {}
    for where, text in markdown_texts(runs["markdown"].stdout):
        if where == "h2":
            section = by_section.setdefault(text, set())
        elif where == "td":
            section |= {Decimal(digits.replace(",", "")) for digits in SHOWN_NUMBER.findall(text)}
    for row in csv_rows(runs["csv"].stdout):
        if row.get("value"):  # check has none
            value = Decimal(row["value"])
            assert any(
                round_half_up(value, decimals_of(number)) == number
                for number in by_section[row["section"]]
            ), f"{row['section']}: {row['measure']} {value}"
