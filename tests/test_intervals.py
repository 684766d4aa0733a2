"""Exact intervals (what a printed figure stands for, and arithmetic on it) and the display
helpers for numbers: half-up and outward rounding, exact digits, positional text."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairstats.model.intervals import (
    EVERYTHING,
    INF,
    NON_NEGATIVE,
    POSITIVE,
    QUALIFIER_TOLERANCE,
    Interval,
)
from fairstats.model.release import QUALIFIERS
from fairstats.model.rounding import (
    MAX_SHOWN_PLACES,
    decimals_of,
    exact_text,
    is_terminating,
    move_point,
    plain,
    round_half_up,
    round_outward,
    scale_word,
    significant_places,
    unit_label,
)

D = Decimal
F = Fraction


def iv(lo: str, hi: str, lo_open: bool = False, hi_open: bool = False) -> Interval:
    """An interval from text ends ("inf" for an infinite one)."""
    return Interval(D(lo), D(hi), lo_open, hi_open)


def ends(interval: Interval) -> tuple[Fraction | None, Fraction | None, bool, bool]:
    """The ends as exact fractions (None for infinite), with their openness: comparing these
    checks values and openness at once, whatever exponent a Decimal end happens to carry."""
    lo = None if interval.lo == -INF else F(interval.lo)
    hi = None if interval.hi == INF else F(interval.hi)
    return lo, hi, interval.lo_open, interval.hi_open


# Printed values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("42.4", "42.35", "42.45"),
        ("229.49", "229.485", "229.495"),
        ("241.537", "241.5365", "241.5375"),
        ("79", "78.5", "79.5"),
        ("0", "-0.5", "0.5"),
        ("0.00", "-0.005", "0.005"),
        ("-3.2", "-3.25", "-3.15"),
        ("1E+3", "500", "1500"),  # printed to the thousand
    ],
)
def test_printed_is_value_plus_minus_half_a_unit(text: str, lo: str, hi: str) -> None:
    printed = Interval.printed(D(text))
    assert ends(printed) == (F(lo), F(hi), False, False)


@given(
    digits=st.integers(-(10**12), 10**12),
    decimals=st.integers(-3, 10),
)
def test_printed_value_lies_in_its_interval_of_width_one_unit(digits: int, decimals: int) -> None:
    value = D(digits).scaleb(-decimals)
    printed = Interval.printed(value)
    assert printed.contains(value)
    assert printed.contains(F(value))
    assert printed.width == D(1).scaleb(-decimals)  # exactly 10^-d, not rounded
    assert F(printed.lo) == F(value) - F(1, 2) * F(10) ** -decimals
    assert F(printed.hi) == F(value) + F(1, 2) * F(10) ** -decimals
    assert printed.bounded
    assert not printed.is_point


# Qualifiers ----------------------------------------------------------------------------------

# Every qualifier of 430, as an amount (printed, so +-0.5) and as a whole count (exact).
QUALIFIED_430 = {
    "exact": ((F("429.5"), F("430.5"), False, False), (F(430), F(430), False, False)),
    # 5% of 430 is 21.5, wider than the rounding.
    "about": ((F("408.5"), F("451.5"), False, False), (F("408.5"), F("451.5"), False, False)),
    # "nearly" is below or at the value: its upper end is only the rounding.
    "nearly": ((F("408.5"), F("430.5"), False, False), (F("408.5"), F(430), False, False)),
    # A threshold is exact; for a count, "more than 430" is at least 431.
    "more_than": ((F(430), None, True, True), (F(431), None, False, True)),
    "at_least": ((F(430), None, False, True), (F(430), None, False, True)),
    "less_than": ((None, F(430), True, True), (None, F(429), True, False)),
    "up_to": ((None, F(430), True, False), (None, F(430), True, False)),
}


def test_every_qualifier_has_an_expectation() -> None:
    assert set(QUALIFIED_430) == set(QUALIFIERS)
    assert D("0.05") == QUALIFIER_TOLERANCE


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_qualified_amount(qualifier: str) -> None:
    expected, _ = QUALIFIED_430[qualifier]
    assert ends(Interval.qualified(D(430), qualifier)) == expected


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_qualified_whole_count(qualifier: str) -> None:
    _, expected = QUALIFIED_430[qualifier]
    assert ends(Interval.qualified(D(430), qualifier, whole=True)) == expected


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_qualified_interval_holds_the_value_unless_it_excludes_it(qualifier: str) -> None:
    # Only the strict thresholds leave the printed number itself out.
    value = D("55.5")
    allowed = Interval.qualified(value, qualifier)
    assert allowed.contains(value) == (qualifier not in ("more_than", "less_than"))


def test_about_keeps_the_rounding_when_it_is_wider_than_five_percent() -> None:
    # 0.05 printed with 2 decimals is +-0.005, i.e. 10%: the rounding wins on both sides.
    assert ends(Interval.qualified(D("0.05"), "about")) == (F("0.045"), F("0.055"), False, False)
    assert ends(Interval.qualified(D("0.05"), "nearly")) == (F("0.045"), F("0.055"), False, False)


def test_about_zero_is_only_the_rounding() -> None:
    assert ends(Interval.qualified(D("0.0"), "about")) == (F("-0.05"), F("0.05"), False, False)


def test_about_a_negative_value_widens_both_ways() -> None:
    # The slack is 5% of the magnitude.
    assert ends(Interval.qualified(D("-200"), "about")) == (F(-210), F(-190), False, False)
    assert ends(Interval.qualified(D("-200"), "nearly")) == (F(-210), F("-199.5"), False, False)


def test_unknown_qualifier_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        Interval.qualified(D(1), "roughly")


# Construction, comparison --------------------------------------------------------------------


def test_infinite_ends_are_always_open() -> None:
    assert Interval(-INF, INF).lo_open
    assert Interval(-INF, INF).hi_open
    assert ends(Interval.at_least(D(3))) == (F(3), None, False, True)
    assert ends(Interval.at_least(D(3), open_=True)) == (F(3), None, True, True)
    assert ends(Interval.at_most(D(3))) == (None, F(3), True, False)
    assert ends(Interval.at_most(D(3), open_=True)) == (None, F(3), True, True)
    assert not NON_NEGATIVE.bounded
    assert not EVERYTHING.bounded


def test_equality_hash_and_repr() -> None:
    assert iv("1", "2") == iv("1.0", "2.00")  # Decimal equality is by value
    assert hash(iv("1", "2")) == hash(iv("1.0", "2.00"))
    assert iv("1", "2") != iv("1", "2", hi_open=True)
    assert iv("1", "2") != "[1, 2]"
    assert repr(iv("1", "2", lo_open=True)) == "(1, 2]"
    assert repr(NON_NEGATIVE) == "[0, Infinity)"
    assert Interval.point(7).is_point
    assert Interval.point(7) == Interval.point(D(7))


def test_contains_respects_open_and_infinite_ends() -> None:
    more_than_240 = Interval.qualified(D(240), "more_than")
    assert not more_than_240.contains(D(240))
    assert not more_than_240.contains(240)
    assert more_than_240.contains(D("240.000000001"))
    assert more_than_240.contains(F(240) + F(1, 10**40))
    assert more_than_240.contains(10**30)
    closed = iv("1", "2")
    assert closed.contains(1)
    assert closed.contains(F(2))
    assert not closed.contains(F(2) + F(1, 10**40))
    half_open = iv("1", "2", hi_open=True)
    assert half_open.contains(D(1))
    assert not half_open.contains(D(2))
    assert EVERYTHING.contains(-(10**50))


def test_intersect_and_overlaps() -> None:
    # The rounding of 83.49 meets "more than 83.49" only above 83.49.
    printed = Interval.printed(D("83.49"))
    above = Interval.qualified(D("83.49"), "more_than")
    assert printed.overlaps(above)
    assert printed.intersect(above) == iv("83.49", "83.495", lo_open=True)
    # Touching ends: common only when both are closed.
    assert iv("1", "2").intersect(iv("2", "3")) == iv("2", "2")
    assert iv("1", "2").intersect(iv("2", "3", lo_open=True)) is None
    assert not iv("1", "2").overlaps(iv("2", "3", lo_open=True))
    assert iv("1", "2", hi_open=True).intersect(iv("2", "3")) is None
    assert iv("1", "2").intersect(iv("3", "4")) is None
    # Equal ends: open wins.
    assert iv("1", "3").intersect(iv("1", "2", lo_open=True)) == iv("1", "2", lo_open=True)
    assert iv("1", "3", hi_open=True).intersect(iv("0", "3")) == iv("1", "3", hi_open=True)
    assert EVERYTHING.intersect(iv("1", "2")) == iv("1", "2")
    assert iv("-1", "5").non_negative() == iv("0", "5")
    assert iv("-2", "-1").non_negative() is None


def test_within() -> None:
    assert iv("1", "2", lo_open=True, hi_open=True).within(iv("1", "2"))
    assert iv("1", "2").within(iv("1", "2"))
    assert not iv("1", "2").within(iv("1", "2", hi_open=True))
    assert not iv("1", "2").within(iv("1", "2", lo_open=True))
    assert iv("1", "2").within(NON_NEGATIVE)
    assert Interval.at_least(D(1)).within(NON_NEGATIVE)
    assert not NON_NEGATIVE.within(Interval.at_least(D(1)))
    assert Interval.at_most(D(5)).within(EVERYTHING)
    assert not POSITIVE.within(iv("0", "1e100"))
    assert POSITIVE.within(NON_NEGATIVE)
    assert not NON_NEGATIVE.within(POSITIVE)


# Arithmetic ----------------------------------------------------------------------------------


def test_sum_and_difference() -> None:
    assert Interval.printed(D("12.047")) + Interval.printed(D("229.49")) == iv(
        "241.5315", "241.5425"
    )
    assert iv("1", "2", lo_open=True) + iv("3", "inf") == iv("4", "inf", lo_open=True)
    assert -iv("1", "2", lo_open=True) == iv("-2", "-1", hi_open=True)
    assert iv("5", "6") - iv("1", "2", hi_open=True) == iv("3", "5", lo_open=True)
    assert Interval.at_most(D(0)) == -NON_NEGATIVE


def test_sum_rounds_outward_beyond_sixty_digits() -> None:
    # 1 + 10^-70 has 71 digits: the ends must still hold it.
    tiny = D("1e-70")
    total = Interval.point(1) + Interval.point(tiny)
    assert total.contains(F(1) + F(tiny))
    assert F(total.lo) < F(1) + F(tiny) < F(total.hi)


def test_times() -> None:
    assert iv("2", "3").times(iv("4", "5")) == iv("8", "15")
    assert iv("0", "1", lo_open=True).times(iv("2", "3", hi_open=True)) == iv(
        "0", "3", lo_open=True, hi_open=True
    )
    # 0 times anything, even an unbounded anything, is 0.
    assert Interval.point(0).times(NON_NEGATIVE) == Interval.point(0)
    assert POSITIVE.times(Interval.point(0)) == Interval.point(0)
    assert iv("0", "1").times(Interval.at_least(D(2))) == NON_NEGATIVE
    assert iv("0", "2").times(POSITIVE) == NON_NEGATIVE
    assert POSITIVE.times(POSITIVE) == POSITIVE
    assert iv("2", "2").times(Interval.at_least(D(3), open_=True)) == Interval.at_least(
        D(6), open_=True
    )


def test_times_rounds_outward() -> None:
    factor = D("1." + "1" * 59)  # 60 digits: times 3.3 needs 61
    product = Interval.point(D("3.3")).times(Interval.point(factor))
    exact = F(D("3.3")) * F(factor)
    assert F(product.lo) < exact < F(product.hi)


def test_over() -> None:
    assert iv("6", "8").over(iv("2", "4")) == iv("1.5", "4")
    assert iv("1", "2", lo_open=True).over(iv("2", "4", hi_open=True)) == iv(
        "0.25", "1", lo_open=True
    )
    # An open end of the dividend's top, or of the divisor's bottom, opens the quotient's top.
    assert iv("1", "2", hi_open=True).over(iv("2", "4")) == iv("0.25", "1", hi_open=True)
    assert iv("1", "2").over(iv("2", "4", lo_open=True)) == iv("0.25", "1", hi_open=True)
    # x / [0, k] is unbounded above.
    assert iv("1", "1").over(iv("0", "2")) == Interval.at_least(D("0.5"))
    assert iv("0", "0").over(POSITIVE) == Interval.point(0)
    assert iv("0", "5").over(iv("1", "2")) == iv("0", "5")


def test_over_unbounded_divisor_is_open_at_zero_and_holds_the_top() -> None:
    quotient = iv("1", "2").over(Interval.at_least(D(3)))
    assert quotient is not None
    assert quotient.lo == 0
    assert quotient.lo_open
    assert not quotient.contains(0)
    assert quotient.contains(F(2, 3))
    assert not quotient.contains(F(2, 3) + F(1, 10**50))


def test_over_zero() -> None:
    # 0/0 may be any value: the divisor can be 0 together with the dividend.
    assert iv("0", "0").over(iv("0", "5")) == NON_NEGATIVE
    assert iv("0", "3").over(iv("0", "5")) == NON_NEGATIVE
    # A divisor that is exactly zero says nothing.
    assert iv("3", "3").over(iv("0", "0")) is None
    assert iv("0", "0").over(iv("0", "0")) is None
    # An open zero is not zero: 0 / (0, 5] is 0.
    assert iv("0", "0").over(iv("0", "5", lo_open=True)) == Interval.point(0)


def test_shifted_is_exact() -> None:
    assert Interval.printed(D("42.4")).shifted(-2) == iv("0.4235", "0.4245")
    assert iv("12.047", "229.49").shifted(3) == iv("12047", "229490")
    assert Interval.qualified(D(240), "more_than").shifted(9) == Interval.at_least(
        D("240e9"), open_=True
    )
    assert Interval.at_most(D(1), open_=True).shifted(2) == Interval.at_most(D(100), open_=True)
    long = D("1." + "3" * 59)
    shifted = Interval.point(long).shifted(-30)
    assert F(shifted.lo) == F(shifted.hi) == F(long) / 10**30


def test_scaled() -> None:
    assert iv("1", "2", hi_open=True).scaled(D("1.5")) == iv("1.5", "3", hi_open=True)
    assert NON_NEGATIVE.scaled(D(7)) == NON_NEGATIVE
    assert Interval.at_most(D(2)).scaled(D(3)) == Interval.at_most(D(6))
    factor = D("1." + "1" * 59)
    scaled = Interval.point(D("3.3")).scaled(factor)
    assert F(scaled.lo) < F(D("3.3")) * F(factor) < F(scaled.hi)


# Whole numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (iv("1.5", "4.2"), (2, 4)),
        (iv("2", "5", lo_open=True, hi_open=True), (3, 4)),
        (iv("2", "5"), (2, 5)),
        (iv("2.0", "5.00", lo_open=True), (3, 5)),
        (iv("3", "3"), (3, 3)),
        (iv("-2.5", "-0.5"), (-2, -1)),
        (iv("-0.5", "0.5"), (0, 0)),
        (iv("2.5", "2.7"), None),
        (iv("2", "3", lo_open=True, hi_open=True), None),
        (Interval(D("17.997"), D("18.0016")), (18, 18)),
    ],
)
def test_whole_numbers(interval: Interval, expected: tuple[int, int] | None) -> None:
    assert interval.whole_numbers() == expected
    narrowed = interval.whole()
    if expected is None:
        assert narrowed is None
    else:
        assert narrowed == iv(str(expected[0]), str(expected[1]))
        # Plain integer ends: no exponent, no negative zero.
        assert "E" not in str(narrowed.lo) + str(narrowed.hi)
        assert not narrowed.lo.is_signed() or narrowed.lo < 0


def test_whole_keeps_infinite_ends() -> None:
    assert Interval.at_least(D("2.5")).whole() == Interval.at_least(D(3))
    assert Interval.at_most(D(2), open_=True).whole() == Interval.at_most(D(1))
    assert Interval.at_least(D("2.5")).whole_numbers() is None  # unbounded
    assert EVERYTHING.whole() == EVERYTHING
    assert str(Interval(D("1E+3"), D("2E+3")).whole()) == "[1000, 2000]"


def test_whole_is_exact_beyond_28_digits() -> None:
    """Beyond the default context's 28 digits, narrowing to whole numbers stays exact (the
    interval's ends are written out, not computed, so they are exact too)."""
    big = 10**30 + 1
    around = Interval(D(f"{big - 1}.5"), D(f"{big}.5"))
    assert around.whole_numbers() == (big, big)


@given(
    lo=st.integers(-3000, 3000),
    width=st.integers(0, 3000),
    lo_open=st.booleans(),
    hi_open=st.booleans(),
)
def test_whole_holds_exactly_the_whole_numbers_inside(
    lo: int, width: int, lo_open: bool, hi_open: bool
) -> None:
    # Ends with one decimal, so some are whole numbers and some are not.
    low, high = D(lo).scaleb(-1), D(lo + width).scaleb(-1)
    if low == high:
        lo_open = hi_open = False
    interval = Interval(low, high, lo_open, hi_open)
    inside = [n for n in range(math.floor(low) - 2, math.ceil(high) + 3) if interval.contains(n)]
    narrowed = interval.whole()
    if not inside:
        assert narrowed is None
        assert interval.whole_numbers() is None
    else:
        assert narrowed is not None
        assert (int(narrowed.lo), int(narrowed.hi)) == (inside[0], inside[-1])
        assert interval.whole_numbers() == (inside[0], inside[-1])
        assert narrowed.within(interval)


# Arithmetic holds every pair of points (hypothesis) ------------------------------------------

decimals = st.builds(
    lambda digits, places: D(digits).scaleb(-places),
    st.integers(0, 10**8),
    st.integers(0, 6),
)


@st.composite
def non_negative_intervals(draw: st.DrawFn) -> Interval:
    """A non-negative interval with random ends: closed or open, the upper maybe infinite."""
    lo, hi = sorted((draw(decimals), draw(decimals)))
    if draw(st.booleans()):
        hi = INF
    if lo == hi:
        return Interval(lo, hi)  # a point: both ends closed, or it would be empty
    return Interval(lo, hi, draw(st.booleans()), draw(st.booleans()))


@st.composite
def point_in(draw: st.DrawFn, interval: Interval) -> Fraction:
    """An exact value of the interval: an end when it is closed, or any value between."""
    lo = F(interval.lo)
    if interval.hi == INF:
        beyond = draw(st.fractions(min_value=0, max_value=10**9, max_denominator=10**6))
        if beyond == 0 and interval.lo_open:
            beyond = F(1, 7)
        return lo + beyond
    hi = F(interval.hi)
    share = draw(st.fractions(min_value=0, max_value=1, max_denominator=10**6))
    value = lo + (hi - lo) * share
    if (value == lo and interval.lo_open) or (value == hi and interval.hi_open):
        value = (lo + hi) / 2  # an open end is not a value; the middle is
    assert interval.contains(value)
    return value


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Interval, Fraction, Interval, Fraction]:
    a_interval = draw(non_negative_intervals())
    b_interval = draw(non_negative_intervals())
    return a_interval, draw(point_in(a_interval)), b_interval, draw(point_in(b_interval))


@given(pairs())
def test_sum_holds_every_sum(case: tuple[Interval, Fraction, Interval, Fraction]) -> None:
    a_interval, a, b_interval, b = case
    assert (a_interval + b_interval).contains(a + b)


@given(pairs())
def test_difference_holds_every_difference(
    case: tuple[Interval, Fraction, Interval, Fraction],
) -> None:
    a_interval, a, b_interval, b = case
    assert (a_interval - b_interval).contains(a - b)
    assert (-a_interval).contains(-a)


@given(pairs())
def test_product_holds_every_product(case: tuple[Interval, Fraction, Interval, Fraction]) -> None:
    a_interval, a, b_interval, b = case
    assert a_interval.times(b_interval).contains(a * b)


@given(pairs())
def test_quotient_holds_every_quotient(
    case: tuple[Interval, Fraction, Interval, Fraction],
) -> None:
    a_interval, a, b_interval, b = case
    quotient = a_interval.over(b_interval)
    if b > 0:
        assert quotient is not None
        assert quotient.contains(a / b)
    else:
        assert b_interval.contains(0)


@given(pairs())
def test_intersection_holds_the_common_points(
    case: tuple[Interval, Fraction, Interval, Fraction],
) -> None:
    a_interval, a, b_interval, b = case
    common = a_interval.intersect(b_interval)
    assert a_interval.overlaps(b_interval) == b_interval.overlaps(a_interval)
    for value in (a, b):
        both = a_interval.contains(value) and b_interval.contains(value)
        assert both == (common is not None and common.contains(value))
    if common is not None:
        assert common.within(a_interval)
        assert common.within(b_interval)
    if a_interval.within(b_interval):
        assert b_interval.contains(a)


@given(pairs(), st.integers(-8, 8))
def test_shifted_and_scaled_hold_every_point(
    case: tuple[Interval, Fraction, Interval, Fraction], power: int
) -> None:
    a_interval, a, _, _ = case
    assert a_interval.shifted(power).contains(a * F(10) ** power)
    factor = D(3).scaleb(power) / D(7)  # 28 digits, rounded: whatever it is, it is exact here
    assert a_interval.scaled(factor).contains(a * F(factor))


# Open and closed ends, both ways (hypothesis) ------------------------------------------------
#
# Each operation against exact Fraction arithmetic, on intervals whose ends lie on a small grid
# (sums, products and quotients of its values are exact at any precision), each end open or
# closed at random, or infinite: a value lies in the result exactly when some values of the
# operands give it. Values are probed at every end and every value the operands' ends give,
# between each two of those, and beyond them: where a mistaken end would show.

GRID = [D(text) for text in ("-2", "-0.5", "0", "0.5", "1", "2", "2.5", "4", "5")]
NON_NEGATIVE_GRID = [value for value in GRID if value >= 0]


@st.composite
def grid_intervals(draw: st.DrawFn, *, non_negative: bool = False) -> Interval:
    lo, hi = sorted(
        draw(
            st.lists(
                st.sampled_from(NON_NEGATIVE_GRID if non_negative else GRID), min_size=2, max_size=2
            )
        )
    )
    if not non_negative and draw(st.booleans()):
        lo = -INF
    if draw(st.booleans()):
        hi = INF
    if lo == hi:
        return Interval(lo, hi)  # a point: both ends closed, or it would be empty
    return Interval(lo, hi, draw(st.booleans()), draw(st.booleans()))


def member(value: Fraction, interval: Interval) -> bool:
    """Whether a value lies in an interval, read from its ends alone (not with `contains`)."""
    lo, hi, lo_open, hi_open = ends(interval)
    above = lo is None or value > lo or (value == lo and not lo_open)
    below = hi is None or value < hi or (value == hi and not hi_open)
    return above and below


def finite_ends(*intervals: Interval | None) -> list[Fraction]:
    return [
        end
        for interval in intervals
        if interval is not None
        for end in ends(interval)[:2]
        if end is not None
    ]


def probes(*values: Fraction) -> list[Fraction]:
    """The values, the middle between each two neighbours, and one beyond either side."""
    ordered = sorted({F(0), *values})
    middles = [(low + high) / 2 for low, high in itertools.pairwise(ordered)]
    return [ordered[0] - 1, *ordered, *middles, ordered[-1] + 1]


class Operation:
    """value = forward(a, b), with the a that gives a value with a given b, and the b that
    give it with a given a (every b, when a alone decides the value: 0 * b)."""

    def __init__(
        self,
        forward: Callable[[Fraction, Fraction], Fraction | None],
        a_for: Callable[[Fraction, Fraction], Fraction | None],
        b_for: Callable[[Fraction, Fraction, Interval], list[Fraction]],
    ) -> None:
        self.forward = forward
        self.a_for = a_for
        self.b_for = b_for

    def reachable(self, value: Fraction, a_set: Interval, b_set: Interval) -> bool:
        """Some a of a_set and b of b_set give the value. The a that do form an interval whose
        ends are among a_set's ends, 0 and the a that give the value with b_set's ends: one of
        those, or the middle between two, is one of them if any is."""
        meeting = (self.a_for(value, b) for b in finite_ends(b_set))
        candidates = [*finite_ends(a_set), *(a for a in meeting if a is not None)]
        return any(
            member(a, a_set) and any(member(b, b_set) for b in self.b_for(value, a, b_set))
            for a in probes(*candidates)
        )


def _any_b(b_set: Interval, *, positive: bool = False) -> list[Fraction]:
    """Values of b_set (a middle, an end, or one beyond), positive ones only if asked."""
    return [b for b in probes(*finite_ends(b_set)) if b > 0 or not positive]


OPERATIONS = {
    "add": Operation(lambda a, b: a + b, lambda v, b: v - b, lambda v, a, _: [v - a]),
    "sub": Operation(lambda a, b: a - b, lambda v, b: v + b, lambda v, a, _: [a - v]),
    "times": Operation(
        lambda a, b: a * b,
        lambda v, b: v / b if b else None,
        lambda v, a, b_set: [v / a] if a else _any_b(b_set) if v == 0 else [],
    ),
    # a quotient needs b > 0 (0 / 0, any value, is the interval's convention, taken apart)
    "over": Operation(
        lambda a, b: a / b if b else None,
        lambda v, b: v * b,
        lambda v, a, b_set: (
            [b for b in [a / v] if b > 0] if v else _any_b(b_set, positive=True) if a == 0 else []
        ),
    ),
}


def apply(name: str, a_set: Interval, b_set: Interval) -> Interval | None:
    if name == "add":
        return a_set + b_set
    if name == "sub":
        return a_set - b_set
    if name == "times":
        return a_set.times(b_set)
    return a_set.over(b_set)


@settings(max_examples=600, derandomize=True)
@given(
    st.sampled_from(sorted(OPERATIONS)),
    grid_intervals(non_negative=True),
    grid_intervals(non_negative=True),
    st.booleans(),
)
def test_each_value_of_a_result_is_reached_and_each_value_reached_is_in_it(
    name: str, a_set: Interval, b_set: Interval, signed: bool
) -> None:
    """Sums, differences, products and quotients: a value lies in the result exactly when
    values of the operands give it, at the ends as between them (products and quotients are
    of non-negative intervals, sums and differences also of signed ones)."""
    if signed and name in ("add", "sub"):
        a_set, b_set = -a_set, b_set - Interval.point(2)
    operation = OPERATIONS[name]
    result = apply(name, a_set, b_set)
    if name == "over" and b_set.hi == 0:
        assert result is None  # a quotient by zero alone says nothing
        return
    assert result is not None
    zero_over_zero = name == "over" and member(F(0), a_set) and member(F(0), b_set)
    given_ends = [*finite_ends(a_set, b_set), F(0)]
    reached = (operation.forward(a, b) for a in given_ends for b in given_ends)
    for value in probes(*finite_ends(result), *(v for v in reached if v is not None)):
        expected = operation.reachable(value, a_set, b_set) or (zero_over_zero and value >= 0)
        assert member(value, result) is expected, (value, result)


@settings(max_examples=600, derandomize=True)
@given(grid_intervals(), grid_intervals(), st.sampled_from(["0.5", "2.5", "4"]), st.integers(-2, 2))
def test_each_one_interval_operation_keeps_exactly_its_values(
    a_set: Interval, b_set: Interval, factor: str, power: int
) -> None:
    """Negated, scaled, shifted, intersected, made non-negative, tested for a value or for
    being inside another: every value, at the ends as between them, is where exact
    arithmetic puts it."""
    scale, shift = F(factor), F(10) ** power
    common = a_set.intersect(b_set)
    positive = a_set.non_negative()
    values = probes(
        *finite_ends(a_set, b_set),
        *(end * scale for end in finite_ends(a_set)),
        *(end * shift for end in finite_ends(a_set)),
        *(-end for end in finite_ends(a_set)),
    )
    for value in values:
        assert member(value, -a_set) is member(-value, a_set)
        assert member(value, a_set.scaled(D(factor))) is member(value / scale, a_set)
        assert member(value, a_set.shifted(power)) is member(value / shift, a_set)
        in_both = member(value, a_set) and member(value, b_set)
        assert (common is not None and member(value, common)) is in_both
        in_positive = positive is not None and member(value, positive)
        assert in_positive is (member(value, a_set) and value >= 0)
        assert a_set.contains(value) is member(value, a_set)
    assert (common is None) is not any(member(v, a_set) and member(v, b_set) for v in values)
    assert a_set.overlaps(b_set) is (common is not None)
    inside = all(member(v, b_set) for v in values if member(v, a_set))
    assert a_set.within(b_set) is inside


@settings(max_examples=600, derandomize=True)
@given(grid_intervals())
def test_whole_keeps_exactly_the_span_of_the_whole_numbers_inside(interval: Interval) -> None:
    """An interval narrowed to its whole numbers: closed whole ends (or infinite), holding
    every value between its first and last whole number, and none beyond them."""
    whole = interval.whole()
    inside = [n for n in range(-10, 12) if member(F(n), interval)]
    if whole is None:
        assert not inside
        return
    for end, is_open in ((whole.lo, whole.lo_open), (whole.hi, whole.hi_open)):
        assert abs(end) == INF or (end == end.to_integral_value() and not is_open)
    for value in probes(*finite_ends(interval), *map(F, inside)):
        # (past the whole numbers counted, an infinite end has more)
        above = interval.lo == -INF or any(n <= value for n in inside)
        below = interval.hi == INF or any(n >= value for n in inside)
        spanned = above and below
        assert member(value, whole) is spanned, (value, whole)


# numbers.py ----------------------------------------------------------------------------------


fractions = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**5)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("2.5"), 0, "3"),
        (D("-2.5"), 0, "-3"),
        (D("3.5"), 0, "4"),  # not to even
        (D("0.125"), 2, "0.13"),
        (D("-0.125"), 2, "-0.13"),
        (D("2.4999"), 0, "2"),
        (F(1, 3), 3, "0.333"),
        (F(2, 3), 3, "0.667"),
        (F(-2, 3), 3, "-0.667"),
        (7, 2, "7.00"),
        (D("0.004"), 2, "0.00"),
        (D("-0.004"), 2, "0.00"),  # no negative zero
        (1250, -2, "1.3E+3"),  # to the hundred
    ],
)
def test_round_half_up(value: Decimal | Fraction | int, places: int, expected: str) -> None:
    rounded = round_half_up(value, places)
    assert isinstance(rounded, Decimal)
    assert str(rounded) == expected
    assert decimals_of(rounded) == places


@given(fractions, st.integers(-2, 6))
def test_round_half_up_is_nearest_and_halves_go_away_from_zero(value: F, places: int) -> None:
    rounded = F(round_half_up(value, places))
    unit = F(10) ** -places
    assert abs(rounded - value) <= unit / 2
    if abs(rounded - value) == unit / 2:
        assert abs(rounded) > abs(value)


@pytest.mark.parametrize(
    ("value", "places", "low", "high"),
    [
        (F(1, 3), 2, "0.33", "0.34"),
        (D("-1.234"), 2, "-1.24", "-1.23"),
        (D("1.20"), 1, "1.2", "1.2"),
        (D("-0.001"), 2, "-0.01", "0.00"),
        (D("1234"), -2, "1.2E+3", "1.3E+3"),
    ],
)
def test_round_outward(value: Decimal | Fraction, places: int, low: str, high: str) -> None:
    assert str(round_outward(value, places, up=False)) == low
    assert str(round_outward(value, places, up=True)) == high


@given(fractions, st.integers(-2, 6))
def test_round_outward_never_moves_an_end_inside(value: F, places: int) -> None:
    unit = F(10) ** -places
    high = F(round_outward(value, places, up=True))
    low = F(round_outward(value, places, up=False))
    assert value <= high < value + unit
    assert value - unit < low <= value


def test_is_terminating() -> None:
    assert is_terminating(F(1, 8))
    assert is_terminating(F(3, 20))
    assert is_terminating(F(0))
    assert is_terminating(F(-7, 1))
    assert not is_terminating(F(1, 3))
    assert not is_terminating(F(7, 6))
    assert not is_terminating(F(1, 2**10 * 5**3 * 7))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1E+3"), "1000"),
        (D("-0"), "0"),
        (D("-0.00"), "0.00"),
        (D("1.5E-7"), "0.00000015"),
        (D("-12.50"), "-12.50"),
        (D("5.55E+10"), "55500000000"),
    ],
)
def test_plain(value: Decimal, expected: str) -> None:
    assert plain(value) == expected


@given(st.integers(-(10**15), 10**15), st.integers(-20, 20))
def test_plain_is_positional_and_exact(digits: int, exponent: int) -> None:
    value = D(digits).scaleb(exponent)
    text = plain(value)
    assert "E" not in text.upper()
    assert not text.startswith("-") or value < 0
    assert D(text) == value


@pytest.mark.parametrize(
    ("value", "places", "up", "expected"),
    [
        (7, 0, None, "7"),
        (F(1, 8), 3, None, "0.125"),  # exact: the expansion ends within the places
        (F(1, 8), 5, None, "0.125"),
        (F(1, 8), 2, None, "0.13"),
        (F(1, 8), 2, False, "0.12"),
        (F(1, 8), 2, True, "0.13"),
        (F(1, 3), 4, None, "0.3333"),
        (F(1, 3), 4, True, "0.3334"),
        (F(-1, 3), 2, True, "-0.33"),
        (F(-1, 3), 2, False, "-0.34"),
        (D("1.500"), 5, None, "1.5"),
        (D("1E+3"), 0, None, "1000"),
        (F(1, 1000), 2, None, "0"),
        (F(-1, 1000), 2, None, "0"),
        (F(1, 1000), 2, True, "0.01"),
        (F(-1, 1000), 2, True, "0"),
        (F(29999999, 3000), 2, None, "10000"),  # rounds to a whole number, shown plainly
    ],
)
def test_exact_text(
    value: Decimal | Fraction | int, places: int, up: bool | None, expected: str
) -> None:
    assert exact_text(value, places, up=up) == expected


@given(st.integers(-(10**9), 10**9), st.integers(0, 6), st.integers(0, 6), st.integers(0, 8))
def test_exact_text_is_exact_when_the_expansion_ends_in_time(
    numerator: int, twos: int, fives: int, max_places: int
) -> None:
    value = F(numerator, 2**twos * 5**fives)
    text = exact_text(value, max_places)
    # The expansion of n / (2^a * 5^b) ends within max(a, b) places.
    if max(twos, fives) <= max_places:
        assert F(text) == value
    else:
        assert abs(F(text) - value) <= F(1, 2) * F(10) ** -max_places
    assert "E" not in text
    assert text != "-0"


@pytest.mark.parametrize(
    ("value", "minimum", "digits", "expected"),
    [
        (D("0.00241537"), 2, 3, 5),  # reads 0.00242, not 0.002
        (D("0.00241537"), 0, 1, 3),
        (D("241.537"), 1, 3, 1),
        (D("0.5"), 0, 3, 3),
        (D("-0.05"), 1, 3, 4),
        (0, 3, 3, 3),
        (D("1e-30"), 0, 3, MAX_SHOWN_PLACES),  # capped
    ],
)
def test_significant_places(value: Decimal | int, minimum: int, digits: int, expected: int) -> None:
    assert significant_places(value, minimum, digits) == expected


def test_move_point() -> None:
    moved = move_point(D("55.5"), 1)
    assert isinstance(moved, Decimal)
    assert moved == D("555")
    assert decimals_of(moved) == 0  # 55.5 billion is 555 yi: the printed digits stay
    billions = move_point(D("55.5"), 9)
    assert isinstance(billions, Decimal)
    assert billions == D("55500000000")
    assert decimals_of(billions) == -8
    assert move_point(F(1, 3), 2) == F(100, 3)
    assert move_point(5, -1) == F(1, 2)
    assert move_point(5, 0) == 5
    assert isinstance(move_point(5, 0), int)
    long = D("123456789012345678.123456789012")  # the loader's largest kind of number
    assert F(move_point(long, -9)) == F(long) / 10**9
    assert F(move_point(long, 9)) == F(long) * 10**9


@pytest.mark.parametrize(
    ("code", "scale", "amount", "expected"),
    [
        ("CNY", 9, True, "CNY billion"),
        ("CNY", 8, True, "CNY yi (10^8)"),
        ("m²", 4, False, "wan (10^4) m²"),
        ("%", 0, False, "%"),
        ("", 6, True, "million"),
        ("CNY", 5, True, "CNY 10^5"),
        ("", 0, True, ""),
    ],
)
def test_unit_label(code: str, scale: int, amount: bool, expected: str) -> None:
    assert unit_label(code, scale, amount=amount) == expected


def test_scale_word() -> None:
    assert scale_word(0) == ""
    assert scale_word(3) == "thousand"
    assert scale_word(-2) == "10^-2"


def test_negation_keeps_every_digit() -> None:
    """Unary minus on a Decimal rounds to the context's 28 digits; an interval's end must not."""
    end = Decimal("0.118421052631578947368421052631578947368421052631578947368422")
    negated = -Interval(Decimal(0), end)
    assert negated.lo == end.copy_negate()
    assert -negated == Interval(Decimal(0), end)
