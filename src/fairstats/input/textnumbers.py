"""The numbers a release's text prints, each with what makes it a figure: its scale (万, 亿,
billion), its currency, the qualifier printed with it ("超", "more than", "多家"), whether it
is a percentage, and the word that says what it counts. Dates, times, years, the fair's own
ordinal and page addresses are not figures and are left out.

The first step of `draft` (issue 15): pure, no click or rich. Chinese (simplified and
traditional) and English are read.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from fairstats.model.sourcetext import TextNumber

SCALES = {
    "万亿": 12,
    "萬億": 12,
    "亿": 8,
    "億": 8,
    "万": 4,
    "萬": 4,
    "千": 3,
    "trillion": 12,
    "billion": 9,
    "bln": 9,
    "bn": 9,
    "million": 6,
    "mln": 6,
    "thousand": 3,
}
CURRENCIES = {
    "美元": "USD",
    "元": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
    "u.s. dollars": "USD",
    "usd": "USD",
    "cny": "CNY",
    "us dollars": "USD",
    "dollars": "USD",
}
# Written before the number: "超1100亿", "more than 1,500", "$70.62 billion".
_BEFORE = {
    "超过": "more_than",
    "超過": "more_than",
    "超": "more_than",
    "逾": "more_than",
    "突破": "more_than",  # 参观人数突破20万人: past it
    "多达": "exact",
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "约": "about",
    "約": "about",
    "至少": "at_least",
    "不少于": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "nearly": "nearly",
    "almost": "nearly",
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "at least": "at_least",
    "up to": "up_to",
    "sekitar": "about",
    "lebih dari": "more_than",
    "über": "more_than",
    "rund": "about",
    "etwa": "about",
    "fast": "nearly",
}
# Written after the number or its scale: "2800多家", "50余个", "18亿元以上", "6万余名", "30-odd".
# Written just before the digits: "$70.62 billion", "RMB 447 billion"
_PREFIXES = {"$": "USD", "US$": "USD", "USD": "USD", "RMB": "CNY", "CNY": "CNY", "¥": "CNY"} | {
    "￥": "CNY"
}
_AFTER_NUMBER = {"多": "more_than", "余": "more_than", "餘": "more_than", "-odd": "more_than"}
_AFTER_FIGURE = {
    "以上": "more_than",
    "左右": "about",
    "多": "more_than",
    "余": "more_than",  # 6万余名
    "餘": "more_than",
}

_DIGITS = r"\d[\d,，]*(?:[.．]\d+)?"
_CHINESE_NUMERAL = "零〇一二两兩三四五六七八九十百"
_NUMBER = re.compile(
    rf"(?P<prefix>(?:US\$|\$|USD|RMB|CNY) ?|[¥￥])?(?P<digits>{_DIGITS})"
    rf"|(?P<chinese>[{_CHINESE_NUMERAL}]+)(?=[个個项項家届屆名位次场場])"
)
_SCALE = re.compile(
    r"\s*(?P<scale>万亿|萬億|亿|億|万|萬|千(?![米克瓦])"
    r"|(?:trillion|billion|bln|bn|million|mln|thousand)(?![A-Za-z]))",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:%|％|percent|per cent|Prozent|persen)", re.IGNORECASE)
_CURRENCY = re.compile(
    r"\s*(?:\(|（)?(?P<currency>美元|人民币|人民幣|元|yuan|RMB|CNY|USD|U\.S\. dollars|US dollars"
    r"|dollars)(?![A-Za-z])",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\s*(?P<counted>平方米|万平方米|m²|square meters|[个個项項家届屆名位次场場对對件]|人(?!民)"
    r"|[A-Za-z][A-Za-z'-]*)"
)
# What makes a number no figure: a date, a time, a year, an ordinal, an address, the name of a
# ranking (世界500强, 百强: Fortune 500)
_NOT_AFTER = re.compile(r"\s*(?:年|月|日|号|號|时|時|:|点|點|强|強|th\b|st\b|nd\b|rd\b|-\d)")
_NOT_BEFORE = re.compile(r"(?:第|No\.\s*|/|:|-|\.)$")
_MONTHS = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$", re.IGNORECASE
)


def read_numbers(text: str) -> list[TextNumber]:
    """Every figure-like number of a text, in order. Lines that start with "#" (a text file's
    own header) are read as blank, but for a first one, its title."""
    plain = _without_headers(text)
    found = []
    for match in _NUMBER.finditer(plain):
        number = _read(plain, match)
        if number is not None:
            found.append(number)
    return found


def _without_headers(text: str) -> str:
    """The text with its header lines blank, but for the first: a title ("# 福建集中签约50个重大
    项目 计划投资超1100亿元") is a headline, and prints figures too."""
    lines = text.split("\n")
    return "\n".join(
        ("  " + line[2:] if index == 0 and line.startswith("# ") else " " * len(line))
        if line.startswith("#")
        else line
        for index, line in enumerate(lines)
    )


def _read(text: str, match: re.Match[str]) -> TextNumber | None:
    start, end = match.span()
    before = text[max(0, start - 12) : start]
    if match.group("chinese"):
        value = chinese_value(match.group("chinese"))
        if value is None or before.endswith("第"):
            return None
    else:
        value = _decimal(match.group("digits"))
        if value is None or _NOT_BEFORE.search(before) or _MONTHS.search(before):
            return None
        if not match.group("prefix") and re.match(r"[A-Za-z]", text[end : end + 1]):
            return None  # part of a word or a code: "G20", "5G"
    if _NOT_AFTER.match(text, end):
        return None
    if _is_year(value, text, end):
        return None
    qualifier = _qualifier_before(before)
    prefix = (match.group("prefix") or "").strip()
    currency = _PREFIXES.get(prefix, "")
    for suffix, found in _AFTER_NUMBER.items():
        if text.startswith(suffix, end):
            qualifier, end = found, end + len(suffix)
            break
    scale = 0
    scaled = _SCALE.match(text, end)
    if scaled and scaled.group("scale"):
        scale = SCALES[scaled.group("scale").lower()]
        end = scaled.end()
    percent = False
    marked = _PERCENT.match(text, end)
    if marked:
        percent, end = True, marked.end()
    named = _CURRENCY.match(text, end)
    if named:
        currency = CURRENCIES.get(named.group("currency").lower(), currency) or currency
        end = named.end()
    for suffix, found in _AFTER_FIGURE.items():
        if text.startswith(suffix, end):
            qualifier, end = found, end + len(suffix)
            break
    counted = ""
    word = _COUNTED.match(text, end)
    if word and not percent:
        counted = word.group("counted")
    return TextNumber(value, scale, currency, qualifier, percent, counted, start, end)


# Words that end in a qualifier's character without being one: 签约 (signed), 附近 (near by)
_NOT_QUALIFIERS = (
    "签约",
    "簽約",
    "合约",
    "合約",
    "条约",
    "條約",
    "履约",
    "履約",
    "预约",
    "公约",
    "节约",
    "邀约",
    "附近",
    "最近",
    "靠近",
)


# "超过" before "超": the longest words that end the text before a number say what it is
_BEFORE_LONGEST_FIRST = sorted(_BEFORE, key=len, reverse=True)


def _qualifier_before(before: str) -> str:
    lowered = before.lower().rstrip(" $")
    if lowered.endswith(_NOT_QUALIFIERS):
        return "exact"
    for words in _BEFORE_LONGEST_FIRST:
        if lowered.endswith(words):
            return _BEFORE[words]
    return "exact"


def _decimal(digits: str) -> Decimal | None:
    normal = unicodedata.normalize("NFKC", digits).replace(",", "").replace("，", "")
    try:
        return Decimal(normal)
    except InvalidOperation:
        return None


def _is_year(value: Decimal, text: str, end: int) -> bool:
    """A four-digit number from 1900 to 2099 with no scale, unit or percent after it."""
    if value != value.to_integral_value() or not 1900 <= value <= 2099:
        return False
    scaled = _SCALE.match(text, end)
    figure = bool(scaled and scaled.group("scale"))
    return not (figure or _PERCENT.match(text, end) or _CURRENCY.match(text, end))


_CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_value(numeral: str) -> Decimal | None:
    """A Chinese numeral below a thousand: 三, 十四, 二十四, 一百二十."""
    total, digit = 0, None
    for character in numeral:
        if character in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[character]
        elif character in "十百":
            unit = 10 if character == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return Decimal(total + (digit or 0))
