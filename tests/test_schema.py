"""The JSON Schema and the loader agree: what one accepts the other does, what the schema can
express it refuses as the loader does, and `schema` prints the committed file."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairstats.input import jsonfile
from fairstats.input.dataset import BUNDLED_SCHEMA, problems_of
from fairstats.input.reader import SCHEMA_VERSION, read_release
from fairstats.input.shapes import Shapes
from fairstats.model.errors import DataError
from tests.conftest import RELEASES, ROOT
from tests.helpers import WriteDataset, run
from tests.test_reader import BAD_CONTENT, Change

SCHEMA = json.loads((ROOT / "schema" / "fairstats-dataset.schema.json").read_text("utf-8"))
# Formats asserted, not only annotated (2020-12's default): "2022-02-30" is no "date".
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
# Formats only annotated: what a validator that follows 2020-12's default reads.
ANNOTATING = jsonschema.Draft202012Validator(SCHEMA)
SHIPPED = [ROOT / "data" / "fair2022.json", *sorted(RELEASES.glob("*.json"))]

# What a JSON Schema cannot say: references between entries, and rules that depend on another
# entry (a measure's kind), on the whole tree or on a number's digits.
BEYOND_A_SCHEMA = {
    "unknown scope",
    "unknown measure",
    "relation about an unknown scope",
    "within an unknown scope",
    "a scope within itself",
    "a cycle of scopes",
    "a count with decimals",
    "an unknown source",
    "a share of itself",
    "a previous edition not before",
    "a category named like a scope",
    "items of an amount",
    "a zero with an enormous exponent",
    "a breakdown of an unknown scope",
    "an average over an amount",
    "a count in dollars",
    "a rank among itself",
}


def test_the_schema_is_valid_and_accepts_every_shipped_file() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for path in SHIPPED:
        VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))


def test_schema_prints_the_committed_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert result.stdout == Path(BUNDLED_SCHEMA).read_text(encoding="utf-8")


def test_every_case_beyond_a_schema_is_a_bad_file_case() -> None:
    assert {name for name, _, _ in BAD_CONTENT} >= BEYOND_A_SCHEMA


@pytest.mark.parametrize(
    "change",
    [change for name, change, _ in BAD_CONTENT if name not in BEYOND_A_SCHEMA],
    ids=[name for name, _, _ in BAD_CONTENT if name not in BEYOND_A_SCHEMA],
)
def test_the_schema_refuses_what_the_loader_refuses(
    bundled_document: dict[str, Any], change: Change
) -> None:
    document = copy.deepcopy(bundled_document)
    change(document)
    document = json.loads(json.dumps(document, default=float))
    assert not VALIDATOR.is_valid(document)


def every_field() -> dict[str, Any]:
    """A document that uses every field the format has, each in a valid way."""
    return {
        "$schema": "fairstats-dataset.schema.json",
        "schema_version": 2,
        "fair": {
            "id": "fair", "name": "A Fair", "short_name": "AF", "year": 2024, "ordinal": 3,
            "previous_year": 2022, "city": "Xiamen", "start_date": "2024-09-08",
            "end_date": "2024-09-11", "sponsors": ["A ministry"],
        },
        "sources": [
            {"id": "a", "title": "T", "publisher": "P", "published": "2024-09-09T10:00",
             "url": "https://example.org/a", "language": "en"},
            {"id": "b", "publisher": "Q"},
        ],
        "measures": [
            {"id": "projects", "name": "projects", "kind": "count", "item": "project"},
            {"id": "investment", "name": "investment", "kind": "amount", "unit": "CNY",
             "scale": "yi", "per": "projects"},
            {"id": "area", "name": "area", "kind": "other", "unit": "m²", "scale": "wan"},
        ],
        "scopes": [
            {"id": "all", "name": "All"},
            {"id": "city", "name": "City", "within": "all"},
            {"id": "other-city", "name": "Other city", "within": "all"},
        ],
        "dimensions": [
            {"id": "type", "name": "by type", "of": "all", "complete": False,
             "categories": [{"id": "a-type", "name": "A type"}]},
        ],
        "figures": [
            {"scope": "all", "measure": "projects", "value": 50, "listing": "examples",
             "items": ["One"], "where": "body", "note": "n", "source": "a"},
            {"scope": "all", "measure": "investment", "value": 100, "unit": "USD",
             "scale": "billion", "qualifier": "about", "edition": "previous"},
            {"scope": "city", "measure": "area", "text": "large"},
            {"scope": "all", "measure": "investment", "value": 10, "edition": {"year": 2022}},
            {"scope": "all", "measure": "investment", "value": 10, "edition": {"ordinal": 1}},
        ],
        "relations": [
            {"type": "share", "part": {"scope": "city", "measure": "projects"},
             "whole": {"scope": ["all", "other-city"], "edition": "this"}, "percent": 20,
             "qualifier": "exact", "source": "b", "where": "w", "note": "n"},
            {"type": "growth", "of": {"scope": "all", "measure": "investment", "unit": "CNY"},
             "base": {"year": 2022}, "percent": -2.5},
            {"type": "growth", "of": {"scope": "all", "measure": "investment"},
             "change": 3, "scale": "million"},
            {"type": "average", "scope": "all", "amount": "investment", "count": "projects",
             "value": 2, "edition": "this", "unit": "CNY", "scale": "yi",
             "qualifier": "more_than"},
            {"type": "record", "of": {"scope": "all", "measure": "investment"}},
            {"type": "rank", "of": {"scope": "city", "measure": "projects"}, "rank": 1,
             "among": ["other-city"]},
        ],
        "lists": [{"scope": "all", "name": "focus industries", "listing": "complete",
                   "items": ["x"]}],
        "notes": [{"scope": "all", "text": "a remark"}, {"text": "another"}],
    }  # fmt: skip


def test_every_field_of_the_schema_loads(write_dataset: WriteDataset) -> None:
    document = every_field()
    VALIDATOR.validate(document)
    assert problems_of(str(write_dataset(document))) == []


def objects(schema: Any, path: str = "$") -> list[str]:
    """The paths of every object in a document (so that a test can add a field to each)."""
    if isinstance(schema, dict):
        found = [path]
        for key, value in schema.items():
            found += objects(value, f"{path}.{key}")
        return found
    if isinstance(schema, list):
        return [p for index, value in enumerate(schema) for p in objects(value, f"{path}[{index}]")]
    return []


def _at(document: Any, path: str) -> Any:
    node = document
    for part in path.replace("[", ".[").split(".")[1:]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


@pytest.mark.parametrize("path", objects(every_field()))
def test_an_unknown_field_is_refused_by_both_everywhere(
    write_dataset: WriteDataset, path: str
) -> None:
    document = every_field()
    _at(document, path)["surprise"] = 1
    assert not VALIDATOR.is_valid(document)
    problems = problems_of(str(write_dataset(document)))
    assert [p.message for p in problems] == ['unknown field "surprise"']
    assert problems[0].json_path == path


def test_the_schema_id_carries_the_format_version() -> None:
    assert SCHEMA["$id"] == f"urn:fairstats:dataset-schema:{SCHEMA_VERSION}"
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def _loader_problems(document: Any) -> list[DataError]:
    """Every problem the loader finds in a document, read from its JSON text as a file is."""
    name = "generated.json"
    return read_release(name, jsonfile.parse(name, json.dumps(document)), collect=True)[1]


def _schema_accepts(document: Any, validator: jsonschema.Validator = VALIDATOR) -> bool:
    # read from JSON text too, numbers as floats, as most validators read them
    return validator.is_valid(json.loads(json.dumps(document)))


# The issue's cases (#17): the schema's description ruled them out, and its patterns let them in.
@pytest.mark.parametrize(
    "character", ["\x1b", "\t", "\n", "\x7f", "\x85"], ids=["ESC", "TAB", "LF", "DEL", "U+0085"]
)
def test_a_control_character_in_a_name_is_refused_by_both(
    document: dict[str, Any], character: str
) -> None:
    document["fair"]["name"] += character + "x"
    assert not _schema_accepts(document)
    assert [(p.json_path, p.message) for p in _loader_problems(document)] == [
        ("$.fair.name", f"text contains the control character \\x{ord(character):02x}")
    ]


@pytest.mark.parametrize(
    "day", ["2022-13-45", "2022-02-30", "2023-02-29", "1900-02-29", "0000-01-01"]
)
def test_a_day_not_in_the_calendar_is_refused_by_both(document: dict[str, Any], day: str) -> None:
    document["fair"]["start_date"] = day
    assert not _schema_accepts(document)
    # by the pattern alone too, for a validator that only annotates formats
    assert not _schema_accepts(document, ANNOTATING)
    assert [p.message for p in _loader_problems(document)] == [
        f'expected a date as YYYY-MM-DD, got "{day}"'
    ]


@pytest.mark.parametrize("day", ["2024-02-29", "2000-02-29", "0004-02-29", "9999-12-31"])
def test_a_leap_day_is_a_day_to_both(document: dict[str, Any], day: str) -> None:
    document["fair"]["start_date"] = day
    assert _schema_accepts(document)
    assert _loader_problems(document) == []


def test_null_lists_are_no_lists_to_both(document: dict[str, Any]) -> None:
    # the schema's own words: an optional field left out or null, both mean none
    for key in ("dimensions", "figures", "relations", "lists", "notes"):
        document[key] = None
    assert _schema_accepts(document)
    assert _loader_problems(document) == []


def test_text_refuses_exactly_the_characters_the_loader_refuses() -> None:
    """Every code point, alone and after a letter: the text definition's two patterns, read as
    a validator reads them (a search each), agree with the loader's check of text."""
    text = SCHEMA["$defs"]["text"]
    refused = re.compile(text["not"]["pattern"])
    not_space = re.compile(text["pattern"])
    shapes = Shapes("generated.json")

    def loader_accepts(value: str) -> bool:
        try:
            shapes.text(value, "$")
        except DataError:
            return False
        return True

    disagreements = [
        ascii(value)
        for code in range(sys.maxunicode + 1)
        for value in (chr(code), "a" + chr(code))
        if loader_accepts(value) != (not refused.search(value) and bool(not_space.search(value)))
    ]
    assert disagreements == []


# The property test: random changes to the shipped files -------------------------------------

DOCUMENTS = {path.name: json.loads(path.read_text("utf-8")) for path in SHIPPED}
# Fields where any text is valid. Not ids (a changed id breaks the references to it, which only
# the loader checks), dates, currency codes or choices.
FREE_TEXT = frozenset(
    {"$schema", "name", "short_name", "city", "sponsors", "title", "publisher", "url",
     "language", "text", "note", "where", "items", "item"}
)  # fmt: skip
DATES = frozenset({"start_date", "end_date", "published"})
NUMBERS = frozenset({"year", "ordinal", "previous_year", "rank", "value", "percent", "change"})
# Fields of a choice, each with its choices: another one may break a rule of the measure's kind.
CHOICES = {
    "kind": ["count", "amount", "other"],
    "scale": ["one", "thousand", "wan", "million", "yi", "billion"],
    "qualifier": ["exact", "about", "more_than"],
    "listing": ["complete", "examples"],
    "type": ["share", "growth", "average", "record", "rank"],
    "edition": ["this", "previous"],
    "base": ["this", "previous"],
    "unit": ["CNY", "USD", "m²"],
}
# What only the loader checks (docs/format.md lists it), in the words of the loader's messages.
LOADER_ONLY = re.compile(
    "|".join(
        [
            "no (scope|measure|source) has the id",  # references between entries
            "is within itself",
            "duplicate (scope|measure|source|dimension) id",  # one field unique among entries
            "is not a count|is a count, not an amount",  # rules that hang on a measure's kind
            "only a count names its items|only an amount may be in another unit",
            "a share of a quantity (in itself|of another kind)",  # two fields compared
            "a growth over its own edition",
            "the previous edition's year must be before",
            "ranked among others includes itself",
        ]
    )
)


def _only_the_loader_sees(problem: DataError, document: dict[str, Any]) -> bool:
    path = problem.json_path or ""
    # a count's figure or change printed with decimals: the rule hangs on the measure's kind
    if path.endswith((".value", ".change")):
        return problem.message.startswith("expected a whole number")
    # the schema says these where no other entry is needed: items of a figure in words, a
    # growth over this edition from this edition, or over the previous from the previous
    if problem.message == "only a count names its items":
        return "value" in _at(document, path)
    if problem.message == "a growth over its own edition":
        return isinstance(_at(document, path.removesuffix(".base")).get("base"), dict)
    return bool(LOADER_ONLY.search(problem.message))


Place = tuple[str | int, ...]
CHARACTERS_REFUSED = st.one_of(
    st.sampled_from("\x1b\t\n\x7f\x85"),
    st.integers(0, 0x1F).map(chr),
    st.integers(0x7F, 0x9F).map(chr),
    st.integers(0xD800, 0xDFFF).map(chr),
)
ANY_TEXT = st.one_of(
    st.text(
        st.one_of(st.characters(), CHARACTERS_REFUSED, st.sampled_from(" \xa0\u3000\ufeff\u202e")),
        max_size=6,
    ),
    st.sampled_from(["x" * 2000, "x" * 2001, "中" * 2000]),
)
DAYS = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.from_regex(r"[0-9]{4}-(0[0-9]|1[0-3])-[0-3][0-9]", fullmatch=True),
    st.sampled_from(["2022-13-45", "2022-02-30", "1900-02-29", "2000-02-29", "0000-01-01"]),
)
MOMENTS = st.one_of(
    DAYS,
    st.tuples(
        DAYS, st.from_regex(r"T[0-2][0-9]:[0-6][0-9](:[0-6][0-9])?(Z|[+-][0-2][0-9]:[0-9]{2})?",
                            fullmatch=True)
    ).map("".join),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
    st.sampled_from(["2022-11-21 14:24", "2022-11-21T14:24\n", "2022-11-21t14:24"]),
)  # fmt: skip
EXTREMES = st.sampled_from(
    [-1, 0, 1, 12.5, -12.5, 10**18 - 1, 1 - 10**18, 10**18, -(10**18), 1e18, "5", True, None]
)
OTHER_TYPES = st.sampled_from([None, True, 5, "x", [], {}])


def _places(node: Any, place: Place = ()) -> list[tuple[Place, Any]]:
    """Every value in a document below the top, with where it is."""
    children: list[tuple[str | int, Any]] = (
        list(node.items()) if isinstance(node, dict)
        else list(enumerate(node)) if isinstance(node, list) else []
    )  # fmt: skip
    return [
        found
        for key, value in children
        for found in [((*place, key), value), *_places(value, (*place, key))]
    ]


def _field(place: Place) -> str:
    return next(key for key in reversed(place) if isinstance(key, str))


def _change(draw: st.DrawFn, document: dict[str, Any]) -> None:
    """One random change at one random place."""
    places = _places(document)
    kinds: list[tuple[str, Place]] = [("another type", place) for place, _ in places]
    kinds += [("delete", place) for place, _ in places if isinstance(place[-1], str)]
    kinds += [("refused", place) for place, value in places if isinstance(value, str)]
    for field_kind, fields in (
        ("text", FREE_TEXT), ("date", DATES), ("number", NUMBERS), ("choice", CHOICES.keys())
    ):  # fmt: skip
        kinds += [
            (field_kind, place)
            for place, value in places
            if _field(place) in fields and not isinstance(value, (dict, list))
        ]
    # a kind, a field, then a place: a year or a date is changed as often as the many names
    kind = draw(st.sampled_from(sorted({kind for kind, _ in kinds})))
    field = draw(st.sampled_from(sorted({_field(place) for each, place in kinds if each == kind})))
    place = draw(
        st.sampled_from([place for each, place in kinds if each == kind and _field(place) == field])
    )
    parent: Any = document
    for key in place[:-1]:
        parent = parent[key]
    last: Any = place[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "refused":
        text = parent[last]
        at = draw(st.integers(0, len(text)))
        parent[last] = text[:at] + draw(CHARACTERS_REFUSED) + text[at:]
    else:
        values = {
            "another type": OTHER_TYPES,
            "text": ANY_TEXT,
            "number": EXTREMES,
            "date": MOMENTS if field == "published" else DAYS,
        }
        parent[last] = draw(st.sampled_from(CHOICES[field]) if kind == "choice" else values[kind])


@st.composite
def changed_documents(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(DOCUMENTS[draw(st.sampled_from(sorted(DOCUMENTS)))])
    for _ in range(draw(st.integers(1, 3))):
        _change(draw, document)
    return document


@settings(max_examples=300, deadline=None)
@given(changed_documents())
def test_the_schema_refuses_what_the_loader_refuses_and_nothing_else(
    document: dict[str, Any],
) -> None:
    """The property: for a document made from a shipped file by one to three random changes (a
    refused character put into any text; any text in a field of free text; dates and times of
    every shape; numbers at and past the limits; another of a field's choices; a value of
    another type; a field removed),
    - the schema accepts it whenever the loader does, and
    - the schema refuses it whenever the loader refuses it for a reason the schema can express,
      that is, for a reason other than those only the loader checks (`LOADER_ONLY`: references
      between entries, ids unique among entries, rules that hang on a measure's kind or compare
      two fields)."""
    problems = _loader_problems(document)
    expressible = [p for p in problems if not _only_the_loader_sees(p, document)]
    if not problems:
        assert _schema_accepts(document)  # formats asserted: the stricter reading
    elif expressible:
        # by patterns alone, the looser reading: so a validator of either kind refuses it
        assert not _schema_accepts(document, ANNOTATING), [
            f"{p.json_path}: {p.message}" for p in expressible
        ]
