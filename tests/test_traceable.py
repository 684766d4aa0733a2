"""Every row traceable (issue 14, item 4): tables name the source of each printing where a
release's rows come from more than one, and no two rows of a section look the same."""

from __future__ import annotations

from tests.conftest import RELEASES
from tests.helpers import json_rows, run


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
