"""报告与评估表 from the web: an evaluator asks for the annual, mid-term or final report (Word,
PDF or web page) or the evaluation workbook of a plan; the page shows the progress while the file
is built (the page polls its ``.json`` twin), then offers it for download; earlier files are
listed with who asked for them and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response

from planwatch import api
from planwatch.web.context import Option, documented
from planwatch.web.deps import CtxDep
from planwatch.web.permissions import Action
from planwatch.web.present import parse_as_of


@dataclass
class GeneratedItem:
    """One generated report or workbook file with who made it and when."""

    id: int = documented("文件编号", 0)
    kind: str = documented("类型：annual | midterm | final | workbook", "")
    kind_label: str = documented("类型名称", "")
    fmt: str = documented("格式：docx | pdf | html | xlsx", "")
    as_of: str = documented("评估时点", "")
    state: str = documented("状态：queued | running | done | failed", "")
    state_label: str = documented("状态名称", "")
    progress: int = documented("进度（0—100）", 0)
    step: str | None = documented("当前步骤")
    message: str | None = documented("失败原因")
    filename: str | None = documented("文件名（服务器拟定）")
    size: int | None = documented("文件大小（字节）")
    created_by: str = documented("生成人", "")
    created_at: str = documented("申请时间（北京时间）", "")
    finished_at: str | None = documented("完成时间（北京时间）")
    href: str | None = documented("下载地址（完成后）")


@dataclass
class GeneratedPage:
    """报告与评估表 ``/plans/{plan_id}/files`` (template ``generated.html``)."""

    plan: str = documented("规划编号", "")
    plan_title: str = documented("规划名称", "")
    as_of: str = documented("默认评估时点", "")
    kinds: list[Option] = documented("可生成的类型", default_factory=list)
    formats: list[Option] = documented("报告格式", default_factory=list)
    can_generate: bool = documented("本账号能否生成", False)
    running: bool = documented("是否有文件正在生成（页面据此轮询）", False)
    job: int | None = documented("刚申请的文件编号")
    items: list[GeneratedItem] = documented("已生成的文件（新的在前）", default_factory=list)


def _beijing(at: str | None) -> str | None:
    if not at:
        return at
    try:
        t = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def _item(g: api.generated_reports.GeneratedFile) -> GeneratedItem:
    gr = api.generated_reports
    return GeneratedItem(
        id=g.id, kind=g.kind, kind_label=gr.KINDS.get(g.kind, g.kind), fmt=g.fmt, as_of=g.as_of,
        state=g.state, state_label=gr.STATE_LABELS.get(g.state, g.state), progress=g.progress,
        step=g.step, message=g.message, filename=g.filename, size=g.size, created_by=g.created_by,
        created_at=_beijing(g.created_at) or "", finished_at=_beijing(g.finished_at),
        href=f"/files/{g.id}" if g.state == "done" else None)


def files_page(
    plan_id: str,
    ctx: CtxDep,
    job: int | None = Query(None, ge=1, le=2**31 - 1, description="刚申请的文件编号"),
) -> GeneratedPage:
    """报告与评估表：生成年度、中期、总结评估报告（Word、PDF、网页）和评估工作表，显示生成进度，下载已生成的文件。"""
    plan = ctx.store.plan(plan_id)
    gr = api.generated_reports
    page = GeneratedPage(plan=plan.id, plan_title=plan.title,
                         as_of=ctx.settings.default_as_of().isoformat(), job=job,
                         can_generate=ctx.can(Action.GENERATE))
    page.kinds = [Option(value=k, label=v, selected=k == "midterm") for k, v in gr.KINDS.items()]
    page.formats = [Option(value=k, label=v, selected=k == "docx") for k, v in gr.FORMATS.items()
                    if k != "xlsx"]
    page.items = [_item(g) for g in gr.files(ctx.db, plan.id)]
    page.running = any(i.state in ("queued", "running") for i in page.items)
    return page


def generate_submit(
    plan_id: str,
    ctx: CtxDep,
    kind: str = Form(..., max_length=20),
    fmt: str = Form("docx", max_length=10),
    as_of: str = Form("", max_length=10),
) -> Response:
    """申请生成一个报告或评估表（后台生成；页面显示进度）。"""
    when = parse_as_of(as_of or None, ctx.settings.default_as_of())
    file_id = api.generated_reports.start(ctx.db, plan_id, kind=kind,
                                          fmt="xlsx" if kind == "workbook" else fmt,
                                          as_of=when, actor=ctx.actor)
    return RedirectResponse(f"/plans/{quote(plan_id, safe='/')}/files?job={file_id}", status_code=303)


def download(file_id: int, ctx: CtxDep) -> Response:
    """下载一个已生成的文件（文件名由服务器拟定）。"""
    g, data = api.generated_reports.content(ctx.db, file_id)
    name = g.filename or f"file.{g.fmt}"
    ascii_name = f"planwatch-{g.id}.{g.fmt}"
    return Response(data, media_type=api.generated_reports.MEDIA.get(g.fmt, "application/octet-stream"),
                    headers={"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})
