"""What a release says, as printed: scopes, measures, the figures it prints and the relations it
states between them.

A *quantity* is one measure of one scope in one edition of a fair, in one unit (the projects of
Dalian at Liao Fair 2022; the investment of Fujian's CIFIT 2021 ceremony in yuan). A release
prints figures of quantities (a value, with its qualifier and precision) and states relations
between them (a share, a growth, an average, parts of a whole). Many quantities are never
printed (Liaoning's total); they exist so that relations can be about them.

Nothing here knows any particular fair, scope or measure: names are data. The types are
immutable `Record`s, which cost next to nothing to define at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.model.record import Record

__all__ = [
    "AMOUNT",
    "BY_ORDINAL",
    "BY_YEAR",
    "COUNT",
    "LISTINGS",
    "MEASURE_KINDS",
    "OTHER",
    "PREVIOUS",
    "PREVIOUS_EDITION",
    "QUALIFIERS",
    "QUALIFIER_WORDS",
    "THIS",
    "THIS_EDITION",
    "Average",
    "Dimension",
    "Edition",
    "Fair",
    "Figure",
    "Growth",
    "ItemList",
    "Measure",
    "Note",
    "Printed",
    "Rank",
    "RecordClaim",
    "Ref",
    "Relation",
    "Release",
    "Scope",
    "Share",
    "Source",
    "Statement",
]

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal

    from fairstats.model.sourcetext import LeftOut, Printing

COUNT = "count"  # a whole number of things, printed exactly unless with a multiplier
AMOUNT = "amount"  # money, in a currency
OTHER = "other"  # anything else with a unit: an area, a duration
MEASURE_KINDS = (COUNT, AMOUNT, OTHER)
LISTINGS = ("complete", "examples")

# How a number is printed: plainly (its rounding), roughly, or as one side of a threshold.
QUALIFIERS = ("exact", "about", "nearly", "more_than", "at_least", "less_than", "up_to")
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "up_to": "up to",
}

THIS_EDITION = "this"
PREVIOUS_EDITION = "previous"
BY_YEAR = "year"
BY_ORDINAL = "ordinal"


class Fair(Record):
    """The fair and the edition a release is about. `id` names the fair whatever its display
    name (CIIE and 进博会 are one fair); `year` and `ordinal` name the edition."""

    id: str
    name: str
    short_name: str
    year: int
    ordinal: int | None = None
    previous_year: int | None = None  # the edition before, when the release says which
    city: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    sponsors: tuple[str, ...] = ()


class Source(Record):
    """Where a release was printed; it has a title, a publisher or both, and may name the
    file of its text, which `check` then compares the dataset with."""

    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD, or with a time of day: YYYY-MM-DDTHH:MM
    url: str | None = None
    language: str | None = None
    text: str | None = None  # the file of its text, as the dataset names it
    numbers: tuple[Printing, ...] = ()  # the numbers that text prints
    left_out: tuple[LeftOut, ...] = ()  # those the dataset leaves out on purpose


class Measure(Record):
    """What is measured. `unit` is a currency code for an amount, a unit for other measures,
    empty for a count; `scale` is the power of ten figures are printed in by default (8 for
    亿); `per` names a count an amount is meaningfully averaged over (investment per project).
    """

    id: str
    name: str
    kind: str
    unit: str = ""
    scale: int = 0
    per: str | None = None
    item: str | None = None  # a count's one counted thing ("project"), for averages' names

    @property
    def one(self) -> str:
        return self.item or self.name


class Scope(Record):
    """A set of things a figure can be about: the fair, a region, a delegation, a subset the
    release defines, or a category of a dimension. Scopes form a tree through `within`."""

    id: str
    name: str
    within: str | None = None
    dimension: str | None = None  # the dimension this scope is a category of


class Dimension(Record):
    """A breakdown of a scope into disjoint categories; `complete` when they make up all of it."""

    id: str
    name: str
    of: str
    complete: bool
    categories: tuple[str, ...]


class Edition(Record):
    """Which edition a figure is about: this one, the previous one, or one named by year or
    ordinal."""

    kind: str
    number: int | None = None


THIS = Edition(THIS_EDITION)
PREVIOUS = Edition(PREVIOUS_EDITION)


class Ref(Record):
    """A quantity a relation is about. Several `scopes` are the readings of a sentence whose
    scope the release leaves open; each is tested."""

    scopes: tuple[str, ...]
    measure: str
    edition: Edition = THIS
    unit: str = ""

    @property
    def scope(self) -> str:
        return self.scopes[0]


class Printed(Record):
    """A number as printed: exact digits, qualifier, and the power of ten it is printed in."""

    value: Decimal
    qualifier: str = "exact"
    scale: int = 0
    whole: bool = False  # an exact count: no rounding


class Statement(Record, kw_only=True):
    """What every figure and relation has: where it is, and in which source."""

    place: str  # the JSON path of the entry in its file
    source: str
    where: str | None = None  # headline, body, ...
    note: str | None = None


class Figure(Statement, kw_only=True):
    """A printed figure of a quantity: a number, or words ("thousands")."""

    ref: Ref
    printed: Printed | None = None
    text: str | None = None
    listing: str | None = None  # the figure names its items: all of them, or examples
    items: tuple[str, ...] = ()


class Share(Statement, kw_only=True):
    part: Ref
    whole: Ref
    printed: Printed  # in percent


class Growth(Statement, kw_only=True):
    """The quantity against the same one in a base edition: a rate in percent, or (`change`)
    an absolute change in the quantity's unit."""

    of: Ref
    base: Edition = PREVIOUS
    printed: Printed
    change: bool = False


class Average(Statement, kw_only=True):
    """An amount per counted thing (investment per project) of one scope."""

    amount: Ref
    count: Ref
    printed: Printed


class RecordClaim(Statement, kw_only=True):
    """The quantity is higher than in any earlier edition."""

    of: Ref


class Rank(Statement, kw_only=True):
    """The quantity ranks `rank` among the same measure of other scopes ("first in the
    province")."""

    of: Ref
    rank: int = 1
    among: tuple[str, ...] = ()


Relation = Share | Growth | Average | RecordClaim | Rank


class ItemList(Record):
    """Things the release names without counting them (focus industries, side events)."""

    scope: str
    name: str
    listing: str
    items: tuple[str, ...]


class Note(Record):
    scope: str | None
    text: str


class Release(Record):
    """One dataset file: one release (of one or more sources) about one edition of a fair."""

    file: str
    label: str  # the file's name without its extension
    schema_version: int
    fair: Fair
    sources: tuple[Source, ...]
    measures: dict[str, Measure]
    scopes: dict[str, Scope]
    dimensions: tuple[Dimension, ...]
    figures: tuple[Figure, ...]
    relations: tuple[Relation, ...]
    # where each scope and measure is defined (JSON paths), to say where files disagree
    scope_paths: dict[str, str]
    measure_paths: dict[str, str]
    lists: tuple[ItemList, ...] = ()
    notes: tuple[Note, ...] = ()
    # the entries marked as guesses still to review: (JSON path, what to review)
    reviews: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return f"{self.fair.short_name} {self.fair.year}"

    def source(self, source_id: str) -> Source:
        return next(source for source in self.sources if source.id == source_id)
