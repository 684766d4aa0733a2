"""Text from a dataset is data: make it safe to print on a terminal or in a spreadsheet."""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the bidirectional embedding/override/isolate controls, the
# line and paragraph separators, and lone surrogates: none of these may reach a terminal raw.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)

# What a spreadsheet would take as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """Show control, bidi and surrogate characters as visible escapes (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape_one, text)


def find_control(text: str) -> str | None:
    """The first character `escape_control` would escape, or None."""
    match = _UNSAFE.search(text)
    return match.group() if match else None


def neutralise_formula(text: str) -> str:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
