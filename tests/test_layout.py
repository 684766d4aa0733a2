"""The table format's own column layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from fairstats.layout import GAP, INDENT, fit_widths, lay_out, wrap


def test_wrap_breaks_at_spaces_and_folds_long_words() -> None:
    assert wrap("signed centrally at the opening ceremony", 20, len) == [
        "signed centrally at",
        "the opening ceremony",
    ]
    assert wrap("abcdefghij", 4, len) == ["abcd", "efgh", "ij"]
    assert wrap("亿亿亿", 4, cell_len) == ["亿亿", "亿"]  # each takes two cells


def test_words_are_broken_only_when_the_longest_does_not_fit() -> None:
    rows = [[[("domestic-funded", "")], [("229.49", "")], [("reported", "")]]]
    numeric = [False, True, False]
    wide = list(lay_out(["Category", "Amount", "Basis"], rows, numeric, 40, len))
    assert "domestic-funded" in "".join(text for text, _ in wide[2])
    narrow = list(lay_out(["Category", "Amount", "Basis"], rows, numeric, 24, len))
    # too narrow even for the longest words: both text columns go down to 6 cells and break
    assert ["".join(text for text, _ in line) for line in narrow] == [
        "  Catego  Amount  Basis",
        "  ry",
        "  ──────────────────────",
        "  domest  229.49  report",
        "  ic-fun          ed",
        "  ded",
    ]


@given(st.text(alphabet=st.sampled_from("ab 亿-"), max_size=60), st.integers(2, 30))
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = wrap(text, width, cell_len)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(
    st.lists(st.tuples(st.integers(1, 60), st.booleans()), min_size=1, max_size=8),
    st.integers(20, 200),
)
def test_widths_fit_when_they_can_and_numbers_never_shrink(
    columns: list[tuple[int, bool]], available: int
) -> None:
    natural = [width for width, _ in columns]
    narrowest = [width if is_number else min(width, 6) for width, is_number in columns]
    widths = fit_widths(natural, narrowest, available)
    assert all(
        low <= width <= high for low, width, high in zip(narrowest, widths, natural, strict=True)
    )
    total = INDENT + sum(widths) + GAP * (len(widths) - 1)
    if INDENT + sum(narrowest) + GAP * (len(widths) - 1) <= available:
        assert total <= available
    else:
        assert widths == narrowest


def test_lay_out_aligns_numbers_right_and_wraps_text() -> None:
    lines = list(
        lay_out(
            ["Name", "Value"],
            [[[("a long name here", "")], [("12.5", "cyan")]], [[("b", "")], [("7", "")]]],
            [False, True],
            20,
            len,
        )
    )
    text = ["".join(piece for piece, _ in line) for line in lines]
    # 20 cells: 2 indent + Name squeezed to 11 + 2 gap + Value 5
    assert text == [
        "  Name         Value",
        "  ──────────────────",
        "  a long name   12.5",
        "  here",
        "  b                7",
    ]
    assert ("12.5", "cyan") in lines[2]


def test_text_in_a_number_column_may_wrap_but_numbers_never() -> None:
    rows = [
        [[("a", "")], [("1,053", "")]],
        [[("b", "")], [("thousands of products in eleven categories", "")]],
    ]
    lines = list(lay_out(["Item", "Value"], rows, [False, True], 24, len))
    text = ["".join(piece for piece, _ in line) for line in lines]
    assert all(len(line) <= 24 for line in text)
    assert text[2].endswith("1,053")
