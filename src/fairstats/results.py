"""The one result shape every command produces, and every renderer consumes.

A `Report` is a titled list of sections sharing one set of columns; each cell is text, a
`Quantity` (an exact value with its basis and, where it has one, its interval) or empty.
Cells hold exact values; rounding them for display belongs to the renderers. (Titles and
notes are text, written by the computations that know what they mean.)
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from fairstats.numbers import Interval
from fairstats.record import Record


# Plain string constants rather than enums: the values are what csv and json print, and an
# enum class costs more to create at start-up than the rest of this module.
class Basis:
    """Where a figure comes from."""

    REPORTED = "reported"  # in the source, as printed
    COMPUTED = "computed"  # exact arithmetic on reported figures
    IMPLIED = "implied"  # solved from a rounded reported ratio: known to an interval


class Kind:
    """What a number counts, which decides how it is shown."""

    COUNT = "count"
    AMOUNT = "amount"
    PERCENT = "percent"
    MEASURE = "measure"


class Quantity(Record):
    """A number and where it came from. `value` None means undefined (n/a), never zero."""

    value: int | Decimal | Fraction | None
    kind: str  # a Kind
    basis: str  # a Basis
    unit: str = ""
    interval: Interval | None = None


Cell = str | Quantity | None


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
    bar: bool = False  # the table format draws a bar for a percentage
    unit_column: bool = True  # False: table and markdown show the unit in the section title
    basis_column: bool = True  # False: table and markdown show the basis by colour only
    human: bool = True  # shown in table and markdown (False: a key for scripts only)
    styles: dict[str, str] | None = None  # table format: a style for each of a text's values


class Section:
    """Rows under a title, for one delegation (or none: dataset-wide)."""

    __slots__ = ("delegation", "rows", "title")

    def __init__(
        self, title: str, delegation: str = "", rows: list[dict[str, Cell]] | None = None
    ) -> None:
        self.title = title
        self.delegation = delegation
        self.rows = rows if rows is not None else []


class Report:
    """A command's result: sections sharing one set of columns, and footnotes."""

    __slots__ = ("columns", "context_columns", "footnotes", "sections", "title")

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
        self.footnotes: list[str] = []
        # Machine formats lead with `delegation` and `section` columns, unless a report has
        # neither.
        self.context_columns = context_columns


# The long layout shared by reports whose rows are single figures.
VALUE_COLUMN = Column(
    "value", "Value", unit_key="unit", basis_key="basis", low_key="low", high_key="high"
)
