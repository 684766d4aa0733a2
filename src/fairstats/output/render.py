"""One result shape in, seven formats out: table, csv, tsv, json, jsonl and markdown as text,
and xlsx (the csv's rows as a workbook, written by fairstats.output.xlsx) as bytes.

The figures in a report's cells are moved to the unit asked for (`--unit`) and rounded for
display here and only here (half-up; interval ends outward), and so are the numbers inside
phrases. rich (the table) and the markdown module are imported inside the functions that
need them, so the csv, tsv, json and jsonl paths never load either.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from fractions import Fraction
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

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
    Section,
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
from fairstats.model.textsafe import ascii_json, escape_control, escape_for_json, neutralise_formula
from fairstats.output.choices import TABULATED_FORMATS

__all__ = ["BINARY_RENDERERS", "RENDERERS", "RenderOptions", "render"]

if TYPE_CHECKING:
    from fairstats.model.intervals import Interval

MACHINE_MAX_PLACES = 10
NOT_AVAILABLE = "n/a"
BAR_WIDTH = 5
PRINT_CHUNK_PIECES = 2000
BARS_MIN_WIDTH = 90  # narrower terminals get the numbers without the share bars
# Decimals shown for a computed or implied value when the user does not choose.
DEFAULT_PLACES = {
    Kind.COUNT: 3,
    Kind.AMOUNT: 3,
    Kind.PERCENT: 2,
    Kind.MEASURE: 2,
    Kind.RATE: 4,
}
BASIS_STYLES = {Basis.REPORTED: "", Basis.COMPUTED: "cyan", Basis.IMPLIED: "yellow"}


class RenderOptions(Record):
    format: str = "table"
    decimals: int | None = None  # None: as printed (reported) or the kind's default
    formula_guard: bool = True  # csv/tsv: neutralise text a spreadsheet would run
    unit: str | None = None  # amounts in this multiplier (a name of numbers.UNIT_EXPONENTS)
    color: str = "auto"  # tables: "always", "never", or as the environment and stream say
    width: int | None = None  # table: fit this many columns (None: COLUMNS or the terminal's)
    header: bool = True  # csv/tsv: the header row first
    bom: bool = False  # csv/tsv: written as UTF-8 with a byte-order mark (see cli.emit)


# Numbers ------------------------------------------------------------------------------------


_WIDE = Context(prec=80)  # enough for any end moved to any unit and rounded anywhere
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(MACHINE_MAX_PLACES + 13)}


class _Number(str):
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


def machine_number(quantity: Quantity, decimals: int | None) -> _Number:
    """The value's digits: as printed for a reported figure, else exact to
    MACHINE_MAX_PLACES decimals, unless the user asked for decimals; no separators."""
    value = quantity.value
    assert value is not None
    if isinstance(value, Decimal) and (
        decimals is None or (quantity.printed and decimals >= decimals_of(value))
    ):
        return _Number(plain(value))
    if decimals is None:
        return _Number(exact_text(value, MACHINE_MAX_PLACES))
    return _Number(plain(round_half_up(value, decimals)))


def machine_end(end: Decimal, decimals: int | None, *, up: bool) -> _Number | None:
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
    return _Number(plain(rounded.normalize(_WIDE) if decimals is None else rounded))


def _unit_text(quantity: Quantity) -> str:
    return unit_label(
        quantity.unit.code, quantity.unit.scale, amount=quantity.kind in (Kind.AMOUNT, Kind.RATE)
    )


# Phrases ------------------------------------------------------------------------------------


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


# Flattening to machine rows -----------------------------------------------------------------


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
    `_Number` digits, undefined as None, a column's text in its text column where it has one.
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
    units: dict[tuple[str, int], tuple[str, _Number | None]] = {}
    decimals = options.decimals

    def cells(cell: Cell) -> list[object]:
        if not isinstance(cell, Quantity):
            value: object = cell
            if isinstance(cell, Phrase):
                value = phrase_text(cell, options)
            elif isinstance(cell, int) and not isinstance(cell, bool):
                value = _Number(str(cell))
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
            unit = units[code, scale] = (code, _Number(str(scale)) if code or scale else None)
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


# csv, tsv, json, jsonl ---------------------------------------------------------------------


def _csv_text(text: str, formula_guard: bool) -> str:
    text = escape_control(text)
    return neutralise_formula(text) if formula_guard else text


def delimited_field(text: str, delimiter: str) -> str:
    """One csv field as RFC 4180 writes it: quoted, with quotes doubled, when it holds the
    delimiter, a quote or a line break. (Written here rather than with the csv module, whose
    import costs a measurable part of a csv run.)"""
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def render_delimited(report: Report, options: RenderOptions, stream: TextIO) -> None:
    # TSV has no quoting: its fields are written raw, so `cut -f` and Miller read the text as
    # it is. No text can end a field or a line: every control character, tab and line breaks
    # included, is escaped before it is written (`\x09`), and a dataset cannot hold one.
    tsv = options.format == "tsv"
    delimiter = "\t" if tsv else ","

    def field_of(text: str) -> str:
        return text if tsv else delimited_field(text, delimiter)

    guard = options.formula_guard
    lines = (
        [delimiter.join(field_of(key) for key in machine_header(report))] if options.header else []
    )
    written: dict[str, str] = {}  # text cells repeat (names, titles): made safe once each
    for values in machine_rows(report, options):
        fields = []
        for value in values:
            if value is None:
                fields.append("")
            elif type(value) is _Number:
                fields.append(value)  # numbers are never touched by the formula guard
            elif type(value) is bool:
                fields.append("true" if value else "false")
            else:
                text = str(value)
                field = written.get(text)
                if field is None:
                    field = written[text] = field_of(_csv_text(text, guard))
                fields.append(field)
        lines.append(delimiter.join(fields))
    if lines:  # no header and no rows: nothing at all, not an empty line
        stream.write("\n".join(lines) + "\n")


def _narrow(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return not encoding.startswith("utf")


def _json_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, _Number):
        return value  # exact digits, never through a float
    if isinstance(value, bool):
        return "true" if value else "false"
    return _json_text(str(value))


def _json_text(text: str) -> str:
    """A JSON string that parses back to the very text, yet shows a terminal no control or
    bidi character raw: those are written as JSON's own \\uXXXX escapes."""
    # encode_basestring is what json.dumps(text, ensure_ascii=False) calls, without building
    # an encoder for every cell
    return escape_for_json(encode_basestring(text))


def _ascii_where_narrow(
    render: Callable[[Report, RenderOptions, TextIO], None],
) -> Callable[[Report, RenderOptions, TextIO], None]:
    """A JSON renderer that, on a stream that cannot encode every character
    (PYTHONIOENCODING=ascii), writes what it cannot as JSON escapes, so the output stays valid
    JSON."""

    def rendered(report: Report, options: RenderOptions, stream: TextIO) -> None:
        if not _narrow(stream):
            render(report, options, stream)
            return
        buffer = io.StringIO()
        render(report, options, buffer)
        stream.write(ascii_json(buffer.getvalue()))

    return rendered


def _json_objects(report: Report, options: RenderOptions) -> Iterator[str]:
    """Each row as one JSON object on one line, its keys the machine header's: the rows of
    json and the lines of jsonl alike."""
    keys = [_json_text(key) for key in machine_header(report)]
    for values in machine_rows(report, options):
        fields = ", ".join(
            f"{key}: {_json_value(value)}" for key, value in zip(keys, values, strict=True)
        )
        yield f"{{{fields}}}"


@_ascii_where_narrow
def render_json(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """One document: the title, the columns, the rows and the footnotes."""
    keys = [_json_text(key) for key in machine_header(report)]
    stream.write("{\n")
    stream.write(f'  "title": {_json_text(report.title)},\n')
    stream.write(f'  "columns": [{", ".join(keys)}],\n')
    stream.write('  "rows": [')
    separator = "\n"
    for row in _json_objects(report, options):
        stream.write(f"{separator}    {row}")
        separator = ",\n"
    stream.write("\n  ],\n" if separator == ",\n" else "],\n")
    notes = ", ".join(_json_text(phrase_text(note, options)) for note in report.footnotes)
    stream.write(f'  "footnotes": [{notes}]\n}}\n')


@_ascii_where_narrow
def render_jsonl(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """JSON Lines: the json document's rows, one object a line, and nothing else (no header,
    no title, no footnotes), so that runs append and a reader streams them."""
    for row in _json_objects(report, options):
        stream.write(f"{row}\n")


# table and markdown -------------------------------------------------------------------------


class _HumanColumn(Record):
    title: str
    source: Column
    part: str  # "value", "unit", "basis" or "interval"


def _human_columns(report: Report) -> list[_HumanColumn]:
    columns = []
    for column in report.columns:
        if not column.human:
            continue
        columns.append(_HumanColumn(column.title, column, "value"))
        if column.unit_key and column.unit_column:
            columns.append(_HumanColumn("Unit", column, "unit"))
        if column.basis_key and column.basis_column:
            columns.append(_HumanColumn("Basis", column, "basis"))
        if column.low_key or column.high_key:
            columns.append(_HumanColumn("Interval", column, "interval"))
    return columns


def _section_title(section: Section, several: bool) -> str:
    """A section's title; with several releases in one report, the release's name first."""
    return f"{section.release}: {section.title}" if several and section.release else section.title


def _several_releases(report: Report) -> bool:
    return len({section.release for section in report.sections if section.release}) > 1


class _Grid(Record):
    """A section's human columns with content, whether each holds numbers, and the text of
    every cell under them (worked out once: a large section has hundreds of thousands)."""

    columns: list[_HumanColumn]
    numeric: list[bool]
    texts: list[list[str]]  # by row, then column


def _section_grid(columns: list[_HumanColumn], section: Section, options: RenderOptions) -> _Grid:
    """A collapsing column whose one value the section's title already says is left out."""
    rows = section.rows
    chosen: list[_HumanColumn] = []
    numeric: list[bool] = []
    by_column: list[list[str]] = []
    for column in columns:
        cells = [_human_source(row, column) for row in rows]
        texts = [human_cell(cell, column.part, options) for cell in cells]
        distinct = set(texts)
        if distinct <= {""}:
            continue
        if column.source.collapse and len(distinct) == 1 and texts[0] in section.title:
            continue
        chosen.append(column)
        numeric.append(
            column.part in ("value", "interval") and any(isinstance(c, Quantity) for c in cells)
        )
        by_column.append(texts)
    return _Grid(chosen, numeric, [list(row) for row in zip(*by_column, strict=True)])


def _grids(report: Report, options: RenderOptions) -> Iterator[tuple[Section, _Grid]]:
    """Each section with rows, and its grid: the one place that decides which columns table
    and markdown show. A `when_several` column is shown in the sections of a release (or of
    the sections across releases) whose rows hold more than one distinct value in it; a
    release with one value in it, or none, shows it nowhere."""
    columns = _human_columns(report)
    varied = _with_several_values(report, options)
    for section in report.sections:
        if section.rows:
            shown = [
                c
                for c in columns
                if not c.source.when_several or (section.release, c.source.key) in varied
            ]
            yield section, _section_grid(shown, section, options)


def _with_several_values(report: Report, options: RenderOptions) -> set[tuple[str, str]]:
    """(release, key) for each `when_several` column that holds more than one distinct
    non-empty value among the release's rows, as people would read them."""
    keys = [column.key for column in report.columns if column.human and column.when_several]
    seen: dict[tuple[str, str], set[str]] = {}
    for section in report.sections:
        for key in keys:
            found = seen.setdefault((section.release, key), set())
            for row in section.rows:
                if len(found) > 1:
                    break  # enough to decide: a large report has hundreds of thousands of rows
                text = human_cell(row.get(key), "value", options)
                if text:
                    found.add(text)
    return {where for where, found in seen.items() if len(found) > 1}


def _human_source(row: dict[str, Cell], column: _HumanColumn) -> Cell:
    cell = row.get(column.source.key)
    fallback = column.source.unit_fallback
    if cell is None and column.part == "unit" and fallback is not None:
        return row.get(fallback)
    return cell


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


def _bar(cell: Cell, unicode: bool) -> str:
    """A bar of BAR_WIDTH cells for a percentage."""
    if not isinstance(cell, Quantity) or cell.value is None:
        return ""
    return blocks(Fraction(cell.value) / 100, BAR_WIDTH, unicode)


def blocks(fraction: Fraction, width: int, unicode: bool) -> str:
    """A bar of `fraction` (from 0 to 1) of `width` cells, in eighths of a cell where the font
    allows."""
    fraction = min(max(fraction, Fraction(0)), Fraction(1))
    if not unicode:
        return "#" * int(round_half_up(fraction * width, 0))
    eighths = int(round_half_up(fraction * width * 8, 0))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def colour_settings(choice: str) -> dict[str, Any]:
    """rich's colour settings for --color. `always` and `never` decide alone; under `auto`,
    a set NO_COLOR means none, else a set FORCE_COLOR means colour (even on TERM=dumb, where
    rich would drop it), else rich decides from TERM=dumb and whether it is a terminal."""
    if choice == "never" or (choice == "auto" and os.environ.get("NO_COLOR")):
        # rich strips only colours for NO_COLOR; people who set it want no escape codes at all
        return {"color_system": None}
    if choice == "always" or os.environ.get("FORCE_COLOR"):
        # no_color=False: rich would still read NO_COLOR itself and keep only bold
        return {"force_terminal": True, "color_system": "standard", "no_color": False}
    return {}


def table_width(stream: TextIO, given: int | None) -> int | None:
    """The width to lay tables out in: --width, else COLUMNS, else the terminal's; a COLUMNS
    that is not a positive number is as if unset, and a width below the narrowest --width
    allows is raised to it. None when stdout is not a terminal (or one of no width) and no
    width is given: no width is invented, so nothing wraps."""
    from fairstats.cli.options import MIN_WIDTH

    if given is not None:
        return given
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    try:
        if stream.isatty():
            terminal = os.get_terminal_size(stream.fileno()).columns
            return max(terminal, MIN_WIDTH) if terminal > 0 else None
    except (AttributeError, ValueError, OSError):  # no file behind it, or not a terminal
        pass
    return None


def render_table(report: Report, options: RenderOptions, stream: TextIO) -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from fairstats.output.layout import lay_out, wrap

    def width(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)

    available = table_width(stream, options.width)
    console = Console(
        file=stream,
        # Lines are laid out here and printed unwrapped, so any width serves (80 is rich's
        # own default); left to read COLUMNS=0 itself, rich would print nothing at all.
        width=available or 80,
        highlight=False,
        markup=False,
        emoji=False,
        **colour_settings(options.color),
    )
    encoding = console.encoding or "utf-8"
    unicode = encoding.lower().startswith("utf")

    seen: dict[str, str] = {}  # texts repeat (units, names): made safe once each

    def shown(text: str) -> str:
        """Text as the terminal will get it, measured as such: control characters escaped,
        and what a narrow encoding lacks written as a backslash escape."""
        safe = seen.get(text)
        if safe is None:
            safe = escape_control(text)
            if not unicode:
                safe = safe.encode(encoding, "backslashreplace").decode(encoding)
            seen[text] = safe
        return safe

    bars = unicode if available is not None and available >= BARS_MIN_WIDTH else None
    rule = "─" if unicode else "-"
    several = _several_releases(report)

    def wrapped(text: str, style: str) -> Iterator[list[tuple[str, str]]]:
        """A title or a footnote, in lines that fit (as it is when no width is known)."""
        for part in [text] if available is None else wrap(text, available, width):
            yield [(part, style)]

    def lines() -> Iterator[list[tuple[str, str]]]:
        yield from wrapped(shown(report.title), "bold")
        for section, grid in _grids(report, options):
            rows = [
                [
                    [
                        (shown(piece), style)
                        for piece, style in _table_cell(row.get(c.source.key), text, c, bars)
                    ]
                    for c, text in zip(grid.columns, texts, strict=True)
                ]
                for row, texts in zip(section.rows, grid.texts, strict=True)
            ]
            headers = [shown(c.title) for c in grid.columns]
            yield []
            yield from wrapped(shown(_section_title(section, several)), "bold")
            yield from lay_out(headers, rows, grid.numeric, available, width, rule=rule)
        if report.footnotes:
            yield []
        for note in report.footnotes:
            yield from wrapped(shown(phrase_text(note, options)), "dim")

    if console.color_system is None:
        # No styles to draw (not a terminal, or NO_COLOR): the text as it is, at full speed,
        # written a chunk at a time.
        chunk: list[str] = []
        for line in lines():
            chunk.append("".join(text for text, _ in line) + "\n")
            if len(chunk) >= PRINT_CHUNK_PIECES:
                stream.write("".join(chunk))
                chunk = []
        stream.write("".join(chunk))
    else:
        _print_styled(console, lines())


def _print_styled(console: Any, lines: Iterator[list[tuple[str, str]]]) -> None:
    """Lines of styled pieces as one rich Text, printed once, neither wrapped nor cropped."""
    from rich.text import Span, Text

    pieces: list[str] = []
    spans: list[Span] = []
    offset = 0
    for line in lines:
        for text, style in line:
            if style:
                spans.append(Span(offset, offset + len(text), style))
            pieces.append(text)
            offset += len(text)
        pieces.append("\n")
        offset += 1
        if len(pieces) > PRINT_CHUNK_PIECES:  # rich renders several small texts faster than one
            print_text(console, Text("".join(pieces), spans=spans))
            pieces, spans, offset = [], [], 0
    print_text(console, Text("".join(pieces), spans=spans))


def print_text(console: Any, text: Any) -> None:
    # rich would exit 1 on a closed pipe; let the caller end the run as for every format.
    console.on_broken_pipe = _raise_broken_pipe
    console.print(text, end="", soft_wrap=True)


def _raise_broken_pipe() -> None:
    raise BrokenPipeError


def _table_cell(
    cell: Cell, text: str, column: _HumanColumn, bars: bool | None
) -> list[tuple[str, str]]:
    """One cell, whose text is `text`, as styled pieces; `bars` None draws no bars, else
    whether they may use Unicode blocks."""
    if not isinstance(cell, Quantity):
        return [(text, (column.source.styles or {}).get(text, ""))]
    style = BASIS_STYLES[cell.basis] if column.part != "unit" else ""
    if bars is not None and column.source.bar and column.part == "value":
        return [(_bar(cell, bars).ljust(BAR_WIDTH), "blue"), (" ", ""), (text, style)]
    return [(text, style)]


def render_html(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """The tables and cells table and markdown show, with the table's styles as classes."""
    from fairstats.output import htmlpage

    tables = []
    for title, section, grid in _titled_grids(report, options):
        rows = [
            [
                htmlpage.Cell(
                    escape_control(text).strip(),
                    numeric,
                    _table_cell(_human_source(row, column), text, column, None)[0][1],
                )
                for column, text, numeric in zip(grid.columns, texts, grid.numeric, strict=True)
            ]
            for row, texts in zip(section.rows, grid.texts, strict=True)
        ]
        headers = [column.title for column in grid.columns]
        tables.append(htmlpage.Table(title, headers, grid.numeric, rows))
    notes = _notes(report, options)
    figures = []
    for kind, drawn in report.charts:
        figure, why_not = _inline_chart(kind, drawn, options)
        figures.extend([figure] if figure else [])
        notes.extend([why_not] if why_not else [])
    stream.write(htmlpage.page(escape_control(report.title), tables, notes, figures))


def _inline_chart(kind: str, report: Report, options: RenderOptions) -> tuple[str, str]:
    """A chart as an SVG element to put in a page, or why there is none."""
    from fairstats.model.errors import FairstatsError
    from fairstats.output.chart import chart, drawable, require_matplotlib

    if not drawable(report, kind, options):
        return "", ""
    try:
        require_matplotlib()
        image, _ = chart(report, kind, options, "svg")
    except FairstatsError as refused:  # no matplotlib, or too many bars to read
        return "", f"No chart: {refused}."
    svg = image.decode("utf-8")
    return svg[svg.index("<svg") :], ""  # without the XML declaration and doctype


def render_tabulated(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """Markdown, LaTeX, reStructuredText, Org or MediaWiki: a heading per section over its
    table, laid out by tabulate, then the footnotes."""
    from fairstats.output import tabulated

    tables = [
        tabulated.Table(
            title,
            [column.title for column in grid.columns],
            grid.numeric,
            [[escape_control(text).strip() for text in texts] for texts in grid.texts],
        )
        for title, _, grid in _titled_grids(report, options)
    ]
    notes = _notes(report, options)
    stream.write(tabulated.document(options.format, escape_control(report.title), tables, notes))


def _titled_grids(report: Report, options: RenderOptions) -> Iterator[tuple[str, Section, _Grid]]:
    """Each section with rows, its title as the text formats print it, and its grid."""
    several = _several_releases(report)
    for section, grid in _grids(report, options):
        yield escape_control(_section_title(section, several)), section, grid


def _notes(report: Report, options: RenderOptions) -> list[str]:
    return [escape_control(phrase_text(note, options)) for note in report.footnotes]


RENDERERS = {
    "table": render_table,
    "csv": render_delimited,
    "tsv": render_delimited,
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_tabulated,
    "html": render_html,
    **dict.fromkeys(TABULATED_FORMATS, render_tabulated),
}


def render(report: Report, options: RenderOptions, stream: TextIO) -> None:
    RENDERERS[options.format](report, options, stream)


def render_xlsx(report: Report, options: RenderOptions, stream: BinaryIO) -> None:
    from fairstats.output.xlsx import write_xlsx  # openpyxl, which it imports, is slow to import

    write_xlsx(report, options, stream)


# Formats written as bytes, to a binary stream.
BINARY_RENDERERS = {"xlsx": render_xlsx}
