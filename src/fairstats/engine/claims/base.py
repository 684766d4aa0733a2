"""What every claim is: a statement of the engine (`system`), which knows how it constrains the
quantities, how to say what it is, and how to judge itself against the others."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from fairstats.engine.verdicts import (
    OTHER_WEIGHT,
    Evaluation,
)
from fairstats.model.release import (
    Average,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.model.results import Quantity, Unit
from fairstats.model.series import Quantity as Key

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit


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
        uncertain = next(ref for ref in relation_refs(self.relation) if len(ref.scopes) > 1)
        return uncertain.scopes[self.reading or 0]


NO_SCALE = Unit()


def relation_refs(relation: Relation) -> list[Ref]:
    """The figures a relation is about, each of which a release may give several scopes."""
    if isinstance(relation, Share):
        return [relation.part, relation.whole]
    if isinstance(relation, Average):
        return [relation.amount]
    return [relation.of]
