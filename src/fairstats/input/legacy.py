"""Version 1 dataset files, written as version 2.

A version 1 file holds one fair edition, one source and delegations of regions, with signed
totals, breakdowns, a share of the region, growth rates, claims and activities. Each becomes
what version 2 says of it: the region and the delegation are scopes (the delegation within its
region), the breakdowns are complete dimensions of the delegation, the share and the growth
rates are relations, a claim is a qualified figure, an activity is a scope within the
delegation with its figures. Problems are named by their version 1 JSON path; `fairstats
upgrade FILE` prints the version 2 document.

Version 1 leaves some things unsaid that version 2 states; for each, the upgrade makes a choice
and tells it as a `DataWarning` at the version 1 path: the fair id (made from the short name,
which other files of the fair may not use), the ordinal (left out), whether a breakdown is
complete (when its categories' projects add up to the delegation's) and whether a time of day
was printed (a time of 00:00 is taken as none: version 1 could not leave the time out).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from fairstats.input.jsonwrite import version_2_text
from fairstats.input.shapes import Abandon, Shapes
from fairstats.model.errors import DataError, DataWarning, Place
from fairstats.model.textsafe import clip

_MEASURES = ("projects", "investment")
_UNIT_SCALES = ("yuan", "wan", "million", "yi", "billion")
_RELATIONS = {
    "more_than": "more_than",
    "at_least": "at_least",
    "less_than": "less_than",
    "at_most": "up_to",
    "about": "about",
}
# What version 2 ids look like: lowercase words joined by hyphens (the bundled "liao-fair").
_NOT_ID = re.compile(r"[\W_]+")
# The time version 1 wrote for a day whose release printed none.
_NO_TIME = "T00:00"
# Version 1 kept a figure's qualifier as words; these are the ones version 2 knows.
_QUALIFIER_WORDS = {
    "more than": "more_than",
    "over": "more_than",
    "at least": "at_least",
    "less than": "less_than",
    "up to": "up_to",
    "at most": "up_to",
    "about": "about",
    "nearly": "nearly",
}


def id_form(text: str) -> str:
    """A name as an id: lowercase, words (of any script) joined by hyphens."""
    return _NOT_ID.sub("-", text.lower()).strip("-")


class _Version1(Shapes):
    """Reads a version 1 document and writes the version 2 one, and the choices it made."""

    def __init__(self, file: str, *, collect: bool = False) -> None:
        super().__init__(file, collect=collect)
        self.choices: list[DataWarning] = []

    def chose(self, path: str, message: str) -> None:
        self.choices.append(DataWarning((Place(self.file, path),), message))

    def document(self, value: Any) -> dict[str, Any]:
        data = self.obj(
            value,
            "$",
            ("schema_version", "fair", "source", "currency", "amount_unit", "delegations"),
            ("$schema",),
        )
        fair = self.fair(data["fair"], "$.fair")
        source = self.source(data["source"], "$.source")
        currency = self.text(data["currency"], "$.currency")
        scale = self.choice(data["amount_unit"], "$.amount_unit", _UNIT_SCALES)
        self.currency = currency
        self.scale = "one" if scale == "yuan" else scale
        self.measures: dict[str, dict[str, Any]] = {
            "projects": {"id": "projects", "name": "projects", "kind": "count"},
            "investment": {
                "id": "investment",
                "name": "investment",
                "kind": "amount",
                "unit": currency,
                "scale": self.scale,
                "per": "projects",
            },
        }
        self.scopes: list[dict[str, Any]] = []
        self.scope_ids: set[str] = set()
        self.dimensions: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.lists: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        path = "$.delegations"
        delegations = self.array(data["delegations"], path, non_empty=True)
        names = []
        for index, delegation in enumerate(delegations):
            try:
                names.append(self.delegation(delegation, f"{path}[{index}]"))
            except Abandon:
                continue
        self.unique(names, path, "delegation")
        if self.problems:
            raise Abandon
        document: dict[str, Any] = {
            "schema_version": 2,
            "fair": fair,
            "sources": [source],
            "measures": list(self.measures.values()),
            "scopes": self.scopes,
        }
        for key, entries in (
            ("dimensions", self.dimensions),
            ("figures", self.figures),
            ("relations", self.relations),
            ("lists", self.lists),
            ("notes", self.notes),
        ):
            if entries:
                document[key] = entries
        return document

    def fair(self, value: Any, path: str) -> dict[str, Any]:
        data = self.obj(
            value,
            path,
            ("name", "short_name", "edition", "city", "start_date", "end_date", "sponsors"),
        )
        name = self.text(data["name"], f"{path}.name")
        short_name = self.text(data["short_name"], f"{path}.short_name")
        fair_id = id_form(short_name) or id_form(name) or name
        self.chose(
            f"{path}.short_name",
            f"version 1 has no fair id: wrote {fair_id!r}, from the short name; "
            "make it the id that other files of this fair use",
        )
        self.chose(
            f"{path}.edition",
            "version 1 has no ordinal: none written; add one if the release numbers its editions",
        )
        return {
            "id": fair_id,
            "name": name,
            "short_name": short_name,
            "year": self.count(data["edition"], f"{path}.edition", minimum=1),
            "city": self.text(data["city"], f"{path}.city"),
            "start_date": self.day(data["start_date"], f"{path}.start_date").isoformat(),
            "end_date": self.day(data["end_date"], f"{path}.end_date").isoformat(),
            "sponsors": list(self.texts(data["sponsors"], f"{path}.sponsors")),
        }

    def source(self, value: Any, path: str) -> dict[str, Any]:
        data = self.obj(value, path, ("title", "publisher", "published"))
        return {
            "id": "source",
            "title": self.text(data["title"], f"{path}.title"),
            "publisher": self.text(data["publisher"], f"{path}.publisher"),
            "published": self.published(data["published"], f"{path}.published"),
        }

    def published(self, value: Any, path: str) -> str:
        moment = self.moment(value, path)
        if not moment.endswith(_NO_TIME):
            return moment
        self.chose(
            path,
            "version 1 cannot leave out the time of day: 00:00 taken as none printed, and left out",
        )
        return moment.removesuffix(_NO_TIME)

    def scope(self, scope_id: str, name: str, within: str | None, path: str) -> None:
        if scope_id in self.scope_ids:
            if within is not None:
                self.fail(path, f"the name {clip(scope_id)!r} is used twice")
            return
        self.scope_ids.add(scope_id)
        entry = {"id": scope_id, "name": name}
        if within is not None:
            entry["within"] = within
        self.scopes.append(entry)

    def totals(
        self, value: Any, path: str, scope: str, *, required: bool
    ) -> dict[str, int | Decimal]:
        """The figures of a scope's totals, written and returned by measure."""
        data = self.obj(value, path, _MEASURES if required else (), () if required else _MEASURES)
        numbers: dict[str, int | Decimal] = {}
        for measure in _MEASURES:
            if data.get(measure) is None:
                continue
            read = self.count if measure == "projects" else self.non_negative
            number = read(data[measure], f"{path}.{measure}")
            self.figures.append({"scope": scope, "measure": measure, "value": number})
            numbers[measure] = number
        return numbers

    def delegation(self, value: Any, path: str) -> str:
        data = self.obj(
            value,
            path,
            ("name", "region", "signed"),
            (
                "region_total",
                "reported_share_of_region",
                "reported_growth",
                "claims",
                "breakdowns",
                "focus_industries",
                "side_events",
                "notes",
                "activities",
            ),
        )
        name = self.text(data["name"], f"{path}.name")
        region = self.text(data["region"], f"{path}.region")
        self.scope(region, region, None, f"{path}.region")
        self.scope(name, name, region, f"{path}.name")
        signed = self.totals(data["signed"], f"{path}.signed", name, required=True)
        if data.get("region_total") is not None:
            self.totals(data["region_total"], f"{path}.region_total", region, required=False)
        for key, kind in (("reported_share_of_region", "share"), ("reported_growth", "growth")):
            if data.get(key) is None:
                continue
            ratios = self.obj(data[key], f"{path}.{key}", (), _MEASURES)
            for measure in _MEASURES:
                if ratios.get(measure) is None:
                    continue
                percent = self.number(ratios[measure], f"{path}.{key}.{measure}")
                ref = {"scope": name, "measure": measure}
                if kind == "share":
                    self.relations.append(
                        {
                            "type": "share",
                            "part": ref,
                            "whole": {"scope": region},
                            "percent": percent,
                        }
                    )
                else:
                    self.relations.append({"type": "growth", "of": ref, "percent": percent})
        for index, claim in enumerate(self.array(data.get("claims", []), f"{path}.claims")):
            self.claim(claim, f"{path}.claims[{index}]", name)
        breakdowns = self.array(data.get("breakdowns", []), f"{path}.breakdowns")
        dimensions = [
            self.breakdown(breakdown, f"{path}.breakdowns[{index}]", name, signed.get("projects"))
            for index, breakdown in enumerate(breakdowns)
        ]
        self.unique(dimensions, f"{path}.breakdowns", "dimension")
        for key in ("focus_industries", "side_events"):
            if data.get(key) is not None:
                listed = self.obj(data[key], f"{path}.{key}", ("listing", "items"))
                self.lists.append(
                    {
                        "scope": name,
                        "name": key.replace("_", " "),
                        "listing": self.choice(
                            listed["listing"], f"{path}.{key}.listing", ("complete", "examples")
                        ),
                        "items": list(self.texts(listed["items"], f"{path}.{key}.items")),
                    }
                )
        for text in self.texts(data.get("notes", []), f"{path}.notes"):
            self.notes.append({"scope": name, "text": text})
        activities = self.array(data.get("activities", []), f"{path}.activities")
        for index, activity in enumerate(activities):
            self.activity(activity, f"{path}.activities[{index}]", name)
        return name

    def claim(self, value: Any, path: str, scope: str) -> None:
        data = self.obj(value, path, ("statement", "figure", "relation", "value"))
        figure = {
            "scope": scope,
            "measure": self.choice(data["figure"], f"{path}.figure", _MEASURES),
            "value": self.non_negative(data["value"], f"{path}.value"),
            "qualifier": _RELATIONS[
                self.choice(data["relation"], f"{path}.relation", tuple(_RELATIONS))
            ],
            "note": self.text(data["statement"], f"{path}.statement"),
        }
        self.figures.append(figure)

    def breakdown(
        self, value: Any, path: str, delegation: str, projects: int | Decimal | None
    ) -> str:
        data = self.obj(value, path, ("dimension", "categories"), ("label",))
        dimension = self.text(data["dimension"], f"{path}.dimension")
        label = (
            self.text(data["label"], f"{path}.label")
            if data.get("label") is not None
            else dimension
        )
        categories_path = f"{path}.categories"
        entries = self.array(data["categories"], categories_path, non_empty=True)
        categories = []
        names = []
        counted: int | Decimal = 0
        for index, entry in enumerate(entries):
            category = self.obj(
                entry, f"{categories_path}[{index}]", ("name", "projects", "investment")
            )
            name = self.text(category["name"], f"{categories_path}[{index}].name")
            names.append(name)
            scope_id = f"{delegation}/{dimension}/{name}"
            categories.append({"id": scope_id, "name": name})
            self.scope_ids.add(scope_id)
            counted += self.totals(
                {key: category[key] for key in _MEASURES},
                f"{categories_path}[{index}]",
                scope_id,
                required=True,
            ).get("projects", 0)
        self.unique(names, categories_path, "category")
        # Projects are counted exactly: categories that count them all are all of the
        # delegation, fewer are part of it (an amount's rounding could not tell).
        complete = counted == projects
        self.chose(
            path,
            f"version 1 does not say whether the categories are all of {clip(delegation)!r}: "
            + (
                f"written complete, as their projects add up to its {projects}"
                if complete
                else f"written not complete, as their {counted} projects are not its {projects}"
            ),
        )
        self.dimensions.append(
            {
                "id": f"{delegation}/{dimension}",
                "name": label,
                "of": delegation,
                "complete": complete,
                "categories": categories,
            }
        )
        return dimension

    def activity(self, value: Any, path: str, delegation: str) -> None:
        data = self.obj(value, path, ("name", "figures"))
        name = self.text(data["name"], f"{path}.name")
        scope_id = f"{delegation}/{name}"
        self.scope(scope_id, name, delegation, f"{path}.name")
        figures = self.array(data["figures"], f"{path}.figures")
        for index, figure in enumerate(figures):
            self.activity_figure(figure, f"{path}.figures[{index}]", scope_id)

    def activity_figure(self, value: Any, path: str, scope: str) -> None:
        data = self.obj(
            value, path, ("name", "kind", "value"), ("unit", "qualifier", "listing", "items")
        )
        kind = self.choice(data["kind"], f"{path}.kind", ("count", "amount", "measure", "text"))
        name = self.text(data["name"], f"{path}.name")
        unit = self.text(data["unit"], f"{path}.unit") if data.get("unit") is not None else None
        if kind == "measure" and unit is None:
            self.fail(path, 'a "measure" figure needs a "unit"')
        if kind != "measure" and unit is not None:
            self.fail(f"{path}.unit", f'only a "measure" figure has a unit, this is a "{kind}"')
        measure_id = self.measure_for(name, kind, unit)
        figure: dict[str, Any] = {"scope": scope, "measure": measure_id}
        if kind == "text":
            figure["text"] = self.text(data["value"], f"{path}.value")
        elif kind == "count":
            figure["value"] = self.count(data["value"], f"{path}.value")
        else:
            figure["value"] = self.non_negative(data["value"], f"{path}.value")
        if data.get("qualifier") is not None:
            words = self.text(data["qualifier"], f"{path}.qualifier")
            qualifier = _QUALIFIER_WORDS.get(words.lower())
            if qualifier is not None and kind != "text":
                figure["qualifier"] = qualifier
            else:
                figure["note"] = words
        if "listing" in data or "items" in data:
            if kind != "count":
                self.fail(path, f'only a "count" figure lists items, this is a "{kind}"')
            figure["listing"] = self.choice(
                data.get("listing"), f"{path}.listing", ("complete", "examples")
            )
            figure["items"] = list(self.texts(data.get("items"), f"{path}.items"))
        self.figures.append(figure)

    def measure_for(self, name: str, kind: str, unit: str | None) -> str:
        """A measure for an activity's figure: one per name, unless two figures of that name
        are of different kinds or units. What a measure is averaged over is no part of what it
        measures: an activity's investment is the delegation's measure of that name."""
        entry: dict[str, Any] = {"id": name, "name": name}
        if kind in ("count", "text"):
            entry["kind"] = "count"
        elif kind == "amount":
            entry.update(kind="amount", unit=self.currency, scale=self.scale)
        else:
            entry.update(kind="other", unit=unit)
        found = self.measures.get(name)
        if found is None:
            self.measures[name] = entry
            return name
        if all(found.get(key) == entry.get(key) for key in ("kind", "unit", "scale")):
            return name
        alternative = f"{name} ({unit or kind})"
        entry["id"] = alternative
        self.measures.setdefault(alternative, entry)
        return alternative


def upgrade_document(
    file: str, document: dict[str, Any], *, collect: bool = False
) -> tuple[dict[str, Any], list[DataError], list[DataWarning]]:
    """The version 2 document for a version 1 one, the problems found in it and the choices
    made for what version 1 does not say."""
    reader = _Version1(file, collect=collect)
    try:
        return reader.document(document), reader.problems, reader.choices
    except Abandon:
        return {}, reader.problems, reader.choices


def upgrade_file(file: str) -> tuple[str, list[DataWarning]]:
    """A version 1 file's text as version 2 (the digits of every number as printed), and the
    choices made for what version 1 does not say."""
    from fairstats.input import jsonfile

    document = jsonfile.load(file)
    if not isinstance(document, dict):
        raise DataError(
            file, f"expected an object, got {jsonfile.describe(document)}", json_path="$"
        )
    version = document.get("schema_version")
    if type(version) is not int or version != 1:
        shown = "missing" if version is None else jsonfile.describe(version)
        raise DataError(
            file, f"not a version 1 dataset (schema_version {shown})", json_path="$.schema_version"
        )
    upgraded, problems, choices = upgrade_document(file, document)
    if problems:
        raise problems[0]
    # A version 2 file takes several times the bytes of its version 1 one. Indented, to be
    # edited, where that loads; else compact; else refused: a file that fairstats itself
    # would refuse to load is no upgrade.
    compact = version_2_text(upgraded, None)
    size = len(compact.encode())
    if size > jsonfile.MAX_FILE_BYTES:
        limit = jsonfile.MAX_FILE_BYTES / 2**20
        raise DataError(
            file,
            f"as version 2 it would take {size / 2**20:.1f} MiB, more than the {limit:g} MiB "
            "a dataset may be; it loads as it is, in version 1",
        )
    indented = version_2_text(upgraded, "")
    return (indented if len(indented.encode()) <= jsonfile.MAX_FILE_BYTES else compact), choices
