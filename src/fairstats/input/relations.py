"""Reading a version 2 file, part three: the relations a release states between its figures:
shares, growth rates, averages, records and ranks."""

from __future__ import annotations

from typing import Any

from fairstats.input.figures import STATEMENT_FIELDS, FigureReader
from fairstats.input.jsonfile import describe
from fairstats.model.release import (
    COUNT,
    PREVIOUS,
    THIS,
    Average,
    Growth,
    Rank,
    RecordClaim,
    Ref,
    Relation,
    Share,
)

RELATION_TYPES = ("share", "growth", "average", "record", "rank")


class RelationReader(FigureReader):
    """Reads relations, on the figures' fields and the catalogue's names."""

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
            value, path, ("type", "part", "whole", "percent"), ("qualifier", *STATEMENT_FIELDS)
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
            ("base", "percent", "change", "scale", "qualifier", *STATEMENT_FIELDS),
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
            ("edition", "unit", "scale", "qualifier", *STATEMENT_FIELDS),
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
        data = self.obj(value, path, ("type", "of"), STATEMENT_FIELDS)
        of = self.ref(data["of"], f"{path}.of")
        self.at_most_one_uncertain((of,), path)
        return RecordClaim(place=path, of=of, **self.statement_fields(data, path))

    def rank(self, value: Any, path: str) -> Rank:
        data = self.obj(value, path, ("type", "of", "rank"), ("among", *STATEMENT_FIELDS))
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
