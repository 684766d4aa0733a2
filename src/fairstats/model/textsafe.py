"""Text from a dataset is data: make it safe to print on a terminal or in a spreadsheet."""

import re
from functools import cache

# Refused in a dataset's text: C0 controls (ESC and so every terminal escape sequence), DEL,
# C1 controls and lone surrogates. None has a place in a name or a label.
_REFUSED_CLASS = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
# Shown escaped, never raw: those, and the bidirectional embedding/override/isolate controls
# and the line and paragraph separators, which real right-to-left text may carry.
_BIDI_CLASS = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"

# What a spreadsheet would take as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ECHO_LIMIT = 40  # characters of one input an error message shows
LIST_LIMIT = 10  # inputs an error message lists


# Every character these patterns match is unprintable to str.isprintable(), which is checked
# first: most text never needs a pattern, and one is compiled only when one is needed.
@cache
def _pattern(which: str) -> re.Pattern[str]:
    classes = {
        "refused": _REFUSED_CLASS,
        "unsafe": _REFUSED_CLASS + _BIDI_CLASS,
        # what json.dumps(ensure_ascii=False) still writes raw that a terminal would act on
        "json": "\x7f-\x9f\ud800-\udfff" + _BIDI_CLASS,
    }
    return re.compile(f"[{classes[which]}]")


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """Show control, bidi and surrogate characters as visible escapes (`\\x1b`, `\\u202e`)."""
    return text if text.isprintable() else _pattern("unsafe").sub(_escape_one, text)


def escape_for_json(dumped: str) -> str:
    """A json.dumps string with what a terminal would act on written as JSON `\\uXXXX`."""
    if dumped.isprintable():
        return dumped
    return _pattern("json").sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def clip(text: str) -> str:
    """Input an error message echoes, cut to a sane length: a value may be megabytes long."""
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 3] + "..."


def clip_list(texts: list[str]) -> str:
    """Inputs an error message lists: the first few, each clipped, and how many more."""
    shown = ", ".join(clip(text) for text in texts[:LIST_LIMIT])
    more = len(texts) - LIST_LIMIT
    return f"{shown} and {more:,} more" if more > 0 else shown


def find_refused(text: str) -> str | None:
    """The first character a dataset's text may not hold at all, or None."""
    match = None if text.isprintable() else _pattern("refused").search(text)
    return match.group() if match else None


def neutralise_formula(text: str) -> str:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe. A lone "-"
    (stdin's file name, a placeholder) has nothing to run: a spreadsheet shows it as text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) and text != "-" else text


def ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character written as JSON's own \\uXXXX escape (a
    surrogate pair beyond the first plane): still the same JSON, for an ASCII-only stream.
    Outside strings JSON text is ASCII, so only string contents change."""
    if text.isascii():
        return text
    return "".join(
        character if character.isascii() else _json_escape(character) for character in text
    )


def _json_escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
