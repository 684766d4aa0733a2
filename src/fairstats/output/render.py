"""One result shape in, every format out: table, csv, tsv, json, jsonl, markdown, html and the
tabulated formats as text, and xlsx as bytes. The modules of markdown and the tabulated formats,
html, xlsx and charts are imported only when their format is asked for, and rich only by the
table, so the machine formats load no renderer library."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, TextIO

from fairstats.model.results import (
    Report,
    Section,
)
from fairstats.model.textsafe import escape_control
from fairstats.output.cells import RenderOptions, phrase_text
from fairstats.output.choices import TABULATED_FORMATS
from fairstats.output.grid import Grid, grids, human_source, section_title, several_releases
from fairstats.output.machine import render_delimited, render_json, render_jsonl
from fairstats.output.terminal import render_table, styled_cell

__all__ = ["BINARY_RENDERERS", "RENDERERS", "render"]


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
                    styled_cell(human_source(row, column), text, column, None)[0][1],
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


def _titled_grids(report: Report, options: RenderOptions) -> Iterator[tuple[str, Section, Grid]]:
    """Each section with rows, its title as the text formats print it, and its grid."""
    several = several_releases(report)
    for section, grid in grids(report, options):
        yield escape_control(section_title(section, several)), section, grid


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
