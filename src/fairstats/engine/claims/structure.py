"""What a release states by its shape, as claims: the categories of a complete dimension make up
their scope (a partial one's, at most); a scope within another has at most its counts and
amounts; one source printing a quantity in two currencies converts between them at a rate of its
own."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.engine.claims.base import Claim
from fairstats.engine.claims.figures import ValueClaim
from fairstats.engine.derive import printed_quantity, result_kind, share_percent
from fairstats.engine.verdicts import (
    Evaluation,
    Verdict,
    exact_decimal,
    join,
    satisfies,
    scaled,
    unbounded,
)
from fairstats.engine.wording import (
    no_figure_for,
    no_other_conversion,
    not_listed,
    nothing_else_gives,
    nothing_to_compare,
    other_conversions_allow,
    part_of,
    rate_of,
    statement_label,
    sum_of_parts,
)
from fairstats.model.intervals import (
    ZERO,
    Interval,
)
from fairstats.model.release import (
    Dimension,
    Release,
)
from fairstats.model.results import PERCENT, Basis, Kind, Quantity, Unit
from fairstats.model.series import Quantity as Key

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit


class PartsClaim(Claim):
    """The categories of a dimension add up to their scope (complete), or to at most it."""

    rule = "parts_sum"

    def __init__(
        self, release: Release, dimension: Dimension, whole: Key, parts: list[Key], index: int
    ) -> None:
        super().__init__(release, f"$.dimensions[{index}]")
        self.dimension = dimension
        self.whole = whole
        self.parts = parts

    def quantities(self) -> tuple[Key, ...]:
        return (self.whole, *self.parts)

    def bounds_above(self, key: Key) -> bool:
        # parts that may fall short of the whole only bound it from below
        return self.dimension.complete or key != self.whole

    def build(self, audit: Audit) -> None:
        allowed = Interval.point(ZERO) if self.dimension.complete else Interval.at_most(ZERO)
        terms = [(1, audit.var(part)) for part in self.parts]
        audit.system.total(self.index, [*terms, (-1, audit.var(self.whole))], allowed)

    def label(self, audit: Audit) -> str:
        return statement_label(
            self.rule,
            audit.scope_name(self.whole, self.release),
            self.dimension.name,
            audit.measure_name(self.whole.measure, self.release),
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        kind = result_kind(audit.kind_of(self.whole))
        unit = audit.display_unit(self.whole)
        whole = audit.point_printing(self.whole, self)
        reported = printed_quantity(whole.printed, whole.unit, kind) if whole else None
        operands = audit.operands(self.parts, self)
        if isinstance(operands, Key):
            missing = (audit.scope_name(operands, self.release), audit.qualified(operands))
            return Evaluation(Verdict.NOT_TESTABLE, no_figure_for([missing]), reported)
        total = _sum_of(operands.intervals)
        points = operands.all_points
        exact_sum = None if points is None else sum(points, Fraction(0))
        computed = Quantity(
            # a sum of printed figures has a finite expansion: shown with its exact digits
            None if exact_sum is None else exact_decimal(scaled(exact_sum, unit.scale)),
            kind,
            Basis.COMPUTED,
            unit,
            total.shifted(-unit.scale),
        )
        formula = sum_of_parts([audit.value_quantity(part, self) for part in self.parts], computed)
        whole_interval = audit.others_interval(self.whole, self)
        if whole_interval is None or (whole is None and unbounded(whole_interval)):
            label = audit.key_label(self.whole, self.release)
            return Evaluation(
                Verdict.NOT_TESTABLE,
                join([nothing_else_gives(label), formula]),
                reported,
                computed,
            )
        complete = self.dimension.complete
        # A partial breakdown's parts may fall short of the whole, never exceed it.
        allowed = (
            whole_interval
            if complete
            else Interval.at_most(whole_interval.hi, open_=whole_interval.hi_open)
        )
        if exact_sum is not None and whole is not None:
            holds = (
                satisfies(whole.printed, scaled(exact_sum, whole.printed.scale))
                if complete
                else exact_sum <= whole.point()
            )
        else:
            holds = _sum_of(operands.mixed()).overlaps(allowed)
        if holds:
            verdict = Verdict.CONSISTENT
        else:
            verdict = Verdict.WITHIN_ROUNDING if total.overlaps(allowed) else Verdict.INCONSISTENT
        if complete or exact_sum is None or whole is None:
            return Evaluation(verdict, formula, reported, computed)
        rest = whole.point() - exact_sum
        left_out = not_listed(
            Quantity(exact_decimal(scaled(rest, unit.scale)), kind, Basis.COMPUTED, unit),
            Quantity(share_percent(rest, whole.point()), Kind.PERCENT, Basis.COMPUTED, PERCENT),
        )
        return Evaluation(verdict, join([formula, left_out]), reported, computed)


def _sum_of(intervals: list[Interval]) -> Interval:
    total = Interval.point(ZERO)
    for interval in intervals:
        total = total + interval
    return total


class WithinClaim(Claim):
    """A scope inside another has at most its parent's count or amount."""

    rule = "within"

    def __init__(self, release: Release, place: str, sub: Key, parent: Key) -> None:
        super().__init__(release, place)
        self.sub = sub
        self.parent = parent

    @property
    def shown(self) -> bool:
        return self._testable

    _testable = False

    def quantities(self) -> tuple[Key, ...]:
        return (self.sub, self.parent)

    def bounds_above(self, key: Key) -> bool:
        return key != self.parent

    def build(self, audit: Audit) -> None:
        audit.system.total(
            self.index,
            [(1, audit.var(self.sub)), (-1, audit.var(self.parent))],
            Interval.at_most(ZERO),
        )
        self._testable = bool(audit.printings.get(self.sub)) and bool(
            audit.printings.get(self.parent)
        )

    def label(self, audit: Audit) -> str:
        return statement_label(
            self.rule,
            audit.key_label(self.sub, self.release),
            audit.scope_name(self.parent, self.release),
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        sub, parent = (audit.others_interval(key, self) for key in (self.sub, self.parent))
        if sub is None or parent is None:
            return Evaluation(Verdict.NOT_TESTABLE, nothing_to_compare())
        # each figure as printed: the part, and the whole it lies within
        reported = audit.value_quantity(self.parent, self)
        computed = audit.value_quantity(self.sub, self)
        sub_point, parent_point = audit.point(self.sub, self), audit.point(self.parent, self)
        if sub_point is not None and parent_point is not None:
            holds = sub_point <= parent_point
        else:
            # a bound or an unprinted figure: it holds at some value the others allow it, with
            # a printed figure at its value (as `judge` reads a relation): "1000多" within
            # "3500多" is no matter of rounding
            low = sub.lo if sub_point is None else sub_point
            holds = low <= (parent.hi if parent_point is None else parent_point)
        if holds:
            verdict = Verdict.CONSISTENT
        else:
            verdict = Verdict.WITHIN_ROUNDING if sub.lo <= parent.hi else Verdict.INCONSISTENT
        return Evaluation(verdict, part_of(computed, reported), reported, computed)


class ConversionClaim(Claim):
    """One source prints a quantity in two currencies: one is the other at the source's rate."""

    rule = "conversion"

    def __init__(
        self,
        release: Release,
        source: str,
        anchor: ValueClaim,
        other: ValueClaim,
        rate: tuple[str, str, str],
    ) -> None:
        super().__init__(release, other.place)
        self.source_id = source
        self.anchor = anchor
        self.other = other
        self.rate = rate  # (source, currency, per currency)

    def source(self) -> str | None:
        return self.source_id

    def reported(self, audit: Audit) -> Quantity:
        return self.other.reported(audit)

    def quantities(self) -> tuple[Key, ...]:
        return (self.anchor.key, self.other.key)

    def build(self, audit: Audit) -> None:
        rate = audit.rate_var(self.rate)
        audit.system.product(
            self.index, audit.var(self.anchor.key), rate, audit.var(self.other.key)
        )

    def label(self, audit: Audit) -> str:
        name = audit.key_label(self.anchor.key, self.release)
        return statement_label(self.rule, name, self.other.key.unit)

    def own_rate(self) -> tuple[Fraction, Interval | None]:
        point = self.anchor.point() / self.other.point() if self.other.point() else Fraction(0)
        return point, self.anchor.allowed().over(self.other.allowed())

    def evaluate(self, audit: Audit) -> Evaluation:
        unit = Unit(f"{self.rate[1]}/{self.rate[2]}")
        point, interval = self.own_rate()
        reported = self.reported(audit)
        computed = Quantity(point, Kind.RATE, Basis.IMPLIED, unit, interval)
        others = [
            claim
            for claim in audit.conversions.get(self.rate, ())
            if claim is not self and claim.index not in audit.analysis.suspects
        ]
        formula = rate_of(self.anchor.reported(audit), reported, computed)
        if not others:
            return Evaluation(
                Verdict.NOT_TESTABLE,
                join([formula, no_other_conversion()]),
                reported,
                computed,
            )
        allowed: Interval | None = None
        for other in others:
            other_interval = other.own_rate()[1]
            if other_interval is not None:
                allowed = other_interval if allowed is None else allowed.intersect(other_interval)
        if allowed is None or interval is None:
            # at most 0 in the other currency is r * 0 at any rate r: no rate to compare (and
            # where the first currency is more than 0, the conversion's conflict says so)
            return Evaluation(
                Verdict.NOT_TESTABLE, join([formula, nothing_to_compare()]), reported, computed
            )
        if allowed.contains(point):
            verdict = Verdict.CONSISTENT
        elif interval.overlaps(allowed):
            verdict = Verdict.WITHIN_ROUNDING
        else:
            verdict = Verdict.INCONSISTENT
        shown = Quantity(None, Kind.RATE, Basis.IMPLIED, unit, allowed)
        detail = join([formula, other_conversions_allow(shown)])
        return Evaluation(verdict, detail, reported, computed)
