"""A plain time series and the primitives the international methods share.

The published methods (Statistics Canada / Open SDG, Eurostat, ESCAP, UNSD, SDSN, Destatis) are
defined on a series of annual values with a desired direction and, optionally, a target. Their
maths lives on :class:`Series` so it runs with or without a plan: ``planwatch methods run``
builds series from CSV files; :meth:`SeriesMethod.assess` builds one from an
:class:`~planwatch.evaluation.base.IndicatorBundle` (the plan's base value at the base year plus
the annual observations known at the evaluation date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import STATUS_LABELS, Assessment, IndicatorBundle, Status, latest_of
from planwatch.model import VALUE_KINDS, Qualifier, TargetForm

#: the substitute for a zero base or target value (StatCan edge rule, methods.md 3.1)
ZERO_SUBSTITUTE = 0.001


@dataclass(frozen=True)
class Series:
    """Annual values of one statistic, sorted by year, with what the methods need to judge it.

    ``direction`` is +1 (higher is better) or -1 (lower is better); it is required and never
    defaulted (methods.md 2.5). ``base_year`` None means the first year with data."""

    id: str
    years: tuple[int, ...]
    values: tuple[float, ...]
    direction: int
    target: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    limit: float | None = None
    lower_bound: float | None = None  # SDSN normalisation bound (optional)

    def __post_init__(self) -> None:
        if len(self.years) != len(self.values):
            raise ValueError("years and values differ in length")
        if self.direction not in (1, -1):
            raise ValueError(f"direction must be +1 or -1, not {self.direction!r}")
        if list(self.years) != sorted(set(self.years)):
            raise ValueError("years must be strictly increasing (one value per year)")

    @classmethod
    def of(cls, id: str, points: Mapping[int, float], direction: int, **kw: Any) -> Series:
        """Build from a {year: value} mapping in any order."""
        years = tuple(sorted(points))
        return cls(id, years, tuple(float(points[y]) for y in years), direction, **kw)

    def points_from(self, year: int) -> list[tuple[int, float]]:
        return [(y, v) for y, v in zip(self.years, self.values, strict=True) if y >= year]

    def value_at(self, year: int) -> float | None:
        for y, v in zip(self.years, self.values, strict=True):
            if y == year:
                return v
        return None

    def meets_target(self, value: float) -> bool:
        """The target condition in the desired direction (d=+1: x ≥ target; d=-1: x ≤ target)."""
        assert self.target is not None
        return value >= self.target if self.direction > 0 else value <= self.target


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate ``(end/start)^(1/years) - 1`` (same-sign, non-zero start)."""
    return float((end / start) ** (1.0 / years) - 1.0)


def nonzero(x: float) -> float:
    return ZERO_SUBSTITUTE if x == 0 else x


def fmt(x: float | None, digits: int = 6) -> str:
    """A number for a reason sentence: up to ``digits`` significant decimals, no float noise."""
    if x is None:
        return "—"
    if math.isinf(x) or math.isnan(x):
        return str(x)
    text = f"{x:.{digits}g}"
    return text


def pct(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


@dataclass(frozen=True)
class Outcome:
    """What a method's pure function decides, before it becomes an :class:`Assessment`."""

    category: str
    status: Status
    value: float | None = None
    score: float | None = None
    reasons: tuple[str, ...] = ()
    numbers: Mapping[str, Any] = field(default_factory=dict)
    progress: float | None = None
    expected_progress: float | None = None
    projected_value: float | None = None


class SeriesMethod:
    """Base for methods defined on a :class:`Series`. Subclasses set ``name``, ``title``,
    ``Config``, ``labels`` (category code → Chinese) and implement :meth:`judge`."""

    name: str
    title: str
    Config: type
    labels: Mapping[str, str]
    crosswalk: Mapping[str, Status]  # category → the Chinese status it usually maps to (§10)
    not_assessable_category: str
    rule_text: str

    def judge(self, series: Series, config: Any) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    def evaluate(self, series: Series, config: Any = None) -> Assessment:
        """Judge a plain series (no plan needed)."""
        cfg = config if config is not None else self.Config()
        out = self.judge(series, cfg)
        latest = series.years[-1] if series.years else None
        return Assessment(
            indicator=series.id,
            method=self.name,
            status=out.status,
            label=self.labels[out.category],
            rule=self.rule_text,
            category=out.category,
            progress=out.progress,
            expected_progress=out.expected_progress,
            latest_value=series.values[-1] if series.values else None,
            latest_period=str(latest) if latest is not None else None,
            projected_value=out.projected_value,
            value=out.value,
            score=out.score,
            reasons=out.reasons,
            numbers={"config": dataclasses.asdict(cfg), **out.numbers},
        )

    def unable(self, *reasons: str, **numbers: Any) -> Outcome:
        return Outcome(self.not_assessable_category, Status.NOT_ASSESSABLE, reasons=reasons,
                       numbers=numbers)

    def assess(self, bundle: IndicatorBundle, config: Any, as_of: dt.date) -> Assessment:
        """The plan adapter: judge the indicator's base value plus its annual observations."""
        ind = bundle.indicator
        built = series_from_bundle(bundle, as_of)
        if isinstance(built, str):
            cfg = config if config is not None else self.Config()
            return Assessment(
                indicator=ind.id, method=self.name, status=Status.NOT_ASSESSABLE,
                label=self.labels[self.not_assessable_category], rule=self.rule_text,
                category=self.not_assessable_category, reasons=(built,),
                numbers={"config": dataclasses.asdict(cfg)},
            )
        a = self.evaluate(built, config)
        return dataclasses.replace(a, indicator=ind.id,
                                   latest=latest_of(bundle, a.latest_period, a.latest_value))


def series_from_bundle(bundle: IndicatorBundle, as_of: dt.date) -> Series | str:
    """The plan's base value at its base year plus full-year observations of the statistic's
    value (level, share, count, index) ending by ``as_of``; or a Chinese reason why no series
    can be built."""
    ind = bundle.indicator
    if ind.target_form in (TargetForm.GROWTH_RATE, TargetForm.CUMULATIVE_SUM,
                           TargetForm.CUMULATIVE_REDUCTION):
        return (f"指标“{ind.name}”的目标是增长率或五年累计数，国际方法只适用于水平值序列"
                "（增长率须先换算为水平值），未作出评估。")
    if ind.qualifier in (Qualifier.NONE, Qualifier.PROVINCE_TASK):
        target: float | None = None
    else:
        target = ind.target_value
    points: dict[int, float] = {}
    for o in bundle.observations:
        if o.kind in VALUE_KINDS and o.period.is_full_year and o.period.end_date <= as_of:
            points.setdefault(o.period.year_of_end, o.value)
    if ind.base_value is not None and ind.base_year is not None:
        points[ind.base_year] = ind.base_value  # the plan's printed base takes precedence
    if not points:
        return f"指标“{ind.name}”没有基期值和年度数据，未作出评估。"
    if ind.base_year is not None and max(points) <= ind.base_year:
        return (f"指标“{ind.name}”在基期{ind.base_year}年之后（截至{as_of.isoformat()}）没有年度数据，"
                "缺少年度数据未作出评估。")
    return Series.of(ind.id, points, ind.direction.sign, target=target,
                     target_year=ind.target_year, base_year=ind.base_year, limit=ind.limit)


def status_label(status: Status) -> str:
    return STATUS_LABELS[status]
