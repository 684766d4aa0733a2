"""The sentences of `check`: each follows its verdict, names what it was compared with as
printed, and counts in agreeing number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fairstats.engine import wording
from fairstats.model.results import Phrase
from fairstats.output.cells import RenderOptions, phrase_text
from tests.conftest import RELEASES
from tests.fixtures import figure, ref, release
from tests.helpers import WriteDataset, find_row, json_rows, run

Rows = list[dict[str, Any]]


def render_phrase(phrase: Phrase) -> str:
    return phrase_text(phrase, RenderOptions())


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


# Records over qualified figures: CIIE's first two editions printed "3600多家" and "3800多家"
# exhibitors (more than 3600, more than 3800); a third edition, written here in the shape of
# data/releases/ciie-2020.json, claims a record.

CIIE_EARLIER = [RELEASES / "ciie-2018.json", RELEASES / "ciie-2019.json"]


def ciie_third(exhibitors: int, **qualifier: str) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "fair": {
            "id": "ciie",
            "name": "China International Import Expo",
            "short_name": "CIIE",
            "year": 2020,
            "ordinal": 3,
            "city": "Shanghai",
        },
        "sources": [{"id": "xinhua", "title": "第三届进博会", "language": "zh"}],
        "measures": [{"id": "exhibitors", "name": "exhibiting enterprises", "kind": "count"}],
        "scopes": [{"id": "ciie", "name": "CIIE"}],
        "figures": [{"scope": "ciie", "measure": "exhibitors", "value": exhibitors, **qualifier}],
        "relations": [{"type": "record", "of": {"scope": "ciie", "measure": "exhibitors"}}],
    }


def check_rows(write_dataset: WriteDataset, third: dict[str, Any]) -> tuple[int, Rows]:
    paths: list[str | Path] = []
    for path in [*CIIE_EARLIER, write_dataset(third, "ciie-third.json")]:
        paths += ["-d", path]
    result = run("check", "-f", "json", *paths)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json_rows(result.stdout)


def never_denies_its_comparison(rows: Rows) -> None:
    for row in rows:
        if row["verdict"] == "inconsistent":
            assert "nothing else gives" not in row["detail"], row
            assert "no figure for" not in row["detail"], row


def test_a_doubted_figure_names_what_it_conflicts_with(write_dataset: WriteDataset) -> None:
    # 3700 cannot be a record over "more than 3800": the qualified figure is doubted, and it
    # was compared with the record and its figure, not with nothing
    code, rows = check_rows(write_dataset, ciie_third(3700))
    assert code == 1
    doubted = find_row(rows, release="ciie-2019", rule="value")
    assert doubted["verdict"] == "inconsistent"
    assert doubted["detail"] == (
        "in conflict 1 with CIIE exhibiting enterprises: 3700 [CIIE 2020, xinhua]; "
        "CIIE exhibiting enterprises: a record [CIIE 2020, xinhua]"
    )
    never_denies_its_comparison(rows)


@pytest.mark.parametrize("name", [*sorted(path.stem for path in RELEASES.glob("*.json")), ""])
def test_no_inconsistent_statement_reads_as_untestable(name: str) -> None:
    path = RELEASES / f"{name}.json" if name else RELEASES
    result = run("check", "-f", "json", "-d", path)
    assert result.exit_code in (0, 1), result.output
    never_denies_its_comparison(json_rows(result.stdout))


@pytest.mark.parametrize(
    ("exhibitors", "verdict", "conflicts"),
    # 3900 is a record if 2019 had 3801 to 3899: nothing to do with rounding
    [(3900, "consistent", ""), (3500, "inconsistent", "; conflicts 1, 2")],
)
def test_a_record_names_the_qualified_figures_it_was_compared_with(
    write_dataset: WriteDataset, exhibitors: int, verdict: str, conflicts: str
) -> None:
    # either earlier figure may be the highest: both are named, as printed, and no number
    # is made of them ("[3601; ∞)" was printed as the highest before)
    code, rows = check_rows(write_dataset, ciie_third(exhibitors))
    assert code == (1 if conflicts else 0)
    record = find_row(rows, rule="record")
    assert record["verdict"] == verdict
    assert record["detail"] == (
        f"{exhibitors} against the highest before, one of: more than 3600 (CIIE 2018); "
        f"more than 3800 (CIIE 2019){conflicts}"
    )
    assert (record["computed"], record["computed_low"], record["computed_high"]) == (None,) * 3
    never_denies_its_comparison(rows)


def test_a_doubted_record_names_the_qualified_figure_it_conflicts_with(
    write_dataset: WriteDataset,
) -> None:
    code, rows = check_rows(write_dataset, ciie_third(3700))
    assert code == 1
    record = find_row(rows, rule="record")
    assert record["detail"] == (
        "in conflict 1 with CIIE exhibiting enterprises: more than 3800 [CIIE 2019, caixin]; "
        "CIIE exhibiting enterprises: 3700 [CIIE 2020, xinhua]"
    )


# a province and three cities within it, for ranks
PROVINCE_OF_THREE = [{"id": "province", "name": "Province"}] + [
    {"id": name.lower(), "name": name, "within": "province"} for name in ("East", "West", "North")
]


@pytest.mark.parametrize(
    ("rank", "detail"),
    [
        (1, "70 against the highest other, 60 (West)"),
        (2, "70 against the others, 60 (West); 80 (North)"),
    ],
)
def test_a_rank_names_the_figures_it_was_compared_with(
    write_dataset: WriteDataset, rank: int, detail: str
) -> None:
    # first place is judged against whichever may be highest; a lower place against all
    document = release(
        scopes=PROVINCE_OF_THREE,
        figures=[
            figure("east", "investment", 70),
            figure("west", "investment", 60),
            figure("north", "investment", 80 if rank == 2 else 50),
        ],
        relations=[{"type": "rank", "of": ref("east", "investment"), "rank": rank}],
    )
    result = run("check", "-f", "json", "-d", write_dataset(document))
    assert result.exit_code == 0, result.output
    row = find_row(json_rows(result.stdout), rule="rank")
    assert (row["verdict"], row["detail"]) == ("consistent", detail)


def test_an_implied_figure_printed_only_as_a_bound_says_so() -> None:
    # WMC 2018 printed "more than 430" projects; 2019's "+46%" to 638 pins it to [436; 438]
    paths = [RELEASES / "wmc-2018-closing.json", RELEASES / "wmc-2019.json"]
    result = run("check", "-f", "json", *(arg for path in paths for arg in ("-d", path)))
    assert result.exit_code == 0, result.output
    row = find_row(json_rows(result.stdout), rule="implied", check="WMC signed projects, WMC 2018")
    assert (row["computed_low"], row["computed_high"]) == (436, 438)
    assert row["detail"] == "printed only as more than 430; the statements about it allow this"


def test_a_bound_is_said_to_hold_for_an_interval_only_wholly_inside_it() -> None:
    # "more than 100" billion dollars against [98.325; 108.675] from "about 103.5": consistent,
    # as some of it is more than 100, but not all of it "is"; the 2018 count is
    paths = [RELEASES / "wmc-2018-closing.json", RELEASES / "wmc-2019.json"]
    result = run("check", "-f", "json", *(arg for path in paths for arg in ("-d", path)))
    assert result.exit_code == 0, result.output
    rows = json_rows(result.stdout)
    headline = find_row(rows, release="wmc-2019", check="WMC investment in USD (headline)")
    assert (headline["verdict"], headline["detail"]) == (
        "consistent",
        "[98.325; 108.675] USD billion allows more than 100",
    )
    count = find_row(rows, release="wmc-2018-closing", check="WMC signed projects")
    assert count["detail"] == "[436; 438] is more than 430"


def test_no_two_conflicts_of_the_releases_read_alike() -> None:
    result = run("check", "-f", "json", "-d", RELEASES)
    assert result.exit_code == 1, result.output
    details = [row["detail"] for row in json_rows(result.stdout) if row["rule"] == "conflict"]
    assert len(details) == len(set(details)) >= 2


# The wording module alone ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"), [(0, "0 checks"), (1, "1 check"), (2, "2 checks"), (11, "11 checks")]
)
def test_counts_agree_in_number(number: int, text: str) -> None:
    assert wording.counted(number, "check") == text


def test_a_conflict_names_how_many_statements_it_leaves_out() -> None:
    named = [Phrase("a"), Phrase("b")]
    detail = wording.cannot_all_hold(named, 5)
    assert render_phrase(detail) == "cannot all hold: a; b; and 3 more"


@pytest.mark.parametrize(
    ("own", "numbers", "others", "text"),
    [
        (None, [1], ["a", "b"], "in conflict 1 with a; b"),
        (None, [1, 2], ["a"], "in conflicts 1, 2 with a"),
        ("x and y cannot be one figure", [2], [], "x and y cannot be one figure; conflict 2"),
        ("over A: 1 / 2 = 0.5", [], ["a"], "over A: 1 / 2 = 0.5; cannot hold with a"),
        (None, [], [], "cannot hold with the other statements"),
    ],
)
def test_an_inconsistent_statement_says_what_it_conflicts_with(
    own: str | None, numbers: list[int], others: list[str], text: str
) -> None:
    detail = wording.in_conflict(
        None if own is None else Phrase(own), numbers, [Phrase(o) for o in others], len(others)
    )
    assert render_phrase(detail) == text


def test_a_part_printed_only_as_a_bound_is_named_with_it(write_dataset: WriteDataset) -> None:
    dimension = {
        "id": "type",
        "name": "by type",
        "of": "all",
        "complete": True,
        "categories": [{"id": "a", "name": "type a"}, {"id": "b", "name": "type b"}],
    }
    document = release(
        dimensions=[dimension],
        figures=[
            figure("all", "projects", 10),
            figure("a", "projects", 5, qualifier="more_than"),
            figure("b", "projects", 3),
        ],
    )
    result = run("check", "-f", "json", "-d", write_dataset(document))
    assert result.exit_code == 0, result.output
    row = find_row(json_rows(result.stdout), rule="parts_sum")
    assert (row["verdict"], row["detail"]) == (
        "not_testable",
        "type a printed only as more than 5",
    )


def test_a_rank_tied_with_a_plain_figure_still_shows_it_as_computed(
    write_dataset: WriteDataset,
) -> None:
    # East 60 is not first when West and North print 60 and 70: the highest printed is 70
    document = release(
        scopes=PROVINCE_OF_THREE,
        figures=[
            figure("east", "investment", 60),
            figure("west", "investment", 70),
            figure("north", "investment", 70),
        ],
        relations=[{"type": "rank", "of": ref("east", "investment"), "rank": 1}],
    )
    result = run("check", "-f", "json", "-d", write_dataset(document))
    assert result.exit_code == 1, result.output
    row = find_row(json_rows(result.stdout), rule="rank")
    assert row["computed"] == 70
    assert row["detail"].startswith("60 against the highest other, one of: 70 (West); 70 (North)")


@pytest.mark.parametrize(
    ("span", "words"),
    [((12, 12), "12"), ((12, 13), "12, 13"), ((12, 14), "12, 13, 14"), ((12, 15), "12 to 15")],
)
def test_whole_numbers_are_named_up_to_three(span: tuple[int, int], words: str) -> None:
    assert wording.whole_numbers(span) == words
    formula = Phrase("x")
    assert wording.whole_number(formula, span) == Phrase(
        "{} allows {}, a whole number", (formula, words)
    )
