"""A dataset against the texts its sources name: every number a statement prints is printed in
its source's text (at the characters its `where` names, when it names them), and every number
of the text is printed by a statement or left out on purpose.

This catches what no rule between figures can: a digit changed while transcribing. A number
matches when its value times its multiplier is the text's (711.3 亿 is 71.13 billion), it is a
percentage where the text's is, and its qualifier is the text's where it gives one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.engine.verdicts import Verdict
from fairstats.model.record import Record
from fairstats.model.release import Average, Figure, Growth, Printed, Share, Statement
from fairstats.model.results import Phrase
from fairstats.model.sourcetext import LeftOut, Printing, TextNumber, characters_of

if TYPE_CHECKING:
    from decimal import Decimal

    from fairstats.model.release import Release, Source

# the rules of the section, as the json and csv outputs name them
PRINTED_IN_TEXT = "printed_in_text"  # a statement's number is the text's
TEXT_NUMBER = "text_number"  # a number of the text that the dataset neither uses nor leaves out
LEFT_OUT = "left_out"  # a number left out on purpose that the text does not print


class TextCheck(Record):
    """One comparison with a source's text: of a `statement` with the text's number `found`
    as (if any), of a number of the text (`found`) that no statement prints, or of a number
    `left_out` that the text does not print."""

    rule: str
    verdict: str
    source: Source
    place: str  # the JSON path of the statement, the left-out entry or the source's text
    detail: Phrase
    statement: Statement | None = None
    found: Printing | None = None
    left_out: LeftOut | None = None


def printed_number(statement: Statement) -> tuple[Printed, bool] | None:
    """The number a statement prints, and whether it is a percentage; None for one printing
    none (a figure in words, a record, a rank)."""
    if isinstance(statement, Figure):
        return (statement.printed, False) if statement.printed is not None else None
    if isinstance(statement, Share):
        return statement.printed, True
    if isinstance(statement, Growth):
        printed = statement.printed
        if printed.value == 0 and printed.qualifier != "exact":
            return None  # "more than 0%" is how the format writes "grew": words, no number
        return printed, not statement.change
    if isinstance(statement, Average):
        return statement.printed, False
    return None


def _prints(number: TextNumber, printed: Printed, percent: bool) -> bool:
    """The text's number is the one printed: its value times its multiplier, a percentage or
    not, and the qualifier the dataset gives (a fall is printed as a positive number)."""
    return _same(
        number, abs(printed.value).scaleb(printed.scale), percent
    ) and printed.qualifier in ("exact", number.qualifier)


def _same(number: TextNumber, value: Decimal, percent: bool) -> bool:
    """The text's number is this value (in units of one), a percentage or not."""
    return number.percent == percent and number.value.scaleb(number.scale) == value


def _at(number: TextNumber, characters: tuple[int, int] | None) -> bool:
    """The number is printed within the characters (anywhere, when none are named)."""
    if characters is None:
        return True
    start, end = characters
    return number.start < end and start < number.end


def _characters(number: TextNumber) -> Phrase:
    return Phrase("characters {}-{}", (str(number.start), str(number.end)))


def _statements(release: Release) -> list[Statement]:
    return [*release.figures, *release.relations]


def against_texts(release: Release) -> list[TextCheck]:
    """Every comparison of a release with the texts its sources name, source by source."""
    checks: list[TextCheck | None] = []
    for index, source in enumerate(release.sources):
        if source.text is None:
            continue
        statements = [s for s in _statements(release) if s.source == source.id]
        checks.extend(_statement_check(source, statement) for statement in statements)
        checks.extend(_unused(source, statements, f"$.sources[{index}].text"))
        checks.extend(_unmatched(source, left_out) for left_out in source.left_out)
    return [check for check in checks if check is not None]


def _statement_check(source: Source, statement: Statement) -> TextCheck | None:
    printing = printed_number(statement)
    if printing is None:
        return None
    printed, percent = printing
    characters = characters_of(statement.where)
    matching = [p for p in source.numbers if _prints(p.number, printed, percent)]
    there = [p for p in matching if _at(p.number, characters)]
    file = source.text or ""
    if there:
        found = there[0]
        detail = Phrase("{} prints {} at {}", (file, found.text, _characters(found.number)))
        verdict = Verdict.CONSISTENT
    elif matching:
        found = matching[0]
        detail = Phrase(
            "{} prints it at {}, not where the statement says ({})",
            (file, _characters(found.number), statement.where or ""),
        )
        verdict = Verdict.INCONSISTENT
    else:
        found = None
        verdict = Verdict.INCONSISTENT
        printed_there = [p for p in source.numbers if characters and _at(p.number, characters)]
        if printed_there:
            detail = Phrase("{} prints {} there, not this number", (file, printed_there[0].text))
        else:
            detail = Phrase("{} prints no such number", (file,))
    return TextCheck(
        PRINTED_IN_TEXT,
        verdict,
        source,
        statement.place,
        detail,
        statement=statement,
        found=found,
    )


def _unused(source: Source, statements: list[Statement], place: str) -> list[TextCheck]:
    """The text's numbers that no statement prints and none left out names."""
    printings = []
    for statement in statements:
        printing = printed_number(statement)
        if printing is not None:
            printings.append((*printing, characters_of(statement.where)))
    checks = []
    for found in source.numbers:
        number = found.number
        used = any(
            _prints(number, printed, percent) and _at(number, characters)
            for printed, percent, characters in printings
        )
        if used or any(_leaves_out(left_out, number) for left_out in source.left_out):
            continue
        detail = Phrase(
            "{} prints {} at {}: no statement prints it, and it is not listed as left out",
            (source.text or "", found.text, _characters(number)),
        )
        checks.append(
            TextCheck(TEXT_NUMBER, Verdict.NOT_TESTABLE, source, place, detail, found=found)
        )
    return checks


def _leaves_out(left_out: LeftOut, number: TextNumber) -> bool:
    named = left_out.number
    return _same(number, named.value.scaleb(named.scale), named.percent) and _at(
        number, characters_of(left_out.where)
    )


def _unmatched(source: Source, left_out: LeftOut) -> TextCheck | None:
    """A number left out that the text does not print (there, when a place is named)."""
    if any(_leaves_out(left_out, found.number) for found in source.numbers):
        return None
    detail = Phrase(
        "listed as left out ({}), but {} does not print it{}",
        (left_out.reason, source.text or "", f" at {left_out.where}" if left_out.where else ""),
    )
    return TextCheck(
        LEFT_OUT, Verdict.NOT_TESTABLE, source, left_out.place, detail, left_out=left_out
    )
