"""Every row traceable (issue 14, item 4): tables name the source of each printing where a
release's rows come from more than one, a row about another edition says which, and no two
rows of a section look the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import RELEASES, ROOT
from tests.fixtures import ref, release
from tests.helpers import REPORT_COMMANDS, WriteDataset, json_rows, run


def markdown_sections(text: str) -> dict[str, list[str]]:
    """Each section's title and the lines of its table: its header, then a line a row (a
    markdown cell is never wrapped, so a row is a line)."""
    sections: dict[str, list[str]] = {}
    title = None
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:]
            sections[title] = []
        elif title is not None and line.startswith("|") and not line.startswith("|:"):
            sections[title].append(line)
    return sections


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split("|")]


def headers(table: list[str]) -> list[str]:
    return cells(table[0])


def shown(command: str, *args: str | Path) -> dict[str, list[str]]:
    result = run(command, *args, "--format", "markdown")
    # check exits 1 where it finds an inconsistency (the Reuters story in the folder)
    assert result.exit_code in ((0, 1) if command == "check" else (0,)), result.output
    return markdown_sections(result.stdout)


# No two rows alike ------------------------------------------------------------------------

DATASETS: dict[str, tuple[str | Path, ...]] = {
    "bundled": (),
    "data/releases": ("-d", RELEASES),
    **{path.stem: ("-d", path) for path in sorted(RELEASES.glob("*.json"))},
}


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_no_two_rows_of_a_section_look_the_same(command: str, name: str) -> None:
    """In table and markdown, every row of a section differs from the others in some column
    shown: else a reader cannot tell which is which, nor that they are not one row twice."""
    alike = {
        title: rows
        for title, table in shown(command, *DATASETS[name]).items()
        if (rows := [row for row, count in Counter(table[1:]).items() if count > 1])
    }
    assert alike == {}


# The source -------------------------------------------------------------------------------


def test_summary_tells_apart_one_figure_printed_by_two_sources() -> None:
    sections = shown("summary", "-d", RELEASES / "cifit-2024-fujian.json")
    xiamen = sections["厦门 (Xiamen)"]
    assert "Source" in headers(xiamen)
    projects = [line for line in xiamen if "| projects (项目) " in line]
    assert len(projects) == 2
    assert "| chinanews |" in projects[0]
    assert "| southeast |" in projects[1]
    # in every section of the release, once it has two sources: a row computed from several
    # printings names none
    assert all("Source" in headers(table) for table in sections.values())


@pytest.mark.parametrize("command", ["summary", "share", "growth", "check"])
def test_caexpo_names_its_three_sources(command: str) -> None:
    result = run(command, "-d", RELEASES / "caexpo-2020.json", "--format", "table")
    assert result.exit_code == 0, result.output
    for source in ("xinhua", "chinadaily", "secretariat"):
        assert source in result.stdout


def test_growth_tells_apart_three_printings_of_one_rate() -> None:
    table = shown("growth", "-d", RELEASES / "caexpo-2020.json")["Reported growth"]
    printed = [line for line in table if "|    43.6 |" in line]
    assert [line.split("|")[headers(table).index("Source") + 1].strip() for line in printed] == [
        "xinhua",
        "chinadaily",
        "secretariat",
    ]


@pytest.mark.parametrize("command", REPORT_COMMANDS)
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_release_of_one_source_shows_no_source_column(command: str, fmt: str) -> None:
    result = run(command, "-d", ROOT / "data" / "fair2022.json", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Source" not in result.stdout


def test_the_machine_formats_keep_the_source_of_a_release_of_one_source() -> None:
    result = run("summary", "-d", ROOT / "data" / "fair2022.json", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {row["source"] for row in json_rows(result.stdout)} == {"", "bureau"}


def test_check_names_the_source_of_each_statement() -> None:
    """Three reports print "+43.6%": three rows, one for each source, in every format."""
    result = run("check", "-d", RELEASES / "caexpo-2020.json", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json_rows(result.stdout)
    growths = [row for row in rows if row["rule"] == "growth" and row["reported"] == 43.6]
    assert [row["source"] for row in growths] == ["xinhua", "chinadaily", "secretariat"]
    # a scope within another is a rule of the model, stated by no source
    assert [row["source"] for row in rows if row["rule"] == "within"] == [""]
    published = [row["source"] for row in rows if row["rule"] == "published_after_start"]
    assert published == ["xinhua", "chinadaily", "secretariat"]


# The edition ------------------------------------------------------------------------------


def test_statements_about_two_editions_are_two_rows_that_say_which(
    write_dataset: WriteDataset,
) -> None:
    """ "First in the province" this year and last year were two rows alike: a rank, a record,
    an average or a share about another edition says which, as a figure's row does."""
    previous = {"edition": "previous"}
    document = release(
        scopes=[
            {"id": "province", "name": "Province"},
            {"id": "east", "name": "East", "within": "province"},
        ],
        relations=[
            {"type": "rank", "rank": 1, "of": ref("east", "investment")},
            {"type": "rank", "rank": 1, "of": ref("east", "investment", **previous)},
            {"type": "record", "of": ref("east", "investment", edition={"year": 2023})},
            {
                "type": "share",
                "part": ref("east", "investment", **previous),
                "whole": ref("province", "investment", **previous),
                "percent": 40,
            },
        ],
    )
    path = write_dataset(document)
    table = shown("summary", "-d", path)["East"]
    # Figure names the edition, so an Edition column would repeat it
    assert headers(table) == ["Measure", "Figure", "Value", "Unit", "Basis"]
    assert [cells(line)[:3] for line in table[1:]] == [
        ["investment rank", "", "1"],
        ["investment rank", "the previous edition", "1"],
        ["investment record", "2023", "a record"],
        ["investment share", "of Province in the previous edition", "40"],
    ]
    result = run("summary", "-d", path, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [row for row in json_rows(result.stdout) if row["section"] == "East"]
    assert [row["edition"] for row in rows] == [
        "",
        "the previous edition",
        "2023",
        "the previous edition",
    ]
