"""Golden outputs: every command in every format, on the bundled dataset and on two real
releases, as committed files compared byte for byte by `tests/test_golden.py`.

    python -m tests.golden               # regenerate tests/golden/ after an intended change
    python -m tests.golden --check       # write nothing; exit 1 if anything would change
    python -m tests.golden --exit-codes  # also accept a changed exit code

Regenerating prints, for each file that changes, the numbers that changed (old -> new, by row
and column for the machine formats, by line for the others), so that a rewrite of many files
is reviewed number by number rather than accepted whole. An exit code is a contract with
scripts: a change to one is refused, and nothing is written, unless --exit-codes is given.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from click.testing import CliRunner

from fairstats.cli.commands import cli
from tests.helpers import REPORT_COMMANDS

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXIT_CODES = GOLDEN / "exit-codes.json"

# One output on every machine: no colour, a stated width, no settings from the shell.
ENVIRONMENT = {"NO_COLOR": "1", "COLUMNS": "100", "FAIRSTATS_DATA": None, "FAIRSTATS_FORMAT": None}
FORMATS = {
    "table": "txt",
    "csv": "csv",
    "tsv": "tsv",
    "json": "json",
    "jsonl": "jsonl",
    "markdown": "md",
    "html": "html",
}
# name: the -d arguments (none: the bundled dataset) and the file `validate` reads
DATASETS = {
    "fair2022": ((), "data/fair2022.json"),
    "cifit-2024-fujian": (
        ("-d", "data/releases/cifit-2024-fujian.json"),
        "data/releases/cifit-2024-fujian.json",
    ),
    "ciie-2021-reuters": (
        ("-d", "data/releases/ciie-2021-reuters.json"),
        "data/releases/ciie-2021-reuters.json",
    ),
}


# The Python whose matplotlib and numpy drew the committed charts (CI's first run). Other
# Pythons get other releases of them, whose SVG is the same picture in other bytes: 3.10's
# matplotlib 3.10 places text a millionth of a point apart, 3.13's numpy 2.5 names clip paths
# otherwise. There, outputs that hold a chart are compared by exit code only.
CHART_PYTHON = (3, 11)

# Charts, as SVG: the file `-o` writes is the output. CHART_FILE stands for it in the
# arguments, and is replaced by a file in a temporary folder.
CHART_FILE = "{chart}.svg"
CIIE = ("2018", "2019", "2020", "2021")
CHARTS = {
    "charts/ciie-series.svg": (
        "chart",
        "series",
        *(arg for year in CIIE for arg in ("-d", f"data/releases/ciie-{year}.json")),
        "--measure",
        "deals",
        "--measure",
        "exhibitors",
    ),
    "charts/fair2022-breakdown.svg": ("chart", "breakdown"),
}


def cases() -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each golden file's name (relative to tests/golden) and the arguments that make it."""
    for dataset, (data, file) in DATASETS.items():
        for output_format, extension in FORMATS.items():
            for command in REPORT_COMMANDS:
                yield (
                    f"{dataset}/{command}.{extension}",
                    (command, *data, "--format", output_format),
                )
            yield f"{dataset}/validate.{extension}", ("validate", file, "--format", output_format)
    yield "schema.json", ("schema",)
    yield "upgrade.json", ("upgrade", "tests/data/fair2022-v1.json")
    for name, args in CHARTS.items():
        yield name, (*args, "-o", CHART_FILE)


def output(args: tuple[str, ...]) -> tuple[int, str]:
    """The exit code and stdout of `fairstats ARGS` (for a chart, the file it wrote), run from
    the project's root."""
    here = Path.cwd()
    os.chdir(ROOT)  # the paths above, and those the outputs show, are relative to it
    try:
        with tempfile.TemporaryDirectory() as folder:
            image = Path(folder) / "chart.svg"
            given = [str(image) if arg == CHART_FILE else arg for arg in args]
            result = CliRunner().invoke(cli, given, env=ENVIRONMENT, catch_exceptions=False)
            if CHART_FILE in args:
                return result.exit_code, image.read_text(encoding="utf-8")
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout


# Review ----------------------------------------------------------------------------------------

# A changed file shows at most this many of its changes, then how many more there are.
SHOWN_CHANGES = 12
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
# The columns that name a row of the machine formats, in the order a reader looks for them.
ROW_LABELS = ("scope", "measure", "figure", "statistic", "file", "place")
Table = list[dict[str, Any]]


class Output(NamedTuple):
    """One case run afresh: its arguments, exit code and output."""

    args: tuple[str, ...]
    code: int
    text: str


def _is_number(value: Any) -> bool:
    """Whether a cell holds a number: typed (json) or written in digits (csv, tsv)."""
    if isinstance(value, str):
        try:
            return Decimal(value).is_finite()
        except InvalidOperation:
            return False
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _table(name: str, text: str) -> Table | None:
    """The rows of a machine format, or None for a text format (or a json without rows)."""
    suffix = name.rsplit(".", 1)[-1]
    if suffix in ("csv", "tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == "tsv" else ","))
    try:  # a broken output is still reviewed, by line
        if suffix == "jsonl":
            return [json.loads(line, parse_float=Decimal) for line in text.splitlines()]
        document = json.loads(text, parse_float=Decimal) if suffix == "json" else None
    except json.JSONDecodeError:
        return None
    rows = document.get("rows") if isinstance(document, dict) else None
    return rows if isinstance(rows, list) else None


def _label(row: dict[str, Any]) -> str:
    words = [str(row[key]) for key in ROW_LABELS if row.get(key) not in (None, "")]
    return f" ({', '.join(words)})" if words else ""


def _cell_changes(old: Table, new: Table) -> list[str]:
    """The numeric cells that changed, by row of data (csv's header not counted) and column
    (rows added or removed at the end are counted, not compared), then how many rows and text
    cells changed."""
    found: list[str] = []
    texts = 0
    for number, (before, after) in enumerate(zip(old, new, strict=False), start=1):
        for column in dict.fromkeys([*before, *after]):
            was, now = before.get(column), after.get(column)
            if repr(was) == repr(now):  # not ==: 1.50 -> 1.5 is a change of printed digits
                continue
            if not (_is_number(was) or _is_number(now)):
                texts += 1
            else:
                found.append(f"row {number}{_label(after)} {column}: {was} -> {now}")
    if len(old) != len(new):
        found.append(f"rows: {len(old)} -> {len(new)}")
    if texts:
        found.append(f"{texts} text cell{'s' * (texts != 1)} changed")
    return found


def _lines(start: int, end: int) -> str:
    """Lines START+1..END, as a reader counts them."""
    return f"line {start + 1}" if end - start <= 1 else f"lines {start + 1}-{end}"


def _line_changes(old: str, new: str) -> list[str]:
    """The lines that changed, by number, with the numbers on them before and after."""
    before, after = old.splitlines(), new.splitlines()
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "delete":
            found.append(f"{_lines(old_start, old_end)} removed")
        elif tag == "insert":
            found.append(f"{_lines(new_start, new_end)} added")
        elif tag == "replace":
            was = NUMBER.findall("\n".join(before[old_start:old_end]))
            now = NUMBER.findall("\n".join(after[new_start:new_end]))
            found.append(
                f"{_lines(new_start, new_end)}: {' '.join(was) or '-'} -> {' '.join(now) or '-'}"
                if was != now
                else f"{_lines(new_start, new_end)}: same numbers, other text"
            )
    return found


def changes(name: str, old: str, new: str) -> list[str]:
    """What a reviewer needs to see of one file's change: its numbers, old -> new."""
    old_table, new_table = _table(name, old), _table(name, new)
    if old_table is not None and new_table is not None:
        return _cell_changes(old_table, new_table) or ["same cells, other layout"]
    return _line_changes(old, new)


def review(
    outputs: dict[str, Output],
    folder: Path = GOLDEN,
    *,
    accept_exit_codes: bool = False,
    check: bool = False,
) -> int:
    """Compare fresh outputs with the committed ones in FOLDER, print what changed, and write
    them, unless checking or an exit code would change unasked. 0 when the committed files
    are (now) the outputs, 1 otherwise."""
    codes_file = folder / EXIT_CODES.name
    old_codes: dict[str, int] = (
        json.loads(codes_file.read_text(encoding="utf-8")) if codes_file.exists() else {}
    )
    committed = {
        path.relative_to(folder).as_posix(): path
        for path in folder.rglob("*.*")
        if path != codes_file
    }
    changed = removed = added = 0
    for name, (_, _, text) in outputs.items():
        if name not in committed:
            print(f"{name}: new")
            added += 1
            continue
        old = committed[name].read_bytes().decode("utf-8")  # line ends as written
        if old != text:
            changed += 1
            found = changes(name, old, text)
            print(f"{name}:")
            for line in found[:SHOWN_CHANGES]:
                print(f"  {line}")
            if len(found) > SHOWN_CHANGES:
                print(f"  ... and {len(found) - SHOWN_CHANGES} more")
    for name in sorted(set(committed) - set(outputs)):
        print(f"{name}: gone")
        removed += 1
    moved_codes = {
        name: (old_codes[name], code)
        for name, (_, code, _) in outputs.items()
        if name in old_codes and old_codes[name] != code
    }
    for name, (was, now) in moved_codes.items():
        command = " ".join(("fairstats", *outputs[name].args))
        print(f"exit code of `{command}` ({name}): {was} -> {now}")
    codes = {name: code for name, (_, code, _) in outputs.items()}
    stale = changed + added + removed + (codes != old_codes)
    print(
        f"{changed} of {len(outputs)} files changed, {added} added, {removed} gone; "
        f"{len(moved_codes)} exit code{'s' * (len(moved_codes) != 1)} changed"
    )
    if check or not stale:
        return 1 if stale else 0
    if moved_codes and not accept_exit_codes:
        print(
            "refused: an exit code would change (scripts rely on them); nothing written. "
            "Pass --exit-codes if the change is intended."
        )
        return 1
    for name in set(committed) - set(outputs):
        committed[name].unlink()
    for name, (_, _, text) in outputs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    codes_file.write_text(json.dumps(codes, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(outputs)} outputs to {folder}/")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.golden", description="Regenerate tests/golden/, showing what changed."
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument(
        "--exit-codes", action="store_true", help="accept a changed exit code (a contract)"
    )
    options = parser.parse_args(argv)
    outputs = {name: Output(args, *output(args)) for name, args in cases()}
    return review(outputs, accept_exit_codes=options.exit_codes, check=options.check)


if __name__ == "__main__":
    sys.exit(main())
