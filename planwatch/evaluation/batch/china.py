"""The Chinese schedule rule over a whole :class:`SeriesBatch` at once.

The same decisions as the per-series rule (:mod:`planwatch.evaluation.china.rules` and
:mod:`planwatch.evaluation.china.common`) for full-year data, written as numpy expressions over
all rows; rules are selected with masks. See :mod:`planwatch.evaluation.batch` for the cases
covered and those left to the per-series code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from planwatch.evaluation.base import Status
from planwatch.evaluation.batch.base import (
    _Q,
    _R,
    _S,
    BatchResult,
    BoolArray,
    CodeArray,
    FloatArray,
    IntArray,
    SeriesBatch,
    _last_index,
    _pick,
    data_cutoff_year,
)
from planwatch.evaluation.china.config import Config
from planwatch.model import ProgressRule as PR
from planwatch.model import Qualifier as Q

#: the rule's own codes (Assessment.category of the per-series rule)
CATEGORIES: tuple[str, ...] = (
    "reached_early",  # 提前达到目标
    "reached",  # 达到目标 (data at or after the target year)
    "faster",  # 达到或超过进度要求 · 快于预期
    "in_line",  # 达到或超过进度要求 · 基本符合预期
    "on_schedule",  # 达到或超过进度要求 (split_on_schedule off)
    "within_tolerance",  # 基本完成（在容差范围内）, at the end year
    "behind",  # 未达进度要求
    "reverse",  # 未达进度要求（逆向变化）
    "not_completed",  # 未完成
    "no_data",
    "no_base",
    "no_task",  # 完成省下达任务: judged per series against milestones
    "not_quantified",
    "implausible",  # progress beyond the plausible range, or levels summed as a change
)
_C = {c: np.int8(n) for n, c in enumerate(CATEGORIES)}

EPS = 1e-12  # the per-series rule's tie margin (china.common.EPS)


class _Rows:
    """The common inputs of the rule, computed once for the batch."""

    def __init__(self, batch: SeriesBatch, as_of: dt.date, cfg: Any) -> None:
        years = batch.years
        self.years = years
        self.valid = ~np.isnan(batch.values) & (years <= data_cutoff_year(as_of))[None, :]
        self.B, self.T = batch.base_year, batch.target_year
        self.span = (self.T - self.B).astype(np.float64)
        self.d = batch.direction.astype(np.float64)
        self.rule, self.q = batch.rule, batch.qualifier
        self.binding = batch.nature == 1
        self.rate = batch.rate
        self.tau = np.where(self.binding, 0.0, float(cfg.tolerance))
        self.about = (self.q == _Q[Q.ABOUT]) & ~self.binding
        self.sense = np.where(
            self.q == _Q[Q.AT_LEAST], 1.0, np.where(self.q == _Q[Q.AT_MOST], -1.0, self.d)
        )
        self.split = bool(cfg.split_on_schedule)
        self.compound_reduction = cfg.reduction_path == "compound"
        self.cfg = cfg

    def elapsed(self, t: FloatArray) -> FloatArray:
        return np.asarray((t - self.B) / self.span)

    def run_from_base(self, batch: SeriesBatch) -> BoolArray:
        """Consecutive full years from B+1 up to the first gap (and not past T): the years a
        running sum or chained reduction uses."""
        y = self.years[None, :]
        inside = y > self.B[:, None]
        bad = inside & ~(self.valid & (y <= self.T[:, None]))
        first_bad = np.where(bad, y, np.iinfo(np.int64).max).min(
            axis=1, initial=np.iinfo(np.int64).max
        )
        starts = (self.B + 1 >= self.years[0])[:, None]  # B+1 must be a column of the matrix
        return np.asarray(inside & (y < first_bad[:, None]) & starts)


def _classify(
    r: _Rows,
    reached: BoolArray,
    on_pace: BoolArray,
    faster: BoolArray,
    reverse: BoolArray,
    end: BoolArray,
) -> CodeArray:
    """china.common.Ctx.classify_growth, row-wise."""
    on = np.where(
        end,
        _C["within_tolerance"],
        np.where(r.split, np.where(faster, _C["faster"], _C["in_line"]), _C["on_schedule"]),
    )
    off = np.where(end, _C["not_completed"], np.where(reverse, _C["reverse"], _C["behind"]))
    return np.where(
        reached, np.where(end, _C["reached"], _C["reached_early"]), np.where(on_pace, on, off)
    ).astype(np.int8)


def _by_p(r: _Rows, reached: BoolArray, p: FloatArray, e: FloatArray, end: BoolArray) -> CodeArray:
    """china.common.Ctx.classify: p against e with tolerance; NaN p is never on pace."""
    on_pace = p >= e - r.tau - EPS
    faster = p > e + r.tau + EPS
    return _classify(r, reached, on_pace, faster, p < 0, end)


def _same_sign(*xs: FloatArray) -> BoolArray:
    pos = np.logical_and.reduce([x > 0 for x in xs])
    neg = np.logical_and.reduce([x < 0 for x in xs])
    return np.asarray(pos | neg)


class _Part:
    """What one rule decides for every row (rows of other rules are ignored by the caller)."""

    def __init__(self, n: int) -> None:
        self.category = np.full(n, _C["no_data"], dtype=np.int8)
        self.na = np.zeros(n, dtype=np.bool_)  # not assessable for this rule's own reasons
        self.na_cat = np.full(n, _C["no_data"], dtype=np.int8)
        self.p = np.full(n, np.nan)
        self.e = np.full(n, np.nan)
        self.required = np.full(n, np.nan)
        self.value = np.full(n, np.nan)
        self.t: IntArray = np.zeros(n, dtype=np.int64)
        self.x: FloatArray = np.full(n, np.nan)


def _level(batch: SeriesBatch, r: _Rows) -> _Part:
    """Linear, compound and threshold targets (china.rules.level and maintain)."""
    out = _Part(len(batch))
    xb = batch.base_value
    derived = xb * (1 + batch.declared_growth / 100.0) ** r.span
    xT = np.where(np.isnan(batch.target_value), derived, batch.target_value)
    # 〔Δ〕 on a level: the target level is x_B ± |Δ|; a threshold needs no base
    xT = np.where(r.rule == _R[PR.CUMULATIVE_CHANGE], xb + r.d * np.abs(xT), xT)
    no_base_thr = np.isnan(xb) & ~np.isnan(xT) & ((r.q == _Q[Q.AT_LEAST]) | (r.q == _Q[Q.AT_MOST]))
    last = _last_index(r.valid & (r.years[None, :] > r.B[:, None]))
    xt = _pick(batch.values, last)
    t = np.where(last >= 0, r.years[np.maximum(last, 0)], 0)
    band = np.where(
        r.about,
        np.where(r.rate, float(r.cfg.band_points), float(r.cfg.band_relative) * np.abs(xT)),
        0.0,
    )
    thr = xT - r.d * band

    def meets(x: FloatArray) -> BoolArray:
        return np.asarray(r.sense * (x - thr) >= -EPS)

    maintain = (r.rule == _R[PR.THRESHOLD]) | (xT == xb) | meets(xb) | no_base_thr
    e = r.elapsed(t.astype(np.float64))
    compound = (r.rule == _R[PR.COMPOUND]) & ~r.rate & _same_sign(xb, xt, xT) & (xT != xb)
    p_lin = np.where(xT == xb, np.nan, (xt - xb) / (xT - xb))
    p = np.where(maintain, np.nan, np.where(compound, np.log(xt / xb) / np.log(xT / xb), p_lin))
    reached = meets(xt)
    end = t >= r.T
    out.category = _by_p(r, reached, p, e, end)
    left = (r.T - t).astype(np.float64)
    need = np.where(
        r.rate,
        (xT - xt) / left,
        np.where(_same_sign(xt, xT), ((xT / xt) ** (1.0 / left) - 1.0) * 100.0, np.nan),
    )
    out.required = np.where((left <= 0) | reached | no_base_thr, np.nan, need)
    no_base = np.isnan(xb) & ~no_base_thr
    implausible = (~maintain & np.isfinite(p) & (np.abs(p) > float(r.cfg.plausible_progress))
                   & (np.abs(xt - xb) > np.abs(xb)))
    out.na_cat = np.where(
        np.isnan(xT), _C["not_quantified"],
        np.where(no_base, _C["no_base"], np.where(last < 0, _C["no_data"], _C["implausible"])),
    ).astype(np.int8)
    out.na = np.isnan(xT) | no_base | (last < 0) | implausible
    out.p, out.e, out.value, out.t, out.x = p, e, p, t, xt
    return out


def _growth(batch: SeriesBatch, r: _Rows) -> _Part:
    """Growth-rate targets (china.rules.growth)."""
    out = _Part(len(batch))
    g_star = np.where(np.isnan(batch.target_value), batch.declared_growth, batch.target_value)
    use = r.valid & (r.years[None, :] > r.B[:, None]) & (r.years[None, :] <= r.T[:, None])
    g = np.where(use, batch.values, 0.0)
    n = use.sum(axis=1)
    last = _last_index(use)
    t = np.where(last >= 0, r.years[np.maximum(last, 0)], 0)
    bad: BoolArray = np.asarray((use & (batch.values <= -100.0)).any(axis=1))
    g_hat = np.expm1(np.log1p(np.where(bad[:, None], 0.0, g) / 100.0).sum(axis=1) / n) * 100.0
    band = np.where(r.about, float(r.cfg.band_points), 0.0)
    thr = g_star - r.sense * band
    on_pace = r.sense * (g_hat - thr) >= -EPS
    end = t >= r.T
    factor = np.prod(1.0 + g / 100.0, axis=1)
    need = (1.0 + thr / 100.0) ** r.span
    reached = np.where(end, on_pace, (r.sense > 0) & (factor >= need - EPS))
    faster = r.sense * (g_hat - g_star) > band + EPS
    reverse = (r.sense * g_hat < 0) & (0 < r.sense * g_star)
    out.category = _classify(r, reached, on_pace, faster, reverse, end)
    left = (r.T - t).astype(np.float64)
    req = ((1.0 + g_star / 100.0) ** r.span / factor) ** (1.0 / left) * 100.0 - 100.0
    out.required = np.where((left > 0) & ~end, req, np.nan)
    out.na = np.isnan(g_star) | (last < 0) | bad
    out.na_cat = np.where(np.isnan(g_star), _C["not_quantified"], _C["no_data"]).astype(np.int8)
    out.e, out.value, out.t, out.x = (
        r.elapsed(t.astype(np.float64)),
        g_hat,
        t,
        _pick(batch.values, last),
    )
    return out


def _cumulative(batch: SeriesBatch, r: _Rows) -> _Part:
    """Running sums and chained reductions from consecutive yearly values (china.rules
    cumulative_sum and cumulative_reduction)."""
    out = _Part(len(batch))
    run = r.run_from_base(batch)
    last = _last_index(run)
    t = np.where(last >= 0, r.years[np.maximum(last, 0)], 0)
    e = r.elapsed(t.astype(np.float64))
    end = t >= r.T
    total = batch.target_value
    left = (r.T - t).astype(np.float64)
    is_sum = r.rule == _R[PR.CUMULATIVE_SUM]
    # cumulative sum
    s = np.where(run, batch.values, 0.0).sum(axis=1)
    p_s = s / total
    up = _by_p(r, s >= total - EPS, p_s, e, end)
    no_false = np.zeros(len(batch), dtype=np.bool_)
    cap = _classify(r, end & (s <= total), p_s <= e + r.tau, no_false, no_false, end)
    cat_s = np.where(r.d > 0, up, cap)
    # cumulative reduction
    kept = np.prod(np.where(run, 1.0 - batch.values / 100.0, 1.0), axis=1)
    r_t = (1.0 - kept) * 100.0
    if r.compound_reduction:
        p_r = np.log(1.0 - r_t / 100.0) / np.log(1.0 - total / 100.0)
    else:
        p_r = r_t / total
    p_r = np.where(r_t >= 100.0, 1.0, p_r)
    cat_r = _by_p(r, r_t >= total - EPS, p_r, e, end)
    req_r = -(1.0 - ((1.0 - total / 100.0) / (1.0 - r_t / 100.0)) ** (1.0 / left)) * 100.0
    out.category = np.where(is_sum, cat_s, cat_r).astype(np.int8)
    out.p = np.where(is_sum, p_s, p_r)
    out.required = np.where(~is_sum & (left > 0) & (r_t < total), req_r, np.nan)
    bad_target = np.isnan(total) | (~is_sum & ~((total > 0) & (total < 100)))
    # guard rails (china.forms): yearly levels near the base summed against a small change, or a
    # progress beyond the plausible range
    xb = batch.base_value
    after = r.valid & (r.years[None, :] > r.B[:, None])
    near = np.abs(batch.values - xb[:, None]) <= 0.5 * np.abs(xb)[:, None]
    levels = (is_sum & after.any(axis=1) & np.where(after, near, True).all(axis=1)
              & np.isfinite(xb) & (np.abs(xb) >= EPS) & (np.abs(total) < 0.5 * np.abs(xb)))
    wild = is_sum & (last >= 0) & np.isfinite(p_s) & (np.abs(p_s) > float(r.cfg.plausible_progress))
    implausible = ~bad_target & (levels | wild)
    out.na = bad_target | (last < 0) | implausible
    out.na_cat = np.where(bad_target, _C["not_quantified"],
                          np.where(levels, _C["implausible"],
                                   np.where(last < 0, _C["no_data"], _C["implausible"]))
                          ).astype(np.int8)
    out.e, out.value, out.t, out.x = e, out.p, t, _pick(batch.values, last)
    return out


_ATTRS = ("category", "na", "na_cat", "p", "e", "required", "value", "t", "x")


def _parts(batch: SeriesBatch, as_of: dt.date, cfg: Any) -> _Part:
    """Each rule's handler over its own rows only (a sub-batch), scattered back."""
    rule = batch.rule
    out = _Part(len(batch))
    groups = (
        (np.isin(rule, [_R[PR.LINEAR], _R[PR.COMPOUND], _R[PR.THRESHOLD],
                        _R[PR.CUMULATIVE_CHANGE]]), _level),
        (rule == _R[PR.GROWTH], _growth),
        (np.isin(rule, [_R[PR.CUMULATIVE_SUM], _R[PR.CUMULATIVE_REDUCTION]]), _cumulative),
    )
    for mask, handler in groups:
        idx = np.flatnonzero(mask)
        if idx.size:
            sub = batch.take(idx)
            part = handler(sub, _Rows(sub, as_of, cfg))
            for name in _ATTRS:
                getattr(out, name)[idx] = getattr(part, name)
    return out


@np.errstate(all="ignore")
def evaluate_china(batch: SeriesBatch, as_of: dt.date, config: Any = None) -> BatchResult:
    """The Chinese rule for every row, with a :class:`planwatch.evaluation.china.Config`."""
    cfg = config if config is not None else Config()
    r = _Rows(batch, as_of, cfg)
    part = _parts(batch, as_of, cfg)
    na = part.na
    category = np.where(na, part.na_cat, part.category)
    # the order of china.rules.assess: province task, not quantified, unknown years
    task = (r.rule == _R[PR.PROVINCE_TASK]) | (r.q == _Q[Q.PROVINCE_TASK])
    # judged per series (other statistics' values, annual targets): left to the per-series code
    other = np.isin(r.rule, [_R[PR.RELATIONAL], _R[PR.ANNUAL_TARGETS]]) | (r.q == _Q[Q.ANNUAL])
    task = task | other
    unquantified = (r.rule == _R[PR.NONE]) | (r.q == _Q[Q.NONE]) | ~(r.span > 0)
    category = np.where(unquantified, _C["not_quantified"], category)
    category = np.where(task, _C["no_task"], category).astype(np.int8)
    out = na | task | unquantified
    status = _STATUS[category]
    assessed = ~out
    t = part.t

    def keep(a: FloatArray) -> FloatArray:
        return np.where(assessed & np.isfinite(a), a, np.nan)

    return BatchResult(
        method="china",
        categories=CATEGORIES,
        status=status,
        category=category,
        progress=keep(part.p),
        expected_progress=keep(part.e),
        required_growth=keep(part.required),
        value=keep(part.value),
        score=np.full(len(batch), np.nan),
        warning=assessed & r.binding & (status == _S[Status.BEHIND]),
        latest_year=np.where(assessed, t, 0),
        latest_value=np.where(assessed, part.x, np.nan),
        fallback=task,
    )


_STATUS = np.array(
    [
        _S[Status.REACHED_EARLY],
        _S[Status.REACHED_EARLY],
        _S[Status.ON_SCHEDULE],
        _S[Status.ON_SCHEDULE],
        _S[Status.ON_SCHEDULE],
        _S[Status.ON_SCHEDULE],
        _S[Status.BEHIND],
        _S[Status.BEHIND],
        _S[Status.BEHIND],
    ]
    + [_S[Status.NOT_ASSESSABLE]] * 5,
    dtype=np.int8,
)
