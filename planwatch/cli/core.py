"""Core commands: init, load, plans, evaluate, findings, db."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.evaluation.base import Status

STATUS_STYLE = {
    Status.REACHED_EARLY: "bold green",
    Status.ON_SCHEDULE: "green",
    Status.BEHIND: "bold red",
    Status.NOT_ASSESSABLE: "dim",
}


def _console(err: bool = False) -> Console:
    """A console for Chinese tables: in a pipe or a file (no terminal width to follow) the table
    is printed wide enough for every column instead of being cut to 80 characters."""
    probe = Console(stderr=err)
    width = None if probe.is_terminal else 200
    return Console(stderr=err, highlight=False, soft_wrap=False, width=width)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期“{value}”格式应为 YYYY-MM-DD，例如 2023-06-30") from None


def _num(v: float | None, digits: int = 2) -> str:
    if v is None:
        return "—"
    text = f"{v:,.{digits}f}".rstrip("0").rstrip(".")
    return text


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """建立（或升级）数据库并载入内置数据：国家“十四五”规划《纲要》和金华数据。"""
    from planwatch.api.data import load_embedded_all

    for report in load_embedded_all(ctx.store):
        _print_load(report.as_dict(), ctx.store.url)


@cli.command()
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_ctx
def load(ctx: Context, folder: Path | None) -> None:
    """载入数据目录（YAML/CSV，格式同内置数据）；不给目录则载入内置数据。"""
    from planwatch.api.data import load_folder

    report = load_folder(ctx.store, folder) if folder else api.load_embedded(ctx.store)
    _print_load(report.as_dict(), ctx.store.url)


def _print_load(summary: dict[str, Any], url: str) -> None:
    ins = sum(summary["inserted"].values())
    upd = sum(summary["updated"].values())
    same = sum(summary["unchanged"].values())
    click.echo(
        f"已载入数据集“{summary['dataset']}”到 {url}：新增{ins}条，更新{upd}条，未变{same}条；"
        f"数据问题{summary['findings']}条（planwatch findings 查看）。"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@pass_ctx
def plans(ctx: Context, as_json: bool) -> None:
    """列出已有规划的编号。"""
    items = ctx.store.plans()
    if as_json:
        click.echo(json.dumps([{"id": p.id, "title": p.title, "region": p.region,
                                "period": [p.period_start, p.period_end], "status": p.status.value}
                               for p in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("还没有规划。运行 planwatch init 载入内置数据。")
        return
    table = Table("编号", "名称", "期限", "状态")
    for p in items:
        table.add_row(p.id, p.title, f"{p.period_start}—{p.period_end}",
                      "征求意见稿" if p.status.value == "draft" else "已批准")
    _console().print(table)


@cli.command()
@click.option("--plan", "plan_id", default=None,
              help="规划编号（planwatch plans 可查）；默认为今天所在规划期的规划，尚无本期数据时为最近结束的规划。")
@click.option("--as-of", "as_of", default=None,
              help="评估时点 YYYY-MM-DD：只用数据期截至该日的数据；默认今天，规划期已结束的规划为期末（最终评估）。")
@click.option("--method", default="china", show_default=True,
              help="评估方法（planwatch methods 可查）；all 为各方法并列对照。")
@click.option("--as-known-at", "known_at", default=None, metavar="YYYY-MM-DD",
              help="按该日已发布的数据评估（首次发布数，不用其后的修订数），用来重现当时的评估；默认用最新修订数。")
@click.option("--vocabulary", type=click.Choice(["city", "national"]), default=None,
              help="评价用语：city（达到或超过进度要求……）或 national（提前实现/快于预期/基本符合预期/滞后）；默认按规划设定。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@pass_ctx
def evaluate(ctx: Context, plan_id: str | None, as_of: str | None, method: str,
             known_at: str | None, vocabulary: str | None, as_json: bool) -> None:
    """按“时间与进度基本一致”原则评估规划各项指标的进度。"""
    from planwatch.cli.defaults import resolve

    store = ctx.store
    plan_id, when, basis = resolve(store, plan_id, as_of)
    known = _date(known_at) if known_at else None
    opts: dict[str, Any] = {"known_at": known, "vocabulary": vocabulary}
    if as_json:
        result = api.evaluate_plan(store, plan_id, when, method=method, **opts)
        out = result.as_dict()
        if basis is not None:
            out["as_of_basis"] = basis.as_dict()
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    with Progress(transient=True, console=_console(err=True)) as bar:
        task = bar.add_task("评估中…", total=None)

        def tick(n: int, total: int) -> None:
            bar.update(task, completed=n, total=total)

        result = api.evaluate_plan(store, plan_id, when, method=method, progress=tick, **opts)
    _print_evaluation(result)


def _print_evaluation(result: api.PlanEvaluation) -> None:
    con = _console()
    known = f"  数据按 {result.known_at} 已发布的版本" if result.known_at else ""
    con.print(f"[bold]{result.plan.title}[/bold]  评估时点 {result.as_of}  "
              f"时间进度 {_pct(result.time_elapsed)}  方法 {result.method}{known}")
    table = Table("序号", "指标", "单位", "属性", "基期", "目标", "最新值（时期）", "进度/时间",
                  "评价", "后续年均需增长", show_lines=False)
    for r in result.results:
        i, a = r.indicator, r.assessment
        base = f"{i.base_text or _num(i.base_value)}"
        latest = "—" if a.latest_value is None else f"{_num(a.latest_value)}（{a.latest_period}）"
        # progress is capped at 100% for display (methods.md 2.5); the JSON keeps the raw share
        shown = None if a.progress is None else min(a.progress, 1.0)
        prog = "—" if shown is None else f"{_pct(shown)}/{_pct(a.expected_progress)}"
        need = "—" if a.required_growth is None else (
            f"{a.required_growth:.2f}{a.required_growth_unit or '%'}"
        )
        label = a.label + ("（预警）" if a.warning else "")
        table.add_row(str(i.seq), i.name, i.unit, "约束性" if i.nature.value == "binding" else "预期性",
                      base, i.target_text or _num(i.target_value), latest, prog,
                      f"[{STATUS_STYLE[a.status]}]{label}[/]", need)
    con.print(table)
    _print_sources(con, result)
    if any(r.others for r in result.results):
        from planwatch.cli.methods import print_side_by_side

        print_side_by_side(con, result)
    con.print(result.sentence)
    if result.findings:
        con.print(f"[yellow]数据问题 {len(result.findings)} 条[/yellow]（planwatch findings 查看详情）")


STATUS_WORDS = {"final": "终值", "preliminary": "初步数", "revised": "修订数", "estimated": "预计数"}


def _print_sources(con: Console, result: api.PlanEvaluation) -> None:
    """Every latest value in the table with its source, period, status and revision."""
    lines = []
    for r in result.results:
        n = r.assessment.numbers
        src = n.get("latest_source")
        if r.assessment.latest_value is None or not isinstance(src, dict):
            continue
        status = STATUS_WORDS.get(str(n.get("latest_status")), str(n.get("latest_status") or ""))
        lines.append(
            f"  {r.indicator.seq}. {r.indicator.name}：{_num(r.assessment.latest_value)}"
            f"（{n.get('latest_period_label') or r.assessment.latest_period}，{status}，"
            f"第{n.get('latest_revision', 1)}版）— 来源：{src.get('label', '来源不详')}"
        )
    if lines:
        con.print("最新值来源：", highlight=False)
        for line in lines:
            con.print(line, highlight=False, markup=False)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@pass_ctx
def findings(ctx: Context, as_json: bool) -> None:
    """列出载入数据时发现的问题（表内矛盾、分解不平衡等）。"""
    items = ctx.store.findings()
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in items], ensure_ascii=False, indent=2))
        return
    for f in items:
        click.echo(str(f))
    if not items:
        click.echo("没有发现数据问题。")


@cli.group()
def db() -> None:
    """数据库维护。"""


@db.command("upgrade")
@pass_ctx
def db_upgrade(ctx: Context) -> None:
    """升级数据库结构到最新版本。"""
    rev = ctx.store.upgrade()
    click.echo(f"数据库 {ctx.store.url} 已是最新结构（版本 {rev}）。")


@db.command("dump")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def db_dump(ctx: Context, file: Path) -> None:
    """把整个数据库备份为一个文件（.jsonl 或 .jsonl.gz，末尾附行数与校验和清单），可在新服务器上恢复。"""
    store = api.open_existing(ctx.db)
    try:
        counts = store.dump(file)
    finally:
        store.dispose()
    click.echo(f"已备份 {sum(counts.values())} 行（{len(counts)} 张表）到 {file}。")


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def db_restore(ctx: Context, file: Path) -> None:
    """把备份文件恢复到一个空数据库（一个事务：要么全部恢复，要么不写入）。"""
    counts = ctx.store.restore(file)
    click.echo(f"已恢复 {sum(counts.values())} 行（{len(counts)} 张表）到 {ctx.store.url}。")
