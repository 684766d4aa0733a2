"""The report commands on the bundled dataset and on several releases: what they print, in
machine formats parsed back into data."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.input.dataset import load_release
from fairstats.model.series import Series
from fairstats.reports.rows import ScopeFilter
from tests.conftest import RELEASES, ROOT
from tests.fixtures import release
from tests.helpers import REPORT_COMMANDS, WriteDataset, csv_rows, find_row, json_rows, run

V1_OUTPUTS = ROOT / "tests" / "data" / "v1-outputs"

Figure = tuple[Decimal, str, Decimal | None, Decimal | None]  # value, basis, low, high


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def figures(rows: list[dict[str, str]]) -> list[Figure]:
    """Every number of a csv report with its basis and interval, whatever its column: a column
    X with a basis column (`basis` for `value`, `X_basis` otherwise) and interval ends."""
    found: list[Figure] = []
    for row in rows:
        for key, text in row.items():
            if not text or key.endswith(("_mult", "low", "high")):
                continue
            basis_key = "basis" if key == "value" else f"{key}_basis"
            if key in ("projects", "investment"):  # version 0.1's breakdown
                basis_key = "basis"
            basis = row.get(basis_key) or (
                "computed" if key.endswith(("percent", "per_project", "average")) else None
            )
            if basis is None:
                continue
            prefix = "" if key == "value" else f"{key}_"
            low = row.get(f"{prefix}low") or row.get("computed_low" if key == "computed" else "")
            high = row.get(f"{prefix}high") or row.get("computed_high" if key == "computed" else "")
            found.append((Decimal(text), basis, _number(low or ""), _number(high or "")))
    return found


@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_every_figure_of_version_0_1_is_still_printed(command: str) -> None:
    """Reported and computed figures are unchanged; an implied figure's interval may only
    narrow (to whole numbers, for a count), and a count narrowed to one whole number is it."""
    before = figures(csv_rows((V1_OUTPUTS / f"{command}.csv").read_text(encoding="utf-8")))
    result = run(command, "-f", "csv")
    assert result.exit_code == 0
    after = figures(csv_rows(result.stdout))
    assert before
    for value, basis, low, high in before:
        if basis != "implied":
            assert any(v == value and b == basis for v, b, _, _ in after), (value, basis)
            continue
        assert low is not None
        assert high is not None
        narrower = [
            (v, lo, hi)
            for v, b, lo, hi in after
            if b == "implied" and lo is not None and hi is not None and low <= lo <= hi <= high
        ]
        assert any(v == value or v == lo == hi for v, lo, hi in narrower), (value, low, high)


def test_the_implied_previous_count_is_the_one_whole_number_its_rounding_allows() -> None:
    result = run("growth", "-f", "csv")
    assert result.exit_code == 0
    row = find_row(csv_rows(result.stdout), measure="projects", basis="implied")
    assert (row["value"], row["low"], row["high"]) == ("18", "18", "18")
    assert row["note"] == "79 / (1 + 338.9%); whole numbers in the interval: 18"


def test_summary_csv_columns_are_stable() -> None:
    result = run("summary", "-f", "csv")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split(",")
    assert header == [
        "release", "section", "fair_id", "year", "ordinal", "scope_id", "measure_id",
        "scope", "measure", "figure", "statistic", "value", "unit",
        "unit_mult", "basis", "low", "high", "qualifier", "text", "edition", "source", "note",
    ]  # fmt: skip
    rows = csv_rows(result.stdout)
    dalian = [r for r in rows if r["section"] == "Dalian" and "investment" in r["measure"]]
    assert [(r["measure"], r["figure"], r["statistic"], r["value"], r["unit"], r["unit_mult"],
             r["basis"]) for r in dalian] == [
        ("investment", "", "value", "241.537", "CNY", "9", "reported"),
        ("investment", "", "value", "240", "CNY", "9", "reported"),
        ("investment per project", "", "average", "3.0574303797", "CNY", "9", "computed"),
        ("investment share", "of Liaoning", "share", "42.4", "%", "0", "reported"),
        ("investment growth", "over the previous edition", "growth", "131.2", "%", "0",
         "reported"),
    ]  # fmt: skip
    headline = dalian[1]
    assert (headline["qualifier"], headline["note"]) == ("more_than", "headline")


def test_summing_one_measure_sums_its_figures_only() -> None:
    """A share, a growth rate or an average of investment is not investment: a script that
    filters one measure gets its figures, in its unit, and no other kind of number."""
    rows = csv_rows(run("summary", "-f", "csv").stdout)
    investment = [r for r in rows if r["scope"] == "Dalian" and r["measure"] == "investment"]
    assert {(r["statistic"], r["unit"], r["unit_mult"]) for r in investment} == {
        ("value", "CNY", "9")
    }
    # the headline's "more than 240" is a second printing of the same figure
    values = [Decimal(r["value"]) for r in investment if not r["qualifier"]]
    assert values == [Decimal("241.537")]


@pytest.mark.parametrize(
    ("unit", "value", "mult"),
    [("yi", "2415.37", "8"), ("yuan", "241537000000", "0"), ("million", "241537", "6")],
)
def test_unit_moves_amounts_exactly_and_leaves_the_rest(unit: str, value: str, mult: str) -> None:
    rows = csv_rows(run("summary", "-f", "csv", "--unit", unit).stdout)
    signed = [r for r in rows if r["scope"] == "Dalian" and r["statistic"] == "value"]
    assert (signed[0]["value"], signed[0]["unit_mult"]) == ("79", "")
    assert (signed[1]["value"], signed[1]["unit"], signed[1]["unit_mult"]) == (value, "CNY", mult)
    share = find_row(rows, scope="Dalian", statistic="share")
    assert (share["value"], share["unit"]) == ("42.4", "%")


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_unit_keeps_a_figures_qualifier(fmt: str) -> None:
    """A figure printed "more than 240 billion" is more than 2400 yi, not 2400."""
    result = run("summary", "-f", fmt, "--unit", "yi", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    if fmt == "table":
        assert "more than 2,400" in result.stdout
        return
    headline = find_row(csv_rows(result.stdout), scope="Dalian", note="headline")
    assert (headline["value"], headline["unit_mult"], headline["qualifier"]) == (
        "2400",
        "8",
        "more_than",
    )


def test_unit_reaches_the_numbers_in_details() -> None:
    result = run("check", "-f", "csv", "--unit", "yi")
    rows = csv_rows(result.stdout)
    parts = [r for r in rows if r["rule"] == "parts_sum" and r["unit"] == "CNY"]
    assert [r["detail"] for r in parts] == ["120.47 + 2294.9 = 2415.37", "555 + 1860.37 = 2415.37"]


def test_decimals_round_half_up_in_every_format() -> None:
    result = run("breakdown", "-f", "json", "--decimals", "1")
    rows = json_rows(result.stdout)
    foreign = find_row(rows, category="foreign-funded", measure="investment")
    assert (foreign["value"], foreign["share_percent"], foreign["average"]) == (12.0, 5.0, 0.8)


# Several releases --------------------------------------------------------------------------


def test_data_repeated_and_folders(tmp_path: Path) -> None:
    one = run(
        "summary",
        "-f",
        "csv",
        "-d",
        str(RELEASES / "ciie-2018.json"),
        "-d",
        str(RELEASES / "ciie-2019.json"),
    )
    assert one.exit_code == 0
    assert {r["release"] for r in csv_rows(one.stdout)} == {"ciie-2018", "ciie-2019"}
    folder = run("summary", "-f", "csv", "-d", str(RELEASES))
    assert folder.exit_code == 0
    assert {r["release"] for r in csv_rows(folder.stdout)} == {
        path.stem for path in RELEASES.glob("*.json")
    }
    # only *.json files, one level deep
    (tmp_path / "notes.txt").write_text("not a dataset", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deeper.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a.json").write_bytes((RELEASES / "wmc-2019.json").read_bytes())
    result = run("summary", "-f", "csv", "-d", str(tmp_path))
    assert result.exit_code == 0
    assert {r["release"] for r in csv_rows(result.stdout)} == {"a"}


def test_fairstats_data_holds_paths_separated_as_in_path() -> None:
    paths = os.pathsep.join(str(RELEASES / f"wmc-{n}.json") for n in ("2018-closing", "2019"))
    result = run("check", "-f", "csv", env={"FAIRSTATS_DATA": paths})
    assert result.exit_code == 0
    releases = {r["release"] for r in csv_rows(result.stdout)} - {""}  # "": across releases
    assert releases == {"wmc-2018-closing", "wmc-2019"}


@pytest.mark.parametrize("shape", ["{sep}{a}{sep}{sep}{b}{sep}", "{a}{sep}{b}{sep}"])
def test_fairstats_data_skips_empty_elements_as_path_does(shape: str) -> None:
    a, b = (str(RELEASES / f"wmc-{n}.json") for n in ("2018-closing", "2019"))
    paths = shape.format(sep=os.pathsep, a=a, b=b)
    result = run("check", "-f", "csv", env={"FAIRSTATS_DATA": paths})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == run("check", "-f", "csv", "-d", a, "-d", b).stdout


@pytest.mark.parametrize("paths", [os.pathsep, os.pathsep * 3])
def test_fairstats_data_of_only_separators_is_as_if_unset(paths: str) -> None:
    result = run("summary", "-f", "csv", env={"FAIRSTATS_DATA": paths})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == run("summary", "-f", "csv", env={"FAIRSTATS_DATA": None}).stdout


def test_baseline_is_a_two_file_series(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    earlier = write_dataset(baseline_document, "fair2021.json")
    result = run("growth", "-f", "csv", "--baseline", str(earlier))
    assert result.exit_code == 0
    rows = csv_rows(result.stdout)
    computed = [r for r in rows if r["section"] == "Liao Fair 2022 against 2021"]
    dalian = find_row(computed, scope="Dalian", measure="investment growth")
    assert dalian["value"] == "131.2000459458"  # 241.537 / 104.471 - 1
    # and the reported rates meet the baseline's figures
    check = run("check", "-f", "csv", "--baseline", str(earlier))
    assert check.exit_code == 0
    growth = [r for r in csv_rows(check.stdout) if r["rule"] == "growth"]
    assert [(r["verdict"], r["computed"]) for r in growth] == [
        ("consistent", "338.8888888889"),
        ("consistent", "131.2000459458"),
    ]


def test_a_baseline_of_another_fair_or_a_later_edition_is_refused(
    write_dataset: WriteDataset, baseline_document: dict[str, Any]
) -> None:
    later = dict(baseline_document, fair={**baseline_document["fair"], "year": 2023})
    path = write_dataset(later, "later.json")
    result = run("growth", "--baseline", str(path))
    assert result.exit_code == 2
    assert (
        result.stderr.endswith(
            f"{path} is not an earlier edition of the fair in data/fair2022.json: its edition 2023 "
            "is not before 2022\n"
        )
        or "its edition 2023 is not before 2022" in result.stderr
    )
    other = dict(baseline_document, fair={**baseline_document["fair"], "id": "another-fair"})
    result = run("check", "--baseline", str(write_dataset(other)))
    assert result.exit_code == 2
    assert "it is 'another-fair', not liao-fair" in result.stderr


def test_scope_selects_a_scope_and_what_lies_within_it() -> None:
    rows = csv_rows(run("summary", "-f", "csv", "--scope", "Dalian exhibition area").stdout)
    assert {r["scope"] for r in rows if r["section"] != "Fair and sources"} == {
        "Dalian exhibition area"
    }
    result = run("summary", "--scope", "Nowhere")
    assert result.exit_code == 2
    assert "no scope named 'Nowhere' in the loaded releases" in result.stderr


def test_scope_keeps_a_scope_by_id_or_name_and_all_below_it_however_deep(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    """On a chain of 3,000 scopes (each within the next) hung below Dalian, beside a short
    branch: --scope keeps exactly the wanted scope and those below it, by id or by name."""
    depth = 3000
    document["scopes"] += [
        {"id": f"s{i}", "name": f"scope {i}", "within": f"s{i + 1}" if i + 1 < depth else "dalian"}
        for i in range(depth)
    ] + [{"id": "side", "name": "side", "within": "s2000"}]
    document["figures"] += [
        {"scope": scope, "measure": "projects", "value": 1} for scope in ("s0", "s1999", "side")
    ]
    release = load_release(str(write_dataset(document)))
    series = Series([release])
    for wanted, top, beside in (("s2000", 2000, {"side"}), ("scope 1000", 1000, set())):
        keep = ScopeFilter(series, wanted)
        expected = {f"s{i}" for i in range(top + 1)} | beside
        assert {scope for scope in release.scopes if keep.keeps(release, scope)} == expected
    everything = ScopeFilter(series, "Dalian")
    assert {s for s in release.scopes if everything.keeps(release, s)} == set(release.scopes) - {
        "liaoning"
    }
    assert not everything.keeps(release, "nowhere")


def test_breakdown_by_an_unknown_dimension_lists_the_known_ones() -> None:
    result = run("breakdown", "--by", "colour")
    assert result.exit_code == 2
    assert "no breakdown dimension 'colour' in the loaded releases (known: funding, signing)" in (
        result.stderr
    )


def test_share_implies_the_whole_and_the_rest() -> None:
    rows = json_rows(run("share", "-f", "json").stdout)
    total = find_row(rows, scope="Liaoning", measure="investment", basis="implied")
    rest = find_row(rows, scope="Liaoning excluding Dalian", measure="investment")
    assert (total["value"], total["low"], total["high"]) == (
        569.6627358491, 568.9905771495, 570.3364817002
    )  # fmt: skip
    assert (rest["value"], rest["low"], rest["high"]) == (
        328.1257358491, 327.4540771495, 328.7989817002
    )  # fmt: skip


def test_json_is_one_rectangular_table() -> None:
    for command in REPORT_COMMANDS:
        document = json.loads(run(command, "-f", "json", "-d", str(RELEASES)).stdout)
        assert set(document) == {"title", "columns", "rows", "footnotes"}
        for row in document["rows"]:
            assert list(row) == document["columns"]


def test_upgrade_writes_version_2_and_it_loads_the_same() -> None:
    old = ROOT / "tests" / "data" / "fair2022-v1.json"
    result = run("upgrade", str(old))
    assert result.exit_code == 0
    upgraded = json.loads(result.stdout)
    assert upgraded["schema_version"] == 2
    # a version 1 file also loads as it is, with the same figures
    as_is = csv_rows(run("check", "-f", "csv", "-d", str(old)).stdout)
    assert [r["verdict"] for r in as_is] == [
        r["verdict"] for r in csv_rows(run("check", "-f", "csv").stdout)
    ]


def test_upgrade_tells_on_stderr_what_version_1_could_not_say(
    write_dataset: WriteDataset,
) -> None:
    document = json.loads((ROOT / "tests" / "data" / "fair2022-v1.json").read_text("utf-8"))
    document["source"]["published"] = "2022-11-21T00:00"  # version 1 had to give a time
    delegation = document["delegations"][0]
    delegation["breakdowns"][1]["categories"].pop()  # 6 of the 79 projects: a part
    activity = delegation["activities"][0]
    activity["figures"].append({"name": "investment", "kind": "amount", "value": 1})
    path = write_dataset(document)
    result = run("upgrade", path)
    assert result.exit_code == 0
    assert result.stderr == (
        f"fairstats: warning: {path} $.fair.short_name: version 1 has no fair id: wrote "
        "'liao-fair', from the short name; make it the id that other files of this fair use\n"
        f"fairstats: warning: {path} $.fair.edition: version 1 has no ordinal: none written; "
        "add one if the release numbers its editions\n"
        f"fairstats: warning: {path} $.source.published: version 1 cannot leave out the time "
        "of day: 00:00 taken as none printed, and left out\n"
        f"fairstats: warning: {path} $.delegations[0].breakdowns[0]: version 1 does not say "
        "whether the categories are all of 'Dalian': written complete, as their projects add "
        "up to its 79\n"
        f"fairstats: warning: {path} $.delegations[0].breakdowns[1]: version 1 does not say "
        "whether the categories are all of 'Dalian': written not complete, as their 6 "
        "projects are not its 79\n"
    )
    upgraded = json.loads(result.stdout)
    assert upgraded["fair"]["id"] == "liao-fair"  # the bundled version 2 file's id
    assert "ordinal" not in upgraded["fair"]
    assert upgraded["sources"][0]["published"] == "2022-11-21"
    assert [d["complete"] for d in upgraded["dimensions"]] == [True, False]
    # the activity's investment is the delegation's measure, not a second one
    assert [m["id"] for m in upgraded["measures"]].count("investment") == 1
    assert not [m for m in upgraded["measures"] if m["id"].startswith("investment (")]
    assert {"scope": "Dalian/participation", "measure": "investment", "value": 1} in upgraded[
        "figures"
    ]


def _version_1_of(categories: int) -> str:
    """The version 1 test file with a breakdown of this many one-project categories, as
    compact JSON text: a version 1 file as large as one likes, growing several times over as
    version 2."""
    document = json.loads((ROOT / "tests" / "data" / "fair2022-v1.json").read_text("utf-8"))
    delegation = document["delegations"][0]
    parts = [{"name": f"c{n}", "projects": 1, "investment": 1} for n in range(categories)]
    delegation["breakdowns"] = [{"dimension": "many", "categories": parts}]
    delegation["signed"] = {"projects": categories, "investment": categories}
    for key in ("claims", "reported_share_of_region", "reported_growth"):
        del delegation[key]
    return json.dumps(document, separators=(",", ":"))


def test_upgrade_too_large_to_load_indented_is_written_compact(
    write_dataset: WriteDataset,
) -> None:
    from fairstats.input.jsonfile import MAX_FILE_BYTES

    path = write_dataset(_version_1_of(40_000))
    result = run("upgrade", path)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.encode()) <= MAX_FILE_BYTES
    assert result.stdout.count("\n") == 1  # one line: indented, it would take 10.6 MiB
    upgraded = write_dataset(result.stdout, "upgraded.json")
    assert run("validate", upgraded).exit_code == 0


def test_upgrade_too_large_to_load_even_compact_is_refused(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    path = write_dataset(_version_1_of(55_000))
    target = tmp_path / "kept.json"
    target.write_text("{}", encoding="utf-8")
    result = run("upgrade", path, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fairstats: {path}: as version 2 it would take 8.9 MiB, more than the 8 MiB a "
        "dataset may be; it loads as it is, in version 1\n"
    )
    assert target.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, "kept.json"]


def test_upgrade_refuses_a_version_2_file() -> None:
    bundled = ROOT / "data" / "fair2022.json"
    result = run("upgrade", bundled)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fairstats: {bundled}: $.schema_version: not a version 1 dataset (schema_version 2)\n"
    )


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        ("share", "ciie-2019: no shares, reported or computed."),
        ("breakdown", "ciie-2019: the release gives no breakdown."),
    ],
)
def test_an_empty_report_says_so_in_one_sentence_and_nothing_more(
    command: str, sentence: str
) -> None:
    """A report with no rows for a release says so, and has no footnote about absent rows."""
    result = run(command, "-d", RELEASES / "ciie-2019.json", env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    title = {"share": "shares", "breakdown": "breakdowns"}[command]
    assert result.stdout == f"CIIE 2019: {title}\n\n{sentence}\n"


@pytest.mark.parametrize(
    ("command", "ending"),
    [
        ("summary", "  source  title       A release\n\nempty: no figures.\n"),
        ("breakdown", "breakdowns\n\nempty: the release gives no breakdown.\n"),
        ("share", "shares\n\nempty: no shares, reported or computed.\n"),
        ("growth", "growth\n\nempty: no reported growth.\n"),
        (
            "check",
            "checks\n\nempty: nothing to check.\n0 checks: 0 consistent, 0 consistent "
            "only within rounding, 0 inconsistent, 0 not testable; 0 conflicts.\n",
        ),
    ],
)
def test_every_report_says_when_a_release_gives_it_nothing(
    write_dataset: WriteDataset, command: str, ending: str
) -> None:
    path = write_dataset(release(), name="empty.json")
    result = run(command, "-d", path, env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(ending)
