"""Section 二 of the evaluation report from the plan's key tasks and major projects (issue 16),
in the form of the mid-term report (seed 002): for each action (行动) and 专栏 of the plan,

* 【规划要求】 the plan's words quoted, task by task, with the document line;
* 【主要成效】 drafted from the confirmed progress reports (unit, period, reviewer, evidence) —
  drafts for the evaluator, never invented: a task without a confirmed report gets a blank;
* 【实施评价】 the counts in the report's words and the lagging tasks with their reasons (draft),
  then a blank for the evaluator's judgement and next steps.

Plus the annex rows of every task and project with its status. Pure: gets records, returns parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from planwatch import model as m
from planwatch.evaluation.tasks import ProjectAssessment, count_sentence, project_sentence
from planwatch.reports.context import (
    Draft,
    Paragraph,
    Placeholder,
    ProjectAnnexRow,
    Requirement,
    TaskAnnexRow,
    TaskArea,
    TaskInput,
)

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE = re.compile(r"[^。；]*[。；]?")
MAX_QUOTE = 160  # characters of a task's text quoted under 【规划要求】 (whole sentences)


def quote(task: m.PlanTask) -> str:
    """The task's heading, then its first sentence and every sentence naming a time node or a
    number (the measurable requirements), as printed, up to ``MAX_QUOTE`` characters."""
    body = task.text.split("\n", 1)[1] if "\n" in task.text else ""
    if not body and "。" in task.text:  # 专栏 items: heading and body on one line
        body = task.text.split("。", 1)[1]
    sentences = [x for x in _SENTENCE.findall(body.replace("\n", "")) if x.strip()]
    picked: list[str] = []
    for i, s in enumerate(sentences):
        if i == 0 or re.search(r"20\d{2}年|\d", s):
            if sum(len(x) for x in picked) + len(s) > MAX_QUOTE and picked:
                picked.append("……")
                break
            picked.append(s)
    return f"{task.number}{task.title}：{''.join(picked)}" if picked else f"{task.number}{task.title}"


def _achievement(t: TaskInput) -> list[Paragraph]:
    out: list[Paragraph] = []
    for p in t.progress:
        evidence = f"；佐证：{p.evidence}" if p.evidence else ""
        out.append(Draft(f"{t.task.title}：{p.text}（{p.unit}报送，{p.period}，审核确认为“{p.status_label}”，"
                         f"审核人{p.reviewer}{evidence}）。", "task-progress"))
    return out


def _judgement(group: Sequence[TaskInput], noun: str) -> list[Paragraph]:
    statuses = [m.TaskStatus(t.status) if t.status else None for t in group]
    out: list[Paragraph] = [Draft("从任务进展看，本部分" + count_sentence(noun, statuses), "task-counts")]
    lagging = [t for t in group if t.status == m.TaskStatus.LAGGING.value]
    if lagging:
        items = "；".join(f"{t.task.title}（{t.reason}）" for t in lagging)
        out.append(Draft(f"但也要看到，{items}。", "task-lagging"))
    out.append(Placeholder("请评估人员结合进展报告和督查情况，评价本部分任务的实施成效", lead="总体看，"))
    out.append(Placeholder("请评估人员填写下一步推进举措", lead="下一步，"))
    return out


def task_areas(tasks: Sequence[TaskInput], source_of: Callable[[m.SourceRef], str]) -> list[TaskArea]:
    """One part per action (its numbered tasks) and per 专栏 (its tasks), in printed order."""
    by_parent: dict[str, list[TaskInput]] = {}
    boxes: dict[str, list[TaskInput]] = {}
    for t in tasks:
        if t.task.kind == "task" and t.task.parent:
            by_parent.setdefault(t.task.parent, []).append(t)
        elif t.task.kind == "box":
            boxes.setdefault(t.task.box or "专栏", []).append(t)
    parts: list[tuple[str, list[TaskInput], list[Requirement]]] = []
    for a in (t for t in tasks if t.task.kind == "action"):
        group = by_parent.get(a.task.id, [])
        reqs = [Requirement(quote(t.task), source_of(t.task.source)) for t in group]
        parts.append((a.task.title, group, reqs))
    for title, group in boxes.items():
        parts.append((title, group, [Requirement(quote(t.task), source_of(t.task.source)) for t in group]))
    out = []
    for title, group, reqs in parts:
        achievements = [p for t in group for p in _achievement(t)]
        if not achievements:
            achievements = [Placeholder("暂无经审核的任务进展报告，请评估人员补充主要成效")]
        noun = "专栏任务" if group and group[0].task.kind == "box" else "任务"
        out.append(TaskArea(title, tuple(reqs), tuple(achievements), tuple(_judgement(group, noun))))
    return out


def task_intro(tasks: Sequence[TaskInput], projects: Sequence[ProjectAssessment]) -> list[Paragraph]:
    numbered = [t for t in tasks if t.task.kind == "task"]
    out: list[Paragraph] = []
    if numbered:
        statuses = [m.TaskStatus(t.status) if t.status else None for t in numbered]
        out.append(Draft("规划部署的" + count_sentence("重点任务", statuses), "task-summary"))
    if projects:
        out.append(Draft(project_sentence(projects), "project-summary"))
    return out


def task_annex(tasks: Sequence[TaskInput], source_of: Callable[[m.SourceRef], str]) -> list[TaskAnnexRow]:
    titles = {t.task.id: f"{t.task.number}{t.task.title}" for t in tasks if t.task.kind == "action"}
    rows = []
    for t in sorted(tasks, key=lambda t: (t.task.kind == "box", t.task.position)):  # as in section 二
        if t.task.kind not in ("task", "box"):
            continue
        latest = t.progress[-1] if t.progress else None
        rows.append(TaskAnnexRow(
            number=readable_key(t.task.key), title=f"{t.task.number}{t.task.title}",
            group=titles.get(t.task.parent or "", t.task.box or ""), lead=t.lead or "未分解",
            status_label=t.status_label, latest=f"{latest.period}：{latest.text}" if latest else "—",
            source=source_of(t.task.source)))
    return rows


def readable_key(key: str) -> str:
    """A task's key as a reader sees it: 专栏 tasks ``box2-1`` become ``专栏2-1``."""
    return re.sub(r"^box(\d+)", r"专栏\1", key)


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}".rstrip("0").rstrip(".")


def project_annex(items: Sequence[ProjectAssessment], unit_names: dict[str, str]) -> list[ProjectAnnexRow]:
    return [ProjectAnnexRow(
        name=a.project.name,
        owner=unit_names.get(a.project.owner or "", a.project.owner or "") or a.project.owner_text or "—",
        total=_fmt(a.project.total_investment), planned=_fmt(a.planned_to_date), completed=_fmt(a.completed),
        ratio="—" if a.ratio is None else f"{a.ratio * 100:.1f}%",
        milestones="、".join(f"{x.name}{x.year}" for x in a.project.milestones)
        + (f"（未达成：{'、'.join(a.milestones_missed)}）" if a.milestones_missed else ""),
        status_label=a.label) for a in items]


def numbers_in(parts: Sequence[Any]) -> tuple[float, ...]:
    """Every number written in the drafted paragraphs: they come from the plan's text, the
    periods and the confirmed reports, so the drafts may state them."""
    out: set[float] = set()
    for p in parts:
        for tok in _NUMBER.findall(getattr(p, "text", "")):
            out.add(float(tok))
    return tuple(sorted(out))


__all__ = ["numbers_in", "project_annex", "quote", "task_annex", "task_areas", "task_intro"]
