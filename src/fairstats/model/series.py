"""Several releases at once: files and folders loaded, grouped into the editions of each fair.

Releases of one fair (one `fair.id`, whatever its display name) are its editions, ordered by
year. Two releases of one edition (the same fair and year) are two sources of it. An edition's
*previous* edition is the one its ordinal names (n - 1), or the one its file names
(`previous_year`); when only years are known, the year before, which may not be loaded.

Files are matched by ids alone, so files that give one id two meanings are told as warnings
(`Series.warnings`, see `disagreements`), and read as they are: the first file's ordinal for an
edition, each file's own names.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from fairstats.model.errors import DataError, DataWarning, Place
from fairstats.model.record import Record
from fairstats.model.release import (
    BY_ORDINAL,
    BY_YEAR,
    PREVIOUS_EDITION,
    THIS_EDITION,
    Edition,
    Release,
)
from fairstats.model.textsafe import clip

__all__ = [
    "EditionKey",
    "LoadedEdition",
    "Quantity",
    "Series",
    "disagreements",
    "edition_label",
    "list_data_paths",
    "ordinal",
]


class EditionKey(Record):
    """An edition of a fair, loaded or not: by year when it is known, else by ordinal."""

    fair: str
    year: int | None
    ordinal: int | None = None


class Quantity(Record):
    """One measure of one scope in one edition, in one unit (a currency, for an amount)."""

    edition: EditionKey
    scope: str
    measure: str
    unit: str


class LoadedEdition(Record):
    key: EditionKey
    releases: tuple[Release, ...]

    @property
    def first(self) -> Release:
        return self.releases[0]

    @property
    def ordinal(self) -> int | None:
        return self.first.fair.ordinal


def list_data_paths(paths: Sequence[str]) -> list[str]:
    """Each path as files: a folder is read one level deep, its `*.json` files only."""
    files: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            try:
                names = sorted(
                    name
                    for name in os.listdir(path)
                    if name.endswith(".json") and os.path.isfile(os.path.join(path, name))
                )
            except OSError as error:
                raise DataError(
                    path, f"cannot read the folder: {error.strerror or error}"
                ) from None
            if not names:
                raise DataError(path, "the folder holds no *.json dataset file")
            files.extend(os.path.join(path, name) for name in names)
        else:
            files.append(path)
    unique: list[str] = []
    seen: set[str] = set()
    for file in files:
        real = file if file == "-" else os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            unique.append(file)
    return unique


class Series:
    """Every loaded release, grouped into the editions of each fair."""

    def __init__(self, releases: Sequence[Release]) -> None:
        self.releases = sorted(releases, key=lambda r: (r.fair.id, r.fair.year, r.label))
        groups: dict[tuple[str, int], list[Release]] = {}
        for release in self.releases:
            groups.setdefault((release.fair.id, release.fair.year), []).append(release)
        self.warnings = disagreements(self.releases)
        self.editions: dict[str, list[LoadedEdition]] = {}
        for (fair, year), members in groups.items():
            # two ordinals for one edition are a warning; the first file's is taken
            ordinal = next((r.fair.ordinal for r in members if r.fair.ordinal is not None), None)
            key = EditionKey(fair, year, ordinal)
            self.editions.setdefault(fair, []).append(LoadedEdition(key, tuple(members)))
        self._by_year: dict[tuple[str, int], LoadedEdition] = {
            (fair, edition.first.fair.year): edition
            for fair, editions in self.editions.items()
            for edition in editions
        }
        self._by_ordinal: dict[tuple[str, int], LoadedEdition] = {
            (fair, edition.ordinal): edition
            for fair, editions in self.editions.items()
            for edition in editions
            if edition.ordinal is not None
        }
        self._by_release = {
            id(release): edition
            for editions in self.editions.values()
            for edition in editions
            for release in edition.releases
        }

    def edition_of(self, release: Release) -> LoadedEdition:
        return self._by_release[id(release)]

    def loaded(self, key: EditionKey) -> LoadedEdition | None:
        if key.year is not None:
            return self._by_year.get((key.fair, key.year))
        if key.ordinal is not None:
            return self._by_ordinal.get((key.fair, key.ordinal))
        return None

    def canonical(self, key: EditionKey) -> EditionKey:
        """A loaded edition's own key for a key that names it (by year or ordinal)."""
        edition = self.loaded(key)
        return edition.key if edition is not None else key

    def resolve(self, release: Release, edition: Edition) -> EditionKey:
        """The edition a reference in a release names."""
        fair = release.fair
        if edition.kind == THIS_EDITION:
            return self.edition_of(release).key
        if edition.kind == PREVIOUS_EDITION:
            if fair.previous_year is not None:
                return self.canonical(EditionKey(fair.id, fair.previous_year))
            if fair.ordinal is not None:
                return self.canonical(EditionKey(fair.id, None, fair.ordinal - 1))
            return self.canonical(EditionKey(fair.id, fair.year - 1))
        if edition.kind == BY_YEAR:
            return self.canonical(EditionKey(fair.id, edition.number))
        assert edition.kind == BY_ORDINAL
        if edition.number == fair.ordinal:
            return self.edition_of(release).key
        return self.canonical(EditionKey(fair.id, None, edition.number))

    def earlier(self, key: EditionKey) -> list[LoadedEdition]:
        """The loaded editions of the same fair before this one."""
        return [
            edition
            for edition in self.editions.get(key.fair, ())
            if key.year is not None and edition.key.year is not None and edition.key.year < key.year
        ]

    def consecutive(self) -> list[tuple[LoadedEdition, LoadedEdition]]:
        """Each loaded edition with the loaded one before it, fair by fair."""
        return [
            (editions[index - 1], editions[index])
            for editions in self.editions.values()
            for index in range(1, len(editions))
        ]


def disagreements(releases: Sequence[Release]) -> list[DataWarning]:
    """Where loaded files give one id two meanings, each file against the first (in this
    order) that gives the id: one fair name or short name for two fair ids; one edition of a
    fair with two ordinals, or one ordinal with two years; and among the files of one fair, a
    scope with another name or parent, or a measure with another name, kind or unit (a
    currency, for an amount). A measure's scale may differ: figures are compared in one
    unit whatever scale they are printed in."""
    if len(releases) < 2:
        return []  # nothing to disagree with (and a large file is not walked for nothing)
    found: list[DataWarning] = []
    fair_names: dict[str, tuple[Release, str]] = {}
    told: set[tuple[str, str]] = set()  # two ids for one fair told once, by its name
    by_year: dict[tuple[str, int], Release] = {}
    by_ordinal: dict[tuple[str, int], Release] = {}
    scopes: dict[tuple[str, str], Release] = {}
    measures: dict[tuple[str, str], Release] = {}
    for release in releases:
        fair = release.fair
        for field in ("name", "short_name"):
            text: str = getattr(fair, field)
            first, first_field = fair_names.setdefault(text, (release, field))
            if first.fair.id != fair.id and (first.fair.id, fair.id) not in told:
                told.add((first.fair.id, fair.id))
                found.append(
                    _warning(
                        (first, f"$.fair.{first_field}"),
                        (release, f"$.fair.{field}"),
                        f"the fair {_shown(text)} has two ids, "
                        f"{clip(first.fair.id)!r} and {clip(fair.id)!r}",
                    )
                )
        if fair.ordinal is not None:
            first = by_year.setdefault((fair.id, fair.year), release)
            if first.fair.ordinal != fair.ordinal:
                found.append(
                    _warning(
                        (first, "$.fair.ordinal"),
                        (release, "$.fair.ordinal"),
                        f"the {fair.year} edition of {clip(fair.id)!r} has two ordinals, "
                        f"{first.fair.ordinal} and {fair.ordinal}",
                    )
                )
            first = by_ordinal.setdefault((fair.id, fair.ordinal), release)
            if first.fair.year != fair.year:
                found.append(
                    _warning(
                        (first, "$.fair.year"),
                        (release, "$.fair.year"),
                        f"the {ordinal(fair.ordinal)} edition of {clip(fair.id)!r} has two "
                        f"years, {first.fair.year} and {fair.year}",
                    )
                )
        for kind, first_seen, differences in (
            ("scope", scopes, _scope_differences),
            ("measure", measures, _measure_differences),
        ):
            for item in release.scopes if kind == "scope" else release.measures:
                first = first_seen.setdefault((fair.id, item), release)
                what = differences(first, release, item)
                if what:
                    found.append(
                        _warning(
                            (first, _path(first, kind, item)),
                            (release, _path(release, kind, item)),
                            f"{kind} {clip(item)!r} means two things: {what}",
                        )
                    )
    return found


def _warning(first: tuple[Release, str], other: tuple[Release, str], message: str) -> DataWarning:
    return DataWarning((Place(first[0].file, first[1]), Place(other[0].file, other[1])), message)


def _path(release: Release, kind: str, item: str) -> str:
    return (release.scope_paths if kind == "scope" else release.measure_paths)[item]


def _scope_differences(first_release: Release, release: Release, scope_id: str) -> str:
    first, other = first_release.scopes[scope_id], release.scopes[scope_id]
    return _differences((("name", first.name, other.name), ("within", first.within, other.within)))


def _measure_differences(first_release: Release, release: Release, measure_id: str) -> str:
    first, other = first_release.measures[measure_id], release.measures[measure_id]
    return _differences(
        (
            ("name", first.name, other.name),
            ("kind", first.kind, other.kind),
            ("unit", first.unit or None, other.unit or None),  # a count's "" is no unit
        )
    )


def _differences(fields: Sequence[tuple[str, str | None, str | None]]) -> str:
    """What differs, as "name 'A' and 'B'; within 'x' and none"; empty when nothing does."""
    return "; ".join(
        f"{field} {_shown(first)} and {_shown(other)}"
        for field, first, other in fields
        if first != other
    )


def _shown(value: str | None) -> str:
    # whole: names differing past an echo's clipping would read the same (a name is at most
    # 2000 characters)
    return "none" if value is None else repr(value)


def edition_label(key: EditionKey) -> str:
    """2021, or "23rd edition" for an edition known only by its ordinal."""
    if key.year is not None:
        return str(key.year)
    return f"{ordinal(key.ordinal or 0)} edition"


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
