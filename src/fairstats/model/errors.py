"""The project's exceptions.

Every problem a user can cause is a `FairstatsError`; the command line turns it into one line on
stderr and its exit code, never a traceback.
"""

from __future__ import annotations

from fairstats.model.record import Record
from fairstats.model.textsafe import escape_control

__all__ = ["BaselineError", "DataError", "DataWarning", "FairstatsError", "Place", "SelectionError"]


class FairstatsError(Exception):
    """A problem with the user's input, reported as one line with exit code 2."""

    exit_code = 2


class DataError(FairstatsError):
    """A dataset that cannot be read or understood, located as precisely as we know."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        json_path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.json_path = json_path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        place = escape_control(self.file)
        if self.line is not None:
            place += f":{self.line}:{self.column}"
        if self.json_path is not None:
            place += f": {self.json_path}"
        return f"{place}: {self.message}"


class SelectionError(FairstatsError):
    """A request that names something the dataset does not have (a delegation, a dimension)."""


class BaselineError(FairstatsError):
    """A baseline dataset that is not an earlier edition of the same fair and delegation."""


class Place(Record):
    """Where a warning points: a file and a JSON path in it."""

    file: str
    json_path: str

    def __str__(self) -> str:
        return f"{escape_control(self.file)} {self.json_path}"


class DataWarning(Record):
    """Something a run had to take on trust or choose, told on stderr without changing the
    exit code: where it is (one place, or the two that disagree) and what it is."""

    places: tuple[Place, ...]
    message: str

    def __str__(self) -> str:
        return " and ".join(str(place) for place in self.places) + f": {self.message}"
