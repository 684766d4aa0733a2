"""Dataset files: where the bundled ones are, loading several files or folders into a series,
and `validate`'s report of every problem in a file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fairstats.input import jsonfile
from fairstats.input.reader import read_release
from fairstats.model.errors import BaselineError, DataError
from fairstats.model.release import Release
from fairstats.model.series import Series, list_data_paths
from fairstats.model.textsafe import clip, clip_list

__all__ = [
    "BUNDLED_DATASET",
    "BUNDLED_SCHEMA",
    "load_bundled",
    "load_release",
    "load_series",
    "problems_of",
    "validation_report",
]

if TYPE_CHECKING:
    from fairstats.model.results import Cell, Report


def bundled_file(name: str, source_dir: str) -> str:
    """A data file shipped in the package (placed there by the wheel's build configuration).

    An editable install runs the package from the source tree, where the one copy of the file
    lives at the top level, in `source_dir`. (Plain os.path, not importlib.resources or
    pathlib: importing either costs more than reading the file.)
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "data", name)
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), source_dir, name)


BUNDLED_DATASET = bundled_file("fair2022.json", "data")
BUNDLED_SCHEMA = bundled_file("fairstats-dataset.schema.json", "schema")
BUNDLED_NAME = "the bundled dataset"


def load_release(file: str) -> Release:
    """One dataset file as a release; its first problem as a `DataError`."""
    release, problems = read_release(file, jsonfile.load(file))
    if problems:
        raise problems[0]
    assert release is not None
    return release


def bundled_name() -> str:
    """The bundled dataset as messages name it, rather than by where it is installed."""
    return f"{BUNDLED_NAME} ({os.path.basename(BUNDLED_DATASET)})"


def load_bundled() -> Release:
    """The bundled dataset, named as such in messages."""
    release = load_release(BUNDLED_DATASET)
    fields = {name: getattr(release, name) for name in release._fields}
    return Release(**{**fields, "file": bundled_name()})


def load_series(paths: Sequence[str], baseline: str | None = None) -> Series:
    """The releases in these files and folders (the bundled one when there are none), with the
    baseline's: an earlier edition of a fair they hold."""
    if paths:
        releases = [load_release(file) for file in list_data_paths(paths)]
    else:
        releases = [load_bundled()]
    if baseline is not None:
        earlier = load_release(baseline)
        _check_baseline(releases, earlier)
        releases.append(earlier)
    return Series(releases)


def _check_baseline(releases: list[Release], earlier: Release) -> None:
    same = [r for r in releases if r.fair.id == earlier.fair.id]
    files = ", ".join(r.file for r in releases)
    if not same:
        fairs = clip_list(sorted({r.fair.id for r in releases}))
        problem = f"it is {clip(earlier.fair.id)!r}, not {fairs}"
    elif any(r.fair.year <= earlier.fair.year for r in same):
        problem = f"its edition {earlier.fair.year} is not before {min(r.fair.year for r in same)}"
    else:
        return
    raise BaselineError(
        f"{earlier.file} is not an earlier edition of the fair in {files}: {problem}"
    )


def problems_of(file: str) -> list[DataError]:
    """Every problem the loader can find in a file (none when it is a valid dataset)."""
    return _validated(file)[1]


def _validated(file: str) -> tuple[Release | None, list[DataError]]:
    try:
        document: Any = jsonfile.load(file)
    except DataError as error:
        return None, [error]  # nothing past a syntax error can be read
    return read_release(file, document, collect=True)


def validation_report(files: tuple[str, ...]) -> tuple[Report, bool]:
    """One row per problem, or one row saying the file is valid."""
    from fairstats.model.results import Column, Report, Section

    rows: list[dict[str, Cell]] = []
    for file in list_data_paths(files):
        release, problems = _validated(file)
        for error in problems:
            place = error.json_path or (f"{error.line}:{error.column}" if error.line else "")
            rows.append({"file": file, "valid": False, "place": place, "problem": error.message})
        if not problems:
            rows.append({"file": file, "valid": True, "place": "", "problem": ""})
            # valid, but a guess still to review is no reported statement yet
            reviews = release.reviews if release is not None else ()
            for place, review in reviews:
                rows.append(
                    {"file": file, "valid": True, "place": place, "problem": f"to review: {review}"}
                )
    columns = (
        Column("file", "File"),
        Column("valid", "Valid", styles={"yes": "green", "no": "bold red"}),
        Column("place", "Place"),
        Column("problem", "Problem"),
    )
    report = Report(
        "Dataset validation", columns, [Section("Files", rows=rows)], context_columns=False
    )
    return report, all(row["valid"] is True for row in rows)
