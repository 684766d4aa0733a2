"""Verdicts: a printed number judged against the same number computed from other figures.

- consistent: it holds at the printed values of the figures it relates (each rounded as the
  source rounds it), or, where one of them is not printed, at some value the other statements
  allow it;
- within_rounding: it holds only once the rounding of the printed figures is allowed for;
- inconsistent: it cannot hold together with the others;
- not_testable: nothing else constrains what it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from fairstats.intervals import (
    DOWN,
    INF,
    Interval,
    printed_interval,
)
from fairstats.model import (
    Printed,
)
from fairstats.numbers import decimals_of, round_half_up
from fairstats.results import Phrase, Quantity


class Verdict:
    """A check's outcome, as csv and json print it."""

    CONSISTENT = "consistent"
    WITHIN_ROUNDING = "within_rounding"  # agrees only once printed rounding is allowed for
    INCONSISTENT = "inconsistent"
    NOT_TESTABLE = "not_testable"


VERDICTS = (Verdict.CONSISTENT, Verdict.WITHIN_ROUNDING, Verdict.INCONSISTENT, Verdict.NOT_TESTABLE)
# Best first: a statement read several ways takes its best reading's verdict.
_PREFERENCE = (
    Verdict.CONSISTENT,
    Verdict.WITHIN_ROUNDING,
    Verdict.NOT_TESTABLE,
    Verdict.INCONSISTENT,
)
EXACT_WEIGHT = 2  # an exact figure is doubted after a relation or a qualified figure
OTHER_WEIGHT = 1


class Evaluation:
    """One statement judged: the figure as reported, the same figure computed from the
    others (with the interval their rounding allows), the verdict and the reason."""

    __slots__ = ("computed", "detail", "reported", "verdict")

    def __init__(
        self,
        verdict: str,
        detail: Phrase,
        reported: Quantity | None = None,
        computed: Quantity | None = None,
    ) -> None:
        self.verdict = verdict
        self.detail = detail
        self.reported = reported
        self.computed = computed


def join(phrases: Sequence[Phrase], separator: str = "; ") -> Phrase:
    return Phrase(
        separator.join(p.template for p in phrases),
        tuple(value for p in phrases for value in p.values),
    )


def scaled(value: Fraction, scale: int) -> Fraction:
    """A value in units of one, shown in units of 10^scale."""
    return value / Fraction(10) ** scale


def satisfies(printed: Printed, value: Fraction) -> bool:
    """Whether a value, in the printed number's unit, reads as printed: rounded as the source
    rounds for a plain figure, or inside what a qualifier allows."""
    if printed.qualifier == "exact":
        if printed.whole:
            return value == printed.value
        return round_half_up(value, decimals_of(printed.value)) == printed.value
    return printed_interval(printed).contains(value)


def exact_decimal(value: Fraction) -> Decimal:
    """A fraction with a finite decimal expansion (a printed figure times a power of ten) as a
    Decimal, exactly."""
    return DOWN.divide(Decimal(value.numerator), Decimal(value.denominator))


def unbounded(interval: Interval | None) -> bool:
    return interval is None or interval.hi == INF


class Operands:
    """The quantities a printed number is computed from: each one's figure as printed (its
    point) where there is one, and what the other statements allow it."""

    def __init__(self, points: list[Fraction | None], intervals: list[Interval]) -> None:
        self.points = points
        self.intervals = intervals

    @property
    def all_points(self) -> list[Fraction] | None:
        if any(point is None for point in self.points):
            return None
        return [point for point in self.points if point is not None]

    def mixed(self) -> list[Interval]:
        """Points where there are points, intervals elsewhere."""
        return [
            Interval.point(exact_decimal(point)) if point is not None else interval
            for point, interval in zip(self.points, self.intervals, strict=True)
        ]


def judge(
    printed: Printed,
    operands: Operands,
    value_of: Callable[[list[Fraction]], Fraction | None],
    interval_of: Callable[[list[Interval]], Interval | None],
) -> tuple[str, Fraction | None, Interval | None]:
    """A printed number against the same number computed from its operands: the verdict, the
    computed value (when every operand is printed) and the interval their rounding allows.

    consistent: the printed figures give it as printed (rounded as the source rounds), or, where
    an operand is not printed, some value the others allow it does; within_rounding: only the
    rounding of the figures lets them meet; inconsistent: nothing lets them.
    """
    allowed = printed_interval(printed)
    points = operands.all_points
    point = value_of(points) if points is not None else None
    interval = interval_of(operands.intervals)
    if (point is not None and satisfies(printed, point)) or (
        points is None
        and (mixed := interval_of(operands.mixed())) is not None
        and mixed.overlaps(allowed)
    ):
        verdict = Verdict.CONSISTENT
    elif interval is None:
        verdict = Verdict.NOT_TESTABLE
    else:
        verdict = Verdict.WITHIN_ROUNDING if interval.overlaps(allowed) else Verdict.INCONSISTENT
    return verdict, point, interval
