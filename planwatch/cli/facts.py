"""``planwatch facts``: read numbers from reports and news, queue them for review."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from planwatch import api
from planwatch.cli.app import cli

KIND_LABELS = {
    "level": "总量", "growth": "增速", "share": "比重", "change_points": "百分点变化",
    "rank": "位次", "count": "数量", "cumulative": "累计", "target": "目标", "index": "指数",
}
QUALIFIER_LABELS = {
    "exact": "", "passed": "突破", "more_than": "超过", "nearly": "接近", "about": "约",
    "estimated": "预计",
}


def _num(v: float) -> str:
    return f"{v:,.4f}".rstrip("0").rstrip(".")


@cli.group()
def facts() -> None:
    """从报告、公报和新闻中读取数据（事实），送审核后成为观测值。"""


@facts.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
@click.option("--year", type=int, default=None,
              help="“今年”所指的年份；默认取文中报告的最近年份。")
def extract_cmd(file: Path, as_json: bool, year: int | None) -> None:
    """列出文件中的每个数字：地区、主体、时期、类型、数值、单位、限定词和出处行。"""
    found = api.extract_file(file, ref_year=year)
    if as_json:
        keys = ("region", "subject", "period", "kind", "value", "unit", "scope", "qualifier",
                "sentence", "line")
        click.echo(json.dumps([{k: f.as_dict()[k] for k in keys} for f in found],
                              ensure_ascii=False, indent=2))
        return
    table = Table("行", "地区", "主体", "时期", "类型", "数值", "单位", "限定", "范围",
                  title=f"{file.name}：共{len(found)}条", title_justify="left")
    for f in found:
        value = _num(f.value) if f.upper is None else f"{_num(f.value)}–{_num(f.upper)}"
        table.add_row(str(f.line), f.region, f.subject or "—", f.period or "—",
                      KIND_LABELS[f.kind.value], value, f.unit or "—",
                      QUALIFIER_LABELS[f.qualifier.value] + ("（预计）" if f.estimated and
                                                            f.qualifier.value != "estimated"
                                                            else ""),
                      f.scope or "")
    Console(highlight=False).print(table)
