"""Words made from facts: the sentences of `check`, built from what the engine found.

The engine (`audit`, `claims`) says which statements, quantities, printings and numbers a
verdict rests on; this module alone turns those facts into `Phrase`s. Keeping the words in one
place is what lets a sentence follow its verdict (a doubted statement names what it conflicts
with, never "nothing else gives"), and keeps numbers out of templates, so `--unit` and
`--decimals` reach them. Pure: no click, no rich, and nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from fairstats.engine.verdicts import Verdict, join
from fairstats.model.results import Phrase, Quantity

MAX_LISTED = 12  # statements a sentence names; a longer list says how many more


# Names ---------------------------------------------------------------------------------------


def quantity_label(
    scope: str, measure: str, *, currency: str | None = None, edition: str | None = None
) -> str:
    """ "Dalian projects"; "WMC investment in USD" for a measure printed in a currency not its
    own; ", CIIE 2018" for a quantity of an edition other than the release's."""
    text = f"{scope} {measure}"
    if currency:
        text += f" in {currency}"
    return f"{text}, {edition}" if edition else text


def edition_name(fair: str, edition: str, *, previous: bool) -> str:
    """ "CIIE 2019", or "the previous edition (CIIE 2019)" where a release calls it that."""
    name = f"{fair} {edition}"
    return f"the previous edition ({name})" if previous else name


# What each kind of statement (and each row of `check`) is called, by its rule, from the
# names of what it is about.
_STATEMENT_NAMES = {
    "value": "{}",
    "listed_items": "{}: named items",
    "share": "{} as a share of {}",
    "growth": "{}: growth over {}",
    "average": "{} per {}",
    "change": "{}: change over {}",
    "parts_sum": "{} {}: parts sum to {}",
    "within": "{}: within {}",
    "conversion": "{} in {}",
    "record": "{}: a record",
    "rank": "{}: ranked {}",
    "conflict": "conflict {}",
    "fair_dates": "fair dates in order",
    "edition_year": "edition is the year held",
    "published_after_start": "published after the fair began",
}


def statement_label(rule: str, *names: str, where: str | None = None) -> str:
    """A statement's name: "Dalian projects as a share of Liaoning", with where in its source
    it is printed ("(headline)") when the release says."""
    text = _STATEMENT_NAMES[rule].format(*names)
    return f"{text} ({where})" if where else text


# Sentences -----------------------------------------------------------------------------------


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


def no_figure_for(missing: Sequence[tuple[str, Sequence[Quantity]]]) -> Phrase:
    """The quantities a statement needs that nothing else gives, each with its qualified
    printings, if any: "type a printed only as more than 5; no figure for type b". With
    none, there is nothing to compare with."""
    if not missing:
        return Phrase("nothing to compare with")
    parts = [
        Phrase("{} printed only as " + " and ".join("{}" for _ in qualified), (label, *qualified))
        if qualified
        else Phrase("no figure for {}", (label,))
        for label, qualified in missing
    ]
    return join(parts)


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


# Why a statement cannot be tested: what `nothing_else_gives` adds to its words.
ONLY_A_BOUND = "bound"  # the quantity is printed, but only as a bound ("more than 430")
NOT_LOADED = "not_loaded"  # it is of an edition no loaded release is about


def nothing_else_gives(label: str, why: str = "") -> Phrase:
    """A statement about a quantity no other statement bounds: it cannot be tested (`why`:
    ONLY_A_BOUND, NOT_LOADED, or nothing more to say)."""
    ending = {
        ONLY_A_BOUND: ", beyond a bound",
        NOT_LOADED: ": that edition is not among the loaded releases",
    }.get(why, "")
    return Phrase("nothing else gives {}" + ending, (label,))


def implying(reason: Phrase, implied: Quantity) -> Phrase:
    """An untestable statement, and what it alone implies of the quantity nothing else gives."""
    return Phrase("{}; it implies {}", (reason, implied))


def whole_number(formula: Phrase, numbers: tuple[int, int]) -> Phrase:
    """GRIM: the count a rate implies, where the rounding leaves room for whole numbers."""
    return Phrase("{} allows {}, a whole number", (formula, whole_numbers(numbers)))


def whole_numbers(span: tuple[int, int]) -> str:
    """The whole numbers from first to last: each named where there are three at most."""
    first, last = span
    if last - first <= 2:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first} to {last}"


def solved_for(known: Quantity, reported: Quantity | Phrase) -> Phrase:
    """How an unknown is solved from a ratio: known / k, or known / (1 + rate)."""
    return Phrase("{} / ({})" if isinstance(reported, Phrase) else "{} / {}", (known, reported))


def others_allow(computed: Quantity) -> Phrase:
    """A plain figure against what the other statements allow its quantity."""
    return Phrase("the other statements allow {}", (computed,))


def against_bound(verdict: str, computed: Quantity, reported: Quantity, *, wholly: bool) -> Phrase:
    """A qualified figure ("more than 1100") against what the others give: "1100.4 is more
    than 1100". An interval only partly inside what the figure allows "allows" it: saying
    "is" would claim every value of it does."""
    if verdict == Verdict.CONSISTENT:
        holds = "is" if wholly else "allows"
    else:
        holds = "may be" if verdict == Verdict.WITHIN_ROUNDING else "is not"
    return Phrase(f"{{}} {holds} {{}}", (computed, reported))


def two_printings(verdict: str, reported: Quantity, other: Quantity) -> Phrase:
    """Two plain printings of one quantity."""
    if verdict == Verdict.INCONSISTENT:
        return Phrase("{} and {} cannot be one figure", (reported, other))
    return Phrase("printed as {} and as {}", (reported, other))


def items_named(stated: Quantity, named: Quantity, *, complete: bool) -> Phrase:
    """A count against the items the release names: all of them, or examples."""
    listing = "(the complete list)" if complete else "as examples"
    return Phrase(f"{{}} stated, {{}} named {listing}", (stated, named))


def quotient(a: Quantity, b: Quantity, computed: Quantity, *, growth: bool) -> Phrase:
    """A ratio recomputed: a share or an average (a / b), a growth rate (a / b - 1)."""
    return Phrase("{} / {} - 1 = {}" if growth else "{} / {} = {}", (a, b, computed))


def difference(current: Quantity, base: Quantity, computed: Quantity) -> Phrase:
    """An absolute change recomputed."""
    return Phrase("{} - {} = {}", (current, base, computed))


def sum_of_parts(parts: Sequence[Quantity], computed: Quantity) -> Phrase:
    """A breakdown's parts added up."""
    return Phrase(" + ".join("{}" for _ in parts) + " = {}", (*parts, computed))


def not_listed(rest: Quantity, share: Quantity) -> Phrase:
    """What a partial breakdown leaves out of its whole, and its share of it."""
    return Phrase("not listed: {} ({})", (rest, share))


def nothing_to_compare() -> Phrase:
    return Phrase("nothing to compare")


def part_of(part: Quantity, whole: Quantity) -> Phrase:
    """A scope's figure and the figure of the scope it lies within."""
    return Phrase("{} of {}", (part, whole))


def rate_of(anchor: Quantity, converted: Quantity, rate: Quantity) -> Phrase:
    """The rate a source's conversion between currencies implies."""
    return Phrase("{} / {} = {}", (anchor, converted, rate))


def no_other_conversion() -> Phrase:
    return Phrase("no other conversion by this source to compare")


def other_conversions_allow(rate: Quantity) -> Phrase:
    return Phrase("the other conversions allow {}", (rate,))


def over_reading(scope: str, verdict: str, detail: Phrase) -> Phrase:
    """One reading of a statement whose scope the release leaves open."""
    return Phrase("over {}: {} {}", (scope, verdict.replace("_", " "), detail))


def beyond_support(power: int) -> Phrase:
    """The note on interval ends too far out for any printed figure to support."""
    return Phrase(
        f"An interval end more than 10^{power} times the largest figure printed of its measure "
        "is supported by no figure: it is shown as that limit, or as ∞."
    )


# The fair and its sources ---------------------------------------------------------------------


def fair_dates(start: date, end: date) -> Phrase:
    return Phrase("{} to {}", (start.isoformat(), end.isoformat()))


def edition_held(edition: int, held: int) -> Phrase:
    return Phrase("edition {}, held {}", (str(edition), str(held)))


def published_when(published: str, began: date) -> Phrase:
    return Phrase("published {}, fair began {}", (published, began.isoformat()))


def exchange_rate(source: str) -> str:
    """The name of the rate a source's conversions between currencies imply."""
    return f"exchange rate of {source}"


def rate_note(currency: str, per: str) -> Phrase:
    return Phrase("{} per {}, from the figures printed in both", (currency, per))
