"""A plan's title, region, period, status and issuer, read from the start of the document."""

from __future__ import annotations

import re

from planwatch.parsers.blocks import Blocks, Paragraph
from planwatch.parsers.result import PlanMeta

_FYP = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
        "十四五": (2021, 2025), "十五五": (2026, 2030)}
_REGION = re.compile(r"^(.{1,8}?(?:省|市|区|县|自治州|新区|开发区))")


def read_meta(doc: Blocks) -> PlanMeta:
    paras = doc.paragraphs[:80]
    head = "".join(p.text.strip() for p in paras)
    title = _title(paras, head)
    period = _period(head, title)
    region = None
    if title:
        m = _REGION.match(title.lstrip("《"))
        region = m[1] if m else None
    status = "draft" if re.search(r"征求意见稿|草案|送审稿", head[:400]) else None
    issuer = next((p.text.strip() for p in paras[:8]
                   if re.search(r"(?:局|委员会|人民政府|办公室|委)$", p.text.strip())), None)
    whole = "".join(p.text for p in doc.paragraphs)
    outlook = re.search(r"(?:展望|远景目标.{0,4}?)\s*(20[3-5]\d)\s*年|(20[3-5]\d)\s*年远景", whole)
    if outlook is None and "二〇三五" in whole:
        outlook_year: int | None = 2035
    else:
        outlook_year = int(outlook[1] or outlook[2]) if outlook else None
    return PlanMeta(title, region, period[0] if period else None, period[1] if period else None,
                    status, issuer, outlook_year)


def _title(paras: list[Paragraph], head: str) -> str | None:
    for p in paras[:5]:
        t = p.text.strip()
        if "规划" in t and len(t) <= 60 and not t.startswith(("本规划", "根据")):
            return t.strip("《》")
    m = re.search(r"(?:制定|编制|印发)《([^》]{4,60}?规划)》", head)
    if m:
        return m[1]
    m = re.search(r"《([^》]{4,60}?规划)》", head)
    return m[1] if m else None


_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})个五年")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _ordinal(text: str) -> int | None:
    """一 → 1, 十四 → 14, 二十 → 20."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN.get(tens, 0) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(text)


def fyp_periods(text: str) -> list[tuple[int, tuple[int, int]]]:
    """Every five-year plan named in ``text`` (“十四五”, 第十四个五年) with its position and its
    years, in order of appearance. The 3rd plan began in 1966; each later one five years on."""
    found = [(m.start(), span) for key, span in _FYP.items() for m in re.finditer(key, text)]
    for m in _ORDINAL.finditer(text):
        n = _ordinal(m[1])
        if n and n >= 3:
            start = 1966 + 5 * (n - 3)
            found.append((m.start(), (start, start + 4)))
    return sorted(found)


def _period(head: str, title: str | None) -> tuple[int, int] | None:
    m = re.search(r"规划(?:期|年限|期限)[为是：:\s]*((?:19|20)\d{2})\s*[-—–~至到]\s*((?:19|20)\d{2})", head)
    if m:
        return int(m[1]), int(m[2])
    for text in (title or "", head):  # the title first; in the text, the first plan named
        found = fyp_periods(text)
        if found:
            return found[0][1]
    return None
