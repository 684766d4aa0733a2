"""The generic part of reading a JSON document into the model: shapes, types and limits, with
every problem named by its JSON path.

`Shapes` is strict by default (the first problem ends the reading). With `collect=True` it
records every problem it can reach: a part with a problem is abandoned, the rest is still read,
and the model built from such a document is never used (this is what `validate` runs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from fairstats.input.jsonfile import LongInteger, ObjectWithDuplicate, describe
from fairstats.model.errors import DataError
from fairstats.model.rounding import within_limits
from fairstats.model.textsafe import escape_control, find_refused

T = TypeVar("T")

MAX_TEXT_CHARS = 2000

# The shapes of dates and date-times, with "d" for an ASCII digit: compared as strings, since
# compiling a pattern would cost more than the whole check.
_DATE_SHAPE = "dddd-dd-dd"
_DATETIME_SHAPES = frozenset(
    f"{_DATE_SHAPE}Tdd:dd{seconds}{zone}"
    for seconds in ("", ":dd")
    for zone in ("", "Z", "+dd:dd", "-dd:dd")
)


# The keys an object may and must have, by the tuples a caller names them with.
_ALLOWED: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[frozenset[str], frozenset[str]]] = {}


def _shape(text: str) -> str:
    """Text with every ASCII digit written as "d" ("2022-11-18" -> "dddd-dd-dd")."""
    return "".join("d" if "0" <= character <= "9" else character for character in text)


class Abandon(Exception):
    """Ends the reading of one part of a document whose problem was recorded (collect mode)."""


class Shapes:
    def __init__(self, file: str, *, collect: bool = False) -> None:
        self.file = file
        self.collect = collect
        self.problems: list[DataError] = []

    def note(self, path: str, message: str) -> None:
        """Record a problem and read on (strict mode: stop here)."""
        error = DataError(self.file, message, json_path=path)
        if not self.collect:
            raise error
        self.problems.append(error)

    def fail(self, path: str, message: str) -> NoReturn:
        self.note(path, message)
        raise Abandon

    def part(self, read: Callable[[], T], default: T) -> T:
        """Read one part; in collect mode a problem in it is recorded, the part reads as
        `default` and the rest goes on."""
        try:
            return read()
        except Abandon:
            return default

    def items(self, read: Callable[[Any, str], T], value: Any, path: str) -> list[T]:
        """Each entry of a list read; in collect mode the entries with a problem are left out."""
        values = self.array(value, path)
        if not self.collect:
            return [read(item, f"{path}[{index}]") for index, item in enumerate(values)]
        result = []
        for index, item in enumerate(values):
            try:
                result.append(read(item, f"{path}[{index}]"))
            except Abandon:
                continue
        return result

    # Generic shapes -------------------------------------------------------------------------

    def obj(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if type(value) is dict:  # a well-formed entry: checked with two set operations
            allowed = _ALLOWED.get((required, optional))
            if allowed is None:
                allowed = _ALLOWED[required, optional] = (
                    frozenset(required),
                    frozenset((*required, *optional)),
                )
            keys = value.keys()
            if keys >= allowed[0] and keys <= allowed[1]:
                return value
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {describe(value)}")
        if isinstance(value, ObjectWithDuplicate):
            self.fail(path, f"duplicate key {describe(value.duplicate)}")
        for key in value:
            if key not in required and key not in optional:
                self.note(path, f"unknown field {describe(key)}")
        missing = [key for key in required if key not in value]
        for key in missing:
            self.note(path, f"missing required field {describe(key)}")
        if missing:
            raise Abandon
        return value

    def array(self, value: Any, path: str, *, non_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {describe(value)}")
        if non_empty and not value:
            self.fail(path, "expected at least one entry, got an empty list")
        return value

    def text(self, value: Any, path: str) -> str:
        if (
            type(value) is str
            and 0 < len(value) <= MAX_TEXT_CHARS
            and value.isprintable()
            and (not value.isspace())
        ):
            return value  # printable text is free of what is refused (control, surrogates)
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {describe(value)}")
        if not value.strip():
            self.fail(path, "expected text, got an empty string")
        if len(value) > MAX_TEXT_CHARS:
            self.fail(path, f"text longer than {MAX_TEXT_CHARS} characters")
        bad = find_refused(value)
        if bad is not None:
            what = "a lone surrogate" if "\ud800" <= bad <= "\udfff" else "the control character"
            self.fail(path, f"text contains {what} {escape_control(bad)}")
        return value

    def texts(self, value: Any, path: str) -> tuple[str, ...]:
        return tuple(self.items(self.text, value, path))

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {describe(value)}")
        return value

    def number(self, value: Any, path: str) -> Decimal:
        """An exact decimal within the limits (see `within_limits`)."""
        if isinstance(value, LongInteger):
            self.fail(path, f"number out of range ({describe(value)})")
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(path, f"expected a number, got {describe(value)}")
        number = Decimal(value)
        if not within_limits(number):
            self.fail(path, f"number out of range ({describe(value)})")
        # -0.0 is 0.0, and a zero keeps its printed precision (0E+6 is +-500000)
        return number.copy_abs() if number.is_zero() else number

    def non_negative(self, value: Any, path: str) -> Decimal:
        number = self.number(value, path)
        if number < 0:
            self.fail(path, f"must not be negative, got {describe(value)}")
        return number

    def count(self, value: Any, path: str, *, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, LongInteger)):
            self.fail(path, f"expected a whole number, got {describe(value)}")
        number = int(self.number(value, path))
        if number < minimum:
            self.fail(path, f"must be at least {minimum}, got {describe(value)}")
        return number

    def positive(self, value: Any, path: str) -> int:
        """A whole number from 1: a year, an ordinal."""
        return self.count(value, path, minimum=1)

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str:
        text = self.text(value, path)
        if text not in choices:
            self.fail(path, f"expected one of {', '.join(choices)}, got {describe(value)}")
        return text

    def day(self, value: Any, path: str) -> date:
        text = self.text(value, path)
        try:
            if _shape(text) != _DATE_SHAPE:
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            self.fail(path, f"expected a date as YYYY-MM-DD, got {describe(value)}")

    def moment(self, value: Any, path: str) -> str:
        """A date, or a date with a time of day (a time the release does not give is left out,
        never written as 00:00)."""
        text = self.text(value, path)
        shape = _shape(text)
        try:
            if shape == _DATE_SHAPE:
                date.fromisoformat(text)
            elif shape in _DATETIME_SHAPES:
                datetime.fromisoformat(text.replace("Z", "+00:00"))
                # fromisoformat reads +05:60 as +06:00; an offset's minutes stop at 59
                if text[-6] in "+-" and text[-2:] >= "60":
                    raise ValueError
            else:
                raise ValueError
        except ValueError:
            self.fail(
                path, f"expected a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {describe(text)}"
            )
        return text

    def unique(
        self, names: list[str], path: str, what: str, paths: list[str] | None = None
    ) -> None:
        seen: set[str] = set()
        for index, name in enumerate(names):
            if name in seen:
                self.note(
                    paths[index] if paths else f"{path}[{index}]",
                    f"duplicate {what} {describe(name)}",
                )
            seen.add(name)

    def optional(
        self, data: dict[str, Any], key: str, read: Callable[[Any, str], T], path: str, default: T
    ) -> T:
        """A field that may be absent or null."""
        value = data.get(key)
        if value is None:
            return default
        return read(value, f"{path}.{key}")
