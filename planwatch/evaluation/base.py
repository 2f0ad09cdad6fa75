"""What every evaluation method takes and returns, and the registry of methods.

A method is pure: it gets an :class:`IndicatorBundle` (the indicator as the plan states it and
the observations known at the evaluation date) and returns an :class:`Assessment`. It never
reads the store. The same inputs always give the same assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from planwatch.model import DataStatus, Indicator, Milestone, Observation, SourceRef


class Status(StrEnum):
    """The four statuses of the Chinese rule; every method maps its own categories onto these
    for side-by-side display (methods.md section 10)."""

    REACHED_EARLY = "reached_early"  # 提前达到目标 (达到目标 at or after the end year)
    ON_SCHEDULE = "on_schedule"  # 达到或超过进度要求
    BEHIND = "behind"  # 未达进度要求 (未完成 at or after the end year)
    NOT_ASSESSABLE = "not_assessable"  # 缺少年度数据未作出评估 / 目标未量化


STATUS_LABELS: Mapping[Status, str] = {
    Status.REACHED_EARLY: "提前达到目标",
    Status.ON_SCHEDULE: "达到或超过进度要求",
    Status.BEHIND: "未达进度要求",
    Status.NOT_ASSESSABLE: "未作出评估",
}


@dataclass(frozen=True)
class IndicatorBundle:
    """Everything a method needs to judge one indicator (or one county's decomposed target)."""

    indicator: Indicator
    observations: tuple[Observation, ...]  # values in force, periods ending by the as-of date
    milestones: tuple[Milestone, ...] = ()  # annual targets (年度计划), province tasks
    region: str | None = None  # set when judging a decomposed (county) target
    #: observations of the reference statistic Y of a relational target (高于GDP增长)
    reference_observations: tuple[Observation, ...] = ()
    #: values of the same numbers that the choice order set aside (docs/evaluation.md 6)
    superseded: tuple[Observation, ...] = ()


@dataclass(frozen=True)
class Latest:
    """The latest value an assessment used, with what a reader needs to check it: its period,
    source, status and revision. Filled for every method (:func:`latest_of`)."""

    value: float
    period: str  # period code, e.g. 2023 or 2023-01..06
    period_label: str  # e.g. 2023年, 2023年1—6月
    source: SourceRef
    status: DataStatus
    revision: int = 1

    @classmethod
    def of(cls, o: Observation, *, value: float | None = None, period_label: str | None = None) -> Latest:
        """From the observation itself (``value`` and ``period_label`` when the method shows it
        converted or annualised)."""
        return cls(value=o.value if value is None else value, period=o.period.code,
                   period_label=period_label or o.period.label, source=o.source, status=o.status,
                   revision=o.revision)

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "period": self.period, "period_label": self.period_label,
            "source": {"label": self.source.label,
                       **{k: v for k, v in self.source.__dict__.items() if v is not None}},
            "status": self.status.value, "status_label": self.status.label, "revision": self.revision,
        }


@dataclass(frozen=True)
class Assessment:
    indicator: str
    method: str
    status: Status  # crosswalked status, for counting and colours
    label: str  # the method's own category, in Chinese (e.g. 提前达到目标, 快于预期)
    rule: str  # which rule was applied, in words, e.g. "线性进度 p_lin（比重类指标）"
    category: str | None = None  # the method's own status code (e.g. moderate_progress)
    progress: float | None = None  # share of the distance covered (p)
    expected_progress: float | None = None  # time elapsed e for the data period used
    latest_value: float | None = None
    latest_period: str | None = None
    required_growth: float | None = None  # 后续年均需增长 (% or points per year)
    required_growth_unit: str | None = None  # "%" or "个百分点"
    projected_value: float | None = None  # value at the target year at the current pace
    value: float | None = None  # the method's own progress figure (R, RR, APR, …)
    score: float | None = None
    warning: bool = False  # binding indicator behind schedule (预警)
    provisional: bool = False  # built on sub-annual data
    stretch: str | None = None  # judgement against the 力争 target, in words
    reasons: tuple[str, ...] = ()  # Chinese sentences naming the numbers used
    numbers: Mapping[str, Any] = field(default_factory=dict)  # the inputs, for display and JSON
    #: the latest value with its source, period, status and revision (what other layers read)
    latest: Latest | None = None


def latest_of(bundle: IndicatorBundle, period: str | None, value: float | None) -> Latest | None:
    """The observation behind a method's latest value (same period, the same value first); None
    when the value is not an observation (e.g. the plan's printed base)."""
    if period is None or value is None:
        return None
    same = [o for o in bundle.observations if o.period.code == period]
    exact = [o for o in same if abs(o.value - value) <= 1e-9 * max(1.0, abs(value))]
    found = exact or same
    return Latest.of(found[0], value=value) if found else None


class Method(Protocol):
    """An evaluation method. ``Config`` is a frozen dataclass whose fields carry
    ``metadata={"help": ...}``; ``planwatch methods`` lists them."""

    name: str
    title: str
    Config: type

    def assess(self, bundle: IndicatorBundle, config: Any, as_of: dt.date) -> Assessment: ...


METHODS: dict[str, Method] = {}


def register(method: Method) -> Method:
    if method.name in METHODS:
        raise ValueError(f"method {method.name!r} registered twice")
    METHODS[method.name] = method
    return method


def get_method(name: str) -> Method:
    from planwatch.errors import ConfigError

    if name not in METHODS:
        raise ConfigError(f"未知的评估方法“{name}”。可选：{'、'.join(sorted(METHODS))}")
    return METHODS[name]


def method_label(name: str) -> str:
    """A method's name for Chinese readers: its title without the original (English) name in
    brackets, e.g. "德国可持续发展战略天气符号" for ``dns``; the code itself if unknown."""
    import re

    meth = METHODS.get(name)
    if meth is None:
        return name
    title = str(getattr(meth, "title", name))
    out = re.sub(r"（[^（）]*[A-Za-z]{3,}[^（）]*）", "", title)
    out = re.sub(r"\s*/\s*Open SDG\s*", "", out)
    return out.strip() or title
