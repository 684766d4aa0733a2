"""The one place fairstats reaches into click's private parser.

click's parser tries every option as a long one before it tries it as a short one, and
building that failed match (spelling suggestions from difflib, a translated message) costs
more than the rest of a csv run: about 7 ms. `short_options_first` lets the parser take a
registered short option ("-f") straight away.

It uses three private names of click 8's option parser (`_short_opt`, `_match_short_opt`,
`_process_opts`; checked with click 8.5), and the dependency is pinned below click 9.
When any of them is missing, the parser is left as it is, and fairstats parses options as
plain click does, only slower. `tests/test_compat.py` fails if the installed click no longer
has them, so a change shows in the tests rather than as a silent slowdown.
"""

from __future__ import annotations

from typing import Any

PRIVATE_NAMES = ("_short_opt", "_match_short_opt", "_process_opts")


def hook_applies(parser: object) -> bool:
    """Whether the parser has the private names the hook needs."""
    return all(hasattr(parser, name) for name in PRIVATE_NAMES)


def short_options_first(parser: Any) -> Any:
    """The parser, made to take a registered short option as one before trying it as a long
    one; unchanged when its internals are not the ones expected."""
    if not hook_applies(parser):
        return parser
    short = parser._short_opt
    match_short = parser._match_short_opt
    long_first = parser._process_opts

    def process(arg: str, state: Any) -> None:
        if arg[:2] in short:
            match_short(arg, state)
        else:
            long_first(arg, state)

    parser._process_opts = process
    return parser
