"""The markdown format's text: escaped just enough to read as itself, never as a link, an
image, emphasis, code or HTML. Its pipe tables are laid out by tabulate (`tabulated.lay_out`)
from cells escaped here. Imported by the markdown renderer only.
"""

from __future__ import annotations

import re

# What would be markup inside a line (CommonMark, with GitHub's tables and strikethrough):
# a cell's end, emphasis, code spans, strikethrough; a backslash that would escape what
# follows it; the `](` of a link or an image; `<` opening a tag, a comment or an autolink; an
# entity; and an underscore, literal only inside a word (`not_testable` stays as it is).
_INLINE = re.compile(
    r"[|*`~_]"
    r"|\\(?=[!-/:-@\[-`{-~])"
    r"|\](?=\()"
    r"|<(?=[A-Za-z/!?])"
    r"|&(?=#?[A-Za-z0-9]+;)"
)
# What would start another block at the start of a paragraph: a heading, a quote, a list
# item, a rule, a link reference definition, an ordered list item (whose "." is escaped).
_BLOCK_START = re.compile(
    r"#{1,6}(?= |$)"
    r"|>"
    r"|[-+](?= |$)"
    r"|(?:- *){3,}$"
    r"|\[(?:[^\]\\]|\\.)*\]:"
    r"|\d{1,9}[.)](?= |$)"
)
_CLOSING_HASHES = re.compile(r"(?:^|(?<= ))#+ *$")  # an ATX heading's optional closing run


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character == "<":
        return "&lt;"
    if character == "&":
        return "&amp;"
    if character == "_":
        text, at = match.string, match.start()
        inside = 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
        return "_" if inside else "\\_"
    return "\\" + character


def inline(text: str) -> str:
    """Text as itself inside a line (a table cell): the characters that would be markup
    escaped, and nothing else."""
    return _INLINE.sub(_escape, text)


def paragraph(text: str) -> str:
    """Text as itself as a paragraph of its own: also what would start another block (and
    leading spaces, which markdown drops, or four of which would make code)."""
    escaped = inline(text.lstrip(" "))
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group()[0].isdigit():
        return f"{escaped[: start.end() - 1]}\\{escaped[start.end() - 1 :]}"
    return f"\\{escaped}"


def heading(text: str) -> str:
    """Text as itself after a heading's `#`: a closing run of `#` would be dropped."""
    escaped = inline(text)
    closing = _CLOSING_HASHES.search(escaped)
    if closing is None:
        return escaped
    return f"{escaped[: closing.start()]}\\{escaped[closing.start() :]}"
