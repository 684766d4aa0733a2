"""breakdown, share and growth: hand-computed expectations, with the arithmetic written out."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairstats.dataset import load_dataset
from fairstats.model import Breakdown, Category
from fairstats.numbers import share_percent
from fairstats.stats import implied_previous, implied_region_total, sum_of_parts
from tests.helpers import WriteDataset, csv_rows, find_row, run


def csv_of(*args: Any) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return csv_rows(result.stdout)


# breakdown ----------------------------------------------------------------------------------


def test_breakdown_rows_and_shares() -> None:
    rows = csv_of("breakdown")
    foreign = find_row(rows, dimension="funding", category="foreign-funded")
    assert (foreign["projects"], foreign["investment"], foreign["basis"]) == (
        "16",
        "12.047",
        "reported",
    )
    # 16 / 79 = 20.2531645569...%; 12.047 / 241.537 = 4.9876416...%; 12.047 / 16 = 0.7529375
    assert foreign["projects_share_percent"] == "20.253164557"
    assert foreign["investment_share_percent"] == "4.987641645"
    assert foreign["investment_per_project"] == "0.7529375"
    ceremony = find_row(
        rows, dimension="signing", category="signed centrally at the opening ceremony"
    )
    # 55.5 / 6 = 9.25 exactly
    assert ceremony["investment_per_project"] == "9.25"
    parts = find_row(rows, dimension="signing", category="sum of parts")
    # 6 + 73 = 79; 55.5 + 186.037 = 241.537
    assert (parts["projects"], parts["investment"], parts["basis"]) == ("79", "241.537", "computed")
    total = find_row(rows, dimension="signing", category="reported total")
    assert (total["projects"], total["investment"], total["basis"]) == ("79", "241.537", "reported")
    assert total["projects_share_percent"] == "100"


def test_breakdown_by_one_dimension_and_unknown_dimension() -> None:
    rows = csv_of("breakdown", "--by", "signing")
    assert {row["dimension"] for row in rows} == {"signing"}
    result = run("breakdown", "--by", "sector")
    assert result.exit_code == 2
    bundled = load_dataset().file
    assert result.stderr == (
        f"fairstats: no breakdown dimension 'sector' in {bundled} (known: funding, signing)\n"
    )


def test_breakdown_table_shows_rounded_shares() -> None:
    result = run("breakdown", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "20.25" in result.stdout  # 16 / 79, half-up to 2 decimals
    assert "4.99" in result.stdout  # 12.047 / 241.537
    assert "22.98" in result.stdout  # 55.5 / 241.537 = 22.9778...


def test_breakdown_in_other_units() -> None:
    rows = csv_of("breakdown", "--unit", "yi")
    foreign = find_row(rows, dimension="funding", category="foreign-funded")
    assert (foreign["investment"], foreign["unit"]) == ("120.47", "CNY yi (10^8)")
    assert foreign["investment_per_project"] == "7.529375"


def test_zero_totals_give_undefined_not_zero(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    dalian = document["delegations"][0]
    dalian["signed"] = {"projects": 0, "investment": 0}
    dalian["breakdowns"] = [
        {"dimension": "funding", "categories": [{"name": "a", "projects": 0, "investment": 0}]}
    ]
    path = write_dataset(document)
    rows = csv_of("breakdown", "-d", path)
    row = find_row(rows, category="a")
    assert row["projects_share_percent"] == ""
    assert row["investment_per_project"] == ""
    data = json.loads(run("breakdown", "-d", path, "-f", "json").stdout)
    assert find_row(data["rows"], category="a")["investment_share_percent"] is None
    table = run("breakdown", "-d", path).stdout
    assert "n/a" in table


# share --------------------------------------------------------------------------------------


def test_share_implies_the_region_total_with_its_interval() -> None:
    rows = csv_of("share")
    reported = find_row(rows, subject="share of Liaoning", measure="investment")
    assert (reported["value"], reported["low"], reported["high"]) == ("42.4", "42.35", "42.45")
    total = find_row(rows, subject="Liaoning total", measure="investment")
    assert total["basis"] == "implied"
    # 241.537 / 0.424; 241.5365 / 0.4245; 241.5375 / 0.4235
    assert Decimal(total["value"]) == Decimal("569.6627358491")
    assert Fraction(total["low"]) <= Fraction("241.5365") / Fraction("0.4245")
    assert Fraction(total["high"]) >= Fraction("241.5375") / Fraction("0.4235")
    assert Fraction(total["high"]) - Fraction("241.5375") / Fraction("0.4235") < Fraction(1, 10**10)
    rest = find_row(rows, subject="rest of Liaoning", measure="investment")
    # 569.6627358491 - 241.537
    assert Decimal(rest["value"]) == Decimal("328.1257358491")


def test_share_lists_every_category_share() -> None:
    rows = csv_of("share")
    domestic = find_row(rows, subject="domestic-funded", measure="investment")
    # 229.49 / 241.537 = 95.0123583...%
    assert (domestic["value"], domestic["basis"]) == ("95.012358355", "computed")


def test_share_with_a_given_region_total(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["delegations"][0]["region_total"] = {"projects": 200, "investment": 569.7}
    rows = csv_of("share", "-d", write_dataset(document))
    computed = [r for r in rows if r["subject"] == "share of Liaoning" and r["basis"] == "computed"]
    # 241.537 / 569.7 = 42.397...%; 79 / 200 = 39.5%
    assert [(r["measure"], r["value"]) for r in computed] == [
        ("projects", "39.5"),
        ("investment", "42.3972266105"),
    ]


def test_implied_region_total_for_a_zero_share_is_undefined() -> None:
    assert implied_region_total(5, Decimal("0.0")) is None
    assert implied_region_total(5, Decimal("0.04")) is not None


# growth -------------------------------------------------------------------------------------


def test_growth_implies_last_years_whole_number_of_projects() -> None:
    rows = csv_of("growth")
    previous = find_row(rows, subject="previous edition", measure="projects")
    # 79 / 4.389 = 17.99954...; interval [79 / 4.3895, 79 / 4.3885] = [17.99749, 18.00160]
    assert previous["basis"] == "implied"
    assert Decimal(previous["value"]) == Decimal("17.9995443153")
    assert (previous["low"], previous["high"]) == ("17.9974940198", "18.0015950781")
    assert previous["note"].endswith("whole numbers in the interval: 18")
    investment = find_row(rows, subject="previous edition", measure="investment")
    # 241.537 / 2.312 = 104.47102...
    assert Decimal(investment["value"]) == Decimal("104.4710207612")


def test_growth_table_shows_the_interval_outward() -> None:
    result = run("growth", env={"COLUMNS": "140"})
    assert result.exit_code == 0
    assert "[17.997, 18.002]" in result.stdout


def test_an_impossible_growth_rate_holds_no_whole_number() -> None:
    implied = implied_previous(79, Decimal("338.8"))
    assert implied is not None
    assert implied.interval is not None
    assert list(implied.interval.whole_numbers()) == []


def test_growth_whose_rounding_reaches_minus_100_is_unbounded() -> None:
    # -100.0 stands for [-100.05, -99.95]: the factor 1 + g/100 lies in [-0.0005, 0.0005], so
    # 8 projects now allow any previous count from 8 / 0.0005 = 16000 up
    implied = implied_previous(8, Decimal("-100.0"))
    assert implied is not None
    assert (implied.point, implied.interval, implied.at_least) == (None, None, 16000)
    # -99.6 prints as -100 (no decimals): [-100.5, -99.5] reaches -100 too
    implied = implied_previous(8, Decimal("-100"))
    assert implied is not None
    assert implied.at_least == 1600
    # -100.1 cannot be rounding: no positive count before gives it
    assert implied_previous(8, Decimal("-100.1")) is None


def test_growth_of_minus_100_in_the_cli(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    document["delegations"][0]["reported_growth"] = {"projects": -100, "investment": -100.5}
    path = write_dataset(document)
    rows = csv_of("growth", "-d", path)
    projects = find_row(rows, subject="previous edition", measure="projects")
    assert projects["value"] == ""
    assert (
        # -100 stands for [-100.5, -99.5]: at the least 79 / (1 - 0.995) = 15800
        projects["note"] == "79 / (1 + -100%); at least 15800: the rate's rounding reaches -100%"
    )
    investment = find_row(rows, subject="previous edition", measure="investment")
    assert investment["note"] == "undefined: a growth of -100.5% leaves nothing before"
    result = run("check", "-d", path, "-f", "csv")
    (grim,) = [r for r in csv_rows(result.stdout) if r["rule"] == "growth_whole_number"]
    assert grim["verdict"] == "consistent"


def test_growth_with_a_baseline(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    rows = csv_of("growth", "--baseline", write_dataset(baseline_document))
    computed = find_row(rows, subject="computed growth", measure="projects")
    # (79 - 18) / 18 = 338.888...%
    assert (computed["value"], computed["basis"]) == ("338.8888888889", "computed")
    investment = find_row(rows, subject="computed growth", measure="investment")
    # (241.537 - 104.471) / 104.471 = 137.066 / 104.471 = 131.20004...%
    assert Decimal(investment["value"]) == Decimal("131.2000459458")
    foreign = find_row(rows, subject="foreign-funded", measure="projects")
    # (16 - 5) / 5 = 220%
    assert foreign["value"] == "220"
    assert [r for r in rows if r["subject"] == "signed centrally at the opening ceremony"] == []


def test_a_baseline_in_another_unit_is_converted(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["amount_unit"] = "yi"
    baseline_document["delegations"][0]["signed"]["investment"] = 1044.71
    rows = csv_of("growth", "--baseline", write_dataset(baseline_document))
    previous = [r for r in rows if r["subject"] == "previous edition" and r["basis"] == "reported"]
    assert [(r["measure"], r["value"]) for r in previous] == [
        ("projects", "18"),
        ("investment", "104.471"),
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"edition": 2022}, "its edition 2022 is not before 2022"),
        ({"edition": 2023}, "its edition 2023 is not before 2022"),
        (
            {"name": "Another Fair"},
            "it is 'Another Fair', not 'Liaoning International Investment and Trade Fair'",
        ),
    ],
)
def test_a_baseline_that_is_not_an_earlier_edition_is_refused(
    write_dataset: WriteDataset,
    baseline_document: dict[str, Any],
    change: dict[str, Any],
    problem: str,
) -> None:
    baseline_document["fair"].update(change)
    path = write_dataset(baseline_document)
    result = run("growth", "--baseline", path)
    assert result.exit_code == 2
    bundled = load_dataset().file
    assert (
        result.stderr
        == f"fairstats: {path} is not an earlier edition of the fair in {bundled}: {problem}\n"
    )


def test_growth_from_zero_is_undefined(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["delegations"][0]["signed"]["projects"] = 0
    rows = csv_of("growth", "--baseline", write_dataset(baseline_document))
    computed = find_row(rows, subject="computed growth", measure="projects")
    assert (computed["value"], computed["note"]) == ("", "undefined: growth from zero")


# properties ---------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.integers(0, 10**6), amounts), min_size=1, max_size=8))
def test_a_dimensions_shares_sum_to_exactly_100(parts: list[tuple[int, Decimal]]) -> None:
    breakdown = Breakdown(
        "d",
        "d",
        tuple(Category(f"c{i}", projects, amount) for i, (projects, amount) in enumerate(parts)),
    )
    for measure in ("projects", "investment"):
        total = sum_of_parts(breakdown, measure)  # type: ignore[arg-type]
        shares = [share_percent(c.get(measure), total) for c in breakdown.categories]  # type: ignore[arg-type]
        if total == 0:
            assert all(share is None for share in shares)
        else:
            assert sum(shares) == 100  # type: ignore[arg-type]


@given(
    st.integers(1, 10**6),
    st.decimals(
        min_value=Decimal("-99.5"), max_value=10**4, places=1, allow_nan=False, allow_infinity=False
    ),
)
def test_the_implied_value_lies_inside_its_interval(current: int, growth: Decimal) -> None:
    implied = implied_previous(current, growth)
    assert implied is not None
    assert implied.interval is not None
    assert implied.point is not None
    assert implied.point in implied.interval
    # and the true previous count, if the rate was rounded from it, is inside too
    for previous in range(max(1, int(implied.point) - 1), int(implied.point) + 2):
        true_rate = Fraction(100 * (current - previous), previous)
        if abs(true_rate - Fraction(growth)) <= Fraction(1, 20):
            assert previous in implied.interval


def test_growth_with_a_baseline_lacking_the_delegation(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["delegations"][0]["name"] = "Shenyang"
    path = write_dataset(baseline_document)
    result = run("growth", "--baseline", path, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert f"Dalian: {path} has no delegation named 'Dalian'." in data["footnotes"]
    assert {row["subject"] for row in data["rows"]} == {"reported growth", "previous edition"}


def test_implied_intervals_stay_within_what_is_possible(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    # a share of 100.0 allows 99.95..100.05: the region is at least the delegation itself
    document["delegations"][0]["reported_share_of_region"]["investment"] = 100.0
    rows = csv_of("share", "-d", write_dataset(document))
    total = find_row(rows, subject="Liaoning total", measure="investment")
    assert Fraction(total["low"]) == Fraction("241.5365")
    rest = find_row(rows, subject="rest of Liaoning", measure="investment")
    assert rest["low"] == "0"
    # over 100% no region can hold the delegation
    document["delegations"][0]["reported_share_of_region"]["investment"] = 142.4
    rows = csv_of("share", "-d", write_dataset(document))
    total = find_row(rows, subject="Liaoning total", measure="investment")
    assert (total["value"], total["note"]) == (
        "",
        "undefined: the share's rounding reaches zero or lies above 100%",
    )


def test_share_notes_quote_amounts_in_the_unit_shown() -> None:
    rows = csv_of("share", "--unit", "yuan")
    total = find_row(rows, subject="Liaoning total", measure="investment")
    assert total["note"] == "241537000000 / 42.4%"
