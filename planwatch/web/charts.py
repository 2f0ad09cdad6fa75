"""ECharts options built in Python from page contexts (pure functions, no I/O). Templates embed
them as JSON; ``static/app.js`` only hands them to ``echarts.init(...).setOption``.
Animation is off so that screenshots are stable."""

from __future__ import annotations

from typing import Any

from planwatch.web.context import PlanPage

STATUS_COLOURS = {
    "reached_early": "#1a7f37",
    "on_schedule": "#4caf50",
    "behind": "#d1242f",
    "not_assessable": "#9e9e9e",
    "": "#9e9e9e",
}
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
