"""Text from a dataset is data: make it safe to print on a terminal or in a spreadsheet."""

from __future__ import annotations

import re

# Refused in a dataset's text: C0 controls (ESC and so every terminal escape sequence), DEL,
# C1 controls and lone surrogates. None has a place in a name or a label.
_REFUSED_CLASS = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
# Shown escaped, never raw: those, and the bidirectional embedding/override/isolate controls
# and the line and paragraph separators, which real right-to-left text may carry.
_BIDI_CLASS = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_REFUSED = re.compile(f"[{_REFUSED_CLASS}]")
_UNSAFE = re.compile(f"[{_REFUSED_CLASS}{_BIDI_CLASS}]")
# What json.dumps(ensure_ascii=False) still writes raw that a terminal would act on.
JSON_UNSAFE = re.compile(f"[\x7f-\x9f\ud800-\udfff{_BIDI_CLASS}]")

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


def find_refused(text: str) -> str | None:
    """The first character a dataset's text may not hold at all, or None."""
    match = _REFUSED.search(text)
    return match.group() if match else None


def neutralise_formula(text: str) -> str:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
