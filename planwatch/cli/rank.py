"""``planwatch rank``: rank regions on a statistic, counties on their decomposed targets, and
composite scores per region or department."""

from __future__ import annotations

import click
from rich.table import Table

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import console, echo_json, json_option, parse_date, safe
from planwatch.evaluation.ranking import MISSING_RULES, NORMALISATIONS, TIE_LABELS, TIE_RULES

TIES = click.Choice(TIE_RULES)


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:,.6g}"


def _print_ranking(r: api.ranking.RankingResult, progress: bool = False) -> None:
    con = console(fit=True)
    con.print(f"[bold]{safe(r.title)}[/bold]")
    table = Table("名次", "单位", "数值" if not progress else "完成进度", "时期", "来源")
    for row in r.rows:
        if row.rank is None:
            continue
        place = f"{row.rank}" + ("（并列）" if row.tied else "")
        value = f"{row.value * 100:.1f}%" if progress and row.value is not None else _num(row.value)
        table.add_row(place, safe(row.name), value, safe(row.period or "—"), safe(row.source or "—"))
    con.print(table)
    missing = [row for row in r.rows if row.rank is None]
    if missing:
        con.print(f"[yellow]缺少数据、未参与排名（{len(missing)}个）：[/yellow]")
        for row in missing:
            con.print(f"  {safe(row.name)}：{safe(row.missing_reason)}")
    con.print(f"排名依据：{r.key}；方向：{r.direction_basis}；并列规则：{r.tie_rule}。")
    for note in r.notes:
        con.print(safe(note))


@cli.group()
def rank() -> None:
    """排名与综合得分（综合考核评价）。"""


@rank.command("regions")
@click.option("--statistic", required=True, help="统计指标编号或名称，例如 gdp、常住人口城镇化率。")
@click.option("--period", required=True, help="时期代码，例如 2024、2023-H1、2025-01..11。")
@click.option("--kind", default=None, help="数据类别（level/share/count/growth/…）；默认取指标本身的数值。")
@click.option("--parent", default=None,
              help="上级地区代码或名称：对其下属县（市、区）排名；默认取数据中县级单位最多的地区。")
@click.option("--direction", type=click.Choice(["higher_better", "lower_better"]), default=None,
              help="排名方向；默认按统计指标设定（未设定时越大越前）。")
@click.option("--ties", type=TIES, default="min", show_default=True, help="并列规则：" + "；".join(
    f"{k} {v}" for k, v in TIE_LABELS.items()))
@click.option("--with-functional-areas", "functional", is_flag=True, help="包括开发区、新区等功能区。")
@json_option
@pass_ctx
def rank_regions(ctx: Context, statistic: str, period: str, kind: str | None, parent: str | None,
                 direction: str | None, ties: str, functional: bool, as_json: bool) -> None:
    """按一个统计指标和时期对县（市、区）排名；缺少数据的单位单独列出，不排名。"""
    r = api.ranking.rank_regions(ctx.store, statistic, period, kind=kind, parent=parent,
                                 direction=direction, ties=ties, include_functional=functional)
    if as_json:
        echo_json(r.as_dict())
    else:
        _print_ranking(r)


@rank.command("counties")
@click.option("--indicator", "indicator_id", required=True,
              help="有分县目标的规划指标编号，例如 jinhua-industry-14/02。")
@click.option("--as-of", "as_of", required=True, help="评估时点 YYYY-MM-DD。")
@click.option("--method", default="china", show_default=True, help="评估方法。")
@click.option("--ties", type=TIES, default="min", show_default=True, help="并列规则。")
@json_option
@pass_ctx
def rank_counties(ctx: Context, indicator_id: str, as_of: str, method: str, ties: str,
                  as_json: bool) -> None:
    """按各县（市、区）分解目标的完成进度排名（004 附件1）；缺少县级数据的单独列出。

    示例：

    \b
    planwatch rank counties --indicator jinhua-industry-14/02 --as-of 2023-06-30
    """

    r = api.ranking.rank_decomposed(ctx.store, indicator_id, parse_date(as_of), method=method, ties=ties)
    if as_json:
        echo_json(r.as_dict())
    else:
        _print_ranking(r, progress=True)


def _weights(items: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        key, sep, w = item.partition("=")
        try:
            out[key.strip()] = float(w) if sep else 1.0
        except ValueError:
            raise click.BadParameter(f"“{item}”的权重不是数字；应写成 指标=权重，例如 gdp=2",
                                     param_hint="--item") from None
    return out


@rank.command("score")
@click.option("--item", "items", multiple=True, metavar="指标=权重",
              help="参评指标及权重（可多次给出）；按部门计分时为指标编号或序号=权重。")
@click.option("--period", default=None, help="地区计分所用时期，例如 2024。")
@click.option("--plan", "plan_id", default=None, help="按部门计分：规划编号。")
@click.option("--as-of", "as_of", default=None, help="按部门计分：评估时点 YYYY-MM-DD。")
@click.option("--by", type=click.Choice(["region", "department"]), default="region", show_default=True)
@click.option("--normalise", "normalisation", type=click.Choice(NORMALISATIONS), default="minmax",
              show_default=True, help="标准化方法（地区计分）。")
@click.option("--missing", type=click.Choice(MISSING_RULES), default="skip", show_default=True,
              help="缺项处理：skip 按已有指标重新分配权重；zero 缺项按0分计。")
@click.option("--exclude", multiple=True, help="不参与计分的指标（可多次给出）。")
@click.option("--binding-weight", default=1.0, show_default=True, help="按部门计分时约束性指标的权重倍数。")
@click.option("--parent", default=None, help="上级地区代码或名称；默认取数据中县级单位最多的地区。")
@click.option("--ties", type=TIES, default="min", show_default=True, help="并列规则。")
@json_option
@pass_ctx
def rank_score(ctx: Context, items: tuple[str, ...], period: str | None, plan_id: str | None,
               as_of: str | None, by: str, normalisation: str, missing: str,
               exclude: tuple[str, ...], binding_weight: float, parent: str | None, ties: str,
               as_json: bool) -> None:
    """综合得分：地区按多个统计指标加权（可配置权重、标准化和剔除指标），部门按所牵头指标的进度；每个得分列出组成。"""

    if by == "department":
        if not plan_id or not as_of:
            raise click.UsageError("按部门计分需要 --plan 和 --as-of。")
        r = api.ranking.composite_departments(ctx.store, plan_id, parse_date(as_of), weights=_weights(items),
                                              binding_weight=binding_weight, exclude=exclude, ties=ties)
    else:
        if not period:
            raise click.UsageError("按地区计分需要 --period，例如 --period 2024。")
        r = api.ranking.composite_regions(ctx.store, _weights(items), period, parent=parent,
                                          normalisation=normalisation, missing=missing,
                                          exclude=exclude, ties=ties)
    if as_json:
        echo_json(r.as_dict())
        return
    con = console(fit=True)
    con.print(f"[bold]{safe(r.title)}[/bold]")
    for s in r.scores:
        place = "—" if s.rank is None else f"第{s.rank}名" + ("（并列）" if s.tied else "")
        con.print(f"{place}  {safe(s.explanation(r.names.get(s.unit)))}")
    from planwatch.evaluation.ranking import NORMALISATION_LABELS

    con.print(f"标准化：{NORMALISATION_LABELS[r.normalisation]}；并列规则：{TIE_LABELS[r.ties]}。")
