"""Renderer pieces that stand on their own."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairstats.model.intervals import Interval
from fairstats.model.results import (
    PERCENT,
    VALUE_COLUMN,
    Basis,
    Column,
    Kind,
    Quantity,
    Report,
    Section,
    Unit,
)
from fairstats.output.cells import RenderOptions
from fairstats.output.machine import delimited_field
from fairstats.output.render import render
from tests.conftest import RELEASES
from tests.helpers import csv_rows, json_rows, run

# Python 3.10's csv reader refuses a NUL ("line contains NUL") that 3.11's reads back; the
# writer is the same on both, so 3.10 tests every other character.
FIELD = (
    st.text(max_size=12).filter(lambda field: "\x00" not in field)
    if sys.version_info < (3, 11)
    else st.text(max_size=12)
)


@given(st.lists(st.lists(FIELD, min_size=1, max_size=5), min_size=1, max_size=5))
def test_delimited_fields_read_back_with_the_csv_module(rows: list[list[str]]) -> None:
    for delimiter in (",", "\t"):
        width = max(len(row) for row in rows)
        padded = [row + [""] * (width - len(row)) for row in rows]
        text = "".join(
            delimiter.join(delimited_field(field, delimiter) for field in row) + "\n"
            for row in padded
        )
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        assert [row if row else [""] for row in reader] == padded


# A quantity cell spreads into value, unit (a code), unit_mult (a power of ten), basis, low
# and high in the machine formats.

AMOUNT = Quantity(
    Decimal("241.537"),
    Kind.AMOUNT,
    Basis.IMPLIED,
    Unit("CNY", 9),
    Interval(Decimal("241.5365"), Decimal("241.5375")),
)
SHARE = Quantity(
    Decimal("42.4"), Kind.PERCENT, Basis.REPORTED, PERCENT, Interval.at_least(Decimal("42.35"))
)
HEADER = [
    "release", "section", "subject", "value", "unit", "unit_mult", "basis", "low", "high",
    "qualifier", "text",
]  # fmt: skip


def _machine(fmt: str, unit: str | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"subject": "amount", "value": AMOUNT},
        {"subject": "share", "value": SHARE},
        {"subject": "words", "value": "thousands"},
    ]
    report = Report(
        "Test",
        (Column("subject", "Subject"), VALUE_COLUMN),
        [Section("Dalian", release="fair2022", rows=rows)],
    )
    stream = io.StringIO()
    render(report, RenderOptions(fmt, unit=unit), stream)
    text = stream.getvalue()
    if fmt == "json":
        assert json.loads(text)["columns"] == HEADER
        return json_rows(text)
    assert text.splitlines()[0].split("\t" if fmt == "tsv" else ",") == HEADER
    return csv_rows(text, delimiter="\t" if fmt == "tsv" else ",")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_quantity_columns(fmt: str) -> None:
    amount, share, words = _machine(fmt)
    assert amount == {
        "release": "fair2022", "section": "Dalian", "subject": "amount", "value": "241.537",
        "unit": "CNY", "unit_mult": "9", "basis": "implied", "low": "241.5365", "high": "241.5375",
        "qualifier": "", "text": "",
    }  # fmt: skip
    # an unbounded end is empty; a percent is in % with no multiplier
    assert [share[key] for key in HEADER[3:]] == [
        "42.4", "%", "0", "reported", "42.35", "", "", "",
    ]  # fmt: skip
    # a text cell of the value column goes to `text`: `value` holds numbers only
    assert [words[key] for key in HEADER[3:]] == ["", "", "", "", "", "", "", "thousands"]


def test_json_quantity_columns_are_numbers_or_null() -> None:
    amount, share, words = _machine("json")
    assert [amount[key] for key in HEADER[3:]] == [
        241.537, "CNY", 9, "implied", 241.5365, 241.5375, None, None,
    ]  # fmt: skip
    assert [share[key] for key in HEADER[3:]] == [
        42.4, "%", 0, "reported", 42.35, None, None, None,
    ]  # fmt: skip
    assert [words[key] for key in HEADER[3:]] == [
        None, None, None, None, None, None, None, "thousands",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "value", "unit_mult", "low", "high"),
    [
        ("billion", "241.537", "9", "241.5365", "241.5375"),
        ("yi", "2415.37", "8", "2415.365", "2415.375"),
        ("thousand", "241537000", "3", "241536500", "241537500"),
        ("yuan", "241537000000", "0", "241536500000", "241537500000"),
    ],
)
def test_unit_moves_amounts_exactly_and_leaves_percent(
    unit: str, value: str, unit_mult: str, low: str, high: str
) -> None:
    amount, share, _ = _machine("csv", unit)
    assert [amount[key] for key in HEADER[3:9]] == [value, "CNY", unit_mult, "implied", low, high]
    assert (share["value"], share["unit"], share["unit_mult"]) == ("42.4", "%", "0")


def test_implied_figures_have_their_unit_and_unmistakable_intervals() -> None:
    """An implied figure shows its unit, and an interval's ends are apart by a semicolon, so
    that no thousands separator inside them reads as the interval's own separator."""
    result = run("check", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    implied = result.stdout.split("## Implied figures\n\n")[1].split("\n\n")[0]
    detail = "| no figure is printed; the statements about it allow this |"
    assert implied.splitlines()[2:] == [
        "| Liaoning investment, Liao Fair 2022                  | CNY billion |    569.663 "
        f"| [568.990; 570.337] {detail}",
        "| Dalian projects, Liao Fair 2021                      |             |         18 "
        f"|           [18; 18] {detail}",
        "| Dalian investment, Liao Fair 2021                    | CNY billion |    104.471 "
        f"| [104.448; 104.494] {detail}",
        "| Liaoning excluding Dalian investment, Liao Fair 2022 | CNY billion |    328.126 "
        f"| [327.454; 328.799] {detail}",
    ]
    # a sentence names the unit of the figure it implies: not the row's (a percentage here)
    assert (
        "| not testable | nothing else gives Liaoning investment; it implies 569.663 "
        "[568.990; 570.337] CNY billion "
    ) in result.stdout


def test_thousands_separators_never_share_an_interval_separator() -> None:
    result = run("check", "-d", RELEASES / "cifit-2024-fujian.json", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "| more than 1,100 | CNY yi (10^8) |    1,100.4 | [1,100.35; 1,100.45] |" in (
        result.stdout
    )


# A `when_several` column (a row's source) is shown by table and markdown only for a release
# whose rows hold more than one distinct value in it, and then in all of that release's
# sections, so that every row of it is traced; empty cells are no value.

SEVERAL = Report(
    "Test",
    (Column("figure", "Figure"), Column("source", "Source", when_several=True)),
    [
        Section("Dalian", "two-sources", [{"figure": "79", "source": "a"}, {"figure": "79"}]),
        Section("Shenyang", "two-sources", [{"figure": "12", "source": "b"}]),
        Section("Dalian", "one-source", [{"figure": "79", "source": "a"}, {"figure": "3"}]),
        Section("Across", "", [{"figure": "5"}, {"figure": "6", "source": ""}]),
    ],
)


def _rendered(report: Report, fmt: str) -> str:
    stream = io.StringIO()
    render(report, RenderOptions(fmt, color="never"), stream)
    return stream.getvalue()


def _shown_headers(fmt: str) -> dict[str, list[str]]:
    """Each section's title and the headers shown under it."""
    lines = _rendered(SEVERAL, fmt).splitlines()
    # a table's header follows its title; markdown's heading has a blank line after it
    after = {"table": 1, "markdown": 2}[fmt]
    shown = {}
    for section in SEVERAL.sections:
        title = f"{section.release}: {section.title}" if section.release else section.title
        at = lines.index(title if fmt == "table" else f"## {title}")
        shown[title] = lines[at + after].replace("|", " ").split()
    return shown


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_when_several_column_is_shown_for_a_release_with_several_values(fmt: str) -> None:
    assert _shown_headers(fmt) == {
        "two-sources: Dalian": ["Figure", "Source"],
        "two-sources: Shenyang": ["Figure", "Source"],  # one value here, but two in its release
        "one-source: Dalian": ["Figure"],
        "Across": ["Figure"],
    }


def test_a_when_several_column_is_always_in_the_machine_formats() -> None:
    rows = csv_rows(_rendered(SEVERAL, "csv"))
    assert [row["source"] for row in rows] == ["a", "", "b", "a", "", "", ""]
