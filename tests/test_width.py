"""Tables at every width: what fits, what wraps, what becomes records, and where the width
comes from (--width, COLUMNS, the terminal, or none when stdout is not a terminal)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from fairstats.input.dataset import BUNDLED_DATASET
from fairstats.output import layout
from tests.conftest import RELEASES
from tests.helpers import REPORT_COMMANDS, WriteDataset, run

WIDTHS = (40, 60, 80, 120, 200)
DATASETS = {
    "bundled": str(BUNDLED_DATASET),
    "cifit-2024-fujian": str(RELEASES / "cifit-2024-fujian.json"),
    "ciie-2021-reuters": str(RELEASES / "ciie-2021-reuters.json"),
}
COMMANDS = (*REPORT_COMMANDS, "validate")
PLAIN = {"NO_COLOR": "1", "COLUMNS": None, "FAIRSTATS_DATA": None, "FAIRSTATS_FORMAT": None}


def _arguments(command: str, dataset: str) -> list[str]:
    return [command, dataset] if command == "validate" else [command, "-d", dataset]


@pytest.fixture
def cells(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every cell the table renderer hands to the layout, as a run goes."""
    seen: list[str] = []
    real = layout.lay_out

    def recording(headers: Any, rows: Any, *args: Any, **kwargs: Any) -> Any:
        seen.extend(text for row in rows for cell in row for text, _ in cell)
        return real(headers, rows, *args, **kwargs)

    monkeypatch.setattr(layout, "lay_out", recording)
    return seen


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_fits_every_width_and_breaks_no_word_that_fits(
    command: str, dataset: str, cells: list[str]
) -> None:
    args = _arguments(command, DATASETS[dataset])
    unwrapped = run(*args, env=PLAIN)
    assert unwrapped.exit_code in (0, 1)
    for width in WIDTHS:
        cells.clear()
        result = run(*args, "--width", str(width), env=PLAIN)
        assert result.exit_code == unwrapped.exit_code
        lines = result.stdout.splitlines()
        too_wide = [line for line in lines if cell_len(line) > width]
        assert too_wide == [], f"wider than {width}"
        if "─" in unwrapped.stdout:  # the output has a table
            assert cells, "the layout was never called"
        # Every word of every cell that fits a line (its indent aside) is shown whole, as
        # often as the cells hold it. Chinese text may break between characters; a word with
        # a wide character in it is left to the layout's own tests.
        shown = Counter(result.stdout.split())
        fits = width - layout.INDENT - layout.HANG
        words = Counter(
            word
            for text in cells
            for word in text.split()
            if cell_len(word) == len(word) and len(word) <= fits
        )
        broken = {word: count for word, count in words.items() if shown[word] < count}
        assert broken == {}, f"broken at {width}"


def test_records_at_40_columns_keep_titles_and_headings() -> None:
    result = run("check", "--width", "40", env=PLAIN)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "Liao Fair 2022: checks",
        "",
        "Fair and sources",
        "  Check:   fair dates in order",
        "  Verdict: consistent",
        "  Detail:  2022-11-18 to 2022-11-20",
        "",
    ]
    assert "Statements" in lines
    assert "Implied figures" in lines
    statements = lines.index("Statements")
    assert lines[statements + 1 : statements + 9] == [
        "  Check:    Dalian investment (headline)",
        "  Reported: more than 240",
        "  Unit:     CNY billion",
        "  Computed: 241.537",
        "  Interval: [241.5365; 241.5375]",
        "  Verdict:  consistent",
        "  Detail:   241.537 is more than 240",
        "",  # records are apart by a blank line
    ]


def test_chinese_text_breaks_between_characters(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    name = "福建省厦门市集中签约重大项目外商投资制造业服务业高新技术产业"  # 60 cells
    document["dimensions"][0]["categories"][0]["name"] = name
    result = run("breakdown", "-d", write_dataset(document), "--width", "40", env=PLAIN)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 40 for line in lines)
    holding = [line for line in lines if any(character in line for character in name)]
    assert len(holding) >= 2 * 3  # each of its rows shows it on more than one line
    assert name in "".join(result.stdout.split())  # every character, in order


@pytest.mark.parametrize("value", ["39", "0", "-1", "wide"])
def test_width_below_40_or_not_a_number_is_a_usage_error(value: str) -> None:
    for command in ("summary", "validate"):
        args = [command, str(BUNDLED_DATASET)] if command == "validate" else [command]
        result = run(*args, "--width", value, env=PLAIN)
        assert result.exit_code == 2
        expected = (
            f"'{value}' is not a valid integer range."
            if value == "wide"
            else f"{value} is not in the range x>=40."
        )
        assert f"Error: Invalid value for '--width': {expected}" in result.stderr


def test_width_is_in_every_table_commands_help() -> None:
    for command in COMMANDS:
        assert "--width N" in run(command, "--help").stdout


def test_width_wins_over_columns() -> None:
    given = run("check", "--width", "60", env={**PLAIN, "COLUMNS": "200"})
    assert given.exit_code == 0
    assert given.stdout == run("check", env={**PLAIN, "COLUMNS": "60"}).stdout
    assert max(cell_len(line) for line in given.stdout.splitlines()) <= 60


# In their own processes: whether stdout is a terminal or a pipe is what matters here.


def _environment(**settings: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "FORCE_COLOR") and not key.startswith("FAIRSTATS")
    }
    return {**environment, "NO_COLOR": "1", **settings}


def _piped(*args: str, **settings: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "fairstats", *args],
        capture_output=True,
        env=_environment(**settings),
        check=False,
        timeout=60,
    )
    assert completed.returncode in (0, 2), completed.stderr
    return completed.stdout.decode("utf-8")


def test_a_pipe_without_a_width_gets_tables_unwrapped(
    write_dataset: WriteDataset, document: dict[str, Any], tmp_path: Path
) -> None:
    document["relations"][0]["part"]["scope"] = "Dailan"
    folder = tmp_path / "a-very-long-folder-name" / "for-the-width" / "of-tables-in-a-pipe"
    folder.mkdir(parents=True)
    path = str(write_dataset(document, name="my-fair-2022.json").rename(folder / "f.json"))
    assert len(path) > 80
    for columns in ({}, {"COLUMNS": "wide"}, {"COLUMNS": "0"}):  # unusable: as if unset
        lines = _piped("validate", path, str(BUNDLED_DATASET), **columns).splitlines()
        row = next(line for line in lines if path in line)  # the path whole, on one line
        assert row.split() == [path, "no", "$.relations[0].part.scope", "no", "scope", "has",
                               "the", "id", '"Dailan"']  # fmt: skip
    # nothing wraps: as if the terminal were as wide as any table
    assert _piped("check") == run("check", "--width", "100000", env=PLAIN).stdout


def test_a_width_that_is_given_is_honoured_in_a_pipe() -> None:
    piped = _piped("check", COLUMNS="60")
    assert max(cell_len(line) for line in piped.splitlines()) <= 60
    assert piped == run("check", "--width", "60", env=PLAIN).stdout
    assert _piped("check", "--width", "60", COLUMNS="200") == piped


def _in_terminal(columns: int, *args: str) -> str:
    """What fairstats prints on a terminal `columns` wide, with COLUMNS unset."""
    import fcntl
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "fairstats", *args],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=_environment(),
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal of Linux")
def test_a_terminal_gets_tables_as_wide_as_it_is() -> None:
    shown = _in_terminal(70, "check")
    assert max(cell_len(line) for line in shown.splitlines()) <= 70
    assert shown == run("check", "--width", "70", env=PLAIN).stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal of Linux")
def test_a_terminal_of_no_width_gets_tables_unwrapped_in_colour_too() -> None:
    shown = _in_terminal(0, "check", "--color", "always")
    assert shown == run("check", "--color", "always", env=PLAIN).stdout
    assert "\x1b[" in shown


@pytest.mark.parametrize("columns", ["0", "-1", "wide", "99999999999999999999999"])
def test_columns_that_is_no_width_is_as_if_unset_in_colour_too(columns: str) -> None:
    unset = run("check", "--color", "always", env=PLAIN)
    assert unset.exit_code == 0
    result = run("check", "--color", "always", env={**PLAIN, "COLUMNS": columns})
    assert result.exit_code == 0
    assert result.stdout == unset.stdout
    assert "\x1b[" in result.stdout


@pytest.mark.parametrize("columns", ["1", "39"])
def test_columns_below_the_narrowest_width_gets_the_narrowest(columns: str) -> None:
    result = run("check", env={**PLAIN, "COLUMNS": columns})
    assert result.exit_code == 0
    assert result.stdout == run("check", "--width", "40", env=PLAIN).stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal of Linux")
def test_a_terminal_below_the_narrowest_width_gets_the_narrowest() -> None:
    assert _in_terminal(20, "check") == run("check", "--width", "40", env=PLAIN).stdout
