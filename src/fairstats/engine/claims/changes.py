"""A stated change as a claim: a difference between two editions' figures, printed as an amount."""

from __future__ import annotations

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
    difference,
    nothing_else_gives,
    statement_label,
)
from fairstats.model.intervals import printed_interval
from fairstats.model.release import (
    Growth,
    Ref,
    Release,
)
from fairstats.model.results import Basis, Quantity, Unit
from fairstats.model.series import Quantity as Key

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit


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
