"""Column layout for the table format: tables that fit the width they are given.

rich draws the characters (colour, terminal detection, encodings); the layout is ours, because
rich's own Table measures every cell several times and took longer than everything else in a
run. Widths are in terminal cells, measured by the function the caller passes (rich's, which
knows that 亿 takes two).

Text breaks only between words, and inside a word only beside a wide (CJK) character, as CJK
typesetting does; a number is a word, so it never breaks. A table gets no narrower than its
longest words: a section whose columns cannot all be that wide is written as records instead,
one `field: value` line per cell, and so is one whose table would wrap its cells to ribbons.
In between, the width there is goes where the text is: to the columns whose widening saves
the most lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

Piece = tuple[str, str]  # text and its style
Line = list[Piece]
Width = Callable[[str], int]  # how many terminal cells a text takes
Atom = tuple[int, str, int]  # spaces before it (unless it starts a line), text, width
Cell = tuple[Line, int]  # a cell's styled pieces and its width

INDENT = 2  # cells before the first column
GAP = 2  # cells between columns
HANG = 2  # a record's value too wide to sit beside its label goes below it, this much further in
SAMPLE = 1000  # rows weighed when sharing out width and choosing the layout (words fit in all)
CANDIDATES = 8  # widths weighed for a column at each step: the nearest, where gains are
WEIGHED = 200  # wrapping rows whose lines the width is shared out to save

# No break after an opening bracket or before closing punctuation (CJK's kinsoku rule).
_OPENING = frozenset("([{（［｛「『【〔〈《〖")
_CLOSING = frozenset(")]}.,;:!?%、。，．：；！？）］｝」』】〕〉》〗…")


def _chunks(word: str, measure: Width) -> list[str]:
    """The parts of a word that never break: the whole word, unless it holds wide characters,
    which may part from their neighbours."""
    if word.isascii():
        return [word]
    chunks = []
    start = 0
    for index in range(1, len(word)):
        before, after = word[index - 1], word[index]
        if (
            (measure(before) > 1 or measure(after) > 1)
            and measure(after) > 0  # a combining mark stays with its character
            and before not in _OPENING
            and after not in _CLOSING
        ):
            chunks.append(word[start:index])
            start = index
    chunks.append(word[start:])
    return chunks


def atoms(text: str, measure: Width) -> list[Atom]:
    """A text as the pieces a line may break between."""
    found: list[Atom] = []
    spaces = 0
    for word in text.split(" "):
        if not word:
            spaces += 1
            continue
        for index, chunk in enumerate(_chunks(word, measure)):
            found.append((spaces + 1 if found and not index else 0, chunk, measure(chunk)))
        spaces = 0
    return found


def wrap(text: str, width: int, measure: Width) -> list[str]:
    """Break text into lines of at most `width` cells (a word wider than that is folded)."""
    return [line for line, _ in _wrap(atoms(text, measure), width, measure)]


def _wrap(pieces: list[Atom], width: int, measure: Width) -> list[tuple[str, int]]:
    """Lines and their widths: as many atoms on each as fit."""
    lines: list[tuple[str, int]] = []
    parts: list[str] = []
    used = 0
    for spaces, chunk, size in pieces:
        if parts and used + spaces + size <= width:
            parts.append(" " * spaces + chunk)
            used += spaces + size
            continue
        if parts:
            lines.append(("".join(parts), used))
        rest, left = chunk, size
        while left > width:  # wider than a whole line: folded, as nothing else can be done
            cut = _fits(rest, width, measure)
            lines.append((rest[:cut], measure(rest[:cut])))
            rest = rest[cut:]
            left = measure(rest)
        parts, used = [rest], left
    if parts or not lines:
        lines.append(("".join(parts), used))
    return lines


def _fits(word: str, width: int, measure: Width) -> int:
    """How many leading characters of a word fit in `width` cells (at least one)."""
    used = 0
    for index, character in enumerate(word):
        used += measure(character)
        if used > width:
            return max(index, 1)
    return len(word)


def _count(pieces: list[Atom], width: int) -> tuple[int, int]:
    """The lines atoms take at `width` (each atom fitting it), and the narrowest wider width
    at which they would break differently (0 when they take one line)."""
    lines = 1
    used = -1  # nothing on the line yet
    change = 0
    for spaces, _, size in pieces:
        if used < 0:
            used = size
        elif used + spaces + size <= width:
            used += spaces + size
        else:
            wanted = used + spaces + size
            change = wanted if not change else min(change, wanted)
            lines += 1
            used = size
    return lines, change


def _steps(pieces: list[Atom], narrowest: int, room: int) -> list[tuple[int, int]]:
    """(width, lines) at `narrowest` and at each wider width up to `room` where the text takes
    fewer lines: the widths worth giving its column. (Never beyond the room: a long detail
    would otherwise be measured at every width up to its length.)"""
    natural = sum(spaces + size for spaces, _, size in pieces)
    gap = max((spaces for spaces, _, _ in pieces), default=0)  # what a break may drop
    lines, change = _count(pieces, narrowest)
    steps = [(narrowest, lines)]
    while lines > 1:
        # no width below this can hold the text in a line fewer: skip the widths between
        fewer = lines - 1
        width = max(change, -(-(natural - gap * (fewer - 1)) // fewer))
        if width > room:
            break
        count, change = _count(pieces, width)
        if count < lines:
            steps.append((width, count))
            lines = count
    return steps


def _lines_at(steps: list[tuple[int, int]], width: int) -> int:
    lines = steps[0][1]
    for step_width, step_lines in steps:
        if step_width > width:
            break
        lines = step_lines
    return lines


def lay_out(
    headers: Sequence[str],
    rows: Sequence[Sequence[Line]],
    numeric: Sequence[bool],
    available: int | None,
    measure: Width,
    *,
    rule: str = "─",
) -> Iterator[Line]:
    """The lines of one section within `available` cells (None: as wide as its widest cells,
    never wrapped): a table, or records where the columns cannot each be as wide as their
    longest word, or where the table's rows, their cells wrapped to ribbons of a word or two a
    line, would take more than three quarters of the lines the records take (blank lines
    and the header aside).

    Lines are made as they are written: a section may have a hundred thousand rows."""
    count = len(headers)
    known: dict[str, int] = {}  # texts repeat: each measured once

    def used(cell: Line) -> int:
        total = 0
        for text, _ in cell:
            found = known.get(text)
            if found is None:
                found = known[text] = measure(text)
            total += found
        return total

    header_row: list[Line] = [[(header, "bold")] for header in headers]
    measured = [[(cell, used(cell)) for cell in row] for row in [header_row, *rows]]
    widths = [max(row[i][1] for row in measured) for i in range(count)]
    prepared = _Prepared(measure)
    if available is not None and INDENT + sum(widths) + GAP * (count - 1) > available:
        room = available - INDENT - GAP * (count - 1)
        allotted = _allot(measured, widths, room, available - INDENT - HANG, prepared)
        sample = measured[1 : SAMPLE + 1]
        if allotted is None or 4 * sum(
            len(_row_lines(row, allotted, numeric, prepared)) for row in sample
        ) > 3 * sum(1 for line in _records(headers, sample, available, prepared) if line):
            yield from _records(headers, measured[1:], available, prepared)
            return
        yield from _table(measured, allotted, numeric, prepared, rule)
    else:  # every cell fits on one line
        yield from _table(measured, widths, numeric, prepared, rule, spaced=False)


def _table(
    measured: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    numeric: Sequence[bool],
    prepared: _Prepared,
    rule: str,
    *,
    spaced: bool | None = None,
) -> Iterator[Line]:
    """The header, a rule, and the rows; when any row takes more than one line (`spaced`,
    worked out unless given), a blank line follows each row."""
    if spaced is None:
        spaced = any(
            used > width for row in measured for (_, used), width in zip(row, widths, strict=True)
        )
    yield from _row_lines(measured[0], widths, numeric, prepared)
    yield [(" " * INDENT + rule * (sum(widths) + GAP * (len(widths) - 1)), "")]
    for index, row in enumerate(measured[1:]):
        if spaced and index:
            yield []
        yield from _row_lines(row, widths, numeric, prepared)


class _Prepared:
    """Each text's atoms and width steps, worked out once: texts repeat."""

    def __init__(self, measure: Width) -> None:
        self.measure = measure
        self._atoms: dict[str, list[Atom]] = {}
        self._steps: dict[tuple[str, int, int], list[tuple[int, int]]] = {}

    def atoms(self, text: str) -> list[Atom]:
        found = self._atoms.get(text)
        if found is None:
            found = self._atoms[text] = atoms(text, self.measure)
        return found

    def longest(self, cell: Line, used: int) -> int:
        """The widest part of a cell that never breaks (a cell of several pieces, such as a
        bar beside its number, never does)."""
        if len(cell) != 1:
            return used
        return max((size for _, _, size in self.atoms(cell[0][0])), default=0)

    def steps(self, cell: Line, narrowest: int, room: int) -> list[tuple[int, int]]:
        text = "".join(piece for piece, _ in cell)
        found = self._steps.get((text, narrowest, room))
        if found is None:
            found = _steps(self.atoms(text), narrowest, room)
            self._steps[text, narrowest, room] = found
        return found

    def lines(self, cell: Line, used: int, width: int) -> list[Cell]:
        """A cell as the lines it takes at `width`: one piece wraps; several (a bar and its
        number) are joined into one text only if they must wrap, which a table never needs."""
        if used <= width:
            return [(cell, used)]
        text = "".join(piece for piece, _ in cell)
        style = cell[-1][1]
        lines = _wrap(self.atoms(text), width, self.measure)
        return [([(line, style)], size) for line, size in lines]


def _allot(
    measured: list[list[Cell]], natural: list[int], room: int, fold: int, prepared: _Prepared
) -> list[int] | None:
    """Column widths adding up to at most `room` cells, or None when the columns cannot all
    be as wide as their longest words (a word wider than `fold`, which no layout can hold
    on one line, aside).

    Each column starts as wide as its longest word. Then, step by step, the column that saves
    the most lines of the table for each cell it takes grows to its next useful width (where
    a cell of it takes a line fewer); a column whose widening shortens no row yet, because
    another column holds the row as tall, may still grow if it saves lines of its own cells.
    A column never gets more than it uses, so Unit and Basis keep no spare padding."""
    count = len(natural)
    floor = [0] * count
    for row in measured:
        for column, (cell, used) in enumerate(row):
            if used > floor[column]:  # a cell no wider than the floor cannot raise it
                longest = prepared.longest(cell, used)
                floor[column] = max(floor[column], longest if longest <= fold else 0)
    if sum(floor) > room:
        return None
    # The rows whose cells wrap at the floor, each cell as its width steps (None: one line).
    tall: list[list[list[tuple[int, int]] | None]] = []
    for row in measured:
        row_steps = [
            prepared.steps(cell, floor[column], floor[column] + room - sum(floor))
            if used > floor[column]
            else None
            for column, (cell, used) in enumerate(row)
        ]
        if any(row_steps):
            tall.append(row_steps)
            if len(tall) == SAMPLE:
                break
    if len(tall) > WEIGHED:  # rows spread over the sample: each step weighs them all again
        tall = tall[:: -(-len(tall) // WEIGHED)]
    widths = list(floor)
    # each column's wrapping cells: (row, width steps)
    wrapping = [
        [(index, steps) for index, row in enumerate(tall) if (steps := row[column]) is not None]
        for column in range(count)
    ]
    heights = [[1 if steps is None else steps[0][1] for steps in row] for row in tall]
    tallest = [_two_tallest(row) for row in heights]  # per row: (top, its column, second)
    columns_of_row = [[c for c, steps in enumerate(row) if steps is not None] for row in tall]
    scored: dict[int, list[tuple[tuple[float, float, int], int]]] = {}  # column: (score, width)
    spare = room - sum(widths)
    while spare > 0:
        best: tuple[float, float, int] | None = None
        choice = (0, 0)
        for column, cells in enumerate(wrapping):
            if column not in scored:
                scored[column] = _scores(cells, column, widths[column], heights, tallest)
            for score, width in scored[column]:  # best first: the first that fits is its best
                if width - widths[column] <= spare:
                    if best is None or score > best:
                        best, choice = score, (column, width)
                    break
        if best is None:
            break  # every column as wide as it can use, or its next step too wide
        column, width = choice
        spare -= width - widths[column]
        widths[column] = width
        # only the rows of this column change height, and only the columns in them rescore
        for index, steps in wrapping[column]:
            heights[index][column] = _lines_at(steps, width)
            tallest[index] = _two_tallest(heights[index])
            for other in columns_of_row[index]:
                scored.pop(other, None)
        scored.pop(column, None)
    return widths


def _two_tallest(heights: list[int]) -> tuple[int, int, int]:
    """A row's tallest cell, its column, and the tallest of the others."""
    top, at, second = 1, -1, 1
    for column, height in enumerate(heights):
        if height > top:
            top, at, second = height, column, top
        elif height > second:
            second = height
    return top, at, second


def _scores(
    cells: list[tuple[int, list[tuple[int, int]]]],
    column: int,
    now: int,
    heights: list[list[int]],
    tallest: list[tuple[int, int, int]],
) -> list[tuple[tuple[float, float, int], int]]:
    """A column's next useful widths (a few, the nearest first: a wider one is reached by
    steps), each scored by the lines of the table and of its own cells it saves per cell of
    width it takes; best first."""
    wider = sorted({next((w for w, _ in steps if w > now), 0) for _, steps in cells} - {0})
    candidates = wider[:CANDIDATES]
    if not candidates:
        return []
    table_saved = [0] * len(candidates)
    own_saved = [0] * len(candidates)
    for index, steps in cells:
        before = heights[index][column]
        top, at, second = tallest[index]
        other = second if at == column else top
        # the lines at each candidate width, walking the cell's steps once
        lines, position = steps[0][1], 0
        for rank, width in enumerate(candidates):
            while position < len(steps) and steps[position][0] <= width:
                lines = steps[position][1]
                position += 1
            own_saved[rank] += before - lines
            table_saved[rank] += max(before, other) - max(lines, other)
    found = []
    for rank, width in enumerate(candidates):
        step = width - now
        found.append(((table_saved[rank] / step, own_saved[rank] / step, -step), width))
    found.sort(reverse=True)
    return found


def _records(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], available: int, prepared: _Prepared
) -> Iterator[Line]:
    """Each row as a record: a `field: value` line for each cell that is not empty, values
    aligned and wrapped beside their labels, records apart by a blank line. A value with a word
    too wide to sit beside its label goes below it."""
    measure = prepared.measure
    label = max(measure(header) for header in headers) + 1  # with its colon
    start = INDENT + label + 1
    beside = max(available - start, 1)
    below = max(available - INDENT - HANG, 1)
    for index, row in enumerate(rows):
        if index:
            yield []
        for header, (cell, used) in zip(headers, row, strict=True):
            if not used:
                continue
            padding = " " * (label - 1 - measure(header))
            head: Line = [(" " * INDENT, ""), (f"{header}:", "bold"), (padding + " ", "")]
            if used <= beside or prepared.longest(cell, used) <= beside:
                lines = prepared.lines(cell, used, beside)
                yield head + lines[0][0]
                for line, _ in lines[1:]:
                    yield [(" " * start, ""), *line]
            else:
                yield head[:2]
                for line, _ in prepared.lines(cell, used, below):
                    yield [(" " * (INDENT + HANG), ""), *line]


def _row_lines(
    cells: Sequence[Cell], widths: Sequence[int], numeric: Sequence[bool], prepared: _Prepared
) -> list[Line]:
    """One row as lines: a cell that does not fit its width wraps onto more lines."""
    if all(used <= width for (_, used), width in zip(cells, widths, strict=True)):
        return [_one_line(cells, widths, numeric)]  # most rows: nothing to wrap
    stacked = [
        prepared.lines(cell, used, width) for (cell, used), width in zip(cells, widths, strict=True)
    ]
    height = max(len(parts) for parts in stacked)
    empty: Cell = ([], 0)
    return [
        _one_line(
            [parts[index] if index < len(parts) else empty for parts in stacked], widths, numeric
        )
        for index in range(height)
    ]


def _one_line(cells: Sequence[Cell], widths: Sequence[int], numeric: Sequence[bool]) -> Line:
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
