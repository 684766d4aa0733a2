"""Several releases at once: files and folders loaded, grouped into the editions of each fair.

Releases of one fair (one `fair.id`, whatever its display name) are its editions, ordered by
year. Two releases of one edition (the same fair and year) are two sources of it. An edition's
*previous* edition is the one its ordinal names (n - 1), or the one its file names
(`previous_year`); when only years are known, the year before, which may not be loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from fairstats.errors import DataError
from fairstats.model import BY_ORDINAL, BY_YEAR, PREVIOUS_EDITION, THIS_EDITION, Edition, Release
from fairstats.record import Record
from fairstats.textsafe import clip


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
        self.editions: dict[str, list[LoadedEdition]] = {}
        for (fair, year), members in groups.items():
            ordinals = {r.fair.ordinal for r in members if r.fair.ordinal is not None}
            if len(ordinals) > 1:
                files = " and ".join(r.file for r in members)
                raise DataError(
                    files,
                    f"one edition ({clip(fair)} {year}) with different ordinals: "
                    f"{', '.join(str(n) for n in sorted(ordinals))}",
                )
            ordinal = next(iter(ordinals), None)
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
