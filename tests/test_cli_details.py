"""The command line's smaller promises: which exit codes each command's help lists, the
bundled dataset named as such, the environment blamed for its own values, stdin read once,
and completion of file names and of the values a dataset holds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import RELEASES, ROOT
from tests.helpers import REPORT_COMMANDS, csv_rows, run

# every command but check: the reports and the dataset tools
NOT_CHECK = [*(c for c in REPORT_COMMANDS if c != "check"), "validate", "schema", "upgrade"]


@pytest.mark.parametrize("command", NOT_CHECK)
def test_only_check_lists_exit_code_1(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    codes = result.stdout.split("Exit codes:")[1]
    assert "check found an inconsistency" not in codes
    assert "74   the output could not be written" in codes


def test_check_lists_exit_code_1() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "  1    check found an inconsistency" in result.stdout.split("Exit codes:")[1]


def test_the_bundled_dataset_is_named_not_located() -> None:
    bundled = ROOT / "data" / "fair2022.json"
    result = run("growth", "--baseline", bundled)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fairstats: {bundled} is not an earlier edition of the fair in the bundled dataset "
        "(fair2022.json): its edition 2022 is not before 2022\n"
    )


def test_a_format_from_the_environment_may_be_in_any_case() -> None:
    result = run("summary", env={"FAIRSTATS_FORMAT": "CSV"})
    assert result.exit_code == 0
    assert csv_rows(result.stdout)[0]["release"] == "fair2022"


def test_a_bad_format_from_the_environment_blames_the_environment() -> None:
    result = run("summary", env={"FAIRSTATS_FORMAT": "xml"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for FAIRSTATS_FORMAT (from the environment): 'xml' is not one "
        "of 'table', 'csv', 'tsv', 'json', 'jsonl', 'markdown', 'html', 'latex', 'rst', 'org', "
        "'mediawiki', 'xlsx'."
    )
    typed = run("summary", "-f", "xml")
    assert typed.stderr.splitlines()[-1].startswith("Error: Invalid value for '-f' / '--format'")


def test_validate_reads_stdin_once() -> None:
    result = run("validate", "-", "-", input="{}")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'FILE...': stdin can be read only once"
    )


def _complete(words: str) -> list[str]:
    """What bash completion offers for the last word of `words` (its type, then its value)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FAIRSTATS")},
        "_FAIRSTATS_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "fairstats"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in completed.stdout.splitlines() if line]


@pytest.mark.parametrize(
    "words",
    [
        "fairstats summary -d data/rel",
        "fairstats check --baseline dat",
        "fairstats validate data/f",
        "fairstats upgrade x",
        "fairstats summary -o out",
    ],
)
def test_file_arguments_complete_as_files(words: str) -> None:
    assert _complete(words) == [f"file,{words.rsplit(maxsplit=1)[-1]}"]


def test_by_completes_the_dimensions_of_the_data_given() -> None:
    bundled = _complete("fairstats breakdown --by ")
    assert bundled == ["plain,funding", "plain,signing"]
    cifit = _complete(f"fairstats breakdown -d {RELEASES / 'cifit-2024-fujian.json'} --by i")
    assert cifit == ["plain,industry", "plain,investor"]


def test_scope_completes_ids_by_id_or_name() -> None:
    assert _complete("fairstats summary --scope Dal") == [
        "plain,dalian",
        "plain,exhibition-area",
    ]


def test_completion_of_unreadable_data_offers_nothing() -> None:
    assert _complete("fairstats summary -d no-such-file.json --scope ") == []


def test_completion_never_reads_stdin() -> None:
    """With `-d -` on the line, stdin is the terminal: completion must not wait on it (here
    stdin is a pipe never written to, which would block a read for ever)."""
    read, write = os.pipe()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "fairstats"],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("FAIRSTATS")},
                "_FAIRSTATS_COMPLETE": "bash_complete",
                "COMP_WORDS": "fairstats summary -d - --scope dal",
                "COMP_CWORD": "5",
            },
            stdin=read,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    finally:
        os.close(read)
        os.close(write)
    completions = [line for line in completed.stdout.splitlines() if line]
    assert completions == ["plain,dalian", "plain,exhibition-area"]


@pytest.mark.parametrize(
    ("command", "option"), [("summary", "-d"), ("check", "--data"), ("growth", "--baseline")]
)
def test_an_empty_file_name_is_refused_by_its_option(command: str, option: str) -> None:
    """It used to read as no file at all: "fairstats: : no such file"."""
    result = run(command, option, "")
    assert result.exit_code == 2
    name = "--baseline" if option == "--baseline" else "-d/--data"
    assert result.stderr == f"fairstats: {name}: the file name is empty ('-' is stdin)\n"
    assert result.stdout == ""
