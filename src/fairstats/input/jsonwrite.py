"""Dataset documents to JSON text, numbers written with their printed digits (a Decimal's own):
for `upgrade` and `draft`, which write the files users edit."""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from fairstats.model.textsafe import escape_for_json


def version_2_text(document: dict[str, Any], indent: str | None) -> str:
    # bidi controls (the loader refuses the rest) as JSON escapes, as every output shows them
    return escape_for_json(_json(document, indent)) + "\n"


def _json(value: Any, indent: str | None) -> str:
    """JSON text, numbers written with their printed digits: indented by two spaces a level
    from `indent`, or with no whitespace at all when it is None."""
    if isinstance(value, str):
        return encode_basestring(value)  # json.dumps(ensure_ascii=False) without its overhead
    if isinstance(value, Decimal):
        return str(value)
    if not value or not isinstance(value, (dict, list)):
        return json.dumps(value)  # a whole number, true, false, null, {} or []
    inner = None if indent is None else indent + "  "
    if isinstance(value, dict):
        colon = ":" if indent is None else ": "
        items = [
            f"{encode_basestring(key)}{colon}{_json(item, inner)}" for key, item in value.items()
        ]
        opening, closing = "{", "}"
    elif indent is not None and len(value) <= 3 and all(isinstance(i, str) for i in value):
        return "[" + ", ".join(encode_basestring(item) for item in value) + "]"
    else:
        items = [_json(item, inner) for item in value]
        opening, closing = "[", "]"
    if indent is None:
        return opening + ",".join(items) + closing
    return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}{closing}"
