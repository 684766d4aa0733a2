"""`-f xlsx`: the csv's table as a workbook, read back with openpyxl and compared with the csv
and json outputs of the same command; its limits; and its refusal to write to a terminal."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import pty
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from fairstats.cli.commands import cli
from fairstats.model.results import Basis, Cell, Column, Kind, Quantity, Report, Section
from fairstats.model.textsafe import escape_control, neutralise_formula
from fairstats.output import xlsx
from fairstats.output.cells import RenderOptions
from fairstats.output.xlsx import MAX_CELL_CHARS, MAX_COLUMN_WIDTH, write_xlsx
from tests.golden import DATASETS, ENVIRONMENT, ROOT
from tests.helpers import REPORT_COMMANDS, WriteDataset, numbers_as_written

TERMINAL_REFUSAL = (
    "fairstats: xlsx is binary and stdout is a terminal: "
    "redirect it (> report.xlsx) or use -o FILE\n"
)

# The golden outputs' grid: every report command and validate, on each of their datasets.
GRID = [
    pytest.param(args, id=f"{dataset}-{args[0]}")
    for dataset, (data, file) in DATASETS.items()
    for args in [*((command, *data) for command in REPORT_COMMANDS), ("validate", file)]
]


def invoke(*args: str) -> Result:
    """`fairstats ARGS` run as the golden outputs are: from the project's root, in their
    environment."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(cli, list(args), env=ENVIRONMENT, catch_exceptions=False)
    finally:
        os.chdir(here)


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet(data: bytes, name: str = xlsx.REPORT_SHEET) -> Worksheet:
    found = workbook(data)[name]
    assert isinstance(found, Worksheet)
    return found


def csv_table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("args", GRID)
def test_xlsx_holds_the_csv_rows_typed_as_json_types_them(args: tuple[str, ...]) -> None:
    xlsx_run = invoke(*args, "--format", "xlsx")
    csv_run = invoke(*args, "--format", "csv")
    json_run = invoke(*args, "--format", "json")
    assert xlsx_run.exit_code == csv_run.exit_code == json_run.exit_code
    assert xlsx_run.exit_code in (0, 1), xlsx_run.stderr
    assert xlsx_run.stderr == ""
    header, *rows = csv_table(csv_run.stdout)
    document = json.loads(json_run.stdout, parse_float=Decimal)
    typed = [list(row.values()) for row in document["rows"]]
    written = numbers_as_written(xlsx_run.stdout_bytes)
    report = sheet(xlsx_run.stdout_bytes)

    assert report.freeze_panes == "A2"
    assert (
        report.auto_filter.ref == f"A1:{report.cell(1, len(header)).column_letter}{len(rows) + 1}"
    )
    cells = list(report.iter_rows())
    assert [cell.value for cell in cells[0]] == header == document["columns"]
    assert all(cell.font.b for cell in cells[0])
    assert len(cells) - 1 == len(rows) == len(typed)
    for xlsx_row, csv_row, json_row in zip(cells[1:], rows, typed, strict=True):
        assert len(xlsx_row) == len(csv_row) == len(json_row)
        for cell, text, value in zip(xlsx_row, csv_row, json_row, strict=True):
            where = f"{cell.coordinate} ({header[cell.column - 1]})"
            if value is None or value == "":
                assert (cell.value, text) == (None, ""), where
            elif isinstance(value, bool):  # validate's `valid`: a boolean cell
                assert cell.data_type == "b", where
                assert (cell.value, text) == (value, str(value).lower()), where
            elif isinstance(value, str):
                assert cell.data_type == "s", where
                assert neutralise_formula(cell.value) == text, where
                assert cell.quotePrefix == (text != cell.value), where
            else:
                # the file holds csv's digits; a reader gets the double nearest to them
                assert cell.data_type == "n", where
                assert written[cell.coordinate] == text, where
                assert Decimal(text) == value, where
                assert cell.value == float(text), where
                assert isinstance(cell.value, int) == isinstance(value, int), where
    notes = sheet(xlsx_run.stdout_bytes, xlsx.NOTES_SHEET)
    assert notes.freeze_panes == "A2"
    shown = [cell.value for row in notes.iter_rows() for cell in row]
    assert shown == ["note", *(escape_control(note) for note in document["footnotes"])]


def _hostile(document: dict[str, Any]) -> dict[str, Any]:
    """Labels a spreadsheet would run, or read as an error value, if they were not typed."""
    scopes = {scope["id"]: scope for scope in document["scopes"]}
    scopes["dalian"]["name"] = "=1+1"
    scopes["participation"]["name"] = "-2+3"
    funding = document["dimensions"][0]
    funding["name"] = '=HYPERLINK("http://x")'
    funding["categories"][0]["name"] = "@SUM(A1)"
    funding["categories"][1]["name"] = "#N/A"
    return document


def _texts(data: bytes) -> dict[str, Any]:
    """Every text cell of the report sheet by its value: its type and its quote prefix."""
    return {
        cell.value: (cell.data_type, cell.quotePrefix)
        for row in sheet(data).iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def test_text_is_never_a_formula_or_an_error(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = str(write_dataset(_hostile(document)))
    outputs = {}
    for args in (("summary",), ("breakdown",), ("summary", "--no-formula-guard")):
        result = invoke(*args, "-d", path, "-f", "xlsx")
        assert result.exit_code == 0, result.stderr
        numbers_as_written(result.stdout_bytes)  # which asserts that no cell holds a formula
        outputs[args] = _texts(result.stdout_bytes)
    texts = outputs["summary",] | outputs["breakdown",]
    for label in ("=1+1", "-2+3", '=HYPERLINK("http://x")', "@SUM(A1)"):
        assert texts[label] == ("s", True), label  # text, and kept text when edited
    assert texts["#N/A"] == ("s", False)  # text, not the spreadsheet's error value
    # without the guard, still text: the guard adds only the quote prefix
    assert outputs["summary", "--no-formula-guard"]["=1+1"] == ("s", False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=20).filter(lambda t: t.strip()))
@example(" =1 ")
@example("a\ufffeb\uffff")  # not characters in XML
@example("\U0001f600 \u202e")
def test_any_label_reads_back_as_text(
    tmp_path: Path, bundled_document: dict[str, Any], label: str
) -> None:
    document = json.loads(json.dumps(bundled_document))
    document["dimensions"][0]["categories"][0]["name"] = label
    path = tmp_path / "label.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("breakdown", "-d", str(path), "-f", "xlsx")
    if result.exit_code == 2:  # refused at load: a control character or a lone surrogate
        assert result.stderr.startswith(f"fairstats: {path}: $.dimensions[0].categories[0].name: ")
        return
    assert result.exit_code == 0, result.stderr
    # as csv shows it, and what XML lacks escaped the same way
    shown = escape_control(label).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    found = [c for row in sheet(result.stdout_bytes).iter_rows() for c in row if c.value == shown]
    assert found, f"no cell holds {shown!r}"
    for cell in found:
        assert cell.data_type == "s"
        assert cell.quotePrefix == (neutralise_formula(shown) != shown)


def test_negative_numbers_are_numbers(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    assert document["relations"][1]["of"]["measure"] == "projects"
    document["relations"][1]["percent"] = -12.5
    result = invoke("growth", "-d", str(write_dataset(document)), "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    report = sheet(result.stdout_bytes)
    header = [cell.value for cell in report[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in report.iter_rows(min_row=2)
    ]
    reported = [r for r in rows if r["measure"] == "projects growth" and r["basis"] == "reported"]
    assert [(r["value"], r["low"], r["high"]) for r in reported] == [(-12.5, -12.55, -12.45)]


def _one_column(*texts: str) -> Report:
    columns = tuple(Column(f"c{i}", f"C{i}") for i in range(len(texts)))
    row = {f"c{i}": text for i, text in enumerate(texts)}
    return Report("t", columns, [Section("s", rows=[row])], context_columns=False)


def _write(report: Report) -> bytes:
    stream = io.BytesIO()
    write_xlsx(report, RenderOptions("xlsx"), stream)
    return stream.getvalue()


def test_numbers_are_written_as_their_exact_digits() -> None:
    """Not through a float, which openpyxl would write with 16 significant digits: the file
    keeps a printed trailing zero and digits beyond a double's, as csv does; a reader gets
    the double nearest to them."""
    values = (Decimal("42.40"), Decimal("12345678901234567.5"), Fraction(1, 3), 79)
    columns = tuple(Column(f"c{i}", f"C{i}") for i in range(len(values)))
    row: dict[str, Cell] = {
        f"c{i}": Quantity(value, Kind.AMOUNT, Basis.REPORTED, printed=isinstance(value, Decimal))
        for i, value in enumerate(values)
    }
    data = _write(Report("t", columns, [Section("s", rows=[row])], context_columns=False))
    digits = ["42.40", "12345678901234567.5", "0.3333333333", "79"]
    assert numbers_as_written(data) == dict(zip(("A2", "B2", "C2", "D2"), digits, strict=True))
    assert [cell.value for cell in sheet(data)[2]] == [float(text) for text in digits]
    assert isinstance(sheet(data)["D2"].value, int)


def test_columns_are_as_wide_as_their_widest_cell_capped() -> None:
    # widths in digit widths, plus 2 for the header's filter button; CJK characters take two
    data = _write(_one_column("x" * 10, "福建省厦门市", "y" * 100, ""))
    widths = sheet(data).column_dimensions
    assert [widths[letter].width for letter in "ABCD"] == [12, 14, MAX_COLUMN_WIDTH, 4]


def test_text_longer_than_a_cell_holds_is_cut_and_says_so() -> None:
    long = "1 + " * 10_000 + "1"  # 40,001 characters
    astral = "𠀀" * 20_000  # 40,000 UTF-16 code units: Excel's limit counts them
    fitting = "z" * MAX_CELL_CHARS
    values = [cell.value for cell in sheet(_write(_one_column(long, astral, fitting)))[2]]
    cut, cut_astral, whole = values
    assert cut.startswith("1 + 1 + ")
    assert cut.endswith(
        " … [cut: the text has 40,001 characters, more than a cell holds; -f csv has it all]"
    )
    assert len(cut) == MAX_CELL_CHARS
    assert cut_astral.startswith("𠀀𠀀")
    assert "40,000 characters" in cut_astral
    assert len(cut_astral.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert whole == fitting


def test_more_rows_than_a_sheet_holds_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    result = invoke("summary", "-f", "xlsx")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert result.stderr == (
        "fairstats: xlsx: the report has more than the 4 rows a sheet holds below its header; "
        "use -f csv\n"
    )


def _on_a_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """`fairstats ARGS` with stdout on a pseudo-terminal: exit code, what reached the terminal,
    and stderr."""
    controller, terminal = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if "FAIRSTATS" not in key}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "fairstats", *args],
            stdout=terminal,
            stderr=subprocess.PIPE,
            env={**environment, **(env or {})},
            check=False,
            timeout=60,
        )
        os.close(terminal)
        shown = b""
        while True:  # what the process wrote, until the terminal's other end reads as closed
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: every copy of the other end is closed, and all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    return completed.returncode, shown, completed.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        pytest.param(("summary", "-f", "xlsx"), None, id="option"),
        pytest.param(("check",), {"FAIRSTATS_FORMAT": "xlsx"}, id="environment"),
        pytest.param(
            ("validate", "-f", "xlsx", str(ROOT / "data" / "fair2022.json")), None, id="validate"
        ),
    ],
)
def test_xlsx_is_never_written_to_a_terminal(
    args: tuple[str, ...], env: dict[str, str] | None
) -> None:
    code, shown, stderr = _on_a_terminal(*args, env=env)
    assert code == 2
    assert stderr.decode() == TERMINAL_REFUSAL
    assert shown == b""


def test_the_terminal_check_sees_a_terminal() -> None:
    """The control for the test above: the same terminal gets a table."""
    code, shown, stderr = _on_a_terminal("summary", env={"NO_COLOR": "1"})
    assert (code, stderr) == (0, b"")
    assert b"Liao Fair 2022: summary" in shown


def test_xlsx_goes_to_a_pipe_whole() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "fairstats", "summary", "-f", "xlsx"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    header = [cell.value for cell in sheet(completed.stdout)[1]]
    assert header == csv_table(invoke("summary", "-f", "csv").stdout)[0]


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fairstats", "check", "-f", "xlsx"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


def test_a_title_with_characters_xml_refuses_still_opens(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    """The workbook's title (its properties, not a cell) is cleaned as cells are: U+FFFE is
    valid in a dataset and not in XML."""
    document["fair"]["short_name"] = "Liao\ufffeFair"
    result = invoke("summary", "-d", str(write_dataset(document)), "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    assert workbook(result.stdout_bytes).properties.title == "Liao\\ufffeFair 2022: summary"


def test_xlsx_to_a_terminal_named_by_o_is_refused_too() -> None:
    code, shown, stderr = _on_a_terminal("summary", "-f", "xlsx", "-o", "/dev/stdout")
    assert code == 2
    assert stderr.decode() == (
        "fairstats: xlsx is binary and /dev/stdout is a terminal: redirect it "
        "(> report.xlsx) or use -o FILE\n"
    )
    assert shown == b""


def _xlsx(source_date: str | None, *args: str) -> Result:
    """`fairstats summary -f xlsx` on CIFIT 2024 (Chinese names) with SOURCE_DATE_EPOCH set to
    `source_date`, or unset."""
    return CliRunner().invoke(
        cli,
        ["summary", "-d", str(ROOT / "data/releases/cifit-2024-fujian.json"), "-f", "xlsx", *args],
        env={**ENVIRONMENT, "SOURCE_DATE_EPOCH": source_date},
        catch_exceptions=False,
    )


def _dates(data: bytes) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {entry.date_time for entry in archive.infolist()}


@pytest.mark.parametrize("source_date", [None, "1700000001"], ids=["unset", "set"])
def test_two_runs_write_the_same_bytes(source_date: str | None) -> None:
    first = _xlsx(source_date)
    assert first.exit_code == 0, first.stderr
    time.sleep(2.1)  # past the two seconds a zip entry's date counts in, and the clock's second
    second = _xlsx(source_date)
    assert second.exit_code == 0, second.stderr
    assert first.stdout_bytes == second.stdout_bytes


@pytest.mark.parametrize(
    ("source_date", "instant", "entries"),
    [
        pytest.param(
            "1700000001",
            datetime.datetime(2023, 11, 14, 22, 13, 21),
            (2023, 11, 14, 22, 13, 20),  # a zip dates to the even second
            id="set",
        ),
        pytest.param(None, datetime.datetime(1980, 1, 1), (1980, 1, 1, 0, 0, 0), id="unset"),
        pytest.param("", datetime.datetime(1980, 1, 1), (1980, 1, 1, 0, 0, 0), id="empty"),
        # before and after what a zip entry can carry: the entries keep to its bounds
        pytest.param("0", datetime.datetime(1970, 1, 1), (1980, 1, 1, 0, 0, 0), id="1970"),
        pytest.param(
            "5000000000",
            datetime.datetime(2128, 6, 11, 8, 53, 20),
            (2107, 12, 31, 23, 59, 58),
            id="2128",
        ),
    ],
)
def test_source_date_epoch_is_the_workbooks_time(
    source_date: str | None, instant: datetime.datetime, entries: tuple[int, ...]
) -> None:
    result = _xlsx(source_date)
    assert result.exit_code == 0, result.stderr
    properties = workbook(result.stdout_bytes).properties
    assert (properties.created, properties.modified) == (instant, instant)
    assert _dates(result.stdout_bytes) == {entries}


@pytest.mark.parametrize("source_date", ["yesterday", "-1", "1.5", " 1", "١٧", "9" * 20])
def test_a_malformed_source_date_epoch_is_refused(source_date: str, tmp_path: Path) -> None:
    target = tmp_path / "summary.xlsx"
    result = _xlsx(source_date, "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        "fairstats: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 00:00 UTC, up to "
        f'the year 9999, got "{source_date}"\n'
    )
    assert not target.exists()
