"""Key tasks and major projects in the browser (issue 16): the task board of a plan (by action or
by unit, filtered by status), each task's page (text as printed, source, units, progress
history with evidence, review), the project table, and the forms behind them: an admin assigns
units, a unit reports progress, a reviewer confirms or changes the status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import File, Form, Query, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from planwatch import api
from planwatch import model as m
from planwatch.errors import ConfigError, LoadError, NotFound
from planwatch.evaluation.tasks import TOLERANCE, count_sentence
from planwatch.web.context import Option, SourceInfo, documented
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.permissions import ADMIN, REPORTER, Action
from planwatch.web.present import safe_url, source_info

_CO_UNITS = Form(None)  # repeated field: several co-units
_FACTS = Form(None)  # repeated field: observations ticked as evidence
_MILESTONES = Form(None)  # repeated field: milestones ticked as reached
_EVIDENCE_FILE = File(None)
STATUS_CHOICES = [("done", "已完成"), ("on_track", "序时推进"), ("lagging", "滞后"), ("not_started", "未启动"),
                  ("none", "未评价")]


@dataclass
class EvidenceItem:
    """A piece of evidence attached to a progress report (a file, link or reviewed value)."""

    id: int = documented("佐证文件编号")
    name: str = documented("文件名")
    size: int = documented("字节数")
    href: str = documented("下载地址")


@dataclass
class FactItem:
    """A number read from a report or news item, with the sentence it came from."""

    id: int = documented("观测值编号")
    label: str = documented("数据及其来源（时期、数值、单位、来源）")
    href: str | None = documented("来源网址（仅 http/https）", None)


@dataclass
class ReportItem:
    """One progress report on a task or project with its review."""

    id: int = documented("进展报告编号")
    period: str = documented("报送期")
    unit: str | None = documented("报送单位")
    text: str = documented("进展情况")
    investment: float | None = documented("本期完成投资（亿元）")
    milestones: list[str] = documented("本期达成的里程碑", default_factory=list)
    evidence_url: str | None = documented("佐证链接")
    evidence_document: str | None = documented("佐证文件")
    evidence_facts: list[int] = documented("作为佐证的数据（观测值编号）", default_factory=list)
    self_status: str = documented("单位自评状态")
    state: str = documented("pending 待审核 | confirmed 已审核")
    status: str | None = documented("审核后的状态")
    submitted_by: str = documented("报送人")
    submitted_at: str = documented("报送时间")
    reviewed_by: str | None = documented("审核人")
    review_comment: str | None = documented("审核意见")
    files: list[EvidenceItem] = documented("上传的佐证文件", default_factory=list)
    facts: list[FactItem] = documented("作为佐证的数据（值、时期、来源）", default_factory=list)


@dataclass
class TaskItem:
    """One reporting task of a reporter: indicator, region, year, due date and state."""

    id: str = documented("任务编号")
    key: str = documented("章节编号，如 4-1-2")
    kind: str = documented("action 行动 | task 任务 | subtask 子任务 | box 专栏任务")
    kind_label: str = documented("类别")
    number: str = documented("原文编号")
    title: str = documented("标题")
    href: str = documented("任务页面")
    lead: str | None = documented("牵头单位")
    co: list[str] = documented("配合单位", default_factory=list)
    status: str | None = documented("状态代码（无经审核报送时为空）")
    label: str = documented("状态", "未评价")
    reason: str = documented("评价理由", "")
    time_nodes: list[str] = documented("时间节点", default_factory=list)
    source: str = documented("来源位置", "")
    latest: str | None = documented("最近一期进展", None)


@dataclass
class TaskGroup:
    """The tasks of one action (or of one lead unit) on the task board."""

    title: str = documented("分组：行动或牵头单位")
    sentence: str = documented("本组计数", "")
    items: list[TaskItem] = documented("任务", default_factory=list)


@dataclass
class TaskBoardPage:
    """重点任务看板 ``/plans/{plan_id}/tasks`` (template ``tasks.html``)."""

    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    as_of: str = documented("评估时点")
    view: str = documented("action 按行动 | unit 按单位", "action")
    status: str | None = documented("状态筛选")
    statuses: list[Option] = documented("状态选项", default_factory=list)
    sentence: str = documented("汇总句（报告体例）", "")
    counts: dict[str, int] = documented("行动、任务、子任务、专栏任务条数", default_factory=dict)
    groups: list[TaskGroup] = documented("分组", default_factory=list)
    shown: int = documented("显示的任务数", 0)
    note: str | None = documented("说明")


@dataclass
class TaskPage:
    """一项任务 ``/tasks/{task_id:path}`` (template ``task.html``)."""

    id: str = documented("任务编号")
    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    kind_label: str = documented("类别")
    number: str = documented("原文编号")
    title: str = documented("标题")
    text: str = documented("原文（规划要求）")
    section: str = documented("所在章节或专栏")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)
    time_nodes: list[str] = documented("时间节点", default_factory=list)
    numbers: list[str] = documented("原文中的数字", default_factory=list)
    statistics: list[str] = documented("关联的统计指标（名称）", default_factory=list)
    lead: str | None = documented("牵头单位")
    co: list[str] = documented("配合单位", default_factory=list)
    status: str | None = documented("状态代码")
    label: str = documented("状态", "未评价")
    reason: str = documented("评价理由", "")
    overdue_nodes: list[str] = documented("已到期未完成的时间节点", default_factory=list)
    reports: list[ReportItem] = documented("进展报告（新在前）", default_factory=list)
    children: list[TaskItem] = documented("下级任务", default_factory=list)
    parent_href: str | None = documented("上级任务页面")
    units: list[Option] = documented("单位名录（分解用）", default_factory=list)
    can_assign: bool = documented("可分解单位（管理员）", False)
    can_report: bool = documented("可报送进展（本单位任务的报送人，或管理员）", False)
    can_review: bool = documented("可审核", False)
    message: str | None = documented("操作结果")
    fact_options: list[FactItem] = documented("可作为佐证的已入库数据（任务关联统计指标的观测值，含来源）", default_factory=list)


@dataclass
class ProjectItem:
    """One project in the project table with its investment progress and judgement."""

    id: str = documented("项目编号")
    name: str = documented("项目名称")
    owner: str | None = documented("责任单位")
    region: str | None = documented("所在地区")
    total_investment: float | None = documented("总投资（亿元）")
    years: str = documented("建设年限")
    planned_to_date: float | None = documented("序时计划投资（亿元）")
    completed: float | None = documented("累计完成投资（亿元，经审核）")
    ratio: float | None = documented("完成率（累计完成 / 序时计划）")
    milestones: str = documented("里程碑（计划年份）", "")
    missed: list[str] = documented("到期未达成的里程碑", default_factory=list)
    status: str | None = documented("状态代码")
    label: str = documented("评价", "未评价")
    reasons: list[str] = documented("依据", default_factory=list)
    source: str = documented("来源", "")
    content: str | None = documented("建设内容（原文）", None)
    category: str | None = documented("所属分类（原表）", None)
    href: str = documented("项目页面", "")


@dataclass
class ProjectsPage:
    """重大工程项目 ``/plans/{plan_id}/projects`` (template ``projects.html``)."""

    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    as_of: str = documented("评估时点")
    tolerance: float = documented("序时推进的投资完成率下限", TOLERANCE)
    sentence: str = documented("汇总句", "")
    items: list[ProjectItem] = documented("项目", default_factory=list)
    can_upload: bool = documented("可上传项目清单（管理员）", False)
    errors: list[str] = documented("上传的项目清单中的问题（有问题时未导入任何项目）", default_factory=list)
    message: str | None = documented("操作结果", None)


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
    if ref.document and (ref.line is not None or ref.cell or ref.page is not None):
        where = " ".join(x for x in (ref.table, f"第{ref.page}页" if ref.page is not None else None,
                                     f"第{ref.line}行" if ref.line is not None else None, ref.cell) if x)
        return f"{titles.get(ref.document, ref.document)} {where}"
    return ref.label


def _project_href(project_id: str) -> str:
    return "/projects/" + quote(project_id, safe="/")


def _item(r: api.tasks.TaskRow, titles: dict[str, str]) -> TaskItem:
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
    board = api.tasks.task_board(ctx.db, plan_id, _as_of(as_of))
    titles = api.lookups(ctx.db).documents
    page = TaskBoardPage(plan_id=plan_id, plan_title=board.plan.title, as_of=board.as_of.isoformat(),
                         view=view, status=status or None, sentence=board.sentence,
                         counts=board.as_dict()["counts"],
                         statuses=[Option(value=k, label=v, selected=k == status) for k, v in STATUS_CHOICES])

    def keep(r: api.tasks.TaskRow) -> bool:
        return not status or (r.assessment.status.value if r.assessment.status else "none") == status

    listed = board.of_kind("task", "box")
    if view == "action":
        for a in board.of_kind("action"):
            rows = board.children(a.task.id)
            page.groups.append(TaskGroup(
                title=f"{a.task.number}{a.task.title}",
                sentence=count_sentence("任务", [r.assessment.status for r in rows]),
                items=[_item(r, titles) for r in rows if keep(r)]))
        boxes: dict[str, list[api.tasks.TaskRow]] = {}
        for r in board.of_kind("box"):
            boxes.setdefault(r.task.box or "专栏", []).append(r)
        for title, rows in boxes.items():
            page.groups.append(TaskGroup(
                title=title, sentence=count_sentence("任务", [r.assessment.status for r in rows]),
                items=[_item(r, titles) for r in rows if keep(r)]))
    else:
        by_unit: dict[str, list[api.tasks.TaskRow]] = {}
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
    row = api.tasks.task_detail(ctx.db, task_id, _as_of(as_of))
    t, a = row.task, row.assessment
    plan = next(p for p in ctx.store.plans() if p.id == t.plan)
    titles = api.lookups(ctx.db).documents
    units = ctx.store.departments()
    names = {u.id: u.name for u in units}
    unit_ids = _unit_ids(ctx, t.id)
    stat_names = {x.id: x.name for x in ctx.store.statistics()}
    board = api.tasks.task_board(ctx.db, t.plan, _as_of(as_of))
    page = TaskPage(
        id=t.id, plan_id=t.plan, plan_title=plan.title, kind_label=t.kind_label, number=t.number,
        title=t.title, text=t.text, section=t.section, source=source_info(t.source, titles),
        time_nodes=list(t.time_nodes), numbers=[n[0] for n in t.numbers],
        statistics=[stat_names.get(x, x) for x in t.statistics],
        lead=row.lead, co=row.co, status=a.status.value if a.status else None, label=a.label,
        reason=a.reason, overdue_nodes=list(a.overdue_nodes),
        reports=_report_items(ctx, row.entries, names),
        children=[_item(r, titles) for r in board.children(t.id)],
        parent_href=_href(t.parent) if t.parent else None,
        units=[Option(value=u.id, label=u.name, selected=u.id in unit_ids) for u in units],
        can_assign=ctx.can(Action.ASSIGN),
        can_report=_can_report(ctx, unit_ids),
        can_review=ctx.can(Action.REVIEW),
        message={"assign": "已保存牵头和配合单位。", "report": "已报送，等待审核。",
                 "review": "已审核。"}.get(done or ""),
        fact_options=_fact_options(ctx, t) if _can_report(ctx, unit_ids) else [],
    )
    return page


def _fact_label(o: m.Observation, stat_names: dict[str, str], region_names: dict[str, str]) -> str:
    src = o.source.title or o.source.label
    return (f"{region_names.get(o.region, o.region)} {o.period.code} {stat_names.get(o.statistic, o.statistic)} "
            f"{o.value:g}{o.unit}（来源：{src}）")


def _report_items(ctx: Ctx, entries: list[Any], names: dict[str, str]) -> list[ReportItem]:
    """Progress reports, newest first, with their uploaded files and the data attached as evidence."""
    files: dict[int, list[EvidenceItem]] = {}
    for ef in ctx.store.evidence_files(e.id for e in entries):
        files.setdefault(ef.progress, []).append(
            EvidenceItem(id=ef.id, name=ef.name, size=ef.size, href=f"/evidence/{ef.id}"))
    fact_ids = {x for e in entries for x in e.evidence_facts}
    facts: dict[int, FactItem] = {}
    if fact_ids:
        stat_names = {x.id: x.name for x in ctx.store.statistics()}
        region_names = api.lookups(ctx.db).regions
        for o in ctx.store.observations_by_id(sorted(fact_ids)):
            if o.id is not None:
                facts[o.id] = FactItem(id=o.id, label=_fact_label(o, stat_names, region_names),
                                       href=safe_url(o.source.url))
    return [ReportItem(
        id=e.id, period=e.period, unit=names.get(e.department or "", e.department), text=e.text,
        investment=e.investment, milestones=list(e.milestones), evidence_url=e.evidence_url,
        evidence_document=e.evidence_document, evidence_facts=list(e.evidence_facts),
        self_status=e.self_status.label, state=e.state, status=e.status.label if e.status else None,
        submitted_by=e.submitted_by, submitted_at=e.submitted_at, reviewed_by=e.reviewed_by,
        review_comment=e.review_comment, files=files.get(e.id, []),
        facts=[facts.get(x) or FactItem(id=x, label=f"观测值#{x}") for x in e.evidence_facts],
    ) for e in reversed(entries)]


def _fact_options(ctx: Ctx, t: m.PlanTask) -> list[FactItem]:
    """Data a unit can attach as evidence: the stored values (read from reports and news, reviewed)
    of the statistics the task's numbers measure, newest first."""
    if not t.statistics:
        return []
    stat_names = {x.id: x.name for x in ctx.store.statistics()}
    region_names = api.lookups(ctx.db).regions
    out = []
    for stat in t.statistics:
        for o in sorted(ctx.store.observations(stat), key=lambda o: o.period.code, reverse=True)[:20]:
            if o.id is not None:
                out.append(FactItem(id=o.id, label=_fact_label(o, stat_names, region_names),
                                    href=safe_url(o.source.url)))
    return out[:60]


def assign_submit(
    ctx: CtxDep,
    task: str = Form(..., max_length=150),
    lead: str = Form(..., max_length=200),
    co: list[str] | None = _CO_UNITS,
) -> Response:
    """分解任务：设定牵头单位和配合单位（管理员）。"""
    api.tasks.assign_task(ctx.db, task, lead, [c for c in (co or []) if c], actor=ctx.actor)
    return RedirectResponse(_href(task) + "?done=assign", status_code=303)


async def report_submit(
    ctx: CtxDep,
    target: str = Form(..., max_length=160),
    period: str = Form(..., max_length=30),
    text: str = Form(..., max_length=4000),
    status: str = Form(..., max_length=20),
    investment: str = Form("", max_length=50),
    milestones: str = Form("", max_length=500),
    milestone: list[str] | None = _MILESTONES,
    evidence_url: str = Form("", max_length=1000),
    evidence_document: str = Form("", max_length=300),
    fact: list[str] | None = _FACTS,
    facts: str = Form("", max_length=500),
    evidence_file: UploadFile | None = _EVIDENCE_FILE,
) -> Response:
    """报送任务或项目进展（本单位承担的；管理员可代报）：进展情况、完成投资、达成的里程碑、
    佐证（上传文件、链接或已入库的数据）和自评状态。"""
    upload = None
    if evidence_file is not None and (evidence_file.filename or "").strip():
        data = await evidence_file.read(api.tasks.EVIDENCE_MAX_BYTES + 1)
        upload = (evidence_file.filename or "", data)
    return await run_in_threadpool(
        _report, ctx, target, period, text, status, investment,
        [*(milestone or []), *milestones.replace("，", "、").split("、")], evidence_url, evidence_document,
        [*(fact or []), *facts.replace("，", ",").replace("、", ",").split(",")], upload)


def _report(ctx: Ctx, target: str, period: str, text: str, status: str, investment: str,
            milestones: list[str], evidence_url: str, evidence_document: str, facts: list[str],
            upload: tuple[str, bytes] | None) -> Response:
    scope = None
    if ctx.user is not None and ctx.user.role != ADMIN:
        scope = ctx.user.scope_department or ""
    ids = []
    for x in (x.strip() for x in facts):
        if not x:
            continue
        if not x.isdigit():
            raise LoadError(f"字段“佐证数据”：“{x}”不是观测值编号（应为数字，多个用逗号分隔）。")
        ids.append(int(x))
    api.tasks.report_progress(
        ctx.db, target, period=period, text=text, status=status, actor=ctx.actor,
        investment=investment or None, milestones=[x for x in dict.fromkeys(milestones) if x.strip()],
        evidence_url=evidence_url or None, evidence_document=evidence_document or None,
        evidence_facts=ids, scope_department=scope, evidence_upload=upload)
    if target.startswith("project:"):
        return RedirectResponse(_project_href(target.removeprefix("project:")) + "?done=report", status_code=303)
    return RedirectResponse(_href(target) + "?done=report", status_code=303)


def review_submit(
    progress_id: int,
    ctx: CtxDep,
    status: str = Form(..., max_length=20),
    comment: str = Form("", max_length=4000),
) -> Response:
    """审核进展报告：确认或改变自评状态（改变时须填写意见）。"""
    e = api.tasks.review_progress(ctx.db, progress_id, status, comment=comment or None, actor=ctx.actor)
    if e.target_kind == "project":
        return RedirectResponse(_project_href(e.target) + "?done=review", status_code=303)
    return RedirectResponse(_href(e.target) + "?done=review", status_code=303)


def projects_page(
    plan_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, max_length=10, description="评估时点 YYYY-MM-DD"),
    done: str | None = Query(None, max_length=200, description="刚导入的项目清单（结果）"),
) -> ProjectsPage:
    """重大工程项目：序时计划投资、经审核的累计完成投资、完成率、里程碑和评价（含依据）。"""
    plan = next((p for p in ctx.store.plans() if p.id == plan_id), None)
    if plan is None:
        raise NotFound(f"规划“{plan_id}”不存在。")
    t = api.tasks.project_table(ctx.db, plan_id, _as_of(as_of))
    titles = api.lookups(ctx.db).documents
    items = []
    for a in t.items:
        p = a.project
        items.append(ProjectItem(
            id=p.id, name=p.name, owner=t.unit_names.get(p.owner or "", p.owner) or p.owner_text,
            region=t.region_names.get(p.region or "", p.region) or p.location, total_investment=p.total_investment,
            years=f"{p.start_year or '?'}—{p.finish_year or '?'}", planned_to_date=a.planned_to_date,
            completed=a.completed, ratio=a.ratio,
            milestones="、".join(f"{x.name}（{x.year}）" for x in p.milestones), missed=list(a.milestones_missed),
            status=a.status.value if a.status else None, label=a.label, reasons=list(a.reasons),
            source=_where(p.source, titles) if p.source.document else api.tasks.source_text(p.source),
            content=p.content, category=p.category, href=_project_href(p.id)))
    return ProjectsPage(plan_id=plan_id, plan_title=plan.title, as_of=t.as_of.isoformat(),
                        sentence=t.sentence, items=items, can_upload=ctx.can(Action.ASSIGN),
                        message=f"已导入项目清单：{done}。" if done else None)


def projects_template(plan_id: str, ctx: CtxDep) -> Response:
    """下载项目清单 Excel 模板（年份列按规划期）。"""
    import tempfile
    from pathlib import Path

    plan = next((p for p in ctx.store.plans() if p.id == plan_id), None)
    if plan is None:
        raise NotFound(f"规划“{plan_id}”不存在。")
    with tempfile.TemporaryDirectory(prefix="planwatch-tpl-") as tmp:
        path = api.tasks.write_project_template(Path(tmp) / "项目清单.xlsx",
                                                list(range(plan.period_start, plan.period_end + 1)))
        data = path.read_bytes()
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=\"projects.xlsx\"; filename*=UTF-8''"
                             + quote("项目清单模板.xlsx")})


async def projects_upload(plan_id: str, ctx: CtxDep, file: UploadFile) -> Response:
    """上传项目清单（Excel 模板）：先检查全部行，任何一处错误（单位不在名录、完工早于开工、投资不是数字…）
    都列出行号和字段，不导入任何项目。"""
    data = await file.read(20 * 1024 * 1024 + 1)
    return await run_in_threadpool(_projects_upload, plan_id, ctx, file.filename or "项目清单.xlsx", data)


def _projects_upload(plan_id: str, ctx: Ctx, filename: str, data: bytes) -> Response:
    import shutil
    import tempfile
    from pathlib import Path

    from planwatch.limits import display_name
    from planwatch.web.render import render

    shown = display_name(filename)
    if not shown.lower().endswith(".xlsx"):
        shown = shown[:95] + ".xlsx"
    folder = Path(tempfile.mkdtemp(prefix="planwatch-projects-"))
    try:
        path = folder / shown
        path.write_bytes(data)
        try:
            res = api.tasks.import_projects(ctx.db, path, plan_id=plan_id, actor=ctx.actor)
        except LoadError as exc:
            page = projects_page(plan_id, ctx, None, None)
            page.errors = [str(exc).split("\n")[0], *(str(i) for i in exc.issues)]
            return render(ctx, "projects.html", page, status_code=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    done = f"{res['projects']}个项目（新增{res['added']}个，更新{res['updated']}个，未变{res['unchanged']}个）"
    return RedirectResponse(f"/plans/{quote(plan_id)}/projects?done={quote(done)}", status_code=303)


@dataclass
class MilestoneItem:
    """One year's target (annual plan or province task) with its source."""

    name: str = documented("里程碑")
    year: int = documented("计划年份")
    reached: bool = documented("已有经审核的报送达成", False)
    due: bool = documented("评估时点已到期", False)


@dataclass
class ProjectPage:
    """一个重大工程项目 ``/projects/{project_id:path}`` (template ``project.html``)."""

    id: str = documented("项目编号")
    plan_id: str | None = documented("规划编号")
    plan_title: str | None = documented("规划名称")
    name: str = documented("项目名称")
    owner: str | None = documented("责任单位（单位名录中的名称，或原表所列单位/企业）")
    owner_in_directory: bool = documented("责任单位在单位名录中（可由其报送人报送）", False)
    location: str | None = documented("建设地点或所在地区")
    content: str | None = documented("建设内容（原文）")
    category: str | None = documented("所属分类（原表）")
    total_investment: float | None = documented("总投资（亿元）")
    years: str = documented("建设年限")
    annual_plan: list[str] = documented("各年计划投资（亿元）", default_factory=list)
    milestones: list[MilestoneItem] = documented("里程碑", default_factory=list)
    as_of: str = documented("评估时点")
    planned_to_date: float | None = documented("序时计划投资（亿元）", None)
    completed: float | None = documented("累计完成投资（亿元，经审核）", None)
    ratio: float | None = documented("完成率", None)
    tolerance: float = documented("序时推进的投资完成率下限", TOLERANCE)
    status: str | None = documented("状态代码", None)
    label: str = documented("评价", "未评价")
    reasons: list[str] = documented("依据", default_factory=list)
    source: str = documented("来源", "")
    note: str | None = documented("备注", None)
    reports: list[ReportItem] = documented("进展报告（新在前）", default_factory=list)
    can_report: bool = documented("可报送进展", False)
    can_review: bool = documented("可审核", False)
    message: str | None = documented("操作结果", None)


def project_page(
    project_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, max_length=10, description="评估时点 YYYY-MM-DD"),
    done: str | None = Query(None, max_length=20, description="刚完成的操作"),
) -> ProjectPage:
    """一个重大工程项目：建设内容、投资计划、里程碑、各期进展（含佐证）与审核、评价及依据。"""
    p = ctx.store.project(project_id)
    when = _as_of(as_of)
    entries = [e for e in ctx.store.progress_entries(targets=[p.id]) if e.target_kind == "project"]
    a = api.tasks.assess_project(p, entries, when.isoformat())
    names = {u.id: u.name for u in ctx.store.departments()}
    titles = api.lookups(ctx.db).documents
    plan = next((x for x in ctx.store.plans() if x.id == p.plan), None)
    region_names = api.lookups(ctx.db).regions
    can_report = _can_report(ctx, [p.owner] if p.owner else [])
    return ProjectPage(
        id=p.id, plan_id=p.plan, plan_title=plan.title if plan else None, name=p.name,
        owner=names.get(p.owner or "", p.owner) or p.owner_text, owner_in_directory=p.owner is not None,
        location=region_names.get(p.region or "", p.region) or p.location, content=p.content,
        category=p.category, total_investment=p.total_investment,
        years=f"{p.start_year or '?'}—{p.finish_year or '?'}",
        annual_plan=[f"{y}年 {v:g}" for y, v in p.annual_plan],
        milestones=[MilestoneItem(name=x.name, year=x.year, reached=x.name in a.milestones_reached,
                                  due=x.name in a.milestones_due) for x in p.milestones],
        as_of=when.isoformat(), planned_to_date=a.planned_to_date, completed=a.completed, ratio=a.ratio,
        status=a.status.value if a.status else None, label=a.label, reasons=list(a.reasons),
        source=_where(p.source, titles) if p.source.document else api.tasks.source_text(p.source),
        note=p.note, reports=_report_items(ctx, entries, names), can_report=can_report,
        can_review=ctx.can(Action.REVIEW),
        message={"report": "已报送，等待审核。", "review": "已审核。"}.get(done or ""))


def evidence_download(file_id: int, ctx: CtxDep) -> Response:
    """下载进展报告的佐证文件（登录用户；公开浏览不提供）。"""
    ef = ctx.store.evidence_file(file_id)
    quoted = quote(ef.name)
    return Response(ef.data or b"", media_type=ef.content_type, headers={
        "Content-Disposition": f"attachment; filename=\"evidence-{ef.id}{_suffix(ef.name)}\"; filename*=UTF-8''{quoted}",
        "X-Content-Type-Options": "nosniff"})


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if 0 <= dot and name[dot:].isascii() and len(name) - dot <= 6 else ""


def reporter_tasks(ctx: Ctx, _page: Any) -> dict[str, Any]:
    """Beside the indicator reporting page: the tasks and projects of the reporter's unit, with
    their latest report and its state (an administrator sees all that have a unit)."""
    if ctx.user is None:
        return {"unit_tasks": []}
    unit = ctx.user.scope_department
    is_admin = ctx.user.role == ADMIN
    if not is_admin and not unit:
        return {"unit_tasks": []}
    out: list[dict[str, Any]] = []
    roles = {(u.task, u.department): u.role for u in ctx.store.task_units()}
    task_ids = {t for t, d in roles if is_admin or d == unit}
    latest: dict[str, Any] = {}
    for e in ctx.store.progress_entries():
        latest[e.target] = e
    for plan in ctx.store.plans():
        for tk in ctx.store.tasks(plan.id):
            if tk.id in task_ids:
                out.append(_unit_row("任务", f"{tk.number}{tk.title}", plan.title, _href(tk.id),
                                     latest.get(tk.id),
                                     "牵头" if roles.get((tk.id, unit or "")) == "lead" else ("配合" if unit else "")))
    for pr in ctx.store.projects():
        if pr.owner and (is_admin or pr.owner == unit):
            out.append(_unit_row("项目", pr.name, next((x.title for x in ctx.store.plans() if x.id == pr.plan), ""),
                                 _project_href(pr.id), latest.get(pr.id), "责任单位"))
    return {"unit_tasks": out[:300]}


def _unit_row(kind: str, title: str, plan: str, href: str, e: Any, role: str) -> dict[str, Any]:
    if e is None:
        state = "尚未报送"
    elif e.state == "pending":
        state = f"{e.period} 已报送，待审核（自评{e.self_status.label}）"
    else:
        state = f"{e.period} 已审核：{e.status.label if e.status else e.self_status.label}"
    return {"kind": kind, "title": title, "plan": plan, "href": href, "state": state, "role": role,
            "reported": e is not None}


__all__ = ["assign_submit", "board_page", "evidence_download", "project_page", "projects_page", "projects_template",
           "projects_upload", "report_submit",
           "reporter_tasks", "review_submit", "task_page"]
