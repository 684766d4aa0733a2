"""`draft`: a release's text to a version 2 dataset that loads as it is.

Every number `textnumbers` reads becomes a statement: a figure, or the relation its phrasing
states (a share, a growth, an average), with its value, scale, currency and qualifier as
printed, the sentence it is in (`note`) and its place in the text (`where`). Parts of a total
("其中", "including") become a breakdown of the scope before them; a record or a rank claimed of
a figure becomes a claim. Scopes and measures are named from the words beside the numbers.

What is read off the digits is what the text prints; everything else (which scope, which
measure, which whole, which base) is a guess, and each entry says what to review in its
`review` field: `validate` lists them and every command warns of them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from fairstats.input.draftsource import fair_of, source_of
from fairstats.input.drafttext import Prepared, Span, clauses, is_cjk, prepare, printable, sentences
from fairstats.input.sourcetext import readable
from fairstats.input.textnumbers import chinese_value, read_numbers
from fairstats.model.rounding import within_limits
from fairstats.model.sourcetext import TextNumber

__all__ = ["draft"]

# The dataset format's multipliers; 万亿 and trillion are written as thousands of billions.
_SCALE_NAMES = {0: "one", 3: "thousand", 4: "wan", 6: "million", 8: "yi", 9: "billion"}
_NOTE_CHARS = 300
_SUBJECT_CHARS = 10  # the longest subject read from the clause before a number's
_EDITIONS = "届屆"  # 连续三届: a number of editions, no figure a claim is about

_AMOUNT_WORDS = (
    r"计划投资|总投资额?|投资总额|投资额|投资|意向成交额?|成交额?|交易额?|采购额?|签约额|"
    r"合同外资|进出口|出口|进口|销售额?|金额|总额"
)
# The words that name a sum without saying of what: the sum named before them
_GENERIC_AMOUNTS = frozenset(("金额", "总额", "amount", "value"))
_AMOUNT_NOUNS = re.compile(
    _AMOUNT_WORDS + r"|investment|deals?|turnover|transactions?|purchases?|sales|exports"
    r"|imports|trade|contracts?|value",
    re.IGNORECASE,
)
_COUNT_WORDS = (
    r"项目|参展企业|参展商|企业|展商|采购商|客商|国家和地区|国家|地区|国际组织|嘉宾|观众|人次|"
    r"活动|论坛|产品|展位|代表团|城市"
)
_COUNT_NOUNS = re.compile(_COUNT_WORDS)
_AREA_UNITS = ("平方米", "万平方米", "m²", "square meters", "square metres")
_CLASSIFIERS = "个個项項家届屆名位次场場对對件"
_ENGLISH_STOP = frozenset(
    re.findall(
        r"\w+",
        "and or of from in at on to with were was are is the a an by for as than this that "
        "which who percent worth had have has been be it its their",
    )
)
# The words around a subject that name no scope: 共计, 本次, 该省, 签约 ...
# The words at either end of a subject that name nothing: 共计, 本次, 该省, 签约, 达 ...
_FUNCTION_WORDS = (
    r"其中|包括|分别|共计|累计|合计|总共|共有|共|本次|此次|本届|该省|集中|现场|签约|签订|计划|折合|约合|"
    r"人民币|方面|为|达到|达|有|"
    r"约|超过|超|逾|近|将近|多|余|来自|吸引了|吸引|了|的|和|与|及|以上|从|在|占|平均|单个|每个|"
    r"每|人均|其次是|其次|最高|连续|期间|按一年计|据初步统计|据统计|第[一二三四五六七八九十百零〇两\d]+届|首届|[\s\u0021-\u002f]"
)
_LEADING = re.compile(rf"^(?:{_FUNCTION_WORDS}|[个個家件])+")  # and what a classifier left
# The words before a count that name what it counts go too (外商投资 of 外商投资项目14个); before
# an amount or a rate, the words of either kind of measure (重大 of 重大项目 计划投资1100亿元).
_TRAILING_COUNT = re.compile(rf"(?:{_FUNCTION_WORDS}|{_COUNT_WORDS})+$")
_TRAILING_OTHER = re.compile(rf"(?:{_FUNCTION_WORDS}|{_AMOUNT_WORDS}|{_COUNT_WORDS})+$")
# Parts of a total ("其中", "including", "在578.3亿美元意向成交额中"), or a breakdown of the whole
# ("从产业投向看", by industry)
_PARTS = re.compile(
    r"其中|包括|从(?P<by>[^，,。]{1,12}?)来?看|在[^，,。；;]{1,24}?中(?=[，,])"
    r"|(?i:among them|of which|including|among which)"
)
# An amount that bounds what follows: 50亿元及以上项目, 1亿美元以上的企业
_THRESHOLD = re.compile(r"(?:(?:及|或)?以[上下])?的?(?=项目|企业|展商)")
# A subject that names a fair ("此届博览会", "西洽会各方收获颇丰") is the fair itself
_FAIR_WORDS = re.compile(r"博览会|交易会|洽谈会|博会|洽会|展览会")
# The words that name a part before an English share's verb: "The light industrial products
# accounted for 26.6 percent", "Machinery and electronic products contributed to ..."
_ENGLISH_PART = re.compile(
    r"^\s*(?:the\s+)?(?P<name>[A-Za-z][\w&-]*(?:\s+[A-Za-z][\w&-]*){0,5}?)\s+"
    r"(?:accounted|accounting|account|contributed|made up|represented)\b",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(r"占([^，,。占%]{1,16}?)的")
_OVER_THE_FIRST = re.compile(r"[比较]首届|(?i:the first (?:edition|expo|fair|session))")
_RESPECTIVELY = re.compile(r"分别|(?i:respectively)")
_UP = (
    r"增长|增幅|增加|提高|提升|上升|上涨|增|\bup\b|rose|risen|rise|increase|grew|grown|growth"
    r"|higher"
)
_DOWN = r"下降|减少|下滑|降低|回落|降|减|\bdown\b|fell|fallen|fall|decline|decrease|drop|lower"
_CUES = re.compile(
    rf"(?P<share>占比|占|比重|份额|accounting for|accounted for|account for|share)"
    rf"|(?P<down>{_DOWN})|(?P<up>{_UP})|(?P<average>平均|人均|均|on average|average|\bper\b)",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\s*(?:(?P<of>of\b)|(?P<down>{_DOWN})|(?P<up>{_UP}|from|over|compared|year-on-year|同比))",
    re.IGNORECASE,
)
_EARLIER_EDITION = re.compile(
    r"同比|比上届|比去年|较上届|比首届|较首届|上年|去年|last year|last expo|a year earlier"
    r"|previous",
    re.IGNORECASE,
)
_ONLY_JOINING = re.compile(r"\s*(?:和|、|与|及|,|，|and|respectively|分别)?\s*", re.IGNORECASE)
_RECORD = re.compile(
    r"创历史新高|创新高|历史新高|历史最高|创纪录|record high|a record|all-time high|highest ever",
    re.IGNORECASE,
)
_RANK = re.compile(
    r"(?:居|位居|排名|排|列)[^，,。；;\s\d]{0,6}?(?:第(?P<number>[一二三四五六七八九十\d]{1,3})|(?P<top>首位))"
    # case-blind for the English alone: a case-blind class of every CJK character is slow
    # to compile, and compiling is most of a short run
    r"|(?i:\b(?:ranked\s+)?(?P<word>first|second|third)\s+(?:in|among)\b)",
)


def draft(text: str, named: str | None = None) -> dict[str, Any]:
    """The version 2 document a release's text gives, or an HTML page's: the page's text, its
    title first (where then counts the characters of that text). `named` is the text's file,
    as the source names it for `check` to compare the dataset with."""
    document = _Drafter(prepare(readable(text))).document()
    if named is not None:
        document["sources"][0]["text"] = named
    return document


class _Quantity:
    """A scope and a measure, as a statement names them."""

    def __init__(self, scope: str, measure: str) -> None:
        self.scope = scope
        self.measure = measure


class _Drafter:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.folded = prepared.folded
        self.source = source_of(prepared)
        self.fair = fair_of(prepared, self.source.get("published", ""))
        self.top = str(self.fair["id"])
        self.measures: dict[str, dict[str, Any]] = {}
        self.scopes: dict[str, dict[str, Any]] = {
            self.top: {"id": self.top, "name": self.fair["name"]}
        }
        self.scope_names: dict[str, str] = {}  # a subject's name to its scope's id
        self.categories: set[str] = set()
        self.dimensions: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.last: _Quantity | None = None  # the latest figure's quantity, in any sentence
        self.recent: list[_Quantity] = []  # every figure's quantity, in the text's order
        # the values in units of one each scope and measure holds, and where they are printed
        # (in one currency: a sum printed again in dollars is not another value)
        self.amounts: dict[tuple[str, str, str], list[tuple[Decimal, str]]] = {}
        # the part the text is about since a sentence without figures named it ("集中签约项目
        # 主要有三个特点"): what follows without a scope of its own is within it
        self.topic: str | None = None
        self.first_line_end = self.folded.find("\n") % (len(self.folded) + 1)

    def document(self) -> dict[str, Any]:
        numbers = read_numbers(self.folded)
        first = 0
        for sentence in sentences(self.folded):  # both in the text's order
            while first < len(numbers) and numbers[first].start < sentence.start:
                first += 1
            last = first
            while last < len(numbers) and numbers[last].start < sentence.end:
                last += 1
            self.sentence(sentence, numbers[first:last])
        if not self.measures:
            self.measures["number"] = {
                "id": "number",
                "name": "number",
                "kind": "count",
                "review": "no figure was read in the text: a placeholder to replace",
            }
        document: dict[str, Any] = {
            "schema_version": 2,
            "fair": self.fair,
            "sources": [self.source],
            "measures": list(self.measures.values()),
            "scopes": list(self.scopes.values()),
        }
        for key, entries in (
            ("dimensions", [d for d in self.dimensions if d["categories"]]),
            ("figures", self.figures),
            ("relations", self.relations),
            ("notes", self.notes),
        ):
            if entries:
                document[key] = entries
        return document

    # A sentence -----------------------------------------------------------------------------

    def sentence(self, sentence: Span, numbers: list[TextNumber]) -> None:
        text = self.folded[sentence.start : sentence.end]
        if not numbers or text.rstrip().endswith((":", "：")):
            # a sentence that introduces what follows: "集中签约项目主要有三个特点:"
            self.topic = self.part_named(text, self.topic)
        quoted = self.quoted(sentence)
        parts = _PARTS.search(text)
        parts_from = sentence.start + parts.end() if parts else sentence.end
        by = parts.group("by") if parts else None
        whole = self.top  # unless a figure before the parts in this sentence is their whole
        dimension: dict[str, Any] | None = None
        pieces = [Span(c.start + sentence.start, c.end + sentence.start) for c in clauses(text)]
        here: list[_Quantity] = []  # the quantities of this sentence's figures, in order
        previous: TextNumber | None = None
        previous_kind = ""
        rates = _rate_runs(numbers) if _RESPECTIVELY.search(text) else {}
        threshold: Span | None = None
        for index, number in enumerate(numbers):
            written = number.value.scaleb(max(0, number.scale - 9))  # as _printed writes it
            if not within_limits(written):
                where = self.where(number.start, number.end)
                self.notes.append(
                    {"text": f"left out, too long for a dataset: the number at {where}"}
                )
                continue
            if number.start < parts_from and here and not by:
                whole = here[-1].scope
            place = next((i for i, c in enumerate(pieces) if number.start < c.end), len(pieces))
            inside = place < len(pieces) and pieces[place].start <= number.start
            clause = pieces[place] if inside else sentence
            begin = max(clause.start, previous.end) if previous else clause.start
            lead = self.folded[begin : number.start]
            after = self.folded[number.end : min(clause.end, number.end + 24)]
            kind = self.kind_of(number, lead, after, text, previous_kind)
            in_parts = number.start >= parts_from
            if in_parts and dimension is None:
                dimension = self.new_dimension(whole, by)
            # the words before it in its clause; a subject may also follow a classifier
            # (14个外商投资项目), or end the clause before
            candidates = [Span(begin, number.start), self.after_classifier(number)]
            if threshold is not None:
                candidates.insert(0, threshold)
            earlier = pieces[place - 1] if inside and place > 0 else None
            if earlier is not None and (previous is None or previous.end <= earlier.start):
                named = self.subject(earlier, number)
                # a subject, not a clause of its own, nor what says that parts follow
                short = named is None or named.end - named.start <= _SUBJECT_CHARS
                if short and not _PARTS.search(self.folded[earlier.start : earlier.end]):
                    candidates.append(earlier)
            bound = _THRESHOLD.match(self.folded, number.end)
            if bound is not None and kind == "figure" and self.bounds(number, bound):
                # "计划投资50亿元及以上项目6个": the number names the scope of the next ones
                threshold = Span(begin, bound.end())
                previous, previous_kind = number, kind
                continue
            threshold = None
            scope = self.scope_for(
                candidates,
                number,
                here,
                whole if in_parts else self.topic or self.top,
                dimension,
                lead=Span(begin, number.start),
            )
            at = {"where": self.where(number.start, number.end), "note": quoted}
            if kind == "figure":
                context = " ".join(self.folded[c.start : c.end] for c in candidates)
                measure = self.measure_for(
                    number, lead, after, here=here, previous=previous, context=context
                )
                quantity = _Quantity(scope, measure)
                self.figure(number, quantity, at)
                here.append(quantity)
                self.recent.append(quantity)
                self.last = quantity
            else:
                said = self.folded[sentence.start : number.start]
                about = here[-1] if here else self.named_quantity(said)
                if index in rates and len(self.recent) >= rates[index][1]:
                    # "分别占…的75%和60.9%": the rates of the figures before, in their order
                    position, count = rates[index]
                    about = self.recent[position - count]
                before = Span(clause.start, number.start)
                # "…产业新体系签约项目超70%": a part named before a rate, with no figure beside it
                named_part = kind == "share" and scope not in (self.top, self.topic)
                alone = named_part and not here
                # or beside a figure of the fair's: "4000多家企业参展,其中境外企业…占43%"
                if about is not None and named_part and (alone or about.scope == self.top):
                    counted = [m for m in self.measures if self.named(m, lead)]
                    about = _Quantity(scope, counted[-1] if counted else about.measure)
                elif kind == "share" and about is not None:
                    about = self.share_part(about, here, self.folded[sentence.start : number.start])
                self.relation(
                    kind,
                    number,
                    scope=scope,
                    lead=lead,
                    before=before,
                    about=about,
                    at=at,
                    unnamed_whole=alone,
                )
            previous, previous_kind = number, kind
        self.claims(sentence, text, here, quoted)

    def part_named(self, text: str, topic: str | None) -> str | None:
        """The part of a breakdown a sentence begins with, after the words that name nothing;
        none if it begins with the fair's name; else the part named before."""
        leading = _LEADING.match(text)
        words = text[leading.end() if leading else 0 :]
        if self.names_fair(Span(0, 0), words[:12]):
            return None
        # 集中签约 is a part's name here, though its words name nothing elsewhere
        found = [key for key in self.scope_names if words.startswith(key) or text.startswith(key)]
        scope = self.scope_names[max(found, key=len)] if found else None
        return scope if scope in self.categories else topic

    def named_quantity(self, said: str) -> _Quantity | None:
        """The figure a rate in a sentence without a figure of its own is about: the latest,
        unless the words before the rate name another measure and not the latest's ("The number
        of buyers ... represented an increase of 5.3 percent", after 214 countries): then the
        latest figure of that measure."""
        named = [q for q in reversed(self.recent) if self.named(q.measure, said)]
        if self.last is None or not named or self.named(self.last.measure, said):
            return self.last
        return named[0]

    def named(self, measure: str, said: str) -> bool:
        name = str(self.measures[measure]["name"])
        if not name.isascii():  # in its own clause: a Chinese sentence runs on over many
            return len(name) >= 2 and name in re.split(r"[，,、；;]", said)[-1]
        word = name.split("-", maxsplit=1)[0]
        return len(word) >= 2 and bool(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", said))

    def share_part(self, about: _Quantity, here: list[_Quantity], said: str) -> _Quantity:
        """The part an English share names before its verb ("Machinery and electronic products
        contributed to 15.9 billion U.S. dollars, or 52.8 percent"): a scope of its own within the
        scope of the figure it is a share of; the sentence's own figure moves to it, as the part
        cannot be the whole. Where no part is named, the figure it is about."""
        named = _ENGLISH_PART.match(said)
        if named is None:
            return about
        words = named.group("name")
        if here and here[-1] is about and self.figures[-1]["scope"] == about.scope:
            part = self.new_scope(words.lower(), about.scope, words)
            self.figures[-1]["scope"] = about.scope = part
            return about
        # a share of its own after another's: the part beside that one, in the same whole
        within = self.scopes[about.scope].get("within") or self.parent_of(about.scope)
        part = self.new_scope(words.lower(), str(within), words)
        return _Quantity(part, about.measure)

    def kind_of(
        self, number: TextNumber, lead: str, after: str, sentence: str, previous_kind: str
    ) -> str:
        """figure, share, up, down or average, as the words beside the number say."""
        cues = list(_CUES.finditer(lead[-16:]))
        named = cues[-1].lastgroup if cues else None  # the cue nearest the number
        if number.percent:
            if named in ("share", "up", "down"):
                return str(named)
            if previous_kind in ("share", "up", "down") and _ONLY_JOINING.fullmatch(lead):
                return previous_kind
            following = _AFTER.match(after)
            if following is not None:
                return "share" if following.lastgroup == "of" else str(following.lastgroup)
            return "up" if _EARLIER_EDITION.search(sentence) else "share"
        if named == "average" and number.currency and self.count_measure(lead) is not None:
            return "average"
        return "figure"

    # Scopes and measures --------------------------------------------------------------------

    def bounds(self, number: TextNumber, bound: re.Match[str]) -> bool:
        """Whether an amount bounds the things named after it (50亿元及以上项目) rather than
        being their figure: "以上" or "以下" is printed after it."""
        said = bound.end() > bound.start() or self.folded[: number.end].endswith(("以上", "以下"))
        return bool(number.currency) and said

    def after_classifier(self, number: TextNumber) -> Span:
        """The words between a classifier and the noun it counts: 外商投资 in 14个外商投资项目."""
        run = self.counted_words(number)
        noun = _COUNT_NOUNS.search(self.folded, run.start, run.end)
        if number.counted not in _CLASSIFIERS or noun is None:
            return Span(run.start, run.start)
        return Span(run.start, noun.start())

    def counted_words(self, number: TextNumber) -> Span:
        """The Chinese words after a number's classifier (项目 in 40个项目现场签约), ten at most."""
        text = self.folded
        start = number.end
        while start < len(text) and text[start].isspace():
            start += 1
        start += text[start : start + 1] in tuple(_CLASSIFIERS)
        end = start
        while end < min(len(text), start + 10) and is_cjk(text[end]):
            end += 1
        return Span(start, end)

    def subject(self, span: Span, number: TextNumber) -> Span | None:
        """The words of a span that may name a scope, once the words at its ends that name
        nothing, the fair or the number's measure are taken out: 外商投资 of 外商投资项目14个."""
        trailing = _TRAILING_OTHER if number.currency or number.percent else _TRAILING_COUNT
        fair = tuple(str(n) for n in (self.top, self.fair.get("short_name")) if n)
        start, end = span.start, span.end
        while start < end:
            text = self.folded[start:end]
            leading = _LEADING.match(text)
            ending = trailing.search(text)
            if leading is not None:
                start += leading.end()
            elif text.startswith(fair):
                start += len(next(name for name in fair if text.startswith(name)))
            elif ending is not None:
                end = start + ending.start()
            else:
                break
        named = self.folded[start:end]
        chinese = sum(map(is_cjk, named))
        return Span(start, end) if len(named) >= 2 and chinese else None

    def scope_for(
        self,
        candidates: list[Span],
        number: TextNumber,
        here: list[_Quantity],
        within: str,
        dimension: dict[str, Any] | None,
        *,
        lead: Span,
    ) -> str:
        """The scope a number is about: the first subject its candidate words name; else the
        scope of the sentence's figure before it; else the whole (the fair, or what a list of
        parts is a part of)."""
        if number.counted and number.counted in _EDITIONS:
            return within  # 连续三届: the editions of the whole
        found = ((c, self.subject(c, number)) for c in candidates)
        source, subject = next(
            ((c, s) for c, s in found if s and self.names_part(s, number, dimension)),
            (None, None),
        )
        if source is not None and dimension is None and self.names_fair(source):
            return within  # the words the subject was taken from speak of the fair
        if subject is None:
            if dimension is not None and number.counted.isascii() and number.counted:
                words = self.counted_noun(number, "") or number.counted
                return self.category(words.replace("-", " "), within, dimension)
            named = self.part_as_written(lead, number) if dimension else None
            if dimension is not None and named is not None:
                key = self.folded[named.start : named.end]
                name = self.prepared.clean[named.start : named.end]
                return self.category(key, within, dimension, name)
            if here:
                return here[-1].scope
            if dimension is not None:  # a part the text does not name
                count = len(dimension["categories"]) + 1
                return self.category(
                    f"part {count} of {self.scope_name(within)}", within, dimension
                )
            return within
        # one scope for one subject however it is written; named as the text writes it
        key = self.folded[subject.start : subject.end]
        name = self.prepared.clean[subject.start : subject.end]
        if dimension is not None:
            return self.category(key, within, dimension, name)
        return self.new_scope(key, within, name)

    def names_part(self, subject: Span, number: TextNumber, dimension: object) -> bool:
        """Whether a subject names a part: among a list of parts (其中), any subject does;
        elsewhere only one that the noun of what is counted or summed follows (制造业 of
        制造业项目48个, not 吸金 of 688个项目“吸金”4889.2亿元), or that follows the number's
        classifier (14个外商投资项目)."""
        if dimension is not None or subject.start >= number.end:
            return True
        between = self.folded[subject.end : number.start]
        return bool(_COUNT_NOUNS.search(between) or _AMOUNT_NOUNS.search(between))

    def names_fair(self, subject: Span, words: str = "") -> bool:
        """Whether a subject (or the words given) is the fair's own name, or words about the
        fair (本届西洽会各方收获颇丰, 此届博览会): its figures are the fair's."""
        words = words or self.folded[subject.start : subject.end]
        names = [str(n) for n in (self.fair.get("short_name"), self.fair["name"]) if n]
        return bool(_FAIR_WORDS.search(words)) or any(n in words for n in names)

    def part_as_written(self, lead: Span, number: TextNumber) -> Span | None:
        """A part named by the words before the noun of what it counts or sums, as written:
        集中签约 of "其中,集中签约项目102个", which the words that name no scope (集中, 签约)
        would otherwise take away whole."""
        text = self.folded[lead.start : number.start]
        noun = _COUNT_NOUNS.search(text) or _AMOUNT_NOUNS.search(text)
        if noun is None:
            return None
        start = lead.start + (m.end() if (m := _PARTS.match(text)) else 0)
        while start < lead.start + noun.start() and not is_cjk(self.folded[start]):
            start += 1
        end = lead.start + noun.start()
        return Span(start, end) if end - start >= 2 else None

    def new_scope(self, key: str, within: str, name: str = "") -> str:
        if key in self.scope_names:
            return self.scope_names[key]
        name = printable(name or key)
        scope_id = self.unique_id(key)
        self.scopes[scope_id] = {
            "id": scope_id,
            "name": name,
            "within": within,
            "review": f"a scope named from the words before a number; its parent {within!r} "
            "is guessed",
        }
        self.scope_names[key] = scope_id
        return scope_id

    def category(self, key: str, within: str, dimension: dict[str, Any], name: str = "") -> str:
        if key in self.scope_names:
            return self.scope_names[key]
        scope_id = self.unique_id(key)
        dimension["categories"].append({"id": scope_id, "name": printable(name or key)})
        self.categories.add(scope_id)
        self.scope_names[key] = scope_id
        return scope_id

    def new_dimension(self, whole: str, by: str | None) -> dict[str, Any]:
        dimension: dict[str, Any] = {
            "id": f"parts-{len(self.dimensions) + 1}",
            "name": printable(f"by {by}" if by else f"parts of {self.scope_name(whole)}"),
            "of": whole,
            "complete": False,
            "categories": [],
            "review": f"parts of a total (其中, including, 从…看): the whole {whole!r} is "
            "guessed, and whether the parts are all of it",
        }
        self.dimensions.append(dimension)
        return dimension

    def scope_name(self, scope_id: str) -> str:
        return next((n for n, i in self.scope_names.items() if i == scope_id), scope_id)

    def unique_id(self, name: str) -> str:
        words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
        base = "-".join(words)[:24].strip("-") or "scope"
        scope_id, suffix = base, 1
        while scope_id in self.scopes or scope_id in self.categories:
            suffix += 1
            scope_id = f"{base}-{suffix}"
        return scope_id

    def measure_for(
        self,
        number: TextNumber,
        lead: str,
        after: str,
        *,
        here: list[_Quantity] | None = None,
        previous: TextNumber | None = None,
        context: str = "",
    ) -> str:
        """The measure a figure is of, named from the noun beside it (or in `context`, the
        words its subject was looked for in)."""
        if number.currency:
            converted = previous is not None and re.fullmatch(
                r"\s*[（(]\s*", self.folded[previous.end : number.start]
            )
            if converted and here and self.measures[here[-1].measure]["kind"] == "amount":
                return here[-1].measure  # "RMB 447 billion (US$ 70.19 billion)"
            nouns = next(
                (
                    found
                    for text in (lead, after, context)
                    if (found := _AMOUNT_NOUNS.findall(text))
                ),
                ["amount"],
            )
            named = nouns[-1]
            if named.lower() in _GENERIC_AMOUNTS:
                # 金额2285亿元 after 签约总额3578.2亿元: the sum named before, in its currency
                before = (
                    q.measure
                    for q in reversed(self.recent)
                    if self.measures[q.measure]["kind"] == "amount"
                    and self.measures[q.measure].get("unit") == number.currency
                )
                return next(before, None) or self.measure(
                    _amount_id(named), named, "amount", unit=number.currency
                )
            return self.measure(_amount_id(named), named, "amount", unit=number.currency)
        if number.counted in _AREA_UNITS:
            return self.measure("area", "area", "other", unit="m²")
        noun = self.counted_noun(number, lead)
        if noun is None:
            # what it counts is not printed: a measure of its own, never compared with another
            # number of nothing named (5天 and 6万余名 are not one measure)
            taken = sum(m == "number" or m.startswith("number-") for m in self.measures)
            noun = f"number-{taken + 1}" if taken else "number"
        if number.value != number.value.to_integral_value() and number.scale == 0:
            return self.measure(noun, noun, "other", unit=noun)
        return self.measure(noun, noun, "count")

    def counted_noun(self, number: TextNumber, lead: str) -> str | None:
        counted = number.counted
        if counted and counted.isascii():
            words: list[str] = []
            for word in re.findall(
                r"[A-Za-z][\w'-]*|\S", self.folded[number.end : number.end + 60]
            ):
                if not word[0].isalpha() or word.lower() in _ENGLISH_STOP or len(words) == 3:
                    break
                words.append(word.lower())
            return "-".join(words) or None
        if counted and counted in _EDITIONS:
            return "届"
        if counted and counted in _CLASSIFIERS:
            run = self.counted_words(number)
            noun = _COUNT_NOUNS.search(self.folded, run.start, run.end)
            if noun is not None:
                return noun.group()
            if run.end - run.start >= 2 and not _LEADING.match(self.folded, run.start, run.end):
                # 三个特点, 20余个领域: a noun of its own after the classifier, not the lead's (a
                # Chinese noun is most often two characters)
                return self.folded[run.start : run.start + 2]
            before = list(_COUNT_NOUNS.finditer(lead))
            return before[-1].group() if before else counted
        return counted or None

    def count_measure(self, lead: str) -> str | None:
        """The count an average in these words is over: the one named, else the latest."""
        noun = _COUNT_NOUNS.search(lead)
        if noun is not None and noun.group() in self.measures:
            return noun.group()
        counts = [m for m in self.measures.values() if m["kind"] == "count"]
        return str(counts[-1]["id"]) if counts else None

    def measure(self, measure_id: str, name: str, kind: str, *, unit: str = "") -> str:
        existing = self.measures.get(measure_id)
        if existing is not None and existing["kind"] == kind:
            return measure_id
        if existing is not None:
            measure_id = f"{measure_id}-{kind}"
            if measure_id in self.measures:
                return measure_id
        entry: dict[str, Any] = {"id": measure_id, "name": name, "kind": kind}
        if unit:
            entry["unit"] = unit
        entry["review"] = "a measure named from the words beside its numbers"
        self.measures[measure_id] = entry
        return measure_id

    # Statements -----------------------------------------------------------------------------

    def quoted(self, sentence: Span) -> str:
        """A sentence as a note quotes it: as given, on one line, cut if long."""
        quoted = printable(self.prepared.original(sentence.start, sentence.end))
        return quoted if len(quoted) <= _NOTE_CHARS else quoted[: _NOTE_CHARS - 1] + "…"

    def figure(self, number: TextNumber, quantity: _Quantity, at: dict[str, str]) -> None:
        self.apart(number, quantity, at["where"])
        measure = self.measures[quantity.measure]
        entry: dict[str, Any] = {"scope": quantity.scope, "measure": quantity.measure}
        if measure["kind"] == "amount" and number.currency != measure["unit"]:
            entry["unit"] = number.currency
        entry.update(_printed(number, "value"))
        entry.update(at)
        entry["review"] = "the scope and the measure are guessed"
        self.figures.append(entry)

    def apart(self, number: TextNumber, quantity: _Quantity, where: str) -> None:
        """A figure whose scope and measure already hold a value far from its own is of another
        measure, marked so, until a reviewer says otherwise: a guess that cannot raise a
        conflict the text does not hold (the countries of guests, of exhibitors and of buyers
        are three). Values within a fiftieth of each other are one figure printed twice, a
        typo or a rounding apart: they are kept together, for check to judge."""
        amount = number.value.scaleb(number.scale)
        held = self.amounts.setdefault((quantity.scope, quantity.measure, number.currency), [])
        other = next((w for a, w in held if abs(a - amount) > max(a, amount) / 50), None)
        if other is not None:
            old = self.measures[quantity.measure]
            count = sum(m.startswith(f"{quantity.measure}-") for m in self.measures) + 2
            quantity.measure = f"{quantity.measure}-{count}"
            self.measures[quantity.measure] = {
                **old,
                "id": quantity.measure,
                "review": f"another value of {old['name']!r} of this scope is printed at "
                f"{other}: another measure, or a conflict the text holds",
            }
            held = self.amounts.setdefault((quantity.scope, quantity.measure, number.currency), [])
        held.append((amount, where))

    def relation(
        self,
        kind: str,
        number: TextNumber,
        *,
        scope: str,
        lead: str,
        before: Span,
        about: _Quantity | None,
        at: dict[str, str],
        unnamed_whole: bool = False,
    ) -> None:
        quantity = about
        if kind == "average":
            amount = self.measure_for(number, lead, "")
            count = self.count_measure(lead)
            entry: dict[str, Any] = {
                "type": "average",
                "scope": scope,
                "amount": amount,
                "count": count,
            }
            entry.update(_printed(number, "value"))
            if number.currency != self.measures[amount]["unit"]:
                entry["unit"] = number.currency
            review = "an average: its scope and its count are guessed"
        elif quantity is None:
            return  # a rate of nothing read yet: the figure it is about is not in the text
        elif kind == "share":
            part = quantity.scope
            if part == self.top:
                part = self.new_scope(f"part of {self.scope_name(quantity.scope)}", quantity.scope)
            named = list(_SHARE_OF.finditer(self.folded, before.start, before.end))
            words = self.subject(Span(*named[-1].span(1)), number) if named else None
            whole = ""
            if words is not None:  # 占投资类项目的75%: the whole is named
                key = self.folded[words.start : words.end]
                whole = self.new_scope(key, self.top, self.prepared.clean[words.start : words.end])
            if not whole and unnamed_whole:
                # a share of a part the text gives no whole for: a whole of its own to name, as
                # the part's parent may not be it (70% of the projects of one kind, not all)
                name = f"what {self.scope_name(part)} is a share of"
                whole = self.new_scope(name, self.top)
            if not whole or whole == part:
                whole = self.scopes.get(part, {}).get("within") or self.parent_of(part)
            entry = {
                "type": "share",
                "part": {"scope": part, "measure": quantity.measure},
                "whole": {"scope": whole},
                "percent": number.value,
            }
            review = "a share: its part and its whole are guessed"
        else:
            value = -number.value if kind == "down" else number.value
            entry = {
                "type": "growth",
                "of": {"scope": quantity.scope, "measure": quantity.measure},
                "percent": value,
            }
            review = "a growth: what grew is guessed, over the previous edition"
            if _OVER_THE_FIRST.search(self.folded, before.start, before.end):
                entry["base"] = {"ordinal": 1}
                review = "a growth: what grew is guessed, over the first edition"
        if number.qualifier != "exact":
            entry["qualifier"] = number.qualifier
        entry.update(at)
        entry["review"] = review
        self.relations.append(entry)

    def parent_of(self, scope: str) -> str:
        for dimension in self.dimensions:
            if any(c["id"] == scope for c in dimension["categories"]):
                return str(dimension["of"])
        return self.top

    def claims(self, sentence: Span, text: str, here: list[_Quantity], quoted: str) -> None:
        """A record or a rank the sentence claims, of its latest figure."""
        figures = [quantity for quantity in here if quantity.measure != "届"]
        if not figures:
            return
        of = {"scope": figures[-1].scope, "measure": figures[-1].measure}
        for match in _RECORD.finditer(text):
            self.relations.append(
                {
                    "type": "record",
                    "of": of,
                    "where": self.where(
                        sentence.start + match.start(), sentence.start + match.end()
                    ),
                    "note": quoted,
                    "review": "a record: which figure it is claimed of is guessed",
                }
            )
        for match in _RANK.finditer(text):
            rank = _rank(match)
            if rank is None:
                continue
            self.relations.append(
                {
                    "type": "rank",
                    "of": of,
                    "rank": rank,
                    "where": self.where(
                        sentence.start + match.start(), sentence.start + match.end()
                    ),
                    "note": quoted,
                    "review": "a rank: which figure it is claimed of, and among what, is guessed",
                }
            )

    def where(self, start: int, end: int) -> str:
        """Where a number or a claim is printed: headline or body, and its characters in the
        text as given."""
        origin = self.prepared.origin
        part = "headline" if start < self.first_line_end else "body"
        return f"{part}, characters {origin[start]}-{origin[end]}"


def _rate_runs(numbers: list[TextNumber]) -> dict[int, tuple[int, int]]:
    """For each percentage in a run of them (75%和60.9%): its place in the run and the run's
    length."""
    runs: dict[int, tuple[int, int]] = {}
    start = 0
    while start < len(numbers):
        end = start
        while end < len(numbers) and numbers[end].percent:
            end += 1
        for index in range(start, end):
            runs[index] = (index - start, end - start)
        start = end + 1
    return runs


def _rank(match: re.Match[str]) -> int | None:
    if match.group("top"):
        return 1
    if match.group("word"):
        return ("first", "second", "third").index(match.group("word").lower()) + 1
    numeral = match.group("number")
    value = Decimal(numeral) if numeral.isdigit() else chinese_value(numeral)
    return int(value) if value else None


def _amount_id(noun: str) -> str:
    """One measure for the ways of naming it: 总投资, 投资额 and 投资 are one."""
    if noun.isascii():
        return noun.lower().removesuffix("s")
    if noun in _GENERIC_AMOUNTS:
        return noun
    return noun.removeprefix("总").removesuffix("总额").removesuffix("额")


def _printed(number: TextNumber, key: str) -> dict[str, Any]:
    """A number's value, scale and qualifier as the dataset format writes them."""
    value, scale = number.value, number.scale
    if scale not in _SCALE_NAMES:
        value, scale = value.scaleb(scale - 9), 9  # 万亿, trillion: thousands of billions
    entry: dict[str, Any] = {key: value}
    if scale != 0:
        entry["scale"] = _SCALE_NAMES[scale]
    if number.qualifier != "exact":
        entry["qualifier"] = number.qualifier
    return entry
