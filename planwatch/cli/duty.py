"""planwatch unit / planwatch duty: units (单位) and responsibilities (责任分解)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import console, echo, echo_json, json_option, safe


@cli.group()
def unit() -> None:
    """单位（部门等）：登记、联系人与列表。"""


@unit.command(name="list")
@json_option
@pass_ctx
def unit_list(ctx: Context, as_json: bool) -> None:
    """列出已登记的单位及联系人。"""
    units = ctx.store.departments()
    if as_json:
        echo_json([
            {"id": d.id, "name": d.name, "region": d.region, "aliases": list(d.aliases),
             "contacts": [{"name": c.name, "phone": c.phone, "email": c.email} for c in d.contacts],
             "note": d.note} for d in units])
        return
    if not units:
        echo("尚未登记任何单位（planwatch unit import 文件 或 planwatch unit add 可登记）。")
        return
    table = Table("编号", "名称", "区域", "联系人")
    for d in units:
        table.add_row(safe(d.id), safe(d.name), safe(d.region or "—"),
                      safe("；".join(f"{c.name} {c.phone or ''} {c.email or ''}".strip() for c in d.contacts) or "—"))
    console().print(table)


@unit.command(name="add")
@click.argument("unit_id")
@click.option("--name", required=True, help="单位名称。")
@click.option("--region", default="", help="所属区域（名称或编号）。")
@click.option("--contact", default="", help="联系人（多人用“、”分隔）。")
@click.option("--phone", default="", help="联系电话。")
@click.option("--email", default="", help="电子邮箱（催报邮件发往此地址）。")
@click.option("--user", "actor", default="cli", show_default=True, help="操作人（记入审计日志）。")
@pass_ctx
def unit_add(ctx: Context, unit_id: str, name: str, region: str, contact: str, phone: str,
             email: str, actor: str) -> None:
    """登记或修改一个单位。"""
    d = api.responsibilities.save_unit(ctx.store, unit_id=unit_id, name=name, region=region, contact=contact,
                           phone=phone, email=email, actor=actor)
    echo(f"已保存单位“{d.name}”（{d.id}）。")


@unit.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user", "actor", default="cli", show_default=True, help="操作人（记入审计日志）。")
@pass_ctx
def unit_import(ctx: Context, file: Path, actor: str) -> None:
    """从 CSV/xlsx 导入单位（列：单位编号、单位名称、所属区域、联系人、联系电话、电子邮箱）。"""
    c = api.responsibilities.import_units(ctx.store, file, actor=actor)
    echo(f"已导入“{file.name}”：单位新增 {c['inserted']} 个、更新 {c['updated']} 个、未变 {c['unchanged']} 个。")


@cli.group()
def duty() -> None:
    """责任分解：各指标的牵头单位、配合单位、报送频次、期限与宽限期。"""


@duty.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user", "actor", default="cli", show_default=True, help="操作人（记入审计日志）。")
@click.option("--dry-run", is_flag=True, help="只检查，不写入。")
@json_option
@pass_ctx
def duty_import(ctx: Context, file: Path, actor: str, dry_run: bool, as_json: bool) -> None:
    """导入责任分解表（CSV/xlsx；列：指标编号、区域、牵头单位、配合单位、报送频次、报送期限（天）、
    宽限期（天）、来源；xlsx 可另附“单位”工作表登记单位）。有任何问题则不写入。"""
    out = api.responsibilities.import_responsibilities(ctx.store, file, actor=actor, dry_run=dry_run)
    if as_json:
        echo_json(out.as_dict())
        return
    if dry_run:
        echo(f"检查通过：“{file.name}”共 {len(out.rows)} 条责任分解，未写入（--dry-run）。")
        return
    echo(out.message)


@duty.command(name="list")
@click.option("--plan", "plan_id", default=None, help="只列出该规划的指标。")
@click.option("--unit", "unit_id", default=None, help="只列出该单位牵头或配合的指标。")
@json_option
@pass_ctx
def duty_list(ctx: Context, plan_id: str | None, unit_id: str | None, as_json: bool) -> None:
    """列出已登记的责任分解。"""
    duties = ctx.store.responsibilities(plan=plan_id, unit=unit_id)
    names = api.responsibilities.unit_names(ctx.store)
    if as_json:
        echo_json([
            {"indicator": r.indicator, "region": r.region, "lead": r.lead,
             "co_units": list(r.co_units), "frequency": r.frequency.value,
             "deadline_days": r.deadline_days, "grace_days": r.grace_days,
             "source": r.source.label} for r in duties])
        return
    if not duties:
        echo("尚未登记责任分解（规划文本未注明责任单位的，不作虚构；可用 planwatch duty import 导入）。")
        return
    table = Table("指标", "区域", "牵头单位", "配合单位", "频次", "期限", "宽限")
    for r in duties:
        table.add_row(safe(r.indicator), safe(r.region or "规划地区"), safe(names.get(r.lead, r.lead)),
                      safe("、".join(names.get(c, c) for c in r.co_units) or "—"), r.frequency.label,
                      f"期末后{r.deadline_days}天", f"{r.grace_days}天")
    console().print(table)
