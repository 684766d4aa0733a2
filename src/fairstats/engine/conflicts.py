"""Conflicts and their diagnosis. An empty interval of the propagation (`system`) names statements
that cannot hold together; a deletion filter shrinks them to a minimal conflicting set, and the
smallest sets of statements that meet every conflict are the diagnosis: the statements to
doubt. Every statement is also judged by what the others allow without it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from itertools import combinations

from fairstats.engine.system import DEFAULT_LIMITS, Limits, Propagator, System, statements_in
from fairstats.model.intervals import Interval


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
