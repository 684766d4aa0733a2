"""An HTML page saved from a browser, reduced to the text `draft` reads: its title as the first
line, then the text of its body, a line for each block (paragraph, heading, list item, table
row). Scripts, styles and the page's navigation, header and footer are left out.

The standard library's parser, imported on this path only: a page needs no more than its text,
and a fuller HTML-to-text library would cost more to import than `draft` takes to run.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside"}
)
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "figcaption",
        "td", "th", "body",
    }
)  # fmt: skip


def page_text(page: str) -> str:
    """The page's title on the first line, then the text of its body."""
    reader = _TextReader()
    reader.feed(page)
    reader.close()
    lines = [" ".join(line.split()) for line in "".join(reader.body).split("\n")]
    body = [line for line in lines if line]
    title = " ".join("".join(reader.title).split())
    if title and body and body[0] == title:
        body = body[1:]  # the headline that repeats the title
    return "\n".join([title, *body] if title else body) + "\n"


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.body: list[str] = []
        self.skipping: list[str] = []  # the open skipped elements
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCKS:
            self.body.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and tag in self.skipping:
            while self.skipping.pop() != tag:
                pass
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCKS:
            self.body.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.body.append(data)
