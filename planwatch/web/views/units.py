"""Units and responsibilities (单位与责任, admins only): the list of units with contacts, the
责任分解 of every indicator, a form for one unit or one responsibility, and the upload of a
责任分解 table (CSV/xlsx). Every change goes through ``api.responsibilities`` and is audited."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Form, Query, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from planwatch import api
from planwatch import model as m
from planwatch.errors import ConfigError, NotFound
from planwatch.limits import display_name, suffix_of
from planwatch.web.context import Option, documented
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.render import render


@dataclass
class ContactItem:
    """A contact person of a unit."""

    name: str = documented("联系人")
    phone: str | None = documented("联系电话")
    email: str | None = documented("电子邮箱")


@dataclass
class UnitItem:
    """One unit (department) with its contacts."""

    id: str = documented("单位编号")
    name: str = documented("单位名称")
    region: str | None = documented("所属区域编号")
    region_name: str | None = documented("所属区域名称")
    contacts: list[ContactItem] = documented("联系人", default_factory=list)
    leads: int = documented("牵头的指标数", 0)


@dataclass
class DutyItem:
    """One responsibility: lead and co-units, frequency, deadline and grace window of an indicator."""

    indicator: str = documented("指标编号")
    indicator_name: str = documented("指标名称")
    plan: str = documented("规划编号")
    region: str | None = documented("区域编号（空为规划所在地区）")
    region_name: str = documented("区域名称")
    lead: str = documented("牵头单位编号")
    lead_name: str = documented("牵头单位名称")
    co_units: list[str] = documented("配合单位名称", default_factory=list)
    frequency: str = documented("报送频次：annual | half | quarter | month")
    frequency_label: str = documented("报送频次（中文）")
    deadline_days: int = documented("报送期限：期末后天数", 90)
    grace_days: int = documented("宽限期天数", 0)
    source: str = documented("来源")


@dataclass
class UnitsPage:
    """单位与责任 ``/units`` (template ``units.html``)."""

    units: list[UnitItem] = documented("单位", default_factory=list)
    duties: list[DutyItem] = documented("责任分解", default_factory=list)
    indicators: list[Option] = documented("可选指标", default_factory=list)
    regions: list[Option] = documented("可选区域", default_factory=list)
    frequencies: list[Option] = documented("可选频次", default_factory=list)
    plans: list[Option] = documented("规划（年度目标填报表）", default_factory=list)
    template_year: int = documented("年度目标填报表的默认年度", 0)
    message: str | None = documented("操作结果")
    error: str | None = documented("错误说明")
    errors: list[str] = documented("导入问题（文件、行、列）", default_factory=list)


def _page(ctx: Ctx, *, error: str | None = None, errors: list[str] | None = None) -> UnitsPage:
    store = ctx.store
    regions = {r.id: r.name for r in store.regions()}
    units = store.departments()
    names = {d.id: d.name for d in units}
    plans = {p.id: p for p in store.plans()}
    indicators = {i.id: i for i in store.indicators()}
    duties = store.responsibilities()
    leads: dict[str, int] = {}
    for r in duties:
        leads[r.lead] = leads.get(r.lead, 0) + 1
    items = []
    for r in duties:
        ind = indicators.get(r.indicator)
        plan = plans.get(ind.plan) if ind else None
        region = r.region or (plan.region if plan else "")
        items.append(DutyItem(
            indicator=r.indicator, indicator_name=ind.name if ind else r.indicator,
            plan=plan.id if plan else "", region=r.region, region_name=regions.get(region, region),
            lead=r.lead, lead_name=names.get(r.lead, r.lead),
            co_units=[names.get(c, c) for c in r.co_units], frequency=r.frequency.value,
            frequency_label=r.frequency.label, deadline_days=r.deadline_days,
            grace_days=r.grace_days, source=r.source.title or r.source.label,
        ))
    plan_regions = {p.region for p in plans.values()}
    return UnitsPage(
        units=[UnitItem(id=d.id, name=d.name, region=d.region,
                        region_name=regions.get(d.region or "", None),
                        contacts=[ContactItem(name=c.name, phone=c.phone, email=c.email)
                                  for c in d.contacts], leads=leads.get(d.id, 0))
               for d in units],
        duties=items,
        indicators=[Option(value=i.id, label=f"{i.id} {i.name}") for i in indicators.values()],
        regions=[Option(value=r.id, label=r.name) for r in store.regions()
                 if r.id in plan_regions or r.parent in plan_regions],
        frequencies=[Option(value=f.value, label=f.label) for f in m.Frequency],
        plans=[Option(value=p.id, label=p.title) for p in plans.values()],
        template_year=_template_year(plans.values()),
        message=_message(ctx), error=error, errors=errors or [],
    )


def _template_year(plans: object) -> int:
    import datetime as dt

    years = [p.period_end for p in plans]  # type: ignore[attr-defined]
    return min(dt.date.today().year, max(years)) if years else dt.date.today().year


def _message(ctx: Ctx) -> str | None:
    q = ctx.request.query_params
    if q.get("saved_unit"):
        return f"已保存单位“{q['saved_unit']}”。"
    if q.get("saved_duty"):
        return f"已保存指标“{q['saved_duty']}”的责任分解。"
    if q.get("imported"):
        return q["imported"]
    return None


def units_page(ctx: CtxDep) -> UnitsPage:
    """单位与责任（仅管理员）：单位及联系人、各指标的牵头单位、配合单位、报送频次、期限与宽限期。"""
    return _page(ctx)


def unit_save(
    ctx: CtxDep,
    unit_id: str = Form("", max_length=100),
    name: str = Form("", max_length=200),
    region: str = Form("", max_length=50),
    contact: str = Form("", max_length=200),
    phone: str = Form("", max_length=200),
    email: str = Form("", max_length=500),
) -> Response:
    """登记或修改单位（表单）。"""
    try:
        d = api.responsibilities.save_unit(ctx.db, unit_id=unit_id, name=name, region=region, contact=contact,
                           phone=phone, email=email, actor=ctx.actor)
    except ConfigError as exc:
        return render(ctx, "units.html", _page(ctx, error=str(exc)), status_code=400)
    return RedirectResponse(f"/units?saved_unit={d.name}", status_code=303)


def duty_save(
    ctx: CtxDep,
    indicator: str = Form("", max_length=150),
    region: str = Form("", max_length=50),
    lead: str = Form("", max_length=200),
    co_units: str = Form("", max_length=1000),
    frequency: str = Form("annual", max_length=20),
    deadline_days: str = Form("90", max_length=10),
    grace_days: str = Form("0", max_length=10),
    source: str = Form("", max_length=500),
) -> Response:
    """设置一个指标（或一个区县）的责任分解（表单）。"""
    try:
        r = api.responsibilities.set_responsibility(ctx.db, indicator=indicator, region=region, lead=lead,
                                    co_units=co_units, frequency=frequency,
                                    deadline_days=deadline_days, grace_days=grace_days,
                                    source=source, actor=ctx.actor)
    except (ConfigError, NotFound) as exc:
        return render(ctx, "units.html", _page(ctx, error=str(exc)), status_code=400)
    return RedirectResponse(f"/units?saved_duty={r.indicator}", status_code=303)


async def duty_upload(ctx: CtxDep, file: UploadFile) -> Response:
    """上传责任分解表（CSV/xlsx）：全部行无误才写入，否则逐行列出问题、不写入任何数据。"""
    data = await file.read()
    return await run_in_threadpool(_upload, ctx, file.filename or "责任分解.csv", data)


def _upload(ctx: Ctx, filename: str, data: bytes) -> Response:
    return _import_table(ctx, filename, data, "duty", api.responsibilities.import_responsibilities)


def _import_table(ctx: Ctx, filename: str, data: bytes, prefix: str,
                  importer: Callable[..., Any]) -> Response:
    """Store an uploaded CSV/xlsx under a server-chosen name, import it in one go, tidy up."""
    from urllib.parse import quote

    shown = display_name(filename)
    folder = Path(tempfile.mkdtemp(prefix=f"planwatch-{prefix}-"))
    try:
        suffix = suffix_of(filename)
        path = folder / ("upload" + (suffix if suffix in (".csv", ".xlsx", ".xlsm") else ".bin"))
        path.write_bytes(data)
        try:
            out = importer(ctx.db, path, actor=ctx.actor, name=shown)
        except ConfigError as exc:
            lines = str(exc).splitlines()
            return render(ctx, "units.html", _page(ctx, error=lines[0], errors=lines[1:]),
                          status_code=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/units?imported={quote(out.message)}", status_code=303)


async def annual_upload(ctx: CtxDep, file: UploadFile) -> Response:
    """上传年度目标与省下达任务（CSV/xlsx；指标编号、年份、目标值、单位、来源）：全部行无误才写入。"""
    data = await file.read()
    return await run_in_threadpool(_annual, ctx, file.filename or "年度目标.csv", data)


def _annual(ctx: Ctx, filename: str, data: bytes) -> Response:

    return _import_table(ctx, filename, data, "annual", api.annual_targets.import_annual_targets)


def annual_template(
    ctx: CtxDep,
    plan: str = Query(..., max_length=100, description="规划编号"),
    year: int = Query(..., ge=1900, le=2100, description="年度"),
) -> Response:
    """下载某规划某年度的年度目标填报表（xlsx）。"""
    from planwatch import api

    try:
        data = api.annual_targets.annual_template_xlsx(ctx.db, plan, year)
    except (ConfigError, NotFound) as exc:
        return Response(str(exc), status_code=400, media_type="text/plain; charset=utf-8")
    name = quote_name(f"{plan}-{year}年度目标.xlsx")
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def quote_name(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
