"""The audit: every figure and relation of the loaded releases as one system of statements,
solved together, and one verdict per statement with its reason.

Each printed figure, stated relation (share, growth, average, record, rank) and structural fact
(the categories of a dimension make up their scope; a scope lies within its parent; one source
printing a quantity in two currencies converts between them) becomes a *claim*: a statement of
the engine in `solve`, which knows how to say what it is and how to judge itself against the
others. A claim whose scope the release leaves open is tested under each reading, and believed
under none.

Verdicts:
- consistent: it holds at the printed values of the figures it relates (each rounded as the
  source rounds);
- within_rounding: it holds only once their rounding is allowed for;
- inconsistent: it cannot hold together with the others; the smallest sets of statements that
  cannot hold together are reported once each, as conflicts;
- not_testable: nothing else constrains what it is about (the reason says what is missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.intervals import (
    DOWN,
    INF,
    NON_NEGATIVE,
    POSITIVE,
    QUALIFIER_WORDS,
    ZERO,
    Interval,
    decimals_of,
)
from fairstats.model import (
    AMOUNT,
    COUNT,
    PREVIOUS,
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
from fairstats.derive import printed_interval, printed_quantity, result_kind
from fairstats.numbers import move_point, round_half_up
from fairstats.results import PERCENT, Basis, Kind, Phrase, Quantity, Unit
from fairstats.series import EditionKey, Series, edition_label, ordinal
from fairstats.series import Quantity as Key
from fairstats.solve import Analysis, Propagator, System, analyse, minimal_conflict, statements_in

if TYPE_CHECKING:
    from fairstats.model import Measure


class Verdict:
    """A check's outcome, as csv and json print it."""

    CONSISTENT = "consistent"
    WITHIN_ROUNDING = "within_rounding"  # agrees only once printed rounding is allowed for
    INCONSISTENT = "inconsistent"
    NOT_TESTABLE = "not_testable"


VERDICTS = (Verdict.CONSISTENT, Verdict.WITHIN_ROUNDING, Verdict.INCONSISTENT, Verdict.NOT_TESTABLE)
# Best first: a statement read several ways takes its best reading's verdict.
_PREFERENCE = (Verdict.CONSISTENT, Verdict.WITHIN_ROUNDING, Verdict.NOT_TESTABLE,
               Verdict.INCONSISTENT)
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
    if point is not None and satisfies(printed, point):
        verdict = Verdict.CONSISTENT
    elif points is None and (mixed := interval_of(operands.mixed())) is not None and (
        mixed.overlaps(allowed)
    ):
        verdict = Verdict.CONSISTENT
    elif interval is None:
        verdict = Verdict.NOT_TESTABLE
    else:
        verdict = Verdict.WITHIN_ROUNDING if interval.overlaps(allowed) else Verdict.INCONSISTENT
    return verdict, point, interval


# Claims -------------------------------------------------------------------------------------


class Claim:
    """A statement of the system: built into primitives, then judged."""

    rule = ""
    weight = OTHER_WEIGHT
    shown = True  # has a row of its own in `check`

    def __init__(self, release: Release | None, place: str, reading: int | None = None) -> None:
        self.release = release
        self.place = place
        self.reading = reading  # which scope of an uncertain relation this reads
        self.index = -1

    def build(self, audit: Audit) -> None:
        raise NotImplementedError

    def label(self, audit: Audit) -> str:
        raise NotImplementedError

    def evaluate(self, audit: Audit) -> Evaluation:
        raise NotImplementedError

    def keys(self) -> tuple[Key, ...]:
        """The quantities the claim is about."""
        return ()

    def source(self) -> str | None:
        return None

    def reading_scope(self) -> str:
        """The scope this reading of an uncertain relation takes."""
        relation = self.relation  # type: ignore[attr-defined]
        uncertain = next(ref for ref in _refs(relation) if len(ref.scopes) > 1)
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
    def shown(self) -> bool:  # type: ignore[override]
        return not self.first

    def keys(self) -> tuple[Key, ...]:
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
        audit.system.member(self.index, audit.var(self.key), self.allowed())

    def label(self, audit: Audit) -> str:
        assert self.release is not None
        return audit.where(self.release, self.figure, audit.key_label(self.key, self.release))

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
            return Evaluation(
                Verdict.NOT_TESTABLE,
                Phrase("nothing else gives {}", (audit.key_label(self.key, self.release),)),
                reported,
            )
        verdict, point, interval = judge(
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
            return Evaluation(verdict, Phrase("the other statements allow {}", (computed,)),
                              reported, computed)
        word = QUALIFIER_WORDS[self.printed.qualifier]
        holds = {Verdict.CONSISTENT: "is", Verdict.WITHIN_ROUNDING: "may be"}.get(
            verdict, "is not")
        return Evaluation(
            verdict, Phrase(f"{{}} {holds} {word} {{}}", (computed, reported)), reported,
            computed,
        )

    def _against_printing(self, audit: Audit, other: ValueClaim, reported: Quantity
                          ) -> Evaluation:
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
        template = "{} and {} cannot be one figure" if verdict == Verdict.INCONSISTENT else (
            "printed as {} and as {}")
        return Evaluation(verdict, Phrase(template, (reported, computed)), reported, computed)

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

    def keys(self) -> tuple[Key, ...]:
        return (self.key,)

    def build(self, audit: Audit) -> None:
        named = Decimal(len(self.figure.items))
        allowed = (
            Interval.point(named) if self.figure.listing == "complete" else Interval.at_least(named)
        )
        audit.system.member(self.index, audit.var(self.key), allowed)

    def label(self, audit: Audit) -> str:
        assert self.release is not None
        return f"{audit.key_label(self.key, self.release)}: named items"

    def evaluate(self, audit: Audit) -> Evaluation:
        assert self.figure.printed is not None
        named = len(self.figure.items)
        stated = self.figure.printed.value
        reported = printed_quantity(self.figure.printed, NO_SCALE, Kind.COUNT)
        computed = Quantity(named, Kind.COUNT, Basis.COMPUTED)
        if self.figure.listing == "complete":
            holds = stated == named
            template = "{} stated, {} named (the complete list)"
        else:
            holds = stated >= named
            template = "{} stated, {} named as examples"
        verdict = Verdict.CONSISTENT if holds else Verdict.INCONSISTENT
        return Evaluation(verdict, Phrase(template, (reported, computed)), reported, computed)


NO_SCALE = Unit()


class RatioClaim(Claim):
    """A printed number k with a = k * b: a share (k in percent), a growth rate (1 + k%), an
    average (k per counted thing). `numerator` and `denominator` are a and b."""

    def __init__(self, release: Release, relation: Relation, reading: int | None) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation

    def source(self) -> str | None:
        return self.relation.source

    @property
    def printed(self) -> Printed:
        printed: Printed = self.relation.printed  # type: ignore[union-attr]
        return printed

    def numerator(self, audit: Audit) -> Key:
        raise NotImplementedError

    def denominator(self, audit: Audit) -> Key:
        raise NotImplementedError

    def factor(self, allowed: Interval) -> Interval:
        """The printed number's allowed interval as k."""
        raise NotImplementedError

    def value_of(self, a: Fraction, b: Fraction) -> Fraction:
        """The printed number computed from a and b."""
        raise NotImplementedError

    def interval_of(self, a: Interval, b: Interval) -> Interval | None:
        raise NotImplementedError

    def shown_unit(self, audit: Audit) -> Unit:
        return PERCENT

    def shown_kind(self, audit: Audit) -> str:
        return Kind.PERCENT

    def keys(self) -> tuple[Key, ...]:
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

    def evaluate(self, audit: Audit) -> Evaluation:
        reported = self.reported(audit)
        operands = audit.operands(self._keys, self)
        if isinstance(operands, Key):
            return self.untestable(audit, operands, reported)
        verdict, point, interval = judge(
            self.printed,
            operands,
            lambda points: self.value_of(*points) if points[1] else None,
            lambda intervals: self.interval_of(*intervals),
        )
        computed = Quantity(point, self.shown_kind(audit), Basis.COMPUTED, self.shown_unit(audit),
                            interval)
        return Evaluation(verdict, self.formula(audit, computed), reported, computed)

    def formula(self, audit: Audit, computed: Quantity) -> Phrase:
        a_key, b_key = self._keys
        return Phrase(self.formula_template, (audit.value_quantity(a_key, self),
                                              audit.value_quantity(b_key, self), computed))

    formula_template = "{} / {} = {}"

    def untestable(self, audit: Audit, unknown: Key, reported: Quantity) -> Evaluation:
        label = audit.key_label(unknown, self.release)
        reason = audit.missing_reason(unknown, self.release)
        implied = audit.implied_by(self, unknown)
        if implied is None:
            return Evaluation(Verdict.NOT_TESTABLE, Phrase(reason, (label,)), reported)
        detail = Phrase(f"{reason}; it implies {{}}", (label, implied))
        whole = implied.interval.whole_numbers() if (
            implied.kind == Kind.COUNT and implied.interval is not None) else None
        if implied.kind == Kind.COUNT and implied.interval is not None:
            exact_interval = self.implied_interval(audit, unknown)
            if exact_interval is not None and exact_interval.width < 1 and whole is not None:
                # GRIM: the rounding leaves less than one whole number's room, so the count
                # had to be whole for the printed rate to be possible at all
                return Evaluation(
                    Verdict.CONSISTENT,
                    Phrase("{} allows {}, a whole number", (audit.implied_formula(self, unknown),
                                                             _whole_list(whole))),
                    reported,
                    implied,
                )
        return Evaluation(Verdict.NOT_TESTABLE, detail, reported, implied)

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


def _whole_list(numbers: tuple[int, int]) -> str:
    first, last = numbers
    if first == last:
        return str(first)
    if last - first <= 2:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first} to {last}"


class ShareClaim(RatioClaim):
    rule = "share"
    relation: Share
    denominator_positive = False
    formula_template = "{} / {} = {}"

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

    def label(self, audit: Audit) -> str:
        part, whole = (self.numerator(audit), self.denominator(audit))
        return audit.where(
            self.release,
            self.relation,
            f"{audit.key_label(part, self.release)} as a share of "
            f"{audit.scope_name(whole, self.release)}",
        )


class GrowthClaim(RatioClaim):
    rule = "growth"
    relation: Growth
    formula_template = "{} / {} - 1 = {}"

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
        return audit.where(
            self.release,
            self.relation,
            f"{audit.key_label(current, self.release)}: growth over "
            f"{audit.edition_name(base.edition, self.release)}",
        )


class AverageClaim(RatioClaim):
    rule = "average"
    relation: Average
    formula_template = "{} / {} = {}"

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
        amount, count = self.numerator(audit), self.denominator(audit)
        return audit.where(
            self.release,
            self.relation,
            f"{audit.key_label(amount, self.release)} per "
            f"{audit.measure_name(count.measure, self.release)}",
        )


class ChangeClaim(Claim):
    """An absolute change against a base edition: current - base lies in the printed change."""

    rule = "change"

    def __init__(self, release: Release, relation: Growth, reading: int | None) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation

    def source(self) -> str | None:
        return self.relation.source

    def keys(self) -> tuple[Key, ...]:
        return self._keys

    def build(self, audit: Audit) -> None:
        of = self.relation.of
        current = audit.key(self.release, of, self.reading)
        base = audit.key(self.release, Ref(of.scopes, of.measure, self.relation.base, of.unit),
                         self.reading)
        self._keys = (current, base)
        printed = self.relation.printed
        audit.system.total(
            self.index,
            [(1, audit.var(current)), (-1, audit.var(base))],
            printed_interval(printed).shifted(printed.scale),
        )

    def label(self, audit: Audit) -> str:
        current, base = self._keys
        return audit.where(
            self.release,
            self.relation,
            f"{audit.key_label(current, self.release)}: change over "
            f"{audit.edition_name(base.edition, self.release)}",
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        current, base = self._keys
        printed = self.relation.printed
        unit = Unit(current.unit, printed.scale)
        kind = result_kind(audit.kind_of(current))
        reported = printed_quantity(printed, unit, kind)
        operands = audit.operands(self._keys, self)
        if isinstance(operands, Key):
            reason = audit.missing_reason(operands, self.release)
            return Evaluation(
                Verdict.NOT_TESTABLE,
                Phrase(reason, (audit.key_label(operands, self.release),)),
                reported,
            )
        verdict, point, interval = judge(
            printed,
            operands,
            lambda points: scaled(points[0] - points[1], printed.scale),
            lambda intervals: (intervals[0] - intervals[1]).shifted(-printed.scale),
        )
        computed = Quantity(point, kind, Basis.COMPUTED, unit, interval)
        detail = Phrase("{} - {} = {}", (audit.value_quantity(current, self),
                                          audit.value_quantity(base, self), computed))
        return Evaluation(verdict, detail, reported, computed)


class PartsClaim(Claim):
    """The categories of a dimension add up to their scope (complete), or to at most it."""

    rule = "parts_sum"

    def __init__(self, release: Release, dimension: Dimension, whole: Key, parts: list[Key],
                 index: int) -> None:
        super().__init__(release, f"$.dimensions[{index}]")
        self.dimension = dimension
        self.whole = whole
        self.parts = parts

    def keys(self) -> tuple[Key, ...]:
        return (self.whole, *self.parts)

    def build(self, audit: Audit) -> None:
        allowed = Interval.point(ZERO) if self.dimension.complete else Interval.at_most(ZERO)
        terms = [(1, audit.var(part)) for part in self.parts]
        audit.system.total(self.index, [*terms, (-1, audit.var(self.whole))], allowed)

    def label(self, audit: Audit) -> str:
        return (
            f"{audit.scope_name(self.whole, self.release)} {self.dimension.name}: parts sum to "
            f"{audit.measure_name(self.whole.measure, self.release)}"
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        kind = result_kind(audit.kind_of(self.whole))
        unit = audit.display_unit(self.whole)
        whole_printing = audit.point_printing(self.whole, self)
        part_points = [audit.point(part, self) for part in self.parts]
        part_intervals = [audit.others_interval(part, self) for part in self.parts]
        reported = (
            printed_quantity(whole_printing.printed, whole_printing.unit, kind)
            if whole_printing is not None
            else None
        )
        if any(interval is None for interval in part_intervals):
            missing = [
                audit.scope_name(part, self.release)
                for part, interval in zip(self.parts, part_intervals, strict=True)
                if interval is None
            ]
            return Evaluation(
                Verdict.NOT_TESTABLE,
                Phrase("no figure for " + ", ".join("{}" for _ in missing), tuple(missing)),
                reported,
            )
        total = Interval.point(ZERO)
        for interval in part_intervals:
            assert interval is not None
            total = total + interval
        total_shown = total.shifted(-unit.scale)
        point = None
        if all(p is not None for p in part_points):
            point = scaled(sum(part_points, Fraction(0)), unit.scale)  # type: ignore[arg-type]
        # a sum of printed figures has a finite expansion: shown with its exact digits
        computed = Quantity(None if point is None else exact_decimal(point), kind,
                            Basis.COMPUTED, unit, total_shown)
        parts_phrase = Phrase(
            " + ".join("{}" for _ in self.parts),
            tuple(audit.value_quantity(part, self) for part in self.parts),
        )
        whole_interval = audit.others_interval(self.whole, self)
        if whole_interval is None:
            detail = join([Phrase("nothing else gives {}", (audit.key_label(self.whole,
                                                                              self.release),)),
                           Phrase("the parts sum to {}", (computed,))])
            return Evaluation(Verdict.NOT_TESTABLE, detail, reported, computed)
        whole_point = audit.point(self.whole, self)
        if self.dimension.complete:
            if whole_printing is not None and point is not None:
                verdict = (
                    Verdict.CONSISTENT
                    if satisfies(whole_printing.printed, scaled(
                        sum(part_points, Fraction(0)), whole_printing.printed.scale))  # type: ignore[arg-type]
                    else Verdict.WITHIN_ROUNDING
                    if total.overlaps(whole_interval)
                    else Verdict.INCONSISTENT
                )
            else:
                verdict = (
                    Verdict.CONSISTENT if total.within(whole_interval) else
                    Verdict.WITHIN_ROUNDING if total.overlaps(whole_interval) else
                    Verdict.INCONSISTENT
                )
            detail = join([parts_phrase, Phrase("{}", (computed,))], " = ")
            return Evaluation(verdict, detail, reported, computed)
        # Partial: the parts may fall short of the whole, never exceed it.
        at_most = Interval.at_most(whole_interval.hi, open_=whole_interval.hi_open)
        if point is not None and whole_point is not None:
            verdict = (
                Verdict.CONSISTENT
                if point <= scaled(whole_point, unit.scale)
                else Verdict.WITHIN_ROUNDING
                if total.overlaps(at_most)
                else Verdict.INCONSISTENT
            )
        else:
            verdict = (Verdict.CONSISTENT if total.within(at_most) else
                       Verdict.WITHIN_ROUNDING if total.overlaps(at_most) else
                       Verdict.INCONSISTENT)
        detail = join([parts_phrase, Phrase("{}", (computed,))], " = ")
        if point is not None and whole_point is not None:
            rest_value = scaled(whole_point, unit.scale) - point
            rest = Quantity(rest_value, kind, Basis.COMPUTED, unit)
            share = Quantity(
                100 * rest_value / scaled(whole_point, unit.scale) if whole_point else None,
                Kind.PERCENT, Basis.COMPUTED, PERCENT,
            )
            detail = join([detail, Phrase("not listed: {} ({})", (rest, share))])
        return Evaluation(verdict, detail, reported, computed)


class WithinClaim(Claim):
    """A scope inside another has at most its parent's count or amount."""

    rule = "within"

    def __init__(self, release: Release, place: str, sub: Key, parent: Key) -> None:
        super().__init__(release, place)
        self.sub = sub
        self.parent = parent

    @property
    def shown(self) -> bool:  # type: ignore[override]
        return self._testable

    _testable = False

    def keys(self) -> tuple[Key, ...]:
        return (self.sub, self.parent)

    def build(self, audit: Audit) -> None:
        audit.system.total(
            self.index,
            [(1, audit.var(self.sub)), (-1, audit.var(self.parent))],
            Interval.at_most(ZERO),
        )
        self._testable = bool(audit.printings.get(self.sub)) and bool(
            audit.printings.get(self.parent))

    def label(self, audit: Audit) -> str:
        return (
            f"{audit.key_label(self.sub, self.release)} within "
            f"{audit.scope_name(self.parent, self.release)}'s"
        )

    def evaluate(self, audit: Audit) -> Evaluation:
        kind = audit.kind_of(self.parent)
        sub, parent = (audit.others_interval(key, self) for key in (self.sub, self.parent))
        if sub is None or parent is None:
            return Evaluation(Verdict.NOT_TESTABLE, Phrase("nothing to compare", ()))
        unit = audit.display_unit(self.parent)
        reported = audit.value_quantity(self.parent, self)
        computed_point = audit.point(self.sub, self)
        computed = Quantity(
            None if computed_point is None else scaled(computed_point, unit.scale),
            kind, Basis.REPORTED, unit,
        )
        parent_point = audit.point(self.parent, self)
        if computed_point is not None and parent_point is not None:
            holds = computed_point <= parent_point
            verdict = Verdict.CONSISTENT if holds else (
                Verdict.WITHIN_ROUNDING if sub.lo <= parent.hi else Verdict.INCONSISTENT)
        else:
            verdict = Verdict.CONSISTENT if sub.hi <= parent.lo else (
                Verdict.WITHIN_ROUNDING if sub.lo <= parent.hi else Verdict.INCONSISTENT)
        return Evaluation(verdict, Phrase("{} of {}", (computed, reported)), reported, computed)


class ConversionClaim(Claim):
    """One source prints a quantity in two currencies: one is the other at the source's rate."""

    rule = "conversion"

    def __init__(self, release: Release, source: str, anchor: ValueClaim, other: ValueClaim,
                 rate: tuple[str, str, str]) -> None:
        super().__init__(release, other.place)
        self.source_id = source
        self.anchor = anchor
        self.other = other
        self.rate = rate  # (source, currency, per currency)

    def source(self) -> str | None:
        return self.source_id

    def keys(self) -> tuple[Key, ...]:
        return (self.anchor.key, self.other.key)

    def build(self, audit: Audit) -> None:
        rate = audit.rate_var(self.rate)
        audit.system.product(self.index, audit.var(self.anchor.key), rate,
                             audit.var(self.other.key))

    def label(self, audit: Audit) -> str:
        return f"{audit.key_label(self.anchor.key, self.release)} in {self.other.key.unit}"

    def own_rate(self) -> tuple[Fraction, Interval | None]:
        point = self.anchor.point() / self.other.point() if self.other.point() else Fraction(0)
        return point, self.anchor.allowed().over(self.other.allowed())

    def evaluate(self, audit: Audit) -> Evaluation:
        unit = Unit(f"{self.rate[1]}/{self.rate[2]}")
        point, interval = self.own_rate()
        reported = self.other.reported(audit)
        computed = Quantity(point, Kind.RATE, Basis.IMPLIED, unit, interval)
        others = [
            claim for claim in audit.conversions.get(self.rate, ())
            if claim is not self and claim.index not in audit.analysis.suspects
        ]
        formula = Phrase("{} / {} = {}", (self.anchor.reported(audit), reported, computed))
        if not others:
            return Evaluation(
                Verdict.NOT_TESTABLE,
                join([formula, Phrase("no other conversion by this source to compare", ())]),
                reported, computed,
            )
        allowed: Interval | None = None
        for other in others:
            other_interval = other.own_rate()[1]
            if other_interval is not None:
                allowed = other_interval if allowed is None else allowed.intersect(other_interval)
        if allowed is None or interval is None:
            return Evaluation(Verdict.INCONSISTENT, formula, reported, computed)
        if allowed.contains(point):
            verdict = Verdict.CONSISTENT
        elif interval.overlaps(allowed):
            verdict = Verdict.WITHIN_ROUNDING
        else:
            verdict = Verdict.INCONSISTENT
        shown = Quantity(None, Kind.RATE, Basis.IMPLIED, unit, allowed)
        detail = join([formula, Phrase("the other conversions allow {}", (shown,))])
        return Evaluation(verdict, detail, reported, computed)


class OrderClaim(Claim):
    """A quantity above others: a record (every earlier edition) or a rank among scopes."""

    def __init__(self, release: Release, relation: RecordClaim | Rank, reading: int | None
                 ) -> None:
        super().__init__(release, relation.place, reading)
        self.relation = relation
        self.others: list[Key] = []

    def source(self) -> str | None:
        return self.relation.source

    def keys(self) -> tuple[Key, ...]:
        return (self.key, *self.others)

    def rivals(self, audit: Audit) -> list[Key]:
        raise NotImplementedError

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
        kind = audit.kind_of(self.key)
        unit = audit.display_unit(self.key)
        own = audit.others_interval(self.key, self)
        known = [(other, audit.others_interval(other, self)) for other in self.others]
        missing = [other for other, interval in known if interval is None]
        if own is None:
            return Evaluation(Verdict.NOT_TESTABLE, Phrase(
                "nothing else gives {}", (audit.key_label(self.key, self.release),)))
        if not self.others or missing:
            what = (
                ", ".join("{}" for _ in missing) if missing else "no rival"
            )
            return Evaluation(
                Verdict.NOT_TESTABLE,
                Phrase(f"no figure for {what}" if missing else "nothing to compare with",
                       tuple(audit.key_label(m, self.release) for m in missing)),
            )
        rank = self.relation.rank if isinstance(self.relation, Rank) else 1
        own_point = audit.point(self.key, self)
        points = [audit.point(other, self) for other, _ in known]
        reported = audit.value_quantity(self.key, self)
        best = max(
            (other for other, _ in known), key=lambda key: audit.point(key, self) or Fraction(0)
        )
        computed = audit.value_quantity(best, self)
        strict = isinstance(self.relation, RecordClaim)
        if own_point is not None and all(p is not None for p in points):
            above = sum(1 for p in points if p is not None and (p > own_point or (
                strict and p == own_point)))
            if above == rank - 1:
                verdict = Verdict.CONSISTENT
            else:
                verdict = self.possible(own, [i for _, i in known], rank, strict)
        else:
            verdict = self.possible(own, [i for _, i in known], rank, strict)
        name = "{} against the highest before, {}" if strict else "{} against the highest "\
            "other, {}"
        del unit, kind
        return Evaluation(verdict, Phrase(name, (reported, computed)), reported, computed)

    @staticmethod
    def possible(own: Interval, others: list[Interval | None], rank: int, strict: bool) -> str:
        """within_rounding when the intervals allow the rank, inconsistent when they do not."""
        surely_above = sum(1 for i in others if i is not None and (
            i.lo > own.hi or (strict and i.lo >= own.hi)))
        maybe_above = sum(1 for i in others if i is not None and (
            i.hi > own.lo or (strict and i.hi >= own.lo)))
        return Verdict.WITHIN_ROUNDING if surely_above <= rank - 1 <= maybe_above else (
            Verdict.INCONSISTENT)


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
        return audit.where(self.release, self.relation,
                           f"{audit.key_label(self.key, self.release)}: a record")


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

    def label(self, audit: Audit) -> str:
        return audit.where(
            self.release,
            self.relation,
            f"{audit.key_label(self.key, self.release)}: ranked {ordinal(self.relation.rank)}",
        )


# The audit ----------------------------------------------------------------------------------


class Audit:
    """The claims of every loaded release, solved together and judged."""

    def __init__(self, series: Series) -> None:
        self.series = series
        self.system = System()
        self.vars: dict[Key, int] = {}
        self.var_kinds: dict[Key, str] = {}
        self.rates: dict[tuple[str, str, str], int] = {}
        self.claims: list[Claim] = []
        self.readings: dict[int, list[Claim]] = {}  # id(relation) -> its readings
        self.printings: dict[Key, list[ValueClaim]] = {}
        self.conversions: dict[tuple[str, str, str], list[ConversionClaim]] = {}
        self.measures: dict[tuple[str, str], Measure] = {}
        for release in series.releases:
            for measure in release.measures.values():
                self.measures.setdefault((release.fair.id, measure.id), measure)
        self._build()
        main = [claim.index for claim in self.claims if claim.reading is None]
        self.analysis: Analysis = analyse(self.system, main)
        self._believed = set(self.analysis.believed)
        self._users = self._users_of_variables()
        self._without: dict[int, list[Interval]] = {}
        self.reading_conflicts: list[list[int]] = []
        self.failed_readings: list[Claim] = []

    # Building -------------------------------------------------------------------------------

    def _add(self, claim: Claim) -> Claim:
        claim.index = self.system.statement()
        self.claims.append(claim)
        claim.build(self)
        return claim

    def _build(self) -> None:
        later: list[tuple[Release, Relation]] = []
        for release in self.series.releases:
            for figure in release.figures:
                if figure.printed is None:
                    continue
                key = self.key(release, figure.ref, None)
                claim = ValueClaim(release, figure, key)
                self._add(claim)
                self.printings.setdefault(key, []).append(claim)
                if figure.listing is not None:
                    self._add(ListedClaim(release, figure, key))
            for relation in release.relations:
                if isinstance(relation, (RecordClaim, Rank)):
                    later.append((release, relation))
                else:
                    self._add_relation(release, relation)
        for release in self.series.releases:
            self._add_structure(release)
        for release, relation in later:
            self._add_relation(release, relation)
        for printings in self.printings.values():
            first = next((claim for claim in printings if claim.exact), None)
            if first is not None:
                first.first = True

    def _add_relation(self, release: Release, relation: Relation) -> None:
        readings = max(len(ref.scopes) for ref in _refs(relation))
        for reading in range(readings) if readings > 1 else (None,):
            claim: Claim
            if isinstance(relation, Share):
                claim = ShareClaim(release, relation, reading)
            elif isinstance(relation, Growth):
                claim = (ChangeClaim if relation.change else GrowthClaim)(release, relation,
                                                                          reading)
            elif isinstance(relation, Average):
                claim = AverageClaim(release, relation, reading)
            elif isinstance(relation, RecordClaim):
                claim = RecordOrder(release, relation, reading)
            else:
                claim = RankOrder(release, relation, reading)
            self._add(claim)
            if reading is not None:
                self.readings.setdefault(id(relation), []).append(claim)

    def _add_structure(self, release: Release) -> None:
        edition = self.series.edition_of(release).key
        for index, dimension in enumerate(release.dimensions):
            units = {
                (key.measure, key.unit)
                for key in self.vars
                if key.edition == edition and key.scope in dimension.categories
            }
            order = list(release.measures)
            for measure, unit in sorted(units, key=lambda mu: (order.index(mu[0]), mu[1])):
                whole = Key(edition, dimension.of, measure, unit)
                parts = [Key(edition, category, measure, unit)
                         for category in dimension.categories]
                self._add(PartsClaim(release, dimension, whole, parts, index))
        seen: set[tuple[Key, Key]] = set()
        in_edition = [key for key in list(self.vars) if key.edition == edition]
        scopes = release.scopes
        for key in in_edition:
            scope = scopes.get(key.scope)
            if scope is None or scope.dimension is not None or self.kind_of(key) not in (
                    COUNT, AMOUNT):
                continue
            parent = scope.within
            while parent is not None:
                parent_key = Key(edition, parent, key.measure, key.unit)
                if parent_key in self.vars:
                    if (key, parent_key) not in seen:
                        seen.add((key, parent_key))
                        place = f"$.scopes[{list(scopes).index(scope.id)}].within"
                        self._add(WithinClaim(release, place, key, parent_key))
                    break
                parent = scopes[parent].within if parent in scopes else None
        self._add_conversions(release, edition)

    def _add_conversions(self, release: Release, edition: EditionKey) -> None:
        by_source: dict[tuple[str, str, str], list[ValueClaim]] = {}
        for printings in self.printings.values():
            for claim in printings:
                if claim.release is release and claim.exact:
                    key = claim.key
                    by_source.setdefault((claim.figure.source, key.scope, key.measure),
                                         []).append(claim)
        for (source, _scope, measure), claims in by_source.items():
            currencies = {claim.key.unit for claim in claims}
            if len(currencies) < 2:
                continue
            declared = release.measures[measure].unit
            anchor_unit = declared if declared in currencies else claims[0].key.unit
            anchor = next(claim for claim in claims if claim.key.unit == anchor_unit)
            done: set[str] = set()
            for other in claims:
                if other.key.unit == anchor_unit or other.key.unit in done:
                    continue
                done.add(other.key.unit)
                rate = (f"{release.label}:{source}", anchor_unit, other.key.unit)
                claim = ConversionClaim(release, source, anchor, other, rate)
                self._add(claim)
                self.conversions.setdefault(rate, []).append(claim)  # type: ignore[arg-type]
        del edition

    def key(self, release: Release | None, ref: Ref, reading: int | None) -> Key:
        assert release is not None
        edition = self.series.resolve(release, ref.edition)
        scope = ref.scopes[reading or 0] if len(ref.scopes) > 1 else ref.scope
        return Key(edition, scope, ref.measure, ref.unit)

    def kind_of(self, key: Key) -> str:
        measure = self.measures.get((key.edition.fair, key.measure))
        return measure.kind if measure is not None else AMOUNT

    def var(self, key: Key) -> int:
        found = self.vars.get(key)
        if found is None:
            found = self.system.variable(NON_NEGATIVE, integer=self.kind_of(key) == COUNT)
            self.vars[key] = found
        return found

    def rate_var(self, rate: tuple[str, str, str]) -> int:
        found = self.rates.get(rate)
        if found is None:
            found = self.system.variable(POSITIVE)
            self.rates[rate] = found
        return found

    # What the claims ask of the others ------------------------------------------------------

    def _users_of_variables(self) -> dict[int, set[int]]:
        users: dict[int, set[int]] = {}
        for primitive in self.system.primitives:
            if primitive.statement in self._believed:
                for variable in primitive.operands:
                    users.setdefault(variable, set()).add(primitive.statement)
        return users

    def believed(self, claim: Claim) -> bool:
        return claim.index in self._believed

    def point_printing(self, key: Key, claim: Claim) -> ValueClaim | None:
        """The exact printing of a quantity to compute with: one of the claim's own source if
        there is one, else the first; never the claim itself, never a doubted one."""
        candidates = [
            printing
            for printing in self.printings.get(key, ())
            if printing.exact and printing is not claim and self.believed(printing)
        ]
        same = [p for p in candidates if p.figure.source == claim.source()
                and p.release is claim.release]
        chosen = same or candidates
        return chosen[0] if chosen else None

    def point(self, key: Key, claim: Claim) -> Fraction | None:
        printing = self.point_printing(key, claim)
        return None if printing is None else printing.point()

    def others_interval(self, key: Key, claim: Claim) -> Interval | None:
        """What the statements other than `claim` allow a quantity, in units of one: its
        printings, or else the solution without the claim; None when nothing else says
        anything of it."""
        allowed: Interval | None = None
        for printing in self.printings.get(key, ()):
            if printing is claim or not self.believed(printing):
                continue
            own = printing.allowed()
            allowed = own if allowed is None else (allowed.intersect(own) or allowed)
        if allowed is not None:
            return allowed
        variable = self.vars.get(key)
        if variable is None:
            return None
        users = self.users(variable) - {claim.index}
        if not users:
            return None
        domain = self.domains_without(claim)[variable]
        return domain if domain != NON_NEGATIVE else None

    def operands(self, keys: Sequence[Key], claim: Claim) -> Operands | Key:
        """Each quantity's printed point and what the others allow it; or the first quantity
        that nothing else bounds (the claim cannot be tested)."""
        points: list[Fraction | None] = []
        intervals: list[Interval] = []
        for key in keys:
            point = self.point(key, claim)
            interval = self.others_interval(key, claim)
            if interval is None or (point is None and unbounded(interval)):
                return key
            points.append(point)
            intervals.append(interval)
        return Operands(points, intervals)

    def users(self, variable: int) -> set[int]:
        return self._users.get(variable, set())

    def domains_without(self, claim: Claim) -> list[Interval]:
        """Every variable's interval under the believed statements but this one."""
        found = self._without.get(claim.index)
        if found is None:
            if claim.index not in self._believed:
                found = self.analysis.domains
            else:
                propagator = Propagator(self.system)
                propagator.add_all(s for s in self.analysis.believed if s != claim.index)
                found = propagator.domains
            self._without[claim.index] = found
        return found

    def implied_by(self, claim: RatioClaim, unknown: Key) -> Quantity | None:
        """What a claim says of a quantity nothing else gives: its point at the printed
        values, and the interval from the solution (narrowed to whole numbers for a count)."""
        variable = self.vars.get(unknown)
        interval = claim.implied_interval(self, unknown)
        if interval is None or variable is None:
            return None
        solved = self.analysis.domains[variable] if self.believed(claim) else interval
        if self.kind_of(unknown) == COUNT:
            solved = solved.whole() or solved
        unit = self.display_unit(unknown)
        point = claim.implied_point(self, unknown)
        return Quantity(
            None if point is None else scaled(point, unit.scale),
            result_kind(self.kind_of(unknown)),
            Basis.IMPLIED,
            unit,
            solved.shifted(-unit.scale),
        )

    def implied_rest(self, claim: ShareClaim) -> Quantity | None:
        """The whole less the part a share is of: part * (100 / share - 1), each input used
        once so the interval is exact, within what the solution allows the whole."""
        part_key, whole_key = claim.keys()
        part = self.others_interval(part_key, claim)
        share = printed_interval(claim.printed).shifted(-2).non_negative()
        if part is None or share is None or share.lo == 0:
            return None
        reciprocal = Interval.point(1).over(share)
        assert reciprocal is not None
        rest = part.times((reciprocal - Interval.point(1)).non_negative() or Interval.point(0))
        variable = self.vars.get(whole_key)
        if variable is not None and self.believed(claim):
            solved = self.analysis.domains[variable] - part
            rest = rest.intersect(solved) or rest
        unit = self.display_unit(whole_key)
        point = None
        part_point = self.point(part_key, claim)
        if part_point is not None and claim.printed.qualifier == "exact" and claim.printed.value:
            point = scaled(part_point * (100 / Fraction(claim.printed.value) - 1), unit.scale)
        return Quantity(point, result_kind(self.kind_of(whole_key)), Basis.IMPLIED, unit,
                        rest.shifted(-unit.scale))

    def implied_formula(self, claim: RatioClaim, unknown: Key) -> Phrase:
        a_key, b_key = claim.keys()
        known = a_key if unknown == b_key else b_key
        return Phrase("{} / (1 + {})" if isinstance(claim, GrowthClaim) else "{} / {}",
                      (self.value_quantity(known, claim), claim.reported(self)))

    # Words ----------------------------------------------------------------------------------

    def display_unit(self, key: Key) -> Unit:
        """The unit a quantity is shown in: its first printing's, else its measure's."""
        printings = self.printings.get(key)
        if printings:
            return printings[0].unit
        measure = self.measures.get((key.edition.fair, key.measure))
        scale = measure.scale if measure is not None else 0
        return Unit(key.unit, scale)

    def value_quantity(self, key: Key, claim: Claim) -> Quantity:
        """A quantity's figure as a claim computes with it: a printing, or its interval."""
        printing = self.point_printing(key, claim)
        kind = result_kind(self.kind_of(key))
        if printing is not None:
            return printed_quantity(printing.printed, printing.unit, kind)
        unit = self.display_unit(key)
        interval = self.others_interval(key, claim)
        return Quantity(None, kind, Basis.IMPLIED, unit,
                        None if interval is None else interval.shifted(-unit.scale))

    def scope_name(self, key: Key, release: Release | None) -> str:
        for candidate in self._releases_for(key.edition, release):
            scope = candidate.scopes.get(key.scope)
            if scope is not None:
                return scope.name
        return key.scope

    def measure_name(self, measure_id: str, release: Release | None) -> str:
        for candidate in self.series.releases if release is None else (release,):
            measure = candidate.measures.get(measure_id)
            if measure is not None:
                return measure.name
        return measure_id

    def _releases_for(self, edition: EditionKey, release: Release | None) -> Iterator[Release]:
        """Where to look up names: the release itself, the edition's releases, then any
        release of the same fair (scopes keep their ids from edition to edition)."""
        if release is not None:
            yield release
        loaded = self.series.loaded(edition)
        if loaded is not None:
            yield from loaded.releases
        for editions in self.series.editions.get(edition.fair, ()):
            yield from editions.releases

    def key_label(self, key: Key, release: Release | None) -> str:
        """"Dalian projects", with the edition when it is not the release's own, and the
        currency when the measure is printed in another."""
        measure = self.measures.get((key.edition.fair, key.measure))
        measure_name = measure.name if measure is not None else key.measure
        text = f"{self.scope_name(key, release)} {measure_name}"
        if measure is not None and measure.kind == AMOUNT and key.unit != measure.unit:
            text += f" in {key.unit}"
        own = self.series.edition_of(release).key if release is not None else None
        if key.edition != own:
            text += f", {self.edition_name(key.edition, release)}"
        return text

    def edition_name(self, edition: EditionKey, release: Release | None) -> str:
        known = next(self._releases_for(edition, release), None)
        name = known.fair.short_name if known is not None else edition.fair
        if release is not None and self.series.resolve(release, PREVIOUS) == edition:
            return f"the previous edition ({name} {edition_label(edition)})"
        return f"{name} {edition_label(edition)}"

    def where(self, release: Release | None, statement: Figure | Relation, text: str) -> str:
        return f"{text} ({statement.where})" if statement.where else text

    def missing_reason(self, key: Key, release: Release | None) -> str:
        """Why nothing gives a quantity: another edition not loaded, or simply not printed."""
        if release is not None and key.edition != self.series.edition_of(release).key and (
                self.series.loaded(key.edition) is None):
            return "nothing else gives {}: that edition is not among the loaded releases"
        return "nothing else gives {}"

    # Judging --------------------------------------------------------------------------------

    def judged(self) -> list[tuple[Claim, Evaluation]]:
        """Every claim with a row, judged; readings of one relation as one row."""
        rows: list[tuple[Claim, Evaluation]] = []
        done: set[int] = set()
        for claim in self.claims:
            if not claim.shown:
                if claim.index in self.analysis.suspects:
                    rows.append((claim, self._doubted(claim, claim.evaluate(self))))
                continue
            if claim.reading is not None:
                relation = claim.relation  # type: ignore[attr-defined]
                if id(relation) in done:
                    continue
                done.add(id(relation))
                rows.append((claim, self._readings(self.readings[id(relation)])))
                continue
            evaluation = claim.evaluate(self)
            if claim.index in self.analysis.suspects:
                evaluation = self._doubted(claim, evaluation)
            elif isinstance(claim, ValueClaim) and evaluation.verdict == Verdict.NOT_TESTABLE:
                continue  # a figure with nothing to compare is data, not a check
            rows.append((claim, evaluation))
        return rows

    def _doubted(self, claim: Claim, evaluation: Evaluation) -> Evaluation:
        numbers = [
            str(number)
            for number, conflict in enumerate(self.analysis.conflicts, 1)
            if claim.index in conflict
        ]
        detail = join([evaluation.detail, Phrase(
            f"conflict {', '.join(numbers)}" if numbers else "conflict", ())])
        return Evaluation(Verdict.INCONSISTENT, detail, evaluation.reported, evaluation.computed)

    def _readings(self, readings: list[Claim]) -> Evaluation:
        """A relation whose scope is uncertain: each reading tested against the believed
        statements; the relation holds as well as its best reading."""
        propagator = Propagator(self.system, explain=True)
        propagator.add_all(self.analysis.believed)
        judged: list[tuple[str, Evaluation, Claim]] = []
        for claim in readings:
            mask = propagator.probe(claim.index)
            evaluation = claim.evaluate(self)
            if mask is not None:
                core = minimal_conflict(self.system, [*statements_in(mask), claim.index])
                if core not in self.reading_conflicts:
                    self.reading_conflicts.append(core)
                evaluation = Evaluation(Verdict.INCONSISTENT, evaluation.detail,
                                        evaluation.reported, evaluation.computed)
            judged.append((self.scope_name_of(claim.reading_scope(), claim.release), evaluation,
                           claim))
        best = min(judged, key=lambda item: _PREFERENCE.index(item[1].verdict))
        detail = join([
            join([Phrase("over {}:", (name,)), Phrase(e.verdict.replace("_", " "), ()),
                  e.detail], " ")
            for name, e, _ in judged
        ])
        if best[1].verdict == Verdict.INCONSISTENT:
            self.failed_readings.append(best[2])
        return Evaluation(best[1].verdict, detail, best[1].reported, best[1].computed)

    def scope_name_of(self, scope: str, release: Release | None) -> str:
        if release is not None and scope in release.scopes:
            return release.scopes[scope].name
        return scope

    def implied(self) -> list[tuple[Key, Interval, Fraction | None]]:
        """Every quantity no figure gives that the believed statements bound, with its
        interval (and its value when one statement alone implies it)."""
        found = []
        for key, variable in self.vars.items():
            if any(p.exact and self.believed(p) for p in self.printings.get(key, ())):
                continue
            users = self.users(variable)
            if not users:
                continue
            domain = self.analysis.domains[variable]
            if domain.hi == INF:
                continue
            implying = [c for c in (self.claims[u] for u in users) if isinstance(c, RatioClaim)]
            point = implying[0].implied_point(self, key) if len(implying) == 1 else None
            found.append((key, domain, point))
        return found


def _refs(relation: Relation) -> list[Ref]:
    if isinstance(relation, Share):
        return [relation.part, relation.whole]
    if isinstance(relation, Average):
        return [relation.amount]
    return [relation.of]


def result_kind(measure_kind: str) -> str:
    return {COUNT: Kind.COUNT, AMOUNT: Kind.AMOUNT}.get(measure_kind, Kind.MEASURE)
