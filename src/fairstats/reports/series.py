"""`series`: one measure of one scope across the loaded editions of a fair."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairstats.model.errors import SelectionError
from fairstats.model.release import Release
from fairstats.model.results import (
    Cell,
    Phrase,
    Quantity,
    Report,
    Section,
)
from fairstats.model.series import EditionKey, Series, edition_label
from fairstats.model.series import Quantity as Key
from fairstats.model.textsafe import clip, clip_list
from fairstats.reports.rows import (
    FIGURE_COLUMNS,
    IMPLIED_NOTE,
    ScopeFilter,
    any_rows,
    figure_row,
    implied_detail,
    implied_in,
    key_ids,
    measure_in,
    report_title,
    solution_notes,
)

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit

__all__ = ["series_report"]


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
                measure_in(audit.measures[(key.edition.fair, key.measure)], key.unit),
                value,
                figure=label,
                edition=label,
                note=note,
                about=key_ids(key),
            )
        )
    if not any_rows(report.sections):
        report.footnotes.append(Phrase("No figure of the chosen measures and scope."))
    report.footnotes.extend(solution_notes(report, audit))
    if implied_in(report):
        report.footnotes.append(IMPLIED_NOTE)
    return report
