"""Eurostat EU SDG monitoring report (methods.md section 4).

The trend is measured over a window ending at the latest year: 5 years (short-term, method
``eurostat``) or 15 years (long-term, ``eurostat-long``). With a target: ``RR = CAGR_a/CAGR_r``
where ``CAGR_r`` is the growth required from the start of the window to the target, judged
against 95% / 60% / 0. Without a target: the CAGR in the desired direction against
+1% / 0 / −1%. Our additions [D]: a target already met in the latest year is "target met"; a
target equal to the window's start value; zero and negative values use the sign rule of section 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import Outcome, Series, SeriesMethod, cagr, fmt, nonzero, pct


@dataclass(frozen=True)
class EurostatConfig:
    window: int = field(default=5, metadata={"help": "趋势窗口年数：5为短期（默认），15为长期"})
    min_points: int = field(default=3, metadata={"help": "窗口内至少应有的数据点数（默认3）"})
    min_span: int = field(default=0, metadata={"help": "窗口内数据至少覆盖的年数（长期趋势默认10）"})
    high: float = field(default=0.95, metadata={"help": "有目标时 RR 的“显著进展”阈值（默认95%）"})
    medium: float = field(default=0.60, metadata={"help": "有目标时 RR 的“中等进展”阈值（默认60%）"})
    growth: float = field(default=0.01, metadata={"help": "无目标时“显著”与“中等”的年均增长率分界（默认1%）"})


@dataclass(frozen=True)
class EurostatLongConfig(EurostatConfig):
    window: int = field(default=15, metadata={"help": "趋势窗口年数：15为长期（默认），5为短期"})
    min_span: int = field(default=10, metadata={"help": "窗口内数据至少覆盖的年数（默认10，约为15年中的10年）"})


LABELS = {
    "target_met": "已达到目标",
    "significant_progress": "显著进展",
    "moderate_progress": "中等进展",
    "insufficient_progress": "进展不足",
    "movement_away": "偏离目标",
    "moderate_movement_away": "中度偏离",
    "significant_movement_away": "显著偏离",
    "not_assessed": "未评估（数据不足）",
}

CROSSWALK = {
    "target_met": Status.REACHED_EARLY,
    "significant_progress": Status.ON_SCHEDULE,
    "moderate_progress": Status.BEHIND,
    "insufficient_progress": Status.BEHIND,
    "movement_away": Status.BEHIND,
    "moderate_movement_away": Status.BEHIND,
    "significant_movement_away": Status.BEHIND,
    "not_assessed": Status.NOT_ASSESSABLE,
}


class Eurostat(SeriesMethod):
    name = "eurostat"
    title = "欧盟统计局可持续发展监测（Eurostat EU SDG monitoring），短期5年窗口"
    Config: type = EurostatConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "not_assessed"
    rule_text = "窗口期实际年均增长率与所需年均增长率之比 RR（无目标时为方向调整后的年均增长率）"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: EurostatConfig = config
        if not series.years:
            return self.unable("没有任何数据。")
        t = series.years[-1]
        pts = series.points_from(t - cfg.window)
        t0, raw0 = pts[0]
        xt = series.values[-1]
        if len(pts) < max(cfg.min_points, 2) or t - t0 < max(cfg.min_span, 1):
            return self.unable(f"{t - cfg.window}—{t}年窗口内只有{len(pts)}个数据点（覆盖{t - t0}年），"
                               f"少于要求的{cfg.min_points}个点/{cfg.min_span}年，未评估。")
        x0 = nonzero(raw0)
        if x0 * xt < 0:
            return self.unable(f"窗口起点{t0}年{fmt(raw0)}与最新{t}年{fmt(xt)}符号相反，无法计算增长率。")
        ga = cagr(x0, xt, t - t0)
        nums: dict[str, Any] = {"window_start": t0, "start_value": raw0, "current_year": t,
                                "current_value": xt, "cagr_actual": ga, "window": cfg.window}
        head = f"{cfg.window}年窗口：{t0}年{fmt(raw0)}→{t}年{fmt(xt)}，实际年均增长率CAGR_a={pct(ga)}"
        if series.target is not None and series.target_year is not None:
            return self._with_target(series, cfg, t0, x0, xt, ga, head, nums)
        if series.target is not None:
            return self.unable("有目标值但没有目标年份，无法计算所需增长率。", **nums)
        return self._without_target(series, cfg, x0, ga, head, nums)

    def _with_target(self, s: Series, cfg: EurostatConfig, t0: int, x0: float, xt: float,
                     ga: float, head: str, nums: dict[str, Any]) -> Outcome:
        assert s.target is not None and s.target_year is not None
        xT, T = nonzero(s.target), s.target_year
        if T <= t0 or xT * x0 < 0:
            return self.unable(f"目标{T}年{fmt(s.target)}与窗口起点{t0}年{fmt(x0)}无法计算所需增长率。", **nums)
        gr = cagr(x0, xT, T - t0)
        # RR = CAGR_a/CAGR_r, written as StatCan's sign·d·CAGR_a/|CAGR_r| [D]: identical when the
        # target lies in the desired direction, and a move away stays negative when the start
        # value already met the target (the plain ratio would call it progress).
        sign = -1 if x0 < 0 else 1
        rr = sign * s.direction * ga / abs(gr) if gr != 0 else None
        nums.update(target=s.target, target_year=T, cagr_required=gr, ratio=rr)
        why = f"{head}；目标{T}年{fmt(s.target)}，所需年均增长率CAGR_r={pct(gr)}"
        if rr is not None:
            why += f"，RR=CAGR_a/CAGR_r（方向调整）={fmt(rr, 9)}"
        if s.meets_target(xt):
            return Outcome("target_met", Status.REACHED_EARLY, rr, None,
                           (why, f"最新值{fmt(xt)}已达到目标{fmt(s.target)}：已达到目标。"), nums)
        if rr is None:
            return Outcome("movement_away", Status.BEHIND, None, None,
                           (why, "目标等于窗口起点值而最新值未达到目标：偏离目标。"), nums)
        if rr >= cfg.high:
            cat = "significant_progress"
        elif rr >= cfg.medium:
            cat = "moderate_progress"
        elif rr >= 0:
            cat = "insufficient_progress"
        else:
            cat = "movement_away"
        return Outcome(cat, CROSSWALK[cat], rr, None,
                       (why, f"RR={pct(rr, 2)}，阈值{pct(cfg.high, 0)}/{pct(cfg.medium, 0)}/0：{LABELS[cat]}。"),
                       nums)

    def _without_target(self, s: Series, cfg: EurostatConfig, x0: float, ga: float, head: str,
                        nums: dict[str, Any]) -> Outcome:
        sign = -1 if x0 < 0 else 1
        v = sign * s.direction * ga
        nums["value"] = v
        if v > cfg.growth:
            cat = "significant_progress"
        elif v >= 0:
            cat = "moderate_progress"
        elif v >= -cfg.growth:
            cat = "moderate_movement_away"
        else:
            cat = "significant_movement_away"
        g = pct(cfg.growth, 0)
        return Outcome(cat, CROSSWALK[cat], v, None,
                       (f"{head}；无目标，按期望方向调整后为{pct(v)}",
                        f"阈值 >{g} / 0—{g} / −{g}—0 / <−{g}：{LABELS[cat]}。"), nums)


class EurostatLong(Eurostat):
    name = "eurostat-long"
    title = "欧盟统计局可持续发展监测（Eurostat EU SDG monitoring），长期15年窗口"
    Config: type = EurostatLongConfig


METHOD = register(Eurostat())
METHOD_LONG = register(EurostatLong())
