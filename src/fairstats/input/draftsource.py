"""What a release's text says of itself and of its fair, for `draft`: the title (the first
line), the publisher, the date and the address where printed, the language, and the fair's
name, short name, edition and ordinal ("第二十届", "20th", "the fourth", "WMC 2019").

Each is read, never required: what the text does not print is left out, or guessed and marked
for review.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fairstats.input.drafttext import Prepared, is_cjk, printable
from fairstats.input.textnumbers import chinese_value

_HEADER = "# "
# A release names its fair, and shows its language, in its opening: the rest is not searched.
_OPENING = 3000
_URL = re.compile(r"https?://[^\s,;，。)）]+")
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}))?(?![\d])")
_CHINESE_DAY = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
_ENGLISH_ORDINALS = re.findall(
    r"\w+",
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth",
)
_CHINESE_FAIR = re.compile(
    r"(?:第(?P<ordinal>[一二三四五六七八九十百零〇两\d]+)届|(?P<first>首)届)"
    r"(?P<name>[^\x00-\x7f，,。；;、：:（）“”《》【】\s]{1,24}?(?:博览会|洽谈会|交易会|展览会|大会|博会|洽会|会|展|节))"
)
# A fair's name is capitalised words ending in Expo, Fair, ...: "The fourth China International
# Import Expo (CIIE)", "the 20th ... Fair", "World Manufacturing Convention (WMC) 2019"
_ENGLISH_FAIR = re.compile(
    r"(?i:the[ \t]+)?(?:(?:(?P<number>\d{1,3})(?:st|nd|rd|th)|(?P<word>(?i:"
    + "|".join(_ENGLISH_ORDINALS)
    + r")))[ \t]+)?(?P<name>(?:[A-Z][\w&'.-]*[ \t]+){1,7}"
    r"(?:Expo|Fair|Convention|Conference|Exhibition|Exposition|Summit|Forum|Festival))"
    r"(?:\s*\((?P<short>[A-Z][A-Za-z]{1,9})\))?(?:\s+(?P<year>(?:19|20)\d{2})(?!\d))?"
)
_SHORT_YEAR = re.compile(r"\b(?P<short>[A-Z]{2,8})\s+(?P<year>(?:19|20)\d{2})\b")
_PUBLISHER = re.compile(
    r"来源[:：]\s*(?P<name>[^\s,，。]{2,20})|\((?P<agency>[A-Z][A-Za-z]+)\)\s*[-–—]"
)


def title_of(text: str) -> str:
    """The first line with text in it: a headline, or a file's own "# " header."""
    for line in text.splitlines():
        shown = printable(line.removeprefix(_HEADER))
        if shown:
            return shown[:300]
    return "untitled text"


def source_of(prepared: Prepared) -> dict[str, Any]:
    """The source entry: its title and, where printed, its publisher, date, address and
    language. A text file of the release corpus gives them in a second "# " line."""
    text = prepared.text
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[1][len(_HEADER) :] if len(lines) > 1 and lines[1].startswith(_HEADER) else ""
    source: dict[str, Any] = {"id": "text", "title": title_of(text)}
    publisher = printable(header.split(",")[0]) if header else _publisher(prepared.folded)
    if publisher:
        source["publisher"] = publisher[:300]
    published = published_of(header or text)
    if published:
        source["published"] = published
    url = _URL.search(header or text)
    if url and printable(url.group()) == url.group():
        source["url"] = url.group()
    source["language"] = "zh" if _cjk_share(text) > 0.2 else "en"
    return source


def _publisher(folded: str) -> str:
    match = _PUBLISHER.search(folded)
    if match is None:
        return ""
    return printable(match.group("name") or match.group("agency"))


def _cjk_share(text: str) -> float:
    letters = [c for c in text[:_OPENING] if c.isalpha()]
    return sum(map(is_cjk, letters)) / max(1, len(letters))


def published_of(text: str) -> str:
    """The first real day printed (2021-09-09, 2021年9月9日), with its time when beside it."""
    for pattern in (_ISO_DAY, _CHINESE_DAY):
        for match in pattern.finditer(text):
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            try:
                day_printed = date(year, month, day).isoformat()
            except ValueError:
                continue
            time = match.group(4) if pattern is _ISO_DAY else None
            return f"{day_printed}T{time}" if time and time < "24:00" else day_printed
    return ""


def fair_of(prepared: Prepared, published: str) -> dict[str, Any]:
    """The fair as the text names it; what it does not name is guessed, and said so."""
    folded = prepared.folded[:_OPENING]
    fair: dict[str, Any] = {}
    guessed = []
    chinese = _CHINESE_FAIR.search(folded)
    # the first naming with an ordinal ("the fourth ..."), else the first
    namings = list(_ENGLISH_FAIR.finditer(folded))
    ordinals = [m for m in namings if m.group("number") or m.group("word")]
    english = next(iter(ordinals or namings), None)
    short_year = _SHORT_YEAR.search(folded)
    year = None
    if chinese is not None and (english is None or chinese.start() < english.start()):
        fair["name"] = prepared.clean[slice(*chinese.span("name"))]
        ordinal = chinese.group("ordinal")
        fair["ordinal"] = 1 if chinese.group("first") else _ordinal_number(ordinal)
        fair["id"] = chinese.group("name")
    elif english is not None:
        fair["name"] = printable(english.group("name"))
        short = english.group("short") or (short_year.group("short") if short_year else None)
        if short:
            fair["short_name"] = short
        fair["id"] = (short or "".join(w[0] for w in english.group("name").split())).lower()
        if english.group("number"):
            fair["ordinal"] = int(english.group("number"))
        elif english.group("word"):
            fair["ordinal"] = _ENGLISH_ORDINALS.index(english.group("word").lower()) + 1
        year = english.group("year")
    else:
        guessed.append("the fair's name and id (no fair is named in the text)")
        fair["id"] = "fair"
        fair["name"] = title_of(prepared.text)
    if year is None and short_year is not None:
        year = short_year.group("year")
    if year is None and published:
        year = published[:4]
        guessed.append("the year (the date of publication)")
    if year is None:
        years = re.search(r"(?<!\d)((?:19|20)\d{2})年?(?!\d)", folded)
        year = years.group(1) if years else str(date.today().year)
        guessed.append("the year (the first year printed, or this year)")
    fair["year"] = int(year)
    if not fair.get("ordinal"):
        fair.pop("ordinal", None)
    fair["review"] = "the fair as read from the text: check its id, name, year and ordinal" + (
        "; guessed: " + ", ".join(guessed) if guessed else ""
    )
    order = ("id", "name", "short_name", "year", "ordinal", "review")
    return {key: fair[key] for key in order if key in fair}


def _ordinal_number(numeral: str | None) -> int | None:
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    value = chinese_value(numeral)
    return int(value) if value else None
