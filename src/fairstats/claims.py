"""The claims of a release: each printed figure, stated relation and structural fact as a
statement of the engine in `solve`, which knows how it constrains the quantities, how to say
what it is, and how to judge itself against the others.

Structural facts are what a release states by its shape: the categories of a complete
dimension make up their scope (a partial one's, at most); a scope within another has at most
its counts and amounts; one source printing a quantity in two currencies converts between them
at a rate of its own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.derive import printed_quantity, result_kind, share_percent
from fairstats.intervals import (
    NON_NEGATIVE,
    POSITIVE,
    ZERO,
    Interval,
    printed_interval,
)
from fairstats.model import (
    Average,
    Dimension,
    Figure,
    Growth,
    Printed,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.numbers import decimals_of, move_point
from fairstats.results import PERCENT, Basis, Kind, Phrase, Quantity, Unit
from fairstats.series import Quantity as Key
from fairstats.series import ordinal

if TYPE_CHECKING:
    pass


from fairstats.verdicts import (
    EXACT_WEIGHT,
    OTHER_WEIGHT,
    Evaluation,
    Verdict,
    exact_decimal,
    join,
    judge,
    satisfies,
    scaled,
    unbounded,
)
from fairstats.wording import (
    MAX_LISTED,
    against_bound,
    compared_with,
    difference,
    implying,
    items_named,
    no_figure_for,
    no_other_conversion,
    not_listed,
    nothing_else_gives,
    nothing_to_compare,
    other_conversions_allow,
    others_allow,
    part_of,
    quotient,
    rate_of,
    statement_label,
    sum_of_parts,
    two_printings,
    whole_number,
)

if TYPE_CHECKING:
    from fairstats.audit import Audit


class Claim(ABC):
    """A statement of the system: built into primitives, then judged."""

    rule = ""
    weight = OTHER_WEIGHT
    relation: Relation | None = None  # the relation it states, if it states one

    def __init__(self, release: Release | None, place: str, reading: int | None = None) -> None:
        self.release = release
        self.place = place
        self.reading = reading  # which scope of an uncertain relation this reads
        self.index = -1

    @property
    def shown(self) -> bool:
        """Whether it has a row of its own in `check`."""
        return True

    @abstractmethod
    def build(self, audit: Audit) -> None:
        """Its primitives in the audit's system."""

    @abstractmethod
    def label(self, audit: Audit) -> str:
        """Its name in a row."""

    @abstractmethod
    def evaluate(self, audit: Audit) -> Evaluation:
        """Its verdict against the other statements."""

    @abstractmethod
    def quantities(self) -> tuple[Key, ...]:
        """The quantities the claim is about."""

    def source(self) -> str | None:
        return None

    def reported(self, audit: Audit) -> Quantity | None:
        """The number the statement prints, as printed; None for one the release states by
        its shape (a breakdown, a scope within another) or in words (a record, a rank)."""
        return None

    def bounds_above(self, key: Key) -> bool:
        """Whether the claim can bound a quantity from above (only a lower bound, as a scope
        within a parent gives the parent, leaves the quantity untestable)."""
        return True

    def reading_scope(self) -> str:
        """The scope this reading of an uncertain relation takes."""
        assert self.relation is not None  # only a relation's scope can be uncertain
        uncertain = next(ref for ref in _refs(self.relation) if len(ref.scopes) > 1)
        return uncertain.scopes[self.reading or 0]


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


NO_SCALE = Unit()
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


class ChangeClaim(Claim):
    """An absolute change against a base edition: current - base lies in the printed change."""

    rule = "change"
    relation: Growth

    def __init__(self, release: Release, relation: Growth, reading: int | None) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation

    def source(self) -> str | None:
        return self.relation.source

    def quantities(self) -> tuple[Key, ...]:
        return self._keys

    def build(self, audit: Audit) -> None:
        of = self.relation.of
        current = audit.key(self.release, of, self.reading)
        base = audit.key(
            self.release, Ref(of.scopes, of.measure, self.relation.base, of.unit), self.reading
        )
        self._keys = (current, base)
        printed = self.relation.printed
        audit.system.total(
            self.index,
            [(1, audit.var(current)), (-1, audit.var(base))],
            printed_interval(printed).shifted(printed.scale),
        )

    def label(self, audit: Audit) -> str:
        current, base = self._keys
        return statement_label(
            self.rule,
            audit.key_label(current, self.release),
            audit.edition_name(base.edition, self.release),
            where=self.relation.where,
        )

    def reported(self, audit: Audit) -> Quantity:
        current = self._keys[0]
        printed = self.relation.printed
        return printed_quantity(
            printed, Unit(current.unit, printed.scale), result_kind(audit.kind_of(current))
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        current, base = self._keys
        printed = self.relation.printed
        reported = self.reported(audit)
        operands = audit.operands(self._keys, self)
        if isinstance(operands, Key):
            label = audit.key_label(operands, self.release)
            reason = nothing_else_gives(label, audit.why_missing(operands, self.release))
            return Evaluation(Verdict.NOT_TESTABLE, reason, reported)
        verdict, point, interval = judge(
            printed,
            operands,
            lambda points: scaled(points[0] - points[1], printed.scale),
            lambda intervals: (intervals[0] - intervals[1]).shifted(-printed.scale),
        )
        computed = Quantity(point, reported.kind, Basis.COMPUTED, reported.unit, interval)
        detail = difference(
            audit.value_quantity(current, self), audit.value_quantity(base, self), computed
        )
        return Evaluation(verdict, detail, reported, computed)


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


class OrderClaim(Claim):
    """A quantity above others: a record (every earlier edition) or a rank among scopes."""

    relation: RecordClaim | Rank

    def __init__(self, release: Release, relation: RecordClaim | Rank, reading: int | None) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation
        self.others: list[Key] = []

    def source(self) -> str | None:
        return self.relation.source

    def quantities(self) -> tuple[Key, ...]:
        return (self.key, *self.others)

    @abstractmethod
    def rivals(self, audit: Audit) -> list[Key]:
        """The quantities it is ranked against."""

    def build(self, audit: Audit) -> None:
        self.key = audit.key(self.release, self.relation.of, self.reading)
        self.others = self.rivals(audit)
        strict = isinstance(self.relation, RecordClaim)
        if isinstance(self.relation, Rank) and self.relation.rank != 1:
            return  # a rank below first is judged from the figures only
        for other in self.others:
            audit.system.total(
                self.index,
                [(1, audit.var(other)), (-1, audit.var(self.key))],
                Interval.at_most(ZERO, open_=strict),
            )

    def evaluate(self, audit: Audit) -> Evaluation:
        own = audit.others_interval(self.key, self)
        known = [(other, audit.others_interval(other, self)) for other in self.others]
        missing = [other for other, interval in known if interval is None]
        if own is None:
            label = audit.key_label(self.key, self.release)
            return Evaluation(Verdict.NOT_TESTABLE, nothing_else_gives(label))
        if not self.others or missing:
            named = [(audit.key_label(key, self.release), audit.qualified(key)) for key in missing]
            return Evaluation(Verdict.NOT_TESTABLE, no_figure_for(named))
        rank = self.relation.rank if isinstance(self.relation, Rank) else 1
        strict = isinstance(self.relation, RecordClaim)
        own_point = audit.point(self.key, self)
        points = [audit.point(other, self) for other, _ in known]
        intervals = [i for _, i in known if i is not None]  # (none is missing here)
        if own_point is not None and all(p is not None for p in points):
            above = sum(
                1
                for p in points
                if p is not None and (p > own_point or (strict and p == own_point))
            )
            holds = above == rank - 1
        else:
            # a bound or an unprinted figure: the rank holds at some values the others allow,
            # each printed figure at its value (as `judge` reads a relation)
            holds = (
                self.possible(
                    _at_point(own, own_point),
                    [_at_point(i, p) for i, p in zip(intervals, points, strict=True)],
                    rank,
                    strict,
                )
                != Verdict.INCONSISTENT
            )
        verdict = Verdict.CONSISTENT if holds else self.possible(own, intervals, rank, strict)
        reported = audit.figure_as_printed(self.key, self)
        compared = self.compared(known, rank)
        # the highest rival's plain printing, where every rival compared has one; a qualified
        # figure ("3800多家") is named in the detail as printed, never turned into a number
        point_of = {other: point for (other, _), point in zip(known, points, strict=True)}
        plain = [(point, other) for other in compared if (point := point_of[other]) is not None]
        highest = max(plain, key=lambda pair: pair[0])[1] if len(plain) == len(compared) else None
        computed = None if highest is None else audit.point_quantity(highest, self)
        figures = [
            (audit.figure_as_printed(other, self), self.rival_name(audit, other))
            for other in compared[:MAX_LISTED]
        ]
        detail = compared_with(reported, figures, len(compared), record=strict, rank=rank)
        return Evaluation(verdict, detail, reported, computed)

    def compared(self, known: list[tuple[Key, Interval | None]], rank: int) -> list[Key]:
        """The rivals the claim is judged against: for first place, those that may be the
        highest (none surely below another); for a lower rank, all of them."""
        intervals = [(other, interval) for other, interval in known if interval is not None]
        if rank != 1:
            return [other for other, _ in intervals]
        floor = max(interval.lo for _, interval in intervals)
        return [other for other, interval in intervals if interval.hi >= floor]

    @abstractmethod
    def rival_name(self, audit: Audit, other: Key) -> str:
        """What a rival is called in the detail."""

    @staticmethod
    def possible(own: Interval, others: Sequence[Interval | None], rank: int, strict: bool) -> str:
        """within_rounding when the intervals allow the rank, inconsistent when they do not."""
        surely_above = sum(
            1 for i in others if i is not None and (i.lo > own.hi or (strict and i.lo >= own.hi))
        )
        maybe_above = sum(
            1 for i in others if i is not None and (i.hi > own.lo or (strict and i.hi >= own.lo))
        )
        return (
            Verdict.WITHIN_ROUNDING
            if surely_above <= rank - 1 <= maybe_above
            else (Verdict.INCONSISTENT)
        )


def _at_point(interval: Interval, point: Fraction | None) -> Interval:
    """A figure's printed value where it has one, else what is allowed it."""
    return interval if point is None else Interval.point(exact_decimal(point))


class RecordOrder(OrderClaim):
    rule = "record"

    def rivals(self, audit: Audit) -> list[Key]:
        edition = self.key.edition
        return [
            found
            for earlier in audit.series.earlier(edition)
            if (found := Key(earlier.key, self.key.scope, self.key.measure, self.key.unit))
            in audit.vars
        ]

    def label(self, audit: Audit) -> str:
        name = audit.key_label(self.key, self.release)
        return statement_label(self.rule, name, where=self.relation.where)

    def rival_name(self, audit: Audit, other: Key) -> str:
        # by its own name: "the previous edition (CIIE 2019)" would read as a second aside
        return audit.edition_name(other.edition, None)


class RankOrder(OrderClaim):
    rule = "rank"
    relation: Rank

    def rivals(self, audit: Audit) -> list[Key]:
        assert self.release is not None
        among = self.relation.among
        if not among:
            scope = self.release.scopes[self.key.scope]
            among = tuple(
                other.id
                for other in self.release.scopes.values()
                if other.id != scope.id
                and other.within == scope.within
                and other.dimension == scope.dimension
            )
        return [Key(self.key.edition, scope, self.key.measure, self.key.unit) for scope in among]

    def rival_name(self, audit: Audit, other: Key) -> str:
        return audit.scope_name(other, self.release)

    def label(self, audit: Audit) -> str:
        name = audit.key_label(self.key, self.release)
        return statement_label(
            self.rule, name, ordinal(self.relation.rank), where=self.relation.where
        )


def _refs(relation: Relation) -> list[Ref]:
    if isinstance(relation, Share):
        return [relation.part, relation.whole]
    if isinstance(relation, Average):
        return [relation.amount]
    return [relation.of]
