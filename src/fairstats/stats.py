"""Pure computations: a dataset in, a `Report` out. No click, no rich, and no display rounding
of the figures (the renderers' job); notes quote figures in the unit shown."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.errors import BaselineError, SelectionError
from fairstats.model import (
    MEASURES,
    Breakdown,
    Category,
    Dataset,
    Delegation,
    Figure,
    ItemList,
    Totals,
)
from fairstats.numbers import (
    Exact,
    Interval,
    convert_amount,
    exact_text,
    growth_percent,
    ratio,
    share_percent,
    significant_places,
    unit_factor,
    unit_label,
)
from fairstats.record import Record
from fairstats.results import VALUE_COLUMN, Basis, Cell, Column, Kind, Quantity, Report, Section

if TYPE_CHECKING:
    from fairstats.model import Measure


class Amounts(Record):
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
        self, value: Exact | None, basis: str, interval: Interval | None = None
    ) -> Quantity:
        shown = None if value is None else convert_amount(value, self.source_unit, self.unit)
        if interval is not None:
            interval = interval.scaled(unit_factor(self.source_unit, self.unit))
        return Quantity(shown, Kind.AMOUNT, basis, self.label, interval)

    def text(self, measure: Measure, value: Exact, *, up: bool | None = None) -> str:
        """A figure quoted in a note or a detail, in the unit shown (`up`: an interval's end,
        rounded outward)."""
        if measure == "investment":
            value = convert_amount(value, self.source_unit, self.unit)
        return exact_text(value, significant_places(value, 3), up=up)

    def of(
        self,
        measure: Measure,
        value: Exact | None,
        basis: str,
        interval: Interval | None = None,
    ) -> Quantity:
        """A projects count or an investment amount, by measure."""
        if measure == "investment":
            return self.quantity(value, basis, interval)
        return Quantity(value, Kind.COUNT, basis, interval=interval)


def select_delegations(dataset: Dataset, name: str | None) -> tuple[Delegation, ...]:
    if name is None:
        return dataset.delegations
    chosen = tuple(d for d in dataset.delegations if d.name == name)
    if not chosen:
        known = ", ".join(d.name for d in dataset.delegations)
        raise SelectionError(f"no delegation named {name!r} in {dataset.file} (it has: {known})")
    return chosen


def count(value: int | None, basis: str = Basis.REPORTED) -> Quantity:
    return Quantity(value, Kind.COUNT, basis)


def percent(value: Exact | None, basis: str, interval: Interval | None = None) -> Quantity:
    return Quantity(value, Kind.PERCENT, basis, "%", interval)


def reported_interval(value: int | Decimal) -> Interval:
    """What a reported count or amount stands for: a count is exact, an amount its printed
    rounding, never below zero (none is negative)."""
    if isinstance(value, int):
        return Interval.exact(value)
    printed = Interval.printed(value)
    return printed if printed.low >= 0 else Interval(Fraction(0), printed.high)


# summary ------------------------------------------------------------------------------------

# The long layout: one figure a row, used by summary, share and growth.
FIGURE_COLUMNS = (
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
    average = ratio(signed.investment, signed.projects)
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


def _summary_breakdown_section(
    breakdown: Breakdown, delegation: Delegation, amounts: Amounts
) -> Section:
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
        FIGURE_COLUMNS,
        [_fair_section(dataset)],
    )
    for chosen in select_delegations(dataset, delegation):
        report.sections.append(_signed_section(chosen, amounts))
        report.sections.extend(
            _summary_breakdown_section(breakdown, chosen, amounts)
            for breakdown in chosen.breakdowns
        )
        for section in (_activities_section(chosen, amounts), _named_section(chosen)):
            if section.rows:
                report.sections.append(section)
    return report


# breakdown ----------------------------------------------------------------------------------

SUM_OF_PARTS = "sum of parts"
MAX_SUM_DIGITS = 60
REPORTED_TOTAL = "reported total"


BREAKDOWN_COLUMNS = (
    Column("dimension", "Dimension", human=False),
    Column("category", "Category"),
    Column("projects", "Projects"),
    Column("investment", "Investment", unit_key="unit", unit_column=False),
    Column("projects_share_percent", "Proj. %", bar=True),
    Column("investment_share_percent", "Inv. %", bar=True),
    Column("investment_per_project", "Per proj."),
    Column("basis", "Basis"),
)


def _breakdown_row(
    dimension: str,
    category: str,
    *,
    values: tuple[Exact, Exact],
    basis: str,
    totals: Totals,
    amounts: Amounts,
) -> dict[str, Cell]:
    """One line of a breakdown; its shares are of the delegation's reported totals."""
    projects, investment = values
    assert totals.projects is not None
    assert totals.investment is not None
    return {
        "dimension": dimension,
        "category": category,
        "projects": Quantity(projects, Kind.COUNT, basis),
        "investment": amounts.quantity(investment, basis),
        "projects_share_percent": percent(share_percent(projects, totals.projects), Basis.COMPUTED),
        "investment_share_percent": percent(
            share_percent(investment, totals.investment), Basis.COMPUTED
        ),
        "investment_per_project": amounts.quantity(ratio(investment, projects), Basis.COMPUTED),
        "basis": basis,
    }


def sum_of_parts(breakdown: Breakdown, measure: Measure) -> int | Decimal:
    """Exact, in the parts' own precision: 12.047 + 229.49 = 241.537."""
    parts = [c.get(measure) for c in breakdown.categories]
    if measure == "projects":
        return sum(parts)  # type: ignore[return-value]
    # Enough digits that no sum of loaded amounts (under 10^18, at most 12 decimals) rounds.
    with localcontext(prec=MAX_SUM_DIGITS):
        return sum(parts, Decimal(0))  # type: ignore[return-value]


def _breakdown_section(breakdown: Breakdown, delegation: Delegation, amounts: Amounts) -> Section:
    totals = delegation.signed
    assert totals.projects is not None
    assert totals.investment is not None
    dimension = breakdown.dimension
    rows = [
        _breakdown_row(
            dimension,
            category.name,
            values=(category.projects, category.investment),
            basis=Basis.REPORTED,
            totals=totals,
            amounts=amounts,
        )
        for category in breakdown.categories
    ]
    parts = (sum_of_parts(breakdown, "projects"), sum_of_parts(breakdown, "investment"))
    reported = (totals.projects, totals.investment)
    for label, values, basis in (
        (SUM_OF_PARTS, parts, Basis.COMPUTED),
        (REPORTED_TOTAL, reported, Basis.REPORTED),
    ):
        rows.append(
            _breakdown_row(
                dimension, label, values=values, basis=basis, totals=totals, amounts=amounts
            )
        )
    title = f"Breakdown {breakdown.label} (amounts in {amounts.label})"
    return Section(title, delegation.name, rows)


def breakdown_report(
    dataset: Dataset,
    *,
    by: str | None = None,
    unit: str | None = None,
    delegation: str | None = None,
) -> Report:
    amounts = Amounts.for_dataset(dataset, unit)
    chosen = select_delegations(dataset, delegation)
    if by is not None:
        known = sorted({b.dimension for d in chosen for b in d.breakdowns})
        if by not in known:
            has = f"known: {', '.join(known)}" if known else "it has no breakdowns"
            raise SelectionError(f"no breakdown dimension {by!r} in {dataset.file} ({has})")
    report = Report(
        f"{dataset.fair.short_name} {dataset.fair.edition}: breakdowns", BREAKDOWN_COLUMNS
    )
    for item in chosen:
        report.sections.extend(
            _breakdown_section(breakdown, item, amounts)
            for breakdown in item.breakdowns
            if by is None or breakdown.dimension == by
        )
        if not item.breakdowns:
            report.footnotes.append(f"{item.name}: the dataset gives no breakdown.")
    report.footnotes.append(
        "Shares are of the delegation's reported totals; shares and per-project amounts are "
        "computed."
    )
    return report


# share --------------------------------------------------------------------------------------


def _category_shares_section(delegation: Delegation) -> Section:
    rows = []
    for breakdown in delegation.breakdowns:
        for category in breakdown.categories:
            for measure in MEASURES:
                total = delegation.signed.get(measure)
                assert total is not None
                share = share_percent(category.get(measure), total)
                note = breakdown.label
                rows.append(_row(category.name, measure, percent(share, Basis.COMPUTED), note))
    return Section("Shares of the delegation's totals", delegation.name, rows)


def implied_whole(total: Interval, minimum: int = 0) -> str:
    """For an implied count: which whole numbers (from `minimum`) its interval allows."""
    numbers = total.whole_numbers(minimum)
    if not numbers:
        return "no whole number in the interval"
    if len(numbers) <= 3:
        return "whole numbers in the interval: " + ", ".join(str(n) for n in numbers)
    return f"whole numbers in the interval: {numbers[0]} to {numbers[-1]}"


def implied_region_total(own: int | Decimal, share: Decimal) -> tuple[Fraction, Interval] | None:
    """The region total a rounded reported share implies, own × 100 / share, with its interval.

    Each input appears once in the formula, so evaluating it at the ends of the inputs'
    intervals gives the exact range; a region holds at least the delegation's own figure.
    None when the share's interval reaches zero or lies wholly above 100%.
    """
    share_interval = Interval.printed(share)
    if share_interval.low <= 0 or share_interval.low > 100:
        return None
    own_interval = reported_interval(own)
    point = Fraction(own) * 100 / Fraction(share)
    interval = own_interval.scaled(Fraction(100)) / share_interval
    return point, Interval(max(interval.low, own_interval.low), interval.high)


def implied_rest_of_region(own: int | Decimal, share: Decimal) -> tuple[Fraction, Interval] | None:
    """The rest of the region, own × (100 / share − 1), written so each input appears once;
    never below zero."""
    share_interval = Interval.printed(share)
    if share_interval.low <= 0 or share_interval.low > 100:
        return None
    point = Fraction(own) * (100 / Fraction(share) - 1)
    interval = reported_interval(own) * (Interval.exact(100) / share_interval - Interval.exact(1))
    return point, Interval(max(interval.low, Fraction(0)), interval.high)


def _implied_row(
    subject: str,
    measure: Measure,
    implied: tuple[Fraction, Interval] | None,
    note: str,
    amounts: Amounts,
) -> dict[str, Cell]:
    if implied is None:
        return _row(
            subject,
            measure,
            amounts.of(measure, None, Basis.IMPLIED),
            "undefined: the share's rounding reaches zero or lies above 100%",
        )
    point, interval = implied
    if measure == "projects":
        note = f"{note}; {implied_whole(interval, minimum=1)}"
    return _row(subject, measure, amounts.of(measure, point, Basis.IMPLIED, interval), note)


def _region_rows(
    delegation: Delegation, measure: Measure, amounts: Amounts
) -> list[dict[str, Cell]]:
    region = delegation.region
    own = delegation.signed.get(measure)
    assert own is not None
    reported_share = delegation.reported_share_of_region.get(measure)
    region_total = delegation.region_total.get(measure)
    rows = []
    if reported_share is not None:
        shown = percent(reported_share, Basis.REPORTED, Interval.printed(reported_share))
        rows.append(
            _row(f"share of {region}", measure, shown, "as printed; interval from its rounding")
        )
        rows.append(
            _implied_row(
                f"{region} total",
                measure,
                implied_region_total(own, reported_share),
                f"{amounts.text(measure, own)} / {reported_share}%",
                amounts,
            )
        )
        rows.append(
            _implied_row(
                f"rest of {region}",
                measure,
                implied_rest_of_region(own, reported_share),
                f"{region} total less the delegation's",
                amounts,
            )
        )
    if region_total is not None:
        rows.append(
            _row(f"{region} total", measure, amounts.of(measure, region_total, Basis.REPORTED))
        )
        computed = share_percent(own, region_total)
        note = "" if computed is not None else "undefined: the region total is zero"
        rows.append(_row(f"share of {region}", measure, percent(computed, Basis.COMPUTED), note))
    return rows


def share_report(
    dataset: Dataset, *, unit: str | None = None, delegation: str | None = None
) -> Report:
    amounts = Amounts.for_dataset(dataset, unit)
    report = Report(f"{dataset.fair.short_name} {dataset.fair.edition}: shares", FIGURE_COLUMNS)
    for item in select_delegations(dataset, delegation):
        if item.breakdowns:
            report.sections.append(_category_shares_section(item))
        region_rows = [row for measure in MEASURES for row in _region_rows(item, measure, amounts)]
        if region_rows:
            report.sections.append(Section(f"Share of {item.region}", item.name, region_rows))
        else:
            report.footnotes.append(
                f"{item.name}: no share of {item.region} or region total given."
            )
    report.footnotes.append(
        "Implied values are solved from a rounded reported share; their interval is what that "
        "rounding (and the rounding of the delegation's own figure) allows."
    )
    return report


# growth -------------------------------------------------------------------------------------


class ImpliedPrevious(Record):
    """What a rounded growth rate says of the previous edition's value.

    `interval` is bounded when the rate's rounding stays above −100%; when it reaches −100%
    the previous value is only known to be at least `at_least`. `point` is the value at the
    rate as printed (None at −100% or less).
    """

    point: Fraction | None
    interval: Interval | None
    at_least: Fraction


def implied_previous(current: int | Decimal, growth: Decimal) -> ImpliedPrevious | None:
    """The previous edition's value a rounded growth rate implies: current / (1 + g/100).

    Each input appears once, so the interval from the ends of the inputs' intervals is exact.
    None when even the rate's rounding cannot lift it above −100%: no positive value before
    can give it.
    """
    factor = Interval.exact(1) + Interval.printed(growth).scaled(Fraction(1, 100))
    if factor.high <= 0:
        return None
    printed = 1 + Fraction(growth) / 100
    point = Fraction(current) / printed if printed > 0 else None
    own = reported_interval(current)
    if factor.low <= 0:
        return ImpliedPrevious(point, None, own.low / factor.high)
    interval = own / factor
    return ImpliedPrevious(point, interval, interval.low)


class Baseline(Record):
    """An earlier edition's signed figures, by delegation, in the current dataset's unit."""

    file: str
    signed: dict[str, Totals]
    categories: dict[tuple[str, str, str], Category]  # (delegation, dimension, category)

    @classmethod
    def of(cls, dataset: Dataset, earlier: Dataset) -> Baseline:
        """Check that `earlier` is an earlier edition of the same fair, and convert it."""
        problem = None
        if earlier.fair.name != dataset.fair.name:
            problem = f"it is {earlier.fair.name!r}, not {dataset.fair.name!r}"
        elif earlier.fair.edition >= dataset.fair.edition:
            problem = f"its edition {earlier.fair.edition} is not before {dataset.fair.edition}"
        elif earlier.currency != dataset.currency:
            problem = f"its amounts are in {earlier.currency}, not {dataset.currency}"
        if problem:
            raise BaselineError(
                f"{earlier.file} is not an earlier edition of the fair in {dataset.file}: {problem}"
            )

        def amount(value: Decimal) -> Decimal:
            converted = convert_amount(value, earlier.amount_unit, dataset.amount_unit)
            assert isinstance(converted, Decimal)
            return converted

        signed = {}
        categories = {}
        for delegation in earlier.delegations:
            totals = delegation.signed
            assert totals.investment is not None
            signed[delegation.name] = Totals(totals.projects, amount(totals.investment))
            for breakdown in delegation.breakdowns:
                for category in breakdown.categories:
                    key = (delegation.name, breakdown.dimension, category.name)
                    categories[key] = Category(
                        category.name, category.projects, amount(category.investment)
                    )
        return cls(earlier.file, signed, categories)

    def missing(self, delegation: str) -> str:
        return f"{self.file} has no delegation named {delegation!r}"


def _growth_rows(
    delegation: Delegation,
    previous: Totals | None,
    amounts: Amounts,
) -> list[dict[str, Cell]]:
    rows = []
    for measure in MEASURES:
        current = delegation.signed.get(measure)
        assert current is not None
        reported = delegation.reported_growth.get(measure)
        if reported is not None:
            rows.append(
                _row(
                    "reported growth",
                    measure,
                    percent(reported, Basis.REPORTED, Interval.printed(reported)),
                    "as printed; interval from its rounding",
                )
            )
            implied = implied_previous(current, reported)
            note = f"{amounts.text(measure, current)} / (1 + {reported}%)"
            if implied is None:
                value = amounts.of(measure, None, Basis.IMPLIED)
                note = f"undefined: a growth of {reported}% leaves nothing before"
            elif implied.interval is None:
                value = amounts.of(measure, implied.point, Basis.IMPLIED)
                bound = amounts.text(measure, implied.at_least)
                note = f"{note}; at least {bound}: the rate's rounding reaches -100%"
            else:
                value = amounts.of(measure, implied.point, Basis.IMPLIED, implied.interval)
                if measure == "projects":  # a rate of growth needs something before
                    note = f"{note}; {implied_whole(implied.interval, minimum=1)}"
            rows.append(_row("previous edition", measure, value, note))
        if previous is not None:
            before = previous.get(measure)
            assert before is not None
            rows.append(
                _row(
                    "previous edition",
                    measure,
                    amounts.of(measure, before, Basis.REPORTED),
                    "from the baseline",
                )
            )
            growth = growth_percent(current, before)
            note = "from both files" if growth is not None else "undefined: growth from zero"
            rows.append(_row("computed growth", measure, percent(growth, Basis.COMPUTED), note))
    return rows


def _category_growth_section(
    delegation: Delegation, baseline: Baseline, amounts: Amounts
) -> Section:
    rows = []
    for breakdown in delegation.breakdowns:
        for category in breakdown.categories:
            before = baseline.categories.get((delegation.name, breakdown.dimension, category.name))
            if before is None:
                continue
            for measure in MEASURES:
                growth = growth_percent(category.get(measure), before.get(measure))
                note = breakdown.label if growth is not None else "undefined: growth from zero"
                rows.append(_row(category.name, measure, percent(growth, Basis.COMPUTED), note))
    return Section("Growth by category, computed from the baseline", delegation.name, rows)


def growth_report(
    dataset: Dataset,
    *,
    baseline: Dataset | None = None,
    unit: str | None = None,
    delegation: str | None = None,
) -> Report:
    amounts = Amounts.for_dataset(dataset, unit)
    earlier = Baseline.of(dataset, baseline) if baseline is not None else None
    report = Report(f"{dataset.fair.short_name} {dataset.fair.edition}: growth", FIGURE_COLUMNS)
    for item in select_delegations(dataset, delegation):
        previous = earlier.signed.get(item.name) if earlier is not None else None
        if earlier is not None and previous is None:
            report.footnotes.append(f"{item.name}: {earlier.missing(item.name)}.")
        rows = _growth_rows(item, previous, amounts)
        if rows:
            report.sections.append(Section("Growth over the previous edition", item.name, rows))
        else:
            report.footnotes.append(f"{item.name}: no reported growth; give --baseline FILE.")
        if earlier is not None:
            section = _category_growth_section(item, earlier, amounts)
            if section.rows:
                report.sections.append(section)
    report.footnotes.append(
        "The previous edition's figures are implied by the rounded reported growth rates; a "
        "count must be a whole number inside its interval."
    )
    return report
