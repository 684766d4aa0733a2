"""Golden outputs: every command in every format, on the bundled dataset and on two real
releases, as committed files compared byte for byte by `tests/test_golden.py`.

    python -m tests.golden          # regenerate tests/golden/ after an intended change

Review the regenerated files as a diff: every changed line is a changed output.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from fairstats.cli import cli
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


def main() -> None:
    names = {name for name, _ in cases()}
    for old in GOLDEN.rglob("*.*"):
        if old != EXIT_CODES and old.relative_to(GOLDEN).as_posix() not in names:
            old.unlink()  # a case that is gone
    codes = {}
    for name, args in cases():
        code, text = output(args)
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        codes[name] = code
    EXIT_CODES.write_text(json.dumps(codes, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(codes)} outputs to {GOLDEN.relative_to(ROOT)}/", file=sys.stderr)


if __name__ == "__main__":
    main()
