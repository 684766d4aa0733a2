"""Pure computations: a dataset in, a `Report` out. No click, no rich, no formatting."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from fairstats.errors import SelectionError
from fairstats.model import MEASURES, Breakdown, Dataset, Delegation, Figure, ItemList, Measure
from fairstats.numbers import (
    Exact,
    Interval,
    convert_amount,
    ratio,
    share_percent,
    unit_factor,
    unit_label,
)
from fairstats.results import VALUE_COLUMN, Basis, Cell, Column, Kind, Quantity, Report, Section


@dataclass(frozen=True)
class Amounts:
    """Turns amounts from the dataset's unit into the unit the user asked to see."""

    currency: str
    source_unit: str
    unit: str

    @classmethod
    def for_dataset(cls, dataset: Dataset, unit: str | None) -> Amounts:
        return cls(dataset.currency, dataset.amount_unit, unit or dataset.amount_unit)

    @property
    def label(self) -> str:
        return unit_label(self.currency, self.unit)

    def quantity(
        self, value: Exact | None, basis: Basis, interval: Interval | None = None, note: str = ""
    ) -> Quantity:
        shown = None if value is None else convert_amount(value, self.source_unit, self.unit)
        if interval is not None:
            interval = interval.scaled(unit_factor(self.source_unit, self.unit))
        return Quantity(shown, Kind.AMOUNT, basis, self.label, interval, note=note)


def select_delegations(dataset: Dataset, name: str | None) -> tuple[Delegation, ...]:
    if name is None:
        return dataset.delegations
    chosen = tuple(d for d in dataset.delegations if d.name == name)
    if not chosen:
        known = ", ".join(d.name for d in dataset.delegations)
        raise SelectionError(f"no delegation named {name!r} in {dataset.file} (it has: {known})")
    return chosen


def count(value: int | None, basis: Basis = Basis.REPORTED, note: str = "") -> Quantity:
    return Quantity(value, Kind.COUNT, basis, note=note)


def percent(
    value: Exact | None, basis: Basis, interval: Interval | None = None, note: str = ""
) -> Quantity:
    return Quantity(value, Kind.PERCENT, basis, "%", interval, note=note)


def per_project(investment: Exact, projects: int) -> Fraction | None:
    return ratio(investment, projects)


def part_share(breakdown: Breakdown, measure: Measure, value: Exact) -> Fraction | None:
    return share_percent(value, sum(c.get(measure) for c in breakdown.categories))


# summary ------------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    Column("subject", "Subject"),
    Column("measure", "Measure"),
    VALUE_COLUMN,
    Column("note", "Note"),
)


GROWTH_SUBJECT = "growth over previous edition"


def _row(subject: str, measure: str, value: Cell, note: str = "") -> dict[str, Cell]:
    return {"subject": subject, "measure": measure, "value": value, "note": note}


def _listing_note(named: ItemList) -> str:
    return "complete list" if named.listing == "complete" else "examples only"


def _figure_row(activity: str, figure: Figure, amounts: Amounts) -> dict[str, Cell]:
    value: Cell
    if figure.kind == "text":
        value = str(figure.value)
    elif figure.kind == "amount":
        value = amounts.quantity(figure.value, Basis.REPORTED)  # type: ignore[arg-type]
    elif figure.kind == "count":
        value = count(figure.value)  # type: ignore[arg-type]
    else:
        value = Quantity(figure.value, Kind.MEASURE, Basis.REPORTED, figure.unit or "")  # type: ignore[arg-type]
    return _row(activity, figure.name, value, figure.qualifier or "")


def _named_row(subject: str, measure: str, named: ItemList) -> dict[str, Cell]:
    return _row(subject, measure, "; ".join(named.items), _listing_note(named))


def _fair_section(dataset: Dataset) -> Section:
    fair, source = dataset.fair, dataset.source
    rows = [
        _row("fair", "name", fair.name),
        _row("fair", "short name", fair.short_name),
        _row("fair", "edition", str(fair.edition)),
        _row("fair", "city", fair.city),
        _row("fair", "dates", f"{fair.start_date.isoformat()} to {fair.end_date.isoformat()}"),
        _row("fair", "sponsors", "; ".join(fair.sponsors)),
        _row("source", "title", source.title),
        _row("source", "publisher", source.publisher),
        _row("source", "published", source.published),
    ]
    return Section("Fair and source", rows=rows)


def _signed_section(delegation: Delegation, amounts: Amounts) -> Section:
    signed = delegation.signed
    assert signed.projects is not None
    assert signed.investment is not None
    average = per_project(signed.investment, signed.projects)
    rows = [
        _row("signed", "projects", count(signed.projects)),
        _row("signed", "investment", amounts.quantity(signed.investment, Basis.REPORTED)),
        _row(
            "average per project",
            "investment",
            amounts.quantity(average, Basis.COMPUTED),
            "" if average is not None else "undefined: no projects",
        ),
    ]
    for measure in MEASURES:
        share = delegation.reported_share_of_region.get(measure)
        if share is not None:
            rows.append(
                _row(f"share of {delegation.region}", measure, percent(share, Basis.REPORTED))
            )
    for measure in MEASURES:
        growth = delegation.reported_growth.get(measure)
        if growth is not None:
            rows.append(_row(GROWTH_SUBJECT, measure, percent(growth, Basis.REPORTED)))
    return Section("Signed projects and investment", delegation.name, rows)


def _breakdown_section(breakdown: Breakdown, delegation: Delegation, amounts: Amounts) -> Section:
    rows = []
    for category in breakdown.categories:
        rows.append(_row(category.name, "projects", count(category.projects)))
        rows.append(
            _row(category.name, "investment", amounts.quantity(category.investment, Basis.REPORTED))
        )
    return Section(f"Breakdown {breakdown.label}", delegation.name, rows)


def _activities_section(delegation: Delegation, amounts: Amounts) -> Section:
    rows = [
        _figure_row(activity.name, figure, amounts)
        for activity in delegation.activities
        for figure in activity.figures
    ]
    return Section("Activities", delegation.name, rows)


def _named_section(delegation: Delegation) -> Section:
    """The lists and remarks of the source, kept apart so the figures' table stays narrow."""
    rows = [
        _named_row(activity.name, figure.name, figure.named)
        for activity in delegation.activities
        for figure in activity.figures
        if figure.named is not None
    ]
    for subject, named in (
        ("focus industries", delegation.focus_industries),
        ("side events", delegation.side_events),
    ):
        if named is not None:
            rows.append(_named_row(subject, "named", named))
    rows.extend(_row("remarks", "note", note) for note in delegation.notes)
    return Section("Named in the source", delegation.name, rows)


def summary_report(
    dataset: Dataset, *, unit: str | None = None, delegation: str | None = None
) -> Report:
    amounts = Amounts.for_dataset(dataset, unit)
    report = Report(
        f"{dataset.fair.short_name} {dataset.fair.edition}: summary",
        SUMMARY_COLUMNS,
        [_fair_section(dataset)],
    )
    for chosen in select_delegations(dataset, delegation):
        report.sections.append(_signed_section(chosen, amounts))
        report.sections.extend(
            _breakdown_section(breakdown, chosen, amounts) for breakdown in chosen.breakdowns
        )
        for section in (_activities_section(chosen, amounts), _named_section(chosen)):
            if section.rows:
                report.sections.append(section)
    return report
