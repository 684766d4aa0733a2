"""One truth: every report reads its implied figures from the one solution `check` gives, and
shows a printed figure as printed, a bound included."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import RELEASES
from tests.fixtures import figure, ref, release
from tests.helpers import WriteDataset, csv_rows, find_row, json_rows, run

BUNDLED: tuple[str, ...] = ()
# each release alone, the bundled file, and the whole folder solved together
DATASETS = {
    **{path.stem: ("-d", str(path)) for path in sorted(RELEASES.glob("*.json"))},
    "bundled": BUNDLED,
    "folder": ("-d", str(RELEASES)),
}
Ids = tuple[str, str, str, str, str, str]
Ends = tuple[Decimal | None, Decimal | None]


def _ids(row: dict[str, str], unit: str) -> Ids:
    # (an edition known only by its ordinal has no year)
    return (row["fair_id"], row["year"], row["ordinal"], row["scope_id"], row["measure_id"], unit)


def _end(text: str, mult: str) -> Decimal | None:
    return None if text == "" else Decimal(text).scaleb(int(mult or 0))  # a count has none


def _checks_implied(arguments: tuple[str, ...]) -> dict[Ids, Ends]:
    result = run("check", "-f", "csv", *arguments)
    assert result.exit_code in (0, 1), result.stderr
    found: dict[Ids, Ends] = {}
    for row in csv_rows(result.stdout):
        if row["rule"] == "implied" and row["measure_id"]:  # (an exchange rate has no ids)
            ids = _ids(row, row["computed_unit"])
            assert ids not in found, f"check lists {ids} twice"
            mult = row["computed_unit_mult"]
            found[ids] = (_end(row["computed_low"], mult), _end(row["computed_high"], mult))
    return found


def _reports_implied(command: str, arguments: tuple[str, ...]) -> dict[Ids, list[Ends]]:
    result = run(command, "-f", "csv", *arguments)
    assert result.exit_code == 0, result.stderr
    found: dict[Ids, list[Ends]] = {}
    for row in csv_rows(result.stdout):
        if row["basis"] == "implied":
            mult = row["unit_mult"]
            ends = (_end(row["low"], mult), _end(row["high"], mult))
            found.setdefault(_ids(row, row["unit"]), []).append(ends)
    return found


@pytest.mark.parametrize("command", ["share", "growth"])
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_implied_interval_is_the_one_check_gives(command: str, dataset: str) -> None:
    """For every file, the bundled one and the whole folder: each implied figure `share` and
    `growth` show is one `check` lists, with the same interval, found by its ids."""
    arguments = DATASETS[dataset]
    checks = _checks_implied(arguments)
    for ids, intervals in _reports_implied(command, arguments).items():
        assert ids in checks, f"{command} implies {ids}, which check does not list"
        for ends in intervals:
            assert ends == checks[ids], (ids, ends, checks[ids])


def test_the_one_truth_is_tested_on_implied_figures_of_both_reports() -> None:
    """The property above is about something: both reports show implied figures."""
    folder = DATASETS["folder"]
    assert len(_reports_implied("share", folder)) >= 4
    assert len(_reports_implied("growth", folder)) >= 3


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_a_figure_printed_exactly_is_never_shown_as_implied(dataset: str) -> None:
    arguments = DATASETS[dataset]
    result = run("summary", "-f", "csv", *arguments)
    assert result.exit_code == 0
    printed = {
        _ids(row, row["unit"])
        for row in csv_rows(result.stdout)
        if row["basis"] == "reported" and row["qualifier"] == "" and row["statistic"] == "value"
    }
    for command in ("share", "growth", "check"):
        if command == "check":
            implied = set(_checks_implied(arguments))
        else:
            implied = set(_reports_implied(command, arguments))
        assert not implied & printed, (command, implied & printed)


def test_share_reads_a_whole_printed_elsewhere_as_printed() -> None:
    """CAEXPO 2020 prints its total, 263.87 billion yuan, and says 85.3% of it went to new
    sectors: the unknown is the part, which `check` also gives, not the printed total (once
    shown as implied from the share, as though nothing else were printed)."""
    rows = json_rows(run("share", "-f", "json", "-d", str(RELEASES / "caexpo-2020.json")).stdout)
    implied = [row for row in rows if row["basis"] == "implied"]
    assert {row["scope_id"] for row in implied} == {"new-sectors", "caexpo excluding new-sectors"}
    part = find_row(implied, scope_id="new-sectors")
    # 85.25% of 263.865, 85.35% of 263.875 (the printed total's and the share's rounding)
    assert (part["low"], part["high"]) == (224.9449125, 225.2173125)
    rest = find_row(implied, scope_id="caexpo excluding new-sectors")
    # 14.65% of 263.865, 14.75% of 263.875
    assert (rest["low"], rest["high"]) == (38.6562225, 38.9215625)


def test_a_growth_base_printed_as_a_bound_is_read_as_printed() -> None:
    """WMC 2018 printed "more than 430" projects; 2019 printed 638 and +46%. The previous
    edition's figure is the bound's interval narrowed by the rate, and says it was printed as
    a bound; the growth between editions is the bound's, not "no figure in 2018"."""
    paths = [RELEASES / "wmc-2018-closing.json", RELEASES / "wmc-2019.json"]
    result = run("growth", "-f", "json", *(arg for path in paths for arg in ("-d", str(path))))
    assert result.exit_code == 0
    rows = json_rows(result.stdout)
    base = find_row(rows, measure_id="projects", basis="implied")
    assert (base["low"], base["high"]) == (436, 438)
    assert base["note"].startswith("638 / (1 + 46%); printed only as more than 430; ")
    between = find_row(rows, section="WMC 2019 against 2018", measure_id="projects")
    # 638 over at least 431 projects: at most 638 / 431 - 1 = 48.03%
    assert (between["value"], between["low"], round(between["high"], 2)) == (None, -100, 48.03)
    assert between["note"] == "from 638 and more than 430, as printed"


def test_growth_between_editions_that_print_only_bounds_says_so() -> None:
    """CIIE 2018 and 2019 print exhibitors only as "more than 3,600" and "more than 3,800":
    the pair is shown, with what the bounds allow (once it was left out without a word)."""
    paths = [RELEASES / "ciie-2018.json", RELEASES / "ciie-2019.json"]
    result = run("growth", "-f", "json", *(arg for path in paths for arg in ("-d", str(path))))
    assert result.exit_code == 0
    rows = json_rows(result.stdout)
    exhibitors = find_row(rows, section="CIIE 2019 against 2018", measure_id="exhibitors")
    assert (exhibitors["low"], exhibitors["high"]) == (-100, None)
    assert exhibitors["note"] == "from more than 3800 and more than 3600, as printed"


def test_the_datasets_cover_every_release() -> None:
    assert set(DATASETS) - {"bundled", "folder"} == {
        path.stem for path in Path(RELEASES).glob("*.json")
    }


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_summary_and_growth_word_a_printed_rate_alike(dataset: str) -> None:
    """A growth rate as printed is one statement: `figure` says it in the same words in both
    reports ("edition 23 over edition 22"), so that their rows join on it."""

    joined = ("fair_id", "year", "ordinal", "measure_id", "source", "value", "figure")

    def printed_rates(command: str) -> set[tuple[str, ...]]:
        result = run(command, "-f", "csv", *DATASETS[dataset])
        assert result.exit_code == 0
        # (without the scope: summary names the readings of a scope the release leaves open
        # in one row, growth gives each its own)
        return {
            tuple(row[column] for column in joined)
            for row in csv_rows(result.stdout)
            if row["basis"] == "reported" and row["statistic"] in ("growth", "change")
        }

    assert printed_rates("growth") == printed_rates("summary")


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_summary_and_share_word_a_printed_share_alike(dataset: str) -> None:
    """A share as printed reads the same in `summary` and `share` ("of Liaoning in the
    previous edition"), for every share whose whole the release names (summary joins the
    readings of a whole the release leaves open in one row)."""
    joined = ("fair_id", "year", "ordinal", "scope_id", "measure_id", "source", "value")

    def printed_shares(command: str) -> dict[tuple[str, ...], set[tuple[str, str]]]:
        result = run(command, "-f", "csv", *DATASETS[dataset])
        assert result.exit_code == 0
        found: dict[tuple[str, ...], set[tuple[str, str]]] = {}
        for row in csv_rows(result.stdout):
            if row["basis"] == "reported" and row["statistic"] == "share":
                key = tuple(row[column] for column in joined)
                found.setdefault(key, set()).add((row["figure"], row["edition"]))
        return found

    summary, share = printed_shares("summary"), printed_shares("share")
    assert set(share) >= set(summary)
    for key, words in summary.items():
        if not any(" or " in figure for figure, _ in words):
            assert share[key] == words, key


def test_a_share_of_another_edition_reads_alike_in_summary_and_share(
    write_dataset: WriteDataset,
) -> None:
    """No real release here states one, so a small one does: last year, the city was 40% of
    the province (once "of Province" in `share`, "of Province in the previous edition" in
    `summary`)."""
    document = release(
        scopes=[{"id": "province", "name": "Province"}, {"id": "city", "name": "City"}],
        figures=[figure("city", "investment", 40, edition="previous")],
        relations=[
            {
                "type": "share",
                "part": ref("city", "investment", edition="previous"),
                "whole": ref("province", edition="previous"),
                "percent": 40,
            }
        ],
    )
    path = write_dataset(document)
    words = set()
    for command in ("summary", "share"):
        result = run(command, "-f", "json", "-d", path)
        assert result.exit_code == 0, result.stderr
        row = find_row(json_rows(result.stdout), statistic="share", basis="reported")
        words.add((row["figure"], row["edition"]))
    assert words == {("of Province in the previous edition", "the previous edition")}


def test_a_formula_reads_in_the_unit_of_the_figure_it_gives() -> None:
    """CAEXPO 2022: the exhibition area is 10.2万 m², 30% of it foreign. The foreign area is
    shown in m² (the measure's own unit), so its formula gives the total in m² too: "10.2 ×
    30%" beside 30,600 m² once read as a slip of the pen."""
    result = run("share", "-f", "json", *("-d", str(RELEASES / "caexpo-2022.json")))
    assert result.exit_code == 0
    part = find_row(json_rows(result.stdout), scope_id="foreign-exhibitors", basis="implied")
    assert (part["value"], part["unit"], part["unit_mult"]) == (30600, "m²", 0)
    assert part["note"] == "102000 × 30%"
