"""The html format: the page shows what markdown shows, loads nothing, keeps every name as
text, and reads the same in a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import RELEASES
from tests.fixtures import figure, release
from tests.helpers import REPORT_COMMANDS, WriteDataset, markdown_texts, run

DATASETS: dict[str, tuple[str, ...]] = {
    "bundled": (),
    "folder": ("-d", str(RELEASES)),
    **{path.stem: ("-d", str(path)) for path in sorted(RELEASES.glob("*.json"))},
}
SHOWN = {"h1", "h2", "th", "td", "p"}  # the blocks whose text a reader sees


class _Page(HTMLParser):
    """What a page shows, as (tag, text) for each heading, table cell and paragraph; and every
    start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.placed: list[tuple[str, list[tuple[str, str | None]], bool]] = []  # in an svg?
        self.svg_texts: set[str] = set()
        self._open: str | None = None
        self._text: list[str] = []
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self._svg_depth += 1
        self.tags.append((tag, attrs))
        self.placed.append((tag, attrs, self._svg_depth > 0))  # an svg is in itself
        if tag in SHOWN and not self._svg_depth:
            self._open, self._text = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.placed.append((tag, attrs, self._svg_depth > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth -= 1
        if tag == self._open:
            self.texts.append((tag, "".join(self._text)))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)
        elif self._svg_depth and data.strip():
            self.svg_texts.add(data.strip())


def read_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def html_of(*arguments: str | Path) -> str:
    result = run(*arguments, "-f", "html")
    assert result.exit_code in (0, 1), result.stderr  # (check exits 1 on an inconsistency)
    return result.stdout


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_the_page_shows_what_markdown_shows(command: str, dataset: str) -> None:
    """Every heading, cell and footnote, in order, as markdown's reader sees them: the two
    formats are one table each (and markdown's cells are tested against csv's numbers)."""
    page = read_page(html_of(command, *DATASETS[dataset]))
    markdown = run(command, *DATASETS[dataset], "-f", "markdown")
    assert page.texts == markdown_texts(markdown.stdout)


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "table", "p"} | {
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
}
# what a chart's SVG may hold: drawing, text and references within itself, never a script,
# a link, an image or HTML inside it
NEVER_IN_A_CHART = {"script", "a", "image", "foreignobject", "iframe", "object", "embed"}


@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_the_page_loads_nothing_and_runs_nothing(command: str) -> None:
    page = read_page(html_of(command, "-d", str(RELEASES)))
    outside = [(tag, attrs) for tag, attrs, in_svg in page.placed if not in_svg]
    assert {tag for tag, _ in outside} <= PAGE_TAGS
    attributes = {name for _, attrs in outside for name, _ in attrs}
    assert attributes <= {"lang", "charset", "name", "content", "http-equiv", "class"}
    inside = [(tag, attrs) for tag, attrs, in_svg in page.placed if in_svg]
    assert {tag for tag, _ in inside}.isdisjoint(NEVER_IN_A_CHART)
    references = [value or "" for _, attrs in inside for name, value in attrs if "href" in name]
    assert all(reference.startswith("#") for reference in references)
    assert not any(name.startswith("on") for _, attrs in inside for name, _ in attrs)


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        ("breakdown", ()),
        ("share", ("-d", str(RELEASES / "cifit-2024-fujian.json"))),
        ("growth", tuple(f"-d{RELEASES / f'ciie-{year}.json'}" for year in (2018, 2019, 2020))),
    ],
)
def test_a_page_draws_the_chart_of_its_report(command: str, arguments: tuple[str, ...]) -> None:
    """breakdown, share and growth over several editions draw what `chart` draws for them,
    with the report's names as text."""
    page = read_page(html_of(command, *arguments))
    assert [tag for tag, _ in page.tags].count("svg") == 1
    cells = {text for tag, text in page.texts if tag == "td"}
    assert page.svg_texts & cells


def test_a_hostile_name_stays_text(write_dataset: WriteDataset) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quoted"'
    document = release(
        scopes=[{"id": "all", "name": hostile}], figures=[figure("all", "projects", 3)]
    )
    text = html_of("summary", "-d", write_dataset(document))
    page = read_page(text)
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "img"})
    assert any(hostile in text for _, text in page.texts)  # (as a cell, or in a title)
    assert "<script>" not in text


def test_verdicts_keep_their_words_beside_their_colour() -> None:
    page = read_page(html_of("check", "-d", str(RELEASES)))
    verdict_classes = {
        dict(attrs).get("class") for tag, attrs in page.tags if tag == "td" and attrs
    }
    assert {"good", "bad", "quiet"} <= verdict_classes
    cells = {text for tag, text in page.texts if tag == "td"}
    assert {"consistent", "inconsistent", "not testable"} <= cells


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# as the machine's notes give them: no first-run, sync or background traffic on a closed network
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--log-level=0",  # console messages are logged at INFO, as "CONSOLE"
)


def _chromium_dom(page: Path, profile: Path) -> tuple[str, str]:
    """The DOM Chromium builds from a page, and what it logged."""
    assert CHROMIUM is not None
    completed = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, completed.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (`.ci/run` installs it)")
@pytest.mark.parametrize("command", ["summary", "check"])
def test_a_browser_reads_the_same_tables_without_an_error(command: str, tmp_path: Path) -> None:
    """Headless Chromium loads the page from a file, with no console message, and its DOM holds
    the page's headings, cells and footnotes, Chinese included."""
    page = tmp_path / "page.html"
    page.write_text(html_of(command, "-d", str(RELEASES)), encoding="utf-8")
    dom, log = _chromium_dom(page, tmp_path / "profile")
    assert "CONSOLE" not in log
    seen = read_page(dom).texts
    assert seen == read_page(page.read_text(encoding="utf-8")).texts
    assert any("厦门" in text for _, text in seen)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (`.ci/run` installs it)")
def test_the_browser_check_sees_a_console_error(tmp_path: Path) -> None:
    """The check above can fail: a page that logs an error, and one whose policy refuses an
    image, are both seen."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
        encoding="utf-8",
    )
    _, log = _chromium_dom(page, tmp_path / "profile")
    assert "CONSOLE" in log
