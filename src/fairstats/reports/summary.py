"""`summary`: the fair and its sources, then every figure and relation as printed, with what is
computed exactly from them."""

from __future__ import annotations

from collections.abc import Iterator

from fairstats.engine.derive import (
    Figures,
    printed_percent,
    printed_quantity,
    result_kind,
)
from fairstats.model.release import (
    Average,
    Figure,
    Growth,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.model.results import (
    Basis,
    Kind,
    Quantity,
    Report,
    Section,
    Unit,
)
from fairstats.model.series import Series
from fairstats.reports.rows import (
    FIGURE_COLUMNS,
    Row,
    ScopeFilter,
    any_rows,
    derived,
    dimension_title,
    figure_row,
    growth_figure,
    ids,
    joined_note,
    nothing_to_show,
    other_edition,
    per_item,
    ref_ids,
    report_title,
    share_figure,
)

__all__ = ["summary_report"]


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
        note=joined_note(figure.where, figure.note),
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
            note=joined_note(relation.where, relation.note),
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
            note=joined_note(relation.where, relation.note),
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
            note=joined_note(relation.where, relation.note),
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
            note=joined_note(relation.where, relation.note),
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
        note=joined_note(relation.where, relation.note),
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
            yield Section(dimension_title(release, dimension), release.label, rows)
    named = _named_rows(series, release, keep)
    if named:
        yield Section("Named in the source", release.label, named)


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
        if not any_rows(figures):  # the fair's facts are shown, but they are not figures
            report.footnotes.append(nothing_to_show(release, "no figures."))
    return report
