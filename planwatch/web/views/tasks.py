"""Key tasks and major projects in the browser (issue 16): the task board of a plan (by action or
by unit, filtered by status), each task's page (text as printed, source, units, progress
history with evidence, review), the project table, and the forms behind them: an admin assigns
units, a unit reports progress, a reviewer confirms or changes the status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response

from planwatch import model as m
from planwatch.api import tasks as api_tasks
from planwatch.errors import ConfigError, NotFound
from planwatch.evaluation.tasks import TOLERANCE, count_sentence
from planwatch.web.context import Option, SourceInfo, f
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.permissions import ADMIN, REPORTER, Action
from planwatch.web.present import source_info

_CO_UNITS = Form(None)  # repeated field: several co-units
STATUS_CHOICES = [("done", "已完成"), ("on_track", "序时推进"), ("lagging", "滞后"), ("not_started", "未启动"),
                  ("none", "未评价")]


@dataclass
class ReportItem:
    id: int = f("进展报告编号")
    period: str = f("报送期")
    unit: str | None = f("报送单位")
    text: str = f("进展情况")
    investment: float | None = f("本期完成投资（亿元）")
    milestones: list[str] = f("本期达成的里程碑", default_factory=list)
    evidence_url: str | None = f("佐证链接")
    evidence_document: str | None = f("佐证文件")
    evidence_facts: list[int] = f("作为佐证的数据（观测值编号）", default_factory=list)
    self_status: str = f("单位自评状态")
    state: str = f("pending 待审核 | confirmed 已审核")
    status: str | None = f("审核后的状态")
    submitted_by: str = f("报送人")
    submitted_at: str = f("报送时间")
    reviewed_by: str | None = f("审核人")
    review_comment: str | None = f("审核意见")


@dataclass
class TaskItem:
    id: str = f("任务编号")
    key: str = f("章节编号，如 4-1-2")
    kind: str = f("action 行动 | task 任务 | subtask 子任务 | box 专栏任务")
    kind_label: str = f("类别")
    number: str = f("原文编号")
    title: str = f("标题")
    href: str = f("任务页面")
    lead: str | None = f("牵头单位")
    co: list[str] = f("配合单位", default_factory=list)
    status: str | None = f("状态代码（无经审核报送时为空）")
    label: str = f("状态", "未评价")
    reason: str = f("评价理由", "")
    time_nodes: list[str] = f("时间节点", default_factory=list)
    source: str = f("来源位置", "")
    latest: str | None = f("最近一期进展", None)


@dataclass
class TaskGroup:
    title: str = f("分组：行动或牵头单位")
    sentence: str = f("本组计数", "")
    items: list[TaskItem] = f("任务", default_factory=list)


@dataclass
class TaskBoardPage:
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    as_of: str = f("评估时点")
    view: str = f("action 按行动 | unit 按单位", "action")
    status: str | None = f("状态筛选")
    statuses: list[Option] = f("状态选项", default_factory=list)
    sentence: str = f("汇总句（报告体例）", "")
    counts: dict[str, int] = f("行动、任务、子任务、专栏任务条数", default_factory=dict)
    groups: list[TaskGroup] = f("分组", default_factory=list)
    shown: int = f("显示的任务数", 0)
    note: str | None = f("说明")


@dataclass
class TaskPage:
    id: str = f("任务编号")
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    kind_label: str = f("类别")
    number: str = f("原文编号")
    title: str = f("标题")
    text: str = f("原文（规划要求）")
    section: str = f("所在章节或专栏")
    source: SourceInfo = f("来源", default_factory=SourceInfo)
    time_nodes: list[str] = f("时间节点", default_factory=list)
    numbers: list[str] = f("原文中的数字", default_factory=list)
    statistics: list[str] = f("关联的统计指标（名称）", default_factory=list)
    lead: str | None = f("牵头单位")
    co: list[str] = f("配合单位", default_factory=list)
    status: str | None = f("状态代码")
    label: str = f("状态", "未评价")
    reason: str = f("评价理由", "")
    overdue_nodes: list[str] = f("已到期未完成的时间节点", default_factory=list)
    reports: list[ReportItem] = f("进展报告（新在前）", default_factory=list)
    children: list[TaskItem] = f("下级任务", default_factory=list)
    parent_href: str | None = f("上级任务页面")
    units: list[Option] = f("单位名录（分解用）", default_factory=list)
    can_assign: bool = f("可分解单位（管理员）", False)
    can_report: bool = f("可报送进展（本单位任务的报送人，或管理员）", False)
    can_review: bool = f("可审核", False)
    message: str | None = f("操作结果")


@dataclass
class ProjectItem:
    id: str = f("项目编号")
    name: str = f("项目名称")
    owner: str | None = f("责任单位")
    region: str | None = f("所在地区")
    total_investment: float | None = f("总投资（亿元）")
    years: str = f("建设年限")
    planned_to_date: float | None = f("序时计划投资（亿元）")
    completed: float | None = f("累计完成投资（亿元，经审核）")
    ratio: float | None = f("完成率（累计完成 / 序时计划）")
    milestones: str = f("里程碑（计划年份）", "")
    missed: list[str] = f("到期未达成的里程碑", default_factory=list)
    status: str | None = f("状态代码")
    label: str = f("评价", "未评价")
    reasons: list[str] = f("依据", default_factory=list)
    source: str = f("来源", "")


@dataclass
class ProjectsPage:
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    as_of: str = f("评估时点")
    tolerance: float = f("序时推进的投资完成率下限", TOLERANCE)
    sentence: str = f("汇总句", "")
    items: list[ProjectItem] = f("项目", default_factory=list)


def _as_of(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"评估时点“{text}”格式应为 YYYY-MM-DD，例如 2023-06-30。") from None


def _href(task_id: str) -> str:
    return "/tasks/" + quote(task_id, safe="/")


def _where(ref: m.SourceRef, titles: dict[str, str]) -> str:
    """《document title》第N行 (the document's id is not shown to users)."""
    if ref.document and ref.line is not None:
        return f"{titles.get(ref.document, ref.document)} 第{ref.line}行"
    return ref.label


def _item(r: api_tasks.TaskRow, titles: dict[str, str]) -> TaskItem:
    t, a = r.task, r.assessment
    latest = r.entries[-1] if r.entries else None
    return TaskItem(
        id=t.id, key=t.key, kind=t.kind, kind_label=t.kind_label, number=t.number, title=t.title,
        href=_href(t.id), lead=r.lead, co=r.co, status=a.status.value if a.status else None,
        label=a.label, reason=a.reason, time_nodes=list(t.time_nodes), source=_where(t.source, titles),
        latest=f"{latest.period}：{latest.text}" if latest else None)


def board_page(
    plan_id: str,
    ctx: CtxDep,
    view: str = Query("action", pattern="^(action|unit)$", description="action 按行动 | unit 按单位"),
    status: str | None = Query(None, pattern="^(done|on_track|lagging|not_started|none)?$", description="状态筛选"),
    as_of: str | None = Query(None, max_length=10, description="评估时点 YYYY-MM-DD"),
) -> TaskBoardPage:
    """重点任务看板：按行动或按牵头单位分组，可按状态筛选；汇总句按报告体例。"""
    board = api_tasks.task_board(ctx.store, plan_id, _as_of(as_of))
    titles = {d.id: d.title for d in ctx.store.documents()}
    page = TaskBoardPage(plan_id=plan_id, plan_title=board.plan.title, as_of=board.as_of.isoformat(),
                         view=view, status=status or None, sentence=board.sentence,
                         counts=board.as_dict()["counts"],
                         statuses=[Option(value=k, label=v, selected=k == status) for k, v in STATUS_CHOICES])

    def keep(r: api_tasks.TaskRow) -> bool:
        return not status or (r.assessment.status.value if r.assessment.status else "none") == status

    listed = board.of_kind("task", "box")
    if view == "action":
        for a in board.of_kind("action"):
            rows = board.children(a.task.id)
            page.groups.append(TaskGroup(
                title=f"{a.task.number}{a.task.title}",
                sentence=count_sentence("任务", [r.assessment.status for r in rows]),
                items=[_item(r, titles) for r in rows if keep(r)]))
        boxes: dict[str, list[api_tasks.TaskRow]] = {}
        for r in board.of_kind("box"):
            boxes.setdefault(r.task.box or "专栏", []).append(r)
        for title, rows in boxes.items():
            page.groups.append(TaskGroup(
                title=title, sentence=count_sentence("任务", [r.assessment.status for r in rows]),
                items=[_item(r, titles) for r in rows if keep(r)]))
    else:
        by_unit: dict[str, list[api_tasks.TaskRow]] = {}
        for r in listed:
            by_unit.setdefault(r.lead or "（尚未分解到单位）", []).append(r)
        for unit in sorted(by_unit, key=lambda u: (u.startswith("（"), u)):
            rows = by_unit[unit]
            page.groups.append(TaskGroup(
                title=unit, sentence=count_sentence("任务", [r.assessment.status for r in rows]),
                items=[_item(r, titles) for r in rows if keep(r)]))
    page.groups = [g for g in page.groups if g.items or not status]
    page.shown = sum(len(g.items) for g in page.groups)
    if not board.rows:
        page.note = ("该规划尚未读取任务。导入规划文本（“导入规划”）时会一并读取任务章节，"
                     "或用命令 planwatch tasks import --plan 规划编号 文件。")
    return page


def _unit_ids(ctx: Ctx, task_id: str) -> list[str]:
    return [u.department for u in ctx.store.task_units() if u.task == task_id]


def _can_report(ctx: Ctx, unit_ids: list[str]) -> bool:
    if ctx.user is None:
        return False
    if ctx.user.role == ADMIN:
        return True
    return ctx.user.role == REPORTER and (ctx.user.scope_department or "") in unit_ids


def task_page(
    task_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, max_length=10, description="评估时点 YYYY-MM-DD"),
    done: str | None = Query(None, max_length=20, description="刚完成的操作"),
) -> TaskPage:
    """一项任务：原文与来源、牵头和配合单位、各期进展（含佐证）与审核、评价理由。"""
    row = api_tasks.task_detail(ctx.store, task_id, _as_of(as_of))
    t, a = row.task, row.assessment
    plan = next(p for p in ctx.store.plans() if p.id == t.plan)
    titles = {d.id: d.title for d in ctx.store.documents()}
    units = ctx.store.departments()
    names = {u.id: u.name for u in units}
    unit_ids = _unit_ids(ctx, t.id)
    stat_names = {x.id: x.name for x in ctx.store.statistics()}
    board = api_tasks.task_board(ctx.store, t.plan, _as_of(as_of))
    page = TaskPage(
        id=t.id, plan_id=t.plan, plan_title=plan.title, kind_label=t.kind_label, number=t.number,
        title=t.title, text=t.text, section=t.section, source=source_info(t.source, titles),
        time_nodes=list(t.time_nodes), numbers=[n[0] for n in t.numbers],
        statistics=[stat_names.get(x, x) for x in t.statistics],
        lead=row.lead, co=row.co, status=a.status.value if a.status else None, label=a.label,
        reason=a.reason, overdue_nodes=list(a.overdue_nodes),
        reports=[ReportItem(
            id=e.id, period=e.period, unit=names.get(e.department or "", e.department), text=e.text,
            investment=e.investment, milestones=list(e.milestones), evidence_url=e.evidence_url,
            evidence_document=e.evidence_document, evidence_facts=list(e.evidence_facts),
            self_status=e.self_status.label, state=e.state, status=e.status.label if e.status else None,
            submitted_by=e.submitted_by, submitted_at=e.submitted_at, reviewed_by=e.reviewed_by,
            review_comment=e.review_comment) for e in reversed(row.entries)],
        children=[_item(r, titles) for r in board.children(t.id)],
        parent_href=_href(t.parent) if t.parent else None,
        units=[Option(value=u.id, label=u.name, selected=u.id in unit_ids) for u in units],
        can_assign=ctx.can(Action.ASSIGN),
        can_report=_can_report(ctx, unit_ids),
        can_review=ctx.can(Action.REVIEW),
        message={"assign": "已保存牵头和配合单位。", "report": "已报送，等待审核。",
                 "review": "已审核。"}.get(done or ""),
    )
    return page


def assign_submit(
    ctx: CtxDep,
    task: str = Form(..., max_length=150),
    lead: str = Form(..., max_length=200),
    co: list[str] | None = _CO_UNITS,
) -> Response:
    """分解任务：设定牵头单位和配合单位（管理员）。"""
    api_tasks.assign_task(ctx.store, task, lead, [c for c in (co or []) if c], actor=ctx.actor)
    return RedirectResponse(_href(task) + "?done=assign", status_code=303)


def report_submit(
    ctx: CtxDep,
    target: str = Form(..., max_length=160),
    period: str = Form(..., max_length=30),
    text: str = Form(..., max_length=4000),
    status: str = Form(..., max_length=20),
    investment: str = Form("", max_length=50),
    milestones: str = Form("", max_length=500),
    evidence_url: str = Form("", max_length=1000),
    evidence_document: str = Form("", max_length=300),
) -> Response:
    """报送任务或项目进展（本单位承担的；管理员可代报）。"""
    scope = None
    if ctx.user is not None and ctx.user.role != ADMIN:
        scope = ctx.user.scope_department or ""
    api_tasks.report_progress(
        ctx.store, target, period=period, text=text, status=status, actor=ctx.actor,
        investment=investment or None, milestones=[x for x in milestones.replace("，", "、").split("、") if x.strip()],
        evidence_url=evidence_url or None, evidence_document=evidence_document or None,
        scope_department=scope)
    if target.startswith("project:"):
        proj = ctx.store.project(target.removeprefix("project:"))
        return RedirectResponse(f"/plans/{proj.plan}/projects", status_code=303)
    return RedirectResponse(_href(target) + "?done=report", status_code=303)


def review_submit(
    progress_id: int,
    ctx: CtxDep,
    status: str = Form(..., max_length=20),
    comment: str = Form("", max_length=4000),
) -> Response:
    """审核进展报告：确认或改变自评状态（改变时须填写意见）。"""
    e = api_tasks.review_progress(ctx.store, progress_id, status, comment=comment or None, actor=ctx.actor)
    if e.target_kind == "project":
        proj = ctx.store.project(e.target)
        return RedirectResponse(f"/plans/{proj.plan}/projects", status_code=303)
    return RedirectResponse(_href(e.target) + "?done=review", status_code=303)


def projects_page(
    plan_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, max_length=10, description="评估时点 YYYY-MM-DD"),
) -> ProjectsPage:
    """重大工程项目：序时计划投资、经审核的累计完成投资、完成率、里程碑和评价（含依据）。"""
    plan = next((p for p in ctx.store.plans() if p.id == plan_id), None)
    if plan is None:
        raise NotFound(f"规划“{plan_id}”不存在。")
    t = api_tasks.project_table(ctx.store, plan_id, _as_of(as_of))
    items = []
    for a in t.items:
        p = a.project
        items.append(ProjectItem(
            id=p.id, name=p.name, owner=t.unit_names.get(p.owner or "", p.owner),
            region=t.region_names.get(p.region or "", p.region), total_investment=p.total_investment,
            years=f"{p.start_year or '?'}—{p.finish_year or '?'}", planned_to_date=a.planned_to_date,
            completed=a.completed, ratio=a.ratio,
            milestones="、".join(f"{x.name}（{x.year}）" for x in p.milestones), missed=list(a.milestones_missed),
            status=a.status.value if a.status else None, label=a.label, reasons=list(a.reasons),
            source=api_tasks.source_text(p.source)))
    return ProjectsPage(plan_id=plan_id, plan_title=plan.title, as_of=t.as_of.isoformat(),
                        sentence=t.sentence, items=items)


def reporter_tasks(ctx: Ctx, _page: Any) -> dict[str, Any]:
    """Beside the indicator reporting page: the tasks and projects of the reporter's unit."""
    if ctx.user is None:
        return {"unit_tasks": []}
    unit = ctx.user.scope_department
    if ctx.user.role != ADMIN and not unit:
        return {"unit_tasks": []}
    out = []
    task_ids = {u.task for u in ctx.store.task_units() if ctx.user.role == ADMIN or u.department == unit}
    for plan in ctx.store.plans():
        for tk in ctx.store.tasks(plan.id):
            if tk.id in task_ids:
                out.append({"title": f"{tk.number}{tk.title}", "plan": plan.title, "href": _href(tk.id)})
    return {"unit_tasks": out[:200]}


__all__ = ["assign_submit", "board_page", "projects_page", "report_submit", "reporter_tasks",
           "review_submit", "task_page"]
