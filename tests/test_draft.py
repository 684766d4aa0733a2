"""`fairstats draft`: a release's text to a dataset that loads as it is, every guess marked for
review; and, over the ten release texts, how close the draft comes to the written-down files
(issue 15's "Done when", see tests/draft_metrics.py)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairstats.input import jsonfile
from fairstats.input.dataset import problems_of
from fairstats.input.drafting import draft
from fairstats.input.jsonwrite import version_2_text
from fairstats.input.reader import read_release
from tests import draft_metrics
from tests.helpers import run

needs_texts = pytest.mark.skipif(
    not draft_metrics.TEXTS.is_dir(),
    reason=f"the release texts are not here ({draft_metrics.TEXTS}); they are not committed",
)


def loaded(text: str) -> dict[str, Any]:
    """The draft of a text, written and read back as a file is: it must load."""
    written = version_2_text(draft(text), "")
    document = jsonfile.parse("draft.json", written)
    release, problems = read_release("draft.json", document, collect=True)
    assert problems == []
    assert release is not None
    return dict(document)


def printed(document: dict[str, Any]) -> list[tuple[str, Decimal, str, str]]:
    """Each statement's kind, number, scale and qualifier."""
    found = [
        (
            "figure",
            figure["value"],
            figure.get("scale", "one"),
            figure.get("qualifier", "exact"),
        )
        for figure in document.get("figures", [])
    ]
    for relation in document.get("relations", []):
        number = relation.get("percent", relation.get("value"))
        if number is not None:
            found.append(
                (
                    relation["type"],
                    number,
                    relation.get("scale", "one"),
                    relation.get("qualifier", "exact"),
                )
            )
    return found


# cifit-2021-fujian (台海网, 2021-09-09), traditional characters with pinyin after them
TRADITIONAL = (
    "臺海網(wǎng)9月9日訊 昨天上午,第21屆投洽會福建省重大項目簽約儀式在廈門國際會展中心舉行,"
    "共計40個項目現(xiàn)場簽約,總投資1174億元。"
)
# cifit-2021-fujian, the sentence of its shares
SHARES = "“六四五”产业新体系共签约项目27个,总投资714.8亿元,分别占投资类项目的75%和60.9%。"
# ciie-2019 (财新网, 2019-11-11)
GROWTH = "按一年计,进博会期间累计意向成交711.3亿美元,比首届增长23%。"
# cifit-2025-fujian, an average
AVERAGE = "本次活动现场集中签约项目50个、计划投资1201.5亿元。项目平均计划投资24亿元。"
# cifit-2024-fujian (中国新闻社, 2024-09-08): parts of a total
PARTS = "该省集中签约项目50个,计划投资1100.4亿元。其中,香港地区投资项目13个,台湾地区投资项目2个。"
# cifit-2024-fujian: a breakdown of the whole, "from the industry's side"
BY_INDUSTRY = "从产业投向看,制造业项目35个、计划投资788.6亿元,服务业项目15个、计划投资311.8亿元。"
# ciie-2019: a count of 件 (pieces)
PIECES = "全球或中国大陆首发新产品、新技术或服务391件,高于首届。"
# cifit-2025-fujian: an amount that bounds the projects after it
THRESHOLD = (
    "本次活动现场集中签约项目50个、计划投资1201.5亿元。"
    "项目平均计划投资24亿元,其中计划投资50亿元及以上项目6个、计划投资494.8亿元。"
)
# ciie-2018 (新华社, 2018-11-10): parts of a printed amount, ranked
AMONG = (
    "在578.3亿美元意向成交额中,智能及高端装备展区成交额最高,为164.6亿美元;"
    "其次是食品及农产品展区,成交126.8亿美元。"
)
# ciie-2021-reuters (Reuters, 2021-11-10)
ENGLISH = (
    "SHANGHAI, Nov 10 (Reuters) - The fourth China International Import Expo (CIIE) saw "
    "$70.62 billion worth of “intentional” deals signed, down 2.6% from last year."
)
# wmc-2019 (AHFAO, 2019-09-28)
INCLUDING = (
    "More than 4,500 participants from 78 countries and regions attended the event, including "
    "1,700 overseas guests."
)
# cifit-2024-fujian: a rank
RANK = "厦门签约重大项目13个,投资额353亿元,签约项目数、签约项目总投资额连续三届位居福建首位。"


def test_traditional_characters_with_pinyin_give_the_fair_and_its_figures() -> None:
    document = loaded(TRADITIONAL)
    assert document["fair"]["ordinal"] == 21
    assert document["fair"]["name"] == "投洽會"
    assert printed(document) == [
        ("figure", 40, "one", "exact"),
        ("figure", Decimal("1174"), "yi", "exact"),
    ]
    amount = next(m for m in document["measures"] if m["kind"] == "amount")
    assert amount["unit"] == "CNY"


# cifit-2025-fujian (a reprint): parts in traditional characters, pinyin after some of them
TRADITIONAL_PARTS = (
    "本次活動(dòng)現(xiàn)場(chǎng)集中簽約項(xiàng)目50個(gè)、計(jì)劃投資1201.5億元。"
    "其中,外商投資項(xiàng)目21個(gè)、計(jì)劃投資445.7億元,央企投資項(xiàng)目12個(gè)、計(jì)劃投資328.7億元。"
)


def test_names_are_written_as_the_text_writes_them_ids_as_simplified() -> None:
    document = loaded(TRADITIONAL_PARTS)
    (dimension,) = document["dimensions"]
    categories = [(c["id"], c["name"]) for c in dimension["categories"]]
    assert categories == [("外商投资", "外商投資"), ("央企投资", "央企投資")]
    assert [(f["scope"], f["value"]) for f in document["figures"][2:]] == [
        ("外商投资", 21),
        ("外商投资", Decimal("445.7")),
        ("央企投资", 12),
        ("央企投资", Decimal("328.7")),
    ]


def test_where_gives_the_characters_of_the_text_as_given() -> None:
    document = loaded(TRADITIONAL)
    where = document["figures"][1]["where"]
    start, end = (int(n) for n in where.rpartition(" ")[2].split("-"))
    assert TRADITIONAL[start:end] == "1174億元"
    assert document["figures"][1]["note"].startswith("臺海網(wǎng)9月9日訊")


def test_respectively_two_shares_of_the_whole_named() -> None:
    document = loaded(SHARES)
    shares = [r for r in document["relations"] if r["type"] == "share"]
    assert [r["percent"] for r in shares] == [Decimal(75), Decimal("60.9")]
    # "分别": the first of the projects, the second of the investment, in the text's order
    assert [r["part"]["measure"] for r in shares] == ["项目", "投资"]
    names = {s["id"]: s["name"] for s in document["scopes"]}
    assert {names[r["whole"]["scope"]] for r in shares} == {"投资类"}
    assert {names[r["part"]["scope"]] for r in shares} == {"产业新体系"}


def test_an_amount_that_bounds_projects_names_their_scope() -> None:
    document = loaded(THRESHOLD)
    assert [f["value"] for f in document["figures"]] == [50, Decimal("1201.5"), 6, Decimal("494.8")]
    (scope,) = {f["scope"] for f in document["figures"][2:]}
    names = {s["id"]: s["name"] for s in document["scopes"]}
    categories = {c["id"]: c["name"] for d in document["dimensions"] for c in d["categories"]}
    assert "50亿元" in {**names, **categories}[scope]
    (average,) = document["relations"]
    assert average["scope"] == document["fair"]["id"]


def test_parts_of_a_printed_amount() -> None:
    document = loaded(AMONG)
    (dimension,) = document["dimensions"]
    assert [c["name"] for c in dimension["categories"]] == [
        "智能及高端装备展区",
        "食品及农产品展区",
    ]
    whole, *parts = document["figures"]
    assert (whole["scope"], whole["value"]) == (dimension["of"], Decimal("578.3"))
    assert [p["measure"] for p in parts] == ["成交", "成交"]


def test_growth_over_the_first_edition() -> None:
    document = loaded(GROWTH)
    (growth,) = document["relations"]
    assert (growth["type"], growth["percent"]) == ("growth", 23)
    assert growth["of"]["measure"] == document["figures"][0]["measure"]
    amount = next(m for m in document["measures"] if m["id"] == growth["of"]["measure"])
    assert amount["unit"] == "USD"


def test_an_average_over_the_projects() -> None:
    document = loaded(AVERAGE)
    (average,) = document["relations"]
    assert average["type"] == "average"
    assert (average["value"], average["scale"]) == (24, "yi")
    assert average["count"] == "项目"


def test_parts_of_a_total_are_a_breakdown_of_it() -> None:
    document = loaded(PARTS)
    (dimension,) = document["dimensions"]
    assert [c["name"] for c in dimension["categories"]] == ["香港地区投资", "台湾地区投资"]
    assert dimension["complete"] is False
    parts = [f for f in document["figures"] if f["value"] in (13, 2)]
    assert {f["scope"] for f in parts} == {c["id"] for c in dimension["categories"]}


def test_from_the_side_of_is_a_breakdown_of_the_whole() -> None:
    document = loaded(BY_INDUSTRY)
    (dimension,) = document["dimensions"]
    assert dimension["name"] == "by 产业投向"
    assert dimension["of"] == document["fair"]["id"]
    names = {c["id"]: c["name"] for c in dimension["categories"]}
    assert [(names[f["scope"]], f["value"]) for f in document["figures"]] == [
        ("制造业", 35),
        ("制造业", Decimal("788.6")),
        ("服务业", 15),
        ("服务业", Decimal("311.8")),
    ]


def test_a_count_of_pieces() -> None:
    document = loaded(PIECES)
    (measure,) = document["measures"]
    assert (measure["id"], measure["kind"]) == ("件", "count")
    assert printed(document) == [("figure", 391, "one", "exact")]


def test_english_fair_amount_and_a_fall() -> None:
    document = loaded(ENGLISH)
    fair = document["fair"]
    assert (fair["id"], fair["ordinal"], fair["short_name"]) == ("ciie", 4, "CIIE")
    assert printed(document) == [
        ("figure", Decimal("70.62"), "billion", "exact"),
        ("growth", Decimal("-2.6"), "one", "exact"),
    ]


def test_the_fair_is_its_naming_with_an_ordinal_on_one_line() -> None:
    # ciie-2021-reuters: a photo caption names the fair first, without its ordinal
    caption = (
        "Xi Jinping delivers a speech at the opening ceremony of the China International Import "
        "Expo (CIIE) in Shanghai.\n\n"
    )
    assert loaded(caption + ENGLISH)["fair"]["ordinal"] == 4
    # wmc-2019 (AHFAO): the page's time stamp ends in capitals on the line before
    stamped = (
        "Updated:Sep 28,2019 11:45 AM AHFAO\n\nThe World Manufacturing Convention (WMC) 2019 "
        "concluded successfully in Hefei on September 23."
    )
    fair = loaded(stamped)["fair"]
    assert (fair["name"], fair["short_name"], fair["year"]) == (
        "World Manufacturing Convention",
        "WMC",
        2019,
    )


def test_english_qualifiers_and_parts() -> None:
    document = loaded(INCLUDING)
    assert printed(document) == [
        ("figure", 4500, "one", "more_than"),
        ("figure", 78, "one", "exact"),
        ("figure", 1700, "one", "exact"),
    ]
    (dimension,) = document["dimensions"]
    assert [c["name"] for c in dimension["categories"]] == ["overseas guests"]


def test_a_rank_is_claimed_of_the_figure_before_it() -> None:
    document = loaded(RANK)
    (rank,) = [r for r in document["relations"] if r["type"] == "rank"]
    assert rank["rank"] == 1


def test_every_statement_scope_and_measure_is_marked_for_review() -> None:
    document = loaded(SHARES + GROWTH)
    entries = [
        *document["figures"],
        *document["relations"],
        *document["measures"],
        *document["scopes"][1:],  # the first is the fair's, reviewed with the fair
        document["fair"],
    ]
    assert all(entry["review"] for entry in entries)


@pytest.mark.parametrize(
    "noise",
    [
        "",
        "\n\n   \n",
        "首页 | 新闻 | 登录\n\x00\x07第一届",
        "亿元%%%万个个项目其中其中 including 3.5 -",
        "\u202e第2届1.5亿美元 \ufffd\ufffd 增长 占 平均",
        "Home > News > 12 34 56 78 99.9% up 1e5 $ billion",
    ],
)
def test_noise_gives_a_poorer_draft_never_an_error(noise: str) -> None:
    loaded(noise)


# The pieces of releases and of their noise, for texts drawn at random
PIECES_OF_TEXT = [
    *"0123456789０１２,.，。、；;:：%％$¥()（）\n #<>“”-",
    *("亿", "万", "万亿", "元", "美元", "个", "项", "家", "届", "名", "件", "平方米", "人"),
    *("超", "近", "约", "多", "余", "以上", "及以上", "左右", "第", "首届", "年", "月", "日"),
    *("其中", "包括", "从", "看", "在", "中", "占", "的", "比上届", "增长", "下降", "平均", "分别"),
    *("项目", "投资", "计划投资", "成交额", "企业", "国家", "创历史新高", "居全省第一", "位居"),
    *("會(huì)", "項(xiàng)目", "億", "萬", "簽約", "投資", "\ufffd", "\u202e", "\x00", "\t"),
    *(" billion", " million", " trillion", " yuan", " RMB", "US$", " percent", " of"),
    *(" more than", " over", " nearly", " about", " up", " down", " including", " average"),
    *(" The", " 20th", " fourth", " Expo", " Fair", " (CIIE)", " 2019", " projects", " first in"),
    *("<!DOCTYPE html>", "<title>", "</title>", "<p>", "<script>", "</nav>", "&nbsp;"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES_OF_TEXT), max_size=60).map("".join))
def test_any_text_drafts_to_a_file_that_loads(text: str) -> None:
    loaded(text)


def test_a_number_too_long_for_a_dataset_is_noted_as_left_out() -> None:
    document = loaded("共签约项目1000000000000000000个,总投资12亿元。")
    assert [f["value"] for f in document["figures"]] == [12]
    (note,) = document["notes"]
    assert note["text"].startswith("left out, too long for a dataset")


def test_validate_lists_what_is_still_to_review(tmp_path: Path) -> None:
    file = tmp_path / "draft.json"
    file.write_text(version_2_text(draft(GROWTH), ""), "utf-8")
    assert problems_of(str(file)) == []
    result = run("validate", str(file), "-f", "csv")
    assert result.exit_code == 0
    reviews = [line for line in result.output.splitlines() if "to review:" in line]
    assert any("$.relations[0]" in line and "a growth" in line for line in reviews)
    assert any("$.figures[0]" in line for line in reviews)


def test_check_warns_of_the_guesses_it_reads_as_printed(tmp_path: Path) -> None:
    file = tmp_path / "draft.json"
    file.write_text(version_2_text(draft(GROWTH), ""), "utf-8")
    result = run("check", "-d", str(file), "-f", "csv")
    assert result.exit_code in (0, 1)
    assert "guesses still to review" in result.stderr


def test_the_command_writes_a_draft_that_loads(tmp_path: Path) -> None:
    text = tmp_path / "release.txt"
    text.write_text(GROWTH, "utf-8")
    out = tmp_path / "release.json"
    result = run("draft", str(text), "-o", str(out))
    assert result.exit_code == 0
    assert problems_of(str(out)) == []
    assert json.loads(out.read_text("utf-8"))["figures"][0]["scale"] == "yi"


def test_the_command_reads_standard_input() -> None:
    result = run("draft", "-", input=ENGLISH)
    assert result.exit_code == 0
    assert json.loads(result.output)["fair"]["id"] == "ciie"


def test_a_missing_text_is_one_line_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = run("draft", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"fairstats: {missing}: no such file\n"


PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>第二届进博会累计意向成交711.3亿美元</title>
<style>p {{ margin: 12px }}</style><script>var views = 12345;</script></head>
<body><nav><a href="/">首页</a> | <a href="/2019">新闻 2019</a></nav>
<h1>第二届进博会累计意向成交711.3亿美元</h1><p>{GROWTH}</p>
<p>第二届进博会共181个国家、地区和国际组织参会&nbsp;。</p>
<footer>备案号 12345678</footer></body></html>"""


def test_an_html_page_is_read_as_its_title_and_body_text() -> None:
    from fairstats.input.drafthtml import page_text

    assert page_text(PAGE).splitlines() == [
        "第二届进博会累计意向成交711.3亿美元",
        GROWTH,
        "第二届进博会共181个国家、地区和国际组织参会 。",
    ]


def test_an_html_page_drafts_from_its_text() -> None:
    document = loaded(PAGE)
    assert document["sources"][0]["title"] == "第二届进博会累计意向成交711.3亿美元"
    assert [n for _, n, _, _ in printed(document)] == [
        Decimal("711.3"),
        Decimal("711.3"),
        181,
        23,
    ]


@needs_texts
@pytest.mark.parametrize("name", draft_metrics.NAMES)
def test_each_release_text_drafts_to_a_file_that_loads(name: str) -> None:
    loaded((draft_metrics.TEXTS / f"{name}.txt").read_text("utf-8"))


@needs_texts
@pytest.mark.parametrize("name", draft_metrics.NAMES)
def test_a_draft_checks_consistent_where_its_release_does(name: str, tmp_path: Path) -> None:
    """The guesses must not make a consistent release look inconsistent; ciie-2021-reuters
    prints 70.72 bn in its headline and 70.62 bn in its body, which check finds either way."""
    file = tmp_path / f"{name}.json"
    text = (draft_metrics.TEXTS / f"{name}.txt").read_text("utf-8")
    file.write_text(version_2_text(draft(text), ""), "utf-8")
    drafted = run("check", "-d", str(file), "-f", "csv")
    written = run("check", "-d", str(draft_metrics.RELEASES / f"{name}.json"), "-f", "csv")
    expected = 1 if name == "ciie-2021-reuters" else 0
    assert (drafted.exit_code, written.exit_code) == (expected, expected)


@needs_texts
def test_the_drafts_come_close_to_the_written_down_releases() -> None:
    rows = [draft_metrics.measure(name) for name in draft_metrics.NAMES]
    printed_numbers = sum(row.printed for row in rows)
    found = sum(row.found for row in rows)
    stated = sum(row.stated for row in rows)
    proposed = sum(row.proposed for row in rows)
    assert printed_numbers > 100  # the comparison saw the releases' numbers
    assert found >= 0.9 * printed_numbers
    assert sum(row.wrong for row in rows) == 0
    assert proposed >= 0.6 * stated
