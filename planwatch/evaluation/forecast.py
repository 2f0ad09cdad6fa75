"""Forecasts of the target-year value (issue 5 item 3), shown beside the rule-based status.

For a series of at least three annual values (the plan's base value counts as the base-year
value) two projections are made:

* **compound pace**: the average log growth since the first value continues; the spread of the
  yearly log growth gives a random-walk-with-drift interval (normal approximation);
* **weighted linear trend**: weighted least squares with the linear recency weight
  ``w = year − first_year + 1`` (methods.md 5.1), with a Student-t prediction interval.

Each gives the probability of meeting the target under its own assumptions, which are stated
in Chinese in the result. Pure: numbers in, a JSON-ready dict out.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

LEVEL = 0.8  # central interval
MIN_POINTS = 3

ASSUMPTIONS = (
    "复合速度：假定基期以来的年均增速延续到目标年，年度增速的波动与以往相同（随机游走加漂移，正态近似）",
    "线性趋势：按近年权重更高的加权最小二乘拟合直线（权重=年份−首年+1），预测区间按t分布",
    f"区间为{LEVEL:.0%}区间；概率只反映以往数据的波动，不考虑政策调整、统计口径变化和数据修订",
)


def forecast_level(
    series: Sequence[tuple[int, float]], threshold: float, sense: int, target_year: int
) -> dict[str, Any] | None:
    """Projections for ``target_year`` from annual ``(year, value)`` points; ``sense`` is +1
    when values at or above ``threshold`` meet the target, -1 when values at or below do."""
    pts = sorted(dict(series).items())
    if len(pts) < MIN_POINTS or target_year <= pts[-1][0]:
        return None
    out: dict[str, Any] = {
        "points": len(pts),
        "first_year": pts[0][0],
        "last_year": pts[-1][0],
        "target_year": target_year,
        "threshold": threshold,
        "interval": LEVEL,
        "assumptions": list(ASSUMPTIONS),
    }
    comp = compound_forecast(pts, threshold, sense, target_year)
    if comp is not None:
        out["compound"] = comp
    out["linear"] = linear_forecast(pts, threshold, sense, target_year)
    return out


def compound_forecast(
    pts: Sequence[tuple[int, float]], threshold: float, sense: int, target_year: int
) -> dict[str, Any] | None:
    ys = [v for _, v in pts]
    if not (all(v > 0 for v in ys) and threshold > 0):
        return None
    (y0, v0), (y1, v1) = pts[0], pts[-1]
    mu = math.log(v1 / v0) / (y1 - y0)
    steps = [
        math.log(b / a) / (yb - ya) for (ya, a), (yb, b) in zip(pts, pts[1:], strict=False)
    ]
    sd = _stdev(steps)
    h = target_year - y1
    center = math.log(v1) + mu * h
    spread = sd * math.sqrt(h + h * h / (y1 - y0))
    z = NormalDist().inv_cdf(0.5 + LEVEL / 2)
    gap = sense * (center - math.log(threshold))
    return {
        "pace_pct": (math.exp(mu) - 1) * 100,
        "projected": math.exp(center),
        "low": math.exp(center - z * spread),
        "high": math.exp(center + z * spread),
        "probability": _prob(gap, spread, NormalDist().cdf),
    }


def linear_forecast(
    pts: Sequence[tuple[int, float]], threshold: float, sense: int, target_year: int
) -> dict[str, Any]:
    n = len(pts)
    first = pts[0][0]
    w = [float(y - first + 1) for y, _ in pts]
    scale = n / sum(w)
    w = [x * scale for x in w]  # mean weight 1: a new year counts as an average year
    sw = sum(w)
    xbar = sum(wi * y for wi, (y, _) in zip(w, pts, strict=True)) / sw
    ybar = sum(wi * v for wi, (_, v) in zip(w, pts, strict=True)) / sw
    sxx = sum(wi * (y - xbar) ** 2 for wi, (y, _) in zip(w, pts, strict=True))
    sxy = sum(wi * (y - xbar) * (v - ybar) for wi, (y, v) in zip(w, pts, strict=True))
    slope = sxy / sxx
    pred = ybar + slope * (target_year - xbar)
    resid = sum(wi * (v - (ybar + slope * (y - xbar))) ** 2 for wi, (y, v) in zip(w, pts, strict=True))
    dof = n - 2
    s2 = resid / dof
    se = math.sqrt(s2 * (1 + 1 / sw + (target_year - xbar) ** 2 / sxx))
    q = student_t_quantile(0.5 + LEVEL / 2, dof)
    gap = sense * (pred - threshold)
    return {
        "slope": slope,
        "projected": pred,
        "low": pred - q * se,
        "high": pred + q * se,
        "probability": _prob(gap, se, lambda x: student_t_cdf(x, dof)),
        "weights": "w=年份−首年+1",
    }


def _stdev(xs: Sequence[float]) -> float:
    if len(xs) < 2:
        return 0.0
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def _prob(gap: float, spread: float, cdf: Any) -> float:
    if spread <= 1e-9 * max(1.0, abs(gap)):  # no spread beyond rounding: certain
        return 1.0 if gap >= 0 else 0.0
    return float(cdf(gap / spread))


# -- Student t (no scipy in the stack): regularised incomplete beta by continued fraction ----


def _betacf(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def student_t_cdf(t: float, dof: int) -> float:
    x = dof / (dof + t * t)
    tail = 0.5 * _betainc(dof / 2, 0.5, x)
    return 1 - tail if t >= 0 else tail


@functools.lru_cache(maxsize=256)
def student_t_quantile(p: float, dof: int) -> float:
    lo, hi = -1e6, 1e6
    for _ in range(200):
        mid = (lo + hi) / 2
        if student_t_cdf(mid, dof) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
