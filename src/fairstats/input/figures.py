"""Reading a version 2 file, part two: the figures, each a number as printed with its unit,
scale, qualifier and edition, and the fields every statement has."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fairstats.input.catalogue import CatalogueReader
from fairstats.input.jsonfile import describe
from fairstats.model.release import (
    COUNT,
    LISTINGS,
    QUALIFIERS,
    THIS,
    Figure,
    Measure,
    Printed,
    Ref,
)

STATEMENT_FIELDS = ("source", "where", "note", "review")


_FIGURE_FIELDS = (
    "value", "text", "unit", "scale", "qualifier", "edition", "listing", "items",
    *STATEMENT_FIELDS,
)  # fmt: skip


_LARGEST_PLAIN_INTEGER = 10**18


class FigureReader(CatalogueReader):
    """Reads figures, on the names the catalogue has met."""

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
