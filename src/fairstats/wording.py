"""Words made from facts: the sentences of `check`, built from what the engine found.

The engine (`audit`, `claims`) says which statements, quantities, printings and numbers a
verdict rests on; this module alone turns those facts into `Phrase`s. Keeping the words in one
place is what lets a sentence follow its verdict (a doubted statement names what it conflicts
with, never "nothing else gives"), and keeps numbers out of templates, so `--unit` and
`--decimals` reach them. Pure: no click, no rich, and nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping

from fairstats.results import Phrase
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
