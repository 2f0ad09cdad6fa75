"""The Statistics Canada / Open SDG progress measure (methods.md section 3) over a batch.

Per row: base year t0 = the series' base year, or the first later year with data; current
year ti = the latest year with data known at the evaluation date. With a target: the ratio
``R = sign·d·CAGR_i/|CAGR_T|``; without: ``v = sign·d·CAGR_i`` against thresholds scaled by
the natural-limit factor C. Zero base or target values are replaced by 0.001. Not assessable
(``not_available``): fewer than two years of data from t0, base and current values of
opposite signs, or a target ratio that cannot be computed (target year not after t0, target
and base of opposite signs, target equal to the base value).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from planwatch.evaluation.base import Status
from planwatch.evaluation.batch.base import (
    _F,
    _Q,
    _S,
    BatchResult,
    FloatArray,
    SeriesBatch,
    _first_index,
    _last_index,
    _pick,
    data_cutoff_year,
)
from planwatch.evaluation.statcan import CROSSWALK, LIMIT_EXPONENT, StatCanConfig
from planwatch.model import Qualifier as Q
from planwatch.model import TargetForm

#: sdg-build 2.4.0 status codes
CATEGORIES: tuple[str, ...] = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
_C = {c: np.int8(n) for n, c in enumerate(CATEGORIES)}
#: crosswalk to the four Chinese statuses (methods.md section 10)
STATUS_OF: dict[str, Status] = CROSSWALK  # the per-series method's crosswalk, shared
_STATUS_CODE = np.array([_S[STATUS_OF[c]] for c in CATEGORIES], dtype=np.int8)

_LEVELS_ONLY = [
    _F[TargetForm.GROWTH_RATE],
    _F[TargetForm.CUMULATIVE_SUM],
    _F[TargetForm.CUMULATIVE_REDUCTION],
]  # a in C = 1 - (y0/L)^a


def limit_factor(y0: FloatArray, limit: FloatArray) -> FloatArray:
    """C(y0, L): 1 where there is no limit."""
    b, lim = np.abs(y0), np.abs(limit)
    with np.errstate(all="ignore"):
        below = 1 - (b / lim) ** LIMIT_EXPONENT
        above = 1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT
    c = np.where(b <= lim, below, np.where(b < 2 * lim, above, 1.0))
    return np.where(np.isnan(limit), 1.0, c)


def _band(x: FloatArray, high: Any, medium: Any) -> FloatArray:
    return np.select(
        [x >= high, x >= medium, x >= 0],
        [_C["substantial_progress"], _C["moderate_progress"], _C["limited_progress"]],
        _C["deterioration"],
    )


def _target_score(r: FloatArray) -> FloatArray:
    return np.where(r >= 0.6, np.minimum(7.1429 * r - 4.2857, 5), np.maximum(4.1667 * r - 2.5, -5))


def _trend_category_score(v: FloatArray, c: FloatArray, cfg: Any) -> tuple[FloatArray, FloatArray]:
    high, med = cfg.high_growth * c, cfg.medium_growth * c
    score = np.select(
        [v < 0, c == 0, v >= high, v >= med],
        [
            np.maximum(125 * v - 2.5, -5.0),
            5.0,
            np.minimum(500 * v / c - 5, 5.0),
            250 * v / c - 1.25,
        ],
        500 * v / c - 2.5,
    )
    at_limit = (c == 0) & (v >= 0)  # base exactly at the limit, not moving away
    cat = np.where(at_limit, _C["substantial_progress"], _band(v, high, med))
    return cat, score


@np.errstate(all="ignore")
def evaluate_statcan(batch: SeriesBatch, as_of: dt.date, config: Any = None) -> BatchResult:
    """R or v, category and score for every row, as :class:`planwatch.evaluation.statcan.StatCan`
    judges the series its plan adapter builds (the plan's base value at the base year, then
    the full-year values known at ``as_of``)."""
    cfg = config if config is not None else StatCanConfig()
    if cfg.goldilocks != "none":
        raise ValueError("the batch engine has no goldilocks transforms; use the per-series method")
    years = batch.years
    values = batch.values.copy()
    at_base = years[None, :] == batch.base_year[:, None]
    values = np.where(
        at_base & ~np.isnan(batch.base_value)[:, None], batch.base_value[:, None], values
    )
    known = (years <= data_cutoff_year(as_of))[None, :] | at_base
    valid = ~np.isnan(values) & known
    i0 = _first_index(valid & (years[None, :] >= batch.base_year[:, None]))
    ii = _last_index(valid)
    ok = (i0 >= 0) & (ii > i0)
    ok &= ~np.isin(batch.target_form, _LEVELS_ONLY)  # growth rates and cumulative targets
    t0 = years[np.maximum(i0, 0)]
    ti = years[np.maximum(ii, 0)]
    raw0 = _pick(values, i0)
    y0 = np.where(raw0 == 0, 0.001, raw0)
    yi = _pick(values, ii)
    ok &= ~(y0 * yi < 0)
    d = batch.direction.astype(np.float64)
    sign = np.where(y0 < 0, -1.0, 1.0)
    growth = (yi / y0) ** (1.0 / (ti - t0)) - 1.0
    untargeted = np.isin(batch.qualifier, [_Q[Q.NONE], _Q[Q.PROVINCE_TASK]])
    target = np.where(untargeted, np.nan, batch.target_value)
    has_target = ~np.isnan(target)
    yt = np.where(target == 0, 0.001, target)
    tt = np.where(batch.target_year > 0, batch.target_year, cfg.default_target_year)
    ok &= ~has_target | ((tt > t0) & ~(yt * y0 < 0))
    need = (yt / y0) ** (1.0 / (tt - t0)) - 1.0
    ratio = np.where(need != 0, sign * d * growth / np.abs(need), np.nan)
    achieved = np.where(d > 0, yi >= target, yi <= target)
    t_cat = np.where(
        achieved,
        _C["target_achieved"],
        np.where(need == 0, _C["deterioration"], _band(ratio, cfg.high, cfg.medium)),
    )
    t_score = np.where(achieved, 5.0, np.where(need == 0, -5.0, _target_score(ratio)))
    v = sign * d * growth
    c = np.where(np.isnan(batch.limit), 1.0, limit_factor(y0, batch.limit))
    v_cat, v_score = _trend_category_score(v, c, cfg)
    cat = np.where(ok, np.where(has_target, t_cat, v_cat), _C["not_available"]).astype(np.int8)
    value = np.where(has_target, ratio, v)
    n = len(batch)
    return BatchResult(
        method="statcan",
        categories=CATEGORIES,
        status=_STATUS_CODE[cat],
        category=cat,
        progress=np.full(n, np.nan),
        expected_progress=np.full(n, np.nan),
        required_growth=np.full(n, np.nan),
        value=np.where(ok & np.isfinite(value), value, np.nan),
        score=np.where(ok, np.where(has_target, t_score, v_score), np.nan),
        warning=np.zeros(n, dtype=np.bool_),
        latest_year=np.where(ok, ti, 0),
        latest_value=np.where(ok, yi, np.nan),
        fallback=np.zeros(n, dtype=np.bool_),
    )
