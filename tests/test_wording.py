"""The sentences of `check`: each follows its verdict, names what it was compared with as
printed, and counts in agreeing number."""

from __future__ import annotations

from tests.fixtures import figure, release
from tests.helpers import WriteDataset, run

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
