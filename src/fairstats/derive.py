"""Figures as the reports show them, and what is computed from them exactly: shares, averages
and growth between printed figures. No solving here: that is `solve` and `audit`."""

from __future__ import annotations

from fractions import Fraction

from fairstats.model import AMOUNT, COUNT, THIS_EDITION, Figure, Printed, Release
from fairstats.results import PERCENT, Basis, Kind, Phrase, Quantity, Unit


def result_kind(measure_kind: str) -> str:
    """How a measure's figures are shown (only amounts move with `--unit`)."""
    return {COUNT: Kind.COUNT, AMOUNT: Kind.AMOUNT}.get(measure_kind, Kind.MEASURE)


def printed_quantity(printed: Printed, unit: Unit, kind: str) -> Quantity:
    """A number as the source printed it."""
    value = int(printed.value) if printed.whole else printed.value
    qualifier = "" if printed.qualifier == "exact" else printed.qualifier
    return Quantity(value, kind, Basis.REPORTED, unit, printed=True, qualifier=qualifier)


def printed_percent(printed: Printed) -> Quantity:
    return printed_quantity(printed, PERCENT, Kind.PERCENT)


def point_of(printed: Printed) -> Fraction:
    """A printed number in units of one (36 wan -> 360000), exactly."""
    return scaled_by(Fraction(*printed.value.as_integer_ratio()), printed.scale)


def scaled_by(value: Fraction, power: int) -> Fraction:
    """value * 10^power, exactly (with integers: many figures pass here)."""
    if power >= 0:
        return Fraction(value.numerator * 10**power, value.denominator)
    return Fraction(value.numerator, value.denominator * 10**-power)


def in_scale(value: Fraction, scale: int) -> Fraction:
    """A value in units of one, in units of 10^scale."""
    return scaled_by(value, -scale)


def share_percent(part: Fraction, whole: Fraction) -> Fraction | None:
    """part / whole in percent, or None when the whole is zero (undefined, never 0)."""
    return None if whole == 0 else 100 * part / whole


def growth_percent(current: Fraction, previous: Fraction) -> Fraction | None:
    """Growth from previous to current in percent, or None from nothing."""
    return None if previous == 0 else 100 * (current - previous) / previous


def one_plus(rate: Quantity) -> Phrase:
    """One plus a growth rate, as a formula shows it: "1 + 12.5%", and for a fall "1 - 12.5%",
    never "1 + -12.5%". A qualified rate reads as printed ("1 + more than -5%"): turning its
    sign round would turn its qualifier round too."""
    value = rate.value
    if value is None or value >= 0 or rate.qualifier:
        return Phrase("1 + {}", (rate,))
    interval = None if rate.interval is None else -rate.interval
    fall = Quantity(-value, rate.kind, rate.basis, rate.unit, interval, rate.printed)
    return Phrase("1 - {}", (fall,))


def percent(value: Fraction | None, basis: str = Basis.COMPUTED) -> Quantity:
    return Quantity(value, Kind.PERCENT, basis, PERCENT)


class Figures:
    """A release's exact printed figures of its own edition, by scope, measure and unit."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.exact: dict[tuple[str, str, str], Figure] = {}
        for figure in release.figures:
            printed = figure.printed
            if (
                printed is None
                or printed.qualifier != "exact"
                or figure.ref.edition.kind != (THIS_EDITION)
            ):
                continue
            self.exact.setdefault((figure.ref.scope, figure.ref.measure, figure.ref.unit), figure)

    def get(self, scope: str, measure: str, unit: str) -> Figure | None:
        return self.exact.get((scope, measure, unit))

    def point(self, scope: str, measure: str, unit: str) -> Fraction | None:
        figure = self.get(scope, measure, unit)
        return None if figure is None or figure.printed is None else point_of(figure.printed)

    def quantity(self, figure: Figure) -> Quantity:
        assert figure.printed is not None
        measure = self.release.measures[figure.ref.measure]
        return printed_quantity(
            figure.printed, Unit(figure.ref.unit, figure.printed.scale), result_kind(measure.kind)
        )

    def unit_of(self, scope: str, measure: str, unit: str) -> Unit:
        """The unit a quantity is shown in: its printing's, else its measure's default."""
        figure = self.get(scope, measure, unit)
        if figure is not None and figure.printed is not None:
            return Unit(unit, figure.printed.scale)
        return Unit(unit, self.release.measures[measure].scale)

    def average(self, scope: str, amount: str, unit: str) -> Quantity | None:
        """An amount per counted thing, of a measure that names its count, where both are
        printed: exact, in the amount's unit."""
        measure = self.release.measures[amount]
        assert measure.per is not None  # (each caller asks only of such a measure)
        total = self.point(scope, amount, unit)
        count = self.point(scope, measure.per, "")
        if total is None or count is None:
            return None
        shown = self.unit_of(scope, amount, unit)
        value = None if count == 0 else in_scale(total / count, shown.scale)
        return Quantity(value, Kind.AMOUNT, Basis.COMPUTED, shown)
