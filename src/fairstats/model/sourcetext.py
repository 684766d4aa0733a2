"""A source's text as the authority: the numbers it prints, and those a dataset leaves out on
purpose. The reader finds them (reading the text is input's job); `engine.against` compares
them with the dataset's statements."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fairstats.model.record import Record

if TYPE_CHECKING:
    from decimal import Decimal


class TextNumber(Record):
    """One number as the text prints it."""

    value: Decimal
    scale: int  # a power of ten: 8 for 亿, 9 for billion
    currency: str  # "CNY", "USD", or "" for none
    qualifier: str  # as the dataset format names them: exact, more_than, ...
    percent: bool
    counted: str  # the word after it: 项目, 家, projects ("" for none)
    start: int
    end: int


class Printing(Record):
    """A number of a source's text, with the characters that print it ("711.3亿美元")."""

    number: TextNumber
    text: str


class LeftOut(Record):
    """A number of a source's text the dataset leaves out on purpose, and why. `number` is
    the text's number it names (its value, scale and percent sign, as read from `printed`);
    `characters` the place `where` gives, if it gives one."""

    printed: str
    number: TextNumber
    reason: str
    place: str  # its JSON path
    where: str | None = None


# "body, characters 170-178", as draft writes a statement's place in the text
_CHARACTERS = re.compile(r"characters (\d+)\s*-\s*(\d+)")


def characters_of(where: str | None) -> tuple[int, int] | None:
    """The characters of the text a `where` names, if it names them."""
    found = _CHARACTERS.search(where or "")
    if found is None:
        return None
    start, end = int(found.group(1)), int(found.group(2))
    return (start, end) if start < end else None
