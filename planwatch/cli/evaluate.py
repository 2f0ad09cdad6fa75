"""Evaluation commands: ``plans`` (what can be evaluated) and ``evaluate`` (one plan at a date,
with every latest value's source and, for ``--method all``, the methods side by side)."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.defaults import resolve
from planwatch.cli.output import (
    STATUS_STYLE,
    console,
    echo,
    echo_json,
    json_option,
    num,
    parse_date,
    pct,
    safe,
)


@cli.command()
@json_option
@pass_ctx
def plans(ctx: Context, as_json: bool) -> None:
    """列出已有规划的编号。

    示例：

    \b
    planwatch plans
    planwatch plans --json
    """
    items = ctx.store.plans()
    if as_json:
        echo_json([{"id": p.id, "title": p.title, "region": p.region,
                                "period": [p.period_start, p.period_end], "status": p.status.value}
                               for p in items])
        return
    if not items:
        echo("还没有规划。运行 planwatch init 载入内置数据。")
        return
    table = Table("编号", "名称", "期限", "状态")
    for p in items:
        table.add_row(safe(p.id), safe(p.title), f"{p.period_start}—{p.period_end}",
                      "征求意见稿" if p.status.value == "draft" else "已批准")
    console().print(table)


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
@json_option
@pass_ctx
def evaluate(ctx: Context, plan_id: str | None, as_of: str | None, method: str,
             known_at: str | None, vocabulary: str | None, as_json: bool) -> None:
    """按“时间与进度基本一致”原则评估规划各项指标的进度。

    示例：

    \b
    planwatch evaluate --plan jinhua-industry-14 --as-of 2023-06-30
    planwatch evaluate --plan cn-outline-14 --as-of 2023-06-30 --vocabulary national --json
    planwatch evaluate --plan jinhua-industry-14 --as-of 2023-06-30 --method all
    """
    store = ctx.store
    plan_id, when, basis = resolve(store, plan_id, as_of)
    known = parse_date(known_at) if known_at else None
    opts: dict[str, Any] = {"known_at": known, "vocabulary": vocabulary}
    if as_json:
        result = api.evaluate.evaluate_plan(store, plan_id, when, method=method, **opts)
        out = result.as_dict()
        if basis is not None:
            out["as_of_basis"] = basis.as_dict()
        echo_json(out)
        return
    with Progress(transient=True, console=console(err=True)) as bar:
        task = bar.add_task("评估中…", total=None)

        def tick(n: int, total: int) -> None:
            bar.update(task, completed=n, total=total)

        result = api.evaluate.evaluate_plan(store, plan_id, when, method=method, progress=tick, **opts)
    _print_evaluation(result)


def _print_evaluation(result: api.evaluate.PlanEvaluation) -> None:
    con = console()
    known = f"  数据按 {result.known_at} 已发布的版本" if result.known_at else ""
    con.print(f"[bold]{safe(result.plan.title)}[/bold]  评估时点 {result.as_of}  "
              f"时间进度 {pct(result.time_elapsed)}  方法 {result.method}{known}")
    table = Table("序号", "指标", "单位", "属性", "基期", "目标", "最新值（时期）", "进度/时间",
                  "评价", "后续年均需增长", show_lines=False)
    for r in result.results:
        i, a = r.indicator, r.assessment
        base = f"{i.base_text or num(i.base_value)}"
        latest = "—" if a.latest_value is None else f"{num(a.latest_value)}（{a.latest_period}）"
        # progress is capped at 100% for display (methods.md 2.5); the JSON keeps the raw share
        shown = None if a.progress is None else min(a.progress, 1.0)
        prog = "—" if shown is None else f"{pct(shown)}/{pct(a.expected_progress)}"
        need = "—" if a.required_growth is None else (
            f"{a.required_growth:.2f}{a.required_growth_unit or '%'}"
        )
        label = a.label + ("（预警）" if a.warning else "")
        table.add_row(str(i.seq), safe(i.name), safe(i.unit), "约束性" if i.nature.value == "binding" else "预期性",
                      base, safe(i.target_text or num(i.target_value)), safe(latest), prog,
                      f"[{STATUS_STYLE[a.status]}]{label}[/]", need)
    con.print(table)
    _print_sources(con, result)
    if any(r.others for r in result.results):
        print_side_by_side(con, result)
    con.print(result.sentence)
    if result.findings:
        con.print(f"[yellow]数据问题 {len(result.findings)} 条[/yellow]（planwatch findings 查看详情）")


def _print_sources(con: Console, result: api.evaluate.PlanEvaluation) -> None:
    """Every latest value in the table with its source, period, status and revision (for every
    method: :attr:`~planwatch.evaluation.base.Assessment.latest`)."""
    lines = []
    for r in result.results:
        latest = r.assessment.latest
        if latest is None:
            continue
        lines.append(
            f"  {r.indicator.seq}. {r.indicator.name}：{num(latest.value)}"
            f"（{latest.period_label}，{latest.status.label}，第{latest.revision}版）— 来源：{latest.source.label}"
        )
    if lines:
        con.print("最新值来源：", highlight=False)
        for line in lines:
            con.print(line, highlight=False, markup=False)


def print_side_by_side(con: Console, result: api.evaluate.PlanEvaluation) -> None:
    """The crosswalk table of ``planwatch evaluate --method all``: one column per method with
    its own category (and figure), coloured by the crosswalked status."""
    first = result.results[0]
    names = [a.method for a in (first.assessment, *first.others)]
    table = Table("序号", "指标", *names, title="各方法评价对照（颜色为对应的中国规则状态）")
    for r in result.results:
        cells = []
        for a in (r.assessment, *r.others):
            figure = "" if a.value is None else f" {a.value:.3g}"
            cells.append(f"[{STATUS_STYLE[a.status]}]{a.label}{figure}[/]")
        table.add_row(str(r.indicator.seq), safe(r.indicator.name), *cells)
    con.print(table)
