"""planwatch annual: one year of a plan against its annual milestones (年度计划)."""

from __future__ import annotations

import json

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.core import STATUS_STYLE, _console, _date, _num


@cli.command()
@click.option("--plan", "plan_id", required=True, help="规划编号（planwatch plans 可查）。")
@click.option("--year", type=int, required=True, help="评估年度，例如 2022。")
@click.option("--as-of", "as_of", default=None, help="只用截至该日（YYYY-MM-DD）已有的数据；默认为今天。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@pass_ctx
def annual(ctx: Context, plan_id: str, year: int, as_of: str | None, as_json: bool) -> None:
    """年度评估：各项指标当年实际值与年度目标（录入的年度计划或按规划路径推算）比较。"""
    result = api.evaluate_year(ctx.store, plan_id, year, as_of=_date(as_of) if as_of else None)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    con = _console()
    con.print(f"[bold]{result.plan.title}[/bold]  {year}年度评估")
    table = Table("序号", "指标", "单位", "年度目标", "来源", "实际", "评价")
    for r in result.results:
        i, a = r.indicator, r.assessment
        origin = {"entered": "年度计划", "derived": "按路径推算"}.get(
            str(a.numbers.get("milestone_origin")), "—")
        table.add_row(str(i.seq), i.name, i.unit, _num(a.numbers.get("milestone")), origin,
                      _num(a.latest_value), f"[{STATUS_STYLE[a.status]}]{a.label}[/]")
    con.print(table)
    con.print(result.sentence)
