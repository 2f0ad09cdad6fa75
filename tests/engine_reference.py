"""A plain per-series reference of the batch engine, written straight from methods.md (section
2 for the Chinese rule, section 3 for StatCan) with scalar Python and ``math``: one series at a
time, no numpy. The property tests compare the vectorised engine with it where the registered
per-series methods do not cover a case; the benchmark uses it as its plain loop when the
registered methods are absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    years: tuple[int, ...]
    values: tuple[float | None, ...]  # None = gap
    base_value: float | None
    base_year: int
    target_value: float | None
    target_year: int
    qualifier: str
    direction: int
    rule: str
    nature: str
    limit: float | None = None
    declared_growth: float | None = None


@dataclass(frozen=True)
class Out:
    status: str
    category: str
    progress: float | None = None
    value: float | None = None
    score: float | None = None
    margin: float = math.inf  # distance of the deciding quantity from its threshold


def _series(row: Row, cutoff: int, after: int) -> list[tuple[int, float]]:
    return [
        (y, v)
        for y, v in zip(row.years, row.values, strict=True)
        if v is not None and after < y <= cutoff
    ]


def china(row: Row, cutoff: int, tolerance: float = 0.0, band: float = 0.0) -> Out:
    """methods.md 2.2-2.5 for full-year data known up to ``cutoff``."""
    if row.rule == "none" or row.qualifier == "none":
        return Out("not_assessable", "not_quantified")
    if row.rule == "province_task" or row.qualifier == "province_task":
        return Out("not_assessable", "no_task")
    target = row.target_value
    span = row.target_year - row.base_year
    if target is None and row.declared_growth is not None and row.base_value is not None:
        target = row.base_value * (1 + row.declared_growth / 100) ** span
    if target is None or span <= 0:
        return Out("not_assessable", "not_quantified")
    level = row.rule in ("linear", "compound", "threshold")
    if level and row.base_value is None:
        return Out("not_assessable", "no_base")
    obs = _series(row, cutoff, row.base_year)
    if not obs:
        return Out("not_assessable", "no_data")
    binding = row.nature == "binding"
    tau = 0.0 if binding else tolerance
    delta = band if (row.qualifier == "about" and not binding) else 0.0
    t, xt = obs[-1]
    e = (t - row.base_year) / span
    d = row.direction
    if level:
        xb = row.base_value
        assert xb is not None
        reached = d * xt >= d * (target - d * delta)
        if row.rule == "threshold" or d * xb >= d * target:
            status = "reached_early" if reached else "behind"
            margin = min(abs(d * xt - d * (target - d * delta)), abs(xb - target))
            return _finish(status, t, row, None, None, margin)
        if row.rule == "compound" and xb != 0 and xt / xb > 0 and target / xb > 0:
            p = math.log(xt / xb) / math.log(target / xb)
        else:
            p = (xt - xb) / (target - xb)
        margin = min(abs(p - (e - tau)), abs(d * xt - d * (target - d * delta)), abs(xb - target))
        status = "reached_early" if reached else ("on_schedule" if p >= e - tau else "behind")
        return _finish(status, t, row, p, None, margin)
    if row.rule == "growth":
        prod = math.prod(1 + g / 100 for _, g in obs)
        g_hat = (prod ** (1 / len(obs)) - 1) * 100
        need = (1 + target / 100) ** span
        reached = d > 0 and target > 0 and prod >= need
        ok = d * g_hat >= d * (target - d * delta)
        status = "reached_early" if reached else ("on_schedule" if ok else "behind")
        margin = min(abs(g_hat - (target - d * delta)), abs(prod - need))
        p = math.log(prod) / math.log(need) if need != 1 else None
        return _finish(status, t, row, p, g_hat, margin)
    if row.rule == "cumulative_reduction":
        kept = math.prod(1 - r / 100 for _, r in obs)
        p = math.log(kept) / math.log(1 - target / 100)
        value = (1 - kept) * 100
    else:  # cumulative_sum
        value = sum(a for _, a in obs)
        p = value / target
    status = "reached_early" if p >= 1 else ("on_schedule" if p >= e - tau else "behind")
    return _finish(status, t, row, p, value, min(abs(p - 1), abs(p - (e - tau))))


def _finish(
    status: str, t: int, row: Row, p: float | None, value: float | None, margin: float
) -> Out:
    category = status
    if t >= row.target_year:
        category = {"reached_early": "reached", "behind": "not_completed"}.get(status, status)
    return Out(status, category, p, value, None, margin)


STATCAN_STATUS = {
    "target_achieved": "reached_early",
    "substantial_progress": "on_schedule",
    "moderate_progress": "behind",
    "limited_progress": "behind",
    "deterioration": "behind",
    "not_available": "not_assessable",
}


def statcan(row: Row, cutoff: int) -> Out:
    """methods.md 3.1."""
    obs = [(y, v) for y, v in _series(row, cutoff, -10**9)]
    from_base = [(y, v) for y, v in obs if y >= row.base_year]
    if not from_base or obs[-1][0] <= from_base[0][0]:
        return Out("not_assessable", "not_available")
    t0, y0 = from_base[0]
    ti, yi = obs[-1]
    y0 = 0.001 if y0 == 0 else y0
    if y0 * yi < 0:
        return Out("not_assessable", "not_available")
    sign = -1 if y0 < 0 else 1
    d = row.direction
    cagr_i = (yi / y0) ** (1 / (ti - t0)) - 1
    if row.target_value is not None:
        yt = 0.001 if row.target_value == 0 else row.target_value
        if d * yi >= d * yt:
            return _sc("target_achieved", None, 5.0, abs(yi - yt))
        if yt / y0 < 0 or row.target_year <= t0 or yt == y0:
            return Out("not_assessable", "not_available")
        cagr_t = (yt / y0) ** (1 / (row.target_year - t0)) - 1
        r = sign * d * cagr_i / abs(cagr_t)
        cat = _band(r, 0.95, 0.6)
        score = min(7.1429 * r - 4.2857, 5) if r >= 0.6 else max(4.1667 * r - 2.5, -5)
        return _sc(cat, r, score, min(abs(r - 0.95), abs(r - 0.6), abs(r), abs(yi - yt)))
    return _trend(sign * d * cagr_i, y0, row.limit)


def _trend(v: float, y0: float, limit: float | None) -> Out:
    c = 1.0
    if limit is not None:
        b, lim = abs(y0), abs(limit)
        if b <= lim:
            c = 1 - (b / lim) ** 4.44
        elif b < 2 * lim:
            c = 1 - ((2 * lim - b) / lim) ** 4.44
    margin = min(abs(v), abs(v - 0.015 * c), abs(v - 0.005 * c))
    if c == 0:
        if v >= 0:
            return _sc("substantial_progress", v, 5.0, margin)
        return _sc("deterioration", v, max(125 * v - 2.5, -5), margin)
    if v < 0:
        return _sc("deterioration", v, max(125 * v - 2.5, -5), margin)
    if v >= 0.015 * c:
        return _sc("substantial_progress", v, min(500 * v / c - 5, 5), margin)
    if v >= 0.005 * c:
        return _sc("moderate_progress", v, 250 * v / c - 1.25, margin)
    return _sc("limited_progress", v, 500 * v / c - 2.5, margin)


def _band(r: float, high: float, med: float) -> str:
    if r >= high:
        return "substantial_progress"
    if r >= med:
        return "moderate_progress"
    return "limited_progress" if r >= 0 else "deterioration"


def _sc(cat: str, value: float | None, score: float, margin: float) -> Out:
    return Out(STATCAN_STATUS[cat], cat, None, value, score, margin)
