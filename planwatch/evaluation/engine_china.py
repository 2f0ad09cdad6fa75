"""The Chinese schedule rule (methods.md section 2) over a whole :class:`SeriesBatch` at once.

Every step is a numpy expression over all rows; rules are selected with masks. See the
module docstring of :mod:`planwatch.evaluation.engine` for the cases covered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from planwatch.evaluation.base import Status
from planwatch.evaluation.engine import (
    _Q,
    _R,
    _S,
    BatchResult,
    BoolArray,
    CodeArray,
    FloatArray,
    SeriesBatch,
    _last_index,
    _pick,
    data_cutoff_year,
)
from planwatch.model import ProgressRule as PR
from planwatch.model import Qualifier as Q

#: the rule's own codes (Assessment.category)
CATEGORIES: tuple[str, ...] = (
    "reached_early",  # 提前达到目标
    "reached",  # 达到目标 (data at or after the target year)
    "on_schedule",  # 达到或超过进度要求
    "behind",  # 未达进度要求
    "not_completed",  # 未完成 (data at or after the target year)
    "no_data",  # 缺少年度数据
    "no_base",  # 缺少基期数据
    "no_task",  # 省下达年度任务 (per-series code)
    "not_quantified",  # 目标未量化
)
_C = {c: np.int8(n) for n, c in enumerate(CATEGORIES)}

#: comparisons give ties to the favourable side within this relative margin, so that a value
#: exactly on the path (6.0% a year against 6%) is on schedule whatever the rounding
EPS = 1e-9


def _ge(a: FloatArray, b: FloatArray | float) -> BoolArray:
    """a ≥ b up to EPS (relative to the larger magnitude, at least 1)."""
    scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return np.asarray(a - b >= -EPS * scale)


class _Rows:
    """The common inputs of the rule, computed once for the batch."""

    def __init__(self, batch: SeriesBatch, as_of: dt.date) -> None:
        years = batch.years
        cutoff = data_cutoff_year(as_of)
        valid = ~np.isnan(batch.values) & (years <= cutoff)[None, :]
        self.after = valid & (years[None, :] > batch.base_year[:, None])
        last = _last_index(self.after)
        self.has = last >= 0
        self.t = np.where(self.has, years[np.maximum(last, 0)], 0)
        self.xt = _pick(batch.values, last)
        self.span = (batch.target_year - batch.base_year).astype(np.float64)
        self.left = (batch.target_year - self.t).astype(np.float64)  # years still to go
        with np.errstate(all="ignore"):
            self.e = np.where(self.has, (self.t - batch.base_year) / self.span, np.nan)
            derived = batch.base_value * (1 + batch.declared_growth / 100) ** self.span
        self.xb = batch.base_value
        self.xT = np.where(np.isnan(batch.target_value), derived, batch.target_value)
        self.d = batch.direction.astype(np.float64)
        self.rule = batch.rule
        self.q = batch.qualifier


def _level(r: _Rows, band: FloatArray) -> tuple[FloatArray, BoolArray, BoolArray, FloatArray]:
    """Levels (linear, compound, threshold): progress, reached, maintain-mask, required growth."""
    xb, xt, xT, d = r.xb, r.xt, r.xT, r.d
    reached = _ge(d * xt, d * (xT - d * band))
    maintain = (r.rule == _R[PR.THRESHOLD]) | _ge(d * xb, d * xT)
    with np.errstate(all="ignore"):
        p_lin = (xt - xb) / (xT - xb)
        log_ok = (xb != 0) & (xt / xb > 0) & (xT / xb > 0)
        p_log = np.log(xt / xb) / np.log(xT / xb)
        compound = (r.rule == _R[PR.COMPOUND]) & log_ok
        p = np.where(maintain, np.nan, np.where(compound, p_log, p_lin))
        need_log = ((xT / xt) ** (1 / r.left) - 1) * 100
        need_lin = (xT - xt) / r.left
    required = np.where(compound & (xT / xt > 0), need_log, need_lin)
    return p, reached, maintain, np.where(maintain, np.nan, required)


def _sums(batch: SeriesBatch, r: _Rows, band: FloatArray) -> dict[str, Any]:
    """Growth-rate, cumulative-reduction and cumulative-sum rows: p, reached, ok, value, need."""
    vals = np.where(r.after, batch.values, 0.0)
    n = r.after.sum(axis=1)
    with np.errstate(all="ignore"):
        # growth rate: geometric mean of (1 + g_i) against the target rate
        g_log = np.log1p(vals / 100).sum(axis=1)
        g_hat = np.expm1(g_log / n) * 100
        g_need = r.span * np.log1p(r.xT / 100)
        g_ok = _ge(r.d * g_hat, r.d * (r.xT - r.d * band))
        g_reached = (r.d > 0) & (r.xT > 0) & _ge(g_log, g_need)
        g_p = np.where(g_need != 0, g_log / g_need, np.nan)
        g_req = np.expm1((g_need - g_log) / r.left) * 100
        # cumulative reduction: 1 - prod(1 - r_i) against R_T, compound share of the way
        c_log = np.log1p(-vals / 100).sum(axis=1)
        c_need = np.log1p(-r.xT / 100)
        c_p = c_log / c_need
        c_req = -np.expm1((c_need - c_log) / r.left) * 100
        c_value = -np.expm1(c_log) * 100
        # cumulative sum: running total against the period total
        s_sum = vals.sum(axis=1)
        s_p = s_sum / r.xT
        s_req = (r.xT - s_sum) / r.left
    rule = r.rule
    is_g, is_c = rule == _R[PR.GROWTH], rule == _R[PR.CUMULATIVE_REDUCTION]
    return {
        "p": np.where(is_g, g_p, np.where(is_c, c_p, s_p)),
        "reached": np.where(is_g, g_reached, _ge(np.where(is_c, c_p, s_p), 1.0)),
        "ok": g_ok,  # only used for growth rows
        "value": np.where(is_g, g_hat, np.where(is_c, c_value, s_sum)),
        "required": np.where(is_g, g_req, np.where(is_c, c_req, s_req)),
    }


def _not_assessable(batch: SeriesBatch, r: _Rows, level: BoolArray) -> CodeArray:
    """The not-assessable category of each row, −1 where the row can be assessed."""
    cat = np.full(len(batch), -1, dtype=np.int8)
    rule, q = r.rule, r.q
    cat[~r.has] = _C["no_data"]
    cat[level & np.isnan(r.xb)] = _C["no_base"]
    cat[np.isnan(r.xT) | np.isnan(r.span) | (r.span <= 0)] = _C["not_quantified"]
    cat[(rule == _R[PR.PROVINCE_TASK]) | (q == _Q[Q.PROVINCE_TASK])] = _C["no_task"]
    cat[(rule == _R[PR.NONE]) | (q == _Q[Q.NONE])] = _C["not_quantified"]
    return cat


@np.errstate(all="ignore")
def evaluate_china(batch: SeriesBatch, as_of: dt.date, config: Any = None) -> BatchResult:
    """The Chinese rule for every row. ``config`` may carry ``tolerance`` (τ for expected
    indicators; binding ones get none) and ``about_band`` (δ of 左右, expected only)."""
    tau_cfg = float(getattr(config, "tolerance", 0.0) or 0.0)
    band_cfg = float(getattr(config, "about_band", 0.0) or 0.0)
    r = _Rows(batch, as_of)
    binding = batch.nature == 1
    tau = np.where(binding, 0.0, tau_cfg)
    band = np.where(binding | (r.q != _Q[Q.ABOUT]), 0.0, band_cfg)
    level = np.isin(r.rule, [_R[PR.LINEAR], _R[PR.COMPOUND], _R[PR.THRESHOLD]])
    lp, lreached, maintain, lreq = _level(r, band)
    s = _sums(batch, r, band)
    p = np.where(level, lp, s["p"])
    reached = np.where(level, lreached, s["reached"])
    growth = r.rule == _R[PR.GROWTH]
    on_path = np.where(growth, s["ok"], _ge(p, r.e - tau))
    on_path = np.where(level & maintain, False, on_path)
    required = np.where(level, lreq, s["required"])

    ended = r.t >= batch.target_year
    status = np.where(
        reached,
        _S[Status.REACHED_EARLY],
        np.where(on_path, _S[Status.ON_SCHEDULE], _S[Status.BEHIND]),
    )
    category = np.where(
        reached,
        np.where(ended, _C["reached"], _C["reached_early"]),
        np.where(on_path, _C["on_schedule"], np.where(ended, _C["not_completed"], _C["behind"])),
    ).astype(np.int8)
    na = _not_assessable(batch, r, level)
    out = na >= 0
    status = np.where(out, _S[Status.NOT_ASSESSABLE], status).astype(np.int8)
    category = np.where(out, na, category).astype(np.int8)
    assessed = ~out
    still = assessed & ~reached & ~ended
    return BatchResult(
        method="china",
        categories=CATEGORIES,
        status=status,
        category=category,
        progress=np.where(assessed, p, np.nan),
        expected_progress=np.where(assessed, r.e, np.nan),
        required_growth=np.where(still, required, np.nan),
        value=np.where(assessed & ~level, s["value"], np.nan),
        score=np.full(len(batch), np.nan),
        warning=assessed & binding & (status == _S[Status.BEHIND]),
        latest_year=np.where(r.has, r.t, 0),
        latest_value=r.xt,
        fallback=na == _C["no_task"],
    )
