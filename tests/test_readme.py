"""The README's pasted outputs are what the commands print now, at the widths it states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# "... N columns wide ...:" then a text block, which may start with the command it shows
PASTED = re.compile(
    r"(?P<width>\d+) columns wide[^\n]*:\n\n```text\n(?:\$ fairstats (?P<command>[^\n]+)\n)?"
    r"(?P<output>.*?)\n```",
    re.DOTALL,
)
BLOCKS = [
    pytest.param(
        int(match["width"]),
        (match["command"] or "summary").split(),
        match["output"],
        id=(match["command"] or "summary").split()[0],
    )
    for match in PASTED.finditer(README)
]


def test_the_readme_shows_every_report_command() -> None:
    assert sorted(block.id for block in BLOCKS) == [
        "breakdown", "check", "growth", "share", "summary",
    ]  # fmt: skip


@pytest.mark.parametrize(("width", "args", "output"), BLOCKS)
def test_pasted_output_is_current(width: int, args: list[str], output: str) -> None:
    result = run(*args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert result.stdout.rstrip("\n") == output


def test_pasted_csv_is_current() -> None:
    block = README.split("fairstats summary --format csv\n```\n\n```text\n", 1)[1]
    lines = block.split("\n...\n```", 1)[0].splitlines()
    assert run("summary", "--format", "csv").stdout.splitlines()[: len(lines)] == lines
