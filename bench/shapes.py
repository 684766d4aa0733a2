"""Adversarial dataset shapes: small, valid files that put one kind of load on the engine.

Each shape is a valid dataset (`fairstats validate` passes on it) built to stress one thing:
many statements about one quantity, statements that disagree in two camps, a long chain of
relations through distinct quantities, one figure printed thousands of times, a wide sum of
shares, a deep tree of scopes, a version 1 file at the size limit. `bench.py --only shapes`
times them; to write the files to a folder and run fairstats on them by hand:

    python bench/shapes.py OUT_DIR            # every shape
    python bench/shapes.py OUT_DIR chain-3000-scopes growth-100

Standard library only. The series of editions (copies of the bundled release) are made by
`bench.py` itself (`generate_series`), as they were before this module.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LEGACY_EXAMPLE = ROOT / "tests" / "data" / "fair2022-v1.json"
MAX_FILE_BYTES = 8 * 1024 * 1024
YEAR = 2024
_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


@dataclass(frozen=True)
class Shape:
    """One adversarial file: its name (the file's stem), what it holds, and the commands
    besides check, summary and validate that have something to say about it."""

    name: str
    description: str
    build: Callable[[], dict[str, Any]]
    extra: tuple[str, ...] = ()  # "share", "growth"


def base(*, scopes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The smallest sensible release: one fair edition, one source, a count and an amount."""
    return {
        "schema_version": 2,
        "fair": {"id": "bench", "name": "Bench Fair", "year": YEAR},
        "sources": [{"id": "wire", "publisher": "bench"}],
        "measures": [
            {"id": "projects", "name": "projects", "kind": "count", "item": "project"},
            {
                "id": "investment",
                "name": "investment",
                "kind": "amount",
                "unit": "CNY",
                "scale": "yi",
                "per": "projects",
            },
        ],
        "scopes": scopes if scopes is not None else [{"id": "all", "name": "all"}],
    }


def _growth(percent: int | Decimal, **of: Any) -> dict[str, Any]:
    return {"type": "growth", "of": {"scope": "all", "measure": "investment", **of},
            "percent": percent}  # fmt: skip


def growth_100() -> dict[str, Any]:
    """One figure and 100 growth rates of it over the previous edition, 1%, 2%, ... 100%: each
    implies another figure for the previous edition, so they disagree with each other (rates
    one point apart only touch at the ends of their rounding)."""
    document = base()
    document["figures"] = [{"scope": "all", "measure": "investment", "value": 100}]
    document["relations"] = [_growth(percent) for percent in range(1, 101)]
    return document


def growth_250_conflicting() -> dict[str, Any]:
    """The figure in both editions (100, then 110) and 250 growth rates of it in two camps,
    taking turns: 125 say +10% (true), 125 say +20%. Every +20% meets every +10% (15,625
    conflicts of two statements) and the two figures (125 of three)."""
    document = base()
    document["figures"] = [
        {"scope": "all", "measure": "investment", "value": 100, "edition": "previous"},
        {"scope": "all", "measure": "investment", "value": 110},
    ]
    document["relations"] = [_growth(10 if index % 2 == 0 else 20) for index in range(250)]
    return document


def growth_chain_2000() -> dict[str, Any]:
    """A chain of 2,000 growth rates through distinct quantities: the investment of each year
    from 25 to 2024 grew 1% over the year before (each base named by its year), and only the
    two ends are printed, 100 in year 24 and 100 x 1.01^2000 in 2024: every link lies on the
    one path between the two figures."""
    links = 2000
    first = YEAR - links
    document = base()
    last_value = (Decimal(100) * Decimal("1.01") ** links).quantize(Decimal(1))
    document["figures"] = [
        {"scope": "all", "measure": "investment", "value": 100, "edition": {"year": first}},
        {"scope": "all", "measure": "investment", "value": int(last_value)},
    ]
    document["relations"] = [
        {
            "type": "growth",
            "of": {"scope": "all", "measure": "investment", "edition": {"year": year}},
            "base": {"year": year - 1},
            "percent": 1,
        }
        for year in range(first + 1, YEAR + 1)
    ]
    return document


def one_figure_4000() -> dict[str, Any]:
    """One figure printed 4,000 times, every printing the same."""
    document = base()
    document["figures"] = [{"scope": "all", "measure": "projects", "value": 79}] * 4000
    return document


def shares_2000() -> dict[str, Any]:
    """A complete breakdown of 2,000 categories of a printed total (2,000 projects), none of
    them printed; each is stated as 0.05% of the total: 2,000 shares, meeting in one sum."""
    count = 2000
    document = base()
    categories = [{"id": f"c{index}", "name": f"c{index}"} for index in range(1, count + 1)]
    document["dimensions"] = [
        {"id": "by-category", "name": "by category", "of": "all", "complete": True,
         "categories": categories},
    ]  # fmt: skip
    document["figures"] = [{"scope": "all", "measure": "projects", "value": count}]
    document["relations"] = [
        {"type": "share", "part": {"scope": category["id"], "measure": "projects"},
         "whole": {"scope": "all"}, "percent": Decimal("0.05")}
        for category in categories
    ]  # fmt: skip
    return document


def chain_3000_scopes() -> dict[str, Any]:
    """3,000 scopes, each within the next (s0 within s1 ... within s2999), each with a count
    one more than the scope inside it: a tree 3,000 deep."""
    count = 3000
    scopes: list[dict[str, Any]] = []
    for index in range(count):
        scope: dict[str, Any] = {"id": f"s{index}", "name": f"s{index}"}
        if index + 1 < count:
            scope["within"] = f"s{index + 1}"
        scopes.append(scope)
    document = base(scopes=scopes)
    document["figures"] = [
        {"scope": f"s{index}", "measure": "projects", "value": index + 1} for index in range(count)
    ]
    return document


def legacy_8mib() -> dict[str, Any]:
    """A version 1 file in the compact form, at the 8 MiB limit: the example delegation of
    `tests/data/fair2022-v1.json` repeated under distinct names, all in one region (each
    with its breakdowns, activities, claims, share of the region and growth rates)."""
    document: dict[str, Any] = json.loads(LEGACY_EXAMPLE.read_text(encoding="utf-8"))
    template = document["delegations"][0]
    document["delegations"] = []
    used = len(json.dumps(document, **_COMPACT).encode())
    index = 0
    while True:
        delegation = copy.deepcopy(template)
        delegation["name"] = f"{template['name']} {index + 1}"
        size = len(json.dumps(delegation, **_COMPACT).encode()) + 1  # and its comma
        if used + size > MAX_FILE_BYTES:
            break
        document["delegations"].append(delegation)
        used += size
        index += 1
    return document


SHAPES = (
    Shape("growth-100", "100 growth rates (1% ... 100%) of one figure", growth_100, ("growth",)),
    Shape(
        "growth-250-conflicting",
        "250 growth rates of one figure in two camps (+10%, +20%)",
        growth_250_conflicting,
        ("growth",),
    ),
    Shape(
        "growth-chain-2000",
        "a chain of 2,000 growth rates through 2,001 editions' figures",
        growth_chain_2000,
        ("growth",),
    ),
    Shape("one-figure-4000", "one figure printed 4,000 times", one_figure_4000),
    Shape("shares-2000", "2,000 shares of one total, in one breakdown", shares_2000, ("share",)),
    Shape("chain-3000-scopes", "3,000 scopes, each within the next", chain_3000_scopes),
    Shape(
        "legacy-8mib",
        "a version 1 file at the 8 MiB limit, compact",
        legacy_8mib,
        ("share", "growth"),
    ),
)
BY_NAME = {shape.name: shape for shape in SHAPES}


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # only short decimals are used, which print as they are written
    raise TypeError(f"cannot write {type(value).__name__}")


def write(shape: Shape, directory: Path) -> Path:
    """The shape's file in `directory`, compact JSON, UTF-8."""
    path = directory / f"{shape.name}.json"
    text = json.dumps(shape.build(), default=_default, **_COMPACT)
    if len(text.encode()) > MAX_FILE_BYTES:
        raise ValueError(f"{shape.name}: larger than the 8 MiB limit")
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="where to write the files (created)")
    parser.add_argument("names", nargs="*", metavar="SHAPE", help=f"of {', '.join(BY_NAME)}")
    options = parser.parse_args(argv)
    unknown = [name for name in options.names if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown shape {', '.join(unknown)}; the shapes are {', '.join(BY_NAME)}")
    options.directory.mkdir(parents=True, exist_ok=True)
    for name in options.names or BY_NAME:
        shape = BY_NAME[name]
        path = write(shape, options.directory)
        print(f"{path}  {path.stat().st_size:>9,} bytes  {shape.description}", file=sys.stdout)


if __name__ == "__main__":
    main()
