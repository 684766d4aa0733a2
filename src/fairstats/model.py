"""The dataset's types: what a fair's published results say, as exact values.

Nothing here knows any particular fair, delegation or category: names are data. The types are
immutable `Record`s, which cost next to nothing to define at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.record import Record

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal
    from typing import Literal

    # For type checkers only: at run time the annotations stay unevaluated strings.
    Measure = Literal["projects", "investment"]
    Listing = Literal["complete", "examples"]
    FigureKind = Literal["count", "amount", "measure", "text"]
    Relation = Literal["more_than", "at_least", "less_than", "at_most", "about"]

MEASURES: tuple[Measure, ...] = ("projects", "investment")
LISTINGS: tuple[Listing, ...] = ("complete", "examples")
FIGURE_KINDS: tuple[FigureKind, ...] = ("count", "amount", "measure", "text")
RELATIONS: tuple[Relation, ...] = ("more_than", "at_least", "less_than", "at_most", "about")


class Fair(Record):
    name: str
    short_name: str
    edition: int
    city: str
    start_date: date
    end_date: date
    sponsors: tuple[str, ...]


class Source(Record):
    title: str
    publisher: str
    published: str


class Totals(Record):
    """Signed projects (an exact count) and investment (in the dataset's amount unit)."""

    projects: int | None
    investment: Decimal | None

    def get(self, measure: Measure) -> int | Decimal | None:
        return self.projects if measure == "projects" else self.investment


class Ratios(Record):
    """Percentages as the source printed them, per measure; None where it gave none."""

    projects: Decimal | None
    investment: Decimal | None

    def get(self, measure: Measure) -> Decimal | None:
        return self.projects if measure == "projects" else self.investment


class Category(Record):
    name: str
    projects: int
    investment: Decimal

    def get(self, measure: Measure) -> int | Decimal:
        return self.projects if measure == "projects" else self.investment


class Breakdown(Record):
    dimension: str
    label: str
    categories: tuple[Category, ...]


class ItemList(Record):
    """Named items; `complete` when the source names all of them, `examples` when only some."""

    listing: Listing
    items: tuple[str, ...]


class Figure(Record):
    """One figure of an activity: a count, an amount, a measure with its unit, or a text."""

    name: str
    kind: FigureKind
    value: int | Decimal | str
    unit: str | None = None
    qualifier: str | None = None
    named: ItemList | None = None


class Activity(Record):
    name: str
    figures: tuple[Figure, ...]


class Claim(Record):
    """A statement about a figure, such as a headline's "more than 240 billion"."""

    statement: str
    figure: Measure
    relation: Relation
    value: Decimal


class Delegation(Record):
    name: str
    region: str
    signed: Totals
    region_total: Totals
    reported_share_of_region: Ratios
    reported_growth: Ratios
    claims: tuple[Claim, ...]
    breakdowns: tuple[Breakdown, ...]
    focus_industries: ItemList | None
    side_events: ItemList | None
    notes: tuple[str, ...]
    activities: tuple[Activity, ...]


class Dataset(Record):
    file: str
    schema_version: int
    fair: Fair
    source: Source
    currency: str
    amount_unit: str
    delegations: tuple[Delegation, ...]
