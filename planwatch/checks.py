"""Findings in good input: contradictions inside printed plan tables, decompositions that do not
add up, and observations that disagree. Pure: model objects in, :class:`Issue` objects out.

The dataset keeps the printed values; these checks only report (domain.md: "The printed tables
contain errors a user must see, not silently absorb"). Used by :mod:`planwatch.dataset` on
load and by the document parser on parse.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from planwatch import model as m
from planwatch import units
from planwatch.issues import Issue, Location, issue

GROWTH_TOLERANCE = 0.05  # declared growth vs implied, in % or points per year


def check_dataset(ds: m.Dataset) -> list[Issue]:
    """Every check over one dataset."""
    docs = {d.id: d for d in ds.documents}
    stats = {s.id: s for s in ds.statistics}
    plans = {p.id: p for p in ds.plans}
    out: list[Issue] = []
    for ind in ds.indicators:
        out.extend(check_indicator(ind, docs))
    out.extend(check_decompositions(ds.indicators, ds.decompositions, stats, plans, docs))
    out.extend(check_repeated_values(ds.observations, stats, docs))
    out.extend(check_observation_conflicts(ds.observations, stats))
    out.extend(check_base_mismatch(ds.indicators, ds.observations, plans, docs))
    return out


def _where(src: m.SourceRef, record: str, docs: dict[str, m.Document]) -> Location:
    doc = docs.get(src.document or "")
    file = doc.file if doc and doc.file else src.document
    return Location(file=file, line=src.line, table=src.table, record=record)


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:,.0f}"


# -- one indicator row ----------------------------------------------------------------------------


def fraction_target(ind: m.Indicator) -> bool:
    """A % target printed as a fraction (0.45 beside a base of 40.4)."""
    t, b = ind.target_value, ind.base_value
    return (units.is_percent(ind.unit) and t is not None and b is not None
            and 0 < t < 1 and b > 10 * t)


def check_indicator(ind: m.Indicator, docs: dict[str, m.Document]) -> list[Issue]:
    out: list[Issue] = []
    where = _where(ind.source, ind.id, docs)
    target = ind.target_value
    if fraction_target(ind) and target is not None:
        out.append(issue(
            "share-printed-as-fraction",
            f"“{ind.name}”基数为{_fmt(ind.base_value or 0)}%，目标却印为{ind.target_text or _fmt(target)}，"
            f"疑似以小数填报（{_fmt(target)}即{_fmt(target * 100)}%）。数据保留原印数值，请向编制单位核实。",
            where))
        target = target * 100
    out.extend(_check_growth(ind, target, where))
    return out


def implied_growth(base: float, target: float, years: int) -> tuple[float | None, float]:
    """(CAGR in %, points per year) from base to target; CAGR is None for non-positive values."""
    points = (target - base) / years
    if base <= 0 or target <= 0:
        return None, points
    return ((target / base) ** (1 / years) - 1) * 100, points


def _check_growth(ind: m.Indicator, target: float | None, where: Location) -> list[Issue]:
    g, base = ind.declared_growth, ind.base_value
    if g is None or base is None or target is None or ind.declared_growth_unit is None:
        return []
    if ind.qualifier in (m.Qualifier.CUMULATIVE, m.Qualifier.PROVINCE_TASK, m.Qualifier.NONE):
        return []
    years = (ind.target_year or 0) - (ind.base_year or 0)
    if years <= 0:
        return []
    cagr, points = implied_growth(base, target, years)
    as_points = ind.declared_growth_unit is m.GrowthUnit.POINTS
    stated, other = (points, cagr) if as_points else (cagr, points)
    if stated is not None and abs(stated - g) <= GROWTH_TOLERANCE:
        return []
    span = f"由{ind.base_year}年基数{_fmt(base)}到{ind.target_year}年目标{_fmt(target)}"
    if other is not None and abs(other - g) <= GROWTH_TOLERANCE:
        said, meant = ("年均增加百分点", "年均增速（%）") if as_points else ("年均增速", "年均增加百分点")
        return [issue(
            "declared-growth-convention",
            f"“{ind.name}”列明年均增长{_fmt(g)}，表注规定以%计量的指标按{said}表示，"
            f"但{span}，年均增加{_fmt(points)}个百分点、年均增速{_fmt(cagr or 0)}%；"
            f"所列数值实为{meant}。",
            where)]
    implied = f"年均增速{_fmt(cagr)}%" if cagr is not None else "无法计算年均增速"
    if as_points:
        implied = f"年均增加{_fmt(points)}个百分点"
    unit = "个百分点" if as_points else "%"
    return [issue(
        "declared-growth-mismatch",
        f"“{ind.name}”列明年均增长{_fmt(g)}{unit}，但{span}，应为{implied}"
        f"（相差{_fmt(abs((stated or 0) - g))}，容差±{GROWTH_TOLERANCE}）。",
        where)]


# -- decompositions -----------------------------------------------------------------------------


def check_decompositions(
    indicators: Sequence[m.Indicator], decs: Sequence[m.Decomposition],
    stats: dict[str, m.Statistic], plans: dict[str, m.Plan], docs: dict[str, m.Document],
) -> list[Issue]:
    """County values of additive statistics against the plan region's value (base and target).
    Ratios (亩均税收, shares) are never summed."""
    groups: dict[tuple[str, int, str], list[m.Decomposition]] = defaultdict(list)
    for d in decs:
        groups[(d.indicator, d.year, d.role)].append(d)
    out = []
    for ind in indicators:
        stat = stats.get(ind.statistic or "")
        if stat is None or not stat.additive:
            continue
        region = plans[ind.plan].region
        for (ind_id, year, role), rows in sorted(groups.items()):
            if ind_id == ind.id:
                f = _decomposition_gap(ind, year, role, rows, region, docs)
                if f:
                    out.append(f)
    return out


def _decomposition_gap(ind: m.Indicator, year: int, role: str, rows: list[m.Decomposition],
                       region: str, docs: dict[str, m.Document]) -> Issue | None:
    total_row = next((d for d in rows if d.region == region), None)
    parts = [d for d in rows if d.region != region]
    total: float | None = total_row.value if total_row else (
        ind.target_value if role == "target" else ind.base_value)
    if total is None or not parts:
        return None
    s = sum(d.value for d in parts)
    if math.isclose(s, total, rel_tol=1e-6, abs_tol=0.051):
        return None
    code = "decomposition-gap" if role == "target" else "decomposition-base-gap"
    what = "目标" if role == "target" else "基数"
    src = (total_row or parts[0]).source
    diff = f"{'多' if s > total else '少'}{_fmt(abs(s - total))}{ind.unit}"
    return issue(
        code,
        f"“{ind.name}”{year}年各县（市、区）{what}合计{_fmt(s)}{ind.unit}（{len(parts)}个地区），"
        f"比全市{what}{_fmt(total)}{ind.unit}{diff}；请核实分解表或补齐缺失地区。",
        _where(src, ind.id, docs))


# -- observations ------------------------------------------------------------------------------


def check_repeated_values(obs: Sequence[m.Observation], stats: dict[str, m.Statistic],
                          docs: dict[str, m.Document]) -> list[Issue]:
    """The same value printed for consecutive years in one source table."""
    series: dict[tuple[str, str, str, str | None], list[m.Observation]] = defaultdict(list)
    for o in obs:
        if o.period.is_full_year and o.source.document:
            series[(o.statistic, o.region, o.kind.value, o.source.document)].append(o)
    out = []
    for (stat, _region, _kind, _doc), items in sorted(series.items()):
        items.sort(key=lambda o: o.period.code)
        for a, b in zip(items, items[1:], strict=False):
            consecutive = int(b.period.code) == int(a.period.code) + 1
            if consecutive and a.value == b.value and _significant(a) >= 3:
                name = stats[stat].name if stat in stats else stat
                out.append(issue(
                    "repeated-value",
                    f"“{name}”{a.period.label}和{b.period.label}印为同一数值{_fmt(a.value)}{a.unit}"
                    f"（第{a.source.line}行、第{b.source.line}行），疑为录入错误，请核对原始统计数据。",
                    _where(b.source, f"{stat}/{b.region}/{b.period.code}", docs)))
    return out


def _significant(o: m.Observation) -> int:
    """Significant digits as printed: 74.59 → 4; a rounded share such as 63 → 2 (repeats of
    rounded figures are expected and not reported)."""
    text = o.text or repr(o.value).removesuffix(".0")
    return len("".join(ch for ch in text if ch.isdigit()).lstrip("0"))


def _decimals(o: m.Observation) -> int:
    text = o.text or repr(o.value).removesuffix(".0")
    digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _same_value(a: m.Observation, b: m.Observation) -> bool:
    """Equal within the precision printed by the less precise one (8788.3 == 8788.32)."""
    vb = units.convert(b.value, b.unit, a.unit) if units.compatible(a.unit, b.unit) else b.value
    places = min(_decimals(a), _decimals(b))
    return bool(abs(a.value - vb) <= 0.5 * 10.0 ** (-places) + 1e-9)


def check_observation_conflicts(obs: Sequence[m.Observation],
                                stats: dict[str, m.Statistic]) -> list[Issue]:
    """The same key and status with different values from different sources."""
    groups: dict[tuple[object, ...], list[m.Observation]] = defaultdict(list)
    for o in obs:
        if o.qualifier in (m.ValueQualifier.EXACT, m.ValueQualifier.ABOUT):
            groups[(*o.key, o.status.value)].append(o)
    out = []
    for _key, items in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if _src(a) != _src(b) and not _same_value(a, b):
                    out.append(_conflict(a, b, stats))
    return out


def _src(o: m.Observation) -> tuple[object, ...]:
    return (o.source.document, o.source.line, o.source.url)


def _conflict(a: m.Observation, b: m.Observation, stats: dict[str, m.Statistic]) -> Issue:
    name = stats[a.statistic].name if a.statistic in stats else a.statistic
    scope = f"（{a.scope}）" if a.scope else ""
    return issue(
        "observation-conflict",
        f"“{name}”{a.region} {a.period.label}{scope}有两个不同数值：{_fmt(a.value)}{a.unit}"
        f"（{a.source.label}）与{_fmt(b.value)}{b.unit}（{b.source.label}）。两者均保留，"
        "请核实口径或以较新的正式数据为准。",
        Location(record=f"{a.statistic}/{a.region}/{a.period.code}/{a.kind.value}"))


def check_base_mismatch(indicators: Iterable[m.Indicator], obs: Sequence[m.Observation],
                        plans: dict[str, m.Plan], docs: dict[str, m.Document]) -> list[Issue]:
    """The plan's base value against observed values of its base year."""
    index: dict[tuple[str, str, str], list[m.Observation]] = defaultdict(list)
    for o in obs:
        if o.kind in m.VALUE_KINDS and o.qualifier is m.ValueQualifier.EXACT:
            index[(o.statistic, o.region, o.period.code)].append(o)
    out = []
    for ind in indicators:
        if ind.statistic is None or ind.base_value is None or ind.base_year is None:
            continue
        region = plans[ind.plan].region
        for o in index.get((ind.statistic, region, str(ind.base_year)), []):
            if o.source.document == ind.source.document and o.source.line == ind.source.line:
                continue
            value = units.convert(o.value, o.unit, ind.unit) if units.compatible(o.unit, ind.unit) else None
            if value is None:
                continue
            places = min(_decimals(o), _places(ind.base_text, ind.base_value))
            if abs(value - ind.base_value) > 0.5 * 10 ** (-places) + 1e-9:
                out.append(issue(
                    "base-mismatch",
                    f"“{ind.name}”规划基数为{_fmt(ind.base_value)}{ind.unit}（{ind.base_year}年），"
                    f"统计数据为{_fmt(value)}{ind.unit}（{o.source.label}），相差{_fmt(value - ind.base_value)}。",
                    _where(ind.source, ind.id, docs)))
    return out


def _places(text: str | None, value: float) -> int:
    t = text or repr(value).removesuffix(".0")
    head = t.split("（")[0].split("(")[0]
    return len(head.split(".", 1)[1].rstrip("%")) if "." in head else 0
