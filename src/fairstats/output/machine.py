"""csv, tsv, json and jsonl: the machine rows written as text, with no renderer library loaded."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import TextIO

from fairstats.model.results import Report
from fairstats.model.textsafe import ascii_json, escape_control, escape_for_json, neutralise_formula
from fairstats.output.cells import (
    MachineNumber,
    RenderOptions,
    machine_header,
    machine_rows,
    phrase_text,
)


def _csv_text(text: str, formula_guard: bool) -> str:
    text = escape_control(text)
    return neutralise_formula(text) if formula_guard else text


def delimited_field(text: str, delimiter: str) -> str:
    """One csv field as RFC 4180 writes it: quoted, with quotes doubled, when it holds the
    delimiter, a quote or a line break. (Written here rather than with the csv module, whose
    import costs a measurable part of a csv run.)"""
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def render_delimited(report: Report, options: RenderOptions, stream: TextIO) -> None:
    # TSV has no quoting: its fields are written raw, so `cut -f` and Miller read the text as
    # it is. No text can end a field or a line: every control character, tab and line breaks
    # included, is escaped before it is written (`\x09`), and a dataset cannot hold one.
    tsv = options.format == "tsv"
    delimiter = "\t" if tsv else ","

    def field_of(text: str) -> str:
        return text if tsv else delimited_field(text, delimiter)

    guard = options.formula_guard
    lines = (
        [delimiter.join(field_of(key) for key in machine_header(report))] if options.header else []
    )
    written: dict[str, str] = {}  # text cells repeat (names, titles): made safe once each
    for values in machine_rows(report, options):
        fields = []
        for value in values:
            if value is None:
                fields.append("")
            elif type(value) is MachineNumber:
                fields.append(value)  # numbers are never touched by the formula guard
            elif type(value) is bool:
                fields.append("true" if value else "false")
            else:
                text = str(value)
                field = written.get(text)
                if field is None:
                    field = written[text] = field_of(_csv_text(text, guard))
                fields.append(field)
        lines.append(delimiter.join(fields))
    if lines:  # no header and no rows: nothing at all, not an empty line
        stream.write("\n".join(lines) + "\n")


def _narrow(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return not encoding.startswith("utf")


def _json_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, MachineNumber):
        return value  # exact digits, never through a float
    if isinstance(value, bool):
        return "true" if value else "false"
    return _json_text(str(value))


def _json_text(text: str) -> str:
    """A JSON string that parses back to the very text, yet shows a terminal no control or
    bidi character raw: those are written as JSON's own \\uXXXX escapes."""
    # encode_basestring is what json.dumps(text, ensure_ascii=False) calls, without building
    # an encoder for every cell
    return escape_for_json(encode_basestring(text))


def _ascii_where_narrow(
    render: Callable[[Report, RenderOptions, TextIO], None],
) -> Callable[[Report, RenderOptions, TextIO], None]:
    """A JSON renderer that, on a stream that cannot encode every character
    (PYTHONIOENCODING=ascii), writes what it cannot as JSON escapes, so the output stays valid
    JSON."""

    def rendered(report: Report, options: RenderOptions, stream: TextIO) -> None:
        if not _narrow(stream):
            render(report, options, stream)
            return
        buffer = io.StringIO()
        render(report, options, buffer)
        stream.write(ascii_json(buffer.getvalue()))

    return rendered


def _json_objects(report: Report, options: RenderOptions) -> Iterator[str]:
    """Each row as one JSON object on one line, its keys the machine header's: the rows of
    json and the lines of jsonl alike."""
    keys = [_json_text(key) for key in machine_header(report)]
    for values in machine_rows(report, options):
        fields = ", ".join(
            f"{key}: {_json_value(value)}" for key, value in zip(keys, values, strict=True)
        )
        yield f"{{{fields}}}"


@_ascii_where_narrow
def render_json(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """One document: the title, the columns, the rows and the footnotes."""
    keys = [_json_text(key) for key in machine_header(report)]
    stream.write("{\n")
    stream.write(f'  "title": {_json_text(report.title)},\n')
    stream.write(f'  "columns": [{", ".join(keys)}],\n')
    stream.write('  "rows": [')
    separator = "\n"
    for row in _json_objects(report, options):
        stream.write(f"{separator}    {row}")
        separator = ",\n"
    stream.write("\n  ],\n" if separator == ",\n" else "],\n")
    notes = ", ".join(_json_text(phrase_text(note, options)) for note in report.footnotes)
    stream.write(f'  "footnotes": [{notes}]\n}}\n')


@_ascii_where_narrow
def render_jsonl(report: Report, options: RenderOptions, stream: TextIO) -> None:
    """JSON Lines: the json document's rows, one object a line, and nothing else (no header,
    no title, no footnotes), so that runs append and a reader streams them."""
    for row in _json_objects(report, options):
        stream.write(f"{row}\n")
