"""`growth`: each stated growth rate, and the growth between loaded editions, with the implied
previous figures `check`'s solution gives."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial, reduce
from typing import TYPE_CHECKING

from fairstats.engine.derive import (
    Figures,
    growth_percent,
    one_plus,
    percent,
    result_kind,
)
from fairstats.model.release import (
    THIS_EDITION,
    Growth,
    Release,
)
from fairstats.model.results import (
    PERCENT,
    Basis,
    Kind,
    Phrase,
    Quantity,
    Report,
    Section,
    Unit,
)
from fairstats.model.series import EditionKey, Series, edition_label
from fairstats.model.series import Quantity as Key
from fairstats.reports.rows import (
    FIGURE_COLUMNS,
    IMPLIED_NOTE,
    Row,
    ScopeFilter,
    derived,
    figure_row,
    growth_figure,
    ids,
    implied_in,
    in_unit_of,
    joined_note,
    key_ids,
    measure_in,
    nothing_to_show,
    other_edition,
    report_title,
    solution_notes,
    stated,
    with_implied,
)

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit
    from fairstats.model.intervals import Interval

__all__ = ["growth_report"]


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
                    derived(measure_in(release.measures[measure_id], unit), "growth"),
                    figure=f"over {edition_label(before.key)}",
                    statistic="growth",
                    edition=edition_label(after.key),
                    about=ids(after.key, scope_id, measure_id),
                )
                if previous is not None and current is not None:
                    undefined = None if previous else "undefined: growth from zero"
                    rows.append(
                        row(
                            percent(growth_percent(current, previous)),
                            note=joined_note(gap, undefined),
                        )
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
        rates = stated(release, keep, Growth, lambda growth: growth.of)
        rows = with_implied(audit, release, rates, _reported_growth_rows)
        if rows:
            report.sections.append(Section("Reported growth", release.label, rows))
        else:
            report.footnotes.append(nothing_to_show(release, "no reported growth."))
    report.sections.extend(_series_sections(series, audit, keep))
    report.footnotes.extend(solution_notes(report, audit))
    if implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report
