"""Exact numbers: printed precision, rounding intervals, units and half-up display rounding.

Reported figures are `Decimal` (they keep the precision they were printed with); everything
computed from them is a `Fraction`, so sums and shares are exact and no binary float is ever
involved.
"""

from __future__ import annotations

import math
from decimal import Context, Decimal
from fractions import Fraction
from functools import cache

Exact = int | Decimal | Fraction

# Moving a decimal point must never round: enough digits for any number the loader accepts
# (under 10^18, at most 12 decimals) in any unit, rounded to any number of places.
_EXACT = Context(prec=80)
MAX_SHOWN_PLACES = 20

# Powers of ten of each amount unit (the names in `choices.UNIT_NAMES`), relative to one unit
# of currency.
UNIT_EXPONENTS: dict[str, int] = {"yuan": 0, "wan": 4, "million": 6, "yi": 8, "billion": 9}
_UNIT_WORDS = {
    "yuan": "",
    "wan": "wan (10^4)",
    "million": "million",
    "yi": "yi (10^8)",
    "billion": "billion",
}


def decimals_of(value: Decimal) -> int:
    """How many decimals a value was printed with (`229.49` -> 2, `55.5` -> 1, `1E+3` -> -3)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "only finite decimals reach here"
    return -exponent


def as_fraction(value: Exact) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


@cache
def _half_unit(decimals: int) -> Fraction:
    """½·10^−d, the rounding of a value printed with d decimals."""
    return Fraction(1, 2) * Fraction(10) ** -decimals


class Interval:
    """A closed interval [low, high] of exact rationals."""

    __slots__ = ("high", "low")

    def __init__(self, low: Fraction, high: Fraction) -> None:
        if low > high:
            raise ValueError(f"empty interval [{low}, {high}]")
        self.low = low
        self.high = high

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interval):
            return NotImplemented
        return (self.low, self.high) == (other.low, other.high)

    def __hash__(self) -> int:
        return hash((self.low, self.high))

    def __repr__(self) -> str:
        return f"Interval({self.low!r}, {self.high!r})"

    @classmethod
    def exact(cls, value: Exact) -> Interval:
        point = as_fraction(value)
        return cls(point, point)

    @classmethod
    def printed(cls, value: Decimal) -> Interval:
        """What a value printed with d decimals stands for: value ± ½·10^−d."""
        half = _half_unit(decimals_of(value))
        point = Fraction(value)
        return cls(point - half, point + half)

    @property
    def width(self) -> Fraction:
        return self.high - self.low

    def __contains__(self, value: Exact) -> bool:
        return self.low <= as_fraction(value) <= self.high

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def __mul__(self, other: Interval) -> Interval:
        ends = [a * b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError("interval divisor contains zero")
        return self * Interval(1 / other.high, 1 / other.low)

    def scaled(self, factor: Fraction) -> Interval:
        return self * Interval.exact(factor)

    def whole_numbers(self, minimum: int = 0) -> range:
        """The integers inside the interval and not below `minimum` (empty when none are)."""
        return range(max(math.ceil(self.low), minimum), math.floor(self.high) + 1)


def share_percent(part: Exact, whole: Exact) -> Fraction | None:
    """part / whole in percent, or None when the whole is zero (undefined, never 0)."""
    whole_f = as_fraction(whole)
    if whole_f == 0:
        return None
    return 100 * as_fraction(part) / whole_f


def growth_percent(current: Exact, previous: Exact) -> Fraction | None:
    """Growth from previous to current in percent, or None from a zero previous value."""
    previous_f = as_fraction(previous)
    if previous_f == 0:
        return None
    return 100 * (as_fraction(current) - previous_f) / previous_f


def ratio(numerator: Exact, denominator: Exact) -> Fraction | None:
    denominator_f = as_fraction(denominator)
    if denominator_f == 0:
        return None
    return as_fraction(numerator) / denominator_f


def unit_factor(from_unit: str, to_unit: str) -> Fraction:
    """The exact factor that turns an amount in `from_unit` into one in `to_unit`."""
    return Fraction(10) ** (UNIT_EXPONENTS[from_unit] - UNIT_EXPONENTS[to_unit])


def convert_amount(value: Exact, from_unit: str, to_unit: str) -> Exact:
    """Convert exactly; a Decimal stays a Decimal, keeping its printed digits (55.5 bn = 555 yi)."""
    shift = UNIT_EXPONENTS[from_unit] - UNIT_EXPONENTS[to_unit]
    if isinstance(value, Decimal):
        return value.scaleb(shift, _EXACT)
    return as_fraction(value) * Fraction(10) ** shift


def unit_label(currency: str, unit: str) -> str:
    word = _UNIT_WORDS[unit]
    return f"{currency} {word}" if word else currency


def round_half_up(value: Exact, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero (official statistics' convention)."""
    scaled = as_fraction(value) * Fraction(10) ** places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    digits = magnitude if scaled >= 0 else -magnitude
    return Decimal(digits).scaleb(-places, _EXACT)


def round_outward(value: Exact, places: int, *, up: bool) -> Decimal:
    """Round an interval's end away from its inside, so the shown interval still holds it."""
    scaled = as_fraction(value) * Fraction(10) ** places
    digits = math.ceil(scaled) if up else math.floor(scaled)
    return Decimal(digits).scaleb(-places, _EXACT)


def is_terminating(value: Fraction) -> bool:
    """Whether the fraction has a finite decimal expansion (its denominator is 2^a·5^b)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def plain(value: Decimal) -> str:
    """A decimal as positional digits, never in exponent notation."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def exact_text(value: Exact, max_places: int, *, up: bool | None = None) -> str:
    """Full precision: an int or a Decimal (a figure as printed, or moved to another unit)
    exactly; a fraction exactly when its decimal expansion ends within `max_places`, else
    rounded there, half-up or, with `up`, outward (True: a high end, False: a low end)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain(value)
    if is_terminating(value):
        places = 0
        while (value * 10**places).denominator != 1:
            places += 1
        if places <= max_places:
            return plain(round_half_up(value, places))
    rounded = (
        round_half_up(value, max_places) if up is None else round_outward(value, max_places, up=up)
    )
    return plain(rounded.normalize(_EXACT)) if rounded else "0"


def significant_places(value: Exact, minimum: int, digits: int = 3) -> int:
    """Decimals enough to show `digits` significant digits of a small value (never fewer than
    `minimum`): 0.00241537 needs 5 to read 0.00242, where 3 would read 0.002."""
    magnitude = abs(as_fraction(value))
    if magnitude == 0:
        return minimum
    places = 0
    while magnitude * 10**places < 10 ** (digits - 1) and places < MAX_SHOWN_PLACES:
        places += 1
    return max(minimum, places)
