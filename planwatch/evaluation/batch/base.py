"""Evaluation vectorised over many series at once (the national-scale engine).

The per-series methods (``planwatch.evaluation.china``, ``…statcan``) judge one
:class:`~planwatch.evaluation.base.IndicatorBundle` at a time. This module judges a whole
:class:`SeriesBatch` (one row per series: an indicator in one region) with numpy array
operations, without a Python loop per series, and must give the same statuses and numbers as
the per-series definitions (``tests/test_engine.py`` compares the two on random data).

Input: a :class:`SeriesBatch` holds per-series arrays (base value/year, target value/year,
qualifier, direction, rule, nature, natural limit, declared growth) and a (series × years)
matrix of annual values with NaN for gaps. What a value means depends on the rule:

* ``linear``, ``compound``, ``threshold``: the level of the statistic in that year;
* ``growth``: the year's growth rate in % (the target is the rate, e.g. 6 for "6%左右");
* ``cumulative_reduction``: the year's reduction in % (target R_T in %, e.g. 14 for [14%]);
* ``cumulative_sum``: the year's amount (target: the period total).

Output: a :class:`BatchResult` of arrays (status, category, progress, expected progress,
required growth, the method's own value, score, warning, latest year and value).

Both methods give the same statuses, categories and numbers as the registered per-series
methods (``china``, ``statcan``) judging the same rows as bundles
(:mod:`planwatch.evaluation.batch.bundles`); ``tests/test_engine.py`` checks this on random
data.

Cases covered by the vectorised Chinese rule (:mod:`.china`): linear (p_lin), compound
(p_log, falling back to p_lin for zero or sign-changing values and for rates), a declared
average growth in % (target x_B·(1+g)^(T−B)), threshold/maintain targets (at_least, at_most,
and any level target already met at the base), the 左右 band (points for rates, relative for
amounts; none for binding indicators), tolerance τ for expected indicators, the finer labels
(快于预期 / 基本符合预期 / 逆向变化 / 未完成 / 基本完成), growth-rate indicators (geometric mean of
the yearly rates), running sums and chained reductions over consecutive years from the base,
required growth, the binding warning, and the not-assessable cases (no data, no base value,
target not quantified, unknown years).

Left to the per-series code (:meth:`planwatch.evaluation.china.ChinaMethod.assess`):

* ``province_task`` targets (judged against milestones entered one by one): the rows come back
  as ``not_assessable``/``no_task`` with ``BatchResult.fallback`` set;
* sub-annual data (year-to-date values, stocks at a date, annualised flows) and published
  running totals: the batch holds full-year values only;
* 力争 stretch targets, declared growth in percentage points, and unit conversion: the batch
  holds the firm target and values already in the indicator's unit.

The StatCan measure (:mod:`.statcan`) covers everything the per-series method does
except the goldilocks transforms: R for series with a target, v with the natural-limit factor C
without, categories, scores, zero → 0.001, and the not-assessable cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from planwatch.evaluation.base import Status
from planwatch.model import Direction, Nature, ProgressRule, Qualifier, TargetForm

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]

#: code tables: an int8 array in a batch or a result stores an index into these tuples
RULES: tuple[ProgressRule, ...] = tuple(ProgressRule)
QUALIFIERS: tuple[Qualifier, ...] = tuple(Qualifier)
NATURES: tuple[Nature, ...] = (Nature.EXPECTED, Nature.BINDING)
STATUSES: tuple[Status, ...] = tuple(Status)
FORMS: tuple[TargetForm, ...] = tuple(TargetForm)

_R = {r: np.int8(n) for n, r in enumerate(RULES)}
_Q = {q: np.int8(n) for n, q in enumerate(QUALIFIERS)}
_S = {s: np.int8(n) for n, s in enumerate(STATUSES)}
_F = {f: np.int8(n) for n, f in enumerate(FORMS)}
#: the target form a rule implies when the caller gives none
_FORM_OF_RULE = {
    ProgressRule.GROWTH: TargetForm.GROWTH_RATE,
    ProgressRule.CUMULATIVE_SUM: TargetForm.CUMULATIVE_SUM,
    ProgressRule.CUMULATIVE_REDUCTION: TargetForm.CUMULATIVE_REDUCTION,
}


def _codes(values: Sequence[Any], table: Sequence[Any], what: str) -> CodeArray:
    index = {str(v): n for n, v in enumerate(table)}
    try:
        return np.fromiter((index[str(v)] for v in values), dtype=np.int8, count=len(values))
    except KeyError as exc:
        raise ValueError(f"unknown {what} {exc.args[0]!r}; expected one of {list(index)}") from None


def _directions(values: Sequence[Any]) -> CodeArray:
    signs = {"1": 1, "+1": 1, "-1": -1, "higher_better": 1, "lower_better": -1}
    try:
        return np.fromiter(
            (signs[str(v.value if isinstance(v, Direction) else v)] for v in values),
            dtype=np.int8,
            count=len(values),
        )
    except KeyError as exc:
        raise ValueError(f"unknown direction {exc.args[0]!r}") from None


@dataclass(frozen=True)
class SeriesBatch:
    """Many series in column form. Build it with :meth:`build`; fields are read-only arrays.

    ``target_year`` and ``base_year`` are integers; a missing number is NaN. ``direction`` is
    +1 (higher is better) or −1. ``qualifier``, ``rule`` and ``nature`` are int8 codes into
    :data:`QUALIFIERS`, :data:`RULES` and :data:`NATURES`.
    """

    years: IntArray  # (Y,) calendar years of the value columns, ascending
    values: FloatArray  # (n, Y) annual values, NaN = gap
    base_value: FloatArray
    base_year: IntArray
    target_value: FloatArray
    target_year: IntArray
    qualifier: CodeArray
    direction: CodeArray
    rule: CodeArray
    nature: CodeArray
    limit: FloatArray  # natural limit (StatCan), NaN = none
    declared_growth: FloatArray  # declared average annual growth in %, NaN = none
    target_form: CodeArray  # index into FORMS
    rate: BoolArray  # a share or rate in %: changes in percentage points, never compounded

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @classmethod
    def build(
        cls,
        *,
        years: Sequence[int] | npt.ArrayLike,
        values: npt.ArrayLike,
        base_value: npt.ArrayLike,
        base_year: npt.ArrayLike,
        target_value: npt.ArrayLike,
        target_year: npt.ArrayLike,
        qualifier: Sequence[Any],
        direction: Sequence[Any],
        rule: Sequence[Any],
        nature: Sequence[Any],
        limit: npt.ArrayLike | None = None,
        declared_growth: npt.ArrayLike | None = None,
        target_form: Sequence[Any] | None = None,
        rate: npt.ArrayLike | None = None,
    ) -> SeriesBatch:
        """Check shapes and turn enum members (or their string values) into code arrays.

        ``target_form`` defaults to the form the rule implies (growth_rate, cumulative_sum,
        cumulative_reduction, else level); ``rate`` defaults to the form being share or
        growth_rate."""
        vals = np.asarray(values, dtype=np.float64)
        if vals.ndim != 2:
            raise ValueError("values must be a (series × years) matrix")
        n = vals.shape[0]
        yrs = np.asarray(years, dtype=np.int64)
        if yrs.shape != (vals.shape[1],) or np.any(np.diff(yrs) <= 0):
            raise ValueError("years must be ascending, one per column of values")

        def col(a: npt.ArrayLike | None, dtype: type, fill: float = np.nan) -> Any:
            out: Any = np.full(n, fill, dtype=dtype) if a is None else np.asarray(a, dtype=dtype)
            if out.shape != (n,):
                raise ValueError(f"a per-series array has shape {out.shape}, expected ({n},)")
            return out

        def codes(a: Sequence[Any], table: Sequence[Any], what: str) -> CodeArray:
            if isinstance(a, np.ndarray) and a.dtype == np.int8:
                return col(a, np.int8)  # type: ignore[no-any-return]
            return col(_codes(list(a), table, what), np.int8)  # type: ignore[no-any-return]

        d = direction
        rule_codes = codes(rule, RULES, "rule")
        if target_form is None:
            implied = [_FORM_OF_RULE.get(RULES[c], TargetForm.LEVEL) for c in rule_codes]
            form_codes = _codes(implied, FORMS, "target form")
        else:
            form_codes = codes(target_form, FORMS, "target form")
        if rate is None:
            rates = np.isin(form_codes, [_F[TargetForm.SHARE], _F[TargetForm.GROWTH_RATE]])
        else:
            rates = col(rate, np.bool_)
        return cls(
            years=yrs,
            values=vals,
            base_value=col(base_value, np.float64),
            base_year=col(base_year, np.int64),
            target_value=col(target_value, np.float64),
            target_year=col(target_year, np.int64),
            qualifier=codes(qualifier, QUALIFIERS, "qualifier"),
            direction=col(d if isinstance(d, np.ndarray) else _directions(list(d)), np.int8),
            rule=rule_codes,
            nature=codes(nature, NATURES, "nature"),
            limit=col(limit, np.float64),
            declared_growth=col(declared_growth, np.float64),
            target_form=form_codes,
            rate=rates,
        )

    def take(self, rows: npt.ArrayLike) -> SeriesBatch:
        """The batch restricted to (or reordered by) ``rows``."""
        r = np.asarray(rows)
        return SeriesBatch(
            years=self.years,
            **{f: getattr(self, f)[r] for f in self.__dataclass_fields__ if f != "years"},
        )


@dataclass(frozen=True)
class BatchResult:
    """Per-series results as arrays; ``categories`` names the codes in ``category``."""

    method: str
    categories: tuple[str, ...]
    status: CodeArray  # index into STATUSES
    category: CodeArray  # index into categories
    progress: FloatArray  # p (Chinese rule); NaN where none
    expected_progress: FloatArray  # e for the data year used
    required_growth: FloatArray  # 后续年均需增长: % per year, or units per year (linear, sums)
    value: FloatArray  # the method's own figure: StatCan R or v; Chinese rule: ĝ for growth
    score: FloatArray  # StatCan score; NaN for the Chinese rule
    warning: BoolArray  # binding indicator behind schedule (预警)
    latest_year: IntArray  # year of the latest value used; 0 = none
    latest_value: FloatArray
    fallback: BoolArray  # rows left to per-series code (see the module docstring)

    def __len__(self) -> int:
        return int(self.status.shape[0])

    def status_of(self, i: int) -> Status:
        return STATUSES[int(self.status[i])]

    def category_of(self, i: int) -> str:
        return self.categories[int(self.category[i])]

    def counts(self) -> dict[str, int]:
        """How many series fall in each category."""
        found = np.bincount(self.category.astype(np.int64), minlength=len(self.categories))
        return {c: int(k) for c, k in zip(self.categories, found, strict=True) if k}


def data_cutoff_year(as_of: dt.date) -> int:
    """The last full year whose data are known at ``as_of`` (the year ends by then)."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def _last_index(mask: BoolArray) -> IntArray:
    """Column of the last True in each row, −1 where none."""
    cols = np.arange(mask.shape[1], dtype=np.int64)
    last: IntArray = np.where(mask, cols[None, :], -1).max(axis=1, initial=-1)
    return last


def _first_index(mask: BoolArray) -> IntArray:
    """Column of the first True in each row, −1 where none."""
    width = mask.shape[1]
    cols = np.arange(width, dtype=np.int64)
    first = np.where(mask, cols[None, :], width).min(axis=1, initial=width)
    return np.where(first == width, -1, first)


def _pick(values: FloatArray, idx: IntArray) -> FloatArray:
    """values[i, idx[i]] with NaN where idx is −1."""
    out = values[np.arange(values.shape[0]), np.maximum(idx, 0)]
    return np.where(idx >= 0, out, np.nan)


__all__ = [
    "FORMS",
    "NATURES",
    "QUALIFIERS",
    "RULES",
    "STATUSES",
    "BatchResult",
    "SeriesBatch",
    "data_cutoff_year",
]
