"""Exact feasibility of a few linear inequalities over the reals (Fourier–Motzkin).

Interval propagation cannot refute every system: round a cycle of quantities with no upper
bound (X grew by 1 over last year, yet X is at most 0.5% of last year's X) each narrowing only
pushes a lower bound further, for ever. Such a cycle is a handful of variables, and eliminating
them one at a time, with exact fractions, decides it: strict and non-strict inequalities alike,
no rounding, no iteration.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction


class Inequality:
    """sum(coefficient * variable) <= bound, or < bound when strict."""

    __slots__ = ("bound", "coefficients", "strict")

    def __init__(self, coefficients: dict[int, Fraction], bound: Fraction, strict: bool) -> None:
        self.coefficients = {v: c for v, c in coefficients.items() if c}
        self.bound = bound
        self.strict = strict

    def key(self) -> tuple[object, ...]:
        return (tuple(sorted(self.coefficients.items())), self.bound, self.strict)


def feasible(inequalities: Iterable[Inequality], most: int) -> bool | None:
    """Whether some values satisfy all the inequalities (a variable's sign is one of them);
    None when the elimination grew too large to finish. Elimination can square the number of
    inequalities at each step: past `most` of them it gives up (the caller then knows nothing
    more than before, which is sound)."""
    system = list(inequalities)
    variables = {v for inequality in system for v in inequality.coefficients}
    for variable in sorted(variables, key=lambda v: _cost(system, v)):
        eliminated = _eliminate(system, variable, most)
        if eliminated is None:
            return None
        if not all(_holds_without_variables(inequality) for inequality in eliminated):
            return False
        system = eliminated
    return all(_holds_without_variables(inequality) for inequality in system)


def _cost(system: list[Inequality], variable: int) -> int:
    above = sum(1 for i in system if i.coefficients.get(variable, 0) > 0)
    below = sum(1 for i in system if i.coefficients.get(variable, 0) < 0)
    return above * below - above - below


def _eliminate(system: list[Inequality], variable: int, most: int) -> list[Inequality] | None:
    kept: dict[tuple[object, ...], Inequality] = {}
    above: list[Inequality] = []
    below: list[Inequality] = []
    for inequality in system:
        coefficient = inequality.coefficients.get(variable, 0)
        if coefficient > 0:
            above.append(inequality)
        elif coefficient < 0:
            below.append(inequality)
        else:
            kept.setdefault(inequality.key(), inequality)
    if len(kept) + len(above) * len(below) > most:
        return None
    for upper in above:
        for lower in below:
            scale_upper = 1 / upper.coefficients[variable]
            scale_lower = -1 / lower.coefficients[variable]
            combined: dict[int, Fraction] = {}
            for source, scale in ((upper, scale_upper), (lower, scale_lower)):
                for v, c in source.coefficients.items():
                    if v != variable:
                        combined[v] = combined.get(v, Fraction(0)) + c * scale
            inequality = Inequality(
                combined,
                upper.bound * scale_upper + lower.bound * scale_lower,
                upper.strict or lower.strict,
            )
            if not inequality.coefficients and _holds_without_variables(inequality):
                continue  # always true: drop it
            kept.setdefault(inequality.key(), inequality)
    return list(kept.values())


def _holds_without_variables(inequality: Inequality) -> bool:
    if inequality.coefficients:
        return True  # not decided yet
    return inequality.bound > 0 if inequality.strict else inequality.bound >= 0
