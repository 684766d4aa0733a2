"""The consistency audit: do a release's figures agree with each other within their rounding?

Each rule yields one row: what was checked, the reported value, the computed value or interval,
and a verdict. Like the GRIM test and statcheck, a rule re-derives a figure from the others and
asks whether the printed rounding allows the two to agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from fairstats.model import MEASURES, Breakdown, Claim, Dataset, Delegation
from fairstats.numbers import Interval, decimals_of, growth_percent, round_half_up, share_percent
from fairstats.record import Record
from fairstats.results import Basis, Cell, Column, Kind, Quantity, Report, Section
from fairstats.stats import (
    Amounts,
    Baseline,
    implied_previous,
    implied_region_total,
    percent,
    reported_interval,
    select_delegations,
    sum_of_parts,
)

if TYPE_CHECKING:
    from fairstats.model import Measure


class Verdict:
    """A check's outcome, as csv and json print it."""

    CONSISTENT = "consistent"
    WITHIN_ROUNDING = "within_rounding"  # agrees only once printed rounding is allowed for
    INCONSISTENT = "inconsistent"
    NOT_TESTABLE = "not_testable"


VERDICTS = (
    Verdict.CONSISTENT,
    Verdict.WITHIN_ROUNDING,
    Verdict.INCONSISTENT,
    Verdict.NOT_TESTABLE,
)
VERDICT_STYLES = {
    Verdict.CONSISTENT: "green",
    Verdict.WITHIN_ROUNDING: "yellow",
    Verdict.INCONSISTENT: "bold red",
    Verdict.NOT_TESTABLE: "dim",
}

CHECK_COLUMNS = (
    Column("rule", "Rule", human=False),
    Column("check", "Check"),
    Column("reported", "Reported", unit_key="unit"),
    Column(
        "computed",
        "Computed",
        basis_key="computed_basis",  # computed, or implied (a GRIM count)
        basis_column=False,
        low_key="computed_low",
        high_key="computed_high",
    ),
    Column("verdict", "Verdict", styles=VERDICT_STYLES),
    Column("detail", "Detail"),
)


class Finding(Record):
    rule: str
    check: str
    verdict: str
    detail: str
    reported: Quantity | None = None
    computed: Quantity | None = None

    def row(self) -> dict[str, Cell]:
        return {
            "rule": self.rule,
            "check": self.check,
            "reported": self.reported,
            "computed": self.computed,
            "verdict": self.verdict,
            "detail": self.detail,
        }


def compare_rounded(reported: Decimal, exact: Fraction, possible: Interval) -> str:
    """A reported ratio against the same ratio computed from other figures.

    Consistent when the exact computed value, rounded half-up as the source rounds, prints as
    reported; within rounding when only the other figures' rounding lets them meet; otherwise
    inconsistent.
    """
    if round_half_up(exact, decimals_of(reported)) == reported:
        return Verdict.CONSISTENT
    if possible.overlaps(Interval.printed(reported)):
        return Verdict.WITHIN_ROUNDING
    return Verdict.INCONSISTENT


# Rules ---------------------------------------------------------------------------------------


def parts_sum(
    delegation: Delegation, breakdown: Breakdown, measure: Measure, amounts: Amounts
) -> Finding:
    total = delegation.signed.get(measure)
    assert total is not None
    parts = [c.get(measure) for c in breakdown.categories]
    exact = sum_of_parts(breakdown, measure)
    possible = sum((reported_interval(p) for p in parts), Interval.exact(0))
    total_interval = reported_interval(total)
    if exact == total:
        verdict = Verdict.CONSISTENT
    elif possible.overlaps(total_interval):
        verdict = Verdict.WITHIN_ROUNDING
    else:
        verdict = Verdict.INCONSISTENT
    shown_parts = " + ".join(amounts.text(measure, p) for p in parts)
    detail = f"{shown_parts} = {amounts.text(measure, exact)}"
    if verdict != Verdict.CONSISTENT:
        gap = abs(Fraction(total) - Fraction(exact))
        allowed = possible.width / 2 + total_interval.width / 2
        shown_gap = amounts.text(measure, gap)
        detail += f"; off by {shown_gap}, rounding allows {amounts.text(measure, allowed)}"
    return Finding(
        "parts_sum",
        f"{breakdown.dimension} parts sum to total {measure}",
        verdict,
        detail,
        amounts.of(measure, total, Basis.REPORTED),
        amounts.of(measure, exact, Basis.COMPUTED, possible if measure == "investment" else None),
    )


def share_in_range(delegation: Delegation, measure: Measure) -> Finding | None:
    share = delegation.reported_share_of_region.get(measure)
    if share is None:
        return None
    verdict = Verdict.CONSISTENT if 0 <= share <= 100 else Verdict.INCONSISTENT
    return Finding(
        "share_range",
        f"{measure} share of {delegation.region} in [0, 100]",
        verdict,
        "a share of a whole cannot be negative or exceed 100%",
        percent(share, Basis.REPORTED),
    )


class _Rule(Record):
    """One rule applied to one reported figure; makes its findings."""

    rule: str
    check: str
    reported: Quantity | None = None

    def finding(self, verdict: str, detail: str, computed: Quantity | None = None) -> Finding:
        return Finding(self.rule, self.check, verdict, detail, self.reported, computed)

    def ratio(self, reported: Decimal, exact: Fraction, possible: Interval, detail: str) -> Finding:
        """A reported percentage against the same percentage computed from other figures."""
        computed = percent(exact, Basis.COMPUTED, possible)
        return self.finding(compare_rounded(reported, exact, possible), detail, computed)

    def whole_number(
        self, formula: str, point: Fraction | None, interval: Interval, minimum: int
    ) -> Finding:
        """GRIM: an implied count must have a whole number (from `minimum`) in its interval."""
        computed = Quantity(point, Kind.COUNT, Basis.IMPLIED, interval=interval)
        whole = interval.whole_numbers(minimum)
        if not whole:
            return self.finding(Verdict.INCONSISTENT, f"{formula} holds no whole number", computed)
        listed = ", ".join(str(n) for n in whole[:3]) + (", ..." if len(whole) > 3 else "")
        return self.finding(Verdict.CONSISTENT, f"{formula} allows {listed}", computed)


def share_against_region_total(
    delegation: Delegation, measure: Measure, amounts: Amounts
) -> Finding | None:
    share = delegation.reported_share_of_region.get(measure)
    if share is None:
        return None
    total = delegation.region_total.get(measure)
    own = delegation.signed.get(measure)
    assert own is not None
    rule = _Rule(
        "share_vs_region_total",
        f"{measure} share vs {delegation.region} total",
        percent(share, Basis.REPORTED),
    )
    if total is None:
        return rule.finding(Verdict.NOT_TESTABLE, f"the source gives no {delegation.region} total")
    total_interval = reported_interval(total)
    if total_interval.low <= 0:
        return rule.finding(Verdict.NOT_TESTABLE, "the region total may be zero")
    exact = share_percent(own, total)
    assert exact is not None  # the total is above zero
    possible = reported_interval(own).scaled(Fraction(100)) / total_interval
    detail = f"{amounts.text(measure, own)} / {amounts.text(measure, total)}"
    return rule.ratio(share, exact, possible, detail)


def share_whole_number(delegation: Delegation) -> Finding | None:
    """GRIM for a share of a count: the region total it implies must be a whole number."""
    share = delegation.reported_share_of_region.projects
    own = delegation.signed.projects
    assert own is not None
    if share is None:
        return None
    rule = _Rule(
        "share_whole_number",
        f"projects share: whole {delegation.region} total",
        percent(share, Basis.REPORTED),
    )
    formula = f"{own} / {share}%"
    implied = implied_region_total(own, share)
    if implied is None:
        return rule.finding(Verdict.NOT_TESTABLE, f"{formula} is undefined")
    point, interval = implied
    return rule.whole_number(formula, point, interval, minimum=own)


def region_total_holds_delegation(
    delegation: Delegation, measure: Measure, amounts: Amounts
) -> Finding | None:
    """A region's given total is at least what its delegation alone signed."""
    total = delegation.region_total.get(measure)
    if total is None:
        return None
    own = delegation.signed.get(measure)
    assert own is not None
    fits = reported_interval(own).low <= reported_interval(total).high
    shown_own, shown_total = amounts.text(measure, own), amounts.text(measure, total)
    return Finding(
        "region_total_holds_delegation",
        f"{delegation.region} {measure} total holds {delegation.name}'s",
        Verdict.CONSISTENT if fits else Verdict.INCONSISTENT,
        f"{shown_own} of {shown_total}",
        amounts.of(measure, total, Basis.REPORTED),
        amounts.of(measure, own, Basis.REPORTED),
    )


def growth_whole_number(delegation: Delegation, amounts: Amounts) -> Finding | None:
    """GRIM: a rounded growth rate on a count must leave a whole previous count possible."""
    growth = delegation.reported_growth.projects
    current = delegation.signed.projects
    assert current is not None
    if growth is None:
        return None
    rule = _Rule(
        "growth_whole_number",
        "projects growth: whole previous count",
        percent(growth, Basis.REPORTED),
    )
    implied = implied_previous(current, growth)
    formula = f"{current} / (1 + {growth}%)"
    if implied is None:
        return rule.finding(
            Verdict.INCONSISTENT, f"a growth of {growth}% leaves no positive count before"
        )
    if implied.interval is None:
        bound = amounts.text("projects", implied.at_least)
        detail = f"{formula}: the rate's rounding reaches -100%, so any count from {bound} fits"
        return rule.finding(Verdict.CONSISTENT, detail)
    # a rate of growth needs something before: at least one
    return rule.whole_number(formula, implied.point, implied.interval, minimum=1)


def growth_against_baseline(
    delegation: Delegation, measure: Measure, baseline: Baseline | None, amounts: Amounts
) -> Finding | None:
    growth = delegation.reported_growth.get(measure)
    if growth is None:
        return None
    rule = _Rule(
        "growth_vs_baseline", f"{measure} growth vs baseline", percent(growth, Basis.REPORTED)
    )
    if baseline is None:
        return rule.finding(Verdict.NOT_TESTABLE, "no baseline: give --baseline FILE")
    previous = baseline.signed.get(delegation.name)
    if previous is None:
        return rule.finding(Verdict.NOT_TESTABLE, baseline.missing(delegation.name))
    current = delegation.signed.get(measure)
    before = previous.get(measure)
    assert current is not None
    assert before is not None
    before_interval = reported_interval(before)
    if before_interval.high == 0:
        # an exact nothing before: no finite rate can be right
        return rule.finding(Verdict.INCONSISTENT, f"growth from {before} is undefined")
    if before_interval.low <= 0:
        return rule.finding(Verdict.NOT_TESTABLE, f"growth from {before} is unbounded")
    exact = growth_percent(current, before)
    assert exact is not None  # what came before is above zero
    possible = (reported_interval(current) / before_interval - Interval.exact(1)).scaled(
        Fraction(100)
    )
    shown_current = amounts.text(measure, current)
    shown_before = amounts.text(measure, before)
    detail = f"({shown_current} - {shown_before}) / {shown_before}"
    return rule.ratio(growth, exact, possible, detail)


def listed_items(delegation: Delegation) -> Iterator[Finding]:
    for activity in delegation.activities:
        for figure in activity.figures:
            named = figure.named
            if named is None:
                continue
            stated = figure.value
            assert isinstance(stated, int)
            listed = len(named.items)
            if named.listing == "complete":
                verdict = Verdict.CONSISTENT if listed == stated else Verdict.INCONSISTENT
                detail = f"{stated} stated, {listed} named (the complete list)"
            else:
                verdict = Verdict.CONSISTENT if listed <= stated else Verdict.INCONSISTENT
                detail = f"{stated} stated, {listed} named as examples"
            yield Finding(
                "listed_items",
                f"{activity.name}: {figure.name} vs named",
                verdict,
                detail,
                Quantity(stated, Kind.COUNT, Basis.REPORTED),
                Quantity(listed, Kind.COUNT, Basis.COMPUTED),
            )


_RELATION_WORDS = {
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
    "about": "about",
}


def claim_holds(delegation: Delegation, claim: Claim, amounts: Amounts) -> Finding:
    figure = delegation.signed.get(claim.figure)
    assert figure is not None
    value = Fraction(figure)
    bound = Fraction(claim.value)
    holds = {
        "more_than": value > bound,
        "at_least": value >= bound,
        "less_than": value < bound,
        "at_most": value <= bound,
        # "about 240" holds when the figure, rounded as the claim is printed, reads 240
        "about": round_half_up(value, decimals_of(claim.value)) == claim.value,
    }[claim.relation]
    return Finding(
        "claim",
        f"claim: {claim.statement}",
        Verdict.CONSISTENT if holds else Verdict.INCONSISTENT,
        f"{amounts.text(claim.figure, figure)} is {'' if holds else 'not '}"
        f"{_RELATION_WORDS[claim.relation]} {amounts.text(claim.figure, claim.value)}",
        amounts.of(claim.figure, claim.value, Basis.REPORTED),
        amounts.of(claim.figure, figure, Basis.REPORTED),
    )


def empty_categories(breakdown: Breakdown, amounts: Amounts) -> Finding | None:
    empty = [c for c in breakdown.categories if c.projects == 0 and c.investment > 0]
    if not any(c.projects == 0 for c in breakdown.categories):
        return None
    detail = ", ".join(
        f"{c.name}: 0 projects, {amounts.text('investment', c.investment)} {amounts.label}"
        for c in empty
    )
    return Finding(
        "empty_category",
        f"{breakdown.dimension}: no investment without projects",
        Verdict.INCONSISTENT if empty else Verdict.CONSISTENT,
        detail or "none",
    )


def dataset_findings(dataset: Dataset) -> Iterator[Finding]:
    fair = dataset.fair
    ordered = fair.start_date <= fair.end_date
    yield Finding(
        "fair_dates",
        "fair dates in order",
        Verdict.CONSISTENT if ordered else Verdict.INCONSISTENT,
        f"{fair.start_date} to {fair.end_date}",
    )
    same_year = fair.edition == fair.start_date.year
    yield Finding(
        "edition_year",
        "edition is the year held",
        Verdict.CONSISTENT if same_year else Verdict.INCONSISTENT,
        f"edition {fair.edition}, held {fair.start_date.year}",
    )
    published = dataset.source.published[:10]
    after = published >= fair.start_date.isoformat()
    yield Finding(
        "published_after_start",
        "published after the fair began",
        Verdict.CONSISTENT if after else Verdict.INCONSISTENT,
        f"published {dataset.source.published}, fair began {fair.start_date}",
    )


def region_agreement(
    region: str, delegations: list[Delegation], measure: Measure, amounts: Amounts
) -> Finding | None:
    """Delegations of one region must imply one region total that holds all of them."""
    if len(delegations) < 2:
        return None
    implied: list[tuple[str, Interval]] = []
    for delegation in delegations:
        own = delegation.signed.get(measure)
        share = delegation.reported_share_of_region.get(measure)
        total = delegation.region_total.get(measure)
        assert own is not None
        if share is not None:
            solved = implied_region_total(own, share)
            if solved is not None:
                implied.append((f"{delegation.name}'s {share}%", solved[1]))
        if total is not None:
            implied.append((f"{delegation.name}'s total", reported_interval(total)))
    if not implied:
        return None
    low = max(interval.low for _, interval in implied)
    high = min(interval.high for _, interval in implied)
    together = sum(
        (reported_interval(d.signed.get(measure)) for d in delegations),  # type: ignore[arg-type]
        Interval.exact(0),
    )
    names = ", ".join(d.name for d in delegations)
    rule = _Rule("region_agreement", f"{region} {measure} implied by {names}")

    def shown(interval: Interval) -> str:
        ends = (
            amounts.text(measure, interval.low, up=False),
            amounts.text(measure, interval.high, up=True),
        )
        return "[{}, {}]".format(*ends)

    sources = "; ".join(f"{who} gives {shown(interval)}" for who, interval in implied)
    if low > high:
        return rule.finding(Verdict.INCONSISTENT, f"no one total fits: {sources}")
    if together.low > high:
        detail = f"the delegations together, {shown(together)}, exceed {shown(Interval(low, high))}"
        return rule.finding(Verdict.INCONSISTENT, detail)
    return rule.finding(Verdict.CONSISTENT, f"one total fits: {sources}")


def delegation_findings(
    delegation: Delegation, baseline: Baseline | None, amounts: Amounts
) -> Iterator[Finding]:
    for breakdown in delegation.breakdowns:
        for measure in MEASURES:
            yield parts_sum(delegation, breakdown, measure, amounts)
        empty = empty_categories(breakdown, amounts)
        if empty is not None:
            yield empty
    for measure in MEASURES:
        for finding in (
            share_in_range(delegation, measure),
            share_against_region_total(delegation, measure, amounts),
            region_total_holds_delegation(delegation, measure, amounts),
        ):
            if finding is not None:
                yield finding
    share_whole = share_whole_number(delegation)
    if share_whole is not None:
        yield share_whole
    whole = growth_whole_number(delegation, amounts)
    if whole is not None:
        yield whole
    for measure in MEASURES:
        finding = growth_against_baseline(delegation, measure, baseline, amounts)
        if finding is not None:
            yield finding
    yield from listed_items(delegation)
    for claim in delegation.claims:
        yield claim_holds(delegation, claim, amounts)


def check_report(
    dataset: Dataset,
    *,
    baseline: Dataset | None = None,
    unit: str | None = None,
    delegation: str | None = None,
) -> tuple[Report, bool]:
    """Run every rule the data allows; also say whether anything was inconsistent."""
    amounts = Amounts.for_dataset(dataset, unit)
    earlier = Baseline.of(dataset, baseline) if baseline is not None else None
    report = Report(f"{dataset.fair.short_name} {dataset.fair.edition}: checks", CHECK_COLUMNS)
    findings = list(dataset_findings(dataset))
    report.sections.append(Section("Fair and source", rows=[f.row() for f in findings]))
    chosen = select_delegations(dataset, delegation)
    regions: dict[str, list[Delegation]] = {}
    for item in chosen:
        regions.setdefault(item.region, []).append(item)
    across = [
        finding
        for region, members in regions.items()
        for measure in MEASURES
        if (finding := region_agreement(region, members, measure, amounts)) is not None
    ]
    if across:
        report.sections.append(Section("Across delegations", rows=[f.row() for f in across]))
        findings.extend(across)
    for item in chosen:
        own = list(delegation_findings(item, earlier, amounts))
        report.sections.append(Section("Consistency", item.name, [f.row() for f in own]))
        findings.extend(own)
    counts = {verdict: sum(f.verdict == verdict for f in findings) for verdict in VERDICTS}
    report.footnotes.append(
        f"{len(findings)} checks: {counts[Verdict.CONSISTENT]} consistent, "
        f"{counts[Verdict.WITHIN_ROUNDING]} consistent only within rounding, "
        f"{counts[Verdict.INCONSISTENT]} inconsistent, "
        f"{counts[Verdict.NOT_TESTABLE]} not testable."
    )
    return report, counts[Verdict.INCONSISTENT] > 0
