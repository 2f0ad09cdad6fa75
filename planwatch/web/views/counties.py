"""The county view: a schematic map of the children of a region of the data (province → cities,
city → counties) coloured by status on a decomposed target (or by the latest value of any
statistic), with the ranking table; regions without a boundary (functional areas) are listed
beside the map. No region is fixed here: the region comes from the plan, the user or the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import Query

from planwatch import api
from planwatch import model as m
from planwatch.errors import ConfigError, NotFound
from planwatch.evaluation.base import STATUS_LABELS, Status
from planwatch.web.charts import MISSING_COLOUR, STATUS_COLOURS, VALUE_COLOURS
from planwatch.web.context import (
    Option,
    SourceInfo,
    documented,
)
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.present import method_options, parse_as_of, source_info
from planwatch.web.views.plans import DEFAULT_METHOD


@dataclass
class CountyRow:
    """One region in the county table and map."""

    region: str = documented("区域编号")
    name: str = documented("区域名称")
    kind: str = documented("区域类型")
    has_boundary: bool = documented("是否有边界（可上图）", False)
    base: float | None = documented("分解基数")
    base_year: int | None = documented("基数年份")
    target: float | None = documented("分解目标")
    target_year: int | None = documented("目标年份")
    latest_value: float | None = documented("最新值")
    latest_period: str | None = documented("最新值时期")
    progress: float | None = documented("完成进度 p（0-1）")
    expected_progress: float | None = documented("时间进度 e（0-1）")
    status: str = documented("状态代码", "")
    label: str = documented("评价", "")
    colour: str = documented("地图颜色", "")
    rank: int | None = documented("排名（有数值者）")
    source: SourceInfo | None = documented("分解目标或数值的来源")


@dataclass
class LegendItem:
    """One colour of the map legend with its count."""

    key: str = documented("类别代码（评价状态或数值分段）")
    label: str = documented("图例文字")
    colour: str = documented("地图颜色（与表格状态颜色一致）")
    count: int = documented("该类别的区域数", 0)


@dataclass
class CountyPage:
    """区县视图 ``/counties`` (template ``counties.html``)."""

    mode: str = documented("decomposed：按分解目标进度着色；statistic：按某一统计指标最新值着色")
    region: str = documented("上级地区编号（地图显示其下级地区）", "")
    region_name: str = documented("上级地区名称", "")
    regions: list[Option] = documented("可选的上级地区（数据中有下级地区者）", default_factory=list)
    legend: list[LegendItem] = documented("图例：各类别的颜色和区域数", default_factory=list)
    indicator: str | None = documented("分解指标编号")
    statistic: str | None = documented("统计指标编号")
    title: str = documented("当前着色依据")
    unit: str = documented("单位", "")
    indicators: list[Option] = documented("有区县分解的指标", default_factory=list)
    statistics: list[Option] = documented("有区县数据的统计指标", default_factory=list)
    as_of: str = documented("评估时点", "")
    method: str = documented("评估方法", "")
    methods: list[Option] = documented("可选评估方法", default_factory=list)
    rows: list[CountyRow] = documented("区县排名表", default_factory=list)
    functional_areas: list[CountyRow] = documented("无边界的功能区（列于图旁）", default_factory=list)
    disclaimer: str = documented("地图说明", "示意图，不作为权属争议依据")
    boundary_source: str = documented("边界数据来源", "")
    gaps: list[str] = documented("缺失的数据", default_factory=list)


def map_geo(ctx: Ctx, page: CountyPage) -> dict[str, Any]:
    """Template values: the boundaries of the children of the page's region."""
    if not page.region:
        return {"geo": {"type": "FeatureCollection", "features": []}}
    return {"geo": api.regions.child_boundaries(ctx.db, page.region).geojson}


def _decomposed_options(ctx: Ctx, selected: str | None) -> list[Option]:
    ids = sorted({d.indicator for d in ctx.store.decompositions()})
    found = ctx.store.indicators_by_id(ids)  # one query, not one per indicator
    out = []
    for iid in ids:
        ind = found[iid]
        out.append(Option(value=iid, label=f"{ind.name}（{ind.plan}）", selected=iid == selected))
    return out


def _statistic_options(ctx: Ctx, selected: str | None, parent: str) -> list[Option]:
    children = [r.id for r in ctx.store.regions() if r.parent == parent]
    stats = {s.id: s for s in ctx.store.statistics()}
    present = sorted(ctx.store.observed_statistics(children, m.VALUE_KINDS))
    return [Option(value=s, label=stats[s].name if s in stats else s, selected=s == selected)
            for s in present]


def _region_options(ctx: Ctx, selected: str) -> list[Option]:
    out = []
    for r in api.regions.parents_in_data(ctx.db):
        label = f"{r.name}（{api.regions.CHILD_LABELS.get(r.kind, '下级地区')}）"
        out.append(Option(value=r.id, label=label, selected=r.id == selected))
    return out


def _rank(rows: list[CountyRow], key: str) -> None:
    valued = [r for r in rows if getattr(r, key) is not None]
    valued.sort(key=lambda r: -float(getattr(r, key)))
    for n, r in enumerate(valued, 1):
        r.rank = n
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region))


def _mapped(ctx: Ctx, parent: str) -> tuple[set[int], set[str]]:
    geo = api.regions.child_boundaries(ctx.db, parent).geojson["features"]
    return ({int(f["properties"]["adcode"]) for f in geo}, {f["properties"]["name"] for f in geo})


def _on_map(region: m.Region, mapped: tuple[set[int], set[str]]) -> bool:
    if region.kind == m.RegionKind.FUNCTIONAL_AREA:
        return False
    return (region.adcode in mapped[0]) if region.adcode is not None else region.name in mapped[1]


def _status_legend(page: CountyPage) -> None:
    counts: dict[str, int] = {}
    for r in page.rows:
        key = r.status if r.status else "none"
        counts[key] = counts.get(key, 0) + 1
    for st in Status:
        page.legend.append(LegendItem(st.value, STATUS_LABELS[st], STATUS_COLOURS[st.value],
                                      counts.get(st.value, 0)))
    if counts.get("none"):
        page.legend.append(LegendItem("none", "无分解目标", MISSING_COLOUR, counts["none"]))
    for r in page.rows:
        r.colour = STATUS_COLOURS.get(r.status, MISSING_COLOUR) if r.status else MISSING_COLOUR


def _num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _value_legend(page: CountyPage) -> None:
    """Up to four classes of equal size by rank (quartiles), each with its range and count."""
    valued = sorted((r for r in page.rows if r.latest_value is not None),
                    key=lambda r: float(r.latest_value or 0))
    n = len(valued)
    classes = min(len(VALUE_COLOURS), n)
    for k in range(classes):
        part = valued[k * n // classes:(k + 1) * n // classes]
        if not part:
            continue
        lo, hi = float(part[0].latest_value or 0), float(part[-1].latest_value or 0)
        colour = VALUE_COLOURS[k if classes == len(VALUE_COLOURS) else k + len(VALUE_COLOURS) - classes]
        for r in part:
            r.colour = colour
        text = _num(lo) if lo == hi else f"{_num(lo)}～{_num(hi)}"
        page.legend.append(LegendItem(f"q{k + 1}", f"{text}{page.unit}", colour, len(part)))
    missing = [r for r in page.rows if r.latest_value is None]
    for r in missing:
        r.colour = MISSING_COLOUR
    if missing:
        page.legend.append(LegendItem("none", "无数据", MISSING_COLOUR, len(missing)))


def _decomposed(ctx: Ctx, page: CountyPage, indicator_id: str, when: dt.date, method: str) -> None:
    ind = ctx.store.indicator(indicator_id)
    titles = api.lookups(ctx.db).documents
    page.title, page.unit = f"{ind.name}：分解目标完成进度", ind.unit
    try:
        results = api.indicators.county_progress(ctx.db, indicator_id, when, method=method)
    except ConfigError as exc:
        page.gaps.append(f"评估方法“{method}”尚未提供：{exc}")
        return
    mapped = _mapped(ctx, page.region)
    for c in results:
        a = c.result.assessment if c.result else None
        row = CountyRow(
            region=c.region.id, name=c.region.name, kind=c.region.kind.value,
            has_boundary=_on_map(c.region, mapped),
            base=c.base.value if c.base else None, base_year=c.base.year if c.base else None,
            target=c.target.value if c.target else None,
            target_year=c.target.year if c.target else None,
            latest_value=a.latest_value if a else None, latest_period=a.latest_period if a else None,
            progress=a.progress if a else None, expected_progress=a.expected_progress if a else None,
            status=a.status.value if a else "", label=a.label if a else "无分解目标",
            source=source_info(c.target.source, titles) if c.target else None,
        )
        (page.rows if row.has_boundary else page.functional_areas).append(row)
    _rank(page.rows, "progress")
    _status_legend(page)
    if not any(r.progress is not None for r in page.rows):
        page.gaps.append("各区县尚无可用于计算进度的数据（基期后的年度数据缺失）。")


def _by_statistic(ctx: Ctx, page: CountyPage, statistic: str, when: dt.date) -> None:
    stats = {s.id: s for s in ctx.store.statistics()}
    if statistic not in stats:
        raise NotFound(f"统计指标“{statistic}”不存在")
    titles = api.lookups(ctx.db).documents
    page.title, page.unit = f"{stats[statistic].name}：最新值", stats[statistic].unit
    latest = api.indicators.latest_by_region(ctx.db, statistic, when)
    mapped = _mapped(ctx, page.region)
    for r in ctx.store.regions():
        if r.parent != page.region:
            continue
        o = latest.get(r.id)
        row = CountyRow(
            region=r.id, name=r.name, kind=r.kind.value, has_boundary=_on_map(r, mapped),
            base=None, base_year=None, target=None, target_year=None,
            latest_value=o.value if o else None, latest_period=o.period.label if o else None,
            progress=None, expected_progress=None, label="" if o else "无数据",
            source=source_info(o.source, titles) if o else None,
        )
        (page.rows if row.has_boundary else page.functional_areas).append(row)
    _rank(page.rows, "latest_value")
    _value_legend(page)
    periods = {r.latest_period for r in page.rows if r.latest_period}
    if len(periods) > 1:
        page.gaps.append("各地区最新数据的时期不同（见图中和表中时期），排名仅供参考。")
    missing = [r.name for r in page.rows if r.latest_value is None]
    if missing:
        page.gaps.append(f"以下地区没有该指标截至评估时点的数据：{'、'.join(missing)}。")


def county_page(
    ctx: CtxDep,
    indicator: str | None = Query(None, description="有区县分解的指标编号"),
    statistic: str | None = Query(None, description="统计指标编号（按最新值着色）"),
    region: str | None = Query(None, description="上级地区编号：地图显示其下级地区（按统计指标着色时）"),
    as_of: str | None = Query(None, description="评估时点 YYYY-MM-DD"),
    method: str = Query(DEFAULT_METHOD, description="评估方法"),
) -> CountyPage:
    """区县视图：所选地区下级地区（省→市，市→县）的示意图，按分解目标评价或任一指标最新值着色，附排名表；无边界的功能区列于图旁。"""
    when = parse_as_of(as_of, ctx.settings.default_as_of())
    chosen = api.regions.region_of(ctx.db, region).id if region else None
    decomposed = _decomposed_options(ctx, indicator)

    def plan_region(indicator_id: str) -> str:
        return ctx.store.plan(ctx.store.indicator(indicator_id).plan).region or ""

    if not indicator and not statistic:
        # a region chosen alone: its first decomposed indicator, else its first statistic
        home = chosen or plan_region(decomposed[0].value) if decomposed else chosen
        first = next((o for o in decomposed if plan_region(o.value) == home), None)
        if first is not None:
            indicator, first.selected = first.value, True
        elif home:
            stats = _statistic_options(ctx, None, home)
            statistic = stats[0].value if stats else None
            chosen = home
    if indicator and not statistic:
        parent = plan_region(indicator)
    else:
        parent = chosen or api.regions.default_parent(ctx.db) or ""
    parent_name = api.regions.region_of(ctx.db, parent).name if parent else ""
    page = CountyPage(
        mode="statistic" if statistic else "decomposed", indicator=None if statistic else indicator,
        statistic=statistic, title="", indicators=decomposed,
        region=parent, region_name=parent_name, regions=_region_options(ctx, parent),
        statistics=_statistic_options(ctx, statistic, parent), as_of=when.isoformat(),
        method=method, methods=method_options(method), boundary_source=api.regions.boundary_source(),
    )
    if statistic:
        _by_statistic(ctx, page, statistic, when)
    elif indicator:
        _decomposed(ctx, page, indicator, when, method)
    else:
        page.title = "尚无分解到区县的指标"
        page.gaps.append("尚未载入分解到区县的目标。")
    return page
