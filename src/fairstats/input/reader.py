"""JSON to the model: a version 2 dataset file becomes a `Release`, or a `DataError` that names
the file and the JSON path.

The reader refuses only what it cannot understand: bad shapes and types, numbers out of range,
references to scopes, measures or sources that do not exist, a scope inside itself. Figures that
disagree with each other load fine; they are `check`'s business. A version 1 file is read
through `legacy`, which writes it as version 2 first.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from fairstats.input.relations import RelationReader
from fairstats.input.shapes import Abandon
from fairstats.model.errors import DataError
from fairstats.model.release import (
    LISTINGS,
    Dimension,
    Figure,
    ItemList,
    Note,
    Printed,
    Relation,
    Release,
)

SCHEMA_VERSION = 2


def _listed(data: dict[str, Any], key: str) -> Any:
    """An optional list of the document: left out and null both mean none, as for any field."""
    value = data.get(key)
    return [] if value is None else value


class _Reader(RelationReader):
    """Reads one version 2 document: its catalogue, figures and relations (each read by the
    class it builds on), then its lists and notes, into a `Release`."""

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
