"""``planwatch plan parse`` and ``planwatch plan import``: read a plan from its document."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import console, echo, echo_json, num, safe
from planwatch.cli.tables import print_table

QUALIFIER_LABELS = {
    "exact": "", "at_least": "以上", "about": "左右", "at_most": "以内", "cumulative": "（五年累计）",
    "province_task": "完成省下达任务", "none": "未量化",
}
NATURE_LABELS = {"expected": "预期性", "binding": "约束性"}
SEVERITY_LABELS = {"error": "[bold red]错误[/]", "warning": "[yellow]提醒[/]", "info": "说明"}


@cli.group()
def plan() -> None:
    """从规划文本读取指标表、分解表和文中目标（.txt / .docx / .pdf / .xlsx）。"""


@plan.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="按约定格式输出 JSON。")
def parse_cmd(file: Path, as_json: bool) -> None:
    """读取规划文件并显示读到的内容、每行的出处和发现的问题；不写入数据库。

    示例：

    \b
    planwatch plan parse 规划文本.docx
    planwatch plan parse 规划文本.pdf --json
    """
    result = api.plans.parse_plan_file(file)
    if as_json:
        echo_json(result.as_dict())
    else:
        print_parse(result)
    if any(i.code == "unreadable-document" for i in result.issues):
        raise SystemExit(1)  # the file could not be read at all: the message above says why


def _where(src: dict[str, object]) -> str:
    parts = []
    if src.get("table"):
        parts.append(str(src["table"]))
    if src.get("page") is not None:
        parts.append(f"第{src['page']}页")
    if src.get("line") is not None:
        parts.append(f"第{src['line']}行")
    if src.get("cell"):
        parts.append(str(src["cell"]))
    return " ".join(parts) or str(src.get("file", ""))


def print_parse(result: api.plans.ParsedPlan) -> None:
    con = console(fit=True)
    d = result.as_dict()
    meta = d["plan"]
    period = f"{meta['period_start']}—{meta['period_end']}年" if meta["period_start"] else "期限不详"
    con.print(f"[bold]{safe(meta['title'] or '（未识别标题）')}[/bold]  地区：{safe(meta['region'] or '不详')}  {safe(period)}"
              f"  文件：{safe(result.file)}")
    if d["indicators"]:
        rows = []
        for i in d["indicators"]:
            base = "—" if i["base_value"] is None else f"{num(i['base_value'], 4)}（{i['base_year']}）"
            growth = "—" if i["declared_growth"] is None else (
                f"{num(i['declared_growth'], 4)}{'个百分点' if i['declared_growth_unit'] == 'points' else '%'}")
            rows.append([str(i["seq"]), i["name"], i["category"] or "", i["unit"], base, _target(i),
                         num(i["stretch_value"], 4) if i["stretch_value"] is not None else "", growth,
                         NATURE_LABELS[i["nature"]],
                         "越高越好" if i["direction"] == "higher_better" else "越低越好",
                         _where(i["source"])])
        print_table(con, ("序号", "指标", "类别", "单位", "基期", "目标", "力争", "年均增长", "属性",
                          "方向", "出处"), rows, title=f"指标 {len(d['indicators'])} 项", name=(0, 1))
    if d["decompositions"]:
        rows = [[x["indicator"], x["region"], str(x["year"]), num(x["value"], 4), _where(x["source"])]
                for x in d["decompositions"]]
        print_table(con, ("指标", "地区", "年份", "数值", "出处"), rows,
                    title=f"分解 {len(d['decompositions'])} 项", name=(0, 1))
    if d["narrative_targets"]:
        rows = []
        for x in d["narrative_targets"]:
            q = QUALIFIER_LABELS[x["qualifier"]]
            value = f"{'新增' if x['increment'] else ''}{num(x['value'], 4)}{x['unit']}{q}"
            rows.append([x["subject"], value + ("（力争）" if x["stretch"] else ""), str(x["year"]),
                         _where(x["source"])])
        print_table(con, ("目标对象", "目标", "年份", "出处"), rows,
                    title=f"文中目标 {len(d['narrative_targets'])} 项")
    if d["issues"]:
        con.print(f"[bold]发现问题 {len(d['issues'])} 处：[/bold]")
        for x in d["issues"]:
            con.print(f"  {SEVERITY_LABELS[x['severity']]} {safe('【' + _issue_title(x['code']) + '】')} "
                      f"{safe(_where(x['source']))}：{safe(x['message'])}")
    else:
        con.print("未发现问题。")


def _issue_title(code: str) -> str:
    from planwatch.issues import CATALOGUE

    t = CATALOGUE.get(code)
    return t.title if t else code


def _target(i: dict[str, object]) -> str:
    q = str(i["qualifier"])
    if i["target_text"]:
        return str(i["target_text"])
    if q in ("province_task", "none"):
        return QUALIFIER_LABELS[q]
    value = num(i["target_value"], 4)  # type: ignore[arg-type]
    return f"[{value}]" if q == "cumulative" else f"{value}{QUALIFIER_LABELS[q]}"


@plan.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="不询问，直接导入（用于脚本）。")
@click.option("--plan-id", default=None, metavar="ID",
              help="规划编号；默认按标题生成（与已有规划的地区、名称、规划期或指标表相同时按修订更新该规划，不另建）。给出已有编号则按修订版更新该规划。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导入结果。")
@pass_ctx
def import_cmd(ctx: Context, file: Path, yes: bool, plan_id: str | None, as_json: bool) -> None:
    """读取规划文件，显示读到的内容和问题，确认后写入数据库（同一文件重复导入不产生变化）。

    示例：

    \b
    planwatch plan import 规划文本.docx --plan-id jinhua-industry-14
    """
    prepared = api.plans.prepare_import(ctx.store, file, plan_id=plan_id)
    if not as_json:
        print_parse(prepared.parsed)
        _print_mapping(prepared)
    if prepared.errors:
        api.plans.import_plan(ctx.store, prepared)  # raises LoadError listing every error; nothing written
    if not yes and not click.confirm(f"确认将以上内容导入为规划“{prepared.plan_id}”？", default=False):
        raise click.exceptions.Abort()
    done = api.plans.import_plan(ctx.store, prepared, actor="cli")
    if as_json:
        echo_json(done.as_dict())
        return
    _print_result(done)


def _print_mapping(imp: api.plans.PlanImport) -> None:
    con = console(fit=True)
    for s in imp.conversion.new_statistics:
        con.print(f"  将新建统计指标 {safe(s.id)}：{safe(s.name)}（{safe(s.unit or '无单位')}）")
    for r in imp.conversion.new_regions:
        con.print(f"  将新建地区 {safe(r.id)}：{safe(r.name)}（请补充行政区划代码）")
    if imp.conversion.findings:
        con.print(f"[bold]表内矛盾与核对提示 {len(imp.conversion.findings)} 条[/bold]（导入后可用 planwatch findings 查看）")
    if imp.matched:
        con.print(f"[bold]{safe(imp.matched)}[/bold]：将作为该规划的修订更新，不新建规划。"
                  + (f"将改变 {len(imp.proposed)} 项：" if imp.proposed else "内容完全相同，导入不会改变任何数据。"))
        for x in imp.proposed[:50]:
            con.print(f"  {safe(x)}")


def _print_result(imp: api.plans.PlanImport) -> None:
    assert imp.report is not None
    r = imp.report.as_dict()
    ins, upd, same = (sum(r[k].values()) for k in ("inserted", "updated", "unchanged"))
    echo(f"已导入规划“{imp.plan_id}”到 {imp.report.dataset}：新增{ins}条，更新{upd}条，未变{same}条。")
    if not imp.changes:
        echo("与数据库中已有内容相比没有变化。" if not ins else "")
        return
    echo("修订内容（已记入审计日志）：")
    for c in imp.changes:
        before, after = c["before"] or {}, c["after"] or {}
        fields = "；".join(f"{k}：{_show(before.get(k))} → {_show(after.get(k))}"
                          for k in after if before.get(k) != after.get(k))
        echo(f"  {c['entity']} {c['id']}：{fields or '出处或说明更新'}")


def _show(v: object) -> str:
    return "（空）" if v is None or v == "" else str(v)
