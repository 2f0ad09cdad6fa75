"""planwatch annual: one year of a plan against its annual milestones (年度计划)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import (
    STATUS_STYLE,
    console,
    echo,
    echo_json,
    json_option,
    num,
    parse_date,
    safe,
)


@cli.group(invoke_without_command=True)
@click.option("--plan", "plan_id", default=None, help="规划编号（planwatch plans 可查）。")
@click.option("--year", type=int, default=None, help="评估年度，例如 2022。")
@click.option("--as-of", "as_of", default=None, help="只用截至该日（YYYY-MM-DD）已有的数据；默认为今天。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（含已录入的年度目标及来源 targets）。")
@click.pass_context
def annual(cctx: click.Context, plan_id: str | None, year: int | None, as_of: str | None,
           as_json: bool) -> None:
    """年度评估：各项指标当年实际值与年度目标（录入的年度计划、省下达任务或按规划路径推算）比较。

    planwatch annual import 文件 录入年度目标与省下达任务。

    示例：

    \b
    planwatch annual --plan jinhua-industry-14 --year 2022
    """
    if cctx.invoked_subcommand is not None:
        return
    if not plan_id or year is None:
        raise click.UsageError("请用 --plan 指定规划编号、--year 指定年度，例如 planwatch annual --plan jinhua-industry-14 --year 2022。")
    ctx: Context = cctx.find_object(Context)  # type: ignore[assignment]
    result = api.annual.evaluate_year(ctx.store, plan_id, year, as_of=parse_date(as_of) if as_of else None)
    targets = api.annual_targets.entered_targets(ctx.store, plan_id, year)
    if as_json:
        echo_json({**result.as_dict(), "targets": targets})
        return
    con = console()
    con.print(f"[bold]{safe(result.plan.title)}[/bold]  {year}年度评估")
    table = Table("序号", "指标", "单位", "年度目标", "来源", "实际", "评价")
    for r in result.results:
        i, a = r.indicator, r.assessment
        origin = {"entered": "年度计划", "derived": "按路径推算"}.get(
            str(a.numbers.get("milestone_origin")), "—")
        table.add_row(str(i.seq), safe(i.name), safe(i.unit), num(a.numbers.get("milestone")), safe(origin),
                      num(a.latest_value), f"[{STATUS_STYLE[a.status]}]{a.label}[/]")
    con.print(table)
    con.print(result.sentence)
    if targets:
        con.print(f"已录入{year}年度目标 {len(targets)} 项：")
        for t in targets:
            con.print(f"  {safe(t['indicator_name'])}：{num(t['value'])}{safe(t['unit'])}（{safe(t['kind'])}，来源：{safe(t['source'])}）")


@annual.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user", "actor", default="cli", show_default=True, help="操作人（记入审计日志）。")
@click.option("--dry-run", is_flag=True, help="只检查，不写入。")
@json_option
@pass_ctx
def annual_import(ctx: Context, file: Path, actor: str, dry_run: bool, as_json: bool) -> None:
    """导入年度目标与省下达任务（CSV/xlsx；列 indicator,year,value,unit,source 或
    指标编号/年份/目标值/单位/来源，可加 区域、类型）。有任何问题则不写入。

    示例：

    \b
    planwatch annual import 年度目标.csv
    """
    out = api.annual_targets.import_annual_targets(ctx.store, file, actor=actor, dry_run=dry_run)
    if as_json:
        echo_json({"file": out.file, "counts": out.counts, "rows": out.rows})
        return
    echo(out.message if not dry_run else f"检查通过：“{file.name}”共 {len(out.rows)} 条，未写入（--dry-run）。")
