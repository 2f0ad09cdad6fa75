"""Counting statuses and drafting the progress sentence of a report's section 一（二）.

The sentence follows the 2023 mid-term report (seed 002): "按照“时间与进度基本一致”评价原则，
《纲要》确定的…37项指标中，24项指标（15项预期性指标、9项约束性指标）达到或超过规划进度要求，
其中9项指标提前达到规划目标。但8项预期性指标和3项约束性指标未达规划进度要求。…等2项指标由于
缺少年度数据未作出评估。" It states only counts and names taken from the assessments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.evaluation.base import Assessment, Status
from planwatch.model import Indicator, Nature, Plan

#: why an indicator could not be assessed (Assessment.category of the Chinese rule) → wording
NOT_ASSESSABLE_REASONS: dict[str, str] = {
    "no_data": "缺少年度数据",
    "no_base": "缺少基期数据",
    "no_task": "省下达年度任务未录入",
    "not_quantified": "目标未量化",
    "implausible": "数据与目标口径不符",
}


@dataclass(frozen=True)
class NatureSplit:
    expected: int = 0
    binding: int = 0

    @property
    def total(self) -> int:
        return self.expected + self.binding

    def as_dict(self) -> dict[str, int]:
        return {"expected": self.expected, "binding": self.binding}


@dataclass(frozen=True)
class Summary:
    total: int
    on_schedule: NatureSplit  # on schedule but not yet at the target
    reached_early: NatureSplit
    behind: NatureSplit
    not_assessable: NatureSplit
    warnings: int = 0  # binding indicators behind schedule
    not_assessable_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def met_or_exceeded(self) -> NatureSplit:
        """达到或超过进度要求, including those already at the target (as seed 002 counts)."""
        return NatureSplit(
            self.on_schedule.expected + self.reached_early.expected,
            self.on_schedule.binding + self.reached_early.binding,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "on_schedule": self.on_schedule.as_dict(),
            "reached_early": self.reached_early.total,
            "reached_early_by_nature": self.reached_early.as_dict(),
            "met_or_exceeded": self.met_or_exceeded.as_dict(),
            "behind": self.behind.as_dict(),
            "not_assessable": self.not_assessable.total,
            "not_assessable_by_nature": self.not_assessable.as_dict(),
            "not_assessable_reasons": dict(self.not_assessable_reasons),
            "binding_warnings": self.warnings,
        }


def summarise(assessments: Iterable[Assessment], natures: Sequence[Nature] | None = None) -> Summary:
    """Count assessments by status and nature. ``natures`` gives each assessment's nature when
    the assessments do not carry it in ``numbers['nature']``."""
    counts: dict[Status, list[int]] = {s: [0, 0] for s in Status}
    reasons: dict[str, int] = {}
    total = warnings = 0
    for n, a in enumerate(assessments):
        nature = natures[n] if natures is not None else Nature(a.numbers.get("nature", "expected"))
        counts[a.status][1 if nature is Nature.BINDING else 0] += 1
        total += 1
        warnings += int(a.warning)
        if a.status is Status.NOT_ASSESSABLE:
            key = a.category or "no_data"
            reasons[key] = reasons.get(key, 0) + 1

    def split(s: Status) -> NatureSplit:
        return NatureSplit(*counts[s])

    return Summary(
        total=total,
        on_schedule=split(Status.ON_SCHEDULE),
        reached_early=split(Status.REACHED_EARLY),
        behind=split(Status.BEHIND),
        not_assessable=split(Status.NOT_ASSESSABLE),
        warnings=warnings,
        not_assessable_reasons=reasons,
    )


def _names(items: Sequence[Indicator]) -> str:
    """"A、B等2项指标" as seed 002 writes it; a single indicator is named alone."""
    if len(items) == 1:
        return f"{items[0].name}指标"
    return "、".join(i.name for i in items[:3]) + f"等{len(items)}项指标"


_NUMERALS = "一二三四五六七八九十"


def _areas(plan: Plan, rows: Sequence[tuple[Indicator, Assessment]]) -> str:
    """"八个方面" when the indicators fall into the plan's categories (seed 002 names them)."""
    used = {i.category for i, _ in rows if i.category}
    n = len(used) if used else len(plan.categories)
    if n == 0:
        return ""
    return f"{_NUMERALS[n - 1] if n <= 10 else n}个方面"


def summary_sentence(
    plan: Plan, s: Summary, rows: Sequence[tuple[Indicator, Assessment]], *,
    name_areas: bool = False,
) -> str:
    """The counts sentence in the style of seed 002 section 一（二）. ``name_areas`` adds the
    number of areas the indicators fall into ("八个方面37项指标"), as seed 002 writes it."""
    title = plan.title if plan.title.startswith("《") else f"《{plan.title}》"
    met = s.met_or_exceeded
    areas = _areas(plan, rows) if name_areas else ""
    parts = [f"按照“时间与进度基本一致”评价原则，{title}确定的{areas}{s.total}项指标中，"]
    if met.total:
        parts.append(
            f"{met.total}项指标（{met.expected}项预期性指标、{met.binding}项约束性指标）"
            "达到或超过规划进度要求"
        )
        parts.append(
            f"，其中{s.reached_early.total}项指标提前达到规划目标。"
            if s.reached_early.total
            else "，尚无指标提前达到规划目标。"
        )
    else:
        parts.append("尚无指标可判定达到规划进度要求。")
    if s.behind.total:
        behind = []
        if s.behind.expected:
            behind.append(f"{s.behind.expected}项预期性指标")
        if s.behind.binding:
            behind.append(f"{s.behind.binding}项约束性指标")
        parts.append(f"但{'和'.join(behind)}未达规划进度要求。")
    na_rows = [(i, a) for i, a in rows if a.status is Status.NOT_ASSESSABLE]
    by_reason: dict[str, list[Indicator]] = {}
    for i, a in na_rows:
        by_reason.setdefault(a.category or "no_data", []).append(i)
    for code, items in by_reason.items():
        why = NOT_ASSESSABLE_REASONS.get(code, "缺少年度数据")
        parts.append(f"{_names(items)}由于{why}未作出评估。")
    return "".join(parts)
