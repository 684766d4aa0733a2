"""A source's text, as `draft` reads it and as `check` compares a dataset with it: an HTML
page is read as its title and the text of its body, and the numbers are those `textnumbers`
reads, placed by their characters in that text (as `where` counts them)."""

from __future__ import annotations

import os
import re

from fairstats.input import jsonfile
from fairstats.input.drafttext import prepare
from fairstats.input.textnumbers import read_numbers
from fairstats.model.sourcetext import Printing, TextNumber

# A page saved from a browser: a doctype or an html element first, after comments
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.S)


def readable(text: str) -> str:
    """The text `draft` reads: a page's title and the text of its body, or the text itself."""
    if _HTML_START.match(text[:4096]):
        from fairstats.input.drafthtml import page_text

        return page_text(text)
    return text


def numbers_in(text: str) -> tuple[Printing, ...]:
    """The numbers of a readable text, placed by the characters of the text as given (the
    pinyin a reprint adds is read past, as `draft` reads past it)."""
    prepared = prepare(text)
    origin = prepared.origin
    found = []
    for number in read_numbers(prepared.folded):
        start, end = origin[number.start], origin[number.end]
        placed = TextNumber(
            number.value,
            number.scale,
            number.currency,
            number.qualifier,
            number.percent,
            number.counted,
            start,
            end,
        )
        # the digits' pattern takes a comma after them too ("23, the"): no part of the number
        printed = " ".join(text[start:end].split()).rstrip(",，")
        found.append(Printing(placed, printed))
    return tuple(found)


def text_path(dataset_file: str, named: str) -> str:
    """Where the text a source names is: relative to its dataset file (to the current
    directory for a dataset read from standard input)."""
    if os.path.isabs(named):
        return named
    folder = "" if dataset_file == jsonfile.STDIN_NAME else os.path.dirname(dataset_file)
    # "./-" is a file named "-", never standard input
    return os.path.join(folder or os.curdir, named)


def named_from(text_file: str, dataset_file: str | None) -> str | None:
    """The name a source gives its text file: relative to the dataset file written (to the
    current directory, on standard output), as `text_path` reads it; None for standard
    input, which has no name."""
    if text_file == jsonfile.STDIN_NAME:
        return None
    if dataset_file is None or dataset_file == jsonfile.STDIN_NAME:
        return text_file
    folder = os.path.dirname(os.path.abspath(dataset_file))
    try:
        return os.path.relpath(os.path.abspath(text_file), folder)
    except ValueError:  # on another drive: no relative path leads there
        return os.path.abspath(text_file)


def read_text(path: str) -> str:
    """A text file's readable text; a `DataError` naming `path` when it cannot be read."""
    return readable(jsonfile.decode(path, jsonfile.read_bytes(path)))
