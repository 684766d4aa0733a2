"""Stated ratios as claims: shares, growth rates and averages, each a quotient of two quantities
printed to its own precision."""

from __future__ import annotations

from abc import abstractmethod
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.engine.claims.base import Claim
from fairstats.engine.derive import printed_quantity, result_kind
from fairstats.engine.verdicts import (
    Evaluation,
    Verdict,
    judge,
    scaled,
)
from fairstats.engine.wording import (
    implying,
    nothing_else_gives,
    quotient,
    statement_label,
    whole_number,
)
from fairstats.model.intervals import (
    NON_NEGATIVE,
    POSITIVE,
    ZERO,
    Interval,
    printed_interval,
)
from fairstats.model.release import (
    Average,
    Growth,
    Printed,
    Ref,
    Release,
    Share,
)
from fairstats.model.results import PERCENT, Basis, Kind, Phrase, Quantity, Unit
from fairstats.model.series import Quantity as Key

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit

HUNDRED = Decimal(100)


class RatioClaim(Claim):
    """A printed number k with a = k * b: a share (k in percent), a growth rate (1 + k%), an
    average (k per counted thing). `numerator` and `denominator` are a and b."""

    relation: Share | Growth | Average

    def __init__(
        self, release: Release, relation: Share | Growth | Average, reading: int | None
    ) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation

    def source(self) -> str | None:
        return self.relation.source

    @property
    def printed(self) -> Printed:
        return self.relation.printed

    @abstractmethod
    def numerator(self, audit: Audit) -> Key:
        """a, in a = k * b."""

    @abstractmethod
    def denominator(self, audit: Audit) -> Key:
        """b, in a = k * b."""

    @abstractmethod
    def factor(self, allowed: Interval) -> Interval:
        """The printed number's allowed interval as k."""

    @abstractmethod
    def value_of(self, a: Fraction, b: Fraction) -> Fraction:
        """The printed number computed from a and b."""

    @abstractmethod
    def interval_of(self, a: Interval, b: Interval) -> Interval | None:
        """The printed number computed from a's and b's intervals (None when b is 0)."""

    def shown_unit(self, audit: Audit) -> Unit:
        return PERCENT

    def shown_kind(self, audit: Audit) -> str:
        return Kind.PERCENT

    def quantities(self) -> tuple[Key, ...]:
        return self._keys

    def build(self, audit: Audit) -> None:
        self._keys = (self.numerator(audit), self.denominator(audit))
        a, b = (audit.var(key) for key in self._keys)
        k = audit.system.variable(NON_NEGATIVE)
        allowed = self.factor(printed_interval(self.printed)).non_negative()
        audit.system.member(self.index, k, allowed or Interval(ZERO, ZERO, True))
        audit.system.product(self.index, a, k, b)
        if self.denominator_positive:
            audit.system.member(self.index, b, POSITIVE)

    denominator_positive = True

    def reported(self, audit: Audit) -> Quantity:
        return printed_quantity(self.printed, self.shown_unit(audit), self.shown_kind(audit))

    def limit(self, audit: Audit) -> Interval | None:
        """What the number cannot leave whatever its operands, where the release says so."""
        return None

    def evaluate(self, audit: Audit) -> Evaluation:
        reported = self.reported(audit)
        operands = audit.operands(self._keys, self)
        if isinstance(operands, Key):
            return self.untestable(audit, operands, reported)
        limit = self.limit(audit)

        def interval_of(intervals: list[Interval]) -> Interval | None:
            found = self.interval_of(*intervals)
            if found is None or limit is None:
                return found
            return found.intersect(limit) or found

        verdict, point, interval = judge(
            self.printed,
            operands,
            lambda points: self.value_of(*points) if points[1] else None,
            interval_of,
        )
        computed = Quantity(
            point, self.shown_kind(audit), Basis.COMPUTED, self.shown_unit(audit), interval
        )
        return Evaluation(verdict, self.formula(audit, computed), reported, computed)

    def formula(self, audit: Audit, computed: Quantity) -> Phrase:
        a, b = (audit.value_quantity(key, self) for key in self._keys)
        return quotient(a, b, computed, growth=self.growth)

    growth = False  # the printed number is a / b - 1, not a / b

    def untestable(self, audit: Audit, unknown: Key, reported: Quantity) -> Evaluation:
        label = audit.key_label(unknown, self.release)
        reason = nothing_else_gives(label, audit.why_missing(unknown, self.release))
        implied = audit.implied_by(self, unknown)
        if implied is None:
            return Evaluation(Verdict.NOT_TESTABLE, reason, reported)
        detail = implying(reason, implied)
        whole = (
            implied.interval.whole_numbers()
            if (implied.kind == Kind.COUNT and implied.interval is not None)
            else None
        )
        if implied.kind == Kind.COUNT and implied.interval is not None:
            exact_interval = self.implied_interval(audit, unknown)
            if exact_interval is not None and exact_interval.width < 1 and whole is not None:
                # GRIM: the rounding leaves less than one whole number's room, so the count
                # had to be whole for the printed rate to be possible at all
                formula = audit.implied_formula(self, unknown)
                return Evaluation(Verdict.CONSISTENT, whole_number(formula, whole), reported)
        # what it implies is another figure, in its own unit: said in the detail, and listed
        # among the implied figures
        return Evaluation(Verdict.NOT_TESTABLE, detail, reported)

    def implied_interval(self, audit: Audit, unknown: Key) -> Interval | None:
        """What this claim alone says of an unknown quantity, from the others' figures
        (before any narrowing to whole numbers), in units of one."""
        a_key, b_key = self._keys
        factor = self.factor(printed_interval(self.printed)).non_negative()
        if factor is None:
            return None
        if unknown == b_key:
            a = audit.others_interval(a_key, self)
            return None if a is None else a.over(factor)
        b = audit.others_interval(b_key, self)
        return None if b is None else factor.times(b)

    def implied_point(self, audit: Audit, unknown: Key) -> Fraction | None:
        if self.printed.qualifier != "exact":
            return None  # "more than 0%" implies a range, not a value
        a_key, b_key = self._keys
        k = self.factor(Interval.point(self.printed.value)).lo
        if unknown == b_key:
            a = audit.point(a_key, self)
            return None if a is None or k <= 0 else a / Fraction(k)
        b = audit.point(b_key, self)
        return None if b is None else b * Fraction(k)


class ShareClaim(RatioClaim):
    rule = "share"
    relation: Share
    denominator_positive = False

    def numerator(self, audit: Audit) -> Key:
        return audit.key(self.release, self.relation.part, self.reading)

    def denominator(self, audit: Audit) -> Key:
        return audit.key(self.release, self.relation.whole, self.reading)

    def factor(self, allowed: Interval) -> Interval:
        return allowed.shifted(-2)

    def value_of(self, a: Fraction, b: Fraction) -> Fraction:
        return 100 * a / b

    def interval_of(self, a: Interval, b: Interval) -> Interval | None:
        quotient = a.over(b)
        return None if quotient is None else quotient.shifted(2)

    def limit(self, audit: Audit) -> Interval | None:
        # a part of a scope that lies within the whole is at most all of it (the 17 projects
        # of 5 bn yuan and more among the on-site projects): each operand's interval alone
        # would allow more
        return Interval(ZERO, HUNDRED) if audit.lies_within(*self._keys) else None

    def implied_point(self, audit: Audit, unknown: Key) -> Fraction | None:
        if unknown in self._keys:
            return super().implied_point(audit, unknown)
        # the rest of the whole (see Audit._add_rests): part * (1/k - 1), or whole * (1 - k)
        if self.printed.qualifier != "exact" or not self.printed.value:
            return None
        k = Fraction(self.factor(Interval.point(self.printed.value)).lo)
        part_key, whole_key = self._keys
        part = audit.point(part_key, self)
        if part is not None:
            return part * (1 / k - 1)
        whole = audit.point(whole_key, self)
        return None if whole is None else whole * (1 - k)

    def label(self, audit: Audit) -> str:
        part, whole = (self.numerator(audit), self.denominator(audit))
        return statement_label(
            self.rule,
            audit.key_label(part, self.release),
            audit.scope_name(whole, self.release),
            where=self.relation.where,
        )


class GrowthClaim(RatioClaim):
    rule = "growth"
    relation: Growth
    growth = True

    def numerator(self, audit: Audit) -> Key:
        return audit.key(self.release, self.relation.of, self.reading)

    def denominator(self, audit: Audit) -> Key:
        of = self.relation.of
        base = Ref(of.scopes, of.measure, self.relation.base, of.unit)
        return audit.key(self.release, base, self.reading)

    def factor(self, allowed: Interval) -> Interval:
        return allowed.shifted(-2) + Interval.point(1)

    def value_of(self, a: Fraction, b: Fraction) -> Fraction:
        return 100 * (a / b - 1)

    def interval_of(self, a: Interval, b: Interval) -> Interval | None:
        quotient = a.over(b)
        return None if quotient is None else (quotient - Interval.point(1)).shifted(2)

    def label(self, audit: Audit) -> str:
        current, base = self.numerator(audit), self.denominator(audit)
        return statement_label(
            self.rule,
            audit.key_label(current, self.release),
            audit.edition_name(base.edition, self.release),
            where=self.relation.where,
        )


class AverageClaim(RatioClaim):
    rule = "average"
    relation: Average

    def numerator(self, audit: Audit) -> Key:
        return audit.key(self.release, self.relation.amount, self.reading)

    def denominator(self, audit: Audit) -> Key:
        return audit.key(self.release, self.relation.count, self.reading)

    def factor(self, allowed: Interval) -> Interval:
        return allowed.shifted(self.printed.scale)

    def value_of(self, a: Fraction, b: Fraction) -> Fraction:
        return scaled(a / b, self.printed.scale)

    def interval_of(self, a: Interval, b: Interval) -> Interval | None:
        quotient = a.over(b)
        return None if quotient is None else quotient.shifted(-self.printed.scale)

    def shown_unit(self, audit: Audit) -> Unit:
        return Unit(self.relation.amount.unit, self.printed.scale)

    def shown_kind(self, audit: Audit) -> str:
        return result_kind(audit.kind_of(self.numerator(audit)))

    def label(self, audit: Audit) -> str:
        assert self.release is not None
        amount = self.numerator(audit)
        return statement_label(
            self.rule,
            audit.key_label(amount, self.release),
            # the reader took the count from the release's own measures
            self.release.measures[self.relation.count.measure].one,
            where=self.relation.where,
        )
