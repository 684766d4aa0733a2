"""Every command has help with examples and the exit codes, and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from fairstats.cli import cli
from tests.helpers import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"fairstats {command}" in result.stdout.split("Examples:")[1]
    assert "Exit codes:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    assert f"`fairstats {command}" in README


def test_group_help_lists_the_commands_and_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert "141" in result.stdout


def test_every_command_is_listed() -> None:
    assert COMMANDS == ["breakdown", "check", "growth", "schema", "share", "summary", "validate"]


def test_help_reads_no_dataset(tmp_path: Path) -> None:
    result = run("summary", "--help", env={"FAIRSTATS_DATA": str(tmp_path / "absent.json")})
    assert result.exit_code == 0
