"""Bytes to JSON values: size, encoding and syntax checked, numbers kept as exact decimals.

Every problem is a `DataError` that names the file and, for syntax, the line and column.
Nothing here knows what a dataset holds; `reader` turns the values into the model.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from typing import Any, NoReturn

from fairstats.model.errors import DataError
from fairstats.model.rounding import decimals_of
from fairstats.model.textsafe import clip, escape_control

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_INTEGER_DIGITS = 30
STDIN_NAME = "-"

_UTF16_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
# json's messages in fairstats' words; those ending in "at", for the place json writes after
# them, read whole here, where the place comes first.
_JSON_MESSAGES = {
    "Extra data": "unexpected data after the JSON document",
    "Unterminated string starting at": "unterminated string: no closing quote",
    "Invalid control character at": (
        "invalid control character in a string (write a line break as \\n, a tab as \\t)"
    ),
}
# A JSON string, or one of the non-standard constants Python's json module would accept
# (compiled only when a file holds one).
_CONSTANT_TOKEN = r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)'


class LongInteger:
    """Stands in for an integer literal too long to convert safely; refused with its path."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


class ObjectWithDuplicate(dict[str, Any]):
    """A JSON object in which a key appeared twice; refused with its path."""

    duplicate: str


class _NonStandardConstant(Exception):
    pass


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            marked = ObjectWithDuplicate(result)
            marked.duplicate = key
            return marked
        result[key] = value
    return result


def _parse_int(text: str) -> int | LongInteger:
    digits = len(text.lstrip("-"))
    return LongInteger(digits) if digits > MAX_INTEGER_DIGITS else int(text)


def _refuse_constant(name: str) -> NoReturn:
    raise _NonStandardConstant(name)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_bytes(file: str) -> bytes:
    """The file's bytes, refusing anything larger than a dataset could sensibly be."""
    try:
        if file == STDIN_NAME:
            if sys.stdin is None or sys.stdin.closed:  # started with stdin closed (`<&-`)
                raise DataError(file, "standard input is closed")
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


def decode(file: str, data: bytes) -> str:
    """UTF-8 text; a UTF-8 byte-order mark is accepted and dropped."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        if data.startswith(_UTF8_BOM):
            raise DataError(file, "a second byte-order mark after the first", line=1, column=1)
    if data.startswith(_UTF16_32_BOMS):
        raise DataError(file, "not UTF-8: it starts with a UTF-16 or UTF-32 byte-order mark")
    nul = data.find(b"\x00")
    if nul >= 0:  # JSON text never holds a NUL byte; UTF-16 and UTF-32 text is full of them
        before = data[:nul].decode("utf-8", errors="replace")
        line, column = _line_col(before, len(before))
        raise DataError(file, "not UTF-8: a NUL byte (UTF-16 or UTF-32?)", line=line, column=column)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line, column = _line_col(before, len(before))
        raise DataError(
            file, f"not UTF-8: invalid byte 0x{data[error.start]:02x}", line=line, column=column
        ) from None


def parse(file: str, text: str) -> Any:
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
        message = _JSON_MESSAGES.get(error.msg) or error.msg.removesuffix(" at")
        message = message[0].lower() + message[1:]
        if error.pos >= len(text.rstrip()):
            message = f"unexpected end of file ({message.lower()})"
        raise DataError(file, message, line=error.lineno, column=error.colno) from None
    except _NonStandardConstant as error:
        match = next(m for m in re.finditer(_CONSTANT_TOKEN, text) if m.group(1))
        line, column = _line_col(text, match.start(1))
        raise DataError(file, f"{error} is not a JSON number", line=line, column=column) from None
    except RecursionError:
        raise DataError(file, "nesting too deep to be a dataset") from None


def load(file: str) -> Any:
    """A file's JSON document."""
    return parse(file, decode(file, read_bytes(file)))


def describe(value: Any) -> str:
    """A short, terminal-safe description of a JSON value for error messages."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        return escape_control(json.dumps(clip(value), ensure_ascii=False))
    if isinstance(value, Decimal) and 0 <= decimals_of(value) <= 20:
        return clip(format(value, "f"))  # as written: 0.0000000000001, not 1E-13 (but 0E+18)
    if isinstance(value, (int, Decimal)):
        return clip(str(value))
    if isinstance(value, LongInteger):
        return f"a number with {value.digits} digits"
    if isinstance(value, list):
        return "a list"
    return "an object"
