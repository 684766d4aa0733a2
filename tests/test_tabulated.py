"""The formats tabulate writes (LaTeX, reStructuredText, Org, MediaWiki): each table, read back
by the format's own rules, holds the cells markdown shows, hostile names included."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from tabulate import LATEX_ESCAPE_RULES

from tests.conftest import RELEASES
from tests.fixtures import figure, release
from tests.helpers import REPORT_COMMANDS, WriteDataset, markdown_texts, run

# the folder holds every release (Chinese names, qualifiers, conflicts); cifit-2024-fujian's
# Chinese names alone, the bundled file its breakdowns
DATASETS: dict[str, tuple[str, ...]] = {
    "bundled": (),
    "folder": ("-d", str(RELEASES)),
    "cifit-2024-fujian": ("-d", str(RELEASES / "cifit-2024-fujian.json")),
}
HOSTILE = r"a|b *c* `d` _e_ \f & 50% $9 #1 {g} ~h ^i <j> [[k]] {{l}} 'm' ''n'' !o =p= :q;"


def _cells_of_markdown(*arguments: str) -> list[str]:
    result = run(*arguments, "-f", "markdown")
    assert result.exit_code in (0, 1), result.stderr
    return [text for tag, text in markdown_texts(result.stdout) if tag in ("th", "td")]


_LATEX_UNESCAPE = {escaped: plain for plain, escaped in LATEX_ESCAPE_RULES.items()}
_LATEX_ESCAPED = re.compile("|".join(re.escape(e) for e in sorted(_LATEX_UNESCAPE, key=len)[::-1]))


def _latex_cells(text: str) -> list[str]:
    cells = []
    for block in re.findall(r"\\begin\{tabular\}\{[lr]*\}\n(.*?)\\end\{tabular\}", text, re.S):
        for line in block.splitlines():
            if line == "\\hline":
                continue
            assert line.endswith(" \\\\"), line
            for cell in re.split(r"(?<!\\)&", line[: -len(" \\\\")]):
                plain = _LATEX_ESCAPED.sub(lambda m: _LATEX_UNESCAPE[m.group()], cell)
                cells.append(plain.strip())
    return cells


def _rst_cells(text: str) -> list[str]:
    doctree = publish_doctree(
        text, settings_overrides={"report_level": 5, "halt_level": 2, "warning_stream": False}
    )
    return [entry.astext().strip() for entry in doctree.findall(nodes.entry)]


def _org_cells(text: str) -> list[str]:
    return [
        cell.strip().replace("\\vert{}", "|")
        for line in text.splitlines()
        if line.startswith("|") and not line.startswith("|-")
        for cell in line.strip("|").split("|")
    ]


def _mediawiki_cells(text: str) -> list[str]:
    cells = []
    for line in text.splitlines():
        if line.startswith("!"):
            parts = line[1:].split("!!")
        elif line.startswith("| "):
            parts = line[1:].split("||")
        else:
            continue
        for part in parts:
            # a cell's attributes end at its first bar: cells hold none of their own
            value = part.split("|", 1)[1] if 'style="' in part else part
            cells.append(html.unescape(value).strip())
    return cells


READERS: dict[str, Callable[[str], list[str]]] = {
    "latex": _latex_cells,
    "rst": _rst_cells,
    "org": _org_cells,
    "mediawiki": _mediawiki_cells,
}


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("command", REPORT_COMMANDS)
@pytest.mark.parametrize("form", list(READERS))
def test_every_cell_reads_back_as_markdown_shows_it(form: str, command: str, dataset: str) -> None:
    result = run(command, *DATASETS[dataset], "-f", form)
    assert result.exit_code in (0, 1), result.stderr
    assert READERS[form](result.stdout) == _cells_of_markdown(command, *DATASETS[dataset])


@pytest.mark.parametrize("form", list(READERS))
def test_a_hostile_name_reads_as_itself(form: str, write_dataset: WriteDataset) -> None:
    """Every character that is markup in one of the formats, in a scope's name and a note."""
    document = release(
        scopes=[{"id": "one", "name": HOSTILE}, {"id": "two", "name": "Two"}],
        figures=[figure("one", "projects", 3, note=HOSTILE), figure("two", "projects", 4)],
    )
    path = str(write_dataset(document))
    result = run("summary", "-d", path, "-f", form)
    assert result.exit_code == 0, result.stderr
    cells = READERS[form](result.stdout)
    assert HOSTILE in cells
    assert cells == _cells_of_markdown("summary", "-d", path)


def test_rst_is_a_document_docutils_reads_without_a_warning() -> None:
    result = run("check", "-d", str(RELEASES), "-f", "rst")
    assert result.exit_code == 1  # the folder holds a real contradiction
    # halt_level 2: a warning (a bad table, an unknown role, a short underline) is an error
    doctree = publish_doctree(
        result.stdout, settings_overrides={"halt_level": 2, "warning_stream": False}
    )
    assert len(list(doctree.findall(nodes.table))) >= 4
