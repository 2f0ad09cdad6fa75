"""Entering annual targets (年度计划 / 政府工作报告) and province tasks (省下达任务) per indicator and
year (and region where needed), each with its source, from CSV/xlsx (``planwatch annual import``,
the web) — columns ``indicator,year,value,unit,source`` or 指标编号/年份/目标值/单位/来源, with
optional ``region``/区域 and ``kind``/类型 (年度计划 or 省下达任务). Indicators judged against
annual tasks become assessable once a task and a value for its year exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch import model as m
from planwatch import units
from planwatch.api.responsibilities import Resolver, _problems
from planwatch.api.submissions import parse_number
from planwatch.api.tables import TableRow, aliases_of, read_table
from planwatch.errors import ConfigError
from planwatch.store import Store

COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("指标编号", "指标"),
    "year": ("年份", "年度"),
    "value": ("目标值", "任务值", "数值"),
    "unit": ("单位", "计量单位"),
    "source": ("来源", "依据", "出处"),
    "region": ("区域", "地区", "区县"),
    "kind": ("类型", "目标类型"),
}
LABELS = {"indicator": "指标编号", "year": "年份", "value": "目标值", "unit": "单位", "source": "来源",
          "region": "区域", "kind": "类型"}
KINDS = {"年度计划": "annual_plan", "年度目标": "annual_plan", "政府工作报告": "annual_plan",
         "annual_plan": "annual_plan", "省下达任务": "province_task", "省下达": "province_task",
         "province_task": "province_task"}
KIND_LABELS = {"annual_plan": "年度目标", "province_task": "省下达任务"}


@dataclass
class AnnualImport:
    file: str
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def message(self) -> str:
        c = self.counts
        return (f"已导入“{self.file}”：年度目标新增 {c.get('inserted', 0)} 条、更新 {c.get('updated', 0)} 条、"
                f"未变 {c.get('unchanged', 0)} 条。")


def _kind_of(ind: m.Indicator) -> str:
    task = ind.rule is m.ProgressRule.PROVINCE_TASK or ind.qualifier is m.Qualifier.PROVINCE_TASK
    return "province_task" if task else "annual_plan"


def _value(v: dict[str, str], where: str, ind: m.Indicator | None, problems: list[str]) -> float | None:
    value = parse_number(v.get("value", ""))
    if value is None:
        problems.append(f"{where}“目标值”“{v.get('value', '')}”无法识别：请填写阿拉伯数字，例如 3.2。")
    unit = v.get("unit", "").strip()
    if ind is not None and value is not None:
        if not unit:
            unit = ind.unit
        elif unit != ind.unit:
            if units.is_known(unit) and units.is_known(ind.unit) and units.compatible(unit, ind.unit):
                value = units.convert(value, unit, ind.unit)
            else:
                problems.append(f"{where}“单位”“{unit}”与指标“{ind.name}”的单位“{ind.unit}”不一致且无法换算：请改为“{ind.unit}”。")
    return value


def _region_kind(v: dict[str, str], where: str, ind: m.Indicator | None, resolver: Resolver,
                 plans: dict[str, m.Plan], problems: list[str]) -> tuple[str | None, str]:
    region = None
    if v.get("region"):
        region = resolver.region(v["region"])
        if region is None:
            problems.append(f"{where}“区域”“{v['region']}”不是已知地区：请填写地区名称或编号，或留空表示规划所在地区。")
        elif ind is not None and region == plans[ind.plan].region:
            region = None
    kind = _kind_of(ind) if ind is not None else "annual_plan"
    if v.get("kind"):
        k = KINDS.get(v["kind"].strip())
        if k is None:
            problems.append(f"{where}“类型”“{v['kind']}”无效：请填写 年度计划 或 省下达任务。")
        else:
            kind = k
    return region, kind


def _row(row: TableRow, file: str, resolver: Resolver, indicators: dict[str, m.Indicator],
         plans: dict[str, m.Plan], problems: list[str]) -> m.Milestone | None:
    v, where = row.values, f"{file}第{row.line}行"
    before = len(problems)
    ind = indicators.get(v.get("indicator", "").strip())
    if ind is None:
        problems.append(f"{where}“指标编号”“{v.get('indicator', '')}”不是已知指标：请填写指标编号，"
                        "例如 jinhua-industry-14/13（planwatch indicators 可查）。")
    year_text = v.get("year", "").strip().removesuffix("年")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if year is None:
        problems.append(f"{where}“年份”“{v.get('year', '')}”无效：请填写四位年份，例如 2022。")
    elif ind is not None:
        plan = plans[ind.plan]
        if not plan.period_start <= year <= plan.period_end:
            problems.append(f"{where}“年份”{year}不在规划“{plan.title}”的规划期"
                            f"（{plan.period_start}—{plan.period_end}年）内：请核对年份或指标。")
    value = _value(v, where, ind, problems)
    source = v.get("source", "").strip()
    if not source:
        problems.append(f"{where}“来源”为空：请写明目标出自何处，例如某年政府工作报告或省下达任务的文件名称。")
    region, kind = _region_kind(v, where, ind, resolver, plans, problems)
    if len(problems) > before or ind is None or year is None or value is None:
        return None
    src = m.SourceRef(title=source, table=file, cell=f"第{row.line}行", note=KIND_LABELS[kind])
    return m.Milestone(ind.id, year, value, region, "entered", src)


def import_annual_targets(store: Store, path: Path, *, actor: str, name: str | None = None,
                          dry_run: bool = False) -> AnnualImport:
    """Import annual targets / province tasks; any bad row → nothing written."""
    file = name or path.name
    rows = read_table(path, aliases_of(COLUMNS), ("indicator", "year", "value", "source"),
                      labels=LABELS, name=file)
    resolver = Resolver(store)
    indicators = {i.id: i for i in store.indicators()}
    plans = {p.id: p for p in store.plans()}
    problems: list[str] = []
    items: list[m.Milestone] = []
    seen: dict[tuple[str, int, str | None], int] = {}
    out = AnnualImport(file)
    for row in rows:
        ms = _row(row, file, resolver, indicators, plans, problems)
        if ms is None:
            continue
        key = (ms.indicator, ms.year, ms.region)
        if key in seen:
            problems.append(f"{file}第{row.line}行：指标“{ms.indicator}”{ms.year}年的目标与第{seen[key]}行重复。")
            continue
        seen[key] = row.line
        items.append(ms)
        out.rows.append({"line": row.line, "indicator": ms.indicator, "year": ms.year,
                         "region": ms.region, "value": ms.value, "unit": indicators[ms.indicator].unit,
                         "source": ms.source.title, "kind": ms.source.note})
    if not rows:
        problems.append(f"{file}：表中没有数据行。")
    if problems:
        raise _problems(file, problems)
    if not dry_run:
        out.counts = store.save_milestones(items, actor=actor, comment=f"导入年度目标“{file}”")
    return out


def entered_targets(store: Store, plan_id: str, year: int | None = None) -> list[dict[str, Any]]:
    """Every entered annual target / province task of a plan (optionally one year), with source."""
    plan = store.plan(plan_id)
    out = []
    for ind in store.indicators(plan.id):
        for ms in store.milestones(ind.id):
            if ms.origin != "entered" or (year is not None and ms.year != year):
                continue
            out.append({"indicator": ind.id, "indicator_name": ind.name, "year": ms.year,
                        "region": ms.region or plan.region, "value": ms.value, "unit": ind.unit,
                        "kind": ms.source.note or KIND_LABELS[_kind_of(ind)],
                        "source": ms.source.title or ms.source.label})
    return out


def annual_template_rows(store: Store, plan_id: str, year: int) -> list[list[Any]]:
    """Rows of an annual-target template for a plan and year (values left empty)."""
    out: list[list[Any]] = [["指标编号", "指标名称", "年份", "目标值", "单位", "来源", "类型"]]
    for ind in store.indicators(plan_id):
        out.append([ind.id, ind.name, year, "", ind.unit, "", "省下达任务" if _kind_of(ind) == "province_task" else "年度计划"])
    return out


def annual_template_xlsx(store: Store, plan_id: str, year: int) -> bytes:
    """The annual-target template as an .xlsx file (texts that look like formulas written as
    text, see :mod:`planwatch.workbook.cells`)."""
    import io

    import openpyxl

    from planwatch.workbook import cells

    check_year(store, plan_id, year)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "年度目标"
    for r in annual_template_rows(store, plan_id, year):
        ws.append(r)
    buf = io.BytesIO()
    cells.save(wb, buf)
    return buf.getvalue()


def check_year(store: Store, plan_id: str, year: int) -> None:
    plan = store.plan(plan_id)
    if not plan.period_start <= year <= plan.period_end:
        raise ConfigError(f"{year}年不在规划“{plan.title}”的规划期（{plan.period_start}—{plan.period_end}年）内。")
