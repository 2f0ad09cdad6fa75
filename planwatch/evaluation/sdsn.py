"""SDSN Sustainable Development Report trend dashboard (methods.md section 7).

Values are normalised to scores 0–100, ``s = 100·(x − lb)/(opt − lb)`` (clipped), with ``opt``
the target (or the natural limit when there is no target) and ``lb`` a lower bound. The observed
pace ``ν = (s_t − s_b)/(t − b)`` is compared with the required pace
``ρ = (s_goal − s_b)/(T − b)``: ν ≥ ρ on track, ≥ 0.5ρ moderately improving, ≥ 0 stagnating,
else decreasing. The reported value is the ratio ν/ρ. Without a lower bound the score is not
clipped from below [D] (the ratio then does not depend on lb).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import Outcome, Series, SeriesMethod, fmt


@dataclass(frozen=True)
class SdsnConfig:
    moderate: float = field(default=0.5, metadata={"help": "“温和改善”阈值：ν ≥ 此值×ρ（默认0.5）"})
    default_target_year: int = field(default=2030, metadata={"help": "未给目标年份时使用的年份（默认2030）"})
    green_share: float = field(default=1.0, metadata={
        "help": "“已达成”（绿色）门槛在基期值到目标之间的位置，1为目标本身（默认）"})


LABELS = {
    "maintaining_achievement": "已达成并保持",
    "on_track": "按计划推进",
    "moderately_improving": "温和改善",
    "stagnating": "停滞",
    "decreasing": "倒退",
    "trend_unavailable": "无趋势信息",
}
CROSSWALK = {
    "maintaining_achievement": Status.REACHED_EARLY,
    "on_track": Status.ON_SCHEDULE,
    "moderately_improving": Status.BEHIND,
    "stagnating": Status.BEHIND,
    "decreasing": Status.BEHIND,
    "trend_unavailable": Status.NOT_ASSESSABLE,
}


def normalise(x: float, lb: float | None, opt: float, ref: float) -> float:
    """Score 0–100 (reversed automatically when opt < lb). ``ref`` stands in for a missing lb
    (then only the upper clip applies)."""
    low = ref if lb is None else lb
    s = 100 * (x - low) / (opt - low)
    return min(s, 100.0) if lb is None else max(0.0, min(s, 100.0))


class Sdsn(SeriesMethod):
    name = "sdsn"
    title = "可持续发展解决方案网络趋势看板（SDSN SDR trend dashboard）"
    Config: type = SdsnConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "trend_unavailable"
    rule_text = "标准化得分的实际年均变化ν与所需年均变化ρ之比"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: SdsnConfig = config
        opt = series.target if series.target is not None else series.limit
        if opt is None:
            return self.unable("没有目标值或自然极限作为最优值，无法标准化，无趋势信息。")
        base_year = series.base_year if series.base_year is not None else (series.years or (0,))[0]
        pts = series.points_from(base_year)
        if len(pts) < 2:
            return self.unable(f"自基期{base_year}年起少于2个数据点，无趋势信息。")
        (b, xb), (t, xt) = pts[0], pts[-1]
        T = series.target_year if series.target_year is not None else cfg.default_target_year
        lb = series.lower_bound
        if T <= b or opt == (xb if lb is None else lb):
            return self.unable("目标年份不晚于基期，或最优值等于下界，无法计算所需变化。")
        goal = xb + cfg.green_share * (opt - xb)
        met = (xt >= goal) if series.direction > 0 else (xt <= goal)
        if met:
            return Outcome("maintaining_achievement", Status.REACHED_EARLY, None, None,
                           (f"最新{t}年{fmt(xt)}已达到“已达成”门槛{fmt(goal)}：已达成并保持。",),
                           {"base_year": b, "current_year": t, "goal": goal})
        sb, st = normalise(xb, lb, opt, xb), normalise(xt, lb, opt, xb)
        sg = normalise(goal, lb, opt, xb)
        nu, rho = (st - sb) / (t - b), (sg - sb) / (T - b)
        ratio = nu / rho if rho != 0 else None
        nums = {"base_year": b, "current_year": t, "score_base": sb, "score_current": st,
                "score_goal": sg, "pace": nu, "required_pace": rho, "ratio": ratio,
                "optimum": opt, "lower_bound": lb}
        if rho <= 0:  # the base met the goal, the latest value no longer does [D]
            return Outcome("decreasing", Status.BEHIND, None, None,
                           (f"基期{b}年{fmt(xb)}已满足“已达成”门槛{fmt(goal)}，最新{t}年{fmt(xt)}已不满足：倒退。",),
                           nums)
        if nu >= rho:
            cat = "on_track"
        elif nu >= cfg.moderate * rho:
            cat = "moderately_improving"
        elif nu >= 0:
            cat = "stagnating"
        else:
            cat = "decreasing"
        why = (f"得分（最优值{fmt(opt)}，下界{fmt(lb)}）：{b}年{fmt(sb, 6)}→{t}年{fmt(st, 6)}，"
               f"实际年均变化ν={fmt(nu, 6)}，所需ρ=({fmt(sg, 6)}−{fmt(sb, 6)})/({T}−{b})={fmt(rho, 6)}，"
               f"ν/ρ={fmt(ratio, 6)}")
        return Outcome(cat, CROSSWALK[cat], ratio, None, (why, f"{LABELS[cat]}。"), nums)


METHOD = register(Sdsn())
