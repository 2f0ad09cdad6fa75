"""数据报送: a reporter's tasks, the entry form (with source and the explanation the rules
require), Excel template download and upload; and 报送状态 for the planning office."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Form, Query, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from planwatch import api
from planwatch.errors import ConfigError, PermissionDenied
from planwatch.limits import display_name
from planwatch.web.context import Option, TaskItem, documented
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.permissions import ADMIN
from planwatch.web.render import render


@dataclass
class SubmissionPage:
    """数据报送 ``/report`` (template ``submission.html``)."""

    scope: str | None = documented("填报范围编号（区县或部门）")
    scope_name: str | None = documented("填报范围名称")
    scopes: list[Option] = documented("管理员可切换的填报范围", default_factory=list)
    years: list[int] = documented("可报送的年份", default_factory=list)
    year: int | None = documented("当前显示的年份（空为全部）")
    counts: dict[str, int] = documented("各状态任务数", default_factory=dict)
    tasks: list[TaskItem] = documented("填报任务", default_factory=list)
    message: str | None = documented("操作结果")
    note: str | None = documented("说明（如无任务的原因）")
    upload_errors: list[str] = documented("上传填报表发现的问题（未提交任何数据）", default_factory=list)


@dataclass
class EntryPage:
    """数据填报 ``/report/entry`` (template ``submission_entry.html``): the form of one reporting task."""

    task: TaskItem = documented("填报任务", default_factory=TaskItem)
    value: str = documented("已填写的数值", "")
    source_title: str = documented("已填写的来源名称", "")
    source_url: str = documented("已填写的来源网址", "")
    explanation: str = documented("已填写的说明", "")
    errors: list[str] = documented("错误（未提交）", default_factory=list)
    needs_explanation: bool = documented("是否必须填写说明", False)
    behind: bool = documented("按此数值是否滞后于进度", False)
    outlier: str | None = documented("异常值说明")
    status_label: str | None = documented("按此数值的评价")


@dataclass
class SubmissionResult:
    """The JSON answer of /api/submissions: the queued record and the checks it raised."""

    candidate_id: int = documented("待审核记录编号")
    state: str = documented("状态", "pending")
    behind: bool = documented("按此数值是否滞后于进度", False)
    outlier: str | None = documented("异常值说明")
    status_label: str | None = documented("按此数值的评价")


@dataclass
class ReporterStatusItem:
    """One reporter (unit or county) on 报送状态: completion, pending and overdue."""

    scope: str = documented("填报范围编号")
    name: str = documented("名称")
    kind: str = documented("region 区县 | department 部门")
    total: int = documented("任务数", 0)
    reported: int = documented("已入库", 0)
    pending: int = documented("待审核", 0)
    overdue: int = documented("逾期未报", 0)
    complete: float | None = documented("完成率（0-1）")
    reminder: str | None = documented("催报提醒文字（有逾期时）")


@dataclass
class SubmissionStatusPage:
    """报送状态 ``/report/status`` (template ``submission_status.html``)."""

    as_of: str = documented("统计日期")
    year: int | None = documented("年份（空为全部）")
    years: list[int] = documented("可选年份", default_factory=list)
    reporters: list[ReporterStatusItem] = documented("各填报单位的报送状态", default_factory=list)


def _today() -> dt.date:
    return dt.date.today()


def scope_for(ctx: Ctx, requested: str | None) -> str | None:
    """The reporter's own scope; an admin may look at any reporter's."""
    user = ctx.user
    assert user is not None
    own = user.scope_region or user.scope_department
    if user.role == ADMIN:
        return requested or own
    if requested and requested != own:
        raise PermissionDenied("只能查看和填报本单位（本部门或本区县）的数据。")
    return own


def _item(t: api.submissions.Task) -> TaskItem:
    r = t.row
    return TaskItem(
        indicator=r.indicator_id, indicator_name=r.indicator_name, region=r.region_id,
        region_name=r.region_name, period=r.period, period_label=r.period_label, unit=r.unit,
        base_text=r.base_text, target_text=r.target_text, previous_text=r.previous_text,
        due=t.due.isoformat(), state=t.state, state_label=api.submissions.STATE_LABELS[t.state],
        value=t.observation.value if t.observation else None,
        href=f"/report/entry?indicator={r.indicator_id}&region={r.region_id}&period={r.period}",
        outcome=t.outcome, outcome_label=api.submissions.OUTCOME_LABELS.get(t.outcome or ""),
        submitted_value=t.latest.value if t.latest else None,
        final_value=t.latest.final_value if t.latest else None,
        review_comment=t.latest.review_comment if t.latest else None,
        reviewed_by=t.latest.reviewed_by if t.latest else None,
        history=[f"#{c.id} {c.submitted_at[:16].replace('T', ' ')} 报送 {_value_text(c.value, c.text)}"
                 f"{c.unit or ''}：{api.submissions.OUTCOME_LABELS.get(c.state.value, c.state.value)}"
                 + (f"（审核意见：{c.review_comment}）" if c.review_comment else "")
                 for c in t.history],
    )


def report_page(
    ctx: CtxDep,
    scope: str | None = Query(None, max_length=100, description="填报范围（仅管理员可切换）"),
    year: int | None = Query(None, ge=1900, le=2100, description="年份"),
    submitted: str | None = Query(None, max_length=2000, pattern=r"^\d+(,\d+)*$",
                                  description="刚提交的待审核记录编号（多个用逗号分隔）"),
    withdrawn: int | None = Query(None, ge=1, le=2**31 - 1, description="刚撤回的记录编号"),
) -> SubmissionPage:
    """数据报送：本单位应报的指标与年份、截止日期与逾期情况。"""
    own = scope_for(ctx, scope)
    today = _today()
    years = api.submissions.reporting_years(ctx.db, today, own)
    names = api.submissions.scope_names(ctx.db)
    page = SubmissionPage(scope=own, scope_name=names.get(own or "", own), years=years, year=year)
    if ctx.user and ctx.user.role == ADMIN:
        page.scopes = [Option(value=s, label=n, selected=s == own) for s, n in names.items()]
    if submitted:
        page.message = _submitted_message(ctx, submitted)
    if withdrawn:
        page.message = f"已撤回待审核记录 #{withdrawn}；该项恢复为待报送，可重新填报。"
    if own is None:
        page.note = "请选择要查看的填报单位。" if ctx.user and ctx.user.role == ADMIN else "本账号没有填报范围。"
        return page
    ts = api.submissions.tasks(ctx.db, own, today, years=[year] if year else None)
    page.tasks = [_item(t) for t in sorted(ts, key=lambda t: (t.year, t.row.indicator_id))]
    page.counts = {s: sum(t.state == s for t in ts) for s in api.submissions.STATE_LABELS}
    if not ts:
        page.note = ("本单位在规划指标表和分解表中没有需要填报的指标（不会虚构指标）。"
                     "如需按部门填报，请先在数据中登记各指标的责任部门。")
    return page


def _entry(ctx: Ctx, indicator: str, region: str, period: str) -> tuple[str, api.submissions.Task]:
    own = scope_for(ctx, None if ctx.user and ctx.user.role != ADMIN else region)
    if own is None:
        raise PermissionDenied("本账号没有填报范围。")
    try:
        task = api.submissions.find_task(ctx.db, own, indicator, region, period, _today())
    except PermissionDenied:
        if ctx.user and ctx.user.role == ADMIN:  # an admin may report for any department
            task = _admin_task(ctx, indicator, region, period)
        else:
            raise
    return own, task


def _admin_task(ctx: Ctx, indicator: str, region: str, period: str) -> api.submissions.Task:
    for scope in api.submissions.scope_names(ctx.db):
        try:
            return api.submissions.find_task(ctx.db, scope, indicator, region, period, _today())
        except PermissionDenied:
            continue
    raise PermissionDenied(f"没有“{indicator}”在“{region}”{period}年的填报任务。")


def entry_form(
    ctx: CtxDep,
    indicator: str = Query(..., max_length=150, description="指标编号"),
    region: str = Query(..., max_length=50, description="区域编号"),
    period: str = Query(..., max_length=30, description="年份"),
) -> Response:
    _, task = _entry(ctx, indicator, region, period)
    return render(ctx, "submission_entry.html", EntryPage(task=_item(task)))


def entry_submit(
    ctx: CtxDep,
    indicator: str = Form(..., max_length=150),
    region: str = Form(..., max_length=50),
    period: str = Form(..., max_length=30),
    value: str = Form("", max_length=100),
    source_title: str = Form("", max_length=300),
    source_url: str = Form("", max_length=1000),
    explanation: str = Form("", max_length=4000),
) -> Response:
    _, task = _entry(ctx, indicator, region, period)
    chk = api.submissions.check_value(ctx.db, task, value, today=_today())
    page = EntryPage(task=_item(task), value=value, source_title=source_title,
                     source_url=source_url, explanation=explanation, errors=list(chk.errors),
                     needs_explanation=chk.needs_explanation, behind=chk.behind,
                     outlier=chk.outlier, status_label=chk.status_label)
    try:
        sub = api.submissions.submit_value(ctx.db, task, chk, source_title=source_title,
                                     source_url=source_url, explanation=explanation,
                                     actor=ctx.actor)
    except ConfigError as exc:
        page.errors = [str(exc)]
        return render(ctx, "submission_entry.html", page, status_code=400)
    scope = "" if not ctx.user or ctx.user.role != ADMIN else f"&scope={region}"
    return RedirectResponse(f"/report?submitted={sub.candidate_id}{scope}", status_code=303)


class SubmissionBody(BaseModel):
    indicator: str = Field(max_length=150, description="指标编号")
    region: str = Field(max_length=50, description="区域编号")
    period: str = Field(max_length=30, description="年份，如 2023")
    value: str = Field(max_length=100, description="数值（文本，按填报表规则识别）")
    source_title: str = Field("", max_length=300, description="来源名称")
    source_url: str = Field("", max_length=1000, description="来源网址")
    explanation: str = Field("", max_length=4000, description="说明（滞后或异常时必填）")


def api_submit(ctx: CtxDep, body: SubmissionBody) -> SubmissionResult:
    """报送一个数值（JSON），进入审核队列。错误时返回 400 和中文说明，不写入任何数据。"""
    _, task = _entry(ctx, body.indicator, body.region, body.period)
    chk = api.submissions.check_value(ctx.db, task, body.value, today=_today())
    sub = api.submissions.submit_value(ctx.db, task, chk, source_title=body.source_title,
                                 source_url=body.source_url, explanation=body.explanation,
                                 actor=ctx.actor, origin="api")
    return SubmissionResult(candidate_id=sub.candidate_id, behind=chk.behind,
                            outlier=chk.outlier, status_label=chk.status_label)


def template_download(
    ctx: CtxDep,
    year: int = Query(..., ge=1900, le=2100, description="年份"),
    scope: str | None = Query(None, max_length=100, description="填报范围（仅管理员）"),
) -> Response:
    """下载本单位某年的 Excel 填报表。"""

    own = scope_for(ctx, scope)
    if own is None:
        raise PermissionDenied("本账号没有填报范围。")
    folder = Path(tempfile.mkdtemp(prefix="planwatch-tpl-"))
    path = folder / "template.xlsx"  # server-chosen: request data never becomes a path (M-4)
    try:
        api.excel.write_reporting_template(ctx.db, own, path, year=year)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def cleanup() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    return FileResponse(path, filename=f"填报表_{display_name(own)}_{year}.xlsx",
                        background=BackgroundTask(cleanup),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def template_upload(ctx: CtxDep, file: UploadFile) -> Response:
    """上传填好的 Excel 填报表：全部数值无误才提交，否则列出问题、不提交任何数据。"""
    import asyncio

    data = await file.read()
    return await asyncio.to_thread(_upload, ctx, file.filename or "upload.xlsx", data)


def _upload(ctx: Ctx, filename: str, data: bytes) -> Response:

    own = scope_for(ctx, None)
    shown = display_name(filename)  # for messages only: the client's name is never a path
    folder = Path(tempfile.mkdtemp(prefix="planwatch-up-"))
    try:
        path = folder / "upload.xlsx"
        path.write_bytes(data)
        wi = api.excel.read_verified(ctx.db, path, name=shown)
        if not wi.issues:
            wi, _rows = api.excel.check_rows(ctx.db, wi, _today())
        problems = [str(i) for i in wi.issues]
        if not problems:
            problems = _scope_problems(ctx, own, wi)
        if not problems and not wi.values:
            problems = ["填报表中没有填写任何数值，未提交。"]
        if problems:
            page = report_page(ctx, scope=own, year=None, submitted=None, withdrawn=None)
            page.upload_errors = problems
            return render(ctx, "submission.html", page, status_code=400)
        result = api.excel.import_workbook(ctx.db, path, actor=ctx.actor, name=shown, today=_today())
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    ids = ",".join(str(i) for i in result.submitted)
    return RedirectResponse(f"/report?submitted={ids}", status_code=303)


def _submitted_message(ctx: Ctx, submitted: str) -> str:
    """Names every record just submitted (region, indicator, period, value, unit)."""
    names = api.submissions.scope_names(ctx.db)
    parts = []
    for cid in [int(x) for x in submitted.split(",")][:200]:
        try:
            c = ctx.store.candidate(cid)
        except Exception:  # noqa: BLE001 - an unknown id is simply not named
            continue
        if c.submitted_by != ctx.actor and not (ctx.user and ctx.user.role == ADMIN):
            continue
        ind = ctx.store.indicator(c.indicator).name if c.indicator else (c.statistic or "")
        parts.append(f"#{c.id} {names.get(c.region or '', c.region or '')} {ind} {c.period}年 "
                     f"{_value_text(c.value, c.text)}{c.unit or ''}")
    if not parts:
        return "已提交，审核通过后计入评估。"
    return f"已提交 {len(parts)} 条待审核记录：" + "；".join(parts) + "。审核通过后计入评估。"


def _scope_problems(ctx: Ctx, own: str | None, wi: Any) -> list[str]:
    if ctx.user and ctx.user.role == ADMIN:
        return []
    if own is None or wi.reporter_id != own:
        return [f"该填报表属于“{wi.reporter_id}”，不是本单位的填报表，未提交任何数据。"]
    allowed = {t.key for t in api.submissions.tasks(ctx.db, own, _today())}
    return [f"{v.cell}：指标“{v.indicator_id}”在“{v.region}”{v.period}年不在本单位填报范围内。"
            for v in wi.values if (v.indicator_id, v.region, v.period) not in allowed]


def status_page(
    ctx: CtxDep,
    year: int | None = Query(None, ge=1900, le=2100, description="年份（空为全部）"),
) -> SubmissionStatusPage:
    """报送状态（规划办）：各填报单位的完成率、待审核与逾期数，以及催报提醒文字。"""
    today = _today()
    items = []
    for s in api.submissions.status_by_reporter(ctx.db, today, year=year):
        items.append(ReporterStatusItem(
            scope=s.scope, name=s.name, kind=s.kind, total=s.total, reported=s.reported,
            pending=s.pending, overdue=s.overdue, complete=s.complete,
            reminder=api.submissions.reminder_text(s, today) if s.overdue else None,
        ))
    items.sort(key=lambda x: (x.complete if x.complete is not None else 2, x.name))
    return SubmissionStatusPage(as_of=today.isoformat(), year=year,
                            years=api.submissions.reporting_years(ctx.db, today), reporters=items)


def _value_text(value: float | None, text: str | None) -> str:
    return f"{value:g}" if value is not None else (text or "")
