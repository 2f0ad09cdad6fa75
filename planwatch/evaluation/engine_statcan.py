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
from planwatch.evaluation.engine import (
    _S,
    BatchResult,
    FloatArray,
    SeriesBatch,
    _first_index,
    _last_index,
    _pick,
    data_cutoff_year,
)

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
STATUS_OF: dict[str, Status] = {
    "target_achieved": Status.REACHED_EARLY,
    "substantial_progress": Status.ON_SCHEDULE,
    "moderate_progress": Status.BEHIND,
    "limited_progress": Status.BEHIND,
    "deterioration": Status.BEHIND,
    "not_available": Status.NOT_ASSESSABLE,
}
_STATUS_CODE = np.array([_S[STATUS_OF[c]] for c in CATEGORIES], dtype=np.int8)

LIMIT_EXPONENT = 4.44  # a in C = 1 - (y0/L)^a


def limit_factor(y0: FloatArray, limit: FloatArray) -> FloatArray:
    """C(y0, L): 1 where there is no limit."""
    b, lim = np.abs(y0), np.abs(limit)
    with np.errstate(all="ignore"):
        below = 1 - (b / lim) ** LIMIT_EXPONENT
        above = 1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT
    c = np.where(b <= lim, below, np.where(b < 2 * lim, above, 1.0))
    return np.where(np.isnan(limit), 1.0, c)


def _target_category(r: FloatArray) -> FloatArray:
    return np.select(
        [r >= 0.95, r >= 0.6, r >= 0],
        [_C["substantial_progress"], _C["moderate_progress"], _C["limited_progress"]],
        _C["deterioration"],
    )


def _target_score(r: FloatArray) -> FloatArray:
    return np.where(r >= 0.6, np.minimum(7.1429 * r - 4.2857, 5), np.maximum(4.1667 * r - 2.5, -5))


def _trend_category_score(v: FloatArray, c: FloatArray) -> tuple[FloatArray, FloatArray]:
    high, med = 0.015 * c, 0.005 * c
    cat = np.select(
        [v < 0, v >= high, v >= med],
        [_C["deterioration"], _C["substantial_progress"], _C["moderate_progress"]],
        _C["limited_progress"],
    )
    with np.errstate(all="ignore"):
        score = np.select(
            [v < 0, v >= high, v >= med],
            [np.maximum(125 * v - 2.5, -5), np.minimum(500 * v / c - 5, 5), 250 * v / c - 1.25],
            500 * v / c - 2.5,
        )
    at_limit = (c == 0) & (v >= 0)  # base exactly at the limit, not moving away
    return (
        np.where(at_limit, _C["substantial_progress"], cat),
        np.where(at_limit, 5.0, score),
    )


@np.errstate(all="ignore")
def evaluate_statcan(batch: SeriesBatch, as_of: dt.date, config: Any = None) -> BatchResult:
    """R or v, category and score for every row."""
    years = batch.years
    valid = ~np.isnan(batch.values) & (years <= data_cutoff_year(as_of))[None, :]
    i0 = _first_index(valid & (years[None, :] >= batch.base_year[:, None]))
    ii = _last_index(valid)
    ok = (i0 >= 0) & (ii > i0)
    t0 = years[np.maximum(i0, 0)].astype(np.float64)
    ti = years[np.maximum(ii, 0)].astype(np.float64)
    y0 = _pick(batch.values, i0)
    y0 = np.where(y0 == 0, 0.001, y0)
    yi = _pick(batch.values, ii)
    ok &= ~(y0 * yi < 0)
    d = batch.direction.astype(np.float64)
    sign = np.where(y0 < 0, -1.0, 1.0)
    yT = np.where(batch.target_value == 0, 0.001, batch.target_value)
    has_target = ~np.isnan(yT)
    with np.errstate(all="ignore"):
        cagr_i = (yi / y0) ** (1 / (ti - t0)) - 1
        cagr_t = (yT / y0) ** (1 / (batch.target_year - t0)) - 1
        ratio = sign * d * cagr_i / np.abs(cagr_t)
    v = sign * d * cagr_i
    c = limit_factor(y0, batch.limit)
    achieved = has_target & (d * yi >= d * yT)
    computable = np.isfinite(ratio) & (batch.target_year > t0) & (yT != y0)
    t_ok = achieved | computable
    ok &= ~has_target | t_ok
    trend_cat, trend_score = _trend_category_score(v, c)
    cat = np.where(
        has_target,
        np.where(achieved, _C["target_achieved"], _target_category(ratio)),
        trend_cat,
    )
    score = np.where(has_target, np.where(achieved, 5.0, _target_score(ratio)), trend_score)
    cat = np.where(ok, cat, _C["not_available"]).astype(np.int8)
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
        value=np.where(ok, value, np.nan),
        score=np.where(ok, score, np.nan),
        warning=np.zeros(n, dtype=np.bool_),
        latest_year=np.where(ii >= 0, years[np.maximum(ii, 0)], 0),
        latest_value=_pick(batch.values, ii),
        fallback=np.zeros(n, dtype=np.bool_),
    )
