"""Target forms of national plans (docs/evaluation.md 3.9–3.13): relational targets, ranges
judged against annual targets, a cumulative change of a level, thresholds without a base, the
scope a target names, and the guard rails that stop an implausible result.

Entry points are called from :mod:`planwatch.evaluation.china.rules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planwatch.evaluation import primitives as pr
from planwatch.evaluation.base import Assessment
from planwatch.evaluation.china import observations as se
from planwatch.evaluation.china.common import EPS, Ctx, pct
from planwatch.evaluation.china.observations import Point, fmt
from planwatch.model import Milestone, Observation, Qualifier

if TYPE_CHECKING:
    pass

RELATION_WORDS = {"higher": "高于", "in_step": "与…基本同步"}


# -- scope --------------------------------------------------------------------------------------


def select_scope(ctx: Ctx) -> None:
    """Keep the observations of the scope the target names (不变价, 全年平均, 综合生产能力); use
    the declared proxy scope (产量) only when the named scope has no values; say what was left."""
    ind = ctx.ind
    if not ind.scope:
        return
    obs = ctx.observations
    named = [o for o in obs if o.scope == ind.scope]
    other = [o for o in obs if o.scope and o.scope != ind.scope]
    plain = [o for o in obs if not o.scope]
    kept = named + plain
    if not named and ind.proxy_scope:
        proxy = [o for o in other if o.scope == ind.proxy_scope]
        if proxy:
            kept = proxy + plain
            other = [o for o in other if o.scope != ind.proxy_scope]
            ctx.notes.append(f"目标为{ind.scope}口径，未公布{ind.scope}数据，以{ind.proxy_scope}"
                             f"数据代替（两者口径不同，结论供参考）")
            ctx.numbers["proxy_scope"] = ind.proxy_scope
    ctx.numbers["scope"] = ind.scope
    if other:
        shown = "、".join(f"{o.period.label}{fmt(o.value)}{o.unit}（{o.scope}）"
                          for o in sorted(other, key=lambda o: o.period)[:4])
        ctx.notes.append(f"目标按{ind.scope}口径，另有其他口径数据未采用：{shown}"
                         f"{'等' if len(other) > 4 else ''}")
    ctx.observations = kept


# -- relational targets ---------------------------------------------------------------------------


def relational(ctx: Ctx) -> Assessment:
    """X's growth against Y's over the same years (docs/evaluation.md 3.9)."""
    ind = ctx.ind
    if not ind.reference_statistic or ind.relation not in RELATION_WORDS:
        return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未指明参照指标")
    xs = {p.year: p for p in se.yearly_growth(ctx.observations, ctx.B, ctx.cfg.convention)
          if p.year <= ctx.T and not p.provisional}
    ref_obs = se.usable(ctx.bundle.reference_observations, ctx.as_of)
    ys = {p.year: p for p in se.yearly_growth(ref_obs, ctx.B, ctx.cfg.convention)
          if p.year <= ctx.T and not p.provisional}
    years = sorted(set(xs) & set(ys))
    if not years:
        only = sorted(set(xs) ^ set(ys))
        extra = f"（只有一方有数据的年份：{'、'.join(map(str, only))}）" if only else ""
        return ctx.not_assessable("no_data", f"基期以后没有两项指标都有增速数据的年份{extra}")
    gx = pr.geometric_mean_growth([xs[y].value for y in years])
    gy = pr.geometric_mean_growth([ys[y].value for y in years])
    if gx is None or gy is None:
        return ctx.not_assessable("no_data", "增速数据低于−100%，无法计算几何平均增速")
    diff = gx - gy
    band = ctx.cfg.step_band_points
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    pairs = "、".join(f"{y}年{fmt(xs[y].value, 1)}%对{fmt(ys[y].value, 1)}%" for y in years)
    ctx.reason(f"{span}本指标与参照指标逐年增速：{pairs}；年均增速{fmt(gx, 3)}%对{fmt(gy, 3)}%，"
               f"相差{fmt(diff, 3)}个百分点")
    skipped = sorted((set(xs) | set(ys)) - set(years))
    if skipped:
        ctx.reason(f"{'、'.join(map(str, skipped))}年只有一项指标有数据，不计入比较")
    end = years[-1] >= ctx.T
    if ind.relation == "higher":
        on_pace = diff > EPS
        faster = diff > band + EPS
        ctx.reason(f"目标为高于参照指标：{'高于' if on_pace else '未高于'}"
                   + (f"，高出超过{fmt(band)}个百分点" if faster else ""))
    else:
        on_pace = diff >= -band - EPS
        faster = diff > band + EPS
        ctx.reason(f"目标为与参照指标基本同步（相差在±{fmt(band)}个百分点以内）："
                   + ("快于参照指标" if faster else "基本同步" if on_pace else "慢于参照指标"))
    ctx.numbers.update(g_x=gx, g_ref=gy, difference=diff, band=band, relation=ind.relation,
                       reference_statistic=ind.reference_statistic, years=years,
                       growth=[[str(y), xs[y].value] for y in years],
                       reference_growth=[[str(y), ys[y].value] for y in years],
                       reference_sources=[_src(ys[y].obs) for y in years])
    v = ctx.classify_growth(reached=on_pace and end, on_pace=on_pace, faster=faster, end=end,
                            reverse=False)
    last = xs[years[-1]]
    return ctx.result(v, p=None, e=ctx.elapsed(last.t), pick=last, required=(None, None),
                      projected=None, value=diff)


def _src(o: Observation) -> dict[str, object]:
    return {"period": o.period.code, "value": o.value, "status": o.status.value,
            "source": o.source.label, "date": o.source.date}


# -- ranges judged against annual targets -----------------------------------------------------------


def annual_targets(ctx: Ctx) -> Assessment:
    """保持在合理区间、各年度视情提出: each year's growth against that year's target
    (docs/evaluation.md 3.10)."""
    region = ctx.bundle.region
    targets: dict[int, Milestone] = {}
    for ms in sorted(ctx.bundle.milestones, key=lambda x: (x.year, x.region is not None)):
        if ms.region in (None, region) and ctx.B < ms.year <= ctx.T:
            targets[ms.year] = ms
    if not targets:
        return ctx.not_assessable("no_task", "目标为“各年度视情提出”，年度目标尚未录入")
    pts = {p.year: p for p in se.yearly_growth(ctx.observations, ctx.B, ctx.cfg.convention)
           if not p.provisional}
    years = [y for y in sorted(targets) if y in pts]
    if not years:
        listed = "、".join(str(y) for y in sorted(targets))
        return ctx.not_assessable("no_data", f"已录入{listed}年年度目标，但缺少对应年份的增速数据")
    band = 0.0 if ctx.binding else ctx.cfg.band_points
    rows, met, lines = [], 0, []
    for y in years:
        ms, g = targets[y], pts[y].value
        thr = ms.value - (band if ms.qualifier is Qualifier.ABOUT else 0.0)
        ok = g >= thr - EPS if ms.qualifier is not Qualifier.AT_MOST else g <= ms.value + EPS
        met += ok
        text = ms.text or f"{fmt(ms.value)}%"
        lines.append(f"{y}年目标{text}，实际{fmt(g, 1)}%，{'完成' if ok else '未完成'}")
        rows.append({"year": y, "target": ms.value, "target_text": text,
                     "qualifier": ms.qualifier.value, "threshold": thr, "actual": g, "met": ok,
                     "target_source": ms.source.label,
                     "actual_source": _src(pts[y].obs)})
    ctx.reason("；".join(lines))
    actual = pr.growth_factor([r["actual"] for r in rows])  # type: ignore[misc]
    needed = pr.growth_factor([r["threshold"] for r in rows])  # type: ignore[misc]
    on_pace = actual >= needed - EPS
    ctx.reason(f"{len(years)}年中{met}年完成年度目标；{years[0]}—{years[-1]}年累计增长"
               f"{fmt((actual - 1) * 100, 2)}%，按年度目标（“左右”按−{fmt(band)}个百分点）"
               f"累计应增长{fmt((needed - 1) * 100, 2)}%，{'达到' if on_pace else '未达到'}年度目标的累计要求")
    missing = [y for y in sorted(targets) if y not in pts]
    if missing:
        ctx.reason(f"{'、'.join(map(str, missing))}年已有年度目标，尚无增速数据")
    faster = on_pace and met == len(years) and actual > needed * (1 + band / 100) + EPS
    last = pts[years[-1]]
    end = years[-1] >= ctx.T
    ctx.numbers.update(annual=rows, years_met=met, years=len(years),
                       cumulative_actual=(actual - 1) * 100, cumulative_required=(needed - 1) * 100)
    v = ctx.classify_growth(reached=on_pace and end, on_pace=on_pace, faster=faster, end=end,
                            reverse=False)
    return ctx.result(v, p=None, e=ctx.elapsed(last.t), pick=last, required=(None, None),
                      projected=None, value=(actual / needed - 1) * 100)


# -- thresholds without a base ------------------------------------------------------------------


def threshold_without_base(ctx: Ctx, x_T: float) -> Assessment:
    """">6.5", "<5.5" with no printed base: maintain-type, assessable from the first value."""
    pick = ctx.latest_level()
    if pick is None:
        return ctx.no_data()
    ok = ctx.meets(pick.value, x_T)
    ctx.reason(f"界限类目标（规划未列基期值，不需要基期）：要求{ctx.target_phrase(x_T)}，"
               f"{pick.period_label}为{ctx.num(pick.value)}，{'符合要求，需继续保持' if ok else '未达到要求'}")
    ctx.numbers.update(target_value=x_T, maintain=True, threshold_without_base=True)
    e = ctx.elapsed(pick.t)
    v = ctx.classify(reached=ok, p=None, e=e, end=pick.t >= ctx.T)
    return ctx.result(v, p=None, e=e, pick=pick, required=(None, None), projected=None)


# -- guard rails --------------------------------------------------------------------------------------


def implausible(
    ctx: Ctx, p: float, what: str, change: tuple[float, float] | None = None
) -> Assessment | None:
    """A progress beyond any plausible range is a defect of the data or the target form, never a
    result (docs/evaluation.md 3.14). For levels (``change`` = (x_B, x_t)) the value must also
    have moved by more than its own base level: an overshoot of a small planned change (地表水
    83.4 → 85, actual 91.4) is real progress, a unit or form mix-up moves the value wholesale."""
    limit = ctx.cfg.plausible_progress
    if -limit <= p <= limit:
        return None
    if change is not None and abs(change[1] - change[0]) <= abs(change[0]):
        return None
    ctx.numbers["implausible_progress"] = p
    return ctx.not_assessable(
        "implausible",
        f"进度{pct(p)}超出合理范围（±{fmt(limit * 100, 0)}%）：{what}；请核对目标形式（累计变化、"
        "五年合计或水平值）与数据类型是否一致，本项不给出结论")


def level_sum_mismatch(ctx: Ctx, used: list[Point]) -> Assessment | None:
    """A five-year total whose yearly values are levels near the base value: the target is a
    change of a level (〔1〕 on 人均预期寿命), adding levels up would be meaningless."""
    x_B = ctx.ind.base_value
    if x_B is None or not used or abs(x_B) < EPS:
        return None
    if all(abs(p.value - x_B) <= 0.5 * abs(x_B) for p in used) and ctx.ind.target_value is not None \
            and abs(ctx.ind.target_value) < 0.5 * abs(x_B):
        ctx.numbers["level_values"] = [[p.obs.period.code, p.value] for p in used]
        return ctx.not_assessable(
            "implausible",
            f"逐年数据（如{used[0].period_label}{ctx.num(used[0].value)}）与基期水平"
            f"{ctx.num(x_B)}相当，而目标〔{fmt(ctx.ind.target_value)}〕远小于基期：数据是水平值，"
            "目标是较基期的累计变化，不能把逐年水平值相加；请把目标形式改为 cumulative_change")
    return None
