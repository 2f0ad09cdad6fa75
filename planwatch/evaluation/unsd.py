"""UNSD SDG Progress Chart as implemented by Eustat (methods.md section 6).

With a target: project the latest value to the target year at the CAGR since the base year and
compare the projected change with the required change, ``r = (v^e_T − v_b)/(v_T − v_b)``:
r ≥ 0.95 → score 3, 0.10 ≤ r < 0.95 → 2, else 1. Without a target: the CAGR in the desired
direction, ≥ 2% → 3, 0.5–2% → 2, else 1. Eustat's exceptions: the latest value meets the
target → achieved; within 1 point of a 0% or 100% target → achieved; no base-year value → the
nearest year that still gives two points; no target year → 2030.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import Outcome, Series, SeriesMethod, cagr, fmt, nonzero, pct


@dataclass(frozen=True)
class UnsdConfig:
    on_track: float = field(default=0.95, metadata={"help": "r 的“达标或按计划推进”阈值（默认0.95，得3分）"})
    fair: float = field(default=0.10, metadata={"help": "r 的“需加速”阈值（默认0.10，得2分；以下为停滞或倒退，1分）"})
    high_growth: float = field(default=0.02, metadata={"help": "无目标时按期望方向的年均增长率3分阈值（默认2%）"})
    low_growth: float = field(default=0.005, metadata={"help": "无目标时2分阈值（默认0.5%）"})
    near_points: float = field(default=1.0, metadata={"help": "目标为0%或100%时，差距在此点数以内视为已达成（默认1）"})
    default_target_year: int = field(default=2030, metadata={"help": "未给目标年份时使用的年份（默认2030）"})


LABELS = {
    "achieved": "已达成目标（3分）",
    "on_track": "达标或按计划推进（3分）",
    "acceleration_needed": "有合理进展但需加速（2分）",
    "stagnation_regression": "停滞或倒退（1分）",
    "not_evaluated": "未评估",
}
SCORES = {"achieved": 3.0, "on_track": 3.0, "acceleration_needed": 2.0, "stagnation_regression": 1.0}
CROSSWALK = {
    "achieved": Status.REACHED_EARLY,
    "on_track": Status.ON_SCHEDULE,
    "acceleration_needed": Status.BEHIND,
    "stagnation_regression": Status.BEHIND,
    "not_evaluated": Status.NOT_ASSESSABLE,
}


def base_point(series: Series) -> tuple[int, float] | None:
    """The base-year point, or the year nearest to it that still leaves a later point."""
    if len(series.years) < 2:
        return None
    b = series.base_year if series.base_year is not None else series.years[0]
    candidates = list(zip(series.years[:-1], series.values[:-1], strict=True))
    return min(candidates, key=lambda p: (abs(p[0] - b), -p[0]))


class Unsd(SeriesMethod):
    name = "unsd"
    title = "联合国统计司 SDG 进展图（UNSD Progress Chart，Eustat 实现）"
    Config: type = UnsdConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "not_evaluated"
    rule_text = "按基期以来年均增长率外推目标年值，与所需变化之比 r"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: UnsdConfig = config
        bp = base_point(series)
        if bp is None:
            return self.unable("少于两个数据点，未评估。")
        (b, raw_b), t, vt = bp, series.years[-1], series.values[-1]
        vb = nonzero(raw_b)
        if vb * vt < 0:
            return self.unable(f"基期{b}年{fmt(raw_b)}与最新{t}年{fmt(vt)}符号相反，无法计算增长率。")
        g = cagr(vb, vt, t - b)
        nums: dict[str, Any] = {"base_year": b, "base_value": raw_b, "current_year": t,
                                "current_value": vt, "cagr": g}
        head = f"基期{b}年{fmt(raw_b)}，最新{t}年{fmt(vt)}，年均增长率CAGR_a={pct(g)}"
        if series.target is not None:
            return self._with_target(series, cfg, b, vb, t, vt, g, head, nums)
        v = (-1 if vb < 0 else 1) * series.direction * g
        nums["value"] = v
        if v >= cfg.high_growth:
            cat = "on_track"
        elif v >= cfg.low_growth:
            cat = "acceleration_needed"
        else:
            cat = "stagnation_regression"
        return Outcome(cat, CROSSWALK[cat], v, SCORES[cat],
                       (f"{head}；无目标，按期望方向为{pct(v)}",
                        f"阈值{pct(cfg.high_growth, 1)}/{pct(cfg.low_growth, 1)}：{LABELS[cat]}。"), nums)

    def _with_target(self, s: Series, cfg: UnsdConfig, b: int, vb: float, t: int, vt: float,
                     g: float, head: str, nums: dict[str, Any]) -> Outcome:
        assert s.target is not None
        vT = s.target
        T = s.target_year if s.target_year is not None else cfg.default_target_year
        proj = vt * (1 + g) ** (T - t)
        nums.update(target=vT, target_year=T, projected=proj)
        near = vT in (0.0, 100.0) and abs(vt - vT) <= cfg.near_points
        if s.meets_target(vt) or near:
            why = (f"最新值{fmt(vt)}已达到目标{fmt(vT)}" if not near or s.meets_target(vt)
                   else f"最新值{fmt(vt)}与{fmt(vT)}%目标相差不到{fmt(cfg.near_points)}个点")
            return Outcome("achieved", Status.REACHED_EARLY, None, 3.0, (head, why + "：已达成目标，3分。"),
                           nums, projected_value=proj)
        if s.direction * (vT - vb) <= 0:  # the base already met the target [D, methods.md 2.5]
            return Outcome("stagnation_regression", Status.BEHIND, None, 1.0,
                           (head, f"基期值已满足目标{fmt(vT)}而最新值未满足（保持型目标）：停滞或倒退，1分。"),
                           nums, projected_value=proj)
        r = (proj - vb) / (vT - vb)
        nums["ratio"] = r
        if r >= cfg.on_track:
            cat = "on_track"
        elif r >= cfg.fair:
            cat = "acceleration_needed"
        else:
            cat = "stagnation_regression"
        return Outcome(cat, CROSSWALK[cat], r, SCORES[cat],
                       (f"{head}；按此增速{T}年预计为{fmt(proj, 9)}，目标{fmt(vT)}，r={fmt(r, 9)}",
                        f"阈值{fmt(cfg.on_track)}/{fmt(cfg.fair)}：{LABELS[cat]}。"), nums,
                       projected_value=proj)


METHOD = register(Unsd())
