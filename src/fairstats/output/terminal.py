"""The table on a terminal, drawn with rich (imported inside the functions that need it), with
the colour settings NO_COLOR, FORCE_COLOR and --color decide, and the width to fit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, TextIO

from fairstats.model.results import (
    Basis,
    Cell,
    Quantity,
    Report,
)
from fairstats.model.textsafe import escape_control
from fairstats.output.cells import RenderOptions, blocks, phrase_text
from fairstats.output.choices import MIN_WIDTH
from fairstats.output.grid import HumanColumn, grids, section_title, several_releases

BAR_WIDTH = 5


PRINT_CHUNK_PIECES = 2000


BARS_MIN_WIDTH = 90  # narrower terminals get the numbers without the share bars


BASIS_STYLES = {Basis.REPORTED: "", Basis.COMPUTED: "cyan", Basis.IMPLIED: "yellow"}


def _bar(cell: Cell, unicode: bool) -> str:
    """A bar of BAR_WIDTH cells for a percentage."""
    if not isinstance(cell, Quantity) or cell.value is None:
        return ""
    return blocks(Fraction(cell.value) / 100, BAR_WIDTH, unicode)


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
    several = several_releases(report)

    def wrapped(text: str, style: str) -> Iterator[list[tuple[str, str]]]:
        """A title or a footnote, in lines that fit (as it is when no width is known)."""
        for part in [text] if available is None else wrap(text, available, width):
            yield [(part, style)]

    def lines() -> Iterator[list[tuple[str, str]]]:
        yield from wrapped(shown(report.title), "bold")
        for section, grid in grids(report, options):
            rows = [
                [
                    [
                        (shown(piece), style)
                        for piece, style in styled_cell(row.get(c.source.key), text, c, bars)
                    ]
                    for c, text in zip(grid.columns, texts, strict=True)
                ]
                for row, texts in zip(section.rows, grid.texts, strict=True)
            ]
            headers = [shown(c.title) for c in grid.columns]
            yield []
            yield from wrapped(shown(section_title(section, several)), "bold")
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


def styled_cell(
    cell: Cell, text: str, column: HumanColumn, bars: bool | None
) -> list[tuple[str, str]]:
    """One cell, whose text is `text`, as styled pieces; `bars` None draws no bars, else
    whether they may use Unicode blocks."""
    if not isinstance(cell, Quantity):
        return [(text, (column.source.styles or {}).get(text, ""))]
    style = BASIS_STYLES[cell.basis] if column.part != "unit" else ""
    if bars is not None and column.source.bar and column.part == "value":
        return [(_bar(cell, bars).ljust(BAR_WIDTH), "blue"), (" ", ""), (text, style)]
    return [(text, style)]
