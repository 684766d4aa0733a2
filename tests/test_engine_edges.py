"""The engine on inputs found by fuzzing: conflicts hull consistency alone misses, shapes that
used to crash, and numbers no printed figure supports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from fairstats.engine.audit import Audit
from fairstats.engine.system import Limits
from fairstats.input import dataset
from fairstats.output.cells import RenderOptions
from fairstats.output.render import render
from fairstats.reports.check import check_report
from tests.conftest import RELEASES
from tests.helpers import REPORT_COMMANDS, WriteDataset, csv_rows, json_rows, run

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def document(year: int, **parts: Any) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "fair": {"id": "f", "name": "F", "year": year},
        "sources": [{"id": "s", "title": "t"}],
        **parts,
    }


AMOUNT = {"id": "m", "name": "m", "kind": "amount", "unit": "CNY"}


def growth(scope: str, percent: int) -> dict[str, Any]:
    return {"type": "growth", "of": {"scope": scope, "measure": "m"}, "percent": percent}


# Two growth rates of one figure over one unknown base: 1% and 3% cannot both hold.
TWO_RATES = document(
    2022,
    measures=[AMOUNT],
    scopes=[{"id": "a", "name": "a"}],
    figures=[{"scope": "a", "measure": "m", "value": 100, "qualifier": "more_than"}],
    relations=[growth("a", 1), growth("a", 3)],
)

# The same, of a scope whose only figure is its part's: this used to send the base's interval
# to 10^102 and crash growth's csv.
RATES_OF_A_PARENT = document(
    2019,
    measures=[AMOUNT],
    scopes=[{"id": "all", "name": "all"}, {"id": "part", "name": "part", "within": "all"}],
    figures=[{"scope": "part", "measure": "m", "value": 220}],
    relations=[growth("all", 296), growth("all", 64)],
)

# One id for a category in one file and for a scope in the other, one fair and edition.
CATEGORY_HERE = document(
    2022,
    measures=[{"id": "projects", "name": "projects", "kind": "count"}],
    scopes=[{"id": "all", "name": "all"}],
    dimensions=[
        {
            "id": "d",
            "name": "by d",
            "of": "all",
            "complete": True,
            "categories": [{"id": "c", "name": "c"}],
        }
    ],
)
SCOPE_THERE = document(
    2022,
    measures=[{"id": "investment", "name": "investment", "kind": "amount", "unit": "CNY"}],
    scopes=[{"id": "c", "name": "c"}],
    figures=[{"scope": "c", "measure": "investment", "value": 1}],
)


def check_rows(*paths: Path) -> tuple[int, list[dict[str, Any]]]:
    result = run("check", "-f", "json", *(arg for path in paths for arg in ("-d", path)))
    return result.exit_code, json_rows(result.stdout)


@pytest.mark.parametrize("document", [TWO_RATES, RATES_OF_A_PARENT], ids=["figure", "parent"])
def test_two_growth_rates_of_one_quantity_that_cannot_agree_conflict(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    code, rows = check_rows(write_dataset(document))
    assert code == 1
    verdicts = [row["verdict"] for row in rows if row["rule"] == "growth"]
    assert verdicts == ["inconsistent", "inconsistent"]
    conflicts = [row for row in rows if row["rule"] == "conflict"]
    assert len(conflicts) == 1


def test_growth_rates_that_agree_within_rounding_do_not_conflict(
    write_dataset: WriteDataset,
) -> None:
    """The shared ratio refutes only factors that cannot meet: 3% stands for [2.5, 3.5] and
    3.4% for [3.35, 3.45], which overlap."""
    agreeing = {
        **TWO_RATES,
        "relations": [growth("a", 3), {**growth("a", 3), "percent": 3.4}],
    }
    code, rows = check_rows(write_dataset(agreeing))
    assert code == 0
    assert not [row for row in rows if row["verdict"] == "inconsistent"]


@pytest.mark.parametrize("command", REPORT_COMMANDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_fuzzed_files_give_a_verdict_in_every_command_and_format(
    write_dataset: WriteDataset, tmp_path: Path, command: str, fmt: str
) -> None:
    single = [write_dataset(TWO_RATES), write_dataset(RATES_OF_A_PARENT)]
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(CATEGORY_HERE), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(SCOPE_THERE), encoding="utf-8")
    for data in [*single, folder]:
        result = run(command, "-f", fmt, "-d", data)
        assert result.exit_code in (0, 1), (data, result.output)
        assert result.stdout


def test_a_category_in_one_file_and_a_scope_in_another_are_both_checked(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.json").write_text(json.dumps(CATEGORY_HERE), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(SCOPE_THERE), encoding="utf-8")
    result = run("summary", "-f", "csv", "-d", tmp_path)
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert [row["value"] for row in rows if row["measure"] == "investment"] == ["1"]


def test_a_search_that_reaches_its_limits_names_the_statements_left_undecided(
    write_dataset: WriteDataset,
) -> None:
    """Ten printings of one count: nine thresholds above 20 and a plain 10, which conflicts
    with each of them; the search for the 10's conflicts stops before finding all nine."""
    thresholds = [
        {"scope": "a", "measure": "m", "value": 20 + step, "qualifier": "more_than"}
        for step in range(9)
    ]
    dataset = document(
        2022,
        measures=[{"id": "m", "name": "m", "kind": "count"}],
        scopes=[{"id": "a", "name": "a"}],
        figures=[*thresholds, {"scope": "a", "measure": "m", "value": 10, "where": "body"}],
    )
    result = run("check", "-f", "json", "-d", write_dataset(dataset))
    assert result.exit_code == 1
    footnotes = json.loads(result.stdout)["footnotes"]
    assert footnotes[-1] == (
        "The search for conflicts reached its limits for 1 statement: a m (body): 10 [F 2022, s]. "
        "Every "
        "conflict listed is real; more may involve these statements."
    )


def test_an_end_no_figure_supports_is_shown_as_unbounded_with_a_note(
    write_dataset: WriteDataset,
) -> None:
    """1 is 0.001% of s1, s1 of s2, and so on: s3 may reach 1.2 * 10^16, beyond 10^15 times the
    one printed figure, so its upper end is unbounded, and s4's interval with it."""
    scopes = [{"id": f"s{i}", "name": f"s{i}"} for i in range(5)]
    shares = [
        {
            "type": "share",
            "part": {"scope": f"s{i}", "measure": "m"},
            "whole": {"scope": f"s{i + 1}", "measure": "m"},
            "percent": 0.001,
        }
        for i in range(4)
    ]
    dataset = document(
        2022,
        measures=[AMOUNT],
        scopes=scopes,
        figures=[{"scope": "s0", "measure": "m", "value": 1}],
        relations=shares,
    )
    result = run("check", "-f", "json", "-d", write_dataset(dataset))
    assert result.exit_code == 0
    output = json.loads(result.stdout)
    implied = {row["check"]: row for row in output["rows"] if row["rule"] == "implied"}
    # (a share's whole less its part is a quantity of its own: s1 less s0 is s1's 99.999%)
    assert sorted(implied) == [
        "s1 excluding s0 m, F 2022",
        "s1 m, F 2022",
        "s2 excluding s1 m, F 2022",
        "s2 m, F 2022",
    ]
    assert implied["s2 m, F 2022"]["computed_high"] == 60000000000
    assert output["footnotes"][-1] == (
        "An interval end more than 10^15 times the largest figure printed of its measure is "
        "supported by no figure: it is shown as that limit, or as ∞."
    )


def test_a_count_narrowed_to_whole_numbers_is_narrowed_again(write_dataset: WriteDataset) -> None:
    """B within A's 3 projects, up 1%: no whole number of projects last year (1, 2 or 3 now
    would need 0.99, 1.98 or 2.97) fits, so the three statements conflict."""
    dataset = document(
        2022,
        measures=[{"id": "n", "name": "projects", "kind": "count"}],
        scopes=[{"id": "a", "name": "A"}, {"id": "b", "name": "B", "within": "a"}],
        figures=[{"scope": "a", "measure": "n", "value": 3}],
        relations=[{"type": "growth", "of": {"scope": "b", "measure": "n"}, "percent": 1}],
    )
    code, rows = check_rows(write_dataset(dataset))
    assert code == 1
    (conflict,) = [row for row in rows if row["rule"] == "conflict"]
    assert conflict["detail"] == (
        "cannot all hold: A projects: 3 [F 2022, s]; "
        "B projects: growth over the previous edition (F 2021): 1% [F 2022, s]; "
        "B projects: within A [F 2022]"
    )


def test_a_conflict_the_greedy_search_once_lost_is_named(write_dataset: WriteDataset) -> None:
    """Last year's count is at most 82.6% of this year's, yet this year's grew by 21.0% over
    it: the ratio must be at least 1.2107 and at most 1.2105. The search used to stop on an
    assertion, with a traceback."""
    dataset = document(
        2022,
        measures=[{"id": "n", "name": "projects", "kind": "count"}],
        scopes=[{"id": "a", "name": "A"}],
        figures=[{"scope": "a", "measure": "n", "value": 0, "scale": "thousand"}],
        relations=[
            {
                "type": "share",
                "part": {"scope": "a", "measure": "n", "edition": "previous"},
                "whole": {"scope": "a"},
                "percent": 82.6,
                "qualifier": "up_to",
            },
            {"type": "growth", "of": {"scope": "a", "measure": "n"}, "percent": 21.0},
        ],
    )
    code, rows = check_rows(write_dataset(dataset))
    assert code == 1
    (conflict,) = [row for row in rows if row["rule"] == "conflict"]
    assert conflict["detail"] == (
        "cannot all hold: A projects, the previous edition (F 2021) as a share of A: "
        "up to 82.6% [F 2022, s]; "
        "A projects: growth over the previous edition (F 2021): 21.0% [F 2022, s]"
    )


def check_footnotes(limits: Limits) -> list[str]:
    """The footnotes `check` prints for Reuters' CIIE 2021 release (two real conflicts), its
    audit searching within `limits`."""
    series = dataset.load_series([str(RELEASES / "ciie-2021-reuters.json")], None)
    report, found = check_report(series, Audit(series, limits))
    assert found
    stream = io.StringIO()
    render(report, RenderOptions("json"), stream)
    footnotes: list[str] = json.loads(stream.getvalue())["footnotes"]
    return footnotes


def test_a_real_release_searched_within_tiny_limits_says_so() -> None:
    """With no check left to the search for conflicts, `check` still finds a conflict, and
    its last footnote names the statement whose search stopped; within the default limits,
    no such footnote."""
    stopped = check_footnotes(Limits(max_search_checks=0))
    assert stopped[-1] == (
        "The search for conflicts reached its limits for 1 statement: CIIE 'intentional' "
        "deals (body): 70.62 [CIIE 2021, reuters]. "
        "Every conflict listed is real; more may involve these statements."
    )
    assert not [note for note in check_footnotes(Limits()) if "reached its limits" in note]
