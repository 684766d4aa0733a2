"""Charts of a report: a series by edition, a breakdown as bars, shares of a whole; SVG or PNG,
or bars of block characters in a terminal.

The numbers are the report's, as every other renderer gets them: this module draws, it never
computes. Each mark's label is the text the table format gives the same cell (through
`render`'s number formatting, so `--unit` and `--decimals` reach it). Binary floats only place
marks on the page; no number a chart prints passes through one.

matplotlib is imported here, inside the functions that draw, and only on the chart path. It
draws on a bare `Figure` (the Agg canvas for PNG, the SVG one for SVG): never pyplot, never a
display. Its settings are its defaults plus ours, whatever a matplotlibrc says, so that one
report gives the same bytes on every run (fixed hash salt, no dates, no version strings).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from fairstats.model.record import Record
from fairstats.model.results import Basis, Cell, Kind, Phrase, Quantity, Report
from fairstats.model.rounding import UNIT_EXPONENTS, unit_label
from fairstats.model.textsafe import clip, escape_control
from fairstats.output.cells import (
    RenderOptions,
    blocks,
    human_cell,
    human_interval,
    in_unit,
    phrase_text,
)
from fairstats.output.terminal import colour_settings, print_text, table_width

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# Fonts with the glyphs of Chinese names, in the order tried after DejaVu Sans (matplotlib's
# own font, which has no CJK glyphs): Noto Sans CJK SC is Debian's fonts-noto-cjk, the
# docs/charts.md's choice; the others are what Windows, macOS and other Linux systems commonly have.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
)
# Their files' names, to find one installed after matplotlib cached its list of fonts.
CJK_FILES = ("NotoSansCJK", "SourceHanSans", "wqy-zenhei", "msyh", "PingFang")
BASE_FONT = "DejaVu Sans"
# Han, kana, hangul, CJK punctuation and full-width forms: what DejaVu Sans lacks
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
MISSING_GLYPHS = (
    "no installed font has glyphs for some names, which the PNG shows as boxes: install "
    "Debian's fonts-noto-cjk (or another CJK font), or write SVG"
)

# Layout, in inches: every position is fixed, never fitted to the text, so a chart's layout
# does not depend on which fonts a machine has (an SVG keeps its text as text, and the viewer
# picks the font).
WIDTH = 9.0
TOP = 1.0  # the report's title
BOTTOM = 0.3
GAP = 0.9  # between panels: a panel's title and the axis labels of the one above
SERIES_HEIGHT = 3.0
BAR_HEIGHT = 0.42
BAR_PANEL_EXTRA = 0.4
MARGIN = 0.01  # the figure's own left margin, where titles start
TITLE_WIDTH = 110  # characters of a panel's title in a line, a wide one counting as two
LEFT = {"series": 0.1, "bars": 0.36}  # fractions of the width: bars carry their names
RIGHT = {"series": 0.96, "bars": 0.86}  # bars: room for a label past a bar's end
DPI = 100
MAX_PLACES = 100  # bars (or editions) in one panel: past that, no label can be read
MAX_HEIGHT = 500.0  # inches of panels: Agg draws at most 2^16 pixels a side, 655 inches here

SERIES_KEY = (
    "● as printed    ◇ implied: the interval all the statements allow    "
    "△ ▽ printed only as a bound (more than, at least; less than, up to)"
)
REPORTED = "#1f5fa8"
IMPLIED = "#c77700"
BOUND = "#555555"
REST = "#9aa5b1"
UP = ("more_than", "at_least")
DOWN = ("less_than", "up_to")


class Mark(Record):
    """One figure to draw: where it goes (an edition, a category), the figure, its label."""

    place: str
    quantity: Quantity
    label: str


class Panel(Record):
    """One set of axes: its title, the unit of its numbers, and its marks in order."""

    title: str
    unit: str
    marks: tuple[Mark, ...]
    percent: bool = False  # shares: an axis from 0 to 100
    rest: tuple[str, ...] = ()  # places that are a remainder, not a listed part
    places: tuple[str, ...] = ()  # every place along the axis, marked or not, in order


# Panels from a report --------------------------------------------------------------------


def _text(cell: Cell, options: RenderOptions) -> str:
    """A cell as text a chart can hold: a dataset's control characters shown escaped."""
    if isinstance(cell, Phrase):
        return escape_control(phrase_text(cell, options))
    return escape_control("" if cell is None or isinstance(cell, Quantity) else str(cell))


def _label(quantity: Quantity, options: RenderOptions) -> str:
    """The figure as the table shows it: as printed ("more than 3,600"), or the interval of
    an implied figure; a percentage with its sign."""
    text = human_cell(quantity, "value", options)
    if quantity.basis == Basis.IMPLIED and quantity.interval is not None:
        interval = human_interval(quantity, quantity.interval, options.decimals)
        text = f"{text} {interval}" if text else interval
    return f"{text}%" if text and quantity.kind == Kind.PERCENT else text


def _common_unit(quantities: list[Quantity], options: RenderOptions) -> RenderOptions:
    """Options that put every amount of a panel in one multiplier: the one asked for, else
    the first figure's (CIIE prints 亿 one year and billions the next)."""
    if options.unit is not None:
        return options
    names = {scale: name for name, scale in UNIT_EXPONENTS.items()}
    amounts = [q for q in quantities if q.kind == Kind.AMOUNT]
    if not amounts or amounts[0].unit.scale not in names:
        return options
    return RenderOptions(options.format, options.decimals, unit=names[amounts[0].unit.scale])


def _unit_of(quantity: Quantity) -> str:
    amount = quantity.kind in (Kind.AMOUNT, Kind.RATE)
    return unit_label(quantity.unit.code, quantity.unit.scale, amount=amount)


def _panel(
    title: str,
    places: list[tuple[str, Quantity]],
    options: RenderOptions,
    *,
    percent: bool = False,
    rest: tuple[str, ...] = (),
    along: tuple[str, ...] = (),
    suffix: Callable[[int], str] = lambda _index: "",
) -> Panel:
    shown = _common_unit([quantity for _place, quantity in places], options)
    moved = [(place, in_unit(quantity, shown)) for place, quantity in places]
    marks = tuple(
        Mark(place=place, quantity=quantity, label=_label(quantity, shown) + suffix(index))
        for index, (place, quantity) in enumerate(moved)
    )
    unit = "" if percent or not moved else _unit_of(moved[0][1])
    return Panel(
        title=title,
        unit=unit,
        marks=marks,
        percent=percent,
        rest=rest,
        places=along or tuple(place for place, _quantity in places),
    )


def _grouped(
    report: Report, keep: Callable[[dict[str, Cell]], bool], key: Callable[[dict[str, Cell]], str]
) -> Iterator[tuple[str, list[dict[str, Cell]]]]:
    """The rows `keep` takes, in groups of one `key` each, in the report's order."""
    groups: dict[str, list[dict[str, Cell]]] = {}
    for section in report.sections:
        for row in section.rows:
            if keep(row):
                groups.setdefault(key(row), []).append(row)
    yield from groups.items()


def series_panels(report: Report, options: RenderOptions) -> list[Panel]:
    """A `series_report`: one panel for each scope and measure, its editions along x."""
    panels = []
    for section in report.sections:
        measures: dict[str, list[tuple[str, Quantity]]] = {}
        for row in section.rows:
            value = row["value"]
            if isinstance(value, Quantity):
                name = _text(row["measure"], options)
                measures.setdefault(name, []).append((_text(row["edition"], options), value))
        # every panel of a scope along the same editions, so that a year lines up with itself
        editions = tuple(
            dict.fromkeys(
                _text(row["edition"], options) for row in sorted(section.rows, key=_edition_order)
            )
        )
        for measure, places in measures.items():
            title = f"{_text(section.title, options)}: {measure}"
            panels.append(_panel(title, places, options, along=editions))
    return panels


def _edition_order(row: dict[str, Cell]) -> tuple[int, int]:
    year, ordinal = row["year"], row["ordinal"]
    return (
        year if isinstance(year, int) else -1,
        ordinal if isinstance(ordinal, int) else 0,
    )


def breakdown_panels(report: Report, options: RenderOptions) -> list[Panel]:
    """A `breakdown_report`: one panel for each breakdown and measure, a bar for each
    category (and for what the release does not list), labelled with its share."""
    panels = []
    for section in report.sections:
        measures: dict[str, list[dict[str, Cell]]] = {}
        for row in section.rows:
            if row["row_type"] in ("category", "not_listed"):
                measures.setdefault(_text(row["measure"], options), []).append(row)
        for measure, rows in measures.items():
            places = [
                (_text(row["category"], options), row["value"])
                for row in rows
                if isinstance(row["value"], Quantity)
            ]
            shares = [row["share_percent"] for row in rows if isinstance(row["value"], Quantity)]

            def share_of(index: int, shares: list[Cell] = shares) -> str:
                share = shares[index]
                if not isinstance(share, Quantity) or share.value is None:
                    return ""
                return f" ({_label(share, options)})"

            rest = tuple(
                _text(row["category"], options) for row in rows if row["row_type"] == "not_listed"
            )
            title = f"{_text(section.title, options)}: {measure}"
            panels.append(_panel(title, places, options, rest=rest, suffix=share_of))
    return panels


def share_panels(report: Report, options: RenderOptions) -> list[Panel]:
    """A `share_report`: one panel for each whole and measure, a bar for each share of it,
    with the interval its rounding allows where it has one."""
    panels = []
    groups = _grouped(
        report,
        lambda row: row["statistic"] == "share",
        lambda row: " · ".join(
            filter(
                None,
                (
                    f"{_text(row['measure'], options)} {_text(row['figure'], options)}".strip(),
                    _text(row["note"], options),
                ),
            )
        ),
    )
    for title, rows in groups:
        places = [
            (_text(row["scope"], options), row["value"])
            for row in rows
            if isinstance(row["value"], Quantity)
        ]
        panels.append(_panel(title, places, options, percent=True))
    return panels


PANELS: dict[str, Callable[[Report, RenderOptions], list[Panel]]] = {
    "series": series_panels,
    "breakdown": breakdown_panels,
    "shares": share_panels,
}


# In a terminal -----------------------------------------------------------------------------

Piece = tuple[str, str]  # a text and its rich style
TEXT_BAR_MIN = 10  # the fewest cells a bar gets, however narrow the terminal
ARROWS = {True: ("→", "←"), False: (">", "<")}  # a bound's direction, by whether unicode


def _extent(quantity: Quantity) -> Fraction | None:
    """How far a figure's bar reaches: the top of an implied interval, else the figure."""
    if quantity.basis == Basis.IMPLIED and quantity.interval is not None:
        top = quantity.interval.hi
        return Fraction(top) if top.is_finite() else None
    return None if quantity.value is None else Fraction(quantity.value)


def _text_bar(quantity: Quantity, scale: Fraction, cells: int, unicode: bool) -> list[Piece]:
    """A figure as block characters: a bar to its value; an implied one a bar to the low end
    of its interval and shading across the rest; a bound a bar with an arrow the way the
    figure lies."""
    interval = quantity.interval
    if quantity.basis == Basis.IMPLIED and interval is not None and interval.lo.is_finite():
        low = blocks(Fraction(interval.lo) / scale, cells, unicode)
        high = _extent(quantity) or Fraction(interval.lo)
        span = max(1, round((high - Fraction(interval.lo)) / scale * cells))
        return [(low, "yellow"), (("░" if unicode else ":") * span, "yellow")]
    if quantity.value is None:
        return []
    bar = blocks(Fraction(quantity.value) / scale, cells, unicode)
    up, down = ARROWS[unicode]
    if quantity.qualifier in UP + DOWN:
        return [(bar, "dim"), (up if quantity.qualifier in UP else down, "bold")]
    return [(bar, "blue")]


def text_chart(report: Report, kind: str, options: RenderOptions, stream: TextIO) -> None:
    """A quick look in the terminal, drawn with rich: each panel's places, a bar each in
    block characters, and the label the SVG gives it. Colour and width as for tables."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    available = table_width(stream, options.width) or 80
    console = Console(
        file=stream,
        width=available,
        highlight=False,
        markup=False,
        emoji=False,
        **colour_settings(options.color),
    )
    unicode = (console.encoding or "utf-8").lower().startswith("utf")
    text = Text()

    def line(*pieces: Piece) -> None:
        for piece, style in pieces:
            text.append(piece, style)
        text.append("\n")

    line((escape_control(report.title), "bold"))
    for panel in PANELS[kind](report, options):
        if not panel.marks:
            continue
        line()
        line((panel.title + (f", in {panel.unit}" if panel.unit else ""), "bold"))
        marks = {mark.place: mark for mark in panel.marks}
        name_width = max(cell_len(place) for place in panel.places)
        label_width = max(cell_len(mark.label) for mark in panel.marks)
        cells = max(TEXT_BAR_MIN, available - name_width - label_width - 6)
        extents = [_extent(mark.quantity) for mark in panel.marks]
        scale = Fraction(100) if panel.percent else max((e for e in extents if e), default=None)
        for place in panel.places:
            name = place + " " * (name_width - cell_len(place))
            mark = marks.get(place)
            if mark is None or scale is None or scale <= 0:
                line((f"  {name}  ", ""), ("no figure" if mark is None else mark.label, "dim"))
                continue
            bar = _text_bar(mark.quantity, scale, cells, unicode)
            line((f"  {name}  ", ""), *bar, (" " + mark.label, ""))
    if kind == "series":
        line()
        for key in SERIES_TEXT_KEY:
            line((key, "dim"))
    print_text(console, text)


SERIES_TEXT_KEY = (
    "█ as printed   ░ implied: the interval all the statements allow",
    "→ ← printed only as a bound (more than, at least; less than, up to)",
)


# Drawing ----------------------------------------------------------------------------------


def _number(value: int | Decimal | Fraction) -> float:
    """A figure as a position on the page: the one place a number becomes a float."""
    return float(value)


def _ends(quantity: Quantity) -> tuple[float, float] | None:
    interval = quantity.interval
    if interval is None or not (interval.lo.is_finite() and interval.hi.is_finite()):
        return None
    return _number(interval.lo), _number(interval.hi)


def _centre(quantity: Quantity) -> float | None:
    """Where a figure's mark goes: its value, else the middle of its interval."""
    if quantity.value is not None:
        return _number(quantity.value)
    ends = _ends(quantity)
    return None if ends is None else (ends[0] + ends[1]) / 2


def _wrapped(text: str) -> str:
    """A title in lines that fit the width of a chart: a wide (CJK) character counts as two.
    Counted, not measured, so that the layout does not depend on the fonts installed."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate) > TITLE_WIDTH:
            lines.append(line)
            candidate = word
        line = candidate
    return "\n".join([*lines, line])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tick(value: float, _position: float) -> str:
    """An axis number with thousands separators, as the labels have them: 600,000."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _draw_series(figure: Figure, axes: Axes, panel: Panel) -> None:
    from matplotlib.transforms import offset_copy

    places = list(panel.places)
    axes.set_xticks(range(len(places)), places)
    axes.set_xlim(-0.6, len(places) - 0.4)
    at = [places.index(mark.place) for mark in panel.marks]
    plain = [
        (index, _number(mark.quantity.value))
        for index, mark in zip(at, panel.marks, strict=True)
        if mark.quantity.basis != Basis.IMPLIED
        and mark.quantity.value is not None
        and not mark.quantity.qualifier
    ]
    if len(plain) > 1:  # a faint line through the figures printed as values, to read a trend
        axes.plot(*zip(*plain, strict=True), color=REPORTED, alpha=0.35, linewidth=1, zorder=1)
    for index, mark in zip(at, panel.marks, strict=True):
        quantity = mark.quantity
        centre = _centre(quantity)
        if centre is None:
            continue
        ends = _ends(quantity)
        above = 12.0
        if quantity.basis == Basis.IMPLIED and ends is not None:
            axes.errorbar(
                [index],
                [centre],
                yerr=[[centre - ends[0]], [ends[1] - centre]],
                fmt="D",
                color=IMPLIED,
                markerfacecolor="white",
                capsize=6,
                zorder=3,
            )
        elif quantity.qualifier in UP + DOWN:
            up = quantity.qualifier in UP
            axes.plot(
                [index],
                [centre],
                marker="^" if up else "v",
                markerfacecolor="white",
                color=BOUND,
                linestyle="none",
                zorder=3,
            )
            # an arrow from the bound the way the figure lies: no point, a direction
            shift = 28.0 if up else -28.0
            head = offset_copy(axes.transData, fig=figure, y=shift, units="points")
            axes.annotate(
                "",
                xy=(index, centre),
                xycoords=head,
                xytext=(index, centre),
                textcoords="data",
                arrowprops={"arrowstyle": "-|>", "color": BOUND, "linewidth": 1.2},
            )
            above = 32.0 if up else 12.0
        else:
            axes.plot(
                [index],
                [centre],
                marker="o",
                color=REPORTED,
                markerfacecolor="white" if quantity.qualifier else REPORTED,
                linestyle="none",
                zorder=3,
            )
        top = ends[1] if ends is not None and quantity.basis == Basis.IMPLIED else centre
        axes.annotate(
            mark.label,
            xy=(index, top),
            xytext=(0, above),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    low, high = axes.get_ylim()
    axes.set_ylim(min(low, 0), high + (high - min(low, 0)) * 0.3)  # room for labels, from 0


def _draw_bars(axes: Axes, panel: Panel) -> None:
    count = len(panel.marks)
    rows = list(range(count))
    values = [_centre(mark.quantity) or 0.0 for mark in panel.marks]
    colours = [
        REST
        if mark.place in panel.rest
        else IMPLIED
        if mark.quantity.basis == Basis.IMPLIED
        else REPORTED
        for mark in panel.marks
    ]
    axes.barh(rows, values, color=colours, height=0.6)
    for row, mark in zip(rows, panel.marks, strict=True):
        ends = _ends(mark.quantity)
        centre = values[row]
        if ends is not None and ends[0] != ends[1]:
            axes.errorbar(
                [centre],
                [row],
                xerr=[[centre - ends[0]], [ends[1] - centre]],
                fmt="none",
                color="black",
                capsize=4,
            )
        axes.annotate(
            mark.label,
            xy=(max(centre, ends[1] if ends else centre), row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_yticks(rows, [mark.place for mark in panel.marks])
    axes.invert_yaxis()  # the first category at the top, as the table lists it
    if panel.percent:
        axes.set_xlim(0, 100)
    else:
        axes.set_xlim(0, max([*values, 0.0]) * 1.05 or 1)


def _panel_height(kind: str, panel: Panel) -> float:
    if kind == "series":
        return SERIES_HEIGHT
    return BAR_HEIGHT * len(panel.marks) + BAR_PANEL_EXTRA


def _needs_cjk(report: Report, panels: list[Panel]) -> bool:
    texts = [report.title]
    for panel in panels:
        texts += [panel.title, *panel.places, *(mark.label for mark in panel.marks)]
    return any(_CJK.search(text) for text in texts)


def _add_new_cjk_fonts() -> None:
    """Add CJK fonts installed since matplotlib cached its list of fonts (it never looks
    again), so that installing fonts-noto-cjk is enough; done only when a PNG needs them."""
    from matplotlib import font_manager

    cached = {font.name for font in font_manager.fontManager.ttflist}
    if cached.intersection(CJK_FONTS):
        return
    for path in font_manager.findSystemFonts():
        if any(stem in Path(path).name for stem in CJK_FILES):
            font_manager.fontManager.addfont(path)


def _settings() -> dict[RcKeyType, Any]:
    return {
        # Families, not the generic sans-serif: matplotlib falls back glyph by glyph only
        # along a list of families. The same list on every machine, whatever is installed:
        # an SVG names them all for its viewer, and its bytes do not depend on the fonts of
        # the machine that drew it.
        "font.family": [BASE_FONT, *CJK_FONTS, "sans-serif"],
        "svg.fonttype": "none",  # text stays text: searchable, and any name in any script
        "svg.hashsalt": "fairstats",  # ids from a fixed salt, not a random one per run
        "text.parse_math": False,  # a name with $ in it is a name, not mathtext
        "text.usetex": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titlelocation": "left",
        "font.size": 9,
    }


def _refuse_too_large(panels: list[Panel], kind: str) -> None:
    """Refuse a chart no one could read, before drawing it: a breakdown of thousands of
    categories would be a PNG taller than Agg can make (an error deep in matplotlib) or an SVG
    of megabytes of overlapping bars."""
    from fairstats.model.errors import SelectionError

    crowded = next((panel for panel in panels if len(panel.places) > MAX_PLACES), None)
    if crowded is not None:
        raise SelectionError(
            f"chart: {len(crowded.places):,} bars or editions in one panel "
            f"({clip(crowded.title)}), more than the {MAX_PLACES} a chart can show: "
            "choose fewer with --by, --scope or --measure, or leave -o out for text"
        )
    height = sum(_panel_height(kind, panel) + GAP for panel in panels)
    if height > MAX_HEIGHT:
        raise SelectionError(
            f"chart: {len(panels):,} panels, too many for one chart: choose fewer with --by, "
            "--scope or --measure, or leave -o out for text"
        )


def require_matplotlib() -> None:
    """Say how to install matplotlib, the one library charts need that fairstats does not
    install by default, before any data is read."""
    from fairstats.model.errors import FairstatsError

    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise FairstatsError(
            "chart needs matplotlib, which is not installed: "
            "python -m pip install 'fairstats[charts]' (from a clone: '.[charts]')"
        ) from None


def drawable(report: Report, kind: str, options: RenderOptions) -> bool:
    """Whether a report gives the chart anything to draw."""
    return any(panel.marks for panel in PANELS[kind](report, options))


def chart(
    report: Report, kind: str, options: RenderOptions, file_format: str
) -> tuple[bytes, bool]:
    """The chart of a report as SVG or PNG bytes, and whether some text lacked glyphs in
    every font found (which only matters in PNG: SVG keeps text as text)."""
    panels = [panel for panel in PANELS[kind](report, options) if panel.marks]
    _refuse_too_large(panels, kind)
    if file_format == "png" and _needs_cjk(report, panels):
        _add_new_cjk_fonts()
    # matplotlib logs each font of the list that a machine lacks: the list is a preference
    fonts_log = logging.getLogger("matplotlib.font_manager")
    level = fonts_log.level
    fonts_log.setLevel(logging.ERROR)
    try:
        return _drawn(report, kind, panels, file_format)
    finally:
        fonts_log.setLevel(level)


def _drawn(report: Report, kind: str, panels: list[Panel], file_format: str) -> tuple[bytes, bool]:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    heights = [_panel_height(kind, panel) for panel in panels]
    # (an empty chart keeps one panel's room, for the sentence that says so)
    total = TOP + (sum(heights) or 1.0) + GAP * max(len(heights) - 1, 0) + BOTTOM + 0.3
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # whatever a matplotlibrc says: one report, one chart
        matplotlib.rcParams.update(_settings())
        if file_format == "svg":
            # laid out in the font matplotlib ships, as on every machine: a CJK font that one
            # machine has moves Chinese labels by its own metrics (the viewer is told of the
            # CJK fonts below, as it draws the text itself)
            matplotlib.rcParams["font.family"] = [BASE_FONT]
        figure = Figure(figsize=(WIDTH, total), dpi=DPI)
        figure.text(MARGIN, 1 - 0.35 / total, escape_control(report.title), fontsize=12, va="top")
        layout = "series" if kind == "series" else "bars"
        left, right = LEFT[layout], RIGHT[layout]
        top = total - TOP
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if not panels:
                figure.text(MARGIN, 0.5, "Nothing to draw for the chosen options.", va="center")
            if kind == "series" and panels:
                figure.text(MARGIN, 0.12 / total, SERIES_KEY, fontsize=8, color=BOUND)
            for panel, height in zip(panels, heights, strict=True):
                top -= height
                axes = figure.add_axes((left, top / total, right - left, height / total))
                # from the figure's left edge, over the names of the bars: room for long titles
                axes.set_title(_wrapped(panel.title), x=(MARGIN - left) / (right - left))
                axis = axes.yaxis if kind == "series" else axes.xaxis
                axis.set_major_formatter(_tick)
                if all(mark.quantity.kind == Kind.COUNT for mark in panel.marks):
                    axis.set_major_locator(MaxNLocator(integer=True))  # no 2.5 projects
                if panel.unit:
                    (axes.set_ylabel if kind == "series" else axes.set_xlabel)(panel.unit)
                if kind == "series":
                    _draw_series(figure, axes, panel)
                else:
                    _draw_bars(axes, panel)
                top -= GAP
            buffer = io.BytesIO()
            if file_format == "svg":
                metadata = {"Date": None, "Creator": "fairstats"}
            else:
                metadata = {"Software": None}
            figure.savefig(buffer, format=file_format, metadata=metadata)
    missing = any("missing from font" in str(warning.message) for warning in caught)
    if file_format == "svg":
        return _naming_cjk_fonts(buffer.getvalue()), missing
    return buffer.getvalue(), missing


def _naming_cjk_fonts(svg: bytes) -> bytes:
    """An SVG whose text names the CJK fonts after its own, for its viewer to fall back on."""
    families = ", ".join(f"'{family}'" for family in (BASE_FONT, *CJK_FONTS))
    return svg.replace(
        f"font-family: '{BASE_FONT}'".encode(), f"font-family: {families}, sans-serif".encode()
    )
