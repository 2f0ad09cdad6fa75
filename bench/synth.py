"""A national-scale synthetic data set, generated in memory from a fixed seed.

``regions × indicators`` series (2,900 × 100 by default: every county-level unit of China, a
full indicator table each), annual values 2015–2025, a 2020 base and a 2025 target. The mix of
target forms follows a typical 14th FYP outline table: shares in %, amounts with level or
declared-growth targets, maintain/threshold targets, growth-rate targets, five-year cumulative
reductions and sums, a few province tasks and unquantified rows; a quarter lower-is-better, a
fifth binding; about 8% of cells missing, some series with no data after the base and some rows
without a printed base value. Nothing here is real data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planwatch.evaluation.batch import FORMS, QUALIFIERS, RULES, SeriesBatch
from planwatch.model import ProgressRule as PR
from planwatch.model import Qualifier as Q
from planwatch.model import TargetForm as TF

YEARS = np.arange(2015, 2026)
BASE, TARGET = 2020, 2025

#: (rule, target form, share of indicators)
MIX: tuple[tuple[PR, TF, float], ...] = (
    (PR.LINEAR, TF.SHARE, 0.28),
    (PR.COMPOUND, TF.LEVEL, 0.27),
    (PR.THRESHOLD, TF.SHARE, 0.10),
    (PR.GROWTH, TF.GROWTH_RATE, 0.12),
    (PR.CUMULATIVE_REDUCTION, TF.CUMULATIVE_REDUCTION, 0.06),
    (PR.CUMULATIVE_SUM, TF.CUMULATIVE_SUM, 0.07),
    (PR.PROVINCE_TASK, TF.LEVEL, 0.04),
    (PR.NONE, TF.LEVEL, 0.06),
)


@dataclass(frozen=True)
class Synthetic:
    batch: SeriesBatch
    regions: int
    indicators: int
    missing_cells: float  # share of (series, year) cells that are gaps


def _code(table: tuple[object, ...], member: object) -> int:
    return table.index(member)


def _templates(rng: np.random.Generator, indicators: int) -> dict[str, np.ndarray]:
    """One row per indicator: rule, form, direction, nature, pace, declared growth."""
    counts = np.floor(np.array([m[2] for m in MIX]) * indicators).astype(int)
    counts[0] += indicators - counts.sum()  # rounding goes to the shares
    pick = rng.permutation(np.repeat(np.arange(len(MIX)), counts))
    kind = np.array([MIX[k][0].value for k in pick])
    lower = rng.random(indicators) < 0.25
    lower[np.isin(kind, ["growth", "cumulative_reduction", "cumulative_sum"])] = False
    return {
        "rule": np.array([_code(RULES, MIX[k][0]) for k in pick], dtype=np.int8),
        "form": np.array([_code(FORMS, MIX[k][1]) for k in pick], dtype=np.int8),
        "kind": kind,
        "direction": np.where(lower, -1, 1).astype(np.int8),
        "nature": (rng.random(indicators) < 0.2).astype(np.int8),
        "trend": rng.normal(0.06, 0.03, indicators),  # yearly pace of amounts
        "declared": (kind == "compound") & (rng.random(indicators) < 0.3),
    }


def _levels(
    rng: np.random.Generator, kinds: np.ndarray, d: np.ndarray, pace: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Amounts on compound paths, shares on linear paths: values, base, target, is_share."""
    n, n_y = len(kinds), len(YEARS)
    steps = (YEARS - BASE).astype(np.float64)[None, :]
    noise = rng.normal(0.0, 0.015, (n, n_y))
    scale = np.exp(rng.normal(5.0, 1.2, n))
    amounts = scale[:, None] * (1 + pace[:, None]) ** steps * (1 + noise)
    level0 = rng.uniform(15, 85, n)
    slope = d * rng.normal(0.8, 0.6, n)
    shares = np.clip(level0[:, None] + slope[:, None] * steps + 50 * noise, 0.1, 99.9)
    is_share = np.isin(kinds, ["linear", "threshold", "province_task", "none"])
    values = np.where(is_share[:, None], shares, amounts)
    base = values[:, YEARS == BASE][:, 0].copy()
    plan_pace = pace + rng.normal(0.0, 0.02, n)
    target = np.where(is_share, base + 5 * d * rng.normal(0.8, 0.5, n), base * (1 + plan_pace) ** 5)
    thr = kinds == "threshold"
    target[thr] = base[thr] - d[thr] * rng.uniform(0.0, 2.0, thr.sum())
    return values, base, target, is_share


def _flows(
    rng: np.random.Generator,
    kinds: np.ndarray,
    values: np.ndarray,
    base: np.ndarray,
    target: np.ndarray,
) -> None:
    """Growth rates, yearly reductions and yearly amounts, with their targets (in place)."""
    n_y = len(YEARS)
    g = kinds == "growth"
    values[g] = rng.normal(6.0, 2.5, (g.sum(), n_y))
    target[g] = np.round(rng.normal(6.0, 1.0, g.sum()), 1)
    c = kinds == "cumulative_reduction"
    values[c] = rng.normal(2.8, 1.2, (c.sum(), n_y))
    target[c] = np.round(rng.uniform(10.0, 16.0, c.sum()), 1)
    s = kinds == "cumulative_sum"
    yearly = np.exp(rng.normal(3.0, 0.8, s.sum()))
    values[s] = yearly[:, None] * rng.uniform(0.7, 1.3, (s.sum(), n_y))
    target[s] = yearly * 5 * rng.uniform(0.8, 1.2, s.sum())
    base[g | c | s] = np.nan


def _qualifiers(rng: np.random.Generator, kinds: np.ndarray, d: np.ndarray) -> np.ndarray:
    """As a plan table prints them: 以上/以内 in the desired direction, some 左右, […] sums."""
    n = len(kinds)
    code = {qq: _code(QUALIFIERS, qq) for qq in Q}
    q = np.full(n, code[Q.EXACT], dtype=np.int8)
    bound = rng.random(n) < 0.3
    q[bound & (d > 0)] = code[Q.AT_LEAST]
    q[bound & (d < 0)] = code[Q.AT_MOST]
    q[(rng.random(n) < 0.15) & ~bound] = code[Q.ABOUT]
    thr = kinds == "threshold"
    q[thr] = np.where(d[thr] > 0, code[Q.AT_LEAST], code[Q.AT_MOST])
    g = kinds == "growth"
    q[g] = np.where(rng.random(g.sum()) < 0.5, code[Q.ABOUT], code[Q.AT_LEAST])
    q[np.isin(kinds, ["cumulative_reduction", "cumulative_sum"])] = code[Q.CUMULATIVE]
    q[kinds == "province_task"] = code[Q.PROVINCE_TASK]
    q[kinds == "none"] = code[Q.NONE]
    return q


def generate(regions: int = 2900, indicators: int = 100, seed: int = 20261121) -> Synthetic:
    rng = np.random.default_rng(seed)
    tpl = _templates(rng, indicators)
    n = regions * indicators

    def per_series(a: np.ndarray) -> np.ndarray:  # region-major: region 0's table, region 1's …
        return np.tile(a, regions)

    kinds, direction = per_series(tpl["kind"]), per_series(tpl["direction"])
    d = direction.astype(np.float64)
    pace = per_series(tpl["trend"]) * d + rng.normal(0.0, 0.02, n)
    values, base, target, is_share = _levels(rng, kinds, d, pace)
    _flows(rng, kinds, values, base, target)
    values = np.round(values, 2)
    declared_rows = per_series(tpl["declared"])
    with np.errstate(invalid="ignore", divide="ignore"):
        implied = (target / base) ** (1 / (TARGET - BASE)) - 1
    declared = np.where(declared_rows, np.round(implied * 100, 1), np.nan)
    target[declared_rows | (kinds == "none")] = np.nan
    gaps = rng.random(values.shape) < 0.08
    gaps |= (rng.random(n) < 0.02)[:, None] & (YEARS > BASE)[None, :]
    values[gaps] = np.nan
    base[rng.random(n) < 0.01] = np.nan
    batch = SeriesBatch(
        years=YEARS.astype(np.int64),
        values=values,
        base_value=base,
        base_year=np.full(n, BASE, dtype=np.int64),
        target_value=target,
        target_year=np.full(n, TARGET, dtype=np.int64),
        qualifier=_qualifiers(rng, kinds, d),
        direction=direction,
        rule=per_series(tpl["rule"]),
        nature=per_series(tpl["nature"]),
        limit=np.where(is_share & (rng.random(n) < 0.5), 100.0, np.nan),
        declared_growth=declared,
        target_form=per_series(tpl["form"]),
        rate=is_share | (kinds == "growth"),
    )
    return Synthetic(batch, regions, indicators, float(gaps.mean()))
