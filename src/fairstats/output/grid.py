"""A report laid out for people: the columns a table shows, and each section's cells as text."""

from __future__ import annotations

from collections.abc import Iterator

from fairstats.model.record import Record
from fairstats.model.results import (
    Cell,
    Column,
    Quantity,
    Report,
    Section,
)
from fairstats.output.cells import RenderOptions, human_cell


class HumanColumn(Record):
    title: str
    source: Column
    part: str  # "value", "unit", "basis" or "interval"


def _human_columns(report: Report) -> list[HumanColumn]:
    columns = []
    for column in report.columns:
        if not column.human:
            continue
        columns.append(HumanColumn(column.title, column, "value"))
        if column.unit_key and column.unit_column:
            columns.append(HumanColumn("Unit", column, "unit"))
        if column.basis_key and column.basis_column:
            columns.append(HumanColumn("Basis", column, "basis"))
        if column.low_key or column.high_key:
            columns.append(HumanColumn("Interval", column, "interval"))
    return columns


def section_title(section: Section, several: bool) -> str:
    """A section's title; with several releases in one report, the release's name first."""
    return f"{section.release}: {section.title}" if several and section.release else section.title


def several_releases(report: Report) -> bool:
    return len({section.release for section in report.sections if section.release}) > 1


class Grid(Record):
    """A section's human columns with content, whether each holds numbers, and the text of
    every cell under them (worked out once: a large section has hundreds of thousands)."""

    columns: list[HumanColumn]
    numeric: list[bool]
    texts: list[list[str]]  # by row, then column


def _section_grid(columns: list[HumanColumn], section: Section, options: RenderOptions) -> Grid:
    """A collapsing column whose one value the section's title already says is left out."""
    rows = section.rows
    chosen: list[HumanColumn] = []
    numeric: list[bool] = []
    by_column: list[list[str]] = []
    for column in columns:
        cells = [human_source(row, column) for row in rows]
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
    return Grid(chosen, numeric, [list(row) for row in zip(*by_column, strict=True)])


def grids(report: Report, options: RenderOptions) -> Iterator[tuple[Section, Grid]]:
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


def human_source(row: dict[str, Cell], column: HumanColumn) -> Cell:
    cell = row.get(column.source.key)
    fallback = column.source.unit_fallback
    if cell is None and column.part == "unit" and fallback is not None:
        return row.get(fallback)
    return cell
