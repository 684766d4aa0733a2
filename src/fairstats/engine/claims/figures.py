"""Printed figures as claims: a value as printed (exact, rounded or a bound), and a count listed
by name, which is as many as its names."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.engine.claims.base import NO_SCALE, Claim
from fairstats.engine.derive import printed_quantity, result_kind
from fairstats.engine.verdicts import (
    EXACT_WEIGHT,
    OTHER_WEIGHT,
    Evaluation,
    Verdict,
    judge,
    satisfies,
    scaled,
)
from fairstats.engine.wording import (
    against_bound,
    items_named,
    nothing_else_gives,
    others_allow,
    statement_label,
    two_printings,
)
from fairstats.model.intervals import (
    ZERO,
    Interval,
    printed_interval,
)
from fairstats.model.release import (
    Figure,
    Release,
)
from fairstats.model.results import Basis, Kind, Quantity, Unit
from fairstats.model.rounding import decimals_of, move_point
from fairstats.model.series import Quantity as Key

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit


class ValueClaim(Claim):
    """A printed figure: the quantity lies in what its printing allows."""

    rule = "value"

    def __init__(self, release: Release, figure: Figure, key: Key) -> None:
        super().__init__(release, figure.place)
        assert figure.printed is not None
        self.figure = figure
        self.printed = figure.printed
        self.key = key
        self.exact = figure.printed.qualifier == "exact"
        self.weight = EXACT_WEIGHT if self.exact else OTHER_WEIGHT
        self.first = False  # the first exact printing of its quantity: the data, not a check

    @property
    def shown(self) -> bool:
        return not self.first

    def quantities(self) -> tuple[Key, ...]:
        return (self.key,)

    def source(self) -> str | None:
        return self.figure.source

    def allowed(self) -> Interval:
        """What the printing allows, in units of one (never below zero)."""
        allowed = printed_interval(self.printed).shifted(self.printed.scale)
        return allowed.non_negative() or Interval.point(ZERO)

    def point(self) -> Fraction:
        return Fraction(self.printed.value) * Fraction(10) ** self.printed.scale

    def build(self, audit: Audit) -> None:
        # a printing that allows no value of zero or more ("less than 0 projects") stands as
        # printed, so that it conflicts on its own rather than reading as 0
        printed = printed_interval(self.printed).shifted(self.printed.scale)
        allowed = printed.non_negative() or printed
        audit.system.member(self.index, audit.var(self.key), allowed)

    def label(self, audit: Audit) -> str:
        name = audit.key_label(self.key, self.release)
        return statement_label(self.rule, name, where=self.figure.where)

    @property
    def unit(self) -> Unit:
        return Unit(self.key.unit, self.printed.scale)

    def reported(self, audit: Audit) -> Quantity:
        return printed_quantity(self.printed, self.unit, result_kind(audit.kind_of(self.key)))

    def evaluate(self, audit: Audit) -> Evaluation:
        reported = self.reported(audit)
        kind = result_kind(audit.kind_of(self.key))
        scale = self.printed.scale
        other = audit.point_printing(self.key, self)
        if self.exact and other is not None:
            return self._against_printing(audit, other, reported)
        operands = audit.operands([self.key], self)
        if isinstance(operands, Key):
            label = audit.key_label(self.key, self.release)
            return Evaluation(Verdict.NOT_TESTABLE, nothing_else_gives(label), reported)
        verdict, _, interval = judge(
            self.printed,
            operands,
            lambda points: scaled(points[0], scale),
            lambda intervals: intervals[0].shifted(-scale),
        )
        if other is not None:
            # the other printing's digits, moved to this one's unit: 164.6 yi reads 16.46 bn
            value = move_point(other.printed.value, other.printed.scale - scale)
            computed = Quantity(value, kind, Basis.REPORTED, self.unit, interval, printed=True)
        else:
            computed = Quantity(None, kind, Basis.IMPLIED, self.unit, interval)
        if self.exact:
            return Evaluation(verdict, others_allow(computed), reported, computed)
        # the reported quantity renders with its qualifier: "1100.4 is more than 1100"
        wholly = other is not None or (
            interval is not None and interval.within(printed_interval(self.printed))
        )
        detail = against_bound(verdict, computed, reported, wholly=wholly)
        return Evaluation(verdict, detail, reported, computed)

    def _against_printing(self, audit: Audit, other: ValueClaim, reported: Quantity) -> Evaluation:
        """Two plain printings of one quantity agree when the finer, rounded like the coarser,
        reads as it (447.1 printed again as 447)."""
        computed = other.reported(audit)
        finer, coarser = sorted((self, other), key=lambda c: -c.precision)
        if satisfies(coarser.printed, scaled(finer.point(), coarser.printed.scale)):
            verdict = Verdict.CONSISTENT
        elif self.allowed().overlaps(other.allowed()):
            verdict = Verdict.WITHIN_ROUNDING
        else:
            verdict = Verdict.INCONSISTENT
        detail = two_printings(verdict, reported, computed)
        return Evaluation(verdict, detail, reported, computed)

    @property
    def precision(self) -> int:
        """The power of ten of the last printed digit, negated: larger is finer."""
        return decimals_of(self.printed.value) - self.printed.scale


class ListedClaim(Claim):
    """A count that names its items: all of them, or examples."""

    rule = "listed_items"

    def __init__(self, release: Release, figure: Figure, key: Key) -> None:
        super().__init__(release, f"{figure.place}.items")
        self.figure = figure
        self.key = key

    def quantities(self) -> tuple[Key, ...]:
        return (self.key,)

    def source(self) -> str | None:
        return self.figure.source

    def reported(self, audit: Audit) -> Quantity:
        assert self.figure.printed is not None
        return printed_quantity(self.figure.printed, NO_SCALE, Kind.COUNT)

    def build(self, audit: Audit) -> None:
        named = Decimal(len(self.figure.items))
        allowed = (
            Interval.point(named) if self.figure.listing == "complete" else Interval.at_least(named)
        )
        audit.system.member(self.index, audit.var(self.key), allowed)

    def label(self, audit: Audit) -> str:
        return statement_label(self.rule, audit.key_label(self.key, self.release))

    def evaluate(self, audit: Audit) -> Evaluation:
        assert self.figure.printed is not None
        named = len(self.figure.items)
        stated = self.figure.printed.value
        reported = self.reported(audit)
        computed = Quantity(named, Kind.COUNT, Basis.COMPUTED)
        complete = self.figure.listing == "complete"
        holds = stated == named if complete else stated >= named
        verdict = Verdict.CONSISTENT if holds else Verdict.INCONSISTENT
        detail = items_named(reported, computed, complete=complete)
        return Evaluation(verdict, detail, reported, computed)
