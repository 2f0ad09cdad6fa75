"""``planwatch methods``: list the evaluation methods and evaluate tables of series with them."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import cli
from planwatch.cli.output import console, echo, echo_json, json_option
from planwatch.errors import ConfigError


@cli.group(invoke_without_command=True)
@json_option
@click.pass_context
def methods(ctx: click.Context, as_json: bool) -> None:
    """列出评估方法及其参数；methods run 直接评估序列表。

    示例：

    \b
    planwatch methods
    """
    if ctx.invoked_subcommand is not None:
        return
    infos = api.series.method_catalogue()
    if as_json:
        echo_json([i.as_dict() for i in infos])
        return
    con = console(fit=True)
    for info in infos:
        con.print(f"[bold]{info.name}[/bold]  {info.title}"
                  + ("" if info.series else "（仅用于规划指标）"))
        table = Table("参数", "类型", "默认值", "说明")
        for p in info.params:
            table.add_row(p.name, p.type, str(p.default), p.help)
        con.print(table)


def _options(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"“{item}”应写成 参数名=值，例如 weights=linear", param_hint="--set")
        out[key.strip()] = value.strip()
    return out


@methods.command("run")
@click.argument("method")
@click.argument("more", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--series", "series", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="序列文件 CSV：列 id,year,value（可多次给出；无 id 列时以文件名为编号）。")
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="设置文件 CSV：列 id,direction,target,target_year,base_year,limit（无值留空）。")
@click.option("--set", "sets", multiple=True, metavar="参数=值",
              help="方法参数（planwatch methods 可查），可多次给出。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表 [{id, method, status, value, score, reasons}]。")
def run(method: str, more: tuple[Path, ...], series: tuple[Path, ...], config: Path | None,
        sets: tuple[str, ...], as_json: bool) -> None:
    """用 METHOD（或 all）评估序列表，不需要规划。

    序列文件用 --series 给出，或直接列在 METHOD 之后。输入有误的序列列为“未作出评估”并说明
    原因（同时在标准错误输出中指明文件和行号，退出码为1），其余序列照常评估。设置了但没有
    数据的序列列为无数据（not available）并说明原因，不算输入错误。"""
    files = series + more
    if not files:
        raise click.UsageError("请用 --series 给出至少一个序列文件（列 id,year,value）。")
    try:
        result = api.series.run_series(method, files, config, options=_options(sets))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    from planwatch.issues import Severity

    errors = [p for p in result.issues if p.severity is Severity.ERROR]
    for problem in result.issues:
        echo(f"{'输入问题' if problem.severity is Severity.ERROR else '提示'}：{problem}", err=True)
    if as_json:
        echo_json(result.as_list())
    else:
        _print_run(result)
    if errors:  # a series without data is a gap, not an input error (exit 0)
        sys.exit(1)


def _print_run(result: api.series.SeriesRun) -> None:
    table = Table("编号", "方法", "评价（对照）", "方法类别", "进展值", "得分")
    for r in result.results:
        a = r.assessment
        table.add_row(r.id, a.method, _status(a.status.value), a.label,
                      "—" if a.value is None else f"{a.value:.6g}",
                      "—" if a.score is None else f"{a.score:.4g}")
    console(fit=True).print(table)


def _status(code: str) -> str:
    from planwatch.evaluation.base import STATUS_LABELS, Status

    return STATUS_LABELS[Status(code)]
