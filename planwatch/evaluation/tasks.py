"""Evaluating key tasks and major projects (issue 16). Pure: gets records, returns judgements.

**Projects** (docs/evaluation.md, “重大工程项目”): on the plan's time axis (full year Y ends at Y;
data to 2023-06-30 is 2022.5) the investment planned to date is each year's planned investment
times the share of that year elapsed; the investment completed is the sum of the confirmed
reports for periods ended by then. A project is

* 已完成 when every milestone is reached (the last one is the finish: 投产/完工);
* 未启动 when its start year has not begun and nothing is reported (in line: nothing is due);
* 滞后 when a milestone whose year has ended is not reached, or the investment completed is below
  ``TOLERANCE`` (90%) of the investment planned to date;
* 序时推进 otherwise.

“进展符合预期” = 已完成 + 序时推进 + 未启动 (not yet due). A project without any confirmed report
after its start is “未评价” (no judgement without data).

**Tasks**: the judgement is the reviewer's (the evaluator's) confirmed status of the latest
report, with its reason (the review comment, or the unit's own text when confirmed unchanged). The
rule adds what the dates say: a time node (到2023年) whose year has ended while the task is not
reported done is listed as overdue and makes a confirmed 序时推进 read 滞后 — the evaluator's
status stands beside it, so both are visible. A task without a confirmed report is “未评价”.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from planwatch import model as m

TOLERANCE = 0.9  # investment completed / planned to date at or above this is 序时推进
IN_LINE = (m.TaskStatus.DONE, m.TaskStatus.ON_TRACK, m.TaskStatus.NOT_STARTED)
_NODE_YEAR = re.compile(r"(20\d{2})\s*年")


class Report(Protocol):
    """What the rules read from a progress report (store.ProgressEntry has these)."""

    @property
    def id(self) -> int: ...
    @property
    def period(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def status(self) -> m.TaskStatus | None: ...
    @property
    def self_status(self) -> m.TaskStatus: ...
    @property
    def investment(self) -> float | None: ...
    @property
    def milestones(self) -> tuple[str, ...]: ...
    @property
    def text(self) -> str: ...
    @property
    def review_comment(self) -> str | None: ...


def plan_time(period_or_date: str) -> float:
    return m.Period(period_or_date).plan_time


def _confirmed(reports: Iterable[Report], t: float) -> list[Report]:
    out = [r for r in reports if r.state == "confirmed" and plan_time(r.period) <= t + 1e-9]
    return sorted(out, key=lambda r: (plan_time(r.period), r.id))


@dataclass(frozen=True)
class ProjectAssessment:
    project: m.Project
    status: m.TaskStatus | None  # None: 未评价
    in_line: bool
    planned_to_date: float | None
    completed: float | None
    ratio: float | None
    milestones_due: tuple[str, ...]
    milestones_reached: tuple[str, ...]
    milestones_missed: tuple[str, ...]
    reasons: tuple[str, ...]
    time: float  # plan time of the evaluation date
    reports: int = 0

    @property
    def label(self) -> str:
        return self.status.label if self.status else "未评价"

    def as_dict(self) -> dict[str, Any]:
        p = self.project
        return {
            "id": p.id, "name": p.name, "owner": p.owner, "region": p.region,
            "total_investment": p.total_investment, "unit": p.unit,
            "start_year": p.start_year, "finish_year": p.finish_year,
            "status": self.status.value if self.status else None, "label": self.label,
            "in_line": self.in_line, "planned_to_date": self.planned_to_date,
            "completed": self.completed, "ratio": self.ratio,
            "milestones_due": list(self.milestones_due),
            "milestones_reached": list(self.milestones_reached),
            "milestones_missed": list(self.milestones_missed),
            "reasons": list(self.reasons), "rule": "project-investment-milestones",
            "tolerance": TOLERANCE, "reports": self.reports,
        }


def planned_to_date(project: m.Project, t: float) -> float:
    """Σ planned investment of year y × share of y elapsed (year y spans (y-1, y])."""
    return sum(v * max(0.0, min(1.0, t - (y - 1))) for y, v in project.annual_plan)


def assess_project(project: m.Project, reports: Iterable[Report], as_of: str) -> ProjectAssessment:
    t = plan_time(as_of)
    done = _confirmed(reports, t)
    reached = tuple(dict.fromkeys(ms for r in done for ms in r.milestones))
    due = tuple(ms.name for ms in project.milestones if ms.year <= t + 1e-9)
    missed = tuple(n for n in due if n not in reached)
    planned = planned_to_date(project, t) if project.annual_plan else None
    completed = sum(r.investment or 0.0 for r in done) if any(r.investment is not None for r in done) else None
    ratio = completed / planned if completed is not None and planned else None
    reasons: list[str] = []
    started = project.start_year is None or t > project.start_year - 1 + 1e-9
    status: m.TaskStatus | None
    if project.milestones and all(ms.name in reached for ms in project.milestones):
        status = m.TaskStatus.DONE
        reasons.append(f"全部里程碑（{'、'.join(ms.name for ms in project.milestones)}）已达成")
    elif not done and not started:
        status = m.TaskStatus.NOT_STARTED
        reasons.append(f"计划{project.start_year}年开工，评估时点尚未到开工年份")
    elif not done:
        status = None
        reasons.append("开工年份已到，尚无经审核的进展报告")
    else:
        status = m.TaskStatus.ON_TRACK
        for n in missed:
            year = next(ms.year for ms in project.milestones if ms.name == n)
            reasons.append(f"里程碑“{n}”（计划{year}年）未达成")
        if ratio is not None and planned is not None and completed is not None:
            reasons.append(f"累计完成投资{_n(completed)}{project.unit}，序时计划投资{_n(planned)}{project.unit}，"
                           f"完成{ratio * 100:.1f}%（{'不低于' if ratio >= TOLERANCE else '低于'}"
                           f"{TOLERANCE * 100:.0f}%）")
        if missed or (ratio is not None and ratio < TOLERANCE):
            status = m.TaskStatus.LAGGING
    in_line = status in IN_LINE
    return ProjectAssessment(project, status, in_line, planned, completed, ratio, due, reached, missed,
                             tuple(reasons), t, len(done))


@dataclass(frozen=True)
class TaskAssessment:
    task: m.PlanTask
    status: m.TaskStatus | None  # the rule's reading: the evaluator's status, or 滞后 for overdue nodes
    judged: m.TaskStatus | None  # the evaluator's (reviewer's) confirmed status
    reason: str
    overdue_nodes: tuple[str, ...]
    latest: Report | None
    reports: int = 0
    units: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.status.label if self.status else "未评价"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.task.id, "key": self.task.key, "kind": self.task.kind,
            "title": self.task.title, "status": self.status.value if self.status else None,
            "label": self.label, "judged": self.judged.value if self.judged else None,
            "reason": self.reason, "overdue_nodes": list(self.overdue_nodes),
            "reports": self.reports, "rule": "task-time-nodes",
            "latest_period": self.latest.period if self.latest else None,
        }


def node_years(nodes: Iterable[str]) -> list[tuple[str, int]]:
    out = []
    for n in nodes:
        if mm := _NODE_YEAR.search(n):
            out.append((n, int(mm[1])))
    return out


def assess_task(task: m.PlanTask, reports: Iterable[Report], as_of: str) -> TaskAssessment:
    t = plan_time(as_of)
    done = _confirmed(reports, t)
    latest = done[-1] if done else None
    judged = latest.status if latest else None
    overdue = tuple(n for n, y in node_years(task.time_nodes) if y <= t + 1e-9)
    if latest is None:
        reason = "尚无经审核的进展报告"
        if overdue:
            reason += f"；时间节点{'、'.join(overdue)}已到"
        return TaskAssessment(task, None, None, reason, overdue, None, 0)
    reason = (latest.review_comment or "").strip() or f"审核确认单位自评：{latest.text}"
    status = judged
    if overdue and judged is not m.TaskStatus.DONE:
        status = m.TaskStatus.LAGGING
        reason += f"；时间节点{'、'.join(overdue)}已到，尚未报告完成"
    else:
        overdue = ()
    return TaskAssessment(task, status, judged, reason, overdue, latest, len(done))


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def count_sentence(noun: str, statuses: Sequence[m.TaskStatus | None]) -> str:
    """“32项重点任务中，3项已完成，20项序时推进，2项滞后，7项尚未评价。”"""
    total = len(statuses)
    parts = []
    for s in (m.TaskStatus.DONE, m.TaskStatus.ON_TRACK, m.TaskStatus.LAGGING, m.TaskStatus.NOT_STARTED):
        k = sum(1 for x in statuses if x is s)
        if k:
            parts.append(f"{k}项{s.label}")
    none = sum(1 for x in statuses if x is None)
    if none:
        parts.append(f"{none}项尚无经审核的进展（未评价）")
    if not parts:
        return f"{total}项{noun}。"
    return f"{total}项{noun}中，{'，'.join(parts)}。"


def project_sentence(items: Sequence[ProjectAssessment]) -> str:
    """“12项重大工程项目中10项进展符合预期，2项滞后。”"""
    total = len(items)
    ok = sum(1 for a in items if a.in_line)
    lag = sum(1 for a in items if a.status is m.TaskStatus.LAGGING)
    none = sum(1 for a in items if a.status is None)
    s = f"{total}项重大工程项目中{ok}项进展符合预期"
    if lag:
        s += f"，{lag}项滞后"
    if none:
        s += f"，{none}项尚无经审核的进展（未评价）"
    return s + "。"


__all__ = ["TOLERANCE", "ProjectAssessment", "TaskAssessment", "assess_project", "assess_task",
           "count_sentence", "planned_to_date", "project_sentence"]
