"""The table format's own layout: wrapping, column widths, and the record layout."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from fairstats.output.layout import HANG, INDENT, Line, lay_out, wrap


def _texts(lines: Sequence[Line]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


def _cells(*texts: str) -> list[Line]:
    return [[(text, "")] for text in texts]


def test_wrap_breaks_at_spaces_and_folds_only_a_word_wider_than_the_line() -> None:
    assert wrap("signed centrally at the opening ceremony", 20, len) == [
        "signed centrally at",
        "the opening ceremony",
    ]
    assert wrap("abcdefghij", 4, len) == ["abcd", "efgh", "ij"]
    assert wrap("亿亿亿", 4, cell_len) == ["亿亿", "亿"]  # each takes two cells


def test_chinese_breaks_between_characters_but_numbers_and_words_never() -> None:
    text = "福建集中签约50个重大项目 计划投资超1100亿元"
    lines = wrap(text, 12, cell_len)
    assert lines == ["福建集中签约", "50个重大项目", "计划投资超", "1100亿元"]
    assert all(cell_len(line) <= 12 for line in lines)
    # beside Latin text, a break falls at a space, never inside the word
    assert wrap("厦门重大外资项目 (Xiamen's major projects)", 20, cell_len) == [
        "厦门重大外资项目",
        "(Xiamen's major",
        "projects)",
    ]


def test_no_break_after_an_opening_bracket_or_before_closing_punctuation() -> None:
    # 2 cells a character: at 4 cells, a line holds two
    assert wrap("（计划投资）", 4, cell_len) == ["（计", "划投", "资）"]
    assert wrap("签约：计划投资。", 6, cell_len) == ["签约：", "计划投", "资。"]


@given(
    st.lists(
        st.sampled_from(["ab", "1,053", "亿", "签约", "(项目)", "x", "229.49", ""]), max_size=20
    ),
    st.integers(8, 40),
)
def test_wrapped_lines_fit_and_keep_every_word_that_fits(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = wrap(text, width, cell_len)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for word in words:
        if word.isascii() and word:
            assert any(word in line.split(" ") for line in lines)


def test_a_table_that_fits_is_laid_out_as_it_is() -> None:
    rows = [_cells("foreign-funded", "16"), _cells("domestic-funded", "63")]
    expected = [
        "  Category         Value",
        "  ──────────────────────",
        "  foreign-funded      16",
        "  domestic-funded     63",
    ]
    assert _texts(list(lay_out(["Category", "Value"], rows, [False, True], 40, len))) == expected
    # no width known (stdout is not a terminal): never wrapped, however long
    words = " ".join(["word"] * 40)
    lines = _texts(
        list(lay_out(["Category", "Value"], [_cells(words, "16")], [False, True], None, len))
    )
    assert lines[2:] == [f"  {words}     16"]


def test_width_goes_to_the_text_and_wrapped_rows_are_apart() -> None:
    rows = [
        _cells("investment", "CNY billion", "nothing else gives Liaoning investment; it implies"),
        _cells("projects", "", "16 + 63 = 79"),
    ]
    lines = _texts(list(lay_out(["Measure", "Unit", "Detail"], rows, [False] * 3, 50, len)))
    # With Unit on one line, Detail would have 23 cells and take three lines; the unit wraps
    # instead, in a row that takes two anyway. No column keeps spare padding: the table is
    # narrower than the 50 cells it may take.
    assert lines == [
        "  Measure     Unit     Detail",
        "  ────────────────────────────────────────────────",
        "  investment  CNY      nothing else gives Liaoning",
        "              billion  investment; it implies",
        "",  # a blank line between rows, as one of them wraps
        "  projects             16 + 63 = 79",
    ]


def test_a_short_column_keeps_its_line_where_wrapping_it_would_cost_one() -> None:
    note = "as printed; interval from its rounding, as the release gives it"
    rows = [_cells("CNY billion", note), _cells("CNY billion", "body")]
    lines = _texts(list(lay_out(["Unit", "Note"], rows, [False, False], 40, len)))
    # The note takes three lines at 20 cells or at 29: wrapping the unit would only make the
    # second row two lines tall.
    assert lines == [
        "  Unit         Note",
        "  ──────────────────────────────────",
        "  CNY billion  as printed; interval",
        "               from its rounding, as",
        "               the release gives it",
        "",
        "  CNY billion  body",
    ]


def test_numbers_never_shrink_below_their_width() -> None:
    rows = [
        [[("a", "")], [("1,053", "")]],
        [[("b", "")], [("thousands of products in eleven categories", "")]],
    ]
    lines = _texts(list(lay_out(["Item", "Value"], rows, [False, True], 24, len)))
    assert all(len(line) <= 24 for line in lines)
    assert lines[2].endswith("1,053")


def test_columns_that_cannot_hold_their_longest_words_become_records() -> None:
    headers = ["Check", "Reported", "Verdict", "Detail"]
    rows = [
        _cells("Dalian investment (headline)", "more than 240", "consistent", "241.537 > 240"),
        _cells("Dalian projects", "79", "not_testable", ""),
    ]
    lines = _texts(list(lay_out(headers, rows, [False, True, False, False], 40, len)))
    assert lines == [
        "  Check:    Dalian investment (headline)",
        "  Reported: more than 240",
        "  Verdict:  consistent",
        "  Detail:   241.537 > 240",
        "",
        "  Check:    Dalian projects",
        "  Reported: 79",
        "  Verdict:  not_testable",  # an empty cell has no line
    ]


def test_a_record_value_wraps_beside_its_label_or_goes_below_it() -> None:
    path = "data/releases/cifit-2024-fujian.json"  # 36 cells: not beside a label at 40
    rows = [_cells(path, "the release lists only some categories of the investors", "x" * 50)]
    lines = _texts(list(lay_out(["File", "Problem", "Code"], rows, [False] * 3, 40, len)))
    assert lines == [
        "  File:",
        "    " + path,
        "  Problem: the release lists only some",
        "           categories of the investors",
        "  Code:",
        "    " + "x" * 36,  # wider than any line: folded, the only word that is
        "    " + "x" * 14,
    ]
    assert 40 - INDENT - HANG == 36


VOCABULARY = [
    "investment", "projects", "more", "than", "240", "1,100.4", "[241.5365,", "241.5375]",
    "signed", "centrally", "福建集中签约", "(计划投资)", "consistent", "not_testable", "CNY",
    "billion", "2022-11-21T14:24", "$.relations[2].part.scope",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join)


@given(
    st.integers(1, 6).flatmap(
        lambda columns: st.tuples(
            st.lists(st.sampled_from(["Check", "Unit", "Value", "Detail"]), min_size=columns,
                     max_size=columns),
            st.lists(st.lists(TEXTS, min_size=columns, max_size=columns), min_size=1,
                     max_size=6),
            st.lists(st.booleans(), min_size=columns, max_size=columns),
        )
    ),
    st.integers(40, 200),
)  # fmt: skip
def test_every_layout_fits_and_breaks_no_word_that_fits(
    table: tuple[list[str], list[list[str]], list[bool]], available: int
) -> None:
    headers, texts, numeric = table
    rows = [_cells(*row) for row in texts]
    lines = _texts(list(lay_out(headers, rows, numeric, available, cell_len)))
    assert all(cell_len(line) <= available for line in lines)
    shown = Counter(token for line in lines for token in line.split())
    words = Counter(word for row in texts for text in row for word in text.split())
    for word, count in words.items():
        if word.isascii():  # every one fits in 40 cells, less the indent
            assert shown[word] >= count, word
