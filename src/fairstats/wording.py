"""Words made from facts: the sentences of `check`, built from what the engine found.

The engine (`audit`, `claims`) says which statements, quantities, printings and numbers a
verdict rests on; this module alone turns those facts into `Phrase`s. Keeping the words in one
place is what lets a sentence follow its verdict (a doubted statement names what it conflicts
with, never "nothing else gives"), and keeps numbers out of templates, so `--unit` and
`--decimals` reach them. Pure: no click, no rich, and nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fairstats.results import Phrase, Quantity
from fairstats.verdicts import Verdict


def counted(number: int, noun: str) -> str:
    """ "1 check", "2 checks": a count that agrees in number with its noun."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def check_totals(counts: Mapping[str, int], conflicts: int) -> Phrase:
    """The closing line of `check`: how many checks, by verdict, and how many conflicts."""
    total = sum(counts.values())
    return Phrase(
        f"{counted(total, 'check')}: {counts[Verdict.CONSISTENT]} consistent, "
        f"{counts[Verdict.WITHIN_ROUNDING]} consistent only within rounding, "
        f"{counts[Verdict.INCONSISTENT]} inconsistent, "
        f"{counts[Verdict.NOT_TESTABLE]} not testable; {counted(conflicts, 'conflict')}."
    )


def statement_as_printed(
    label: str, printed: Quantity | None, edition: str, source: str | None, place: str | None
) -> Phrase:
    """A statement named as the release prints it: "CIIE exhibitors: more than 3800 [CIIE
    2019, caixin]"; the place in its file only where the rest would read like another's."""
    origin = tuple(part for part in (edition, source, place) if part)
    where = Phrase(", ".join("{}" for _ in origin), origin)
    if printed is None:
        return Phrase("{} [{}]", (label, where))
    return Phrase("{}: {} [{}]", (label, printed, where))


def cannot_all_hold(statements: Sequence[Phrase], more: int) -> Phrase:
    """A conflict: the statements that cannot hold together, and how many more it has than
    are named."""
    listed = "; ".join("{}" for _ in statements)
    rest = f"; and {more} more" if more > 0 else ""
    return Phrase(f"cannot all hold: {listed}{rest}", tuple(statements))


def undecided_note(statements: Sequence[Phrase], more: int) -> Phrase:
    """Statements whose search for conflicts stopped at a work limit."""
    listed = "; ".join("{}" for _ in statements)
    rest = f" and {more} more" if more > 0 else ""
    return Phrase(
        f"The search for conflicts reached its limits for "
        f"{counted(len(statements) + max(more, 0), 'statement')}: {listed}{rest}. Every "
        "conflict listed is real; more may involve these statements.",
        tuple(statements),
    )
