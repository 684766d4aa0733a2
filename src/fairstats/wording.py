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
from fairstats.verdicts import Verdict, join

MAX_LISTED = 12  # statements a sentence names; a longer list says how many more


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


def _listed(statements: Sequence[Phrase], total: int) -> Phrase:
    """Statements one after another, and how many more there are than are named."""
    rest = f"; and {total - len(statements)} more" if total > len(statements) else ""
    return Phrase("; ".join("{}" for _ in statements) + rest, tuple(statements))


def cannot_all_hold(statements: Sequence[Phrase], total: int) -> Phrase:
    """A conflict: the statements that cannot hold together (`total` of them)."""
    return Phrase("cannot all hold: {}", (_listed(statements, total),))


def in_conflict(
    own: Phrase | None, numbers: Sequence[int], others: Sequence[Phrase], total: int
) -> Phrase:
    """Why a statement is inconsistent: its own comparison where it has one, the numbers of
    the conflicts it is in, and, where its comparison does not show the conflict, the other
    statements it cannot hold with (`total` of them, `others` named)."""
    which = (
        f"conflict {numbers[0]}"
        if len(numbers) == 1
        else f"conflicts {', '.join(str(n) for n in numbers)}"
        if numbers
        else ""
    )
    parts = [] if own is None else [own]
    if others:
        head = f"in {which} with " if which else "cannot hold with "
        parts.append(Phrase(head + "{}", (_listed(others, total),)))
    elif which:
        parts.append(Phrase(which))
    return join(parts) if parts else Phrase("cannot hold with the other statements")


def undecided_note(statements: Sequence[Phrase], total: int) -> Phrase:
    """The statements whose search for conflicts stopped at a work limit (`total` of them)."""
    return Phrase(
        f"The search for conflicts reached its limits for {counted(total, 'statement')}: {{}}. "
        "Every conflict listed is real; more may involve these statements.",
        (_listed(statements, total),),
    )


def nothing_else_gives(label: str) -> Phrase:
    """A statement about a quantity no other statement bounds: it cannot be tested."""
    return Phrase("nothing else gives {}", (label,))


def no_figure_for(labels: Sequence[str]) -> Phrase:
    """An order (a record, a rank) with rivals no statement gives, or with none at all."""
    if not labels:
        return Phrase("nothing to compare with")
    return Phrase("no figure for " + ", ".join("{}" for _ in labels), tuple(labels))


def compared_with(
    own: Quantity,
    rivals: Sequence[tuple[Quantity, str]],
    total: int,
    *,
    record: bool,
    rank: int,
) -> Phrase:
    """A record or a rank against the figures it was compared with, each as printed and
    named by its edition (a record) or its scope (a rank): "3500 against the highest before,
    one of: more than 3600 (CIIE 2018); more than 3800 (CIIE 2019)"."""
    named = [Phrase("{} ({})", (figure, name)) for figure, name in rivals]
    if record or rank == 1:
        which = "the highest before" if record else "the highest other"
    else:
        which = "the other" if total == 1 else "the others"
    if total == 1:
        return Phrase(f"{{}} against {which}, {{}}", (own, named[0]))
    one_of = "one of: " if rank == 1 else ""
    return Phrase(f"{{}} against {which}, {one_of}{{}}", (own, _listed(named, total)))


def implied_note(printed: Sequence[Quantity]) -> Phrase:
    """Why a quantity is among the implied figures: no figure is printed, or only figures
    that are not its value (qualified, or doubted), each named as printed."""
    if not printed:
        return Phrase("no figure is printed; the statements about it allow this")
    listed = " and ".join("{}" for _ in printed)
    return Phrase(f"printed only as {listed}; the statements about it allow this", tuple(printed))
