"""Annual plans (年度计划, issue 5 item 4): each year's milestone and the judgement of one year.

A year's milestone is the target entered for that year (a :class:`Milestone` with origin
``entered``: the annual plan's own figure or the task the province assigned), or else derived
from the base-to-target path the indicator's rule prescribes:

* linear: ``x_B + (x_T − x_B)·(Y−B)/(T−B)``;
* compound: ``x_B·(x_T/x_B)^((Y−B)/(T−B))`` (linear when logs are undefined);
* threshold: the threshold itself, every year;
* growth rate: the target rate, every year;
* cumulative sum: the running total ``A_T·(Y−B)/(T−B)`` by the end of year Y;
* cumulative reduction: the yearly reduction ``1 − (1−R_T)^(1/(T−B))`` (compound) or
  ``R_T/(T−B)`` (linear);
* province task and unquantified targets: entered only.

The year is then judged on the same observations as the five-year evaluation: 完成年度目标 or
未完成年度目标. Pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planwatch.evaluation import primitives as pr
from planwatch.evaluation.base import Assessment, IndicatorBundle, Status
from planwatch.evaluation.china import Config
from planwatch.evaluation.china import observations as se
from planwatch.evaluation.china.common import EPS, Ctx, Verdict
from planwatch.evaluation.china.observations import Point, fmt
from planwatch.model import Milestone, ObservationKind, ProgressRule, Qualifier

METHOD = "annual"
_FLOW_KINDS = frozenset({ObservationKind.LEVEL, ObservationKind.COUNT})
_PATH_TEXT = {
    ProgressRule.LINEAR: "按线性路径推算",
    ProgressRule.COMPOUND: "按复合增长路径推算",
    ProgressRule.THRESHOLD: "保持类目标，每年同一界限",
    ProgressRule.GROWTH: "每年按目标增速",
    ProgressRule.CUMULATIVE_SUM: "按五年累计目标均匀分摊的累计进度",
    ProgressRule.CUMULATIVE_REDUCTION: "按五年累计降低目标折算的年度降低率",
}


def entered_milestone(bundle: IndicatorBundle, year: int) -> Milestone | None:
    """The entered target for ``year``: the region's own if any, else the plan-wide one."""
    mine = [m for m in bundle.milestones if m.year == year and m.region in (None, bundle.region)]
    mine.sort(key=lambda m: (m.region is not None, m.origin == "entered", m.value))
    return mine[-1] if mine else None


def derive_milestone(bundle: IndicatorBundle, year: int, cfg: Config | None = None) -> Milestone | None:
    """The milestone the rule's path gives for ``year``; None when the target or the base is
    missing or the rule has no path (province tasks, unquantified targets)."""
    ctx = Ctx.make(bundle, cfg or Config(), dt.date(year, 12, 31), METHOD)
    value = _path_value(ctx, year)
    if value is None:
        return None
    ind = bundle.indicator
    return Milestone(indicator=ind.id, year=year, value=value, region=bundle.region,
                     origin="derived", source=ind.source)


def _path_value(ctx: Ctx, year: int) -> float | None:
    ind = ctx.ind
    if not ctx.years_known or ind.qualifier in (Qualifier.NONE, Qualifier.PROVINCE_TASK):
        return None
    rule, B, T = ind.rule, ctx.B, ctx.T
    share = (year - B) / (T - B)
    if rule is ProgressRule.GROWTH:
        return ind.target_value if ind.target_value is not None else ind.declared_growth
    if rule is ProgressRule.CUMULATIVE_SUM:
        return None if ind.target_value is None else ind.target_value * share
    if rule is ProgressRule.CUMULATIVE_REDUCTION:
        return _yearly_reduction(ctx)
    if rule not in (ProgressRule.LINEAR, ProgressRule.COMPOUND, ProgressRule.THRESHOLD):
        return None
    x_T = ctx.firm_target()
    if x_T is None:
        return None
    x_B = ind.base_value
    if rule is ProgressRule.THRESHOLD or (x_B is not None and ctx.meets(x_B, x_T)):
        return x_T  # maintain: the same line every year
    if x_B is None:
        return None
    if rule is ProgressRule.COMPOUND and not ctx.is_rate:
        path = pr.compound_path(x_B, x_T, share)
        if path is not None:
            return path
    return pr.linear_path(x_B, x_T, share)


def _yearly_reduction(ctx: Ctx) -> float | None:
    R, n = ctx.ind.target_value, ctx.T - ctx.B
    if R is None or not 0 < R < 100:
        return None
    if ctx.cfg.reduction_path == "linear":
        return R / n
    return float((1 - (1 - R / 100) ** (1 / n)) * 100)


def milestone_path(bundle: IndicatorBundle, cfg: Config | None = None) -> list[Milestone]:
    """Every year's milestone from the first plan year to the target year (entered first)."""
    ind = bundle.indicator
    if ind.target_year is None:
        return sorted(bundle.milestones, key=lambda m: m.year)
    first = (ind.base_year or ind.target_year - 5) + 1
    out = []
    for y in range(first, ind.target_year + 1):
        m = entered_milestone(bundle, y) or derive_milestone(bundle, y, cfg)
        if m is not None:
            out.append(m)
    return out


def assess_year(
    bundle: IndicatorBundle, year: int, cfg: Config | None = None, as_of: dt.date | None = None
) -> Assessment:
    """Judge ``year`` against its milestone: 完成年度目标 / 未完成年度目标."""
    cfg = cfg or Config()
    ctx = Ctx.make(bundle, cfg, as_of or dt.date.max, METHOD)
    m = entered_milestone(bundle, year) or derive_milestone(bundle, year, cfg)
    if m is None:
        return _no_milestone(ctx, year)
    how = "年度计划录入" if m.origin == "entered" else _PATH_TEXT.get(ctx.ind.rule, "推算")
    ctx.numbers.update(milestone=m.value, milestone_origin=m.origin, year=year)
    pick = _actual(ctx, year)
    if pick is None:
        ctx.reason(f"{year}年度目标{ctx.num(m.value)}（{how}）")
        return ctx.not_assessable("no_data", f"缺少{year}年的年度数据")
    ok = _met(ctx, pick.value, m.value)
    ctx.reason(f"{year}年度目标{ctx.num(m.value)}（{how}），实际{ctx.num(pick.value)}，"
               f"{'完成' if ok else '未完成'}年度目标")
    v = Verdict(Status.ON_SCHEDULE if ok else Status.BEHIND,
                "完成年度目标" if ok else "未完成年度目标", "annual_met" if ok else "annual_missed")
    a = ctx.result(v, p=None, e=None, pick=pick, required=(None, None), projected=None,
                   value=pick.value)
    return replace(a, rule=f"年度目标：{how}")


def _no_milestone(ctx: Ctx, year: int) -> Assessment:
    ind = ctx.ind
    if ind.rule is ProgressRule.PROVINCE_TASK or ind.qualifier is Qualifier.PROVINCE_TASK:
        return ctx.not_assessable("no_task", f"{year}年省下达任务尚未录入")
    if ind.base_value is None and ind.rule in (ProgressRule.LINEAR, ProgressRule.COMPOUND):
        return ctx.not_assessable("no_base", "缺少基期值，无法推算年度目标")
    return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未量化，无年度目标")


def _actual(ctx: Ctx, year: int) -> Point | None:
    rule, obs = ctx.ind.rule, ctx.observations
    unit = "%" if rule is ProgressRule.CUMULATIVE_REDUCTION else ctx.ind.unit
    if rule is ProgressRule.CUMULATIVE_SUM:
        return _running_total(ctx, year)
    growth = {p.year: p for p in se.yearly_growth(obs, year - 1, ctx.cfg.convention)
              if p.obs.period.is_full_year}
    values = se.yearly_values(obs, unit, year - 1)
    if rule is ProgressRule.GROWTH:
        return growth.get(year)
    if rule is ProgressRule.CUMULATIVE_REDUCTION:
        if year in values:
            return values[year]
        g = growth.get(year)
        return None if g is None else Point(g.t, -g.value, g.obs, g.provisional)
    return values.get(year) or (growth.get(year) if rule is ProgressRule.PROVINCE_TASK else None)


def _running_total(ctx: Ctx, year: int) -> Point | None:
    values = se.yearly_values(ctx.observations, ctx.ind.unit, ctx.B, kinds=_FLOW_KINDS)
    years = range(ctx.B + 1, year + 1)
    if all(y in values for y in years) and years:
        total = sum(values[y].value for y in years)
        return Point(float(year), total, values[year].obs,
                     note=f"{ctx.B + 1}—{year}年累计{fmt(total)}")
    totals = [p for p in se.running_totals(ctx.observations, ctx.ind.unit, ctx.B, ctx.cfg.convention)
              if p.obs.period.year_of_end == year and not p.provisional]
    return se.latest(totals)


def _met(ctx: Ctx, actual: float, target: float) -> bool:
    rule = ctx.ind.rule
    if rule in (ProgressRule.CUMULATIVE_SUM, ProgressRule.CUMULATIVE_REDUCTION):
        return actual >= target - EPS
    if rule is ProgressRule.GROWTH:
        sign, band = ctx.growth_sense()
        return sign * (actual - (target - sign * band)) >= -EPS
    if rule is ProgressRule.PROVINCE_TASK:
        return ctx.d * (actual - target) >= -EPS
    return ctx.meets(actual, target)
