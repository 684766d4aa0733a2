"""Exact numbers: intervals from printed precision, half-up rounding, units."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairstats.choices import FORMATS, UNIT_NAMES
from fairstats.numbers import (
    UNIT_EXPONENTS,
    Interval,
    convert_amount,
    exact_text,
    growth_percent,
    round_half_up,
    share_percent,
)

printed_decimals = st.decimals(
    min_value=Decimal("-1e9"),
    max_value=Decimal("1e9"),
    allow_nan=False,
    allow_infinity=False,
    places=3,
) | st.decimals(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, places=1)


def test_printed_interval_follows_the_printed_decimals() -> None:
    assert Interval.printed(Decimal("229.5")) == Interval(Fraction("229.45"), Fraction("229.55"))
    assert Interval.printed(Decimal("229.40")) == Interval(Fraction("229.395"), Fraction("229.405"))
    assert Interval.printed(Decimal("241.537")) == Interval(
        Fraction("241.5365"), Fraction("241.5375")
    )
    assert Interval.printed(Decimal("42.4")).width == Fraction("0.1")


@given(printed_decimals)
def test_a_printed_value_lies_inside_its_interval(value: Decimal) -> None:
    interval = Interval.printed(value)
    assert value in interval
    assert interval.low < value < interval.high


@given(
    st.fractions(min_value=-100, max_value=100),
    st.fractions(min_value=-100, max_value=100),
    st.fractions(min_value=Fraction(1, 100), max_value=100),
)
def test_interval_arithmetic_contains_every_result(a: Fraction, b: Fraction, c: Fraction) -> None:
    ia, ib, ic = (Interval(x - Fraction(1, 20), x + Fraction(1, 20)) for x in (a, b, c))
    assert a + b in ia + ib
    assert a - b in ia - ib
    assert a * b in ia * ib
    if 0 not in ic:
        assert a / c in ia / ic


def test_whole_numbers_inside_an_interval() -> None:
    # +338.9% on 79 projects: the previous edition had 79 / (1 + g/100) for g in [338.85, 338.95]
    growth = Interval.printed(Decimal("338.9"))
    previous = Interval.exact(79) / (Interval.exact(1) + growth.scaled(Fraction(1, 100)))
    assert previous == Interval(79 / Fraction("4.3895"), 79 / Fraction("4.3885"))
    assert str(round_half_up(previous.low, 3)) == "17.997"
    assert str(round_half_up(previous.high, 3)) == "18.002"
    assert list(previous.whole_numbers()) == [18]
    assert list(Interval(Fraction("17.1"), Fraction("17.9")).whole_numbers()) == []


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 2), 0, "1"),
        (Fraction(-1, 2), 0, "-1"),
        (Decimal("2.345"), 2, "2.35"),
        (Decimal("-2.345"), 2, "-2.35"),
        (Fraction(1204700, 241537), 2, "4.99"),  # 12.047 / 241.537 in percent
        (79, 0, "79"),
    ],
)
def test_round_half_up(value: Fraction | Decimal | int, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


def test_units_convert_exactly() -> None:
    assert convert_amount(Decimal("241.537"), "billion", "yi") == Decimal("2415.37")
    assert exact_text(convert_amount(Decimal("241.537"), "billion", "yuan"), 10) == "241537000000"
    assert exact_text(convert_amount(Decimal("0.9"), "billion", "wan"), 10) == "90000"


@given(printed_decimals, st.sampled_from(UNIT_NAMES), st.sampled_from(UNIT_NAMES))
def test_unit_conversion_round_trips(value: Decimal, source: str, target: str) -> None:
    there = convert_amount(value, source, target)
    assert convert_amount(there, target, source) == value
    assert Fraction(there) == Fraction(value) * _factor(source, target)


def _factor(source: str, target: str) -> Fraction:
    powers = {"yuan": 0, "wan": 4, "million": 6, "yi": 8, "billion": 9}  # written out again
    return Fraction(10) ** (powers[source] - powers[target])


def test_undefined_ratios_are_none_not_zero() -> None:
    assert share_percent(5, 0) is None
    assert growth_percent(5, 0) is None
    assert share_percent(0, 5) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 3), "0.3333333333"),
        (Fraction(1, 8), "0.125"),
        (Decimal("229.49"), "229.49"),
        (Fraction(0), "0"),
        (Fraction(-2, 3), "-0.6666666667"),
    ],
)
def test_exact_text_for_machine_formats(value: Fraction | Decimal, expected: str) -> None:
    assert exact_text(value, 10) == expected


def test_the_command_lines_choices_are_the_cores() -> None:
    from fairstats.render import RENDERERS

    assert tuple(UNIT_EXPONENTS) == UNIT_NAMES
    assert tuple(RENDERERS) == FORMATS
