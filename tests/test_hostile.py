"""Hostile and broken input: a clear one-line error or safe output; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairstats.input.dataset import BUNDLED_DATASET, load_release
from fairstats.model.errors import DataError
from fairstats.model.textsafe import escape_control, neutralise_formula
from tests.fixtures import release
from tests.helpers import REPORT_COMMANDS, WriteDataset, csv_rows, find_row, markdown_texts, run

FORMATS = ("table", "csv", "tsv", "json", "markdown")
V1_DATASET = Path(__file__).resolve().parent / "data" / "fair2022-v1.json"


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


def _with(document: Any, value: Any, *path: Any) -> Any:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def _refused(path: Path | str, message: str) -> None:
    """`summary` on the path exits 2 with exactly this one line (and nothing on stdout)."""
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"fairstats: {message}\n"


# Loading refuses ----------------------------------------------------------------------------

BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "empty file, expected a JSON object"),
    ("blank", b"  \n\t\n", "empty file, expected a JSON object"),
    (
        "truncated",
        b'{"schema_version": 2, "fair": {"name": "x"',
        "1:43: unexpected end of file (expecting ',' delimiter)",
    ),
    ("trailing garbage", b"{}\n}", "2:1: unexpected data after the JSON document"),
    # json's own messages end in "at", for a place it would give after them
    (
        "unterminated string",
        b'{"fair": {"name": "Liao}}',
        "1:19: unterminated string: no closing quote",
    ),
    (
        "line break in a string",
        b'{\n  "a": "Liao\nFair"\n}',
        "2:13: invalid control character in a string (write a line break as \\n, a tab as \\t)",
    ),
    ("not UTF-8", b'{"a": "\xe9"}', "1:8: not UTF-8: invalid byte 0xe9"),
    ("UTF-16", '{"a": 1}'.encode("utf-16-le"), "1:2: not UTF-8: a NUL byte (UTF-16 or UTF-32?)"),
    (  # the column counts characters, not the six bytes of 大连
        "NUL after Chinese",
        '{"a": "大连\x00"}'.encode(),
        "1:10: not UTF-8: a NUL byte (UTF-16 or UTF-32?)",
    ),
    (
        "UTF-16 with BOM",
        '{"a": 1}'.encode("utf-16"),
        "not UTF-8: it starts with a UTF-16 or UTF-32 byte-order mark",
    ),
    ("NaN", b'{"schema_version": NaN}', "1:20: NaN is not a JSON number"),
    ("Infinity", b'{"schema_version": Infinity}', "1:20: Infinity is not a JSON number"),
    ("deep nesting", b"[" * 50_000 + b"]" * 50_000, "nesting too deep to be a dataset"),
    (
        "duplicate key",
        b'{"schema_version": 2, "schema_version": 2}',
        '$: duplicate key "schema_version"',
    ),
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
    separator = "" if message[0].isdigit() else " "  # line:column follows the name directly
    _refused(path, f"{path}:{separator}{message}")


WRONG_VALUES = [
    # a figure's value is any number; whether it must be whole depends on its measure
    ("string for a count", "79", 'expected a number, got "79"'),
    ("bool for a count", False, "expected a number, got false"),
    ("null for a count", None, "expected a number, got null"),
    ("list for a count", [79], "expected a number, got a list"),
    ("object for a count", {"n": 79}, "expected a number, got an object"),
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
    assert document["figures"][0] == {"scope": "dalian", "measure": "projects", "value": 79}
    path = write_dataset(_with(document, value, "figures", 0, "value"))
    _refused(path, f"{path}: $.figures[0].value: {message}")


def test_negative_amounts_and_unknown_fields(
    write_dataset: WriteDataset, document: dict[str, Any], bundled_document: dict[str, Any]
) -> None:
    assert document["figures"][4]["measure"] == "investment"
    path = write_dataset(_with(document, -12.047, "figures", 4, "value"))
    _refused(path, f"{path}: $.figures[4].value: must not be negative, got -12.047")
    path = write_dataset(_with(json.loads(json.dumps(bundled_document)), 1, "figures", 0, "values"))
    _refused(path, f'{path}: $.figures[0]: unknown field "values"')


def test_an_unknown_schema_version(write_dataset: WriteDataset, document: dict[str, Any]) -> None:
    path = write_dataset(_with(document, 3, "schema_version"))
    message = "unsupported schema version 3 (this fairstats reads 1 and 2)"
    _refused(path, f"{path}: $.schema_version: {message}")


# The limits: below 10^18, at most 12 decimals, and no last digit standing for 10^18 or more.
OUT_OF_RANGE = [
    ("0E+1000000", "0E+1000000"),
    ("1E+18", "1E+18"),  # shown as written
    ("1000000000000000000", "1000000000000000000"),
    ("-1E+18", "-1E+18"),
    ("0.0000000000001", "0.0000000000001"),
    ("1e-13", "0.0000000000001"),
    ("0.0000000000000", "0.0000000000000"),
]
IN_RANGE = [
    ("999999999999999999", "999999999999999999"),
    ("9E+17", "900000000000000000"),
    ("0.000000000001", "0.000000000001"),
    ("-0.0", "0.0"),  # no negative zero
    ("1.5E+1", "15"),
]


def _with_raw_number(document: dict[str, Any], literal: str, *path: Any) -> str:
    """The document as JSON text with this number literal, exactly as written, at `path`."""
    marker = "NUMBER-LITERAL"
    return json.dumps(_with(document, marker, *path)).replace(f'"{marker}"', literal)


@pytest.mark.parametrize(("literal", "shown"), OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_numbers_out_of_range_are_refused(
    write_dataset: WriteDataset, document: dict[str, Any], literal: str, shown: str
) -> None:
    # growth is signed, so the sign is the limits' business here, not "must not be negative"
    assert document["relations"][1]["type"] == "growth"
    path = write_dataset(_with_raw_number(document, literal, "relations", 1, "percent"))
    _refused(path, f"{path}: $.relations[1].percent: number out of range ({shown})")


def test_a_number_of_millions_of_decimals_is_shown_cut(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    literal = "0." + "1" * 8_000_000
    path = write_dataset(_with_raw_number(document, literal, "relations", 1, "percent"))
    shown = "0." + "1" * 35 + "..."  # 40 characters
    _refused(path, f"{path}: $.relations[1].percent: number out of range ({shown})")


def test_a_long_name_in_an_error_is_shown_cut(
    write_dataset: WriteDataset, document: dict[str, Any], baseline_document: dict[str, Any]
) -> None:
    long = "x" * 100_000
    cut = "x" * 37 + "..."
    result = run("summary", "--scope", long)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fairstats: no scope named '{cut}' in the loaded releases")
    result = run("breakdown", "--by", long)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fairstats: no breakdown dimension '{cut}' in the loaded releases (known: funding, "
        "signing)\n"
    )
    document["fair"]["id"] = "y" * 2000  # the longest text a dataset may hold
    baseline_document["fair"]["id"] = "z" * 2000
    result = run(
        "growth", "-d", write_dataset(document), "--baseline", write_dataset(baseline_document)
    )
    assert result.exit_code == 2
    ids = f"it is '{'z' * 37}...', not {'y' * 37}..."
    assert result.stderr.endswith(f": {ids}\n")


def test_an_error_lists_ten_names_at_most(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["scopes"] += [{"id": f"s{n}", "name": f"{n:03} " + "y" * 100} for n in range(100)]
    result = run("summary", "-d", write_dataset(document), "--scope", "Nowhere")
    assert result.exit_code == 2
    names = [f"{n:03} " + "y" * 33 + "..." for n in range(10)]
    assert result.stderr == (
        "fairstats: no scope named 'Nowhere' in the loaded releases (they have: "
        f"{', '.join(names)} and 99 more)\n"
    )


def test_a_zero_standing_for_a_huge_power_of_ten_is_refused_in_a_count(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(_with_raw_number(document, "0E+1000000", "figures", 0, "value"))
    _refused(path, f"{path}: $.figures[0].value: number out of range (0E+1000000)")


def test_a_zero_at_the_limit_is_shown_as_written(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(_with_raw_number(document, "0E+18", "relations", 1, "percent"))
    _refused(path, f"{path}: $.relations[1].percent: number out of range (0E+18)")


@pytest.mark.parametrize(("literal", "shown"), IN_RANGE, ids=[c[0] for c in IN_RANGE])
def test_numbers_within_the_limits_load(
    write_dataset: WriteDataset, document: dict[str, Any], literal: str, shown: str
) -> None:
    path = write_dataset(_with_raw_number(document, literal, "relations", 1, "percent"))
    result = run("summary", "-d", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    growth = find_row(csv_rows(result.stdout), measure="projects growth")
    assert growth["value"] == shown


def test_a_zero_keeps_the_precision_it_was_printed_with(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(_with_raw_number(document, "0E+17", "relations", 1, "percent"))
    result = run("growth", "-d", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    reported = find_row(csv_rows(result.stdout), measure="projects growth", basis="reported")
    # its last digit stands for 10^17, as 9E+17's does: [8.5E+17, 9.5E+17]
    assert (reported["low"], reported["high"]) == ("-50000000000000000", "50000000000000000")


# References and the scope tree ----------------------------------------------------------------


def test_a_relation_naming_an_absent_scope(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(_with(document, "atlantis", "relations", 0, "part", "scope"))
    _refused(path, f'{path}: $.relations[0].part.scope: no scope has the id "atlantis"')


def test_a_scope_within_an_absent_scope(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    path = write_dataset(_with(document, "atlantis", "scopes", 1, "within"))
    _refused(path, f'{path}: $.scopes[1].within: no scope has the id "atlantis"')


@pytest.mark.parametrize(
    ("index", "within", "message"),
    [
        (1, "dalian", '$.scopes[1].within: scope "dalian" is within itself'),
        (0, "dalian", '$.scopes[0].within: scope "liaoning" is within itself'),  # a 2-cycle
    ],
    ids=["itself", "through another"],
)
def test_a_scope_within_itself(
    write_dataset: WriteDataset, document: dict[str, Any], index: int, within: str, message: str
) -> None:
    assert [scope["id"] for scope in document["scopes"][:2]] == ["liaoning", "dalian"]
    path = write_dataset(_with(document, within, "scopes", index, "within"))
    _refused(path, f"{path}: {message}")


def test_a_cycle_is_blamed_on_a_scope_on_it(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    # exhibition-area (3) and brand-conference (4) are within each other; dalian (1) and
    # participation (2) only lie below them, so neither is "within itself"
    _with(document, "exhibition-area", "scopes", 1, "within")
    _with(document, "brand-conference", "scopes", 3, "within")
    _with(document, "exhibition-area", "scopes", 4, "within")
    path = write_dataset(document)
    _refused(path, f'{path}: $.scopes[3].within: scope "exhibition-area" is within itself')


# Files, folders and streams -------------------------------------------------------------------


def test_missing_file_and_stdin(tmp_path: Path) -> None:
    absent = tmp_path / "absent.json"
    _refused(absent, f"{absent}: no such file")
    piped = fairstats("summary", "-d", "-", "-f", "csv", stdin=Path(BUNDLED_DATASET).read_bytes())
    assert piped.returncode == 0
    rows = csv_rows(piped.stdout.decode())
    assert find_row(rows, scope="Dalian", measure="projects", statistic="value")["value"] == "79"
    broken = fairstats("summary", "-d", "-", stdin=b"{")
    assert (broken.returncode, broken.stderr) == (
        2,
        b"fairstats: -:1:2: unexpected end of file "
        b"(expecting property name enclosed in double quotes)\n",
    )


def test_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a dataset", encoding="utf-8")  # only *.json counts
    (folder / "nested.json").mkdir()  # a folder is not a file, whatever its name
    _refused(folder, f"{folder}: the folder holds no *.json dataset file")


def test_a_folder_with_a_json_file_that_is_not_a_dataset(tmp_path: Path) -> None:
    folder = tmp_path / "fairs"
    folder.mkdir()
    (folder / "a-fair.json").write_bytes(Path(BUNDLED_DATASET).read_bytes())
    (folder / "package.json").write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    # the good file does not hide the bad one: every *.json in the folder is read
    _refused(folder, f'{folder}/package.json: $: unknown field "name"')


def test_several_paths_in_the_environment_name_the_bad_one(tmp_path: Path) -> None:
    absent = tmp_path / "absent.json"
    paths = os.pathsep.join([str(BUNDLED_DATASET), str(absent)])
    result = run("summary", env={"FAIRSTATS_DATA": paths})
    assert result.exit_code == 2
    assert result.stderr == f"fairstats: {absent}: no such file\n"


def test_an_unreadable_file(write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dataset(b"{}")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(DataError) as caught:
        load_release(str(path))
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
    path = write_dataset(json.dumps(_with(document, text, "scopes", 1, "name")))
    _refused(path, f"{path}: $.scopes[1].name: text contains {shown}")


def test_a_file_name_with_control_characters_is_escaped_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;title\x07.json"
    result = run("summary", "--data", path)
    assert result.exit_code == 2
    assert result.stderr == f"fairstats: {tmp_path}/evil\\x1b]0;title\\x07.json: no such file\n"


# Text from a dataset never controls the terminal ---------------------------------------------

BIDI = "\u202eDalian\u202c"
MARKUP = "[bold red]Dalian[/] [/]"


def _hostile_labels(document: dict[str, Any]) -> dict[str, Any]:
    scopes = {scope["id"]: scope for scope in document["scopes"]}
    scopes["dalian"]["name"] = BIDI
    scopes["liaoning"]["name"] = MARKUP
    scopes["participation"]["name"] = "-2+3"
    funding = document["dimensions"][0]
    funding["name"] = '=HYPERLINK("http://x")'
    funding["categories"][0]["name"] = "@SUM(A1)"
    funding["categories"][1]["name"] = "+cmd|' /C calc'!A0"
    return document


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_hostile_labels_never_reach_stdout_raw(
    write_dataset: WriteDataset, document: dict[str, Any], command: str, fmt: str
) -> None:
    path = write_dataset(_hostile_labels(document))
    result = run(command, "--data", path, "--format", fmt, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "\x1b" not in result.stdout
    if fmt == "json":  # JSON's own escapes: the raw bytes are safe, the parsed text exact
        texts = [v for row in json.loads(result.stdout)["rows"] for v in row.values()]
        assert any(isinstance(text, str) and BIDI in text for text in texts)
    elif fmt == "markdown":  # `\u` is no escape in markdown: shown as it is
        texts = [text for _, text in markdown_texts(result.stdout)]
        assert any("\\u202eDalian\\u202c" in text for text in texts)
    else:
        assert "\\u202eDalian\\u202c" in result.stdout
    if fmt == "table" and command in ("summary", "share"):
        assert "[bold red]Dalian[/] [/]" in result.stdout  # markup printed literally
    if fmt == "markdown" and command in ("summary", "share"):  # and literal in markdown
        cells = [text for where, text in markdown_texts(result.stdout) if where == "td"]
        assert any("[bold red]Dalian[/] [/]" in cell for cell in cells)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_formula_cells_are_neutralised_and_numbers_untouched(
    write_dataset: WriteDataset, document: dict[str, Any], fmt: str
) -> None:
    document = _hostile_labels(document)
    assert document["relations"][1]["of"]["measure"] == "projects"
    document["relations"][1]["percent"] = -12.5
    path = write_dataset(document)
    delimiter = "\t" if fmt == "tsv" else ","

    def rows(*args: str) -> list[dict[str, str]]:
        result = run(*args, "-d", path, "-f", fmt)
        assert result.exit_code == 0, result.stderr
        return csv_rows(result.stdout, delimiter=delimiter)

    summary = rows("summary")
    # a cell that only holds a formula further in is left alone
    assert '\\u202eDalian\\u202c =HYPERLINK("http://x")' in {row["section"] for row in summary}
    scopes = {row["scope"] for row in summary}
    assert {"'@SUM(A1)", "'+cmd|' /C calc'!A0", "'-2+3"} <= scopes
    assert not scopes & {"@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"}
    growth = find_row(summary, measure="projects growth")
    assert growth["value"] == "-12.5"  # a number, never prefixed
    breakdown = rows("breakdown")
    assert {row["dimension"] for row in breakdown} == {
        '\'=HYPERLINK("http://x")',
        "by signing form",
    }
    reported = find_row(rows("growth"), measure="projects growth", basis="reported")
    assert (reported["value"], reported["low"], reported["high"]) == ("-12.5", "-12.55", "-12.45")
    raw = rows("summary", "--no-formula-guard")
    assert {"@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"} <= {row["scope"] for row in raw}


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
    first = b"Liao Fair 2022: summary\n" if fmt == "table" else b"release,section,fair_id,"
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


def test_upgrade_writes_bidi_controls_as_json_escapes(write_dataset: WriteDataset) -> None:
    document = json.loads(V1_DATASET.read_text(encoding="utf-8"))
    delegation = document["delegations"][0]
    delegation["name"] = BIDI
    delegation["breakdowns"][0]["categories"][0]["name"] = "a\u2066b\u2069\u2028"
    result = run("upgrade", write_dataset(document))
    assert result.exit_code == 0, result.stderr
    visible = result.stdout.replace("\n", "")
    assert escape_control(visible) == visible  # nothing a terminal would act on
    assert '"name": "\\u202eDalian\\u202c"' in result.stdout
    upgraded = json.loads(result.stdout)  # JSON's own escapes: the parsed text is exact
    assert BIDI in {scope["name"] for scope in upgraded["scopes"]}
    names = {c["name"] for c in upgraded["dimensions"][0]["categories"]}
    assert "a\u2066b\u2069\u2028" in names


ODD_ENVIRONMENTS = [{"COLUMNS": "40"}, {"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}]
ODD_ENVIRONMENT_IDS = ["narrow", "C locale", "ascii"]


@pytest.mark.parametrize("env", ODD_ENVIRONMENTS, ids=ODD_ENVIRONMENT_IDS)
@pytest.mark.parametrize("command", [*REPORT_COMMANDS, "validate", "schema", "upgrade"])
def test_odd_environments_do_not_crash(command: str, env: dict[str, str]) -> None:
    file_argument = {"validate": [str(BUNDLED_DATASET)], "upgrade": [str(V1_DATASET)]}
    args = [command, *file_argument.get(command, [])]
    for fmt in ("table", "csv") if command not in ("schema", "upgrade") else ("",):
        completed = fairstats(*args, *(["-f", fmt] if fmt else []), env=env)
        assert completed.returncode == 0, completed.stderr
        # nothing but warnings (upgrade's choices), whole lines, in any environment
        lines = completed.stderr.decode("ascii").splitlines()
        assert all(line.startswith("fairstats: warning: ") for line in lines), lines
        assert (command == "upgrade") == bool(lines)


@pytest.mark.parametrize(
    "args",
    [("summary", "-f", "json"), ("upgrade", str(V1_DATASET))],
    ids=["summary-json", "upgrade"],
)
def test_json_output_parses_on_an_ascii_stdout(args: tuple[str, ...]) -> None:
    completed = fairstats(*args, env={"PYTHONIOENCODING": "ascii"})
    assert completed.returncode == 0, completed.stderr
    parsed = json.loads(completed.stdout)  # raises if the text is not JSON
    assert "m²" in json.dumps(parsed, ensure_ascii=False)  # the text itself unchanged


def _load_error(path: Path) -> str | None:
    """The loader's message for a file, or None when it loads: nothing else may happen."""
    try:
        load_release(str(path))
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


def _assert_loads_or_one_line(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")
    message = _load_error(path)
    assert message is None or (message.startswith(f"{path}:") and "\n" not in message)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values, st.sampled_from([
    (), ("schema_version",), ("fair",), ("fair", "sponsors"), ("fair", "previous_year"),
    ("sources",), ("sources", 0), ("measures",), ("measures", 1), ("measures", 1, "scale"),
    ("measures", 1, "per"), ("scopes",), ("scopes", 1), ("scopes", 1, "within"),
    ("dimensions", 0), ("dimensions", 0, "categories", 0), ("figures",), ("figures", 0),
    ("figures", 0, "value"), ("figures", 14, "items"), ("relations", 0),
    ("relations", 0, "whole"), ("relations", 1, "base"), ("relations", 1, "of", "edition"),
    ("lists", 0), ("notes", 0),
]))  # fmt: skip
def test_arbitrary_json_values_give_a_dataset_or_a_data_error(
    tmp_path: Path, bundled_document: dict[str, Any], value: Any, where: tuple[Any, ...]
) -> None:
    document: Any = json.loads(json.dumps(bundled_document))
    document = _with(document, value, *where) if where else value
    _assert_loads_or_one_line(tmp_path / "value.json", document)


V1_DOCUMENT = json.loads(V1_DATASET.read_text(encoding="utf-8"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values, st.sampled_from([
    ("fair",), ("source",), ("amount_unit",), ("delegations",), ("delegations", 0),
    ("delegations", 0, "signed"), ("delegations", 0, "signed", "projects"),
    ("delegations", 0, "breakdowns", 0), ("delegations", 0, "activities", 1, "figures", 0),
    ("delegations", 0, "reported_growth"), ("delegations", 0, "claims"),
]))  # fmt: skip
def test_arbitrary_values_in_a_version_1_file_give_a_dataset_or_a_data_error(
    tmp_path: Path, value: Any, where: tuple[Any, ...]
) -> None:
    # version 1 files are still read (through the converter), so they face the same input
    document = _with(json.loads(json.dumps(V1_DOCUMENT)), value, *where)
    _assert_loads_or_one_line(tmp_path / "value-v1.json", document)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=20).filter(lambda t: t.strip()), st.sampled_from(FORMATS))
def test_generated_labels_never_reach_stdout_raw(
    tmp_path: Path, bundled_document: dict[str, Any], label: str, fmt: str
) -> None:
    document = json.loads(json.dumps(bundled_document))
    document["dimensions"][0]["categories"][0]["name"] = label
    path = tmp_path / "label.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("breakdown", "--data", path, "--format", fmt)
    if result.exit_code == 2:  # refused at load: a control character or a lone surrogate
        assert result.stderr.startswith(f"fairstats: {path}: $.dimensions[0].categories[0].name: ")
        return
    assert result.exit_code == 0
    # the format's own line breaks and tsv's tabs aside, nothing a terminal would act on
    visible = result.stdout.replace("\n", "").replace("\t", "")
    assert escape_control(visible) == visible


def test_an_ascii_terminal_gets_an_aligned_table() -> None:
    completed = fairstats("summary", env={"PYTHONIOENCODING": "ascii", "COLUMNS": "100"})
    assert completed.returncode == 0
    lines = completed.stdout.decode("ascii").splitlines()
    area = lines[lines.index("Dalian exhibition area") :]
    area = area[: area.index("")]
    assert set(area[2].strip()) == {"-"}
    assert "m\\xb2" in area[3]
    columns = {line.index("reported") for line in area if "reported" in line}
    assert len(columns) == 1  # "m\xb2" is measured as the terminal shows it


HOSTILE_MARKDOWN = (
    "![x](http://example.invalid/t.png) *[click](u)* <b>a_b</b> | `c`",
    "[x]: http://example.invalid/ <!-- c --> &amp; &#42; ~~gone~~ __init__ _a_ a\\*b\\",
)


@pytest.mark.parametrize("label", HOSTILE_MARKDOWN)
def test_markdown_output_makes_no_link_image_emphasis_or_html(
    write_dataset: WriteDataset, document: dict[str, Any], label: str
) -> None:
    document["dimensions"][0]["categories"][0]["name"] = label
    document["scopes"][1]["name"] = "# Dalian #"  # a heading's closing run of #
    result = run("breakdown", "-d", write_dataset(document), "-f", "markdown")
    assert result.exit_code == 0
    texts = markdown_texts(result.stdout)  # which fails on any markup
    assert ("td", label) in texts
    assert ("h2", "# Dalian # by project type") in texts


def test_a_paragraph_that_would_start_a_block_reads_as_itself(tmp_path: Path) -> None:
    """A release's name (its file's) begins a footnote: it never makes a list, a heading, a
    quote or a link definition of it."""
    names = ("1. first", "- item", "# title", "> quote", "[a]: b", "+ more")
    for year, name in enumerate(names, 2001):  # a release without breakdowns, as each edition
        (tmp_path / f"{name}.json").write_text(json.dumps(release(year=year)), encoding="utf-8")
    result = run("breakdown", "-d", tmp_path, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    notes = [text for where, text in markdown_texts(result.stdout) if where == "p"]
    assert sorted(notes) == sorted(f"{name}: the release gives no breakdown." for name in names)
