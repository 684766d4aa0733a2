"""JSON to the model: a version 2 dataset file becomes a `Release`, or a `DataError` that names
the file and the JSON path.

The reader refuses only what it cannot understand: bad shapes and types, numbers out of range,
references to scopes, measures or sources that do not exist, a scope inside itself. Figures that
disagree with each other load fine; they are `check`'s business. A version 1 file is read
through `legacy`, which writes it as version 2 first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from fairstats.input.jsonfile import describe
from fairstats.input.shapes import Abandon, Shapes
from fairstats.model.errors import DataError
from fairstats.model.release import (
    AMOUNT,
    BY_ORDINAL,
    BY_YEAR,
    COUNT,
    LISTINGS,
    MEASURE_KINDS,
    OTHER,
    PREVIOUS,
    PREVIOUS_EDITION,
    QUALIFIERS,
    THIS,
    THIS_EDITION,
    Average,
    Dimension,
    Edition,
    Fair,
    Figure,
    Growth,
    ItemList,
    Measure,
    Note,
    Printed,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Release,
    Scope,
    Share,
    Source,
)

T = TypeVar("T")
SCHEMA_VERSION = 2
# Unit multipliers by name, as powers of ten (SDMX's UNIT_MULT): 亿 is yi, 8.
SCALES = {"one": 0, "thousand": 3, "wan": 4, "million": 6, "yi": 8, "billion": 9}
RELATION_TYPES = ("share", "growth", "average", "record", "rank")
_STATEMENT_FIELDS = ("source", "where", "note", "review")
_FIGURE_FIELDS = (
    "value", "text", "unit", "scale", "qualifier", "edition", "listing", "items",
    *_STATEMENT_FIELDS,
)  # fmt: skip
_LARGEST_PLAIN_INTEGER = 10**18


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


def _listed(data: dict[str, Any], key: str) -> Any:
    """An optional list of the document: left out and null both mean none, as for any field."""
    value = data.get(key)
    return [] if value is None else value


class _Reader(Shapes):
    """Reads one version 2 document; the names it has met are kept to check references."""

    def __init__(self, file: str, *, collect: bool = False) -> None:
        super().__init__(file, collect=collect)
        self.sources: list[Source] = []
        self.measures: dict[str, Measure] = {}
        self.scopes: dict[str, Scope] = {}
        # Entries whose own problem was recorded: a reference to one is not a problem again.
        self.broken: set[str] = set()
        self.scope_paths: dict[str, str] = {}  # where each scope is defined in the file
        self.measure_paths: dict[str, str] = {}
        # entries marked as guesses still to review (a draft's): their paths and what to review
        self.reviews: list[tuple[str, str]] = []

    # The document ---------------------------------------------------------------------------

    def release(self, document: Any) -> Release:
        if isinstance(document, dict) and "schema_version" in document:
            # a file of another version is named as such, not by the fields it lacks
            self.schema_version(document["schema_version"], "$.schema_version")
        data = self.obj(
            document,
            "$",
            ("schema_version", "fair", "sources", "measures", "scopes"),
            ("$schema", "dimensions", "figures", "relations", "lists", "notes"),
        )
        # not read, but text all the same: the schema says so, and a file is checked whole
        self.part(lambda: self.optional(data, "$schema", self.text, "$", None), None)
        fair = self.part(lambda: self.fair(data["fair"], "$.fair"), None)
        self.sources = self.part(lambda: self.read_sources(data["sources"], "$.sources"), [])
        self.measures = self.part(lambda: self.read_measures(data["measures"], "$.measures"), {})
        self.scopes = self.part(lambda: self.read_scopes(data["scopes"], "$.scopes"), {})
        dimensions: list[Dimension] = self.part(
            lambda: self.read_dimensions(_listed(data, "dimensions"), "$.dimensions"), []
        )
        self.part(self.check_tree, None)
        figures: list[Figure] = self.part(
            lambda: self.items(self.figure, _listed(data, "figures"), "$.figures"), []
        )
        relations: list[Relation] = self.part(
            lambda: self.items(self.relation, _listed(data, "relations"), "$.relations"), []
        )
        lists: list[ItemList] = self.part(
            lambda: self.items(self.item_list, _listed(data, "lists"), "$.lists"), []
        )
        notes: list[Note] = self.part(
            lambda: self.items(self.note_entry, _listed(data, "notes"), "$.notes"), []
        )
        if self.problems or fair is None:
            raise Abandon
        label = os.path.splitext(os.path.basename(self.file))[0]
        return Release(
            file=self.file,
            label=label,
            schema_version=SCHEMA_VERSION,
            fair=fair,
            sources=tuple(self.sources),
            measures=self.measures,
            scopes=self.scopes,
            dimensions=tuple(dimensions),
            figures=tuple(figures),
            relations=tuple(relations),
            scope_paths=self.scope_paths,
            measure_paths=self.measure_paths,
            lists=tuple(lists),
            notes=tuple(notes),
            reviews=tuple(self.reviews),
        )

    def schema_version(self, value: Any, path: str) -> int:
        version = self.count(value, path)
        if version != SCHEMA_VERSION:
            self.fail(
                path,
                f"unsupported schema version {version} (this fairstats reads 1 and "
                f"{SCHEMA_VERSION})",
            )
        return version

    def fair(self, value: Any, path: str) -> Fair:
        data = self.obj(
            value,
            path,
            ("id", "name", "year"),
            (
                "short_name",
                "ordinal",
                "previous_year",
                "city",
                "start_date",
                "end_date",
                "sponsors",
                "review",
            ),
        )
        self.reviewed(data, path)
        name = self.text(data["name"], f"{path}.name")
        year = self.count(data["year"], f"{path}.year", minimum=1)
        previous_year = self.optional(data, "previous_year", self.positive, path, None)
        if previous_year is not None and previous_year >= year:
            self.fail(
                f"{path}.previous_year",
                f"the previous edition's year must be before {year}, got {previous_year}",
            )
        return Fair(
            id=self.text(data["id"], f"{path}.id"),
            name=name,
            short_name=self.optional(data, "short_name", self.text, path, name),
            year=year,
            ordinal=self.optional(data, "ordinal", self.positive, path, None),
            previous_year=previous_year,
            city=self.optional(data, "city", self.text, path, None),
            start_date=self.optional(data, "start_date", self.day, path, None),
            end_date=self.optional(data, "end_date", self.day, path, None),
            sponsors=self.optional(data, "sponsors", self.texts, path, tuple[str, ...]()),
        )

    def read_sources(self, value: Any, path: str) -> list[Source]:
        self.array(value, path, non_empty=True)
        sources = self.items(self.source, value, path)
        self.unique([s.id for s in sources], path, "source id")
        return sources

    def source(self, value: Any, path: str) -> Source:
        data = self.obj(
            value, path, ("id",), ("title", "publisher", "published", "url", "language")
        )
        if data.get("title") is None and data.get("publisher") is None:
            self.fail(path, 'a source needs a "title" or a "publisher"')
        return Source(
            id=self.text(data["id"], f"{path}.id"),
            title=self.optional(data, "title", self.text, path, None),
            publisher=self.optional(data, "publisher", self.text, path, None),
            published=self.optional(data, "published", self.moment, path, None),
            url=self.optional(data, "url", self.text, path, None),
            language=self.optional(data, "language", self.text, path, None),
        )

    def scale(self, value: Any, path: str) -> int:
        return SCALES[self.choice(value, path, tuple(SCALES))]

    def entries(self, read: Callable[[Any, str], T], value: Any, path: str) -> list[T]:
        """Entries with ids; in collect mode, an entry that cannot be read leaves its id (and
        its categories') among the broken ones."""
        found = []
        for index, entry in enumerate(self.array(value, path)):
            try:
                found.append(read(entry, f"{path}[{index}]"))
            except Abandon:
                if isinstance(entry, dict):
                    ids = [entry.get("id")]
                    categories = entry.get("categories")
                    if isinstance(categories, list):
                        ids += [c.get("id") for c in categories if isinstance(c, dict)]
                    self.broken.update(i for i in ids if isinstance(i, str))
        return found

    def read_measures(self, value: Any, path: str) -> dict[str, Measure]:
        self.array(value, path, non_empty=True)
        measures = self.entries(self.measure, value, path)
        self.unique([m.id for m in measures], path, "measure id")
        found = {m.id: m for m in measures}
        for index, measure in enumerate(measures):
            per = found.get(measure.per) if measure.per is not None else None
            if measure.per is not None and (per is None or per.kind != COUNT):
                self.note(f"{path}[{index}].per", f"{describe(measure.per)} is not a count measure")
        return found

    def measure(self, value: Any, path: str) -> Measure:
        data = self.obj(
            value, path, ("id", "name", "kind"), ("unit", "scale", "per", "item", "review")
        )
        self.reviewed(data, path)
        self.measure_paths.setdefault(str(data["id"]), path)
        kind = self.choice(data["kind"], f"{path}.kind", MEASURE_KINDS)
        unit = self.optional(data, "unit", self.text, path, "")
        if kind == AMOUNT and not _is_currency(unit):
            self.fail(
                f"{path}.unit",
                f"an amount needs a currency code such as CNY, got {describe(data.get('unit'))}",
            )
        if kind == OTHER and not unit:
            self.fail(path, 'an "other" measure needs a "unit"')
        if kind == COUNT and unit:
            self.fail(f"{path}.unit", "a count has no unit")
        per = self.optional(data, "per", self.text, path, None)
        if per is not None and kind != AMOUNT:
            self.fail(f"{path}.per", "only an amount is averaged over a count")
        item = self.optional(data, "item", self.text, path, None)
        if item is not None and kind != COUNT:
            self.fail(f"{path}.item", "only a count names what it counts")
        return Measure(
            id=self.text(data["id"], f"{path}.id"),
            name=self.text(data["name"], f"{path}.name"),
            kind=kind,
            unit=unit,
            scale=self.optional(data, "scale", self.scale, path, 0),
            per=per,
            item=item,
        )

    def read_scopes(self, value: Any, path: str) -> dict[str, Scope]:
        self.array(value, path, non_empty=True)
        scopes = self.entries(self.scope_entry, value, path)
        self.unique([s.id for s in scopes], path, "scope id")
        return {scope.id: scope for scope in scopes}

    def scope_entry(self, value: Any, path: str) -> Scope:
        data = self.obj(value, path, ("id", "name"), ("within", "review"))
        self.reviewed(data, path)
        self.scope_paths.setdefault(str(data["id"]), path)
        return Scope(
            id=self.text(data["id"], f"{path}.id"),
            name=self.text(data["name"], f"{path}.name"),
            within=self.optional(data, "within", self.text, path, None),
        )

    def read_dimensions(self, value: Any, path: str) -> list[Dimension]:
        dimensions = self.entries(self.dimension, value, path)
        self.unique([d.id for d in dimensions], path, "dimension id")
        return dimensions

    def dimension(self, value: Any, path: str) -> Dimension:
        data = self.obj(value, path, ("id", "name", "of", "complete", "categories"), ("review",))
        self.reviewed(data, path)
        dimension_id = self.text(data["id"], f"{path}.id")
        of = self.scope_id(data["of"], f"{path}.of")
        categories_path = f"{path}.categories"
        self.array(data["categories"], categories_path, non_empty=True)
        categories = self.items(
            lambda v, p: self.category(v, p, dimension_id, of), data["categories"], categories_path
        )
        return Dimension(
            id=dimension_id,
            name=self.text(data["name"], f"{path}.name"),
            of=of,
            complete=self.boolean(data["complete"], f"{path}.complete"),
            categories=tuple(c.id for c in categories),
        )

    def category(self, value: Any, path: str, dimension: str, of: str) -> Scope:
        data = self.obj(value, path, ("id", "name"))
        scope = Scope(
            id=self.text(data["id"], f"{path}.id"),
            name=self.text(data["name"], f"{path}.name"),
            within=of,
            dimension=dimension,
        )
        if scope.id in self.scopes:
            self.fail(f"{path}.id", f"duplicate scope id {describe(scope.id)}")
        self.scopes[scope.id] = scope
        self.scope_paths[scope.id] = path
        return scope

    def check_tree(self) -> None:
        """Every `within` names a scope, and no scope is inside itself.

        Only a scope on a cycle is within itself; one below a cycle is not named. Each scope
        is walked up from once: a walk stops at a scope an earlier walk passed, so a chain of
        n scopes costs n steps, not n^2 (or n^3, copying the path at each step).
        """
        on_cycle = self.scopes_on_cycles()
        for scope in self.scopes.values():
            where = f"{self.scope_paths[scope.id]}.within"
            if scope.within is not None and scope.within not in self.scopes:
                self.note(where, f"no scope has the id {describe(scope.within)}")
            elif scope.id in on_cycle:
                self.note(where, f"scope {describe(scope.id)} is within itself")

    def scopes_on_cycles(self) -> set[str]:
        """The scopes on a cycle of `within`s. Each scope has at most one parent, so a walk
        up from a scope ends at the top, at a missing parent, at a scope an earlier walk
        passed (nothing new), or back on its own path: the cycle is that path's tail."""
        on_cycle: set[str] = set()
        walked: set[str] = set()
        for start in self.scopes:
            path: dict[str, int] = {}  # the scopes of this walk, with their places on it
            current: str | None = start
            while current is not None and current in self.scopes and current not in walked:
                if current in path:
                    on_cycle.update(list(path)[path[current] :])
                    break
                path[current] = len(path)
                current = self.scopes[current].within
            walked.update(path)
        return on_cycle

    # References -----------------------------------------------------------------------------

    def scope_id(self, value: Any, path: str) -> str:
        text = self.text(value, path)
        if text not in self.scopes:
            self.missing(path, "scope", text)
        return text

    def missing(self, path: str, what: str, name: str) -> NoReturn:
        if name in self.broken:
            raise Abandon  # its own problem is recorded where it is defined
        self.fail(path, f"no {what} has the id {describe(name)}")

    def scope_ids(self, value: Any, path: str) -> tuple[str, ...]:
        """One scope, or several: the readings of a sentence whose scope is uncertain."""
        if isinstance(value, list):
            self.array(value, path, non_empty=True)
            ids = tuple(self.items(self.scope_id, value, path))
            self.unique(list(ids), path, "reading")
            return ids
        return (self.scope_id(value, path),)

    def measure_id(self, value: Any, path: str) -> Measure:
        text = self.text(value, path)
        if text not in self.measures:
            self.missing(path, "measure", text)
        return self.measures[text]

    @property
    def default_source(self) -> str:
        return self.sources[0].id if self.sources else ""

    def source_id(self, data: dict[str, Any], path: str) -> str:
        if data.get("source") is None:
            return self.sources[0].id if self.sources else ""
        text = self.text(data["source"], f"{path}.source")
        if text not in {source.id for source in self.sources}:
            self.fail(f"{path}.source", f"no source has the id {describe(text)}")
        return text

    def edition(self, value: Any, path: str) -> Edition:
        if value == PREVIOUS_EDITION:
            return PREVIOUS
        if value == THIS_EDITION:
            return THIS
        if isinstance(value, dict):
            data = self.obj(value, path, (), (BY_YEAR, BY_ORDINAL))
            named = [key for key in (BY_YEAR, BY_ORDINAL) if key in data]
            if len(named) == 1:
                (kind,) = named
                return Edition(kind, self.count(data[kind], f"{path}.{kind}", minimum=1))
        self.fail(
            path,
            f'expected "this", "previous", {{"year": N}} or {{"ordinal": N}}, got '
            f"{describe(value)}",
        )

    def unit_of(self, measure: Measure, data: dict[str, Any], path: str) -> str:
        """A quantity's unit: the measure's, unless this entry gives another currency."""
        unit = self.optional(data, "unit", self.text, path, None)
        if unit is None:
            return measure.unit
        if measure.kind != AMOUNT:
            self.fail(
                f"{path}.unit",
                f"only an amount may be in another unit; "
                f"{describe(measure.id)} is a {measure.kind}",
            )
        if not _is_currency(unit):
            self.fail(f"{path}.unit", f"expected a currency code such as USD, got {describe(unit)}")
        return unit

    def ref(self, value: Any, path: str, *, measure: str | None = None) -> Ref:
        """A quantity: `scope` and `measure` (which `measure` may supply), `edition`, `unit`."""
        data = self.obj(
            value,
            path,
            ("scope",) if measure else ("scope", "measure"),
            ("measure", "edition", "unit"),
        )
        chosen = self.measure_id(data.get("measure", measure), f"{path}.measure")
        return Ref(
            scopes=self.scope_ids(data["scope"], f"{path}.scope"),
            measure=chosen.id,
            edition=self.optional(data, "edition", self.edition, path, THIS),
            unit=self.unit_of(chosen, data, path),
        )

    def printed_amount(
        self, data: dict[str, Any], key: str, path: str, measure: Measure, *, signed: bool = False
    ) -> Printed:
        """A number in a measure's units, in the multiplier the entry names or the measure's;
        a count printed without one is a whole number."""
        scale = self.optional(data, "scale", self.scale, path, measure.scale)
        return self.printed(
            data[key],
            f"{path}.{key}",
            data,
            scale=scale,
            whole=measure.kind == COUNT and scale == 0,
            signed=signed,
        )

    def printed(
        self,
        value: Any,
        path: str,
        data: dict[str, Any],
        *,
        scale: int = 0,
        whole: bool = False,
        signed: bool = False,
    ) -> Printed:
        if type(value) is int and 0 <= value < _LARGEST_PLAIN_INTEGER:
            number = Decimal(value)  # a plain count: nothing to check
        else:
            number = self.number(value, path) if signed else self.non_negative(value, path)
        qualifier = "exact"
        if data.get("qualifier") is not None:
            entry = path.rpartition(".")[0]
            qualifier = self.choice(data["qualifier"], f"{entry}.qualifier", QUALIFIERS)
        if whole and number != number.to_integral_value():
            self.fail(path, f"expected a whole number, got {describe(value)}")
        return Printed(value=number, qualifier=qualifier, scale=scale, whole=whole)

    # Figures --------------------------------------------------------------------------------

    def figure(self, value: Any, path: str) -> Figure:
        # Figures are most of a large file: names that are plainly right are taken as they
        # are, and every other case goes through the checks that name the problem.
        data = self.obj(value, path, ("scope", "measure"), _FIGURE_FIELDS)
        name = data["measure"]
        measure = self.measures.get(name) if type(name) is str else None
        if measure is None:
            measure = self.measure_id(name, f"{path}.measure")
        scope = data["scope"]
        if type(scope) is not str or scope not in self.scopes:
            scope = self.scope_id(scope, f"{path}.scope")
        ref = Ref(
            (scope,),
            measure.id,
            self.edition(data["edition"], f"{path}.edition") if "edition" in data else THIS,
            self.unit_of(measure, data, path) if "unit" in data else measure.unit,
        )
        if ("value" in data) == ("text" in data):
            self.fail(path, 'a figure has either a "value" or a "text"')
        printed = None
        text = None
        if "value" in data:
            printed = self.printed_amount(data, "value", path, measure)
        else:
            text = self.text(data["text"], f"{path}.text")
        listing: str | None = None
        items: tuple[str, ...] = ()
        if "listing" in data or "items" in data:
            if measure.kind != COUNT or printed is None:
                self.fail(path, "only a count names its items")
            listing = self.choice(data.get("listing"), f"{path}.listing", LISTINGS)
            items = self.texts(data.get("items"), f"{path}.items")
        if "source" in data or "where" in data or "note" in data or "review" in data:
            return Figure(
                place=path,
                ref=ref,
                printed=printed,
                text=text,
                listing=listing,
                items=items,
                **self.statement_fields(data, path),
            )
        return Figure(
            place=path,
            source=self.default_source,
            ref=ref,
            printed=printed,
            text=text,
            listing=listing,
            items=items,
        )

    def statement_fields(self, data: dict[str, Any], path: str) -> dict[str, Any]:
        self.reviewed(data, path)
        return {
            "source": self.source_id(data, path),
            "where": self.optional(data, "where", self.text, path, None),
            "note": self.optional(data, "note", self.text, path, None),
        }

    def reviewed(self, data: dict[str, Any], path: str) -> None:
        """An entry's "review": what in it is a guess (a draft's) that a person should check."""
        review = self.optional(data, "review", self.text, path, None)
        if review is not None:
            self.reviews.append((path, review))

    # Relations ------------------------------------------------------------------------------

    def relation(self, value: Any, path: str) -> Relation:
        if not isinstance(value, dict) or "type" not in value:
            self.obj(value, path, ("type",))
        kind = self.choice(value["type"], f"{path}.type", RELATION_TYPES)
        if kind == "share":
            return self.share(value, path)
        if kind == "growth":
            return self.growth(value, path)
        if kind == "average":
            return self.average(value, path)
        if kind == "record":
            return self.record(value, path)
        return self.rank(value, path)

    def share(self, value: Any, path: str) -> Share:
        data = self.obj(
            value, path, ("type", "part", "whole", "percent"), ("qualifier", *_STATEMENT_FIELDS)
        )
        part = self.ref(data["part"], f"{path}.part")
        whole = self.ref(data["whole"], f"{path}.whole", measure=part.measure)
        self.at_most_one_uncertain((part, whole), path)
        if part == whole:
            self.fail(path, "a share of a quantity in itself")
        if self.measures[part.measure].kind != self.measures[whole.measure].kind:
            self.fail(f"{path}.whole", "a share of a quantity of another kind")
        return Share(
            place=path,
            part=part,
            whole=whole,
            printed=self.printed(data["percent"], f"{path}.percent", data),
            **self.statement_fields(data, path),
        )

    def growth(self, value: Any, path: str) -> Growth:
        data = self.obj(
            value,
            path,
            ("type", "of"),
            ("base", "percent", "change", "scale", "qualifier", *_STATEMENT_FIELDS),
        )
        of = self.ref(data["of"], f"{path}.of")
        base = self.optional(data, "base", self.edition, path, PREVIOUS)
        if base == of.edition or (base == THIS and of.edition == THIS):
            self.fail(f"{path}.base", "a growth over its own edition")
        if ("percent" in data) == ("change" in data):
            self.fail(path, 'a growth has either a "percent" or a "change"')
        if "percent" in data:
            printed = self.printed(data["percent"], f"{path}.percent", data, signed=True)
        else:
            printed = self.printed_amount(
                data, "change", path, self.measures[of.measure], signed=True
            )
        self.at_most_one_uncertain((of,), path)
        return Growth(
            place=path,
            of=of,
            base=base,
            printed=printed,
            change="change" in data,
            **self.statement_fields(data, path),
        )

    def average(self, value: Any, path: str) -> Average:
        data = self.obj(
            value,
            path,
            ("type", "scope", "amount", "count", "value"),
            ("edition", "unit", "scale", "qualifier", *_STATEMENT_FIELDS),
        )
        scopes = self.scope_ids(data["scope"], f"{path}.scope")
        edition = self.optional(data, "edition", self.edition, path, THIS)
        amount = self.measure_id(data["amount"], f"{path}.amount")
        count = self.measure_id(data["count"], f"{path}.count")
        if amount.kind == COUNT:
            self.fail(f"{path}.amount", f"{describe(amount.id)} is a count, not an amount")
        if count.kind != COUNT:
            self.fail(f"{path}.count", f"{describe(count.id)} is not a count")
        scale = self.optional(data, "scale", self.scale, path, amount.scale)
        return Average(
            place=path,
            amount=Ref(scopes, amount.id, edition, self.unit_of(amount, data, path)),
            count=Ref(scopes, count.id, edition, ""),
            printed=self.printed(data["value"], f"{path}.value", data, scale=scale),
            **self.statement_fields(data, path),
        )

    def record(self, value: Any, path: str) -> RecordClaim:
        data = self.obj(value, path, ("type", "of"), _STATEMENT_FIELDS)
        of = self.ref(data["of"], f"{path}.of")
        self.at_most_one_uncertain((of,), path)
        return RecordClaim(place=path, of=of, **self.statement_fields(data, path))

    def rank(self, value: Any, path: str) -> Rank:
        data = self.obj(value, path, ("type", "of", "rank"), ("among", *_STATEMENT_FIELDS))
        of = self.ref(data["of"], f"{path}.of")
        self.at_most_one_uncertain((of,), path)
        among: tuple[str, ...] = self.optional(
            data, "among", lambda v, p: tuple(self.items(self.scope_id, v, p)), path, ()
        )
        if of.scope in among:
            self.fail(f"{path}.among", "a scope ranked among others includes itself")
        return Rank(
            place=path,
            of=of,
            rank=self.count(data["rank"], f"{path}.rank", minimum=1),
            among=among,
            **self.statement_fields(data, path),
        )

    def at_most_one_uncertain(self, refs: tuple[Ref, ...], path: str) -> None:
        if sum(len(ref.scopes) > 1 for ref in refs) > 1:
            self.fail(path, "only one scope of a relation may be uncertain")
        if any(len(ref.scopes) > 1 and ref.edition != THIS for ref in refs):
            self.fail(path, "an uncertain scope must be in this edition")

    # Lists and notes ------------------------------------------------------------------------

    def item_list(self, value: Any, path: str) -> ItemList:
        data = self.obj(value, path, ("scope", "name", "listing", "items"))
        return ItemList(
            scope=self.scope_id(data["scope"], f"{path}.scope"),
            name=self.text(data["name"], f"{path}.name"),
            listing=self.choice(data["listing"], f"{path}.listing", LISTINGS),
            items=self.texts(data["items"], f"{path}.items"),
        )

    def note_entry(self, value: Any, path: str) -> Note:
        data = self.obj(value, path, ("text",), ("scope",))
        return Note(
            scope=self.optional(data, "scope", self.scope_id, path, None),
            text=self.text(data["text"], f"{path}.text"),
        )


def read_release(
    file: str, document: Any, *, collect: bool = False
) -> tuple[Release | None, list[DataError]]:
    """The release a document holds, and the problems found (collect mode finds them all).

    A version 1 document is written as version 2 first; its problems name version 1 paths.
    """
    version = document.get("schema_version") if isinstance(document, dict) else None
    if type(version) is int and version == 1:
        from fairstats.input.legacy import upgrade_document

        # its choices are told by `upgrade`: a file loaded as it is keeps version 1's word
        document, problems, _ = upgrade_document(file, document, collect=collect)
        if problems:
            return None, problems
    reader = _Reader(file, collect=collect)
    try:
        return reader.release(document), reader.problems
    except Abandon:
        return None, reader.problems


def number_of(printed: Printed) -> Decimal:
    """A printed number's value in its unit times one (36 wan -> 360000)."""
    return printed.value.scaleb(printed.scale)
