"""planwatch excel: reporting templates, importing filled ones, exporting evaluation tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import echo, echo_json


@cli.group()
def excel() -> None:
    """Excel 填报模板、导入与评价表导出。"""


@excel.command()
@click.option("--reporter", required=True, metavar="DEPT_OR_REGION",
              help="填报单位：县（市、区）名称或代码（数据中的地区名称或六位行政区划代码），或部门名称。")
@click.option("--year", type=int, default=None, help="填报年份；默认为上一年。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def template(ctx: Context, reporter: str, year: int | None, output: Path) -> None:
    """生成某部门或某县（市、区）的指标数据填报表。

    示例：

    \b
    planwatch excel template --reporter 义乌市 --year 2022 -o 义乌市填报表.xlsx
    """
    spec = api.excel.write_reporting_template(ctx.store, reporter, output,
                                              year=year or dt.date.today().year - 1)
    kind = "部门" if spec.reporter_kind == "department" else "地区"
    echo(f"已生成{kind}“{spec.reporter_name}”{spec.period}填报表：{output}，共{len(spec.rows)}行。")
    if spec.note:
        echo(f"注意：{spec.note}", err=True)


@excel.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "actor", default="excel", show_default=True, help="提交人。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：逐行列出是否接受及触发的检查代码。")
@pass_ctx
def import_(ctx: Context, file: Path, actor: str, as_json: bool) -> None:
    """导入填好的填报表：与网页表单同样检查（来源必填、合理性检查、预警须说明），
    有效数值进入审核队列，问题单元格逐一说明。

    示例：

    \b
    planwatch excel import 义乌市填报表.xlsx --json
    """
    res = api.excel.import_workbook(ctx.store, file, actor=actor)
    wi = res.workbook
    if as_json:
        echo_json({
            "file": wi.file, "reporter": wi.reporter_id, "submitted": list(res.submitted),
            "rows": [r.as_dict() for r in res.rows],
            "issues": [i.as_dict() for i in wi.issues],
        })
        if wi.issues:
            raise SystemExit(2)
        return
    echo(f"已读取“{wi.file}”：有效数值{len(wi.values)}个，已提交审核队列{len(res.submitted)}个；"
               f"未填写{wi.rows_left_empty}行；问题{len(wi.issues)}处。")
    for r in res.rows:
        if r.accepted:
            echo(f"  已提交 #{r.candidate}：第{r.row}行 {r.indicator} {r.region} {r.period}年 {r.value:g}{r.unit}"
                       + (f"（检查：{'、'.join(r.checks)}）" if r.checks else ""))
    for i in wi.issues:
        echo(f"  - {i.message}", err=True)
    if wi.issues:
        raise SystemExit(2)


@excel.command()
@click.option("--plan", "plan_id", required=True, metavar="PLAN")
@click.option("--as-of", "as_of", required=True, metavar="DATE")
@click.option("--method", default="china", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def export(ctx: Context, plan_id: str, as_of: str, method: str, output: Path) -> None:
    """导出规划评价表（指标评价、汇总、问题与发现）。

    示例：

    \b
    planwatch excel export --plan jinhua-industry-14 --as-of 2023-06-30 -o 评估工作表.xlsx
    """
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise click.BadParameter(f"日期“{as_of}”格式应为 YYYY-MM-DD") from None
    api.excel.export_evaluation(ctx.store, plan_id, day, output, method=method)
    echo(f"已导出评价表：{output}")
