"""The consistency audit as a report: one row per statement, one per conflict, and the figures
the statements imply.

Like the GRIM test and statcheck, each statement's printed number is re-derived from the other
figures and compared within the rounding the source printed it with; unlike them, every
statement of every loaded release is solved together (see `audit`).
"""

from __future__ import annotations

from collections.abc import Iterator

from fairstats.engine.audit import Audit
from fairstats.engine.claims.base import Claim
from fairstats.engine.verdicts import VERDICTS, Evaluation, Verdict
from fairstats.engine.wording import (
    MAX_LISTED,
    cannot_all_hold,
    check_totals,
    edition_held,
    exchange_rate,
    fair_dates,
    published_when,
    rate_note,
    statement_label,
    undecided_note,
)
from fairstats.model.release import Release
from fairstats.model.results import Basis, Cell, Code, Column, Quantity, Report, Section, Unit
from fairstats.model.series import Series
from fairstats.reports.against import TEXT_SECTION, text_rows
from fairstats.reports.rows import (
    ID_COLUMNS,
    ScopeFilter,
    implied_detail,
    key_ids,
    nothing_to_show,
    report_title,
    solution_notes,
)

__all__ = ["check_report"]

# Keyed by what the table shows: a verdict is a `Code`, which people read in words.
VERDICT_STYLES = {
    Code(Verdict.CONSISTENT).words: "green",
    Code(Verdict.WITHIN_ROUNDING).words: "yellow",
    Code(Verdict.INCONSISTENT).words: "bold red",
    Code(Verdict.NOT_TESTABLE).words: "dim",
}

CHECK_COLUMNS = (
    *ID_COLUMNS,
    Column("rule", "Rule", human=False),
    Column("check", "Check"),
    Column(
        "reported",
        "Reported",
        unit_key="unit",
        qualifier_key="reported_qualifier",
        unit_fallback="computed",  # an implied figure, printed nowhere, has its unit shown too
    ),
    Column(
        "computed",
        "Computed",
        unit_key="computed_unit",
        unit_column=False,  # people read it in the reported figure's unit, or in the detail
        # computed from printed figures, implied, or reported: another printing of the same
        # figure, as printed, which is what it is and is labelled so
        basis_key="computed_basis",
        basis_column=False,
        low_key="computed_low",
        high_key="computed_high",
    ),
    Column("verdict", "Verdict", styles=VERDICT_STYLES),
    Column("detail", "Detail"),
    Column("source", "Source", when_several=True),
    Column("place", "Place", human=False),
)


def _row(
    rule: str,
    check: str,
    verdict: str,
    detail: Cell,
    *,
    reported: Quantity | None = None,
    computed: Quantity | None = None,
    source: str = "",
    place: str = "",
    about: dict[str, Cell] | None = None,
) -> dict[str, Cell]:
    """A check's row; `about` holds its id cells (see `reports.ids`)."""
    return {
        **(about or {}),
        "rule": rule,
        "check": check,
        "reported": reported,
        "computed": computed,
        "verdict": Code(verdict),
        "detail": detail,
        "source": source,
        "place": place,
    }


def _fair_rows(release: Release) -> Iterator[dict[str, Cell]]:
    """The fair's dates in order, the edition the year held, each source after the start."""
    fair = release.fair
    if fair.start_date is not None and fair.end_date is not None:
        ordered = fair.start_date <= fair.end_date
        yield _row(
            "fair_dates",
            statement_label("fair_dates"),
            Verdict.CONSISTENT if ordered else Verdict.INCONSISTENT,
            fair_dates(fair.start_date, fair.end_date),
            place="$.fair",
        )
    held = fair.start_date or fair.end_date
    if held is not None:
        yield _row(
            "edition_year",
            statement_label("edition_year"),
            Verdict.CONSISTENT if held.year == fair.year else Verdict.INCONSISTENT,
            edition_held(fair.year, held.year),
            place="$.fair.year",
        )
    for index, source in enumerate(release.sources):
        if source.published is None or fair.start_date is None:
            continue
        after = source.published[:10] >= fair.start_date.isoformat()
        yield _row(
            "published_after_start",
            statement_label("published_after_start"),
            Verdict.CONSISTENT if after else Verdict.INCONSISTENT,
            published_when(source.published, fair.start_date),
            source=source.id,
            place=f"$.sources[{index}].published",
        )


def _claim_row(audit: Audit, claim: Claim, evaluation: Evaluation) -> dict[str, Cell]:
    # a statement is about its first quantity: a share's part, a growth's current figure, a
    # sum's whole; one about none leaves the ids empty
    keys = claim.quantities()
    return _row(
        claim.rule,
        claim.label(audit),
        evaluation.verdict,
        evaluation.detail,
        reported=evaluation.reported,
        computed=evaluation.computed,
        source=claim.source() or "",
        place=claim.place,
        about=key_ids(keys[0]) if keys else None,
    )


def _disagreement_rows(series: Series) -> list[dict[str, Cell]]:
    """The warnings the command line prints on loading, one row each; no verdict, as they
    change no exit status."""
    rows = []
    for warning in series.warnings:
        places = " and ".join(str(place) for place in warning.places)
        rows.append(_row("files_disagree", places, "", warning.message, place=places))
    return rows


def _conflict_rows(audit: Audit) -> list[dict[str, Cell]]:
    rows = []
    conflicts = [*audit.analysis.conflicts, *audit.reading_conflicts]
    for number, conflict in enumerate(conflicts, 1):
        named = [audit.statement_name(audit.claims[index]) for index in conflict[:MAX_LISTED]]
        detail = cannot_all_hold(named, len(conflict))
        name = statement_label("conflict", str(number))
        rows.append(_row("conflict", name, Verdict.INCONSISTENT, detail))
    return rows


def _implied_rows(audit: Audit, keep: ScopeFilter) -> list[dict[str, Cell]]:
    rows = []
    for key, _, _ in audit.implied():
        loaded = audit.series.loaded(key.edition)
        release = loaded.first if loaded is not None else None
        if release is not None and not keep.keeps(release, key.scope):
            continue
        rows.append(
            _row(
                "implied",
                audit.key_label(key, None),
                "",
                implied_detail(audit, key),
                computed=audit.implied_quantity(key),
                about=key_ids(key),
            )
        )
    for rate, variable in audit.rates.items():
        domain = audit.analysis.domains[variable]
        if domain.bounded:
            source, currency, per = rate
            rows.append(
                _row(
                    "implied",
                    exchange_rate(source),
                    "",
                    rate_note(currency, per),
                    computed=Quantity(
                        None, "rate", Basis.IMPLIED, Unit(f"{currency}/{per}"), domain
                    ),
                )
            )
    return rows


def check_report(series: Series, audit: Audit, *, scope: str | None = None) -> tuple[Report, bool]:
    """Every statement judged; also whether anything was inconsistent."""
    keep = ScopeFilter(series, scope)
    report = Report(report_title(series, "checks"), CHECK_COLUMNS)
    by_release: dict[int, list[tuple[Claim, Evaluation]]] = {}
    for claim, evaluation in audit.judged():
        by_release.setdefault(id(claim.release), []).append((claim, evaluation))
    verdicts: list[str] = []
    for release in series.releases:
        fair_rows = list(_fair_rows(release))
        if fair_rows:
            report.sections.append(Section("Fair and sources", release.label, fair_rows))
        rows = [
            _claim_row(audit, claim, evaluation)
            for claim, evaluation in by_release.get(id(release), ())
            if any(keep.keeps(release, key.scope) for key in claim.quantities())
        ]
        if rows:
            report.sections.append(Section("Statements", release.label, rows))
        against = text_rows(audit, release, keep)
        if against:
            report.sections.append(Section(TEXT_SECTION, release.label, against))
        if not fair_rows and not rows and not against:
            report.footnotes.append(nothing_to_show(release, "nothing to check."))
        verdicts.extend(str(row["verdict"]) for row in [*fair_rows, *rows, *against])
    disagreements = _disagreement_rows(series)
    if disagreements:
        report.sections.append(Section("Files that disagree", "", disagreements))
    conflicts = _conflict_rows(audit)
    if conflicts:
        report.sections.append(Section("Conflicts", "", conflicts))
    implied = _implied_rows(audit, keep)
    if implied:
        report.sections.append(Section("Implied figures", "", implied))
    counts = {verdict: verdicts.count(verdict) for verdict in VERDICTS}
    report.footnotes.append(check_totals(counts, len(conflicts)))
    report.footnotes.extend(solution_notes(report, audit))
    undecided = sorted(audit.analysis.undecided)
    if undecided:
        named = [audit.statement_name(audit.claims[index]) for index in undecided[:MAX_LISTED]]
        report.footnotes.append(undecided_note(named, len(undecided)))
    return report, bool(conflicts) or counts[Verdict.INCONSISTENT] > 0
