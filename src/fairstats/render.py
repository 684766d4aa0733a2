"""One result shape in, five formats out: table, csv, tsv, json and markdown.

The figures in a report's cells are rounded for display here and only here (half-up; interval
ends outward); the notes beside them are text the core wrote. rich and tabulate are imported
inside the functions that need them, so the csv, tsv and json paths never load either.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, TextIO

from fairstats.numbers import (
    Exact,
    decimals_of,
    exact_text,
    plain,
    round_half_up,
    round_outward,
    significant_places,
)
from fairstats.record import Record
from fairstats.results import Basis, Cell, Column, Kind, Quantity, Report, Section
from fairstats.textsafe import escape_control, escape_for_json, neutralise_formula

MACHINE_MAX_PLACES = 10
NOT_AVAILABLE = "n/a"
BAR_WIDTH = 5
PRINT_CHUNK_PIECES = 2000
BARS_MIN_WIDTH = 90  # narrower terminals get the numbers without the share bars
# Decimals shown for a computed or implied value when the user does not choose.
DEFAULT_PLACES = {Kind.COUNT: 3, Kind.AMOUNT: 3, Kind.PERCENT: 2, Kind.MEASURE: 2}
BASIS_STYLES = {Basis.REPORTED: "", Basis.COMPUTED: "cyan", Basis.IMPLIED: "yellow"}


class RenderOptions(Record):
    format: str = "table"
    decimals: int | None = None  # None: as printed (reported) or the kind's default
    formula_guard: bool = True  # csv/tsv: neutralise text a spreadsheet would run


# Numbers ------------------------------------------------------------------------------------


class _Number(str):
    """A number's digits for csv and json: written as they are, never through a float."""


def _places(value: Exact, kind: str, decimals: int | None) -> int:
    """Decimals to show. A reported value never shows more than it was printed with."""
    if isinstance(value, int):
        return 0
    if isinstance(value, Decimal):
        printed = max(0, decimals_of(value))
        return printed if decimals is None else min(decimals, printed)
    return significant_places(value, DEFAULT_PLACES[kind]) if decimals is None else decimals


def _interval_places(quantity: Quantity, decimals: int | None) -> int:
    """An interval around a printed value needs one decimal more than the value has."""
    if decimals is not None:
        return decimals
    if isinstance(quantity.value, Decimal):
        return max(0, decimals_of(quantity.value)) + 1
    return _places(quantity.value or 0, quantity.kind, None)


def human_number(value: Exact, places: int, *, up: bool | None = None) -> str:
    """Half-up rounded (an interval's end: outward), with thousands separators, for people."""
    rounded = round_half_up(value, places) if up is None else round_outward(value, places, up=up)
    return f"{rounded:,.{places}f}"


def machine_number(
    value: Exact, kind: str, decimals: int | None, *, up: bool | None = None
) -> _Number:
    """Unrounded (to MACHINE_MAX_PLACES) unless the user asked for decimals; no separators."""
    if decimals is None:
        return _Number(exact_text(value, MACHINE_MAX_PLACES, up=up))
    places = decimals if up is not None else _places(value, kind, decimals)
    rounded = round_half_up(value, places) if up is None else round_outward(value, places, up=up)
    return _Number(plain(rounded))


# Flattening to machine rows -----------------------------------------------------------------


def machine_header(report: Report) -> list[str]:
    header = ["delegation", "section"] if report.context_columns else []
    for column in report.columns:
        header.append(column.key)
        header.extend(
            key
            for key in (column.unit_key, column.basis_key, column.low_key, column.high_key)
            if key is not None
        )
    return header


def _machine_cells(
    column: Column, cell: Cell, decimals: int | None
) -> Iterator[tuple[str, object]]:
    """(key, value) pairs of one cell; numbers as `_Number` digits, undefined as None."""
    quantity = cell if isinstance(cell, Quantity) else None
    if quantity is None:
        yield column.key, cell
    elif quantity.value is None:
        yield column.key, None
    else:
        yield column.key, machine_number(quantity.value, quantity.kind, decimals)
    if column.unit_key:
        yield column.unit_key, quantity.unit if quantity else None
    if column.basis_key:
        yield column.basis_key, quantity.basis if quantity else None
    interval = quantity.interval if quantity else None
    for key, end, up in ((column.low_key, "low", False), (column.high_key, "high", True)):
        if key:
            bound = getattr(interval, end) if interval else None
            kind = quantity.kind if quantity else Kind.COUNT
            yield key, None if bound is None else machine_number(bound, kind, decimals, up=up)


def machine_rows(report: Report, decimals: int | None) -> Iterator[dict[str, object]]:
    for section in report.sections:
        for row in section.rows:
            record: dict[str, object] = (
                {"delegation": section.delegation, "section": section.title}
                if report.context_columns
                else {}
            )
            for column in report.columns:
                record.update(_machine_cells(column, row.get(column.key), decimals))
            yield record


# csv, tsv, json -----------------------------------------------------------------------------


def _csv_text(value: object, formula_guard: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, _Number):
        return value  # numbers are never touched by the formula guard
    text = escape_control(str(value))
    return neutralise_formula(text) if formula_guard else text


def delimited_field(text: str, delimiter: str) -> str:
    """One field as RFC 4180 writes it: quoted, with quotes doubled, when it holds the
    delimiter, a quote or a line break. (Written here rather than with the csv module, whose
    import costs a measurable part of a csv run.)"""
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def render_delimited(report: Report, options: RenderOptions, stream: TextIO) -> None:
    delimiter = "\t" if options.format == "tsv" else ","
    header = machine_header(report)
    lines = [delimiter.join(delimited_field(key, delimiter) for key in header)]
    for record in machine_rows(report, options.decimals):
        fields = (_csv_text(record.get(key), options.formula_guard) for key in header)
        lines.append(delimiter.join(delimited_field(field, delimiter) for field in fields))
    stream.write("\n".join(lines) + "\n")


def _json_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, _Number):
        return value  # exact digits, never through a float
    return _json_text(str(value))


def _json_text(text: str) -> str:
    """A JSON string that parses back to the very text, yet shows a terminal no control or
    bidi character raw: those are written as JSON's own \\uXXXX escapes."""
    # encode_basestring is what json.dumps(text, ensure_ascii=False) calls, without building
    # an encoder for every cell
    return escape_for_json(encode_basestring(text))


def render_json(report: Report, options: RenderOptions, stream: TextIO) -> None:
    header = machine_header(report)
    stream.write("{\n")
    stream.write(f'  "title": {_json_text(report.title)},\n')
    stream.write(f'  "columns": [{", ".join(_json_text(key) for key in header)}],\n')
    stream.write('  "rows": [')
    separator = "\n"
    for record in machine_rows(report, options.decimals):
        fields = ", ".join(f"{_json_text(key)}: {_json_value(record.get(key))}" for key in header)
        stream.write(f"{separator}    {{{fields}}}")
        separator = ",\n"
    stream.write("\n  ],\n" if separator == ",\n" else "],\n")
    notes = ", ".join(_json_text(note) for note in report.footnotes)
    stream.write(f'  "footnotes": [{notes}]\n}}\n')


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


def _section_title(section: Section) -> str:
    return f"{section.delegation}: {section.title}" if section.delegation else section.title


def _non_empty(report: Report) -> list[Section]:
    return [section for section in report.sections if section.rows]


def _section_columns(
    columns: list[_HumanColumn], rows: list[dict[str, Cell]]
) -> list[tuple[_HumanColumn, bool]]:
    """The columns with content in these rows, each with whether it holds numbers here."""
    return [
        (
            column,
            column.part in ("value", "interval")
            and any(isinstance(row.get(column.source.key), Quantity) for row in rows),
        )
        for column in columns
        if any(human_cell(row.get(column.source.key), column.part, None) for row in rows)
    ]


def human_cell(cell: Cell, part: str, decimals: int | None) -> str:
    """The text of one human-format cell (already escaped)."""
    if not isinstance(cell, Quantity):
        return escape_control(cell) if cell is not None and part == "value" else ""
    if part == "unit":
        return escape_control(cell.unit)
    if part == "basis":
        return cell.basis
    if part == "interval":
        if cell.interval is None:
            return ""
        places = _interval_places(cell, decimals)
        low = human_number(cell.interval.low, places, up=False)
        high = human_number(cell.interval.high, places, up=True)
        return f"[{low}, {high}]"
    if cell.value is None:
        return NOT_AVAILABLE
    return human_number(cell.value, _places(cell.value, cell.kind, decimals))


def _bar(cell: Cell, unicode: bool) -> str:
    """A bar of BAR_WIDTH cells for a percentage, in eighths of a cell where the font allows."""
    if not isinstance(cell, Quantity) or cell.value is None:
        return ""
    fraction = min(max(Fraction(cell.value) / 100, Fraction(0)), Fraction(1))
    if not unicode:
        return "#" * int(round_half_up(fraction * BAR_WIDTH, 0))
    eighths = int(round_half_up(fraction * BAR_WIDTH * 8, 0))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def render_table(report: Report, options: RenderOptions, stream: TextIO) -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from fairstats.layout import lay_out, wrap

    def width(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)

    # rich strips only colours for NO_COLOR; people who set it want no escape codes at all.
    plain = bool(os.environ.get("NO_COLOR"))
    console = Console(
        file=stream,
        highlight=False,
        markup=False,
        emoji=False,
        **({"color_system": None} if plain else {}),
    )
    encoding = console.encoding or "utf-8"
    unicode = encoding.lower().startswith("utf")

    def shown(text: str) -> str:
        """Text as the terminal will get it, measured as such: control characters escaped,
        and what a narrow encoding lacks written as a backslash escape."""
        text = escape_control(text)
        return text if unicode else text.encode(encoding, "backslashreplace").decode(encoding)

    bars = unicode if console.width >= BARS_MIN_WIDTH else None
    rule = "─" if unicode else "-"
    columns = _human_columns(report)
    lines: list[list[tuple[str, str]]] = [[(shown(report.title), "bold")]]
    for section in _non_empty(report):
        title = _section_title(section)
        in_section = _section_columns(columns, section.rows)
        rows = [
            [
                [(shown(text), style) for text, style in _table_cell(cell, c, options, bars)]
                for c, _ in in_section
                for cell in (row.get(c.source.key),)
            ]
            for row in section.rows
        ]
        headers = [shown(c.title) for c, _ in in_section]
        numeric = [is_numeric for _, is_numeric in in_section]
        lines.append([])
        lines.append([(shown(title), "bold")])
        lines.extend(lay_out(headers, rows, numeric, console.width, width, rule=rule))
    if report.footnotes:
        lines.append([])
    lines.extend(
        [(part, "dim")]
        for note in report.footnotes
        for part in wrap(shown(note), max(console.width, 20), width)
    )
    if console.color_system is None:
        # No styles to draw (not a terminal, or NO_COLOR): the text as it is, at full speed.
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
    else:
        _print_styled(console, lines)


def _print_styled(console: Any, lines: list[list[tuple[str, str]]]) -> None:
    """Lines of styled pieces as one rich Text, printed once, neither wrapped nor cropped."""
    from rich.text import Span, Text

    plain: list[str] = []
    spans: list[Span] = []
    offset = 0
    for line in lines:
        for text, style in line:
            if style:
                spans.append(Span(offset, offset + len(text), style))
            plain.append(text)
            offset += len(text)
        plain.append("\n")
        offset += 1
        if len(plain) > PRINT_CHUNK_PIECES:  # rich renders several small texts faster than one
            _print_text(console, Text("".join(plain), spans=spans))
            plain, spans, offset = [], [], 0
    _print_text(console, Text("".join(plain), spans=spans))


def _print_text(console: Any, text: Any) -> None:
    # rich would exit 1 on a closed pipe; let the caller end the run as for every format.
    console.on_broken_pipe = _raise_broken_pipe
    console.print(text, end="", soft_wrap=True)


def _raise_broken_pipe() -> None:
    raise BrokenPipeError


def _table_cell(
    cell: Cell, column: _HumanColumn, options: RenderOptions, bars: bool | None
) -> list[tuple[str, str]]:
    """One cell as styled pieces; `bars` None draws no bars, else whether they may use
    Unicode blocks."""
    text = human_cell(cell, column.part, options.decimals)
    if not isinstance(cell, Quantity):
        return [(text, (column.source.styles or {}).get(text, ""))]
    style = BASIS_STYLES[cell.basis] if column.part != "unit" else ""
    if bars is not None and column.source.bar and column.part == "value":
        return [(_bar(cell, bars).ljust(BAR_WIDTH), "blue"), (" ", ""), (text, style)]
    return [(text, style)]


_MARKDOWN_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{character: "\\" + character for character in "\\|[]*_`~"},
    }
)


def _markdown_escape(text: str) -> str:
    """Text as itself in markdown: no table break, no HTML, no link, image or emphasis."""
    return text.translate(_MARKDOWN_ESCAPES)


def render_markdown(report: Report, options: RenderOptions, stream: TextIO) -> None:
    from tabulate import tabulate

    columns = _human_columns(report)
    stream.write(f"# {_markdown_escape(escape_control(report.title))}\n")
    for section in _non_empty(report):
        title = _section_title(section)
        shown = _section_columns(columns, section.rows)
        rows = [
            [
                _markdown_escape(human_cell(row.get(c.source.key), c.part, options.decimals))
                for c, _ in shown
            ]
            for row in section.rows
        ]
        table = tabulate(
            rows,
            headers=[c.title for c, _ in shown],
            tablefmt="pipe",
            disable_numparse=True,
            colalign=["right" if numeric else "left" for _, numeric in shown],
        )
        stream.write(f"\n## {_markdown_escape(escape_control(title))}\n\n{table}\n")
    for note in report.footnotes:
        stream.write(f"\n{_markdown_escape(escape_control(note))}\n")


RENDERERS = {
    "table": render_table,
    "csv": render_delimited,
    "tsv": render_delimited,
    "json": render_json,
    "markdown": render_markdown,
}


def render(report: Report, options: RenderOptions, stream: TextIO) -> None:
    RENDERERS[options.format](report, options, stream)
