"""Start-up benchmark: whole `fairstats` processes against the cheapest process doing the same.

Every command is timed as a whole process (fork, interpreter start-up, imports, work, exit) and
paired with a *floor*: the smallest Python process that imports what that output path cannot do
without (click; click and rich for the table; click and tabulate for markdown). Each iteration
runs the command and its floor back to back, in alternating order, and the ratio of the two is
taken within the iteration, so drift in the machine's speed cancels out. The report gives
medians of each and the median of the paired ratios. Also timed: summary and check on
generated datasets 10 and 100 times the size of the bundled one, to show that the cost grows
linearly with the input.

    python bench/bench.py            # 21 runs of each
    python bench/bench.py --quick    # 5 runs of each
    python bench/bench.py --runs 51

Standard library only; runs `sys.executable -m fairstats`, so it measures whichever environment
runs it. Nothing here is asserted: timing belongs in a report, not in the test suite.
"""

from __future__ import annotations

import argparse
import copy
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

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "fair2022.json"
TARGET_RATIO = 1.25
SCALES = (10, 100)
CATEGORY_SPLIT = 2  # each copied delegation's categories are split in this many parts

PY = sys.executable
# The console script a user runs, when this interpreter's environment has one; else -m.
_SCRIPT = Path(PY).with_name("fairstats")
FAIRSTATS = (PY, str(_SCRIPT)) if _SCRIPT.is_file() else (PY, "-m", "fairstats")
FLOOR_CLICK = (PY, "-c", "import click")
FLOOR_TABLE = (PY, "-c", "import click, rich.console, rich.table")
FLOOR_MARKDOWN = (PY, "-c", "import click, tabulate")
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
FLOOR_HELP = (PY, "-c", _CLICK_GROUP, "--help")
FLOOR_VERSION = (PY, "-c", _CLICK_GROUP, "--version")
FLOOR_NAMES = {
    FLOOR_CLICK: "import click",
    FLOOR_TABLE: "import click, rich.console, rich.table",
    FLOOR_MARKDOWN: "import click, tabulate",
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
    command_times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [c / f for c, f in zip(self.command_times, self.floor_times, strict=True)]


@dataclass(frozen=True)
class Dataset:
    label: str
    path: Path
    size: int
    delegations: int
    categories: int


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
        for package in ("fairstats", "click", "rich", "tabulate"):
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


def _split_number(value: Any, parts: int) -> list[Any]:
    """Split a count (int) or an amount (printed decimal) into parts summing to it exactly."""
    if isinstance(value, int):
        base, extra = divmod(value, parts)
        return [base + (1 if index < extra else 0) for index in range(parts)]
    exact = Decimal(repr(value))
    step = Decimal(1).scaleb(int(exact.as_tuple().exponent))
    share = (exact / parts).quantize(step)
    pieces = [share] * (parts - 1)
    pieces.append(exact - sum(pieces))
    return [float(piece) for piece in pieces]


def _split_categories(breakdown: dict[str, Any], parts: int) -> None:
    categories = []
    for category in breakdown["categories"]:
        projects = category.get("projects")
        if not isinstance(projects, int) or projects < parts:
            categories.append(category)
            continue
        numbers = {
            key: _split_number(value, parts)
            for key, value in category.items()
            if key != "name" and isinstance(value, (int, float)) and not isinstance(value, bool)
        }
        for index in range(parts):
            piece = dict(category, name=f"{category['name']} (part {index + 1})")
            piece.update({key: values[index] for key, values in numbers.items()})
            categories.append(piece)
    breakdown["categories"] = categories


def _count_categories(document: dict[str, Any]) -> int:
    return sum(
        len(breakdown["categories"])
        for delegation in document["delegations"]
        for breakdown in delegation.get("breakdowns", [])
    )


def _describe(label: str, path: Path, document: dict[str, Any]) -> Dataset:
    return Dataset(
        label,
        path,
        path.stat().st_size,
        len(document["delegations"]),
        _count_categories(document),
    )


def generate_datasets(directory: Path) -> list[Dataset]:
    """The bundled dataset, then copies with SCALES times its delegations (distinct names).

    Each copy of a delegation also has every breakdown category split in CATEGORY_SPLIT parts
    that sum exactly to the original, so the number of categories grows too and the data stays
    consistent.
    """
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    datasets = [_describe("1x (bundled)", BUNDLED, document)]
    originals = document["delegations"]
    for scale in SCALES:
        scaled = copy.deepcopy(document)
        delegations = copy.deepcopy(originals)
        for copy_number in range(2, scale + 1):
            for original in originals:
                delegation = copy.deepcopy(original)
                delegation["name"] = f"{original['name']} {copy_number}"
                for breakdown in delegation.get("breakdowns", []):
                    _split_categories(breakdown, CATEGORY_SPLIT)
                delegations.append(delegation)
        scaled["delegations"] = delegations
        path = directory / f"fair-{scale}x.json"
        path.write_text(json.dumps(scaled, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        datasets.append(_describe(f"{scale}x", path, scaled))
    return datasets


# Timing ------------------------------------------------------------------------------------


def time_process(command: tuple[str, ...], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    return time.perf_counter() - start, completed.returncode


def preflight(cases: list[Case], env: dict[str, str]) -> None:
    """Run each command and floor once (also warming caches); stop on any unexpected result.

    A command must exit with one of its expected codes and print something; a floor must exit 0.
    """
    for case in cases:
        for command, ok_codes, prints in (
            (case.command, case.ok_codes, True),
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
                ("ok" if ratio <= TARGET_RATIO else "OVER") if case.target else "(size)",
                FLOOR_NAMES[case.floor],
            ]
        )
    header = ["command", "median ms", "floor ms", "ratio", "ratio IQR", "target", "floor"]
    return format_table(header, rows, right={1, 2, 3, 4})


def report_sizes(datasets: list[Dataset], by_size: dict[Any, Case]) -> str:
    """Per size: medians, time above the floor, and the added time per added delegation.

    "above floor" is the median of the paired differences (command - floor of the same run);
    "ms/delegation" divides its growth since the previous size by the delegations added. Equal
    values at 10x and 100x mean the cost grows linearly with the input.
    """
    rows = []
    previous: dict[str, tuple[float, int]] = {}
    for dataset in datasets:
        row = [
            dataset.label,
            f"{dataset.size:,}",
            str(dataset.delegations),
            str(dataset.categories),
        ]
        for command in ("summary", "check"):
            case = by_size[(command, dataset.label)]
            above = statistics.median(
                c - f for c, f in zip(case.command_times, case.floor_times, strict=True)
            )
            row += [ms(statistics.median(case.command_times)), ms(above)]
            if command in previous:
                above_before, delegations_before = previous[command]
                added = dataset.delegations - delegations_before
                row.append(f"{(above - above_before) * 1000 / added:.2f}")
            else:
                row.append("")
            previous[command] = (above, dataset.delegations)
        rows.append(row)
    header = [
        "dataset",
        "bytes",
        "delegations",
        "categories",
        "summary ms",
        "above floor",
        "ms/delegation",
        "check ms",
        "above floor",
        "ms/delegation",
    ]
    return format_table(header, rows, right=set(range(1, len(header))))


# Main --------------------------------------------------------------------------------------


def build_cases(datasets: list[Dataset], directory: Path) -> tuple[list[Case], dict[Any, Case]]:
    def fair(*args: str) -> tuple[str, ...]:
        return (*FAIRSTATS, *args)

    cases = [
        Case("summary -f table", fair("summary", "-f", "table"), FLOOR_TABLE),
        Case("summary -f csv", fair("summary", "-f", "csv"), FLOOR_CLICK),
        Case("summary -f json", fair("summary", "-f", "json"), FLOOR_CLICK),
        Case("summary -f markdown", fair("summary", "-f", "markdown"), FLOOR_MARKDOWN),
        Case("breakdown -f csv", fair("breakdown", "-f", "csv"), FLOOR_CLICK),
        Case("share -f csv", fair("share", "-f", "csv"), FLOOR_CLICK),
        Case("growth -f csv", fair("growth", "-f", "csv"), FLOOR_CLICK),
        Case("check -f csv", fair("check", "-f", "csv"), FLOOR_CLICK, (0, 1)),
        Case("check -f table", fair("check", "-f", "table"), FLOOR_TABLE, (0, 1)),
        Case("--help", fair("--help"), FLOOR_HELP),
        Case("--version", fair("--version"), FLOOR_VERSION),
        Case("validate (table)", fair("validate", str(BUNDLED)), FLOOR_TABLE),
    ]
    by_size: dict[Any, Case] = {
        ("summary", datasets[0].label): cases[1],
        ("check", datasets[0].label): cases[7],
    }
    for dataset in datasets[1:]:
        for command in ("summary", "check"):
            case = Case(
                f"{command} -f csv ({dataset.label})",
                fair(command, "-f", "csv", "-d", str(dataset.path)),
                FLOOR_CLICK,
                (0, 1) if command == "check" else (0,),
                target=False,
            )
            by_size[(command, dataset.label)] = case
            cases.append(case)
    csvstat = shutil.which("csvstat")
    if csvstat is not None:
        tiny = directory / "tiny.csv"
        tiny.write_text("name,projects\nforeign-funded,16\ndomestic-funded,63\n", encoding="utf-8")
        cases.append(Case("csvstat tiny.csv (yardstick)", (csvstat, str(tiny)), FLOOR_CLICK))
    return cases, by_size


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
    options = parser.parse_args(argv)
    runs = options.runs if options.runs is not None else (5 if options.quick else 21)
    if runs < 1:
        parser.error("--runs must be at least 1")

    print("\n".join(machine_description()))
    with tempfile.TemporaryDirectory(prefix="fairstats-bench-") as temp:
        directory = Path(temp)
        env = environment(None if options.inherit_bytecode_env else directory / "pycache")
        bytecode = (
            "inherited bytecode settings"
            if options.inherit_bytecode_env
            else "bytecode cached in a temporary PYTHONPYCACHEPREFIX"
        )
        print(f"env:       NO_COLOR=1 COLUMNS=100, {bytecode}; {runs} paired runs per case")
        datasets = generate_datasets(directory)
        cases, by_size = build_cases(datasets, directory)
        preflight(cases, env)
        measure(cases, runs, env)
        if hasattr(os, "getloadavg"):
            print(f"load:      {os.getloadavg()[0]:.2f} (1 min, at end)")

    print()
    print(
        f"Whole-process times; ratio = median over runs of command/floor, target <= {TARGET_RATIO}x"
    )
    print()
    print(report_cases(cases))
    print()
    print(
        "Input size (csv). above floor = median of paired (command - floor); ms/delegation ="
        " its growth from the previous size per added delegation (equal values: linear growth)"
    )
    print()
    print(report_sizes(datasets, by_size))


if __name__ == "__main__":
    main()
