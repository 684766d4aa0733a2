"""The options every command shares, defined once and accepted after the subcommand."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from fairstats.model.record import Record
from fairstats.output.choices import (
    BOM_FORMATS,
    CHART_FORMATS,
    COLOR_CHOICES,
    FORMATS,
    HEADERLESS_FORMATS,
    MIN_WIDTH,
    UNIT_NAMES,
)

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from fairstats.model.release import Release
    from fairstats.output.cells import RenderOptions

F = TypeVar("F", bound=Callable[..., Any])


class Settings(Record):
    """What the shared options say, handed to each command as one typed value."""

    data: tuple[str, ...]
    format: str
    unit: str | None
    decimals: int | None
    scope: str | None
    formula_guard: bool
    output: str | None
    color: str
    width: int | None
    header: bool
    bom: bool

    @property
    def render_options(self) -> RenderOptions:
        from fairstats.output.cells import RenderOptions

        return RenderOptions(
            self.format,
            self.decimals,
            self.formula_guard,
            self.unit,
            color=self.color,
            width=self.width,
            header=self.header,
            bom=self.bom,
        )


# ParamType takes type arguments in newer click only, so none are given here.
class _PathText(click.ParamType):  # type: ignore[type-arg]
    """A path as given: the loader names what is wrong with it, in its own words. Like
    click.Path, it completes file names in the shell and an environment variable holding
    several is split as PATH is; unlike it, making one looks up no translation (which would
    import `locale` on every run)."""

    name = "path"
    envvar_list_splitter = os.path.pathsep

    def split_envvar_value(self, rv: str) -> list[str]:
        """The paths, without the empty ones a doubled, leading or trailing separator gives
        (click keeps them, and "" is no file); none left is as if the variable were unset."""
        return [path for path in rv.split(os.path.pathsep) if path]

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


PATH = _PathText()


class _NamedPathText(_PathText):
    """An option's file, whose empty name is refused before anything is read or written: for
    -o it would name the current folder (the temporary file went beside it), for -d nothing
    ("fairstats: : no such file")."""

    def __init__(self, option: str, dash: str) -> None:
        self.option = option
        self.dash = dash  # what '-' means instead

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            from fairstats.model.errors import FairstatsError

            raise FairstatsError(f"{self.option}: the file name is empty ('-' is {self.dash})")
        return value


data_option = click.option(
    "-d",
    "--data",
    metavar="PATH",
    multiple=True,
    type=_NamedPathText("-d/--data", "stdin"),
    envvar="FAIRSTATS_DATA",
    help="Dataset file, or a folder of them ('-' for stdin); repeat it for several editions "
    "[env FAIRSTATS_DATA, paths separated as in PATH; default: the bundled 2022 dataset].",
)


class _EnvironmentOption(click.Option):
    """An option whose errors blame the environment variable when the value came from it:
    the user never typed `-f` when FAIRSTATS_FORMAT is wrong."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        if self.name and _from_environment(ctx, self.name):
            return f"{self.envvar} (from the environment)"
        return super().get_error_hint(ctx)


def _from_environment(ctx: click.Context | None, name: str) -> bool:
    """Whether the command's parameter `name` took its value from an environment variable."""
    from click.core import ParameterSource

    return ctx is not None and ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT


format_option = click.option(
    "-f",
    "--format",
    "output_format",
    cls=_EnvironmentOption,
    type=click.Choice(FORMATS, case_sensitive=False),
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
    "csv/tsv/json/jsonl unrounded].",
)


def _loaded_for_completion(ctx: click.Context) -> list[Release]:
    """The releases the command line names so far (the bundled one by default; stdin is
    skipped); none when they cannot be read, since completion must never fail loudly."""
    from fairstats.input.dataset import load_bundled, load_release
    from fairstats.input.jsonfile import STDIN_NAME
    from fairstats.model.errors import FairstatsError
    from fairstats.model.series import list_data_paths

    # stdin is the terminal while one completes: reading it would hang the shell
    paths = [path for path in ctx.params.get("data") or () if path != STDIN_NAME]
    try:
        if paths:
            return [load_release(file) for file in list_data_paths(paths)]
        return [load_bundled()]
    except (FairstatsError, OSError):
        return []


def complete_scopes(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Scope ids of the loaded releases whose id or name starts as typed (in any case), each
    with its name as help."""
    from click.shell_completion import CompletionItem

    typed = incomplete.casefold()
    found = {
        scope.id: scope.name
        for release in _loaded_for_completion(ctx)
        for scope in release.scopes.values()
        if scope.id.casefold().startswith(typed) or scope.name.casefold().startswith(typed)
    }
    return [CompletionItem(id, help=name) for id, name in sorted(found.items())]


def complete_dimensions(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Dimension ids of the loaded releases (for --by), each with its name as help."""
    from click.shell_completion import CompletionItem

    found = {
        dimension.id: dimension.name
        for release in _loaded_for_completion(ctx)
        for dimension in release.dimensions
        if dimension.id.startswith(incomplete)
    }
    return [CompletionItem(id, help=name) for id, name in sorted(found.items())]


scope_option = click.option(
    "--scope",
    "--delegation",
    "scope",
    metavar="NAME",
    shell_complete=complete_scopes,
    help="Only this scope (a delegation, region or subset, by name or id) and what lies "
    "within it [default: every scope].",
)
formula_guard_option = click.option(
    "--formula-guard/--no-formula-guard",
    default=True,
    show_default=True,
    help="csv/tsv: prefix text cells starting with = + - @ tab or CR with ' so spreadsheets "
    "do not run them (xlsx: mark them as quoted text).",
)

output_option = click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=_NamedPathText("-o/--output", "stdout"),
    help="Write to FILE instead of standard output ('-' for standard output). FILE is "
    "replaced only once everything is written: a failed run leaves it as it was.",
)
color_option = click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour in tables: auto follows NO_COLOR, FORCE_COLOR, TERM=dumb and whether the "
    "output is a terminal; always and never override them.",
)
width_option = click.option(
    "--width",
    type=click.IntRange(min=MIN_WIDTH),
    metavar="N",
    help=f"Table format: fit tables in N columns, {MIN_WIDTH} or more [default: COLUMNS, else the "
    "terminal's width; neither known (stdout not a terminal): not wrapped].",
)
no_header_option = click.option(
    "--no-header",
    is_flag=True,
    help="csv, tsv: leave out the header row, to append runs to one file (jsonl has none; "
    "other formats refuse it).",
)
bom_option = click.option(
    "--bom",
    is_flag=True,
    help="csv, tsv: start with a UTF-8 byte-order mark, so that Excel reads Chinese text right "
    "(other formats refuse it).",
)
# What only the bytes of csv and tsv can honour; validate takes them too.
STREAM_OPTIONS = (no_header_option, bom_option)


def check_stream_options(output_format: str, *, no_header: bool, bom: bool) -> None:
    """Refuse --no-header or --bom with a format they do not apply to, before anything is read.
    Refused, not ignored: a json document where a script appends csv rows, or a workbook
    believed to carry a byte-order mark, would show only later, and elsewhere."""
    from fairstats.model.errors import FairstatsError

    for given, option, formats in (
        (no_header, "--no-header", HEADERLESS_FORMATS),
        (bom, "--bom", BOM_FORMATS),
    ):
        if given and output_format not in formats:
            *first, last = formats
            ctx = click.get_current_context(silent=True)
            whence = " (from FAIRSTATS_FORMAT)" if _from_environment(ctx, "output_format") else ""
            raise FairstatsError(
                f"{option} applies to {', '.join(first)} and {last}, not to {output_format}{whence}"
            )


# --help and --version are defined here, not taken from click: click's own look up a
# translation of their help text at start-up, which imports `locale` and costs more than
# everything fairstats does for a csv summary.


def _write(text: str) -> None:
    from fairstats.output.streams import stdout_sink

    with stdout_sink() as sink:
        sink.write(text + "\n")


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        _write(ctx.get_help())
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
            _write(f"fairstats {version}")
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
    type=_NamedPathText("--baseline", "stdin"),
    help="A dataset of an earlier edition of the same fair: shorthand for a second --data.",
)

SHARED_OPTIONS = (
    data_option,
    format_option,
    unit_option,
    decimals_option,
    scope_option,
    formula_guard_option,
    output_option,
    color_option,
    width_option,
    *STREAM_OPTIONS,
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
        output: str | None,
        color: str,
        width: int | None,
        no_header: bool,
        bom: bool,
        **kwargs: Any,
    ) -> Any:
        check_stream_options(output_format, no_header=no_header, bom=bom)
        settings = Settings(
            data=data,
            format=output_format,
            unit=unit,
            decimals=decimals,
            scope=scope,
            formula_guard=formula_guard,
            output=output,
            color=color,
            width=width,
            header=not no_header,
            bom=bom,
        )
        return command(*args, settings=settings, **kwargs)

    for option in reversed(SHARED_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


TEXT_CHART = "text"


def chart_format(output: str | None) -> str:
    """The image format `-o FILE` names by its suffix, or text on standard output without
    -o (or with `-o -`); any other suffix is a usage error, said before any data is read."""
    from fairstats.model.errors import FairstatsError

    if output is None or output == "-":
        return TEXT_CHART
    suffix = output.rpartition(".")[2].lower() if "." in output else ""
    if suffix not in CHART_FORMATS:
        names = " or ".join(f".{name}" for name in CHART_FORMATS)
        raise FairstatsError(
            f"chart: -o FILE must end in {names} (got {output!r}); without -o, a chart in text"
        )
    return suffix


# A chart takes the data options of the reports, an image file, and the options of a table
# for a chart in the terminal; it has no format to choose, and no csv to guard.
CHART_OPTIONS = (
    data_option,
    unit_option,
    decimals_option,
    scope_option,
    output_option,
    color_option,
    width_option,
)


def chart_options(command: F) -> F:
    """Add a chart's options to a command and hand them over as one `settings` argument,
    its format the one `-o` names."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        data: tuple[str, ...],
        unit: str | None,
        decimals: int | None,
        scope: str | None,
        output: str | None,
        color: str,
        width: int | None,
        **kwargs: Any,
    ) -> Any:
        settings = Settings(
            data=data,
            format=chart_format(output),
            unit=unit,
            decimals=decimals,
            scope=scope,
            formula_guard=True,
            output=output,
            color=color,
            width=width,
            header=True,
            bom=False,
        )
        return command(*args, settings=settings, **kwargs)

    for option in reversed(CHART_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
