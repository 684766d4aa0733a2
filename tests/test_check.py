"""`check` on small releases, one rule at a time: qualifiers, breakdowns, nested scopes, shares
of an unprinted total, growth between editions, conversions, records, ranks and readings."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import figure, ref, release
from tests.helpers import WriteDataset, find_row, json_rows, run

Rows = list[dict[str, Any]]


def check(write_dataset: WriteDataset, *documents: dict[str, Any]) -> tuple[int, Rows]:
    paths: list[str | Path] = []
    for document in documents:
        paths += ["-d", write_dataset(document)]
    result = run("check", "-f", "json", *paths)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json_rows(result.stdout)


def statements(rows: Rows) -> Rows:
    return [row for row in rows if row["section"] == "Statements"]


def conflicts(rows: Rows) -> Rows:
    return [row for row in rows if row["rule"] == "conflict"]


def verdict_of(rows: Rows, **match: str) -> str:
    verdict: str = find_row(rows, **match)["verdict"]
    return verdict


# Qualifiers ---------------------------------------------------------------------------------


def test_over_a_figure_printed_as_the_threshold_is_within_rounding(
    write_dataset: WriteDataset,
) -> None:
    """ "Over 83.49" against a total printed as 83.49: 83.49 stands for [83.485, 83.495],
    which holds values over 83.49."""
    code, rows = check(
        write_dataset,
        release(
            figures=[
                figure("all", "investment", 83.49),
                figure("all", "investment", 83.49, qualifier="more_than", where="headline"),
            ]
        ),
    )
    assert code == 0
    row = find_row(rows, check="All investment (headline)")
    assert row["verdict"] == "within_rounding"
    assert (row["computed"], row["computed_low"], row["computed_high"]) == (
        83.49,
        83.485,
        83.495,
    )


@pytest.mark.parametrize(
    ("count", "verdict", "code"), [(430, "inconsistent", 1), (431, "consistent", 0)]
)
def test_more_than_a_count_means_at_least_one_more(
    write_dataset: WriteDataset, count: int, verdict: str, code: int
) -> None:
    exit_code, rows = check(
        write_dataset,
        release(
            figures=[
                figure("all", "projects", count),
                figure("all", "projects", 430, qualifier="more_than", where="headline"),
            ]
        ),
    )
    assert exit_code == code
    assert verdict_of(rows, check="All projects (headline)") == verdict


@pytest.mark.parametrize(
    ("qualifier", "actual", "verdict"),
    [
        ("about", 104, "consistent"),  # within 5%
        ("about", 96, "consistent"),
        ("about", 106, "inconsistent"),
        ("nearly", 96, "consistent"),  # a little under
        ("nearly", 100.4, "consistent"),  # or the printed 100's own rounding
        ("nearly", 102, "inconsistent"),  # not over
        ("nearly", 101, "within_rounding"),  # 101 stands for [100.5, 101.5]
        ("at_least", 100, "consistent"),
        ("at_least", 99.9, "inconsistent"),
        ("less_than", 99.9, "consistent"),
        ("less_than", 100, "within_rounding"),  # 100 may be 99.6, printed rounded
        ("less_than", 101, "inconsistent"),
        ("up_to", 100, "consistent"),
        ("up_to", 100.1, "inconsistent"),
    ],
)
def test_qualifiers_allow_what_the_readme_says(
    write_dataset: WriteDataset, qualifier: str, actual: float, verdict: str
) -> None:
    exit_code, rows = check(
        write_dataset,
        release(
            figures=[
                figure("all", "investment", actual),
                figure("all", "investment", 100, qualifier=qualifier, where="headline"),
            ]
        ),
    )
    assert exit_code == (1 if verdict == "inconsistent" else 0)
    assert verdict_of(rows, check="All investment (headline)") == verdict


def test_two_printings_agree_when_the_finer_rounds_to_the_coarser(
    write_dataset: WriteDataset,
) -> None:
    code, rows = check(
        write_dataset,
        release(
            figures=[
                figure("all", "investment", 447.1),
                figure("all", "investment", 447, where="headline"),
            ]
        ),
    )
    assert code == 0
    row = find_row(rows, check="All investment (headline)")
    assert (row["verdict"], row["reported"], row["computed"]) == ("consistent", 447, 447.1)


# Breakdowns ---------------------------------------------------------------------------------

DIMENSION = {
    "id": "type",
    "name": "by type",
    "of": "all",
    "categories": [{"id": "a", "name": "type a"}, {"id": "b", "name": "type b"}],
}


def with_breakdown(complete: bool, parts: tuple[int, int], whole: int) -> dict[str, Any]:
    return release(
        dimensions=[{**DIMENSION, "complete": complete}],
        figures=[
            figure("all", "projects", whole),
            figure("a", "projects", parts[0]),
            figure("b", "projects", parts[1]),
        ],
    )


def test_a_partial_breakdown_may_fall_short(write_dataset: WriteDataset) -> None:
    code, rows = check(write_dataset, with_breakdown(False, (21, 26), 50))
    assert code == 0
    row = find_row(rows, rule="parts_sum")
    assert (row["verdict"], row["reported"], row["computed"]) == ("consistent", 50, 47)
    assert row["detail"] == "21 + 26 = 47; not listed: 3 (6.00%)"


def test_a_partial_breakdown_may_not_exceed_its_whole(write_dataset: WriteDataset) -> None:
    code, rows = check(write_dataset, with_breakdown(False, (30, 26), 50))
    assert code == 1
    assert verdict_of(rows, rule="parts_sum") == "inconsistent"


def test_a_complete_breakdown_that_does_not_add_up_flags_the_sum_once(
    write_dataset: WriteDataset,
) -> None:
    code, rows = check(write_dataset, with_breakdown(True, (21, 26), 50))
    assert code == 1
    # The figures are the data: the sum is what is doubted, not each of its figures.
    inconsistent = [row for row in statements(rows) if row["verdict"] == "inconsistent"]
    assert [row["rule"] for row in inconsistent] == ["parts_sum"]
    (conflict,) = conflicts(rows)
    assert conflict["detail"] == (
        "cannot all hold: All projects: 50 [Test Fair 2024, release]; "
        "type a projects: 21 [Test Fair 2024, release]; "
        "type b projects: 26 [Test Fair 2024, release]; "
        "All by type: parts sum to projects [Test Fair 2024]"
    )


def test_nested_scopes_are_never_added_as_if_disjoint(write_dataset: WriteDataset) -> None:
    """A city within its province's ceremony is among the province's projects, not beside
    them: 13 of 50 is no excess, while the province's own breakdown still adds up."""
    document = with_breakdown(True, (35, 15), 50)
    document["scopes"].append({"id": "city", "name": "City", "within": "all"})
    document["figures"].append(figure("city", "projects", 13))
    code, rows = check(write_dataset, document)
    assert code == 0
    assert verdict_of(rows, rule="parts_sum") == "consistent"
    within = find_row(rows, rule="within")
    assert (within["verdict"], within["reported"], within["computed"]) == ("consistent", 50, 13)


def test_a_scope_larger_than_the_one_it_lies_within_is_inconsistent(
    write_dataset: WriteDataset,
) -> None:
    document = release(
        scopes=[{"id": "all", "name": "All"}, {"id": "city", "name": "City", "within": "all"}],
        figures=[figure("all", "projects", 50), figure("city", "projects", 63)],
    )
    code, rows = check(write_dataset, document)
    assert code == 1
    assert verdict_of(rows, rule="within") == "inconsistent"


# Shares and averages ------------------------------------------------------------------------

TWO_DELEGATIONS = [
    {"id": "province", "name": "Province"},
    {"id": "east", "name": "East", "within": "province"},
    {"id": "west", "name": "West", "within": "province"},
]


def two_shares(east: float, west: float) -> dict[str, Any]:
    return release(
        scopes=TWO_DELEGATIONS,
        figures=[figure("east", "investment", 40), figure("west", "investment", 60)],
        relations=[
            {
                "type": "share",
                "part": ref("east", "investment"),
                "whole": ref("province"),
                "percent": east,
            },
            {
                "type": "share",
                "part": ref("west", "investment"),
                "whole": ref("province"),
                "percent": west,
            },
        ],
    )


def test_two_shares_of_one_unprinted_total_must_agree(write_dataset: WriteDataset) -> None:
    """40 is 40% of 100 and 60 is 50% of 120: no one total fits both, though none is
    printed."""
    code, rows = check(write_dataset, two_shares(40, 50))
    assert code == 1
    shares = [row for row in statements(rows) if row["rule"] == "share"]
    assert [row["verdict"] for row in shares] == ["inconsistent", "inconsistent"]
    (conflict,) = conflicts(rows)
    assert "East investment as a share of Province" in conflict["detail"]
    assert "West investment as a share of Province" in conflict["detail"]


def test_two_shares_that_agree_are_each_tested_against_the_other(
    write_dataset: WriteDataset,
) -> None:
    code, rows = check(write_dataset, two_shares(40, 60))
    assert code == 0
    shares = [row for row in statements(rows) if row["rule"] == "share"]
    assert [row["verdict"] for row in shares] == ["consistent", "consistent"]
    implied = find_row(rows, rule="implied", check="Province investment, Test Fair 2024")
    # 40 and 60 stand for [39.5, 40.5] and [59.5, 60.5], the shares for 39.5% to 40.5% and
    # 59.5% to 60.5%: the tighter of the two totals they give, 59.5 / 60.5% to 60.5 / 59.5%
    assert (implied["computed_low"], implied["computed_high"]) == (98.347107438, 101.680672269)


def test_a_share_of_a_count_must_leave_a_whole_total(write_dataset: WriteDataset) -> None:
    """GRIM: 79 projects as 99.96% of a whole gives [79.028, 79.036], no whole number."""
    document = release(
        scopes=TWO_DELEGATIONS,
        figures=[figure("east", "projects", 79)],
        relations=[
            {
                "type": "share",
                "part": ref("east", "projects"),
                "whole": ref("province"),
                "percent": 99.96,
            }
        ],
    )
    code, rows = check(write_dataset, document)
    assert code == 1
    assert verdict_of(rows, rule="share") == "inconsistent"


def test_a_stated_average_is_the_amount_per_counted_thing(write_dataset: WriteDataset) -> None:
    document = release(
        figures=[figure("all", "projects", 50), figure("all", "investment", 1201.5)],
        relations=[
            {
                "type": "average",
                "scope": "all",
                "amount": "investment",
                "count": "projects",
                "value": 24,
            }
        ],
    )
    code, rows = check(write_dataset, document)
    assert code == 0
    row = find_row(rows, rule="average")
    assert (row["verdict"], row["computed"], row["unit"], row["unit_mult"]) == (
        "consistent",
        24.03,
        "CNY",
        8,
    )


# Editions -----------------------------------------------------------------------------------


def growth(percent: float, **extra: Any) -> dict[str, Any]:
    return {"type": "growth", "of": ref("all", "investment"), "percent": percent, **extra}


def test_growth_is_tested_against_the_previous_edition(write_dataset: WriteDataset) -> None:
    before = release(year=2023, figures=[figure("all", "investment", 100)])
    after = release(year=2024, figures=[figure("all", "investment", 110)], relations=[growth(10)])
    code, rows = check(write_dataset, before, after)
    assert code == 0
    row = find_row(rows, rule="growth")
    assert (row["verdict"], row["computed"]) == ("consistent", 10)
    code, rows = check(
        write_dataset,
        before,
        release(year=2024, figures=[figure("all", "investment", 110)], relations=[growth(12)]),
    )
    assert code == 1
    assert verdict_of(rows, rule="growth") == "inconsistent"


def test_growth_over_a_year_not_loaded_is_not_testable(write_dataset: WriteDataset) -> None:
    """Only years are known and 2023 is missing: 2022 may not be the previous edition."""
    before = release(year=2022, figures=[figure("all", "investment", 100)])
    after = release(year=2024, figures=[figure("all", "investment", 110)], relations=[growth(30)])
    code, rows = check(write_dataset, before, after)
    assert code == 0
    row = find_row(rows, rule="growth")
    assert row["verdict"] == "not_testable"
    assert "that edition is not among the loaded releases" in row["detail"]


def test_the_previous_edition_named_by_ordinal_or_by_the_file(
    write_dataset: WriteDataset,
) -> None:
    """A fair that skipped 2023: the 3rd edition's previous one is the 2nd, held in 2022."""
    before = release(year=2022, ordinal=2, figures=[figure("all", "investment", 100)])
    after = release(
        year=2024, ordinal=3, figures=[figure("all", "investment", 130)], relations=[growth(30)]
    )
    assert verdict_of(check(write_dataset, before, after)[1], rule="growth") == "consistent"
    by_year = release(
        year=2024,
        previous_year=2022,
        figures=[figure("all", "investment", 130)],
        relations=[growth(30)],
    )
    plain = release(year=2022, figures=[figure("all", "investment", 100)])
    assert verdict_of(check(write_dataset, plain, by_year)[1], rule="growth") == "consistent"


def test_last_years_figure_printed_this_year_meets_last_years_release(
    write_dataset: WriteDataset,
) -> None:
    before = release(year=2023, figures=[figure("all", "investment", 100)])
    after = release(
        year=2024,
        figures=[figure("all", "investment", 102, edition="previous", where="body")],
    )
    code, rows = check(write_dataset, before, after)
    assert code == 1
    # Two plain printings that cannot be one figure: either may be wrong, both are doubted.
    row = find_row(rows, check="All investment, the previous edition (Test Fair 2023) (body)")
    assert (row["verdict"], row["reported"], row["computed"]) == ("inconsistent", 102, 100)
    (conflict,) = conflicts(rows)
    assert conflict["detail"] == (
        "cannot all hold: All investment: 100 [Test Fair 2023, release]; "
        "All investment, the previous edition (Test Fair 2023) (body): 102 "
        "[Test Fair 2024, release]"
    )


def test_an_absolute_change(write_dataset: WriteDataset) -> None:
    before = release(year=2023, figures=[figure("all", "investment", 10)])
    after = release(
        year=2024,
        figures=[figure("all", "investment", 13)],
        relations=[
            {"type": "growth", "of": ref("all", "investment"), "change": 300, "scale": "million"}
        ],
    )
    code, rows = check(write_dataset, before, after)
    assert code == 0
    row = find_row(rows, rule="change")
    assert (row["verdict"], row["computed"], row["unit_mult"]) == ("consistent", 300, 6)


def test_growth_in_another_currency_is_not_compared(write_dataset: WriteDataset) -> None:
    before = release(year=2023, figures=[figure("all", "investment", 100)])
    after = release(
        year=2024,
        figures=[figure("all", "investment", 16, unit="USD")],
        relations=[growth(-84, of=ref("all", "investment", unit="USD"))],
    )
    code, rows = check(write_dataset, before, after)
    assert code == 0
    assert verdict_of(rows, rule="growth") == "not_testable"


@pytest.mark.parametrize(("current", "verdict"), [(140, "consistent"), (120, "inconsistent")])
def test_a_record_is_tested_against_the_series(
    write_dataset: WriteDataset, current: int, verdict: str
) -> None:
    earlier = [
        release(year=year, figures=[figure("all", "investment", value)])
        for year, value in ((2021, 100), (2022, 130), (2023, 110))
    ]
    now = release(
        year=2024,
        figures=[figure("all", "investment", current)],
        relations=[{"type": "record", "of": ref("all", "investment")}],
    )
    code, rows = check(write_dataset, *earlier, now)
    assert code == (0 if verdict == "consistent" else 1)
    row = find_row(rows, rule="record")
    assert (row["verdict"], row["computed"]) == (verdict, 130)


def test_a_record_without_earlier_editions_is_not_testable(write_dataset: WriteDataset) -> None:
    now = release(
        figures=[figure("all", "investment", 140)],
        relations=[{"type": "record", "of": ref("all", "investment")}],
    )
    assert verdict_of(check(write_dataset, now)[1], rule="record") == "not_testable"


@pytest.mark.parametrize(("east", "verdict"), [(70, "consistent"), (50, "inconsistent")])
def test_first_in_the_province(write_dataset: WriteDataset, east: int, verdict: str) -> None:
    document = release(
        scopes=TWO_DELEGATIONS,
        figures=[figure("east", "investment", east), figure("west", "investment", 60)],
        relations=[{"type": "rank", "of": ref("east", "investment"), "rank": 1}],
    )
    code, rows = check(write_dataset, document)
    assert code == (0 if verdict == "consistent" else 1)
    assert verdict_of(rows, rule="rank") == verdict


def test_a_rank_among_scopes_without_figures_is_not_testable(
    write_dataset: WriteDataset,
) -> None:
    document = release(
        scopes=TWO_DELEGATIONS,
        figures=[figure("east", "investment", 70)],
        relations=[{"type": "rank", "of": ref("east", "investment"), "rank": 1}],
    )
    assert verdict_of(check(write_dataset, document)[1], rule="rank") == "not_testable"


# Conversions --------------------------------------------------------------------------------


def converted(rates: list[tuple[float, float]]) -> dict[str, Any]:
    scopes = [{"id": "all", "name": "All"}] + [
        {"id": f"part{n}", "name": f"Part {n}", "within": "all"} for n in range(1, len(rates))
    ]
    figures = []
    for scope, (yuan, dollars) in zip([s["id"] for s in scopes], rates, strict=True):
        figures += [
            figure(scope, "investment", yuan),
            figure(scope, "investment", dollars, unit="USD"),
        ]
    return release(scopes=scopes, figures=figures)


def test_one_conversion_implies_the_sources_rate(write_dataset: WriteDataset) -> None:
    code, rows = check(write_dataset, converted([(447, 70.19)]))
    assert code == 0
    row = find_row(rows, rule="conversion")
    assert row["verdict"] == "not_testable"
    assert (row["reported"], row["unit"]) == (70.19, "USD")
    assert (row["computed"], row["computed_unit"]) == (6.3684285511, "CNY/USD")


def test_conversions_by_one_source_share_one_rate(write_dataset: WriteDataset) -> None:
    code, rows = check(write_dataset, converted([(447, 70.19), (88, 13.81)]))
    assert code == 0
    assert [row["verdict"] for row in rows if row["rule"] == "conversion"] == [
        "consistent",
        "consistent",
    ]
    code, rows = check(write_dataset, converted([(447, 70.19), (88, 12.81)]))
    assert code == 1


def test_an_exchange_rate_belongs_to_its_release(write_dataset: WriteDataset) -> None:
    """Two editions converting at different rates do not disagree."""
    one = converted([(447, 70.19)])
    two = converted([(735.1, 103.5)])
    two["fair"]["year"] = 2025
    code, _ = check(write_dataset, one, two)
    assert code == 0


# Uncertain scopes ---------------------------------------------------------------------------

READINGS = [
    {"id": "all", "name": "All"},
    {"id": "typed", "name": "Investment-type", "within": "all"},
]


@pytest.mark.parametrize(
    ("value", "verdict", "code"), [(30, "consistent", 0), (35, "inconsistent", 1)]
)
def test_a_statement_of_uncertain_scope_holds_if_a_reading_does(
    write_dataset: WriteDataset, value: int, verdict: str, code: int
) -> None:
    """An average over 30 holds over the 36 typed projects (32.6 each), not over all 40."""
    document = release(
        scopes=READINGS,
        figures=[
            figure("all", "projects", 40),
            figure("all", "investment", 1174),
            figure("typed", "projects", 36),
            figure("typed", "investment", 1173.6),
        ],
        relations=[
            {
                "type": "average",
                "scope": ["typed", "all"],
                "amount": "investment",
                "count": "projects",
                "value": value,
                "qualifier": "more_than",
            }
        ],
    )
    exit_code, rows = check(write_dataset, document)
    assert exit_code == code
    row = find_row(rows, rule="average")
    assert row["verdict"] == verdict
    assert row["detail"].startswith("over Investment-type: ")
    assert "; over All: inconsistent " in row["detail"]


def test_files_that_disagree_are_warned_on_stderr_and_listed_by_check(
    write_dataset: WriteDataset, bundled_document: dict[str, Any]
) -> None:
    first = copy.deepcopy(bundled_document)
    first["fair"]["ordinal"] = 21
    second = copy.deepcopy(first)  # a second source of the same edition
    second["fair"]["ordinal"] = 22
    # its growth rates would be over edition 21, the first file: not what this test is about
    second["relations"] = [r for r in second["relations"] if r["type"] != "growth"]
    second["scopes"][1]["name"] = "Dalian projects"  # dalian: another thing
    second["measures"][5]["unit"] = "m2"  # area
    contracted = second["measures"][2]  # in another scale only: the same measure
    contracted["scale"] = "yi"
    figures = [f for f in second["figures"] if f["measure"] == "contracted"]
    assert [f["value"] for f in figures] == [0.9]
    figures[0]["value"] = 9
    other = copy.deepcopy(bundled_document)
    other["fair"]["id"] = "liaoning-fair"  # the same fair by name, under another id
    a, b, c = (
        write_dataset(d, f"{n}.json") for n, d in zip("abc", (first, second, other), strict=True)
    )
    result = run("check", "-f", "json", "-d", a, "-d", b, "-d", c)
    assert result.exit_code == 0
    assert result.stderr == (
        f"fairstats: warning: {a} $.fair.ordinal and {b} $.fair.ordinal: the 2022 edition of "
        "'liao-fair' has two ordinals, 21 and 22\n"
        f"fairstats: warning: {a} $.scopes[1] and {b} $.scopes[1]: scope 'dalian' means two "
        "things: name 'Dalian' and 'Dalian projects'\n"
        f"fairstats: warning: {a} $.measures[5] and {b} $.measures[5]: measure 'area' means two "
        "things: unit 'm²' and 'm2'\n"
        f"fairstats: warning: {a} $.fair.name and {c} $.fair.name: the fair 'Liaoning "
        "International Investment and Trade Fair' has two ids, 'liao-fair' and 'liaoning-fair'\n"
    )
    rows = [r for r in json_rows(result.stdout) if r["section"] == "Files that disagree"]
    assert [(r["rule"], r["check"] == r["place"], r["detail"]) for r in rows] == [
        ("files_disagree", True, line.split(": ", 2)[2].split(": ", 1)[1])
        for line in result.stderr.splitlines()
    ]
    assert rows[-1]["place"] == f"{a} $.fair.name and {c} $.fair.name"
    # a warning is no verdict: one file on its own has nothing to disagree with
    alone = run("check", "-d", a)
    assert (alone.exit_code, alone.stderr) == (0, "")
    assert "Files that disagree" not in alone.stdout


def test_one_ordinal_with_two_years_is_warned(
    write_dataset: WriteDataset,
    bundled_document: dict[str, Any],
    baseline_document: dict[str, Any],
) -> None:
    bundled_document["fair"]["ordinal"] = baseline_document["fair"]["ordinal"] = 21
    earlier, later = write_dataset(baseline_document), write_dataset(bundled_document)
    result = run("summary", "-d", earlier, "-d", later)
    assert result.exit_code == 0
    assert result.stderr == (
        f"fairstats: warning: {earlier} $.fair.year and {later} $.fair.year: the 21st edition "
        "of 'liao-fair' has two years, 2021 and 2022\n"
    )
