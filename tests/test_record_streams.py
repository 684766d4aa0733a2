"""Record streams and Excel-friendly csv: `-f jsonl` read back as the json rows (by json, pandas
and duckdb), `--no-header` as the csv without its header, `--bom` as the csv after a UTF-8
byte-order mark, and both refused, in one line, by the formats they do not apply to."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.input.dataset import BUNDLED_DATASET
from fairstats.output.choices import BOM_FORMATS, FORMATS, HEADERLESS_FORMATS
from tests.conftest import RELEASES, ROOT
from tests.helpers import REPORT_COMMANDS, run

BOM = b"\xef\xbb\xbf"
DATASETS = {"bundled": BUNDLED_DATASET, "releases": RELEASES}
CASES = [
    pytest.param(args, id=f"{name}-{args[0]}")
    for name, path in DATASETS.items()
    for args in [
        *((command, "-d", str(path)) for command in REPORT_COMMANDS),
        ("validate", str(path)),
    ]
]
CIFIT_2024 = RELEASES / "cifit-2024-fujian.json"  # Chinese names, for the encodings


def _output(args: tuple[str, ...], *options: str) -> tuple[int, bytes]:
    """The exit status and the bytes of `fairstats ARGS OPTIONS`; check may find an
    inconsistency (1), nothing else may fail."""
    result = run(*args, *options)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.stdout_bytes


def _json_rows(args: tuple[str, ...]) -> tuple[int, list[str], list[dict[str, Any]]]:
    code, data = _output(args, "-f", "json")
    document = json.loads(data, parse_float=Decimal)
    return code, document["columns"], document["rows"]


def _jsonl(args: tuple[str, ...]) -> tuple[int, bytes]:
    code, data = _output(args, "-f", "jsonl")
    assert data.endswith(b"\n")
    assert b"\r" not in data
    data.decode("utf-8")  # UTF-8, strictly
    return code, data


@pytest.mark.parametrize("args", CASES)
def test_jsonl_rows_are_the_json_rows(args: tuple[str, ...]) -> None:
    json_code, columns, rows = _json_rows(args)
    code, data = _jsonl(args)
    assert code == json_code
    lines = [json.loads(line, parse_float=Decimal) for line in data.decode("utf-8").splitlines()]
    assert lines == rows
    assert all(list(line) == columns for line in lines)  # in the column order
    if args[0] != "validate":
        assert all(line["release"] is not None and line["section"] for line in lines)


@pytest.mark.parametrize("args", CASES)
def test_pandas_reads_jsonl_as_the_json_rows(args: tuple[str, ...]) -> None:
    import pandas as pd

    _, columns, rows = _json_rows(args)
    _, data = _jsonl(args)
    frame = pd.read_json(io.StringIO(data.decode("utf-8")), lines=True, precise_float=True)
    assert list(frame.columns) == columns
    assert len(frame) == len(rows)
    for position, row in enumerate(rows):
        for key, expected in row.items():
            _assert_same(frame[key].iloc[position], expected, (position, key))


@pytest.mark.parametrize("args", CASES)
def test_duckdb_reads_jsonl_as_the_json_rows(args: tuple[str, ...], tmp_path: Path) -> None:
    import duckdb

    _, columns, rows = _json_rows(args)
    _, data = _jsonl(args)
    path = tmp_path / "rows.jsonl"
    path.write_bytes(data)
    with duckdb.connect() as connection:
        found = connection.execute("SELECT * FROM read_ndjson_auto(?)", [str(path)])
        names = [column[0] for column in found.description or []]
        records = found.fetchall()
        assert names == columns
        assert len(records) == len(rows)
        for position, (record, row) in enumerate(zip(records, rows, strict=True)):
            for key, value, expected in zip(names, record, row.values(), strict=True):
                _assert_same(value, expected, (position, key))


def _assert_same(found: Any, expected: Any, where: object) -> None:
    """A value a data frame or a database read, against the json's: numbers as the nearest
    double (their common type), a missing value as missing, text as text."""
    import pandas as pd

    if expected is None:
        assert found is None or pd.isna(found), where
    elif type(expected) is bool:
        assert bool(found) is expected, where
    elif isinstance(expected, (int, Decimal)):
        assert float(found) == float(expected), where
    else:
        assert found == expected, where


@pytest.mark.parametrize("args", CASES)
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_no_header_is_the_output_without_its_first_line(args: tuple[str, ...], fmt: str) -> None:
    code, whole = _output(args, "-f", fmt)
    headerless_code, headerless = _output(args, "-f", fmt, "--no-header")
    assert headerless_code == code
    header, rest = whole.split(b"\n", 1)
    first = "file" if args[0] == "validate" else "release"
    assert header.startswith(f"{first}{',' if fmt == 'csv' else chr(9)}".encode())
    assert headerless == rest


def test_no_header_appends_runs_to_one_table(tmp_path: Path) -> None:
    """The use it is for: the first run with its header, the others appended without."""
    first = run("summary", "-f", "csv")
    more = run("summary", "-d", CIFIT_2024, "-f", "csv", "--no-header")
    assert first.exit_code == more.exit_code == 0
    table = first.stdout + more.stdout
    alone = run("summary", "-d", CIFIT_2024, "-f", "csv").stdout
    assert table.splitlines()[0] == alone.splitlines()[0]
    assert table.count("release,section,") == 1


@pytest.mark.parametrize("args", CASES)
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_bom_is_the_output_after_a_byte_order_mark(args: tuple[str, ...], fmt: str) -> None:
    code, plain = _output(args, "-f", fmt)
    marked_code, marked = _output(args, "-f", fmt, "--bom")
    assert marked_code == code
    assert marked.startswith(BOM)
    assert not marked[len(BOM) :].startswith(BOM)  # one mark, whatever the writes
    assert marked.decode("utf-8-sig") == plain.decode("utf-8")


def test_bom_and_no_header_together() -> None:
    result = run("summary", "-d", CIFIT_2024, "-f", "csv", "--bom", "--no-header")
    assert result.exit_code == 0, result.stderr
    plain = run("summary", "-d", CIFIT_2024, "-f", "csv").stdout_bytes
    assert result.stdout_bytes == BOM + plain.split(b"\n", 1)[1]


def test_bom_reaches_a_file_named_by_o(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    result = run("summary", "-d", CIFIT_2024, "-f", "csv", "--bom", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    plain = run("summary", "-d", CIFIT_2024, "-f", "csv").stdout_bytes
    assert target.read_bytes() == BOM + plain


def _process(*args: str, encoding: str) -> bytes:
    """The stdout of `python -m fairstats ARGS` run with PYTHONIOENCODING=encoding."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FAIRSTATS")}
    completed = subprocess.run(
        [sys.executable, "-m", "fairstats", *args],
        cwd=ROOT,
        env={**environment, "PYTHONIOENCODING": encoding},
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_bom_makes_the_output_utf8_on_an_ascii_stdout() -> None:
    """The mark says UTF-8, so what follows it is UTF-8 (Chinese names whole), whatever
    PYTHONIOENCODING says standard output is."""
    args = ("summary", "-d", str(CIFIT_2024), "-f", "csv")
    plain = _process(*args, encoding="utf-8")
    assert "福建".encode() in plain
    assert _process(*args, "--bom", encoding="ascii") == BOM + plain


@pytest.mark.parametrize(
    ("option", "allowed"),
    [("--no-header", HEADERLESS_FORMATS), ("--bom", BOM_FORMATS)],
)
@pytest.mark.parametrize("command", [*REPORT_COMMANDS, "validate"])
def test_the_other_formats_refuse_them_in_one_line(
    command: str, option: str, allowed: tuple[str, ...], tmp_path: Path
) -> None:
    """Refused before anything is read: the dataset named does not exist."""
    absent = str(tmp_path / "absent.json")
    data = (absent,) if command == "validate" else ("-d", absent)
    listed = f"{', '.join(allowed[:-1])} and {allowed[-1]}"
    for fmt in FORMATS:
        result = run(command, *data, "-f", fmt, option)
        if fmt in allowed:
            assert result.exit_code == 2  # the absent file, so the option was taken
            assert "absent.json" in result.stdout + result.stderr  # validate reports it
            continue
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"fairstats: {option} applies to {listed}, not to {fmt}\n"


def test_a_format_from_the_environment_is_named_as_such() -> None:
    result = run("summary", "--bom", env={"FAIRSTATS_FORMAT": "json"})
    assert result.exit_code == 2
    assert result.stderr == (
        "fairstats: --bom applies to csv and tsv, not to json (from FAIRSTATS_FORMAT)\n"
    )
    assert run("summary", "--bom", env={"FAIRSTATS_FORMAT": "csv"}).exit_code == 0


def test_jsonl_on_an_ascii_stdout_stays_the_same_rows() -> None:
    args = ("summary", "-d", str(CIFIT_2024))
    written = _process(*args, "-f", "jsonl", encoding="ascii")
    assert written.isascii()
    _, _, rows = _json_rows(args)
    assert [json.loads(line, parse_float=Decimal) for line in written.splitlines()] == rows
