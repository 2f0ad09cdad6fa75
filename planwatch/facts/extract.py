"""Facts from prose: every number with its region, subject, period, kind, unit and qualifier.

``extract(text)`` reads a document (plain text, lines as printed) and returns :class:`Fact` rows,
each with the sentence and line it came from. Pure: no store, no files.

The reading follows the styles of 统计公报 paragraphs ("2022年，全市……，增长x%"), 政府工作报告
reviews and news features: a period that opens a sentence holds for the sentences after it; a
region named in a sentence (义乌, 永康, 金东, 浙江, 全国, a company) holds for the rest of it;
"A和B分别为x和y" pairs subjects (or regions) with values; a rank ("增速全省第一") is a fact about
the number before it. Years, dates, document numbers (浙委办发〔2021〕35号), phone numbers, page
and line numbers, ordinals (第十七届) and quoted names are not values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from planwatch.facts.numbers import Number, cn_to_int, find_numbers, normalize
from planwatch.facts.periods import PeriodSpan, find_periods, non_value_spans
from planwatch.model import ValueQualifier


class FactKind(StrEnum):
    LEVEL = "level"
    GROWTH = "growth"
    SHARE = "share"
    CHANGE_POINTS = "change_points"
    RANK = "rank"
    COUNT = "count"
    CUMULATIVE = "cumulative"
    TARGET = "target"
    INDEX = "index"


@dataclass(frozen=True)
class Fact:
    region: str
    subject: str
    period: str | None  # a planwatch.model.Period code, or None when the text gives none
    kind: FactKind
    value: float
    unit: str
    qualifier: ValueQualifier
    sentence: str
    line: int
    scope: str | None = None  # ranks: 全省, 全国, 长三角, 全球, 金华市内
    rank_of: str | None = None  # ranks: level, growth, share
    text: str = ""  # the number as printed
    estimated: bool = False  # 预计
    upper: float | None = None  # the upper end of a range (前十 = 1..10)
    company: bool = False  # region is a company, not a place

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region, "subject": self.subject, "period": self.period,
            "kind": self.kind.value, "value": self.value, "unit": self.unit,
            "scope": self.scope, "qualifier": self.qualifier.value,
            "sentence": self.sentence, "line": self.line, "rank_of": self.rank_of,
            "text": self.text, "estimated": self.estimated, "upper": self.upper,
        }


def _places() -> dict[str, Any]:
    """The place words of the embedded data (``places.yaml`` beside its ``regions.yaml``): no
    region is named in this module."""
    import yaml

    from planwatch.dataset import EMBEDDED

    data: dict[str, Any] = yaml.safe_load((EMBEDDED / "places.yaml").read_text(encoding="utf-8"))
    return data


PLACES = _places()
_PROVINCE_WORDS = sorted(PLACES["province_words"], key=len, reverse=True)
_PROVINCE_ALT = "|".join(re.escape(w) for w in _PROVINCE_WORDS)
_HOME_SHORT = re.escape(PLACES["home_short"])
DEFAULT_REGION: str = PLACES["home"]
REGIONS: dict[str, str] = {
    **PLACES["places"], **{w: PLACES["province"] for w in PLACES["province_words"]},
    "全国": "全国", "全省": PLACES["province"],
}
_REGION_RE = re.compile(PLACES["place_pattern"])
_HOME_RE = re.compile(r"(全市|我市|" + PLACES["home_pattern"] + r"|市区)")
_NATION_RE = re.compile(r"^(?:全国|" + _PROVINCE_ALT + r"|全省)(?!第|前|首|唯一|率先|推广|领先|各)")
_COMPANY_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2}(?:科技|东磁|光能|太阳能|汽车|能源))|"
    r"(?:[\u4e00-\u9fff]{2,6}(?:集团|有限公司|股份)))(?![部局厅委型园城馆学院所站创])"
)
_NOT_COMPANY = (
    "新能源", "能源", "智能", "电动", "培育", "产业", "企业", "全市", "高新", "发展", "省级", "国家",
    "市级", "科技型", "科技创新", "汽车及", "通过", "传媒",
)

_SCOPE = r"全省各市|全省|全国|全市|长三角|全球|世界|省内|市内|" + _PROVINCE_ALT + r"|国内"
_SCOPES: dict[str, str] = {
    "全省各市": "全省", "全省": "全省", **{w: "全省" for w in _PROVINCE_WORDS}, "省内": "全省",
    "全国": "全国", "国内": "全国", "国家": "全国", "全球": "全球", "世界": "全球",
    "长三角": "长三角", "全市": PLACES["home_scope"], "市内": PLACES["home_scope"],
}
_RANK_RE = re.compile(
    rf"(?P<scope>{_SCOPE})?(?:排名|排|居|列|位居|位列|跃升|跃居|稳居|名列)?\s?"
    r"第\s?(?P<n>\d++|[一二三四五六七八九十]++)\s?(?P<tail>位|名|大|个|的)?"
    r"(?!梯队|批|届|次|代|季度|阶段|轮)"
)
_FIRST_RE = re.compile(rf"(?P<scope>{_SCOPE})(?:首位|头名)")
_TOP_RE = re.compile(
    rf"(?P<scope>{_SCOPE})(?:前\s?(?P<n>\d+|[一二三四五六七八九十]+)(?!列)|"
    rf"[\u4e00-\u9fff]{{0,10}}?(?P<m>十|二十|五十|百)强)"
)

_GROWTH_WORDS = re.compile(
    r"增长率?|增速|增幅|同比|年均增|提高|提升|下降|降低|减少|回落|增加|翻|上涨|涨幅|上升|下滑|下跌|降幅|跌幅"
)
_SHARE_WORDS = re.compile(r"比重|占比|占|(?<![增长])率|比例|实现度|份额|覆盖面")
_DOWN_WORDS = re.compile(r"(下降|降低|减少|回落|下滑|下跌)[^，]{0,3}$")
#: "分别下降1.2%、5.3%、11.0%": every item of the list after 分别 fell, not just the first
_DOWN_LIST = re.compile(r"分别(?:比上年|同比|比上月)?(?:下降|降低|减少|回落|下滑|下跌)"
                        r"(?:[\s\d.%、,，和及与-]|个百分点)*$")
_TARGET_WORDS = re.compile(r"力争|目标|确保|预期目标|将分别达到|将达到|将达|建成达产后|计划到")
_CUMULATIVE_WORDS = re.compile(r"累计|新增|共计|合计|[两二三四五六七八九十]年(?:来|间|新增|累计)")
_COUNT_UNITS = {
    "家", "个", "项", "件", "列", "台", "户", "人", "条", "座", "所", "名", "次", "辆", "批", "处",
    "届", "年", "个月", "天", "人次", "标箱", "套", "张", "株", "部", "支", "场", "篇", "只", "艘",
    "例", "宗", "班", "趟",
}
_CN_COUNT = ("个", "条", "项", "家", "座", "所", "名", "列", "台", "户", "倍", "批", "处", "位")

_LEAD = re.compile(
    r"^(?:[，、：:（(）)\s]|其中|全市|我市|" + _HOME_SHORT + r"市?|全年|今年|同时|此外|目前|如今|已经|已|并|共有|共计|"
    r"累计|新增|实现|拥有|分别|均|当年|年末|年底|截至目前|全域|还|也|总计|合计|以上|近年来|在|力争|建设|"
    r"这|该|达到|达|为|对|其|比上年|较上年|同比|排名|成为|认定|成功|培育|着力|整合|连跨|贡献|承接|"
    r"推动|带动|吸引|打造|建成|获批|入选)+"
)
_TRAIL = re.compile(
    r"(?:[，、：:（(\s]|同比|比上年|较上年|较两年前|分别|累计|实现|达到|达|为|是|增长率?|增速|增幅|提高|"
    r"提升|下降|降低|减少|回落|突破|首次突破|首破|超过|超出|超|逾|逼近|接近|将近|近|约|大约|预计|居|"
    r"位居|位列|排名|跃升|跃居|稳居|名列|跨过|迈上|迈入|站上|保持|增加到|增加|至|到|了|的|共|有|"
    r"拥有|新增|高达|已|已经|年均|平均|持续|连续|仅用|就|其中|获评|入选|认定|上升|缩小|和|及|与|"
    r"成为|交付|整合|(?<!班)列|从|多年|较前|较|提前|加速集聚|集聚)+$"
)


@dataclass
class _Clause:
    start: int
    end: int


def extract(
    text: str, *, ref_year: int | None = None, plan: tuple[int, int] = (2021, 2025),
    default_region: str = DEFAULT_REGION,
) -> list[Fact]:
    """Every fact in ``text``. ``ref_year`` is the year "今年" means; ``plan`` the period "五年"
    and "“十四五”期间" mean."""
    original = text
    text = simplified(text)
    facts: list[Fact] = []
    if ref_year is None:
        ref_year = guess_ref_year(text)
    for para, line_of in _paragraphs(text):
        opening_period: str | None = None
        topic_company: str | None = None
        carry: Fact | None = None
        for s0, s1 in _sentences(para):
            sentence = para[s0:s1]
            found, opening = _sentence_facts(
                sentence, _LineOf(line_of, s0), ref_year=ref_year, plan=plan,
                inherited=opening_period, company=topic_company, default_region=default_region,
                carry=carry,
            )
            carry = found[-1] if found else carry
            if opening is not None:
                multi = re.fullmatch(r"\d{4}\.\.\d{4}", opening)
                opening_period = None if multi else opening
            if not found:
                topic_company = _company(sentence, len(sentence)) or topic_company
            facts.extend(found)
    if text != original:
        facts = [_quote_original(f, text, original) for f in facts]
    return facts


def simplified(text: str) -> str:
    """Traditional characters (reposted bulletins and news) as simplified ones, one character
    for one, so every offset stays valid and the original can be quoted (OpenCC t2s)."""
    if text.isascii():
        return text
    from opencc import OpenCC

    cc = OpenCC("t2s")
    out = str(cc.convert(text))
    if len(out) == len(text):
        return out
    return "".join(c if len(d := str(cc.convert(c))) != 1 else d for c in text)


def _quote_original(f: Fact, text: str, original: str) -> Fact:
    """The fact's sentence as printed (traditional characters kept)."""
    at = text.find(f.sentence)
    if at < 0:
        return f
    return replace(f, sentence=original[at : at + len(f.sentence)])


@dataclass(frozen=True)
class _LineOf:
    lines: list[int]
    offset: int

    def __call__(self, i: int) -> int:
        return self.lines[min(self.offset + i, len(self.lines) - 1)]


def guess_ref_year(text: str) -> int | None:
    """The year "今年" most likely means: the latest year the text reports on (years after 到/至
    and years of 远景目标 are plans, not reports)."""
    years = [
        int(m[1]) for m in re.finditer(r"(?<![到至])\s?(20\d\d)\s?年(?!远景|目标)", normalize(text))
    ]
    return max(years) if years else None


# -- text layout ----------------------------------------------------------------------------

_LINE_NUMBER = re.compile(r"^\s*\d{1,4}(?:\s+|[.、．]\s*)(?=[\u4e00-\u9fff])(?![年月日])")
_OPEN_END = re.compile(r"[。！？；!?;…”」）)：:*]$")


def _paragraphs(text: str) -> list[tuple[str, list[int]]]:
    """Lines joined into paragraphs where a sentence runs across a line break (PDF text)."""
    out: list[tuple[str, list[int]]] = []
    cur, lines = "", []
    for no, raw in enumerate(text.splitlines(), 1):
        line = normalize(raw).strip()
        m = _LINE_NUMBER.match(line)
        if m and not re.match(r"\s*\d+\s*(?:年|月|日|[个家项件%])", line):
            line = line[m.end() :]
        if not line:
            continue
        open_quote = cur.count("“") > cur.count("”")
        if cur and (len(cur) >= 20 and not _OPEN_END.search(cur) or open_quote):
            cur += line
            lines += [no] * len(line)
            continue
        if cur:
            out.append((cur, lines))
        cur, lines = line, [no] * len(line)
    if cur:
        out.append((cur, lines))
    return out


def _sentences(para: str) -> list[tuple[int, int]]:
    out, start, depth = [], 0, 0
    for i, c in enumerate(para):
        depth += 1 if c == "“" else -1 if c == "”" and depth else 0
        if c in "。！？；!?;" and depth == 0:
            out.append((start, i + 1))
            start = i + 1
    if start < len(para):
        out.append((start, len(para)))
    return [(a, b) for a, b in out if para[a:b].strip()]


def _clauses(sentence: str) -> list[_Clause]:
    out, start = [], 0
    for m in re.finditer(r"[，：（）()]|,(?!\d)", sentence):
        out.append(_Clause(start, m.start()))
        start = m.end()
    out.append(_Clause(start, len(sentence)))
    return out


def _clause_at(clauses: list[_Clause], pos: int) -> _Clause:
    for c in clauses:
        if c.start <= pos <= c.end:
            return c
    return clauses[-1]


# -- one sentence ---------------------------------------------------------------------------

@dataclass
class _Item:
    """A number or a rank found in the sentence, before context is applied."""

    start: int
    end: int
    number: Number | None
    rank: tuple[float, str | None, float | None] | None = None  # value, scope, upper


def _sentence_facts(
    sentence: str, line_at: Any, *, ref_year: int | None, plan: tuple[int, int],
    inherited: str | None, company: str | None, default_region: str, carry: Fact | None = None,
) -> tuple[list[Fact], str | None]:
    periods = find_periods(sentence, ref_year=ref_year, plan=plan)
    opening = next((p.code for p in periods if p.opening and p.code), None)
    items = _items(sentence, periods)
    clauses = _clauses(sentence)
    facts: list[Fact] = []
    distributed = _distribute(sentence, items, clauses)
    region, is_company = default_region, False
    if company:
        region, is_company = company, True
    last_pos = prev_end = 0
    for item in items:
        region, is_company = _region_between(
            sentence, last_pos, item.start, region, is_company, clauses, default_region
        )
        last_pos = item.start
        period = _period_for(sentence, periods, item.start, inherited, clauses)
        fact = _fact(sentence, item, clauses, facts or ([carry] if carry else []), period, region,
                     is_company, line_at, prev_end)
        prev_end = item.end
        if fact is None:
            continue
        if id(item) in distributed:
            what, name = distributed[id(item)]
            fact = replace(fact, region=name, company=False) if what == "region" else (
                replace(fact, subject=name)
            )
        facts.append(fact)
    return facts, opening


def _overlaps(a0: int, a1: int, spans: list[tuple[int, int]]) -> bool:
    return any(a0 < e and s < a1 for s, e in spans)


def _items(sentence: str, periods: list[PeriodSpan]) -> list[_Item]:
    s = normalize(sentence)
    ranks = _ranks(s)
    rank_spans = [(r.start, r.end) for r in ranks]
    blocked = [(a, b) for a, b in non_value_spans(s) if not _overlaps(a, b, rank_spans)]
    blocked += [(p.start, p.end) for p in periods] + rank_spans
    items = list(ranks)
    numbers = [
        n for n in (_list_unit(s, x) for x in find_numbers(s))
        if not _overlaps(n.end - len(n.text), n.end, blocked) and _is_value(s, n)
    ]
    items += [_Item(n.start, n.end, n) for n in numbers if not _is_threshold(s, n, numbers)]
    return sorted(items, key=lambda i: i.start)


_LIST_TAIL = re.compile(r"(?:\s?[、和及与,，]\s?-?\d+(?:\.\d+)?)+\s?(个百分点|%)")


def _list_unit(s: str, n: Number) -> Number:
    """"提高0.3、0.5和0.2个百分点", "分别为12.1、32.6%": a bare number in a list takes the unit
    printed once after the list's last item."""
    if n.unit or n.form != "plain":
        return n
    m = _LIST_TAIL.match(s, n.end)
    if not m:
        return n
    return replace(n, unit=m[1], form="points" if m[1] == "个百分点" else "percent")


def _structure_subject(s: str, n: Number, subject: str, clause_text: str) -> str:
    """三次产业结构3.0:43.4:53.6: the k-th part of the structure."""
    run = re.search(r"[\d.:]*$", s[: n.start])
    k = (run[0] if run else "").count(":")
    if "三次产业" in clause_text and k < 3:
        return ("第一产业", "第二产业", "第三产业")[k] + "比重"
    base = re.sub(r"（第\d+项）$", "", subject)
    return f"{base}（第{k + 1}项）"


def _is_threshold(s: str, n: Number, others: list[Number]) -> bool:
    """"年产值超百亿元制造业企业6家", "500人以上行政村": a number that defines a group."""
    nxt = s[n.end : n.end + 1]
    if not re.match(r"[\u4e00-\u9fff]", nxt) or nxt in "的和及与或等":
        return False
    if n.text.endswith("以上"):
        return True
    if n.text.endswith("级"):
        return False  # 千亿级台阶, 千亿级产业集群: a claim of size, not a group's definition
    money = n.unit.endswith("元") or n.unit in ("亿", "万")
    clause_end = re.search(r"[，。；]", s[n.end :])
    stop = n.end + (clause_end.start() if clause_end else len(s))
    begin = max((m.end() for m in re.finditer(r"[，。；]", s[: n.start])), default=0)
    return money and any(begin <= m.start < stop and m.unit.lstrip("万亿") in _COUNT_UNITS
                         for m in others if m is not n)


def _is_value(s: str, n: Number) -> bool:
    if n.form in ("chinese", "magnitude") and n.unit in ("", "年"):
        return False
    if n.form in ("chinese", "multiple") and not n.text.startswith("翻"):
        m = re.match(r"[零〇○一二两三四五六七八九十百千万亿]+", n.text)
        core = m[0] if m else ""
        if n.unit == "倍":
            return True
        if n.unit not in _CN_COUNT or core == "一":
            return False
        if s[n.end : n.end + 1] == "“":
            return False  # 两个“先行”: a slogan
    if n.form == "plain" and n.unit == "" and s[n.end : n.end + 1] in ("+", "·", "、"):
        return False
    return True


def _rank_value(text: str) -> float:
    return float(text) if text.isdigit() else float(cn_to_int(text))


def _ranks(s: str) -> list[_Item]:
    out: list[_Item] = []
    for m in _RANK_RE.finditer(s):
        if m["scope"] is None and m["tail"] not in ("位", "名"):
            continue
        if m["tail"] == "大" and not re.match(r"[\u4e00-\u9fff]", s[m.end() : m.end() + 1]):
            continue
        n0 = m.start("n") - (2 if s[m.start("n") - 2 : m.start("n")] == "第 " else 1)
        start = m.start("scope") if m["scope"] else n0
        scope = _SCOPES.get(m["scope"] or "") or _scope_before(s, m.start())
        end = m.end("n") if m["tail"] in ("个", "的", "大") else m.end()
        out.append(_Item(start, end, None, (_rank_value(m["n"]), scope, None)))
    for m in _FIRST_RE.finditer(s):
        out.append(_Item(m.start(), m.end(), None, (1.0, _SCOPES[m["scope"]], None)))
    for m in _TOP_RE.finditer(s):
        top = _rank_value(m["n"] or m["m"])
        out.append(_Item(m.start(), m.end(), None, (1.0, _SCOPES[m["scope"]], top)))
    return out


def _scope_before(s: str, pos: int) -> str | None:
    head = s[max(0, pos - 20) : pos]
    for word in ("国家", "全国", "全省", _PROVINCE_WORDS[-1], "长三角", "全球", "世界"):
        if word in head:
            return _SCOPES[word]
    return None


_OWN_VERB = re.compile(r"增长|突破|达|为|成为|总量|实现|超|近|约|缩小|扩大|提升|提高|下降|居|列")


def _period_for(
    s: str, periods: list[PeriodSpan], pos: int, inherited: str | None, clauses: list[_Clause]
) -> str | None:
    """The nearest period before ``pos``; a multi-year span ("五年间") in mid-sentence holds
    only for its own clause."""
    here = _clause_at(clauses, pos)
    for p in reversed([p for p in periods if p.end <= pos]):
        if (p.code and ".." in p.code and not p.opening and p.start < here.start
                and _OWN_VERB.search(s[here.start : pos])):
            continue
        return p.code  # None: a date or "截至目前" just before, so no period
    return inherited


def _company(sentence: str, pos: int) -> str | None:
    found = None
    for m in _COMPANY_RE.finditer(sentence[:pos]):
        name = m[1]
        home = PLACES["home_short"]
        name = name[len(home):] if name.startswith(home) and len(name) > len(home) + 2 else name
        if any(w in name for w in _NOT_COMPANY):
            continue
        after = sentence[m.end() : m.end() + 2]
        before = sentence[max(0, m.start() - 1) : m.start()]
        if after.startswith(("等", "为")) or before == "以":
            continue
        found = name
    return found


def _region_between(
    s: str, a: int, b: int, region: str, is_company: bool, clauses: list[_Clause],
    default_region: str,
) -> tuple[str, bool]:
    """The region in force at ``b``, given the one in force at ``a``."""
    text = s[a:b]
    hits: list[tuple[int, str, bool]] = []
    for m in _REGION_RE.finditer(text):
        if "等" not in text[m.end() :]:  # "磐安大乌石、金东八仙积道等3个片区": a list
            hits.append((m.start(), REGIONS[m[1]], False))
    for m in _HOME_RE.finditer(text):
        hits.append((m.start(), default_region, False))
    clause = _clause_at(clauses, b)
    comp = _company(text, len(text))
    if comp:
        at = a + text.rfind(comp)
        own = _clause_at(clauses, at)
        lead = re.sub(r"^\s*(?:\d{4}\s?年度?)?[，\s]*(?:" + _HOME_SHORT + r")?", "", s[own.start : at])
        if own is clause or lead == "":
            hits.append((at - a, comp, True))
    head = s[clause.start : b].lstrip()
    head = re.sub(r"^(?:\d{4}\s?年度?|今年|[上下]半年|\d{1,2}\s?[-至]\s?\d{1,2}\s?月)+[，\s]*", "", head)
    nation = _NATION_RE.match(head)
    if nation is not None:
        hits.append((b - a - len(head), REGIONS[nation[0]], False))
    if not hits:
        return region, is_company
    _, name, comp_flag = max(hits, key=lambda h: h[0])
    return name, comp_flag


def _distribute(
    s: str, items: list[_Item], clauses: list[_Clause]
) -> dict[int, tuple[str, str]]:
    """"A和B分别为x和y": pair names before 分别 with the values after it."""
    out: dict[int, tuple[str, str]] = {}
    for m in re.finditer("分别", s):
        clause = _clause_at(clauses, m.start())
        after = [i for i in items if i.start > m.start() and i.number is not None
                 and i.start <= clause.end]
        if len(after) < 2:
            continue
        head = s[clause.start : m.start()]
        regions = [REGIONS[r] for r in _REGION_RE.findall(head)]
        if len(regions) == len(after):
            out.update({id(i): ("region", r) for i, r in zip(after, regions, strict=True)})
            continue
        head = re.sub(r"^.*?(?:\d{4}\s?年|全市|我市)[，\s]*", "", head)
        names = [_clean(x) for x in re.split(r"[、和及与]", head) if x.strip()]
        if len(names) == len(after) and all(names):
            out.update({id(i): ("subject", n) for i, n in zip(after, names, strict=True)})
    return out


# -- one fact -------------------------------------------------------------------------------

_TIME_WORDS = re.compile(
    r"(?:至|到)?\s?\d{1,2}\s?月(?:底|末)?|\d{4}\s?年度?|[上下]半年|\d{1,2}\s?[-至]\s?\d{1,2}\s?月|(?:截至|截止)[^，]*?月底|"
    r"近?[两二三四五六七八九十]年(?:来|间|中|内|时间|以来)?|[“\"]?十四五[”\"]?(?:期间|时期|以来)?"
)
_REGION_WORDS = re.compile(r"(?:" + "|".join(REGIONS) + r")(?:市|县|区)?、?")


def _clean(text: str) -> str:
    t = _TIME_WORDS.sub("", text)
    t = re.sub(r"“|”|\*|\s", "", t)
    t = _REGION_WORDS.sub("", t) if len(_REGION_WORDS.sub("", t)) >= 2 else t
    for _ in range(3):
        t = _LEAD.sub("", t)
        t = _TRAIL.sub("", t)
    return t.replace("企业实现", "企业")


def _fact(
    s: str, item: _Item, clauses: list[_Clause], prev: list[Fact], period: str | None,
    region: str, is_company: bool, line_at: Any, prev_end: int,
) -> Fact | None:
    clause = _clause_at(clauses, item.start)
    before = s[max(clause.start, prev_end) : item.start]
    subject = _clean(before)
    last = prev[-1] if prev else None
    line = line_at(item.start)
    sentence = s.strip()
    if item.rank is not None:
        value, scope, upper = item.rank
        rank_of = _rank_of(before, subject, last)
        generic = len(subject) < 2 or subject in _GENERIC or rank_of != "level" and len(
            subject) < 4
        if generic and last is not None:
            subject = last.subject
        return Fact(region, subject, period, FactKind.RANK, value, "位", ValueQualifier.EXACT,
                    sentence, line, scope=scope, rank_of=rank_of, text=s[item.start : item.end],
                    upper=upper, company=is_company)
    n = item.number
    assert n is not None
    kind = _kind(s, n, before, period, s[clause.start : item.start])
    own = subject
    if subject.startswith(("占", "比重")):
        owner = _previous_clause_subject(s, clauses, clause, prev, last)
        subject = owner + subject.replace("比重的", "比重")
    elif len(subject) < 2 and last is not None:
        subject = last.subject
        if kind in (FactKind.GROWTH, FactKind.LEVEL) and "占" in subject:
            subject = subject.split("占")[0]  # "……占GDP比重7.1%；同比增长23.15%": the amount grew
        if (last.unit == n.unit and last.kind is not FactKind.TARGET
                and kind is not FactKind.TARGET
                and not _GROWTH_WORDS.search(before) and not _SHARE_WORDS.search(before)):
            kind = last.kind  # "增幅分别为44.7%和40.7%": the second is read like the first
    subject = _after_subject(s, n, subject, own)
    if n.form == "structure":
        subject = _structure_subject(s, n, subject, s[clause.start : item.end])
    value = n.value
    down = kind in (FactKind.GROWTH, FactKind.CHANGE_POINTS) and (
        _DOWN_WORDS.search(before) or _DOWN_LIST.search(s[clause.start : item.start]))
    if down and "降" not in subject:
        value = -value
    if s[max(0, n.start - 1) : n.start] in ("-", "−") and not s[max(0, n.start - 2) : n.start - 1].isdigit():
        value = -value  # 增长-0.7%: a minus sign printed before the number
        subject = subject.rstrip("-−")
    return Fact(region, subject, period, kind, value, n.unit, n.qualifier, sentence, line,
                text=n.text, estimated=n.estimated, upper=n.upper, company=is_company)


_AFTER = re.compile(
    r"([\u4e00-\u9fff]{1,10}?)(?=[，。；、和及与的（(）)：“]|辐射|成为|入选|列入|获评|落地|全部|已|在|"
    r"实现|通过|达到|交汇|入驻|为|未|均|提前|等|$)"
)


def _previous_clause_subject(
    s: str, clauses: list[_Clause], clause: _Clause, prev: list[Fact], last: Fact | None
) -> str:
    """Whose share: the fact just before in this sentence, else the clause before."""
    if last is not None and last.sentence == s.strip():
        return last.subject
    i = clauses.index(clause)
    if i > 0:
        text = _clean(s[clauses[i - 1].start : clauses[i - 1].end])
        if len(text) >= 2:
            return text
    return last.subject if last else ""


def _join(a: str, b: str) -> str:
    return b if b.startswith(a) else a + b


def _after_subject(s: str, n: Number, subject: str, own: str) -> str:
    """The measured thing printed after the number: "17个主流电商平台", "近1/5出口总量",
    "63%的兰溪纺织企业", "千亿级产业集群"."""
    tail = s[n.end :]
    if n.form == "fraction" or n.unit == "%" and tail.startswith("的"):
        m = _AFTER.match(tail.lstrip("的"))
        return _join(own, m[1]) if m and m[1] not in ("目标", "水平") else subject
    if n.text.endswith("级"):
        m = _AFTER.match(tail)
        return _join(own, m[1]) if m else subject
    if n.unit in ("年", "个月", "天"):
        m = _AFTER.match(tail)
        return _join(own, m[1]) if m else own
    if n.unit.lstrip("万亿") in _COUNT_UNITS:
        m = _AFTER.match(tail)
        if m and len(m[1]) >= 1 and not re.match(r"[以左多余]", tail):
            return _clean(m[1]) or m[1]
    return subject


_GENERIC = {"规模", "总量", "增速", "占比", "比重", "数量", "总额", "位次", "排名", "水平", "增幅"}


def _rank_of(before: str, subject: str, last: Fact | None) -> str:
    if _GROWTH_WORDS.search(before[-8:]):
        return "growth"
    if re.search(r"占比|比重", before):
        return "share"
    if len(subject) < 2 and last is not None:
        if last.kind is FactKind.RANK and last.rank_of:
            return last.rank_of
        if last.kind is FactKind.GROWTH:
            return "growth"
        if last.kind is FactKind.SHARE:
            return "share"
    return "level"


def _kind(  # noqa: C901 - one rule per kind, in order
    s: str, n: Number, before: str, period: str | None, clause_text: str
) -> FactKind:
    head = s[: n.start]
    tail = s[n.end :]
    if (_TARGET_WORDS.search(clause_text) or "力争" in head
            or re.match(r"[^。；，]{0,12}的目标", tail)):
        return FactKind.TARGET
    if n.unit == "个百分点":
        return FactKind.CHANGE_POINTS
    if n.form == "structure":
        return FactKind.SHARE
    if n.unit == "%":
        if n.form == "fraction":
            return FactKind.SHARE
        g = [m.end() for m in _GROWTH_WORDS.finditer(before)]
        sh = [m.end() for m in _SHARE_WORDS.finditer(before)]
        if g and (not sh or max(g) >= max(sh)):
            return FactKind.GROWTH
        return FactKind.SHARE
    if n.unit == "倍":
        return FactKind.GROWTH if re.search(r"增长|翻|增加", before + n.text) else FactKind.LEVEL
    if "指数" in before and n.unit in ("", "分"):
        return FactKind.INDEX
    multi_year = bool(period and re.fullmatch(r"\d{4}\.\.\d{4}(?:-\d\d)?", period))
    scope = before if _OWN_VERB.search(before) else head
    cumulative = bool(_CUMULATIVE_WORDS.search(scope)) or multi_year
    if n.form in ("plain", "ratio") and n.unit == "" and "." in n.text:
        return FactKind.LEVEL
    if n.unit == "分" and re.search(r"提升|提高|增加|下降|减少|降低", before):
        return FactKind.CHANGE_POINTS
    if re.search(r"总量|总数|保有量|现有", before):
        cumulative = False
    if re.match(r"[^，。；]*?\d+(?:\.\d+)?\s?%", tail):
        cumulative = False  # "47个断面……达标率100%": the count names what the rate is about
    base_unit = n.unit.lstrip("万亿")
    if cumulative and n.unit not in ("年", "个月", "天", "分"):
        return FactKind.CUMULATIVE
    if base_unit in _COUNT_UNITS or n.unit == "" and n.form == "plain":
        return FactKind.COUNT
    return FactKind.LEVEL
