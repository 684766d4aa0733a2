"""Helpers the tests share: run the CLI in-process, parse its output back into data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from click.testing import CliRunner, Result

from fairstats.cli.commands import cli

WriteDataset = Callable[..., Path]

SHEET_XML = "xl/worksheets/sheet1.xml"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# The commands that report on a release (not the dataset tools): each takes -d and every format.
REPORT_COMMANDS = ("summary", "breakdown", "share", "growth", "check")


def run(*args: str | Path, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke the CLI in-process, as a user would type it."""
    runner = CliRunner()
    return runner.invoke(
        cli, [str(arg) for arg in args], env=env, input=input, catch_exceptions=False
    )


def csv_rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def json_rows(text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(text)["rows"]
    return rows


_MARKDOWN_BLOCKS = frozenset(
    f"{kind}_{end}"
    for kind in ("heading", "paragraph", "table", "thead", "tbody", "tr", "th", "td")
    for end in ("open", "close")
)


def markdown_texts(text: str) -> list[tuple[str, str]]:
    """What a markdown document shows, as (where, text) for each heading, table cell and
    paragraph, read by a CommonMark parser with GitHub's tables and strikethrough; fails if
    anything is more than plain text in those blocks (a link, an image, emphasis, code, HTML,
    a list, a quote, a rule)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    found: list[tuple[str, str]] = []
    where = ""
    for token in parser.parse(text):
        if token.type == "inline":
            kinds = {child.type for child in token.children or []}
            assert kinds <= {"text"}, f"markup in {token.content!r}: {kinds}"
            found.append((where, "".join(child.content for child in token.children or [])))
        else:
            assert token.type in _MARKDOWN_BLOCKS, f"a {token.type} in the markdown"
            where = token.tag
    return found


def find_row(rows: list[dict[str, Any]], **match: str) -> dict[str, Any]:
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(found) == 1, f"expected one row matching {match}, found {len(found)}"
    return found[0]


def run_module(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `python -m fairstats` in its own process; its stdout, after checking it succeeded."""
    completed = subprocess.run(
        [sys.executable, "-m", "fairstats", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def numbers_as_written(data: bytes) -> dict[str, str]:
    """Each numeric cell of the report sheet (by coordinate) and the text the file holds for
    it, read from the sheet's XML: openpyxl would give it back as a float."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read(SHEET_XML))
    found = {}
    for cell in root.iter(f"{MAIN}c"):
        assert cell.find(f"{MAIN}f") is None, f"{cell.get('r')} holds a formula"
        value = cell.find(f"{MAIN}v")
        if cell.get("t") == "n" and value is not None:
            found[cell.get("r", "")] = value.text or ""
    return found
