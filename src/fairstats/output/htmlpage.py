"""The html format: one self-contained page per report, with the tables, the verdicts in colour
and in words, and the footnotes. It loads nothing (no script, no font, no stylesheet from
elsewhere), and every text from a dataset is escaped, so a name is only ever text. Imported by
the html renderer only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from fairstats.model.record import Record

# The styles the table format gives a cell (rich's names), as classes of the page: each class
# keeps the words, so colour is never the only sign of a verdict.
STYLE_CLASSES = {
    "green": "good",
    "yellow": "rounding",
    "bold red": "bad",
    "dim": "quiet",
    "cyan": "computed",
    "blue": "bar",
}

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 2rem;
  color: #1f2328; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.3rem 0.6rem; vertical-align: top;
  text-align: left; }
th { border-bottom: 2px solid #8c959f; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.good { color: #1a7f37; }
.rounding { color: #9a6700; }
.bad { color: #cf222e; font-weight: bold; }
.quiet { color: #6e7781; }
.computed { color: #0969da; }
.note { color: #424a53; max-width: 60rem; }
.chart { margin: 1rem 0; }
.chart svg { max-width: 100%; height: auto; }
""".strip()


class Cell(Record):
    text: str
    numeric: bool = False
    style: str = ""  # the table format's style: a key of STYLE_CLASSES


class Table(Record):
    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[Cell]]


def page(
    title: str, tables: Iterable[Table], notes: Sequence[str], charts: Sequence[str] = ()
) -> str:
    """The whole page, as text; `charts` are SVG elements, drawn after the tables (their text
    escaped by the library that drew them)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # nothing may load: a page that is sent around must read the same offline
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    for table in tables:
        parts.append(f"<h2>{escape(table.title)}</h2>" if table.title else "")
        parts.append(_table(table))
    parts.extend(f'<figure class="chart">\n{chart}</figure>' for chart in charts)
    parts.extend(f'<p class="note">{escape(note)}</p>' for note in notes)
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(part for part in parts if part)


def _table(table: Table) -> str:
    head = "".join(
        (f'<th class="num">{escape(header)}</th>' if numeric else f"<th>{escape(header)}</th>")
        for header, numeric in zip(table.headers, table.numeric, strict=True)
    )
    body = "\n".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _cell(cell: Cell) -> str:
    classes = [
        name for name in ("num" if cell.numeric else "", STYLE_CLASSES.get(cell.style)) if name
    ]
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{attribute}>{escape(cell.text)}</td>"
