"""The command line: parse, load, call the core, render, and map errors to exit codes.

Exit codes: 0 success; 1 `check` found an inconsistency; 2 usage errors and input that cannot
be read or understood; 141 the reader of the output went away (as with SIGPIPE).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from fairstats import __version__
from fairstats.errors import FairstatsError
from fairstats.options import (
    HELP_OPTION,
    Settings,
    baseline_option,
    format_option,
    shared_options,
    version_option,
)
from fairstats.textsafe import escape_control

if TYPE_CHECKING:
    from fairstats.model import Dataset
    from fairstats.render import RenderOptions
    from fairstats.results import Report

EXIT_INCONSISTENT = 1
EXIT_TROUBLE = 2
EXIT_CLOSED_PIPE = 141

EXIT_CODES_HELP = """\b
Exit codes:
  0    success
  1    check found an inconsistency
  2    usage error, or input that cannot be read or understood
  141  the output's reader went away before all was written"""


class _Trouble(click.ClickException):
    """A `FairstatsError` on its way out: one line on stderr, no traceback."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"fairstats: {escape_control(self.message)}", err=True)


def _short_options_first(parser: Any) -> Any:
    """Let the parser take a registered short option ("-f") as one straight away.

    click first tries every option as a long one, and building that failure (spelling
    suggestions from difflib, a translated message) costs more than the rest of a csv run.
    The parser's internals are private, so without them it is left as it is.
    """
    short = getattr(parser, "_short_opt", None)
    match_short = getattr(parser, "_match_short_opt", None)
    long_first = getattr(parser, "_process_opts", None)
    if short is None or match_short is None or long_first is None:
        return parser

    def process(arg: str, state: Any) -> None:
        if arg[:2] in short:
            match_short(arg, state)
        else:
            long_first(arg, state)

    parser._process_opts = process
    return parser


class _OwnHelpAndParser:
    """What every fairstats command shares: the help option, and short options first."""

    def get_help_option(self, ctx: click.Context) -> click.Option:
        return HELP_OPTION

    def make_parser(self, ctx: click.Context) -> Any:
        return _short_options_first(super().make_parser(ctx))  # type: ignore[misc]


class _Command(_OwnHelpAndParser, click.Command):
    pass


class _Group(_OwnHelpAndParser, click.Group):
    """The fairstats group: subcommands are built only when asked for.

    Building a command builds its options too; doing that for one command rather than seven
    is a measurable part of a run that takes a few tens of milliseconds.
    """

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.builders: dict[str, Callable[[], click.Command]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.builders})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        builder = self.builders.pop(cmd_name, None)
        if builder is not None:
            self.add_command(builder(), cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FairstatsError as error:
            raise _Trouble(str(error), error.exit_code) from None


Decorator = Callable[[Callable[..., Any]], Any]


def command(
    *examples: str, options: Sequence[Decorator] = ()
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a subcommand, built on first use, whose help ends with its examples and the
    exit codes. `options` are click decorators, listed as they would be stacked."""
    shown = "\n".join(f"  {example}" for example in examples)

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        def build() -> click.Command:
            decorated = function
            for option in reversed(options):
                decorated = option(decorated)
            epilog = f"\b\nExamples:\n{shown}\n\n{EXIT_CODES_HELP}"
            return click.command(cls=_Command, epilog=epilog)(decorated)

        cli.builders[function.__name__] = build
        return function

    return register


def _closed_pipe() -> NoReturn:
    # Point stdout at /dev/null so the interpreter's final flush cannot complain either.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_CLOSED_PIPE)


def emit(report: Report, options: RenderOptions) -> None:
    """Render a report on stdout."""
    from fairstats.render import render

    try:
        render(report, options, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe()


def load(settings: Settings) -> Dataset:
    from fairstats.dataset import load_dataset

    return load_dataset(settings.data)


def load_baseline(settings: Settings, baseline: str | None) -> Dataset | None:
    """The --baseline dataset, if one was given."""
    from fairstats.dataset import STDIN_NAME, load_dataset

    if baseline is None:
        return None
    if baseline == STDIN_NAME and settings.data == STDIN_NAME:
        raise click.BadParameter(
            "stdin can be read only once; it is already the --data", param_hint="'--baseline'"
        )
    return load_dataset(baseline)


@click.group(
    cls=_Group,
    context_settings={"max_content_width": 100, "help_option_names": ["-h", "--help"]},
    epilog=f"""\b
Examples:
  fairstats summary
  fairstats summary --format csv > dalian.csv
  fairstats breakdown --by funding --unit yi
  fairstats check --data my-fair.json

{EXIT_CODES_HELP}

\b
Every report command (summary, breakdown, share, growth, check) takes
  -d/--data, -f/--format, --unit, --decimals, --delegation,
  --formula-guard/--no-formula-guard""",
)
@version_option(__version__)
def cli() -> None:
    """Totals, shares, growth and consistency checks for investment and trade fair results.

    Every figure is shown with its basis: reported (as printed in the source), computed
    (exact arithmetic on reported figures) or implied (solved from a rounded ratio, with the
    interval that rounding allows).
    """


@command(
    "fairstats summary",
    "fairstats summary --format tsv | cut -f3-7",
    "fairstats summary --unit yi --format markdown",
    options=(shared_options,),
)
def summary(settings: Settings) -> None:
    """Every headline figure at a glance."""
    from fairstats.stats import summary_report

    dataset = load(settings)
    emit(
        summary_report(dataset, unit=settings.unit, delegation=settings.delegation),
        settings.render_options,
    )


@command(
    "fairstats breakdown",
    "fairstats breakdown --by funding --unit yi",
    "fairstats breakdown --format csv > breakdown.csv",
    options=(
        click.option(
            "--by",
            metavar="DIMENSION",
            help="Only this breakdown dimension (e.g. funding) [default: every one].",
        ),
        shared_options,
    ),
)
def breakdown(settings: Settings, by: str | None) -> None:
    """Each breakdown's categories and their shares.

    For each category: projects, investment, its shares of the delegation's totals and its
    investment per project; then the sum of the parts beside the reported total.
    """
    from fairstats.stats import breakdown_report

    dataset = load(settings)
    report = breakdown_report(dataset, by=by, unit=settings.unit, delegation=settings.delegation)
    emit(report, settings.render_options)


@command(
    "fairstats share",
    "fairstats share --unit yi",
    "fairstats share --format json | jq '.rows[] | select(.basis == \"implied\")'",
    options=(shared_options,),
)
def share(settings: Settings) -> None:
    """Every share, and the totals the shares imply.

    The categories' shares of the delegation's totals; the reported share of the region,
    with the region total (and the rest of the region) that its rounding allows.
    """
    from fairstats.stats import share_report

    dataset = load(settings)
    emit(
        share_report(dataset, unit=settings.unit, delegation=settings.delegation),
        settings.render_options,
    )


@command(
    "fairstats growth",
    "fairstats growth --baseline fair2021.json",
    "fairstats growth --format csv --decimals 3",
    options=(baseline_option, shared_options),
)
def growth(settings: Settings, baseline: str | None) -> None:
    """Growth over the previous edition.

    The reported rates, the previous edition's figures they imply (for a count, the whole
    numbers its interval allows) and, with --baseline, the growth computed from two files.
    """
    from fairstats.stats import growth_report

    dataset = load(settings)
    earlier = load_baseline(settings, baseline)
    report = growth_report(
        dataset, baseline=earlier, unit=settings.unit, delegation=settings.delegation
    )
    emit(report, settings.render_options)


@command(
    "fairstats check",
    "fairstats check --data my-fair.json --format csv",
    'fairstats check --baseline fair2021.json || echo "the figures disagree"',
    options=(baseline_option, shared_options),
)
def check(settings: Settings, baseline: str | None) -> None:
    """Audit the figures within their printed rounding.

    Exits 1 when any check finds an inconsistency, 0 when none does.
    """
    from fairstats.checks import check_report

    dataset = load(settings)
    earlier = load_baseline(settings, baseline)
    report, inconsistent = check_report(
        dataset, baseline=earlier, unit=settings.unit, delegation=settings.delegation
    )
    emit(report, settings.render_options)
    if inconsistent:
        sys.exit(EXIT_INCONSISTENT)


@command(
    "fairstats validate data/fair2022.json",
    "fairstats validate fairs/*.json --format csv",
    options=(click.argument("files", nargs=-1, required=True, metavar="FILE..."), format_option),
)
def validate(files: tuple[str, ...], output_format: str) -> None:
    """Check dataset files against the format.

    One line per problem, with the file and the JSON path (or line:column), or one line
    saying the file is valid. Exits 2 if any file is invalid, 0 otherwise.
    """
    from fairstats.dataset import validation_report

    report, all_valid = validation_report(files)
    from fairstats.render import RenderOptions

    emit(report, RenderOptions(output_format))
    if not all_valid:
        sys.exit(EXIT_TROUBLE)


@command(
    "fairstats schema > fairstats-dataset.schema.json",
    "fairstats schema | jq '.properties | keys'",
)
def schema() -> None:
    """Print the dataset format's JSON Schema."""
    from fairstats.dataset import BUNDLED_SCHEMA

    try:
        with open(BUNDLED_SCHEMA, encoding="utf-8") as schema_file:
            sys.stdout.write(schema_file.read())
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for the console script and `python -m fairstats`."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        # A narrow encoding (PYTHONIOENCODING=ascii) shows unencodable text as escapes.
        reconfigure(errors="backslashreplace")
    cli.main(args=list(argv) if argv is not None else None, prog_name="fairstats")
