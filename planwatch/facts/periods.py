"""Time expressions in Chinese prose → :class:`planwatch.model.Period` codes, and the spans that
are not values at all (dates, document numbers, phone numbers, ordinals).

Pure functions over one sentence. ``ref_year`` is the year "今年" means (the document's year),
``plan`` the plan period "五年" and "“十四五”期间" mean.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from planwatch.facts.numbers import cn_to_int

_Y = r"(\d{4}|二[〇○零一二三四五六七八九]{3})\s?年"
_M = r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s?月"
_RELY = r"(?<![比较同])(今年|去年|上年|本年)"
_SPAN_CN = "两二三四五六七八九十"


@dataclass(frozen=True)
class PeriodSpan:
    start: int
    end: int
    code: str | None  # None: a time expression that is no data period (a date, 截至目前)
    opening: bool = False  # the sentence opens with it ("2022年，全市……")


def _year(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _valid_month(m: int) -> bool:
    return 1 <= m <= 12


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(rf"{_Y}\s?{_M}\s?(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s?日")),
    ("md", re.compile(rf"(?<![\d年至到-]){_M}\s?(\d{{1,2}})\s?日")),
    ("yrange_m", re.compile(rf"{_Y}(?:度)?\s?(?:至|到|-|—|~)\s?{_Y}\s?{_M}(?:底|末)?")),
    ("yrange", re.compile(r"(\d{4})\s?(?:年\s?)?(?:至|到|-|—|~|－)\s?(\d{4})\s?年")),
    ("stock", re.compile(rf"(?:截至|截止|到)\s?(?:{_Y}|{_RELY})\s?{_M}(?:底|末)")),
    ("stock_now", re.compile(r"(?:截至|截止)(?:目前|当前|现在)")),
    ("months", re.compile(
        rf"(?:{_Y}|{_RELY})?\s?(\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s?(?:-|—|~|至|到)\s?{_M}")),
    ("half", re.compile(rf"(?:{_Y}|{_RELY})\s?(上|下)半年")),
    ("quarter", re.compile(rf"(?:{_Y}|{_RELY})\s?(?:第)?([一二三四1-4])季度")),
    ("q3", re.compile(rf"(?:{_Y}|{_RELY})\s?前三季度")),
    ("code", re.compile(r"(\d{4})\s?[Hh]([12])")),
    ("ym", re.compile(rf"{_Y}\s?{_M}(?:底|末)?")),
    ("year", re.compile(rf"{_Y}(?:度)?")),
    ("rel", re.compile(rf"{_RELY}")),
    ("fyp", re.compile(r"[“\"]?十四五[”\"]?(?:期间|时期|以来|前半程)")),
    ("span", re.compile(rf"(近|这)?([{_SPAN_CN}])年(?:来|间|中|内|时间|新增|累计|年均|共|以来)")),
)

_REL_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1}


def _rel_or_year(y: str | None, rel: str | None, ref_year: int | None) -> int | None:
    if y:
        return _year(y)
    if rel and ref_year is not None:
        return ref_year + _REL_OFFSET[rel]
    return None


def find_periods(
    sentence: str, *, ref_year: int | None = None, plan: tuple[int, int] = (2021, 2025)
) -> list[PeriodSpan]:
    """Time expressions in ``sentence``, left to right, not overlapping."""
    found: list[PeriodSpan] = []
    taken: list[tuple[int, int]] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            code = _code(name, m, ref_year, plan, sentence, found)
            if name == "months" and not m.group(1) and not m.group(2) and code:
                pass
            if name == "months" and code is None and not m.group(1) and not m.group(2):
                # 1-5月 with no year known: still a time span, not a value
                code = None
            if name == "span" and m.group(1) == "近" and code is None:
                continue
            taken.append((m.start(), m.end()))
            opening = sentence[: m.start()].strip(" ，,、") == ""
            found.append(PeriodSpan(m.start(), m.end(), code, opening))
    return sorted(found, key=lambda p: p.start)


def _code(
    name: str, m: re.Match[str], ref_year: int | None, plan: tuple[int, int], sentence: str,
    found: list[PeriodSpan],
) -> str | None:
    try:
        return _code_inner(name, m, ref_year, plan, sentence, found)
    except ValueError:
        return None


def _code_inner(  # noqa: C901 - one branch per pattern, kept together for reading
    name: str, m: re.Match[str], ref_year: int | None, plan: tuple[int, int], sentence: str,
    found: list[PeriodSpan],
) -> str | None:
    g = m.groups()
    if name in ("date", "md", "stock_now"):
        return None
    if name == "yrange_m":
        y0, y1, mo = _year(g[0]), _year(g[1]), _month(g[2])
        return f"{y0}..{y1}-{mo:02d}" if y1 >= y0 and _valid_month(mo) else None
    if name == "yrange":
        y0, y1 = int(g[0]), int(g[1])
        return f"{y0}..{y1}" if y1 > y0 else None
    if name == "stock":
        y = _rel_or_year(g[0], g[1], ref_year)
        mo = _month(g[2])
        return _month_end(y, mo) if y and _valid_month(mo) else None
    if name == "months":
        y = _rel_or_year(g[0], g[1], ref_year)
        a, b = _month(g[2]), _month(g[3])
        if y is None:
            y = _last_year(found, m.start()) or ref_year
        if y is None or not (1 <= a <= b <= 12):
            return None
        if a == 1 and b == 12:
            return f"{y}"
        if a != 1:
            return None  # 4-6月 is no cumulative period; leave it without a code
        return f"{y}-01..{b:02d}"
    if name == "half":
        y = _rel_or_year(g[0], g[1], ref_year)
        return f"{y}-H{1 if g[2] == '上' else 2}" if y else None
    if name == "quarter":
        y = _rel_or_year(g[0], g[1], ref_year)
        q = g[2] if g[2].isdigit() else str(cn_to_int(g[2]))
        return f"{y}-Q{q}" if y else None
    if name == "q3":
        y = _rel_or_year(g[0], g[1], ref_year)
        return f"{y}-01..09" if y else None
    if name == "code":
        return f"{g[0]}-H{g[1]}"
    if name == "ym":
        y, mo = _year(g[0]), _month(g[1])
        return _month_end(y, mo) if _valid_month(mo) else None
    if name == "year":
        y = _year(g[0])
        return f"{y}" if 1949 <= y <= 2100 else None
    if name == "rel":
        y = _rel_or_year(None, g[0], ref_year)
        return f"{y}" if y else None
    if name == "fyp":
        return f"{plan[0]}..{plan[1]}"
    if name == "span":
        n = cn_to_int(g[1])
        last = _last_year(found, m.start())
        if g[0] == "近" and last is not None:
            return f"{last - n + 1}..{last}"
        if g[0] == "近":
            return None
        return f"{plan[0]}..{plan[0] + n - 1}" if n > 1 else None
    return None


def _last_year(found: list[PeriodSpan], before: int) -> int | None:
    for p in sorted((p for p in found if p.end <= before), key=lambda p: p.start, reverse=True):
        if p.code and p.code[:4].isdigit():
            return int(p.code[-4:]) if re.fullmatch(r"\d{4}", p.code) else int(p.code[:4])
    return None


# -- spans that hold digits but no values ---------------------------------------------------

_NOT_VALUES = re.compile(
    r"[〔\[（(【]\s?\d{4}\s?[〕\]）)】]\s?\d+\s?号"  # 浙委办发〔2021〕35号
    r"|第\s?\d+\s?号"
    r"|(?:电话|热线|传真|手机|联系方式)[：:\s]*[\d\-— ]{7,}"
    r"|(?<!\d)0\d{2,3}[-—]\d{7,8}(?!\d)"  # 0579-82468888
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile phone
    r"|(?<!\d)\d{5,}[-—]\d{3,}(?!\d)"
    r"|第\s?\d+\s?(?:页|行|章|节|条|款|版|期|卷|届|次|轮|批|代|号|列|季|个工作日)"
    r"|第[一二三四五六七八九十百零〇]+(?:页|行|章|节|条|款|版|期|卷|届|次|轮|批|代|号|列|季|个|大|梯队)"
    r"|(?:页码|行号|P|p)\s?\d+"
    r"|[A-Za-z]+[-·]?\d+(?:\.\d+)?[A-Za-z]*|\d+(?:\.\d+)?(?!GW|MW)[A-Za-z]+"  # G60, 5G, IPv6
    r"|\d+(?:\.\d+)?\s?版"
    r"|(?:\d+|[一二三两四五六七八九十半]+)\s?个?小时(?:交通圈|通勤圈|生活圈|经济圈|联系圈|服务圈)"
    r"|\d+\s?·\s?\d+"  # 4·15
    r"|(?:索引号|文号|编号|统一社会信用代码|备案号)[：:\s]*[0-9A-Za-z/\-—_.〔〕\[\]（）()年号第]+"
    r"|(?<![\d.])\d{6,}/\d{4}[-—]\d+"  # 330502/2025-01292: a document index number
    r"|(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d:])"  # 2025-09-10: a date
    r"|(?<![\d.])(?:\d{1,2}\s?[-—–~至]\s?)?\d{1,2}\s?月(?:份|末|底|初|中旬|上旬|下旬)?(?!\d)"  # 8月份, 1-8月
    r"|[两三四五六七八九十]\s?位数"  # 两位数增长: a manner of speaking, not a count
    r"|“[^”]{0,120}”|《[^》]{0,80}》|「[^」]{0,40}」"  # quoted names, speech and titles
)


def non_value_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans whose digits are not values: document numbers, phone numbers, page and line numbers,
    ordinals that are no ranks (第六代, 第十七届), codes (G60, 5G), quotes and titles."""
    return [(m.start(), m.end()) for m in _NOT_VALUES.finditer(sentence)]
