"""What every report is made of: the id columns, a figure as a row, the scope filter, the words
for a share's or a growth's figure, and the implied rows `check`'s solution gives.

Pure computation: no click, no rich, and no display rounding or unit conversion (the
renderers' job). Figures keep the unit they were printed in; computed ones are exact."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

from fairstats.model.errors import SelectionError
from fairstats.model.release import (
    BY_ORDINAL,
    BY_YEAR,
    PREVIOUS_EDITION,
    THIS,
    Dimension,
    Edition,
    Growth,
    Measure,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.model.results import (
    VALUE_COLUMN,
    Basis,
    Cell,
    Column,
    Kind,
    Phrase,
    Quantity,
    Report,
    Section,
    Unit,
)
from fairstats.model.rounding import move_point
from fairstats.model.series import EditionKey, Series, edition_label
from fairstats.model.series import Quantity as Key
from fairstats.model.textsafe import clip, clip_list

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit

__all__ = ["ScopeFilter"]


Row = dict[str, Cell]


R = TypeVar("R", bound=Relation)


# What scripts join on, in every layout: the edition, scope and measure a row is about, as the
# dataset names them. A name may change between releases (CIIE's deals measure has three); an
# id does not. A row about no one quantity (a fair's facts, a conflict) leaves them empty.
ID_COLUMNS = (
    Column("fair_id", "Fair id", human=False),
    Column("year", "Year", human=False),
    Column("ordinal", "Ordinal", human=False),
    Column("scope_id", "Scope id", human=False),
    Column("measure_id", "Measure id", human=False),
)


def ids(edition: EditionKey, scopes: str | tuple[str, ...], measure: str = "") -> Row:
    """The id cells of a row about `measure` of `scopes` in `edition`. The scopes of a
    sentence the release leaves open are joined as their names are: `dalian or shenyang`."""
    return {
        "fair_id": edition.fair,
        "year": edition.year,
        "ordinal": edition.ordinal,
        "scope_id": scopes if isinstance(scopes, str) else " or ".join(scopes),
        "measure_id": measure,
    }


def ref_ids(series: Series, release: Release, ref: Ref) -> Row:
    """The id cells of a row about what a release's reference names."""
    return ids(series.resolve(release, ref.edition), ref.scopes, ref.measure)


def key_ids(key: Key) -> Row:
    """The id cells of a row about one of the audit's quantities."""
    return ids(key.edition, key.scope, key.measure)


# The long layout: one figure a row, used by summary, share and growth. `measure` says what
# the number measures, so that filtering one measure (and one unit) never mixes a figure with
# a share, a rate or an average of it: "investment", "investment share", "investment growth",
# "investment per project". `statistic` says which kind of number it is.
FIGURE_COLUMNS = (
    *ID_COLUMNS,
    Column("scope", "Scope", collapse=True),
    Column("measure", "Measure"),
    Column("figure", "Figure"),
    Column("statistic", "Statistic", human=False),
    VALUE_COLUMN,
    Column("edition", "Edition", human=False),
    Column("source", "Source", when_several=True),
    Column("note", "Note"),
)


def figure_row(
    scope: str,
    measure: str,
    value: Cell,
    *,
    figure: str = "",
    statistic: str = "value",
    edition: str = "",
    source: str = "",
    note: Cell = "",
    about: Mapping[str, Cell] | None = None,
) -> Row:
    """A row of the long layout; `about` holds its id cells (see `ids`)."""
    return {
        **(about or {}),
        "scope": scope,
        "measure": measure,
        "figure": figure,
        "statistic": statistic,
        "value": value,
        "edition": edition,
        "source": source,
        "note": note,
    }


def in_unit_of(quantity: Quantity, unit: Unit) -> Quantity:
    """A figure in another power of ten of its own unit, its digits moved exactly, so that a
    formula reads in the unit of the figure it gives; in another unit, as it is."""
    shift = quantity.unit.scale - unit.scale
    if quantity.unit.code != unit.code or not shift:
        return quantity
    value = None if quantity.value is None else move_point(quantity.value, shift)
    interval = None if quantity.interval is None else quantity.interval.shifted(shift)
    return Quantity(
        value, quantity.kind, quantity.basis, unit, interval, quantity.printed, quantity.qualifier
    )


def derived(measure: str, statistic: str) -> str:
    """The measure of a share, growth rate, change, rank or record of a measure."""
    return f"{measure} {statistic}"


def measure_in(measure: Measure, unit: str) -> str:
    """A measure's name, with the currency where an amount is printed in another than its own:
    "investment in USD"."""
    return measure.name if unit == measure.unit else f"{measure.name} in {unit}"


def per_item(amount: Measure, count: Measure) -> str:
    """The measure of an average: "investment per project"."""
    return f"{amount.name} per {count.one}"


def _quantities_in(report: Report) -> Iterator[Quantity]:
    for section in report.sections:
        for row in section.rows:
            yield from (cell for cell in row.values() if isinstance(cell, Quantity))


def implied_in(report: Report) -> bool:
    return any(quantity.basis == Basis.IMPLIED for quantity in _quantities_in(report))


def solution_notes(report: Report, audit: Audit) -> list[Phrase]:
    """The audit's notes on how solved intervals are shown, for a report that shows one."""
    shown = any(quantity.interval is not None for quantity in _quantities_in(report))
    return audit.notes() if shown else []


def nothing_to_show(release: Release, what: str) -> Phrase:
    """The one sentence a report gives a release it has no rows for, so that an empty report
    never looks like a failed one."""
    return Phrase("{}: " + what, (release.label,))


def any_rows(sections: list[Section]) -> bool:
    return any(section.rows for section in sections)


def report_title(series: Series, command: str) -> str:
    if len(series.releases) == 1:
        return f"{series.releases[0].title}: {command}"
    return f"{len(series.releases)} releases: {command}"


class ScopeFilter:
    """`--scope`: a scope (by id or name) and everything within it; None keeps every scope."""

    def __init__(self, series: Series, wanted: str | None) -> None:
        self.wanted = wanted
        self._kept: dict[int, tuple[Release, set[str]]] = {}
        if wanted is not None and not any(
            wanted in release.scopes or any(s.name == wanted for s in release.scopes.values())
            for release in series.releases
        ):
            known = sorted({s.name for r in series.releases for s in r.scopes.values()})
            raise SelectionError(
                f"no scope named {clip(wanted)!r} in the loaded releases "
                f"(they have: {clip_list(known)})"
            )

    def keeps(self, release: Release, scope_id: str) -> bool:
        if self.wanted is None:
            return True
        found = self._kept.get(id(release))
        if found is None or found[0] is not release:
            found = self._kept[id(release)] = (release, self._kept_in(release))
        return scope_id in found[1]

    def _kept_in(self, release: Release) -> set[str]:
        """The release's scopes that are the wanted one or lie within it: each scope is
        walked up from once (a walk stops at a scope already decided), so a chain of n
        scopes costs n steps, not n^2."""
        kept: dict[str, bool] = {}
        for start in release.scopes:
            path: list[str] = []
            current: str | None = start
            verdict = False
            while current is not None and current in release.scopes:
                if current in kept:
                    verdict = kept[current]
                    break
                scope = release.scopes[current]
                path.append(current)
                if self.wanted in (scope.id, scope.name):
                    verdict = True
                    break
                current = scope.within
            for walked in path:
                kept[walked] = verdict
        return {scope for scope, verdict in kept.items() if verdict}


def edition_words(edition: Edition) -> str:
    if edition.kind == PREVIOUS_EDITION:
        return "the previous edition"
    if edition.kind == BY_YEAR:
        return str(edition.number)
    if edition.kind == BY_ORDINAL:
        return f"edition {edition.number}"
    return "this edition"


def share_figure(share: Share, whole: str) -> str:
    """What a share is of, in the same words in every report: "of Liaoning", "of Liaoning in
    the previous edition"."""
    edition = other_edition(share.part.edition)
    return f"of {whole}" + (f" in {edition}" if edition else "")


def growth_figure(growth: Growth) -> str:
    """What a growth rate compares, in the release's words: every report words one statement
    alike ("edition 23 over edition 22")."""
    return f"{other_edition(growth.of.edition)} over {edition_words(growth.base)}".lstrip()


def other_edition(edition: Edition) -> str:
    """An edition in words where it is not the release's own (empty for the release's own):
    a row's `edition`, and in `figure` what tells it from a row of the same words about
    another edition."""
    return "" if edition == THIS else edition_words(edition)


def joined_note(*parts: str | None) -> str:
    return "; ".join(part for part in parts if part)


def dimension_title(release: Release, dimension: Dimension) -> str:
    return f"{release.scopes[dimension.of].name} {dimension.name}"


def implied_detail(audit: Audit, key: Key) -> Phrase:
    """What an implied figure rests on, in the words every report gives it: no figure, or
    figures that are not its value ("more than 430", or doubted ones), each as printed."""
    from fairstats.engine.wording import MAX_LISTED, implied_note

    printed = dict.fromkeys(printing.reported(audit) for printing in audit.printings.get(key, []))
    return implied_note(list(printed)[:MAX_LISTED])  # (each figure once, however many print it)


def implied_rows(audit: Audit, release: Release, unknowns: Mapping[Key, Phrase]) -> list[Row]:
    """One row for each quantity a release's relations leave unknown, read from the solution
    of all the statements (as `check` lists it); the note says what one statement alone gives,
    where one alone implies its value."""
    from fairstats.engine.wording import whole_numbers

    rows = []
    for key, alone in unknowns.items():
        implied = audit.implied_quantity(key)
        if implied is None:
            continue
        # what one statement alone gives, where one alone gives its value; what is printed
        # of it, where only a bound is; and the whole numbers a count may be
        notes: list[str | Phrase] = [alone] if implied.value is not None else []
        if audit.printings.get(key) or not notes:
            notes.append(implied_detail(audit, key))
        interval = implied.interval
        if implied.kind == Kind.COUNT and interval is not None:
            whole = interval.whole_numbers()
            if whole is not None:
                notes.append(f"whole numbers in the interval: {whole_numbers(whole)}")
        note = Phrase("; ".join("{}" for _ in notes), tuple(notes))
        edition = audit.series.edition_of(release).key
        rows.append(
            figure_row(
                audit.scope_name(key, release),
                audit.measure_name(key.measure, release),
                implied,
                figure="" if key.edition == edition else audit.edition_name(key.edition, release),
                statistic="value",
                edition="" if key.edition == edition else edition_label(key.edition),
                note=note,
                about=key_ids(key),
            )
        )
    return rows


def with_implied(
    audit: Audit,
    release: Release,
    relations: list[R],
    rows_of: Callable[[Audit, Release, R, dict[Key, Phrase]], list[Row]],
) -> list[Row]:
    """Each relation's rows, each followed by the implied figures it is the first to leave
    unknown; a row the same as one shown (a share two statements give from the same figures)
    is shown once."""
    rows: list[Row] = []
    seen: set[tuple[tuple[str, Cell], ...]] = set()
    shown: set[Key] = set()
    for relation in relations:
        unknowns: dict[Key, Phrase] = {}
        for row in rows_of(audit, release, relation, unknowns):
            cells = tuple(row.items())
            if cells not in seen:
                seen.add(cells)
                rows.append(row)
        fresh = {key: alone for key, alone in unknowns.items() if key not in shown}
        rows.extend(implied_rows(audit, release, fresh))
        shown.update(fresh)
    return rows


def stated(
    release: Release, keep: ScopeFilter, kind: type[R], subject: Callable[[R], Ref]
) -> list[R]:
    """The relations of one kind a release states about the scopes the filter keeps."""
    return [
        relation
        for relation in release.relations
        if isinstance(relation, kind) and keep.keeps(release, subject(relation).scope)
    ]


# Every report that shows an implied figure says what it is, in these words.
IMPLIED_NOTE = Phrase(
    "Implied values are what all the loaded statements allow a figure no release prints, as "
    "`check` lists them; their interval comes from the rounding of the printed figures."
)
