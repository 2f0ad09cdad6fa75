"""Builders for evaluation tests: indicators and observations written the way a plan prints
them, with nothing computed by the code under test."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planwatch.evaluation.base import Assessment, IndicatorBundle, get_method
from planwatch.model import (
    DataStatus,
    Direction,
    GrowthUnit,
    Indicator,
    Milestone,
    Nature,
    Observation,
    ObservationKind,
    Period,
    ProgressRule,
    Qualifier,
    SourceRef,
    TargetForm,
)

SRC = SourceRef(document="test", line=1)


def indicator(
    *,
    name: str = "测试指标",
    unit: str = "%",
    nature: str = "expected",
    direction: str = "higher_better",
    form: str = "level",
    rule: str = "linear",
    qualifier: str = "exact",
    base: float | None = None,
    base_year: int | None = 2020,
    target: float | None = None,
    target_year: int | None = 2025,
    stretch: float | None = None,
    growth: float | None = None,
    growth_unit: str | None = None,
    statistic: str | None = "s",
    seq: int = 1,
) -> Indicator:
    return Indicator(
        id=f"p/{seq:02d}",
        plan="p",
        seq=seq,
        name=name,
        statistic=statistic,
        unit=unit,
        nature=Nature(nature),
        direction=Direction(direction),
        direction_basis="declared",
        target_form=TargetForm(form),
        rule=ProgressRule(rule),
        rule_basis="测试",
        qualifier=Qualifier(qualifier),
        base_value=base,
        base_year=base_year,
        target_value=target,
        target_year=target_year,
        stretch_value=stretch,
        declared_growth=growth,
        declared_growth_unit=GrowthUnit(growth_unit) if growth_unit else None,
        source=SRC,
    )


def obs(
    period: str,
    value: float,
    *,
    kind: str = "level",
    unit: str = "%",
    statistic: str = "s",
    status: str = "final",
    revision: int = 1,
) -> Observation:
    return Observation(
        statistic=statistic,
        region="r",
        period=Period(period),
        kind=ObservationKind(kind),
        value=value,
        unit=unit,
        source=SRC,
        status=DataStatus(status),
        revision=revision,
    )


def milestone(year: int, value: float, indicator_id: str = "p/01") -> Milestone:
    return Milestone(indicator=indicator_id, year=year, value=value, source=SRC)


def run(
    ind: Indicator,
    observations: list[Observation],
    *,
    as_of: str = "2024-12-31",
    milestones: tuple[Milestone, ...] = (),
    **config: Any,
) -> Assessment:
    method = get_method("china")
    cfg = method.Config(**config)
    bundle = IndicatorBundle(ind, tuple(observations), milestones, region="r")
    return method.assess(bundle, cfg, dt.date.fromisoformat(as_of))
