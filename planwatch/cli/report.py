"""planwatch report: the evaluation report in Word, HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.defaults import resolve
from planwatch.cli.output import echo, parse_date

KINDS = ("annual", "midterm", "final")


@cli.command()
@click.option("--plan", "plan_id", default=None, metavar="PLAN",
              help="规划编号，如 jinhua-industry-14；默认为今天所在规划期的规划，尚无本期数据时为最近结束的规划。")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="数据截止日期 YYYY-MM-DD；默认今天，规划期已结束的规划为期末。")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="报告类型：annual 年度监测、midterm 中期评估、final 总结评估；默认 midterm，"
                   "规划期已结束且未指定评估时点时为 final。")
@click.option("--format", "fmt", type=click.Choice(api.reports.FORMATS), default=None,
              help="输出格式；默认按输出文件的扩展名。")
@click.option("--method", default="china", show_default=True, help="评估方法。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件路径。")
@click.option("--vocabulary", type=click.Choice(["city", "national"]), default=None,
              help="评价用语：city（达到或超过进度要求……）或 national（提前实现/快于预期/基本符合预期/滞后）；默认按规划设定。")
@click.option("--as-known-at", "known_at", default=None, metavar="DATE",
              help="按该日已发布的数据（首次发布数）评估，用来重现当时的评估。")
@pass_ctx
def report(ctx: Context, plan_id: str | None, as_of: str | None, kind: str | None, fmt: str | None,
           method: str, output: Path, vocabulary: str | None, known_at: str | None) -> None:
    """生成规划实施评估报告（Word 公文格式、HTML 或 PDF）。

    示例：

    \b
    planwatch report --plan jinhua-industry-14 --as-of 2023-06-30 -o 中期评估.docx
    planwatch report --plan cn-outline-14 --as-of 2025-12-31 --kind final -o 总结评估.pdf
    """
    fmt = fmt or output.suffix.lstrip(".").lower()
    if fmt not in api.reports.FORMATS:
        raise click.BadParameter(f"无法从文件名“{output.name}”判断格式，请用 --format 指定 docx、html 或 pdf。")
    plan_id, when, basis = resolve(ctx.store, plan_id, as_of)
    if kind is None:
        kind = "final" if basis is not None and basis.kind == "final" and as_of is None else "midterm"
    rc = api.reports.generate_report(ctx.store, plan_id, when, output, fmt=fmt, kind=kind, method=method,
                         vocabulary=vocabulary, known_at=parse_date(known_at) if known_at else None)
    c = rc.counts
    echo(
        f"已生成{rc.title}（{fmt}）：{output}\n"
        f"共{c.total}项指标：达到或超过进度要求{c.met}项（其中提前达到目标{c.reached_early}项），"
        f"未达进度要求{c.behind}项，未作出评估{c.not_assessable}项；"
        f"自动起草段落{len(rc.drafts)}段（请审核），图{len(rc.charts)}幅。"
    )
