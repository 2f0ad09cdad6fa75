"""Plan import in the browser: upload a plan document, review what the parser read (each row
with its source), correct names, units, natures and numbers, then confirm. Stateless: the
review form carries the uploaded file back (base64) so any worker can finish the import."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from planwatch import api
from planwatch import model as m
from planwatch.errors import LoadError, NotFound
from planwatch.limits import display_name
from planwatch.web.context import documented
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.render import render


@dataclass
class ImportRow:
    """One indicator row read from an uploaded plan document, for review before import."""

    seq: int = documented("序号")
    category: str | None = documented("类别")
    name: str = documented("指标名称（可更正）")
    unit: str = documented("单位（可更正）")
    nature: str = documented("属性（可更正）：expected | binding")
    base_text: str = documented("基期（如表所印）")
    base_value: float | None = documented("基期值（可更正）")
    base_year: int | None = documented("基期年")
    target_text: str = documented("目标（如表所印）")
    target_value: float | None = documented("目标值（可更正）")
    target_year: int | None = documented("目标年")
    rule: str = documented("进度规则及依据")
    source: str = documented("来源：文件、表格、行号")


@dataclass
class ImportProject:
    """One project row read from an uploaded plan document, for review before import."""

    seq: str = documented("原表序号")
    name: str = documented("项目名称（原文）")
    owner: str | None = documented("责任单位或企业（原文）")
    location: str | None = documented("建设地点（原文）")
    content: str | None = documented("建设内容（原文）")
    total_text: str = documented("总投资（原文）", "")
    total: float | None = documented("总投资（亿元）", None)
    unit_note: str | None = documented("金额换算说明", None)
    years: str = documented("建设年限或完成时间（原文）", "")
    category: str | None = documented("所属分类（原表分类行）", None)
    source: str = documented("来源（文件、表、行）", "")


@dataclass
class ImportPage:
    """规划导入 ``/import`` (template ``import.html``): upload a plan document, review what was read, confirm."""

    step: str = documented("upload 上传 | review 核对 | done 已导入", "upload")
    file: str | None = documented("文件名")
    plan_id: str | None = documented("导入后的规划编号")
    title: str | None = documented("读出的规划名称")
    period: str | None = documented("读出的规划期")
    rows: list[ImportRow] = documented("读出的指标行（可更正）", default_factory=list)
    decompositions: int = documented("读出的分解数值条数", 0)
    narratives: list[str] = documented("读出的文字目标（原文）", default_factory=list)
    tasks: list[str] = documented("读出的行动、任务和专栏任务（原文编号、标题、来源）", default_factory=list)
    projects: list[ImportProject] = documented("读出的项目表行（原文，含来源）", default_factory=list)
    issues: list[str] = documented("读取中发现的问题（错误时不能导入）", default_factory=list)
    errors: list[str] = documented("阻止导入的错误", default_factory=list)
    payload: str = documented("已上传文件（核对步骤回传，base64）", "")
    message: str | None = documented("结果")
    matched: str | None = documented("与已有规划相符的原因（确认后作为其修订更新，不新建规划）")
    proposed: list[str] = documented("作为修订导入将改变的内容（逐项）", default_factory=list)

SUFFIXES = (".txt", ".docx", ".pdf", ".xlsx", ".doc", ".wps", ".xls", ".et", ".html", ".htm")


def import_form(ctx: CtxDep) -> Response:
    return render(ctx, "import.html", ImportPage())


def _safe_name(name: str) -> str:
    """The client's name made harmless (no NUL or control characters, no folders, at most 100
    characters): it names the temporary copy and appears in messages only."""
    base = display_name(name)
    if base == "上传文件":
        base = "plan.txt"
    return base if base.lower().endswith(SUFFIXES) else base[:96] + ".txt"


def _prepare(ctx: Ctx, name: str, data: bytes) -> tuple[api.plans.PlanImport | None, list[str], Path]:
    folder = Path(tempfile.mkdtemp(prefix="planwatch-import-"))
    try:
        path = folder / _safe_name(name)
        path.write_bytes(data)
        return api.plans.prepare_import(ctx.db, path, isolated=True), [], folder
    except (LoadError, NotFound) as exc:
        return None, [str(exc)], folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _rows(imp: api.plans.PlanImport) -> list[ImportRow]:
    out = []
    for i in imp.conversion.dataset.indicators:
        s = i.source
        where = "，".join(x for x in (imp.parsed.file, s.table, f"第{s.line}行" if s.line else None) if x)
        out.append(ImportRow(
            seq=i.seq, category=i.category, name=i.name, unit=i.unit, nature=i.nature.value,
            base_text=i.base_text or "—", base_value=i.base_value, base_year=i.base_year,
            target_text=i.target_text or "—", target_value=i.target_value,
            target_year=i.target_year, rule=f"{i.rule.value}：{i.rule_basis}", source=where,
        ))
    return out


def _page(imp: api.plans.PlanImport, name: str, data: bytes) -> ImportPage:
    plan = imp.conversion.dataset.plans[0]
    return ImportPage(
        step="review", file=name, plan_id=plan.id, title=plan.title,
        period=f"{plan.period_start}—{plan.period_end}年", rows=_rows(imp),
        decompositions=len(imp.conversion.dataset.decompositions),
        narratives=[n.text or n.subject for n in imp.conversion.dataset.narrative_targets],
        tasks=[f"{'　' if t.kind in ('task', 'subtask') else ''}{t.number}{t.title}"
               f"（{m.TASK_KINDS.get(t.kind, t.kind)}，{imp.parsed.file} 第{t.source.line}行）"
               if t.source.line is not None else f"{t.number}{t.title}（{m.TASK_KINDS.get(t.kind, t.kind)}）"
               for t in imp.parsed.tasks],
        projects=[ImportProject(
            seq=p.seq, name=p.name, owner=p.owner, location=p.location, content=p.content,
            total_text=p.total_text, total=p.total_investment, unit_note=p.unit_note, years=p.years_text,
            category=p.category,
            source="，".join(x for x in (imp.parsed.file, p.table, f"第{p.source.page}页" if p.source.page else None,
                                        f"第{p.source.line}行" if p.source.line else None, p.source.cell) if x))
            for p in imp.parsed.projects],
        issues=[str(i) for i in imp.parsed.issues], errors=[str(e) for e in imp.errors],
        payload=base64.b64encode(data).decode(), matched=imp.matched, proposed=list(imp.proposed),
    )


async def import_upload(ctx: CtxDep, file: UploadFile) -> Response:
    """上传规划文本，显示解析结果（每行注明来源）供核对；不写入任何数据。"""
    data = await file.read()
    name = _safe_name(file.filename or "plan.txt")
    return await run_in_threadpool(_upload, ctx, name, data)


def _upload(ctx: Ctx, name: str, data: bytes) -> Response:
    imp, errors, folder = _prepare(ctx, name, data)
    try:
        if imp is None:
            return render(ctx, "import.html", ImportPage(file=name, errors=errors), status_code=400)
        return render(ctx, "import.html", _page(imp, name, data))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _corrected(imp: api.plans.PlanImport, form: Any) -> tuple[list[m.Indicator], list[str]]:
    problems: list[str] = []
    out = []
    for ind in imp.conversion.dataset.indicators:
        key = f"r{ind.seq}_"
        changes: dict[str, Any] = {}
        name = str(form.get(key + "name", ind.name)).strip()
        unit = str(form.get(key + "unit", ind.unit)).strip()
        nature = str(form.get(key + "nature", ind.nature.value))
        if name and name != ind.name:
            changes["name"] = name
        if unit and unit != ind.unit:
            changes["unit"] = unit
        if nature in ("expected", "binding") and nature != ind.nature.value:
            changes["nature"] = m.Nature(nature)
        for fld in ("base_value", "target_value"):
            raw = str(form.get(key + fld, "")).strip()
            old = getattr(ind, fld)
            if raw == "" or (old is not None and raw == f"{old:g}"):
                continue
            value = api.submissions.parse_number(raw)
            if value is None:
                label = "基期值" if fld == "base_value" else "目标值"
                problems.append(f"第{ind.seq}行{label}“{raw}”无法识别：请填写阿拉伯数字。")
            else:
                changes[fld] = value
        out.append(dataclasses.replace(ind, **changes) if changes else ind)
    return out, problems


async def import_confirm(request: Request, ctx: CtxDep) -> Response:
    """确认导入（可带更正）；有错误时不写入任何数据。"""
    form = await request.form()
    return await run_in_threadpool(_confirm, ctx, dict(form))


def _confirm(ctx: Ctx, form: dict[str, Any]) -> Response:
    name = _safe_name(str(form.get("file", "plan.txt")))
    try:
        data = base64.b64decode(str(form.get("payload", "")), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        page = ImportPage(errors=["缺少已上传的文件，请重新上传。未导入任何数据。"])
        return render(ctx, "import.html", page, status_code=400)
    imp, errors, folder = _prepare(ctx, name, data)
    try:
        if imp is None:
            return render(ctx, "import.html", ImportPage(file=name, errors=errors), status_code=400)
        indicators, problems = _corrected(imp, form)
        if problems:
            page = _page(imp, name, data)
            page.errors = problems + page.errors
            return render(ctx, "import.html", page, status_code=400)
        ds = dataclasses.replace(imp.conversion.dataset, indicators=tuple(indicators))
        imp.conversion = dataclasses.replace(imp.conversion, dataset=ds)
        try:
            done = api.plans.import_plan(ctx.db, imp, actor=ctx.actor)
        except LoadError as exc:
            page = _page(imp, name, data)
            page.errors = [str(exc)]
            return render(ctx, "import.html", page, status_code=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    page = ImportPage(step="done", file=name, plan_id=done.plan_id,
                      message=(f"已按修订更新规划“{done.plan_id}”（未新建规划）：{_summary(done)}。"
                               if done.matched else f"已导入规划“{done.plan_id}”：{_summary(done)}。"))
    return render(ctx, "import.html", page)


def _summary(done: api.plans.PlanImport) -> str:
    if done.report is None:
        return "无变化"
    r = done.report.as_dict()
    return f"新增{sum(r['inserted'].values())}条，更新{sum(r['updated'].values())}条"
