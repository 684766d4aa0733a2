"""Numbers for display: half-up rounding, outward rounding of interval ends, exact digits, and
units of measure with their multipliers.

Reported figures are `Decimal`s that keep the precision they were printed with; computed ones
are `Fraction`s; no binary float is ever involved.
"""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction

__all__ = [
    "MAX_SHOWN_PLACES",
    "UNIT_EXPONENTS",
    "Exact",
    "as_fraction",
    "decimals_of",
    "exact_text",
    "is_terminating",
    "move_point",
    "plain",
    "round_half_up",
    "round_outward",
    "scale_word",
    "significant_places",
    "unit_label",
    "within_limits",
]

Exact = int | Decimal | Fraction

# Moving a decimal point must never round: enough digits for any number the loader accepts
# (under 10^18, at most 12 decimals) in any unit, rounded to any number of places.
_EXACT = Context(prec=80)
_MAX_DECIMALS = 12
_MAX_MAGNITUDE_DIGITS = 18
MAX_SHOWN_PLACES = 20

# Multipliers by name, as powers of ten (the names in `choices.UNIT_NAMES`).
UNIT_EXPONENTS: dict[str, int] = {
    "yuan": 0,
    "thousand": 3,
    "wan": 4,
    "million": 6,
    "yi": 8,
    "billion": 9,
}
_SCALE_WORDS = {3: "thousand", 4: "wan (10^4)", 6: "million", 8: "yi (10^8)", 9: "billion"}


def scale_word(scale: int) -> str:
    """How a multiplier reads after a unit: "billion", "yi (10^8)", or "10^5"."""
    return "" if scale == 0 else _SCALE_WORDS.get(scale, f"10^{scale}")


def unit_label(code: str, scale: int, *, amount: bool) -> str:
    """A unit and its multiplier for people: "CNY billion", "wan (10^4) m²", "%"."""
    word = scale_word(scale)
    if not word:
        return code
    if not code:
        return word
    return f"{code} {word}" if amount else f"{word} {code}"


def as_fraction(value: Exact) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def decimals_of(value: Decimal) -> int:
    """How many decimals a value was printed with (`229.49` -> 2, `55.5` -> 1, `1E+3` -> -3)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "only finite decimals reach here"
    return -exponent


def within_limits(value: Decimal) -> bool:
    """A number a dataset may hold: below 10^18, its last printed digit standing for less than
    10^18 (zero included: 0E+1000000 would stand for +-5E+999999), and at most 12 decimals."""
    decimals = decimals_of(value)  # NaN and Infinity never parse
    # adjusted() is the power of ten of the leading digit; no arithmetic, so no overflow
    too_large = value.adjusted() >= _MAX_MAGNITUDE_DIGITS or -decimals >= _MAX_MAGNITUDE_DIGITS
    return not too_large and decimals <= _MAX_DECIMALS


def move_point(value: Exact, shift: int) -> Exact:
    """Multiply by 10^shift exactly; a Decimal stays a Decimal and keeps its printed digits
    (55.5 billion = 555 yi)."""
    if shift == 0:
        return value
    if isinstance(value, Decimal):
        return value.scaleb(shift, _EXACT)
    return as_fraction(value) * Fraction(10) ** shift


def round_half_up(value: Exact, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero (official statistics' convention).
    A decimal with no more decimals than that is returned as it is."""
    if isinstance(value, Decimal) and decimals_of(value) <= places:
        return value
    numerator, denominator = value.as_integer_ratio()
    quotient, remainder = divmod(
        abs(numerator) * 10**places if places >= 0 else abs(numerator),
        denominator if places >= 0 else denominator * 10**-places,
    )
    quotient += 2 * remainder >= (denominator if places >= 0 else denominator * 10**-places)
    return Decimal(quotient if numerator >= 0 else -quotient).scaleb(-places, _EXACT)


def round_outward(value: Exact, places: int, *, up: bool) -> Decimal:
    """Round an interval's end away from its inside, so the shown interval still holds it."""
    if isinstance(value, Decimal) and decimals_of(value) <= places:
        return value
    numerator, denominator = value.as_integer_ratio()
    if places >= 0:
        numerator *= 10**places
    else:
        denominator *= 10**-places
    quotient = -(-numerator // denominator) if up else numerator // denominator
    return Decimal(quotient).scaleb(-places, _EXACT)


def is_terminating(value: Fraction) -> bool:
    """Whether the fraction has a finite decimal expansion (its denominator is 2^a·5^b)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def plain(value: Decimal) -> str:
    """A decimal as positional digits, never in exponent notation, and never "-0"."""
    text = format(value, "f")
    return text.lstrip("-") if value.is_zero() else text


def exact_text(value: Exact, max_places: int, *, up: bool | None = None) -> str:
    """Full precision: an int exactly; a fraction or a computed decimal exactly when its
    decimal expansion ends within `max_places`, else rounded there, half-up or, with `up`,
    outward (True: a high end, False: a low end); trailing zeros dropped.

    Integer arithmetic throughout: a large report writes this for every computed cell."""
    if isinstance(value, int):
        return str(value)
    numerator, denominator = value.as_integer_ratio()
    places = _terminating_places(denominator)
    if places is not None and places <= max_places:
        digits = numerator * 10**places // denominator  # exact
    else:
        places = max_places
        quotient, remainder = divmod(abs(numerator) * 10**places, denominator)
        if up is None:
            quotient += 2 * remainder >= denominator  # half-up: halves away from zero
        elif remainder and up == (numerator > 0):
            quotient += 1  # outward: away from the interval's inside
        digits = quotient if numerator >= 0 else -quotient
    return _decimal_digits(digits, places)


def _terminating_places(denominator: int) -> int | None:
    """The decimals a fraction with this (positive, reduced) denominator needs, or None when
    its expansion never ends (the denominator has a prime factor other than 2 and 5)."""
    twos = (denominator & -denominator).bit_length() - 1
    rest = denominator >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return max(twos, fives) if rest == 1 else None


def _decimal_digits(digits: int, places: int) -> str:
    """digits * 10^-places as positional text, trailing zeros and "-0" dropped."""
    if digits == 0:
        return "0"
    sign = "-" if digits < 0 else ""
    text = str(abs(digits))
    if places <= 0:
        return sign + text + "0" * -places
    text = text.rjust(places + 1, "0")
    whole, fraction = text[:-places], text[-places:].rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else sign + whole


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
