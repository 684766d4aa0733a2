"""summary, breakdown, share and growth: loaded releases in, a `Report` out.

Pure computation: no click, no rich, and no display rounding or unit conversion (the
renderers' job). Figures keep the unit they were printed in; computed ones are exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from functools import partial, reduce
from typing import TYPE_CHECKING, TypeVar

from fairstats.engine.derive import (
    Figures,
    growth_percent,
    in_scale,
    one_plus,
    percent,
    point_of,
    printed_percent,
    printed_quantity,
    result_kind,
    share_percent,
)
from fairstats.model.errors import SelectionError
from fairstats.model.release import (
    BY_ORDINAL,
    BY_YEAR,
    PREVIOUS_EDITION,
    THIS,
    THIS_EDITION,
    Average,
    Dimension,
    Edition,
    Figure,
    Growth,
    Measure,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.model.results import (
    PERCENT,
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

__all__ = [
    "NOT_LISTED",
    "REPORTED_TOTAL",
    "SUM_OF_PARTS",
    "ScopeFilter",
    "breakdown_report",
    "growth_report",
    "series_report",
    "share_report",
    "summary_report",
]

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit
    from fairstats.model.intervals import Interval

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


def _measure_in(measure: Measure, unit: str) -> str:
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


def _implied_in(report: Report) -> bool:
    return any(quantity.basis == Basis.IMPLIED for quantity in _quantities_in(report))


def solution_notes(report: Report, audit: Audit) -> list[Phrase]:
    """The audit's notes on how solved intervals are shown, for a report that shows one."""
    shown = any(quantity.interval is not None for quantity in _quantities_in(report))
    return audit.notes() if shown else []


def nothing_to_show(release: Release, what: str) -> Phrase:
    """The one sentence a report gives a release it has no rows for, so that an empty report
    never looks like a failed one."""
    return Phrase("{}: " + what, (release.label,))


def _shown(sections: list[Section]) -> bool:
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


def _note(*parts: str | None) -> str:
    return "; ".join(part for part in parts if part)


# summary ------------------------------------------------------------------------------------


def _fair_section(release: Release) -> Section:
    """What the release is: facts in words (the year and dates too: labels, not figures)."""
    fair = release.fair
    facts = [
        ("name", fair.name),
        ("short name", fair.short_name),
        ("id", fair.id),
        ("edition", str(fair.year)),
        ("ordinal", None if fair.ordinal is None else str(fair.ordinal)),
        ("city", fair.city),
        ("start date", fair.start_date and fair.start_date.isoformat()),
        ("end date", fair.end_date and fair.end_date.isoformat()),
        ("sponsors", "; ".join(fair.sponsors)),
    ]
    rows = [figure_row("fair", name, value, statistic="fact") for name, value in facts if value]
    for source in release.sources:
        for name, value in (
            ("title", source.title),
            ("publisher", source.publisher),
            ("published", source.published),
            ("address", source.url),
        ):
            if value:
                rows.append(figure_row("source", name, value, statistic="fact", source=source.id))
    return Section("Fair and sources", release.label, rows)


def _figure_row(series: Series, figures: Figures, figure: Figure) -> Row:
    release = figures.release
    measure = release.measures[figure.ref.measure]
    edition = other_edition(figure.ref.edition)
    return figure_row(
        release.scopes[figure.ref.scope].name,
        measure.name,
        figure.text if figure.printed is None else figures.quantity(figure),
        figure=edition,
        edition=edition,
        source=figure.source,
        note=_note(figure.where, figure.note),
        about=ref_ids(series, release, figure.ref),
    )


def _relation_row(release: Release, relation: Relation) -> Row | None:
    scopes = release.scopes

    def names(scope_ids: tuple[str, ...]) -> str:
        return " or ".join(scopes[s].name for s in scope_ids)

    # the edition the statement is about, where not this one: "first in the province" said of
    # two editions would otherwise be two rows alike
    edition = other_edition(_subject(relation).edition)
    if isinstance(relation, Share):
        printed = relation.printed
        return figure_row(
            names(relation.part.scopes),
            derived(release.measures[relation.part.measure].name, "share"),
            printed_percent(printed),
            figure=share_figure(relation, names(relation.whole.scopes)),
            statistic="share",
            edition=edition,
            note=_note(relation.where, relation.note),
            source=relation.source,
        )
    if isinstance(relation, Growth):
        printed = relation.printed
        measure = release.measures[relation.of.measure]
        value = (
            printed_quantity(
                printed, Unit(relation.of.unit, printed.scale), result_kind(measure.kind)
            )
            if relation.change
            else printed_percent(printed)
        )
        statistic = "change" if relation.change else "growth"
        return figure_row(
            names(relation.of.scopes),
            derived(measure.name, statistic),
            value,
            figure=growth_figure(relation),
            statistic=statistic,
            edition=edition,
            note=_note(relation.where, relation.note),
            source=relation.source,
        )
    if isinstance(relation, Average):
        printed = relation.printed
        amount = release.measures[relation.amount.measure]
        return figure_row(
            names(relation.amount.scopes),
            per_item(amount, release.measures[relation.count.measure]),
            printed_quantity(
                printed, Unit(relation.amount.unit, printed.scale), result_kind(amount.kind)
            ),
            figure=edition,
            statistic="average",
            edition=edition,
            note=_note(relation.where, relation.note),
            source=relation.source,
        )
    if isinstance(relation, RecordClaim):
        return figure_row(
            names(relation.of.scopes),
            derived(release.measures[relation.of.measure].name, "record"),
            "a record",
            figure=edition,
            statistic="record",
            edition=edition,
            note=_note(relation.where, relation.note),
            source=relation.source,
        )
    assert isinstance(relation, Rank)
    return figure_row(
        names(relation.of.scopes),
        derived(release.measures[relation.of.measure].name, "rank"),
        Quantity(relation.rank, Kind.COUNT, Basis.REPORTED, printed=True),
        figure=edition,
        statistic="rank",
        edition=edition,
        note=_note(relation.where, relation.note),
        source=relation.source,
    )


def _subject(relation: Relation) -> Ref:
    """What a relation is about: a share's part, an average's amount, else its quantity."""
    if isinstance(relation, Share):
        return relation.part
    if isinstance(relation, Average):
        return relation.amount
    return relation.of


def _summary_sections(series: Series, release: Release, keep: ScopeFilter) -> Iterator[Section]:
    figures = Figures(release)
    edition = series.edition_of(release).key
    by_scope: dict[str, list[Row]] = {}
    for figure in release.figures:
        by_scope.setdefault(figure.ref.scope, []).append(_figure_row(series, figures, figure))
    categories = {c for d in release.dimensions for c in d.categories}
    for scope_id, measure_id, unit in figures.exact:
        measure = release.measures[measure_id]
        # a category's average is `breakdown`'s business; the summary keeps to the headlines
        wanted = measure.per and scope_id not in categories
        average = figures.average(scope_id, measure_id, unit) if wanted else None
        if average is not None:
            by_scope[scope_id].append(
                figure_row(
                    release.scopes[scope_id].name,
                    per_item(measure, release.measures[measure.per or ""]),
                    average,
                    statistic="average",
                    note="" if average.value is not None else "undefined: none counted",
                    about=ids(edition, scope_id, measure_id),
                )
            )
    for relation in release.relations:
        row = _relation_row(release, relation)
        if row is not None:
            subject = _subject(relation)
            row.update(ref_ids(series, release, subject))
            by_scope.setdefault(subject.scope, []).append(row)
    for scope_id, scope in release.scopes.items():
        if (
            scope_id in categories
            or not by_scope.get(scope_id)
            or not keep.keeps(release, scope_id)
        ):
            continue
        yield Section(scope.name, release.label, by_scope[scope_id])
    for dimension in release.dimensions:
        if not keep.keeps(release, dimension.of):
            continue
        rows = [row for category in dimension.categories for row in by_scope.get(category, ())]
        if rows:
            yield Section(_dimension_title(release, dimension), release.label, rows)
    named = _named_rows(series, release, keep)
    if named:
        yield Section("Named in the source", release.label, named)


def _dimension_title(release: Release, dimension: Dimension) -> str:
    return f"{release.scopes[dimension.of].name} {dimension.name}"


def _named_rows(series: Series, release: Release, keep: ScopeFilter) -> list[Row]:
    """The lists and remarks of the source, kept apart so the figures' tables stay narrow."""
    edition = series.edition_of(release).key
    rows = []
    for figure in release.figures:
        if figure.listing is not None and keep.keeps(release, figure.ref.scope):
            other = other_edition(figure.ref.edition)
            rows.append(
                figure_row(
                    release.scopes[figure.ref.scope].name,
                    release.measures[figure.ref.measure].name,
                    "; ".join(figure.items),
                    figure=other,
                    statistic="named",
                    edition=other,
                    note="complete list" if figure.listing == "complete" else "examples only",
                    source=figure.source,
                    about=ref_ids(series, release, figure.ref),
                )
            )
    for listed in release.lists:
        if keep.keeps(release, listed.scope):
            rows.append(
                figure_row(
                    release.scopes[listed.scope].name,
                    listed.name,
                    "; ".join(listed.items),
                    statistic="named",
                    note="complete list" if listed.listing == "complete" else "examples only",
                    about=ids(edition, listed.scope),
                )
            )
    for note in release.notes:
        if note.scope is None or keep.keeps(release, note.scope):
            scope = release.scopes[note.scope].name if note.scope is not None else ""
            about = ids(edition, note.scope) if note.scope is not None else None
            rows.append(figure_row(scope, "remark", note.text, statistic="remark", about=about))
    return rows


def summary_report(series: Series, *, scope: str | None = None) -> Report:
    keep = ScopeFilter(series, scope)
    report = Report(report_title(series, "summary"), FIGURE_COLUMNS)
    for release in series.releases:
        report.sections.append(_fair_section(release))
        figures = list(_summary_sections(series, release, keep))
        report.sections.extend(figures)
        if not _shown(figures):  # the fair's facts are shown, but they are not figures
            report.footnotes.append(nothing_to_show(release, "no figures."))
    return report


# breakdown ----------------------------------------------------------------------------------

SUM_OF_PARTS = "sum of parts"
REPORTED_TOTAL = "reported total"
NOT_LISTED = "not listed"

BREAKDOWN_COLUMNS = (
    *ID_COLUMNS,
    Column("dimension", "Dimension", human=False),
    Column("category", "Category"),
    # what the row is, for scripts (a category may be named anything, even "sum of parts"):
    # category, sum_of_parts, reported_total or not_listed
    Column("row_type", "Row type", human=False),
    Column("measure", "Measure"),
    Column("value", "Value", unit_key="unit", basis_key="basis"),
    Column("share_percent", "Share %", bar=True),
    Column("average", "Average", unit_key="average_unit", unit_column=False),
    Column("note", "Note"),
)


def _breakdown_rows(edition: EditionKey, release: Release, dimension: Dimension) -> list[Row]:
    figures = Figures(release)
    scopes = release.scopes
    rows: list[Row] = []
    measured = [
        (measure, unit)
        for measure in release.measures.values()
        for unit in sorted({f.ref.unit for f in release.figures if f.ref.measure == measure.id})
        if any(figures.get(c, measure.id, unit) for c in dimension.categories)
    ]

    def row(
        category: str,
        measure_id: str,
        value: Quantity,
        scope_id: str | None,
        *,
        note: str = "",
        row_type: str = "category",
    ) -> Row:
        measure = release.measures[measure_id]
        whole = figures.point(dimension.of, measure_id, value.unit.code)
        share = None
        if value.value is not None and whole is not None:
            share = share_percent(Fraction(value.value) * Fraction(10) ** value.unit.scale, whole)
        average = None
        if measure.per is not None and scope_id is not None:
            average = figures.average(scope_id, measure_id, value.unit.code)
        return {
            # a sum of the parts and what is not listed are of the whole, as its total is
            **ids(edition, scope_id or dimension.of, measure_id),
            "dimension": dimension.name,
            "category": category,
            "row_type": row_type,
            "measure": measure.name,
            "value": value,
            "share_percent": percent(share) if whole is not None else None,
            "average": average,
            "note": note,
        }

    for category in dimension.categories:
        for measure, unit in measured:
            figure = figures.get(category, measure.id, unit)
            if figure is not None:
                rows.append(
                    row(scopes[category].name, measure.id, figures.quantity(figure), category)
                )
    for measure, unit in measured:
        parts = [figures.point(c, measure.id, unit) for c in dimension.categories]
        shown = figures.unit_of(dimension.of, measure.id, unit)
        kind = result_kind(measure.kind)
        printed = [part for part in parts if part is not None]
        total = None
        if len(printed) == len(parts):
            total = in_scale(sum(printed, Fraction(0)), shown.scale)
        missing = ", ".join(
            scopes[c].name for c, p in zip(dimension.categories, parts, strict=True) if p is None
        )
        rows.append(
            row(
                SUM_OF_PARTS,
                measure.id,
                Quantity(total, kind, Basis.COMPUTED, shown),
                None,
                note=f"no figure for {missing}" if missing else "",
                row_type="sum_of_parts",
            )
        )
        whole = figures.get(dimension.of, measure.id, unit)
        if whole is not None:
            rows.append(
                row(
                    REPORTED_TOTAL,
                    measure.id,
                    figures.quantity(whole),
                    dimension.of,
                    row_type="reported_total",
                )
            )
            if not dimension.complete and total is not None and whole.printed is not None:
                rest = in_scale(point_of(whole.printed), shown.scale) - total
                rows.append(
                    row(
                        NOT_LISTED,
                        measure.id,
                        Quantity(rest, kind, Basis.COMPUTED, shown),
                        None,
                        note="the release lists only some categories",
                        row_type="not_listed",
                    )
                )
    return rows


def breakdown_report(series: Series, *, by: str | None = None, scope: str | None = None) -> Report:
    keep = ScopeFilter(series, scope)
    known = sorted({d.id for r in series.releases for d in r.dimensions})
    if by is not None and by not in known:
        has = f"known: {clip_list(known)}" if known else "they have no breakdowns"
        raise SelectionError(f"no breakdown dimension {clip(by)!r} in the loaded releases ({has})")
    report = Report(report_title(series, "breakdowns"), BREAKDOWN_COLUMNS)
    for release in series.releases:
        chosen = [
            d
            for d in release.dimensions
            if (by is None or d.id == by) and keep.keeps(release, d.of)
        ]
        sections = [
            Section(
                _dimension_title(release, dimension),
                release.label,
                _breakdown_rows(series.edition_of(release).key, release, dimension),
            )
            for dimension in chosen
        ]
        report.sections.extend(sections)
        if not release.dimensions:
            report.footnotes.append(nothing_to_show(release, "the release gives no breakdown."))
        elif not _shown(sections):
            report.footnotes.append(
                nothing_to_show(release, "no breakdown for the chosen dimension and scope.")
            )
    if _shown(report.sections):  # a note about shares where no share is shown misleads
        report.footnotes.append(
            Phrase("Shares are of the reported total; shares, sums and averages are computed.")
        )
    return report


# share --------------------------------------------------------------------------------------


def _shares_within(edition: EditionKey, release: Release, keep: ScopeFilter) -> list[Row]:
    """Every printed scope's share of its parent's printed figure (categories and subsets)."""
    figures = Figures(release)
    dimensions = {dimension.id: dimension for dimension in release.dimensions}
    rows = []
    for scope_id, measure_id, unit in figures.exact:
        scope = release.scopes[scope_id]
        if scope.within is None or not keep.keeps(release, scope_id):
            continue
        part = figures.point(scope_id, measure_id, unit)
        whole = figures.point(scope.within, measure_id, unit)
        if part is None or whole is None:
            continue
        dimension = dimensions.get(scope.dimension) if scope.dimension is not None else None
        rows.append(
            figure_row(
                scope.name,
                derived(release.measures[measure_id].name, "share"),
                percent(share_percent(part, whole)),
                figure=f"of {release.scopes[scope.within].name}",
                statistic="share",
                note=dimension.name if dimension is not None else "",
                about=ids(edition, scope_id, measure_id),
            )
        )
    return rows


def implied_detail(audit: Audit, key: Key) -> Phrase:
    """What an implied figure rests on, in the words every report gives it: no figure, or
    figures that are not its value ("more than 430", or doubted ones), each as printed."""
    from fairstats.engine.wording import MAX_LISTED, implied_note

    printed = dict.fromkeys(printing.reported(audit) for printing in audit.printings.get(key, []))
    return implied_note(list(printed)[:MAX_LISTED])  # (each figure once, however many print it)


def _implied_rows(audit: Audit, release: Release, unknowns: Mapping[Key, Phrase]) -> list[Row]:
    """One row for each quantity a release's relations leave unknown, read from the solution
    of all the statements (as `check` lists it); the note says what one statement alone gives,
    where one alone implies its value."""
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
                notes.append(f"whole numbers in the interval: {_numbers(whole)}")
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


def _with_implied(
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
        rows.extend(_implied_rows(audit, release, fresh))
        shown.update(fresh)
    return rows


def _reported_share_rows(
    audit: Audit, release: Release, relation: Share, unknowns: dict[Key, Phrase]
) -> list[Row]:
    """A share as printed, each printing a row with its source; the share its printed figures
    give; and, into `unknowns`, the quantities it leaves to the solution."""
    from fairstats.engine.claims.ratios import ShareClaim
    from fairstats.model.intervals import printed_interval

    claims = [c for c in audit.stating(relation) if isinstance(c, ShareClaim)]
    scopes = release.scopes
    measure = release.measures[relation.part.measure]
    rows = []
    printed = relation.printed
    for claim in claims:
        part_key, whole_key = claim.quantities()
        part_name, whole_name = scopes[part_key.scope].name, scopes[whole_key.scope].name
        rows.append(
            figure_row(
                part_name,
                derived(measure.name, "share"),
                Quantity(
                    printed.value,
                    Kind.PERCENT,
                    Basis.REPORTED,
                    PERCENT,
                    printed_interval(printed),
                    printed=True,
                    qualifier="" if printed.qualifier == "exact" else printed.qualifier,
                ),
                figure=share_figure(relation, whole_name),
                statistic="share",
                edition=other_edition(relation.part.edition),
                source=relation.source,
                note="as printed; interval from its rounding",
                about=key_ids(part_key),
            )
        )
        part, whole = audit.point(part_key, claim), audit.point(whole_key, claim)
        if part is not None and whole is not None:
            rows.append(
                figure_row(
                    part_name,
                    derived(measure.name, "share"),
                    percent(share_percent(part, whole)),
                    figure=share_figure(relation, whole_name),
                    statistic="share",
                    edition=other_edition(relation.part.edition),
                    note="from the printed figures",
                    about=key_ids(part_key),
                )
            )
        share = claim.reported(audit)
        whole_value = audit.value_quantity(whole_key, claim)
        part_value = audit.value_quantity(part_key, claim)
        formulas = [(whole_key, "{} / {}", part_value), (part_key, "{} × {}", whole_value)]
        rest = audit.rest_of.get((part_key, whole_key))
        if rest is not None and audit.given(part_key):
            formulas.append((rest, "{} × (1 / {} - 1)", part_value))
        elif rest is not None:
            formulas.append((rest, "{} × (1 - {})", whole_value))
        for key, template, operand in formulas:
            if not audit.given(key):
                # in the unit of what it gives: 10.2 万 m² reads 102000 beside m²
                shown = in_unit_of(operand, audit.display_unit(key))
                unknowns.setdefault(key, Phrase(template, (shown, share)))
    return rows


def _stated(
    release: Release, keep: ScopeFilter, kind: type[R], subject: Callable[[R], Ref]
) -> list[R]:
    """The relations of one kind a release states about the scopes the filter keeps."""
    return [
        relation
        for relation in release.relations
        if isinstance(relation, kind) and keep.keeps(release, subject(relation).scope)
    ]


def share_report(series: Series, audit: Audit, *, scope: str | None = None) -> Report:
    keep = ScopeFilter(series, scope)
    report = Report(report_title(series, "shares"), FIGURE_COLUMNS)
    for release in series.releases:
        within = _shares_within(series.edition_of(release).key, release, keep)
        if within:
            report.sections.append(
                Section("Shares computed from the figures", release.label, within)
            )
        shares = _stated(release, keep, Share, lambda share: share.part)
        reported = _with_implied(audit, release, shares, _reported_share_rows)
        if reported:
            report.sections.append(Section("Reported shares", release.label, reported))
        if not within and not reported:
            report.footnotes.append(nothing_to_show(release, "no shares, reported or computed."))
    report.footnotes.extend(solution_notes(report, audit))
    if _implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report


# Every report that shows an implied figure says what it is, in these words.
IMPLIED_NOTE = Phrase(
    "Implied values are what all the loaded statements allow a figure no release prints, as "
    "`check` lists them; their interval comes from the rounding of the printed figures."
)


# growth -------------------------------------------------------------------------------------


def _reported_growth_rows(
    audit: Audit, release: Release, relation: Growth, unknowns: dict[Key, Phrase]
) -> list[Row]:
    """A growth rate or change as printed, each printing a row with its source; the previous
    figure and the rate the printed figures give; and, into `unknowns`, a previous figure it
    leaves to the solution."""
    from fairstats.engine.claims.changes import ChangeClaim
    from fairstats.engine.claims.ratios import GrowthClaim
    from fairstats.model.intervals import printed_interval

    claims = [c for c in audit.stating(relation) if isinstance(c, (GrowthClaim, ChangeClaim))]
    measure = release.measures[relation.of.measure]
    printed = relation.printed
    rows = []
    for claim in claims:
        current, base = claim.quantities()
        scope = release.scopes.get(current.scope)
        name = scope.name if scope is not None else current.scope
        base_edition = audit.edition_name(base.edition, release)
        # the edition that grew, where the release speaks of an earlier one ("grew three
        # editions in a row")
        of = other_edition(relation.of.edition)
        reported_unit = PERCENT if not relation.change else Unit(current.unit, printed.scale)
        reported_kind = Kind.PERCENT if not relation.change else result_kind(measure.kind)
        statistic = "change" if relation.change else "growth"
        rows.append(
            figure_row(
                name,
                derived(measure.name, statistic),
                Quantity(
                    printed.value,
                    reported_kind,
                    Basis.REPORTED,
                    reported_unit,
                    printed_interval(printed),
                    printed=True,
                    qualifier="" if printed.qualifier == "exact" else printed.qualifier,
                ),
                figure=growth_figure(relation),
                statistic=statistic,
                edition=of,
                source=relation.source,
                note="as printed; interval from its rounding",
                about=key_ids(current),
            )
        )
        before = audit.point_printing(base, claim)
        now = audit.point(current, claim)
        if before is not None:
            rows.append(
                figure_row(
                    name,
                    measure.name,
                    before.reported(audit),
                    figure=base_edition,
                    statistic="value",
                    edition=base_edition,
                    source=before.figure.source,
                    note="as printed",
                    about=key_ids(base),
                )
            )
            if now is not None and not relation.change:
                rows.append(
                    figure_row(
                        name,
                        derived(measure.name, "growth"),
                        percent(growth_percent(now, before.point())),
                        figure=growth_figure(relation),
                        statistic="growth",
                        edition=of,
                        note="from the printed figures",
                        about=key_ids(current),
                    )
                )
            continue
        if isinstance(claim, GrowthClaim) and not audit.given(base):
            formula = Phrase(
                "{} / ({})",
                (
                    in_unit_of(audit.value_quantity(current, claim), audit.display_unit(base)),
                    one_plus(claim.reported(audit)),
                ),
            )
            unknowns.setdefault(base, formula)
    return rows


def _numbers(span: tuple[int, int]) -> str:
    first, last = span
    if last - first <= 2:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first} to {last}"


def _series_sections(series: Series, audit: Audit, keep: ScopeFilter) -> Iterator[Section]:
    """Growth computed between each pair of consecutive loaded editions of a fair, for every
    figure both print (in one currency; amounts in other multipliers are converted). A figure
    printed as a bound ("more than 3,600") gives the growth as an interval."""
    for before, after in series.consecutive():
        old = [Figures(r) for r in before.releases]
        gap = _gap(before.key, after.key)
        title = (
            f"{after.first.fair.short_name} {edition_label(after.key)} against "
            f"{edition_label(before.key)}"
        )
        rows = []
        for release in after.releases:
            figures = Figures(release)
            for scope_id, measure_id, unit in _printed_of_own_edition(release):
                if not keep.keeps(release, scope_id):
                    continue
                current = figures.point(scope_id, measure_id, unit)
                previous = next(
                    (p for f in old if (p := f.point(scope_id, measure_id, unit)) is not None),
                    None,
                )
                row = partial(
                    figure_row,
                    release.scopes[scope_id].name,
                    derived(_measure_in(release.measures[measure_id], unit), "growth"),
                    figure=f"over {edition_label(before.key)}",
                    statistic="growth",
                    edition=edition_label(after.key),
                    about=ids(after.key, scope_id, measure_id),
                )
                if previous is not None and current is not None:
                    undefined = None if previous else "undefined: growth from zero"
                    rows.append(
                        row(percent(growth_percent(current, previous)), note=_note(gap, undefined))
                    )
                    continue
                bounded = _growth_between_bounds(
                    audit,
                    Key(after.key, scope_id, measure_id, unit),
                    Key(before.key, scope_id, measure_id, unit),
                )
                if bounded is None:
                    missing = f"no figure in {edition_label(before.key)}"
                    rows.append(row(percent(None), note=missing))
                else:
                    rate, printed = bounded
                    rows.append(row(rate, note=Phrase("from {} and {}, as printed", printed)))
        if rows:
            yield Section(title, "", rows)


def _narrower(a: Interval, b: Interval) -> Interval:
    """Where two printings of a figure both hold (the first, where they cannot)."""
    return a.intersect(b) or a


def _printed_of_own_edition(release: Release) -> Iterator[tuple[str, str, str]]:
    """The scope, measure and unit of each figure a release prints of its own edition, with
    or without a qualifier, once each in the release's order."""
    seen = set()
    for figure in release.figures:
        ref = figure.ref
        if figure.printed is not None and ref.edition.kind == THIS_EDITION:
            found = (ref.scope, ref.measure, ref.unit)
            if found not in seen:
                seen.add(found)
                yield found


def _growth_between_bounds(
    audit: Audit, current: Key, previous: Key
) -> tuple[Quantity, tuple[Quantity, Quantity]] | None:
    """The growth rate between two printed figures where one is printed only as a bound: the
    interval of current / previous - 1 over what the printings of each allow (not what the
    solution allows: that holds any growth rate the release prints, which this would only
    repeat), with the two figures as printed; None where either edition prints none."""
    from fairstats.model.intervals import Interval

    printed = []
    allowed = []
    for key in (current, previous):
        printings = audit.printings.get(key, [])
        believed = [printing for printing in printings if audit.believed(printing)]
        if not believed:
            return None
        shown = next((printing for printing in believed if printing.exact), believed[0])
        printed.append(shown.reported(audit))
        allowed.append(reduce(_narrower, (printing.allowed() for printing in believed)))
    ratio = allowed[0].over(allowed[1])
    if ratio is None:
        return None
    rate = (ratio - Interval.point(1)).shifted(2)
    quantity = Quantity(None, Kind.PERCENT, Basis.COMPUTED, PERCENT, rate)
    return quantity, (printed[0], printed[1])


def _gap(before: EditionKey, after: EditionKey) -> str:
    """How far apart two consecutive loaded editions are, when more than one step."""
    parts = []
    if (
        before.ordinal is not None
        and after.ordinal is not None
        and (after.ordinal - before.ordinal > 1)
    ):
        parts.append(f"{after.ordinal - before.ordinal} editions apart")
    if before.year is not None and after.year is not None and after.year - before.year > 1:
        parts.append(f"{after.year - before.year} years apart")
    return ", ".join(parts)


def growth_report(series: Series, audit: Audit, *, scope: str | None = None) -> Report:
    keep = ScopeFilter(series, scope)
    report = Report(report_title(series, "growth"), FIGURE_COLUMNS)
    for release in series.releases:
        rates = _stated(release, keep, Growth, lambda growth: growth.of)
        rows = _with_implied(audit, release, rates, _reported_growth_rows)
        if rows:
            report.sections.append(Section("Reported growth", release.label, rows))
        else:
            report.footnotes.append(nothing_to_show(release, "no reported growth."))
    report.sections.extend(_series_sections(series, audit, keep))
    report.footnotes.extend(solution_notes(report, audit))
    if _implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report


# series -------------------------------------------------------------------------------------


def _edition_order(key: EditionKey) -> tuple[int, int]:
    """Editions in time: by year where known, else by ordinal (an edition a release names
    only as "the previous one" may have no year)."""
    return (key.year if key.year is not None else -1, key.ordinal or 0)


def _series_value(audit: Audit, key: Key) -> tuple[Quantity, Cell] | None:
    """A quantity's figure in one edition, with its note, as check reads it: a believed plain
    printing; else a believed bound as printed ("more than 3600"), never made a point; else
    the interval the solved statements imply; else a doubted printing, said to be doubted."""
    printings = audit.printings.get(key, [])
    believed = [printing for printing in printings if audit.believed(printing)]
    exact = [printing for printing in believed if printing.exact]
    if exact:
        return exact[0].reported(audit), "as printed"
    if believed:
        return believed[0].reported(audit), "as printed: a bound, not a value"
    implied = audit.implied_quantity(key)
    if implied is not None:
        return implied, implied_detail(audit, key)
    if printings:
        return printings[0].reported(audit), "as printed; doubted by check"
    return None


def series_report(
    series: Series,
    audit: Audit,
    *,
    measures: tuple[str, ...] = (),
    scope: str | None = None,
) -> Report:
    """Each measure of a scope edition by edition, in the long layout: what `chart series`
    draws. `scope` is the one scope drawn (by id or name); by default each release's
    outermost scopes. `measures` are ids; by default every measure with a figure."""
    ScopeFilter(series, scope)  # an unknown scope is refused as every report refuses it
    known = sorted({m for r in series.releases for m in r.measures})
    unknown = [m for m in measures if m not in known]
    if unknown:
        raise SelectionError(
            f"no measure {clip(unknown[0])!r} in the loaded releases (known: {clip_list(known)})"
        )
    chosen: dict[tuple[str, str], Release] = {}  # (fair, scope id) -> a release naming it
    for release in series.releases:
        for scope_id, found in release.scopes.items():
            wanted = found.within is None if scope is None else scope in (scope_id, found.name)
            if wanted:
                chosen.setdefault((release.fair.id, scope_id), release)
    keys = sorted(
        (
            key
            for key in {*audit.printings, *audit.vars}
            if (key.edition.fair, key.scope) in chosen and (not measures or key.measure in measures)
        ),
        key=lambda key: (
            key.edition.fair,
            key.scope,
            measures.index(key.measure) if measures else 0,
            key.measure,
            key.unit,
            _edition_order(key.edition),
        ),
    )
    report = Report(report_title(series, "series"), FIGURE_COLUMNS)
    for key in keys:
        shown = _series_value(audit, key)
        if shown is None:
            continue
        value, note = shown
        release = chosen[(key.edition.fair, key.scope)]
        label = edition_label(key.edition)
        # one name for a scope and a measure in every edition: the first file's
        scope_name = release.scopes[key.scope].name
        fair = release.fair.short_name
        title = fair if scope_name == fair else f"{fair}: {scope_name}"
        if not report.sections or report.sections[-1].title != title:
            report.sections.append(Section(title))
        report.sections[-1].rows.append(
            figure_row(
                scope_name,
                _measure_in(audit.measures[(key.edition.fair, key.measure)], key.unit),
                value,
                figure=label,
                edition=label,
                note=note,
                about=key_ids(key),
            )
        )
    if not _shown(report.sections):
        report.footnotes.append(Phrase("No figure of the chosen measures and scope."))
    report.footnotes.extend(solution_notes(report, audit))
    if _implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report
