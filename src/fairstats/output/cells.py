"""Cells as every format shows them: figures moved to the unit asked for (`--unit`) and rounded
for display here and only here (half-up; interval ends outward), the numbers inside phrases,
and the flat rows the machine formats write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.model.record import Record
from fairstats.model.release import QUALIFIER_WORDS
from fairstats.model.results import (
    Basis,
    Cell,
    Code,
    Column,
    Kind,
    Phrase,
    Quantity,
    Report,
    Unit,
)
from fairstats.model.rounding import (
    UNIT_EXPONENTS,
    Exact,
    decimals_of,
    exact_text,
    move_point,
    plain,
    round_half_up,
    round_outward,
    significant_places,
    unit_label,
)

if TYPE_CHECKING:
    from fairstats.model.intervals import Interval

__all__ = ["RenderOptions"]


MACHINE_MAX_PLACES = 10


NOT_AVAILABLE = "n/a"


# Decimals shown for a computed or implied value when the user does not choose.
DEFAULT_PLACES = {
    Kind.COUNT: 3,
    Kind.AMOUNT: 3,
    Kind.PERCENT: 2,
    Kind.MEASURE: 2,
    Kind.RATE: 4,
}


class RenderOptions(Record):
    format: str = "table"
    decimals: int | None = None  # None: as printed (reported) or the kind's default
    formula_guard: bool = True  # csv/tsv: neutralise text a spreadsheet would run
    unit: str | None = None  # amounts in this multiplier (a name of numbers.UNIT_EXPONENTS)
    color: str = "auto"  # tables: "always", "never", or as the environment and stream say
    width: int | None = None  # table: fit this many columns (None: COLUMNS or the terminal's)
    header: bool = True  # csv/tsv: the header row first
    bom: bool = False  # csv/tsv: written as UTF-8 with a byte-order mark (see cli.emit)


_WIDE = Context(prec=80)  # enough for any end moved to any unit and rounded anywhere


_STEPS = {places: Decimal(1).scaleb(-places) for places in range(MACHINE_MAX_PLACES + 13)}


class MachineNumber(str):
    """A number's digits for csv and json: written as they are, never through a float."""


def in_unit(quantity: Quantity, options: RenderOptions) -> Quantity:
    """An amount moved to the multiplier asked for, exactly; anything else as it is."""
    if quantity.kind != Kind.AMOUNT or options.unit is None:
        return quantity
    target = UNIT_EXPONENTS[options.unit]
    shift = quantity.unit.scale - target
    if shift == 0:
        return quantity
    return Quantity(
        None if quantity.value is None else move_point(quantity.value, shift),
        quantity.kind,
        quantity.basis,
        Unit(quantity.unit.code, target),
        None if quantity.interval is None else quantity.interval.shifted(shift),
        quantity.printed,
        quantity.qualifier,
    )


def _places(quantity: Quantity, decimals: int | None) -> int:
    """Decimals to show. A Decimal holds exact digits (as printed, or a sum of printed
    figures): shown as they are, and a reported value never with more than it was printed
    with. A Fraction is computed: the kind's default places, or enough for 3 significant
    digits."""
    value = quantity.value
    if isinstance(value, int) or (
        quantity.kind == Kind.COUNT and isinstance(value, Fraction) and value.denominator == 1
    ):
        return 0
    if isinstance(value, Decimal):
        digits = max(0, decimals_of(value))
        if decimals is None:
            return digits
        return min(decimals, digits) if quantity.printed else decimals
    if decimals is not None:
        return decimals
    return significant_places(value or 0, DEFAULT_PLACES[quantity.kind])


def _interval_places(quantity: Quantity, interval: Interval, decimals: int | None) -> int:
    """An interval around a printed value needs one decimal more than the value has; whole
    numbers (a count's implied interval) need none."""
    if decimals is not None:
        return decimals
    ends = [end for end in (interval.lo, interval.hi) if end.is_finite()]
    if quantity.kind == Kind.COUNT and all(end == end.to_integral_value() for end in ends):
        return 0
    if isinstance(quantity.value, Decimal):
        return max(0, decimals_of(quantity.value)) + 1
    if quantity.value is not None:
        return _places(quantity, None)
    smallest = min((abs(end) for end in ends if end), default=Decimal(0))
    return significant_places(smallest, DEFAULT_PLACES[quantity.kind])


def human_number(
    value: Exact, places: int, *, up: bool | None = None, separators: bool = True
) -> str:
    """Half-up rounded (an interval's end: outward), with thousands separators, for people."""
    rounded = round_half_up(value, places) if up is None else round_outward(value, places, up=up)
    if rounded.is_zero():
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:,.{places}f}" if separators else f"{rounded:.{places}f}"


def human_interval(
    quantity: Quantity, interval: Interval, decimals: int | None, *, separators: bool = True
) -> str:
    places = _interval_places(quantity, interval, decimals)
    low = (
        "-∞"
        if interval.lo.is_infinite()
        else human_number(interval.lo, places, up=False, separators=separators)
    )
    high = (
        "∞"
        if interval.hi.is_infinite()
        else human_number(interval.hi, places, up=True, separators=separators)
    )
    # A semicolon between the ends: a comma there would read as the thousands separator
    # inside them ("[1,100.35, 1,100.45]"), and the ends keep the separators their values have.
    return f"{'(' if interval.lo_open else '['}{low}; {high}{')' if interval.hi_open else ']'}"


def machine_number(quantity: Quantity, decimals: int | None) -> MachineNumber:
    """The value's digits: as printed for a reported figure, else exact to
    MACHINE_MAX_PLACES decimals, unless the user asked for decimals; no separators."""
    value = quantity.value
    assert value is not None
    if isinstance(value, Decimal) and (
        decimals is None or (quantity.printed and decimals >= decimals_of(value))
    ):
        return MachineNumber(plain(value))
    if decimals is None:
        return MachineNumber(exact_text(value, MACHINE_MAX_PLACES))
    return MachineNumber(plain(round_half_up(value, decimals)))


def machine_end(end: Decimal, decimals: int | None, *, up: bool) -> MachineNumber | None:
    """An interval's end, rounded outward (exact when it has few enough decimals); None for
    an unbounded end."""
    if end.is_infinite():
        return None
    places = MACHINE_MAX_PLACES if decimals is None else decimals
    # quantize needs room for every digit the result keeps, however large the end
    context = (
        _WIDE if end.adjusted() + places < _WIDE.prec else Context(prec=end.adjusted() + places + 2)
    )
    rounded = end.quantize(
        _STEPS[places], rounding=ROUND_CEILING if up else ROUND_FLOOR, context=context
    )
    return MachineNumber(plain(rounded.normalize(_WIDE) if decimals is None else rounded))


def _unit_text(quantity: Quantity) -> str:
    return unit_label(
        quantity.unit.code, quantity.unit.scale, amount=quantity.kind in (Kind.AMOUNT, Kind.RATE)
    )


def _quantities(phrase: Phrase) -> Iterator[Quantity]:
    for value in phrase.values:
        if isinstance(value, Quantity):
            yield value
        elif isinstance(value, Phrase):
            yield from _quantities(value)


def phrase_text(phrase: Phrase, options: RenderOptions) -> str:
    """A phrase's words with its numbers rounded and in the unit asked for; units are named
    where the phrase holds numbers in more than one unit (707.2 USD yi / 72.62 USD billion)."""
    shown = [in_unit(q, options) for q in _quantities(phrase)]
    units = {
        _unit_text(q) for q in shown if q.kind in (Kind.AMOUNT, Kind.MEASURE) and _unit_text(q)
    }
    return _fill(phrase, options, name_units=len(units) > 1)


def _fill(phrase: Phrase, options: RenderOptions, *, name_units: bool) -> str:
    parts = []
    for value in phrase.values:
        if isinstance(value, Phrase):
            parts.append(_fill(value, options, name_units=name_units))
        elif isinstance(value, Quantity):
            parts.append(_phrase_number(in_unit(value, options), options, name_units=name_units))
        else:
            parts.append(value)
    return phrase.template.format(*parts)


def _phrase_number(quantity: Quantity, options: RenderOptions, *, name_units: bool) -> str:
    text = ""
    if quantity.value is not None:
        text = human_number(quantity.value, _places(quantity, options.decimals), separators=False)
    interval = quantity.interval
    if interval is not None and (quantity.value is None or quantity.basis == Basis.IMPLIED):
        shown = human_interval(quantity, interval, options.decimals, separators=False)
        text = f"{text} {shown}" if text else shown
    if not text:
        return NOT_AVAILABLE
    if quantity.qualifier:
        text = f"{QUALIFIER_WORDS[quantity.qualifier]} {text}"
    if quantity.kind == Kind.PERCENT:
        return f"{text}%"
    unit = _unit_text(quantity)
    # an implied figure is another quantity than the row's, so the row's unit is not its own
    if unit and (quantity.kind == Kind.RATE or quantity.basis == Basis.IMPLIED or name_units):
        return f"{text} {unit}"
    return text


def machine_header(report: Report) -> list[str]:
    header = ["release", "section"] if report.context_columns else []
    for column in report.columns:
        header.append(column.key)
        if column.unit_key is not None:
            header.extend((column.unit_key, f"{column.unit_key}_mult"))
        header.extend(
            key
            for key in (
                column.basis_key,
                column.low_key,
                column.high_key,
                column.qualifier_key,
                column.text_key,
            )
            if key is not None
        )
    return header


def _machine_cells(column: Column, options: RenderOptions) -> Callable[[Cell], list[object]]:
    """A function giving one cell's machine values, in the header's order: numbers as
    `MachineNumber` digits, undefined as None, a column's text in its text column where it has one.
    Prepared once per column: a large report has hundreds of thousands of cells."""
    spread = [
        key is not None
        for key in (
            column.unit_key,
            column.unit_key,
            column.basis_key,
            column.low_key,
            column.high_key,
            column.qualifier_key,
        )
    ]
    empty = [None] * sum(spread)
    texts = column.text_key is not None
    units: dict[tuple[str, int], tuple[str, MachineNumber | None]] = {}
    decimals = options.decimals

    def cells(cell: Cell) -> list[object]:
        if not isinstance(cell, Quantity):
            value: object = cell
            if isinstance(cell, Phrase):
                value = phrase_text(cell, options)
            elif isinstance(cell, int) and not isinstance(cell, bool):
                value = MachineNumber(str(cell))
            return [None, *empty, value] if texts else [value, *empty]
        quantity = in_unit(cell, options)
        found: list[object] = [
            None if quantity.value is None else machine_number(quantity, decimals)
        ]
        if not empty:
            return [*found, None] if texts else found
        code, scale = quantity.unit.code, quantity.unit.scale
        unit = units.get((code, scale))
        if unit is None:
            # a count in 万 has no unit but a power of ten: 2.56 is 25,600 visitors
            unit = units[code, scale] = (code, MachineNumber(str(scale)) if code or scale else None)
        interval = quantity.interval
        parts: tuple[object, ...] = (
            unit[0],
            unit[1],
            quantity.basis,
            None if interval is None else machine_end(interval.lo, decimals, up=False),
            None if interval is None else machine_end(interval.hi, decimals, up=True),
            quantity.qualifier or None,
        )
        found.extend(part for part, wanted in zip(parts, spread, strict=True) if wanted)
        if texts:
            found.append(None)
        return found

    return cells


def machine_rows(report: Report, options: RenderOptions) -> Iterator[list[object]]:
    """Each row's values, in the order of `machine_header`."""
    writers = [(column.key, _machine_cells(column, options)) for column in report.columns]
    for section in report.sections:
        context: list[object] = [section.release, section.title] if report.context_columns else []
        for row in section.rows:
            values = list(context)
            for key, cells in writers:
                values.extend(cells(row.get(key)))
            yield values


def human_cell(cell: Cell, part: str, options: RenderOptions) -> str:
    """The text of one human-format cell (not yet escaped)."""
    if isinstance(cell, Phrase):
        return phrase_text(cell, options) if part == "value" else ""
    if not isinstance(cell, Quantity):
        if cell is None or part != "value":
            return ""
        if isinstance(cell, bool):
            return "yes" if cell else "no"
        if isinstance(cell, int):
            return str(cell)
        return cell.words if isinstance(cell, Code) else cell
    quantity = in_unit(cell, options)
    if part == "unit":
        return _unit_text(quantity)
    if part == "basis":
        return quantity.basis
    if part == "interval":
        if quantity.interval is None:
            return ""
        return human_interval(quantity, quantity.interval, options.decimals)
    if quantity.value is None:
        return "" if quantity.interval is not None else NOT_AVAILABLE
    text = human_number(quantity.value, _places(quantity, options.decimals))
    return f"{QUALIFIER_WORDS[quantity.qualifier]} {text}" if quantity.qualifier else text


def blocks(fraction: Fraction, width: int, unicode: bool) -> str:
    """A bar of `fraction` (from 0 to 1) of `width` cells, in eighths of a cell where the font
    allows."""
    fraction = min(max(fraction, Fraction(0)), Fraction(1))
    if not unicode:
        return "#" * int(round_half_up(fraction * width, 0))
    eighths = int(round_half_up(fraction * width * 8, 0))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
