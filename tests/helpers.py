"""Helpers the tests share: run the CLI in-process, parse its output back into data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from fairstats.cli import cli

WriteDataset = Callable[..., Path]


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
