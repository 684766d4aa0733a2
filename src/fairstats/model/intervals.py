"""Exact intervals: what a printed number stands for, and arithmetic that never loses it.

A number printed with d decimals stands for [v - 1/2*10^-d, v + 1/2*10^-d]; a qualifier widens
it ("about"), opens it ("more than 240" is (240, inf)) or bounds it on one side only. Ends are
`Decimal`s, possibly infinite, each either closed or open. Arithmetic rounds every lower end
down and every upper end up at 60 significant digits, so an interval always holds the exact
set, and sums and scalings of printed figures (at most 30 digits each) are exact.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING

from fairstats.model.rounding import decimals_of

__all__ = [
    "EVERYTHING",
    "INF",
    "NON_NEGATIVE",
    "POSITIVE",
    "QUALIFIER_TOLERANCE",
    "Interval",
    "half_unit",
    "printed_interval",
]

if TYPE_CHECKING:
    from fairstats.model.release import Printed

PRECISION = 60
DOWN = Context(prec=PRECISION, rounding=ROUND_FLOOR, Emax=10**6, Emin=-(10**6))
UP = Context(prec=PRECISION, rounding=ROUND_CEILING, Emax=10**6, Emin=-(10**6))
INF = Decimal("Infinity")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# "about X" and "nearly X" allow X's own rounding, or this share of X, whichever is wider.
QUALIFIER_TOLERANCE = Decimal("0.05")


@cache
def half_unit(decimals: int) -> Decimal:
    """1/2*10^-d, the rounding of a value printed with d decimals (exact)."""
    return Decimal(5).scaleb(-decimals - 1)


class Interval:
    """A non-empty set of reals between two ends, each closed or open, possibly infinite."""

    __slots__ = ("hi", "hi_open", "lo", "lo_open")

    def __init__(
        self, lo: Decimal, hi: Decimal, lo_open: bool = False, hi_open: bool = False
    ) -> None:
        self.lo = lo
        self.hi = hi
        self.lo_open = lo_open or lo == -INF
        self.hi_open = hi_open or hi == INF

    # Constructors ----------------------------------------------------------------------------

    @classmethod
    def point(cls, value: Decimal | int) -> Interval:
        point = value if isinstance(value, Decimal) else Decimal(value)
        return cls(point, point)

    @classmethod
    def at_least(cls, value: Decimal, *, open_: bool = False) -> Interval:
        return cls(value, INF, open_)

    @classmethod
    def at_most(cls, value: Decimal, *, open_: bool = False) -> Interval:
        return cls(-INF, value, False, open_)

    @classmethod
    def printed(cls, value: Decimal) -> Interval:
        """What a value printed with d decimals stands for: value +- 1/2*10^-d."""
        half = half_unit(decimals_of(value))
        return cls(DOWN.subtract(value, half), UP.add(value, half))

    @classmethod
    def qualified(cls, value: Decimal, qualifier: str, *, whole: bool = False) -> Interval:
        """The values a printed number allows, given its qualifier.

        `whole`: the number is an exact count (a whole number printed without a multiplier), so
        it has no rounding, and "more than 430" means at least 431.
        """
        rounding = cls.point(value) if whole else cls.printed(value)
        if qualifier == "exact":
            return rounding
        if qualifier in ("about", "nearly"):
            slack = UP.multiply(value.copy_abs(), QUALIFIER_TOLERANCE)
            lo = min(rounding.lo, DOWN.subtract(value, slack))
            hi = max(rounding.hi, UP.add(value, slack)) if qualifier == "about" else rounding.hi
            return cls(lo, hi)
        # A threshold is exact: "more than 240 billion" is about 240, not 239.5 to 240.5.
        if qualifier == "more_than":
            return cls.at_least(value + 1) if whole else cls.at_least(value, open_=True)
        if qualifier == "at_least":
            return cls.at_least(value)
        if qualifier == "less_than":
            return cls.at_most(value - 1) if whole else cls.at_most(value, open_=True)
        if qualifier == "up_to":
            return cls.at_most(value)
        raise ValueError(f"unknown qualifier {qualifier!r}")

    # Comparison ------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interval):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Decimal, Decimal, bool, bool]:
        return (self.lo, self.hi, self.lo_open, self.hi_open)

    def __repr__(self) -> str:
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        return f"{left}{self.lo}, {self.hi}{right}"

    @property
    def bounded(self) -> bool:
        return self.lo != -INF and self.hi != INF

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    @property
    def width(self) -> Decimal:
        return UP.subtract(self.hi, self.lo)

    def contains(self, value: Decimal | Fraction | int) -> bool:
        if self.lo != -INF:
            low = _as_fraction(self.lo)
            if value < low or (self.lo_open and value == low):
                return False
        if self.hi != INF:
            high = _as_fraction(self.hi)
            if value > high or (self.hi_open and value == high):
                return False
        return True

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or None when there is none."""
        lo, lo_open = _larger_low(self, other)
        hi, hi_open = _smaller_high(self, other)
        if lo > hi or (lo == hi and (lo_open or hi_open)):
            return None
        return Interval(lo, hi, lo_open, hi_open)

    def overlaps(self, other: Interval) -> bool:
        return self.intersect(other) is not None

    def within(self, other: Interval) -> bool:
        """Whether every value of self is a value of other."""
        lo_inside = self.lo > other.lo or (
            self.lo == other.lo and (self.lo_open or not other.lo_open)
        )
        hi_inside = self.hi < other.hi or (
            self.hi == other.hi and (self.hi_open or not other.hi_open)
        )
        return lo_inside and hi_inside

    # Arithmetic ------------------------------------------------------------------------------

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            DOWN.add(self.lo, other.lo),
            UP.add(self.hi, other.hi),
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __neg__(self) -> Interval:
        # copy_negate is exact; unary minus would round to the default context's 28 digits
        return Interval(self.hi.copy_negate(), self.lo.copy_negate(), self.hi_open, self.lo_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def times(self, other: Interval) -> Interval:
        """The product of two intervals of non-negative values."""
        lo, lo_open = _low_product(self, other)
        hi, hi_open = _high_product(self, other)
        return Interval(lo, hi, lo_open, hi_open)

    def over(self, other: Interval) -> Interval | None:
        """The quotient of two intervals of non-negative values; None when the divisor is
        exactly zero (nothing can be said)."""
        if other.hi == 0:
            return None
        if _closed_zero_low(self) and _closed_zero_low(other):
            return NON_NEGATIVE  # 0 / 0: any value
        lo, lo_open = _low_quotient(self, other)
        hi, hi_open = _high_quotient(self, other)
        return Interval(lo, hi, lo_open, hi_open)

    def scaled(self, factor: Decimal) -> Interval:
        """Multiplied by a positive constant."""
        return Interval(
            self.lo if self.lo == -INF else DOWN.multiply(self.lo, factor),
            self.hi if self.hi == INF else UP.multiply(self.hi, factor),
            self.lo_open,
            self.hi_open,
        )

    def shifted(self, power: int) -> Interval:
        """Multiplied by 10^power: exact."""
        return Interval(
            self.lo.scaleb(power, DOWN), self.hi.scaleb(power, UP), self.lo_open, self.hi_open
        )

    def non_negative(self) -> Interval | None:
        return self.intersect(NON_NEGATIVE)

    def whole(self) -> Interval | None:
        """Narrowed to its whole numbers (closed ends), or None when it holds none."""
        lo = self.lo
        if lo != -INF:
            lo = _integral(lo, up=True)
            if self.lo_open and lo == self.lo:
                lo += 1
        hi = self.hi
        if hi != INF:
            hi = _integral(hi, up=False)
            if self.hi_open and hi == self.hi:
                hi -= 1
        if lo > hi:
            return None
        return Interval(lo, hi)

    def whole_numbers(self) -> tuple[int, int] | None:
        """The first and last whole number inside (None when none is, or unbounded)."""
        narrowed = self.whole()
        if narrowed is None or not narrowed.bounded:
            return None
        return int(narrowed.lo), int(narrowed.hi)


NON_NEGATIVE = Interval(ZERO, INF)
POSITIVE = Interval(ZERO, INF, lo_open=True)
EVERYTHING = Interval(-INF, INF)


def _as_fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def _integral(value: Decimal, *, up: bool) -> Decimal:
    rounded = value.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
    return Decimal(int(rounded))  # exact at any size, no exponent, no negative zero


def _larger_low(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if a.lo > b.lo:
        return a.lo, a.lo_open
    if b.lo > a.lo:
        return b.lo, b.lo_open
    return a.lo, a.lo_open or b.lo_open


def _smaller_high(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if a.hi < b.hi:
        return a.hi, a.hi_open
    if b.hi < a.hi:
        return b.hi, b.hi_open
    return a.hi, a.hi_open or b.hi_open


def _closed_zero_low(interval: Interval) -> bool:
    return interval.lo == 0 and not interval.lo_open


def _low_product(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if _closed_zero_low(a) or _closed_zero_low(b):
        return ZERO, False  # 0 times anything is 0, and 0 is there
    return DOWN.multiply(a.lo, b.lo), a.lo_open or b.lo_open


def _high_product(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if a.hi == 0 or b.hi == 0:
        return ZERO, False
    if INF in (a.hi, b.hi):
        return INF, True
    return UP.multiply(a.hi, b.hi), a.hi_open or b.hi_open


def _low_quotient(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if _closed_zero_low(a):
        return ZERO, False
    if b.hi == INF:
        return ZERO, True  # approached, never reached
    return DOWN.divide(a.lo, b.hi), a.lo_open or b.hi_open


def _high_quotient(a: Interval, b: Interval) -> tuple[Decimal, bool]:
    if a.hi == 0:
        return ZERO, False
    if b.lo == 0 or a.hi == INF:
        return INF, True
    return UP.divide(a.hi, b.lo), a.hi_open or b.lo_open


def printed_interval(printed: Printed) -> Interval:
    """What a printed number allows, in its own unit: its rounding, widened, opened or made
    one-sided by its qualifier."""
    return Interval.qualified(printed.value, printed.qualifier, whole=printed.whole)
