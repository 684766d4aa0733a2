"""Records and ranks as claims: a figure the highest of its fair's editions, or placed n-th among
named rivals."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.engine.claims.base import Claim
from fairstats.engine.verdicts import (
    Evaluation,
    Verdict,
    exact_decimal,
)
from fairstats.engine.wording import (
    MAX_LISTED,
    compared_with,
    no_figure_for,
    nothing_else_gives,
    statement_label,
)
from fairstats.model.intervals import (
    ZERO,
    Interval,
)
from fairstats.model.release import (
    Rank,
    RecordClaim,
    Release,
)
from fairstats.model.series import Quantity as Key
from fairstats.model.series import ordinal

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit


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
