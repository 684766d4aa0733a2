"""The id columns a script joins on: every report's rows name their fair, edition, scope and
measure by id, typed as numbers where they are numbers, so that share and growth rows join
check rows on (fair_id, year, scope_id, measure_id) even where a display name changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import RELEASES
from tests.helpers import csv_rows, json_rows, run

CIFIT_2024 = str(RELEASES / "cifit-2024-fujian.json")
IDS = ("fair_id", "year", "ordinal", "scope_id", "measure_id")

# A known row of each command, the cells that pick it out, and its ids as json holds them
# (csv holds the same as text, empty for null).
KNOWN = [
    pytest.param(
        ("summary",),
        {"section": "Dalian", "measure": "projects", "statistic": "value"},
        ("liao-fair", 2022, None, "dalian", "projects"),
        id="summary",
    ),
    pytest.param(
        ("breakdown",),
        {"category": "foreign-funded", "measure": "projects"},
        ("liao-fair", 2022, None, "foreign-funded", "projects"),
        id="breakdown",
    ),
    pytest.param(
        ("share",),
        {"section": "Reported shares", "scope": "Dalian", "basis": "reported"},
        ("liao-fair", 2022, None, "dalian", "investment"),
        id="share",
    ),
    pytest.param(
        ("growth",),
        {"measure": "projects", "statistic": "value"},
        ("liao-fair", 2021, None, "dalian", "projects"),  # the previous edition's, implied
        id="growth",
    ),
    pytest.param(
        ("check", "-d", CIFIT_2024),
        {"rule": "value", "place": "$.figures[2]"},
        ("cifit", 2024, 24, "fujian", "investment"),
        id="check",
    ),
    pytest.param(
        ("check", "-d", CIFIT_2024),
        {
            "rule": "implied",
            "check": "厦门 (Xiamen) planned investment (计划投资), CIFIT 23rd edition",
        },
        ("cifit", None, 23, "xiamen", "investment"),  # an edition known by its ordinal only
        id="check-implied",
    ),
]


def _matching(rows: list[dict[str, Any]], match: dict[str, str]) -> list[dict[str, Any]]:
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert found, f"no row matching {match}"
    return found


def _output(args: tuple[str, ...], fmt: str) -> str:
    result = run(*args, "-f", fmt)
    assert result.exit_code in (0, 1), result.stderr  # 1: check found an inconsistency
    return result.stdout


@pytest.mark.parametrize(("args", "match", "expected"), KNOWN)
def test_a_known_row_has_its_ids_in_json_and_csv(
    args: tuple[str, ...], match: dict[str, str], expected: tuple[object, ...]
) -> None:
    for row in _matching(json_rows(_output(args, "json")), match):
        assert tuple(row[key] for key in IDS) == expected
    as_text = tuple("" if value is None else str(value) for value in expected)
    for row in _matching(csv_rows(_output(args, "csv")), match):
        assert tuple(row[key] for key in IDS) == as_text


def test_a_reported_share_names_its_source() -> None:
    rows = json_rows(_output(("share",), "json"))
    reported = _matching(rows, {"section": "Reported shares", "basis": "reported"})
    assert [row["source"] for row in reported] == ["bureau"]


def test_share_and_growth_rows_join_check_rows_on_the_ids() -> None:
    """What the ids are for: a reported share's row finds the check of the same statement."""
    key = ("fair_id", "year", "scope_id", "measure_id")
    share = _matching(
        json_rows(_output(("share",), "json")), {"section": "Reported shares", "basis": "reported"}
    )[0]
    checks = json_rows(_output(("check",), "json"))
    joined = [row for row in checks if all(row[k] == share[k] for k in key)]
    assert "share" in {row["rule"] for row in joined}


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.json")), ids=lambda path: path.stem)
def test_every_row_with_a_scope_has_a_scope_id(path: Path) -> None:
    for command, scope in (("summary", "scope"), ("share", "scope"), ("growth", "scope")):
        for row in json_rows(_output((command, "-d", str(path)), "json")):
            if row[scope] and row["statistic"] != "fact":  # `fair`, `source`: no scope's
                assert row["scope_id"], (command, row)
    for row in json_rows(_output(("breakdown", "-d", str(path)), "json")):
        assert row["scope_id"], row
    for row in json_rows(_output(("check", "-d", str(path)), "json")):
        if row["section"] == "Statements":
            assert row["scope_id"], row
            assert row["measure_id"], row


def test_xlsx_holds_the_year_and_ordinal_as_numbers(tmp_path: Path) -> None:
    out = tmp_path / "check.xlsx"
    result = run("check", "-d", CIFIT_2024, "-f", "xlsx", "-o", str(out))
    assert result.exit_code in (0, 1), result.stderr
    header, *rows = openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    row = _matching(cells, {"rule": "value", "place": "$.figures[2]"})[0]
    assert tuple(row[key] for key in IDS) == ("cifit", 2024, 24, "fujian", "investment")
    assert type(row["year"]) is int


def test_computed_basis_holds_what_the_readme_allows() -> None:
    """`reported` where the other number is a printing itself: another printing of the same
    figure (`value`) or a part's printed figure (`within`), never a computation."""
    rows = json_rows(_output(("check", "-d", CIFIT_2024), "json"))
    assert {row["computed_basis"] for row in rows} <= {"computed", "implied", "reported", None}
    assert {row["rule"] for row in rows if row["computed_basis"] == "reported"} == {
        "value",
        "within",
    }
