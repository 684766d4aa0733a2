"""How close `draft` comes to the written-down releases: the figures of issue 15's "Done when".

Each of the ten texts is drafted and compared with data/releases/<name>.json, counting only the
numbers of the file's first source (the text's) whose digits appear in the text:
- found: the draft has a statement printed at one of the number's places in the text with the
  same value times its multiplier, the same unit (a currency, a percent, a count) and the same
  qualifier;
- wrong: the draft has a statement at one of its places with another value;
- relations: each share, growth and average, and each breakdown into parts, is proposed when
  the draft has a relation of that type (a breakdown, for parts) at one of its places.

`python -m tests.draft_metrics` prints the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from fairstats.input import jsonfile
from fairstats.input.catalogue import SCALES
from fairstats.input.drafting import draft
from fairstats.model.record import Record

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "releases" / "texts"
RELEASES = ROOT / "data" / "releases"
# The releases with a text: one file per release (the `--publisher` copies are other sources).
NAMES = (
    "cifit-2021-fujian",
    "cifit-2024-fujian",
    "cifit-2025-fujian",
    "ciie-2018",
    "ciie-2019",
    "ciie-2020",
    "ciie-2021-reuters",
    "ciie-2021",
    "wmc-2018-closing",
    "wmc-2019",
)
_WHERE = re.compile(r"characters (\d+)-(\d+)")
_PERCENT_TYPES = ("share", "growth")


class Number(Record):
    """A printed number as a statement holds it: its value in units of one, its unit (a
    currency, "%", "" for a count, "other") and its qualifier."""

    amount: Decimal
    unit: str
    qualifier: str


class Row(Record):
    name: str
    printed: int
    found: int
    wrong: int
    stated: int
    proposed: int


def measure(name: str, texts: Path = TEXTS) -> Row:
    text = (texts / f"{name}.txt").read_text("utf-8")
    dataset = jsonfile.load(str(RELEASES / f"{name}.json"))
    return compare(name, text, dataset, draft(text))


def compare(name: str, text: str, dataset: dict[str, Any], drafted: dict[str, Any]) -> Row:
    """How close a draft of a text comes to its reviewed dataset."""
    places = _Places(text)
    statements = list(_drafted(drafted))
    printed = found = wrong = stated = proposed = 0
    for kind, number, digits in _written(dataset):
        spans = places.of(digits)
        if not spans:
            continue  # past the cut of a truncated copy, or printed in words
        at = [(k, n) for k, n, s in statements if any(_overlap(s, span) for span in spans)]
        printed += 1
        found += any(n == number for _, n in at)
        wrong += bool(at) and all(n.amount != number.amount for _, n in at)
        if kind in ("share", "growth", "average"):
            stated += 1
            proposed += any(k == kind for k, _ in at)
    for categories in _breakdowns(dataset):
        spans = [span for digits in categories for span in places.of(digits)]
        if spans:
            stated += 1
            parts = _drafted_parts(drafted)
            proposed += any(any(_overlap(s, span) for span in spans) for s in parts)
    return Row(name, printed, found, wrong, stated, proposed)


class _Places:
    """Where a number's digits are printed in a text, thousands separators or not; the
    header line after the title (publisher, date, address) holds no figure."""

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        if len(lines) > 1 and lines[1].startswith("#"):
            lines[1] = " " * len(lines[1])
        plain = "\n".join(lines)
        self.origin = [i for i, c in enumerate(plain) if not _separator(plain, i)]
        self.origin.append(len(plain))
        self.plain = "".join(c for i, c in enumerate(plain) if not _separator(plain, i))

    def of(self, digits: str) -> list[tuple[int, int]]:
        pattern = rf"(?<![\d.]){re.escape(digits)}(?![\d]|\.\d)"
        return [
            (self.origin[m.start()], self.origin[m.end()]) for m in re.finditer(pattern, self.plain)
        ]


def _separator(text: str, index: int) -> bool:
    return (
        text[index] in ",，"
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    return one[0] < other[1] and other[0] < one[1]


def _digits(value: Decimal | int) -> str:
    return str(abs(Decimal(value)))


def _written(dataset: dict[str, Any]) -> Iterator[tuple[str, Number, str]]:
    """Each number of the first source's statements: its kind, as a `Number`, and its digits."""
    measures = {m["id"]: m for m in dataset["measures"]}
    first = dataset["sources"][0]["id"]
    for figure in dataset.get("figures") or []:
        if figure.get("source", first) != first or "value" not in figure:
            continue
        measure = measures[figure["measure"]]
        yield "figure", _number(figure, "value", measure), _digits(figure["value"])
    for relation in dataset.get("relations") or []:
        kind = relation["type"]
        if relation.get("source", first) != first:
            continue
        if kind in _PERCENT_TYPES and "percent" in relation:
            percent = Number(
                abs(Decimal(relation["percent"])), "%", relation.get("qualifier", "exact")
            )
            yield kind, percent, _digits(relation["percent"])
        elif kind == "average":
            measure = measures[relation["amount"]]
            yield kind, _number(relation, "value", measure), _digits(relation["value"])


def _number(entry: dict[str, Any], key: str, measure: dict[str, Any]) -> Number:
    scale = SCALES[entry.get("scale", measure.get("scale", "one"))]
    kind = measure["kind"]
    unit = entry.get("unit", measure.get("unit", "")) if kind == "amount" else ""
    return Number(
        abs(Decimal(entry[key])).scaleb(scale),
        "other" if kind == "other" else unit,
        entry.get("qualifier", "exact"),
    )


def _breakdowns(dataset: dict[str, Any]) -> Iterator[list[str]]:
    """The digits of each breakdown's category figures (the first source's)."""
    first = dataset["sources"][0]["id"]
    for dimension in dataset.get("dimensions") or []:
        categories = {c["id"] for c in dimension["categories"]}
        yield [
            _digits(f["value"])
            for f in dataset.get("figures") or []
            if f["scope"] in categories and "value" in f and f.get("source", first) == first
        ]


def _drafted(document: dict[str, Any]) -> Iterator[tuple[str, Number, tuple[int, int]]]:
    measures = {m["id"]: m for m in document["measures"]}
    for figure in document.get("figures") or []:
        yield "figure", _number(figure, "value", measures[figure["measure"]]), _span(figure)
    for relation in document.get("relations") or []:
        kind = relation["type"]
        if kind in _PERCENT_TYPES:
            percent = Number(
                abs(Decimal(relation["percent"])), "%", relation.get("qualifier", "exact")
            )
            yield kind, percent, _span(relation)
        elif kind == "average":
            amount = _number(relation, "value", measures[relation["amount"]])
            yield kind, amount, _span(relation)


def _drafted_parts(document: dict[str, Any]) -> list[tuple[int, int]]:
    """Where the figures of the draft's breakdowns' categories are printed."""
    categories = {c["id"] for d in document.get("dimensions") or [] for c in d["categories"]}
    return [_span(f) for f in document.get("figures") or [] if f["scope"] in categories]


def _span(entry: dict[str, Any]) -> tuple[int, int]:
    match = _WHERE.search(entry["where"])
    assert match is not None
    return int(match.group(1)), int(match.group(2))


HEADERS = ["release", "numbers in text", "found right", "wrong", "relations", "proposed"]


def table(rows: list[Row]) -> str:
    from tabulate import tabulate

    return tabulate([cells(row) for row in [*rows, total(rows)]], HEADERS, tablefmt="github")


def total(rows: list[Row]) -> Row:
    return Row("total", *(sum(getattr(row, field) for row in rows) for field in Row._fields[1:]))


def cells(row: Row) -> list[object]:
    return [
        row.name,
        row.printed,
        f"{row.found} ({_percent(row.found, row.printed)})",
        row.wrong,
        row.stated,
        f"{row.proposed} ({_percent(row.proposed, row.stated)})",
    ]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def main() -> None:
    print(table([measure(name) for name in NAMES]))


if __name__ == "__main__":
    main()
