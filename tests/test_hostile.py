"""Hostile and broken input: a clear one-line error or safe output; never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairstats.dataset import BUNDLED_DATASET, load_dataset
from fairstats.errors import DataError
from fairstats.textsafe import escape_control, neutralise_formula
from tests.helpers import WriteDataset, csv_rows, find_row, run

FORMATS = ("table", "csv", "tsv", "json", "markdown")
COMMANDS = ("summary", "breakdown", "share", "growth", "check")


def fairstats(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run fairstats as its own process, as a shell would."""
    environment = {
        key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "fairstats", *args],
        capture_output=True,
        env=environment,
        input=stdin,
        check=False,
        timeout=60,
    )


# Loading refuses ----------------------------------------------------------------------------

BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "empty file, expected a JSON object"),
    ("blank", b"  \n\t\n", "empty file, expected a JSON object"),
    (
        "truncated",
        b'{"schema_version": 1, "fair": {"name": "x"',
        "1:43: unexpected end of file (expecting ',' delimiter)",
    ),
    ("trailing garbage", b"{}\n}", "2:1: unexpected data after the JSON document"),
    ("not UTF-8", b'{"a": "\xe9"}', "1:8: not UTF-8: invalid byte 0xe9"),
    ("UTF-16", '{"a": 1}'.encode("utf-16-le"), "1:2: not UTF-8: a NUL byte (UTF-16 or UTF-32?)"),
    (
        "UTF-16 with BOM",
        '{"a": 1}'.encode("utf-16"),
        "not UTF-8: it starts with a UTF-16 or UTF-32 byte-order mark",
    ),
    ("NaN", b'{"schema_version": NaN}', "1:20: NaN is not a JSON number"),
    ("Infinity", b'{"schema_version": Infinity}', "1:20: Infinity is not a JSON number"),
    ("deep nesting", b"[" * 50_000 + b"]" * 50_000, "nesting too deep to be a dataset"),
    ("duplicate key", b'{"currency": "CNY", "currency": "USD"}', '$: duplicate key "currency"'),
    ("top level list", b"[]", "$: expected an object, got a list"),
    ("top level string", b'"dataset"', '$: expected an object, got "dataset"'),
    ("top level number", b"42", "$: expected an object, got 42"),
    ("top level null", b"null", "$: expected an object, got null"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES]
)
def test_bad_files_get_one_line_and_exit_2(
    write_dataset: WriteDataset, name: str, content: bytes, message: str
) -> None:
    path = write_dataset(content)
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    separator = "" if message[0].isdigit() else " "
    assert result.stderr == f"fairstats: {path}:{separator}{message}\n"


def _with(document: dict[str, Any], value: Any, *path: Any) -> dict[str, Any]:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


WRONG_VALUES = [
    ("string for a count", "79", 'expected a whole number, got "79"'),
    ("bool for a count", False, "expected a whole number, got false"),
    ("null for a count", None, "expected a whole number, got null"),
    ("list for a count", [79], "expected a whole number, got a list"),
    ("object for a count", {"n": 79}, "expected a whole number, got an object"),
    ("negative count", -79, "must not be negative, got -79"),
    ("float for a count", 79.5, "expected a whole number, got 79.5"),
    ("huge count", 10**1000, "number out of range (a number with 1001 digits)"),
]


@pytest.mark.parametrize(
    ("name", "value", "message"), WRONG_VALUES, ids=[case[0] for case in WRONG_VALUES]
)
def test_wrong_values_name_the_json_path(
    write_dataset: WriteDataset, document: dict[str, Any], name: str, value: Any, message: str
) -> None:
    path = write_dataset(_with(document, value, "delegations", 0, "signed", "projects"))
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stderr == f"fairstats: {path}: $.delegations[0].signed.projects: {message}\n"


def test_negative_amounts_and_unknown_fields(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(
        _with(document, -12.047, "delegations", 0, "breakdowns", 0, "categories", 0, "investment")
    )
    result = run("summary", "--data", path)
    assert result.stderr == (
        f"fairstats: {path}: $.delegations[0].breakdowns[0].categories[0].investment: "
        "must not be negative, got -12.047\n"
    )
    document = json.loads(Path(BUNDLED_DATASET).read_text(encoding="utf-8"))
    document["delegations"][0]["signed"]["value"] = 1
    path = write_dataset(document)
    assert run("summary", "--data", path).stderr == (
        f'fairstats: {path}: $.delegations[0].signed: unknown field "value"\n'
    )


def test_missing_directory_and_stdin(tmp_path: Path) -> None:
    absent = tmp_path / "absent.json"
    assert run("summary", "-d", absent).stderr == f"fairstats: {absent}: no such file\n"
    assert (
        run("summary", "-d", tmp_path).stderr
        == f"fairstats: {tmp_path}: is a directory, not a dataset file\n"
    )
    piped = fairstats("summary", "-d", "-", "-f", "csv", stdin=Path(BUNDLED_DATASET).read_bytes())
    assert piped.returncode == 0
    assert (
        find_row(csv_rows(piped.stdout.decode()), subject="signed", measure="projects")["value"]
        == "79"
    )
    broken = fairstats("summary", "-d", "-", stdin=b"{")
    assert (broken.returncode, broken.stderr) == (
        2,
        b"fairstats: -:1:2: unexpected end of file "
        b"(expecting property name enclosed in double quotes)\n",
    )


def test_an_unreadable_file(write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dataset(b"{}")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert str(caught.value) == f"{path}: permission denied"


def test_dev_zero_ends_quickly_with_bounded_memory() -> None:
    result = fairstats("summary", "--data", "/dev/zero")
    assert result.returncode == 2
    assert result.stderr == b"fairstats: /dev/zero: larger than 8 MiB, too large to be a dataset\n"


def test_a_utf8_bom_is_accepted(write_dataset: WriteDataset) -> None:
    path = write_dataset(b"\xef\xbb\xbf" + Path(BUNDLED_DATASET).read_bytes())
    assert run("summary", "-d", path, "-f", "csv").exit_code == 0


CONTROL_TEXT = [
    ("escape", "Dalian\x1b[2J", "the control character \\x1b"),
    ("newline", "Dal\nian", "the control character \\x0a"),
    ("tab", "Dal\tian", "the control character \\x09"),
    ("C1", "Dal\x9bian", "the control character \\x9b"),
    ("DEL", "Dal\x7fian", "the control character \\x7f"),
    ("lone surrogate", "Dal\ud800ian", "a lone surrogate \\ud800"),
]


@pytest.mark.parametrize(
    ("name", "text", "shown"), CONTROL_TEXT, ids=[case[0] for case in CONTROL_TEXT]
)
def test_control_characters_in_text_are_refused_at_load(
    write_dataset: WriteDataset, document: dict[str, Any], name: str, text: str, shown: str
) -> None:
    path = write_dataset(json.dumps(_with(document, text, "delegations", 0, "name")))
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stderr == (f"fairstats: {path}: $.delegations[0].name: text contains {shown}\n")


def test_a_file_name_with_control_characters_is_escaped_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;title\x07.json"
    result = run("summary", "--data", path)
    assert result.stderr == f"fairstats: {tmp_path}/evil\\x1b]0;title\\x07.json: no such file\n"


# Text from a dataset never controls the terminal ---------------------------------------------

BIDI = "\u202eDalian\u202c"
MARKUP = "[bold red]Dalian[/] [/]"


def _hostile_labels(document: dict[str, Any]) -> dict[str, Any]:
    dalian = document["delegations"][0]
    dalian["name"] = BIDI
    dalian["region"] = MARKUP
    dalian["breakdowns"][0]["label"] = '=HYPERLINK("http://x")'
    dalian["breakdowns"][0]["categories"][0]["name"] = "@SUM(A1)"
    dalian["breakdowns"][0]["categories"][1]["name"] = "+cmd|' /C calc'!A0"
    dalian["activities"][1]["name"] = "-2+3"
    return document


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_labels_never_reach_stdout_raw(
    write_dataset: WriteDataset, document: dict[str, Any], command: str, fmt: str
) -> None:
    path = write_dataset(_hostile_labels(document))
    result = run(command, "--data", path, "--format", fmt, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "\x1b" not in result.stdout
    if fmt == "json":  # JSON's own escapes: the raw bytes are safe, the parsed text exact
        delegations = {row.get("delegation") for row in json.loads(result.stdout)["rows"]}
        assert BIDI in delegations
    elif fmt == "markdown":  # markdown escapes the backslash itself
        assert "\\\\u202eDalian\\\\u202c" in result.stdout
    else:
        assert "\\u202eDalian\\u202c" in result.stdout
    if fmt == "table" and command in ("summary", "share"):
        assert "[bold red]Dalian[/]" in result.stdout  # markup printed literally
    if fmt == "markdown" and command in ("summary", "share"):
        assert "\\[bold red\\]Dalian\\[/\\]" in result.stdout  # and literal in markdown


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_formula_cells_are_neutralised_and_numbers_untouched(
    write_dataset: WriteDataset, document: dict[str, Any], fmt: str
) -> None:
    document = _hostile_labels(document)
    document["delegations"][0]["reported_growth"]["projects"] = -12.5
    path = write_dataset(document)
    delimiter = "\t" if fmt == "tsv" else ","
    rows = list(
        csv.DictReader(
            io.StringIO(run("summary", "-d", path, "-f", fmt).stdout), delimiter=delimiter
        )
    )
    # a cell that only holds a formula further in is left alone
    assert 'Breakdown =HYPERLINK("http://x")' in {row["section"] for row in rows}
    subjects = {row["subject"] for row in rows}
    assert "'@SUM(A1)" in subjects
    assert "'+cmd|' /C calc'!A0" in subjects
    assert "'-2+3" in subjects
    growth = find_row(rows, subject="growth over previous edition", measure="projects")
    assert growth["value"] == "-12.5"  # a number, never prefixed
    raw = list(
        csv.DictReader(
            io.StringIO(run("summary", "-d", path, "-f", fmt, "--no-formula-guard").stdout),
            delimiter=delimiter,
        )
    )
    assert "@SUM(A1)" in {row["subject"] for row in raw}


def test_neutralise_formula() -> None:
    assert [neutralise_formula(t) for t in ("=1", "+1", "-1", "@x", "\tx", "\rx", "x=1", "")] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "x=1", "",
    ]  # fmt: skip


def test_escape_control() -> None:
    assert escape_control("a\x1b[31mb\u202ec\u2066d\x85e") == "a\\x1b[31mb\\u202ec\\u2066d\\x85e"
    assert escape_control("普通 text, m², 亿") == "普通 text, m², 亿"


# Output streams -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_closed_pipe_ends_quietly(fmt: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fairstats", "check", "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader goes away before reading anything
    _, stderr = process.communicate(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_head_dash_1_ends_quietly(fmt: str) -> None:
    # the exit status is fairstats' own, not head's: 0 if all fitted in the pipe, else 141
    completed = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m fairstats summary -f {fmt} | head -1; exit ${{PIPESTATUS[0]}}",
        ],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode in (0, 141)
    first = b"Liao Fair 2022: summary\n" if fmt == "table" else b"delegation,section,"
    assert completed.stdout.startswith(first)
    assert completed.stdout.count(b"\n") == 1
    assert completed.stderr == b""


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "markdown"])
def test_colour_variables_never_change_machine_output(fmt: str) -> None:
    plain = fairstats("summary", "-f", fmt).stdout
    for env in ({"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "40"}):
        assert fairstats("summary", "-f", fmt, env=env).stdout == plain


def test_colour_in_the_table() -> None:
    assert b"\x1b[" in fairstats("summary", env={"FORCE_COLOR": "1"}).stdout
    assert b"\x1b[" not in fairstats("summary", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert b"\x1b[" not in fairstats("summary").stdout  # not a terminal
    assert b"\x1b[" not in fairstats("summary", env={"TERM": "dumb"}).stdout


@pytest.mark.parametrize(
    "env",
    [{"COLUMNS": "40"}, {"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}],
    ids=["narrow", "C locale", "ascii"],
)
@pytest.mark.parametrize("command", [*COMMANDS, "validate", "schema"])
def test_odd_environments_do_not_crash(command: str, env: dict[str, str]) -> None:
    args = [command, str(BUNDLED_DATASET)] if command == "validate" else [command]
    for fmt in ("table", "csv") if command != "schema" else ("",):
        completed = fairstats(*args, *(["-f", fmt] if fmt else []), env=env)
        assert completed.returncode == 0, completed.stderr
        assert completed.stderr == b""


def _load_error(path: Path) -> str | None:
    """The loader's message for a file, or None when it loads: nothing else may happen."""
    try:
        load_dataset(path)
    except DataError as error:
        return str(error)
    return None


# Properties -----------------------------------------------------------------------------------


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_dataset_or_a_data_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(content)
    message = _load_error(path)
    assert message is None or (message.startswith(str(path)) and "\n" not in message)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values, st.sampled_from([
    (), ("fair",), ("delegations",), ("delegations", 0), ("delegations", 0, "signed"),
    ("delegations", 0, "breakdowns", 0), ("delegations", 0, "activities", 1, "figures", 0),
    ("delegations", 0, "reported_growth"), ("fair", "sponsors"),
]))  # fmt: skip
def test_arbitrary_json_values_give_a_dataset_or_a_data_error(
    tmp_path: Path, bundled_document: dict[str, Any], value: Any, where: tuple[Any, ...]
) -> None:
    document: Any = json.loads(json.dumps(bundled_document))
    if where:
        _with(document, value, *where)
    else:
        document = value
    path = tmp_path / "value.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    message = _load_error(path)
    assert message is None or (message.startswith(f"{path}:") and "\n" not in message)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=20).filter(lambda t: t.strip()), st.sampled_from(FORMATS))
def test_generated_labels_never_reach_stdout_raw(
    tmp_path: Path, bundled_document: dict[str, Any], label: str, fmt: str
) -> None:
    document = json.loads(json.dumps(bundled_document))
    document["delegations"][0]["breakdowns"][0]["categories"][0]["name"] = label
    path = tmp_path / "label.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("breakdown", "--data", path, "--format", fmt)
    if result.exit_code == 2:  # refused at load: a control character or a lone surrogate
        assert result.stderr.startswith("fairstats: ")
        return
    assert result.exit_code == 0
    # the format's own line breaks and tsv's tabs aside, nothing a terminal would act on
    visible = result.stdout.replace("\n", "").replace("\t", "")
    assert escape_control(visible) == visible


def test_an_ascii_terminal_gets_an_aligned_table() -> None:
    completed = fairstats("summary", env={"PYTHONIOENCODING": "ascii", "COLUMNS": "100"})
    assert completed.returncode == 0
    lines = completed.stdout.decode("ascii").splitlines()
    activities = lines[lines.index("Dalian: Activities") :]
    activities = activities[: activities.index("")]
    assert set(activities[2].strip()) == {"-"}
    assert "m\\xb2" in completed.stdout.decode("ascii")
    columns = {line.index("reported") for line in activities if "reported" in line}
    assert len(columns) == 1  # "m\xb2" is measured as the terminal shows it


def test_markdown_output_makes_no_link_image_emphasis_or_html(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["delegations"][0]["breakdowns"][0]["categories"][0]["name"] = (
        "![x](http://example.invalid/t.png) *[click](u)* <b>a_b</b> | `c`"
    )
    result = run("breakdown", "-d", write_dataset(document), "-f", "markdown")
    assert result.exit_code == 0
    escaped = (
        "!\\[x\\](http://example.invalid/t.png) \\*\\[click\\](u)\\* "
        "&lt;b&gt;a\\_b&lt;/b&gt; \\| \\`c\\`"
    )
    assert escaped in result.stdout
