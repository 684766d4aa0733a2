"""Reading version 2 files: the bundled one as printed, and the exact message for each file
the loader must refuse (exit 2, one line naming the file and the JSON path)."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.input import jsonfile
from fairstats.input.dataset import load_release, problems_of
from fairstats.input.reader import read_release
from fairstats.model.release import Growth, Share
from tests.conftest import RELEASES, ROOT
from tests.helpers import WriteDataset, csv_rows, run

Change = Callable[[dict[str, Any]], Any]


def test_the_bundled_release_holds_the_article_as_printed() -> None:
    release = load_release(str(ROOT / "data" / "fair2022.json"))
    assert (release.fair.id, release.fair.short_name, release.fair.year) == (
        "liao-fair",
        "Liao Fair",
        2022,
    )
    assert release.fair.ordinal is None  # the article does not say which Liao Fair it is
    printed = {
        (f.ref.scope, f.ref.measure, f.printed.qualifier): f.printed.value
        for f in release.figures
        if f.printed is not None
    }
    assert printed[("dalian", "projects", "exact")] == 79
    assert printed[("dalian", "investment", "exact")] == Decimal("241.537")
    assert printed[("dalian", "investment", "more_than")] == 240
    # printed precision is kept: 900 million is 0.900 billion, exact to the million
    assert str(printed[("brand-conference", "contracted", "exact")]) == "0.900"
    share, projects, investment = release.relations
    assert isinstance(share, Share)
    assert (share.part.scope, share.whole.scope, share.printed.value) == (
        "dalian",
        "liaoning",
        Decimal("42.4"),
    )
    assert isinstance(projects, Growth)
    assert isinstance(investment, Growth)
    assert (projects.printed.value, investment.printed.value) == (
        Decimal("338.9"),
        Decimal("131.2"),
    )
    assert [d.complete for d in release.dimensions] == [True, True]


def mutate(document: dict[str, Any], change: Change) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


# (name, change to the bundled document, the JSON path and message)
BAD_CONTENT: list[tuple[str, Change, str]] = [
    ("no fair id", lambda d: d["fair"].pop("id"), '$.fair: missing required field "id"'),
    (
        "version 3",
        lambda d: d.update(schema_version=3),
        "$.schema_version: unsupported schema version 3 (this fairstats reads 1 and 2)",
    ),
    (
        "unknown scope",
        lambda d: d["figures"][0].update(scope="nowhere"),
        '$.figures[0].scope: no scope has the id "nowhere"',
    ),
    (
        "unknown measure",
        lambda d: d["figures"][0].update(measure="visitors"),
        '$.figures[0].measure: no measure has the id "visitors"',
    ),
    (
        "relation about an unknown scope",
        lambda d: d["relations"][0]["part"].update(scope="nowhere"),
        '$.relations[0].part.scope: no scope has the id "nowhere"',
    ),
    (
        "unknown relation",
        lambda d: d["relations"][0].update(type="ratio"),
        '$.relations[0].type: expected one of share, growth, average, record, rank, got "ratio"',
    ),
    (
        "within an unknown scope",
        lambda d: d["scopes"][1].update(within="x"),
        '$.scopes[1].within: no scope has the id "x"',
    ),
    (
        "a scope within itself",
        lambda d: d["scopes"][2].update(within="participation"),
        '$.scopes[2].within: scope "participation" is within itself',
    ),
    (
        "a cycle of scopes",
        lambda d: d["scopes"][0].update(within="dalian"),
        '$.scopes[0].within: scope "liaoning" is within itself',
    ),
    (
        "a value and a text",
        lambda d: d["figures"][0].update(text="many"),
        '$.figures[0]: a figure has either a "value" or a "text"',
    ),
    (
        "a count with decimals",
        lambda d: d["figures"][0].update(value=Decimal("79.5")),
        "$.figures[0].value: expected a whole number, got 79.5",
    ),
    (
        "a negative figure",
        lambda d: d["figures"][1].update(value=-1),
        "$.figures[1].value: must not be negative, got -1",
    ),
    (
        "an unknown qualifier",
        lambda d: d["figures"][2].update(qualifier="over"),
        "$.figures[2].qualifier: expected one of exact, about, nearly, more_than, at_least, "
        'less_than, up_to, got "over"',
    ),
    (
        "an amount without a currency",
        lambda d: d["measures"][1].update(unit="yuan"),
        '$.measures[1].unit: an amount needs a currency code such as CNY, got "yuan"',
    ),
    (
        "an unknown source",
        lambda d: d["figures"][0].update(source="tv"),
        '$.figures[0].source: no source has the id "tv"',
    ),
    (
        "a share of itself",
        lambda d: d["relations"][0].update(whole={"scope": "dalian"}),
        "$.relations[0]: a share of a quantity in itself",
    ),
    (
        "growth over its own edition",
        lambda d: d["relations"][1].update(base="this"),
        "$.relations[1].base: a growth over its own edition",
    ),
    (
        "an unknown edition",
        lambda d: d["figures"][0].update(edition="last"),
        '$.figures[0].edition: expected "this", "previous", {"year": N} or {"ordinal": N}, '
        'got "last"',
    ),
    (
        "a previous edition not before",
        lambda d: d["fair"].update(previous_year=2022),
        "$.fair.previous_year: the previous edition's year must be before 2022, got 2022",
    ),
    (
        "two uncertain scopes",
        lambda d: d["relations"][0].update(
            part={"scope": ["dalian", "liaoning"], "measure": "investment"},
            whole={"scope": ["liaoning", "dalian"]},
        ),
        "$.relations[0]: only one scope of a relation may be uncertain",
    ),
    (
        "a category named like a scope",
        lambda d: d["dimensions"][1]["categories"][0].update(id="dalian"),
        '$.dimensions[1].categories[0].id: duplicate scope id "dalian"',
    ),
    (
        "items of an amount",
        lambda d: d["figures"][1].update(listing="complete", items=["x"]),
        "$.figures[1]: only a count names its items",
    ),
    (
        "a zero with an enormous exponent",
        lambda d: d["figures"][1].update(value=Decimal("0E+1000000")),
        "$.figures[1].value: number out of range (0E+1000000)",
    ),
    (
        "a last digit worth 10^18",
        lambda d: d["figures"][1].update(value=Decimal("1E+18")),
        "$.figures[1].value: number out of range (1E+18)",
    ),
    (
        "a nameless source",
        lambda d: [d["sources"][0].pop(key) for key in ("title", "publisher")],
        '$.sources[0]: a source needs a "title" or a "publisher"',
    ),
    (
        "a breakdown of an unknown scope",
        lambda d: d["dimensions"][0].update(of="nowhere"),
        '$.dimensions[0].of: no scope has the id "nowhere"',
    ),
    (
        "an average over an amount",
        lambda d: d["measures"][1].update(per="investment"),
        '$.measures[1].per: "investment" is not a count measure',
    ),
    (
        "a count in dollars",
        lambda d: d["figures"][0].update(unit="USD"),
        '$.figures[0].unit: only an amount may be in another unit; "projects" is a count',
    ),
    (
        "an unknown multiplier",
        lambda d: d["figures"][1].update(scale="lakh"),
        '$.figures[1].scale: expected one of one, thousand, wan, million, yi, billion, got "lakh"',
    ),
    (
        "a rank among itself",
        lambda d: d["relations"].append(
            {"type": "rank", "of": {"scope": "dalian", "measure": "projects"}, "rank": 1,
             "among": ["dalian"]}
        ),
        "$.relations[3].among: a scope ranked among others includes itself",
    ),
    (
        "a rate and a change",
        lambda d: d["relations"][1].update(change=3),
        '$.relations[1]: a growth has either a "percent" or a "change"',
    ),
    ("no sources", lambda d: d.update(sources=[]),
     "$.sources: expected at least one entry, got an empty list"),
    (
        "a date in words",
        lambda d: d["fair"].update(start_date="18 Nov 2022"),
        '$.fair.start_date: expected a date as YYYY-MM-DD, got "18 Nov 2022"',
    ),
    (
        "a time without the T",
        lambda d: d["sources"][0].update(published="2022-11-21 14:24"),
        "$.sources[0].published: expected a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM, got "
        '"2022-11-21 14:24"',
    ),
    ("an unknown field", lambda d: d["fair"].update(edition=2022),
     '$.fair: unknown field "edition"'),
    ("a previous year 0", lambda d: d["fair"].update(previous_year=0),
     "$.fair.previous_year: must be at least 1, got 0"),
    (
        "an offset of 60 minutes",
        lambda d: d["sources"][0].update(published="2022-11-21T14:24+08:60"),
        "$.sources[0].published: expected a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM, got "
        '"2022-11-21T14:24+08:60"',
    ),
    (
        "a day not in the calendar",
        lambda d: d["fair"].update(start_date="2022-02-30"),
        '$.fair.start_date: expected a date as YYYY-MM-DD, got "2022-02-30"',
    ),
    ("a $schema that is not text", lambda d: d.update({"$schema": 5}),
     "$.$schema: expected text, got 5"),
    ("a listing without items", lambda d: d["figures"][0].update(listing="complete"),
     "$.figures[0].items: expected a list, got null"),
    (
        "items of a figure in words",
        lambda d: [d["figures"][0].pop("value"),
                   d["figures"][0].update(text="many", listing="examples", items=["x"])],
        "$.figures[0]: only a count names its items",
    ),
    ("a null listing", lambda d: d["figures"][0].update(listing=None, items=["x"]),
     "$.figures[0].listing: expected text, got null"),
    (
        "a null edition of a figure",
        lambda d: d["figures"][0].update(edition=None),
        '$.figures[0].edition: expected "this", "previous", {"year": N} or {"ordinal": N}, '
        "got null",
    ),
    ("a growth of no measure", lambda d: d["relations"][1]["of"].pop("measure"),
     '$.relations[1].of: missing required field "measure"'),
    ("a null title and publisher",
     lambda d: d["sources"][0].update(title=None, publisher=None),
     '$.sources[0]: a source needs a "title" or a "publisher"'),
    ("a count averaged", lambda d: d["measures"][0].update(per="projects"),
     "$.measures[0].per: only an amount is averaged over a count"),
    (
        "an uncertain scope in another edition",
        lambda d: d["relations"][2]["of"].update(
            scope=["dalian", "liaoning"], edition={"year": 2021}
        ),
        "$.relations[2]: an uncertain scope must be in this edition",
    ),
    ("a reading twice", lambda d: d["relations"][0]["whole"].update(scope=["liaoning"] * 2),
     '$.relations[0].whole.scope[1]: duplicate reading "liaoning"'),
    ("a currency in lower case", lambda d: d["relations"][2]["of"].update(unit="usd"),
     '$.relations[2].of.unit: expected a currency code such as USD, got "usd"'),
    ("a growth over last year's", lambda d: d["relations"][1]["of"].update(edition="previous"),
     "$.relations[1].base: a growth over its own edition"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in BAD_CONTENT], ids=[case[0] for case in BAD_CONTENT]
)
def test_a_bad_file_is_one_line_naming_the_file_and_the_place(
    write_dataset: WriteDataset, document: dict[str, Any], change: Change, message: str
) -> None:
    text = json.dumps(mutate(document, change), default=str)
    # json.dumps writes Decimals as strings above: put the digits back as numbers
    for case_digits in ("79.5", "0E+1000000", "1E+18"):
        text = text.replace(f'"{case_digits}"', case_digits)
    path = write_dataset(text)
    result = run("summary", "-d", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"fairstats: {path}: {message}\n"
    # validate reads on past a problem, and finds this one first
    assert str(problems_of(str(path))[0]) == f"{path}: {message}"


def test_validate_lists_every_problem_once(
    write_dataset: WriteDataset, document: dict[str, Any]
) -> None:
    """A measure that cannot be read is one problem, not one more for each figure using it."""
    document["measures"][1]["unit"] = "yuan"
    document["figures"][0]["scope"] = "nowhere"
    path = write_dataset(document)
    result = run("validate", "-f", "csv", path)
    assert result.exit_code == 2
    assert [(row["place"], row["problem"]) for row in csv_rows(result.stdout)] == [
        ("$.measures[1].unit", 'an amount needs a currency code such as CNY, got "yuan"'),
        ("$.figures[0].scope", 'no scope has the id "nowhere"'),
    ]


def test_validate_reads_folders(write_dataset: WriteDataset) -> None:
    result = run("validate", "-f", "csv", RELEASES)
    assert result.exit_code == 0
    rows = csv_rows(result.stdout)
    assert sorted(Path(row["file"]).name for row in rows) == sorted(
        path.name for path in RELEASES.glob("*.json")
    )
    assert {row["valid"] for row in rows} == {"true"}


def test_an_empty_folder_and_a_folder_with_a_stray_file(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", "-d", empty)
    assert result.exit_code == 2
    assert result.stderr == f"fairstats: {empty}: the folder holds no *.json dataset file\n"
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "package.json").write_text('{"name": "left-pad"}', encoding="utf-8")
    result = run("check", "-d", stray)
    assert result.exit_code == 2
    assert result.stderr == (f'fairstats: {stray / "package.json"}: $: unknown field "name"\n')


# The tree of scopes ---------------------------------------------------------------------------


def _tree_problems(document: dict[str, Any], parents: dict[str, str | None]) -> list[str]:
    """validate's problems (path: message) once these scopes are added to the document."""
    document["scopes"] += [
        {"id": scope, "name": scope} | ({} if parent is None else {"within": parent})
        for scope, parent in parents.items()
    ]
    parsed = jsonfile.parse("tree.json", json.dumps(document))  # numbers as the loader has them
    _, problems = read_release("tree.json", parsed, collect=True)
    return [f"{error.json_path}: {error.message}" for error in problems]


def test_every_scope_on_a_cycle_is_named_once_and_none_below_one(
    document: dict[str, Any],
) -> None:
    first = len(document["scopes"])  # the bundled scopes come first, and are a tree
    parents = {
        "top": None, "leaf": "top",
        "c1": "c2", "c2": "c3", "c3": "c1",  # a cycle of three
        "below": "c2", "further-below": "below",  # a chain hanging from it: not named
        "self": "self",
        "lost": "atlantis", "under-lost": "lost",  # a missing parent: only its child is named
        "pair1": "pair2", "pair2": "pair1",
    }  # fmt: skip
    place = {scope: f"$.scopes[{first + index}].within" for index, scope in enumerate(parents)}
    assert _tree_problems(document, parents) == [
        f'{place["c1"]}: scope "c1" is within itself',
        f'{place["c2"]}: scope "c2" is within itself',
        f'{place["c3"]}: scope "c3" is within itself',
        f'{place["self"]}: scope "self" is within itself',
        f'{place["lost"]}: no scope has the id "atlantis"',
        f'{place["pair1"]}: scope "pair1" is within itself',
        f'{place["pair2"]}: scope "pair2" is within itself',
    ]


def test_a_deep_chain_of_scopes_is_a_tree_and_closed_is_a_cycle(
    document: dict[str, Any],
) -> None:
    """3,000 scopes, each within the next (validate once took minutes on this: each scope's
    walk to the top copied the path at every step)."""
    depth = 3000
    chain: dict[str, str | None] = {f"s{i}": f"s{i + 1}" for i in range(depth - 1)}
    open_chain = chain | {f"s{depth - 1}": None}
    assert _tree_problems(copy.deepcopy(document), open_chain) == []
    closed = _tree_problems(copy.deepcopy(document), chain | {f"s{depth - 1}": "s0"})
    assert len(closed) == depth
    assert closed[0].endswith(': scope "s0" is within itself')
    assert closed[-1].endswith(f': scope "s{depth - 1}" is within itself')
    # the same cycle with the open chain hanging below it: only the cycle is named
    hanging = {f"t{i}": f"t{i + 1}" for i in range(depth - 1)} | {f"t{depth - 1}": "s0"}
    assert (
        len(_tree_problems(copy.deepcopy(document), chain | {f"s{depth - 1}": "s0"} | hanging))
        == depth
    )


def test_the_scopes_named_are_those_a_walk_up_leads_back_to(document: dict[str, Any]) -> None:
    """On random forests with cycles: a scope is named "within itself" exactly when walking
    up from it comes back to it, and in the order of the file."""
    generator = random.Random(18)
    for _ in range(200):
        size = generator.randint(1, 12)
        names = [f"n{i}" for i in range(size)]
        parents: dict[str, str | None] = {
            name: generator.choice([None, "missing", *names]) for name in names
        }

        def returns(name: str, parents: dict[str, str | None] = parents) -> bool:
            current = parents[name]
            for _ in range(len(parents)):
                if current == name:
                    return True
                if current is None or current not in parents:
                    return False
                current = parents[current]
            return False

        expected = [
            'no scope has the id "missing"' if parents[name] == "missing"
            else f'scope "{name}" is within itself'
            for name in names
            if parents[name] == "missing" or returns(name)
        ]  # fmt: skip
        found = _tree_problems(copy.deepcopy(document), parents)
        assert [problem.partition(": ")[2] for problem in found] == expected, parents


def test_a_version_1_file_loads_and_its_problems_name_version_1_paths(
    write_dataset: WriteDataset,
) -> None:
    old = json.loads((ROOT / "tests" / "data" / "fair2022-v1.json").read_text(encoding="utf-8"))
    old["delegations"][0]["signed"]["projects"] = "79"
    path = write_dataset(old)
    result = run("summary", "-d", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f'fairstats: {path}: $.delegations[0].signed.projects: expected a whole number, got "79"\n'
    )
