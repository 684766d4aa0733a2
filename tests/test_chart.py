"""`fairstats chart`: the images hold the reports' numbers, as text, byte for byte the same
from run to run; a dataset's text stays text; bad file names are usage errors."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.engine.audit import Audit
from fairstats.input import dataset
from fairstats.model.release import QUALIFIER_WORDS
from fairstats.output.cells import RenderOptions
from fairstats.output.render import render
from fairstats.reports.series import series_report
from tests.helpers import WriteDataset, csv_rows, find_row, run

pytest.importorskip("matplotlib")

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RELEASES = Path(__file__).resolve().parents[1] / "data" / "releases"
CIIE = [RELEASES / f"ciie-{year}.json" for year in (2018, 2019, 2020, 2021)]
CIIE_DATA = [arg for path in CIIE for arg in ("-d", str(path))]
SERIES = ("chart", "series", *CIIE_DATA, "--measure", "deals", "--measure", "exhibitors")


def svg_texts(path: Path) -> list[str]:
    """Every text the SVG shows, parsed back as XML (which also fails on markup gone wrong)."""
    root = ET.parse(path).getroot()
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def series_csv(paths: list[Path], *measures: str, unit: str | None = None) -> list[dict[str, str]]:
    """The csv of the report `chart series` draws."""
    series = dataset.load_series([str(path) for path in paths], None)
    report = series_report(series, Audit(series), measures=measures)
    stream = io.StringIO()
    render(report, RenderOptions("csv", unit=unit), stream)
    return csv_rows(stream.getvalue())


def label(row: dict[str, str]) -> str:
    """A csv row's figure as the chart labels it: as the table prints it."""
    number = f"{Decimal(row['value']):,}"
    qualifier = QUALIFIER_WORDS[row["qualifier"]] if row["qualifier"] else ""
    return f"{qualifier} {number}" if qualifier else number


def test_series_holds_the_editions_and_every_figure_of_its_csv(tmp_path: Path) -> None:
    image = tmp_path / "ciie.svg"
    result = run(*SERIES, "--unit", "yi", "-o", image)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    texts = svg_texts(image)
    rows = series_csv(CIIE, "deals", "exhibitors", unit="yi")
    assert {row["edition"] for row in rows} == {"2018", "2019", "2020", "2021"}
    for row in rows:
        assert row["edition"] in texts  # a tick label
        assert label(row) in texts, f"no label {label(row)!r} in the chart"
    # 72.62 billion in 2020 is drawn among the others' 亿, as the csv gives it with --unit yi
    assert find_row(rows, year="2020", measure_id="deals")["value"] == "726.2"
    assert "more than 3,600" in texts  # a bound, labelled as printed
    assert "intended deals (意向成交, one-year purchases)" in " ".join(texts)  # Chinese as text


def test_series_draws_an_implied_figure_as_the_interval_check_gives(tmp_path: Path) -> None:
    image = tmp_path / "ciie.svg"
    release = RELEASES / "ciie-2019.json"
    assert run("chart", "series", "-d", release, "--measure", "deals", "-o", image).exit_code == 0
    implied = find_row(series_csv([release], "deals"), basis="implied")
    checked = csv_rows(run("check", "-d", release, "-f", "csv").stdout)
    solved = find_row(checked, section="Implied figures", measure_id="deals", ordinal="1")
    assert [implied[key] for key in ("value", "low", "high")] == [
        solved[key] for key in ("computed", "computed_low", "computed_high")
    ]
    texts = svg_texts(image)
    assert "1st edition" in texts
    assert "578.293 [575.910; 580.694]" in texts  # the value and its interval, as the table


def test_breakdown_holds_the_categories_values_and_shares_of_its_csv(tmp_path: Path) -> None:
    image = tmp_path / "breakdown.svg"
    result = run("chart", "breakdown", "--by", "funding", "-o", image)
    assert result.exit_code == 0, result.output
    texts = svg_texts(image)
    rows = csv_rows(run("breakdown", "--by", "funding", "-f", "csv").stdout)
    categories = [row for row in rows if row["row_type"] == "category"]
    assert categories
    for row in categories:
        assert row["category"] in texts
        share = Decimal(row["share_percent"]).quantize(Decimal("0.01"))
        assert f"{Decimal(row['value']):,} ({share}%)" in texts


def test_shares_hold_each_share_of_the_csv(tmp_path: Path) -> None:
    image = tmp_path / "shares.svg"
    assert run("chart", "shares", "-o", image).exit_code == 0
    texts = svg_texts(image)
    rows = csv_rows(run("share", "-f", "csv").stdout)
    shares = [row for row in rows if row["statistic"] == "share"]
    assert shares
    for row in shares:
        assert row["scope"] in texts
        places = max(0, -int(Decimal(row["value"]).as_tuple().exponent))
        shown = Decimal(row["value"]).quantize(Decimal(1).scaleb(-min(places, 2)))
        assert f"{shown}%" in texts


def test_a_hostile_and_a_chinese_name_stay_text(
    tmp_path: Path, write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    hostile = '<script>alert("x")</script> & $\\alpha$ 外商投资'  # markup, mathtext, Chinese
    document["dimensions"][0]["categories"][0]["name"] = hostile
    image = tmp_path / "hostile.svg"
    result = run("chart", "breakdown", "-d", write_dataset(document), "-o", image)
    assert result.exit_code == 0, result.output
    assert hostile in svg_texts(image)
    root = ET.parse(image).getroot()
    assert not [element for element in root.iter() if element.tag.endswith("script")]
    assert "<script>" not in image.read_text(encoding="utf-8")  # escaped, as &lt;script&gt;


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_two_runs_give_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    assert run(*SERIES, "-o", first).exit_code == 0
    assert run(*SERIES, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_png_is_a_png(tmp_path: Path) -> None:
    image = tmp_path / "chart.PNG"  # the suffix in any case
    result = run("chart", "breakdown", "-o", image)
    assert result.exit_code == 0, result.output
    data = image.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 1000
    assert b"Software" not in data  # no version string, no date: the same bytes every run


def test_svg_has_no_date_and_no_version(tmp_path: Path) -> None:
    image = tmp_path / "chart.svg"
    assert run("chart", "breakdown", "-o", image).exit_code == 0
    text = image.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "Matplotlib v" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chart", "series", "-o", "chart.pdf"), "-o FILE must end in .svg or .png"),
        (("chart", "series", "-o", "chart"), "-o FILE must end in .svg or .png"),
        (("chart", "series", "--by", "funding", "-o", "c.svg"), "--by is for chart breakdown"),
        (("chart", "shares", "--measure", "deals", "-o", "c.svg"), "--measure is for chart"),
        (("chart", "series", "--measure", "nothing", "-o", "c.svg"), "no measure 'nothing'"),
        (("chart", "breakdown", "--by", "nothing", "-o", "c.svg"), "no breakdown dimension"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_without_o_a_text_chart_holds_the_places_and_labels_of_the_svg(tmp_path: Path) -> None:
    image = tmp_path / "ciie.svg"
    assert run(*SERIES, "-o", image).exit_code == 0
    result = run(*SERIES, "--width", "100", env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    drawn = svg_texts(image)
    for edition in ("2018", "2019", "2020", "2021"):
        assert edition in drawn
        assert f"  {edition}  " in result.stdout
    for text in ("578.3", "711.3", "more than 3,600", "more than 2,900"):
        assert text in drawn
        assert text in result.stdout
    assert "→ more than 3,800" in result.stdout  # a bound, with its direction
    assert "\x1b" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_a_text_chart_shows_an_implied_interval_shaded() -> None:
    release = RELEASES / "ciie-2019.json"
    result = run("chart", "series", "-d", release, "--measure", "deals", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "░ 578.293 [575.910; 580.694]" in result.stdout


def test_a_breakdown_too_large_to_read_is_refused_but_drawn_in_text(
    tmp_path: Path, write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    categories = [{"id": f"c{n}", "name": f"category {n}"} for n in range(150)]
    many = {"id": "many", "name": "by many", "of": "dalian", "complete": False}
    document["dimensions"].append({**many, "categories": categories})
    document["figures"] += [
        {"scope": f"c{n}", "measure": "projects", "value": 1} for n in range(150)
    ]
    data = write_dataset(document)
    result = run("chart", "breakdown", "--by", "many", "-d", data, "-o", tmp_path / "many.png")
    assert result.exit_code == 2
    assert "151 bars or editions in one panel" in result.stderr  # and what is not listed
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "many.png").exists()
    text = run("chart", "breakdown", "--by", "many", "-d", data)
    assert text.exit_code == 0
    assert "category 149" in text.stdout


def test_an_unknown_kind_is_a_usage_error() -> None:
    assert run("chart", "pie", "-o", "c.svg").exit_code == 2


def test_without_matplotlib_chart_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    result = run("chart", "series", "-o", tmp_path / "c.svg")
    assert result.exit_code == 2
    assert "pip install 'fairstats[charts]'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_output_never_replaces_an_input(tmp_path: Path) -> None:
    data = tmp_path / "fair.svg"
    data.write_bytes((Path(dataset.BUNDLED_DATASET)).read_bytes())
    result = run("chart", "breakdown", "-d", data, "-o", data)
    assert result.exit_code == 2
    assert "the output would replace it" in result.stderr


def test_a_release_with_nothing_to_draw_gives_a_chart_that_says_so(tmp_path: Path) -> None:
    """CIIE 2019 has no breakdown: the chart says so, where it once failed with a traceback."""
    image = tmp_path / "none.svg"
    result = run("chart", "breakdown", "-d", RELEASES / "ciie-2019.json", "-o", image)
    assert result.exit_code == 0, result.stderr
    assert "Nothing to draw for the chosen options." in svg_texts(image)


def test_an_svg_is_the_same_whatever_cjk_font_matplotlib_knows(tmp_path: Path) -> None:
    """Chinese labels are laid out in the font matplotlib ships, so a CJK font that one machine
    has (or that a PNG drawn before made known) never moves them: the goldens hold everywhere."""
    from matplotlib import font_manager

    found = [path for path in font_manager.findSystemFonts() if "NotoSansCJK" in Path(path).name]
    if not found:
        pytest.skip("needs a CJK font on the machine (Debian's fonts-noto-cjk)")
    before, after = tmp_path / "before.svg", tmp_path / "after.svg"
    arguments = ("chart", "breakdown", "-d", RELEASES / "cifit-2024-fujian.json", "-o")
    assert run(*arguments, before).exit_code == 0
    font_manager.fontManager.addfont(found[0])
    assert run(*arguments, after).exit_code == 0
    assert before.read_bytes() == after.read_bytes()
