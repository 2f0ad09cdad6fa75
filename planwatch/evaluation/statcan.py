"""Statistics Canada / Open SDG progress measure (methods.md section 3).

With a target: ``R = sign·d·CAGR_i/|CAGR_T|`` against 0.95 / 0.60 / 0. Without: the
direction-adjusted CAGR ``v = sign·d·CAGR_i`` against 1.5%·C / 0.5%·C / 0, where ``C`` is the
natural-limit factor. Scores as published (target achieved +5; bands of 2.5). Edge rules: zero
base or target → 0.001; base and current of opposite sign, fewer than two years, or a base year
after the last data year → not assessable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import (
    Outcome,
    Series,
    SeriesMethod,
    cagr,
    fmt,
    nonzero,
    pct,
)

LIMIT_EXPONENT = 4.44
GOLDILOCKS = ("none", "parity", "gender_50", "budget_100")


@dataclass(frozen=True)
class StatCanConfig:
    high: float = field(default=0.95, metadata={"help": "有目标时 R 的“进展显著”阈值（默认0.95）"})
    medium: float = field(default=0.60, metadata={"help": "有目标时 R 的“需加速”阈值（默认0.60）"})
    high_growth: float = field(
        default=0.015, metadata={"help": "无目标时方向调整后年均增长率的“进展显著”阈值（默认1.5%，乘以自然极限系数C）"})
    medium_growth: float = field(
        default=0.005, metadata={"help": "无目标时的“需加速”阈值（默认0.5%，乘以C）"})
    default_target_year: int = field(
        default=2030, metadata={"help": "序列未给目标年份时使用的目标年份（Open SDG 默认2030）"})
    goldilocks: str = field(
        default="none", metadata={"help": "适中型变换：none / parity（均等指数，max(y,1/y)，0.97–1.03视为1，目标1）"
                                          " / gender_50（50+|y−50|，目标50）/ budget_100（100+|y−100|，目标100）"})


LABELS = {
    "target_achieved": "已达到目标",
    "substantial_progress": "进展显著（按计划推进）",
    "moderate_progress": "有进展但需加速",
    "limited_progress": "进展有限",
    "deterioration": "逆向变化（恶化）",
    "not_available": "无法评估",
}

CROSSWALK = {
    "target_achieved": Status.REACHED_EARLY,
    "substantial_progress": Status.ON_SCHEDULE,
    "moderate_progress": Status.BEHIND,
    "limited_progress": Status.BEHIND,
    "deterioration": Status.BEHIND,
    "not_available": Status.NOT_ASSESSABLE,
}


def limit_factor(y0: float, limit: float) -> float:
    """Natural-limit factor C (methods.md 3.1) with a = 4.44, y0 = |y_0|, L = |limit|."""
    a, L = abs(y0), abs(limit)
    if a <= L:
        return float(1 - (a / L) ** LIMIT_EXPONENT)
    if a < 2 * L:
        return float(1 - ((2 * L - a) / L) ** LIMIT_EXPONENT)
    return 1.0


def target_score(r: float) -> float:
    if r >= 0.6:
        return min(7.1429 * r - 4.2857, 5.0)
    return max(4.1667 * r - 2.5, -5.0)


def growth_score(v: float, c: float, cfg: StatCanConfig) -> float:
    if v < 0:
        return max(125 * v - 2.5, -5.0)
    if c == 0:
        return 5.0
    if v >= cfg.high_growth * c:
        return min(500 * v / c - 5, 5.0)
    if v >= cfg.medium_growth * c:
        return 250 * v / c - 1.25
    return 500 * v / c - 2.5


def goldilocks(series: Series, kind: str) -> Series:
    """Apply a documented 'goldilocks' transform: distance from the ideal, lower is better."""
    if kind == "none":
        return series
    if kind == "parity":
        def f(y: float) -> float:
            t = max(y, 1 / y)
            return 1.0 if 0.97 <= y <= 1.03 else t
        ideal = 1.0
    elif kind == "gender_50":
        def f(y: float) -> float:
            return 50 + abs(y - 50)
        ideal = 50.0
    elif kind == "budget_100":
        def f(y: float) -> float:
            return 100 + abs(y - 100)
        ideal = 100.0
    else:
        raise ValueError(f"unknown goldilocks transform {kind!r}; choose one of {GOLDILOCKS}")
    return Series(series.id, series.years, tuple(f(v) for v in series.values), -1,
                  target=ideal, target_year=series.target_year, base_year=series.base_year)


class StatCan(SeriesMethod):
    name = "statcan"
    title = "加拿大统计局 / Open SDG 进展测度（Statistics Canada / Open SDG progress measure）"
    Config: type = StatCanConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "not_available"
    rule_text = "实际年均增长率与所需年均增长率之比 R（无目标时为方向调整后的年均增长率）"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: StatCanConfig = config
        s = goldilocks(series, cfg.goldilocks)
        if not s.years:
            return self.unable("没有任何数据。")
        base_year = s.base_year if s.base_year is not None else s.years[0]
        pts = s.points_from(base_year)
        if not pts:
            return self.unable(f"基期{base_year}年晚于最后一个数据年份{s.years[-1]}年，无法评估。")
        (t0, raw0), (ti, yi) = pts[0], pts[-1]
        if t0 == ti:
            return self.unable(f"自基期{base_year}年起只有{t0}年一个数据点，少于两年，无法评估。")
        y0 = nonzero(raw0)
        if y0 * yi < 0:
            return self.unable(f"基期值{fmt(raw0)}（{t0}年）与最新值{fmt(yi)}（{ti}年）符号相反，无法计算增长率。")
        sign = -1 if y0 < 0 else 1
        d = s.direction
        growth = cagr(y0, yi, ti - t0)
        nums: dict[str, Any] = {"base_year": t0, "base_value": raw0, "current_year": ti,
                                "current_value": yi, "cagr": growth, "sign": sign, "direction": d}
        head = (f"基期{t0}年{fmt(raw0)}，最新{ti}年{fmt(yi)}，实际年均增长率CAGR_i={pct(growth)}"
                + ("（基期为负，方向取反）" if sign < 0 else ""))
        if raw0 == 0:
            head += "；基期值为0，按规则以0.001代替"
        if s.target is not None:
            return self._with_target(s, cfg, t0, y0, yi, growth, sign, head, nums)
        return self._without_target(s, cfg, y0, growth, sign, head, nums)

    def _with_target(self, s: Series, cfg: StatCanConfig, t0: int, y0: float, yi: float,
                     growth: float, sign: int, head: str, nums: dict[str, Any]) -> Outcome:
        assert s.target is not None
        yt = nonzero(s.target)
        tt = s.target_year if s.target_year is not None else cfg.default_target_year
        if tt <= t0:
            return self.unable(f"目标年份{tt}年不晚于基期{t0}年，无法计算所需增长率。", **nums)
        if yt * y0 < 0:
            return self.unable(f"目标值{fmt(s.target)}与基期值{fmt(y0)}符号相反，无法计算所需增长率。", **nums)
        need = cagr(y0, yt, tt - t0)
        nums.update(target=s.target, target_year=tt, required_cagr=need)
        achieved = s.meets_target(yi)
        r = sign * s.direction * growth / abs(need) if need != 0 else None
        nums["ratio"] = r
        why = f"{head}；目标{tt}年{fmt(s.target)}，所需年均增长率CAGR_T={pct(need)}"
        if r is not None:
            why += f"，R=sign·d·CAGR_i/|CAGR_T|={fmt(r, 9)}"
        if achieved:
            return Outcome("target_achieved", Status.REACHED_EARLY, r, 5.0,
                           (why, f"最新值{fmt(yi)}已达到目标{fmt(s.target)}：已达到目标，得分5。"), nums)
        if r is None:
            return Outcome("deterioration", Status.BEHIND, None, -5.0,
                           (why, "目标等于基期值而最新值未达到目标，判为逆向变化，得分−5。"), nums)
        cat = _band(r, cfg.high, cfg.medium)
        sc = target_score(r)
        return Outcome(cat, CROSSWALK[cat], r, sc,
                       (why, f"R={fmt(r, 6)}，阈值{fmt(cfg.high)}/{fmt(cfg.medium)}/0："
                             f"{LABELS[cat]}，得分{fmt(sc, 6)}。"), nums)

    def _without_target(self, s: Series, cfg: StatCanConfig, y0: float, growth: float,
                        sign: int, head: str, nums: dict[str, Any]) -> Outcome:
        v = sign * s.direction * growth
        c = limit_factor(y0, s.limit) if s.limit is not None else 1.0
        hi, med = cfg.high_growth * c, cfg.medium_growth * c
        nums.update(value=v, limit=s.limit, limit_factor=c, high=hi, medium=med)
        why = f"{head}；无目标，方向调整后年均增长率v={pct(v)}"
        if s.limit is not None:
            why += f"；自然极限{fmt(s.limit)}，系数C={fmt(c, 9)}，阈值{pct(hi)}/{pct(med)}/0"
        else:
            why += f"，阈值{pct(hi)}/{pct(med)}/0"
        sc = growth_score(v, c, cfg)
        if c == 0 and v >= 0:
            cat = "substantial_progress"
            tail = "基期值已在自然极限上且未后退：按计划推进，得分5。"
        else:
            cat = _band(v, hi, med)
            tail = f"{LABELS[cat]}，得分{fmt(sc, 6)}。"
        return Outcome(cat, CROSSWALK[cat], v, sc, (why, tail), nums)


def _band(x: float, high: float, medium: float) -> str:
    if x >= high:
        return "substantial_progress"
    if x >= medium:
        return "moderate_progress"
    if x >= 0:
        return "limited_progress"
    return "deterioration"


METHOD = register(StatCan())
