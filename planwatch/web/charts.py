"""ECharts options built in Python from page contexts (pure functions, no I/O). Templates embed
them as JSON; ``static/app.js`` only hands them to ``echarts.init(...).setOption``.
Animation is off so that screenshots are stable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pages import this module for its colours; types only here
    from planwatch.web.views.counties import CountyPage
    from planwatch.web.views.indicators import IndicatorPage
    from planwatch.web.views.plans import PlanPage

STATUS_COLOURS = {
    "reached_early": "#1a7f37",
    "on_schedule": "#4caf50",
    "behind": "#d1242f",
    "not_assessable": "#9e9e9e",
    "": "#9e9e9e",
}
MISSING_COLOUR = "#e0e0e0"
VALUE_COLOURS = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")  # value classes, low → high
FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"


def _base(title: str) -> dict[str, Any]:
    return {
        "animation": False,
        "textStyle": {"fontFamily": FONT},
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 30, "top": 50, "bottom": 60, "containLabel": True},
    }


def plan_chart(page: PlanPage) -> dict[str, Any]:
    """Progress p of each indicator (capped at 100%) against the time elapsed, coloured by status."""
    rows = [r for r in page.rows if r.progress is not None]
    opt = _base("各指标完成进度与时间进度")
    names = [f"{r.seq}. {r.name}" for r in rows]
    opt["xAxis"] = {"type": "value", "max": 1.2, "axisLabel": {"formatter": "{value}"},
                    "name": "完成进度"}
    opt["yAxis"] = {"type": "category", "data": names, "inverse": True,
                    "axisLabel": {"width": 220, "overflow": "truncate"}}
    opt["series"] = [{
        "type": "bar",
        "name": "完成进度",
        "data": [
            {"value": round(min(max(r.progress or 0.0, -0.2), 1.2), 4),
             "itemStyle": {"color": STATUS_COLOURS.get(r.status, "#9e9e9e")}}
            for r in rows
        ],
        "markLine": {
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": "#333"},
            "label": {"formatter": "时间进度"},
            "data": [{"xAxis": round(page.time_elapsed, 4)}] if page.time_elapsed is not None else [],
        },
    }]
    opt["grid"]["left"] = 10
    opt["height_hint"] = max(240, 28 * len(rows) + 100)
    return opt


def _xy(points: list[Any]) -> list[list[float]]:
    return [[p.t, p.value] for p in points]


def indicator_chart(page: IndicatorPage) -> dict[str, Any]:
    """The series with base, target (and stretch), the schedule path and the projection."""
    opt = _base(f"{page.name}（{page.unit}）")
    opt["tooltip"] = {"trigger": "item"}
    opt["legend"] = {"bottom": 0}
    years = [p.t for p in page.series + page.path + page.projection]
    years += [y for y in (page.base_year, page.target_year) if y is not None]
    lo = int(min(years)) if years else 2020
    hi = int(max(years)) + (0 if not years or max(years) == int(max(years)) else 1) if years else 2025
    opt["xAxis"] = {"type": "value", "min": lo, "max": hi, "interval": 1, "name": "年",
                    "axisLabel": {"formatter": "{value}"}}
    opt["year_axis"] = True
    opt["yAxis"] = {"type": "value", "name": page.unit, "scale": True}
    series: list[dict[str, Any]] = [{
        "name": "实际值", "type": "line", "data": _xy(page.series), "symbolSize": 8,
        "lineStyle": {"width": 2, "color": "#0b3d91"}, "itemStyle": {"color": "#0b3d91"},
    }]
    if page.path:
        series.append({"name": "进度路径（" + ("复合" if page.rule == "compound" else "线性") + "）",
                       "type": "line", "data": _xy(page.path), "symbol": "none",
                       "lineStyle": {"type": "dashed", "color": "#888"}, "itemStyle": {"color": "#888"}})
    if page.projection:
        series.append({"name": "按当前速度推算", "type": "line", "data": _xy(page.projection),
                       "lineStyle": {"type": "dotted", "color": "#d4a72c", "width": 2},
                       "itemStyle": {"color": "#d4a72c"}})
    marks = []
    if page.target_value is not None:
        marks.append({"name": "目标", "yAxis": page.target_value,
                      "label": {"formatter": f"目标 {page.target_text}"}, "lineStyle": {"color": "#1a7f37"}})
    if page.stretch_value is not None:
        marks.append({"name": "力争目标", "yAxis": page.stretch_value,
                      "label": {"formatter": f"力争 {page.stretch_value:g}"}, "lineStyle": {"color": "#8250df"}})
    if marks:
        series[0]["markLine"] = {"symbol": "none", "data": marks, "lineStyle": {"type": "solid"}}
    if page.base_value is not None and page.base_year is not None:
        series.append({"name": f"基期（{page.base_year}）", "type": "scatter",
                       "data": [[float(page.base_year), page.base_value]], "symbolSize": 12,
                       "itemStyle": {"color": "#57606a"}})
    opt["series"] = series
    return opt


def _text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG relative luminance)."""
    rgb = [int(background[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def county_map(page: CountyPage) -> dict[str, Any]:
    """The schematic map: each region filled with its status colour (the tables' palette) or its
    value class, labelled with its name and data period in a colour readable on that fill."""
    by_progress = page.mode == "decomposed"
    data = []
    for r in page.rows:
        fill = r.colour or MISSING_COLOUR
        if by_progress:
            shown = (f"{r.progress * 100:.1f}%" if r.progress is not None else "—") + f" {r.label}"
        else:
            shown = f"{r.latest_value:g}{page.unit}" if r.latest_value is not None else "无数据"
        period = r.latest_period or "无数据"
        data.append({
            "name": r.name, "value": shown,
            "itemStyle": {"areaColor": fill},
            "label": {"color": _text_colour(fill), "formatter": f"{r.name}\n{period}"},
            "emphasis": {"itemStyle": {"areaColor": fill},
                         "label": {"color": _text_colour(fill)}},
            "tooltip": {"formatter": f"{r.name}<br/>{shown}<br/>数据时期：{period}"},
        })
    return {
        "animation": False,
        "geo_map": "regions",
        "textStyle": {"fontFamily": FONT},
        "title": {"text": page.title, "subtext": page.disclaimer, "left": "center",
                  "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "item"},
        "series": [{
            "type": "map", "map": "regions", "name": "评价" if by_progress else page.unit,
            "top": 60, "bottom": 10, "selectedMode": False,
            "label": {"show": True, "fontSize": 11, "lineHeight": 14}, "data": data,
            "itemStyle": {"areaColor": MISSING_COLOUR, "borderColor": "#555"},
        }],
    }
