"""Column layout for the table format: widths that fit the terminal, text wrapped in cells.

rich draws the characters (colour, terminal detection, encodings); the layout is ours, because
rich's own Table measures every cell several times and took longer than everything else in a
run. Widths are in terminal cells, measured by the function the caller passes (rich's, which
knows that 亿 takes two).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

Piece = tuple[str, str]  # text and its style
Line = list[Piece]
Width = Callable[[str], int]  # how many terminal cells a text takes

INDENT = 2  # cells before the first column
GAP = 2  # cells between columns
NARROWEST = 6  # a text column is never squeezed below this


def wrap(text: str, width: int, measure: Width) -> list[str]:
    """Break text into lines of at most `width` cells, at spaces where it can."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        rest = word
        while measure(rest) > width:  # a word longer than the column is folded
            cut = _fits(rest, width, measure)
            lines.append(rest[:cut])
            rest = rest[cut:]
        line = rest
    lines.append(line)
    return lines


def _fits(word: str, width: int, measure: Width) -> int:
    """How many leading characters of a word fit in `width` cells (at least one)."""
    used = 0
    for index, character in enumerate(word):
        used += measure(character)
        if used > width:
            return max(index, 1)
    return len(word)


def fit_widths(natural: Sequence[int], narrowest: Sequence[int], available: int) -> list[int]:
    """Column widths within `available` cells: the widest shrinkable column gives way first.

    A column whose narrowest equals its natural width (a number) never shrinks; when even the
    narrowest widths do not fit, the table is simply wider than the terminal.
    """
    widths = list(natural)
    excess = INDENT + sum(widths) + GAP * (len(widths) - 1) - available
    while excess > 0:
        candidates = [i for i, width in enumerate(widths) if width > narrowest[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        # shrink the widest down to the next widest in one step, or as far as is needed
        step = min(excess, widths[widest] - max([*others, narrowest[widest]]) or 1)
        widths[widest] -= step
        excess -= step
    return widths


def lay_out(
    headers: Sequence[str],
    rows: Sequence[Sequence[Line]],
    numeric: Sequence[bool],
    available: int,
    measure: Width,
    *,
    rule: str = "─",
) -> Iterator[Line]:
    """The lines of one table: header, rule, then each row, its text wrapped to fit (made as
    they are written: a section may have a hundred thousand rows)."""
    count = len(headers)
    header_row = [[(header, "bold")] for header in headers]
    # every cell measured once: (pieces, width)
    known: dict[str, int] = {}  # texts repeat: each measured once

    def used(cell: Line) -> int:
        total = 0
        for text, _ in cell:
            found = known.get(text)
            if found is None:
                found = known[text] = measure(text)
            total += found
        return total

    measured = [[(cell, used(cell)) for cell in row] for row in [header_row, *rows]]
    natural = [max(row[i][1] for row in measured) for i in range(count)]
    widths = natural
    if INDENT + sum(natural) + GAP * (count - 1) > available:
        widths = _narrowed(measured, natural, numeric, available, measure)
    yield from _row_lines(measured[0], widths, numeric, measure)
    yield [(" " * INDENT + rule * (sum(widths) + GAP * (count - 1)), "")]
    for row in measured[1:]:
        yield from _row_lines(row, widths, numeric, measure)


def _narrowed(
    measured: list[list[tuple[Line, int]]],
    natural: list[int],
    numeric: Sequence[bool],
    available: int,
    measure: Width,
) -> list[int]:
    """Widths for a table wider than the terminal.

    Text gives way down to its longest word first, and breaks words only when even that does
    not fit. A number (a cell without spaces in a numeric column, or a drawn bar) never gives
    way, though text sharing its column may. (Worked out only when the table does not fit:
    it measures every word.)"""
    count = len(natural)
    longest_word = [
        max(measure(word) for row in measured for text, _ in row[i][0] for word in text.split(" "))
        for i in range(count)
    ]
    fixed = [
        max(
            (
                used
                for cell, used in (row[i] for row in measured)
                if len(cell) != 1 or " " not in cell[0][0]
            ),
            default=0,
        )
        if numeric[i]
        else 0
        for i in range(count)
    ]
    widths = natural
    for floor in (longest_word, [NARROWEST] * count):
        narrowest = [min(natural[i], max(floor[i], NARROWEST, fixed[i])) for i in range(count)]
        widths = fit_widths(widths, narrowest, available)
    return widths


def _row_lines(
    cells: Sequence[tuple[Line, int]],
    widths: Sequence[int],
    numeric: Sequence[bool],
    measure: Width,
) -> list[Line]:
    """One row as lines: a cell that does not fit its width wraps onto more lines."""
    if all(used <= width for (_, used), width in zip(cells, widths, strict=True)):
        return [_one_line(cells, widths, numeric)]  # most rows: nothing to wrap
    stacked: list[list[tuple[Line, int]]] = []
    for (cell, used), width in zip(cells, widths, strict=True):
        if used <= width or len(cell) != 1:
            stacked.append([(list(cell), used)])
        else:
            text, style = cell[0]
            stacked.append(
                [([(part, style)], measure(part)) for part in wrap(text, width, measure)]
            )
    height = max(len(parts) for parts in stacked)
    lines: list[Line] = []
    for index in range(height):
        line: Line = [(" " * INDENT, "")]
        for column, (parts, width) in enumerate(zip(stacked, widths, strict=True)):
            cell, used = parts[index] if index < len(parts) else ([], 0)
            pad = " " * (width - used)
            if column:
                line.append((" " * GAP, ""))
            line.extend([(pad, ""), *cell] if numeric[column] else [*cell, (pad, "")])
        while line and not line[-1][0].strip():  # no trailing blanks
            line.pop()
        lines.append(line)
    return lines


def _one_line(
    cells: Sequence[tuple[Line, int]], widths: Sequence[int], numeric: Sequence[bool]
) -> Line:
    line: Line = [(" " * INDENT, "")]
    for column, ((cell, used), width) in enumerate(zip(cells, widths, strict=True)):
        if column:
            line.append((" " * GAP, ""))
        pad = (" " * (width - used), "")
        if numeric[column]:
            line.append(pad)
            line.extend(cell)
        else:
            line.extend(cell)
            line.append(pad)
    while line and not line[-1][0].strip():  # no trailing blanks
        line.pop()
    return line
