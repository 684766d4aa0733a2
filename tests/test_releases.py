"""The real releases in data/releases give the verdicts their notes call for, alone and in
groups, and the figures worked by hand in those notes (each re-derived before being pinned)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RELEASES
from tests.helpers import find_row, json_rows, run

Rows = list[dict[str, Any]]


def paths(*names: str) -> list[str]:
    found: list[str] = []
    for name in names:
        found += ["-d", str(RELEASES / f"{name}.json")]
    return found


def check(*names: str) -> tuple[int, Rows]:
    result = run("check", "-f", "json", *paths(*names))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json_rows(result.stdout)


def inconsistent(rows: Rows) -> list[str]:
    """The statements found inconsistent (conflicts are rows of their own)."""
    return [
        row["check"]
        for row in rows
        if row["verdict"] == "inconsistent" and row["rule"] != "conflict"
    ]


# Releases found and written down here, beyond those the shared notes describe.
OUR_OWN = {
    "caexpo-2020",
    "caexpo-2021",
    "caexpo-2022",
    "caexpo-2023",
    "canton-2018-spring",
    "cifit-2024-closing",
    "silkroad-2023",
    "xibohui-2013",
    "xiqiahui-2021",
}


def test_every_release_is_transcribed() -> None:
    notes = Path(__file__).resolve().parents[2] / "shared" / "releases"
    expected = OUR_OWN | {
        "cifit-2021-fujian",
        "cifit-2024-fujian",
        "cifit-2025-fujian",
        "ciie-2018",
        "ciie-2019",
        "ciie-2020",
        "ciie-2021",
        "ciie-2021-reuters",
        "wmc-2018-closing",
        "wmc-2019",
    }
    assert {path.stem for path in RELEASES.glob("*.json")} == expected
    if notes.is_dir():  # beside the checkout in development; not shipped
        assert {path.stem for path in notes.glob("*.md")} - {"README"} == expected - OUR_OWN


@pytest.mark.parametrize(
    "names",
    [
        ("cifit-2025-fujian",),
        ("cifit-2024-fujian",),
        ("cifit-2021-fujian",),
        ("ciie-2018", "ciie-2019", "ciie-2020", "ciie-2021"),
        ("wmc-2018-closing",),
        ("wmc-2018-closing", "wmc-2019"),
        ("wmc-2019",),
        ("cifit-2021-fujian", "cifit-2024-fujian", "cifit-2025-fujian"),
        ("caexpo-2020",),
        ("caexpo-2021",),
        ("caexpo-2022",),
        ("caexpo-2023",),
        ("caexpo-2020", "caexpo-2021", "caexpo-2022", "caexpo-2023"),
        ("cifit-2024-closing",),
        ("cifit-2024-closing", "cifit-2024-fujian"),
        ("xiqiahui-2021",),
        ("xibohui-2013",),
        ("silkroad-2023",),
        ("canton-2018-spring",),
    ],
)
def test_releases_that_agree_exit_0(names: tuple[str, ...]) -> None:
    code, rows = check(*names)
    assert (code, inconsistent(rows)) == (0, [])
    assert not [row for row in rows if row["rule"] == "conflict"]


# The held-out releases (written down before drafting them; see tests/draft_unseen.py) ------


def test_two_complete_breakdowns_of_one_fair_add_up_within_rounding() -> None:
    """xibohui-2013 breaks its 5631.8亿 down by funding (5264.6 + 367.1, the foreign part
    converted from 59.2亿美元 in the text) and by region (3688.2 + 1943.5): both sum to 5631.7,
    a rounding away, while the project counts add up exactly; the conversion gives the rate."""
    _, rows = check("xibohui-2013")
    sums = {(row["check"], row["verdict"]) for row in rows if row["rule"] == "parts_sum"}
    assert ("西博會 資金來源: parts sum to 投資簽約額", "within_rounding") in sums
    assert ("西博會 地區: parts sum to 投資簽約額", "within_rounding") in sums
    assert ("西博會 地區: parts sum to 簽約投資項目", "consistent") in sums
    assert find_row(rows, rule="implied", check="exchange rate of xibohui-2013:yuzhong")


def test_a_part_printed_only_in_dollars_is_bounded_by_the_rest() -> None:
    """silkroad-2023's foreign-invested part is printed in dollars alone (90.54亿美元): the sum
    in yuan is not testable, but the whole less the domestic part bounds it in yuan."""
    _, rows = check("silkroad-2023")
    implied = find_row(rows, rule="implied", check="利用外资项目 总投资额, 丝博会 2023")
    assert (implied["computed_unit"], implied["computed_unit_mult"]) == ("CNY", 8)
    assert 0 < implied["computed_low"] < implied["computed_high"] < 1220 * 10
    sums = [row["verdict"] for row in rows if row["check"].endswith("parts sum to 总投资额")]
    assert sums == ["not_testable", "not_testable"]


def test_shares_of_an_amount_printed_in_two_currencies() -> None:
    """canton-2018-spring's 15.9 bn US dollars is 52.8% of the 30 bn dollars the text converts
    the 189.2 bn yuan to; growth over the same season a year before (the 121st session)."""
    _, rows = check("canton-2018-spring")
    shares = [row["verdict"] for row in rows if row["rule"] == "share"]
    assert shares == ["consistent", "consistent"]
    growths = [row["check"] for row in rows if row["rule"] == "growth"]
    assert all("121st" in check for check in growths)


# The Reuters story -------------------------------------------------------------------------


def test_reuters_alone_contradicts_itself_twice() -> None:
    """70.62 is -2.75% from last year's 72.62, not -2.6%; and the headline says 70.72."""
    code, rows = check("ciie-2021-reuters")
    assert code == 1
    body = find_row(rows, check="CIIE 'intentional' deals (body)")
    assert (body["verdict"], body["reported"], body["computed"]) == ("inconsistent", 70.62, 70.72)
    conflicts = [row["detail"] for row in rows if row["rule"] == "conflict"]
    assert conflicts == [
        "cannot all hold: CIIE 'intentional' deals (headline): 70.72 [CIIE 2021, reuters]; "
        "CIIE 'intentional' deals (body): 70.62 [CIIE 2021, reuters]",
        "cannot all hold: CIIE 'intentional' deals (body): 70.62 [CIIE 2021, reuters]; "
        "CIIE 'intentional' deals, the previous edition (CIIE 3rd edition) (body): 72.62 "
        "[CIIE 2021, reuters]; "
        "CIIE 'intentional' deals: growth over the previous edition (CIIE 3rd edition) "
        "(body): -2.6% [CIIE 2021, reuters]",
    ]
    # The one statement to doubt is the body's figure: the rest agree without it.
    assert inconsistent(rows) == ["CIIE 'intentional' deals (body)"]
    growth = find_row(rows, rule="growth")
    assert growth["verdict"] == "consistent"
    assert growth["detail"] == "70.72 / 72.62 - 1 = -2.62%"


def test_the_official_release_agrees_with_the_reuters_headline_not_its_body() -> None:
    code, rows = check("ciie-2021", "ciie-2021-reuters")
    assert code == 1
    headline = find_row(rows, check="CIIE 'intentional' deals (headline)")
    # the official figure as it printed it: 707.2 USD yi is 70.72 USD billion
    assert (headline["verdict"], headline["computed"], headline["computed_unit_mult"]) == (
        "consistent",
        707.2,
        8,
    )
    assert headline["detail"] == "printed as 70.72 USD billion and as 707.2 USD yi (10^8)"
    assert inconsistent(rows) == ["CIIE 'intentional' deals (body)"]
    conflicts = [row["detail"] for row in rows if row["rule"] == "conflict"]
    assert (
        "cannot all hold: CIIE intended deals (意向成交, one-year purchases): 707.2 USD yi "
        "(10^8) [CIIE 2021, chinanews]; "
        "CIIE 'intentional' deals (body): 70.62 USD billion [CIIE 2021, reuters]"
    ) in conflicts
    # Each "-2.6%", read with its own release's figure: the official one allows 2020 only
    # [725.654, 726.503] yi, the Reuters one (with the body's 70.62) [72.462, 72.548] billion.
    assert all("CIIE 'intentional' deals (body)" in conflict for conflict in conflicts)
    official = find_row(rows, rule="growth", release="ciie-2021")
    reuters = find_row(rows, rule="growth", release="ciie-2021-reuters")
    assert official["verdict"] == reuters["verdict"] == "consistent"


def test_the_whole_folder_exits_1_for_the_reuters_story_alone() -> None:
    result = run("check", "-f", "json", "-d", str(RELEASES))
    assert result.exit_code == 1
    rows = json_rows(result.stdout)
    assert inconsistent(rows) == ["CIIE 'intentional' deals (body)"]
    for row in rows:
        if row["rule"] == "conflict":
            assert "(body): 70.62" in row["detail"]
            assert row["detail"].endswith(" [CIIE 2021, reuters]")


# CIFIT ------------------------------------------------------------------------------------


def test_cifit_2025_three_complete_breakdowns_and_a_stated_average() -> None:
    code, rows = check("cifit-2025-fujian")
    assert code == 0
    sums = [(row["reported"], row["computed"]) for row in rows if row["rule"] == "parts_sum"]
    assert sums == [(50, 50), (1201.5, 1201.5)] * 3
    average = find_row(rows, rule="average")
    assert (average["verdict"], average["reported"], average["computed"]) == (
        "consistent",
        24,
        24.03,
    )


def test_cifit_2024_partial_investor_breakdown() -> None:
    code, rows = check("cifit-2024-fujian")
    assert code == 0
    investor = [
        row
        for row in rows
        if row["check"].endswith("by investor (项目类别): parts sum to projects (项目)")
    ]
    assert [(r["verdict"], r["reported"], r["computed"]) for r in investor] == [
        ("consistent", 50, 47)
    ]
    amounts = find_row(
        rows,
        check="Fujian signing ceremony (福建集中签约) by investor (项目类别): "
        "parts sum to planned investment (计划投资)",
    )
    assert amounts["detail"] == "390 + 205.6 + 339 = 934.6; not listed: 165.8 (15.07%)"
    headline = find_row(
        rows,
        rule="value",
        check="Fujian signing ceremony (福建集中签约) planned investment (计划投资) (headline)",
    )
    assert headline["verdict"] == "consistent"


def test_cifit_2021_averages_and_shares_read_as_its_note_argues() -> None:
    """ "超30亿" and "超70%" hold over the 36 investment-type projects, not over all 40."""
    code, rows = check("cifit-2021-fujian")
    assert code == 0
    average, stated = (row for row in rows if row["rule"] == "average")
    assert average["verdict"] == "consistent"
    assert average["detail"].startswith("over 投资类项目 (investment-type projects): consistent ")
    assert average["detail"].endswith(
        "; over Fujian major-project signing ceremony (福建省重大项目签约仪式): inconsistent "
        "1174 / 40 = 29.350"
    )
    more_than_70, of_36, of_investment = (row for row in rows if row["rule"] == "share")
    assert more_than_70["verdict"] == "consistent"
    assert "inconsistent 27 / 40 = 67.50%" in more_than_70["detail"]
    assert (of_36["verdict"], of_36["computed"]) == ("consistent", 75)
    # 714.8 is 60.9% of a total no figure gives; 36 projects at 32.6 each and the ceremony's
    # 1174 bound it too, and the three agree.
    assert of_investment["verdict"] == "consistent"
    assert stated["verdict"] == "consistent"
    implied = find_row(
        rows,
        rule="implied",
        check="投资类项目 (investment-type projects) total investment (总投资), CIFIT 2021",
    )
    assert (implied["computed_low"], implied["computed_high"]) == (
        1172.6825266611,
        1174.5,
    )  # 714.8 / 60.95%, rounded down


def test_cifit_growth_between_editions() -> None:
    result = run("growth", "-f", "json", *paths("cifit-2024-fujian", "cifit-2025-fujian"))
    assert result.exit_code == 0
    rows = [row for row in json_rows(result.stdout) if row["section"] == "CIFIT 2025 against 2024"]

    def growth(scope: str, measure: str) -> Any:
        return find_row(rows, scope=scope, measure=measure)["value"]

    investment, projects = "planned investment (计划投资) growth", "projects (项目) growth"
    assert growth("“投资福建” signing ceremony (Invest in Fujian)", projects) == 0
    assert growth("“投资福建” signing ceremony (Invest in Fujian)", investment) == 9.1875681570
    assert growth("外商投资 (foreign-invested)", investment) == 14.2820512821
    assert growth("央企投资 (central state-owned enterprises)", investment) == 59.8735408560
    assert growth("央企投资 (central state-owned enterprises)", projects) == 9.0909090909
    assert growth("民企投资 (private enterprises)", investment) == -22.3303834808
    assert growth("制造业 (manufacturing)", investment) == 20.7836672584
    assert growth("服务业 (services)", projects) == -33.3333333333
    # a category new in 2025 has no growth, and says why
    new = find_row(
        rows, scope="省属国企投资 (provincial state-owned enterprises)", measure=investment
    )
    assert (new["value"], new["note"]) == (None, "no figure in 2024")


def test_cifit_2021_to_2024_shows_the_gap() -> None:
    result = run("growth", "-f", "csv", *paths("cifit-2021-fujian", "cifit-2024-fujian"))
    assert result.exit_code == 0
    assert "3 editions apart, 3 years apart" in result.stdout


# CIIE --------------------------------------------------------------------------------------


def test_ciie_series_growth_rates_agree_with_the_previous_editions() -> None:
    code, rows = check("ciie-2018", "ciie-2019", "ciie-2020", "ciie-2021")
    assert code == 0
    growth = {row["release"]: row for row in rows if row["rule"] == "growth"}
    assert growth["ciie-2019"]["detail"] == "711.3 / 578.3 - 1 = 23.00%"
    assert growth["ciie-2020"]["detail"] == "72.62 USD billion / 711.3 USD yi (10^8) - 1 = 2.09%"
    assert growth["ciie-2021"]["detail"] == "707.2 USD yi (10^8) / 72.62 USD billion - 1 = -2.62%"
    assert {row["verdict"] for row in growth.values()} == {"consistent"}


def test_ciie_2018_areas_add_up_and_the_english_over_is_within_rounding() -> None:
    code, rows = check("ciie-2018")
    assert code == 0
    parts = find_row(rows, rule="parts_sum")
    assert (parts["verdict"], parts["reported"], parts["computed"]) == (
        "consistent",
        578.3,
        578.3,
    )
    over = find_row(rows, rule="value")
    assert (over["verdict"], over["reported"], over["computed"]) == (
        "within_rounding",
        16.46,
        16.46,
    )


def test_ciie_2019_growth_without_2018_is_not_testable() -> None:
    code, rows = check("ciie-2019")
    assert code == 0
    growth = find_row(rows, rule="growth")
    assert growth["verdict"] == "not_testable"
    assert "that edition is not among the loaded releases" in growth["detail"]


# WMC --------------------------------------------------------------------------------------


def test_wmc_2018_conversions_share_one_rate() -> None:
    code, rows = check("wmc-2018-closing")
    assert code == 0
    rates = [(r["verdict"], r["computed"]) for r in rows if r["rule"] == "conversion"]
    assert rates == [("consistent", 6.3684285511), ("consistent", 6.3721940623)]
    headline = find_row(rows, rule="value")
    assert (headline["verdict"], headline["reported"], headline["computed"]) == (
        "consistent",
        70,
        70.19,
    )


def test_more_than_430_meets_the_count_the_2019_growth_implies() -> None:
    code, rows = check("wmc-2018-closing", "wmc-2019")
    assert code == 0
    more_than = find_row(rows, check="WMC signed projects", release="wmc-2018-closing")
    assert more_than["verdict"] == "consistent"
    assert (more_than["computed_low"], more_than["computed_high"]) == (436, 438)
    projects = find_row(
        rows,
        rule="growth",
        check="WMC signed projects: growth over the previous edition (WMC 2018)",
    )
    # 638 / (1 + [45.5%, 46.5%]) is [435.49, 438.49]: any whole count there fits
    assert projects["verdict"] == "not_testable"
    assert projects["detail"] == (
        "nothing else gives WMC signed projects, the previous edition (WMC 2018), beyond a "
        "bound; it implies 436.986 [436; 438]"
    )
    implied = find_row(rows, rule="implied", check="WMC signed projects, WMC 2018")
    assert (implied["computed_low"], implied["computed_high"]) == (436, 438)
    investment = find_row(
        rows, rule="growth", check="WMC investment: growth over the previous edition (WMC 2018)"
    )
    assert (investment["verdict"], investment["computed"]) == ("consistent", 64.4519015660)


# The 17th China-ASEAN Expo (2020), in three reports ---------------------------------------------


def test_three_reports_of_one_growth_rate_are_one_statement() -> None:
    """Xinhua, China Daily and the secretariat each print "+43.6%" of 263.87 billion yuan: one
    statement, which implies 2019's total alone (263.87 / 1.436), and never its own evidence."""
    code, rows = check("caexpo-2020")
    assert code == 0
    growths = [row for row in rows if row["rule"] == "growth" and row["reported"] == 43.6]
    assert [row["verdict"] for row in growths] == ["not_testable"] * 3
    implied = find_row(
        rows,
        rule="implied",
        check="China-ASEAN Expo and Business and Investment Summit investment, CAEXPO 16th edition",
    )
    # 263.865 / 1.4365 to 263.875 / 1.4355
    assert (implied["computed_low"], implied["computed_high"]) == (183.6860424643, 183.8209683038)


def test_three_printings_of_one_share_are_judged_against_each_other() -> None:
    """85.3%, "more than 85%" and "about 85.3%" of the total: each consistent with the others,
    none with only itself to go on."""
    _, rows = check("caexpo-2020")
    shares = [row for row in rows if row["rule"] == "share"]
    assert [(row["reported"], row["reported_qualifier"], row["verdict"]) for row in shares] == [
        (85.3, None, "consistent"),
        (85, "more_than", "consistent"),
        (85.3, "about", "consistent"),
    ]


# The China-ASEAN Expo, 2021 to 2023: three more editions of the series ----------------------

CAEXPO_SERIES = ("caexpo-2020", "caexpo-2021", "caexpo-2022", "caexpo-2023")
EXPO = "China-ASEAN Expo and Business and Investment Summit"


@pytest.mark.parametrize(
    ("names", "counts"),
    [
        # "more than 3000亿" and "more than 300 billion" (twice) are tested against the total
        # the average of 179 projects allows, a bound being a figure
        (("caexpo-2021",), {"consistent": 17, "not_testable": 9}),
        # (a bound within a bound, "1000多对" of "3500多对", is no matter of rounding)
        (("caexpo-2022",), {"consistent": 9, "not_testable": 7}),
        (("caexpo-2023",), {"consistent": 20, "not_testable": 8}),
        # the rates and averages of 2021 and 2022 are tested against totals printed only as
        # bounds, which the other editions pin (once "not testable ... beyond a bound"); the
        # records hold, against every earlier edition that may be the highest
        (CAEXPO_SERIES, {"consistent": 80, "not_testable": 17}),
    ],
    ids=["2021", "2022", "2023", "2020-2023"],
)
def test_caexpo_verdict_counts(names: tuple[str, ...], counts: dict[str, int]) -> None:
    _, rows = check(*names)
    found: dict[str, int] = {}
    for row in rows:
        if row["rule"] not in ("implied", "conflict"):
            found[row["verdict"]] = found.get(row["verdict"], 0) + 1
    assert found == counts


def test_caexpo_2023_average_of_18_yi_is_of_the_projects_signed_on_site() -> None:
    """ "项目平均投资额18亿元以上" follows the 184 projects signed on site: over all 470 the
    average is 4873 / 470 = 10.4亿, so only the on-site readings hold."""
    code, rows = check("caexpo-2023")
    assert code == 0
    average = find_row(
        rows,
        rule="average",
        check="现场集中签约项目 (signed on site at the ceremony) investment per project",
    )
    assert (average["verdict"], average["reported"], average["reported_qualifier"]) == (
        "consistent",
        18,
        "at_least",
    )
    assert average["detail"].startswith(
        "over 现场集中签约项目 (signed on site at the ceremony): consistent "
    )
    assert average["detail"].endswith(f"; over {EXPO}: inconsistent 4873 / 470 = 10.368")
    # 17 projects of 50亿 and more and 26 of 20亿 and more: the on-site projects hold at least
    # 17 * 50 + 26 * 20 = 1370亿 of the 4873亿
    onsite = find_row(
        rows,
        rule="implied",
        check="现场集中签约项目 (signed on site at the ceremony) investment, CAEXPO 2023",
    )
    assert (onsite["computed_low"], onsite["computed_high"]) == (1370, 4873.5)


def test_caexpo_2023_nearly_2000_enterprises_are_1954() -> None:
    """ "nearly 2,000", "up 18.2 percent" from "1,653": 1653 * 1.1815 is 1953.02 and
    1653 * 1.1825 is 1954.67, so one whole number fits; with 2022 loaded, its own 1653 meets
    the one 2023 quotes."""
    _, rows = check("caexpo-2022", "caexpo-2023")
    implied = find_row(rows, rule="implied", check=f"{EXPO} enterprises, CAEXPO 2023")
    assert (implied["computed_low"], implied["computed_high"]) == (1954, 1954)
    last_year = find_row(
        rows, rule="value", check=f"{EXPO} enterprises, the previous edition (CAEXPO 2022)"
    )
    assert (last_year["verdict"], last_year["detail"]) == (
        "consistent",
        "printed as 1653 and as 1653",
    )


def test_caexpo_2021_more_than_300_billion_is_barely_more() -> None:
    """263.87 billion (2020) up 13.7% is 299.88 to 300.16 billion: "more than 300 billion"
    leaves 2021's total within 0.16 billion of 300."""
    code, rows = check("caexpo-2020", "caexpo-2021")
    assert code == 0
    implied = find_row(rows, rule="implied", check=f"{EXPO} investment, CAEXPO 2021")
    assert (implied["computed_low"], implied["computed_high"]) == (3000, 3001.578125)


def test_caexpo_2021_the_134_percent_is_not_all_booths() -> None:
    """The Economic Daily prints "比上届增长13.4%" after the 5400 booths and the 905 foreign
    ones (Xinhua gives it to the foreign exhibitors' area): all booths were 5400 in 2020 too,
    so that reading fails, and the foreign booths' (798 in 2020) holds."""
    _, rows = check("caexpo-2020", "caexpo-2021")
    booths = find_row(
        rows,
        rule="growth",
        check="foreign exhibitors (外国展位, 外国展览) booths: growth over the previous edition "
        "(CAEXPO 2020)",
    )
    assert booths["verdict"] == "consistent"
    assert booths["detail"] == (
        "over foreign exhibitors (外国展位, 外国展览): consistent 905 / (1 + 13.4%) allows 798, "
        f"a whole number; over {EXPO}: inconsistent 5400 / 5400 - 1 = 0.00%"
    )


def test_caexpo_2022_plus_57_percent_needs_seven_projects_of_5bn_the_year_before() -> None:
    """ "50亿元以上项目比上届增长57%": no whole count from 1 to 6 grows by 56.5% to 57.5% into a
    whole count; 7 to 11 is the first that does. The 2022 release alone implies 2021 had at
    least seven, and Xinhua's 2021 story says seven; loaded together, 2022 had 11."""
    _, alone = check("caexpo-2022")
    before = find_row(
        alone,
        rule="implied",
        check="projects of 5 bn yuan and above (50亿元以上) investment projects, CAEXPO 18th "
        "edition",
    )
    assert (before["computed_low"], before["computed_high"]) == (7, 170)
    code, rows = check("caexpo-2021", "caexpo-2022")
    assert code == 0
    after = find_row(
        rows,
        rule="implied",
        check="projects of 5 bn yuan and above (50亿元以上) investment projects, CAEXPO 2022",
    )
    assert (after["computed_low"], after["computed_high"]) == (11, 11)
    # and the 100亿 projects, none the year before, are now 1 to 11 of them
    ten = find_row(
        rows,
        rule="implied",
        check="projects of 10 bn yuan and above (100亿元以上) investment projects, CAEXPO 2022",
    )
    assert (ten["computed_low"], ten["computed_high"]) == (1, 11)


def test_caexpo_2022_enterprises_growth_meets_more_than_1500() -> None:
    """1653 up 10% implies 1496 to 1509 exhibitors in 2021; Xinhua's "more than 1,500" for
    2021 narrows it to 1501 to 1509."""
    _, alone = check("caexpo-2022")
    _, both = check("caexpo-2021", "caexpo-2022")
    name = f"{EXPO} enterprises, CAEXPO 18th edition"
    first = find_row(alone, rule="implied", check=name)
    second = find_row(both, rule="implied", check=f"{EXPO} enterprises, CAEXPO 2021")
    assert (first["computed_low"], first["computed_high"]) == (1496, 1509)
    assert (second["computed_low"], second["computed_high"]) == (1501, 1509)


def test_caexpo_records_of_projects_meet_the_editions_before() -> None:
    _, rows = check(*CAEXPO_SERIES)
    records = [
        (row["release"], row["reported"], row["computed"], row["verdict"])
        for row in rows
        if row["rule"] == "record" and row["measure_id"] == "projects"
    ]
    assert records == [("caexpo-2023", 470, 267, "consistent")] * 2


# Faults the CAEXPO releases showed (each test states what should be; all are fixed now).


def test_a_record_above_more_than_3000_yi_needs_no_rounding() -> None:
    """2021's "超3000亿元" is a record against 2020's 263.87 billion (2638.7亿) with no rounding
    at all; printed as 3001 the same record is 'consistent'."""
    _, rows = check("caexpo-2020", "caexpo-2021")
    records = [row["verdict"] for row in rows if row["rule"] == "record"]
    assert records == ["consistent"] * 3


def test_more_than_within_more_than_is_not_rounding() -> None:
    """ "1000多对" of "3500多对": 1000 < 3500 at the printed thresholds."""
    _, rows = check("caexpo-2022")
    within = find_row(rows, rule="within", scope_id="via-cloud")
    assert within["verdict"] == "consistent"


def test_the_2023_record_is_against_2022_not_2020() -> None:
    _, rows = check(*CAEXPO_SERIES)
    record = find_row(rows, rule="record", measure_id="investment", reported=4873)
    assert "263.87" not in record["detail"]
    assert record["verdict"] == "consistent"


def test_the_2021_average_is_tested_by_the_2020_total_and_the_growth() -> None:
    """With 2020 loaded, 263.87 billion up 13.7% and "more than 300 billion" leave 2021 at
    (3000, 3001.58]亿: 179 projects average 16.76 to 16.77亿, printed "1,7 Milliarden". Printed
    1.9 instead, the same statement is 'inconsistent' (exit 1), so 1.7 was tested."""
    _, rows = check("caexpo-2020", "caexpo-2021")
    average = find_row(rows, rule="average", scope_id="caexpo", release="caexpo-2021")
    assert average["verdict"] == "consistent"
    assert not average["detail"].startswith("nothing else gives")


def test_a_count_printed_in_wan_says_so_in_json() -> None:
    """2.56万人 is 25,600 visitors a day: a script reading 2.56 must see the 4 (once empty, as
    for a count of ones)."""
    result = run("summary", "-f", "json", *paths("caexpo-2022"))
    assert result.exit_code == 0
    row = find_row(json_rows(result.stdout), measure_id="daily-visitors", statistic="value")
    assert (row["value"], row["unit_mult"]) == (2.56, 4)


def test_a_printed_total_under_a_more_than_share_is_not_implied() -> None:
    """2023 prints the total, 4873亿; beside "其中制造业投资占比超过65%" `share` once showed it
    as implied, [4872.5; 4873.5], "= [0.000; 4873.500] / more than 65%" (which would be
    [0; 7497.7]). A printed total is printed: only the manufacturing part is implied."""
    result = run("share", "-f", "json", *paths("caexpo-2023"))
    assert result.exit_code == 0
    implied = [row for row in json_rows(result.stdout) if row["basis"] == "implied"]
    assert implied
    assert not [row for row in implied if row["scope_id"] == "caexpo"]


def test_growth_over_a_more_than_figure_is_not_no_figure() -> None:
    """2022 prints "总投资额超4000亿元" in both its sources: 4873亿 over more than 4000亿 is
    less than +21.83%, where growth once said "no figure in 2022"."""
    result = run("growth", "-f", "json", *paths("caexpo-2022", "caexpo-2023"))
    assert result.exit_code == 0
    row = find_row(
        json_rows(result.stdout),
        section="CAEXPO 2023 against 2022",
        scope_id="caexpo",
        measure="investment growth",
    )
    assert row["note"] == "from 4873 and more than 4000, as printed"
    assert (row["low"], row["high"]) == (-100, 21.8375)  # 4873.5 / 4000


def test_the_implied_2021_total_says_where_its_interval_comes_from() -> None:
    """(4000; ∞)亿 / (1 + 37%) is (2919.7; ∞); the interval shown, (3000; 3001.58], is what
    2020's total and 2021's own statements add: once per section, and said so, where it was
    shown twice beside that one statement's formula."""
    result = run("growth", "-f", "json", *paths("caexpo-2020", "caexpo-2021", "caexpo-2022"))
    assert result.exit_code == 0
    implied = [
        row
        for row in json_rows(result.stdout)
        if row["release"] == "caexpo-2022"
        and row["basis"] == "implied"
        and row["measure_id"] == "investment"
    ]
    assert [(row["low"], row["high"]) for row in implied] == [(3000, 3001.578125)]
    assert implied[0]["note"] == (
        "printed only as more than 3000 CNY yi (10^8) and more than 300 CNY billion; the "
        "statements about it allow this"
    )


def test_a_share_of_the_scope_it_lies_within_stays_under_100_percent() -> None:
    """The 17 projects of 50亿 and more lie within the on-site projects: their share of them is
    at most 100%, yet check computes [17.44; 317.78]% (each end from the other's interval)."""
    _, rows = check("caexpo-2023")
    share = find_row(
        rows,
        rule="share",
        check="50亿元以上项目 (projects of 5 bn yuan and above) investment as a share of "
        "现场集中签约项目 (signed on site at the ceremony)",
    )
    assert share["computed_high"] <= 100


# Two releases first met as texts, drafted, then reviewed (the 3rd Western China fair, 2021;
# the 24th CIFIT's closing figures, 2024) ------------------------------------------------------


def test_xiqiahui_average_and_share_are_of_the_concentrated_signings() -> None:
    """ "项目平均投资额达22.4亿元" and manufacturing's "占比52.9%" follow the 102 concentrated
    signings of 2285亿: of the fair's 359 projects and 3578.2亿 they would be 9.97 and 33.8%. A
    draft read them of the whole fair, and check then found three false conflicts."""
    code, rows = check("xiqiahui-2021")
    assert code == 0
    average = find_row(rows, rule="average")
    share = find_row(rows, rule="share")
    assert (average["verdict"], average["computed"]) == ("consistent", 22.4019607843)
    assert (share["verdict"], share["computed"]) == ("consistent", 52.9452954048)
    parts = [row for row in rows if row["rule"] == "parts_sum"]
    assert [(row["reported"], row["verdict"]) for row in parts] == [
        (359, "consistent"),
        (3578.2, "consistent"),
    ]


def test_cifit_2024_closing_is_a_second_source_of_its_edition() -> None:
    """The closing release (688 projects, 4889.2亿, the whole fair) joins the Fujian signing
    ceremony's two sources (50 projects, 1100.4亿; Xiamen's 13) as one edition, the 24th."""
    code, rows = check("cifit-2024-closing", "cifit-2024-fujian")
    assert code == 0
    values = [row for row in rows if row["rule"] == "value"]
    assert {(row["year"], row["ordinal"]) for row in values} == {(2024, 24)}
    assert {row["source"] for row in values} == {"fjsen", "chinanews", "southeast"}
