"""The options every command shares, defined once and accepted after the subcommand."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from fairstats.choices import FORMATS, UNIT_NAMES
from fairstats.record import Record

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from fairstats.render import RenderOptions

F = TypeVar("F", bound=Callable[..., Any])
MIN_WIDTH = 40  # the narrowest width tables are made to fit


class Settings(Record):
    """What the shared options say, handed to each command as one typed value."""

    data: tuple[str, ...]
    format: str
    unit: str | None
    decimals: int | None
    scope: str | None
    formula_guard: bool
    width: int | None = None

    @property
    def render_options(self) -> RenderOptions:
        from fairstats.render import RenderOptions

        return RenderOptions(
            self.format, self.decimals, self.formula_guard, self.unit, width=self.width
        )


# ParamType takes type arguments in newer click only, so none are given here.
class _PathText(click.ParamType):  # type: ignore[type-arg]
    """A path as given: the loader names what is wrong with it, in its own words. Like
    click.Path, it completes file names in the shell and an environment variable holding
    several is split as PATH is; unlike it, making one looks up no translation (which would
    import `locale` on every run)."""

    name = "path"
    envvar_list_splitter = os.path.pathsep

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


PATH = _PathText()

data_option = click.option(
    "-d",
    "--data",
    metavar="PATH",
    multiple=True,
    type=PATH,
    envvar="FAIRSTATS_DATA",
    help="Dataset file, or a folder of them ('-' for stdin); repeat it for several editions "
    "[env FAIRSTATS_DATA, paths separated as in PATH; default: the bundled 2022 dataset].",
)
format_option = click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    envvar="FAIRSTATS_FORMAT",
    help="Output format [env FAIRSTATS_FORMAT].",
)
unit_option = click.option(
    "--unit",
    type=click.Choice(UNIT_NAMES),
    help="Show amounts in this multiplier of their currency (wan = 10^4, yi = 10^8, yuan = "
    "one) [default: as printed].",
)
decimals_option = click.option(
    "--decimals",
    type=click.IntRange(0, 12),
    metavar="N",
    help="Round shown numbers half-up to N decimals [default: as printed in the source; "
    "csv/tsv/json unrounded].",
)
scope_option = click.option(
    "--scope",
    "--delegation",
    "scope",
    metavar="NAME",
    help="Only this scope (a delegation, region or subset, by name or id) and what lies "
    "within it [default: every scope].",
)
formula_guard_option = click.option(
    "--formula-guard/--no-formula-guard",
    default=True,
    show_default=True,
    help="csv/tsv: prefix text cells starting with = + - @ tab or CR with ' so spreadsheets "
    "do not run them.",
)
width_option = click.option(
    "--width",
    type=click.IntRange(min=MIN_WIDTH),
    metavar="N",
    help=f"Table format: fit tables in N columns, {MIN_WIDTH} or more [default: COLUMNS, else the "
    "terminal's width; neither known (stdout not a terminal): not wrapped].",
)

# --help and --version are defined here, not taken from click: click's own look up a
# translation of their help text at start-up, which imports `locale` and costs more than
# everything fairstats does for a csv summary.


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


# One instance serves every command: a parameter holds no state of its own.
HELP_OPTION = click.Option(
    ["-h", "--help"],
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_help,
    help="Show this message and exit.",
)


def version_option(version: str) -> Callable[[F], F]:
    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(f"fairstats {version}", color=ctx.color)
            ctx.exit()

    return click.option(
        "-V",
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=show,
        help="Show the version and exit.",
    )


baseline_option = click.option(
    "--baseline",
    metavar="FILE",
    type=PATH,
    help="A dataset of an earlier edition of the same fair: shorthand for a second --data.",
)

SHARED_OPTIONS = (
    data_option,
    format_option,
    unit_option,
    decimals_option,
    scope_option,
    formula_guard_option,
    width_option,
)


def shared_options(command: F) -> F:
    """Add the shared options to a command and hand them over as one `settings` argument."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        data: tuple[str, ...],
        output_format: str,
        unit: str | None,
        decimals: int | None,
        scope: str | None,
        formula_guard: bool,
        width: int | None,
        **kwargs: Any,
    ) -> Any:
        settings = Settings(data, output_format, unit, decimals, scope, formula_guard, width)
        return command(*args, settings=settings, **kwargs)

    for option in reversed(SHARED_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
