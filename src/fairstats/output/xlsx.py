"""The machine table as an Excel workbook (`-f xlsx`).

The sheet `report` holds the csv's header and rows, built by the same `machine_header` and
`machine_rows`, so the two formats always have the same columns; the sheet `notes` holds the
footnotes, which json carries and csv leaves out. A number is a numeric cell, text is a text
cell (never a formula, whatever it starts with), an undefined value is an empty cell.

Numbers are written as the exact decimal digits csv shows, not through a float: the file holds
what csv holds, and a spreadsheet reading it rounds each number once, to its nearest double.

The same report gives the same bytes on every run: the workbook's created and modified times
are SOURCE_DATE_EPOCH's instant where it is set (the reproducible-builds convention), else
1980-01-01 00:00 UTC, the earliest date a zip entry can carry (openpyxl cannot leave them out);
every entry of the zip carries that date too, rather than the clock's.

openpyxl takes about a tenth of a second to import: only this module imports it, and only the
xlsx path imports this module.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import shutil
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from fairstats.model.errors import FairstatsError
from fairstats.model.textsafe import clip, escape_control, neutralise_formula
from fairstats.output.cells import (
    MachineNumber,
    RenderOptions,
    machine_header,
    machine_rows,
    phrase_text,
)

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath
    from openpyxl.cell import Cell

    from fairstats.model.results import Report

REPORT_SHEET = "report"
NOTES_SHEET = "notes"
# What one sheet holds, in Excel and in LibreOffice alike.
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767  # in UTF-16 code units, as Excel counts them
CUT_MARKER = " … [cut: the text has {:,} characters, more than a cell holds; -f csv has it all]"
MAX_COLUMN_WIDTH = 60  # in digit widths; longer text runs on in its cell, unwrapped
FILTER_BUTTON_WIDTH = 2  # the header's filter button covers the end of its cell
HEADER_FONT = Font(bold=True)
# The characters XML 1.0 lacks that escape_control leaves as they are (it escapes the C0
# controls and surrogates): written as escapes too, or the workbook would not open.
NOT_IN_XML = str.maketrans({"\ufffe": "\\ufffe", "\uffff": "\\uffff"})

Value = (
    MachineNumber | bool | str | None
)  # a cell as it is written: digits, a truth, text, or empty
EPOCH = datetime.datetime(1970, 1, 1)  # naive UTC, as openpyxl writes a workbook's times
# The dates a zip entry can carry (MS-DOS dates, to the even second); the first is also the
# workbook's time when SOURCE_DATE_EPOCH is not set.
ZIP_FIRST = datetime.datetime(1980, 1, 1)
ZIP_LAST = datetime.datetime(2107, 12, 31, 23, 59, 58)


class SheetLimitError(FairstatsError):
    """A report one sheet cannot hold whole: refused rather than cut short."""


def write_xlsx(report: Report, options: RenderOptions, stream: BinaryIO) -> None:
    """The report as a workbook, written to `stream` in one piece: it is built in memory
    first, so a report that a sheet cannot hold writes nothing at all."""
    instant = source_date() or ZIP_FIRST  # a malformed value is refused before any work
    table = _table(machine_header(report), machine_rows(report, options))
    notes = _table(["note"], ([phrase_text(note, options)] for note in report.footnotes))
    workbook = Workbook(write_only=True)
    properties = workbook.properties
    properties.title = _fit(escape_control(report.title).translate(NOT_IN_XML))
    properties.creator = "fairstats"
    properties.created = properties.modified = instant  # openpyxl would take the clock's
    stamp = min(max(instant, ZIP_FIRST), ZIP_LAST)
    try:
        _write_sheet(workbook.create_sheet(REPORT_SHEET), table, options.formula_guard)
        _write_sheet(workbook.create_sheet(NOTES_SHEET), notes, options.formula_guard)
        buffer = io.BytesIO()
        # What Workbook.save does, but for its setting `modified` to the clock, into a zip
        # that dates its entries by `stamp`.
        ExcelWriter(workbook, _DatedZip(buffer, stamp)).save()
    except BaseException:  # SIGTERM, Ctrl-C or an error while a sheet is written
        _abandon(workbook)
        raise
    stream.write(buffer.getvalue())


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH as a time (naive UTC); None when it is unset or empty. A value that is
    not whole seconds since 1970 is refused, as the convention asks, not taken for unset."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not text:
        return None
    if text.isascii() and text.isdigit():
        with contextlib.suppress(OverflowError):  # beyond the year 9999: refused below
            return EPOCH + datetime.timedelta(seconds=int(text))
    raise FairstatsError(
        "SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 00:00 UTC, up to the year "
        f'9999, got "{clip(text)}"'
    )


class _DatedZip(zipfile.ZipFile):
    """A zip to be written once, whose every entry carries one date and one mode: zipfile would
    date an entry by the clock (writestr) or by its file's modification time (write, which
    openpyxl uses for a sheet it kept in a temporary file)."""

    def __init__(self, file: BinaryIO, date: datetime.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.date = date.timetuple()[:6]

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, self.date)
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16  # what zipfile gives an entry written from memory
        return entry

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl asks for no compression of its own: the zip's, as for every other entry
        entry = self._entry(os.fspath(filename if arcname is None else arcname))
        entry.file_size = os.path.getsize(filename)  # a sheet of over 2 GiB needs ZIP64 first
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _abandon(workbook: Workbook) -> None:
    """Close the sheets left half written, each one's rows before its file. Left to the
    interpreter's exit, they would be closed in any order, and rows closed after their file
    print "Exception ignored ... I/O operation on closed file"."""
    for sheet in workbook.worksheets:
        if isinstance(sheet, WriteOnlyWorksheet) and not sheet.closed:
            with contextlib.suppress(Exception):  # a sheet cut short anywhere: it is discarded
                sheet.close()


def _table(header: list[str], rows: Iterable[list[object]]) -> list[list[Value]]:
    """The header, then the rows, as the cells will hold them: numbers as their digits, text
    with control and bidi characters escaped as csv shows them (and what XML lacks escaped
    too), empty text as an empty cell.
    More rows than a sheet holds are refused."""
    table: list[list[Value]] = [list(header)]
    texts: dict[str, str] = {}  # text cells repeat (names, titles): escaped once each
    for values in rows:
        if len(table) == MAX_ROWS:
            raise SheetLimitError(
                f"xlsx: the report has more than the {MAX_ROWS - 1:,} rows a sheet holds "
                "below its header; use -f csv"
            )
        row: list[Value] = []
        for value in values:
            if value is None or isinstance(value, (MachineNumber, bool)):
                row.append(value)
                continue
            raw = str(value)
            text = texts.get(raw)
            if text is None:
                text = texts[raw] = _fit(escape_control(raw).translate(NOT_IN_XML))
            row.append(text or None)
        table.append(row)
    return table


def _fit(text: str) -> str:
    """Text a cell can hold: longer text (a check's detail summing thousands of parts) is cut,
    and says so and how long it was, rather than the whole workbook being refused."""
    if len(text) <= MAX_CELL_CHARS // 2:  # the common case: fits even if all of it is astral
        return text
    units = text.encode("utf-16-le")  # a cell's limit counts UTF-16 code units
    if len(units) <= 2 * MAX_CELL_CHARS:
        return text
    marker = CUT_MARKER.format(len(units) // 2)
    kept = units[: 2 * (MAX_CELL_CHARS - len(marker))].decode("utf-16-le", "ignore")
    return kept + marker


def _write_sheet(sheet: WriteOnlyWorksheet, table: list[list[Value]], guard: bool) -> None:
    """A table whose first row is its header: frozen, bold and filterable; each column as wide
    as its widest cell, up to MAX_COLUMN_WIDTH."""
    # A write-only sheet has a sheet's column widths and filter (set before the first row),
    # which its type stubs leave out.
    columns = sheet.column_dimensions  # type: ignore[attr-defined]
    for index, width in enumerate(_widths(table), start=1):
        columns[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(table[0]))}{len(table)}"
    sheet.auto_filter.ref = f"A1:{last}"  # type: ignore[attr-defined]
    header = [_cell(sheet, key, guard) for key in table[0]]
    for cell in header:
        if cell is not None:
            cell.font = HEADER_FONT
    sheet.append(header)
    for row in table[1:]:  # cells made a row at a time: a large report has millions
        sheet.append([_cell(sheet, value, guard) for value in row])


def _cell(sheet: WriteOnlyWorksheet, value: Value, guard: bool) -> Cell | None:
    """A cell of the type its value says, whatever the text looks like: openpyxl would make
    text starting with = a formula, and "#N/A" an error."""
    if value is None:
        return None
    # Bound as text first (which checks it has no character a sheet refuses), then typed.
    cell = WriteOnlyCell(sheet, value)
    if type(value) is bool:
        return cell  # a boolean cell (validate's `valid`), TRUE or FALSE in a spreadsheet
    if type(value) is MachineNumber:
        # The digits are written into the file as they are: openpyxl formats a float or a
        # Decimal with 16 significant digits, which would round some numbers twice.
        cell.data_type = "n"
    else:
        cell.data_type = "s"
        # Text a spreadsheet would run if typed in gets the quote prefix, as typing a leading
        # ' would give it: it stays text when the cell is edited.
        if guard and neutralise_formula(value) != value:
            cell.quotePrefix = True
    return cell


def _widths(table: list[list[Value]]) -> list[int]:
    widest = [0] * len(table[0])
    measured: dict[str, int] = {}
    for row in table:
        for index, value in enumerate(row):
            if value is None:
                continue
            text = str(value).upper() if type(value) is bool else str(value)
            width = measured.get(text)
            if width is None:
                width = measured[text] = _display_width(text)
            widest[index] = max(widest[index], width)
    return [min(width + FILTER_BUTTON_WIDTH, MAX_COLUMN_WIDTH) for width in widest]


def _display_width(text: str) -> int:
    """Columns the text takes: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
