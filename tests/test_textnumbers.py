"""Reading the numbers of a release's text: each with its scale, currency, qualifier and what
it counts; dates, years, times and the fair's ordinal left out. The sentences are quoted from
the releases in data/releases, each with its source."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fairstats.input.dataset import load_series
from fairstats.input.textnumbers import read_numbers
from fairstats.model.release import Average, Growth
from fairstats.model.sourcetext import TextNumber
from tests import draft_metrics
from tests.conftest import RELEASES

TEXTS = Path(__file__).resolve().parents[2] / "shared" / "releases" / "texts"

Reading = tuple[str, int, str, str, bool]  # value, scale, currency, qualifier, percent


def readings(text: str) -> list[Reading]:
    return [(str(n.value), n.scale, n.currency, n.qualifier, n.percent) for n in read_numbers(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # China News Service, 2024-09-08 (cifit-2024-fujian)
        (
            "福建省重大项目集中签约仪式8日举行,该省集中签约项目50个,计划投资1100.4亿元(人民币,下同)。",
            [("50", 0, "", "exact", False), ("1100.4", 8, "CNY", "exact", False)],
        ),
        (
            "福建集中签约50个重大项目 计划投资超1100亿元",
            [("50", 0, "", "exact", False), ("1100", 8, "CNY", "more_than", False)],
        ),
        # Xinhua, 2018-11-10 (ciie-2018)
        (
            "共吸引了172个国家、地区和国际组织参会,3600多家企业参展,超过40万名境内外采购商到会洽谈采购",
            [
                ("172", 0, "", "exact", False),
                ("3600", 0, "", "more_than", False),
                ("40", 4, "", "more_than", False),
            ],
        ),
        ("累计意向成交578.3亿美元。", [("578.3", 8, "USD", "exact", False)]),
        # Reuters, 2021-11-10 (ciie-2021-reuters)
        (
            "saw $70.62 billion worth of “intentional” deals signed, down 2.6% from last year",
            [("70.62", 9, "USD", "exact", False), ("2.6", 0, "", "exact", True)],
        ),
        # WMC 2018 closing release (wmc-2018-closing)
        (
            "more than 430 signed projects with a total value of RMB 447 billion (US$ 70.19 "
            "billion) in investment deals.",
            [
                ("430", 0, "", "more_than", False),
                ("447", 9, "CNY", "exact", False),
                ("70.19", 9, "USD", "exact", False),
            ],
        ),
        # Haixia Daily, traditional characters (cifit-2021-fujian)
        (
            "共計40個項目現場簽約,總投資1174億元。",
            [
                ("40", 0, "", "exact", False),
                ("1174", 8, "CNY", "exact", False),
            ],
        ),
        ("簽約項目超70%。", [("70", 0, "", "more_than", True)]),
        # yuzhongnet.com, 2013-10-28 (xibohui-2013): 余 after the multiplier
        ("等6萬余名各界嘉賓參會", [("6", 4, "", "more_than", False)]),
        # 陕西工人报, 2023-11-21 (silkroad-2023): 突破, broke through
        ("线下参观人数突破20万人", [("20", 4, "", "more_than", False)]),
    ],
)
def test_a_sentence_reads_as_printed(sentence: str, expected: list[Reading]) -> None:
    assert readings(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "中新社 厦门9月8日电",  # a date
        "在厦门举行的第二十四届中国国际投资贸易洽谈会",  # the fair's own ordinal
        "the opening ceremony in Shanghai, China November 4, 2021.",  # a date
        "Updated:Sep 28,2019 11:45 AM",  # a date and a time
        "截至2021年11月10日",  # a year and a date
        "http://example.org/html/2020/211489.html",  # an address
        "世界500强企业负责人",  # a ranking's name (重庆晚报, 2021-05-24, xiqiahui-2021)
    ],
)
def test_dates_years_times_ordinals_addresses_and_rankings_are_no_figures(sentence: str) -> None:
    assert readings(sentence) == []


def test_a_number_keeps_its_place_and_what_it_counts() -> None:
    text = "其中,外商投资项目21个、计划投资390亿元"
    first, second = read_numbers(text)
    assert text[first.start : first.end] == "21"
    assert first.counted == "个"
    assert text[second.start : second.end] == "390亿元"


def _printed(name: str) -> list[tuple[str, Reading]]:
    """A release's printed figures and relations as the reader should read them."""
    release = load_series([str(RELEASES / f"{name}.json")], None).releases[0]
    found: list[tuple[str, Reading]] = []
    for figure in release.figures:
        if figure.printed is not None:
            measure = release.measures[figure.ref.measure]
            currency = figure.ref.unit if measure.kind == "amount" else ""
            printed = figure.printed
            found.append(
                (
                    figure.place,
                    (str(printed.value), printed.scale, currency, printed.qualifier, False),
                )
            )
    for relation in release.relations:
        printed = getattr(relation, "printed", None)
        if printed is None or (isinstance(relation, Growth) and relation.change):
            continue
        if isinstance(relation, Average):
            amount = relation.amount
            currency = amount.unit or release.measures[amount.measure].unit
            reading = (str(printed.value), printed.scale, currency, printed.qualifier, False)
        else:
            reading = (str(printed.value), 0, "", printed.qualifier, True)
        found.append((relation.place, reading))
    return found


# the releases whose texts lie beside the checkout (our own were read elsewhere)
RELEASES_WITH_TEXTS = draft_metrics.NAMES


@pytest.mark.skipif(not TEXTS.is_dir(), reason="the texts lie beside the checkout, not in it")
@pytest.mark.parametrize("name", RELEASES_WITH_TEXTS)
def test_every_printed_number_in_the_text_is_read_as_the_dataset_has_it(name: str) -> None:
    """Of the numbers a release's dataset holds that its text prints (its figures, and the
    percentages and averages of its relations), every one is read with the dataset's value,
    scale, currency, qualifier and percent sign: the draft's first measure of success."""
    text = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob(f"{name}*.txt"))
    )
    numbers: list[TextNumber] = read_numbers(text)
    in_text = [
        (place, wanted)
        for place, wanted in _printed(name)
        if any(number.value == Decimal(wanted[0]) for number in numbers)
    ]
    assert in_text
    read = {(str(n.value), n.scale, n.currency, n.qualifier, n.percent) for n in numbers}
    misread = [(place, wanted) for place, wanted in in_text if wanted not in read]
    assert misread == []
