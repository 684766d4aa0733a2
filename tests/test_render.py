"""Renderer pieces that stand on their own."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from fairstats.render import delimited_field


@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=5))
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
