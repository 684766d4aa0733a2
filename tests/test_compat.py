"""The hook on click's private parser: it applies to the installed click, changes nothing
that a plain click parser would parse, and leaves an unknown parser alone."""

from __future__ import annotations

import click
import pytest

from fairstats.cli.commands import cli
from fairstats.cli.compat import PRIVATE_NAMES, hook_applies, short_options_first
from fairstats.input.dataset import BUNDLED_DATASET
from tests.helpers import run


def _parser_of(name: str) -> object:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    return command.make_parser(click.Context(command))


def test_the_installed_click_has_what_the_hook_uses() -> None:
    parser = _parser_of("summary")
    missing = [name for name in PRIVATE_NAMES if not hasattr(parser, name)]
    assert not missing, (
        f"click {click.__version__}'s parser has no {', '.join(missing)}: fairstats.cli.compat "
        "falls back to plain click parsing; update it for this click"
    )
    assert parser._process_opts.__qualname__ == "short_options_first.<locals>.process"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "options",
    [
        ("-fcsv",),
        ("--format", "csv"),
        ("--format=csv",),
        ("-d", str(BUNDLED_DATASET), "-f", "csv"),
        ("--unit", "yi", "-f", "csv", "--unit", "billion"),
    ],
    ids=["short-joined", "long", "long-equals", "two-short", "repeated-long-last-wins"],
)
def test_every_spelling_of_an_option_parses_as_plain_click_would(
    options: tuple[str, ...],
) -> None:
    expected = run("summary", "-f", "csv")
    assert expected.exit_code == 0
    assert expected.stdout.startswith("release,section,")
    result = run("summary", *options)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout


def test_an_unknown_short_option_is_refused_as_click_refuses_it() -> None:
    result = run("summary", "-z")
    assert result.exit_code == 2
    assert "Error: No such option '-z'." in result.stderr


def test_a_parser_without_the_private_names_is_left_as_it_is() -> None:
    class Elsewhere:
        """A parser of some later click."""

    parser = Elsewhere()
    assert not hook_applies(parser)
    assert short_options_first(parser) is parser
    assert vars(parser) == {}
