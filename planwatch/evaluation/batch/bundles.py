"""One row of a :class:`SeriesBatch` as the per-series input (:class:`IndicatorBundle`).

Used to run the registered per-series methods on exactly the data the batch engine judges: the
property tests compare the two, and the benchmark times the per-series path with it.

A row becomes an :class:`Indicator` (unit ``%`` for rates, ``亿元`` otherwise) and one
full-year :class:`Observation` per non-missing cell: kind ``growth`` for growth-rate rows,
``share`` for rates, ``level`` otherwise (cumulative reductions: yearly reductions in %).
"""

from __future__ import annotations

import math

from planwatch.evaluation.base import IndicatorBundle
from planwatch.evaluation.batch.base import FORMS, NATURES, QUALIFIERS, RULES, SeriesBatch
from planwatch.model import (
    Direction,
    GrowthUnit,
    Indicator,
    Observation,
    ObservationKind,
    Period,
    ProgressRule,
    SourceRef,
)

SOURCE = SourceRef(document="synthetic", note="generated for a batch check")
_PERIODS: dict[int, Period] = {}


def _period(year: int) -> Period:
    if year not in _PERIODS:
        _PERIODS[year] = Period.year(year)
    return _PERIODS[year]


def _num(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def indicator_of(batch: SeriesBatch, i: int, id: str | None = None) -> Indicator:
    rule = RULES[int(batch.rule[i])]
    percent = bool(batch.rate[i]) or rule is ProgressRule.CUMULATIVE_REDUCTION
    growth = _num(batch.declared_growth[i])
    target_year = int(batch.target_year[i])
    return Indicator(
        id=id or f"batch/{i}",
        plan="batch",
        seq=i + 1,
        name=f"指标{i}",
        statistic=f"s{i}",
        unit="%" if percent else "亿元",
        nature=NATURES[int(batch.nature[i])],
        direction=Direction.HIGHER_BETTER if batch.direction[i] > 0 else Direction.LOWER_BETTER,
        direction_basis="declared",
        target_form=FORMS[int(batch.target_form[i])],
        rule=rule,
        rule_basis="batch",
        qualifier=QUALIFIERS[int(batch.qualifier[i])],
        base_value=_num(batch.base_value[i]),
        base_year=int(batch.base_year[i]),
        target_value=_num(batch.target_value[i]),
        target_year=target_year if target_year > 0 else None,
        declared_growth=growth,
        declared_growth_unit=GrowthUnit.PERCENT if growth is not None else None,
        limit=_num(batch.limit[i]),
        source=SOURCE,
    )


def bundle_of(batch: SeriesBatch, i: int, region: str = "r") -> IndicatorBundle:
    """Row ``i`` of ``batch`` as an indicator bundle with one observation per known year."""
    ind = indicator_of(batch, i)
    if ind.rule is ProgressRule.GROWTH:
        kind = ObservationKind.GROWTH
    elif batch.rate[i]:
        kind = ObservationKind.SHARE
    else:
        kind = ObservationKind.LEVEL
    unit = "%" if kind is not ObservationKind.LEVEL else ind.unit
    row = batch.values[i]
    observations = tuple(
        Observation(
            statistic=ind.statistic or "",
            region=region,
            period=_period(int(y)),
            kind=kind,
            value=float(v),
            unit=unit,
            source=SOURCE,
        )
        for y, v in zip(batch.years, row, strict=True)
        if not math.isnan(v)
    )
    return IndicatorBundle(indicator=ind, observations=observations, region=region)
