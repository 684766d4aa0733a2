"""Every command has help with examples and the exit codes, and is documented in the README."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest

from fairstats.cli.commands import cli
from tests.helpers import REPORT_COMMANDS, run

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
    assert COMMANDS == [
        "breakdown", "chart", "check", "draft", "growth", "schema", "share", "summary",
        "upgrade", "validate",
    ]  # fmt: skip


def test_the_tests_list_of_report_commands_is_the_clis() -> None:
    """REPORT_COMMANDS, which the tests share, is every command that reports on a release: the
    ones that take both --scope and --bom. A new one joins every test that loops over them."""
    options = ("--scope", "--bom")
    reporting = [c for c in COMMANDS if all(o in run(c, "--help").stdout for o in options)]
    assert reporting == sorted(REPORT_COMMANDS)


def test_help_reads_no_dataset(tmp_path: Path) -> None:
    # several paths, as FAIRSTATS_DATA may hold; reading either would fail
    paths = os.pathsep.join([str(tmp_path / "absent.json"), str(tmp_path / "absent-folder")])
    result = run("summary", "--help", env={"FAIRSTATS_DATA": paths})
    assert result.exit_code == 0
    assert "Examples:" in result.stdout  # the help, not an error
    assert run("summary", env={"FAIRSTATS_DATA": paths}).exit_code == 2  # the control


def test_report_commands_share_the_options_the_group_help_lists() -> None:
    for command in REPORT_COMMANDS:
        shown = run(command, "--help").stdout
        for option in (
            "-d, --data",
            "-f, --format",
            "--unit",
            "--decimals",
            "--scope",
            "--no-header",
            "--bom",
        ):
            assert option in shown, f"{command} --help lacks {option}"
        assert "--delegation" in shown  # the old name still works, so it is listed


def test_unit_choices_include_thousand() -> None:
    assert "thousand" in run("summary", "--help").stdout
