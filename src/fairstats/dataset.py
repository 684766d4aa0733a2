"""Strict loading: a dataset file becomes a `Dataset`, or a `DataError` that names the place.

The loader refuses only what it cannot understand (bad JSON, wrong types, negative counts,
unknown fields); figures that disagree with each other load fine and are `check`'s business.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from fairstats.choices import UNIT_NAMES
from fairstats.errors import DataError
from fairstats.model import (
    FIGURE_KINDS,
    LISTINGS,
    MEASURES,
    RELATIONS,
    Activity,
    Breakdown,
    Category,
    Claim,
    Dataset,
    Delegation,
    Fair,
    Figure,
    ItemList,
    Ratios,
    Source,
    Totals,
)
from fairstats.numbers import decimals_of
from fairstats.textsafe import escape_control, find_refused

if TYPE_CHECKING:
    from fairstats.results import Report

T = TypeVar("T")

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 2000
MAX_INTEGER_DIGITS = 30
MAX_DECIMALS = 12
MAX_MAGNITUDE_DIGITS = 18  # numbers below 10^18
STDIN_NAME = "-"


def bundled_file(name: str, source_dir: str) -> str:
    """A data file shipped in the package (placed there by the wheel's build configuration).

    An editable install runs the package from the source tree, where the one copy of the file
    lives at the top level, in `source_dir`. (Plain os.path, not importlib.resources or
    pathlib: importing either costs more than reading the file.)
    """
    package = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(package, "data", name)
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), source_dir, name)


BUNDLED_DATASET = bundled_file("fair2022.json", "data")
BUNDLED_SCHEMA = bundled_file("fairstats-dataset.schema.json", "schema")

_UTF16_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
# The shapes of dates and date-times, with "d" for an ASCII digit: compared as strings, since
# compiling a pattern would cost more than the whole check.
_DATE_SHAPE = "dddd-dd-dd"
_DATETIME_SHAPES = frozenset(
    f"{_DATE_SHAPE}Tdd:dd{seconds}{zone}"
    for seconds in ("", ":dd")
    for zone in ("", "Z", "+dd:dd", "-dd:dd")
)
# A JSON string, or one of the non-standard constants Python's json module would accept
# (compiled only when a file holds one).
_CONSTANT_TOKEN = r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)'


def _shape(text: str) -> str:
    """Text with every ASCII digit written as "d" ("2022-11-18" -> "dddd-dd-dd")."""
    return "".join("d" if "0" <= character <= "9" else character for character in text)


class _LongInteger:
    """Stands in for an integer literal too long to convert safely; refused with its path."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


class _ObjectWithDuplicate(dict[str, Any]):
    """A JSON object in which a key appeared twice; refused with its path."""

    duplicate: str


class _NonStandardConstant(Exception):
    pass


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            marked = _ObjectWithDuplicate(result)
            marked.duplicate = key
            return marked
        result[key] = value
    return result


def _parse_int(text: str) -> int | _LongInteger:
    digits = len(text.lstrip("-"))
    return _LongInteger(digits) if digits > MAX_INTEGER_DIGITS else int(text)


def _refuse_constant(name: str) -> NoReturn:
    raise _NonStandardConstant(name)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_dataset_bytes(file: str) -> bytes:
    """The file's bytes, refusing anything larger than a dataset could sensibly be."""
    try:
        if file == STDIN_NAME:
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataError(file, "no such file") from None
    except IsADirectoryError:
        raise DataError(file, "is a directory, not a dataset file") from None
    except PermissionError:
        raise DataError(file, "permission denied") from None
    except OSError as error:
        raise DataError(file, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise DataError(file, f"larger than {limit} MiB, too large to be a dataset")
    return data


def decode_dataset_text(file: str, data: bytes) -> str:
    """UTF-8 text; a UTF-8 byte-order mark is accepted and dropped."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        if data.startswith(_UTF8_BOM):
            raise DataError(file, "a second byte-order mark after the first", line=1, column=1)
    if data.startswith(_UTF16_32_BOMS):
        raise DataError(file, "not UTF-8: it starts with a UTF-16 or UTF-32 byte-order mark")
    nul = data.find(b"\x00")
    if nul >= 0:  # JSON text never holds a NUL byte; UTF-16 and UTF-32 text is full of them
        line, column = _line_col(data[:nul].decode("utf-8", errors="replace"), nul)
        raise DataError(file, "not UTF-8: a NUL byte (UTF-16 or UTF-32?)", line=line, column=column)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line, column = _line_col(before, len(before))
        raise DataError(
            file, f"not UTF-8: invalid byte 0x{data[error.start]:02x}", line=line, column=column
        ) from None


def parse_json(file: str, text: str) -> Any:
    """Parse strictly: no NaN or Infinity, exact decimals, duplicate keys marked."""
    if not text.strip():
        raise DataError(file, "empty file, expected a JSON object")
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_int=_parse_int,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object_pairs,
        )
    except json.JSONDecodeError as error:
        message = error.msg[0].lower() + error.msg[1:]
        if error.msg == "Extra data":
            message = "unexpected data after the JSON document"
        elif error.pos >= len(text.rstrip()):
            message = f"unexpected end of file ({message.lower()})"
        raise DataError(file, message, line=error.lineno, column=error.colno) from None
    except _NonStandardConstant as error:
        match = next(m for m in re.finditer(_CONSTANT_TOKEN, text) if m.group(1))
        line, column = _line_col(text, match.start(1))
        raise DataError(file, f"{error} is not a JSON number", line=line, column=column) from None
    except RecursionError:
        raise DataError(file, "nesting too deep to be a dataset") from None


def load_dataset(file: str | os.PathLike[str] | None = None) -> Dataset:
    """Load and validate a dataset file; None means the dataset bundled with fairstats."""
    name = BUNDLED_DATASET if file is None else os.fspath(file)
    document = parse_json(name, decode_dataset_text(name, read_dataset_bytes(name)))
    return _Reader(name).dataset(document)


def describe(value: Any) -> str:
    """A short, terminal-safe description of a JSON value for error messages."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return escape_control(json.dumps(shown, ensure_ascii=False))
    if isinstance(value, Decimal) and abs(decimals_of(value)) <= 20:
        return format(value, "f")  # as written: 0.0000000000001, not 1E-13
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, _LongInteger):
        return f"a number with {value.digits} digits"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Abandon(Exception):
    """Ends the reading of one part of a document whose problem was recorded (collect mode)."""


class _Reader:
    """Turns a parsed JSON document into the model, naming the JSON path of any problem.

    Strict (the default) stops at the first problem. `collect=True` records every problem it
    can reach: a part with a problem is abandoned, the rest is still read, and the model built
    from such a document is never returned.
    """

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
        raise _Abandon

    def part(self, read: Callable[[], T]) -> T:
        """Read one part; in collect mode a problem in it is recorded and the rest goes on.

        An abandoned part reads as None, which only a document already known to be invalid
        ever holds.
        """
        try:
            return read()
        except _Abandon:
            return None  # type: ignore[return-value]

    def field(self, read: Callable[[Any, str], T], data: dict[str, Any], key: str, path: str) -> T:
        if not self.collect:  # strict: nothing to catch, so no closure to build
            return read(data[key], f"{path}.{key}")
        return self.part(lambda: read(data[key], f"{path}.{key}"))

    def items(self, read: Callable[[Any, str], T], value: Any, path: str) -> tuple[T, ...]:
        values = self.array(value, path)
        if not self.collect:
            return tuple(read(item, f"{path}[{i}]") for i, item in enumerate(values))
        return tuple(
            self.part(lambda item=item, i=i: read(item, f"{path}[{i}]"))  # type: ignore[misc]
            for i, item in enumerate(values)
        )

    # Generic shapes -------------------------------------------------------------------------

    def obj(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {describe(value)}")
        if isinstance(value, _ObjectWithDuplicate):
            self.fail(path, f"duplicate key {describe(value.duplicate)}")
        for key in value:
            if key not in required and key not in optional:
                self.note(path, f"unknown field {describe(key)}")
        missing = [key for key in required if key not in value]
        for key in missing:
            self.note(path, f"missing required field {describe(key)}")
        if missing:
            raise _Abandon
        return value

    def array(self, value: Any, path: str, *, non_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {describe(value)}")
        if non_empty and not value:
            self.fail(path, "expected at least one entry, got an empty list")
        return value

    def text(self, value: Any, path: str) -> str:
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
        return self.items(self.text, value, path)

    def unique_names(self, names: list[str | None], path: str, what: str) -> None:
        seen: set[str] = set()
        for index, name in enumerate(names):
            if name is None:
                continue
            if name in seen:
                self.note(f"{path}[{index}]", f"duplicate {what} {describe(name)}")
            seen.add(name)

    def number(self, value: Any, path: str) -> Decimal:
        if isinstance(value, _LongInteger):
            self.fail(path, f"number out of range ({describe(value)})")
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(path, f"expected a number, got {describe(value)}")
        number = Decimal(value)
        # adjusted() is the power of ten of the leading digit; no arithmetic, so no overflow
        too_large = not number.is_zero() and number.adjusted() >= MAX_MAGNITUDE_DIGITS
        if too_large or decimals_of(number) > MAX_DECIMALS:
            self.fail(path, f"number out of range ({describe(value)})")
        return number

    def non_negative(self, value: Any, path: str) -> Decimal:
        number = self.number(value, path)
        if number < 0:
            self.fail(path, f"must not be negative, got {describe(value)}")
        return number.copy_abs()  # -0.0 is 0.0, printed as such

    def count(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, _LongInteger)):
            self.fail(path, f"expected a whole number, got {describe(value)}")
        return int(self.non_negative(value, path))

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str:
        text = self.text(value, path)
        if text not in choices:
            self.fail(path, f"expected one of {', '.join(choices)}, got {describe(value)}")
        return text

    def optional(self, data: dict[str, Any], key: str) -> bool:
        return data.get(key) is not None

    # The dataset's parts --------------------------------------------------------------------

    def dataset(self, document: Any) -> Dataset:
        result = self.part(lambda: self._dataset(document))
        if self.problems:
            raise _Abandon
        return result

    def _dataset(self, document: Any) -> Dataset:
        data = self.obj(
            document,
            "$",
            ("schema_version", "fair", "source", "currency", "amount_unit", "delegations"),
            ("$schema",),
        )
        version = self.field(self.schema_version, data, "schema_version", "$")
        result = Dataset(
            file=self.file,
            schema_version=version,
            fair=self.field(self.fair, data, "fair", "$"),
            source=self.field(self.source, data, "source", "$"),
            currency=self.field(self.text, data, "currency", "$"),
            amount_unit=self.part(
                lambda: self.choice(data["amount_unit"], "$.amount_unit", UNIT_NAMES)
            ),
            delegations=self.part(lambda: self.delegations(data["delegations"], "$.delegations")),
        )
        return result

    def schema_version(self, value: Any, path: str) -> int:
        version = self.count(value, path)
        if version != SCHEMA_VERSION:
            self.fail(
                path,
                f"unsupported schema version {version} (this fairstats reads {SCHEMA_VERSION})",
            )
        return version

    def delegations(self, value: Any, path: str) -> tuple[Delegation, ...]:
        self.array(value, path, non_empty=True)
        delegations = self.items(self.delegation, value, path)
        self.unique_names([d and d.name for d in delegations], path, "delegation")
        return delegations

    def day(self, value: Any, path: str) -> date:
        text = self.text(value, path)
        try:
            if _shape(text) != _DATE_SHAPE:
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            self.fail(path, f"expected a date as YYYY-MM-DD, got {describe(value)}")

    def published(self, value: Any, path: str) -> str:
        text = self.text(value, path)
        try:
            if _shape(text) not in _DATETIME_SHAPES:
                raise ValueError
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(path, f"expected a date-time as YYYY-MM-DDTHH:MM, got {describe(text)}")
        return text

    def fair(self, value: Any, path: str) -> Fair:
        data = self.obj(
            value,
            path,
            ("name", "short_name", "edition", "city", "start_date", "end_date", "sponsors"),
        )
        return Fair(
            name=self.field(self.text, data, "name", path),
            short_name=self.field(self.text, data, "short_name", path),
            edition=self.field(self.count, data, "edition", path),
            city=self.field(self.text, data, "city", path),
            start_date=self.field(self.day, data, "start_date", path),
            end_date=self.field(self.day, data, "end_date", path),
            sponsors=self.field(self.texts, data, "sponsors", path),
        )

    def source(self, value: Any, path: str) -> Source:
        data = self.obj(value, path, ("title", "publisher", "published"))
        return Source(
            title=self.field(self.text, data, "title", path),
            publisher=self.field(self.text, data, "publisher", path),
            published=self.field(self.published, data, "published", path),
        )

    def signed(self, value: Any, path: str) -> Totals:
        data = self.obj(value, path, MEASURES)
        return Totals(
            projects=self.field(self.count, data, "projects", path),
            investment=self.field(self.non_negative, data, "investment", path),
        )

    def region_total(self, value: Any, path: str) -> Totals:
        data = self.obj(value, path, (), MEASURES)
        return Totals(
            projects=self.field(self.count, data, "projects", path)
            if self.optional(data, "projects")
            else None,
            investment=self.field(self.non_negative, data, "investment", path)
            if self.optional(data, "investment")
            else None,
        )

    def ratios(self, value: Any, path: str) -> Ratios:
        data = self.obj(value, path, (), MEASURES)
        found = {
            key: self.field(self.number, data, key, path)
            for key in MEASURES
            if self.optional(data, key)
        }
        return Ratios(projects=found.get("projects"), investment=found.get("investment"))

    def item_list(self, value: Any, path: str) -> ItemList:
        data = self.obj(value, path, ("listing", "items"))
        return self.listing(data, path)

    def listing(self, data: dict[str, Any], path: str) -> ItemList:
        return ItemList(
            listing=self.part(lambda: self.choice(data["listing"], f"{path}.listing", LISTINGS)),  # type: ignore[arg-type]
            items=self.field(self.texts, data, "items", path),
        )

    def delegation(self, value: Any, path: str) -> Delegation:
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

        def listed(key: str) -> ItemList | None:
            return self.field(self.item_list, data, key, path) if self.optional(data, key) else None

        def each(read: Callable[[Any, str], T], key: str) -> tuple[T, ...]:
            return self.part(lambda: self.items(read, data.get(key, []), f"{path}.{key}")) or ()

        breakdowns = each(self.breakdown, "breakdowns")
        self.unique_names(
            [b and b.dimension for b in breakdowns], f"{path}.breakdowns", "dimension"
        )
        return Delegation(
            name=self.field(self.text, data, "name", path),
            region=self.field(self.text, data, "region", path),
            signed=self.field(self.signed, data, "signed", path),
            region_total=self.part(
                lambda: self.region_total(data.get("region_total", {}), f"{path}.region_total")
            ),
            reported_share_of_region=self.part(
                lambda: self.ratios(
                    data.get("reported_share_of_region", {}), f"{path}.reported_share_of_region"
                )
            ),
            reported_growth=self.part(
                lambda: self.ratios(data.get("reported_growth", {}), f"{path}.reported_growth")
            ),
            claims=each(self.claim, "claims"),
            breakdowns=breakdowns,
            focus_industries=listed("focus_industries"),
            side_events=listed("side_events"),
            notes=each(self.text, "notes"),
            activities=each(self.activity, "activities"),
        )

    def claim(self, value: Any, path: str) -> Claim:
        data = self.obj(value, path, ("statement", "figure", "relation", "value"))
        return Claim(
            statement=self.field(self.text, data, "statement", path),
            figure=self.part(lambda: self.choice(data["figure"], f"{path}.figure", MEASURES)),  # type: ignore[arg-type]
            relation=self.part(
                lambda: self.choice(data["relation"], f"{path}.relation", RELATIONS)
            ),  # type: ignore[arg-type]
            value=self.field(self.non_negative, data, "value", path),
        )

    def breakdown(self, value: Any, path: str) -> Breakdown:
        data = self.obj(value, path, ("dimension", "categories"), ("label",))
        dimension = self.field(self.text, data, "dimension", path)
        categories = self.part(lambda: self.categories(data["categories"], f"{path}.categories"))
        label = self.field(self.text, data, "label", path) if self.optional(data, "label") else ""
        return Breakdown(dimension=dimension, label=label or dimension, categories=categories)

    def categories(self, value: Any, path: str) -> tuple[Category, ...]:
        self.array(value, path, non_empty=True)
        categories = self.items(self.category, value, path)
        self.unique_names([c and c.name for c in categories], path, "category")
        return categories

    def category(self, value: Any, path: str) -> Category:
        data = self.obj(value, path, ("name", "projects", "investment"))
        return Category(
            name=self.field(self.text, data, "name", path),
            projects=self.field(self.count, data, "projects", path),
            investment=self.field(self.non_negative, data, "investment", path),
        )

    def activity(self, value: Any, path: str) -> Activity:
        data = self.obj(value, path, ("name", "figures"))
        return Activity(
            name=self.field(self.text, data, "name", path),
            figures=self.part(lambda: self.items(self.figure, data["figures"], f"{path}.figures")),
        )

    def figure(self, value: Any, path: str) -> Figure:
        data = self.obj(
            value, path, ("name", "kind", "value"), ("unit", "qualifier", "listing", "items")
        )
        kind = self.choice(data["kind"], f"{path}.kind", FIGURE_KINDS)
        read_value = {"count": self.count, "text": self.text}.get(kind, self.non_negative)
        number = self.field(read_value, data, "value", path)  # type: ignore[arg-type]
        unit = self.field(self.text, data, "unit", path) if self.optional(data, "unit") else None
        if kind == "measure" and unit is None:
            self.note(path, 'a "measure" figure needs a "unit"')
        if kind != "measure" and unit is not None:
            self.note(f"{path}.unit", f'only a "measure" figure has a unit, this is a "{kind}"')
        named = None
        if "listing" in data or "items" in data:
            if kind != "count":
                self.fail(path, f'only a "count" figure lists items, this is a "{kind}"')
            named = self.listing({key: data.get(key) for key in ("listing", "items")}, path)
        qualifier = (
            self.field(self.text, data, "qualifier", path)
            if self.optional(data, "qualifier")
            else None
        )
        return Figure(
            name=self.field(self.text, data, "name", path),
            kind=kind,  # type: ignore[arg-type]
            value=number,
            unit=unit,
            qualifier=qualifier,
            named=named,
        )


def dataset_problems(file: str) -> list[DataError]:
    """Every problem the loader can find in a file (empty when the file is a valid dataset)."""
    try:
        document = parse_json(file, decode_dataset_text(file, read_dataset_bytes(file)))
    except DataError as error:
        return [error]  # nothing past a syntax error can be read
    reader = _Reader(file, collect=True)
    with contextlib.suppress(_Abandon):
        reader.dataset(document)
    return reader.problems


def validation_report(files: tuple[str, ...]) -> tuple[Report, bool]:
    """One row per problem, or one row saying the file is valid."""
    from fairstats.results import Column, Report, Section

    rows: list[dict[str, Any]] = []
    for file in files:
        problems = dataset_problems(file)
        for error in problems:
            place = error.json_path or (f"{error.line}:{error.column}" if error.line else "")
            rows.append({"file": file, "valid": "no", "place": place, "problem": error.message})
        if not problems:
            rows.append({"file": file, "valid": "yes", "place": "", "problem": ""})
    columns = (
        Column("file", "File"),
        Column("valid", "Valid", styles={"yes": "green", "no": "bold red"}),
        Column("place", "Place"),
        Column("problem", "Problem"),
    )
    report = Report(
        "Dataset validation", columns, [Section("Files", rows=rows)], context_columns=False
    )
    return report, all(row["valid"] == "yes" for row in rows)
