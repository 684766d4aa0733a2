"""The command line: parse, load, call the core, render, and map errors to exit codes.

Exit codes: 0 success; 1 `check` found an inconsistency; 2 usage errors and input that cannot
be read or understood; 74 the output could not be written; 130 interrupted; 141 the reader of
the output went away (as with SIGPIPE).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

import click

from fairstats import __version__
from fairstats.cli.compat import short_options_first
from fairstats.cli.options import (
    HELP_OPTION,
    PATH,
    STREAM_OPTIONS,
    Settings,
    baseline_option,
    chart_options,
    check_stream_options,
    color_option,
    complete_dimensions,
    format_option,
    output_option,
    shared_options,
    version_option,
    width_option,
)
from fairstats.model.errors import DataWarning, FairstatsError
from fairstats.model.textsafe import escape_control
from fairstats.output.choices import CHART_KINDS
from fairstats.output.streams import (
    EXIT_CLOSED_PIPE,
    EXIT_WRITE_FAILED,
    OutputError,
    discard,
    discard_stdout,
    output,
)

__all__ = ["cli", "main"]

if TYPE_CHECKING:
    from fairstats.engine.audit import Audit
    from fairstats.model.results import Report
    from fairstats.model.series import Series
    from fairstats.output.cells import RenderOptions

EXIT_INCONSISTENT = 1
EXIT_TROUBLE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it

# What each exit status means, and which commands can give it.
EXIT_CODES: tuple[tuple[str, str, set[str] | None], ...] = (
    ("0", "success", None),
    ("1", "check found an inconsistency", {"check"}),
    ("2", "usage error, or input that cannot be read or understood", None),
    ("74", "the output could not be written (a full disk, a closed stream, -o FILE)", None),
    ("130", "interrupted", set()),
    ("141", "the output's reader went away before all was written", None),
)


def exit_codes_help(command: str | None = None) -> str:
    """The exit codes a command can give (all of them for the group), for its --help."""
    lines = [
        f"  {code:<5}{meaning}"
        for code, meaning, only in EXIT_CODES
        if command is None or only is None or command in only
    ]
    return "\b\nExit codes:\n" + "\n".join(lines)


def _warn(warning: DataWarning) -> None:
    """A warning: one line on stderr, the exit status unchanged."""
    _say(f"warning: {warning}")


def _say(line: str) -> None:
    """One line on stderr, if stderr can take it: a failing stderr must not change the exit
    status, and there is nowhere else to tell."""
    try:
        # sys.stderr itself, which writes what its encoding lacks as backslash escapes: click's
        # default would take an ASCII stderr for a mistake and write UTF-8 bytes to it.
        click.echo(f"fairstats: {escape_control(line)}", file=sys.stderr)
    except (OSError, ValueError, AttributeError):  # full, closed or absent
        discard(sys.stderr)


class _Trouble(click.ClickException):
    """A `FairstatsError` on its way out: one line on stderr, no traceback."""

    exit_code = EXIT_TROUBLE

    def show(self, file: Any = None) -> None:
        _say(self.message)


class _WriteFailed(click.ClickException):
    """Output that could not be written: one line, and its own exit status."""

    exit_code = EXIT_WRITE_FAILED

    def show(self, file: Any = None) -> None:
        discard_stdout()
        _say(self.message)


class _ClosedPipe(click.ClickException):
    """The output's reader went away: nothing to say, as with SIGPIPE."""

    exit_code = EXIT_CLOSED_PIPE

    def show(self, file: Any = None) -> None:
        discard_stdout()


def _output_failed(error: OutputError) -> click.ClickException:
    if error.exit_code == EXIT_CLOSED_PIPE:
        return _ClosedPipe("")
    return _WriteFailed(error.message or "cannot write the output")


class _OwnHelpAndParser:
    """What every fairstats command shares: the help option, and short options first."""

    def get_help_option(self, ctx: click.Context) -> click.Option:
        return HELP_OPTION

    def make_parser(self, ctx: click.Context) -> Any:
        return short_options_first(super().make_parser(ctx))  # type: ignore[misc]


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
            raise _Trouble(str(error)) from None
        except OutputError as error:
            raise _output_failed(error) from None


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
            epilog = f"\b\nExamples:\n{shown}\n\n{exit_codes_help(function.__name__)}"
            return click.command(cls=_Command, epilog=epilog)(decorated)

        cli.builders[function.__name__] = build
        return function

    return register


def emit(report: Report, options: RenderOptions, destination: str | None = None) -> None:
    """Render a report on stdout, or into the file `-o` names; a binary format (xlsx) never
    goes to a terminal."""
    from fairstats.output.render import BINARY_RENDERERS, render

    binary = BINARY_RENDERERS.get(options.format)
    # --bom: the byte-order mark says UTF-8, so the whole output is UTF-8, whatever the
    # encoding of stdout (PYTHONIOENCODING); the encoder writes the mark once, first.
    with output(destination, "utf-8-sig" if options.bom else None) as sink:
        # a Sink does all a renderer (and rich) asks of a stream, and never drops bytes
        if binary is None:
            render(report, options, cast("TextIO", sink))
        elif sink.isatty():
            where = "stdout" if destination in (None, "-") else destination
            raise _Trouble(
                f"{options.format} is binary and {where} is a terminal: "
                f"redirect it (> report.{options.format}) or use -o FILE"
            )
        else:
            binary(report, options, cast("BinaryIO", sink.bytes()))


def write_json(text: str, destination: str | None = None) -> None:
    """JSON text on stdout (or into a file); escaped as JSON where the output cannot encode a
    character."""
    from fairstats.model.textsafe import ascii_json

    with output(destination) as sink:
        if not sink.encoding.lower().replace("-", "").startswith("utf"):
            text = ascii_json(text)
        sink.write(text)


def refuse_output_over_input(output: str | None, inputs: dict[str, str]) -> None:
    """Refuse an -o FILE that is one of the files read (`inputs`, each path with the name to
    call it; `-` is stdin), by whatever name (a link, another spelling, another hard link), as
    cp refuses to copy a file onto itself: the output would replace the input."""
    import os
    import stat

    from fairstats.input.jsonfile import STDIN_NAME

    if output is None or output == "-":
        return
    try:
        written = os.stat(output)
    except OSError:  # not there yet, so not an input
        return
    if not stat.S_ISREG(written.st_mode):  # a terminal or a pipe is written, never replaced
        return
    for path, shown in inputs.items():
        try:
            read = os.fstat(0) if path == STDIN_NAME else os.stat(path)
        except OSError:  # stdin closed, or a file the loader will say is missing
            continue
        if os.path.samestat(read, written):
            raise FairstatsError(f"-o {output} is {shown}: the output would replace it")


def _input_name(path: str) -> str:
    from fairstats.input.jsonfile import STDIN_NAME

    return "standard input" if path == STDIN_NAME else f"the input {path}"


def load(settings: Settings, baseline: str | None = None) -> Series:
    """The releases the options name (the bundled one by default), with the baseline's."""
    from fairstats.input import dataset
    from fairstats.input.jsonfile import STDIN_NAME
    from fairstats.model.series import list_data_paths

    paths = list(settings.data)
    if baseline == STDIN_NAME and STDIN_NAME in paths:
        raise click.BadParameter(
            "stdin can be read only once; it is already the --data", param_hint="'--baseline'"
        )
    if sum(path == STDIN_NAME for path in paths) > 1:
        raise click.BadParameter("stdin can be read only once", param_hint="'--data'")
    if paths:
        inputs = {file: _input_name(file) for file in list_data_paths(paths)}
    else:
        inputs = {dataset.BUNDLED_DATASET: dataset.bundled_name()}
    if baseline is not None:
        inputs[baseline] = _input_name(baseline)
    refuse_output_over_input(settings.output, inputs)
    series = dataset.load_series(paths, baseline)
    for warning in series.warnings:
        _warn(warning)
    for release in series.releases:
        if release.reviews:
            # a draft's guesses are read as reported statements: never silently
            count = len(release.reviews)
            _say(
                f"warning: {release.file}: {count} guess{'es' if count > 1 else ''} still to "
                f"review, read as printed (fairstats validate {release.file} lists them)"
            )
    return series


def audit_of(series: Series) -> Audit:
    from fairstats.engine.audit import Audit

    return Audit(series)


@click.group(
    cls=_Group,
    context_settings={"max_content_width": 100, "help_option_names": ["-h", "--help"]},
    epilog=f"""\b
Examples:
  fairstats summary
  fairstats summary --format csv > dalian.csv
  fairstats check -d data/releases/
  fairstats growth -d ciie-2020.json -d ciie-2021.json --unit billion

{exit_codes_help()}

\b
Every report command (summary, breakdown, share, growth, check) takes
  -d/--data, -f/--format, -o/--output, --unit, --decimals, --scope,
  --color, --formula-guard/--no-formula-guard, --width, --no-header, --bom; chart takes
  -d/--data, -o/--output (FILE.svg or FILE.png), --unit, --decimals, --scope,
  --color, --width""",
)
@version_option(__version__)
def cli() -> None:
    """Totals, shares, growth and consistency checks for investment and trade fair results.

    Every figure is shown with its basis: reported (as printed in the source), computed
    (exact arithmetic on reported figures) or implied (solved from rounded figures, with the
    interval that rounding allows).
    """


@command(
    "fairstats summary",
    "fairstats summary --format tsv | cut -f3-8",
    "fairstats summary -f jsonl | jq -c 'select(.measure_id == \"investment\")'",
    "fairstats summary -d data/releases/cifit-2025-fujian.json --unit billion",
    options=(shared_options,),
)
def summary(settings: Settings) -> None:
    """Every printed figure and stated relation at a glance, scope by scope."""
    from fairstats.reports.summary import summary_report

    emit(
        summary_report(load(settings), scope=settings.scope),
        settings.render_options,
        settings.output,
    )


@command(
    "fairstats breakdown",
    "fairstats breakdown --by funding --unit yi",
    "fairstats breakdown --format csv --bom -o breakdown.csv",
    options=(
        click.option(
            "--by",
            metavar="DIMENSION",
            shell_complete=complete_dimensions,
            help="Only this breakdown dimension, by id (e.g. funding) [default: every one].",
        ),
        shared_options,
    ),
)
def breakdown(settings: Settings, by: str | None) -> None:
    """Each breakdown's categories and their shares.

    For each category and measure: the figure, its share of the reported total and, for an
    amount, its average per counted thing; then the sum of the parts beside the reported
    total (and, for a breakdown that lists only some categories, the rest).
    """
    from fairstats.reports.breakdown import breakdown_report

    report = breakdown_report(load(settings), by=by, scope=settings.scope)
    if settings.format == "html":
        report.charts.append(("breakdown", report))
    emit(report, settings.render_options, settings.output)


@command(
    "fairstats share",
    "fairstats share --unit yi",
    "fairstats share --format json | jq '.rows[] | select(.basis == \"implied\")'",
    "fairstats share -d data/releases/ -f jsonl > shares.jsonl",
    options=(shared_options,),
)
def share(settings: Settings) -> None:
    """Every share, and the totals the shares imply.

    Each scope's share of the one it lies within, computed from the printed figures; each
    share the release states, with the total (and the rest of it) that its rounding allows.
    """
    from fairstats.reports.share import share_report

    series = load(settings)
    report = share_report(series, audit_of(series), scope=settings.scope)
    if settings.format == "html":
        report.charts.append(("shares", report))
    emit(report, settings.render_options, settings.output)


@command(
    "fairstats growth",
    "fairstats growth --baseline fair2021.json",
    "fairstats growth -d data/releases/ --format csv --decimals 3",
    "fairstats growth -d ciie-2021.json -f csv --no-header >> growth.csv",
    options=(baseline_option, shared_options),
)
def growth(settings: Settings, baseline: str | None) -> None:
    """Growth over earlier editions.

    The reported rates, the earlier figures they imply (for a count, the whole numbers its
    interval allows) or meet, and the growth computed between consecutive loaded editions of
    each fair.
    """
    from fairstats.reports.growth import growth_report
    from fairstats.reports.series import series_report

    series = load(settings, baseline)
    audit = audit_of(series)
    report = growth_report(series, audit, scope=settings.scope)
    if settings.format == "html" and series.consecutive():
        # the editions loaded, as `chart series` draws them
        report.charts.append(("series", series_report(series, audit, scope=settings.scope)))
    emit(report, settings.render_options, settings.output)


@command(
    "fairstats check",
    "fairstats check --data my-fair.json --format csv",
    'fairstats check -d data/releases/ || echo "the figures disagree"',
    "fairstats check -d data/releases/ -f jsonl | jq -c 'select(.verdict == \"inconsistent\")'",
    options=(baseline_option, shared_options),
)
def check(settings: Settings, baseline: str | None) -> None:
    """Audit every figure and relation within their printed rounding.

    All statements of all loaded releases are solved together. Exits 1 when any statement
    is inconsistent, 0 when none is.
    """
    from fairstats.reports.check import check_report

    series = load(settings, baseline)
    report, inconsistent = check_report(series, audit_of(series), scope=settings.scope)
    emit(report, settings.render_options, settings.output)
    if inconsistent:
        sys.exit(EXIT_INCONSISTENT)


@command(
    "fairstats chart series -d data/releases/ --scope ciie --measure deals -o ciie.svg",
    "fairstats chart breakdown --by funding --unit yi -o breakdown.png",
    "fairstats chart shares -o shares.svg",
    "fairstats chart breakdown --by funding",
    options=(
        click.argument("kind", type=click.Choice(CHART_KINDS), metavar="series|breakdown|shares"),
        click.option(
            "--measure",
            "measures",
            metavar="ID",
            multiple=True,
            help="series: only this measure, by id (e.g. deals); repeat it for several "
            "[default: every one].",
        ),
        click.option(
            "--by",
            metavar="DIMENSION",
            shell_complete=complete_dimensions,
            help="breakdown: only this dimension, by id (e.g. funding) [default: every one].",
        ),
        chart_options,
    ),
)
def chart(settings: Settings, kind: str, measures: tuple[str, ...], by: str | None) -> None:
    """Draw a report as a chart, in SVG or PNG as -o FILE's suffix says; without -o, as
    bars of block characters on standard output.

    \b
    series     each measure edition by edition: figures as points, implied ones
               as their intervals, figures printed only as bounds as arrows
    breakdown  each breakdown's categories as bars, with their shares
    shares     each whole's shares as bars, with the intervals their rounding allows

    The numbers are the reports' own: those of growth, breakdown, share and check.
    For series, --scope names the one scope drawn [default: each fair's outermost].
    """
    from fairstats.cli.options import TEXT_CHART
    from fairstats.output.chart import MISSING_GLYPHS, chart, require_matplotlib, text_chart

    if settings.format != TEXT_CHART:
        require_matplotlib()
    if measures and kind != "series":
        raise FairstatsError("chart: --measure is for chart series")
    if by is not None and kind != "breakdown":
        raise FairstatsError("chart: --by is for chart breakdown")
    series = load(settings)
    if kind == "series":
        from fairstats.reports.series import series_report

        report = series_report(series, audit_of(series), measures=measures, scope=settings.scope)
    elif kind == "breakdown":
        from fairstats.reports.breakdown import breakdown_report

        report = breakdown_report(series, by=by, scope=settings.scope)
    else:
        from fairstats.reports.share import share_report

        report = share_report(series, audit_of(series), scope=settings.scope)
    if settings.format == TEXT_CHART:
        with output(settings.output) as sink:
            text_chart(report, kind, settings.render_options, cast("TextIO", sink))
        return
    image, missing = chart(report, kind, settings.render_options, settings.format)
    if missing and settings.format == "png":
        _say(f"warning: {MISSING_GLYPHS}")
    with output(settings.output) as sink:
        sink.write_bytes(image)


@command(
    "fairstats validate data/fair2022.json",
    "fairstats validate fairs/*.json --format csv",
    "fairstats validate new.json -f csv --no-header >> problems.csv",
    options=(
        click.argument("files", nargs=-1, required=True, metavar="FILE...", type=PATH),
        format_option,
        output_option,
        color_option,
        width_option,
        *STREAM_OPTIONS,
    ),
)
def validate(
    files: tuple[str, ...],
    *,
    output_format: str,
    output: str | None,
    color: str,
    width: int | None,
    no_header: bool,
    bom: bool,
) -> None:
    """Check dataset files against the format.

    One line per problem, with the file and the JSON path (or line:column), or one line
    saying the file is valid. Exits 2 if any file is invalid, 0 otherwise.
    """
    from fairstats.input.dataset import validation_report
    from fairstats.input.jsonfile import STDIN_NAME
    from fairstats.model.series import list_data_paths
    from fairstats.output.cells import RenderOptions

    check_stream_options(output_format, no_header=no_header, bom=bom)
    if files.count(STDIN_NAME) > 1:
        raise click.BadParameter("stdin can be read only once", param_hint="'FILE...'")
    refuse_output_over_input(output, {file: _input_name(file) for file in list_data_paths(files)})
    report, all_valid = validation_report(files)
    options = RenderOptions(output_format, color=color, width=width, header=not no_header, bom=bom)
    emit(report, options, output)
    if not all_valid:
        sys.exit(EXIT_TROUBLE)


@command(
    "fairstats schema > fairstats-dataset.schema.json",
    "fairstats schema | jq '.properties | keys'",
    options=(output_option,),
)
def schema(output: str | None) -> None:
    """Print the dataset format's JSON Schema (version 2)."""
    from fairstats.input.dataset import BUNDLED_SCHEMA

    with open(BUNDLED_SCHEMA, encoding="utf-8") as schema_file:
        write_json(schema_file.read(), output)


@command(
    "fairstats upgrade old.json > new.json",
    "fairstats upgrade old.json -o old.json",
    options=(click.argument("file", metavar="FILE", type=PATH), output_option),
)
def upgrade(file: str, output: str | None) -> None:
    """Write a version 1 dataset file as version 2, on stdout.

    Version 1 files also load as they are; this gives the version 2 file to edit. What
    version 1 does not say (the fair id, the ordinal, whether a breakdown is complete, whether
    a time of day was printed) it chooses, and says so on stderr, one line each.
    """
    from fairstats.input.legacy import upgrade_file

    refuse_output_over_input(output, {file: _input_name(file)})
    text, choices = upgrade_file(file)
    write_json(text, output)
    for choice in choices:
        _warn(choice)


@command(
    "fairstats draft release.txt -o release.json",
    "pbpaste | fairstats draft - > release.json",
    "fairstats draft release.txt -o release.json && fairstats validate release.json",
    "fairstats draft release.txt -o release.json && fairstats check -d release.json",
    options=(click.argument("text", metavar="TEXT", type=PATH), output_option),
)
def draft(text: str, output: str | None) -> None:
    """Draft a version 2 dataset from a release's text: UTF-8 text, or an HTML page saved
    from a browser, read as its title and the text of its body ('-' for standard input).

    Every number the text prints becomes a figure, or the share, growth or average its
    words state, with its value, multiplier, currency and qualifier as printed, its sentence
    and its place in the text. Parts of a total, records and ranks are drafted too. Which
    scope, measure, whole or base each is about is a guess, marked "review" in the file:
    validate lists them, every command warns of them. The draft loads as it is.
    """
    from fairstats.input import jsonfile
    from fairstats.input.drafting import draft as draft_of
    from fairstats.input.jsonwrite import version_2_text
    from fairstats.input.sourcetext import named_from

    refuse_output_over_input(output, {text: _input_name(text)})
    document = draft_of(jsonfile.decode(text, jsonfile.read_bytes(text)), named_from(text, output))
    write_json(version_2_text(document, ""), output)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for the console script and `python -m fairstats`."""
    # What a run builds lives until it exits and holds almost no cycles, so the cyclic
    # collector would only walk a growing heap again and again: on a large file it took
    # about 40% of the run.
    gc.disable()
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        # A narrow encoding (PYTHONIOENCODING=ascii) shows unencodable text as escapes.
        reconfigure(errors="backslashreplace")
    # Not click's standalone mode: it turns a closed pipe into exit 1, "inconsistent" here.
    try:
        returned = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="fairstats",
            standalone_mode=False,
        )
        code = returned if isinstance(returned, int) else 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 0
    except click.ClickException as error:
        try:
            error.show(sys.stderr)  # as _say writes: escapes for what stderr cannot encode
        except (OSError, ValueError, AttributeError):  # stderr fails too: the status tells
            discard(sys.stderr)
        code = error.exit_code
    except OutputError as error:  # --help or --version could not be written
        failed = _output_failed(error)
        failed.show()
        code = failed.exit_code
    except click.Abort:  # Ctrl-C: click has closed the line the terminal echoed ^C on
        code = EXIT_INTERRUPTED
    sys.exit(_flushed(code))


def _flushed(code: int) -> int:
    """The exit status once stdout is flushed: a write that fails at the end still wins over
    check's 1, and never leaves a 0 for output cut short."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
        return EXIT_CLOSED_PIPE
    except (OSError, ValueError) as error:
        discard_stdout()
        _say(f"standard output: cannot write: {getattr(error, 'strerror', None) or error}")
        return EXIT_WRITE_FAILED
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        discard(sys.stderr)
    return code
