"""The engine's rarer branches, each reached by a small release and held to what it must say:
ranks, conversions between currencies, shares of nothing and of measures that do not add up,
sums of parts with no whole printed, and a conflict of one statement searched to no depth.
(.ci/run fails when a line of the engine runs in no test.)"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats import engine
from fairstats.engine.conflicts import analyse
from fairstats.engine.system import Limits, System
from fairstats.model.intervals import Interval
from tests.helpers import WriteDataset, find_row, json_rows, run

# All, made up of X and Y
X_AND_Y = {
    "id": "d",
    "name": "by d",
    "of": "all",
    "complete": True,
    "categories": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
}


def document(**parts: Any) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "fair": {"id": "f", "name": "F", "year": 2022},
        "sources": [{"id": "s", "title": "t"}],
        **parts,
    }


def check(write_dataset: WriteDataset, dataset: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    result = run("check", "-f", "json", "-d", write_dataset(dataset))
    return result.exit_code, json_rows(result.stdout)


PROJECTS = {"id": "n", "name": "projects", "kind": "count"}
THREE_SCOPES = [{"id": s, "name": s.upper()} for s in "abc"]


def projects(scope: str, value: int) -> dict[str, Any]:
    return {"scope": scope, "measure": "n", "value": value}


def test_a_rank_below_first_of_a_figure_nothing_gives_is_not_testable(
    write_dataset: WriteDataset,
) -> None:
    """A rank below first adds nothing to the system, so B, printed nowhere, has no interval."""
    code, rows = check(
        write_dataset,
        document(
            measures=[PROJECTS],
            scopes=THREE_SCOPES,
            figures=[projects("a", 5)],
            relations=[{"type": "rank", "of": {"scope": "b", "measure": "n"}, "rank": 2}],
        ),
    )
    assert code == 0
    row = find_row(rows, rule="rank")
    assert (row["verdict"], row["detail"]) == ("not_testable", "nothing else gives B projects")


@pytest.mark.parametrize(
    ("among", "verdict", "detail"),
    [
        ({"among": ["a"]}, "consistent", "7 against the highest other, 5 (A)"),
        ({}, "inconsistent", "7 against the highest other, 9 (C)"),
    ],
    ids=["among-a", "beside"],
)
def test_a_rank_is_judged_among_the_scopes_it_names_else_those_beside_it(
    write_dataset: WriteDataset, among: dict[str, Any], verdict: str, detail: str
) -> None:
    """B (7) first among A (5) holds; first among the scopes beside it, C (9) included, not."""
    code, rows = check(
        write_dataset,
        document(
            measures=[PROJECTS],
            scopes=THREE_SCOPES,
            figures=[projects("a", 5), projects("b", 7), projects("c", 9)],
            relations=[{"type": "rank", "of": {"scope": "b", "measure": "n"}, "rank": 1, **among}],
        ),
    )
    assert code == (1 if verdict == "inconsistent" else 0)
    row = find_row(rows, rule="rank")
    assert row["verdict"] == verdict
    assert row["detail"].startswith(detail)


@pytest.mark.parametrize(("rank", "verdict"), [(2, "consistent"), (3, "inconsistent")])
def test_a_rank_below_first_is_judged_against_every_rival(
    write_dataset: WriteDataset, rank: int, verdict: str
) -> None:
    """B (7) is second among A (5) and C (9), not third: each rival counts, not only those
    that may be the highest."""
    code, rows = check(
        write_dataset,
        document(
            measures=[PROJECTS],
            scopes=THREE_SCOPES,
            figures=[projects("a", 5), projects("b", 7), projects("c", 9)],
            relations=[{"type": "rank", "of": {"scope": "b", "measure": "n"}, "rank": rank}],
        ),
    )
    assert code == (1 if verdict == "inconsistent" else 0)
    row = find_row(rows, rule="rank")
    assert (row["verdict"], row["detail"]) == (verdict, "7 against the others, 5 (A); 9 (C)")


def test_a_share_of_a_whole_of_zero_is_not_testable(write_dataset: WriteDataset) -> None:
    """0 of 0 is no share at all: 50% can be neither confirmed nor refuted."""
    code, rows = check(
        write_dataset,
        document(
            measures=[PROJECTS],
            scopes=[{"id": "a", "name": "A"}, {"id": "b", "name": "B", "within": "a"}],
            figures=[projects("a", 0), projects("b", 0)],
            relations=[
                {
                    "type": "share",
                    "part": {"scope": "b", "measure": "n"},
                    "whole": {"scope": "a"},
                    "percent": 50,
                }
            ],
        ),
    )
    assert code == 0
    row = find_row(rows, rule="share")
    assert (row["verdict"], row["detail"]) == ("not_testable", "0 / 0 = n/a")


def area_share(kind: str) -> dict[str, Any]:
    """A hall of about 50 within a fair of about 55, the hall 90% of the fair."""
    unit = {"unit": "sqm"} if kind == "other" else {"unit": "CNY"}
    return document(
        measures=[{"id": "m", "name": "area", "kind": kind, **unit}],
        scopes=[{"id": "all", "name": "All"}, {"id": "hall", "name": "Hall", "within": "all"}],
        figures=[
            {"scope": "hall", "measure": "m", "value": 50, "qualifier": "about"},
            {"scope": "all", "measure": "m", "value": 55, "qualifier": "about"},
        ],
        relations=[
            {
                "type": "share",
                "part": {"scope": "hall", "measure": "m"},
                "whole": {"scope": "all"},
                "percent": 90,
            }
        ],
    )


@pytest.mark.parametrize(("kind", "high"), [("amount", 100), ("other", 100.4784688996)])
def test_only_an_amount_or_count_within_its_whole_caps_the_share_at_100_percent(
    write_dataset: WriteDataset, kind: str, high: float
) -> None:
    """[47.5; 52.5] / [52.25; 57.75] reaches 100.48%: money of a hall within a fair is part
    of the fair's, so at most 100%; an area, a measure of another kind, need not add up."""
    code, rows = check(write_dataset, area_share(kind))
    assert code == 0
    row = find_row(rows, rule="share")
    assert row["verdict"] == "consistent"
    assert row["computed_high"] == high


def conversions(*figures: tuple[str, float, str, str | None]) -> dict[str, Any]:
    """Investment printed in yuan and in dollars, by scope."""
    return document(
        measures=[{"id": "m", "name": "investment", "kind": "amount", "unit": "CNY"}],
        scopes=THREE_SCOPES,
        figures=[
            {
                "scope": scope,
                "measure": "m",
                "value": value,
                "unit": unit,
                **({"qualifier": qualifier} if qualifier else {}),
            }
            for scope, value, unit, qualifier in figures
        ],
    )


def conversion_rows(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {
        row["check"]: (row["verdict"], row["detail"]) for row in rows if row["rule"] == "conversion"
    }


def test_conversions_whose_rates_meet_only_in_their_rounding_are_within_rounding(
    write_dataset: WriteDataset,
) -> None:
    code, rows = check(
        write_dataset,
        conversions(
            ("a", 700, "CNY", None),
            ("a", 100, "USD", None),
            ("b", 1410, "CNY", None),
            ("b", 200, "USD", None),
        ),
    )
    assert code == 0
    assert conversion_rows(rows) == {
        "A investment in USD": (
            "within_rounding",
            "700 CNY / 100 USD = 7.0000 [6.9601; 7.0403] CNY/USD; "
            "the other conversions allow [7.0299; 7.0702] CNY/USD",
        ),
        "B investment in USD": (
            "within_rounding",
            "1410 CNY / 200 USD = 7.0500 [7.0299; 7.0702] CNY/USD; "
            "the other conversions allow [6.9601; 7.0403] CNY/USD",
        ),
    }


def test_a_conversion_at_a_rate_the_others_exclude_is_inconsistent_with_them(
    write_dataset: WriteDataset,
) -> None:
    """Two conversions at 7 yuan a dollar and one at 8: the odd one is doubted, and judged
    against the two that hold."""
    code, rows = check(
        write_dataset,
        conversions(
            ("a", 700, "CNY", None),
            ("a", 100, "USD", None),
            ("b", 1400, "CNY", None),
            ("b", 200, "USD", None),
            ("c", 800, "CNY", None),
            ("c", 100, "USD", None),
        ),
    )
    assert code == 1
    verdict, detail = conversion_rows(rows)["C investment in USD"]
    assert verdict == "inconsistent"
    assert detail == (
        "800 CNY / 100 USD = 8.0000 [7.9552; 8.0453] CNY/USD; "
        "the other conversions allow [6.9800; 7.0201] CNY/USD; conflicts 1, 2"
    )
    assert [v for v, _ in conversion_rows(rows).values()].count("consistent") == 2


def test_nothing_converted_to_dollars_is_no_rate(write_dataset: WriteDataset) -> None:
    """B's investment is at most 0 in both currencies: 0 = r * 0 at any rate. It gives the
    other conversion nothing to compare, and it holds: no statement is inconsistent."""
    code, rows = check(
        write_dataset,
        conversions(
            ("a", 700, "CNY", None),
            ("a", 100, "USD", None),
            ("b", 0, "CNY", "up_to"),
            ("b", 0, "USD", "up_to"),
        ),
    )
    assert code == 0
    assert conversion_rows(rows) == {
        "A investment in USD": (
            "not_testable",
            "700 CNY / 100 USD = 7.0000 [6.9601; 7.0403] CNY/USD; nothing to compare",
        ),
        "B investment in USD": (
            "not_testable",
            "up to 0 CNY / up to 0 USD = 0.0000 CNY/USD; nothing to compare",
        ),
    }


def test_an_amount_converted_to_nothing_conflicts(write_dataset: WriteDataset) -> None:
    """500 yuan cannot be at most 0 dollars at any rate: the conversion is in a conflict of its
    own figures."""
    code, rows = check(
        write_dataset,
        conversions(
            ("a", 700, "CNY", None),
            ("a", 100, "USD", None),
            ("b", 500, "CNY", None),
            ("b", 0, "USD", "up_to"),
        ),
    )
    assert code == 1
    verdict, detail = conversion_rows(rows)["B investment in USD"]
    assert verdict == "inconsistent"
    assert detail.startswith("in conflict 1 with B investment: 500 CNY")
    (conflict,) = [row for row in rows if row["rule"] == "conflict"]
    assert "B investment: 500 CNY" in conflict["detail"]


def test_a_sum_of_parts_with_no_whole_printed_is_shown_in_the_measures_scale(
    write_dataset: WriteDataset,
) -> None:
    """1.5 and 2.5 million, of a measure in billions whose whole is not printed: 0.004
    billion."""
    dataset = document(
        measures=[
            {"id": "m", "name": "investment", "kind": "amount", "unit": "CNY", "scale": "billion"}
        ],
        scopes=[{"id": "all", "name": "All"}],
        dimensions=[X_AND_Y],
        figures=[
            {"scope": "x", "measure": "m", "value": 1.5, "scale": "million"},
            {"scope": "y", "measure": "m", "value": 2.5, "scale": "million"},
        ],
    )
    result = run("breakdown", "-f", "json", "-d", write_dataset(dataset))
    assert result.exit_code == 0
    total = find_row(json_rows(result.stdout), row_type="sum_of_parts")
    assert (total["value"], total["unit_mult"]) == (0.004, 9)


def test_a_statement_that_cannot_hold_alone_is_searched_completely_at_no_depth() -> None:
    """At a search depth of 0, a conflict with other statements may hide deeper ones, so its
    statement is undecided; a statement that cannot hold by itself hides none."""
    system = System()
    x = system.variable(Interval.point(0))
    alone = system.statement()
    system.member(alone, x, Interval.point(1))
    y = system.variable(Interval(Decimal(0), Decimal(10)))
    low, high = system.statement(), system.statement()
    system.member(low, y, Interval.point(1))
    system.member(high, y, Interval.point(2))
    analysis = analyse(system, [alone, low, high], limits=Limits(max_search_depth=0))
    assert analysis.conflicts == [[alone], [low, high]]
    assert analysis.undecided == {high}


# Four blocks the property test against the oracle reaches only in some runs (its examples
# depend on what ran before it), each reached here for certain.

INVESTMENT = {"id": "m", "name": "investment", "kind": "amount", "unit": "CNY"}


def investment(scope: str, value: float, qualifier: str | None = None) -> dict[str, Any]:
    return {
        "scope": scope,
        "measure": "m",
        "value": value,
        **({"qualifier": qualifier} if qualifier else {}),
    }


def test_two_printings_that_meet_only_in_their_rounding_are_within_rounding(
    write_dataset: WriteDataset,
) -> None:
    """447.5 rounds to 448, not 447, yet it may be 447.45, which 447 allows."""
    code, rows = check(
        write_dataset,
        document(
            measures=[INVESTMENT],
            scopes=[{"id": "a", "name": "A"}],
            figures=[investment("a", 447), investment("a", 447.5)],
        ),
    )
    assert code == 0
    row = find_row(rows, rule="value")
    assert (row["verdict"], row["detail"]) == ("within_rounding", "printed as 447.5 and as 447")


def test_a_doubted_lone_printing_says_what_the_others_allow(
    write_dataset: WriteDataset,
) -> None:
    """10, more than 20 and more than 25: doubting the 10 weighs as much as doubting both
    bounds, so all three are doubted; the 10 is shown against the one statement left, up to
    100."""
    code, rows = check(
        write_dataset,
        document(
            measures=[INVESTMENT],
            scopes=[{"id": "a", "name": "A"}],
            figures=[
                investment("a", 10),
                investment("a", 20, "more_than"),
                investment("a", 25, "more_than"),
                investment("a", 100, "up_to"),
            ],
        ),
    )
    assert code == 1
    first = next(row for row in rows if row["rule"] == "value")
    assert first["verdict"] == "inconsistent"
    assert first["detail"].startswith(
        "the other statements allow [0.000; 100.000] CNY; in conflicts 1, 2 with"
    )


def test_parts_summed_against_a_whole_printed_as_about_are_within_rounding(
    write_dataset: WriteDataset,
) -> None:
    """4 + 5 is 9, outside about 10 ([9.5; 10.5]); the parts' rounding reaches 10."""
    code, rows = check(
        write_dataset,
        document(
            measures=[INVESTMENT],
            scopes=[{"id": "all", "name": "All"}],
            dimensions=[X_AND_Y],
            figures=[investment("all", 10, "about"), investment("x", 4), investment("y", 5)],
        ),
    )
    assert code == 0
    row = find_row(rows, rule="parts_sum")
    assert (row["verdict"], row["detail"]) == ("within_rounding", "4 + 5 = 9")


@pytest.mark.parametrize(("qualifier", "point"), [(None, 60), ("about", None)])
def test_the_rest_of_a_whole_has_a_value_only_from_a_plain_share(
    write_dataset: WriteDataset, qualifier: str | None, point: int | None
) -> None:
    """X is 40 and 40% of All: the rest is 60; "about 40%" gives it a range, not a value."""
    share = {
        "type": "share",
        "part": {"scope": "x", "measure": "m"},
        "whole": {"scope": "all"},
        "percent": 40,
        **({"qualifier": qualifier} if qualifier else {}),
    }
    code, rows = check(
        write_dataset,
        document(
            measures=[INVESTMENT],
            scopes=[{"id": "all", "name": "All"}, {"id": "x", "name": "X", "within": "all"}],
            figures=[investment("x", 40)],
            relations=[share],
        ),
    )
    assert code == 0
    rest = find_row(rows, rule="implied", check="All excluding X investment, F 2022")
    assert rest["computed"] == point
    assert rest["computed_low"] < 60 < rest["computed_high"]


def test_the_rest_of_a_whole_from_a_share_printed_as_0_percent(
    write_dataset: WriteDataset,
) -> None:
    """X is 0% of All's 100 (anything below 0.5% of [99.5; 100.5]): a share that may be 0 bounds
    the rest by the whole alone, from 99.5 × 99.5% to 100.5 (the part, which may be 0, gives
    no bound through it)."""
    share = {"type": "share", "part": {"scope": "x", "measure": "m"}, "whole": {"scope": "all"}}
    code, rows = check(
        write_dataset,
        document(
            measures=[INVESTMENT],
            scopes=[{"id": "all", "name": "All"}, {"id": "x", "name": "X", "within": "all"}],
            figures=[investment("all", 100)],
            relations=[share | {"percent": 0}],
        ),
    )
    assert code == 0
    rest = find_row(rows, rule="implied", check="All excluding X investment, F 2022")
    assert (rest["computed_low"], rest["computed_high"]) == (99.0025, 100.5)


# every module of the engine package, and the intervals it computes with
ENGINE = [
    "fairstats.model.intervals",
    *(name for _, name, _ in pkgutil.walk_packages(engine.__path__, "fairstats.engine.")),
]


@pytest.mark.parametrize("module", ENGINE)
def test_no_engine_module_catches_every_exception(module: str) -> None:
    """A bare except, or one of Exception, would hide a raise in the engine from the tests
    (bench/raises.py counts on none)."""
    path = importlib.import_module(module).__file__
    assert path is not None
    broad = {"Exception", "BaseException"}
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ExceptHandler):
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            names = {c.id for c in caught if isinstance(c, ast.Name)}
            assert node.type is not None, f"{module}:{node.lineno}: a bare except"
            assert not names & broad, f"{module}:{node.lineno}: except {names & broad}"
