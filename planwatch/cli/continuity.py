"""planwatch continuity: one statistic across plan periods (13th, 14th, 15th Five-Year Plans)."""

from __future__ import annotations

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import console, echo_json, json_option, num, safe


@cli.command()
@click.argument("statistic")
@click.option("--region", default=None, help="地区编号、名称或别名；默认为设置该指标的规划最多的地区。")
@json_option
@pass_ctx
def continuity(ctx: Context, statistic: str, region: str | None, as_json: bool) -> None:
    """一个统计指标跨规划期的连续情况：各期规划（以 successor_of 相接）的基期、目标和逐年实际值。

    示例：

    \b
    planwatch continuity gdp
    planwatch continuity gdp --json
    """
    c = api.continuity.statistic_continuity(ctx.store, statistic, region)
    if as_json:
        echo_json(c.as_dict())
        return
    con = console()
    con.print(f"[bold]{safe(c.statistic.name)}[/bold]（{safe(c.region_name)}）跨规划期连续情况")
    table = Table("规划", "期限", "指标", "基期", "目标", "逐年实际值", "承接", "说明")
    for r in c.rows:
        i = r.indicator
        base = "—" if i is None else (i.base_text or num(i.base_value)) + (
            f"（{i.base_year}年）" if i.base_year else "")
        target = "—" if i is None else (i.target_text or num(i.target_value))
        actual = "；".join(f"{a.year}年 {num(a.value)}{a.unit}" for a in r.actuals) or "—"
        table.add_row(r.plan.id, r.period, "本期未设" if i is None else safe(f"{i.name}（{i.unit}）"),
                      base, target, actual, safe(r.link), safe(r.note or ""))
    con.print(table)
    lines = [f"  {a.year}年 {num(a.value)}{a.unit}：{a.source.title or a.source.document or ''}"
             f"{' ' + a.source.url if a.source.url else ''}"
             for r in c.rows for a in r.actuals]
    if lines:
        con.print("实际值来源：")
        for line in dict.fromkeys(lines):
            con.print(line)
    if c.regions:
        con.print(f"其他设置了该指标的地区：{safe('、'.join(c.regions))}（用 --region 查看）")
