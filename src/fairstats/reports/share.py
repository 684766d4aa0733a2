"""`share`: each stated share, and the share each figure is of its scope's whole, with the
implied wholes `check`'s solution gives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.engine.derive import (
    Figures,
    percent,
    share_percent,
)
from fairstats.model.release import (
    Release,
    Share,
)
from fairstats.model.results import (
    PERCENT,
    Basis,
    Kind,
    Phrase,
    Quantity,
    Report,
    Section,
)
from fairstats.model.series import EditionKey, Series
from fairstats.model.series import Quantity as Key
from fairstats.reports.rows import (
    FIGURE_COLUMNS,
    IMPLIED_NOTE,
    Row,
    ScopeFilter,
    derived,
    figure_row,
    ids,
    implied_in,
    in_unit_of,
    key_ids,
    nothing_to_show,
    other_edition,
    report_title,
    share_figure,
    solution_notes,
    stated,
    with_implied,
)

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit

__all__ = ["share_report"]


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


def share_report(series: Series, audit: Audit, *, scope: str | None = None) -> Report:
    keep = ScopeFilter(series, scope)
    report = Report(report_title(series, "shares"), FIGURE_COLUMNS)
    for release in series.releases:
        within = _shares_within(series.edition_of(release).key, release, keep)
        if within:
            report.sections.append(
                Section("Shares computed from the figures", release.label, within)
            )
        shares = stated(release, keep, Share, lambda share: share.part)
        reported = with_implied(audit, release, shares, _reported_share_rows)
        if reported:
            report.sections.append(Section("Reported shares", release.label, reported))
        if not within and not reported:
            report.footnotes.append(nothing_to_show(release, "no shares, reported or computed."))
    report.footnotes.extend(solution_notes(report, audit))
    if implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report
