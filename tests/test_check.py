"""`fairstats check`: the bundled release passes; each planted inconsistency is caught."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairstats.checks import Verdict, check_report, compare_rounded
from fairstats.dataset import load_dataset
from fairstats.numbers import Interval
from tests.helpers import WriteDataset, csv_rows, run


def check_rows(*args: Any) -> tuple[int, list[dict[str, str]]]:
    result = run("check", *args, "--format", "csv")
    assert result.stderr == ""
    return result.exit_code, csv_rows(result.stdout)


def verdicts(rows: list[dict[str, str]], rule: str) -> list[str]:
    return [row["verdict"] for row in rows if row["rule"] == rule]


def test_the_bundled_release_is_consistent() -> None:
    code, rows = check_rows()
    assert code == 0
    assert {row["verdict"] for row in rows} == {"consistent", "not_testable"}
    assert {row["rule"] for row in rows} == {
        "fair_dates", "edition_year", "published_after_start", "parts_sum", "share_range",
        "share_vs_region_total", "growth_whole_number", "growth_vs_baseline", "listed_items",
        "claim",
    }  # fmt: skip
    assert verdicts(rows, "parts_sum") == ["consistent"] * 4
    (grim,) = [row for row in rows if row["rule"] == "growth_whole_number"]
    assert (grim["computed_low"], grim["computed_high"]) == ("17.9974940198", "18.0015950781")
    assert grim["detail"] == "79 / (1 + 338.9%) allows 18"
    not_testable = [row["detail"] for row in rows if row["verdict"] == "not_testable"]
    assert not_testable == [
        "the source gives no Liaoning total",
        "no baseline: give --baseline FILE",
        "no baseline: give --baseline FILE",
    ]


def test_table_output_exits_0_and_counts() -> None:
    result = run("check")
    assert result.exit_code == 0
    assert (
        "17 checks: 14 consistent, 0 consistent only within rounding, 0 inconsistent, "
        in result.stdout
    )


def _planted(
    document: dict[str, Any], write_dataset: WriteDataset
) -> tuple[int, list[dict[str, str]]]:
    return check_rows("--data", write_dataset(document))


def test_a_count_that_does_not_add_up(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["breakdowns"][0]["categories"][0]["projects"] = 17
    code, rows = _planted(document, write_dataset)
    assert code == 1
    bad = [row for row in rows if row["verdict"] == "inconsistent"]
    assert [(row["rule"], row["check"], row["detail"]) for row in bad] == [
        (
            "parts_sum",
            "funding parts sum to total projects",
            "17 + 63 = 80; off by 1, rounding allows 0",
        )
    ]


@pytest.mark.parametrize(
    ("domestic", "verdict"),
    [
        ("229.49", "consistent"),  # 12.047 + 229.49 = 241.537 exactly
        (
            "229.5",
            "within_rounding",
        ),  # 241.547: off by 0.01, rounding allows 0.0005 + 0.05 + 0.0005
        ("229.40", "inconsistent"),  # 241.447: off by 0.09, rounding allows 0.0005 + 0.005 + 0.0005
        ("229.4", "inconsistent"),  # 241.447: off by 0.09, allowed 0.051
        ("229.6", "inconsistent"),  # 241.647: off by 0.11
    ],
)
def test_amounts_sum_within_the_rounding_of_each_printed_figure(
    document: dict[str, Any], write_dataset: WriteDataset, domestic: str, verdict: str
) -> None:
    text = json.dumps(document).replace('"investment": 229.49', f'"investment": {domestic}')
    code, rows = check_rows("--data", write_dataset(text))
    assert verdicts(rows, "parts_sum")[1] == verdict
    assert code == (1 if verdict == "inconsistent" else 0)


def test_a_share_out_of_range(document: dict[str, Any], write_dataset: WriteDataset) -> None:
    document["delegations"][0]["reported_share_of_region"]["investment"] = 142.4
    code, rows = _planted(document, write_dataset)
    assert code == 1
    assert verdicts(rows, "share_range") == ["inconsistent"]


@pytest.mark.parametrize(
    ("share", "region_total", "verdict"),
    [
        (42.4, 569.66, "consistent"),  # 241.537 / 569.66 = 42.4003% prints 42.4
        # 241.537 / 570.4 = 42.34521% prints 42.35, not 42.34; but 570.35..570.45 and
        # 241.5365..241.5375 allow 42.3415..42.3490%, which meets 42.335..42.345
        (42.34, 570.4, "within_rounding"),
        (42.4, 600, "inconsistent"),  # 40.26%
    ],
)
def test_a_share_against_a_given_region_total(
    document: dict[str, Any],
    write_dataset: WriteDataset,
    share: float,
    region_total: float,
    verdict: str,
) -> None:
    document["delegations"][0]["region_total"] = {"investment": region_total}
    document["delegations"][0]["reported_share_of_region"]["investment"] = share
    code, rows = _planted(document, write_dataset)
    assert verdicts(rows, "share_vs_region_total") == [verdict]
    assert code == (1 if verdict == "inconsistent" else 0)


def test_grim_a_growth_rate_no_whole_count_allows(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["reported_growth"]["projects"] = 338.8
    code, rows = _planted(document, write_dataset)
    assert code == 1
    (grim,) = [row for row in rows if row["rule"] == "growth_whole_number"]
    assert grim["verdict"] == "inconsistent"
    assert grim["detail"] == "79 / (1 + 338.8%) holds no whole number"


def test_growth_against_a_baseline(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    code, rows = check_rows("--baseline", write_dataset(baseline_document))
    assert code == 0
    # projects: (79 - 18) / 18 = 338.888...% prints 338.9; investment: 131.20004...% prints 131.2
    assert verdicts(rows, "growth_vs_baseline") == ["consistent", "consistent"]


def test_growth_against_a_baseline_that_disagrees(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["delegations"][0]["signed"] = {"projects": 19, "investment": 104.5}
    code, rows = check_rows("--baseline", write_dataset(baseline_document))
    assert code == 1
    # (79 - 19) / 19 = 315.8%; (241.537 - 104.5) / 104.5 = 131.136% with 104.45..104.55 allowing
    # 131.02..131.25, which meets 131.15..131.25
    assert verdicts(rows, "growth_vs_baseline") == ["inconsistent", "within_rounding"]


def test_stated_counts_against_named_items(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    figures = document["delegations"][0]["activities"][1]["figures"]
    figures[1]["items"].pop()  # five sections named of six stated, in a complete list
    figures[2]["value"] = 5  # 5 enterprises stated, 6 named as examples
    code, rows = _planted(document, write_dataset)
    assert code == 1
    bad = [
        row["detail"]
        for row in rows
        if row["rule"] == "listed_items" and row["verdict"] == "inconsistent"
    ]
    assert bad == ["6 stated, 5 named (the complete list)", "5 stated, 6 named as examples"]


def test_a_claim_that_does_not_hold(document: dict[str, Any], write_dataset: WriteDataset) -> None:
    document["delegations"][0]["claims"][0]["value"] = 250
    code, rows = _planted(document, write_dataset)
    assert code == 1
    (claim,) = [row for row in rows if row["rule"] == "claim"]
    assert (claim["verdict"], claim["detail"]) == ("inconsistent", "241.537 is not more than 250")


def test_dates_edition_and_publication(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["fair"].update(start_date="2022-11-22", edition=2021)
    code, rows = _planted(document, write_dataset)
    assert code == 1
    assert verdicts(rows, "fair_dates") == ["inconsistent"]
    assert verdicts(rows, "edition_year") == ["inconsistent"]
    assert verdicts(rows, "published_after_start") == ["inconsistent"]


def test_a_category_with_no_projects_but_investment(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["breakdowns"][1]["categories"].append(
        {"name": "other", "projects": 0, "investment": 0.0}
    )
    code, rows = _planted(document, write_dataset)
    assert verdicts(rows, "empty_category") == ["consistent"]
    document["delegations"][0]["breakdowns"][1]["categories"][-1]["investment"] = 1.5
    code, rows = _planted(document, write_dataset)
    assert code == 1
    assert verdicts(rows, "empty_category") == ["inconsistent"]


def test_every_format_and_the_exit_code(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["signed"]["projects"] = 80
    path = write_dataset(document)
    for fmt in ("table", "csv", "tsv", "json", "markdown"):
        result = run("check", "--data", path, "--format", fmt)
        assert result.exit_code == 1, fmt
        if fmt in ("csv", "tsv"):  # one row each
            assert result.stdout.count("inconsistent") == 3
        else:  # the footnote's count
            assert "3 inconsistent," in result.stdout
    data = json.loads(run("check", "--data", path, "-f", "json").stdout)
    # both breakdowns' project sums, and 80 / (1 + 338.9%) = 18.23 is no whole number
    inconsistent = [row["rule"] for row in data["rows"] if row["verdict"] == "inconsistent"]
    assert inconsistent == ["parts_sum", "parts_sum", "growth_whole_number"]


def test_compare_rounded() -> None:
    assert (
        compare_rounded(Decimal("42.4"), Fraction("42.4003"), Interval.exact(0))
        == Verdict.CONSISTENT
    )
    wide = Interval(Fraction("42.3"), Fraction("42.36"))
    assert compare_rounded(Decimal("42.4"), Fraction("42.33"), wide) == Verdict.WITHIN_ROUNDING
    assert compare_rounded(Decimal("42.4"), Fraction("42.2"), Interval.exact(Fraction("42.2"))) == (
        Verdict.INCONSISTENT
    )


# properties ---------------------------------------------------------------------------------

parts_strategy = st.lists(
    st.tuples(
        st.integers(1, 500),
        st.decimals(
            min_value=Decimal("0.1"),
            max_value=1000,
            places=3,
            allow_nan=False,
            allow_infinity=False,
        ),
    ),
    min_size=2,
    max_size=5,
)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _dataset_with_parts(document: dict[str, Any], parts: list[tuple[int, Decimal]]) -> str:
    """The bundled dataset with one breakdown of these parts and totals that are their sums.

    Written as text so the amounts keep their printed decimals (json cannot dump a Decimal).
    """
    dalian = document["delegations"][0]
    # only the breakdown varies: growth and headline claims belong to the real totals
    del dalian["reported_growth"], dalian["claims"]
    dalian["signed"] = {"projects": 0, "investment": 0}
    dalian["breakdowns"] = [
        {
            "dimension": "d",
            "categories": [
                {"name": f"c{i}", "projects": projects, "investment": 0}
                for i, (projects, _) in enumerate(parts)
            ],
        }
    ]
    text = json.dumps(document)
    total_projects = sum(p for p, _ in parts)
    total_investment = sum(a for _, a in parts)
    text = _replace_once(
        text,
        '"signed": {"projects": 0, "investment": 0}',
        f'"signed": {{"projects": {total_projects}, "investment": {total_investment}}}',
    )
    for i, (projects, amount) in enumerate(parts):
        text = _replace_once(
            text,
            f'"name": "c{i}", "projects": {projects}, "investment": 0',
            f'"name": "c{i}", "projects": {projects}, "investment": {amount}',
        )
    return text


@settings(max_examples=40, deadline=None)
@given(parts_strategy)
def test_generated_consistent_datasets_never_fail(
    bundled_document: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    parts: list[tuple[int, Decimal]],
) -> None:
    document = json.loads(json.dumps(bundled_document))
    path = tmp_path_factory.mktemp("gen") / "consistent.json"
    path.write_text(_dataset_with_parts(document, parts), encoding="utf-8")
    _, inconsistent = check_report(load_dataset(path))
    assert not inconsistent


@settings(max_examples=40, deadline=None)
@given(parts_strategy, st.data())
def test_moving_one_part_beyond_its_rounding_always_fails(
    bundled_document: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    parts: list[tuple[int, Decimal]],
    data: st.DataObject,
) -> None:
    document = json.loads(json.dumps(bundled_document))
    index = data.draw(st.integers(0, len(parts) - 1))
    # every figure here has 3 decimals, so the sum's rounding allows (n + 1) × 0.0005
    allowed = Decimal("0.0005") * (len(parts) + 1)
    shift = data.draw(
        st.sampled_from([allowed + Decimal("0.001"), Decimal("1"), Decimal("12.345")])
    )
    text = _dataset_with_parts(document, parts)
    moved_projects, moved_amount = parts[index]
    moved = moved_amount + shift
    text = _replace_once(
        text,
        f'"name": "c{index}", "projects": {moved_projects}, "investment": {moved_amount}',
        f'"name": "c{index}", "projects": {moved_projects}, "investment": {moved}',
    )
    path = tmp_path_factory.mktemp("gen") / "moved.json"
    path.write_text(text, encoding="utf-8")
    _, inconsistent = check_report(load_dataset(path))
    assert inconsistent


def test_a_baseline_of_exactly_nothing_cannot_give_a_rate(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["delegations"][0]["signed"]["projects"] = 0
    code, rows = check_rows("--baseline", write_dataset(baseline_document))
    assert code == 1
    (projects, _) = [row for row in rows if row["rule"] == "growth_vs_baseline"]
    assert (projects["verdict"], projects["detail"]) == (
        "inconsistent",
        "growth from 0 is undefined",
    )


def test_a_baseline_without_the_delegation(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    baseline_document["delegations"][0]["name"] = "Shenyang"
    path = write_dataset(baseline_document)
    code, rows = check_rows("--baseline", path)
    assert code == 0
    details = {row["detail"] for row in rows if row["rule"] == "growth_vs_baseline"}
    assert details == {f"{path} has no delegation named 'Dalian'"}


def test_details_quote_amounts_in_the_unit_shown() -> None:
    code, rows = check_rows("--unit", "yi")
    assert code == 0
    funding = [row for row in rows if row["rule"] == "parts_sum"][1]
    assert (funding["reported"], funding["unit"]) == ("2415.37", "CNY yi (10^8)")
    assert funding["detail"] == "120.47 + 2294.9 = 2415.37"
    (claim,) = [row for row in rows if row["rule"] == "claim"]
    assert claim["detail"] == "2415.37 is more than 2400"


def _with_second_delegation(document: dict[str, Any], investment: str, share: str) -> str:
    second = json.loads(json.dumps(document["delegations"][0]))
    second.update(name="Anshan", claims=[], breakdowns=[], activities=[])
    del second["reported_growth"]
    second["signed"] = {"projects": 5, "investment": 0}
    second["reported_share_of_region"] = {"investment": 0}
    document["delegations"].append(second)
    text = json.dumps(document)
    text = text.replace(
        '"projects": 5, "investment": 0', f'"projects": 5, "investment": {investment}'
    )
    return text.replace('{"investment": 0}', f'{{"investment": {share}}}')


@pytest.mark.parametrize(
    ("second", "verdict", "detail_start"),
    [
        # 30.0 / 5.3% lies in [559.8, 572.4], which meets Dalian's [568.99, 570.34]
        (("30.0", "5.3"), "consistent", "one total fits: Dalian's 42.4% gives [568.99"),
        # 30.0 / 50.0% = 60: no region total fits both
        (("30.0", "50.0"), "inconsistent", "no one total fits: Dalian's 42.4% gives"),
        # 350.0 / 61.4% = 570.03 fits, but together, 241.5365 + 349.95 at the least, they
        # exceed it
        (("350.0", "61.4"), "inconsistent", "the delegations together, [591.486, 591.588], exceed"),
    ],
)
def test_delegations_of_one_region_imply_one_total(
    document: dict[str, Any],
    write_dataset: WriteDataset,
    second: tuple[str, str],
    verdict: str,
    detail_start: str,
) -> None:
    path = write_dataset(_with_second_delegation(document, *second))
    code, rows = check_rows("--data", path)
    (row,) = [row for row in rows if row["rule"] == "region_agreement"]
    assert (row["delegation"], row["section"]) == ("", "Across delegations")
    assert row["check"] == "Liaoning investment implied by Dalian, Anshan"
    assert row["verdict"] == verdict
    assert row["detail"].startswith(detail_start)
    assert code == (1 if verdict == "inconsistent" else 0)


def test_grim_for_a_share_of_a_count(document: dict[str, Any], write_dataset: WriteDataset) -> None:
    # 79 / 99.96% lies in [79.0277, 79.0356]: no whole number of projects in the province
    document["delegations"][0]["reported_share_of_region"]["projects"] = 99.96
    code, rows = _planted(document, write_dataset)
    assert code == 1
    (row,) = [row for row in rows if row["rule"] == "share_whole_number"]
    assert (row["verdict"], row["detail"]) == ("inconsistent", "79 / 99.96% holds no whole number")
    # 79 / 39.5% = 200 exactly, within [199.75, 200.25]
    document["delegations"][0]["reported_share_of_region"]["projects"] = 39.5
    code, rows = _planted(document, write_dataset)
    (row,) = [row for row in rows if row["rule"] == "share_whole_number"]
    assert (row["verdict"], row["detail"]) == ("consistent", "79 / 39.5% allows 200")


def test_a_region_total_below_the_delegation(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["region_total"] = {"projects": 50, "investment": 300}
    code, rows = _planted(document, write_dataset)
    assert code == 1
    found = {
        row["check"]: (row["verdict"], row["detail"])
        for row in rows
        if row["rule"] == "region_total_holds_delegation"
    }
    assert found == {
        "Liaoning projects total holds Dalian's": ("inconsistent", "79 of 50"),
        "Liaoning investment total holds Dalian's": ("consistent", "241.537 of 300"),
    }


def test_growth_on_no_projects_cannot_come_from_none(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    # 0 / (1 + 338.9%) = 0 projects before, and growth from nothing is no rate at all
    document["delegations"][0]["signed"]["projects"] = 0
    code, rows = _planted(document, write_dataset)
    (grim,) = [row for row in rows if row["rule"] == "growth_whole_number"]
    assert (grim["verdict"], grim["detail"]) == (
        "inconsistent",
        "0 / (1 + 338.9%) holds no whole number",
    )
    assert code == 1


def test_an_empty_categorys_amount_is_quoted_in_the_unit_shown(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    document["delegations"][0]["breakdowns"][1]["categories"].append(
        {"name": "other", "projects": 0, "investment": 1.5}
    )
    _, rows = check_rows("--data", write_dataset(document), "--unit", "yi")
    (row,) = [row for row in rows if row["rule"] == "empty_category"]
    assert row["detail"] == "other: 0 projects, 15 CNY yi (10^8)"


def test_the_computed_figure_states_its_basis() -> None:
    _, rows = check_rows()
    bases = {row["rule"]: row["computed_basis"] for row in rows if row["computed"]}
    assert bases["parts_sum"] == "computed"
    assert bases["growth_whole_number"] == "implied"  # solved from the rounded rate
