"""Start-up benchmark: whole `fairstats` processes against the cheapest process doing the same.

Every command is timed as a whole process (fork, interpreter start-up, imports, work, exit) and
paired with a *floor*: the smallest Python process that imports what that output path cannot do
without (click; click and rich for the table; click and tabulate for markdown and the other
tabulated formats; click and the standard library's html for the page). Each iteration runs
the command and its floor back to back, in alternating order, and the ratio of the two is
taken within the iteration, so drift in the machine's speed cancels out. The report gives
medians of each and the median of the paired ratios.

Two input sizes are timed as well:
- series: folders of 10, 100 and 1,000 editions, copies of the bundled release one per year
  (as they are, each edition's growth rates meet the copy before it and disagree with it;
  and without their growth rates, a consistent series), checked together;
- a file at the 8 MiB limit: the bundled release with a breakdown of as many categories as
  fit, consistent, with `summary` and `check`, time and peak memory;
- adversarial shapes (`shapes.py`: many statements about one quantity, a long chain of
  relations, a deep tree of scopes, a version 1 file at the limit) and the series, each command
  once (the median of three when it is quick), with a time-out and a memory cap, against the
  targets: under 10 s and 1 GiB in every command.

    python bench/bench.py            # 21 runs of each start-up case
    python bench/bench.py --quick    # 5 runs of each
    python bench/bench.py --runs 51
    python bench/bench.py --only shapes --timeout 60

Standard library only; runs the console script of the interpreter that runs it (or
`-m fairstats`), so it measures whichever environment runs it. Nothing here is asserted: timing
belongs in a report, not in the test suite.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import shapes as adversarial  # bench/shapes.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "fair2022.json"
RELEASES = ROOT / "data" / "releases"
TARGET_RATIO = 1.25
DRAFT_RATIO = 2.0  # draft on a 10 KB text: it reads every sentence, within 2x its floor
SERIES_SIZES = (10, 100, 1000)
SERIES_TARGET = 2.0  # check over 100 editions, as a ratio of the `import click` floor
SIZE_RUNS = 3  # runs of each size case: they are long, and show growth, not a ratio
MAX_FILE_BYTES = 8 * 1024 * 1024
SECTIONS = ("startup", "series", "large", "shapes")
SHAPE_SECONDS = 10.0  # target: every command on every shape under 10 s ...
SHAPE_MIB = 1024  # ... and 1 GiB
SHAPE_TIMEOUT = 60.0  # seconds a command may run before it is stopped (--timeout)
SHAPE_MEMORY_CAP = 4096  # MiB of address space a command may take (--memory-cap)
SHAPE_QUICK = 1.0  # a command quicker than this is run twice more, and the median taken
CONTRADICTING_TARGET = 2.0  # 100 contradicting editions within 2x the time of 100 agreeing
FLAT_TARGET = 1.25  # 1,000 agreeing editions: at most this times the cost per edition of 100

PY = sys.executable
# The console script a user runs, when this interpreter's environment has one; else -m.
_SCRIPT = Path(PY).with_name("fairstats")
FAIRSTATS = (PY, str(_SCRIPT)) if _SCRIPT.is_file() else (PY, "-m", "fairstats")
FLOOR_CLICK = (PY, "-c", "import click")
FLOOR_TABLE = (PY, "-c", "import click, rich.console, rich.table")
FLOOR_HTML = (PY, "-c", "import click, html")
FLOOR_TABULATE = (PY, "-c", "import click, tabulate")
_CLICK_GROUP = """\
import click


@click.group()
@click.version_option("0.1.0", prog_name="floor")
def cli():
    \"\"\"A trivial group.\"\"\"


@cli.command()
def one():
    \"\"\"A command.\"\"\"


cli(prog_name="floor")
"""
# What the chart path cannot do without: matplotlib's Figure and the canvas of the format.
FLOOR_CHART_SVG = (PY, "-c", "import click, matplotlib.figure, matplotlib.backends.backend_svg")
FLOOR_CHART_PNG = (PY, "-c", "import click, matplotlib.figure, matplotlib.backends.backend_agg")
FLOOR_HELP = (PY, "-c", _CLICK_GROUP, "--help")
FLOOR_VERSION = (PY, "-c", _CLICK_GROUP, "--version")
FLOOR_NAMES = {
    FLOOR_CLICK: "import click",
    FLOOR_TABLE: "import click, rich.console, rich.table",
    FLOOR_HTML: "import click, html",
    FLOOR_TABULATE: "import click, tabulate",
    FLOOR_CHART_SVG: "import click, matplotlib Figure and SVG canvas",
    FLOOR_CHART_PNG: "import click, matplotlib Figure and Agg canvas",
    FLOOR_HELP: "click group --help",
    FLOOR_VERSION: "click group --version",
}


@dataclass
class Case:
    """One command, its floor, and the timings of both (seconds), paired by iteration."""

    label: str
    command: tuple[str, ...]
    floor: tuple[str, ...]
    ok_codes: tuple[int, ...] = (0,)
    target: bool = True  # False: a size case, there to show growth, not held to the ratio
    limit: float = TARGET_RATIO  # the ratio it is held to
    prints: bool = True  # False: it writes a file (a chart), and stdout stays empty
    command_times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [c / f for c, f in zip(self.command_times, self.floor_times, strict=True)]


@dataclass(frozen=True)
class Series:
    """A folder of editions of one fair."""

    label: str
    path: Path
    editions: int
    size: int


def environment(pycache: Path | None) -> dict[str, str]:
    """The child processes' environment: no FAIRSTATS_* settings, no colour, 100 columns.

    With `pycache`, bytecode is cached there (PYTHONPYCACHEPREFIX) even when the caller has
    PYTHONDONTWRITEBYTECODE set: otherwise an editable install recompiles every fairstats module
    on every run, which an installed wheel never does, while the floors' imports come from
    bytecode. Nothing is written next to the sources either way.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("FAIRSTATS")}
    env.update(NO_COLOR="1", COLUMNS="100")
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def machine_description() -> list[str]:
    lines = [
        f"platform:  {platform.platform()}",
        f"machine:   {platform.machine()} {platform.processor() or ''}".rstrip(),
        f"python:    {platform.python_implementation()} {platform.python_version()}"
        f" ({sys.executable})",
    ]
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    lines.append(f"CPUs:      {cpus} (usable by this process: {usable})")
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        lines.append(f"load:      {load} (1, 5, 15 min, at start)")
    try:
        from importlib.metadata import PackageNotFoundError, version

        versions = []
        for package in ("fairstats", "click", "rich"):
            try:
                versions.append(f"{package} {version(package)}")
            except PackageNotFoundError:
                versions.append(f"{package} (not installed)")
        lines.append(f"packages:  {', '.join(versions)}")
    except ImportError:  # pragma: no cover - very old Pythons
        pass
    lines.append(f"runs:      {' '.join(FAIRSTATS)} ...")
    return lines


# Generated datasets ------------------------------------------------------------------------


def _bundled() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return document


def generate_series(directory: Path, editions: int, *, growth: bool) -> Series:
    """Copies of the bundled release, one per year, ending with its own year. With `growth`,
    each keeps its growth rates, which the copy before it contradicts (79 projects both years,
    yet +338.9%); without, the series is consistent."""
    document = _bundled()
    last = document["fair"]["year"]
    folder = directory / f"series-{editions}{'' if growth else '-consistent'}"
    folder.mkdir()
    for year in range(last - editions + 1, last + 1):
        edition = copy.deepcopy(document)
        fair = edition["fair"]
        fair["year"] = year
        for key in ("start_date", "end_date"):
            fair[key] = f"{year}{fair[key][4:]}"
        for source in edition["sources"]:
            source["published"] = f"{year}{source['published'][4:]}"
        if not growth:
            edition["relations"] = [r for r in edition["relations"] if r["type"] != "growth"]
        path = folder / f"liao-fair-{year}.json"
        path.write_text(json.dumps(edition, ensure_ascii=False), encoding="utf-8")
    size = sum(path.stat().st_size for path in folder.iterdir())
    label = f"{editions} editions{' (copies)' if growth else ' (consistent)'}"
    return Series(label, folder, editions, size)


def generate_large(directory: Path) -> tuple[Path, int]:
    """The bundled release with a complete breakdown of a scope of its own into as many
    one-project categories as fit under the loader's 8 MiB limit (consistent: the scope's
    printed totals are the categories' sums)."""
    document = _bundled()
    document["scopes"].append({"id": "catalogue", "name": "catalogue"})
    dimension: dict[str, Any] = {
        "id": "many", "name": "by category", "of": "catalogue", "complete": True,
        "categories": [],
    }  # fmt: skip
    document["dimensions"].append(dimension)
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    used = len(json.dumps(document, **compact).encode()) + 200  # room for the two totals
    parts: list[dict[str, Any]] = []
    count = 0
    while True:
        category = {"id": f"c{count + 1}", "name": f"category {count + 1}"}
        figures = [
            {"scope": category["id"], "measure": "projects", "value": 1},
            {"scope": category["id"], "measure": "investment", "value": 0.001},
        ]
        entry = len(json.dumps([category, *figures], **compact).encode())
        if used + entry > MAX_FILE_BYTES:
            break
        used += entry
        dimension["categories"].append(category)
        parts += figures
        count += 1
    totals = [
        {"scope": "catalogue", "measure": "projects", "value": count},
        {"scope": "catalogue", "measure": "investment", "value": float(Decimal(count) / 1000)},
    ]
    document["figures"] += totals + parts
    path = directory / "large.json"
    path.write_text(json.dumps(document, **compact), encoding="utf-8")
    return path, count


# Timing ------------------------------------------------------------------------------------


def time_process(command: tuple[str, ...], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    return time.perf_counter() - start, completed.returncode


_PEAK = """\
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(code, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def time_and_peak(command: tuple[str, ...], env: dict[str, str]) -> tuple[int, float, int]:
    """A process's exit code, seconds and peak resident memory (KiB), measured by a parent
    process of its own so that nothing else counts."""
    completed = subprocess.run(
        (PY, "-c", _PEAK, *command), capture_output=True, text=True, env=env, check=True
    )
    code, seconds, peak = completed.stdout.split()
    return int(code), float(seconds), int(peak)


def preflight(cases: list[Case], env: dict[str, str]) -> None:
    """Run each command and floor once (also warming caches); stop on any unexpected result.

    A command must exit with one of its expected codes and print something; a floor must exit 0.
    """
    for case in cases:
        for command, ok_codes, prints in (
            (case.command, case.ok_codes, case.prints),
            (case.floor, (0,), False),
        ):
            completed = subprocess.run(
                command, capture_output=True, text=True, env=env, check=False
            )
            if completed.returncode not in ok_codes or (prints and not completed.stdout.strip()):
                sys.exit(
                    f"{case.label}: {' '.join(command[1:])!r} exited {completed.returncode}"
                    f" (stdout {len(completed.stdout)} chars):\n{completed.stderr}"
                )


def measure(cases: list[Case], runs: int, env: dict[str, str]) -> None:
    """Run every case `runs` times; each iteration times a command and its floor back to back.

    The order within a pair alternates between iterations, and the cases take turns within an
    iteration, so neither drift nor a warm-up effect favours one side.
    """
    for iteration in range(runs):
        for case in cases:
            order = ("command", "floor") if iteration % 2 == 0 else ("floor", "command")
            for side in order:
                command = case.command if side == "command" else case.floor
                seconds, code = time_process(command, env)
                allowed = case.ok_codes if side == "command" else (0,)
                if code not in allowed:
                    sys.exit(f"{case.label}: {side} exited {code} in run {iteration + 1}")
                (case.command_times if side == "command" else case.floor_times).append(seconds)
        if sys.stderr.isatty():
            print(f"\r  run {iteration + 1}/{runs}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)


_LIMITED = """\
import resource, subprocess, sys, time
timeout, cap = float(sys.argv[1]), int(sys.argv[2])


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap * 1024 * 1024, cap * 1024 * 1024))


start = time.perf_counter()
try:
    completed = subprocess.run(
        sys.argv[3:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
        preexec_fn=limit if cap else None,
    )
    code, stderr = str(completed.returncode), completed.stderr
except subprocess.TimeoutExpired:  # run() has killed the process and waited for it
    code, stderr = "timeout", b""
seconds = time.perf_counter() - start
memory = int(b"MemoryError" in stderr)
print(code, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, memory)
"""


@dataclass
class Limited:
    """One command on one input: exit code (None: stopped at the time-out), the median of its
    runs' seconds, the largest peak resident memory (KiB), and whether it ran out of the
    memory cap."""

    label: str
    code: int | None
    seconds: float
    peak: int
    out_of_memory: bool
    runs: int

    @property
    def on_target(self) -> bool:
        return (
            self.code is not None
            and not self.out_of_memory
            and self.seconds < SHAPE_SECONDS
            and self.peak / 1024 < SHAPE_MIB
        )


def run_limited(
    label: str, command: tuple[str, ...], env: dict[str, str], timeout: float, cap: int
) -> Limited:
    """A command timed with a time-out and a cap on its address space (MiB, 0 for none): once,
    or three times (the median) when it takes less than SHAPE_QUICK."""
    results: list[tuple[int | None, float, int, bool]] = []
    while True:
        completed = subprocess.run(
            (PY, "-c", _LIMITED, str(timeout), str(cap), *command),
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        code, seconds, peak, memory = completed.stdout.split()
        results.append(
            (None if code == "timeout" else int(code), float(seconds), int(peak), memory == "1")
        )
        if len(results) == 3 or results[0][1] >= SHAPE_QUICK or results[0][0] is None:
            break
    return Limited(
        label,
        code=results[0][0],
        seconds=statistics.median(result[1] for result in results),
        peak=max(result[2] for result in results),
        out_of_memory=any(result[3] for result in results),
        runs=len(results),
    )


@dataclass(frozen=True)
class Subject:
    """An input of the shapes section: a file or a folder, and the commands timed on it."""

    label: str
    path: Path
    size: int
    commands: tuple[str, ...]  # beside check, summary and validate: "share", "growth"


def shape_subjects(directory: Path) -> list[Subject]:
    """Each adversarial shape written to `directory` (and checked to fit the 8 MiB limit)."""
    folder = directory / "shapes"
    folder.mkdir()
    subjects = []
    for shape in adversarial.SHAPES:
        path = adversarial.write(shape, folder)
        subjects.append(Subject(shape.name, path, path.stat().st_size, shape.extra))
    return subjects


def time_subject(subject: Subject, env: dict[str, str], timeout: float, cap: int) -> list[Limited]:
    data = ("-d", str(subject.path))
    commands = [
        ("check -f csv", ("check", "-f", "csv", *data)),
        ("summary -f csv", ("summary", "-f", "csv", *data)),
        ("validate", ("validate", str(subject.path))),
    ]
    commands += [(f"{name} -f csv", (name, "-f", "csv", *data)) for name in subject.commands]
    results = []
    for label, args in commands:
        results.append(run_limited(label, (*FAIRSTATS, *args), env, timeout, cap))
        if sys.stderr.isatty():
            print(f"\r  {subject.label}: {label}" + " " * 20, end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr, flush=True)
    return results


# Report ------------------------------------------------------------------------------------


def quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


def format_table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report_cases(cases: list[Case]) -> str:
    rows = []
    for case in cases:
        ratio = statistics.median(case.ratios)
        low, high = quartiles(case.ratios)
        rows.append(
            [
                case.label,
                ms(statistics.median(case.command_times)),
                ms(statistics.median(case.floor_times)),
                f"{ratio:.3f}",
                f"{low:.2f}-{high:.2f}",
                ("ok" if ratio <= case.limit else "OVER") if case.target else "(size)",
                FLOOR_NAMES[case.floor],
            ]
        )
    header = ["command", "median ms", "floor ms", "ratio", "ratio IQR", "target", "floor"]
    return format_table(header, rows, right={1, 2, 3, 4})


def report_series(series: list[Series], by_series: dict[str, Case]) -> str:
    """Per series: medians, the time above the floor, that time per edition, and the ratio to
    the floor (held to SERIES_TARGET at 100 editions). Equal ms/edition at every size mean the
    cost grows linearly with the number of editions."""
    rows = []
    for item in series:
        case = by_series[item.label]
        above = statistics.median(
            c - f for c, f in zip(case.command_times, case.floor_times, strict=True)
        )
        ratio = statistics.median(case.ratios)
        target = ""
        if item.editions == 100:
            target = "ok" if ratio <= SERIES_TARGET else "OVER"
        rows.append(
            [
                item.label,
                f"{item.size:,}",
                ms(statistics.median(case.command_times)),
                ms(above),
                f"{above * 1000 / item.editions:.2f}",
                f"{ratio:.2f}",
                target,
            ]
        )
    header = ["check -f csv -d FOLDER", "bytes", "median ms", "above floor", "ms/edition",
              "ratio", f"target {SERIES_TARGET}x"]  # fmt: skip
    return format_table(header, rows, right={1, 2, 3, 4, 5})


def report_large(results: list[tuple[str, int, float, int]], categories: int, size: int) -> str:
    rows = [
        [label, str(code), f"{seconds:.2f}", f"{peak / 1024:.0f}"]
        for label, code, seconds, peak in results
    ]
    header = [f"{size:,} bytes, {categories:,} categories", "exit", "seconds", "peak MiB"]
    return format_table(header, rows, right={1, 2, 3})


def report_shapes(timed: list[tuple[Subject, list[Limited]]], timeout: float, cap: int) -> str:
    """One row per command and input: exit code, seconds (the median of its runs), peak MiB,
    and whether it is on target (under SHAPE_SECONDS and SHAPE_MIB)."""
    rows = []
    for subject, results in timed:
        for index, result in enumerate(results):
            seconds = f"> {timeout:g}" if result.code is None else f"{result.seconds:.2f}"
            peak = f"{result.peak / 1024:,.0f}"
            if result.code is None:
                peak = f">= {peak}"  # as far as it got
            if result.out_of_memory:
                peak = f"> {cap:,}"
            code = "time-out" if result.code is None else str(result.code)
            if result.out_of_memory:
                code = "MemoryError"
            rows.append(
                [
                    subject.label if index == 0 else "",
                    f"{subject.size:,}" if index == 0 else "",
                    result.label,
                    code,
                    seconds,
                    peak,
                    str(result.runs),
                    "ok" if result.on_target else "OVER",
                ]
            )
    header = ["input", "bytes", "command", "exit", "seconds", "peak MiB", "runs",
              f"< {SHAPE_SECONDS:g} s, {SHAPE_MIB:,} MiB"]  # fmt: skip
    return format_table(header, rows, right={1, 3, 4, 5, 6})


def report_series_targets(timed: dict[str, tuple[Subject, list[Limited]]], floor: float) -> str:
    """Per command: 100 contradicting editions against 100 agreeing ones (at most
    CONTRADICTING_TARGET times the time), and the cost per edition above the floor of 1,000
    agreeing ones against 100 (at most FLAT_TARGET times: a flat cost)."""
    agreeing = timed["100 agreeing"][1]
    contradicting = timed["100 contradicting"][1]
    thousand = timed["1000 agreeing"][1]
    rows = []
    for mine, theirs, many in zip(agreeing, contradicting, thousand, strict=True):
        stopped = mine.code is None or theirs.code is None or many.code is None
        ratio = theirs.seconds / mine.seconds
        per_100 = (mine.seconds - floor) * 1000 / 100
        per_1000 = (many.seconds - floor) * 1000 / 1000
        flat = per_1000 / per_100 if per_100 > 0 else float("inf")
        rows.append(
            [
                mine.label,
                f"{mine.seconds:.2f}",
                f"{theirs.seconds:.2f}",
                f"{ratio:.2f}",
                "OVER" if stopped or ratio > CONTRADICTING_TARGET else "ok",
                f"{per_100:.2f}",
                f"{per_1000:.2f}",
                f"{flat:.2f}",
                "OVER" if stopped or flat > FLAT_TARGET else "ok",
            ]
        )
    header = ["command", "100 agreeing s", "100 contradicting s", "ratio",
              f"<= {CONTRADICTING_TARGET:g}x", "ms/edition (100)", "ms/edition (1000)", "ratio",
              f"<= {FLAT_TARGET:g}x"]  # fmt: skip
    return format_table(header, rows, right={1, 2, 3, 5, 6, 7})


def release_text(directory: Path) -> Path:
    """A release's text of 10 KB, in the phrasings `draft` reads (Chinese and English; figures,
    shares, growth, averages, parts, ranks), its numbers varied sentence by sentence."""
    sentences = (
        "第{n}届博览会共签约项目{a}个,总投资{b}.{n}亿元,比上届增长{c}.5%。",
        "其中,外商投资项目{d}个、总投资{e}亿元,占总投资的{c}.{n}%。",
        "单个项目平均投资额超{d}亿元,签约项目数位居全省第一。",
        "More than {a},{b:03d} exhibitors from {d} countries attended, including {e} overseas "
        "buyers; deals worth ${b}.{n} billion were signed, up {c}.{n}% on last year.\n",
    )
    path = directory / "release.txt"
    parts = ["# 第二十届博览会签约成果\n# 新华社, 2024-09-09\n"]
    n = 0
    while sum(len(part.encode()) for part in parts) < 10 * 1024:
        n += 1
        numbers = {"n": n, "a": 40 + n, "b": 100 + 7 * n, "c": n % 30 + 1, "d": n % 9 + 2}
        parts += [sentence.format(e=3 * n, **numbers) for sentence in sentences]
    path.write_text("".join(parts), encoding="utf-8")
    return path


# Main --------------------------------------------------------------------------------------


def build_cases(series: list[Series], directory: Path) -> tuple[list[Case], dict[str, Case]]:
    def fair(*args: str) -> tuple[str, ...]:
        return (*FAIRSTATS, *args)

    cases = [
        Case("summary -f table", fair("summary", "-f", "table"), FLOOR_TABLE),
        Case("summary -f csv", fair("summary", "-f", "csv"), FLOOR_CLICK),
        Case("summary -f json", fair("summary", "-f", "json"), FLOOR_CLICK),
        Case("summary -f jsonl", fair("summary", "-f", "jsonl"), FLOOR_CLICK),
        Case("summary -f html", fair("summary", "-f", "html"), FLOOR_HTML),
        Case("summary -f latex", fair("summary", "-f", "latex"), FLOOR_TABULATE),
        Case("check -f html", fair("check", "-f", "html"), FLOOR_HTML),
        Case("summary -f markdown", fair("summary", "-f", "markdown"), FLOOR_TABULATE),
        Case("breakdown -f csv", fair("breakdown", "-f", "csv"), FLOOR_CLICK),
        Case("share -f csv", fair("share", "-f", "csv"), FLOOR_CLICK),
        Case("growth -f csv", fair("growth", "-f", "csv"), FLOOR_CLICK),
        Case("check -f csv", fair("check", "-f", "csv"), FLOOR_CLICK, (0, 1)),
        Case("check -f table", fair("check", "-f", "table"), FLOOR_TABLE, (0, 1)),
        Case("--help", fair("--help"), FLOOR_HELP),
        Case("--version", fair("--version"), FLOOR_VERSION),
        Case("validate (table)", fair("validate", str(BUNDLED)), FLOOR_TABLE),
        Case(
            "draft (10 KB text)",
            fair("draft", str(release_text(directory))),
            FLOOR_CLICK,
            limit=DRAFT_RATIO,
        ),
    ]
    by_series = {
        item.label: Case(
            f"check ({item.label})",
            fair("check", "-f", "csv", "-d", str(item.path)),
            FLOOR_CLICK,
            (0, 1),
            target=False,
        )
        for item in series
    }
    if importlib.util.find_spec("matplotlib") is not None:  # the charts extra
        files = [RELEASES / f"ciie-{year}.json" for year in (2019, 2020, 2021)]
        ciie = [arg for path in files for arg in ("-d", str(path))]
        series_args = ("chart", "series", *ciie, "--measure", "deals", "--measure", "exhibitors")
        cases += [
            Case(
                "chart breakdown (svg)",
                fair("chart", "breakdown", "-o", str(directory / "breakdown.svg")),
                FLOOR_CHART_SVG,
                prints=False,
            ),
            Case(
                "chart series CIIE (svg)",
                fair(*series_args, "-o", str(directory / "series.svg")),
                FLOOR_CHART_SVG,
                prints=False,
            ),
            Case(
                "chart series CIIE (png)",
                fair(*series_args, "-o", str(directory / "series.png")),
                FLOOR_CHART_PNG,
                prints=False,
            ),
        ]
    csvstat = shutil.which("csvstat")
    if csvstat is not None:
        tiny = directory / "tiny.csv"
        tiny.write_text("name,projects\nforeign-funded,16\ndomestic-funded,63\n", encoding="utf-8")
        cases.append(Case("csvstat tiny.csv (yardstick)", (csvstat, str(tiny)), FLOOR_CLICK))
    return cases, by_series


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, help="iterations per case (default 21; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="few runs, for a rough look")
    parser.add_argument(
        "--inherit-bytecode-env",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE / PYTHONPYCACHEPREFIX as they are (default: cache "
        "bytecode in a temporary directory, as an installed package would have it)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        metavar="SECTION",
        help=f"run only this section (repeatable; of {', '.join(SECTIONS)}; default: all)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=SHAPE_TIMEOUT,
        help=f"shapes: seconds before a command is stopped (default {SHAPE_TIMEOUT:g})",
    )
    parser.add_argument(
        "--memory-cap",
        type=int,
        default=SHAPE_MEMORY_CAP,
        metavar="MIB",
        help=f"shapes: a command's address space, MiB, 0 for none (default {SHAPE_MEMORY_CAP})",
    )
    options = parser.parse_args(argv)
    runs = options.runs if options.runs is not None else (5 if options.quick else 21)
    if runs < 1:
        parser.error("--runs must be at least 1")
    if options.timeout <= 0 or options.memory_cap < 0:
        parser.error("--timeout must be positive and --memory-cap at least 0")
    sections = set(options.only or SECTIONS)

    print("\n".join(machine_description()))
    with tempfile.TemporaryDirectory(prefix="fairstats-bench-") as temp:
        directory = Path(temp)
        env = environment(None if options.inherit_bytecode_env else directory / "pycache")
        bytecode = (
            "inherited bytecode settings"
            if options.inherit_bytecode_env
            else "bytecode cached in a temporary PYTHONPYCACHEPREFIX"
        )
        paired = f"; {runs} paired runs per case" if "startup" in sections else ""
        print(f"env:       NO_COLOR=1 COLUMNS=100, {bytecode}{paired}")
        if sections != set(SECTIONS):
            print(f"sections:  {', '.join(s for s in SECTIONS if s in sections)}")
        generated: dict[tuple[int, bool], Series] = {}

        def series_of(editions: int, growth: bool) -> Series:
            if (editions, growth) not in generated:
                generated[editions, growth] = generate_series(directory, editions, growth=growth)
            return generated[editions, growth]

        series = [
            series_of(editions, growth)
            for growth in (True, False)
            for editions in SERIES_SIZES
            if not (growth and editions > 100)  # a thousand contradicting copies: minutes
        ] if "series" in sections else []  # fmt: skip
        cases, by_series = build_cases(series, directory)
        if "startup" not in sections:
            cases = []
        preflight([*cases, *by_series.values()], env)
        measure(cases, runs, env)
        measure(list(by_series.values()), min(runs, SIZE_RUNS), env)
        large_results = []
        if "large" in sections:
            large, categories = generate_large(directory)
            for label, args in (
                ("summary -f csv", ("summary", "-f", "csv")),
                ("summary -f table", ("summary", "-f", "table")),
                ("check -f csv", ("check", "-f", "csv")),
                ("check -f table", ("check", "-f", "table")),  # the layout of long details
            ):
                code, seconds, peak = time_and_peak((*FAIRSTATS, *args, "-d", str(large)), env)
                large_results.append((label, code, seconds, peak))
            large_size = large.stat().st_size
        shapes_timed: list[tuple[Subject, list[Limited]]] = []
        series_timed: dict[str, tuple[Subject, list[Limited]]] = {}
        if "shapes" in sections:
            floor = statistics.median(time_process(FLOOR_CLICK, env)[0] for _ in range(5))
            subjects = shape_subjects(directory)
            for key, editions, growth in (
                ("100 agreeing", 100, False),
                ("100 contradicting", 100, True),
                ("1000 agreeing", 1000, False),
            ):
                item = series_of(editions, growth)
                subject = Subject(f"{key} editions", item.path, item.size, ("growth",))
                subjects.append(subject)
                series_timed[key] = (subject, [])
            for subject in subjects:
                results = time_subject(subject, env, options.timeout, options.memory_cap)
                shapes_timed.append((subject, results))
                key = subject.label.removesuffix(" editions")
                if key in series_timed:
                    series_timed[key] = (subject, results)
        if hasattr(os, "getloadavg"):
            print(f"load:      {os.getloadavg()[0]:.2f} (1 min, at end)")

    if cases:
        print()
        print(
            "Whole-process times; ratio = median over runs of command/floor,"
            f" target <= {TARGET_RATIO}x (draft: {DRAFT_RATIO}x)"
        )
        print()
        print(report_cases(cases))
    if series:
        print()
        print(
            f"Series ({min(runs, SIZE_RUNS)} runs each): above floor = median of paired (command"
            " - floor); ms/edition = that over the number of editions (equal values: linear"
            " growth)"
        )
        print()
        print(report_series(series, by_series))
    if large_results:
        print()
        print("A file at the 8 MiB limit (one run each; NO_COLOR=1 COLUMNS=100)")
        print()
        print(report_large(large_results, categories, large_size))
    if shapes_timed:
        print()
        print(
            f"Adversarial shapes and series (one run each, the median of 3 under {SHAPE_QUICK:g}"
            f" s; stopped after {options.timeout:g} s, address space capped at"
            f" {options.memory_cap:,} MiB; NO_COLOR=1 COLUMNS=100)"
        )
        print()
        print(report_shapes(shapes_timed, options.timeout, options.memory_cap))
        print()
        print(
            "Series: 100 contradicting editions against 100 agreeing ones; cost per edition above"
            f" the `import click` floor ({floor * 1000:.1f} ms) of 1,000 agreeing against 100"
        )
        print()
        print(report_series_targets(series_timed, floor))


if __name__ == "__main__":
    main()
