"""The text formats tabulate lays out: markdown, and for papers and wikis LaTeX,
reStructuredText, Org and MediaWiki. Each escapes what it must before tabulate lays the cells
out (LaTeX's are escaped by tabulate itself), so that a name reads as itself and never as
markup or a cell's end. Imported by those formats only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape as html_escape

from tabulate import LATEX_ESCAPE_RULES, tabulate

from fairstats.model.record import Record
from fairstats.output import markdown


class Markup(Record):
    """How one format writes a document: its table style, how a cell, a heading (by level, 1
    for the title) and a paragraph are escaped and written."""

    table: str
    cell: Callable[[str], str]
    heading: Callable[[str, int], str]
    paragraph: Callable[[str], str]


def _latex(text: str) -> str:
    return "".join(LATEX_ESCAPE_RULES.get(character, character) for character in text)


def _latex_heading(text: str, level: int) -> str:
    return f"\\{'sub' * (level - 1)}section*{{{_latex(text)}}}"


# reStructuredText: a backslash makes the next character literal; these start inline markup
# (emphasis, literals, roles, substitutions, references and targets)
_RST_SPECIAL = re.compile(r"([\\`*_|])")


# a line of one punctuation character over and over reads as a title's line or a transition
_RST_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1*")


def _rst(text: str) -> str:
    escaped = _RST_SPECIAL.sub(r"\\\1", text)
    return f"\\{escaped}" if _RST_ADORNMENT.fullmatch(escaped) else escaped


def _rst_heading(text: str, level: int) -> str:
    from wcwidth import wcswidth

    escaped = _rst(text)
    return f"{escaped}\n{'=-'[min(level, 2) - 1] * max(wcswidth(escaped), 1)}"


def _org_cell(text: str) -> str:
    return text.replace("|", "\\vert{}")  # a bar would end the cell


def _org_line(text: str) -> str:
    # a line starting with "*" would be a heading, "#" a keyword, "|" a table, "-" a rule
    return f" {text}" if text[:1] in ("*", "#", "|", "-", ":") else text


def _org_heading(text: str, level: int) -> str:
    return f"{'*' * level} {text}"


# MediaWiki: what would be markup anywhere in a line, as an entity (html.escape also takes <, >,
# & and quotes): a cell's end, links, templates, bold and italics, signatures
_WIKI_SPECIAL = {"|": "&#124;", "!": "&#33;", "[": "&#91;", "]": "&#93;", "{": "&#123;"} | {
    "}": "&#125;",
    "~": "&#126;",
}
_WIKI_LINE_START = {"*": "&#42;", "#": "&#35;", ":": "&#58;", ";": "&#59;", "=": "&#61;"}


def _wiki(text: str) -> str:
    return "".join(_WIKI_SPECIAL.get(character, character) for character in html_escape(text))


def _wiki_line(text: str) -> str:
    """A paragraph: also what would start a list, an indent or a heading at its start."""
    escaped = _wiki(text)
    return _WIKI_LINE_START.get(escaped[:1], escaped[:1]) + escaped[1:]


def _wiki_heading(text: str, level: int) -> str:
    marks = "=" * level
    return f"{marks} {_wiki(text)} {marks}"


def _markdown_heading(text: str, level: int) -> str:
    return f"{'#' * level} {markdown.heading(text)}"


MARKUPS = {
    "markdown": Markup("pipe", markdown.inline, _markdown_heading, markdown.paragraph),
    # tabulate's latex escapes the cells itself
    "latex": Markup("latex", lambda text: text, _latex_heading, _latex),
    "rst": Markup("grid", _rst, _rst_heading, _rst),
    "org": Markup("orgtbl", _org_cell, _org_heading, _org_line),
    "mediawiki": Markup("mediawiki", _wiki, _wiki_heading, _wiki_line),
}


class Table(Record):
    title: str
    headers: list[str]
    right: list[bool]
    rows: list[list[str]]


def document(form: str, title: str, tables: Sequence[Table], notes: Sequence[str]) -> str:
    """A whole report in one of the MARKUPS: its title, each table under its heading, and the
    footnotes as paragraphs."""
    markup = MARKUPS[form]
    parts = [markup.heading(title, 1)]
    for table in tables:
        laid_out = lay_out(
            markup.table,
            [markup.cell(header) for header in table.headers],
            [[markup.cell(text) for text in row] for row in table.rows],
            table.right,
        )
        parts.extend((markup.heading(table.title, 2), laid_out))
    parts.extend(markup.paragraph(note) for note in notes)
    return "\n\n".join(parts) + "\n"


def lay_out(style: str, headers: list[str], rows: list[list[str]], right: list[bool]) -> str:
    """A table in one of tabulate's styles, from cells escaped already (a wide character takes
    two places, through wcwidth); `right` aligns a column's cells right."""
    return tabulate(
        rows,
        headers,
        tablefmt=style,
        colalign=["right" if flush else "left" for flush in right],
        disable_numparse=True,  # the cells are text as shown: "1,100.4" stays as it is
    )
