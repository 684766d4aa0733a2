"""`breakdown`: each dimension's categories with their shares of the scope, against the reported
total."""

from __future__ import annotations

from fractions import Fraction

from fairstats.engine.derive import (
    Figures,
    in_scale,
    percent,
    point_of,
    result_kind,
    share_percent,
)
from fairstats.model.errors import SelectionError
from fairstats.model.release import (
    Dimension,
    Release,
)
from fairstats.model.results import (
    Basis,
    Column,
    Phrase,
    Quantity,
    Report,
    Section,
)
from fairstats.model.series import EditionKey, Series
from fairstats.model.textsafe import clip, clip_list
from fairstats.reports.rows import (
    ID_COLUMNS,
    Row,
    ScopeFilter,
    any_rows,
    dimension_title,
    ids,
    nothing_to_show,
    report_title,
)

__all__ = ["NOT_LISTED", "REPORTED_TOTAL", "SUM_OF_PARTS", "breakdown_report"]


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
                dimension_title(release, dimension),
                release.label,
                _breakdown_rows(series.edition_of(release).key, release, dimension),
            )
            for dimension in chosen
        ]
        report.sections.extend(sections)
        if not release.dimensions:
            report.footnotes.append(nothing_to_show(release, "the release gives no breakdown."))
        elif not any_rows(sections):
            report.footnotes.append(
                nothing_to_show(release, "no breakdown for the chosen dimension and scope.")
            )
    if any_rows(report.sections):  # a note about shares where no share is shown misleads
        report.footnotes.append(
            Phrase("Shares are of the reported total; shares, sums and averages are computed.")
        )
    return report
