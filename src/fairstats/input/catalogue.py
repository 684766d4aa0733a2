"""Reading a version 2 file, part one: the fair, its sources, measures, scopes and breakdowns,
and the references to them that figures and relations make."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from fairstats.input.jsonfile import describe
from fairstats.input.shapes import Abandon, Shapes
from fairstats.model.release import (
    AMOUNT,
    BY_ORDINAL,
    BY_YEAR,
    COUNT,
    MEASURE_KINDS,
    OTHER,
    PREVIOUS,
    PREVIOUS_EDITION,
    THIS,
    THIS_EDITION,
    Dimension,
    Edition,
    Fair,
    Measure,
    Ref,
    Scope,
    Source,
)
from fairstats.model.sourcetext import LeftOut, Printing

T = TypeVar("T")


# Unit multipliers by name, as powers of ten (SDMX's UNIT_MULT): 亿 is yi, 8.
SCALES = {"one": 0, "thousand": 3, "wan": 4, "million": 6, "yi": 8, "billion": 9}


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


class CatalogueReader(Shapes):
    """Reads a document's catalogue, and keeps the names it has met to check references."""

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
            value,
            path,
            ("id",),
            ("title", "publisher", "published", "url", "language", "text", "left_out"),
        )
        if data.get("title") is None and data.get("publisher") is None:
            self.fail(path, 'a source needs a "title" or a "publisher"')
        named = self.optional(data, "text", self.text, path, None)
        numbers: tuple[Printing, ...] = ()
        if named is not None:
            from fairstats.input.sourcetext import numbers_in

            numbers = numbers_in(self.source_text(named, f"{path}.text"))
        elif data.get("left_out") is not None:
            self.fail(f"{path}.left_out", 'numbers are left out of a text: name it in "text"')
        left_out = self.optional(data, "left_out", self.left_out, path, tuple[LeftOut, ...]())
        return Source(
            id=self.text(data["id"], f"{path}.id"),
            title=self.optional(data, "title", self.text, path, None),
            publisher=self.optional(data, "publisher", self.text, path, None),
            published=self.optional(data, "published", self.moment, path, None),
            url=self.optional(data, "url", self.text, path, None),
            language=self.optional(data, "language", self.text, path, None),
            text=named,
            numbers=numbers,
            left_out=left_out,
        )

    def source_text(self, named: str, path: str) -> str:
        """The text a source names, read relative to the dataset file. (Its modules are
        imported here: a file that names no text needs none of them.)"""
        from fairstats.input.sourcetext import read_text, text_path
        from fairstats.model.errors import DataError

        try:
            return read_text(text_path(self.file, named))
        except DataError as error:
            self.fail(path, f"the text {describe(named)} cannot be read: {error.message}")

    def left_out(self, value: Any, path: str) -> tuple[LeftOut, ...]:
        return tuple(self.items(self.left_out_entry, value, path))

    def left_out_entry(self, value: Any, path: str) -> LeftOut:
        """A number of the text left out on purpose: as printed, with the reason."""
        data = self.obj(value, path, ("text", "reason"), ("where",))
        from fairstats.input.sourcetext import numbers_in

        printed = self.text(data["text"], f"{path}.text")
        read = numbers_in(printed)
        if len(read) != 1:
            self.fail(
                f"{path}.text",
                f"expected one number as the text prints it (such as 391 or 36万), got "
                f"{describe(printed)}",
            )
        return LeftOut(
            printed=printed,
            number=read[0].number,
            reason=self.text(data["reason"], f"{path}.reason"),
            place=path,
            where=self.optional(data, "where", self.text, path, None),
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

    # References to the catalogue -----------------------------------------------------------

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

    def reviewed(self, data: dict[str, Any], path: str) -> None:
        """An entry's "review": what in it is a guess (a draft's) that a person should check."""
        review = self.optional(data, "review", self.text, path, None)
        if review is not None:
            self.reviews.append((path, review))
