"""The evaluation tables as a workbook (指标评价表, 汇总, 问题与建议), written from the same
:class:`ReportContext` as the Word and HTML reports."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.reports.context import ReportContext
from planwatch.workbook import cells

INDICATOR_HEADERS = (
    "序号", "领域", "指标", "单位", "属性", "基数", "基数年份", "目标", "目标数值", "目标年份",
    "最新值", "最新值时期", "规划进度（%）", "时间进度（%）", "评价", "约束性预警",
    "后续年均需增长", "增长单位", "评价规则", "指标来源", "最新值来源",
)
_BEHIND = PatternFill("solid", fgColor="FDE0EF")
_HEAD = PatternFill("solid", fgColor="D9E1F2")


def _head(ws: Worksheet, headers: tuple[str, ...] | list[str]) -> None:
    ws.append(list(headers))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = _HEAD
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"


def _indicators(ws: Worksheet, ctx: ReportContext) -> None:
    _head(ws, INDICATOR_HEADERS)
    for r in ctx.annex:
        ws.append([
            r.seq, r.category, r.name, r.unit, r.nature_label, r.base_text, r.base_year,
            r.target_text, r.target_value, r.target_year, r.latest_value, r.latest_period_label,
            r.progress_pct, r.expected_pct, r.status_label, "是" if r.warning else "",
            r.required_growth, r.required_growth_unit, r.rule, r.source, r.latest_source,
        ])
        if r.status == "behind":
            for c in ws[ws.max_row]:
                c.fill = _BEHIND
    for col, w in zip("ABCDEFGHIJKLMNOPQRSTU", (5, 10, 30, 10, 8, 10, 8, 14, 10, 8, 10, 12, 10,
                                                10, 16, 8, 10, 8, 30, 40, 40), strict=True):
        ws.column_dimensions[col].width = w


def _summary(ws: Worksheet, ctx: ReportContext) -> None:
    c = ctx.counts
    rows: list[tuple[str, object]] = [
        ("规划", ctx.plan_title), ("数据截止", ctx.as_of_label), ("评价方法", ctx.method),
        ("时间进度（%）", ctx.time_elapsed_pct), ("指标总数", c.total),
        ("达到或超过进度要求", c.met), ("其中：预期性", c.met_expected), ("其中：约束性", c.met_binding),
        ("提前达到目标", c.reached_early), ("未达进度要求", c.behind),
        ("其中：预期性（未达）", c.behind_expected), ("其中：约束性（未达）", c.behind_binding),
        ("未作出评估", c.not_assessable), ("约束性指标预警", c.warnings),
        ("进度评价（草稿）", ctx.progress_sentence.text),
    ]
    _head(ws, ["项目", "数值"])
    for k, v in rows:
        ws.append([k, v])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True)
    if ctx.synthetic:
        ws.append(["说明", "合成测试数据，不代表任何真实规划或统计数据。"])


def _findings(ws: Worksheet, ctx: ReportContext) -> None:
    _head(ws, ["类别", "内容"])
    for p in ctx.problems:
        ws.append(["需要关注的问题（草稿）" if hasattr(p, "template") else "待填写", p.text])
    for n in ctx.notes:
        ws.append(["数据说明", n])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110


def write_evaluation_workbook(ctx: ReportContext, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标评价表"
    _indicators(ws, ctx)
    _summary(wb.create_sheet("汇总"), ctx)
    _findings(wb.create_sheet("问题与发现"), ctx)
    cells.save(wb, path)
    return path
