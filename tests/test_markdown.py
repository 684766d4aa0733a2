"""The markdown format: text escaped just enough to read as itself, and tables that line up in
the source, Chinese included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from fairstats.output.markdown import heading, inline, paragraph
from fairstats.output.tabulated import lay_out
from tests.conftest import RELEASES
from tests.helpers import markdown_texts, run

# Text rich in what markdown reads as markup, with letters, digits, spaces and Chinese.
MARKUP = "\\`*_{}[]()<>#+-=.!|~&;:/ "
TEXT = st.text(alphabet=st.sampled_from([*MARKUP, "a", "b", "1", "x", "中", "é"]), max_size=16)


@given(TEXT)
def test_a_cell_reads_as_itself(text: str) -> None:
    table = lay_out("pipe", ["A", "B"], [[inline(text), "1"]], [False, True])
    assert markdown_texts(table)[2] == ("td", text.strip(" "))


@given(TEXT.filter(lambda text: text.strip(" ")))
def test_a_paragraph_reads_as_itself(text: str) -> None:
    assert markdown_texts(f"# title\n\n{paragraph(text)}\n") == [
        ("h1", "title"),
        ("p", text.strip(" ")),
    ]


@given(TEXT)
def test_a_heading_reads_as_itself(text: str) -> None:
    assert markdown_texts(f"## {heading(text)}\n") == [("h2", text.strip(" "))]


@pytest.mark.parametrize(
    "text",
    [
        "not_testable",
        "[241.5315, 241.5325]",
        "(240, ∞)",
        "79 / (1 + 338.9%)",
        "中新社 (China News Service), Xiamen",
        "a - b = c",
        "C# and 1.5",
        "\\u202e",
    ],
)
def test_text_that_is_no_markup_is_left_as_it_is(text: str) -> None:
    assert inline(text) == paragraph(text) == heading(text) == text


def test_markup_is_escaped_where_it_would_be_markup() -> None:
    assert inline("a*b* _c_ `d` ~e~ [f](g) <h> &amp; x|y \\*") == (
        "a\\*b\\* \\_c\\_ \\`d\\` \\~e\\~ [f\\](g) &lt;h> &amp;amp; x\\|y \\\\\\*"
    )
    assert paragraph("1. first") == "1\\. first"
    assert paragraph("2) second") == "2\\) second"
    assert paragraph("+ more") == "\\+ more"
    assert paragraph("  - item") == "\\- item"  # up to three spaces would still make a list
    assert heading("Dalian #") == "Dalian \\#"
    assert heading("Dalian # ") == "Dalian \\# "


def test_tables_with_chinese_names_line_up_in_the_source() -> None:
    result = run("breakdown", "-d", RELEASES / "cifit-2024-fujian.json", "-f", "markdown")
    assert result.exit_code == 0
    tables = [
        [line for line in block.splitlines() if line.startswith("|")]
        for block in result.stdout.split("\n\n")
    ]
    tables = [table for table in tables if table]
    assert len(tables) == 3
    assert any(not line.isascii() for table in tables for line in table)
    for table in tables:
        # every line as wide on screen, and every column's bars at the same place
        assert len({cell_len(line) for line in table}) == 1
        bars = {
            tuple(cell_len(line[:at]) for at, character in enumerate(line) if character == "|")
            for line in table
        }
        assert len(bars) == 1, table
