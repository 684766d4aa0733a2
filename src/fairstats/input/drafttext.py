"""A release's text made ready for `draft`: reprint noise taken out, traditional characters read
as simplified, and the text cut into sentences and clauses, with every offset kept in terms of
the text as given.

Reprint sites print pinyin after characters ("會(huì)") and mix in traditional characters; the
cues `draft` looks for are written once, in simplified characters, and matched against the
folded text.
"""

from __future__ import annotations

import re

from fairstats.model.record import Record

# The traditional characters of the words draft looks for (and of fair names), with their
# simplified forms: enough to read a reprint, not a converter.
_TRADITIONAL = str.maketrans(
    "資總額項簽約業國際會屆來萬億個參觀貿購進產區團務實現採銷與數為達計長漲減較屬內體"
    "點結統場積帶臺灣廈門華覽談間濟電訊設備製們東組織臨時辦從規類協議並別種單對將當這"
    "於預強領導權雙邊貨網記報開閉歲舉義興幣佔創歷紀錄餘過樣級線條價劃動擴續連優勢驗質"
    "響轉車廠圍學術發環歐亞陸樓號稱處關鍵輸運機構農醫療藥裝鋼鐵礦錢銀險證債匯買賣兩館"
    "廳鄉縣鎮蘇滬閩廣遼寧龍黃隊聯論壇啟紹禮儀還應經營絡據雲傳極擁穩標準則節稅費聞視頻"
    "圖鍾劉陳張楊趙孫軍寶復綜裡",
    "资总额项签约业国际会届来万亿个参观贸购进产区团务实现采销与数为达计长涨减较属内体"
    "点结统场积带台湾厦门华览谈间济电讯设备制们东组织临时办从规类协议并别种单对将当这"
    "于预强领导权双边货网记报开闭岁举义兴币占创历纪录余过样级线条价划动扩续连优势验质"
    "响转车厂围学术发环欧亚陆楼号称处关键输运机构农医疗药装钢铁矿钱银险证债汇买卖两馆"
    "厅乡县镇苏沪闽广辽宁龙黄队联论坛启绍礼仪还应经营络据云传极拥稳标准则节税费闻视频"
    "图钟刘陈张杨赵孙军宝复综里",
)
# pinyin in brackets after a character, as some reprints print it: 會(huì), 項(xiàng)
_PINYIN = re.compile(r"\([a-zü\u00e0-\u01dc]{1,7}\)")
_SENTENCE_END = re.compile(r"[。！？!?\n]+|\.(?=\s+[A-Z“\"‘'(]|\s*$)")
_CLAUSE_END = re.compile(r"[，、：:；;（）()“”\"]|(?<!\d),|,(?!\d)|\s[-–—]\s")


class Span(Record):
    start: int
    end: int


class Prepared(Record):
    """The text read for cues: `folded` (no pinyin, simplified characters), `clean` (no pinyin,
    the characters as given: what names are taken from) and where each of their characters
    came from in the text as given (`origin`, one longer than either)."""

    text: str
    folded: str
    clean: str
    origin: tuple[int, ...]

    def original(self, start: int, end: int) -> str:
        """The text as given that a span of the folded text came from."""
        return self.text[self.origin[start] : self.origin[end]]


def prepare(text: str) -> Prepared:
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _PINYIN.finditer(text):
        if not is_cjk(text[match.start() - 1 : match.start()]):
            continue
        kept.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    origin.extend(range(position, len(text) + 1))
    clean = "".join(kept)
    return Prepared(text, clean.translate(_TRADITIONAL), clean, tuple(origin))


def spans(text: str, ends: re.Pattern[str]) -> list[Span]:
    """The pieces of a text between its ends (each piece without them)."""
    found = []
    start = 0
    for match in ends.finditer(text):
        if match.start() > start:
            found.append(Span(start, match.start()))
        start = match.end()
    if start < len(text):
        found.append(Span(start, len(text)))
    return found


def sentences(text: str) -> list[Span]:
    return spans(text, _SENTENCE_END)


def clauses(text: str) -> list[Span]:
    return spans(text, _CLAUSE_END)


def is_cjk(character: str) -> bool:
    """A CJK ideograph (tested so, not by a character class: a class of 27,000 characters takes
    a millisecond to compile, at every start)."""
    return "\u3400" <= character <= "\u9fff"


def printable(text: str) -> str:
    """A text as a dataset may hold it: one line, no control or format characters."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())
