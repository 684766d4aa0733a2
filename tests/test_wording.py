"""The sentences of `check`: each follows its verdict, names what it was compared with as
printed, and counts in agreeing number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fixtures import figure, release
from tests.helpers import WriteDataset, json_rows, run

TWO_SOURCES = [{"id": "wire", "title": "A wire story"}, {"id": "paper", "title": "A paper"}]


def test_one_check_is_counted_in_the_singular(write_dataset: WriteDataset) -> None:
    document = release(
        sources=TWO_SOURCES,
        figures=[
            figure("all", "projects", 5, source="wire"),
            figure("all", "projects", 5, source="paper"),
        ],
    )
    result = run("check", "-d", write_dataset(document))
    assert result.exit_code == 0, result.output
    assert "\n1 check: 1 consistent, " in result.stdout
    assert "; 0 conflicts." in result.stdout


def conflict_details(write_dataset: WriteDataset, *documents: dict[str, Any]) -> list[str]:
    paths: list[str | Path] = []
    for document in documents:
        paths += ["-d", write_dataset(document)]
    result = run("check", "-f", "json", *paths)
    assert result.exit_code == 1, result.output
    return [row["detail"] for row in json_rows(result.stdout) if row["rule"] == "conflict"]


def test_conflicts_name_their_statements_as_printed_with_edition_and_source(
    write_dataset: WriteDataset,
) -> None:
    # one quantity printed three ways: each conflict pairs two printings, which read alike
    # by their words alone
    document = release(
        sources=TWO_SOURCES,
        figures=[
            figure("all", "projects", 5, source="wire"),
            figure("all", "projects", 7, source="paper"),
            figure("all", "projects", 9, source="paper"),
        ],
    )
    details = conflict_details(write_dataset, document)
    assert details == [
        "cannot all hold: All projects: 5 [Test Fair 2024, wire]; "
        "All projects: 7 [Test Fair 2024, paper]",
        "cannot all hold: All projects: 5 [Test Fair 2024, wire]; "
        "All projects: 9 [Test Fair 2024, paper]",
    ]


def test_statements_that_read_alike_are_told_apart_by_their_place(
    write_dataset: WriteDataset,
) -> None:
    # two breakdowns the release names alike, neither adding up to the total
    dimensions = [
        {
            "id": dimension,
            "name": "by kind",
            "of": "all",
            "complete": True,
            "categories": [{"id": name, "name": name.title()} for name in names],
        }
        for dimension, names in (("region", ("east", "west")), ("age", ("old", "new")))
    ]
    document = release(
        dimensions=dimensions,
        figures=[
            figure("all", "projects", 10),
            *(figure(name, "projects", 4) for name in ("east", "west", "old", "new")),
        ],
    )
    details = conflict_details(write_dataset, document)
    assert len(details) == 2
    assert details[0] != details[1]
    assert "[Test Fair 2024, $.dimensions[0]]" in details[0]
    assert "[Test Fair 2024, $.dimensions[1]]" in details[1]
