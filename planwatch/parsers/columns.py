"""What a table column holds, read from its header text, and what a cell value looks like."""

from __future__ import annotations

import re
from enum import StrEnum

from planwatch.model import Nature
from planwatch.parsers.blocks import norm


class Role(StrEnum):
    CATEGORY = "category"
    SEQ = "seq"
    NAME = "name"
    UNIT = "unit"
    BASE = "base"
    TARGET = "target"
    GROWTH = "growth"
    NATURE = "nature"
    NOTE = "note"
    REGION = "region"
    YEAR = "year"  # only a year ("2020年"): base or target, decided by the other columns
    OTHER = "other"


#: (role, pattern) in the order they are tried on one column's header text
_COLUMN_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.SEQ, re.compile(r"序号|编号")),
    (Role.CATEGORY, re.compile(r"类别|一级指标|领域|分类|类型|维度")),
    (Role.UNIT, re.compile(r"^(?:计量)?单位$")),
    (Role.NATURE, re.compile(r"属性|性质")),
    (Role.GROWTH, re.compile(r"年均增|年均|增长率|增速")),
    (Role.BASE, re.compile(r"基数|基期|现状|基准|实际")),
    (Role.TARGET, re.compile(r"目标|规划值|预期值|规划")),
    (Role.REGION, re.compile(r"^(?:地区|区域|县（市、区）|县\(市、区\)|县市区|地方|单位名称)$")),
    (Role.NAME, re.compile(r"指标|名称|项目|内容")),
    (Role.NOTE, re.compile(r"备注|说明")),
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")


def column_role(header: str) -> tuple[Role, int | None]:
    """The role of a column from its (joined) header text, and the year it names if any."""
    text = re.sub(r"\s+", "", norm(header))
    year_m = _YEAR.search(text)
    year = int(year_m[1]) if year_m else None
    for role, pat in _COLUMN_PATTERNS:
        if pat.search(text):
            return role, year
    if year is not None and re.fullmatch(r"(?:19|20)\d{2}年?(?:数据|值|数)?", text):
        return Role.YEAR, year
    return Role.OTHER, year


def resolve_years(roles: list[tuple[Role, int | None]]) -> list[tuple[Role, int | None]]:
    """Columns headed by a bare year become base (the earlier year) or target (the later)."""
    years = sorted({y for r, y in roles if r is Role.YEAR and y is not None})
    has_base = any(r is Role.BASE for r, _ in roles)
    has_target = any(r is Role.TARGET for r, _ in roles)
    out = []
    for r, y in roles:
        if r is Role.YEAR and y is not None:
            if len(years) >= 2:
                r = Role.BASE if y == years[0] else Role.TARGET if y == years[-1] else Role.OTHER
            elif has_target and not has_base:
                r = Role.BASE
            elif has_base and not has_target:
                r = Role.TARGET
            else:
                r = Role.TARGET if y >= 2021 else Role.BASE
        out.append((r, y))
    return out


def roles_in_text(text: str) -> list[tuple[Role, int | None]]:
    """Roles named in a header printed as running text (a header broken over several lines),
    in the order they first appear. Used for tables printed one row per line."""
    t = re.sub(r"\s+", "", norm(text))
    found: dict[Role, tuple[int, int | None]] = {}
    for role, pat in _TEXT_PATTERNS:
        m = pat.search(t)
        if m:
            found[role] = (m.start(), None)
    years = [(m.start(), int(m[1])) for m in re.finditer(r"((?:19|20)\d{2})年", t)]
    if years:
        lo = min(years, key=lambda py: py[1])
        hi = max(years, key=lambda py: py[1])
        if lo[1] != hi[1] or Role.TARGET in found:
            found[Role.BASE] = (min(found.get(Role.BASE, lo)[0], lo[0]), lo[1])
        if lo[1] != hi[1] or Role.BASE in found:
            found[Role.TARGET] = (min(found.get(Role.TARGET, hi)[0], hi[0]), hi[1])
    return [(r, y) for r, (p, y) in sorted(found.items(), key=lambda kv: kv[1][0])]


_TEXT_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.SEQ, re.compile(r"序号|编号")),
    (Role.CATEGORY, re.compile(r"类别|一级指标|领域|分类|维度")),
    (Role.NAME, re.compile(r"指标名称|二级指标|名称|(?<!级)指标(?!属性|性质)")),
    (Role.UNIT, re.compile(r"计量单位|单位(?!工业|GDP|生产|地区)")),
    (Role.NATURE, re.compile(r"属性|性质")),
    (Role.GROWTH, re.compile(r"年均增|年均")),
    (Role.BASE, re.compile(r"基数|基期|现状|基准")),
    (Role.TARGET, re.compile(r"目标")),
    (Role.NOTE, re.compile(r"备注")),
)


# -- cell values ------------------------------------------------------------------------------

NATURES = {"预期性": Nature.EXPECTED, "约束性": Nature.BINDING, "预期": Nature.EXPECTED,
           "约束": Nature.BINDING}
DASHES = frozenset({"—", "——", "-", "--", "–", "/", "－", "—-", "─"})
_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?"
_VALUE = re.compile(
    rf"^(?:力争)?[<>≤≥＜＞]?(?:{_NUM})%?[*＊]?(?:\((?:19|20)\d{{2}}年?\))?"
    r"(?:以上|以下|以内|左右|及以上)?$"
)
_BRACKETED = re.compile(r"^[\[〔【［].+[\]〕】］]$")
_TASK = re.compile(r"省下达|上级下达|市下达|下达任务|下达目标|完成.*任务")
_RELATIONAL = re.compile(r"^(?:与|同|高于|快于|低于|略高于|略快于|不低于|保持|力争).{0,12}(?:同步|增长|增速|水平|提高|提升)$")
_QUAL_WORDS = ("以上", "以下", "以内", "左右", "及以上")


def nature_of(text: str) -> Nature | None:
    return NATURES.get(re.sub(r"\s+", "", text))


def is_value(text: str) -> bool:
    """Does a token look like a value cell (number, —, [300], 力争3.5以上, 完成省下达任务, a
    relational target, or a nature)?"""
    t = re.sub(r"\s+", "", norm(text)).replace("（", "(").replace("）", ")")
    if not t:
        return False
    if "力争" in t and not t.startswith("力争"):  # 3.0以上，力争3.5以上
        firm, _, stretch = t.partition("力争")
        return is_value(firm.strip("，,;；、")) and is_value(stretch)
    return bool(
        t in DASHES or _VALUE.match(t) or _BRACKETED.match(t) or _TASK.search(t)
        or _RELATIONAL.match(t) or nature_of(t)
    )


def merge_tokens(tokens: list[str]) -> list[str]:
    """Glue qualifiers printed apart from their number (``22 以上``, ``8 %``, ``力争 3.5``,
    ``91.83 （2019）``) back onto it."""
    out: list[str] = []
    for tok in tokens:
        if out and (tok in _QUAL_WORDS or tok in ("%", "*", "＊") or re.fullmatch(r"[（(]\d{4}年?[)）]", tok)):
            if is_value(out[-1]) and not nature_of(out[-1]):
                out[-1] += tok
                continue
        if out and out[-1] == "力争" and is_value(tok):
            out[-1] += tok
            continue
        out.append(tok)
    return out


def is_category_fragment(text: str) -> bool:
    """A short piece of a category cell broken over lines (规模 / 质量)."""
    t = text.strip()
    return 1 <= len(t) <= 5 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", t))
