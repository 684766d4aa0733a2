"""The one result shape every command produces, and every renderer consumes.

A `Report` is a titled list of sections sharing one set of columns; each cell is text, a
`Quantity` (an exact value with its unit, basis and, where it has one, its interval), a
`Phrase` (words with quantities in them) or empty. Cells hold exact values in the unit they
were printed in; converting units (`--unit`) and rounding for display belong to the renderers,
which also build every number a phrase shows, so `--unit` and `--decimals` reach it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.model.record import Record

__all__ = [
    "NO_UNIT",
    "PERCENT",
    "VALUE_COLUMN",
    "Basis",
    "Cell",
    "Code",
    "Column",
    "Kind",
    "Phrase",
    "Quantity",
    "Report",
    "Section",
    "Unit",
]

if TYPE_CHECKING:
    from fairstats.model.intervals import Interval


# Plain string constants rather than enums: the values are what csv and json print, and an
# enum class costs more to create at start-up than the rest of this module.
class Basis:
    """Where a figure comes from."""

    REPORTED = "reported"  # in the source, as printed
    COMPUTED = "computed"  # exact arithmetic on reported figures
    IMPLIED = "implied"  # solved from rounded reported figures: known to an interval


class Kind:
    """What a number counts, which decides how it is shown and whether `--unit` moves it."""

    COUNT = "count"
    AMOUNT = "amount"
    PERCENT = "percent"
    MEASURE = "measure"
    RATE = "rate"  # units of one currency per unit of another


class Unit(Record):
    """A unit of measure and its multiplier as a power of ten (SDMX's UNIT_MEASURE and
    UNIT_MULT): CNY with 9 is "CNY billion", 亿元 is CNY with 8."""

    code: str = ""
    scale: int = 0


NO_UNIT = Unit()
PERCENT = Unit("%")


class Quantity(Record):
    """A number and where it came from. `value` None means undefined (n/a), never zero;
    an implied value may have an interval and no single value."""

    value: int | Decimal | Fraction | None
    kind: str  # a Kind
    basis: str  # a Basis
    unit: Unit = NO_UNIT
    interval: Interval | None = None
    printed: bool = False  # the digits are as the source printed them: never more decimals
    qualifier: str = ""  # as printed: more_than, about... (empty: a plain figure)


class Phrase(Record):
    """Words with numbers in them: `template` holds one `{}` for each value, in order. Names
    from a dataset are values too, never part of the template."""

    template: str
    values: tuple[Quantity | str | Phrase, ...] = ()


class Code(str):
    """A value from a fixed vocabulary (a verdict): snake_case in csv, tsv and json, where
    scripts match it, and words in table and markdown, where people read it."""

    __slots__ = ()

    @property
    def words(self) -> str:
        return self.replace("_", " ")


# A bool is a yes-or-no fact: true or false in csv, tsv and json, yes or no for people. An int
# is a whole number that is a label, not a measurement (an edition's year or ordinal in an id
# column): written as it is, never moved by `--unit` or given `--decimals`.
Cell = str | bool | int | Quantity | Phrase | None


class Column(Record):
    """A column; `key` is its stable snake_case name in csv, tsv and json.

    A quantity column may spread into more machine columns: the quantity's unit, basis and
    interval ends, under the names given here.
    """

    key: str
    title: str
    unit_key: str | None = None
    basis_key: str | None = None
    low_key: str | None = None
    high_key: str | None = None
    qualifier_key: str | None = None  # where a printed number's qualifier goes
    # Where a text cell of this column goes in csv, tsv and json, so that `key` holds numbers
    # only (people see both under one title).
    text_key: str | None = None
    bar: bool = False  # the table format draws a bar for a percentage
    unit_column: bool = True  # False: table and markdown show the unit in the section title
    # Table and markdown: the column whose figure's unit the Unit column shows in a row where
    # this column has none, so that a figure whose own unit is not shown still has one.
    unit_fallback: str | None = None
    basis_column: bool = True  # False: table and markdown show the basis by colour only
    human: bool = True  # shown in table and markdown (False: a key for scripts only)
    collapse: bool = False  # table and markdown leave it out where a section has one value
    # Table and markdown show it only for a release whose rows hold more than one distinct
    # value in it (empty cells aside), and then in every section of that release: a source
    # tells printings apart only where there are several, and one source is listed with the fair.
    when_several: bool = False
    styles: dict[str, str] | None = None  # table format: a style for each of a text's values


class Section:
    """Rows under a title, for one release (or none: across releases)."""

    __slots__ = ("release", "rows", "title")

    def __init__(
        self, title: str, release: str = "", rows: list[dict[str, Cell]] | None = None
    ) -> None:
        self.title = title
        self.release = release
        self.rows = rows if rows is not None else []


class Report:
    """A command's result: sections sharing one set of columns, and footnotes."""

    __slots__ = ("charts", "columns", "context_columns", "footnotes", "sections", "title")

    def __init__(
        self,
        title: str,
        columns: tuple[Column, ...],
        sections: list[Section] | None = None,
        *,
        context_columns: bool = True,
    ) -> None:
        self.title = title
        self.columns = columns
        self.sections = sections if sections is not None else []
        self.footnotes: list[Phrase] = []
        # Machine formats lead with `release` and `section` columns, unless a report has
        # neither.
        self.context_columns = context_columns
        # What a format that draws (html) draws beside the tables: each chart's kind (as `chart`
        # takes it) and the report it draws, this one or another of the same loaded releases.
        self.charts: list[tuple[str, Report]] = []


# The long layout shared by reports whose rows are single figures.
VALUE_COLUMN = Column(
    "value",
    "Value",
    unit_key="unit",
    basis_key="basis",
    low_key="low",
    high_key="high",
    qualifier_key="qualifier",
    text_key="text",
)
