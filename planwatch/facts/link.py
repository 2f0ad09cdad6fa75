"""Linking facts to statistics: a fact becomes a candidate observation of a statistic in a region.

Names are compared after normalisation (营收 = 营业收入, 规上 = 规模以上, GDP = 地区生产总值,
"全市", "企业" and a repeated scope after 占 dropped), then by fuzzy ratio (rapidfuzz). Units
must agree by kind: levels, counts and cumulative sums convert within their dimension
(亿元 ↔ 万元); shares must be %, changes in points 个百分点 and the statistic a %; growth is a
% of any statistic; a % is never read as points. Facts that match nothing stay facts (``Link``
with ``statistic=None`` and the reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from planwatch import model as m
from planwatch import units
from planwatch.facts.extract import PLACES, Fact, FactKind

ALIASES: tuple[tuple[str, str], ...] = (
    ("规模以上", "规上"), ("营收", "营业收入"), ("营业总收入", "营业收入"),
    ("GDP", "地区生产总值"), ("国内生产总值", "地区生产总值"), ("生产总值", "地区生产总值"),
    ("地区地区生产总值", "地区生产总值"), ("研发经费支出", "研发费用"), ("R&D经费", "研发费用"),
    ("研发投入", "研发费用"), ("研究与试验发展经费", "研发费用"), ("占比", "比重"),
    ("高企", "高新技术企业"), ("进出口总额", "进出口总值"), ("省级", "省"), ("年业务量", "业务量"),
)
#: words that make two otherwise similar names different statistics
DISCRIMINATORS = ("城乡", "城镇", "农村", "农民", "人均", "规上", "全社会", "出口", "进口", "制造业",
                  "服务业", "亩均", "增长", "降低", "比重", "率")
_DROP = re.compile(r"全市|我市|" + re.escape(PLACES["home_short"]) + r"市?|全年|实现|累计|新增|的|数|总量|规模|[“”\"'《》()（）\s、]")
THRESHOLD = 88.0


def normalize_name(name: str) -> str:
    """The comparable form of a statistic's or a fact's name."""
    s = name
    for a, b in ALIASES:
        s = s.replace(a, b)
    s = _DROP.sub("", s)
    s = s.replace("工业企业", "工业").replace("企业研发", "研发")
    for prefix in ("规上工业", "规上"):  # 规上工业研发费用占规上工业营业收入比重: scope said once
        if s.startswith(prefix):
            s = s.replace("占" + prefix, "占")
    return s


@dataclass(frozen=True)
class Link:
    fact: Fact
    statistic: m.Statistic | None
    region: str | None  # region id
    kind: m.ObservationKind | None
    value: float | None  # in ``unit``: the statistic's unit for levels, % or points otherwise
    unit: str | None
    score: float
    reason: str  # Chinese, shown to the reviewer

    @property
    def linked(self) -> bool:
        return self.statistic is not None and self.region is not None and self.kind is not None


def region_index(regions: Iterable[m.Region]) -> dict[str, str]:
    """Names and aliases (and names without 市/县/区) → region id."""
    out: dict[str, str] = {}
    for r in regions:
        for name in (r.name, *r.aliases, r.id):
            out.setdefault(name, r.id)
        short = re.sub(r"(市|县|区)$", "", r.name)
        if len(short) >= 2:
            out.setdefault(short, r.id)
    return out


def _names(stat: m.Statistic, indicators: Sequence[m.Indicator]) -> list[str]:
    names = [stat.name, *stat.aliases]
    names += [re.sub(r"^[^：:]*[：:]", "", i.name) for i in indicators if i.statistic == stat.id]
    return names


def _unit_check(fact: Fact, stat: m.Statistic) -> tuple[float | None, str | None, str | None]:
    """(value, unit, problem) for the fact read as an observation of ``stat``."""
    stat_pct = units.is_percent(stat.unit)
    if fact.kind is FactKind.GROWTH:
        return (fact.value, "%", None) if fact.unit == "%" else (None, None, "增速须为%")
    if fact.kind is FactKind.CHANGE_POINTS:
        if fact.unit != "个百分点" or not stat_pct:
            return None, None, "百分点变化只适用于以%计的指标"
        return fact.value, "个百分点", None
    if fact.kind is FactKind.RANK:
        return fact.value, "位", None
    if fact.kind is FactKind.SHARE or stat_pct:
        if fact.unit == "%" and stat_pct:
            return fact.value, "%", None
        return None, None, f"单位“{fact.unit or '无'}”与指标单位“{stat.unit}”不符（%与个百分点不混用）"
    if fact.unit == stat.unit:
        return fact.value, stat.unit, None
    if fact.unit == "" and units.is_known(stat.unit) and units.lookup(stat.unit).dimension in (
            "ratio", "dimensionless", "score"):
        return fact.value, stat.unit, None  # 城乡收入倍差缩小至1.95
    value, unit = _split_magnitude(fact.value, fact.unit)
    if units.compatible(unit, stat.unit):
        return units.convert(value, unit, stat.unit), stat.unit, None
    return None, None, f"单位“{fact.unit or '无'}”不能换算为指标单位“{stat.unit}”"


def _split_magnitude(value: float, unit: str) -> tuple[float, str]:
    """1.8万个 → (18000, 个) when planwatch.units has no 万个."""
    if units.is_known(unit):
        return value, unit
    for mag, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if unit.startswith(mag) and units.is_known(unit[len(mag) :]):
            return value * factor, unit[len(mag) :]
    return value, unit


def _similar(a: str, b: str) -> float:
    if any((w in a) != (w in b) for w in DISCRIMINATORS):
        return 0.0
    return float(fuzz.ratio(a, b))


def _kind(fact: Fact) -> m.ObservationKind | None:
    if fact.kind is FactKind.TARGET:
        return None
    return m.ObservationKind(fact.kind.value)


def link_fact(
    fact: Fact, statistics: Sequence[m.Statistic], regions: dict[str, str],
    indicators: Sequence[m.Indicator] = (),
) -> Link:
    region = regions.get(fact.region) if not fact.company else None
    kind = _kind(fact)
    name = normalize_name(fact.subject)
    best: tuple[float, m.Statistic | None, str] = (0.0, None, "")
    for option in statistics:
        for cand in _names(option, indicators):
            score = _similar(name, normalize_name(cand)) if name else 0.0
            if score > best[0]:
                best = (score, option, cand)
    score, stat, matched = best
    if kind is None:
        return Link(fact, None, region, None, None, None, score, "目标值不作为观测数据，仍保留为事实")
    if stat is None or score < THRESHOLD:
        hint = f"（最接近：{matched}，相似度{score:.0f}）" if stat else ""
        return Link(fact, None, region, kind, None, None, score, f"未找到对应的统计指标{hint}")
    value, unit, problem = _unit_check(fact, stat)
    if problem:
        return Link(fact, None, region, kind, None, None, score,
                    f"名称与“{stat.name}”相符，但{problem}")
    if region is None:
        where = "企业" if fact.company else f"地区“{fact.region}”"
        return Link(fact, None, None, kind, value, unit, score,
                    f"名称与“{stat.name}”相符，但{where}不在地区表中")
    how = "名称一致" if score >= 99.99 else f"名称相似度{score:.0f}"
    return Link(fact, stat, region, kind, value, unit, score,
                f"{how}：{fact.subject} → {stat.name}（{matched}）")


def link_facts(
    facts: Iterable[Fact], statistics: Sequence[m.Statistic], regions: Iterable[m.Region],
    indicators: Sequence[m.Indicator] = (),
) -> list[Link]:
    index = region_index(regions)
    return [link_fact(f, statistics, index, indicators) for f in facts]
