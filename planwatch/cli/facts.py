"""``planwatch facts``: read numbers from reports and news, queue them for review."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import SafeConsole, echo, echo_json, num, safe
from planwatch.errors import ConfigError, ConflictError

KIND_LABELS = {
    "level": "总量", "growth": "增速", "share": "比重", "change_points": "百分点变化",
    "rank": "位次", "count": "数量", "cumulative": "累计", "target": "目标", "index": "指数",
}
QUALIFIER_LABELS = {
    "exact": "", "passed": "突破", "more_than": "超过", "nearly": "接近", "about": "约",
    "estimated": "预计",
}


@cli.group()
def facts() -> None:
    """从报告、公报和新闻中读取数据（事实），送审核后成为观测值。"""


@facts.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
@click.option("--year", type=int, default=None,
              help="“今年”所指的年份；默认取文中报告的最近年份。")
def extract_cmd(file: Path, as_json: bool, year: int | None) -> None:
    """列出文件中的每个数字：地区、主体、时期、类型、数值、单位、限定词和出处行。

    示例：

    \b
    planwatch facts extract 统计公报.txt
    """
    found = api.facts.extract_file(file, ref_year=year)
    if as_json:
        keys = ("region", "subject", "period", "kind", "value", "unit", "scope", "qualifier",
                "sentence", "line")
        echo_json([{k: f.as_dict()[k] for k in keys} for f in found])
        return
    table = Table("行", "地区", "主体", "时期", "类型", "数值", "单位", "限定", "范围",
                  title=f"{file.name}：共{len(found)}条", title_justify="left")
    for f in found:
        value = num(f.value, 4) if f.upper is None else f"{num(f.value, 4)}–{num(f.upper, 4)}"
        table.add_row(str(f.line), safe(f.region), safe(f.subject or "—"), safe(f.period or "—"),
                      KIND_LABELS[f.kind.value], safe(value), safe(f.unit or "—"),
                      QUALIFIER_LABELS[f.qualifier.value] + ("（预计）" if f.estimated and
                                                            f.qualifier.value != "estimated"
                                                            else ""),
                      f.scope or "")
    SafeConsole(highlight=False).print(table)


def _who(name: str | None) -> str:
    return name or os.environ.get("PLANWATCH_USER") or os.environ.get("USER") or "命令行用户"


@facts.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help="“今年”所指的年份；默认取文件日期或文中最近年份。")
@click.option("--submitter", default=None, help="提交人；默认为当前用户。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 摘要。")
@pass_ctx
def import_cmd(ctx: Context, file: Path, year: int | None, submitter: str | None,
               as_json: bool) -> None:
    """把文件中的数字送入审核队列（能关联到统计指标的自动关联）。"""
    report = api.facts.import_file(ctx.store, file, submitter=_who(submitter), ref_year=year)
    summary = report.as_dict()
    if as_json:
        echo_json(summary)
        return
    echo(
        f"已读取“{file.name}”（文档 {report.document}）：共{summary['facts']}个数字，"
        f"其中{summary['linked']}个关联到统计指标；送审{summary['queued']}条"
        f"（冲突{summary['conflicts']}条），与此前送审重复而未再送{summary['skipped']}条。"
        "运行 planwatch facts review 审核。"
    )


def _show(c: api.review.Candidate, n: int, total: int) -> None:
    con = SafeConsole(highlight=False)
    value = "—" if c.value is None else f"{num(c.value, 4)}{c.unit or ''}"
    con.print(f"[bold]候选数据 #{c.id}[/bold]（{n}/{total}，来源 {safe(c.origin)}，"
              f"提交人 {safe(c.submitted_by)}，版本 {c.version}）")
    con.print(f"  指标：{safe(c.statistic or '（未关联）')}　地区：{safe(c.region or '—')}　"
              f"时期：{safe(c.period or '—')}　类型：{safe(KIND_LABELS.get(c.kind, c.kind))}"
              + (f"　范围：{safe(c.scope)}" if c.scope else ""))
    qual = QUALIFIER_LABELS.get(c.qualifier, "")
    con.print(f"  数值：{safe(qual)}{safe(value)}　原文：{safe(c.text or '—')}　出处：{safe(c.source.label)}")
    if c.sentence:
        con.print(f"  原句：{safe(c.sentence)}")
    if c.explanation:
        con.print(f"  说明：{safe(c.explanation)}")
    if c.conflict:
        con.print(f"  [bold red]冲突：{safe(c.conflict)}[/bold red]")


@facts.command("review")
@click.option("--reviewer", default=None, help="审核人；默认为当前用户。")
@click.option("--accept-all-linked", is_flag=True,
              help="不逐条询问：接受所有已关联且无冲突的候选数据（供脚本使用）。")
@click.option("--origin", type=click.Choice(["facts", "web", "excel", "api"]), default=None,
              help="只审核某一来源的候选数据。")
@pass_ctx
def review_cmd(ctx: Context, reviewer: str | None, accept_all_linked: bool,
               origin: str | None) -> None:
    """逐条审核候选数据：接受、更正或拒绝（每项决定记入审计日志）。"""
    who = _who(reviewer)
    if accept_all_linked:
        done = api.facts.accept_all_linked(ctx.store, reviewer=who)
        echo(f"已接受{len(done.accepted)}条；与已有观测值相同、记为第二来源{len(done.second_sources)}条；"
                   f"留待人工审核{len(done.left)}条。")
        for c, why in done.left[:20]:
            echo(f"  #{c.id} {c.statistic or '（未关联）'} {c.period or '—'} "
                       f"{num(c.value, 4) if c.value is not None else '—'}{c.unit or ''}：{why}")
        return
    queue = api.review.pending(ctx.store, origin=origin)
    if not queue:
        echo("审核队列为空。")
        return
    for n, c in enumerate(queue, 1):
        _show(c, n, len(queue))
        if not _decide_one(ctx, c, who):
            echo("已退出审核；未审核的候选数据仍在队列中。")
            return
    echo("本轮审核完成。")


def _decide_one(ctx: Context, c: api.review.Candidate, who: str) -> bool:
    choice = click.prompt("  接受(a) / 更正(c) / 拒绝(r) / 跳过(s) / 退出(q)",
                          type=click.Choice(["a", "c", "r", "s", "q"]), show_choices=False)
    try:
        if choice == "a":
            rev = False
            if c.conflict:
                rev = click.confirm("  存在冲突。确认作为修订数据记录（不覆盖原值）？", default=False)
                if not rev:
                    echo("  已跳过。")
                    return True
            done = api.review.accept(ctx.store, c.id, version=c.version, reviewer=who,
                                     as_revision=rev)
            echo(f"  已接受：观测值#{done.observation_id}。{done.review_comment or ''}")
        elif choice == "c":
            value = click.prompt("  更正后的数值", type=float)
            unit = click.prompt("  单位", default=c.unit or "", show_default=True)
            statistic = None if c.statistic else click.prompt("  统计指标编号", default="") or None
            reason = click.prompt("  更正说明", default="", show_default=False) or None
            done = api.review.correct(ctx.store, c.id, version=c.version, reviewer=who,
                                      value=value, unit=unit or None, comment=reason,
                                      statistic=statistic)
            echo(f"  已更正并接受：观测值#{done.observation_id}（原值 {num(c.value or 0, 4)}）。")
        elif choice == "r":
            reason = click.prompt("  拒绝理由")
            api.review.reject(ctx.store, c.id, version=c.version, reviewer=who, comment=reason)
            echo("  已拒绝。")
        elif choice == "q":
            return False
    except (ConflictError, ConfigError) as exc:
        echo(f"  未处理：{exc}")
    return True
