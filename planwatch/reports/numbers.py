"""How numbers are written in reports (one place, so drafts and tables agree)."""

from __future__ import annotations

import datetime as dt
import re

from planwatch.model import Period


def fmt(v: float | None, digits: int = 2) -> str:
    """6740.8, 33.1, 7000, 0.45 — at most ``digits`` decimals, no trailing zeros, no separators
    (official documents do not group digits)."""
    if v is None:
        return "—"
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: str, unit: str) -> str:
    """33.1% , 6740.8亿元; a unit after a non-numeric text goes in brackets: 7000以上（家）."""
    if not unit:
        return value
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return f"{value}{unit}"
    return f"{value}（{unit}）"


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def date_label(d: dt.date) -> str:
    """2023年6月底 at a month end, else 2023年6月15日."""
    if Period(d.isoformat()).plan_time == d.year - 1 + d.month / 12:
        return f"{d.year}年{d.month}月底"
    return f"{d.year}年{d.month}月{d.day}日"


def period_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return Period(code).label
    except ValueError:
        return code


def period_year(code: str | None) -> int | None:
    if not code:
        return None
    try:
        return Period(code).year_of_end
    except ValueError:
        return None


_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (section numbers up to 99)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
