"""The audit: every figure and relation of the loaded releases as one system of statements,
solved together, and one verdict per statement with its reason.

Each printed figure, stated relation (share, growth, average, record, rank) and structural fact
(the categories of a dimension make up their scope; a scope lies within its parent; one source
printing a quantity in two currencies converts between them) becomes a *claim*: a statement of
the engine in `solve`, which knows how to say what it is and how to judge itself against the
others. A claim whose scope the release leaves open is tested under each reading, and believed
under none.

The verdicts are described in `verdicts`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import TYPE_CHECKING

from fairstats.derive import one_plus, printed_quantity, result_kind
from fairstats.intervals import (
    INF,
    NON_NEGATIVE,
    ONE,
    POSITIVE,
    UP,
    ZERO,
    Interval,
    printed_interval,
)
from fairstats.model import (
    AMOUNT,
    COUNT,
    PREVIOUS,
    Average,
    Growth,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Release,
    Share,
)
from fairstats.results import Basis, Phrase, Quantity, Unit
from fairstats.series import EditionKey, Series, edition_label
from fairstats.series import Quantity as Key
from fairstats.solve import (
    DEFAULT_LIMITS,
    Analysis,
    Limits,
    Propagator,
    System,
    analyse,
    domains_without_each,
    minimal_conflict,
    statements_in,
)

if TYPE_CHECKING:
    from fairstats.model import Measure


from fairstats import wording
from fairstats.claims import (
    AverageClaim,
    ChangeClaim,
    Claim,
    ConversionClaim,
    GrowthClaim,
    ListedClaim,
    PartsClaim,
    RankOrder,
    RatioClaim,
    RecordOrder,
    ShareClaim,
    ValueClaim,
    WithinClaim,
    _refs,
)
from fairstats.verdicts import (
    _PREFERENCE,
    Evaluation,
    Operands,
    Verdict,
    join,
    scaled,
    unbounded,
)
from fairstats.wording import (
    MAX_LISTED,
    NOT_LOADED,
    ONLY_A_BOUND,
    beyond_support,
    in_conflict,
    over_reading,
    quantity_label,
    solved_for,
    statement_as_printed,
)

__all__ = ["Audit"]

# An interval end past this power of ten times the largest printed figure of its measure is
# supported by no figure (see Audit._supported).
SUPPORT_POWER = 15


class Audit:
    """The claims of every loaded release, solved together and judged, within `limits`."""

    def __init__(self, series: Series, limits: Limits = DEFAULT_LIMITS) -> None:
        self.series = series
        self.limits = limits
        self.system = System()
        self.vars: dict[Key, int] = {}
        self.by_edition: dict[EditionKey, list[Key]] = {}
        self.var_kinds: dict[Key, str] = {}
        self.rates: dict[tuple[str, str, str], int] = {}
        self.claims: list[Claim] = []
        self.readings: dict[int, list[Claim]] = {}  # id(relation) -> its readings
        self.printings: dict[Key, list[ValueClaim]] = {}
        self.release_printings: dict[int, list[ValueClaim]] = {}  # by id() of the release
        self.conversions: dict[tuple[str, str, str], list[ConversionClaim]] = {}
        self.measures: dict[tuple[str, str], Measure] = {}
        self.rests: dict[Key, tuple[Key, Key]] = {}  # a whole less a part: (part, whole)
        self.rest_of: dict[tuple[Key, Key], Key] = {}
        self._rest_claims: dict[Key, list[ShareClaim]] = {}
        for release in series.releases:
            for measure in release.measures.values():
                self.measures.setdefault((release.fair.id, measure.id), measure)
        self._build()
        main = [claim.index for claim in self.claims if claim.reading is None]
        weights = [claim.weight for claim in self.claims]
        self.analysis: Analysis = analyse(self.system, main, weights, limits)
        self.beyond_support = False  # whether some interval end was too far out to show
        self._limits = self._support_limits()
        for key, variable in self.vars.items():
            domains = self.analysis.domains
            domains[variable] = self._supported(key, domains[variable])
        self._believed = set(self.analysis.believed)
        self._users = self._users_of_variables()
        self._without: dict[int, dict[int, Interval]] | None = None
        self._above: dict[Key, list[int]] = {}
        self._stating: dict[int, list[Claim]] | None = None
        self.reading_conflicts: list[list[int]] = []
        self._printed_alike: set[tuple[object, ...]] | None = None
        self._doubted_twins: dict[int, list[int]] | None = None

    # Building -------------------------------------------------------------------------------

    def _add(self, claim: Claim) -> Claim:
        claim.index = self.system.statement()
        self.claims.append(claim)
        claim.build(self)
        return claim

    def _build(self) -> None:
        later: list[tuple[Release, Relation]] = []
        for release in self.series.releases:
            for figure in release.figures:
                if figure.printed is None:
                    continue
                key = self.key(release, figure.ref, None)
                claim = ValueClaim(release, figure, key)
                self._add(claim)
                self.printings.setdefault(key, []).append(claim)
                self.release_printings.setdefault(id(release), []).append(claim)
                if figure.listing is not None:
                    self._add(ListedClaim(release, figure, key))
            for relation in release.relations:
                if isinstance(relation, (RecordClaim, Rank)):
                    later.append((release, relation))
                else:
                    self._add_relation(release, relation)
        for release in self.series.releases:
            self._add_structure(release)
        for release, relation in later:
            self._add_relation(release, relation)
        for printings in self.printings.values():
            first = next((claim for claim in printings if claim.exact), None)
            if first is not None:
                first.first = True
        self._add_rests()

    def _add_rests(self) -> None:
        """The rest of a whole that a share leaves unknown (Liaoning's investment less
        Dalian's): a quantity of its own, which `share` shows and `check` lists. It is no
        variable of the system: a quantity only the share speaks of would narrow nothing
        else, and thousands of shares would cost thousands of sums (see `_rest_solution`)."""
        for claim in self.claims:
            if not isinstance(claim, ShareClaim):
                continue
            part, whole = claim.quantities()
            if (
                part.scope == whole.scope
                or (part.edition, part.measure, part.unit)
                != (whole.edition, whole.measure, whole.unit)
                # where both are printed, the rest is a subtraction, not a finding
                or all(any(p.exact for p in self.printings.get(k, ())) for k in (part, whole))
                # a share that may pass 100% does not say the part lies within the whole
                or printed_interval(claim.printed).hi > 100
            ):
                continue
            scope = f"{whole.scope} excluding {part.scope}"
            rest = Key(whole.edition, scope, whole.measure, whole.unit)
            self.rests[rest] = (part, whole)
            self.rest_of[part, whole] = rest
            self._rest_claims.setdefault(rest, []).append(claim)

    def _rest_solution(self, rest: Key) -> Interval | None:
        """What the believed shares and the solution allow a rest: whole - part, and for each
        share k, whole * (1 - k) and part * (1/k - 1), each rounded input used once (the
        difference alone counts the rounding of a printed part or whole twice)."""
        claims = [claim for claim in self._rest_claims[rest] if self.believed(claim)]
        if not claims:
            return None
        part, whole = (self.analysis.domains[self.vars[key]] for key in self.rests[rest])
        one = Interval.point(ONE)
        found = (whole - part).non_negative() or Interval.point(ZERO)
        for claim in claims:
            share = claim.factor(printed_interval(claim.printed)).non_negative()
            assert share is not None  # else its factor could be no value: it would be doubted
            bounds = [(one - share, whole)]
            if share.lo > 0:
                bounds.append(((one.over(share) or one) - one, part))
            for factor, base in bounds:
                found = found.intersect((factor.non_negative() or one).times(base)) or found
        if self.kind_of(rest) == COUNT:
            found = found.whole() or found
        return self._supported(rest, found)

    def _add_relation(self, release: Release, relation: Relation) -> None:
        readings = max(len(ref.scopes) for ref in _refs(relation))
        for reading in range(readings) if readings > 1 else (None,):
            claim: Claim
            if isinstance(relation, Share):
                claim = ShareClaim(release, relation, reading)
            elif isinstance(relation, Growth):
                claim = (ChangeClaim if relation.change else GrowthClaim)(
                    release, relation, reading
                )
            elif isinstance(relation, Average):
                claim = AverageClaim(release, relation, reading)
            elif isinstance(relation, RecordClaim):
                claim = RecordOrder(release, relation, reading)
            else:
                claim = RankOrder(release, relation, reading)
            self._add(claim)
            if reading is not None:
                self.readings.setdefault(id(relation), []).append(claim)

    def _add_structure(self, release: Release) -> None:
        edition = self.series.edition_of(release).key
        in_edition = list(self.by_edition.get(edition, ()))
        by_scope: dict[str, set[tuple[str, str]]] = {}
        for key in in_edition:
            by_scope.setdefault(key.scope, set()).add((key.measure, key.unit))
        for index, dimension in enumerate(release.dimensions):
            units = {mu for category in dimension.categories for mu in by_scope.get(category, ())}
            # the release's own measures in its order, then those another file of the
            # edition gives its categories
            order = {measure: place for place, measure in enumerate(release.measures)}
            for measure, unit in sorted(
                units, key=lambda mu: (order.get(mu[0], len(order)), mu[0], mu[1])
            ):
                whole = Key(edition, dimension.of, measure, unit)
                parts = [Key(edition, category, measure, unit) for category in dimension.categories]
                self._add(PartsClaim(release, dimension, whole, parts, index))
        in_edition = list(self.by_edition.get(edition, ()))
        scopes = release.scopes
        for key in in_edition:
            scope = scopes.get(key.scope)
            if (
                scope is None
                or scope.dimension is not None
                or self.kind_of(key) not in (COUNT, AMOUNT)
            ):
                continue
            parent = scope.within
            while parent is not None:
                parent_key = Key(edition, parent, key.measure, key.unit)
                if parent_key in self.vars:
                    place = f"$.scopes[{list(scopes).index(scope.id)}].within"
                    self._add(WithinClaim(release, place, key, parent_key))
                    break
                parent = scopes[parent].within if parent in scopes else None
        self._add_conversions(release)

    def _add_conversions(self, release: Release) -> None:
        """A source that prints one quantity in two currencies converts between them, at one
        rate for all its conversions; the figure it converts is its plain printing where it
        has one ("about 103.5 billion dollars" where that is all it prints)."""
        by_quantity: dict[tuple[str, EditionKey, str, str], list[ValueClaim]] = {}
        for claim in self.release_printings.get(id(release), ()):
            key = claim.key
            group = (claim.figure.source, key.edition, key.scope, key.measure)
            by_quantity.setdefault(group, []).append(claim)
        for (source, _edition, _scope, measure), claims in by_quantity.items():
            by_unit: dict[str, ValueClaim] = {}
            for claim in sorted(claims, key=lambda c: not c.exact):  # plain printings first
                by_unit.setdefault(claim.key.unit, claim)
            if len(by_unit) < 2:
                continue
            declared = release.measures[measure].unit
            anchor = by_unit.get(declared) or next(iter(by_unit.values()))
            for unit, other in by_unit.items():
                if other is anchor:
                    continue
                rate = (f"{release.label}:{source}", anchor.key.unit, unit)
                conversion = ConversionClaim(release, source, anchor, other, rate)
                self._add(conversion)
                self.conversions.setdefault(rate, []).append(conversion)

    def key(self, release: Release | None, ref: Ref, reading: int | None) -> Key:
        assert release is not None
        edition = self.series.resolve(release, ref.edition)
        scope = ref.scopes[reading or 0] if len(ref.scopes) > 1 else ref.scope
        return Key(edition, scope, ref.measure, ref.unit)

    def lies_within(self, part: Key, whole: Key) -> bool:
        """Whether a release puts the part's scope inside the whole's (at any depth), for one
        count or amount of one edition."""
        if (part.edition, part.measure, part.unit) != (whole.edition, whole.measure, whole.unit):
            return False
        if self.kind_of(part) not in (COUNT, AMOUNT):
            return False
        loaded = self.series.loaded(part.edition)
        for release in loaded.releases if loaded is not None else ():
            scope = release.scopes.get(part.scope)
            seen: set[str] = set()
            while scope is not None and scope.within is not None and scope.id not in seen:
                seen.add(scope.id)
                if scope.within == whole.scope:
                    return True
                scope = release.scopes.get(scope.within)
        return False

    def kind_of(self, key: Key) -> str:
        measure = self.measures.get((key.edition.fair, key.measure))
        return measure.kind if measure is not None else AMOUNT

    def var(self, key: Key) -> int:
        found = self.vars.get(key)
        if found is None:
            found = self.system.variable(NON_NEGATIVE, integer=self.kind_of(key) == COUNT)
            self.vars[key] = found
            self.by_edition.setdefault(key.edition, []).append(key)
        return found

    def rate_var(self, rate: tuple[str, str, str]) -> int:
        found = self.rates.get(rate)
        if found is None:
            found = self.system.variable(POSITIVE)
            self.rates[rate] = found
        return found

    # What the claims ask of the others ------------------------------------------------------

    def _users_of_variables(self) -> dict[int, set[int]]:
        users: dict[int, set[int]] = {}
        for primitive in self.system.primitives:
            if primitive.statement in self._believed:
                for variable in primitive.operands:
                    users.setdefault(variable, set()).add(primitive.statement)
        return users

    def believed(self, claim: Claim) -> bool:
        return claim.index in self._believed

    def point_printing(self, key: Key, claim: Claim) -> ValueClaim | None:
        """The exact printing of a quantity to compute with: one of the claim's own source if
        there is one, else the first; never the claim itself, never a doubted one."""
        # A doubted claim is compared with what it conflicts with, doubted or not.
        doubted = not self.believed(claim)
        # (scans stop at the first fit: a figure printed thousands of times costs no more)
        fits = (
            printing
            for printing in self.printings.get(key, ())
            if printing.exact and printing is not claim and (doubted or self.believed(printing))
        )
        source = claim.source()
        first = None
        for printing in fits:
            if printing.figure.source == source and printing.release is claim.release:
                return printing
            if first is None:
                first = printing
                if source is None:
                    break
        return first

    def point(self, key: Key, claim: Claim) -> Fraction | None:
        printing = self.point_printing(key, claim)
        return None if printing is None else printing.point()

    def others_interval(self, key: Key, claim: Claim) -> Interval | None:
        """What the statements other than `claim` allow a quantity, in units of one: its
        printings, or else the solution without the claim; None when nothing else says
        anything of it."""
        allowed: Interval | None = None
        for printing in self.printings.get(key, ()):
            if printing is claim or not self.believed(printing):
                continue
            own = printing.allowed()
            allowed = own if allowed is None else (allowed.intersect(own) or allowed)
        if allowed is not None and not unbounded(allowed):
            return allowed
        # nothing printed, or only a bound ("more than 300 billion"): what the others imply
        variable = self.vars.get(key)
        if variable is None:
            return allowed
        if not any(user != claim.index for user in self._bounding_above(key, variable)):
            return allowed  # at most a lower bound: nothing to test against, so no solving
        domain = self.domain_without(claim, variable)
        return domain if domain != NON_NEGATIVE else allowed

    def _bounding_above(self, key: Key, variable: int) -> list[int]:
        """Two of the believed statements that can bound a quantity from above (two are
        enough to know whether one other than a given claim does), found once per quantity:
        a region total may be used by thousands of statements."""
        found = self._above.get(key)
        if found is None:
            found = []
            for user in self.users(variable):
                if self.claims[user].bounds_above(key):
                    found.append(user)
                    if len(found) == 2:
                        break
            self._above[key] = found
        return found

    def operands(self, keys: Sequence[Key], claim: Claim) -> Operands | Key:
        """Each quantity's printed point and what the others allow it; or the first quantity
        that nothing else bounds (the claim cannot be tested)."""
        points: list[Fraction | None] = []
        intervals: list[Interval] = []
        for key in keys:
            point = self.point(key, claim)
            interval = self.others_interval(key, claim)
            if interval is None or (point is None and unbounded(interval)):
                return key
            points.append(point)
            intervals.append(interval)
        return Operands(points, intervals)

    def users(self, variable: int) -> set[int]:
        return self._users.get(variable, set())

    def domain_without(self, claim: Claim, variable: int) -> Interval:
        """A variable's interval under the believed statements other than the claim and its
        twins (the same statement printed again): a statement is never its own evidence. A
        doubted claim is already left out of the solution."""
        if claim.index not in self._believed:
            return self.analysis.domains[variable]
        if self._without is None:
            # only a claim with a row of its own is judged, and only one about a quantity no
            # other printing gives asks the solution; the rest (a figure's first printing)
            # stays in it throughout
            self._without = self._solve_without_each(
                [
                    group
                    for group in self.system.twins(self.analysis.believed)
                    if any(self._asks_solution(self.claims[twin]) for twin in group)
                ]
            )
        return self._without[claim.index].get(variable, self.analysis.domains[variable])

    def _asks_solution(self, claim: Claim) -> bool:
        """Whether judging a claim may need the solution without it: it has a row, and some
        quantity of it has no believed exact printing but its own (see others_interval)."""
        return claim.shown and any(
            not any(
                printing is not claim and printing.exact and self.believed(printing)
                for printing in self.printings.get(key, ())
            )
            for key in claim.quantities()
        )

    def stating(self, relation: Relation) -> list[Claim]:
        """The claims a relation became (one, or one per reading)."""
        if self._stating is None:
            self._stating = {}
            for claim in self.claims:
                if claim.relation is not None:
                    self._stating.setdefault(id(claim.relation), []).append(claim)
        return self._stating.get(id(relation), [])

    def notes(self) -> list[Phrase]:
        """What a report of the solution must say about how its numbers are shown."""
        return [beyond_support(SUPPORT_POWER)] if self.beyond_support else []

    def _support_limits(self) -> dict[tuple[str, str], Decimal]:
        """How far out an interval end of a measure can be shown: 10^15 times the largest
        figure printed of it (of any measure, for one never printed)."""
        largest: dict[tuple[str, str], Decimal] = {}
        for key, printings in self.printings.items():
            for printing in printings:
                value = printing.printed.value.copy_abs().scaleb(printing.printed.scale, UP)
                measure = (key.edition.fair, key.measure)
                largest[measure] = max(largest.get(measure, ONE), value)
        anywhere = max(largest.values(), default=ONE)
        limits = {measure: value.scaleb(SUPPORT_POWER, UP) for measure, value in largest.items()}
        limits[("", "")] = anywhere.scaleb(SUPPORT_POWER, UP)
        return limits

    def _supported(self, key: Key, interval: Interval) -> Interval:
        """An interval no wider than the printed figures can support: an end past the limit
        comes from rounding carried round a long chain, not from any figure, and a 100-digit
        number would only mislead, so the upper end becomes unbounded and the lower end the
        limit itself (both only widen it)."""
        limit = self._limits.get((key.edition.fair, key.measure), self._limits[("", "")])
        if interval.hi == INF or interval.hi <= limit:
            return interval
        self.beyond_support = True
        if interval.lo > limit:
            return Interval(limit, INF, lo_open=True)
        return Interval(interval.lo, INF, interval.lo_open)

    def _solve_without_each(self, groups: list[list[int]]) -> dict[int, dict[int, Interval]]:
        wanted = [
            {
                self.vars[key]
                for statement in group
                for key in self.claims[statement].quantities()
                if key in self.vars
            }
            for group in groups
        ]
        solved = domains_without_each(
            self.system, self.analysis.believed, groups, wanted, self.limits
        )
        keys = {variable: key for key, variable in self.vars.items()}
        for domains in solved:
            for variable, domain in domains.items():
                domains[variable] = self._supported(keys[variable], domain)
        return {
            statement: domains
            for group, domains in zip(groups, solved, strict=True)
            for statement in group
        }

    def implied_by(self, claim: RatioClaim, unknown: Key) -> Quantity | None:
        """What a claim says of a quantity nothing else gives: its point at the printed
        values, and the interval from the solution (narrowed to whole numbers for a count)."""
        variable = self.vars.get(unknown)
        interval = claim.implied_interval(self, unknown)
        if interval is None or variable is None:
            return None
        solved = self._supported(
            unknown, self.analysis.domains[variable] if self.believed(claim) else interval
        )
        if self.kind_of(unknown) == COUNT:
            solved = solved.whole() or solved
        point = self._implied_point(unknown, solved, claim.implied_point(self, unknown))
        return self._implied_figure(unknown, solved, point)

    def implied_formula(self, claim: RatioClaim, unknown: Key) -> Phrase:
        a_key, b_key = claim.quantities()
        known = a_key if unknown == b_key else b_key
        value, reported = self.value_quantity(known, claim), claim.reported(self)
        return solved_for(value, one_plus(reported) if claim.growth else reported)

    # Words ----------------------------------------------------------------------------------

    def display_unit(self, key: Key) -> Unit:
        """The unit a quantity is shown in: its first printing's, else its measure's."""
        printings = self.printings.get(key)
        if printings:
            return printings[0].unit
        measure = self.measures.get((key.edition.fair, key.measure))
        scale = measure.scale if measure is not None else 0
        return Unit(key.unit, scale)

    def point_quantity(self, key: Key, claim: Claim) -> Quantity | None:
        """A quantity's plain printing to compute with (see point_printing), as printed."""
        printing = self.point_printing(key, claim)
        return None if printing is None else printing.reported(self)

    def qualified(self, key: Key) -> list[Quantity]:
        """A quantity's printings that are not plain values ("more than 430", "about 103.5"),
        as printed."""
        printings = self.printings.get(key, ())
        return [printing.reported(self) for printing in printings if not printing.exact]

    def figure_as_printed(self, key: Key, claim: Claim) -> Quantity:
        """A quantity's figure as a sentence names it: a plain printing; else a qualified one,
        as printed ("more than 3600"), rather than the interval it allows; else what the
        other statements allow it."""
        found = self.point_quantity(key, claim)
        if found is not None:
            return found
        doubted = not self.believed(claim)
        qualified = next(
            (
                printing
                for printing in self.printings.get(key, ())
                if printing is not claim and (doubted or self.believed(printing))
            ),
            None,
        )
        return self.value_quantity(key, claim) if qualified is None else qualified.reported(self)

    def value_quantity(self, key: Key, claim: Claim) -> Quantity:
        """A quantity's figure as a claim computes with it: a printing, or its interval."""
        printing = self.point_printing(key, claim)
        kind = result_kind(self.kind_of(key))
        if printing is not None:
            return printed_quantity(printing.printed, printing.unit, kind)
        unit = self.display_unit(key)
        interval = self.others_interval(key, claim)
        return Quantity(
            None,
            kind,
            Basis.IMPLIED,
            unit,
            None if interval is None else interval.shifted(-unit.scale),
        )

    def scope_name(self, key: Key, release: Release | None) -> str:
        rest = self.rests.get(key)
        if rest is not None:
            part, whole = rest
            return f"{self.scope_name(whole, release)} excluding {self.scope_name(part, release)}"
        # the release that named the key holds its scope, and is one of its fair's
        return next(
            candidate.scopes[key.scope].name
            for candidate in self._releases_for(key.edition, release)
            if key.scope in candidate.scopes
        )

    def measure_name(self, measure_id: str, release: Release | None) -> str:
        for candidate in self.series.releases if release is None else (release,):
            measure = candidate.measures.get(measure_id)
            if measure is not None:
                return measure.name
        return measure_id

    def _releases_for(self, edition: EditionKey, release: Release | None) -> Iterator[Release]:
        """Where to look up names: the release itself, the edition's releases, then any
        release of the same fair (scopes keep their ids from edition to edition)."""
        loaded = self.series.loaded(edition)
        # lazily: the first of them is nearly always the one
        return chain(
            () if release is None else (release,),
            () if loaded is None else loaded.releases,
            chain.from_iterable(
                editions.releases for editions in self.series.editions.get(edition.fair, ())
            ),
        )

    def key_label(self, key: Key, release: Release | None) -> str:
        """A quantity's name (see wording.quantity_label): the currency where the measure is
        printed in another, the edition where it is not the release's own."""
        own = release.measures.get(key.measure) if release is not None else None
        measure = own or self.measures.get((key.edition.fair, key.measure))
        converted = measure is not None and measure.kind == AMOUNT and key.unit != measure.unit
        this = self.series.edition_of(release).key if release is not None else None
        return quantity_label(
            self.scope_name(key, release),
            measure.name if measure is not None else key.measure,
            currency=key.unit if converted else None,
            edition=self.edition_name(key.edition, release) if key.edition != this else None,
        )

    def edition_name(self, edition: EditionKey, release: Release | None) -> str:
        known = next(self._releases_for(edition, release), None)
        return wording.edition_name(
            known.fair.short_name if known is not None else edition.fair,
            edition_label(edition),
            previous=release is not None and self.series.resolve(release, PREVIOUS) == edition,
        )

    def _printing_facts(self, claim: Claim) -> tuple[str, Quantity | None, str, str | None]:
        """What names a statement as printed: its words, its number, its edition, its source."""
        release = claim.release
        edition = (
            "" if release is None else self.edition_name(self.series.edition_of(release).key, None)
        )
        return claim.label(self), claim.reported(self), edition, claim.source()

    def statement_name(self, claim: Claim) -> Phrase:
        """A statement as printed, with its edition and source, and its place in its file
        where another statement would read the same (a figure entered twice), so that no two
        statements, and no two conflicts, are named alike."""
        facts = self._printing_facts(claim)
        if self._printed_alike is None:
            seen: set[tuple[object, ...]] = set()
            self._printed_alike = set()
            for other in self.claims:
                other_facts = self._printing_facts(other)
                (self._printed_alike if other_facts in seen else seen).add(other_facts)
        place = claim.place if facts in self._printed_alike else None
        return statement_as_printed(*facts, place)

    def why_missing(self, key: Key, release: Release | None) -> str:
        """Why nothing gives a quantity (see wording.nothing_else_gives): only a bound is
        printed ("more than 430"), another edition is not loaded, or it is simply not
        printed."""
        if any(not printing.exact for printing in self.printings.get(key, ())):
            return ONLY_A_BOUND
        if (
            release is not None
            and key.edition != self.series.edition_of(release).key
            and (self.series.loaded(key.edition) is None)
        ):
            return NOT_LOADED
        return ""

    # Judging --------------------------------------------------------------------------------

    def judged(self) -> list[tuple[Claim, Evaluation]]:
        """Every claim with a row, judged; readings of one relation as one row."""
        rows: list[tuple[Claim, Evaluation]] = []
        done: set[int] = set()
        for claim in self.claims:
            if not claim.shown:
                if claim.index in self.analysis.suspects:
                    rows.append((claim, self._doubted(claim, claim.evaluate(self))))
                continue
            if claim.reading is not None:
                relation = claim.relation
                if id(relation) in done:
                    continue
                done.add(id(relation))
                rows.append((claim, self._readings(self.readings[id(relation)])))
                continue
            evaluation = claim.evaluate(self)
            if claim.index in self.analysis.suspects:
                evaluation = self._doubted(claim, evaluation)
            elif isinstance(claim, ValueClaim) and evaluation.verdict == Verdict.NOT_TESTABLE:
                continue  # a figure with nothing to compare is data, not a check
            rows.append((claim, evaluation))
        return rows

    def _doubted(self, claim: Claim, evaluation: Evaluation) -> Evaluation:
        """A doubted claim, worded from the conflicts that doubt it: what it was judged
        against alone may be nothing (a doubted statement is left out of the solution), and
        "nothing else gives" would deny the very statements it conflicts with."""
        group = set(self._suspect_twins().get(claim.index, (claim.index,)))
        numbers: list[int] = []
        others: list[int] = []
        for number, conflict in enumerate(self.analysis.conflicts, 1):
            if group.isdisjoint(conflict):
                continue
            numbers.append(number)
            others.extend(i for i in conflict if i not in group and i not in others)
        detail = self._against(evaluation, others, numbers)
        return Evaluation(Verdict.INCONSISTENT, detail, evaluation.reported, evaluation.computed)

    def _against(self, evaluation: Evaluation, others: list[int], numbers: list[int]) -> Phrase:
        """The detail of a claim found inconsistent: its own comparison where that shows it,
        else the statements it cannot hold with, as printed."""
        shown = evaluation.verdict == Verdict.INCONSISTENT
        named = [] if shown else [self.statement_name(self.claims[i]) for i in others[:MAX_LISTED]]
        own = None if evaluation.verdict == Verdict.NOT_TESTABLE else evaluation.detail
        return in_conflict(own, numbers, named, len(others))

    def _suspect_twins(self) -> dict[int, list[int]]:
        """Each doubted statement's twins (itself included): a twin of a statement in a
        conflict is doubted with it, and is in that conflict too."""
        if self._doubted_twins is None:
            self._doubted_twins = {
                statement: group
                for group in self.system.twins(sorted(self.analysis.suspects))
                for statement in group
            }
        return self._doubted_twins

    def _readings(self, readings: list[Claim]) -> Evaluation:
        """A relation whose scope is uncertain: each reading tested against the believed
        statements; the relation holds as well as its best reading."""
        propagator = Propagator(self.system, explain=True, limits=self.limits)
        propagator.add_all(self.analysis.believed)
        judged: list[tuple[str, Evaluation]] = []
        cores: list[list[int]] = []
        for claim in readings:
            mask = propagator.probe(claim.index)
            evaluation = claim.evaluate(self)
            if mask is not None:
                core = minimal_conflict(
                    self.system, [*statements_in(mask), claim.index], limits=self.limits
                )
                cores.append(core)
                others = [i for i in core if i != claim.index]
                evaluation = Evaluation(
                    Verdict.INCONSISTENT,
                    self._against(evaluation, others, []),
                    evaluation.reported,
                    evaluation.computed,
                )
            assert claim.release is not None
            # (the reader took each reading's scope from the release's own scopes)
            judged.append((claim.release.scopes[claim.reading_scope()].name, evaluation))
        best = min((e for _, e in judged), key=lambda e: _PREFERENCE.index(e.verdict))
        detail = join([over_reading(name, e.verdict, e.detail) for name, e in judged])
        if best.verdict == Verdict.INCONSISTENT:  # no reading holds: its conflicts are real
            self.reading_conflicts.extend(c for c in cores if c not in self.reading_conflicts)
        return Evaluation(best.verdict, detail, best.reported, best.computed)

    def given(self, key: Key) -> bool:
        """Whether a believed printing gives a quantity exactly."""
        return any(p.exact and self.believed(p) for p in self.printings.get(key, ()))

    def implied(self) -> list[tuple[Key, Interval, Fraction | None]]:
        """Every quantity no figure gives that the believed statements bound, with its
        interval (and its value when one statement alone implies it)."""
        found = []
        for key in [*self.vars, *self.rests]:
            if not self.given(key):
                solved = self.solution(key)
                if solved is not None:
                    found.append((key, *solved))
        return found

    def solution(self, key: Key) -> tuple[Interval, Fraction | None] | None:
        """What all the believed statements allow a quantity, in units of one: the one
        interval every report shows of it, with its value where one statement alone implies
        it; None where they do not bound it."""
        implying: list[RatioClaim]
        if key in self.rests:
            found = self._rest_solution(key)
            implying = [c for c in self._rest_claims[key] if self.believed(c)]
        else:
            variable = self.vars.get(key)
            users = self.users(variable) if variable is not None else set()
            found = self.analysis.domains[variable] if variable is not None and users else None
            implying = [c for c in (self.claims[u] for u in users) if isinstance(c, RatioClaim)]
        if found is None or found.hi == INF:
            return None
        point = implying[0].implied_point(self, key) if len(implying) == 1 else None
        return found, self._implied_point(key, found, point)

    def implied_quantity(self, key: Key) -> Quantity | None:
        """`solution` as a figure in the quantity's display unit."""
        solved = self.solution(key)
        return None if solved is None else self._implied_figure(key, *solved)

    def _implied_figure(self, key: Key, domain: Interval, point: Fraction | None) -> Quantity:
        """An implied quantity's interval and value (in units of one) in its display unit."""
        unit = self.display_unit(key)
        return Quantity(
            None if point is None else scaled(point, unit.scale),
            result_kind(self.kind_of(key)),
            Basis.IMPLIED,
            unit,
            domain.shifted(-unit.scale),
        )

    def _implied_point(self, key: Key, domain: Interval, point: Fraction | None) -> Fraction | None:
        """A count the rounding pins to one whole number is that number: 18, not 17.9995."""
        if domain.is_point and self.kind_of(key) == COUNT:
            return Fraction(domain.lo)
        return point
