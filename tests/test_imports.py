"""Which modules each output path loads, asserted in fresh interpreters (no timing involved).

The design rule: csv, tsv, json, jsonl and xlsx load no renderer's library but their own (nor what
it pulls in), nor the markdown module; the table loads rich and not the markdown module;
markdown loads its own module and tabulate's (which lay out its tables) and not rich;
html loads its own (and the standard library's escaping) and neither rich nor markdown's;
only xlsx loads openpyxl; only chart loads matplotlib (never pyplot); help and version load
no renderer and read no dataset (no file opened, no folder listed). Each case runs
`fairstats.cli.commands.main` in its own subprocess, which reports `sys.modules`, every file it
opened and every folder it listed (via an audit hook) as JSON in a file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import fairstats
from fairstats.input.dataset import BUNDLED_DATASET
from tests.helpers import REPORT_COMMANDS

RENDER_LIBRARIES = frozenset({"rich", "tabulate", "pygments", "markdown_it"})
XLSX_LIBRARIES = frozenset({"openpyxl", "et_xmlfile"})
PLOTTING_LIBRARIES = frozenset({"matplotlib", "numpy", "PIL"})
MARKDOWN_MODULES = frozenset({"fairstats.output.markdown", "fairstats.output.tabulated"})
HTML_MODULES = frozenset({"fairstats.output.htmlpage", "html"})
SLOW_STDLIB = ("importlib.metadata", "importlib.resources")
# What only click's failure to match a long option loads (for its spelling suggestions).
FAILED_LONG_MATCH = frozenset({"difflib"})
# What looking up a translation of click's messages loads.
# click imports gettext itself; looking up a translation is what loads locale.
TRANSLATION = frozenset({"locale"})
MACHINE_FORMATS = ("csv", "tsv", "json", "jsonl", "xlsx")
ABSENT_DATASET = "absent-dataset.json"
DATA_FOLDER = "data-folder"  # holds a copy of the bundled dataset
BUNDLED = Path(BUNDLED_DATASET)  # a Path or a str: only its name and text are used
V1_DATASET = Path(__file__).resolve().parent / "data" / "fair2022-v1.json"
# Where the fairstats under test was imported from: the probes, which run in another folder,
# import it from there too (a relative PYTHONPATH would not reach it from there).
SOURCE = Path(fairstats.__file__).resolve().parents[1]

# Runs in the child. The snapshot of sys.modules is taken before the probe imports json.
PROBE = """\
import sys

opened = []
listed = []


def _audit(event, args):
    if event == "open" and args and isinstance(args[0], str):
        opened.append(args[0])
    elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], str):
        listed.append(args[0])


sys.addaudithook(_audit)
report_path, argv = sys.argv[1], sys.argv[2:]
code = 0
try:
    from fairstats.cli.commands import main

    main(argv)
except SystemExit as exit_:
    code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
modules = sorted(sys.modules)
files = list(opened)
folders = list(listed)

import json

with open(report_path, "w", encoding="utf-8") as report:
    json.dump({"exit_code": code, "modules": modules, "opened": files, "listed": folders}, report)
"""


@dataclass(frozen=True)
class Probe:
    """What one `fairstats` process did: its exit code, output, modules and opened files."""

    args: tuple[str, ...]
    exit_code: int
    stdout: bytes  # xlsx is binary
    stderr: str
    modules: frozenset[str]
    opened: tuple[str, ...]
    listed: tuple[str, ...]

    @property
    def top_level(self) -> frozenset[str]:
        return frozenset(name.partition(".")[0] for name in self.modules)

    def loaded(self, names: frozenset[str]) -> list[str]:
        return sorted(self.top_level & names)

    def opened_named(self, file_name: str) -> list[str]:
        return [path for path in self.opened if Path(path).name == file_name]

    def listed_named(self, folder_name: str) -> list[str]:
        return [path for path in self.listed if Path(path).name == folder_name]


RunProbe = Callable[..., Probe]


@pytest.fixture(scope="session")
def probe(tmp_path_factory: pytest.TempPathFactory) -> RunProbe:
    """Run `fairstats ARGS` in a fresh interpreter; one process per distinct case per session."""
    workdir = tmp_path_factory.mktemp("imports")
    (workdir / DATA_FOLDER).mkdir()
    (workdir / DATA_FOLDER / BUNDLED.name).write_bytes(BUNDLED.read_bytes())
    cache: dict[tuple[tuple[str, ...], bool], Probe] = {}

    def run(*args: str, absent_data: bool = False) -> Probe:
        key = (args, absent_data)
        if key in cache:
            return cache[key]
        env = {name: value for name, value in os.environ.items() if "FAIRSTATS" not in name}
        env.update(NO_COLOR="1", COLUMNS="100", PYTHONIOENCODING="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
        if absent_data:  # several paths, as the variable may hold: a file and a folder
            paths = (str(workdir / DATA_FOLDER), str(workdir / ABSENT_DATASET))
            env["FAIRSTATS_DATA"] = os.pathsep.join(paths)
        report_path = workdir / f"probe{len(cache)}.json"
        completed = subprocess.run(
            [sys.executable, "-c", PROBE, str(report_path), *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        stderr = completed.stderr.decode("utf-8")
        assert completed.returncode == 0, f"the probe itself failed:\n{stderr}"
        report = json.loads(report_path.read_text(encoding="utf-8"))
        cache[key] = Probe(
            args=args,
            exit_code=report["exit_code"],
            stdout=completed.stdout,
            stderr=stderr,
            modules=frozenset(report["modules"]),
            opened=tuple(report["opened"]),
            listed=tuple(report["listed"]),
        )
        return cache[key]

    return run


def _machine_args(output_format: str) -> list[tuple[str, ...]]:
    report_commands = [(command, "-f", output_format) for command in REPORT_COMMANDS]
    return [*report_commands, ("validate", "-f", output_format, str(BUNDLED))]


MACHINE_CASES = [
    pytest.param(args, id=f"{args[0]}-{output_format}")
    for output_format in MACHINE_FORMATS
    for args in _machine_args(output_format)
]
CSV_CASES = [pytest.param(args, id=f"{args[0]}-csv") for args in _machine_args("csv")]
HUMAN_COMMANDS = ("summary", "check")
HUMAN_FORMATS = ("table", "markdown")
HELP_CASES = [
    pytest.param(("--help",), id="help"),
    pytest.param(("summary", "--help"), id="summary-help"),
    pytest.param(("--version",), id="version"),
]


@pytest.mark.parametrize("args", MACHINE_CASES)
def test_machine_formats_load_no_renderer(probe: RunProbe, args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip(), "the command printed nothing"
    assert result.loaded(RENDER_LIBRARIES) == []
    assert sorted(result.modules & MARKDOWN_MODULES) == []
    assert sorted(result.modules & HTML_MODULES) == []


@pytest.mark.parametrize("args", CSV_CASES)
def test_csv_path_loads_no_slow_importlib_parts(probe: RunProbe, args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    slow = sorted(
        name
        for name in result.modules
        for prefix in SLOW_STDLIB
        if name == prefix or name.startswith(f"{prefix}.")
    )
    assert slow == []


@pytest.mark.parametrize("command", HUMAN_COMMANDS)
@pytest.mark.parametrize(
    ("fmt", "needed", "not_needed"),
    [
        ("table", "rich", {"fairstats.output.markdown", "fairstats.output.htmlpage", "tabulate"}),
        ("markdown", "fairstats.output.tabulated", {"rich", "fairstats.output.htmlpage"}),
        ("html", "fairstats.output.htmlpage", {"rich", "fairstats.output.markdown", "tabulate"}),
        ("latex", "fairstats.output.tabulated", {"rich", "fairstats.output.htmlpage"}),
    ],
)
def test_human_formats_load_only_their_renderer(
    probe: RunProbe, command: str, fmt: str, needed: str, not_needed: set[str]
) -> None:
    result = probe(command, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip(), "the command printed nothing"
    assert needed in result.modules
    assert sorted(result.modules & not_needed) == []


@pytest.mark.parametrize(
    "args",
    [
        *MACHINE_CASES,
        *(pytest.param((c, "-f", f), id=f"{c}-{f}") for c in HUMAN_COMMANDS for f in HUMAN_FORMATS),
    ],
)
def test_only_xlsx_loads_openpyxl(probe: RunProbe, args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip(), "the command printed nothing"
    expected = sorted(XLSX_LIBRARIES) if "xlsx" in args else []
    assert result.loaded(XLSX_LIBRARIES) == expected


@pytest.mark.parametrize(
    "args",
    [
        *MACHINE_CASES,
        *(pytest.param((c, "-f", f), id=f"{c}-{f}") for c in HUMAN_COMMANDS for f in HUMAN_FORMATS),
        *HELP_CASES,
        pytest.param(("chart", "--help"), id="chart-help"),
    ],
)
def test_only_chart_loads_matplotlib(probe: RunProbe, args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    # openpyxl imports numpy and pillow where they are installed (for its own optional uses)
    allowed = {"numpy", "PIL"} if "xlsx" in args else set()
    assert result.loaded(PLOTTING_LIBRARIES - allowed) == []


def test_chart_loads_matplotlib_without_pyplot_or_a_text_renderer(probe: RunProbe) -> None:
    pytest.importorskip("matplotlib")
    result = probe("chart", "breakdown", "-o", "chart.svg")
    assert result.exit_code == 0, result.stderr
    assert "matplotlib" in result.modules
    # pyplot would choose a backend and may open a display; a bare Figure needs neither
    assert sorted(result.modules & {"matplotlib.pyplot", "tkinter", "PyQt5", "PySide6"}) == []
    assert result.loaded(RENDER_LIBRARIES | XLSX_LIBRARIES) == []


def test_a_chart_in_text_loads_rich_and_not_matplotlib(probe: RunProbe) -> None:
    result = probe("chart", "breakdown")
    assert result.exit_code == 0, result.stderr
    assert "rich" in result.modules
    assert result.loaded(PLOTTING_LIBRARIES) == []


@pytest.mark.parametrize("args", HELP_CASES)
def test_help_and_version_load_no_renderer_and_read_no_dataset(
    probe: RunProbe, args: tuple[str, ...]
) -> None:
    result = probe(*args, absent_data=True)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip(), "nothing was printed"
    assert result.loaded(RENDER_LIBRARIES | XLSX_LIBRARIES) == []
    assert result.opened_named(ABSENT_DATASET) == []
    assert result.opened_named(BUNDLED.name) == []
    assert result.listed_named(DATA_FOLDER) == []


def test_the_probe_sees_a_dataset_being_opened(probe: RunProbe) -> None:
    """The control for the test above: a command that does read the data is caught doing so."""
    result = probe("summary", "-f", "csv", absent_data=True)
    assert result.exit_code == 2
    assert result.opened_named(ABSENT_DATASET) != []
    assert result.listed_named(DATA_FOLDER) != []
    assert probe("summary", "-f", "csv").opened_named(BUNDLED.name) != []


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("schema",), id="schema"),
        pytest.param(("upgrade", str(V1_DATASET)), id="upgrade"),
    ],
)
def test_commands_that_print_json_load_no_renderer(probe: RunProbe, args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout), "the command printed no JSON"
    assert result.loaded(RENDER_LIBRARIES | XLSX_LIBRARIES) == []


@pytest.mark.parametrize("args", CSV_CASES)
def test_short_options_parse_without_a_failed_long_match(
    probe: RunProbe, args: tuple[str, ...]
) -> None:
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    assert result.loaded(FAILED_LONG_MATCH) == []


def test_the_probe_sees_a_failed_long_match(probe: RunProbe) -> None:
    """The control for the test above: a misspelt long option is a failed match, and loads
    what the test looks for."""
    result = probe("summary", "--formt", "csv")
    assert result.exit_code == 2
    assert "No such option '--formt'" in result.stderr
    assert result.loaded(FAILED_LONG_MATCH) == sorted(FAILED_LONG_MATCH)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("summary", "-f", "csv"), id="summary-csv"),
        pytest.param(("--version",), id="version"),
    ],
)
def test_start_up_looks_up_no_translation(probe: RunProbe, args: tuple[str, ...]) -> None:
    # options.py defines its own --help and --version options, and its own path type, so that
    # no translation is looked up on a run (help text itself is click's to lay out, "Usage:"
    # included, and that does look one up)
    result = probe(*args)
    assert result.exit_code == 0, result.stderr
    assert result.loaded(TRANSLATION) == []


@pytest.mark.parametrize(
    ("text", "html_parser"),
    [
        pytest.param("第二届进博会累计意向成交711.3亿美元,比首届增长23%。\n", False, id="text"),
        pytest.param("<!DOCTYPE html><title>进博会</title><p>成交711.3亿美元</p>", True, id="page"),
    ],
)
def test_draft_loads_no_renderer_and_parses_html_only_for_a_page(
    probe: RunProbe, tmp_path: Path, text: str, html_parser: bool
) -> None:
    source = tmp_path / "release.txt"
    source.write_text(text, encoding="utf-8")
    result = probe("draft", str(source))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["figures"], "the draft holds no figure"
    assert result.loaded(RENDER_LIBRARIES | XLSX_LIBRARIES) == []
    assert ("html.parser" in result.modules) is html_parser
    # the version 1 reader is upgrade's: a draft only writes JSON
    assert "fairstats.input.legacy" not in result.modules
