"""Intervals propagated through statements: implied values, conflicts and a diagnosis.

The engine knows variables and statements, nothing of fairs. A variable is a non-negative
quantity, an exchange rate or a factor a statement prints (1 + 42.4%). A statement is a few
primitive constraints:

- MEMBER: x lies in an interval (a printed figure with its rounding and qualifier);
- SUM: the sum of +-x_i lies in an interval (parts of a whole, a scope inside another);
- PRODUCT: a = k * b, all non-negative (a share, a growth rate, an average, a conversion);
- RATIO: k = r whenever b (or a) is not zero, where r is the ratio a / b that every product of
  the same a and b shares (and k = 1 / r for a product the other way round, b = k * a).

Hull consistency alone never refutes two products of one pair whose factors cannot agree (a
growth of 1% and of 3% over one unknown base): with a or b unbounded, each narrowing only moves
the other's bound a little further, for ever. The RATIO link gives every product of a pair one
shared factor, so such factors meet at once.

Propagation narrows each variable's interval until nothing changes much (hull consistency, as
in interval constraint solvers), with every end rounded outward: an implied interval always
holds every value the statements allow. Each narrowing remembers which statements it rests on,
so an empty interval names statements that cannot hold together; a deletion filter shrinks
them to a minimal conflicting set, and the smallest sets of statements that meet every
conflict are the diagnosis: the statements to doubt.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING

from fairstats.intervals import DOWN, EVERYTHING, INF, NON_NEGATIVE, UP, Interval
from fairstats.record import Record

if TYPE_CHECKING:
    from fairstats.linear import Inequality

MEMBER, SUM, PRODUCT, RATIO = 0, 1, 2, 3
# A narrowing smaller than this share of the interval's width is kept, but does not wake the
# constraints that watch the variable: it guarantees an end to propagation around a cycle.
SIGNIFICANT = Decimal("1e-9")
_ONE = Interval.point(1)


class Limits(Record):
    """How far the engine searches: what it finds within these limits is sound; beyond them
    some conflict may go unreported (the statements it touches are named as undecided), and
    an implied interval may be wider than it could be. The defaults are the ones `check`
    uses; tests make them tiny to reach the fallbacks on small systems."""

    # Propagation: steps per primitive queued before it stops (a cycle pushing a bound for
    # ever); the sums and products among the last `recent_steps` steps are then decided
    # exactly, if they relate at most `max_linear_variables` variables and eliminating them
    # never makes more than `max_inequalities` inequalities.
    steps_per_primitive: int = 40
    recent_steps: int = 64
    max_linear_variables: int = 12
    max_inequalities: int = 4_000
    # The search for each rejected statement's conflicts (a hitting-set tree): conflicts
    # found, checks made, statements taken out at once, and the largest conflict searched.
    max_conflicts_per_statement: int = 8
    max_search_checks: int = 24
    max_search_depth: int = 3
    max_search_conflict_size: int = 12
    # Operands solved, over all checks of one analysis, and in shrinking one conflict.
    max_search_work: int = 5_000_000
    max_conflict_work: int = 500_000
    # Where a statement's conflicts are looked for: statements within so many shared
    # variables of it, and at most so many of them.
    neighbourhood_hops: int = 2
    neighbourhood_size: int = 150
    # The diagnosis is exact (every lightest hitting set) over at most so many statements,
    # for sets of at most so many; greedy beyond.
    exact_diagnosis_elements: int = 24
    exact_diagnosis_size: int = 4


DEFAULT_LIMITS = Limits()


class Primitive:
    __slots__ = ("factor", "kind", "operands", "statement", "target")

    def __init__(
        self,
        statement: int,
        kind: int,
        operands: tuple[int, ...],
        target: Interval | None = None,
        factor: tuple[int, ...] = (),
    ) -> None:
        self.statement = statement
        self.kind = kind
        self.operands = operands  # variables: MEMBER (x,), SUM (x_1..x_n), PRODUCT (a, k, b)
        self.target = target  # MEMBER: the interval; SUM: where the sum lies
        self.factor = factor  # SUM: the sign of each operand, +1 or -1
        # (RATIO: operands are k, the shared r, a and b)


class System:
    """Variables with their initial intervals, and statements made of primitives."""

    def __init__(self) -> None:
        self.domains: list[Interval] = []
        self.integer: list[bool] = []
        self.primitives: list[Primitive] = []
        self.parts: list[list[int]] = []  # statement -> its primitives
        self.watchers: list[list[int]] = []  # variable -> primitives that use it
        self.in_sums: list[list[tuple[int, int]]] = []  # variable -> (SUM primitive, position)
        self._work: list[int] = []  # statement -> its primitives' operands
        self._ratios: dict[tuple[int, int], int] = {}  # (a, b) -> the ratio its products share
        self._sums: dict[tuple[tuple[int, int], ...], int] = {}  # a sum's terms -> its value

    def variable(self, domain: Interval, *, integer: bool = False) -> int:
        self.domains.append((domain.whole() or domain) if integer else domain)
        self.integer.append(integer)
        self.watchers.append([])
        self.in_sums.append([])
        return len(self.domains) - 1

    def statement(self) -> int:
        self.parts.append([])
        return len(self.parts) - 1

    def _add(self, primitive: Primitive) -> None:
        index = len(self.primitives)
        self.primitives.append(primitive)
        self.parts[primitive.statement].append(index)
        for variable in set(primitive.operands):
            self.watchers[variable].append(index)
        if primitive.kind == SUM:
            for position, variable in enumerate(primitive.operands):
                self.in_sums[variable].append((index, position))

    def member(self, statement: int, variable: int, interval: Interval) -> None:
        self._add(Primitive(statement, MEMBER, (variable,), interval))

    def total(self, statement: int, terms: Sequence[tuple[int, int]], target: Interval) -> None:
        """sum(sign * variable) lies in `target`.

        The sum is a variable of its own, shared by every statement about the same sum (or its
        negation): two changes of one pair that cannot agree ("more than -6" and "less than
        -6") then meet in it at once, where narrowing the pair's bounds would get nowhere."""
        ordered = sorted((variable, sign) for sign, variable in terms)
        flip = -1 if ordered and ordered[0][1] < 0 else 1
        form = tuple((variable, sign * flip) for variable, sign in ordered)
        shared = self._sums.get(form)
        if shared is None:
            shared = self._sums[form] = self.variable(EVERYTHING)
        self._add(Primitive(statement, MEMBER, (shared,), target if flip > 0 else -target))
        self._add(
            Primitive(
                statement,
                SUM,
                (*(variable for variable, _ in form), shared),
                Interval.point(0),
                (*(sign for _, sign in form), -1),
            )
        )

    def product(self, statement: int, a: int, k: int, b: int) -> None:
        """a = k * b."""
        self._add(Primitive(statement, PRODUCT, (a, k, b)))
        # a = k * b and b = k' * a share one ratio: k is it, k' its inverse (taken only when
        # the pair has both orientations: an inverse is rounded, a ratio is exact)
        pair, inverted = ((b, a), -1) if (b, a) in self._ratios else ((a, b), 1)
        ratio = self._ratios.get(pair)
        if ratio is None:
            ratio = self._ratios[pair] = self.variable(NON_NEGATIVE)
        self._add(Primitive(statement, RATIO, (k, ratio, a, b), factor=(inverted,)))

    def work(self, statements: Sequence[int]) -> int:
        """What solving statements costs, in operands."""
        if len(self._work) < len(self.parts):
            self._work.extend(
                sum(len(self.primitives[p].operands) for p in self.parts[index])
                for index in range(len(self._work), len(self.parts))
            )
        return sum(self._work[statement] for statement in statements)

    def variables_of(self, statement: int) -> set[int]:
        return {v for p in self.parts[statement] for v in self.primitives[p].operands}

    def twins(self, statements: Iterable[int]) -> list[list[int]]:
        """The statements grouped by what they say: two printings of one figure, or of one
        relation, constrain the same variables in the same way (each through variables of its
        own, such as its factor, which are compared by their starting intervals)."""
        groups: dict[tuple[object, ...], list[int]] = {}
        for statement in statements:
            groups.setdefault(self._signature(statement), []).append(statement)
        return list(groups.values())

    def _signature(self, statement: int) -> tuple[object, ...]:
        own: dict[int, int] = {}

        def name(variable: int) -> object:
            if any(self.primitives[p].statement != statement for p in self.watchers[variable]):
                return variable  # shared with other statements: itself
            if variable not in own:
                own[variable] = len(own)
            return ("own", own[variable], self.domains[variable])

        return tuple(
            (
                primitive.kind,
                tuple(name(variable) for variable in primitive.operands),
                primitive.target,
                primitive.factor,
            )
            for primitive in (self.primitives[p] for p in self.parts[statement])
        )


class Propagator:
    """The intervals of every variable under a set of active statements.

    With `explain`, each variable remembers the statements its narrowings rest on (as a bit
    mask), so that a conflict can name them; `add` then undoes a statement that cannot hold
    with those already added.
    """

    def __init__(
        self, system: System, *, explain: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.system = system
        self.limits = limits
        self.domains = list(system.domains)
        self.explain = explain
        self.reasons = [0] * len(self.domains)
        self.active = bytearray(len(system.primitives))
        self.queued = bytearray(len(system.primitives))
        self.queue: deque[int] = deque()
        self.trail: list[tuple[int, Interval, int]] = []
        # SUM primitive -> the sums of its terms' low and high ends, kept up to date as the
        # terms narrow and are undone, so that waking a sum of thousands costs no new sum
        # (and which terms are not yet a single value: only those can narrow while the
        # target leaves the sum room)
        self.sums: dict[int, tuple[_EndSum, _EndSum, set[int]]] = {}

    def add_all(self, statements: Iterable[int]) -> int | None:
        """Add statements together; the conflict's mask, or None when they hold together."""
        for statement in statements:
            self._activate(statement)
        return self._run()

    def add(self, statement: int) -> int | None:
        """Add one statement; when it cannot hold with the others, undo it and return the mask
        of a conflicting set (it includes this statement)."""
        mark = len(self.trail)
        self._activate(statement)
        conflict = self._run()
        if conflict is not None:
            self.undo(mark)
            self._deactivate(statement)
        return conflict

    def probe_all(self, statements: list[int]) -> int | None:
        """Whether statements not yet added could all be, leaving the state as it was."""
        mark = len(self.trail)
        for statement in statements:
            self._activate(statement)
        conflict = self._run()
        self.undo(mark)
        for statement in statements:
            self._deactivate(statement)
        return conflict

    def probe(self, statement: int) -> int | None:
        """Whether a statement not yet added could be (the conflict's mask if not), leaving
        the state as it was."""
        mark = len(self.trail)
        self._activate(statement)
        conflict = self._run()
        self.undo(mark)
        self._deactivate(statement)
        return conflict

    def retract(self, mark: int, statements: Iterable[int]) -> None:
        """Take back statements added since `mark` (the length of the trail then)."""
        self.undo(mark)
        for statement in statements:
            self._deactivate(statement)

    def undo(self, mark: int) -> None:
        while len(self.trail) > mark:
            variable, domain, reason = self.trail.pop()
            self.domains[variable] = domain
            self.reasons[variable] = reason
            self._update_sums(variable, domain)

    def _update_sums(self, variable: int, domain: Interval) -> None:
        for primitive, position in self.system.in_sums[variable]:
            cached = self.sums.get(primitive)
            if cached is not None:
                sign = self.system.primitives[primitive].factor[position]
                term = domain if sign > 0 else -domain
                low, high, loose = cached
                low.replace(position, term.lo, term.lo_open)
                high.replace(position, term.hi, term.hi_open)
                if term.is_point:
                    loose.discard(position)
                else:
                    loose.add(position)

    def _activate(self, statement: int) -> None:
        # never queued yet: a run ends with the queue empty, and a primitive is one
        # statement's, activated once in a batch
        for primitive in self.system.parts[statement]:
            self.active[primitive] = 1
            self.queued[primitive] = 1
            self.queue.append(primitive)

    def _deactivate(self, statement: int) -> None:
        for primitive in self.system.parts[statement]:
            self.active[primitive] = 0

    def _run(self) -> int | None:
        budget = self.limits.steps_per_primitive * len(self.queue) + 1000
        recent: deque[int] = deque(maxlen=self.limits.recent_steps)
        unbounded: set[int] = set()  # sums and products applied with a side unbounded above
        while self.queue:
            primitive = self.queue.popleft()
            self.queued[primitive] = 0
            budget -= 1
            if budget < 0:
                # sound as it stands, only less narrow than it might be, unless the steps
                # went round a cycle that no values satisfy
                self._clear_queue()
                return self._linear_conflict(self._region(set(recent)))
            recent.append(primitive)
            conflict = self._apply(primitive)
            if conflict is not None:
                self._clear_queue()
                return conflict
            applied = self.system.primitives[primitive]
            if applied.kind in (SUM, PRODUCT) and any(
                self.domains[v].hi == INF for v in _linear_operands(applied)
            ):
                unbounded.add(primitive)
        # Bounds cannot refute proportions among quantities with no upper bound (B within A,
        # yet 101% of it, and A above zero): decide those exactly where they close a cycle
        # (on a tree of constraints, narrowing bounds alone is exact).
        if not unbounded:
            return None
        region = self._region(unbounded)
        return self._linear_conflict(region) if _cyclic(self.system, region) else None

    def _region(self, seeds: set[int]) -> set[int]:
        """The active sums and products linked to the seeds through shared variables, as many
        as the limits' linear variables allow (fewer constraints only relax the system)."""
        region: set[int] = set()
        variables: set[int] = set()
        kinds = (SUM, PRODUCT)
        frontier = sorted(seed for seed in seeds if self.system.primitives[seed].kind in kinds)
        while frontier:
            index = frontier.pop()
            if index in region:
                continue
            primitive = self.system.primitives[index]
            own = _linear_operands(primitive)
            if len(variables | own) > self.limits.max_linear_variables:
                continue
            region.add(index)
            for variable in own - variables:
                for watcher in self.system.watchers[variable]:
                    kind = self.system.primitives[watcher].kind
                    if self.active[watcher] and kind in kinds and watcher not in region:
                        frontier.append(watcher)
            variables |= own
        return region

    def _linear_conflict(self, primitives: set[int]) -> int | None:
        """Whether the sums and products among `primitives`, with every variable in its
        current interval, have no solution at all (a relaxation: each product's factor is
        taken anywhere in its interval, whole numbers as any real): the mask of that conflict,
        else None."""
        from fairstats.linear import Inequality, feasible  # only a rare run gets here

        inequalities: list[Inequality] = []
        variables: set[int] = set()
        factors: set[int] = set()
        statements = 0
        for index in primitives:
            primitive = self.system.primitives[index]
            if primitive.kind == SUM:
                assert primitive.target is not None
                terms = {
                    v: Fraction(sign)
                    for sign, v in zip(primitive.factor, primitive.operands, strict=True)
                }
                inequalities += _within(terms, primitive.target)
                variables.update(primitive.operands)
            else:  # a product: a region holds sums and products only
                a, k, b = primitive.operands
                factor = self.domains[k]
                positive = not _holds_zero(self.domains[b])  # then an open end stays strict
                if factor.hi != INF:  # a <= k.hi * b
                    inequalities.append(
                        Inequality(
                            {a: Fraction(1), b: -Fraction(factor.hi)},
                            Fraction(0),
                            factor.hi_open and positive,
                        )
                    )
                if factor.lo > 0:  # a >= k.lo * b
                    inequalities.append(
                        Inequality(
                            {a: -Fraction(1), b: Fraction(factor.lo)},
                            Fraction(0),
                            factor.lo_open and positive,
                        )
                    )
                variables.update((a, b))
                factors.add(k)
            statements |= 1 << primitive.statement
        if not inequalities or len(variables) > self.limits.max_linear_variables:
            return None
        for variable in variables:
            inequalities += _within({variable: Fraction(1)}, self.domains[variable])
        if feasible(inequalities, self.limits.max_inequalities) is not False:
            return None
        if not self.explain:
            return 0
        for variable in variables | factors:
            statements |= self.reasons[variable]
        return statements

    def _clear_queue(self) -> None:
        for primitive in self.queue:
            self.queued[primitive] = 0
        self.queue.clear()

    def _mask(self, primitive: Primitive) -> int:
        if not self.explain:
            return 0
        mask = 1 << primitive.statement
        for variable in primitive.operands:
            mask |= self.reasons[variable]
        return mask

    def _apply(self, index: int) -> int | None:
        primitive = self.system.primitives[index]
        mask = self._mask(primitive)
        if primitive.kind == MEMBER:
            assert primitive.target is not None
            return self._narrow(primitive.operands[0], primitive.target, mask, index)
        if primitive.kind == SUM:
            return self._apply_sum(primitive, mask, index)
        if primitive.kind == RATIO:
            return self._apply_ratio(primitive, mask, index)
        a, k, b = primitive.operands
        domains = self.domains
        conflict = self._narrow(a, domains[k].times(domains[b]), mask, index)
        if conflict is not None:
            return conflict
        for target, numerator, divisor in ((b, a, k), (k, a, b)):
            quotient = domains[numerator].over(domains[divisor])
            if quotient is not None:
                conflict = self._narrow(target, quotient, mask, index)
                if conflict is not None:
                    return conflict
        return None

    def _apply_ratio(self, primitive: Primitive, mask: int, index: int) -> int | None:
        """k and the pair's shared ratio are one value once a / b is defined (b, or a, not 0)."""
        k, ratio, a, b = primitive.operands
        domains = self.domains
        a_may_be_zero, b_may_be_zero = _holds_zero(domains[a]), _holds_zero(domains[b])
        if primitive.factor == (1,):
            if a_may_be_zero and b_may_be_zero:
                return None  # a = b = 0 leaves k free
            conflict = self._narrow(ratio, domains[k], mask, index)
            return (
                conflict if conflict is not None else self._narrow(k, domains[ratio], mask, index)
            )
        if a_may_be_zero or b_may_be_zero:
            return None  # the ratio is b / a: both must be non-zero for k to be its inverse
        for target, source in ((ratio, k), (k, ratio)):
            inverse = _ONE.over(domains[source])
            # None: k or the ratio is exactly 0 while a and b are not, which no test reaches
            # (the product itself, queued ahead of this link, finds that conflict first; a
            # fuzzer reached it only by adding on after add_all had reported a conflict)
            if inverse is not None:  # pragma: no branch
                conflict = self._narrow(target, inverse, mask, index)
                if conflict is not None:
                    return conflict
        return None

    def _apply_sum(self, primitive: Primitive, mask: int, index: int) -> int | None:
        """Each term lies in the target less the sum of the others; infinite and open ends are
        counted, so that the others' sum never needs a subtraction of infinities."""
        assert primitive.target is not None
        target = primitive.target
        cached = self.sums.get(index)
        if cached is None:
            terms = [
                self.domains[v] if sign > 0 else -self.domains[v]
                for sign, v in zip(primitive.factor, primitive.operands, strict=True)
            ]
            cached = self.sums[index] = (
                _EndSum([(t.lo, t.lo_open) for t in terms], down=True),
                _EndSum([(t.hi, t.hi_open) for t in terms], down=False),
                {position for position, t in enumerate(terms) if not t.is_point},
            )
        low, high, loose = cached
        room = _room(target, low, high)
        positions: Iterable[int] = range(len(primitive.operands))
        if room is not None and (
            room > 0
            or (room == 0 and not (low.open or high.open or target.lo_open or target.hi_open))
        ):
            # a single value the target leaves room on both sides cannot narrow
            positions = sorted(loose)
        for position in positions:
            sign, variable = primitive.factor[position], primitive.operands[position]
            if room is not None:
                own = self.domains[variable]
                if own.bounded and UP.subtract(own.hi, own.lo) < room:
                    continue  # narrower than the slack the others leave: nothing to cut
            others_lo, others_lo_open = low.without(position)
            others_hi, others_hi_open = high.without(position)
            lo = (
                -INF
                if target.lo == -INF or others_hi == INF
                else DOWN.subtract(target.lo, others_hi)
            )
            hi = INF if target.hi == INF or others_lo == -INF else UP.subtract(target.hi, others_lo)
            allowed = Interval(
                lo, hi, target.lo_open or others_hi_open, target.hi_open or others_lo_open
            )
            conflict = self._narrow(variable, allowed if sign > 0 else -allowed, mask, index)
            if conflict is not None:
                return conflict
        return None

    def _narrow(self, variable: int, allowed: Interval, mask: int, source: int) -> int | None:
        current = self.domains[variable]
        narrowed = current.intersect(allowed)
        if narrowed == current:
            return None  # (a whole-number variable's interval is already whole)
        if narrowed is not None and self.system.integer[variable]:
            narrowed = narrowed.whole()
        if narrowed is None:
            return mask | self.reasons[variable]
        self.trail.append((variable, current, self.reasons[variable]))
        self.domains[variable] = narrowed
        self._update_sums(variable, narrowed)
        self.reasons[variable] |= mask
        integer = self.system.integer[variable]
        if integer or _significant(current, narrowed):
            # narrowed to whole numbers, the source itself has more to learn (79 / 4.389 is
            # 18, and 18 * 4.389 is no longer every value the count had)
            for watcher in self.system.watchers[variable]:
                if (
                    (watcher != source or integer)
                    and self.active[watcher]
                    and not self.queued[watcher]
                ):
                    self.queued[watcher] = 1
                    self.queue.append(watcher)
        return None


class _EndSum:
    """The sum of one end (all lows, or all highs) of several intervals, from which any one
    term can be left out. Lows are rounded down and highs up, so the result stays outward."""

    def __init__(self, ends: list[tuple[Decimal, bool]], *, down: bool) -> None:
        infinite = INF if not down else -INF
        self.down = down
        self.ends = ends
        self.infinite = sum(1 for value, _ in ends if value == infinite)
        self.open = sum(1 for _, is_open in ends if is_open)
        finite = [value for value, _ in ends if value != infinite]
        self.total = _sum(finite, down=down)

    def replace(self, position: int, value: Decimal, is_open: bool) -> None:
        """One term's end changed: the sum follows, still rounded outward."""
        infinite = INF if not self.down else -INF
        old, old_open = self.ends[position]
        if old == infinite:
            self.infinite -= 1
        else:
            self.total = _subtract(self.total, old, down=self.down)
        if value == infinite:
            self.infinite += 1
        else:
            self.total = (DOWN if self.down else UP).add(self.total, value)
        self.open += is_open - old_open
        self.ends[position] = (value, is_open)

    def without(self, position: int) -> tuple[Decimal, bool]:
        value, is_open = self.ends[position]
        infinite = INF if not self.down else -INF
        own_infinite = value == infinite
        if self.infinite - own_infinite > 0:
            return infinite, True
        rest = self.total if own_infinite else _subtract(self.total, value, down=self.down)
        return rest, self.open - is_open > 0


def _room(target: Interval, low: _EndSum, high: _EndSum) -> Decimal | None:
    """The least slack the target leaves the terms on either side (a term narrower than it
    cannot be narrowed); None when an end is infinite."""
    if low.infinite or high.infinite or not target.bounded:
        return None
    return min(DOWN.subtract(target.hi, low.total), DOWN.subtract(high.total, target.lo))


def _sum(values: list[Decimal], *, down: bool) -> Decimal:
    context = DOWN if down else UP
    total = Decimal(0)
    for value in values:
        total = context.add(total, value)
    return total


def _subtract(total: Decimal, value: Decimal, *, down: bool) -> Decimal:
    return (DOWN if down else UP).subtract(total, value)


def _linear_operands(primitive: Primitive) -> set[int]:
    """The variables a sum or product relates (a product's factor is a coefficient)."""
    if primitive.kind == SUM:
        return set(primitive.operands)
    return {primitive.operands[0], primitive.operands[2]}


def _cyclic(system: System, region: set[int]) -> bool:
    """Whether the sums and products of a region, linked by the variables they share, close a
    cycle: a forest has fewer links than members."""
    links, variables = 0, set()
    for index in region:
        own = _linear_operands(system.primitives[index])
        links += len(own)
        variables |= own
    return links >= len(region) + len(variables)


def _within(terms: dict[int, Fraction], interval: Interval) -> list[Inequality]:
    """sum(terms) lies in the interval, as inequalities."""
    from fairstats.linear import Inequality

    found = []
    if interval.hi != INF:
        found.append(Inequality(dict(terms), Fraction(interval.hi), interval.hi_open))
    if interval.lo != -INF:
        negated = {v: -c for v, c in terms.items()}
        found.append(Inequality(negated, -Fraction(interval.lo), interval.lo_open))
    return found


def _holds_zero(interval: Interval) -> bool:
    return interval.lo < 0 or (interval.lo == 0 and not interval.lo_open)


def _significant(old: Interval, new: Interval) -> bool:
    if new.lo_open != old.lo_open or new.hi_open != old.hi_open:
        return True  # zero leaving an interval decides products and ratios (once per end)
    if old.lo == -INF or old.hi == INF:
        return new.lo != old.lo or new.hi != old.hi
    width = old.hi - old.lo
    return (new.lo - old.lo) + (old.hi - new.hi) > width * SIGNIFICANT


# Conflicts and diagnosis ----------------------------------------------------------------------


def statements_in(mask: int) -> list[int]:
    """The statements a mask names, lowest first (one step per statement, however long the
    mask)."""
    found = []
    while mask:
        lowest = mask & -mask
        found.append(lowest.bit_length() - 1)
        mask ^= lowest
    return found


def holds(system: System, statements: Iterable[int], limits: Limits = DEFAULT_LIMITS) -> bool:
    return Propagator(system, limits=limits).add_all(statements) is None


class Budget:
    """How much more solving the search for conflicts may do, counted in the operands of the
    statements solved (a sum of thousands of parts costs thousands): what it finds within it
    is sound, and past it a conflict may be reported with more statements than it needs."""

    def __init__(self, system: System, work: int) -> None:
        self.system = system
        self.left = work

    def spend(self, statements: Sequence[int]) -> bool:
        self.left -= self.system.work(statements)
        return self.left >= 0


def minimal_conflict(
    system: System,
    candidates: Iterable[int],
    budget: Budget | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[int]:
    """A minimal set of statements that cannot hold together, from a set that cannot.

    The deletion filter leaves statements out and keeps them out while the rest still
    conflict; it tries large chunks first and halves them, so a small conflict among
    thousands of candidates costs few checks, and ends with single statements, so the result
    is minimal (unless the budget, the analysis's or this conflict's own, runs out first)."""
    budget = budget or Budget(system, limits.max_search_work)
    own = Budget(system, limits.max_conflict_work)
    # one for every trial: each is undone, not copied afresh
    scratch = Propagator(system, limits=limits)
    core = sorted(set(candidates))
    size = len(core) // 2
    while size >= 1:
        start = 0
        while start < len(core):
            trial = core[:start] + core[start + size :]
            if not (budget.spend(trial) and own.spend(trial)):
                return core
            if trial and scratch.probe_all(trial) is not None:
                core = trial
            else:
                start += size
        size //= 2
    return core


class Analysis:
    """What the statements say together: the statements believed (all but the suspects), the
    variables' intervals under them, the conflicts found, the suspects, and the statements
    whose search for conflicts stopped at a work limit (more conflicts may hold them)."""

    def __init__(
        self,
        believed: list[int],
        domains: list[Interval],
        conflicts: list[list[int]],
        suspects: set[int],
        undecided: set[int],
    ) -> None:
        self.believed = believed
        self.domains = domains
        self.conflicts = conflicts
        self.suspects = suspects
        self.undecided = undecided

    @property
    def complete(self) -> bool:
        return not self.undecided


def analyse(
    system: System,
    order: Sequence[int],
    weights: Sequence[int] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Analysis:
    """Solve the statements together and, when they cannot all hold, find why.

    A statement printed more than once (its twins) is searched as one. The statements are
    added one at a time, in the given order, each undone when it cannot hold with those before
    it. Every such statement's conflicts with the others are searched for; the lightest sets of
    statements that meet every conflict found (by `weights`, one per statement: a statement
    that weighs more is doubted later) are the suspects, with their twins, and the rest are
    solved together once more. `limits` bound the search (see `Limits`).
    """
    fast = Propagator(system, limits=limits)
    if fast.add_all(order) is None:
        return Analysis(list(order), fast.domains, [], set(), set())
    twins = {group[0]: group for group in system.twins(order)}
    first_of = {twin: first for first, group in twins.items() for twin in group}
    firsts = list(twins)
    greedy = Propagator(system, explain=True, limits=limits)
    rejected = _add_in_order(greedy, firsts)
    refused = {statement for statement, _ in rejected}
    accepted = [statement for statement in firsts if statement not in refused]
    conflicts: list[list[int]] = []
    undecided: set[int] = set()
    by_variable = index_by_variable(system, accepted)
    budget = Budget(system, limits.max_search_work)
    for statement, mask in rejected:
        first = minimal_conflict(system, [*statements_in(mask), statement], budget, limits)
        near = neighbourhood(system, statement, by_variable, limits)
        found, searched_all = _conflicts_with(system, statement, first, near, budget, limits=limits)
        if not (searched_all and budget.left >= 0):
            undecided.add(statement)
        # no core comes twice: each holds its refused statement and otherwise accepted ones
        # only, and one statement's search finds each core avoiding those it found before
        conflicts.extend(found)
    suspects = diagnosis(conflicts, weights or [1] * len(system.parts), limits)
    final = Propagator(system, limits=limits)
    believed = [statement for statement in firsts if statement not in suspects]
    if final.add_all(believed) is not None:
        # a conflict the search did not reach: believe what held on the way, and doubt what
        # did not (each conflict found holds the statement refused that led to it, so the
        # refused still meet them all; a statement is never both doubted and believed)
        suspects = set(refused)
        undecided |= refused
        final, believed = greedy, accepted
    kept = set(believed)
    suspects = {twin for statement in suspects for twin in twins[statement]}
    believed = [statement for statement in order if first_of[statement] in kept]
    return Analysis(believed, final.domains, conflicts, suspects, undecided)


def _add_in_order(propagator: Propagator, order: list[int]) -> list[tuple[int, int]]:
    """Add the statements in order, leaving out each that cannot hold with those before it;
    the ones left out, each with the mask of a conflict it is in. Each is added on its own:
    propagation is incremental, and a sum wakes only for the terms that can still narrow."""
    rejected: list[tuple[int, int]] = []
    for statement in order:
        mask = propagator.add(statement)
        if mask is not None:
            rejected.append((statement, mask))
    return rejected


def neighbourhood(
    system: System,
    statement: int,
    by_variable: dict[int, list[int]],
    limits: Limits = DEFAULT_LIMITS,
) -> list[int]:
    """The statements within a few shared variables of one statement (`by_variable` lists the
    statements to choose from by the variables they use): a conflict with it lies among them
    unless it runs through a long chain."""
    near: list[int] = []
    seen = {statement}
    frontier = [statement]
    for _ in range(limits.neighbourhood_hops):
        following = []
        for current in frontier:
            for variable in system.variables_of(current):
                for other in by_variable.get(variable, ()):
                    if other not in seen:
                        seen.add(other)
                        near.append(other)
                        following.append(other)
        frontier = following
        if len(near) >= limits.neighbourhood_size:
            break
    return near[: limits.neighbourhood_size]


def domains_without_each(
    system: System,
    statements: Sequence[int],
    groups: Sequence[Sequence[int]],
    wanted: Sequence[Iterable[int]],
    limits: Limits = DEFAULT_LIMITS,
) -> list[dict[int, Interval]]:
    """For each group of statements (which must hold together with the rest), the intervals
    of the variables it wants under all the other statements.

    Solving again without each group would cost n solves of n statements. Instead the groups
    of each connected component (statements linked by shared variables; the others cannot
    change its intervals) are halved recursively: on the way down each half is added while
    the other is explored, then taken back, so a statement is added about log n times, n the
    size of its component."""
    grouped = {statement for group in groups for statement in group}
    propagator = Propagator(system, limits=limits)
    propagator.add_all(statement for statement in statements if statement not in grouped)
    found: list[dict[int, Interval]] = [{} for _ in groups]
    # linked through any statement, not only the groups': two groups that share no variable
    # may still reach each other through a statement that is in neither
    component = _components(system, [*statements, *grouped])
    by_component: dict[int, list[int]] = {}
    for position, group in enumerate(groups):
        by_component.setdefault(component[group[0]], []).append(position)
    ordered = [position for positions in by_component.values() for position in positions]

    def explore(first: int, last: int) -> None:
        if last - first == 1:
            position = ordered[first]
            found[position] = {v: propagator.domains[v] for v in wanted[position]}
            return
        middle = (first + last) // 2
        halves = ((first, middle), (middle, last))
        for explored, added in (halves, halves[::-1]):
            adding = [s for position in ordered[added[0] : added[1]] for s in groups[position]]
            mark = len(propagator.trail)
            propagator.add_all(adding)
            explore(*explored)
            propagator.retract(mark, adding)

    start = 0
    for positions in by_component.values():
        explore(start, start + len(positions))
        start += len(positions)
    return found


def _components(system: System, statements: Sequence[int]) -> dict[int, int]:
    """Each statement's connected component (a representative variable), by shared variables."""
    parent: dict[int, int] = {}

    def root(variable: int) -> int:
        parent.setdefault(variable, variable)
        while parent[variable] != variable:
            parent[variable] = parent[parent[variable]]
            variable = parent[variable]
        return variable

    for statement in statements:
        first, *rest = system.variables_of(statement) or {-1 - statement}
        for variable in rest:
            parent[root(variable)] = root(first)
    return {
        statement: root(next(iter(system.variables_of(statement) or {-1 - statement})))
        for statement in statements
    }


def index_by_variable(system: System, statements: Iterable[int]) -> dict[int, list[int]]:
    by_variable: dict[int, list[int]] = {}
    for statement in statements:
        for variable in system.variables_of(statement):
            by_variable.setdefault(variable, []).append(statement)
    return by_variable


def _conflicts_with(
    system: System,
    statement: int,
    first: list[int],
    universe: list[int],
    budget: Budget,
    *,
    limits: Limits,
) -> tuple[list[list[int]], bool]:
    """The minimal conflicts of one statement with others that hold together (a hitting-set
    tree: take a conflict out one statement at a time and look again), within limits."""
    found = [first]
    if len(first) > limits.max_search_conflict_size:
        return found, False  # a conflict of many (a sum of thousands) has too many variants
    frontier: deque[frozenset[int]] = deque([frozenset()])
    seen: set[frozenset[int]] = set()
    checks = 0
    scratch = Propagator(system, explain=True, limits=limits)
    searched_all = True
    while frontier:
        removed = frontier.popleft()
        core = next((c for c in found if not removed.intersection(c)), None)
        if core is None:
            if (
                checks >= limits.max_search_checks
                or len(found) >= limits.max_conflicts_per_statement
                or budget.left <= 0
            ):
                return found, False
            checks += 1
            trial = [other for other in universe if other not in removed]
            budget.spend(trial)
            mask = scratch.probe_all([*trial, statement])
            if mask is None:
                continue
            core = minimal_conflict(system, [*statements_in(mask), statement], budget, limits)
            found.append(core)
        if len(removed) >= limits.max_search_depth:
            if any(other != statement for other in core):
                searched_all = False  # deeper conflicts may remain unseen
            continue
        for other in core:
            child = removed | {other}
            if other != statement and child not in seen:
                seen.add(child)
                frontier.append(child)
    return found, searched_all


def diagnosis(
    conflicts: list[list[int]], weights: Sequence[int], limits: Limits = DEFAULT_LIMITS
) -> set[int]:
    """The statements in every lightest set that meets all the conflicts (exactly when the
    conflicts are few; otherwise a greedy choice, heaviest conflicts count first)."""
    if not conflicts:
        return set()
    elements = sorted({s for conflict in conflicts for s in conflict})
    sets = [set(conflict) for conflict in conflicts]
    if len(elements) <= limits.exact_diagnosis_elements:
        best: list[tuple[int, ...]] = []
        lightest = None
        for size in range(1, limits.exact_diagnosis_size + 1):
            if lightest is not None and size > lightest:
                break  # every statement weighs at least 1: no larger set is lighter
            for chosen in combinations(elements, size):
                if not all(conflict.intersection(chosen) for conflict in sets):
                    continue
                weight = sum(weights[s] for s in chosen)
                if lightest is None or weight < lightest:
                    lightest, best = weight, [chosen]
                elif weight == lightest:
                    best.append(chosen)
        if best:
            return {s for chosen in best for s in chosen}
    # Greedy: the statement in the most conflicts not yet met (the lighter one on a tie), with
    # the counts kept up to date rather than counted again for every pick.
    containing: dict[int, list[int]] = {s: [] for s in elements}
    for number, conflict in enumerate(sets):
        for statement in conflict:
            containing[statement].append(number)
    unmet = [True] * len(sets)
    counts = {s: len(numbers) for s, numbers in containing.items()}
    chosen_set: set[int] = set()
    while any(unmet):
        pick = max(elements, key=lambda s: (counts[s], -weights[s]))
        chosen_set.add(pick)
        for number in containing[pick]:
            if unmet[number]:
                unmet[number] = False
                for statement in sets[number]:
                    counts[statement] -= 1
    return chosen_set
