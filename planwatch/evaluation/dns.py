"""Destatis German Sustainable Development Strategy weather symbols (methods.md section 8).

Targets with a value: the mean of the last five yearly changes (from the last six consecutive
points; at least four) is extrapolated linearly to the target year; the shortfall relative to
``|target − current|`` gives sun (< 5%, or met), slightly cloudy (5–20%), cloud (> 20% but in the
right direction) or thunderstorm (wrong direction). Direction-only series (no target): the mean
change decides first, the last yearly change second. A target already met at the latest value
is a "keep" target: the latest value decides first, the trend second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Status, register
from planwatch.evaluation.series import Outcome, Series, SeriesMethod, fmt


@dataclass(frozen=True)
class DnsConfig:
    points: int = field(default=6, metadata={"help": "计算平均年变化所用的最近连续数据点数（默认6，即最近5个年变化）"})
    min_points: int = field(default=4, metadata={"help": "最少连续数据点数，不足则不评估（默认4）"})
    sun: float = field(default=0.05, metadata={"help": "外推值偏离目标的相对差距低于此值为“晴”（默认5%）"})
    cloudy: float = field(default=0.20, metadata={"help": "相对差距不超过此值为“晴间多云”（默认20%）"})
    default_target_year: int = field(default=2030, metadata={"help": "未给目标年份时使用的年份（默认2030）"})


LABELS = {
    "sun": "晴（目标可实现）",
    "slightly_cloudy": "晴间多云（差距5%—20%）",
    "cloud": "多云（方向正确但差距超过20%）",
    "thunderstorm": "雷雨（方向错误）",
    "not_assessed": "不评估（数据不足）",
}
CROSSWALK = {
    "sun": Status.ON_SCHEDULE,
    "slightly_cloudy": Status.BEHIND,
    "cloud": Status.BEHIND,
    "thunderstorm": Status.BEHIND,
    "not_assessed": Status.NOT_ASSESSABLE,
}


def recent_run(series: Series, n: int) -> list[tuple[int, float]]:
    """The last ``n`` points of the run of consecutive years that ends at the latest year."""
    pts = list(zip(series.years, series.values, strict=True))
    run = pts[-1:]
    for y, v in reversed(pts[:-1]):
        if y != run[0][0] - 1 or len(run) >= n:
            break
        run.insert(0, (y, v))
    return run


class Dns(SeriesMethod):
    name = "dns"
    title = "德国可持续发展战略天气符号（Destatis DNS weather symbols）"
    Config: type = DnsConfig
    labels = LABELS
    crosswalk = CROSSWALK
    not_assessable_category = "not_assessed"
    rule_text = "最近5年平均年变化线性外推至目标年，与目标的相对差距"

    def judge(self, series: Series, config: Any) -> Outcome:
        cfg: DnsConfig = config
        if not series.years:
            return self.unable("没有任何数据。")
        run = recent_run(series, cfg.points)
        if len(run) < cfg.min_points:
            return self.unable(f"最近连续年份只有{len(run)}个数据点，少于{cfg.min_points}个，不评估。")
        (y0, x0), (t, xt) = run[0], run[-1]
        mean = (xt - x0) / (t - y0)
        last = xt - run[-2][1]
        d = series.direction
        nums: dict[str, Any] = {"first_year": y0, "current_year": t, "current_value": xt,
                                "mean_change": mean, "last_change": last, "points": len(run)}
        head = f"{y0}—{t}年{len(run)}个连续数据点，平均年变化{fmt(mean, 6)}"
        if series.target is None:
            return self._direction_only(d, mean, last, head, nums)
        T = series.target_year if series.target_year is not None else cfg.default_target_year
        proj = xt + mean * (T - t)
        nums.update(target=series.target, target_year=T, projected=proj)
        head += f"，外推{T}年为{fmt(proj, 9)}，目标{fmt(series.target)}"
        if series.meets_target(xt):
            return self._keep(series, d, mean, proj, head, nums)
        gap = abs(series.target - xt)
        dev = d * (series.target - proj) / gap
        nums["deviation"] = dev
        if d * mean < 0:
            cat = "thunderstorm"
        elif dev < cfg.sun:
            cat = "sun"
        elif dev <= cfg.cloudy:
            cat = "slightly_cloudy"
        else:
            cat = "cloud"
        why = f"{head}；差距{fmt(d * (series.target - proj), 6)}/|目标−最新值|{fmt(gap, 6)}={fmt(dev, 6)}"
        return Outcome(cat, CROSSWALK[cat], dev, None, (why, f"{LABELS[cat]}。"), nums,
                       projected_value=proj)

    def _keep(self, series: Series, d: int, mean: float, proj: float, head: str,
              nums: dict[str, Any]) -> Outcome:
        """Target already met: the latest value decides first, the trend second [D]."""
        ok = series.meets_target(proj) or d * mean >= 0
        cat = "sun" if ok else "slightly_cloudy"
        status = Status.REACHED_EARLY if ok else Status.BEHIND
        nums["deviation"] = 0.0
        return Outcome(cat, status, 0.0, None,
                       (head, "最新值已达到目标" + ("，趋势可保持：" if ok else "，但趋势会使其回落：")
                        + f"{LABELS[cat]}。"), nums, projected_value=proj)

    def _direction_only(self, d: int, mean: float, last: float, head: str,
                        nums: dict[str, Any]) -> Outcome:
        right_mean, right_last = d * mean > 0, d * last > 0
        if right_mean:
            cat = "sun" if right_last else "slightly_cloudy"
        else:
            cat = "cloud" if right_last else "thunderstorm"
        return Outcome(cat, CROSSWALK[cat], None, None,
                       (f"{head}，最近一年变化{fmt(last, 6)}；无目标值，按方向判断：先看平均变化，再看最近一年变化",
                        f"{LABELS[cat]}。"), nums)


METHOD = register(Dns())
