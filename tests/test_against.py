"""The text as the authority (issue 15, part 3): a source names its text, and `check` compares
the dataset with it. Every printed number must be the text's (at its `where`), every number of
the text printed by a statement or left out on purpose; a digit changed while transcribing is
caught, in any figure of the ten release texts."""

from __future__ import annotations

import copy
import json
import random
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.engine.against import (
    LEFT_OUT,
    PRINTED_IN_TEXT,
    TEXT_NUMBER,
    against_texts,
    printed_number,
)
from fairstats.input.dataset import load_release, problems_of
from fairstats.input.sourcetext import numbers_in, read_text
from fairstats.model.release import Rank, RecordClaim
from tests import draft_metrics
from tests.conftest import RELEASES
from tests.helpers import json_rows, run

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "docs" / "ciie-2019-excerpt.txt"
# each release's sources with a text of their own, and the numbers each leaves out, with why
TEXT_SOURCES = json.loads((ROOT / "tests" / "data" / "text_sources.json").read_text("utf-8"))
needs_texts = pytest.mark.skipif(
    not draft_metrics.TEXTS.is_dir(),
    reason=f"the release texts are not here ({draft_metrics.TEXTS}); they are not committed",
)
# Two sentences of Xinhua's report on WMC 2019 (texts/wmc-2019--xinhua.txt)
WMC = (
    "The World Manufacturing Convention 2019 brought together more than 4,500 representatives "
    "from over 78 countries and regions. More than 2,000 products from over 800 companies "
    "were exhibited.\n"
)


def dataset(text: str | None, *figures: dict[str, Any], **source: Any) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "fair": {"id": "wmc", "name": "WMC", "year": 2019},
        "sources": [{"id": "xinhua", "publisher": "Xinhua", "text": text, **source}],
        "measures": [{"id": "people", "name": "representatives", "kind": "count"}],
        "scopes": [{"id": "wmc", "name": "WMC"}],
        "figures": list(figures),
    }


def figure(value: int, where: str | None = None) -> dict[str, Any]:
    return {"scope": "wmc", "measure": "people", "value": value, "qualifier": "more_than"} | (
        {"where": where} if where else {}
    )


def written(folder: Path, document: dict[str, Any], text: str = WMC, name: str = "wmc.txt") -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    path = folder / "wmc.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def section(path: Path) -> list[dict[str, Any]]:
    """The rows of check's section "Against the text" (json output)."""
    result = run("check", "-d", path, "-f", "json")
    return [row for row in json_rows(result.stdout) if row["rule"] in RULES]


RULES = (PRINTED_IN_TEXT, TEXT_NUMBER, LEFT_OUT)
LEFT_OUT_REST = [
    {"text": "78", "reason": "countries, not recorded"},
    {"text": "800", "reason": "companies, not recorded"},
]


def test_a_figure_printed_in_the_text_is_consistent_and_the_rest_is_listed(
    tmp_path: Path,
) -> None:
    rows = section(written(tmp_path, dataset("wmc.txt", figure(4500))))
    assert [(r["rule"], r["verdict"]) for r in rows] == [
        (PRINTED_IN_TEXT, "consistent"),
        *[(TEXT_NUMBER, "not_testable")] * 2,  # 2,000 reads as a year, as draft reads it
    ]
    assert rows[0]["detail"] == "wmc.txt prints 4,500 at characters 67-72"
    assert [r["check"] for r in rows[1:]] == [
        "wmc.txt: 78 (characters 99-101)",
        "wmc.txt: 800 (characters 160-163)",
    ]
    assert {r["source"] for r in rows} == {"xinhua"}
    assert rows[1]["place"] == "$.sources[0].text"


def test_csv_has_the_same_columns_with_a_text_or_without(tmp_path: Path) -> None:
    with_text = run("check", "-d", written(tmp_path, dataset("wmc.txt", figure(4500))), "-f", "csv")
    without = run("check", "-d", written(tmp_path, dataset(None, figure(4500))), "-f", "csv")
    assert with_text.stdout.splitlines()[0] == without.stdout.splitlines()[0]
    assert len(with_text.stdout.splitlines()) > len(without.stdout.splitlines())


def test_numbers_left_out_on_purpose_are_not_listed(tmp_path: Path) -> None:
    path = written(tmp_path, dataset("wmc.txt", figure(4500), left_out=LEFT_OUT_REST))
    assert [r["verdict"] for r in section(path)] == ["consistent"]
    assert run("check", "-d", path).exit_code == 0


def test_a_changed_digit_is_inconsistent_and_check_exits_1(tmp_path: Path) -> None:
    path = written(tmp_path, dataset("wmc.txt", figure(4600), left_out=LEFT_OUT_REST))
    result = run("check", "-d", path, "-f", "json")
    assert result.exit_code == 1
    (row,) = [r for r in json_rows(result.stdout) if r["rule"] == PRINTED_IN_TEXT]
    assert row["verdict"] == "inconsistent"
    assert row["detail"] == "wmc.txt prints no such number"
    assert row["place"] == "$.figures[0]"


def test_a_number_printed_elsewhere_than_its_where_is_inconsistent(tmp_path: Path) -> None:
    # 800 is printed, but at characters 160-163; the where names 4,500's place
    document = dataset("wmc.txt", figure(800, "body, characters 67-72"), left_out=LEFT_OUT_REST)
    row, unused = section(written(tmp_path, document))
    assert unused["rule"] == TEXT_NUMBER  # 4,500: no statement is printed there
    assert (row["verdict"], row["detail"]) == (
        "inconsistent",
        "wmc.txt prints it at characters 160-163, not where the statement says "
        "(body, characters 67-72)",
    )


def test_a_number_printed_nowhere_names_what_its_where_prints(tmp_path: Path) -> None:
    document = dataset("wmc.txt", figure(4600, "body, characters 67-72"), left_out=LEFT_OUT_REST)
    rows = section(written(tmp_path, document))
    assert [(r["verdict"], r["detail"]) for r in rows] == [
        ("inconsistent", "wmc.txt prints 4,500 there, not this number"),
        (
            "not_testable",
            "wmc.txt prints 4,500 at characters 67-72: no statement prints it, "
            "and it is not listed as left out",
        ),
    ]


def test_a_number_at_its_where_is_consistent_and_elsewhere_is_not(tmp_path: Path) -> None:
    text = "More than 800 people came. Over 800 firms came.\n"
    at_first = dataset("wmc.txt", figure(800, "body, characters 10-13"))
    assert [r["verdict"] for r in section(written(tmp_path, at_first, text))] == [
        "consistent",
        "not_testable",  # the second 800: no statement is printed there
    ]
    nowhere = dataset("wmc.txt", figure(800, "body, characters 0-4"))
    (row, *_) = section(written(tmp_path, nowhere, text))
    assert row["verdict"] == "inconsistent"
    assert row["detail"] == (
        "wmc.txt prints it at characters 10-13, not where the statement says (body, characters 0-4)"
    )


def test_a_left_out_number_the_text_does_not_print_is_listed(tmp_path: Path) -> None:
    left_out = [*LEFT_OUT_REST, {"text": "4,700", "reason": "a typo of the reason's"}]
    rows = section(written(tmp_path, dataset("wmc.txt", figure(4500), left_out=left_out)))
    assert [(r["rule"], r["verdict"], r["place"]) for r in rows] == [
        (PRINTED_IN_TEXT, "consistent", "$.figures[0]"),
        (LEFT_OUT, "not_testable", "$.sources[0].left_out[2]"),
    ]
    assert rows[1]["check"] == "wmc.txt: 4,700, left out"
    assert rows[1]["detail"] == (
        "listed as left out (a typo of the reason's), but wmc.txt does not print it"
    )


def test_a_left_out_number_with_a_where_leaves_out_that_printing_alone(tmp_path: Path) -> None:
    text = "More than 800 people came. Over 800 firms came.\n"
    left_out = [{"text": "800", "where": "body, characters 32-35", "reason": "firms"}]
    document = dataset("wmc.txt", figure(4500), left_out=left_out)
    checks = against_texts(load_release(str(written(tmp_path, document, text))))
    assert [(c.rule, c.found.number.start if c.found else None) for c in checks] == [
        (PRINTED_IN_TEXT, None),
        (TEXT_NUMBER, 10),
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (
            {"text": "absent.txt"},
            '$.sources[0].text: the text "absent.txt" cannot be read: no such file',
        ),
        (
            {"text": None, "left_out": LEFT_OUT_REST},
            '$.sources[0].left_out: numbers are left out of a text: name it in "text"',
        ),
        (
            {"text": "wmc.txt", "left_out": [{"text": "many", "reason": "r"}]},
            "$.sources[0].left_out[0].text: expected one number as the text prints it",
        ),
    ],
)
def test_a_text_that_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, source: dict[str, Any], problem: str
) -> None:
    path = written(
        tmp_path, dataset(None, figure(4500)) | {"sources": [{"id": "x", "title": "t", **source}]}
    )
    for command in ("check", "validate"):
        result = run(command, "-d", path) if command == "check" else run(command, path)
        assert result.exit_code == 2
    result = run("check", "-d", path)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"fairstats: {path}: {problem}")
    assert problems_of(str(path))[0].json_path == problem.split(":", maxsplit=1)[0]


def test_a_text_is_read_relative_to_its_dataset_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    written(folder, dataset("wmc.txt", figure(4500), left_out=LEFT_OUT_REST))
    monkeypatch.chdir(tmp_path)  # where no wmc.txt is
    assert run("check", "-d", "data/wmc.json").exit_code == 0


def test_an_html_page_is_read_as_its_text(tmp_path: Path) -> None:
    page = "<!doctype html><html><head><title>WMC</title></head><body><p>{}</p></body></html>"
    document = dataset("wmc.txt", figure(4500), left_out=LEFT_OUT_REST)
    rows = section(written(tmp_path, document, page.format(WMC.strip())))
    assert [r["verdict"] for r in rows] == ["consistent"]


def test_draft_names_its_text_relative_to_the_file_it_writes(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    output = tmp_path / "out" / "draft.json"
    assert run("draft", EXCERPT, "-o", output).exit_code == 0
    source = json.loads(output.read_text("utf-8"))["sources"][0]
    assert (output.parent / source["text"]).resolve() == EXCERPT
    on_stdout = json.loads(run("draft", EXCERPT).stdout)["sources"][0]
    assert on_stdout["text"] == str(EXCERPT)
    from_stdin = json.loads(run("draft", "-", input=WMC).stdout)["sources"][0]
    assert "text" not in from_stdin


def test_a_draft_checks_against_its_text_and_catches_a_digit_changed_by_hand(
    tmp_path: Path,
) -> None:
    output = tmp_path / "draft.json"
    run("draft", EXCERPT, "-o", output)
    rows = section(output)
    assert rows
    assert {r["verdict"] for r in rows} == {"consistent"}
    document = json.loads(output.read_text("utf-8"), parse_float=Decimal)
    assert document["figures"][2]["value"] == 181  # countries: printed once, no relation
    document["figures"][2]["value"] = 131
    output.write_text(json.dumps(document, default=float, ensure_ascii=False), "utf-8")
    result = run("check", "-d", output, "-f", "json")
    assert result.exit_code == 1
    caught = [r for r in json_rows(result.stdout) if r["verdict"] == "inconsistent"]
    assert [(r["rule"], r["place"]) for r in caught] == [(PRINTED_IN_TEXT, "$.figures[2]")]


# The ten releases, each source pointed at its text ----------------------------------------


def with_texts(name: str, folder: Path) -> Path:
    """A copy of a release's file whose sources name their texts (copied beside it) and the
    numbers they leave out."""
    document = json.loads((draft_metrics.RELEASES / f"{name}.json").read_text("utf-8"))
    for source in document["sources"]:
        given = TEXT_SOURCES[name].get(source["id"], {"text": f"{name}.txt"})
        source.update(given)
        shutil.copy(draft_metrics.TEXTS / given["text"], folder / given["text"])
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@needs_texts
@pytest.mark.parametrize("name", draft_metrics.NAMES)
def test_each_release_agrees_with_its_texts(tmp_path: Path, name: str) -> None:
    checks = against_texts(load_release(str(with_texts(name, tmp_path))))
    assert [c.detail for c in checks if c.verdict != "consistent"] == []
    assert checks


def changed_digit(value: Decimal, rng: random.Random) -> Decimal:
    """The value with one of its digits replaced by another (never a leading zero)."""
    digits = str(value)
    places = [i for i, c in enumerate(digits) if c.isdigit()]
    place = rng.choice(places)
    choices = [d for d in "0123456789" if d != digits[place] and (d != "0" or place != 0)]
    return Decimal(digits[:place] + rng.choice(choices) + digits[place + 1 :])


TRIES_PER_NUMBER = 5


def numbers_to_change(document: dict[str, Any]) -> list[tuple[str, int, str]]:
    """Where each statement prints a number: its list, its index and its key (a growth of
    "more than 0%", which prints none, aside)."""
    found = []
    for kind in ("figures", "relations"):
        for index, entry in enumerate(document.get(kind, [])):
            key = "percent" if "percent" in entry else "value"
            if entry.get(key) is not None and not (entry[key] == 0 and "qualifier" in entry):
                found.append((kind, index, key))
    return found


@needs_texts
@pytest.mark.parametrize("name", draft_metrics.NAMES)
def test_a_digit_changed_in_any_figure_is_caught(tmp_path: Path, name: str) -> None:
    """Each figure's value and each relation's number, a digit changed at random (seeded,
    five times each), with each statement's `where` naming where the text prints it, as a
    draft's does: a changed value that the text prints elsewhere is caught too."""
    located = located_copy(with_texts(name, tmp_path))
    document = json.loads(located.read_text("utf-8"), parse_float=Decimal)
    rng = random.Random(f"{name}-digits")
    places = numbers_to_change(document)
    assert places
    for kind, index, key in places:
        for _ in range(TRIES_PER_NUMBER):
            changed = copy.deepcopy(document)
            value = changed_digit(Decimal(str(document[kind][index][key])), rng)
            changed[kind][index][key] = int(value) if value == int(value) else value
            located.write_text(json.dumps(changed, default=float, ensure_ascii=False), "utf-8")
            verdicts = {c.place: c.verdict for c in against_texts(load_release(str(located)))}
            assert verdicts[f"$.{kind}[{index}]"] == "inconsistent", (kind, index, value)


def located_copy(path: Path) -> Path:
    """The file with each statement's `where` naming the characters the text prints it at."""
    document = json.loads(path.read_text("utf-8"))
    for check in against_texts(load_release(str(path))):
        if check.rule != PRINTED_IN_TEXT or check.found is None:
            continue
        kind, _, index = check.place[2:].partition("[")
        entry = document[kind][int(index.rstrip("]"))]
        number = check.found.number
        entry["where"] = f"{entry.get('where') or 'body'}, characters {number.start}-{number.end}"
    located = path.with_name(f"located-{path.name}")
    located.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return located


# From ciie-2021.txt (China News Service, a reprint with pinyin after the characters)
REPRINT = "世界500強(qiáng)及行業(yè)龍頭企業(yè)數(shù)量達(dá)281家,其中近40家為首次亮相"


def test_numbers_are_placed_in_the_text_as_given_past_a_reprints_pinyin() -> None:
    printings = numbers_in(REPRINT)
    # (世界500强 is a ranking's name, no number)
    assert [(p.text, p.number.qualifier) for p in printings] == [
        ("281", "exact"),
        ("40", "nearly"),
    ]
    assert [REPRINT[p.number.start : p.number.end] for p in printings] == ["281", "40"]


@needs_texts
@pytest.mark.parametrize("name", sorted(p.name for p in draft_metrics.TEXTS.glob("*.txt")))
def test_each_number_of_a_text_is_where_its_characters_say(name: str) -> None:
    text = read_text(str(draft_metrics.TEXTS / name))
    printings = numbers_in(text)
    assert printings
    for printing in printings:
        printed = text[printing.number.start : printing.number.end]
        assert " ".join(printed.split()).rstrip(",，") == printing.text


def test_with_scope_the_section_keeps_the_scopes_statements_alone(tmp_path: Path) -> None:
    document = dataset("wmc.txt", figure(4500))
    document["scopes"].append({"id": "hall", "name": "Hall", "within": "wmc"})
    document["figures"].append(figure(800) | {"scope": "hall"})
    path = written(tmp_path, document)
    assert [r["place"] for r in section(path)] == [
        "$.figures[0]",
        "$.figures[1]",
        "$.sources[0].text",
    ]
    result = run("check", "-d", path, "--scope", "hall", "-f", "json")
    places = [r["place"] for r in json_rows(result.stdout) if r["rule"] in RULES]
    assert places == ["$.figures[1]"]


def test_records_and_ranks_print_no_number_to_look_for() -> None:
    """ "创历史新高" and "first in" state an order, not a number: nothing of the text to match."""
    release = load_release(str(RELEASES / "caexpo-2023.json"))
    orders = [r for r in release.relations if isinstance(r, (RecordClaim, Rank))]
    assert orders
    assert [printed_number(order) for order in orders] == [None] * len(orders)


# A release of our own making, quoting no one: every kind of statement that prints a number,
# and two that print none ("连续三届实现增长" is growth as words, "创历史新高" an order).
EVERY_KIND = (
    "本届签约项目100个,总投资500亿元,比上届增长25%,平均每个项目5亿元,其中制造业占40%。"
    "连续三届实现增长,创历史新高。\n"
)


def test_every_kind_of_statement_is_looked_for_as_it_prints_its_number(tmp_path: Path) -> None:
    investment = {"scope": "fair", "measure": "investment"}
    document = {
        "schema_version": 2,
        "fair": {"id": "fair", "name": "Fair", "year": 2024},
        "sources": [{"id": "own", "publisher": "us", "text": "fair.txt"}],
        "measures": [
            {"id": "projects", "name": "projects", "kind": "count"},
            {"id": "investment", "name": "investment", "kind": "amount", "unit": "CNY",
             "scale": "yi", "per": "projects"},
        ],
        "scopes": [
            {"id": "fair", "name": "Fair"},
            {"id": "making", "name": "manufacturing", "within": "fair"},
        ],
        "figures": [
            {"scope": "fair", "measure": "projects", "value": 100},
            investment | {"value": 500},
        ],
        "relations": [
            {"type": "growth", "of": investment, "percent": 25},
            {"type": "average", "scope": "fair", "amount": "investment", "count": "projects",
             "value": 5},
            {"type": "share", "part": {"scope": "making", "measure": "investment"},
             "whole": investment, "percent": 40},
            {"type": "growth", "of": investment, "percent": 0, "qualifier": "more_than"},
            {"type": "record", "of": investment},
        ],
    }  # fmt: skip
    rows = section(written(tmp_path, document, EVERY_KIND, "fair.txt"))
    printed = [row for row in rows if row["rule"] == PRINTED_IN_TEXT]
    assert [(row["place"], row["verdict"]) for row in printed] == [
        ("$.figures[0]", "consistent"),
        ("$.figures[1]", "consistent"),
        ("$.relations[0]", "consistent"),
        ("$.relations[1]", "consistent"),
        ("$.relations[2]", "consistent"),
    ]
