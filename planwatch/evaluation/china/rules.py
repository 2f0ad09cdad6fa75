"""Rule handlers of the Chinese schedule rule; :mod:`planwatch.evaluation.china` is the entry.

Each handler turns an indicator bundle into an :class:`Assessment` that names its rule and the
numbers it used. Shared steps (targets, qualifiers, classification, forward-looking figures)
live in :mod:`planwatch.evaluation.china.common`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from planwatch.evaluation import primitives as pr
from planwatch.evaluation.base import Assessment, IndicatorBundle, Status
from planwatch.evaluation.china import forms
from planwatch.evaluation.china import observations as se
from planwatch.evaluation.china.common import EPS, Ctx, Verdict, pct
from planwatch.evaluation.china.config import Config
from planwatch.evaluation.china.observations import Point, fmt
from planwatch.evaluation.forecast import forecast_level
from planwatch.model import ObservationKind, PeriodKind, ProgressRule, Qualifier

_FLOW_KINDS = frozenset({ObservationKind.LEVEL, ObservationKind.COUNT})


def assess(bundle: IndicatorBundle, cfg: Config, as_of: dt.date, *, method: str) -> Assessment:
    ctx = Ctx.make(bundle, cfg, as_of, method)
    forms.select_scope(ctx)
    ind = bundle.indicator
    if ind.rule is ProgressRule.PROVINCE_TASK or ind.qualifier is Qualifier.PROVINCE_TASK:
        return province_task(ctx)
    if ind.rule is ProgressRule.RELATIONAL:
        return forms.relational(ctx)
    if ind.rule is ProgressRule.NONE or ind.qualifier is Qualifier.NONE:
        what = ind.target_text or "—"
        return ctx.not_assessable("not_quantified", f"目标“{what}”未量化，不作数值评估")
    if not ctx.years_known:
        return ctx.not_assessable("not_quantified", "缺少基期年份或目标年份，无法计算时间进度")
    if ind.rule is ProgressRule.ANNUAL_TARGETS or ind.qualifier is Qualifier.ANNUAL:
        return forms.annual_targets(ctx)
    return HANDLERS[ind.rule](ctx)


# -- levels: linear, compound, threshold ------------------------------------------------------


def level(ctx: Ctx) -> Assessment:
    ind = ctx.ind
    x_T = ctx.firm_target()
    if x_T is None:
        return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未量化")
    if ind.base_value is None and ind.qualifier in (Qualifier.AT_LEAST, Qualifier.AT_MOST):
        return forms.threshold_without_base(ctx, x_T)
    if ind.base_value is not None and ind.rule is ProgressRule.CUMULATIVE_CHANGE:
        delta = x_T
        x_T = ind.base_value + ctx.d * abs(delta)
        ctx.reason(f"〔{fmt(delta)}〕为五年累计变化：目标水平=基期{ctx.num(ind.base_value)}"
                   f"{'+' if ctx.d > 0 else '−'}{ctx.num(abs(delta))}={ctx.num(x_T)}（水平值指标，"
                   "不把逐年数值相加）")
        ctx.numbers.update(cumulative_change=delta, implied_level=x_T)
    if ind.base_value is None:
        return ctx.not_assessable(
            "no_base", f"规划未给出{ctx.B}年基期值（{ind.base_text or '—'}），无法计算进度"
        )
    pick = ctx.latest_level()
    if pick is None:
        return ctx.no_data()
    x_B = ind.base_value
    if ctx.is_rate and abs(x_T) < 1 <= abs(x_B) / 5:
        ctx.notes.append(f"目标值{fmt(x_T)}疑似以小数填报（基期{ctx.num(x_B)}），请核实规划原文；"
                         "按规划原值计算")
    if ind.rule is ProgressRule.THRESHOLD or x_T == x_B or ctx.meets(x_B, x_T):
        return maintain(ctx, pick, x_B, x_T)
    e = ctx.elapsed(pick.t)
    p, compound = ctx.progress(x_B, pick.value, x_T)
    if p is not None and (bad := forms.implausible(ctx, p, f"{pick.period_label}为{ctx.num(pick.value)}，"
                                                   f"基期{ctx.num(x_B)}，目标{ctx.num(x_T)}",
                                                   (x_B, pick.value))):
        return bad
    path = pr.compound_path(x_B, x_T, e) if compound else pr.linear_path(x_B, x_T, e)
    ctx.reason(
        f"按{'复合增长路径' if compound else '线性路径'}，{pick.period_label}应达到"
        f"{ctx.num(path)}，实际{ctx.num(pick.value)}，进度{pct(p)}，时间进度{pct(e)}"
    )
    ctx.numbers.update(
        p_lin=pr.p_lin(x_B, pick.value, x_T), p_log=pr.p_log(x_B, pick.value, x_T),
        required_to_date=path, target_value=x_T,
        cagr_to_date=_pct_or_none(pr.cagr(x_B, pick.value, pick.t - ctx.B)),
        required_cagr=_pct_or_none(pr.cagr(x_B, x_T, ctx.T - ctx.B)),
    )
    reached = ctx.meets(pick.value, x_T)
    if reached:
        ctx.reason(f"已达到目标{ctx.target_phrase(x_T)}")
    verdict = ctx.classify(reached=reached, p=p, e=e, end=pick.t >= ctx.T)
    ctx.stretch_judgement(lambda s: _level_stretch(ctx, pick, x_B, s, e))
    return _finish_level(ctx, verdict, pick, x_B, x_T, p, e, compound)


def maintain(ctx: Ctx, pick: Point, x_B: float, x_T: float) -> Assessment:
    """Maintain or threshold targets, and targets already met at the base (methods.md 2.5)."""
    e = ctx.elapsed(pick.t)
    ok = ctx.meets(pick.value, x_T)
    why = "保持类目标" if ctx.ind.rule is ProgressRule.THRESHOLD else "基期已达到目标，按保持类目标"
    ctx.reason(
        f"{why}：要求{ctx.target_phrase(x_T)}，{pick.period_label}为{ctx.num(pick.value)}，"
        f"{'符合要求，需继续保持' if ok else '未达到要求'}"
    )
    ctx.numbers.update(target_value=x_T, maintain=True)
    verdict = ctx.classify(reached=ok, p=None, e=e, end=pick.t >= ctx.T)
    ctx.stretch_judgement(lambda s: "力争目标" + ctx.target_phrase(s) + (
        "已达到" if ctx.meets(pick.value, s) else "尚未达到"))
    compound = ctx.ind.rule is ProgressRule.COMPOUND
    return _finish_level(ctx, verdict, pick, x_B, x_T, None, e, compound)


def _level_stretch(ctx: Ctx, pick: Point, x_B: float, s: float, e: float) -> str:
    if ctx.meets(pick.value, s):
        return f"力争目标{ctx.num(s)}已提前达到"
    p, _ = ctx.progress(x_B, pick.value, s)
    if p is None:
        return f"力争目标{ctx.num(s)}：无法计算进度"
    ok = p >= e - ctx.tau - EPS
    return (f"力争目标{ctx.num(s)}：进度{pct(p)}，时间进度{pct(e)}，"
            f"{'达到或超过进度要求' if ok else '未达进度要求'}")


def _finish_level(
    ctx: Ctx, v: Verdict, pick: Point, x_B: float, x_T: float, p: float | None, e: float,
    compound: bool,
) -> Assessment:
    years_left = ctx.T - pick.t
    req, unit = ctx.required_growth(pick.value, x_T, years_left)
    proj = _project(x_B, pick.value, pick.t - ctx.B, years_left, compound and not ctx.is_rate)
    if req is not None:
        verb = "增长" if req >= 0 else "下降"
        ctx.reason(f"后续年均需{verb}{fmt(abs(req))}{unit}方能达到目标")
    if proj is not None:
        ctx.reason(f"按目前速度，{ctx.T}年预计为{ctx.num(proj)}")
    fc = forecast_level(ctx.annual_series(x_B), ctx.threshold(x_T), ctx.target_sense(), ctx.T)
    if fc is not None:
        ctx.numbers["forecast"] = fc
    return ctx.result(v, p=p, e=e, pick=pick, required=(req, unit), projected=proj)


def _project(x_B: float, x_t: float, span: float, left: float, compound: bool) -> float | None:
    """Value at the target year if the pace since the base continues."""
    if span <= 0 or left < 0:
        return None
    if compound and pr.same_sign_nonzero(x_B, x_t):
        return float(x_t * (x_t / x_B) ** (left / span))
    return x_t + (x_t - x_B) / span * left


def _pct_or_none(v: float | None) -> float | None:
    return None if v is None else v * 100.0


# -- growth-rate targets ------------------------------------------------------------------------


def growth(ctx: Ctx) -> Assessment:
    ind = ctx.ind
    g_star = ind.target_value if ind.target_value is not None else ind.declared_growth
    if g_star is None:
        g_star = ind.stretch_value
        if g_star is None:
            return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未量化")
        ctx.reason("规划只给出力争目标，按力争目标评估")
    pts = se.yearly_growth(ctx.observations, ctx.B, ctx.cfg.convention)
    pts = [p for p in pts if p.year <= ctx.T]
    if not pts:
        return ctx.no_data(what="增速")
    gs = [p.value for p in pts]
    g_hat = pr.geometric_mean_growth(gs)
    if g_hat is None:
        return ctx.not_assessable("no_data", "增速数据低于−100%，无法计算几何平均增速")
    sign, band = ctx.growth_sense()
    thr = g_star - sign * band
    on_pace = sign * (g_hat - thr) >= -EPS
    last = pts[-1]
    end = last.year >= ctx.T
    factor = pr.growth_factor(gs)
    need = (1 + thr / 100.0) ** (ctx.T - ctx.B)
    reached = on_pace if end else (sign > 0 and factor >= need - EPS)
    ctx.reason(_growth_sentence(ctx, pts, g_hat, g_star, band, thr, on_pace))
    missing = [y for y in range(ctx.B + 1, last.year + 1) if y not in {p.year for p in pts}]
    if missing:
        ctx.reason(f"缺少{'、'.join(map(str, missing))}年增速，按已有{len(pts)}年计算")
    e = ctx.elapsed(last.t)
    ctx.numbers.update(g_hat=g_hat, g_star=g_star, band=band, threshold=thr,
                       growth=[[p.obs.period.code, p.value] for p in pts], years=len(pts))
    faster = sign * (g_hat - g_star) > band + EPS
    v = ctx.classify_growth(reached=reached, on_pace=on_pace, faster=faster, end=end,
                            reverse=sign * g_hat < 0 < sign * g_star)
    left = ctx.T - last.year
    req = None
    if left > 0 and not end:
        req = ((1 + g_star / 100.0) ** (ctx.T - ctx.B) / factor) ** (1 / left) * 100.0 - 100.0
        ctx.reason(f"后续{left}年年均需增长{fmt(req)}%方能实现年均增长{fmt(g_star)}%")
    if ind.stretch_value is not None and ind.target_value is not None:
        s = ind.stretch_value
        ctx.stretch_text = (f"力争目标{fmt(s)}%：实际年均{fmt(g_hat)}%，"
                            f"{'已达到' if sign * (g_hat - s) >= -EPS else '尚未达到'}")
    ctx.numbers["g_hat_projected"] = g_hat
    return ctx.result(v, p=None, e=e, pick=last, required=(req, "%" if req is not None else None),
                      projected=g_hat, value=g_hat)


def _growth_sentence(
    ctx: Ctx, pts: list[Point], g_hat: float, g_star: float, band: float, thr: float, ok: bool
) -> str:
    years = f"{pts[0].year}—{pts[-1].year}年" if len(pts) > 1 else f"{pts[0].year}年"
    each = "、".join(f"{fmt(p.value, 1)}%" + ("（年内累计）" if p.provisional else "") for p in pts)
    band_text = f"，“左右”按±{fmt(band)}个百分点，判定线{fmt(thr, 3)}%" if band else ""
    return (f"{years}实际增速{each}，几何平均{fmt(g_hat, 3)}%，目标{ctx.target_phrase(g_star)}"
            f"{band_text}，{'达到' if ok else '未达到'}要求")


# -- cumulative sums ---------------------------------------------------------------------------


def cumulative_sum(ctx: Ctx) -> Assessment:
    ind = ctx.ind
    total = ind.target_value if ind.target_value is not None else ind.stretch_value
    if total is None:
        return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未量化")
    used = list(se.yearly_values(ctx.observations, ind.unit, ctx.B, kinds=_FLOW_KINDS).values())
    if (bad := forms.level_sum_mismatch(ctx, used)) is not None:
        return bad
    pick = _running_sum(ctx)
    if pick is None:
        return ctx.no_data()
    e = ctx.elapsed(pick.t)
    p = pick.value / total
    if (bad := forms.implausible(ctx, p, f"{pick.note}，目标{ctx.num(total)}")) is not None:
        return bad
    ctx.reason(f"{pick.note}，占五年目标{ctx.num(total)}的{pct(p)}，时间进度{pct(e)}")
    end = pick.t >= ctx.T
    if ctx.d > 0:
        v = ctx.classify(reached=pick.value >= total - EPS, p=p, e=e, end=end)
    else:  # a cap on a cumulative amount: keep the running sum under the time share
        v = ctx.classify_growth(reached=end and pick.value <= total, on_pace=p <= e + ctx.tau,
                                faster=False, end=end, reverse=False)
    left = ctx.T - pick.t
    proj = pick.value / (pick.t - ctx.B) * (ctx.T - ctx.B)
    if left > 0 and pick.value < total:
        per_year = (total - pick.value) / left
        ctx.numbers["required_annual"] = per_year
        ctx.reason(f"后续年均需完成{ctx.num(per_year)}")
    ctx.reason(f"按目前速度，五年累计预计为{ctx.num(proj)}")
    ctx.numbers.update(running_sum=pick.value, target_value=total)
    if ind.stretch_value is not None and ind.target_value is not None:
        s = ind.stretch_value
        ctx.stretch_text = f"力争目标{ctx.num(s)}：已完成{pct(pick.value / s)}"
    return ctx.result(v, p=p, e=e, pick=pick, required=(None, None), projected=proj)


def _running_sum(ctx: Ctx) -> Point | None:
    unit = ctx.ind.unit
    yearly = se.yearly_values(ctx.observations, unit, ctx.B, kinds=_FLOW_KINDS)
    total, used, y = 0.0, [], ctx.B + 1
    while y in yearly and y <= ctx.T:
        total += yearly[y].value
        used.append(yearly[y])
        y += 1
    cands: list[Point] = []
    if used:
        note = f"{ctx.B + 1}—{y - 1}年累计{ctx.num(total)}（逐年数据相加）"
        cands.append(Point(used[-1].t, total, used[-1].obs, note=note))
    part = _partial_year(ctx, y)
    if part is not None and (used or y == ctx.B + 1):
        note = f"{ctx.B + 1}年至{part.period_label}累计{ctx.num(total + part.value)}（含年内累计数）"
        cands.append(Point(part.t, total + part.value, part.obs, provisional=True, note=note))
    for r in se.running_totals(ctx.observations, unit, ctx.B, ctx.cfg.convention):
        cands.append(Point(r.t, r.value, r.obs, provisional=r.provisional,
                           note=f"{r.period_label}累计{ctx.num(r.value)}（公布的累计数）"))
    gaps = sorted(k for k in yearly if k > y)
    if gaps:
        ctx.reason(f"缺少{y}年数据，{'、'.join(map(str, gaps))}年数据未能计入逐年累计")
    return se.latest(cands)


def _partial_year(ctx: Ctx, year: int) -> Point | None:
    cands = []
    for o in ctx.observations:
        if o.kind in _FLOW_KINDS and o.period.is_sub_annual and o.period.year_of_end == year:
            v = se.in_unit(o, ctx.ind.unit)
            if v is not None and o.period.start_date.month == 1:
                cands.append(Point(se.plan_time(o.period, ctx.cfg.convention), v, o, True))
    return se.latest(cands)


# -- cumulative reductions ---------------------------------------------------------------------


def cumulative_reduction(ctx: Ctx) -> Assessment:
    ind = ctx.ind
    R_T = ind.target_value if ind.target_value is not None else ind.stretch_value
    if R_T is None or not 0 < R_T < 100:
        return ctx.not_assessable("not_quantified", f"目标“{ind.target_text or '—'}”未量化")
    pick = _chained_reduction(ctx)
    if pick is None:
        return ctx.no_data(what="降低率")
    R_t = pick.value
    e = ctx.elapsed(pick.t)
    compound = ctx.cfg.reduction_path == "compound"
    req_c = (1 - (1 - R_T / 100) ** e) * 100
    req_l = R_T * e
    if R_t >= 100:
        p = 1.0
    else:
        p = math.log(1 - R_t / 100) / math.log(1 - R_T / 100) if compound else R_t / R_T
    ctx.reason(
        f"{pick.note}，按{'复合' if compound else '线性'}口径至今应累计降低"
        f"{fmt(req_c if compound else req_l, 3)}%（{'线性' if compound else '复合'}口径"
        f"{fmt(req_l if compound else req_c, 3)}%），进度{pct(p)}，时间进度{pct(e)}"
    )
    end = pick.t >= ctx.T
    v = ctx.classify(reached=R_t >= R_T - EPS, p=p, e=e, end=end)
    left = ctx.T - pick.t
    req = None
    if left > 0 and R_t < R_T:
        req = -(1 - ((1 - R_T / 100) / (1 - R_t / 100)) ** (1 / left)) * 100
        ctx.reason(f"后续年均需降低{fmt(-req)}%方能完成五年累计降低{fmt(R_T)}%")
    span = pick.t - ctx.B
    proj = (1 - (1 - R_t / 100) ** ((ctx.T - ctx.B) / span)) * 100 if R_t < 100 else 100.0
    ctx.reason(f"按目前速度，五年累计预计降低{fmt(proj)}%")
    ctx.numbers.update(R_t=R_t, R_T=R_T, required_compound=req_c, required_linear=req_l,
                       path=ctx.cfg.reduction_path, target_value=R_T)
    return ctx.result(v, p=p, e=e, pick=pick, required=(req, "%" if req is not None else None),
                      projected=proj)


def _chained_reduction(ctx: Ctx) -> Point | None:
    """R_t from yearly reductions (values in %, or growth of the intensity as −r), or a
    published cumulative reduction."""
    values = se.yearly_values(ctx.observations, "%", ctx.B)
    growths = {p.year: p for p in se.yearly_growth(ctx.observations, ctx.B, ctx.cfg.convention)}
    rs: list[tuple[Point, float]] = []
    y = ctx.B + 1
    while y <= ctx.T:
        if y in values:
            rs.append((values[y], values[y].value))
        elif y in growths:
            rs.append((growths[y], -growths[y].value))
        else:
            break
        y += 1
    cands: list[Point] = []
    if rs:
        R = pr.chain_reduction(r for _, r in rs)
        each = "、".join(f"{fmt(r)}%" for _, r in rs)
        last = rs[-1][0]
        note = (f"{ctx.B + 1}—{last.year}年逐年降低{each}，累计降低"
                f"R=1−∏(1−r)={fmt(R, 3)}%")
        cands.append(Point(last.t, R, last.obs, provisional=last.provisional, note=note))
    for r in se.running_totals(ctx.observations, "%", ctx.B, ctx.cfg.convention):
        cands.append(Point(r.t, r.value, r.obs, provisional=r.provisional,
                           note=f"{r.period_label}累计降低{fmt(r.value)}%（公布的累计数）"))
    return se.latest(cands)


# -- province tasks ----------------------------------------------------------------------------


def province_task(ctx: Ctx) -> Assessment:
    region = ctx.bundle.region
    tasks = sorted(
        (m for m in ctx.bundle.milestones if m.region in (None, region)),
        key=lambda m: (m.year, m.region is not None, m.value),
    )
    if not tasks:
        return ctx.not_assessable("no_task", "目标为“完成省下达任务”，省下达的年度任务尚未录入")
    by_year = {m.year: m for m in tasks}
    obs = se.yearly_values(ctx.observations, ctx.ind.unit, 0)
    obs_g = {p.year: p for p in se.yearly_growth(ctx.observations, 0, ctx.cfg.convention)
             if p.obs.period.kind is PeriodKind.YEAR}
    years = [y for y in sorted(by_year, reverse=True) if y in obs or y in obs_g]
    if not years:
        listed = "、".join(str(y) for y in sorted(by_year))
        return ctx.not_assessable("no_data", f"已录入{listed}年省下达任务，但缺少对应年份的数据")
    y = years[0]
    pick = obs.get(y) or obs_g[y]
    task = by_year[y].value
    ok = ctx.d * (pick.value - task) >= -EPS
    src = by_year[y].source
    where = f"（来源：{src.title or src.label}）" if (src.title or src.document or src.url) else ""
    ctx.reason(f"{y}年省下达任务{ctx.num(task)}{where}，实际{ctx.num(pick.value)}，"
               f"{'完成' if ok else '未完成'}年度任务")
    ctx.numbers.update(task=task, task_year=y, task_origin=by_year[y].origin,
                       task_source=src.title or src.label)
    label = "完成省下达年度任务" if ok else "未完成省下达年度任务"
    v = Verdict(Status.ON_SCHEDULE if ok else Status.BEHIND, label, "task_met" if ok else "task_missed")
    return ctx.result(v, p=None, e=None, pick=pick, required=(None, None), projected=None)


HANDLERS: dict[ProgressRule, Callable[[Ctx], Assessment]] = {
    ProgressRule.LINEAR: level,
    ProgressRule.COMPOUND: level,
    ProgressRule.THRESHOLD: level,
    ProgressRule.CUMULATIVE_CHANGE: level,
    ProgressRule.GROWTH: growth,
    ProgressRule.CUMULATIVE_SUM: cumulative_sum,
    ProgressRule.CUMULATIVE_REDUCTION: cumulative_reduction,
    ProgressRule.PROVINCE_TASK: province_task,
}
