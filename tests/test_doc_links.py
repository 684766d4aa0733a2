"""Every relative link of README.md and docs/*.md leads to a file of the repository, and its
anchor to a heading of that file, so that the pages read on a code host without the site. The
site's strict build checks docs/ too, but the README lies outside it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*$", re.MULTILINE)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _prose(text: str) -> str:
    """The text a reader sees as prose: no comments (cog's code) and no fenced blocks."""
    return FENCE.sub("", COMMENT.sub("", text))


def slug(heading: str) -> str:
    """A heading's anchor as code hosts and MkDocs both make it for the headings these pages
    use: lower case, code marks and punctuation dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(heading) for heading in HEADING.findall(_prose(page.read_text("utf-8")))}


def broken_links(page: Path) -> list[str]:
    """Each link of the page that leads nowhere, with why."""
    broken = []
    for target in LINK.findall(CODE_SPAN.sub("", _prose(page.read_text("utf-8")))):
        if SCHEME.match(target):
            continue  # another site: not this repository's to check
        path, _, anchor = target.partition("#")
        if path.startswith("/"):
            broken.append(f"{target}: absolute, so it breaks on a code host")
            continue
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            broken.append(f"{target}: no heading #{anchor} in {path or page.name}")
    return broken


def test_every_relative_link_leads_to_a_file_and_heading() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(pages) > 10  # the docs were found
    broken = {page.name: broken_links(page) for page in pages}
    assert {name: links for name, links in broken.items() if links} == {}


def test_the_link_check_finds_a_missing_file_a_missing_heading_and_an_absolute_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "other.md").write_text("# Other page\n\n## A `code` heading: two\n", "utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[good](other.md#a-code-heading-two) [self](#page) [web](https://example.org/x)\n"
        "[gone](missing.md) [no anchor](other.md#nowhere) [root](/other.md)\n"
        "`[in code](missing.md)`\n\n```text\n[in a block](missing.md)\n```\n"
        "<!-- [in a comment](missing.md) -->\n",
        "utf-8",
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "other.md#nowhere: no heading #nowhere in other.md",
        "/other.md: absolute, so it breaks on a code host",
    ]
