"""planwatch tasks / projects: key tasks and major projects (issue 16)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import console, echo, echo_json, json_option, num, parse_date, pct, safe


@cli.group()
def tasks() -> None:
    """重点任务：从规划文本读取、分解到单位、报送进展、审核与评价。"""


@tasks.command("import")
@click.option("--plan", "plan_id", required=True, help="规划编号（planwatch plans 可查）。")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@pass_ctx
def import_(ctx: Context, plan_id: str, file: Path, as_json: bool) -> None:
    """从规划文本读取任务章节（一、（一）1．(1)）和专栏任务，存入该规划。"""
    res = api.tasks.import_tasks(ctx.store, plan_id, file, actor="cli")
    if as_json:
        echo_json(res)
        return
    echo(f"已从“{res['file']}”读取{res['tasks']}条任务：新增{res['added']}条，更新{res['updated']}条，"
               f"未变{res['unchanged']}条，删除{res['removed']}条，保留（已分解或有报送）{res['kept']}条"
               + (f"；另从项目表读取{res['projects']}个项目（planwatch projects list 查看）。" if res.get("projects") else "。"))


@tasks.command("list")
@click.option("--plan", "plan_id", required=True, help="规划编号。")
@click.option("--as-of", "as_of", default=None, help="评估时点（YYYY-MM-DD），默认今天。")
@click.option("--unit", default=None, help="只列该单位牵头或配合的任务（单位编号或名称）。")
@click.option("--status", default=None, help="只列该状态：已完成 / 序时推进 / 滞后 / 未启动 / 未评价。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（含原文与来源位置）。")
@pass_ctx
def list_(ctx: Context, plan_id: str, as_of: str | None, unit: str | None, status: str | None,
          as_json: bool) -> None:
    """列出规划的行动、任务、子任务和专栏任务，含牵头单位、状态和来源位置。

    示例：

    \b
    planwatch tasks list --plan jinhua-industry-14 --json
    """
    board = api.tasks.task_board(ctx.store, plan_id, parse_date(as_of) if as_of else None)
    rows = board.rows
    if unit:
        u = api.tasks.resolve_unit(ctx.store.departments(), unit)
        if u is None:
            raise click.BadParameter(f"单位“{unit}”不在单位名录中。", param_hint="--unit")
        rows = [r for r in rows if u.name == r.lead or u.name in r.co]
    if status:
        rows = [r for r in rows if r.assessment.label == status]
    if as_json:
        out = board.as_dict()
        out["tasks"] = [r.as_dict() for r in rows]
        echo_json(out)
        return
    con = console()
    con.print(f"[bold]{safe(board.plan.title)}[/bold]  重点任务（评估时点 {board.as_of.isoformat()}）")
    table = Table("编号", "类别", "任务", "牵头单位", "状态", "来源")
    for r in rows:
        t = r.task
        indent = {"action": "", "task": "  ", "subtask": "    ", "box": "  "}.get(t.kind, "")
        table.add_row(safe(t.key), t.kind_label, safe(indent + t.number + t.title), safe(r.lead or "—"),
                      r.assessment.label, safe(t.source.label))
    con.print(table)
    con.print(board.sentence)


@tasks.command("assign")
@click.argument("task_id", required=False)
@click.option("--lead", default=None, help="牵头单位（编号或名称）。")
@click.option("--co", "co_units", multiple=True, help="配合单位，可重复。")
@click.option("--file", "file", type=click.Path(path_type=Path), default=None,
              help="任务分工表 .xlsx（列：任务编号、牵头单位、配合单位），须同时给 --plan。")
@click.option("--plan", "plan_id", default=None, help="分工表所属规划编号。")
@pass_ctx
def assign(ctx: Context, task_id: str | None, lead: str | None, co_units: tuple[str, ...],
           file: Path | None, plan_id: str | None) -> None:
    """把任务分解到牵头单位和配合单位（单条，或用分工表批量）。"""
    if file is not None:
        if not plan_id:
            raise click.BadParameter("使用 --file 时须同时给出 --plan。", param_hint="--plan")
        done = api.tasks.assign_from_workbook(ctx.store, file, plan_id=plan_id, actor="cli")
        echo(f"已按“{done['file']}”分解{done['assigned']}项任务。")
        return
    if not task_id or not lead:
        raise click.BadParameter("请给出任务编号和 --lead 牵头单位，或用 --file 分工表。")
    res = api.tasks.assign_task(ctx.store, task_id, lead, co_units, actor="cli")
    echo(f"任务“{task_id}”：牵头单位 {res['lead']}；配合单位 {'、'.join(res['co']) or '无'}。")


@tasks.command("report")
@click.argument("target")
@click.option("--period", required=True, help="报送期：2022、2023-H1、2023-06-30 等。")
@click.option("--text", required=True, help="进展情况。")
@click.option("--status", required=True, help="自评状态：已完成 / 序时推进 / 滞后 / 未启动。")
@click.option("--investment", default=None, help="本期完成投资（亿元，项目用）。")
@click.option("--milestone", "milestones", multiple=True, help="本期达成的里程碑（项目用），可重复。")
@click.option("--evidence-url", default=None, help="佐证链接。")
@click.option("--evidence-document", default=None, help="佐证文件名称。")
@click.option("--evidence-file", "evidence_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="上传的佐证文件（pdf/doc/docx/xls/xlsx/wps/et/ofd/jpg/png/txt，不超过 10 MB），存入数据库。")
@click.option("--fact", "facts", type=int, multiple=True,
              help="作为佐证的已入库数据（观测值编号，来自 facts 抽取审核入库），可重复。")
@click.option("--user", "actor", default="cli", show_default=True, help="报送人。")
@pass_ctx
def report(ctx: Context, target: str, period: str, text: str, status: str, investment: str | None,
           milestones: tuple[str, ...], evidence_url: str | None, evidence_document: str | None,
           evidence_file: Path | None, facts: tuple[int, ...], actor: str) -> None:
    """报送任务（或 project:项目编号）的进展，进入审核。"""
    pid = api.tasks.report_progress(
        ctx.store, target, period=period, text=text, status=status, actor=actor, investment=investment,
        milestones=milestones, evidence_url=evidence_url, evidence_document=evidence_document,
        evidence_facts=facts, evidence_upload=_read_evidence(evidence_file) if evidence_file else None)
    echo(f"已报送，进展报告编号 {pid}，待审核。")


def _read_evidence(path: Path) -> tuple[str, bytes]:
    if not path.is_file():
        raise click.BadParameter(f"文件“{path}”不存在。", param_hint="--evidence-file")
    if path.stat().st_size > api.tasks.EVIDENCE_MAX_BYTES:
        raise click.BadParameter(f"文件“{path.name}”超过 10 MB，请压缩后再上传，或改用 --evidence-url。",
                                 param_hint="--evidence-file")
    return path.name, path.read_bytes()


@tasks.command("review")
@click.argument("progress_id", type=int)
@click.option("--status", required=True, help="审核后的状态：已完成 / 序时推进 / 滞后 / 未启动。")
@click.option("--comment", default=None, help="审核意见（改变自评状态时必填）。")
@click.option("--user", "actor", default="cli", show_default=True, help="审核人。")
@pass_ctx
def review(ctx: Context, progress_id: int, status: str, comment: str | None, actor: str) -> None:
    """审核进展报告：确认或改变自评状态。"""
    e = api.tasks.review_progress(ctx.store, progress_id, status, comment=comment, actor=actor)
    echo(f"进展报告 {e.id} 已审核：{e.status.label if e.status else ''}。")


@cli.group()
def projects() -> None:
    """重大工程项目：从 Excel 清单导入，按投资和里程碑评价。"""


@projects.command("template")
@click.option("--years", default="2021-2025", show_default=True, help="计划投资的年份范围。")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出的 .xlsx 文件。")
def template(years: str, output: Path) -> None:
    """生成项目清单 Excel 模板。"""
    try:
        a, b = (int(x) for x in years.split("-"))
    except ValueError:
        raise click.BadParameter(f"“{years}”应写成 2021-2025。", param_hint="--years") from None
    api.tasks.write_project_template(output, list(range(a, b + 1)))
    echo(f"已生成项目清单模板：{output}")


@projects.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--plan", "plan_id", default=None, help="项目所属规划编号。")
@pass_ctx
def projects_import(ctx: Context, file: Path, plan_id: str | None) -> None:
    """导入项目清单（先检查全部行，有错则不导入任何项目）。"""
    res = api.tasks.import_projects(ctx.store, file, plan_id=plan_id, actor="cli")
    echo(f"已从“{res['file']}”导入{res['projects']}个项目：新增{res['added']}个，更新{res['updated']}个，"
               f"未变{res['unchanged']}个。")


@projects.command("list")
@click.option("--plan", "plan_id", default=None, help="规划编号。")
@click.option("--as-of", "as_of", default=None, help="评估时点（YYYY-MM-DD），默认今天。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（含规则和数字）。")
@pass_ctx
def projects_list(ctx: Context, plan_id: str | None, as_of: str | None, as_json: bool) -> None:
    """项目表：序时计划投资、累计完成投资、完成率、里程碑与评价。"""
    t = api.tasks.project_table(ctx.store, plan_id, parse_date(as_of) if as_of else None)
    if as_json:
        echo_json(t.as_dict())
        return
    con = console()
    table = Table("项目", "责任单位", "总投资", "序时计划", "累计完成", "完成率", "未达里程碑", "评价")
    for a in t.items:
        p = a.project
        table.add_row(safe(p.name), safe(t.unit_names.get(p.owner or "", p.owner or "") or p.owner_text or "—"), num(p.total_investment),
                      num(a.planned_to_date), num(a.completed), pct(a.ratio),
                      safe("、".join(a.milestones_missed) or "—"), a.label)
    con.print(table)
    con.print(f"评价时点 {t.as_of.isoformat()}；金额单位：亿元。{safe(t.sentence)}")
