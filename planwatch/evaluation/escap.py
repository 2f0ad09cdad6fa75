"""UN ESCAP progress assessment (methods.md section 5).

Current status ``CS = (x_cr − x_b)/(x_T − x_b)`` (capped at 1) against the elapsed share
``(cr − b)/(T − b)``; anticipated progress from a (weighted) least-squares line through the
observations since the base year, ``APR = (x̂_T − x_b)/(x_T − x_b)``: ≥ 1 maintain progress,
[0, 1) accelerate, < 0 reverse the trend. The category comes from APR. ESCAP's exact weight
function was not verified, so it is a parameter: ``none`` (OLS) or ``linear`` (w = t − t_first + 1).
Series without a target are not assessed (ESCAP sets one or excludes the indicator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import Outcome, Series, SeriesMethod, fmt

WEIGHTS = ("none", "linear")


@dataclass(frozen=True)
class EscapConfig:
    weights: str = field(default="linear", metadata={
        "help": "回归权重：none（普通最小二乘）或 linear（近年加权 w=t−首年+1，默认）；ESCAP 原权重函数未经核实"})
    default_target_year: int = field(default=2030, metadata={"help": "序列未给目标年份时使用的目标年份（默认2030）"})


LABELS = {
    "target_met": "保持进展（已达目标）",
    "maintain_progress": "保持进展即可实现目标",
    "accelerate_progress": "需加快进展",
    "reverse_trend": "需扭转趋势",
    "insufficient_data": "数据不足",
}

CROSSWALK = {
    "target_met": Status.REACHED_EARLY,
    "maintain_progress": Status.ON_SCHEDULE,
    "accelerate_progress": Status.BEHIND,
    "reverse_trend": Status.BEHIND,
    "insufficient_data": Status.NOT_ASSESSABLE,
}


def weighted_line(xs: Sequence[float], ys: Sequence[float], ws: Sequence[float]) -> tuple[float, float]:
    """Weighted least squares ``y = a + b·x``; returns (a, b)."""
    sw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs, strict=True)) / sw
    my = sum(w * y for w, y in zip(ws, ys, strict=True)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs, strict=True))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, ys, strict=True))
    b = sxy / sxx
    return my - b * mx, b


def weights_for(years: Sequence[int], kind: str) -> list[float]:
    if kind == "none":
        return [1.0] * len(years)
    if kind == "linear":
        return [float(y - years[0] + 1) for y in years]
    raise ValueError(f"unknown weights {kind!r}; choose one of {WEIGHTS}")


class Escap(SeriesMethod):
    name = "escap"
    title = "联合国亚太经社会进展评估（UN ESCAP current status & anticipated progress）"
    Config: type = EscapConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "insufficient_data"
    rule_text = "加权线性回归外推目标年值，预期进展比 APR=(x̂_T−x_b)/(x_T−x_b)"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: EscapConfig = config
        if series.target is None:
            return self.unable("没有量化目标：ESCAP 方法只评估有目标的指标（或先设定目标）。")
        base_year = series.base_year if series.base_year is not None else (series.years or (0,))[0]
        pts = series.points_from(base_year)
        if len(pts) < 2:
            return self.unable(f"自基期{base_year}年起只有{len(pts)}个数据点，少于2个，数据不足。")
        (b, xb), (cr, xcr) = pts[0], pts[-1]
        xT = series.target
        T = series.target_year if series.target_year is not None else cfg.default_target_year
        if T <= b:
            return self.unable(f"目标年份{T}年不晚于基期{b}年。")
        years, values = [p[0] for p in pts], [p[1] for p in pts]
        a, slope = weighted_line(years, values, weights_for(years, cfg.weights))
        pred = a + slope * T
        expected = (cr - b) / (T - b)
        nums: dict[str, Any] = {"base_year": b, "base_value": xb, "current_year": cr,
                                "current_value": xcr, "target": xT, "target_year": T,
                                "slope": slope, "intercept": a, "predicted": pred,
                                "expected_progress": expected, "weights": cfg.weights}
        if series.direction * (xT - xb) <= 0:
            return self._maintain_target(series, xb, xcr, pred, nums)
        cs = min((xcr - xb) / (xT - xb), 1.0)
        apr = (pred - xb) / (xT - xb)
        nums.update(current_status=cs, apr=apr)
        w = "普通最小二乘" if cfg.weights == "none" else "近年线性加权"
        why = (f"基期{b}年{fmt(xb)}，最新{cr}年{fmt(xcr)}，目标{T}年{fmt(xT)}；现状指数CS={fmt(cs, 6)}，"
               f"按时间应完成{fmt(expected, 6)}；{w}回归斜率{fmt(slope, 9)}，预测{T}年{fmt(pred, 9)}，"
               f"APR={fmt(apr, 9)}")
        cat = self._category(series, xcr, apr)
        tail = f"{LABELS[cat]}" + ("" if apr >= 1 or cat == "target_met" else f"，进展差距1−APR={fmt(1 - apr, 6)}")
        return Outcome(cat, CROSSWALK[cat], apr, None, (why, tail + "。"), nums,
                       progress=cs, expected_progress=expected, projected_value=pred)

    @staticmethod
    def _category(series: Series, xcr: float, apr: float) -> str:
        if series.meets_target(xcr):
            return "target_met"
        if apr >= 1:
            return "maintain_progress"
        if apr >= 0:
            return "accelerate_progress"
        return "reverse_trend"

    def _maintain_target(self, series: Series, xb: float, xcr: float, pred: float,
                         nums: dict[str, Any]) -> Outcome:
        """The base value already meets the target [D, methods.md 2.5]: a 'maintain' target.
        The ratio would reward moving away from the target, so it is not used."""
        if series.meets_target(xcr):
            cat = "target_met" if series.meets_target(pred) else "accelerate_progress"
        else:
            cat = "reverse_trend"
        return Outcome(cat, CROSSWALK[cat], None, None,
                       (f"基期值{fmt(xb)}已满足目标{fmt(series.target)}（按保持型目标判断），APR不适用；"
                        f"最新{fmt(xcr)}，预测{fmt(pred, 9)}：{LABELS[cat]}。",), nums, projected_value=pred)


METHOD = register(Escap())
